/* kh-decimal.c: exact decimal numbers on their digit strings
 *
 * Decimals are kept as the digits written, so 2.675 rounds half up to
 * 2.68 and 0.1 + 0.2 questions never arise: nothing here goes through a
 * binary floating-point number.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-decimal"

#include "config.h"

#include <string.h>

#include "kh-decimal-private.h"

gboolean
kh_round_mode_from_string (const char  *str,
                           KhRoundMode *mode)
{
  static const struct { const char *name; KhRoundMode mode; } modes[] = {
    { "half-up", KH_ROUND_HALF_UP },
    { "half-even", KH_ROUND_HALF_EVEN },
    { "down", KH_ROUND_DOWN },
    { "up", KH_ROUND_UP },
    { "floor", KH_ROUND_FLOOR },
    { "ceiling", KH_ROUND_CEILING },
  };

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    if (g_strcmp0 (str, modes[i].name) == 0)
      {
        *mode = modes[i].mode;
        return TRUE;
      }
  return FALSE;
}

static gboolean
all_zeros (const char *digits,
           int         n)
{
  for (int i = 0; i < n; i++)
    if (digits[i] != '0')
      return FALSE;
  return TRUE;
}

/* Strips the integer part's leading zeros and turns -0 into 0. */
void
kh_decimal_normalize (KhDecimal *dec)
{
  int lead = 0;

  while (lead < dec->n_int - 1 && dec->digits[lead] == '0')
    lead++;
  if (lead > 0)
    {
      memmove (dec->digits, dec->digits + lead, (gsize) (dec->n_int + dec->n_frac - lead));
      dec->n_int -= lead;
    }
  if (dec->negative && all_zeros (dec->digits, dec->n_int + dec->n_frac))
    dec->negative = FALSE;
}

/**
 * kh_decimal_set_digits:
 *
 * Builds a decimal from its parts, which must be ASCII digits; an empty
 * integer part means 0.
 *
 * Returns: %FALSE if there are too many digits
 */
gboolean
kh_decimal_set_digits (KhDecimal  *dec,
                       gboolean    negative,
                       const char *int_digits,
                       gsize       n_int,
                       const char *frac_digits,
                       gsize       n_frac)
{
  /* Leading zeros take no room. */
  while (n_int > 1 && *int_digits == '0')
    {
      int_digits++;
      n_int--;
    }

  if (n_int + n_frac + 1 > KH_DECIMAL_BUF)
    return FALSE;

  dec->negative = negative;
  if (n_int == 0)
    {
      dec->digits[0] = '0';
      dec->n_int = 1;
    }
  else
    {
      memcpy (dec->digits, int_digits, n_int);
      dec->n_int = (int) n_int;
    }
  memcpy (dec->digits + dec->n_int, frac_digits, n_frac);
  dec->n_frac = (int) n_frac;
  kh_decimal_normalize (dec);

  return TRUE;
}

/**
 * kh_decimal_parse:
 *
 * Reads `[+-]?[0-9]+(\.[0-9]+)?`; leading zeros are allowed and dropped.
 */
KhDecimalStatus
kh_decimal_parse (KhDecimal  *dec,
                  const char *str,
                  gsize       len)
{
  gsize i = 0;
  gsize int_start, n_int, frac_start = 0, n_frac = 0;
  gboolean negative = FALSE;

  if (i < len && (str[i] == '-' || str[i] == '+'))
    {
      negative = str[i] == '-';
      i++;
    }

  int_start = i;
  while (i < len && g_ascii_isdigit (str[i]))
    i++;
  n_int = i - int_start;
  if (n_int == 0)
    return KH_DECIMAL_SYNTAX;

  if (i < len && str[i] == '.')
    {
      i++;
      frac_start = i;
      while (i < len && g_ascii_isdigit (str[i]))
        i++;
      n_frac = i - frac_start;
      if (n_frac == 0)
        return KH_DECIMAL_SYNTAX;
    }

  if (i != len)
    return KH_DECIMAL_SYNTAX;

  if (!kh_decimal_set_digits (dec, negative, str + int_start, n_int, str + frac_start, n_frac))
    return KH_DECIMAL_TOO_LONG;

  return KH_DECIMAL_OK;
}

/**
 * kh_decimal_is_canonical:
 * @integer: check the integer spelling (no fraction, fits in 64 bits)
 *
 * Whether @str is the canonical spelling of a decimal (or an integer):
 * `-?(0|[1-9][0-9]*)(\.[0-9]+)?`, never -0, at most
 * %KH_DECIMAL_MAX_DIGITS digits.
 */
gboolean
kh_decimal_is_canonical (const char *str,
                         gsize       len,
                         gboolean    integer)
{
  KhDecimal dec;
  gsize i = 0;

  if (len > 0 && str[0] == '-')
    i++;
  if (i >= len || !g_ascii_isdigit (str[i]))
    return FALSE;
  if (str[i] == '0' && i + 1 < len && g_ascii_isdigit (str[i + 1]))
    return FALSE;

  if (kh_decimal_parse (&dec, str, len) != KH_DECIMAL_OK)
    return FALSE;
  if (str[0] == '-' && !dec.negative)
    return FALSE;   /* -0 */
  if (kh_decimal_count_digits (&dec) > KH_DECIMAL_MAX_DIGITS)
    return FALSE;

  if (integer)
    {
      gint64 v;

      return dec.n_frac == 0 && kh_decimal_to_int64 (&dec, &v);
    }

  return TRUE;
}

gboolean
kh_decimal_is_zero (const KhDecimal *dec)
{
  return all_zeros (dec->digits, dec->n_int + dec->n_frac);
}

/* Whether a fraction digit is not zero. */
gboolean
kh_decimal_has_fraction (const KhDecimal *dec)
{
  return !all_zeros (dec->digits + dec->n_int, dec->n_frac);
}

/* The integer digits, 0 for a zero integer part. */
int
kh_decimal_count_int_digits (const KhDecimal *dec)
{
  return (dec->n_int == 1 && dec->digits[0] == '0') ? 0 : dec->n_int;
}

/* The fraction digits up to the last non-zero one. */
int
kh_decimal_count_frac_digits (const KhDecimal *dec)
{
  int n = dec->n_frac;

  while (n > 0 && dec->digits[dec->n_int + n - 1] == '0')
    n--;
  return n;
}

/* The digits written, not counting leading zeros. */
int
kh_decimal_count_digits (const KhDecimal *dec)
{
  int total = dec->n_int + dec->n_frac;
  int lead = 0;

  while (lead < total && dec->digits[lead] == '0')
    lead++;
  return total - lead;
}

int
kh_decimal_compare (const KhDecimal *a,
                    const KhDecimal *b)
{
  int sign = a->negative ? -1 : 1;
  int n_frac;
  int cmp;

  if (a->negative != b->negative)
    return a->negative ? -1 : 1;

  if (a->n_int != b->n_int)
    return a->n_int < b->n_int ? -sign : sign;

  cmp = memcmp (a->digits, b->digits, (gsize) a->n_int);
  if (cmp != 0)
    return cmp < 0 ? -sign : sign;

  n_frac = MAX (a->n_frac, b->n_frac);
  for (int i = 0; i < n_frac; i++)
    {
      char da = i < a->n_frac ? a->digits[a->n_int + i] : '0';
      char db = i < b->n_frac ? b->digits[b->n_int + i] : '0';

      if (da != db)
        return da < db ? -sign : sign;
    }

  return 0;
}

/* Adds one unit in the last place to the first @n digits. Returns FALSE
 * when a carry out of the integer part does not fit. */
static gboolean
increment (KhDecimal *dec,
           int        n)
{
  int i;

  for (i = n - 1; i >= 0; i--)
    {
      if (dec->digits[i] == '9')
        dec->digits[i] = '0';
      else
        {
          dec->digits[i]++;
          return TRUE;
        }
    }

  /* 99.9 → 100.0: one more integer digit. */
  if (n + 2 > KH_DECIMAL_BUF)
    return FALSE;
  memmove (dec->digits + 1, dec->digits, (gsize) n);
  dec->digits[0] = '1';
  dec->n_int++;
  return TRUE;
}

/**
 * kh_decimal_round:
 * @scale: the number of fraction digits of the result (>= 0)
 *
 * Rounds (or pads with zeros) to exactly @scale fraction digits.
 *
 * Returns: %FALSE if the result has too many digits
 */
gboolean
kh_decimal_round (KhDecimal   *dec,
                  int          scale,
                  KhRoundMode  mode)
{
  int keep = dec->n_int + scale;
  gboolean up = FALSE;
  char first;
  gboolean rest_nonzero;
  gboolean dropped_nonzero;

  g_return_val_if_fail (scale >= 0, FALSE);

  if (dec->n_frac <= scale)
    {
      if (dec->n_int + scale + 1 > KH_DECIMAL_BUF)
        return FALSE;
      memset (dec->digits + dec->n_int + dec->n_frac, '0', (gsize) (scale - dec->n_frac));
      dec->n_frac = scale;
      return TRUE;
    }

  first = dec->digits[keep];
  rest_nonzero = !all_zeros (dec->digits + keep + 1, dec->n_int + dec->n_frac - keep - 1);
  dropped_nonzero = first != '0' || rest_nonzero;

  switch (mode)
    {
    case KH_ROUND_HALF_UP:
      up = first >= '5';
      break;
    case KH_ROUND_HALF_EVEN:
      if (first > '5' || (first == '5' && rest_nonzero))
        up = TRUE;
      else if (first == '5')
        up = ((dec->digits[keep - 1] - '0') % 2) == 1;
      break;
    case KH_ROUND_DOWN:
      up = FALSE;
      break;
    case KH_ROUND_UP:
      up = dropped_nonzero;
      break;
    case KH_ROUND_FLOOR:
      up = dropped_nonzero && dec->negative;
      break;
    case KH_ROUND_CEILING:
      up = dropped_nonzero && !dec->negative;
      break;
    default:
      g_assert_not_reached ();
    }

  dec->n_frac = scale;
  if (up && !increment (dec, keep))
    return FALSE;
  kh_decimal_normalize (dec);

  return TRUE;
}

/**
 * kh_decimal_scale:
 *
 * Multiplies by 10^@exponent by moving the point, keeping the digits:
 * 1.5 × 10³ = 1500, 123456 × 10⁻² = 1234.56, 100 × 10⁻² = 1.00.
 *
 * Returns: %FALSE if the result has too many digits
 */
gboolean
kh_decimal_scale (KhDecimal *dec,
                  int        exponent)
{
  if (exponent > 0)
    {
      int moved = MIN (exponent, dec->n_frac);
      int pad = exponent - moved;

      if (dec->n_int + dec->n_frac + pad + 1 > KH_DECIMAL_BUF)
        return FALSE;
      memset (dec->digits + dec->n_int + dec->n_frac, '0', (gsize) pad);
      dec->n_int += exponent;
      dec->n_frac -= moved;
    }
  else if (exponent < 0)
    {
      int shift = -exponent;

      if (dec->n_int <= shift)
        {
          /* Leading zeros so that at least one integer digit remains. */
          int pad = shift - dec->n_int + 1;

          if (dec->n_int + dec->n_frac + pad + 1 > KH_DECIMAL_BUF)
            return FALSE;
          memmove (dec->digits + pad, dec->digits, (gsize) (dec->n_int + dec->n_frac));
          memset (dec->digits, '0', (gsize) pad);
          dec->n_int += pad;
        }
      dec->n_int -= shift;
      dec->n_frac += shift;
    }

  kh_decimal_normalize (dec);
  return TRUE;
}

/**
 * kh_decimal_trim_fraction:
 *
 * Drops trailing fraction zeros beyond @scale digits.
 *
 * Returns: %FALSE (and changes nothing) if a non-zero digit lies beyond
 *   @scale
 */
gboolean
kh_decimal_trim_fraction (KhDecimal *dec,
                          int        scale)
{
  if (dec->n_frac <= scale)
    return TRUE;
  if (!all_zeros (dec->digits + dec->n_int + scale, dec->n_frac - scale))
    return FALSE;
  dec->n_frac = scale;
  kh_decimal_normalize (dec);
  return TRUE;
}

/* Forgets the fraction (the caller checked it is all zeros). */
void
kh_decimal_drop_fraction (KhDecimal *dec)
{
  dec->n_frac = 0;
  kh_decimal_normalize (dec);
}

/**
 * kh_decimal_to_int64:
 *
 * Returns: %FALSE if @dec has a non-zero fraction or does not fit in 64 bits
 */
gboolean
kh_decimal_to_int64 (const KhDecimal *dec,
                     gint64          *value)
{
  guint64 v = 0;
  guint64 limit = dec->negative ? (guint64) G_MAXINT64 + 1 : (guint64) G_MAXINT64;

  if (kh_decimal_has_fraction (dec) || dec->n_int > 19)
    return FALSE;

  if (dec->n_int <= 18)
    {
      /* Cannot overflow */
      for (int i = 0; i < dec->n_int; i++)
        v = v * 10 + (guint) (dec->digits[i] - '0');
      *value = dec->negative ? -(gint64) v : (gint64) v;
      return TRUE;
    }

  for (int i = 0; i < dec->n_int; i++)
    {
      guint d = (guint) (dec->digits[i] - '0');

      if (v > (limit - d) / 10)
        return FALSE;
      v = v * 10 + d;
    }

  if (dec->negative)
    *value = v == (guint64) G_MAXINT64 + 1 ? G_MININT64 : -(gint64) v;
  else
    *value = (gint64) v;
  return TRUE;
}

/* Writes the canonical text into @buf (KH_DECIMAL_STRING_MAX bytes) and
 * returns its length. */
gsize
kh_decimal_format (const KhDecimal *dec,
                   char            *buf)
{
  char *p = buf;

  if (dec->negative)
    *p++ = '-';
  memcpy (p, dec->digits, (gsize) dec->n_int);
  p += dec->n_int;
  if (dec->n_frac > 0)
    {
      *p++ = '.';
      memcpy (p, dec->digits + dec->n_int, (gsize) dec->n_frac);
      p += dec->n_frac;
    }
  *p = '\0';

  return (gsize) (p - buf);
}
