/* test-preview-async.c: the preview in a worker: the async API, cancelling
 * a running computation, editing the mapping while the worker runs, and
 * the live KhPreview model (debounce, stale results, filters, columns)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kh-error.h"
#include "kh-preview-test-util.h"
#include "kh-preview.h"

static const char mapping_xml[] =
  "<mapping xmlns='urn:kakehashi:mapping:1' name='async test'>"
  " <source><entity name='IN'>"
  "  <field name='ID' type='string'/><field name='NAME' type='string'/><field name='AMT' type='string'/>"
  " </entity></source>"
  " <target><entity name='Out'>"
  "  <field name='Id' type='integer' required='true'/>"
  "  <field name='Name' type='string' max-length='12'/>"
  "  <field name='Amount' type='decimal' scale='2'/>"
  "  <field name='Extra' type='string'/>"
  " </entity></target>"
  " <rules>"
  "  <rule target='Id' on-error='reject'><source field='ID'/><step id='trim'/></rule>"
  "  <rule target='Name' on-error='reject'><source field='NAME'/><step id='trim'/><step id='title-case'/></rule>"
  "  <rule target='Amount' on-error='null'><source field='AMT'/>"
  "   <step id='parse-number'><param name='decimal-separator' value=','/>"
  "    <param name='grouping-separator' value='.'/></step></rule>"
  " </rules>"
  " <record-rules><dedupe keep='first'><key field='Id'/></dedupe></record-rules>"
  "</mapping>";

/* @n records: every 7th has a bad amount, every 11th a bad id, every 13th
 * repeats an earlier id. */
static KhSampleSet *
make_samples (guint n)
{
  const char *columns[] = { "ID", "NAME", "AMT", NULL };
  KhSampleSet *samples = kh_sample_set_new (columns);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = NULL;
      g_autofree char *name = g_strdup_printf (" customer %u ", i);
      g_autofree char *amt = NULL;
      const char *values[3];

      if (i % 11 == 5)
        id = g_strdup ("x");
      else
        id = g_strdup_printf ("%u", i % 13 == 12 ? i / 2 : i);
      amt = i % 7 == 3 ? g_strdup ("n/a") : g_strdup_printf ("%u.%03u,%02u", i / 1000 + 1, i % 1000, i % 100);
      values[0] = id;
      values[1] = name;
      values[2] = amt;
      kh_sample_set_add_row (samples, values, 3);
    }
  return samples;
}

static void
assert_same_result (KhPreviewResult *a,
                    KhPreviewResult *b)
{
  g_assert_true (kh_preview_result_same_columns (a, b));
  g_assert_cmpuint (kh_preview_result_get_n_records (a), ==, kh_preview_result_get_n_records (b));
  for (guint o = KH_OUTCOME_WRITTEN; o <= KH_OUTCOME_FILTERED; o++)
    g_assert_cmpuint (kh_preview_result_get_n_outcome (a, o), ==, kh_preview_result_get_n_outcome (b, o));
  for (guint r = 0; r < kh_preview_result_get_n_records (a); r++)
    {
      KhPreviewRow *x = kh_preview_result_get_row (a, r);
      KhPreviewRow *y = kh_preview_result_get_row (b, r);

      g_assert_cmpint (kh_preview_row_get_outcome (x), ==, kh_preview_row_get_outcome (y));
      for (guint c = 0; c < kh_preview_result_get_n_columns (a); c++)
        {
          g_assert_cmpstr (kh_preview_row_get_value (x, c), ==, kh_preview_row_get_value (y, c));
          g_assert_cmpint (kh_preview_row_get_status (x, c), ==, kh_preview_row_get_status (y, c));
          g_assert_cmpstr (kh_preview_row_get_reason (x, c), ==, kh_preview_row_get_reason (y, c));
        }
    }
}

typedef struct
{
  KhPreviewResult *result;
  GError          *error;
  gboolean         done;
} AsyncData;

static void
compute_cb (GObject      *source,
            GAsyncResult *res,
            gpointer      user_data)
{
  AsyncData *data = user_data;

  g_assert_null (source);
  data->result = kh_preview_compute_finish (res, &data->error);
  data->done = TRUE;
}

static void
wait_for (gboolean *flag)
{
  while (!*flag)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_async_same_as_sync (void)
{
  g_autoptr(KhMapping) mapping = test_mapping_from_xml (mapping_xml, FALSE);
  g_autoptr(KhSampleSet) samples = make_samples (500);
  g_autoptr(KhPreviewResult) sync = NULL;
  g_autoptr(GError) error = NULL;
  AsyncData data = { NULL, NULL, FALSE };

  sync = kh_preview_compute (mapping, samples, KH_PREVIEW_FLAGS_NONE, NULL, &error);
  g_assert_no_error (error);

  kh_preview_compute_async (mapping, samples, KH_PREVIEW_FLAGS_NONE, NULL, compute_cb, &data);
  wait_for (&data.done);
  g_assert_no_error (data.error);
  g_assert_nonnull (data.result);
  assert_same_result (sync, data.result);

  /* The samples hold dedupe hits and failures, so this compares something. */
  g_assert_cmpuint (kh_preview_result_get_n_outcome (sync, KH_OUTCOME_DUPLICATE), >, 0);
  g_assert_cmpuint (kh_preview_result_get_n_outcome (sync, KH_OUTCOME_REJECTED), >, 0);
  g_assert_cmpuint (kh_preview_column_get_n_failed (kh_preview_result_get_column (sync, 2)), >, 0);
  g_object_unref (data.result);
}

static void
test_async_compile_error (void)
{
  g_autoptr(KhMapping) mapping = test_mapping_from_xml (mapping_xml, FALSE);
  g_autoptr(KhSampleSet) samples = make_samples (10);
  g_autoptr(KhStep) step = kh_step_new ("regex-replace");
  AsyncData data = { NULL, NULL, FALSE };

  kh_step_set_param (step, "pattern", "[");
  kh_step_set_param (step, "replacement", "");
  kh_rule_append_step (kh_mapping_lookup_rule (mapping, "Name"), step);

  kh_preview_compute_async (mapping, samples, KH_PREVIEW_FLAGS_NONE, NULL, compute_cb, &data);
  /* The callback never runs before the call returns. */
  g_assert_false (data.done);
  wait_for (&data.done);
  g_assert_null (data.result);
  g_assert_nonnull (data.error);
  g_assert_false (g_error_matches (data.error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  g_clear_error (&data.error);
}

static void
test_cancel_before (void)
{
  g_autoptr(KhMapping) mapping = test_mapping_from_xml (mapping_xml, FALSE);
  g_autoptr(KhSampleSet) samples = make_samples (100);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KhPreviewResult) result = NULL;
  AsyncData data = { NULL, NULL, FALSE };

  g_cancellable_cancel (cancellable);
  result = kh_preview_compute (mapping, samples, KH_PREVIEW_FLAGS_NONE, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (result);

  kh_preview_compute_async (mapping, samples, KH_PREVIEW_FLAGS_NONE, cancellable, compute_cb, &data);
  wait_for (&data.done);
  g_assert_error (data.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (data.result);
  g_clear_error (&data.error);
}

typedef struct
{
  KhMapping       *mapping;
  KhSampleSet     *samples;
  GCancellable    *cancellable;
  KhPreviewResult *result;
  GError          *error;
  gint             started;
} ThreadData;

static gpointer
compute_thread (gpointer user_data)
{
  ThreadData *data = user_data;
  g_autoptr(KhPreviewResult) result = NULL;

  /* The sync variant in a thread of our own, to cancel it mid-run. */
  g_atomic_int_set (&data->started, 1);
  data->result = kh_preview_compute (data->mapping, data->samples, KH_PREVIEW_NO_TRACE,
                                     data->cancellable, &data->error);
  return NULL;
}

static void
test_cancel_mid_run (void)
{
  g_autoptr(KhMapping) mapping = test_mapping_from_xml (mapping_xml, FALSE);
  g_autoptr(KhSampleSet) samples = make_samples (50000);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  ThreadData data = { mapping, samples, cancellable, NULL, NULL, 0 };
  GThread *thread;

  /* 60 rules: a run long enough to cancel in the middle, from samples
   * that are quick to make. */
  for (guint i = 0; i < 60; i++)
    {
      g_autoptr(KhRule) rule = kh_rule_copy (kh_mapping_lookup_rule (mapping, i % 2 ? "Name" : "Amount"));
      g_autofree char *target = g_strdup_printf ("Copy%02u", i);

      kh_rule_set_target (rule, target);
      kh_mapping_add_rule (mapping, rule);
    }

  /* kh_preview_compute() compiles on the calling thread; here that is the
   * new thread, which is fine as long as nothing else touches the mapping
   * meanwhile. */
  thread = g_thread_new ("compute", compute_thread, &data);
  while (!g_atomic_int_get (&data.started))
    g_thread_yield ();
  g_usleep (20000);
  g_cancellable_cancel (cancellable);
  g_thread_join (thread);

  /* No result, a cancelled error, nothing leaked (see the ASan run). */
  g_assert_error (data.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (data.result);
  g_clear_error (&data.error);
}

typedef struct
{
  KhMapping *mapping;
  guint      n_edits;
  gboolean  *done;
} EditData;

/* Edits the mapping in every way, on the main thread, while the worker
 * runs: a worker that touched the mapping would read freed steps, rules
 * and entities (ASan) or give a result that differs from the snapshot. */
static gboolean
edit_cb (gpointer user_data)
{
  EditData *edit = user_data;
  KhRule *name = kh_mapping_lookup_rule (edit->mapping, "Name");
  g_autoptr(KhStep) upper = kh_step_new ("upper-case");
  g_autoptr(KhRule) extra = kh_rule_new ("Extra");
  g_autoptr(KhEntity) target = kh_entity_new ("Other");
  g_autoptr(KhField) field = kh_field_new ("Id", KH_FIELD_TYPE_STRING);

  if (*edit->done)
    return G_SOURCE_REMOVE;

  edit->n_edits++;
  kh_rule_remove_step (name, 0);
  kh_rule_insert_step (name, 0, upper);
  kh_step_set_param (kh_rule_get_step (kh_mapping_lookup_rule (edit->mapping, "Amount"), 0),
                     "decimal-separator", edit->n_edits % 2 ? "." : ",");
  kh_rule_set_on_error (kh_mapping_lookup_rule (edit->mapping, "Id"),
                        edit->n_edits % 2 ? KH_ON_ERROR_NULL : KH_ON_ERROR_REJECT);
  kh_rule_add_source (extra, "NAME");
  if (kh_mapping_lookup_rule (edit->mapping, "Extra") != NULL)
    kh_mapping_remove_rule (edit->mapping, "Extra");
  else
    kh_mapping_add_rule (edit->mapping, extra);
  kh_entity_add_field (target, field);
  if (edit->n_edits % 3 == 0)
    kh_mapping_set_target_entity (edit->mapping, target);
  return G_SOURCE_CONTINUE;
}

static void
test_edit_while_computing (void)
{
  g_autoptr(KhMapping) mapping = test_mapping_from_xml (mapping_xml, FALSE);
  g_autoptr(KhMapping) snapshot = kh_mapping_copy (mapping);
  g_autoptr(KhSampleSet) samples = make_samples (50000);
  g_autoptr(KhPreviewResult) expected = NULL;
  g_autoptr(GError) error = NULL;
  AsyncData data = { NULL, NULL, FALSE };
  EditData edit = { mapping, 0, &data.done };

  kh_preview_compute_async (mapping, samples, KH_PREVIEW_FLAGS_NONE, NULL, compute_cb, &data);
  edit_cb (&edit);
  g_idle_add (edit_cb, &edit);
  wait_for (&data.done);
  /* Let the idle see done and remove itself. */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_assert_no_error (data.error);
  g_test_message ("%u edits while the worker ran", edit.n_edits);
  g_assert_cmpuint (edit.n_edits, >, 0);
  g_assert_false (kh_mapping_equal (mapping, snapshot));

  expected = kh_preview_compute (snapshot, samples, KH_PREVIEW_FLAGS_NONE, NULL, &error);
  g_assert_no_error (error);
  assert_same_result (expected, data.result);
  g_object_unref (data.result);
}

/* ---- KhPreview -------------------------------------------------------- */

typedef struct
{
  guint n_result;
  guint n_columns_changed;
  guint n_items_changed;
  guint last_removed;
  guint last_added;
} Counts;

static void
notify_result_cb (KhPreview  *preview,
                  GParamSpec *pspec,
                  Counts     *counts)
{
  counts->n_result++;
}

static void
columns_changed_cb (KhPreview *preview,
                    Counts    *counts)
{
  counts->n_columns_changed++;
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Counts     *counts)
{
  g_assert_cmpuint (position, ==, 0);
  counts->n_items_changed++;
  counts->last_removed = removed;
  counts->last_added = added;
}

static void
wait_idle (KhPreview *preview)
{
  while (kh_preview_get_computing (preview))
    g_main_context_iteration (NULL, TRUE);
}

static void
test_live_preview (void)
{
  g_autoptr(KhMapping) mapping = test_mapping_from_xml (mapping_xml, FALSE);
  g_autoptr(KhSampleSet) samples = make_samples (300);
  g_autoptr(KhPreview) preview = kh_preview_new ();
  g_autoptr(KhPreviewResult) first = NULL;
  g_autoptr(KhPreviewRow) row = NULL;
  Counts counts = { 0, };
  guint n_errors;

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (preview)) == KH_TYPE_PREVIEW_ROW);
  g_signal_connect (preview, "notify::result", G_CALLBACK (notify_result_cb), &counts);
  g_signal_connect (preview, "columns-changed", G_CALLBACK (columns_changed_cb), &counts);
  g_signal_connect (preview, "items-changed", G_CALLBACK (items_changed_cb), &counts);

  /* The properties a view binds to. */
  g_object_set (preview, "flags", KH_PREVIEW_FLAGS_NONE, "delay", 5, NULL);
  {
    KhPreviewFlags flags = KH_PREVIEW_NO_TRACE;
    guint delay = 0;

    g_object_get (preview, "flags", &flags, "delay", &delay, NULL);
    g_assert_cmpint (flags, ==, KH_PREVIEW_FLAGS_NONE);
    g_assert_cmpuint (delay, ==, 5);
  }
  kh_preview_set_mapping (preview, mapping);
  kh_preview_set_samples (preview, samples);
  g_assert_true (kh_preview_get_computing (preview));
  wait_idle (preview);

  g_assert_cmpuint (counts.n_result, ==, 1);
  g_assert_cmpuint (counts.n_columns_changed, ==, 1);
  g_assert_null (kh_preview_get_error (preview));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (preview)), ==, 300);
  g_assert_cmpuint (counts.last_added, ==, 300);
  first = g_object_ref (kh_preview_get_result (preview));
  row = g_list_model_get_item (G_LIST_MODEL (preview), 10);
  g_assert_true (row == kh_preview_result_get_row (first, 10));
  g_assert_true (kh_preview_result_can_explain (first));
  {
    guint n_items = 0;

    g_object_get (preview, "n-items", &n_items, NULL);
    g_assert_cmpuint (n_items, ==, 300);
  }
  g_assert_cmpstr (kh_preview_row_get_value (row, 1), ==, "Customer 10");

  /* Filters change the rows shown, without recomputing. */
  kh_preview_set_filter (preview, KH_PREVIEW_FILTER_ERRORS, NULL);
  n_errors = kh_preview_result_count (first, KH_PREVIEW_FILTER_ERRORS, -1);
  g_assert_cmpuint (n_errors, >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (preview)), ==, n_errors);
  for (guint i = 0; i < n_errors; i++)
    {
      g_autoptr(KhPreviewRow) item = g_list_model_get_item (G_LIST_MODEL (preview), i);

      g_assert_true (kh_preview_row_matches (item, KH_PREVIEW_FILTER_ERRORS, -1));
      g_assert_cmpuint (kh_preview_get_position (preview, i), ==, kh_preview_row_get_position (item));
      g_assert_cmpuint (kh_preview_find_item (preview, kh_preview_row_get_position (item)), ==, i);
    }
  /* A record the filter hides has no item. */
  for (guint p = 0; p < kh_preview_result_get_n_records (first); p++)
    if (!kh_preview_result_row_matches (first, p, KH_PREVIEW_FILTER_ERRORS, -1))
      {
        g_assert_cmpuint (kh_preview_find_item (preview, p), ==, G_MAXUINT);
        break;
      }
  g_assert_cmpuint (kh_preview_get_position (preview, n_errors), ==, G_MAXUINT);
  kh_preview_set_filter (preview, KH_PREVIEW_FILTER_ERRORS, "Amount");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (preview)), ==,
                    kh_preview_result_count (first, KH_PREVIEW_FILTER_ERRORS, 2));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (preview)), <, n_errors);
  kh_preview_set_filter (preview, KH_PREVIEW_FILTER_DUPLICATES, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (preview)), ==,
                    kh_preview_result_get_n_outcome (first, KH_OUTCOME_DUPLICATE));
  kh_preview_set_filter (preview, KH_PREVIEW_FILTER_ALL, NULL);
  g_assert_cmpuint (counts.n_result, ==, 1);

  /* An edit: the same columns, new values. */
  kh_rule_remove_step (kh_mapping_lookup_rule (mapping, "Name"), 1);
  g_assert_true (kh_preview_get_computing (preview));
  wait_idle (preview);
  g_assert_cmpuint (counts.n_result, ==, 2);
  g_assert_cmpuint (counts.n_columns_changed, ==, 1);
  g_assert_cmpstr (kh_preview_row_get_value (kh_preview_result_get_row (kh_preview_get_result (preview), 10), 1),
                   ==, "customer 10");
  /* The old row still reads its own result. */
  g_assert_cmpstr (kh_preview_row_get_value (row, 1), ==, "Customer 10");

  /* Many quick edits: one recompute. */
  for (guint i = 0; i < 5; i++)
    kh_rule_set_note (kh_mapping_lookup_rule (mapping, "Name"), i % 2 ? "a" : "b");
  for (guint i = 0; i < 5; i++)
    kh_rule_set_on_error (kh_mapping_lookup_rule (mapping, "Amount"), i % 2 ? KH_ON_ERROR_NULL : KH_ON_ERROR_REJECT);
  wait_idle (preview);
  g_assert_cmpuint (counts.n_result, ==, 3);

  /* A new rule: new columns. */
  {
    g_autoptr(KhRule) extra = kh_rule_new ("Extra");

    kh_rule_add_source (extra, "ID");
    kh_mapping_add_rule (mapping, extra);
  }
  wait_idle (preview);
  g_assert_cmpuint (counts.n_columns_changed, ==, 2);
  g_assert_cmpuint (kh_preview_result_get_n_columns (kh_preview_get_result (preview)), ==, 4);

  /* A mapping that does not compile: the error, and the last good result. */
  {
    g_autoptr(KhStep) bad = kh_step_new ("regex-replace");
    KhPreviewResult *good = kh_preview_get_result (preview);

    kh_step_set_param (bad, "pattern", "(");
    kh_step_set_param (bad, "replacement", "");
    kh_rule_append_step (kh_mapping_lookup_rule (mapping, "Name"), bad);
    wait_idle (preview);
    g_assert_nonnull (kh_preview_get_error (preview));
    g_assert_true (kh_preview_get_result (preview) == good);

    kh_rule_remove_step (kh_mapping_lookup_rule (mapping, "Name"), kh_rule_get_n_steps (kh_mapping_lookup_rule (mapping, "Name")) - 1);
    wait_idle (preview);
    g_assert_null (kh_preview_get_error (preview));
    g_assert_false (kh_preview_get_result (preview) == good);
  }

  /* Edited samples (a new set). */
  {
    g_autoptr(KhSampleSet) edited = kh_samples_set_value (samples, 10, 1, "  renamed  ");

    kh_preview_set_samples (preview, edited);
    wait_idle (preview);
    g_assert_cmpstr (kh_preview_row_get_value (kh_preview_result_get_row (kh_preview_get_result (preview), 10), 1),
                     ==, "renamed");
  }

  /* No samples: no result, no rows. */
  kh_preview_set_samples (preview, NULL);
  wait_idle (preview);
  g_assert_null (kh_preview_get_result (preview));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (preview)), ==, 0);

  g_signal_handlers_disconnect_by_data (preview, &counts);
}

static void
test_dispose_while_computing (void)
{
  g_autoptr(KhMapping) mapping = test_mapping_from_xml (mapping_xml, FALSE);
  g_autoptr(KhSampleSet) samples = make_samples (100000);
  KhPreview *preview = kh_preview_new ();
  GWeakRef weak;

  g_weak_ref_init (&weak, preview);
  kh_preview_set_mapping (preview, mapping);
  kh_preview_set_samples (preview, samples);
  kh_preview_update_now (preview);
  g_assert_true (kh_preview_get_computing (preview));

  /* The running computation does not keep the preview alive: dropping it
   * cancels the computation, whose callback then finds nobody. */
  g_object_unref (preview);
  g_assert_null (g_weak_ref_get (&weak));
  g_weak_ref_clear (&weak);
  {
    gint64 end = g_get_monotonic_time () + 200 * G_TIME_SPAN_MILLISECOND;

    while (g_get_monotonic_time () < end)
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
  }

  /* The mapping is not watched any more. */
  kh_rule_set_note (kh_mapping_lookup_rule (mapping, "Id"), "changed");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/preview/async/same-as-sync", test_async_same_as_sync);
  g_test_add_func ("/preview/async/compile-error", test_async_compile_error);
  g_test_add_func ("/preview/async/cancel-before", test_cancel_before);
  g_test_add_func ("/preview/async/cancel-mid-run", test_cancel_mid_run);
  g_test_add_func ("/preview/async/edit-while-computing", test_edit_while_computing);
  g_test_add_func ("/preview/live/preview", test_live_preview);
  g_test_add_func ("/preview/live/dispose-while-computing", test_dispose_while_computing);

  return g_test_run ();
}
