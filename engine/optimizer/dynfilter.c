/*
 * engine/optimizer/dynfilter.c
 *   Dynamic filtering across joins: for a hash join whose unmatched probe
 *   (left) rows are dropped (INNER, RIGHT), the distinct key values of
 *   the build (right) side, known once it has been read, are sent to the
 *   scan of the probe side that produces the key column, before that scan
 *   starts: `col IN (...)` (at most ENG_DF_MAX_VALUES values, else a
 *   [min, max] range).
 * Interface: opt_dynamic_filters.
 * Not here: publishing the values (exec/op_hash_join.c, exec/dynfilter.c),
 *   printing the filter (the connector's deparse, at scan start).
 *
 * Where a probe key may come from: a column reference followed down
 * through FILTER, SORT, DISTINCT, PROJECT (a bare column), AGG (a bare
 * group key) and JOIN (either input, of any type) to a table column of a
 * scan, possibly a leaf inside a remote subtree. Why each step is safe: a
 * row whose key is not among the build keys, or NULL, never matches in
 * the upper join and is dropped. Filtering below only removes such rows,
 * whole groups of them (AGG on that key), or turns rows of an outer join
 * below into NULL-extended ones whose key (from the filtered side) is
 * NULL, which are dropped too. LIMIT and UNION ALL stop the search (a
 * limit would pick other rows). Doubles never (NaN, -0.0).
 * The scan starts only when the join pulls its probe side, after the
 * build: the executor reads operators lazily, and everything below the
 * probe side is read after the build side.
 * Estimates: a join whose build keys are estimated (the catalogs'
 * distinct-value estimates, buildside.c's opt_col_distinct) to be more
 * than half of the probe key's distinct values gets no filter: it would
 * keep most probe rows while the probe scan, instead of starting with the
 * query on its own reader, waits for the build.
 */
#include "opt_int.h"

/* The largest share of the probe key's distinct values the build keys
 * may be, by the catalogs' estimates, for a join to get a dynamic filter
 * (keeps_most). */
#define OPT_DF_MAX_SHARE 0.5

/* Follows column col of n down to a plain scan; returns the scan and its
 * table column in *tcol, or NULL. */
static plan_node *trace(plan_node *n, int col, int *tcol)
{
    while (n) {
        if (col < 0 || col >= n->ncols)
            return NULL;
        switch (n->kind) {
        case PN_SCAN:
            if (n->spec.remote) {
                n = (plan_node *)n->spec.remote;
                continue;
            }
            if (!n->spec.table || col >= n->spec.ncols)
                return NULL;
            *tcol = n->spec.cols[col];
            return n;
        case PN_FILTER:
        case PN_SORT:
        case PN_DISTINCT:
            n = n->child;
            continue;
        case PN_PROJECT:
            if (n->exprs[col]->kind != PX_COLREF)
                return NULL;
            col = n->exprs[col]->col;
            n = n->child;
            continue;
        case PN_AGG:
            if (col >= n->ngroups || n->groups[col]->kind != PX_COLREF)
                return NULL;
            col = n->groups[col]->col;
            n = n->child;
            continue;
        case PN_JOIN:
            if (n->join_type == PJ_MARK && col >= n->left->ncols)
                return NULL;          /* the mark, computed here */
            if (col < n->left->ncols) {
                n = n->left;
            } else {
                col -= n->left->ncols;
                n = n->right;
            }
            continue;
        default:
            return NULL;
        }
    }
    return NULL;
}

/*
 * True when the catalogs' estimates say join n's build keys (key k) are
 * most of the probe key's distinct values: the filter would keep most
 * probe rows, and it costs the probe scan its early start (a scan waiting
 * for a filter starts only after the build, not with the query), so the
 * join gets none; its EXPLAIN shows the estimates. False when either
 * estimate is unknown (then the filter is given, as it costs little where
 * it does not help).
 */
static bool keeps_most(plan_node *n, int k)
{
    const plan_expr *lk = n->lkeys[k], *rk = n->rkeys[k];
    double probe = opt_col_distinct(n->left, lk->col);
    double build = rk->kind == PX_COLREF ? opt_col_distinct(n->right, rk->col)
                                         : 0;
    if (probe <= 0 || build <= 0 || build <= OPT_DF_MAX_SHARE * probe)
        return false;
    n->est_groups = build;
    n->est_in = probe;
    n->est_skipped = true;
    return true;
}

/* Adds reference (slot, tcol) to scan s. */
static eng_rc add_ref(octx *o, plan_node *s, int slot, int tcol)
{
    eng_df_ref *v = eng_arena_alloc(o->a, sizeof *v * (size_t)(s->spec.ndf + 1));
    if (!v)
        return eng_err_oom(o->err);
    for (int i = 0; i < s->spec.ndf; i++)
        v[i] = s->spec.df[i];
    v[s->spec.ndf].slot = slot;
    v[s->spec.ndf].col = tcol;
    s->spec.df = v;
    s->spec.ndf++;
    return ENG_OK;
}

/* Assigns dynamic filters below and at n; *next is the next free slot. */
static eng_rc assign(octx *o, plan_node *n, int *next)
{
    eng_rc rc;
    if (!n || n->kind == PN_SCAN)
        return ENG_OK;
    if (n->kind == PN_JOIN && !n->has_df && *next < ENG_DF_MAX_SLOTS &&
        (n->join_type == PJ_INNER || n->join_type == PJ_RIGHT)) {
        for (int k = 0; k < n->nkeys; k++) {
            const plan_expr *lk = n->lkeys[k];
            int tcol = -1;
            plan_node *s;
            /* json: its = is over the engine's canonical text, which no
             * catalog holds (and no json value ships) */
            if (lk->kind != PX_COLREF || lk->type.id == ENG_T_DOUBLE ||
                lk->type.id == ENG_T_JSON ||
                n->rkeys[k]->type.id != lk->type.id)
                continue;
            s = trace(n->left, lk->col, &tcol);
            if (!s || !s->catalog || !s->catalog->ops->deparse ||
                !eng_type_equal(s->spec.table->cols[tcol].type, lk->type))
                continue;
            if (keeps_most(n, k))
                break;
            if ((rc = add_ref(o, s, *next, tcol)))
                return rc;
            n->has_df = true;
            n->df_slot = (*next)++;
            n->df_key = k;
            break;
        }
    }
    /* not below an apply's right side: it is rerun per outer row, and a
     * filter published by one run must not narrow the next */
    if ((rc = assign(o, n->child, next)) || (rc = assign(o, n->left, next)) ||
        (n->kind != PN_APPLY && (rc = assign(o, n->right, next))))
        return rc;
    return ENG_OK;
}

/*
 * Gives every eligible local join of the plan a dynamic filter (one key
 * per join, the first that can be traced), up to ENG_DF_MAX_SLOTS per
 * statement. Errors: OOM.
 */
eng_rc opt_dynamic_filters(octx *o, plan_node *root)
{
    int next = 0;
    return assign(o, root, &next);
}
