/* kh-record-result.h: what a plan made of one record
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kh-plan.h"
#include "kh-types.h"
#include "kh-value.h"

G_BEGIN_DECLS

/**
 * KhCellError:
 * @column: the output column (the rule's index in the plan)
 * @target: the rule's target field
 * @step_index: the 0-based index of the step that failed, or -1 when the
 *   target contract failed (type, scale and precision, max length, required)
 * @step_id: the catalogue id of the step that failed, or %NULL when the
 *   target contract failed
 * @reason: the translated reason, naming the value and what was expected
 * @policy: the rule's on-error policy, which decided what the cell became
 *
 * Why one rule failed for one record. A failed rule keeps its reason
 * whatever its policy, so reports can count it. All strings are borrowed
 * from the #KhRecordResult and valid until its next evaluation.
 */
typedef struct
{
  guint        column;
  const char  *target;
  int          step_index;
  const char  *step_id;
  const char  *reason;
  KhOnError    policy;
} KhCellError;

/**
 * KhTraceKind:
 * @KH_TRACE_SOURCE: a source value as read (one entry per source)
 * @KH_TRACE_STEP: the value after a step (or the step's failure)
 * @KH_TRACE_DEFAULT: the rule's default replaced a missing result
 * @KH_TRACE_TARGET: the value after the target contract (or its failure)
 * @KH_TRACE_POLICY: the value the on-error policy gave the cell
 *
 * The stage of a rule a #KhTraceEntry describes.
 */
typedef enum
{
  KH_TRACE_SOURCE,
  KH_TRACE_STEP,
  KH_TRACE_DEFAULT,
  KH_TRACE_TARGET,
  KH_TRACE_POLICY,
} KhTraceKind;

/**
 * KhTraceEntry:
 * @kind: the stage
 * @step_index: for %KH_TRACE_STEP, the 0-based index of the step; -1
 *   otherwise
 * @label: the source column for %KH_TRACE_SOURCE, the step id for
 *   %KH_TRACE_STEP, %NULL otherwise
 * @value: the value after the stage (the source value for
 *   %KH_TRACE_SOURCE); null when the stage failed
 * @skipped: %TRUE when a step did not run because its input was missing
 *   and the step passes missing values through
 * @reason: (nullable): the reason when the stage failed
 *
 * One entry of a cell's trace, recorded only by plans compiled with
 * %KH_PLAN_TRACE. Strings are borrowed from the #KhRecordResult.
 */
typedef struct
{
  KhTraceKind  kind;
  int          step_index;
  const char  *label;
  KhValue      value;
  gboolean     skipped;
  const char  *reason;
} KhTraceEntry;

/**
 * KhRecordResultKeyFunc:
 * @result: the result being evaluated
 * @user_data: the data given to kh_record_result_set_key_func()
 *
 * Called by kh_plan_eval() in the middle of an evaluation, as soon as the
 * cells of the plan's dedupe key are evaluated. Only those cells may be
 * read; the function must not evaluate anything.
 */
typedef void (*KhRecordResultKeyFunc) (const KhRecordResult *result,
                                       gpointer              user_data);

KhRecordResult     *kh_record_result_new             (KhPlan               *plan);
void                kh_record_result_free            (KhRecordResult       *self);
KhPlan             *kh_record_result_get_plan        (const KhRecordResult *self);
void                kh_record_result_set_key_func    (KhRecordResult       *self,
                                                      KhRecordResultKeyFunc func,
                                                      gpointer              user_data);

guint64             kh_record_result_get_number      (const KhRecordResult *self);
guint64             kh_record_result_get_line        (const KhRecordResult *self);
KhOutcome           kh_record_result_get_outcome     (const KhRecordResult *self);
gboolean            kh_record_result_is_aborted      (const KhRecordResult *self);
const KhCellError  *kh_record_result_get_abort_error (const KhRecordResult *self);
int                 kh_record_result_get_failed_filter (const KhRecordResult *self);

guint               kh_record_result_get_n_cells     (const KhRecordResult *self);
const KhValue      *kh_record_result_get_value       (const KhRecordResult *self,
                                                      guint                 column);
const KhValue      *kh_record_result_get_values      (const KhRecordResult *self);
KhCellStatus        kh_record_result_get_status      (const KhRecordResult *self,
                                                      guint                 column);
gboolean            kh_record_result_has_status      (const KhRecordResult *self,
                                                      KhCellStatus          status);
const KhCellError  *kh_record_result_get_cell_error  (const KhRecordResult *self,
                                                      guint                 column);
gboolean            kh_record_result_was_evaluated   (const KhRecordResult *self,
                                                      guint                 column);

guint               kh_record_result_get_n_errors    (const KhRecordResult *self);
const KhCellError  *kh_record_result_get_error       (const KhRecordResult *self,
                                                      guint                 index);

guint               kh_record_result_get_n_trace     (const KhRecordResult *self,
                                                      guint                 column);
const KhTraceEntry *kh_record_result_get_trace       (const KhRecordResult *self,
                                                      guint                 column,
                                                      guint                 index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhRecordResult, kh_record_result_free)

G_END_DECLS
