/*
 * engine/types/typeinfo.c
 *   The one type table (see typeinfo.h for what each field means, which
 *   sizes were chosen and why, and how "not applicable" maps to ODBC).
 * Interface: eng_typeinfo_of, eng_typeinfo_row.
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
    CLI_TYPE_DATE = 91, CLI_CODE_DATE = 1, CLI_ODBC2_DATE = 9
};

#define NUL ENG_TI_NULL

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
        .data_type = CLI_VARCHAR, .column_size = ENG_TI_UNBOUNDED_VARCHAR,
        .precision = ENG_TI_UNBOUNDED_VARCHAR,
        .display_size = ENG_TI_UNBOUNDED_VARCHAR,
        .octet_length = ENG_TI_UNBOUNDED_VARCHAR * 4,
        .char_octet_length = ENG_TI_UNBOUNDED_VARCHAR * 4,
        .decimal_digits = NUL, .num_prec_radix = NUL,
        .searchable = ENG_TI_SEARCHABLE, .unsigned_attr = NUL,
        .case_sensitive = true, .literal_prefix = "'", .literal_suffix = "'",
        .create_params = "max length", .minimum_scale = NUL,
        .maximum_scale = NUL, .listed = true },
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
        return (int)id < NTYPES;
    }
    return false;
}

/* See typeinfo.h. */
void eng_typeinfo_of(eng_type t, eng_typeinfo *out)
{
    int id = has_row(t.id) ? (int)t.id : ENG_T_UNKNOWN;
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
    if (t.id == ENG_T_VARCHAR && t.length > 0) {
        out->column_size = out->precision = out->display_size = t.length;
        out->octet_length = out->char_octet_length = utf8_octets(t.length);
    } else if (t.id == ENG_T_DECIMAL && t.precision >= 1 &&
               t.precision <= ENG_DECIMAL_MAX_PRECISION) {
        out->column_size = out->precision = t.precision;
        out->display_size = out->octet_length = t.precision + 2;
        out->decimal_digits = t.scale;
    }
}

/* See typeinfo.h. */
bool eng_typeinfo_row(int i, eng_typeinfo *out)
{
    for (int id = 0; id < NTYPES; id++) {
        if (!table[id].listed)
            continue;
        if (i-- == 0) {
            eng_typeinfo_of(id == ENG_T_DECIMAL
                                ? eng_type_decimal(ENG_DECIMAL_MAX_PRECISION, 0)
                                : eng_type_make((eng_type_id)id), out);
            return true;
        }
    }
    return false;
}
