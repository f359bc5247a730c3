/* kh-utf8-private.h: UTF-8 validation one sequence at a time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The length (2 to 4) of the well-formed UTF-8 sequence that starts with
 * the non-ASCII byte at @p, or 0 when it is ill-formed (a stray
 * continuation byte, an overlong form, a surrogate, beyond U+10FFFF) or
 * truncated within @avail bytes. */
static inline guint
kh_utf8_sequence_length (const guint8 *p,
                         gsize         avail)
{
  guint8 c = p[0];
  guint8 lo = 0x80;
  guint8 hi = 0xBF;

  if (c < 0xC2)
    return 0;

  if (c < 0xE0)
    return avail >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;

  if (c < 0xF0)
    {
      if (c == 0xE0)
        lo = 0xA0;
      else if (c == 0xED)
        hi = 0x9F;
      if (avail < 3 || p[1] < lo || p[1] > hi || (p[2] & 0xC0) != 0x80)
        return 0;
      return 3;
    }

  if (c < 0xF5)
    {
      if (c == 0xF0)
        lo = 0x90;
      else if (c == 0xF4)
        hi = 0x8F;
      if (avail < 4 || p[1] < lo || p[1] > hi ||
          (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80)
        return 0;
      return 4;
    }

  return 0;
}

G_END_DECLS
