/*
 * driver/setup.c
 *   The setup library (libmeshodbcS.so, named by Setup= in the driver's
 *   odbcinst.ini entry): ConfigDSN creates, changes and removes MeshODBC
 *   data sources for SQLConfigDataSource and the DSN tools; ConfigDriver
 *   answers SQLConfigDriver.
 * Interface: ConfigDSN, ConfigDriver.
 * Not here: the keys themselves (dsn_keys.c); reading a DSN when
 *   connecting (connect.c).
 *
 * No dialog: the library has no GUI, so a request that would need one
 * (add or change with a parent window) fails with ODBC_ERROR_INVALID_HWND
 * and a message saying how to call it instead. Everything goes through
 * unixODBC's installer API (SQLWriteDSNToIni, SQLWritePrivateProfileString,
 * SQLRemoveDSNFromIni), which writes the user or the system odbc.ini as
 * the driver manager's config mode says (ODBC_ADD_SYS_DSN & co. set it
 * before calling here). Errors go to SQLPostInstallerError, so the caller
 * reads them with SQLInstallerError. The attribute list is checked whole
 * before anything is written: an unknown key or a bad value changes
 * nothing.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <odbcinst.h>
#include "dsn_keys.h"

#ifndef TRUE
#define TRUE 1
#endif
#ifndef FALSE
#define FALSE 0
#endif

#define MAX_ATTRS 64

/* One "KEY=value" of the attribute list, pointing into it. */
typedef struct attr {
    const char *key;
    size_t keylen;
    const char *value;      /* NUL-terminated (the list's own NUL) */
} attr;

/* Posts an installer error (message formatted) and returns FALSE. */
static BOOL fail(DWORD code, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static BOOL fail(DWORD code, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    SQLPostInstallerError(code, msg);
    return FALSE;
}

/* True for a Trace value the driver understands. */
static bool bool_value(const char *v)
{
    static const char *const ok[] = {"yes", "no", "1", "0", "true", "false",
                                     "on", "off"};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        if (strcasecmp(v, ok[i]) == 0)
            return true;
    return false;
}

/*
 * Splits the double-NUL-terminated list into a[], finds DSN= (into *dsn)
 * and checks every other key against dsn_keys (Driver= is skipped: the
 * driver argument names the driver). Returns the number of attributes, or
 * -1 after posting an error.
 */
static int split(const char *list, attr *a, const char **dsn)
{
    int n = 0;
    *dsn = NULL;
    for (const char *p = list; p && *p; p += strlen(p) + 1) {
        const char *eq = strchr(p, '=');
        if (!eq || eq == p) {
            fail(ODBC_ERROR_INVALID_KEYWORD_VALUE,
                 "MeshODBC setup: attribute '%.100s' is not KEY=value", p);
            return -1;
        }
        size_t kl = (size_t)(eq - p);
        while (kl && (p[kl - 1] == ' ' || p[kl - 1] == '\t'))
            kl--;
        const char *v = eq + 1;
        while (*v == ' ' || *v == '\t')
            v++;
        if (kl == 3 && strncasecmp(p, "DSN", 3) == 0) {
            *dsn = v;
            continue;
        }
        if (kl == 6 && strncasecmp(p, "Driver", 6) == 0)
            continue;
        const dsn_key *k = dsn_key_find(p, kl);
        if (!k) {
            fail(ODBC_ERROR_INVALID_KEYWORD_VALUE,
                 "MeshODBC setup: unknown key '%.*s' (the keys are listed "
                 "in the README, \"Data source keys\")", (int)(kl > 100 ? 100 : kl), p);
            return -1;
        }
        if (strcasecmp(k->name, "Trace") == 0 && *v && !bool_value(v)) {
            fail(ODBC_ERROR_INVALID_KEYWORD_VALUE,
                 "MeshODBC setup: Trace=%.100s: expected yes or no", v);
            return -1;
        }
        if (n == MAX_ATTRS) {
            fail(ODBC_ERROR_INVALID_KEYWORD_VALUE,
                 "MeshODBC setup: more than %d attributes", MAX_ATTRS);
            return -1;
        }
        a[n].key = k->name;   /* the documented spelling */
        a[n].keylen = kl;
        a[n].value = v;
        n++;
    }
    return n;
}

/* True when dsn has a section in the odbc.ini of the current mode. */
static bool dsn_exists(const char *dsn)
{
    char buf[1024];
    buf[0] = '\0';
    return SQLGetPrivateProfileString(dsn, "Driver", "", buf, sizeof buf,
                                      "odbc.ini") > 0 && buf[0];
}

/* The value of key among a[0..n) or NULL. */
static const char *attr_get(const attr *a, int n, const char *key)
{
    const char *v = NULL;
    for (int i = 0; i < n; i++)
        if (strcasecmp(a[i].key, key) == 0)
            v = a[i].value;
    return v;
}

/* Writes (value non-empty) or deletes (empty) each attribute of dsn. */
static BOOL write_keys(const char *dsn, const attr *a, int n)
{
    for (int i = 0; i < n; i++)
        if (!SQLWritePrivateProfileString(dsn, a[i].key,
                                          *a[i].value ? a[i].value : NULL,
                                          "odbc.ini"))
            return fail(ODBC_ERROR_WRITING_SYSINFO_FAILED,
                        "MeshODBC setup: could not write %s of data source "
                        "'%.200s'", a[i].key, dsn);
    return TRUE;
}

/*
 * ConfigDSN: ODBC_ADD_DSN creates (or replaces) the data source named by
 * DSN= with the given keys; Catalogs= (or Engine=) is required.
 * ODBC_CONFIG_DSN changes the given keys of an existing data source (an
 * empty value removes the key). ODBC_REMOVE_DSN removes it. The system
 * variants arrive here as these three with the config mode set to
 * system by the driver manager; ODBC_REMOVE_DEFAULT_DSN removes the
 * section [Default].
 */
BOOL INSTAPI ConfigDSN(HWND hwnd, WORD req, LPCSTR driver, LPCSTR attributes)
{
    attr a[MAX_ATTRS];
    const char *dsn;

    if (req == ODBC_REMOVE_DEFAULT_DSN) {
        if (!SQLRemoveDSNFromIni("Default"))
            return fail(ODBC_ERROR_REMOVE_DSN_FAILED,
                        "MeshODBC setup: could not remove [Default]");
        return TRUE;
    }
    if (req != ODBC_ADD_DSN && req != ODBC_CONFIG_DSN &&
        req != ODBC_REMOVE_DSN)
        return fail(ODBC_ERROR_INVALID_REQUEST_TYPE,
                    "MeshODBC setup: unknown ConfigDSN request %u",
                    (unsigned)req);
    if (hwnd && req != ODBC_REMOVE_DSN)
        return fail(ODBC_ERROR_INVALID_HWND,
                    "MeshODBC setup has no dialog: call SQLConfigDataSource "
                    "with a NULL window and the keys in the attributes "
                    "(DSN=name, Catalogs=path, ...)");
    int n = split(attributes, a, &dsn);
    if (n < 0)
        return FALSE;
    if (!dsn || !*dsn)
        return fail(ODBC_ERROR_INVALID_DSN,
                    "MeshODBC setup: the attributes name no data source "
                    "(DSN=name)");
    if (!SQLValidDSN(dsn))
        return fail(ODBC_ERROR_INVALID_DSN,
                    "MeshODBC setup: '%.200s' is not a valid data source "
                    "name", dsn);

    switch (req) {
    case ODBC_ADD_DSN: {
        const char *cat = attr_get(a, n, "Catalogs");
        const char *eng = attr_get(a, n, "Engine");
        if ((!cat || !*cat) && (!eng || !*eng))
            return fail(ODBC_ERROR_INVALID_KEYWORD_VALUE,
                        "MeshODBC setup: data source '%.200s' needs "
                        "Catalogs=path of the catalog file (or "
                        "Engine=trino)", dsn);
        if (!driver || !*driver)
            return fail(ODBC_ERROR_INVALID_NAME,
                        "MeshODBC setup: no driver name");
        /* replaces an existing section whole, as a dialog-less add must */
        if (!SQLWriteDSNToIni(dsn, driver))
            return fail(ODBC_ERROR_CREATE_DSN_FAILED,
                        "MeshODBC setup: could not create data source "
                        "'%.200s'", dsn);
        if (!write_keys(dsn, a, n)) {
            SQLRemoveDSNFromIni(dsn);
            return FALSE;
        }
        return TRUE;
    }
    case ODBC_CONFIG_DSN:
        if (!dsn_exists(dsn))
            return fail(ODBC_ERROR_INVALID_DSN,
                        "MeshODBC setup: no data source '%.200s' to change",
                        dsn);
        return write_keys(dsn, a, n);
    default: /* ODBC_REMOVE_DSN */
        if (!dsn_exists(dsn))
            return fail(ODBC_ERROR_INVALID_DSN,
                        "MeshODBC setup: no data source '%.200s' to remove",
                        dsn);
        if (!SQLRemoveDSNFromIni(dsn))
            return fail(ODBC_ERROR_REMOVE_DSN_FAILED,
                        "MeshODBC setup: could not remove data source "
                        "'%.200s'", dsn);
        /* unixODBC caches profile reads per file modification second,
         * and SQLRemoveDSNFromIni does not clear that cache (only
         * SQLWritePrivateProfileString does): removing the already
         * removed section again clears it, so a connect in the same
         * second no longer finds the DSN */
        SQLWritePrivateProfileString(dsn, NULL, NULL, "odbc.ini");
        return TRUE;
    }
}

/* Copies msg into the caller's message buffer (truncating). */
static void put_msg(const char *msg, LPSTR out, WORD cap, WORD *outlen)
{
    size_t n = strlen(msg);
    if (outlen)
        *outlen = (WORD)n;
    if (out && cap) {
        size_t m = n < (size_t)cap - 1 ? n : (size_t)cap - 1;
        memcpy(out, msg, m);
        out[m] = '\0';
    }
}

/*
 * ConfigDriver: installing and removing the driver need nothing beyond
 * the odbcinst.ini entry the driver manager writes, so both succeed with
 * a message saying so. MeshODBC has no driver-specific requests
 * (ODBC_CONFIG_DRIVER and above): they fail with
 * ODBC_ERROR_INVALID_REQUEST_TYPE.
 */
BOOL INSTAPI ConfigDriver(HWND hwnd, WORD req, LPCSTR driver, LPCSTR args,
                          LPSTR msg, WORD msgcap, WORD *msglen)
{
    (void)hwnd;
    (void)args;
    (void)driver;
    if (req == ODBC_INSTALL_DRIVER || req == ODBC_REMOVE_DRIVER) {
        put_msg(req == ODBC_INSTALL_DRIVER
                    ? "MeshODBC: nothing to set up beyond the driver entry"
                    : "MeshODBC: nothing to remove beyond the driver entry",
                msg, msgcap, msglen);
        return TRUE;
    }
    put_msg("", msg, msgcap, msglen);
    return fail(ODBC_ERROR_INVALID_REQUEST_TYPE,
                "MeshODBC setup: no driver-specific request %u (MeshODBC "
                "has no driver options)", (unsigned)req);
}
