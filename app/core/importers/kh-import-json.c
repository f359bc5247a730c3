/* kh-import-json.c: reading JSON metadata files, with located errors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-importer"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kh-importer-private.h"

void
_kh_import_locate (const char *data,
                   gsize       offset,
                   guint      *line,
                   guint      *column)
{
  guint l = 1, c = 1;

  for (gsize i = 0; i < offset; i++)
    {
      guchar ch = (guchar) data[i];

      if (ch == '\n')
        {
          l++;
          c = 1;
        }
      else if ((ch & 0xC0) != 0x80)  /* count characters, not bytes */
        c++;
    }
  *line = l;
  *column = c;
}

gboolean
_kh_import_check_utf8 (KhImportContext  *ctx,
                       const char       *data,
                       gsize             length,
                       GError          **error)
{
  const char *end = NULL;
  guint line, column;

  if (g_utf8_validate_len (data, length, &end))
    return TRUE;

  _kh_import_locate (data, end - data, &line, &column);
  /* Translators: %02X is the hexadecimal value of the bad byte */
  _kh_import_set_error (error, ctx, KH_ERROR_ENCODING, line, column,
                        _("Invalid UTF-8 (byte 0x%02X); expected UTF-8 text"),
                        (guint) (guchar) *end);
  return FALSE;
}

cJSON *
_kh_import_parse_json (KhImportContext  *ctx,
                       const char       *data,
                       gsize             length,
                       GError          **error)
{
  const char *parse_end = NULL;
  cJSON *root;
  guint line, column;

  /* A UTF-8 byte order mark is not JSON, but editors write it. */
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      data += 3;
      length -= 3;
    }

  if (!_kh_import_check_utf8 (ctx, data, length, error))
    return NULL;

  {
    gsize i = 0;

    while (i < length && g_ascii_isspace (data[i]))
      i++;
    if (i == length)
      {
        _kh_import_set_error (error, ctx, KH_ERROR_PARSE, 1, 1, "%s",
                              _("The file is empty; expected a JSON document"));
        return NULL;
      }
  }

  root = cJSON_ParseWithLengthOpts (data, length, &parse_end, FALSE);
  if (root != NULL)
    {
      /* Only white space may follow the document. */
      gsize pos = parse_end - data;

      while (pos < length && g_ascii_isspace (data[pos]))
        pos++;
      if (pos == length)
        return root;

      cJSON_Delete (root);
      _kh_import_locate (data, pos, &line, &column);
      _kh_import_set_error (error, ctx, KH_ERROR_PARSE, line, column, "%s",
                            _("Unexpected text after the JSON document; expected the end of the file"));
      return NULL;
    }

  {
    gsize pos = parse_end != NULL && parse_end >= data ? (gsize) (parse_end - data) : 0;

    gboolean truncated;

    if (pos > length)
      pos = length;
    /* Nothing structural after the error: the text just stops. */
    truncated = TRUE;
    for (gsize i = pos; i < length && truncated; i++)
      if (strchr (",:]}", data[i]) != NULL && data[i] != '\0')
        truncated = FALSE;
    if (truncated)
      pos = length;
    _kh_import_locate (data, pos, &line, &column);
    if (truncated)
      _kh_import_set_error (error, ctx, KH_ERROR_PARSE, line, column, "%s",
                            _("The JSON document ends too early (is the file truncated?); "
                              "expected more values and closing brackets"));
    else
      {
        char snippet[16];
        gsize n = MIN (length - pos, sizeof snippet - 1);

        memcpy (snippet, data + pos, n);
        snippet[n] = '\0';
        /* Cut at a line end or a partial character. */
        for (gsize i = 0; i < n; i++)
          if (snippet[i] == '\n' || snippet[i] == '\r')
            snippet[i] = '\0';
        {
          const char *valid_end = NULL;

          g_utf8_validate (snippet, -1, &valid_end);
          snippet[valid_end - snippet] = '\0';
        }
        /* Translators: %s is the text where the JSON is wrong */
        _kh_import_set_error (error, ctx, KH_ERROR_PARSE, line, column,
                              _("Invalid JSON at “%s”; expected a value, a comma, a colon or a closing bracket"),
                              snippet);
      }
  }
  return NULL;
}

cJSON *
_kh_import_load_json (KhImportContext  *ctx,
                      GError          **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_load_contents (ctx->file, ctx->cancellable, &contents, &length, NULL, error))
    {
      _kh_import_prefix_error (error, ctx);
      return NULL;
    }
  if (length == 0)
    {
      _kh_import_set_error (error, ctx, KH_ERROR_PARSE, 1, 1, "%s",
                            _("The file is empty; expected a JSON document"));
      return NULL;
    }
  return _kh_import_parse_json (ctx, contents, length, error);
}

const char *
_kh_json_string (const cJSON *object,
                 const char  *name)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (object, name);

  return cJSON_IsString (item) ? item->valuestring : NULL;
}

gboolean
_kh_json_bool (const cJSON *object,
               const char  *name,
               gboolean     fallback)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (object, name);

  if (cJSON_IsBool (item))
    return cJSON_IsTrue (item);
  if (cJSON_IsNumber (item))
    return item->valuedouble != 0;
  if (cJSON_IsString (item))
    {
      if (g_ascii_strcasecmp (item->valuestring, "true") == 0 || strcmp (item->valuestring, "1") == 0)
        return TRUE;
      if (g_ascii_strcasecmp (item->valuestring, "false") == 0 || strcmp (item->valuestring, "0") == 0)
        return FALSE;
    }
  return fallback;
}

gboolean
_kh_json_int (const cJSON *object,
              const char  *name,
              int         *value)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (object, name);

  if (cJSON_IsNumber (item) && item->valuedouble >= G_MININT && item->valuedouble <= G_MAXINT)
    {
      *value = (int) item->valuedouble;
      return TRUE;
    }
  if (cJSON_IsString (item) && item->valuestring[0] != '\0')
    {
      char *end = NULL;
      gint64 v = g_ascii_strtoll (item->valuestring, &end, 10);

      if (end != NULL && *end == '\0' && v >= G_MININT && v <= G_MAXINT)
        {
          *value = (int) v;
          return TRUE;
        }
    }
  return FALSE;
}
