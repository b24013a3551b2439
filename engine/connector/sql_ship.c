/*
 * engine/connector/sql_ship.c
 *   The one walker over the plan nodes of a remote subtree: which nodes
 *   a SQL server computes with exactly the engine's (Trino's) result and
 *   types, in a dialect given as data (sql_ship.h).
 * Interface: eng_sql_shippable_node, eng_sql_shippable_subtree.
 * Not here: expressions (each dialect's whitelist, d->shippable: the
 *   walker asks it about every expression a node holds), choosing the
 *   subtrees (optimizer/remote.c), writing them (sql_deparse.c).
 *
 * What every dialect shares, and why (sql_ship.h lists the shapes):
 * double never keys a join, a group or a DISTINCT (the engine matches
 * NaN keys and keeps one -0/NaN representative its own way); sum/avg of
 * double (order-dependent rounding), avg of decimal (PostgreSQL rounds
 * twice), min/max of double (NaN) and boolean, aggregates with FILTER or
 * a second argument (max_by, min_by) and every other kind (stddev,
 * variance, arbitrary) stay local; sum of integers is bigint (overflow
 * an error on both sides), sum of decimal is decimal(38,s) (the decoder
 * raises 22003 past 38 digits); avg of integers is the engine's float8
 * of the exact sum divided by float8 of the count. The join kinds of
 * subqueries (SEMI, ANTI, MARK, SINGLE) have no spelling in the
 * deparser: they run here. Volatile functions never ship because no
 * dialect's expression whitelist ships a function it does not know to
 * be immutable.
 */
#include "sql_ship.h"

static bool in_set(uint32_t set, eng_type_id id)
{
    return id < 32 && (set & ENG_SQL_TYPE_BIT(id)) != 0;
}

static bool int_type(eng_type_id id)
{
    return id == ENG_T_SMALLINT || id == ENG_T_INTEGER || id == ENG_T_BIGINT;
}

/* True for a type a remote subtree's column may have. */
static bool out_type_ok(const eng_sql_ship_rules *r, eng_type t)
{
    if (r->no_char_real && (eng_type_is_char(t) || eng_type_is_real(t)))
        return false;
    if (!in_set(r->out_types, t.id))
        return false;
    if (t.id == ENG_T_DECIMAL)
        return t.precision >= 1 && t.precision <= ENG_DECIMAL_MAX_PRECISION &&
               t.scale >= 0 && t.scale <= t.precision;
    return true;
}

/* True when expression e (NULL when an optional one is absent) ships. */
static bool expr_ok(const eng_sql_dialect *d, void *state, const plan_expr *e)
{
    return e && d->shippable(state, e);
}

/* A filter or a join's residual: a boolean that ships. */
static bool pred_ok(const eng_sql_dialect *d, void *state, const plan_expr *e)
{
    return e && e->type.id == ENG_T_BOOLEAN && d->shippable(state, e);
}

/* A key (join, group) both sides match alike: ships, not double. */
static bool key_ok(const eng_sql_dialect *d, void *state, const plan_expr *e)
{
    return expr_ok(d, state, e) && e->type.id != ENG_T_DOUBLE;
}

/* One aggregate (see the file comment and the rules). */
static bool agg_ok(const eng_sql_dialect *d, void *state, const plan_agg *g)
{
    const eng_sql_ship_rules *r = d->ship;
    if (g->filter || g->arg2)
        return false;
    if (g->kind == PA_COUNT_STAR)
        return g->type.id == ENG_T_BIGINT;
    if (!expr_ok(d, state, g->arg))
        return false;
    eng_type_id t = g->arg->type.id;
    switch (g->kind) {
    case PA_COUNT:
        return g->type.id == ENG_T_BIGINT &&
               (r->count_distinct_double || !g->distinct || t != ENG_T_DOUBLE);
    case PA_SUM:
        if (int_type(t))
            return g->type.id == ENG_T_BIGINT;
        if (t == ENG_T_DECIMAL)
            return g->type.id == ENG_T_DECIMAL && g->type.precision == 38 &&
                   g->type.scale == g->arg->type.scale;
        return false;
    case PA_MIN:
    case PA_MAX:
        return in_set(r->minmax_types, t) &&
               (r->minmax_same_type ? eng_type_equal(g->type, g->arg->type)
                                    : g->type.id == t);
    case PA_AVG:
        return in_set(r->avg_types, t) && g->type.id == ENG_T_DOUBLE;
    default:
        return false;
    }
}

static bool join_ok(const eng_sql_dialect *d, void *state, const plan_node *n)
{
    if (n->join_type != PJ_INNER && n->join_type != PJ_LEFT &&
        n->join_type != PJ_RIGHT && n->join_type != PJ_FULL &&
        n->join_type != PJ_CROSS)
        return false;
    if (n->join_type == PJ_FULL && (n->nkeys == 0 || n->residual))
        return false;
    if (n->join_type != PJ_CROSS)
        for (int i = 0; i < n->nkeys; i++) {
            const plan_expr *l = n->lkeys[i], *r = n->rkeys[i];
            if (!key_ok(d, state, l) || !key_ok(d, state, r) ||
                l->type.id != r->type.id)
                return false;
            if (d->ship->keys_same_precision &&
                (l->type.precision != r->type.precision ||
                 l->type.scale != r->type.scale))
                return false;
        }
    return !n->residual || pred_ok(d, state, n->residual);
}

bool eng_sql_shippable_node(const eng_sql_dialect *d, void *state,
                            const plan_node *n)
{
    if (!d || !d->ship || !d->shippable || !n)
        return false;
    for (int i = 0; i < n->ncols; i++)
        if (!n->types || !out_type_ok(d->ship, n->types[i]))
            return false;
    switch (n->kind) {
    case PN_SCAN:
        return n->spec.table != NULL && n->spec.remote == NULL &&
               n->spec.ncols == n->ncols;
    case PN_FILTER:
        return pred_ok(d, state, n->pred);
    case PN_PROJECT:
        for (int i = 0; i < n->ncols; i++) {
            const plan_expr *e = n->exprs[i];
            if (!(e && d->ship->project_passes_columns && e->kind == PX_COLREF) &&
                !expr_ok(d, state, e))
                return false;
        }
        return true;
    case PN_JOIN:
        return join_ok(d, state, n);
    case PN_AGG:
        for (int i = 0; i < n->ngroups; i++)
            if (!key_ok(d, state, n->groups[i]) ||
                !plan_expr_has_colref(n->groups[i]))
                return false;
        for (int i = 0; i < n->naggs; i++)
            if (!agg_ok(d, state, &n->aggs[i]))
                return false;
        return true;
    case PN_DISTINCT:
        for (int i = 0; i < n->ncols; i++)
            if (n->types[i].id == ENG_T_DOUBLE)
                return false;
        return true;
    case PN_SORT:
        for (int i = 0; i < n->nsort; i++)
            if (!expr_ok(d, state, n->sort_keys[i]))
                return false;
        return true;
    case PN_LIMIT:
        return n->limit >= -1 && n->offset >= 0;
    default:
        return false;
    }
}

bool eng_sql_shippable_subtree(const eng_sql_dialect *d, void *state,
                               const plan_node *n)
{
    if (!eng_sql_shippable_node(d, state, n))
        return false;
    if (n->kind == PN_SCAN) {
        for (int i = 0; i < n->spec.nfilters; i++)
            if (!pred_ok(d, state, n->spec.filters[i]))
                return false;
        return true;
    }
    if (n->kind == PN_JOIN)
        return eng_sql_shippable_subtree(d, state, n->left) &&
               eng_sql_shippable_subtree(d, state, n->right);
    return eng_sql_shippable_subtree(d, state, n->child);
}
