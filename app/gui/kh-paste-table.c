/* kh-paste-table.c: read pairs of values pasted from a spreadsheet
 *
 * Spreadsheets copy cells as tab-separated lines; text editors and exports
 * give CSV (comma or semicolon, with "double quotes"). Each non-empty line
 * gives one (from, to) pair. A line with one value maps it to itself.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-paste-table"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kh-error.h"
#include "kh-paste-table.h"

static char
detect_delimiter (const char *text)
{
  if (strchr (text, '\t') != NULL)
    return '\t';
  if (strchr (text, ';') != NULL && strchr (text, ',') == NULL)
    return ';';
  return ',';
}

/* Splits one line into cells, honouring "quoted, cells" with "" escapes. */
static GPtrArray *
split_line (const char  *line,
            char         delimiter,
            guint        line_number,
            GError     **error)
{
  GPtrArray *cells = g_ptr_array_new_with_free_func (g_free);
  GString *cell = g_string_new (NULL);
  const char *p = line;
  gboolean quoted = FALSE;

  while (*p != '\0')
    {
      if (quoted)
        {
          if (*p == '"' && p[1] == '"')
            {
              g_string_append_c (cell, '"');
              p += 2;
              continue;
            }
          if (*p == '"')
            {
              quoted = FALSE;
              p++;
              continue;
            }
          g_string_append_c (cell, *p++);
          continue;
        }

      if (*p == '"' && cell->len == 0)
        {
          quoted = TRUE;
          p++;
        }
      else if (*p == delimiter)
        {
          g_ptr_array_add (cells, g_string_free (cell, FALSE));
          cell = g_string_new (NULL);
          p++;
        }
      else
        g_string_append_c (cell, *p++);
    }

  if (quoted)
    {
      g_string_free (cell, TRUE);
      g_ptr_array_unref (cells);
      g_set_error (error, KH_ERROR, KH_ERROR_PARSE,
                   _("Line %u of the pasted text has a quote that is not closed"), line_number);
      return NULL;
    }

  g_ptr_array_add (cells, g_string_free (cell, FALSE));
  return cells;
}

/**
 * kh_paste_table_parse_pairs:
 *
 * Returns: (transfer full) (element-type utf8): from, to, from, to, … or
 *   %NULL with @error set when the text is not a table of one or two columns
 */
GPtrArray *
kh_paste_table_parse_pairs (const char  *text,
                            GError     **error)
{
  g_autoptr(GPtrArray) pairs = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) lines = NULL;
  char delimiter;

  g_return_val_if_fail (text != NULL, NULL);

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, KH_ERROR, KH_ERROR_ENCODING, _("The pasted text is not valid UTF-8"));
      return NULL;
    }

  delimiter = detect_delimiter (text);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) cells = NULL;
      char *line = lines[i];
      gsize len = strlen (line);

      if (len > 0 && line[len - 1] == '\r')
        line[len - 1] = '\0';
      {
        g_autofree char *stripped = g_strstrip (g_strdup (line));

        if (stripped[0] == '\0')
          continue;
      }

      cells = split_line (line, delimiter, i + 1, error);
      if (cells == NULL)
        return NULL;

      if (cells->len > 2)
        {
          g_set_error (error, KH_ERROR, KH_ERROR_PARSE,
                       _("Line %u of the pasted text has %u columns; a code list takes two: the value and what it becomes"),
                       i + 1, cells->len);
          return NULL;
        }

      g_ptr_array_add (pairs, g_strstrip (g_strdup (g_ptr_array_index (cells, 0))));
      g_ptr_array_add (pairs, g_strstrip (g_strdup (g_ptr_array_index (cells, cells->len > 1 ? 1 : 0))));
    }

  if (pairs->len == 0)
    {
      g_set_error (error, KH_ERROR, KH_ERROR_PARSE, _("The pasted text has no values"));
      return NULL;
    }

  return g_steal_pointer (&pairs);
}
