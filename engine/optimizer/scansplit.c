/*
 * engine/optimizer/scansplit.c
 *   Split scans (rule scan_split): a plain scan of a large table is
 *   marked to be read as several ctid ranges at once, each on its own
 *   connection, all in one snapshot (eng_scan_spec.split_n).
 * Interface: opt_scan_split.
 * Not here: reading the ranges (exec/scan_reader.c, one thread each),
 *   their snapshot and SQL (connector/pg/pg_split.c), the EXPLAIN text
 *   (plan/explain.c: "split: N ctid ranges over P pages").
 *
 * Why: one COPY is one backend producing rows and one client thread
 * decoding them; a second range puts a second pair to work, which pays
 * when the client has a core to spare (README.md has the measurement).
 *
 * When: a PN_SCAN outside remote subtrees whose catalog can split
 * (ops->split_open) and read ahead (parallel_scans), over a table whose
 * definition says it has ranges (PostgreSQL: a table or a materialized
 * view), with no LIMIT and no dynamic filter pushed (those keep a few
 * rows, or wait for a join before they start: nothing to share out),
 * estimated at scan_split_min_pages pages or more and, by the estimates,
 * keeping at least a quarter of its rows through its filters (0 pages:
 * every such scan, even of a table never analyzed, whatever its filters:
 * the tests force splits this way), and
 * none whose order matters: none on the probe side of a join that keeps
 * its probe order (sort_pushdown; such a side is a sorted remote subtree
 * anyway), none on an apply's right side (rerun per outer row, read
 * synchronously); and none in a plan with two or more scans estimated at
 * SPLIT_BUSY_ROWS rows or more (they already read at once: the cores are
 * busy; unless forced). Not in transaction mode, nor with parallel_scan off:
 * the executor reads those scans whole (exec/op_scan.c checks again at
 * execution). The scan's SQL stays the whole scan's; each range adds its
 * ctid condition when it starts.
 */
#include "opt_int.h"

/* A scan whose filters keep less than this share of the table's rows
 * (by the estimates) is read whole: in the bench's selective query
 * (customers where id = 4242, one row of a million through the primary
 * key) a split read 1 + 0 rows and added a second connection and the
 * snapshot's exchanges to a statement of a few milliseconds (that run:
 * 1.18x the warehouse). */
#define SPLIT_MIN_SHARE 0.25

/* A scan estimated at this many rows or more keeps a core busy while it
 * reads (one backend, one decoding thread); see opt_scan_split. */
#define SPLIT_BUSY_ROWS 100000.0

/* Marks the splittable scans of the subtree at n (file comment). */
static void mark(octx *o, plan_node *n)
{
    if (!n)
        return;
    if (n->kind == PN_SCAN) {
        eng_scan_spec *sp = &n->spec;
        const eng_table_def *t = sp->table;
        const eng_connector_ops *ops = n->catalog ? n->catalog->ops : NULL;
        if (!ops || !ops->split_open || !ops->parallel_scans ||
            sp->remote || sp->limit >= 0 || sp->ndf > 0 || !t ||
            !t->ranges)
            return;
        if (o->c->split_min_pages > 0 &&
            (t->est_pages < (double)o->c->split_min_pages ||
             /* a selective filter: few rows cross the wire, maybe
              * through an index, and a second connection would add
              * its start to a fast statement */
             (n->est_rows > 0 && t->est_rows > 0 &&
              n->est_rows < t->est_rows * SPLIT_MIN_SHARE)))
            return;
        sp->split_n = o->c->split_ranges;
        sp->split_pages = t->est_pages > 0 ? (int64_t)t->est_pages : 0;
        return;
    }
    if (n->kind == PN_APPLY) {
        mark(o, n->left);
        return;
    }
    if (!(n->kind == PN_JOIN && n->keep_order))
        mark(o, n->left);
    mark(o, n->right);
    mark(o, n->child);
}

/* Scans of the subtree at n estimated to return at least
 * SPLIT_BUSY_ROWS rows (remote subtrees included: their scans read at
 * once like the others). */
static int busy_scans(const plan_node *n)
{
    if (!n)
        return 0;
    if (n->kind == PN_SCAN)
        return n->est_rows >= SPLIT_BUSY_ROWS;
    return busy_scans(n->left) + busy_scans(n->right) + busy_scans(n->child);
}

/* Marks every scan the rule splits (file comment). Never fails. */
eng_rc opt_scan_split(octx *o, plan_node *root)
{
    if (!o->c || sess_txn_mode(o->c) || o->c->split_ranges < 2)
        return ENG_OK;
    /* Two or more large scans already read at once (parallel_scan), each
     * a backend and a decoding thread: the cores are busy, and ranges
     * only add connections and snapshot exchanges (the bench's customers
     * model, four large scans: 1.85 s split against 1.60 s unsplit, the
     * same run in which the lone full scan went 0.46 -> 0.32 s). Forced
     * splits (scan_split_min_pages = 0) still split, for the tests. */
    if (o->c->split_min_pages > 0 && busy_scans(root) > 1)
        return ENG_OK;
    mark(o, root);
    return ENG_OK;
}
