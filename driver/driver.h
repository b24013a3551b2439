/*
 * driver/driver.h
 *   Internal declarations shared by the driver sources: the four ODBC handle
 *   structs (env, dbc, stmt, desc), diagnostic lists, and the internal
 *   functions the thin SQLxxx / SQLxxxW entry points call.
 * Interface: drv_env, drv_dbc, drv_stmt, drv_desc, diag_*, env_*, dbc_*,
 *   stmt_*, desc_*, conv_*, sqlt_*, connstr_*, esc_*, uc_*, trace_*, api_*.
 * Not here: the engine (engine/engine.h is the only engine header the
 *   driver includes); ODBC entry points (odbc_api.c, odbc_apiw.c).
 *
 * Handles: every handle starts with a magic number checked on every call
 * (a wrong one gives SQL_INVALID_HANDLE). An env and a dbc each own a
 * mutex; statement and descriptor calls take their connection's mutex,
 * because an eng_conn is single-threaded. SQLCancel alone takes no lock.
 * Memory: handles are eng_calloc'ed and freed with eng_free; strings a
 * handle keeps (DSN, diagnostic messages) are eng_malloc'ed and owned by
 * that handle. Nothing here allocates with malloc directly.
 * Strings passed between layers are UTF-8 and NUL-terminated unless a
 * length is given.
 */
#ifndef DRV_DRIVER_H
#define DRV_DRIVER_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sql.h>
#include <sqlext.h>
#include <sqlucode.h>
#include "engine/engine.h"

#define DRV_NAME "MeshODBC"

/*
 * Driver-specific connection attributes (ODBC reserves 0x4000 and above
 * for drivers; README "Metadata cache"):
 *   MESH_ATTR_REFRESH_METADATA  set (any value): forget the connection's
 *                               cached metadata (eng_refresh_metadata);
 *   MESH_ATTR_METADATA_MISSES   get (SQLUBIGINT): metadata answers the
 *                               connection had to ask a catalog for.
 */
#define MESH_ATTR_REFRESH_METADATA 0x4D01
#define MESH_ATTR_METADATA_MISSES  0x4D02
#define DRV_ENV_MAGIC  0x4D454E56u /* "MENV" */
#define DRV_DBC_MAGIC  0x4D444243u /* "MDBC" */
#define DRV_STMT_MAGIC 0x4D53544Du /* "MSTM" */
#define DRV_DESC_MAGIC 0x4D445343u /* "MDSC" */
#define DRV_DEAD_MAGIC 0xDEADBEEFu

/* ---------------------------------------------------------------- diag */

/* One diagnostic record; msg is eng_malloc'ed (or static when is_static). */
typedef struct diag_rec {
    char state[6];
    char state2[6];        /* the ODBC 2.x state when it depends on the
                              function ("" = sqlstate_odbc2(state)) */
    SQLINTEGER native;
    char *msg;
    bool is_static;
    SQLLEN row;            /* SQL_NO_ROW_NUMBER if none */
    SQLINTEGER col;        /* SQL_NO_COLUMN_NUMBER if none */
} diag_rec;

/*
 * The diagnostic list of one handle. Records are eng_malloc'ed; when one
 * cannot be stored, `oom` is set instead and the preallocated HY001 record
 * is reported first, so that reporting out-of-memory never allocates.
 */
typedef struct diag_list {
    diag_rec *recs;
    int n, cap;
    bool oom;
    SQLRETURN rc;                /* SQL_DIAG_RETURNCODE of the last call */
    SQLLEN row_count;            /* SQL_DIAG_ROW_COUNT */
    SQLLEN cursor_row_count;     /* SQL_DIAG_CURSOR_ROW_COUNT */
    const char *dyn_func;        /* SQL_DIAG_DYNAMIC_FUNCTION ("" if none) */
    SQLINTEGER dyn_code;
} diag_list;

struct drv_env;
struct drv_dbc;
typedef struct trace_sink trace_sink;   /* trace.c */
struct drv_stmt;
struct drv_desc;

/* ----------------------------------------------------------------- env */

typedef struct drv_env {
    uint32_t magic;
    pthread_mutex_t mu;
    diag_list diag;
    SQLINTEGER odbc_ver;        /* SQL_OV_ODBC2 / 3 / 3_80; 0 until set */
    SQLUINTEGER pooling;        /* SQL_ATTR_CONNECTION_POOLING */
    SQLUINTEGER cp_match;       /* SQL_ATTR_CP_MATCH */
    SQLINTEGER output_nts;      /* SQL_ATTR_OUTPUT_NTS */
    struct drv_dbc *dbcs;       /* connections of this env */
} drv_env;

/* ----------------------------------------------------------------- dbc */

typedef struct drv_dbc {
    uint32_t magic;
    pthread_mutex_t mu;
    diag_list diag;
    drv_env *env;
    struct drv_dbc *next;       /* in env->dbcs */
    eng_conn *conn;             /* NULL when not connected */
    char *dsn;                  /* eng_malloc'ed or NULL */
    char *user;
    char *catalogs;             /* effective options used for eng_open */
    char *catalog;
    char *schema;
    char *pending_catalog;      /* SQL_ATTR_CURRENT_CATALOG before connect */
    struct connstr *browse;     /* SQLBrowseConnect's keys so far (NULL:
                                   not browsing); eng_malloc'ed */
    struct drv_stmt *stmts;     /* statements of this connection */
    struct drv_desc *descs;     /* explicitly allocated descriptors */
    /* attributes */
    SQLUINTEGER autocommit;
    SQLUINTEGER access_mode;
    SQLUINTEGER login_timeout;
    SQLUINTEGER conn_timeout;
    SQLUINTEGER txn_isolation;
    bool txn_isolation_set;     /* set by the application (else the
                                   engine's default, taken at connect) */
    SQLUINTEGER odbc_cursors;
    SQLUINTEGER packet_size;
    SQLPOINTER quiet_mode;
    SQLUINTEGER trace;
    SQLUINTEGER metadata_id;
    SQLUINTEGER async_enable;
    SQLULEN noscan;             /* SQL_ATTR_NOSCAN default for statements */
    char *tracefile;
    /* DSN keys read by the driver itself (connect.c) */
    size_t cursor_memory;       /* StaticCursorMemory: bytes a static
                                   cursor keeps in memory (cursor.c) */
    bool catalogs_as_schemas;   /* CatalogsAsSchemas: catalog.schema shown
                                   as one schema name (catalog.c) */
    unsigned cursor_seq;        /* numbers the default cursor names */
    trace_sink *trace_sink;     /* Trace=yes: this connection's file */
} drv_dbc;

/* ---------------------------------------------------------------- desc */

enum { DESC_ARD = 1, DESC_APD, DESC_IRD, DESC_IPD };

/* One record of an application descriptor (ARD/APD); 1-based in use. */
typedef struct desc_rec {
    SQLSMALLINT type;           /* verbose type (SQL_DESC_TYPE) */
    SQLSMALLINT concise_type;   /* SQL_DESC_CONCISE_TYPE (a C type) */
    SQLSMALLINT datetime_sub;
    SQLLEN octet_length;        /* buffer length */
    SQLPOINTER data_ptr;
    SQLLEN *indicator_ptr;
    SQLLEN *octet_length_ptr;
    SQLSMALLINT precision;
    SQLSMALLINT scale;
    SQLULEN length;
    SQLSMALLINT param_io;       /* IPD: SQL_DESC_PARAMETER_TYPE (0: unset) */
} desc_rec;

typedef struct drv_desc {
    uint32_t magic;
    int kind;                   /* DESC_ARD ... DESC_IPD */
    diag_list diag;
    drv_dbc *dbc;
    struct drv_stmt *stmt;      /* owner of an implicit descriptor, else NULL */
    struct drv_desc *next;      /* in dbc->descs (explicit ones) */
    SQLSMALLINT alloc_type;     /* SQL_DESC_ALLOC_AUTO / _USER */
    /* header */
    SQLULEN array_size;         /* ARD: SQL_ATTR_ROW_ARRAY_SIZE */
    SQLULEN bind_type;          /* SQL_BIND_BY_COLUMN or row size */
    SQLLEN *bind_offset_ptr;
    SQLUSMALLINT *array_status_ptr; /* IRD: row status; ARD: row operation */
    SQLULEN *rows_processed_ptr;    /* IRD: rows fetched */
    /* records (application descriptors and the IPD, whose records hold
     * SQL types; the IRD is computed) */
    desc_rec *recs;             /* recs[0] unused (bookmark) */
    int count;                  /* highest bound record */
    int cap;
} drv_desc;

/* --------------------------------------------------------------- stmt */

enum stmt_state {
    ST_ALLOC = 0,   /* no statement text */
    ST_PREPARED,    /* eng_stmt exists, no cursor */
    ST_EXECUTED,    /* executed, no result set (ncols == 0) */
    ST_CURSOR,      /* executed with an open cursor */
    ST_NEED_DATA    /* SQLExecute returned SQL_NEED_DATA: data-at-execution
                       parameters go through SQLParamData / SQLPutData */
};

/* A data-at-execution parameter's value as SQLPutData sends it. */
typedef struct dae_buf {
    char *data;                 /* eng_malloc'ed bytes, NULL if none */
    size_t len, cap;
    bool is_null;               /* SQL_NULL_DATA was put */
    bool put;                   /* SQLPutData was called for it */
} dae_buf;
typedef struct drv_cursor drv_cursor;   /* cursor.c */

typedef struct drv_stmt {
    uint32_t magic;
    diag_list diag;
    drv_dbc *dbc;
    struct drv_stmt *next;      /* in dbc->stmts */
    eng_stmt *es;               /* prepared engine statement or NULL;
                                   swapped under cancel_mu */
    /* SQLCancel from another thread: cancel_mu keeps es alive while it is
     * cancelled; a cancel while SQLExecDirect is still preparing (no es
     * yet, or the previous one) is kept in cancel_pending and applied to
     * the new es before it runs */
    pthread_mutex_t cancel_mu;
    bool preparing;             /* SQLExecDirect is in stmt_prepare */
    bool cancel_pending;        /* SQLCancel came while preparing */
    enum stmt_state state;
    bool executed_once;         /* eng_execute ran for the current es */
    int64_t rowcount;           /* SQLRowCount */
    /* descriptors */
    drv_desc ard_impl, apd_impl, ird, ipd;
    drv_desc *ard, *apd;        /* current application descriptors */
    /* cursor */
    const eng_batch *batch;     /* current batch (owned by the engine) */
    int batch_row;              /* row of the current (last fetched) row */
    bool eof;
    bool have_row;              /* a row is positioned for SQLGetData */
    uint64_t rows_fetched;      /* total rows fetched (SQL_ATTR_MAX_ROWS) */
    uint64_t row_number;        /* 1-based number of the current row */
    /* static cursor (scroll.c, cursor.c): NULL for forward-only */
    drv_cursor *cur;
    int64_t rs_start;           /* first row of the rowset; 0 before the
                                   start, -1 after the end */
    SQLULEN rs_rows;            /* rows in the current rowset */
    SQLULEN rs_size;            /* rowset size of the last fetch */
    char *cursor_name;          /* SQLSetCursorName or SQL_CUR<n>; owned */
    void *fetch_bookmark_ptr;   /* SQL_ATTR_FETCH_BOOKMARK_PTR */
    SQLULEN rowset_size;        /* SQL_ROWSET_SIZE (SQLExtendedFetch) */
    /* SQLGetData state of the column being read in parts */
    int gd_col;                 /* 0 = none */
    size_t gd_off;              /* bytes (or UTF-16 units) already returned */
    bool gd_done;
    /* parameters (param.c): a parameter array runs set by set for a
     * query (SQLMoreResults moves to the next set) */
    eng_arena *param_arena;     /* converted values of the running set */
    SQLULEN pset_count;         /* sets of the running execution, 0: none */
    SQLULEN pset_next;          /* next set to run */
    SQLULEN pset_ok, pset_failed;
    dae_buf *dae;               /* nparams entries while in ST_NEED_DATA */
    int dae_n;                  /* parameters in dae */
    int dae_cur;                /* 1-based parameter being put, 0: none */
    /* scratch space for conversions (eng_realloc'ed, owned) */
    char *scratch;
    size_t scratch_cap;
    /* attributes */
    SQLULEN cursor_type, concurrency, query_timeout, max_rows, max_length;
    SQLULEN noscan, retrieve_data, use_bookmarks, cursor_scrollable;
    SQLULEN cursor_sensitivity, async_enable, metadata_id, keyset_size;
    SQLULEN paramset_size, param_bind_type, simulate_cursor;
    SQLULEN enable_auto_ipd;
} drv_stmt;

/* ------------------------------------------------------------ diag.c */

void diag_init(diag_list *d);
void diag_clear(diag_list *d);
void diag_free(diag_list *d);
/*
 * Appends a record. The message is stored as "[MeshODBC] msg". Returns
 * SQL_SUCCESS_WITH_INFO for class 01 states and SQL_ERROR otherwise. If
 * the record cannot be allocated, the list's OOM record is set instead and
 * SQL_ERROR is returned.
 */
SQLRETURN diag_push(diag_list *d, const char *state, SQLINTEGER native,
                    const char *msg, SQLLEN row, SQLINTEGER col);
/* printf-style diag_push with no row or column number. */
SQLRETURN diag_pushf(diag_list *d, const char *state, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/*
 * diag_pushf for the states whose ODBC 2.x spelling depends on the
 * function: the record shows state2 to an ODBC 2 application instead of
 * sqlstate_odbc2(state) (07009 is S1093 from SQLBindParameter and
 * SQLDescribeParam, S1002 elsewhere).
 */
SQLRETURN diag_pushf_odbc2(diag_list *d, const char *state,
                           const char *state2, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Same with a row and a column number. */
SQLRETURN diag_pushrc(diag_list *d, const char *state, SQLLEN row,
                      SQLINTEGER col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Records an engine error ("[MeshODBC][source] message"). HY001 uses the
 * preallocated OOM record. Returns SQL_ERROR. */
SQLRETURN diag_engine(diag_list *d, const eng_error *e);
/* Marks out-of-memory (no allocation). Returns SQL_ERROR. */
SQLRETURN diag_oom(diag_list *d);
/* Number of records, OOM record included. */
int diag_count(const diag_list *d);

SQLRETURN diag_get_rec(SQLSMALLINT htype, SQLHANDLE h, SQLSMALLINT recno,
                       char *state, SQLINTEGER *native, char *msg,
                       SQLSMALLINT buflen, SQLSMALLINT *textlen);
/* String fields are UTF-8; *is_string tells the caller to convert. */
SQLRETURN diag_get_field(SQLSMALLINT htype, SQLHANDLE h, SQLSMALLINT recno,
                         SQLSMALLINT id, SQLPOINTER buf, SQLSMALLINT buflen,
                         SQLSMALLINT *outlen);
/* Finds the diag list and ODBC version of any handle; NULL if invalid. */
diag_list *diag_of(SQLSMALLINT htype, SQLHANDLE h, SQLINTEGER *odbc_ver,
                   const char **server);
/* Copies the UTF-8 string src into buf (byte size buflen), NUL-terminated,
 * stores the full byte length in *outlen. Returns true if truncated. */
bool drv_copy_str(const char *src, SQLLEN srclen, char *buf, SQLLEN buflen,
                  SQLLEN *outlen);

/* ------------------------------------------------------- sqlstate.c */

/* Returns the ODBC 2.x SQLSTATE for an ODBC 3 one (itself if unmapped). */
const char *sqlstate_odbc2(const char *state);
/* Returns the ODBC 3 state for an engine state (itself if unmapped). */
const char *sqlstate_odbc3(const char *state);
/* Class and subclass origins for SQL_DIAG_CLASS/SUBCLASS_ORIGIN. */
const char *sqlstate_class_origin(const char *state);
const char *sqlstate_subclass_origin(const char *state);

/* ------------------------------------------------------- api_exit.c */

/*
 * Entry: validates the handle (NULL if invalid: return SQL_INVALID_HANDLE),
 * takes the lock, clears the diagnostics when `clear`, traces `fn`.
 * Exit: turns a pending OOM into SQL_ERROR, records the return code in
 * the diagnostic header, unlocks, returns the final code.
 */
drv_env *api_env_enter(SQLHENV h, const char *fn);
drv_dbc *api_dbc_enter(SQLHDBC h, bool clear, const char *fn);
drv_stmt *api_stmt_enter(SQLHSTMT h, bool clear, const char *fn);
drv_desc *api_desc_enter(SQLHDESC h, bool clear, const char *fn);
SQLRETURN api_env_exit(drv_env *e, SQLRETURN rc);
SQLRETURN api_dbc_exit(drv_dbc *c, SQLRETURN rc);
SQLRETURN api_stmt_exit(drv_stmt *s, SQLRETURN rc);
SQLRETURN api_desc_exit(drv_desc *d, SQLRETURN rc);
/* The mutex guarding handle h of type htype (NULL if h is invalid). */
pthread_mutex_t *api_handle_mutex(SQLSMALLINT htype, SQLHANDLE h);
/* SQLAllocHandle / SQLFreeHandle / SQLEndTran dispatch by handle type. */
SQLRETURN api_alloc_handle(SQLSMALLINT htype, SQLHANDLE in, SQLHANDLE *out);
SQLRETURN api_free_handle(SQLSMALLINT htype, SQLHANDLE h);
SQLRETURN api_end_tran(SQLSMALLINT htype, SQLHANDLE h, SQLSMALLINT op);
/* Combines two return codes (the worse wins). */
SQLRETURN api_rc_merge(SQLRETURN a, SQLRETURN b);

/* --------------------------------------------------------- trace.c */

/* A trace file shared by the connections tracing to it (Trace=yes);
 * NULL with errno when it cannot be opened (trace_open_reason). */
trace_sink *trace_open(const char *path);
const char *trace_open_reason(int err);
void trace_release(trace_sink *s);
/* Binds s (NULL: none) as this thread's connection trace. */
void trace_bind(trace_sink *s);
/* trace_bind in the middle of a call, logging the call's entry to s. */
void trace_attach(trace_sink *s, const char *kind, void *h);
/* Entry and return of an ODBC call (api_exit.c). */
void trace_call(trace_sink *s, const char *fn, const char *kind, void *h);
void trace_return(SQLRETURN rc);
void trace_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Logs the application's SQL text (n bytes; never parameter values). */
void trace_sql(const char *what, const char *sql, size_t n);
/* The current call's statements have parameters: mask the literals of
 * the remote SQL it logs (api_exit.c sets it on entry). */
void trace_mask_values(bool on);
/* Logs a connection string with password values masked. */
void trace_connstr(const char *what, const char *s, size_t len);
bool trace_on(void);

/* ----------------------------------------------------------- env.c */

SQLRETURN env_alloc(SQLHANDLE *out);
SQLRETURN env_free(drv_env *e);
SQLRETURN env_set_attr(drv_env *e, SQLINTEGER attr, SQLPOINTER val,
                       SQLINTEGER len);
SQLRETURN env_get_attr(drv_env *e, SQLINTEGER attr, SQLPOINTER val,
                       SQLINTEGER buflen, SQLINTEGER *outlen);

/* ---------------------------------------------------------- connstr.c */

typedef struct connstr_pair {
    char *key;     /* as written (trimmed) */
    char *value;   /* unquoted */
} connstr_pair;

typedef struct connstr {
    connstr_pair *pairs;
    int n, cap;
} connstr;

/*
 * Parses "key=value;..." (len bytes, or SQL_NTS) into cs. Keys compare
 * case-insensitively; the last occurrence of a key wins (earlier ones are
 * replaced). On malformed input returns false and writes a message naming
 * the position into errbuf; on OOM returns false with *oom set.
 * cs owns its strings (eng_malloc'ed); release with connstr_free.
 */
bool connstr_parse(const char *s, SQLLEN len, connstr *cs, char *errbuf,
                   size_t errcap, bool *oom);
void connstr_free(connstr *cs);
/* Value of key (case-insensitive), or NULL. */
const char *connstr_get(const connstr *cs, const char *key);
/* Sets key to value (replacing). Returns false on OOM. */
bool connstr_set(connstr *cs, const char *key, const char *value);
/* Appends "key=value;" to out (cap bytes), bracing the value when it holds
 * ; { } = or surrounding spaces. Returns the length the full text needs. */
size_t connstr_format_pair(const char *key, const char *value, char *out,
                           size_t cap, size_t used);

/* ------------------------------------------------------- dbc/connect */

SQLRETURN dbc_alloc(drv_env *e, SQLHANDLE *out);
/* SQLBrowseConnect (connect.c): SQL_NEED_DATA with the missing keys in
 * out, or connected (SQL_SUCCESS, the effective string in out). */
SQLRETURN dbc_browse_connect(drv_dbc *c, const char *in, SQLLEN inlen,
                             char *out, SQLLEN outcap, SQLLEN *outlen);
/* Ends a browse in progress (SQLDisconnect, SQLFreeHandle). */
void dbc_browse_end(drv_dbc *c);
SQLRETURN dbc_free(drv_dbc *c);
SQLRETURN dbc_connect(drv_dbc *c, const char *dsn, const char *user,
                      const char *pwd);
SQLRETURN dbc_driver_connect(drv_dbc *c, const char *in, SQLLEN inlen,
                             char *out, SQLLEN outcap, SQLLEN *outlen,
                             SQLUSMALLINT completion);
SQLRETURN dbc_disconnect(drv_dbc *c);
/* Attribute values: string attributes are UTF-8 (*is_str set by get). */
SQLRETURN dbc_set_attr(drv_dbc *c, SQLINTEGER attr, SQLPOINTER val,
                       SQLINTEGER len);
SQLRETURN dbc_get_attr(drv_dbc *c, SQLINTEGER attr, SQLPOINTER val,
                       SQLINTEGER buflen, SQLINTEGER *outlen);
/* True for connection attributes whose value is a string. */
bool dbc_attr_is_string(SQLINTEGER attr);
SQLRETURN dbc_end_tran(drv_dbc *c, SQLSMALLINT op);
/* ODBC's SQL_TXN_* isolation bits <-> the engine's ENG_ISO_* bits. */
SQLUINTEGER dbc_isolation_to_odbc(unsigned levels);
unsigned dbc_isolation_from_odbc(SQLUINTEGER v);
/*
 * SQLNativeSql: the translation of in (inlen bytes or SQL_NTS) into
 * *text, eng_malloc'ed and owned by the caller; the caller copies it out.
 * Errors (08003, HY009, HY090 for a negative length or outcap,
 * translation errors, HY001) are recorded on c, *text then NULL.
 */
SQLRETURN dbc_native_sql(drv_dbc *c, const char *in, SQLLEN inlen,
                         SQLLEN outcap, char **text);
/*
 * Translates the escapes of sql (n bytes) unless noscan: *out is NULL
 * when the text is used as it is, else an eng_malloc'ed translation of
 * *outlen bytes that the caller frees. Errors are recorded on d.
 */
SQLRETURN drv_translate(diag_list *d, bool noscan, const char *sql, size_t n,
                        char **out, size_t *outlen);
SQLRETURN dbc_get_functions(drv_dbc *c, SQLUSMALLINT id, SQLUSMALLINT *out);

/* ---------------------------------------------------------- escape.c */

/* A translation error: SQLSTATE, "line L:C: ..." message, 1-based byte
 * position of the offending escape. */
typedef struct esc_err {
    char state[6];
    char msg[256];
    size_t pos;
} esc_err;

typedef enum { ESC_OK = 0, ESC_ERROR, ESC_NOMEM } esc_rc;

/*
 * Translates the ODBC escapes in sql (len bytes) into Trino SQL. On
 * ESC_OK, *out is the eng_malloc'ed translation (NUL-terminated, *outlen
 * bytes, owned by the caller), or NULL when the text holds no brace and
 * is used as it is. ESC_ERROR fills *err; ESC_NOMEM on allocation failure.
 * Pure: no handle, no engine call (tests/fuzz/fuzz_odbc_escape.c).
 */
esc_rc esc_translate(const char *sql, size_t len, char **out, size_t *outlen,
                     esc_err *err);
/*
 * The SQLGetInfo bitmask the escapes make true for info type `info`:
 * SQL_STRING_FUNCTIONS, SQL_NUMERIC_FUNCTIONS, SQL_TIMEDATE_FUNCTIONS,
 * SQL_SYSTEM_FUNCTIONS, SQL_CONVERT_FUNCTIONS (the {fn CONVERT} bit),
 * SQL_TIMEDATE_ADD_INTERVALS, SQL_TIMEDATE_DIFF_INTERVALS,
 * SQL_DATETIME_LITERALS; 0 for any other type.
 */
SQLUINTEGER esc_info_mask(SQLUSMALLINT info);

/* ---------------------------------------------------------- info.c */

/* String results are UTF-8; *is_str tells the W wrapper to convert. */
SQLRETURN dbc_get_info(drv_dbc *c, SQLUSMALLINT type, SQLPOINTER val,
                       SQLSMALLINT buflen, SQLSMALLINT *outlen);
bool info_is_string(SQLUSMALLINT type);

/* ---------------------------------------------------------- stmt.c */

SQLRETURN stmt_alloc(drv_dbc *c, SQLHANDLE *out);
SQLRETURN stmt_free(drv_stmt *s);   /* SQL_DROP; unlinks and frees */
SQLRETURN stmt_free_stmt(drv_stmt *s, SQLUSMALLINT option);
SQLRETURN stmt_close_cursor(drv_stmt *s, bool must_be_open);
SQLRETURN stmt_cancel(drv_stmt *s);
SQLRETURN stmt_set_attr(drv_stmt *s, SQLINTEGER attr, SQLPOINTER val,
                        SQLINTEGER len);
SQLRETURN stmt_get_attr(drv_stmt *s, SQLINTEGER attr, SQLPOINTER val,
                        SQLINTEGER buflen, SQLINTEGER *outlen);
/* Closes the cursor and frees the engine statement (back to ST_ALLOC). */
void stmt_reset(drv_stmt *s);
/* Ensures s->scratch holds n bytes. Returns false on OOM. */
bool stmt_scratch(drv_stmt *s, size_t n);
SQLINTEGER stmt_odbc_ver(const drv_stmt *s);

/* ---------------------------------------------------------- exec.c */

SQLRETURN stmt_prepare(drv_stmt *s, const char *sql, SQLLEN len);
SQLRETURN stmt_execute(drv_stmt *s);
SQLRETURN stmt_exec_direct(drv_stmt *s, const char *sql, SQLLEN len);
SQLRETURN stmt_num_result_cols(drv_stmt *s, SQLSMALLINT *out);
SQLRETURN stmt_row_count(drv_stmt *s, SQLLEN *out);
SQLRETURN stmt_more_results(drv_stmt *s);
/*
 * Starts the engine execution of s with nrows parameter sets (vals NULL:
 * none) and sets the statement's cursor state. Engine errors come back in
 * rc/err, unrecorded, so that the caller can name the parameter set.
 */
eng_rc stmt_run(drv_stmt *s, const eng_value *vals, int nrows, int *bad_row,
                eng_error *err);
/* Column metadata; name is UTF-8 */
SQLRETURN stmt_describe_col(drv_stmt *s, SQLUSMALLINT col, char *name,
                            SQLSMALLINT namecap, SQLSMALLINT *namelen,
                            SQLSMALLINT *type, SQLULEN *size,
                            SQLSMALLINT *digits, SQLSMALLINT *nullable);
SQLRETURN stmt_col_attribute(drv_stmt *s, SQLUSMALLINT col, SQLUSMALLINT id,
                             SQLPOINTER strbuf, SQLSMALLINT buflen,
                             SQLSMALLINT *outlen, SQLLEN *num);
/*
 * Column attribute `id` (SQL_DESC_* or ODBC 2 SQL_COLUMN_*) of 1-based
 * column col of a prepared statement: a string in *str (NULL for numeric
 * attributes) or a number in *num. Returns false for an unknown id.
 */
bool ird_field(drv_stmt *s, int col, SQLUSMALLINT id, const char **str,
               SQLLEN *num);
/* True if the column attribute id returns a string. */
bool col_attr_is_string(SQLUSMALLINT id);
/* Requires a prepared statement; reports HY010 otherwise. */
bool stmt_require_prepared(drv_stmt *s);

/* --------------------------------------------------------- param.c */

SQLRETURN stmt_num_params(drv_stmt *s, SQLSMALLINT *out);
SQLRETURN stmt_bind_param(drv_stmt *s, SQLUSMALLINT n, SQLSMALLINT io,
                          SQLSMALLINT ctype, SQLSMALLINT sqltype,
                          SQLULEN size, SQLSMALLINT digits, SQLPOINTER ptr,
                          SQLLEN buflen, SQLLEN *ind);
SQLRETURN stmt_describe_param(drv_stmt *s, SQLUSMALLINT n, SQLSMALLINT *type,
                              SQLULEN *size, SQLSMALLINT *digits,
                              SQLSMALLINT *nullable);
/* SQLExecute of a statement with parameter markers. */
SQLRETURN param_execute(drv_stmt *s);
/* SQLMoreResults during a parameter array: runs the next set(s);
 * SQL_NO_DATA when none is left. */
SQLRETURN param_more_results(drv_stmt *s);
SQLRETURN stmt_param_data(drv_stmt *s, SQLPOINTER *token);
SQLRETURN stmt_put_data(drv_stmt *s, SQLPOINTER data, SQLLEN len);
/* Drops parameter-array and data-at-execution state (cancel, reset). */
void param_reset(drv_stmt *s);
/* Described SQL type of marker n (1-based) of a prepared statement. */
void param_describe(drv_stmt *s, int n, SQLSMALLINT *type, SQLULEN *size,
                    SQLSMALLINT *digits);

/* -------------------------------------------------- convert_param.c */

/* The C type SQL_C_DEFAULT stands for with SQL type sqltype. */
SQLSMALLINT cparam_default_ctype(SQLSMALLINT sqltype);
/* True for C types SQLBindParameter accepts: those of results and
 * every SQL_C_INTERVAL_* structure. */
bool cparam_c_type_valid(SQLSMALLINT ctype);
/* Fixed buffer size of a parameter's C type, 0 for text and binary. */
SQLLEN cparam_c_size(SQLSMALLINT ctype);
/* True for SQL types SQLBindParameter accepts. */
bool cparam_sql_type_valid(SQLSMALLINT sqltype);
/*
 * The engine type that SQL type sqltype (column size, digits) gives a
 * marker the query leaves untyped: time(digits) and timestamp(digits)
 * (clamped to 0..6), the interval of the SQL interval's kind. False
 * when the engine has no such type (binary, guid).
 */
bool cparam_sql_to_eng(SQLSMALLINT sqltype, SQLULEN size, SQLSMALLINT digits,
                       eng_type *out);
/*
 * Converts parameter n (1-based) of set `set` into *out, in arena a, for
 * a marker of engine type `target` (ENG_T_UNKNOWN: no preference): C
 * numbers become bigint/double/decimal/boolean, text varchar, dates date,
 * time structures time(0), timestamp structures timestamp(6) (a date
 * only at midnight, a time without the date), interval structures the
 * interval of their kind; text for a varchar target. dae: the data put for a data-at-execution parameter (or
 * NULL). Records a diagnostic with the row (set + 1) and column (n) and
 * returns SQL_ERROR on failure: 22003, 22007, 22008, 22015, 22018,
 * 07006, HY090, HYC00, HY001.
 */
SQLRETURN cparam_value(drv_stmt *s, eng_arena *a, SQLULEN set, int n,
                       eng_type target, const dae_buf *dae, eng_value *out);
/* True when parameter n of set `set` is sent at execution (SQLPutData). */
bool cparam_is_dae(drv_stmt *s, SQLULEN set, int n);
/* Address of parameter n's data in set `set` (the data-at-exec token). */
SQLPOINTER cparam_data_ptr(drv_stmt *s, SQLULEN set, int n);

/* --------------------------------------------------------- fetch.c */

SQLRETURN stmt_bind_col(drv_stmt *s, SQLUSMALLINT col, SQLSMALLINT ctype,
                        SQLPOINTER ptr, SQLLEN buflen, SQLLEN *ind);
SQLRETURN stmt_fetch(drv_stmt *s);
SQLRETURN stmt_fetch_scroll(drv_stmt *s, SQLSMALLINT orient, SQLLEN off);
SQLRETURN stmt_get_data(drv_stmt *s, SQLUSMALLINT col, SQLSMALLINT ctype,
                        SQLPOINTER ptr, SQLLEN buflen, SQLLEN *ind);

/*
 * The bound columns of the current row into rowset slot i (fetch.c),
 * the bookmark column 0 included. Combined code of the row.
 */
SQLRETURN fetch_fill_row(drv_stmt *s, SQLULEN i);
/* Rowset status word of a row's code. */
SQLUSMALLINT fetch_row_status(SQLRETURN rc);

/* ---------------------------------------------------------- cursor.c */

/* StaticCursorMemory's default: 64 MB in memory before spilling. */
#define CUR_DEFAULT_MEMORY ((size_t)64 << 20)
/* Creates the (empty) row store of s's open result. False on OOM. */
bool cur_open(drv_stmt *s);
/* Frees the store and its temporary file; nothing if none. */
void cur_close(drv_stmt *s);
/* Reads engine batches until `upto` rows are stored or the result ends
 * (UINT64_MAX: to the end). Errors are recorded on s. */
SQLRETURN cur_fill(drv_stmt *s, uint64_t upto);
uint64_t cur_count(const drv_stmt *s);
bool cur_complete(const drv_stmt *s);
/* Decodes stored row r (1 <= r <= cur_count) for cur_value. */
SQLRETURN cur_load(drv_stmt *s, uint64_t r);
/* Column col (0-based) of the loaded row; strings valid until the next
 * cur_load. */
void cur_value(drv_stmt *s, int col, eng_value *out);

/* ---------------------------------------------------------- scroll.c */

/* True when the statement asks for a static (scrollable) cursor. */
bool scroll_wanted(const drv_stmt *s);
/* SQLFetchScroll / SQLFetch over a static cursor. */
SQLRETURN scroll_fetch(drv_stmt *s, SQLSMALLINT orient, SQLLEN off);
SQLRETURN stmt_extended_fetch(drv_stmt *s, SQLUSMALLINT orient, SQLLEN off,
                              SQLULEN *rows, SQLUSMALLINT *status);
/* SQLBulkOperations (bulk.c): SQL_ADD; the bookmark operations HYC00. */
SQLRETURN stmt_bulk_operations(drv_stmt *s, SQLUSMALLINT op);
SQLRETURN stmt_set_pos(drv_stmt *s, SQLSETPOSIROW row, SQLUSMALLINT op,
                       SQLUSMALLINT lock);
/* Cursor names: *name is UTF-8 (the default SQL_CUR<n> is made here). */
SQLRETURN stmt_get_cursor_name(drv_stmt *s, const char **name);
SQLRETURN stmt_set_cursor_name(drv_stmt *s, const char *name, SQLLEN len);
/* The bookmark of row r as the C type ctype into ptr. */
SQLRETURN scroll_bookmark(drv_stmt *s, uint64_t r, SQLSMALLINT ctype,
                          SQLPOINTER ptr, SQLLEN buflen, SQLLEN *len);

/* ---------------------------------------------------------- desc.c */

void desc_init(drv_desc *d, int kind, drv_dbc *dbc, drv_stmt *owner);
void desc_release(drv_desc *d);
SQLRETURN desc_alloc(drv_dbc *c, SQLHANDLE *out);
SQLRETURN desc_free(drv_desc *d);
/* Grows recs so that record n exists. Returns false on OOM. */
bool desc_ensure(drv_desc *d, int n);
/* Unbinds every record (count = 0). */
void desc_unbind(drv_desc *d);
SQLRETURN desc_get_field(drv_desc *d, SQLSMALLINT rec, SQLSMALLINT field,
                         SQLPOINTER val, SQLINTEGER buflen,
                         SQLINTEGER *outlen);
SQLRETURN desc_set_field(drv_desc *d, SQLSMALLINT rec, SQLSMALLINT field,
                         SQLPOINTER val, SQLINTEGER len);
SQLRETURN desc_get_rec(drv_desc *d, SQLSMALLINT rec, char *name,
                       SQLSMALLINT namecap, SQLSMALLINT *namelen,
                       SQLSMALLINT *type, SQLSMALLINT *sub, SQLLEN *len,
                       SQLSMALLINT *prec, SQLSMALLINT *scale,
                       SQLSMALLINT *nullable);
SQLRETURN desc_set_rec(drv_desc *d, SQLSMALLINT rec, SQLSMALLINT type,
                       SQLSMALLINT sub, SQLLEN len, SQLSMALLINT prec,
                       SQLSMALLINT scale, SQLPOINTER data, SQLLEN *octlen,
                       SQLLEN *ind);
SQLRETURN desc_copy(drv_desc *src, drv_desc *dst);
/* Sets a record's SQL_DESC_TYPE / CONCISE_TYPE / DATETIME_INTERVAL_CODE
 * from one C or SQL type. */
void desc_set_type(desc_rec *r, SQLSMALLINT t);
bool desc_field_is_string(SQLSMALLINT field);
/* The connection mutex protecting d. */
pthread_mutex_t *desc_mutex(drv_desc *d);

/* ------------------------------------------------------- sqltype.c */

/* Facts about one engine type as ODBC reports it, read from the engine's
 * type table (engine/types/typeinfo.h); sqltype.c maps "not applicable". */
typedef struct sqlt_info {
    SQLSMALLINT concise;     /* SQL_INTEGER, SQL_TYPE_DATE, ... */
    SQLSMALLINT verbose;     /* SQL_DESC_TYPE (SQL_DATETIME for dates) */
    SQLSMALLINT datetime_sub;
    SQLULEN column_size;
    SQLSMALLINT digits;      /* decimal digits */
    SQLLEN display_size;
    SQLLEN octet_length;
    SQLLEN precision;        /* SQL_DESC_PRECISION */
    SQLSMALLINT radix;       /* 0, 2 or 10 */
    bool is_unsigned;
    bool case_sensitive;
    bool fixed_prec_scale;
    SQLSMALLINT searchable;
    const char *type_name;   /* Trino's base name: a SQLGetTypeInfo row */
    const char *local_type_name;
    const char *lit_prefix, *lit_suffix;
    SQLSMALLINT c_default;   /* SQL_C_DEFAULT target */
} sqlt_info;

void sqlt_describe(const drv_stmt *s, eng_type t, sqlt_info *out);

/* --------------------------------------------------------- convert */

/* Where a converted value goes. */
typedef struct conv_target {
    SQLSMALLINT ctype;       /* never SQL_C_DEFAULT here */
    SQLPOINTER ptr;          /* may be NULL (length only) */
    SQLLEN buflen;
    SQLLEN *len_out;         /* octet length (NULL allowed) */
    SQLSMALLINT precision;   /* SQL_C_NUMERIC */
    SQLSMALLINT scale;
    size_t offset;           /* SQLGetData: bytes/units already returned */
    size_t consumed;         /* out: new offset after this call */
    bool done;               /* out: the whole value has been returned */
    SQLLEN row;              /* for diagnostics (row number or
                                SQL_NO_ROW_NUMBER) */
    SQLINTEGER col;
} conv_target;

/*
 * Converts the non-NULL value v into t (see appendix D of the ODBC
 * reference). Returns SQL_SUCCESS, SQL_SUCCESS_WITH_INFO (01004, 01S07)
 * or SQL_ERROR (22003, 22018, 22007, 07006, HY001) with a record in s.
 */
SQLRETURN conv_value(drv_stmt *s, const eng_value *v, conv_target *t);
SQLRETURN conv_to_char(drv_stmt *s, const eng_value *v, conv_target *t);
SQLRETURN conv_to_wchar(drv_stmt *s, const eng_value *v, conv_target *t);
SQLRETURN conv_to_binary(drv_stmt *s, const eng_value *v, conv_target *t);
SQLRETURN conv_to_number(drv_stmt *s, const eng_value *v, conv_target *t);
/* Fields of a timestamp (with_date) or time of day given in µs; frac in
 * nanoseconds. Shared with parameter conversion. */
void conv_timestamp_fields(int64_t us, bool with_date, int *y, int *mo,
                           int *d, int *h, int *mi, int *sec, unsigned *frac);
SQLRETURN conv_to_datetime(drv_stmt *s, const eng_value *v, conv_target *t);
/* Text form of v into s->scratch (NUL-terminated); NULL on OOM. */
const char *conv_text(drv_stmt *s, const eng_value *v, size_t *len);
/* Fixed size of a C type's buffer, 0 for variable-length types. */
SQLLEN conv_c_size(SQLSMALLINT ctype);
/* True if ctype is a C type this driver knows. */
bool conv_c_type_valid(SQLSMALLINT ctype);

/* --------------------------------------------------------- catalog.c */

/* Catalog-function arguments: UTF-8 pointers with lengths (SQL_NTS ok). */
typedef struct cat_arg {
    const char *s;
    SQLSMALLINT len;
} cat_arg;

SQLRETURN cat_tables(drv_stmt *s, cat_arg cat, cat_arg sch, cat_arg tab,
                     cat_arg types);
SQLRETURN cat_columns(drv_stmt *s, cat_arg cat, cat_arg sch, cat_arg tab,
                      cat_arg col);
SQLRETURN cat_type_info(drv_stmt *s, SQLSMALLINT type);
/* Empty result sets with the ODBC column layout. which: SQL_API_* id. */
SQLRETURN cat_empty(drv_stmt *s, SQLUSMALLINT which);
SQLRETURN cat_primary_keys(drv_stmt *s, cat_arg cat, cat_arg sch,
                           cat_arg tab);
SQLRETURN cat_foreign_keys(drv_stmt *s, cat_arg pc, cat_arg ps, cat_arg pt,
                           cat_arg fc, cat_arg fs, cat_arg ft);
SQLRETURN cat_statistics(drv_stmt *s, cat_arg cat, cat_arg sch, cat_arg tab,
                         SQLUSMALLINT unique, SQLUSMALLINT reserved);
SQLRETURN cat_special_columns(drv_stmt *s, SQLUSMALLINT idtype, cat_arg cat,
                              cat_arg sch, cat_arg tab, SQLUSMALLINT scope,
                              SQLUSMALLINT nullable);

/* --------------------------------------------------------- unicode.c */

/*
 * UTF-16LE (SQLWCHAR) <-> UTF-8. uc_to_utf8 converts len characters
 * (SQL_NTS: up to the NUL) into a new eng_malloc'ed string (*ok false on
 * OOM; a NULL input gives NULL with *ok true). Byte length in *outlen.
 */
char *uc_to_utf8(const SQLWCHAR *w, SQLLEN len, size_t *outlen, bool *ok);
/* Number of UTF-16 units needed for the UTF-8 string s (len bytes). */
size_t uc_utf16_len(const char *s, size_t len);
/*
 * Writes the UTF-8 string s as UTF-16 into buf of cap characters
 * (NUL-terminated when cap > 0, never splitting a surrogate pair).
 * Returns the number of units written (without NUL); *total gets the
 * full length in units.
 */
size_t uc_from_utf8(const char *s, size_t len, SQLWCHAR *buf, size_t cap,
                    size_t *total);

/*
 * Writes the UTF-8 string s into the SQLWCHAR buffer buf. cap and *outlen
 * count characters, or bytes when `bytes` (as SQLGetInfoW & co. do).
 * NUL-terminates when room allows. Records 01004 on d and returns
 * SQL_SUCCESS_WITH_INFO when the text was cut, else SQL_SUCCESS.
 */
SQLRETURN uc_put(diag_list *d, const char *s, SQLWCHAR *buf, SQLLEN cap,
                 bool bytes, SQLLEN *outlen);

#endif
