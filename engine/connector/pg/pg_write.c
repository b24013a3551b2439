/*
 * engine/connector/pg/pg_write.c
 *   Writes into a PostgreSQL catalog: DDL, whole-statement UPDATE and
 *   DELETE, and bulk rows through COPY ... FROM STDIN (FORMAT binary) for
 *   INSERT, CREATE TABLE AS and the engine-computed changes of UPDATE,
 *   DELETE and MERGE (EW_APPLY).
 * Interface: pg_write_shippable, pg_write_exec, pg_write_begin,
 *   pg_write_batch, pg_write_end (the write ops of eng_pg_connector).
 * Not here: the binary encoder (pg_copy.c), expressions in SQL
 *   (pg_deparse.c), connections and waits (pg_session.c).
 *
 * Transactions. write_exec sends BEGIN with the statement(s) in one
 * simple-query message, and COMMIT in a second one only after their
 * result is in: a statement dropped while it runs (cancel, timeout) can
 * never commit, even when the server finishes it before it notices that
 * the client is gone (an implicit transaction would commit then). Once
 * COMMIT is sent a cancel no longer interrupts. A fed write holds one connection from begin to
 * end: BEGIN, [CREATE TABLE for CTAS | the EW_APPLY temp table], COPY,
 * rows, end of COPY, [the EW_APPLY statements], COMMIT. Any failure, a
 * timeout or a cancel drops the connection without COMMIT, which makes
 * the server roll everything back (a CTAS leaves no table), and never
 * waits on a server that stopped answering.
 * Inside the catalog's transaction (autocommit off, pg_txn_begin) the
 * same happens on the transaction's connection without BEGIN and COMMIT,
 * and a fed write takes the connection at its first rows (see
 * pg_write_begin). A failure drops the connection, so the server rolls
 * the whole transaction back, as the engine does after any failed
 * statement of a transaction.
 * Bulk: rows are encoded into a buffer sent in CopyData messages of about
 * PG_WRITE_CHUNK bytes, so a million rows are a few hundred messages, not
 * a million round trips.
 * EW_APPLY: the rows (action, old values, new values) go into a temporary
 * table "mesh$apply" (ON COMMIT DROP) shaped like the target, then
 *   DELETE FROM t USING apply WHERE action = 2 AND <match>
 *   UPDATE t SET c = new_c, ... FROM apply WHERE action = 1 AND <match>
 *   INSERT INTO t (c, ...) SELECT new_c, ... FROM apply WHERE action = 3
 * where <match> compares the old values of the primary key columns, or
 * of every column (IS NOT DISTINCT FROM) when the table has no primary
 * key: identical rows are then changed alike, which is what the
 * statement asked for. With match_check (MERGE) a target row matched by
 * two source rows is refused with 21000, as Trino does.
 * Type names for CREATE (Trino -> PostgreSQL): boolean, smallint,
 * integer, bigint, real, double -> double precision, decimal(p,s) ->
 * numeric(p,s), varchar(n) / varchar -> varchar(n) / varchar, char(n) ->
 * char(n), date, varbinary -> bytea, uuid.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libpq-fe.h>
#include "pg_int.h"
#include "pg_copy.h"
#include "../../common/strbuf.h"

#define PG_WRITE_CHUNK (256 * 1024)

/* ------------------------------------------------------------------ */
/* SQL text                                                            */

/* Texts are built with eng_strbuf (common/strbuf.h) on the heap: the
 * first failed append makes the rest no-ops and leaves `oom` set. */
typedef eng_strbuf wbuf;

static void w_put(wbuf *b, const char *s)
{
    eng_sb_puts(b, s);
}

/* A double-quoted identifier with " doubled. */
static void w_ident(wbuf *b, const char *s)
{
    eng_sb_quoted(b, '"', s, strlen(s));
}

/* "schema"."table" */
static void w_table(wbuf *b, const char *schema, const char *table)
{
    w_ident(b, schema);
    w_put(b, ".");
    w_ident(b, table);
}

/* printf into the buffer (short texts: numbers, type names). */
static void w_fmt(wbuf *b, const char *fmt, int x, int y)
{
    eng_sb_printf(b, fmt, x, y);
}

/* The PostgreSQL type of a new column and its OID/typmod (for COPY).
 * Returns false for a type PostgreSQL has no column for. */
static bool create_type(wbuf *b, const eng_write_col *c, int *oid,
                        int *typmod)
{
    const char *decl = c->decl ? c->decl : "";
    *typmod = -1;
    switch (c->type.id) {
    case ENG_T_BOOLEAN: w_put(b, "boolean"); *oid = PG_OID_BOOL; return true;
    case ENG_T_SMALLINT: w_put(b, "smallint"); *oid = PG_OID_INT2; return true;
    case ENG_T_INTEGER: w_put(b, "integer"); *oid = PG_OID_INT4; return true;
    case ENG_T_BIGINT: w_put(b, "bigint"); *oid = PG_OID_INT8; return true;
    case ENG_T_DATE: w_put(b, "date"); *oid = PG_OID_DATE; return true;
    case ENG_T_TIMESTAMP:
        w_fmt(b, "timestamp(%d)", c->type.precision, 0);
        *oid = PG_OID_TIMESTAMP;
        *typmod = c->type.precision;
        return true;
    case ENG_T_TIME:
        w_fmt(b, "time(%d)", c->type.precision, 0);
        *oid = PG_OID_TIME;
        *typmod = c->type.precision;
        return true;
    case ENG_T_TIMESTAMP_TZ:
        w_fmt(b, "timestamptz(%d)", c->type.precision, 0);
        *oid = PG_OID_TIMESTAMPTZ;
        *typmod = c->type.precision;
        return true;
    case ENG_T_INTERVAL_DS:   /* unrestricted: pg_map_type reads it back
                                 as interval day to second */
        w_put(b, "interval");
        *oid = PG_OID_INTERVAL;
        return true;
    case ENG_T_INTERVAL_YM:   /* fields YEAR|MONTH, any precision */
        w_put(b, "interval year to month");
        *oid = PG_OID_INTERVAL;
        *typmod = (((1 << 1) | (1 << 2)) << 16) | 0xffff;
        return true;
    case ENG_T_DOUBLE:
        if (!strcmp(decl, "real")) {
            w_put(b, "real");
            *oid = PG_OID_FLOAT4;
        } else {
            w_put(b, "double precision");
            *oid = PG_OID_FLOAT8;
        }
        return true;
    case ENG_T_DECIMAL:
        w_fmt(b, "numeric(%d,%d)", c->type.precision, c->type.scale);
        *oid = PG_OID_NUMERIC;
        *typmod = ((c->type.precision << 16) | c->type.scale) + 4;
        return true;
    case ENG_T_VARCHAR:
        if (!strcmp(decl, "char") || !strcmp(decl, "character")) {
            w_fmt(b, "char(%d)", c->type.length > 0 ? c->type.length : 1, 0);
            *oid = PG_OID_BPCHAR;
            *typmod = (c->type.length > 0 ? c->type.length : 1) + 4;
        } else if (c->type.length > 0) {
            w_fmt(b, "varchar(%d)", c->type.length, 0);
            *oid = PG_OID_VARCHAR;
            *typmod = c->type.length + 4;
        } else {
            w_put(b, "varchar");
            *oid = PG_OID_VARCHAR;
        }
        return true;
    case ENG_T_VARBINARY: w_put(b, "bytea"); *oid = PG_OID_BYTEA; return true;
    case ENG_T_UUID: w_put(b, "uuid"); *oid = PG_OID_UUID; return true;
    /* Trino's PostgreSQL connector creates json columns as jsonb */
    case ENG_T_JSON: w_put(b, "jsonb"); *oid = PG_OID_JSONB; return true;
    default:
        return false;
    }
}

/* 0A000 for a column type PostgreSQL cannot store. */
static eng_rc bad_type(pg_state *st, const eng_write_col *c, eng_error *err)
{
    char tn[64];
    eng_err_set(err, ENG_ERR_FEATURE_NOT_SUPPORTED, 0,
                "Catalog '%s': unsupported column type %s for column '%s'",
                st->name, eng_type_name(c->type, tn, sizeof tn), c->name);
    eng_err_set_source(err, st->name);
    return ENG_ERROR;
}

/* CREATE TABLE "s"."t" ("c" type [NOT NULL], ...) into b; fills the
 * COPY columns cols[] (may be NULL). */
static eng_rc create_table_sql(pg_state *st, const eng_write_spec *s,
                               bool if_not_exists, wbuf *b,
                               pg_copy_col *cols, eng_error *err)
{
    w_put(b, "CREATE TABLE ");
    if (if_not_exists)
        w_put(b, "IF NOT EXISTS ");
    w_table(b, s->schema, s->table);
    w_put(b, " (");
    for (int i = 0; i < s->ncols; i++) {
        int oid, typmod;
        if (i)
            w_put(b, ", ");
        w_ident(b, s->cols[i].name);
        w_put(b, " ");
        if (!create_type(b, &s->cols[i], &oid, &typmod))
            return bad_type(st, &s->cols[i], err);
        if (s->cols[i].not_null)
            w_put(b, " NOT NULL");
        if (s->cols[i].unique)
            w_put(b, " UNIQUE");
        if (cols) {
            cols[i].remote_type = oid;
            cols[i].remote_typmod = typmod;
            cols[i].type = s->cols[i].type;
            cols[i].name = s->cols[i].name;
        }
    }
    for (int i = 0; i < s->npk; i++) {
        w_put(b, i ? ", " : ", PRIMARY KEY (");
        w_ident(b, s->pk[i]);
        if (i == s->npk - 1)
            w_put(b, ")");
    }
    w_put(b, ")");
    return ENG_OK;
}

/* ------------------------------------------------------------------ */
/* names                                                               */

/* PostgreSQL keeps NAMEDATALEN - 1 = 63 bytes of a name and silently
 * cuts a longer one, so a table created under a long name could not be
 * found again by it. Trino's connector refuses such names; so do we. */
#define PG_NAME_MAX 63

/* 42000 when name (what: "table", "column"...) is longer than PostgreSQL
 * keeps; NULL names pass. */
static eng_rc check_name(pg_state *st, const char *what, const char *name,
                         eng_error *err)
{
    size_t n = name ? strlen(name) : 0;
    if (n <= PG_NAME_MAX)
        return ENG_OK;
    /* the message shows the first 40 bytes or fewer, cut before a UTF-8
     * continuation byte so that it stays valid text */
    int shown = 40;
    while (shown > 0 && ((unsigned char)name[shown] & 0xC0) == 0x80)
        shown--;
    eng_err_set(err, ENG_ERR_SYNTAX_ERROR, 0,
                "Catalog '%s': %s name '%.*s...' is %zu bytes long; "
                "PostgreSQL keeps at most %d", st->name, what, shown, name,
                n, PG_NAME_MAX);
    eng_err_set_source(err, st->name);
    return ENG_ERROR;
}

/* Every name a write would create or refer to, checked before any SQL
 * is sent. */
static eng_rc check_names(pg_state *st, const eng_write_spec *s,
                          eng_error *err)
{
    const char *cw = s->kind == EW_CREATE_INDEX ? "index column" : "column";
    eng_rc rc;
    if ((rc = check_name(st, "schema", s->schema, err)) ||
        (rc = check_name(st, s->kind == EW_CREATE_VIEW ? "view" : "table",
                         s->table, err)) ||
        (rc = check_name(st, "column", s->column, err)) ||
        (rc = check_name(st, s->kind == EW_CREATE_INDEX ? "index" : "column",
                         s->new_name, err)) ||
        (rc = check_name(st, "schema", s->new_schema, err)) ||
        (rc = check_name(st, "table", s->new_table, err)))
        return rc;
    for (int i = 0; i < s->ncols; i++)
        if ((rc = check_name(st, cw, s->cols[i].name, err)))
            return rc;
    for (int i = 0; i < s->npk; i++)
        if ((rc = check_name(st, "column", s->pk[i], err)))
            return rc;
    return ENG_OK;
}

/* ------------------------------------------------------------------ */
/* running statements on a held connection                             */

/*
 * Sends sql (one or more statements) and reads every result without
 * blocking. *ntuples (may be NULL) gets the row count of the last
 * command. Errors: the first failing result (remote SQLSTATE, catalog
 * named), HYT00/HY008 from w; the caller then drops the connection.
 */
static eng_rc run_untraced(pg_state *st, PGconn *conn, const pg_wait *w,
                           const char *sql, int64_t *ntuples, eng_error *err)
{
    PGresult *r, *bad = NULL;
    eng_rc rc;
    if (ntuples)
        *ntuples = 0;
    if (!PQsendQuery(conn, sql))
        return pg_session_error(st, conn, NULL, err);
    if ((rc = pg_io_flush(st, conn, w, err)) != ENG_OK)
        return rc;
    for (;;) {
        if ((rc = pg_io_await(st, conn, w, err)) != ENG_OK) {
            PQclear(bad);
            return rc;
        }
        if ((r = PQgetResult(conn)) == NULL)
            break;
        ExecStatusType t = PQresultStatus(r);
        if (t != PGRES_COMMAND_OK && t != PGRES_TUPLES_OK && !bad) {
            bad = r;
            continue;
        }
        if (!bad && ntuples) {
            const char *n = PQcmdTuples(r);
            *ntuples = n && *n ? strtoll(n, NULL, 10) : 0;
            if (t == PGRES_TUPLES_OK)
                *ntuples = PQntuples(r);
        }
        PQclear(r);
        if (pg_session_broken(conn))
            break;
    }
    if (bad || pg_session_broken(conn)) {
        rc = pg_session_error(st, conn, bad, err);
        PQclear(bad);
        return rc;
    }
    return ENG_OK;
}

/* run_untraced, reported to the remote-SQL trace (common/trace.h). */
static eng_rc run(pg_state *st, PGconn *conn, const pg_wait *w,
                  const char *sql, int64_t *ntuples, eng_error *err)
{
    uint64_t t0 = eng_trace_start();
    int64_t n = 0;
    eng_rc rc = run_untraced(st, conn, w, sql, &n, err);
    eng_trace_remote(t0, st->name, sql, rc == ENG_OK ? n : -1,
                     rc == ENG_OK ? NULL : "failed");
    if (ntuples)
        *ntuples = n;
    return rc;
}

/* The wait of a write: the spec's deadline and cancel flag. */
static void spec_wait(const eng_write_spec *s, pg_wait *w)
{
    w->deadline_ms = s->deadline_ms;
    w->timeout_s = s->timeout_s;
    w->cancelled = s->cancelled;
}

/* ------------------------------------------------------------------ */
/* writes without rows                                                 */

/* The statement(s) of a write without rows into b. */
static eng_rc exec_sql(pg_state *st, const eng_write_spec *s, eng_arena *a,
                       wbuf *b, eng_error *err)
{
    eng_rc rc;
    switch (s->kind) {
    case EW_CREATE_SCHEMA:
        w_put(b, "CREATE SCHEMA ");
        if (s->if_not_exists)
            w_put(b, "IF NOT EXISTS ");
        w_ident(b, s->schema);
        return ENG_OK;
    case EW_DROP_SCHEMA:
        w_put(b, "DROP SCHEMA ");
        if (s->if_exists)
            w_put(b, "IF EXISTS ");
        w_ident(b, s->schema);
        w_put(b, s->cascade ? " CASCADE" : " RESTRICT");
        return ENG_OK;
    case EW_CREATE_TABLE:
        return create_table_sql(st, s, s->if_not_exists, b, NULL, err);
    case EW_DROP_TABLE:
    case EW_DROP_VIEW:
        w_put(b, s->kind == EW_DROP_TABLE ? "DROP TABLE " : "DROP VIEW ");
        if (s->if_exists)
            w_put(b, "IF EXISTS ");
        w_table(b, s->schema, s->table);
        return ENG_OK;
    case EW_RENAME_TABLE:
        w_put(b, "ALTER TABLE ");
        if (s->if_exists)
            w_put(b, "IF EXISTS ");
        w_table(b, s->schema, s->table);
        if (strcmp(s->new_schema, s->schema) != 0) {
            /* PostgreSQL renames within a schema: move, then rename, in
             * the one implicit transaction of this message */
            w_put(b, " SET SCHEMA ");
            w_ident(b, s->new_schema);
            if (strcmp(s->new_table, s->table) == 0)
                return ENG_OK;
            w_put(b, "; ALTER TABLE ");
            w_table(b, s->new_schema, s->table);
        }
        w_put(b, " RENAME TO ");
        w_ident(b, s->new_table);
        return ENG_OK;
    case EW_ADD_COLUMN: {
        int oid, typmod;
        w_put(b, "ALTER TABLE ");
        if (s->if_exists)
            w_put(b, "IF EXISTS ");
        w_table(b, s->schema, s->table);
        w_put(b, " ADD COLUMN ");
        if (s->col_if)
            w_put(b, "IF NOT EXISTS ");
        w_ident(b, s->cols[0].name);
        w_put(b, " ");
        if (!create_type(b, &s->cols[0], &oid, &typmod))
            return bad_type(st, &s->cols[0], err);
        if (s->cols[0].not_null)
            w_put(b, " NOT NULL");
        return ENG_OK;
    }
    case EW_DROP_COLUMN:
        w_put(b, "ALTER TABLE ");
        if (s->if_exists)
            w_put(b, "IF EXISTS ");
        w_table(b, s->schema, s->table);
        w_put(b, " DROP COLUMN ");
        if (s->col_if)
            w_put(b, "IF EXISTS ");
        w_ident(b, s->column);
        return ENG_OK;
    case EW_RENAME_COLUMN:
        w_put(b, "ALTER TABLE ");
        if (s->if_exists)
            w_put(b, "IF EXISTS ");
        w_table(b, s->schema, s->table);
        w_put(b, " RENAME COLUMN ");
        w_ident(b, s->column);
        w_put(b, " TO ");
        w_ident(b, s->new_name);
        return ENG_OK;
    case EW_CREATE_INDEX:
        w_put(b, s->unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ");
        if (s->if_not_exists)
            w_put(b, "IF NOT EXISTS ");
        w_ident(b, s->new_name);
        w_put(b, " ON ");
        w_table(b, s->schema, s->table);
        for (int i = 0; i < s->ncols; i++) {
            w_put(b, i ? ", " : " (");
            w_ident(b, s->cols[i].name);
            if (s->cols[i].desc)
                w_put(b, " DESC");
        }
        w_put(b, ")");
        return ENG_OK;
    case EW_CREATE_VIEW:
        if (s->or_replace) {
            /* PostgreSQL's OR REPLACE keeps the old columns; Trino's
             * replaces the definition: drop and create in one message
             * (one implicit transaction) */
            w_put(b, "DROP VIEW IF EXISTS ");
            w_table(b, s->schema, s->table);
            w_put(b, "; ");
        }
        w_put(b, "CREATE VIEW ");
        w_table(b, s->schema, s->table);
        w_put(b, " AS ");
        w_put(b, s->view_sql);
        return ENG_OK;
    case EW_DELETE:
    case EW_UPDATE:
        w_put(b, s->kind == EW_DELETE ? "DELETE FROM " : "UPDATE ");
        w_table(b, s->schema, s->table);
        for (int i = 0; i < s->nassign; i++) {
            char *v;
            if ((rc = pg_deparse_expr(s->target, s->assign_vals[i], a, &v,
                                      err)) != ENG_OK)
                return rc;
            w_put(b, i ? ", " : " SET ");
            w_ident(b, s->target->cols[s->assign_cols[i]].name);
            w_put(b, " = ");
            w_put(b, v);
        }
        for (int i = 0; i < s->nfilters; i++) {
            char *f;
            if ((rc = pg_deparse_expr(s->target, s->filters[i], a, &f,
                                      err)) != ENG_OK)
                return rc;
            w_put(b, i ? " AND " : " WHERE ");
            w_put(b, f);
        }
        return ENG_OK;
    default:
        return eng_err_set(err, ENG_ERR_INTERNAL, 0,
                           "write kind %d is not a statement", (int)s->kind);
    }
}

/* True when e can be part of a whole-statement UPDATE / DELETE. */
bool pg_write_shippable(void *state, const plan_expr *e)
{
    return pg_shippable(state, e);
}

/*
 * Runs a write without rows (see the file comment). A pooled connection
 * found dead before the statement ran is replaced once.
 */
eng_rc pg_write_exec(void *state, const eng_write_spec *spec, int64_t *rows,
                     eng_error *err)
{
    pg_state *st = state;
    eng_arena *a = eng_arena_create();
    wbuf b = { 0 };
    pg_wait w;
    eng_rc rc;

    *rows = 0;
    if (!a)
        return eng_err_oom(err);
    /* Outside a transaction the statement runs between a BEGIN sent with
     * it and a COMMIT sent only once its result is in: a statement still
     * running when it is cancelled or timed out (the connection dropped)
     * can then never commit, even if the server finishes it before it
     * notices the client is gone. */
    bool own_txn = st->txn == NULL && !st->txn_lost;
    rc = check_names(st, spec, err);
    if (rc == ENG_OK && own_txn)
        w_put(&b, "BEGIN; ");
    if (rc == ENG_OK)
        rc = exec_sql(st, spec, a, &b, err);
    if (rc == ENG_OK && b.oom)
        rc = eng_err_oom(err);
    spec_wait(spec, &w);
    for (int attempt = 0; rc == ENG_OK && attempt < 2; attempt++) {
        PGconn *conn;
        bool reused;
        int64_t n = 0;
        rc = pg_session_acquire(st, &w, &conn, &reused, err);
        if (rc != ENG_OK)
            break;
        rc = run(st, conn, &w, eng_sb_text(&b), &n, err);
        if (rc == ENG_OK && own_txn) {
            /* once COMMIT is sent the outcome is the server's: a cancel
             * no longer interrupts (a frozen server still times out) */
            pg_wait cw = w;
            cw.cancelled = NULL;
            if ((rc = run(st, conn, &cw, "COMMIT", NULL, err)) != ENG_OK) {
                pg_session_drop(st, conn);
                break;
            }
        }
        if (rc == ENG_OK) {
            pg_session_release(st, conn);
            if (spec->kind == EW_DELETE || spec->kind == EW_UPDATE)
                *rows = n;
            break;
        }
        if (reused && attempt == 0 && pg_session_broken(conn)) {
            pg_session_drop_stale(st, conn);
            rc = ENG_OK;
            continue;
        }
        if (pg_session_broken(conn) || PQisBusy(conn))
            pg_session_drop(st, conn);
        else
            pg_session_release(st, conn);
        break;
    }
    eng_sb_free(&b);
    eng_arena_destroy(a);
    return rc;
}

/* ------------------------------------------------------------------ */
/* writes fed with rows                                                */

typedef struct pg_writer {
    pg_state *st;
    const eng_write_spec *spec;
    PGconn *conn;             /* held from begin to end */
    pg_wait wait;
    int ncols;                /* columns of the COPY */
    pg_copy_col *cols;        /* eng_malloc'ed */
    pg_copy_buf buf;          /* encoded rows not sent yet */
    int npk;                  /* EW_APPLY: primary key columns */
    int *pk;                  /* indexes into spec->target->cols */
    bool in_txn;              /* inside the catalog's open transaction */
    bool started;             /* writer_start done */
} pg_writer;

/* Frees the writer; the connection is dropped unless already gone. */
static void writer_free(pg_writer *wr)
{
    if (!wr)
        return;
    pg_session_drop(wr->st, wr->conn);
    eng_free(wr->cols);
    eng_free(wr->buf.p);
    eng_free(wr->pk);
    eng_free(wr);
}

/* HY008 / HYT00 between batches (waits check them too). */
static eng_rc check_stop(pg_writer *wr, eng_error *err)
{
    if (wr->wait.cancelled &&
        __atomic_load_n(wr->wait.cancelled, __ATOMIC_ACQUIRE)) {
        eng_err_set(err, ENG_ERR_OPERATION_CANCELED, 0,
                    "Catalog '%s': write canceled", wr->st->name);
        eng_err_set_source(err, wr->st->name);
        return ENG_ERROR;
    }
    if (wr->wait.deadline_ms > 0 && pg_now_ms() >= wr->wait.deadline_ms) {
        eng_err_set(err, ENG_ERR_TIMEOUT, 0,
                    "Query exceeded the timeout of %u seconds on catalog "
                    "'%s'", wr->wait.timeout_s, wr->st->name);
        eng_err_set_source(err, wr->st->name);
        return ENG_ERROR;
    }
    return ENG_OK;
}

/* Runs sql on the writer's connection (OOM of the text first). */
static eng_rc wrun(pg_writer *wr, wbuf *b, int64_t *n, eng_error *err)
{
    if (b->oom)
        return eng_err_oom(err);
    return run(wr->st, wr->conn, &wr->wait, eng_sb_text(b), n, err);
}

/* The primary key columns of the target (indexes into target->cols). */
static eng_rc load_pk(pg_writer *wr, eng_error *err)
{
    static const char sql[] =
        "SELECT a.attname FROM pg_catalog.pg_index i "
        "JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid "
        "AND a.attnum = ANY(i.indkey) "
        "WHERE i.indrelid = pg_catalog.to_regclass($1) AND i.indisprimary";
    const eng_table_def *t = wr->spec->target;
    wbuf q = { 0 };
    const char *params[1];
    PGresult *r;
    eng_rc rc;

    w_table(&q, wr->spec->schema, wr->spec->table);
    if (q.oom)
        return eng_err_oom(err);
    params[0] = eng_sb_text(&q);
    if (!PQsendQueryParams(wr->conn, sql, 1, NULL, params, NULL, NULL, 0)) {
        eng_sb_free(&q);
        return pg_session_error(wr->st, wr->conn, NULL, err);
    }
    eng_sb_free(&q);
    if ((rc = pg_io_flush(wr->st, wr->conn, &wr->wait, err)) != ENG_OK ||
        (rc = pg_io_await(wr->st, wr->conn, &wr->wait, err)) != ENG_OK)
        return rc;
    r = PQgetResult(wr->conn);
    if (!r || PQresultStatus(r) != PGRES_TUPLES_OK) {
        rc = pg_session_error(wr->st, wr->conn, r, err);
        PQclear(r);
        return rc;
    }
    int n = PQntuples(r);
    wr->pk = eng_calloc((size_t)(n > 0 ? n : 1), sizeof(int));
    if (!wr->pk) {
        PQclear(r);
        return eng_err_oom(err);
    }
    for (int i = 0; i < n; i++) {
        const char *name = PQgetvalue(r, i, 0);
        int k = -1;
        for (int c = 0; c < t->ncols; c++)
            if (!strcmp(t->cols[c].name, name))
                k = c;
        if (k < 0) {            /* a key column the engine does not see */
            wr->npk = 0;
            break;
        }
        wr->pk[wr->npk++] = k;
    }
    PQclear(r);
    /* read the end of the command */
    while ((rc = pg_io_await(wr->st, wr->conn, &wr->wait, err)) == ENG_OK &&
           (r = PQgetResult(wr->conn)) != NULL)
        PQclear(r);
    return rc;
}

/* The apply table's old column i ("$o<i>") or new column ("$n<i>"). */
static void w_applycol(wbuf *b, const char *alias, char which, int i)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%s.\"$%c%d\"", alias, which, i);
    w_put(b, buf);
}

/* <match>: target row t against apply row a, on the key or all columns. */
static void w_match(pg_writer *wr, wbuf *b)
{
    const eng_table_def *t = wr->spec->target;
    int n = wr->npk > 0 ? wr->npk : t->ncols;
    for (int i = 0; i < n; i++) {
        int c = wr->npk > 0 ? wr->pk[i] : i;
        w_put(b, " AND t.");
        w_ident(b, t->cols[c].name);
        w_put(b, wr->npk > 0 ? " = " : " IS NOT DISTINCT FROM ");
        w_applycol(b, "a", 'o', c);
    }
}

/* EW_APPLY preparation: the key, the temp table, the COPY columns. */
static eng_rc apply_begin(pg_writer *wr, eng_error *err)
{
    const eng_table_def *t = wr->spec->target;
    wbuf b = { 0 };
    eng_rc rc;

    if ((rc = load_pk(wr, err)) != ENG_OK)
        return rc;
    w_put(&b, "CREATE TEMP TABLE \"mesh$apply\" ON COMMIT DROP AS SELECT "
              "0::int4 AS \"$act\"");
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < t->ncols; i++) {
            w_put(&b, ", ");
            w_ident(&b, t->cols[i].name);
            w_fmt(&b, pass ? " AS \"$n%d\"" : " AS \"$o%d\"", i, 0);
        }
    w_put(&b, " FROM ");
    w_table(&b, wr->spec->schema, wr->spec->table);
    w_put(&b, " WITH NO DATA");
    rc = wrun(wr, &b, NULL, err);
    eng_sb_free(&b);
    if (rc != ENG_OK)
        return rc;
    wr->ncols = 1 + 2 * t->ncols;
    wr->cols = eng_calloc((size_t)wr->ncols, sizeof *wr->cols);
    if (!wr->cols)
        return eng_err_oom(err);
    wr->cols[0] = (pg_copy_col){ PG_OID_INT4, -1, eng_type_make(ENG_T_INTEGER),
                                 "$act" };
    for (int i = 0; i < t->ncols; i++) {
        const eng_column_def *c = &t->cols[i];
        pg_copy_col cc = { c->remote_type, c->remote_typmod, c->type,
                           c->name };
        wr->cols[1 + i] = cc;
        wr->cols[1 + t->ncols + i] = cc;
    }
    return ENG_OK;
}

/* COPY <target> (cols) FROM STDIN (FORMAT binary); waits for COPY IN. */
static eng_rc start_copy(pg_writer *wr, eng_error *err)
{
    const eng_write_spec *s = wr->spec;
    wbuf b = { 0 };
    PGresult *r;
    eng_rc rc;

    w_put(&b, "COPY ");
    if (s->kind == EW_APPLY) {
        w_put(&b, "\"mesh$apply\"");
    } else {
        w_table(&b, s->schema, s->table);
        w_put(&b, " (");
        for (int i = 0; i < s->ncols; i++) {
            if (i)
                w_put(&b, ", ");
            w_ident(&b, s->cols[i].name);
        }
        w_put(&b, ")");
    }
    w_put(&b, " FROM STDIN (FORMAT binary)");
    if (b.oom)
        return eng_err_oom(err);
    if (!PQsendQuery(wr->conn, eng_sb_text(&b))) {
        eng_sb_free(&b);
        return pg_session_error(wr->st, wr->conn, NULL, err);
    }
    eng_sb_free(&b);
    if ((rc = pg_io_flush(wr->st, wr->conn, &wr->wait, err)) != ENG_OK ||
        (rc = pg_io_await(wr->st, wr->conn, &wr->wait, err)) != ENG_OK)
        return rc;
    r = PQgetResult(wr->conn);
    if (r && PQresultStatus(r) == PGRES_COPY_IN) {
        PQclear(r);
        return pg_copy_encode_header(&wr->buf, err);
    }
    rc = pg_session_error(wr->st, wr->conn, r, err);
    PQclear(r);
    return rc;
}

/*
 * Takes the writer's connection and prepares it: BEGIN (outside a
 * transaction), the table or temp table, and the start of the COPY. On
 * failure the caller frees wr, which drops the connection (the server
 * rolls back).
 */
static eng_rc writer_start(pg_writer *wr, eng_error *err)
{
    pg_state *st = wr->st;
    const eng_write_spec *spec = wr->spec;
    eng_rc rc = ENG_OK;

    wr->started = true;
    if (wr->in_txn) {
        bool reused;
        if ((rc = pg_session_acquire(st, &wr->wait, &wr->conn, &reused,
                                     err)) != ENG_OK)
            return rc;
    }
    for (int attempt = 0; !wr->in_txn && attempt < 2; attempt++) {
        bool reused;
        wbuf b = { 0 };
        if ((rc = pg_session_acquire(st, &wr->wait, &wr->conn, &reused,
                                     err)) != ENG_OK)
            return rc;
        w_put(&b, "BEGIN");
        rc = wrun(wr, &b, NULL, err);
        eng_sb_free(&b);
        if (rc == ENG_OK)
            break;
        /* a pooled connection that died meanwhile: once more, fresh */
        bool retry = reused && attempt == 0 && pg_session_broken(wr->conn);
        pg_session_drop(wr->st, wr->conn);
        wr->conn = NULL;
        if (!retry)
            return rc;
    }
    if (spec->kind == EW_CREATE_TABLE_AS) {
        wbuf b = { 0 };
        wr->ncols = spec->ncols;
        wr->cols = eng_calloc((size_t)(spec->ncols > 0 ? spec->ncols : 1),
                              sizeof *wr->cols);
        if (!wr->cols)
            rc = eng_err_oom(err);
        else
            rc = create_table_sql(st, spec, false, &b, wr->cols, err);
        if (rc == ENG_OK)
            rc = wrun(wr, &b, NULL, err);
        eng_sb_free(&b);
    } else if (spec->kind == EW_APPLY) {
        rc = apply_begin(wr, err);
    } else if (spec->kind == EW_INSERT) {
        wr->ncols = spec->ncols;
        wr->cols = eng_calloc((size_t)(spec->ncols > 0 ? spec->ncols : 1),
                              sizeof *wr->cols);
        if (!wr->cols)
            rc = eng_err_oom(err);
        for (int i = 0; rc == ENG_OK && i < spec->ncols; i++)
            wr->cols[i] = (pg_copy_col){ spec->cols[i].remote_type,
                                         spec->cols[i].remote_typmod,
                                         spec->cols[i].type,
                                         spec->cols[i].name };
    } else {
        rc = eng_err_set(err, ENG_ERR_INTERNAL, 0,
                         "write kind %d is not fed with rows",
                         (int)spec->kind);
    }
    if (rc == ENG_OK && (spec->kind != EW_CREATE_TABLE_AS || spec->with_data))
        rc = start_copy(wr, err);
    return rc;
}

/*
 * Begins a fed write (EW_INSERT, EW_CREATE_TABLE_AS, EW_APPLY): takes a
 * connection, BEGIN, the table or temp table, and starts the COPY. On
 * failure nothing is left open (the connection is dropped, the server
 * rolls back). Inside the catalog's transaction all of this waits for
 * the first rows (or the end): the scans feeding them begin after
 * write_begin, and one of the catalog's own tables must get the
 * transaction's connection before the COPY takes it.
 */
eng_rc pg_write_begin(void *state, const eng_write_spec *spec, void **w,
                      eng_error *err)
{
    pg_state *st = state;
    pg_writer *wr;
    eng_rc rc;

    *w = NULL;
    if ((rc = check_names(st, spec, err)) != ENG_OK)
        return rc;
    wr = eng_calloc(1, sizeof *wr);
    if (!wr)
        return eng_err_oom(err);
    wr->st = st;
    wr->spec = spec;
    wr->in_txn = st->txn != NULL || st->txn_lost;
    spec_wait(spec, &wr->wait);
    if (!wr->in_txn && (rc = writer_start(wr, err)) != ENG_OK) {
        writer_free(wr);
        return rc;
    }
    *w = wr;
    return ENG_OK;
}

/* Hands the buffered bytes to libpq and sends them (non-blocking). */
static eng_rc send_buf(pg_writer *wr, eng_error *err)
{
    size_t off = 0;
    while (off < wr->buf.len) {
        size_t n = wr->buf.len - off;
        if (n > PG_WRITE_CHUNK)
            n = PG_WRITE_CHUNK;
        int r = PQputCopyData(wr->conn, wr->buf.p + off, (int)n);
        if (r < 0)
            return pg_session_error(wr->st, wr->conn, NULL, err);
        if (r == 1)
            off += n;
        eng_rc rc = pg_io_flush(wr->st, wr->conn, &wr->wait, err);
        if (rc != ENG_OK)
            return rc;
        if (pg_session_broken(wr->conn))
            return pg_session_error(wr->st, wr->conn, NULL, err);
    }
    wr->buf.len = 0;
    return ENG_OK;
}

/* Encodes the rows of b; sends when the buffer passes PG_WRITE_CHUNK. */
eng_rc pg_write_batch(void *w, const eng_batch *b, eng_error *err)
{
    pg_writer *wr = w;
    eng_rc rc;
    if (!wr->started && (rc = writer_start(wr, err)) != ENG_OK)
        return rc;
    if (!wr->spec->with_data && wr->spec->kind == EW_CREATE_TABLE_AS)
        return ENG_OK;
    if ((rc = check_stop(wr, err)) != ENG_OK)
        return rc;
    for (int r = 0; r < b->nrows; r++) {
        rc = pg_copy_encode_row(&wr->buf, b, r, wr->cols, wr->ncols, err);
        if (rc != ENG_OK) {
            if (rc == ENG_ERROR && err) {
                char msg[ENG_ERR_MSG_MAX], state[6];
                memcpy(msg, err->message, sizeof msg);
                memcpy(state, err->sqlstate, sizeof state);
                eng_err_set(err, state, 0, "Catalog '%s': %s", wr->st->name,
                            msg);
                eng_err_set_source(err, wr->st->name);
            }
            return rc;
        }
        if (wr->buf.len >= PG_WRITE_CHUNK && (rc = send_buf(wr, err)))
            return rc;
    }
    return ENG_OK;
}

/* Ends the COPY and reads its result: *n rows copied. */
static eng_rc end_copy(pg_writer *wr, int64_t *n, eng_error *err)
{
    PGresult *r, *bad = NULL;
    eng_rc rc;
    *n = 0;
    if ((rc = pg_copy_encode_trailer(&wr->buf, err)) != ENG_OK ||
        (rc = send_buf(wr, err)) != ENG_OK)
        return rc;
    for (;;) {
        int x = PQputCopyEnd(wr->conn, NULL);
        if (x < 0)
            return pg_session_error(wr->st, wr->conn, NULL, err);
        if ((rc = pg_io_flush(wr->st, wr->conn, &wr->wait, err)) != ENG_OK)
            return rc;
        if (x == 1)
            break;
    }
    for (;;) {
        if ((rc = pg_io_await(wr->st, wr->conn, &wr->wait, err)) != ENG_OK) {
            PQclear(bad);
            return rc;
        }
        if ((r = PQgetResult(wr->conn)) == NULL)
            break;
        if (PQresultStatus(r) != PGRES_COMMAND_OK && !bad) {
            bad = r;
        } else {
            if (!bad)
                *n = strtoll(PQcmdTuples(r), NULL, 10);
            PQclear(r);
        }
        if (pg_session_broken(wr->conn))
            break;
    }
    if (bad || pg_session_broken(wr->conn)) {
        rc = pg_session_error(wr->st, wr->conn, bad, err);
        PQclear(bad);
        return rc;
    }
    return ENG_OK;
}

/* The EW_APPLY statements after the rows are loaded; *n rows changed. */
static eng_rc apply_end(pg_writer *wr, int64_t *n, eng_error *err)
{
    const eng_write_spec *s = wr->spec;
    const eng_table_def *t = s->target;
    int64_t k = 0;
    eng_rc rc = ENG_OK;
    wbuf b = { 0 };

    *n = 0;
    if (s->match_check) {
        int nk = wr->npk > 0 ? wr->npk : t->ncols;
        w_put(&b, "SELECT 1 FROM \"mesh$apply\" a WHERE a.\"$act\" IN (1, 2) "
                  "GROUP BY ");
        for (int i = 0; i < nk; i++) {
            if (i)
                w_put(&b, ", ");
            w_applycol(&b, "a", 'o', wr->npk > 0 ? wr->pk[i] : i);
        }
        w_put(&b, " HAVING count(*) > 1 LIMIT 1");
        rc = wrun(wr, &b, &k, err);
        if (rc == ENG_OK && k > 0) {
            eng_err_set(err, ENG_ERR_CARDINALITY_VIOLATION, 0,
                        "Catalog '%s': One MERGE target table row matched "
                        "more than one source row", wr->st->name);
            eng_err_set_source(err, wr->st->name);
            rc = ENG_ERROR;
        }
        eng_sb_free(&b);
    }
    if (rc == ENG_OK) {
        w_put(&b, "DELETE FROM ");
        w_table(&b, s->schema, s->table);
        w_put(&b, " t USING \"mesh$apply\" a WHERE a.\"$act\" = 2");
        w_match(wr, &b);
        rc = wrun(wr, &b, &k, err);
        *n += k;
        eng_sb_free(&b);
    }
    if (rc == ENG_OK) {
        w_put(&b, "UPDATE ");
        w_table(&b, s->schema, s->table);
        w_put(&b, " t SET ");
        for (int i = 0; i < t->ncols; i++) {
            if (i)
                w_put(&b, ", ");
            w_ident(&b, t->cols[i].name);
            w_put(&b, " = ");
            w_applycol(&b, "a", 'n', i);
        }
        w_put(&b, " FROM \"mesh$apply\" a WHERE a.\"$act\" = 1");
        w_match(wr, &b);
        rc = wrun(wr, &b, &k, err);
        *n += k;
        eng_sb_free(&b);
    }
    if (rc == ENG_OK) {
        w_put(&b, "INSERT INTO ");
        w_table(&b, s->schema, s->table);
        w_put(&b, " (");
        for (int i = 0; i < t->ncols; i++) {
            if (i)
                w_put(&b, ", ");
            w_ident(&b, t->cols[i].name);
        }
        w_put(&b, ") SELECT ");
        for (int i = 0; i < t->ncols; i++) {
            if (i)
                w_put(&b, ", ");
            w_applycol(&b, "a", 'n', i);
        }
        w_put(&b, " FROM \"mesh$apply\" a WHERE a.\"$act\" = 3");
        rc = wrun(wr, &b, &k, err);
        *n += k;
    }
    eng_sb_free(&b);
    return rc;
}

/*
 * Ends a fed write: on commit, the end of the COPY, the EW_APPLY
 * statements and COMMIT, then the connection goes back to the pool;
 * otherwise (or on any failure) the connection is dropped and the server
 * rolls the transaction back. Frees w.
 */
eng_rc pg_write_end(void *w, bool commit, int64_t *rows, eng_error *err)
{
    pg_writer *wr = w;
    const eng_write_spec *s;
    eng_rc rc = ENG_OK;
    int64_t n = 0;

    *rows = 0;
    if (!wr)
        return ENG_OK;
    s = wr->spec;
    if (!commit) {
        writer_free(wr);
        return ENG_OK;
    }
    if (!wr->started)
        rc = writer_start(wr, err);
    if (rc == ENG_OK && (rc = check_stop(wr, err)) == ENG_OK &&
        (s->kind != EW_CREATE_TABLE_AS || s->with_data))
        rc = end_copy(wr, &n, err);
    if (rc == ENG_OK && s->kind == EW_APPLY)
        rc = apply_end(wr, &n, err);
    if (rc == ENG_OK && (rc = check_stop(wr, err)) == ENG_OK) {
        /* inside a transaction the statement ends without COMMIT; its
         * temp table goes now, as the next apply makes it again */
        wbuf b = { 0 };
        if (!wr->in_txn) {
            /* once COMMIT is sent, a cancel no longer interrupts: the
             * outcome is the server's (see pg_write_exec) */
            w_put(&b, "COMMIT");
            wr->wait.cancelled = NULL;
        } else if (s->kind == EW_APPLY) {
            w_put(&b, "DROP TABLE \"mesh$apply\"");
        }
        if (b.len > 0 || b.oom)
            rc = wrun(wr, &b, NULL, err);
        eng_sb_free(&b);
    }
    if (rc == ENG_OK) {
        pg_session_release(wr->st, wr->conn);
        wr->conn = NULL;
        *rows = n;
    }
    writer_free(wr);
    return rc;
}
