{#
  dbt/jaffle_mesh/snapshots/orders_snapshot.sql
  A type-2 history of ordersdb's orders in warehouse.analytics_snapshots
  (the profile's schema + _snapshots): one row per version of an order,
  dbt_valid_from/dbt_valid_to bounding when it was current (strategy
  check: a new version whenever status changes; an order deleted from
  ordersdb has its last version closed). `dbt snapshot` builds it; `dbt
  run` does not.
#}
{% snapshot orders_snapshot %}
{{ config(
    target_schema=env_var('MESH_DBT_SCHEMA', 'analytics') ~ '_snapshots',
    unique_key='id',
    strategy='check',
    check_cols=['status'],
    hard_deletes='invalidate',
) }}
select id, user_id, order_date, status
from {{ source('ordersdb', 'orders') }}
{% endsnapshot %}
