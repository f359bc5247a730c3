/* kh-preview-row.c: one sample record through the mapping
 *
 * A row is a view on one record of an immutable preview result: its
 * outcome (written, rejected, duplicate, filtered), each output cell's
 * value, status and reason, and the source record as sampled (for the
 * before/after view). Rows are made on demand by the result's list model.
 *
 * A column past the end reads as a null cell with status null and no
 * reason, without a warning: while the grid rebuilds its columns after
 * the rules changed, a cell may briefly be bound to a row of the previous
 * result.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-preview-row"

#include "config.h"

#include "kh-preview-row.h"

#include "kh-enums.h"
#include "kh-preview-private.h"

struct _KhPreviewRow
{
  GObject         parent_instance;

  KhPreviewData  *data;       /* owned ref */
  guint           position;
};

G_DEFINE_FINAL_TYPE (KhPreviewRow, kh_preview_row, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_POSITION,
  PROP_NUMBER,
  PROP_OUTCOME,
  PROP_ABORTED,
  PROP_FAILED_FILTER,
  PROP_N_ERRORS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static inline const KhPreviewRowData *
row_data (KhPreviewRow *self)
{
  return &self->data->rows[self->position];
}

static void
kh_preview_row_finalize (GObject *object)
{
  KhPreviewRow *self = KH_PREVIEW_ROW (object);

  g_clear_pointer (&self->data, kh_preview_data_unref);

  G_OBJECT_CLASS (kh_preview_row_parent_class)->finalize (object);
}

static void
kh_preview_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KhPreviewRow *self = KH_PREVIEW_ROW (object);

  switch (prop_id)
    {
    case PROP_POSITION:      g_value_set_uint (value, self->position); break;
    case PROP_NUMBER:        g_value_set_uint64 (value, (guint64) self->position + 1); break;
    case PROP_OUTCOME:       g_value_set_enum (value, row_data (self)->outcome); break;
    case PROP_ABORTED:       g_value_set_boolean (value, row_data (self)->aborted); break;
    case PROP_FAILED_FILTER: g_value_set_int (value, row_data (self)->failed_filter); break;
    case PROP_N_ERRORS:      g_value_set_uint (value, row_data (self)->n_errors); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_preview_row_class_init (KhPreviewRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kh_preview_row_finalize;
  object_class->get_property = kh_preview_row_get_property;

  properties[PROP_POSITION] = g_param_spec_uint ("position", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_NUMBER] = g_param_spec_uint64 ("number", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_OUTCOME] =
    g_param_spec_enum ("outcome", NULL, NULL, KH_TYPE_OUTCOME, KH_OUTCOME_WRITTEN, flags);
  properties[PROP_ABORTED] = g_param_spec_boolean ("aborted", NULL, NULL, FALSE, flags);
  properties[PROP_FAILED_FILTER] = g_param_spec_int ("failed-filter", NULL, NULL, -1, G_MAXINT, -1, flags);
  properties[PROP_N_ERRORS] = g_param_spec_uint ("n-errors", NULL, NULL, 0, G_MAXUINT, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kh_preview_row_init (KhPreviewRow *self)
{
}

KhPreviewRow *
_kh_preview_row_new (KhPreviewData *data,
                     guint          position)
{
  KhPreviewRow *self;

  g_assert (position < data->n_rows);

  self = g_object_new (KH_TYPE_PREVIEW_ROW, NULL);
  self->data = kh_preview_data_ref (data);
  self->position = position;
  return self;
}

KhPreviewData *
_kh_preview_row_get_data (KhPreviewRow *row)
{
  return row->data;
}

/**
 * kh_preview_row_get_position:
 *
 * Returns: the record's 0-based position in the sample set
 */
guint
kh_preview_row_get_position (KhPreviewRow *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_ROW (self), 0);

  return self->position;
}

/**
 * kh_preview_row_get_number:
 *
 * Returns: the source record number the grid shows: the 1-based position
 *   in the sample set, which is also the record number `kakehashi-run`
 *   reports when it reads the samples as its input
 */
guint64
kh_preview_row_get_number (KhPreviewRow *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_ROW (self), 0);

  return (guint64) self->position + 1;
}

/**
 * kh_preview_row_get_outcome:
 *
 * Returns: what a run over the samples would do with this record,
 *   including the record filters and the dedupe over the sample order.
 *   An aborting record is %KH_OUTCOME_REJECTED (see
 *   kh_preview_row_is_aborted()).
 */
KhOutcome
kh_preview_row_get_outcome (KhPreviewRow *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_ROW (self), KH_OUTCOME_WRITTEN);

  return row_data (self)->outcome;
}

/**
 * kh_preview_row_is_aborted:
 *
 * Returns: whether a rule with policy `abort` failed for this record: a
 *   run would stop here and write nothing
 */
gboolean
kh_preview_row_is_aborted (KhPreviewRow *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_ROW (self), FALSE);

  return row_data (self)->aborted;
}

/**
 * kh_preview_row_get_failed_filter:
 *
 * Returns: the index of the record filter that dropped the record, or -1
 */
int
kh_preview_row_get_failed_filter (KhPreviewRow *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_ROW (self), -1);

  return row_data (self)->failed_filter;
}

guint
kh_preview_row_get_n_columns (KhPreviewRow *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_ROW (self), 0);

  return self->data->n_columns;
}

/**
 * kh_preview_row_get_value:
 * @column: an output column
 *
 * Returns: (nullable): the cell's text (its canonical spelling for typed
 *   values), or %NULL for null
 */
const char *
kh_preview_row_get_value (KhPreviewRow *self,
                          guint         column)
{
  g_return_val_if_fail (KH_IS_PREVIEW_ROW (self), NULL);

  if (column >= self->data->n_columns)
    return NULL;
  return kh_preview_data_cell (self->data, self->position, column)->text;
}

/**
 * kh_preview_row_get_value_type:
 *
 * Returns: the cell's own type (a `keep` policy keeps a raw string; null
 *   is %KH_VALUE_NULL)
 */
KhValueType
kh_preview_row_get_value_type (KhPreviewRow *self,
                               guint         column)
{
  g_return_val_if_fail (KH_IS_PREVIEW_ROW (self), KH_VALUE_NULL);

  if (column >= self->data->n_columns)
    return KH_VALUE_NULL;
  return kh_preview_data_cell (self->data, self->position, column)->type;
}

/**
 * kh_preview_row_get_status:
 *
 * Returns: the cell's status (docs/semantics.md, "Cell status")
 */
KhCellStatus
kh_preview_row_get_status (KhPreviewRow *self,
                           guint         column)
{
  g_return_val_if_fail (KH_IS_PREVIEW_ROW (self), KH_CELL_STATUS_NULL);

  if (column >= self->data->n_columns)
    return KH_CELL_STATUS_NULL;
  return kh_preview_data_cell (self->data, self->position, column)->status;
}

/**
 * kh_preview_row_get_failed:
 *
 * Returns: whether the cell's rule failed, whatever its policy: a null or
 *   defaulted cell can hide a failure; kh_preview_row_get_reason() says why
 */
gboolean
kh_preview_row_get_failed (KhPreviewRow *self,
                           guint         column)
{
  g_return_val_if_fail (KH_IS_PREVIEW_ROW (self), FALSE);

  if (column >= self->data->n_columns)
    return FALSE;
  return kh_preview_data_cell (self->data, self->position, column)->failed;
}

static const KhPreviewErrorData *
cell_error (KhPreviewRow *self,
            guint         column)
{
  if (column >= self->data->n_columns ||
      !kh_preview_data_cell (self->data, self->position, column)->failed)
    return NULL;
  return kh_preview_data_cell_error (self->data, self->position, column);
}

/**
 * kh_preview_row_get_reason:
 *
 * Returns: (nullable): why the cell's rule failed (translated), or %NULL
 */
const char *
kh_preview_row_get_reason (KhPreviewRow *self,
                           guint         column)
{
  const KhPreviewErrorData *ed;

  g_return_val_if_fail (KH_IS_PREVIEW_ROW (self), NULL);

  ed = cell_error (self, column);
  return ed != NULL ? ed->reason : NULL;
}

/**
 * kh_preview_row_get_error_step:
 *
 * Returns: the 0-based index of the step that failed, or -1 when the
 *   target contract failed or the rule did not fail
 */
int
kh_preview_row_get_error_step (KhPreviewRow *self,
                               guint         column)
{
  const KhPreviewErrorData *ed;

  g_return_val_if_fail (KH_IS_PREVIEW_ROW (self), -1);

  ed = cell_error (self, column);
  return ed != NULL ? ed->step_index : -1;
}

/**
 * kh_preview_row_get_error_step_id:
 *
 * Returns: (nullable): the catalogue id of the step that failed, or %NULL
 */
const char *
kh_preview_row_get_error_step_id (KhPreviewRow *self,
                                  guint         column)
{
  const KhPreviewErrorData *ed;

  g_return_val_if_fail (KH_IS_PREVIEW_ROW (self), NULL);

  ed = cell_error (self, column);
  return ed != NULL ? ed->step_id : NULL;
}

/**
 * kh_preview_row_get_cell:
 * @column: an output column
 *
 * The cell as an object, for list-item bindings and expressions.
 *
 * Returns: (transfer full) (nullable): a new cell, or %NULL past the last
 *   column
 */
KhPreviewCell *
kh_preview_row_get_cell (KhPreviewRow *self,
                         guint         column)
{
  g_return_val_if_fail (KH_IS_PREVIEW_ROW (self), NULL);

  if (column >= self->data->n_columns)
    return NULL;
  return _kh_preview_cell_new (self->data, self->position, column);
}

/**
 * kh_preview_row_explain:
 * @column: an output column
 * @error: return location for an error
 *
 * kh_preview_result_explain() for this row's cell: the trace comes from
 * the same version of the mapping as the row, even when a newer result
 * has replaced it since.
 *
 * Returns: (transfer full) (nullable): the cell's trace
 */
KhPreviewTrace *
kh_preview_row_explain (KhPreviewRow  *self,
                        guint          column,
                        GError       **error)
{
  g_return_val_if_fail (KH_IS_PREVIEW_ROW (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _kh_preview_data_explain (self->data, self->position, column, error);
}

/**
 * kh_preview_row_get_n_errors:
 *
 * Returns: how many rules failed for the record, whatever their policy
 */
guint
kh_preview_row_get_n_errors (KhPreviewRow *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_ROW (self), 0);

  return row_data (self)->n_errors;
}

/**
 * kh_preview_row_get_error:
 * @index: less than kh_preview_row_get_n_errors()
 * @column: (out) (optional): the output column of the failed rule
 * @step_index: (out) (optional): the failing step, or -1 for the target
 *   contract
 * @step_id: (out) (optional) (nullable): the step's catalogue id
 * @reason: (out) (optional): why (translated)
 * @policy: (out) (optional): the rule's on-error policy
 *
 * The record's errors in rule order, as the rejects file lists them.
 *
 * Returns: %FALSE when @index is out of range
 */
gboolean
kh_preview_row_get_error (KhPreviewRow  *self,
                          guint          index,
                          guint         *column,
                          int           *step_index,
                          const char   **step_id,
                          const char   **reason,
                          KhOnError     *policy)
{
  const KhPreviewRowData *rd;
  const KhPreviewErrorData *ed;

  g_return_val_if_fail (KH_IS_PREVIEW_ROW (self), FALSE);

  rd = row_data (self);
  if (index >= rd->n_errors)
    return FALSE;

  ed = &self->data->errors[rd->first_error + index];
  if (column != NULL)
    *column = ed->column;
  if (step_index != NULL)
    *step_index = ed->step_index;
  if (step_id != NULL)
    *step_id = ed->step_id;
  if (reason != NULL)
    *reason = ed->reason;
  if (policy != NULL)
    *policy = ed->policy;
  return TRUE;
}

/**
 * kh_preview_row_get_n_source_values:
 *
 * Returns: the number of sample columns (see kh_sample_set_get_columns())
 */
guint
kh_preview_row_get_n_source_values (KhPreviewRow *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_ROW (self), 0);

  return kh_sample_set_get_n_columns (self->data->samples);
}

/**
 * kh_preview_row_get_source_value:
 * @column: a sample column
 *
 * Returns: (nullable): the record's value in that sample column, as
 *   sampled, or %NULL for null
 */
const char *
kh_preview_row_get_source_value (KhPreviewRow *self,
                                 guint         column)
{
  g_return_val_if_fail (KH_IS_PREVIEW_ROW (self), NULL);

  if (column >= kh_sample_set_get_n_columns (self->data->samples))
    return NULL;
  return kh_sample_set_get_value (self->data->samples, self->position, column);
}

/**
 * kh_preview_row_lookup_source_value:
 * @name: a source column
 *
 * Returns: (nullable): the record's value in the sample column @name, or
 *   %NULL when it is null or the samples have no such column
 */
const char *
kh_preview_row_lookup_source_value (KhPreviewRow *self,
                                    const char   *name)
{
  int column;

  g_return_val_if_fail (KH_IS_PREVIEW_ROW (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  column = kh_sample_set_lookup_column (self->data->samples, name);
  return column >= 0 ? kh_sample_set_get_value (self->data->samples, self->position, (guint) column) : NULL;
}

/**
 * kh_preview_row_matches:
 * @filter: what to show
 * @column: an output column for "by rule", or -1 for any
 *
 * The predicate behind the grid's filters; a GtkCustomFilter can call it.
 *
 * Returns: whether the record passes @filter
 */
gboolean
kh_preview_row_matches (KhPreviewRow    *self,
                        KhPreviewFilter  filter,
                        int              column)
{
  g_return_val_if_fail (KH_IS_PREVIEW_ROW (self), FALSE);

  return kh_preview_data_row_matches (self->data, self->position, filter, column);
}
