/* kh-entity.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-entity"

#include "config.h"

#include "kh-entity-private.h"
#include "kh-field-private.h"
#include "kh-util-private.h"

struct _KhEntity
{
  GObject     parent_instance;

  /* Owned */
  char       *name;
  char       *label;
  char       *description;
  GListStore *fields;       /* of KhField, in schema order */
  GHashTable *by_name;      /* name (borrowed from the field) → KhField (borrowed) */
};

G_DEFINE_FINAL_TYPE (KhEntity, kh_entity, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_LABEL,
  PROP_DESCRIPTION,
  PROP_N_FIELDS,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
emit_changed (KhEntity *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
kh_entity_dispose (GObject *object)
{
  KhEntity *self = (KhEntity *) object;
  guint n = self->fields != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->fields)) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KhField) field = g_list_model_get_item (G_LIST_MODEL (self->fields), i);

      if (_kh_field_get_owner (field) == self)
        _kh_field_set_owner (field, NULL);
    }

  g_clear_pointer (&self->by_name, g_hash_table_unref);
  g_clear_object (&self->fields);

  G_OBJECT_CLASS (kh_entity_parent_class)->dispose (object);
}

static void
kh_entity_finalize (GObject *object)
{
  KhEntity *self = (KhEntity *) object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->label, g_free);
  g_clear_pointer (&self->description, g_free);

  G_OBJECT_CLASS (kh_entity_parent_class)->finalize (object);
}

static void
kh_entity_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  KhEntity *self = KH_ENTITY (object);

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

    case PROP_N_FIELDS:
      g_value_set_uint (value, kh_entity_get_n_fields (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_entity_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  KhEntity *self = KH_ENTITY (object);

  switch (prop_id)
    {
    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;

    case PROP_LABEL:
      kh_entity_set_label (self, g_value_get_string (value));
      break;

    case PROP_DESCRIPTION:
      kh_entity_set_description (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_entity_class_init (KhEntityClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kh_entity_dispose;
  object_class->finalize = kh_entity_finalize;
  object_class->get_property = kh_entity_get_property;
  object_class->set_property = kh_entity_set_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_FIELDS] =
    g_param_spec_uint ("n-fields", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KhEntity::changed:
   *
   * Emitted after the entity, its field list or any of its fields changed.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kh_entity_init (KhEntity *self)
{
  self->fields = g_list_store_new (KH_TYPE_FIELD);
  self->by_name = g_hash_table_new (g_str_hash, g_str_equal);
}

KhEntity *
kh_entity_new (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  return g_object_new (KH_TYPE_ENTITY, "name", name, NULL);
}

/**
 * kh_entity_copy:
 *
 * Returns: (transfer full): a deep copy of @self and its fields
 */
KhEntity *
kh_entity_copy (KhEntity *self)
{
  KhEntity *copy;
  guint n;

  g_return_val_if_fail (KH_IS_ENTITY (self), NULL);

  copy = kh_entity_new (self->name);
  copy->label = g_strdup (self->label);
  copy->description = g_strdup (self->description);

  n = kh_entity_get_n_fields (self);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KhField) field = kh_field_copy (kh_entity_get_field (self, i));
      kh_entity_add_field (copy, field);
    }

  return copy;
}

gboolean
kh_entity_equal (KhEntity *a,
                 KhEntity *b)
{
  guint n;

  g_return_val_if_fail (KH_IS_ENTITY (a), FALSE);
  g_return_val_if_fail (KH_IS_ENTITY (b), FALSE);

  if (g_strcmp0 (a->name, b->name) != 0 ||
      g_strcmp0 (a->label, b->label) != 0 ||
      g_strcmp0 (a->description, b->description) != 0)
    return FALSE;

  n = kh_entity_get_n_fields (a);
  if (n != kh_entity_get_n_fields (b))
    return FALSE;

  for (guint i = 0; i < n; i++)
    if (!kh_field_equal (kh_entity_get_field (a, i), kh_entity_get_field (b, i)))
      return FALSE;

  return TRUE;
}

const char *
kh_entity_get_name (KhEntity *self)
{
  g_return_val_if_fail (KH_IS_ENTITY (self), NULL);

  return self->name;
}

const char *
kh_entity_get_label (KhEntity *self)
{
  g_return_val_if_fail (KH_IS_ENTITY (self), NULL);

  return self->label;
}

void
kh_entity_set_label (KhEntity   *self,
                     const char *label)
{
  g_return_if_fail (KH_IS_ENTITY (self));

  if (kh_set_str (&self->label, label))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABEL]);
      emit_changed (self);
    }
}

const char *
kh_entity_get_description (KhEntity *self)
{
  g_return_val_if_fail (KH_IS_ENTITY (self), NULL);

  return self->description;
}

void
kh_entity_set_description (KhEntity   *self,
                           const char *description)
{
  g_return_if_fail (KH_IS_ENTITY (self));

  if (kh_set_str (&self->description, description))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
      emit_changed (self);
    }
}

/**
 * kh_entity_get_fields:
 *
 * Returns: (transfer none): a #GListModel of #KhField in schema order
 */
GListModel *
kh_entity_get_fields (KhEntity *self)
{
  g_return_val_if_fail (KH_IS_ENTITY (self), NULL);

  return G_LIST_MODEL (self->fields);
}

guint
kh_entity_get_n_fields (KhEntity *self)
{
  g_return_val_if_fail (KH_IS_ENTITY (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->fields));
}

/**
 * kh_entity_get_field:
 *
 * Returns: (transfer none) (nullable): the field at @position
 */
KhField *
kh_entity_get_field (KhEntity *self,
                     guint     position)
{
  g_return_val_if_fail (KH_IS_ENTITY (self), NULL);

  return kh_list_model_peek (G_LIST_MODEL (self->fields), position);
}

/**
 * kh_entity_lookup_field:
 *
 * Returns: (transfer none) (nullable): the field called @name
 */
KhField *
kh_entity_lookup_field (KhEntity   *self,
                        const char *name)
{
  g_return_val_if_fail (KH_IS_ENTITY (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_hash_table_lookup (self->by_name, name);
}

/**
 * kh_entity_get_field_index:
 *
 * Returns: the position of the field called @name, or -1
 */
int
kh_entity_get_field_index (KhEntity   *self,
                           const char *name)
{
  KhField *field;
  guint position;

  g_return_val_if_fail (KH_IS_ENTITY (self), -1);
  g_return_val_if_fail (name != NULL, -1);

  field = g_hash_table_lookup (self->by_name, name);
  if (field == NULL || !g_list_store_find (self->fields, field, &position))
    return -1;

  return (int) position;
}

void
_kh_entity_field_changed (KhEntity *self,
                          KhField  *field)
{
  emit_changed (self);
}

/**
 * kh_entity_add_field:
 *
 * Appends @field. A field whose name is already taken is not added.
 *
 * Returns: %TRUE if the field was added
 */
gboolean
kh_entity_add_field (KhEntity *self,
                     KhField  *field)
{
  const char *name;

  g_return_val_if_fail (KH_IS_ENTITY (self), FALSE);
  g_return_val_if_fail (KH_IS_FIELD (field), FALSE);

  name = kh_field_get_name (field);
  if (g_hash_table_contains (self->by_name, name))
    return FALSE;

  g_hash_table_insert (self->by_name, (gpointer) name, field);
  if (_kh_field_get_owner (field) != NULL)
    g_warning ("Field “%s” already belongs to an entity; it now reports to “%s”",
               name, self->name);
  _kh_field_set_owner (field, self);
  g_list_store_append (self->fields, field);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_FIELDS]);
  emit_changed (self);

  return TRUE;
}

gboolean
kh_entity_remove_field (KhEntity   *self,
                        const char *name)
{
  KhField *field;
  guint position;

  g_return_val_if_fail (KH_IS_ENTITY (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  field = g_hash_table_lookup (self->by_name, name);
  if (field == NULL || !g_list_store_find (self->fields, field, &position))
    return FALSE;

  _kh_field_set_owner (field, NULL);
  g_hash_table_remove (self->by_name, name);
  g_list_store_remove (self->fields, position);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_FIELDS]);
  emit_changed (self);

  return TRUE;
}
