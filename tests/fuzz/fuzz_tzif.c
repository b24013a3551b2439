/*
 * tests/fuzz/fuzz_tzif.c
 *   libFuzzer target: the TZif reader of engine/types/tzone.c (files of
 *   the system tz database, RFC 8536, with the POSIX TZ rule of their
 *   footer) over arbitrary bytes, then offsets and local -> instant at a
 *   spread of instants, so the footer's rule runs too.
 */
#include <stdint.h>
#include <stddef.h>
#include "engine/types/types.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int64_t probe[] = {
        -5000000000LL, -1, 0, 1583650800, 1604210400, 2147483647LL,
        4118126400LL, 253402300799LL };
    int32_t off[sizeof probe / sizeof probe[0]];
    (void)eng_tz_check_tzif(data, size, probe,
                            (int)(sizeof probe / sizeof probe[0]), off);
    return 0;
}
