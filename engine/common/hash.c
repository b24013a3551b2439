/*
 * engine/common/hash.c
 *   Hash of a byte string.
 * Interface: eng_hash_bytes (hash.h; eng_hash_u64 and eng_hash_combine are
 *   inline there).
 * Not here: hash tables (exec/hash.c).
 *
 * FNV-1a over 8-byte words instead of bytes (eight times fewer
 * multiplications), each step folded, then the splitmix64 finalizer so
 * that short keys spread over all 64 bits.
 */
#include <string.h>
#include "hash.h"

uint64_t eng_hash_bytes(const void *p, size_t n)
{
    const char *s = p;
    uint64_t h = 0xcbf29ce484222325ULL ^ (uint64_t)n;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        h = (h ^ w) * 0x100000001b3ULL;
        h ^= h >> 29;
    }
    uint64_t tail = 0;
    if (i < n)
        memcpy(&tail, s + i, n - i);
    h = (h ^ tail) * 0x100000001b3ULL;
    return eng_hash_u64(h);
}
