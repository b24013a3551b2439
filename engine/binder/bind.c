/*
 * engine/binder/bind.c
 *   Statements, queries, WITH scopes, set operations and the FROM clause
 *   (tables, CTE references, subqueries, joins, UNNEST) -> logical plan +
 *   scope.
 * Interface: bind_statement, bind_query, bind_project, bind_node.
 * Not here: expressions (bind_expr.c, bind_func.c), the SELECT block with
 *   grouping and ORDER BY (bind_select.c), SHOW/USE (bind_show.c).
 *
 * CTEs are inlined: every reference binds the CTE's query again, in the
 * WITH scope of its definition where only the earlier CTEs are visible,
 * so a CTE named like a base table reads the base table.
 */
#include <string.h>
#include <strings.h>
#include "bind_int.h"

/*
 * Allocates a plan node of `kind` with ncols output columns (types and
 * names arrays zeroed). Returns NULL after setting OOM in b->err.
 */
plan_node *bind_node(bctx *b, plan_node_kind kind, int ncols)
{
    plan_node *n = eng_arena_calloc(b->a, sizeof *n);
    if (!n)
        goto oom;
    n->kind = kind;
    n->ncols = ncols;
    n->types = eng_arena_calloc(b->a, sizeof *n->types * (size_t)(ncols + 1));
    n->names = eng_arena_calloc(b->a, sizeof *n->names * (size_t)(ncols + 1));
    if (!n->types || !n->names)
        goto oom;
    n->limit = -1;
    n->spec.limit = -1;
    return n;
oom:
    eng_err_oom(b->err);
    return NULL;
}

/* A PN_PROJECT of exprs over child, labelled names (may be NULL). */
plan_node *bind_project(bctx *b, plan_node *child, int n, plan_expr **exprs,
                     char **names)
{
    plan_node *p = bind_node(b, PN_PROJECT, n);
    if (!p)
        return NULL;
    p->child = child;
    p->exprs = exprs;
    for (int i = 0; i < n; i++) {
        p->types[i] = exprs[i]->type;
        p->names[i] = names ? names[i] : NULL;
    }
    return p;
}

/* ------------------------------------------------------------------ */
/* FROM items                                                           */
/* ------------------------------------------------------------------ */

/* Binds one FROM item into *out. */
static eng_rc bind_table_ref(bctx *b, const ast_table_ref *tr, brel *out);

/* Applies `AS alias (c1, c2, ...)` to rel: qualifiers become the alias. */
static eng_rc apply_alias(bctx *b, brel *rel, const char *alias, int ncol_al,
                          char **col_al, int pos)
{
    if (ncol_al > 0 && ncol_al != rel->ncols)
        return eng_err_set(b->err, ENG_ERR_SYNTAX_ERROR, pos,
                           "Column alias list has %d entries but '%s' has %d "
                           "columns", ncol_al, alias ? alias : "relation",
                           rel->ncols);
    for (int i = 0; i < rel->ncols; i++) {
        bcol *c = &rel->cols[i];
        if (alias) {
            c->qcat = c->qschema = NULL;
            c->qtable = alias;
        }
        if (ncol_al > 0)
            c->name = col_al[i];
    }
    return ENG_OK;
}

/* Looks n up among the CTEs in scope; returns the CTE or NULL and the
 * scope the CTE's own query must be bound in. */
static const ast_cte *find_cte(bctx *b, const char *n, cte_scope *inner)
{
    for (const cte_scope *sc = b->ctes; sc; sc = sc->outer) {
        for (int i = sc->nvisible - 1; i >= 0; i--) {
            if (!strcmp(sc->q->ctes[i].name, n)) {
                inner->q = sc->q;
                inner->nvisible = i;
                inner->outer = sc->outer;
                inner->levels = sc->levels;
                return &sc->q->ctes[i];
            }
        }
    }
    return NULL;
}

/* A catalog table: a PN_SCAN of all its columns (pruned later), qualified
 * by catalog, schema and table, or by the alias. */
static eng_rc bind_base_table(bctx *b, const ast_table_ref *tr, brel *out)
{
    eng_catalog *cat;
    eng_table_def *def;
    eng_rc rc = bind_get_table(b, &tr->name, &cat, &def);
    if (rc)
        return rc;
    plan_node *s = bind_node(b, PN_SCAN, def->ncols);
    bcol *cols = eng_arena_calloc(b->a, sizeof *cols * (size_t)(def->ncols + 1));
    int *idx = eng_arena_calloc(b->a, sizeof *idx * (size_t)(def->ncols + 1));
    if (!s || !cols || !idx)
        return eng_err_oom(b->err);
    s->catalog = cat;
    s->spec.table = def;
    s->spec.ncols = def->ncols;
    s->spec.cols = idx;
    s->spec.limit = -1;
    /* the session's name, not the remote one; for information_schema
     * (scanned by the system catalog) the catalog it describes */
    const char *cn = cat->ops == &eng_system_connector && def->catalog
                         ? def->catalog : cat->name;
    int np = tr->name.nparts;
    const char *sn = def->schema ? def->schema : tr->name.parts[np >= 2 ? np - 2 : 0];
    const char *tn = def->name ? def->name : tr->name.parts[np - 1];
    for (int i = 0; i < def->ncols; i++) {
        const eng_column_def *d = &def->cols[i];
        idx[i] = i;
        s->types[i] = d->type;
        s->names[i] = d->name;
        cols[i] = (bcol){ .qcat = cn, .qschema = sn, .qtable = tn,
                          .name = d->name, .type = d->type,
                          .nullable = d->nullable, .ocat = cn, .oschema = sn,
                          .otable = tn, .obase = d->name };
        if (d->type.id == ENG_T_UNKNOWN)
            cols[i].remote_type_name = d->remote_type_name
                                       ? d->remote_type_name : "unknown";
    }
    out->plan = s;
    out->ncols = def->ncols;
    out->cols = cols;
    return apply_alias(b, out, tr->alias, tr->ncol_aliases, tr->col_aliases,
                       tr->pos);
}

static eng_rc bind_body(bctx *b, const ast_query_body *body, brel *out);

/* Does a FROM item of body (joins, derived tables, nested queries, CTE
 * queries of nested WITHs) name the one-part table n? Subqueries inside
 * expressions are not looked into. */
static bool body_names(const ast_query_body *body, const char *n);

static bool ref_names(const ast_table_ref *r, const char *n)
{
    if (!r)
        return false;
    switch (r->kind) {
    case ATR_TABLE:
        return r->name.nparts == 1 && !strcmp(r->name.parts[0], n);
    case ATR_SUBQUERY:
        return body_names(r->subquery->body, n);
    case ATR_JOIN:
        return ref_names(r->left, n) || ref_names(r->right, n);
    case ATR_UNNEST:
        return false;
    }
    return false;
}

static bool body_names(const ast_query_body *body, const char *n)
{
    if (!body)
        return false;
    if (body->setop != AS_NONE)
        return body_names(body->left, n) || body_names(body->right, n);
    if (body->nested) {
        for (int i = 0; i < body->nested->nctes; i++)
            if (body_names(body->nested->ctes[i].query->body, n))
                return true;
        return body_names(body->nested->body, n);
    }
    return body->select && ref_names(body->select->from, n);
}

/* The working table of recursive CTE r, read in its step: the rows the
 * last run gave, typed as the base, named by the CTE's column list. */
static eng_rc bind_worktable(bctx *b, const ast_table_ref *tr, brec *r,
                             brel *out)
{
    plan_node *w = bind_node(b, PN_WORKTABLE, r->ncols);
    bcol *cols = eng_arena_calloc(b->a, sizeof *cols * (size_t)(r->ncols + 1));
    if (!w || !cols)
        return eng_err_oom(b->err);
    if (++r->refs > 1)
        return eng_err_set(b->err, ENG_ERR_FEATURE_NOT_SUPPORTED, tr->pos,
                           "recursive reference to '%s' used more than once "
                           "in the recursion step", r->name);
    w->rec_id = r->id;
    for (int c = 0; c < r->ncols; c++) {
        w->types[c] = r->types[c];
        w->names[c] = r->cols[c];
        cols[c] = (bcol){ .qtable = r->name, .name = r->cols[c],
                          .type = r->types[c], .nullable = true };
    }
    out->plan = w;
    out->ncols = r->ncols;
    out->cols = cols;
    return apply_alias(b, out, tr->alias, tr->ncol_aliases, tr->col_aliases,
                       tr->pos);
}

/*
 * A CTE of WITH RECURSIVE that reads itself, as Trino has it: `base UNION
 * [ALL] step` with a column list; the base must not read the CTE, the step
 * reads it once (the working table). The step's columns are coerced to
 * the base's types. A PN_RECURSIVE over (base, step); for UNION (DISTINCT)
 * a PN_DISTINCT above it, as Trino, which recurses over all rows and
 * removes duplicates from the whole result (not per run, as PostgreSQL).
 */
static eng_rc bind_recursive(bctx *b, const ast_cte *cte, brel *out)
{
    const ast_query *q = cte->query;
    const ast_query_body *body = q->body;
    eng_rc rc;
    if (cte->ncols == 0)
        return eng_err_set(b->err, ENG_ERR_SYNTAX_ERROR, cte->pos,
                           "missing column aliases in recursive WITH query");
    if (body->setop != AS_UNION)
        return eng_err_set(b->err, ENG_ERR_FEATURE_NOT_SUPPORTED, cte->pos,
                           "recursive WITH query '%s' must be a base "
                           "relation UNION [ALL] a recursion step", cte->name);
    /* clauses of the whole `base UNION step`, refused as Trino does
     * (a parenthesized step may have its own ORDER BY / LIMIT / OFFSET:
     * they apply to each run of the step) */
    if (q->nctes || q->norder || q->offset)
        return eng_err_set(b->err, ENG_ERR_FEATURE_NOT_SUPPORTED, cte->pos,
                           "immediate %s clause in recursive query",
                           q->nctes ? "WITH" : q->norder ? "ORDER BY"
                                                         : "OFFSET");
    if (q->limit)
        return eng_err_set(b->err, ENG_ERR_SYNTAX_ERROR, cte->pos,
                           "immediate FETCH FIRST / LIMIT clause in "
                           "recursive query");
    if (body_names(body->left, cte->name))
        return eng_err_set(b->err, ENG_ERR_SYNTAX_ERROR, body->left->pos,
                           "recursive reference to '%s' in the base relation",
                           cte->name);
    brel base, step;
    if ((rc = bind_body(b, body->left, &base)))
        return rc;
    if (base.ncols != cte->ncols)
        return eng_err_set(b->err, ENG_ERR_SYNTAX_ERROR, cte->pos,
                           "WITH query '%s' has %d column aliases but %d "
                           "columns", cte->name, cte->ncols, base.ncols);
    brec r = { cte->name, base.ncols, base.plan->types, cte->cols,
               ++b->nrec, 0, b->rec };
    b->rec = &r;
    rc = bind_body(b, body->right, &step);
    b->rec = r.outer;
    if (rc)
        return rc;
    if (step.ncols != base.ncols)
        return eng_err_set(b->err, ENG_ERR_SYNTAX_ERROR, body->right->pos,
                           "recursion step of '%s' has %d columns, the base "
                           "relation %d", cte->name, step.ncols, base.ncols);
    plan_expr **ex = eng_arena_alloc(b->a, sizeof *ex * (size_t)(base.ncols + 1));
    if (!ex)
        return eng_err_oom(b->err);
    bool coerce = false;
    for (int c = 0; c < base.ncols; c++) {
        eng_type st = step.plan->types[c], bt = base.plan->types[c];
        if (!(ex[c] = plan_colref(b->a, c, st)))
            return eng_err_oom(b->err);
        if (eng_type_equal(st, bt))
            continue;
        eng_type ct;
        if (!bind_common_type(bt, st, &ct) || !eng_type_equal(ct, bt))
            return eng_err_set(b->err, ENG_ERR_DATATYPE_MISMATCH,
                               body->right->pos, "recursion step relation "
                               "output type (%s) is not coercible to "
                               "recursion base relation output type (%s) at "
                               "column %d", bind_type_str(b, st),
                               bind_type_str(b, bt), c + 1);
        if ((rc = bind_coerce(b, ex[c], bt, &ex[c])))
            return rc;
        coerce = true;
    }
    plan_node *sp = step.plan;
    if (coerce && !(sp = bind_project(b, step.plan, base.ncols, ex,
                                      base.plan->names)))
        return ENG_NOMEM;
    plan_node *n = bind_node(b, PN_RECURSIVE, base.ncols);
    bcol *cols = eng_arena_calloc(b->a, sizeof *cols * (size_t)(base.ncols + 1));
    if (!n || !cols)
        return eng_err_oom(b->err);
    n->left = base.plan;
    n->right = sp;
    n->rec_id = r.id;
    n->rec_max_depth = sess_max_recursion_depth(b->c); /* Trino: 10 */
    for (int c = 0; c < base.ncols; c++) {
        n->types[c] = base.plan->types[c];
        n->names[c] = cte->cols[c];
        cols[c] = (bcol){ .name = cte->cols[c], .type = n->types[c],
                          .nullable = true };
    }
    out->plan = n;
    out->ncols = base.ncols;
    out->cols = cols;
    if (!body->all) {
        plan_node *d = bind_node(b, PN_DISTINCT, n->ncols);
        if (!d)
            return ENG_NOMEM;
        memcpy(d->types, n->types, sizeof *d->types * (size_t)n->ncols);
        memcpy(d->names, n->names, sizeof *d->names * (size_t)n->ncols);
        d->child = n;
        out->plan = d;
    }
    return ENG_OK;
}

/* A one-part name is the working table inside a recursive CTE's step, a
 * CTE in scope when one matches, else a table. */
static eng_rc bind_named(bctx *b, const ast_table_ref *tr, brel *out)
{
    if (tr->name.nparts == 1) {
        for (brec *r = b->rec; r; r = r->outer)
            if (!strcmp(r->name, tr->name.parts[0]))
                return bind_worktable(b, tr, r, out);
        cte_scope inner;
        const ast_cte *cte = find_cte(b, tr->name.parts[0], &inner);
        if (cte && inner.q->recursive &&
            body_names(cte->query->body, cte->name)) {
            const cte_scope *saved = b->ctes;
            bouter *saved_outer = b->outer;
            b->ctes = &inner;
            b->outer = inner.levels;
            eng_rc rc = bind_recursive(b, cte, out);
            b->ctes = saved;
            b->outer = saved_outer;
            if (rc)
                return rc;
            if ((rc = apply_alias(b, out, cte->name, 0, NULL, cte->pos)))
                return rc;
            return apply_alias(b, out, tr->alias, tr->ncol_aliases,
                               tr->col_aliases, tr->pos);
        }
        if (cte) {
            const cte_scope *saved = b->ctes;
            bouter *saved_outer = b->outer;
            b->ctes = &inner;
            b->outer = inner.levels;
            eng_rc rc = bind_query(b, cte->query, out);
            b->ctes = saved;
            b->outer = saved_outer;
            if (rc)
                return rc;
            if ((rc = apply_alias(b, out, cte->name, cte->ncols, cte->cols,
                                  cte->pos)))
                return rc;
            return apply_alias(b, out, tr->alias, tr->ncol_aliases,
                               tr->col_aliases, tr->pos);
        }
    }
    return bind_base_table(b, tr, out);
}

/* Index of the column named n in rel (unqualified, visible), or -1. */
static int using_col(const brel *rel, const char *n, int *count)
{
    int found = -1;
    *count = 0;
    for (int i = 0; i < rel->ncols; i++) {
        if (rel->cols[i].using_hidden || !rel->cols[i].name)
            continue;
        if (!strcmp(rel->cols[i].name, n)) {
            found = i;
            (*count)++;
        }
    }
    return found;
}

/* A join: left ++ right columns, the ON (or USING) condition as residual. */
static eng_rc bind_join_unnest(bctx *b, const ast_table_ref *tr, brel *out);
static eng_rc bind_lateral(bctx *b, const ast_table_ref *tr, brel *l,
                           brel *r, bool *done, brel *out);

static eng_rc bind_join(bctx *b, const ast_table_ref *tr, brel *out)
{
    brel l, r;
    eng_rc rc;
    if (tr->right->kind == ATR_UNNEST)
        return bind_join_unnest(b, tr, out);
    if ((rc = bind_table_ref(b, tr->left, &l)))
        return rc;
    if (tr->right->kind == ATR_SUBQUERY && tr->right->lateral) {
        bool done;
        if ((rc = bind_lateral(b, tr, &l, &r, &done, out)) || done)
            return rc;
    } else if ((rc = bind_table_ref(b, tr->right, &r))) {
        return rc;
    }
    int n = l.ncols + r.ncols;
    plan_node *j = bind_node(b, PN_JOIN, n);
    bcol *cols = eng_arena_calloc(b->a, sizeof *cols * (size_t)(n + 1));
    if (!j || !cols)
        return eng_err_oom(b->err);
    j->left = l.plan;
    j->right = r.plan;
    static const plan_join_type map[] = { PJ_INNER, PJ_LEFT, PJ_RIGHT, PJ_FULL,
                                        PJ_CROSS };
    j->join_type = map[tr->join_type];
    for (int i = 0; i < n; i++) {
        bool left = i < l.ncols;
        cols[i] = left ? l.cols[i] : r.cols[i - l.ncols];
        plan_node *src = left ? l.plan : r.plan;
        int k = left ? i : i - l.ncols;
        j->types[i] = src->types[k];
        j->names[i] = src->names[k];
        if ((left && (tr->join_type == AJ_RIGHT || tr->join_type == AJ_FULL)) ||
            (!left && (tr->join_type == AJ_LEFT || tr->join_type == AJ_FULL)))
            cols[i].nullable = true;
    }
    out->plan = j;
    out->ncols = n;
    out->cols = cols;

    bexpr_ctx x = { .b = b, .scope = out, .mode = BM_PLAIN,
                    .clause = "JOIN ON clause" };
    if (tr->on) {
        if ((rc = bind_bool_expr(&x, tr->on, &j->residual)))
            return rc;
    } else if (tr->nusing > 0) {
        if (tr->join_type == AJ_FULL)
            return eng_err_set(b->err, ENG_ERR_FEATURE_NOT_SUPPORTED, tr->pos,
                               "FULL JOIN with USING is not supported yet");
        plan_expr *conj = bind_new(b, PX_AND, eng_type_make(ENG_T_BOOLEAN), tr->pos);
        if (!conj || bind_args(b, conj, tr->nusing))
            return eng_err_oom(b->err);
        for (int u = 0; u < tr->nusing; u++) {
            const char *name = tr->using_cols[u];
            int lc, rcn;
            int li = using_col(&l, name, &lc), ri = using_col(&r, name, &rcn);
            if (li < 0 || ri < 0)
                return eng_err_set(b->err, ENG_ERR_UNDEFINED_COLUMN, tr->pos,
                                   "Column '%s' is missing from the %s side "
                                   "of the join", name, li < 0 ? "left" : "right");
            if (lc > 1 || rcn > 1)
                return eng_err_set(b->err, ENG_ERR_AMBIGUOUS_COLUMN, tr->pos,
                                   "Column '%s' is ambiguous", name);
            plan_expr *le = bind_new(b, PX_COLREF, l.cols[li].type, tr->pos);
            plan_expr *re = bind_new(b, PX_COLREF, r.cols[ri].type, tr->pos);
            if (!le || !re)
                return eng_err_oom(b->err);
            le->col = li;
            re->col = l.ncols + ri;
            if ((rc = bind_compare(b, AOP_EQ, le, re, tr->pos, &conj->args[u])))
                return rc;
            if (tr->join_type == AJ_RIGHT)
                cols[li].using_hidden = true;
            else
                cols[l.ncols + ri].using_hidden = true;
        }
        j->residual = tr->nusing == 1 ? conj->args[0] : conj;
    }
    return ENG_OK;
}

/* True when e holds a subquery expression. */
static bool has_subquery(const plan_expr *e)
{
    if (!e)
        return false;
    if (e->kind == PX_SUBQUERY)
        return true;
    for (int i = 0; i < e->nargs; i++)
        if (has_subquery(e->args[i]))
            return true;
    return false;
}

/*
 * `left [CROSS | INNER | LEFT] JOIN LATERAL (query) alias [ON cond]` and
 * `left, LATERAL (query) alias`: the query is bound with left's columns
 * as an enclosing scope (outer references, as a correlated subquery's).
 * When it reads none it is an ordinary derived table (*done false, *r
 * bound, the caller makes the join). Otherwise a PN_APPLY of kind
 * PSQ_LATERAL runs it per left row (plan.h), the ON condition its
 * mark_test; RIGHT and FULL JOIN refuse it as Trino does, and so (0A000)
 * do USING and an ON condition with a subquery. A column of a query
 * enclosing the join is a parameter too (an outer reference among the
 * params, which the enclosing subquery's planning numbers).
 */
static eng_rc bind_lateral(bctx *b, const ast_table_ref *tr, brel *l,
                           brel *r, bool *done, brel *out)
{
    const ast_table_ref *sq = tr->right;
    bouter lv = { .scope = l, .up = b->outer };
    *done = false;
    b->outer = &lv;
    eng_rc rc = bind_query(b, sq->subquery, r);
    b->outer = lv.up;
    if (rc)
        return rc;
    for (int i = 0; i < r->ncols; i++)
        r->cols[i].qcat = r->cols[i].qschema = r->cols[i].qtable = NULL;
    if ((rc = apply_alias(b, r, sq->alias, sq->ncol_aliases, sq->col_aliases,
                          sq->pos)))
        return rc;
    if (lv.ncorr == 0)
        return ENG_OK;
    *done = true;
    if (tr->join_type == AJ_RIGHT || tr->join_type == AJ_FULL)
        return eng_err_set(b->err, ENG_ERR_INVALID_COLUMN_REFERENCE, sq->pos,
                           "LATERAL reference not allowed in %s JOIN",
                           tr->join_type == AJ_RIGHT ? "RIGHT" : "FULL");
    if (tr->nusing > 0)
        return eng_err_set(b->err, ENG_ERR_FEATURE_NOT_SUPPORTED, tr->pos,
                           "JOIN LATERAL ... USING is not supported");
    int n = l->ncols + r->ncols;
    plan_node *ap = bind_node(b, PN_APPLY, n);
    bcol *cols = eng_arena_calloc(b->a, sizeof *cols * (size_t)(n + 1));
    if (!ap || !cols)
        return eng_err_oom(b->err);
    ap->apply_kind = PSQ_LATERAL;
    ap->join_type = tr->join_type == AJ_LEFT ? PJ_LEFT : PJ_INNER;
    ap->left = l->plan;
    ap->right = r->plan;
    ap->nparams = lv.ncorr;
    ap->params = lv.corr;
    for (int i = 0; i < n; i++) {
        bool left = i < l->ncols;
        cols[i] = left ? l->cols[i] : r->cols[i - l->ncols];
        plan_node *src = left ? l->plan : r->plan;
        int k = left ? i : i - l->ncols;
        ap->types[i] = src->types[k];
        ap->names[i] = src->names[k];
        if (!left && tr->join_type == AJ_LEFT)
            cols[i].nullable = true;
    }
    out->plan = ap;
    out->ncols = n;
    out->cols = cols;
    if (!tr->on)
        return ENG_OK;
    bexpr_ctx x = { .b = b, .scope = out, .mode = BM_PLAIN,
                    .clause = "JOIN ON clause" };
    if ((rc = bind_bool_expr(&x, tr->on, &ap->mark_test)))
        return rc;
    if (has_subquery(ap->mark_test))
        return eng_err_set(b->err, ENG_ERR_FEATURE_NOT_SUPPORTED, tr->on->pos,
                           "a subquery in the ON condition of JOIN LATERAL "
                           "is not supported");
    return ENG_OK;
}

/*
 * The common tail of both UNNEST forms, once the array columns (left->ncols
 * .. left->ncols + nargs - 1 of `u` and `cols`) are typed: the ordinality
 * column, the alias and column aliases over the UNNEST's own columns, left's
 * columns and names in front, the child, and the element expressions `el`
 * (nargs of them for array values, nargs * len for literal arrays, `len`
 * their longest length). Fills `out`, or returns apply_alias's error (a
 * column alias list of the wrong length).
 */
static eng_rc unnest_finish(bctx *b, const ast_table_ref *tr, brel *left,
                            plan_node *u, bcol *cols, plan_expr **el,
                            int len, bool values, brel *out)
{
    int na = tr->nargs, nx = na + (tr->ordinality ? 1 : 0);
    int nc = left->ncols + nx;
    eng_rc rc;
    if (tr->ordinality) {
        u->types[nc - 1] = eng_type_make(ENG_T_BIGINT);
        cols[nc - 1] = (bcol){ .type = u->types[nc - 1] };
    }
    brel own = { NULL, nx, cols + left->ncols };
    if ((rc = apply_alias(b, &own, tr->alias, tr->ncol_aliases,
                          tr->col_aliases, tr->pos)))
        return rc;
    for (int c = 0; c < left->ncols; c++) {
        cols[c] = left->cols[c];
        u->types[c] = left->plan->types[c];
        u->names[c] = left->plan->names[c];
    }
    for (int c = left->ncols; c < nc; c++)
        u->names[c] = (char *)cols[c].name;
    u->child = left->plan;
    u->ngroups = values ? na : na * len;
    u->groups = el;
    u->unnest_narr = na;
    u->unnest_len = len;
    u->unnest_values = values;
    u->unnest_ordinality = tr->ordinality;
    out->plan = u;
    out->ncols = nc;
    out->cols = cols;
    return ENG_OK;
}

/*
 * UNNEST(a, ...) where some a is an array value (a column, a function's
 * result): a PN_UNNEST with unnest_values (plan.h), one column per
 * array of its element type. Anything but an array: 42804.
 */
static eng_rc bind_unnest_values(bctx *b, const ast_table_ref *tr,
                                 brel *left, brel *out)
{
    int na = tr->nargs, nx = na + (tr->ordinality ? 1 : 0);
    bexpr_ctx x = { .b = b, .scope = left, .mode = BM_PLAIN,
                    .clause = "UNNEST" };
    eng_rc rc;
    int nc = left->ncols + nx;
    plan_node *u = bind_node(b, PN_UNNEST, nc);
    bcol *cols = eng_arena_calloc(b->a, sizeof *cols * (size_t)(nc + 1));
    plan_expr **el = eng_arena_calloc(b->a, sizeof *el * (size_t)(na + 1));
    if (!u || !cols || !el)
        return eng_err_oom(b->err);
    for (int i = 0; i < na; i++) {
        const ast_expr *a = tr->args[i];
        if ((rc = bind_expr(&x, a, &el[i])))
            return rc;
        if (el[i]->type.id != ENG_T_ARRAY)
            return eng_err_set(b->err, ENG_ERR_DATATYPE_MISMATCH, a->pos,
                               "Cannot unnest type: %s",
                               bind_type_str(b, el[i]->type));
        eng_type t = eng_type_elem(el[i]->type);
        int c = left->ncols + i;
        u->types[c] = t;
        cols[c] = (bcol){ .type = t, .nullable = true };
    }
    return unnest_finish(b, tr, left, u, cols, el, 0, true, out);
}

/*
 * UNNEST(ARRAY[...], ...) [WITH ORDINALITY] [AS alias (cols)] over the rows
 * of `left` (lateral: the elements may read its columns): a PN_UNNEST whose
 * output is left's columns, then one column per array (the elements'
 * common type, shorter arrays padded with NULL), then the ordinality. Only
 * array constructors exist; anything else cannot be unnested (42804).
 */
static eng_rc bind_unnest(bctx *b, const ast_table_ref *tr, brel *left,
                          brel *out)
{
    int na = tr->nargs, len = 0, nx = na + (tr->ordinality ? 1 : 0);
    bexpr_ctx x = { .b = b, .scope = left, .mode = BM_PLAIN,
                    .clause = "UNNEST" };
    eng_rc rc;
    for (int i = 0; i < na; i++) {
        const ast_expr *a = tr->args[i];
        if (a->kind != AE_ARRAY)
            return bind_unnest_values(b, tr, left, out);
        if (a->nargs > len)
            len = a->nargs;
    }
    if ((int64_t)len * na > 100000)
        return eng_err_set(b->err, ENG_ERR_STATEMENT_TOO_COMPLEX, tr->pos,
                           "UNNEST of more than 100000 array elements");
    int nc = left->ncols + nx;
    plan_node *u = bind_node(b, PN_UNNEST, nc);
    bcol *cols = eng_arena_calloc(b->a, sizeof *cols * (size_t)(nc + 1));
    plan_expr **el = eng_arena_calloc(b->a, sizeof *el * (size_t)(na * len + 1));
    if (!u || !cols || !el)
        return eng_err_oom(b->err);
    for (int i = 0; i < na; i++) {
        const ast_expr *a = tr->args[i];
        eng_type t = eng_type_make(ENG_T_UNKNOWN);
        for (int j = 0; j < a->nargs; j++) {
            plan_expr **slot = &el[j * na + i];
            if ((rc = bind_expr(&x, a->args[j], slot)))
                return rc;
            if (j == 0)
                t = (*slot)->type;
            else if (!bind_common_type(t, (*slot)->type, &t))
                return eng_err_set(b->err, ENG_ERR_DATATYPE_MISMATCH,
                                   a->args[j]->pos, "All ARRAY elements must "
                                   "be the same type: %s",
                                   bind_type_str(b, (*slot)->type));
        }
        for (int j = 0; j < len; j++) {
            plan_expr **slot = &el[j * na + i];
            if (j < a->nargs) {
                if ((rc = bind_coerce(b, *slot, t, slot)))
                    return rc;
            } else {
                eng_value v;
                memset(&v, 0, sizeof v);
                v.type = t;
                v.is_null = true;
                if (!(*slot = plan_const(b->a, &v)))
                    return eng_err_oom(b->err);
            }
        }
        int c = left->ncols + i;
        u->types[c] = t;
        cols[c] = (bcol){ .type = t, .nullable = true };
    }
    return unnest_finish(b, tr, left, u, cols, el, len, false, out);
}

/* `left [CROSS] JOIN UNNEST(...) [ON cond]` and `left, UNNEST(...)`: the
 * UNNEST over left's rows, the ON condition a filter above it. */
static eng_rc bind_join_unnest(bctx *b, const ast_table_ref *tr, brel *out)
{
    brel l;
    eng_rc rc;
    if (tr->join_type != AJ_CROSS && tr->join_type != AJ_INNER)
        return eng_err_set(b->err, ENG_ERR_FEATURE_NOT_SUPPORTED, tr->pos,
                           "%s JOIN UNNEST is not supported",
                           tr->join_type == AJ_LEFT ? "LEFT" :
                           tr->join_type == AJ_RIGHT ? "RIGHT" : "FULL");
    if (tr->nusing > 0)
        return eng_err_set(b->err, ENG_ERR_FEATURE_NOT_SUPPORTED, tr->pos,
                           "JOIN UNNEST ... USING is not supported");
    if ((rc = bind_table_ref(b, tr->left, &l)) ||
        (rc = bind_unnest(b, tr->right, &l, out)))
        return rc;
    if (!tr->on)
        return ENG_OK;
    bexpr_ctx x = { .b = b, .scope = out, .mode = BM_PLAIN,
                    .clause = "JOIN ON clause" };
    plan_node *f = bind_node(b, PN_FILTER, out->ncols);
    if (!f)
        return ENG_NOMEM;
    if ((rc = bind_bool_expr(&x, tr->on, &f->pred)))
        return rc;
    for (int c = 0; c < out->ncols; c++) {
        f->types[c] = out->plan->types[c];
        f->names[c] = out->plan->names[c];
    }
    f->child = out->plan;
    out->plan = f;
    return ENG_OK;
}

static eng_rc bind_table_ref(bctx *b, const ast_table_ref *tr, brel *out)
{
    eng_rc rc;
    brel one;
    switch (tr->kind) {
    case ATR_UNNEST:
        if ((rc = bind_from(b, NULL, &one)))
            return rc;
        return bind_unnest(b, tr, &one, out);
    case ATR_TABLE:
        return bind_named(b, tr, out);
    case ATR_SUBQUERY:
        if ((rc = bind_query(b, tr->subquery, out)))
            return rc;
        for (int i = 0; i < out->ncols; i++)
            out->cols[i].qcat = out->cols[i].qschema = out->cols[i].qtable = NULL;
        return apply_alias(b, out, tr->alias, tr->ncol_aliases,
                           tr->col_aliases, tr->pos);
    default:
        return bind_join(b, tr, out);
    }
}

/* Binds the FROM clause (NULL: one row without columns). */
eng_rc bind_from(bctx *b, const ast_table_ref *from, brel *out)
{
    if (from)
        return bind_table_ref(b, from, out);
    plan_node *v = bind_node(b, PN_VALUES, 0);
    if (!v)
        return ENG_NOMEM;
    v->nrows = 1;
    v->rows = eng_arena_calloc(b->a, sizeof *v->rows);
    if (!v->rows || !(v->rows[0] = eng_arena_calloc(b->a, sizeof(eng_value))))
        return eng_err_oom(b->err);
    out->plan = v;
    out->ncols = 0;
    out->cols = NULL;
    return ENG_OK;
}

/* ------------------------------------------------------------------ */
/* Query bodies and set operations                                      */
/* ------------------------------------------------------------------ */

/* A query body: set operation, nested query or SELECT (without ORDER BY). */
static eng_rc bind_body(bctx *b, const ast_query_body *body, brel *out);

/* Wraps rel in a projection casting its columns to types `to` when any
 * differs (UNION branches). */
eng_rc bind_cast_columns(bctx *b, brel *rel, const eng_type *to)
{
    bool need = false;
    for (int i = 0; i < rel->ncols; i++)
        if (!eng_type_equal(rel->plan->types[i], to[i]))
            need = true;
    if (!need)
        return ENG_OK;
    plan_expr **ex = eng_arena_calloc(b->a, sizeof *ex * (size_t)rel->ncols);
    if (!ex)
        return eng_err_oom(b->err);
    for (int i = 0; i < rel->ncols; i++) {
        plan_expr *c = bind_new(b, PX_COLREF, rel->plan->types[i], 0);
        if (!c)
            return eng_err_oom(b->err);
        c->col = i;
        if (rel->plan->types[i].id == ENG_T_VARCHAR && to[i].id == ENG_T_VARCHAR) {
            plan_expr *k = bind_new(b, PX_CAST, to[i], 0);
            if (!k || bind_args(b, k, 1))
                return eng_err_oom(b->err);
            k->args[0] = c;
            c = k;
        } else if (bind_coerce(b, c, to[i], &c)) {
            return ENG_NOMEM;
        }
        ex[i] = c;
    }
    plan_node *p = bind_project(b, rel->plan, rel->ncols, ex, rel->plan->names);
    if (!p)
        return ENG_NOMEM;
    rel->plan = p;
    return ENG_OK;
}

/*
 * UNION [ALL], INTERSECT [ALL], EXCEPT [ALL]: column types unified (each
 * side cast to the common types); UNION is a PN_UNION_ALL, under a
 * PN_DISTINCT unless ALL; INTERSECT and EXCEPT are a PN_SETOP, which
 * compares rows with NULLs equal.
 */
static eng_rc bind_setop(bctx *b, const ast_query_body *body, brel *out)
{
    static const char *const opname[] = { "?", "UNION", "INTERSECT", "EXCEPT" };
    const char *what = opname[body->setop];
    brel l, r;
    eng_rc rc;
    if ((rc = bind_body(b, body->left, &l)) || (rc = bind_body(b, body->right, &r)))
        return rc;
    if (l.ncols != r.ncols)
        return eng_err_set(b->err, ENG_ERR_DATATYPE_MISMATCH, body->pos,
                           "%s query has different number of fields: %d, %d",
                           what, l.ncols, r.ncols);
    int n = l.ncols;
    bool is_union = body->setop == AS_UNION;
    plan_node *u = bind_node(b, is_union ? PN_UNION_ALL : PN_SETOP, n);
    bcol *cols = eng_arena_calloc(b->a, sizeof *cols * (size_t)(n + 1));
    if (!u || !cols)
        return eng_err_oom(b->err);
    for (int i = 0; i < n; i++) {
        if (!bind_common_type(l.plan->types[i], r.plan->types[i], &u->types[i]))
            return eng_err_set(b->err, ENG_ERR_DATATYPE_MISMATCH, body->pos,
                               "column %d in %s query has incompatible "
                               "types: %s, %s", i + 1, what,
                               bind_type_str(b, l.plan->types[i]),
                               bind_type_str(b, r.plan->types[i]));
        u->names[i] = l.plan->names[i];
        bool nl = l.cols[i].nullable, nr = r.cols[i].nullable;
        cols[i] = (bcol){ .name = l.cols[i].name, .type = u->types[i],
                          .nullable = body->setop == AS_UNION ? nl || nr
                                      : body->setop == AS_INTERSECT ? nl && nr
                                      : nl };
    }
    if ((rc = bind_cast_columns(b, &l, u->types)) || (rc = bind_cast_columns(b, &r, u->types)))
        return rc;
    u->left = l.plan;
    u->right = r.plan;
    plan_node *top = u;
    if (!is_union) {
        u->setop = body->setop == AS_INTERSECT ? PS_INTERSECT : PS_EXCEPT;
        u->setop_all = body->all;
    } else if (!body->all) {
        top = bind_node(b, PN_DISTINCT, n);
        if (!top)
            return ENG_NOMEM;
        memcpy(top->types, u->types, sizeof *u->types * (size_t)n);
        memcpy(top->names, u->names, sizeof *u->names * (size_t)n);
        top->child = u;
    }
    out->plan = top;
    out->ncols = n;
    out->cols = cols;
    return ENG_OK;
}

/* A PN_VALUES of rows [from, to) of body (all constant). */
static plan_node *values_node(bctx *b, const ast_query_body *body, plan_expr **ex,
                              const eng_type *types, int n, int from, int to)
{
    plan_node *v = bind_node(b, PN_VALUES, n);
    if (!v)
        return NULL;
    v->nrows = to - from;
    v->rows = eng_arena_calloc(b->a, sizeof *v->rows * (size_t)(to - from));
    if (!v->rows)
        goto oom;
    for (int r = from; r < to; r++) {
        eng_value *row = eng_arena_calloc(b->a, sizeof *row * (size_t)(n + 1));
        if (!row)
            goto oom;
        /* op_values casts each value to its column's type */
        for (int c = 0; c < n; c++)
            row[c] = ex[(size_t)r * (size_t)n + (size_t)c]->value;
        v->rows[r - from] = row;
    }
    memcpy(v->types, types, sizeof *types * (size_t)n);
    (void)body;
    return v;
oom:
    eng_err_oom(b->err);
    return NULL;
}

/* UNION ALL of parts[from, to), built balanced (depth log n), in order. */
static plan_node *union_parts(bctx *b, plan_node **parts, int from, int to)
{
    if (to - from == 1)
        return parts[from];
    int mid = from + (to - from) / 2;
    plan_node *l = union_parts(b, parts, from, mid);
    plan_node *r = l ? union_parts(b, parts, mid, to) : NULL;
    plan_node *u = r ? bind_node(b, PN_UNION_ALL, l->ncols) : NULL;
    if (!u)
        return NULL;
    memcpy(u->types, l->types, sizeof *u->types * (size_t)l->ncols);
    u->left = l;
    u->right = r;
    return u;
}

/*
 * VALUES row, ...: every row has as many values; column i has the common
 * type of the rows' i-th values (Trino's coercions: VALUES 1, 2.5 is
 * decimal(11,1)). Runs of constant rows become one PN_VALUES; a row with
 * computed values is a projection over one empty row; the parts are
 * joined by UNION ALL in row order. Columns are named _col0, _col1, ...
 * Errors: 42000 rows of different widths, 42804 no common type.
 */
static eng_rc bind_values(bctx *b, const ast_query_body *body, brel *out)
{
    int n = body->rows[0].nvals, nr = body->nrows;
    plan_expr **ex = eng_arena_calloc(b->a, sizeof *ex * ((size_t)nr * (size_t)n + 1));
    eng_type *types = eng_arena_calloc(b->a, sizeof *types * (size_t)(n + 1));
    bcol *cols = eng_arena_calloc(b->a, sizeof *cols * (size_t)(n + 1));
    plan_node **parts = eng_arena_calloc(b->a, sizeof *parts * (size_t)(nr + 1));
    char **names = eng_arena_calloc(b->a, sizeof *names * (size_t)(n + 1));
    if (!ex || !types || !cols || !parts || !names)
        return eng_err_oom(b->err);
    brel none = { NULL, 0, NULL };
    bexpr_ctx x = { .b = b, .scope = &none, .mode = BM_PLAIN,
                    .clause = "VALUES" };
    for (int c = 0; c < n; c++)
        types[c] = eng_type_make(ENG_T_UNKNOWN);
    for (int r = 0; r < nr; r++) {
        const ast_values_row *row = &body->rows[r];
        if (row->nvals != n)
            return eng_err_set(b->err, ENG_ERR_SYNTAX_ERROR, row->pos,
                               "Values rows have mismatched sizes: %d vs %d",
                               n, row->nvals);
        for (int c = 0; c < n; c++) {
            plan_expr **e = &ex[(size_t)r * (size_t)n + (size_t)c];
            eng_rc rc = bind_expr(&x, row->vals[c], e);
            if (rc)
                return rc;
            eng_type t;
            if (!bind_common_type(types[c], (*e)->type, &t))
                return eng_err_set(b->err, ENG_ERR_DATATYPE_MISMATCH,
                                   row->vals[c]->pos, "Values rows have "
                                   "mismatched types: %s vs %s",
                                   bind_type_str(b, types[c]),
                                   bind_type_str(b, (*e)->type));
            types[c] = t;
        }
    }
    int np = 0;
    for (int r = 0; r < nr;) {
        bool cst = true;
        for (int c = 0; c < n && cst; c++)
            cst = ex[(size_t)r * (size_t)n + (size_t)c]->kind == PX_CONST;
        if (cst) {
            int e = r + 1;
            for (bool more = true; e < nr && more; e += more) {
                for (int c = 0; c < n && more; c++)
                    more = ex[(size_t)e * (size_t)n + (size_t)c]->kind == PX_CONST;
            }
            if (!(parts[np++] = values_node(b, body, ex, types, n, r, e)))
                return ENG_NOMEM;
            r = e;
            continue;
        }
        brel one;
        plan_expr **pe = eng_arena_calloc(b->a, sizeof *pe * (size_t)(n + 1));
        if (!pe)
            return eng_err_oom(b->err);
        eng_rc rc = bind_from(b, NULL, &one);
        for (int c = 0; c < n && !rc; c++)
            rc = bind_coerce(b, ex[(size_t)r * (size_t)n + (size_t)c], types[c],
                             &pe[c]);
        if (rc)
            return rc;
        if (!(parts[np++] = bind_project(b, one.plan, n, pe, NULL)))
            return ENG_NOMEM;
        r++;
    }
    plan_node *top = union_parts(b, parts, 0, np);
    if (!top)
        return ENG_NOMEM;
    for (int c = 0; c < n; c++) {
        names[c] = eng_arena_sprintf(b->a, "_col%d", c);
        if (!names[c])
            return eng_err_oom(b->err);
        cols[c] = (bcol){ .name = names[c], .type = types[c], .nullable = true };
    }
    for (int i = 0; i < np; i++)
        memcpy(parts[i]->names, names, sizeof *names * (size_t)n);
    if (top->ncols == n)
        memcpy(top->names, names, sizeof *names * (size_t)n);
    out->plan = top;
    out->ncols = n;
    out->cols = cols;
    return ENG_OK;
}

static eng_rc bind_body(bctx *b, const ast_query_body *body, brel *out)
{
    if (body->setop != AS_NONE)
        return bind_setop(b, body, out);
    if (body->nested)
        return bind_query(b, body->nested, out);
    if (body->nrows > 0)
        return bind_values(b, body, out);
    return bind_select(b, body->select, NULL, out);
}

/*
 * Binds a query (WITH, body, ORDER BY, LIMIT) in the current CTE scope
 * into *out. A plain SELECT body handles its own ORDER BY so that it can
 * sort by expressions over its input.
 */
eng_rc bind_query(bctx *b, const ast_query *q, brel *out)
{
    const cte_scope *saved = b->ctes;
    cte_scope sc = { q, q->nctes, saved, b->outer };
    /* Trino: DUPLICATE_NAMED_QUERY (42712, as the Trino connector maps it) */
    for (int i = 1; i < q->nctes; i++)
        for (int j = 0; j < i; j++)
            if (!strcasecmp(q->ctes[i].name, q->ctes[j].name))
                return eng_err_set(b->err, ENG_ERR_DUPLICATE_ALIAS,
                                   q->ctes[i].pos, "WITH query name '%s' "
                                   "specified more than once", q->ctes[i].name);
    if (q->nctes > 0)
        b->ctes = &sc;
    eng_rc rc;
    if (++b->depth > 200) {
        rc = eng_err_set(b->err, ENG_ERR_STATEMENT_TOO_COMPLEX, q->pos,
                         "Query nested too deeply");
    } else if (q->body->setop == AS_NONE && q->body->select) {
        rc = bind_select(b, q->body->select, q, out);
    } else {
        rc = bind_body(b, q->body, out);
        if (!rc)
            rc = bind_order_limit(b, q, out);
    }
    b->depth--;
    b->ctes = saved;
    return rc;
}

/* ------------------------------------------------------------------ */
/* Statements                                                           */
/* ------------------------------------------------------------------ */

/* "" for NULL, for column origins of computed columns. */
static const char *nz(const char *s)
{
    return s ? s : "";
}

/* Fills out->cols from the scope of the bound query. */
static eng_rc describe(bctx *b, const brel *rel, eng_bound_stmt *out)
{
    out->ncols = rel->ncols;
    out->cols = eng_arena_calloc(b->a, sizeof *out->cols * (size_t)(rel->ncols + 1));
    if (!out->cols)
        return eng_err_oom(b->err);
    for (int i = 0; i < rel->ncols; i++) {
        const bcol *c = &rel->cols[i];
        eng_column_desc *d = &out->cols[i];
        d->name = c->name ? c->name : "";
        d->type = rel->plan->types[i];
        d->nullable = c->nullable;
        d->catalog = nz(c->ocat);
        d->schema = nz(c->oschema);
        d->table = nz(c->otable);
        d->base_name = nz(c->obase);
    }
    return ENG_OK;
}

/*
 * Binds statement s for session c (see binder.h). The bound statement
 * and its plan live in arena a; on failure err is set and *out untouched.
 */
eng_rc bind_statement(eng_conn *c, const ast_stmt *s, eng_arena *a,
                 eng_bound_stmt **out, eng_error *err)
{
    return bind_statement_params(c, s, NULL, 0, a, out, err);
}

/* Types of the markers in r's plan (ENG_T_UNKNOWN where none). */
static eng_rc param_types(bctx *b, eng_bound_stmt *r)
{
    if (r->nparams <= 0)
        return ENG_OK;
    r->param_types = eng_arena_calloc(b->a, sizeof *r->param_types *
                                      (size_t)r->nparams);
    if (!r->param_types)
        return eng_err_oom(b->err);
    plan_param_types(r->plan, r->param_types, r->nparams);
    return ENG_OK;
}

/*
 * Binds statement s with marker type hints (see binder.h). The bound
 * statement and its plan live in arena a; on failure err is set and
 * *out untouched.
 */
eng_rc bind_statement_params(eng_conn *c, const ast_stmt *s,
                             const eng_type *hints, int nhints,
                             eng_arena *a, eng_bound_stmt **out,
                             eng_error *err)
{
    bctx b = { .c = c, .a = a, .err = err, .ctes = NULL, .depth = 0,
               .param_hints = hints, .nparam_hints = hints ? nhints : 0 };
    eng_bound_stmt *r = eng_arena_calloc(a, sizeof *r);
    if (!r)
        return eng_err_oom(err);
    r->nparams = s->nparams;
    eng_rc rc;
    switch (s->kind) {
    case AST_QUERY: {
        brel rel;
        if ((rc = bind_query(&b, s->query, &rel)) || (rc = describe(&b, &rel, r)))
            return rc;
        r->kind = EB_QUERY;
        r->plan = rel.plan;
        for (int i = 0; i < rel.ncols; i++)
            if (rel.plan->names && !rel.plan->names[i])
                rel.plan->names[i] = (char *)r->cols[i].name;
        break;
    }
    case AST_EXPLAIN: {
        eng_bound_stmt *inner;
        if (!s->inner)
            return eng_err_set(err, ENG_ERR_SYNTAX_ERROR, s->pos,
                               "EXPLAIN needs a statement");
        if ((rc = bind_statement_params(c, s->inner, hints, nhints, a,
                                        &inner, err)))
            return rc;
        if (inner->kind != EB_QUERY)
            return eng_err_set(err, ENG_ERR_FEATURE_NOT_SUPPORTED, s->pos,
                               "EXPLAIN supports only queries");
        r->kind = EB_EXPLAIN;
        r->analyze = s->analyze;
        r->plan = inner->plan;   /* r->nparams: the markers of the text */
        r->ncols = 1;
        r->cols = eng_arena_calloc(a, sizeof *r->cols);
        if (!r->cols)
            return eng_err_oom(err);
        r->cols[0] = (eng_column_desc){ .name = "Query Plan",
                                        .type = eng_type_varchar(0),
                                        .nullable = false, .catalog = "",
                                        .schema = "", .table = "",
                                        .base_name = "" };
        break;
    }
    case AST_START_TRANSACTION:
        /* every transaction runs at READ COMMITTED: the catalog written
         * runs one at that level, and the others are read as their
         * committed state at each statement (SQL_TXN_ISOLATION_OPTION) */
        if (s->txn_isolation != AST_ISO_DEFAULT &&
            s->txn_isolation != AST_ISO_READ_COMMITTED)
            return eng_err_set(err, ENG_ERR_FEATURE_NOT_SUPPORTED,
                               s->txn_pos, "Isolation level %s is not "
                               "supported: transactions run at READ "
                               "COMMITTED",
                               s->txn_isolation == AST_ISO_READ_UNCOMMITTED
                                   ? "READ UNCOMMITTED"
                               : s->txn_isolation == AST_ISO_REPEATABLE_READ
                                   ? "REPEATABLE READ" : "SERIALIZABLE");
        r->kind = EB_TXN;
        r->txn_op = EB_TXN_START;
        r->txn_read_only = s->txn_access == AST_ACCESS_READ_ONLY;
        break;
    case AST_COMMIT:
    case AST_ROLLBACK:
        r->kind = EB_TXN;
        r->txn_op = s->kind == AST_COMMIT ? EB_TXN_COMMIT : EB_TXN_ROLLBACK;
        break;
    default:
        if (s->kind >= AST_CREATE_SCHEMA && s->kind <= AST_CREATE_INDEX)
            rc = bind_write(&b, s, r);     /* bind_write.c */
        else
            rc = bind_show(&b, s, r);
        if (rc)
            return rc;
        break;
    }
    if ((rc = param_types(&b, r)))
        return rc;
    *out = r;
    return ENG_OK;
}
