/* kh-number-parse.c: reading numbers as people and ERPs write them
 *
 * 1,234.56 · 1.234,56 · 1 234,56 · 1'234.56 · 12,345.00- (SAP) · (123) ·
 * △1,200 · ¥3,000 · full-width digits and separators. The digits are kept
 * exactly: 12,345.00- becomes -12345.00.
 *
 * The text is first folded to one ASCII class per character (digit,
 * decimal separator D, grouping separator G, sign, currency C, …), then
 * read by a small grammar. Grouping is strict: the first group has one to
 * three digits and every later one exactly three.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-number-parse"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kh-number-parse-private.h"

#define MAX_LEN 256

static gboolean
is_space (gunichar c)
{
  return c == ' ' || c == '\t' || c == 0x3000 || c == 0x00A0 || c == 0x202F || c == 0x2009;
}

/* The ASCII form of full-width and typographic variants. */
static gunichar
fold (gunichar c)
{
  if (c >= 0xFF01 && c <= 0xFF5E)
    return c - 0xFF01 + 0x21;
  switch (c)
    {
    case 0x2212: return '-';    /* − minus sign */
    case 0x2019: return '\'';   /* ’ */
    case 0xFFE5: return 0xA5;   /* ￥ */
    case 0xFFE1: return 0xA3;   /* ￡ */
    default:     return c;
    }
}

static gboolean
same_separator (gunichar c,
                gunichar sep)
{
  if (sep == 0)
    return FALSE;
  if (c == sep)
    return TRUE;
  if (sep == ' ')
    return is_space (c);
  return FALSE;
}

static char
classify (const KhNumberFormat *format,
          gunichar              raw)
{
  gunichar c = fold (raw);

  if (c >= '0' && c <= '9')
    return (char) c;
  if (same_separator (c, fold (format->decimal_sep)))
    return 'D';
  if (same_separator (c, fold (format->grouping_sep)))
    return is_space (c) ? 'g' : 'G';   /* g: a space, grouping only between digits */
  if (is_space (c))
    return ' ';
  /* A grouping separator where none is allowed */
  if (format->grouping_sep == 0 && (c == ',' || c == '.' || c == '\''))
    return 'H';
  switch (c)
    {
    case '-': return '-';
    case '+': return '+';
    case '(': return '(';
    case ')': return ')';
    case 0x25B3:                /* △ */
    case 0x25B2:                /* ▲ */
      return 'T';
    case 0xA5:                  /* ¥ */
    case '$':
    case 0x20AC:                /* € */
    case 0xA3:                  /* £ */
      return 'C';
    default:
      return 'X';
    }
}

/* Precomputes the class of every ASCII character; call it after setting
 * the separators. */
void
kh_number_format_init (KhNumberFormat *format)
{
  for (gunichar c = 0; c < 128; c++)
    format->ascii_class[c] = classify (format, c);
}

/**
 * kh_number_parse:
 *
 * Reads @str (surrounding white space allowed) in @format.
 */
KhNumberStatus
kh_number_parse (const KhNumberFormat *format,
                 const char           *str,
                 gsize                 len,
                 KhDecimal            *dec)
{
  char cls[MAX_LEN];
  gsize n = 0, i, start, stop;
  gsize n_int = 0, n_frac = 0;
  int signs = 0;
  gboolean negative = FALSE;
  gboolean paren = FALSE, closed = FALSE;
  gboolean currency_seen = FALSE;
  gboolean grouped = FALSE;
  gsize group_len = 0;

  /* Fold to classes; ASCII needs no decoding. */
  for (const char *p = str, *end = str + len; p < end; )
    {
      gunichar c;

      if (n == MAX_LEN)
        return KH_NUMBER_TOO_LONG;
      if ((guchar) *p < 0x80)
        {
          cls[n++] = format->ascii_class[(guchar) *p++];
          continue;
        }
      c = g_utf8_get_char (p);
      p = g_utf8_next_char (p);
      cls[n++] = classify (format, c);
    }

  /* Surrounding white space */
  start = 0;
  stop = n;
  while (start < stop && (cls[start] == ' ' || cls[start] == 'g'))
    start++;
  while (stop > start && (cls[stop - 1] == ' ' || cls[stop - 1] == 'g'))
    stop--;
  if (start == stop)
    return KH_NUMBER_SYNTAX;

  /* Prefix: currency, sign, parenthesis, triangle */
  i = start;
  while (i < stop && !g_ascii_isdigit (cls[i]) && cls[i] != 'D')
    {
      switch (cls[i])
        {
        case 'C':
          if (!format->currency || currency_seen)
            return KH_NUMBER_SYNTAX;
          currency_seen = TRUE;
          i++;
          while (i < stop && (cls[i] == ' ' || cls[i] == 'g'))
            i++;
          continue;
        case '-':
          negative = TRUE;
          signs++;
          break;
        case '+':
          signs++;
          break;
        case '(':
          if (!format->parentheses || paren)
            return KH_NUMBER_SYNTAX;
          paren = TRUE;
          negative = TRUE;
          signs++;
          break;
        case 'T':
          if (!format->triangle)
            return KH_NUMBER_SYNTAX;
          negative = TRUE;
          signs++;
          break;
        default:
          return KH_NUMBER_SYNTAX;
        }
      i++;
    }

  /* The integer part: digits go straight into the decimal. */
  for (; i < stop; i++)
    {
      char c = cls[i];

      if (g_ascii_isdigit (c))
        {
          if (G_UNLIKELY (n_int + 2 >= KH_DECIMAL_BUF))
            return KH_NUMBER_TOO_LONG;
          dec->digits[n_int++] = c;
          group_len++;
        }
      else if (c == 'G' || (c == 'g' && i + 1 < stop && g_ascii_isdigit (cls[i + 1]) && n_int > 0))
        {
          if (n_int == 0 || (grouped ? group_len != 3 : group_len > 3))
            return KH_NUMBER_GROUPING;
          if (i + 1 >= stop || !g_ascii_isdigit (cls[i + 1]))
            return KH_NUMBER_GROUPING;
          grouped = TRUE;
          group_len = 0;
        }
      else if (c == 'H' && n_int > 0)
        return KH_NUMBER_GROUPING;
      else
        break;
    }
  if (grouped && group_len != 3)
    return KH_NUMBER_GROUPING;

  /* The fraction */
  if (i < stop && cls[i] == 'D')
    {
      for (i++; i < stop && g_ascii_isdigit (cls[i]); i++)
        {
          if (G_UNLIKELY (n_int + n_frac + 2 >= KH_DECIMAL_BUF))
            return KH_NUMBER_TOO_LONG;
          dec->digits[n_int + n_frac++] = cls[i];
        }
      if (n_frac == 0)
        return KH_NUMBER_SYNTAX;
      if (i < stop && (cls[i] == 'G' || cls[i] == 'D'))
        return cls[i] == 'G' ? KH_NUMBER_GROUPING : KH_NUMBER_SYNTAX;
    }
  if (n_int == 0 && n_frac == 0)
    return KH_NUMBER_SYNTAX;

  /* Suffix: trailing minus, currency, closing parenthesis */
  for (; i < stop; i++)
    {
      switch (cls[i])
        {
        case '-':
          if (!format->trailing_minus || closed)
            return KH_NUMBER_SYNTAX;
          negative = TRUE;
          signs++;
          break;
        case 'C':
          if (!format->currency || currency_seen)
            return KH_NUMBER_SYNTAX;
          currency_seen = TRUE;
          break;
        case ' ':
        case 'g':
          /* only next to a currency mark */
          if (!((i + 1 < stop && cls[i + 1] == 'C') || (i > 0 && cls[i - 1] == 'C')))
            return KH_NUMBER_SYNTAX;
          break;
        case ')':
          if (!paren || closed)
            return KH_NUMBER_SYNTAX;
          closed = TRUE;
          break;
        default:
          return KH_NUMBER_SYNTAX;
        }
    }
  if (paren && !closed)
    return KH_NUMBER_SYNTAX;
  if (signs > 1)
    return KH_NUMBER_SIGNS;

  if (n_int == 0)
    {
      /* .5 is 0.5 */
      memmove (dec->digits + 1, dec->digits, n_frac);
      dec->digits[0] = '0';
      n_int = 1;
    }
  dec->negative = negative;
  dec->n_int = (int) n_int;
  dec->n_frac = (int) n_frac;
  kh_decimal_normalize (dec);
  if (kh_decimal_count_digits (dec) > KH_DECIMAL_MAX_DIGITS)
    return KH_NUMBER_TOO_LONG;

  if (format->as_integer)
    {
      gint64 v;

      if (kh_decimal_has_fraction (dec))
        return KH_NUMBER_FRACTION;
      kh_decimal_drop_fraction (dec);
      if (!kh_decimal_to_int64 (dec, &v))
        return KH_NUMBER_OVERFLOW;
    }

  return KH_NUMBER_OK;
}

/* Returns: (transfer full): the translated reason for @status */
char *
kh_number_error_describe (KhNumberStatus        status,
                          const KhNumberFormat *format,
                          const char           *value)
{
  char dsep[8] = { 0 };
  char gsep[8] = { 0 };

  g_unichar_to_utf8 (format->decimal_sep, dsep);
  if (format->grouping_sep != 0)
    g_unichar_to_utf8 (format->grouping_sep, gsep);

  switch (status)
    {
    case KH_NUMBER_SYNTAX:
      return g_strdup_printf (_("“%s” is not a number with “%s” before the decimals"), value, dsep);
    case KH_NUMBER_GROUPING:
      if (format->grouping_sep == 0)
        return g_strdup_printf (_("“%s” has a grouping separator, and this step allows none"), value);
      return g_strdup_printf (_("“%s” has the grouping separator “%s” in the wrong place; expected groups of three digits"),
                              value, gsep);
    case KH_NUMBER_SIGNS:
      return g_strdup_printf (_("“%s” has more than one sign"), value);
    case KH_NUMBER_TOO_LONG:
      return g_strdup_printf (_("“%s” has more than %d digits"), value, KH_DECIMAL_MAX_DIGITS);
    case KH_NUMBER_FRACTION:
      return g_strdup_printf (_("“%s” is not a whole number"), value);
    case KH_NUMBER_OVERFLOW:
      return g_strdup_printf (_("“%s” does not fit in a 64-bit integer"), value);
    case KH_NUMBER_OK:
    default:
      return g_strdup ("");
    }
}
