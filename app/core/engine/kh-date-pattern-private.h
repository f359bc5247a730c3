/* kh-date-pattern-private.h: compiled date/time patterns (yyyy/MM/dd …)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kh-calendar-private.h"

G_BEGIN_DECLS

typedef struct _KhDatePattern KhDatePattern;

typedef enum
{
  KH_DATE_PARSE_OK,
  KH_DATE_PARSE_MISMATCH,  /* the text does not have the pattern's shape */
  KH_DATE_PARSE_INVALID,   /* it has, but a field is out of range */
} KhDateParseStatus;

typedef enum
{
  KH_DATE_PROBLEM_NONE,
  KH_DATE_PROBLEM_YEAR,      /* a: the year (0) */
  KH_DATE_PROBLEM_MONTH,     /* a: the month */
  KH_DATE_PROBLEM_DAY,       /* a: the day, b: year, c: month */
  KH_DATE_PROBLEM_HOUR,      /* a: the hour */
  KH_DATE_PROBLEM_HOUR12,    /* a: the hour of a 12-hour clock */
  KH_DATE_PROBLEM_MINUTE,    /* a: the minute */
  KH_DATE_PROBLEM_SECOND,    /* a: the second */
  KH_DATE_PROBLEM_OFFSET,    /* a: hours, b: minutes */
  KH_DATE_PROBLEM_WEEKDAY,   /* a: the weekday written, b: the real one (0 = Monday) */
  KH_DATE_PROBLEM_NO_DATE,   /* formatting: the pattern needs a date */
  KH_DATE_PROBLEM_NO_TIME,   /* formatting: the pattern needs a time */
  KH_DATE_PROBLEM_NO_OFFSET, /* formatting: the pattern needs an offset */
} KhDateProblem;

typedef struct
{
  KhDateProblem problem;
  int           a;
  int           b;
  int           c;
} KhDateError;

/* A pattern that is a date by position alone: yyyy, MM and dd once each
 * and ASCII literals, such as yyyy/MM/dd, dd-MM-yyyy or yyyyMMdd. */
typedef struct
{
  guint8  len;         /* the length of every text it matches */
  guint8  year;        /* where its four digits start */
  guint8  month;       /* where its two digits start */
  guint8  day;
  guint8  n_lits;
  guint8  lit_pos[8];
  guint8  lit_byte[8];
} KhDateLayout;

KhDatePattern     *kh_date_pattern_new          (const char           *pattern,
                                                 int                   two_digit_year_start,
                                                 GError              **error);
void               kh_date_pattern_free         (KhDatePattern        *self);
const char        *kh_date_pattern_get_text     (const KhDatePattern  *self);
gboolean           kh_date_pattern_has_date     (const KhDatePattern  *self);
gboolean           kh_date_pattern_has_time     (const KhDatePattern  *self);
gboolean           kh_date_pattern_has_offset   (const KhDatePattern  *self);
const char        *kh_date_pattern_get_missing_date_field (const KhDatePattern *self);
gsize              kh_date_pattern_get_max_length (const KhDatePattern *self);
void               kh_date_pattern_get_text_range (const KhDatePattern *self,
                                                 gsize                *min,
                                                 gsize                *max);
gboolean           kh_date_pattern_get_date_layout (const KhDatePattern *self,
                                                 KhDateLayout         *layout);
KhDateParseStatus  kh_date_pattern_parse        (const KhDatePattern  *self,
                                                 const char           *str,
                                                 gsize                 len,
                                                 KhCivil              *civil,
                                                 KhDateError          *error);
gsize              kh_date_pattern_format       (const KhDatePattern  *self,
                                                 const KhCivil        *civil,
                                                 gboolean              has_date,
                                                 gboolean              has_time,
                                                 char                 *buf,
                                                 KhDateError          *error);
char              *kh_date_error_describe       (const KhDateError    *error);
const char        *kh_weekday_name              (int                   weekday);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhDatePattern, kh_date_pattern_free)

G_END_DECLS
