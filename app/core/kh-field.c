/* kh-field.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-field"

#include "config.h"

#include "kh-entity-private.h"
#include "kh-enums.h"
#include "kh-field-private.h"
#include "kh-util-private.h"

struct _KhField
{
  GObject      parent_instance;

  /* Owned */
  char        *name;
  char        *label;
  char        *description;
  GListStore  *codes;        /* of KhCodeValue; created on first use */
  GPtrArray   *attributes;   /* name, value, name, value… sorted by name; lazily */

  /* Borrowed: the entity the field belongs to. Entities hold thousands of
   * fields, so a field tells its entity about changes directly rather than
   * through a signal closure per field. */
  KhEntity    *owner;

  KhFieldType  type;
  KhRequired   required;
  int          max_length;
  int          precision;
  int          scale;
  guint        key : 1;
};

G_DEFINE_FINAL_TYPE (KhField, kh_field, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_LABEL,
  PROP_DESCRIPTION,
  PROP_FIELD_TYPE,
  PROP_REQUIRED,
  PROP_MAX_LENGTH,
  PROP_PRECISION,
  PROP_SCALE,
  PROP_KEY,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
kh_field_emit_changed (KhField *self,
                       guint    prop_id)
{
  if (prop_id != PROP_0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
  g_signal_emit (self, signals[CHANGED], 0);
  if (self->owner != NULL)
    _kh_entity_field_changed (self->owner, self);
}

static GListStore *
ensure_codes (KhField *self)
{
  if (self->codes == NULL)
    self->codes = g_list_store_new (KH_TYPE_CODE_VALUE);
  return self->codes;
}

/* Index of @name's pair in self->attributes, or -(insertion point) - 1. */
static int
find_attribute (KhField    *self,
                const char *name)
{
  guint lo = 0, hi;

  if (self->attributes == NULL)
    return -1;

  hi = self->attributes->len / 2;
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      int cmp = strcmp (g_ptr_array_index (self->attributes, mid * 2), name);

      if (cmp == 0)
        return (int) mid;
      if (cmp < 0)
        lo = mid + 1;
      else
        hi = mid;
    }

  return -(int) lo - 1;
}

void
_kh_field_set_owner (KhField  *self,
                     KhEntity *owner)
{
  g_return_if_fail (KH_IS_FIELD (self));

  self->owner = owner;
}

KhEntity *
_kh_field_get_owner (KhField *self)
{
  g_return_val_if_fail (KH_IS_FIELD (self), NULL);

  return self->owner;
}

static void
kh_field_finalize (GObject *object)
{
  KhField *self = (KhField *) object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->label, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_object (&self->codes);
  g_clear_pointer (&self->attributes, g_ptr_array_unref);

  G_OBJECT_CLASS (kh_field_parent_class)->finalize (object);
}

static void
kh_field_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  KhField *self = KH_FIELD (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;

    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;

    case PROP_FIELD_TYPE:
      g_value_set_enum (value, self->type);
      break;

    case PROP_REQUIRED:
      g_value_set_enum (value, self->required);
      break;

    case PROP_MAX_LENGTH:
      g_value_set_int (value, self->max_length);
      break;

    case PROP_PRECISION:
      g_value_set_int (value, self->precision);
      break;

    case PROP_SCALE:
      g_value_set_int (value, self->scale);
      break;

    case PROP_KEY:
      g_value_set_boolean (value, self->key);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_field_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  KhField *self = KH_FIELD (object);

  switch (prop_id)
    {
    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;

    case PROP_LABEL:
      kh_field_set_label (self, g_value_get_string (value));
      break;

    case PROP_DESCRIPTION:
      kh_field_set_description (self, g_value_get_string (value));
      break;

    case PROP_FIELD_TYPE:
      kh_field_set_field_type (self, g_value_get_enum (value));
      break;

    case PROP_REQUIRED:
      kh_field_set_required (self, g_value_get_enum (value));
      break;

    case PROP_MAX_LENGTH:
      kh_field_set_max_length (self, g_value_get_int (value));
      break;

    case PROP_PRECISION:
      kh_field_set_precision (self, g_value_get_int (value));
      break;

    case PROP_SCALE:
      kh_field_set_scale (self, g_value_get_int (value));
      break;

    case PROP_KEY:
      kh_field_set_key (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_field_class_init (KhFieldClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kh_field_finalize;
  object_class->get_property = kh_field_get_property;
  object_class->set_property = kh_field_set_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FIELD_TYPE] =
    g_param_spec_enum ("field-type", NULL, NULL,
                       KH_TYPE_FIELD_TYPE, KH_FIELD_TYPE_STRING,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REQUIRED] =
    g_param_spec_enum ("required", NULL, NULL,
                       KH_TYPE_REQUIRED, KH_REQUIRED_UNKNOWN,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_LENGTH] =
    g_param_spec_int ("max-length", NULL, NULL,
                      KH_FACET_UNKNOWN, G_MAXINT, KH_FACET_UNKNOWN,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PRECISION] =
    g_param_spec_int ("precision", NULL, NULL,
                      KH_FACET_UNKNOWN, G_MAXINT, KH_FACET_UNKNOWN,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SCALE] =
    g_param_spec_int ("scale", NULL, NULL,
                      KH_FACET_UNKNOWN, G_MAXINT, KH_FACET_UNKNOWN,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KEY] =
    g_param_spec_boolean ("key", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KhField::changed:
   *
   * Emitted after any facet, code value or attribute changed.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kh_field_init (KhField *self)
{
  self->type = KH_FIELD_TYPE_STRING;
  self->required = KH_REQUIRED_UNKNOWN;
  self->max_length = KH_FACET_UNKNOWN;
  self->precision = KH_FACET_UNKNOWN;
  self->scale = KH_FACET_UNKNOWN;
}

KhField *
kh_field_new (const char  *name,
              KhFieldType  type)
{
  g_return_val_if_fail (name != NULL, NULL);

  return g_object_new (KH_TYPE_FIELD,
                       "name", name,
                       "field-type", type,
                       NULL);
}

/**
 * kh_field_copy:
 *
 * Returns: (transfer full): a deep copy of @self
 */
KhField *
kh_field_copy (KhField *self)
{
  KhField *copy;
  guint n;

  g_return_val_if_fail (KH_IS_FIELD (self), NULL);

  copy = kh_field_new (self->name, self->type);
  copy->label = g_strdup (self->label);
  copy->description = g_strdup (self->description);
  copy->required = self->required;
  copy->max_length = self->max_length;
  copy->precision = self->precision;
  copy->scale = self->scale;
  copy->key = self->key;

  n = kh_field_get_n_codes (self);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KhCodeValue) code = g_list_model_get_item (G_LIST_MODEL (self->codes), i);
      g_list_store_append (ensure_codes (copy), code);   /* code values are immutable */
    }

  if (self->attributes != NULL)
    {
      copy->attributes = g_ptr_array_new_full (self->attributes->len, g_free);
      for (guint i = 0; i < self->attributes->len; i++)
        g_ptr_array_add (copy->attributes, g_strdup (g_ptr_array_index (self->attributes, i)));
    }

  return copy;
}

/**
 * kh_field_equal:
 *
 * Returns: %TRUE when both fields have the same name and facets
 */
gboolean
kh_field_equal (KhField *a,
                KhField *b)
{
  guint n;

  g_return_val_if_fail (KH_IS_FIELD (a), FALSE);
  g_return_val_if_fail (KH_IS_FIELD (b), FALSE);

  if (g_strcmp0 (a->name, b->name) != 0 ||
      g_strcmp0 (a->label, b->label) != 0 ||
      g_strcmp0 (a->description, b->description) != 0 ||
      a->type != b->type ||
      a->required != b->required ||
      a->max_length != b->max_length ||
      a->precision != b->precision ||
      a->scale != b->scale ||
      a->key != b->key)
    return FALSE;

  n = kh_field_get_n_codes (a);
  if (n != kh_field_get_n_codes (b))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KhCodeValue) ca = g_list_model_get_item (G_LIST_MODEL (a->codes), i);
      g_autoptr(KhCodeValue) cb = g_list_model_get_item (G_LIST_MODEL (b->codes), i);

      if (g_strcmp0 (kh_code_value_get_value (ca), kh_code_value_get_value (cb)) != 0 ||
          g_strcmp0 (kh_code_value_get_label (ca), kh_code_value_get_label (cb)) != 0)
        return FALSE;
    }

  {
    g_auto(GStrv) na = kh_field_list_attributes (a);
    g_auto(GStrv) nb = kh_field_list_attributes (b);

    if (!g_strv_equal ((const char * const *) na, (const char * const *) nb))
      return FALSE;
    for (guint i = 0; na[i] != NULL; i++)
      if (g_strcmp0 (kh_field_get_attribute (a, na[i]), kh_field_get_attribute (b, na[i])) != 0)
        return FALSE;
  }

  return TRUE;
}

const char *
kh_field_get_name (KhField *self)
{
  g_return_val_if_fail (KH_IS_FIELD (self), NULL);

  return self->name;
}

/**
 * kh_field_get_label:
 *
 * Returns: (nullable): the human label, or %NULL when the metadata has none
 */
const char *
kh_field_get_label (KhField *self)
{
  g_return_val_if_fail (KH_IS_FIELD (self), NULL);

  return self->label;
}

void
kh_field_set_label (KhField    *self,
                    const char *label)
{
  g_return_if_fail (KH_IS_FIELD (self));

  if (kh_set_str (&self->label, label))
    kh_field_emit_changed (self, PROP_LABEL);
}

/**
 * kh_field_get_display_label:
 *
 * Returns: the label, or the name when there is no label
 */
const char *
kh_field_get_display_label (KhField *self)
{
  g_return_val_if_fail (KH_IS_FIELD (self), NULL);

  return self->label != NULL && self->label[0] != '\0' ? self->label : self->name;
}

const char *
kh_field_get_description (KhField *self)
{
  g_return_val_if_fail (KH_IS_FIELD (self), NULL);

  return self->description;
}

void
kh_field_set_description (KhField    *self,
                          const char *description)
{
  g_return_if_fail (KH_IS_FIELD (self));

  if (kh_set_str (&self->description, description))
    kh_field_emit_changed (self, PROP_DESCRIPTION);
}

KhFieldType
kh_field_get_field_type (KhField *self)
{
  g_return_val_if_fail (KH_IS_FIELD (self), KH_FIELD_TYPE_STRING);

  return self->type;
}

void
kh_field_set_field_type (KhField     *self,
                         KhFieldType  type)
{
  g_return_if_fail (KH_IS_FIELD (self));

  if (self->type != type)
    {
      self->type = type;
      kh_field_emit_changed (self, PROP_FIELD_TYPE);
    }
}

KhRequired
kh_field_get_required (KhField *self)
{
  g_return_val_if_fail (KH_IS_FIELD (self), KH_REQUIRED_UNKNOWN);

  return self->required;
}

void
kh_field_set_required (KhField    *self,
                       KhRequired  required)
{
  g_return_if_fail (KH_IS_FIELD (self));

  if (self->required != required)
    {
      self->required = required;
      kh_field_emit_changed (self, PROP_REQUIRED);
    }
}

/**
 * kh_field_is_required:
 *
 * Returns: %TRUE only when the field is known to be required
 */
gboolean
kh_field_is_required (KhField *self)
{
  g_return_val_if_fail (KH_IS_FIELD (self), FALSE);

  return self->required == KH_REQUIRED_YES;
}

/**
 * kh_field_get_max_length:
 *
 * Returns: the maximum length in characters, %KH_LENGTH_NONE (0) when the
 *   field is explicitly unlimited, or %KH_FACET_UNKNOWN (-1)
 */
int
kh_field_get_max_length (KhField *self)
{
  g_return_val_if_fail (KH_IS_FIELD (self), KH_FACET_UNKNOWN);

  return self->max_length;
}

void
kh_field_set_max_length (KhField *self,
                         int      max_length)
{
  g_return_if_fail (KH_IS_FIELD (self));
  g_return_if_fail (max_length >= KH_FACET_UNKNOWN);

  if (self->max_length != max_length)
    {
      self->max_length = max_length;
      kh_field_emit_changed (self, PROP_MAX_LENGTH);
    }
}

int
kh_field_get_precision (KhField *self)
{
  g_return_val_if_fail (KH_IS_FIELD (self), KH_FACET_UNKNOWN);

  return self->precision;
}

void
kh_field_set_precision (KhField *self,
                        int      precision)
{
  g_return_if_fail (KH_IS_FIELD (self));
  g_return_if_fail (precision >= KH_FACET_UNKNOWN);

  if (self->precision != precision)
    {
      self->precision = precision;
      kh_field_emit_changed (self, PROP_PRECISION);
    }
}

int
kh_field_get_scale (KhField *self)
{
  g_return_val_if_fail (KH_IS_FIELD (self), KH_FACET_UNKNOWN);

  return self->scale;
}

void
kh_field_set_scale (KhField *self,
                    int      scale)
{
  g_return_if_fail (KH_IS_FIELD (self));
  g_return_if_fail (scale >= KH_FACET_UNKNOWN);

  if (self->scale != scale)
    {
      self->scale = scale;
      kh_field_emit_changed (self, PROP_SCALE);
    }
}

gboolean
kh_field_get_key (KhField *self)
{
  g_return_val_if_fail (KH_IS_FIELD (self), FALSE);

  return self->key;
}

void
kh_field_set_key (KhField  *self,
                  gboolean  key)
{
  g_return_if_fail (KH_IS_FIELD (self));

  key = !!key;
  if (self->key != key)
    {
      self->key = key;
      kh_field_emit_changed (self, PROP_KEY);
    }
}

/**
 * kh_field_get_codes:
 *
 * Returns: (transfer none): a #GListModel of #KhCodeValue
 */
GListModel *
kh_field_get_codes (KhField *self)
{
  g_return_val_if_fail (KH_IS_FIELD (self), NULL);

  return G_LIST_MODEL (ensure_codes (self));
}

guint
kh_field_get_n_codes (KhField *self)
{
  g_return_val_if_fail (KH_IS_FIELD (self), 0);

  return self->codes != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->codes)) : 0;
}

void
kh_field_add_code (KhField    *self,
                   const char *value,
                   const char *label)
{
  g_autoptr(KhCodeValue) code = NULL;

  g_return_if_fail (KH_IS_FIELD (self));
  g_return_if_fail (value != NULL);

  code = kh_code_value_new (value, label);
  g_list_store_append (ensure_codes (self), code);
  kh_field_emit_changed (self, PROP_0);
}

void
kh_field_clear_codes (KhField *self)
{
  g_return_if_fail (KH_IS_FIELD (self));

  if (kh_field_get_n_codes (self) == 0)
    return;

  g_list_store_remove_all (self->codes);
  kh_field_emit_changed (self, PROP_0);
}

/**
 * kh_field_lookup_code:
 *
 * Returns: (transfer none) (nullable): the code value @value, if the field
 *   lists it
 */
KhCodeValue *
kh_field_lookup_code (KhField    *self,
                      const char *value)
{
  guint n;

  g_return_val_if_fail (KH_IS_FIELD (self), NULL);
  g_return_val_if_fail (value != NULL, NULL);

  n = kh_field_get_n_codes (self);
  for (guint i = 0; i < n; i++)
    {
      KhCodeValue *code = g_list_model_get_item (G_LIST_MODEL (self->codes), i);
      gboolean match = g_strcmp0 (kh_code_value_get_value (code), value) == 0;

      g_object_unref (code);   /* the store keeps it alive */
      if (match)
        return code;
    }

  return NULL;
}

/**
 * kh_field_get_attribute:
 * @name: an attribute name, such as "sap:display-format"
 *
 * Attributes keep metadata the model has no facet for (SAP annotations,
 * Salesforce flags such as "external-id" and "unique").
 *
 * Returns: (nullable): the value, or %NULL
 */
const char *
kh_field_get_attribute (KhField    *self,
                        const char *name)
{
  g_return_val_if_fail (KH_IS_FIELD (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  {
    int i = find_attribute (self, name);

    return i >= 0 ? g_ptr_array_index (self->attributes, i * 2 + 1) : NULL;
  }
}

/**
 * kh_field_set_attribute:
 * @value: (nullable): the value, or %NULL to remove the attribute
 */
void
kh_field_set_attribute (KhField    *self,
                        const char *name,
                        const char *value)
{
  g_return_if_fail (KH_IS_FIELD (self));
  g_return_if_fail (name != NULL);

  if (g_strcmp0 (kh_field_get_attribute (self, name), value) == 0)
    return;

  {
    int i = find_attribute (self, name);

    if (value == NULL)
      {
        g_ptr_array_remove_range (self->attributes, i * 2, 2);
      }
    else if (i >= 0)
      {
        g_free (g_ptr_array_index (self->attributes, i * 2 + 1));
        g_ptr_array_index (self->attributes, i * 2 + 1) = g_strdup (value);
      }
    else
      {
        guint at = (guint) (-i - 1) * 2;

        if (self->attributes == NULL)
          self->attributes = g_ptr_array_new_with_free_func (g_free);
        g_ptr_array_insert (self->attributes, at, g_strdup (name));
        g_ptr_array_insert (self->attributes, at + 1, g_strdup (value));
      }
  }

  kh_field_emit_changed (self, PROP_0);
}

/**
 * kh_field_list_attributes:
 *
 * Returns: (transfer full): the attribute names, sorted
 */
char **
kh_field_list_attributes (KhField *self)
{
  GPtrArray *names;

  g_return_val_if_fail (KH_IS_FIELD (self), NULL);

  names = g_ptr_array_new ();
  if (self->attributes != NULL)
    for (guint i = 0; i < self->attributes->len; i += 2)
      g_ptr_array_add (names, g_strdup (g_ptr_array_index (self->attributes, i)));
  g_ptr_array_add (names, NULL);

  return (char **) g_ptr_array_free (names, FALSE);
}
