/* kh-code-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-code-list"

#include "config.h"

#include "kh-code-list.h"
#include "kh-enums.h"
#include "kh-util-private.h"

/* ---- KhCodeEntry ------------------------------------------------------- */

struct _KhCodeEntry
{
  GObject  parent_instance;

  /* Owned */
  char    *from;
  char    *to;
};

G_DEFINE_FINAL_TYPE (KhCodeEntry, kh_code_entry, G_TYPE_OBJECT)

enum {
  ENTRY_PROP_0,
  ENTRY_PROP_FROM,
  ENTRY_PROP_TO,
  N_ENTRY_PROPS
};

static GParamSpec *entry_properties[N_ENTRY_PROPS];

static void
kh_code_entry_finalize (GObject *object)
{
  KhCodeEntry *self = (KhCodeEntry *) object;

  g_clear_pointer (&self->from, g_free);
  g_clear_pointer (&self->to, g_free);

  G_OBJECT_CLASS (kh_code_entry_parent_class)->finalize (object);
}

static void
kh_code_entry_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  KhCodeEntry *self = KH_CODE_ENTRY (object);

  switch (prop_id)
    {
    case ENTRY_PROP_FROM:
      g_value_set_string (value, self->from);
      break;

    case ENTRY_PROP_TO:
      g_value_set_string (value, self->to);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_code_entry_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  KhCodeEntry *self = KH_CODE_ENTRY (object);

  switch (prop_id)
    {
    case ENTRY_PROP_FROM:
      kh_code_entry_set_from (self, g_value_get_string (value));
      break;

    case ENTRY_PROP_TO:
      kh_code_entry_set_to (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_code_entry_class_init (KhCodeEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kh_code_entry_finalize;
  object_class->get_property = kh_code_entry_get_property;
  object_class->set_property = kh_code_entry_set_property;

  entry_properties[ENTRY_PROP_FROM] =
    g_param_spec_string ("from", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  entry_properties[ENTRY_PROP_TO] =
    g_param_spec_string ("to", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_ENTRY_PROPS, entry_properties);
}

static void
kh_code_entry_init (KhCodeEntry *self)
{
  self->from = g_strdup ("");
  self->to = g_strdup ("");
}

KhCodeEntry *
kh_code_entry_new (const char *from,
                   const char *to)
{
  g_return_val_if_fail (from != NULL, NULL);
  g_return_val_if_fail (to != NULL, NULL);

  return g_object_new (KH_TYPE_CODE_ENTRY, "from", from, "to", to, NULL);
}

const char *
kh_code_entry_get_from (KhCodeEntry *self)
{
  g_return_val_if_fail (KH_IS_CODE_ENTRY (self), NULL);

  return self->from;
}

void
kh_code_entry_set_from (KhCodeEntry *self,
                        const char  *from)
{
  g_return_if_fail (KH_IS_CODE_ENTRY (self));
  g_return_if_fail (from != NULL);

  if (kh_set_str (&self->from, from))
    g_object_notify_by_pspec (G_OBJECT (self), entry_properties[ENTRY_PROP_FROM]);
}

const char *
kh_code_entry_get_to (KhCodeEntry *self)
{
  g_return_val_if_fail (KH_IS_CODE_ENTRY (self), NULL);

  return self->to;
}

void
kh_code_entry_set_to (KhCodeEntry *self,
                      const char  *to)
{
  g_return_if_fail (KH_IS_CODE_ENTRY (self));
  g_return_if_fail (to != NULL);

  if (kh_set_str (&self->to, to))
    g_object_notify_by_pspec (G_OBJECT (self), entry_properties[ENTRY_PROP_TO]);
}

/* ---- KhCodeList -------------------------------------------------------- */

struct _KhCodeList
{
  GObject        parent_instance;

  /* Owned */
  char          *name;
  char          *default_value;
  GListStore    *entries;      /* of KhCodeEntry, in the analyst's order */
  GHashTable    *index;        /* from → to (borrowed); NULL when stale */

  KhUnknownCode  unknown;
};

G_DEFINE_FINAL_TYPE (KhCodeList, kh_code_list, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_DEFAULT_VALUE,
  PROP_UNKNOWN,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
emit_changed (KhCodeList *self,
              guint       prop_id)
{
  g_clear_pointer (&self->index, g_hash_table_unref);
  if (prop_id != PROP_0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_entry_notify_cb (KhCodeEntry *entry,
                    GParamSpec  *pspec,
                    KhCodeList  *self)
{
  emit_changed (self, PROP_0);
}

static void
disconnect_all (KhCodeList *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->entries));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KhCodeEntry) entry = g_list_model_get_item (G_LIST_MODEL (self->entries), i);
      g_signal_handlers_disconnect_by_data (entry, self);
    }
}

static void
kh_code_list_dispose (GObject *object)
{
  KhCodeList *self = (KhCodeList *) object;

  if (self->entries != NULL)
    disconnect_all (self);
  g_clear_pointer (&self->index, g_hash_table_unref);
  g_clear_object (&self->entries);

  G_OBJECT_CLASS (kh_code_list_parent_class)->dispose (object);
}

static void
kh_code_list_finalize (GObject *object)
{
  KhCodeList *self = (KhCodeList *) object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->default_value, g_free);

  G_OBJECT_CLASS (kh_code_list_parent_class)->finalize (object);
}

static void
kh_code_list_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  KhCodeList *self = KH_CODE_LIST (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_DEFAULT_VALUE:
      g_value_set_string (value, self->default_value);
      break;

    case PROP_UNKNOWN:
      g_value_set_enum (value, self->unknown);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_code_list_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  KhCodeList *self = KH_CODE_LIST (object);

  switch (prop_id)
    {
    case PROP_NAME:
      kh_code_list_set_name (self, g_value_get_string (value));
      break;

    case PROP_DEFAULT_VALUE:
      kh_code_list_set_default_value (self, g_value_get_string (value));
      break;

    case PROP_UNKNOWN:
      kh_code_list_set_unknown (self, g_value_get_enum (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_code_list_class_init (KhCodeListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kh_code_list_dispose;
  object_class->finalize = kh_code_list_finalize;
  object_class->get_property = kh_code_list_get_property;
  object_class->set_property = kh_code_list_set_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DEFAULT_VALUE] =
    g_param_spec_string ("default-value", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNKNOWN] =
    g_param_spec_enum ("unknown", NULL, NULL, KH_TYPE_UNKNOWN_CODE, KH_UNKNOWN_CODE_ERROR,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KhCodeList::changed:
   *
   * Emitted after the list's settings or any entry changed.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kh_code_list_init (KhCodeList *self)
{
  self->entries = g_list_store_new (KH_TYPE_CODE_ENTRY);
  self->unknown = KH_UNKNOWN_CODE_ERROR;
}

KhCodeList *
kh_code_list_new (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  return g_object_new (KH_TYPE_CODE_LIST, "name", name, NULL);
}

KhCodeList *
kh_code_list_copy (KhCodeList *self)
{
  KhCodeList *copy;
  guint n;

  g_return_val_if_fail (KH_IS_CODE_LIST (self), NULL);

  copy = kh_code_list_new (self->name);
  copy->default_value = g_strdup (self->default_value);
  copy->unknown = self->unknown;

  n = kh_code_list_get_n_entries (self);
  for (guint i = 0; i < n; i++)
    {
      KhCodeEntry *entry = kh_code_list_get_entry (self, i);
      kh_code_list_append (copy, kh_code_entry_get_from (entry), kh_code_entry_get_to (entry));
    }

  return copy;
}

gboolean
kh_code_list_equal (KhCodeList *a,
                    KhCodeList *b)
{
  guint n;

  g_return_val_if_fail (KH_IS_CODE_LIST (a), FALSE);
  g_return_val_if_fail (KH_IS_CODE_LIST (b), FALSE);

  if (g_strcmp0 (a->name, b->name) != 0 ||
      g_strcmp0 (a->default_value, b->default_value) != 0 ||
      a->unknown != b->unknown)
    return FALSE;

  n = kh_code_list_get_n_entries (a);
  if (n != kh_code_list_get_n_entries (b))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      KhCodeEntry *ea = kh_code_list_get_entry (a, i);
      KhCodeEntry *eb = kh_code_list_get_entry (b, i);

      if (g_strcmp0 (ea->from, eb->from) != 0 || g_strcmp0 (ea->to, eb->to) != 0)
        return FALSE;
    }

  return TRUE;
}

const char *
kh_code_list_get_name (KhCodeList *self)
{
  g_return_val_if_fail (KH_IS_CODE_LIST (self), NULL);

  return self->name;
}

void
kh_code_list_set_name (KhCodeList *self,
                       const char *name)
{
  g_return_if_fail (KH_IS_CODE_LIST (self));
  g_return_if_fail (name != NULL);

  if (kh_set_str (&self->name, name))
    emit_changed (self, PROP_NAME);
}

/**
 * kh_code_list_get_default_value:
 *
 * Returns: (nullable): the value used for unknown codes when the policy is
 *   %KH_UNKNOWN_CODE_DEFAULT
 */
const char *
kh_code_list_get_default_value (KhCodeList *self)
{
  g_return_val_if_fail (KH_IS_CODE_LIST (self), NULL);

  return self->default_value;
}

void
kh_code_list_set_default_value (KhCodeList *self,
                                const char *value)
{
  g_return_if_fail (KH_IS_CODE_LIST (self));

  if (kh_set_str (&self->default_value, value))
    emit_changed (self, PROP_DEFAULT_VALUE);
}

KhUnknownCode
kh_code_list_get_unknown (KhCodeList *self)
{
  g_return_val_if_fail (KH_IS_CODE_LIST (self), KH_UNKNOWN_CODE_ERROR);

  return self->unknown;
}

void
kh_code_list_set_unknown (KhCodeList    *self,
                          KhUnknownCode  policy)
{
  g_return_if_fail (KH_IS_CODE_LIST (self));

  if (self->unknown != policy)
    {
      self->unknown = policy;
      emit_changed (self, PROP_UNKNOWN);
    }
}

/**
 * kh_code_list_get_entries:
 *
 * Returns: (transfer none): a #GListModel of #KhCodeEntry
 */
GListModel *
kh_code_list_get_entries (KhCodeList *self)
{
  g_return_val_if_fail (KH_IS_CODE_LIST (self), NULL);

  return G_LIST_MODEL (self->entries);
}

guint
kh_code_list_get_n_entries (KhCodeList *self)
{
  g_return_val_if_fail (KH_IS_CODE_LIST (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->entries));
}

/**
 * kh_code_list_get_entry:
 *
 * Returns: (transfer none) (nullable): the entry at @position
 */
KhCodeEntry *
kh_code_list_get_entry (KhCodeList *self,
                        guint       position)
{
  g_return_val_if_fail (KH_IS_CODE_LIST (self), NULL);

  return kh_list_model_peek (G_LIST_MODEL (self->entries), position);
}

void
kh_code_list_insert (KhCodeList  *self,
                     guint        position,
                     KhCodeEntry *entry)
{
  g_return_if_fail (KH_IS_CODE_LIST (self));
  g_return_if_fail (KH_IS_CODE_ENTRY (entry));
  g_return_if_fail (position <= kh_code_list_get_n_entries (self));

  g_signal_connect_object (entry, "notify", G_CALLBACK (on_entry_notify_cb), self, 0);
  g_list_store_insert (self->entries, position, entry);
  emit_changed (self, PROP_0);
}

void
kh_code_list_append (KhCodeList *self,
                     const char *from,
                     const char *to)
{
  g_autoptr(KhCodeEntry) entry = NULL;

  g_return_if_fail (KH_IS_CODE_LIST (self));

  entry = kh_code_entry_new (from, to);
  kh_code_list_insert (self, kh_code_list_get_n_entries (self), entry);
}

void
kh_code_list_remove (KhCodeList *self,
                     guint       position)
{
  KhCodeEntry *entry;

  g_return_if_fail (KH_IS_CODE_LIST (self));

  entry = kh_code_list_get_entry (self, position);
  g_return_if_fail (entry != NULL);

  g_signal_handlers_disconnect_by_data (entry, self);
  g_list_store_remove (self->entries, position);
  emit_changed (self, PROP_0);
}

void
kh_code_list_remove_all (KhCodeList *self)
{
  g_return_if_fail (KH_IS_CODE_LIST (self));

  if (kh_code_list_get_n_entries (self) == 0)
    return;

  disconnect_all (self);
  g_list_store_remove_all (self->entries);
  emit_changed (self, PROP_0);
}

/**
 * kh_code_list_lookup:
 *
 * Looks @from up exactly. The unknown-value policy is the engine's
 * business; this returns %NULL for a code the list does not have.
 *
 * Returns: (nullable): the mapped value
 */
const char *
kh_code_list_lookup (KhCodeList *self,
                     const char *from)
{
  g_return_val_if_fail (KH_IS_CODE_LIST (self), NULL);
  g_return_val_if_fail (from != NULL, NULL);

  if (self->index == NULL)
    {
      guint n = kh_code_list_get_n_entries (self);

      self->index = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; i < n; i++)
        {
          KhCodeEntry *entry = kh_code_list_get_entry (self, i);

          /* The first entry wins; duplicates are reported by the loader. */
          if (!g_hash_table_contains (self->index, entry->from))
            g_hash_table_insert (self->index, entry->from, entry->to);
        }
    }

  return g_hash_table_lookup (self->index, from);
}

/**
 * kh_code_list_find_duplicate:
 *
 * Returns: (transfer full) (nullable): the first code that appears twice
 */
char *
kh_code_list_find_duplicate (KhCodeList *self)
{
  g_autoptr(GHashTable) seen = NULL;
  guint n;

  g_return_val_if_fail (KH_IS_CODE_LIST (self), NULL);

  seen = g_hash_table_new (g_str_hash, g_str_equal);
  n = kh_code_list_get_n_entries (self);
  for (guint i = 0; i < n; i++)
    {
      KhCodeEntry *entry = kh_code_list_get_entry (self, i);

      if (!g_hash_table_add (seen, entry->from))
        return g_strdup (entry->from);
    }

  return NULL;
}
