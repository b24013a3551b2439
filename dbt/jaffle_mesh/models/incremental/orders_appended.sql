-- incremental, append: each run adds the orders the table does not hold
-- yet (an anti-join against the table itself; MeshODBC has no subqueries
-- in expressions yet, so no `where order_id > (select max(...))`)
{{ config(materialized='incremental', incremental_strategy='append') }}

select o.order_id, o.customer_id, o.order_date, o.status
from {{ ref('stg_orders') }} o
{% if is_incremental() %}
left join {{ this }} t on t.order_id = o.order_id
where t.order_id is null
{% endif %}
