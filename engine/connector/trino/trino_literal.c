/*
 * engine/connector/trino/trino_literal.c
 *   Engine values as typed Trino SQL literals (see trino_literal.h).
 * Interface: trino_literal.
 * Not here: the pushdown's literals of the trino connector
 *   (trino_connector.c, which ships a narrower whitelist of types).
 *
 * Why typed literals: `EXECUTE s USING 5` gives the parameter Trino's
 * integer, while the application's value may be a bigint or a
 * decimal(10,2); the prefix keeps the engine's type, so an untyped
 * marker (`select ?`) returns the type the application bound, as in
 * embedded mode. Strings are the only values whose bytes come from the
 * application: they are always between single quotes with every quote
 * doubled, and control characters (which a log or a terminal would
 * show as something else) travel as Unicode escapes.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "trino_literal.h"

/* True when the n bytes of s hold a C0 control character or DEL. */
static bool has_control(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            return true;
    return false;
}

/* 'text' with quotes doubled, or U&'text' with control characters as
 * \XXXX and backslashes doubled (Trino's Unicode string literal). */
static void put_string(eng_strbuf *b, const char *s, size_t n)
{
    if (!has_control(s, n)) {
        eng_sb_quoted(b, '\'', s, n);
        return;
    }
    eng_sb_puts(b, "U&'");
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f)
            eng_sb_printf(b, "\\%04X", c);
        else if (c == '\\')
            eng_sb_puts(b, "\\\\");
        else if (c == '\'')
            eng_sb_puts(b, "''");
        else
            eng_sb_putc(b, (char)c);
    }
    eng_sb_putc(b, '\'');
}

/* INTERVAL [-]'text' qualifier: Trino puts the sign before the string. */
static void put_interval(eng_strbuf *b, const char *text, const char *qual)
{
    eng_sb_puts(b, "INTERVAL ");
    if (*text == '-') {
        eng_sb_putc(b, '-');
        text++;
    }
    eng_sb_quoted(b, '\'', text, strlen(text));
    eng_sb_printf(b, " %s", qual);
}

void trino_literal(eng_strbuf *b, const eng_value *v)
{
    char buf[64];
    if (v->is_null || v->type.id == ENG_T_UNKNOWN) {
        if (v->type.id == ENG_T_UNKNOWN) {
            eng_sb_puts(b, "NULL");
        } else {
            eng_sb_printf(b, "CAST(NULL AS %s)",
                          eng_type_name(v->type, buf, sizeof buf));
        }
        return;
    }
    switch (v->type.id) {
    case ENG_T_BOOLEAN:
        eng_sb_puts(b, v->u.b ? "TRUE" : "FALSE");
        return;
    case ENG_T_SMALLINT:
    case ENG_T_INTEGER:
    case ENG_T_BIGINT:
        eng_sb_printf(b, "%s '%lld'",
                      eng_type_is_tinyint(v->type) ? "TINYINT"
                      : v->type.id == ENG_T_SMALLINT ? "SMALLINT"
                      : v->type.id == ENG_T_INTEGER ? "INTEGER" : "BIGINT",
                      (long long)v->u.i);
        return;
    case ENG_T_DOUBLE: {
        /* a real keeps its type: the double holds the float exactly, so
         * the cast back is exact */
        bool real = eng_type_is_real(v->type);
        if (real)
            eng_sb_puts(b, "CAST(");
        if (isnan(v->u.d))
            eng_sb_puts(b, "nan()");
        else if (isinf(v->u.d))
            eng_sb_puts(b, v->u.d > 0 ? "infinity()" : "-infinity()");
        else
            eng_sb_printf(b, "DOUBLE '%.17g'", v->u.d);
        if (real)
            eng_sb_puts(b, " AS REAL)");
        return;
    }
    case ENG_T_DECIMAL:
        eng_decimal_format(v->u.dec, v->type.scale, buf, sizeof buf);
        eng_sb_printf(b, "DECIMAL '%s'", buf);
        return;
    case ENG_T_VARCHAR:
        /* char(n) is kept without its trailing blanks: Trino pads it */
        if (eng_type_is_char(v->type))
            eng_sb_puts(b, "CAST(");
        put_string(b, v->u.s.ptr ? v->u.s.ptr : "", v->u.s.len);
        if (eng_type_is_char(v->type))
            eng_sb_printf(b, " AS char(%d))", v->type.length);
        return;
    case ENG_T_TIMESTAMP_TZ:
    case ENG_T_TIME_TZ: {
        /* Trino's text with the zone: TIMESTAMP '... America/New_York',
         * TIME '10:00:00.000+05:00' */
        char tz[128];
        if (v->type.id == ENG_T_TIMESTAMP_TZ)
            eng_tstz_format(v->u.tz, v->type.precision, tz, sizeof tz);
        else
            eng_timetz_format(v->u.tz, v->type.precision, tz, sizeof tz);
        eng_sb_printf(b, "%s '%s'",
                      v->type.id == ENG_T_TIMESTAMP_TZ ? "TIMESTAMP" : "TIME", tz);
        return;
    }
    case ENG_T_DATE:
        eng_date_format(v->u.date, buf, sizeof buf);
        eng_sb_printf(b, "DATE '%s'", buf);
        return;
    case ENG_T_TIMESTAMP:
        eng_ts_format(v->u.i, v->type.precision, buf, sizeof buf);
        eng_sb_printf(b, "TIMESTAMP '%s'", buf);
        return;
    case ENG_T_TIME:
        eng_time_format(v->u.i, v->type.precision, buf, sizeof buf);
        eng_sb_printf(b, "TIME '%s'", buf);
        return;
    case ENG_T_INTERVAL_DS:
        eng_interval_ds_format(v->u.i, buf, sizeof buf);
        put_interval(b, buf, "DAY TO SECOND");
        return;
    case ENG_T_INTERVAL_YM:
        eng_interval_ym_format(v->u.i, buf, sizeof buf);
        put_interval(b, buf, "YEAR TO MONTH");
        return;
    case ENG_T_VARBINARY:
        /* X'0A0B': hex digits only, nothing to quote */
        eng_sb_puts(b, "X'");
        for (uint32_t k = 0; k < v->u.s.len; k++) {
            eng_hex_format((const uint8_t *)v->u.s.ptr + k, 1, true, buf);
            eng_sb_add(b, buf, 2);
        }
        eng_sb_putc(b, '\'');
        return;
    case ENG_T_UUID:
        if (v->u.s.len == 16) {
            eng_uuid_format((const uint8_t *)v->u.s.ptr, buf);
            eng_sb_printf(b, "UUID '%.36s'", buf);
        } else {
            eng_sb_puts(b, "NULL");
        }
        return;
    case ENG_T_JSON:
        /* JSON '...': the server parses the text back into the value */
        eng_sb_puts(b, "JSON ");
        eng_sb_quoted(b, '\'', v->u.s.ptr ? v->u.s.ptr : "", v->u.s.len);
        return;
    default:
        /* every engine type is above; an unknown id would be a bug:
         * send NULL rather than anything the server could misread */
        eng_sb_puts(b, "NULL");
        return;
    }
}
