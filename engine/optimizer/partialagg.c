/*
 * engine/optimizer/partialagg.c
 *   Partial aggregation below a cross-catalog join (rule `partial_agg`):
 *   an aggregate over a join whose aggregates read one side computes a
 *   partial aggregate of that side first, grouped by the side's join key
 *   columns and the side's columns the group keys read, so that the
 *   side's catalog computes it inside its remote subtree (remote.c); the
 *   aggregate above the join then re-aggregates the partial results.
 * Interface: opt_partial_agg.
 * Not here: which nodes a catalog computes (the connector's whitelist,
 *   through remote.c's opt_remote_ok), the collapse into a remote subtree
 *   (remote.c, which runs after this rule).
 *
 * Why it is exact, duplicates included. Let side S be aggregated and O be
 * the other side. Partition S's rows by P, the S columns the partial
 * aggregate groups on (join key columns, residual columns and the S
 * columns the group keys read). Every join row built from an S row r of
 * partition v and an O row o equals, in every column the final
 * aggregate's group keys, join condition and non-S arguments read, the
 * join row built from v's partial row and o; and an S row of v matches o
 * exactly when v's partial row does (keys and residual read only P). So
 * if O has k rows matching v (any k, duplicates included), the original
 * join has k copies of each of v's n rows, the rewritten join k copies of
 * v's one partial row. Re-aggregating per final group:
 *   sum:   Σ_rows x = Σ_v k·(Σ_{r∈v} x) = Σ_v k·psum(v) = sum(psum);
 *   count: Σ_v k·n(v) = sum(pcount) — the partial counts are summed, never
 *          counted (counting partial rows would be wrong);
 *   min/max: duplicates do not change them; of O columns too;
 *   avg:   sum(psum) / sum(pcount), as the engine computes avg (the exact
 *          sum as double over the count as double).
 * NULL keys: a partial row of a NULL join key matches nothing, as its
 * rows did not. Outer joins: with S the preserved side (LEFT: S left;
 * RIGHT: S right) an unmatched partial row yields one NULL-extended row
 * where its n rows yielded n, and the sums above still hold (k = 1). With
 * S the NULL-supplying side they do not (an O row without a match would
 * count 1 in count(*) but read a NULL partial count), and FULL joins
 * have both problems: the rule never fires there. It needs:
 *   - an AGG without grouping sets over a JOIN (INNER, LEFT or RIGHT with
 *     at least one equi-key, not null-aware), possibly through one PROJECT;
 *   - aggregates count(*), count(x), sum(x) and avg(x) with x over S only
 *     (sum of integers or decimals, avg of smallint/integer: exact, and
 *     their bigint partial sums cannot overflow where the engine's would
 *     not), min/max(x) with x over one side; no FILTER, no DISTINCT
 *     (except min/max), no two-argument aggregates;
 *   - S (with the partial aggregate on top) to run as one remote subtree
 *     of one catalog, and O not to run in that same catalog (then the
 *     whole join is a remote subtree already);
 *   - the partial group columns not to cover a unique index (the primary
 *     key among them) of the table S reads, as its catalog reports them
 *     (ops->get_keys): every group would be one row, all cost and no
 *     gain;
 *   - the estimated partial groups (the catalog's distinct values of the
 *     group columns, buildside.c's opt_col_distinct; unknown: no limit)
 *     to be at most OPT_PARTIAL_AGG_MAX_SHARE of S's estimated rows.
 *     Exactness never depends on these two.
 * The result keeps the original aggregate's columns: a final AGG, under a
 * PROJECT when an avg divides or a count of a global aggregate turns a
 * NULL sum (no rows) into 0. EXPLAIN shows Aggregate[partial] inside the
 * catalog's RemoteQuery and Aggregate[final] above the join.
 */
#include <string.h>
#include "opt_int.h"

/*
 * The largest share of the aggregated side's rows the estimated partial
 * groups may be for the rule to fire (when the catalog's estimates are
 * known; without them it fires). Measured (make bench's SF=1000 data,
 * the rule on and off alternating, medians of 5; `select o.status,
 * sum(p.amount), count(*) from payments p join orders o on o.id = p.k
 * group by 1` with k grouping payments into a given share of its rows):
 * share 0.82 (k = order_id) 0.220 s with the rule against 0.141 s
 * without; 0.43: 0.122 / 0.104; 0.29: even within the noise; 0.22:
 * 0.076 / 0.129; 0.055: 0.069 / 0.090; 30 groups: 0.031 / 0.088. The
 * catalog aggregates about as fast as the engine would, so the rule only
 * pays when it keeps most rows off the wire; and a side whose partial
 * rows feed a join makes the other side's scan wait (at SF=10,000 the
 * customers model took 7.14 s with the rule on payments by order_id,
 * 4.73 s without).
 */
#define OPT_PARTIAL_AGG_MAX_SHARE 0.25

/* Where one original aggregate's value comes from. */
typedef struct aplan {
    int pcol;        /* first partial column (in the partial AGG), or -1 */
    bool other;      /* min/max over the other side: passes through */
} aplan;

static bool int_small(eng_type_id t)
{
    return t == ENG_T_SMALLINT || t == ENG_T_INTEGER;
}

static bool int_any(eng_type_id t)
{
    return int_small(t) || t == ENG_T_BIGINT;
}

/* Which sides e reads: bit 1 left (< nl), bit 2 right. */
static int sides_of(const plan_expr *e, int nl)
{
    bool l = false, r = false;
    if (e)
        opt_ref_sides(e, nl, &l, &r);
    return (l ? 1 : 0) | (r ? 2 : 0);
}

/* Marks in need[] (over side S's own columns) every S column e reads. */
static void mark_side(const plan_expr *e, bool right, int nl, int ns,
                      bool *need)
{
    if (!e)
        return;
    if (e->kind == PX_COLREF) {
        int c = right ? e->col - nl : e->col;
        if (c >= 0 && c < ns)
            need[c] = true;
    }
    for (int i = 0; i < e->nargs; i++)
        mark_side(e->args[i], right, nl, ns, need);
}

/* A column reference of type t to column col (OOM: NULL, err set). */
static plan_expr *colref(octx *o, int col, eng_type t)
{
    plan_expr *e = plan_colref(o->a, col, t);
    if (!e)
        eng_err_oom(o->err);
    return e;
}

/* An aggregate of kind k over arg, of type t. */
static plan_agg make_agg(plan_agg_kind k, plan_expr *arg, eng_type t)
{
    plan_agg g;
    memset(&g, 0, sizeof g);
    g.kind = k;
    g.arg = arg;
    g.type = t;
    return g;
}

/* Decides, for aggregate g (arg over join columns), whether side S
 * (right: the right side) can compute it partially; fills *ap's `other`
 * and returns the number of partial columns it needs (-1: it cannot). */
static int agg_fits(const plan_agg *g, const plan_expr *arg, bool right,
                    int nl, aplan *ap)
{
    int mine = right ? 2 : 1;
    int s = sides_of(arg, nl);
    ap->other = false;
    ap->pcol = -1;
    if (g->filter || g->arg2)
        return -1;
    switch (g->kind) {
    case PA_COUNT_STAR:
        return 1;
    case PA_COUNT:
        return !g->distinct && (s & ~mine) == 0 ? 1 : -1;
    case PA_SUM:
        if (g->distinct || (s & ~mine) != 0)
            return -1;
        return int_any(arg->type.id) || arg->type.id == ENG_T_DECIMAL ? 1
                                                                      : -1;
    case PA_AVG:
        if (g->distinct || (s & ~mine) != 0)
            return -1;
        return int_small(arg->type.id) && g->type.id == ENG_T_DOUBLE ? 2
                                                                     : -1;
    case PA_MIN:
    case PA_MAX:
        if (s == 0 || s == mine)
            return 1;
        if (s == (3 & ~mine)) {
            ap->other = true;
            return 0;
        }
        return -1;
    default:
        return -1;
    }
}

/* The plain scan under n whose table column *tcol n's column c is (through
 * filters and projections of bare columns), or NULL. */
static const plan_node *trace_col(const plan_node *n, int c, int *tcol)
{
    while (n && c >= 0 && c < n->ncols) {
        switch (n->kind) {
        case PN_FILTER:
            n = n->child;
            break;
        case PN_PROJECT:
            if (!n->exprs[c] || n->exprs[c]->kind != PX_COLREF)
                return NULL;
            c = n->exprs[c]->col;
            n = n->child;
            break;
        case PN_SCAN:
            if (n->spec.remote || !n->spec.table || !n->spec.cols ||
                c >= n->spec.ncols)
                return NULL;
            *tcol = n->spec.cols[c];
            return n;
        default:
            return NULL;
        }
    }
    return NULL;
}

/*
 * True when the S columns marked in need[] include every column of a
 * unique index (the primary key among them) of the table S reads, as
 * the catalog reports them (ops->get_keys): then each partial group holds
 * one row and pre-aggregating only costs. False when unknown.
 */
static bool groups_unique(octx *o, const plan_node *side, const bool *need,
                          int ns)
{
    const plan_node *scan = NULL;
    bool *have = NULL;
    for (int c = 0; c < ns; c++) {
        int tc;
        const plan_node *sc;
        if (!need[c] || !(sc = trace_col(side, c, &tc)))
            continue;
        if (scan && sc != scan)
            return false;
        scan = sc;
        if (!have && !(have = eng_arena_calloc(o->a, sizeof *have *
                                  (size_t)(scan->spec.table->ncols + 1))))
            return false;
        if (tc >= 0 && tc < scan->spec.table->ncols)
            have[tc] = true;
    }
    eng_catalog *cat = scan ? scan->catalog : NULL;
    eng_error scratch;
    eng_table_keys keys;
    const eng_table_def *t = scan ? scan->spec.table : NULL;
    /* through the session's metadata cache: one question per table and
     * connection, not one per statement */
    if (!cat || !cat->ops || !cat->ops->get_keys ||
        sess_cat_get_keys(cat, t->schema, t->name, o->a, &keys,
                          &scratch) != ENG_OK)
        return false;
    for (int i = 0; i < keys.nindexes; i++) {
        const eng_index *x = &keys.indexes[i];
        bool all = (x->unique || x->primary) && !x->filter && x->ncols > 0;
        for (int k = 0; all && k < x->ncols; k++) {
            bool found = false;
            for (int tc = 0; tc < t->ncols && !found; tc++)
                found = have[tc] && t->cols[tc].name &&
                        !strcmp(t->cols[tc].name, x->cols[k]);
            all = found;
        }
        if (all)
            return true;
    }
    return false;
}

/* Estimated groups of side's columns cols[0..n) over rows rows
 * (opt_est_groups); 0 when unknown. */
static double est_cols_groups(const plan_node *side, const int *cols, int n,
                              double rows)
{
    double g = 1.0;
    for (int i = 0; i < n; i++) {
        double d = opt_col_distinct(side, cols[i]);
        if (d <= 0)
            return 0;
        g *= d;
        if (g > rows)
            return rows;
    }
    return g;
}

/*
 * Tries the rewrite (see the file comment) of the AGG at *slot with S the
 * right side when `right`, else the left. Sets *done when it rewrote
 * *slot. Errors: OOM.
 */
static eng_rc try_side(octx *o, plan_node **slot, bool right, bool *done)
{
    plan_node *g = *slot;
    plan_node *p = g->child->kind == PN_PROJECT ? g->child : NULL;
    plan_node *j = p ? p->child : g->child;
    plan_node *side = right ? j->right : j->left;
    plan_node *oth = right ? j->left : j->right;
    int nl = j->left->ncols, ns = side->ncols;
    eng_catalog *scat = NULL, *ocat = NULL;

    *done = false;
    if (j->join_type == PJ_LEFT && right)
        return ENG_OK;
    if (j->join_type == PJ_RIGHT && !right)
        return ENG_OK;

    /* group keys and aggregate arguments over the join's columns */
    plan_expr **groups = eng_arena_calloc(o->a, sizeof *groups *
                                                 (size_t)(g->ngroups + 1));
    plan_expr **args = eng_arena_calloc(o->a, sizeof *args *
                                               (size_t)(g->naggs + 1));
    aplan *ap = eng_arena_calloc(o->a, sizeof *ap * (size_t)(g->naggs + 1));
    bool *need = eng_arena_calloc(o->a, sizeof *need * (size_t)(ns + 1));
    if (!groups || !args || !ap || !need)
        return eng_err_oom(o->err);
    for (int i = 0; i < g->ngroups; i++)
        if (!(groups[i] = p ? opt_subst(o, g->groups[i], p->exprs)
                            : g->groups[i]))
            return ENG_NOMEM;
    int npartial = 0;
    bool avg_or_count = false;
    for (int k = 0; k < g->naggs; k++) {
        const plan_agg *a = &g->aggs[k];
        if (a->arg && !(args[k] = p ? opt_subst(o, a->arg, p->exprs)
                                    : a->arg))
            return ENG_NOMEM;
        int np = agg_fits(a, args[k], right, nl, &ap[k]);
        if (np < 0)
            return ENG_OK;
        if (np > 0)
            ap[k].pcol = npartial;
        npartial += np;
        if (a->kind == PA_AVG || a->kind == PA_COUNT ||
            a->kind == PA_COUNT_STAR)
            avg_or_count = true;
    }
    if (npartial == 0)
        return ENG_OK;   /* nothing to compute below: no gain */

    /* the S columns the partial aggregate groups on */
    for (int i = 0; i < j->nkeys; i++)
        mark_side(right ? j->rkeys[i] : j->lkeys[i], false, 0, ns, need);
    mark_side(j->residual, right, nl, ns, need);
    for (int i = 0; i < g->ngroups; i++)
        mark_side(groups[i], right, nl, ns, need);
    /* no gain when every group is one row (S's key is unique) */
    if (groups_unique(o, side, need, ns))
        return ENG_OK;
    int *gmap = eng_arena_alloc(o->a, sizeof *gmap * (size_t)(ns + 1));
    if (!gmap)
        return eng_err_oom(o->err);
    int npg = 0;
    for (int c = 0; c < ns; c++)
        gmap[c] = need[c] ? npg++ : -1;
    /* nor when the catalog's estimates say the groups are most of S's
     * rows: the catalog aggregates, the other side's scan waits for the
     * partial rows, and hardly fewer rows cross the wire */
    int *gcols = eng_arena_alloc(o->a, sizeof *gcols * (size_t)(npg + 1));
    if (!gcols)
        return eng_err_oom(o->err);
    for (int c = 0; c < ns; c++)
        if (gmap[c] >= 0)
            gcols[gmap[c]] = c;
    double srows = side->est_rows > 0 ? side->est_rows : 1.0;
    double est_groups = est_cols_groups(side, gcols, npg, srows);
    if (est_groups > OPT_PARTIAL_AGG_MAX_SHARE * srows) {
        g->est_groups = est_groups;
        g->est_in = srows;
        g->est_skipped = true;
        return ENG_OK;
    }

    /* the partial aggregate over S */
    plan_node *pa = plan_node_new(o->a, PN_AGG, npg + npartial);
    if (!pa)
        return eng_err_oom(o->err);
    pa->child = side;
    pa->agg_step = PAS_PARTIAL;
    pa->est_groups = est_groups;    /* 0 when unknown: EXPLAIN shows none */
    pa->est_in = srows;
    pa->ngroups = npg;
    pa->naggs = npartial;
    pa->groups = eng_arena_calloc(o->a, sizeof *pa->groups *
                                         (size_t)(npg + 1));
    pa->aggs = eng_arena_calloc(o->a, sizeof *pa->aggs *
                                       (size_t)(npartial + 1));
    if (!pa->groups || !pa->aggs)
        return eng_err_oom(o->err);
    for (int c = 0; c < ns; c++) {
        if (gmap[c] < 0)
            continue;
        if (!(pa->groups[gmap[c]] = colref(o, c, side->types[c])))
            return ENG_NOMEM;
        pa->types[gmap[c]] = side->types[c];
        pa->names[gmap[c]] = side->names ? side->names[c] : NULL;
    }
    eng_type bigint = eng_type_make(ENG_T_BIGINT);
    for (int k = 0; k < g->naggs; k++) {
        const plan_agg *a = &g->aggs[k];
        if (ap[k].pcol < 0)
            continue;
        plan_expr *x = NULL;
        if (args[k] && !(x = opt_shift(o, args[k], right ? -nl : 0)))
            return ENG_NOMEM;
        plan_agg *d = &pa->aggs[ap[k].pcol];
        switch (a->kind) {
        case PA_COUNT_STAR:
            *d = make_agg(PA_COUNT_STAR, NULL, bigint);
            break;
        case PA_COUNT:
            *d = make_agg(PA_COUNT, x, bigint);
            break;
        case PA_SUM:
            *d = make_agg(PA_SUM, x, a->type);
            break;
        case PA_AVG:
            d[0] = make_agg(PA_SUM, x, bigint);
            d[1] = make_agg(PA_COUNT, x, bigint);
            break;
        default:      /* min, max over S */
            *d = make_agg(a->kind, x, a->type);
            break;
        }
    }
    for (int i = 0; i < npartial; i++) {
        pa->types[npg + i] = pa->aggs[i].type;
        pa->names[npg + i] = "partial";
    }

    /* only worth it when the catalog computes it, and the join is not a
     * remote subtree of that catalog anyway */
    if (!opt_remote_ok(o, pa, &scat) ||
        (opt_remote_ok(o, oth, &ocat) && ocat == scat))
        return ENG_OK;

    /* the join over the partial aggregate: old join column -> new */
    int nr = j->right->ncols;
    int nl2 = right ? nl : pa->ncols, nr2 = right ? pa->ncols : nr;
    int *jmap = eng_arena_alloc(o->a, sizeof *jmap * (size_t)(nl + nr + 1));
    int *smap = eng_arena_alloc(o->a, sizeof *smap * (size_t)(ns + 1));
    plan_node *j2 = plan_node_new(o->a, PN_JOIN, nl2 + nr2);
    if (!jmap || !smap || !j2)
        return eng_err_oom(o->err);
    for (int c = 0; c < ns; c++)
        smap[c] = gmap[c];
    for (int c = 0; c < nl; c++)
        jmap[c] = right ? c : gmap[c];
    for (int c = 0; c < nr; c++)
        jmap[nl + c] = right ? (gmap[c] < 0 ? -1 : nl2 + gmap[c]) : nl2 + c;
    j2->join_type = j->join_type;
    j2->left = right ? j->left : pa;
    j2->right = right ? pa : j->right;
    j2->nkeys = j->nkeys;
    j2->lkeys = eng_arena_alloc(o->a, sizeof *j2->lkeys * (size_t)j->nkeys);
    j2->rkeys = eng_arena_alloc(o->a, sizeof *j2->rkeys * (size_t)j->nkeys);
    if (!j2->lkeys || !j2->rkeys)
        return eng_err_oom(o->err);
    for (int i = 0; i < j->nkeys; i++) {
        j2->lkeys[i] = right ? j->lkeys[i] : opt_remap(o, j->lkeys[i], smap);
        j2->rkeys[i] = right ? opt_remap(o, j->rkeys[i], smap) : j->rkeys[i];
        if (!j2->lkeys[i] || !j2->rkeys[i])
            return ENG_NOMEM;
    }
    if (j->residual && !(j2->residual = opt_remap(o, j->residual, jmap)))
        return ENG_NOMEM;
    for (int c = 0; c < nl2; c++) {
        j2->types[c] = j2->left->types[c];
        j2->names[c] = j2->left->names ? j2->left->names[c] : NULL;
    }
    for (int c = 0; c < nr2; c++) {
        j2->types[nl2 + c] = j2->right->types[c];
        j2->names[nl2 + c] = j2->right->names ? j2->right->names[c] : NULL;
    }
    int pbase = (right ? nl2 : 0) + npg;   /* first partial column in j2 */

    /* the final aggregate over the new join */
    int nfin = 0;
    for (int k = 0; k < g->naggs; k++)
        nfin += g->aggs[k].kind == PA_AVG ? 2 : 1;
    plan_node *fa = plan_node_new(o->a, PN_AGG, g->ngroups + nfin);
    if (!fa)
        return eng_err_oom(o->err);
    fa->child = j2;
    fa->agg_step = PAS_FINAL;
    fa->ngroups = g->ngroups;
    fa->naggs = nfin;
    fa->groups = eng_arena_calloc(o->a, sizeof *fa->groups *
                                         (size_t)(g->ngroups + 1));
    fa->aggs = eng_arena_calloc(o->a, sizeof *fa->aggs * (size_t)(nfin + 1));
    if (!fa->groups || !fa->aggs)
        return eng_err_oom(o->err);
    for (int i = 0; i < g->ngroups; i++) {
        if (!(fa->groups[i] = opt_remap(o, groups[i], jmap)))
            return ENG_NOMEM;
        fa->types[i] = g->types[i];
        fa->names[i] = g->names ? g->names[i] : NULL;
    }
    int f = 0;
    for (int k = 0; k < g->naggs; k++) {
        const plan_agg *a = &g->aggs[k];
        plan_agg *d = &fa->aggs[f];
        if (ap[k].other) {
            *d = *a;
            if (!(d->arg = opt_remap(o, args[k], jmap)))
                return ENG_NOMEM;
        } else {
            int pc = pbase + ap[k].pcol;
            plan_expr *x = colref(o, pc, j2->types[pc]);
            if (!x)
                return ENG_NOMEM;
            switch (a->kind) {
            case PA_COUNT_STAR:
            case PA_COUNT:
            case PA_SUM:
                *d = make_agg(PA_SUM, x, a->type);
                break;
            case PA_AVG: {
                plan_expr *y = colref(o, pc + 1, bigint);
                if (!y)
                    return ENG_NOMEM;
                d[0] = make_agg(PA_SUM, x, bigint);
                d[1] = make_agg(PA_SUM, y, bigint);
                break;
            }
            default:
                *d = make_agg(a->kind, x, a->type);
                break;
            }
        }
        fa->types[g->ngroups + f] = d->type;
        fa->names[g->ngroups + f] = g->names ? g->names[g->ngroups + k]
                                             : NULL;
        if (a->kind == PA_AVG) {
            fa->types[g->ngroups + f + 1] = bigint;
            fa->names[g->ngroups + f + 1] = "count";
        }
        f += a->kind == PA_AVG ? 2 : 1;
    }

    plan_node *top = fa;
    bool global_count = g->ngroups == 0 && avg_or_count;
    bool has_avg = nfin != g->naggs;
    if (has_avg || global_count) {
        /* back to the original columns: avg = sum / count, and a global
         * count over no rows is 0, not the NULL sum of no partials */
        plan_node *pr = plan_node_new(o->a, PN_PROJECT, g->ncols);
        if (!pr)
            return eng_err_oom(o->err);
        pr->child = fa;
        pr->exprs = eng_arena_calloc(o->a, sizeof *pr->exprs *
                                            (size_t)(g->ncols + 1));
        if (!pr->exprs)
            return eng_err_oom(o->err);
        for (int i = 0; i < g->ncols; i++) {
            pr->types[i] = g->types[i];
            pr->names[i] = g->names ? g->names[i] : NULL;
        }
        for (int i = 0; i < g->ngroups; i++)
            if (!(pr->exprs[i] = colref(o, i, g->types[i])))
                return ENG_NOMEM;
        f = g->ngroups;
        for (int k = 0; k < g->naggs; k++) {
            const plan_agg *a = &g->aggs[k];
            plan_expr *x = colref(o, f, fa->types[f]), *e = x;
            if (!x)
                return ENG_NOMEM;
            if (a->kind == PA_AVG) {
                eng_type dbl = eng_type_make(ENG_T_DOUBLE);
                plan_expr *y = colref(o, f + 1, bigint);
                plan_expr *d = plan_expr_new(o->a, PX_OP, dbl);
                plan_expr **da = eng_arena_alloc(o->a, sizeof *da * 2);
                if (!y || !d || !da)
                    return eng_err_oom(o->err);
                /* sum NULL (no non-NULL value) makes the quotient NULL */
                if (!(da[0] = opt_cast(o, x, dbl)) ||
                    !(da[1] = opt_cast(o, y, dbl)))
                    return ENG_NOMEM;
                d->op = PO_DIV;
                d->nargs = 2;
                d->args = da;
                e = d;
            } else if (global_count && (a->kind == PA_COUNT ||
                                        a->kind == PA_COUNT_STAR)) {
                eng_value z;
                memset(&z, 0, sizeof z);
                z.type = bigint;
                plan_expr *zero = plan_const(o->a, &z);
                plan_expr *co = plan_expr_new(o->a, PX_FUNC, bigint);
                plan_expr **ca = eng_arena_alloc(o->a, sizeof *ca * 2);
                if (!zero || !co || !ca)
                    return eng_err_oom(o->err);
                co->func = "coalesce";
                co->nargs = 2;
                co->args = ca;
                ca[0] = x;
                ca[1] = zero;
                e = co;
            }
            pr->exprs[g->ngroups + k] = e;
            f += a->kind == PA_AVG ? 2 : 1;
        }
        top = pr;
    }
    opt_estimate(top);
    *slot = top;
    *done = true;
    return ENG_OK;
}

/* True when the AGG n has the shape the rule looks at (before sides). */
static bool candidate(const plan_node *n)
{
    if (n->kind != PN_AGG || n->agg_step != PAS_SINGLE || n->nsets > 0 ||
        !n->child)
        return false;
    const plan_node *j = n->child;
    if (j->kind == PN_PROJECT)
        j = j->child;
    return j && j->kind == PN_JOIN && j->nkeys > 0 && !j->null_aware &&
           !j->mark_test && j->left && j->right &&
           (j->join_type == PJ_INNER || j->join_type == PJ_LEFT ||
            j->join_type == PJ_RIGHT);
}

/* Applies the rule at *slot, then below it. */
static eng_rc walk(octx *o, plan_node **slot)
{
    plan_node *n = *slot;
    eng_rc rc;
    if (!n)
        return ENG_OK;
    if (candidate(n)) {
        const plan_node *j = n->child->kind == PN_PROJECT ? n->child->child
                                                          : n->child;
        /* the larger side first: that is where aggregating saves most */
        bool first_right = j->right->est_rows > j->left->est_rows;
        bool done = false;
        if ((rc = try_side(o, slot, first_right, &done)))
            return rc;
        if (!done && (rc = try_side(o, slot, !first_right, &done)))
            return rc;
        n = *slot;
    }
    if ((rc = walk(o, &n->child)) || (rc = walk(o, &n->left)) ||
        (rc = walk(o, &n->right)))
        return rc;
    return ENG_OK;
}

/*
 * Rewrites every aggregate over a join that qualifies (file comment) into
 * a final aggregate over the join of a partial aggregate. Runs after
 * pruning and estimates, before remote subtrees. Errors: OOM.
 */
eng_rc opt_partial_agg(octx *o, plan_node **root)
{
    return walk(o, root);
}
