/*
 * engine/connector/sql_ship.h
 *   The one walker that decides which plan nodes a SQL connector's
 *   remote subtree may hold (joins, aggregates, DISTINCT, ORDER BY ...
 *   LIMIT), for every dialect: what differs between servers is data in
 *   the dialect (eng_sql_ship_rules: the output types the connector
 *   decodes exactly, which aggregates over which types the server
 *   computes with the engine's result, how strict join keys are) and the
 *   dialect's expression whitelist (eng_sql_dialect.shippable), which
 *   the walker asks about every expression a node holds.
 * Interface: eng_sql_ship_rules, ENG_SQL_TYPE_BIT, eng_sql_shippable_node,
 *   eng_sql_shippable_subtree.
 * Not here: the expression whitelists themselves (pg/pg_shippable.c,
 *   trino/trino_connector.c), choosing the subtrees (optimizer/remote.c),
 *   writing them (sql_deparse.c, which prints every shape accepted here).
 */
#ifndef ENG_SQL_SHIP_H
#define ENG_SQL_SHIP_H

#include <stdbool.h>
#include <stdint.h>
#include "sql_deparse.h"

/* A set of engine type ids. */
#define ENG_SQL_TYPE_BIT(id) (UINT32_C(1) << (id))

/* eng_sql_dialect.ship. */
struct eng_sql_ship_rules {
    /* the types a remote subtree's columns may have (what the connector
     * decodes back into the same engine type); a decimal must besides
     * be a valid decimal(p,s) */
    uint32_t out_types;
    /* char(n) and real values (a varchar and a double id) stay out of
     * the columns too */
    bool no_char_real;
    /* a projected bare column passes whatever its (output) type, even
     * one the expression whitelist does not know (Trino's double) */
    bool project_passes_columns;
    /* join keys of one precision and scale, not only one type id */
    bool keys_same_precision;
    /* count(DISTINCT x) of double ships (the server's distinct of NaN and
     * -0 is the engine's) */
    bool count_distinct_double;
    /* min/max: argument types, and whether the result must equal the
     * argument's full type (precision, scale) or its id */
    uint32_t minmax_types;
    bool minmax_same_type;
    /* avg(x) as double: the argument types whose exact sum the server
     * converts to double as the engine does */
    uint32_t avg_types;
};

/*
 * True when node n can run inside the server as part of a remote subtree
 * in dialect d (n's inputs are assumed remote as well): its output
 * columns of d->ship->out_types; a plain scan; FILTER, PROJECT, SORT and
 * JOIN whose expressions d->shippable accepts (filters and residuals
 * boolean); INNER/LEFT/RIGHT/FULL/CROSS joins only (FULL with keys and no
 * residual: PostgreSQL refuses FULL JOIN on other conditions), join keys
 * of one type and not double (the engine matches NaN keys, Trino never);
 * AGG whose group keys reference a column (a constant would read as a
 * GROUP BY position) and are not double, with count(*), count(x),
 * sum of integers (bigint) or decimals (decimal(38,s)), min/max and avg
 * as the rules allow, never with FILTER or a second argument; DISTINCT
 * over columns that are not double; LIMIT. state goes to d->shippable
 * and may be NULL.
 */
bool eng_sql_shippable_node(const eng_sql_dialect *d, void *state,
                            const plan_node *n);

/* True when every node of the subtree rooted at n ships (nodes as above,
 * a scan's pushed filters by d->shippable): the check a deparse entry
 * point repeats before it writes a remote subtree. */
bool eng_sql_shippable_subtree(const eng_sql_dialect *d, void *state,
                               const plan_node *n);

#endif
