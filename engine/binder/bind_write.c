/*
 * engine/binder/bind_write.c
 *   Statements that change a catalog -> an EB_WRITE bound statement: the
 *   target catalog, a write spec (plan/plan_write.h) and, for writes fed
 *   with rows, the plan that produces them.
 * Interface: bind_write.
 * Not here: syntax (parser/parse_write.c), running the write (engine.c),
 *   the remote SQL (connector/pg/pg_write.c).
 *
 * Rules (Trino's):
 *   - Names resolve like table names in queries; a one-part schema name
 *     uses the session catalog.
 *   - A catalog marked `read_only = true` (and the system catalog) refuses
 *     every write with 42501 naming it; a table or schema outside the
 *     catalog's allow-lists is refused with 42501 as reads are.
 *   - INSERT: the values of each targeted column are cast to its type
 *     when both are numeric, both character, or the value is NULL;
 *     anything else is 42804 naming the column ("Insert query has
 *     mismatched column types"). Numeric narrowing fails at run time if a
 *     value does not fit (22003); a string too long for varchar(n) is
 *     refused by the catalog (22001). Columns not named get the table's
 *     default. Constant VALUES rows are cast here, once. A row (or a
 *     query, or a MERGE INSERT) with more or fewer values than targeted
 *     columns is 21S01 (ODBC's "insert value list does not match column
 *     list"; Trino's text).
 *   - CREATE TABLE AS: every column needs a name and a known type.
 *   - UPDATE / DELETE: sent whole when the catalog accepts every WHERE
 *     conjunct and SET value (connector write_shippable); otherwise the
 *     engine reads the target, computes (old row, new row) and the
 *     connector applies them (EW_APPLY).
 *   - MERGE: source LEFT JOIN target ON the condition; the first WHEN
 *     clause whose condition holds decides each source row's action; the
 *     rows go to the connector as EW_APPLY with the duplicate-match check.
 *   - Views: only over the view's own catalog; the query is sent in the
 *     catalog's SQL. A federated view is refused (0A000) with a hint to
 *     create a table instead.
 */
#include <stdio.h>
#include <string.h>
#include "bind_int.h"
#include "../parser/ast_write.h"

/* ------------------------------------------------------------------ */
/* names and permissions                                               */

/* Catalog, schema and table of an n-part name (tables: 1..3 parts,
 * schemas: 1..2 parts with table NULL). */
typedef struct wname {
    eng_catalog *cat;
    const char *schema;
    const char *table;
} wname;

/* Resolves n against the session defaults. 3D000 / 3F000 as queries. */
static eng_rc resolve(bctx *b, const ast_name *n, bool is_schema, wname *out)
{
    int np = n->nparts, maxp = is_schema ? 2 : 3;
    const char *cn = NULL;
    memset(out, 0, sizeof *out);
    if (np < 1 || np > maxp)
        return eng_err_set(b->err, ENG_ERR_SYNTAX_ERROR, n->pos,
                           "Too many dots in %s name",
                           is_schema ? "schema" : "table");
    if (np == maxp)
        cn = n->parts[0];
    else
        cn = b->c->def_catalog;
    if (!cn)
        return eng_err_set(b->err, ENG_ERR_INVALID_CATALOG_NAME, n->pos,
                           "Catalog must be specified when session catalog "
                           "is not set");
    out->cat = sess_catalog_find(b->c, cn);
    if (!out->cat)
        return eng_err_set(b->err, ENG_ERR_INVALID_CATALOG_NAME, n->pos,
                           "Catalog '%s' does not exist", cn);
    if (is_schema) {
        out->schema = n->parts[np - 1];
        return ENG_OK;
    }
    out->table = n->parts[np - 1];
    if (np >= 2)
        out->schema = n->parts[np - 2];
    else if (!(out->schema = b->c->def_schema))
        return eng_err_set(b->err, ENG_ERR_INVALID_SCHEMA_NAME, n->pos,
                           "Schema must be specified when session schema "
                           "is not set");
    return ENG_OK;
}

/* 42501 for read-only catalogs and objects outside the allow-lists;
 * 0A000 for catalogs whose connector cannot write (insert: an INSERT,
 * which a connector with only write_query may take whole: the engine
 * checks the source's shape at execution). */
static eng_rc check_writable_as(bctx *b, const wname *w, int pos, bool insert)
{
    eng_catalog *cat = w->cat;
    eng_rc rc = ENG_OK;
    if (cat->read_only)
        rc = eng_err_set(b->err, ENG_ERR_INSUFFICIENT_PRIVILEGE, pos,
                         "Access Denied: catalog '%s' is read-only",
                         cat->name);
    else if (w->schema && !strcmp(w->schema, "information_schema"))
        rc = eng_err_set(b->err, ENG_ERR_INSUFFICIENT_PRIVILEGE, pos,
                         "Access Denied: '%s.information_schema' is "
                         "read-only", cat->name);
    else if (!sess_cat_allows(cat, w->schema, w->table))
        rc = w->table
            ? eng_err_set(b->err, ENG_ERR_INSUFFICIENT_PRIVILEGE, pos,
                          "Access Denied: table '%s.%s.%s' is not exposed "
                          "by catalog '%s'", cat->name, w->schema, w->table,
                          cat->name)
            : eng_err_set(b->err, ENG_ERR_INSUFFICIENT_PRIVILEGE, pos,
                          "Access Denied: schema '%s.%s' is not exposed by "
                          "catalog '%s'", cat->name, w->schema, cat->name);
    else if ((!cat->ops->write_exec || !cat->ops->write_begin) &&
             !(insert && cat->ops->write_query))
        rc = eng_err_set(b->err, ENG_ERR_FEATURE_NOT_SUPPORTED, pos,
                         "Catalog '%s' does not support writes", cat->name);
    if (rc != ENG_OK)
        eng_err_set_source(b->err, cat->name);
    return rc;
}

static eng_rc check_writable(bctx *b, const wname *w, int pos)
{
    return check_writable_as(b, w, pos, false);
}

/* A new spec of kind for w in the arena; NULL after setting OOM. */
static eng_write_spec *new_spec(bctx *b, eng_write_kind kind, const wname *w)
{
    eng_write_spec *s = eng_arena_calloc(b->a, sizeof *s);
    if (!s) {
        eng_err_oom(b->err);
        return NULL;
    }
    s->kind = kind;
    s->catalog = w->cat->name;
    s->schema = w->schema;
    s->table = w->table;
    return s;
}

/* The target of a DDL statement w resolved (schema_only: a schema name)
 * into *wn, checked writable, and a new spec of kind for it in *sp; the
 * first error as resolve / check_writable report it, or HY001. */
static eng_rc target_spec(bctx *b, const ast_write *w, bool schema_only,
                          eng_write_kind kind, wname *wn,
                          eng_write_spec **sp)
{
    eng_rc rc;
    if ((rc = resolve(b, &w->target, schema_only, wn)) ||
        (rc = check_writable(b, wn, w->target.pos)))
        return rc;
    *sp = new_spec(b, kind, wn);
    return *sp ? ENG_OK : ENG_NOMEM;
}

/* Reads the definition of w's table: ENG_NOT_FOUND (no error) if it does
 * not exist. */
static eng_rc find_table(bctx *b, const wname *w, eng_table_def **def)
{
    return sess_cat_get_table(w->cat, w->schema, w->table, b->a, def,
                              b->err);
}

/* ------------------------------------------------------------------ */
/* values and coercion                                                 */

/* Trino's INSERT rule: numeric to numeric, character to character,
 * NULL to anything, same type, timestamp/date to timestamp with time
 * zone, time to time with time zone. */
static bool insert_compatible(eng_type from, eng_type to)
{
    if (from.id == ENG_T_UNKNOWN || from.id == to.id)
        return true;
    /* Trino's implicit coercions into the types with a time zone (the
     * session zone supplies the zone) */
    if (to.id == ENG_T_TIMESTAMP_TZ)
        return from.id == ENG_T_TIMESTAMP || from.id == ENG_T_DATE;
    if (to.id == ENG_T_TIME_TZ)
        return from.id == ENG_T_TIME;
    return eng_type_is_numeric(from.id) && eng_type_is_numeric(to.id);
}

/* e cast for target column c (named col) of type `to`, per Trino's
 * INSERT rule; 42804 naming the column otherwise. */
static eng_rc coerce_for_column(bctx *b, plan_expr *e, eng_type to,
                                const char *col, plan_expr **out)
{
    if (!insert_compatible(e->type, to))
        return eng_err_set(b->err, ENG_ERR_DATATYPE_MISMATCH, e->pos,
                           "Insert query has mismatched column types: "
                           "column '%s' is %s, but the value is %s", col,
                           bind_type_str(b, to), bind_type_str(b, e->type));
    if (e->type.id == ENG_T_VARCHAR && to.id == ENG_T_VARCHAR) {
        *out = e;               /* the catalog checks varchar(n) lengths */
        return ENG_OK;
    }
    return bind_coerce(b, e, to, out);
}

/* Folds constants and casts of constants (Trino's cast rules, errors
 * with the value's position and the column's name). *folded = false
 * when e is not constant. */
static eng_rc fold(bctx *b, plan_expr *e, const char *col, plan_expr **out,
                   bool *folded)
{
    *folded = false;
    *out = e;
    if (e->kind == PX_CONST) {
        *folded = true;
        return ENG_OK;
    }
    if (e->kind != PX_CAST || e->is_try || e->nargs != 1)
        return ENG_OK;
    plan_expr *a;
    eng_rc rc = fold(b, e->args[0], col, &a, folded);
    if (rc != ENG_OK || !*folded)
        return rc;
    plan_expr *c = bind_new(b, PX_CONST, e->type, e->pos);
    if (!c)
        return eng_err_oom(b->err);
    if (a->value.is_null) {
        c->value.is_null = true;
        c->value.type = e->type;
    } else if ((rc = eng_value_cast_zone(b->a, &a->value, e->type,
                                         sess_tz(b->c), &c->value,
                                         b->err)) != ENG_OK) {
        if (rc == ENG_ERROR) {
            char msg[ENG_ERR_MSG_MAX], state[6];
            memcpy(msg, b->err->message, sizeof msg);
            memcpy(state, b->err->sqlstate, sizeof state);
            eng_err_set(b->err, state, e->pos, "%s (column '%s')", msg, col);
        }
        return rc;
    }
    c->value.type = e->type;
    *out = c;
    return ENG_OK;
}

/* A typed NULL constant. */
static plan_expr *null_of(bctx *b, eng_type t)
{
    plan_expr *e = bind_new(b, PX_CONST, t, 0);
    if (e) {
        e->value.is_null = true;
        e->value.type = t;
    }
    return e;
}

/* A boolean / integer constant. */
static plan_expr *int_const(bctx *b, int64_t v)
{
    plan_expr *e = bind_new(b, PX_CONST, eng_type_make(ENG_T_INTEGER), 0);
    if (e) {
        e->value.type = e->type;
        e->value.u.i = v;
    }
    return e;
}

/* Column reference to column i of a node's output. */
static plan_expr *colref(bctx *b, int i, eng_type t)
{
    plan_expr *e = bind_new(b, PX_COLREF, t, 0);
    if (e)
        e->col = i;
    return e;
}

/* ------------------------------------------------------------------ */
/* INSERT                                                              */

/* One-row PN_VALUES without columns (the FROM of a VALUES row). */
static plan_node *one_row(bctx *b)
{
    brel r;
    return bind_from(b, NULL, &r) == ENG_OK ? r.plan : NULL;
}

/* UNION ALL of parts[lo..hi), balanced so the depth stays logarithmic. */
static plan_node *union_of(bctx *b, plan_node **parts, int lo, int hi,
                           int ncols, const eng_type *types)
{
    if (hi - lo == 1)
        return parts[lo];
    int mid = lo + (hi - lo) / 2;
    plan_node *l = union_of(b, parts, lo, mid, ncols, types);
    plan_node *r = l ? union_of(b, parts, mid, hi, ncols, types) : NULL;
    plan_node *u = r ? bind_node(b, PN_UNION_ALL, ncols) : NULL;
    if (!u)
        return NULL;
    memcpy(u->types, types, sizeof *types * (size_t)ncols);
    u->left = l;
    u->right = r;
    return u;
}

/*
 * VALUES rows for the target columns: constant rows (after folding) go
 * into one PN_VALUES; a row with a non-constant expression becomes a
 * projection over one row; all are joined by UNION ALL.
 */
static eng_rc bind_values(bctx *b, const ast_write *w, int n,
                          const eng_write_col *cols, plan_node **out)
{
    brel empty = { NULL, 0, NULL };
    bexpr_ctx x = { .b = b, .scope = &empty, .mode = BM_PLAIN,
                    .clause = "VALUES" };
    eng_type *types = eng_arena_calloc(b->a, sizeof *types * (size_t)(n + 1));
    plan_node *consts = bind_node(b, PN_VALUES, n);
    plan_node **parts = eng_arena_calloc(b->a, sizeof *parts *
                                               (size_t)(w->nrows + 1));
    int nparts = 0;
    eng_rc rc;
    if (!types || !consts || !parts)
        return eng_err_oom(b->err);
    for (int i = 0; i < n; i++)
        types[i] = consts->types[i] = cols[i].type;
    consts->rows = eng_arena_calloc(b->a, sizeof *consts->rows *
                                          (size_t)(w->nrows + 1));
    if (!consts->rows)
        return eng_err_oom(b->err);
    for (int r = 0; r < w->nrows; r++) {
        plan_expr **ex = eng_arena_calloc(b->a, sizeof *ex * (size_t)(n + 1));
        bool all_const = true;
        if (!ex)
            return eng_err_oom(b->err);
        if (w->rowlens[r] != n)
            return eng_err_set(b->err, ENG_ERR_INSERT_VALUE_COUNT,
                               w->rows[r][0]->pos,
                               "Insert query has %d columns, but %d columns "
                               "are targeted", w->rowlens[r], n);
        for (int i = 0; i < n; i++) {
            plan_expr *e;
            bool folded;
            if ((rc = bind_expr(&x, w->rows[r][i], &e)) ||
                (rc = coerce_for_column(b, e, cols[i].type, cols[i].name,
                                        &e)) ||
                (rc = fold(b, e, cols[i].name, &ex[i], &folded)))
                return rc;
            all_const = all_const && folded;
        }
        if (all_const) {
            eng_value *row = eng_arena_calloc(b->a, sizeof *row *
                                                    (size_t)(n + 1));
            if (!row)
                return eng_err_oom(b->err);
            for (int i = 0; i < n; i++) {
                row[i] = ex[i]->value;
                row[i].type = cols[i].type;
            }
            consts->rows[consts->nrows++] = row;
        } else {
            plan_node *one = one_row(b);
            plan_node *p = one ? bind_project(b, one, n, ex, NULL) : NULL;
            if (!p)
                return eng_err_oom(b->err);
            parts[nparts++] = p;
        }
    }
    if (consts->nrows > 0)
        parts[nparts++] = consts;
    *out = union_of(b, parts, 0, nparts, n, types);
    return *out ? ENG_OK : eng_err_oom(b->err);
}

/* A projection of rel casting its columns to the target columns. */
static eng_rc cast_query(bctx *b, const brel *rel, int n,
                         const eng_write_col *cols, plan_node **out)
{
    plan_expr **ex = eng_arena_calloc(b->a, sizeof *ex * (size_t)(n + 1));
    if (!ex)
        return eng_err_oom(b->err);
    for (int i = 0; i < n; i++) {
        plan_expr *c = colref(b, i, rel->plan->types[i]);
        eng_rc rc;
        if (!c)
            return eng_err_oom(b->err);
        c->pos = 0;
        if ((rc = coerce_for_column(b, c, cols[i].type, cols[i].name,
                                    &ex[i])))
            return rc;
    }
    *out = bind_project(b, rel->plan, n, ex, NULL);
    return *out ? ENG_OK : eng_err_oom(b->err);
}

static eng_rc bind_insert(bctx *b, const ast_stmt *s, eng_bound_stmt *out)
{
    const ast_write *w = s->write;
    wname wn;
    eng_table_def *def;
    eng_rc rc;
    if ((rc = resolve(b, &w->target, false, &wn)) ||
        (rc = check_writable_as(b, &wn, w->target.pos, true)))
        return rc;
    if (!wn.cat->ops->write_begin && !w->query) {
        rc = eng_err_set(b->err, ENG_ERR_FEATURE_NOT_SUPPORTED, w->target.pos,
                         "Catalog '%s' does not support writes other than "
                         "INSERT ... SELECT from a query it computes whole",
                         wn.cat->name);
        eng_err_set_source(b->err, wn.cat->name);
        return rc;
    }
    rc = find_table(b, &wn, &def);
    if (rc == ENG_NOT_FOUND)
        return eng_err_set(b->err, ENG_ERR_UNDEFINED_TABLE, w->target.pos,
                           "Table '%s.%s.%s' does not exist", wn.cat->name,
                           wn.schema, wn.table);
    if (rc)
        return rc;
    eng_write_spec *sp = new_spec(b, EW_INSERT, &wn);
    int n = w->ncols ? w->ncols : def->ncols;
    if (!sp || !(sp->cols = eng_arena_calloc(b->a, sizeof *sp->cols *
                                                   (size_t)(n + 1))))
        return eng_err_oom(b->err);
    sp->ncols = n;
    sp->target = def;
    for (int i = 0; i < n; i++) {
        int k = i;
        if (w->ncols) {
            k = -1;
            for (int c = 0; c < def->ncols && k < 0; c++)
                if (!strcmp(def->cols[c].name, w->cols[i]))
                    k = c;
            for (int c = 0; c < def->ncols && k < 0; c++)
                if (bind_name_eq(def->cols[c].name, w->cols[i]))
                    k = c;
            if (k < 0)
                return eng_err_set(b->err, ENG_ERR_UNDEFINED_COLUMN,
                                   w->target.pos,
                                   "Insert column name does not exist: %s",
                                   w->cols[i]);
            for (int j = 0; j < i; j++)
                if (!strcmp(sp->cols[j].name, def->cols[k].name))
                    return eng_err_set(b->err, ENG_ERR_SYNTAX_ERROR,
                                       w->target.pos,
                                       "Insert column name is specified "
                                       "more than once: %s", w->cols[i]);
        }
        const eng_column_def *d = &def->cols[k];
        if (d->type.id == ENG_T_UNKNOWN)
            return eng_err_set(b->err, ENG_ERR_FEATURE_NOT_SUPPORTED,
                               w->target.pos,
                               "Column '%s' of type %s cannot be written",
                               d->name, d->remote_type_name
                               ? d->remote_type_name : "unknown");
        sp->cols[i] = (eng_write_col){ .name = d->name, .type = d->type,
                                       .not_null = !d->nullable,
                                       .remote_type = d->remote_type,
                                       .remote_typmod = d->remote_typmod };
    }
    if (w->query) {
        brel rel;
        if ((rc = bind_query(b, w->query, &rel)))
            return rc;
        if (rel.ncols != n)
            return eng_err_set(b->err, ENG_ERR_INSERT_VALUE_COUNT,
                               w->query->pos,
                               "Insert query has %d columns, but %d columns "
                               "are targeted", rel.ncols, n);
        if ((rc = cast_query(b, &rel, n, sp->cols, &out->plan)))
            return rc;
    } else if ((rc = bind_values(b, w, n, sp->cols, &out->plan))) {
        return rc;
    }
    out->write = sp;
    return ENG_OK;
}

/* ------------------------------------------------------------------ */
/* CREATE TABLE [AS]                                                   */

static eng_rc bind_create_table(bctx *b, const ast_stmt *s,
                                eng_bound_stmt *out)
{
    const ast_write *w = s->write;
    bool as = s->kind == AST_CREATE_TABLE_AS;
    wname wn;
    eng_table_def *def;
    eng_rc rc;
    brel rel;
    eng_write_spec *sp;
    if ((rc = target_spec(b, w, false, as ? EW_CREATE_TABLE_AS
                                          : EW_CREATE_TABLE, &wn, &sp)))
        return rc;
    sp->if_not_exists = w->if_not_exists;
    sp->with_data = w->with_data;
    if (!as) {
        sp->ncols = w->ncoldefs;
        sp->cols = eng_arena_calloc(b->a, sizeof *sp->cols *
                                          (size_t)(w->ncoldefs + 1));
        if (!sp->cols)
            return eng_err_oom(b->err);
        sp->npk = w->npk;
        sp->pk = w->pk;
        for (int i = 0; i < w->ncoldefs; i++) {
            const ast_column_def *c = &w->coldefs[i];
            sp->cols[i].name = c->name;
            sp->cols[i].decl = c->type.name;
            sp->cols[i].not_null = c->not_null;
            sp->cols[i].unique = c->unique;
            if ((rc = bind_parse_type(b, &c->type, &sp->cols[i].type)))
                return rc;
            if (c->primary_key) {
                if (sp->npk)
                    return eng_err_set(b->err, ENG_ERR_SYNTAX_ERROR, c->pos,
                                       "Multiple primary keys for table "
                                       "'%s' are not allowed", wn.table);
                sp->npk = 1;
                sp->pk = eng_arena_alloc(b->a, sizeof *sp->pk);
                if (!sp->pk)
                    return eng_err_oom(b->err);
                sp->pk[0] = c->name;
            }
        }
        out->write = sp;
        return ENG_OK;
    }
    /* CTAS: the query first (its errors come first), then existence */
    if ((rc = bind_query(b, w->query, &rel)))
        return rc;
    if (w->ncols && w->ncols != rel.ncols)
        return eng_err_set(b->err, ENG_ERR_SYNTAX_ERROR, w->target.pos,
                           "Column alias list has %d entries but relation "
                           "has %d columns", w->ncols, rel.ncols);
    sp->ncols = rel.ncols;
    sp->cols = eng_arena_calloc(b->a, sizeof *sp->cols * (size_t)(rel.ncols + 1));
    if (!sp->cols)
        return eng_err_oom(b->err);
    for (int i = 0; i < rel.ncols; i++) {
        const char *name = w->ncols ? w->cols[i] : rel.cols[i].name;
        char gen[24];
        /* an expression without alias is labelled _col<i> (bind_select.c):
         * Trino wants a name for every column of a new table */
        snprintf(gen, sizeof gen, "_col%d", i);
        if (!name || !*name || (!w->ncols && !strcmp(name, gen)))
            return eng_err_set(b->err, ENG_ERR_SYNTAX_ERROR, w->query->pos,
                               "Column name not specified at position %d",
                               i + 1);
        if (rel.plan->types[i].id == ENG_T_UNKNOWN)
            return eng_err_set(b->err, ENG_ERR_DATATYPE_MISMATCH,
                               w->query->pos,
                               "Column type is unknown: %s", name);
        for (int j = 0; j < i; j++)
            if (!strcmp(sp->cols[j].name, name))
                return eng_err_set(b->err, ENG_ERR_SYNTAX_ERROR,
                                   w->query->pos,
                                   "Column name '%s' specified more than "
                                   "once", name);
        sp->cols[i].name = (char *)name;
        sp->cols[i].type = rel.plan->types[i];
    }
    rc = find_table(b, &wn, &def);
    if (rc == ENG_OK) {
        if (w->if_not_exists) {
            out->write = NULL;          /* nothing to do, 0 rows */
            return ENG_OK;
        }
        return eng_err_set(b->err, ENG_ERR_DUPLICATE_TABLE, w->target.pos,
                           "Table '%s.%s.%s' already exists", wn.cat->name,
                           wn.schema, wn.table);
    }
    if (rc != ENG_NOT_FOUND)
        return rc;
    out->plan = rel.plan;
    out->write = sp;
    return ENG_OK;
}

/* ------------------------------------------------------------------ */
/* DDL without rows                                                    */

static eng_rc bind_schema_ddl(bctx *b, const ast_stmt *s, eng_bound_stmt *out)
{
    const ast_write *w = s->write;
    wname wn;
    eng_rc rc;
    eng_write_spec *sp;
    if ((rc = target_spec(b, w, true, s->kind == AST_CREATE_SCHEMA
                          ? EW_CREATE_SCHEMA : EW_DROP_SCHEMA, &wn, &sp)))
        return rc;
    sp->if_exists = w->if_exists;
    sp->if_not_exists = w->if_not_exists;
    sp->cascade = w->cascade;
    out->write = sp;
    return ENG_OK;
}

static eng_rc bind_drop(bctx *b, const ast_stmt *s, eng_bound_stmt *out)
{
    const ast_write *w = s->write;
    wname wn;
    eng_rc rc;
    eng_write_spec *sp;
    if ((rc = target_spec(b, w, false, s->kind == AST_DROP_TABLE
                          ? EW_DROP_TABLE : EW_DROP_VIEW, &wn, &sp)))
        return rc;
    sp->if_exists = w->if_exists;
    out->write = sp;
    return ENG_OK;
}

static eng_rc bind_alter(bctx *b, const ast_stmt *s, eng_bound_stmt *out)
{
    static const eng_write_kind kinds[] = {
        EW_RENAME_TABLE, EW_ADD_COLUMN, EW_DROP_COLUMN, EW_RENAME_COLUMN
    };
    const ast_write *w = s->write;
    wname wn;
    eng_rc rc;
    eng_write_spec *sp;
    if ((rc = target_spec(b, w, false, kinds[w->alter], &wn, &sp)))
        return rc;
    sp->if_exists = w->if_exists;
    sp->col_if = w->col_if;
    sp->column = w->column;
    sp->new_name = w->new_name;
    switch (w->alter) {
    case AAL_RENAME_TABLE: {
        /* parts the new name leaves out are the old name's (same
         * catalog, same schema), whatever the session defaults */
        wname to = wn;
        const ast_name *nn = &w->new_table;
        to.table = nn->parts[nn->nparts - 1];
        if (nn->nparts >= 2)
            to.schema = nn->parts[nn->nparts - 2];
        if (nn->nparts == 3 && !(to.cat = sess_catalog_find(b->c, nn->parts[0])))
            return eng_err_set(b->err, ENG_ERR_INVALID_CATALOG_NAME, nn->pos,
                               "Catalog '%s' does not exist", nn->parts[0]);
        if (to.cat != wn.cat)
            return eng_err_set(b->err, ENG_ERR_FEATURE_NOT_SUPPORTED,
                               w->new_table.pos,
                               "Table rename across catalogs is not "
                               "supported");
        if ((rc = check_writable(b, &to, w->new_table.pos)))
            return rc;
        sp->new_schema = to.schema;
        sp->new_table = to.table;
        break;
    }
    case AAL_ADD_COLUMN:
        sp->ncols = 1;
        sp->cols = eng_arena_calloc(b->a, sizeof *sp->cols);
        if (!sp->cols)
            return eng_err_oom(b->err);
        sp->cols[0].name = w->coldefs[0].name;
        sp->cols[0].decl = w->coldefs[0].type.name;
        sp->cols[0].not_null = w->coldefs[0].not_null;
        if ((rc = bind_parse_type(b, &w->coldefs[0].type, &sp->cols[0].type)))
            return rc;
        break;
    case AAL_RENAME_COLUMN:
        if (w->col_if) {
            /* PostgreSQL has no RENAME COLUMN IF EXISTS: look first */
            eng_table_def *def;
            bool found = false;
            rc = find_table(b, &wn, &def);
            if (rc == ENG_NOT_FOUND && w->if_exists) {
                out->write = NULL;
                return ENG_OK;
            }
            if (rc == ENG_NOT_FOUND)
                return eng_err_set(b->err, ENG_ERR_UNDEFINED_TABLE,
                                   w->target.pos,
                                   "Table '%s.%s.%s' does not exist",
                                   wn.cat->name, wn.schema, wn.table);
            if (rc)
                return rc;
            for (int i = 0; i < def->ncols; i++)
                if (!strcmp(def->cols[i].name, w->column))
                    found = true;
            if (!found) {
                out->write = NULL;
                return ENG_OK;
            }
        }
        break;
    default:
        break;
    }
    out->write = sp;
    return ENG_OK;
}

/* ------------------------------------------------------------------ */
/* UPDATE and DELETE                                                   */

/* The target as a FROM item: a scan of all its columns, scope qualified
 * by the table (or alias). */
static eng_rc target_rel(bctx *b, const ast_write *w, brel *rel)
{
    ast_table_ref tr;
    memset(&tr, 0, sizeof tr);
    tr.kind = ATR_TABLE;
    tr.pos = w->target.pos;
    tr.name = w->target;
    tr.alias = w->alias;
    return bind_from(b, &tr, rel);
}

/* Appends the conjuncts of e to (*v, *n). */
static eng_rc conjuncts(bctx *b, plan_expr *e, plan_expr ***v, int *n,
                        int *cap)
{
    if (e->kind == PX_AND) {
        for (int i = 0; i < e->nargs; i++) {
            eng_rc rc = conjuncts(b, e->args[i], v, n, cap);
            if (rc)
                return rc;
        }
        return ENG_OK;
    }
    if (*n == *cap) {
        int nc = *cap ? *cap * 2 : 8;
        plan_expr **nv = eng_arena_alloc(b->a, sizeof *nv * (size_t)nc);
        if (!nv)
            return eng_err_oom(b->err);
        if (*n)
            memcpy(nv, *v, sizeof *nv * (size_t)*n);
        *v = nv;
        *cap = nc;
    }
    (*v)[(*n)++] = e;
    return ENG_OK;
}

/* Index of the target column named name, or 42703. */
static eng_rc target_col(bctx *b, const eng_table_def *def, const char *name,
                         int pos, int *out)
{
    for (int i = 0; i < def->ncols; i++)
        if (!strcmp(def->cols[i].name, name)) {
            *out = i;
            return ENG_OK;
        }
    for (int i = 0; i < def->ncols; i++)
        if (bind_name_eq(def->cols[i].name, name)) {
            *out = i;
            return ENG_OK;
        }
    return eng_err_set(b->err, ENG_ERR_UNDEFINED_COLUMN, pos,
                       "Column '%s' cannot be resolved", name);
}

/*
 * The EW_APPLY rows over `in` (whose first ncols columns are the target's
 * columns): (action, old columns, new columns) where new column c is
 * newv[c] or the old value when newv[c] is NULL.
 */
static plan_node *apply_project(bctx *b, plan_node *in, plan_expr *action,
                                const eng_table_def *def, plan_expr **newv)
{
    int n = def->ncols, m = 1 + 2 * n;
    plan_expr **ex = eng_arena_calloc(b->a, sizeof *ex * (size_t)(m + 1));
    if (!ex)
        return NULL;
    ex[0] = action;
    for (int i = 0; i < n; i++) {
        if (!(ex[1 + i] = colref(b, i, def->cols[i].type)))
            return NULL;
        ex[1 + n + i] = newv && newv[i] ? newv[i] : ex[1 + i];
    }
    return bind_project(b, in, m, ex, NULL);
}

/* 0A000 when a target column's type cannot be read back (EW_APPLY moves
 * whole rows). */
static eng_rc check_row_types(bctx *b, const eng_table_def *def, int pos)
{
    for (int i = 0; i < def->ncols; i++)
        if (def->cols[i].type.id == ENG_T_UNKNOWN)
            return eng_err_set(b->err, ENG_ERR_FEATURE_NOT_SUPPORTED, pos,
                               "Cannot change rows of '%s.%s' here: column "
                               "'%s' has type %s, which the engine cannot "
                               "read; use a WHERE and SET the catalog can "
                               "run alone", def->schema, def->name,
                               def->cols[i].name,
                               def->cols[i].remote_type_name
                               ? def->cols[i].remote_type_name : "unknown");
    return ENG_OK;
}

static eng_rc bind_update_delete(bctx *b, const ast_stmt *s,
                                 eng_bound_stmt *out)
{
    const ast_write *w = s->write;
    bool upd = s->kind == AST_UPDATE;
    wname wn;
    brel rel;
    eng_rc rc;
    if ((rc = resolve(b, &w->target, false, &wn)) ||
        (rc = check_writable(b, &wn, w->target.pos)) ||
        (rc = target_rel(b, w, &rel)))
        return rc;
    const eng_table_def *def = rel.plan->spec.table;
    bexpr_ctx x = { .b = b, .scope = &rel, .mode = BM_PLAIN,
                    .clause = "WHERE" };
    plan_expr *where = NULL, **newv = NULL;
    plan_expr **filters = NULL;
    int nf = 0, fcap = 0;
    int *acols = NULL;
    plan_expr **avals = NULL;
    if (w->where && (rc = bind_bool_expr(&x, w->where, &where)))
        return rc;
    if (where && (rc = conjuncts(b, where, &filters, &nf, &fcap)))
        return rc;
    if (upd) {
        newv = eng_arena_calloc(b->a, sizeof *newv * (size_t)(def->ncols + 1));
        acols = eng_arena_calloc(b->a, sizeof *acols * (size_t)(w->nassign + 1));
        avals = eng_arena_calloc(b->a, sizeof *avals * (size_t)(w->nassign + 1));
        if (!newv || !acols || !avals)
            return eng_err_oom(b->err);
        x.clause = "SET";
        for (int i = 0; i < w->nassign; i++) {
            const ast_assign *as = &w->assign[i];
            int k;
            plan_expr *e;
            bool folded;
            if ((rc = target_col(b, def, as->column, as->pos, &k)))
                return rc;
            if (newv[k])
                return eng_err_set(b->err, ENG_ERR_SYNTAX_ERROR, as->pos,
                                   "Column '%s' is assigned more than once",
                                   as->column);
            if ((rc = bind_expr(&x, as->value, &e)) ||
                (rc = coerce_for_column(b, e, def->cols[k].type,
                                        def->cols[k].name, &e)) ||
                (rc = fold(b, e, def->cols[k].name, &e, &folded)))
                return rc;
            newv[k] = e;
            acols[i] = k;
            avals[i] = e;
        }
    }
    /* whole statement when the catalog takes every piece */
    void *st = NULL;
    bool whole = wn.cat->ops->write_shippable != NULL &&
                 sess_catalog_state(wn.cat, &st, b->err) == ENG_OK;
    for (int i = 0; whole && i < nf; i++)
        whole = wn.cat->ops->write_shippable(st, filters[i]);
    for (int i = 0; whole && upd && i < w->nassign; i++)
        whole = wn.cat->ops->write_shippable(st, avals[i]);
    eng_write_spec *sp = new_spec(b, whole ? (upd ? EW_UPDATE : EW_DELETE)
                                           : EW_APPLY, &wn);
    if (!sp)
        return ENG_NOMEM;
    sp->target = def;
    if (whole) {
        sp->nfilters = nf;
        sp->filters = filters;
        sp->nassign = upd ? w->nassign : 0;
        sp->assign_cols = acols;
        sp->assign_vals = avals;
        out->write = sp;
        return ENG_OK;
    }
    if ((rc = check_row_types(b, def, w->target.pos)))
        return rc;
    plan_node *in = rel.plan;
    if (where) {
        plan_node *f = bind_node(b, PN_FILTER, rel.ncols);
        if (!f)
            return ENG_NOMEM;
        memcpy(f->types, rel.plan->types, sizeof *f->types * (size_t)rel.ncols);
        f->child = in;
        f->pred = where;
        in = f;
    }
    plan_expr *act = int_const(b, upd ? EW_ACT_UPDATE : EW_ACT_DELETE);
    if (!act || !(out->plan = apply_project(b, in, act, def, newv)))
        return eng_err_oom(b->err);
    out->write = sp;
    return ENG_OK;
}

/* ------------------------------------------------------------------ */
/* MERGE                                                               */

/* Binds the ON condition and clause expressions over source ++ target ++
 * present; builds the EW_APPLY plan. */
static eng_rc bind_merge(bctx *b, const ast_stmt *s, eng_bound_stmt *out)
{
    const ast_write *w = s->write;
    wname wn;
    brel trel, srel;
    eng_rc rc;
    if ((rc = resolve(b, &w->target, false, &wn)) ||
        (rc = check_writable(b, &wn, w->target.pos)) ||
        (rc = target_rel(b, w, &trel)) ||
        (rc = bind_from(b, w->source, &srel)))
        return rc;
    const eng_table_def *def = trel.plan->spec.table;
    int nt = def->ncols, ns = srel.ncols;
    if ((rc = check_row_types(b, def, w->target.pos)))
        return rc;

    /* target' = target ++ present (TRUE): tells matched rows apart */
    plan_expr **tex = eng_arena_calloc(b->a, sizeof *tex * (size_t)(nt + 2));
    plan_expr *yes = bind_new(b, PX_CONST, eng_type_make(ENG_T_BOOLEAN), 0);
    if (!tex || !yes)
        return eng_err_oom(b->err);
    yes->value.type = yes->type;
    yes->value.u.b = true;
    for (int i = 0; i < nt; i++)
        if (!(tex[i] = colref(b, i, trel.plan->types[i])))
            return eng_err_oom(b->err);
    tex[nt] = yes;
    plan_node *tp = bind_project(b, trel.plan, nt + 1, tex, NULL);

    /* source LEFT JOIN target' ON cond: scope = source cols, target cols */
    int nj = ns + nt + 1;
    plan_node *j = tp ? bind_node(b, PN_JOIN, nj) : NULL;
    bcol *cols = eng_arena_calloc(b->a, sizeof *cols * (size_t)(nj + 1));
    if (!j || !cols)
        return eng_err_oom(b->err);
    j->left = srel.plan;
    j->right = tp;
    j->join_type = PJ_LEFT;
    for (int i = 0; i < ns; i++) {
        cols[i] = srel.cols[i];
        j->types[i] = srel.plan->types[i];
    }
    for (int i = 0; i < nt; i++) {
        cols[ns + i] = trel.cols[i];
        cols[ns + i].nullable = true;
        j->types[ns + i] = trel.plan->types[i];
    }
    cols[nj - 1] = (bcol){ .name = NULL, .type = yes->type, .nullable = true };
    j->types[nj - 1] = yes->type;
    brel scope = { j, nj, cols };
    bexpr_ctx x = { .b = b, .scope = &scope, .mode = BM_PLAIN,
                    .clause = "MERGE ON clause" };
    if ((rc = bind_bool_expr(&x, w->on, &j->residual)))
        return rc;

    /* clause index: CASE WHEN matched AND cond1 THEN 1 ... ELSE 0 */
    plan_expr *present = colref(b, nj - 1, yes->type);
    plan_expr *kcase = bind_new(b, PX_CASE, eng_type_make(ENG_T_INTEGER), 0);
    if (!present || !kcase || bind_args(b, kcase, 2 * w->nclauses + 1))
        return eng_err_oom(b->err);
    kcase->has_else = true;
    x.clause = "MERGE WHEN clause";
    for (int c = 0; c < w->nclauses; c++) {
        const ast_merge_clause *mc = &w->clauses[c];
        plan_expr *isn = bind_new(b, PX_IS_NULL, eng_type_make(ENG_T_BOOLEAN), 0);
        plan_expr *cond = isn;
        if (!isn || bind_args(b, isn, 1))
            return eng_err_oom(b->err);
        isn->args[0] = present;
        isn->negated = mc->matched;
        if (mc->cond) {
            plan_expr *cc, *and;
            if ((rc = bind_bool_expr(&x, mc->cond, &cc)))
                return rc;
            and = bind_new(b, PX_AND, eng_type_make(ENG_T_BOOLEAN), mc->pos);
            if (!and || bind_args(b, and, 2))
                return eng_err_oom(b->err);
            and->args[0] = isn;
            and->args[1] = cc;
            cond = and;
        }
        kcase->args[2 * c] = cond;
        if (!(kcase->args[2 * c + 1] = int_const(b, c + 1)))
            return eng_err_oom(b->err);
    }
    if (!(kcase->args[2 * w->nclauses] = int_const(b, 0)))
        return eng_err_oom(b->err);

    /* P1 = join ++ k; F = P1 where k <> 0 */
    plan_expr **p1 = eng_arena_calloc(b->a, sizeof *p1 * (size_t)(nj + 2));
    if (!p1)
        return eng_err_oom(b->err);
    for (int i = 0; i < nj; i++)
        if (!(p1[i] = colref(b, i, j->types[i])))
            return eng_err_oom(b->err);
    p1[nj] = kcase;
    plan_node *pn1 = bind_project(b, j, nj + 1, p1, NULL);
    plan_expr *kref = colref(b, nj, kcase->type), *zero = int_const(b, 0);
    plan_expr *ne;
    if (!pn1 || !kref || !zero)
        return eng_err_oom(b->err);
    if ((rc = bind_compare(b, AOP_NE, kref, zero, 0, &ne)))
        return rc;
    plan_node *f = bind_node(b, PN_FILTER, nj + 1);
    if (!f)
        return ENG_NOMEM;
    memcpy(f->types, pn1->types, sizeof *f->types * (size_t)(nj + 1));
    f->child = pn1;
    f->pred = ne;

    /* action = CASE k WHEN c THEN kind(c); new[i] = CASE k WHEN c THEN v */
    plan_expr *act = bind_new(b, PX_CASE, eng_type_make(ENG_T_INTEGER), 0);
    plan_expr **newv = eng_arena_calloc(b->a, sizeof *newv * (size_t)(nt + 1));
    if (!act || !newv || bind_args(b, act, 2 * w->nclauses))
        return eng_err_oom(b->err);
    act->has_else = false;
    for (int i = 0; i < nt; i++) {
        newv[i] = bind_new(b, PX_CASE, def->cols[i].type, 0);
        if (!newv[i] || bind_args(b, newv[i], 2 * w->nclauses + 1))
            return eng_err_oom(b->err);
        newv[i]->has_else = true;
        if (!(newv[i]->args[2 * w->nclauses] =
                  colref(b, ns + i, def->cols[i].type)))
            return eng_err_oom(b->err);
    }
    x.clause = "MERGE WHEN clause";
    for (int c = 0; c < w->nclauses; c++) {
        const ast_merge_clause *mc = &w->clauses[c];
        plan_expr *is_c, *kr = colref(b, nj, kcase->type);
        plan_expr *cv = int_const(b, c + 1);
        if (!kr || !cv)
            return eng_err_oom(b->err);
        if ((rc = bind_compare(b, AOP_EQ, kr, cv, mc->pos, &is_c)))
            return rc;
        act->args[2 * c] = is_c;
        if (!(act->args[2 * c + 1] = int_const(b,
                  mc->action == AMA_UPDATE ? EW_ACT_UPDATE
                  : mc->action == AMA_DELETE ? EW_ACT_DELETE
                  : EW_ACT_INSERT)))
            return eng_err_oom(b->err);
        plan_expr **vals = eng_arena_calloc(b->a, sizeof *vals *
                                                  (size_t)(nt + 1));
        if (!vals)
            return eng_err_oom(b->err);
        if (mc->action == AMA_UPDATE) {
            for (int i = 0; i < mc->nassign; i++) {
                int k;
                plan_expr *e;
                if ((rc = target_col(b, def, mc->assign[i].column,
                                     mc->assign[i].pos, &k)) ||
                    (rc = bind_expr(&x, mc->assign[i].value, &e)) ||
                    (rc = coerce_for_column(b, e, def->cols[k].type,
                                            def->cols[k].name, &vals[k])))
                    return rc;
            }
        } else if (mc->action == AMA_INSERT) {
            int n = mc->ncols ? mc->ncols : nt;
            if (mc->nvalues != n)
                return eng_err_set(b->err, ENG_ERR_INSERT_VALUE_COUNT, mc->pos,
                                   "MERGE INSERT has %d values for %d "
                                   "columns", mc->nvalues, n);
            for (int i = 0; i < nt; i++)
                if (!(vals[i] = null_of(b, def->cols[i].type)))
                    return eng_err_oom(b->err);
            for (int i = 0; i < n; i++) {
                int k = i;
                plan_expr *e;
                if (mc->ncols &&
                    (rc = target_col(b, def, mc->cols[i], mc->pos, &k)))
                    return rc;
                if ((rc = bind_expr(&x, mc->values[i], &e)) ||
                    (rc = coerce_for_column(b, e, def->cols[k].type,
                                            def->cols[k].name, &vals[k])))
                    return rc;
            }
        }
        for (int i = 0; i < nt; i++) {
            newv[i]->args[2 * c] = is_c;
            newv[i]->args[2 * c + 1] = vals[i] ? vals[i]
                                               : newv[i]->args[2 * w->nclauses];
        }
    }
    /* apply rows: action, old target columns, new ones. Old columns are
     * at ns.. in F; apply_project expects them first, so project them. */
    plan_expr **ex = eng_arena_calloc(b->a, sizeof *ex * (size_t)(1 + 2 * nt));
    if (!ex)
        return eng_err_oom(b->err);
    ex[0] = act;
    for (int i = 0; i < nt; i++) {
        if (!(ex[1 + i] = colref(b, ns + i, def->cols[i].type)))
            return eng_err_oom(b->err);
        ex[1 + nt + i] = newv[i];
    }
    out->plan = bind_project(b, f, 1 + 2 * nt, ex, NULL);
    if (!out->plan)
        return eng_err_oom(b->err);
    eng_write_spec *sp = new_spec(b, EW_APPLY, &wn);
    if (!sp)
        return ENG_NOMEM;
    sp->target = def;
    sp->match_check = true;
    out->write = sp;
    return ENG_OK;
}

/* CREATE [UNIQUE] INDEX name ON table (cols). */
static eng_rc bind_create_index(bctx *b, const ast_stmt *s,
                                eng_bound_stmt *out)
{
    const ast_write *w = s->write;
    wname wn;
    eng_rc rc;
    eng_write_spec *sp;
    if ((rc = target_spec(b, w, false, EW_CREATE_INDEX, &wn, &sp)))
        return rc;
    if (!(sp->cols = eng_arena_calloc(b->a, sizeof *sp->cols *
                                            (size_t)(w->ncoldefs + 1))))
        return eng_err_oom(b->err);
    sp->new_name = w->new_name;
    sp->unique = w->unique;
    sp->if_not_exists = w->if_not_exists;
    sp->ncols = w->ncoldefs;
    for (int i = 0; i < w->ncoldefs; i++) {
        sp->cols[i].name = w->coldefs[i].name;
        sp->cols[i].desc = w->coldefs[i].desc;
    }
    out->write = sp;
    return ENG_OK;
}

/* ------------------------------------------------------------------ */
/* views                                                               */

/* The first scan of plan reading another catalog than cat, or NULL. */
static const plan_node *foreign_scan(const plan_node *n,
                                     const eng_catalog *cat)
{
    if (!n)
        return NULL;
    if (n->kind == PN_SCAN && n->catalog != cat)
        return n;
    const plan_node *f = foreign_scan(n->child, cat);
    if (!f)
        f = foreign_scan(n->left, cat);
    if (!f)
        f = foreign_scan(n->right, cat);
    return f;
}

/*
 * CREATE [OR REPLACE] VIEW: the query is bound here (names, types); a
 * query that reads another catalog is refused now. The façade turns the
 * optimized plan into the catalog's SQL (opt_view_sql), which refuses
 * what the catalog would not compute exactly as Trino.
 */
static eng_rc bind_create_view(bctx *b, const ast_stmt *s, eng_bound_stmt *out)
{
    const ast_write *w = s->write;
    wname wn;
    brel rel;
    eng_rc rc;
    if ((rc = resolve(b, &w->target, false, &wn)) ||
        (rc = check_writable(b, &wn, w->target.pos)) ||
        (rc = bind_query(b, w->query, &rel)))
        return rc;
    const plan_node *f = foreign_scan(rel.plan, wn.cat);
    if (f)
        return eng_err_set(b->err, ENG_ERR_FEATURE_NOT_SUPPORTED, s->pos,
                           "Cannot create view '%s.%s.%s': its query reads "
                           "catalog '%s', and a view can read only its own "
                           "catalog; create a table instead (CREATE TABLE "
                           "... AS SELECT; materialized='table' in dbt)",
                           wn.cat->name, wn.schema, wn.table,
                           f->catalog ? f->catalog->name : "?");
    eng_write_spec *sp = new_spec(b, EW_CREATE_VIEW, &wn);
    if (!sp || !(sp->cols = eng_arena_calloc(b->a, sizeof *sp->cols *
                                                   (size_t)(rel.ncols + 1))))
        return eng_err_oom(b->err);
    sp->or_replace = w->or_replace;
    sp->ncols = rel.ncols;
    for (int i = 0; i < rel.ncols; i++) {
        char gen[24];
        const char *name = rel.cols[i].name;
        snprintf(gen, sizeof gen, "_col%d", i);
        if (!name || !*name || !strcmp(name, gen))
            return eng_err_set(b->err, ENG_ERR_SYNTAX_ERROR, w->query->pos,
                               "Column name not specified at position %d",
                               i + 1);
        for (int j = 0; j < i; j++)
            if (!strcmp(sp->cols[j].name, name))
                return eng_err_set(b->err, ENG_ERR_SYNTAX_ERROR,
                                   w->query->pos,
                                   "Column name '%s' specified more than "
                                   "once", name);
        sp->cols[i].name = (char *)name;
        sp->cols[i].type = rel.plan->types[i];
    }
    out->plan = rel.plan;       /* turned into view_sql by the façade */
    out->write = sp;
    return ENG_OK;
}

/* ------------------------------------------------------------------ */

/*
 * Binds a write statement into out (kind EB_WRITE, no result columns).
 * See the file comment for the rules and errors.
 */
eng_rc bind_write(bctx *b, const ast_stmt *s, eng_bound_stmt *out)
{
    eng_rc rc;
    out->kind = EB_WRITE;
    out->ncols = 0;
    switch (s->kind) {
    case AST_CREATE_SCHEMA:
    case AST_DROP_SCHEMA:
        rc = bind_schema_ddl(b, s, out);
        break;
    case AST_CREATE_TABLE:
    case AST_CREATE_TABLE_AS:
        rc = bind_create_table(b, s, out);
        break;
    case AST_DROP_TABLE:
    case AST_DROP_VIEW:
        rc = bind_drop(b, s, out);
        break;
    case AST_ALTER_TABLE:
        rc = bind_alter(b, s, out);
        break;
    case AST_INSERT:
        rc = bind_insert(b, s, out);
        break;
    case AST_UPDATE:
    case AST_DELETE:
        rc = bind_update_delete(b, s, out);
        break;
    case AST_MERGE:
        rc = bind_merge(b, s, out);
        break;
    case AST_CREATE_VIEW:
        rc = bind_create_view(b, s, out);
        break;
    case AST_CREATE_INDEX:
        rc = bind_create_index(b, s, out);
        break;
    default:
        return eng_err_set(b->err, ENG_ERR_INTERNAL, s->pos,
                           "not a write statement");
    }
    if (rc == ENG_OK && out->write)
        out->write_cat = sess_catalog_find(b->c, out->write->catalog);
    return rc;
}
