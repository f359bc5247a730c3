/* kh-preview-trace-entry.c: one stage of a cell's trace
 *
 * A copy of one #KhTraceEntry, with a title the trace view shows: the
 * source column, the step (numbered from 1, with its catalogue name), the
 * default, the target field's contract, or the on-error policy.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-preview-trace-entry"

#include "config.h"

#include "kh-preview-trace-entry.h"

#include <glib/gi18n.h>

#include "kh-catalogue.h"
#include "kh-preview-private.h"

struct _KhPreviewTraceEntry
{
  GObject       parent_instance;

  /* Owned */
  char         *label;
  char         *title;
  char         *value;
  char         *reason;

  KhTraceKind   kind;
  int           step_index;
  KhValueType   value_type;
  gboolean      skipped;
};

G_DEFINE_FINAL_TYPE (KhPreviewTraceEntry, kh_preview_trace_entry, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KIND,
  PROP_STEP_INDEX,
  PROP_LABEL,
  PROP_TITLE,
  PROP_VALUE,
  PROP_VALUE_TYPE,
  PROP_SKIPPED,
  PROP_FAILED,
  PROP_REASON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kh_preview_trace_entry_finalize (GObject *object)
{
  KhPreviewTraceEntry *self = KH_PREVIEW_TRACE_ENTRY (object);

  g_free (self->label);
  g_free (self->title);
  g_free (self->value);
  g_free (self->reason);

  G_OBJECT_CLASS (kh_preview_trace_entry_parent_class)->finalize (object);
}

static void
kh_preview_trace_entry_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  KhPreviewTraceEntry *self = KH_PREVIEW_TRACE_ENTRY (object);

  switch (prop_id)
    {
    case PROP_KIND:       g_value_set_uint (value, self->kind); break;
    case PROP_STEP_INDEX: g_value_set_int (value, self->step_index); break;
    case PROP_LABEL:      g_value_set_string (value, self->label); break;
    case PROP_TITLE:      g_value_set_string (value, self->title); break;
    case PROP_VALUE:      g_value_set_string (value, self->value); break;
    case PROP_VALUE_TYPE: g_value_set_uint (value, self->value_type); break;
    case PROP_SKIPPED:    g_value_set_boolean (value, self->skipped); break;
    case PROP_FAILED:     g_value_set_boolean (value, self->reason != NULL); break;
    case PROP_REASON:     g_value_set_string (value, self->reason); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_preview_trace_entry_class_init (KhPreviewTraceEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kh_preview_trace_entry_finalize;
  object_class->get_property = kh_preview_trace_entry_get_property;

  /* A KhTraceKind. */
  properties[PROP_KIND] = g_param_spec_uint ("kind", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_STEP_INDEX] = g_param_spec_int ("step-index", NULL, NULL, -1, G_MAXINT, -1, flags);
  properties[PROP_LABEL] = g_param_spec_string ("label", NULL, NULL, NULL, flags);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_VALUE] = g_param_spec_string ("value", NULL, NULL, NULL, flags);
  /* A KhValueType. */
  properties[PROP_VALUE_TYPE] = g_param_spec_uint ("value-type", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_SKIPPED] = g_param_spec_boolean ("skipped", NULL, NULL, FALSE, flags);
  properties[PROP_FAILED] = g_param_spec_boolean ("failed", NULL, NULL, FALSE, flags);
  properties[PROP_REASON] = g_param_spec_string ("reason", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kh_preview_trace_entry_init (KhPreviewTraceEntry *self)
{
}

static char *
make_title (const KhTraceEntry *entry)
{
  const KhStepInfo *info;

  switch (entry->kind)
    {
    case KH_TRACE_SOURCE:
      /* Translators: a stage of a cell's trace; %s is a source column */
      return g_strdup_printf (_("Source %s"), entry->label != NULL ? entry->label : "");
    case KH_TRACE_STEP:
      info = entry->label != NULL ? kh_catalogue_lookup (entry->label) : NULL;
      /* Translators: a stage of a cell's trace: “Step 2: Trim” */
      return g_strdup_printf (_("Step %d: %s"), entry->step_index + 1,
                              info != NULL ? kh_step_info_get_name (info)
                                           : (entry->label != NULL ? entry->label : "?"));
    case KH_TRACE_DEFAULT:
      return g_strdup (_("Default value"));
    case KH_TRACE_TARGET:
      return g_strdup (_("Target field"));
    case KH_TRACE_POLICY:
      return g_strdup (_("On error"));
    default:
      return g_strdup ("?");
    }
}

KhPreviewTraceEntry *
_kh_preview_trace_entry_new (const KhTraceEntry *entry)
{
  KhPreviewTraceEntry *self = g_object_new (KH_TYPE_PREVIEW_TRACE_ENTRY, NULL);

  self->kind = entry->kind;
  self->step_index = entry->step_index;
  self->label = g_strdup (entry->label);
  self->title = make_title (entry);
  self->value_type = entry->value.type;
  if (entry->value.type != KH_VALUE_NULL)
    self->value = g_strndup (entry->value.str, entry->value.len);
  self->skipped = entry->skipped;
  self->reason = g_strdup (entry->reason);
  return self;
}

/**
 * kh_preview_trace_entry_get_kind:
 *
 * Returns: the stage this entry describes
 */
KhTraceKind
kh_preview_trace_entry_get_kind (KhPreviewTraceEntry *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_TRACE_ENTRY (self), KH_TRACE_SOURCE);

  return self->kind;
}

/**
 * kh_preview_trace_entry_get_step_index:
 *
 * Returns: the 0-based step index for a step, -1 otherwise
 */
int
kh_preview_trace_entry_get_step_index (KhPreviewTraceEntry *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_TRACE_ENTRY (self), -1);

  return self->step_index;
}

/**
 * kh_preview_trace_entry_get_label:
 *
 * Returns: (nullable): the source column for a source, the step id for a
 *   step, %NULL otherwise
 */
const char *
kh_preview_trace_entry_get_label (KhPreviewTraceEntry *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_TRACE_ENTRY (self), NULL);

  return self->label;
}

/**
 * kh_preview_trace_entry_get_title:
 *
 * Returns: what the stage is, translated: “Source KUNNR”, “Step 2: Trim”,
 *   “Default value”, “Target field”, “On error”
 */
const char *
kh_preview_trace_entry_get_title (KhPreviewTraceEntry *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_TRACE_ENTRY (self), NULL);

  return self->title;
}

/**
 * kh_preview_trace_entry_get_value:
 *
 * Returns: (nullable): the value after the stage, or %NULL for null (also
 *   when the stage failed)
 */
const char *
kh_preview_trace_entry_get_value (KhPreviewTraceEntry *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_TRACE_ENTRY (self), NULL);

  return self->value;
}

KhValueType
kh_preview_trace_entry_get_value_type (KhPreviewTraceEntry *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_TRACE_ENTRY (self), KH_VALUE_NULL);

  return self->value_type;
}

/**
 * kh_preview_trace_entry_get_skipped:
 *
 * Returns: whether a step did not run because its input was missing
 */
gboolean
kh_preview_trace_entry_get_skipped (KhPreviewTraceEntry *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_TRACE_ENTRY (self), FALSE);

  return self->skipped;
}

gboolean
kh_preview_trace_entry_get_failed (KhPreviewTraceEntry *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_TRACE_ENTRY (self), FALSE);

  return self->reason != NULL;
}

/**
 * kh_preview_trace_entry_get_reason:
 *
 * Returns: (nullable): why the stage failed, or %NULL
 */
const char *
kh_preview_trace_entry_get_reason (KhPreviewTraceEntry *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_TRACE_ENTRY (self), NULL);

  return self->reason;
}
