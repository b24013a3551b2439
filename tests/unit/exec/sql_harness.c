/*
 * tests/unit/exec/sql_harness.c
 *   Runs SQL through the engine over the in-memory test connector and
 *   renders the rows as text, for the end-to-end unit tests.
 * Interface: sql_harness.h.
 * Not here: the expectations themselves (the test_*.c that link this).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sql_harness.h"

char SH_OUT[SH_OUT_SIZE];
eng_error SH_ERR;

static eng_conn *conn;        /* the session of sh_open */
static tc_catalog *owned;     /* its catalog, freed by sh_close */
static eng_arena *texts;      /* what sh_text returned, until sh_close */

eng_conn *sh_open(tc_catalog *cat, const char *catalog, const char *schema)
{
    owned = cat;
    conn = tc_conn_new();
    tc_conn_add_catalog(conn, catalog, &tc_connector_ops, tc_state_new(cat));
    if (schema)
        eng_set_default(conn, catalog, schema, NULL);
    texts = eng_arena_create();
    return conn;
}

void sh_close(void)
{
    eng_close(conn);
    conn = NULL;
    tc_catalog_free(owned);
    owned = NULL;
    eng_arena_destroy(texts);
    texts = NULL;
}

int sh_teardown(void **state)
{
    (void)state;
    sh_close();
    return 0;
}

/* The bytes allocated for a text of `used` bytes with its NUL: powers of
 * two from 64. Growing by doubling keeps appending linear: a realloc per
 * cell copied the whole text each time under ASan (whose realloc always
 * moves), minutes for the 50,000-row results of test_spill. */
static size_t cap_of(size_t used)
{
    size_t c = 64;
    while (c < used)
        c *= 2;
    return c;
}

/* Appends s to the malloc'd *buf of *len bytes (cap_of(*len + 1)
 * allocated). */
static void append(char **buf, size_t *len, const char *s)
{
    size_t n = strlen(s);
    if (cap_of(*len + n + 1) > cap_of(*len + 1)) {
        *buf = realloc(*buf, cap_of(*len + n + 1));
        assert_non_null(*buf);
    }
    memcpy(*buf + *len, s, n + 1);
    *len += n;
}

/* Runs sql; *text (malloc'd) gets the rows, *err the error. */
static eng_rc run_text(const char *sql, bool want_type, char **text,
                       eng_error *err)
{
    eng_stmt *s = NULL;
    const eng_batch *b;
    size_t len = 0;
    *text = calloc(1, cap_of(1));
    assert_non_null(*text);
    memset(err, 0, sizeof *err);
    eng_rc rc = eng_prepare(conn, sql, strlen(sql), &s, err);
    if (rc == ENG_OK && want_type) {
        char buf[64];
        append(text, &len, eng_type_name(eng_stmt_column(s, 0)->type, buf,
                                         sizeof buf));
        append(text, &len, ": ");
    }
    if (rc == ENG_OK)
        rc = eng_execute(s, err);
    while (rc == ENG_OK && (rc = eng_fetch(s, &b, err)) == ENG_OK && b) {
        /* rendering allocates too (the OOM loops): out of memory here is
         * HY001 like anywhere else */
        eng_arena *a = eng_arena_create();
        for (int r = 0; a && rc == ENG_OK && r < b->nrows; r++)
            for (int c = 0; c < b->ncols; c++) {
                eng_value v;
                eng_batch_get(b, c, r, &v);
                const char *txt = eng_value_to_text(a, &v);
                if (!txt) {
                    rc = eng_err_oom(err);
                    break;
                }
                append(text, &len, txt);
                append(text, &len, c + 1 < b->ncols ? "|" : "\n");
            }
        if (!a)
            rc = eng_err_oom(err);
        eng_arena_destroy(a);
    }
    if (s)
        eng_stmt_free(s);
    return rc;
}

eng_rc sh_run(const char *sql, bool want_type)
{
    char *text;
    eng_rc rc = run_text(sql, want_type, &text, &SH_ERR);
    snprintf(SH_OUT, sizeof SH_OUT, "%s", text);
    free(text);
    return rc;
}

char *sh_text(const char *sql)
{
    char *text;
    eng_error err;
    eng_rc rc = run_text(sql, false, &text, &err);
    char *r = rc == ENG_OK ? eng_arena_strdup(texts, text)
                           : eng_arena_sprintf(texts, "ERR %s %s",
                                               err.sqlstate, err.message);
    free(text);
    assert_non_null(r);
    return r;
}

void sh_oom_loop(const char *sql, int want_rows)
{
    char *want = sh_text(sql);
    bool ok = false;
    for (long k = 1; k < 5000 && !ok; k++) {
        eng_alloc_fail_at(k);
        eng_stmt *s = NULL;
        eng_error err;
        memset(&err, 0, sizeof err);
        eng_rc rc = eng_prepare(conn, sql, strlen(sql), &s, &err);
        if (rc == ENG_OK)
            rc = eng_execute(s, &err);
        int rows = 0;
        while (rc == ENG_OK) {
            const eng_batch *b;
            rc = eng_fetch(s, &b, &err);
            if (rc != ENG_OK || !b)
                break;
            rows += b->nrows;
        }
        if (s)
            eng_stmt_free(s);
        eng_alloc_fail_at(0);
        if (rc != ENG_OK) {
            assert_string_equal(err.sqlstate, "HY001");
            continue;
        }
        assert_int_equal(rows, want_rows);
        ok = true;
    }
    assert_true(ok);
    assert_string_equal(sh_text(sql), want);
}

void sh_oom_each(const char *sql)
{
    assert_int_equal(sh_run(sql, false), ENG_OK);
    char want[sizeof SH_OUT];
    strcpy(want, SH_OUT);
    for (long nth = 1;; nth++) {
        eng_alloc_fail_once(nth);
        eng_rc rc = sh_run(sql, false);
        long used = eng_alloc_count();
        eng_alloc_fail_at(0);
        if (rc == ENG_OK) {
            assert_string_equal(SH_OUT, want);
            if (used < nth)
                break;         /* the failure point was never reached */
        } else if (strcmp(SH_ERR.sqlstate, "HY001")) {
            fail_msg("%s: allocation %ld: %s %s", sql, nth, SH_ERR.sqlstate,
                     SH_ERR.message);
        }
    }
}
