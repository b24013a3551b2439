/*
 * engine/types/date.c
 *   Dates as days since 1970-01-01 in the proleptic Gregorian calendar.
 * Interface: eng_date_from_ymd, eng_date_to_ymd, eng_date_format,
 *   eng_date_parse.
 * Not here: casts from and to other types (cast.c).
 *
 * The conversions are the era-based days-from-civil / civil-from-days
 * algorithms: exact for every year an int32 day count can reach, negative
 * day counts included, with no tables and no loops; civil-from-days runs
 * Neri and Schneider's 32-bit form for years -32800 to about 549,000
 * (ymd_fast, the same results for every day of that span).
 */
#include <stdio.h>
#include <string.h>
#include "types.h"

/* Floor division for the era computation. */
static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        q--;
    return q;
}

/*
 * Returns the day number of y-m-d (month 1..12, day 1..31, not
 * validated; see eng_date_parse for checked input).
 */
int32_t eng_date_from_ymd(int y, int m, int d)
{
    int64_t yy = (int64_t)y - (m <= 2);
    int64_t era = floor_div(yy, 400);
    int64_t yoe = yy - era * 400;                          /* [0, 399] */
    int64_t mp = (m + 9) % 12;                             /* March = 0 */
    int64_t doy = (153 * mp + 2) / 5 + d - 1;              /* [0, 365] */
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;   /* [0, 146096] */
    return (int32_t)(era * 146097 + doe - 719468);
}

/* The span of day numbers ymd_fast converts: years -32800 to about
 * 549,000 (checked against the era algorithm below for every day of it). */
#define FAST_MIN_DAYS (-12699422)
#define FAST_MAX_DAYS 200000000

/*
 * Neri and Schneider's civil-from-days ("Euclidean affine functions and
 * their application to calendar algorithms", 2022): 32-bit multiplies
 * and shifts where the era algorithm divides 64-bit values; dates are
 * turned into text for every fetched row, and this halves that cost.
 * Days shifted by 82 eras so that every value is unsigned.
 */
static void ymd_fast(int32_t days, int *y, int *m, int *d)
{
    const uint32_t s = 82, k = 719468 + 146097 * s, l = 400 * s;
    uint32_t n = (uint32_t)(days + (int32_t)k);
    uint32_t n1 = 4 * n + 3;
    uint32_t c = n1 / 146097;               /* century */
    uint32_t nc = n1 % 146097 / 4;
    uint64_t p2 = (uint64_t)2939745 * (4 * nc + 3);
    uint32_t z = (uint32_t)(p2 >> 32);      /* year of the century */
    uint32_t ny = (uint32_t)p2 / 2939745 / 4;   /* day of the year, from March */
    uint32_t n3 = 2141 * ny + 197913;
    uint32_t mm = n3 >> 16;
    uint32_t dd = (n3 & 0xffff) / 2141;
    uint32_t j = ny >= 306;                 /* January or February */
    *y = (int)((int32_t)(100 * c + z - l) + (int32_t)j);
    *m = (int)(j ? mm - 12 : mm);
    *d = (int)(dd + 1);
}

/* Splits a day number into year, month (1..12) and day (1..31). */
void eng_date_to_ymd(int32_t days, int *y, int *m, int *d)
{
    if (days >= FAST_MIN_DAYS && days <= FAST_MAX_DAYS) {
        ymd_fast(days, y, m, d);
        return;
    }
    int64_t z = (int64_t)days + 719468;
    int64_t era = floor_div(z, 146097);
    int64_t doe = z - era * 146097;                                /* [0, 146096] */
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);         /* [0, 365] */
    int64_t mp = (5 * doy + 2) / 153;                              /* [0, 11] */
    int64_t dd = doy - (153 * mp + 2) / 5 + 1;
    int64_t mm = mp < 10 ? mp + 3 : mp - 9;
    int64_t yy = yoe + era * 400 + (mm <= 2);
    *y = (int)yy;
    *m = (int)mm;
    *d = (int)dd;
}

static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

/*
 * Writes days as "YYYY-MM-DD" (years below 1 as "-YYYY", beyond 9999 with
 * more digits). Writes at most cap-1 bytes plus a NUL; returns the full
 * length (16 bytes suffice).
 */
int eng_date_format(int32_t days, char *buf, size_t cap)
{
    int y, m, d;
    eng_date_to_ymd(days, &y, &m, &d);
    char tmp[32];
    int n;
    if (y >= 0 && y <= 9999) {
        /* the common case by hand: snprintf costs more than the rest of
         * a row's conversion */
        tmp[0] = (char)('0' + y / 1000);
        tmp[1] = (char)('0' + y / 100 % 10);
        tmp[2] = (char)('0' + y / 10 % 10);
        tmp[3] = (char)('0' + y % 10);
        tmp[4] = '-';
        tmp[5] = (char)('0' + m / 10);
        tmp[6] = (char)('0' + m % 10);
        tmp[7] = '-';
        tmp[8] = (char)('0' + d / 10);
        tmp[9] = (char)('0' + d % 10);
        tmp[10] = '\0';
        n = 10;
    } else if (y < 0) {
        n = snprintf(tmp, sizeof tmp, "-%04d-%02d-%02d", -y, m, d);
    } else {
        n = snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y, m, d);
    }
    if (buf && cap) {
        size_t k = (size_t)n < cap - 1 ? (size_t)n : cap - 1;
        memcpy(buf, tmp, k);
        buf[k] = '\0';
    }
    return n;
}

/* Reads exactly `n` decimal digits at s; -1 if any is not a digit. */
static int read_digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/*
 * Parses strict "YYYY-MM-DD" (exactly len bytes, no spaces) into a day
 * number. Checks the month and the day against the month's length,
 * leap years included; year 0000 is rejected. Fails with 22007 quoting
 * the text.
 */
eng_rc eng_date_parse(const char *s, size_t len, int32_t *out, eng_error *err)
{
    int y = -1, m = -1, d = -1;
    if (len == 10 && s[4] == '-' && s[7] == '-') {
        y = read_digits(s, 4);
        m = read_digits(s + 5, 2);
        d = read_digits(s + 8, 2);
    }
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return eng_err_set(err, ENG_ERR_INVALID_DATETIME_FORMAT, 0,
                           "invalid date '%.*s' (expected a valid "
                           "YYYY-MM-DD)", len > 100 ? 100 : (int)len, s);
    *out = eng_date_from_ymd(y, m, d);
    return ENG_OK;
}
