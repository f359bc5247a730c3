/* kh-run-report.h: what a run did, counted, for the report and the
 * summary line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kh-plan.h"
#include "kh-record-result.h"
#include "kh-types.h"

G_BEGIN_DECLS

#define KH_RUN_DEFAULT_MAX_SAMPLES 10

/**
 * KhRunSample:
 *
 * One error of a rule, kept as an example for the report.
 */
typedef struct
{
  guint64    record;
  guint64    line;
  int        step_index;
  char      *step_id;     /* owned, nullable: the target contract failed */
  char      *reason;      /* owned */
} KhRunSample;

/**
 * KhRunRuleStats:
 *
 * The counts of one rule (one output column).
 */
typedef struct
{
  char       *target;     /* owned */
  KhOnError   policy;
  guint64     errors;     /* records for which the rule failed, whatever its policy */
  guint64     defaulted;  /* cells with status defaulted */
  guint64     nulls;      /* cells with status null */
  GArray     *samples;    /* owned, of KhRunSample: the first few errors */
} KhRunRuleStats;

/**
 * KhRunReport:
 *
 * Everything the run report says. The runner fills the fields as it goes;
 * strings are owned.
 */
typedef struct
{
  /* What ran */
  char           *mapping_name;
  char           *mapping_file;
  char           *mapping_sha256;
  char           *input_name;
  char           *input_format;
  char           *input_encoding;
  char           *output_name;
  char           *output_format;
  char           *rejects_name;
  char           *duplicates_name;
  char           *dedupe_keep;     /* "first", "last", or NULL without dedupe */

  /* Counts: records_in = written + rejected + duplicates + filtered */
  guint64         records_in;
  guint64         written;
  guint64         rejected;
  guint64         duplicates;
  guint64         filtered;
  guint64         ragged;          /* of rejected: rows the reader could not split */
  guint64         dedupe_keys;
  guint64         dedupe_bytes;    /* memory of the dedupe index */

  guint           n_rules;
  KhRunRuleStats *rules;
  guint           max_samples;

  /* Timings */
  gint64          started_us;      /* real time */
  gint64          finished_us;
  double          wall_s;
  double          cpu_s;
  double          read_s;          /* estimated from a sample of the records */
  double          eval_s;
  double          write_s;
  guint64         peak_rss_kb;

  /* How it ended */
  int             exit_code;
  char           *status;          /* "ok", "rejects", "aborted", "input-error", … */
  char           *message;         /* the error, or NULL */
  int             signal;          /* the signal that stopped the run, or 0 */
  gboolean        has_abort;       /* a rule with on-error="abort" failed: */
  guint64         abort_record;
  guint64         abort_line;
  char           *abort_target;
  char           *abort_step;
  int             abort_step_index;
  char           *abort_reason;
} KhRunReport;

KhRunReport *kh_run_report_new            (void);
void         kh_run_report_free           (KhRunReport          *report);

void         kh_run_report_set_plan       (KhRunReport          *report,
                                           KhPlan               *plan,
                                           guint                 max_samples);
void         kh_run_report_count          (KhRunReport          *report,
                                           const KhRecordResult *result);
void         kh_run_report_set_abort      (KhRunReport          *report,
                                           const KhRecordResult *result);
void         kh_run_report_finish         (KhRunReport          *report,
                                           int                   exit_code,
                                           const char           *status,
                                           const char           *message);

gboolean     kh_run_report_is_balanced    (const KhRunReport    *report);
GString     *kh_run_report_to_json        (const KhRunReport    *report);
gboolean     kh_run_report_write          (const KhRunReport    *report,
                                           const char           *path,
                                           GError              **error);
char        *kh_run_report_format_summary (const KhRunReport    *report);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhRunReport, kh_run_report_free)

G_END_DECLS
