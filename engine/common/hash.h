/*
 * engine/common/hash.h
 *   General-purpose 64-bit hashing: an integer mix, a combine step and a
 *   hash of bytes.
 * Interface: eng_hash_u64, eng_hash_combine, eng_hash_bytes.
 * Not here: hashing of vector elements with SQL's equality (NULL, -0.0,
 *   NaN) and the hash tables of joins, aggregation and DISTINCT
 *   (exec/hash.c).
 *
 * Hashes are for in-memory tables only: they are not stable across
 * versions and never leave the process. The two small functions are
 * inline because the executor calls them once per value in its loops.
 */
#ifndef ENG_COMMON_HASH_H
#define ENG_COMMON_HASH_H

#include <stddef.h>
#include <stdint.h>

/* The finalizer of splitmix64: a cheap, well-spread mix of 64 bits. */
static inline uint64_t eng_hash_u64(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

/* Combines a running hash h with the hash v of the next part (order
 * matters: combine(combine(s, a), b) differs from the other order). */
static inline uint64_t eng_hash_combine(uint64_t h, uint64_t v)
{
    return eng_hash_u64(h ^ (v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2)));
}

/* Hash of the n bytes at p (NUL bytes included; p may be NULL if n is 0). */
uint64_t eng_hash_bytes(const void *p, size_t n);

#endif
