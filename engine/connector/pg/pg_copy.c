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

/* A bounds-checked cursor over one message. */
typedef struct reader {
    const unsigned char *p;
    size_t len;
    size_t off;
} reader;

/* Reads n big-endian bytes as an unsigned integer into *out. Returns false
 * (reading nothing) when fewer than n bytes remain. */
static bool read_be(reader *r, int n, uint64_t *out)
{
    uint64_t v = 0;
    if (r->len - r->off < (size_t)n)
        return false;
    for (int i = 0; i < n; i++)
        v = (v << 8) | r->p[r->off + (size_t)i];
    r->off += (size_t)n;
    *out = v;
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

/* Decodes one non-NULL field of flen bytes (already bounds-checked to be
 * present) into row `row` of vector v. */
static eng_rc decode_field(reader *r, int32_t flen, const pg_copy_col *col,
                           eng_vector *v, int row, eng_arena *arena,
                           eng_error *err)
{
    uint64_t u;
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
    case PG_OID_NUMERIC:
        if (v->type.id != ENG_T_DECIMAL)
            break;
        return decode_numeric(r, flen, col,
                              &((eng_int128 *)v->data)[row], err);
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
        /* bpchar without a length: trailing blanks are insignificant in
         * PostgreSQL, and pg_deparse compares "c"::text, so drop them */
        if (col->remote_type == PG_OID_BPCHAR && col->remote_typmod < 0)
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
