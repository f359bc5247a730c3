/* kh-preview-column.c: one column of the preview grid
 *
 * A column is a rule of the plan the preview ran: its target field, the
 * field's type and contract, the rule's sources and policy, and how many
 * cells ended in each status, which the grid's header shows. It is as
 * immutable as the result it belongs to.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-preview-column"

#include "config.h"

#include "kh-preview-column.h"

#include "kh-enums.h"
#include "kh-preview-private.h"

struct _KhPreviewColumn
{
  GObject         parent_instance;

  KhPreviewData  *data;    /* owned ref */
  guint           index;
};

G_DEFINE_FINAL_TYPE (KhPreviewColumn, kh_preview_column, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_INDEX,
  PROP_TARGET,
  PROP_LABEL,
  PROP_SOURCES,
  PROP_VALUE_TYPE,
  PROP_HAS_FIELD,
  PROP_FIELD_TYPE,
  PROP_REQUIRED,
  PROP_ON_ERROR,
  PROP_N_STEPS,
  PROP_N_OK,
  PROP_N_CHANGED,
  PROP_N_DEFAULTED,
  PROP_N_NULL,
  PROP_N_ERROR,
  PROP_N_FAILED,
  PROP_FIRST_FAILED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static inline const KhPreviewColumnInfo *
info (KhPreviewColumn *self)
{
  return &self->data->columns[self->index];
}

static void
kh_preview_column_finalize (GObject *object)
{
  KhPreviewColumn *self = KH_PREVIEW_COLUMN (object);

  g_clear_pointer (&self->data, kh_preview_data_unref);

  G_OBJECT_CLASS (kh_preview_column_parent_class)->finalize (object);
}

static void
kh_preview_column_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  KhPreviewColumn *self = KH_PREVIEW_COLUMN (object);
  const KhPreviewColumnInfo *ci = info (self);

  switch (prop_id)
    {
    case PROP_INDEX:        g_value_set_uint (value, self->index); break;
    case PROP_TARGET:       g_value_set_string (value, ci->target); break;
    case PROP_LABEL:        g_value_set_string (value, ci->label); break;
    case PROP_SOURCES:      g_value_set_boxed (value, ci->sources); break;
    case PROP_VALUE_TYPE:   g_value_set_uint (value, ci->type); break;
    case PROP_HAS_FIELD:    g_value_set_boolean (value, ci->has_field); break;
    case PROP_FIELD_TYPE:   g_value_set_enum (value, ci->field_type); break;
    case PROP_REQUIRED:     g_value_set_enum (value, ci->required); break;
    case PROP_ON_ERROR:     g_value_set_enum (value, ci->on_error); break;
    case PROP_N_STEPS:      g_value_set_uint (value, ci->n_steps); break;
    case PROP_N_OK:         g_value_set_uint (value, ci->counts[KH_CELL_STATUS_OK]); break;
    case PROP_N_CHANGED:    g_value_set_uint (value, ci->counts[KH_CELL_STATUS_CHANGED]); break;
    case PROP_N_DEFAULTED:  g_value_set_uint (value, ci->counts[KH_CELL_STATUS_DEFAULTED]); break;
    case PROP_N_NULL:       g_value_set_uint (value, ci->counts[KH_CELL_STATUS_NULL]); break;
    case PROP_N_ERROR:      g_value_set_uint (value, ci->counts[KH_CELL_STATUS_ERROR]); break;
    case PROP_N_FAILED:     g_value_set_uint (value, ci->n_failed); break;
    case PROP_FIRST_FAILED: g_value_set_int (value, ci->first_failed); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
uint_property (const char *name)
{
  return g_param_spec_uint (name, NULL, NULL, 0, G_MAXUINT, 0,
                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

static void
kh_preview_column_class_init (KhPreviewColumnClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kh_preview_column_finalize;
  object_class->get_property = kh_preview_column_get_property;

  properties[PROP_INDEX] = uint_property ("index");
  properties[PROP_TARGET] = g_param_spec_string ("target", NULL, NULL, NULL, flags);
  properties[PROP_LABEL] = g_param_spec_string ("label", NULL, NULL, NULL, flags);
  properties[PROP_SOURCES] = g_param_spec_boxed ("sources", NULL, NULL, G_TYPE_STRV, flags);
  /* A KhValueType. */
  properties[PROP_VALUE_TYPE] = uint_property ("value-type");
  properties[PROP_HAS_FIELD] = g_param_spec_boolean ("has-field", NULL, NULL, FALSE, flags);
  properties[PROP_FIELD_TYPE] =
    g_param_spec_enum ("field-type", NULL, NULL, KH_TYPE_FIELD_TYPE, KH_FIELD_TYPE_STRING, flags);
  properties[PROP_REQUIRED] =
    g_param_spec_enum ("required", NULL, NULL, KH_TYPE_REQUIRED, KH_REQUIRED_UNKNOWN, flags);
  properties[PROP_ON_ERROR] =
    g_param_spec_enum ("on-error", NULL, NULL, KH_TYPE_ON_ERROR, KH_ON_ERROR_REJECT, flags);
  properties[PROP_N_STEPS] = uint_property ("n-steps");
  properties[PROP_N_OK] = uint_property ("n-ok");
  properties[PROP_N_CHANGED] = uint_property ("n-changed");
  properties[PROP_N_DEFAULTED] = uint_property ("n-defaulted");
  properties[PROP_N_NULL] = uint_property ("n-null");
  properties[PROP_N_ERROR] = uint_property ("n-error");
  properties[PROP_N_FAILED] = uint_property ("n-failed");
  properties[PROP_FIRST_FAILED] = g_param_spec_int ("first-failed", NULL, NULL, -1, G_MAXINT, -1, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kh_preview_column_init (KhPreviewColumn *self)
{
}

KhPreviewColumn *
_kh_preview_column_new (KhPreviewData *data,
                        guint          index)
{
  KhPreviewColumn *self;

  g_assert (index < data->n_columns);

  self = g_object_new (KH_TYPE_PREVIEW_COLUMN, NULL);
  self->data = kh_preview_data_ref (data);
  self->index = index;
  return self;
}

/**
 * kh_preview_column_get_index:
 *
 * Returns: the column's index in its result: the rule's position
 */
guint
kh_preview_column_get_index (KhPreviewColumn *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_COLUMN (self), 0);

  return self->index;
}

/**
 * kh_preview_column_get_target:
 *
 * Returns: the target field the rule gives, which names the output column
 */
const char *
kh_preview_column_get_target (KhPreviewColumn *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_COLUMN (self), NULL);

  return info (self)->target;
}

/**
 * kh_preview_column_get_label:
 *
 * Returns: the target field's display label, or the target's name
 */
const char *
kh_preview_column_get_label (KhPreviewColumn *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_COLUMN (self), NULL);

  return info (self)->label;
}

/**
 * kh_preview_column_get_sources:
 *
 * Returns: (array zero-terminated=1): the rule's source columns, for the
 *   before/after view
 */
const char * const *
kh_preview_column_get_sources (KhPreviewColumn *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_COLUMN (self), NULL);

  return (const char * const *) info (self)->sources;
}

/**
 * kh_preview_column_get_value_type:
 *
 * Returns: the type of the column's values (see #KhPlanColumn.type)
 */
KhValueType
kh_preview_column_get_value_type (KhPreviewColumn *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_COLUMN (self), KH_VALUE_STRING);

  return info (self)->type;
}

/**
 * kh_preview_column_has_field:
 *
 * Returns: whether the target entity has the field (its contract is
 *   checked only then)
 */
gboolean
kh_preview_column_has_field (KhPreviewColumn *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_COLUMN (self), FALSE);

  return info (self)->has_field;
}

KhFieldType
kh_preview_column_get_field_type (KhPreviewColumn *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_COLUMN (self), KH_FIELD_TYPE_STRING);

  return info (self)->field_type;
}

KhRequired
kh_preview_column_get_required (KhPreviewColumn *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_COLUMN (self), KH_REQUIRED_UNKNOWN);

  return info (self)->required;
}

int
kh_preview_column_get_max_length (KhPreviewColumn *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_COLUMN (self), KH_FACET_UNKNOWN);

  return info (self)->max_length;
}

KhOnError
kh_preview_column_get_on_error (KhPreviewColumn *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_COLUMN (self), KH_ON_ERROR_REJECT);

  return info (self)->on_error;
}

guint
kh_preview_column_get_n_steps (KhPreviewColumn *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_COLUMN (self), 0);

  return info (self)->n_steps;
}

/**
 * kh_preview_column_get_count:
 * @status: a cell status
 *
 * Returns: how many of the column's cells have @status, over every sample
 *   record whatever its outcome
 */
guint
kh_preview_column_get_count (KhPreviewColumn *self,
                             KhCellStatus     status)
{
  g_return_val_if_fail (KH_IS_PREVIEW_COLUMN (self), 0);
  g_return_val_if_fail (status <= KH_CELL_STATUS_ERROR, 0);

  return info (self)->counts[status];
}

/**
 * kh_preview_column_get_n_failed:
 *
 * Returns: for how many records the rule failed, whatever its policy (a
 *   failure under policy `null` or `default` gives a null or defaulted
 *   cell, but still counts here, as in the run report)
 */
guint
kh_preview_column_get_n_failed (KhPreviewColumn *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_COLUMN (self), 0);

  return info (self)->n_failed;
}

/**
 * kh_preview_column_get_first_failed:
 *
 * Returns: the position of the first record the rule failed for, or -1
 */
int
kh_preview_column_get_first_failed (KhPreviewColumn *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_COLUMN (self), -1);

  return info (self)->first_failed;
}
