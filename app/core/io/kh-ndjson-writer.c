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
  char        *key_slots; /* owned: the keys again, KEY_SLOT bytes each, or NULL */
  gsize        need;      /* the room a record needs besides its cells' text */
} KhNdjsonWriter;

/* When every key fits in KEY_SLOT bytes, keys are copied KEY_SLOT bytes at
 * a time (a fixed-size copy is two moves; a call to memcpy() costs more
 * than the copy), into room reserved for it. */
#define KEY_SLOT 32

static gboolean
ndjson_write (KhWriter       *writer,
              const KhValue  *cells,
              GError        **error)
{
  KhNdjsonWriter *self = (KhNdjsonWriter *) writer;
  KhFileSink *sink = &self->sink;
  const guint n_columns = writer->n_columns;
  const char *key_slots = self->key_slots;
  /* In locals: the stores through out (a char *) could change anything
   * as far as the compiler knows, so it would load these again per cell. */
  const KhValueType *types = writer->types;
  const gsize *key_lens = self->key_lens;
  gsize text = 0;
  char *out;

  for (guint i = 0; i < n_columns; i++)
    text += cells[i].len;
  if (!_kh_file_sink_reserve (sink, self->need + KH_JSON_ESCAPE_MAX (text), error))
    return FALSE;

  out = sink->buf + sink->len;
  if (self->array && writer->n_records > 0)
    {
      *out++ = ',';
      *out++ = '\n';
    }
  if (n_columns == 0)
    *out++ = '{';

  for (guint i = 0; i < n_columns; i++)
    {
      const KhValue *cell = &cells[i];
      KhValueType type = _kh_writer_cell_type_in (types, i, cell);

      if (key_slots != NULL)
        memcpy (out, key_slots + (gsize) i * KEY_SLOT, KEY_SLOT);
      else
        memcpy (out, self->keys[i], key_lens[i]);
      out += key_lens[i];

      switch (type)
        {
        case KH_VALUE_NULL:
          memcpy (out, "null", 4);
          out += 4;
          break;

        case KH_VALUE_INTEGER:
        case KH_VALUE_DECIMAL:
          if (!_kh_writer_is_number_fast (cell->str, cell->len, type == KH_VALUE_INTEGER) &&
              !_kh_writer_check_value (writer, i, cell, type, error))
            return FALSE;
          _kh_copy_short (out, cell->str, cell->len);
          out += cell->len;
          break;

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
  g_free (self->key_slots);
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
  gboolean all_fit = TRUE;

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

  /* Per record: 2 for ",\n", 1 for "{" without columns, 2 for "}\n", and
   * per cell its key and 4 for null or 2 quotes; and the slack that the
   * last key slot may copy beyond its key. */
  self->need = 8 + KEY_SLOT;
  for (guint i = 0; i < n_columns; i++)
    {
      self->need += self->key_lens[i] + 4;
      all_fit = all_fit && self->key_lens[i] <= KEY_SLOT;
    }
  if (all_fit)
    {
      self->key_slots = g_malloc0 ((gsize) MAX (n_columns, 1) * KEY_SLOT);
      for (guint i = 0; i < n_columns; i++)
        memcpy (self->key_slots + (gsize) i * KEY_SLOT, self->keys[i], self->key_lens[i]);
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
