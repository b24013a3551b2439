/*
 * engine/types/typeinfo.c
 *   The one type table (see typeinfo.h for what each field means, which
 *   sizes were chosen and why, and how "not applicable" maps to ODBC).
 * Interface: eng_typeinfo_of, eng_typeinfo_sized, eng_typeinfo_row,
 *   eng_typeinfo_row_sized.
 * Not here: Trino's full type names (types.c), the ODBC mapping of these
 *   numbers onto SQL_* symbols and C types (driver/sqltype.c), the
 *   system.jdbc tables that list them (session/system.c).
 */
#include <string.h>
#include "typeinfo.h"

/* SQL/CLI codes (ISO/IEC 9075-3; the numbers ODBC 3 and JDBC use). */
enum {
    CLI_BIT = -7, CLI_BIGINT = -5, CLI_DECIMAL = 3, CLI_INTEGER = 4,
    CLI_SMALLINT = 5, CLI_DOUBLE = 8, CLI_DATETIME = 9, CLI_VARCHAR = 12,
    CLI_TYPE_DATE = 91, CLI_CODE_DATE = 1, CLI_ODBC2_DATE = 9,
    CLI_TYPE_TIME = 92, CLI_CODE_TIME = 2, CLI_ODBC2_TIME = 10,
    CLI_TYPE_TIMESTAMP = 93, CLI_CODE_TIMESTAMP = 3, CLI_ODBC2_TIMESTAMP = 11,
    CLI_INTERVAL = 10,                  /* verbose code of every interval */
    CLI_CHAR = 1, CLI_REAL = 7, CLI_TINYINT = -6,
    CLI_INTERVAL_YEAR_TO_MONTH = 107, CLI_CODE_YEAR_TO_MONTH = 7,
    CLI_INTERVAL_DAY_TO_SECOND = 110, CLI_CODE_DAY_TO_SECOND = 10,
    CLI_VARBINARY = -3, CLI_GUID = -11  /* SQL_GUID: ODBC 3.5's code */
};

/* Bytes of a uuid, characters of its text ("8-4-4-4-12" hex digits). */
enum { UUID_BYTES = 16, UUID_CHARS = 36 };

/* Bytes of the ODBC datetime and interval structures (the transfer octet
 * length of SQL_C_TYPE_TIMESTAMP, SQL_C_TYPE_TIME and SQL_C_INTERVAL_*). */
enum { TIMESTAMP_STRUCT_SIZE = 16, TIME_STRUCT_SIZE = 6,
       INTERVAL_STRUCT_SIZE = 28 };

/* Characters of Trino's widest interval texts: "-106751991167 07:12:55.808"
 * (int64 milliseconds) and "-178956970-8" (int32 months). */
enum { INTERVAL_DS_CHARS = 26, INTERVAL_YM_CHARS = 12 };

#define NUL ENG_TI_NULL

/*
 * The facts every unbounded text shares: varchar without a length, json
 * and an array's text reach ODBC as SQL_VARCHAR of the same sizes (UTF-8:
 * up to 4 bytes a character), case-sensitive, with no digits or scale.
 * These sizes are those of eng_typeinfo_of; eng_typeinfo_sized replaces
 * them with the caller's bound (the UnboundedVarcharSize DSN key).
 */
#define UNBOUNDED_TEXT                                                    \
    .data_type = CLI_VARCHAR, .column_size = ENG_TI_UNBOUNDED_VARCHAR,    \
    .precision = ENG_TI_UNBOUNDED_VARCHAR,                                \
    .display_size = ENG_TI_UNBOUNDED_VARCHAR,                             \
    .octet_length = ENG_TI_UNBOUNDED_VARCHAR * 4,                         \
    .char_octet_length = ENG_TI_UNBOUNDED_VARCHAR * 4,                    \
    .decimal_digits = NUL, .num_prec_radix = NUL, .unsigned_attr = NUL,   \
    .case_sensitive = true, .minimum_scale = NUL, .maximum_scale = NUL

/*
 * The declared facts, one row per engine type, in enum order. Sizes that
 * depend on a type's parameters (varchar length, decimal precision and
 * scale) are filled by eng_typeinfo_of; the numbers here are those of a
 * parameterless type. Fields not named are 0/false/NULL as set below.
 */
static const eng_typeinfo table[] = {
    [ENG_T_UNKNOWN] = {
        .id = ENG_T_UNKNOWN, .trino_name = "unknown", .type_name = "varchar",
        .data_type = CLI_VARCHAR, .column_size = 1, .precision = 1,
        .display_size = 1, .octet_length = 4, .char_octet_length = 4,
        .decimal_digits = NUL, .num_prec_radix = NUL,
        .searchable = ENG_TI_SEARCHABLE, .unsigned_attr = NUL,
        .case_sensitive = true, .literal_prefix = "'", .literal_suffix = "'",
        .create_params = "max length", .minimum_scale = NUL,
        .maximum_scale = NUL, .listed = false },
    [ENG_T_BOOLEAN] = {
        .id = ENG_T_BOOLEAN, .trino_name = "boolean", .type_name = "boolean",
        .data_type = CLI_BIT, .column_size = 1, .precision = 1,
        .display_size = 1, .octet_length = 1, .char_octet_length = NUL,
        .decimal_digits = NUL, .num_prec_radix = NUL,
        .searchable = ENG_TI_PRED_BASIC, .unsigned_attr = NUL,
        .minimum_scale = NUL, .maximum_scale = NUL, .listed = true },
    [ENG_T_SMALLINT] = {
        .id = ENG_T_SMALLINT, .trino_name = "smallint",
        .type_name = "smallint", .data_type = CLI_SMALLINT,
        .column_size = 5, .precision = 5, .display_size = 6,
        .octet_length = 2, .char_octet_length = NUL, .decimal_digits = 0,
        .num_prec_radix = 10, .searchable = ENG_TI_PRED_BASIC,
        .unsigned_attr = 0, .minimum_scale = 0, .maximum_scale = 0,
        .listed = true },
    [ENG_T_INTEGER] = {
        .id = ENG_T_INTEGER, .trino_name = "integer", .type_name = "integer",
        .data_type = CLI_INTEGER, .column_size = 10, .precision = 10,
        .display_size = 11, .octet_length = 4, .char_octet_length = NUL,
        .decimal_digits = 0, .num_prec_radix = 10,
        .searchable = ENG_TI_PRED_BASIC, .unsigned_attr = 0,
        .minimum_scale = 0, .maximum_scale = 0, .listed = true },
    [ENG_T_BIGINT] = {
        .id = ENG_T_BIGINT, .trino_name = "bigint", .type_name = "bigint",
        .data_type = CLI_BIGINT, .column_size = 19, .precision = 19,
        .display_size = 20, .octet_length = 8, .char_octet_length = NUL,
        .decimal_digits = 0, .num_prec_radix = 10,
        .searchable = ENG_TI_PRED_BASIC, .unsigned_attr = 0,
        .minimum_scale = 0, .maximum_scale = 0, .listed = true },
    [ENG_T_DOUBLE] = {
        .id = ENG_T_DOUBLE, .trino_name = "double", .type_name = "double",
        .data_type = CLI_DOUBLE, .column_size = 53, .precision = 53,
        .display_size = 24, .octet_length = 8, .char_octet_length = NUL,
        .decimal_digits = NUL, .num_prec_radix = 2,
        .searchable = ENG_TI_PRED_BASIC, .unsigned_attr = 0,
        .minimum_scale = NUL, .maximum_scale = NUL, .listed = true },
    [ENG_T_DECIMAL] = {
        .id = ENG_T_DECIMAL, .trino_name = "decimal", .type_name = "decimal",
        .data_type = CLI_DECIMAL, .column_size = ENG_DECIMAL_MAX_PRECISION,
        .precision = ENG_DECIMAL_MAX_PRECISION,
        .display_size = ENG_DECIMAL_MAX_PRECISION + 2,
        .octet_length = ENG_DECIMAL_MAX_PRECISION + 2,
        .char_octet_length = NUL, .decimal_digits = 0, .num_prec_radix = 10,
        .searchable = ENG_TI_PRED_BASIC, .unsigned_attr = 0,
        .create_params = "precision,scale", .minimum_scale = 0,
        .maximum_scale = ENG_DECIMAL_MAX_PRECISION, .listed = true },
    [ENG_T_VARCHAR] = {
        .id = ENG_T_VARCHAR, .trino_name = "varchar", .type_name = "varchar",
        UNBOUNDED_TEXT, .searchable = ENG_TI_SEARCHABLE,
        .literal_prefix = "'", .literal_suffix = "'",
        .create_params = "max length", .listed = true },
    [ENG_T_DATE] = {
        .id = ENG_T_DATE, .trino_name = "date", .type_name = "date",
        .data_type = CLI_TYPE_DATE, .data_type_odbc2 = CLI_ODBC2_DATE,
        .sql_data_type = CLI_DATETIME, .datetime_sub = CLI_CODE_DATE,
        .column_size = 10, .precision = 0, .display_size = 10,
        .octet_length = 6, .char_octet_length = NUL, .decimal_digits = NUL,
        .num_prec_radix = NUL, .searchable = ENG_TI_PRED_BASIC,
        .unsigned_attr = NUL, .literal_prefix = "DATE '",
        .literal_suffix = "'", .minimum_scale = NUL, .maximum_scale = NUL,
        .listed = true },
    /* timestamp(3) and time(3) here; eng_typeinfo_of sizes any p:
     * column size "yyyy-mm-dd hh:mm:ss" 19 (time 8) plus '.' and p
     * digits, DECIMAL_DIGITS and SQL_DESC_PRECISION p. */
    [ENG_T_TIMESTAMP] = {
        .id = ENG_T_TIMESTAMP, .trino_name = "timestamp",
        .type_name = "timestamp", .data_type = CLI_TYPE_TIMESTAMP,
        .data_type_odbc2 = CLI_ODBC2_TIMESTAMP, .sql_data_type = CLI_DATETIME,
        .datetime_sub = CLI_CODE_TIMESTAMP, .column_size = 23,
        .precision = 3, .display_size = 23,
        .octet_length = TIMESTAMP_STRUCT_SIZE, .char_octet_length = NUL,
        .decimal_digits = 3, .num_prec_radix = NUL,
        .searchable = ENG_TI_PRED_BASIC, .unsigned_attr = NUL,
        .literal_prefix = "TIMESTAMP '", .literal_suffix = "'",
        .create_params = "precision", .minimum_scale = 0,
        .maximum_scale = ENG_TS_MAX_PRECISION, .listed = true },
    [ENG_T_TIME] = {
        .id = ENG_T_TIME, .trino_name = "time", .type_name = "time",
        .data_type = CLI_TYPE_TIME, .data_type_odbc2 = CLI_ODBC2_TIME,
        .sql_data_type = CLI_DATETIME, .datetime_sub = CLI_CODE_TIME,
        .column_size = 12, .precision = 3, .display_size = 12,
        .octet_length = TIME_STRUCT_SIZE, .char_octet_length = NUL,
        .decimal_digits = 3, .num_prec_radix = NUL,
        .searchable = ENG_TI_PRED_BASIC, .unsigned_attr = NUL,
        .literal_prefix = "TIME '", .literal_suffix = "'",
        .create_params = "precision", .minimum_scale = 0,
        .maximum_scale = ENG_TS_MAX_PRECISION, .listed = true },
    /* The types with a time zone reach ODBC as varchar holding Trino's
     * text ("2020-01-01 10:00:00.000 America/New_York"): no ODBC type
     * carries a zone, and the text loses nothing (the driver also converts
     * them to SQL_C_TYPE_TIMESTAMP/TIME in the session zone). Column size:
     * the timestamp/time text, a blank and the longest zone id (32), or
     * the offset (+hh:mm). Not listed by SQLGetTypeInfo: a varchar row of
     * its own would mislead tools that pick a type by DATA_TYPE. */
    [ENG_T_TIMESTAMP_TZ] = {
        .id = ENG_T_TIMESTAMP_TZ, .trino_name = "timestamp with time zone",
        .type_name = "timestamp with time zone", .data_type = CLI_VARCHAR,
        .column_size = 56, .precision = 56, .display_size = 56,
        .octet_length = 56, .char_octet_length = 56,
        .decimal_digits = NUL, .num_prec_radix = NUL,
        .searchable = ENG_TI_PRED_BASIC, .unsigned_attr = NUL,
        .literal_prefix = "TIMESTAMP '", .literal_suffix = "'",
        .create_params = "precision", .minimum_scale = NUL,
        .maximum_scale = NUL, .listed = false },
    [ENG_T_TIME_TZ] = {
        .id = ENG_T_TIME_TZ, .trino_name = "time with time zone",
        .type_name = "time with time zone", .data_type = CLI_VARCHAR,
        .column_size = 18, .precision = 18, .display_size = 18,
        .octet_length = 18, .char_octet_length = 18,
        .decimal_digits = NUL, .num_prec_radix = NUL,
        .searchable = ENG_TI_PRED_BASIC, .unsigned_attr = NUL,
        .literal_prefix = "TIME '", .literal_suffix = "'",
        .create_params = "precision", .minimum_scale = NUL,
        .maximum_scale = NUL, .listed = false },
    /* Intervals: the column size is the widest text; day to second keeps
     * milliseconds (3 fractional digits), year to month none. */
    [ENG_T_INTERVAL_DS] = {
        .id = ENG_T_INTERVAL_DS, .trino_name = "interval day to second",
        .type_name = "interval day to second",
        .data_type = CLI_INTERVAL_DAY_TO_SECOND, .sql_data_type = CLI_INTERVAL,
        .datetime_sub = CLI_CODE_DAY_TO_SECOND,
        .column_size = INTERVAL_DS_CHARS, .precision = 3,
        .display_size = INTERVAL_DS_CHARS,
        .octet_length = INTERVAL_STRUCT_SIZE, .char_octet_length = NUL,
        .decimal_digits = 3, .num_prec_radix = NUL,
        .searchable = ENG_TI_PRED_BASIC, .unsigned_attr = NUL,
        .literal_prefix = "INTERVAL '", .literal_suffix = "' DAY TO SECOND",
        .minimum_scale = 3, .maximum_scale = 3, .listed = true },
    [ENG_T_INTERVAL_YM] = {
        .id = ENG_T_INTERVAL_YM, .trino_name = "interval year to month",
        .type_name = "interval year to month",
        .data_type = CLI_INTERVAL_YEAR_TO_MONTH, .sql_data_type = CLI_INTERVAL,
        .datetime_sub = CLI_CODE_YEAR_TO_MONTH,
        .column_size = INTERVAL_YM_CHARS, .precision = 0,
        .display_size = INTERVAL_YM_CHARS,
        .octet_length = INTERVAL_STRUCT_SIZE, .char_octet_length = NUL,
        .decimal_digits = NUL, .num_prec_radix = NUL,
        .searchable = ENG_TI_PRED_BASIC, .unsigned_attr = NUL,
        .literal_prefix = "INTERVAL '", .literal_suffix = "' YEAR TO MONTH",
        .minimum_scale = NUL, .maximum_scale = NUL, .listed = true },
    /* varbinary: sizes count bytes (ODBC's column size of a binary type);
     * unbounded like varchar, shown as two hex digits a byte. */
    [ENG_T_VARBINARY] = {
        .id = ENG_T_VARBINARY, .trino_name = "varbinary",
        .type_name = "varbinary", .data_type = CLI_VARBINARY,
        .column_size = ENG_TI_UNBOUNDED_VARCHAR,
        .precision = ENG_TI_UNBOUNDED_VARCHAR,
        .display_size = ENG_TI_UNBOUNDED_VARCHAR * 2,
        .octet_length = ENG_TI_UNBOUNDED_VARCHAR,
        .char_octet_length = ENG_TI_UNBOUNDED_VARCHAR,
        .decimal_digits = NUL, .num_prec_radix = NUL,
        .searchable = ENG_TI_PRED_BASIC, .unsigned_attr = NUL,
        .literal_prefix = "X'", .literal_suffix = "'",
        .minimum_scale = NUL, .maximum_scale = NUL, .listed = true },
    /* uuid: SQL_GUID, 16 bytes (SQLGUID), 36 characters of text. */
    [ENG_T_UUID] = {
        .id = ENG_T_UUID, .trino_name = "uuid", .type_name = "uuid",
        .data_type = CLI_GUID, .column_size = UUID_CHARS,
        .precision = UUID_CHARS, .display_size = UUID_CHARS,
        .octet_length = UUID_BYTES, .char_octet_length = NUL,
        .decimal_digits = NUL, .num_prec_radix = NUL,
        .searchable = ENG_TI_PRED_BASIC, .unsigned_attr = NUL,
        .literal_prefix = "UUID '", .literal_suffix = "'",
        .minimum_scale = NUL, .maximum_scale = NUL, .listed = true },
    /* json: text to every client (SQL_VARCHAR, as Trino's JDBC driver
     * and the Simba/Starburst ODBC drivers report Trino's json, with
     * TYPE_NAME json), unbounded like varchar; comparable with = and
     * <> only (Trino's json is not orderable and has no LIKE), so
     * searchable all-except-LIKE. A type users CAST to: listed. */
    [ENG_T_JSON] = {
        .id = ENG_T_JSON, .trino_name = "json", .type_name = "json",
        UNBOUNDED_TEXT, .searchable = ENG_TI_PRED_BASIC,
        .literal_prefix = "JSON '", .literal_suffix = "'", .listed = true },
    /* array(T): delivered as its text ("[1, 2, 3]", Trino's CLI), so an
     * unbounded varchar to ODBC; TYPE_NAME is Trino's full name
     * ("array(integer)", eng_typeinfo_of), not a system.jdbc.types row. */
    [ENG_T_ARRAY] = {
        .id = ENG_T_ARRAY, .trino_name = "array", .type_name = "array",
        UNBOUNDED_TEXT, .searchable = ENG_TI_PRED_BASIC, .listed = false },
};

#define NTYPES ((int)(sizeof table / sizeof table[0]))

/* Octet length of n UTF-8 characters, capped at INT32_MAX. */
static int utf8_octets(int n)
{
    return n > 2147483647 / 4 ? 2147483647 : n * 4;
}

/*
 * True for every id the table has a row for. The switch has no default
 * on purpose: a new ENG_T_* makes -Wswitch (and so -Werror) fail here
 * until the table gets its row.
 */
static bool has_row(eng_type_id id)
{
    switch (id) {
    case ENG_T_UNKNOWN: case ENG_T_BOOLEAN: case ENG_T_SMALLINT:
    case ENG_T_INTEGER: case ENG_T_BIGINT: case ENG_T_DOUBLE:
    case ENG_T_DECIMAL: case ENG_T_VARCHAR: case ENG_T_DATE:
    case ENG_T_TIMESTAMP: case ENG_T_TIME: case ENG_T_INTERVAL_DS:
    case ENG_T_INTERVAL_YM: case ENG_T_VARBINARY: case ENG_T_UUID:
    case ENG_T_TIMESTAMP_TZ: case ENG_T_TIME_TZ: case ENG_T_JSON:
    case ENG_T_ARRAY:
        return (int)id < NTYPES;
    }
    return false;
}

/* See typeinfo.h. */
void eng_typeinfo_of(eng_type t, eng_typeinfo *out)
{
    eng_typeinfo_sized(t, ENG_TI_UNBOUNDED_VARCHAR, out);
}

/* See typeinfo.h. */
void eng_typeinfo_sized(eng_type t, int unbounded, eng_typeinfo *out)
{
    int id = has_row(t.id) ? (int)t.id : ENG_T_UNKNOWN;
    if (unbounded < 1)
        unbounded = ENG_TI_UNBOUNDED_VARCHAR;
    *out = table[id];
    /* Fields that mostly repeat another are derived once, here. */
    if (!out->local_type_name)
        out->local_type_name = out->type_name;
    if (!out->data_type_odbc2)
        out->data_type_odbc2 = out->data_type;
    if (!out->sql_data_type)
        out->sql_data_type = out->data_type;
    if (!out->datetime_sub)
        out->datetime_sub = ENG_TI_NULL;
    out->nullable = 1;
    out->auto_unique_value = 0;
    if ((id == ENG_T_VARCHAR && t.length <= 0) || id == ENG_T_JSON ||
        id == ENG_T_ARRAY) {
        /* the unbounded texts (UNBOUNDED_TEXT); an array named in full */
        if (id == ENG_T_ARRAY)
            out->type_name = out->local_type_name = eng_type_array_name(t);
        out->column_size = out->precision = out->display_size = unbounded;
        out->octet_length = out->char_octet_length = utf8_octets(unbounded);
    } else if (id == ENG_T_VARBINARY) {   /* sizes count bytes */
        out->column_size = out->precision = unbounded;
        out->octet_length = out->char_octet_length = unbounded;
        out->display_size = unbounded > 2147483647 / 2 ? 2147483647
                                                       : unbounded * 2;
    } else if (t.id == ENG_T_VARCHAR && t.length > 0) {
        out->column_size = out->precision = out->display_size = t.length;
        out->octet_length = out->char_octet_length = utf8_octets(t.length);
        if (eng_type_is_char(t)) {   /* char(n): SQL_CHAR, a varchar row otherwise */
            out->data_type = out->data_type_odbc2 = out->sql_data_type =
                CLI_CHAR;
            out->type_name = out->local_type_name = "char";
            out->trino_name = "char";
        }
    } else if (eng_type_is_tinyint(t)) {   /* tinyint: SQL_TINYINT, signed */
        out->data_type = out->data_type_odbc2 = out->sql_data_type =
            CLI_TINYINT;
        out->type_name = out->local_type_name = "tinyint";
        out->trino_name = "tinyint";
        out->column_size = out->precision = 3;
        out->display_size = 4;
        out->octet_length = 1;
    } else if (eng_type_is_real(t)) {   /* real: SQL_REAL, 24 bits */
        out->data_type = out->data_type_odbc2 = out->sql_data_type = CLI_REAL;
        out->type_name = out->local_type_name = "real";
        out->trino_name = "real";
        out->column_size = out->precision = ENG_DOUBLE_REAL;
        out->display_size = 14;
        out->octet_length = 4;
    } else if (t.id == ENG_T_DECIMAL && t.precision >= 1 &&
               t.precision <= ENG_DECIMAL_MAX_PRECISION) {
        out->column_size = out->precision = t.precision;
        out->display_size = out->octet_length = t.precision + 2;
        out->decimal_digits = t.scale;
    } else if ((t.id == ENG_T_TIMESTAMP || t.id == ENG_T_TIME) &&
               t.precision >= 0 && t.precision <= ENG_TS_MAX_PRECISION) {
        int base = t.id == ENG_T_TIMESTAMP ? 19 : 8;
        out->column_size = out->display_size =
            base + (t.precision > 0 ? t.precision + 1 : 0);
        out->precision = out->decimal_digits = t.precision;
    } else if (eng_type_is_tz(t.id) && t.precision >= 0 &&
               t.precision <= ENG_TS_MAX_PRECISION) {
        int n = (t.id == ENG_T_TIMESTAMP_TZ ? 19 + 1 + 32 : 8 + 6) +
                (t.precision > 0 ? t.precision + 1 : 0);
        out->column_size = out->precision = out->display_size = n;
        out->octet_length = out->char_octet_length = n;
    }
}

/* The widest declaration of a listed type (a row of system.jdbc.types). */
static eng_type widest(int id)
{
    switch (id) {
    case ENG_T_DECIMAL: return eng_type_decimal(ENG_DECIMAL_MAX_PRECISION, 0);
    case ENG_T_TIMESTAMP: return eng_type_timestamp(ENG_TS_MAX_PRECISION);
    case ENG_T_TIME: return eng_type_time(ENG_TS_MAX_PRECISION);
    default: return eng_type_make((eng_type_id)id);
    }
}

/*
 * The listed types as rows k = 0 .. NTYPES + 2: the table's listed ids,
 * then char, real and tinyint, which are flavours of varchar, double and
 * smallint (types.h) with their own SQL code and name. False for an
 * unlisted k; else its widest type and SQL code.
 */
static bool listed_row(int k, eng_type *t, int *code)
{
    if (k >= 0 && k < NTYPES) {
        if (!table[k].listed)
            return false;
        *t = widest(k);
        *code = table[k].data_type;
        return true;
    }
    if (k == NTYPES) {
        *t = eng_type_char(ENG_CHAR_MAX_LENGTH);
        *code = CLI_CHAR;
        return true;
    }
    if (k == NTYPES + 1) {
        *t = eng_type_real();
        *code = CLI_REAL;
        return true;
    }
    if (k == NTYPES + 2) {
        *t = eng_type_tinyint();
        *code = CLI_TINYINT;
        return true;
    }
    return false;
}

/* See typeinfo.h. */
bool eng_typeinfo_row(int i, eng_typeinfo *out)
{
    return eng_typeinfo_row_sized(i, ENG_TI_UNBOUNDED_VARCHAR, out);
}

/* See typeinfo.h. Rows come ordered by DATA_TYPE (as SQLGetTypeInfo
 * requires), whatever the enum order: the i-th smallest (code, k). */
bool eng_typeinfo_row_sized(int i, int unbounded, eng_typeinfo *out)
{
    int prev_code = -2147483647 - 1, prev_k = -1;
    eng_type prev_t = eng_type_make(ENG_T_UNKNOWN);
    if (i < 0)
        return false;
    for (int n = 0; n <= i; n++) {
        int best = -1, best_code = 0;
        eng_type best_t = prev_t;
        for (int k = 0; k < NTYPES + 3; k++) {
            eng_type t;
            int c;
            if (!listed_row(k, &t, &c))
                continue;
            if (c < prev_code || (c == prev_code && k <= prev_k))
                continue;
            if (best < 0 || c < best_code || (c == best_code && k < best)) {
                best = k;
                best_code = c;
                best_t = t;
            }
        }
        if (best < 0)
            return false;
        prev_code = best_code;
        prev_k = best;
        prev_t = best_t;
    }
    eng_typeinfo_sized(prev_t, unbounded, out);
    return true;
}
