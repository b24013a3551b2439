/*
 * driver/desc.c
 *   Descriptors: the four implicit ones of every statement (ARD, APD,
 *   IRD, IPD), explicitly allocated application descriptors, and
 *   SQLGetDescField / SQLSetDescField / SQLGetDescRec / SQLSetDescRec /
 *   SQLCopyDesc.
 * Interface: desc_init, desc_release, desc_alloc, desc_free, desc_ensure,
 *   desc_unbind, desc_get_field, desc_set_field, desc_get_rec,
 *   desc_set_rec, desc_copy,
 *   desc_field_is_string, desc_mutex, desc_set_type.
 * Not here: the IRD's per-column values (exec.c, ird_field); binding
 *   (fetch.c, through the ARD).
 *
 * Application descriptors store records (recs[1..count]); the IRD is
 * computed from the engine's column descriptions; the IPD stores the SQL
 * type of each bound parameter (SQLBindParameter), and a parameter that
 * is not bound reads as SQLDescribeParam describes it.
 */
#include <string.h>
#include "driver.h"

/* Sets up d as an empty descriptor of kind on dbc (owner NULL: explicit). */
void desc_init(drv_desc *d, int kind, drv_dbc *dbc, drv_stmt *owner)
{
    memset(d, 0, sizeof *d);
    d->magic = DRV_DESC_MAGIC;
    d->kind = kind;
    d->dbc = dbc;
    d->stmt = owner;
    diag_init(&d->diag);
    d->alloc_type = owner ? SQL_DESC_ALLOC_AUTO : SQL_DESC_ALLOC_USER;
    d->array_size = 1;
    d->bind_type = SQL_BIND_BY_COLUMN;
}

/* Frees d's records and diagnostics (not d itself). */
void desc_release(drv_desc *d)
{
    eng_free(d->recs);
    d->recs = NULL;
    d->count = d->cap = 0;
    diag_free(&d->diag);
    d->magic = DRV_DEAD_MAGIC;
}

/* The connection mutex that protects d. */
pthread_mutex_t *desc_mutex(drv_desc *d)
{
    return &d->dbc->mu;
}

/* Allocates an explicit application descriptor on c (c locked). */
SQLRETURN desc_alloc(drv_dbc *c, SQLHANDLE *out)
{
    *out = SQL_NULL_HDESC;
    if (!c->conn)
        return diag_pushf(&c->diag, "08003", "connection not open");
    drv_desc *d = eng_malloc(sizeof *d);
    if (!d)
        return diag_oom(&c->diag);
    desc_init(d, DESC_ARD, c, NULL);
    d->next = c->descs;
    c->descs = d;
    *out = d;
    return SQL_SUCCESS;
}

/*
 * Frees an explicit descriptor (connection locked by the caller):
 * statements using it fall back to their implicit descriptors. HY017 for
 * an implicit descriptor.
 */
SQLRETURN desc_free(drv_desc *d)
{
    if (d->alloc_type == SQL_DESC_ALLOC_AUTO)
        return diag_pushf(&d->diag, "HY017",
                          "invalid use of an automatically allocated "
                          "descriptor handle");
    drv_dbc *c = d->dbc;
    for (drv_stmt *s = c->stmts; s; s = s->next) {
        if (s->ard == d)
            s->ard = &s->ard_impl;
        if (s->apd == d)
            s->apd = &s->apd_impl;
    }
    for (drv_desc **p = &c->descs; *p; p = &(*p)->next)
        if (*p == d) {
            *p = d->next;
            break;
        }
    desc_release(d);
    eng_free(d);
    return SQL_SUCCESS;
}

/* Grows recs so that record n (1-based) exists, zeroed. False on OOM. */
bool desc_ensure(drv_desc *d, int n)
{
    return eng_array_grow(NULL, &d->recs, &d->cap, n + 1, sizeof *d->recs);
}

/* Unbinds every record (SQLFreeStmt SQL_UNBIND). */
void desc_unbind(drv_desc *d)
{
    if (d->recs)
        memset(d->recs, 0, sizeof *d->recs * (size_t)d->cap);
    d->count = 0;
}

/* True for descriptor fields whose values are strings. */
bool desc_field_is_string(SQLSMALLINT f)
{
    switch (f) {
    case SQL_DESC_NAME: case SQL_DESC_LABEL: case SQL_DESC_BASE_COLUMN_NAME:
    case SQL_DESC_BASE_TABLE_NAME: case SQL_DESC_TABLE_NAME:
    case SQL_DESC_SCHEMA_NAME: case SQL_DESC_CATALOG_NAME:
    case SQL_DESC_TYPE_NAME: case SQL_DESC_LOCAL_TYPE_NAME:
    case SQL_DESC_LITERAL_PREFIX: case SQL_DESC_LITERAL_SUFFIX:
        return true;
    default:
        return false;
    }
}

/* Byte width in which a numeric descriptor field is returned. */
static int field_width(SQLSMALLINT f)
{
    switch (f) {
    case SQL_DESC_LENGTH: case SQL_DESC_ARRAY_SIZE:
        return sizeof(SQLULEN);
    case SQL_DESC_OCTET_LENGTH: case SQL_DESC_DISPLAY_SIZE:
        return sizeof(SQLLEN);
    case SQL_DESC_AUTO_UNIQUE_VALUE: case SQL_DESC_CASE_SENSITIVE:
    case SQL_DESC_FIXED_PREC_SCALE: case SQL_DESC_UNSIGNED:
    case SQL_DESC_NUM_PREC_RADIX: case SQL_DESC_BIND_TYPE:
    case SQL_DESC_DATETIME_INTERVAL_PRECISION:
        return sizeof(SQLINTEGER);
    default:
        return sizeof(SQLSMALLINT);
    }
}

/* Writes num into val with the field's width. */
static void put_num(SQLPOINTER val, SQLSMALLINT f, SQLLEN num,
                    SQLINTEGER *outlen)
{
    int w = field_width(f);
    if (val) {
        if (w == sizeof(SQLLEN))
            *(SQLLEN *)val = num;
        else if (w == sizeof(SQLINTEGER))
            *(SQLINTEGER *)val = (SQLINTEGER)num;
        else
            *(SQLSMALLINT *)val = (SQLSMALLINT)num;
    }
    if (outlen)
        *outlen = w;
}

/* SQLGetDescField on the IRD: header count, else ird_field per column. */
static SQLRETURN ird_get(drv_desc *d, SQLSMALLINT rec, SQLSMALLINT f,
                         SQLPOINTER val, SQLINTEGER buflen, SQLINTEGER *outlen)
{
    drv_stmt *s = d->stmt;
    int ncols = s->es ? eng_stmt_ncols(s->es) : 0;
    switch (f) {
    case SQL_DESC_COUNT:
        put_num(val, f, ncols, outlen);
        return SQL_SUCCESS;
    case SQL_DESC_ALLOC_TYPE:
        put_num(val, f, SQL_DESC_ALLOC_AUTO, outlen);
        return SQL_SUCCESS;
    case SQL_DESC_ARRAY_STATUS_PTR:
        if (val)
            *(SQLUSMALLINT **)val = d->array_status_ptr;
        return SQL_SUCCESS;
    case SQL_DESC_ROWS_PROCESSED_PTR:
        if (val)
            *(SQLULEN **)val = d->rows_processed_ptr;
        return SQL_SUCCESS;
    default:
        break;
    }
    if (!s->es)
        return diag_pushf(&d->diag, "HY007",
                          "associated statement is not prepared");
    if (rec < 1 || rec > ncols)
        return rec > ncols ? SQL_NO_DATA
                           : diag_pushf(&d->diag, "07009",
                                        "invalid descriptor index %d", rec);
    const char *str = NULL;
    SQLLEN num = 0;
    if (!ird_field(s, rec, (SQLUSMALLINT)f, &str, &num))
        return diag_pushf(&d->diag, "HY091",
                          "invalid descriptor field identifier %d", f);
    if (str) {
        SQLLEN full;
        bool trunc = drv_copy_str(str, -1, val, buflen, &full);
        if (outlen)
            *outlen = (SQLINTEGER)full;
        return trunc ? diag_pushf(&d->diag, "01004",
                                  "string data, right truncated")
                     : SQL_SUCCESS;
    }
    put_num(val, f, num, outlen);
    return SQL_SUCCESS;
}

/*
 * Record fields of the IPD: what SQLBindParameter stored, or for a
 * parameter not bound, what SQLDescribeParam reports. Past both: no data.
 */
static SQLRETURN ipd_get(drv_desc *d, SQLSMALLINT rec, SQLSMALLINT f,
                         SQLPOINTER val, SQLINTEGER *outlen)
{
    drv_stmt *s = d->stmt;
    int np = s && s->es ? eng_stmt_nparams(s->es) : 0;
    if (rec < 1)
        return diag_pushf(&d->diag, "07009", "invalid descriptor index %d",
                          rec);
    desc_rec tmp;
    desc_rec *r;
    if (rec <= d->count && d->recs[rec].concise_type) {
        r = &d->recs[rec];
    } else if (rec <= np) {
        SQLSMALLINT t, dg;
        SQLULEN sz;
        param_describe(s, rec, &t, &sz, &dg);
        memset(&tmp, 0, sizeof tmp);
        desc_set_type(&tmp, t);
        tmp.param_io = SQL_PARAM_INPUT;
        if (t == SQL_DECIMAL || t == SQL_NUMERIC) {
            tmp.precision = (SQLSMALLINT)sz;
            tmp.scale = dg;
        } else {
            tmp.length = sz;
            tmp.scale = dg;
        }
        r = &tmp;
    } else {
        return SQL_NO_DATA;
    }
    switch (f) {
    case SQL_DESC_TYPE: put_num(val, f, r->type, outlen); break;
    case SQL_DESC_CONCISE_TYPE: put_num(val, f, r->concise_type, outlen); break;
    case SQL_DESC_DATETIME_INTERVAL_CODE:
        put_num(val, f, r->datetime_sub, outlen);
        break;
    case SQL_DESC_LENGTH: put_num(val, f, (SQLLEN)r->length, outlen); break;
    case SQL_DESC_OCTET_LENGTH: put_num(val, f, r->octet_length, outlen); break;
    case SQL_DESC_PRECISION: put_num(val, f, r->precision, outlen); break;
    case SQL_DESC_SCALE: put_num(val, f, r->scale, outlen); break;
    case SQL_DESC_PARAMETER_TYPE:
        put_num(val, f, r->param_io ? r->param_io : SQL_PARAM_INPUT, outlen);
        break;
    case SQL_DESC_NULLABLE: put_num(val, f, SQL_NULLABLE, outlen); break;
    case SQL_DESC_UNNAMED: put_num(val, f, SQL_UNNAMED, outlen); break;
    case SQL_DESC_FIXED_PREC_SCALE: put_num(val, f, SQL_FALSE, outlen); break;
    case SQL_DESC_UNSIGNED: put_num(val, f, SQL_FALSE, outlen); break;
    case SQL_DESC_NAME:
        if (val)
            *(char *)val = '\0';
        if (outlen)
            *outlen = 0;
        break;
    default:
        return diag_pushf(&d->diag, "HY091",
                          "invalid descriptor field identifier %d", f);
    }
    return SQL_SUCCESS;
}

/*
 * SQLGetDescField: header fields of every descriptor; record fields of
 * the IRD (computed) and of the ARD/APD (stored). IPD records: HYC00.
 */
SQLRETURN desc_get_field(drv_desc *d, SQLSMALLINT rec, SQLSMALLINT f,
                         SQLPOINTER val, SQLINTEGER buflen,
                         SQLINTEGER *outlen)
{
    if (d->kind == DESC_IRD)
        return ird_get(d, rec, f, val, buflen, outlen);
    switch (f) {  /* header */
    case SQL_DESC_ALLOC_TYPE:
        put_num(val, f, d->alloc_type, outlen);
        return SQL_SUCCESS;
    case SQL_DESC_ARRAY_SIZE:
        put_num(val, f, (SQLLEN)d->array_size, outlen);
        return SQL_SUCCESS;
    case SQL_DESC_BIND_TYPE:
        put_num(val, f, (SQLLEN)d->bind_type, outlen);
        return SQL_SUCCESS;
    case SQL_DESC_COUNT:
        put_num(val, f, d->count, outlen);
        return SQL_SUCCESS;
    case SQL_DESC_ARRAY_STATUS_PTR:
        if (val)
            *(SQLUSMALLINT **)val = d->array_status_ptr;
        return SQL_SUCCESS;
    case SQL_DESC_BIND_OFFSET_PTR:
        if (val)
            *(SQLLEN **)val = d->bind_offset_ptr;
        return SQL_SUCCESS;
    case SQL_DESC_ROWS_PROCESSED_PTR:
        if (val)
            *(SQLULEN **)val = d->rows_processed_ptr;
        return SQL_SUCCESS;
    default:
        break;
    }
    if (d->kind == DESC_IPD)
        return ipd_get(d, rec, f, val, outlen);
    if (rec < 1)
        return diag_pushf(&d->diag, "07009", "invalid descriptor index %d",
                          rec);
    if (rec > d->count)
        return SQL_NO_DATA;
    desc_rec *r = &d->recs[rec];
    switch (f) {
    case SQL_DESC_TYPE: put_num(val, f, r->type, outlen); break;
    case SQL_DESC_CONCISE_TYPE: put_num(val, f, r->concise_type, outlen); break;
    case SQL_DESC_DATETIME_INTERVAL_CODE:
        put_num(val, f, r->datetime_sub, outlen);
        break;
    case SQL_DESC_OCTET_LENGTH: put_num(val, f, r->octet_length, outlen); break;
    case SQL_DESC_LENGTH: put_num(val, f, (SQLLEN)r->length, outlen); break;
    case SQL_DESC_PRECISION: put_num(val, f, r->precision, outlen); break;
    case SQL_DESC_SCALE: put_num(val, f, r->scale, outlen); break;
    case SQL_DESC_DATA_PTR:
        if (val)
            *(SQLPOINTER *)val = r->data_ptr;
        break;
    case SQL_DESC_INDICATOR_PTR:
        if (val)
            *(SQLLEN **)val = r->indicator_ptr;
        break;
    case SQL_DESC_OCTET_LENGTH_PTR:
        if (val)
            *(SQLLEN **)val = r->octet_length_ptr;
        break;
    default:
        return diag_pushf(&d->diag, "HY091",
                          "invalid descriptor field identifier %d", f);
    }
    return SQL_SUCCESS;
}

/* Sets a record's type fields from one C or SQL type (concise or
 * verbose; the datetime codes are the same for both). */
void desc_set_type(desc_rec *r, SQLSMALLINT t)
{
    r->concise_type = t;
    r->type = t;
    r->datetime_sub = 0;
    switch (t) {
    case SQL_C_TYPE_DATE: case SQL_C_DATE:
        r->type = SQL_DATETIME;
        r->datetime_sub = SQL_CODE_DATE;
        break;
    case SQL_C_TYPE_TIMESTAMP: case SQL_C_TIMESTAMP:
        r->type = SQL_DATETIME;
        r->datetime_sub = SQL_CODE_TIMESTAMP;
        break;
    case SQL_C_TYPE_TIME: case SQL_C_TIME:
        r->type = SQL_DATETIME;
        r->datetime_sub = SQL_CODE_TIME;
        break;
    default:
        break;
    }
}

/*
 * A record field of the IPD: the SQL type, size, digits and direction of
 * a parameter (what SQLBindParameter sets). HY021 for an SQL type the
 * driver does not take, HY105 for a direction other than input.
 */
static SQLRETURN ipd_set(drv_desc *d, SQLSMALLINT rec, desc_rec *r,
                         SQLSMALLINT f, SQLLEN v)
{
    switch (f) {
    case SQL_DESC_TYPE:
    case SQL_DESC_CONCISE_TYPE:
        if (!cparam_sql_type_valid((SQLSMALLINT)v) && v != SQL_DATETIME)
            return diag_pushf(&d->diag, "HY021", "inconsistent descriptor "
                              "information: SQL type %ld", (long)v);
        desc_set_type(r, (SQLSMALLINT)v);
        if (!r->param_io)
            r->param_io = SQL_PARAM_INPUT;
        break;
    case SQL_DESC_DATETIME_INTERVAL_CODE:
        r->datetime_sub = (SQLSMALLINT)v;
        if (r->type == SQL_DATETIME)
            r->concise_type = v == SQL_CODE_DATE ? SQL_TYPE_DATE
                              : v == SQL_CODE_TIME ? SQL_TYPE_TIME
                                                   : SQL_TYPE_TIMESTAMP;
        break;
    case SQL_DESC_LENGTH: r->length = (SQLULEN)v; break;
    case SQL_DESC_OCTET_LENGTH: r->octet_length = v; break;
    case SQL_DESC_PRECISION: r->precision = (SQLSMALLINT)v; break;
    case SQL_DESC_SCALE: r->scale = (SQLSMALLINT)v; break;
    case SQL_DESC_PARAMETER_TYPE:
        if (v != SQL_PARAM_INPUT)
            return diag_pushf(&d->diag, "HY105", "only input parameters are "
                              "supported (the engine has no procedures)");
        r->param_io = (SQLSMALLINT)v;
        break;
    case SQL_DESC_NAME: case SQL_DESC_UNNAMED:
        return diag_pushf(&d->diag, "HYC00", "named parameters are not "
                          "supported");
    default:
        return diag_pushf(&d->diag, "HY091",
                          "invalid descriptor field identifier %d", f);
    }
    if (rec > d->count)
        d->count = rec;
    return SQL_SUCCESS;
}

/*
 * SQLSetDescField on an application descriptor (header and the record
 * fields binding uses), and on the IPD (ipd_set). The IRD is read-only
 * (HY016).
 * Setting any record field other than a pointer unbinds the data pointer
 * as the ODBC consistency rules require.
 */
SQLRETURN desc_set_field(drv_desc *d, SQLSMALLINT rec, SQLSMALLINT f,
                         SQLPOINTER val, SQLINTEGER len)
{
    (void)len;
    SQLLEN v = (SQLLEN)(intptr_t)val;
    if (d->kind == DESC_IRD) {
        if (f == SQL_DESC_ARRAY_STATUS_PTR) {
            d->array_status_ptr = val;
            return SQL_SUCCESS;
        }
        if (f == SQL_DESC_ROWS_PROCESSED_PTR) {
            d->rows_processed_ptr = val;
            return SQL_SUCCESS;
        }
        return diag_pushf(&d->diag, "HY016",
                          "cannot modify an implementation row descriptor");
    }
    switch (f) {
    case SQL_DESC_ARRAY_SIZE:
        if (v < 1)
            return diag_pushf(&d->diag, "HY024", "invalid array size");
        d->array_size = (SQLULEN)v;
        return SQL_SUCCESS;
    case SQL_DESC_BIND_TYPE:
        d->bind_type = (SQLULEN)v;
        return SQL_SUCCESS;
    case SQL_DESC_ARRAY_STATUS_PTR:
        d->array_status_ptr = val;
        return SQL_SUCCESS;
    case SQL_DESC_BIND_OFFSET_PTR:
        d->bind_offset_ptr = val;
        return SQL_SUCCESS;
    case SQL_DESC_ROWS_PROCESSED_PTR:
        d->rows_processed_ptr = val;
        return SQL_SUCCESS;
    case SQL_DESC_COUNT:
        if (v < 0 || v > 32767)
            return diag_pushf(&d->diag, "07009", "invalid descriptor count");
        if (!desc_ensure(d, (int)v))
            return diag_oom(&d->diag);
        for (int i = (int)v + 1; i <= d->count; i++)
            memset(&d->recs[i], 0, sizeof d->recs[i]);
        d->count = (int)v;
        return SQL_SUCCESS;
    case SQL_DESC_ALLOC_TYPE:
        return diag_pushf(&d->diag, "HY091", "SQL_DESC_ALLOC_TYPE is "
                          "read-only");
    default:
        break;
    }
    if (rec < 1)
        return diag_pushf(&d->diag, "07009", "invalid descriptor index %d",
                          rec);
    if (!desc_ensure(d, rec))
        return diag_oom(&d->diag);
    desc_rec *r = &d->recs[rec];
    if (d->kind == DESC_IPD)
        return ipd_set(d, rec, r, f, v);
    switch (f) {
    case SQL_DESC_TYPE:
    case SQL_DESC_CONCISE_TYPE:
        if (!conv_c_type_valid((SQLSMALLINT)v) && v != SQL_DATETIME &&
            !(d->kind == DESC_APD && v == SQL_C_DEFAULT))
            return diag_pushf(&d->diag, "HY021",
                              "inconsistent descriptor information: C type "
                              "%ld", (long)v);
        desc_set_type(r, (SQLSMALLINT)v);
        r->data_ptr = NULL;
        break;
    case SQL_DESC_DATETIME_INTERVAL_CODE:
        r->datetime_sub = (SQLSMALLINT)v;
        if (r->type == SQL_DATETIME)
            r->concise_type = v == SQL_CODE_DATE ? SQL_C_TYPE_DATE
                              : v == SQL_CODE_TIME ? SQL_C_TYPE_TIME
                                                   : SQL_C_TYPE_TIMESTAMP;
        r->data_ptr = NULL;
        break;
    case SQL_DESC_OCTET_LENGTH: r->octet_length = v; break;
    case SQL_DESC_LENGTH: r->length = (SQLULEN)v; break;
    case SQL_DESC_PRECISION: r->precision = (SQLSMALLINT)v; r->data_ptr = NULL; break;
    case SQL_DESC_SCALE: r->scale = (SQLSMALLINT)v; r->data_ptr = NULL; break;
    case SQL_DESC_DATA_PTR: r->data_ptr = val; break;
    case SQL_DESC_INDICATOR_PTR: r->indicator_ptr = val; break;
    case SQL_DESC_OCTET_LENGTH_PTR: r->octet_length_ptr = val; break;
    default:
        return diag_pushf(&d->diag, "HY091",
                          "invalid descriptor field identifier %d", f);
    }
    if (rec > d->count)
        d->count = rec;
    return SQL_SUCCESS;
}

/*
 * SQLSetDescRec: the fields of one record in the order ODBC gives
 * (SQL_DESC_TYPE; SQL_DESC_DATETIME_INTERVAL_CODE for SQL_DATETIME and
 * SQL_INTERVAL; SQL_DESC_OCTET_LENGTH, PRECISION, SCALE; then the three
 * pointers), each through desc_set_field with its checks, so the record
 * is what the same SQLSetDescField calls would make. An interval type
 * (SQL_INTERVAL with a sub-code) sets the concise interval type. On the
 * IPD the pointers are not kept (ODBC: they are for consistency checks
 * only) and Length is also the SQL_DESC_LENGTH that SQLBindParameter's
 * ColumnSize sets, which the driver reads as the parameter's size. The
 * IRD is read-only (HY016); a record number below 1 is 07009. The first
 * field that fails stops it, with that field's diagnostic.
 */
SQLRETURN desc_set_rec(drv_desc *d, SQLSMALLINT rec, SQLSMALLINT type,
                       SQLSMALLINT sub, SQLLEN len, SQLSMALLINT prec,
                       SQLSMALLINT scale, SQLPOINTER data, SQLLEN *octlen,
                       SQLLEN *ind)
{
    if (d->kind == DESC_IRD)
        return diag_pushf(&d->diag, "HY016",
                          "cannot modify an implementation row descriptor");
    if (rec < 1)
        return diag_pushf(&d->diag, "07009", "invalid descriptor index %d",
                          rec);
    SQLRETURN rc;
#define SET(f, v) \
    do { \
        rc = desc_set_field(d, rec, (f), (SQLPOINTER)(intptr_t)(v), 0); \
        if (!SQL_SUCCEEDED(rc)) \
            return rc; \
    } while (0)
    if (type == SQL_INTERVAL) {
        /* SQL_INTERVAL_* = SQL_C_INTERVAL_* = 100 + the sub-code */
        SET(SQL_DESC_CONCISE_TYPE, 100 + sub);
    } else {
        SET(SQL_DESC_TYPE, type);
        if (type == SQL_DATETIME)
            SET(SQL_DESC_DATETIME_INTERVAL_CODE, sub);
    }
    SET(SQL_DESC_OCTET_LENGTH, len);
    if (d->kind == DESC_IPD)
        SET(SQL_DESC_LENGTH, len);
    SET(SQL_DESC_PRECISION, prec);
    SET(SQL_DESC_SCALE, scale);
    if (d->kind != DESC_IPD) {
        /* the data pointer last: setting other fields unbinds it */
        SET(SQL_DESC_OCTET_LENGTH_PTR, octlen);
        SET(SQL_DESC_INDICATOR_PTR, ind);
        SET(SQL_DESC_DATA_PTR, data);
    }
#undef SET
    return SQL_SUCCESS;
}

/* SQLGetDescRec: the main fields of one record (name UTF-8). */
SQLRETURN desc_get_rec(drv_desc *d, SQLSMALLINT rec, char *name,
                       SQLSMALLINT namecap, SQLSMALLINT *namelen,
                       SQLSMALLINT *type, SQLSMALLINT *sub, SQLLEN *len,
                       SQLSMALLINT *prec, SQLSMALLINT *scale,
                       SQLSMALLINT *nullable)
{
    SQLRETURN rc = SQL_SUCCESS;
    if (d->kind == DESC_IRD) {
        drv_stmt *s = d->stmt;
        int ncols = s->es ? eng_stmt_ncols(s->es) : 0;
        if (rec > ncols)
            return SQL_NO_DATA;
        if (rec < 1)
            return diag_pushf(&d->diag, "07009",
                              "invalid descriptor index %d", rec);
        const char *str;
        SQLLEN num;
        ird_field(s, rec, SQL_DESC_NAME, &str, &num);
        SQLLEN full;
        if (drv_copy_str(str, -1, name, namecap, &full))
            rc = diag_pushf(&d->diag, "01004", "string data, right "
                            "truncated");
        if (namelen)
            *namelen = (SQLSMALLINT)full;
        ird_field(s, rec, SQL_DESC_TYPE, &str, &num);
        if (type) *type = (SQLSMALLINT)num;
        ird_field(s, rec, SQL_DESC_DATETIME_INTERVAL_CODE, &str, &num);
        if (sub) *sub = (SQLSMALLINT)num;
        ird_field(s, rec, SQL_DESC_OCTET_LENGTH, &str, &num);
        if (len) *len = num;
        ird_field(s, rec, SQL_DESC_PRECISION, &str, &num);
        if (prec) *prec = (SQLSMALLINT)num;
        ird_field(s, rec, SQL_DESC_SCALE, &str, &num);
        if (scale) *scale = (SQLSMALLINT)num;
        ird_field(s, rec, SQL_DESC_NULLABLE, &str, &num);
        if (nullable) *nullable = (SQLSMALLINT)num;
        return rc;
    }
    if (d->kind == DESC_IPD) {
        SQLLEN num = 0;
        SQLRETURN r = ipd_get(d, rec, SQL_DESC_TYPE, &(SQLSMALLINT){0}, NULL);
        if (r != SQL_SUCCESS)
            return r;
        drv_copy_str("", 0, name, namecap, NULL);
        if (namelen) *namelen = 0;
        SQLSMALLINT v16;
        ipd_get(d, rec, SQL_DESC_TYPE, &v16, NULL);
        if (type) *type = v16;
        ipd_get(d, rec, SQL_DESC_DATETIME_INTERVAL_CODE, &v16, NULL);
        if (sub) *sub = v16;
        ipd_get(d, rec, SQL_DESC_OCTET_LENGTH, &num, NULL);
        if (len) *len = num;
        ipd_get(d, rec, SQL_DESC_PRECISION, &v16, NULL);
        if (prec) *prec = v16;
        ipd_get(d, rec, SQL_DESC_SCALE, &v16, NULL);
        if (scale) *scale = v16;
        if (nullable) *nullable = SQL_NULLABLE;
        return SQL_SUCCESS;
    }
    if (rec > d->count)
        return SQL_NO_DATA;
    if (rec < 1)
        return diag_pushf(&d->diag, "07009", "invalid descriptor index %d",
                          rec);
    desc_rec *r = &d->recs[rec];
    drv_copy_str("", 0, name, namecap, NULL);
    if (namelen) *namelen = 0;
    if (type) *type = r->type;
    if (sub) *sub = r->datetime_sub;
    if (len) *len = r->octet_length;
    if (prec) *prec = r->precision;
    if (scale) *scale = r->scale;
    if (nullable) *nullable = SQL_NULLABLE_UNKNOWN;
    return rc;
}

/*
 * SQLCopyDesc: copies header and records of an application descriptor
 * into another application descriptor. Copying to an IRD: HY016; from
 * the IRD or IPD: HYC00 (not needed without parameters).
 */
SQLRETURN desc_copy(drv_desc *src, drv_desc *dst)
{
    if (dst->kind == DESC_IRD)
        return diag_pushf(&dst->diag, "HY016",
                          "cannot modify an implementation row descriptor");
    if (src->kind == DESC_IRD || src->kind == DESC_IPD)
        return diag_pushf(&dst->diag, "HYC00",
                          "copying an implementation descriptor is not "
                          "supported");
    if (!desc_ensure(dst, src->count))
        return diag_oom(&dst->diag);
    dst->array_size = src->array_size;
    dst->bind_type = src->bind_type;
    dst->bind_offset_ptr = src->bind_offset_ptr;
    dst->array_status_ptr = src->array_status_ptr;
    dst->rows_processed_ptr = src->rows_processed_ptr;
    memset(dst->recs, 0, sizeof *dst->recs * (size_t)dst->cap);
    if (src->count)
        memcpy(dst->recs, src->recs,
               sizeof *src->recs * (size_t)(src->count + 1));
    dst->count = src->count;
    return SQL_SUCCESS;
}
