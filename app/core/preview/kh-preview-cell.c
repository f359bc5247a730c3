/* kh-preview-cell.c: one output cell of the preview, as an object
 *
 * Made on demand by kh_preview_row_get_cell() for bindings and
 * expressions; the grid's cells can also read the row's accessors
 * directly. Immutable, like the result it comes from.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-preview-cell"

#include "config.h"

#include "kh-preview-cell.h"

#include "kh-enums.h"
#include "kh-preview-private.h"

struct _KhPreviewCell
{
  GObject         parent_instance;

  KhPreviewData  *data;     /* owned ref */
  guint           row;
  guint           column;
};

G_DEFINE_FINAL_TYPE (KhPreviewCell, kh_preview_cell, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_POSITION,
  PROP_COLUMN,
  PROP_TARGET,
  PROP_VALUE,
  PROP_VALUE_TYPE,
  PROP_STATUS,
  PROP_FAILED,
  PROP_REASON,
  PROP_STEP_INDEX,
  PROP_STEP_ID,
  PROP_POLICY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static inline const KhPreviewCellData *
cell_data (KhPreviewCell *self)
{
  return kh_preview_data_cell (self->data, self->row, self->column);
}

static const KhPreviewErrorData *
cell_error (KhPreviewCell *self)
{
  return cell_data (self)->failed ? kh_preview_data_cell_error (self->data, self->row, self->column) : NULL;
}

static void
kh_preview_cell_finalize (GObject *object)
{
  KhPreviewCell *self = KH_PREVIEW_CELL (object);

  g_clear_pointer (&self->data, kh_preview_data_unref);

  G_OBJECT_CLASS (kh_preview_cell_parent_class)->finalize (object);
}

static void
kh_preview_cell_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  KhPreviewCell *self = KH_PREVIEW_CELL (object);

  switch (prop_id)
    {
    case PROP_POSITION:   g_value_set_uint (value, self->row); break;
    case PROP_COLUMN:     g_value_set_uint (value, self->column); break;
    case PROP_TARGET:     g_value_set_string (value, kh_preview_cell_get_target (self)); break;
    case PROP_VALUE:      g_value_set_string (value, kh_preview_cell_get_value (self)); break;
    case PROP_VALUE_TYPE: g_value_set_uint (value, kh_preview_cell_get_value_type (self)); break;
    case PROP_STATUS:     g_value_set_enum (value, kh_preview_cell_get_status (self)); break;
    case PROP_FAILED:     g_value_set_boolean (value, kh_preview_cell_get_failed (self)); break;
    case PROP_REASON:     g_value_set_string (value, kh_preview_cell_get_reason (self)); break;
    case PROP_STEP_INDEX: g_value_set_int (value, kh_preview_cell_get_step_index (self)); break;
    case PROP_STEP_ID:    g_value_set_string (value, kh_preview_cell_get_step_id (self)); break;
    case PROP_POLICY:     g_value_set_enum (value, kh_preview_cell_get_policy (self)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_preview_cell_class_init (KhPreviewCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kh_preview_cell_finalize;
  object_class->get_property = kh_preview_cell_get_property;

  properties[PROP_POSITION] = g_param_spec_uint ("position", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_COLUMN] = g_param_spec_uint ("column", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_TARGET] = g_param_spec_string ("target", NULL, NULL, NULL, flags);
  properties[PROP_VALUE] = g_param_spec_string ("value", NULL, NULL, NULL, flags);
  /* A KhValueType. */
  properties[PROP_VALUE_TYPE] = g_param_spec_uint ("value-type", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, KH_TYPE_CELL_STATUS, KH_CELL_STATUS_OK, flags);
  properties[PROP_FAILED] = g_param_spec_boolean ("failed", NULL, NULL, FALSE, flags);
  properties[PROP_REASON] = g_param_spec_string ("reason", NULL, NULL, NULL, flags);
  properties[PROP_STEP_INDEX] = g_param_spec_int ("step-index", NULL, NULL, -1, G_MAXINT, -1, flags);
  properties[PROP_STEP_ID] = g_param_spec_string ("step-id", NULL, NULL, NULL, flags);
  properties[PROP_POLICY] =
    g_param_spec_enum ("policy", NULL, NULL, KH_TYPE_ON_ERROR, KH_ON_ERROR_REJECT, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kh_preview_cell_init (KhPreviewCell *self)
{
}

KhPreviewCell *
_kh_preview_cell_new (KhPreviewData *data,
                      guint          row,
                      guint          column)
{
  KhPreviewCell *self;

  g_assert (row < data->n_rows && column < data->n_columns);

  self = g_object_new (KH_TYPE_PREVIEW_CELL, NULL);
  self->data = kh_preview_data_ref (data);
  self->row = row;
  self->column = column;
  return self;
}

/**
 * kh_preview_cell_get_position:
 *
 * Returns: the 0-based position of the cell's record in the samples
 */
guint
kh_preview_cell_get_position (KhPreviewCell *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_CELL (self), 0);

  return self->row;
}

guint
kh_preview_cell_get_column (KhPreviewCell *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_CELL (self), 0);

  return self->column;
}

const char *
kh_preview_cell_get_target (KhPreviewCell *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_CELL (self), NULL);

  return self->data->columns[self->column].target;
}

/**
 * kh_preview_cell_get_value:
 *
 * Returns: (nullable): the cell's text, or %NULL for null
 */
const char *
kh_preview_cell_get_value (KhPreviewCell *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_CELL (self), NULL);

  return cell_data (self)->text;
}

KhValueType
kh_preview_cell_get_value_type (KhPreviewCell *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_CELL (self), KH_VALUE_NULL);

  return cell_data (self)->type;
}

KhCellStatus
kh_preview_cell_get_status (KhPreviewCell *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_CELL (self), KH_CELL_STATUS_NULL);

  return cell_data (self)->status;
}

gboolean
kh_preview_cell_get_failed (KhPreviewCell *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_CELL (self), FALSE);

  return cell_data (self)->failed;
}

/**
 * kh_preview_cell_get_reason:
 *
 * Returns: (nullable): why the rule failed, or %NULL
 */
const char *
kh_preview_cell_get_reason (KhPreviewCell *self)
{
  const KhPreviewErrorData *ed;

  g_return_val_if_fail (KH_IS_PREVIEW_CELL (self), NULL);

  ed = cell_error (self);
  return ed != NULL ? ed->reason : NULL;
}

/**
 * kh_preview_cell_get_step_index:
 *
 * Returns: the failing step, or -1 (the target contract failed, or the
 *   rule did not fail)
 */
int
kh_preview_cell_get_step_index (KhPreviewCell *self)
{
  const KhPreviewErrorData *ed;

  g_return_val_if_fail (KH_IS_PREVIEW_CELL (self), -1);

  ed = cell_error (self);
  return ed != NULL ? ed->step_index : -1;
}

/**
 * kh_preview_cell_get_step_id:
 *
 * Returns: (nullable): the failing step's catalogue id, or %NULL
 */
const char *
kh_preview_cell_get_step_id (KhPreviewCell *self)
{
  const KhPreviewErrorData *ed;

  g_return_val_if_fail (KH_IS_PREVIEW_CELL (self), NULL);

  ed = cell_error (self);
  return ed != NULL ? ed->step_id : NULL;
}

/**
 * kh_preview_cell_get_policy:
 *
 * Returns: the rule's on-error policy
 */
KhOnError
kh_preview_cell_get_policy (KhPreviewCell *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_CELL (self), KH_ON_ERROR_REJECT);

  return self->data->columns[self->column].on_error;
}
