/*
 * engine/binder/bind_show.c
 *   Metadata statements: SHOW CATALOGS / SCHEMAS / TABLES / COLUMNS /
 *   SESSION, DESCRIBE and USE, SET SESSION and RESET SESSION, plus the table lookup shared with FROM binding.
 * Interface: bind_show, bind_get_table.
 * Not here: queries (bind.c).
 *
 * SHOW statements are answered at bind time: the connector lists are read
 * now and the plan is a PN_VALUES node with the rows.
 */
#include <stdlib.h>
#include <string.h>
#include "bind_int.h"

/* SQL LIKE over UTF-8 text: % any sequence, _ one character. */
static bool like_match(const char *s, const char *p)
{
    while (*p) {
        if (*p == '%') {
            while (*p == '%')
                p++;
            if (!*p)
                return true;
            for (; *s; s++)
                if (like_match(s, p))
                    return true;
            return false;
        }
        if (!*s)
            return false;
        if (*p == '_') {
            p++;
            s++;
            while (((unsigned char)*s & 0xC0) == 0x80)
                s++;
            continue;
        }
        if (*p != *s)
            return false;
        p++;
        s++;
    }
    return *s == 0;
}

/* The session catalog, or 3D000 when unset or unknown. */
static eng_rc session_catalog(bctx *b, const char *name, int pos,
                              eng_catalog **out)
{
    if (!name)
        name = b->c->def_catalog;
    if (!name)
        return eng_err_set(b->err, ENG_ERR_INVALID_CATALOG_NAME, pos,
                           "Catalog must be specified when session catalog "
                           "is not set");
    eng_catalog *cat = sess_catalog_find(b->c, name);
    if (!cat)
        return eng_err_set(b->err, ENG_ERR_INVALID_CATALOG_NAME, pos,
                           "Catalog '%s' does not exist", name);
    *out = cat;
    return ENG_OK;
}

/*
 * Resolves a table name (catalog.schema.table, schema.table or table)
 * against the session defaults and reads its definition. Errors: 3D000
 * unknown or unset catalog, 3F000 unset schema, 42S02 unknown table, or
 * what the connector reported.
 */
eng_rc bind_get_table(bctx *b, const ast_name *n, eng_catalog **cat,
                     eng_table_def **def)
{
    const char *cn = NULL, *sn, *tn = n->parts[n->nparts - 1];
    char *split = NULL;
    eng_rc rc;
    if (n->nparts > 3 || n->nparts < 1)
        return eng_err_set(b->err, ENG_ERR_SYNTAX_ERROR, n->pos,
                           "Too many dots in table name");
    if (n->nparts == 3)
        cn = n->parts[0];
    /* eng_set_catalogs_as_schemas: "cat.schema".table */
    if (n->nparts == 2 && b->c->catalogs_as_schemas &&
        strchr(n->parts[0], '.')) {
        split = eng_arena_strdup(b->a, n->parts[0]);
        if (!split)
            return eng_err_oom(b->err);
        char *dot = strchr(split, '.');
        *dot = '\0';
        cn = split;
    }
    if ((rc = session_catalog(b, cn, n->pos, cat)))
        return rc;
    if (split) {
        sn = strchr(n->parts[0], '.') + 1;
    } else if (n->nparts >= 2) {
        sn = n->parts[n->nparts - 2];
    } else {
        sn = b->c->def_schema;
        if (!sn)
            return eng_err_set(b->err, ENG_ERR_INVALID_SCHEMA_NAME, n->pos,
                               "Schema must be specified when session schema "
                               "is not set");
    }
    /* every catalog's information_schema is answered by the system
     * catalog (session/system.c), whatever the catalog's server has */
    if (!strcmp(sn, "information_schema"))
        rc = sess_info_schema_table(b->c, *cat, tn, b->a, def, cat, b->err);
    else /* through the governed layer: allow-lists answer 42501 */
        rc = sess_cat_get_table(*cat, sn, tn, b->a, def, b->err);
    if (rc == ENG_NOT_FOUND)
        return eng_err_set(b->err, ENG_ERR_UNDEFINED_TABLE, n->pos,
                           "Table '%s.%s.%s' does not exist", (*cat)->name,
                           sn, tn);
    if (rc && b->err->position == 0)
        b->err->position = n->pos;
    return rc;
}

/* qsort comparator over char * (byte order, as Trino sorts names). */
static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Creates the one-column-per-label VALUES node of a SHOW result. */
static plan_node *show_node(bctx *b, int ncols, const char *const *labels,
                          int maxrows, eng_bound_stmt *out)
{
    plan_node *v = bind_node(b, PN_VALUES, ncols);
    out->cols = eng_arena_calloc(b->a, sizeof *out->cols * (size_t)ncols);
    if (!v || !out->cols)
        goto oom;
    v->rows = eng_arena_calloc(b->a, sizeof *v->rows * (size_t)(maxrows + 1));
    if (!v->rows)
        goto oom;
    out->ncols = ncols;
    for (int i = 0; i < ncols; i++) {
        v->types[i] = eng_type_varchar(0);
        v->names[i] = (char *)labels[i];
        out->cols[i] = (eng_column_desc){ .name = labels[i],
                                          .type = v->types[i],
                                          .nullable = false, .catalog = "",
                                          .schema = "", .table = "",
                                          .base_name = "" };
    }
    return v;
oom:
    eng_err_oom(b->err);
    return NULL;
}

/* Appends a row of ncols strings to v. */
static eng_rc add_row(bctx *b, plan_node *v, const char *const *vals)
{
    eng_value *row = eng_arena_calloc(b->a, sizeof *row * (size_t)(v->ncols + 1));
    if (!row)
        return eng_err_oom(b->err);
    for (int i = 0; i < v->ncols; i++) {
        row[i].type = eng_type_varchar(0);
        row[i].u.s.ptr = vals[i];
        row[i].u.s.len = (uint32_t)strlen(vals[i]);
    }
    v->rows[v->nrows++] = row;
    return ENG_OK;
}

/* A one-column SHOW result of the names matching the LIKE pattern. */
static eng_rc show_list(bctx *b, const char *label, char **names, int n,
                        const char *like, eng_bound_stmt *out)
{
    const char *labels[1] = { label };
    plan_node *v = show_node(b, 1, labels, n, out);
    if (!v)
        return ENG_NOMEM;
    if (n > 1)
        qsort(names, (size_t)n, sizeof *names, cmp_str);
    for (int i = 0; i < n; i++) {
        if (like && !like_match(names[i], like))
            continue;
        const char *vals[1] = { names[i] };
        if (add_row(b, v, vals))
            return ENG_NOMEM;
    }
    out->plan = v;
    return ENG_OK;
}

/* SHOW COLUMNS FROM t / DESCRIBE t: one row per column of t. */
static eng_rc show_columns(bctx *b, const ast_stmt *s, eng_bound_stmt *out)
{
    eng_catalog *cat;
    eng_table_def *def;
    eng_rc rc = bind_get_table(b, &s->name, &cat, &def);
    if (rc)
        return rc;
    static const char *const labels[4] = { "Column", "Type", "Extra", "Comment" };
    plan_node *v = show_node(b, 4, labels, def->ncols, out);
    if (!v)
        return ENG_NOMEM;
    for (int i = 0; i < def->ncols; i++) {
        const eng_column_def *d = &def->cols[i];
        if (s->like && !like_match(d->name, s->like))
            continue;
        const char *type = d->type.id == ENG_T_UNKNOWN && d->remote_type_name
                           ? d->remote_type_name : bind_type_str(b, d->type);
        const char *vals[4] = { d->name, type, "", "" };
        if (add_row(b, v, vals))
            return ENG_NOMEM;
    }
    out->plan = v;
    return ENG_OK;
}

/* SHOW SESSION: Trino's columns, one row per property (sorted by name),
 * values as the session has them now. */
static eng_rc show_session(bctx *b, const ast_stmt *s, eng_bound_stmt *out)
{
    static const char *const labels[5] = { "Name", "Value", "Default",
                                           "Type", "Description" };
    int n = sess_prop_count();
    plan_node *v = show_node(b, 5, labels, n, out);
    if (!v)
        return ENG_NOMEM;
    for (int i = 0; i < n; i++) {
        const sess_prop_info *pi = sess_prop_info_at(i);
        if (s->like && !like_match(pi->name, s->like))
            continue;
        const char *vals[5] = {
            pi->name, sess_prop_value(b->c, i, b->a),
            sess_prop_default(b->c, i, b->a),
            pi->type == SESS_PROP_BOOLEAN ? "boolean"
            : pi->type == SESS_PROP_INTEGER ? "integer" : "varchar",
            pi->description };
        if (!vals[1] || !vals[2])
            return eng_err_oom(b->err);
        if (add_row(b, v, vals))
            return ENG_NOMEM;
    }
    out->plan = v;
    return ENG_OK;
}

/*
 * SET SESSION name = value / RESET SESSION name: EB_SESSION with the
 * property's name and, for SET, its value, which must be a literal of
 * the property's type (checked here, applied when the statement runs).
 * Errors: 22023 an unknown property or a value of the wrong type, 0A000
 * a value that is not a literal.
 */
static eng_rc bind_session(bctx *b, const ast_stmt *s, eng_bound_stmt *out)
{
    eng_strbuf sb;
    eng_sb_init(&sb, b->a);
    for (int i = 0; i < s->name.nparts; i++) {
        if (i)
            eng_sb_puts(&sb, ".");
        eng_sb_puts(&sb, s->name.parts[i]);
    }
    char *name = eng_sb_finish(&sb, b->a);
    if (!name)
        return eng_err_oom(b->err);
    if (sess_prop_find(name, b->err) < 0) {
        b->err->position = s->name.pos;
        return ENG_ERROR;
    }
    out->kind = EB_SESSION;
    out->session_name = name;
    out->session_reset = s->kind == AST_RESET_SESSION;
    if (out->session_reset)
        return ENG_OK;
    brel none = { NULL, 0, NULL };
    bexpr_ctx x = { .b = b, .scope = &none, .mode = BM_PLAIN,
                    .clause = "SET SESSION" };
    plan_expr *e;
    eng_rc rc = bind_expr(&x, s->value, &e);
    if (rc)
        return rc;
    if (e->kind != PX_CONST)
        return eng_err_set(b->err, ENG_ERR_FEATURE_NOT_SUPPORTED,
                           s->value->pos, "SET SESSION value must be a "
                           "literal (true, false or a string)");
    out->session_value = e->value;
    out->session_value.type = e->type;
    /* the type check, with nothing applied yet */
    if ((rc = sess_prop_set(NULL, name, &out->session_value, b->err))) {
        b->err->position = s->value->pos;
        return rc;
    }
    return ENG_OK;
}

/*
 * Binds SHOW ..., DESCRIBE and USE. SHOW results are PN_VALUES plans of
 * varchar columns; USE yields EB_USE with the new defaults.
 */
eng_rc bind_show(bctx *b, const ast_stmt *s, eng_bound_stmt *out)
{
    eng_catalog *cat;
    char **names = NULL;
    int n = 0;
    eng_rc rc;
    out->kind = EB_QUERY;
    switch (s->kind) {
    case AST_SHOW_CATALOGS:
        names = eng_arena_calloc(b->a, sizeof *names * (size_t)(b->c->ncatalogs + 1));
        if (!names)
            return eng_err_oom(b->err);
        for (int i = 0; i < b->c->ncatalogs; i++)
            names[n++] = b->c->catalogs[i].name;
        return show_list(b, "Catalog", names, n, s->like, out);
    case AST_SHOW_SCHEMAS:
        if ((rc = session_catalog(b, s->name.nparts ? s->name.parts[0] : NULL,
                                  s->name.nparts ? s->name.pos : s->pos, &cat)) ||
            (rc = sess_cat_list_schemas(cat, b->a, &names, &n, b->err)))
            return rc;
        return show_list(b, "Schema", names, n, s->like, out);
    case AST_SHOW_TABLES: {
        const char *schema = NULL;
        const char *cn = s->name.nparts == 2 ? s->name.parts[0] : NULL;
        int pos = s->name.nparts ? s->name.pos : s->pos;
        if ((rc = session_catalog(b, cn, pos, &cat)))
            return rc;
        schema = s->name.nparts ? s->name.parts[s->name.nparts - 1]
                                : b->c->def_schema;
        if (!schema)
            return eng_err_set(b->err, ENG_ERR_INVALID_SCHEMA_NAME, pos,
                               "Schema must be specified when session schema "
                               "is not set");
        if ((rc = sess_cat_list_tables(cat, schema, b->a, &names, &n, b->err)))
            return rc;
        return show_list(b, "Table", names, n, s->like, out);
    }
    case AST_SHOW_COLUMNS:
        return show_columns(b, s, out);
    case AST_SHOW_SESSION:
        return show_session(b, s, out);
    case AST_SET_SESSION:
    case AST_RESET_SESSION:
        return bind_session(b, s, out);
    case AST_SET_TIME_ZONE: {
        /* checked now, so a bad zone fails at prepare (22023) */
        out->kind = EB_USE;
        out->set_time_zone = true;
        const char *z = s->like;
        if (z && s->analyze && z[0] != '+' && z[0] != '-') {
            char *w = eng_arena_alloc(b->a, strlen(z) + 2);
            if (!w)
                return eng_err_oom(b->err);
            w[0] = '+';
            strcpy(w + 1, z);
            z = w;
        }
        if (z) {
            int32_t key;
            if ((rc = eng_tz_lookup(z, strlen(z), &key, b->err))) {
                b->err->position = s->pos;
                return rc;
            }
            if (!(out->use_schema = eng_arena_strdup(b->a, z)))
                return eng_err_oom(b->err);
        }
        return ENG_OK;
    }
    case AST_USE: {
        const char *cn = s->name.nparts >= 2 ? s->name.parts[0] : NULL;
        if (s->name.nparts < 1 || s->name.nparts > 2)
            return eng_err_set(b->err, ENG_ERR_SYNTAX_ERROR, s->pos,
                               "USE needs [catalog.]schema");
        if ((rc = session_catalog(b, cn, s->name.pos, &cat)))
            return rc;
        out->kind = EB_USE;
        out->use_catalog = eng_arena_strdup(b->a, cat->name);
        out->use_schema = eng_arena_strdup(b->a,
                                           s->name.parts[s->name.nparts - 1]);
        if (!out->use_catalog || !out->use_schema)
            return eng_err_oom(b->err);
        return ENG_OK;
    }
    default:
        return eng_err_set(b->err, ENG_ERR_FEATURE_NOT_SUPPORTED, s->pos,
                           "Statement is not supported");
    }
}
