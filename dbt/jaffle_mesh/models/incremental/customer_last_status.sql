-- incremental, merge on customer_id: each customer's most recent order and
-- its status, updated in place and inserted for new customers
{{ config(materialized='incremental', incremental_strategy='merge',
          unique_key='customer_id') }}

with last_order as (
    select customer_id, max(order_id) as order_id
    from {{ ref('stg_orders') }}
    group by customer_id
)
select l.customer_id, l.order_id as last_order_id, o.status as last_status
from last_order l
join {{ ref('stg_orders') }} o on o.order_id = l.order_id
