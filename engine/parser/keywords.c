/*
 * engine/parser/keywords.c
 *   The keyword table: spelling, id and reserved status, with a
 *   case-insensitive binary-search lookup.
 * Interface: parse_kw_lookup, parse_kw_reserved, parse_kw_name, parse_kw_count.
 * Not here: the list itself (keywords.h, ENG_KEYWORD_LIST).
 */
#include <string.h>
#include "keywords.h"

typedef struct kw_entry {
    const char *name;   /* upper case */
    bool reserved;
} kw_entry;

#define KW_ENTRY_(name, res) {#name, res},
static const kw_entry kw_table[KW__COUNT] = {
    ENG_KEYWORD_LIST(KW_ENTRY_)
};
#undef KW_ENTRY_

/* Longest keyword is CURRENT_TIMESTAMP (17); words longer than this are
 * never keywords. */
#define KW_MAX_LEN 32

/*
 * Compares an upper-case table name with word[0..len) folded to upper
 * case; returns <0, 0, >0 like strcmp.
 */
static int kw_cmp(const char *name, const char *word, size_t len)
{
    size_t i;
    for (i = 0; i < len; i++) {
        unsigned char w = (unsigned char)word[i];
        unsigned char n = (unsigned char)name[i];
        if (w >= 'a' && w <= 'z')
            w = (unsigned char)(w - 'a' + 'A');
        if (n == '\0')
            return -1;
        if (n != w)
            return (int)n - (int)w;
    }
    return name[len] == '\0' ? 0 : 1;
}

/* Binary search in the alphabetical table. Returns the id or -1. */
int parse_kw_lookup(const char *word, size_t len)
{
    int lo = 0, hi = KW__COUNT - 1;
    if (len == 0 || len > KW_MAX_LEN)
        return -1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        int c = kw_cmp(kw_table[mid].name, word, len);
        if (c == 0)
            return mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

/* Reserved status of kw; false for anything that is not a keyword id. */
bool parse_kw_reserved(int kw)
{
    return kw >= 0 && kw < KW__COUNT && kw_table[kw].reserved;
}

/* Upper-case spelling of kw, or "?" when kw is out of range. */
const char *parse_kw_name(int kw)
{
    if (kw < 0 || kw >= KW__COUNT)
        return "?";
    return kw_table[kw].name;
}

/* Size of the table. */
int parse_kw_count(void)
{
    return KW__COUNT;
}
