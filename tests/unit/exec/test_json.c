/*
 * tests/unit/exec/test_json.c
 *   Trino's json type end to end through the engine (parse, bind,
 *   optimize, execute) over the in-memory test connector: JSON literals
 *   and json_parse (the canonical text), casts both ways with Trino's
 *   errors, = / GROUP BY / DISTINCT / joins on json and the refusal of
 *   ordering, and the JSON functions (json_extract, json_extract_scalar,
 *   json_size, json_array_*, is_json_scalar, json_format) over json and
 *   varchar arguments, with invalid JSONPaths.
 * Interface: main (cmocka).
 * Not here: PostgreSQL json/jsonb columns and ODBC (tests/odbc/test_binary.c),
 *   agreement with a real Trino (tests/sql/differential.sql).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "engine.h"
#include "tests/unit/test_connector.h"
#include "sql_harness.h"

#define Q SH_Q
#define QT SH_QT
#define QE SH_QE

static tc_catalog *CAT;

static eng_value js(const char *text)
{
    eng_value v = tc_str(text);
    v.type = eng_type_make(ENG_T_JSON);
    return v;
}

/* j(i integer, j json, t varchar): canonical json values (as a
 * connector hands them over), their texts with blanks, a NULL. */
static int setup(void **state)
{
    (void)state;
    CAT = tc_catalog_new();
    tc_table *t = tc_add_table(CAT, "public", "j", 3,
        (tc_colspec[]){ tc_col("i", ENG_T_INTEGER), tc_col("j", ENG_T_JSON),
                        tc_col("t", ENG_T_VARCHAR) });
    tc_add_row(t, tc_int(1), js("{\"a\":1,\"b\":[1,2]}"), tc_str("{\"b\": [1, 2], \"a\": 1}"));
    tc_add_row(t, tc_int(2), js("[1,\"x\",true,null,1.5]"), tc_str("[1, \"x\", true, null, 1.5]"));
    tc_add_row(t, tc_int(3), js("\"s\""), tc_str("\"s\""));
    tc_add_row(t, tc_int(4), tc_null(ENG_T_JSON), tc_str("not json"));
    tc_add_row(t, tc_int(5), js("{\"a\":1,\"b\":[1,2]}"), tc_null(ENG_T_VARCHAR));
    sh_open(CAT, "mem", "public");
    return 0;
}

static void test_smoke(void **state)
{
    (void)state;
    const char *qs[] = {
        "select json_parse('{\"b\": 1.50, \"a\": [1e2, -0, \"x\\ty\"]}')",
        "select JSON '[1, 2]', typeof(JSON '1')",
        "select cast('abc' as json), cast(1.50 as json), cast(1e10 as json), cast(true as json)",
        "select cast(json '\"12\"' as bigint), cast(json '1.6' as bigint), cast(json 'true' as double), cast(json '[1]' as varchar)",
        "select json_extract(j, '$.b'), json_extract_scalar(j, '$.b[1]'), json_size(j, '$.b') from j order by i",
        "select json_extract(t, '$.b'), json_extract_scalar(t, '$[1]'), json_array_length(t) from j order by i",
        "select json_array_get(j, 1), json_array_get(j, -1), json_array_contains(j, 'x'), is_json_scalar(j) from j order by i",
        "select json_extract(j, 'a') from j",
        "select j, count(*) from j group by j",
        "select * from j order by j",
        "select json_format(j) from j where j = json '{\"b\":[1,2],\"a\":1}'",
        NULL };
    for (int i = 0; qs[i]; i++)
        printf("%s\n=> %s\n", qs[i], sh_text(qs[i]));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_smoke),
    };
    return cmocka_run_group_tests(tests, setup, sh_teardown);
}
