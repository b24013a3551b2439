/*
 * engine/types/tzone.c
 *   Time zones: zone keys (UTC, fixed offsets, IANA zone ids), a reader
 *   of the system's compiled tz database (TZif files under
 *   /usr/share/zoneinfo, package tzdata, RFC 8536) with the POSIX TZ rule
 *   of its footer, offsets at an instant and local time -> instant.
 * Interface: eng_tz_lookup, eng_tz_interval_key, eng_tz_offset_key, eng_tz_is_offset,
 *   eng_tz_key_offset_min, eng_tz_name, eng_tz_offset_at, eng_tz_abbrev,
 *   eng_tz_utc_of_local, eng_tz_local_us, eng_tz_utc_us, eng_tz_check_tzif.
 * Not here: the values that carry a zone (timestamp.c, cast.c).
 *
 * Why our own reader: the C library's zone support goes through the
 * process-wide TZ variable (setenv/tzset), which a driver loaded into
 * someone else's process must never touch, and ICU carries its own,
 * older copy of the tz database; the TZif format is small and stable.
 *
 * Zone keys (int32, stored in every value with a zone): 0 is UTC; 1..1681
 * are the fixed offsets -14:00..+14:00 (key = 841 + minutes; +00:00 is
 * UTC, as Trino's TimeZoneKey has it); ENG_TZ_NAMED_BASE + i is the i-th
 * named zone loaded by this process. Named zones are loaded on first use
 * into a process-wide registry (malloc, not an arena: the rules outlive
 * every session) behind a mutex, and never change afterwards, so a key
 * read from a value can be resolved without locking.
 *
 * Local -> instant follows java.time's ZonedDateTime.of, which Trino uses:
 * in a gap (spring forward) the local time moves later by the gap's
 * length; in an overlap (fall back) the earlier offset wins. Both mean
 * "use the offset in force before the transition".
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include "types.h"

#define MAX_ZONES 2048
#define MAX_TZIF (1 << 20)
#define MAX_OFF (26 * 3600)

typedef struct tz_rule_date {
    char kind;      /* 'M' month.week.day, 'J' julian 1..365, 'n' 0..365 */
    int m, w, d;    /* M: month, week (5 = last), weekday (0 = Sunday);
                       J/n: day in d */
    int32_t time;   /* seconds after local midnight (may be <0 or >24h) */
} tz_rule_date;

typedef struct tz_rule {
    bool present;
    bool has_dst;
    int32_t std_off, dst_off;   /* seconds east of UTC */
    char std_abbr[16], dst_abbr[16];
    tz_rule_date start, end;
} tz_rule;

typedef struct tz_zone {
    char *name;
    int ntrans, ntypes;
    int64_t *trans;     /* UTC seconds, ascending */
    uint8_t *idx;       /* type of each transition */
    int32_t *utoff;     /* per type */
    uint8_t *isdst;
    uint8_t *abbr;      /* per type: index into chars */
    char *chars;
    int nchars;
    tz_rule rule;
} tz_zone;

static pthread_mutex_t zones_mu = PTHREAD_MUTEX_INITIALIZER;
static tz_zone *zones[MAX_ZONES];
static int nzones;

/* ------------------------------------------------------------------ */
/* keys                                                                 */

int32_t eng_tz_offset_key(int minutes)
{
    if (minutes == 0)
        return ENG_TZ_UTC;
    return 841 + minutes;
}

bool eng_tz_is_offset(int32_t key)
{
    return key >= 0 && key < ENG_TZ_NAMED_BASE;
}

int eng_tz_key_offset_min(int32_t key)
{
    return key == ENG_TZ_UTC ? 0 : key - 841;
}

static const tz_zone *zone_of(int32_t key)
{
    int i = key - ENG_TZ_NAMED_BASE;
    if (i < 0 || i >= MAX_ZONES)
        return NULL;
    return zones[i];
}

int eng_tz_name(int32_t key, char *buf, size_t cap)
{
    if (key == ENG_TZ_UTC)
        return snprintf(buf, cap, "UTC");
    if (eng_tz_is_offset(key)) {
        int m = eng_tz_key_offset_min(key), a = m < 0 ? -m : m;
        return snprintf(buf, cap, "%c%02d:%02d", m < 0 ? '-' : '+', a / 60,
                        a % 60);
    }
    const tz_zone *z = zone_of(key);
    return snprintf(buf, cap, "%s", z ? z->name : "UTC");
}

/* ------------------------------------------------------------------ */
/* the POSIX TZ rule of a TZif footer                                   */

typedef struct pcur {
    const char *s;
    size_t n, i;
} pcur;

static bool pnum(pcur *c, int lo, int hi, int *out)
{
    int v = 0, k = 0;
    while (c->i < c->n && c->s[c->i] >= '0' && c->s[c->i] <= '9' && k < 4) {
        v = v * 10 + (c->s[c->i++] - '0');
        k++;
    }
    if (!k || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

static bool pabbr(pcur *c, char *out, size_t cap)
{
    size_t k = 0;
    if (c->i < c->n && c->s[c->i] == '<') {
        c->i++;
        while (c->i < c->n && c->s[c->i] != '>') {
            if (k + 1 < cap)
                out[k++] = c->s[c->i];
            c->i++;
        }
        if (c->i >= c->n)
            return false;
        c->i++;
    } else {
        while (c->i < c->n && ((c->s[c->i] >= 'A' && c->s[c->i] <= 'Z') ||
                               (c->s[c->i] >= 'a' && c->s[c->i] <= 'z'))) {
            if (k + 1 < cap)
                out[k++] = c->s[c->i];
            c->i++;
        }
    }
    out[k] = 0;
    return k >= 1;
}

/* [+-]hh[:mm[:ss]] into seconds (hours up to 167, as TZif v3 allows). */
static bool phms(pcur *c, int32_t *out)
{
    int sign = 1, h, m = 0, s = 0;
    if (c->i < c->n && (c->s[c->i] == '+' || c->s[c->i] == '-'))
        sign = c->s[c->i++] == '-' ? -1 : 1;
    if (!pnum(c, 0, 167, &h))
        return false;
    if (c->i < c->n && c->s[c->i] == ':') {
        c->i++;
        if (!pnum(c, 0, 59, &m))
            return false;
        if (c->i < c->n && c->s[c->i] == ':') {
            c->i++;
            if (!pnum(c, 0, 59, &s))
                return false;
        }
    }
    *out = sign * (h * 3600 + m * 60 + s);
    return true;
}

static bool pdate(pcur *c, tz_rule_date *d)
{
    d->time = 7200;
    if (c->i < c->n && c->s[c->i] == 'M') {
        c->i++;
        d->kind = 'M';
        if (!pnum(c, 1, 12, &d->m) || c->i >= c->n || c->s[c->i++] != '.' ||
            !pnum(c, 1, 5, &d->w) || c->i >= c->n || c->s[c->i++] != '.' ||
            !pnum(c, 0, 6, &d->d))
            return false;
    } else if (c->i < c->n && c->s[c->i] == 'J') {
        c->i++;
        d->kind = 'J';
        if (!pnum(c, 1, 365, &d->d))
            return false;
    } else {
        d->kind = 'n';
        if (!pnum(c, 0, 365, &d->d))
            return false;
    }
    if (c->i < c->n && c->s[c->i] == '/') {
        c->i++;
        if (!phms(c, &d->time))
            return false;
    }
    return true;
}

/* Parses a POSIX TZ string ("EST5EDT,M3.2.0,M11.1.0"); false if malformed. */
static bool parse_rule(const char *s, size_t n, tz_rule *r)
{
    pcur c = {s, n, 0};
    int32_t o;
    memset(r, 0, sizeof *r);
    if (!pabbr(&c, r->std_abbr, sizeof r->std_abbr) || !phms(&c, &o) ||
        o > MAX_OFF || o < -MAX_OFF)
        return false;
    r->std_off = -o;    /* POSIX counts west of UTC */
    if (c.i < c.n) {
        if (!pabbr(&c, r->dst_abbr, sizeof r->dst_abbr))
            return false;
        r->has_dst = true;
        r->dst_off = r->std_off + 3600;
        if (c.i < c.n && c.s[c.i] != ',') {
            if (!phms(&c, &o) || o > MAX_OFF || o < -MAX_OFF)
                return false;
            r->dst_off = -o;
        }
        if (c.i >= c.n || c.s[c.i++] != ',' || !pdate(&c, &r->start) ||
            c.i >= c.n || c.s[c.i++] != ',' || !pdate(&c, &r->end))
            return false;
    }
    if (c.i != c.n)
        return false;
    r->present = true;
    return true;
}

static bool leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Local seconds since 1970 of a rule date in year y. */
static int64_t rule_local(const tz_rule_date *d, int y)
{
    int64_t days;
    if (d->kind == 'M') {
        static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
                                      30, 31};
        int64_t first = eng_date_from_ymd(y, d->m, 1);
        int dow = (int)(((first + 4) % 7 + 7) % 7); /* 1970-01-01: Thursday */
        int day = 1 + (d->d - dow + 7) % 7 + (d->w - 1) * 7;
        int md = mdays[d->m - 1] + (d->m == 2 && leap(y));
        while (day > md)
            day -= 7;
        days = first + day - 1;
    } else if (d->kind == 'J') {
        int n = d->d - 1;
        if (leap(y) && n >= 59)
            n++;
        days = eng_date_from_ymd(y, 1, 1) + n;
    } else {
        days = eng_date_from_ymd(y, 1, 1) + d->d;
    }
    return days * 86400 + d->time;
}

/* Offset (and dst flag) of the rule at UTC second t. */
static int32_t rule_offset(const tz_rule *r, int64_t t, bool *dst)
{
    *dst = false;
    if (!r->has_dst)
        return r->std_off;
    int y, m, d;
    int64_t days = eng_floor_div64(t + r->std_off, 86400);
    if (days > 100000000 || days < -100000000)
        return r->std_off;
    eng_date_to_ymd((int32_t)days, &y, &m, &d);
    int64_t s = rule_local(&r->start, y) - r->std_off;
    int64_t e = rule_local(&r->end, y) - r->dst_off;
    bool in = s < e ? (t >= s && t < e) : !(t >= e && t < s);
    *dst = in;
    return in ? r->dst_off : r->std_off;
}

/* ------------------------------------------------------------------ */
/* TZif                                                                 */

static uint32_t be32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
           ((uint32_t)p[2] << 8) | p[3];
}

static int64_t be64(const uint8_t *p)
{
    return (int64_t)(((uint64_t)be32(p) << 32) | be32(p + 4));
}

typedef struct tzif_hdr {
    uint32_t isut, isstd, leap, time, type, chars;
} tzif_hdr;

static bool hdr(const uint8_t *p, size_t n, tzif_hdr *h, char *ver)
{
    if (n < 44 || memcmp(p, "TZif", 4))
        return false;
    *ver = (char)p[4];
    h->isut = be32(p + 20);
    h->isstd = be32(p + 24);
    h->leap = be32(p + 28);
    h->time = be32(p + 32);
    h->type = be32(p + 36);
    h->chars = be32(p + 40);
    if (h->type < 1 || h->type > 256 || h->chars < 1 || h->chars > 4096 ||
        h->time > 100000 || h->leap > 10000 ||
        (h->isut && h->isut != h->type) || (h->isstd && h->isstd != h->type))
        return false;
    return true;
}

static size_t body_len(const tzif_hdr *h, int tw)
{
    return (size_t)h->time * (size_t)(tw + 1) + (size_t)h->type * 6 + h->chars +
           (size_t)h->leap * (size_t)(tw + 4) + h->isstd + h->isut;
}

/*
 * Parses a TZif file (any version; the 64-bit block when there is one)
 * into a zone allocated with malloc (one block). Returns NULL if the data
 * is malformed; *oom is set on allocation failure.
 */
static tz_zone *parse_tzif(const uint8_t *p, size_t n, bool *oom)
{
    tzif_hdr h;
    char ver;
    int tw = 4;
    *oom = false;
    if (!hdr(p, n, &h, &ver))
        return NULL;
    size_t off = 44;
    if (ver >= '2') {
        size_t b1 = body_len(&h, 4);
        if (n - off < b1)
            return NULL;
        off += b1;
        if (!hdr(p + off, n - off, &h, &ver))
            return NULL;
        off += 44;
        tw = 8;
    }
    size_t bl = body_len(&h, tw);
    if (n - off < bl)
        return NULL;
    const uint8_t *t = p + off, *ix = t + (size_t)h.time * (size_t)tw,
                  *ty = ix + h.time, *ch = ty + (size_t)h.type * 6;
    tz_rule rule = {0};
    if (tw == 8) {
        size_t f = off + bl;
        if (f < n) {
            if (p[f] != '\n')
                return NULL;
            const uint8_t *nl = memchr(p + f + 1, '\n', n - f - 1);
            if (!nl)
                return NULL;
            size_t len = (size_t)(nl - (p + f + 1));
            if (len && !parse_rule((const char *)p + f + 1, len, &rule))
                return NULL;
        }
    }
    size_t need = sizeof(tz_zone) + (size_t)h.time * 9 + (size_t)h.type * 6 +
                  h.chars + 1 + 64;
    tz_zone *z = calloc(1, need);
    if (!z) {
        *oom = true;
        return NULL;
    }
    uint8_t *m = (uint8_t *)(z + 1);
    z->trans = (int64_t *)m;
    m += (size_t)h.time * 8;
    z->utoff = (int32_t *)m;
    m += (size_t)h.type * 4;
    z->idx = m;
    m += h.time;
    z->isdst = m;
    m += h.type;
    z->abbr = m;
    m += h.type;
    z->chars = (char *)m;
    z->ntrans = (int)h.time;
    z->ntypes = (int)h.type;
    z->nchars = (int)h.chars;
    z->rule = rule;
    for (uint32_t i = 0; i < h.time; i++) {
        z->trans[i] = tw == 8 ? be64(t + (size_t)i * 8)
                              : (int64_t)(int32_t)be32(t + (size_t)i * 4);
        z->idx[i] = ix[i];
        if (ix[i] >= h.type || (i && z->trans[i] <= z->trans[i - 1]) ||
            z->trans[i] > ((int64_t)1 << 50) || z->trans[i] < -((int64_t)1 << 50))
            goto bad;
    }
    for (uint32_t i = 0; i < h.type; i++) {
        int32_t o = (int32_t)be32(ty + (size_t)i * 6);
        if (o > MAX_OFF || o < -MAX_OFF || ty[i * 6 + 4] > 1 ||
            ty[i * 6 + 5] >= h.chars)
            goto bad;
        z->utoff[i] = o;
        z->isdst[i] = ty[i * 6 + 4];
        z->abbr[i] = ty[i * 6 + 5];
    }
    memcpy(z->chars, ch, h.chars);
    z->chars[h.chars] = 0;
    return z;
bad:
    free(z);
    return NULL;
}

/* Index of the type in force at UTC second t, or -1 for the footer rule. */
static int type_at(const tz_zone *z, int64_t t)
{
    if (z->ntrans == 0)
        return z->rule.present ? -1 : 0;
    if (t < z->trans[0]) {
        /* RFC 8536: before the first transition, type 0 */
        return 0;
    }
    if (t >= z->trans[z->ntrans - 1] && z->rule.present)
        return -1;
    int lo = 0, hi = z->ntrans - 1;   /* trans[lo] <= t */
    while (lo < hi) {
        int mid = lo + (hi - lo + 1) / 2;
        if (z->trans[mid] <= t)
            lo = mid;
        else
            hi = mid - 1;
    }
    return z->idx[lo];
}

static int32_t zone_offset(const tz_zone *z, int64_t t)
{
    int i = type_at(z, t);
    bool dst;
    return i < 0 ? rule_offset(&z->rule, t, &dst) : z->utoff[i];
}

static int64_t zone_utc_of_local(const tz_zone *z, int64_t local)
{
    int32_t o1 = zone_offset(z, local - 86400), o2 = zone_offset(z, local + 86400);
    bool v1 = zone_offset(z, local - o1) == o1;
    bool v2 = zone_offset(z, local - o2) == o2;
    if (v1 && v2)
        return local - (o1 > o2 ? o1 : o2);   /* overlap: earlier instant */
    if (v1)
        return local - o1;
    if (v2)
        return local - o2;
    /* gap: the offset before the transition moves the time later */
    return local - o1;
}

/* ------------------------------------------------------------------ */
/* lookups                                                              */

static int32_t off_at(int32_t key, int64_t t)
{
    if (eng_tz_is_offset(key))
        return eng_tz_key_offset_min(key) * 60;
    const tz_zone *z = zone_of(key);
    return z ? zone_offset(z, t) : 0;
}

int32_t eng_tz_offset_at(int32_t key, int64_t utc_secs)
{
    return off_at(key, utc_secs);
}

int64_t eng_tz_utc_of_local(int32_t key, int64_t local_secs)
{
    if (eng_tz_is_offset(key))
        return local_secs - eng_tz_key_offset_min(key) * 60;
    const tz_zone *z = zone_of(key);
    return z ? zone_utc_of_local(z, local_secs) : local_secs;
}

int64_t eng_tz_local_us(int32_t key, int64_t utc_us)
{
    int64_t s = eng_floor_div64(utc_us, ENG_US_PER_SEC);
    return utc_us + (int64_t)off_at(key, s) * ENG_US_PER_SEC;
}

int64_t eng_tz_utc_us(int32_t key, int64_t local_us)
{
    int64_t s = eng_floor_div64(local_us, ENG_US_PER_SEC);
    int64_t frac = local_us - s * ENG_US_PER_SEC;
    return eng_tz_utc_of_local(key, s) * ENG_US_PER_SEC + frac;
}

int eng_tz_abbrev(int32_t key, int64_t utc_secs, char *buf, size_t cap)
{
    if (eng_tz_is_offset(key))
        return eng_tz_name(key, buf, cap);
    const tz_zone *z = zone_of(key);
    if (!z)
        return snprintf(buf, cap, "UTC");
    int i = type_at(z, utc_secs);
    if (i < 0) {
        bool dst;
        rule_offset(&z->rule, utc_secs, &dst);
        return snprintf(buf, cap, "%s",
                        dst ? z->rule.dst_abbr : z->rule.std_abbr);
    }
    return snprintf(buf, cap, "%s", z->chars + z->abbr[i]);
}

/* Names Trino's TimeZoneKey treats as UTC. */
static bool is_utc_name(const char *s, size_t n)
{
    static const char *const names[] = {"UTC", "Z", "UT", "UCT", "UT1",
        "GMT", "GMT0", "Greenwich", "Universal", "Zulu", "Etc/UTC",
        "Etc/UCT", "Etc/UT", "Etc/GMT", "Etc/GMT0", "Etc/Greenwich",
        "Etc/Universal", "Etc/Zulu", "Etc/GMT+0", "Etc/GMT-0", "GMT+0",
        "GMT-0", NULL};
    for (int i = 0; names[i]; i++)
        if (strlen(names[i]) == n && !strncasecmp(names[i], s, n))
            return true;
    return false;
}

/* "+05:30", "+0530", "+05", "-08:00" into minutes; false if not one. */
static bool parse_offset(const char *s, size_t n, int *min)
{
    if (n < 3 || (s[0] != '+' && s[0] != '-'))
        return false;
    for (size_t i = 1; i < n; i++)
        if (!(s[i] >= '0' && s[i] <= '9') && !(i == 3 && s[i] == ':'))
            return false;
    int h = (s[1] - '0') * 10 + (s[2] - '0'), m = 0;
    if (n == 3) {
    } else if (n == 5 && s[3] != ':') {
        m = (s[3] - '0') * 10 + (s[4] - '0');
    } else if (n == 6 && s[3] == ':') {
        m = (s[4] - '0') * 10 + (s[5] - '0');
    } else {
        return false;
    }
    if (m > 59 || h * 60 + m > 14 * 60)
        return false;
    *min = (s[0] == '-' ? -1 : 1) * (h * 60 + m);
    return true;
}

static eng_rc unknown(const char *s, size_t n, eng_error *err)
{
    return eng_err_set(err, ENG_ERR_INVALID_PARAMETER_VALUE, 0,
                       "Time zone not supported: %.*s",
                       n > 100 ? 100 : (int)n, s);
}

/* Reads a whole file (at most MAX_TZIF bytes) into a malloc'd buffer. */
static uint8_t *slurp(const char *path, size_t *len, bool *oom)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    *oom = false;
    if (fd < 0)
        return NULL;
    uint8_t *buf = malloc(MAX_TZIF);
    if (!buf) {
        *oom = true;
        close(fd);
        return NULL;
    }
    size_t n = 0;
    for (;;) {
        ssize_t r = read(fd, buf + n, MAX_TZIF - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        n += (size_t)r;
        if (n == MAX_TZIF)
            break;
    }
    close(fd);
    *len = n;
    return buf;
}

/* See types.h. */
eng_rc eng_tz_interval_key(int64_t ms, int32_t *key, eng_error *err)
{
    if (ms % 60000)
        return eng_err_set(err, ENG_ERR_INVALID_PARAMETER_VALUE, 0,
                           "Invalid time zone offset interval: interval "
                           "contains seconds");
    int64_t min = ms / 60000;
    if (min < -14 * 60 || min > 14 * 60)
        return eng_err_set(err, ENG_ERR_INVALID_PARAMETER_VALUE, 0,
                           "Invalid offset minutes %lld", (long long)min);
    *key = eng_tz_offset_key((int)min);
    return ENG_OK;
}

eng_rc eng_tz_lookup(const char *s, size_t n, int32_t *key, eng_error *err)
{
    while (n && s[0] == ' ') {
        s++;
        n--;
    }
    while (n && s[n - 1] == ' ')
        n--;
    int min;
    if (parse_offset(s, n, &min)) {
        *key = eng_tz_offset_key(min);
        return ENG_OK;
    }
    if (is_utc_name(s, n)) {
        *key = ENG_TZ_UTC;
        return ENG_OK;
    }
    /* an IANA id: letters, digits, '_', '-', '+', '/' with no empty or
     * dot component, so it cannot leave the zoneinfo directory */
    if (n == 0 || n > 64 || s[0] == '/' || s[n - 1] == '/')
        return unknown(s, n, err);
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
              (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '+' ||
              c == '/') || (c == '/' && s[i + 1] == '/'))
            return unknown(s, n, err);
    }
    if (!((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z')))
        return unknown(s, n, err);
    if ((n >= 6 && !strncmp(s, "posix/", 6)) || (n >= 6 && !strncmp(s, "right/", 6)))
        return unknown(s, n, err);
    pthread_mutex_lock(&zones_mu);
    for (int i = 0; i < nzones; i++)
        if (strlen(zones[i]->name) == n && !strncmp(zones[i]->name, s, n)) {
            *key = ENG_TZ_NAMED_BASE + i;
            pthread_mutex_unlock(&zones_mu);
            return ENG_OK;
        }
    eng_rc rc = ENG_OK;
    const char *dir = getenv("TZDIR");
    char path[512];
    snprintf(path, sizeof path, "%s/%.*s",
             dir && *dir && strlen(dir) < 400 ? dir : "/usr/share/zoneinfo",
             (int)n, s);
    size_t len = 0;
    bool oom;
    uint8_t *buf = slurp(path, &len, &oom);
    tz_zone *z = buf ? parse_tzif(buf, len, &oom) : NULL;
    free(buf);
    if (oom) {
        rc = eng_err_oom(err);
    } else if (!z || nzones >= MAX_ZONES) {
        free(z);
        rc = unknown(s, n, err);
    } else if (!(z->name = strndup(s, n))) {
        free(z);
        rc = eng_err_oom(err);
    } else {
        zones[nzones] = z;
        *key = ENG_TZ_NAMED_BASE + nzones;
        nzones++;
    }
    pthread_mutex_unlock(&zones_mu);
    return rc;
}

/* See types.h. */
bool eng_tz_check_tzif(const uint8_t *data, size_t len, const int64_t *probe,
                       int nprobe, int32_t *offsets)
{
    bool oom;
    tz_zone *z = parse_tzif(data, len, &oom);
    if (!z)
        return false;
    for (int i = 0; i < nprobe; i++) {
        offsets[i] = zone_offset(z, probe[i]);
        (void)zone_utc_of_local(z, probe[i]);
    }
    free(z);
    return true;
}
