/* kh-run-rejects.c: the rejects file of a run, and the duplicates listing
 *
 * Both are NDJSON, one object per record, written atomically (see
 * kh-output-file.c). A reject:
 *
 *   {"record":12,"line":13,"fields":{"KUNNR":"0000012345",…},
 *    "errors":[{"target":"Email","step":"required","step_index":2,
 *               "reason":"a value is required","policy":"reject"}]}
 *
 * "fields" holds the record as read: by column name for CSV and SQLite
 * (null for a SQL NULL), the original object for JSON and NDJSON (without
 * its insignificant white space). "errors" lists every rule that failed,
 * whatever its policy; "step" and "step_index" (0-based) are null when the
 * target contract failed rather than a step. A CSV row whose field count
 * does not fit the header (with --ragged=reject) has one error with a null
 * target, and its fields past the header in "extra_fields".
 *
 * A duplicate (--duplicates FILE):
 *
 *   {"record":57,"line":58,"key":{"AccountNumber":"12345"}}
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakehashi-run"

#include "config.h"

#include <string.h>

#include "kh-run-rejects.h"

#include "kh-json-escape.h"
#include "kh-json-escape-private.h"
#include "kh-output-file.h"

struct _KhRunRejects
{
  KhOutputFile  *sink;       /* owned */
  GString       *line;       /* owned, reused for every line */
  char         **columns;    /* owned, NULL-terminated */
  char         **keys;       /* owned, NULL-terminated: each column's `"name":`, escaped */
  gsize         *key_lens;   /* owned, n_columns */
  guint          n_columns;
  guint64        n_lines;
  const char    *policies[KH_ON_ERROR_ABORT + 1];  /* the policies' XML names */
};

KhRunRejects *
kh_run_rejects_open (const char  *path,
                     GError     **error)
{
  KhOutputFile *sink = kh_output_file_open (path, error);
  KhRunRejects *self;

  if (sink == NULL)
    return NULL;

  self = g_new0 (KhRunRejects, 1);
  self->sink = sink;
  self->line = g_string_sized_new (4096);
  self->columns = g_new0 (char *, 1);
  self->keys = g_new0 (char *, 1);
  for (guint i = 0; i < G_N_ELEMENTS (self->policies); i++)
    self->policies[i] = kh_on_error_to_string ((KhOnError) i);
  return self;
}

/**
 * kh_run_rejects_set_columns:
 * @columns: (array length=n_columns): the names of the input columns
 *
 * The names under which the fields of records without their original
 * text (CSV, SQLite) are written.
 */
void
kh_run_rejects_set_columns (KhRunRejects       *self,
                            const char * const *columns,
                            guint               n_columns)
{
  g_strfreev (self->columns);
  g_strfreev (self->keys);
  g_free (self->key_lens);
  self->columns = g_new0 (char *, n_columns + 1);
  self->keys = g_new0 (char *, n_columns + 1);
  self->key_lens = g_new0 (gsize, MAX (n_columns, 1));
  for (guint i = 0; i < n_columns; i++)
    {
      GString *key = g_string_new (NULL);

      self->columns[i] = g_strdup (columns[i]);
      kh_json_append_string (key, columns[i], -1);
      g_string_append_c (key, ':');
      self->key_lens[i] = key->len;
      self->keys[i] = g_string_free (key, FALSE);
    }
  self->n_columns = n_columns;
}

/**
 * kh_run_append_compact_json:
 * @json: (array length=len): one JSON value
 *
 * Appends @json without its insignificant white space, so that an object
 * spread over several lines fits on one NDJSON line. Strings and numbers
 * are copied byte for byte.
 */
void
kh_run_append_compact_json (GString    *out,
                            const char *json,
                            gsize       len)
{
  gboolean in_string = FALSE;
  gsize start = 0;

  for (gsize i = 0; i < len; i++)
    {
      char c = json[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
        {
          g_string_append_len (out, json + start, (gssize) (i - start));
          start = i + 1;
        }
    }
  if (start < len)
    g_string_append_len (out, json + start, (gssize) (len - start));
}

/* g_string_append_printf() allocates a scratch buffer each time: numbers
 * are written by hand so that a reject costs no allocation. */
static void
append_uint (GString *out,
             guint64  value)
{
  char buf[24];
  char *p = buf + sizeof buf;

  do
    {
      *--p = (char) ('0' + value % 10);
      value /= 10;
    }
  while (value > 0);
  g_string_append_len (out, p, (gssize) (buf + sizeof buf - p));
}

static void
append_int (GString *out,
            int      value)
{
  if (value < 0)
    {
      g_string_append_c (out, '-');
      append_uint (out, (guint64) -(gint64) value);
    }
  else
    append_uint (out, (guint64) value);
}

static void
append_value (GString       *out,
              const KhValue *value)
{
  if (value->type == KH_VALUE_NULL || value->str == NULL)
    g_string_append (out, "null");
  else
    kh_json_append_string (out, value->str, (gssize) value->len);
}

static void
append_head (KhRunRejects   *self,
             const KhRecord *record,
             gboolean        with_extra)
{
  GString *out = self->line;

  g_string_truncate (out, 0);
  g_string_append (out, "{\"record\":");
  append_uint (out, record->number);
  g_string_append (out, ",\"line\":");
  if (record->line > 0)
    append_uint (out, record->line);
  else
    g_string_append (out, "null");

  g_string_append (out, ",\"fields\":");
  if (record->raw != NULL)
    {
      kh_run_append_compact_json (out, record->raw, record->raw_len);
      return;
    }

  /* The fields in one go: room for the longest they can be, then
   * written straight into it. */
  {
    guint n = MIN (record->n_cells, self->n_columns);
    gsize need = 2, len = out->len;
    char *w;

    for (guint i = 0; i < n; i++)
      need += 1 + self->key_lens[i] + 2 + MAX (KH_JSON_ESCAPE_MAX (record->cells[i].len), 4);
    g_string_set_size (out, len + need);
    w = out->str + len;
    *w++ = '{';
    for (guint i = 0; i < n; i++)
      {
        const KhValue *value = &record->cells[i];

        if (i > 0)
          *w++ = ',';
        memcpy (w, self->keys[i], self->key_lens[i]);
        w += self->key_lens[i];
        if (value->type == KH_VALUE_NULL || value->str == NULL)
          {
            memcpy (w, "null", 4);
            w += 4;
          }
        else
          {
            *w++ = '"';
            w += _kh_json_escape_inline (w, value->str, value->len);
            *w++ = '"';
          }
      }
    *w++ = '}';
    g_string_truncate (out, (gsize) (w - out->str));
  }

  if (with_extra && record->n_cells > self->n_columns)
    {
      g_string_append (out, ",\"extra_fields\":[");
      for (guint i = self->n_columns; i < record->n_cells; i++)
        {
          if (i > self->n_columns)
            g_string_append_c (out, ',');
          append_value (out, &record->cells[i]);
        }
      g_string_append_c (out, ']');
    }
}

static gboolean
end_line (KhRunRejects  *self,
          GError       **error)
{
  g_string_append (self->line, "}\n");
  self->n_lines++;
  return kh_output_file_write (self->sink, self->line->str, self->line->len, error);
}

/**
 * kh_run_rejects_add:
 * @record: the record as read
 * @result: its evaluation
 *
 * Writes a rejected record with every error of its evaluation.
 */
gboolean
kh_run_rejects_add (KhRunRejects          *self,
                    const KhRecord        *record,
                    const KhRecordResult  *result,
                    GError               **error)
{
  GString *out = self->line;
  guint n_errors = kh_record_result_get_n_errors (result);

  append_head (self, record, FALSE);
  g_string_append (out, ",\"errors\":[");
  for (guint e = 0; e < n_errors; e++)
    {
      const KhCellError *cell_error = kh_record_result_get_error (result, e);

      g_string_append (out, e > 0 ? ",{\"target\":" : "{\"target\":");
      kh_json_append_string (out, cell_error->target, -1);
      g_string_append (out, ",\"step\":");
      if (cell_error->step_id != NULL)
        {
          kh_json_append_string (out, cell_error->step_id, -1);
          g_string_append (out, ",\"step_index\":");
          append_int (out, cell_error->step_index);
        }
      else
        g_string_append (out, "null,\"step_index\":null");
      g_string_append (out, ",\"reason\":");
      kh_json_append_string (out, cell_error->reason != NULL ? cell_error->reason : "", -1);
      g_string_append (out, ",\"policy\":");
      kh_json_append_string (out, (guint) cell_error->policy < G_N_ELEMENTS (self->policies)
                                  ? self->policies[cell_error->policy] : "", -1);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');

  return end_line (self, error);
}

/**
 * kh_run_rejects_add_issue:
 * @record: the record as the reader saw it (all its fields)
 * @reason: why it could not be evaluated
 *
 * Writes a record the reader could not hand out (a ragged CSV row).
 */
gboolean
kh_run_rejects_add_issue (KhRunRejects    *self,
                          const KhRecord  *record,
                          const char      *reason,
                          GError         **error)
{
  GString *out = self->line;

  append_head (self, record, TRUE);
  g_string_append (out, ",\"errors\":[{\"target\":null,\"step\":null,\"step_index\":null,\"reason\":");
  kh_json_append_string (out, reason, -1);
  g_string_append (out, ",\"policy\":\"reject\"}]");

  return end_line (self, error);
}

/**
 * kh_run_rejects_add_duplicate:
 * @cells: (array): the record's output cells
 *
 * Writes a record dropped as a duplicate, with its dedupe key.
 */
gboolean
kh_run_rejects_add_duplicate (KhRunRejects   *self,
                              KhPlan         *plan,
                              guint64         number,
                              guint64         line,
                              const KhValue  *cells,
                              GError        **error)
{
  GString *out = self->line;
  const guint *keys;
  guint n_keys;

  keys = kh_plan_get_dedupe_columns (plan, &n_keys);

  g_string_truncate (out, 0);
  g_string_append (out, "{\"record\":");
  append_uint (out, number);
  g_string_append (out, ",\"line\":");
  if (line > 0)
    append_uint (out, line);
  else
    g_string_append (out, "null");
  g_string_append (out, ",\"key\":{");
  for (guint i = 0; i < n_keys; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      kh_json_append_string (out, kh_plan_get_column (plan, keys[i])->name, -1);
      g_string_append_c (out, ':');
      append_value (out, &cells[keys[i]]);
    }
  g_string_append_c (out, '}');

  return end_line (self, error);
}

gboolean
kh_run_rejects_commit (KhRunRejects  *self,
                       GError       **error)
{
  return kh_output_file_commit (self->sink, error);
}

void
kh_run_rejects_abort (KhRunRejects *self)
{
  if (self != NULL)
    kh_output_file_abort (self->sink);
}

const char *
kh_run_rejects_get_name (KhRunRejects *self)
{
  return kh_output_file_get_name (self->sink);
}

guint64
kh_run_rejects_get_n_lines (KhRunRejects *self)
{
  return self->n_lines;
}

void
kh_run_rejects_free (KhRunRejects *self)
{
  if (self == NULL)
    return;

  kh_output_file_free (self->sink);
  g_string_free (self->line, TRUE);
  g_strfreev (self->columns);
  g_strfreev (self->keys);
  g_free (self->key_lens);
  g_free (self);
}
