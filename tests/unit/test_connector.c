/*
 * tests/unit/test_connector.c
 *   The in-memory connector of unit tests (see test_connector.h).
 * Interface: tc_* and tc_connector_ops.
 * Not here: anything PostgreSQL.
 *
 * Pushed filters are evaluated with the executor's own exec_expr_eval
 * over a scratch batch of all table columns, so a test that plugs in a
 * `shippable` function still gets exactly the rows a remote server would
 * return. A pushed LIMIT is honoured.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "test_connector.h"
#include "exec/exec.h"

struct tc_table {
    tc_catalog *cat;
    char *schema;
    char *name;
    int ncols;
    eng_column_def *cols;
    int nrows, caprows;
    eng_value **rows;          /* heap array; rows and strings in cat->arena */
};

struct tc_catalog {
    eng_arena *arena;
    int nschemas;
    char **schemas;            /* heap array of arena strings */
    int ntables;
    tc_table **tables;         /* heap array */
};

typedef struct tc_scan {
    tc_state *st;
    const eng_scan_spec *spec;
    tc_table *t;
    int cursor;
    int64_t emitted;
    int batches;
    volatile int cancelled;
    eng_arena *scratch;
} tc_scan;

/* ---- catalog building ---- */

tc_catalog *tc_catalog_new(void)
{
    tc_catalog *c = eng_calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->arena = eng_arena_create();
    if (!c->arena) {
        eng_free(c);
        return NULL;
    }
    return c;
}

void tc_catalog_free(tc_catalog *cat)
{
    if (!cat)
        return;
    for (int i = 0; i < cat->ntables; i++)
        eng_free(cat->tables[i]->rows);
    eng_free(cat->tables);
    eng_free(cat->schemas);
    eng_arena_destroy(cat->arena);
    eng_free(cat);
}

int tc_add_schema(tc_catalog *cat, const char *schema)
{
    for (int i = 0; i < cat->nschemas; i++)
        if (strcmp(cat->schemas[i], schema) == 0)
            return 0;
    char **s = eng_realloc(cat->schemas, sizeof *s * (size_t)(cat->nschemas + 1));
    if (!s)
        return -1;
    cat->schemas = s;
    if (!(s[cat->nschemas] = eng_arena_strdup(cat->arena, schema)))
        return -1;
    cat->nschemas++;
    return 0;
}

tc_table *tc_add_table(tc_catalog *cat, const char *schema, const char *name,
                       int ncols, const tc_colspec *cols)
{
    if (tc_add_schema(cat, schema))
        return NULL;
    tc_table **ts = eng_realloc(cat->tables, sizeof *ts * (size_t)(cat->ntables + 1));
    if (!ts)
        return NULL;
    cat->tables = ts;
    tc_table *t = eng_arena_calloc(cat->arena, sizeof *t);
    if (!t)
        return NULL;
    t->cat = cat;
    t->schema = eng_arena_strdup(cat->arena, schema);
    t->name = eng_arena_strdup(cat->arena, name);
    t->ncols = ncols;
    t->cols = eng_arena_calloc(cat->arena, sizeof *t->cols * (size_t)(ncols ? ncols : 1));
    if (!t->schema || !t->name || !t->cols)
        return NULL;
    for (int i = 0; i < ncols; i++) {
        char tn[48];
        t->cols[i].name = eng_arena_strdup(cat->arena, cols[i].name);
        t->cols[i].type = cols[i].type;
        t->cols[i].nullable = !cols[i].not_null;
        t->cols[i].remote_type_name =
            eng_arena_strdup(cat->arena, eng_type_name(cols[i].type, tn, sizeof tn));
        if (!t->cols[i].name || !t->cols[i].remote_type_name)
            return NULL;
    }
    ts[cat->ntables++] = t;
    return t;
}

void tc_set_est_distinct(tc_table *t, int col, double d)
{
    if (t && col >= 0 && col < t->ncols)
        t->cols[col].est_distinct = d;
}

eng_rc tc_add_row_values(tc_table *t, const eng_value *vals)
{
    if (t->nrows == t->caprows) {
        int cap = t->caprows ? t->caprows * 2 : 16;
        eng_value **r = eng_realloc(t->rows, sizeof *r * (size_t)cap);
        if (!r)
            return ENG_NOMEM;
        t->rows = r;
        t->caprows = cap;
    }
    eng_value *row = eng_arena_calloc(t->cat->arena,
                                      sizeof *row * (size_t)(t->ncols ? t->ncols : 1));
    if (!row)
        return ENG_NOMEM;
    for (int i = 0; i < t->ncols; i++) {
        eng_error err;
        eng_rc rc = eng_value_cast(t->cat->arena, &vals[i], t->cols[i].type,
                                   &row[i], &err);
        if (rc) {
            fprintf(stderr, "tc_add_row %s.%s column %s: %s\n", t->schema,
                    t->name, t->cols[i].name, err.message);
            return rc;
        }
    }
    t->rows[t->nrows++] = row;
    return ENG_OK;
}

eng_rc tc_add_row(tc_table *t, ...)
{
    eng_value vals[64];
    if (t->ncols > 64)
        return ENG_ERROR;
    va_list ap;
    va_start(ap, t);
    for (int i = 0; i < t->ncols; i++)
        vals[i] = va_arg(ap, eng_value);
    va_end(ap);
    return tc_add_row_values(t, vals);
}

int tc_table_nrows(const tc_table *t)
{
    return t->nrows;
}

/* ---- value builders ---- */

tc_colspec tc_col_t(const char *name, eng_type type)
{
    tc_colspec c = {name, type, false};
    return c;
}

tc_colspec tc_col(const char *name, eng_type_id id)
{
    return tc_col_t(name, eng_type_make(id));
}

static eng_value mk(eng_type t)
{
    eng_value v;
    memset(&v, 0, sizeof v);
    v.type = t;
    return v;
}

eng_value tc_null(eng_type_id id)
{
    eng_value v = mk(eng_type_make(id));
    v.is_null = true;
    return v;
}

eng_value tc_int(int64_t i) { eng_value v = mk(eng_type_make(ENG_T_INTEGER)); v.u.i = i; return v; }
eng_value tc_bigint(int64_t i) { eng_value v = mk(eng_type_make(ENG_T_BIGINT)); v.u.i = i; return v; }
eng_value tc_smallint(int64_t i) { eng_value v = mk(eng_type_make(ENG_T_SMALLINT)); v.u.i = i; return v; }
eng_value tc_double(double d) { eng_value v = mk(eng_type_make(ENG_T_DOUBLE)); v.u.d = d; return v; }
eng_value tc_bool(bool b) { eng_value v = mk(eng_type_make(ENG_T_BOOLEAN)); v.u.b = b; return v; }

eng_value tc_dec(eng_int128 unscaled, int precision, int scale)
{
    eng_value v = mk(eng_type_decimal(precision, scale));
    v.u.dec = unscaled;
    return v;
}

eng_value tc_str(const char *s)
{
    eng_value v = mk(eng_type_varchar(0));
    v.u.s.ptr = s;
    v.u.s.len = (uint32_t)strlen(s);
    return v;
}

eng_value tc_date(int y, int m, int d)
{
    eng_value v = mk(eng_type_make(ENG_T_DATE));
    v.u.date = eng_date_from_ymd(y, m, d);
    return v;
}

/* ---- state ---- */

tc_state *tc_state_new(tc_catalog *cat)
{
    tc_state *st = eng_calloc(1, sizeof *st);
    if (!st)
        return NULL;
    st->cat = cat;
    snprintf(st->name, sizeof st->name, "memory");
    st->last_limit = -1;
    st->fail_after_batches = -1;
    return st;
}

static void forget_last(tc_state *st)
{
    for (int i = 0; i < st->last_nfilters; i++)
        eng_free(st->last_filters[i]);
    eng_free(st->last_filters);
    eng_free(st->last_cols);
    eng_free(st->last_table);
    eng_free(st->last_sql);
    st->last_filters = NULL;
    st->last_cols = NULL;
    st->last_table = NULL;
    st->last_sql = NULL;
    st->last_nfilters = st->last_ncols = 0;
    st->last_limit = -1;
}

static eng_rc tc_open(const eng_catalog_cfg *cfg, void **state, eng_error *err)
{
    tc_catalog *cat = tc_catalog_new();
    tc_state *st = cat ? tc_state_new(cat) : NULL;
    if (!st) {
        tc_catalog_free(cat);
        return eng_err_oom(err);
    }
    st->owns_cat = true;
    if (cfg && cfg->name)
        snprintf(st->name, sizeof st->name, "%s", cfg->name);
    *state = st;
    return ENG_OK;
}

static void tc_close(void *state)
{
    tc_state *st = state;
    if (!st)
        return;
    forget_last(st);
    if (st->owns_cat)
        tc_catalog_free(st->cat);
    eng_free(st);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static eng_rc tc_list_schemas(void *state, eng_arena *a, char ***names,
                              int *n, eng_error *err)
{
    tc_state *st = state;
    int k = st->cat->nschemas;
    char **r = eng_arena_calloc(a, sizeof *r * (size_t)(k ? k : 1));
    if (!r)
        return eng_err_oom(err);
    for (int i = 0; i < k; i++)
        if (!(r[i] = eng_arena_strdup(a, st->cat->schemas[i])))
            return eng_err_oom(err);
    qsort(r, (size_t)k, sizeof *r, cmp_str);
    *names = r;
    *n = k;
    return ENG_OK;
}

static eng_rc tc_list_tables(void *state, const char *schema, eng_arena *a,
                             char ***names, int *n, eng_error *err)
{
    tc_state *st = state;
    tc_catalog *cat = st->cat;
    char **r = eng_arena_calloc(a, sizeof *r * (size_t)(cat->ntables + 1));
    if (!r)
        return eng_err_oom(err);
    int k = 0;
    for (int i = 0; i < cat->ntables; i++)
        if (strcmp(cat->tables[i]->schema, schema) == 0)
            if (!(r[k++] = eng_arena_strdup(a, cat->tables[i]->name)))
                return eng_err_oom(err);
    qsort(r, (size_t)k, sizeof *r, cmp_str);
    *names = r;
    *n = k;
    return ENG_OK;
}

static tc_table *find_table(tc_catalog *cat, const char *schema,
                            const char *name)
{
    for (int i = 0; i < cat->ntables; i++)
        if (strcmp(cat->tables[i]->schema, schema) == 0 &&
            strcmp(cat->tables[i]->name, name) == 0)
            return cat->tables[i];
    return NULL;
}

static eng_rc tc_get_table(void *state, const char *schema, const char *table,
                           eng_arena *a, eng_table_def **out, eng_error *err)
{
    tc_state *st = state;
    tc_table *t = find_table(st->cat, schema, table);
    if (!t)
        return ENG_NOT_FOUND;
    eng_table_def *d = eng_arena_calloc(a, sizeof *d);
    if (!d)
        return eng_err_oom(err);
    d->catalog = eng_arena_strdup(a, st->name);
    d->schema = eng_arena_strdup(a, t->schema);
    d->name = eng_arena_strdup(a, t->name);
    d->ncols = t->ncols;
    d->est_rows = st->est_rows;
    d->cols = eng_arena_calloc(a, sizeof *d->cols * (size_t)(t->ncols ? t->ncols : 1));
    if (!d->catalog || !d->schema || !d->name || !d->cols)
        return eng_err_oom(err);
    for (int i = 0; i < t->ncols; i++) {
        d->cols[i] = t->cols[i];
        d->cols[i].name = eng_arena_strdup(a, t->cols[i].name);
        d->cols[i].remote_type_name = eng_arena_strdup(a, t->cols[i].remote_type_name);
        if (!d->cols[i].name || !d->cols[i].remote_type_name)
            return eng_err_oom(err);
    }
    *out = d;
    return ENG_OK;
}

static bool tc_shippable(void *state, const plan_expr *e)
{
    tc_state *st = state;
    return st->shippable ? st->shippable(state, e) : false;
}

static bool tc_shippable_node(void *state, const plan_node *n)
{
    tc_state *st = state;
    return st->shippable_node ? st->shippable_node(state, n) : false;
}

/* Appends a double-quoted identifier to a heap text. */
static void quote_ident(char **buf, size_t *len, size_t *cap, const char *s,
                        bool *oom)
{
    size_t need = *len + 2 * strlen(s) + 3;
    if (need > *cap) {
        size_t nc = need * 2;
        char *b = eng_realloc(*buf, nc);
        if (!b) {
            *oom = true;
            return;
        }
        *buf = b;
        *cap = nc;
    }
    (*buf)[(*len)++] = '"';
    for (; *s; s++) {
        if (*s == '"')
            (*buf)[(*len)++] = '"';
        (*buf)[(*len)++] = *s;
    }
    (*buf)[(*len)++] = '"';
}

static void append(char **buf, size_t *len, size_t *cap, const char *s,
                   bool *oom)
{
    size_t n = strlen(s);
    if (*len + n + 1 > *cap) {
        size_t nc = (*len + n + 1) * 2;
        char *b = eng_realloc(*buf, nc);
        if (!b) {
            *oom = true;
            return;
        }
        *buf = b;
        *cap = nc;
    }
    memcpy(*buf + *len, s, n);
    *len += n;
}

static eng_rc tc_deparse(void *state, const eng_scan_spec *spec, eng_arena *a,
                         char **sql, eng_error *err)
{
    tc_state *st = state;
    if (st->deparse)
        return st->deparse(state, spec, a, sql, err);
    char *buf = NULL;
    size_t len = 0, cap = 0;
    bool oom = false;
    append(&buf, &len, &cap, "SELECT ", &oom);
    for (int i = 0; i < spec->ncols && !oom; i++) {
        if (i)
            append(&buf, &len, &cap, ", ", &oom);
        quote_ident(&buf, &len, &cap, spec->table->cols[spec->cols[i]].name, &oom);
    }
    if (spec->ncols == 0)
        append(&buf, &len, &cap, "NULL", &oom);
    append(&buf, &len, &cap, " FROM ", &oom);
    quote_ident(&buf, &len, &cap, spec->table->schema, &oom);
    append(&buf, &len, &cap, ".", &oom);
    quote_ident(&buf, &len, &cap, spec->table->name, &oom);
    char *r = oom ? NULL : eng_arena_strndup(a, buf, len);
    eng_free(buf);
    if (!r)
        return eng_err_oom(err);
    *sql = r;
    return ENG_OK;
}

static eng_rc tc_scan_begin(void *state, const eng_scan_spec *spec,
                            void **scan, eng_error *err)
{
    tc_state *st = state;
    tc_table *t = find_table(st->cat, spec->table->schema, spec->table->name);
    if (!t) {
        eng_err_set(err, ENG_ERR_UNDEFINED_TABLE, 0,
                    "table '%s.%s' not found in catalog '%s'",
                    spec->table->schema, spec->table->name, st->name);
        eng_err_set_source(err, st->name);
        return ENG_ERROR;
    }
    /* record what was asked */
    forget_last(st);
    st->scans_begun++;
    st->last_ncols = spec->ncols;
    st->last_cols = eng_calloc((size_t)(spec->ncols ? spec->ncols : 1), sizeof(int));
    st->last_filters = eng_calloc((size_t)(spec->nfilters ? spec->nfilters : 1),
                                  sizeof(char *));
    size_t tl = strlen(t->schema) + strlen(t->name) + 2;
    st->last_table = eng_malloc(tl);
    if (!st->last_cols || !st->last_filters || !st->last_table) {
        forget_last(st);
        return eng_err_oom(err);
    }
    snprintf(st->last_table, tl, "%s.%s", t->schema, t->name);
    memcpy(st->last_cols, spec->cols, sizeof(int) * (size_t)spec->ncols);
    eng_arena *tmp = eng_arena_create();
    if (!tmp) {
        forget_last(st);
        return eng_err_oom(err);
    }
    for (int i = 0; i < spec->nfilters; i++) {
        char *txt = plan_expr_text(tmp, spec->filters[i]);
        st->last_filters[i] = txt ? eng_strdup(txt) : NULL;
        if (!st->last_filters[i]) {
            eng_arena_destroy(tmp);
            forget_last(st);
            return eng_err_oom(err);
        }
        st->last_nfilters = i + 1;
    }
    eng_arena_destroy(tmp);
    st->last_limit = spec->limit;
    if (spec->sql && !(st->last_sql = eng_strdup(spec->sql))) {
        forget_last(st);
        return eng_err_oom(err);
    }

    tc_scan *s = eng_calloc(1, sizeof *s);
    if (!s)
        return eng_err_oom(err);
    s->scratch = eng_arena_create();
    if (!s->scratch) {
        eng_free(s);
        return eng_err_oom(err);
    }
    s->st = st;
    s->spec = spec;
    s->t = t;
    *scan = s;
    return ENG_OK;
}

/* Appends table row `r` projected to spec->cols as row out->nrows. */
static eng_rc emit(tc_scan *s, const eng_value *row, eng_batch *out,
                   eng_error *err)
{
    for (int i = 0; i < s->spec->ncols; i++) {
        eng_rc rc = eng_batch_set(out, i, out->nrows, &row[s->spec->cols[i]], err);
        if (rc)
            return rc;
    }
    out->nrows++;
    s->emitted++;
    return ENG_OK;
}

/*
 * Evaluates the pushed filters over rows [from, from + k) and appends the
 * rows where all are TRUE (stopping at the limit).
 */
static eng_rc filtered_chunk(tc_scan *s, int from, int k, eng_batch *out,
                             eng_error *err)
{
    tc_table *t = s->t;
    eng_arena_reset(s->scratch);
    eng_type *types = eng_arena_calloc(s->scratch, sizeof *types * (size_t)(t->ncols ? t->ncols : 1));
    if (!types)
        return eng_err_oom(err);
    for (int c = 0; c < t->ncols; c++)
        types[c] = t->cols[c].type;
    eng_batch *in = eng_batch_create(s->scratch, t->ncols, types, k);
    if (!in)
        return eng_err_oom(err);
    for (int r = 0; r < k; r++)
        for (int c = 0; c < t->ncols; c++) {
            eng_rc rc = eng_batch_set(in, c, r, &t->rows[from + r][c], err);
            if (rc)
                return rc;
        }
    in->nrows = k;
    uint8_t *pass = eng_arena_alloc(s->scratch, (size_t)k);
    if (!pass)
        return eng_err_oom(err);
    memset(pass, 1, (size_t)k);
    eng_error local;
    exec_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.arena = s->scratch;
    ctx.err = err ? err : &local;
    for (int f = 0; f < s->spec->nfilters; f++) {
        eng_vector v;
        eng_rc rc = exec_expr_eval(&ctx, s->spec->filters[f], in, s->scratch, &v);
        if (rc)
            return rc;
        for (int r = 0; r < k; r++)
            if (!eng_vec_is_valid(&v, r) || !((const uint8_t *)v.data)[r])
                pass[r] = 0;
    }
    for (int r = 0; r < k; r++) {
        if (s->spec->limit >= 0 && s->emitted >= s->spec->limit)
            break;
        if (pass[r]) {
            eng_rc rc = emit(s, t->rows[from + r], out, err);
            if (rc)
                return rc;
        }
    }
    return ENG_OK;
}

static eng_rc tc_scan_next(void *scan, eng_batch *out, eng_error *err)
{
    tc_scan *s = scan;
    tc_state *st = s->st;
    out->nrows = 0;
    if (s->cancelled) {
        eng_err_set(err, ENG_ERR_OPERATION_CANCELED, 0,
                    "scan of %s.%s in catalog '%s' was canceled", s->t->schema,
                    s->t->name, st->name);
        eng_err_set_source(err, st->name);
        return ENG_ERROR;
    }
    if (st->fail_after_batches >= 0 && s->batches >= st->fail_after_batches) {
        eng_err_set(err, ENG_ERR_COMMUNICATION_LINK_FAILURE, 0,
                    "injected failure reading %s.%s in catalog '%s'",
                    s->t->schema, s->t->name, st->name);
        eng_err_set_source(err, st->name);
        return ENG_ERROR;
    }
    while (out->nrows < out->capacity && s->cursor < s->t->nrows &&
           (s->spec->limit < 0 || s->emitted < s->spec->limit)) {
        if (s->spec->nfilters == 0) {
            eng_rc rc = emit(s, s->t->rows[s->cursor++], out, err);
            if (rc)
                return rc;
        } else {
            int k = out->capacity - out->nrows;
            if (k > s->t->nrows - s->cursor)
                k = s->t->nrows - s->cursor;
            eng_rc rc = filtered_chunk(s, s->cursor, k, out, err);
            if (rc)
                return rc;
            s->cursor += k;
        }
    }
    if (out->nrows > 0) {
        s->batches++;
        st->batches_served++;
    }
    return ENG_OK;
}

static void tc_scan_end(void *scan)
{
    tc_scan *s = scan;
    if (!s)
        return;
    s->st->scans_ended++;
    eng_arena_destroy(s->scratch);
    eng_free(s);
}

static void tc_scan_cancel(void *scan)
{
    tc_scan *s = scan;
    if (!s)
        return;
    s->cancelled = 1;
    __atomic_add_fetch(&s->st->scans_cancelled, 1, __ATOMIC_RELAXED);
}

const eng_connector_ops tc_connector_ops = {
    .name = "memory",
    .open = tc_open,
    .close = tc_close,
    .list_schemas = tc_list_schemas,
    .list_tables = tc_list_tables,
    .get_table = tc_get_table,
    .shippable = tc_shippable,
    .deparse = tc_deparse,
    .shippable_node = tc_shippable_node,
    .scan_begin = tc_scan_begin,
    .scan_next = tc_scan_next,
    .scan_end = tc_scan_end,
    .scan_cancel = tc_scan_cancel,
};

/* ---- sessions ---- */

eng_conn *tc_conn_new(void)
{
    eng_conn *c = eng_calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->arena = eng_arena_create();
    if (!c->arena) {
        eng_free(c);
        return NULL;
    }
    return c;
}

eng_rc tc_conn_add_catalog(eng_conn *c, const char *name,
                           const eng_connector_ops *ops, void *state)
{
    eng_catalog *cats = eng_arena_calloc(c->arena,
                                         sizeof *cats * (size_t)(c->ncatalogs + 1));
    char *nm = eng_arena_strdup(c->arena, name);
    if (!cats || !nm)
        return ENG_NOMEM;
    int pos = 0;
    while (pos < c->ncatalogs && strcmp(c->catalogs[pos].name, name) < 0)
        pos++;
    for (int i = 0; i < pos; i++)
        cats[i] = c->catalogs[i];
    for (int i = pos; i < c->ncatalogs; i++)
        cats[i + 1] = c->catalogs[i];
    eng_catalog *cat = &cats[pos];
    memset(cat, 0, sizeof *cat);
    cat->name = nm;
    cat->ops = ops;
    cat->cfg.name = nm;
    cat->cfg.connector = ops->name;
    cat->cfg.file = "(test)";
    cat->state = state;
    c->catalogs = cats;
    c->ncatalogs++;
    if (ops == &tc_connector_ops && state)
        snprintf(((tc_state *)state)->name, sizeof ((tc_state *)state)->name,
                 "%s", name);
    return ENG_OK;
}
