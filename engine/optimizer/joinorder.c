/*
 * engine/optimizer/joinorder.c
 *   Join ordering: every tree of INNER and CROSS joins (a comma join is a
 *   CROSS join whose WHERE conjuncts pushdown made its condition) is
 *   flattened into a join graph, its relations (the tree's other inputs)
 *   and conjuncts (keys and residuals), and rebuilt in the order that the
 *   row estimates make cheapest, under a PROJECT that restores the
 *   original column order.
 * Interface: opt_join_order.
 * Not here: the estimates themselves (buildside.c, opt_estimate_base),
 *   key extraction (pushdown.c, opt_join_keys), which side builds the
 *   hash table (buildside.c).
 *
 * Barriers: any node other than an INNER/CROSS join is a relation of the
 * graph above it and keeps its place: outer joins, the subquery joins
 * (SEMI, ANTI, MARK, SINGLE), PN_APPLY, projections, aggregates. Join
 * trees inside a relation are ordered on their own, first.
 *
 * The search: dynamic programming over all subsets (bushy trees) up to
 * JO_DP_MAX relations, greedy operator ordering above (join the connected
 * pair with the smallest result, repeat). Plans compare first by their
 * number of cross products (a pair of inputs no conjunct connects), then
 * by cost, the sum of the estimated rows of every join (C_out): so a
 * cross product is never chosen while a connected order exists. Estimated
 * rows of a set of relations: the product of their rows times the
 * selectivity of each conjunct among them (an equality: 1 / the largest
 * table row count it reads, a key/foreign-key guess; a range 0.33; else
 * 0.5). The new tree replaces the old only when it has fewer cross
 * products or costs less than JO_GAIN of the old one, so that plans of
 * well-written FROM clauses stay as they were.
 *
 * Results never change: inner joins commute and associate, every
 * conjunct is evaluated at the lowest join that has all its relations
 * (over exactly the rows it was evaluated over before, as far as the
 * result is concerned), and the PROJECT gives the parent the same
 * columns in the same order.
 */
#include <string.h>
#include "opt_int.h"

#define JO_MAX_RELS 64      /* masks are 64 bits; larger graphs stay */
#define JO_DP_MAX 10        /* exhaustive search up to this many */
#define JO_GAIN 0.75        /* replace only when this much cheaper */
#define JO_CARD_MAX 1e300   /* estimates saturate here, never inf */

/* One conjunct of the graph, over the global columns (the concatenation
 * of the relations' columns in their original order). */
typedef struct jconj {
    plan_expr *e;
    uint64_t mask;          /* relations it reads */
    double sel;
} jconj;

typedef struct jgraph {
    octx *o;
    int nrels;
    plan_node *rels[JO_MAX_RELS];
    int off[JO_MAX_RELS];   /* first global column of each relation */
    double rows[JO_MAX_RELS], base[JO_MAX_RELS];
    int ncols;              /* global columns */
    int *relof;             /* global column -> relation */
    jconj *conj;
    int nconj, capconj;
    bool too_big;           /* more than JO_MAX_RELS relations */
} jgraph;

/* A join tree being chosen: a relation (rel >= 0) or a join of l and r. */
typedef struct jtree {
    int rel;
    struct jtree *l, *r;
    uint64_t mask;
    double card, cost;
    int ncross;
} jtree;

static bool is_inner(const plan_node *n)
{
    return n && n->kind == PN_JOIN &&
           (n->join_type == PJ_INNER || n->join_type == PJ_CROSS);
}

static int popcount(uint64_t m)
{
    return __builtin_popcountll(m);
}

static eng_rc add_conj(jgraph *g, plan_expr *e)
{
    octx *o = g->o;
    if (g->nconj == g->capconj) {
        int cap = g->capconj ? 2 * g->capconj : 16;
        jconj *v = eng_arena_alloc(o->a, sizeof *v * (size_t)cap);
        if (!v)
            return eng_err_oom(o->err);
        if (g->nconj)
            memcpy(v, g->conj, sizeof *v * (size_t)g->nconj);
        g->conj = v;
        g->capconj = cap;
    }
    g->conj[g->nconj++] = (jconj){ .e = e };
    return ENG_OK;
}

/* `l = r` as a new boolean expression. */
static plan_expr *equality(octx *o, plan_expr *l, plan_expr *r)
{
    plan_expr *e = plan_expr_new(o->a, PX_OP, eng_type_make(ENG_T_BOOLEAN));
    plan_expr **args = eng_arena_alloc(o->a, sizeof *args * 2);
    if (!e || !args) {
        eng_err_oom(o->err);
        return NULL;
    }
    e->op = PO_EQ;
    e->pos = l->pos;
    e->nargs = 2;
    e->args = args;
    args[0] = l;
    args[1] = r;
    return e;
}

/*
 * Collects the relations and conjuncts of the inner-join tree n whose
 * columns start at global column off. Keys become equalities again, so
 * that every conjunct is one expression over global columns.
 */
static eng_rc flatten(jgraph *g, plan_node *n, int off)
{
    octx *o = g->o;
    if (!is_inner(n)) {
        if (g->nrels == JO_MAX_RELS) {
            g->too_big = true;
            return ENG_OK;
        }
        g->rels[g->nrels] = n;
        g->off[g->nrels++] = off;
        return ENG_OK;
    }
    int nl = n->left->ncols;
    eng_rc rc;
    if ((rc = flatten(g, n->left, off)) ||
        (rc = flatten(g, n->right, off + nl)))
        return rc;
    for (int i = 0; i < n->nkeys; i++) {
        plan_expr *l = opt_shift(o, n->lkeys[i], off);
        plan_expr *r = l ? opt_shift(o, n->rkeys[i], off + nl) : NULL;
        plan_expr *e = r ? equality(o, l, r) : NULL;
        if (!e)
            return ENG_NOMEM;
        if ((rc = add_conj(g, e)))
            return rc;
    }
    xlist res = { 0, 0, NULL };
    if ((rc = opt_conjuncts(o, n->residual, &res)))
        return rc;
    for (int i = 0; i < res.n; i++) {
        plan_expr *e = opt_shift(o, res.v[i], off);
        if (!e)
            return ENG_NOMEM;
        if ((rc = add_conj(g, e)))
            return rc;
    }
    return ENG_OK;
}

/* The relations e reads. */
static uint64_t rels_of(const jgraph *g, const plan_expr *e)
{
    uint64_t m = 0;
    if (e->kind == PX_COLREF && e->col >= 0 && e->col < g->ncols)
        m |= 1ULL << g->relof[e->col];
    for (int i = 0; i < e->nargs; i++)
        m |= rels_of(g, e->args[i]);
    return m;
}

/* Selectivity of a conjunct joining relations (see the file comment). */
static double conj_sel(const jgraph *g, const jconj *c)
{
    const plan_expr *e = c->e;
    if (e->kind == PX_OP && e->op == PO_EQ) {
        double b = 1.0;
        for (int i = 0; i < g->nrels; i++)
            if ((c->mask >> i & 1) && g->base[i] > b)
                b = g->base[i];
        return 1.0 / b;
    }
    if (e->kind == PX_OP && (e->op == PO_LT || e->op == PO_LE ||
                             e->op == PO_GT || e->op == PO_GE))
        return 0.33;
    return 0.5;
}

/* Estimated rows of the join of the relations in m. */
static double card(const jgraph *g, uint64_t m)
{
    double r = 1.0;
    for (int i = 0; i < g->nrels; i++)
        if (m >> i & 1)
            r *= g->rows[i];
    for (int i = 0; i < g->nconj; i++) {
        uint64_t cm = g->conj[i].mask;
        if (popcount(cm) >= 2 && (cm & m) == cm)
            r *= g->conj[i].sel;
    }
    if (r > JO_CARD_MAX)
        r = JO_CARD_MAX;
    return r < 1.0 ? 1.0 : r;
}

/* True when some conjunct reads both a relation of a and one of b and
 * nothing outside a | b: a join of a and b is then no cross product. */
static bool connected(const jgraph *g, uint64_t a, uint64_t b)
{
    for (int i = 0; i < g->nconj; i++) {
        uint64_t cm = g->conj[i].mask;
        if ((cm & a) && (cm & b) && (cm & ~(a | b)) == 0)
            return true;
    }
    return false;
}

/* True when plan x (ncross, cost) is better than y. */
static bool better(int xc, double xcost, int yc, double ycost)
{
    return xc < yc || (xc == yc && xcost < ycost);
}

static jtree *tree_leaf(jgraph *g, int rel)
{
    jtree *t = eng_arena_calloc(g->o->a, sizeof *t);
    if (!t) {
        eng_err_oom(g->o->err);
        return NULL;
    }
    t->rel = rel;
    t->mask = 1ULL << rel;
    t->card = card(g, t->mask);
    return t;
}

/* The join of a and b; the smaller estimate goes right (the hash join's
 * build side). */
static jtree *tree_join(jgraph *g, jtree *a, jtree *b)
{
    jtree *t = eng_arena_calloc(g->o->a, sizeof *t);
    if (!t) {
        eng_err_oom(g->o->err);
        return NULL;
    }
    if (a->card < b->card) {
        jtree *x = a;
        a = b;
        b = x;
    }
    t->rel = -1;
    t->l = a;
    t->r = b;
    t->mask = a->mask | b->mask;
    t->card = card(g, t->mask);
    t->cost = t->card + a->cost + b->cost;
    t->ncross = a->ncross + b->ncross + !connected(g, a->mask, b->mask);
    return t;
}

/* The original tree's (ncross, cost); returns its relations' mask.
 * *next counts relations in flatten's order. */
static uint64_t orig_cost(const jgraph *g, const plan_node *n, int *next,
                          int *ncross, double *cost)
{
    if (!is_inner(n))
        return 1ULL << (*next)++;
    uint64_t l = orig_cost(g, n->left, next, ncross, cost);
    uint64_t r = orig_cost(g, n->right, next, ncross, cost);
    *cost += card(g, l | r);
    *ncross += !connected(g, l, r);
    return l | r;
}

/* Dynamic programming over every subset of the relations (bushy). */
static jtree *search_dp(jgraph *g)
{
    octx *o = g->o;
    size_t nsub = (size_t)1 << g->nrels;
    jtree **best = eng_arena_calloc(o->a, sizeof *best * nsub);
    if (!best) {
        eng_err_oom(o->err);
        return NULL;
    }
    for (int i = 0; i < g->nrels; i++)
        if (!(best[(size_t)1 << i] = tree_leaf(g, i)))
            return NULL;
    for (uint64_t s = 1; s < nsub; s++) {
        if (popcount(s) < 2)
            continue;
        uint64_t low = s & (~s + 1);
        uint64_t bl = 0;
        int bc = 0;
        double bcost = 0;
        /* each split once: the left part holds s's lowest relation */
        for (uint64_t s1 = (s - 1) & s; s1; s1 = (s1 - 1) & s) {
            if (!(s1 & low))
                continue;
            uint64_t s2 = s ^ s1;
            const jtree *a = best[s1], *b = best[s2];
            int nc = a->ncross + b->ncross + !connected(g, s1, s2);
            double cost = a->cost + b->cost;
            if (!bl || better(nc, cost, bc, bcost)) {
                bl = s1;
                bc = nc;
                bcost = cost;
            }
        }
        if (!(best[s] = tree_join(g, best[bl], best[s ^ bl])))
            return NULL;
    }
    return best[nsub - 1];
}

/* Greedy operator ordering: join the pair of trees with the smallest
 * estimated result, connected pairs before cross products. */
static jtree *search_greedy(jgraph *g)
{
    jtree *t[JO_MAX_RELS];
    int n = g->nrels;
    for (int i = 0; i < n; i++)
        if (!(t[i] = tree_leaf(g, i)))
            return NULL;
    while (n > 1) {
        int bi = -1, bj = -1;
        bool bconn = false;
        double bcard = 0;
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) {
                bool conn = connected(g, t[i]->mask, t[j]->mask);
                double c = card(g, t[i]->mask | t[j]->mask);
                if (bi < 0 || (conn && !bconn) ||
                    (conn == bconn && c < bcard)) {
                    bi = i;
                    bj = j;
                    bconn = conn;
                    bcard = c;
                }
            }
        jtree *j = tree_join(g, t[bi], t[bj]);
        if (!j)
            return NULL;
        t[bi] = j;
        t[bj] = t[--n];
    }
    return t[0];
}

/* map[global column] = its position in t's output (others untouched);
 * *next is the next position. */
static void tree_map(const jgraph *g, const jtree *t, int *map, int *next)
{
    if (t->rel >= 0) {
        for (int k = 0; k < g->rels[t->rel]->ncols; k++)
            map[g->off[t->rel] + k] = (*next)++;
        return;
    }
    tree_map(g, t->l, map, next);
    tree_map(g, t->r, map, next);
}

/* Builds the plan of tree t; *root tells whether t is the whole graph
 * (which takes the conjuncts that read no relation). */
static plan_node *build(jgraph *g, const jtree *t, bool root)
{
    octx *o = g->o;
    if (t->rel >= 0) {
        /* conjuncts over this relation alone (pushdown normally moved
         * them below already) filter it */
        plan_node *n = g->rels[t->rel];
        xlist own = { 0, 0, NULL };
        for (int i = 0; i < g->nconj; i++)
            if (g->conj[i].mask == t->mask) {
                plan_expr *e = opt_shift(o, g->conj[i].e, -g->off[t->rel]);
                if (!e || opt_push(o, &own, e))
                    return NULL;
            }
        if (own.n) {
            plan_expr *p = opt_and(o, &own);
            return p ? opt_filter(o, n, p) : NULL;
        }
        return n;
    }
    plan_node *l = build(g, t->l, false), *r = l ? build(g, t->r, false) : NULL;
    if (!r)
        return NULL;
    plan_node *j = plan_node_new(o->a, PN_JOIN, l->ncols + r->ncols);
    int *map = eng_arena_alloc(o->a, sizeof *map * (size_t)(g->ncols + 1));
    if (!j || !map) {
        eng_err_oom(o->err);
        return NULL;
    }
    if (l->ncols) {
        memcpy(j->types, l->types, sizeof *j->types * (size_t)l->ncols);
        if (l->names)
            memcpy(j->names, l->names, sizeof *j->names * (size_t)l->ncols);
    }
    if (r->ncols) {
        memcpy(j->types + l->ncols, r->types, sizeof *j->types * (size_t)r->ncols);
        if (r->names)
            memcpy(j->names + l->ncols, r->names,
                   sizeof *j->names * (size_t)r->ncols);
    }
    j->left = l;
    j->right = r;
    for (int i = 0; i < g->ncols; i++)
        map[i] = -1;
    int next = 0;
    tree_map(g, t, map, &next);
    xlist here = { 0, 0, NULL };
    for (int i = 0; i < g->nconj; i++) {
        uint64_t cm = g->conj[i].mask;
        bool mine = cm ? (cm & t->l->mask) && (cm & t->r->mask) &&
                             (cm & ~t->mask) == 0
                       : root;
        if (!mine)
            continue;
        plan_expr *e = opt_remap(o, g->conj[i].e, map);
        if (!e || opt_push(o, &here, e))
            return NULL;
    }
    j->join_type = here.n ? PJ_INNER : PJ_CROSS;
    if (opt_join_keys(o, j, &here))
        return NULL;
    return j;
}

/*
 * Orders the inner-join tree at *slot (its relations already ordered
 * inside): replaces it with PROJECT(new tree) when the search finds a
 * better order.
 */
static eng_rc order_graph(octx *o, plan_node **slot)
{
    plan_node *n = *slot;
    jgraph *g = eng_arena_calloc(o->a, sizeof *g);
    if (!g)
        return eng_err_oom(o->err);
    g->o = o;
    eng_rc rc = flatten(g, n, 0);
    if (rc)
        return rc;
    if (g->too_big || g->nrels < 3)
        return ENG_OK;
    g->ncols = n->ncols;
    g->relof = eng_arena_alloc(o->a, sizeof *g->relof * (size_t)(g->ncols + 1));
    if (!g->relof)
        return eng_err_oom(o->err);
    for (int i = 0; i < g->nrels; i++) {
        g->rows[i] = opt_estimate_base(g->rels[i], &g->base[i]);
        for (int k = 0; k < g->rels[i]->ncols; k++)
            g->relof[g->off[i] + k] = i;
    }
    for (int i = 0; i < g->nconj; i++) {
        g->conj[i].mask = rels_of(g, g->conj[i].e);
        g->conj[i].sel = conj_sel(g, &g->conj[i]);
    }
    int next = 0, ocross = 0;
    double ocost = 0;
    (void)orig_cost(g, n, &next, &ocross, &ocost);
    jtree *t = g->nrels <= JO_DP_MAX ? search_dp(g) : search_greedy(g);
    if (!t)
        return ENG_NOMEM;
    if (!(t->ncross < ocross || (t->ncross == ocross &&
                                 t->cost < JO_GAIN * ocost)))
        return ENG_OK;
    plan_node *j = build(g, t, true);
    if (!j)
        return ENG_NOMEM;
    /* the PROJECT restoring the original column order */
    int *map = eng_arena_alloc(o->a, sizeof *map * (size_t)(g->ncols + 1));
    plan_node *p = plan_node_new(o->a, PN_PROJECT, n->ncols);
    plan_expr **exprs = eng_arena_alloc(o->a, sizeof *exprs *
                                                  (size_t)(n->ncols + 1));
    if (!map || !p || !exprs)
        return eng_err_oom(o->err);
    next = 0;
    tree_map(g, t, map, &next);
    for (int i = 0; i < n->ncols; i++) {
        if (!(exprs[i] = plan_colref(o->a, map[i], n->types[i])))
            return eng_err_oom(o->err);
        p->types[i] = n->types[i];
        p->names[i] = n->names ? n->names[i] : NULL;
    }
    p->exprs = exprs;
    p->child = j;
    *slot = p;
    return ENG_OK;
}

/* Orders the relations' own join trees below the inner-join tree n. */
static eng_rc order_inputs(octx *o, plan_node *n)
{
    eng_rc rc;
    if (is_inner(n->left) ? (rc = order_inputs(o, n->left))
                          : (rc = opt_join_order(o, &n->left)))
        return rc;
    if (is_inner(n->right) ? (rc = order_inputs(o, n->right))
                           : (rc = opt_join_order(o, &n->right)))
        return rc;
    return ENG_OK;
}

/*
 * Reorders every tree of inner joins in the plan at *slot (see the file
 * comment). Runs after predicate pushdown (the conjuncts sit in the
 * joins, the filters in the scans) and before pruning. Errors: OOM.
 */
eng_rc opt_join_order(octx *o, plan_node **slot)
{
    plan_node *n = *slot;
    eng_rc rc;
    if (!n)
        return ENG_OK;
    if (is_inner(n)) {
        if ((rc = order_inputs(o, n)))
            return rc;
        return order_graph(o, slot);
    }
    if ((n->child && (rc = opt_join_order(o, &n->child))) ||
        (n->left && (rc = opt_join_order(o, &n->left))) ||
        (n->right && (rc = opt_join_order(o, &n->right))))
        return rc;
    return ENG_OK;
}
