/* kh-csv-writer.c: RFC 4180 CSV, with formula-injection neutralisation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-csv-writer"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kh-file-sink-private.h"
#include "kh-swar-private.h"
#include "kh-writer-private.h"

typedef struct
{
  KhWriter    parent;

  KhFileSink  sink;
  char        delim[8];
  guint       delim_len;
  const char *eol;
  guint       eol_len;
  gboolean    guard;              /* neutralise formulas */
  guint8      needs_quotes[256];  /* bytes that make a field quoted */
  guint64     delim_bytes;        /* the delimiter's first byte, 8 times */
} KhCsvWriter;

/* The OWASP list of characters a spreadsheet may take as a formula start. */
static inline gboolean
is_formula_start (char c)
{
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

/* Appends one field at @out, which has room for 2 * len + 3 bytes. */
static inline char *
put_field (KhCsvWriter *self,
           char        *out,
           const char  *str,
           gsize        len,
           gboolean     prefix)
{
  char *start = out;

  /* Optimistic: copy as it is, and start over quoted on a special byte. */
  if (len == 0)
    goto quoted;
  if (prefix)
    *out++ = '\'';
  {
    const char *s = str;
    const char *end = str + len;

    /* Eight bytes at a time while none is special. */
    while (end - s >= 8)
      {
        guint64 x;
        guint64 q;
        guint64 cr;
        guint64 lf;
        guint64 dl;

        memcpy (&x, s, 8);
        q = x ^ KH_BYTES ('"');
        cr = x ^ KH_BYTES ('\r');
        lf = x ^ KH_BYTES ('\n');
        dl = x ^ self->delim_bytes;
        if (KH_HAS_ZERO (q) | KH_HAS_ZERO (cr) | KH_HAS_ZERO (lf) | KH_HAS_ZERO (dl))
          break;
        memcpy (out, s, 8);
        out += 8;
        s += 8;
      }
    for (; s < end; s++)
      {
        if (G_UNLIKELY (self->needs_quotes[(guint8) *s]))
          goto quoted;
        *out++ = *s;
      }
  }
  return out;

quoted:
  out = start;
  *out++ = '"';
  if (prefix)
    *out++ = '\'';
  for (gsize i = 0; i < len; i++)
    {
      if (str[i] == '"')
        *out++ = '"';
      *out++ = str[i];
    }
  *out++ = '"';

  return out;
}

static gboolean
csv_write (KhWriter       *writer,
           const KhValue  *cells,
           GError        **error)
{
  KhCsvWriter *self = (KhCsvWriter *) writer;
  KhFileSink *sink = &self->sink;
  gsize need = self->eol_len;
  char *out;

  for (guint i = 0; i < writer->n_columns; i++)
    need += 2 * cells[i].len + 4 + self->delim_len;
  if (!_kh_file_sink_reserve (sink, need, error))
    return FALSE;

  out = sink->buf + sink->len;
  for (guint i = 0; i < writer->n_columns; i++)
    {
      const KhValue *cell = &cells[i];
      KhValueType type = _kh_writer_cell_type (writer, i, cell);
      gboolean prefix = FALSE;

      if (i > 0)
        {
          memcpy (out, self->delim, self->delim_len);
          out += self->delim_len;
        }

      if (type == KH_VALUE_NULL)
        continue;

      if (type == KH_VALUE_INTEGER || type == KH_VALUE_DECIMAL || type == KH_VALUE_BOOLEAN)
        {
          if (!_kh_writer_check_value (writer, i, cell, type, error))
            return FALSE;
        }
      else if (self->guard && cell->len > 0 && is_formula_start (cell->str[0]))
        prefix = TRUE;

      out = put_field (self, out, cell->str, cell->len, prefix);
    }
  memcpy (out, self->eol, self->eol_len);
  out += self->eol_len;
  sink->len = out - sink->buf;

  return TRUE;
}

static gboolean
csv_commit (KhWriter  *writer,
            GError   **error)
{
  KhCsvWriter *self = (KhCsvWriter *) writer;

  return _kh_file_sink_commit (&self->sink, error);
}

static void
csv_abort (KhWriter *writer)
{
  KhCsvWriter *self = (KhCsvWriter *) writer;

  _kh_file_sink_abort (&self->sink);
}

static void
csv_finalize (KhWriter *writer)
{
  KhCsvWriter *self = (KhCsvWriter *) writer;

  _kh_file_sink_clear (&self->sink);
}

static const char *
csv_temp_path (KhWriter *writer)
{
  return ((KhCsvWriter *) writer)->sink.tmp_path;
}

static const KhWriterClass csv_class = {
  .write = csv_write,
  .commit = csv_commit,
  .abort = csv_abort,
  .finalize = csv_finalize,
  .temp_path = csv_temp_path,
};

KhWriter *
_kh_csv_writer_new (const char             *path,
                    const char * const     *names,
                    const KhValueType      *types,
                    guint                   n_columns,
                    const KhWriterOptions  *options,
                    GError                **error)
{
  KhCsvWriter *self = g_new0 (KhCsvWriter, 1);
  g_autoptr(KhWriter) writer = &self->parent;
  g_autofree char *name = _kh_output_display_name (path);
  const char *delim = options->delimiter != NULL ? options->delimiter : ",";

  _kh_writer_init (writer, &csv_class, KH_IO_FORMAT_CSV, name, names, types, n_columns);
  self->sink.fd = -1;

  self->delim_len = strlen (delim);
  if (self->delim_len == 0 || self->delim_len > 4 ||
      !g_utf8_validate (delim, -1, NULL) || g_utf8_strlen (delim, -1) != 1 ||
      strchr ("\r\n\"", delim[0]) != NULL)
    {
      g_set_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM,
                   _("The CSV delimiter must be one character other than a line break or a quote, not “%s”"),
                   delim);
      return NULL;
    }
  memcpy (self->delim, delim, self->delim_len);
  self->eol = options->crlf ? "\r\n" : "\n";
  self->eol_len = strlen (self->eol);
  self->guard = !options->keep_formulas;

  self->needs_quotes['"'] = 1;
  self->needs_quotes['\r'] = 1;
  self->needs_quotes['\n'] = 1;
  self->needs_quotes[(guint8) delim[0]] = 1;
  self->delim_bytes = KH_BYTES (delim[0]);

  if (!_kh_file_sink_open (&self->sink, path, error))
    return NULL;

  if (!options->no_header)
    {
      gsize need = self->eol_len;
      char *out;

      for (guint i = 0; i < n_columns; i++)
        need += 2 * strlen (names[i]) + 4 + self->delim_len;
      if (!_kh_file_sink_reserve (&self->sink, need, error))
        return NULL;

      out = self->sink.buf + self->sink.len;
      for (guint i = 0; i < n_columns; i++)
        {
          if (i > 0)
            {
              memcpy (out, self->delim, self->delim_len);
              out += self->delim_len;
            }
          out = put_field (self, out, names[i], strlen (names[i]), FALSE);
        }
      memcpy (out, self->eol, self->eol_len);
      out += self->eol_len;
      self->sink.len = out - self->sink.buf;
    }

  return g_steal_pointer (&writer);
}
