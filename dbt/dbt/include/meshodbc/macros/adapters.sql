{#
  dbt/dbt/include/meshodbc/macros/adapters.sql
  Where MeshODBC differs from Trino, the meshodbc__ macros below replace
  dbt-trino's trino__ ones (adapter.dispatch tries meshodbc__, then trino__,
  then default__); everything not here is dbt-trino's, unchanged.
#}

{#
  Bindings: MeshODBC has no parameter markers yet (SQLBindParameter answers
  HYC00), so the connection manager inlines bound values as literals at
  each %s (connections.py: inline_bindings). dbt-trino reads
  target.prepared_statements_enabled, a Trino profile key.
#}
{% macro meshodbc__get_binding_char() %}
  {{ return('%s') }}
{% endmacro %}


{#
  Relations: as dbt-trino's, without the left join on
  system.metadata.materialized_views (MeshODBC has no materialized views).
#}
{% macro meshodbc__list_relations_without_caching(relation) %}
  {% call statement('list_relations_without_caching', fetch_result=True) -%}
    select
      t.table_catalog as database,
      t.table_name as name,
      t.table_schema as schema,
      case when t.table_type = 'BASE TABLE' then 'table'
           when t.table_type = 'VIEW' then 'view'
           else t.table_type
      end as table_type
    from {{ relation.information_schema() }}.tables t
    where t.table_schema = '{{ relation.schema | lower }}'
  {% endcall %}
  {{ return(load_result('list_relations_without_caching').table) }}
{% endmacro %}


{#
  Schemas: MeshODBC has DROP SCHEMA ... CASCADE (Trino's connectors mostly
  do not, hence dbt-trino's relation-by-relation loop and its SHOW
  FUNCTIONS, which MeshODBC has no use for: there are no SQL functions).
#}
{% macro meshodbc__drop_schema(relation) -%}
  {%- call statement('drop_schema') -%}
    drop schema if exists {{ relation.without_identifier() }} cascade
  {% endcall %}
{% endmacro %}


{#
  Incremental models: dbt-trino stages append and merge inputs in a view.
  A view over other catalogs, or one MeshODBC would have to compute, is
  refused (a federated view cannot be sent to one catalog), so the staging
  relation is always a table.
#}
{% macro get_incremental_tmp_relation_type(strategy, unique_key, language) %}
  {{ return('table') }}
{% endmacro %}


{#
  delete+insert: dbt-trino deletes with `where (key) in (select key from
  tmp)` or `where exists (...)`; MeshODBC does not run subqueries inside
  expressions yet, so the delete is a MERGE ... WHEN MATCHED THEN DELETE
  over the distinct keys of the staged rows (same rows deleted; DISTINCT
  keeps MERGE's one-match-per-target-row rule from firing on duplicate
  keys), followed by dbt-trino's insert.
#}
{% macro meshodbc__get_delete_insert_merge_sql(target, source, unique_key, dest_columns, incremental_predicates) -%}
    {%- set dest_cols_csv = get_quoted_csv(dest_columns | map(attribute="name")) -%}
    {%- if unique_key -%}
        {%- set keys = unique_key if (unique_key is sequence and unique_key is not string) else [unique_key] -%}
        merge into {{ target }} as DBT_INTERNAL_DEST
        using (select distinct {{ keys | join(', ') }} from {{ source }}) as DBT_INTERNAL_SOURCE
        on {% for key in keys %}DBT_INTERNAL_DEST.{{ key }} = DBT_INTERNAL_SOURCE.{{ key }}{{ " and " if not loop.last }}{% endfor %}
        {%- if incremental_predicates %}
            {% for predicate in incremental_predicates %} and {{ predicate }}{% endfor %}
        {%- endif %}
        when matched then delete;
    {% endif %}
    insert into {{ target }} ({{ dest_cols_csv }})
    (
        select {{ dest_cols_csv }}
        from {{ source }}
    )
{%- endmacro %}


{#
  The current time: dbt-trino's is current_timestamp, Trino's timestamp(3)
  with time zone; MeshODBC has no time zone types yet, so it is
  localtimestamp, the session's local clock as timestamp(3) (read once per
  statement, as Trino's). dbt's snapshots use it through snapshot_get_time
  for dbt_valid_from, dbt_valid_to and dbt_updated_at.
#}
{% macro meshodbc__current_timestamp() -%}
    localtimestamp
{%- endmacro %}


{#
  Snapshots: dbt-trino's snapshot materialization runs unchanged (its
  MERGE and staging table work on MeshODBC) except the row id dbt_scd_id: dbt-trino hashes the key and the version's time with
  lower(to_hex(md5(to_utf8(concat(...))))), and MeshODBC has no md5,
  to_hex or to_utf8 yet. The id only has to tell versions apart, so it is
  the hash's input itself: the same '|'-joined text, unhashed (as unique
  as the md5 of it; longer, and readable).
#}
{% macro meshodbc__snapshot_hash_arguments(args) -%}
  concat({%- for arg in args -%}
    coalesce(cast({{ arg }} as varchar), ''){% if not loop.last %}, '|',{% endif -%}
  {%- endfor -%}
  )
{%- endmacro %}
