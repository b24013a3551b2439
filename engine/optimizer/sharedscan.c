/*
 * engine/optimizer/sharedscan.c
 *   Rule shared_scan: scans of one plan that would send the same SQL to
 *   the same catalog (a self-join, a CTE used twice, a UNION ALL of one
 *   table) are marked to be read once: the executor then runs one remote
 *   scan and feeds every use from one buffer (exec/op_spool.c).
 * Interface: opt_shared_scans.
 * Not here: the buffer and the consumers' cursors (exec/op_spool.c), the
 *   SQL itself (each connector's ops->deparse, run before this rule).
 *
 * Three steps: an aggregate rule local_agg left in its catalog comes
 * back over its scan when another scan reads the same table
 * (unpush_aggs); scans of one table with the same filters but other
 * columns read the union of them (widen_scans); then scans with the same
 * statement are marked (opt_shared_scans).
 *
 * Runs last, after deparse, so that "the same read" is exactly what
 * reaches the catalog: the same catalog and the same statement text
 * (columns, pushed filters, LIMIT, a remote subtree's whole query). Scans
 * whose SQL is written again at run time with a join's published keys
 * (dynamic filters, spec.ndf or a leaf of a remote subtree with them) are
 * left alone: two of them may get different keys. A scan without SQL (a
 * connector without a deparser: the system catalog, the test catalogs
 * with none) is left alone too.
 *
 * The trade is wire and catalog time for memory: the buffer keeps every
 * row until the last use has read it, and in the common shapes (a hash
 * join's build side and its probe side, UNION ALL) one use reads the
 * whole table before the other starts, so the buffer holds the whole
 * table. The rule therefore shares only when the estimated bytes of the
 * rows (est_rows times a width per column: the type's width, plus
 * OPT_SHARED_STR_BYTES for a string's bytes) are at most a
 * 1/OPT_SHARED_MEM_SHARE of the session's memory limit (no bound without
 * a limit). The executor counts the buffer against the limit anyway
 * (53200 past it), so an estimate that was wrong fails cleanly.
 */
#include <string.h>
#include "opt_int.h"
#include "../common/array.h"

/* A shared scan's estimated bytes may be at most this fraction of the
 * query memory limit (1/4: the rest stays for the hash tables and sorts
 * the same query builds, often over the very rows buffered here). */
#define OPT_SHARED_MEM_SHARE 4.0
/* Bytes a string value is assumed to take besides its slot. */
#define OPT_SHARED_STR_BYTES 24.0
/* An aggregate left in its catalog comes back into the engine to share
 * its scan (unpush_aggs) from this many estimated input rows, and when
 * its estimated groups are more than this share of them. */
#define OPT_SHARED_AGG_MIN_ROWS 100000.0
#define OPT_SHARED_AGG_MIN_SHARE 0.25
/*
 * What the engine then holds more than before, the aggregate's groups
 * (OPT_SHARED_AGG_BYTES_PER_AGG per aggregate and group: exec/README.md's
 * accumulator, plus a hash slot at 70% fill and the keys) and the
 * buffered rows, must stay within 1/OPT_SHARED_AGG_MEM_SHARE of the
 * memory limit. Measured with the bench's customers model at SF=10,000
 * (620,000 groups of 990,000 orders, estimated 92 MB; 2 cores, loaded,
 * medians of 3, rule on against shared_scan=off in one run): 5.03 s and
 * 166 MB peak with the aggregate in the engine over the shared scan,
 * 6.42 s and 112 MB with it in ordersdb and orders read twice: 0.78x the
 * time, but over the model's 150 MB bound, so a 1 GiB limit allows 64 MB
 * here and that model keeps its aggregate in ordersdb (at SF=1,000 its
 * 99,000 orders are under OPT_SHARED_AGG_MIN_ROWS: it stays there too;
 * the bench's shared_scan=off line then times the same plan).
 */
#define OPT_SHARED_AGG_BYTES_PER_AGG 32.0
#define OPT_SHARED_AGG_SLOT_BYTES 23.0
#define OPT_SHARED_AGG_MEM_SHARE 16.0
/* Rows assumed for a scan without an estimate. */
#define OPT_SHARED_UNKNOWN_ROWS 1000.0

/* The scans of the plan in walk order (a node reached twice, twice). */
typedef struct slist {
    plan_node **v;
    int n, cap;
} slist;

/* Appends every scan the executor will run under n. */
static eng_rc collect(octx *o, plan_node *n, slist *l)
{
    if (!n)
        return ENG_OK;
    if (n->kind == PN_SCAN) {
        if (!n->catalog || !n->spec.sql || plan_scan_waits_for_df(&n->spec))
            return ENG_OK;
        if (l->n == l->cap &&
            !eng_array_grow(o->a, &l->v, &l->cap, l->n + 1, sizeof *l->v))
            return eng_err_oom(o->err);
        l->v[l->n++] = n;
        return ENG_OK;
    }
    eng_rc rc;
    if ((rc = collect(o, n->child, l)) || (rc = collect(o, n->left, l)))
        return rc;
    return collect(o, n->right, l);
}

/* True when both name the same table (or neither names one). */
static bool same_name(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

static bool same_table(const eng_table_def *a, const eng_table_def *b)
{
    return a == b || (a && b && same_name(a->catalog, b->catalog) &&
                      same_name(a->schema, b->schema) &&
                      same_name(a->name, b->name));
}

/*
 * True when scans a and b send the same statement to the same catalog.
 * The statement says it all for a deparser that prints everything it was
 * given; the spec's parts are compared too, so that a connector whose
 * SQL leaves something out (a LIMIT it applies itself) is never fooled.
 */
static bool same_read(const plan_node *a, const plan_node *b)
{
    if (a == b)
        return true;
    const eng_scan_spec *x = &a->spec, *y = &b->spec;
    return a->catalog == b->catalog && a->ncols == b->ncols &&
           same_table(x->table, y->table) && !x->remote == !y->remote &&
           x->ncols == y->ncols && x->nfilters == y->nfilters &&
           x->limit == y->limit &&
           (!x->ncols || !x->cols || !y->cols ||
            !memcmp(x->cols, y->cols,
                                 sizeof *x->cols * (size_t)x->ncols)) &&
           !strcmp(x->sql, y->sql);
}

/* The estimated bytes of scan n's rows in the engine's vectors. */
static double est_bytes(const plan_node *n)
{
    double rows = n->est_rows > 0 ? n->est_rows : OPT_SHARED_UNKNOWN_ROWS;
    double width = 0;
    for (int c = 0; c < n->ncols; c++) {
        /* a slot, a validity bit (counted as a byte) */
        width += (double)eng_type_width(n->types[c].id) + 1.0;
        if (eng_type_is_str(n->types[c].id) || n->types[c].id == ENG_T_ARRAY)
            width += OPT_SHARED_STR_BYTES;
    }
    return rows * width;
}

/* Index of table column col in u[0..k), or -1. */
static int find_col(const int *u, int k, int col)
{
    for (int i = 0; i < k; i++)
        if (u[i] == col)
            return i;
    return -1;
}

/* Adds the columns of scan n to the sorted set u[0..*k) (room for the
 * table's columns). */
static void add_cols(int *u, int *k, const plan_node *n)
{
    for (int i = 0; i < n->spec.ncols; i++) {
        int c = n->spec.cols[i];
        if (find_col(u, *k, c) >= 0)
            continue;
        int j = *k;
        while (j > 0 && u[j - 1] > c) {
            u[j] = u[j - 1];
            j--;
        }
        u[j] = c;
        (*k)++;
    }
}

/* *sql = the statement scan n would send reading columns u[0..k). */
static eng_rc deparse_cols(octx *o, const plan_node *n, const int *u, int k,
                           char **sql)
{
    void *state;
    eng_rc rc = sess_catalog_state(n->catalog, &state, o->err);
    if (rc)
        return rc;
    eng_scan_spec sp = n->spec;
    sp.cols = (int *)u;
    sp.ncols = k;
    sp.sql = NULL;
    *sql = NULL;
    return n->catalog->ops->deparse(state, &sp, o->a, sql, o->err);
}

/* True when n reads exactly the columns u[0..k) in that order. */
static bool reads_exactly(const plan_node *n, const int *u, int k)
{
    if (n->spec.ncols != k)
        return false;
    for (int i = 0; i < k; i++)
        if (n->spec.cols[i] != u[i])
            return false;
    return true;
}

/*
 * Turns scan n, in place, into a PROJECT of its own columns over a new
 * scan of the columns u[0..k) whose statement is sql: the node keeps its
 * output (columns, types, names, estimate), so nothing above changes,
 * and every use of the widened read sends the same SQL. Errors: OOM.
 */
static eng_rc widen(octx *o, plan_node *n, const int *u, int k, char *sql)
{
    const eng_table_def *td = n->spec.table;
    plan_node *s = eng_arena_alloc(o->a, sizeof *s);
    eng_type *ty = eng_arena_alloc(o->a, sizeof *ty * (size_t)(k + 1));
    char **nm = eng_arena_alloc(o->a, sizeof *nm * (size_t)(k + 1));
    int *cols = eng_arena_alloc(o->a, sizeof *cols * (size_t)(k + 1));
    plan_expr **ex = eng_arena_alloc(o->a,
                                     sizeof *ex * (size_t)(n->ncols + 1));
    if (!s || !ty || !nm || !cols || !ex)
        return eng_err_oom(o->err);
    *s = *n;
    for (int c = 0; c < k; c++) {
        int at = find_col(n->spec.cols, n->spec.ncols, u[c]);
        cols[c] = u[c];
        ty[c] = at >= 0 ? n->types[at] : td->cols[u[c]].type;
        nm[c] = at >= 0 ? n->names[at] : td->cols[u[c]].name;
    }
    s->ncols = k;
    s->types = ty;
    s->names = nm;
    s->spec.cols = cols;
    s->spec.ncols = k;
    s->spec.sql = sql;
    for (int i = 0; i < n->ncols; i++)
        if (!(ex[i] = plan_colref(o->a, find_col(u, k, n->spec.cols[i]),
                                  n->types[i])))
            return eng_err_oom(o->err);
    plan_node keep = *n;
    memset(n, 0, sizeof *n);
    n->kind = PN_PROJECT;
    n->ncols = keep.ncols;
    n->types = keep.types;
    n->names = keep.names;
    n->exprs = ex;
    n->child = s;
    n->limit = -1;
    n->est_rows = keep.est_rows;
    return ENG_OK;
}

/* True when plain scans a and b read one table the same way but for
 * their columns (the statement decides the rest: deparse_cols). */
static bool widen_candidates(const plan_node *a, const plan_node *b)
{
    return a->catalog == b->catalog && !a->spec.remote && !b->spec.remote &&
           a->spec.table && same_table(a->spec.table, b->spec.table) &&
           a->spec.limit == b->spec.limit &&
           a->spec.nfilters == b->spec.nfilters;
}

/*
 * Scans of one table with the same filters but other columns (a CTE
 * whose uses read different columns, the customers model's two uses of
 * orders) read the union of their columns, each under a PROJECT of its
 * own: then they send one statement and the pass below shares it. Only
 * when that union's estimated bytes are within the bound (the rows are
 * buffered); a wider read costs one use a few columns on the wire, two
 * reads cost the whole table twice. Errors: OOM, connector errors.
 */
static eng_rc widen_scans(octx *o, const slist *l, double limit)
{
    bool *done = l->n ? eng_arena_calloc(o->a, sizeof *done * (size_t)l->n)
                      : NULL;
    char **sqls = l->n ? eng_arena_calloc(o->a, sizeof *sqls * (size_t)l->n)
                       : NULL;
    if (l->n && (!done || !sqls))
        return eng_err_oom(o->err);
    for (int i = 0; i < l->n; i++) {
        plan_node *a = l->v[i];
        if (done[i] || a->spec.remote || !a->spec.table)
            continue;
        int tc = a->spec.table->ncols;
        int *u = eng_arena_alloc(o->a, sizeof *u * (size_t)(tc + 1));
        if (!u)
            return eng_err_oom(o->err);
        int k = 0;
        bool differ = false;
        add_cols(u, &k, a);
        for (int j = i + 1; j < l->n; j++)
            if (!done[j] && widen_candidates(a, l->v[j])) {
                add_cols(u, &k, l->v[j]);
                differ |= !same_read(a, l->v[j]);
            }
        if (!differ)
            continue;
        /* the members: the candidates whose statement over u is a's */
        eng_rc rc = deparse_cols(o, a, u, k, &sqls[i]);
        if (rc)
            return rc;
        int members = 1;
        for (int j = i + 1; j < l->n; j++) {
            sqls[j] = NULL;
            if (done[j] || !widen_candidates(a, l->v[j]))
                continue;
            if ((rc = deparse_cols(o, l->v[j], u, k, &sqls[j])))
                return rc;
            if (sqls[i] && sqls[j] && !strcmp(sqls[i], sqls[j]))
                members++;
            else
                sqls[j] = NULL;
        }
        plan_node probe = *a;
        probe.ncols = k;
        probe.types = NULL;
        if (members < 2 || !sqls[i])
            continue;
        /* the estimate of the union: each column's type from a member */
        eng_type *ty = eng_arena_alloc(o->a, sizeof *ty * (size_t)(k + 1));
        if (!ty)
            return eng_err_oom(o->err);
        for (int c = 0; c < k; c++)
            ty[c] = a->spec.table->cols[u[c]].type;
        probe.types = ty;
        if (limit > 0 && est_bytes(&probe) > limit / OPT_SHARED_MEM_SHARE)
            continue;
        for (int j = i; j < l->n; j++) {
            if (!sqls[j] || done[j])
                continue;
            plan_node *m = l->v[j];
            done[j] = true;
            if (m->kind != PN_SCAN)   /* the same node reached twice */
                continue;
            if (reads_exactly(m, u, k))
                m->spec.sql = sqls[j];
            else if ((rc = widen(o, m, u, k, sqls[j])))
                return rc;
        }
    }
    return ENG_OK;
}

/* The plain scan under a pushed aggregate's subtree r (PROJECTs, then a
 * grouped single-step AGG, then PROJECTs and FILTERs), with the AGG in
 * *agg; NULL for any other shape. */
static plan_node *agg_leaf(plan_node *r, plan_node **agg)
{
    while (r && r->kind == PN_PROJECT)
        r = r->child;
    if (!r || r->kind != PN_AGG || r->agg_step != PAS_SINGLE ||
        r->ngroups == 0 || r->nsets > 0)
        return NULL;
    *agg = r;
    r = r->child;
    while (r && (r->kind == PN_PROJECT || r->kind == PN_FILTER))
        r = r->child;
    if (!r || r->kind != PN_SCAN || r->spec.remote || !r->spec.table ||
        !r->catalog || !r->catalog->ops->deparse || plan_scan_waits_for_df(&r->spec))
        return NULL;
    return r;
}

/* True when the aggregate's leaf scan and plain scan b read one table
 * with the same filters: the same statement over the union of their
 * columns. */
static eng_rc same_but_columns(octx *o, const plan_node *leaf,
                               const plan_node *b, bool *same)
{
    *same = false;
    if (b == leaf || !widen_candidates(leaf, b))
        return ENG_OK;
    int *u = eng_arena_alloc(o->a, sizeof *u *
                                       (size_t)(leaf->spec.table->ncols + 1));
    if (!u)
        return eng_err_oom(o->err);
    int k = 0;
    add_cols(u, &k, leaf);
    add_cols(u, &k, b);
    char *x, *y;
    eng_rc rc;
    if ((rc = deparse_cols(o, leaf, u, k, &x)) ||
        (rc = deparse_cols(o, b, u, k, &y)))
        return rc;
    *same = x && y && !strcmp(x, y);
    return ENG_OK;
}

/*
 * The aggregates rule local_agg left in their catalog (a remote subtree
 * that is a grouped aggregate over one plain scan) come back into the
 * engine, over their scan, when another plain scan of the plan reads the
 * same table with the same filters, so that the two share one read: the
 * catalog then reads the table once instead of twice, and runs no GROUP
 * BY (PostgreSQL spills a large one under its work_mem), while the
 * engine aggregates rows it receives anyway. Only for an input of at
 * least OPT_SHARED_AGG_MIN_ROWS estimated rows whose estimated groups
 * (opt_est_groups) are more than OPT_SHARED_AGG_MIN_SHARE of them (fewer
 * groups: the catalog's aggregate keeps most rows off the wire and its
 * GROUP BY fits its memory), whose rows are within the sharing bound and
 * whose groups and rows together are within OPT_SHARED_AGG_MEM_SHARE of
 * the memory limit (the figures at the constants).
 * EXPLAIN: "local (est. groups: G of N rows)" on the aggregate, "shared
 * scan" on the scans. Errors: OOM, connector errors.
 */
static eng_rc unpush_aggs(octx *o, plan_node **slot, const slist *plain,
                          double limit)
{
    plan_node *n = *slot;
    if (!n)
        return ENG_OK;
    if (n->kind == PN_SCAN) {
        plan_node *agg = NULL;
        plan_node *leaf = n->spec.remote ? agg_leaf((plan_node *)n->spec.remote,
                                                    &agg) : NULL;
        if (!leaf || leaf->est_rows < OPT_SHARED_AGG_MIN_ROWS)
            return ENG_OK;
        double g = opt_est_groups(agg->child, agg->groups, agg->ngroups,
                                  agg->child->est_rows);
        if (g <= OPT_SHARED_AGG_MIN_SHARE * agg->child->est_rows)
            return ENG_OK;
        for (int i = 0; i < plain->n; i++) {
            bool same;
            eng_rc rc = same_but_columns(o, leaf, plain->v[i], &same);
            if (rc)
                return rc;
            if (!same)
                continue;
            plan_node probe = *leaf;
            int *u = eng_arena_alloc(o->a, sizeof *u *
                                     (size_t)(leaf->spec.table->ncols + 1));
            eng_type *ty = eng_arena_alloc(o->a, sizeof *ty *
                                     (size_t)(leaf->spec.table->ncols + 1));
            if (!u || !ty)
                return eng_err_oom(o->err);
            int k = 0;
            add_cols(u, &k, leaf);
            add_cols(u, &k, plain->v[i]);
            for (int c = 0; c < k; c++)
                ty[c] = leaf->spec.table->cols[u[c]].type;
            probe.ncols = k;
            probe.types = ty;
            double rows_bytes = est_bytes(&probe);
            double grp = OPT_SHARED_AGG_SLOT_BYTES +
                         OPT_SHARED_AGG_BYTES_PER_AGG * agg->naggs;
            for (int c = 0; c < agg->ngroups; c++)
                grp += (double)eng_type_width(agg->groups[c]->type.id) + 1.0 +
                       (eng_type_is_str(agg->groups[c]->type.id)
                        ? OPT_SHARED_STR_BYTES : 0.0);
            if (limit > 0 &&
                (rows_bytes > limit / OPT_SHARED_MEM_SHARE ||
                 rows_bytes + g * grp > limit / OPT_SHARED_AGG_MEM_SHARE))
                return ENG_OK;
            /* the leaf runs as a plain scan now: its own statement */
            if ((rc = deparse_cols(o, leaf, leaf->spec.cols, leaf->spec.ncols,
                                   &leaf->spec.sql)))
                return rc;
            agg->est_local = true;
            agg->est_groups = g;
            agg->est_in = agg->child->est_rows;
            *slot = (plan_node *)n->spec.remote;
            return ENG_OK;
        }
        return ENG_OK;
    }
    eng_rc rc;
    if ((rc = unpush_aggs(o, &n->child, plain, limit)) ||
        (rc = unpush_aggs(o, &n->left, plain, limit)))
        return rc;
    return unpush_aggs(o, &n->right, plain, limit);
}

/*
 * Marks every group of two or more scans of the plan under root that
 * send the same SQL to the same catalog with one share_id (1, 2, ...)
 * and their number of uses, unless the rows' estimated bytes are over
 * the bound (see the file comment): then share_uses and share_bytes
 * only, for EXPLAIN. Errors: OOM.
 */
eng_rc opt_shared_scans(octx *o, plan_node **root)
{
    slist l = { NULL, 0, 0 };
    eng_rc rc = collect(o, *root, &l);
    if (rc)
        return rc;
    double limit = o->c && o->c->mem_limit > 0 ? (double)o->c->mem_limit : 0;
    if (!(o->c && (o->c->opt_off & SESS_OPT_LOCAL_AGG)) &&
        (rc = unpush_aggs(o, root, &l, limit)))
        return rc;
    l.n = 0;                  /* aggregates' scans may have come back */
    if ((rc = collect(o, *root, &l)))
        return rc;
    if ((rc = widen_scans(o, &l, limit)))
        return rc;
    l.n = 0;                  /* widened scans moved under projections */
    if ((rc = collect(o, *root, &l)))
        return rc;
    bool *done = l.n ? eng_arena_calloc(o->a, sizeof *done * (size_t)l.n)
                     : NULL;
    if (l.n && !done)
        return eng_err_oom(o->err);
    int next_id = 0;
    for (int i = 0; i < l.n; i++) {
        if (done[i])
            continue;
        int uses = 1;
        for (int j = i + 1; j < l.n; j++)
            if (!done[j] && same_read(l.v[i], l.v[j]))
                uses++;
        if (uses < 2)
            continue;
        double bytes = est_bytes(l.v[i]);
        bool share = limit <= 0 || bytes <= limit / OPT_SHARED_MEM_SHARE;
        int id = share ? ++next_id : 0;
        for (int j = i; j < l.n; j++) {
            if (done[j] || (j > i && !same_read(l.v[i], l.v[j])))
                continue;
            done[j] = true;
            l.v[j]->share_id = id;
            l.v[j]->share_uses = uses;
            l.v[j]->share_bytes = bytes;
        }
    }
    return ENG_OK;
}
