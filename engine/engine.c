/*
 * engine/engine.c
 *   The façade declared in engine.h: sessions, statements, execution and
 *   fetching, wired through parser -> binder -> planner -> optimizer ->
 *   executor.
 * Interface: eng_open, eng_close, eng_set_default, eng_get_default_catalog,
 *   eng_get_default_schema, eng_prepare, eng_stmt_ncols, eng_stmt_column,
 *   eng_execute, eng_stmt_nparams, eng_stmt_param,
 *   eng_stmt_set_param_types, eng_execute_params,
 *   eng_stmt_params_all_or_none, eng_param_cast,
 *   eng_fetch, eng_stmt_is_write, eng_stmt_rowcount, eng_stmt_close_cursor,
 *   eng_stmt_free, eng_cancel, eng_cancel_reset, eng_set_query_timeout,
 *   eng_set_timeout, eng_describe_type, eng_describe_type_row,
 *   eng_unbounded_size,
 *   eng_version, eng_txn_caps_get, eng_set_isolation, eng_set_autocommit,
 *   eng_end_txn,
 *   eng_txn_in_progress.
 * Not here: the session's state and catalogs (session/), the rules of a
 *   transaction (session/txn.c), any stage's logic.
 *
 * Lifetimes: a session's arena holds its catalog registry; a statement's
 * arena holds the SQL text, AST and plan for as long as the statement
 * lives; an execution arena holds operator state from eng_execute until
 * the cursor closes. Nothing is freed piece by piece.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "engine.h"
#include "session/session.h"
#include "parser/parser.h"
#include "binder/binder.h"
#include "planner/planner.h"
#include "optimizer/optimizer.h"
#include "exec/exec.h"
#include "engine_remote.h"

struct eng_stmt {
    eng_conn *conn;
    eng_arena *arena;          /* statement lifetime: text, AST, markers */
    eng_arena *bind_arena;     /* with markers: bound statement and plan,
                                  replaced when they are bound again with
                                  new types (without: NULL, all in arena) */
    eng_arena *exec_arena;     /* execution lifetime, NULL when idle */
    ast_stmt *ast;
    eng_bound_stmt *bound;
    plan_node *plan;             /* optimized plan, NULL for USE; with
                                    markers (EB_QUERY): the bound plan,
                                    optimized per execution on a copy */
    plan_node *analyze_plan;     /* EXPLAIN ANALYZE without markers: the
                                    optimized query it runs */
    int nparams;
    eng_type *fixed;             /* per marker: the type the query gives
                                    it, ENG_T_UNKNOWN where none (arena) */
    eng_type *hints;             /* per marker: the type the last binding
                                    used for untyped ones (arena) */
    int ncols;
    eng_column_desc *cols;
    exec_ctx ctx;
    exec_op *root;               /* running operator tree, NULL when idle */
    eng_error exec_err;
    int64_t rowcount;
    unsigned timeout_s;
    bool writing;              /* run_write in progress (for eng_cancel) */
    bool cancel_req;           /* eng_cancel since eng_cancel_reset: an
                                  execution starting later in the same
                                  call is cancelled too (exec_setup) */
    pthread_mutex_t mu;        /* guards root, writing, cancel_req and the
                                  reset of ctx against eng_cancel */
    remote_stmt *remote;       /* Trino mode: everything goes here */
};

/* ---------------------------------------------------------------- session */

/*
 * Opens a session from key=value options (Catalogs required; Catalog,
 * Schema, Optimizer, QueryMemoryLimit and TimeZone optional: see
 * sess_set_optimizer, sess_set_memory_limit, sess_set_time_zone). Reads the
 * catalog file now; contacts no server.
 */
/* MetadataCache=seconds (0: off; absent: SESS_MC_DEFAULT_TTL); 22023
 * naming the value when it is not a whole number of seconds. */
static eng_rc set_metadata_cache(eng_conn *c, const char *v, eng_error *err)
{
    if (!v || !*v)
        return ENG_OK;
    char *end;
    unsigned long n = strtoul(v, &end, 10);
    if (*v == '-' || end == v || *end || n > 86400u * 365)
        return eng_err_set(err, ENG_ERR_INVALID_PARAMETER_VALUE, 0,
                           "MetadataCache='%s' is not a number of seconds "
                           "(0 switches the metadata cache off)", v);
    sess_mc_set_ttl(c->mcache, (unsigned)n);
    return ENG_OK;
}

void eng_refresh_metadata(eng_conn *c)
{
    if (c)
        sess_mc_flush(c->mcache);
}

uint64_t eng_metadata_misses(eng_conn *c)
{
    return c ? sess_mc_misses(c->mcache) : 0;
}

/*
 * UnboundedVarcharSize=n: the size the session declares for unbounded
 * varchar and varbinary (typeinfo.h); absent or empty: the default.
 * 22023 naming the key and its range for anything but a whole number
 * from 1 to ENG_TI_UNBOUNDED_MAX (checked before anything is opened).
 */
static eng_rc parse_unbounded_size(const char *v, int *out, eng_error *err)
{
    *out = 0;
    if (!v || !*v)
        return ENG_OK;
    char *end;
    errno = 0;
    unsigned long long n = strtoull(v, &end, 10);
    if (*v == '-' || *v == '+' || end == v || *end || errno || n < 1 ||
        n > ENG_TI_UNBOUNDED_MAX)
        return eng_err_set(err, ENG_ERR_INVALID_PARAMETER_VALUE, 0,
                           "UnboundedVarcharSize='%s' is not a whole number "
                           "from 1 to %d (the size declared for varchar and "
                           "varbinary without a length; default %d)", v,
                           ENG_TI_UNBOUNDED_MAX, ENG_TI_UNBOUNDED_VARCHAR);
    *out = (int)n;
    return ENG_OK;
}

int eng_unbounded_size(const eng_conn *c)
{
    return sess_unbounded_size(c);
}

void eng_describe_type(const eng_conn *c, eng_type t, eng_typeinfo *out)
{
    eng_typeinfo_sized(t, eng_unbounded_size(c), out);
}

bool eng_describe_type_row(const eng_conn *c, int i, eng_typeinfo *out)
{
    return eng_typeinfo_row_sized(i, eng_unbounded_size(c), out);
}

eng_rc eng_open(const eng_option *opts, int nopts, eng_conn **out,
                eng_error *err)
{
    int unbounded;
    *out = NULL;
    eng_rc prc = parse_unbounded_size(
        eng_option_get(opts, nopts, "unboundedvarcharsize"), &unbounded, err);
    if (prc != ENG_OK)
        return prc;
    /* TimeZone is read by both modes; checked once here so that its
     * error names the key, as every other key's does */
    const char *tz = eng_option_get(opts, nopts, "timezone");
    int32_t tz_key;
    if (tz && *tz && eng_tz_lookup(tz, strlen(tz), &tz_key, err) != ENG_OK)
        return eng_err_set(err, ENG_ERR_INVALID_PARAMETER_VALUE, 0,
                           "TimeZone='%s' is not a time zone (an IANA id "
                           "such as Europe/Paris, UTC or an offset such as "
                           "+05:30)", tz);
    if (remote_wants(opts, nopts)) {
        eng_rc rrc = remote_open(opts, nopts, out, err);
        if (rrc == ENG_OK)
            (*out)->unbounded_size = unbounded;
        return rrc;
    }
    eng_rc rc = sess_open(eng_option_get(opts, nopts, "catalogs"),
                          eng_option_get(opts, nopts, "catalog"),
                          eng_option_get(opts, nopts, "schema"), out, err);
    const char *optim = eng_option_get(opts, nopts, "optimizer");
    if (rc == ENG_OK &&
        ((optim && (rc = sess_set_optimizer(*out, optim, err))) ||
         (rc = sess_set_memory_limit(
              *out, eng_option_get(opts, nopts, "querymemorylimit"), err)) ||
         (rc = sess_set_spill_dir(
              *out, eng_option_get(opts, nopts, "spilldirectory"), err)) ||
         (rc = sess_set_time_zone(
              *out, eng_option_get(opts, nopts, "timezone"), err)) ||
         (rc = set_metadata_cache(
              *out, eng_option_get(opts, nopts, "metadatacache"), err)))) {
        sess_close(*out);
        *out = NULL;
    }
    if (rc == ENG_OK) {    /* what RESET SESSION returns to */
        sess_prop_dsn_snapshot(*out);
        (*out)->unbounded_size = unbounded;
    }
    return rc;
}

void eng_close(eng_conn *c)
{
    /* Trino mode: a transaction in progress is rolled back on the server
     * rather than left to its idle timeout (the embedded engine's remote
     * transactions end with their connections in sess_close) */
    if (c && c->remote && remote_txn_in_progress(c)) {
        eng_error e;
        eng_err_clear(&e);
        remote_end_txn(c, false, &e);
    }
    sess_close(c);
}

eng_rc eng_set_default(eng_conn *c, const char *catalog, const char *schema,
                       eng_error *err)
{
    if (c->remote)
        return remote_set_default(c, catalog, schema, err);
    return sess_set_default(c, catalog, schema, err);
}

const char *eng_get_default_catalog(eng_conn *c)
{
    return c->remote ? remote_default_catalog(c) : c->def_catalog;
}

const char *eng_get_default_schema(eng_conn *c)
{
    return c->remote ? remote_default_schema(c) : c->def_schema;
}

const char *eng_version(void) { return "0.1.0"; }

/* ------------------------------------------------------------- statements */

/*
 * Builds the one-row, one-column result of EXPLAIN from the optimized
 * plan text (plan NULL: an empty text the caller fills). Returns NULL on
 * OOM.
 */
static plan_node *explain_node(eng_arena *a, const plan_node *plan)
{
    char *text = plan ? plan_explain(a, plan) : "";
    plan_node *n = text ? plan_node_new(a, PN_VALUES, 1) : NULL;
    if (!n)
        return NULL;
    n->types[0] = eng_type_varchar(0);
    n->names[0] = "Query Plan";
    n->nrows = 1;
    n->rows = eng_arena_alloc(a, sizeof(eng_value *));
    eng_value *v = eng_arena_calloc(a, sizeof(eng_value));
    if (!n->rows || !v)
        return NULL;
    v->type = n->types[0];
    v->u.s.ptr = text;
    v->u.s.len = (uint32_t)strlen(text);
    n->rows[0] = v;
    return n;
}

/*
 * The stages after the binder: the planner (subqueries into joins and
 * applies), then the optimizer. Both rewrite *plan in place, so a plan
 * with markers goes through them once per execution, on a copy.
 */
static eng_rc plan_optimize(eng_conn *c, plan_node **plan, eng_arena *a,
                            eng_error *err)
{
    eng_rc rc = planner_run(c, plan, a, err);
    return rc == ENG_OK ? opt_optimize(c, plan, a, err) : rc;
}

/*
 * Binds s->ast with marker hints into a new arena and plans it; on
 * success the statement's bound state is replaced (the old arena freed),
 * on failure it is left as it was. A query without markers is optimized
 * here once; a query with markers keeps its bound plan, optimized per
 * execution once the values are known (eng_execute_params).
 */
static eng_rc bind_and_plan(eng_stmt *s, const eng_type *hints,
                            eng_error *err)
{
    eng_conn *c = s->conn;
    eng_bound_stmt *bound;
    plan_node *plan = NULL, *analyze = NULL;
    eng_column_desc *cols = NULL;
    int ncols = 0;
    /* Only a statement with markers is ever bound again, so only it needs
     * an arena of its own for the bound state; the others use the
     * statement's (one arena less per statement). */
    bool own = s->ast->nparams > 0;
    eng_arena *a = own ? eng_arena_create() : s->arena;
    if (!a)
        return eng_err_oom(err);
    eng_rc rc = bind_statement_params(c, s->ast, hints, s->ast->nparams, a,
                                      &bound, err);
    if (rc != ENG_OK)
        goto fail;
    switch (bound->kind) {
    case EB_QUERY:
        plan = bound->plan;
        if (bound->nparams == 0 &&
            (rc = plan_optimize(c, &plan, a, err)) != ENG_OK)
            goto fail;
        ncols = bound->ncols;
        cols = bound->cols;
        break;
    case EB_EXPLAIN: {
        /* With markers, the bound plan stays as it is: each execution
         * explains the plan optimized with its values (the remote SQL
         * with the constants pushed down). */
        plan_node *inner = bound->nparams
                           ? plan_copy_bound(a, bound->plan, NULL, 0, err)
                           : bound->plan;
        if (!inner) {
            rc = eng_err_oom(err);
            goto fail;
        }
        rc = plan_optimize(c, &inner, a, err);
        if (rc != ENG_OK)
            goto fail;
        if (bound->analyze && !bound->nparams)
            analyze = inner;   /* the text is made by eng_execute */
        plan = explain_node(a, inner);
        cols = eng_arena_calloc(a, sizeof(eng_column_desc));
        if (!plan || !cols) {
            rc = eng_err_oom(err);
            goto fail;
        }
        ncols = 1;
        cols[0].name = "Query Plan";
        cols[0].type = eng_type_varchar(0);
        cols[0].nullable = false;
        cols[0].catalog = cols[0].schema = cols[0].table = "";
        cols[0].base_name = "";
        break;
    }
    case EB_USE:
    case EB_TXN:
    case EB_SESSION:
        break;
    case EB_WRITE:
        /* with markers the plan is optimized per execution, like a
         * query's */
        plan = bound->plan;
        if (plan && bound->nparams == 0 &&
            (rc = plan_optimize(c, &plan, a, err)) != ENG_OK)
            goto fail;
        if (plan && bound->write->kind == EW_CREATE_VIEW) {
            /* a view's query is sent as SQL, not run: no rows feed it */
            eng_write_spec *w = bound->write;
            if (bound->nparams) {
                rc = eng_err_set(err, ENG_ERR_FEATURE_NOT_SUPPORTED, 0,
                                 "parameter markers in CREATE VIEW are not "
                                 "supported");
                goto fail;
            }
            char **names = eng_arena_calloc(a, sizeof *names *
                                               (size_t)(w->ncols + 1));
            if (!names) {
                rc = eng_err_oom(err);
                goto fail;
            }
            for (int i = 0; i < w->ncols; i++)
                names[i] = w->cols[i].name;
            rc = opt_view_sql(plan, bound->write_cat, w->ncols, names, a,
                              (char **)&w->view_sql, err);
            if (rc != ENG_OK)
                goto fail;
            plan = NULL;
        }
        break;
    }
    if (own) {
        eng_arena_destroy(s->bind_arena);
        s->bind_arena = a;
    }
    s->bound = bound;
    s->plan = plan;
    s->analyze_plan = analyze;
    s->ncols = ncols;
    s->cols = cols;
    return ENG_OK;
fail:
    if (own)
        eng_arena_destroy(a);
    return rc;
}

/*
 * Parses, binds and optimizes sql. The statement owns its arenas; on
 * failure nothing is left allocated and *out is NULL.
 */
eng_rc eng_prepare(eng_conn *c, const char *sql, size_t len, eng_stmt **out,
                   eng_error *err)
{
    eng_stmt *s;
    eng_rc rc;

    *out = NULL;
    s = eng_calloc(1, sizeof *s);
    if (!s)
        return eng_err_oom(err);
    s->conn = c;
    s->rowcount = -1;
    pthread_mutex_init(&s->mu, NULL);
    s->arena = eng_arena_create();
    if (!s->arena) {
        rc = eng_err_oom(err);
        goto fail;
    }
    if (c->remote) {
        rc = remote_prepare(c, sql, len, s->arena, &s->remote, err);
        if (rc != ENG_OK)
            goto fail;
        s->ncols = remote_ncols(s->remote, &s->cols);
        const eng_type *pt;
        s->nparams = remote_nparams(s->remote, &pt);
        if (s->nparams > 0) {
            size_t n = sizeof(eng_type) * (size_t)s->nparams;
            s->fixed = eng_arena_alloc(s->arena, n);
            s->hints = eng_arena_calloc(s->arena, n);
            if (!s->fixed || !s->hints) {
                rc = eng_err_oom(err);
                goto fail;
            }
            memcpy(s->fixed, pt, n);
        }
        *out = s;
        return ENG_OK;
    }
    rc = parse_statement(sql, len, s->arena, &s->ast, err);
    if (rc != ENG_OK)
        goto fail;
    rc = bind_and_plan(s, NULL, err);
    if (rc != ENG_OK)
        goto fail;
    s->nparams = s->bound->nparams;
    if (s->nparams > 0) {
        size_t n = sizeof(eng_type) * (size_t)s->nparams;
        s->fixed = eng_arena_alloc(s->arena, n);
        s->hints = eng_arena_calloc(s->arena, n);
        if (!s->fixed || !s->hints) {
            rc = eng_err_oom(err);
            goto fail;
        }
        memcpy(s->fixed, s->bound->param_types, n);
    }
    *out = s;
    return ENG_OK;
fail:
    eng_stmt_free(s);
    return rc;
}

int eng_stmt_nparams(const eng_stmt *s) { return s->nparams; }

/* See engine.h. */
eng_param_desc eng_stmt_param(const eng_stmt *s, int i)
{
    eng_param_desc d = { eng_type_make(ENG_T_UNKNOWN), false };
    if (i < 0 || i >= s->nparams)
        return d;
    if (s->fixed[i].id != ENG_T_UNKNOWN) {
        d.type = s->fixed[i];
        d.fixed = true;
    } else {
        d.type = s->hints[i];
    }
    return d;
}

/* The type an application value of type t gives an untyped marker:
 * varchars are unbounded (the declared length of a bound buffer says
 * nothing about the text in it). */
static eng_type hint_of(eng_type t)
{
    return t.id == ENG_T_VARCHAR ? eng_type_varchar(0) : t;
}

/* See engine.h. */
eng_rc eng_stmt_set_param_types(eng_stmt *s, const eng_type *types, int n,
                                eng_error *err)
{
    if (s->nparams == 0)
        return ENG_OK;
    eng_type *h = eng_calloc((size_t)s->nparams, sizeof *h);
    if (!h)
        return eng_err_oom(err);
    bool changed = false;
    for (int i = 0; i < s->nparams; i++) {
        if (s->fixed[i].id != ENG_T_UNKNOWN)
            continue;
        h[i] = i < n && types ? hint_of(types[i]) : s->hints[i];
        if (!eng_type_equal(h[i], s->hints[i]))
            changed = true;
    }
    eng_rc rc = ENG_OK;
    if (changed && s->remote) {
        /* Trino mode: the server types them from the literals */
        memcpy(s->hints, h, sizeof *h * (size_t)s->nparams);
    } else if (changed) {
        eng_stmt_close_cursor(s);
        rc = bind_and_plan(s, h, err);
        if (rc == ENG_OK)
            memcpy(s->hints, h, sizeof *h * (size_t)s->nparams);
    }
    eng_free(h);
    return rc;
}

int eng_stmt_ncols(const eng_stmt *s) { return s->ncols; }

const eng_column_desc *eng_stmt_column(const eng_stmt *s, int i)
{
    if (i < 0 || i >= s->ncols)
        return NULL;
    return &s->cols[i];
}

/* Milliseconds on the monotonic clock. */
static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Casts the application's value v for marker i to type t into *out
 * (strings in arena a). A number that would lose digits (1.5 for an
 * integer marker, 1.234 for decimal(10,2)) is refused with 22003 rather
 * than rounded: a rounded value would silently compare equal to rows it
 * does not equal. Likewise a timestamp or time with more fractional
 * seconds than the marker's precision keeps is refused with 22008.
 * Errors name the parameter (1-based). A value without a zone for a
 * marker with one (a timestamp for a timestamp with time zone, text
 * without a zone, a time for a time with time zone) is read in `zone`,
 * the session's (Trino's rule for a timestamp meeting a timestamp with
 * time zone).
 */
static eng_rc param_cast_zone(eng_arena *a, const eng_value *v, int i,
                              eng_type t, int32_t zone, eng_value *out,
                              eng_error *err)
{
    eng_value in = *v;   /* out may be v: the checks below reread it */
    v = &in;
    if (v->is_null || v->type.id == ENG_T_UNKNOWN) {
        memset(out, 0, sizeof *out);
        out->is_null = true;
        out->type = t.id == ENG_T_UNKNOWN ? v->type : t;
        return ENG_OK;
    }
    if (t.id == ENG_T_UNKNOWN || eng_type_equal(v->type, t) ||
        (v->type.id == ENG_T_VARCHAR && t.id == ENG_T_VARCHAR)) {
        *out = *v;
        return ENG_OK;
    }
    eng_error e;
    eng_err_clear(&e);
    eng_rc rc = eng_value_cast_zone(a, v, t, zone, out, &e);
    if (rc == ENG_OK && eng_type_is_numeric(v->type.id) &&
        (eng_type_is_integer(t.id) || t.id == ENG_T_DECIMAL)) {
        eng_value back;
        if (eng_value_cast(a, out, v->type, &back, &e) != ENG_OK ||
            (v->type.id == ENG_T_DOUBLE ? back.u.d != v->u.d
             : v->type.id == ENG_T_DECIMAL ? back.u.dec != v->u.dec
                                           : back.u.i != v->u.i)) {
            char tb[48];
            char *txt = eng_value_to_text(a, v);
            return eng_err_set(err, ENG_ERR_NUMERIC_VALUE_OUT_OF_RANGE, 0,
                               "parameter %d: %s cannot be represented "
                               "exactly as %s", i + 1, txt ? txt : "value",
                               eng_type_name(t, tb, sizeof tb));
        }
    }
    if (rc == ENG_OK && (t.id == ENG_T_TIMESTAMP || t.id == ENG_T_TIME ||
                         t.id == ENG_T_TIMESTAMP_TZ || t.id == ENG_T_TIME_TZ) &&
        t.precision < ENG_TS_MAX_PRECISION) {
        /* the same rule for fractional seconds (ODBC's 22008): the value
         * at full precision must equal the one rounded to t's */
        eng_type full = t;
        eng_value whole;
        full.precision = ENG_TS_MAX_PRECISION;
        bool tz = t.id == ENG_T_TIMESTAMP_TZ || t.id == ENG_T_TIME_TZ;
        if (eng_value_cast_zone(a, v, full, zone, &whole, &e) == ENG_OK &&
            (tz ? whole.u.tz.us != out->u.tz.us : whole.u.i != out->u.i)) {
            char tb[48];
            char *txt = eng_value_to_text(a, v);
            return eng_err_set(err, ENG_ERR_DATETIME_FIELD_OVERFLOW, 0,
                               "parameter %d: %s has more fractional "
                               "seconds than %s keeps", i + 1,
                               txt ? txt : "value",
                               eng_type_name(t, tb, sizeof tb));
        }
    }
    if (rc == ENG_NOMEM)
        return eng_err_oom(err);
    if (rc != ENG_OK) {
        /* text for a date/time marker that does not parse: ODBC's 22007
         * (invalid datetime format), where a SQL CAST says Trino's 22018 */
        bool dt = t.id == ENG_T_DATE || t.id == ENG_T_TIMESTAMP ||
                  t.id == ENG_T_TIME || t.id == ENG_T_TIMESTAMP_TZ ||
                  t.id == ENG_T_TIME_TZ;
        eng_err_set(err, dt && !strcmp(e.sqlstate, "22018") ? "22007"
                    : e.sqlstate, 0, "parameter %d: %s", i + 1, e.message);
        return ENG_ERROR;
    }
    return ENG_OK;
}

/* The driver's call (engine.h): its targets are ODBC's SQL types, none
 * with a zone, so the zone is never read; UTC keeps it defined. */
eng_rc eng_param_cast(eng_arena *a, const eng_value *v, int i, eng_type t,
                      eng_value *out, eng_error *err)
{
    return param_cast_zone(a, v, i, t, ENG_TZ_UTC, out, err);
}

/*
 * Opens the operator tree of plan in the new execution arena (already
 * created in s->exec_arena). On failure the arena is gone.
 */
static eng_rc open_plan(eng_stmt *s, const plan_node *plan, eng_error *err)
{
    eng_rc rc;
    exec_op *root = NULL;

    rc = exec_query_open(&s->ctx, plan, &root);
    if (rc != ENG_OK) {
        if (err)
            *err = s->exec_err;
        exec_query_close(root);
        eng_arena_destroy(s->exec_arena);
        s->exec_arena = NULL;
        return rc;
    }
    pthread_mutex_lock(&s->mu);
    s->root = root;
    pthread_mutex_unlock(&s->mu);
    return ENG_OK;
}

/* HY008 when eng_cancel came since eng_cancel_reset (Trino mode, whose
 * remote execution clears its own flag when it starts: see exec_setup). */
static eng_rc check_cancel_req(eng_stmt *s, eng_error *err)
{
    pthread_mutex_lock(&s->mu);
    bool cancelled = s->cancel_req;
    pthread_mutex_unlock(&s->mu);
    if (cancelled)
        return eng_err_set(err, ENG_ERR_OPERATION_CANCELED, 0,
                           "Query was canceled");
    return ENG_OK;
}

/* Sets up s->ctx for an execution in a fresh execution arena. */
static eng_rc exec_setup(eng_stmt *s, eng_error *err)
{
    /* A cancel that came before the execution began (the caller's call
     * was binding, planning, taking the transaction) is not lost: the
     * flag starts set, and an execution not begun yet fails at once. */
    pthread_mutex_lock(&s->mu);
    bool cancelled = s->cancel_req;
    memset(&s->ctx, 0, sizeof s->ctx);
    s->ctx.cancelled = cancelled;
    pthread_mutex_unlock(&s->mu);
    if (cancelled)
        return eng_err_set(err, ENG_ERR_OPERATION_CANCELED, 0,
                           "Query was canceled");
    s->exec_arena = eng_arena_create();
    if (!s->exec_arena)
        return eng_err_oom(err);
    eng_err_clear(&s->exec_err);
    s->ctx.conn = s->conn;
    s->ctx.mem_limit = s->conn ? s->conn->mem_limit : 0;
    s->ctx.spill = s->conn && !(s->conn->opt_off & SESS_OPT_SPILL);
    s->ctx.spill_dir = s->conn ? s->conn->spill_dir : NULL;
    s->ctx.arena = s->exec_arena;
    s->ctx.err = &s->exec_err;
    s->ctx.deadline_ms = s->timeout_s ? now_ms() + (int64_t)s->timeout_s * 1000 : 0;
    s->ctx.timeout_s = s->timeout_s;
    return ENG_OK;
}

/*
 * Runs a write to the end (writes return no rows, only a count): a write
 * without rows is one call of the connector; a fed write runs its plan
 * and hands every batch to the connector, which commits at the end or
 * rolls back on any error or cancel. rowcount = rows written, 0 for DDL.
 * plan: the statement's, or one with parameter values in place.
 */
static eng_rc run_write(eng_stmt *s, const plan_node *plan, eng_error *err)
{
    const eng_bound_stmt *bs = s->bound;
    eng_catalog *cat = bs->write_cat;
    const eng_connector_ops *ops;
    eng_write_spec *spec;
    exec_op *root = NULL;
    void *state, *w = NULL;
    int64_t rows = 0;
    eng_rc rc;

    if (!bs->write) {               /* IF [NOT] EXISTS: nothing to do */
        s->rowcount = 0;
        return ENG_OK;
    }
    if (!cat)
        return eng_err_set(err, ENG_ERR_INTERNAL, 0, "write without catalog");
    ops = cat->ops;
    /* in a transaction: the one catalog it writes, its remote txn open */
    if ((rc = sess_txn_write(s->conn, cat, err)) != ENG_OK)
        return rc;
    if ((rc = exec_setup(s, err)) != ENG_OK)
        return rc;
    spec = eng_arena_alloc(s->exec_arena, sizeof *spec);
    if (!spec) {
        rc = eng_err_oom(err);
        goto out;
    }
    *spec = *bs->write;
    spec->deadline_ms = s->ctx.deadline_ms;
    spec->timeout_s = s->ctx.timeout_s;
    spec->cancelled = &s->ctx.cancelled;
    pthread_mutex_lock(&s->mu);
    s->writing = true;
    pthread_mutex_unlock(&s->mu);
    if ((rc = sess_catalog_state(cat, &state, err)) != ENG_OK)
        goto out;
    if (!plan) {
        rc = ops->write_exec
             ? ops->write_exec(state, spec, &rows, err)
             : eng_err_set(err, ENG_ERR_FEATURE_NOT_SUPPORTED, 0,
                           "Catalog '%s' does not support writes", cat->name);
        goto out;
    }
    if (!ops->write_begin) {
        /* the binder let only an INSERT ... SELECT through (write_query):
         * the catalog computes its source whole, or it does not run */
        char *src = NULL;
        if ((rc = opt_source_sql(plan, cat, s->exec_arena, &src, err)) != ENG_OK)
            goto out;
        if (!src || !ops->write_query)
            rc = eng_err_set(err, ENG_ERR_FEATURE_NOT_SUPPORTED, 0,
                             "Catalog '%s' does not support INSERT ... SELECT "
                             "from a query it cannot compute whole (one that "
                             "reads other catalogs or computes locally)",
                             cat->name);
        else
            rc = ops->write_query(state, spec, src, &rows, err);
        if (rc != ENG_OK && err && !err->source[0])
            eng_err_set_source(err, cat->name);
        goto out;
    }
    if ((rc = exec_query_open(&s->ctx, plan, &root)) != ENG_OK) {
        if (err)
            *err = s->exec_err;
        goto out;
    }
    pthread_mutex_lock(&s->mu);
    s->root = root;
    pthread_mutex_unlock(&s->mu);
    if ((rc = ops->write_begin(state, spec, &w, err)) != ENG_OK)
        goto out;
    for (;;) {
        const eng_batch *b;
        if ((rc = exec_query_next(root, &b)) != ENG_OK) {
            if (err)
                *err = s->exec_err;
            break;
        }
        if (!b)
            break;
        if ((rc = ops->write_batch(w, b, err)) != ENG_OK)
            break;
    }
    if (rc == ENG_OK) {
        /* the source is read to the end: free its remote sessions */
        pthread_mutex_lock(&s->mu);
        s->root = NULL;
        pthread_mutex_unlock(&s->mu);
        exec_query_close(root);
        root = NULL;
        rc = ops->write_end(w, true, &rows, err);
    } else {
        int64_t ignored;
        ops->write_end(w, false, &ignored, NULL);
    }
out:
    pthread_mutex_lock(&s->mu);
    s->root = NULL;
    s->writing = false;
    pthread_mutex_unlock(&s->mu);
    exec_query_close(root);
    /* the connection sees its own DDL (and new row estimates) at once,
     * whatever the write's outcome (a failed CTAS may leave nothing) */
    sess_mc_flush(s->conn ? s->conn->mcache : NULL);
    eng_arena_destroy(s->exec_arena);
    s->exec_arena = NULL;
    if (rc == ENG_OK)
        s->rowcount = rows;
    return rc;
}

/*
 * Closes any cursor and, for a query, creates the execution arena and
 * context. *done is set when the statement needs no operator tree (USE
 * and SET / RESET SESSION, which take effect here, a write and a remote
 * statement, which run to the end here).
 */
static eng_rc begin_exec(eng_stmt *s, bool *done, eng_error *err)
{
    eng_rc rc;

    *done = false;
    eng_stmt_close_cursor(s);
    s->rowcount = -1;
    if (s->remote) {
        /* Trino mode: the server runs it (markers: remote_params) */
        *done = true;
        if ((rc = check_cancel_req(s, err)) != ENG_OK)
            return rc;
        return remote_execute(s->remote, NULL, 0, s->timeout_s,
                              &s->rowcount, err);
    }
    if (s->bound->kind == EB_WRITE) {
        *done = true;
        return run_write(s, s->plan, err);
    }
    if (s->bound->kind == EB_USE && s->bound->set_time_zone) {
        *done = true;
        rc = sess_set_time_zone(s->conn, s->bound->use_schema, err);
        if (rc == ENG_OK)
            s->rowcount = 0;
        return rc;
    }
    if (s->bound->kind == EB_USE) {
        *done = true;
        rc = eng_set_default(s->conn, s->bound->use_catalog,
                             s->bound->use_schema, err);
        if (rc == ENG_OK)
            s->rowcount = 0;
        return rc;
    }
    if (s->bound->kind == EB_SESSION) {
        /* takes effect for statements prepared from now on */
        *done = true;
        rc = s->bound->session_reset
             ? sess_prop_reset(s->conn, s->bound->session_name, err)
             : sess_prop_set(s->conn, s->bound->session_name,
                             &s->bound->session_value, err);
        if (rc == ENG_OK)
            s->rowcount = 0;
        return rc;
    }
    return exec_setup(s, err);
}

/* Frees the execution arena after a failure before the tree opened. */
static eng_rc abort_exec(eng_stmt *s, eng_rc rc)
{
    eng_arena_destroy(s->exec_arena);
    s->exec_arena = NULL;
    return rc;
}

/* EXPLAIN ANALYZE: what a plan node did in the finished execution. */
static bool stats_of(void *arg, const plan_node *n, plan_node_stats *out)
{
    return exec_stats_of(arg, n, out);
}

/*
 * EXPLAIN ANALYZE: runs the optimized query plan `q` to the end (rows
 * discarded, the run cancellable through eng_cancel like any execution),
 * then returns in *out the one-row plan of its text with the rows, bytes
 * and time of each operator (scans: rows and bytes from their catalog)
 * and the totals per catalog, in the execution
 * arena (already set up). Errors go to err; on failure the execution
 * arena is gone.
 */
static eng_rc run_analyze(eng_stmt *s, const plan_node *q, plan_node **out,
                          eng_error *err)
{
    exec_op *root = NULL;
    const eng_batch *b;
    s->ctx.analyze = true;      /* operators time and size their output */
    eng_rc rc = exec_query_open(&s->ctx, q, &root);
    if (rc == ENG_OK) {
        pthread_mutex_lock(&s->mu);
        s->root = root;
        pthread_mutex_unlock(&s->mu);
        while ((rc = exec_query_next(root, &b)) == ENG_OK && b)
            ;
    }
    if (rc == ENG_OK) {
        char *text = plan_explain_stats(s->exec_arena, q, stats_of, root);
        plan_node *n = text ? explain_node(s->exec_arena, NULL) : NULL;
        if (!n) {
            rc = eng_err_oom(s->ctx.err);
        } else {
            n->rows[0]->u.s.ptr = text;
            n->rows[0]->u.s.len = (uint32_t)strlen(text);
            *out = n;
        }
    }
    pthread_mutex_lock(&s->mu);
    s->root = NULL;
    pthread_mutex_unlock(&s->mu);
    exec_query_close(root);
    if (rc != ENG_OK) {
        if (err)
            *err = s->exec_err;
        return abort_exec(s, rc);
    }
    /* the query's operators are gone; the text's plan runs on a clean
     * context */
    memset(s->ctx.df, 0, sizeof s->ctx.df);
    pthread_mutex_lock(&s->mu);
    s->ctx.cancelled = s->cancel_req;
    pthread_mutex_unlock(&s->mu);
    s->ctx.analyze = false;
    return ENG_OK;
}

/*
 * START TRANSACTION, COMMIT, ROLLBACK (session/txn.c). COMMIT and
 * ROLLBACK need a transaction in progress, or autocommit off (where they
 * are SQLEndTran); otherwise 25P01, as Trino refuses them.
 */
static eng_rc run_txn(eng_stmt *s, eng_error *err)
{
    eng_conn *c = s->conn;
    eng_rc rc;
    eng_stmt_close_cursor(s);
    s->rowcount = -1;
    if (s->bound->txn_op == EB_TXN_START)
        rc = sess_txn_start(c, s->bound->txn_read_only, err);
    else if (!sess_txn_mode(c))
        rc = eng_err_set(err, ENG_ERR_NO_ACTIVE_SQL_TRANSACTION, 0,
                         "No transaction in progress");
    else
        rc = sess_txn_end(c, s->bound->txn_op == EB_TXN_COMMIT, err);
    if (rc == ENG_OK)
        s->rowcount = 0;
    return rc;
}

static eng_rc execute_params(eng_stmt *s, const eng_value *values, int nrows,
                             int *bad_row, eng_error *err);

/*
 * Starts an execution: USE takes effect at once; a query builds its
 * operator tree (no rows are read until eng_fetch); a write runs to the
 * end (run_write). A statement with markers needs eng_execute_params
 * (07002 here).
 */
static eng_rc execute(eng_stmt *s, eng_error *err)
{
    bool done;

    if (s->nparams > 0)
        return eng_err_set(err, ENG_ERR_COUNT_FIELD_INCORRECT, 0,
                           "the statement has %d parameter markers and "
                           "no values were bound", s->nparams);
    eng_rc rc = begin_exec(s, &done, err);
    if (rc != ENG_OK || done)
        return rc;
    plan_node *plan = s->plan;
    if (s->analyze_plan &&
        (rc = run_analyze(s, s->analyze_plan, &plan, err)) != ENG_OK)
        return rc;
    return open_plan(s, plan, err);
}

/*
 * INSERT ... VALUES (?, ...) in its bound form: a projection of markers
 * and constants over one empty row. Returns that projection, else NULL.
 */
static const plan_node *values_of_markers(const plan_node *p)
{
    if (!p || p->kind != PN_PROJECT || !p->exprs || !p->child ||
        p->child->kind != PN_VALUES || p->child->ncols != 0 ||
        p->child->nrows != 1)
        return NULL;
    for (int i = 0; i < p->ncols; i++)
        if (p->exprs[i]->kind != PX_PARAM && p->exprs[i]->kind != PX_CONST)
            return NULL;
    return p;
}

/* Casts set r's values into out[0..nparams) (arena a); *bad_row = r on
 * failure. */
static eng_rc cast_set(eng_stmt *s, eng_arena *a, const eng_value *vals,
                       int r, eng_value *out, int *bad_row, eng_error *err)
{
    for (int i = 0; i < s->nparams; i++) {
        eng_param_desc d = eng_stmt_param(s, i);
        eng_rc rc = param_cast_zone(a, &vals[(size_t)r * (size_t)s->nparams +
                                             (size_t)i],
                                    i, d.type, sess_tz(s->conn), &out[i], err);
        if (rc != ENG_OK) {
            if (bad_row)
                *bad_row = r;
            return rc;
        }
    }
    return ENG_OK;
}

/*
 * A write with nrows parameter sets. INSERT ... VALUES of markers takes
 * every set as one VALUES row of a single write: one remote transaction,
 * one COPY, all rows or none (*bad_row -1 when the write itself fails).
 * Any other write runs once per set, each with its plan optimized for its
 * values, and stops at the first set that fails (*bad_row = that set).
 * rowcount: rows written by all sets.
 */
static eng_rc write_params(eng_stmt *s, const eng_value *vals, int nrows,
                           int *bad_row, eng_error *err)
{
    const plan_node *vm = values_of_markers(s->plan);
    int64_t total = 0;
    eng_rc rc = ENG_OK;

    eng_stmt_close_cursor(s);
    s->rowcount = -1;
    if (!s->plan)
        return eng_err_set(err, ENG_ERR_FEATURE_NOT_SUPPORTED, 0,
                           "parameter markers in this statement are not "
                           "supported");
    for (int r = 0; r < nrows && rc == ENG_OK; r += vm ? nrows : 1) {
        eng_arena *a = eng_arena_create();
        eng_value *cast = a ? eng_arena_alloc(a, sizeof *cast *
                                              (size_t)s->nparams) : NULL;
        plan_node *plan = NULL;
        if (!cast) {
            eng_arena_destroy(a);
            return eng_err_oom(err);
        }
        if (vm) {
            /* one VALUES node with a row per set */
            plan = plan_node_new(a, PN_VALUES, vm->ncols);
            if (!plan || !(plan->rows = eng_arena_alloc(a, sizeof *plan->rows *
                                                          (size_t)nrows)))
                rc = eng_err_oom(err);
            for (int i = 0; rc == ENG_OK && i < vm->ncols; i++) {
                plan->types[i] = vm->types[i];
                plan->names[i] = vm->names ? vm->names[i] : NULL;
            }
            for (int k = 0; rc == ENG_OK && k < nrows; k++) {
                eng_value *row = eng_arena_alloc(a, sizeof *row *
                                                 (size_t)(vm->ncols + 1));
                if (!row) {
                    rc = eng_err_oom(err);
                    break;
                }
                if ((rc = cast_set(s, a, vals, k, cast, bad_row, err)))
                    break;
                for (int i = 0; i < vm->ncols; i++) {
                    const plan_expr *e = vm->exprs[i];
                    row[i] = e->kind == PX_PARAM ? cast[e->param] : e->value;
                    if (row[i].is_null)
                        memset(&row[i].u, 0, sizeof row[i].u);
                    row[i].type = vm->types[i];
                }
                plan->rows[plan->nrows++] = row;
            }
        } else if ((rc = cast_set(s, a, vals, r, cast, bad_row, err)) ==
                   ENG_OK &&
                   !(plan = plan_copy_bound(a, s->plan, cast, s->nparams,
                                            err))) {
            rc = err && !strcmp(err->sqlstate, "HY001") ? ENG_NOMEM
                                                        : ENG_ERROR;
        }
        if (rc == ENG_OK && (rc = plan_optimize(s->conn, &plan, a, err)) == ENG_OK) {
            if (bad_row)
                *bad_row = vm ? -1 : r;
            rc = run_write(s, plan, err);
            total += rc == ENG_OK && s->rowcount > 0 ? s->rowcount : 0;
        }
        eng_arena_destroy(a);
    }
    if (rc != ENG_OK)
        return rc;
    if (bad_row)
        *bad_row = -1;
    s->rowcount = total;
    return ENG_OK;
}

/*
 * The two entry points of an execution wrap the transaction around it
 * (session/txn.c): START TRANSACTION, COMMIT and ROLLBACK run here; any
 * other statement is refused (25P02) in an aborted transaction, begins
 * one in transaction mode, and aborts it when it fails.
 */
static eng_rc txn_wrap(eng_stmt *s, const eng_value *values, int nrows,
                       int *bad_row, bool with_params, eng_error *err)
{
    eng_rc rc;
    if (s->remote)                 /* Trino mode: the server's business */
        return with_params ? execute_params(s, values, nrows, bad_row, err)
                           : execute(s, err);
    if (s->bound->kind == EB_TXN)
        return run_txn(s, err);
    if ((rc = sess_txn_statement(s->conn, false, err)) != ENG_OK)
        return rc;
    rc = with_params ? execute_params(s, values, nrows, bad_row, err)
                     : execute(s, err);
    if (rc != ENG_OK)
        sess_txn_fail(s->conn);
    return rc;
}

eng_rc eng_execute(eng_stmt *s, eng_error *err)
{
    return txn_wrap(s, NULL, 0, NULL, false, err);
}

/*
 * Trino mode with markers: each set's values are sent as literals of an
 * EXECUTE (remote_execute) with their own types, and the server applies
 * Trino's rules to them (`? + 1` with a bigint is a bigint, `id = ?`
 * with 1.5 compares as double), as for Trino's own clients; only text
 * for a marker DESCRIBE INPUT types otherwise is cast to that type first
 * (eng_param_cast: "5" for an integer marker, 22018 for "x"), as ODBC
 * converts character data to the parameter's type. A query takes one
 * set; a statement without rows runs
 * once per set, in order, and stops at the first that fails (*bad_row =
 * that set; the sets before it ran). rowcount: the sum over the sets.
 */
static eng_rc remote_params(eng_stmt *s, const eng_value *values, int nrows,
                            int *bad_row, eng_error *err)
{
    eng_rc rc = ENG_OK;
    int64_t total = 0;
    bool counted = false;

    if (nrows > 1 && s->ncols > 0)
        return eng_err_set(err, ENG_ERR_FEATURE_NOT_SUPPORTED, 0,
                           "a query takes one parameter set per execution");
    for (int r = 0; r < nrows && rc == ENG_OK; r++) {
        eng_arena *a = eng_arena_create();
        eng_value *cast = a ? eng_arena_alloc(a, sizeof *cast *
                                              (size_t)s->nparams) : NULL;
        if (!cast) {
            eng_arena_destroy(a);
            return eng_err_oom(err);
        }
        if (bad_row)
            *bad_row = r;
        for (int i = 0; i < s->nparams && rc == ENG_OK; i++) {
            const eng_value *v = &values[(size_t)r * (size_t)s->nparams +
                                         (size_t)i];
            eng_param_desc d = eng_stmt_param(s, i);
            if (d.fixed && v->type.id == ENG_T_VARCHAR &&
                d.type.id != ENG_T_VARCHAR)
                rc = param_cast_zone(a, v, i, d.type, sess_tz(s->conn),
                                     &cast[i], err);
            else
                cast[i] = *v;
        }
        if (rc == ENG_OK) {
            eng_stmt_close_cursor(s);
            s->rowcount = -1;
            if ((rc = check_cancel_req(s, err)) == ENG_OK)
                rc = remote_execute(s->remote, cast, s->nparams,
                                    s->timeout_s,
                                &s->rowcount, err);
            s->ncols = remote_ncols(s->remote, &s->cols);
            if (rc == ENG_OK && s->rowcount >= 0) {
                total += s->rowcount;
                counted = true;
            }
        }
        eng_arena_destroy(a);
    }
    if (rc != ENG_OK)
        return rc;
    if (bad_row)
        *bad_row = -1;
    s->rowcount = counted ? total : -1;
    return ENG_OK;
}

/* See engine.h. */
eng_rc eng_execute_params(eng_stmt *s, const eng_value *values, int nrows,
                          int *bad_row, eng_error *err)
{
    return txn_wrap(s, values, nrows, bad_row, true, err);
}

/* See engine.h. */
bool eng_stmt_params_all_or_none(const eng_stmt *s)
{
    return s && s->plan && values_of_markers(s->plan) != NULL;
}

static eng_rc execute_params(eng_stmt *s, const eng_value *values, int nrows,
                             int *bad_row, eng_error *err)
{
    bool done;
    eng_rc rc;

    if (bad_row)
        *bad_row = -1;
    if (s->nparams == 0 && nrows <= 1)
        return execute(s, err);
    if (!values || nrows < 1)
        return eng_err_set(err, ENG_ERR_COUNT_FIELD_INCORRECT, 0,
                           "the statement has %d parameter markers and "
                           "no values were bound", s->nparams);
    if (s->remote)
        return remote_params(s, values, nrows, bad_row, err);
    if (nrows > 1 && s->ncols > 0)
        return eng_err_set(err, ENG_ERR_FEATURE_NOT_SUPPORTED, 0,
                           "a query takes one parameter set per execution");
    if (bad_row)
        *bad_row = 0;
    /* Markers the query leaves untyped take the types of these values. */
    eng_type *types = eng_calloc((size_t)s->nparams, sizeof *types);
    if (!types)
        return eng_err_oom(err);
    for (int i = 0; i < s->nparams; i++)
        types[i] = values[i].type;
    rc = eng_stmt_set_param_types(s, types, s->nparams, err);
    eng_free(types);
    if (rc != ENG_OK)
        return rc;
    if (s->bound->kind == EB_WRITE)
        return write_params(s, values, nrows, bad_row, err);
    if (nrows > 1)
        return eng_err_set(err, ENG_ERR_FEATURE_NOT_SUPPORTED, 0,
                           "this statement takes one parameter set per "
                           "execution");
    if ((rc = begin_exec(s, &done, err)) != ENG_OK || done)
        return rc;
    eng_value *cast = eng_arena_alloc(s->exec_arena, sizeof *cast *
                                      (size_t)s->nparams);
    if (!cast)
        return abort_exec(s, eng_err_oom(err));
    for (int i = 0; i < s->nparams; i++) {
        eng_param_desc d = eng_stmt_param(s, i);
        rc = param_cast_zone(s->exec_arena, &values[i], i, d.type,
                             sess_tz(s->conn), &cast[i], err);
        if (rc != ENG_OK)
            return abort_exec(s, rc);
    }
    if (bad_row)
        *bad_row = -1;
    s->ctx.params = cast;
    s->ctx.nparams = s->nparams;
    bool explain = s->bound->kind == EB_EXPLAIN;
    plan_node *plan = plan_copy_bound(s->exec_arena,
                                      explain ? s->bound->plan : s->plan,
                                      cast, s->nparams, err);
    if (!plan)
        return abort_exec(s, err && !strcmp(err->sqlstate, "HY001")
                             ? ENG_NOMEM : ENG_ERROR);
    if ((rc = plan_optimize(s->conn, &plan, s->exec_arena, err)) != ENG_OK)
        return abort_exec(s, rc);
    if (explain && s->bound->analyze) {
        if ((rc = run_analyze(s, plan, &plan, err)) != ENG_OK)
            return rc;
    } else if (explain && !(plan = explain_node(s->exec_arena, plan))) {
        return abort_exec(s, eng_err_oom(err));
    }
    return open_plan(s, plan, err);
}

/*
 * Pulls the next batch from the running execution. At the end (or on
 * error) the operator tree is closed at once, so remote sessions go back
 * to their pools before the application closes the cursor. The batch is
 * dense (sel NULL, every one of its nrows rows live): exec_query_next
 * flattens any selection vector at the root, so driver/fetch.c can read
 * rows 0..nrows-1 as they are.
 */
eng_rc eng_fetch(eng_stmt *s, const eng_batch **out, eng_error *err)
{
    eng_rc rc;

    *out = NULL;
    if (s->remote)
        return remote_fetch(s->remote, out, err);
    if (!s->root)
        return ENG_OK;
    rc = exec_query_next(s->root, out);
    if (rc != ENG_OK) {
        if (err)
            *err = s->exec_err;
        *out = NULL;
        eng_stmt_close_cursor(s);
        sess_txn_fail(s->conn);
        return rc;
    }
    if (!*out)
        eng_stmt_close_cursor(s);
    return ENG_OK;
}

int64_t eng_stmt_rowcount(const eng_stmt *s) { return s->rowcount; }

bool eng_stmt_is_write(const eng_stmt *s)
{
    /* Trino mode: the server decides (and commits) itself */
    return !s->remote && s->bound && s->bound->kind == EB_WRITE;
}

/* Ends the execution, if any, and frees its arena. */
void eng_stmt_close_cursor(eng_stmt *s)
{
    exec_op *root;

    if (s->remote)
        remote_close_cursor(s->remote);
    pthread_mutex_lock(&s->mu);
    root = s->root;
    s->root = NULL;
    pthread_mutex_unlock(&s->mu);
    if (root)
        exec_query_close(root);
    if (s->exec_arena) {
        eng_arena_destroy(s->exec_arena);
        s->exec_arena = NULL;
    }
}

void eng_stmt_free(eng_stmt *s)
{
    if (!s)
        return;
    eng_stmt_close_cursor(s);
    remote_free(s->remote);
    eng_arena_destroy(s->bind_arena);
    eng_arena_destroy(s->arena);
    pthread_mutex_destroy(&s->mu);
    eng_free(s);
}

/*
 * Cancels the running execution from any thread, and any execution that
 * begins before the next eng_cancel_reset (the caller's call may still be
 * binding or planning when the cancel comes: see exec_setup). The lock
 * keeps the tree alive while the cancel request is delivered; the
 * operators only set flags and send the remote cancel, they free nothing.
 */
void eng_cancel(eng_stmt *s)
{
    pthread_mutex_lock(&s->mu);
    s->cancel_req = true;
    if (s->remote) {
        pthread_mutex_unlock(&s->mu);
        remote_cancel(s->remote);
        return;
    }
    if (s->root)
        exec_query_cancel(s->root);
    /* a write's connector polls this flag; between exec_setup and the
     * tree's opening nothing else would see the cancel */
    __atomic_store_n(&s->ctx.cancelled, 1, __ATOMIC_RELEASE);
    pthread_mutex_unlock(&s->mu);
}

/* Forgets earlier cancels: the caller's new call starts (engine.h). */
void eng_cancel_reset(eng_stmt *s)
{
    pthread_mutex_lock(&s->mu);
    s->cancel_req = false;
    pthread_mutex_unlock(&s->mu);
}

/* ----------------------------------------------------------- transactions */

void eng_txn_caps_get(const eng_conn *c, eng_txn_caps *out)
{
    if (c->remote) {
        remote_txn_caps(out);
        return;
    }
    /* one remote transaction per written catalog, PostgreSQL's
     * transactional DDL, READ COMMITTED only (session/txn.c) */
    out->ddl = true;
    out->levels = ENG_ISO_READ_COMMITTED;
    out->default_level = ENG_ISO_READ_COMMITTED;
}

eng_rc eng_set_isolation(eng_conn *c, unsigned level, eng_error *err)
{
    eng_txn_caps caps;
    eng_txn_caps_get(c, &caps);
    if (!(level & caps.levels) || (level & (level - 1)))
        return eng_err_set(err, ENG_ERR_FEATURE_NOT_SUPPORTED, 0,
                           "transaction isolation level %s is not supported%s",
                           level == ENG_ISO_READ_UNCOMMITTED ? "READ UNCOMMITTED"
                           : level == ENG_ISO_READ_COMMITTED ? "READ COMMITTED"
                           : level == ENG_ISO_REPEATABLE_READ ? "REPEATABLE READ"
                           : level == ENG_ISO_SERIALIZABLE ? "SERIALIZABLE" : "?",
                           c->remote ? "" : ": transactions run at READ COMMITTED");
    c->txn_isolation = level;
    return ENG_OK;
}

/*
 * Autocommit on commits the transaction in progress (ODBC); if that
 * commit fails, autocommit is on all the same, the transaction rolled
 * back, and the error is returned. Off: the next statement begins a
 * transaction (Trino mode: remote_txn_begin at the next statement).
 */
eng_rc eng_set_autocommit(eng_conn *c, bool on, eng_error *err)
{
    eng_rc rc = ENG_OK;
    if (c->remote) {
        if (on && remote_txn_in_progress(c))
            rc = remote_end_txn(c, true, err);
        c->autocommit_off = !on;
        return rc;
    }
    if (on && c->autocommit_off) {
        c->txn_explicit = false;
        rc = sess_txn_end(c, true, err);
    }
    c->autocommit_off = !on;
    return rc;
}

eng_rc eng_end_txn(eng_conn *c, bool commit, eng_error *err)
{
    if (c->remote)
        return remote_end_txn(c, commit, err);
    return sess_txn_end(c, commit, err);
}

bool eng_txn_in_progress(const eng_conn *c)
{
    if (c->remote)
        return remote_txn_in_progress(c);
    return sess_txn_in_progress(c);
}

void eng_set_query_timeout(eng_stmt *s, unsigned seconds)
{
    s->timeout_s = seconds;
}

/* Sets the session timeout that bounds metadata work (sess_set_timeout). */
void eng_set_catalogs_as_schemas(eng_conn *c, bool on)
{
    c->catalogs_as_schemas = on;
}

eng_rc eng_set_time_zone(eng_conn *c, const char *zone, eng_error *err)
{
    return sess_set_time_zone(c, zone, err);
}

int32_t eng_get_time_zone(const eng_conn *c)
{
    return sess_tz(c);
}

bool eng_has_key_metadata(const eng_conn *c)
{
    return !c->remote;
}

void eng_set_timeout(eng_conn *c, unsigned seconds)
{
    if (c->remote)
        return;   /* remote statements are bounded per execution */
    sess_set_timeout(c, seconds);
}
