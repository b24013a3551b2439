/*
 * tests/fuzz/fuzz_connstr.c
 *   libFuzzer target: the driver's connection-string parser
 *   (driver/connstr.c) over arbitrary bytes, then the formatter over every
 *   pair it produced (as the output connection string is built).
 */
#include <stdint.h>
#include <stddef.h>
#include "driver/driver.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    connstr cs = {0};
    char errbuf[256], out[512];
    bool oom = false;
    if (connstr_parse((const char *)data, (SQLLEN)size, &cs, errbuf, sizeof errbuf, &oom)) {
        size_t used = 0;
        for (int i = 0; i < cs.n; i++) {
            used = connstr_format_pair(cs.pairs[i].key, cs.pairs[i].value, out, sizeof out, used);
            if (used >= sizeof out)
                used = 0;
        }
        (void)connstr_get(&cs, "catalogs");
    }
    connstr_free(&cs);
    return 0;
}
