/* kh-run-signals.c: stopping a run cleanly on SIGINT and SIGTERM
 *
 * A signal must not kill the runner half-way: the temporary files of the
 * outputs would stay behind. GLib's Unix signal sources run in a small
 * thread of their own; when a signal comes, they set a flag, which the
 * record loop reads between records, and cancel a #GCancellable, which
 * wakes a read blocked on standard input. The loop then drops every
 * output and exits with %KH_EXIT_ABORTED.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakehashi-run"

#include "config.h"

#include "kh-run-signals.h"

#include <signal.h>

#include <glib-unix.h>

struct _KhRunSignals
{
  GMainContext *context;      /* owned */
  GThread      *thread;       /* owned */
  GSource      *sources[3];   /* owned */
  GCancellable *cancellable;  /* owned */
  int           caught;       /* atomic: the signal, or 0 */
  int           stop;         /* atomic: the thread must end */
};

typedef struct
{
  KhRunSignals *self;
  int           signum;
} Handler;

static gboolean
on_signal_cb (gpointer data)
{
  Handler *handler = data;

  g_atomic_int_set (&handler->self->caught, handler->signum);
  if (handler->self->cancellable != NULL)
    g_cancellable_cancel (handler->self->cancellable);

  return G_SOURCE_CONTINUE;
}

static gpointer
signal_thread (gpointer data)
{
  KhRunSignals *self = data;

  /* Not a GMainLoop: a quit that came before g_main_loop_run() would be
   * lost. The stop flag and g_main_context_wakeup() cannot be. */
  g_main_context_push_thread_default (self->context);
  while (!g_atomic_int_get (&self->stop))
    g_main_context_iteration (self->context, TRUE);
  g_main_context_pop_thread_default (self->context);

  return NULL;
}

/**
 * kh_run_signals_install:
 * @cancellable: (nullable): cancelled when a signal comes
 *
 * Catches SIGINT, SIGTERM and SIGHUP until kh_run_signals_free(), and
 * ignores SIGPIPE.
 *
 * Returns: (transfer full): the handlers
 */
KhRunSignals *
kh_run_signals_install (GCancellable *cancellable)
{
  static const int signals[] = { SIGINT, SIGTERM, SIGHUP };
  KhRunSignals *self = g_new0 (KhRunSignals, 1);

  self->context = g_main_context_new ();
  self->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;

  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    {
      Handler *handler = g_new0 (Handler, 1);

      handler->self = self;
      handler->signum = signals[i];
      self->sources[i] = g_unix_signal_source_new (signals[i]);
      g_source_set_callback (self->sources[i], on_signal_cb, handler, g_free);
      g_source_attach (self->sources[i], self->context);
    }

  self->thread = g_thread_new ("kh-signals", signal_thread, self);

  /* A reader of standard output that goes away must not kill the run
   * before it removes its temporary files: the write fails instead (EPIPE)
   * and the run ends with an output error. */
  signal (SIGPIPE, SIG_IGN);

  return self;
}

/**
 * kh_run_signals_get_caught:
 *
 * Cheap enough to call between records.
 *
 * Returns: the signal that came (SIGINT, SIGTERM or SIGHUP), or 0
 */
int
kh_run_signals_get_caught (KhRunSignals *self)
{
  return self != NULL ? g_atomic_int_get (&self->caught) : 0;
}

/**
 * kh_run_signals_free:
 *
 * Stops catching the signals (their default action comes back) and
 * frees the handlers.
 */
void
kh_run_signals_free (KhRunSignals *self)
{
  if (self == NULL)
    return;

  g_atomic_int_set (&self->stop, 1);
  g_main_context_wakeup (self->context);
  g_thread_join (self->thread);

  for (guint i = 0; i < G_N_ELEMENTS (self->sources); i++)
    {
      g_source_destroy (self->sources[i]);
      g_source_unref (self->sources[i]);
    }
  g_main_context_unref (self->context);
  g_clear_object (&self->cancellable);
  g_free (self);
}
