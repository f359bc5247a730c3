/* kh-record-result.c: what a plan made of one record
 *
 * A result is reused record after record: its arena and arrays are reset,
 * not freed, so evaluating a stream allocates nothing per record.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-record-result"

#include "config.h"

#include <string.h>

#include "kh-plan-private.h"

/**
 * kh_record_result_new:
 * @plan: the plan whose evaluations the result will hold
 *
 * Creates the reusable result of kh_plan_eval(). A result belongs to one
 * thread at a time; a worker thread makes its own.
 *
 * Returns: (transfer full): a new result
 */
KhRecordResult *
kh_record_result_new (KhPlan *plan)
{
  KhRecordResult *self;

  g_return_val_if_fail (plan != NULL, NULL);

  self = g_new0 (KhRecordResult, 1);
  self->plan = kh_plan_ref (plan);
  kh_arena_init (&self->arena);
  self->cells = g_new0 (KhCell, MAX (plan->n_rules, 1));
  self->values = g_new0 (KhValue, MAX (plan->n_rules, 1));
  self->errors = g_new0 (guint, MAX (plan->n_rules, 1));
  self->inputs = g_new0 (KhValue, MAX (plan->max_sources, 1));
  self->padded = g_new0 (KhValue, MAX (plan->n_input_columns, 1));
  if (plan->flags & KH_PLAN_TRACE)
    {
      self->trace_size = 16 * MAX (plan->n_rules, 1);
      self->trace = g_new0 (KhTraceEntry, self->trace_size);
    }
  self->abort_cell = -1;
  self->failed_filter = -1;

  return self;
}

/**
 * kh_record_result_set_key_func:
 * @func: (nullable): called once per evaluation of a plan with a dedupe
 *   key, as soon as the key's cells are evaluated; %NULL for none
 * @user_data: passed to @func
 *
 * Lets a runner act on a record's dedupe key while the rest of the record
 * is still being evaluated: it gives kh_deduper_prefetch() here, so that
 * the dedupe lookup after the evaluation finds the table in the cache.
 * The evaluation itself is the same with or without it.
 */
void
kh_record_result_set_key_func (KhRecordResult        *self,
                               KhRecordResultKeyFunc  func,
                               gpointer               user_data)
{
  g_return_if_fail (self != NULL);

  self->key_func = func;
  self->key_data = user_data;
}

/**
 * kh_record_result_free:
 *
 * Frees the result (and drops its reference on the plan).
 */
void
kh_record_result_free (KhRecordResult *self)
{
  if (self == NULL)
    return;

  kh_arena_clear (&self->arena);
  g_free (self->cells);
  g_free (self->values);
  g_free (self->errors);
  g_free (self->inputs);
  g_free (self->padded);
  g_free (self->trace);
  kh_plan_unref (self->plan);
  g_free (self);
}

void
kh_record_result_reset (KhRecordResult *self)
{
  /* The cells are overwritten by the evaluation, but for their failed
   * flag, which only the cells that failed have set: the runner's
   * evaluation does not clear it in every cell (see eval_rules()). */
  kh_arena_reset (&self->arena);
  for (guint i = 0; i < self->n_errors; i++)
    self->cells[self->errors[i]].failed = FALSE;
  self->n_errors = 0;
  self->n_trace = 0;
  self->status_mask = 0;
  self->outcome = KH_OUTCOME_WRITTEN;
  self->aborted = FALSE;
  self->abort_cell = -1;
  self->failed_filter = -1;
  self->number = 0;
  self->record_cells = NULL;
  self->line = 0;
}

KhTraceEntry *
kh_record_result_add_trace (KhRecordResult *self)
{
  if (self->n_trace == self->trace_size)
    {
      self->trace_size = MAX (self->trace_size * 2, 16);
      self->trace = g_renew (KhTraceEntry, self->trace, self->trace_size);
    }
  return &self->trace[self->n_trace++];
}

/* The status of an evaluated cell: ok or changed is decided here, by
 * comparing the value with the rule's first source value. */
static KhCellStatus
cell_status (const KhRecordResult *self,
             guint                 column)
{
  static const KhValue null_value = KH_VALUE_INIT_NULL;
  const KhCell *cell = &self->cells[column];
  const KhValue *a = &self->values[column];
  int first = self->plan->rules[column].first_source;
  const KhValue *b;

  if (cell->status != KH_CELL_STATUS_UNDECIDED)
    return (KhCellStatus) cell->status;

  /* The rule's first source value, in the record evaluated */
  b = first >= 0 ? &self->record_cells[first] : &null_value;

  if (a->str == b->str)
    return a->len == b->len ? KH_CELL_STATUS_OK : KH_CELL_STATUS_CHANGED;
  if (a->type == KH_VALUE_NULL || b->type == KH_VALUE_NULL || a->len != b->len)
    return KH_CELL_STATUS_CHANGED;
  return memcmp (a->str, b->str, a->len) == 0 ? KH_CELL_STATUS_OK : KH_CELL_STATUS_CHANGED;
}

/**
 * kh_record_result_get_plan:
 *
 * Returns: (transfer none): the plan of the result
 */
KhPlan *
kh_record_result_get_plan (const KhRecordResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->plan;
}

/**
 * kh_record_result_get_number:
 *
 * Returns: the #KhRecord.number of the record last evaluated
 */
guint64
kh_record_result_get_number (const KhRecordResult *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->number;
}

/**
 * kh_record_result_get_line:
 *
 * Returns: the #KhRecord.line of the record last evaluated
 */
guint64
kh_record_result_get_line (const KhRecordResult *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->line;
}

/**
 * kh_record_result_get_outcome:
 *
 * Returns: the outcome of the last evaluation (written, rejected or
 *   filtered; %KH_OUTCOME_REJECTED when it aborted)
 */
KhOutcome
kh_record_result_get_outcome (const KhRecordResult *self)
{
  g_return_val_if_fail (self != NULL, KH_OUTCOME_REJECTED);

  return self->outcome;
}

/**
 * kh_record_result_is_aborted:
 *
 * Returns: whether a rule with policy `abort` failed: the run must stop
 */
gboolean
kh_record_result_is_aborted (const KhRecordResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->aborted;
}

/**
 * kh_record_result_get_abort_error:
 *
 * Returns: (nullable): why the record aborted the run (the first rule with
 *   policy `abort` that failed), or %NULL
 */
const KhCellError *
kh_record_result_get_abort_error (const KhRecordResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (!self->aborted)
    return NULL;
  return &self->cells[self->abort_cell].error;
}

/**
 * kh_record_result_get_failed_filter:
 *
 * Returns: for a filtered record, the index of the first filter (in the
 *   mapping's order) it failed; -1 otherwise
 */
int
kh_record_result_get_failed_filter (const KhRecordResult *self)
{
  g_return_val_if_fail (self != NULL, -1);

  return self->failed_filter;
}

/**
 * kh_record_result_get_n_cells:
 *
 * Returns: the number of cells (the plan's output columns)
 */
guint
kh_record_result_get_n_cells (const KhRecordResult *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->plan->n_rules;
}

/**
 * kh_record_result_get_value:
 * @column: an output column
 *
 * The cell's value. Its #KhValue.type is the column's type, or
 * %KH_VALUE_NULL, or %KH_VALUE_STRING when policy `keep` kept the raw
 * source value. A cell a run did not reach (after an abort) is null.
 *
 * Returns: (transfer none): the value, valid until the next evaluation
 */
const KhValue *
kh_record_result_get_value (const KhRecordResult *self,
                            guint                 column)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (column < self->plan->n_rules, NULL);

  return &self->values[column];
}

/**
 * kh_record_result_get_values:
 *
 * All the cells' values at once, in column order, as a writer takes them
 * (see kh_record_result_get_value() for what each one is).
 *
 * Returns: (transfer none) (array): kh_record_result_get_n_cells() values,
 *   valid until the next evaluation
 */
const KhValue *
kh_record_result_get_values (const KhRecordResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->values;
}

/**
 * kh_record_result_get_status:
 * @column: an output column
 *
 * Ok and changed are decided by comparing the value with the rule's first
 * source value in the record evaluated, so ask while the record is valid,
 * as for the values (kh_plan_eval()).
 *
 * Returns: the cell's status (ok, changed, defaulted, null or error), as
 *   docs/semantics.md, "Cell status", defines it
 */
KhCellStatus
kh_record_result_get_status (const KhRecordResult *self,
                             guint                 column)
{
  g_return_val_if_fail (self != NULL, KH_CELL_STATUS_ERROR);
  g_return_val_if_fail (column < self->plan->n_rules, KH_CELL_STATUS_ERROR);

  if (column >= self->n_evaluated)
    return KH_CELL_STATUS_NULL;
  return cell_status (self, column);
}

/**
 * kh_record_result_has_status:
 * @status: a cell status
 *
 * Whether any cell has @status: quick for %KH_CELL_STATUS_DEFAULTED,
 * %KH_CELL_STATUS_NULL and %KH_CELL_STATUS_ERROR, which a run counts for
 * every record.
 *
 * Returns: %TRUE if kh_record_result_get_status() gives @status for a cell
 */
gboolean
kh_record_result_has_status (const KhRecordResult *self,
                             KhCellStatus          status)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (status == KH_CELL_STATUS_OK || status == KH_CELL_STATUS_CHANGED)
    {
      if (!(self->status_mask & (1u << KH_CELL_STATUS_UNDECIDED)))
        return FALSE;
      for (guint i = 0; i < self->n_evaluated; i++)
        if (cell_status (self, i) == status)
          return TRUE;
      return FALSE;
    }
  if (status == KH_CELL_STATUS_NULL && self->n_evaluated < self->plan->n_rules)
    return TRUE;   /* the cells an abort did not reach */
  return (self->status_mask & (1u << status)) != 0;
}

/**
 * kh_record_result_get_cell_error:
 * @column: an output column
 *
 * A failed rule keeps its reason whatever its policy: a cell that took its
 * default or became null after a failure still has its error here.
 *
 * Returns: (nullable): why the cell's rule failed, or %NULL if it did not
 */
const KhCellError *
kh_record_result_get_cell_error (const KhRecordResult *self,
                                 guint                 column)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (column < self->plan->n_rules, NULL);

  return self->cells[column].failed ? &self->cells[column].error : NULL;
}

/**
 * kh_record_result_was_evaluated:
 * @column: an output column
 *
 * Returns: %FALSE for a cell whose rule did not run because an earlier
 *   rule aborted the run
 */
gboolean
kh_record_result_was_evaluated (const KhRecordResult *self,
                                guint                 column)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (column < self->plan->n_rules, FALSE);

  return column < self->n_evaluated;
}

/**
 * kh_record_result_get_n_errors:
 *
 * Returns: the number of rules that failed for the record, whatever their
 *   policy
 */
guint
kh_record_result_get_n_errors (const KhRecordResult *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_errors;
}

/**
 * kh_record_result_get_error:
 * @index: 0 to kh_record_result_get_n_errors() - 1
 *
 * The errors are in rule order. A rejected record lists every error, for
 * the rejects file (target field, step, reason).
 *
 * Returns: (transfer none): one error of the record
 */
const KhCellError *
kh_record_result_get_error (const KhRecordResult *self,
                            guint                 index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->n_errors, NULL);

  return &self->cells[self->errors[index]].error;
}

/**
 * kh_record_result_get_n_trace:
 * @column: an output column
 *
 * Returns: the number of trace entries of the cell; always 0 unless the
 *   plan was compiled with %KH_PLAN_TRACE
 */
guint
kh_record_result_get_n_trace (const KhRecordResult *self,
                              guint                 column)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (column < self->plan->n_rules, 0);

  return self->cells[column].trace_len;
}

/**
 * kh_record_result_get_trace:
 * @column: an output column
 * @index: 0 to kh_record_result_get_n_trace() - 1
 *
 * The cell's trace: its source values, then the value after each step
 * (or the step that failed and why), then the default, the target
 * contract and the policy when they came into play.
 *
 * Returns: (transfer none): one trace entry
 */
const KhTraceEntry *
kh_record_result_get_trace (const KhRecordResult *self,
                            guint                 column,
                            guint                 index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (column < self->plan->n_rules, NULL);
  g_return_val_if_fail (index < self->cells[column].trace_len, NULL);

  return &self->trace[self->cells[column].trace_start + index];
}
