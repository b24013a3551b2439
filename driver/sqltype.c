/*
 * driver/sqltype.c
 *   How each engine type appears to ODBC, read from the engine's one type
 *   table (engine/types/typeinfo.h): SQL type codes, column size, decimal
 *   digits, display size, octet length, precision, radix, literal
 *   prefix/suffix, and the default C type (the one fact only ODBC has).
 * Interface: sqlt_describe.
 * Not here: the numbers themselves, and how "not applicable" (a NULL in
 *   SQLColumns/SQLGetTypeInfo) reads in a descriptor: both are in
 *   typeinfo.h, so that SQLDescribeCol, SQLColAttribute, SQLColumns and
 *   SQLGetTypeInfo agree. Value conversions (convert_*.c); the
 *   SQLGetTypeInfo result (catalog.c, from system.jdbc.types).
 */
#include <string.h>
#include "driver.h"

/* The default C type of an engine type (SQL_C_DEFAULT, ODBC appendix D). */
static SQLSMALLINT default_c_type(eng_type_id id)
{
    switch (id) {
    case ENG_T_BOOLEAN: return SQL_C_BIT;
    case ENG_T_SMALLINT: return SQL_C_SSHORT;
    case ENG_T_INTEGER: return SQL_C_SLONG;
    case ENG_T_BIGINT: return SQL_C_SBIGINT;
    case ENG_T_DOUBLE: return SQL_C_DOUBLE;
    case ENG_T_DATE: return SQL_C_TYPE_DATE;
    case ENG_T_TIMESTAMP: return SQL_C_TYPE_TIMESTAMP;
    case ENG_T_TIME: return SQL_C_TYPE_TIME;
    case ENG_T_INTERVAL_DS: return SQL_C_INTERVAL_DAY_TO_SECOND;
    case ENG_T_INTERVAL_YM: return SQL_C_INTERVAL_YEAR_TO_MONTH;
    case ENG_T_VARBINARY: return SQL_C_BINARY;
    case ENG_T_UUID: return SQL_C_GUID;
    case ENG_T_DECIMAL:   /* exact: text keeps every digit */
    case ENG_T_VARCHAR:
    case ENG_T_UNKNOWN:
    default: return SQL_C_CHAR;
    }
}

/*
 * Fills *out for engine type t as statement s's connection describes it
 * (eng_describe_type: the type table with the connection's declared size
 * of unbounded varchar and varbinary, UnboundedVarcharSize); the
 * statement's ODBC version selects the ODBC 2 or ODBC 3 concise code
 * (SQL_DATE or SQL_TYPE_DATE for dates).
 * "Not applicable" becomes what a descriptor reports instead of NULL:
 * 0 for digits, radix and subcode, "" for literal prefix/suffix, and
 * SQL_TRUE for UNSIGNED ("unsigned or not numeric").
 */
void sqlt_describe(const drv_stmt *s, eng_type t, sqlt_info *out)
{
    eng_typeinfo ti;
    SQLINTEGER odbc_ver = stmt_odbc_ver(s);
    eng_describe_type(s->dbc ? s->dbc->conn : NULL, t, &ti);
    memset(out, 0, sizeof *out);
    out->concise = (SQLSMALLINT)(odbc_ver == SQL_OV_ODBC2 ? ti.data_type_odbc2
                                                         : ti.data_type);
    out->verbose = (SQLSMALLINT)ti.sql_data_type;
    out->datetime_sub = (SQLSMALLINT)(ti.datetime_sub == ENG_TI_NULL
                                          ? 0 : ti.datetime_sub);
    out->column_size = (SQLULEN)ti.column_size;
    out->digits = (SQLSMALLINT)(ti.decimal_digits == ENG_TI_NULL
                                    ? 0 : ti.decimal_digits);
    out->display_size = ti.display_size;
    out->octet_length = ti.octet_length;
    out->precision = ti.precision;
    out->radix = (SQLSMALLINT)(ti.num_prec_radix == ENG_TI_NULL
                                   ? 0 : ti.num_prec_radix);
    out->is_unsigned = ti.unsigned_attr != 0;   /* NULL (not numeric): true */
    out->case_sensitive = ti.case_sensitive;
    out->fixed_prec_scale = ti.fixed_prec_scale;
    out->searchable = (SQLSMALLINT)ti.searchable;
    out->type_name = ti.type_name;
    out->local_type_name = ti.local_type_name;
    out->lit_prefix = ti.literal_prefix ? ti.literal_prefix : "";
    out->lit_suffix = ti.literal_suffix ? ti.literal_suffix : "";
    out->c_default = default_c_type(ti.id);
    if (eng_type_is_real(t))   /* SQL_REAL's default is the 4-byte float */
        out->c_default = SQL_C_FLOAT;
    if (eng_type_is_tinyint(t))   /* SQL_TINYINT's: the signed byte */
        out->c_default = SQL_C_STINYINT;
}
