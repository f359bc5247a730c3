/* kh-run-report.c: what a run did, counted, for the report and the
 * summary line
 *
 * The report is one JSON object (see docs/runner.md, "The run report"),
 * written atomically like every other output of a run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakehashi-run"

#include "config.h"

#include "kh-run-report.h"

#include <glib/gi18n.h>

#include "kh-json-escape.h"
#include "kh-run.h"
#include "kh-output-file.h"

KhRunReport *
kh_run_report_new (void)
{
  KhRunReport *report = g_new0 (KhRunReport, 1);

  report->started_us = g_get_real_time ();
  report->max_samples = KH_RUN_DEFAULT_MAX_SAMPLES;
  report->abort_step_index = -1;

  return report;
}

static void
sample_clear (gpointer data)
{
  KhRunSample *sample = data;

  g_free (sample->step_id);
  g_free (sample->reason);
}

void
kh_run_report_free (KhRunReport *report)
{
  if (report == NULL)
    return;

  for (guint i = 0; i < report->n_rules; i++)
    {
      g_free (report->rules[i].target);
      g_clear_pointer (&report->rules[i].samples, g_array_unref);
    }
  g_free (report->rules);
  g_free (report->mapping_name);
  g_free (report->mapping_file);
  g_free (report->mapping_sha256);
  g_free (report->input_name);
  g_free (report->input_format);
  g_free (report->input_encoding);
  g_free (report->output_name);
  g_free (report->output_format);
  g_free (report->rejects_name);
  g_free (report->duplicates_name);
  g_free (report->dedupe_keep);
  g_free (report->status);
  g_free (report->message);
  g_free (report->abort_target);
  g_free (report->abort_step);
  g_free (report->abort_reason);
  g_free (report);
}

/**
 * kh_run_report_set_plan:
 * @max_samples: how many error reasons to keep per rule
 *
 * Sets up the per-rule counts for the rules of @plan.
 */
void
kh_run_report_set_plan (KhRunReport *report,
                        KhPlan      *plan,
                        guint        max_samples)
{
  g_return_if_fail (report->rules == NULL);

  report->max_samples = max_samples;
  report->n_rules = kh_plan_get_n_columns (plan);
  report->rules = g_new0 (KhRunRuleStats, MAX (report->n_rules, 1));
  for (guint i = 0; i < report->n_rules; i++)
    {
      const KhPlanColumn *column = kh_plan_get_column (plan, i);

      report->rules[i].target = g_strdup (column->name);
      report->rules[i].policy = column->on_error;
      report->rules[i].samples = g_array_new (FALSE, FALSE, sizeof (KhRunSample));
      g_array_set_clear_func (report->rules[i].samples, sample_clear);
    }
}

/**
 * kh_run_report_count:
 * @result: the evaluation of one record (not aborted)
 *
 * Counts the record's defaulted and null cells and its errors, keeping
 * the first errors of each rule as samples. Allocates only for samples.
 */
void
kh_run_report_count (KhRunReport          *report,
                     const KhRecordResult *result)
{
  guint n_errors = kh_record_result_get_n_errors (result);
  KhRunRuleStats *rules = report->rules;

  /* Most records have neither; asking each cell would cost more. */
  if (kh_record_result_has_status (result, KH_CELL_STATUS_DEFAULTED) ||
      kh_record_result_has_status (result, KH_CELL_STATUS_NULL))
    {
      for (guint i = 0; i < report->n_rules; i++)
        {
          KhCellStatus status = kh_record_result_get_status (result, i);

          if (status == KH_CELL_STATUS_DEFAULTED)
            rules[i].defaulted++;
          else if (status == KH_CELL_STATUS_NULL)
            rules[i].nulls++;
        }
    }

  for (guint e = 0; e < n_errors; e++)
    {
      const KhCellError *error = kh_record_result_get_error (result, e);
      KhRunRuleStats *stats;

      if (error->column >= report->n_rules)
        continue;
      stats = &rules[error->column];
      stats->errors++;
      if (stats->samples->len < report->max_samples)
        {
          KhRunSample sample = {
            kh_record_result_get_number (result),
            kh_record_result_get_line (result),
            error->step_index,
            g_strdup (error->step_id),
            g_strdup (error->reason),
          };

          g_array_append_val (stats->samples, sample);
        }
    }
}

/**
 * kh_run_report_set_abort:
 * @result: the evaluation that aborted the run
 *
 * Keeps what aborted the run: the record, the rule and the reason.
 */
void
kh_run_report_set_abort (KhRunReport          *report,
                         const KhRecordResult *result)
{
  const KhCellError *error = kh_record_result_get_abort_error (result);

  report->has_abort = TRUE;
  report->abort_record = kh_record_result_get_number (result);
  report->abort_line = kh_record_result_get_line (result);
  if (error != NULL)
    {
      g_free (report->abort_target);
      report->abort_target = g_strdup (error->target);
      g_free (report->abort_step);
      report->abort_step = g_strdup (error->step_id);
      report->abort_step_index = error->step_index;
      g_free (report->abort_reason);
      report->abort_reason = g_strdup (error->reason);
    }
}

/**
 * kh_run_report_finish:
 * @status: the status word of the report ("ok", "rejects", "aborted", …)
 * @message: (nullable): the error that ended the run
 *
 * Notes the end: exit status, time and peak memory.
 */
void
kh_run_report_finish (KhRunReport *report,
                      int          exit_code,
                      const char  *status,
                      const char  *message)
{
  report->finished_us = g_get_real_time ();
  report->exit_code = exit_code;
  g_free (report->status);
  report->status = g_strdup (status);
  g_free (report->message);
  report->message = g_strdup (message);
}

gboolean
kh_run_report_is_balanced (const KhRunReport *report)
{
  return report->records_in ==
         report->written + report->rejected + report->duplicates + report->filtered;
}

/* JSON helpers */

static void
append_key (GString    *out,
            int         indent,
            const char *key)
{
  g_string_append_c (out, '\n');
  for (int i = 0; i < indent; i++)
    g_string_append (out, "  ");
  kh_json_append_string (out, key, -1);
  g_string_append (out, ": ");
}

static void
append_string_or_null (GString    *out,
                       const char *value)
{
  if (value == NULL)
    g_string_append (out, "null");
  else
    kh_json_append_string (out, value, -1);
}

static void
member_string (GString    *out,
               int         indent,
               const char *key,
               const char *value,
               gboolean    last)
{
  append_key (out, indent, key);
  append_string_or_null (out, value);
  if (!last)
    g_string_append_c (out, ',');
}

static void
member_uint (GString    *out,
             int         indent,
             const char *key,
             guint64     value,
             gboolean    last)
{
  append_key (out, indent, key);
  g_string_append_printf (out, "%" G_GUINT64_FORMAT, value);
  if (!last)
    g_string_append_c (out, ',');
}

static void
member_seconds (GString    *out,
                int         indent,
                const char *key,
                double      value,
                gboolean    last)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  append_key (out, indent, key);
  g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.6f", value));
  if (!last)
    g_string_append_c (out, ',');
}

static void
close_object (GString *out,
              int      indent,
              gboolean last)
{
  g_string_append_c (out, '\n');
  for (int i = 0; i < indent; i++)
    g_string_append (out, "  ");
  g_string_append_c (out, '}');
  if (!last)
    g_string_append_c (out, ',');
}

static char *
format_time (gint64 us)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) precise = NULL;

  if (time == NULL)
    return g_strdup ("");
  precise = g_date_time_add (time, us % G_USEC_PER_SEC);
  return g_date_time_format (precise, "%Y-%m-%dT%H:%M:%S.%fZ");
}

/**
 * kh_run_report_to_json:
 *
 * Returns: (transfer full): the report as pretty-printed JSON, with a
 *   final newline
 */
GString *
kh_run_report_to_json (const KhRunReport *report)
{
  GString *out = g_string_new ("{");
  g_autofree char *started = format_time (report->started_us);
  g_autofree char *finished = format_time (report->finished_us != 0 ? report->finished_us
                                                                     : g_get_real_time ());

  member_string (out, 1, "kakehashi_run", PACKAGE_VERSION, FALSE);
  member_string (out, 1, "status", report->status != NULL ? report->status : "running", FALSE);
  member_uint (out, 1, "exit_code", (guint64) report->exit_code, FALSE);
  member_string (out, 1, "message", report->message, FALSE);

  append_key (out, 1, "mapping");
  g_string_append_c (out, '{');
  member_string (out, 2, "name", report->mapping_name, FALSE);
  member_string (out, 2, "file", report->mapping_file, FALSE);
  member_string (out, 2, "sha256", report->mapping_sha256, TRUE);
  close_object (out, 1, FALSE);

  append_key (out, 1, "input");
  g_string_append_c (out, '{');
  member_string (out, 2, "name", report->input_name, FALSE);
  member_string (out, 2, "format", report->input_format, FALSE);
  member_string (out, 2, "encoding", report->input_encoding, TRUE);
  close_object (out, 1, FALSE);

  append_key (out, 1, "output");
  g_string_append_c (out, '{');
  member_string (out, 2, "name", report->output_name, FALSE);
  member_string (out, 2, "format", report->output_format, FALSE);
  member_string (out, 2, "rejects", report->rejects_name, FALSE);
  member_string (out, 2, "duplicates", report->duplicates_name, TRUE);
  close_object (out, 1, FALSE);

  append_key (out, 1, "records");
  g_string_append_c (out, '{');
  member_uint (out, 2, "in", report->records_in, FALSE);
  member_uint (out, 2, "written", report->written, FALSE);
  member_uint (out, 2, "rejected", report->rejected, FALSE);
  member_uint (out, 2, "duplicates", report->duplicates, FALSE);
  member_uint (out, 2, "filtered", report->filtered, FALSE);
  append_key (out, 2, "balanced");
  g_string_append (out, kh_run_report_is_balanced (report) ? "true," : "false,");
  member_uint (out, 2, "ragged", report->ragged, TRUE);
  close_object (out, 1, FALSE);

  append_key (out, 1, "dedupe");
  if (report->dedupe_keep == NULL)
    g_string_append (out, "null,");
  else
    {
      g_string_append_c (out, '{');
      member_string (out, 2, "keep", report->dedupe_keep, FALSE);
      member_uint (out, 2, "keys", report->dedupe_keys, FALSE);
      member_uint (out, 2, "index_bytes", report->dedupe_bytes, TRUE);
      close_object (out, 1, FALSE);
    }

  append_key (out, 1, "rules");
  g_string_append_c (out, '[');
  for (guint i = 0; i < report->n_rules; i++)
    {
      const KhRunRuleStats *stats = &report->rules[i];

      g_string_append (out, i > 0 ? ",\n    {" : "\n    {");
      member_string (out, 3, "target", stats->target, FALSE);
      member_string (out, 3, "on_error", kh_on_error_to_string (stats->policy), FALSE);
      member_uint (out, 3, "errors", stats->errors, FALSE);
      member_uint (out, 3, "defaulted", stats->defaulted, FALSE);
      member_uint (out, 3, "null", stats->nulls, FALSE);
      append_key (out, 3, "samples");
      g_string_append_c (out, '[');
      for (guint s = 0; s < stats->samples->len; s++)
        {
          const KhRunSample *sample = &g_array_index (stats->samples, KhRunSample, s);

          g_string_append (out, s > 0 ? ",\n        {" : "\n        {");
          member_uint (out, 5, "record", sample->record, FALSE);
          member_uint (out, 5, "line", sample->line, FALSE);
          member_string (out, 5, "step", sample->step_id, FALSE);
          append_key (out, 5, "step_index");
          if (sample->step_index >= 0)
            g_string_append_printf (out, "%d,", sample->step_index);
          else
            g_string_append (out, "null,");
          member_string (out, 5, "reason", sample->reason, TRUE);
          close_object (out, 4, TRUE);
        }
      g_string_append (out, stats->samples->len > 0 ? "\n      ]" : "]");
      close_object (out, 2, TRUE);
    }
  g_string_append (out, report->n_rules > 0 ? "\n  ]," : "],");

  append_key (out, 1, "abort");
  if (!report->has_abort)
    g_string_append (out, "null,");
  else
    {
      g_string_append_c (out, '{');
      member_uint (out, 2, "record", report->abort_record, FALSE);
      member_uint (out, 2, "line", report->abort_line, FALSE);
      member_string (out, 2, "target", report->abort_target, FALSE);
      member_string (out, 2, "step", report->abort_step, FALSE);
      append_key (out, 2, "step_index");
      if (report->abort_step_index >= 0)
        g_string_append_printf (out, "%d,", report->abort_step_index);
      else
        g_string_append (out, "null,");
      member_string (out, 2, "reason", report->abort_reason, TRUE);
      close_object (out, 1, FALSE);
    }

  append_key (out, 1, "signal");
  if (report->signal == 0)
    g_string_append (out, "null,");
  else
    g_string_append_printf (out, "%d,", report->signal);

  append_key (out, 1, "timings");
  g_string_append_c (out, '{');
  member_string (out, 2, "started", started, FALSE);
  member_string (out, 2, "finished", finished, FALSE);
  member_seconds (out, 2, "wall_seconds", report->wall_s, FALSE);
  member_seconds (out, 2, "cpu_seconds", report->cpu_s, FALSE);
  member_seconds (out, 2, "read_seconds", report->read_s, FALSE);
  member_seconds (out, 2, "eval_seconds", report->eval_s, FALSE);
  member_seconds (out, 2, "write_seconds", report->write_s, FALSE);
  member_uint (out, 2, "peak_rss_kb", report->peak_rss_kb, TRUE);
  close_object (out, 1, TRUE);

  g_string_append (out, "\n}\n");
  return out;
}

/**
 * kh_run_report_write:
 * @path: the report file, or "-" for standard output
 *
 * Writes the report atomically.
 */
gboolean
kh_run_report_write (const KhRunReport  *report,
                     const char         *path,
                     GError            **error)
{
  g_autoptr(KhOutputFile) sink = NULL;
  g_autoptr(GString) json = NULL;

  sink = kh_output_file_open (path, error);
  if (sink == NULL)
    return FALSE;

  json = kh_run_report_to_json (report);
  return kh_output_file_write (sink, json->str, json->len, error) &&
         kh_output_file_commit (sink, error);
}

/**
 * kh_run_report_format_summary:
 *
 * Returns: (transfer full): the one-line summary of the run, translated,
 *   without a newline
 */
char *
kh_run_report_format_summary (const KhRunReport *report)
{
  const char *name = report->mapping_name;

  if (name == NULL || name[0] == '\0')
    name = report->mapping_file != NULL ? report->mapping_file : "";

  if (report->exit_code != KH_EXIT_OK && report->exit_code != KH_EXIT_REJECTS)
    /* Translators: the summary line of a run that failed: the mapping's
     * name, the records read before it stopped, and the time it took */
    return g_strdup_printf (_("%s: stopped after %llu records (%.2f s); no output was written"),
                            name, (unsigned long long) report->records_in, report->wall_s);

  /* Translators: the summary line of a run: the mapping's name, then the
   * counts of records read, written, rejected, dropped as duplicates and
   * filtered out, and the time it took */
  return g_strdup_printf (_("%s: %llu in, %llu written, %llu rejected, %llu duplicates, %llu filtered (%.2f s)"),
                          name,
                          (unsigned long long) report->records_in,
                          (unsigned long long) report->written,
                          (unsigned long long) report->rejected,
                          (unsigned long long) report->duplicates,
                          (unsigned long long) report->filtered,
                          report->wall_s);
}
