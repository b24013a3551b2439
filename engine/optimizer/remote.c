/*
 * engine/optimizer/remote.c
 *   Remote subtrees: the largest subtrees of the plan that touch one
 *   catalog, and that its connector accepts node by node
 *   (ops->shippable_node), become a single PN_SCAN whose spec.remote is
 *   the subtree; the connector then deparses all of it into one remote
 *   statement (the whole query when it touches one catalog).
 * Interface: opt_remote, opt_remote_ok.
 * Not here: which node shapes a catalog computes exactly like the engine
 *   (the connector's whitelist, connector/sql_ship.c over its dialect), the SQL
 *   (connector/sql_deparse.c, in the connector's dialect).
 *
 * Rules:
 *   - a subtree is remote when every node is accepted by the connector of
 *     the one catalog all its scans read (same eng_catalog);
 *   - only a subtree that does work a single scan cannot (a join, an
 *     aggregate, DISTINCT or a sort) is collapsed: a filtered scan stays a
 *     plain scan, as before;
 *   - order: a SORT may only be the root of a remote subtree, or the child
 *     of a LIMIT root, because only the outermost SELECT's order survives
 *     in SQL. A node over an ordered input (SORT, LIMIT over SORT) other
 *     than a LIMIT therefore stays local and the ordered input becomes its
 *     own remote subtree; the local node above keeps the order (projects
 *     and limits stream).
 *   - local aggregates (rule local_agg): a grouped AGG that would run in
 *     its catalog stays in the engine over the pushed scan (its filters
 *     and projections, or a join inside the catalog) when the estimates
 *     say it hardly reduces its input: estimated groups (opt_est_groups,
 *     the distinct values of the group columns) above
 *     OPT_LOCAL_AGG_MIN_SHARE of at least OPT_LOCAL_AGG_MIN_ROWS input
 *     rows. PostgreSQL runs such a GROUP BY under its work_mem (4 MB by
 *     default) and spills its hash table to disk in dozens of batches,
 *     while the engine's hash aggregate keeps it in memory; the rows
 *     cross the wire either way. A query that is one catalog as a whole
 *     is still pushed entirely (the user sees that catalog's own plan,
 *     and no engine work is added to a query the catalog answers
 *     alone). Without estimates nothing changes. Measurements: see
 *     the constants.
 * Runs after pushdown and pruning, so scans hold their filters and read
 * only the columns used; the collapsed node keeps the subtree root's
 * output columns and types, so nothing above changes.
 */
#include <string.h>
#include "opt_int.h"

/*
 * Rule local_agg's thresholds (see the file comment), set by measurement
 * with tests/bench/run_mesh_bench.sh's models, rule on against off,
 * alternating (figures: engine/optimizer/README.md step 5). At SF=10,000
 * the orders model (payments by order_id, 79% of the rows) ran 2x faster
 * local; the customers model (orders by user_id, 59%) 13% faster but at
 * 171 MB peak against its 150 MB bound: the engine holds every group, so
 * the share is set above it. 100,000 rows: the smallest input measured
 * (SF=1,000's 113,000 payments, faster local).
 */
#define OPT_LOCAL_AGG_MIN_SHARE 0.75
#define OPT_LOCAL_AGG_MIN_ROWS  100000.0

/* What the bottom-up walk knows of a subtree. */
typedef struct rinfo {
    bool ok;                  /* the whole subtree can run remotely */
    eng_catalog *cat;         /* in this catalog */
    bool work;                /* it holds a join/aggregate/distinct/sort */
    bool ordered;             /* its output order matters (SORT root) */
} rinfo;

/* Replaces *slot (a remote-able subtree in catalog cat) by a PN_SCAN
 * reading it remotely. */
static eng_rc collapse(octx *o, plan_node **slot, eng_catalog *cat)
{
    plan_node *sub = *slot;
    plan_node *s = eng_arena_calloc(o->a, sizeof *s);
    if (!s)
        return eng_err_oom(o->err);
    s->kind = PN_SCAN;
    s->ncols = sub->ncols;
    s->types = sub->types;
    s->names = sub->names;
    s->catalog = cat;
    s->limit = -1;
    s->est_rows = sub->est_rows;
    s->spec.remote = sub;
    s->spec.ncols = sub->ncols;
    s->spec.limit = -1;
    *slot = s;
    return ENG_OK;
}

/* Asks cat's connector whether it computes node n remotely. */
static bool node_ok(octx *o, eng_catalog *cat, const plan_node *n)
{
    void *state = NULL;
    eng_error scratch;
    if (!cat || !cat->ops || !cat->ops->shippable_node || !cat->ops->deparse)
        return false;
    /* a catalog that cannot open simply keeps its work local; the scan
     * will report the error when it runs */
    if (sess_catalog_state(cat, &state, &scratch) != ENG_OK)
        return false;
    (void)o;
    return cat->ops->shippable_node(state, n);
}

static eng_rc walk(octx *o, plan_node **slot, rinfo *out);

/*
 * True when the grouped aggregate n (over a subtree its catalog could
 * run) should stay local by the estimates (rule local_agg); records the
 * estimate on n for EXPLAIN then.
 */
static bool keep_agg_local(octx *o, plan_node *n)
{
    if ((o->c && (o->c->opt_off & SESS_OPT_LOCAL_AGG)) ||
        n->agg_step != PAS_SINGLE || n->ngroups == 0 || n->nsets > 0 ||
        !n->child)
        return false;
    double rows = n->child->est_rows;
    if (rows < OPT_LOCAL_AGG_MIN_ROWS)
        return false;
    double g = opt_est_groups(n->child, n->groups, n->ngroups, rows);
    if (g <= 0 || g <= OPT_LOCAL_AGG_MIN_SHARE * rows)
        return false;
    n->est_local = true;
    n->est_groups = g;
    n->est_in = rows;
    return true;
}

/* Collapses the child at *slot when it is a remote-able subtree with
 * work, since its parent stays local. */
static eng_rc settle(octx *o, plan_node **slot, const rinfo *ri)
{
    if (ri->ok && ri->work)
        return collapse(o, slot, ri->cat);
    return ENG_OK;
}

/*
 * Walks the subtree at *slot bottom-up. Fills *out for it; every child
 * subtree that can run remotely under a parent that cannot is collapsed
 * on the way. The root itself is collapsed by the caller.
 */
static eng_rc walk(octx *o, plan_node **slot, rinfo *out)
{
    plan_node *n = *slot;
    rinfo a = { 0 }, b = { 0 };
    eng_rc rc;
    memset(out, 0, sizeof *out);
    if (n->kind == PN_SCAN) {
        out->cat = n->catalog;
        out->ok = !n->spec.remote && node_ok(o, n->catalog, n);
        return ENG_OK;
    }
    if (n->child && (rc = walk(o, &n->child, &a)))
        return rc;
    if (n->left && (rc = walk(o, &n->left, &a)))
        return rc;
    if (n->right && (rc = walk(o, &n->right, &b)))
        return rc;
    switch (n->kind) {
    case PN_FILTER: case PN_PROJECT: case PN_AGG: case PN_DISTINCT:
    case PN_SORT: case PN_LIMIT:
        out->ok = a.ok && (!a.ordered || n->kind == PN_LIMIT) &&
                  node_ok(o, a.cat, n);
        out->cat = a.cat;
        out->work = a.work || n->kind == PN_AGG || n->kind == PN_DISTINCT ||
                    n->kind == PN_SORT;
        out->ordered = n->kind == PN_SORT ||
                       (n->kind == PN_LIMIT && a.ordered);
        if (out->ok && n->kind == PN_AGG && !o->whole_remote &&
            keep_agg_local(o, n))
            out->ok = false;
        if (!out->ok)
            return settle(o, &n->child, &a);
        return ENG_OK;
    case PN_JOIN:
        out->ok = a.ok && b.ok && a.cat == b.cat && !a.ordered &&
                  !b.ordered && node_ok(o, a.cat, n);
        out->cat = a.cat;
        out->work = true;
        if (!out->ok) {
            if ((rc = settle(o, &n->left, &a)))
                return rc;
            return settle(o, &n->right, &b);
        }
        return ENG_OK;
    default:          /* VALUES, UNION ALL, WINDOW, GROUPID: local */
        if (n->child)
            return settle(o, &n->child, &a);
        if (n->left && (rc = settle(o, &n->left, &a)))
            return rc;
        if (n->right && (rc = settle(o, &n->right, &b)))
            return rc;
        return ENG_OK;
    }
}

/*
 * Collapses every maximal remote-able subtree of *root (see the file
 * comment), *root included. Errors: OOM.
 */
eng_rc opt_remote(octx *o, plan_node **root)
{
    rinfo ri;
    eng_catalog *cat;
    /* a query that is one catalog as a whole keeps its aggregates there */
    o->whole_remote = opt_remote_ok(o, *root, &cat);
    eng_rc rc = walk(o, root, &ri);
    o->whole_remote = false;
    if (rc)
        return rc;
    return settle(o, root, &ri);
}

/*
 * True when the subtree n, as it is, would run as one remote subtree: its
 * scans all read one catalog (*cat), whose connector accepts every node,
 * with no SORT below a node other than a LIMIT (n itself may be one).
 * Changes nothing (the partial aggregation and sort pushdown rules ask
 * before they rewrite).
 */
bool opt_remote_ok(octx *o, const plan_node *n, eng_catalog **cat)
{
    eng_catalog *a = NULL, *b = NULL;
    *cat = NULL;
    if (!n)
        return false;
    switch (n->kind) {
    case PN_SCAN:
        *cat = n->catalog;
        return !n->spec.remote && node_ok(o, n->catalog, n);
    case PN_FILTER: case PN_PROJECT: case PN_AGG: case PN_DISTINCT:
    case PN_LIMIT:
        if (!opt_remote_ok(o, n->child, &a) ||
            (n->child->kind == PN_SORT && n->kind != PN_LIMIT))
            return false;
        *cat = a;
        return node_ok(o, a, n);
    case PN_SORT:               /* only as the subtree's root */
        if (!opt_remote_ok(o, n->child, &a) || n->child->kind == PN_SORT)
            return false;
        *cat = a;
        return node_ok(o, a, n);
    case PN_JOIN:
        if (!opt_remote_ok(o, n->left, &a) || !opt_remote_ok(o, n->right, &b) ||
            a != b || n->left->kind == PN_SORT || n->right->kind == PN_SORT)
            return false;
        *cat = a;
        return node_ok(o, a, n);
    default:
        return false;
    }
}
