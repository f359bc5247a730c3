/* kh-filter.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-filter"

#include "config.h"

#include <glib/gi18n.h>

#include "kh-enums.h"
#include "kh-filter.h"
#include "kh-util-private.h"

struct _KhFilter
{
  GObject     parent_instance;

  /* Owned */
  char       *field;
  char      **values;   /* never NULL */

  KhFilterOp  op;
};

G_DEFINE_FINAL_TYPE (KhFilter, kh_filter, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FIELD,
  PROP_OP,
  PROP_VALUES,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
emit_changed (KhFilter *self,
              guint     prop_id)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
kh_filter_finalize (GObject *object)
{
  KhFilter *self = (KhFilter *) object;

  g_clear_pointer (&self->field, g_free);
  g_clear_pointer (&self->values, g_strfreev);

  G_OBJECT_CLASS (kh_filter_parent_class)->finalize (object);
}

static void
kh_filter_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  KhFilter *self = KH_FILTER (object);

  switch (prop_id)
    {
    case PROP_FIELD:
      g_value_set_string (value, self->field);
      break;

    case PROP_OP:
      g_value_set_enum (value, self->op);
      break;

    case PROP_VALUES:
      g_value_set_boxed (value, self->values);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_filter_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  KhFilter *self = KH_FILTER (object);

  switch (prop_id)
    {
    case PROP_FIELD:
      kh_filter_set_field (self, g_value_get_string (value));
      break;

    case PROP_OP:
      kh_filter_set_op (self, g_value_get_enum (value));
      break;

    case PROP_VALUES:
      kh_filter_set_values (self, g_value_get_boxed (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_filter_class_init (KhFilterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kh_filter_finalize;
  object_class->get_property = kh_filter_get_property;
  object_class->set_property = kh_filter_set_property;

  properties[PROP_FIELD] =
    g_param_spec_string ("field", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OP] =
    g_param_spec_enum ("op", NULL, NULL, KH_TYPE_FILTER_OP, KH_FILTER_OP_EQUALS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VALUES] =
    g_param_spec_boxed ("values", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kh_filter_init (KhFilter *self)
{
  self->values = g_new0 (char *, 1);
}

/**
 * kh_filter_new:
 * @field: the target field the filter tests (after transformation)
 * @op: the comparison
 *
 * A record is written only when every filter of the mapping holds.
 */
KhFilter *
kh_filter_new (const char *field,
               KhFilterOp  op)
{
  g_return_val_if_fail (field != NULL, NULL);

  return g_object_new (KH_TYPE_FILTER, "field", field, "op", op, NULL);
}

KhFilter *
kh_filter_copy (KhFilter *self)
{
  KhFilter *copy;

  g_return_val_if_fail (KH_IS_FILTER (self), NULL);

  copy = kh_filter_new (self->field, self->op);
  kh_filter_set_values (copy, (const char * const *) self->values);

  return copy;
}

gboolean
kh_filter_equal (KhFilter *a,
                 KhFilter *b)
{
  g_return_val_if_fail (KH_IS_FILTER (a), FALSE);
  g_return_val_if_fail (KH_IS_FILTER (b), FALSE);

  return g_strcmp0 (a->field, b->field) == 0 &&
         a->op == b->op &&
         g_strv_equal ((const char * const *) a->values, (const char * const *) b->values);
}

const char *
kh_filter_get_field (KhFilter *self)
{
  g_return_val_if_fail (KH_IS_FILTER (self), NULL);

  return self->field;
}

void
kh_filter_set_field (KhFilter   *self,
                     const char *field)
{
  g_return_if_fail (KH_IS_FILTER (self));
  g_return_if_fail (field != NULL);

  if (kh_set_str (&self->field, field))
    emit_changed (self, PROP_FIELD);
}

KhFilterOp
kh_filter_get_op (KhFilter *self)
{
  g_return_val_if_fail (KH_IS_FILTER (self), KH_FILTER_OP_EQUALS);

  return self->op;
}

void
kh_filter_set_op (KhFilter   *self,
                  KhFilterOp  op)
{
  g_return_if_fail (KH_IS_FILTER (self));

  if (self->op != op)
    {
      self->op = op;
      emit_changed (self, PROP_OP);
    }
}

/**
 * kh_filter_get_values:
 *
 * Returns: (array zero-terminated=1): the values the filter compares with
 *   (one for equals, not-equals and matches; several for one-of)
 */
const char * const *
kh_filter_get_values (KhFilter *self)
{
  g_return_val_if_fail (KH_IS_FILTER (self), NULL);

  return (const char * const *) self->values;
}

/**
 * kh_filter_get_value:
 *
 * Returns: (nullable): the first value
 */
const char *
kh_filter_get_value (KhFilter *self)
{
  g_return_val_if_fail (KH_IS_FILTER (self), NULL);

  return self->values[0];
}

void
kh_filter_set_values (KhFilter           *self,
                      const char * const *values)
{
  static const char * const empty[] = { NULL };

  g_return_if_fail (KH_IS_FILTER (self));

  if (values == NULL)
    values = empty;
  if (g_strv_equal ((const char * const *) self->values, values))
    return;

  g_strfreev (self->values);
  self->values = g_strdupv ((char **) values);
  emit_changed (self, PROP_VALUES);
}

void
kh_filter_set_value (KhFilter   *self,
                     const char *value)
{
  const char *values[2] = { value, NULL };

  g_return_if_fail (KH_IS_FILTER (self));

  kh_filter_set_values (self, values);
}

/**
 * kh_filter_describe:
 *
 * Returns: (transfer full): a sentence such as “Status does not equal B”
 */
char *
kh_filter_describe (KhFilter *self)
{
  g_autofree char *values = NULL;

  g_return_val_if_fail (KH_IS_FILTER (self), NULL);

  if (!kh_filter_op_takes_value (self->op))
    /* Translators: a record filter, e.g. “Email is not empty” */
    return g_strdup_printf (C_("filter", "%s %s"), self->field, kh_filter_op_get_label (self->op));

  values = g_strjoinv (", ", self->values);
  /* Translators: a record filter, e.g. “Status does not equal B” */
  return g_strdup_printf (C_("filter", "%s %s %s"), self->field, kh_filter_op_get_label (self->op), values);
}
