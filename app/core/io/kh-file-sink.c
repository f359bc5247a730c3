/* kh-file-sink.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-file-sink"

#include "config.h"

#ifndef _GNU_SOURCE
#define _GNU_SOURCE  /* sync_file_range() */
#endif

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "kh-error.h"
#include "kh-file-sink-private.h"
#include "kh-flush-ring-private.h"

#define SINK_SIZE  (1024 * 1024)
#define SYNC_CHUNK SINK_SIZE          /* start writeback every so many bytes */
#define FLUSH_CHUNK (8 * 1024 * 1024) /* start an early flush every so many bytes */
#define PREALLOC_CHUNK (32 * 1024 * 1024) /* allocate the file so far ahead */

/*
 * Durability costs a wait at commit: the fsync() there returns only once
 * the data is on the disk, and a disk (or the host of a virtual machine)
 * that caches writes flushes all that it holds then, which for a few
 * hundred megabytes takes a noticeable time. So besides starting the
 * writeback early (sync_file_range()), the sink asks, every FLUSH_CHUNK
 * bytes, for an asynchronous fdatasync() (see kh-flush-ring.c), which the
 * kernel carries out on its own, as it does the writeback: the flushing
 * goes on while the run goes on, and the fsync() at commit, which is still
 * made and still decides, has little left to wait for. At most one is in
 * flight; the process stays single-threaded. What is left at commit is
 * then about FLUSH_CHUNK bytes a file at most, and a small file gets its
 * early flush too: with a flush every 32 MB, a run's 15 MB rejects file
 * had 7 MB left, whose fsync() took 20 ms of the reference run's 0.5 s;
 * with 8 MB and the writeback started at every buffer (SYNC_CHUNK), it
 * takes 2 to 3 ms. Where the kernel cannot do it, nothing changes but the
 * wait at commit. An early flush that fails makes the commit fail, even if
 * the fsync() there does not see the error again.
 */

#ifdef KH_HAVE_FLUSH_RING
/* Collects the early flush in flight; waits for it when @wait. */
static void
early_flush_collect (KhFileSink *sink,
                     gboolean    wait)
{
  int res;

  if (!sink->flush_busy)
    return;

  if (kh_flush_ring_reap (sink->ring, wait, &res))
    {
      sink->flush_busy = FALSE;
      if (res < 0 && res != -EINVAL && res != -EROFS && sink->flush_errno == 0)
        sink->flush_errno = -res;
    }
  else if (wait)
    {
      /* Cannot happen; the fsync() at commit decides anyway. */
      sink->flush_busy = FALSE;
      sink->flush_off = TRUE;
    }
}

static void
early_flush_start (KhFileSink *sink)
{
  if (sink->flush_off)
    return;
  if (sink->ring == NULL)
    {
      sink->ring = kh_flush_ring_new ();
      if (sink->ring == NULL)
        {
          sink->flush_off = TRUE;
          return;
        }
    }

  early_flush_collect (sink, FALSE);
  if (sink->flush_busy)
    return;   /* the one before has not finished: skip this one */

  if (kh_flush_ring_submit_fdatasync (sink->ring, sink->fd))
    {
      sink->flush_busy = TRUE;
      sink->flushed = sink->written;
    }
  else
    sink->flush_off = TRUE;   /* not supported here */
}

static void
early_flush_end (KhFileSink *sink)
{
  if (sink->ring != NULL)
    {
      early_flush_collect (sink, TRUE);
      g_clear_pointer (&sink->ring, kh_flush_ring_free);
    }
  sink->flush_busy = FALSE;
}
#else
static void
early_flush_start (KhFileSink *sink)
{
}

static void
early_flush_end (KhFileSink *sink)
{
}
#endif

/*
 * Writing into blocks that are allocated already costs the kernel less
 * than reserving them page by page as the data comes (on ext4, about a
 * fifth of the system time of writing a large file). So once a file has
 * outgrown the first buffer, the sink allocates it PREALLOC_CHUNK bytes
 * ahead of what is written, without changing its size (FALLOC_FL_KEEP_SIZE:
 * the file never shows more than the data), and gives back what it did not
 * use at commit. Where the file system cannot, or the disk is too full to
 * allocate ahead, it stops trying: the writes then fail, or not, as they
 * would have anyway.
 */
static void
preallocate (KhFileSink *sink)
{
#ifdef FALLOC_FL_KEEP_SIZE
  guint64 end = sink->written + sink->len;

  if (sink->prealloc_off || sink->to_stdout || sink->written < SINK_SIZE)
    return;
  if (sink->allocated < sink->written)
    sink->allocated = sink->written;
  while (sink->allocated < end)
    {
      if (fallocate (sink->fd, FALLOC_FL_KEEP_SIZE, (off_t) sink->allocated, PREALLOC_CHUNK) != 0)
        {
          sink->prealloc_off = TRUE;
          return;
        }
      sink->allocated += PREALLOC_CHUNK;
    }
#endif
}

/* The name for messages: the file name, or "standard output" for "-". */
char *
_kh_output_display_name (const char *path)
{
  if (strcmp (path, "-") == 0)
    return g_strdup (_("standard output"));
  return g_filename_display_name (path);
}

/* Checks, before anything is read, that @path can be written: it is not a
 * directory nor read-only, and its folder exists. */
gboolean
_kh_output_check_target (const char  *path,
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

  if (stat (dir, &st) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == ENOENT)
        g_set_error (error, KH_ERROR, KH_ERROR_OUTPUT,
                     _("Cannot write “%s”: the folder “%s” does not exist"), name, dir_name);
      else
        g_set_error (error, KH_ERROR, KH_ERROR_OUTPUT,
                     _("Cannot write “%s”: %s"), name, g_strerror (saved_errno));
      return FALSE;
    }
  if (!S_ISDIR (st.st_mode))
    {
      g_set_error (error, KH_ERROR, KH_ERROR_OUTPUT,
                   _("Cannot write “%s”: “%s” is not a folder"), name, dir_name);
      return FALSE;
    }

  return TRUE;
}

/* Creates `.BASENAME.XXXXXX.partial` beside @path, with the target's
 * permissions when it exists, else 0666 less the umask. */
char *
_kh_output_make_temp (const char  *path,
                      const char  *name,
                      int         *fd,
                      GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *tmpl_base = g_strdup_printf (".%s.XXXXXX.partial", base);
  g_autofree char *tmpl = g_build_filename (dir, tmpl_base, NULL);
  struct stat st;

  *fd = g_mkstemp_full (tmpl, O_RDWR | O_CLOEXEC, 0666);
  if (*fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, KH_ERROR, KH_ERROR_OUTPUT,
                   _("Cannot write “%s”: %s"), name, g_strerror (saved_errno));
      return NULL;
    }

  /* mkstemp() makes the file 0600: give it the target's mode, or the
   * usual 0666 less the umask for a new file. */
  if (stat (path, &st) == 0)
    fchmod (*fd, st.st_mode & 07777);
  else
    {
      mode_t mask = umask (0);

      umask (mask);
      fchmod (*fd, 0666 & ~mask);
    }

  return g_steal_pointer (&tmpl);
}

gboolean
_kh_output_sync_fd (int          fd,
                    const char  *name,
                    GError     **error)
{
  if (fsync (fd) != 0 && errno != EINVAL && errno != EROFS)
    {
      int saved_errno = errno;

      g_set_error (error, KH_ERROR, KH_ERROR_OUTPUT,
                   _("Cannot write “%s”: %s"), name, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

/* Renames the finished temporary file onto the target, then makes the
 * rename durable. */
gboolean
_kh_output_rename (const char  *tmp_path,
                   const char  *path,
                   const char  *name,
                   GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int dir_fd;

  if (g_rename (tmp_path, path) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, KH_ERROR, KH_ERROR_OUTPUT,
                   _("Cannot write “%s”: %s"), name, g_strerror (saved_errno));
      return FALSE;
    }

  dir_fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0)
    {
      fsync (dir_fd);
      close (dir_fd);
    }

  return TRUE;
}

gboolean
_kh_file_sink_open (KhFileSink  *sink,
                    const char  *path,
                    GError     **error)
{
  memset (sink, 0, sizeof *sink);
  sink->fd = -1;

  if (strcmp (path, "-") == 0)
    {
      sink->fd = STDOUT_FILENO;
      sink->to_stdout = TRUE;
      sink->name = g_strdup (_("standard output"));
    }
  else
    {
      sink->name = g_filename_display_name (path);
      if (!_kh_output_check_target (path, sink->name, error))
        return FALSE;
      sink->tmp_path = _kh_output_make_temp (path, sink->name, &sink->fd, error);
      if (sink->tmp_path == NULL)
        return FALSE;
      sink->path = g_strdup (path);
    }

  sink->cap = SINK_SIZE;
  sink->buf = g_malloc (sink->cap);

  return TRUE;
}

gboolean
_kh_file_sink_flush (KhFileSink  *sink,
                     GError     **error)
{
  gsize done = 0;

  if (sink->fd < 0)
    {
      g_set_error (error, KH_ERROR, KH_ERROR_OUTPUT,
                   _("Cannot write “%s”: the output is closed"), sink->name);
      return FALSE;
    }

  if (G_UNLIKELY (sink->written + sink->len > sink->allocated))
    preallocate (sink);

  while (done < sink->len)
    {
      gssize n = write (sink->fd, sink->buf + done, sink->len - done);

      if (n < 0)
        {
          int saved_errno = errno;

          if (saved_errno == EINTR)
            continue;
          g_set_error (error, KH_ERROR, KH_ERROR_OUTPUT,
                       _("Cannot write “%s”: %s"), sink->name, g_strerror (saved_errno));
          return FALSE;
        }
      done += n;
    }
  sink->len = 0;
  sink->written += done;

#ifdef SYNC_FILE_RANGE_WRITE
  /* Start the writeback of what is written so far, without waiting for it,
   * so that the fsync() at commit has little left to do. */
  if (!sink->to_stdout && sink->written - sink->synced >= SYNC_CHUNK)
    {
      sync_file_range (sink->fd, sink->synced, sink->written - sink->synced,
                       SYNC_FILE_RANGE_WRITE);
      sink->synced = sink->written;
    }
#endif

  if (!sink->to_stdout && sink->written - sink->flushed >= FLUSH_CHUNK)
    early_flush_start (sink);

  return TRUE;
}

gboolean
_kh_file_sink_make_room (KhFileSink  *sink,
                         gsize        n,
                         GError     **error)
{
  if (!_kh_file_sink_flush (sink, error))
    return FALSE;

  if (n > sink->cap)
    {
      sink->cap = n;
      sink->buf = g_realloc (sink->buf, sink->cap);
    }

  return TRUE;
}

gboolean
_kh_file_sink_commit (KhFileSink  *sink,
                      GError     **error)
{
  if (!_kh_file_sink_flush (sink, error))
    return FALSE;

  if (sink->to_stdout)
    return TRUE;

  /* Give back the blocks allocated beyond the data (see preallocate()):
   * truncating to the size the file has frees them. */
  if (sink->allocated > sink->written && ftruncate (sink->fd, (off_t) sink->written) != 0)
    {
      g_set_error (error, KH_ERROR, KH_ERROR_OUTPUT,
                   _("Cannot write “%s”: %s"), sink->name, g_strerror (errno));
      return FALSE;
    }

  early_flush_end (sink);
  if (!_kh_output_sync_fd (sink->fd, sink->name, error))
    return FALSE;
  if (sink->flush_errno != 0)
    {
      g_set_error (error, KH_ERROR, KH_ERROR_OUTPUT,
                   _("Cannot write “%s”: %s"), sink->name, g_strerror (sink->flush_errno));
      return FALSE;
    }
  if (close (sink->fd) != 0)
    {
      int saved_errno = errno;

      sink->fd = -1;
      g_set_error (error, KH_ERROR, KH_ERROR_OUTPUT,
                   _("Cannot write “%s”: %s"), sink->name, g_strerror (saved_errno));
      return FALSE;
    }
  sink->fd = -1;

  if (!_kh_output_rename (sink->tmp_path, sink->path, sink->name, error))
    return FALSE;
  g_clear_pointer (&sink->tmp_path, g_free);

  return TRUE;
}

/* Closes and removes the temporary file. On standard output what was
 * written stays written; the unflushed rest is dropped. */
void
_kh_file_sink_abort (KhFileSink *sink)
{
  sink->len = 0;

  early_flush_end (sink);
  if (!sink->to_stdout && sink->fd >= 0)
    close (sink->fd);
  sink->fd = -1;

  if (sink->tmp_path != NULL)
    {
      g_unlink (sink->tmp_path);
      g_clear_pointer (&sink->tmp_path, g_free);
    }
}

void
_kh_file_sink_clear (KhFileSink *sink)
{
  _kh_file_sink_abort (sink);
  g_clear_pointer (&sink->buf, g_free);
  g_clear_pointer (&sink->path, g_free);
  g_clear_pointer (&sink->name, g_free);
}
