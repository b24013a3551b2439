/*
 * driver/convert_str.c
 *   Engine values to character and binary C types (SQL_C_CHAR,
 *   SQL_C_WCHAR, SQL_C_BINARY, SQL_C_GUID), the text form of every value
 *   (varbinary as upper-case hex, uuid as its 36 characters), and the
 *   dispatcher that sends each C type to its converter.
 * Interface: conv_value, conv_text, conv_to_char, conv_to_wchar,
 *   conv_to_binary, conv_c_size, conv_c_type_valid.
 * Not here: numbers (convert_num.c), dates (convert_datetime.c).
 *
 * Text forms follow Trino's printing: decimals with all their scale
 * digits, dates YYYY-MM-DD, doubles in the shortest form that reads
 * back to the same value; booleans are "1"/"0" as ODBC's bit-to-char
 * rule requires. Character data is returned in parts for SQLGetData:
 * t->offset says how much was already returned, t->consumed and t->done
 * report progress. Lengths are bytes (SQL_C_WCHAR: UTF-16 bytes).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "driver.h"

/* Fixed buffer size of a C type, 0 for variable-length types. */
SQLLEN conv_c_size(SQLSMALLINT ctype)
{
    switch (ctype) {
    case SQL_C_BIT: case SQL_C_STINYINT: case SQL_C_UTINYINT:
    case SQL_C_TINYINT:
        return 1;
    case SQL_C_SSHORT: case SQL_C_USHORT: case SQL_C_SHORT:
        return sizeof(SQLSMALLINT);
    case SQL_C_SLONG: case SQL_C_ULONG: case SQL_C_LONG:
        return sizeof(SQLINTEGER);
    case SQL_C_SBIGINT: case SQL_C_UBIGINT:
        return sizeof(SQLBIGINT);
    case SQL_C_FLOAT:
        return sizeof(SQLREAL);
    case SQL_C_DOUBLE:
        return sizeof(SQLDOUBLE);
    case SQL_C_NUMERIC:
        return sizeof(SQL_NUMERIC_STRUCT);
    case SQL_C_TYPE_DATE: case SQL_C_DATE:
        return sizeof(SQL_DATE_STRUCT);
    case SQL_C_TYPE_TIME: case SQL_C_TIME:
        return sizeof(SQL_TIME_STRUCT);
    case SQL_C_TYPE_TIMESTAMP: case SQL_C_TIMESTAMP:
        return sizeof(SQL_TIMESTAMP_STRUCT);
    case SQL_C_INTERVAL_DAY_TO_SECOND: case SQL_C_INTERVAL_YEAR_TO_MONTH:
        return sizeof(SQL_INTERVAL_STRUCT);
    case SQL_C_GUID:
        return sizeof(SQLGUID);
    default:
        return 0;
    }
}

/* True for the C types this driver converts to. */
bool conv_c_type_valid(SQLSMALLINT ctype)
{
    return ctype == SQL_C_CHAR || ctype == SQL_C_WCHAR ||
           ctype == SQL_C_BINARY || conv_c_size(ctype) > 0;
}

/*
 * Writes the text form of the non-NULL value v into s->scratch
 * (NUL-terminated) and returns it with its byte length; NULL on OOM.
 */
const char *conv_text(drv_stmt *s, const eng_value *v, size_t *len)
{
    char buf[64];
    const char *src = buf;
    size_t n;
    if (v->type.id == ENG_T_VARBINARY) {
        /* binary to character: two upper-case hex digits a byte (ODBC
         * appendix D; psqlODBC and SQL Server do the same) */
        n = (size_t)v->u.s.len * 2;
        if (!stmt_scratch(s, n + 1))
            return NULL;
        eng_hex_format((const uint8_t *)v->u.s.ptr, v->u.s.len, true,
                       s->scratch);
        s->scratch[n] = '\0';
        *len = n;
        return s->scratch;
    }
    switch (v->type.id) {
    case ENG_T_BOOLEAN:
        n = (size_t)snprintf(buf, sizeof buf, "%d", v->u.b ? 1 : 0);
        break;
    case ENG_T_SMALLINT: case ENG_T_INTEGER: case ENG_T_BIGINT:
        n = (size_t)eng_int_format(v->u.i, buf);
        break;
    case ENG_T_DOUBLE: {
        double d = v->u.d;
        if (isnan(d))
            n = (size_t)snprintf(buf, sizeof buf, "NaN");
        else if (isinf(d))
            n = (size_t)snprintf(buf, sizeof buf, d > 0 ? "Infinity"
                                                        : "-Infinity");
        else {
            /* a real: the fewest digits that read back as its float */
            bool real = eng_type_is_real(v->type);
            for (int p = real ? 6 : 15; p <= 17; p++) {
                n = (size_t)snprintf(buf, sizeof buf, "%.*g", p, d);
                if (real ? (double)strtof(buf, NULL) == d
                         : strtod(buf, NULL) == d)
                    break;
            }
        }
        break;
    }
    case ENG_T_DECIMAL:
        n = (size_t)eng_decimal_format(v->u.dec, v->type.scale, buf,
                                       sizeof buf);
        break;
    case ENG_T_DATE:
        n = (size_t)eng_date_format(v->u.date, buf, sizeof buf);
        break;
    case ENG_T_TIMESTAMP:
        n = (size_t)eng_ts_format(v->u.i, v->type.precision, buf, sizeof buf);
        break;
    case ENG_T_TIME:
        n = (size_t)eng_time_format(v->u.i, v->type.precision, buf, sizeof buf);
        break;
    case ENG_T_INTERVAL_DS:
        n = (size_t)eng_interval_ds_format(v->u.i, buf, sizeof buf);
        break;
    case ENG_T_TIMESTAMP_TZ:   /* Trino's text, zone included */
        n = (size_t)eng_tstz_format(v->u.tz, v->type.precision, buf, sizeof buf);
        break;
    case ENG_T_TIME_TZ:
        n = (size_t)eng_timetz_format(v->u.tz, v->type.precision, buf, sizeof buf);
        break;
    case ENG_T_INTERVAL_YM:
        n = (size_t)eng_interval_ym_format(v->u.i, buf, sizeof buf);
        break;
    case ENG_T_VARCHAR:
    case ENG_T_JSON:    /* json's canonical text, as Trino's clients show it */
        src = v->u.s.ptr ? v->u.s.ptr : "";
        n = v->u.s.len;
        break;
    case ENG_T_UUID:
        n = 0;
        if (v->u.s.len == 16) {
            eng_uuid_format((const uint8_t *)v->u.s.ptr, buf);
            n = 36;
        }
        break;
    default:
        buf[0] = '\0';
        n = 0;
        break;
    }
    if (!stmt_scratch(s, n + 1))
        return NULL;
    memcpy(s->scratch, src, n);
    s->scratch[n] = '\0';
    *len = n;
    return s->scratch;
}

/* True for values whose text form must not be cut in the middle
 * (a uuid's text too: 22003 when it does not fit, as GUID to char). */
static bool is_numeric_text(const eng_value *v)
{
    return v->type.id != ENG_T_VARCHAR && v->type.id != ENG_T_VARBINARY &&
           v->type.id != ENG_T_JSON;
}

/*
 * Non-character values that do not fit a character buffer: 01004 when
 * only fractional digits are lost (the cut text is returned whole),
 * 22003 when the integer part (or a date) does not fit.
 */
static SQLRETURN number_too_long(drv_stmt *s, const eng_value *v,
                                 const char *txt, size_t n, conv_target *t,
                                 size_t room)
{
    const char *dot = strchr(txt, '.');
    bool fits_int = dot && (size_t)(dot - txt) <= room &&
                    v->type.id != ENG_T_DATE && !strpbrk(txt, "eE");
    if (!fits_int)
        return diag_pushrc(&s->diag, "22003", t->row, t->col,
                           "numeric value out of range: the %zu-character "
                           "value of column %d does not fit a buffer of "
                           "%ld bytes", n, (int)t->col, (long)t->buflen);
    t->done = true;
    t->consumed = n;
    return diag_pushrc(&s->diag, "01004", t->row, t->col,
                       "string data, right truncated (fractional digits "
                       "of column %d)", (int)t->col);
}

/* SQL_C_CHAR: UTF-8 text, NUL-terminated, in parts. */
SQLRETURN conv_to_char(drv_stmt *s, const eng_value *v, conv_target *t)
{
    size_t n;
    const char *txt = conv_text(s, v, &n);
    if (!txt)
        return diag_oom(&s->diag);
    size_t off = t->offset <= n ? t->offset : n;
    size_t rem = n - off;
    if (t->len_out)
        *t->len_out = (SQLLEN)rem;
    size_t room = t->ptr && t->buflen > 0 ? (size_t)t->buflen - 1 : 0;
    if (rem <= room) {
        if (t->ptr && t->buflen > 0) {
            memcpy(t->ptr, txt + off, rem);
            ((char *)t->ptr)[rem] = '\0';
        }
        t->consumed = n;
        t->done = true;
        return SQL_SUCCESS;
    }
    if (is_numeric_text(v) && off == 0 && t->buflen > 0) {
        SQLRETURN rc = number_too_long(s, v, txt, n, t, room);
        if (rc != SQL_ERROR && t->ptr) {
            memcpy(t->ptr, txt, room);
            ((char *)t->ptr)[room] = '\0';
        }
        return rc;
    }
    size_t k = room;
    if (v->type.id == ENG_T_VARBINARY && k > 1)
        k -= k % 2;   /* whole bytes of hex, unless one digit is all
                         that fits (then parts still progress) */
    while (k > 0 && ((unsigned char)txt[off + k] & 0xC0) == 0x80)
        k--;  /* do not split a UTF-8 sequence */
    if (t->ptr && t->buflen > 0) {
        memcpy(t->ptr, txt + off, k);
        ((char *)t->ptr)[k] = '\0';
    }
    t->consumed = off + k;
    t->done = false;
    return diag_pushrc(&s->diag, "01004", t->row, t->col,
                       "string data, right truncated (column %d: %zu bytes "
                       "remain)", (int)t->col, rem);
}

/* SQL_C_WCHAR: UTF-16 text, NUL-terminated, in parts (offset in units). */
SQLRETURN conv_to_wchar(drv_stmt *s, const eng_value *v, conv_target *t)
{
    size_t n;
    const char *txt = conv_text(s, v, &n);
    if (!txt)
        return diag_oom(&s->diag);
    size_t total = uc_utf16_len(txt, n);
    SQLWCHAR *w = eng_malloc((total + 1) * sizeof(SQLWCHAR));
    if (!w)
        return diag_oom(&s->diag);
    uc_from_utf8(txt, n, w, total + 1, &total);
    size_t off = t->offset <= total ? t->offset : total;
    size_t rem = total - off;
    if (t->len_out)
        *t->len_out = (SQLLEN)(rem * sizeof(SQLWCHAR));
    size_t room = t->ptr && t->buflen >= (SQLLEN)sizeof(SQLWCHAR)
                      ? (size_t)t->buflen / sizeof(SQLWCHAR) - 1 : 0;
    SQLRETURN rc = SQL_SUCCESS;
    size_t k = rem;
    if (rem > room) {
        k = room;
        if (k > 0 && w[off + k - 1] >= 0xD800 && w[off + k - 1] < 0xDC00)
            k--;  /* keep a surrogate pair together */
        rc = diag_pushrc(&s->diag, "01004", t->row, t->col,
                         "string data, right truncated (column %d)",
                         (int)t->col);
    }
    if (t->ptr && t->buflen >= (SQLLEN)sizeof(SQLWCHAR)) {
        memcpy(t->ptr, w + off, k * sizeof(SQLWCHAR));
        ((SQLWCHAR *)t->ptr)[k] = 0;
    }
    eng_free(w);
    t->consumed = off + k;
    t->done = k == rem;
    return rc;
}

/* A uuid's 16 bytes (most significant first) as an SQLGUID (Data1..3 in
 * the machine's byte order, Data4 as is). */
static void uuid_to_guid(const uint8_t *u, SQLGUID *g)
{
    g->Data1 = (DWORD)u[0] << 24 | (DWORD)u[1] << 16 | (DWORD)u[2] << 8 | u[3];
    g->Data2 = (WORD)(u[4] << 8 | u[5]);
    g->Data3 = (WORD)(u[6] << 8 | u[7]);
    memcpy(g->Data4, u + 8, 8);
}

/*
 * SQL_C_BINARY, in parts: a varbinary's bytes; a uuid as its SQLGUID
 * structure (ODBC appendix D); any other value the bytes of its text
 * form (no NUL).
 */
SQLRETURN conv_to_binary(drv_stmt *s, const eng_value *v, conv_target *t)
{
    size_t n;
    const char *txt;
    SQLGUID g;
    if (v->type.id == ENG_T_VARBINARY) {
        txt = v->u.s.len ? v->u.s.ptr : "";
        n = v->u.s.len;
    } else if (v->type.id == ENG_T_UUID && v->u.s.len == 16) {
        uuid_to_guid((const uint8_t *)v->u.s.ptr, &g);
        txt = (const char *)&g;
        n = sizeof g;
    } else {
        txt = conv_text(s, v, &n);
    }
    if (!txt)
        return diag_oom(&s->diag);
    size_t off = t->offset <= n ? t->offset : n;
    size_t rem = n - off;
    if (t->len_out)
        *t->len_out = (SQLLEN)rem;
    size_t room = t->ptr && t->buflen > 0 ? (size_t)t->buflen : 0;
    size_t k = rem <= room ? rem : room;
    if (t->ptr && k)
        memcpy(t->ptr, txt + off, k);
    t->consumed = off + k;
    t->done = k == rem;
    if (!t->done)
        return diag_pushrc(&s->diag, "01004", t->row, t->col,
                           "binary data, right truncated (column %d)",
                           (int)t->col);
    return SQL_SUCCESS;
}

/*
 * SQL_C_GUID: from a uuid, or from a varchar holding uuid text (22018
 * otherwise); any other type is 07006.
 */
static SQLRETURN conv_to_guid(drv_stmt *s, const eng_value *v, conv_target *t)
{
    uint8_t u[16];
    if (v->type.id == ENG_T_UUID && v->u.s.len == 16) {
        memcpy(u, v->u.s.ptr, 16);
    } else if (v->type.id == ENG_T_VARCHAR) {
        if (!eng_uuid_parse(v->u.s.ptr ? v->u.s.ptr : "", v->u.s.len, u))
            return diag_pushrc(&s->diag, "22018", t->row, t->col,
                               "invalid character value for cast: column "
                               "%d is not a GUID", (int)t->col);
    } else {
        return diag_pushrc(&s->diag, "07006", t->row, t->col,
                           "restricted data type attribute violation: "
                           "column %d cannot be converted to SQL_C_GUID",
                           (int)t->col);
    }
    if (t->ptr)
        uuid_to_guid(u, (SQLGUID *)t->ptr);
    if (t->len_out)
        *t->len_out = (SQLLEN)sizeof(SQLGUID);
    t->consumed = sizeof(SQLGUID);
    t->done = true;
    return SQL_SUCCESS;
}

/* Dispatches to the converter of t->ctype; see driver.h. */
SQLRETURN conv_value(drv_stmt *s, const eng_value *v, conv_target *t)
{
    /* binary and GUID data go only to character, binary and GUID
     * buffers (ODBC appendix D) */
    if ((v->type.id == ENG_T_VARBINARY || v->type.id == ENG_T_UUID) &&
        t->ctype != SQL_C_CHAR && t->ctype != SQL_C_WCHAR &&
        t->ctype != SQL_C_BINARY && t->ctype != SQL_C_GUID) {
        t->done = true;
        return diag_pushrc(&s->diag, "07006", t->row, t->col,
                           "restricted data type attribute violation: "
                           "column %d (%s) cannot be converted to C type %d",
                           (int)t->col, v->type.id == ENG_T_UUID ? "uuid"
                           : "varbinary", (int)t->ctype);
    }
    switch (t->ctype) {
    case SQL_C_CHAR:
        return conv_to_char(s, v, t);
    case SQL_C_WCHAR:
        return conv_to_wchar(s, v, t);
    case SQL_C_BINARY:
        return conv_to_binary(s, v, t);
    case SQL_C_GUID:
        return conv_to_guid(s, v, t);
    case SQL_C_TYPE_DATE: case SQL_C_DATE:
    case SQL_C_TYPE_TIME: case SQL_C_TIME:
    case SQL_C_TYPE_TIMESTAMP: case SQL_C_TIMESTAMP:
    case SQL_C_INTERVAL_DAY_TO_SECOND: case SQL_C_INTERVAL_YEAR_TO_MONTH:
        return conv_to_datetime(s, v, t);
    default:
        if (conv_c_size(t->ctype) > 0)
            return conv_to_number(s, v, t);
        return diag_pushrc(&s->diag, "HY003", t->row, t->col,
                           "invalid application buffer type %d",
                           (int)t->ctype);
    }
}
