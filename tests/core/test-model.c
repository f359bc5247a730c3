/* test-model.c: schema and mapping objects
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kh-enums.h"
#include "kh-mapping.h"
#include "kh-schema.h"

static void
count_cb (GObject *object,
          guint   *count)
{
  (*count)++;
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *count)
{
  (*count)++;
}

static KhEntity *
make_target_entity (void)
{
  KhEntity *entity = kh_entity_new ("Account");
  const char *names[] = { "AccountNumber", "Name", "BillingCity", "Phone" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(KhField) field = kh_field_new (names[i], KH_FIELD_TYPE_STRING);
      kh_entity_add_field (entity, field);
    }

  return entity;
}

static void
test_field_facets (void)
{
  g_autoptr(KhField) field = kh_field_new ("KUNNR", KH_FIELD_TYPE_STRING);
  g_autoptr(KhField) copy = NULL;
  guint changed = 0;

  /* Unknown is the default, and it is not "none" nor "not required". */
  g_assert_cmpint (kh_field_get_required (field), ==, KH_REQUIRED_UNKNOWN);
  g_assert_false (kh_field_is_required (field));
  g_assert_cmpint (kh_field_get_max_length (field), ==, KH_FACET_UNKNOWN);
  g_assert_cmpint (kh_field_get_precision (field), ==, KH_FACET_UNKNOWN);
  g_assert_cmpint (kh_field_get_scale (field), ==, KH_FACET_UNKNOWN);
  g_assert_cmpstr (kh_field_get_display_label (field), ==, "KUNNR");

  g_signal_connect (field, "changed", G_CALLBACK (count_cb), &changed);

  kh_field_set_max_length (field, KH_LENGTH_NONE);
  g_assert_cmpint (kh_field_get_max_length (field), ==, KH_LENGTH_NONE);
  kh_field_set_max_length (field, 10);
  kh_field_set_required (field, KH_REQUIRED_YES);
  kh_field_set_label (field, "Customer");
  kh_field_set_key (field, TRUE);
  kh_field_add_code (field, "0001", "Sold-to party");
  kh_field_set_attribute (field, "sap:display-format", "UpperCase");
  kh_field_set_attribute (field, "sap:creatable", "false");
  g_assert_cmpuint (changed, ==, 8);

  /* Setting the same value again changes nothing. */
  kh_field_set_max_length (field, 10);
  kh_field_set_label (field, "Customer");
  g_assert_cmpuint (changed, ==, 8);

  g_assert_cmpstr (kh_field_get_display_label (field), ==, "Customer");
  g_assert_cmpstr (kh_code_value_get_label (kh_field_lookup_code (field, "0001")), ==, "Sold-to party");
  g_assert_null (kh_field_lookup_code (field, "0002"));

  {
    g_auto(GStrv) attrs = kh_field_list_attributes (field);
    const char *expected[] = { "sap:creatable", "sap:display-format", NULL };

    g_assert_cmpstrv (attrs, expected);
  }

  copy = kh_field_copy (field);
  g_assert_true (kh_field_equal (field, copy));
  kh_field_set_attribute (copy, "sap:creatable", NULL);
  g_assert_false (kh_field_equal (field, copy));
}

static void
test_entity_lookup (void)
{
  g_autoptr(KhEntity) entity = make_target_entity ();
  g_autoptr(KhField) dup = kh_field_new ("Name", KH_FIELD_TYPE_INTEGER);
  guint changed = 0;

  g_assert_cmpuint (kh_entity_get_n_fields (entity), ==, 4);
  g_assert_cmpint (kh_entity_get_field_index (entity, "BillingCity"), ==, 2);
  g_assert_cmpint (kh_entity_get_field_index (entity, "Nope"), ==, -1);
  g_assert_null (kh_entity_lookup_field (entity, "Nope"));

  /* A second field of the same name is refused. */
  g_assert_false (kh_entity_add_field (entity, dup));
  g_assert_cmpint (kh_field_get_field_type (kh_entity_lookup_field (entity, "Name")), ==, KH_FIELD_TYPE_STRING);

  /* A field's change reaches the entity. */
  g_signal_connect (entity, "changed", G_CALLBACK (count_cb), &changed);
  kh_field_set_max_length (kh_entity_lookup_field (entity, "Phone"), 40);
  g_assert_cmpuint (changed, ==, 1);

  g_assert_true (kh_entity_remove_field (entity, "Name"));
  g_assert_cmpuint (kh_entity_get_n_fields (entity), ==, 3);
  g_assert_cmpint (kh_entity_get_field_index (entity, "Phone"), ==, 2);
}

static void
test_rules_in_target_order (void)
{
  g_autoptr(KhMapping) mapping = kh_mapping_new ();
  g_autoptr(KhEntity) target = make_target_entity ();
  const char *order[] = { "Phone", "Zeta", "AccountNumber", "Alpha", "BillingCity" };

  kh_mapping_set_target_entity (mapping, target);
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      g_autoptr(KhRule) rule = kh_rule_new (order[i]);
      g_assert_true (kh_mapping_add_rule (mapping, rule));
    }

  /* Entity order first; fields the entity lacks last, by name. */
  g_assert_cmpstr (kh_rule_get_target (kh_mapping_get_rule (mapping, 0)), ==, "AccountNumber");
  g_assert_cmpstr (kh_rule_get_target (kh_mapping_get_rule (mapping, 1)), ==, "BillingCity");
  g_assert_cmpstr (kh_rule_get_target (kh_mapping_get_rule (mapping, 2)), ==, "Phone");
  g_assert_cmpstr (kh_rule_get_target (kh_mapping_get_rule (mapping, 3)), ==, "Alpha");
  g_assert_cmpstr (kh_rule_get_target (kh_mapping_get_rule (mapping, 4)), ==, "Zeta");

  /* Retargeting a rule re-sorts. */
  kh_rule_set_target (kh_mapping_lookup_rule (mapping, "Zeta"), "Name");
  g_assert_cmpstr (kh_rule_get_target (kh_mapping_get_rule (mapping, 1)), ==, "Name");

  /* A second rule for one target is refused. */
  {
    g_autoptr(KhRule) dup = kh_rule_new ("Phone");
    g_assert_false (kh_mapping_add_rule (mapping, dup));
  }
  g_assert_cmpuint (kh_mapping_get_n_rules (mapping), ==, 5);
}

static void
test_changed_propagates (void)
{
  g_autoptr(KhMapping) mapping = kh_mapping_new ();
  g_autoptr(KhRule) rule = kh_rule_new ("Name");
  g_autoptr(KhStep) step = kh_step_new ("trim");
  g_autoptr(KhCodeList) list = kh_code_list_new ("status");
  guint changed = 0, layout = 0;

  kh_mapping_add_rule (mapping, rule);
  kh_rule_append_step (rule, step);
  kh_mapping_add_code_list (mapping, list);

  g_signal_connect (mapping, "changed", G_CALLBACK (count_cb), &changed);
  g_signal_connect (mapping, "layout-changed", G_CALLBACK (count_cb), &layout);

  kh_step_set_param (step, "side", "end");           /* step param → rule → mapping */
  g_assert_cmpuint (changed, ==, 1);
  kh_rule_set_on_error (rule, KH_ON_ERROR_DEFAULT);
  g_assert_cmpuint (changed, ==, 2);
  kh_code_list_append (list, "A", "Active");         /* code list entry */
  g_assert_cmpuint (changed, ==, 3);
  kh_code_entry_set_to (kh_code_list_get_entry (list, 0), "Aktiv");
  g_assert_cmpuint (changed, ==, 4);
  g_assert_cmpstr (kh_code_list_lookup (list, "A"), ==, "Aktiv");

  /* Layout is not a semantic change. */
  kh_mapping_set_layout (mapping, "pane.width", "300");
  g_assert_cmpuint (changed, ==, 4);
  g_assert_cmpuint (layout, ==, 1);

  /* A removed step no longer reports. */
  kh_rule_remove_step (rule, 0);
  g_assert_cmpuint (changed, ==, 5);
  kh_step_set_param (step, "side", "start");
  g_assert_cmpuint (changed, ==, 5);
}

static void
test_copy_equal_replace (void)
{
  g_autoptr(KhMapping) mapping = kh_mapping_new ();
  g_autoptr(KhMapping) copy = NULL;
  g_autoptr(KhMapping) other = kh_mapping_new ();
  g_autoptr(KhEntity) target = make_target_entity ();
  g_autoptr(KhRule) rule = kh_rule_new ("Name");
  g_autoptr(KhStep) step = kh_step_new ("parse-date");
  g_autoptr(KhFilter) filter = kh_filter_new ("Name", KH_FILTER_OP_NOT_EMPTY);
  g_autoptr(KhGoldenRecord) golden = kh_golden_record_new ("first");
  const char *patterns[] = { "yyyy/MM/dd", "dd-MM-yyyy", NULL };
  const char *keys[] = { "AccountNumber", NULL };
  const char *sources[] = { "NAME1", "NAME2", NULL };
  GListModel *rules;
  guint items_changed = 0, changed = 0;

  kh_mapping_set_name (mapping, "KNA1 to Account");
  kh_mapping_set_target_entity (mapping, target);
  kh_rule_set_sources (rule, sources);
  kh_step_set_param_values (step, "pattern", patterns);
  kh_rule_append_step (rule, step);
  kh_rule_set_default_value (rule, "n/a");
  kh_mapping_add_rule (mapping, rule);
  kh_mapping_add_filter (mapping, filter);
  kh_mapping_set_dedupe_keys (mapping, keys);
  kh_mapping_set_dedupe_keep (mapping, KH_DEDUPE_KEEP_LAST);
  kh_golden_record_set_input (golden, "NAME1", "Yamada");
  kh_golden_record_set_input (golden, "NAME2", NULL);
  kh_golden_record_set_expected (golden, "Name", "Yamada");
  kh_mapping_add_golden_record (mapping, golden);
  kh_mapping_set_layout (mapping, "k", "v");

  copy = kh_mapping_copy (mapping);
  g_assert_true (kh_mapping_equal (mapping, copy));
  g_assert_true (kh_mapping_get_target_entity (copy) != target);   /* deep */

  {
    const char *value = "x";

    g_assert_true (kh_golden_record_get_input (kh_mapping_get_golden_record (copy, 0), "NAME2", &value));
    g_assert_null (value);
    g_assert_false (kh_golden_record_get_input (kh_mapping_get_golden_record (copy, 0), "NAME3", NULL));
  }

  kh_step_set_param (kh_rule_get_step (kh_mapping_lookup_rule (copy, "Name"), 0), "as", "datetime");
  g_assert_false (kh_mapping_equal (mapping, copy));

  /* replace_contents keeps identity and emits one change. */
  rules = kh_mapping_get_rules (other);
  g_signal_connect (rules, "items-changed", G_CALLBACK (items_changed_cb), &items_changed);
  g_signal_connect (other, "changed", G_CALLBACK (count_cb), &changed);
  kh_mapping_replace_contents (other, mapping);
  g_assert_true (kh_mapping_equal (other, mapping));
  g_assert_true (kh_mapping_get_rules (other) == rules);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpuint (items_changed, >=, 1);

  /* And the copy's children report changes to it. */
  kh_rule_set_note (kh_mapping_get_rule (other, 0), "checked with sales");
  g_assert_cmpuint (changed, ==, 2);
}

static void
test_finalizes (void)
{
  KhMapping *mapping = kh_mapping_new ();
  KhRule *rule = kh_rule_new ("Name");
  KhStep *step = kh_step_new ("trim");
  KhEntity *entity = make_target_entity ();

  kh_rule_append_step (rule, step);
  kh_mapping_add_rule (mapping, rule);
  kh_mapping_set_target_entity (mapping, entity);
  g_object_unref (step);
  g_object_unref (rule);
  g_object_unref (entity);

  g_assert_finalize_object (mapping);
}

static void
test_enum_nicks (void)
{
  KhFieldType type;
  KhOnError policy;
  KhFilterOp op;

  g_assert_cmpstr (kh_field_type_to_string (KH_FIELD_TYPE_DATETIME), ==, "datetime");
  g_assert_true (kh_field_type_from_string ("decimal", &type));
  g_assert_cmpint (type, ==, KH_FIELD_TYPE_DECIMAL);
  g_assert_false (kh_field_type_from_string ("float", &type));
  g_assert_cmpstr (kh_on_error_to_string (KH_ON_ERROR_KEEP), ==, "keep");
  g_assert_true (kh_on_error_from_string ("abort", &policy));
  g_assert_cmpint (policy, ==, KH_ON_ERROR_ABORT);
  g_assert_cmpstr (kh_filter_op_to_string (KH_FILTER_OP_NOT_ONE_OF), ==, "not-one-of");
  g_assert_true (kh_filter_op_from_string ("matches", &op));
  g_assert_cmpint (op, ==, KH_FILTER_OP_MATCHES);
  g_assert_cmpstr (kh_unknown_code_to_string (KH_UNKNOWN_CODE_DEFAULT), ==, "default");
  g_assert_cmpstr (kh_dedupe_keep_to_string (KH_DEDUPE_KEEP_LAST), ==, "last");
  g_assert_cmpstr (kh_outcome_to_string (KH_OUTCOME_DUPLICATE), ==, "duplicate");
  g_assert_cmpstr (kh_cell_status_to_string (KH_CELL_STATUS_DEFAULTED), ==, "defaulted");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/model/field-facets", test_field_facets);
  g_test_add_func ("/core/model/entity-lookup", test_entity_lookup);
  g_test_add_func ("/core/model/rules-in-target-order", test_rules_in_target_order);
  g_test_add_func ("/core/model/changed-propagates", test_changed_propagates);
  g_test_add_func ("/core/model/copy-equal-replace", test_copy_equal_replace);
  g_test_add_func ("/core/model/finalizes", test_finalizes);
  g_test_add_func ("/core/model/enum-nicks", test_enum_nicks);

  return g_test_run ();
}
