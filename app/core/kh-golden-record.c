/* kh-golden-record.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-golden-record"

#include "config.h"

#include "kh-enums.h"
#include "kh-golden-record.h"
#include "kh-util-private.h"

/* An ordered map of field → nullable value. */
typedef struct
{
  GPtrArray  *fields;   /* of char*, NULL-terminated */
  GHashTable *values;   /* field (borrowed from fields) → value (owned, may be NULL) */
} FieldMap;

struct _KhGoldenRecord
{
  GObject    parent_instance;

  /* Owned */
  char      *name;
  FieldMap   input;
  FieldMap   expected;

  KhOutcome  outcome;
};

G_DEFINE_FINAL_TYPE (KhGoldenRecord, kh_golden_record, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_OUTCOME,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
field_map_init (FieldMap *map)
{
  map->fields = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (map->fields, NULL);
  map->values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
}

static void
field_map_clear (FieldMap *map)
{
  g_clear_pointer (&map->values, g_hash_table_unref);
  g_clear_pointer (&map->fields, g_ptr_array_unref);
}

static gboolean
field_map_set (FieldMap   *map,
               const char *field,
               const char *value)
{
  gpointer key, old;

  if (g_hash_table_lookup_extended (map->values, field, &key, &old))
    {
      if (g_strcmp0 (old, value) == 0)
        return FALSE;
      g_hash_table_insert (map->values, key, g_strdup (value));
      return TRUE;
    }

  key = g_strdup (field);
  g_ptr_array_insert (map->fields, map->fields->len - 1, key);
  g_hash_table_insert (map->values, key, g_strdup (value));
  return TRUE;
}

static gboolean
field_map_get (FieldMap    *map,
               const char  *field,
               const char **value)
{
  gpointer v;

  if (!g_hash_table_lookup_extended (map->values, field, NULL, &v))
    return FALSE;
  if (value != NULL)
    *value = v;
  return TRUE;
}

static gboolean
field_map_equal (FieldMap *a,
                 FieldMap *b)
{
  if (!g_strv_equal ((const char * const *) a->fields->pdata, (const char * const *) b->fields->pdata))
    return FALSE;

  for (guint i = 0; i + 1 < a->fields->len; i++)
    {
      const char *field = g_ptr_array_index (a->fields, i);
      const char *va = NULL, *vb = NULL;

      field_map_get (a, field, &va);
      field_map_get (b, field, &vb);
      if (g_strcmp0 (va, vb) != 0)
        return FALSE;
    }

  return TRUE;
}

static void
kh_golden_record_finalize (GObject *object)
{
  KhGoldenRecord *self = (KhGoldenRecord *) object;

  g_clear_pointer (&self->name, g_free);
  field_map_clear (&self->input);
  field_map_clear (&self->expected);

  G_OBJECT_CLASS (kh_golden_record_parent_class)->finalize (object);
}

static void
kh_golden_record_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  KhGoldenRecord *self = KH_GOLDEN_RECORD (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_OUTCOME:
      g_value_set_enum (value, self->outcome);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_golden_record_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  KhGoldenRecord *self = KH_GOLDEN_RECORD (object);

  switch (prop_id)
    {
    case PROP_NAME:
      kh_golden_record_set_name (self, g_value_get_string (value));
      break;

    case PROP_OUTCOME:
      kh_golden_record_set_outcome (self, g_value_get_enum (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_golden_record_class_init (KhGoldenRecordClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kh_golden_record_finalize;
  object_class->get_property = kh_golden_record_get_property;
  object_class->set_property = kh_golden_record_set_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OUTCOME] =
    g_param_spec_enum ("outcome", NULL, NULL, KH_TYPE_OUTCOME, KH_OUTCOME_WRITTEN,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kh_golden_record_init (KhGoldenRecord *self)
{
  field_map_init (&self->input);
  field_map_init (&self->expected);
  self->outcome = KH_OUTCOME_WRITTEN;
}

KhGoldenRecord *
kh_golden_record_new (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  return g_object_new (KH_TYPE_GOLDEN_RECORD, "name", name, NULL);
}

KhGoldenRecord *
kh_golden_record_copy (KhGoldenRecord *self)
{
  KhGoldenRecord *copy;

  g_return_val_if_fail (KH_IS_GOLDEN_RECORD (self), NULL);

  copy = kh_golden_record_new (self->name);
  copy->outcome = self->outcome;
  for (guint i = 0; i + 1 < self->input.fields->len; i++)
    {
      const char *field = g_ptr_array_index (self->input.fields, i);
      const char *value = NULL;

      field_map_get (&self->input, field, &value);
      field_map_set (&copy->input, field, value);
    }
  for (guint i = 0; i + 1 < self->expected.fields->len; i++)
    {
      const char *field = g_ptr_array_index (self->expected.fields, i);
      const char *value = NULL;

      field_map_get (&self->expected, field, &value);
      field_map_set (&copy->expected, field, value);
    }

  return copy;
}

gboolean
kh_golden_record_equal (KhGoldenRecord *a,
                        KhGoldenRecord *b)
{
  g_return_val_if_fail (KH_IS_GOLDEN_RECORD (a), FALSE);
  g_return_val_if_fail (KH_IS_GOLDEN_RECORD (b), FALSE);

  return g_strcmp0 (a->name, b->name) == 0 &&
         a->outcome == b->outcome &&
         field_map_equal (&a->input, &b->input) &&
         field_map_equal (&a->expected, &b->expected);
}

const char *
kh_golden_record_get_name (KhGoldenRecord *self)
{
  g_return_val_if_fail (KH_IS_GOLDEN_RECORD (self), NULL);

  return self->name;
}

void
kh_golden_record_set_name (KhGoldenRecord *self,
                           const char     *name)
{
  g_return_if_fail (KH_IS_GOLDEN_RECORD (self));
  g_return_if_fail (name != NULL);

  if (kh_set_str (&self->name, name))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
      g_signal_emit (self, signals[CHANGED], 0);
    }
}

/**
 * kh_golden_record_get_outcome:
 *
 * Returns: what must happen to the record: written (then the expected
 *   values are compared), rejected, dropped as a duplicate, or filtered
 */
KhOutcome
kh_golden_record_get_outcome (KhGoldenRecord *self)
{
  g_return_val_if_fail (KH_IS_GOLDEN_RECORD (self), KH_OUTCOME_WRITTEN);

  return self->outcome;
}

void
kh_golden_record_set_outcome (KhGoldenRecord *self,
                              KhOutcome       outcome)
{
  g_return_if_fail (KH_IS_GOLDEN_RECORD (self));

  if (self->outcome != outcome)
    {
      self->outcome = outcome;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTCOME]);
      g_signal_emit (self, signals[CHANGED], 0);
    }
}

/**
 * kh_golden_record_set_input:
 * @field: a source column
 * @value: (nullable): its value; %NULL is a null value
 */
void
kh_golden_record_set_input (KhGoldenRecord *self,
                            const char     *field,
                            const char     *value)
{
  g_return_if_fail (KH_IS_GOLDEN_RECORD (self));
  g_return_if_fail (field != NULL);

  if (field_map_set (&self->input, field, value))
    g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * kh_golden_record_get_input:
 * @value: (out) (optional) (nullable): the value, %NULL for null
 *
 * Returns: %TRUE if the record gives a value for @field
 */
gboolean
kh_golden_record_get_input (KhGoldenRecord  *self,
                            const char      *field,
                            const char     **value)
{
  g_return_val_if_fail (KH_IS_GOLDEN_RECORD (self), FALSE);
  g_return_val_if_fail (field != NULL, FALSE);

  return field_map_get (&self->input, field, value);
}

/**
 * kh_golden_record_get_input_fields:
 *
 * Returns: (array zero-terminated=1): the input fields, in order
 */
const char * const *
kh_golden_record_get_input_fields (KhGoldenRecord *self)
{
  g_return_val_if_fail (KH_IS_GOLDEN_RECORD (self), NULL);

  return (const char * const *) self->input.fields->pdata;
}

void
kh_golden_record_set_expected (KhGoldenRecord *self,
                               const char     *field,
                               const char     *value)
{
  g_return_if_fail (KH_IS_GOLDEN_RECORD (self));
  g_return_if_fail (field != NULL);

  if (field_map_set (&self->expected, field, value))
    g_signal_emit (self, signals[CHANGED], 0);
}

gboolean
kh_golden_record_get_expected (KhGoldenRecord  *self,
                               const char      *field,
                               const char     **value)
{
  g_return_val_if_fail (KH_IS_GOLDEN_RECORD (self), FALSE);
  g_return_val_if_fail (field != NULL, FALSE);

  return field_map_get (&self->expected, field, value);
}

/**
 * kh_golden_record_get_expected_fields:
 *
 * Returns: (array zero-terminated=1): the target fields with an expected
 *   value, in order
 */
const char * const *
kh_golden_record_get_expected_fields (KhGoldenRecord *self)
{
  g_return_val_if_fail (KH_IS_GOLDEN_RECORD (self), NULL);

  return (const char * const *) self->expected.fields->pdata;
}
