/* test-format-check.c: the semantic checks, on files and on models
 *
 * Each file in tests/format/data/semantic/ is a clean mapping with one
 * defect. Its second line says what the loader must report:
 *
 *   <!-- expect: SEVERITY CODE LINE:COLUMN MESSAGE-FRAGMENT -->
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "format-test-util.h"
#include "kh-error.h"
#include "kh-mapping-check.h"
#include "kh-step-check.h"
#include "kh-mapping-xml.h"

typedef struct
{
  char  *severity;
  char  *code;
  guint  line;
  guint  column;
  char  *fragment;
} Expectation;

static void
expectation_clear (Expectation *expect)
{
  g_free (expect->severity);
  g_free (expect->code);
  g_free (expect->fragment);
}

static void
read_expectation (const char  *text,
                  Expectation *expect)
{
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *line = NULL;
  g_autofree char *column = NULL;

  regex = g_regex_new ("<!-- expect: (\\S+) (\\S+) (\\d+):(\\d+) (.*) -->", 0, 0, NULL);
  g_assert_true (g_regex_match (regex, text, 0, &match));
  expect->severity = g_match_info_fetch (match, 1);
  expect->code = g_match_info_fetch (match, 2);
  line = g_match_info_fetch (match, 3);
  column = g_match_info_fetch (match, 4);
  expect->fragment = g_match_info_fetch (match, 5);
  expect->line = (guint) g_ascii_strtoull (line, NULL, 10);
  expect->column = (guint) g_ascii_strtoull (column, NULL, 10);
}

static void
test_semantic_file (gconstpointer data)
{
  const char *name = data;
  g_autofree char *path = format_test_data_path ("semantic", name, NULL);
  g_autoptr(GBytes) bytes = format_test_read (path);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KhMapping) mapping = NULL;
  Expectation expect = { 0 };
  KhProblem *problem;

  read_expectation (g_bytes_get_data (bytes, NULL), &expect);
  mapping = kh_mapping_load_bytes (bytes, name, KH_MAPPING_LOAD_DEFAULT, &problems, &error);

  if (strcmp (expect.code, "none") == 0)
    {
      g_assert_no_error (error);
      g_assert_nonnull (mapping);
      g_assert_cmpuint (problems->len, ==, 0);
      expectation_clear (&expect);
      return;
    }

  /* The fixture has exactly one defect, and only it is reported. */
  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *text = kh_problem_to_string (problems->pdata[i]);
      g_test_message ("%s", text);
    }
  g_assert_cmpuint (problems->len, ==, 1);
  problem = problems->pdata[0];
  g_assert_cmpstr (kh_problem_get_code (problem), ==, expect.code);
  g_assert_cmpstr (kh_problem_severity_to_string (kh_problem_get_severity (problem)), ==, expect.severity);
  g_assert_cmpstr (kh_problem_get_file (problem), ==, name);
  g_assert_cmpuint (kh_problem_get_line (problem), ==, expect.line);
  g_assert_cmpuint (kh_problem_get_column (problem), ==, expect.column);
  if (strstr (kh_problem_get_message (problem), expect.fragment) == NULL)
    g_error ("“%s” does not contain “%s”", kh_problem_get_message (problem), expect.fragment);

  if (strcmp (expect.severity, "error") == 0)
    {
      g_autofree char *where = g_strdup_printf ("%s:%u:%u: ", name, expect.line, expect.column);

      g_assert_null (mapping);
      g_assert_error (error, KH_ERROR, KH_ERROR_INVALID_MAPPING);
      g_assert_true (g_str_has_prefix (error->message, where));
      g_assert_nonnull (strstr (error->message, expect.fragment));
      g_clear_error (&error);
      g_clear_pointer (&problems, g_ptr_array_unref);

      /* The lenient mode loads it, with the same problem. */
      mapping = kh_mapping_load_bytes (bytes, name, KH_MAPPING_LOAD_KEEP_INVALID, &problems, &error);
      g_assert_no_error (error);
      g_assert_nonnull (mapping);
      g_assert_cmpuint (problems->len, ==, 1);
      g_assert_cmpstr (kh_problem_get_code (problems->pdata[0]), ==, expect.code);
    }
  else
    {
      g_assert_no_error (error);
      g_assert_nonnull (mapping);
    }

  expectation_clear (&expect);
}

/* Every problem of a file is reported, in the order of the file. */
static void
test_every_problem_reported (void)
{
  static const char text[] =
    "<mapping xmlns=\"urn:kakehashi:mapping:1\">\n"
    "  <source><entity name=\"S\"><field name=\"a\" type=\"string\"/></entity></source>\n"
    "  <target><entity name=\"T\"><field name=\"x\" type=\"string\"/></entity></target>\n"
    "  <rules>\n"
    "    <rule target=\"x\" on-error=\"default\">\n"
    "      <source field=\"nope\"/>\n"
    "      <step id=\"frobnicate\"/>\n"
    "      <step id=\"trim\"><param name=\"side\" value=\"middle\"/><param name=\"wat\" value=\"\"/></step>\n"
    "    </rule>\n"
    "    <rule target=\"y\" on-error=\"reject\"><source field=\"a\"/></rule>\n"
    "  </rules>\n"
    "</mapping>\n";
  static const struct {
    const char *code;
    guint line, column;
  } expected[] = {
    { "rule-default-missing", 5, 5 },
    { "rule-source-unknown", 6, 7 },
    { "step-unknown", 7, 7 },
    { "param-invalid", 8, 23 },
    { "param-unknown", 8, 58 },
    { "rule-target-unknown", 10, 5 },
  };
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, sizeof text - 1);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KhMapping) mapping = NULL;

  mapping = kh_mapping_load_bytes (bytes, "many.xml", KH_MAPPING_LOAD_DEFAULT, &problems, &error);
  g_assert_null (mapping);
  g_assert_error (error, KH_ERROR, KH_ERROR_INVALID_MAPPING);
  g_assert_nonnull (strstr (error->message, "(and 5 more errors)"));

  g_assert_cmpuint (problems->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      KhProblem *problem = problems->pdata[i];

      g_assert_cmpstr (kh_problem_get_code (problem), ==, expected[i].code);
      g_assert_cmpuint (kh_problem_get_line (problem), ==, expected[i].line);
      g_assert_cmpuint (kh_problem_get_column (problem), ==, expected[i].column);
    }
}

/* Multi-line start tags are placed at their '<'; columns count characters,
 * not bytes. */
static void
test_positions (void)
{
  static const char text[] =
    "<mapping xmlns=\"urn:kakehashi:mapping:1\" name=\"日本語\">\n"
    "  <source><entity name=\"得意先\"><field name=\"名前\" type=\"string\"/></entity></source>\n"
    "  <target><entity name=\"T\"><field name=\"x\" type=\"string\"/></entity></target>\n"
    "  <rules><!-- 注意 --><rule\n"
    "      target=\"x\"\n"
    "      on-error=\"reject\"><source field=\"名前\"/><source\n"
    "        field=\"なし\"/></rule></rules>\n"
    "</mapping>\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, sizeof text - 1);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(KhMapping) mapping = NULL;
  KhProblem *problem;

  mapping = kh_mapping_load_bytes (bytes, "pos.xml", KH_MAPPING_LOAD_KEEP_INVALID, &problems, NULL);
  g_assert_nonnull (mapping);
  g_assert_cmpuint (problems->len, ==, 2);

  problem = problems->pdata[0];
  g_assert_cmpstr (kh_problem_get_code (problem), ==, "rule-many-sources");
  g_assert_cmpuint (kh_problem_get_line (problem), ==, 4);
  g_assert_cmpuint (kh_problem_get_column (problem), ==, 21);

  problem = problems->pdata[1];
  g_assert_cmpstr (kh_problem_get_code (problem), ==, "rule-source-unknown");
  g_assert_cmpuint (kh_problem_get_line (problem), ==, 6);
  g_assert_cmpuint (kh_problem_get_column (problem), ==, 45);
}

/* ---- Checks on a model, as the workbench runs them -------------------- */

static KhMapping *
build_model (void)
{
  KhMapping *mapping = kh_mapping_new ();
  g_autoptr(KhEntity) source = kh_entity_new ("KNA1");
  g_autoptr(KhEntity) target = kh_entity_new ("Account");
  const char *sources[] = { "KUNNR", "NAME1", "LAND1" };
  const char *targets[] = { "AccountNumber", "Name", "Country" };

  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      g_autoptr(KhField) s = kh_field_new (sources[i], KH_FIELD_TYPE_STRING);
      g_autoptr(KhField) t = kh_field_new (targets[i], KH_FIELD_TYPE_STRING);

      kh_entity_add_field (source, s);
      kh_entity_add_field (target, t);
    }
  kh_mapping_set_source_entity (mapping, source);
  kh_mapping_set_target_entity (mapping, target);

  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      g_autoptr(KhRule) rule = kh_rule_new (targets[i]);

      kh_rule_add_source (rule, sources[i]);
      kh_mapping_add_rule (mapping, rule);
    }

  return mapping;
}

static KhProblem *
find_problem (GPtrArray  *problems,
              const char *code)
{
  for (guint i = 0; i < problems->len; i++)
    if (strcmp (kh_problem_get_code (problems->pdata[i]), code) == 0)
      return problems->pdata[i];

  return NULL;
}

static void
test_model_clean (void)
{
  g_autoptr(KhMapping) mapping = build_model ();
  g_autoptr(GPtrArray) problems = kh_mapping_check (mapping);

  g_assert_cmpuint (problems->len, ==, 0);
}

static void
test_model_locators (void)
{
  g_autoptr(KhMapping) mapping = build_model ();
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(KhStep) trim = kh_step_new ("trim");
  g_autoptr(KhStep) lookup = kh_step_new ("lookup");
  g_autoptr(KhStep) parse = kh_step_new ("parse-date");
  g_autoptr(KhCodeList) list = kh_code_list_new ("country");
  g_autoptr(KhFilter) filter = kh_filter_new ("LAND1", KH_FILTER_OP_ONE_OF);
  g_autoptr(KhGoldenRecord) record = kh_golden_record_new ("g");
  const char *patterns[] = { "yyyy-MM-dd", "nothing", NULL };
  const char *keys[] = { "AccountNumber", "Phone", NULL };
  KhRule *rule = kh_mapping_lookup_rule (mapping, "Name");
  KhProblem *problem;

  kh_step_set_param (trim, "side", "middle");
  kh_rule_append_step (rule, trim);
  kh_step_set_param (lookup, "code-list", "region");
  kh_rule_append_step (rule, lookup);
  kh_step_set_param_values (parse, "pattern", patterns);
  kh_rule_append_step (rule, parse);

  kh_code_list_set_unknown (list, KH_UNKNOWN_CODE_DEFAULT);
  kh_code_list_append (list, "JP", "Japan");
  kh_code_list_append (list, "DE", "Germany");
  kh_code_list_append (list, "JP", "Nippon");
  kh_mapping_add_code_list (mapping, list);

  kh_mapping_add_filter (mapping, filter);
  kh_mapping_set_dedupe_keys (mapping, keys);

  kh_golden_record_set_input (record, "ORT01", "Tokyo");
  kh_golden_record_set_expected (record, "Phone", NULL);
  kh_mapping_add_golden_record (mapping, record);

  problems = kh_mapping_check (mapping);

  /* No file, no line: the workbench places problems by their locators. */
  for (guint i = 0; i < problems->len; i++)
    {
      g_assert_null (kh_problem_get_file (problems->pdata[i]));
      g_assert_cmpuint (kh_problem_get_line (problems->pdata[i]), ==, 0);
    }

  problem = find_problem (problems, "param-invalid");
  g_assert_nonnull (problem);
  g_assert_cmpint (kh_problem_get_subject (problem), ==, KH_PROBLEM_SUBJECT_PARAM);
  g_assert_cmpstr (kh_problem_get_rule_target (problem), ==, "Name");
  g_assert_cmpint (kh_problem_get_step_index (problem), ==, 0);
  g_assert_cmpstr (kh_problem_get_param (problem), ==, "side");

  problem = find_problem (problems, "param-code-list-unknown");
  g_assert_nonnull (problem);
  g_assert_cmpint (kh_problem_get_step_index (problem), ==, 1);
  g_assert_cmpstr (kh_problem_get_param (problem), ==, "code-list");

  /* The second pattern is the bad one. */
  for (guint i = 0; i < problems->len; i++)
    {
      problem = problems->pdata[i];
      if (kh_problem_get_step_index (problem) == 2)
        break;
    }
  g_assert_cmpint (kh_problem_get_step_index (problem), ==, 2);
  g_assert_cmpstr (kh_problem_get_param (problem), ==, "pattern");
  g_assert_cmpint (kh_problem_get_index (problem), ==, 1);

  problem = find_problem (problems, "code-list-duplicate");
  g_assert_nonnull (problem);
  g_assert_cmpint (kh_problem_get_subject (problem), ==, KH_PROBLEM_SUBJECT_CODE_ENTRY);
  g_assert_cmpstr (kh_problem_get_code_list (problem), ==, "country");
  g_assert_cmpint (kh_problem_get_index (problem), ==, 2);

  problem = find_problem (problems, "code-list-no-default");
  g_assert_nonnull (problem);
  g_assert_cmpint (kh_problem_get_subject (problem), ==, KH_PROBLEM_SUBJECT_CODE_LIST);

  problem = find_problem (problems, "filter-field-unknown");
  g_assert_nonnull (problem);
  g_assert_cmpint (kh_problem_get_index (problem), ==, 0);
  g_assert_nonnull (find_problem (problems, "filter-needs-values"));

  problem = find_problem (problems, "dedupe-key-unknown");
  g_assert_nonnull (problem);
  g_assert_cmpint (kh_problem_get_subject (problem), ==, KH_PROBLEM_SUBJECT_DEDUPE_KEY);
  g_assert_cmpstr (kh_problem_get_field (problem), ==, "Phone");
  g_assert_cmpint (kh_problem_get_index (problem), ==, 1);

  problem = find_problem (problems, "golden-input-unknown");
  g_assert_nonnull (problem);
  g_assert_cmpint (kh_problem_get_subject (problem), ==, KH_PROBLEM_SUBJECT_GOLDEN_INPUT);
  g_assert_cmpint (kh_problem_get_golden_index (problem), ==, 0);
  g_assert_cmpstr (kh_problem_get_field (problem), ==, "ORT01");

  problem = find_problem (problems, "golden-expected-unknown");
  g_assert_nonnull (problem);
  g_assert_cmpint (kh_problem_get_subject (problem), ==, KH_PROBLEM_SUBJECT_GOLDEN_EXPECTED);

  /* Fixing the model fixes the problem. */
  kh_step_set_param (trim, "side", "end");
  g_clear_pointer (&problems, g_ptr_array_unref);
  problems = kh_mapping_check (mapping);
  for (guint i = 0; i < problems->len; i++)
    g_assert_false (g_strcmp0 (kh_problem_get_param (problems->pdata[i]), "side") == 0);
}

static void
test_model_no_entities (void)
{
  g_autoptr(KhMapping) mapping = kh_mapping_new ();
  g_autoptr(KhRule) rule = kh_rule_new ("x");
  g_autoptr(GPtrArray) problems = NULL;

  kh_rule_add_source (rule, "a");
  kh_mapping_add_rule (mapping, rule);
  problems = kh_mapping_check (mapping);

  g_assert_nonnull (find_problem (problems, "mapping-no-source-entity"));
  g_assert_nonnull (find_problem (problems, "mapping-no-target-entity"));
  g_assert_nonnull (find_problem (problems, "rule-source-unknown"));
  g_assert_true (kh_problems_have_errors (problems));
}

/* ---- Values against a field's contract -------------------------------- */

typedef struct
{
  KhFieldType type;
  KhRequired  required;
  int         max_length;
  int         precision;
  int         scale;
  const char *value;
  gboolean    fits;
} ValueCase;

static const ValueCase value_cases[] = {
  { KH_FIELD_TYPE_STRING, KH_REQUIRED_UNKNOWN, KH_FACET_UNKNOWN, -1, -1, "anything", TRUE },
  { KH_FIELD_TYPE_STRING, KH_REQUIRED_UNKNOWN, 3, -1, -1, "abc", TRUE },
  { KH_FIELD_TYPE_STRING, KH_REQUIRED_UNKNOWN, 3, -1, -1, "abcd", FALSE },
  { KH_FIELD_TYPE_STRING, KH_REQUIRED_UNKNOWN, 3, -1, -1, "日本語", TRUE },
  { KH_FIELD_TYPE_STRING, KH_REQUIRED_UNKNOWN, KH_LENGTH_NONE, -1, -1, "a long value of any length", TRUE },
  { KH_FIELD_TYPE_STRING, KH_REQUIRED_YES, -1, -1, -1, "", FALSE },
  { KH_FIELD_TYPE_STRING, KH_REQUIRED_NO, -1, -1, -1, "", TRUE },
  { KH_FIELD_TYPE_STRING, KH_REQUIRED_UNKNOWN, -1, -1, -1, "", TRUE },
  { KH_FIELD_TYPE_INTEGER, KH_REQUIRED_UNKNOWN, -1, -1, -1, "-42", TRUE },
  { KH_FIELD_TYPE_INTEGER, KH_REQUIRED_UNKNOWN, -1, -1, -1, "0", TRUE },
  { KH_FIELD_TYPE_INTEGER, KH_REQUIRED_UNKNOWN, -1, -1, -1, "007", FALSE },
  { KH_FIELD_TYPE_INTEGER, KH_REQUIRED_UNKNOWN, -1, -1, -1, "-0", FALSE },
  /* A string must be in the field type's own spelling: "12.00" is a decimal. */
  { KH_FIELD_TYPE_INTEGER, KH_REQUIRED_UNKNOWN, -1, -1, -1, "12.00", FALSE },
  { KH_FIELD_TYPE_INTEGER, KH_REQUIRED_UNKNOWN, -1, -1, -1, "12.5", FALSE },
  { KH_FIELD_TYPE_INTEGER, KH_REQUIRED_UNKNOWN, -1, -1, -1, "1,234", FALSE },
  { KH_FIELD_TYPE_INTEGER, KH_REQUIRED_UNKNOWN, -1, -1, -1, "", TRUE },
  { KH_FIELD_TYPE_DECIMAL, KH_REQUIRED_UNKNOWN, -1, -1, -1, "-1234.50", TRUE },
  { KH_FIELD_TYPE_DECIMAL, KH_REQUIRED_UNKNOWN, -1, -1, -1, "1.", FALSE },
  { KH_FIELD_TYPE_DECIMAL, KH_REQUIRED_UNKNOWN, -1, -1, -1, "-0.0", FALSE },
  { KH_FIELD_TYPE_DECIMAL, KH_REQUIRED_UNKNOWN, -1, 5, 2, "123.45", TRUE },
  { KH_FIELD_TYPE_DECIMAL, KH_REQUIRED_UNKNOWN, -1, 5, 2, "123.450", TRUE },
  { KH_FIELD_TYPE_DECIMAL, KH_REQUIRED_UNKNOWN, -1, 5, 2, "123.456", FALSE },
  { KH_FIELD_TYPE_DECIMAL, KH_REQUIRED_UNKNOWN, -1, 5, 2, "1234.5", FALSE },
  /* Leading zeros are not the canonical spelling either. */
  { KH_FIELD_TYPE_DECIMAL, KH_REQUIRED_UNKNOWN, -1, 5, 2, "00123.4", FALSE },
  { KH_FIELD_TYPE_DECIMAL, KH_REQUIRED_UNKNOWN, -1, 5, 2, "0.4", TRUE },
  { KH_FIELD_TYPE_BOOLEAN, KH_REQUIRED_UNKNOWN, -1, -1, -1, "true", TRUE },
  { KH_FIELD_TYPE_BOOLEAN, KH_REQUIRED_UNKNOWN, -1, -1, -1, "X", FALSE },
  { KH_FIELD_TYPE_DATE, KH_REQUIRED_UNKNOWN, -1, -1, -1, "2024-02-29", TRUE },
  { KH_FIELD_TYPE_DATE, KH_REQUIRED_UNKNOWN, -1, -1, -1, "2023-02-29", FALSE },
  { KH_FIELD_TYPE_DATE, KH_REQUIRED_UNKNOWN, -1, -1, -1, "2024/02/29", FALSE },
  { KH_FIELD_TYPE_DATE, KH_REQUIRED_UNKNOWN, -1, -1, -1, "0000-01-01", FALSE },
  { KH_FIELD_TYPE_DATETIME, KH_REQUIRED_UNKNOWN, -1, -1, -1, "2024-03-13T09:30:00", TRUE },
  { KH_FIELD_TYPE_DATETIME, KH_REQUIRED_UNKNOWN, -1, -1, -1, "2024-03-13T09:30:00.125Z", TRUE },
  { KH_FIELD_TYPE_DATETIME, KH_REQUIRED_UNKNOWN, -1, -1, -1, "2024-03-13T09:30:00+09:00", TRUE },
  { KH_FIELD_TYPE_DATETIME, KH_REQUIRED_UNKNOWN, -1, -1, -1, "2024-03-13", TRUE },
  { KH_FIELD_TYPE_DATETIME, KH_REQUIRED_UNKNOWN, -1, -1, -1, "2024-03-13 09:30:00", FALSE },
  { KH_FIELD_TYPE_DATETIME, KH_REQUIRED_UNKNOWN, -1, -1, -1, "2024-03-13T25:00:00", FALSE },
  { KH_FIELD_TYPE_TIME, KH_REQUIRED_UNKNOWN, -1, -1, -1, "23:59:59", TRUE },
  { KH_FIELD_TYPE_TIME, KH_REQUIRED_UNKNOWN, -1, -1, -1, "23:59:59.5", TRUE },
  { KH_FIELD_TYPE_TIME, KH_REQUIRED_UNKNOWN, -1, -1, -1, "24:00:00", FALSE },
  { KH_FIELD_TYPE_TIME, KH_REQUIRED_UNKNOWN, -1, -1, -1, "9:30", FALSE },
};

static void
test_field_check_value (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (value_cases); i++)
    {
      const ValueCase *c = &value_cases[i];
      g_autoptr(KhField) field = kh_field_new ("f", c->type);
      g_autofree char *reason = NULL;
      gboolean fits;

      kh_field_set_required (field, c->required);
      kh_field_set_max_length (field, c->max_length);
      kh_field_set_precision (field, c->precision);
      kh_field_set_scale (field, c->scale);

      fits = kh_field_check_value (field, c->value, &reason);
      if (fits != c->fits)
        g_error ("case %u: “%s” as %s: expected %s", i, c->value,
                 kh_field_type_to_string (c->type), c->fits ? "to fit" : "not to fit");
      if (fits)
        g_assert_null (reason);
      else
        g_assert_true (reason != NULL && reason[0] != '\0');
    }
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = NULL;
  g_autoptr(GDir) listing = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_test_init (&argc, &argv, NULL);

  dir = format_test_data_path ("semantic", NULL);
  listing = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_suffix (name, ".xml"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_assert_cmpuint (names->len, >=, 40);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_strdup_printf ("/format/check/file/%s", (const char *) names->pdata[i]);
      g_test_add_data_func (path, names->pdata[i], test_semantic_file);
    }
  g_test_add_func ("/format/check/every-problem-reported", test_every_problem_reported);
  g_test_add_func ("/format/check/positions", test_positions);
  g_test_add_func ("/format/check/model/clean", test_model_clean);
  g_test_add_func ("/format/check/model/locators", test_model_locators);
  g_test_add_func ("/format/check/model/no-entities", test_model_no_entities);
  g_test_add_func ("/format/check/field-check-value", test_field_check_value);

  return g_test_run ();
}
