/*
 * engine/types/typeinfo.h
 *   The one type table: how each engine type describes itself to SQL/CLI
 *   clients (ODBC, JDBC), as plain integers and strings. The driver's
 *   result-column metadata (SQLDescribeCol, SQLColAttribute) and the
 *   system catalog (system.jdbc.columns and system.jdbc.types, hence
 *   SQLColumns and SQLGetTypeInfo) both read it, so they cannot disagree.
 * Interface: eng_typeinfo_of, eng_typeinfo_sized, eng_typeinfo_row,
 *   eng_typeinfo_row_sized, ENG_TI_*.
 * Not here: Trino's full type names ("varchar(255)", eng_type_name in
 *   types.c, used by SHOW COLUMNS and DESCRIBE); ODBC C types and the
 *   ODBC header (driver/sqltype.c maps these rows onto SQL_* symbols).
 *
 * Codes are the SQL/CLI numbers that ODBC 3 and JDBC share (ISO/IEC
 * 9075-3): BIT -7, TINYINT -6, BIGINT -5, DECIMAL 3, INTEGER 4,
 * SMALLINT 5, DOUBLE 8, VARCHAR 12, TYPE_DATE 91, and the verbose
 * DATETIME 9 with subcode 1 for dates. ODBC 2 applications know dates as SQL_DATE, also 9, which is
 * data_type_odbc2.
 *
 * "Not applicable" is ENG_TI_NULL: the catalog functions return SQL NULL
 * there. The descriptor side (SQLColAttribute, SQLDescribeCol) cannot
 * return NULL, and ODBC fixes what it returns instead; the mapping lives
 * here and only here:
 *   field            catalog (GetTypeInfo/Columns)   descriptor
 *   unsigned_attr    NULL for non-numeric types      SQL_DESC_UNSIGNED
 *                                                    SQL_TRUE ("unsigned or
 *                                                    not numeric", ODBC spec)
 *   decimal_digits   NULL where no scale applies     SQL_DESC_SCALE and
 *                                                    DecimalDigits 0
 *   num_prec_radix   NULL for non-numeric types      SQL_DESC_NUM_PREC_RADIX 0
 *   literal_prefix/  NULL when the type has none     "" (empty string)
 *   literal_suffix
 *   datetime_sub     NULL for non-datetime types     SQL_DESC_DATETIME_
 *                                                    INTERVAL_CODE 0
 *   char_octet_length NULL for non-character types   (no descriptor field)
 *
 * Sizes (one value everywhere):
 *   unbounded varchar: column size and display size ENG_TI_UNBOUNDED_VARCHAR
 *     (65535) by default. 2147483647 would be honest but makes tools such
 *     as isql allocate and print absurdly wide columns; 65535 is what
 *     other drivers report for unbounded text. A session may declare
 *     another size (the DSN key UnboundedVarcharSize, 1..2147483647:
 *     Excel fails above 8000, Tableau sizes its columns by the display
 *     size): eng_typeinfo_sized and eng_typeinfo_row_sized take it, and
 *     every path that describes a type in that session (engine.h
 *     eng_describe_type, system.jdbc) passes the same one. A longer value
 *     is still returned whole (SQLGetData in parts). Octet lengths are 4
 *     bytes a character, capped at 2147483647: UTF-8 needs at most 4, and
 *     so does UTF-16 (a character outside the BMP is two 2-byte units),
 *     so the figure holds for SQL_C_CHAR and SQL_C_WCHAR alike.
 *   unbounded varbinary: the same declared size, in bytes (display size
 *     twice that, two hex digits a byte).
 *   double: column size 53 and NUM_PREC_RADIX 2 (binary precision, as
 *     Trino's JDBC driver and SQL_DESC_PRECISION report it); display 24.
 *   date: octet length 6, the size of the ODBC date structure (three
 *     16-bit fields).
 *   unknown (the type of a bare NULL literal, or of a remote column with
 *     no mapping) reports as a varchar of size 1 and names the `varchar`
 *     row, so that every TYPE_NAME names a row of system.jdbc.types.
 * TYPE_NAME (SQLColumns, SQL_DESC_TYPE_NAME) is the base name (`varchar`,
 * `decimal`), the name of a row of system.jdbc.types with the same
 * DATA_TYPE; the length, precision and scale are in the size fields.
 * The exception is array(T): delivered as its text, an unbounded
 * varchar, whose TYPE_NAME is Trino's full name ("array(integer)", as
 * Trino's JDBC driver reports it) and no row of system.jdbc.types.
 * SEARCHABLE is 3 (every predicate) for character types and 2 (all but
 * LIKE) otherwise, because the binder accepts LIKE on varchar only.
 */
#ifndef ENG_TYPEINFO_H
#define ENG_TYPEINFO_H

#include <stdbool.h>
#include "types.h"

/* An integer attribute that does not apply (SQL NULL in catalogs). */
#define ENG_TI_NULL (-1)
/* Column and display size of an unbounded varchar (see above): the
 * default, and the largest size a session may declare instead. */
#define ENG_TI_UNBOUNDED_VARCHAR 65535
#define ENG_TI_UNBOUNDED_MAX 2147483647
/* SEARCHABLE values (SQL_PRED_BASIC, SQL_SEARCHABLE). */
#define ENG_TI_PRED_BASIC 2
#define ENG_TI_SEARCHABLE 3

/* One type as a client sees it. Strings are static; NULL = none. */
typedef struct eng_typeinfo {
    eng_type_id id;
    const char *trino_name;   /* Trino's base name: "unknown" for a NULL */
    const char *type_name;    /* TYPE_NAME: the system.jdbc.types row */
    const char *local_type_name;
    int data_type;            /* concise code, ODBC 3 / JDBC */
    int data_type_odbc2;      /* concise code for ODBC 2 applications */
    int sql_data_type;        /* verbose code (9 DATETIME for dates) */
    int datetime_sub;         /* 1 for date; ENG_TI_NULL otherwise */
    int column_size;
    int decimal_digits;       /* ENG_TI_NULL where no scale applies */
    int precision;            /* SQL_DESC_PRECISION (bits for double) */
    int num_prec_radix;       /* 10, 2 or ENG_TI_NULL */
    int display_size;
    int octet_length;         /* transfer octet length (BUFFER_LENGTH) */
    int char_octet_length;    /* ENG_TI_NULL for non-character types */
    int searchable;           /* ENG_TI_PRED_BASIC or ENG_TI_SEARCHABLE */
    int unsigned_attr;        /* 0, 1 or ENG_TI_NULL (not numeric) */
    int auto_unique_value;    /* 0: no type autoincrements */
    int nullable;             /* 1: every type takes NULL */
    bool case_sensitive;
    bool fixed_prec_scale;    /* money-like fixed types only: none here */
    const char *literal_prefix, *literal_suffix;
    const char *create_params;
    int minimum_scale, maximum_scale;  /* ENG_TI_NULL for non-numeric */
    bool listed;              /* a row of system.jdbc.types of its own */
} eng_typeinfo;

/*
 * Fills *out for type t, with the sizes of t's parameters (varchar(n),
 * decimal(p,s)). An id outside the enum reads as unknown. Never fails.
 */
void eng_typeinfo_of(eng_type t, eng_typeinfo *out);

/*
 * As eng_typeinfo_of, with `unbounded` as the declared size of unbounded
 * varchar and varbinary (values below 1 read as ENG_TI_UNBOUNDED_VARCHAR).
 */
void eng_typeinfo_sized(eng_type t, int unbounded, eng_typeinfo *out);

/*
 * Row i (0-based) of system.jdbc.types, i.e. of SQLGetTypeInfo: each
 * listed type at its widest (unbounded varchar, decimal(38,0)). Returns
 * false (and leaves *out alone) when there is no row i.
 */
bool eng_typeinfo_row(int i, eng_typeinfo *out);
/* As eng_typeinfo_row with a declared unbounded size (eng_typeinfo_sized). */
bool eng_typeinfo_row_sized(int i, int unbounded, eng_typeinfo *out);

#endif
