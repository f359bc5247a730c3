/* kh-code-value.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-code-value"

#include "config.h"

#include "kh-code-value.h"

struct _KhCodeValue
{
  GObject  parent_instance;

  /* Owned */
  char    *value;
  char    *label;
};

G_DEFINE_FINAL_TYPE (KhCodeValue, kh_code_value, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_VALUE,
  PROP_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kh_code_value_finalize (GObject *object)
{
  KhCodeValue *self = (KhCodeValue *) object;

  g_clear_pointer (&self->value, g_free);
  g_clear_pointer (&self->label, g_free);

  G_OBJECT_CLASS (kh_code_value_parent_class)->finalize (object);
}

static void
kh_code_value_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  KhCodeValue *self = KH_CODE_VALUE (object);

  switch (prop_id)
    {
    case PROP_VALUE:
      g_value_set_string (value, self->value);
      break;

    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_code_value_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  KhCodeValue *self = KH_CODE_VALUE (object);

  switch (prop_id)
    {
    case PROP_VALUE:
      self->value = g_value_dup_string (value);
      break;

    case PROP_LABEL:
      self->label = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_code_value_class_init (KhCodeValueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kh_code_value_finalize;
  object_class->get_property = kh_code_value_get_property;
  object_class->set_property = kh_code_value_set_property;

  properties[PROP_VALUE] =
    g_param_spec_string ("value", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kh_code_value_init (KhCodeValue *self)
{
}

/**
 * kh_code_value_new:
 * @value: the code as stored ("A", "0001")
 * @label: (nullable): what it means ("Active")
 */
KhCodeValue *
kh_code_value_new (const char *value,
                   const char *label)
{
  g_return_val_if_fail (value != NULL, NULL);

  return g_object_new (KH_TYPE_CODE_VALUE,
                       "value", value,
                       "label", label,
                       NULL);
}

const char *
kh_code_value_get_value (KhCodeValue *self)
{
  g_return_val_if_fail (KH_IS_CODE_VALUE (self), NULL);

  return self->value;
}

/**
 * kh_code_value_get_label:
 *
 * Returns: (nullable): the label, or %NULL when the metadata gives none
 */
const char *
kh_code_value_get_label (KhCodeValue *self)
{
  g_return_val_if_fail (KH_IS_CODE_VALUE (self), NULL);

  return self->label;
}
