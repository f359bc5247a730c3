/* kh-writer.c: opening outputs, and what every writer does alike
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-writer"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kh-writer-private.h"

void
_kh_writer_init (KhWriter            *writer,
                 const KhWriterClass *klass,
                 KhIoFormat           format,
                 const char          *name,
                 const char * const  *names,
                 const KhValueType   *types,
                 guint                n_columns)
{
  writer->klass = klass;
  writer->format = format;
  writer->name = g_strdup (name);
  writer->n_columns = n_columns;
  writer->names = g_new0 (char *, n_columns + 1);
  writer->types = g_new0 (KhValueType, MAX (n_columns, 1));
  for (guint i = 0; i < n_columns; i++)
    {
      writer->names[i] = g_strdup (names[i]);
      writer->types[i] = types != NULL ? types[i] : KH_VALUE_STRING;
    }
}

/* Integer, decimal and boolean values must have their canonical spelling,
 * or the output would not say what the engine meant. */
gboolean
_kh_writer_check_value (KhWriter       *writer,
                        guint           column,
                        const KhValue  *cell,
                        KhValueType     type,
                        GError        **error)
{
  const char *expected;

  switch (type)
    {
    case KH_VALUE_INTEGER:
      if (_kh_writer_is_number (cell->str, cell->len, TRUE))
        return TRUE;
      expected = _("an integer");
      break;

    case KH_VALUE_DECIMAL:
      if (_kh_writer_is_number (cell->str, cell->len, FALSE))
        return TRUE;
      expected = _("a decimal number");
      break;

    case KH_VALUE_BOOLEAN:
      if ((cell->len == 4 && memcmp (cell->str, "true", 4) == 0) ||
          (cell->len == 5 && memcmp (cell->str, "false", 5) == 0))
        return TRUE;
      expected = _("true or false");
      break;

    case KH_VALUE_NULL:
    case KH_VALUE_STRING:
    case KH_VALUE_DATE:
    case KH_VALUE_DATETIME:
    case KH_VALUE_TIME:
    default:
      return TRUE;
    }

  g_set_error (error, KH_ERROR, KH_ERROR_OUTPUT,
               _("%s, record %llu, column “%s”: “%.*s” is not %s"),
               writer->name, (unsigned long long) writer->n_records + 1, writer->names[column],
               (int) MIN (cell->len, 64), cell->str, expected);
  return FALSE;
}

/**
 * kh_writer_open:
 * @path: the output file, or "-" for standard output
 * @column_names: (array length=n_columns): the output columns, in order
 * @column_types: (array length=n_columns) (nullable): their types; %NULL
 *   means all strings; %KH_VALUE_NULL means "each cell's own type"
 * @n_columns: the number of columns
 * @options: (nullable): how to write; %NULL for the defaults
 *
 * Opens an output. Everything that can be checked before a record is
 * written is checked now: the folder exists and is writable, the target
 * is not a folder nor read-only, an existing SQLite file is a database.
 *
 * **Atomic.** CSV, NDJSON and JSON are written to a temporary file beside
 * the target (`.NAME.XXXXXX.partial`), which kh_writer_commit() fsyncs and
 * renames onto the target; kh_writer_abort(), or freeing the writer without
 * a commit, removes it. Until the commit, an existing target is untouched.
 * A new SQLite file is built the same way; in an existing SQLite file the
 * rows go to a staging table, and the commit replaces the target table by
 * it in one transaction (so a crash leaves the old table as it was).
 * Standard output is written as the records come, so it is not atomic: an
 * abort stops it where it is.
 *
 * **Values.** Null cells are JSON `null`, an empty CSV field, SQL NULL.
 * Integer and decimal columns are JSON numbers with their exact digits;
 * boolean columns `true`/`false`; everything else JSON strings. In CSV an
 * empty string is written `""`, so it stays apart from null. SQLite columns
 * are declared by type: TEXT (strings, and decimals, which keep their exact
 * digits, as NUMERIC affinity would round them to doubles), INTEGER
 * (64-bit; a larger integer is an error), BOOLEAN (stored 0/1), DATE,
 * DATETIME and TIME (stored as their ISO text). Values are always bound as
 * parameters, never written into SQL.
 *
 * **Formula injection.** CSV cells that start with `=`, `+`, `-`, `@`, a
 * tab or a CR (the OWASP list) get a `'` in front, so spreadsheets show
 * them as text, except numbers in integer and decimal columns (`-12.5`
 * stays as it is). @keep_formulas turns this off.
 *
 * Returns: (transfer full): the writer, or %NULL with @error set
 */
KhWriter *
kh_writer_open (const char             *path,
                const char * const     *column_names,
                const KhValueType      *column_types,
                guint                   n_columns,
                const KhWriterOptions  *options,
                GError                **error)
{
  static const KhWriterOptions defaults = KH_WRITER_OPTIONS_INIT;
  g_autoptr(GHashTable) seen = NULL;
  KhIoFormat format;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (column_names != NULL || n_columns == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (options == NULL)
    options = &defaults;

  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < n_columns; i++)
    {
      if (column_names[i] == NULL || !g_utf8_validate (column_names[i], -1, NULL))
        {
          g_set_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM,
                       _("Output column %u has no valid name"), i + 1);
          return NULL;
        }
      if (!g_hash_table_add (seen, (gpointer) column_names[i]))
        {
          g_set_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM,
                       _("The output column “%s” appears twice"), column_names[i]);
          return NULL;
        }
    }

  format = options->format;
  if (format == KH_IO_FORMAT_AUTO && strcmp (path, "-") != 0)
    format = kh_io_format_for_path (path);

  switch (format)
    {
    case KH_IO_FORMAT_CSV:
      return _kh_csv_writer_new (path, column_names, column_types, n_columns, options, error);

    case KH_IO_FORMAT_JSON:
      return _kh_ndjson_writer_new (path, TRUE, column_names, column_types, n_columns, options, error);

    case KH_IO_FORMAT_SQLITE:
      return _kh_sqlite_writer_new (path, column_names, column_types, n_columns, options, error);

    case KH_IO_FORMAT_AUTO:
    case KH_IO_FORMAT_NDJSON:
    default:
      return _kh_ndjson_writer_new (path, FALSE, column_names, column_types, n_columns, options, error);
    }
}

/**
 * kh_writer_write_record:
 * @cells: (array): one value per column
 *
 * Writes one record. After an error the writer keeps failing; abort it.
 *
 * Returns: %TRUE on success
 */
gboolean
kh_writer_write_record (KhWriter       *writer,
                        const KhValue  *cells,
                        GError        **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (writer != NULL, FALSE);
  g_return_val_if_fail (cells != NULL || writer->n_columns == 0, FALSE);
  g_return_val_if_fail (!writer->finished, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (writer->error != NULL)
    {
      if (error != NULL)
        *error = g_error_copy (writer->error);
      return FALSE;
    }

  if (!writer->klass->write (writer, cells, &local_error))
    {
      writer->error = g_error_copy (local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  writer->n_records++;
  return TRUE;
}

/**
 * kh_writer_commit:
 *
 * Finishes the output and puts it in place. On failure nothing is put in
 * place; the writer still has to be aborted or freed.
 *
 * Returns: %TRUE when the output is complete at its target
 */
gboolean
kh_writer_commit (KhWriter  *writer,
                  GError   **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (writer != NULL, FALSE);
  g_return_val_if_fail (!writer->finished, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (writer->error != NULL)
    {
      if (error != NULL)
        *error = g_error_copy (writer->error);
      return FALSE;
    }

  if (!writer->klass->commit (writer, &local_error))
    {
      writer->error = g_error_copy (local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  writer->finished = TRUE;
  return TRUE;
}

/**
 * kh_writer_abort:
 *
 * Drops the output: the temporary file or the staging table is removed
 * and the target is left as it was. Does nothing after a commit.
 */
void
kh_writer_abort (KhWriter *writer)
{
  g_return_if_fail (writer != NULL);

  if (writer->finished)
    return;

  writer->klass->abort (writer);
  writer->finished = TRUE;
}

/**
 * kh_writer_free:
 *
 * Frees the writer, aborting it when it was not committed.
 */
void
kh_writer_free (KhWriter *writer)
{
  if (writer == NULL)
    return;

  kh_writer_abort (writer);
  if (writer->klass->finalize != NULL)
    writer->klass->finalize (writer);
  g_strfreev (writer->names);
  g_free (writer->types);
  g_clear_error (&writer->error);
  g_free (writer->name);
  g_free (writer);
}

KhIoFormat
kh_writer_get_format (KhWriter *writer)
{
  g_return_val_if_fail (writer != NULL, KH_IO_FORMAT_AUTO);

  return writer->format;
}

/**
 * kh_writer_get_name:
 *
 * Returns: the name used in messages
 */
const char *
kh_writer_get_name (KhWriter *writer)
{
  g_return_val_if_fail (writer != NULL, NULL);

  return writer->name;
}

guint64
kh_writer_get_n_records (KhWriter *writer)
{
  g_return_val_if_fail (writer != NULL, 0);

  return writer->n_records;
}

/**
 * kh_writer_get_temp_path:
 *
 * The temporary file being written, e.g. for a signal handler that must
 * remove it with unlink() when the process is killed before an abort.
 *
 * Returns: (nullable): its path, or %NULL (standard output, after commit
 *   or abort, or when writing into an existing SQLite file)
 */
const char *
kh_writer_get_temp_path (KhWriter *writer)
{
  g_return_val_if_fail (writer != NULL, NULL);

  if (writer->finished || writer->klass->temp_path == NULL)
    return NULL;
  return writer->klass->temp_path (writer);
}
