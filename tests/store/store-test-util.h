/* store-test-util.h: projects to save, and how to compare them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "kh-mapping-xml.h"
#include "kh-project.h"

static inline KhEntity *
store_test_entity (const char *name,
                   guint       n_fields,
                   guint       seed)
{
  KhEntity *entity = kh_entity_new (name);
  static const KhFieldType types[] = {
    KH_FIELD_TYPE_STRING, KH_FIELD_TYPE_INTEGER, KH_FIELD_TYPE_DECIMAL, KH_FIELD_TYPE_BOOLEAN,
    KH_FIELD_TYPE_DATE, KH_FIELD_TYPE_DATETIME, KH_FIELD_TYPE_TIME,
  };

  kh_entity_set_label (entity, seed % 2 ? "ラベル" : "");
  if (seed % 3)
    kh_entity_set_description (entity, "Line one\nline two\twith a tab");

  for (guint i = 0; i < n_fields; i++)
    {
      g_autofree char *field_name = g_strdup_printf ("F%03u_%s", i, name);
      g_autoptr(KhField) field = kh_field_new (field_name, types[(i + seed) % G_N_ELEMENTS (types)]);

      kh_field_set_required (field, (KhRequired) ((i + seed) % 3));
      kh_field_set_max_length (field, (int) ((i * 7 + seed) % 5) - 1);
      kh_field_set_precision (field, i % 4 == 0 ? KH_FACET_UNKNOWN : 18);
      kh_field_set_scale (field, i % 4 == 0 ? KH_FACET_UNKNOWN : (int) (i % 3));
      kh_field_set_key (field, i == 0);
      if (i % 2)
        kh_field_set_label (field, i % 4 == 1 ? "" : "Label & <more>");
      if (i % 5 == 0)
        kh_field_set_description (field, "");
      if (i % 6 == 0)
        {
          kh_field_add_code (field, "0001", "Sold-to party");
          kh_field_add_code (field, "0002", NULL);
          kh_field_add_code (field, "0002", "duplicate kept");
        }
      if (i % 7 == 0)
        {
          kh_field_set_attribute (field, "sap:display-format", "UpperCase");
          kh_field_set_attribute (field, "odata:Nullable", "");
        }
      kh_entity_add_field (entity, field);
    }

  return entity;
}

static inline KhSchema *
store_test_schema (const char *system,
                   guint       n_entities,
                   guint       n_fields)
{
  KhSchema *schema = kh_schema_new (system);

  kh_schema_set_origin (schema, "API_BUSINESS_PARTNER.edmx");
  for (guint i = 0; i < n_entities; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s_E%u", system, i);
      g_autoptr(KhEntity) entity = store_test_entity (name, n_fields, i);

      kh_schema_add_entity (schema, entity);
    }

  return schema;
}

static inline KhSampleSet *
store_test_samples (guint n_rows,
                    guint n_columns)
{
  g_autoptr(GPtrArray) columns = g_ptr_array_new_with_free_func (g_free);
  KhSampleSet *samples;

  for (guint c = 0; c < n_columns; c++)
    g_ptr_array_add (columns, g_strdup_printf ("COL%u", c));
  g_ptr_array_add (columns, NULL);

  samples = kh_sample_set_new ((const char * const *) columns->pdata);
  kh_sample_set_set_origin (samples, "customers.csv (Shift_JIS), first 200 records");

  for (guint r = 0; r < n_rows; r++)
    {
      g_autoptr(GPtrArray) row = g_ptr_array_new_with_free_func (g_free);

      for (guint c = 0; c < n_columns; c++)
        {
          switch ((r + c) % 6)
            {
            case 0:
              g_ptr_array_add (row, NULL);
              break;
            case 1:
              g_ptr_array_add (row, g_strdup (""));
              break;
            case 2:
              g_ptr_array_add (row, g_strdup_printf ("%010u", r * 31 + c));
              break;
            case 3:
              g_ptr_array_add (row, g_strdup ("山田\u3000太郎 & \"Co\"\t\n"));
              break;
            case 4:
              g_ptr_array_add (row, g_strdup ("   "));
              break;
            default:
              g_ptr_array_add (row, g_strdup_printf ("1.234,%02u", r % 100));
            }
        }
      kh_sample_set_add_row (samples, (const char * const *) row->pdata, row->len);
    }

  return samples;
}

/* A mapping drawn against the first entities of the schemas. */
static inline void
store_test_fill_mapping (KhMapping *mapping,
                         KhSchema  *source,
                         KhSchema  *target)
{
  KhEntity *s = kh_schema_get_entity (source, 0);
  KhEntity *t = kh_schema_get_entity (target, 0);
  g_autoptr(KhCodeList) list = kh_code_list_new ("status");
  guint n = MIN (kh_entity_get_n_fields (s), kh_entity_get_n_fields (t));

  kh_mapping_set_name (mapping, "SAP to CRM");
  kh_mapping_set_source_system (mapping, kh_schema_get_system (source));
  kh_mapping_set_target_system (mapping, kh_schema_get_system (target));
  kh_mapping_set_source_entity (mapping, s);
  kh_mapping_set_target_entity (mapping, t);

  kh_code_list_set_unknown (list, KH_UNKNOWN_CODE_DEFAULT);
  kh_code_list_set_default_value (list, "Prospect");
  kh_code_list_append (list, "A", "Active");
  kh_mapping_add_code_list (mapping, list);

  for (guint i = 0; i < MIN (n, 8); i++)
    {
      g_autoptr(KhRule) rule = kh_rule_new (kh_field_get_name (kh_entity_get_field (t, i)));
      g_autoptr(KhStep) step = kh_step_new ("trim");

      kh_rule_add_source (rule, kh_field_get_name (kh_entity_get_field (s, i)));
      kh_step_set_param (step, "chars", " \t");
      kh_rule_append_step (rule, step);
      kh_rule_set_on_error (rule, (KhOnError) (i % 5));
      if (i % 5 == KH_ON_ERROR_DEFAULT)
        kh_rule_set_default_value (rule, "");
      kh_mapping_add_rule (mapping, rule);
    }

  kh_mapping_set_layout (mapping, "canvas.zoom", "1.5");
}

static inline KhProject *
store_test_project (guint n_rows)
{
  KhProject *project = kh_project_new ();
  g_autoptr(KhSchema) source = store_test_schema ("SAP", 3, 40);
  g_autoptr(KhSchema) target = store_test_schema ("Salesforce", 2, 30);
  g_autoptr(KhSampleSet) samples = store_test_samples (n_rows, 12);

  kh_project_set_source_schema (project, source);
  kh_project_set_target_schema (project, target);
  kh_project_set_samples (project, samples);
  store_test_fill_mapping (kh_project_get_mapping (project), source, target);

  return project;
}

static inline gboolean
store_test_schema_equal (KhSchema *a,
                         KhSchema *b)
{
  guint n;

  if (a == NULL || b == NULL)
    return a == b;

  if (g_strcmp0 (kh_schema_get_system (a), kh_schema_get_system (b)) != 0 ||
      g_strcmp0 (kh_schema_get_origin (a), kh_schema_get_origin (b)) != 0)
    return FALSE;

  n = kh_schema_get_n_entities (a);
  if (n != kh_schema_get_n_entities (b))
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (!kh_entity_equal (kh_schema_get_entity (a, i), kh_schema_get_entity (b, i)))
      return FALSE;

  return TRUE;
}

static inline void
store_test_assert_same (KhProject *a,
                        KhProject *b)
{
  g_assert_true (kh_mapping_equal (kh_project_get_mapping (a), kh_project_get_mapping (b)));
  g_assert_true (store_test_schema_equal (kh_project_get_source_schema (a), kh_project_get_source_schema (b)));
  g_assert_true (store_test_schema_equal (kh_project_get_target_schema (a), kh_project_get_target_schema (b)));
  g_assert_true (kh_sample_set_equal (kh_project_get_samples (a), kh_project_get_samples (b)));
}

static inline char *
store_test_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("kh-store-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static inline void
store_test_rm_rf (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_unlink (path);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      store_test_rm_rf (child);
    }
  g_dir_close (dir);
  g_rmdir (path);
}
