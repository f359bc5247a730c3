/* kh-file-sink-private.h: buffered output to a file written aside
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * A KhFileSink writes to a temporary file beside its target
 * (`.NAME.XXXXXX.partial` in the same directory), and at commit flushes,
 * fsyncs, renames it onto the target and fsyncs the directory. Abort (or
 * clear without commit) removes the temporary file. For standard output
 * ("-") it writes through, and commit only flushes.
 */
#include "kh-flush-ring-private.h"

typedef struct
{
  int       fd;
  gboolean  to_stdout;
  char     *path;      /* owned: the target, or NULL */
  char     *tmp_path;  /* owned: the temporary file while it exists */
  char     *name;      /* owned: the display name */
  char     *buf;       /* owned */
  gsize     len;
  gsize     cap;
  guint64   written;    /* bytes written to fd */
  guint64   synced;     /* bytes whose writeback was started */
  guint64   flushed;    /* bytes covered by the last early flush */
  KhFlushRing *ring;    /* owned: what early flushes go through, or NULL */
  gboolean  flush_busy; /* an early flush is in flight */
  gboolean  flush_off;  /* early flushes are not available */
  int       flush_errno; /* what an early flush failed with, or 0 */
  guint64   allocated;  /* bytes of the file allocated ahead (preallocate()) */
  gboolean  prealloc_off; /* allocating ahead is not available */
} KhFileSink;

char     *_kh_output_display_name (const char  *path);
gboolean  _kh_output_check_target (const char  *path,
                                   const char  *name,
                                   GError     **error);
char     *_kh_output_make_temp    (const char  *path,
                                   const char  *name,
                                   int         *fd,
                                   GError     **error);
gboolean  _kh_output_sync_fd      (int          fd,
                                   const char  *name,
                                   GError     **error);
gboolean  _kh_output_rename       (const char  *tmp_path,
                                   const char  *path,
                                   const char  *name,
                                   GError     **error);

gboolean  _kh_file_sink_open      (KhFileSink  *sink,
                                   const char  *path,
                                   GError     **error);
gboolean  _kh_file_sink_flush     (KhFileSink  *sink,
                                   GError     **error);
gboolean  _kh_file_sink_commit    (KhFileSink  *sink,
                                   GError     **error);
void      _kh_file_sink_abort     (KhFileSink  *sink);
void      _kh_file_sink_clear     (KhFileSink  *sink);
gboolean  _kh_file_sink_make_room (KhFileSink  *sink,
                                   gsize        n,
                                   GError     **error);

/* Room for @n more bytes at sink->buf + sink->len, flushing as needed. */
static inline gboolean
_kh_file_sink_reserve (KhFileSink  *sink,
                       gsize        n,
                       GError     **error)
{
  if (G_LIKELY (sink->cap - sink->len >= n))
    return TRUE;
  return _kh_file_sink_make_room (sink, n, error);
}

G_END_DECLS
