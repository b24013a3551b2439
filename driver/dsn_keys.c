/*
 * driver/dsn_keys.c
 *   The table of data-source keys (see dsn_keys.h) and its lookup.
 * Interface: dsn_keys, dsn_nkeys, dsn_key_find.
 * Not here: reading or writing odbc.ini (connect.c, setup.c).
 *
 * Aliases (Host, User, Password) are keys of their own, because the engine
 * accepts both spellings and a DSN may hold either. Driver and DSN are not
 * here: the driver manager owns them (SQLWriteDSNToIni).
 */
#include <string.h>
#include <strings.h>
#include "dsn_keys.h"

const dsn_key dsn_keys[] = {
    {"Description", "", "free text shown by DSN lists; not read by the driver", 0},
    {"Catalogs", "", "path of the catalog file (required unless Engine=trino)", 0},
    {"Catalog", "", "default catalog for unqualified table names", 0},
    {"Schema", "", "default schema for unqualified table names", 0},
    {"Optimizer", "every rule on", "optimizer rules switched off, e.g. {dynamic_filter=off}", 0},
    {"QueryMemoryLimit", "1g", "bytes one query's hash tables, sorts and windows may hold (53200 past it); 0: no limit", 0},
    {"SpillDirectory", "", "directory of the temporary files sorts spill to past a share of QueryMemoryLimit; empty: $TMPDIR, else /tmp", 0},
    {"TimeZone", "the client's zone", "session time zone: an IANA id (Europe/Paris), UTC or an offset (+05:30)", 0},
    {"StaticCursorMemory", "64m", "bytes a static cursor keeps in memory before spilling", 0},
    {"CatalogsAsSchemas", "0", "1: catalog functions show catalog.schema as one schema", 0},
    {"UnboundedVarcharSize", "65535", "size declared for varchar and varbinary without a length (1..2147483647; Excel: 8000)", 0},
    {"MetadataCache", "60", "seconds a connection keeps table definitions and lists it read; 0: off", 0},
    {"Engine", "", "trino: Trino mode; absent: the embedded engine", 0},
    {"Server", "", "Trino mode: http(s)://host:port or a bare host name", 0},
    {"Host", "", "Trino mode: the same as Server", 0},
    {"Port", "8080 (443 with SSL)", "Trino mode, bare host: the port", 0},
    {"SSL", "0", "Trino mode, bare host: 1/true for https", 0},
    {"SSLCAFile", "the system's store", "Trino mode: PEM file of the CAs", 0},
    {"SSLVerification", "FULL", "Trino mode: FULL, CA or NONE", 0},
    {"AccessToken", "", "Trino mode: a JWT sent as Bearer", 1},
    {"ConnectTimeout", "10", "Trino mode: seconds to wait for TCP/TLS", 0},
    {"UID", "", "Trino mode: the Trino user", 0},
    {"User", "", "Trino mode: the same as UID", 0},
    {"PWD", "", "Trino mode: password (https only)", 1},
    {"Password", "", "Trino mode: the same as PWD", 1},
    {"Trace", "no", "yes/1/true: log calls and remote SQL to TraceFile", 0},
    {"TraceFile", "/tmp/meshodbc_trace.log", "the trace file (appended to)", 0},
};
const size_t dsn_nkeys = sizeof dsn_keys / sizeof dsn_keys[0];

const dsn_key *dsn_key_find(const char *name, size_t n)
{
    for (size_t i = 0; i < dsn_nkeys; i++)
        if (strlen(dsn_keys[i].name) == n &&
            strncasecmp(dsn_keys[i].name, name, n) == 0)
            return &dsn_keys[i];
    return NULL;
}
