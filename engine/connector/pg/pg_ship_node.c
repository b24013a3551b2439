/*
 * engine/connector/pg/pg_ship_node.c
 *   The whitelist of plan nodes PostgreSQL can compute inside a remote
 *   subtree (joins, aggregates, DISTINCT, ORDER BY ... LIMIT) with
 *   exactly the engine's (Trino's) result and types.
 * Interface: pg_shippable_node.
 * Not here: expressions (pg_shippable.c, used for every expression a node
 *   holds), writing the SQL (pg_deparse.c, which prints every shape
 *   accepted here), choosing the subtrees (optimizer/remote.c).
 *
 * Accepted, and nothing else:
 *   every node's output columns of boolean, smallint, integer, bigint,
 *     decimal, varchar, date, double (what pg_deparse can cast and
 *     pg_copy can decode back into the same engine type);
 *   a plain scan (no remote subtree of its own);
 *   FILTER, PROJECT, SORT (keys), JOIN (keys and residual) whose
 *     expressions pg_shippable accepts; join keys not double (the engine
 *     matches NaN keys, PostgreSQL's NaN = NaN too, Trino never: keep it
 *     local); FULL joins only on keys without residual (PostgreSQL
 *     refuses FULL JOIN on other conditions);
 *   AGG whose group keys reference a column (a constant would read as a
 *     GROUP BY position) and are not double (which -0/NaN representative
 *     survives differs), with these aggregates:
 *       count(*), count(x), count(DISTINCT x) (x not double);
 *       sum([DISTINCT] x) of smallint/integer/bigint (bigint; PostgreSQL's
 *         numeric sum cast to int8 raises 22003 where the engine does) and
 *         of decimal (decimal(38,s); the decoder raises 22003 past 38
 *         digits);
 *       min/max of integers, decimal, date and varchar (COLLATE "C");
 *       avg([DISTINCT] x) of integers: computed as the engine does,
 *         float8 of the exact sum divided by float8 of the count (both
 *         conversions are correctly rounded on both sides);
 *     not: sum/avg of double (order-dependent rounding), avg of decimal
 *     (PostgreSQL rounds twice), min/max of double (NaN) and boolean,
 *     any aggregate with FILTER or a second argument (max_by, min_by),
 *     and every other aggregate kind (stddev, variance, arbitrary);
 *   DISTINCT over columns that are not double; LIMIT.
 * Volatile functions never ship because pg_shippable ships no function
 * it does not know to be immutable.
 */
#include "pg_int.h"

/* True for the engine types a remote subtree can return. */
static bool out_type_ok(eng_type t)
{
    switch (t.id) {
    case ENG_T_BOOLEAN:
    case ENG_T_SMALLINT:
    case ENG_T_INTEGER:
    case ENG_T_BIGINT:
    case ENG_T_DOUBLE:
    case ENG_T_DATE:
    case ENG_T_VARCHAR:
        return true;
    case ENG_T_DECIMAL:
        return t.precision >= 1 && t.precision <= ENG_DECIMAL_MAX_PRECISION &&
               t.scale >= 0 && t.scale <= t.precision;
    default:
        return false;
    }
}

static bool int_type(eng_type_id id)
{
    return id == ENG_T_SMALLINT || id == ENG_T_INTEGER || id == ENG_T_BIGINT;
}

/* True when e references some column. */
static bool has_colref(const plan_expr *e)
{
    if (!e)
        return false;
    if (e->kind == PX_COLREF)
        return true;
    for (int i = 0; i < e->nargs; i++)
        if (has_colref(e->args[i]))
            return true;
    return false;
}

/* True when expression e (possibly NULL when optional) ships. */
static bool expr_ok(void *state, const plan_expr *e)
{
    return e && pg_shippable(state, e);
}

/* One aggregate (see the file comment). */
static bool agg_ok(void *state, const plan_agg *g)
{
    /* FILTER (WHERE ...) and the two-argument forms stay local */
    if (g->filter || g->arg2)
        return false;
    if (g->kind == PA_COUNT_STAR)
        return g->type.id == ENG_T_BIGINT;
    if (!expr_ok(state, g->arg))
        return false;
    eng_type_id t = g->arg->type.id;
    switch (g->kind) {
    case PA_COUNT:
        return g->type.id == ENG_T_BIGINT && !(g->distinct && t == ENG_T_DOUBLE);
    case PA_SUM:
        if (int_type(t))
            return g->type.id == ENG_T_BIGINT;
        if (t == ENG_T_DECIMAL)
            return g->type.id == ENG_T_DECIMAL && g->type.precision == 38 &&
                   g->type.scale == g->arg->type.scale;
        return false;
    case PA_MIN:
    case PA_MAX:
        return (int_type(t) || t == ENG_T_DECIMAL || t == ENG_T_DATE ||
                t == ENG_T_VARCHAR) && g->type.id == t;
    case PA_AVG:
        return int_type(t) && g->type.id == ENG_T_DOUBLE;
    default:
        return false;
    }
}

/*
 * True when node n can run inside PostgreSQL as part of a remote subtree
 * (see the file comment); n's inputs are assumed remote as well. state
 * may be NULL.
 */
bool pg_shippable_node(void *state, const plan_node *n)
{
    if (!n)
        return false;
    for (int i = 0; i < n->ncols; i++)
        if (!n->types || !out_type_ok(n->types[i]))
            return false;
    switch (n->kind) {
    case PN_SCAN:
        return n->spec.table != NULL && n->spec.remote == NULL &&
               n->spec.ncols == n->ncols;
    case PN_FILTER:
        return expr_ok(state, n->pred);
    case PN_PROJECT:
        for (int i = 0; i < n->ncols; i++)
            if (!expr_ok(state, n->exprs[i]))
                return false;
        return true;
    case PN_JOIN:
        /* the join kinds of subqueries (SEMI, ANTI, MARK, SINGLE) have
         * no spelling in the deparser: they run here */
        if (n->join_type != PJ_INNER && n->join_type != PJ_LEFT &&
            n->join_type != PJ_RIGHT && n->join_type != PJ_FULL &&
            n->join_type != PJ_CROSS)
            return false;
        if (n->join_type == PJ_FULL && (n->nkeys == 0 || n->residual))
            return false;
        if (n->join_type != PJ_CROSS)
            for (int i = 0; i < n->nkeys; i++)
                if (!expr_ok(state, n->lkeys[i]) ||
                    !expr_ok(state, n->rkeys[i]) ||
                    n->lkeys[i]->type.id != n->rkeys[i]->type.id ||
                    n->lkeys[i]->type.id == ENG_T_DOUBLE)
                    return false;
        return !n->residual || expr_ok(state, n->residual);
    case PN_AGG:
        for (int i = 0; i < n->ngroups; i++)
            if (!expr_ok(state, n->groups[i]) || !has_colref(n->groups[i]) ||
                n->groups[i]->type.id == ENG_T_DOUBLE)
                return false;
        for (int i = 0; i < n->naggs; i++)
            if (!agg_ok(state, &n->aggs[i]))
                return false;
        return true;
    case PN_DISTINCT:
        for (int i = 0; i < n->ncols; i++)
            if (n->types[i].id == ENG_T_DOUBLE)
                return false;
        return true;
    case PN_SORT:
        for (int i = 0; i < n->nsort; i++)
            if (!expr_ok(state, n->sort_keys[i]))
                return false;
        return true;
    case PN_LIMIT:
        return n->limit >= -1 && n->offset >= 0;
    default:
        return false;
    }
}
