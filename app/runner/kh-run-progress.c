/* kh-run-progress.c: the progress line of a run on a terminal
 *
 * When standard error is a terminal, a run shows one line that it
 * rewrites in place, at most four times a second: the records read, the
 * rate, and for a file the share of its bytes read. When standard error
 * is not a terminal (a log, a pipe, a scheduler) nothing is shown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakehashi-run"

#include "config.h"

#include "kh-run-progress.h"

#include <stdio.h>
#include <unistd.h>

#include <glib/gi18n.h>

#define INTERVAL_US (G_USEC_PER_SEC / 4)

struct _KhRunProgress
{
  KhReader *reader;     /* borrowed */
  gboolean  enabled;
  gboolean  shown;
  gint64    start_us;
  gint64    last_us;
};

/**
 * kh_run_progress_new:
 * @reader: the input, for the share of bytes read; it must outlive the
 *   progress
 * @enabled: whether to show anything at all (%FALSE with --quiet); even
 *   then nothing is shown unless standard error is a terminal
 *
 * Returns: (transfer full): the progress line
 */
KhRunProgress *
kh_run_progress_new (KhReader *reader,
                     gboolean  enabled)
{
  KhRunProgress *self = g_new0 (KhRunProgress, 1);

  self->reader = reader;
  self->enabled = enabled && isatty (STDERR_FILENO);
  self->start_us = g_get_monotonic_time ();
  self->last_us = self->start_us;

  return self;
}

/**
 * kh_run_progress_update:
 * @n_records: the records read so far
 *
 * Call it every %KH_RUN_PROGRESS_EVERY records or so; it redraws the line
 * when a quarter of a second has passed.
 */
void
kh_run_progress_update (KhRunProgress *self,
                        guint64        n_records)
{
  g_autofree char *line = NULL;
  guint64 bytes_read = 0, bytes_total = 0;
  double seconds, rate;
  gint64 now;

  if (!self->enabled)
    return;

  now = g_get_monotonic_time ();
  if (now - self->last_us < INTERVAL_US)
    return;
  self->last_us = now;

  seconds = (double) (now - self->start_us) / G_USEC_PER_SEC;
  rate = seconds > 0 ? (double) n_records / seconds : 0;
  kh_reader_get_progress (self->reader, &bytes_read, &bytes_total);

  if (bytes_total > 0)
    /* Translators: the progress line of a run: records read, records per
     * second, and the share of the input file read */
    line = g_strdup_printf (_("%llu records, %.0f records/s, %.0f%%"),
                            (unsigned long long) n_records, rate,
                            100.0 * (double) MIN (bytes_read, bytes_total) / (double) bytes_total);
  else
    /* Translators: the progress line of a run reading standard input */
    line = g_strdup_printf (_("%llu records, %.0f records/s"),
                            (unsigned long long) n_records, rate);

  /* \r and "erase to the end of the line": the line is rewritten in place. */
  fprintf (stderr, "\r\033[K%s", line);
  fflush (stderr);
  self->shown = TRUE;
}

/**
 * kh_run_progress_clear:
 *
 * Erases the line, before the summary or an error is printed.
 */
void
kh_run_progress_clear (KhRunProgress *self)
{
  if (self == NULL || !self->shown)
    return;

  fputs ("\r\033[K", stderr);
  fflush (stderr);
  self->shown = FALSE;
}

void
kh_run_progress_free (KhRunProgress *self)
{
  if (self == NULL)
    return;

  kh_run_progress_clear (self);
  g_free (self);
}
