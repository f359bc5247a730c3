/* kh-run-sink.c: an atomic text output of the runner
 *
 * The rejects, the duplicates listing and the run report are written the
 * way the io writers write records: into `.NAME.XXXXXX.partial` beside the
 * target, fsynced and renamed onto it by kh_run_sink_commit(). Until then
 * an existing target is untouched; kh_run_sink_abort() (or freeing the sink
 * without a commit) removes the temporary file. "-" is standard output,
 * written as it comes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakehashi-run"

#include "config.h"

#include "kh-run-sink.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "kh-error.h"

#define SINK_BUFFER_SIZE (256 * 1024)

struct _KhRunSink
{
  char     *path;       /* owned; NULL for standard output */
  char     *name;       /* owned; for messages */
  char     *tmp_path;   /* owned; NULL once committed or removed */
  int       fd;
  gboolean  to_stdout;
  gboolean  finished;
  char     *buf;        /* owned, SINK_BUFFER_SIZE */
  gsize     len;
  guint64   n_bytes;
};

static gboolean
set_write_error (KhRunSink  *sink,
                 int         saved_errno,
                 GError    **error)
{
  g_set_error (error, KH_ERROR, KH_ERROR_OUTPUT,
               _("Cannot write “%s”: %s"), sink->name, g_strerror (saved_errno));
  return FALSE;
}

static gboolean
check_target (const char  *path,
              const char  *name,
              GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *dir_name = g_filename_display_name (dir);
  struct stat st;

  if (stat (path, &st) == 0)
    {
      if (S_ISDIR (st.st_mode))
        {
          g_set_error (error, KH_ERROR, KH_ERROR_OUTPUT,
                       _("Cannot write “%s”: it is a folder"), name);
          return FALSE;
        }
      if (access (path, W_OK) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, KH_ERROR, KH_ERROR_OUTPUT,
                       _("Cannot write “%s”: %s"), name, g_strerror (saved_errno));
          return FALSE;
        }
    }

  if (stat (dir, &st) != 0 || !S_ISDIR (st.st_mode))
    {
      g_set_error (error, KH_ERROR, KH_ERROR_OUTPUT,
                   _("Cannot write “%s”: the folder “%s” does not exist"), name, dir_name);
      return FALSE;
    }

  return TRUE;
}

/**
 * kh_run_sink_open:
 * @path: the target file, or "-" for standard output
 *
 * Opens an output: checks the target and creates the temporary file
 * beside it, so that an output that cannot be written fails now, before
 * any record is read.
 *
 * Returns: (transfer full): the sink, or %NULL with @error set
 *   (%KH_ERROR_OUTPUT)
 */
KhRunSink *
kh_run_sink_open (const char  *path,
                  GError     **error)
{
  g_autoptr(KhRunSink) sink = g_new0 (KhRunSink, 1);

  g_return_val_if_fail (path != NULL, NULL);

  sink->fd = -1;
  sink->buf = g_malloc (SINK_BUFFER_SIZE);

  if (strcmp (path, "-") == 0)
    {
      sink->name = g_strdup (_("standard output"));
      sink->to_stdout = TRUE;
      sink->fd = STDOUT_FILENO;
      return g_steal_pointer (&sink);
    }

  sink->path = g_strdup (path);
  sink->name = g_filename_display_name (path);

  if (!check_target (path, sink->name, error))
    return NULL;

  {
    g_autofree char *dir = g_path_get_dirname (path);
    g_autofree char *base = g_path_get_basename (path);
    g_autofree char *tmpl_base = g_strdup_printf (".%s.XXXXXX.partial", base);
    struct stat st;

    sink->tmp_path = g_build_filename (dir, tmpl_base, NULL);
    sink->fd = g_mkstemp_full (sink->tmp_path, O_RDWR | O_CLOEXEC, 0666);
    if (sink->fd < 0)
      {
        int saved_errno = errno;

        g_clear_pointer (&sink->tmp_path, g_free);
        set_write_error (sink, saved_errno, error);
        return NULL;
      }

    /* mkstemp() makes the file 0600; give it the target's mode, or the
     * usual 0666 less the umask. */
    if (stat (path, &st) == 0)
      fchmod (sink->fd, st.st_mode & 07777);
    else
      {
        mode_t mask = umask (0);

        umask (mask);
        fchmod (sink->fd, 0666 & ~mask);
      }
  }

  return g_steal_pointer (&sink);
}

static gboolean
write_all (KhRunSink   *sink,
           const char  *data,
           gsize        len,
           GError     **error)
{
  while (len > 0)
    {
      gssize n = write (sink->fd, data, len);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          return set_write_error (sink, errno, error);
        }
      data += n;
      len -= (gsize) n;
    }

  return TRUE;
}

static gboolean
flush (KhRunSink  *sink,
       GError    **error)
{
  gboolean ok = write_all (sink, sink->buf, sink->len, error);

  sink->len = 0;
  return ok;
}

/**
 * kh_run_sink_write:
 *
 * Appends @len bytes of @data.
 *
 * Returns: %FALSE with @error set when the output cannot be written
 */
gboolean
kh_run_sink_write (KhRunSink   *sink,
                   const char  *data,
                   gsize        len,
                   GError     **error)
{
  g_return_val_if_fail (sink != NULL && !sink->finished, FALSE);

  sink->n_bytes += len;

  if (sink->len + len <= SINK_BUFFER_SIZE)
    {
      memcpy (sink->buf + sink->len, data, len);
      sink->len += len;
      return TRUE;
    }

  if (!flush (sink, error))
    return FALSE;
  if (len >= SINK_BUFFER_SIZE)
    return write_all (sink, data, len, error);

  memcpy (sink->buf, data, len);
  sink->len = len;
  return TRUE;
}

/**
 * kh_run_sink_commit:
 *
 * Finishes the output: flushes it, makes it durable and renames it onto
 * the target.
 *
 * Returns: %FALSE with @error set when it cannot; the temporary file is
 *   then removed
 */
gboolean
kh_run_sink_commit (KhRunSink  *sink,
                    GError    **error)
{
  g_autofree char *dir = NULL;
  int dir_fd;

  g_return_val_if_fail (sink != NULL && !sink->finished, FALSE);

  if (!flush (sink, error))
    {
      kh_run_sink_abort (sink);
      return FALSE;
    }

  sink->finished = TRUE;
  if (sink->to_stdout)
    return TRUE;

  if (fsync (sink->fd) != 0 && errno != EINVAL && errno != EROFS)
    {
      set_write_error (sink, errno, error);
      sink->finished = FALSE;
      kh_run_sink_abort (sink);
      return FALSE;
    }
  if (close (sink->fd) != 0)
    {
      sink->fd = -1;
      set_write_error (sink, errno, error);
      sink->finished = FALSE;
      kh_run_sink_abort (sink);
      return FALSE;
    }
  sink->fd = -1;

  if (g_rename (sink->tmp_path, sink->path) != 0)
    {
      set_write_error (sink, errno, error);
      sink->finished = FALSE;
      kh_run_sink_abort (sink);
      return FALSE;
    }
  g_clear_pointer (&sink->tmp_path, g_free);

  dir = g_path_get_dirname (sink->path);
  dir_fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0)
    {
      fsync (dir_fd);
      close (dir_fd);
    }

  return TRUE;
}

/**
 * kh_run_sink_abort:
 *
 * Drops the output: the temporary file is closed and removed. The target
 * is left as it was. Standard output stops where it is.
 */
void
kh_run_sink_abort (KhRunSink *sink)
{
  g_return_if_fail (sink != NULL);

  if (sink->finished)
    return;
  sink->finished = TRUE;
  sink->len = 0;

  if (sink->to_stdout)
    return;

  if (sink->fd >= 0)
    {
      close (sink->fd);
      sink->fd = -1;
    }
  if (sink->tmp_path != NULL)
    {
      g_unlink (sink->tmp_path);
      g_clear_pointer (&sink->tmp_path, g_free);
    }
}

/**
 * kh_run_sink_free:
 *
 * Frees the sink, removing its temporary file unless it was committed.
 */
void
kh_run_sink_free (KhRunSink *sink)
{
  if (sink == NULL)
    return;

  if (!sink->finished)
    kh_run_sink_abort (sink);
  if (sink->fd >= 0 && !sink->to_stdout)
    close (sink->fd);
  g_free (sink->path);
  g_free (sink->name);
  g_free (sink->tmp_path);
  g_free (sink->buf);
  g_free (sink);
}

const char *
kh_run_sink_get_name (KhRunSink *sink)
{
  g_return_val_if_fail (sink != NULL, NULL);

  return sink->name;
}

/* The temporary file being written, or %NULL (standard output, finished). */
const char *
kh_run_sink_get_temp_path (KhRunSink *sink)
{
  g_return_val_if_fail (sink != NULL, NULL);

  return sink->tmp_path;
}

guint64
kh_run_sink_get_n_bytes (KhRunSink *sink)
{
  g_return_val_if_fail (sink != NULL, 0);

  return sink->n_bytes;
}
