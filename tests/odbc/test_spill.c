/*
 * tests/odbc/test_spill.c
 *   Spilling through the driver manager (engine/exec/spill.c): queries
 *   whose sort, aggregation and join hold more than the connection's
 *   QueryMemoryLimit, which ended with 53200 before spilling, now give
 *   the rows they give without a limit; with the session property spill
 *   off they end with 53200 again; SpillDirectory names where the files
 *   go (53100 naming it when unusable), and none is left there.
 * Not here: the operators' spilling in detail (tests/unit/exec/
 *   test_spill.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <unistd.h>
#include <cmocka.h>

#include "odbc_util.h"

/* Big enough against a 256 kB limit: 99 orders x 113 payments rows. */
static const char *const QUERIES[] = {
    "select o.id, p.id, p.amount from ordersdb.public.orders o cross join "
    "paymentsdb.public.payments p order by p.amount desc, o.id, p.id",
    "select o.id * 1000 + p.id, count(*), sum(p.amount), max(o.status) "
    "from ordersdb.public.orders o cross join paymentsdb.public.payments p "
    "group by 1 order by 1",
    "select count(*), sum(x.a) from (select o.id * 1000 + p.id k, p.amount a "
    "from ordersdb.public.orders o cross join paymentsdb.public.payments p) x "
    "join (select o.id * 1000 + p.id k from ordersdb.public.orders o cross "
    "join paymentsdb.public.payments p where p.id % 2 = 0) y on x.k = y.k",
};
#define NQ (sizeof QUERIES / sizeof QUERIES[0])

static int files_in(const char *dir)
{
    int n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    struct dirent *e;
    while ((e = readdir(d)))
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

static void test_spill_odbc(void **state)
{
    (void)state;
    ou_conn free_c, lim;
    ou_diag d;
    char cs[1024];
    char dir[] = "/tmp/meshodbc-odbcspill-XXXXXX";
    assert_non_null(mkdtemp(dir));
    snprintf(cs, sizeof cs, "%sQueryMemoryLimit=0", OU_DSN);
    assert_true(SQL_SUCCEEDED(ou_connect(&free_c, cs, &d)));
    snprintf(cs, sizeof cs, "%sQueryMemoryLimit=256k;SpillDirectory=%s",
             OU_DSN, dir);
    assert_true(SQL_SUCCEEDED(ou_connect(&lim, cs, &d)));
    for (size_t i = 0; i < NQ; i++) {
        char *want = ou_rows_text(&free_c, QUERIES[i], &d);
        if (!want)
            fail_msg("%s: %s %s", QUERIES[i], d.sqlstate, d.message);
        /* before spilling: 53200 */
        OU_EXEC(&lim, "set session spill = false");
        OU_EXPECT_ERROR(&lim, QUERIES[i], "53200", "262144 bytes");
        OU_EXEC(&lim, "reset session spill");
        OU_EXPECT_ROWS(&lim, QUERIES[i], want);
        assert_int_equal(files_in(dir), 0);
        free(want);
    }
    /* EXPLAIN ANALYZE names the runs */
    char ex[1024];
    snprintf(ex, sizeof ex, "explain analyze %s", QUERIES[0]);
    char *plan = ou_rows_text(&lim, ex, &d);
    assert_non_null(plan);
    if (!strstr(plan, "spilled: "))
        fail_msg("no spill in %s", plan);
    free(plan);
    ou_disconnect(&lim);
    rmdir(dir);
    /* an unusable directory: 53100 naming it; the connection goes on */
    snprintf(cs, sizeof cs, "%sQueryMemoryLimit=256k;"
             "SpillDirectory=/nonexistent/meshodbc-spill", OU_DSN);
    assert_true(SQL_SUCCEEDED(ou_connect(&lim, cs, &d)));
    OU_EXPECT_ERROR(&lim, QUERIES[0], "53100", "/nonexistent/meshodbc-spill");
    OU_EXPECT_ROWS(&lim, "select count(*) from ordersdb.public.orders", "99\n");
    ou_disconnect(&lim);
    ou_disconnect(&free_c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spill_odbc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
