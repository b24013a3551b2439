/*
 * engine/session/session_props.c
 *   Session properties: the names SET SESSION, RESET SESSION and SHOW
 *   SESSION know, their types, defaults and descriptions, and what each
 *   changes in the session (optimizer rule switches, the query memory
 *   limit, the recursion depth of WITH RECURSIVE, rule scan_split's
 *   ranges and page threshold).
 * Interface: sess_prop_count, sess_prop_info_at, sess_prop_find,
 *   sess_prop_set, sess_prop_reset, sess_prop_value, sess_prop_default,
 *   sess_prop_dsn_snapshot, sess_max_recursion_depth (session.h).
 * Not here: parsing the statements (parser/parse_session.c), binding the
 *   value (binder/), the DSN keys that set the same things at connect time
 *   (session.c: sess_set_optimizer, sess_set_memory_limit).
 *
 * A property's default is the connection's value: what the DSN or the
 * connection string set (Optimizer=, QueryMemoryLimit=), else the
 * built-in default. RESET SESSION returns to it; SHOW SESSION shows it in
 * its Default column, as Trino shows the system default there.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "session.h"

/* One property: a rule switch (boolean: bit), the memory limit (varchar)
 * or an integer (which: max_recursion_depth, scan_split_ranges,
 * scan_split_min_pages, each with its bounds). */
enum { INT_RECURSION = 1, INT_SPLIT_RANGES, INT_SPLIT_MIN_PAGES };
typedef struct prop {
    sess_prop_info info;
    unsigned bit;              /* SESS_OPT_* switched off by `false` */
    int which;                 /* INT_*: an integer property */
    int64_t min, max;          /* an integer's bounds */
} prop;

static const prop props[] = {
    { { "build_side", SESS_PROP_BOOLEAN,
        "Build hash joins on the smaller input by the catalogs' row "
        "estimates (Optimizer= rule build_side)" },
      SESS_OPT_BUILD_SIDE, 0, 0, 0 },
    { { "dynamic_filter", SESS_PROP_BOOLEAN,
        "Send a hash join's build keys to the probe side's catalog before "
        "it is read (rule dynamic_filter)" },
      SESS_OPT_DYNAMIC_FILTER, 0, 0, 0 },
    { { "join_order", SESS_PROP_BOOLEAN,
        "Order inner joins by the catalogs' row estimates (rule "
        "join_order)" }, SESS_OPT_JOIN_ORDER, 0, 0, 0 },
    { { "local_agg", SESS_PROP_BOOLEAN,
        "Aggregate in the engine over a pushed scan when the catalogs' "
        "estimates say the groups are most of the rows (rule local_agg)" },
      SESS_OPT_LOCAL_AGG, 0, 0, 0 },
    { { "max_recursion_depth", SESS_PROP_INTEGER,
        "Maximum recursion depth for recursive common table expression "
        "(runs of the recursion step that may give rows; default 10)" }, 0,
      INT_RECURSION, 1, INT32_MAX },
    { { "parallel_scan", SESS_PROP_BOOLEAN,
        "Start every scan when the query starts, each on its own thread "
        "and connection (rule parallel_scan)" },
      SESS_OPT_PARALLEL_SCAN, 0, 0, 0 },
    { { "partial_agg", SESS_PROP_BOOLEAN,
        "Pre-aggregate one side of a cross-catalog join inside its catalog "
        "(rule partial_agg)" }, SESS_OPT_PARTIAL_AGG, 0, 0, 0 },
    { { "query_max_memory", SESS_PROP_VARCHAR,
        "Bytes one query's hash tables, sorts and windows may hold, e.g. "
        "'512MB' or '1GB'; '0B' = no limit (QueryMemoryLimit)" }, 0, 0, 0, 0 },
    { { "remote_subtree", SESS_PROP_BOOLEAN,
        "Run the largest subtrees that touch one catalog inside it (rule "
        "remote_subtree)" }, SESS_OPT_REMOTE_SUBTREE, 0, 0, 0 },
    { { "scan_split", SESS_PROP_BOOLEAN,
        "Read a large table's scan in ctid ranges over several connections "
        "sharing one snapshot (rule scan_split)" },
      SESS_OPT_SCAN_SPLIT, 0, 0, 0 },
    { { "scan_split_min_pages", SESS_PROP_INTEGER,
        "Estimated pages (relpages) from which a table's scan is split "
        "(rule scan_split); 0 splits every table, even one never "
        "analyzed" }, 0, INT_SPLIT_MIN_PAGES, 0, INT32_MAX },
    { { "scan_split_ranges", SESS_PROP_INTEGER,
        "Ranges (connections) a split scan is read in (rule scan_split; "
        "2 to 8)" }, 0, INT_SPLIT_RANGES, 2, PLAN_SPLIT_MAX },
    { { "shared_scan", SESS_PROP_BOOLEAN,
        "Read a remote query once when a plan sends the same one to the "
        "same catalog twice or more, feeding every use from one buffer "
        "(rule shared_scan)" }, SESS_OPT_SHARED_SCAN, 0, 0, 0 },
    { { "sort_pushdown", SESS_PROP_BOOLEAN,
        "Sort the probe side of hash joins inside its catalog instead of "
        "their output, keeping the probe order (rule sort_pushdown)" },
      SESS_OPT_SORT_PUSHDOWN, 0, 0, 0 },
    { { "spill", SESS_PROP_BOOLEAN,
        "Past a share of query_max_memory, sorts, hash aggregations and "
        "hash joins spill to temporary files instead of failing (53200)" },
      SESS_OPT_SPILL, 0, 0, 0 },
    { { "spill_directory", SESS_PROP_VARCHAR,
        "Directory of spill files; '' = $TMPDIR, else /tmp "
        "(SpillDirectory)" }, 0, 0, 0, 0 },
};
#define NPROPS ((int)(sizeof props / sizeof props[0]))

int sess_prop_count(void) { return NPROPS; }

const sess_prop_info *sess_prop_info_at(int i)
{
    return i >= 0 && i < NPROPS ? &props[i].info : NULL;
}

/*
 * The index of property `name` (case-insensitive, as Trino's unquoted
 * names), or -1 with 22023 "Session property '<name>' does not exist" in
 * err (err may be NULL). A qualified name (catalog.property) names a
 * catalog property, of which no connector has any.
 */
int sess_prop_find(const char *name, eng_error *err)
{
    for (int i = 0; name && i < NPROPS; i++)
        if (!strcasecmp(props[i].info.name, name))
            return i;
    if (err)
        eng_err_set(err, ENG_ERR_INVALID_PARAMETER_VALUE, 0,
                    "Session property '%s' does not exist", name ? name : "");
    return -1;
}

/* Renders a byte count as Trino prints a data size: the largest unit
 * that divides it (B, kB, MB, GB). */
static void size_text(int64_t n, char *buf, size_t len)
{
    static const char *const unit[] = { "B", "kB", "MB", "GB", "TB" };
    int u = 0;
    while (u < 4 && n > 0 && n % 1024 == 0) {
        n /= 1024;
        u++;
    }
    snprintf(buf, len, "%lld%s", (long long)n, unit[u]);
}

/* True for spill_directory, the one varchar property that is a path. */
static bool is_dir(int i)
{
    return !strcmp(props[i].info.name, "spill_directory");
}

/* A recursion depth as stored (0: never set, the default). */
static int depth_or_default(int d)
{
    return d > 0 ? d : SESS_MAX_RECURSION_DEFAULT;
}

int sess_max_recursion_depth(const eng_conn *c)
{
    return depth_or_default(c ? c->max_recursion_depth : 0);
}

/* An integer property's value in c (its connection's with dsn). */
static int64_t int_value(const eng_conn *c, int which, bool dsn)
{
    switch (which) {
    case INT_SPLIT_RANGES:
        return dsn ? c->split_ranges_dsn : c->split_ranges;
    case INT_SPLIT_MIN_PAGES:
        return dsn ? c->split_min_pages_dsn : c->split_min_pages;
    default:
        return depth_or_default(dsn ? c->max_recursion_depth_dsn
                                    : c->max_recursion_depth);
    }
}

/* The text of property i in session c (its connection's values with
 * dsn), in arena a. NULL on OOM. */
static char *value_text(const eng_conn *c, int i, bool dsn, eng_arena *a)
{
    char buf[64];
    unsigned off = dsn ? c->opt_off_dsn : c->opt_off;
    if (is_dir(i))
        return eng_arena_strdup(a, dsn ? c->spill_dir_dsn : c->spill_dir);
    if (props[i].info.type == SESS_PROP_BOOLEAN)
        return eng_arena_strdup(a, off & props[i].bit ? "false" : "true");
    if (props[i].info.type == SESS_PROP_INTEGER)
        snprintf(buf, sizeof buf, "%lld",
                 (long long)int_value(c, props[i].which, dsn));
    else
        size_text(dsn ? c->mem_limit_dsn : c->mem_limit, buf, sizeof buf);
    return eng_arena_strdup(a, buf);
}

char *sess_prop_value(const eng_conn *c, int i, eng_arena *a)
{
    return i >= 0 && i < NPROPS ? value_text(c, i, false, a) : NULL;
}

char *sess_prop_default(const eng_conn *c, int i, eng_arena *a)
{
    return i >= 0 && i < NPROPS ? value_text(c, i, true, a) : NULL;
}

/*
 * Parses a Trino data size ('1GB', '512MB', '64kB', '1024B', '0B'; also
 * the DSN key's forms '1g', '512m', plain bytes): a whole number, blanks,
 * an optional unit B, kB, MB, GB, TB (powers of 1024, any case). Returns
 * false for anything else, or past 2^62 bytes.
 */
static bool parse_size(const char *s, size_t len, int64_t *out)
{
    size_t i = 0;
    unsigned long long n = 0;
    int shift = 0;
    while (i < len && s[i] == ' ')
        i++;
    if (i == len || s[i] < '0' || s[i] > '9')
        return false;
    for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
        if (n > (1ULL << 52))
            return false;
        n = n * 10 + (unsigned)(s[i] - '0');
    }
    while (i < len && s[i] == ' ')
        i++;
    if (i < len) {
        switch (s[i]) {
        case 'k': case 'K': shift = 10; i++; break;
        case 'm': case 'M': shift = 20; i++; break;
        case 'g': case 'G': shift = 30; i++; break;
        case 't': case 'T': shift = 40; i++; break;
        default: break;
        }
        if (i < len && (s[i] == 'b' || s[i] == 'B'))
            i++;
    }
    while (i < len && s[i] == ' ')
        i++;
    if (i != len || (shift && n > (1ULL << (62 - shift))))
        return false;
    *out = (int64_t)(n << shift);
    return true;
}

/*
 * Sets property `name` of c to v; with c NULL only checks that it could.
 * Errors (22023, c unchanged): an unknown name; a value of another type
 * than the property's (boolean: a boolean; varchar: a varchar; integer:
 * an integer); NULL; a memory size that does not parse; a recursion depth
 * below 1 (Trino's message).
 */
eng_rc sess_prop_set(eng_conn *c, const char *name, const eng_value *v,
                     eng_error *err)
{
    int i = sess_prop_find(name, err);
    if (i < 0)
        return ENG_ERROR;
    const prop *p = &props[i];
    if (v->is_null)
        return eng_err_set(err, ENG_ERR_INVALID_PARAMETER_VALUE, 0,
                           "Session property '%s' cannot be set to NULL",
                           p->info.name);
    if (p->info.type == SESS_PROP_BOOLEAN) {
        if (v->type.id != ENG_T_BOOLEAN)
            return eng_err_set(err, ENG_ERR_INVALID_PARAMETER_VALUE, 0,
                               "Session property '%s' is boolean: its value "
                               "must be true or false", p->info.name);
        if (c)
            c->opt_off = v->u.b ? c->opt_off & ~p->bit : c->opt_off | p->bit;
        return ENG_OK;
    }
    if (p->info.type == SESS_PROP_INTEGER) {
        if (!eng_type_is_integer(v->type.id))
            return eng_err_set(err, ENG_ERR_INVALID_PARAMETER_VALUE, 0,
                               "Session property '%s' is integer: its value "
                               "must be an integer", p->info.name);
        if (v->u.i < p->min)
            return eng_err_set(err, ENG_ERR_INVALID_PARAMETER_VALUE, 0,
                               "%s must be equal or greater than %lld",
                               p->info.name, (long long)p->min);
        if (v->u.i > p->max)
            return eng_err_set(err, ENG_ERR_INVALID_PARAMETER_VALUE, 0,
                               "%s must be equal or greater than %lld and "
                               "at most %lld", p->info.name,
                               (long long)p->min, (long long)p->max);
        if (c && p->which == INT_SPLIT_RANGES)
            c->split_ranges = (int)v->u.i;
        else if (c && p->which == INT_SPLIT_MIN_PAGES)
            c->split_min_pages = (int)v->u.i;
        else if (c)
            c->max_recursion_depth = (int)v->u.i;
        return ENG_OK;
    }
    if (is_dir(i)) {
        if (v->type.id != ENG_T_VARCHAR)
            return eng_err_set(err, ENG_ERR_INVALID_PARAMETER_VALUE, 0,
                               "Session property '%s' is varchar: its value "
                               "must be a string", p->info.name);
        if (v->u.s.len >= SESS_SPILL_DIR_MAX ||
            memchr(v->u.s.ptr, '\0', v->u.s.len))
            return eng_err_set(err, ENG_ERR_INVALID_PARAMETER_VALUE, 0,
                               "Session property '%s' must be a path shorter "
                               "than %d bytes", p->info.name,
                               SESS_SPILL_DIR_MAX);
        if (c) {
            memcpy(c->spill_dir, v->u.s.ptr, v->u.s.len);
            c->spill_dir[v->u.s.len] = '\0';
        }
        return ENG_OK;
    }
    int64_t n;
    if (v->type.id != ENG_T_VARCHAR ||
        !parse_size(v->u.s.ptr, v->u.s.len, &n))
        return eng_err_set(err, ENG_ERR_INVALID_PARAMETER_VALUE, 0,
                           "Session property '%s' must be a data size such "
                           "as '512MB' or '1GB' ('0B' for no limit)",
                           p->info.name);
    if (c)
        c->mem_limit = n;
    return ENG_OK;
}

/* Returns property `name` of c to its default (file comment). 22023 for
 * an unknown name. */
eng_rc sess_prop_reset(eng_conn *c, const char *name, eng_error *err)
{
    int i = sess_prop_find(name, err);
    if (i < 0)
        return ENG_ERROR;
    if (props[i].info.type == SESS_PROP_BOOLEAN)
        c->opt_off = (c->opt_off & ~props[i].bit) |
                     (c->opt_off_dsn & props[i].bit);
    else if (props[i].which == INT_SPLIT_RANGES)
        c->split_ranges = c->split_ranges_dsn;
    else if (props[i].which == INT_SPLIT_MIN_PAGES)
        c->split_min_pages = c->split_min_pages_dsn;
    else if (props[i].info.type == SESS_PROP_INTEGER)
        c->max_recursion_depth = c->max_recursion_depth_dsn;
    else if (is_dir(i))
        memcpy(c->spill_dir, c->spill_dir_dsn, sizeof c->spill_dir);
    else
        c->mem_limit = c->mem_limit_dsn;
    return ENG_OK;
}

/* Records the connection's current switches and limit as the defaults
 * RESET SESSION returns to (called once the DSN keys are applied). */
void sess_prop_dsn_snapshot(eng_conn *c)
{
    c->opt_off_dsn = c->opt_off;
    c->mem_limit_dsn = c->mem_limit;
    c->max_recursion_depth_dsn = c->max_recursion_depth;
    c->split_ranges_dsn = c->split_ranges;
    c->split_min_pages_dsn = c->split_min_pages;
    memcpy(c->spill_dir_dsn, c->spill_dir, sizeof c->spill_dir);
}
