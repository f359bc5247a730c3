/* kh-japanese-era-private.h: dates of the Japanese eras (令和5年4月1日, R5.04.01)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kh-calendar-private.h"

G_BEGIN_DECLS

typedef enum
{
  KH_ERA_OK,
  KH_ERA_MISMATCH,      /* not an era date at all */
  KH_ERA_YEAR_ZERO,     /* era year 0 */
  KH_ERA_INVALID_DATE,  /* month 13, 30 February … */
  KH_ERA_LUNISOLAR,     /* Meiji 1–5: the old calendar */
  KH_ERA_BEFORE_START,  /* before the era began */
  KH_ERA_AFTER_END,     /* after the era ended */
} KhEraStatus;

typedef struct
{
  int  era;     /* index into the era table */
  int  year;    /* the Gregorian year */
  int  month;
  int  day;
} KhEraError;

KhEraStatus  kh_japanese_era_parse    (const char       *str,
                                       gsize             len,
                                       KhCivil          *civil,
                                       KhEraError       *error);
char        *kh_era_error_describe    (KhEraStatus       status,
                                       const KhEraError *error,
                                       const char       *value);

G_END_DECLS
