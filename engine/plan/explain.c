/*
 * engine/plan/explain.c
 *   A plan as indented text, one node per line (EXPLAIN, tests).
 * Interface: plan_explain, plan_explain_rows.
 * Not here: expression text (plan_util.c).
 *
 * Each line names the node and what it does, children indented two
 * spaces below their parent:
 *   Limit 10
 *     Sort keys: #1 DESC NULLS LAST
 *       Aggregate groups: #0 aggs: count(*), sum(#2)
 *         HashJoin[LEFT] keys: #0 = #3
 *           Scan[db.public.customers] columns: id, name sql: SELECT ...
 *           Scan[db.public.orders] columns: id, customer_id, amount
 * Join keys and residuals number the right side's columns after the
 * left's (#3 above is the right input's column 0 when the left has 3),
 * as the residual predicate does. Scan filters number the table's columns.
 * A remote subtree prints as RemoteQuery[catalog] with its SQL, the nodes
 * the catalog computes indented two levels below it. Optimizer steps
 * show as "build: swapped" (build side mirrored), "dynamic filter: dfN <-
 * key" on a join and "dynamic filters: col IN dfN" on the scan it feeds;
 * decisions taken from the catalogs' estimates show what they were taken
 * from: "est. groups: G of R rows" on an Aggregate[partial], "partial:
 * skipped (est. groups: G of R rows)" on an aggregate the rule left
 * whole, "dynamic filter: skipped (est. keys: K of D)" on a join.
 */
#include <string.h>
#include "plan.h"
#include "plan_int.h"

static const char *join_name(plan_join_type j)
{
    switch (j) {
    case PJ_INNER: return "INNER";
    case PJ_LEFT: return "LEFT";
    case PJ_RIGHT: return "RIGHT";
    case PJ_FULL: return "FULL";
    case PJ_CROSS: return "CROSS";
    case PJ_SEMI: return "SEMI";
    case PJ_ANTI: return "ANTI";
    case PJ_MARK: return "MARK";
    case PJ_SINGLE: return "SINGLE";
    }
    return "?";
}

static const char *agg_name(plan_agg_kind k)
{
    switch (k) {
    case PA_COUNT_STAR:
    case PA_COUNT: return "count";
    case PA_SUM: return "sum";
    case PA_MIN: return "min";
    case PA_MAX: return "max";
    case PA_AVG: return "avg";
    case PA_VAR_SAMP: return "var_samp";
    case PA_VAR_POP: return "var_pop";
    case PA_STDDEV_SAMP: return "stddev_samp";
    case PA_STDDEV_POP: return "stddev_pop";
    case PA_ARBITRARY: return "arbitrary";
    case PA_MAX_BY: return "max_by";
    case PA_MIN_BY: return "min_by";
    case PA_LISTAGG: return "listagg";
    case PA_ARRAY_AGG: return "array_agg";
    case PA_APPROX_PERCENTILE: return "approx_percentile";
    }
    return "?";
}

/* An aggregate's ORDER BY keys after `lead` (nothing without keys); NULLS
 * FIRST where it differs from Trino's default NULLS LAST. */
static void agg_order_text(eng_strbuf *t, const plan_agg *g, const char *lead)
{
    for (int k = 0; k < g->norder; k++) {
        eng_sb_puts(t, k ? ", " : lead);
        plan_text_expr(t, g->order[k], 0);
        if (g->order_desc[k])
            eng_sb_puts(t, " DESC");
        if (g->order_nulls_first[k])
            eng_sb_puts(t, " NULLS FIRST");
    }
}

static const char *win_name(plan_win_kind k)
{
    static const char *const names[] = {
        "row_number", "rank", "dense_rank", "percent_rank", "cume_dist",
        "ntile", "lag", "lead", "first_value", "last_value", "nth_value" };
    return k < PW_AGG ? names[k] : "?";
}

/* " ROWS|RANGE BETWEEN start AND end" of window function w. */
static void frame_text(eng_strbuf *t, const plan_winfunc *w)
{
    const plan_frame_bound b[2] = { w->start, w->end };
    const plan_expr *off[2] = { w->start_off, w->end_off };
    eng_sb_puts(t, w->rows ? " ROWS BETWEEN " : w->groups ? " GROUPS BETWEEN "
                : " RANGE BETWEEN ");
    for (int i = 0; i < 2; i++) {
        if (i)
            eng_sb_puts(t, " AND ");
        switch (b[i]) {
        case PF_UNBOUNDED_PRECEDING: eng_sb_puts(t, "UNBOUNDED PRECEDING"); break;
        case PF_CURRENT_ROW: eng_sb_puts(t, "CURRENT ROW"); break;
        case PF_UNBOUNDED_FOLLOWING: eng_sb_puts(t, "UNBOUNDED FOLLOWING"); break;
        case PF_PRECEDING:
        case PF_FOLLOWING:
            plan_text_expr(t, off[i], 0);
            eng_sb_puts(t, b[i] == PF_PRECEDING ? " PRECEDING" : " FOLLOWING");
            break;
        }
    }
}

/* Appends a comma-separated list of expressions. */
static void expr_list(eng_strbuf *t, plan_expr **es, int n, int off)
{
    for (int i = 0; i < n; i++) {
        if (i)
            eng_sb_puts(t, ", ");
        plan_text_expr(t, es[i], off);
    }
}

/* The catalog of the first table a subtree reads ("?" if none). */
static const char *first_catalog(const plan_node *n)
{
    if (!n)
        return NULL;
    if (n->kind == PN_SCAN)
        return n->spec.remote ? first_catalog(n->spec.remote)
               : n->spec.table ? n->spec.table->catalog : NULL;
    const char *c = first_catalog(n->child);
    if (!c)
        c = first_catalog(n->left);
    if (!c)
        c = first_catalog(n->right);
    return c;
}

/* What rule shared_scan decided for scan n (optimizer/sharedscan.c). */
static void share_text(eng_strbuf *t, const plan_node *n)
{
    if (n->share_id > 0)
        eng_sb_printf(t, " shared scan: %d uses", n->share_uses);
    else if (n->share_uses > 1)
        eng_sb_printf(t, " shared scan: skipped (%d uses, est. %.0f bytes)",
                      n->share_uses, n->share_bytes);
}

static void scan_line(eng_strbuf *t, const plan_node *n)
{
    const eng_scan_spec *sp = &n->spec;
    const eng_table_def *td = sp->table;
    if (sp->remote) {
        const char *cat = first_catalog(sp->remote);
        eng_sb_printf(t, "RemoteQuery[%s]", cat ? cat : "?");
        share_text(t, n);
        if (sp->sql)
            eng_sb_printf(t, " sql: %s", sp->sql);
        return;
    }
    const char *cat = td && td->catalog ? td->catalog
                      : "?";
    eng_sb_printf(t, "Scan[%s.%s.%s]", cat,
                    td && td->schema ? td->schema : "?",
                    td && td->name ? td->name : "?");
    if (td) {
        eng_sb_puts(t, " columns: ");
        for (int i = 0; i < sp->ncols; i++) {
            int c = sp->cols[i];
            if (i)
                eng_sb_puts(t, ", ");
            if (c >= 0 && c < td->ncols && td->cols[c].name)
                eng_sb_puts(t, td->cols[c].name);
            else
                eng_sb_printf(t, "#%d", c);
        }
        if (sp->ncols == 0)
            eng_sb_puts(t, "(none)");
    }
    if (sp->nfilters > 0) {
        eng_sb_puts(t, " filters: ");
        for (int i = 0; i < sp->nfilters; i++) {
            if (i)
                eng_sb_puts(t, " AND ");
            plan_text_expr(t, sp->filters[i], 0);
        }
    }
    if (sp->limit >= 0)
        eng_sb_printf(t, " limit: %lld", (long long)sp->limit);
    for (int i = 0; td && i < sp->ndf; i++) {
        int c = sp->df[i].col;
        eng_sb_printf(t, "%s%s IN df%d", i ? ", " : " dynamic filters: ",
                         c >= 0 && c < td->ncols && td->cols[c].name
                             ? td->cols[c].name : "?", sp->df[i].slot);
    }
    if (sp->split_n > 1) {
        if (sp->split_pages > 0)
            eng_sb_printf(t, " split: %d ctid ranges over %lld pages",
                          sp->split_n, (long long)sp->split_pages);
        else
            eng_sb_printf(t, " split: %d ctid ranges (pages unknown)",
                          sp->split_n);
    }
    share_text(t, n);
    if (sp->sql)
        eng_sb_printf(t, " sql: %s", sp->sql);
}

/* EXPLAIN ANALYZE: stats per node, or NULL. */
typedef struct rows_cb {
    bool (*fn)(void *arg, const plan_node *n, plan_node_stats *out);
    void *arg;
} rows_cb;

/* Appends a byte count as Trino prints data sizes: B, kB, MB, GB with
 * two decimals above bytes. */
static void put_bytes(eng_strbuf *t, int64_t n)
{
    static const char *const unit[] = { "B", "kB", "MB", "GB", "TB" };
    double v = (double)n;
    int u = 0;
    while (v >= 1024 && u < 4) {
        v /= 1024;
        u++;
    }
    if (u == 0)
        eng_sb_printf(t, "%lldB", (long long)n);
    else
        eng_sb_printf(t, "%.2f%s", v, unit[u]);
}

/* Appends " [rows: N[ from catalog], bytes: X[, wire: W], time: T ms
 * [, ranges: R0 + R1 ...][, spilled: R runs, B]]" (" from catalog" and a
 * split read's rows per range for a scan). */
static void put_stats(eng_strbuf *t, bool scan, const plan_node_stats *st)
{
    eng_sb_printf(t, " [rows: %lld%s", (long long)st->rows,
                  scan ? " from catalog" : "");
    if (st->bytes >= 0) {
        eng_sb_puts(t, ", bytes: ");
        put_bytes(t, st->bytes);
    }
    if (st->wire_bytes >= 0) {
        eng_sb_puts(t, ", wire: ");
        put_bytes(t, st->wire_bytes);
    }
    if (st->time_ns >= 0)
        eng_sb_printf(t, ", time: %.3f ms", (double)st->time_ns / 1e6);
    for (int i = 0; scan && i < st->nranges && i < PLAN_SPLIT_MAX; i++)
        eng_sb_printf(t, "%s%lld", i ? " + " : ", ranges: ",
                      (long long)st->range_rows[i]);
    if (st->spill_runs > 0) {
        eng_sb_printf(t, ", spilled: %lld run%s, ", (long long)st->spill_runs,
                      st->spill_runs == 1 ? "" : "s");
        put_bytes(t, st->spill_bytes);
    }
    eng_sb_puts(t, "]");
}

static void node_text(eng_strbuf *t, const plan_node *n, int depth,
                      const rows_cb *rc)
{
    for (int i = 0; i < depth; i++)
        eng_sb_puts(t, "  ");
    if (!n) {
        eng_sb_puts(t, "<null>");
        return;
    }
    switch (n->kind) {
    case PN_SCAN:
        scan_line(t, n);
        break;
    case PN_VALUES:
        eng_sb_printf(t, "Values %d row%s", n->nrows,
                        n->nrows == 1 ? "" : "s");
        break;
    case PN_FILTER:
        eng_sb_puts(t, "Filter ");
        plan_text_expr(t, n->pred, 0);
        break;
    case PN_PROJECT:
        eng_sb_puts(t, "Project ");
        expr_list(t, n->exprs, n->ncols, 0);
        break;
    case PN_JOIN: {
        int off = n->left ? n->left->ncols : 0;
        eng_sb_printf(t, "HashJoin[%s]", join_name(n->join_type));
        if (n->nkeys > 0) {
            eng_sb_puts(t, " keys: ");
            for (int i = 0; i < n->nkeys; i++) {
                if (i)
                    eng_sb_puts(t, " AND ");
                plan_text_expr(t, n->lkeys[i], 0);
                eng_sb_puts(t, " = ");
                plan_text_expr(t, n->rkeys[i], off);
            }
        }
        if (n->residual) {
            eng_sb_puts(t, " filter: ");
            plan_text_expr(t, n->residual, 0);
        }
        if (n->null_aware)
            eng_sb_puts(t, " null-aware");
        if (n->mark_test) {
            eng_sb_puts(t, " test: ");
            plan_text_expr(t, n->mark_test, 0);
        }
        if (n->swapped)
            eng_sb_puts(t, " build: swapped");
        if (n->keep_order)
            eng_sb_puts(t, " order: probe");
        if (n->has_df && n->df_key >= 0 && n->df_key < n->nkeys) {
            eng_sb_printf(t, " dynamic filter: df%d <- ", n->df_slot);
            plan_text_expr(t, n->rkeys[n->df_key], off);
        } else if (n->est_skipped) {
            eng_sb_printf(t, " dynamic filter: skipped (est. keys: %.0f of "
                          "%.0f)", n->est_groups, n->est_in);
        }
        break;
    }
    case PN_APPLY: {
        static const char *const kn[] = { "EXISTS", "SCALAR", "ANY",
                                          "LATERAL" };
        eng_sb_printf(t, "Apply[%s%s] slots %d..", kn[n->apply_kind],
                      n->apply_kind == PSQ_LATERAL && n->join_type == PJ_LEFT
                      ? " LEFT" : "", n->corr_base);
        if (n->nparams > 0) {
            eng_sb_puts(t, " = ");
            expr_list(t, n->params, n->nparams, 0);
        }
        if (n->mark_test) {
            eng_sb_puts(t, " test: ");
            plan_text_expr(t, n->mark_test, 0);
        }
        break;
    }
    case PN_SETOP:
        eng_sb_printf(t, "%s%s", n->setop == PS_INTERSECT ? "Intersect"
                                                          : "Except",
                      n->setop_all ? " ALL" : "");
        break;
    case PN_AGG:
        eng_sb_puts(t, n->agg_step == PAS_PARTIAL ? "Aggregate[partial]"
                       : n->agg_step == PAS_FINAL ? "Aggregate[final]"
                       : "Aggregate");
        if (n->ngroups > 0) {
            eng_sb_puts(t, " groups: ");
            expr_list(t, n->groups, n->ngroups, 0);
        }
        if (n->naggs > 0) {
            eng_sb_puts(t, " aggs: ");
            for (int i = 0; i < n->naggs; i++) {
                const plan_agg *g = &n->aggs[i];
                if (i)
                    eng_sb_puts(t, ", ");
                eng_sb_printf(t, "%s(", agg_name(g->kind));
                if (g->kind == PA_COUNT_STAR || !g->arg) {
                    eng_sb_puts(t, "*");
                } else {
                    if (g->distinct)
                        eng_sb_puts(t, "DISTINCT ");
                    plan_text_expr(t, g->arg, 0);
                    if (g->arg2) {
                        eng_sb_puts(t, ", ");
                        plan_text_expr(t, g->arg2, 0);
                    }
                    if (g->kind == PA_LISTAGG) {
                        eng_sb_puts(t, ", '");
                        eng_sb_add(t, g->sep.ptr, g->sep.len);
                        eng_sb_puts(t, "'");
                        if (g->truncate) {
                            eng_sb_puts(t, " ON OVERFLOW TRUNCATE '");
                            eng_sb_add(t, g->filler.ptr, g->filler.len);
                            eng_sb_puts(t, g->with_count ? "' WITH COUNT"
                                                         : "' WITHOUT COUNT");
                        }
                    }
                }
                if (g->kind != PA_LISTAGG)
                    agg_order_text(t, g, " ORDER BY ");
                eng_sb_puts(t, ")");
                if (g->kind == PA_LISTAGG) {
                    agg_order_text(t, g, " WITHIN GROUP (ORDER BY ");
                    if (g->norder)
                        eng_sb_puts(t, ")");
                }
                if (g->filter) {
                    eng_sb_puts(t, " FILTER (WHERE ");
                    plan_text_expr(t, g->filter, 0);
                    eng_sb_puts(t, ")");
                }
            }
        }
        /* why partial aggregation did or did not happen here */
        if (n->est_local)
            eng_sb_printf(t, " local (est. groups: %.0f of %.0f rows)",
                          n->est_groups, n->est_in);
        else if (n->est_skipped)
            eng_sb_printf(t, " partial: skipped (est. groups: %.0f of %.0f "
                          "rows)", n->est_groups, n->est_in);
        else if (n->agg_step == PAS_PARTIAL && n->est_groups > 0)
            eng_sb_printf(t, " est. groups: %.0f of %.0f rows",
                          n->est_groups, n->est_in);
        break;
    case PN_SORT:
        eng_sb_puts(t, "Sort keys: ");
        for (int i = 0; i < n->nsort; i++) {
            if (i)
                eng_sb_puts(t, ", ");
            plan_text_expr(t, n->sort_keys[i], 0);
            bool desc = n->sort_desc && n->sort_desc[i];
            bool nf = n->sort_nulls_first && n->sort_nulls_first[i];
            eng_sb_printf(t, " %s NULLS %s", desc ? "DESC" : "ASC",
                            nf ? "FIRST" : "LAST");
        }
        break;
    case PN_LIMIT:
        if (n->limit >= 0)
            eng_sb_printf(t, "Limit %lld", (long long)n->limit);
        else
            eng_sb_puts(t, "Limit ALL");
        if (n->offset > 0)
            eng_sb_printf(t, " offset %lld", (long long)n->offset);
        break;
    case PN_UNION_ALL:
        eng_sb_puts(t, "UnionAll");
        break;
    case PN_DISTINCT:
        eng_sb_puts(t, "Distinct");
        break;
    case PN_RECURSIVE:
        eng_sb_printf(t, "RecursiveUnion #%d max depth: %d", n->rec_id,
                      n->rec_max_depth);
        break;
    case PN_WORKTABLE:
        eng_sb_printf(t, "WorkTable #%d", n->rec_id);
        break;
    case PN_UNNEST:
        eng_sb_puts(t, "Unnest");
        for (int i = 0; n->unnest_values && i < n->unnest_narr; i++) {
            eng_sb_puts(t, i ? ", " : " ");
            plan_text_expr(t, n->groups[i], 0);
        }
        for (int i = 0; !n->unnest_values && i < n->unnest_narr; i++) {
            eng_sb_puts(t, i ? ", [" : " [");
            for (int j = 0; j < n->unnest_len; j++) {
                if (j)
                    eng_sb_puts(t, ", ");
                plan_text_expr(t, n->groups[j * n->unnest_narr + i], 0);
            }
            eng_sb_puts(t, "]");
        }
        if (n->unnest_ordinality)
            eng_sb_puts(t, " WITH ORDINALITY");
        break;
    case PN_GROUPID:
        eng_sb_puts(t, "GroupId keys: ");
        expr_list(t, n->groups, n->ngroups, 0);
        eng_sb_puts(t, " sets:");
        for (int k = 0; k < n->nsets; k++) {
            eng_sb_puts(t, " (");
            for (int g = 0, first = 1; g < n->ngroups; g++)
                if (n->gset_masks[k] >> g & 1) {
                    eng_sb_printf(t, "%s#%d", first ? "" : ", ",
                                  n->child->ncols + g);
                    first = 0;
                }
            eng_sb_puts(t, ")");
        }
        break;
    case PN_WINDOW:
        eng_sb_puts(t, "Window");
        if (n->npart > 0) {
            eng_sb_puts(t, " partition: ");
            expr_list(t, n->part_keys, n->npart, 0);
        }
        if (n->nsort > 0) {
            eng_sb_puts(t, " order: ");
            for (int i = 0; i < n->nsort; i++) {
                if (i)
                    eng_sb_puts(t, ", ");
                plan_text_expr(t, n->sort_keys[i], 0);
                eng_sb_printf(t, " %s NULLS %s",
                              n->sort_desc[i] ? "DESC" : "ASC",
                              n->sort_nulls_first[i] ? "FIRST" : "LAST");
            }
        }
        eng_sb_puts(t, " functions: ");
        for (int k = 0; k < n->nwin; k++) {
            const plan_winfunc *w = &n->wins[k];
            if (k)
                eng_sb_puts(t, ", ");
            if (w->kind == PW_AGG) {
                eng_sb_printf(t, "%s(", agg_name(w->agg.kind));
                if (w->agg.arg)
                    plan_text_expr(t, w->agg.arg, 0);
                else
                    eng_sb_puts(t, "*");
                if (w->agg.arg2) {
                    eng_sb_puts(t, ", ");
                    plan_text_expr(t, w->agg.arg2, 0);
                }
                if (w->agg.filter) {
                    eng_sb_puts(t, ") FILTER (WHERE ");
                    plan_text_expr(t, w->agg.filter, 0);
                }
            } else {
                eng_sb_printf(t, "%s(", win_name(w->kind));
                expr_list(t, w->args, w->nargs, 0);
            }
            eng_sb_puts(t, ")");
            if (w->ignore_nulls)
                eng_sb_puts(t, " IGNORE NULLS");
            frame_text(t, w);
        }
        break;
    }
    plan_node_stats st;
    if (rc && rc->fn && rc->fn(rc->arg, n, &st))
        put_stats(t, n->kind == PN_SCAN, &st);
    if (n->kind == PN_SCAN && n->spec.remote) {
        /* what the catalog computes, for the reader; not run locally */
        eng_sb_puts(t, "\n");
        node_text(t, n->spec.remote, depth + 2, NULL);
    }
    if (n->child) {
        eng_sb_puts(t, "\n");
        node_text(t, n->child, depth + 1, rc);
    }
    if (n->left) {
        eng_sb_puts(t, "\n");
        node_text(t, n->left, depth + 1, rc);
    }
    if (n->right) {
        eng_sb_puts(t, "\n");
        node_text(t, n->right, depth + 1, rc);
    }
}

/*
 * Returns the plan rooted at n as text in arena a: one line per node,
 * children indented by two spaces, lines separated by '\n' with no
 * newline after the last. NULL on OOM.
 */
char *plan_explain(eng_arena *a, const plan_node *n)
{
    eng_strbuf t;
    eng_sb_init(&t, a);
    node_text(&t, n, 0, NULL);
    return eng_sb_finish(&t, a);
}

/* One catalog's totals over the scans of an EXPLAIN ANALYZE. */
typedef struct cat_total {
    const char *name;
    int scans;
    plan_node_stats st;
} cat_total;

/* Adds the stats of every scan under n (outside remote subtrees: those
 * run inside the scan that carries them) to its catalog's entry of tot[]
 * (at most max entries, *ntot used). The uses of a shared scan (one
 * remote read, rule shared_scan) count once: the first one met (the
 * executor gives it the read's own stats, exec_stats_of), its bit then
 * set in *shared (ids past 64 count every use). */
static void sum_catalogs(const plan_node *n, const rows_cb *rc,
                         cat_total *tot, int *ntot, int max,
                         uint64_t *shared)
{
    if (!n)
        return;
    plan_node_stats st;
    bool again = false;
    if (n->kind == PN_SCAN && n->share_id > 0 && n->share_id <= 64) {
        uint64_t bit = (uint64_t)1 << (n->share_id - 1);
        again = (*shared & bit) != 0;
        *shared |= bit;
    }
    if (n->kind == PN_SCAN && !again && rc->fn(rc->arg, n, &st)) {
        const char *name = first_catalog(n);
        int i = 0;
        name = name ? name : "?";
        while (i < *ntot && strcmp(tot[i].name, name))
            i++;
        if (i == *ntot && *ntot < max) {
            memset(&tot[i], 0, sizeof tot[i]);
            tot[i].name = name;
            (*ntot)++;
        }
        if (i < *ntot) {
            cat_total *c = &tot[i];
            c->scans++;
            c->st.rows += st.rows;
            c->st.bytes = c->st.bytes < 0 || st.bytes < 0
                          ? -1 : c->st.bytes + st.bytes;
            c->st.wire_bytes = c->st.wire_bytes < 0 || st.wire_bytes < 0
                               ? -1 : c->st.wire_bytes + st.wire_bytes;
            c->st.time_ns = c->st.time_ns < 0 || st.time_ns < 0
                            ? -1 : c->st.time_ns + st.time_ns;
        }
    }
    sum_catalogs(n->child, rc, tot, ntot, max, shared);
    sum_catalogs(n->left, rc, tot, ntot, max, shared);
    sum_catalogs(n->right, rc, tot, ntot, max, shared);
}

/*
 * plan_explain with " [rows: N, bytes: B, time: T ms]" after each node
 * for which stats(arg, n, &st) is true (EXPLAIN ANALYZE; for a scan the
 * rows that came from its catalog and the bytes received from it,
 * "wire"), then a line per catalog with the totals of its scans: the
 * scans' time is the time the query waited for their rows (decoding
 * included). NULL on OOM.
 */
char *plan_explain_stats(eng_arena *a, const plan_node *n,
                         bool (*stats)(void *arg, const plan_node *n,
                                       plan_node_stats *out),
                         void *arg)
{
    eng_strbuf t;
    rows_cb cb = { stats, arg };
    cat_total tot[32];
    int ntot = 0;
    eng_sb_init(&t, a);
    node_text(&t, n, 0, &cb);
    uint64_t shared = 0;
    sum_catalogs(n, &cb, tot, &ntot, 32, &shared);
    for (int i = 0; i < ntot; i++) {
        eng_sb_printf(&t, "\nCatalog %s: %d scan%s", tot[i].name,
                      tot[i].scans, tot[i].scans == 1 ? "" : "s");
        put_stats(&t, false, &tot[i].st);
    }
    return eng_sb_finish(&t, a);
}
