/* kh-preview-data.c: the compact, immutable store behind a preview result
 *
 * A preview is computed in two halves. kh_preview_data_new() runs on the
 * thread that owns the mapping: it compiles the plans (which copy what
 * they need) and copies the rules' metadata, so nothing later touches the
 * mapping. kh_preview_data_evaluate() then runs in a worker: it evaluates
 * every sample record exactly as the runner does (kh_plan_eval() with a
 * values-only plan, then the dedupe index over the sample order) and
 * copies each cell into flat arrays: 12 bytes per cell plus its text.
 * After that the store is only read, from any thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-preview-data"

#include "config.h"

#include "kh-preview-data-private.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kh-error.h"

/* ---- set-up (the mapping's thread) ----------------------------------- */

static gboolean
strv_contains (const char * const *strv,
               const char         *str)
{
  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    if (strcmp (strv[i], str) == 0)
      return TRUE;
  return FALSE;
}

/**
 * kh_preview_data_new:
 * @mapping: the mapping, on the thread that owns it
 * @samples: the sample records
 * @flags: options
 * @error: return location for an error
 *
 * Compiles the plans and copies the rules' metadata. Nothing is evaluated
 * yet; kh_preview_data_evaluate() does that, on any thread.
 *
 * Returns: (transfer full) (nullable): the store, or %NULL when the mapping
 *   does not compile
 */
KhPreviewData *
kh_preview_data_new (KhMapping       *mapping,
                     KhSampleSet     *samples,
                     KhPreviewFlags   flags,
                     GError         **error)
{
  g_autoptr(KhPreviewData) self = NULL;
  const char * const *columns;
  guint n_columns;
  KhPlanFlags plan_flags = KH_PLAN_CONTINUE_AFTER_ABORT;
  KhEntity *target;
  GPtrArray *missing;

  g_return_val_if_fail (KH_IS_MAPPING (mapping), NULL);
  g_return_val_if_fail (samples != NULL, NULL);

  self = g_new0 (KhPreviewData, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->flags = flags;
  self->samples = kh_sample_set_ref (samples);
  self->abort_row = -1;

  if (!(flags & KH_PREVIEW_STRICT_COLUMNS))
    plan_flags |= KH_PLAN_MISSING_COLUMNS_NULL;

  columns = kh_sample_set_get_columns (samples);
  n_columns = kh_sample_set_get_n_columns (samples);
  self->plan = kh_plan_new (mapping, columns, n_columns, plan_flags, error);
  if (self->plan == NULL)
    return NULL;
  if (!(flags & KH_PREVIEW_NO_TRACE))
    {
      self->trace_plan = kh_plan_new (mapping, columns, n_columns, plan_flags | KH_PLAN_TRACE, error);
      if (self->trace_plan == NULL)
        return NULL;
    }

  self->mapping_name = g_strdup (kh_mapping_get_name (mapping));
  self->source_columns = kh_plan_list_source_columns (mapping);
  missing = g_ptr_array_new ();
  for (guint i = 0; self->source_columns[i] != NULL; i++)
    if (!strv_contains (columns, self->source_columns[i]))
      g_ptr_array_add (missing, g_strdup (self->source_columns[i]));
  g_ptr_array_add (missing, NULL);
  self->missing_columns = (char **) g_ptr_array_free (missing, FALSE);

  target = kh_mapping_get_target_entity (mapping);
  self->n_columns = kh_plan_get_n_columns (self->plan);
  self->columns = g_new0 (KhPreviewColumnInfo, MAX (self->n_columns, 1));
  for (guint c = 0; c < self->n_columns; c++)
    {
      const KhPlanColumn *pc = kh_plan_get_column (self->plan, c);
      KhPreviewColumnInfo *info = &self->columns[c];
      KhRule *rule = kh_mapping_lookup_rule (mapping, pc->name);
      KhField *field = target != NULL ? kh_entity_lookup_field (target, pc->name) : NULL;

      info->target = g_strdup (pc->name);
      info->label = g_strdup (field != NULL ? kh_field_get_display_label (field) : pc->name);
      info->sources = g_strdupv (rule != NULL ? (char **) kh_rule_get_sources (rule) : NULL);
      if (info->sources == NULL)
        info->sources = g_new0 (char *, 1);
      info->type = pc->type;
      info->has_field = pc->has_field;
      info->field_type = pc->field_type;
      info->required = pc->required;
      info->max_length = pc->max_length;
      info->precision = pc->precision;
      info->scale = pc->scale;
      info->on_error = pc->on_error;
      info->n_steps = pc->n_steps;
      info->first_failed = -1;
    }

  self->first_sources = g_new (int, MAX (self->n_columns, 1));
  for (guint c = 0; c < self->n_columns; c++)
    self->first_sources[c] = self->columns[c].sources[0] != NULL
                             ? kh_sample_set_lookup_column (samples, self->columns[c].sources[0]) : -1;

  self->has_dedupe = kh_plan_has_dedupe (self->plan);
  self->dedupe_keep = kh_plan_get_dedupe_keep (self->plan);

  return g_steal_pointer (&self);
}

KhPreviewData *
kh_preview_data_ref (KhPreviewData *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
kh_preview_data_unref (KhPreviewData *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  for (guint c = 0; c < self->n_columns; c++)
    {
      g_free (self->columns[c].target);
      g_free (self->columns[c].label);
      g_strfreev (self->columns[c].sources);
    }
  g_free (self->columns);
  g_free (self->first_sources);
  g_clear_pointer (&self->samples, kh_sample_set_unref);
  g_clear_pointer (&self->plan, kh_plan_unref);
  g_clear_pointer (&self->trace_plan, kh_plan_unref);
  g_free (self->mapping_name);
  g_strfreev (self->source_columns);
  g_strfreev (self->missing_columns);
  g_free (self->rows);
  g_free (self->cells);
  g_free (self->errors);
  g_clear_pointer (&self->blocks, g_ptr_array_unref);
  g_free (self);
}

/* ---- evaluation (any thread) ------------------------------------------ */

/* The texts of a store, in blocks that never move (so no copying when
 * the store grows, and pointers into them stay valid). */
typedef struct
{
  GPtrArray  *blocks;   /* owned, of char blocks */
  char       *next;     /* free room in the last block */
  gsize       left;
  gsize       size;     /* bytes of text */
} Strings;

#define BLOCK_SIZE (256 * 1024)

static const char *
strings_add (Strings    *strings,
             const char *str,
             gsize       len)
{
  char *copy;

  if (G_UNLIKELY (len + 1 > strings->left))
    {
      gsize size = MAX (BLOCK_SIZE, len + 1);

      strings->next = g_malloc (size);
      strings->left = size;
      g_ptr_array_add (strings->blocks, strings->next);
    }

  copy = strings->next;
  memcpy (copy, str, len);
  copy[len] = '\0';
  strings->next += len + 1;
  strings->left -= len + 1;
  strings->size += len + 1;
  return copy;
}

/**
 * kh_preview_data_fill_record:
 * @cells: (array): room for one value per sample column
 * @record: (out caller-allocates): the record
 *
 * Makes the record the plans evaluate for sample row @row: one string (or
 * null) per sample column, numbered from 1 in sample order.
 */
void
kh_preview_data_fill_record (KhPreviewData *self,
                             guint          row,
                             KhValue       *cells,
                             KhRecord      *record)
{
  guint n = kh_sample_set_get_n_columns (self->samples);

  for (guint c = 0; c < n; c++)
    {
      const char *value = kh_sample_set_get_value (self->samples, row, c);

      if (value != NULL)
        {
          cells[c].str = value;
          cells[c].len = strlen (value);
          cells[c].type = KH_VALUE_STRING;
        }
      else
        {
          cells[c].str = NULL;
          cells[c].len = 0;
          cells[c].type = KH_VALUE_NULL;
        }
    }

  record->cells = cells;
  record->n_cells = n;
  record->line = 0;
  record->number = (guint64) row + 1;
  record->raw = NULL;
  record->raw_len = 0;
}

static gboolean
too_large (GError **error)
{
  g_set_error_literal (error, KH_ERROR, KH_ERROR_FAILED,
                       _("The sample records are too large to preview; use fewer records"));
  return FALSE;
}

/* The text of a cell: an unchanged source value is the sample's own
 * string (the store keeps the samples); anything else is copied. */
static inline const char *
cell_text (Strings       *strings,
           const KhValue *value,
           const KhValue *source)
{
  if (source != NULL && value->str == source->str && value->len == source->len)
    return source->str;
  return strings_add (strings, value->str, value->len);
}

/**
 * kh_preview_data_evaluate:
 * @cancellable: (nullable): checked before every record
 * @error: return location for an error
 *
 * Evaluates every sample record, in sample order, exactly as the runner
 * evaluates its input: the rules (values only), the record filters, then
 * the dedupe index. Call it once, on any thread.
 *
 * Returns: %FALSE when cancelled (%G_IO_ERROR_CANCELLED) or when the
 *   store would not fit in memory
 */
gboolean
kh_preview_data_evaluate (KhPreviewData  *self,
                          GCancellable   *cancellable,
                          GError        **error)
{
  g_autoptr(KhRecordResult) result = NULL;
  g_autoptr(KhDeduper) deduper = NULL;
  g_autofree KhValue *inputs = NULL;
  Strings strings = { NULL, NULL, 0, 0 };
  KhPreviewErrorData *errors = NULL;
  gsize errors_size = 0;
  guint n_rows;
  const guint n_columns = self->n_columns;
  gint64 start = g_get_monotonic_time ();

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (!self->evaluated, FALSE);

  n_rows = kh_sample_set_get_n_rows (self->samples);
  if ((guint64) n_rows * MAX (n_columns, 1) > G_MAXUINT32)
    return too_large (error);
  strings.blocks = g_ptr_array_new_with_free_func (g_free);

  result = kh_record_result_new (self->plan);
  if (self->has_dedupe)
    deduper = kh_deduper_new (self->plan);
  inputs = g_new0 (KhValue, MAX (kh_sample_set_get_n_columns (self->samples), 1));

  self->rows = g_new0 (KhPreviewRowData, MAX (n_rows, 1));
  self->cells = g_new (KhPreviewCellData, MAX ((gsize) n_rows * n_columns, 1));

  for (guint row = 0; row < n_rows; row++)
    {
      KhPreviewRowData *rd = &self->rows[row];
      KhPreviewCellData *cells = &self->cells[(gsize) row * n_columns];
      KhRecord record;
      KhOutcome outcome;
      guint n_errors;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto fail;

      kh_preview_data_fill_record (self, row, inputs, &record);
      if (!kh_plan_eval (self->plan, &record, result, &outcome))
        {
          rd->aborted = TRUE;
          if (self->abort_row < 0)
            self->abort_row = (int) row;
        }
      rd->outcome = (guint8) outcome;
      rd->failed_filter = kh_record_result_get_failed_filter (result);

      for (guint c = 0; c < n_columns; c++)
        {
          const KhValue *value = kh_record_result_get_value (result, c);
          KhCellStatus status = kh_record_result_get_status (result, c);
          KhPreviewCellData *cell = &cells[c];

          cell->type = (guint8) value->type;
          cell->status = (guint8) status;
          cell->failed = FALSE;
          cell->padding = 0;
          if (value->type == KH_VALUE_NULL)
            {
              cell->text = NULL;
              cell->len = 0;
            }
          else
            {
              int source = self->first_sources[c];

              if (G_UNLIKELY (value->len >= G_MAXUINT32))
                goto too_large;
              cell->text = cell_text (&strings, value, source >= 0 ? &inputs[source] : NULL);
              cell->len = (guint32) value->len;
            }

          self->columns[c].counts[status]++;
          switch (status)
            {
            case KH_CELL_STATUS_OK:        rd->flags |= KH_PREVIEW_ROW_OK; break;
            case KH_CELL_STATUS_CHANGED:   rd->flags |= KH_PREVIEW_ROW_CHANGED; break;
            case KH_CELL_STATUS_DEFAULTED: rd->flags |= KH_PREVIEW_ROW_DEFAULTED; break;
            case KH_CELL_STATUS_NULL:      rd->flags |= KH_PREVIEW_ROW_NULL; break;
            case KH_CELL_STATUS_ERROR:     break;
            default:                       g_assert_not_reached ();
            }
        }

      /* Every failed rule, whatever its policy, as the rejects file lists
       * them. */
      n_errors = kh_record_result_get_n_errors (result);
      rd->first_error = self->n_errors;
      rd->n_errors = n_errors;
      for (guint i = 0; i < n_errors; i++)
        {
          const KhCellError *ce = kh_record_result_get_error (result, i);
          KhPreviewErrorData *ed;

          if (self->n_errors == errors_size)
            {
              if (errors_size >= G_MAXUINT32 / 2)
                goto too_large;
              errors_size = MAX (errors_size * 2, 64);
              errors = g_renew (KhPreviewErrorData, errors, errors_size);
            }
          ed = &errors[self->n_errors++];
          ed->column = ce->column;
          ed->step_index = ce->step_index;
          ed->policy = (guint8) ce->policy;
          ed->step_id = ce->step_id != NULL ? strings_add (&strings, ce->step_id, strlen (ce->step_id)) : NULL;
          ed->reason = ce->reason != NULL ? strings_add (&strings, ce->reason, strlen (ce->reason))
                                          : strings_add (&strings, "", 0);

          if (ce->column < n_columns)
            {
              KhPreviewColumnInfo *info = &self->columns[ce->column];

              cells[ce->column].failed = TRUE;
              if (info->n_failed++ == 0)
                info->first_failed = (int) row;
            }
          rd->flags |= KH_PREVIEW_ROW_FAILED;
        }

      /* Dedupe, as the runner does: only records that would be written. */
      if (deduper != NULL && outcome == KH_OUTCOME_WRITTEN)
        {
          guint64 superseded = 0;

          switch (kh_deduper_add (deduper, result, row, &superseded, error))
            {
            case KH_DEDUPE_UNIQUE:
            case KH_DEDUPE_NO_KEY:
              break;
            case KH_DEDUPE_DUPLICATE:
              rd->outcome = KH_OUTCOME_DUPLICATE;
              break;
            case KH_DEDUPE_SUPERSEDES:
              g_assert (superseded < row);
              self->rows[superseded].outcome = KH_OUTCOME_DUPLICATE;
              break;
            case KH_DEDUPE_FAILED:
            default:
              goto fail;
            }
        }
    }

  for (guint row = 0; row < n_rows; row++)
    self->n_outcomes[self->rows[row].outcome]++;

  self->n_rows = n_rows;
  self->errors = errors;
  self->blocks = strings.blocks;
  self->text_size = strings.size;
  self->eval_us = g_get_monotonic_time () - start;
  self->evaluated = TRUE;
  return TRUE;

too_large:
  too_large (error);
fail:
  g_ptr_array_unref (strings.blocks);
  g_free (errors);
  g_clear_pointer (&self->rows, g_free);
  g_clear_pointer (&self->cells, g_free);
  self->n_errors = 0;
  return FALSE;
}

const KhPreviewErrorData *
kh_preview_data_cell_error (const KhPreviewData *self,
                            guint                row,
                            guint                column)
{
  const KhPreviewRowData *rd = &self->rows[row];

  for (guint i = 0; i < rd->n_errors; i++)
    if (self->errors[rd->first_error + i].column == column)
      return &self->errors[rd->first_error + i];
  return NULL;
}

/**
 * kh_preview_data_row_matches:
 * @column: a column for "by rule", or -1 for any
 *
 * Returns: whether record @row passes @filter (see #KhPreviewFilter)
 */
gboolean
kh_preview_data_row_matches (KhPreviewData   *self,
                             guint            row,
                             KhPreviewFilter  filter,
                             int              column)
{
  const KhPreviewRowData *rd;
  const KhPreviewCellData *cell = NULL;

  if (row >= self->n_rows)
    return FALSE;

  rd = &self->rows[row];
  if (column >= 0 && filter <= KH_PREVIEW_FILTER_DEFAULTED)
    {
      /* A rule that is gone has no cell to match. */
      if ((guint) column >= self->n_columns)
        return FALSE;
      cell = kh_preview_data_cell (self, row, (guint) column);
    }

  switch (filter)
    {
    case KH_PREVIEW_FILTER_ALL:
      return cell == NULL || cell->failed || cell->status != KH_CELL_STATUS_OK;
    case KH_PREVIEW_FILTER_ERRORS:
      return cell != NULL ? cell->failed : (rd->flags & KH_PREVIEW_ROW_FAILED) != 0;
    case KH_PREVIEW_FILTER_CHANGED:
      return cell != NULL ? cell->status == KH_CELL_STATUS_CHANGED : (rd->flags & KH_PREVIEW_ROW_CHANGED) != 0;
    case KH_PREVIEW_FILTER_DEFAULTED:
      return cell != NULL ? cell->status == KH_CELL_STATUS_DEFAULTED : (rd->flags & KH_PREVIEW_ROW_DEFAULTED) != 0;
    case KH_PREVIEW_FILTER_REJECTED:
      return rd->outcome == KH_OUTCOME_REJECTED;
    case KH_PREVIEW_FILTER_DUPLICATES:
      return rd->outcome == KH_OUTCOME_DUPLICATE;
    case KH_PREVIEW_FILTER_FILTERED:
      return rd->outcome == KH_OUTCOME_FILTERED;
    case KH_PREVIEW_FILTER_WRITTEN:
      return rd->outcome == KH_OUTCOME_WRITTEN;
    default:
      return FALSE;
    }
}
