/* kh-japanese-era.c: dates of the Japanese eras (令和5年4月1日, R5.04.01)
 *
 * An era year counts from 1 (元年, "first year") on the day the era
 * began; the year changes with the Gregorian year on 1 January. So Shōwa 64
 * is 1989 but lasted only until 7 January, and Heisei 1 began on 8
 * January 1989.
 *
 * Meiji dates before Meiji 6 are refused: Japan adopted the Gregorian
 * calendar on Meiji 6-01-01 (1873-01-01); earlier Meiji dates are in the
 * lunisolar calendar, whose months do not line up with Gregorian ones.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-japanese-era"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kh-date-pattern-private.h"
#include "kh-japanese-era-private.h"

typedef struct
{
  const char *kanji;       /* two characters */
  gunichar    ligature;    /* the one-character form (㍻ …) */
  char        initial;
  const char *name;        /* translatable */
  int         offset;      /* Gregorian year = era year + offset */
  int         start[3];    /* first day */
  int         end[3];      /* last day, or 0 for the current era */
} Era;

static const Era eras[] = {
  { "明治", 0x337E, 'M', N_("Meiji"),  1867, { 1873,  1,  1 }, { 1912,  7, 29 } },
  { "大正", 0x337D, 'T', N_("Taishō"), 1911, { 1912,  7, 30 }, { 1926, 12, 24 } },
  { "昭和", 0x337C, 'S', N_("Shōwa"),  1925, { 1926, 12, 25 }, { 1989,  1,  7 } },
  { "平成", 0x337B, 'H', N_("Heisei"), 1988, { 1989,  1,  8 }, { 2019,  4, 30 } },
  { "令和", 0x32FF, 'R', N_("Reiwa"),  2018, { 2019,  5,  1 }, {    0,  0,  0 } },
};

#define MAX_CHARS 48

/* Full-width forms to ASCII: digits, letters, . / - and the ideographic
 * space. */
static gunichar
fold (gunichar c)
{
  if (c >= 0xFF01 && c <= 0xFF5E)
    return c - 0xFF01 + 0x21;
  if (c == 0x3000)
    return ' ';
  return c;
}

static int
ymd_compare (int y,
             int m,
             int d,
             const int ref[3])
{
  if (y != ref[0])
    return y < ref[0] ? -1 : 1;
  if (m != ref[1])
    return m < ref[1] ? -1 : 1;
  if (d != ref[2])
    return d < ref[2] ? -1 : 1;
  return 0;
}

static void
skip_spaces (const gunichar *s,
             int             n,
             int            *i)
{
  while (*i < n && s[*i] == ' ')
    (*i)++;
}

static gboolean
read_number (const gunichar *s,
             int             n,
             int            *i,
             int            *value)
{
  int v = 0, digits = 0;

  while (*i < n && s[*i] >= '0' && s[*i] <= '9' && digits < 2)
    {
      v = v * 10 + (int) (s[*i] - '0');
      (*i)++;
      digits++;
    }
  if (digits == 0 || (*i < n && s[*i] >= '0' && s[*i] <= '9'))
    return FALSE;
  *value = v;
  return TRUE;
}

/**
 * kh_japanese_era_parse:
 *
 * Reads an era (kanji 明治 大正 昭和 平成 令和, the one-character forms
 * ㍾ ㍽ ㍼ ㍻ ㋿, or the initials M T S H R in either case and width), a
 * year (1–2 digits or 元), then either 年 month 月 day 日 (spaces allowed
 * between the parts) or month and day after the same separator (. / - or a
 * space). Digits may be full-width.
 */
KhEraStatus
kh_japanese_era_parse (const char *str,
                       gsize       len,
                       KhCivil    *civil,
                       KhEraError *error)
{
  gunichar s[MAX_CHARS];
  int n = 0, i = 0;
  int era = -1, era_year, year, month, day;
  const char *p = str;
  const char *end = str + len;

  memset (error, 0, sizeof *error);

  while (p < end)
    {
      if (n == MAX_CHARS)
        return KH_ERA_MISMATCH;
      s[n++] = fold (g_utf8_get_char (p));
      p = g_utf8_next_char (p);
    }

  /* The era */
  for (guint e = 0; e < G_N_ELEMENTS (eras) && era < 0; e++)
    {
      gunichar k0 = g_utf8_get_char (eras[e].kanji);
      gunichar k1 = g_utf8_get_char (g_utf8_next_char (eras[e].kanji));

      if (n >= 2 && s[0] == k0 && s[1] == k1)
        {
          era = (int) e;
          i = 2;
        }
      else if (n >= 1 && (s[0] == eras[e].ligature ||
                          g_ascii_toupper ((char) MIN (s[0], 0x7F)) == eras[e].initial))
        {
          era = (int) e;
          i = 1;
        }
    }
  if (era < 0)
    return KH_ERA_MISMATCH;

  /* The year */
  skip_spaces (s, n, &i);
  if (i < n && s[i] == 0x5143 /* 元 */)
    {
      era_year = 1;
      i++;
    }
  else if (!read_number (s, n, &i, &era_year))
    return KH_ERA_MISMATCH;

  /* Month and day */
  skip_spaces (s, n, &i);
  if (i < n && s[i] == 0x5E74 /* 年 */)
    {
      i++;
      skip_spaces (s, n, &i);
      if (!read_number (s, n, &i, &month))
        return KH_ERA_MISMATCH;
      skip_spaces (s, n, &i);
      if (i >= n || s[i] != 0x6708 /* 月 */)
        return KH_ERA_MISMATCH;
      i++;
      skip_spaces (s, n, &i);
      if (!read_number (s, n, &i, &day))
        return KH_ERA_MISMATCH;
      skip_spaces (s, n, &i);
      if (i >= n || s[i] != 0x65E5 /* 日 */)
        return KH_ERA_MISMATCH;
      i++;
    }
  else
    {
      gunichar sep;

      /* skip_spaces() may have eaten a space separator. */
      if (i > 0 && s[i - 1] == ' ' && i < n && s[i] >= '0' && s[i] <= '9')
        sep = ' ';
      else if (i < n && (s[i] == '.' || s[i] == '/' || s[i] == '-'))
        sep = s[i++];
      else
        return KH_ERA_MISMATCH;

      if (!read_number (s, n, &i, &month))
        return KH_ERA_MISMATCH;
      if (i >= n || s[i] != sep)
        return KH_ERA_MISMATCH;
      i++;
      if (!read_number (s, n, &i, &day))
        return KH_ERA_MISMATCH;
    }
  if (i != n)
    return KH_ERA_MISMATCH;

  error->era = era;
  if (era_year == 0)
    return KH_ERA_YEAR_ZERO;

  year = era_year + eras[era].offset;
  error->year = year;
  error->month = month;
  error->day = day;

  if (month < 1 || month > 12 || day < 1 || day > kh_days_in_month (year, month))
    return KH_ERA_INVALID_DATE;
  if (ymd_compare (year, month, day, eras[era].start) < 0)
    return eras[era].start[0] == 1873 ? KH_ERA_LUNISOLAR : KH_ERA_BEFORE_START;
  if (eras[era].end[0] != 0 && ymd_compare (year, month, day, eras[era].end) > 0)
    return KH_ERA_AFTER_END;

  kh_civil_clear (civil);
  civil->year = year;
  civil->month = month;
  civil->day = day;
  return KH_ERA_OK;
}

/* Returns: (transfer full): the translated reason for @status */
char *
kh_era_error_describe (KhEraStatus       status,
                       const KhEraError *error,
                       const char       *value)
{
  const Era *era = &eras[error->era];

  switch (status)
    {
    case KH_ERA_MISMATCH:
      return g_strdup_printf (_("“%s” is not a Japanese era date such as 令和5年4月1日 or R5.04.01"), value);
    case KH_ERA_YEAR_ZERO:
      return g_strdup_printf (_("“%s” has year 0; era years start at 1 (元年)"), value);
    case KH_ERA_INVALID_DATE:
      {
        KhDateError date_error = { KH_DATE_PROBLEM_DAY, error->day, error->year, error->month };
        g_autofree char *detail = NULL;

        if (error->month < 1 || error->month > 12)
          {
            date_error.problem = KH_DATE_PROBLEM_MONTH;
            date_error.a = error->month;
          }
        detail = kh_date_error_describe (&date_error);
        /* Translators: the second %s is e.g. “2023-02 has no day 30” */
        return g_strdup_printf (_("“%s” is not a valid date: %s"), value, detail);
      }
    case KH_ERA_LUNISOLAR:
      return g_strdup_printf (_("“%s” is before Meiji 6 (1873), when Japan still used the lunisolar calendar; it cannot be converted"),
                              value);
    case KH_ERA_BEFORE_START:
      /* Translators: “Reiwa began on 2019-05-01” */
      return g_strdup_printf (_("“%s” is before its era: %s began on %04d-%02d-%02d"),
                              value, _(era->name), era->start[0], era->start[1], era->start[2]);
    case KH_ERA_AFTER_END:
      /* Translators: “Shōwa ended on 1989-01-07” */
      return g_strdup_printf (_("“%s” is after its era: %s ended on %04d-%02d-%02d"),
                              value, _(era->name), era->end[0], era->end[1], era->end[2]);
    case KH_ERA_OK:
    default:
      return g_strdup ("");
    }
}
