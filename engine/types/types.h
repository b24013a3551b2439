/*
 * engine/types/types.h
 *   Logical types, scalar values, typed column vectors and batches.
 * Interface: eng_type_*, eng_value_*, eng_vec_*, eng_batch_*,
 *   eng_decimal_*, eng_date_*, eng_ts_*, eng_time_*, eng_interval_*,
 *   eng_hex_*, eng_base64_*, eng_uuid_*, eng_utf8_repair (binary.c),
 *   eng_json_* (json.c).
 * Not here: casts between types (cast.c, declared here), expression
 *   evaluation (exec/expr_eval.c).
 *
 * Types follow Trino's names: boolean, tinyint, smallint, integer, bigint,
 * real, double,
 * decimal(p,s) (p <= 38, stored exactly as a scaled __int128), varchar(n)
 * (n = 0 means unbounded), date (days since 1970-01-01), timestamp(p)
 * without time zone (microseconds since 1970-01-01 00:00:00, p = 0..6
 * fractional digits), time(p) (microseconds since midnight), interval day
 * to second (milliseconds, Trino's precision) and interval year to month
 * (months). The last four all store an int64 (eng_value.u.i).
 * varbinary and uuid store their bytes as an eng_str like varchar does
 * (uuid always 16 bytes, most significant first): comparing them is
 * memcmp, unsigned bytewise, which is Trino's order for both.
 * A batch holds up to ENG_BATCH_CAP rows of one typed vector per column
 * with a validity bitmap; string bytes live in the batch's arena. A batch
 * may carry a selection vector that says which of its rows are live (see
 * eng_batch below).
 */
#ifndef ENG_TYPES_H
#define ENG_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "../mem/arena.h"
#include "../error.h"

#define ENG_BATCH_CAP 1024
#define ENG_DECIMAL_MAX_PRECISION 38

typedef enum eng_type_id {
    ENG_T_UNKNOWN = 0, /* type of a bare NULL literal before coercion */
    ENG_T_BOOLEAN,
    ENG_T_SMALLINT,
    ENG_T_INTEGER,
    ENG_T_BIGINT,
    ENG_T_DOUBLE,
    ENG_T_DECIMAL,
    ENG_T_VARCHAR,
    ENG_T_DATE,
    ENG_T_TIMESTAMP,    /* timestamp(p), no time zone: int64 µs since epoch */
    ENG_T_TIME,         /* time(p): int64 µs since midnight, < 86400e6 */
    ENG_T_INTERVAL_DS,  /* interval day to second: int64 milliseconds */
    ENG_T_INTERVAL_YM,  /* interval year to month: int64 months (int32 range) */
    ENG_T_VARBINARY,    /* varbinary: eng_str of any bytes */
    ENG_T_UUID,         /* uuid: eng_str of exactly 16 bytes, RFC 4122 order */
    ENG_T_TIMESTAMP_TZ, /* timestamp(p) with time zone: eng_tstz, UTC µs + zone key */
    ENG_T_TIME_TZ,      /* time(p) with time zone: eng_tstz, local µs of day +
                           offset key */
    ENG_T_JSON,         /* json: eng_str of canonical JSON text (json.c) */
    ENG_T_ARRAY         /* array(T): eng_arr; T from eng_type_elem (arrays.c) */
} eng_type_id;

/* Fractional-second digits kept by timestamp(p) and time(p). Trino goes
 * to 12; PostgreSQL, the only source, stops at 6 (microseconds). */
#define ENG_TS_MAX_PRECISION 6
/* Trino's bare `timestamp` / `time`: timestamp(3) / time(3). */
#define ENG_TS_DEFAULT_PRECISION 3

typedef struct eng_type {
    eng_type_id id;
    int precision; /* decimal: total digits (1..38); timestamp/time:
                      fractional-second digits (0..6) */
    int scale;     /* decimal: digits after the point; varchar:
                      ENG_VARCHAR_CHAR for char(length), see below */
    int length;    /* varchar: max characters, 0 = unbounded */
} eng_type;

/*
 * char(n) is a varchar with scale ENG_VARCHAR_CHAR (a flag in an unused
 * field rather than a new field or type id: every eng_type initializer
 * and every varchar path stays valid). A char value is stored like a
 * varchar but without trailing blanks, its canonical form: Trino's char
 * comparison pads both sides to one length, so byte equality, hashing and
 * grouping of the trimmed values agree with it. exec_query_next pads it
 * back to n characters when it leaves the engine.
 */
#define ENG_VARCHAR_CHAR 1
static inline bool eng_type_is_char(eng_type t)
{
    return t.id == ENG_T_VARCHAR && t.scale == ENG_VARCHAR_CHAR;
}

/*
 * real (Trino's 4-byte float) is a double with precision ENG_DOUBLE_REAL
 * (its binary digits; double has 0 there), for the same reason. A real
 * value is stored as a double that a float represents exactly; whoever
 * produces one (casts, arithmetic, aggregates) rounds through float with
 * eng_real_round.
 */
#define ENG_DOUBLE_REAL 24
static inline bool eng_type_is_real(eng_type t)
{
    return t.id == ENG_T_DOUBLE && t.precision == ENG_DOUBLE_REAL;
}
static inline double eng_real_round(double d)
{
    return (double)(float)d;   /* callers keep |d| <= FLT_MAX or inf/NaN */
}

/*
 * tinyint (Trino's 8-bit signed integer, -128..127) is a smallint with
 * precision ENG_SMALLINT_TINY (its bits; smallint has 0 there), for the
 * same reason: every smallint path (int16_t vectors, hashing, comparison,
 * grouping, min/max) holds it unchanged. What differs is the range
 * (eng_int_range: casts and arithmetic fail 22003 beyond -128..127), the
 * name, the coercion rank (tinyint < smallint) and the client type
 * (SQL_TINYINT).
 */
#define ENG_SMALLINT_TINY 8
static inline bool eng_type_is_tinyint(eng_type t)
{
    return t.id == ENG_T_SMALLINT && t.precision == ENG_SMALLINT_TINY;
}

typedef __int128 eng_int128;

/* Strings are not NUL-terminated; bytes are UTF-8. */
typedef struct eng_str {
    const char *ptr;
    uint32_t len;
} eng_str;

/*
 * A value with a time zone (tzone.c has the zone keys). timestamp with
 * time zone: us is the instant (µs since 1970-01-01 00:00:00 UTC), zone
 * any key. time with time zone: us is the local time of day (µs since
 * midnight), zone a fixed-offset key (UTC or an offset). Equality,
 * ordering and hashing look at the instant only (eng_tstz_instant).
 */
typedef struct eng_tstz {
    int64_t us;
    int32_t zone;
    int32_t pad;    /* zero, so that the struct has no uninitialized bytes */
} eng_tstz;

/*
 * An array(T) value: n elements stored as a vector of T (T's physical
 * storage, types.h below) followed by its validity bitmap, in one block
 * of an arena. The block belongs to whoever owns the value's bytes (a
 * batch arena, a row store), like a string's; eng_arr_copy deep-copies.
 */
typedef struct eng_arr {
    const void *data;
    uint32_t n;
    uint32_t pad;   /* zero: no uninitialized bytes in a copied value */
} eng_arr;

/* A scalar value, used for constants and for row-at-a-time helpers. */
typedef struct eng_value {
    eng_type type;
    bool is_null;
    union {
        bool b;
        int64_t i;        /* tinyint, smallint, integer, bigint; timestamp, time,
                             intervals (units in eng_type_id) */
        double d;
        eng_int128 dec;   /* decimal, unscaled, scale in type.scale */
        eng_str s;
        int32_t date;
        eng_tstz tz;      /* timestamp / time with time zone */
        struct eng_arr arr; /* array(T) (arrays.c) */
    } u;
} eng_value;

/*
 * A column vector. Physical storage per type id:
 *   BOOLEAN uint8_t, SMALLINT (and tinyint) int16_t, INTEGER int32_t,
 *   BIGINT int64_t,
 *   DOUBLE double, DECIMAL eng_int128, VARCHAR VARBINARY UUID JSON eng_str,
 *   DATE int32_t,
 *   TIMESTAMP, TIME, INTERVAL_DS, INTERVAL_YM int64_t,
 *   TIMESTAMP_TZ, TIME_TZ eng_tstz, ARRAY eng_arr,
 *   UNKNOWN (all-NULL) uint8_t.
 * validity: bit i set (validity[i>>3] & (1<<(i&7))) means row i is not NULL.
 */
typedef struct eng_vector {
    eng_type type;
    uint8_t *validity;
    void *data;
} eng_vector;

/*
 * A batch: ncols vectors of nrows rows each.
 *
 * Selection vector. When sel is NULL every row 0..nrows-1 is live (a
 * dense batch). When sel is set, only the rows sel[0..nsel-1] are live:
 * they are indices into the vectors, strictly increasing, each < nrows,
 * and the batch's rows, in order, are exactly those. The other rows are
 * dead: their contents are unspecified and nothing may read them (a
 * filter may have dropped a row precisely because evaluating something
 * on it fails). nsel may be 0. nrows stays the vectors' physical row
 * count, so a reader that forgets the selection sees too many rows;
 * every reader walks the live rows with eng_batch_count/eng_batch_row.
 * The sel array belongs to whoever produced the batch and lives exactly
 * as long as the batch header (the producer's batch arena); it may be
 * shared with the producer's input (a LIMIT hands out a slice of it).
 * A filter narrows the selection over its input's vectors instead of
 * copying values. Batches leaving the engine through eng_fetch are
 * always dense (the executor flattens at its root).
 */
typedef struct eng_batch {
    int ncols;
    int nrows;          /* rows stored in the vectors, <= capacity */
    int capacity;
    eng_vector *cols;
    eng_arena *arena;   /* owns the vectors and string bytes; reset when the
                           producer reuses the batch */
    const int *sel;     /* live rows, or NULL = all nrows rows are live */
    int nsel;           /* entries of sel (when sel != NULL) */
} eng_batch;

/* Number of live rows of b. */
static inline int eng_batch_count(const eng_batch *b)
{
    return b->sel ? b->nsel : b->nrows;
}
/* Vector index of the i-th live row of b (0 <= i < eng_batch_count(b)). */
static inline int eng_batch_row(const eng_batch *b, int i)
{
    return b->sel ? b->sel[i] : i;
}

/* ---- types ---- */
eng_type eng_type_make(eng_type_id id);
eng_type eng_type_decimal(int precision, int scale);
eng_type eng_type_varchar(int length);
/* char(length), length 1..ENG_CHAR_MAX_LENGTH (see ENG_VARCHAR_CHAR). */
eng_type eng_type_char(int length);
eng_type eng_type_real(void);
eng_type eng_type_tinyint(void);
#define ENG_CHAR_MAX_LENGTH 65536
/* timestamp(p) / time(p); p is clamped to 0..ENG_TS_MAX_PRECISION. */
eng_type eng_type_timestamp(int p);
eng_type eng_type_time(int p);
eng_type eng_type_timestamp_tz(int p);
eng_type eng_type_time_tz(int p);
/* True for the two types with a time zone (eng_tstz storage). */
bool eng_type_is_tz(eng_type_id id);
/* True for timestamp, time, and the two intervals (int64 storage). */
bool eng_type_is_temporal64(eng_type_id id);
bool eng_type_equal(eng_type a, eng_type b);
bool eng_type_is_integer(eng_type_id id);  /* (tiny/small)int, integer, bigint */
/* Minimum and maximum of integer type t (tinyint -128..127, smallint,
 * integer, bigint); any other type gets bigint's. */
void eng_int_range(eng_type t, int64_t *lo, int64_t *hi);
bool eng_type_is_numeric(eng_type_id id);  /* integers, decimal, double */
/* True for the types stored as eng_str: varchar, varbinary, uuid. */
bool eng_type_is_str(eng_type_id id);
/* Writes Trino's name ("integer", "decimal(10,2)", "varchar(255)") into
 * buf (at least 32 bytes). Returns buf. */
const char *eng_type_name(eng_type t, char *buf, size_t cap);
/* Bytes of one element of the vector storage for this type. */
size_t eng_type_width(eng_type_id id);

/* ---- vectors and batches ---- */
static inline bool eng_vec_is_valid(const eng_vector *v, int row)
{
    return (v->validity[row >> 3] >> (row & 7)) & 1;
}
static inline void eng_vec_set_valid(eng_vector *v, int row, bool valid)
{
    if (valid)
        v->validity[row >> 3] |= (uint8_t)(1u << (row & 7));
    else
        v->validity[row >> 3] &= (uint8_t)~(1u << (row & 7));
}

/*
 * Allocates a dense batch (sel NULL) with ncols columns of the given types
 * and room for capacity rows, everything in arena a (validity zeroed = all
 * NULL). Returns NULL on OOM.
 */
eng_batch *eng_batch_create(eng_arena *a, int ncols, const eng_type *types,
                            int capacity);
/* The row helpers below take vector indices (eng_batch_row), not live-row
 * positions, and ignore the selection. */
/* Reads row `row` of column `col` into *out (strings point into the batch). */
void eng_batch_get(const eng_batch *b, int col, int row, eng_value *out);
/*
 * Writes *v into row `row` of column `col`, converting nothing: v's type
 * id must match the vector's. Strings are copied into b->arena.
 * Returns ENG_NOMEM on OOM.
 */
eng_rc eng_batch_set(eng_batch *b, int col, int row, const eng_value *v,
                     eng_error *err);
/* Copies row src_row of src into row dst_row of dst (same column types). */
eng_rc eng_batch_copy_row(eng_batch *dst, int dst_row, const eng_batch *src,
                          int src_row, eng_error *err);

/* ---- decimals and dates ---- */
/* Formats an unscaled decimal with `scale` digits after the point, as
 * Trino prints it ("12.50", "-0.05"). buf needs 42 bytes. Returns length. */
int eng_decimal_format(eng_int128 v, int scale, char *buf, size_t cap);
/* Parses text into unscaled value at `scale`; ENG_ERROR (22003/22018) if it
 * does not fit precision or is not a number. */
eng_rc eng_decimal_parse(const char *s, size_t len, int precision, int scale,
                         eng_int128 *out, eng_error *err);
/* 10^n for 0 <= n <= 38. */
eng_int128 eng_pow10(int n);
/* Civil date <-> days since 1970-01-01 (proleptic Gregorian). */
int32_t eng_date_from_ymd(int y, int m, int d);
void eng_date_to_ymd(int32_t days, int *y, int *m, int *d);
/* "YYYY-MM-DD"; returns length. buf needs 16 bytes. */
int eng_date_format(int32_t days, char *buf, size_t cap);
/* Writes v in decimal ("-12") and a NUL into buf (21 bytes suffice: 20
 * characters at most); returns the length. No printf: the driver turns
 * every integer of a result into text this way. */
int eng_int_format(int64_t v, char *buf);
eng_rc eng_date_parse(const char *s, size_t len, int32_t *out, eng_error *err);

/* ---- timestamps, times, intervals (timestamp.c) ---- */
#define ENG_US_PER_SEC 1000000LL
#define ENG_US_PER_DAY 86400000000LL
#define ENG_MS_PER_DAY 86400000LL
/*
 * Text of a timestamp as Trino prints it: "2020-01-02 03:04:05" for p = 0,
 * "2020-01-02 03:04:05.123" for p = 3 (p digits). buf needs 48 bytes;
 * returns the length.
 */
int eng_ts_format(int64_t us, int p, char *buf, size_t cap);
/* "03:04:05.123" (p digits). buf needs 32 bytes; returns the length. */
int eng_time_format(int64_t us, int p, char *buf, size_t cap);
/* Trino's interval text: "2 03:04:05.123" / "-0 00:00:01.500"; "1-2" /
 * "-0-2". buf needs 48 bytes; returns the length. */
int eng_interval_ds_format(int64_t ms, char *buf, size_t cap);
int eng_interval_ym_format(int64_t months, char *buf, size_t cap);
/*
 * Parses Trino's timestamp text "YYYY-MM-DD[ HH:MM[:SS[.fraction]]]"
 * (month, day, hour, minute, second of one or two digits; surrounding
 * blanks ignored) into *us and the number of fraction digits written
 * into *digits. A trailing time zone fails with 0A000 (timestamp with
 * time zone is not supported); more than 6 fraction digits fails with
 * 0A000; anything else malformed or out of range with 22007 quoting the
 * text.
 */
eng_rc eng_ts_parse(const char *s, size_t len, int64_t *us, int *digits,
                    eng_error *err);
/* "HH:MM[:SS[.fraction]]" likewise, into µs since midnight. */
eng_rc eng_time_parse(const char *s, size_t len, int64_t *us, int *digits,
                      eng_error *err);
/* Rounds µs to p fractional digits, half up (towards +infinity on a tie,
 * as Trino's Timestamps.round). Returns 1 on int64 overflow. */
int eng_ts_round(int64_t us, int p, int64_t *out);
/* Splits a day number plus µs-of-day into the timestamp or back. */
int64_t eng_floor_div64(int64_t a, int64_t b);
/*
 * Adds `months` to the civil date of day number `days`, clamping the day
 * to the end of the resulting month (Jan 31 + 1 month = Feb 28/29).
 * Returns 1 when the result leaves the int32 day range.
 */
int eng_date_add_months(int32_t days, int64_t months, int32_t *out);

/* ---- varbinary and uuid text (binary.c) ---- */
/* Two hex digits per byte into out (2n bytes, not terminated). */
void eng_hex_format(const uint8_t *p, size_t n, bool upper, char *out);
/* Hex text into bytes in a; blanks skipped with skip_space (X'..').
 * 22018 naming `what` on a bad digit or an odd count; ENG_NOMEM. */
eng_rc eng_hex_parse(eng_arena *a, const char *s, size_t len, bool skip_space,
                     const char *what, eng_str *out, eng_error *err);
size_t eng_base64_len(size_t n);
void eng_base64_format(const uint8_t *p, size_t n, char *out);
/* Base64 text (java.util.Base64's decoder) into bytes in a; 22018. */
eng_rc eng_base64_parse(eng_arena *a, const char *s, size_t len, eng_str *out,
                        eng_error *err);
/* 36 characters, lower case, not terminated. */
void eng_uuid_format(const uint8_t *u, char *out);
/* Exactly "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" (either case); false if not. */
bool eng_uuid_parse(const char *s, size_t len, uint8_t *u);
/* p[0..n) as valid UTF-8 in a, each invalid sequence replaced by repl. */
eng_rc eng_utf8_repair(eng_arena *a, const uint8_t *p, size_t n,
                       const char *repl, size_t repl_len, eng_str *out,
                       eng_error *err);
/* ---- time zones (tzone.c) and values with a zone (timestamp.c) ---- */
#define ENG_TZ_UTC 0
#define ENG_TZ_NAMED_BASE 4096
/*
 * Resolves a zone name: an IANA id ("America/New_York", read from the
 * system's tz database on first use), a UTC alias ("UTC", "Z", "GMT",
 * "Etc/UTC", ...) or a fixed offset ("+05:30", "-0800", "+05", up to
 * 14:00). Fails with 22023 "Time zone not supported: x", or ENG_NOMEM.
 * Thread-safe.
 */
eng_rc eng_tz_lookup(const char *s, size_t len, int32_t *key, eng_error *err);
/* The fixed offset of an interval day to second (milliseconds, as the
 * type holds it), as Trino's at_timezone(x, interval) takes it: whole
 * minutes within 14 hours, else 22023 with Trino's message. */
eng_rc eng_tz_interval_key(int64_t ms, int32_t *key, eng_error *err);
/* The key of a fixed offset in minutes (-840..840; 0 is UTC). */
int32_t eng_tz_offset_key(int minutes);
/* True for UTC and the fixed offsets. */
bool eng_tz_is_offset(int32_t key);
/* Minutes of a fixed-offset key. */
int eng_tz_key_offset_min(int32_t key);
/* The zone's name as Trino prints it ("UTC", "+05:30",
 * "America/New_York"); snprintf's contract. */
int eng_tz_name(int32_t key, char *buf, size_t cap);
/* Offset east of UTC, in seconds, in force at UTC second t. */
int32_t eng_tz_offset_at(int32_t key, int64_t utc_secs);
/* The zone's abbreviation at t ("EST", "CEST"; the name for offsets). */
int eng_tz_abbrev(int32_t key, int64_t utc_secs, char *buf, size_t cap);
/* The instant of a local time (seconds), gaps moving later, overlaps
 * taking the earlier offset (java.time's ZonedDateTime.of). */
int64_t eng_tz_utc_of_local(int32_t key, int64_t local_secs);
/* The same in µs: instant -> local wall-clock and back. */
int64_t eng_tz_local_us(int32_t key, int64_t utc_us);
int64_t eng_tz_utc_us(int32_t key, int64_t local_us);
/* For the fuzz target and tests: parses TZif data without registering it;
 * fills offsets[i] for each probe second. False if malformed. */
bool eng_tz_check_tzif(const uint8_t *data, size_t len, const int64_t *probe,
                       int nprobe, int32_t *offsets);

/* The instant of v used to compare and hash: the UTC µs of a timestamp
 * with time zone, local µs minus the offset for a time with time zone. */
static inline int64_t eng_tstz_instant(eng_type_id id, eng_tstz v)
{
    if (id == ENG_T_TIME_TZ)
        return v.us - (int64_t)eng_tz_key_offset_min(v.zone) * 60 *
                      ENG_US_PER_SEC;
    return v.us;
}
/* "2020-01-01 10:00:00.000 America/New_York" (p digits); buf needs 96
 * bytes; returns the length. */
int eng_tstz_format(eng_tstz v, int p, char *buf, size_t cap);
/* "10:00:00.000+05:00"; buf needs 48 bytes. */
int eng_timetz_format(eng_tstz v, int p, char *buf, size_t cap);
/*
 * Parses "YYYY-MM-DD[ HH:MM[:SS[.f]]][ ]zone" (zone as eng_tz_lookup;
 * without one, def_zone) into an instant with its zone; *nd fraction
 * digits. 22007 when malformed, 22023 for an unknown zone, 0A000 past
 * 6 digits.
 */
eng_rc eng_tstz_parse(const char *s, size_t len, int32_t def_zone,
                      eng_tstz *out, int *nd, eng_error *err);
/* True when the text of a timestamp / time literal ends in a zone, so
 * it is one of the types with a time zone. */
bool eng_ts_text_has_zone(const char *s, size_t len);
bool eng_time_text_has_zone(const char *s, size_t len);
/* "HH:MM[:SS[.f]][ ]+hh:mm" (without an offset, def_offset_key). */
eng_rc eng_timetz_parse(const char *s, size_t len, int32_t def_offset_key,
                        eng_tstz *out, int *nd, eng_error *err);

/* ---- values ---- */
/* Formats a value as Trino's CLI would print it (NULL -> "NULL"),
 * into arena a. Returns NULL on OOM. */
char *eng_value_to_text(eng_arena *a, const eng_value *v);
/*
 * Casts v to type `to` following Trino's rules (overflow 22003, bad text
 * 22018, decimal rounding half-up). Strings of the result are allocated in
 * a. Returns ENG_OK or ENG_ERROR/ENG_NOMEM with err filled.
 */
eng_rc eng_value_cast(eng_arena *a, const eng_value *v, eng_type to,
                      eng_value *out, eng_error *err);
/* The same, with the session time zone `zone` for the casts that need
 * one (timestamp, date, time or zone-less text -> a type with a time
 * zone). eng_value_cast uses UTC: callers whose values may reach a type
 * with a time zone pass the session's zone here instead. */
eng_rc eng_value_cast_zone(eng_arena *a, const eng_value *v, eng_type to,
                           int32_t zone, eng_value *out, eng_error *err);

/* ---- array(T) (arrays.c) ---- */
/*
 * The type array(elem). Element types are interned in one process-wide
 * table (the array type keeps the entry's index in its `length`), so that
 * eng_type stays a plain value every layer copies and compares freely.
 * 0A000 when the table is full (ENG_ARRAY_TYPES distinct element types)
 * or the name would pass ENG_ARRAY_NAME_MAX. Thread-safe.
 */
#define ENG_ARRAY_TYPES 1024
#define ENG_ARRAY_NAME_MAX 120
eng_rc eng_type_array(eng_type elem, eng_type *out, eng_error *err);
/* The element type of array type t (unknown for anything else). */
eng_type eng_type_elem(eng_type t);
/* "array(integer)": Trino's name, static (lives as long as the process). */
const char *eng_type_array_name(eng_type t);
/* A new array of n elements of type elem in a, every element NULL;
 * *view (optional) is its elements as a vector to fill. ENG_NOMEM. */
eng_rc eng_arr_new(eng_arena *a, eng_type elem, uint32_t n, eng_arr *out,
                   eng_vector *view, eng_error *err);
/* The elements of x as a vector (type elem, x.n rows), no copy. */
void eng_arr_view(eng_type elem, eng_arr x, eng_vector *view);
/* Element i (0-based, < x.n) of x into *out (strings point into x). */
void eng_arr_get(eng_type elem, eng_arr x, uint32_t i, eng_value *out);
/* x copied into a with everything it points to (strings, inner arrays). */
eng_rc eng_arr_copy(eng_arena *a, eng_type elem, eng_arr x, eng_arr *out,
                    eng_error *err);
/* v (any type) with its pointed-to bytes copied into a: strings and
 * arrays deep, other values as they are. */
eng_rc eng_value_own(eng_arena *a, eng_value *v, eng_error *err);
/* Trino's CLI text "[1, 2, NULL]" of array value x into a (NULL: OOM). */
char *eng_arr_to_text(eng_arena *a, eng_type elem, eng_arr x);

/* Description of one result column. */
typedef struct eng_column_desc {
    const char *name;       /* label as the user sees it */
    eng_type type;
    bool nullable;          /* false only when known NOT NULL */
    const char *catalog;    /* base column origin, "" if computed */
    const char *schema;
    const char *table;
    const char *base_name;
} eng_column_desc;

/* ---- json (json.c) ------------------------------------------------ */

/*
 * Trino's json_parse: the n bytes at p read as one JSON document (json-c)
 * and written in the canonical form every json value has (json.c's
 * header: no blanks, keys sorted, numbers as Trino writes them) into
 * *out (arena a). 22023 "Cannot convert value to JSON" when p is not
 * JSON; 0A000 for integers beyond 64 bits.
 */
eng_rc eng_json_parse(eng_arena *a, const char *p, size_t n, eng_str *out,
                      eng_error *err);
/* CAST(v AS json): a string quoted, numbers and booleans as their JSON
 * text, a json as it is; 42804 for other types. v is not NULL. */
eng_rc eng_json_from_value(eng_arena *a, const eng_value *v, eng_str *out,
                           eng_error *err);
/* CAST(json v AS to) for a scalar json (a string, number, boolean; null
 * gives NULL), with Trino's rules (true is 1, numbers from strings);
 * arrays, objects and values `to` cannot hold are 22018 "Cannot cast
 * '<json>' to <type>". */
eng_rc eng_json_cast(eng_arena *a, const eng_value *v, eng_type to,
                     eng_value *r, eng_error *err);

/* One step of a JSONPath: a key (arena text, may be numeric), and the
 * array index it also means (-1 when it is not an int). */
typedef struct eng_json_step {
    const char *key;
    uint32_t len;
    int32_t index;
} eng_json_step;
typedef struct eng_json_path {
    int nsteps;
    eng_json_step *steps;
} eng_json_path;

/* Parses Trino's legacy JSONPath ($ then .key, [n], ["key"]; no
 * wildcards) into *out (arena a); 22023 "Invalid JSON path: '<path>'". */
eng_rc eng_json_path_parse(eng_arena *a, const char *p, size_t n,
                           eng_json_path *out, eng_error *err);

typedef enum eng_json_what {
    ENG_JSON_EXTRACT,   /* the value as json text (json_extract) */
    ENG_JSON_SCALAR,    /* a scalar's text, else NULL (json_extract_scalar) */
    ENG_JSON_SIZE       /* elements / keys, 0 for a scalar (json_size) */
} eng_json_what;

/*
 * Follows path in the JSON text doc (a json value, or varchar text) and
 * returns `what` of the value found: *out (arena a) or *size, *is_null
 * when nothing is found or the text is not JSON (Trino gives NULL).
 */
eng_rc eng_json_extract(eng_arena *a, eng_str doc, const eng_json_path *path,
                        eng_json_what what, bool *is_null, eng_str *out,
                        int64_t *size, eng_error *err);
/* json_array_length: NULL unless doc is a JSON array. */
eng_rc eng_json_array_length(eng_str doc, bool *is_null, int64_t *out,
                             eng_error *err);
/* json_array_get: element index (negative counts from the end) as Trino
 * 476 returns it: arrays and objects as JSON, strings as their bare
 * value (not quoted: Trino's documented defect), numbers and booleans as
 * their text, a JSON null as NULL. */
eng_rc eng_json_array_get(eng_arena *a, eng_str doc, int64_t index,
                          bool *is_null, eng_str *out, eng_error *err);
/* json_array_contains(doc, v) for v boolean, bigint, double or varchar:
 * an element of that JSON kind equal to v; NULL unless doc is an array. */
eng_rc eng_json_array_contains(eng_str doc, const eng_value *v, bool *is_null,
                               bool *out, eng_error *err);
/* is_json_scalar: 22023 "Invalid JSON value" when doc is not JSON. */
eng_rc eng_json_is_scalar(eng_str doc, bool *out, eng_error *err);

#endif
