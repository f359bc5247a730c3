/* kh-output-file.c: a text output written aside and renamed at the end
 *
 * For the outputs that are not records: the runner's rejects, duplicates
 * listing and run report. It is the records' KhFileSink (kh-file-sink.c)
 * behind a plain write() call, so every output of a run has the same
 * guarantees: it is written into `.NAME.XXXXXX.partial` beside the target,
 * made durable and renamed onto the target by kh_output_file_commit();
 * until then an existing target is untouched, and kh_output_file_abort()
 * (or freeing without a commit) removes the temporary file. "-" is
 * standard output, written as it comes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-output-file"

#include "config.h"

#include <string.h>

#include "kh-file-sink-private.h"
#include "kh-output-file.h"

struct _KhOutputFile
{
  KhFileSink  sink;
  gboolean    finished;   /* committed or aborted */
};

/**
 * kh_output_file_open:
 * @path: the file to write, or "-" for standard output
 *
 * Checks that @path can be written and creates its temporary file.
 *
 * Returns: (transfer full) (nullable): the output, or %NULL with @error
 *   set (%KH_ERROR_OUTPUT)
 */
KhOutputFile *
kh_output_file_open (const char  *path,
                     GError     **error)
{
  KhOutputFile *file;

  g_return_val_if_fail (path != NULL, NULL);

  file = g_new0 (KhOutputFile, 1);
  if (!_kh_file_sink_open (&file->sink, path, error))
    {
      _kh_file_sink_clear (&file->sink);
      g_free (file);
      return NULL;
    }

  return file;
}

/**
 * kh_output_file_write:
 *
 * Appends @len bytes of @data.
 *
 * Returns: %FALSE with @error set when the output cannot be written
 */
gboolean
kh_output_file_write (KhOutputFile  *file,
                      const char    *data,
                      gsize          len,
                      GError       **error)
{
  KhFileSink *sink;

  g_return_val_if_fail (file != NULL && !file->finished, FALSE);

  sink = &file->sink;
  while (len > 0)
    {
      gsize n;

      /* Room for what fits in the buffer; a long write goes through it in
       * pieces rather than growing it. */
      if (sink->len == sink->cap && !_kh_file_sink_flush (sink, error))
        return FALSE;
      n = MIN (len, sink->cap - sink->len);
      memcpy (sink->buf + sink->len, data, n);
      sink->len += n;
      data += n;
      len -= n;
    }

  return TRUE;
}

/**
 * kh_output_file_commit:
 *
 * Finishes the output: flushes it, makes it durable and renames it onto
 * the target.
 *
 * Returns: %FALSE with @error set when it cannot; the temporary file is
 *   then removed and the target left as it was
 */
gboolean
kh_output_file_commit (KhOutputFile  *file,
                       GError       **error)
{
  g_return_val_if_fail (file != NULL && !file->finished, FALSE);

  if (!_kh_file_sink_commit (&file->sink, error))
    {
      kh_output_file_abort (file);
      return FALSE;
    }

  file->finished = TRUE;
  return TRUE;
}

/**
 * kh_output_file_abort:
 *
 * Drops the output: the temporary file is closed and removed, and the
 * target is left as it was. Standard output stops where it is.
 */
void
kh_output_file_abort (KhOutputFile *file)
{
  g_return_if_fail (file != NULL);

  if (file->finished)
    return;
  file->finished = TRUE;
  _kh_file_sink_abort (&file->sink);
}

/**
 * kh_output_file_free:
 *
 * Frees the output, removing its temporary file unless it was committed.
 */
void
kh_output_file_free (KhOutputFile *file)
{
  if (file == NULL)
    return;

  kh_output_file_abort (file);
  _kh_file_sink_clear (&file->sink);
  g_free (file);
}

/**
 * kh_output_file_get_name:
 *
 * Returns: the output's name for messages: the file's display name, or
 *   "standard output"
 */
const char *
kh_output_file_get_name (KhOutputFile *file)
{
  g_return_val_if_fail (file != NULL, NULL);

  return file->sink.name;
}
