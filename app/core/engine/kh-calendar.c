/* kh-calendar.c: proleptic Gregorian dates, times and their canonical
 * spellings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-calendar"

#include "config.h"

#include <string.h>

#include "kh-calendar-private.h"

gboolean
kh_is_leap_year (int year)
{
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int
kh_days_in_month (int year,
                  int month)
{
  static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  if (month < 1 || month > 12)
    return 0;
  if (month == 2 && kh_is_leap_year (year))
    return 29;
  return days[month - 1];
}

/* Days since 1970-01-01 (Howard Hinnant's algorithm). */
gint64
kh_days_from_civil (int year,
                    int month,
                    int day)
{
  gint64 y = year - (month <= 2);
  gint64 era = (y >= 0 ? y : y - 399) / 400;
  gint64 yoe = y - era * 400;
  gint64 doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  gint64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

  return era * 146097 + doe - 719468;
}

void
kh_civil_from_days (gint64  days,
                    int    *year,
                    int    *month,
                    int    *day)
{
  gint64 z = days + 719468;
  gint64 era = (z >= 0 ? z : z - 146096) / 146097;
  gint64 doe = z - era * 146097;
  gint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  gint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  gint64 mp = (5 * doy + 2) / 153;
  gint64 d = doy - (153 * mp + 2) / 5 + 1;
  gint64 m = mp < 10 ? mp + 3 : mp - 9;

  *year = (int) (yoe + era * 400 + (m <= 2));
  *month = (int) m;
  *day = (int) d;
}

/* 0 = Monday … 6 = Sunday */
int
kh_weekday (int year,
            int month,
            int day)
{
  gint64 days = kh_days_from_civil (year, month, day);

  /* 1970-01-01 was a Thursday (3). */
  return (int) (((days % 7) + 7 + 3) % 7);
}

void
kh_civil_clear (KhCivil *civil)
{
  memset (civil, 0, sizeof *civil);
}

static gboolean
digits (const char *p,
        int         n,
        int        *value)
{
  int v = 0;

  for (int i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (p[i]))
        return FALSE;
      v = v * 10 + (p[i] - '0');
    }
  *value = v;
  return TRUE;
}

static gboolean
parse_date_part (KhCivil    *civil,
                 const char *p)
{
  if (!digits (p, 4, &civil->year) || p[4] != '-' ||
      !digits (p + 5, 2, &civil->month) || p[7] != '-' ||
      !digits (p + 8, 2, &civil->day))
    return FALSE;

  return civil->year >= 1 && civil->month >= 1 && civil->month <= 12 &&
         civil->day >= 1 && civil->day <= kh_days_in_month (civil->year, civil->month);
}

/* HH:MM:SS[.f+]; returns the number of bytes read, 0 on error */
static gsize
parse_time_part (KhCivil    *civil,
                 const char *p,
                 gsize       len)
{
  gsize i = 8;

  if (len < 8 ||
      !digits (p, 2, &civil->hour) || p[2] != ':' ||
      !digits (p + 3, 2, &civil->minute) || p[5] != ':' ||
      !digits (p + 6, 2, &civil->second))
    return 0;
  if (civil->hour > 23 || civil->minute > 59 || civil->second > 59)
    return 0;

  civil->n_frac = 0;
  if (i < len && p[i] == '.')
    {
      i++;
      while (i < len && g_ascii_isdigit (p[i]))
        {
          if (civil->n_frac == KH_FRAC_MAX)
            return 0;
          civil->frac[civil->n_frac++] = p[i++];
        }
      if (civil->n_frac == 0)
        return 0;
    }
  civil->frac[civil->n_frac] = '\0';

  return i;
}

static gboolean
parse_offset (KhCivil    *civil,
              const char *p,
              gsize       len)
{
  int hh, mm;

  civil->has_offset = FALSE;
  civil->offset_z = FALSE;
  civil->offset_minutes = 0;

  if (len == 0)
    return TRUE;
  if (len == 1 && p[0] == 'Z')
    {
      civil->has_offset = civil->offset_z = TRUE;
      return TRUE;
    }
  if (len != 6 || (p[0] != '+' && p[0] != '-') || p[3] != ':' ||
      !digits (p + 1, 2, &hh) || !digits (p + 4, 2, &mm) || hh > 23 || mm > 59)
    return FALSE;

  civil->has_offset = TRUE;
  civil->offset_minutes = (hh * 60 + mm) * (p[0] == '-' ? -1 : 1);
  return TRUE;
}

/**
 * kh_civil_parse:
 * @type: %KH_VALUE_DATE, %KH_VALUE_DATETIME or %KH_VALUE_TIME
 *
 * Reads the canonical spelling of @type, checking the calendar.
 */
gboolean
kh_civil_parse (KhCivil     *civil,
                KhValueType  type,
                const char  *str,
                gsize        len)
{
  gsize n;

  kh_civil_clear (civil);

  switch (type)
    {
    case KH_VALUE_DATE:
      return len == 10 && parse_date_part (civil, str);

    case KH_VALUE_DATETIME:
      if (len < 19 || str[10] != 'T' || !parse_date_part (civil, str))
        return FALSE;
      n = parse_time_part (civil, str + 11, len - 11);
      if (n == 0)
        return FALSE;
      return parse_offset (civil, str + 11 + n, len - 11 - n);

    case KH_VALUE_TIME:
      n = parse_time_part (civil, str, len);
      return n != 0 && n == len;

    case KH_VALUE_NULL:
    case KH_VALUE_STRING:
    case KH_VALUE_INTEGER:
    case KH_VALUE_DECIMAL:
    case KH_VALUE_BOOLEAN:
    default:
      return FALSE;
    }
}

/* Reads whichever of date, datetime and time @str spells. */
gboolean
kh_civil_parse_any (KhCivil     *civil,
                    KhValueType *type,
                    const char  *str,
                    gsize        len)
{
  if (len == 10 && kh_civil_parse (civil, KH_VALUE_DATE, str, len))
    *type = KH_VALUE_DATE;
  else if (len >= 19 && kh_civil_parse (civil, KH_VALUE_DATETIME, str, len))
    *type = KH_VALUE_DATETIME;
  else if (len >= 8 && kh_civil_parse (civil, KH_VALUE_TIME, str, len))
    *type = KH_VALUE_TIME;
  else
    return FALSE;
  return TRUE;
}

static const char digit_pairs[] =
  "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
  "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
  "8081828384858687888990919293949596979899";

static inline char *
put2 (char *p,
      int   v)
{
  memcpy (p, digit_pairs + 2 * v, 2);
  return p + 2;
}

gsize
kh_format_offset (int       offset_minutes,
                  gboolean  z,
                  char     *buf)
{
  int a = ABS (offset_minutes);

  if (z)
    {
      buf[0] = 'Z';
      buf[1] = '\0';
      return 1;
    }
  buf[0] = offset_minutes < 0 ? '-' : '+';
  put2 (buf + 1, a / 60);
  buf[3] = ':';
  put2 (buf + 4, a % 60);
  buf[6] = '\0';
  return 6;
}

/* Writes the canonical spelling of @civil as @type into @buf
 * (KH_CIVIL_STRING_MAX bytes) and returns its length. */
gsize
kh_civil_format (const KhCivil *civil,
                 KhValueType    type,
                 char          *buf)
{
  char *p = buf;

  if (type == KH_VALUE_DATE || type == KH_VALUE_DATETIME)
    {
      int y = civil->year % 10000;

      p = put2 (p, y / 100);
      p = put2 (p, y % 100);
      *p++ = '-';
      p = put2 (p, civil->month);
      *p++ = '-';
      p = put2 (p, civil->day);
      if (type == KH_VALUE_DATETIME)
        *p++ = 'T';
    }

  if (type == KH_VALUE_DATETIME || type == KH_VALUE_TIME)
    {
      p = put2 (p, civil->hour);
      *p++ = ':';
      p = put2 (p, civil->minute);
      *p++ = ':';
      p = put2 (p, civil->second);
      if (civil->n_frac > 0)
        {
          *p++ = '.';
          memcpy (p, civil->frac, (gsize) civil->n_frac);
          p += civil->n_frac;
        }
    }

  if (type == KH_VALUE_DATETIME && civil->has_offset)
    p += kh_format_offset (civil->offset_minutes, civil->offset_z, p);

  *p = '\0';
  return (gsize) (p - buf);
}

/* Seconds since 1970-01-01T00:00:00 of the local date and time, ignoring
 * the offset and the fraction. */
gint64
kh_civil_to_local_seconds (const KhCivil *civil)
{
  return kh_days_from_civil (civil->year, civil->month, civil->day) * 86400 +
         civil->hour * 3600 + civil->minute * 60 + civil->second;
}

void
kh_civil_set_local_seconds (KhCivil *civil,
                            gint64   seconds)
{
  gint64 days = seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
  gint64 rest = seconds - days * 86400;

  kh_civil_from_days (days, &civil->year, &civil->month, &civil->day);
  civil->hour = (int) (rest / 3600);
  civil->minute = (int) (rest / 60 % 60);
  civil->second = (int) (rest % 60);
}
