/* kh-preview-compute.c: computing a preview, in a worker or not
 *
 * Both variants compile the plans on the calling thread, which must own
 * the mapping; the plans copy what they need, so the worker never touches
 * the mapping and the analyst can go on editing it. The worker checks the
 * cancellable before every record: a new edit cancels the running
 * computation (g_cancellable_cancel()) and starts another, and the
 * cancelled one ends at the next record, its partial store freed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-preview-compute"

#include "config.h"

#include "kh-preview-compute.h"

#include "kh-preview-private.h"

/**
 * kh_preview_compute:
 * @mapping: the mapping (on the thread that owns it)
 * @samples: the sample records
 * @flags: options
 * @cancellable: (nullable): checked before every record
 * @error: return location for an error
 *
 * Computes the preview on the calling thread: for tests, the runner
 * identity test and command-line tools. The GUI uses
 * kh_preview_compute_async().
 *
 * Returns: (transfer full) (nullable): the result, or %NULL with @error
 *   set when the mapping does not compile (its message names the rule and
 *   step) or the computation was cancelled
 */
KhPreviewResult *
kh_preview_compute (KhMapping       *mapping,
                    KhSampleSet     *samples,
                    KhPreviewFlags   flags,
                    GCancellable    *cancellable,
                    GError         **error)
{
  g_autoptr(KhPreviewData) data = NULL;

  g_return_val_if_fail (KH_IS_MAPPING (mapping), NULL);
  g_return_val_if_fail (samples != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = kh_preview_data_new (mapping, samples, flags, error);
  if (data == NULL)
    return NULL;
  if (!kh_preview_data_evaluate (data, cancellable, error))
    return NULL;
  return _kh_preview_result_new (data);
}

static void
compute_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  KhPreviewData *data = task_data;
  GError *error = NULL;

  if (!kh_preview_data_evaluate (data, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, _kh_preview_result_new (data), g_object_unref);
}

/**
 * kh_preview_compute_async:
 * @mapping: the mapping (on the thread that owns it)
 * @samples: the sample records
 * @flags: options
 * @cancellable: (nullable): cancels the computation
 * @callback: called on the calling thread's main context when done
 * @user_data: data for @callback
 *
 * Compiles the plans now, on the calling thread, then evaluates the
 * samples in a worker thread. A mapping that does not compile is reported
 * through @callback like any other error.
 */
void
kh_preview_compute_async (KhMapping           *mapping,
                          KhSampleSet         *samples,
                          KhPreviewFlags       flags,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  KhPreviewData *data;
  GError *error = NULL;

  g_return_if_fail (KH_IS_MAPPING (mapping));
  g_return_if_fail (samples != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, kh_preview_compute_async);
  g_task_set_name (task, "[kakehashi] preview");

  data = kh_preview_data_new (mapping, samples, flags, &error);
  if (data == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_set_task_data (task, data, (GDestroyNotify) kh_preview_data_unref);
  g_task_run_in_thread (task, compute_thread);
}

/**
 * kh_preview_compute_finish:
 * @result: the #GAsyncResult given to the callback
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the result, or %NULL with @error
 *   set (%G_IO_ERROR_CANCELLED when cancelled)
 */
KhPreviewResult *
kh_preview_compute_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kh_preview_compute_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
