/* kh-run-run.c: kakehashi-run run — run a mapping over input records
 *
 * Reads records one at a time, evaluates the mapping's plan on each and
 * sends every record to exactly one place: the output, the rejects, the
 * duplicates or nowhere (filtered), so that the counts always balance.
 * Every output is written aside and renamed at the end; on a signal, an
 * `abort` policy or an input error every output is dropped. See
 * docs/runner.md.
 *
 * The record loop allocates nothing per record: one #KhRecordResult is
 * reused, and the engine's values go straight to the writer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakehashi-run"

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <gio/gunixinputstream.h>
#include <glib/gi18n.h>

#include "kh-engine.h"
#include "kh-error.h"
#include "kh-io.h"
#include "kh-mapping-xml.h"
#include "kh-run-progress.h"
#include "kh-run-rejects.h"
#include "kh-run-report.h"
#include "kh-run-signals.h"
#include "kh-output-file.h"
#include "kh-run-spill.h"
#include "kh-run.h"

/* One record in so many has its read, eval and write timed, for the
 * report's estimates; timing every record would cost more than a step. */
#define TIMING_SAMPLE_MASK 63

/* After so many records, the dedupe index is sized for the whole input
 * from the share of the input read so far (see reserve_dedupe()). */
#define DEDUPE_ESTIMATE_AT 65536

typedef struct
{
  char     *input;
  char     *output;
  char     *rejects;
  char     *report;
  char     *duplicates;
  char     *input_format;
  char     *output_format;
  char     *encoding;
  char     *delimiter;
  char     *quote;
  char     *table;
  char     *output_table;
  char     *ragged;
  gboolean  no_header;
  gboolean  fail_on_reject;
  gboolean  keep_formulas;
  int       max_samples;
  gboolean  quiet;
  char    **args;
} RunOptions;

typedef struct
{
  RunOptions     opt;
  const char    *mapping_path;  /* borrowed from opt.args */

  KhRunReport   *report;        /* owned */
  KhOutputFile  *report_sink;   /* owned */
  KhMapping     *mapping;       /* owned */
  KhPlan        *plan;          /* owned */
  KhRecordResult *result;       /* owned */
  KhReader      *reader;        /* owned */
  KhWriter      *writer;        /* owned */
  KhRunRejects  *rejects;       /* owned, nullable */
  KhRunRejects  *duplicates;    /* owned, nullable */
  KhDeduper     *deduper;       /* owned, nullable */
  KhRunSpill    *spill;         /* owned, nullable: keep="last" */
  KhRunSignals  *signals;       /* owned */
  GCancellable  *cancellable;   /* owned */
  KhRunProgress *progress;      /* owned */
  GError        *issue_error;   /* owned: writing a ragged row failed */

  gint64         start_us;
  double         start_cpu;
  guint64        n_timed;
  gint64         read_ns;
  gint64         eval_ns;
  gint64         write_ns;
} Run;

/* Exit paths: what went wrong, as the exit code and the report's status. */
typedef struct
{
  int         code;
  const char *status;
} Outcome;

static const Outcome OUTCOME_OK              = { KH_EXIT_OK,              "ok" };
static const Outcome OUTCOME_REJECTS         = { KH_EXIT_REJECTS,         "rejects" };
static const Outcome OUTCOME_INVALID_MAPPING = { KH_EXIT_INVALID_MAPPING, "invalid-mapping" };
static const Outcome OUTCOME_INPUT           = { KH_EXIT_INPUT,           "input-error" };
static const Outcome OUTCOME_OUTPUT          = { KH_EXIT_OUTPUT,          "output-error" };
static const Outcome OUTCOME_ABORTED         = { KH_EXIT_ABORTED,         "aborted" };
static const Outcome OUTCOME_USAGE           = { KH_EXIT_USAGE,           "usage" };

static double
cpu_seconds (void)
{
  struct rusage usage;

  if (getrusage (RUSAGE_SELF, &usage) != 0)
    return 0;
  return (double) usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
         (double) usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

static guint64
peak_rss_kb (void)
{
  struct rusage usage;

  if (getrusage (RUSAGE_SELF, &usage) != 0)
    return 0;
  return (guint64) usage.ru_maxrss;  /* kilobytes on Linux */
}

static inline gint64
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void
run_options_clear (RunOptions *opt)
{
  g_free (opt->input);
  g_free (opt->output);
  g_free (opt->rejects);
  g_free (opt->report);
  g_free (opt->duplicates);
  g_free (opt->input_format);
  g_free (opt->output_format);
  g_free (opt->encoding);
  g_free (opt->delimiter);
  g_free (opt->quote);
  g_free (opt->table);
  g_free (opt->output_table);
  g_free (opt->ragged);
  g_strfreev (opt->args);
}

static void
run_clear (Run *run)
{
  /* Whatever was not committed is dropped here: freeing a writer or a sink
   * without a commit removes its temporary file. */
  g_clear_pointer (&run->progress, kh_run_progress_free);
  g_clear_pointer (&run->writer, kh_writer_free);
  g_clear_pointer (&run->rejects, kh_run_rejects_free);
  g_clear_pointer (&run->duplicates, kh_run_rejects_free);
  g_clear_pointer (&run->spill, kh_run_spill_free);
  g_clear_pointer (&run->deduper, kh_deduper_free);
  g_clear_pointer (&run->reader, kh_reader_free);
  g_clear_pointer (&run->result, kh_record_result_free);
  g_clear_pointer (&run->plan, kh_plan_unref);
  g_clear_object (&run->mapping);
  g_clear_pointer (&run->report_sink, kh_output_file_free);
  g_clear_pointer (&run->report, kh_run_report_free);
  g_clear_pointer (&run->signals, kh_run_signals_free);
  g_clear_object (&run->cancellable);
  g_clear_error (&run->issue_error);
  run_options_clear (&run->opt);
}

/* Drops every record output; nothing of this run appears. */
static void
run_drop_outputs (Run *run)
{
  if (run->writer != NULL)
    kh_writer_abort (run->writer);
  if (run->rejects != NULL)
    kh_run_rejects_abort (run->rejects);
  if (run->duplicates != NULL)
    kh_run_rejects_abort (run->duplicates);
  g_clear_pointer (&run->spill, kh_run_spill_free);
}

/* Ends the run: the summary line, the report, the exit code. */
static int
run_finish (Run           *run,
            const Outcome *outcome,
            const char    *message)
{
  int code = outcome->code;

  if (run->progress != NULL)
    kh_run_progress_clear (run->progress);

  if (code != KH_EXIT_OK && code != KH_EXIT_REJECTS)
    run_drop_outputs (run);

  if (message != NULL)
    kh_run_print_error ("%s", message);

  if (run->report != NULL)
    {
      run->report->wall_s = (double) (g_get_monotonic_time () - run->start_us) / G_USEC_PER_SEC;
      run->report->cpu_s = cpu_seconds () - run->start_cpu;
      run->report->peak_rss_kb = peak_rss_kb ();
      run->report->signal = kh_run_signals_get_caught (run->signals);
      kh_run_report_finish (run->report, code, outcome->status, message);

      if (code != KH_EXIT_USAGE && code != KH_EXIT_INVALID_MAPPING && !run->opt.quiet)
        {
          g_autofree char *summary = kh_run_report_format_summary (run->report);

          g_printerr ("%s\n", summary);
        }

      if (run->report_sink != NULL)
        {
          g_autoptr(GString) json = kh_run_report_to_json (run->report);
          g_autoptr(GError) error = NULL;

          if (!kh_output_file_write (run->report_sink, json->str, json->len, &error) ||
              !kh_output_file_commit (run->report_sink, &error))
            {
              kh_run_print_error ("%s", error->message);
              if (code == KH_EXIT_OK || code == KH_EXIT_REJECTS)
                code = KH_EXIT_OUTPUT;
            }
        }
    }

  run_clear (run);
  return code;
}

static int
run_fail_error (Run           *run,
                const Outcome *outcome,
                const GError  *error)
{
  return run_finish (run, outcome, error->message);
}

/* Where the rejects go without --rejects: beside the output, named after
 * it, with the extension replaced by ".rejects.ndjson". */
static char *
default_rejects_path (const char *output)
{
  g_autofree char *dir = g_path_get_dirname (output);
  g_autofree char *base = g_path_get_basename (output);
  char *dot = strrchr (base, '.');

  if (dot != NULL && dot != base)
    *dot = '\0';
  {
    g_autofree char *name = g_strconcat (base, ".rejects.ndjson", NULL);

    if (strcmp (dir, ".") == 0 && !g_str_has_prefix (output, "./"))
      return g_steal_pointer (&name);
    return g_build_filename (dir, name, NULL);
  }
}

static gboolean
plan_can_reject (KhPlan *plan)
{
  for (guint i = 0; i < kh_plan_get_n_columns (plan); i++)
    if (kh_plan_get_column (plan, i)->on_error == KH_ON_ERROR_REJECT)
      return TRUE;
  return FALSE;
}

static char *
sha256_hex (GBytes *bytes)
{
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

/* A ragged CSV row under --ragged=reject: straight to the rejects. */
static void
on_reader_issue (const KhRecord *record,
                 const GError   *issue,
                 gpointer        user_data)
{
  Run *run = user_data;

  run->report->records_in++;
  run->report->rejected++;
  run->report->ragged++;
  if (run->issue_error == NULL && run->rejects != NULL)
    kh_run_rejects_add_issue (run->rejects, record, issue->message, &run->issue_error);
}

/* Prints the loader's problems as FILE:LINE:COLUMN lines, the errors
 * always and the warnings unless --quiet. */
static void
print_problems (GPtrArray *problems,
                gboolean   quiet)
{
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      KhProblem *problem = problems->pdata[i];
      g_autofree char *line = NULL;

      if (quiet && kh_problem_get_severity (problem) != KH_PROBLEM_ERROR)
        continue;
      line = kh_problem_to_string (problem);
      g_printerr ("%s\n", line);
    }
}

static gboolean
parse_format (const char  *option,
              const char  *value,
              gboolean     output,
              KhIoFormat  *format,
              GError     **error)
{
  *format = KH_IO_FORMAT_AUTO;
  if (value == NULL)
    return TRUE;
  if (!kh_io_format_from_string (value, format) ||
      (!output && *format == KH_IO_FORMAT_AUTO && g_strcmp0 (value, "auto") != 0))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   output
                   ? _("%s: unknown format “%s”; expected ndjson, csv, json or sqlite")
                   : _("%s: unknown format “%s”; expected csv, ndjson, json or sqlite"),
                   option, value);
      return FALSE;
    }
  return TRUE;
}

static int
parse_options (Run    *run,
               int     argc,
               char  **argv)
{
  RunOptions *opt = &run->opt;
  const GOptionEntry entries[] = {
    { "input", 'i', 0, G_OPTION_ARG_FILENAME, &opt->input,
      N_("The input records: a file, or - for standard input"), N_("FILE") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &opt->output,
      N_("Where the records are written: a file, or - for standard output"), N_("FILE") },
    { "rejects", 'r', 0, G_OPTION_ARG_FILENAME, &opt->rejects,
      N_("Where rejected records are written (NDJSON); by default OUTPUT.rejects.ndjson beside the output"), N_("FILE") },
    { "report", 0, 0, G_OPTION_ARG_FILENAME, &opt->report,
      N_("Write the run report (JSON) to FILE"), N_("FILE") },
    { "duplicates", 0, 0, G_OPTION_ARG_FILENAME, &opt->duplicates,
      N_("List the records dropped as duplicates, with their key, in FILE (NDJSON)"), N_("FILE") },
    { "input-format", 0, 0, G_OPTION_ARG_STRING, &opt->input_format,
      N_("The input format: csv, ndjson, json or sqlite; by default from the file name, then the content"), N_("FORMAT") },
    { "output-format", 0, 0, G_OPTION_ARG_STRING, &opt->output_format,
      N_("The output format: ndjson, csv, json or sqlite; by default from the file name, else NDJSON"), N_("FORMAT") },
    { "encoding", 'e', 0, G_OPTION_ARG_STRING, &opt->encoding,
      N_("The input's text encoding: utf-8 (the default), cp932, auto, or any iconv name"), N_("ENCODING") },
    { "delimiter", 'd', 0, G_OPTION_ARG_STRING, &opt->delimiter,
      N_("CSV: the field delimiter, one character (default , or a tab for .tsv)"), N_("CHAR") },
    { "quote", 0, 0, G_OPTION_ARG_STRING, &opt->quote,
      N_("CSV: the quote character (default \"); empty turns quoting off"), N_("CHAR") },
    { "no-header", 0, 0, G_OPTION_ARG_NONE, &opt->no_header,
      N_("CSV: the first row is data; the columns are named column1, column2, …"), NULL },
    { "ragged", 0, 0, G_OPTION_ARG_STRING, &opt->ragged,
      N_("CSV rows with too many or too few fields: error (stop the run, the default) or reject (send them to the rejects)"), N_("POLICY") },
    { "table", 0, 0, G_OPTION_ARG_STRING, &opt->table,
      N_("SQLite input: the table to read (by default the only one)"), N_("NAME") },
    { "output-table", 0, 0, G_OPTION_ARG_STRING, &opt->output_table,
      N_("SQLite output: the table to create or replace (default “records”)"), N_("NAME") },
    { "fail-on-reject", 0, 0, G_OPTION_ARG_NONE, &opt->fail_on_reject,
      N_("Exit with status 1 when any record was rejected"), NULL },
    { "keep-formulas", 0, 0, G_OPTION_ARG_NONE, &opt->keep_formulas,
      N_("CSV output: do not neutralise cells that a spreadsheet would run as formulas"), NULL },
    { "max-errors-per-rule", 0, 0, G_OPTION_ARG_INT, &opt->max_samples,
      N_("How many error reasons per rule the report shows (default 10)"), N_("N") },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &opt->quiet,
      N_("Print no summary, warning or progress; only errors"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &opt->args,
      NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;

  opt->max_samples = -1;

  context = g_option_context_new (_("MAPPING.xml"));
  g_option_context_set_summary (context,
                                _("Run a mapping over input records. Every record is written, rejected, "
                                  "dropped as a duplicate or filtered out, and the counts always balance. "
                                  "Outputs appear only when the run succeeds."));
  g_option_context_set_description (context,
                                    _("Exit status: 0 success; 1 records were rejected (with --fail-on-reject); "
                                      "2 bad usage; 3 invalid mapping; 4 the input cannot be read or does not "
                                      "fit the mapping; 5 an output cannot be written; 6 stopped by an abort "
                                      "policy or a signal (nothing written)."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      kh_run_print_error ("%s", error->message);
      return KH_EXIT_USAGE;
    }

  if (opt->args == NULL || opt->args[0] == NULL)
    {
      kh_run_print_error ("%s", _("no mapping file given; usage: kakehashi-run run MAPPING.xml --input FILE --output FILE"));
      return KH_EXIT_USAGE;
    }
  if (opt->args[1] != NULL)
    {
      kh_run_print_error (_("one mapping file expected, but “%s” follows it"), opt->args[1]);
      return KH_EXIT_USAGE;
    }
  if (opt->input == NULL)
    {
      kh_run_print_error ("%s", _("no input given; use --input FILE (or --input - for standard input)"));
      return KH_EXIT_USAGE;
    }
  if (opt->output == NULL)
    {
      kh_run_print_error ("%s", _("no output given; use --output FILE (or --output - for standard output)"));
      return KH_EXIT_USAGE;
    }
  if (opt->ragged != NULL && strcmp (opt->ragged, "error") != 0 && strcmp (opt->ragged, "reject") != 0)
    {
      kh_run_print_error (_("--ragged: unknown policy “%s”; expected error or reject"), opt->ragged);
      return KH_EXIT_USAGE;
    }
  if (opt->max_samples < -1)
    {
      kh_run_print_error ("%s", _("--max-errors-per-rule: expected a number of 0 or more"));
      return KH_EXIT_USAGE;
    }
  if (opt->max_samples == -1)
    opt->max_samples = KH_RUN_DEFAULT_MAX_SAMPLES;

  run->mapping_path = opt->args[0];
  return KH_EXIT_OK;
}

/* Outputs must not overwrite one another, nor the input. */
static gboolean
check_distinct_paths (Run         *run,
                      const char  *rejects,
                      GError     **error)
{
  const char *paths[] = { run->opt.output, rejects, run->opt.duplicates, run->opt.report };
  const char *names[] = { "--output", "--rejects", "--duplicates", "--report" };
  g_autofree char *input = g_canonicalize_filename (run->opt.input, NULL);
  char *canonical[G_N_ELEMENTS (paths)] = { NULL, };
  gboolean ok = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    if (paths[i] != NULL && strcmp (paths[i], "-") != 0)
      canonical[i] = g_canonicalize_filename (paths[i], NULL);

  for (guint i = 0; ok && i < G_N_ELEMENTS (paths); i++)
    {
      if (canonical[i] == NULL)
        continue;
      if (strcmp (run->opt.input, "-") != 0 && strcmp (canonical[i], input) == 0)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("%s is the input file “%s”"), names[i], paths[i]);
          ok = FALSE;
        }
      for (guint j = i + 1; ok && j < G_N_ELEMENTS (paths); j++)
        if (canonical[j] != NULL && strcmp (canonical[i], canonical[j]) == 0)
          {
            g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                         _("%s and %s are the same file “%s”"), names[i], names[j], paths[i]);
            ok = FALSE;
          }
    }

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    g_free (canonical[i]);
  if (!ok)
    return FALSE;

  {
    guint n_stdout = 0;

    for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
      if (paths[i] != NULL && strcmp (paths[i], "-") == 0)
        n_stdout++;
    if (n_stdout > 1)
      {
        g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                             _("only one output can go to standard output (-)"));
        return FALSE;
      }
  }

  return TRUE;
}

static KhReader *
open_reader (Run                *run,
             KhIoFormat          format,
             const char * const *columns,
             GError            **error)
{
  KhReaderOptions options = KH_READER_OPTIONS_INIT;

  options.format = format;
  options.encoding = run->opt.encoding;
  options.delimiter = run->opt.delimiter;
  options.quote = run->opt.quote;
  options.no_header = run->opt.no_header;
  options.columns = columns;
  options.table = run->opt.table;
  options.cancellable = run->cancellable;
  if (g_strcmp0 (run->opt.ragged, "reject") == 0)
    {
      options.ragged = KH_RAGGED_SKIP;
      options.issue_func = on_reader_issue;
      options.issue_data = run;
    }

  if (strcmp (run->opt.input, "-") == 0)
    {
      /* A stream, not the file descriptor: its reads can be cancelled, so
       * a signal stops a run waiting for more input at once. */
      g_autoptr(GInputStream) stream = g_unix_input_stream_new (STDIN_FILENO, FALSE);

      return kh_reader_open_stream (stream, _("standard input"), &options, error);
    }

  return kh_reader_open (run->opt.input, &options, error);
}

static const Outcome *
outcome_for_reader_error (Run          *run,
                          const GError *error)
{
  if (kh_run_signals_get_caught (run->signals) != 0)
    return &OUTCOME_ABORTED;
  if (g_error_matches (error, KH_ERROR, KH_ERROR_INVALID_PARAM))
    return &OUTCOME_USAGE;
  return &OUTCOME_INPUT;
}

static int
run_signal_stop (Run *run)
{
  int signum = kh_run_signals_get_caught (run->signals);
  g_autofree char *message = NULL;

  /* Translators: %s is a signal name such as SIGTERM */
  message = g_strdup_printf (_("stopped by %s after %llu records; no output was written"),
                             signum == SIGINT ? "SIGINT" : signum == SIGHUP ? "SIGHUP" : "SIGTERM",
                             (unsigned long long) run->report->records_in);
  return run_finish (run, &OUTCOME_ABORTED, message);
}

/* The key func of the record result: the dedupe key is known while the
 * rest of the record is still evaluated; start fetching its table slot. */
static void
prefetch_key (const KhRecordResult *result,
              gpointer              user_data)
{
  kh_deduper_prefetch (user_data, result);
}

/* Sizes the dedupe index for the whole input at once, instead of letting
 * it double (and rehash every key) again and again: the keys so far,
 * scaled by the share of the input read so far, plus a margin. An input
 * of unknown size (standard input) is left to grow as it goes. */
static void
reserve_dedupe (Run *run)
{
  guint64 done = 0, total = 0;
  guint64 keys = kh_deduper_get_n_keys (run->deduper);
  double estimate;

  kh_reader_get_progress (run->reader, &done, &total);
  if (done == 0 || total <= done || keys == 0)
    return;

  estimate = (double) keys * (double) total / (double) done;
  kh_deduper_reserve (run->deduper, (guint64) (estimate * 1.0625));
}

/* The second pass of keep="last": the held-back records in input order,
 * each written unless a later record with its key won. */
static int
run_write_winners (Run *run)
{
  g_autoptr(GError) error = NULL;
  guint64 ordinal, number, line;
  const KhValue *cells;
  guint64 n = 0;

  if (!kh_run_spill_rewind (run->spill, &error))
    return run_fail_error (run, &OUTCOME_OUTPUT, error);

  while (kh_run_spill_next (run->spill, &ordinal, &number, &line, &cells, &error))
    {
      if (G_UNLIKELY (kh_run_signals_get_caught (run->signals) != 0))
        return run_signal_stop (run);

      if (kh_deduper_is_superseded (run->deduper, ordinal))
        {
          run->report->duplicates++;
          if (run->duplicates != NULL &&
              !kh_run_rejects_add_duplicate (run->duplicates, run->plan, number, line, cells, &error))
            return run_fail_error (run, &OUTCOME_OUTPUT, error);
        }
      else
        {
          if (!kh_writer_write_record (run->writer, cells, &error))
            return run_fail_error (run, &OUTCOME_OUTPUT, error);
          run->report->written++;
        }

      if ((++n & (KH_RUN_PROGRESS_EVERY - 1)) == 0)
        kh_run_progress_update (run->progress, run->report->records_in);
    }
  if (error != NULL)
    return run_fail_error (run, &OUTCOME_OUTPUT, error);

  g_clear_pointer (&run->spill, kh_run_spill_free);
  return KH_EXIT_OK;
}

/* Sends one evaluated, writable record to the output, or to the
 * duplicates, or holds it back for keep="last". */
static gboolean
dispatch_written (Run                   *run,
                  const KhRecordResult  *result,
                  const Outcome        **failure,
                  GError               **error)
{
  KhDedupeVerdict verdict = KH_DEDUPE_NO_KEY;
  guint64 superseded = 0;
  const KhValue *cells = kh_record_result_get_values (result);

  if (run->deduper != NULL)
    {
      /* The ordinal: records in, which grows strictly. */
      verdict = kh_deduper_add (run->deduper, result, run->report->records_in, &superseded, error);
      if (verdict == KH_DEDUPE_FAILED)
        {
          *failure = &OUTCOME_INPUT;
          return FALSE;
        }
    }

  if (run->spill != NULL)
    {
      if (!kh_run_spill_add (run->spill, run->report->records_in,
                             kh_record_result_get_number (result),
                             kh_record_result_get_line (result),
                             cells, error))
        {
          *failure = &OUTCOME_OUTPUT;
          return FALSE;
        }
      return TRUE;
    }

  if (verdict == KH_DEDUPE_DUPLICATE)
    {
      run->report->duplicates++;
      if (run->duplicates != NULL &&
          !kh_run_rejects_add_duplicate (run->duplicates, run->plan,
                                         kh_record_result_get_number (result),
                                         kh_record_result_get_line (result),
                                         cells, error))
        {
          *failure = &OUTCOME_OUTPUT;
          return FALSE;
        }
      return TRUE;
    }

  if (!kh_writer_write_record (run->writer, cells, error))
    {
      *failure = &OUTCOME_OUTPUT;
      return FALSE;
    }
  run->report->written++;
  return TRUE;
}

static int
run_records (Run *run)
{
  KhRecordResult *result = run->result;
  KhRunReport *report = run->report;
  g_autoptr(GError) error = NULL;
  const Outcome *failure = NULL;
  const gboolean count_rules = run->report_sink != NULL;

  for (;;)
    {
      const KhRecord *record;
      KhOutcome outcome;
      gboolean timed;
      gint64 t0 = 0, t1 = 0, t2 = 0;

      if (G_UNLIKELY (kh_run_signals_get_caught (run->signals) != 0))
        return run_signal_stop (run);

      timed = (report->records_in & TIMING_SAMPLE_MASK) == 0;
      if (G_UNLIKELY (timed))
        t0 = now_ns ();

      record = kh_reader_next (run->reader, &error);

      if (G_UNLIKELY (run->issue_error != NULL))
        return run_fail_error (run, &OUTCOME_OUTPUT, run->issue_error);
      if (record == NULL)
        {
          if (error != NULL)
            {
              const Outcome *outcome_error = outcome_for_reader_error (run, error);

              if (outcome_error == &OUTCOME_ABORTED)
                return run_signal_stop (run);
              return run_fail_error (run, outcome_error, error);
            }
          break;
        }

      report->records_in++;

      if (G_UNLIKELY (timed))
        t1 = now_ns ();

      if (G_UNLIKELY (!kh_plan_eval (run->plan, record, result, &outcome)))
        {
          const KhCellError *abort_error = kh_record_result_get_abort_error (result);
          g_autofree char *message = NULL;

          /* The aborting record is in no count: nothing is written. */
          report->records_in--;
          kh_run_report_set_abort (report, result);
          if (record->line > 0)
            message = g_strdup_printf (_("%s, line %llu (record %llu): rule “%s” failed with on-error=\"abort\": %s; "
                                         "the run stopped and no output was written"),
                                       kh_reader_get_name (run->reader),
                                       (unsigned long long) record->line,
                                       (unsigned long long) record->number,
                                       abort_error != NULL ? abort_error->target : "",
                                       abort_error != NULL ? abort_error->reason : "");
          else
            message = g_strdup_printf (_("%s, record %llu: rule “%s” failed with on-error=\"abort\": %s; "
                                         "the run stopped and no output was written"),
                                       kh_reader_get_name (run->reader),
                                       (unsigned long long) record->number,
                                       abort_error != NULL ? abort_error->target : "",
                                       abort_error != NULL ? abort_error->reason : "");
          return run_finish (run, &OUTCOME_ABORTED, message);
        }

      if (G_UNLIKELY (timed))
        t2 = now_ns ();

      /* The per-rule counts appear only in the report. */
      if (count_rules)
        kh_run_report_count (report, result);

      switch (outcome)
        {
        case KH_OUTCOME_WRITTEN:
          if (!dispatch_written (run, result, &failure, &error))
            return run_fail_error (run, failure, error);
          break;

        case KH_OUTCOME_REJECTED:
          report->rejected++;
          if (!kh_run_rejects_add (run->rejects, record, result, &error))
            return run_fail_error (run, &OUTCOME_OUTPUT, error);
          break;

        case KH_OUTCOME_FILTERED:
          report->filtered++;
          break;

        case KH_OUTCOME_DUPLICATE:
        default:
          g_assert_not_reached ();
        }

      if (G_UNLIKELY (timed))
        {
          gint64 t3 = now_ns ();

          run->n_timed++;
          run->read_ns += t1 - t0;
          run->eval_ns += t2 - t1;
          run->write_ns += t3 - t2;
        }

      if (G_UNLIKELY ((report->records_in & (KH_RUN_PROGRESS_EVERY - 1)) == 0))
        {
          kh_run_progress_update (run->progress, report->records_in);
          if (G_UNLIKELY (report->records_in == DEDUPE_ESTIMATE_AT && run->deduper != NULL))
            reserve_dedupe (run);
        }
    }

  /* The estimates: the sampled times scaled to every record. */
  if (run->n_timed > 0)
    {
      double scale = (double) report->records_in / (double) run->n_timed / 1e9;

      report->read_s = (double) run->read_ns * scale;
      report->eval_s = (double) run->eval_ns * scale;
      report->write_s = (double) run->write_ns * scale;
    }

  if (run->spill != NULL)
    {
      gint64 start = now_ns ();
      int code = run_write_winners (run);

      if (code != KH_EXIT_OK)
        return code;
      report->write_s += (double) (now_ns () - start) / 1e9;
    }

  if (run->deduper != NULL)
    {
      report->dedupe_keys = kh_deduper_get_n_keys (run->deduper);
      report->dedupe_bytes = kh_deduper_get_memory_size (run->deduper);
    }

  return KH_EXIT_OK;
}

/* Commits every output: the rejects and duplicates first, the output last,
 * so that a consumer who waits for the output finds everything. */
static int
run_commit (Run *run)
{
  g_autoptr(GError) error = NULL;

  if (!kh_run_report_is_balanced (run->report))
    {
      /* Cannot happen; never let it pass silently. */
      return run_finish (run, &OUTCOME_ABORTED,
                         _("internal error: the record counts do not balance; no output was written"));
    }

  if (kh_run_signals_get_caught (run->signals) != 0)
    return run_signal_stop (run);

  if ((run->rejects != NULL && !kh_run_rejects_commit (run->rejects, &error)) ||
      (run->duplicates != NULL && !kh_run_rejects_commit (run->duplicates, &error)) ||
      !kh_writer_commit (run->writer, &error))
    return run_fail_error (run, &OUTCOME_OUTPUT, error);

  if (run->opt.fail_on_reject && run->report->rejected > 0)
    return run_finish (run, &OUTCOME_REJECTS, NULL);
  return run_finish (run, &OUTCOME_OK, NULL);
}

int
kh_run_cmd_run (int    argc,
                char **argv)
{
  Run run_data = { 0, };
  Run *run = &run_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GFile) mapping_file = NULL;
  g_autoptr(KhPlan) output_plan = NULL;
  g_auto(GStrv) source_columns = NULL;
  g_autofree char *rejects_path = NULL;
  g_autofree KhValueType *types = NULL;
  g_autofree const char **names = NULL;
  KhIoFormat input_format, output_format;
  KhWriterOptions writer_options = KH_WRITER_OPTIONS_INIT;
  const char * const *input_columns;
  guint n_input_columns, n_columns;
  int code;

  run->start_us = g_get_monotonic_time ();
  run->start_cpu = cpu_seconds ();

  code = parse_options (run, argc, argv);
  if (code != KH_EXIT_OK)
    {
      run_clear (run);
      return code;
    }

  if (!parse_format ("--input-format", run->opt.input_format, FALSE, &input_format, &error) ||
      !parse_format ("--output-format", run->opt.output_format, TRUE, &output_format, &error))
    {
      kh_run_print_error ("%s", error->message);
      run_clear (run);
      return KH_EXIT_USAGE;
    }

  /* Where the rejects go. Losing them silently is not an option: without
   * --rejects they go beside the output; for standard output the mapping
   * decides below. */
  if (run->opt.rejects != NULL)
    rejects_path = g_strdup (run->opt.rejects);
  else if (strcmp (run->opt.output, "-") != 0)
    rejects_path = default_rejects_path (run->opt.output);

  if (!check_distinct_paths (run, rejects_path, &error))
    {
      kh_run_print_error ("%s", error->message);
      run_clear (run);
      return KH_EXIT_USAGE;
    }

  /* From here on every way out goes through run_finish(). */
  run->cancellable = g_cancellable_new ();
  run->signals = kh_run_signals_install (run->cancellable);
  run->report = kh_run_report_new ();
  run->report->mapping_file = g_filename_display_name (run->mapping_path);
  run->report->input_name = strcmp (run->opt.input, "-") == 0
                            ? g_strdup (_("standard input"))
                            : g_filename_display_name (run->opt.input);
  run->report->output_name = strcmp (run->opt.output, "-") == 0
                             ? g_strdup (_("standard output"))
                             : g_filename_display_name (run->opt.output);

  /* The report first: an unwritable report fails before anything else. */
  if (run->opt.report != NULL)
    {
      run->report_sink = kh_output_file_open (run->opt.report, &error);
      if (run->report_sink == NULL)
        return run_fail_error (run, &OUTCOME_OUTPUT, error);
    }

  /* The mapping */
  mapping_file = g_file_new_for_commandline_arg (run->mapping_path);
  bytes = kh_mapping_read_file (mapping_file, NULL, &error);
  if (bytes == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("cannot read the mapping “%s”: %s"),
                                                  run->report->mapping_file, error->message);

      return run_finish (run, &OUTCOME_INPUT, message);
    }
  run->report->mapping_sha256 = sha256_hex (bytes);

  run->mapping = kh_mapping_load_bytes (bytes, run->report->mapping_file, KH_MAPPING_LOAD_DEFAULT,
                                        &problems, &error);
  print_problems (problems, run->opt.quiet);
  if (run->mapping == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("the mapping “%s” is invalid; nothing was run"),
                                                  run->report->mapping_file);

      return run_finish (run, &OUTCOME_INVALID_MAPPING, message);
    }
  run->report->mapping_name = g_strdup (kh_mapping_get_name (run->mapping));

  /* The output columns do not depend on the input: compile once without
   * it, so the outputs can be opened, and checked, before the input. */
  output_plan = kh_plan_new (run->mapping, NULL, 0, KH_PLAN_MISSING_COLUMNS_NULL, &error);
  if (output_plan == NULL)
    return run_fail_error (run, &OUTCOME_INVALID_MAPPING, error);

  /* The format the writer will choose, for the column types. */
  if (output_format == KH_IO_FORMAT_AUTO && strcmp (run->opt.output, "-") != 0)
    output_format = kh_io_format_for_path (run->opt.output);

  n_columns = kh_plan_get_n_columns (output_plan);
  names = g_new0 (const char *, n_columns + 1);
  types = g_new0 (KhValueType, MAX (n_columns, 1));
  for (guint i = 0; i < n_columns; i++)
    {
      const KhPlanColumn *column = kh_plan_get_column (output_plan, i);

      names[i] = column->name;
      /* Text formats write each cell with its own type (a `keep` policy
       * keeps a raw string in a number column); a SQLite table declares
       * the column's type unless a cell may break it. */
      if (output_format == KH_IO_FORMAT_SQLITE && column->on_error != KH_ON_ERROR_KEEP)
        types[i] = column->type;
      else
        types[i] = KH_VALUE_NULL;
    }

  if (rejects_path == NULL &&
      (plan_can_reject (output_plan) || g_strcmp0 (run->opt.ragged, "reject") == 0))
    return run_finish (run, &OUTCOME_USAGE,
                       _("the output is standard output and the mapping can reject records: "
                         "say where the rejects go with --rejects FILE"));

  /* The outputs, before a record is read */
  writer_options.format = output_format;
  writer_options.keep_formulas = run->opt.keep_formulas;
  writer_options.table = run->opt.output_table;
  run->writer = kh_writer_open (run->opt.output, names, types, n_columns, &writer_options, &error);
  if (run->writer == NULL)
    return run_fail_error (run, g_error_matches (error, KH_ERROR, KH_ERROR_INVALID_PARAM)
                                ? &OUTCOME_USAGE : &OUTCOME_OUTPUT, error);
  g_free (run->report->output_format);
  run->report->output_format = g_strdup (kh_io_format_to_string (kh_writer_get_format (run->writer)));

  if (rejects_path != NULL)
    {
      run->rejects = kh_run_rejects_open (rejects_path, &error);
      if (run->rejects == NULL)
        return run_fail_error (run, &OUTCOME_OUTPUT, error);
      run->report->rejects_name = g_strdup (kh_run_rejects_get_name (run->rejects));
    }

  if (run->opt.duplicates != NULL)
    {
      run->duplicates = kh_run_rejects_open (run->opt.duplicates, &error);
      if (run->duplicates == NULL)
        return run_fail_error (run, &OUTCOME_OUTPUT, error);
      run->report->duplicates_name = g_strdup (kh_run_rejects_get_name (run->duplicates));
    }

  /* The input. JSON readers read only the columns the mapping uses (the
   * rejects keep the original object anyway); CSV and SQLite ignore the
   * list and give every column. */
  source_columns = kh_plan_list_source_columns (run->mapping);
  run->reader = open_reader (run, input_format, (const char * const *) source_columns, &error);
  if (run->reader == NULL)
    {
      const Outcome *outcome = outcome_for_reader_error (run, error);

      if (outcome == &OUTCOME_ABORTED)
        return run_signal_stop (run);
      return run_fail_error (run, outcome, error);
    }
  g_free (run->report->input_name);
  run->report->input_name = g_strdup (kh_reader_get_name (run->reader));
  run->report->input_format = g_strdup (kh_io_format_to_string (kh_reader_get_format (run->reader)));
  run->report->input_encoding = g_strdup (kh_reader_get_encoding (run->reader));

  input_columns = kh_reader_get_columns (run->reader, &n_input_columns);
  run->plan = kh_plan_new (run->mapping, input_columns, n_input_columns, KH_PLAN_FLAGS_NONE, &error);
  if (run->plan == NULL)
    {
      g_autofree char *message = g_strdup_printf ("%s: %s", kh_reader_get_name (run->reader), error->message);

      return run_finish (run, g_error_matches (error, KH_ERROR, KH_ERROR_NOT_FOUND)
                              ? &OUTCOME_INPUT : &OUTCOME_INVALID_MAPPING, message);
    }
  g_assert (kh_plan_get_n_columns (run->plan) == n_columns);

  if (run->rejects != NULL)
    kh_run_rejects_set_columns (run->rejects, input_columns, n_input_columns);
  kh_run_report_set_plan (run->report, run->plan, (guint) run->opt.max_samples);
  run->result = kh_record_result_new (run->plan);

  if (kh_plan_has_dedupe (run->plan))
    {
      run->deduper = kh_deduper_new (run->plan);
      kh_record_result_set_key_func (run->result, prefetch_key, run->deduper);
      run->report->dedupe_keep = g_strdup (kh_dedupe_keep_to_string (kh_plan_get_dedupe_keep (run->plan)));
      if (kh_plan_get_dedupe_keep (run->plan) == KH_DEDUPE_KEEP_LAST)
        {
          run->spill = kh_run_spill_new (n_columns, &error);
          if (run->spill == NULL)
            return run_fail_error (run, &OUTCOME_OUTPUT, error);
        }
    }

  run->progress = kh_run_progress_new (run->reader, !run->opt.quiet);

  code = run_records (run);
  if (code != KH_EXIT_OK)
    return code;   /* run_finish() was called */

  return run_commit (run);
}
