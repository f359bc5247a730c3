/* kh-number-parse-private.h: reading numbers as people and ERPs write them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kh-decimal-private.h"

G_BEGIN_DECLS

typedef struct
{
  gunichar  decimal_sep;
  gunichar  grouping_sep;     /* 0: no grouping allowed */
  gboolean  currency;
  gboolean  trailing_minus;
  gboolean  parentheses;
  gboolean  triangle;
  gboolean  as_integer;
  char      ascii_class[128];   /* filled by kh_number_format_init() */
} KhNumberFormat;

typedef enum
{
  KH_NUMBER_OK,
  KH_NUMBER_SYNTAX,      /* not a number in this format */
  KH_NUMBER_GROUPING,    /* a grouping separator out of place */
  KH_NUMBER_SIGNS,       /* more than one sign */
  KH_NUMBER_TOO_LONG,    /* more than KH_DECIMAL_MAX_DIGITS digits */
  KH_NUMBER_FRACTION,    /* as an integer: a non-zero fraction */
  KH_NUMBER_OVERFLOW,    /* as an integer: outside 64 bits */
} KhNumberStatus;

void            kh_number_format_init     (KhNumberFormat       *format);
KhNumberStatus  kh_number_parse           (const KhNumberFormat *format,
                                           const char           *str,
                                           gsize                 len,
                                           KhDecimal            *dec);
char           *kh_number_error_describe  (KhNumberStatus        status,
                                           const KhNumberFormat *format,
                                           const char           *value);

G_END_DECLS
