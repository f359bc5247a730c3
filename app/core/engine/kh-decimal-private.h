/* kh-decimal-private.h: exact decimal numbers on their digit strings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* At most this many digits, not counting leading zeros (the zeros before
 * the first non-zero digit, including those right after the point). */
#define KH_DECIMAL_MAX_DIGITS 38

/* Room for the digits, leading zeros included. */
#define KH_DECIMAL_BUF 100

/* Room for the canonical text: sign, digits, point, NUL. */
#define KH_DECIMAL_STRING_MAX (KH_DECIMAL_BUF + 3)

/* A decimal number: sign, integer digits without leading zeros ("0" for
 * a zero integer part) and fraction digits exactly as written, trailing
 * zeros included. Never binary floating point. */
typedef struct
{
  gboolean negative;
  int      n_int;                   /* >= 1 */
  int      n_frac;                  /* >= 0 */
  char     digits[KH_DECIMAL_BUF];  /* n_int + n_frac ASCII digits */
} KhDecimal;

typedef enum
{
  KH_DECIMAL_OK,
  KH_DECIMAL_SYNTAX,    /* not -?[0-9]+(.[0-9]+)? */
  KH_DECIMAL_TOO_LONG,  /* more digits than a KhDecimal holds */
} KhDecimalStatus;

typedef enum
{
  KH_ROUND_HALF_UP,
  KH_ROUND_HALF_EVEN,
  KH_ROUND_DOWN,
  KH_ROUND_UP,
  KH_ROUND_FLOOR,
  KH_ROUND_CEILING,
} KhRoundMode;

gboolean         kh_round_mode_from_string (const char       *str,
                                            KhRoundMode      *mode);

KhDecimalStatus  kh_decimal_parse          (KhDecimal        *dec,
                                            const char       *str,
                                            gsize             len);
gboolean         kh_decimal_set_digits     (KhDecimal        *dec,
                                            gboolean          negative,
                                            const char       *int_digits,
                                            gsize             n_int,
                                            const char       *frac_digits,
                                            gsize             n_frac);
void             kh_decimal_normalize      (KhDecimal        *dec);
gboolean         kh_decimal_is_canonical   (const char       *str,
                                            gsize             len,
                                            gboolean          integer);
gboolean         kh_decimal_is_zero        (const KhDecimal  *dec);
gboolean         kh_decimal_has_fraction   (const KhDecimal  *dec);
int              kh_decimal_count_digits   (const KhDecimal  *dec);
int              kh_decimal_count_int_digits (const KhDecimal *dec);
int              kh_decimal_count_frac_digits (const KhDecimal *dec);
int              kh_decimal_compare        (const KhDecimal  *a,
                                            const KhDecimal  *b);
gboolean         kh_decimal_round          (KhDecimal        *dec,
                                            int               scale,
                                            KhRoundMode       mode);
gboolean         kh_decimal_scale          (KhDecimal        *dec,
                                            int               exponent);
gboolean         kh_decimal_trim_fraction  (KhDecimal        *dec,
                                            int               scale);
void             kh_decimal_drop_fraction  (KhDecimal        *dec);
gboolean         kh_decimal_to_int64       (const KhDecimal  *dec,
                                            gint64           *value);
gsize            kh_decimal_format         (const KhDecimal  *dec,
                                            char             *buf);

G_END_DECLS
