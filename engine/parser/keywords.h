/*
 * engine/parser/keywords.h
 *   SQL keyword ids and their reserved / non-reserved status (Trino's list).
 * Interface: eng_kw (KW_*), parse_kw_lookup, parse_kw_reserved, parse_kw_name,
 *   parse_kw_count.
 * Not here: tokenizing (lexer.c), grammar (parser.c).
 *
 * Reserved words are exactly Trino's reserved keywords: they can only be
 * used as identifiers when double-quoted. The non-reserved words listed
 * here are the ones the grammar gives a meaning to somewhere (SHOW TABLES,
 * LIMIT, NULLS FIRST, DATE '...', ...); they remain ordinary identifiers
 * everywhere else, so a column called `date`, `status` or `first` works.
 */
#ifndef ENG_KEYWORDS_H
#define ENG_KEYWORDS_H

#include <stdbool.h>
#include <stddef.h>

/* X(NAME, reserved) in strict alphabetical order of NAME (binary search). */
#define ENG_KEYWORD_LIST(X) \
    X(ALL, 0) X(ALTER, 1) X(ANALYZE, 0) X(AND, 1) X(ANY, 0) X(AS, 1) X(ASC, 0) \
    X(BETWEEN, 1) X(BY, 1) X(CASE, 1) X(CAST, 1) X(CATALOGS, 0) \
    X(COLUMNS, 0) X(CONSTRAINT, 1) X(CREATE, 1) X(CROSS, 1) X(CUBE, 1) \
    X(CURRENT, 0) X(CURRENT_CATALOG, 1) X(CURRENT_DATE, 1) X(CURRENT_PATH, 1) \
    X(CURRENT_ROLE, 1) X(CURRENT_SCHEMA, 1) X(CURRENT_TIME, 1) \
    X(CURRENT_TIMESTAMP, 1) X(CURRENT_USER, 1) X(DATE, 0) X(DEALLOCATE, 1) \
    X(DELETE, 1) X(DESC, 0) X(DESCRIBE, 1) X(DISTINCT, 1) X(DOUBLE, 0) \
    X(DROP, 1) X(ELSE, 1) X(END, 1) X(ESCAPE, 1) X(EXCEPT, 1) \
    X(EXECUTE, 1) X(EXISTS, 1) X(EXPLAIN, 0) X(EXTRACT, 1) X(FALSE, 1) \
    X(FETCH, 0) X(FILTER, 0) X(FIRST, 0) X(FOLLOWING, 0) X(FOR, 1) X(FORMAT, 0) \
    X(FROM, 1) X(FULL, 1) X(GROUP, 1) X(GROUPING, 1) X(GROUPS, 0) X(HAVING, 1) \
    X(IGNORE, 0) X(IN, 1) X(INNER, 1) X(INSERT, 1) X(INTERSECT, 1) X(INTO, 1) \
    X(IS, 1) X(JOIN, 1) X(JSON_ARRAY, 1) X(JSON_EXISTS, 1) \
    X(JSON_OBJECT, 1) X(JSON_QUERY, 1) X(JSON_TABLE, 1) X(JSON_VALUE, 1) \
    X(LAST, 0) X(LEFT, 1) X(LIKE, 1) X(LIMIT, 0) X(LISTAGG, 1) \
    X(LOCALTIME, 1) X(LOCALTIMESTAMP, 1) X(NATURAL, 1) X(NEXT, 0) \
    X(NORMALIZE, 1) X(NOT, 1) X(NULL, 1) X(NULLS, 0) X(OFFSET, 0) \
    X(ON, 1) X(ONLY, 0) X(OR, 1) X(ORDER, 1) X(OUTER, 1) X(OVER, 0) X(PARTITION, 0) \
    X(PRECEDING, 0) X(PRECISION, 0) X(PREPARE, 1) X(RANGE, 0) X(RECURSIVE, 1) X(RESPECT, 0) X(RIGHT, 1) \
    X(ROLLUP, 1) X(ROW, 0) X(ROWS, 0) X(SCHEMAS, 0) X(SELECT, 1) X(SETS, 0) \
    X(SHOW, 0) X(SKIP, 1) X(SOME, 0) X(TABLE, 1) X(TABLES, 0) X(THEN, 1) \
    X(TIES, 0) X(TIME, 0) X(TIMESTAMP, 0) X(TRIM, 1) X(TRUE, 1) \
    X(TRY_CAST, 0) X(TYPE, 0) X(UESCAPE, 1) X(UNBOUNDED, 0) X(UNION, 1) X(UNNEST, 1) \
    X(USE, 0) X(USING, 1) X(VALUES, 1) X(WHEN, 1) X(WHERE, 1) X(WINDOW, 0) X(WITH, 1) \
    X(WITHOUT, 0) X(ZONE, 0)

#define ENG_KW_ENUM_(name, res) KW_##name,
typedef enum eng_kw {
    ENG_KEYWORD_LIST(ENG_KW_ENUM_)
    KW__COUNT
} eng_kw;
#undef ENG_KW_ENUM_

/*
 * Looks up a word of len bytes, case-insensitively (ASCII). Returns its
 * eng_kw id, or -1 when the word is not a keyword.
 */
int parse_kw_lookup(const char *word, size_t len);

/* True when keyword id kw is reserved (Trino). False for -1. */
bool parse_kw_reserved(int kw);

/* Upper-case spelling of keyword kw ("SELECT"); "?" for a bad id. */
const char *parse_kw_name(int kw);

/* Number of keywords (KW__COUNT), for table self-tests. */
int parse_kw_count(void);

#endif
