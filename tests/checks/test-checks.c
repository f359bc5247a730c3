/* test-checks.c: the problems list, each kind with a case that has it and
 * one that does not; the target-contract coverage; the live KhChecker;
 * the demo project
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "kh-checker.h"
#include "kh-checks.h"
#include "kh-coverage.h"
#include "kh-preview-test-util.h"
#include "kh-preview.h"

/* A mapping from a template: @SOURCE@ holds extra source field
 * attributes and children, @TARGET@ extra target fields, @RULES@ rules,
 * @LISTS@ code lists, @RECORD@ record rules. */
static KhMapping *
make_mapping (const char *source_fields,
              const char *target_fields,
              const char *lists,
              const char *rules,
              const char *record_rules)
{
  g_autofree char *xml = g_strdup_printf (
    "<mapping xmlns='urn:kakehashi:mapping:1' name='checks'>"
    " <source><entity name='IN'>%s</entity></source>"
    " <target><entity name='Out'>%s</entity></target>"
    " %s%s%s%s%s%s"
    "</mapping>",
    source_fields, target_fields,
    *lists ? "<code-lists>" : "", lists, *lists ? "</code-lists>" : "",
    *rules ? "<rules>" : "", rules, *rules ? "</rules>" : "");
  g_autoptr(GString) full = g_string_new (xml);

  if (*record_rules)
    {
      g_autofree char *record = g_strdup_printf ("<record-rules>%s</record-rules></mapping>", record_rules);

      g_string_replace (full, "</mapping>", record, 1);
    }
  return test_mapping_from_xml (full->str, TRUE);
}

/* The problems with @code, and the first one. */
static guint
count_code (GListModel  *problems,
            const char  *code,
            KhProblem  **first)
{
  guint n = 0;

  if (first != NULL)
    *first = NULL;
  for (guint i = 0; i < g_list_model_get_n_items (problems); i++)
    {
      g_autoptr(KhProblem) problem = g_list_model_get_item (problems, i);

      if (g_strcmp0 (kh_problem_get_code (problem), code) == 0)
        {
          if (n++ == 0 && first != NULL)
            *first = problem;  /* borrowed: the model keeps it */
        }
    }
  return n;
}

static void
dump (GListModel *problems)
{
  for (guint i = 0; i < g_list_model_get_n_items (problems); i++)
    {
      g_autoptr(KhProblem) problem = g_list_model_get_item (problems, i);

      g_test_message ("%s %s: %s", kh_problem_severity_to_string (kh_problem_get_severity (problem)),
                      kh_problem_get_code (problem), kh_problem_get_message (problem));
    }
}

static GListModel *
run_checks (KhMapping   *mapping,
            KhSampleSet *samples)
{
  GListModel *problems = kh_checks_run (mapping, NULL, NULL, NULL, samples);

  dump (problems);
  return problems;
}

/* ---- required target fields ------------------------------------------- */

static void
test_required (void)
{
  g_autoptr(KhMapping) mapping = make_mapping (
    "<field name='ID' type='string'/><field name='NAME' type='string'/>",
    "<field name='Id' type='string' required='true'/><field name='Name' type='string' required='true'/>"
    "<field name='Maybe' type='string'/><field name='Optional' type='string' required='false'/>",
    "", "<rule target='Id' on-error='reject'><source field='ID'/></rule>", "");
  g_autoptr(GListModel) problems = run_checks (mapping, NULL);
  g_autoptr(GListModel) after = NULL;
  g_autoptr(KhRule) rule = kh_rule_new ("Name");
  KhProblem *problem;

  /* Name is required and unmapped; Maybe (unknown) and Optional are not
   * required; Id is mapped. */
  g_assert_cmpuint (count_code (problems, KH_CHECK_REQUIRED_UNMAPPED, &problem), ==, 1);
  g_assert_cmpint (kh_problem_get_severity (problem), ==, KH_PROBLEM_ERROR);
  g_assert_cmpint (kh_problem_get_subject (problem), ==, KH_PROBLEM_SUBJECT_TARGET_FIELD);
  g_assert_cmpstr (kh_problem_get_field (problem), ==, "Name");
  g_assert_nonnull (strstr (kh_problem_get_message (problem), "Name"));

  kh_rule_add_source (rule, "NAME");
  kh_mapping_add_rule (mapping, rule);
  after = run_checks (mapping, NULL);
  g_assert_cmpuint (count_code (after, KH_CHECK_REQUIRED_UNMAPPED, NULL), ==, 0);
}

/* ---- types ------------------------------------------------------------- */

static void
test_types (void)
{
  g_autoptr(KhMapping) mapping = make_mapping (
    "<field name='D' type='string'/><field name='N' type='integer'/><field name='T' type='string'/>",
    "<field name='TextDate' type='date'/>"      /* text, no parse: warning */
    "<field name='ParsedDate' type='date'/>"    /* parse-date: fine */
    "<field name='DateAsText' type='string'/>"  /* a date into text: error */
    "<field name='Formatted' type='string'/>"   /* parse then format: fine */
    "<field name='Typed' type='integer'/>"      /* the source says integer: fine */
    "<field name='Rounded' type='integer'/>"    /* a decimal into an integer: warning */
    "<field name='Widened' type='decimal'/>"    /* an integer into a decimal: fine */
    "<field name='Flag' type='boolean'/>",      /* a date into a boolean: error */
    "",
    "<rule target='TextDate' on-error='reject'><source field='D'/><step id='trim'/></rule>"
    "<rule target='ParsedDate' on-error='reject'><source field='D'/>"
    " <step id='parse-date'><param name='pattern' value='yyyyMMdd'/></step></rule>"
    "<rule target='DateAsText' on-error='reject'><source field='D'/>"
    " <step id='parse-date'><param name='pattern' value='yyyyMMdd'/></step></rule>"
    "<rule target='Formatted' on-error='reject'><source field='D'/>"
    " <step id='parse-date'><param name='pattern' value='yyyyMMdd'/></step>"
    " <step id='format-date'><param name='pattern' value='dd.MM.yyyy'/></step></rule>"
    "<rule target='Typed' on-error='reject'><source field='N'/></rule>"
    "<rule target='Rounded' on-error='reject'><source field='T'/><step id='parse-number'/></rule>"
    "<rule target='Widened' on-error='reject'><source field='T'/>"
    " <step id='parse-number'><param name='as' value='integer'/></step></rule>"
    "<rule target='Flag' on-error='reject'><source field='D'/>"
    " <step id='parse-date'><param name='pattern' value='yyyyMMdd'/></step></rule>",
    "");
  g_autoptr(GListModel) problems = run_checks (mapping, NULL);
  const struct { const char *target; int severity; } expected[] = {
    { "TextDate", KH_PROBLEM_WARNING },
    { "ParsedDate", -1 },
    { "DateAsText", KH_PROBLEM_ERROR },
    { "Formatted", -1 },
    { "Typed", -1 },
    { "Rounded", KH_PROBLEM_WARNING },
    { "Widened", -1 },
    { "Flag", KH_PROBLEM_ERROR },
  };

  for (guint e = 0; e < G_N_ELEMENTS (expected); e++)
    {
      guint found = 0;

      for (guint i = 0; i < g_list_model_get_n_items (problems); i++)
        {
          g_autoptr(KhProblem) problem = g_list_model_get_item (problems, i);

          if (g_strcmp0 (kh_problem_get_code (problem), KH_CHECK_TYPE_MISMATCH) != 0 ||
              g_strcmp0 (kh_problem_get_rule_target (problem), expected[e].target) != 0)
            continue;
          found++;
          g_assert_cmpint (kh_problem_get_severity (problem), ==, expected[e].severity);
          g_assert_cmpint (kh_problem_get_subject (problem), ==, KH_PROBLEM_SUBJECT_RULE);
        }
      g_assert_cmpuint (found, ==, expected[e].severity < 0 ? 0 : 1);
    }
}

/* ---- truncation -------------------------------------------------------- */

static void
test_truncation (void)
{
  g_autoptr(KhMapping) mapping = make_mapping (
    "<field name='LONG' type='string' max-length='50'/>"
    "<field name='SHORT' type='string' max-length='10'/>"
    "<field name='ANY' type='string' max-length='none'/>"
    "<field name='UNKNOWN' type='string'/>"
    "<field name='HALF' type='string' max-length='15'/>",
    "<field name='Risky' type='string' max-length='20'/>"
    "<field name='Cut' type='string' max-length='20'/>"
    "<field name='Checked' type='string' max-length='20'/>"
    "<field name='Fits' type='string' max-length='20'/>"
    "<field name='Unlimited' type='string' max-length='20'/>"
    "<field name='Unknown' type='string' max-length='20'/>"
    "<field name='Joined' type='string' max-length='30'/>"
    "<field name='Padded' type='string' max-length='8'/>"
    "<field name='Coded' type='string' max-length='4'/>",
    "<code-list name='long' unknown='null'><entry from='A' to='Alpha'/></code-list>",
    "<rule target='Risky' on-error='reject'><source field='LONG'/><step id='trim'/></rule>"
    "<rule target='Cut' on-error='reject'><source field='LONG'/>"
    " <step id='max-length'><param name='length' value='20'/><param name='action' value='truncate'/></step></rule>"
    "<rule target='Checked' on-error='reject'><source field='LONG'/>"
    " <step id='max-length'><param name='length' value='20'/></step></rule>"
    "<rule target='Fits' on-error='reject'><source field='SHORT'/><step id='upper-case'/></rule>"
    "<rule target='Unlimited' on-error='reject'><source field='ANY'/></rule>"
    "<rule target='Unknown' on-error='reject'><source field='UNKNOWN'/></rule>"
    "<rule target='Joined' on-error='reject'><source field='HALF'/><source field='HALF'/>"
    " <step id='concat'><param name='separator' value=' '/></step></rule>"
    "<rule target='Padded' on-error='reject'><source field='SHORT'/>"
    " <step id='substring'><param name='length' value='5'/></step>"
    " <step id='pad-zeros'><param name='width' value='9'/></step></rule>"
    "<rule target='Coded' on-error='reject'><source field='SHORT'/>"
    " <step id='lookup'><param name='code-list' value='long'/></step></rule>",
    "");
  g_autoptr(GListModel) problems = run_checks (mapping, NULL);
  const char *risky[] = { "Risky", "Unlimited", "Joined", "Padded", "Coded", NULL };
  const char *safe[] = { "Cut", "Checked", "Fits", "Unknown", NULL };

  g_assert_cmpuint (count_code (problems, KH_CHECK_TRUNCATION, NULL), ==, G_N_ELEMENTS (risky) - 1);
  for (guint i = 0; i < g_list_model_get_n_items (problems); i++)
    {
      g_autoptr(KhProblem) problem = g_list_model_get_item (problems, i);

      if (g_strcmp0 (kh_problem_get_code (problem), KH_CHECK_TRUNCATION) != 0)
        continue;
      g_assert_cmpint (kh_problem_get_severity (problem), ==, KH_PROBLEM_WARNING);
      g_assert_true (g_strv_contains (risky, kh_problem_get_rule_target (problem)));
      g_assert_false (g_strv_contains (safe, kh_problem_get_rule_target (problem)));
    }
}

/* ---- code lists -------------------------------------------------------- */

static const char codes_target[] = "<field name='Country' type='string'/><field name='Segment' type='string'/>";
static const char codes_rules[] =
  "<rule target='Country' on-error='reject'><source field='LAND'/><step id='trim'/><step id='upper-case'/>"
  " <step id='lookup'><param name='code-list' value='countries'/></step></rule>"
  "<rule target='Segment' on-error='reject'><source field='SEG'/>"
  " <step id='lookup'><param name='code-list' value='segments'/></step></rule>";

static KhMapping *
codes_mapping (const char *unknown)
{
  g_autofree char *lists = g_strdup_printf (
    "<code-list name='countries' unknown='%s' default='Other'>"
    " <entry from='DE' to='Germany'/><entry from='JP' to='Japan'/></code-list>"
    "<code-list name='segments' unknown='null'><entry from='A' to='Gold'/><entry from='B' to='Silver'/></code-list>",
    unknown);

  return make_mapping ("<field name='LAND' type='string'/>"
                       "<field name='SEG' type='string'><code value='A'/><code value='B'/><code value='Q'/></field>",
                       codes_target, lists, codes_rules, "");
}

static KhProblem *
find_code_problem (GListModel *problems,
                   const char *target,
                   gboolean    from_schema)
{
  for (guint i = 0; i < g_list_model_get_n_items (problems); i++)
    {
      g_autoptr(KhProblem) problem = g_list_model_get_item (problems, i);

      if (g_strcmp0 (kh_problem_get_code (problem), KH_CHECK_CODE_NOT_COVERED) == 0 &&
          g_strcmp0 (kh_problem_get_rule_target (problem), target) == 0 &&
          (kh_problem_get_index (problem) < 0) == from_schema)
        return problem;
    }
  return NULL;
}

static void
test_codes (void)
{
  g_autoptr(KhMapping) strict = codes_mapping ("error");
  g_autoptr(KhMapping) lenient = codes_mapping ("default");
  /* " de " and "jp" reach the lookup as "DE" and "JP": covered. */
  g_autoptr(KhSampleSet) samples = test_samples_from_csv ("LAND,SEG\n de ,A\njp,B\nXX,A\nfr,\nXX,B\n,A\n");
  g_autoptr(KhSampleSet) clean = test_samples_from_csv ("LAND,SEG\nDE,A\n jp,B\n");
  g_autoptr(GListModel) problems = run_checks (strict, samples);
  g_autoptr(GListModel) warnings = run_checks (lenient, samples);
  g_autoptr(GListModel) none = run_checks (strict, clean);
  KhProblem *problem;
  const char *message;

  problem = find_code_problem (problems, "Country", FALSE);
  g_assert_nonnull (problem);
  g_assert_cmpint (kh_problem_get_severity (problem), ==, KH_PROBLEM_ERROR);
  g_assert_cmpint (kh_problem_get_subject (problem), ==, KH_PROBLEM_SUBJECT_STEP);
  g_assert_cmpint (kh_problem_get_step_index (problem), ==, 2);
  g_assert_cmpstr (kh_problem_get_code_list (problem), ==, "countries");
  g_assert_cmpint (kh_problem_get_index (problem), ==, 2);   /* the first sample row with XX */
  message = kh_problem_get_message (problem);
  g_assert_nonnull (strstr (message, "“XX”"));
  g_assert_nonnull (strstr (message, "“FR”"));
  g_assert_nonnull (strstr (message, " 2 values"));
  g_assert_null (strstr (message, "“DE”"));

  /* The same gap under unknown="default" is a warning. */
  problem = find_code_problem (warnings, "Country", FALSE);
  g_assert_nonnull (problem);
  g_assert_cmpint (kh_problem_get_severity (problem), ==, KH_PROBLEM_WARNING);

  /* The source field's codes: Q is not in the segments list. */
  problem = find_code_problem (problems, "Segment", TRUE);
  g_assert_nonnull (problem);
  g_assert_cmpint (kh_problem_get_severity (problem), ==, KH_PROBLEM_WARNING);
  g_assert_cmpstr (kh_problem_get_field (problem), ==, "SEG");
  g_assert_nonnull (strstr (kh_problem_get_message (problem), "“Q”"));
  g_assert_null (find_code_problem (problems, "Segment", FALSE));

  /* Clean samples: only the schema gap is left. */
  g_assert_null (find_code_problem (none, "Country", FALSE));
  g_assert_cmpuint (count_code (none, KH_CHECK_CODE_NOT_COVERED, NULL), ==, 1);
}

static void
test_codes_many (void)
{
  g_autoptr(KhMapping) mapping = codes_mapping ("error");
  g_autoptr(GString) csv = g_string_new ("LAND,SEG\n");
  g_autoptr(KhSampleSet) samples = NULL;
  g_autoptr(GListModel) problems = NULL;
  KhProblem *problem;

  for (guint i = 0; i < 12; i++)
    g_string_append_printf (csv, "C%u,A\nC%u,A\n", i, i);
  samples = test_samples_from_csv (csv->str);
  problems = run_checks (mapping, samples);
  problem = find_code_problem (problems, "Country", FALSE);
  g_assert_nonnull (problem);
  /* The first few values, and how many more. */
  g_assert_nonnull (strstr (kh_problem_get_message (problem), "12 values"));
  g_assert_nonnull (strstr (kh_problem_get_message (problem), "“C0”"));
  g_assert_nonnull (strstr (kh_problem_get_message (problem), "“C4”"));
  g_assert_null (strstr (kh_problem_get_message (problem), "“C5”"));
  g_assert_nonnull (strstr (kh_problem_get_message (problem), "and 7 more"));
}

/* ---- step parameters, dedupe keys -------------------------------------- */

static void
test_invalid_params (void)
{
  g_autoptr(KhMapping) bad = make_mapping ("<field name='A' type='string'/>", "<field name='Out' type='string'/>", "",
                                           "<rule target='Out' on-error='reject'><source field='A'/>"
                                           " <step id='pad-zeros'><param name='width' value='wide'/></step></rule>", "");
  g_autoptr(KhMapping) good = make_mapping ("<field name='A' type='string'/>", "<field name='Out' type='string'/>", "",
                                            "<rule target='Out' on-error='reject'><source field='A'/>"
                                            " <step id='pad-zeros'><param name='width' value='8'/></step></rule>", "");
  g_autoptr(GListModel) problems = run_checks (bad, NULL);
  g_autoptr(GListModel) fine = run_checks (good, NULL);
  KhProblem *problem;

  g_assert_cmpuint (count_code (problems, "param-invalid", &problem), ==, 1);
  g_assert_cmpint (kh_problem_get_severity (problem), ==, KH_PROBLEM_ERROR);
  g_assert_cmpstr (kh_problem_get_rule_target (problem), ==, "Out");
  g_assert_cmpint (kh_problem_get_step_index (problem), ==, 0);
  g_assert_cmpstr (kh_problem_get_param (problem), ==, "width");
  g_assert_cmpuint (g_list_model_get_n_items (fine), ==, 0);
}

static void
test_dedupe_keys (void)
{
  g_autoptr(KhMapping) bad = make_mapping ("<field name='A' type='string'/>",
                                           "<field name='Out' type='string'/><field name='Key' type='string'/>", "",
                                           "<rule target='Out' on-error='reject'><source field='A'/></rule>",
                                           "<dedupe keep='first'><key field='Key'/></dedupe>");
  g_autoptr(KhMapping) good = make_mapping ("<field name='A' type='string'/>",
                                            "<field name='Out' type='string'/><field name='Key' type='string'/>", "",
                                            "<rule target='Out' on-error='reject'><source field='A'/></rule>",
                                            "<dedupe keep='first'><key field='Out'/></dedupe>");
  g_autoptr(GListModel) problems = run_checks (bad, NULL);
  g_autoptr(GListModel) fine = run_checks (good, NULL);
  KhProblem *problem;

  g_assert_cmpuint (count_code (problems, "dedupe-key-unknown", &problem), ==, 1);
  g_assert_cmpint (kh_problem_get_subject (problem), ==, KH_PROBLEM_SUBJECT_DEDUPE_KEY);
  g_assert_cmpstr (kh_problem_get_field (problem), ==, "Key");
  g_assert_cmpuint (count_code (fine, "dedupe-key-unknown", NULL), ==, 0);
}

/* ---- the samples ------------------------------------------------------- */

static void
test_rule_failures (void)
{
  g_autoptr(KhMapping) mapping = make_mapping (
    "<field name='A' type='string'/><field name='B' type='string'/>",
    "<field name='Amount' type='decimal'/><field name='Count' type='integer'/><field name='Text' type='string'/>",
    "",
    "<rule target='Amount' on-error='null'><source field='A'/><step id='parse-number'/></rule>"
    "<rule target='Count' on-error='reject'><source field='B'/></rule>"
    "<rule target='Text' on-error='reject'><source field='B'/></rule>",
    "");
  g_autoptr(KhSampleSet) samples = test_samples_from_csv ("A,B\n1.5,1\nabc,2\n2,x y\nxyz,4\n");
  g_autoptr(KhPreviewResult) result = kh_preview_compute (mapping, samples, KH_PREVIEW_FLAGS_NONE, NULL, NULL);
  g_autoptr(GListModel) problems = kh_checks_run (mapping, NULL, NULL, result, NULL);
  g_autoptr(GListModel) computed = run_checks (mapping, samples);
  guint n = 0;

  g_assert_nonnull (result);
  dump (problems);
  for (guint i = 0; i < g_list_model_get_n_items (problems); i++)
    {
      g_autoptr(KhProblem) problem = g_list_model_get_item (problems, i);
      const char *target = kh_problem_get_rule_target (problem);

      if (g_strcmp0 (kh_problem_get_code (problem), KH_CHECK_RULE_FAILS) != 0)
        continue;
      n++;
      if (g_strcmp0 (target, "Amount") == 0)
        {
          /* 2 of 4 under policy null: a warning that points at the step
           * and the first failing record. */
          g_assert_cmpint (kh_problem_get_severity (problem), ==, KH_PROBLEM_WARNING);
          g_assert_cmpint (kh_problem_get_subject (problem), ==, KH_PROBLEM_SUBJECT_STEP);
          g_assert_cmpint (kh_problem_get_step_index (problem), ==, 0);
          g_assert_cmpint (kh_problem_get_index (problem), ==, 1);
          g_assert_nonnull (strstr (kh_problem_get_message (problem), "2 of 4"));
          g_assert_nonnull (strstr (kh_problem_get_message (problem), "50.0%"));
          g_assert_nonnull (strstr (kh_problem_get_message (problem), "abc"));
        }
      else
        {
          /* The target contract failed (no step): the rule. */
          g_assert_cmpstr (target, ==, "Count");
          g_assert_cmpint (kh_problem_get_severity (problem), ==, KH_PROBLEM_ERROR);
          g_assert_cmpint (kh_problem_get_subject (problem), ==, KH_PROBLEM_SUBJECT_RULE);
          g_assert_cmpint (kh_problem_get_index (problem), ==, 2);
          g_assert_nonnull (strstr (kh_problem_get_message (problem), "1 of 4"));
        }
    }
  g_assert_cmpuint (n, ==, 2);

  /* Without a result, the checks compute one from the samples. */
  g_assert_cmpuint (count_code (computed, KH_CHECK_RULE_FAILS, NULL), ==, 2);
  /* Errors come first. */
  {
    g_autoptr(KhProblem) first = g_list_model_get_item (problems, 0);

    g_assert_cmpint (kh_problem_get_severity (first), ==, KH_PROBLEM_ERROR);
    g_assert_cmpuint (kh_checks_count (problems, KH_PROBLEM_ERROR) + kh_checks_count (problems, KH_PROBLEM_WARNING),
                      ==, g_list_model_get_n_items (problems));
  }
}

static void
test_missing_columns (void)
{
  g_autoptr(KhMapping) mapping = make_mapping (
    "<field name='A' type='string'/><field name='B' type='string'/>",
    "<field name='X' type='string'/><field name='Y' type='string'/>", "",
    "<rule target='X' on-error='reject'><source field='A'/></rule>"
    "<rule target='Y' on-error='reject'><source field='B'/></rule>", "");
  g_autoptr(KhSampleSet) partial = test_samples_from_csv ("A\n1\n");
  g_autoptr(KhSampleSet) full = test_samples_from_csv ("A,B\n1,2\n");
  g_autoptr(GListModel) problems = run_checks (mapping, partial);
  g_autoptr(GListModel) fine = run_checks (mapping, full);
  KhProblem *problem;

  g_assert_cmpuint (count_code (problems, KH_CHECK_COLUMN_MISSING, &problem), ==, 1);
  g_assert_cmpstr (kh_problem_get_field (problem), ==, "B");
  g_assert_cmpint (kh_problem_get_subject (problem), ==, KH_PROBLEM_SUBJECT_SOURCE_FIELD);
  g_assert_cmpuint (g_list_model_get_n_items (fine), ==, 0);
}

/* ---- coverage ---------------------------------------------------------- */

static void
test_coverage (void)
{
  g_autoptr(KhMapping) mapping = make_mapping (
    "<field name='A' type='string'/>",
    "<field name='R1' type='string' required='true'/><field name='R2' type='string' required='true'/>"
    "<field name='R3' type='string' required='true'/><field name='O1' type='string'/>"
    "<field name='O2' type='string' required='false'/>",
    "",
    "<rule target='R1' on-error='reject'><source field='A'/></rule>"
    "<rule target='R3' on-error='reject'><source field='A'/></rule>"
    "<rule target='O2' on-error='reject'><source field='A'/></rule>",
    "");
  g_autoptr(KhCoverage) coverage = kh_coverage_new (mapping, NULL);
  g_autoptr(KhEntity) nothing = kh_entity_new ("Nothing");
  g_autoptr(KhCoverage) empty = kh_coverage_new (mapping, nothing);
  g_autoptr(KhField) gap = NULL;
  g_autofree char *text = kh_coverage_describe (coverage);
  double fraction;

  g_assert_cmpuint (kh_coverage_get_n_fields (coverage), ==, 5);
  g_assert_cmpuint (kh_coverage_get_n_mapped (coverage), ==, 3);
  g_assert_cmpuint (kh_coverage_get_n_required (coverage), ==, 3);
  g_assert_cmpuint (kh_coverage_get_n_required_mapped (coverage), ==, 2);
  g_assert_cmpfloat_with_epsilon (kh_coverage_get_fraction (coverage), 0.6, 1e-9);
  g_assert_cmpfloat_with_epsilon (kh_coverage_get_required_fraction (coverage), 2.0 / 3.0, 1e-9);
  g_object_get (coverage, "required-fraction", &fraction, NULL);
  g_assert_cmpfloat_with_epsilon (fraction, 2.0 / 3.0, 1e-9);

  g_assert_cmpuint (g_list_model_get_n_items (kh_coverage_get_gaps (coverage)), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (kh_coverage_get_required_gaps (coverage)), ==, 1);
  gap = g_list_model_get_item (kh_coverage_get_required_gaps (coverage), 0);
  g_assert_cmpstr (kh_field_get_name (gap), ==, "R2");
  g_assert_true (kh_coverage_is_gap (coverage, "R2"));
  g_assert_true (kh_coverage_is_gap (coverage, "O1"));
  g_assert_false (kh_coverage_is_gap (coverage, "R1"));
  g_assert_nonnull (strstr (text, "2 of 3"));
  g_assert_nonnull (strstr (text, "3 of 5"));

  g_assert_cmpuint (kh_coverage_get_n_fields (empty), ==, 0);
  g_assert_cmpfloat (kh_coverage_get_fraction (empty), ==, 1.0);
}

/* The demo's coverage, against counts taken from the file by XPath. */
static double
xpath_count (xmlXPathContext *context,
             const char      *expression)
{
  xmlXPathObject *object = xmlXPathEvalExpression ((const xmlChar *) expression, context);
  double n;

  g_assert_nonnull (object);
  n = object->floatval;
  xmlXPathFreeObject (object);
  return n;
}

static void
test_demo (void)
{
  g_autofree char *path = test_demo_mapping_path ();
  g_autofree char *samples_path = test_demo_samples_path ();
  g_autoptr(KhMapping) mapping = NULL;
  g_autoptr(KhCoverage) coverage = NULL;
  g_autoptr(KhSampleSet) samples = NULL;
  g_autoptr(GListModel) problems = NULL;
  g_autoptr(GError) error = NULL;
  xmlDoc *doc;
  xmlXPathContext *context;

  if (path == NULL || samples_path == NULL)
    {
      g_test_skip ("data/demo/ has no mapping and samples yet");
      return;
    }

  mapping = test_mapping_from_file (path);
  coverage = kh_coverage_new (mapping, NULL);

  doc = xmlReadFile (path, NULL, XML_PARSE_NONET);
  g_assert_nonnull (doc);
  context = xmlXPathNewContext (doc);
  xmlXPathRegisterNs (context, (const xmlChar *) "m", (const xmlChar *) "urn:kakehashi:mapping:1");
  g_assert_cmpuint (kh_coverage_get_n_fields (coverage), ==,
                    (guint) xpath_count (context, "count(/m:mapping/m:target/m:entity/m:field)"));
  g_assert_cmpuint (kh_coverage_get_n_required (coverage), ==,
                    (guint) xpath_count (context, "count(/m:mapping/m:target/m:entity/m:field[@required='true'])"));
  g_assert_cmpuint (kh_coverage_get_n_mapped (coverage), ==,
                    (guint) xpath_count (context, "count(/m:mapping/m:target/m:entity/m:field"
                                                  "[@name = /m:mapping/m:rules/m:rule/@target])"));
  g_assert_cmpuint (kh_coverage_get_n_required_mapped (coverage), ==,
                    (guint) xpath_count (context, "count(/m:mapping/m:target/m:entity/m:field[@required='true']"
                                                  "[@name = /m:mapping/m:rules/m:rule/@target])"));
  xmlXPathFreeContext (context);
  xmlFreeDoc (doc);

  /* The demo's samples are messy on purpose: the problems list has work. */
  samples = kh_samples_read (samples_path, NULL, KH_SAMPLE_FIRST, 0, 0, NULL, &error);
  g_assert_no_error (error);
  problems = run_checks (mapping, samples);
  g_assert_cmpuint (count_code (problems, KH_CHECK_RULE_FAILS, NULL), >, 0);
  g_assert_cmpuint (kh_checks_count (problems, KH_PROBLEM_ERROR), >, 0);
}

/* ---- the live checker -------------------------------------------------- */

static void
wait_for_checker (KhChecker *checker,
                  KhPreview *preview)
{
  /* The preview's result, then the checker's idle update. */
  while (kh_preview_get_computing (preview))
    g_main_context_iteration (NULL, TRUE);
  while (g_main_context_iteration (NULL, FALSE))
    ;
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

static void
test_checker (void)
{
  g_autoptr(KhMapping) mapping = make_mapping (
    "<field name='A' type='string'/><field name='B' type='string'/>",
    "<field name='Id' type='integer' required='true'/><field name='Name' type='string' required='true'/>",
    "",
    "<rule target='Id' on-error='reject'><source field='A'/></rule>",
    "");
  g_autoptr(KhSampleSet) samples = test_samples_from_csv ("A,B\n1,x\nnope,y\n");
  g_autoptr(KhPreview) preview = kh_preview_new ();
  g_autoptr(KhChecker) checker = kh_checker_new ();
  g_autoptr(KhRule) rule = kh_rule_new ("Name");
  guint changes = 0, n_errors = 0;

  kh_preview_set_delay (preview, 1);
  kh_preview_set_mapping (preview, mapping);
  kh_preview_set_samples (preview, samples);
  kh_checker_set_mapping (checker, mapping);
  kh_checker_set_preview (checker, preview);
  g_signal_connect (checker, "items-changed", G_CALLBACK (items_changed_cb), &changes);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (checker)) == KH_TYPE_PROBLEM);

  wait_for_checker (checker, preview);
  dump (G_LIST_MODEL (checker));

  /* Name is unmapped; Id fails on "nope" (the preview's result). */
  g_assert_cmpuint (count_code (G_LIST_MODEL (checker), KH_CHECK_REQUIRED_UNMAPPED, NULL), ==, 1);
  g_assert_cmpuint (count_code (G_LIST_MODEL (checker), KH_CHECK_RULE_FAILS, NULL), ==, 1);
  g_assert_cmpuint (kh_checker_get_n_errors (checker), ==, 2);
  g_object_get (checker, "n-errors", &n_errors, NULL);
  g_assert_cmpuint (n_errors, ==, 2);
  g_assert_cmpuint (kh_coverage_get_n_required_mapped (kh_checker_get_coverage (checker)), ==, 1);
  g_assert_cmpuint (changes, >, 0);

  /* Map Name and fix the sample: both problems go. */
  kh_rule_add_source (rule, "B");
  kh_mapping_add_rule (mapping, rule);
  {
    g_autoptr(KhSampleSet) fixed = kh_samples_set_value (samples, 1, 0, "2");

    kh_preview_set_samples (preview, fixed);
  }
  wait_for_checker (checker, preview);
  dump (G_LIST_MODEL (checker));
  /* Left: the warning that Id (an integer) is never parsed. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (checker)), ==, 1);
  g_assert_cmpuint (count_code (G_LIST_MODEL (checker), KH_CHECK_TYPE_MISMATCH, NULL), ==, 1);
  g_assert_cmpuint (kh_checker_get_n_errors (checker), ==, 0);
  g_assert_cmpuint (kh_checker_get_n_warnings (checker), ==, 1);
  g_assert_cmpuint (kh_coverage_get_n_required_mapped (kh_checker_get_coverage (checker)), ==, 2);

  g_signal_handlers_disconnect_by_data (checker, &changes);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/checks/required", test_required);
  g_test_add_func ("/checks/types", test_types);
  g_test_add_func ("/checks/truncation", test_truncation);
  g_test_add_func ("/checks/codes", test_codes);
  g_test_add_func ("/checks/codes-many", test_codes_many);
  g_test_add_func ("/checks/invalid-params", test_invalid_params);
  g_test_add_func ("/checks/dedupe-keys", test_dedupe_keys);
  g_test_add_func ("/checks/rule-failures", test_rule_failures);
  g_test_add_func ("/checks/missing-columns", test_missing_columns);
  g_test_add_func ("/checks/coverage", test_coverage);
  g_test_add_func ("/checks/demo", test_demo);
  g_test_add_func ("/checks/checker", test_checker);

  return g_test_run ();
}
