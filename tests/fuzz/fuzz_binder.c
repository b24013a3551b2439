/*
 * tests/fuzz/fuzz_binder.c
 *   libFuzzer target: the whole statement path over arbitrary SQL, against
 *   three in-memory catalogs shaped like the jaffle_shop mesh: parse, bind,
 *   optimize (pushdown through the PostgreSQL deparser), then execute with
 *   a one-second deadline over a few rows (NULLs included).
 */
#include <stdint.h>
#include <stddef.h>
#include "engine.h"
#include "../unit/test_connector.h"

static eng_conn *conn;

/* Builds the session once; the catalogs stay for the process lifetime. */
static void setup(void)
{
    tc_catalog *cust = tc_catalog_new(), *ord = tc_catalog_new(), *pay = tc_catalog_new();
    tc_table *t = tc_add_table(cust, "public", "customers", 3,
        (tc_colspec[]){tc_col("id", ENG_T_INTEGER), tc_col("first_name", ENG_T_VARCHAR),
                       tc_col("last_name", ENG_T_VARCHAR)});
    tc_add_row(t, tc_int(1), tc_str("Michael"), tc_str("P."));
    tc_add_row(t, tc_int(2), tc_str("Shawn"), tc_null(ENG_T_VARCHAR));
    tc_add_row(t, tc_null(ENG_T_INTEGER), tc_str("O'Brien"), tc_str("Z."));
    t = tc_add_table(ord, "public", "orders", 4,
        (tc_colspec[]){tc_col("id", ENG_T_INTEGER), tc_col("user_id", ENG_T_INTEGER),
                       tc_col("order_date", ENG_T_DATE), tc_col("status", ENG_T_VARCHAR)});
    tc_add_row(t, tc_int(1), tc_int(1), tc_date(2018, 1, 1), tc_str("returned"));
    tc_add_row(t, tc_int(2), tc_int(3), tc_date(2018, 1, 2), tc_str("completed"));
    tc_add_row(t, tc_int(3), tc_null(ENG_T_INTEGER), tc_null(ENG_T_DATE), tc_str("placed"));
    t = tc_add_table(pay, "public", "payments", 4,
        (tc_colspec[]){tc_col("id", ENG_T_INTEGER), tc_col("order_id", ENG_T_INTEGER),
                       tc_col("payment_method", ENG_T_VARCHAR),
                       tc_col_t("amount", eng_type_decimal(10, 2))});
    tc_add_row(t, tc_int(1), tc_int(1), tc_str("credit_card"), tc_dec(1000, 10, 2));
    tc_add_row(t, tc_int(2), tc_int(2), tc_str("coupon"), tc_null(ENG_T_DECIMAL));
    tc_add_row(t, tc_int(3), tc_int(2), tc_str("gift_card"), tc_dec(-99999999, 10, 2));
    conn = tc_conn_new();
    tc_state *s1 = tc_state_new(cust), *s2 = tc_state_new(ord), *s3 = tc_state_new(pay);
    s1->shippable = eng_pg_connector.shippable;
    s1->deparse = eng_pg_connector.deparse;
    s2->shippable = eng_pg_connector.shippable;
    s2->deparse = eng_pg_connector.deparse;
    tc_conn_add_catalog(conn, "customersdb", &tc_connector_ops, s1);
    tc_conn_add_catalog(conn, "ordersdb", &tc_connector_ops, s2);
    tc_conn_add_catalog(conn, "paymentsdb", &tc_connector_ops, s3);
    eng_set_default(conn, "customersdb", "public", NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    eng_stmt *s = NULL;
    eng_error err;
    const eng_batch *b;
    if (!conn)
        setup();
    if (!conn)
        return 0;
    if (eng_prepare(conn, (const char *)data, size, &s, &err) != ENG_OK)
        return 0;
    eng_set_query_timeout(s, 1);
    if (eng_execute(s, &err) == ENG_OK) {
        int batches = 0;
        while (eng_fetch(s, &b, &err) == ENG_OK && b && ++batches < 64)
            ;
    }
    eng_stmt_free(s);
    /* USE may have changed the defaults: restore them */
    eng_set_default(conn, "customersdb", "public", NULL);
    return 0;
}
