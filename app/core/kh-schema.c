/* kh-schema.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-schema"

#include "config.h"

#include "kh-schema.h"
#include "kh-util-private.h"

struct _KhSchema
{
  GObject     parent_instance;

  /* Owned */
  char       *system;
  char       *origin;
  GListStore *entities;    /* of KhEntity */
  GHashTable *by_name;     /* name (borrowed) → KhEntity (borrowed) */
};

G_DEFINE_FINAL_TYPE (KhSchema, kh_schema, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SYSTEM,
  PROP_ORIGIN,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
emit_changed (KhSchema *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
kh_schema_dispose (GObject *object)
{
  KhSchema *self = (KhSchema *) object;

  g_clear_pointer (&self->by_name, g_hash_table_unref);
  g_clear_object (&self->entities);

  G_OBJECT_CLASS (kh_schema_parent_class)->dispose (object);
}

static void
kh_schema_finalize (GObject *object)
{
  KhSchema *self = (KhSchema *) object;

  g_clear_pointer (&self->system, g_free);
  g_clear_pointer (&self->origin, g_free);

  G_OBJECT_CLASS (kh_schema_parent_class)->finalize (object);
}

static void
kh_schema_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  KhSchema *self = KH_SCHEMA (object);

  switch (prop_id)
    {
    case PROP_SYSTEM:
      g_value_set_string (value, self->system);
      break;

    case PROP_ORIGIN:
      g_value_set_string (value, self->origin);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_schema_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  KhSchema *self = KH_SCHEMA (object);

  switch (prop_id)
    {
    case PROP_SYSTEM:
      kh_schema_set_system (self, g_value_get_string (value));
      break;

    case PROP_ORIGIN:
      kh_schema_set_origin (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_schema_class_init (KhSchemaClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kh_schema_dispose;
  object_class->finalize = kh_schema_finalize;
  object_class->get_property = kh_schema_get_property;
  object_class->set_property = kh_schema_set_property;

  properties[PROP_SYSTEM] =
    g_param_spec_string ("system", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ORIGIN] =
    g_param_spec_string ("origin", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KhSchema::changed:
   *
   * Emitted after the schema, its entity list or any entity changed.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kh_schema_init (KhSchema *self)
{
  self->entities = g_list_store_new (KH_TYPE_ENTITY);
  self->by_name = g_hash_table_new (g_str_hash, g_str_equal);
}

/**
 * kh_schema_new:
 * @system: (nullable): the system the metadata describes ("SAP S/4HANA")
 */
KhSchema *
kh_schema_new (const char *system)
{
  return g_object_new (KH_TYPE_SCHEMA, "system", system, NULL);
}

/**
 * kh_schema_copy:
 *
 * Returns: (transfer full): a deep copy
 */
KhSchema *
kh_schema_copy (KhSchema *self)
{
  KhSchema *copy;
  guint n;

  g_return_val_if_fail (KH_IS_SCHEMA (self), NULL);

  copy = kh_schema_new (self->system);
  copy->origin = g_strdup (self->origin);
  n = kh_schema_get_n_entities (self);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KhEntity) entity = kh_entity_copy (kh_schema_get_entity (self, i));
      kh_schema_add_entity (copy, entity);
    }

  return copy;
}

const char *
kh_schema_get_system (KhSchema *self)
{
  g_return_val_if_fail (KH_IS_SCHEMA (self), NULL);

  return self->system;
}

void
kh_schema_set_system (KhSchema   *self,
                      const char *system)
{
  g_return_if_fail (KH_IS_SCHEMA (self));

  if (kh_set_str (&self->system, system))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYSTEM]);
      emit_changed (self);
    }
}

/**
 * kh_schema_get_origin:
 *
 * Returns: (nullable): where the schema came from, e.g. the importer id and
 *   file name ("odata-v4: API_BUSINESS_PARTNER.edmx")
 */
const char *
kh_schema_get_origin (KhSchema *self)
{
  g_return_val_if_fail (KH_IS_SCHEMA (self), NULL);

  return self->origin;
}

void
kh_schema_set_origin (KhSchema   *self,
                      const char *origin)
{
  g_return_if_fail (KH_IS_SCHEMA (self));

  if (kh_set_str (&self->origin, origin))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORIGIN]);
      emit_changed (self);
    }
}

/**
 * kh_schema_get_entities:
 *
 * Returns: (transfer none): a #GListModel of #KhEntity
 */
GListModel *
kh_schema_get_entities (KhSchema *self)
{
  g_return_val_if_fail (KH_IS_SCHEMA (self), NULL);

  return G_LIST_MODEL (self->entities);
}

guint
kh_schema_get_n_entities (KhSchema *self)
{
  g_return_val_if_fail (KH_IS_SCHEMA (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->entities));
}

/**
 * kh_schema_get_entity:
 *
 * Returns: (transfer none) (nullable): the entity at @position
 */
KhEntity *
kh_schema_get_entity (KhSchema *self,
                      guint     position)
{
  g_return_val_if_fail (KH_IS_SCHEMA (self), NULL);

  return kh_list_model_peek (G_LIST_MODEL (self->entities), position);
}

/**
 * kh_schema_lookup_entity:
 *
 * Returns: (transfer none) (nullable): the entity called @name
 */
KhEntity *
kh_schema_lookup_entity (KhSchema   *self,
                         const char *name)
{
  g_return_val_if_fail (KH_IS_SCHEMA (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_hash_table_lookup (self->by_name, name);
}

static void
on_entity_changed_cb (KhEntity *entity,
                      KhSchema *self)
{
  emit_changed (self);
}

/**
 * kh_schema_add_entity:
 *
 * Returns: %TRUE if added, %FALSE if the name is taken
 */
gboolean
kh_schema_add_entity (KhSchema *self,
                      KhEntity *entity)
{
  const char *name;

  g_return_val_if_fail (KH_IS_SCHEMA (self), FALSE);
  g_return_val_if_fail (KH_IS_ENTITY (entity), FALSE);

  name = kh_entity_get_name (entity);
  if (g_hash_table_contains (self->by_name, name))
    return FALSE;

  g_hash_table_insert (self->by_name, (gpointer) name, entity);
  g_signal_connect_object (entity, "changed", G_CALLBACK (on_entity_changed_cb), self, 0);
  g_list_store_append (self->entities, entity);
  emit_changed (self);

  return TRUE;
}

gboolean
kh_schema_remove_entity (KhSchema   *self,
                         const char *name)
{
  KhEntity *entity;
  guint position;

  g_return_val_if_fail (KH_IS_SCHEMA (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  entity = g_hash_table_lookup (self->by_name, name);
  if (entity == NULL || !g_list_store_find (self->entities, entity, &position))
    return FALSE;

  g_signal_handlers_disconnect_by_data (entity, self);
  g_hash_table_remove (self->by_name, name);
  g_list_store_remove (self->entities, position);
  emit_changed (self);

  return TRUE;
}
