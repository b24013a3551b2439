/*
 * engine/connector/pg/pg_copy.h
 *   Decoder of PostgreSQL's binary COPY stream into engine batches.
 * Interface: pg_copy_decoder, pg_copy_col, pg_copy_decoder_init,
 *   pg_copy_decode_row, and the PostgreSQL type OIDs the connector maps;
 *   the encoder for COPY ... FROM STDIN (FORMAT binary): pg_copy_buf,
 *   pg_copy_encode_header, pg_copy_encode_row, pg_copy_encode_trailer.
 * Not here: libpq (pg_scan.c reads the CopyData messages), type mapping
 *   of catalog columns (pg_meta.c).
 *
 * The decoder is a set of pure functions over byte buffers: it never
 * touches libpq, so it can be unit-tested and fuzzed with hand-built
 * buffers. Every length read from the stream is checked against the
 * bytes actually present; a short or malformed buffer is an 08P01
 * (protocol violation) error, never an out-of-bounds read.
 */
#ifndef ENG_PG_COPY_H
#define ENG_PG_COPY_H

#include <stdbool.h>
#include <stddef.h>
#include "../../error.h"
#include "../../types/types.h"

/* PostgreSQL built-in type OIDs (stable since forever: pg_type.dat). */
#define PG_OID_BOOL     16
#define PG_OID_NAME     19
#define PG_OID_INT8     20
#define PG_OID_INT2     21
#define PG_OID_INT4     23
#define PG_OID_TEXT     25
#define PG_OID_FLOAT4   700
#define PG_OID_FLOAT8   701
#define PG_OID_BPCHAR   1042
#define PG_OID_VARCHAR  1043
#define PG_OID_DATE     1082
#define PG_OID_TIME     1083
#define PG_OID_TIMESTAMP 1114
#define PG_OID_TIMESTAMPTZ 1184
#define PG_OID_INTERVAL 1186
#define PG_OID_NUMERIC  1700
#define PG_OID_BYTEA    17
#define PG_OID_JSON     114
#define PG_OID_UUID     2950
#define PG_OID_JSONB    3802

/* The element type OID of a one-dimensional array type the connector
 * maps to array(T) (int2[] ... uuid[]: pg_type.dat's typarray), or 0. */
int pg_array_elem_oid(int array_oid);

/* Length of the fixed part of the binary COPY header: signature (11),
 * flags (4), header extension length (4). */
#define PG_COPY_HEADER_LEN 19

/* One expected column of the stream: what the server sends (remote OID
 * and typmod) and where it goes (engine type of the batch column). The
 * name is only used in error messages. */
typedef struct pg_copy_col {
    int remote_type;
    int remote_typmod;
    eng_type type;
    const char *name;
} pg_copy_col;

/* Stream state: whether the header and the trailer have been seen. */
typedef struct pg_copy_decoder {
    bool header_seen;
    bool trailer_seen;
} pg_copy_decoder;

/* What one call to pg_copy_decode_row found in its message. */
typedef enum pg_copy_result {
    PG_COPY_ROW,      /* one tuple, written to row `row` of out */
    PG_COPY_TRAILER,  /* the end-of-data marker (int16 -1) */
    PG_COPY_NONE      /* the message held only the file header */
} pg_copy_result;

/* Resets d to the start of a stream (header expected). */
void pg_copy_decoder_init(pg_copy_decoder *d);

/*
 * Decodes one CopyData message buf[0..len) (the first message of a
 * stream also carries the 19-byte header and its extension). The message
 * must hold exactly one tuple, or the trailer, or (first message only)
 * nothing after the header. A tuple must have ncols fields, decoded by
 * cols[i].remote_type into column i of `out` at `row` (row < capacity).
 * Strings are copied into out->arena. *res says what was found.
 * Errors: 08P01 for a bad header, a wrong field count, a length that does
 * not match the type or overruns the buffer, trailing bytes; 22003 for a
 * numeric that is NaN/Infinity, needs rounding to the column's scale or
 * exceeds its precision, or an integer that does not fit the column;
 * 22008 for an infinite date; 22021 for text that is not valid UTF-8;
 * ENG_NOMEM on OOM. Messages name the column. The row is then undefined.
 */
eng_rc pg_copy_decode_row(pg_copy_decoder *d, const char *buf, size_t len,
                          const pg_copy_col *cols, int ncols, eng_batch *out,
                          int row, pg_copy_result *res, eng_error *err);

/* ---- encoder (writes) ---- */

/* A growable byte buffer (eng_malloc'ed; the owner frees p). */
typedef struct pg_copy_buf {
    char *p;
    size_t len, cap;
} pg_copy_buf;

/* Appends the 19-byte file header. ENG_NOMEM on OOM. */
eng_rc pg_copy_encode_header(pg_copy_buf *b, eng_error *err);
/*
 * Appends row `row` of batch `in` (ncols columns) as one tuple, column i
 * encoded as cols[i].remote_type from the engine value of in->cols[i]
 * (whose type id must be pg_map_type's for that remote type; float4
 * takes a double, numeric a decimal of any scale). Errors, naming
 * cols[i].name: 22003 for a value the remote type cannot hold (an
 * integer out of range, a double beyond float4, a decimal with more
 * digits than numeric(p,s) allows is left to the server), 0A000 for a
 * remote type without an encoder, 22021 for text that is not UTF-8;
 * ENG_NOMEM. On error the buffer holds a partial tuple: discard it.
 */
eng_rc pg_copy_encode_row(pg_copy_buf *b, const eng_batch *in, int row,
                          const pg_copy_col *cols, int ncols,
                          eng_error *err);
/* Appends the trailer (int16 -1). */
eng_rc pg_copy_encode_trailer(pg_copy_buf *b, eng_error *err);

/* True when s[0..len) is well-formed UTF-8 (no overlongs, no surrogates,
 * nothing above U+10FFFF). */
bool pg_utf8_valid(const char *s, size_t len);

#endif
