/* kh-reader.c: opening inputs, and what every reader does alike
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-reader"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "kh-io-format-private.h"
#include "kh-reader-private.h"

void
_kh_reader_init (KhReader              *reader,
                 const KhReaderClass   *klass,
                 KhIoFormat             format,
                 const char            *name,
                 const KhReaderOptions *options)
{
  reader->klass = klass;
  reader->format = format;
  reader->name = g_strdup (name);
  reader->columns = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (reader->columns, NULL);
  reader->issue_func = options->issue_func;
  reader->issue_data = options->issue_data;
}

void
_kh_reader_add_column (KhReader   *reader,
                       const char *name)
{
  GPtrArray *columns = reader->columns;

  g_ptr_array_index (columns, columns->len - 1) = g_strdup (name);
  g_ptr_array_add (columns, NULL);
}

/* Sets @error to "NAME: line L, column C: MESSAGE"; @line and @column are
 * left out when 0. */
void
_kh_reader_set_error_at (KhReader    *reader,
                         GError     **error,
                         KhError      code,
                         guint64      line,
                         guint64      column,
                         const char  *format,
                         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (line > 0 && column > 0)
    /* Translators: file name, line, byte column, message */
    g_set_error (error, KH_ERROR, code, _("%s: line %llu, column %llu: %s"),
                 reader->name, (unsigned long long) line,
                 (unsigned long long) column, message);
  else if (line > 0)
    /* Translators: file name, line, message */
    g_set_error (error, KH_ERROR, code, _("%s: line %llu: %s"),
                 reader->name, (unsigned long long) line, message);
  else
    g_set_error (error, KH_ERROR, code, "%s: %s", reader->name, message);
}

/* Propagates an error of the byte source: decoding errors get the file
 * name and the line; read errors already name the file. Takes ownership of
 * @source_error. */
void
_kh_reader_wrap_error (KhReader  *reader,
                       GError   **error,
                       GError    *source_error,
                       guint64    line)
{
  if (g_error_matches (source_error, KH_ERROR, KH_ERROR_ENCODING))
    {
      _kh_reader_set_error_at (reader, error, KH_ERROR_ENCODING, line, 0,
                               "%s", source_error->message);
      g_error_free (source_error);
    }
  else
    g_propagate_error (error, source_error);
}

void
_kh_reader_report_issue (KhReader       *reader,
                         const KhRecord *record,
                         GError         *issue)
{
  if (reader->issue_func != NULL)
    reader->issue_func (record, issue, reader->issue_data);
  g_error_free (issue);
}

static KhReader *
open_source (KhByteSource           *src,
             const char             *path,
             KhIoFormat              format,
             const KhReaderOptions  *options,
             GError                **error)
{
  if (src->len == 0 && src->eof)
    {
      g_set_error (error, KH_ERROR, KH_ERROR_INPUT,
                   _("“%s” is empty"), src->name);
      kh_byte_source_free (src);
      return NULL;
    }

  if (format == KH_IO_FORMAT_AUTO)
    format = kh_io_format_sniff (src->buf, src->len, src->eof);
  else if (format == KH_IO_FORMAT_JSON && options->format == KH_IO_FORMAT_AUTO &&
           _kh_io_format_is_json_lines (src->buf, src->len, src->eof))
    format = KH_IO_FORMAT_NDJSON;  /* a .json file that holds NDJSON */

  switch (format)
    {
    case KH_IO_FORMAT_CSV:
      return _kh_csv_reader_new (src, path, options, error);

    case KH_IO_FORMAT_NDJSON:
    case KH_IO_FORMAT_JSON:
      return _kh_json_reader_new (src, format, options, error);

    case KH_IO_FORMAT_SQLITE:
    case KH_IO_FORMAT_AUTO:
    default:
      g_set_error (error, KH_ERROR, KH_ERROR_UNSUPPORTED,
                   _("“%s”: a SQLite database can only be read from a file"),
                   src->name);
      kh_byte_source_free (src);
      return NULL;
    }
}

static gboolean
has_sqlite_header (int fd)
{
  char head[16];
  gssize n;

  do
    n = pread (fd, head, sizeof head, 0);
  while (n < 0 && errno == EINTR);

  return n == sizeof head && memcmp (head, "SQLite format 3", 16) == 0;
}

/**
 * kh_reader_open:
 * @path: a file name, or "-" for standard input
 * @options: (nullable): how to read; %NULL for the defaults
 *
 * Opens an input and reads its head: the encoding and format are decided,
 * and the columns are known when this returns (the CSV header, the first
 * JSON record, the SQLite table's columns), so errors in those come now.
 *
 * Returns: (transfer full): the reader, or %NULL with @error set
 */
KhReader *
kh_reader_open (const char             *path,
                const KhReaderOptions  *options,
                GError                **error)
{
  static const KhReaderOptions defaults = KH_READER_OPTIONS_INIT;
  g_autofree char *name = NULL;
  KhByteSource *src;
  KhIoFormat format;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (options == NULL)
    options = &defaults;
  format = options->format;

  if (strcmp (path, "-") == 0)
    {
      src = kh_byte_source_new_fd (STDIN_FILENO, FALSE, _("standard input"),
                                   options->encoding, options->cancellable, error);
      if (src == NULL)
        return NULL;
      return open_source (src, NULL, format, options, error);
    }

  name = g_filename_display_name (path);
  if (format == KH_IO_FORMAT_AUTO)
    format = kh_io_format_for_path (path);

  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    {
      int saved_errno = errno;

      if (saved_errno == ENOENT)
        g_set_error (error, KH_ERROR, KH_ERROR_INPUT,
                     _("Cannot open “%s”: the file does not exist"), name);
      else
        g_set_error (error, KH_ERROR, KH_ERROR_INPUT,
                     _("Cannot open “%s”: %s"), name, g_strerror (saved_errno));
      return NULL;
    }

  if (format == KH_IO_FORMAT_SQLITE ||
      (format == KH_IO_FORMAT_AUTO && has_sqlite_header (fd)))
    {
      close (fd);
      return _kh_sqlite_reader_new (path, options, error);
    }

  src = kh_byte_source_new_fd (fd, TRUE, name, options->encoding,
                               options->cancellable, error);
  if (src == NULL)
    return NULL;

  return open_source (src, path, format, options, error);
}

/**
 * kh_reader_open_stream:
 * @stream: the input
 * @name: the name for messages; its extension is used as for a path
 * @options: (nullable): how to read
 *
 * Like kh_reader_open(), for a #GInputStream. SQLite cannot be read from a
 * stream.
 *
 * Returns: (transfer full): the reader, or %NULL with @error set
 */
KhReader *
kh_reader_open_stream (GInputStream           *stream,
                       const char             *name,
                       const KhReaderOptions  *options,
                       GError                **error)
{
  static const KhReaderOptions defaults = KH_READER_OPTIONS_INIT;
  KhByteSource *src;
  KhIoFormat format;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (options == NULL)
    options = &defaults;
  format = options->format;
  if (format == KH_IO_FORMAT_AUTO)
    format = kh_io_format_for_path (name);

  src = kh_byte_source_new_stream (stream, name, options->encoding,
                                   options->cancellable, error);
  if (src == NULL)
    return NULL;

  return open_source (src, name, format, options, error);
}

void
kh_reader_free (KhReader *reader)
{
  if (reader == NULL)
    return;

  if (reader->klass->finalize != NULL)
    reader->klass->finalize (reader);
  kh_byte_source_free (reader->src);
  g_ptr_array_unref (reader->columns);
  g_clear_error (&reader->error);
  g_free (reader->name);
  g_free (reader);
}

/**
 * kh_reader_next:
 * @reader: a reader
 * @error: where to put an error
 *
 * Reads one record. The record is valid until the next call.
 *
 * Returns: (transfer none): the record, or %NULL at the end of the input
 *   (@error unset) or on an error (@error set)
 */
const KhRecord *
kh_reader_next (KhReader  *reader,
                GError   **error)
{
  g_autoptr(GError) local_error = NULL;
  const KhRecord *record;

  g_return_val_if_fail (reader != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (reader->error != NULL)
    {
      if (error != NULL)
        *error = g_error_copy (reader->error);
      return NULL;
    }
  if (reader->done)
    return NULL;

  record = reader->klass->next (reader, &local_error);
  if (record != NULL)
    return record;

  if (local_error != NULL)
    {
      reader->error = g_error_copy (local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
    }
  else
    reader->done = TRUE;

  return NULL;
}

/**
 * kh_reader_get_columns:
 * @n_columns: (out) (optional): the number of columns
 *
 * The column names, in cell order. For JSON without a column list they
 * can grow as records are read: the array is valid until the next call to
 * kh_reader_next(), and a record's @n_cells is the number of columns when
 * it was read.
 *
 * Returns: (transfer none) (array zero-terminated=1): the names
 */
const char * const *
kh_reader_get_columns (KhReader *reader,
                       guint    *n_columns)
{
  g_return_val_if_fail (reader != NULL, NULL);

  if (n_columns != NULL)
    *n_columns = reader->columns->len - 1;

  return (const char * const *) reader->columns->pdata;
}

KhIoFormat
kh_reader_get_format (KhReader *reader)
{
  g_return_val_if_fail (reader != NULL, KH_IO_FORMAT_AUTO);

  return reader->format;
}

/**
 * kh_reader_get_name:
 *
 * Returns: the name used in messages: the file name, or "standard input"
 */
const char *
kh_reader_get_name (KhReader *reader)
{
  g_return_val_if_fail (reader != NULL, NULL);

  return reader->name;
}

/**
 * kh_reader_get_encoding:
 *
 * Returns: (nullable): the encoding in use ("UTF-8", "CP932", …), after
 *   "auto" detection; %NULL for SQLite
 */
const char *
kh_reader_get_encoding (KhReader *reader)
{
  g_return_val_if_fail (reader != NULL, NULL);

  return reader->src != NULL ? reader->src->encoding : NULL;
}

/**
 * kh_reader_get_progress:
 * @bytes_read: (out) (optional): bytes read from the input so far
 * @bytes_total: (out) (optional): the input's size, or 0 when unknown
 *   (standard input, pipes, SQLite)
 */
void
kh_reader_get_progress (KhReader *reader,
                        guint64  *bytes_read,
                        guint64  *bytes_total)
{
  guint64 done = 0;
  guint64 total = 0;

  g_return_if_fail (reader != NULL);

  if (reader->src != NULL)
    {
      done = reader->src->raw_done;
      total = reader->src->raw_total;
    }
  else if (reader->klass->progress != NULL)
    reader->klass->progress (reader, &done, &total);

  if (bytes_read != NULL)
    *bytes_read = done;
  if (bytes_total != NULL)
    *bytes_total = total;
}

/**
 * kh_reader_get_n_skipped:
 *
 * Returns: the number of records left out by %KH_RAGGED_SKIP so far (each
 *   was reported to the issue function)
 */
guint64
kh_reader_get_n_skipped (KhReader *reader)
{
  g_return_val_if_fail (reader != NULL, 0);

  return reader->n_skipped;
}
