/*
 * driver/env.c
 *   The environment handle: allocation, release and environment
 *   attributes (ODBC version, connection pooling, CP match, output NTS).
 * Interface: env_alloc, env_free, env_set_attr, env_get_attr.
 * Not here: connections (dbc.c).
 */
#include <string.h>
#include "driver.h"

/*
 * Allocates an environment into *out. Returns SQL_ERROR with *out NULL on
 * OOM (there is no handle yet to carry a diagnostic).
 */
SQLRETURN env_alloc(SQLHANDLE *out)
{
    drv_env *e = eng_calloc(1, sizeof *e);
    if (!e) {
        *out = SQL_NULL_HENV;
        return SQL_ERROR;
    }
    e->magic = DRV_ENV_MAGIC;
    pthread_mutex_init(&e->mu, NULL);
    diag_init(&e->diag);
    e->pooling = SQL_CP_OFF;
    e->cp_match = SQL_CP_STRICT_MATCH;
    e->output_nts = SQL_TRUE;
    *out = e;
    trace_log("SQLAllocHandle(ENV) -> %p", (void *)e);
    return SQL_SUCCESS;
}

/*
 * Frees e. The caller holds no lock. Returns SQL_ERROR + HY010 (leaving e
 * alive) while connections still exist.
 */
SQLRETURN env_free(drv_env *e)
{
    pthread_mutex_lock(&e->mu);
    if (e->dbcs) {
        diag_clear(&e->diag);
        SQLRETURN rc = diag_pushf(&e->diag, "HY010",
            "function sequence error: the environment still has connections");
        e->diag.rc = rc;
        pthread_mutex_unlock(&e->mu);
        return rc;
    }
    e->magic = DRV_DEAD_MAGIC;
    pthread_mutex_unlock(&e->mu);
    pthread_mutex_destroy(&e->mu);
    diag_free(&e->diag);
    eng_free(e);
    return SQL_SUCCESS;
}

/*
 * SQLSetEnvAttr. ODBC_VERSION accepts 2, 3 and 3.80; pooling and CP match
 * are stored (the driver does no pooling itself; the driver manager does);
 * OUTPUT_NTS accepts only SQL_TRUE (HYC00 otherwise). Unknown: HY092.
 */
SQLRETURN env_set_attr(drv_env *e, SQLINTEGER attr, SQLPOINTER val,
                       SQLINTEGER len)
{
    (void)len;
    SQLUINTEGER v = (SQLUINTEGER)(uintptr_t)val;
    switch (attr) {
    case SQL_ATTR_ODBC_VERSION:
        if (v != SQL_OV_ODBC2 && v != SQL_OV_ODBC3 && v != SQL_OV_ODBC3_80)
            return diag_pushf(&e->diag, "HY024",
                              "invalid attribute value %lu for "
                              "SQL_ATTR_ODBC_VERSION", (unsigned long)v);
        e->odbc_ver = (SQLINTEGER)v;
        return SQL_SUCCESS;
    case SQL_ATTR_CONNECTION_POOLING:
        if (v != SQL_CP_OFF && v != SQL_CP_ONE_PER_DRIVER &&
            v != SQL_CP_ONE_PER_HENV)
            return diag_pushf(&e->diag, "HY024",
                              "invalid SQL_ATTR_CONNECTION_POOLING value");
        e->pooling = v;
        return SQL_SUCCESS;
    case SQL_ATTR_CP_MATCH:
        if (v != SQL_CP_STRICT_MATCH && v != SQL_CP_RELAXED_MATCH)
            return diag_pushf(&e->diag, "HY024",
                              "invalid SQL_ATTR_CP_MATCH value");
        e->cp_match = v;
        return SQL_SUCCESS;
    case SQL_ATTR_OUTPUT_NTS:
        if (v != SQL_TRUE)
            return diag_pushf(&e->diag, "HYC00",
                              "SQL_ATTR_OUTPUT_NTS = SQL_FALSE is not "
                              "supported");
        return SQL_SUCCESS;
    default:
        return diag_pushf(&e->diag, "HY092",
                          "invalid environment attribute %d", (int)attr);
    }
}

/* SQLGetEnvAttr: the four attributes above, as SQLINTEGER values. */
SQLRETURN env_get_attr(drv_env *e, SQLINTEGER attr, SQLPOINTER val,
                       SQLINTEGER buflen, SQLINTEGER *outlen)
{
    (void)buflen;
    SQLINTEGER v;
    switch (attr) {
    case SQL_ATTR_ODBC_VERSION:
        v = e->odbc_ver ? e->odbc_ver : (SQLINTEGER)SQL_OV_ODBC3;
        break;
    case SQL_ATTR_CONNECTION_POOLING:
        v = (SQLINTEGER)e->pooling;
        break;
    case SQL_ATTR_CP_MATCH:
        v = (SQLINTEGER)e->cp_match;
        break;
    case SQL_ATTR_OUTPUT_NTS:
        v = SQL_TRUE;
        break;
    default:
        return diag_pushf(&e->diag, "HY092",
                          "invalid environment attribute %d", (int)attr);
    }
    if (val)
        *(SQLINTEGER *)val = v;
    if (outlen)
        *outlen = sizeof(SQLINTEGER);
    return SQL_SUCCESS;
}
