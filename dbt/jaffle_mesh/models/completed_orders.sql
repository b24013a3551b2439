-- a view: it reads one table of its own catalog and computes nothing the
-- catalog would compute differently, so MeshODBC can create it there
{{ config(materialized='view') }}

select order_id, customer_id, order_date
from {{ ref('orders_appended') }}
where status = 'completed'
