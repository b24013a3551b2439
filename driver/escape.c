/*
 * driver/escape.c
 *   ODBC escape sequences -> Trino SQL: {fn ...} scalar functions,
 *   {d '...'}, {t '...'}, {ts '...'}, {oj ...}, {escape '...'},
 *   {INTERVAL ...}, {call ...} / {?= call ...}; and the SQLGetInfo bitmasks
 *   of the functions and literals that the translation makes work.
 * Interface: esc_translate, esc_info_mask.
 * Not here: attaching errors to handles, SQL_ATTR_NOSCAN and SQLNativeSql
 *   (dbc.c: drv_translate, dbc_native_sql); the SQL_CONVERT_* masks
 *   (info.c, which states the engine's cast matrix).
 *
 * The translator is a scanner, not a parser: it copies the text as it is
 * and rewrites only what lies between braces. It follows the engine's
 * lexical rules (engine/parser/lexer.c) so that a brace inside a
 * 'string' (with '' escapes), a "quoted identifier" (with "" escapes), a
 * -- comment or a / * comment * / is never taken for an escape. Escapes
 * nest ({fn ucase({fn lcase(x)})}) up to ESC_MAX_DEPTH levels; deeper
 * nesting is 54001, never a stack overflow. Errors carry a SQLSTATE and a
 * message "line L:C: ..." naming the escape, in the engine's format:
 * 42000 for an unbalanced, empty or unknown escape or a function called
 * with the wrong number of arguments; HYC00 for an escape this engine
 * cannot run ({call}; {t}/{ts}/{INTERVAL} if ENGINE_HAS_* below were 0).
 *
 * {fn name(args)} is looked up in fn_table (case-insensitive, by name and
 * number of arguments) and rewritten with the entry's template. A name
 * that is not an ODBC function passes through unchanged as name(args), so
 * applications can reach Trino's own functions through {fn}. A template
 * that mentions an argument twice (LOCATE with a start, RIGHT, INSERT)
 * refuses a parameter marker in that argument: the copy would count as a
 * second marker.
 *
 * Honest metadata: each fn_table entry says whether the engine runs its
 * translation today (`works`). esc_info_mask() advertises a function in
 * SQL_STRING_FUNCTIONS & co. only when every entry of it works, and
 * tests/odbc/test_escapes.c runs every advertised function, checks its
 * result, and fails as well when an unadvertised one starts to work, so
 * the masks follow the engine both ways.
 *
 * Memory: the result is eng_malloc'ed and owned by the caller. Text
 * without any brace is not copied at all (*out = NULL), so statements
 * without escapes cost nothing.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "driver.h"

/* Deepest nesting of escapes (and of {fn} argument lists) accepted. */
#define ESC_MAX_DEPTH 64

/*
 * What the engine has today, for the escapes whose translation needs a
 * type the engine may lack. When the engine gains one, set it to 1: the
 * escape then translates instead of failing with HYC00, and
 * SQL_DATETIME_LITERALS advertises it (test_escapes.c fails until then).
 */
#define ENGINE_HAS_TIME 1
#define ENGINE_HAS_TIMESTAMP 1
#define ENGINE_HAS_INTERVAL 1

/* ------------------------------------------------------------ tables */

/* Special translations that a template cannot express. */
enum { T_TEMPLATE = 0, T_CONVERT, T_POSITION, T_TSADD, T_TSDIFF,
       T_REFUSE };

/*
 * One ODBC scalar function in one arity range. tmpl holds Trino text in
 * which %1..%4 stand for the translated arguments.
 */
typedef struct esc_fn {
    const char *name;        /* ODBC name, lower case */
    signed char min, max;    /* number of arguments */
    unsigned char special;   /* T_* */
    const char *tmpl;
    SQLUSMALLINT info;       /* SQL_STRING_FUNCTIONS, ... */
    SQLUINTEGER bit;
    bool works;              /* the engine runs the translation today */
} esc_fn;

#define STR SQL_STRING_FUNCTIONS
#define NUM SQL_NUMERIC_FUNCTIONS
#define TD SQL_TIMEDATE_FUNCTIONS
#define SYS SQL_SYSTEM_FUNCTIONS
#define CVT SQL_CONVERT_FUNCTIONS

static const esc_fn fn_table[] = {
    /* string functions */
    {"ascii", 1, 1, 0, "codepoint(CAST(substr(%1, 1, 1) AS varchar(1)))",
     STR, SQL_FN_STR_ASCII, false},
    {"bit_length", 1, 1, 0, "(length(to_utf8(%1)) * 8)", STR,
     SQL_FN_STR_BIT_LENGTH, true},
    {"char", 1, 1, 0, "chr(%1)", STR, SQL_FN_STR_CHAR, false},
    {"char_length", 1, 1, 0, "length(%1)", STR, SQL_FN_STR_CHAR_LENGTH, true},
    {"character_length", 1, 1, 0, "length(%1)", STR,
     SQL_FN_STR_CHARACTER_LENGTH, true},
    {"concat", 2, 2, 0, "concat(%1, %2)", STR, SQL_FN_STR_CONCAT, true},
    {"difference", 2, 2, 0, "difference(%1, %2)", STR,
     SQL_FN_STR_DIFFERENCE, false},
    {"insert", 4, 4, 0,
     "concat(substr(%1, 1, (%2) - 1), %4, substr(%1, (%2) + (%3)))", STR,
     SQL_FN_STR_INSERT, true},
    {"lcase", 1, 1, 0, "lower(%1)", STR, SQL_FN_STR_LCASE, true},
    {"left", 2, 2, 0, "substr(%1, 1, %2)", STR, SQL_FN_STR_LEFT, true},
    /* ODBC LENGTH excludes trailing blanks */
    {"length", 1, 1, 0, "length(rtrim(%1))", STR, SQL_FN_STR_LENGTH, true},
    {"locate", 2, 2, 0, "strpos(%2, %1)", STR, SQL_FN_STR_LOCATE, true},
    {"locate", 3, 3, 0,
     "CASE WHEN strpos(substr(%2, %3), %1) = 0 THEN 0 ELSE "
     "strpos(substr(%2, %3), %1) + (%3) - 1 END",
     STR, SQL_FN_STR_LOCATE, true},
    /* the two-argument form again, for SQL_FN_STR_LOCATE_2 */
    {"locate", 2, 2, 0, "strpos(%2, %1)", STR, SQL_FN_STR_LOCATE_2, true},
    {"ltrim", 1, 1, 0, "ltrim(%1)", STR, SQL_FN_STR_LTRIM, true},
    {"octet_length", 1, 1, 0, "length(to_utf8(%1))", STR,
     SQL_FN_STR_OCTET_LENGTH, true},
    {"position", 1, 1, T_POSITION, NULL, STR, SQL_FN_STR_POSITION, true},
    {"repeat", 2, 2, 0, "array_join(repeat(%1, %2), '')", STR,
     SQL_FN_STR_REPEAT, true},   /* arrays: repeat and array_join */
    {"replace", 3, 3, 0, "replace(%1, %2, %3)", STR, SQL_FN_STR_REPLACE,
     true},
    {"right", 2, 2, 0, "substr(%1, greatest(length(%1) - (%2) + 1, 1))",
     STR, SQL_FN_STR_RIGHT, true},
    {"rtrim", 1, 1, 0, "rtrim(%1)", STR, SQL_FN_STR_RTRIM, true},
    {"soundex", 1, 1, 0, "soundex(%1)", STR, SQL_FN_STR_SOUNDEX, false},
    {"space", 1, 1, 0, "lpad('', %1, ' ')", STR, SQL_FN_STR_SPACE, true},
    {"substring", 2, 3, 0, NULL, STR, SQL_FN_STR_SUBSTRING, true},
    {"ucase", 1, 1, 0, "upper(%1)", STR, SQL_FN_STR_UCASE, true},
    /* numeric functions */
    {"abs", 1, 1, 0, "abs(%1)", NUM, SQL_FN_NUM_ABS, true},
    {"acos", 1, 1, 0, "acos(%1)", NUM, SQL_FN_NUM_ACOS, true},
    {"asin", 1, 1, 0, "asin(%1)", NUM, SQL_FN_NUM_ASIN, true},
    {"atan", 1, 1, 0, "atan(%1)", NUM, SQL_FN_NUM_ATAN, true},
    {"atan2", 2, 2, 0, "atan2(%1, %2)", NUM, SQL_FN_NUM_ATAN2, true},
    {"ceiling", 1, 1, 0, "ceiling(%1)", NUM, SQL_FN_NUM_CEILING, true},
    {"cos", 1, 1, 0, "cos(%1)", NUM, SQL_FN_NUM_COS, true},
    {"cot", 1, 1, 0, "(1e0 / tan(%1))", NUM, SQL_FN_NUM_COT, true},
    {"degrees", 1, 1, 0, "degrees(%1)", NUM, SQL_FN_NUM_DEGREES, true},
    {"exp", 1, 1, 0, "exp(%1)", NUM, SQL_FN_NUM_EXP, true},
    {"floor", 1, 1, 0, "floor(%1)", NUM, SQL_FN_NUM_FLOOR, true},
    /* ODBC LOG is the natural logarithm */
    {"log", 1, 1, 0, "ln(%1)", NUM, SQL_FN_NUM_LOG, true},
    {"log10", 1, 1, 0, "log10(%1)", NUM, SQL_FN_NUM_LOG10, true},
    {"mod", 2, 2, 0, "mod(%1, %2)", NUM, SQL_FN_NUM_MOD, true},
    {"pi", 0, 0, 0, "pi()", NUM, SQL_FN_NUM_PI, true},
    {"power", 2, 2, 0, "power(%1, %2)", NUM, SQL_FN_NUM_POWER, true},
    {"radians", 1, 1, 0, "radians(%1)", NUM, SQL_FN_NUM_RADIANS, true},
    {"rand", 0, 0, 0, "rand()", NUM, SQL_FN_NUM_RAND, true},
    /* Trino's rand(n) is a random integer below n, not a seed */
    {"rand", 1, 1, T_REFUSE, "RAND with a seed", NUM, SQL_FN_NUM_RAND,
     false},
    {"round", 1, 2, 0, NULL, NUM, SQL_FN_NUM_ROUND, true},
    {"sign", 1, 1, 0, "sign(%1)", NUM, SQL_FN_NUM_SIGN, true},
    {"sin", 1, 1, 0, "sin(%1)", NUM, SQL_FN_NUM_SIN, true},
    {"sqrt", 1, 1, 0, "sqrt(%1)", NUM, SQL_FN_NUM_SQRT, true},
    {"tan", 1, 1, 0, "tan(%1)", NUM, SQL_FN_NUM_TAN, true},
    {"truncate", 2, 2, 0, "truncate(%1, %2)", NUM, SQL_FN_NUM_TRUNCATE,
     true},
    /* time and date functions */
    {"current_date", 0, 0, 0, "current_date", TD, SQL_FN_TD_CURRENT_DATE,
     true},
    {"current_time", 0, 0, 0, "current_time", TD, SQL_FN_TD_CURRENT_TIME,
     true},
    {"current_time", 1, 1, 0, "current_time(%1)", TD,
     SQL_FN_TD_CURRENT_TIME, true},
    {"current_timestamp", 0, 0, 0, "current_timestamp", TD,
     SQL_FN_TD_CURRENT_TIMESTAMP, true},
    {"current_timestamp", 1, 1, 0, "current_timestamp(%1)", TD,
     SQL_FN_TD_CURRENT_TIMESTAMP, true},
    {"curdate", 0, 0, 0, "current_date", TD, SQL_FN_TD_CURDATE, true},
    {"curtime", 0, 0, 0, "current_time", TD, SQL_FN_TD_CURTIME, true},
    {"dayname", 1, 1, 0, "date_format(%1, '%W')", TD, SQL_FN_TD_DAYNAME,
     true},
    {"dayofmonth", 1, 1, 0, "day(%1)", TD, SQL_FN_TD_DAYOFMONTH, true},
    /* ODBC: 1 = Sunday; Trino's day_of_week: 1 = Monday ... 7 = Sunday */
    {"dayofweek", 1, 1, 0, "(day_of_week(%1) % 7 + 1)", TD,
     SQL_FN_TD_DAYOFWEEK, true},
    {"dayofyear", 1, 1, 0, "day_of_year(%1)", TD, SQL_FN_TD_DAYOFYEAR,
     true},
    {"extract", 1, 1, 0, "extract(%1)", TD, SQL_FN_TD_EXTRACT, true},
    {"hour", 1, 1, 0, "hour(%1)", TD, SQL_FN_TD_HOUR, true},
    {"minute", 1, 1, 0, "minute(%1)", TD, SQL_FN_TD_MINUTE, true},
    {"month", 1, 1, 0, "month(%1)", TD, SQL_FN_TD_MONTH, true},
    {"monthname", 1, 1, 0, "date_format(%1, '%M')", TD,
     SQL_FN_TD_MONTHNAME, true},
    {"now", 0, 0, 0, "now()", TD, SQL_FN_TD_NOW, true},
    {"quarter", 1, 1, 0, "quarter(%1)", TD, SQL_FN_TD_QUARTER, true},
    {"second", 1, 1, 0, "second(%1)", TD, SQL_FN_TD_SECOND, true},
    {"timestampadd", 3, 3, T_TSADD, NULL, TD, SQL_FN_TD_TIMESTAMPADD,
     true},
    {"timestampdiff", 3, 3, T_TSDIFF, NULL, TD, SQL_FN_TD_TIMESTAMPDIFF,
     true},
    {"week", 1, 1, 0, "week(%1)", TD, SQL_FN_TD_WEEK, true},
    {"year", 1, 1, 0, "year(%1)", TD, SQL_FN_TD_YEAR, true},
    /* system functions */
    {"database", 0, 0, 0, "current_catalog", SYS, SQL_FN_SYS_DBNAME, false},
    {"ifnull", 2, 2, 0, "coalesce(%1, %2)", SYS, SQL_FN_SYS_IFNULL, true},
    {"user", 0, 0, 0, "current_user", SYS, SQL_FN_SYS_USERNAME, false},
    /* conversion */
    {"convert", 2, 2, T_CONVERT, NULL, CVT, SQL_FN_CVT_CONVERT, true},
};

/* ODBC SQL type names in {fn CONVERT(x, SQL_...)} and their Trino type. */
static const struct {
    const char *odbc;
    const char *trino;
} cvt_types[] = {
    {"sql_bigint", "bigint"},
    {"sql_binary", "varbinary"},
    {"sql_bit", "boolean"},
    {"sql_char", "varchar"},
    {"sql_date", "date"},
    {"sql_decimal", "decimal"},
    {"sql_double", "double"},
    {"sql_float", "double"},
    {"sql_guid", "uuid"},
    {"sql_integer", "integer"},
    {"sql_interval_year", "interval year to month"},
    {"sql_interval_month", "interval year to month"},
    {"sql_interval_year_to_month", "interval year to month"},
    {"sql_interval_day", "interval day to second"},
    {"sql_interval_hour", "interval day to second"},
    {"sql_interval_minute", "interval day to second"},
    {"sql_interval_second", "interval day to second"},
    {"sql_interval_day_to_hour", "interval day to second"},
    {"sql_interval_day_to_minute", "interval day to second"},
    {"sql_interval_day_to_second", "interval day to second"},
    {"sql_interval_hour_to_minute", "interval day to second"},
    {"sql_interval_hour_to_second", "interval day to second"},
    {"sql_interval_minute_to_second", "interval day to second"},
    {"sql_longvarbinary", "varbinary"},
    {"sql_longvarchar", "varchar"},
    {"sql_numeric", "decimal"},
    {"sql_real", "real"},
    {"sql_smallint", "smallint"},
    {"sql_time", "time"},
    {"sql_timestamp", "timestamp"},
    {"sql_tinyint", "tinyint"},
    {"sql_type_date", "date"},
    {"sql_type_time", "time"},
    {"sql_type_timestamp", "timestamp"},
    {"sql_varbinary", "varbinary"},
    {"sql_varchar", "varchar"},
    {"sql_wchar", "varchar"},
    {"sql_wlongvarchar", "varchar"},
    {"sql_wvarchar", "varchar"},
};

/* SQL_TSI_* interval names of TIMESTAMPADD / TIMESTAMPDIFF -> Trino unit. */
static const struct {
    const char *odbc;
    const char *unit;
} tsi_units[] = {
    {"sql_tsi_second", "second"}, {"sql_tsi_minute", "minute"},
    {"sql_tsi_hour", "hour"},     {"sql_tsi_day", "day"},
    {"sql_tsi_week", "week"},     {"sql_tsi_month", "month"},
    {"sql_tsi_quarter", "quarter"}, {"sql_tsi_year", "year"},
};

/* See driver.h. */
SQLUINTEGER esc_info_mask(SQLUSMALLINT info)
{
    if (info == SQL_DATETIME_LITERALS) {
        SQLUINTEGER m = SQL_DL_SQL92_DATE;
        if (ENGINE_HAS_TIME)
            m |= SQL_DL_SQL92_TIME;
        if (ENGINE_HAS_TIMESTAMP)
            m |= SQL_DL_SQL92_TIMESTAMP;
        if (ENGINE_HAS_INTERVAL)
            m |= SQL_DL_SQL92_INTERVAL_YEAR | SQL_DL_SQL92_INTERVAL_MONTH |
                 SQL_DL_SQL92_INTERVAL_DAY | SQL_DL_SQL92_INTERVAL_HOUR |
                 SQL_DL_SQL92_INTERVAL_MINUTE | SQL_DL_SQL92_INTERVAL_SECOND |
                 SQL_DL_SQL92_INTERVAL_YEAR_TO_MONTH |
                 SQL_DL_SQL92_INTERVAL_DAY_TO_HOUR |
                 SQL_DL_SQL92_INTERVAL_DAY_TO_MINUTE |
                 SQL_DL_SQL92_INTERVAL_DAY_TO_SECOND |
                 SQL_DL_SQL92_INTERVAL_HOUR_TO_MINUTE |
                 SQL_DL_SQL92_INTERVAL_HOUR_TO_SECOND |
                 SQL_DL_SQL92_INTERVAL_MINUTE_TO_SECOND;
        return m;
    }
    if (info == SQL_TIMEDATE_ADD_INTERVALS ||
        info == SQL_TIMEDATE_DIFF_INTERVALS) {
        /* TIMESTAMPADD/DIFF are date_add/date_diff, which take every
         * unit SECOND through YEAR on timestamps; FRAC_SECOND has no
         * Trino unit (milliseconds are not ODBC's billionths) */
        return SQL_FN_TSI_SECOND | SQL_FN_TSI_MINUTE | SQL_FN_TSI_HOUR |
               SQL_FN_TSI_DAY | SQL_FN_TSI_WEEK | SQL_FN_TSI_MONTH |
               SQL_FN_TSI_QUARTER | SQL_FN_TSI_YEAR;
    }
    SQLUINTEGER on = 0, off = 0;
    for (size_t i = 0; i < sizeof fn_table / sizeof *fn_table; i++) {
        const esc_fn *f = &fn_table[i];
        if (f->info != info || f->special == T_REFUSE)
            continue;
        if (f->works)
            on |= f->bit;
        else
            off |= f->bit;
    }
    return on & ~off;
}

/* ----------------------------------------------------------- buffers */

/* A growable output text; `markers` counts '?' copied outside quotes. */
typedef struct obuf {
    char *p;
    size_t n, cap;
    int markers;
} obuf;

typedef struct ectx {
    const char *s;
    size_t n, i;
    int depth;
    bool oom;
    esc_err *err;
} ectx;

static void ob_addn(ectx *c, obuf *b, const char *s, size_t n)
{
    if (c->oom)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *q = eng_realloc(b->p, cap);
        if (!q) {
            c->oom = true;
            return;
        }
        b->p = q;
        b->cap = cap;
    }
    if (n)
        memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static void ob_add(ectx *c, obuf *b, const char *s)
{
    ob_addn(c, b, s, strlen(s));
}

/* ------------------------------------------------------------ errors */

/* 1-based line and column (in characters) of byte offset off. */
static void line_col(const ectx *c, size_t off, int *line, int *col)
{
    int l = 1, k = 1;
    for (size_t i = 0; i < off && i < c->n; i++) {
        unsigned char b = (unsigned char)c->s[i];
        if (b == '\n') {
            l++;
            k = 1;
        } else if ((b & 0xC0) != 0x80) {
            k++;
        }
    }
    *line = l;
    *col = k;
}

/* Records an error at byte offset off ("line L:C: msg"). Returns false. */
static bool fail(ectx *c, const char *state, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static bool fail(ectx *c, const char *state, size_t off, const char *fmt, ...)
{
    if (c->err->state[0])
        return false;           /* keep the first error */
    int line, col;
    line_col(c, off, &line, &col);
    snprintf(c->err->state, sizeof c->err->state, "%s", state);
    int k = snprintf(c->err->msg, sizeof c->err->msg, "line %d:%d: ",
                     line, col);
    if (k < 0 || (size_t)k >= sizeof c->err->msg)
        k = 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->err->msg + k, sizeof c->err->msg - (size_t)k, fmt, ap);
    va_end(ap);
    c->err->pos = off + 1;
    return false;
}

/* ----------------------------------------------------------- scanner */

static bool is_ident_char(unsigned char ch)
{
    return isalnum(ch) || ch == '_' || ch >= 0x80;
}

static void skip_ws(ectx *c)
{
    while (c->i < c->n && isspace((unsigned char)c->s[c->i]))
        c->i++;
}

/* Reads an identifier word at c->i into w (lower case, at most cap-1
 * bytes kept); returns its length in the input (0 if none). */
static size_t read_word(ectx *c, char *w, size_t cap)
{
    size_t st = c->i, k = 0;
    while (c->i < c->n && is_ident_char((unsigned char)c->s[c->i])) {
        if (k + 1 < cap)
            w[k++] = (char)tolower((unsigned char)c->s[c->i]);
        c->i++;
    }
    w[k] = '\0';
    return c->i - st;
}

/*
 * Copies a quoted token ('...' or "...", doubled quote inside) or a
 * comment starting at c->i into b. An unterminated one is copied to the
 * end: the engine reports it. Returns false if c->i starts none of them.
 */
static bool copy_quoted(ectx *c, obuf *b)
{
    char ch = c->s[c->i];
    size_t st = c->i;
    if (ch == '\'' || ch == '"') {
        c->i++;
        while (c->i < c->n) {
            if (c->s[c->i] == ch) {
                if (c->i + 1 < c->n && c->s[c->i + 1] == ch) {
                    c->i += 2;
                    continue;
                }
                c->i++;
                break;
            }
            c->i++;
        }
    } else if (ch == '-' && c->i + 1 < c->n && c->s[c->i + 1] == '-') {
        while (c->i < c->n && c->s[c->i] != '\n')
            c->i++;
    } else if (ch == '/' && c->i + 1 < c->n && c->s[c->i + 1] == '*') {
        c->i += 2;
        while (c->i < c->n &&
               !(c->s[c->i] == '*' && c->i + 1 < c->n && c->s[c->i + 1] == '/'))
            c->i++;
        c->i = c->i < c->n ? c->i + 2 : c->n;
    } else {
        return false;
    }
    ob_addn(c, b, c->s + st, c->i - st);
    return true;
}

enum stop { STOP_END, STOP_ARG, STOP_BRACE };

static bool escape(ectx *c, obuf *out);

/*
 * Copies text from c->i into b, translating escapes, until the end
 * (STOP_END), a ',' or ')' outside parentheses (STOP_ARG) or a '}'
 * outside parentheses (STOP_BRACE); the stop character is not consumed.
 * `open` is the offset of the construct being read, for messages.
 * Returns false on error (recorded in c->err) or OOM.
 */
static bool copy_until(ectx *c, obuf *b, enum stop stop, size_t open,
                       const char *what)
{
    int paren = 0;
    while (c->i < c->n && !c->oom) {
        char ch = c->s[c->i];
        if (copy_quoted(c, b))
            continue;
        if (ch == '{') {
            if (!escape(c, b))
                return false;
            continue;
        }
        if (ch == '}') {
            if (stop == STOP_BRACE && paren == 0)
                return true;
            if (stop == STOP_ARG)
                return fail(c, "42000", c->i, "'}' inside the argument list "
                            "of %s; expected ')'", what);
            return fail(c, "42000", c->i, "unbalanced '}' (no ODBC escape "
                        "is open)");
        }
        if (ch == '(') {
            paren++;
        } else if (ch == ')') {
            if (paren == 0 && stop == STOP_ARG)
                return true;
            if (paren > 0)
                paren--;
        } else if (ch == ',' && paren == 0 && stop == STOP_ARG) {
            return true;
        } else if (ch == '?') {
            b->markers++;
        }
        ob_addn(c, b, &ch, 1);
        c->i++;
    }
    if (c->oom)
        return false;
    if (stop == STOP_END)
        return true;
    return fail(c, "42000", open, "unterminated ODBC escape %s: %s", what,
                stop == STOP_ARG ? "expected ')'" : "expected '}'");
}

/* Expects optional blanks and the '}' closing the escape opened at open. */
static bool close_brace(ectx *c, size_t open, const char *what)
{
    skip_ws(c);
    if (c->i < c->n && c->s[c->i] == '}') {
        c->i++;
        return true;
    }
    if (c->i >= c->n)
        return fail(c, "42000", open, "unterminated ODBC escape %s: "
                    "expected '}'", what);
    return fail(c, "42000", c->i, "expected '}' to close the ODBC escape "
                "%s", what);
}

/* {d|t|ts|escape 'literal'}: copies the string literal after prefix. */
static bool literal_escape(ectx *c, obuf *out, size_t open, const char *what,
                           const char *prefix)
{
    skip_ws(c);
    if (c->i >= c->n || c->s[c->i] != '\'')
        return fail(c, "42000", c->i < c->n ? c->i : open, "the ODBC escape "
                    "%s needs a string literal", what);
    size_t st = c->i++;
    for (;;) {
        if (c->i >= c->n)
            return fail(c, "42000", st, "unterminated string literal in the "
                        "ODBC escape %s", what);
        if (c->s[c->i++] != '\'')
            continue;
        if (c->i < c->n && c->s[c->i] == '\'')
            c->i++;
        else
            break;
    }
    ob_add(c, out, prefix);
    ob_addn(c, out, c->s + st, c->i - st);
    return close_brace(c, open, what);
}

/* Number of times %k appears in tmpl. */
static int uses(const char *tmpl, int k)
{
    int n = 0;
    for (const char *p = tmpl; (p = strchr(p, '%')) != NULL; p++)
        if (p[1] == '0' + k)
            n++;
    return n;
}

/* Appends tmpl with %1..%4 replaced by the arguments. */
static void expand(ectx *c, obuf *out, const char *tmpl, obuf *args, int n)
{
    for (const char *p = tmpl; *p; p++) {
        if (p[0] == '%' && p[1] >= '1' && p[1] <= '4' && p[1] - '0' <= n) {
            obuf *a = &args[p[1] - '1'];
            ob_addn(c, out, a->p, a->n);
            out->markers += a->markers;
            p++;
        } else {
            ob_addn(c, out, p, 1);
        }
    }
}

/*
 * Length of p[0..n) without trailing blanks, except the newline that ends
 * a -- comment: text placed after the argument must not fall into it.
 */
static size_t rtrim_len(const char *p, size_t n)
{
    bool comment = false;
    for (size_t i = 0; i + 1 < n; i++)
        if (p[i] == '-' && p[i + 1] == '-')
            comment = true;   /* possibly inside a string: harmless */
    while (n && isspace((unsigned char)p[n - 1]) &&
           !(comment && p[n - 1] == '\n'))
        n--;
    return n;
}

/* Trims blanks at both ends of a (in place); see rtrim_len. */
static void trim(obuf *a)
{
    size_t st = 0;
    while (st < a->n && isspace((unsigned char)a->p[st]))
        st++;
    a->n = st + rtrim_len(a->p + st, a->n - st);
    memmove(a->p, a->p + st, a->n - st);
    a->n -= st;
    a->p[a->n] = '\0';
}

/* Offset of the top-level keyword kw (lower case) in text, or -1. */
static long find_top_kw(const char *t, size_t n, const char *kw)
{
    size_t kl = strlen(kw);
    int paren = 0;
    for (size_t i = 0; i < n; i++) {
        char ch = t[i];
        if (ch == '\'' || ch == '"') {
            for (i++; i < n; i++)
                if (t[i] == ch) {
                    if (i + 1 < n && t[i + 1] == ch)
                        i++;
                    else
                        break;
                }
            continue;
        }
        if (ch == '(')
            paren++;
        else if (ch == ')')
            paren--;
        else if (paren == 0 && i + kl <= n && !strncasecmp(t + i, kw, kl) &&
                 (i == 0 || !is_ident_char((unsigned char)t[i - 1])) &&
                 (i + kl == n || !is_ident_char((unsigned char)t[i + kl])))
            return (long)i;
        else if (is_ident_char((unsigned char)ch))
            while (i + 1 < n && is_ident_char((unsigned char)t[i + 1]))
                i++;
    }
    return -1;
}

/* Trino type for an ODBC SQL type name (lower case), or NULL. */
static const char *cvt_type(const char *w)
{
    for (size_t k = 0; k < sizeof cvt_types / sizeof *cvt_types; k++)
        if (!strcmp(cvt_types[k].odbc, w))
            return cvt_types[k].trino;
    return NULL;
}

/* Trino unit for an SQL_TSI_* name (lower case), or NULL. */
static const char *tsi_unit(const char *w)
{
    for (size_t k = 0; k < sizeof tsi_units / sizeof *tsi_units; k++)
        if (!strcmp(tsi_units[k].odbc, w))
            return tsi_units[k].unit;
    return NULL;
}

/* An argument that is a bare word (a type or interval name), lower case. */
static bool bare_word(const obuf *a, char *w, size_t cap)
{
    if (a->n == 0 || a->n >= cap)
        return false;
    for (size_t i = 0; i < a->n; i++) {
        if (!is_ident_char((unsigned char)a->p[i]))
            return false;
        w[i] = (char)tolower((unsigned char)a->p[i]);
    }
    w[a->n] = '\0';
    return true;
}

/* Emits the translation of {fn name(args)} (n arguments). */
static bool emit_fn(ectx *c, obuf *out, size_t open, const char *name,
                    const char *shown, obuf *args, int n)
{
    const esc_fn *f = NULL;
    bool known = false;
    for (size_t i = 0; i < sizeof fn_table / sizeof *fn_table; i++)
        if (!strcmp(fn_table[i].name, name)) {
            known = true;
            if (n >= fn_table[i].min && n <= fn_table[i].max) {
                f = &fn_table[i];
                break;
            }
        }
    if (!known) {
        /* not an ODBC function: pass Trino's own function through */
        ob_add(c, out, shown);
        ob_add(c, out, "(");
        for (int i = 0; i < n && i < 4; i++) {
            if (i)
                ob_add(c, out, ", ");
            ob_addn(c, out, args[i].p, args[i].n);
            out->markers += args[i].markers;
        }
        ob_add(c, out, ")");
        return true;
    }
    if (!f) {
        int lo = 99, hi = -1;
        for (size_t i = 0; i < sizeof fn_table / sizeof *fn_table; i++)
            if (!strcmp(fn_table[i].name, name)) {
                lo = fn_table[i].min < lo ? fn_table[i].min : lo;
                hi = fn_table[i].max > hi ? fn_table[i].max : hi;
            }
        if (lo == hi)
            return fail(c, "42000", open, "{fn %s} takes %d argument%s, "
                        "got %d", shown, lo, lo == 1 ? "" : "s", n);
        return fail(c, "42000", open, "{fn %s} takes %d to %d arguments, "
                    "got %d", shown, lo, hi, n);
    }
    char w[64];
    switch (f->special) {
    case T_REFUSE:
        return fail(c, "HYC00", open, "{fn %s}: %s is not supported", shown,
                    f->tmpl);
    case T_CONVERT: {
        const char *t = bare_word(&args[1], w, sizeof w)
                            ? cvt_type(w) : NULL;
        if (!t)
            return fail(c, "42000", open, "{fn %s}: '%.*s' is not an ODBC SQL "
                        "type name (SQL_INTEGER, SQL_VARCHAR, ...)", shown,
                        (int)(args[1].n > 64 ? 64 : args[1].n),
                        args[1].p ? args[1].p : "");
        ob_add(c, out, "CAST(");
        ob_addn(c, out, args[0].p, args[0].n);
        out->markers += args[0].markers;
        ob_add(c, out, " AS ");
        ob_add(c, out, t);
        ob_add(c, out, ")");
        return true;
    }
    case T_POSITION: {
        long k = find_top_kw(args[0].p, args[0].n, "in");
        if (k < 0)
            return fail(c, "42000", open, "{fn %s} expects "
                        "POSITION(string1 IN string2)", shown);
        const char *a = args[0].p, *b = args[0].p + k + 2;
        size_t an = (size_t)k, bn = args[0].n - (size_t)k - 2;
        an = rtrim_len(a, an);
        while (bn && isspace((unsigned char)*b)) {
            b++;
            bn--;
        }
        if (!an || !bn)
            return fail(c, "42000", open, "{fn %s} expects "
                        "POSITION(string1 IN string2)", shown);
        ob_add(c, out, "strpos(");
        ob_addn(c, out, b, bn);
        ob_add(c, out, ", ");
        ob_addn(c, out, a, an);
        ob_add(c, out, ")");
        out->markers += args[0].markers;
        return true;
    }
    case T_TSADD:
    case T_TSDIFF: {
        const char *u = bare_word(&args[0], w, sizeof w)
                            ? tsi_unit(w) : NULL;
        if (!u)
            return fail(c, "42000", open, "{fn %s}: the first argument must "
                        "be SQL_TSI_SECOND, _MINUTE, _HOUR, _DAY, _WEEK, "
                        "_MONTH, _QUARTER or _YEAR", shown);
        ob_add(c, out, f->special == T_TSADD ? "date_add('" : "date_diff('");
        ob_add(c, out, u);
        ob_add(c, out, "', ");
        expand(c, out, "%2, %3", args, n);
        ob_add(c, out, ")");
        return true;
    }
    default:
        break;
    }
    const char *tmpl = f->tmpl;
    if (!tmpl) /* substring, round: the Trino call with the same arguments */
        tmpl = !strcmp(name, "substring")
                   ? (n == 2 ? "substr(%1, %2)" : "substr(%1, %2, %3)")
                   : (n == 1 ? "round(%1)" : "round(%1, %2)");
    for (int k = 1; k <= n; k++)
        if (args[k - 1].markers && uses(tmpl, k) > 1)
            return fail(c, "HYC00", open, "{fn %s}: a parameter marker in "
                        "argument %d is not supported (the translation "
                        "evaluates that argument twice)", shown, k);
    expand(c, out, tmpl, args, n);
    return true;
}

/* {fn name(args)}: c->i is just after "fn". */
static bool fn_escape(ectx *c, obuf *out, size_t open)
{
    skip_ws(c);
    size_t nst = c->i;
    char name[64];
    size_t nl = read_word(c, name, sizeof name);
    if (nl == 0)
        return fail(c, "42000", c->i < c->n ? c->i : open,
                    "{fn}: expected a function name");
    char shown[72];
    snprintf(shown, sizeof shown, "%.*s", (int)(nl > 64 ? 64 : nl),
             c->s + nst);
    skip_ws(c);
    obuf args[4];
    memset(args, 0, sizeof args);
    int n = 0;       /* arguments read; past 4 they are joined into args[3] */
    bool ok = true;
    if (c->i < c->n && c->s[c->i] == '(') {
        size_t popen = c->i;
        c->i++;
        skip_ws(c);
        if (c->i < c->n && c->s[c->i] == ')') {
            c->i++;
        } else {
            char what[96];
            snprintf(what, sizeof what, "{fn %s(...)}", shown);
            for (;;) {
                obuf a = {0};
                size_t ast = c->i;
                ok = copy_until(c, &a, STOP_ARG, popen, what);
                ob_addn(c, &a, "", 0);  /* a.p non-NULL */
                if (ok && !c->oom) {
                    trim(&a);
                    if (a.n == 0)
                        ok = fail(c, "42000", ast, "{fn %s}: argument %d "
                                  "is empty", shown, n + 1);
                }
                if (n < 4) {
                    args[n] = a;
                } else {
                    /* more than any ODBC function takes: kept for a
                       pass-through call of one of Trino's functions */
                    ob_add(c, &args[3], ", ");
                    ob_addn(c, &args[3], a.p, a.n);
                    args[3].markers += a.markers;
                    eng_free(a.p);
                }
                n++;
                if (!ok || c->oom)
                    break;
                if (c->s[c->i] == ')') {
                    c->i++;
                    break;
                }
                c->i++; /* ',' */
            }
        }
    }
    if (ok && !c->oom)
        ok = close_brace(c, open, "{fn ...}");
    if (ok && !c->oom)
        ok = emit_fn(c, out, open, name, shown, args, n);
    for (int i = 0; i < 4; i++)
        eng_free(args[i].p);
    return ok && !c->oom;
}

/* One escape starting at c->i ('{'): its translation goes to out. */
static bool escape(ectx *c, obuf *out)
{
    size_t open = c->i;
    if (++c->depth > ESC_MAX_DEPTH)
        return fail(c, "54001", open, "ODBC escapes nested more than %d "
                    "levels deep", ESC_MAX_DEPTH);
    c->i++;
    skip_ws(c);
    char kw[32];
    bool ok;
    if (c->i < c->n && c->s[c->i] == '?') {
        return fail(c, "HYC00", open, "the ODBC escape {?= call ...} is not "
                    "supported: the engine has no procedures");
    }
    size_t kst = c->i;
    size_t kl = read_word(c, kw, sizeof kw);
    if (kl == 0) {
        if (c->i >= c->n)
            return fail(c, "42000", open, "unterminated ODBC escape '{'");
        if (c->s[c->i] == '}')
            return fail(c, "42000", open, "empty ODBC escape '{}'");
        return fail(c, "42000", open, "unknown ODBC escape: '{' followed by "
                    "'%c'", isprint((unsigned char)c->s[c->i])
                                ? c->s[c->i] : '?');
    }
    if (!strcmp(kw, "fn")) {
        ok = fn_escape(c, out, open);
    } else if (!strcmp(kw, "d")) {
        ok = literal_escape(c, out, open, "{d '...'}", "DATE ");
    } else if (!strcmp(kw, "t")) {
        if (!ENGINE_HAS_TIME)
            return fail(c, "HYC00", open, "the ODBC escape {t '...'} is not "
                        "supported: the engine has no TIME type");
        ok = literal_escape(c, out, open, "{t '...'}", "TIME ");
    } else if (!strcmp(kw, "ts")) {
        if (!ENGINE_HAS_TIMESTAMP)
            return fail(c, "HYC00", open, "the ODBC escape {ts '...'} is not "
                        "supported: the engine has no TIMESTAMP type");
        ok = literal_escape(c, out, open, "{ts '...'}", "TIMESTAMP ");
    } else if (!strcmp(kw, "escape")) {
        ok = literal_escape(c, out, open, "{escape '...'}", "ESCAPE ");
    } else if (!strcmp(kw, "oj")) {
        skip_ws(c);
        ok = copy_until(c, out, STOP_BRACE, open, "{oj ...}");
        if (ok && !c->oom)
            c->i++; /* '}' */
    } else if (!strcmp(kw, "interval")) {
        if (!ENGINE_HAS_INTERVAL)
            return fail(c, "HYC00", open, "the ODBC escape {INTERVAL ...} is "
                        "not supported: the engine has no interval types");
        ob_add(c, out, "INTERVAL ");
        skip_ws(c);
        ok = copy_until(c, out, STOP_BRACE, open, "{INTERVAL ...}");
        if (ok && !c->oom)
            c->i++;
    } else if (!strcmp(kw, "call")) {
        return fail(c, "HYC00", open, "the ODBC escape {call ...} is not "
                    "supported: the engine has no procedures");
    } else {
        return fail(c, "42000", open, "unknown ODBC escape '{%.*s'",
                    (int)(kl > 32 ? 32 : kl), c->s + kst);
    }
    c->depth--;
    return ok && !c->oom;
}

/* See driver.h. */
esc_rc esc_translate(const char *sql, size_t len, char **out, size_t *outlen,
                     esc_err *err)
{
    memset(err, 0, sizeof *err);
    *out = NULL;
    *outlen = 0;
    if (!memchr(sql, '{', len) && !memchr(sql, '}', len))
        return ESC_OK;
    ectx c = {sql, len, 0, 0, false, err};
    obuf b = {0};
    bool ok = copy_until(&c, &b, STOP_END, 0, "");
    if (c.oom) {
        eng_free(b.p);
        return ESC_NOMEM;
    }
    if (!ok) {
        eng_free(b.p);
        return ESC_ERROR;
    }
    ob_addn(&c, &b, "", 0);
    if (c.oom) {
        eng_free(b.p);
        return ESC_NOMEM;
    }
    *out = b.p;
    *outlen = b.n;
    return ESC_OK;
}
