/*
 * driver/sqltype.c
 *   How each engine type (Trino names) appears to ODBC: SQL type codes,
 *   column size, decimal digits, display size, octet length, precision
 *   radix, literal prefix/suffix and default C type.
 * Interface: sqlt_describe.
 * Not here: value conversions (convert_*.c); the SQLGetTypeInfo result
 *   (catalog.c, from system.jdbc.types).
 *
 * Unbounded varchar reports a column size and display size of
 * DRV_UNBOUNDED_VARCHAR (65535): 2147483647 is honest but makes tools
 * such as isql allocate and print absurdly wide columns, while 65535 is
 * what other drivers for unbounded text report by default. SQLGetData
 * still returns every byte of longer values (in parts).
 */
#include <string.h>
#include "driver.h"

/*
 * Fills *out for engine type t; odbc_ver selects SQL_DATE (ODBC 2) or
 * SQL_TYPE_DATE (ODBC 3) for dates. Unknown types read as varchar.
 */
void sqlt_describe(eng_type t, SQLINTEGER odbc_ver, sqlt_info *out)
{
    memset(out, 0, sizeof *out);
    out->searchable = SQL_PRED_BASIC;
    out->is_unsigned = false;
    out->lit_prefix = "";
    out->lit_suffix = "";
    switch (t.id) {
    case ENG_T_BOOLEAN:
        out->concise = SQL_BIT;
        out->column_size = 1;
        out->display_size = 1;
        out->octet_length = 1;
        out->precision = 1;
        out->type_name = "boolean";
        out->c_default = SQL_C_BIT;
        out->is_unsigned = true;
        break;
    case ENG_T_SMALLINT:
        out->concise = SQL_SMALLINT;
        out->column_size = 5;
        out->display_size = 6;
        out->octet_length = 2;
        out->precision = 5;
        out->radix = 10;
        out->type_name = "smallint";
        out->c_default = SQL_C_SSHORT;
        break;
    case ENG_T_INTEGER:
        out->concise = SQL_INTEGER;
        out->column_size = 10;
        out->display_size = 11;
        out->octet_length = 4;
        out->precision = 10;
        out->radix = 10;
        out->type_name = "integer";
        out->c_default = SQL_C_SLONG;
        break;
    case ENG_T_BIGINT:
        out->concise = SQL_BIGINT;
        out->column_size = 19;
        out->display_size = 20;
        out->octet_length = 8;
        out->precision = 19;
        out->radix = 10;
        out->type_name = "bigint";
        out->c_default = SQL_C_SBIGINT;
        break;
    case ENG_T_DOUBLE:
        out->concise = SQL_DOUBLE;
        out->column_size = 15;
        out->display_size = 24;
        out->octet_length = 8;
        out->precision = 53;
        out->radix = 2;
        out->type_name = "double";
        out->c_default = SQL_C_DOUBLE;
        break;
    case ENG_T_DECIMAL:
        out->concise = SQL_DECIMAL;
        out->column_size = (SQLULEN)t.precision;
        out->digits = (SQLSMALLINT)t.scale;
        out->display_size = t.precision + 2;
        out->octet_length = t.precision + 2;
        out->precision = t.precision;
        out->radix = 10;
        out->type_name = "decimal";
        out->c_default = SQL_C_CHAR;
        break;
    case ENG_T_DATE:
        out->concise = odbc_ver == SQL_OV_ODBC2 ? SQL_DATE : SQL_TYPE_DATE;
        out->verbose = SQL_DATETIME;
        out->datetime_sub = SQL_CODE_DATE;
        out->column_size = 10;
        out->display_size = 10;
        out->octet_length = sizeof(SQL_DATE_STRUCT);
        out->precision = 0;
        out->type_name = "date";
        out->lit_prefix = "DATE '";
        out->lit_suffix = "'";
        out->c_default = SQL_C_TYPE_DATE;
        out->is_unsigned = true;
        break;
    case ENG_T_VARCHAR:
    case ENG_T_UNKNOWN:
    default: {
        SQLULEN n = t.id == ENG_T_VARCHAR && t.length > 0
                        ? (SQLULEN)t.length
                        : t.id == ENG_T_VARCHAR ? DRV_UNBOUNDED_VARCHAR : 1;
        out->concise = SQL_VARCHAR;
        out->column_size = n;
        out->display_size = (SQLLEN)n;
        out->octet_length = (SQLLEN)n * 4;
        out->precision = (SQLLEN)n;
        out->type_name = t.id == ENG_T_UNKNOWN ? "unknown" : "varchar";
        out->lit_prefix = "'";
        out->lit_suffix = "'";
        out->c_default = SQL_C_CHAR;
        out->case_sensitive = true;
        out->searchable = SQL_PRED_SEARCHABLE;
        out->is_unsigned = true;
        break;
    }
    }
    if (!out->verbose)
        out->verbose = out->concise;
}
