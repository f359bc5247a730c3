/* kh-coverage.c: how much of the target contract a mapping covers
 *
 * The figures of the workbench's coverage meter: how many of the target
 * entity's required fields have a rule, out of all required fields, and
 * how many of all its fields do; and the gaps (the fields without a rule,
 * in entity order), which the target panel filters to when the meter is
 * clicked. A snapshot: make a new one when the mapping changes (KhChecker
 * does).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-coverage"

#include "config.h"

#include "kh-coverage.h"

#include <glib/gi18n.h>

struct _KhCoverage
{
  GObject      parent_instance;

  GListStore  *gaps;            /* owned, of KhField */
  GListStore  *required_gaps;   /* owned, of KhField */
  GHashTable  *gap_names;       /* owned: set of field names */
  guint        n_fields;
  guint        n_mapped;
  guint        n_required;
  guint        n_required_mapped;
};

G_DEFINE_FINAL_TYPE (KhCoverage, kh_coverage, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_N_FIELDS,
  PROP_N_MAPPED,
  PROP_N_REQUIRED,
  PROP_N_REQUIRED_MAPPED,
  PROP_FRACTION,
  PROP_REQUIRED_FRACTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kh_coverage_finalize (GObject *object)
{
  KhCoverage *self = KH_COVERAGE (object);

  g_clear_object (&self->gaps);
  g_clear_object (&self->required_gaps);
  g_clear_pointer (&self->gap_names, g_hash_table_unref);

  G_OBJECT_CLASS (kh_coverage_parent_class)->finalize (object);
}

static void
kh_coverage_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  KhCoverage *self = KH_COVERAGE (object);

  switch (prop_id)
    {
    case PROP_N_FIELDS:          g_value_set_uint (value, self->n_fields); break;
    case PROP_N_MAPPED:          g_value_set_uint (value, self->n_mapped); break;
    case PROP_N_REQUIRED:        g_value_set_uint (value, self->n_required); break;
    case PROP_N_REQUIRED_MAPPED: g_value_set_uint (value, self->n_required_mapped); break;
    case PROP_FRACTION:          g_value_set_double (value, kh_coverage_get_fraction (self)); break;
    case PROP_REQUIRED_FRACTION: g_value_set_double (value, kh_coverage_get_required_fraction (self)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_coverage_class_init (KhCoverageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kh_coverage_finalize;
  object_class->get_property = kh_coverage_get_property;

  properties[PROP_N_FIELDS] = g_param_spec_uint ("n-fields", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_N_MAPPED] = g_param_spec_uint ("n-mapped", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_N_REQUIRED] = g_param_spec_uint ("n-required", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_N_REQUIRED_MAPPED] = g_param_spec_uint ("n-required-mapped", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_FRACTION] = g_param_spec_double ("fraction", NULL, NULL, 0, 1, 1, flags);
  properties[PROP_REQUIRED_FRACTION] = g_param_spec_double ("required-fraction", NULL, NULL, 0, 1, 1, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kh_coverage_init (KhCoverage *self)
{
  self->gaps = g_list_store_new (KH_TYPE_FIELD);
  self->required_gaps = g_list_store_new (KH_TYPE_FIELD);
  self->gap_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/**
 * kh_coverage_new:
 * @mapping: a mapping
 * @target_entity: (nullable): the target entity; %NULL takes the
 *   mapping's
 *
 * Counts which fields of the target entity have a rule. A field is
 * required when its metadata says so (%KH_REQUIRED_YES); "unknown" does
 * not count as required.
 *
 * Returns: (transfer full): the coverage (all zeros without a target
 *   entity)
 */
KhCoverage *
kh_coverage_new (KhMapping *mapping,
                 KhEntity  *target_entity)
{
  KhCoverage *self;

  g_return_val_if_fail (KH_IS_MAPPING (mapping), NULL);
  g_return_val_if_fail (target_entity == NULL || KH_IS_ENTITY (target_entity), NULL);

  self = g_object_new (KH_TYPE_COVERAGE, NULL);
  if (target_entity == NULL)
    target_entity = kh_mapping_get_target_entity (mapping);
  if (target_entity == NULL)
    return self;

  self->n_fields = kh_entity_get_n_fields (target_entity);
  for (guint i = 0; i < self->n_fields; i++)
    {
      KhField *field = kh_entity_get_field (target_entity, i);
      gboolean mapped = kh_mapping_lookup_rule (mapping, kh_field_get_name (field)) != NULL;
      gboolean required = kh_field_get_required (field) == KH_REQUIRED_YES;

      if (mapped)
        self->n_mapped++;
      if (required)
        self->n_required++;
      if (required && mapped)
        self->n_required_mapped++;
      if (!mapped)
        {
          g_list_store_append (self->gaps, field);
          g_hash_table_add (self->gap_names, g_strdup (kh_field_get_name (field)));
          if (required)
            g_list_store_append (self->required_gaps, field);
        }
    }

  return self;
}

guint
kh_coverage_get_n_fields (KhCoverage *self)
{
  g_return_val_if_fail (KH_IS_COVERAGE (self), 0);

  return self->n_fields;
}

guint
kh_coverage_get_n_mapped (KhCoverage *self)
{
  g_return_val_if_fail (KH_IS_COVERAGE (self), 0);

  return self->n_mapped;
}

guint
kh_coverage_get_n_required (KhCoverage *self)
{
  g_return_val_if_fail (KH_IS_COVERAGE (self), 0);

  return self->n_required;
}

guint
kh_coverage_get_n_required_mapped (KhCoverage *self)
{
  g_return_val_if_fail (KH_IS_COVERAGE (self), 0);

  return self->n_required_mapped;
}

/**
 * kh_coverage_get_fraction:
 *
 * Returns: mapped fields / all fields, from 0 to 1 (1 without fields)
 */
double
kh_coverage_get_fraction (KhCoverage *self)
{
  g_return_val_if_fail (KH_IS_COVERAGE (self), 0);

  return self->n_fields > 0 ? (double) self->n_mapped / self->n_fields : 1.0;
}

/**
 * kh_coverage_get_required_fraction:
 *
 * Returns: mapped required fields / all required fields, from 0 to 1 (1
 *   without required fields)
 */
double
kh_coverage_get_required_fraction (KhCoverage *self)
{
  g_return_val_if_fail (KH_IS_COVERAGE (self), 0);

  return self->n_required > 0 ? (double) self->n_required_mapped / self->n_required : 1.0;
}

/**
 * kh_coverage_get_gaps:
 *
 * Returns: (transfer none): a #GListModel of the #KhField<!-- -->s without
 *   a rule, in entity order
 */
GListModel *
kh_coverage_get_gaps (KhCoverage *self)
{
  g_return_val_if_fail (KH_IS_COVERAGE (self), NULL);

  return G_LIST_MODEL (self->gaps);
}

/**
 * kh_coverage_get_required_gaps:
 *
 * Returns: (transfer none): a #GListModel of the required #KhField<!-- -->s
 *   without a rule, in entity order
 */
GListModel *
kh_coverage_get_required_gaps (KhCoverage *self)
{
  g_return_val_if_fail (KH_IS_COVERAGE (self), NULL);

  return G_LIST_MODEL (self->required_gaps);
}

/**
 * kh_coverage_is_gap:
 * @field: a target field's name
 *
 * For the target panel's "gaps only" filter.
 *
 * Returns: whether @field is a target field without a rule
 */
gboolean
kh_coverage_is_gap (KhCoverage *self,
                    const char *field)
{
  g_return_val_if_fail (KH_IS_COVERAGE (self), FALSE);
  g_return_val_if_fail (field != NULL, FALSE);

  return g_hash_table_contains (self->gap_names, field);
}

/**
 * kh_coverage_describe:
 *
 * Returns: (transfer full): the meter's text, translated: “Required
 *   fields: 2 of 3 mapped · All fields: 11 of 20”
 */
char *
kh_coverage_describe (KhCoverage *self)
{
  g_return_val_if_fail (KH_IS_COVERAGE (self), NULL);

  /* Translators: the target-contract coverage meter */
  return g_strdup_printf (_("Required fields: %u of %u mapped · All fields: %u of %u"),
                          self->n_required_mapped, self->n_required, self->n_mapped, self->n_fields);
}
