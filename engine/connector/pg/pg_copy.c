/*
 * engine/connector/pg/pg_copy.c
 *   Decoder of PostgreSQL's binary COPY format (COPY ... TO STDOUT (FORMAT
 *   binary)) into the typed column vectors of an engine batch.
 * Interface: pg_copy_decoder_init, pg_copy_decode_row, pg_utf8_valid.
 * Not here: reading the stream from the server (pg_scan.c), choosing the
 *   engine type of a remote column (pg_meta.c).
 *
 * Format (PostgreSQL docs, "COPY: Binary Format"): an 11-byte signature
 * "PGCOPY\n\377\r\n\0", an int32 flags word (bit 16 = OIDs included, which
 * we never ask for; bits 0-15 are reserved and must be zero, so any of
 * them set means a format we do not understand), an int32 header
 * extension length and that many bytes to skip. Then tuples: an int16
 * field count (-1 = trailer), and per field an int32 length (-1 = NULL)
 * followed by the value in the type's send() representation, all
 * integers in network byte order.
 *
 * Everything here is pure computation over (pointer, length) pairs. The
 * reader below is the only code that touches the buffer, and it checks
 * every read against the remaining length.
 */
#include <string.h>
#include "pg_copy.h"

static const unsigned char copy_signature[11] = {
    'P', 'G', 'C', 'O', 'P', 'Y', '\n', 0xff, '\r', '\n', '\0'
};

/* Days from 1970-01-01 (engine epoch) to 2000-01-01 (PostgreSQL epoch). */
#define PG_EPOCH_OFFSET_DAYS 10957
#define PG_EPOCH_OFFSET_US (10957LL * 86400000000LL)

/* Network (big-endian) order to the host's. */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define BE16(x) __builtin_bswap16(x)
#define BE32(x) __builtin_bswap32(x)
#define BE64(x) __builtin_bswap64(x)
#else
#define BE16(x) (x)
#define BE32(x) (x)
#define BE64(x) (x)
#endif

/* A bounds-checked cursor over one message. */
typedef struct reader {
    const unsigned char *p;
    size_t len;
    size_t off;
} reader;

/* Reads n big-endian bytes as an unsigned integer into *out. Returns false
 * (reading nothing) when fewer than n bytes remain. */
static inline bool read_be(reader *r, int n, uint64_t *out)
{
    const unsigned char *p = r->p + r->off;
    if (r->len - r->off < (size_t)n)
        return false;
    /* one load and a byte swap for the widths the format uses (a byte
     * loop cost a fifth of the decode) */
    switch (n) {
    case 2: { uint16_t x; memcpy(&x, p, 2); *out = BE16(x); break; }
    case 4: { uint32_t x; memcpy(&x, p, 4); *out = BE32(x); break; }
    case 8: { uint64_t x; memcpy(&x, p, 8); *out = BE64(x); break; }
    default: {
        uint64_t v = 0;
        for (int i = 0; i < n; i++)
            v = (v << 8) | p[i];
        *out = v;
        break;
    }
    }
    r->off += (size_t)n;
    return true;
}

/* Reads a signed network-order int16; false when truncated. */
static bool read_i16(reader *r, int16_t *out)
{
    uint64_t v;
    if (!read_be(r, 2, &v))
        return false;
    *out = (int16_t)(uint16_t)v;
    return true;
}

/* Reads a signed network-order int32; false when truncated. */
static bool read_i32(reader *r, int32_t *out)
{
    uint64_t v;
    if (!read_be(r, 4, &v))
        return false;
    *out = (int32_t)(uint32_t)v;
    return true;
}

/* Formats an 08P01 error about column `name` (NULL: the stream itself). */
static eng_rc protocol_error(eng_error *err, const char *name,
                             const char *what)
{
    if (name)
        return eng_err_set(err, ENG_ERR_PROTOCOL_VIOLATION, 0,
                           "protocol violation in COPY data for column "
                           "\"%s\": %s", name, what);
    return eng_err_set(err, ENG_ERR_PROTOCOL_VIOLATION, 0,
                       "protocol violation in COPY data: %s", what);
}

/*
 * A json or jsonb column (selected as ::text, so its text arrives) into
 * Trino's json: the canonical text (types/json.c), which is what Trino's
 * PostgreSQL connector reads too (jsonParse). Text PostgreSQL accepted
 * that json-c cannot hold (integers beyond 64 bits) is 0A000 naming the
 * column; text that is not JSON at all is 08P01.
 */
static eng_rc decode_json(reader *r, int32_t flen, const pg_copy_col *col,
                          eng_arena *arena, eng_str *out, eng_error *err)
{
    const char *s = (const char *)r->p + r->off;
    r->off += (size_t)flen;
    eng_rc rc = eng_json_parse(arena, s, (size_t)flen, out, err);
    if (rc != ENG_ERROR)
        return rc;
    if (!strcmp(err->sqlstate, "0A000"))
        return eng_err_set(err, ENG_ERR_FEATURE_NOT_SUPPORTED, 0,
                           "column \"%s\": JSON numbers beyond 64-bit "
                           "integers are not supported", col->name);
    return protocol_error(err, col->name, "json text that is not JSON");
}

/*
 * Consumes the file header. Returns ENG_OK, or 08P01 when the signature
 * is wrong, a reserved flag bit or the OID flag is set, or the header
 * (with its extension) is cut short.
 */
static eng_rc read_header(reader *r, eng_error *err)
{
    int32_t flags, extlen;
    if (r->len - r->off < sizeof copy_signature ||
        memcmp(r->p + r->off, copy_signature, sizeof copy_signature) != 0)
        return protocol_error(err, NULL, "bad binary COPY signature");
    r->off += sizeof copy_signature;
    if (!read_i32(r, &flags) || !read_i32(r, &extlen))
        return protocol_error(err, NULL, "truncated binary COPY header");
    if (flags != 0)
        return protocol_error(err, NULL,
                              "unsupported binary COPY header flags");
    if (extlen < 0 || r->len - r->off < (size_t)extlen)
        return protocol_error(err, NULL,
                              "truncated binary COPY header extension");
    r->off += (size_t)extlen;
    return ENG_OK;
}

/*
 * Returns true when s[0..len) is well-formed UTF-8: shortest-form
 * sequences only, no UTF-16 surrogates (U+D800..U+DFFF), nothing above
 * U+10FFFF. Same rules as PostgreSQL's pg_utf8_islegal.
 */
bool pg_utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        unsigned char c = p[i];
        size_t n;
        unsigned char lo = 0x80, hi = 0xbf;
        if (c < 0x80) {
            i++;
            continue;
        } else if (c >= 0xc2 && c <= 0xdf) {
            n = 1;
        } else if (c >= 0xe0 && c <= 0xef) {
            n = 2;
            if (c == 0xe0)
                lo = 0xa0;          /* overlong */
            else if (c == 0xed)
                hi = 0x9f;          /* surrogates */
        } else if (c >= 0xf0 && c <= 0xf4) {
            n = 3;
            if (c == 0xf0)
                lo = 0x90;          /* overlong */
            else if (c == 0xf4)
                hi = 0x8f;          /* above U+10FFFF */
        } else {
            return false;
        }
        if (len - i - 1 < n)
            return false;
        if (p[i + 1] < lo || p[i + 1] > hi)
            return false;
        for (size_t k = 2; k <= n; k++)
            if (p[i + k] < 0x80 || p[i + k] > 0xbf)
                return false;
        i += n + 1;
    }
    return true;
}

/* Stores an integer read from the wire into an integer column, with a
 * range check for narrower columns (22003). */
static eng_rc store_int(eng_vector *v, int row, int64_t x,
                        const pg_copy_col *col, eng_error *err)
{
    switch (v->type.id) {
    case ENG_T_SMALLINT:
        if (x < INT16_MIN || x > INT16_MAX)
            goto range;
        ((int16_t *)v->data)[row] = (int16_t)x;
        return ENG_OK;
    case ENG_T_INTEGER:
        if (x < INT32_MIN || x > INT32_MAX)
            goto range;
        ((int32_t *)v->data)[row] = (int32_t)x;
        return ENG_OK;
    case ENG_T_BIGINT:
        ((int64_t *)v->data)[row] = x;
        return ENG_OK;
    default:
        return eng_err_set(err, ENG_ERR_INTERNAL, 0,
                           "column \"%s\": remote integer cannot be stored "
                           "in the engine type of the column", col->name);
    }
range:
    return eng_err_set(err, ENG_ERR_NUMERIC_VALUE_OUT_OF_RANGE, 0,
                       "value %lld of column \"%s\" is out of range for "
                       "its type", (long long)x, col->name);
}

/* 22003 for a numeric that does not fit decimal(p,s) exactly. */
static eng_rc numeric_range(const pg_copy_col *col, const char *what,
                            eng_error *err)
{
    return eng_err_set(err, ENG_ERR_NUMERIC_VALUE_OUT_OF_RANGE, 0,
                       "%s value of column \"%s\" cannot be represented "
                       "exactly as decimal(%d,%d)", what, col->name,
                       col->type.precision, col->type.scale);
}

/*
 * interval_send: int64 µs, int32 days, int32 months. An interval year to
 * month column takes months only; an interval day to second column days
 * and µs, converted to Trino's milliseconds rounding half up (as Trino
 * does for timestamp - timestamp). A part the column's type cannot hold
 * (months in a day-to-second column, days or time in a year-to-month
 * one) is 22015 naming the column: months and days are not convertible.
 */
static eng_rc decode_interval(reader *r, int32_t flen, const pg_copy_col *col,
                              eng_type_id id, int64_t *out, eng_error *err)
{
    uint64_t raw;
    int32_t days, months;
    int64_t us, ms;
    if (flen != 16 || !read_be(r, 8, &raw) || !read_i32(r, &days) ||
        !read_i32(r, &months))
        return protocol_error(err, col->name, "bad interval length");
    us = (int64_t)raw;
    if (id == ENG_T_INTERVAL_YM) {
        if (days != 0 || us != 0)
            return eng_err_set(err, ENG_ERR_INTERVAL_FIELD_OVERFLOW, 0,
                               "interval value of column \"%s\" has days or "
                               "time, which interval year to month cannot "
                               "hold", col->name);
        *out = months;
        return ENG_OK;
    }
    if (months != 0)
        return eng_err_set(err, ENG_ERR_INTERVAL_FIELD_OVERFLOW, 0,
                           "interval value of column \"%s\" has months, "
                           "which interval day to second cannot hold",
                           col->name);
    if (eng_ts_round(us, 3, &us) ||
        __builtin_mul_overflow((int64_t)days, ENG_MS_PER_DAY, &ms) ||
        __builtin_add_overflow(ms, us / 1000, &ms))
        return eng_err_set(err, ENG_ERR_DATETIME_FIELD_OVERFLOW, 0,
                           "interval value of column \"%s\" is out of "
                           "range", col->name);
    *out = ms;
    return ENG_OK;
}

/*
 * Decodes a numeric's send() form (int16 ndigits, int16 weight, uint16
 * sign, int16 dscale, ndigits int16 base-10000 digits; value =
 * sum digit[i] * 10000^(weight - i)) into the unscaled value at the
 * column's scale, exactly. 22003 for NaN/Infinity, for a value whose
 * digits beyond the scale are not zero (it would need rounding), or for
 * one with more than precision - scale integer digits; 08P01 for a
 * malformed value.
 */
static eng_rc decode_numeric(reader *r, int32_t flen, const pg_copy_col *col,
                             eng_int128 *out, eng_error *err)
{
    int16_t ndigits, weight, dscale;
    uint64_t sign;
    int prec = col->type.precision, scale = col->type.scale;
    unsigned __int128 acc = 0, limit;

    if (flen < 8 || !read_i16(r, &ndigits) || !read_i16(r, &weight) ||
        !read_be(r, 2, &sign) || !read_i16(r, &dscale))
        return protocol_error(err, col->name, "numeric header too short");
    if (sign == 0xC000)
        return numeric_range(col, "NaN", err);
    if (sign == 0xD000 || sign == 0xF000)
        return numeric_range(col, sign == 0xD000 ? "Infinity" : "-Infinity",
                             err);
    if (sign != 0x0000 && sign != 0x4000)
        return protocol_error(err, col->name, "invalid numeric sign");
    if (ndigits < 0 || dscale < 0 || flen != 8 + 2 * (int32_t)ndigits)
        return protocol_error(err, col->name, "invalid numeric length");
    if (prec < 1 || prec > ENG_DECIMAL_MAX_PRECISION || scale < 0 ||
        scale > prec)
        return eng_err_set(err, ENG_ERR_INTERNAL, 0,
                           "column \"%s\": invalid decimal type", col->name);

    limit = 1;
    for (int i = 0; i < prec; i++)
        limit *= 10;
    limit -= 1;                         /* largest unscaled value: 10^p - 1 */

    for (int i = 0; i < ndigits; i++) {
        int16_t digit;
        /* this digit is worth digit * 10^k in unscaled units */
        long k;
        if (!read_i16(r, &digit))
            return protocol_error(err, col->name, "numeric digits truncated");
        if (digit < 0 || digit > 9999)
            return protocol_error(err, col->name, "invalid numeric digit");
        if (digit == 0)
            continue;
        k = 4L * ((long)weight - i) + scale;
        if (k < 0) {
            /* the digit reaches below the scale: its dropped part must be
             * zero, otherwise the value would need rounding */
            unsigned div = 1;
            if (k <= -4)
                return numeric_range(col, "numeric", err);
            for (long j = 0; j < -k; j++)
                div *= 10;
            if (digit % div != 0)
                return numeric_range(col, "numeric", err);
            acc += (unsigned)digit / div;
        } else {
            unsigned __int128 p10 = 1;
            if (k >= prec)
                return numeric_range(col, "numeric", err);
            for (long j = 0; j < k; j++)
                p10 *= 10;
            if ((unsigned __int128)digit > (limit - acc) / p10)
                return numeric_range(col, "numeric", err);
            acc += (unsigned __int128)digit * p10;
        }
        if (acc > limit)
            return numeric_range(col, "numeric", err);
    }
    *out = sign == 0x4000 ? -(eng_int128)acc : (eng_int128)acc;
    return ENG_OK;
}

/* See pg_copy.h: the array types whose elements decode_field reads. */
int pg_array_elem_oid(int array_oid)
{
    switch (array_oid) {
    case 1000: return PG_OID_BOOL;
    case 1005: return PG_OID_INT2;
    case 1007: return PG_OID_INT4;
    case 1016: return PG_OID_INT8;
    case 1009: return PG_OID_TEXT;
    case 1015: return PG_OID_VARCHAR;
    case 1014: return PG_OID_BPCHAR;
    case 1021: return PG_OID_FLOAT4;
    case 1022: return PG_OID_FLOAT8;
    case 1231: return PG_OID_NUMERIC;
    case 1182: return PG_OID_DATE;
    case 1115: return PG_OID_TIMESTAMP;
    case 1183: return PG_OID_TIME;
    case 1185: return PG_OID_TIMESTAMPTZ;
    case 2951: return PG_OID_UUID;
    default: return 0;
    }
}

static eng_rc decode_field(reader *r, int32_t flen, const pg_copy_col *col,
                           eng_vector *v, int row, eng_arena *arena,
                           eng_error *err);

/*
 * One array value of flen bytes (array_send's layout: ndim, has-null
 * flag, element OID, per dimension its length and lower bound, then each
 * element as int32 length (-1: NULL) and its bytes) into row `row` of the
 * array vector v. Every count and length is checked against the bytes
 * present (08P01); a multi-dimensional array is 0A000, since Trino's
 * array(T) has one dimension (array(array(T)) is another type).
 */
static eng_rc decode_array(reader *r, int32_t flen, const pg_copy_col *col,
                           eng_vector *v, int row, eng_arena *arena,
                           eng_error *err)
{
    reader a = { r->p + r->off, (size_t)flen, 0 };
    uint64_t ndim, flags, eoid, dlen = 0, lb;
    r->off += (size_t)flen;
    if (!read_be(&a, 4, &ndim) || !read_be(&a, 4, &flags) ||
        !read_be(&a, 4, &eoid))
        return protocol_error(err, col->name, "bad array header");
    if (ndim > 1)
        return eng_err_set(err, ENG_ERR_FEATURE_NOT_SUPPORTED, 0,
                           "column \"%s\": multi-dimensional arrays are not "
                           "supported", col->name);
    if ((int)eoid != pg_array_elem_oid(col->remote_type))
        return protocol_error(err, col->name, "unexpected array element type");
    if (ndim == 1 && (!read_be(&a, 4, &dlen) || !read_be(&a, 4, &lb)))
        return protocol_error(err, col->name, "bad array dimension");
    /* each element takes at least its 4-byte length */
    if (dlen > (a.len - a.off) / 4)
        return protocol_error(err, col->name, "array longer than its data");
    pg_copy_col ec = { (int)eoid, col->remote_typmod,
                       eng_type_elem(col->type), col->name };
    eng_vector ev;
    eng_arr x;
    eng_rc rc = eng_arr_new(arena, ec.type, (uint32_t)dlen, &x, &ev, err);
    if (rc != ENG_OK)
        return rc;
    for (uint32_t i = 0; i < (uint32_t)dlen; i++) {
        uint64_t el;
        if (!read_be(&a, 4, &el))
            return protocol_error(err, col->name, "truncated array");
        int32_t elen = (int32_t)(uint32_t)el;
        if (elen == -1)
            continue;   /* NULL element: validity stays 0 */
        if (elen < 0 || (size_t)elen > a.len - a.off)
            return protocol_error(err, col->name, "bad array element length");
        if ((rc = decode_field(&a, elen, &ec, &ev, (int)i, arena, err)))
            return rc;
        eng_vec_set_valid(&ev, (int)i, true);
    }
    if (a.off != a.len)
        return protocol_error(err, col->name, "trailing bytes in array");
    ((eng_arr *)v->data)[row] = x;
    return ENG_OK;
}

/* Decodes one non-NULL field of flen bytes (already bounds-checked to be
 * present) into row `row` of vector v. */
static eng_rc decode_field(reader *r, int32_t flen, const pg_copy_col *col,
                           eng_vector *v, int row, eng_arena *arena,
                           eng_error *err)
{
    uint64_t u;
    if (pg_array_elem_oid(col->remote_type)) {
        if (v->type.id != ENG_T_ARRAY)
            return eng_err_set(err, ENG_ERR_INTERNAL, 0, "column \"%s\": an "
                               "array read into type id %d", col->name,
                               (int)v->type.id);
        return decode_array(r, flen, col, v, row, arena, err);
    }
    switch (col->remote_type) {
    case PG_OID_INT2:
    case PG_OID_INT4:
    case PG_OID_INT8: {
        int n = col->remote_type == PG_OID_INT2 ? 2
              : col->remote_type == PG_OID_INT4 ? 4 : 8;
        int64_t x;
        if (flen != n || !read_be(r, n, &u))
            return protocol_error(err, col->name, "bad integer length");
        x = n == 2 ? (int64_t)(int16_t)(uint16_t)u
          : n == 4 ? (int64_t)(int32_t)(uint32_t)u : (int64_t)u;
        return store_int(v, row, x, col, err);
    }
    case PG_OID_BOOL:
        if (flen != 1 || !read_be(r, 1, &u))
            return protocol_error(err, col->name, "bad boolean length");
        if (v->type.id != ENG_T_BOOLEAN)
            break;
        ((uint8_t *)v->data)[row] = u != 0;
        return ENG_OK;
    case PG_OID_FLOAT4: {
        uint32_t bits;
        float f;
        if (flen != 4 || !read_be(r, 4, &u))
            return protocol_error(err, col->name, "bad real length");
        if (v->type.id != ENG_T_DOUBLE)
            break;
        bits = (uint32_t)u;
        memcpy(&f, &bits, sizeof f);
        ((double *)v->data)[row] = (double)f;
        return ENG_OK;
    }
    case PG_OID_FLOAT8: {
        double d;
        if (flen != 8 || !read_be(r, 8, &u))
            return protocol_error(err, col->name,
                                  "bad double precision length");
        if (v->type.id != ENG_T_DOUBLE)
            break;
        memcpy(&d, &u, sizeof d);
        ((double *)v->data)[row] = d;
        return ENG_OK;
    }
    case PG_OID_DATE: {
        int32_t days;
        if (flen != 4 || !read_i32(r, &days))
            return protocol_error(err, col->name, "bad date length");
        if (v->type.id != ENG_T_DATE)
            break;
        if (days == INT32_MIN || days == INT32_MAX)
            return eng_err_set(err, ENG_ERR_DATETIME_FIELD_OVERFLOW, 0,
                               "%s date value of column \"%s\" is not "
                               "supported", days == INT32_MAX ? "infinity"
                               : "-infinity", col->name);
        /* A real server's finite dates end at 5874897-12-31, far from
         * overflow, but the stream is outside input: check in 64 bits
         * (a near-INT32_MAX value overflowed; found by fuzz_pg_copy). */
        int64_t d = (int64_t)days + PG_EPOCH_OFFSET_DAYS;
        if (d > INT32_MAX || d < INT32_MIN)
            return eng_err_set(err, ENG_ERR_DATETIME_FIELD_OVERFLOW, 0,
                               "date value of column \"%s\" is out of range",
                               col->name);
        ((int32_t *)v->data)[row] = (int32_t)d;
        return ENG_OK;
    }
    case PG_OID_TIMESTAMP: {
        uint64_t raw;
        int64_t us;
        if (flen != 8 || !read_be(r, 8, &raw))
            return protocol_error(err, col->name, "bad timestamp length");
        if (v->type.id != ENG_T_TIMESTAMP)
            break;
        us = (int64_t)raw;
        if (us == INT64_MIN || us == INT64_MAX)
            return eng_err_set(err, ENG_ERR_DATETIME_FIELD_OVERFLOW, 0,
                               "%s timestamp value of column \"%s\" is not "
                               "supported", us == INT64_MAX ? "infinity"
                               : "-infinity", col->name);
        /* µs since 2000-01-01 -> since 1970-01-01, checked: the stream is
         * outside input */
        if (__builtin_add_overflow(us, PG_EPOCH_OFFSET_US, &us))
            return eng_err_set(err, ENG_ERR_DATETIME_FIELD_OVERFLOW, 0,
                               "timestamp value of column \"%s\" is out of "
                               "range", col->name);
        ((int64_t *)v->data)[row] = us;
        return ENG_OK;
    }
    case PG_OID_TIMESTAMPTZ: {
        uint64_t raw;
        int64_t us;
        if (flen != 8 || !read_be(r, 8, &raw))
            return protocol_error(err, col->name, "bad timestamptz length");
        if (v->type.id != ENG_T_TIMESTAMP_TZ)
            break;
        us = (int64_t)raw;
        if (us == INT64_MIN || us == INT64_MAX)
            return eng_err_set(err, ENG_ERR_DATETIME_FIELD_OVERFLOW, 0,
                               "%s timestamptz value of column \"%s\" is not "
                               "supported", us == INT64_MAX ? "infinity"
                               : "-infinity", col->name);
        /* binary timestamptz is UTC µs since 2000-01-01 whatever the
         * session's TimeZone; the value keeps zone UTC */
        if (__builtin_add_overflow(us, PG_EPOCH_OFFSET_US, &us))
            return eng_err_set(err, ENG_ERR_DATETIME_FIELD_OVERFLOW, 0,
                               "timestamptz value of column \"%s\" is out "
                               "of range", col->name);
        ((eng_tstz *)v->data)[row] = (eng_tstz){us, ENG_TZ_UTC, 0};
        return ENG_OK;
    }
    case PG_OID_TIME: {
        uint64_t raw;
        if (flen != 8 || !read_be(r, 8, &raw))
            return protocol_error(err, col->name, "bad time length");
        if (v->type.id != ENG_T_TIME)
            break;
        /* PostgreSQL allows 24:00:00, which Trino's time has not */
        if ((int64_t)raw < 0 || (int64_t)raw >= ENG_US_PER_DAY)
            return eng_err_set(err, ENG_ERR_DATETIME_FIELD_OVERFLOW, 0,
                               "time value of column \"%s\" is out of range "
                               "(24:00:00 has no Trino time)", col->name);
        ((int64_t *)v->data)[row] = (int64_t)raw;
        return ENG_OK;
    }
    case PG_OID_INTERVAL:
        if (v->type.id != ENG_T_INTERVAL_DS && v->type.id != ENG_T_INTERVAL_YM)
            break;
        return decode_interval(r, flen, col, v->type.id,
                               &((int64_t *)v->data)[row], err);
    case PG_OID_NUMERIC:
        if (v->type.id != ENG_T_DECIMAL)
            break;
        return decode_numeric(r, flen, col,
                              &((eng_int128 *)v->data)[row], err);
    case PG_OID_BYTEA:
    case PG_OID_UUID: {
        /* bytea's binary form is its bytes, uuid's its 16 bytes */
        const char *s = (const char *)r->p + r->off;
        size_t n = (size_t)flen;
        char *copy;
        if (v->type.id != (col->remote_type == PG_OID_UUID ? ENG_T_UUID
                                                           : ENG_T_VARBINARY))
            break;
        if (col->remote_type == PG_OID_UUID && n != 16)
            return protocol_error(err, col->name, "uuid of other than 16 bytes");
        if (n > UINT32_MAX)
            return protocol_error(err, col->name, "bytea too long");
        r->off += n;
        copy = eng_arena_memdup(arena, n ? s : "", n);
        if (!copy)
            return eng_err_oom(err);
        ((eng_str *)v->data)[row].ptr = copy;
        ((eng_str *)v->data)[row].len = (uint32_t)n;
        return ENG_OK;
    }
    case PG_OID_JSON:    /* scans read json and jsonb as ::text */
    case PG_OID_JSONB:
        if (v->type.id == ENG_T_JSON)
            return decode_json(r, flen, col, arena,
                               &((eng_str *)v->data)[row], err);
        break;
    case PG_OID_TEXT:
    case PG_OID_VARCHAR:
    case PG_OID_BPCHAR:
    case PG_OID_NAME: {
        const char *s = (const char *)r->p + r->off;
        size_t n = (size_t)flen;
        char *copy;
        if (v->type.id != ENG_T_VARCHAR)
            break;
        r->off += n;
        if (!pg_utf8_valid(s, n))
            return eng_err_set(err, ENG_ERR_CHARACTER_NOT_IN_REPERTOIRE, 0,
                               "invalid byte sequence for encoding UTF8 in "
                               "column \"%s\"", col->name);
        /* bpchar: trailing blanks are insignificant (PostgreSQL and
         * Trino's char), the engine keeps a char(n) value without them
         * (types.h, ENG_VARCHAR_CHAR) and pg_deparse compares "c"::text */
        if (col->remote_type == PG_OID_BPCHAR)
            while (n > 0 && s[n - 1] == ' ')
                n--;
        if (n > UINT32_MAX)
            return protocol_error(err, col->name, "string too long");
        copy = eng_arena_memdup(arena, s, n);
        if (!copy)
            return eng_err_oom(err);
        ((eng_str *)v->data)[row].ptr = copy;
        ((eng_str *)v->data)[row].len = (uint32_t)n;
        return ENG_OK;
    }
    default:
        return eng_err_set(err, ENG_ERR_FEATURE_NOT_SUPPORTED, 0,
                           "column \"%s\": remote type %d is not supported",
                           col->name, col->remote_type);
    }
    return eng_err_set(err, ENG_ERR_INTERNAL, 0,
                       "column \"%s\": remote type %d cannot be stored in "
                       "the engine type of the column", col->name,
                       col->remote_type);
}

/* Resets d to the start of a stream. */
void pg_copy_decoder_init(pg_copy_decoder *d)
{
    d->header_seen = false;
    d->trailer_seen = false;
}

/*
 * Decodes one CopyData message: the header (first message only), then
 * exactly one tuple or the trailer, then nothing. See pg_copy.h for the
 * full contract and the error codes.
 */
eng_rc pg_copy_decode_row(pg_copy_decoder *d, const char *buf, size_t len,
                          const pg_copy_col *cols, int ncols, eng_batch *out,
                          int row, pg_copy_result *res, eng_error *err)
{
    reader r = { (const unsigned char *)buf, len, 0 };
    int16_t nfields;
    eng_rc rc;

    *res = PG_COPY_NONE;
    if (!buf && len > 0)
        return protocol_error(err, NULL, "missing COPY data");
    if (d->trailer_seen)
        return protocol_error(err, NULL, "data after the COPY trailer");
    if (!d->header_seen) {
        if ((rc = read_header(&r, err)) != ENG_OK)
            return rc;
        d->header_seen = true;
        if (r.off == r.len)
            return ENG_OK;
    }
    if (!read_i16(&r, &nfields))
        return protocol_error(err, NULL, "truncated tuple header");
    if (nfields == -1) {
        if (r.off != r.len)
            return protocol_error(err, NULL, "data after the COPY trailer");
        d->trailer_seen = true;
        *res = PG_COPY_TRAILER;
        return ENG_OK;
    }
    if (nfields != ncols)
        return eng_err_set(err, ENG_ERR_PROTOCOL_VIOLATION, 0,
                           "protocol violation in COPY data: tuple has %d "
                           "fields, expected %d", nfields, ncols);
    if (row < 0 || row >= out->capacity || out->ncols != ncols)
        return eng_err_set(err, ENG_ERR_INTERNAL, 0,
                           "COPY decoder: row %d does not fit the batch", row);

    for (int i = 0; i < ncols; i++) {
        int32_t flen;
        eng_vector *v = &out->cols[i];
        if (!read_i32(&r, &flen))
            return protocol_error(err, cols[i].name, "truncated field length");
        if (flen == -1) {
            eng_vec_set_valid(v, row, false);
            continue;
        }
        if (flen < 0 || r.len - r.off < (size_t)flen)
            return protocol_error(err, cols[i].name, "field overruns tuple");
        {
            /* give the field its own reader so it cannot read past flen */
            reader fr = { r.p + r.off, (size_t)flen, 0 };
            rc = decode_field(&fr, flen, &cols[i], v, row, out->arena, err);
            if (rc != ENG_OK)
                return rc;
            if (fr.off != fr.len)
                return protocol_error(err, cols[i].name,
                                      "field length does not match value");
        }
        r.off += (size_t)flen;
        eng_vec_set_valid(v, row, true);
    }
    if (r.off != r.len)
        return protocol_error(err, NULL, "trailing bytes after tuple");
    *res = PG_COPY_ROW;
    return ENG_OK;
}

/* ------------------------------------------------------------------ */
/* encoder: engine batches -> COPY ... FROM STDIN (FORMAT binary)      */
/*                                                                     */
/* The mirror of the decoder above: the same header, tuples of int16   */
/* field count and int32-length-prefixed send() values, the trailer.   */
/* Pure functions over a growable buffer, so that the round trip       */
/* encode -> decode is unit-tested and fuzzed without a server.        */
/* ------------------------------------------------------------------ */

/* Makes room for n more bytes. False on OOM. */
static bool buf_reserve(pg_copy_buf *b, size_t n)
{
    if (b->len + n <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 8192;
    while (cap < b->len + n)
        cap *= 2;
    char *p = eng_realloc(b->p, cap);
    if (!p)
        return false;
    b->p = p;
    b->cap = cap;
    return true;
}

/* Appends n bytes (the caller reserved them). */
static void buf_put(pg_copy_buf *b, const void *s, size_t n)
{
    memcpy(b->p + b->len, s, n);
    b->len += n;
}

/* Appends v as n big-endian bytes (the caller reserved them). */
static void buf_be(pg_copy_buf *b, uint64_t v, int n)
{
    for (int i = n - 1; i >= 0; i--)
        b->p[b->len++] = (char)(unsigned char)(v >> (8 * i));
}

eng_rc pg_copy_encode_header(pg_copy_buf *b, eng_error *err)
{
    if (!buf_reserve(b, PG_COPY_HEADER_LEN))
        return eng_err_oom(err);
    buf_put(b, copy_signature, sizeof copy_signature);
    buf_be(b, 0, 4);                /* flags */
    buf_be(b, 0, 4);                /* header extension length */
    return ENG_OK;
}

eng_rc pg_copy_encode_trailer(pg_copy_buf *b, eng_error *err)
{
    if (!buf_reserve(b, 2))
        return eng_err_oom(err);
    buf_be(b, 0xffff, 2);
    return ENG_OK;
}

/* 22003 naming the column. */
static eng_rc enc_range(const pg_copy_col *col, const char *what,
                        eng_error *err)
{
    return eng_err_set(err, ENG_ERR_NUMERIC_VALUE_OUT_OF_RANGE, 0,
                       "value for column \"%s\" is out of range for %s",
                       col->name, what);
}

/*
 * Appends a numeric's send() form for the unscaled value v at `scale`
 * (dscale = scale, or the fewest digits that keep the value when
 * `trim` is set): base-10000 groups aligned on the decimal point, leading
 * and trailing zero groups dropped, weight = power of 10000 of the first.
 */
static eng_rc enc_numeric(pg_copy_buf *b, eng_int128 v, int scale, bool trim,
                          eng_error *err)
{
    char dig[48];
    int n = 0;
    unsigned __int128 u = v < 0 ? -(unsigned __int128)v : (unsigned __int128)v;
    do {
        dig[n++] = (char)('0' + (int)(u % 10));   /* least significant first */
        u /= 10;
    } while (u > 0);
    while (n <= scale)
        dig[n++] = '0';
    int dscale = scale;
    if (trim)
        while (dscale > 0 && dig[scale - dscale] == '0')
            dscale--;
    /* digits as a most-significant-first string: int part then fraction */
    int nint = n - scale;
    int ipad = (4 - nint % 4) % 4;          /* zeros before the int part */
    int fpad = (4 - scale % 4) % 4;         /* zeros after the fraction */
    int total = ipad + n + fpad;
    int16_t groups[16];
    int ng = total / 4;
    for (int g = 0; g < ng; g++) {
        int x = 0;
        for (int k = 0; k < 4; k++) {
            int idx = g * 4 + k - ipad;     /* position in msd-first order */
            int d = (idx < 0 || idx >= n) ? 0 : dig[n - 1 - idx] - '0';
            x = x * 10 + d;
        }
        groups[g] = (int16_t)x;
    }
    int weight = (ipad + nint) / 4 - 1;
    int first = 0, last = ng - 1;
    while (first <= last && groups[first] == 0) {
        first++;
        weight--;
    }
    while (last >= first && groups[last] == 0)
        last--;
    int nd = last >= first ? last - first + 1 : 0;
    if (nd == 0)
        weight = 0;
    if (!buf_reserve(b, 4 + 8 + 2 * (size_t)nd))
        return eng_err_oom(err);
    buf_be(b, (uint64_t)(8 + 2 * nd), 4);
    buf_be(b, (uint64_t)(uint16_t)nd, 2);
    buf_be(b, (uint64_t)(uint16_t)(int16_t)weight, 2);
    buf_be(b, nd && v < 0 ? 0x4000 : 0x0000, 2);
    buf_be(b, (uint64_t)(uint16_t)dscale, 2);
    for (int g = first; g <= last; g++)
        buf_be(b, (uint64_t)(uint16_t)groups[g], 2);
    return ENG_OK;
}

/* Appends one non-NULL value of column col (length prefix included). */
static eng_rc enc_field(pg_copy_buf *b, const eng_vector *v, int row,
                        const pg_copy_col *col, eng_error *err)
{
    eng_type_id id = v->type.id;
    int64_t x = 0;
    if (id == ENG_T_SMALLINT)
        x = ((const int16_t *)v->data)[row];
    else if (id == ENG_T_INTEGER)
        x = ((const int32_t *)v->data)[row];
    else if (id == ENG_T_BIGINT)
        x = ((const int64_t *)v->data)[row];

    switch (col->remote_type) {
    case PG_OID_INT2:
    case PG_OID_INT4:
    case PG_OID_INT8: {
        int w = col->remote_type == PG_OID_INT2 ? 2
              : col->remote_type == PG_OID_INT4 ? 4 : 8;
        if (!eng_type_is_integer(id))
            break;
        if ((w == 2 && (x < INT16_MIN || x > INT16_MAX)) ||
            (w == 4 && (x < INT32_MIN || x > INT32_MAX)))
            return enc_range(col, w == 2 ? "smallint" : "integer", err);
        if (!buf_reserve(b, 4 + (size_t)w))
            return eng_err_oom(err);
        buf_be(b, (uint64_t)w, 4);
        buf_be(b, (uint64_t)x, w);
        return ENG_OK;
    }
    case PG_OID_BOOL:
        if (id != ENG_T_BOOLEAN)
            break;
        if (!buf_reserve(b, 5))
            return eng_err_oom(err);
        buf_be(b, 1, 4);
        buf_be(b, ((const uint8_t *)v->data)[row] ? 1 : 0, 1);
        return ENG_OK;
    case PG_OID_FLOAT4: {
        double d;
        float f;
        uint32_t bits;
        if (id != ENG_T_DOUBLE)
            break;
        d = ((const double *)v->data)[row];
        f = (float)d;
        if (d == d && (f - f) != 0 && (d - d) == 0)
            return enc_range(col, "real", err);   /* finite -> infinite */
        memcpy(&bits, &f, sizeof bits);
        if (!buf_reserve(b, 8))
            return eng_err_oom(err);
        buf_be(b, 4, 4);
        buf_be(b, bits, 4);
        return ENG_OK;
    }
    case PG_OID_FLOAT8: {
        uint64_t bits;
        if (id != ENG_T_DOUBLE)
            break;
        memcpy(&bits, &((const double *)v->data)[row], sizeof bits);
        if (!buf_reserve(b, 12))
            return eng_err_oom(err);
        buf_be(b, 8, 4);
        buf_be(b, bits, 8);
        return ENG_OK;
    }
    case PG_OID_NUMERIC:
        if (id != ENG_T_DECIMAL)
            break;
        return enc_numeric(b, ((const eng_int128 *)v->data)[row],
                           v->type.scale, col->remote_typmod < 4, err);
    case PG_OID_DATE: {
        int64_t d;
        if (id != ENG_T_DATE)
            break;
        d = (int64_t)((const int32_t *)v->data)[row] - PG_EPOCH_OFFSET_DAYS;
        if (!buf_reserve(b, 8))
            return eng_err_oom(err);
        buf_be(b, 4, 4);
        buf_be(b, (uint64_t)(uint32_t)(int32_t)d, 4);
        return ENG_OK;
    }
    case PG_OID_TIMESTAMP:
    case PG_OID_TIME: {
        int64_t us;
        if (id != (col->remote_type == PG_OID_TIME ? ENG_T_TIME
                                                    : ENG_T_TIMESTAMP))
            break;
        us = ((const int64_t *)v->data)[row];
        /* back to PostgreSQL's 2000 epoch; the server checks its range */
        if (id == ENG_T_TIMESTAMP &&
            __builtin_sub_overflow(us, PG_EPOCH_OFFSET_US, &us))
            return enc_range(col, "timestamp", err);
        if (!buf_reserve(b, 12))
            return eng_err_oom(err);
        buf_be(b, 8, 4);
        buf_be(b, (uint64_t)us, 8);
        return ENG_OK;
    }
    case PG_OID_TIMESTAMPTZ: {
        int64_t us;
        if (id != ENG_T_TIMESTAMP_TZ)
            break;
        /* the instant in UTC; the zone is not stored (PostgreSQL keeps
         * none either) */
        if (__builtin_sub_overflow(((const eng_tstz *)v->data)[row].us,
                                   PG_EPOCH_OFFSET_US, &us))
            return enc_range(col, "timestamptz", err);
        if (!buf_reserve(b, 12))
            return eng_err_oom(err);
        buf_be(b, 8, 4);
        buf_be(b, (uint64_t)us, 8);
        return ENG_OK;
    }
    case PG_OID_INTERVAL: {
        int64_t x, us = 0, days = 0, months = 0;
        if (id != ENG_T_INTERVAL_DS && id != ENG_T_INTERVAL_YM)
            break;
        x = ((const int64_t *)v->data)[row];
        if (id == ENG_T_INTERVAL_YM) {
            months = x;
        } else {
            /* whole days apart, as PostgreSQL prints "2 days 03:04:05" */
            days = x / ENG_MS_PER_DAY;
            us = (x % ENG_MS_PER_DAY) * 1000;
            if (days > INT32_MAX || days < INT32_MIN)
                return enc_range(col, "interval", err);
        }
        if (!buf_reserve(b, 20))
            return eng_err_oom(err);
        buf_be(b, 16, 4);
        buf_be(b, (uint64_t)us, 8);
        buf_be(b, (uint64_t)(uint32_t)(int32_t)days, 4);
        buf_be(b, (uint64_t)(uint32_t)(int32_t)months, 4);
        return ENG_OK;
    }
    case PG_OID_BYTEA:
    case PG_OID_UUID: {
        const eng_str *s;
        if (id != (col->remote_type == PG_OID_UUID ? ENG_T_UUID
                                                   : ENG_T_VARBINARY))
            break;
        s = &((const eng_str *)v->data)[row];
        if (s->len > INT32_MAX || !buf_reserve(b, 4 + (size_t)s->len))
            return eng_err_oom(err);
        buf_be(b, s->len, 4);
        if (s->len)
            buf_put(b, s->ptr, s->len);
        return ENG_OK;
    }
    case PG_OID_JSON:
    case PG_OID_JSONB:
    case PG_OID_TEXT:
    case PG_OID_VARCHAR:
    case PG_OID_BPCHAR:
    case PG_OID_NAME: {
        const eng_str *s;
        /* jsonb's binary input is a version byte (1), then the text */
        uint32_t ver = col->remote_type == PG_OID_JSONB ? 1 : 0;
        if (id != (col->remote_type == PG_OID_JSON ||
                   col->remote_type == PG_OID_JSONB ? ENG_T_JSON
                                                    : ENG_T_VARCHAR))
            break;
        s = &((const eng_str *)v->data)[row];
        if (!pg_utf8_valid(s->ptr, s->len))
            return eng_err_set(err, ENG_ERR_CHARACTER_NOT_IN_REPERTOIRE, 0,
                               "invalid byte sequence for encoding UTF8 in "
                               "column \"%s\"", col->name);
        if (memchr(s->ptr, '\0', s->len))
            return eng_err_set(err, ENG_ERR_CHARACTER_NOT_IN_REPERTOIRE, 0,
                               "column \"%s\": PostgreSQL text cannot "
                               "contain the character U+0000", col->name);
        if (s->len > INT32_MAX - 1 ||
            !buf_reserve(b, 4 + (size_t)s->len + ver))
            return eng_err_oom(err);
        buf_be(b, s->len + ver, 4);
        if (ver)
            buf_put(b, "\1", 1);
        if (s->len)
            buf_put(b, s->ptr, s->len);
        return ENG_OK;
    }
    default:
        return eng_err_set(err, ENG_ERR_FEATURE_NOT_SUPPORTED, 0,
                           "column \"%s\": writing remote type %d is not "
                           "supported", col->name, col->remote_type);
    }
    return eng_err_set(err, ENG_ERR_INTERNAL, 0,
                       "column \"%s\": engine value cannot be written as "
                       "remote type %d", col->name, col->remote_type);
}

eng_rc pg_copy_encode_row(pg_copy_buf *b, const eng_batch *in, int row,
                          const pg_copy_col *cols, int ncols, eng_error *err)
{
    if (ncols != in->ncols || ncols > INT16_MAX || row < 0 ||
        row >= in->nrows)
        return eng_err_set(err, ENG_ERR_INTERNAL, 0,
                           "COPY encoder: batch does not match the columns");
    if (!buf_reserve(b, 2))
        return eng_err_oom(err);
    buf_be(b, (uint64_t)ncols, 2);
    for (int i = 0; i < ncols; i++) {
        const eng_vector *v = &in->cols[i];
        if (v->type.id == ENG_T_UNKNOWN || !eng_vec_is_valid(v, row)) {
            if (!buf_reserve(b, 4))
                return eng_err_oom(err);
            buf_be(b, 0xffffffffu, 4);
            continue;
        }
        eng_rc rc = enc_field(b, v, row, &cols[i], err);
        if (rc != ENG_OK)
            return rc;
    }
    return ENG_OK;
}
