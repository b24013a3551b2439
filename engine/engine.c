/*
 * engine/engine.c
 *   The façade declared in engine.h: sessions, statements, execution and
 *   fetching, wired through parser -> binder -> planner -> optimizer ->
 *   executor.
 * Interface: eng_open, eng_close, eng_set_default, eng_get_default_catalog,
 *   eng_get_default_schema, eng_prepare, eng_stmt_ncols, eng_stmt_column,
 *   eng_execute, eng_fetch, eng_stmt_is_write, eng_stmt_rowcount,
 *   eng_stmt_close_cursor,
 *   eng_stmt_free, eng_cancel, eng_set_query_timeout, eng_set_timeout,
 *   eng_version.
 * Not here: the session's state and catalogs (session/), any stage's logic.
 *
 * Lifetimes: a session's arena holds its catalog registry; a statement's
 * arena holds the SQL text, AST and plan for as long as the statement
 * lives; an execution arena holds operator state from eng_execute until
 * the cursor closes. Nothing is freed piece by piece.
 */
#include <pthread.h>
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
    eng_arena *arena;          /* statement lifetime */
    eng_arena *exec_arena;     /* execution lifetime, NULL when idle */
    eng_bound_stmt *bound;
    plan_node *plan;             /* optimized plan, NULL for USE */
    int ncols;
    eng_column_desc *cols;
    exec_ctx ctx;
    exec_op *root;               /* running operator tree, NULL when idle */
    eng_error exec_err;
    int64_t rowcount;
    unsigned timeout_s;
    bool writing;              /* run_write in progress (for eng_cancel) */
    pthread_mutex_t mu;        /* guards root against eng_cancel */
    remote_stmt *remote;       /* Trino mode: everything goes here */
};

/* ---------------------------------------------------------------- session */

/*
 * Opens a session from key=value options (Catalogs required; Catalog and
 * Schema optional). Reads the catalog file now; contacts no server.
 */
eng_rc eng_open(const eng_option *opts, int nopts, eng_conn **out,
                eng_error *err)
{
    if (remote_wants(opts, nopts))
        return remote_open(opts, nopts, out, err);
    return sess_open(eng_option_get(opts, nopts, "catalogs"),
                     eng_option_get(opts, nopts, "catalog"),
                     eng_option_get(opts, nopts, "schema"), out, err);
}

void eng_close(eng_conn *c) { sess_close(c); }

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
 * plan text. Returns NULL on OOM.
 */
static plan_node *explain_node(eng_arena *a, const plan_node *plan)
{
    char *text = plan_explain(a, plan);
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
 * Parses, binds and optimizes sql. The statement owns its arena; on
 * failure nothing is left allocated and *out is NULL.
 */
eng_rc eng_prepare(eng_conn *c, const char *sql, size_t len, eng_stmt **out,
                   eng_error *err)
{
    eng_stmt *s;
    ast_stmt *ast = NULL;
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
        *out = s;
        return ENG_OK;
    }
    rc = parse_statement(sql, len, s->arena, &ast, err);
    if (rc != ENG_OK)
        goto fail;
    rc = bind_statement(c, ast, s->arena, &s->bound, err);
    if (rc != ENG_OK)
        goto fail;

    switch (s->bound->kind) {
    case EB_QUERY:
        s->plan = s->bound->plan;
        rc = planner_run(c, &s->plan, s->arena, err);
        if (rc == ENG_OK)
            rc = opt_optimize(c, &s->plan, s->arena, err);
        if (rc != ENG_OK)
            goto fail;
        s->ncols = s->bound->ncols;
        s->cols = s->bound->cols;
        break;
    case EB_EXPLAIN: {
        plan_node *inner = s->bound->plan;
        rc = planner_run(c, &inner, s->arena, err);
        if (rc == ENG_OK)
            rc = opt_optimize(c, &inner, s->arena, err);
        if (rc != ENG_OK)
            goto fail;
        s->plan = explain_node(s->arena, inner);
        s->cols = eng_arena_calloc(s->arena, sizeof(eng_column_desc));
        if (!s->plan || !s->cols) {
            rc = eng_err_oom(err);
            goto fail;
        }
        s->ncols = 1;
        s->cols[0].name = "Query Plan";
        s->cols[0].type = eng_type_varchar(0);
        s->cols[0].nullable = false;
        s->cols[0].catalog = s->cols[0].schema = s->cols[0].table = "";
        s->cols[0].base_name = "";
        break;
    }
    case EB_USE:
        s->ncols = 0;
        break;
    case EB_WRITE:
        s->ncols = 0;
        s->plan = s->bound->plan;
        if (s->plan && ((rc = planner_run(c, &s->plan, s->arena, err)) != ENG_OK ||
                        (rc = opt_optimize(c, &s->plan, s->arena, err)) != ENG_OK))
            goto fail;
        if (s->plan && s->bound->write->kind == EW_CREATE_VIEW) {
            /* a view's query is sent as SQL, not run: no rows feed it */
            eng_write_spec *w = s->bound->write;
            char **names = eng_arena_calloc(s->arena, sizeof *names *
                                                      (size_t)(w->ncols + 1));
            if (!names) {
                rc = eng_err_oom(err);
                goto fail;
            }
            for (int i = 0; i < w->ncols; i++)
                names[i] = w->cols[i].name;
            rc = opt_view_sql(s->plan, s->bound->write_cat, w->ncols, names,
                              s->arena, (char **)&w->view_sql, err);
            if (rc != ENG_OK)
                goto fail;
            s->plan = NULL;
        }
        break;
    }
    *out = s;
    return ENG_OK;
fail:
    eng_stmt_free(s);
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

/* Sets up s->ctx for an execution in a fresh execution arena. */
static eng_rc exec_setup(eng_stmt *s, eng_error *err)
{
    s->exec_arena = eng_arena_create();
    if (!s->exec_arena)
        return eng_err_oom(err);
    memset(&s->ctx, 0, sizeof s->ctx);
    eng_err_clear(&s->exec_err);
    s->ctx.conn = s->conn;
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
 */
static eng_rc run_write(eng_stmt *s, eng_error *err)
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
    if (!s->plan) {
        rc = ops->write_exec(state, spec, &rows, err);
        goto out;
    }
    if ((rc = exec_query_open(&s->ctx, s->plan, &root)) != ENG_OK) {
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
    eng_arena_destroy(s->exec_arena);
    s->exec_arena = NULL;
    if (rc == ENG_OK)
        s->rowcount = rows;
    return rc;
}

/*
 * Starts an execution: USE takes effect at once; a query builds its
 * operator tree (no rows are read until eng_fetch); a write runs to the
 * end (run_write).
 */
eng_rc eng_execute(eng_stmt *s, eng_error *err)
{
    eng_rc rc;
    exec_op *root = NULL;

    eng_stmt_close_cursor(s);
    s->rowcount = -1;
    if (s->remote)
        return remote_execute(s->remote, s->timeout_s, &s->rowcount, err);
    if (s->bound->kind == EB_WRITE)
        return run_write(s, err);
    if (s->bound->kind == EB_USE) {
        rc = eng_set_default(s->conn, s->bound->use_catalog,
                             s->bound->use_schema, err);
        if (rc == ENG_OK)
            s->rowcount = 0;
        return rc;
    }
    if ((rc = exec_setup(s, err)) != ENG_OK)
        return rc;
    rc = exec_query_open(&s->ctx, s->plan, &root);
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
    eng_arena_destroy(s->arena);
    pthread_mutex_destroy(&s->mu);
    eng_free(s);
}

/*
 * Cancels the running execution from any thread. The lock keeps the tree
 * alive while the cancel request is delivered; the operators only set
 * flags and send the remote cancel, they free nothing.
 */
void eng_cancel(eng_stmt *s)
{
    if (s->remote) {
        remote_cancel(s->remote);
        return;
    }
    pthread_mutex_lock(&s->mu);
    if (s->root)
        exec_query_cancel(s->root);
    else if (s->writing)        /* a write's connector polls this flag */
        __atomic_store_n(&s->ctx.cancelled, 1, __ATOMIC_RELEASE);
    pthread_mutex_unlock(&s->mu);
}

void eng_set_query_timeout(eng_stmt *s, unsigned seconds)
{
    s->timeout_s = seconds;
}

/* Sets the session timeout that bounds metadata work (sess_set_timeout). */
void eng_set_timeout(eng_conn *c, unsigned seconds)
{
    if (c->remote)
        return;   /* remote statements are bounded per execution */
    sess_set_timeout(c, seconds);
}
