/* test-preview-identity.c: the preview never disagrees with production
 *
 * Runs a mapping over a sample file twice: through the preview
 * computation, and through the real `kakehashi-run run` (a subprocess,
 * $KAKEHASHI_RUN), then compares what the runner wrote with what the
 * preview shows:
 *
 * - written records: the same values (exact text, and the JSON type the
 *   cell's type gives) in the same order;
 * - rejected records: the same record numbers, and for each the same
 *   errors (target, step, step index, reason, policy) in the same order;
 * - duplicates: the same record numbers;
 * - the report's counts (in, written, rejected, duplicates, filtered) and
 *   per-rule counts (errors, defaulted, null);
 * - with an `abort` policy: the same aborting record, and nothing written.
 *
 * The cases: the demo project (data/demo/), our own messy mapping
 * (tests/preview/data/), and that mapping with an aborting rule.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <cjson/cJSON.h>
#include <glib/gstdio.h>

#include "kh-error.h"
#include "kh-mapping-xml.h"
#include "kh-preview-test-util.h"
#include "kh-preview.h"
#include "kh-reader.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (cJSON, cJSON_Delete)

static char *tmpdir;

typedef struct
{
  int      exit_status;
  char    *output;
  char    *rejects;
  char    *duplicates;
  char    *report;
  char    *stderr_text;
} RunnerOutput;

static void
runner_output_clear (RunnerOutput *out)
{
  g_free (out->output);
  g_free (out->rejects);
  g_free (out->duplicates);
  g_free (out->report);
  g_free (out->stderr_text);
}

/* Runs `kakehashi-run run`; FALSE (and the test skipped) when the runner
 * is missing or not implemented yet. */
static gboolean
run_runner (const char   *mapping_path,
            const char   *input_path,
            const char   *tag,
            RunnerOutput *out)
{
  const char *runner = g_getenv ("KAKEHASHI_RUN");
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  g_autofree char *report_arg = NULL;

  memset (out, 0, sizeof *out);
  if (runner == NULL || !g_file_test (runner, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("KAKEHASHI_RUN does not name the runner");
      return FALSE;
    }

  out->output = g_strdup_printf ("%s/%s-output.ndjson", tmpdir, tag);
  out->rejects = g_strdup_printf ("%s/%s-rejects.ndjson", tmpdir, tag);
  out->duplicates = g_strdup_printf ("%s/%s-duplicates.ndjson", tmpdir, tag);
  out->report = g_strdup_printf ("%s/%s-report.json", tmpdir, tag);

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                              runner, "run", mapping_path,
                              "--input", input_path,
                              "--output", out->output, "--output-format", "ndjson",
                              "--rejects", out->rejects,
                              "--duplicates", out->duplicates,
                              "--report", out->report,
                              NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &stdout_text, &out->stderr_text, &error);
  g_assert_no_error (error);
  out->exit_status = g_subprocess_get_exit_status (process);
  g_test_message ("kakehashi-run exited with %d: %s", out->exit_status, out->stderr_text);

  if (out->stderr_text != NULL && strstr (out->stderr_text, "not implemented") != NULL)
    {
      g_test_skip ("kakehashi-run run is not implemented yet");
      return FALSE;
    }
  return TRUE;
}

static cJSON *
parse_json_file (const char *path)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  cJSON *json;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  json = cJSON_Parse (text);
  g_assert_nonnull (json);
  return json;
}

/* Every line of an NDJSON file, parsed. */
static GPtrArray *
parse_ndjson_file (const char *path)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func ((GDestroyNotify) cJSON_Delete);
  g_autofree char *text = NULL;
  g_auto(GStrv) split = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return lines;
  split = g_strsplit (text, "\n", -1);
  for (guint i = 0; split[i] != NULL; i++)
    if (split[i][0] != '\0')
      {
        cJSON *json = cJSON_Parse (split[i]);

        g_assert_nonnull (json);
        g_ptr_array_add (lines, json);
      }
  return lines;
}

static guint
json_uint (const cJSON *object,
           const char  *name)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (object, name);

  g_assert_true (cJSON_IsNumber (item));
  return (guint) item->valuedouble;
}

/* The written records compared value by value: the text through our own
 * NDJSON reader (which keeps a number's exact digits), the JSON type
 * through cJSON. */
static void
compare_written (KhPreviewResult *result,
                 const char      *output_path)
{
  KhReaderOptions options = KH_READER_OPTIONS_INIT;
  g_autoptr(KhReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) typed = parse_ndjson_file (output_path);
  g_autoptr(GPtrArray) targets = g_ptr_array_new ();
  const guint n_columns = kh_preview_result_get_n_columns (result);
  const KhRecord *record;
  guint written = 0, line = 0;

  for (guint c = 0; c < n_columns; c++)
    g_ptr_array_add (targets, (gpointer) kh_preview_column_get_target (kh_preview_result_get_column (result, c)));
  g_ptr_array_add (targets, NULL);

  options.format = KH_IO_FORMAT_NDJSON;
  options.columns = (const char * const *) targets->pdata;
  reader = kh_reader_open (output_path, &options, &error);
  g_assert_no_error (error);

  for (guint r = 0; r < kh_preview_result_get_n_records (result); r++)
    {
      KhPreviewRow *row = kh_preview_result_get_row (result, r);
      const cJSON *object;

      if (kh_preview_row_get_outcome (row) != KH_OUTCOME_WRITTEN)
        continue;

      record = kh_reader_next (reader, &error);
      g_assert_no_error (error);
      g_assert_nonnull (record);
      g_assert_cmpuint (line, <, typed->len);
      object = typed->pdata[line++];
      g_assert_cmpint (cJSON_GetArraySize (object), ==, (int) n_columns);

      for (guint c = 0; c < n_columns; c++)
        {
          const char *mine = kh_preview_row_get_value (row, c);
          g_autofree char *theirs = NULL;
          const cJSON *item = cJSON_GetObjectItemCaseSensitive (object, targets->pdata[c]);

          g_assert_nonnull (item);
          if (record->cells[c].type != KH_VALUE_NULL)
            theirs = g_strndup (record->cells[c].str, record->cells[c].len);
          if (g_strcmp0 (mine, theirs) != 0)
            g_error ("record %u, %s: the preview shows “%s”, kakehashi-run wrote “%s”",
                     r + 1, (char *) targets->pdata[c], mine ? mine : "null", theirs ? theirs : "null");

          switch (kh_preview_row_get_value_type (row, c))
            {
            case KH_VALUE_NULL:
              g_assert_true (cJSON_IsNull (item));
              break;
            case KH_VALUE_INTEGER:
            case KH_VALUE_DECIMAL:
              g_assert_true (cJSON_IsNumber (item));
              break;
            case KH_VALUE_BOOLEAN:
              g_assert_true (cJSON_IsBool (item));
              break;
            case KH_VALUE_STRING:
            case KH_VALUE_DATE:
            case KH_VALUE_DATETIME:
            case KH_VALUE_TIME:
            default:
              g_assert_true (cJSON_IsString (item));
              break;
            }
        }
      written++;
    }

  /* Nothing more in the output. */
  record = kh_reader_next (reader, &error);
  g_assert_no_error (error);
  g_assert_null (record);
  g_assert_cmpuint (line, ==, typed->len);
  g_assert_cmpuint (written, ==, kh_preview_result_get_n_outcome (result, KH_OUTCOME_WRITTEN));
}

static void
compare_rejects (KhPreviewResult *result,
                 const char      *rejects_path)
{
  g_autoptr(GPtrArray) rejects = parse_ndjson_file (rejects_path);
  guint next = 0;

  for (guint r = 0; r < kh_preview_result_get_n_records (result); r++)
    {
      KhPreviewRow *row = kh_preview_result_get_row (result, r);
      const cJSON *reject, *errors;
      guint n_errors;

      if (kh_preview_row_get_outcome (row) != KH_OUTCOME_REJECTED)
        continue;

      g_assert_cmpuint (next, <, rejects->len);
      reject = rejects->pdata[next++];
      g_assert_cmpuint (json_uint (reject, "record"), ==, kh_preview_row_get_number (row));

      errors = cJSON_GetObjectItemCaseSensitive (reject, "errors");
      g_assert_true (cJSON_IsArray (errors));
      n_errors = kh_preview_row_get_n_errors (row);
      g_assert_cmpint (cJSON_GetArraySize (errors), ==, (int) n_errors);
      for (guint i = 0; i < n_errors; i++)
        {
          const cJSON *e = cJSON_GetArrayItem (errors, (int) i);
          const cJSON *step = cJSON_GetObjectItemCaseSensitive (e, "step");
          const cJSON *step_index = cJSON_GetObjectItemCaseSensitive (e, "step_index");
          guint column;
          int my_step_index;
          const char *my_step_id, *my_reason;
          KhOnError policy;

          g_assert_true (kh_preview_row_get_error (row, i, &column, &my_step_index, &my_step_id, &my_reason, &policy));
          g_assert_cmpstr (cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (e, "target")), ==,
                           kh_preview_column_get_target (kh_preview_result_get_column (result, column)));
          g_assert_cmpstr (cJSON_IsNull (step) ? NULL : cJSON_GetStringValue (step), ==, my_step_id);
          g_assert_cmpint (cJSON_IsNull (step_index) ? -1 : (int) step_index->valuedouble, ==, my_step_index);
          g_assert_cmpstr (cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (e, "reason")), ==, my_reason);
          g_assert_cmpstr (cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (e, "policy")), ==,
                           kh_on_error_to_string (policy));
        }
    }
  g_assert_cmpuint (next, ==, rejects->len);
}

static void
compare_duplicates (KhPreviewResult *result,
                    const char      *duplicates_path)
{
  g_autoptr(GPtrArray) duplicates = parse_ndjson_file (duplicates_path);
  g_autoptr(GArray) mine = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autoptr(GArray) theirs = g_array_new (FALSE, FALSE, sizeof (guint64));

  for (guint r = 0; r < kh_preview_result_get_n_records (result); r++)
    {
      KhPreviewRow *row = kh_preview_result_get_row (result, r);
      guint64 number = kh_preview_row_get_number (row);

      if (kh_preview_row_get_outcome (row) == KH_OUTCOME_DUPLICATE)
        g_array_append_val (mine, number);
    }
  for (guint i = 0; i < duplicates->len; i++)
    {
      guint64 number = json_uint (duplicates->pdata[i], "record");

      g_array_append_val (theirs, number);
    }

  /* keep="last" learns of a duplicate late, so compare as sets. */
  g_assert_cmpuint (mine->len, ==, theirs->len);
  for (guint i = 0; i < mine->len; i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; j < theirs->len && !found; j++)
        found = g_array_index (theirs, guint64, j) == g_array_index (mine, guint64, i);
      g_assert_true (found);
    }
}

static void
compare_report (KhPreviewResult *result,
                const char      *report_path)
{
  g_autoptr(cJSON) report = parse_json_file (report_path);
  const cJSON *records = cJSON_GetObjectItemCaseSensitive (report, "records");
  const cJSON *rules = cJSON_GetObjectItemCaseSensitive (report, "rules");

  g_assert_cmpuint (json_uint (records, "in"), ==, kh_preview_result_get_n_records (result));
  g_assert_cmpuint (json_uint (records, "written"), ==, kh_preview_result_get_n_outcome (result, KH_OUTCOME_WRITTEN));
  g_assert_cmpuint (json_uint (records, "rejected"), ==, kh_preview_result_get_n_outcome (result, KH_OUTCOME_REJECTED));
  g_assert_cmpuint (json_uint (records, "duplicates"), ==, kh_preview_result_get_n_outcome (result, KH_OUTCOME_DUPLICATE));
  g_assert_cmpuint (json_uint (records, "filtered"), ==, kh_preview_result_get_n_outcome (result, KH_OUTCOME_FILTERED));

  g_assert_cmpint (cJSON_GetArraySize (rules), ==, (int) kh_preview_result_get_n_columns (result));
  for (guint c = 0; c < kh_preview_result_get_n_columns (result); c++)
    {
      const cJSON *rule = cJSON_GetArrayItem (rules, (int) c);
      KhPreviewColumn *column = kh_preview_result_get_column (result, c);

      g_assert_cmpstr (cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (rule, "target")), ==,
                       kh_preview_column_get_target (column));
      g_assert_cmpuint (json_uint (rule, "errors"), ==, kh_preview_column_get_n_failed (column));
      g_assert_cmpuint (json_uint (rule, "defaulted"), ==,
                        kh_preview_column_get_count (column, KH_CELL_STATUS_DEFAULTED));
      g_assert_cmpuint (json_uint (rule, "null"), ==, kh_preview_column_get_count (column, KH_CELL_STATUS_NULL));
    }
}

static KhPreviewResult *
preview_file (const char *mapping_path,
              const char *input_path)
{
  g_autoptr(KhMapping) mapping = test_mapping_from_file (mapping_path);
  g_autoptr(KhSampleSet) samples = NULL;
  g_autoptr(GError) error = NULL;
  KhPreviewResult *result;

  /* The samples as the workbench imports them: every record, through the
   * same reader the runner uses. */
  samples = kh_samples_read (input_path, NULL, KH_SAMPLE_FIRST, 0, 0, NULL, &error);
  g_assert_no_error (error);

  result = kh_preview_compute (mapping, samples, KH_PREVIEW_STRICT_COLUMNS, NULL, &error);
  g_assert_no_error (error);
  return result;
}

static void
check_identity (const char *mapping_path,
                const char *input_path,
                const char *tag)
{
  g_autoptr(KhPreviewResult) result = preview_file (mapping_path, input_path);
  RunnerOutput out;

  if (!run_runner (mapping_path, input_path, tag, &out))
    return;

  /* 0, or 1 with rejects: the run finished. */
  g_assert_cmpint (kh_preview_result_get_abort_position (result), ==, -1);
  g_assert_cmpint (out.exit_status, ==, 0);

  compare_written (result, out.output);
  compare_rejects (result, out.rejects);
  compare_duplicates (result, out.duplicates);
  compare_report (result, out.report);
  runner_output_clear (&out);
}

static void
test_demo (void)
{
  g_autofree char *mapping = test_demo_mapping_path ();
  g_autofree char *samples = test_demo_samples_path ();
  g_autoptr(KhPreviewResult) result = NULL;

  if (mapping == NULL || samples == NULL)
    {
      g_test_skip ("data/demo/ has no mapping and samples yet");
      return;
    }

  /* The demo is meant to show every outcome. */
  result = preview_file (mapping, samples);
  g_assert_cmpuint (kh_preview_result_get_n_outcome (result, KH_OUTCOME_REJECTED), >, 0);
  g_assert_cmpuint (kh_preview_result_get_n_outcome (result, KH_OUTCOME_WRITTEN), >, 0);

  check_identity (mapping, samples, "demo");
}

static void
test_messy (void)
{
  g_autofree char *mapping = g_test_build_filename (G_TEST_DIST, "preview", "data", "identity-mapping.xml", NULL);
  g_autofree char *input = g_test_build_filename (G_TEST_DIST, "preview", "data", "identity-input.csv", NULL);
  g_autoptr(KhPreviewResult) result = preview_file (mapping, input);

  /* Every outcome and every cell status occurs, so the comparison covers
   * them all. */
  for (guint o = KH_OUTCOME_WRITTEN; o <= KH_OUTCOME_FILTERED; o++)
    g_assert_cmpuint (kh_preview_result_get_n_outcome (result, o), >, 0);
  for (guint s = KH_CELL_STATUS_OK; s <= KH_CELL_STATUS_ERROR; s++)
    {
      guint n = 0;

      for (guint c = 0; c < kh_preview_result_get_n_columns (result); c++)
        n += kh_preview_column_get_count (kh_preview_result_get_column (result, c), s);
      g_assert_cmpuint (n, >, 0);
    }

  check_identity (mapping, input, "messy");
}

static void
test_abort (void)
{
  g_autofree char *source = g_test_build_filename (G_TEST_DIST, "preview", "data", "identity-mapping.xml", NULL);
  g_autofree char *input = g_test_build_filename (G_TEST_DIST, "preview", "data", "identity-input.csv", NULL);
  g_autofree char *mapping_path = g_build_filename (tmpdir, "identity-abort.xml", NULL);
  g_autoptr(KhMapping) mapping = test_mapping_from_file (source);
  g_autoptr(GFile) file = g_file_new_for_path (mapping_path);
  g_autoptr(KhPreviewResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) report = NULL;
  const cJSON *abort_info;
  KhPreviewRow *row;
  RunnerOutput out;
  int position, column;

  kh_rule_set_on_error (kh_mapping_lookup_rule (mapping, "Amount"), KH_ON_ERROR_ABORT);
  kh_mapping_save_file (mapping, file, NULL, &error);
  g_assert_no_error (error);

  result = preview_file (mapping_path, input);
  position = kh_preview_result_get_abort_position (result);
  g_assert_cmpint (position, >=, 0);

  if (!run_runner (mapping_path, input, "abort", &out))
    return;

  /* Aborted: exit 6, nothing written, and the same record stops both. */
  g_assert_cmpint (out.exit_status, ==, 6);
  g_assert_false (g_file_test (out.output, G_FILE_TEST_EXISTS));
  report = parse_json_file (out.report);
  abort_info = cJSON_GetObjectItemCaseSensitive (report, "abort");
  g_assert_true (cJSON_IsObject (abort_info));
  g_assert_cmpuint (json_uint (abort_info, "record"), ==, (guint) position + 1);
  g_assert_cmpstr (cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (abort_info, "target")), ==, "Amount");

  row = kh_preview_result_get_row (result, (guint) position);
  column = kh_preview_result_find_column (result, "Amount");
  g_assert_true (kh_preview_row_is_aborted (row));
  g_assert_cmpstr (cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (abort_info, "reason")), ==,
                   kh_preview_row_get_reason (row, (guint) column));
  g_assert_cmpstr (cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (abort_info, "step")), ==,
                   kh_preview_row_get_error_step_id (row, (guint) column));
  runner_output_clear (&out);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  tmpdir = g_dir_make_tmp ("kh-identity-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/preview/identity/demo", test_demo);
  g_test_add_func ("/preview/identity/messy", test_messy);
  g_test_add_func ("/preview/identity/abort", test_abort);

  status = g_test_run ();

  {
    g_autoptr(GDir) dir = g_dir_open (tmpdir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (tmpdir, name, NULL);

        g_remove (path);
      }
    g_rmdir (tmpdir);
  }
  g_free (tmpdir);
  return status;
}
