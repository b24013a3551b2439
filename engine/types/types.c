/*
 * engine/types/types.c
 *   Logical types: constructors, equality, Trino names, storage widths.
 * Interface: eng_type_make, eng_type_decimal, eng_type_varchar,
 *   eng_type_timestamp, eng_type_time, eng_type_timestamp_tz,
 *   eng_type_time_tz, eng_type_is_tz, eng_type_is_temporal64,
 *   eng_type_equal, eng_type_is_integer, eng_type_is_numeric,
 *   eng_type_is_str,
 *   eng_type_name, eng_type_width.
 * Not here: batches (batch.c), decimals (decimal.c), dates (date.c),
 *   casts and text forms (cast.c).
 */
#include <stdio.h>
#include <string.h>
#include "types.h"

/*
 * Returns the type `id` with default parameters: decimal is decimal(38,0)
 * (Trino's bare DECIMAL), varchar is unbounded.
 */
eng_type eng_type_make(eng_type_id id)
{
    eng_type t;
    memset(&t, 0, sizeof t);
    t.id = id;
    if (id == ENG_T_DECIMAL)
        t.precision = ENG_DECIMAL_MAX_PRECISION;
    if (id == ENG_T_TIMESTAMP || id == ENG_T_TIME ||
        id == ENG_T_TIMESTAMP_TZ || id == ENG_T_TIME_TZ)
        t.precision = ENG_TS_DEFAULT_PRECISION;
    return t;
}

static int clamp_p(int p)
{
    return p < 0 ? 0 : p > ENG_TS_MAX_PRECISION ? ENG_TS_MAX_PRECISION : p;
}

/* Returns timestamp(p) (without time zone). */
eng_type eng_type_timestamp(int p)
{
    eng_type t = eng_type_make(ENG_T_TIMESTAMP);
    t.precision = clamp_p(p);
    return t;
}

/* Returns time(p). */
eng_type eng_type_time(int p)
{
    eng_type t = eng_type_make(ENG_T_TIME);
    t.precision = clamp_p(p);
    return t;
}

/* Returns timestamp(p) with time zone. */
eng_type eng_type_timestamp_tz(int p)
{
    eng_type t = eng_type_make(ENG_T_TIMESTAMP_TZ);
    t.precision = clamp_p(p);
    return t;
}

/* Returns time(p) with time zone. */
eng_type eng_type_time_tz(int p)
{
    eng_type t = eng_type_make(ENG_T_TIME_TZ);
    t.precision = clamp_p(p);
    return t;
}

bool eng_type_is_tz(eng_type_id id)
{
    return id == ENG_T_TIMESTAMP_TZ || id == ENG_T_TIME_TZ;
}

bool eng_type_is_temporal64(eng_type_id id)
{
    return id == ENG_T_TIMESTAMP || id == ENG_T_TIME ||
           id == ENG_T_INTERVAL_DS || id == ENG_T_INTERVAL_YM;
}

/* Returns decimal(precision, scale); the caller keeps 1 <= p <= 38 and
 * 0 <= s <= p (the binder reports violations). */
eng_type eng_type_decimal(int precision, int scale)
{
    eng_type t = eng_type_make(ENG_T_DECIMAL);
    t.precision = precision;
    t.scale = scale;
    return t;
}

/* Returns varchar(length); length 0 means unbounded. */
eng_type eng_type_varchar(int length)
{
    eng_type t = eng_type_make(ENG_T_VARCHAR);
    t.length = length < 0 ? 0 : length;
    return t;
}

/* Returns char(length) (Trino's bare `char` is char(1)). */
eng_type eng_type_char(int length)
{
    eng_type t = eng_type_varchar(length < 1 ? 1 : length);
    t.scale = ENG_VARCHAR_CHAR;
    return t;
}

/* Returns real (see ENG_DOUBLE_REAL). */
eng_type eng_type_real(void)
{
    eng_type t = eng_type_make(ENG_T_DOUBLE);
    t.precision = ENG_DOUBLE_REAL;
    return t;
}

/* Returns tinyint (see ENG_SMALLINT_TINY). */
eng_type eng_type_tinyint(void)
{
    eng_type t = eng_type_make(ENG_T_SMALLINT);
    t.precision = ENG_SMALLINT_TINY;
    return t;
}

/* See types.h. */
void eng_int_range(eng_type t, int64_t *lo, int64_t *hi)
{
    switch (t.id) {
    case ENG_T_SMALLINT:
        if (eng_type_is_tinyint(t)) { *lo = INT8_MIN; *hi = INT8_MAX; }
        else { *lo = INT16_MIN; *hi = INT16_MAX; }
        break;
    case ENG_T_INTEGER: *lo = INT32_MIN; *hi = INT32_MAX; break;
    default: *lo = INT64_MIN; *hi = INT64_MAX; break;
    }
}

/* True when a and b are the same type, parameters included (decimal
 * precision and scale, varchar length, timestamp/time precision). */
bool eng_type_equal(eng_type a, eng_type b)
{
    if (a.id != b.id)
        return false;
    if (a.id == ENG_T_DECIMAL)
        return a.precision == b.precision && a.scale == b.scale;
    if (a.id == ENG_T_VARCHAR || a.id == ENG_T_ARRAY)   /* array: its entry */
        return a.length == b.length && a.scale == b.scale;
    if (a.id == ENG_T_TIMESTAMP || a.id == ENG_T_TIME ||
        eng_type_is_tz(a.id) || a.id == ENG_T_DOUBLE ||
        a.id == ENG_T_SMALLINT)
        return a.precision == b.precision;   /* double: real or not;
                                                smallint: tinyint or not */
    return true;
}

bool eng_type_is_integer(eng_type_id id)
{
    return id == ENG_T_SMALLINT || id == ENG_T_INTEGER || id == ENG_T_BIGINT;
}

bool eng_type_is_str(eng_type_id id)
{
    return id == ENG_T_VARCHAR || id == ENG_T_VARBINARY || id == ENG_T_UUID ||
           id == ENG_T_JSON;
}

bool eng_type_is_numeric(eng_type_id id)
{
    return eng_type_is_integer(id) || id == ENG_T_DECIMAL ||
           id == ENG_T_DOUBLE;
}

/*
 * Writes Trino's name of t into buf (cap bytes, 32 suffice) and returns
 * buf: boolean, tinyint, smallint, integer, bigint, double, decimal(p,s), varchar
 * or varchar(n), date, timestamp(p), time(p), interval day to second,
 * interval year to month, varbinary, uuid, json, unknown.
 */
const char *eng_type_name(eng_type t, char *buf, size_t cap)
{
    if (!buf || cap == 0)
        return "";
    switch (t.id) {
    case ENG_T_BOOLEAN: snprintf(buf, cap, "boolean"); break;
    case ENG_T_SMALLINT:
        snprintf(buf, cap, eng_type_is_tinyint(t) ? "tinyint" : "smallint");
        break;
    case ENG_T_INTEGER: snprintf(buf, cap, "integer"); break;
    case ENG_T_BIGINT: snprintf(buf, cap, "bigint"); break;
    case ENG_T_DOUBLE:
        snprintf(buf, cap, eng_type_is_real(t) ? "real" : "double");
        break;
    case ENG_T_DECIMAL:
        snprintf(buf, cap, "decimal(%d,%d)", t.precision, t.scale);
        break;
    case ENG_T_VARCHAR:
        if (eng_type_is_char(t))
            snprintf(buf, cap, "char(%d)", t.length);
        else if (t.length > 0)
            snprintf(buf, cap, "varchar(%d)", t.length);
        else
            snprintf(buf, cap, "varchar");
        break;
    case ENG_T_DATE: snprintf(buf, cap, "date"); break;
    case ENG_T_TIMESTAMP: snprintf(buf, cap, "timestamp(%d)", t.precision); break;
    case ENG_T_TIME: snprintf(buf, cap, "time(%d)", t.precision); break;
    case ENG_T_TIMESTAMP_TZ:
        snprintf(buf, cap, "timestamp(%d) with time zone", t.precision);
        break;
    case ENG_T_TIME_TZ:
        snprintf(buf, cap, "time(%d) with time zone", t.precision);
        break;
    case ENG_T_INTERVAL_DS: snprintf(buf, cap, "interval day to second"); break;
    case ENG_T_INTERVAL_YM: snprintf(buf, cap, "interval year to month"); break;
    case ENG_T_VARBINARY: snprintf(buf, cap, "varbinary"); break;
    case ENG_T_UUID: snprintf(buf, cap, "uuid"); break;
    case ENG_T_JSON: snprintf(buf, cap, "json"); break;
    case ENG_T_ARRAY: snprintf(buf, cap, "%s", eng_type_array_name(t)); break;
    case ENG_T_UNKNOWN:
    default: snprintf(buf, cap, "unknown"); break;
    }
    return buf;
}

/* Bytes of one element of a vector of this type (see types.h). */
size_t eng_type_width(eng_type_id id)
{
    switch (id) {
    case ENG_T_BOOLEAN: return sizeof(uint8_t);
    case ENG_T_SMALLINT: return sizeof(int16_t);
    case ENG_T_INTEGER: return sizeof(int32_t);
    case ENG_T_BIGINT: return sizeof(int64_t);
    case ENG_T_DOUBLE: return sizeof(double);
    case ENG_T_DECIMAL: return sizeof(eng_int128);
    case ENG_T_VARCHAR:
    case ENG_T_VARBINARY:
    case ENG_T_UUID:
    case ENG_T_JSON: return sizeof(eng_str);
    case ENG_T_DATE: return sizeof(int32_t);
    case ENG_T_TIMESTAMP:
    case ENG_T_TIME:
    case ENG_T_INTERVAL_DS:
    case ENG_T_INTERVAL_YM: return sizeof(int64_t);
    case ENG_T_TIMESTAMP_TZ:
    case ENG_T_TIME_TZ: return sizeof(eng_tstz);
    case ENG_T_ARRAY: return sizeof(eng_arr);
    case ENG_T_UNKNOWN:
    default: return sizeof(uint8_t);
    }
}
