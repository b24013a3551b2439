/*
 * driver/param.c
 *   Statement parameters: SQLBindParameter, SQLNumParams,
 *   SQLDescribeParam, executing with parameter values (one set, or a
 *   parameter array with its status and processed counts), and
 *   data-at-execution through SQLParamData / SQLPutData.
 * Interface: stmt_bind_param, stmt_num_params, stmt_describe_param,
 *   param_describe, param_execute, param_more_results, stmt_param_data,
 *   stmt_put_data, param_reset.
 * Not here: reading and converting the application's buffers
 *   (convert_param.c); the engine's typing of markers and the casts to
 *   those types (engine.h: eng_stmt_param, eng_execute_params).
 *
 * Binding writes the APD record (C type, buffers) and the IPD record (SQL
 * type, size, digits, direction) of the parameter. At execution each
 * set's values are converted into an arena that lives until the next set
 * runs (the engine copies what it keeps), and handed to the engine with
 * their types: a marker the query types (a comparison with a column, ...)
 * gets the value cast to that type; a marker it leaves untyped (`select
 * ?`) gets the SQL type the application bound.
 *
 * Parameter arrays (SQL_ATTR_PARAMSET_SIZE > 1): a query runs set by set
 * and yields one result set per set of parameters (SQL_PAS_BATCH):
 * SQLExecute opens the first that succeeds, SQLMoreResults runs the next
 * ones. A set that fails is marked SQL_PARAM_ERROR, its diagnostic carries
 * the set's number (SQL_DIAG_ROW_NUMBER), and the next set runs. A
 * statement without result rows (a write) gets every set in one engine
 * call (eng_execute_params with nrows sets): INSERT ... VALUES (?, ...)
 * travels as one write of nrows rows, all or none: when it fails, the
 * set at fault is SQL_PARAM_ERROR and the others SQL_PARAM_UNUSED.
 * Data-at-execution parameters are supported with a paramset size of 1.
 */
#include <string.h>
#include "driver.h"

/* SQLNumParams: the number of ? markers of the prepared statement. */
SQLRETURN stmt_num_params(drv_stmt *s, SQLSMALLINT *out)
{
    if (!stmt_require_prepared(s))
        return SQL_ERROR;
    if (out)
        *out = (SQLSMALLINT)eng_stmt_nparams(s->es);
    return SQL_SUCCESS;
}

/*
 * SQLBindParameter: records the application buffer in the APD and the
 * parameter's SQL type in the IPD. Input parameters only (HY105: the
 * engine has no procedures); HY003 unknown C type, HY004 unknown SQL
 * type, HY090 negative buffer length, 07009 parameter number 0.
 */
SQLRETURN stmt_bind_param(drv_stmt *s, SQLUSMALLINT n, SQLSMALLINT io,
                          SQLSMALLINT ctype, SQLSMALLINT sqltype,
                          SQLULEN size, SQLSMALLINT digits, SQLPOINTER ptr,
                          SQLLEN buflen, SQLLEN *ind)
{
    if (n < 1)   /* ODBC 2: S1093, invalid parameter number */
        return diag_pushf_odbc2(&s->diag, "07009", "S1093", "invalid "
                                "descriptor index 0: parameters are "
                                "numbered from 1");
    if (io != SQL_PARAM_INPUT)
        return diag_pushf(&s->diag, "HY105", "invalid parameter type %d: "
                          "only input parameters are supported (the engine "
                          "has no procedures)", (int)io);
    if (ctype != SQL_C_DEFAULT && !cparam_c_type_valid(ctype))
        return diag_pushf(&s->diag, "HY003", "invalid application buffer "
                          "type %d", (int)ctype);
    if (!cparam_sql_type_valid(sqltype))
        return diag_pushf(&s->diag, "HY004", "invalid SQL data type %d",
                          (int)sqltype);
    if (buflen < 0)
        return diag_pushf(&s->diag, "HY090", "invalid buffer length %ld",
                          (long)buflen);
    if (!desc_ensure(s->apd, n) || !desc_ensure(&s->ipd, n))
        return diag_oom(&s->diag);
    desc_rec *a = &s->apd->recs[n];
    memset(a, 0, sizeof *a);
    desc_set_type(a, ctype);
    a->data_ptr = ptr;
    a->octet_length = buflen;
    a->octet_length_ptr = ind;
    a->indicator_ptr = ind;
    if (n > s->apd->count)
        s->apd->count = n;

    desc_rec *p = &s->ipd.recs[n];
    memset(p, 0, sizeof *p);
    desc_set_type(p, sqltype);
    p->param_io = io;
    switch (sqltype) {
    case SQL_DECIMAL: case SQL_NUMERIC:
        p->precision = (SQLSMALLINT)size;
        p->scale = digits;
        break;
    case SQL_TYPE_TIME: case SQL_TIME: case SQL_TYPE_TIMESTAMP:
    case SQL_TIMESTAMP:
        p->length = size;
        p->precision = digits;
        break;
    default:
        p->length = size;
        p->scale = digits;
        break;
    }
    if (n > s->ipd.count)
        s->ipd.count = n;
    return SQL_SUCCESS;
}

/* The engine type an untyped marker n takes from its IPD record; false
 * when it is not bound or its SQL type has no engine type. */
static bool bound_type(drv_stmt *s, int n, eng_type *out)
{
    if (n > s->ipd.count || !s->ipd.recs[n].concise_type)
        return false;
    desc_rec *p = &s->ipd.recs[n];
    SQLSMALLINT t = p->concise_type;
    bool dec = t == SQL_DECIMAL || t == SQL_NUMERIC;
    /* time and timestamp keep their digits (seconds precision) in
     * SQL_DESC_PRECISION, as stmt_bind_param stores them */
    bool dt = t == SQL_TYPE_TIME || t == SQL_TIME ||
              t == SQL_TYPE_TIMESTAMP || t == SQL_TIMESTAMP;
    return cparam_sql_to_eng(t, dec ? (SQLULEN)p->precision : p->length,
                             dt ? p->precision : p->scale, out);
}

/*
 * The SQL type of marker n (1-based): the type the query gives it; for a
 * marker it leaves untyped, the SQL type the application bound, else
 * varchar (what any value can be sent as).
 */
void param_describe(drv_stmt *s, int n, SQLSMALLINT *type, SQLULEN *size,
                    SQLSMALLINT *digits)
{
    eng_param_desc d = eng_stmt_param(s->es, n - 1);
    if (!d.fixed && n <= s->ipd.count && s->ipd.recs[n].concise_type) {
        desc_rec *p = &s->ipd.recs[n];
        SQLSMALLINT t = p->concise_type;
        bool dec = t == SQL_DECIMAL || t == SQL_NUMERIC;
        bool dt = t == SQL_TYPE_TIME || t == SQL_TIME ||
                  t == SQL_TYPE_TIMESTAMP || t == SQL_TIMESTAMP;
        *type = t;
        *size = dec ? (SQLULEN)p->precision : p->length;
        *digits = dt ? p->precision : p->scale;   /* see stmt_bind_param */
        return;
    }
    sqlt_info ti;
    sqlt_describe(s, d.fixed ? d.type : eng_type_varchar(0), &ti);
    *type = ti.concise;
    *size = ti.column_size;
    *digits = ti.digits;
}

/* SQLDescribeParam: 07009 for a number outside 1..SQLNumParams. */
SQLRETURN stmt_describe_param(drv_stmt *s, SQLUSMALLINT n, SQLSMALLINT *type,
                              SQLULEN *size, SQLSMALLINT *digits,
                              SQLSMALLINT *nullable)
{
    if (!stmt_require_prepared(s))
        return SQL_ERROR;
    int np = eng_stmt_nparams(s->es);
    if (n < 1 || n > np)   /* ODBC 2: S1093, invalid parameter number */
        return diag_pushf_odbc2(&s->diag, "07009", "S1093", "invalid "
                                "descriptor index %u: the statement has %d "
                                "parameter markers", (unsigned)n, np);
    SQLSMALLINT t, dg;
    SQLULEN sz;
    param_describe(s, n, &t, &sz, &dg);
    if (type)
        *type = t;
    if (size)
        *size = sz;
    if (digits)
        *digits = dg;
    if (nullable)
        *nullable = SQL_NULLABLE;
    return SQL_SUCCESS;
}

/* Frees data-at-execution buffers and ends any parameter array. */
void param_reset(drv_stmt *s)
{
    for (int i = 0; s->dae && i < s->dae_n; i++)
        eng_free(s->dae[i].data);
    eng_free(s->dae);
    s->dae = NULL;
    s->dae_n = 0;
    s->dae_cur = 0;
    s->pset_count = 0;
    s->pset_next = 0;
    if (s->state == ST_NEED_DATA)
        s->state = ST_PREPARED;
}

/* Writes a set's status into SQL_ATTR_PARAM_STATUS_PTR, if any. */
static void set_status(drv_stmt *s, SQLULEN set, SQLUSMALLINT st)
{
    if (s->ipd.array_status_ptr)
        s->ipd.array_status_ptr[set] = st;
}

/* True when SQL_ATTR_PARAM_OPERATION_PTR says to skip the set. */
static bool ignored(drv_stmt *s, SQLULEN set)
{
    return s->apd->array_status_ptr &&
           s->apd->array_status_ptr[set] == SQL_PARAM_IGNORE;
}

/* Records an engine failure of set `set` (row number set + 1). */
static void engine_diag(drv_stmt *s, eng_rc rc, const eng_error *e,
                        SQLULEN set)
{
    if (rc == ENG_NOMEM) {
        diag_oom(&s->diag);
        return;
    }
    int before = s->diag.n;
    diag_engine(&s->diag, e);
    if (s->diag.n > before)
        s->diag.recs[s->diag.n - 1].row = (SQLLEN)set + 1;
}

/*
 * Converts the values of set `set` into vals[0..np) (arena a). A marker
 * the query leaves untyped takes the bound SQL type: the value is cast to
 * it here, so that the engine types the marker from it.
 */
static SQLRETURN convert_set(drv_stmt *s, eng_arena *a, SQLULEN set,
                             eng_value *vals)
{
    int np = eng_stmt_nparams(s->es);
    SQLRETURN ret = SQL_SUCCESS;
    for (int n = 1; n <= np; n++) {
        eng_param_desc d = eng_stmt_param(s->es, n - 1);
        eng_type target;
        if (d.fixed) {
            target = d.type;
        } else if (!bound_type(s, n, &target)) {
            return diag_pushrc(&s->diag, "HYC00", (SQLLEN)set + 1, n,
                               "parameter %d: SQL type %d has no engine "
                               "type (binary and guid values need a marker "
                               "the query types, such as a comparison with "
                               "a varchar column)", n,
                               (int)s->ipd.recs[n].concise_type);
        }
        const dae_buf *dae = s->dae && cparam_is_dae(s, set, n)
                             ? &s->dae[n - 1] : NULL;
        SQLRETURN rc = cparam_value(s, a, set, n, target, dae, &vals[n - 1]);
        if (rc == SQL_ERROR)
            return rc;
        ret = api_rc_merge(ret, rc);
        if (!d.fixed) {
            eng_error err;
            eng_err_clear(&err);
            eng_rc erc = eng_param_cast(a, &vals[n - 1], n - 1, target,
                                        &vals[n - 1], &err);
            if (erc != ENG_OK) {
                if (erc == ENG_NOMEM)
                    return diag_oom(&s->diag);
                return diag_pushrc(&s->diag, err.sqlstate, (SQLLEN)set + 1,
                                   n, "%s", err.message);
            }
        }
    }
    return ret;
}

/* The arena for one set's values, reset for each set. NULL on OOM. */
static eng_arena *set_arena(drv_stmt *s)
{
    if (!s->param_arena)
        s->param_arena = eng_arena_create();
    else
        eng_arena_reset(s->param_arena);
    return s->param_arena;
}

/* Counts a processed set in SQL_ATTR_PARAMS_PROCESSED_PTR. */
static void processed(drv_stmt *s)
{
    if (s->ipd.rows_processed_ptr)
        (*s->ipd.rows_processed_ptr)++;
}

/*
 * Statements without result rows: every set in one engine call. A set
 * that cannot be converted is left out and marked SQL_PARAM_ERROR.
 */
static SQLRETURN run_bulk(drv_stmt *s)
{
    int np = eng_stmt_nparams(s->es);
    eng_arena *a = set_arena(s);
    SQLULEN count = s->pset_count;
    eng_value *vals = a ? eng_arena_alloc(a, sizeof *vals * (size_t)np *
                                          (size_t)(count ? count : 1)) : NULL;
    SQLULEN *map = a ? eng_arena_alloc(a, sizeof *map * (size_t)count) : NULL;
    if (!vals || !map)
        return diag_oom(&s->diag);
    int nrows = 0;
    SQLRETURN ret = SQL_SUCCESS;
    for (SQLULEN set = 0; set < count; set++) {
        if (ignored(s, set))
            continue;
        processed(s);
        SQLRETURN rc = convert_set(s, a, set, vals + (size_t)nrows * (size_t)np);
        if (rc == SQL_ERROR) {
            set_status(s, set, SQL_PARAM_ERROR);
            s->pset_failed++;
            if (s->diag.oom)
                return SQL_ERROR;
            continue;
        }
        ret = api_rc_merge(ret, rc);
        map[nrows++] = set;
    }
    s->pset_next = count;
    if (nrows == 0)
        return s->pset_failed ? SQL_ERROR : SQL_NO_DATA;
    eng_error err;
    eng_err_clear(&err);
    int bad = -1;
    eng_rc erc = stmt_run(s, vals, nrows, &bad, &err);
    if (erc != ENG_OK) {
        /* one set per write: the sets before the failing one were
         * written (the engine runs them in order). All sets as one write
         * (INSERT ... VALUES): none was; the failing set is marked and
         * the others were not used. bad < 0: the write as a whole
         * failed. */
        bool whole = eng_stmt_params_all_or_none(s->es);
        for (int i = 0; i < nrows; i++)
            set_status(s, map[i], bad < 0 || bad == i ? SQL_PARAM_ERROR
                                  : i < bad && !whole ? SQL_PARAM_SUCCESS
                                                      : SQL_PARAM_UNUSED);
        engine_diag(s, erc, &err, bad >= 0 ? map[bad] : 0);
        return SQL_ERROR;
    }
    for (int i = 0; i < nrows; i++)
        set_status(s, map[i], SQL_PARAM_SUCCESS);
    return s->pset_failed ? SQL_SUCCESS_WITH_INFO : ret;
}

/*
 * Runs sets from s->pset_next on until one opens a cursor (a query) or
 * none is left. Returns the outcome of the set that opened the cursor
 * (SQL_SUCCESS_WITH_INFO when sets before it failed in this call),
 * SQL_ERROR when every remaining set failed, SQL_NO_DATA when none was
 * left.
 */
static SQLRETURN param_continue(drv_stmt *s)
{
    if (eng_stmt_ncols(s->es) == 0)
        return run_bulk(s);
    int np = eng_stmt_nparams(s->es);
    int failed = 0;
    while (s->pset_next < s->pset_count) {
        SQLULEN set = s->pset_next++;
        if (ignored(s, set))
            continue;
        processed(s);
        eng_arena *a = set_arena(s);
        eng_value *vals = a ? eng_arena_alloc(a, sizeof *vals * (size_t)np)
                            : NULL;
        if (!vals)
            return diag_oom(&s->diag);
        SQLRETURN rc = convert_set(s, a, set, vals);
        eng_rc erc = ENG_OK;
        eng_error err;
        eng_err_clear(&err);
        if (rc != SQL_ERROR && (erc = stmt_run(s, vals, 1, NULL, &err)))
            engine_diag(s, erc, &err, set);
        if (rc == SQL_ERROR || erc != ENG_OK) {
            set_status(s, set, SQL_PARAM_ERROR);
            failed++;
            if (s->diag.oom)
                return SQL_ERROR;
            continue;
        }
        set_status(s, set, rc == SQL_SUCCESS_WITH_INFO
                               ? SQL_PARAM_SUCCESS_WITH_INFO
                               : SQL_PARAM_SUCCESS);
        return failed ? SQL_SUCCESS_WITH_INFO : rc;
    }
    s->pset_count = 0;
    return failed ? SQL_ERROR : SQL_NO_DATA;
}

/*
 * SQLExecute of a statement with markers: checks every marker is bound
 * (07002), initialises the status array (SQL_PARAM_UNUSED) and processed
 * count, enters data-at-execution (SQL_NEED_DATA) when a value is to be
 * sent with SQLPutData, else runs the sets.
 */
SQLRETURN param_execute(drv_stmt *s)
{
    int np = eng_stmt_nparams(s->es);
    param_reset(s);
    for (int n = 1; n <= np; n++) {
        desc_rec *a = n <= s->apd->count ? &s->apd->recs[n] : NULL;
        if (!a || (!a->data_ptr && !a->indicator_ptr && !a->octet_length_ptr)
            || n > s->ipd.count || !s->ipd.recs[n].concise_type)
            return diag_pushf(&s->diag, "07002", "parameter %d is not bound "
                              "(the statement has %d parameter markers; "
                              "bind each with SQLBindParameter)", n, np);
    }
    SQLULEN size = s->apd->array_size ? s->apd->array_size : 1;
    if (s->ipd.rows_processed_ptr)
        *s->ipd.rows_processed_ptr = 0;
    for (SQLULEN i = 0; i < size; i++)
        set_status(s, i, SQL_PARAM_UNUSED);
    bool dae = false;
    for (SQLULEN i = 0; i < size && !dae; i++)
        for (int n = 1; n <= np && !dae; n++)
            dae = cparam_is_dae(s, i, n);
    if (dae) {
        if (size > 1)
            return diag_pushf(&s->diag, "HYC00", "data-at-execution "
                              "parameters in a parameter array (paramset "
                              "size %lu) are not supported",
                              (unsigned long)size);
        s->dae = eng_calloc((size_t)np, sizeof *s->dae);
        if (!s->dae)
            return diag_oom(&s->diag);
        s->dae_n = np;
        s->dae_cur = 0;
        s->state = ST_NEED_DATA;
        return SQL_NEED_DATA;
    }
    s->pset_count = size;
    s->pset_next = 0;
    s->pset_failed = 0;
    return param_continue(s);
}

/* SQLMoreResults during a parameter array (see param_continue). */
SQLRETURN param_more_results(drv_stmt *s)
{
    if (!s->pset_count || s->pset_next >= s->pset_count) {
        s->pset_count = 0;
        return SQL_NO_DATA;
    }
    eng_cancel_reset(s->es);    /* a new call: earlier cancels are done */
    return param_continue(s);
}

/*
 * SQLParamData: in the data-at-execution state, moves to the next
 * parameter that is sent at execution and returns its token (the bound
 * data pointer) with SQL_NEED_DATA; after the last one, runs the
 * statement and returns its outcome. HY010 outside that state.
 */
SQLRETURN stmt_param_data(drv_stmt *s, SQLPOINTER *token)
{
    if (s->state != ST_NEED_DATA || !s->es)
        return diag_pushf(&s->diag, "HY010", "function sequence error: no "
                          "data-at-execution parameter is pending");
    int np = eng_stmt_nparams(s->es);
    for (int n = s->dae_cur + 1; n <= np; n++) {
        if (cparam_is_dae(s, 0, n)) {
            s->dae_cur = n;
            if (token)
                *token = cparam_data_ptr(s, 0, n);
            return SQL_NEED_DATA;
        }
    }
    s->state = ST_PREPARED;
    s->dae_cur = 0;
    s->pset_count = 1;
    s->pset_next = 0;
    s->pset_failed = 0;
    eng_cancel_reset(s->es);    /* a new call: earlier cancels are done */
    SQLRETURN rc = param_continue(s);
    for (int i = 0; i < s->dae_n; i++)
        eng_free(s->dae[i].data);
    eng_free(s->dae);
    s->dae = NULL;
    s->dae_n = 0;
    return rc;
}

/*
 * SQLPutData: appends a piece of the current data-at-execution parameter.
 * Character and binary data may come in several pieces; other C types in
 * one (HY019 for a second piece). SQL_NULL_DATA sends NULL (HY011 after
 * data). HY010 outside data-at-execution, HY090 bad length, HY009 NULL
 * data with a positive length; any error cancels the execution.
 */
static SQLRETURN put_data(drv_stmt *s, SQLPOINTER data, SQLLEN len);

SQLRETURN stmt_put_data(drv_stmt *s, SQLPOINTER data, SQLLEN len)
{
    if (s->state != ST_NEED_DATA || s->dae_cur == 0)
        return diag_pushf(&s->diag, "HY010", "function sequence error: call "
                          "SQLParamData before SQLPutData");
    SQLRETURN rc = put_data(s, data, len);
    /* An error while sending data cancels the execution (ODBC's state
     * table: back to prepared), as the driver manager assumes. */
    if (rc == SQL_ERROR)
        param_reset(s);
    return rc;
}

/* The work of stmt_put_data in the data-at-execution state. */
static SQLRETURN put_data(drv_stmt *s, SQLPOINTER data, SQLLEN len)
{
    dae_buf *b = &s->dae[s->dae_cur - 1];
    SQLSMALLINT c = s->apd->recs[s->dae_cur].concise_type;
    if (c == SQL_C_DEFAULT)
        c = cparam_default_ctype(s->ipd.recs[s->dae_cur].concise_type);
    SQLLEN fixed = cparam_c_size(c);
    if (len == SQL_NULL_DATA) {
        if (b->put)
            return diag_pushf(&s->diag, "HY011", "SQL_NULL_DATA after data "
                              "was sent for parameter %d", s->dae_cur);
        b->is_null = true;
        b->put = true;
        return SQL_SUCCESS;
    }
    if (b->is_null)
        return diag_pushf(&s->diag, "HY011", "parameter %d was sent as NULL",
                          s->dae_cur);
    if (fixed) {
        if (b->put)
            return diag_pushf(&s->diag, "HY019", "non-character and "
                              "non-binary data sent in pieces (parameter %d)",
                              s->dae_cur);
        len = fixed;
    } else if (len == SQL_NTS) {
        if (c == SQL_C_BINARY)
            return diag_pushf(&s->diag, "HY090", "SQL_NTS for binary data");
        if (!data)
            len = 0;
        else if (c == SQL_C_WCHAR) {
            const SQLWCHAR *w = data;
            SQLLEN k = 0;
            while (w[k])
                k++;
            len = k * (SQLLEN)sizeof(SQLWCHAR);
        } else {
            len = (SQLLEN)strlen(data);
        }
    } else if (len < 0) {
        return diag_pushf(&s->diag, "HY090", "invalid string or buffer "
                          "length %ld", (long)len);
    }
    if (!data && len > 0)
        return diag_pushf(&s->diag, "HY009", "invalid use of null pointer");
    if (b->len + (size_t)len > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->len + (size_t)len)
            cap *= 2;
        char *p = eng_realloc(b->data, cap);
        if (!p)
            return diag_oom(&s->diag);
        b->data = p;
        b->cap = cap;
    }
    if (len > 0)
        memcpy(b->data + b->len, data, (size_t)len);
    b->len += (size_t)len;
    b->put = true;
    return SQL_SUCCESS;
}
