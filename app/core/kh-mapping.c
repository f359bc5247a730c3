/* kh-mapping.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-mapping"

#include "config.h"

#include "kh-enums.h"
#include "kh-mapping.h"
#include "kh-util-private.h"

struct _KhMapping
{
  GObject       parent_instance;

  /* Owned */
  char         *name;
  char         *description;
  char         *source_system;
  char         *target_system;
  KhEntity     *source_entity;
  KhEntity     *target_entity;
  GListStore   *rules;          /* of KhRule, in target-field order */
  GListStore   *code_lists;     /* of KhCodeList, by name */
  GListStore   *filters;        /* of KhFilter, in order */
  GListStore   *golden;         /* of KhGoldenRecord, in order */
  GPtrArray    *dedupe_keys;    /* of char*, NULL-terminated */
  GHashTable   *layout;         /* key → value, both owned */

  KhDedupeKeep  dedupe_keep;
  guint         in_bulk;        /* >0 while replace_contents runs */
};

G_DEFINE_FINAL_TYPE (KhMapping, kh_mapping, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_DESCRIPTION,
  PROP_SOURCE_SYSTEM,
  PROP_TARGET_SYSTEM,
  PROP_SOURCE_ENTITY,
  PROP_TARGET_ENTITY,
  PROP_DEDUPE_KEYS,
  PROP_DEDUPE_KEEP,
  N_PROPS
};

enum {
  CHANGED,
  LAYOUT_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
emit_changed (KhMapping *self,
              guint      prop_id)
{
  if (prop_id != PROP_0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
  if (self->in_bulk == 0)
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_child_changed_cb (GObject   *child,
                     KhMapping *self)
{
  emit_changed (self, PROP_0);
}

/* Rules are kept in the order of their target fields in the target entity;
 * rules for fields the entity lacks come last, by name. */
static int
compare_rules (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  KhMapping *self = user_data;
  const char *ta = kh_rule_get_target ((KhRule *) a);
  const char *tb = kh_rule_get_target ((KhRule *) b);
  int ia = -1, ib = -1;

  if (self->target_entity != NULL)
    {
      ia = kh_entity_get_field_index (self->target_entity, ta);
      ib = kh_entity_get_field_index (self->target_entity, tb);
    }

  if (ia >= 0 && ib >= 0)
    return ia - ib;
  if (ia >= 0)
    return -1;
  if (ib >= 0)
    return 1;
  return g_strcmp0 (ta, tb);
}

static int
compare_code_lists (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  return g_strcmp0 (kh_code_list_get_name ((KhCodeList *) a),
                    kh_code_list_get_name ((KhCodeList *) b));
}

static void
on_rule_target_notify_cb (KhRule     *rule,
                          GParamSpec *pspec,
                          KhMapping  *self)
{
  g_list_store_sort (self->rules, compare_rules, self);
}

static void
on_code_list_name_notify_cb (KhCodeList *list,
                             GParamSpec *pspec,
                             KhMapping  *self)
{
  g_list_store_sort (self->code_lists, compare_code_lists, NULL);
}

static void
on_target_entity_changed_cb (KhEntity  *entity,
                             KhMapping *self)
{
  g_list_store_sort (self->rules, compare_rules, self);
  emit_changed (self, PROP_0);
}

static void
disconnect_store (KhMapping  *self,
                  GListStore *store)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (store), i);
      g_signal_handlers_disconnect_by_data (item, self);
    }
}

static void
kh_mapping_dispose (GObject *object)
{
  KhMapping *self = (KhMapping *) object;

  if (self->rules != NULL)
    {
      disconnect_store (self, self->rules);
      disconnect_store (self, self->code_lists);
      disconnect_store (self, self->filters);
      disconnect_store (self, self->golden);
    }
  if (self->source_entity != NULL)
    g_signal_handlers_disconnect_by_data (self->source_entity, self);
  if (self->target_entity != NULL)
    g_signal_handlers_disconnect_by_data (self->target_entity, self);

  g_clear_object (&self->source_entity);
  g_clear_object (&self->target_entity);
  g_clear_object (&self->rules);
  g_clear_object (&self->code_lists);
  g_clear_object (&self->filters);
  g_clear_object (&self->golden);

  G_OBJECT_CLASS (kh_mapping_parent_class)->dispose (object);
}

static void
kh_mapping_finalize (GObject *object)
{
  KhMapping *self = (KhMapping *) object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->source_system, g_free);
  g_clear_pointer (&self->target_system, g_free);
  g_clear_pointer (&self->dedupe_keys, g_ptr_array_unref);
  g_clear_pointer (&self->layout, g_hash_table_unref);

  G_OBJECT_CLASS (kh_mapping_parent_class)->finalize (object);
}

static void
kh_mapping_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  KhMapping *self = KH_MAPPING (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;

    case PROP_SOURCE_SYSTEM:
      g_value_set_string (value, self->source_system);
      break;

    case PROP_TARGET_SYSTEM:
      g_value_set_string (value, self->target_system);
      break;

    case PROP_SOURCE_ENTITY:
      g_value_set_object (value, self->source_entity);
      break;

    case PROP_TARGET_ENTITY:
      g_value_set_object (value, self->target_entity);
      break;

    case PROP_DEDUPE_KEYS:
      g_value_set_boxed (value, kh_mapping_get_dedupe_keys (self));
      break;

    case PROP_DEDUPE_KEEP:
      g_value_set_enum (value, self->dedupe_keep);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_mapping_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  KhMapping *self = KH_MAPPING (object);

  switch (prop_id)
    {
    case PROP_NAME:
      kh_mapping_set_name (self, g_value_get_string (value));
      break;

    case PROP_DESCRIPTION:
      kh_mapping_set_description (self, g_value_get_string (value));
      break;

    case PROP_SOURCE_SYSTEM:
      kh_mapping_set_source_system (self, g_value_get_string (value));
      break;

    case PROP_TARGET_SYSTEM:
      kh_mapping_set_target_system (self, g_value_get_string (value));
      break;

    case PROP_SOURCE_ENTITY:
      kh_mapping_set_source_entity (self, g_value_get_object (value));
      break;

    case PROP_TARGET_ENTITY:
      kh_mapping_set_target_entity (self, g_value_get_object (value));
      break;

    case PROP_DEDUPE_KEYS:
      kh_mapping_set_dedupe_keys (self, g_value_get_boxed (value));
      break;

    case PROP_DEDUPE_KEEP:
      kh_mapping_set_dedupe_keep (self, g_value_get_enum (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_mapping_class_init (KhMappingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kh_mapping_dispose;
  object_class->finalize = kh_mapping_finalize;
  object_class->get_property = kh_mapping_get_property;
  object_class->set_property = kh_mapping_set_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SOURCE_SYSTEM] =
    g_param_spec_string ("source-system", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TARGET_SYSTEM] =
    g_param_spec_string ("target-system", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SOURCE_ENTITY] =
    g_param_spec_object ("source-entity", NULL, NULL, KH_TYPE_ENTITY,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TARGET_ENTITY] =
    g_param_spec_object ("target-entity", NULL, NULL, KH_TYPE_ENTITY,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DEDUPE_KEYS] =
    g_param_spec_boxed ("dedupe-keys", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DEDUPE_KEEP] =
    g_param_spec_enum ("dedupe-keep", NULL, NULL, KH_TYPE_DEDUPE_KEEP, KH_DEDUPE_KEEP_FIRST,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KhMapping::changed:
   *
   * Emitted after any semantic change: a property, a rule, a step or its
   * parameters, a code list, a filter, a golden record, or either entity.
   * The preview recomputes on it.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * KhMapping::layout-changed:
   *
   * Emitted after a layout entry changed. Layout has no effect on results.
   */
  signals[LAYOUT_CHANGED] =
    g_signal_new ("layout-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kh_mapping_init (KhMapping *self)
{
  self->rules = g_list_store_new (KH_TYPE_RULE);
  self->code_lists = g_list_store_new (KH_TYPE_CODE_LIST);
  self->filters = g_list_store_new (KH_TYPE_FILTER);
  self->golden = g_list_store_new (KH_TYPE_GOLDEN_RECORD);
  self->dedupe_keys = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->dedupe_keys, NULL);
  self->layout = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->dedupe_keep = KH_DEDUPE_KEEP_FIRST;
}

KhMapping *
kh_mapping_new (void)
{
  return g_object_new (KH_TYPE_MAPPING, NULL);
}

/* Copies everything of @from into the (empty) @to. */
static void
copy_into (KhMapping *to,
           KhMapping *from)
{
  g_auto(GStrv) layout_keys = NULL;
  guint n;

  kh_mapping_set_name (to, from->name);
  kh_mapping_set_description (to, from->description);
  kh_mapping_set_source_system (to, from->source_system);
  kh_mapping_set_target_system (to, from->target_system);

  if (from->source_entity != NULL)
    {
      g_autoptr(KhEntity) entity = kh_entity_copy (from->source_entity);
      kh_mapping_set_source_entity (to, entity);
    }
  else
    kh_mapping_set_source_entity (to, NULL);

  if (from->target_entity != NULL)
    {
      g_autoptr(KhEntity) entity = kh_entity_copy (from->target_entity);
      kh_mapping_set_target_entity (to, entity);
    }
  else
    kh_mapping_set_target_entity (to, NULL);

  n = kh_mapping_get_n_rules (from);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KhRule) rule = kh_rule_copy (kh_mapping_get_rule (from, i));
      kh_mapping_add_rule (to, rule);
    }

  n = kh_mapping_get_n_code_lists (from);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KhCodeList) list = kh_code_list_copy (kh_mapping_get_code_list (from, i));
      kh_mapping_add_code_list (to, list);
    }

  n = kh_mapping_get_n_filters (from);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KhFilter) filter = kh_filter_copy (kh_mapping_get_filter (from, i));
      kh_mapping_add_filter (to, filter);
    }

  kh_mapping_set_dedupe_keys (to, kh_mapping_get_dedupe_keys (from));
  kh_mapping_set_dedupe_keep (to, from->dedupe_keep);

  n = kh_mapping_get_n_golden_records (from);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KhGoldenRecord) record = kh_golden_record_copy (kh_mapping_get_golden_record (from, i));
      kh_mapping_add_golden_record (to, record);
    }

  layout_keys = kh_mapping_list_layout_keys (from);
  for (guint i = 0; layout_keys[i] != NULL; i++)
    kh_mapping_set_layout (to, layout_keys[i], kh_mapping_get_layout (from, layout_keys[i]));
}

/**
 * kh_mapping_copy:
 *
 * Returns: (transfer full): a deep copy of @self
 */
KhMapping *
kh_mapping_copy (KhMapping *self)
{
  KhMapping *copy;

  g_return_val_if_fail (KH_IS_MAPPING (self), NULL);

  copy = kh_mapping_new ();
  copy_into (copy, self);

  return copy;
}

static gboolean
stores_equal (GListModel *a,
              GListModel *b,
              gboolean  (*equal) (gpointer, gpointer))
{
  guint n = g_list_model_get_n_items (a);

  if (n != g_list_model_get_n_items (b))
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) ia = g_list_model_get_item (a, i);
      g_autoptr(GObject) ib = g_list_model_get_item (b, i);

      if (!equal (ia, ib))
        return FALSE;
    }

  return TRUE;
}

static gboolean
entities_equal (KhEntity *a,
                KhEntity *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return kh_entity_equal (a, b);
}

/**
 * kh_mapping_equal:
 *
 * Returns: %TRUE when both mappings have the same semantics and layout
 */
gboolean
kh_mapping_equal (KhMapping *a,
                  KhMapping *b)
{
  g_auto(GStrv) keys_a = NULL;
  g_auto(GStrv) keys_b = NULL;

  g_return_val_if_fail (KH_IS_MAPPING (a), FALSE);
  g_return_val_if_fail (KH_IS_MAPPING (b), FALSE);

  if (g_strcmp0 (a->name, b->name) != 0 ||
      g_strcmp0 (a->description, b->description) != 0 ||
      g_strcmp0 (a->source_system, b->source_system) != 0 ||
      g_strcmp0 (a->target_system, b->target_system) != 0 ||
      !entities_equal (a->source_entity, b->source_entity) ||
      !entities_equal (a->target_entity, b->target_entity) ||
      !g_strv_equal (kh_mapping_get_dedupe_keys (a), kh_mapping_get_dedupe_keys (b)) ||
      a->dedupe_keep != b->dedupe_keep)
    return FALSE;

  if (!stores_equal (G_LIST_MODEL (a->rules), G_LIST_MODEL (b->rules), (gpointer) kh_rule_equal) ||
      !stores_equal (G_LIST_MODEL (a->code_lists), G_LIST_MODEL (b->code_lists), (gpointer) kh_code_list_equal) ||
      !stores_equal (G_LIST_MODEL (a->filters), G_LIST_MODEL (b->filters), (gpointer) kh_filter_equal) ||
      !stores_equal (G_LIST_MODEL (a->golden), G_LIST_MODEL (b->golden), (gpointer) kh_golden_record_equal))
    return FALSE;

  keys_a = kh_mapping_list_layout_keys (a);
  keys_b = kh_mapping_list_layout_keys (b);
  if (!g_strv_equal ((const char * const *) keys_a, (const char * const *) keys_b))
    return FALSE;
  for (guint i = 0; keys_a[i] != NULL; i++)
    if (g_strcmp0 (kh_mapping_get_layout (a, keys_a[i]), kh_mapping_get_layout (b, keys_a[i])) != 0)
      return FALSE;

  return TRUE;
}

/**
 * kh_mapping_replace_contents:
 * @other: the mapping to copy
 *
 * Makes @self a deep copy of @other while keeping its identity, so views
 * bound to @self follow (undo, revert, reload). Emits #KhMapping::changed
 * once.
 */
void
kh_mapping_replace_contents (KhMapping *self,
                             KhMapping *other)
{
  g_auto(GStrv) layout_keys = NULL;

  g_return_if_fail (KH_IS_MAPPING (self));
  g_return_if_fail (KH_IS_MAPPING (other));
  g_return_if_fail (self != other);

  self->in_bulk++;

  disconnect_store (self, self->rules);
  disconnect_store (self, self->code_lists);
  disconnect_store (self, self->filters);
  disconnect_store (self, self->golden);
  g_list_store_remove_all (self->rules);
  g_list_store_remove_all (self->code_lists);
  g_list_store_remove_all (self->filters);
  g_list_store_remove_all (self->golden);
  layout_keys = kh_mapping_list_layout_keys (self);
  for (guint i = 0; layout_keys[i] != NULL; i++)
    kh_mapping_set_layout (self, layout_keys[i], NULL);

  copy_into (self, other);

  self->in_bulk--;
  g_signal_emit (self, signals[CHANGED], 0);
}

const char *
kh_mapping_get_name (KhMapping *self)
{
  g_return_val_if_fail (KH_IS_MAPPING (self), NULL);

  return self->name;
}

void
kh_mapping_set_name (KhMapping  *self,
                     const char *name)
{
  g_return_if_fail (KH_IS_MAPPING (self));

  if (kh_set_str (&self->name, name))
    emit_changed (self, PROP_NAME);
}

const char *
kh_mapping_get_description (KhMapping *self)
{
  g_return_val_if_fail (KH_IS_MAPPING (self), NULL);

  return self->description;
}

void
kh_mapping_set_description (KhMapping  *self,
                            const char *description)
{
  g_return_if_fail (KH_IS_MAPPING (self));

  if (description != NULL && description[0] == '\0')
    description = NULL;
  if (kh_set_str (&self->description, description))
    emit_changed (self, PROP_DESCRIPTION);
}

const char *
kh_mapping_get_source_system (KhMapping *self)
{
  g_return_val_if_fail (KH_IS_MAPPING (self), NULL);

  return self->source_system;
}

void
kh_mapping_set_source_system (KhMapping  *self,
                              const char *system)
{
  g_return_if_fail (KH_IS_MAPPING (self));

  if (kh_set_str (&self->source_system, system))
    emit_changed (self, PROP_SOURCE_SYSTEM);
}

const char *
kh_mapping_get_target_system (KhMapping *self)
{
  g_return_val_if_fail (KH_IS_MAPPING (self), NULL);

  return self->target_system;
}

void
kh_mapping_set_target_system (KhMapping  *self,
                              const char *system)
{
  g_return_if_fail (KH_IS_MAPPING (self));

  if (kh_set_str (&self->target_system, system))
    emit_changed (self, PROP_TARGET_SYSTEM);
}

/**
 * kh_mapping_get_source_entity:
 *
 * Returns: (transfer none) (nullable): the entity records come from
 */
KhEntity *
kh_mapping_get_source_entity (KhMapping *self)
{
  g_return_val_if_fail (KH_IS_MAPPING (self), NULL);

  return self->source_entity;
}

void
kh_mapping_set_source_entity (KhMapping *self,
                              KhEntity  *entity)
{
  g_return_if_fail (KH_IS_MAPPING (self));
  g_return_if_fail (entity == NULL || KH_IS_ENTITY (entity));

  if (self->source_entity == entity)
    return;

  if (self->source_entity != NULL)
    g_signal_handlers_disconnect_by_data (self->source_entity, self);
  g_set_object (&self->source_entity, entity);
  if (entity != NULL)
    g_signal_connect_object (entity, "changed", G_CALLBACK (on_child_changed_cb), self, 0);

  emit_changed (self, PROP_SOURCE_ENTITY);
}

/**
 * kh_mapping_get_target_entity:
 *
 * Returns: (transfer none) (nullable): the entity records go to
 */
KhEntity *
kh_mapping_get_target_entity (KhMapping *self)
{
  g_return_val_if_fail (KH_IS_MAPPING (self), NULL);

  return self->target_entity;
}

void
kh_mapping_set_target_entity (KhMapping *self,
                              KhEntity  *entity)
{
  g_return_if_fail (KH_IS_MAPPING (self));
  g_return_if_fail (entity == NULL || KH_IS_ENTITY (entity));

  if (self->target_entity == entity)
    return;

  if (self->target_entity != NULL)
    g_signal_handlers_disconnect_by_data (self->target_entity, self);
  g_set_object (&self->target_entity, entity);
  if (entity != NULL)
    g_signal_connect_object (entity, "changed", G_CALLBACK (on_target_entity_changed_cb), self, 0);

  g_list_store_sort (self->rules, compare_rules, self);
  emit_changed (self, PROP_TARGET_ENTITY);
}

/**
 * kh_mapping_get_rules:
 *
 * Returns: (transfer none): a #GListModel of #KhRule, in the order of the
 *   target entity's fields
 */
GListModel *
kh_mapping_get_rules (KhMapping *self)
{
  g_return_val_if_fail (KH_IS_MAPPING (self), NULL);

  return G_LIST_MODEL (self->rules);
}

guint
kh_mapping_get_n_rules (KhMapping *self)
{
  g_return_val_if_fail (KH_IS_MAPPING (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->rules));
}

/**
 * kh_mapping_get_rule:
 *
 * Returns: (transfer none) (nullable): the rule at @position
 */
KhRule *
kh_mapping_get_rule (KhMapping *self,
                     guint      position)
{
  g_return_val_if_fail (KH_IS_MAPPING (self), NULL);

  return kh_list_model_peek (G_LIST_MODEL (self->rules), position);
}

/**
 * kh_mapping_lookup_rule:
 *
 * Returns: (transfer none) (nullable): the rule that computes @target
 */
KhRule *
kh_mapping_lookup_rule (KhMapping  *self,
                        const char *target)
{
  guint n;

  g_return_val_if_fail (KH_IS_MAPPING (self), NULL);
  g_return_val_if_fail (target != NULL, NULL);

  n = kh_mapping_get_n_rules (self);
  for (guint i = 0; i < n; i++)
    {
      KhRule *rule = kh_mapping_get_rule (self, i);

      if (g_strcmp0 (kh_rule_get_target (rule), target) == 0)
        return rule;
    }

  return NULL;
}

/**
 * kh_mapping_add_rule:
 *
 * Adds @rule in target-field order.
 *
 * Returns: %FALSE (and adds nothing) if a rule for the same target exists
 */
gboolean
kh_mapping_add_rule (KhMapping *self,
                     KhRule    *rule)
{
  g_return_val_if_fail (KH_IS_MAPPING (self), FALSE);
  g_return_val_if_fail (KH_IS_RULE (rule), FALSE);

  if (kh_mapping_lookup_rule (self, kh_rule_get_target (rule)) != NULL)
    return FALSE;

  g_signal_connect_object (rule, "changed", G_CALLBACK (on_child_changed_cb), self, 0);
  g_signal_connect_object (rule, "notify::target", G_CALLBACK (on_rule_target_notify_cb), self, 0);
  g_list_store_insert_sorted (self->rules, rule, compare_rules, self);
  emit_changed (self, PROP_0);

  return TRUE;
}

gboolean
kh_mapping_remove_rule (KhMapping  *self,
                        const char *target)
{
  KhRule *rule;
  guint position;

  g_return_val_if_fail (KH_IS_MAPPING (self), FALSE);
  g_return_val_if_fail (target != NULL, FALSE);

  rule = kh_mapping_lookup_rule (self, target);
  if (rule == NULL || !g_list_store_find (self->rules, rule, &position))
    return FALSE;

  g_signal_handlers_disconnect_by_data (rule, self);
  g_list_store_remove (self->rules, position);
  emit_changed (self, PROP_0);

  return TRUE;
}

/**
 * kh_mapping_find_rules_using_source:
 *
 * Returns: (transfer container) (element-type KhRule): the rules that read
 *   the source field @source
 */
GPtrArray *
kh_mapping_find_rules_using_source (KhMapping  *self,
                                    const char *source)
{
  GPtrArray *found;
  guint n;

  g_return_val_if_fail (KH_IS_MAPPING (self), NULL);
  g_return_val_if_fail (source != NULL, NULL);

  found = g_ptr_array_new ();
  n = kh_mapping_get_n_rules (self);
  for (guint i = 0; i < n; i++)
    {
      KhRule *rule = kh_mapping_get_rule (self, i);

      if (kh_rule_has_source (rule, source))
        g_ptr_array_add (found, rule);
    }

  return found;
}

/**
 * kh_mapping_get_code_lists:
 *
 * Returns: (transfer none): a #GListModel of #KhCodeList, sorted by name
 */
GListModel *
kh_mapping_get_code_lists (KhMapping *self)
{
  g_return_val_if_fail (KH_IS_MAPPING (self), NULL);

  return G_LIST_MODEL (self->code_lists);
}

guint
kh_mapping_get_n_code_lists (KhMapping *self)
{
  g_return_val_if_fail (KH_IS_MAPPING (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->code_lists));
}

/**
 * kh_mapping_get_code_list:
 *
 * Returns: (transfer none) (nullable): the code list at @position
 */
KhCodeList *
kh_mapping_get_code_list (KhMapping *self,
                          guint      position)
{
  g_return_val_if_fail (KH_IS_MAPPING (self), NULL);

  return kh_list_model_peek (G_LIST_MODEL (self->code_lists), position);
}

/**
 * kh_mapping_lookup_code_list:
 *
 * Returns: (transfer none) (nullable): the code list called @name
 */
KhCodeList *
kh_mapping_lookup_code_list (KhMapping  *self,
                             const char *name)
{
  guint n;

  g_return_val_if_fail (KH_IS_MAPPING (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  n = kh_mapping_get_n_code_lists (self);
  for (guint i = 0; i < n; i++)
    {
      KhCodeList *list = kh_mapping_get_code_list (self, i);

      if (g_strcmp0 (kh_code_list_get_name (list), name) == 0)
        return list;
    }

  return NULL;
}

/**
 * kh_mapping_add_code_list:
 *
 * Returns: %FALSE (and adds nothing) if the name is taken
 */
gboolean
kh_mapping_add_code_list (KhMapping  *self,
                          KhCodeList *list)
{
  g_return_val_if_fail (KH_IS_MAPPING (self), FALSE);
  g_return_val_if_fail (KH_IS_CODE_LIST (list), FALSE);

  if (kh_mapping_lookup_code_list (self, kh_code_list_get_name (list)) != NULL)
    return FALSE;

  g_signal_connect_object (list, "changed", G_CALLBACK (on_child_changed_cb), self, 0);
  g_signal_connect_object (list, "notify::name", G_CALLBACK (on_code_list_name_notify_cb), self, 0);
  g_list_store_insert_sorted (self->code_lists, list, compare_code_lists, NULL);
  emit_changed (self, PROP_0);

  return TRUE;
}

gboolean
kh_mapping_remove_code_list (KhMapping  *self,
                             const char *name)
{
  KhCodeList *list;
  guint position;

  g_return_val_if_fail (KH_IS_MAPPING (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  list = kh_mapping_lookup_code_list (self, name);
  if (list == NULL || !g_list_store_find (self->code_lists, list, &position))
    return FALSE;

  g_signal_handlers_disconnect_by_data (list, self);
  g_list_store_remove (self->code_lists, position);
  emit_changed (self, PROP_0);

  return TRUE;
}

/**
 * kh_mapping_get_filters:
 *
 * Returns: (transfer none): a #GListModel of #KhFilter
 */
GListModel *
kh_mapping_get_filters (KhMapping *self)
{
  g_return_val_if_fail (KH_IS_MAPPING (self), NULL);

  return G_LIST_MODEL (self->filters);
}

guint
kh_mapping_get_n_filters (KhMapping *self)
{
  g_return_val_if_fail (KH_IS_MAPPING (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->filters));
}

/**
 * kh_mapping_get_filter:
 *
 * Returns: (transfer none) (nullable): the filter at @position
 */
KhFilter *
kh_mapping_get_filter (KhMapping *self,
                       guint      position)
{
  g_return_val_if_fail (KH_IS_MAPPING (self), NULL);

  return kh_list_model_peek (G_LIST_MODEL (self->filters), position);
}

void
kh_mapping_add_filter (KhMapping *self,
                       KhFilter  *filter)
{
  g_return_if_fail (KH_IS_MAPPING (self));
  g_return_if_fail (KH_IS_FILTER (filter));

  g_signal_connect_object (filter, "changed", G_CALLBACK (on_child_changed_cb), self, 0);
  g_list_store_append (self->filters, filter);
  emit_changed (self, PROP_0);
}

void
kh_mapping_remove_filter (KhMapping *self,
                          guint      position)
{
  KhFilter *filter;

  g_return_if_fail (KH_IS_MAPPING (self));

  filter = kh_mapping_get_filter (self, position);
  g_return_if_fail (filter != NULL);

  g_signal_handlers_disconnect_by_data (filter, self);
  g_list_store_remove (self->filters, position);
  emit_changed (self, PROP_0);
}

/**
 * kh_mapping_get_dedupe_keys:
 *
 * Returns: (array zero-terminated=1): the target fields whose transformed
 *   values identify a record; empty when the mapping does not dedupe
 */
const char * const *
kh_mapping_get_dedupe_keys (KhMapping *self)
{
  g_return_val_if_fail (KH_IS_MAPPING (self), NULL);

  return (const char * const *) self->dedupe_keys->pdata;
}

void
kh_mapping_set_dedupe_keys (KhMapping          *self,
                            const char * const *keys)
{
  static const char * const empty[] = { NULL };

  g_return_if_fail (KH_IS_MAPPING (self));

  if (keys == NULL)
    keys = empty;
  if (g_strv_equal (kh_mapping_get_dedupe_keys (self), keys))
    return;

  g_ptr_array_set_size (self->dedupe_keys, 0);
  for (guint i = 0; keys[i] != NULL; i++)
    g_ptr_array_add (self->dedupe_keys, g_strdup (keys[i]));
  g_ptr_array_add (self->dedupe_keys, NULL);

  emit_changed (self, PROP_DEDUPE_KEYS);
}

KhDedupeKeep
kh_mapping_get_dedupe_keep (KhMapping *self)
{
  g_return_val_if_fail (KH_IS_MAPPING (self), KH_DEDUPE_KEEP_FIRST);

  return self->dedupe_keep;
}

void
kh_mapping_set_dedupe_keep (KhMapping    *self,
                            KhDedupeKeep  keep)
{
  g_return_if_fail (KH_IS_MAPPING (self));

  if (self->dedupe_keep != keep)
    {
      self->dedupe_keep = keep;
      emit_changed (self, PROP_DEDUPE_KEEP);
    }
}

/**
 * kh_mapping_get_golden_records:
 *
 * Returns: (transfer none): a #GListModel of #KhGoldenRecord
 */
GListModel *
kh_mapping_get_golden_records (KhMapping *self)
{
  g_return_val_if_fail (KH_IS_MAPPING (self), NULL);

  return G_LIST_MODEL (self->golden);
}

guint
kh_mapping_get_n_golden_records (KhMapping *self)
{
  g_return_val_if_fail (KH_IS_MAPPING (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->golden));
}

/**
 * kh_mapping_get_golden_record:
 *
 * Returns: (transfer none) (nullable): the golden record at @position
 */
KhGoldenRecord *
kh_mapping_get_golden_record (KhMapping *self,
                              guint      position)
{
  g_return_val_if_fail (KH_IS_MAPPING (self), NULL);

  return kh_list_model_peek (G_LIST_MODEL (self->golden), position);
}

/**
 * kh_mapping_add_golden_record:
 *
 * Returns: %FALSE (and adds nothing) if a record of that name exists
 */
gboolean
kh_mapping_add_golden_record (KhMapping      *self,
                              KhGoldenRecord *record)
{
  guint n;

  g_return_val_if_fail (KH_IS_MAPPING (self), FALSE);
  g_return_val_if_fail (KH_IS_GOLDEN_RECORD (record), FALSE);

  n = kh_mapping_get_n_golden_records (self);
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (kh_golden_record_get_name (kh_mapping_get_golden_record (self, i)),
                   kh_golden_record_get_name (record)) == 0)
      return FALSE;

  g_signal_connect_object (record, "changed", G_CALLBACK (on_child_changed_cb), self, 0);
  g_list_store_append (self->golden, record);
  emit_changed (self, PROP_0);

  return TRUE;
}

void
kh_mapping_remove_golden_record (KhMapping *self,
                                 guint      position)
{
  KhGoldenRecord *record;

  g_return_if_fail (KH_IS_MAPPING (self));

  record = kh_mapping_get_golden_record (self, position);
  g_return_if_fail (record != NULL);

  g_signal_handlers_disconnect_by_data (record, self);
  g_list_store_remove (self->golden, position);
  emit_changed (self, PROP_0);
}

/**
 * kh_mapping_get_layout:
 *
 * Layout entries keep how the workbench showed the mapping (sizes,
 * collapsed panes). They never change results and are written apart from
 * the semantics.
 *
 * Returns: (nullable): the value of @key
 */
const char *
kh_mapping_get_layout (KhMapping  *self,
                       const char *key)
{
  g_return_val_if_fail (KH_IS_MAPPING (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return g_hash_table_lookup (self->layout, key);
}

/**
 * kh_mapping_set_layout:
 * @value: (nullable): the value, or %NULL to remove @key
 */
void
kh_mapping_set_layout (KhMapping  *self,
                       const char *key,
                       const char *value)
{
  g_return_if_fail (KH_IS_MAPPING (self));
  g_return_if_fail (key != NULL);

  if (g_strcmp0 (g_hash_table_lookup (self->layout, key), value) == 0)
    return;

  if (value == NULL)
    g_hash_table_remove (self->layout, key);
  else
    g_hash_table_insert (self->layout, g_strdup (key), g_strdup (value));

  if (self->in_bulk == 0)
    g_signal_emit (self, signals[LAYOUT_CHANGED], 0);
}

/**
 * kh_mapping_list_layout_keys:
 *
 * Returns: (transfer full): the layout keys, sorted
 */
char **
kh_mapping_list_layout_keys (KhMapping *self)
{
  GPtrArray *keys;
  GHashTableIter iter;
  gpointer k;

  g_return_val_if_fail (KH_IS_MAPPING (self), NULL);

  keys = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, self->layout);
  while (g_hash_table_iter_next (&iter, &k, NULL))
    g_ptr_array_add (keys, g_strdup (k));
  g_ptr_array_sort (keys, kh_strptr_cmp);
  g_ptr_array_add (keys, NULL);

  return (char **) g_ptr_array_free (keys, FALSE);
}
