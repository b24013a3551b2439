/*
 * tests/unit/exec/sql_harness.h
 *   The one harness for unit tests that run SQL end to end (parse, bind,
 *   optimize, execute) over the in-memory test connector: open a session
 *   on a tc_catalog, run a statement, render its rows as "a|b\n" text
 *   (eng_value_to_text), and the expectation macros built on that.
 * Interface: sh_open, sh_close, sh_teardown, sh_run (rows in SH_OUT, error
 *   in SH_ERR), sh_text (rows, or "ERR <state> <msg>"), sh_oom_loop,
 *   sh_oom_each,
 *   SH_Q, SH_QT, SH_QE, SH_QTEXT.
 * Not here: the catalogs and rows of each test (their setup), hand-made
 *   plans and operator trees (exec_test_util.h), the connector itself
 *   (tests/unit/test_connector.c).
 */
#ifndef SQL_HARNESS_H
#define SQL_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include "engine.h"
#include "tests/unit/test_connector.h"

#define SH_OUT_SIZE 8192

/* The rows (or nothing) of the last sh_run, truncated to SH_OUT_SIZE. */
extern char SH_OUT[SH_OUT_SIZE];
/* The error of the last sh_run. */
extern eng_error SH_ERR;

/* A session over cat registered as catalog `catalog`, default schema
 * `schema` (NULL: no default, names are qualified); it becomes the
 * session sh_run and sh_text use. */
eng_conn *sh_open(tc_catalog *cat, const char *catalog, const char *schema);
/* Closes the session of sh_open, frees the catalog it was given and the
 * texts sh_text returned. */
void sh_close(void);
/* A cmocka group teardown that is just sh_close. */
int sh_teardown(void **state);

/* Runs sql; SH_OUT gets the rows ("a|b\n" each), with want_type prefixed
 * by the first column's type name and ": ". Out of memory while
 * rendering is ENG_NOMEM / HY001 (the OOM loops count on it). */
eng_rc sh_run(const char *sql, bool want_type);
/* Runs sql; its rows as text of any length, or "ERR <state> <msg>"; the
 * text lives until sh_close. */
char *sh_text(const char *sql);

/* Allocation N failing through the whole statement path (parse, bind,
 * optimize, execute), N = 1, 2, ... until one attempt succeeds: each
 * attempt ends in HY001 or gives want_rows rows; afterwards sql gives
 * the same text as before the loop. */
void sh_oom_loop(const char *sql, int want_rows);
/* Allocation N alone failing (eng_alloc_fail_once), N = 1, 2, ... until
 * the statement no longer reaches allocation N: each attempt ends in
 * HY001 or gives the same rows as a run without failure. */
void sh_oom_each(const char *sql);

/* Asserts that sql returns exactly `rows`. */
#define SH_Q(sql, rows) do { \
        if (sh_run(sql, false) != ENG_OK) \
            fail_msg("%s: %s %s", sql, SH_ERR.sqlstate, SH_ERR.message); \
        if (strcmp(SH_OUT, rows)) \
            fail_msg("%s:\n got '%s'\nwant '%s'", sql, SH_OUT, rows); \
    } while (0)
/* Asserts the type of the first column and the rows ("type: rows"). */
#define SH_QT(sql, text) do { \
        if (sh_run(sql, true) != ENG_OK) \
            fail_msg("%s: %s %s", sql, SH_ERR.sqlstate, SH_ERR.message); \
        if (strcmp(SH_OUT, text)) \
            fail_msg("%s:\n got '%s'\nwant '%s'", sql, SH_OUT, text); \
    } while (0)
/* Asserts that sql fails with `state` and a message containing msg. */
#define SH_QE(sql, state, msg) do { \
        if (sh_run(sql, false) == ENG_OK) \
            fail_msg("%s: expected %s, got '%s'", sql, state, SH_OUT); \
        if (strcmp(SH_ERR.sqlstate, state) || !strstr(SH_ERR.message, msg)) \
            fail_msg("%s: got %s %s, want %s '%s'", sql, SH_ERR.sqlstate, \
                     SH_ERR.message, state, msg); \
    } while (0)
/* Asserts sh_text(sql): the rows, or "ERR <state> <msg>" when it fails. */
#define SH_QTEXT(sql, want) assert_string_equal(sh_text(sql), want)

#endif
