/*
 * engine/connector/trino/trino_client.c
 *   Trino's client protocol over libcurl: POST /v1/statement, then GET
 *   each nextUri until there is none; DELETE nextUri to stop a query.
 * Interface: see trino_client.h.
 * Not here: the JSON documents (trino_json.c).
 *
 * Session state follows the server: the response headers
 * X-Trino-Set-Catalog/-Schema (USE), -Set-Session/-Clear-Session,
 * -Added-Prepare/-Deallocated-Prepare and -Started-Transaction-Id/
 * -Clear-Transaction-Id update the client, and every request sends the
 * current state back (X-Trino-Catalog, -Schema, -Session,
 * -Prepared-Statement, -Transaction-Id). Values travel URL-encoded both
 * ways, so they are stored exactly as received.
 *
 * Threads: the client's state is guarded by its mutex (statements of one
 * connection may run on several threads). Each query owns its curl handle;
 * trino_query_cancel, from any thread, sets the query's flag (read by the
 * transfer's progress callback, which aborts the transfer) and sends the
 * DELETE on a handle of its own.
 *
 * Secrets: the password and the token go only into curl options; no error
 * message or trace contains them.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <curl/curl.h>
#include "trino_client.h"

#define TRINO_MAX_RETRIES 5
#define TRINO_MAX_BODY (256u * 1024 * 1024)

typedef struct kv {
    char *k, *v;
} kv;

typedef struct kv_list {
    int n, cap;
    kv *items;
} kv_list;

struct trino_client {
    pthread_mutex_t mu;
    char *url, *user, *password, *token, *ca_file;
    char *time_zone;                /* X-Trino-Time-Zone, or NULL */
    bool verify_peer, verify_host;
    unsigned connect_timeout_s;
    char *catalog, *schema, *txn;   /* eng_malloc'ed, NULL if unset */
    kv_list session;                /* properties, URL-encoded values */
    kv_list prepared;               /* name -> URL-encoded statement */
};

struct trino_query {
    trino_client *c;
    CURL *h;
    eng_arena *arena;       /* query lifetime: columns */
    eng_arena *doc_arena;   /* the current document's strings */
    trino_doc doc;          /* current document (rows not yet returned) */
    int doc_row;            /* next row of doc to return */
    pthread_mutex_t mu;     /* guards next_uri against trino_query_cancel */
    char *next_uri;         /* eng_malloc'ed; NULL once finished */
    bool have_cols;
    int ncols;
    trino_col *cols;
    int64_t update_count;
    char *update_type;
    int64_t deadline_ms;
    unsigned timeout_s;
    volatile int *cancelled;   /* the execution's flag (atomic), or NULL */
    int line_offset;           /* lines of client text before the user's */
    int cancel_flag;           /* trino_query_cancel (atomic) */
    bool failed;
};

/* ---------------------------------------------------------------- helpers */

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static char *dupn(const char *s, size_t n)
{
    char *d = eng_malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

static char *dup0(const char *s) { return s ? dupn(s, strlen(s)) : NULL; }

static void kv_clear(kv_list *l)
{
    for (int i = 0; i < l->n; i++) {
        eng_free(l->items[i].k);
        eng_free(l->items[i].v);
    }
    eng_free(l->items);
    memset(l, 0, sizeof *l);
}

static void kv_remove(kv_list *l, const char *k, size_t klen)
{
    for (int i = 0; i < l->n; i++)
        if (strlen(l->items[i].k) == klen && !memcmp(l->items[i].k, k, klen)) {
            eng_free(l->items[i].k);
            eng_free(l->items[i].v);
            l->items[i] = l->items[--l->n];
            return;
        }
}

/* Sets k=v (replacing); false on OOM (the list is unchanged then). */
static bool kv_set(kv_list *l, const char *k, size_t klen, const char *v,
                   size_t vlen)
{
    char *nk = dupn(k, klen), *nv = dupn(v, vlen);
    if (!nk || !nv) {
        eng_free(nk);
        eng_free(nv);
        return false;
    }
    kv_remove(l, k, klen);
    if (l->n == l->cap) {
        int cap = l->cap ? l->cap * 2 : 4;
        kv *it = eng_realloc(l->items, (size_t)cap * sizeof(kv));
        if (!it) {
            eng_free(nk);
            eng_free(nv);
            return false;
        }
        l->items = it;
        l->cap = cap;
    }
    l->items[l->n++] = (kv){nk, nv};
    return true;
}

static void set_field(char **dst, const char *s, size_t n)
{
    char *d = n ? dupn(s, n) : NULL;
    if (n && !d)
        return;  /* OOM: keep the old value; the next request still works */
    eng_free(*dst);
    *dst = d;
}

/* ---------------------------------------------------------------- client */

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static CURLcode curl_init_rc = CURLE_OK;
static void init_curl(void) { curl_init_rc = curl_global_init(CURL_GLOBAL_DEFAULT); }

eng_rc trino_client_open(const trino_cfg *cfg, trino_client **out,
                         eng_error *err)
{
    *out = NULL;
    pthread_once(&curl_once, init_curl);
    if (curl_init_rc != CURLE_OK)
        return eng_err_set(err, ENG_ERR_CONNECTION_FAILED, 0,
                           "could not initialise libcurl: %s",
                           curl_easy_strerror(curl_init_rc));
    if (!cfg->url || !*cfg->url)
        return eng_err_set(err, ENG_ERR_CONNECTION_FAILED, 0,
                           "Trino mode needs a server: set Server= (e.g. http://localhost:8080)");
    bool https = !strncasecmp(cfg->url, "https://", 8);
    if (!https && strncasecmp(cfg->url, "http://", 7))
        return eng_err_set(err, ENG_ERR_CONNECTION_FAILED, 0,
                           "Trino server address must start with http:// or https://");
    if (cfg->password && *cfg->password && !https)
        return eng_err_set(err, ENG_ERR_INVALID_AUTHORIZATION, 0,
                           "a password is only sent over HTTPS: use an https:// server address");
    if (!cfg->user || !*cfg->user)
        return eng_err_set(err, ENG_ERR_INVALID_AUTHORIZATION, 0,
                           "Trino mode needs a user name (UID= or User=)");
    trino_client *c = eng_calloc(1, sizeof *c);
    if (!c)
        return eng_err_oom(err);
    pthread_mutex_init(&c->mu, NULL);
    size_t ulen = strlen(cfg->url);
    while (ulen > 0 && cfg->url[ulen - 1] == '/')
        ulen--;
    c->url = dupn(cfg->url, ulen);
    c->user = dup0(cfg->user);
    c->password = cfg->password && *cfg->password ? dup0(cfg->password) : NULL;
    c->token = cfg->access_token && *cfg->access_token ? dup0(cfg->access_token) : NULL;
    c->ca_file = cfg->ca_file && *cfg->ca_file ? dup0(cfg->ca_file) : NULL;
    c->catalog = cfg->catalog && *cfg->catalog ? dup0(cfg->catalog) : NULL;
    c->schema = cfg->schema && *cfg->schema ? dup0(cfg->schema) : NULL;
    c->time_zone = cfg->time_zone && *cfg->time_zone ? dup0(cfg->time_zone) : NULL;
    c->verify_peer = cfg->verify_peer;
    c->verify_host = cfg->verify_host;
    c->connect_timeout_s = cfg->connect_timeout_s ? cfg->connect_timeout_s : 10;
    if (!c->url || !c->user || (cfg->password && *cfg->password && !c->password) ||
        (cfg->access_token && *cfg->access_token && !c->token) ||
        (cfg->ca_file && *cfg->ca_file && !c->ca_file) ||
        (cfg->catalog && *cfg->catalog && !c->catalog) ||
        (cfg->schema && *cfg->schema && !c->schema) ||
        (cfg->time_zone && *cfg->time_zone && !c->time_zone)) {
        trino_client_close(c);
        return eng_err_oom(err);
    }
    *out = c;
    return ENG_OK;
}

void trino_client_close(trino_client *c)
{
    if (!c)
        return;
    eng_free(c->url);
    eng_free(c->user);
    eng_free(c->time_zone);
    if (c->password) {
        memset(c->password, 0, strlen(c->password));
        eng_free(c->password);
    }
    if (c->token) {
        memset(c->token, 0, strlen(c->token));
        eng_free(c->token);
    }
    eng_free(c->ca_file);
    eng_free(c->catalog);
    eng_free(c->schema);
    eng_free(c->txn);
    kv_clear(&c->session);
    kv_clear(&c->prepared);
    pthread_mutex_destroy(&c->mu);
    eng_free(c);
}

eng_rc trino_client_set_default(trino_client *c, const char *catalog,
                                const char *schema, eng_error *err)
{
    char *nc = catalog && *catalog ? dup0(catalog) : NULL;
    char *ns = schema && *schema ? dup0(schema) : NULL;
    if ((catalog && *catalog && !nc) || (schema && *schema && !ns)) {
        eng_free(nc);
        eng_free(ns);
        return eng_err_oom(err);
    }
    pthread_mutex_lock(&c->mu);
    eng_free(c->catalog);
    eng_free(c->schema);
    c->catalog = nc;
    c->schema = ns;
    pthread_mutex_unlock(&c->mu);
    return ENG_OK;
}

void trino_client_forget_prepared(trino_client *c, const char *name)
{
    pthread_mutex_lock(&c->mu);
    kv_remove(&c->prepared, name, strlen(name));
    pthread_mutex_unlock(&c->mu);
}

static void copy_out(trino_client *c, char *const *field, char *buf, size_t cap)
{
    pthread_mutex_lock(&c->mu);
    snprintf(buf, cap, "%s", *field ? *field : "");
    pthread_mutex_unlock(&c->mu);
}

bool trino_client_in_txn(trino_client *c)
{
    pthread_mutex_lock(&c->mu);
    bool in = c->txn != NULL;
    pthread_mutex_unlock(&c->mu);
    return in;
}

void trino_client_clear_txn(trino_client *c)
{
    pthread_mutex_lock(&c->mu);
    eng_free(c->txn);
    c->txn = NULL;
    pthread_mutex_unlock(&c->mu);
}

void trino_client_catalog(trino_client *c, char *buf, size_t cap)
{
    copy_out(c, &c->catalog, buf, cap);
}

void trino_client_schema(trino_client *c, char *buf, size_t cap)
{
    copy_out(c, &c->schema, buf, cap);
}

/* ------------------------------------------------------------- transfers */

typedef struct xfer {
    trino_client *c;
    trino_query *q;        /* for cancel/deadline; NULL for DELETE */
    char *body;
    size_t len, cap;
    bool too_big;
    bool oom;
} xfer;

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *ud)
{
    xfer *x = ud;
    size_t n = size * nmemb;
    if (x->len + n + 1 > TRINO_MAX_BODY) {
        x->too_big = true;
        return 0;
    }
    if (x->len + n + 1 > x->cap) {
        size_t cap = x->cap ? x->cap : 16384;
        while (cap < x->len + n + 1)
            cap *= 2;
        char *b = eng_realloc(x->body, cap);
        if (!b) {
            x->oom = true;
            return 0;
        }
        x->body = b;
        x->cap = cap;
    }
    memcpy(x->body + x->len, ptr, n);
    x->len += n;
    x->body[x->len] = '\0';
    return n;
}

/* Applies one X-Trino-* response header to the client's session state. */
static void apply_header(trino_client *c, const char *name, size_t nlen,
                         const char *val, size_t vlen)
{
#define IS(h) (nlen == sizeof(h) - 1 && !strncasecmp(name, h, nlen))
    const char *eq = memchr(val, '=', vlen);
    pthread_mutex_lock(&c->mu);
    if (IS("X-Trino-Set-Catalog"))
        set_field(&c->catalog, val, vlen);
    else if (IS("X-Trino-Set-Schema"))
        set_field(&c->schema, val, vlen);
    else if (IS("X-Trino-Set-Session") && eq)
        kv_set(&c->session, val, (size_t)(eq - val), eq + 1, vlen - (size_t)(eq - val) - 1);
    else if (IS("X-Trino-Clear-Session"))
        kv_remove(&c->session, val, vlen);
    else if (IS("X-Trino-Added-Prepare") && eq)
        kv_set(&c->prepared, val, (size_t)(eq - val), eq + 1, vlen - (size_t)(eq - val) - 1);
    else if (IS("X-Trino-Deallocated-Prepare"))
        kv_remove(&c->prepared, val, vlen);
    else if (IS("X-Trino-Started-Transaction-Id"))
        set_field(&c->txn, val, vlen);
    else if (IS("X-Trino-Clear-Transaction-Id"))
        set_field(&c->txn, val, 0);
    pthread_mutex_unlock(&c->mu);
#undef IS
}

static size_t on_header(char *buf, size_t size, size_t nitems, void *ud)
{
    xfer *x = ud;
    size_t n = size * nitems;
    const char *colon = memchr(buf, ':', n);
    if (colon && n > 8 && !strncasecmp(buf, "X-Trino-", 8)) {
        size_t nlen = (size_t)(colon - buf);
        const char *v = colon + 1, *e = buf + n;
        while (v < e && (*v == ' ' || *v == '\t'))
            v++;
        while (e > v && (e[-1] == '\r' || e[-1] == '\n' || e[-1] == ' '))
            e--;
        apply_header(x->c, buf, nlen, v, (size_t)(e - v));
    }
    return n;
}

static int on_progress(void *ud, curl_off_t dt, curl_off_t dn, curl_off_t ut,
                       curl_off_t un)
{
    (void)dt; (void)dn; (void)ut; (void)un;
    xfer *x = ud;
    trino_query *q = x->q;
    if (!q)
        return 0;
    if (__atomic_load_n(&q->cancel_flag, __ATOMIC_ACQUIRE) ||
        (q->cancelled && __atomic_load_n(q->cancelled, __ATOMIC_ACQUIRE)))
        return 1;
    if (q->deadline_ms > 0 && now_ms() >= q->deadline_ms)
        return 1;
    return 0;
}

/* Appends "Name: value" to the header list; false on OOM. */
static bool add_header(struct curl_slist **h, const char *name, const char *v)
{
    size_t n = strlen(name) + strlen(v) + 3;
    char *line = eng_malloc(n);
    if (!line)
        return false;
    snprintf(line, n, "%s: %s", name, v);
    struct curl_slist *t = curl_slist_append(*h, line);
    eng_free(line);
    if (!t)
        return false;
    *h = t;
    return true;
}

/* The request headers of the current session state; NULL on OOM. */
static struct curl_slist *session_headers(trino_client *c, bool *ok)
{
    struct curl_slist *h = NULL;
    *ok = true;
    pthread_mutex_lock(&c->mu);
    *ok = add_header(&h, "X-Trino-User", c->user) &&
          add_header(&h, "X-Trino-Source", "MeshODBC") &&
          /* without it Trino renders every time and timestamp with three
           * fractional digits (its legacy form), not with the type's p */
          add_header(&h, "X-Trino-Client-Capabilities", "PARAMETRIC_DATETIME") &&
          (!c->catalog || add_header(&h, "X-Trino-Catalog", c->catalog)) &&
          (!c->schema || add_header(&h, "X-Trino-Schema", c->schema)) &&
          /* the session zone (TimeZone=, else the client's), as the
           * embedded engine has it: current_timezone(), literals and
           * casts without a zone follow it on the server too */
          (!c->time_zone || add_header(&h, "X-Trino-Time-Zone", c->time_zone)) &&
          /* "NONE" declares that this client follows transactions:
           * without it Trino refuses START TRANSACTION
           * (INCOMPATIBLE_CLIENT "Client does not support transactions") */
          add_header(&h, "X-Trino-Transaction-Id", c->txn ? c->txn : "NONE");
    for (int i = 0; *ok && i < c->session.n; i++) {
        size_t n = strlen(c->session.items[i].k) + strlen(c->session.items[i].v) + 2;
        char *p = eng_malloc(n);
        *ok = p != NULL;
        if (p) {
            snprintf(p, n, "%s=%s", c->session.items[i].k, c->session.items[i].v);
            *ok = add_header(&h, "X-Trino-Session", p);
            eng_free(p);
        }
    }
    for (int i = 0; *ok && i < c->prepared.n; i++) {
        size_t n = strlen(c->prepared.items[i].k) + strlen(c->prepared.items[i].v) + 2;
        char *p = eng_malloc(n);
        *ok = p != NULL;
        if (p) {
            snprintf(p, n, "%s=%s", c->prepared.items[i].k, c->prepared.items[i].v);
            *ok = add_header(&h, "X-Trino-Prepared-Statement", p);
            eng_free(p);
        }
    }
    if (*ok && c->token) {
        size_t n = strlen(c->token) + 8;
        char *p = eng_malloc(n);
        *ok = p != NULL;
        if (p) {
            snprintf(p, n, "Bearer %s", c->token);
            *ok = add_header(&h, "Authorization", p);
            memset(p, 0, n);
            eng_free(p);
        }
    }
    pthread_mutex_unlock(&c->mu);
    if (*ok)
        *ok = add_header(&h, "Content-Type", "text/plain; charset=utf-8");
    return h;
}

static void setup_handle(trino_client *c, CURL *h)
{
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, (long)c->connect_timeout_s);
    /* a server that stops sending for a minute is gone */
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, 60L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, c->verify_peer ? 1L : 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, c->verify_host ? 2L : 0L);
    if (c->ca_file)
        curl_easy_setopt(h, CURLOPT_CAINFO, c->ca_file);
    if (c->password) {
        curl_easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
        curl_easy_setopt(h, CURLOPT_USERNAME, c->user);
        curl_easy_setopt(h, CURLOPT_PASSWORD, c->password);
    }
    curl_easy_setopt(h, CURLOPT_USERAGENT, "MeshODBC");
}

/*
 * One request (method "POST" with body, "GET" or "DELETE") on handle h.
 * Fills x with the response body; *status with the HTTP status. Retries
 * 502/503/504 a few times with a short back-off. Transport errors:
 * 08001 when nothing was received yet in this query (first), else 08S01;
 * cancel and deadline: HY008 / HYT00.
 */
static eng_rc request(trino_client *c, trino_query *q, CURL *h,
                      const char *method, const char *url, const char *body,
                      size_t blen, bool first, xfer *x, long *status,
                      eng_error *err)
{
    for (int attempt = 0;; attempt++) {
        bool ok;
        struct curl_slist *hdrs = session_headers(c, &ok);
        if (!ok) {
            curl_slist_free_all(hdrs);
            return eng_err_oom(err);
        }
        x->len = 0;
        x->too_big = x->oom = false;
        curl_easy_reset(h);
        setup_handle(c, h);
        curl_easy_setopt(h, CURLOPT_URL, url);
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
        curl_easy_setopt(h, CURLOPT_WRITEDATA, x);
        curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
        curl_easy_setopt(h, CURLOPT_HEADERDATA, x);
        curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
        curl_easy_setopt(h, CURLOPT_XFERINFODATA, x);
        curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
        if (!strcmp(method, "POST")) {
            curl_easy_setopt(h, CURLOPT_POST, 1L);
            curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
            curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)blen);
        } else if (!strcmp(method, "DELETE")) {
            curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "DELETE");
            curl_easy_setopt(h, CURLOPT_TIMEOUT, 5L);  /* best effort */
        }
        CURLcode cc = curl_easy_perform(h);
        curl_slist_free_all(hdrs);
        *status = 0;
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, status);
        if (cc == CURLE_ABORTED_BY_CALLBACK && q) {
            if (__atomic_load_n(&q->cancel_flag, __ATOMIC_ACQUIRE) ||
                (q->cancelled && __atomic_load_n(q->cancelled, __ATOMIC_ACQUIRE)))
                return eng_err_set(err, ENG_ERR_OPERATION_CANCELED, 0,
                                   "Query was canceled");
            return eng_err_set(err, ENG_ERR_TIMEOUT, 0,
                               "Query exceeded the timeout of %u seconds",
                               q->timeout_s);
        }
        if (x->oom)
            return eng_err_oom(err);
        if (x->too_big)
            return eng_err_set(err, ENG_ERR_PROTOCOL_VIOLATION, 0,
                               "Trino response larger than %u bytes",
                               TRINO_MAX_BODY);
        if (cc != CURLE_OK) {
            /* the server's address is not a secret; credentials never
             * appear in curl_easy_strerror's text */
            return eng_err_set(err, first ? ENG_ERR_CONNECTION_FAILED
                                          : ENG_ERR_COMMUNICATION_LINK_FAILURE,
                               0, "Trino server %s: %s", c->url,
                               curl_easy_strerror(cc));
        }
        if ((*status == 502 || *status == 503 || *status == 504) &&
            attempt < TRINO_MAX_RETRIES) {
            int64_t wait = 100LL << attempt;
            if (q && q->deadline_ms > 0 && now_ms() + wait >= q->deadline_ms)
                return eng_err_set(err, ENG_ERR_TIMEOUT, 0,
                                   "Query exceeded the timeout of %u seconds",
                                   q->timeout_s);
            struct timespec ts = {(time_t)(wait / 1000), (long)(wait % 1000) * 1000000L};
            nanosleep(&ts, NULL);
            continue;
        }
        return ENG_OK;
    }
}

/* Turns a non-200 reply into an error. */
static eng_rc http_error(trino_client *c, long status, const xfer *x,
                         eng_error *err)
{
    if (status == 401)
        return eng_err_set(err, ENG_ERR_INVALID_AUTHORIZATION, 0,
                           "Trino server %s refused the credentials of user '%s' (HTTP 401)",
                           c->url, c->user);
    if (status == 403)
        return eng_err_set(err, ENG_ERR_INSUFFICIENT_PRIVILEGE, 0,
                           "Trino server %s: access denied (HTTP 403)", c->url);
    int n = x->len > 200 ? 200 : (int)x->len;
    return eng_err_set(err, ENG_ERR_COMMUNICATION_LINK_FAILURE, 0,
                       "Trino server %s answered HTTP %ld: %.*s", c->url,
                       status, n, x->body ? x->body : "");
}

/* ---------------------------------------------------------------- queries */

/* Replaces q->next_uri (under q->mu). */
static void set_next(trino_query *q, char *uri)
{
    pthread_mutex_lock(&q->mu);
    eng_free(q->next_uri);
    q->next_uri = uri;
    pthread_mutex_unlock(&q->mu);
}

/* Takes in the document in x: columns, update count, error, rows. */
static eng_rc take_doc(trino_query *q, xfer *x, eng_error *err)
{
    trino_doc_free(&q->doc);
    eng_arena_reset(q->doc_arena);
    q->doc_row = 0;
    eng_rc rc = trino_doc_parse(x->body ? x->body : "", x->len,
                                q->line_offset, q->doc_arena, &q->doc, err);
    if (rc != ENG_OK)
        return rc;
    char *next = NULL;
    if (q->doc.next_uri && !(next = dup0(q->doc.next_uri)))
        return eng_err_oom(err);
    set_next(q, next);
    if (q->doc.has_error) {
        if (err)
            *err = q->doc.error;
        return ENG_ERROR;
    }
    if (q->doc.has_update_count)
        q->update_count = q->doc.update_count;
    if (q->doc.update_type && !q->update_type &&
        !(q->update_type = eng_arena_strdup(q->arena, q->doc.update_type)))
        return eng_err_oom(err);
    if (q->doc.has_columns && !q->have_cols) {
        q->ncols = q->doc.ncols;
        q->cols = q->ncols ? eng_arena_calloc(q->arena, (size_t)q->ncols * sizeof(trino_col)) : NULL;
        if (q->ncols && !q->cols)
            return eng_err_oom(err);
        for (int i = 0; i < q->ncols; i++) {
            q->cols[i] = q->doc.cols[i];
            q->cols[i].name = eng_arena_strdup(q->arena, q->doc.cols[i].name);
            q->cols[i].trino_type = eng_arena_strdup(q->arena, q->doc.cols[i].trino_type);
            if (!q->cols[i].name || !q->cols[i].trino_type)
                return eng_err_oom(err);
        }
        q->have_cols = true;
    }
    if (q->doc.nrows > 0 && !q->have_cols)
        return eng_err_set(err, ENG_ERR_PROTOCOL_VIOLATION, 0,
                           "Trino returned rows before their columns");
    return ENG_OK;
}

/* GETs the next document; false in *more when the query is finished. */
static eng_rc advance(trino_query *q, eng_error *err)
{
    xfer x = {.c = q->c, .q = q};
    long status;
    char *uri;
    pthread_mutex_lock(&q->mu);
    uri = q->next_uri ? dup0(q->next_uri) : NULL;
    pthread_mutex_unlock(&q->mu);
    if (!uri)
        return ENG_OK;
    eng_rc rc = request(q->c, q, q->h, "GET", uri, NULL, 0, false, &x, &status, err);
    eng_free(uri);
    if (rc == ENG_OK && status != 200)
        rc = http_error(q->c, status, &x, err);
    if (rc == ENG_OK)
        rc = take_doc(q, &x, err);
    eng_free(x.body);
    return rc;
}

static bool has_next(trino_query *q)
{
    pthread_mutex_lock(&q->mu);
    bool r = q->next_uri != NULL;
    pthread_mutex_unlock(&q->mu);
    return r;
}

eng_rc trino_query_start(trino_client *c, const char *sql, size_t len,
                         int line_offset, int64_t deadline_ms,
                         volatile int *cancelled, unsigned timeout_s,
                         trino_query **out, eng_error *err)
{
    *out = NULL;
    trino_query *q = eng_calloc(1, sizeof *q);
    if (!q)
        return eng_err_oom(err);
    pthread_mutex_init(&q->mu, NULL);
    q->c = c;
    q->update_count = -1;
    q->deadline_ms = deadline_ms;
    q->cancelled = cancelled;
    q->timeout_s = timeout_s;
    q->line_offset = line_offset;
    q->arena = eng_arena_create();
    q->doc_arena = eng_arena_create();
    q->h = curl_easy_init();
    if (!q->arena || !q->doc_arena || !q->h) {
        trino_query_close(q);
        return eng_err_oom(err);
    }
    size_t ulen = strlen(c->url) + sizeof "/v1/statement";
    char *url = eng_malloc(ulen);
    if (!url) {
        trino_query_close(q);
        return eng_err_oom(err);
    }
    snprintf(url, ulen, "%s/v1/statement", c->url);
    xfer x = {.c = c, .q = q};
    long status;
    eng_rc rc = request(c, q, q->h, "POST", url, sql, len, true, &x, &status, err);
    eng_free(url);
    if (rc == ENG_OK && status != 200)
        rc = http_error(c, status, &x, err);
    if (rc == ENG_OK)
        rc = take_doc(q, &x, err);
    eng_free(x.body);
    /* follow nextUri until the result's shape is known */
    while (rc == ENG_OK && !q->have_cols && q->update_count < 0 && has_next(q))
        rc = advance(q, err);
    if (rc != ENG_OK) {
        q->failed = true;
        trino_query_close(q);
        return rc;
    }
    *out = q;
    return ENG_OK;
}

int trino_query_columns(const trino_query *q, const trino_col **cols)
{
    *cols = q->cols;
    return q->have_cols ? q->ncols : 0;
}

eng_rc trino_query_next(trino_query *q, eng_arena *a, eng_batch **out,
                        eng_error *err)
{
    *out = NULL;
    for (;;) {
        if (q->doc_row < q->doc.nrows) {
            int n = q->doc.nrows - q->doc_row;
            if (n > ENG_BATCH_CAP)
                n = ENG_BATCH_CAP;
            eng_type *types = eng_arena_alloc(a, (size_t)(q->ncols ? q->ncols : 1) * sizeof(eng_type));
            if (!types)
                return eng_err_oom(err);
            for (int i = 0; i < q->ncols; i++)
                types[i] = q->cols[i].type;
            eng_batch *b = eng_batch_create(a, q->ncols, types, n);
            if (!b)
                return eng_err_oom(err);
            eng_rc rc = trino_doc_rows(&q->doc, q->doc_row, n, q->cols, q->ncols, b, err);
            if (rc != ENG_OK)
                return rc;
            q->doc_row += n;
            *out = b;
            return ENG_OK;
        }
        if (!has_next(q))
            return ENG_OK;
        eng_rc rc = advance(q, err);
        if (rc != ENG_OK)
            return rc;
    }
}

int64_t trino_query_update_count(const trino_query *q) { return q->update_count; }

const char *trino_query_update_type(const trino_query *q) { return q->update_type; }

/* DELETE uri on a fresh handle, bounded to a few seconds; errors ignored
 * (the server forgets abandoned queries by itself). */
static void send_delete(trino_client *c, const char *uri)
{
    CURL *h = curl_easy_init();
    if (!h)
        return;
    xfer x = {.c = c};
    long status;
    eng_error e;
    eng_err_clear(&e);
    (void)request(c, NULL, h, "DELETE", uri, NULL, 0, false, &x, &status, &e);
    eng_free(x.body);
    curl_easy_cleanup(h);
}

void trino_query_cancel(trino_query *q)
{
    if (!q)
        return;
    __atomic_store_n(&q->cancel_flag, 1, __ATOMIC_RELEASE);
    pthread_mutex_lock(&q->mu);
    char *uri = q->next_uri ? dup0(q->next_uri) : NULL;
    pthread_mutex_unlock(&q->mu);
    if (uri) {
        send_delete(q->c, uri);
        eng_free(uri);
    }
}

void trino_query_close(trino_query *q)
{
    if (!q)
        return;
    if (q->next_uri && q->c && q->h)
        send_delete(q->c, q->next_uri);
    eng_free(q->next_uri);
    trino_doc_free(&q->doc);
    if (q->h)
        curl_easy_cleanup(q->h);
    eng_arena_destroy(q->arena);
    eng_arena_destroy(q->doc_arena);
    pthread_mutex_destroy(&q->mu);
    eng_free(q);
}
