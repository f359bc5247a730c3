/* test-format-roundtrip.c: the canonical writer and the loader, together
 *
 * Every mapping built here goes through save → load → save → load → save:
 * the texts must be byte-identical, the mappings kh_mapping_equal(), and
 * the text valid against the shipped XSD (libxml2 and xmllint).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "format-test-util.h"
#include "kh-catalogue.h"
#include "kh-error.h"
#include "kh-mapping-check.h"
#include "kh-mapping-xml.h"

/* Text that must survive: spaces only, tabs, newlines, CR, markup
 * characters, the CDATA end, non-ASCII, and things that look like
 * references. */
static const char * const hostile[] = {
  " ", "   ", "\t", "\n", "\r", "\r\n", " lead", "trail ", "&<>\"'", "]]>",
  "日本語の値", "\xF0\x9F\x98\x80 emoji", "a\tb\nc\rd", "&amp;", "&#1;", "x  \n  y",
  "\xC2\xA0nbsp", "\xE3\x80\x80ideographic space",
};

static void
assert_round_trip (KhMapping          *mapping,
                   KhMappingLoadFlags  flags)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) xml1 = NULL;
  g_autoptr(GBytes) xml2 = NULL;
  g_autoptr(GBytes) xml3 = NULL;
  g_autoptr(KhMapping) copy1 = NULL;
  g_autoptr(KhMapping) copy2 = NULL;
  g_autoptr(GPtrArray) problems = NULL;

  xml1 = kh_mapping_to_xml (mapping, &error);
  g_assert_no_error (error);
  g_assert_nonnull (xml1);

  format_test_assert_schema_valid (xml1);
  format_test_assert_xmllint_valid (xml1);

  copy1 = kh_mapping_load_bytes (xml1, "round-trip.xml", flags, &problems, &error);
  g_assert_no_error (error);
  g_assert_nonnull (copy1);
  if (!(flags & KH_MAPPING_LOAD_KEEP_INVALID))
    g_assert_false (kh_problems_have_errors (problems));
  g_assert_true (kh_mapping_equal (mapping, copy1));

  xml2 = kh_mapping_to_xml (copy1, &error);
  g_assert_no_error (error);
  if (!g_bytes_equal (xml1, xml2))
    g_error ("save → load → save changed the text:\n%s\n----\n%s",
             (const char *) g_bytes_get_data (xml1, NULL), (const char *) g_bytes_get_data (xml2, NULL));

  copy2 = kh_mapping_load_bytes (xml2, "round-trip.xml", flags, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (kh_mapping_equal (copy1, copy2));
  xml3 = kh_mapping_to_xml (copy2, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (xml2, xml3));
}

/* ---- Every step of the catalogue -------------------------------------- */

static void
param_values (const KhParamInfo *param,
              guint              index,
              GPtrArray         *values)
{
  gboolean two = (param->flags & KH_PARAM_FLAG_REPEATABLE) != 0;

  switch (param->type)
    {
    case KH_PARAM_TEXT:
      /* Text that is a number to the step. */
      if (strcmp (param->name, "min") == 0 || strcmp (param->name, "max") == 0)
        {
          g_ptr_array_add (values, g_strdup (param->name[1] == 'i' ? "-12.5" : "100"));
          break;
        }
      /* One character, distinct per parameter, so that the steps' own
       * rules (distinct separators, true and false values) hold. */
      g_ptr_array_add (values, g_strdup_printf ("%c", "/|;:#~^"[index % 7]));
      if (two)
        g_ptr_array_add (values, g_strdup_printf ("\t%u", index));
      break;
    case KH_PARAM_INTEGER:
      g_ptr_array_add (values, g_strdup_printf ("%" G_GINT64_FORMAT, CLAMP (2, param->min, param->max)));
      if (two)
        g_ptr_array_add (values, g_strdup_printf ("%" G_GINT64_FORMAT, param->max));
      break;
    case KH_PARAM_DECIMAL:
      g_ptr_array_add (values, g_strdup ("-12.50"));
      break;
    case KH_PARAM_BOOLEAN:
      g_ptr_array_add (values, g_strdup ("false"));
      break;
    case KH_PARAM_ENUM:
      /* Not the default, where there is a choice, but never a type the
       * date patterns below cannot give. */
      if (strcmp (param->name, "as") == 0)
        g_ptr_array_add (values, g_strdup (param->choices[0]));
      else
        g_ptr_array_add (values, g_strdup (param->choices[g_strv_length ((char **) param->choices) - 1]));
      break;
    case KH_PARAM_DATE_PATTERN:
      g_ptr_array_add (values, g_strdup ("yyyy/MM/dd"));
      if (two)
        g_ptr_array_add (values, g_strdup ("dd-MM-yyyy'T'HH:mm"));
      break;
    case KH_PARAM_REGEX:
      g_ptr_array_add (values, g_strdup ("^(\\w+), (\\w+)$"));
      break;
    case KH_PARAM_CODE_LIST:
      g_ptr_array_add (values, g_strdup ("status"));
      break;
    case KH_PARAM_TIME_ZONE:
      g_ptr_array_add (values, g_strdup ("+09:00"));
      break;
    case KH_PARAM_CHAR:
      g_ptr_array_add (values, g_strdup (","));
      break;
    default:
      g_assert_not_reached ();
    }
  g_ptr_array_add (values, NULL);
}

static KhMapping *
build_every_step_mapping (void)
{
  KhMapping *mapping = kh_mapping_new ();
  g_autoptr(KhEntity) source = kh_entity_new ("KNA1");
  g_autoptr(KhEntity) target = kh_entity_new ("Account");
  g_autoptr(KhCodeList) list = kh_code_list_new ("status");
  const KhStepInfo *steps;
  guint n_steps;
  static const KhOnError policies[] = {
    KH_ON_ERROR_REJECT, KH_ON_ERROR_DEFAULT, KH_ON_ERROR_NULL, KH_ON_ERROR_KEEP, KH_ON_ERROR_ABORT,
  };

  kh_mapping_set_name (mapping, "Every step");
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *name = g_strdup_printf ("S%u", i + 1);
      g_autoptr(KhField) field = kh_field_new (name, KH_FIELD_TYPE_STRING);
      kh_entity_add_field (source, field);
    }
  kh_mapping_set_source_entity (mapping, source);

  steps = kh_catalogue_get_steps (&n_steps);
  for (guint i = 0; i < n_steps; i++)
    {
      g_autofree char *name = g_strdup_printf ("T-%s", steps[i].id);
      g_autoptr(KhField) field = kh_field_new (name, KH_FIELD_TYPE_STRING);
      kh_entity_add_field (target, field);
    }
  kh_mapping_set_target_entity (mapping, target);

  kh_code_list_set_unknown (list, KH_UNKNOWN_CODE_KEEP);
  kh_code_list_append (list, "A", "Active");
  kh_mapping_add_code_list (mapping, list);

  for (guint i = 0; i < n_steps; i++)
    {
      const KhStepInfo *info = &steps[i];
      g_autofree char *target_name = g_strdup_printf ("T-%s", info->id);
      g_autoptr(KhRule) rule = kh_rule_new (target_name);
      g_autoptr(KhStep) step = kh_step_new (info->id);
      KhOnError policy = policies[i % G_N_ELEMENTS (policies)];

      if (info->input == KH_STEP_INPUT_ONE)
        kh_rule_add_source (rule, "S1");
      else if (info->input == KH_STEP_INPUT_MANY)
        {
          kh_rule_add_source (rule, "S1");
          kh_rule_add_source (rule, "S2");
        }

      /* Every parameter given, repeatable ones twice. */
      for (guint j = 0; j < info->n_params; j++)
        {
          g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);

          param_values (&info->params[j], j, values);
          kh_step_set_param_values (step, info->params[j].name, (const char * const *) values->pdata);
        }
      kh_rule_append_step (rule, step);

      /* A second, parameterless step on one-value chains. */
      if (info->input != KH_STEP_INPUT_NONE && i % 3 == 0)
        {
          g_autoptr(KhStep) trim = kh_step_new ("trim");
          kh_rule_append_step (rule, trim);
        }

      kh_rule_set_on_error (rule, policy);
      if (policy == KH_ON_ERROR_DEFAULT)
        kh_rule_set_default_value (rule, i % 2 == 0 ? "" : "n/a");
      if (i % 4 == 1)
        kh_rule_set_note (rule, "Checked with the SAP team.\nSecond line & <markup>.");

      g_assert_true (kh_mapping_add_rule (mapping, rule));
    }

  return mapping;
}

static void
test_every_step (void)
{
  g_autoptr(KhMapping) mapping = build_every_step_mapping ();
  g_autoptr(GPtrArray) problems = kh_mapping_check (mapping);
  g_autoptr(GBytes) xml = NULL;
  g_autoptr(GError) error = NULL;
  const KhStepInfo *steps;
  guint n_steps;
  const char *text;

  for (guint i = 0; i < problems->len; i++)
    if (kh_problem_get_severity (problems->pdata[i]) == KH_PROBLEM_ERROR)
      g_error ("unexpected problem: %s", kh_problem_get_message (problems->pdata[i]));

  assert_round_trip (mapping, KH_MAPPING_LOAD_DEFAULT);

  /* Each step and each of its parameters is in the text. */
  xml = kh_mapping_to_xml (mapping, &error);
  g_assert_no_error (error);
  text = g_bytes_get_data (xml, NULL);
  steps = kh_catalogue_get_steps (&n_steps);
  for (guint i = 0; i < n_steps; i++)
    {
      g_autofree char *needle = g_strdup_printf ("<step id=\"%s\"", steps[i].id);

      g_assert_nonnull (strstr (text, needle));
      for (guint j = 0; j < steps[i].n_params; j++)
        {
          g_autofree char *param = g_strdup_printf ("<param name=\"%s\"", steps[i].params[j].name);
          g_assert_nonnull (strstr (text, param));
        }
    }

  /* Repeated parameters are repeated elements, in order. */
  g_assert_nonnull (strstr (text,
                            "        <param name=\"pattern\" value=\"yyyy/MM/dd\"/>\n"
                            "        <param name=\"pattern\" value=\"dd-MM-yyyy'T'HH:mm\"/>\n"));
  /* Tabs in attributes are character references. */
  g_assert_nonnull (strstr (text, "value=\"&#9;1\""));
}

/* ---- Every facet ------------------------------------------------------ */

static KhEntity *
build_facet_entity (const char *name)
{
  KhEntity *entity = kh_entity_new (name);
  static const KhFieldType types[] = {
    KH_FIELD_TYPE_STRING, KH_FIELD_TYPE_INTEGER, KH_FIELD_TYPE_DECIMAL, KH_FIELD_TYPE_BOOLEAN,
    KH_FIELD_TYPE_DATE, KH_FIELD_TYPE_DATETIME, KH_FIELD_TYPE_TIME,
  };
  static const KhRequired required[] = { KH_REQUIRED_UNKNOWN, KH_REQUIRED_NO, KH_REQUIRED_YES };
  static const int lengths[] = { KH_FACET_UNKNOWN, KH_LENGTH_NONE, 1, 10, G_MAXINT };
  static const int digits[] = { KH_FACET_UNKNOWN, 0, 2, 18 };
  static const char * const labels[] = { NULL, "", "Customer", "顧客番号" };
  static const char * const descriptions[] = { NULL, "", "One line.", "Two\nlines\twith a tab and a\rCR" };

  kh_entity_set_label (entity, "Customer master");
  kh_entity_set_description (entity, "General data in customer master\n(table KNA1).");

  for (guint i = 0; i < 42; i++)
    {
      g_autofree char *field_name = g_strdup_printf ("F%02u", i);
      g_autoptr(KhField) field = kh_field_new (field_name, types[i % G_N_ELEMENTS (types)]);

      kh_field_set_required (field, required[i % G_N_ELEMENTS (required)]);
      kh_field_set_max_length (field, lengths[i % G_N_ELEMENTS (lengths)]);
      /* Scale never above precision, or the check complains. */
      kh_field_set_precision (field, digits[(i / 2) % G_N_ELEMENTS (digits)] == KH_FACET_UNKNOWN
                                     ? KH_FACET_UNKNOWN : 18);
      kh_field_set_scale (field, digits[i % G_N_ELEMENTS (digits)]);
      kh_field_set_key (field, i % 5 == 0);
      kh_field_set_label (field, labels[i % G_N_ELEMENTS (labels)]);
      kh_field_set_description (field, descriptions[i % G_N_ELEMENTS (descriptions)]);
      if (i % 6 == 0)
        {
          kh_field_add_code (field, "0001", "Sold-to party");
          kh_field_add_code (field, "0002", NULL);
          kh_field_add_code (field, " ", "");
          kh_field_add_code (field, "&<>", hostile[i % G_N_ELEMENTS (hostile)]);
        }
      if (i % 7 == 0)
        {
          kh_field_set_attribute (field, "sap:display-format", "UpperCase");
          kh_field_set_attribute (field, "odata:Nullable", "false");
          kh_field_set_attribute (field, "x:hostile", hostile[i % G_N_ELEMENTS (hostile)]);
        }
      kh_entity_add_field (entity, field);
    }

  /* Names as systems spell them. */
  {
    g_autoptr(KhField) slash = kh_field_new ("/BIC/ZREGION", KH_FIELD_TYPE_STRING);
    g_autoptr(KhField) dotted = kh_field_new ("Address.City", KH_FIELD_TYPE_STRING);
    g_autoptr(KhField) spaced = kh_field_new (" a & b <c> \"d\"\t", KH_FIELD_TYPE_STRING);

    kh_entity_add_field (entity, slash);
    kh_entity_add_field (entity, dotted);
    kh_entity_add_field (entity, spaced);
  }

  return entity;
}

static void
test_every_facet (void)
{
  g_autoptr(KhMapping) mapping = kh_mapping_new ();
  g_autoptr(KhEntity) source = build_facet_entity ("KNA1");
  g_autoptr(KhEntity) target = build_facet_entity ("Account");
  g_autoptr(KhField) probe = NULL;

  kh_mapping_set_source_system (mapping, "SAP S/4HANA");
  kh_mapping_set_target_system (mapping, "Salesforce");
  kh_mapping_set_source_entity (mapping, source);
  kh_mapping_set_target_entity (mapping, target);

  assert_round_trip (mapping, KH_MAPPING_LOAD_DEFAULT);

  /* Unknown, none and explicit stay apart after a round trip. */
  {
    g_autoptr(GBytes) xml = kh_mapping_to_xml (mapping, NULL);
    g_autoptr(KhMapping) copy = kh_mapping_load_bytes (xml, NULL, KH_MAPPING_LOAD_DEFAULT, NULL, NULL);
    KhEntity *entity = kh_mapping_get_source_entity (copy);

    g_assert_cmpint (kh_field_get_max_length (kh_entity_lookup_field (entity, "F00")), ==, KH_FACET_UNKNOWN);
    g_assert_cmpint (kh_field_get_max_length (kh_entity_lookup_field (entity, "F01")), ==, KH_LENGTH_NONE);
    g_assert_cmpint (kh_field_get_max_length (kh_entity_lookup_field (entity, "F04")), ==, G_MAXINT);
    g_assert_cmpint (kh_field_get_required (kh_entity_lookup_field (entity, "F00")), ==, KH_REQUIRED_UNKNOWN);
    g_assert_cmpint (kh_field_get_required (kh_entity_lookup_field (entity, "F01")), ==, KH_REQUIRED_NO);
    g_assert_cmpint (kh_field_get_required (kh_entity_lookup_field (entity, "F02")), ==, KH_REQUIRED_YES);
    g_assert_cmpint (kh_field_get_scale (kh_entity_lookup_field (entity, "F01")), ==, 0);
    g_assert_cmpint (kh_field_get_scale (kh_entity_lookup_field (entity, "F00")), ==, KH_FACET_UNKNOWN);
    g_assert_null (kh_field_get_label (kh_entity_lookup_field (entity, "F00")));
    g_assert_cmpstr (kh_field_get_label (kh_entity_lookup_field (entity, "F01")), ==, "");
    g_assert_null (kh_field_get_description (kh_entity_lookup_field (entity, "F00")));
    g_assert_cmpstr (kh_field_get_description (kh_entity_lookup_field (entity, "F01")), ==, "");
    g_assert_cmpstr (kh_field_get_description (kh_entity_lookup_field (entity, "F03")), ==,
                     "Two\nlines\twith a tab and a\rCR");
  }
}

/* ---- Policies, record rules, golden records, layout -------------------- */

static KhMapping *
build_everything_else (void)
{
  KhMapping *mapping = kh_mapping_new ();
  g_autoptr(KhEntity) source = kh_entity_new ("KNA1");
  g_autoptr(KhEntity) target = kh_entity_new ("Account");
  static const KhUnknownCode unknown[] = {
    KH_UNKNOWN_CODE_ERROR, KH_UNKNOWN_CODE_DEFAULT, KH_UNKNOWN_CODE_KEEP, KH_UNKNOWN_CODE_NULL,
  };
  static const KhOnError policies[] = {
    KH_ON_ERROR_REJECT, KH_ON_ERROR_DEFAULT, KH_ON_ERROR_NULL, KH_ON_ERROR_KEEP, KH_ON_ERROR_ABORT,
  };
  static const KhFilterOp ops[] = {
    KH_FILTER_OP_EQUALS, KH_FILTER_OP_NOT_EQUALS, KH_FILTER_OP_EMPTY, KH_FILTER_OP_NOT_EMPTY,
    KH_FILTER_OP_MATCHES, KH_FILTER_OP_ONE_OF, KH_FILTER_OP_NOT_ONE_OF,
  };
  static const KhOutcome outcomes[] = {
    KH_OUTCOME_WRITTEN, KH_OUTCOME_REJECTED, KH_OUTCOME_DUPLICATE, KH_OUTCOME_FILTERED,
  };

  kh_mapping_set_name (mapping, "Everything \"else\" & <more>\ttab");
  kh_mapping_set_description (mapping, "Mapping description\nwith lines,\ttabs & <markup>\r\nand a CRLF.");
  kh_mapping_set_source_system (mapping, "");
  kh_mapping_set_target_system (mapping, "Salesforce");

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autofree char *s = g_strdup_printf ("S%02u", i);
      g_autofree char *t = g_strdup_printf ("T%02u", i);
      g_autoptr(KhField) sf = kh_field_new (s, KH_FIELD_TYPE_STRING);
      g_autoptr(KhField) tf = kh_field_new (t, KH_FIELD_TYPE_STRING);

      kh_entity_add_field (source, sf);
      kh_entity_add_field (target, tf);
    }
  kh_mapping_set_source_entity (mapping, source);
  kh_mapping_set_target_entity (mapping, target);

  /* Code lists: every unknown-value policy; no default, an empty one, a
   * real one. */
  for (guint i = 0; i < G_N_ELEMENTS (unknown); i++)
    {
      g_autofree char *name = g_strdup_printf ("list-%s", kh_unknown_code_to_string (unknown[i]));
      g_autoptr(KhCodeList) list = kh_code_list_new (name);

      kh_code_list_set_unknown (list, unknown[i]);
      if (unknown[i] == KH_UNKNOWN_CODE_DEFAULT)
        kh_code_list_set_default_value (list, "Prospect");
      else if (i % 2 == 0)
        kh_code_list_set_default_value (list, "");
      for (guint j = 0; j < G_N_ELEMENTS (hostile); j++)
        {
          g_autofree char *from = g_strdup_printf ("%s#%u", hostile[j], j);
          kh_code_list_append (list, from, hostile[(j + i) % G_N_ELEMENTS (hostile)]);
        }
      kh_mapping_add_code_list (mapping, list);
    }

  /* Rules: every policy; hostile text in parameters, defaults, notes. */
  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autofree char *s = g_strdup_printf ("S%02u", i);
      g_autofree char *t = g_strdup_printf ("T%02u", i);
      g_autoptr(KhRule) rule = kh_rule_new (t);
      g_autoptr(KhStep) replace = kh_step_new ("replace");
      g_autoptr(KhStep) lookup = kh_step_new ("lookup");
      const char *values[] = { hostile[i], hostile[(i + 1) % G_N_ELEMENTS (hostile)], NULL };
      g_autoptr(KhStep) one_of = kh_step_new ("one-of");

      kh_rule_add_source (rule, s);
      kh_step_set_param (replace, "find", hostile[i]);
      kh_step_set_param (replace, "with", hostile[(i + 3) % G_N_ELEMENTS (hostile)]);
      kh_rule_append_step (rule, replace);
      kh_step_set_param (lookup, "code-list", "list-keep");
      kh_rule_append_step (rule, lookup);
      kh_step_set_param_values (one_of, "value", values);
      kh_rule_append_step (rule, one_of);
      kh_rule_set_on_error (rule, policies[i % G_N_ELEMENTS (policies)]);
      if (i % 3 != 2)
        kh_rule_set_default_value (rule, i % 3 == 0 ? "" : hostile[i]);
      if (kh_rule_get_on_error (rule) == KH_ON_ERROR_DEFAULT && kh_rule_get_default_value (rule) == NULL)
        kh_rule_set_default_value (rule, "fallback");
      if (strcmp (hostile[i], "\r") != 0 && strcmp (hostile[i], "\r\n") != 0)
        kh_rule_set_note (rule, hostile[i]);
      g_assert_true (kh_mapping_add_rule (mapping, rule));
    }

  /* A rule with no step and no source needs a constant: give it one with
   * an empty value. */
  {
    g_autoptr(KhField) extra = kh_field_new ("Constant", KH_FIELD_TYPE_STRING);
    g_autoptr(KhRule) rule = kh_rule_new ("Constant");
    g_autoptr(KhStep) constant = kh_step_new ("constant");

    kh_entity_add_field (target, extra);
    kh_step_set_param (constant, "value", "");
    kh_rule_append_step (rule, constant);
    kh_mapping_add_rule (mapping, rule);
  }

  /* Every filter op. */
  for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
    {
      g_autofree char *t = g_strdup_printf ("T%02u", i);
      g_autoptr(KhFilter) filter = kh_filter_new (t, ops[i]);

      switch (ops[i])
        {
        case KH_FILTER_OP_EQUALS:
          kh_filter_set_value (filter, "");
          break;
        case KH_FILTER_OP_NOT_EQUALS:
          kh_filter_set_value (filter, " B ");
          break;
        case KH_FILTER_OP_MATCHES:
          kh_filter_set_value (filter, "^[0-9]{10}$");
          break;
        case KH_FILTER_OP_ONE_OF:
          {
            const char *values[] = { "JP", "", "&<>", "\t", NULL };
            kh_filter_set_values (filter, values);
          }
          break;
        case KH_FILTER_OP_NOT_ONE_OF:
          kh_filter_set_value (filter, "X");
          break;
        case KH_FILTER_OP_EMPTY:
        case KH_FILTER_OP_NOT_EMPTY:
        default:
          break;
        }
      kh_mapping_add_filter (mapping, filter);
    }

  /* Dedupe: last wins, two keys. */
  {
    const char *keys[] = { "T03", "T01", NULL };

    kh_mapping_set_dedupe_keys (mapping, keys);
    kh_mapping_set_dedupe_keep (mapping, KH_DEDUPE_KEEP_LAST);
  }

  /* Golden records: every outcome, null and empty inputs and expectations. */
  for (guint i = 0; i < G_N_ELEMENTS (outcomes); i++)
    {
      g_autofree char *name = g_strdup_printf ("case %u: %s", i, hostile[i]);
      g_autoptr(KhGoldenRecord) record = kh_golden_record_new (name);

      kh_golden_record_set_outcome (record, outcomes[i]);
      kh_golden_record_set_input (record, "S05", hostile[i + 5]);
      kh_golden_record_set_input (record, "S00", NULL);
      kh_golden_record_set_input (record, "S02", "");
      if (outcomes[i] == KH_OUTCOME_WRITTEN)
        {
          kh_golden_record_set_expected (record, "T05", hostile[i + 5]);
          kh_golden_record_set_expected (record, "T00", NULL);
          kh_golden_record_set_expected (record, "T02", "");
        }
      kh_mapping_add_golden_record (mapping, record);
    }
  {
    g_autoptr(KhGoldenRecord) empty = kh_golden_record_new ("");
    kh_golden_record_set_outcome (empty, KH_OUTCOME_REJECTED);
    kh_mapping_add_golden_record (mapping, empty);
  }

  /* Layout. */
  kh_mapping_set_layout (mapping, "canvas.zoom", "1.25");
  kh_mapping_set_layout (mapping, "panel.source.width", "320");
  kh_mapping_set_layout (mapping, "ünïcode key", "value\twith\ttabs\nand lines");
  kh_mapping_set_layout (mapping, "empty", "");

  return mapping;
}

static void
test_everything_else (void)
{
  g_autoptr(KhMapping) mapping = build_everything_else ();
  g_autoptr(GPtrArray) problems = kh_mapping_check (mapping);

  for (guint i = 0; i < problems->len; i++)
    if (kh_problem_get_severity (problems->pdata[i]) == KH_PROBLEM_ERROR)
      g_error ("unexpected problem: %s", kh_problem_get_message (problems->pdata[i]));

  assert_round_trip (mapping, KH_MAPPING_LOAD_DEFAULT);

  /* The empty-string default and no default stay apart. */
  {
    g_autoptr(GBytes) xml = kh_mapping_to_xml (mapping, NULL);
    g_autoptr(KhMapping) copy = kh_mapping_load_bytes (xml, NULL, KH_MAPPING_LOAD_DEFAULT, NULL, NULL);
    const char *value = (const char *) 1;

    g_assert_cmpstr (kh_rule_get_default_value (kh_mapping_lookup_rule (copy, "T00")), ==, "");
    g_assert_null (kh_rule_get_default_value (kh_mapping_lookup_rule (copy, "T02")));
    g_assert_cmpstr (kh_rule_get_default_value (kh_mapping_lookup_rule (copy, "T01")), ==, hostile[1]);
    g_assert_true (kh_golden_record_get_input (kh_mapping_get_golden_record (copy, 0), "S00", &value));
    g_assert_null (value);
    g_assert_true (kh_golden_record_get_input (kh_mapping_get_golden_record (copy, 0), "S02", &value));
    g_assert_cmpstr (value, ==, "");
    g_assert_cmpint (kh_mapping_get_dedupe_keep (copy), ==, KH_DEDUPE_KEEP_LAST);
    g_assert_cmpstr (kh_mapping_get_layout (copy, "ünïcode key"), ==, "value\twith\ttabs\nand lines");
  }
}

/* A mapping with semantic errors still round-trips (work in progress). */
static void
test_invalid_mapping_round_trips (void)
{
  g_autoptr(KhMapping) mapping = kh_mapping_new ();
  g_autoptr(KhRule) rule = kh_rule_new ("Nowhere");
  g_autoptr(KhStep) step = kh_step_new ("no-such-step");
  g_autoptr(KhStep) trim = kh_step_new ("trim");
  g_autoptr(KhFilter) filter = kh_filter_new ("Nowhere", KH_FILTER_OP_ONE_OF);
  g_autoptr(GBytes) xml = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KhMapping) strict = NULL;

  kh_step_set_param (step, "weird-param", "1");
  kh_step_set_param (trim, "side", "middle");
  kh_rule_add_source (rule, "Missing");
  kh_rule_append_step (rule, step);
  kh_rule_append_step (rule, trim);
  kh_rule_set_on_error (rule, KH_ON_ERROR_DEFAULT);
  kh_mapping_add_rule (mapping, rule);
  kh_mapping_add_filter (mapping, filter);
  kh_mapping_set_dedupe_keep (mapping, KH_DEDUPE_KEEP_LAST);

  assert_round_trip (mapping, KH_MAPPING_LOAD_KEEP_INVALID);

  xml = kh_mapping_to_xml (mapping, &error);
  g_assert_no_error (error);
  strict = kh_mapping_load_bytes (xml, "wip.xml", KH_MAPPING_LOAD_DEFAULT, NULL, &error);
  g_assert_error (error, KH_ERROR, KH_ERROR_INVALID_MAPPING);
  g_assert_null (strict);
  g_assert_true (g_str_has_prefix (error->message, "wip.xml:"));
}

/* ---- What the writer refuses ------------------------------------------ */

typedef struct
{
  const char *what;
  void      (*spoil) (KhMapping *mapping, const char *bad);
  const char *place;   /* a fragment of the message naming the place */
} Spoiler;

static void
spoil_param (KhMapping  *mapping,
             const char *bad)
{
  KhStep *step = kh_rule_get_step (kh_mapping_lookup_rule (mapping, "T00"), 0);
  kh_step_set_param (step, "with", bad);
}

static void
spoil_description (KhMapping  *mapping,
                   const char *bad)
{
  kh_mapping_set_description (mapping, bad);
}

static void
spoil_field_label (KhMapping  *mapping,
                   const char *bad)
{
  kh_field_set_label (kh_entity_lookup_field (kh_mapping_get_target_entity (mapping), "T01"), bad);
}

static void
spoil_golden (KhMapping  *mapping,
              const char *bad)
{
  kh_golden_record_set_input (kh_mapping_get_golden_record (mapping, 0), "S01", bad);
}

static void
spoil_layout (KhMapping  *mapping,
              const char *bad)
{
  kh_mapping_set_layout (mapping, "canvas.zoom", bad);
}

static void
spoil_code_entry (KhMapping  *mapping,
                  const char *bad)
{
  kh_code_list_append (kh_mapping_lookup_code_list (mapping, "list-null"), "Z", bad);
}

static void
spoil_filter (KhMapping  *mapping,
              const char *bad)
{
  kh_filter_set_value (kh_mapping_get_filter (mapping, 0), bad);
}

static const Spoiler spoilers[] = {
  { "param", spoil_param, "parameter “with” of step 1 of the rule for “T00”" },
  { "description", spoil_description, "the mapping" },
  { "label", spoil_field_label, "the field “T01” of the target entity" },
  { "golden", spoil_golden, "the test “case 0:  ”" },
  { "layout", spoil_layout, "the layout entry “canvas.zoom”" },
  { "code-entry", spoil_code_entry, "the code list “list-null”" },
  { "filter", spoil_filter, "filter 1" },
};

static void
test_refuses_unwritable_text (gconstpointer data)
{
  const Spoiler *spoiler = data;
  static const struct {
    const char *text;
    const char *fragment;
  } bad[] = {
    { "a\001b", "U+0001" },
    { "\x1f", "U+001F" },
    { "x\xEF\xBF\xBEy", "U+FFFE" },
    { "caf\xE9", "not valid UTF-8" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(KhMapping) mapping = build_everything_else ();
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) xml = NULL;

      spoiler->spoil (mapping, bad[i].text);
      xml = kh_mapping_to_xml (mapping, &error);
      g_assert_null (xml);
      g_assert_error (error, KH_ERROR, KH_ERROR_OUTPUT);
      g_test_message ("%s: %s", spoiler->what, error->message);
      g_assert_nonnull (strstr (error->message, bad[i].fragment));
      g_assert_nonnull (strstr (error->message, spoiler->place));
    }
}

static void
test_refuses_bad_names (void)
{
  g_autoptr(KhMapping) mapping = build_everything_else ();
  g_autoptr(KhStep) step = kh_step_new ("Not An Id");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) xml = NULL;

  kh_rule_append_step (kh_mapping_lookup_rule (mapping, "T03"), step);
  xml = kh_mapping_to_xml (mapping, &error);
  g_assert_null (xml);
  g_assert_error (error, KH_ERROR, KH_ERROR_OUTPUT);
  g_assert_nonnull (strstr (error->message, "“Not An Id” is not an identifier"));
  g_clear_error (&error);

  {
    g_autoptr(KhMapping) other = build_everything_else ();
    g_autoptr(KhRule) rule = kh_rule_new ("");

    kh_mapping_add_rule (other, rule);
    g_clear_pointer (&xml, g_bytes_unref);
    xml = kh_mapping_to_xml (other, &error);
    g_assert_null (xml);
    g_assert_error (error, KH_ERROR, KH_ERROR_OUTPUT);
    g_assert_nonnull (strstr (error->message, "is empty"));
  }
}

/* ---- Canonical form of hand-written files ----------------------------- */

static void
test_hand_written_file (void)
{
  g_autofree char *messy_path = format_test_data_path ("messy.xml", NULL);
  g_autofree char *canonical_path = format_test_data_path ("messy.canonical.xml", NULL);
  g_autoptr(GBytes) messy = format_test_read (messy_path);
  g_autoptr(GBytes) expected = format_test_read (canonical_path);
  g_autoptr(KhMapping) mapping = NULL;
  g_autoptr(KhMapping) again = NULL;
  g_autoptr(GBytes) xml = NULL;
  g_autoptr(GBytes) xml2 = NULL;
  g_autoptr(GError) error = NULL;

  mapping = kh_mapping_load_bytes (messy, "messy.xml", KH_MAPPING_LOAD_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  xml = kh_mapping_to_xml (mapping, &error);
  g_assert_no_error (error);
  if (!g_bytes_equal (xml, expected))
    g_error ("canonical form differs:\n%s", (const char *) g_bytes_get_data (xml, NULL));

  /* The canonical file loads to the same mapping and saves to itself. */
  again = kh_mapping_load_bytes (expected, "messy.canonical.xml", KH_MAPPING_LOAD_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (kh_mapping_equal (mapping, again));
  xml2 = kh_mapping_to_xml (again, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (xml2, expected));
  format_test_assert_xmllint_valid (expected);
}

/* ---- Small diffs ------------------------------------------------------ */

static char **
lines_of (KhMapping *mapping)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) xml = kh_mapping_to_xml (mapping, &error);

  g_assert_no_error (error);
  return g_strsplit (g_bytes_get_data (xml, NULL), "\n", -1);
}

/* The changed block between two texts: lines [start, end_a) of @a are
 * replaced by lines [start, end_b) of @b. */
static void
diff_block (char  **a,
            char  **b,
            guint  *start,
            guint  *end_a,
            guint  *end_b)
{
  guint na = g_strv_length (a);
  guint nb = g_strv_length (b);
  guint s = 0;
  guint ea = na, eb = nb;

  while (s < na && s < nb && strcmp (a[s], b[s]) == 0)
    s++;
  while (ea > s && eb > s && strcmp (a[ea - 1], b[eb - 1]) == 0)
    {
      ea--;
      eb--;
    }

  *start = s;
  *end_a = ea;
  *end_b = eb;
}

static void
test_small_diffs (void)
{
  g_autoptr(KhMapping) base = build_every_step_mapping ();
  g_auto(GStrv) base_lines = lines_of (base);
  guint start, end_a, end_b;

  /* One parameter changed: one line. */
  {
    g_autoptr(KhMapping) changed = kh_mapping_copy (base);
    g_auto(GStrv) lines = NULL;

    kh_step_set_param (kh_rule_get_step (kh_mapping_lookup_rule (changed, "T-pad-zeros"), 0), "width", "10");
    lines = lines_of (changed);
    diff_block (base_lines, lines, &start, &end_a, &end_b);
    g_assert_cmpuint (end_a - start, ==, 1);
    g_assert_cmpuint (end_b - start, ==, 1);
    g_assert_nonnull (strstr (lines[start], "value=\"10\""));
  }

  /* One rule added: only its own lines, in place. */
  {
    g_autoptr(KhMapping) changed = kh_mapping_copy (base);
    g_autoptr(KhField) field = kh_field_new ("Extra", KH_FIELD_TYPE_STRING);
    g_autoptr(KhRule) rule = kh_rule_new ("Extra");
    g_autoptr(KhStep) step = kh_step_new ("upper-case");
    g_autoptr(KhMapping) with_field = kh_mapping_copy (base);
    g_auto(GStrv) field_lines = NULL;
    g_auto(GStrv) lines = NULL;

    /* The field first (one line in the target entity)… */
    kh_entity_add_field (kh_mapping_get_target_entity (with_field), field);
    field_lines = lines_of (with_field);
    diff_block (base_lines, field_lines, &start, &end_a, &end_b);
    g_assert_cmpuint (end_a - start, ==, 0);
    g_assert_cmpuint (end_b - start, ==, 1);

    /* …then the rule: three more lines, nothing else. */
    kh_rule_add_source (rule, "S1");
    kh_rule_append_step (rule, step);
    kh_mapping_add_rule (with_field, rule);
    lines = lines_of (with_field);
    diff_block (field_lines, lines, &start, &end_a, &end_b);
    g_assert_cmpuint (end_a - start, ==, 0);
    g_assert_cmpuint (end_b - start, ==, 4);
    g_assert_cmpstr (lines[start], ==, "    <rule target=\"Extra\" on-error=\"reject\">");
    (void) changed;
  }

  /* One rule removed: its lines go, nothing else. */
  {
    g_autoptr(KhMapping) changed = kh_mapping_copy (base);
    g_auto(GStrv) lines = NULL;

    kh_mapping_remove_rule (changed, "T-upper-case");
    lines = lines_of (changed);
    diff_block (base_lines, lines, &start, &end_a, &end_b);
    g_assert_cmpuint (end_b - start, ==, 0);
    g_assert_cmpuint (end_a - start, <=, 4);
    g_assert_true (g_str_has_prefix (base_lines[start], "    <rule target=\"T-upper-case\""));
  }

  /* A layout change touches only the layout, at the end. */
  {
    g_autoptr(KhMapping) changed = kh_mapping_copy (base);
    g_auto(GStrv) lines = NULL;

    kh_mapping_set_layout (changed, "canvas.zoom", "2");
    lines = lines_of (changed);
    diff_block (base_lines, lines, &start, &end_a, &end_b);
    g_assert_cmpstr (lines[start], ==, "  <layout>");
    g_assert_cmpstr (lines[end_b - 1], ==, "  </layout>");
    g_assert_cmpstr (lines[end_b], ==, "</mapping>");
  }
}

/* ---- Files ------------------------------------------------------------ */

static void
test_save_file (void)
{
  g_autoptr(KhMapping) mapping = build_everything_else ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kh-format-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "mapping.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(KhMapping) loaded = NULL;
  g_autoptr(GPtrArray) problems = NULL;

  g_assert_no_error (error);
  g_assert_true (kh_mapping_save_file (mapping, file, NULL, &error));
  g_assert_no_error (error);
  /* Saving again replaces the file. */
  g_assert_true (kh_mapping_save_file (mapping, file, NULL, &error));
  g_assert_no_error (error);

  loaded = kh_mapping_load_file (file, NULL, KH_MAPPING_LOAD_DEFAULT, &problems, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (kh_mapping_equal (mapping, loaded));

  g_unlink (path);
  g_clear_object (&loaded);
  loaded = kh_mapping_load_file (file, "missing.xml", KH_MAPPING_LOAD_DEFAULT, NULL, NULL, &error);
  g_assert_null (loaded);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_rmdir (dir);
}

/* The example of docs/mapping-format.md is this file, verbatim; it is
 * clean, canonical and valid. */
static void
test_documented_example (void)
{
  g_autofree char *path = format_test_data_path ("example-kna1-account.xml", NULL);
  g_autofree char *doc_path = g_build_filename (g_getenv ("KAKEHASHI_SOURCE_ROOT"), "docs", "mapping-format.md", NULL);
  g_autoptr(GBytes) example = format_test_read (path);
  g_autoptr(GBytes) doc = format_test_read (doc_path);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KhMapping) mapping = NULL;
  g_autoptr(GBytes) xml = NULL;
  g_autofree char *block = NULL;

  mapping = kh_mapping_load_bytes (example, "example-kna1-account.xml", KH_MAPPING_LOAD_DEFAULT, &problems, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpuint (kh_mapping_get_n_rules (mapping), ==, 10);
  g_assert_cmpuint (kh_mapping_get_n_golden_records (mapping), ==, 3);

  xml = kh_mapping_to_xml (mapping, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (xml, example));
  format_test_assert_schema_valid (example);
  format_test_assert_xmllint_valid (example);

  block = g_strdup_printf ("```xml\n%s```\n", (const char *) g_bytes_get_data (example, NULL));
  g_assert_nonnull (strstr (g_bytes_get_data (doc, NULL), block));
}

static void
test_schema_is_compiled_in (void)
{
  g_autoptr(GBytes) schema = kh_mapping_xml_get_schema ();
  g_autofree char *path = format_test_xsd_path ();
  g_autoptr(GBytes) shipped = format_test_read (path);

  /* The library validates with exactly the file that is installed. */
  g_assert_true (g_bytes_equal (schema, shipped));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/format/roundtrip/every-step", test_every_step);
  g_test_add_func ("/format/roundtrip/every-facet", test_every_facet);
  g_test_add_func ("/format/roundtrip/policies-record-rules-golden-layout", test_everything_else);
  g_test_add_func ("/format/roundtrip/invalid-mapping", test_invalid_mapping_round_trips);
  for (guint i = 0; i < G_N_ELEMENTS (spoilers); i++)
    {
      g_autofree char *path = g_strdup_printf ("/format/writer/refuses-unwritable-text/%s", spoilers[i].what);
      g_test_add_data_func (path, &spoilers[i], test_refuses_unwritable_text);
    }
  g_test_add_func ("/format/writer/refuses-bad-names", test_refuses_bad_names);
  g_test_add_func ("/format/writer/hand-written-file", test_hand_written_file);
  g_test_add_func ("/format/writer/small-diffs", test_small_diffs);
  g_test_add_func ("/format/writer/save-file", test_save_file);
  g_test_add_func ("/format/schema/compiled-in", test_schema_is_compiled_in);
  g_test_add_func ("/format/docs/example", test_documented_example);

  return g_test_run ();
}
