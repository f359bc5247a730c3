/* kh-preview-trace.c: how one cell got its value, stage by stage
 *
 * A list model of #KhPreviewTraceEntry: the source value(s), the value
 * after each step (or the step that failed and why), the default, the
 * target contract and the on-error policy. Made by
 * kh_preview_result_explain(), which evaluates the one record again with
 * the result's trace plan, so the main recompute never pays for traces.
 * The trace also carries the cell's outcome: its value and status and,
 * when the rule failed, the failing step (for "select this step in the
 * inspector") and the reason.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-preview-trace"

#include "config.h"

#include "kh-preview-trace.h"

#include "kh-enums.h"
#include "kh-preview-private.h"

struct _KhPreviewTrace
{
  GObject        parent_instance;

  /* Owned */
  GPtrArray     *entries;    /* of KhPreviewTraceEntry */
  char          *target;
  char          *value;
  char          *step_id;
  char          *reason;

  guint          position;
  guint          column;
  KhValueType    value_type;
  KhCellStatus   status;
  gboolean       failed;
  int            step_index;
  KhOnError      policy;
};

static void kh_preview_trace_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KhPreviewTrace, kh_preview_trace, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, kh_preview_trace_list_model_init))

enum {
  PROP_0,
  PROP_POSITION,
  PROP_COLUMN,
  PROP_TARGET,
  PROP_VALUE,
  PROP_STATUS,
  PROP_FAILED,
  PROP_STEP_INDEX,
  PROP_STEP_ID,
  PROP_REASON,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
kh_preview_trace_get_item_type (GListModel *model)
{
  return KH_TYPE_PREVIEW_TRACE_ENTRY;
}

static guint
kh_preview_trace_get_n_items (GListModel *model)
{
  return KH_PREVIEW_TRACE (model)->entries->len;
}

static gpointer
kh_preview_trace_get_item (GListModel *model,
                           guint       position)
{
  KhPreviewTrace *self = KH_PREVIEW_TRACE (model);

  if (position >= self->entries->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->entries, position));
}

static void
kh_preview_trace_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = kh_preview_trace_get_item_type;
  iface->get_n_items = kh_preview_trace_get_n_items;
  iface->get_item = kh_preview_trace_get_item;
}

static void
kh_preview_trace_finalize (GObject *object)
{
  KhPreviewTrace *self = KH_PREVIEW_TRACE (object);

  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_free (self->target);
  g_free (self->value);
  g_free (self->step_id);
  g_free (self->reason);

  G_OBJECT_CLASS (kh_preview_trace_parent_class)->finalize (object);
}

static void
kh_preview_trace_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  KhPreviewTrace *self = KH_PREVIEW_TRACE (object);

  switch (prop_id)
    {
    case PROP_POSITION:   g_value_set_uint (value, self->position); break;
    case PROP_COLUMN:     g_value_set_uint (value, self->column); break;
    case PROP_TARGET:     g_value_set_string (value, self->target); break;
    case PROP_VALUE:      g_value_set_string (value, self->value); break;
    case PROP_STATUS:     g_value_set_enum (value, self->status); break;
    case PROP_FAILED:     g_value_set_boolean (value, self->failed); break;
    case PROP_STEP_INDEX: g_value_set_int (value, self->step_index); break;
    case PROP_STEP_ID:    g_value_set_string (value, self->step_id); break;
    case PROP_REASON:     g_value_set_string (value, self->reason); break;
    case PROP_N_ITEMS:    g_value_set_uint (value, self->entries->len); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_preview_trace_class_init (KhPreviewTraceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kh_preview_trace_finalize;
  object_class->get_property = kh_preview_trace_get_property;

  properties[PROP_POSITION] = g_param_spec_uint ("position", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_COLUMN] = g_param_spec_uint ("column", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_TARGET] = g_param_spec_string ("target", NULL, NULL, NULL, flags);
  properties[PROP_VALUE] = g_param_spec_string ("value", NULL, NULL, NULL, flags);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, KH_TYPE_CELL_STATUS, KH_CELL_STATUS_OK, flags);
  properties[PROP_FAILED] = g_param_spec_boolean ("failed", NULL, NULL, FALSE, flags);
  properties[PROP_STEP_INDEX] = g_param_spec_int ("step-index", NULL, NULL, -1, G_MAXINT, -1, flags);
  properties[PROP_STEP_ID] = g_param_spec_string ("step-id", NULL, NULL, NULL, flags);
  properties[PROP_REASON] = g_param_spec_string ("reason", NULL, NULL, NULL, flags);
  properties[PROP_N_ITEMS] = g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kh_preview_trace_init (KhPreviewTrace *self)
{
  self->entries = g_ptr_array_new_with_free_func (g_object_unref);
  self->step_index = -1;
}

/* Takes the entries (of KhPreviewTraceEntry). */
KhPreviewTrace *
_kh_preview_trace_new (KhPreviewData        *data,
                       guint                 row,
                       guint                 column,
                       const KhRecordResult *result,
                       GPtrArray            *entries)
{
  KhPreviewTrace *self = g_object_new (KH_TYPE_PREVIEW_TRACE, NULL);
  const KhValue *value = kh_record_result_get_value (result, column);
  const KhCellError *error = kh_record_result_get_cell_error (result, column);

  g_ptr_array_extend_and_steal (self->entries, entries);
  self->position = row;
  self->column = column;
  self->target = g_strdup (data->columns[column].target);
  self->value_type = value->type;
  if (value->type != KH_VALUE_NULL)
    self->value = g_strndup (value->str, value->len);
  self->status = kh_record_result_get_status (result, column);
  self->policy = data->columns[column].on_error;
  if (error != NULL)
    {
      self->failed = TRUE;
      self->step_index = error->step_index;
      self->step_id = g_strdup (error->step_id);
      self->reason = g_strdup (error->reason);
    }
  return self;
}

guint
kh_preview_trace_get_position (KhPreviewTrace *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_TRACE (self), 0);

  return self->position;
}

guint
kh_preview_trace_get_column (KhPreviewTrace *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_TRACE (self), 0);

  return self->column;
}

/**
 * kh_preview_trace_get_target:
 *
 * Returns: the target field of the rule, to select it in the inspector
 */
const char *
kh_preview_trace_get_target (KhPreviewTrace *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_TRACE (self), NULL);

  return self->target;
}

/**
 * kh_preview_trace_get_value:
 *
 * Returns: (nullable): the cell's final value, or %NULL for null
 */
const char *
kh_preview_trace_get_value (KhPreviewTrace *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_TRACE (self), NULL);

  return self->value;
}

KhValueType
kh_preview_trace_get_value_type (KhPreviewTrace *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_TRACE (self), KH_VALUE_NULL);

  return self->value_type;
}

KhCellStatus
kh_preview_trace_get_status (KhPreviewTrace *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_TRACE (self), KH_CELL_STATUS_NULL);

  return self->status;
}

gboolean
kh_preview_trace_get_failed (KhPreviewTrace *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_TRACE (self), FALSE);

  return self->failed;
}

/**
 * kh_preview_trace_get_step_index:
 *
 * Returns: the 0-based index of the failing step, or -1 (the target
 *   contract failed, or the rule did not fail)
 */
int
kh_preview_trace_get_step_index (KhPreviewTrace *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_TRACE (self), -1);

  return self->step_index;
}

/**
 * kh_preview_trace_get_step_id:
 *
 * Returns: (nullable): the failing step's catalogue id
 */
const char *
kh_preview_trace_get_step_id (KhPreviewTrace *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_TRACE (self), NULL);

  return self->step_id;
}

/**
 * kh_preview_trace_get_reason:
 *
 * Returns: (nullable): why the rule failed, or %NULL
 */
const char *
kh_preview_trace_get_reason (KhPreviewTrace *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_TRACE (self), NULL);

  return self->reason;
}

KhOnError
kh_preview_trace_get_policy (KhPreviewTrace *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_TRACE (self), KH_ON_ERROR_REJECT);

  return self->policy;
}
