/*
 * driver/sqlstate.c
 *   The SQLSTATE tables: the few engine states ODBC 3 spells its own way
 *   (42703 -> 42S22), and ODBC 3 states -> their ODBC 2.x spelling
 *   used when the application set SQL_ATTR_ODBC_VERSION = SQL_OV_ODBC2,
 *   and the class/subclass origins of SQL_DIAG_CLASS/SUBCLASS_ORIGIN.
 * Interface: sqlstate_odbc3, sqlstate_odbc2, sqlstate_class_origin,
 *   sqlstate_subclass_origin.
 * Not here: the engine's SQLSTATE list (engine/errcodes.txt); storing
 *   records (diag.c). Other engine and remote states pass unchanged.
 */
#include <string.h>
#include "driver.h"

/*
 * ODBC 3.x state -> ODBC 2.x state (the ODBC reference's "SQLSTATE
 * Mappings"). Where the ODBC 2 state depends on the function, this is the
 * common one and the record carries the other (diag_pushf_odbc2): 07009 is
 * S1002 (column number) here and S1093 (parameter number) from
 * SQLBindParameter / SQLDescribeParam. States ODBC 2 already had (01004,
 * 07006, 08S01, 21S01, 21S02, 22003, 22012, 24000 ...) pass unchanged.
 */
static const struct {
    const char *v3, *v2;
} map[] = {
    {"01001", "01S03"}, {"07005", "24000"}, {"07009", "S1002"},
    {"42000", "37000"}, {"42S01", "S0001"},
    {"42S02", "S0002"}, {"42S11", "S0011"}, {"42S12", "S0012"},
    {"42S21", "S0021"}, {"42S22", "S0022"}, {"42S23", "S0023"},
    {"HY000", "S1000"},
    {"HY001", "S1001"}, {"HY003", "S1003"}, {"HY004", "S1004"},
    {"HY007", "S1010"},
    {"HY008", "S1008"}, {"HY009", "S1009"}, {"HY010", "S1010"},
    {"HY011", "S1011"}, {"HY012", "S1012"}, {"HY013", "S1013"},
    {"HY015", "S1015"}, {"HY016", "S1016"}, {"HY017", "S1017"},
    {"HY018", "S1018"}, {"HY019", "S1019"}, {"HY020", "S1020"},
    {"HY021", "S1021"}, {"HY024", "S1009"}, {"HY090", "S1090"},
    {"HY091", "S1091"}, {"HY092", "S1092"}, {"HY095", "S1095"},
    {"HY096", "S1096"}, {"HY097", "S1097"}, {"HY098", "S1098"},
    {"HY099", "S1099"}, {"HY100", "S1100"}, {"HY101", "S1101"},
    {"HY103", "S1103"}, {"HY104", "S1104"}, {"HY105", "S1105"},
    {"HY106", "S1106"}, {"HY107", "S1107"}, {"HY109", "S1109"},
    {"HY110", "S1110"}, {"HY111", "S1111"}, {"HYC00", "S1C00"},
    {"HYT00", "S1T00"}, {"HYT01", "S1T00"}, {"22007", "22008"},
    {"22018", "22005"}, {"IM001", "IM001"},
};

/*
 * Engine (SQL-standard / PostgreSQL-style) states that ODBC spells its
 * own way; applied when an engine error becomes a diagnostic record.
 */
static const struct {
    const char *eng, *odbc;
} map3[] = {
    {"42703", "42S22"},  /* undefined column -> column not found */
    {"42P01", "42S02"},  /* undefined table -> base table or view not found */
};

/* Returns the ODBC 3 state for an engine state (itself when unmapped). */
const char *sqlstate_odbc3(const char *state)
{
    for (size_t i = 0; i < sizeof map3 / sizeof map3[0]; i++)
        if (strcmp(map3[i].eng, state) == 0)
            return map3[i].odbc;
    return state;
}

/* Returns the ODBC 2.x state for state, or state itself when unmapped. */
const char *sqlstate_odbc2(const char *state)
{
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(map[i].v3, state) == 0)
            return map[i].v2;
    return state;
}

/* "ODBC 3.0" for the ODBC-defined classes HY and IM, else "ISO 9075". */
const char *sqlstate_class_origin(const char *state)
{
    if (strncmp(state, "HY", 2) == 0 || strncmp(state, "IM", 2) == 0)
        return "ODBC 3.0";
    return "ISO 9075";
}

/*
 * "ODBC 3.0" for subclasses ODBC defines (classes HY/IM, and subclasses
 * with an 'S' such as 01S07, 08S01, 42S02), else "ISO 9075".
 */
const char *sqlstate_subclass_origin(const char *state)
{
    if (strncmp(state, "HY", 2) == 0 || strncmp(state, "IM", 2) == 0 ||
        state[2] == 'S')
        return "ODBC 3.0";
    return "ISO 9075";
}
