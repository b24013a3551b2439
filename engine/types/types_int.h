/*
 * engine/types/types_int.h
 *   Helpers shared by the files of engine/types/ only.
 * Interface: eng_decimal_from_digits, eng_double_digits,
 *   eng_double_text.
 * Not here: the public type API (types.h).
 */
#ifndef ENG_TYPES_INT_H
#define ENG_TYPES_INT_H

#include "types.h"

/* Room for the significant digits the decimal code looks at. */
#define ENG__DIGITS_MAX 128

/*
 * Builds the unscaled decimal(precision, scale) value of
 * (neg ? -1 : 1) * 0.d1d2...dn * 10^exp10, where `dig` holds the nd
 * significant digits (first one non-zero unless nd == 0; only the first
 * ENG__DIGITS_MAX are stored, which is all rounding needs).
 * Rounds half-up (away from zero) when digits fall below the scale.
 * Returns 0 on success, 1 when the result needs more than `precision`
 * digits.
 */
int eng_decimal_from_digits(const char *dig, long nd, long exp10, bool neg,
                             int precision, int scale, eng_int128 *out);

/*
 * Shortest decimal digits that round-trip the finite double d: writes up
 * to 17 digits (no sign, no point) into dig and returns their count;
 * *exp10 is set so that |d| = 0.d1d2... * 10^(*exp10). d == 0 gives
 * "0" with *exp10 = 1.
 */
int eng_double_digits(double d, char *dig, int *exp10);

/*
 * Writes d as Java's Double.toString (what Trino's CLI prints): "1.5",
 * "100.0", "1.0E10", "1.0E-5", "NaN", "Infinity", "-0.0". buf needs 32
 * bytes. Returns the length.
 */
int eng_double_text(double d, char *buf, size_t cap);
/* Java's Float.toString of a real value (a double a float holds). */
int eng_real_text(double d, char *buf, size_t cap);

/*
 * Writes d as Trino's CAST(double AS varchar) (real false) or CAST(real AS
 * varchar) (real true): always scientific, DecimalFormat "0.0###...E0" --
 * "1.5E0", "1.0E10", "-1.25E-3", "0E0", "-0E0", "NaN", "Infinity". A
 * double keeps its shortest round-trip digits; a real keeps Float.toString's
 * digits rounded half-even to 7 significant ones ("1.234568E7"). buf needs
 * 32 bytes. Returns the length.
 */
int eng_double_cast_text(double d, bool real, char *buf, size_t cap);

#endif
