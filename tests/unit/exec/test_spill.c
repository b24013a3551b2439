/*
 * tests/unit/exec/test_spill.c
 *   Spilling past the memory limit (exec/spill.c): a sort under a tiny
 *   QueryMemoryLimit writes sorted runs to temporary files and merges
 *   them, giving exactly the rows of the unlimited run (NULLS FIRST/LAST,
 *   DESC, duplicates in input order, strings, doubles, decimals, dates,
 *   arrays; more runs than one merge takes); EXPLAIN ANALYZE shows the
 *   runs; spill=false keeps 53200; an unusable spill directory gives
 *   53100 naming it; no spill file stays open after the statement, after
 *   an error or after a cancel; the spill file format round trip and its
 *   damage checks; the properties spill and spill_directory.
 * Not here: the limit itself (test_mem_limit.c), the ODBC keys
 *   (tests/odbc/test_spill.c).
 */
#include <dirent.h>
#include <pthread.h>
#include <unistd.h>
#include "exec_test_util.h"
#include "../test_connector.h"
#include "sql_harness.h"
#include "engine/exec/exec_int.h"
#include "engine/session/session.h"

static eng_conn *C;
static tc_catalog *CAT;
#define NROWS 50000

static int setup(void **state)
{
    (void)state;
    A = eng_arena_create();
    CAT = tc_catalog_new();
    tc_table *t = tc_add_table(CAT, "s", "t", 6,
        (tc_colspec[]){ tc_col("id", ENG_T_INTEGER), tc_col("g", ENG_T_INTEGER),
                        tc_col("name", ENG_T_VARCHAR),
                        tc_col("d", ENG_T_DOUBLE), tc_col("day", ENG_T_DATE),
                        tc_col("amt", ENG_T_DECIMAL) });
    static char names[NROWS][24];
    for (int i = 0; i < NROWS; i++) {
        /* skewed, duplicated keys and NULLs: g has 7 values plus NULL,
         * name repeats every 9973 rows */
        snprintf(names[i], sizeof names[i], "name-%05d-x", (i * 37) % 9973);
        tc_add_row(t, tc_int(i), i % 11 == 0 ? tc_null(ENG_T_INTEGER)
                                             : tc_int(i % 7),
                   i % 13 == 0 ? tc_null(ENG_T_VARCHAR) : tc_str(names[i]),
                   tc_double((double)((i * 7919) % 1000) / 8.0),
                   tc_date(2020 + i % 5, 1 + i % 12, 1 + i % 28),
                   i % 17 == 0 ? tc_null(ENG_T_DECIMAL)
                               : tc_dec((i * 31) % 100000, 12, 2));
    }
    C = sh_open(CAT, "m", "s");
    /* The self-joins here would read t once through a shared scan
     * (rule shared_scan), whose buffer does not spill: with the test
     * connector's unknown row estimate the rule assumes a small table
     * and shares, and at this file's 512 kB limit the buffer ends the
     * query with 53200. Spilling is what is tested here; sharing under
     * a limit is test_spool's. */
    C->opt_off |= SESS_OPT_SHARED_SCAN;
    return 0;
}

static int teardown(void **state)
{
    sh_close();
    return tu_teardown(state);
}

/* True when a descriptor's link names a spill file: a file without a
 * name (O_TMPFILE: "/tmp/#123 (deleted)") or an unlinked mkstemp one. */
static bool spill_link(const char *l)
{
    return strstr(l, "meshodbc-spill-") || strstr(l, "(deleted)");
}

/* Open descriptors of this process naming a spill file. */
static int open_spill_files(void)
{
    int n = 0;
    DIR *d = opendir("/proc/self/fd");
    if (!d)
        return 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        char p[300], l[512];
        snprintf(p, sizeof p, "/proc/self/fd/%s", e->d_name);
        ssize_t k = readlink(p, l, sizeof l - 1);
        if (k > 0) {
            l[k] = '\0';
            n += spill_link(l);
        }
    }
    closedir(d);
    return n;
}

/* Files left in dir (the spill files are unlinked when made). */
static int files_in(const char *dir)
{
    int n = 0;
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)))
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

static const char *const SORTS[] = {
    "select id, g, name from t order by g, name",
    "select id, g, name from t order by g desc nulls first, name desc",
    "select id, name from t order by name nulls first",
    "select id, d from t order by d desc, id",
    "select id, day, amt from t order by amt nulls first, day desc",
    "select g, id from t order by g",   /* ties: input order kept */
    /* no NULL element: ordering arrays where a NULL element decides is
     * refused as Trino refuses it (0A000) */
    "select id, array[coalesce(g, 7), id % 5] from t "
    "order by array[coalesce(g, 7), id % 5] desc, id",
};
#define NSORTS (sizeof SORTS / sizeof SORTS[0])

/* Each sort under a limit far below its input gives the unlimited run's
 * rows, in the same order, and leaves no file open. */
static void test_sort_spills(void **state)
{
    (void)state;
    for (size_t i = 0; i < NSORTS; i++) {
        C->mem_limit = 0;
        char *want = sh_text(SORTS[i]);
        assert_false(tu_starts(want, "ERR"));
        C->mem_limit = 512 * 1024;
        char *got = sh_text(SORTS[i]);
        if (strcmp(got, want))
            fail_msg("%s: spilled run differs (%.200s)", SORTS[i], got);
        assert_int_equal(open_spill_files(), 0);
    }
    C->mem_limit = 0;
}

static const char *const AGGS[] = {
    "select name, count(*), sum(id), min(d), max(day) from t group by name "
    "order by name",
    "select g, name, count(*), avg(amt), max(name) from t group by g, name "
    "order by g, name",
    "select id / 4, count(distinct g), max_by(name, d), "
    "arbitrary(g is null) from t group by id / 4 order by 1",
    "select id / 3, array_agg(id order by id desc), listagg(cast(g as "
    "varchar), ',') within group (order by id), approx_percentile(d, 0.5) "
    "from t group by id / 3 order by 1",
    "select id, g from (select id, g, count(*) c from t group by id, g) x "
    "order by id",
    "select amt, count(*) from t group by amt order by amt nulls first",
    "select g, count(*) from (select id, g from t group by id, g) x "
    "group by g order by g",
};
#define NAGGS (sizeof AGGS / sizeof AGGS[0])

/* Each grouping under a limit far below its groups gives the unlimited
 * run's rows (spilled in partitions, recursively), and leaves no file
 * open. */
static void test_agg_spills(void **state)
{
    (void)state;
    for (size_t i = 0; i < NAGGS; i++) {
        C->mem_limit = 0;
        char *want = sh_text(AGGS[i]);
        if (tu_starts(want, "ERR"))
            fail_msg("%s: %s", AGGS[i], want);
        C->mem_limit = 512 * 1024;
        char *got = sh_text(AGGS[i]);
        if (strcmp(got, want))
            fail_msg("%s: spilled run differs (%.300s)", AGGS[i], got);
        assert_int_equal(open_spill_files(), 0);
    }
    /* groups that all come early: their own state cannot spill */
    char *r = sh_text("select g, array_agg(id order by id desc) from t "
                      "group by g");
    if (!tu_starts(r, "ERR 53200 Query exceeded the memory limit of 524288 "
                      "bytes (QueryMemoryLimit) in array_agg (the rows of "
                      "groups in memory do not spill)"))
        fail_msg("got %.300s", r);
    r = sh_text("select g, count(distinct id) from t group by g");
    if (!tu_starts(r, "ERR 53200 Query exceeded the memory limit of 524288 "
                      "bytes (QueryMemoryLimit) in aggregation DISTINCT set "
                      "(the values of groups in memory do not spill)"))
        fail_msg("got %.300s", r);
    assert_int_equal(open_spill_files(), 0);
    char *plan = sh_text("explain analyze select name, count(*) from t "
                         "group by name");
    const char *agg = strstr(plan, "Aggregate");
    if (!agg || !strstr(agg, "spilled: "))
        fail_msg("no spill on the aggregation: %s", plan);
    C->mem_limit = 0;
}

static const char *const JOINS[] = {
    "select count(*), sum(a.id - b.id), max(b.name), min(a.d + b.d) "
    "from t a join t b on a.id = b.id",
    "select count(*), count(b.id), sum(b.id), max(b.name) from t a left join "
    "(select * from t where id % 3 = 0) b on a.id = b.id",
    "select count(*), count(a.id), sum(a.id) from (select * from t where "
    "id % 5 = 0) a right join t b on a.id = b.id",
    "select count(*), count(a.id), count(b.id), sum(a.id), sum(b.id) from "
    "(select * from t where id % 2 = 0) a full join (select * from t where "
    "id % 3 = 0) b on a.id = b.id",
    /* NULL keys on both sides, duplicates: a key has up to 6 rows */
    "select count(*), count(a.id), count(b.id), sum(a.id), sum(b.id) from "
    "(select * from t where id < 30000) a full join (select * from t where "
    "id >= 15000) b on a.name = b.name",
    "select count(*), sum(a.id) from t a where a.id in "
    "(select id * 2 from t)",
    "select count(*), sum(a.id) from t a where not exists "
    "(select 1 from t b where b.id = a.id * 3)",
    "select count(*), sum(b.id), max(a.name) from t a join t b on "
    "a.name = b.name and a.id < b.id",
    "select count(*), sum(b.id) from t a left join t b on a.name = b.name "
    "and a.id + 13 = b.id",
    "select a.id, b.id, b.name from t a join t b on a.id = b.id + 1 "
    "where a.id % 97 = 0 order by a.id",
    "select count(*), sum(a.id) from t a join t b on a.id = b.id and "
    "a.g = b.g and a.name = b.name",
};
#define NJOINS (sizeof JOINS / sizeof JOINS[0])

/* Each join under a limit far below its build side gives the unlimited
 * run's rows (a grace hash join over pairs of files), every join type,
 * NULL keys, duplicates and residuals included; no file stays open. */
static void test_join_spills(void **state)
{
    (void)state;
    for (size_t i = 0; i < NJOINS; i++) {
        C->mem_limit = 0;
        char *want = sh_text(JOINS[i]);
        if (tu_starts(want, "ERR"))
            fail_msg("%s: %s", JOINS[i], want);
        C->mem_limit = 512 * 1024;
        char *got = sh_text(JOINS[i]);
        if (strcmp(got, want)) {
            char ex[600];
            snprintf(ex, sizeof ex, "explain %s", JOINS[i]);
            fail_msg("%s: spilled run differs (%.300s; want %.300s)\n%s",
                     JOINS[i], got, want, sh_text(ex));
        }
        assert_int_equal(open_spill_files(), 0);
        char ex[600];
        snprintf(ex, sizeof ex, "explain analyze %s", JOINS[i]);
        char *plan = sh_text(ex);
        const char *jn = strstr(plan, "Join");
        if (getenv("SPILL_SHOW"))
            fprintf(stderr, "%s\n", plan);
        if (!jn || !strstr(jn, "spilled: "))
            fail_msg("%s: the join did not spill:\n%s", JOINS[i], plan);
    }
    char *plan = sh_text("explain analyze select count(*) from t a join t b "
                         "on a.id = b.id");
    const char *j = strstr(plan, "Join");
    if (!j || !strstr(j, "spilled: "))
        fail_msg("no spill on the join: %s", plan);
    C->mem_limit = 0;
}

/* Skewed keys: a build whose one key holds most rows splits down to the
 * depth bound; under a limit that key's rows fit, the rows equal the
 * unlimited run's; under one they cannot, 53200 as without spilling. */
static void test_join_skew(void **state)
{
    (void)state;
    const char *q = "select count(*), sum(b.id), max(b.name) from (select * "
                    "from t where id < 40) a join (select id, name, "
                    "case when id % 10 = 0 then id else 1 end k from t) b "
                    "on a.g = b.k";
    assert_string_equal(sh_text("set session build_side = false"), "");
    C->mem_limit = 0;
    char *want = sh_text(q);
    assert_false(tu_starts(want, "ERR"));
    C->mem_limit = 4 * 1024 * 1024;
    assert_string_equal(sh_text(q), want);
    C->mem_limit = 256 * 1024;
    char *r = sh_text(q);
    if (!tu_starts(r, "ERR 53200 Query exceeded the memory limit of 262144 "
                      "bytes (QueryMemoryLimit) in hash join"))
        fail_msg("got %.300s", r);
    assert_int_equal(open_spill_files(), 0);
    assert_string_equal(sh_text("reset session build_side"), "");
    C->mem_limit = 0;
}

/* More runs than one merge takes (64): merged in passes, same rows. */
static void test_sort_many_runs(void **state)
{
    (void)state;
    const char *q = "select id, name, x from t cross join (values 1, 2) "
                    "v(x) order by name desc, id, x desc";
    C->mem_limit = 0;
    char *want = sh_text(q);
    C->mem_limit = 256 * 1024;   /* a run per input batch or so */
    char *got = sh_text(q);
    assert_string_equal(got, want);
    char ex[256];
    snprintf(ex, sizeof ex, "explain analyze %s", q);
    char *plan = sh_text(ex);
    char *sp = strstr(plan, "spilled: ");
    if (!sp)
        fail_msg("no spill in EXPLAIN ANALYZE: %s", plan);
    assert_true(atoi(sp + 9) > 64);
    C->mem_limit = 0;
}

/* spill=false: the sort fails with 53200 as before; back on, it runs. */
static void test_spill_off(void **state)
{
    (void)state;
    C->mem_limit = 256 * 1024;
    assert_string_equal(sh_text("set session spill = false"), "");
    char *r = sh_text("select id from t order by name");
    assert_true(tu_starts(r, "ERR 53200 Query exceeded the memory limit of "
                             "262144 bytes (QueryMemoryLimit) in ORDER BY "
                             "sort"));
    assert_string_equal(sh_text("reset session spill"), "");
    r = sh_text("select count(*) from (select id from t order by name "
                "limit 100000) x");
    assert_string_equal(r, "50000\n");
    C->mem_limit = 0;
}

/* An unusable spill directory: 53100 naming it, nothing left open; the
 * session keeps working. A directory that works holds no file after the
 * statement. */
static void test_spill_directory(void **state)
{
    (void)state;
    C->mem_limit = 256 * 1024;
    assert_string_equal(sh_text("set session spill_directory = "
                                "'/nonexistent/meshodbc'"), "");
    char *r = sh_text("select id from t order by name");
    if (!tu_starts(r, "ERR 53100 Could not create a spill file in "
                      "/nonexistent/meshodbc"))
        fail_msg("got %s", r);
    assert_int_equal(open_spill_files(), 0);
    char dir[] = "/tmp/meshodbc-spilltest-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char set[128];
    snprintf(set, sizeof set, "set session spill_directory = '%s'", dir);
    assert_string_equal(sh_text(set), "");
    assert_string_equal(sh_text("select count(*) from (select id from t "
                                "order by name limit 100000) x"), "50000\n");
    assert_int_equal(files_in(dir), 0);
    assert_string_equal(C->spill_dir, dir);
    assert_string_equal(sh_text("reset session spill_directory"), "");
    assert_string_equal(C->spill_dir, "");
    rmdir(dir);
    /* a failure after spilling (22012 in the output) closes the runs */
    r = sh_text("select 1 / (id - 49999) from t order by name");
    assert_true(tu_starts(r, "ERR 22012"));
    assert_int_equal(open_spill_files(), 0);
    C->mem_limit = 0;
}

/* A cancel while the sort spills: HY008, no file left open. */
static void *cancel_soon(void *arg)
{
    eng_stmt *s = arg;
    usleep(20000);
    eng_cancel(s);
    return NULL;
}

static void test_spill_cancel(void **state)
{
    (void)state;
    C->mem_limit = 256 * 1024;
    eng_error err;
    eng_stmt *s = NULL;
    const char *q = "select a.id, a.name from t a cross join "
                    "(values 1, 2, 3, 4, 5, 6, 7, 8) v(x) order by a.name, v.x";
    assert_int_equal(eng_prepare(C, q, strlen(q), &s, &err), ENG_OK);
    pthread_t th;
    pthread_create(&th, NULL, cancel_soon, s);
    eng_rc rc = eng_execute(s, &err);
    const eng_batch *b = NULL;
    while (rc == ENG_OK && (rc = eng_fetch(s, &b, &err)) == ENG_OK && b)
        ;
    pthread_join(th, NULL);
    if (rc != ENG_OK)
        assert_string_equal(err.sqlstate, "HY008");
    eng_stmt_free(s);
    assert_int_equal(open_spill_files(), 0);
    C->mem_limit = 0;
}

/* sh_oom_each with a stride: allocation N fails for every N up to 64
 * (the statement's setup), then for about 150 points spread over the
 * rest. A spilling join over thousands of rows makes thousands of
 * allocations, and failing each in turn reruns the query that often:
 * quadratic, past 15 minutes under ASan. The stride still fails
 * allocations inside every phase (build, spill writes, partition passes,
 * reads back), each at a different offset in its batch loop. */
static void oom_strided(const char *sql)
{
    assert_int_equal(sh_run(sql, false), ENG_OK);
    char want[sizeof SH_OUT];
    strcpy(want, SH_OUT);
    eng_alloc_fail_at(0);
    assert_int_equal(sh_run(sql, false), ENG_OK);
    long total = eng_alloc_count();
    long step = total > 64 + 150 ? (total - 64) / 150 + 1 : 1;
    for (long nth = 1; nth <= total + 1; nth += nth < 64 ? 1 : step) {
        eng_alloc_fail_once(nth);
        eng_rc rc = sh_run(sql, false);
        eng_alloc_fail_at(0);
        if (rc == ENG_OK)
            assert_string_equal(SH_OUT, want);
        else if (strcmp(SH_ERR.sqlstate, "HY001"))
            fail_msg("%s: allocation %ld: %s %s", sql, nth, SH_ERR.sqlstate,
                     SH_ERR.message);
        assert_int_equal(open_spill_files(), 0);
    }
}

/* Allocation N failing, for N over every phase (oom_strided), while a
 * sort, an aggregation and a join spill: HY001 or the same rows, and no
 * spill file left open. */
static void test_spill_oom(void **state)
{
    (void)state;
    static const char *const qs[] = {
        "select id, name from t where id < 3000 order by name, id",
        "select name, count(*) from t where id < 4000 group by name",
        "select count(*), sum(b.id) from t a join (select id, name from t "
        "where id < 9000) b on a.id = b.id where a.id < 9000",
    };
    C->mem_limit = 256 * 1024;
    assert_string_equal(sh_text("set session build_side = false"), "");
    for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++) {
        char ex[300];
        snprintf(ex, sizeof ex, "explain analyze %s", qs[i]);
        char *plan = sh_text(ex);
        if (!strstr(plan, "spilled: "))
            fail_msg("%s does not spill: %s", qs[i], plan);
        oom_strided(qs[i]);
    }
    assert_string_equal(sh_text("reset session build_side"), "");
    assert_int_equal(open_spill_files(), 0);
    C->mem_limit = 0;
}

/* The file layer alone: a round trip of every kind of column, then a
 * damaged file is refused with 58030. */
static void test_spill_file(void **state)
{
    (void)state;
    eng_error err;
    exec_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.arena = eng_arena_create();
    ctx.err = &err;
    eng_type arrt;
    assert_int_equal(eng_type_array(eng_type_make(ENG_T_VARCHAR), &arrt, &err),
                     ENG_OK);
    eng_type types[4] = { eng_type_make(ENG_T_BIGINT), eng_type_make(ENG_T_VARCHAR),
                          arrt, eng_type_make(ENG_T_DOUBLE) };
    exec_spill *f;
    assert_int_equal(exec_spill_open(&ctx, 4, types, &f), ENG_OK);
    eng_batch *b = exec_batch_new(ctx.arena, 4, types, 3);
    b->nrows = 3;
    int64_t *iv = b->cols[0].data;
    eng_str *sv = b->cols[1].data;
    eng_arr *av = b->cols[2].data;
    double *dv = b->cols[3].data;
    for (int i = 0; i < 3; i++) {
        iv[i] = i * 1000000007LL;
        dv[i] = i / 3.0;
        eng_vec_set_valid(&b->cols[0], i, true);
        eng_vec_set_valid(&b->cols[3], i, i != 1);
    }
    sv[0] = (eng_str){ "hello", 5 };
    sv[2] = (eng_str){ "", 0 };
    eng_vec_set_valid(&b->cols[1], 0, true);
    eng_vec_set_valid(&b->cols[1], 2, true);
    eng_vector ev;
    assert_int_equal(eng_arr_new(ctx.arena, eng_type_make(ENG_T_VARCHAR), 2,
                                 &av[1], &ev, &err), ENG_OK);
    ((eng_str *)ev.data)[0] = (eng_str){ "x", 1 };
    eng_vec_set_valid(&ev, 0, true);
    eng_vec_set_valid(&b->cols[2], 1, true);
    for (int k = 0; k < 3; k++)
        assert_int_equal(exec_spill_write(f, b), ENG_OK);
    assert_int_equal(exec_spill_rewind(f), ENG_OK);
    eng_arena *ra = eng_arena_create();
    for (int k = 0; k < 3; k++) {
        eng_batch *r;
        assert_int_equal(exec_spill_read(f, ra, &r), ENG_OK);
        assert_non_null(r);
        assert_int_equal(r->nrows, 3);
        for (int i = 0; i < 3; i++) {
            assert_int_equal(((int64_t *)r->cols[0].data)[i], iv[i]);
            assert_int_equal(eng_vec_is_valid(&r->cols[3], i), i != 1);
            assert_int_equal(eng_vec_is_valid(&r->cols[1], i), i != 1);
            assert_int_equal(eng_vec_is_valid(&r->cols[2], i), i == 1);
        }
        assert_true(((double *)r->cols[3].data)[2] == 2 / 3.0);
        eng_str s0 = ((eng_str *)r->cols[1].data)[0];
        assert_int_equal(s0.len, 5);
        assert_memory_equal(s0.ptr, "hello", 5);
        eng_arr a1 = ((eng_arr *)r->cols[2].data)[1];
        assert_int_equal(a1.n, 2);
        eng_vector rv;
        eng_arr_view(eng_type_make(ENG_T_VARCHAR), a1, &rv);
        assert_true(eng_vec_is_valid(&rv, 0));
        assert_false(eng_vec_is_valid(&rv, 1));
        assert_memory_equal(((eng_str *)rv.data)[0].ptr, "x", 1);
    }
    eng_batch *end;
    assert_int_equal(exec_spill_read(f, ra, &end), ENG_OK);
    assert_null(end);
    exec_spill_close(f);

    /* a file cut short: 58030, never a read past the block */
    assert_int_equal(exec_spill_open(&ctx, 4, types, &f), ENG_OK);
    assert_int_equal(exec_spill_write(f, b), ENG_OK);
    assert_int_equal(exec_spill_rewind(f), ENG_OK);
    int64_t full = exec_spill_bytes(f);
    exec_spill_close(f);
    for (int64_t cut = 1; cut < full; cut += 7) {
        assert_int_equal(exec_spill_open(&ctx, 4, types, &f), ENG_OK);
        assert_int_equal(exec_spill_write(f, b), ENG_OK);
        assert_int_equal(exec_spill_rewind(f), ENG_OK);
        /* the descriptor is the only name: truncate through /proc */
        char p[64];
        int fd = -1;
        for (int k = 3; k < 1024 && fd < 0; k++) {
            char l[512];
            snprintf(p, sizeof p, "/proc/self/fd/%d", k);
            ssize_t n = readlink(p, l, sizeof l - 1);
            if (n > 0) {
                l[n] = '\0';
                if (spill_link(l))
                    fd = k;
            }
        }
        assert_true(fd >= 0);
        assert_int_equal(ftruncate(fd, cut), 0);
        eng_batch *r;
        assert_int_equal(exec_spill_read(f, ra, &r), ENG_ERROR);
        assert_string_equal(err.sqlstate, "58030");
        exec_spill_close(f);
    }
    eng_arena_destroy(ra);
    eng_arena_destroy(ctx.arena);
}

/* The share: nothing spills without a limit, with spilling off, or
 * below 64 kB. */
static void test_spill_due(void **state)
{
    (void)state;
    exec_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.spill = true;
    assert_false(exec_spill_due(&ctx, (int64_t)1 << 40));
    ctx.mem_limit = 1 << 20;
    assert_false(exec_spill_due(&ctx, 8 * 1024));
    assert_false(exec_spill_due(&ctx, 200 * 1024));
    assert_true(exec_spill_due(&ctx, 256 * 1024));
    ctx.mem_used = 800 * 1024;
    assert_true(exec_spill_due(&ctx, 20 * 1024));
    ctx.spill = false;
    assert_false(exec_spill_due(&ctx, 1 << 20));
}

int main(void)
{
    (void)tu_setup;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spill_file),
        cmocka_unit_test(test_spill_due),
        cmocka_unit_test(test_sort_spills),
        cmocka_unit_test(test_sort_many_runs),
        cmocka_unit_test(test_agg_spills),
        cmocka_unit_test(test_join_spills),
        cmocka_unit_test(test_join_skew),
        cmocka_unit_test(test_spill_off),
        cmocka_unit_test(test_spill_directory),
        cmocka_unit_test(test_spill_cancel),
        cmocka_unit_test(test_spill_oom),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
