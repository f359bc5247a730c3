/* kh-json-escape.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-json-escape"

#include "config.h"

#include <string.h>

#include "kh-json-escape.h"
#include "kh-json-escape-private.h"

/**
 * kh_json_escape:
 * @dest: where to write; room for KH_JSON_ESCAPE_MAX(@len) bytes
 * @str: valid UTF-8 (not checked)
 * @len: its length in bytes
 *
 * Writes @str as the inside of a JSON string (without the quotes): `"` and
 * `\` are escaped, control characters become `\n`, `\r`, `\t`, `\b`, `\f`
 * or `\u00XX`; everything else, non-ASCII included, is copied as it is.
 *
 * Returns: the number of bytes written
 */
gsize
kh_json_escape (char       *dest,
                const char *str,
                gsize       len)
{
  return _kh_json_escape_inline (dest, str, len);
}

/**
 * kh_json_append_string:
 * @out: a string to append to
 * @str: valid UTF-8
 * @len: its length, or -1 when it is NUL-terminated
 *
 * Appends @str as a JSON string, quotes included.
 */
void
kh_json_append_string (GString    *out,
                       const char *str,
                       gssize      len)
{
  gsize old_len;
  gsize n;

  g_return_if_fail (out != NULL);
  g_return_if_fail (str != NULL || len == 0);

  if (len < 0)
    len = strlen (str);

  old_len = out->len;
  g_string_set_size (out, old_len + KH_JSON_ESCAPE_MAX (len) + 2);
  out->str[old_len] = '"';
  n = kh_json_escape (out->str + old_len + 1, str, len);
  out->str[old_len + 1 + n] = '"';
  g_string_truncate (out, old_len + n + 2);
}
