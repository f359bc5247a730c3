/* kh-bytes-private.h: loading a few bytes of a text at once, reading
 * nothing past it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include <glib.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

G_BEGIN_DECLS

/* The @n (at most 8) bytes at @s as a number, the first in the lowest
 * byte, zeros above them; reads only [s, s + n): two 4-byte loads that
 * overlap, or three single bytes. */
static inline guint64
kh_load_le_upto8 (const char *s,
                  gsize       n)
{
  if (n >= 4)
    {
      guint32 head, tail;

      memcpy (&head, s, 4);
      memcpy (&tail, s + n - 4, 4);
      return GUINT32_FROM_LE (head) | (guint64) GUINT32_FROM_LE (tail) << (8 * (n - 4));
    }
  if (n > 0)
    return (guint64) (guchar) s[0] | (guint64) (guchar) s[n / 2] << (8 * (n / 2)) |
           (guint64) (guchar) s[n - 1] << (8 * (n - 1));
  return 0;
}

#ifdef __SSE2__
/* The @len (at most 16) bytes at @s in a vector, zeros after them; reads
 * only [s, s + len): two 8-byte loads that overlap (the second shifted so
 * that it holds only bytes 8 and up: two shifts, as one by 64 is
 * undefined), or kh_load_le_upto8(). */
static inline __m128i
kh_load_upto16 (const char *s,
                gsize       len)
{
  if (len >= 8)
    {
      guint64 head, tail;

      memcpy (&head, s, 8);
      memcpy (&tail, s + len - 8, 8);
      tail = (tail >> (4 * (16 - len))) >> (4 * (16 - len));
      return _mm_set_epi64x ((gint64) tail, (gint64) head);
    }
  return _mm_set_epi64x (0, (gint64) kh_load_le_upto8 (s, len));
}
#endif

G_END_DECLS
