/* kh-ndjson-writer.c: NDJSON, and JSON arrays
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-ndjson-writer"

#include "config.h"

#include <string.h>

#include "kh-file-sink-private.h"
#include "kh-json-escape.h"
#include "kh-json-escape-private.h"
#include "kh-writer-private.h"

typedef struct
{
  KhWriter     parent;

  KhFileSink   sink;
  gboolean     array;     /* a JSON document: [ records ] */
  char       **keys;      /* owned: `{"name":` or `,"name":`, escaped */
  gsize       *key_lens;  /* owned */
} KhNdjsonWriter;

static gboolean
ndjson_write (KhWriter       *writer,
              const KhValue  *cells,
              GError        **error)
{
  KhNdjsonWriter *self = (KhNdjsonWriter *) writer;
  KhFileSink *sink = &self->sink;
  gsize need = 8;
  char *out;

  for (guint i = 0; i < writer->n_columns; i++)
    need += self->key_lens[i] + KH_JSON_ESCAPE_MAX (cells[i].len) + 8;
  if (!_kh_file_sink_reserve (sink, need, error))
    return FALSE;

  out = sink->buf + sink->len;
  if (self->array && writer->n_records > 0)
    {
      *out++ = ',';
      *out++ = '\n';
    }
  if (writer->n_columns == 0)
    *out++ = '{';

  for (guint i = 0; i < writer->n_columns; i++)
    {
      const KhValue *cell = &cells[i];
      KhValueType type = _kh_writer_cell_type (writer, i, cell);

      memcpy (out, self->keys[i], self->key_lens[i]);
      out += self->key_lens[i];

      switch (type)
        {
        case KH_VALUE_NULL:
          memcpy (out, "null", 4);
          out += 4;
          break;

        case KH_VALUE_INTEGER:
        case KH_VALUE_DECIMAL:
        case KH_VALUE_BOOLEAN:
          if (!_kh_writer_check_value (writer, i, cell, type, error))
            return FALSE;
          memcpy (out, cell->str, cell->len);
          out += cell->len;
          break;

        case KH_VALUE_STRING:
        case KH_VALUE_DATE:
        case KH_VALUE_DATETIME:
        case KH_VALUE_TIME:
        default:
          *out++ = '"';
          out += _kh_json_escape_inline (out, cell->str, cell->len);
          *out++ = '"';
          break;
        }
    }

  *out++ = '}';
  if (!self->array)
    *out++ = '\n';
  sink->len = out - sink->buf;

  return TRUE;
}

static gboolean
ndjson_commit (KhWriter  *writer,
               GError   **error)
{
  KhNdjsonWriter *self = (KhNdjsonWriter *) writer;

  if (self->array)
    {
      if (!_kh_file_sink_reserve (&self->sink, 4, error))
        return FALSE;
      if (writer->n_records > 0)
        self->sink.buf[self->sink.len++] = '\n';
      self->sink.buf[self->sink.len++] = ']';
      self->sink.buf[self->sink.len++] = '\n';
    }

  return _kh_file_sink_commit (&self->sink, error);
}

static void
ndjson_abort (KhWriter *writer)
{
  KhNdjsonWriter *self = (KhNdjsonWriter *) writer;

  _kh_file_sink_abort (&self->sink);
}

static void
ndjson_finalize (KhWriter *writer)
{
  KhNdjsonWriter *self = (KhNdjsonWriter *) writer;

  _kh_file_sink_clear (&self->sink);
  g_strfreev (self->keys);
  g_free (self->key_lens);
}

static const char *
ndjson_temp_path (KhWriter *writer)
{
  return ((KhNdjsonWriter *) writer)->sink.tmp_path;
}

static const KhWriterClass ndjson_class = {
  .write = ndjson_write,
  .commit = ndjson_commit,
  .abort = ndjson_abort,
  .finalize = ndjson_finalize,
  .temp_path = ndjson_temp_path,
};

KhWriter *
_kh_ndjson_writer_new (const char             *path,
                       gboolean                array,
                       const char * const     *names,
                       const KhValueType      *types,
                       guint                   n_columns,
                       const KhWriterOptions  *options,
                       GError                **error)
{
  KhNdjsonWriter *self = g_new0 (KhNdjsonWriter, 1);
  g_autoptr(KhWriter) writer = &self->parent;

  g_autofree char *name = _kh_output_display_name (path);

  _kh_writer_init (writer, &ndjson_class,
                   array ? KH_IO_FORMAT_JSON : KH_IO_FORMAT_NDJSON,
                   name, names, types, n_columns);
  self->array = array;
  self->sink.fd = -1;
  self->keys = g_new0 (char *, n_columns + 1);
  self->key_lens = g_new0 (gsize, MAX (n_columns, 1));
  for (guint i = 0; i < n_columns; i++)
    {
      g_autoptr(GString) key = g_string_new (i == 0 ? "{" : ",");

      kh_json_append_string (key, names[i], -1);
      g_string_append_c (key, ':');
      self->key_lens[i] = key->len;
      self->keys[i] = g_string_free (g_steal_pointer (&key), FALSE);
    }

  if (!_kh_file_sink_open (&self->sink, path, error))
    return NULL;

  if (array)
    {
      self->sink.buf[self->sink.len++] = '[';
      self->sink.buf[self->sink.len++] = '\n';
    }

  return g_steal_pointer (&writer);
}
