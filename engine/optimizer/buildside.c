/*
 * engine/optimizer/buildside.c
 *   Row estimates for every node, and the hash join's build side: the
 *   executor builds its hash table on a join's right input, so a join
 *   whose right input is estimated much larger than its left is mirrored
 *   (inputs swapped, LEFT <-> RIGHT, keys and residual renumbered) under a
 *   PROJECT that restores the original column order.
 * Interface: opt_estimate, opt_estimate_base, opt_col_distinct,
 *   opt_est_groups, opt_build_side.
 * Not here: the hash join itself (exec/op_hash_join.c); the rules that
 *   read the distinct-value estimates (partialagg.c, dynfilter.c).
 *
 * Estimates (rough on purpose: they only need to tell a small side from a
 * big one):
 *   scan: the catalog's row count (PostgreSQL reltuples; 1000 when
 *     unknown) times, per pushed filter, for an equality of a column with
 *     a constant 1 / the column's distinct values when the catalog knows
 *     them (PostgreSQL's pg_stats.n_distinct), else 0.005 (PostgreSQL's
 *     default), that times the item count for an IN list, 0.33 for a
 *     range, 0.5 otherwise; a pushed LIMIT caps it;
 *   remote subtree: the estimate of the subtree;
 *   local filter 0.5; aggregate one row without groups; with groups the
 *     product of the group columns' distinct values when every group key
 *     is a column whose estimate is known (opt_est_groups), capped at the
 *     input, else a tenth of its input; DISTINCT the same over all its
 *     columns, else half; LIMIT caps;
 *   join with keys: left * right / max(base(left), base(right)), base
 *   being the largest table row count below (a key/foreign-key join
 *   keeps about the filtered side's rows), at least the preserved side
 *   for outer joins; without keys the product.
 * Mirroring never changes results: the same rows match, LEFT becomes
 * RIGHT so the same side is preserved, and the PROJECT above gives the
 * parent the same columns in the same order.
 */
#include <math.h>
#include <string.h>
#include "opt_int.h"

#define EST_UNKNOWN_TABLE 1000.0
#define EST_SWAP_FACTOR 2.0       /* swap when right > 2 * left */

/* Distinct values of table column e (a PX_COLREF over t's columns), or
 * <= 0 when unknown or e is not a column. */
static double table_distinct(const eng_table_def *t, const plan_expr *e)
{
    if (!t || !e || e->kind != PX_COLREF || e->col < 0 || e->col >= t->ncols)
        return 0;
    return t->cols[e->col].est_distinct;
}

/* Selectivity of an equality with one value: 1 / distinct values of the
 * column compared when known (either operand), else 0.005. */
static double eq_sel(const eng_table_def *t, const plan_expr *a,
                     const plan_expr *b)
{
    double d = table_distinct(t, a);
    if (d <= 0)
        d = table_distinct(t, b);
    return d >= 1.0 ? 1.0 / d : 0.005;
}

/* Selectivity of one pushed conjunct over table t's columns. */
static double conjunct_sel(const eng_table_def *t, const plan_expr *e)
{
    if (e->kind == PX_OP && e->op == PO_EQ && e->nargs == 2)
        return eq_sel(t, e->args[0], e->args[1]);
    if (e->kind == PX_IN_LIST && !e->negated) {
        double s = eq_sel(t, e->args[0], NULL) * (e->nargs - 1);
        return s < 1.0 ? s : 1.0;
    }
    if (e->kind == PX_OP && (e->op == PO_LT || e->op == PO_LE ||
                             e->op == PO_GT || e->op == PO_GE))
        return 0.33;
    if (e->kind == PX_AND) {
        double s = 1.0;
        for (int i = 0; i < e->nargs; i++)
            s *= conjunct_sel(t, e->args[i]);
        return s;
    }
    return 0.5;
}

/* Estimates n (and its subtree), storing est_rows; *base receives the
 * largest table row count below n. */
static double estimate(plan_node *n, double *base)
{
    double r = 1.0, l = 1.0, bl = 1.0, br = 1.0;
    *base = 1.0;
    if (!n)
        return 1.0;
    switch (n->kind) {
    case PN_SCAN:
        if (n->spec.remote) {
            r = estimate((plan_node *)n->spec.remote, base);
            break;
        }
        r = n->spec.table && n->spec.table->est_rows > 0
                ? n->spec.table->est_rows : EST_UNKNOWN_TABLE;
        *base = r;
        for (int i = 0; i < n->spec.nfilters; i++)
            r *= conjunct_sel(n->spec.table, n->spec.filters[i]);
        if (n->spec.limit >= 0 && r > (double)n->spec.limit)
            r = (double)n->spec.limit;
        break;
    case PN_VALUES:
        r = n->nrows;
        break;
    case PN_FILTER:
        r = estimate(n->child, base) * 0.5;
        break;
    case PN_PROJECT:
    case PN_SORT:
    case PN_WINDOW:
        r = estimate(n->child, base);
        break;
    case PN_GROUPID:          /* one copy of the input per grouping set */
        r = estimate(n->child, base) * 2.0;
        break;
    case PN_RECURSIVE:        /* the base, then a few runs of the step */
        r = estimate(n->left, base) * 4.0;
        (void)estimate(n->right, &br);
        break;
    case PN_WORKTABLE:
        r = 100.0;
        break;
    case PN_UNNEST:           /* one copy of the input per element */
        r = estimate(n->child, base) * (n->unnest_len ? n->unnest_len : 1);
        break;
    case PN_DISTINCT: {
        double g;
        r = estimate(n->child, base);
        g = opt_est_groups(n->child, NULL, n->ncols, r);
        r = g > 0 ? g : r * 0.5;
        break;
    }
    case PN_AGG: {
        double g;
        r = estimate(n->child, base);
        if (n->ngroups == 0) {
            r = 1.0;
            break;
        }
        g = n->nsets > 0 ? 0 : opt_est_groups(n->child, n->groups,
                                              n->ngroups, r);
        r = g > 0 ? g : r * 0.1;
        break;
    }
    case PN_LIMIT:
        r = estimate(n->child, base);
        if (n->limit >= 0 && r > (double)n->limit)
            r = (double)n->limit;
        break;
    case PN_UNION_ALL:
        r = estimate(n->left, &bl) + estimate(n->right, &br);
        *base = bl > br ? bl : br;
        break;
    case PN_SETOP:            /* at most the left rows */
        r = estimate(n->left, base);
        (void)estimate(n->right, &br);
        break;
    case PN_APPLY:            /* one row per left row; the right side is
                                 estimated for its own joins */
        r = estimate(n->left, base);
        (void)estimate(n->right, &br);
        break;
    case PN_JOIN:
        l = estimate(n->left, &bl);
        r = estimate(n->right, &br);
        *base = bl > br ? bl : br;
        if (n->join_type == PJ_SEMI || n->join_type == PJ_ANTI ||
            n->join_type == PJ_MARK || n->join_type == PJ_SINGLE) {
            r = n->join_type == PJ_SEMI || n->join_type == PJ_ANTI
                    ? l * 0.5 : l;    /* left rows, at most once each */
            break;
        }
        if (n->join_type == PJ_CROSS || n->nkeys == 0) {
            r = l * r;
            break;
        }
        {
            double j = l * r / *base;
            if ((n->join_type == PJ_LEFT || n->join_type == PJ_FULL) && j < l)
                j = l;
            if ((n->join_type == PJ_RIGHT || n->join_type == PJ_FULL) && j < r)
                j = r;
            r = j;
        }
        break;
    }
    if (r < 1.0)
        r = 1.0;
    n->est_rows = r;
    return r;
}

/* Estimates every node of the plan rooted at n (est_rows). */
double opt_estimate(plan_node *n)
{
    double base;
    return estimate(n, &base);
}

/* opt_estimate that also returns in *base the largest table row count
 * below n (joinorder.c's equality selectivity). */
double opt_estimate_base(plan_node *n, double *base)
{
    return estimate(n, base);
}

/* Follows output column col of n down to a plain scan (through filters,
 * sorts, DISTINCT, LIMIT, bare projected columns, bare group keys, joins
 * and remote subtrees); the scan, its table column in *tcol; or NULL. */
static const plan_node *trace(const plan_node *n, int col, int *tcol)
{
    while (n && col >= 0 && col < n->ncols) {
        switch (n->kind) {
        case PN_SCAN:
            if (n->spec.remote) {
                n = n->spec.remote;
                continue;
            }
            if (!n->spec.table || !n->spec.cols || col >= n->spec.ncols)
                return NULL;
            *tcol = n->spec.cols[col];
            return *tcol >= 0 && *tcol < n->spec.table->ncols ? n : NULL;
        case PN_FILTER:
        case PN_SORT:
        case PN_DISTINCT:
        case PN_LIMIT:
            n = n->child;
            continue;
        case PN_PROJECT:
            if (!n->exprs[col] || n->exprs[col]->kind != PX_COLREF)
                return NULL;
            col = n->exprs[col]->col;
            n = n->child;
            continue;
        case PN_AGG:
            if (col >= n->ngroups || n->nsets > 0 ||
                n->groups[col]->kind != PX_COLREF)
                return NULL;
            col = n->groups[col]->col;
            n = n->child;
            continue;
        case PN_JOIN:
            if (!n->left || !n->right ||
                (n->join_type == PJ_MARK && col >= n->left->ncols))
                return NULL;
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
 * Distinct non-NULL values of output column col of n (estimates filled):
 * the catalog's estimate for the table column it is (est_distinct),
 * scaled down to the rows the scan returns after its filters — r rows
 * drawn from N rows holding D values show D·(1 − (1 − r/N)^(N/D)) of them
 * (Cardenas' formula) — and capped at n's rows. <= 0 when unknown (not a
 * column of a table, or the catalog has no estimate).
 */
double opt_col_distinct(const plan_node *n, int col)
{
    int tcol = -1;
    const plan_node *s = trace(n, col, &tcol);
    if (!s)
        return 0;
    const eng_table_def *t = s->spec.table;
    double d = t->cols[tcol].est_distinct;
    if (d <= 0)
        return 0;
    double total = t->est_rows > 0 ? t->est_rows : d;
    double r = s->est_rows > 0 ? s->est_rows : total;
    if (d > total)
        d = total;
    if (r < total && d > 1.0)
        d = d * (1.0 - pow(1.0 - r / total, total / d));
    if (n->est_rows > 0 && d > n->est_rows)
        d = n->est_rows;
    return d < 1.0 ? 1.0 : d;
}

/*
 * Estimated groups of grouping n's rows (rows of them, n's estimate
 * filled) by keys[0..nkeys) (expressions over n's columns; NULL: n's
 * first nkeys columns): the product of each key column's distinct values
 * (opt_col_distinct), capped at rows (a NULL group is within the
 * estimate's noise). <= 0 when a key is not a column or its estimate is
 * unknown.
 */
double opt_est_groups(const plan_node *n, plan_expr *const *keys, int nkeys,
                      double rows)
{
    double g = 1.0;
    if (nkeys <= 0)
        return 1.0;
    for (int i = 0; i < nkeys; i++) {
        int col = i;
        if (keys) {
            if (!keys[i] || keys[i]->kind != PX_COLREF)
                return 0;
            col = keys[i]->col;
        }
        double d = opt_col_distinct(n, col);
        if (d <= 0)
            return 0;
        g *= d;
        if (g > rows)
            return rows >= 1.0 ? rows : 1.0;
    }
    return g;
}

/*
 * Mirrors join j: inputs swapped, keys swapped, residual renumbered,
 * LEFT <-> RIGHT; returns in *out a PROJECT over it that restores j's
 * column order.
 */
static eng_rc mirror(octx *o, plan_node *j, plan_node **out)
{
    int nl = j->left->ncols, nr = j->right->ncols, n = nl + nr;
    int *map = eng_arena_alloc(o->a, sizeof(int) * (size_t)(n + 1));
    plan_node *p = eng_arena_calloc(o->a, sizeof *p);
    plan_expr **exprs = eng_arena_alloc(o->a, sizeof *exprs * (size_t)(n + 1));
    eng_type *types = eng_arena_alloc(o->a, sizeof *types * (size_t)(n + 1));
    char **names = eng_arena_alloc(o->a, sizeof *names * (size_t)(n + 1));
    if (!map || !p || !exprs || !types || !names)
        return eng_err_oom(o->err);
    /* old column i -> new position */
    for (int i = 0; i < nl; i++)
        map[i] = nr + i;
    for (int i = 0; i < nr; i++)
        map[nl + i] = i;
    if (j->residual && !(j->residual = opt_remap(o, j->residual, map)))
        return ENG_NOMEM;
    /* the project over the mirrored join, in the old order */
    p->kind = PN_PROJECT;
    p->ncols = n;
    p->types = j->types;
    p->names = j->names;
    p->exprs = exprs;
    p->limit = -1;
    p->spec.limit = -1;
    p->est_rows = j->est_rows;
    for (int i = 0; i < n; i++) {
        if (!(exprs[i] = plan_colref(o->a, map[i], j->types[i])))
            return eng_err_oom(o->err);
        types[map[i]] = j->types[i];
        names[map[i]] = j->names ? j->names[i] : NULL;
    }
    plan_node *t = j->left;
    j->left = j->right;
    j->right = t;
    plan_expr **k = j->lkeys;
    j->lkeys = j->rkeys;
    j->rkeys = k;
    if (j->join_type == PJ_LEFT)
        j->join_type = PJ_RIGHT;
    else if (j->join_type == PJ_RIGHT)
        j->join_type = PJ_LEFT;
    j->types = types;
    j->names = names;
    j->swapped = true;
    p->child = j;
    *out = p;
    return ENG_OK;
}

/*
 * Mirrors every local join of the plan at *slot whose right (build)
 * input is estimated more than EST_SWAP_FACTOR times its left one.
 * Estimates must be filled (opt_estimate). Errors: OOM.
 */
eng_rc opt_build_side(octx *o, plan_node **slot)
{
    plan_node *n = *slot;
    eng_rc rc;
    if (!n || n->kind == PN_SCAN)
        return ENG_OK;          /* remote subtrees are the catalog's */
    if ((n->child && (rc = opt_build_side(o, &n->child))) ||
        (n->left && (rc = opt_build_side(o, &n->left))) ||
        (n->right && (rc = opt_build_side(o, &n->right))))
        return rc;
    /* Only the symmetric join kinds mirror: SEMI, ANTI, MARK and SINGLE
     * (subqueries) keep their left side's rows and must build on the
     * right. */
    if (n->kind == PN_JOIN && n->left && n->right &&
        (n->join_type == PJ_INNER || n->join_type == PJ_LEFT ||
         n->join_type == PJ_RIGHT || n->join_type == PJ_FULL ||
         n->join_type == PJ_CROSS) && !n->keep_order &&
        n->right->est_rows > EST_SWAP_FACTOR * n->left->est_rows)
        return mirror(o, n, slot);
    return ENG_OK;
}
