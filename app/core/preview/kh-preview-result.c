/* kh-preview-result.c: the sample records through one version of the
 * mapping
 *
 * A result is what kh_preview_compute() gives: immutable, safe to read
 * from any thread, and a #GListModel of #KhPreviewRow (one per sample
 * record, in sample order) that a GtkColumnView can show directly. Rows
 * are made on demand and kept, so a row object stays the same for the
 * life of the result. The columns (one per rule) are a #GListModel of
 * #KhPreviewColumn with the per-rule counts.
 *
 * A result also explains any of its cells (kh_preview_result_explain()),
 * and turns any of its records into a golden test record
 * (kh_preview_result_make_golden_record()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-preview-result"

#include "config.h"

#include "kh-preview-result.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kh-error.h"
#include "kh-preview-private.h"

struct _KhPreviewResult
{
  GObject         parent_instance;

  KhPreviewData  *data;      /* owned ref */

  GMutex          lock;      /* guards the two caches below */
  KhPreviewRow  **rows;      /* owned, n_rows; each made on first use */
  GListStore     *columns;   /* owned, nullable: made on first use */
};

static void kh_preview_result_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KhPreviewResult, kh_preview_result, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, kh_preview_result_list_model_init))

enum {
  PROP_0,
  PROP_N_ITEMS,
  PROP_N_WRITTEN,
  PROP_N_REJECTED,
  PROP_N_DUPLICATES,
  PROP_N_FILTERED,
  PROP_N_COLUMNS,
  PROP_ABORT_POSITION,
  PROP_MAPPING_NAME,
  PROP_SAMPLES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- GListModel ------------------------------------------------------- */

static GType
kh_preview_result_get_item_type (GListModel *model)
{
  return KH_TYPE_PREVIEW_ROW;
}

static guint
kh_preview_result_get_n_items (GListModel *model)
{
  return KH_PREVIEW_RESULT (model)->data->n_rows;
}

static gpointer
kh_preview_result_get_item (GListModel *model,
                            guint       position)
{
  KhPreviewRow *row = kh_preview_result_get_row (KH_PREVIEW_RESULT (model), position);

  return row != NULL ? g_object_ref (row) : NULL;
}

static void
kh_preview_result_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = kh_preview_result_get_item_type;
  iface->get_n_items = kh_preview_result_get_n_items;
  iface->get_item = kh_preview_result_get_item;
}

/* ---- GObject ---------------------------------------------------------- */

static void
kh_preview_result_finalize (GObject *object)
{
  KhPreviewResult *self = KH_PREVIEW_RESULT (object);

  if (self->rows != NULL)
    {
      for (guint i = 0; i < self->data->n_rows; i++)
        g_clear_object (&self->rows[i]);
      g_free (self->rows);
    }
  g_clear_object (&self->columns);
  g_clear_pointer (&self->data, kh_preview_data_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (kh_preview_result_parent_class)->finalize (object);
}

static void
kh_preview_result_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  KhPreviewResult *self = KH_PREVIEW_RESULT (object);

  switch (prop_id)
    {
    case PROP_N_ITEMS:        g_value_set_uint (value, self->data->n_rows); break;
    case PROP_N_WRITTEN:      g_value_set_uint (value, self->data->n_outcomes[KH_OUTCOME_WRITTEN]); break;
    case PROP_N_REJECTED:     g_value_set_uint (value, self->data->n_outcomes[KH_OUTCOME_REJECTED]); break;
    case PROP_N_DUPLICATES:   g_value_set_uint (value, self->data->n_outcomes[KH_OUTCOME_DUPLICATE]); break;
    case PROP_N_FILTERED:     g_value_set_uint (value, self->data->n_outcomes[KH_OUTCOME_FILTERED]); break;
    case PROP_N_COLUMNS:      g_value_set_uint (value, self->data->n_columns); break;
    case PROP_ABORT_POSITION: g_value_set_int (value, self->data->abort_row); break;
    case PROP_MAPPING_NAME:   g_value_set_string (value, self->data->mapping_name); break;
    case PROP_SAMPLES:        g_value_set_boxed (value, self->data->samples); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_preview_result_class_init (KhPreviewResultClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kh_preview_result_finalize;
  object_class->get_property = kh_preview_result_get_property;

  properties[PROP_N_ITEMS] = g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_N_WRITTEN] = g_param_spec_uint ("n-written", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_N_REJECTED] = g_param_spec_uint ("n-rejected", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_N_DUPLICATES] = g_param_spec_uint ("n-duplicates", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_N_FILTERED] = g_param_spec_uint ("n-filtered", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_N_COLUMNS] = g_param_spec_uint ("n-columns", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_ABORT_POSITION] = g_param_spec_int ("abort-position", NULL, NULL, -1, G_MAXINT, -1, flags);
  properties[PROP_MAPPING_NAME] = g_param_spec_string ("mapping-name", NULL, NULL, NULL, flags);
  properties[PROP_SAMPLES] = g_param_spec_boxed ("samples", NULL, NULL, KH_TYPE_SAMPLE_SET, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kh_preview_result_init (KhPreviewResult *self)
{
  g_mutex_init (&self->lock);
}

/* Takes a ref of @data, which must be evaluated. */
KhPreviewResult *
_kh_preview_result_new (KhPreviewData *data)
{
  KhPreviewResult *self;

  g_return_val_if_fail (data != NULL && data->evaluated, NULL);

  self = g_object_new (KH_TYPE_PREVIEW_RESULT, NULL);
  self->data = kh_preview_data_ref (data);
  return self;
}

KhPreviewData *
_kh_preview_result_get_data (KhPreviewResult *result)
{
  return result->data;
}

/* ---- the records ------------------------------------------------------ */

/**
 * kh_preview_result_get_samples:
 *
 * Returns: (transfer none): the sample records the result was computed on
 */
KhSampleSet *
kh_preview_result_get_samples (KhPreviewResult *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_RESULT (self), NULL);

  return self->data->samples;
}

const char *
kh_preview_result_get_mapping_name (KhPreviewResult *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_RESULT (self), NULL);

  return self->data->mapping_name;
}

/**
 * kh_preview_result_get_source_columns:
 *
 * Returns: (array zero-terminated=1): the source columns the mapping
 *   reads (kh_plan_list_source_columns()), when the result was computed
 */
const char * const *
kh_preview_result_get_source_columns (KhPreviewResult *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_RESULT (self), NULL);

  return (const char * const *) self->data->source_columns;
}

/**
 * kh_preview_result_get_missing_columns:
 *
 * Returns: (array zero-terminated=1): the source columns the mapping reads
 *   but the samples do not have; they read as null. A run on input with
 *   the samples' columns would fail on them (CSV, SQLite).
 */
const char * const *
kh_preview_result_get_missing_columns (KhPreviewResult *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_RESULT (self), NULL);

  return (const char * const *) self->data->missing_columns;
}

KhPreviewFlags
kh_preview_result_get_flags (KhPreviewResult *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_RESULT (self), 0);

  return self->data->flags;
}

guint
kh_preview_result_get_n_records (KhPreviewResult *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_RESULT (self), 0);

  return self->data->n_rows;
}

/**
 * kh_preview_result_get_n_outcome:
 *
 * Returns: how many records have @outcome; the four counts add up to
 *   kh_preview_result_get_n_records()
 */
guint
kh_preview_result_get_n_outcome (KhPreviewResult *self,
                                 KhOutcome        outcome)
{
  g_return_val_if_fail (KH_IS_PREVIEW_RESULT (self), 0);
  g_return_val_if_fail (outcome <= KH_OUTCOME_FILTERED, 0);

  return self->data->n_outcomes[outcome];
}

/**
 * kh_preview_result_get_abort_position:
 *
 * Returns: the position of the first record for which a rule with policy
 *   `abort` failed (a run would stop there and write nothing), or -1
 */
int
kh_preview_result_get_abort_position (KhPreviewResult *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_RESULT (self), -1);

  return self->data->abort_row;
}

gboolean
kh_preview_result_has_dedupe (KhPreviewResult *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_RESULT (self), FALSE);

  return self->data->has_dedupe;
}

KhDedupeKeep
kh_preview_result_get_dedupe_keep (KhPreviewResult *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_RESULT (self), KH_DEDUPE_KEEP_FIRST);

  return self->data->dedupe_keep;
}

/**
 * kh_preview_result_get_eval_time:
 *
 * Returns: how long the evaluation took, in microseconds
 */
gint64
kh_preview_result_get_eval_time (KhPreviewResult *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_RESULT (self), 0);

  return self->data->eval_us;
}

/* ---- the columns ------------------------------------------------------ */

guint
kh_preview_result_get_n_columns (KhPreviewResult *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_RESULT (self), 0);

  return self->data->n_columns;
}

/**
 * kh_preview_result_get_columns:
 *
 * Returns: (transfer none): a #GListModel of #KhPreviewColumn, one per rule
 *   in rule order (the order of the output columns)
 */
GListModel *
kh_preview_result_get_columns (KhPreviewResult *self)
{
  GListModel *columns;

  g_return_val_if_fail (KH_IS_PREVIEW_RESULT (self), NULL);

  g_mutex_lock (&self->lock);
  if (self->columns == NULL)
    {
      self->columns = g_list_store_new (KH_TYPE_PREVIEW_COLUMN);
      for (guint c = 0; c < self->data->n_columns; c++)
        {
          g_autoptr(KhPreviewColumn) column = _kh_preview_column_new (self->data, c);

          g_list_store_append (self->columns, column);
        }
    }
  columns = G_LIST_MODEL (self->columns);
  g_mutex_unlock (&self->lock);

  return columns;
}

/**
 * kh_preview_result_get_column:
 * @column: an output column
 *
 * Returns: (transfer none) (nullable): the column, or %NULL past the end
 */
KhPreviewColumn *
kh_preview_result_get_column (KhPreviewResult *self,
                              guint            column)
{
  GListModel *columns;
  g_autoptr(KhPreviewColumn) item = NULL;

  g_return_val_if_fail (KH_IS_PREVIEW_RESULT (self), NULL);

  if (column >= self->data->n_columns)
    return NULL;

  /* The store keeps its own reference, so the one returned is borrowed. */
  columns = kh_preview_result_get_columns (self);
  item = g_list_model_get_item (columns, column);
  return item;
}

/**
 * kh_preview_result_find_column:
 * @target: a target field
 *
 * Returns: the output column of the rule for @target, or -1
 */
int
kh_preview_result_find_column (KhPreviewResult *self,
                               const char      *target)
{
  g_return_val_if_fail (KH_IS_PREVIEW_RESULT (self), -1);
  g_return_val_if_fail (target != NULL, -1);

  for (guint c = 0; c < self->data->n_columns; c++)
    if (strcmp (self->data->columns[c].target, target) == 0)
      return (int) c;
  return -1;
}

/**
 * kh_preview_result_same_columns:
 * @a: (nullable): a result
 * @b: (nullable): another
 *
 * Whether two results have the same output columns: the same targets, in
 * the same order, with the same types and labels. When they do, a grid can
 * keep its columns and only rebind its rows.
 *
 * Returns: %TRUE when the columns are the same (two %NULL results too)
 */
gboolean
kh_preview_result_same_columns (KhPreviewResult *a,
                                KhPreviewResult *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  g_return_val_if_fail (KH_IS_PREVIEW_RESULT (a), FALSE);
  g_return_val_if_fail (KH_IS_PREVIEW_RESULT (b), FALSE);

  if (a->data->n_columns != b->data->n_columns)
    return FALSE;

  for (guint c = 0; c < a->data->n_columns; c++)
    {
      const KhPreviewColumnInfo *x = &a->data->columns[c];
      const KhPreviewColumnInfo *y = &b->data->columns[c];

      if (strcmp (x->target, y->target) != 0 || strcmp (x->label, y->label) != 0 ||
          x->type != y->type || x->has_field != y->has_field || x->field_type != y->field_type)
        return FALSE;
    }
  return TRUE;
}

/* ---- rows and filters ------------------------------------------------- */

/**
 * kh_preview_result_get_row:
 * @position: a record's position in the samples
 *
 * Returns: (transfer none) (nullable): the row, or %NULL past the end. The
 *   result keeps it for its own lifetime.
 */
KhPreviewRow *
kh_preview_result_get_row (KhPreviewResult *self,
                           guint            position)
{
  KhPreviewRow *row;

  g_return_val_if_fail (KH_IS_PREVIEW_RESULT (self), NULL);

  if (position >= self->data->n_rows)
    return NULL;

  g_mutex_lock (&self->lock);
  if (self->rows == NULL)
    self->rows = g_new0 (KhPreviewRow *, self->data->n_rows);
  if (self->rows[position] == NULL)
    self->rows[position] = _kh_preview_row_new (self->data, position);
  row = self->rows[position];
  g_mutex_unlock (&self->lock);

  return row;
}

/**
 * kh_preview_result_row_matches:
 * @position: a record's position
 * @filter: what to show
 * @column: an output column for "by rule", or -1 for any
 *
 * kh_preview_row_matches() without making the row.
 *
 * Returns: whether the record passes @filter
 */
gboolean
kh_preview_result_row_matches (KhPreviewResult *self,
                               guint            position,
                               KhPreviewFilter  filter,
                               int              column)
{
  g_return_val_if_fail (KH_IS_PREVIEW_RESULT (self), FALSE);

  return kh_preview_data_row_matches (self->data, position, filter, column);
}

/**
 * kh_preview_result_filter:
 * @filter: what to show
 * @column: an output column for "by rule", or -1 for any
 * @n_positions: (out): the number of positions returned
 *
 * Returns: (transfer full) (array length=n_positions): the positions of
 *   the records that pass @filter, in order; free with g_free()
 */
guint *
kh_preview_result_filter (KhPreviewResult *self,
                          KhPreviewFilter  filter,
                          int              column,
                          guint           *n_positions)
{
  guint *positions;
  guint n = 0;

  g_return_val_if_fail (KH_IS_PREVIEW_RESULT (self), NULL);
  g_return_val_if_fail (n_positions != NULL, NULL);

  positions = g_new (guint, MAX (self->data->n_rows, 1));
  for (guint i = 0; i < self->data->n_rows; i++)
    if (kh_preview_data_row_matches (self->data, i, filter, column))
      positions[n++] = i;

  *n_positions = n;
  return positions;
}

/**
 * kh_preview_result_count:
 * @filter: a filter
 * @column: an output column for "by rule", or -1 for any
 *
 * Returns: how many records pass @filter, for the filter buttons' counts
 */
guint
kh_preview_result_count (KhPreviewResult *self,
                         KhPreviewFilter  filter,
                         int              column)
{
  guint n = 0;

  g_return_val_if_fail (KH_IS_PREVIEW_RESULT (self), 0);

  for (guint i = 0; i < self->data->n_rows; i++)
    if (kh_preview_data_row_matches (self->data, i, filter, column))
      n++;
  return n;
}

/* ---- explain ---------------------------------------------------------- */

/**
 * kh_preview_result_can_explain:
 *
 * Returns: whether the result has a trace plan (it was not computed with
 *   %KH_PREVIEW_NO_TRACE)
 */
gboolean
kh_preview_result_can_explain (KhPreviewResult *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_RESULT (self), FALSE);

  return self->data->trace_plan != NULL;
}

/**
 * kh_preview_result_explain:
 * @position: a record's position
 * @column: an output column
 * @error: return location for an error
 *
 * Explains one cell: evaluates the record again with the trace plan that
 * was compiled with the result (from the same version of the mapping), so
 * the main computation never pays for traces. Cheap; call it on the main
 * thread when a cell is clicked.
 *
 * Returns: (transfer full) (nullable): the cell's trace, or %NULL with
 *   @error set when the position or column is out of range, or the result
 *   was computed with %KH_PREVIEW_NO_TRACE
 */
KhPreviewTrace *
kh_preview_result_explain (KhPreviewResult  *self,
                           guint             position,
                           guint             column,
                           GError          **error)
{
  g_return_val_if_fail (KH_IS_PREVIEW_RESULT (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _kh_preview_data_explain (self->data, position, column, error);
}

KhPreviewTrace *
_kh_preview_data_explain (KhPreviewData  *data,
                          guint           position,
                          guint           column,
                          GError        **error)
{
  g_autoptr(KhRecordResult) result = NULL;
  g_autofree KhValue *cells = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  KhRecord record;
  guint n_trace;

  if (position >= data->n_rows || column >= data->n_columns)
    {
      g_set_error (error, KH_ERROR, KH_ERROR_NOT_FOUND,
                   _("The preview has no cell at record %u, column %u"), position + 1, column + 1);
      return NULL;
    }
  if (data->trace_plan == NULL)
    {
      g_set_error_literal (error, KH_ERROR, KH_ERROR_UNSUPPORTED,
                           _("This preview was computed without traces"));
      return NULL;
    }

  result = kh_record_result_new (data->trace_plan);
  cells = g_new0 (KhValue, MAX (kh_sample_set_get_n_columns (data->samples), 1));
  kh_preview_data_fill_record (data, position, cells, &record);
  kh_plan_eval (data->trace_plan, &record, result, NULL);

  n_trace = kh_record_result_get_n_trace (result, column);
  entries = g_ptr_array_new_full (n_trace, g_object_unref);
  for (guint i = 0; i < n_trace; i++)
    g_ptr_array_add (entries, _kh_preview_trace_entry_new (kh_record_result_get_trace (result, column, i)));

  return _kh_preview_trace_new (data, position, column, result, g_steal_pointer (&entries));
}

/* ---- golden records --------------------------------------------------- */

/**
 * kh_preview_result_make_golden_record:
 * @position: a record's position
 * @name: (nullable): the golden record's name; %NULL names it after the
 *   record number (make it unique in the mapping before adding it)
 * @error: return location for an error
 *
 * Turns a sample record and its current output into a golden test record,
 * which `kakehashi-run test` then checks. Its inputs are the record's
 * values in every source column the mapping reads (null where the samples
 * have none). A golden record is evaluated alone, without the other
 * records, so a record that is a duplicate here expects to be written. A
 * written record expects every output column's current value (null
 * included); a rejected or filtered record expects only its outcome.
 *
 * Returns: (transfer full) (nullable): the golden record, or %NULL with
 *   @error set when the position is out of range or the record aborts the
 *   run (a golden record cannot expect that)
 */
KhGoldenRecord *
kh_preview_result_make_golden_record (KhPreviewResult  *self,
                                      guint             position,
                                      const char       *name,
                                      GError          **error)
{
  KhPreviewData *data;
  const KhPreviewRowData *rd;
  g_autoptr(KhGoldenRecord) record = NULL;
  g_autofree char *default_name = NULL;
  KhOutcome outcome;

  g_return_val_if_fail (KH_IS_PREVIEW_RESULT (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = self->data;
  if (position >= data->n_rows)
    {
      g_set_error (error, KH_ERROR, KH_ERROR_NOT_FOUND,
                   _("The preview has no record %u"), position + 1);
      return NULL;
    }

  rd = &data->rows[position];
  if (rd->aborted)
    {
      g_set_error (error, KH_ERROR, KH_ERROR_FAILED,
                   _("Record %u stops the run (a rule with on-error “abort” fails), "
                     "so it cannot be a golden record"), position + 1);
      return NULL;
    }

  if (name == NULL)
    {
      g_autofree char *number = g_strdup_printf ("%u", position + 1);

      /* Translators: the name of a golden record made from a sample record */
      name = default_name = g_strdup_printf (_("Sample record %s"), number);
    }

  record = kh_golden_record_new (name);
  for (guint i = 0; data->source_columns[i] != NULL; i++)
    {
      int column = kh_sample_set_lookup_column (data->samples, data->source_columns[i]);
      const char *value = column >= 0 ? kh_sample_set_get_value (data->samples, position, (guint) column) : NULL;

      kh_golden_record_set_input (record, data->source_columns[i], value);
    }

  outcome = rd->outcome == KH_OUTCOME_DUPLICATE ? KH_OUTCOME_WRITTEN : rd->outcome;
  kh_golden_record_set_outcome (record, outcome);
  if (outcome == KH_OUTCOME_WRITTEN)
    for (guint c = 0; c < data->n_columns; c++)
      kh_golden_record_set_expected (record, data->columns[c].target,
                                     kh_preview_data_cell (data, position, c)->text);

  return g_steal_pointer (&record);
}
