/*
 * engine/connector/sql_deparse.h
 *   The one deparser of the SQL connectors: a scan (columns, pushed
 *   filters, published dynamic filters, LIMIT) or a remote subtree
 *   (joins, aggregates, DISTINCT, ORDER BY ... LIMIT as nested SELECTs)
 *   written as one statement in a dialect, and one expression over a
 *   table's columns. A dialect is data (eng_sql_dialect): how constants,
 *   type names, char columns, varchar order, LIKE and table names are
 *   spelled, and the whitelist the values of dynamic filters must pass.
 * Interface: eng_sql_dialect, eng_deparse_sql, eng_deparse_sql_expr.
 * Not here: deciding what ships (the node walker sql_ship.c over the
 *   dialect's ship rules; each connector's expression whitelist:
 *   pg/pg_shippable.c, trino/trino_connector.c), the dialects themselves
 *   (pg/pg_deparse.c, trino/trino_connector.c).
 */
#ifndef ENG_SQL_DEPARSE_H
#define ENG_SQL_DEPARSE_H

#include <stdbool.h>
#include "../error.h"
#include "../mem/arena.h"
#include "../plan/plan.h"

/* How a constant is written so that the server types it as the engine. */
typedef enum eng_sql_literals {
    /* PostgreSQL: 5, (-5), 5000000000::int8, '12.50'::numeric(p,s),
     * DATE '...', '...'::timestamp, '...+00'::timestamptz, '1.5'::float8,
     * '1.5'::float4, '\x0a'::bytea, '...'::uuid, NULL::int4 */
    ENG_SQL_LIT_PG,
    /* Trino: typed literals INTEGER '5', DECIMAL '12.50', DATE '...',
     * TIMESTAMP '...' (six digits), DOUBLE '1.5', CAST(NULL AS integer)
     * (trino/trino_literal.c) */
    ENG_SQL_LIT_TRINO
} eng_sql_literals;

/* How a column the engine reads as padded varchar but the server keeps
 * as char(n) is compared (the engine sees the padding, the servers'
 * char comparisons ignore it). */
typedef enum eng_sql_char_cols {
    /* remote_type one of the dialect's text_types -> "c"::text (the
     * cast drops a bpchar's padding, as the engine's char value has
     * none) */
    ENG_SQL_CHAR_PG_OIDS,
    /* remote_type_name "char(n)" -> CAST("c" AS varchar) (Trino pads) */
    ENG_SQL_CHAR_CAST_VARCHAR
} eng_sql_char_cols;

/* The names of types in CAST targets (NULL casts, integer operands, the
 * root of a remote subtree, sum/avg). */
typedef enum eng_sql_type_names {
    ENG_SQL_TYPES_PG,      /* int2, int4, int8, float8, numeric, text, ... */
    ENG_SQL_TYPES_TRINO    /* the engine's own (Trino's) names, with their
                              parameters: decimal(38,2), varchar, ... */
} eng_sql_type_names;

/* The operators a dialect writes Trino's bitwise functions as, each
 * over bigint operands (the connector's whitelist decides which ship;
 * a NULL member is never written). */
typedef struct eng_sql_bitwise_ops {
    const char *and_op, *or_op, *xor_op;   /* bitwise_and, _or, _xor */
    const char *not_op;                    /* bitwise_not, prefix */
    const char *shl_op;                    /* bitwise_left_shift */
    const char *sar_op;                    /* bitwise_right_shift_arithmetic */
} eng_sql_bitwise_ops;

/* The plan nodes a remote subtree may hold (sql_ship.h). */
typedef struct eng_sql_ship_rules eng_sql_ship_rules;

typedef struct eng_sql_dialect {
    const char *name;               /* in error messages: "PostgreSQL" */
    eng_sql_literals literals;
    eng_sql_char_cols char_cols;
    /* ENG_SQL_CHAR_PG_OIDS: remote types (0-terminated) of varchar
     * columns compared as "c"::text, and those of them also read as
     * "c"::text AS "c" in a plain scan's select list */
    const int *text_types;
    const int *read_as_text_types;
    eng_sql_type_names types;
    /* appended to varchar operands of < <= > >=, ORDER BY keys and
     * min/max so that the order is code points, as Trino's ("" when it
     * already is) */
    const char *varchar_order;
    /* LIKE: what follows the left operand before LIKE, and the escape
     * written when the pattern has none (NULL: none written) */
    const char *like_collate;
    const char *like_default_escape;
    /* double > and >=: add "AND x <> NaN" (PostgreSQL's NaN is greater
     * than everything, IEEE's is not) */
    bool nan_guard;
    /* the select list of a scan that reads no column ("" or "1") */
    const char *empty_select;
    /* the connector's expression whitelist: the dynamic-filter values
     * the server evaluates exactly (state NULL), and every expression a
     * node of a remote subtree holds (sql_ship.c) */
    bool (*shippable)(void *state, const plan_expr *e);
    /* the nodes a remote subtree may hold (sql_ship.h) */
    const eng_sql_ship_rules *ship;
    /* Trino's bitwise functions as the server's operators (NULL: none) */
    const eng_sql_bitwise_ops *bitwise;
} eng_sql_dialect;

/*
 * Writes the statement for spec into *sql (arena a) in dialect d. A plain
 * scan: SELECT the columns table->cols[spec->cols[i]] (as named in the
 * table) FROM [catalog.]schema.table, the filters joined with AND, the
 * dynamic filters published in spec->df_slots (execution only) and
 * LIMIT when spec->limit >= 0. A remote subtree (spec->remote): one
 * statement of nested SELECTs whose root casts each column to the type
 * the connector decodes into the node's engine type. catalog: the
 * catalog part of three-part table names (NULL: schema.table). Anything
 * the connector's whitelist should have refused is an HY000 error
 * naming the dialect; ENG_NOMEM on OOM.
 */
eng_rc eng_deparse_sql(const eng_sql_dialect *d, const char *catalog,
                       const eng_scan_spec *spec, eng_arena *a, char **sql,
                       eng_error *err);

/* One whitelisted expression over the columns of table t, parenthesised,
 * as a filter of a scan of t would be written. Errors as above. */
eng_rc eng_deparse_sql_expr(const eng_sql_dialect *d, const eng_table_def *t,
                            const plan_expr *e, eng_arena *a, char **sql,
                            eng_error *err);

#endif
