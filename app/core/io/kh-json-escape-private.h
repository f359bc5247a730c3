/* kh-json-escape-private.h: the JSON escaping loop, for inlining
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include <glib.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "kh-swar-private.h"

G_BEGIN_DECLS

/* 1 for the bytes a JSON string cannot hold as they are. */
static const guint8 kh_json_needs_escape[256] = {
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* '"' */
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,  /* '\\' */
};

static const char kh_json_hex[] = "0123456789abcdef";

static inline char *
_kh_json_escape_byte (char   *d,
                      guint8  c)
{
  if (G_LIKELY (!kh_json_needs_escape[c]))
    {
      *d++ = c;
      return d;
    }

  *d++ = '\\';
  switch (c)
    {
    case '"': *d++ = '"'; break;
    case '\\': *d++ = '\\'; break;
    case '\n': *d++ = 'n'; break;
    case '\r': *d++ = 'r'; break;
    case '\t': *d++ = 't'; break;
    case '\b': *d++ = 'b'; break;
    case '\f': *d++ = 'f'; break;
    default:
      *d++ = 'u';
      *d++ = '0';
      *d++ = '0';
      *d++ = kh_json_hex[c >> 4];
      *d++ = kh_json_hex[c & 0xf];
      break;
    }
  return d;
}

/* memcpy() for the short strings most cells are, without calling it: two
 * overlapping moves. */
static inline void
_kh_copy_short (char       *dest,
                const char *src,
                gsize       len)
{
  if (len >= 8 && len <= 16)
    {
      guint64 a, b;

      memcpy (&a, src, 8);
      memcpy (&b, src + len - 8, 8);
      memcpy (dest, &a, 8);
      memcpy (dest + len - 8, &b, 8);
    }
  else if (len >= 4 && len < 8)
    {
      guint32 a, b;

      memcpy (&a, src, 4);
      memcpy (&b, src + len - 4, 4);
      memcpy (dest, &a, 4);
      memcpy (dest + len - 4, &b, 4);
    }
  else if (len > 0 && len < 4)
    {
      dest[0] = src[0];
      dest[len / 2] = src[len / 2];
      dest[len - 1] = src[len - 1];
    }
  else if (len > 16)
    memcpy (dest, src, len);
}

/* Whether any of the 8 bytes in @x needs escaping. */
static inline gboolean
_kh_json_word_needs_escape (guint64 x)
{
  return (KH_HAS_LESS (x, 0x20) | KH_HAS_ZERO (x ^ KH_BYTES ('"')) | KH_HAS_ZERO (x ^ KH_BYTES ('\\'))) != 0;
}

#ifdef __SSE2__
/* A bit for each of the 16 bytes that needs escaping. */
static inline int
_kh_json_vec_escapes (__m128i v)
{
  __m128i control = _mm_cmpeq_epi8 (_mm_subs_epu8 (v, _mm_set1_epi8 (0x1F)), _mm_setzero_si128 ());
  __m128i quote = _mm_cmpeq_epi8 (v, _mm_set1_epi8 ('"'));
  __m128i backslash = _mm_cmpeq_epi8 (v, _mm_set1_epi8 ('\\'));

  return _mm_movemask_epi8 (_mm_or_si128 (control, _mm_or_si128 (quote, backslash)));
}
#endif

/* See kh_json_escape(). A string with nothing to escape, the usual case,
 * is checked and copied in blocks (16 bytes with SSE2, else 8), the last
 * block overlapping the one before it rather than going byte by byte;
 * from the first block that needs escaping on, byte by byte. Reads and
 * writes only [str, str + len) and [dest, dest + len) on that path. */
static inline gsize
_kh_json_escape_inline (char       *dest,
                        const char *str,
                        gsize       len)
{
  const guint8 *s = (const guint8 *) str;
  char *d = dest;
  gsize i = 0;

#ifdef __SSE2__
  if (len >= 16)
    {
      for (; i + 16 <= len; i += 16)
        {
          __m128i v = _mm_loadu_si128 ((const __m128i *) (const void *) (s + i));

          if (_kh_json_vec_escapes (v) != 0)
            goto bytes;
          _mm_storeu_si128 ((__m128i *) (void *) (d + i), v);
        }
      if (i < len)
        {
          __m128i v = _mm_loadu_si128 ((const __m128i *) (const void *) (s + len - 16));

          if (_kh_json_vec_escapes (v) != 0)
            goto bytes;
          _mm_storeu_si128 ((__m128i *) (void *) (d + len - 16), v);
        }
      return len;
    }
#else
  if (len >= 16)
    {
      for (; i + 8 <= len; i += 8)
        {
          guint64 x;

          memcpy (&x, s + i, 8);
          if (_kh_json_word_needs_escape (x))
            goto bytes;
          memcpy (d + i, &x, 8);
        }
      if (i < len)
        {
          guint64 x;

          memcpy (&x, s + len - 8, 8);
          if (_kh_json_word_needs_escape (x))
            goto bytes;
          memcpy (d + len - 8, &x, 8);
        }
      return len;
    }
#endif
  if (len >= 8)
    {
      guint64 a, b;

      memcpy (&a, s, 8);
      memcpy (&b, s + len - 8, 8);
#ifdef __SSE2__
      if (_kh_json_vec_escapes (_mm_set_epi64x ((gint64) b, (gint64) a)) != 0)
        goto bytes;
#else
      if (_kh_json_word_needs_escape (a) || _kh_json_word_needs_escape (b))
        goto bytes;
#endif
      memcpy (d, &a, 8);
      memcpy (d + len - 8, &b, 8);
      return len;
    }
  if (len >= 4)
    {
      guint32 a, b;
      guint64 x;

      memcpy (&a, s, 4);
      memcpy (&b, s + len - 4, 4);
      x = ((guint64) a << 32) | b;
#ifdef __SSE2__
      if ((_kh_json_vec_escapes (_mm_cvtsi64_si128 ((gint64) x)) & 0xFF) != 0)
        goto bytes;
#else
      if (_kh_json_word_needs_escape (x))
        goto bytes;
#endif
      memcpy (d, &a, 4);
      memcpy (d + len - 4, &b, 4);
      return len;
    }

bytes:
  d += i;
  for (s += i; s < (const guint8 *) str + len; s++)
    d = _kh_json_escape_byte (d, *s);

  return d - dest;
}

G_END_DECLS
