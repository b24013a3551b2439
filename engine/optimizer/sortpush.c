/*
 * engine/optimizer/sortpush.c
 *   Sort pushdown below joins (rule sort_pushdown): an ORDER BY whose keys
 *   read only the probe (left) side of the hash joins under it moves onto
 *   that side, when the side's catalog can then sort it as one remote
 *   subtree; the joins keep their probe order (plan_node.keep_order), so
 *   the rows arrive sorted and nothing is held to sort them.
 * Interface: opt_sort_pushdown.
 * Not here: the joins' order-keeping execution (exec/op_hash_join.c), the
 *   remote subtrees themselves (remote.c, which collapses the moved sort
 *   with its input into one statement).
 *
 * Why: the seed's customers model ends in ORDER BY customer_id over two
 * LEFT joins of the customers table; sorting the joined rows locally
 * held all of them (about 90 bytes a row in the sort's store: 1M rows at
 * SF=10,000). customersdb sorts its own rows by its primary key instead,
 * and the joins stream them through in that order.
 *
 * When: a SORT that is not the direct child of a LIMIT (top-N stays as it
 * is: the catalog would have to sort all probe rows), whose keys, through
 * PROJECTs (substituted) and then the left input of one or more joins,
 * read only columns of a subtree X below the last such join; every join
 * on the way INNER (order kept whatever its residual: each probe row's
 * matches are emitted together, in probe order, and the residual only
 * drops some) or LEFT without residual (an unmatched row is then known at
 * once and emitted in place); X with the new SORT on top must run as one
 * remote subtree (opt_remote_ok), otherwise the rule changes nothing.
 * The joins on the way are marked keep_order, which also keeps the build
 * side rule from swapping their inputs. Ties of the sort keys may come
 * out in another order than the local sort gave: SQL leaves it open.
 */
#include <string.h>
#include "opt_int.h"

#define MAX_CHAIN 64

/* Tries to move the SORT at *slot below the joins under it (see the file
 * comment). Errors: OOM. */
static eng_rc sink(octx *o, plan_node **slot)
{
    plan_node *s = *slot, *chain[MAX_CHAIN];
    plan_node **cur = &s->child;
    int nj = 0, nk = s->nsort;
    plan_expr **keys;
    if (nk <= 0 || !s->sort_keys || !s->child)
        return ENG_OK;
    keys = eng_arena_alloc(o->a, sizeof *keys * (size_t)nk);
    if (!keys)
        return eng_err_oom(o->err);
    memcpy(keys, s->sort_keys, sizeof *keys * (size_t)nk);
    for (;;) {
        plan_node *n = *cur;
        if (n->kind == PN_PROJECT && n->exprs) {
            for (int k = 0; k < nk; k++)
                if (!(keys[k] = opt_subst(o, keys[k], n->exprs)))
                    return ENG_NOMEM;
            cur = &n->child;
            continue;
        }
        if (n->kind == PN_JOIN && nj < MAX_CHAIN && n->left && n->right &&
            n->nkeys > 0 &&
            (n->join_type == PJ_INNER ||
             (n->join_type == PJ_LEFT && !n->residual))) {
            bool left_only = true;
            for (int k = 0; k < nk && left_only; k++) {
                bool any = false;
                left_only = opt_all_below(keys[k], n->left->ncols, &any);
            }
            if (!left_only)
                break;
            chain[nj++] = n;
            cur = &n->left;
            continue;
        }
        break;
    }
    if (nj == 0)
        return ENG_OK;
    plan_node *x = *cur;
    plan_node *ns = plan_node_new(o->a, PN_SORT, x->ncols);
    bool *desc = eng_arena_alloc(o->a, sizeof(bool) * (size_t)nk);
    bool *nf = eng_arena_alloc(o->a, sizeof(bool) * (size_t)nk);
    if (!ns || !desc || !nf)
        return eng_err_oom(o->err);
    for (int i = 0; i < x->ncols; i++) {
        ns->types[i] = x->types[i];
        ns->names[i] = x->names ? x->names[i] : NULL;
    }
    for (int k = 0; k < nk; k++) {
        desc[k] = s->sort_desc && s->sort_desc[k];
        nf[k] = s->sort_nulls_first && s->sort_nulls_first[k];
    }
    ns->child = x;
    ns->nsort = nk;
    ns->sort_keys = keys;
    ns->sort_desc = desc;
    ns->sort_nulls_first = nf;
    ns->est_rows = x->est_rows;
    eng_catalog *cat;
    if (!opt_remote_ok(o, ns, &cat))
        return ENG_OK;          /* a local sort there would gain nothing */
    *cur = ns;
    for (int i = 0; i < nj; i++)
        chain[i]->keep_order = true;
    *slot = s->child;
    return ENG_OK;
}

/* Walks the plan at *slot; under_limit: its parent is a LIMIT. */
static eng_rc walk(octx *o, plan_node **slot, bool under_limit)
{
    plan_node *n = *slot;
    eng_rc rc;
    if (!n || n->kind == PN_SCAN)
        return ENG_OK;
    if (n->kind == PN_SORT && !under_limit) {
        if ((rc = sink(o, slot)))
            return rc;
        n = *slot;
    }
    bool lim = n->kind == PN_LIMIT;
    if ((n->child && (rc = walk(o, &n->child, lim))) ||
        (n->left && (rc = walk(o, &n->left, false))) ||
        (n->right && (rc = walk(o, &n->right, false))))
        return rc;
    return ENG_OK;
}

/*
 * Moves every SORT of the plan at *root that qualifies below its joins
 * (see the file comment). Runs after partial aggregation and before
 * remote subtrees and build sides. Errors: OOM.
 */
eng_rc opt_sort_pushdown(octx *o, plan_node **root)
{
    return walk(o, root, false);
}
