-- incremental, delete+insert on order_id: each run replaces the totals of
-- the orders that have payments
{{ config(materialized='incremental', incremental_strategy='delete+insert',
          unique_key='order_id') }}

select order_id, count(*) as payments, sum(amount) as amount
from {{ ref('stg_payments') }}
group by order_id
