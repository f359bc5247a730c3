/* kh-json-escape-private.h: the JSON escaping loop, for inlining
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include <glib.h>

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

/* See kh_json_escape(). Eight bytes at a time while none needs escaping. */
static inline gsize
_kh_json_escape_inline (char       *dest,
                        const char *str,
                        gsize       len)
{
  const guint8 *s = (const guint8 *) str;
  const guint8 *end = s + len;
  char *d = dest;

  while (end - s >= 8)
    {
      guint64 x;
      guint64 quote;
      guint64 backslash;

      memcpy (&x, s, 8);
      quote = x ^ KH_BYTES ('"');
      backslash = x ^ KH_BYTES ('\\');
      if (G_LIKELY (!(KH_HAS_LESS (x, 0x20) | KH_HAS_ZERO (quote) | KH_HAS_ZERO (backslash))))
        {
          memcpy (d, s, 8);
          d += 8;
          s += 8;
          continue;
        }
      for (int k = 0; k < 8; k++)
        d = _kh_json_escape_byte (d, *s++);
    }
  while (s < end)
    d = _kh_json_escape_byte (d, *s++);

  return d - dest;
}

G_END_DECLS
