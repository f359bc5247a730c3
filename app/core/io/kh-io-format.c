/* kh-io-format.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-io-format"

#include "config.h"

#include <string.h>

#include "kh-io-format-private.h"

static const char * const format_names[] = {
  [KH_IO_FORMAT_AUTO] = "auto",
  [KH_IO_FORMAT_CSV] = "csv",
  [KH_IO_FORMAT_NDJSON] = "ndjson",
  [KH_IO_FORMAT_JSON] = "json",
  [KH_IO_FORMAT_SQLITE] = "sqlite",
};

/**
 * kh_io_format_to_string:
 *
 * Returns: the format's name ("csv", "ndjson", …), not translated.
 */
const char *
kh_io_format_to_string (KhIoFormat format)
{
  if ((guint) format < G_N_ELEMENTS (format_names))
    return format_names[format];
  return "auto";
}

/**
 * kh_io_format_from_string:
 * @string: a format name, case-insensitive; "jsonl" is taken as "ndjson"
 *   and "sqlite3" as "sqlite"
 * @format: (out): the format
 *
 * Returns: %TRUE if @string names a format
 */
gboolean
kh_io_format_from_string (const char *string,
                          KhIoFormat *format)
{
  g_return_val_if_fail (format != NULL, FALSE);

  if (string == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (format_names); i++)
    if (g_ascii_strcasecmp (string, format_names[i]) == 0)
      {
        *format = (KhIoFormat) i;
        return TRUE;
      }

  if (g_ascii_strcasecmp (string, "jsonl") == 0)
    {
      *format = KH_IO_FORMAT_NDJSON;
      return TRUE;
    }
  if (g_ascii_strcasecmp (string, "sqlite3") == 0)
    {
      *format = KH_IO_FORMAT_SQLITE;
      return TRUE;
    }

  return FALSE;
}

/**
 * kh_io_format_for_path:
 * @path: a file name
 *
 * Guesses the format from the extension: `.csv`, `.tsv`, `.tab` and `.txt`
 * are CSV; `.ndjson`, `.jsonl` and `.ldjson` NDJSON; `.json` a JSON
 * document; `.sqlite`, `.sqlite3`, `.db` and `.db3` SQLite.
 *
 * Returns: the format, or %KH_IO_FORMAT_AUTO when the extension says nothing
 */
KhIoFormat
kh_io_format_for_path (const char *path)
{
  static const struct {
    const char *ext;
    KhIoFormat  format;
  } exts[] = {
    { "csv", KH_IO_FORMAT_CSV },
    { "tsv", KH_IO_FORMAT_CSV },
    { "tab", KH_IO_FORMAT_CSV },
    { "txt", KH_IO_FORMAT_CSV },
    { "ndjson", KH_IO_FORMAT_NDJSON },
    { "jsonl", KH_IO_FORMAT_NDJSON },
    { "ldjson", KH_IO_FORMAT_NDJSON },
    { "json", KH_IO_FORMAT_JSON },
    { "sqlite", KH_IO_FORMAT_SQLITE },
    { "sqlite3", KH_IO_FORMAT_SQLITE },
    { "db", KH_IO_FORMAT_SQLITE },
    { "db3", KH_IO_FORMAT_SQLITE },
  };
  const char *base;
  const char *dot;

  if (path == NULL)
    return KH_IO_FORMAT_AUTO;

  base = strrchr (path, G_DIR_SEPARATOR);
  base = base != NULL ? base + 1 : path;
  dot = strrchr (base, '.');
  if (dot == NULL || dot == base)
    return KH_IO_FORMAT_AUTO;

  for (guint i = 0; i < G_N_ELEMENTS (exts); i++)
    if (g_ascii_strcasecmp (dot + 1, exts[i].ext) == 0)
      return exts[i].format;

  return KH_IO_FORMAT_AUTO;
}

static gboolean
is_json_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

typedef enum
{
  OBJECT_FOLLOWED,  /* another value follows the first object */
  OBJECT_ENVELOPE,  /* one object with a "d" or "value" member */
  OBJECT_SINGLE,    /* one object, nothing after it */
  OBJECT_LONG,      /* the first object goes on beyond the head */
} ObjectShape;

/* The head starts with '{': what follows the first top-level object. */
static ObjectShape
sniff_object (const char *p,
              const char *end,
              gboolean    at_eof)
{
  gboolean in_string = FALSE;
  gboolean envelope = FALSE;
  const char *string_start = NULL;
  int depth = 0;

  for (; p < end; p++)
    {
      char c = *p;

      if (in_string)
        {
          if (c == '\\')
            p++;
          else if (c == '"')
            {
              in_string = FALSE;
              if (depth == 1)
                {
                  const char *q = p + 1;
                  gsize len = p - string_start;

                  while (q < end && is_json_space (*q))
                    q++;
                  if (q < end && *q == ':' &&
                      ((len == 1 && string_start[0] == 'd') ||
                       (len == 5 && memcmp (string_start, "value", 5) == 0)))
                    envelope = TRUE;
                }
            }
          continue;
        }

      if (c == '"')
        {
          in_string = TRUE;
          string_start = p + 1;
        }
      else if (c == '{' || c == '[')
        depth++;
      else if (c == '}' || c == ']')
        {
          if (--depth == 0)
            {
              p++;
              while (p < end && is_json_space (*p))
                p++;
              if (p < end)
                return *p == '{' ? OBJECT_FOLLOWED : OBJECT_SINGLE;
              if (!at_eof)
                return OBJECT_LONG;
              return envelope ? OBJECT_ENVELOPE : OBJECT_SINGLE;
            }
        }
    }

  return envelope ? OBJECT_ENVELOPE : OBJECT_LONG;
}

/* Whether a head that starts (after white space) with an object has a
 * second object after it: NDJSON, even in a file named .json. */
gboolean
_kh_io_format_is_json_lines (const char *head,
                             gsize       head_len,
                             gboolean    at_eof)
{
  const char *p = head;
  const char *end = head + head_len;

  while (p < end && is_json_space (*p))
    p++;

  return p < end && *p == '{' && sniff_object (p, end, at_eof) == OBJECT_FOLLOWED;
}

/**
 * kh_io_format_sniff:
 * @head: the first bytes of the input
 * @head_len: their length
 * @at_eof: whether @head is the whole input
 *
 * Guesses the format from the content: the SQLite header; a JSON array; an
 * object that is an OData envelope, or longer than @head (a JSON document),
 * or is followed by more objects, or is alone (NDJSON); anything else is CSV.
 *
 * Returns: the format (never %KH_IO_FORMAT_AUTO)
 */
KhIoFormat
kh_io_format_sniff (const char *head,
                    gsize       head_len,
                    gboolean    at_eof)
{
  const char *p = head;
  const char *end = head + head_len;

  if (head_len >= 16 && memcmp (head, "SQLite format 3", 16) == 0)
    return KH_IO_FORMAT_SQLITE;

  if (head_len >= 3 && memcmp (head, "\xEF\xBB\xBF", 3) == 0)
    p += 3;
  while (p < end && is_json_space (*p))
    p++;

  if (p < end && *p == '[')
    return KH_IO_FORMAT_JSON;
  if (p < end && *p == '{')
    {
      /* An envelope, or a big object, is a document; a lone object is a
       * one-record NDJSON file. */
      switch (sniff_object (p, end, at_eof))
        {
        case OBJECT_ENVELOPE:
        case OBJECT_LONG:
          return KH_IO_FORMAT_JSON;
        case OBJECT_FOLLOWED:
        case OBJECT_SINGLE:
        default:
          return KH_IO_FORMAT_NDJSON;
        }
    }

  return KH_IO_FORMAT_CSV;
}
