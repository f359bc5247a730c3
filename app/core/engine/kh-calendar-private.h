/* kh-calendar-private.h: proleptic Gregorian dates, times and their
 * canonical spellings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kh-value.h"

G_BEGIN_DECLS

#define KH_FRAC_MAX 9           /* fraction digits of a second */
#define KH_CIVIL_STRING_MAX 48  /* room for any canonical date/time text */

/* A date, a time of day, or both, with an optional UTC offset. The
 * fraction of a second is kept as the digits written. */
typedef struct
{
  int       year;
  int       month;
  int       day;
  int       hour;
  int       minute;
  int       second;
  int       n_frac;
  char      frac[KH_FRAC_MAX + 1];
  int       offset_minutes;
  gboolean  has_offset;
  gboolean  offset_z;       /* written as Z */
} KhCivil;

gboolean  kh_is_leap_year        (int            year);
int       kh_days_in_month       (int            year,
                                  int            month);
gint64    kh_days_from_civil     (int            year,
                                  int            month,
                                  int            day);
void      kh_civil_from_days     (gint64         days,
                                  int           *year,
                                  int           *month,
                                  int           *day);
int       kh_weekday             (int            year,
                                  int            month,
                                  int            day);
void      kh_civil_clear         (KhCivil       *civil);
gboolean  kh_civil_parse         (KhCivil       *civil,
                                  KhValueType    type,
                                  const char    *str,
                                  gsize          len);
gboolean  kh_civil_parse_any     (KhCivil       *civil,
                                  KhValueType   *type,
                                  const char    *str,
                                  gsize          len);
gsize     kh_civil_format        (const KhCivil *civil,
                                  KhValueType    type,
                                  char          *buf);
gsize     kh_format_offset       (int            offset_minutes,
                                  gboolean       z,
                                  char          *buf);
gint64    kh_civil_to_local_seconds (const KhCivil *civil);
void      kh_civil_set_local_seconds (KhCivil    *civil,
                                  gint64         seconds);

G_END_DECLS
