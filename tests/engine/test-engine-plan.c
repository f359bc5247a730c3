/* test-engine-plan.c: plans, the target contract, policies, cell statuses,
 * traces, filters, compile errors, golden records, threads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kh-engine-test-util.h"
#include "kh-error.h"

/* ---- helpers ---------------------------------------------------------- */

static KhPlan *
compile (KhMapping           *mapping,
         const char * const  *columns,
         KhPlanFlags          flags)
{
  g_autoptr(GError) error = NULL;
  KhPlan *plan = kh_plan_new (mapping, columns, g_strv_length ((char **) columns), flags, &error);

  g_assert_no_error (error);
  g_assert_nonnull (plan);
  return plan;
}

static char *
compile_error (KhMapping          *mapping,
               const char * const *columns,
               KhPlanFlags         flags)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KhPlan) plan = kh_plan_new (mapping, columns, g_strv_length ((char **) columns), flags, &error);

  g_assert_null (plan);
  g_assert_nonnull (error);
  return g_strdup (error->message);
}

static char *
cell_text (KhRecordResult *result,
           guint           column)
{
  const KhValue *value = kh_record_result_get_value (result, column);

  return value->type == KH_VALUE_NULL ? g_strdup ("<null>") : g_strndup (value->str, value->len);
}

#define assert_cell(result, column, text, value_type, cell_status) \
  G_STMT_START { \
    g_autofree char *_t = cell_text ((result), (column)); \
    g_assert_cmpstr (_t, ==, (text)); \
    g_assert_cmpint (kh_record_result_get_value ((result), (column))->type, ==, (value_type)); \
    g_assert_cmpint (kh_record_result_get_status ((result), (column)), ==, (cell_status)); \
  } G_STMT_END

static const char * const one_column[] = { "IN", NULL };

/* A mapping with one target field of @type, one rule IN → @target with
 * @step (transfer full, may be NULL) and @policy. */
static KhMapping *
one_rule_mapping (KhFieldType  type,
                  KhStep      *step,
                  KhOnError    policy,
                  const char  *default_value)
{
  KhMapping *mapping = kh_mapping_new ();
  KhRule *rule;

  kh_mapping_set_name (mapping, "test mapping");
  test_add_field (mapping, "Out", type);
  rule = test_add_rule (mapping, "Out", "IN", step, NULL);
  kh_rule_set_on_error (rule, policy);
  kh_rule_set_default_value (rule, default_value);
  return mapping;
}

/* Runs @input through a mapping and returns the cell as text, or
 * "!reason" when its rule failed. */
static char *
run_one (KhMapping   *mapping,
         const char  *input,
         KhValueType *type)
{
  g_autoptr(KhPlan) plan = compile (mapping, one_column, KH_PLAN_FLAGS_NONE);
  g_autoptr(KhRecordResult) result = kh_record_result_new (plan);
  const char *values[] = { input };
  const KhCellError *error;

  kh_plan_eval_strings (plan, values, result, NULL);
  if (type != NULL)
    *type = kh_record_result_get_value (result, 0)->type;
  error = kh_record_result_get_cell_error (result, 0);
  if (error != NULL)
    return g_strdup_printf ("!%s", error->reason);
  return cell_text (result, 0);
}

#define assert_run(mapping, input, expected, expected_type) \
  G_STMT_START { \
    KhValueType _type; \
    g_autofree char *_r = run_one ((mapping), (input), &_type); \
    if (g_strcmp0 (_r, (expected)) != 0) \
      g_error ("%s:%d: “%s”: expected “%s”, got “%s”", __FILE__, __LINE__, (input), (expected), _r); \
    if ((expected)[0] != '!') \
      g_assert_cmpint (_type, ==, (expected_type)); \
  } G_STMT_END

/* ---- the target contract ---------------------------------------------- */

static void
test_contract_types (void)
{
  g_autoptr(KhMapping) integer = one_rule_mapping (KH_FIELD_TYPE_INTEGER, NULL, KH_ON_ERROR_REJECT, NULL);
  g_autoptr(KhMapping) integer_parsed = one_rule_mapping (KH_FIELD_TYPE_INTEGER, test_step_new ("parse-number", NULL),
                                                          KH_ON_ERROR_REJECT, NULL);
  g_autoptr(KhMapping) decimal = one_rule_mapping (KH_FIELD_TYPE_DECIMAL, NULL, KH_ON_ERROR_REJECT, NULL);
  g_autoptr(KhMapping) boolean = one_rule_mapping (KH_FIELD_TYPE_BOOLEAN, NULL, KH_ON_ERROR_REJECT, NULL);
  g_autoptr(KhMapping) date = one_rule_mapping (KH_FIELD_TYPE_DATE, NULL, KH_ON_ERROR_REJECT, NULL);
  g_autoptr(KhMapping) datetime = one_rule_mapping (KH_FIELD_TYPE_DATETIME, NULL, KH_ON_ERROR_REJECT, NULL);
  g_autoptr(KhMapping) time = one_rule_mapping (KH_FIELD_TYPE_TIME, NULL, KH_ON_ERROR_REJECT, NULL);
  g_autoptr(KhMapping) string_parsed = one_rule_mapping (KH_FIELD_TYPE_STRING, test_step_new ("parse-number", NULL),
                                                         KH_ON_ERROR_REJECT, NULL);
  g_autoptr(KhMapping) date_parsed = one_rule_mapping (KH_FIELD_TYPE_DATETIME,
                                                       test_step_new ("parse-date", "pattern", "dd/MM/yyyy", NULL),
                                                       KH_ON_ERROR_REJECT, NULL);

  /* A string in the canonical spelling is taken as the type */
  assert_run (integer, "12", "12", KH_VALUE_INTEGER);
  assert_run (integer, "-9223372036854775808", "-9223372036854775808", KH_VALUE_INTEGER);
  assert_run (integer, "1,234", "!“1,234” is not an integer", 0);
  assert_run (integer, "012", "!“012” is not an integer", 0);
  assert_run (integer, "12.0", "!“12.0” is not an integer", 0);
  assert_run (integer, "9223372036854775808", "!“9223372036854775808” is not an integer", 0);
  /* A decimal with a zero fraction is an integer */
  assert_run (integer_parsed, "1,234.00", "1234", KH_VALUE_INTEGER);
  assert_run (integer_parsed, "1,234.50", "!“1234.50” is not an integer", 0);
  /* An integer is a decimal */
  assert_run (decimal, "12", "12", KH_VALUE_DECIMAL);
  assert_run (decimal, "-0.50", "-0.50", KH_VALUE_DECIMAL);
  assert_run (decimal, "1e3", "!“1e3” is not a decimal number", 0);
  assert_run (boolean, "true", "true", KH_VALUE_BOOLEAN);
  assert_run (boolean, "yes", "!“yes” is not a boolean (true or false)", 0);
  assert_run (date, "2024-02-29", "2024-02-29", KH_VALUE_DATE);
  assert_run (date, "2023-02-29", "!“2023-02-29” is not a date (YYYY-MM-DD)", 0);
  assert_run (date, "2024-03-13T00:00:00", "!“2024-03-13T00:00:00” is not a date (YYYY-MM-DD)", 0);
  /* A date is a datetime at midnight */
  assert_run (datetime, "2024-03-13", "2024-03-13T00:00:00", KH_VALUE_DATETIME);
  assert_run (datetime, "2024-03-13T10:11:12.5+09:00", "2024-03-13T10:11:12.5+09:00", KH_VALUE_DATETIME);
  assert_run (date_parsed, "13/03/2024", "2024-03-13T00:00:00", KH_VALUE_DATETIME);
  assert_run (time, "10:11:12", "10:11:12", KH_VALUE_TIME);
  assert_run (time, "10:11", "!“10:11” is not a time (HH:MM:SS)", 0);
  /* A typed value must already have the field's type */
  assert_run (string_parsed, "1,234", "!“1234” is a decimal, not text; write it as text with a format step", 0);
  /* Missing values: "" stays "" for text, becomes null elsewhere */
  assert_run (integer, "", "<null>", KH_VALUE_NULL);
  assert_run (date, "", "<null>", KH_VALUE_NULL);
}

static void
test_contract_facets (void)
{
  g_autoptr(KhMapping) text = one_rule_mapping (KH_FIELD_TYPE_STRING, NULL, KH_ON_ERROR_REJECT, NULL);
  g_autoptr(KhMapping) money = one_rule_mapping (KH_FIELD_TYPE_DECIMAL, NULL, KH_ON_ERROR_REJECT, NULL);
  g_autoptr(KhMapping) scale_only = one_rule_mapping (KH_FIELD_TYPE_DECIMAL, NULL, KH_ON_ERROR_REJECT, NULL);
  g_autoptr(KhMapping) required = one_rule_mapping (KH_FIELD_TYPE_STRING, NULL, KH_ON_ERROR_REJECT, NULL);
  KhField *field;

  field = kh_entity_lookup_field (kh_mapping_get_target_entity (text), "Out");
  kh_field_set_max_length (field, 6);
  assert_run (text, "東京都千代田区", "!“東京都千代田区” has 7 characters; the field allows 6", 0);
  assert_run (text, "東京都千代田", "東京都千代田", KH_VALUE_STRING);
  kh_field_set_max_length (field, KH_LENGTH_NONE);
  assert_run (text, "東京都千代田区", "東京都千代田区", KH_VALUE_STRING);

  field = kh_entity_lookup_field (kh_mapping_get_target_entity (money), "Out");
  kh_field_set_precision (field, 5);
  kh_field_set_scale (field, 2);
  assert_run (money, "123.45", "123.45", KH_VALUE_DECIMAL);
  assert_run (money, "123.4", "123.4", KH_VALUE_DECIMAL);
  assert_run (money, "123.4500", "123.45", KH_VALUE_DECIMAL);
  assert_run (money, "-999.99", "-999.99", KH_VALUE_DECIMAL);
  assert_run (money, "123.456", "!“123.456” has more than 2 decimal places", 0);
  assert_run (money, "1234.5", "!“1234.5” has more than 3 digits before the decimal point", 0);
  assert_run (money, "0.01", "0.01", KH_VALUE_DECIMAL);

  field = kh_entity_lookup_field (kh_mapping_get_target_entity (scale_only), "Out");
  kh_field_set_scale (field, 0);
  assert_run (scale_only, "12345678901234567890", "12345678901234567890", KH_VALUE_DECIMAL);
  assert_run (scale_only, "12.000", "12", KH_VALUE_DECIMAL);
  assert_run (scale_only, "12.5", "!“12.5” has more than 0 decimal places", 0);

  field = kh_entity_lookup_field (kh_mapping_get_target_entity (required), "Out");
  kh_field_set_required (field, KH_REQUIRED_YES);
  assert_run (required, "", "!A value is required, but it is empty", 0);
  assert_run (required, "x", "x", KH_VALUE_STRING);
  kh_field_set_required (field, KH_REQUIRED_UNKNOWN);
  assert_run (required, "", "", KH_VALUE_STRING);
}

static void
test_default (void)
{
  g_autoptr(KhMapping) mapping = one_rule_mapping (KH_FIELD_TYPE_INTEGER, test_step_new ("parse-number", "as", "integer", NULL),
                                                   KH_ON_ERROR_REJECT, "0");
  g_autoptr(KhPlan) plan = compile (mapping, one_column, KH_PLAN_TRACE);
  g_autoptr(KhRecordResult) result = kh_record_result_new (plan);
  const char *empty[] = { "" };
  const char *bad[] = { "x" };
  const KhTraceEntry *entry;
  g_autofree char *message = NULL;

  /* Step 3: a missing result takes the default, typed by the contract */
  g_assert_true (kh_plan_eval_strings (plan, empty, result, NULL));
  assert_cell (result, 0, "0", KH_VALUE_INTEGER, KH_CELL_STATUS_DEFAULTED);
  g_assert_null (kh_record_result_get_cell_error (result, 0));
  entry = kh_record_result_get_trace (result, 0, kh_record_result_get_n_trace (result, 0) - 1);
  g_assert_cmpint (entry->kind, ==, KH_TRACE_DEFAULT);

  /* A failure under policy reject does not take the default */
  kh_plan_eval_strings (plan, bad, result, NULL);
  assert_cell (result, 0, "<null>", KH_VALUE_NULL, KH_CELL_STATUS_ERROR);

  /* A default must fit the target field */
  kh_rule_set_default_value (kh_mapping_lookup_rule (mapping, "Out"), "zero");
  message = compile_error (mapping, one_column, KH_PLAN_FLAGS_NONE);
  g_assert_cmpstr (message, ==, "Rule “Out”: the default does not fit the target field: “zero” is not an integer");
}

/* ---- policies and statuses -------------------------------------------- */

static KhMapping *
policy_mapping (KhOnError policy)
{
  KhMapping *mapping = kh_mapping_new ();
  KhRule *rule;

  test_add_field (mapping, "A", KH_FIELD_TYPE_STRING);
  test_add_field (mapping, "Amount", KH_FIELD_TYPE_DECIMAL);
  test_add_field (mapping, "Z", KH_FIELD_TYPE_STRING);
  test_add_rule (mapping, "A", "IN1", test_step_new ("trim", NULL), NULL);
  rule = test_add_rule (mapping, "Amount", "IN2", test_step_new ("trim", NULL), test_step_new ("parse-number", NULL), NULL);
  kh_rule_set_on_error (rule, policy);
  if (policy == KH_ON_ERROR_DEFAULT)
    kh_rule_set_default_value (rule, "-1");
  test_add_rule (mapping, "Z", "IN1", test_step_new ("upper-case", NULL), NULL);
  return mapping;
}

static const char * const two_columns[] = { "IN1", "IN2", NULL };

static void
test_policies (void)
{
  const char *good[] = { " ab ", "1,000" };
  const char *bad[] = { " ab ", "12,34" };

  for (KhOnError policy = KH_ON_ERROR_REJECT; policy <= KH_ON_ERROR_ABORT; policy++)
    {
      g_autoptr(KhMapping) mapping = policy_mapping (policy);
      g_autoptr(KhPlan) plan = compile (mapping, two_columns, KH_PLAN_FLAGS_NONE);
      g_autoptr(KhRecordResult) result = kh_record_result_new (plan);
      const KhCellError *error;
      KhOutcome outcome;
      gboolean ok;

      g_test_message ("policy %s", kh_on_error_to_string (policy));

      /* A good record is written whatever the policy */
      g_assert_true (kh_plan_eval_strings (plan, good, result, &outcome));
      g_assert_cmpint (outcome, ==, KH_OUTCOME_WRITTEN);
      assert_cell (result, 1, "1000", KH_VALUE_DECIMAL, KH_CELL_STATUS_CHANGED);
      g_assert_cmpuint (kh_record_result_get_n_errors (result), ==, 0);

      ok = kh_plan_eval_strings (plan, bad, result, &outcome);

      /* The reason is kept whatever the policy */
      error = kh_record_result_get_cell_error (result, 1);
      g_assert_nonnull (error);
      g_assert_cmpstr (error->target, ==, "Amount");
      g_assert_cmpint (error->step_index, ==, 1);
      g_assert_cmpstr (error->step_id, ==, "parse-number");
      g_assert_nonnull (strstr (error->reason, "“12,34”"));
      g_assert_cmpint (error->policy, ==, policy);
      g_assert_cmpuint (kh_record_result_get_n_errors (result), ==, 1);
      g_assert_true (kh_record_result_get_error (result, 0) == error);

      switch (policy)
        {
        case KH_ON_ERROR_REJECT:
          g_assert_true (ok);
          g_assert_cmpint (outcome, ==, KH_OUTCOME_REJECTED);
          assert_cell (result, 1, "<null>", KH_VALUE_NULL, KH_CELL_STATUS_ERROR);
          /* The other rules still ran */
          assert_cell (result, 2, " AB ", KH_VALUE_STRING, KH_CELL_STATUS_CHANGED);
          break;
        case KH_ON_ERROR_DEFAULT:
          g_assert_true (ok);
          g_assert_cmpint (outcome, ==, KH_OUTCOME_WRITTEN);
          assert_cell (result, 1, "-1", KH_VALUE_DECIMAL, KH_CELL_STATUS_DEFAULTED);
          break;
        case KH_ON_ERROR_NULL:
          g_assert_true (ok);
          g_assert_cmpint (outcome, ==, KH_OUTCOME_WRITTEN);
          assert_cell (result, 1, "<null>", KH_VALUE_NULL, KH_CELL_STATUS_NULL);
          break;
        case KH_ON_ERROR_KEEP:
          g_assert_true (ok);
          g_assert_cmpint (outcome, ==, KH_OUTCOME_WRITTEN);
          /* The first source value, unchanged, as a string */
          assert_cell (result, 1, "12,34", KH_VALUE_STRING, KH_CELL_STATUS_ERROR);
          break;
        case KH_ON_ERROR_ABORT:
          g_assert_false (ok);
          g_assert_true (kh_record_result_is_aborted (result));
          g_assert_cmpint (outcome, ==, KH_OUTCOME_REJECTED);
          g_assert_true (kh_record_result_get_abort_error (result) == error);
          /* Everything stops at once */
          g_assert_true (kh_record_result_was_evaluated (result, 0));
          g_assert_false (kh_record_result_was_evaluated (result, 2));
          assert_cell (result, 2, "<null>", KH_VALUE_NULL, KH_CELL_STATUS_NULL);
          break;
        default:
          g_assert_not_reached ();
        }

      /* The result is reusable: a good record after a bad one is clean */
      g_assert_true (kh_plan_eval_strings (plan, good, result, &outcome));
      g_assert_cmpint (outcome, ==, KH_OUTCOME_WRITTEN);
      g_assert_null (kh_record_result_get_cell_error (result, 1));
      g_assert_false (kh_record_result_is_aborted (result));
      g_assert_null (kh_record_result_get_abort_error (result));
    }
}

static void
test_abort_continue (void)
{
  g_autoptr(KhMapping) mapping = policy_mapping (KH_ON_ERROR_ABORT);
  g_autoptr(KhPlan) plan = compile (mapping, two_columns, KH_PLAN_CONTINUE_AFTER_ABORT);
  g_autoptr(KhRecordResult) result = kh_record_result_new (plan);
  const char *bad[] = { " ab ", "12,34" };

  g_assert_false (kh_plan_eval_strings (plan, bad, result, NULL));
  g_assert_true (kh_record_result_is_aborted (result));
  g_assert_true (kh_record_result_was_evaluated (result, 2));
  assert_cell (result, 2, " AB ", KH_VALUE_STRING, KH_CELL_STATUS_CHANGED);
}

static void
test_reject_lists_every_error (void)
{
  g_autoptr(KhMapping) mapping = policy_mapping (KH_ON_ERROR_REJECT);
  g_autoptr(KhPlan) plan = NULL;
  g_autoptr(KhRecordResult) result = NULL;
  const char *bad[] = { "", "x" };
  KhOutcome outcome;

  {
    g_autoptr(KhStep) required = test_step_new ("required", NULL);

    kh_rule_append_step (kh_mapping_lookup_rule (mapping, "A"), required);
  }
  plan = compile (mapping, two_columns, KH_PLAN_FLAGS_NONE);
  result = kh_record_result_new (plan);

  kh_plan_eval_strings (plan, bad, result, &outcome);
  g_assert_cmpint (outcome, ==, KH_OUTCOME_REJECTED);
  g_assert_cmpuint (kh_record_result_get_n_errors (result), ==, 2);
  g_assert_cmpstr (kh_record_result_get_error (result, 0)->target, ==, "A");
  g_assert_cmpstr (kh_record_result_get_error (result, 0)->step_id, ==, "required");
  g_assert_cmpint (kh_record_result_get_error (result, 0)->step_index, ==, 1);
  g_assert_cmpstr (kh_record_result_get_error (result, 1)->target, ==, "Amount");
}

/* kh_record_result_has_status() agrees with the cells' statuses */
static void
assert_has_status (KhRecordResult *result)
{
  for (KhCellStatus status = KH_CELL_STATUS_OK; status <= KH_CELL_STATUS_ERROR; status++)
    {
      gboolean any = FALSE;

      for (guint c = 0; c < kh_record_result_get_n_cells (result); c++)
        any = any || kh_record_result_get_status (result, c) == status;
      g_assert_cmpint (kh_record_result_has_status (result, status), ==, any);
    }
}

/* The runner's evaluation (no trace) shares one evaluation context and
 * gathers the statuses per record: a rule that defaulted or failed must
 * leave nothing to the rules after it, and both evaluations must give the
 * same cells. */
static void
test_context_between_rules (void)
{
  g_autoptr(KhMapping) mapping = kh_mapping_new ();
  g_autoptr(KhPlan) plan = NULL;
  g_autoptr(KhPlan) traced = NULL;
  g_autoptr(KhRecordResult) result = NULL;
  g_autoptr(KhRecordResult) traced_result = NULL;
  const char * const columns[] = { "X", "Y", "N", NULL };
  const char *records[][3] = {
    { "   ", "abc", "zz" },
    { " q ", "abc", "1,5" },
    { "   ", "", "zz" },
    { "", "abc", NULL },
  };
  KhRule *rule;

  test_add_rule (mapping, "A_Dflt", "X", test_step_new ("trim", NULL),
                 test_step_new ("default-if-empty", "value", "d", NULL), NULL);
  test_add_rule (mapping, "B_After", "Y", test_step_new ("upper-case", NULL), NULL);
  rule = test_add_rule (mapping, "C_Num", "N", test_step_new ("parse-number", NULL), NULL);
  kh_rule_set_on_error (rule, KH_ON_ERROR_NULL);
  test_add_rule (mapping, "D_After2", "Y", test_step_new ("trim", NULL), NULL);
  rule = test_add_rule (mapping, "E_Num2", "N", test_step_new ("trim", NULL), test_step_new ("parse-number", NULL), NULL);
  kh_rule_set_on_error (rule, KH_ON_ERROR_KEEP);
  test_add_rule (mapping, "F_After3", "Y", test_step_new ("trim", NULL), test_step_new ("upper-case", NULL), NULL);
  /* A step defaults to "", which the next step does not take */
  test_add_rule (mapping, "G_EmptyDflt", "X", test_step_new ("trim", NULL),
                 test_step_new ("default-if-empty", "value", "", NULL), test_step_new ("upper-case", NULL), NULL);
  test_add_rule (mapping, "H_After4", "Y", test_step_new ("upper-case", NULL), NULL);
  /* A step defaults, then a later one fails */
  rule = test_add_rule (mapping, "I_BadDflt", "X", test_step_new ("trim", NULL),
                        test_step_new ("default-if-empty", "value", "x", NULL), test_step_new ("parse-number", NULL), NULL);
  kh_rule_set_on_error (rule, KH_ON_ERROR_NULL);
  test_add_rule (mapping, "J_After5", "Y", test_step_new ("upper-case", NULL), NULL);
  plan = compile (mapping, columns, KH_PLAN_FLAGS_NONE);
  traced = compile (mapping, columns, KH_PLAN_TRACE);
  /* The rules run in this order */
  g_assert_cmpint (kh_plan_find_column (plan, "A_Dflt"), <, kh_plan_find_column (plan, "B_After"));
  g_assert_cmpint (kh_plan_find_column (plan, "C_Num"), <, kh_plan_find_column (plan, "D_After2"));
  result = kh_record_result_new (plan);
  traced_result = kh_record_result_new (traced);

  kh_plan_eval_strings (plan, records[0], result, NULL);
  assert_cell (result, kh_plan_find_column (plan, "A_Dflt"), "d", KH_VALUE_STRING, KH_CELL_STATUS_DEFAULTED);
  assert_cell (result, kh_plan_find_column (plan, "B_After"), "ABC", KH_VALUE_STRING, KH_CELL_STATUS_CHANGED);
  assert_cell (result, kh_plan_find_column (plan, "C_Num"), "<null>", KH_VALUE_NULL, KH_CELL_STATUS_NULL);
  assert_cell (result, kh_plan_find_column (plan, "D_After2"), "abc", KH_VALUE_STRING, KH_CELL_STATUS_OK);
  assert_cell (result, kh_plan_find_column (plan, "F_After3"), "ABC", KH_VALUE_STRING, KH_CELL_STATUS_CHANGED);
  assert_cell (result, kh_plan_find_column (plan, "G_EmptyDflt"), "", KH_VALUE_STRING, KH_CELL_STATUS_DEFAULTED);
  assert_cell (result, kh_plan_find_column (plan, "H_After4"), "ABC", KH_VALUE_STRING, KH_CELL_STATUS_CHANGED);
  assert_cell (result, kh_plan_find_column (plan, "I_BadDflt"), "<null>", KH_VALUE_NULL, KH_CELL_STATUS_NULL);
  assert_cell (result, kh_plan_find_column (plan, "J_After5"), "ABC", KH_VALUE_STRING, KH_CELL_STATUS_CHANGED);
  g_assert_cmpuint (kh_record_result_get_n_errors (result), ==, 3);
  g_assert_nonnull (strstr (kh_record_result_get_cell_error (result, kh_plan_find_column (plan, "C_Num"))->reason, "zz"));
  g_assert_null (kh_record_result_get_cell_error (result, kh_plan_find_column (plan, "D_After2")));

  for (guint i = 0; i < G_N_ELEMENTS (records); i++)
    {
      kh_plan_eval_strings (plan, records[i], result, NULL);
      kh_plan_eval_strings (traced, records[i], traced_result, NULL);
      g_assert_cmpuint (kh_record_result_get_n_errors (result), ==, kh_record_result_get_n_errors (traced_result));
      for (guint s = KH_CELL_STATUS_OK; s <= KH_CELL_STATUS_ERROR; s++)
        g_assert_cmpint (kh_record_result_has_status (result, s), ==, kh_record_result_has_status (traced_result, s));
      for (guint c = 0; c < kh_record_result_get_n_cells (result); c++)
        {
          const KhValue *a = kh_record_result_get_value (result, c);
          const KhValue *b = kh_record_result_get_value (traced_result, c);
          const KhCellError *ea = kh_record_result_get_cell_error (result, c);
          const KhCellError *eb = kh_record_result_get_cell_error (traced_result, c);

          g_test_message ("record %u, cell %u", i, c);
          g_assert_cmpint (a->type, ==, b->type);
          g_assert_cmpstr (a->str, ==, b->str);
          g_assert_cmpint (kh_record_result_get_status (result, c), ==, kh_record_result_get_status (traced_result, c));
          g_assert_true ((ea == NULL) == (eb == NULL));
          if (ea != NULL)
            g_assert_cmpstr (ea->reason, ==, eb->reason);
        }
    }
}

static void
test_statuses (void)
{
  g_autoptr(KhMapping) mapping = kh_mapping_new ();
  g_autoptr(KhPlan) plan = NULL;
  g_autoptr(KhRecordResult) result = NULL;
  const char * const columns[] = { "X", "Y", NULL };
  const char *values[] = { "abc", NULL };
  const char *values2[] = { "", NULL };

  test_add_rule (mapping, "Same", "X", test_step_new ("trim", NULL), NULL);
  test_add_rule (mapping, "Upper", "X", test_step_new ("upper-case", NULL), NULL);
  test_add_rule (mapping, "Filled", "Y", test_step_new ("default-if-empty", "value", "d", NULL), NULL);
  test_add_rule (mapping, "Null", "Y", NULL);
  test_add_rule (mapping, "Const", NULL, test_step_new ("constant", "value", "abc", NULL), NULL);
  test_add_rule (mapping, "Copy", "X", NULL);
  plan = compile (mapping, columns, KH_PLAN_FLAGS_NONE);
  result = kh_record_result_new (plan);

  kh_plan_eval_strings (plan, values, result, NULL);
  assert_cell (result, kh_plan_find_column (plan, "Same"), "abc", KH_VALUE_STRING, KH_CELL_STATUS_OK);
  assert_cell (result, kh_plan_find_column (plan, "Upper"), "ABC", KH_VALUE_STRING, KH_CELL_STATUS_CHANGED);
  assert_cell (result, kh_plan_find_column (plan, "Filled"), "d", KH_VALUE_STRING, KH_CELL_STATUS_DEFAULTED);
  assert_cell (result, kh_plan_find_column (plan, "Null"), "<null>", KH_VALUE_NULL, KH_CELL_STATUS_NULL);
  assert_cell (result, kh_plan_find_column (plan, "Const"), "abc", KH_VALUE_STRING, KH_CELL_STATUS_CHANGED);

  /* Which statuses there are, and all the values at once */
  assert_has_status (result);
  g_assert_true (kh_record_result_has_status (result, KH_CELL_STATUS_DEFAULTED));
  g_assert_false (kh_record_result_has_status (result, KH_CELL_STATUS_ERROR));
  for (guint c = 0; c < kh_record_result_get_n_cells (result); c++)
    g_assert_true (&kh_record_result_get_values (result)[c] == kh_record_result_get_value (result, c));

  /* "" through a text step stays "" and is unchanged */
  kh_plan_eval_strings (plan, values2, result, NULL);
  assert_cell (result, kh_plan_find_column (plan, "Same"), "", KH_VALUE_STRING, KH_CELL_STATUS_OK);
  assert_cell (result, kh_plan_find_column (plan, "Copy"), "", KH_VALUE_STRING, KH_CELL_STATUS_OK);
  assert_has_status (result);

  /* A source copied as it is (no steps): ok, and null when it is null */
  kh_plan_eval_strings (plan, values, result, NULL);
  assert_cell (result, kh_plan_find_column (plan, "Copy"), "abc", KH_VALUE_STRING, KH_CELL_STATUS_OK);
  g_assert_true (kh_record_result_has_status (result, KH_CELL_STATUS_NULL));
  g_assert_true (kh_record_result_has_status (result, KH_CELL_STATUS_OK));
  g_assert_true (kh_record_result_has_status (result, KH_CELL_STATUS_CHANGED));
  assert_has_status (result);
}

/* ---- traces ----------------------------------------------------------- */

static void
test_trace (void)
{
  g_autoptr(KhMapping) mapping = policy_mapping (KH_ON_ERROR_NULL);
  g_autoptr(KhPlan) plan = compile (mapping, two_columns, KH_PLAN_TRACE);
  g_autoptr(KhPlan) plain = compile (mapping, two_columns, KH_PLAN_FLAGS_NONE);
  g_autoptr(KhRecordResult) result = kh_record_result_new (plan);
  g_autoptr(KhRecordResult) plain_result = kh_record_result_new (plain);
  const char *good[] = { " ab ", " 1,000 " };
  const char *bad[] = { NULL, "12,34" };
  const KhTraceEntry *e;

  g_assert_true (kh_plan_get_flags (plan) & KH_PLAN_TRACE);

  kh_plan_eval_strings (plan, good, result, NULL);
  /* Amount: source, trim, parse-number, target */
  g_assert_cmpuint (kh_record_result_get_n_trace (result, 1), ==, 4);
  e = kh_record_result_get_trace (result, 1, 0);
  g_assert_cmpint (e->kind, ==, KH_TRACE_SOURCE);
  g_assert_cmpstr (e->label, ==, "IN2");
  g_assert_cmpstr (e->value.str, ==, " 1,000 ");
  e = kh_record_result_get_trace (result, 1, 1);
  g_assert_cmpint (e->kind, ==, KH_TRACE_STEP);
  g_assert_cmpint (e->step_index, ==, 0);
  g_assert_cmpstr (e->label, ==, "trim");
  g_assert_cmpstr (e->value.str, ==, "1,000");
  e = kh_record_result_get_trace (result, 1, 2);
  g_assert_cmpstr (e->label, ==, "parse-number");
  g_assert_cmpstr (e->value.str, ==, "1000");
  g_assert_cmpint (e->value.type, ==, KH_VALUE_DECIMAL);
  g_assert_null (e->reason);
  e = kh_record_result_get_trace (result, 1, 3);
  g_assert_cmpint (e->kind, ==, KH_TRACE_TARGET);

  kh_plan_eval_strings (plan, bad, result, NULL);
  /* A failing step is named, with its reason; then the policy */
  g_assert_cmpuint (kh_record_result_get_n_trace (result, 1), ==, 4);
  e = kh_record_result_get_trace (result, 1, 2);
  g_assert_cmpint (e->kind, ==, KH_TRACE_STEP);
  g_assert_cmpstr (e->label, ==, "parse-number");
  g_assert_cmpint (e->value.type, ==, KH_VALUE_NULL);
  g_assert_nonnull (strstr (e->reason, "grouping"));
  e = kh_record_result_get_trace (result, 1, 3);
  g_assert_cmpint (e->kind, ==, KH_TRACE_POLICY);
  g_assert_cmpint (e->value.type, ==, KH_VALUE_NULL);
  /* A null source: the steps are skipped */
  e = kh_record_result_get_trace (result, 0, 1);
  g_assert_cmpint (e->kind, ==, KH_TRACE_STEP);
  g_assert_true (e->skipped);

  /* Without the flag, no trace at all */
  kh_plan_eval_strings (plain, good, plain_result, NULL);
  for (guint c = 0; c < kh_record_result_get_n_cells (plain_result); c++)
    g_assert_cmpuint (kh_record_result_get_n_trace (plain_result, c), ==, 0);
}

/* ---- filters ---------------------------------------------------------- */

static KhOutcome
filter_outcome (KhFilterOp          op,
                const char * const *filter_values,
                const char         *input)
{
  g_autoptr(KhMapping) mapping = kh_mapping_new ();
  g_autoptr(KhFilter) filter = kh_filter_new ("Out", op);
  g_autoptr(KhPlan) plan = NULL;
  g_autoptr(KhRecordResult) result = NULL;
  const char *values[] = { input };
  KhOutcome outcome;

  test_add_rule (mapping, "Out", "IN", NULL);
  kh_filter_set_values (filter, filter_values);
  kh_mapping_add_filter (mapping, filter);
  plan = compile (mapping, one_column, KH_PLAN_FLAGS_NONE);
  result = kh_record_result_new (plan);
  kh_plan_eval_strings (plan, values, result, &outcome);
  if (outcome == KH_OUTCOME_FILTERED)
    g_assert_cmpint (kh_record_result_get_failed_filter (result), ==, 0);
  else
    g_assert_cmpint (kh_record_result_get_failed_filter (result), ==, -1);
  return outcome;
}

static void
test_filters (void)
{
  const char *b[] = { "B", NULL };
  const char *empty[] = { "", NULL };
  const char *set[] = { "A", "I", NULL };
  const char *regex[] = { "[A-Z]+", NULL };
  const KhOutcome W = KH_OUTCOME_WRITTEN, F = KH_OUTCOME_FILTERED;

  g_assert_cmpint (filter_outcome (KH_FILTER_OP_EQUALS, b, "B"), ==, W);
  g_assert_cmpint (filter_outcome (KH_FILTER_OP_EQUALS, b, "b"), ==, F);
  g_assert_cmpint (filter_outcome (KH_FILTER_OP_EQUALS, b, "BB"), ==, F);
  g_assert_cmpint (filter_outcome (KH_FILTER_OP_NOT_EQUALS, b, "B"), ==, F);
  g_assert_cmpint (filter_outcome (KH_FILTER_OP_NOT_EQUALS, b, NULL), ==, W);
  /* Null and the empty string compare as the empty string */
  g_assert_cmpint (filter_outcome (KH_FILTER_OP_EQUALS, empty, NULL), ==, W);
  g_assert_cmpint (filter_outcome (KH_FILTER_OP_EQUALS, empty, ""), ==, W);
  g_assert_cmpint (filter_outcome (KH_FILTER_OP_EMPTY, NULL, NULL), ==, W);
  g_assert_cmpint (filter_outcome (KH_FILTER_OP_EMPTY, NULL, ""), ==, W);
  g_assert_cmpint (filter_outcome (KH_FILTER_OP_EMPTY, NULL, " "), ==, F);
  g_assert_cmpint (filter_outcome (KH_FILTER_OP_NOT_EMPTY, NULL, NULL), ==, F);
  g_assert_cmpint (filter_outcome (KH_FILTER_OP_NOT_EMPTY, NULL, "x"), ==, W);
  g_assert_cmpint (filter_outcome (KH_FILTER_OP_MATCHES, regex, "ABC"), ==, W);
  g_assert_cmpint (filter_outcome (KH_FILTER_OP_MATCHES, regex, "ABc"), ==, F);
  g_assert_cmpint (filter_outcome (KH_FILTER_OP_MATCHES, regex, NULL), ==, F);
  g_assert_cmpint (filter_outcome (KH_FILTER_OP_ONE_OF, set, "I"), ==, W);
  g_assert_cmpint (filter_outcome (KH_FILTER_OP_ONE_OF, set, "B"), ==, F);
  g_assert_cmpint (filter_outcome (KH_FILTER_OP_NOT_ONE_OF, set, "B"), ==, W);
  g_assert_cmpint (filter_outcome (KH_FILTER_OP_NOT_ONE_OF, set, "A"), ==, F);
}

static void
test_filter_after_reject (void)
{
  g_autoptr(KhMapping) mapping = policy_mapping (KH_ON_ERROR_REJECT);
  g_autoptr(KhFilter) filter = kh_filter_new ("A", KH_FILTER_OP_EQUALS);
  g_autoptr(KhPlan) plan = NULL;
  g_autoptr(KhRecordResult) result = NULL;
  const char *bad[] = { "zz", "x" };
  KhOutcome outcome;

  kh_filter_set_value (filter, "ab");
  kh_mapping_add_filter (mapping, filter);
  plan = compile (mapping, two_columns, KH_PLAN_FLAGS_NONE);
  result = kh_record_result_new (plan);
  g_assert_cmpuint (kh_plan_get_n_filters (plan), ==, 1);

  /* A rejected record is rejected, not filtered */
  kh_plan_eval_strings (plan, bad, result, &outcome);
  g_assert_cmpint (outcome, ==, KH_OUTCOME_REJECTED);
  g_assert_cmpint (kh_record_result_get_outcome (result), ==, KH_OUTCOME_REJECTED);
}

/* ---- compiling -------------------------------------------------------- */

static void
test_compile_errors (void)
{
  g_autoptr(KhMapping) mapping = policy_mapping (KH_ON_ERROR_REJECT);
  const char * const only_one[] = { "IN1", NULL };
  g_autofree char *missing = compile_error (mapping, only_one, KH_PLAN_FLAGS_NONE);
  g_autoptr(KhPlan) lenient = NULL;
  g_autoptr(KhRecordResult) result = NULL;
  const char *values[] = { " ab " };
  KhRule *rule;
  char *message;

  kh_mapping_set_name (mapping, "ERP → CRM");
  g_free (missing);
  missing = compile_error (mapping, only_one, KH_PLAN_FLAGS_NONE);
  g_assert_cmpstr (missing, ==, "Mapping “ERP → CRM”: the source column “IN2” of rule “Amount” is not in the input");

  /* With missing columns allowed, the column reads as null */
  lenient = compile (mapping, only_one, KH_PLAN_MISSING_COLUMNS_NULL);
  result = kh_record_result_new (lenient);
  kh_plan_eval_strings (lenient, values, result, NULL);
  assert_cell (result, 1, "<null>", KH_VALUE_NULL, KH_CELL_STATUS_NULL);

  /* Step parameter errors name the rule and the step */
  rule = kh_mapping_lookup_rule (mapping, "Z");
  {
    g_autoptr(KhStep) bad_regex = test_step_new ("match", "pattern", "([A-Z]", NULL);

    kh_rule_append_step (rule, bad_regex);
  }
  message = compile_error (mapping, two_columns, KH_PLAN_FLAGS_NONE);
  g_assert_true (g_str_has_prefix (message, "Rule “Z”, step 2 (match): "));
  g_assert_nonnull (strstr (message, "is not a valid regular expression"));
  g_free (message);
  kh_rule_remove_step (rule, 1);

  {
    g_autoptr(KhStep) zone = test_step_new ("convert-timezone", "to", "Asia/Nowhere", NULL);

    kh_rule_append_step (rule, zone);
  }
  message = compile_error (mapping, two_columns, KH_PLAN_FLAGS_NONE);
  g_assert_true (g_str_has_prefix (message, "Rule “Z”, step 2 (convert-timezone): "));
  g_assert_nonnull (strstr (message, "“Asia/Nowhere” is not a known time zone"));
  g_free (message);
  kh_rule_remove_step (rule, 1);

  {
    g_autoptr(KhStep) unknown = kh_step_new ("no-such-step");

    kh_rule_append_step (rule, unknown);
  }
  message = compile_error (mapping, two_columns, KH_PLAN_FLAGS_NONE);
  g_assert_nonnull (strstr (message, "“no-such-step” is not a step of the catalogue"));
  g_free (message);
  kh_rule_remove_step (rule, 1);

  {
    g_autoptr(KhStep) no_param = kh_step_new ("pad-zeros");

    kh_rule_append_step (rule, no_param);
  }
  message = compile_error (mapping, two_columns, KH_PLAN_FLAGS_NONE);
  g_assert_nonnull (strstr (message, "needs the parameter “width”"));
  g_free (message);
  kh_rule_remove_step (rule, 1);

  /* Filters and dedupe keys must name output fields */
  {
    g_autoptr(KhFilter) filter = kh_filter_new ("Nope", KH_FILTER_OP_EMPTY);
    const char *keys[] = { "Nope", NULL };

    kh_mapping_add_filter (mapping, filter);
    message = compile_error (mapping, two_columns, KH_PLAN_FLAGS_NONE);
    g_assert_cmpstr (message, ==, "A filter uses the field “Nope”, which no rule gives");
    g_free (message);
    kh_mapping_remove_filter (mapping, 0);

    kh_mapping_set_dedupe_keys (mapping, keys);
    message = compile_error (mapping, two_columns, KH_PLAN_FLAGS_NONE);
    g_assert_cmpstr (message, ==, "The dedupe key “Nope” is not a field any rule gives");
    g_free (message);
    kh_mapping_set_dedupe_keys (mapping, NULL);
  }

  /* And then it compiles again */
  g_clear_pointer (&result, kh_record_result_free);
  g_clear_pointer (&lenient, kh_plan_unref);
  lenient = compile (mapping, two_columns, KH_PLAN_FLAGS_NONE);
}

static void
test_rule_shapes (void)
{
  g_autoptr(KhMapping) mapping = kh_mapping_new ();
  g_autoptr(KhRule) no_source = kh_rule_new ("A");
  g_autoptr(KhRule) two_sources = kh_rule_new ("B");
  g_autoptr(KhRule) late_concat = kh_rule_new ("C");
  g_autoptr(KhRule) constant_with_source = kh_rule_new ("D");
  g_autoptr(KhRule) good = kh_rule_new ("E");
  g_autoptr(KhStep) trim = test_step_new ("trim", NULL);
  g_autoptr(KhStep) concat = test_step_new ("concat", NULL);
  g_autoptr(KhStep) constant = test_step_new ("constant", "value", "x", NULL);
  g_autoptr(KhStep) lookup = test_step_new ("lookup", "code-list", "none", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (kh_rule_check (no_source, mapping, &error));
  g_assert_cmpstr (error->message, ==, "Rule “A” has no source field, so it must start with a step that needs no input, such as constant");
  g_clear_error (&error);

  kh_rule_add_source (two_sources, "X");
  kh_rule_add_source (two_sources, "Y");
  kh_rule_append_step (two_sources, trim);
  g_assert_false (kh_rule_check (two_sources, mapping, &error));
  g_assert_nonnull (strstr (error->message, "has 2 source fields, so it must start with a step that combines them"));
  g_clear_error (&error);

  kh_rule_add_source (late_concat, "X");
  kh_rule_append_step (late_concat, trim);
  kh_rule_append_step (late_concat, concat);
  g_assert_false (kh_rule_check (late_concat, mapping, &error));
  g_assert_nonnull (strstr (error->message, "Rule “C”, step 2 (concat): this step works on the rule's sources and can only come first"));
  g_clear_error (&error);

  kh_rule_add_source (constant_with_source, "X");
  kh_rule_append_step (constant_with_source, constant);
  g_assert_false (kh_rule_check (constant_with_source, mapping, &error));
  g_assert_nonnull (strstr (error->message, "takes no input"));
  g_clear_error (&error);

  kh_rule_add_source (good, "X");
  kh_rule_set_on_error (good, KH_ON_ERROR_DEFAULT);
  g_assert_false (kh_rule_check (good, mapping, &error));
  g_assert_cmpstr (error->message, ==, "Rule “E” takes its default on error, but has no default");
  g_clear_error (&error);
  kh_rule_set_default_value (good, "x");
  g_assert_true (kh_rule_check (good, mapping, &error));
  g_assert_no_error (error);

  /* The deep step check: catalogue checks plus compiling */
  g_assert_true (kh_step_check (trim, NULL, &error));
  g_assert_false (kh_step_check (lookup, mapping, &error));
  g_assert_error (error, KH_ERROR, KH_ERROR_NOT_FOUND);
  g_clear_error (&error);
  {
    g_autoptr(KhStep) pattern = test_step_new ("parse-date", "pattern", "yyyy-MM-dd", "pattern", "dd.MM.yyy", NULL);

    g_assert_false (kh_step_check (pattern, mapping, &error));
    g_assert_nonnull (strstr (error->message, "“yyy” is not supported"));
    g_clear_error (&error);
  }
}

static void
test_columns (void)
{
  g_autoptr(KhMapping) mapping = policy_mapping (KH_ON_ERROR_REJECT);
  g_autoptr(KhPlan) plan = NULL;
  g_auto(GStrv) sources = kh_plan_list_source_columns (mapping);
  const KhPlanColumn *column;
  const guint *keys;
  guint n_keys;
  const char *dedupe[] = { "Z", "A", NULL };

  /* A rule whose target the entity lacks: typed by its steps */
  test_add_rule (mapping, "Extra", "IN2", test_step_new ("parse-number", "as", "integer", NULL), NULL);
  kh_mapping_set_dedupe_keys (mapping, dedupe);
  kh_mapping_set_dedupe_keep (mapping, KH_DEDUPE_KEEP_LAST);
  plan = compile (mapping, two_columns, KH_PLAN_FLAGS_NONE);

  g_assert_cmpstrv (sources, ((const char * const []) { "IN1", "IN2", NULL }));
  g_assert_cmpuint (kh_plan_get_n_input_columns (plan), ==, 2);
  g_assert_cmpstr (kh_plan_get_input_column (plan, 1), ==, "IN2");
  g_assert_cmpuint (kh_plan_get_n_columns (plan), ==, 4);

  column = kh_plan_get_column (plan, 0);
  g_assert_cmpstr (column->name, ==, "A");
  g_assert_cmpint (column->type, ==, KH_VALUE_STRING);
  g_assert_true (column->has_field);
  column = kh_plan_get_column (plan, 1);
  g_assert_cmpstr (column->name, ==, "Amount");
  g_assert_cmpint (column->type, ==, KH_VALUE_DECIMAL);
  g_assert_cmpuint (column->n_steps, ==, 2);
  column = kh_plan_get_column (plan, kh_plan_find_column (plan, "Extra"));
  g_assert_false (column->has_field);
  g_assert_cmpint (column->type, ==, KH_VALUE_INTEGER);
  g_assert_cmpint (kh_plan_find_column (plan, "Nope"), ==, -1);

  g_assert_true (kh_plan_has_dedupe (plan));
  g_assert_cmpint (kh_plan_get_dedupe_keep (plan), ==, KH_DEDUPE_KEEP_LAST);
  keys = kh_plan_get_dedupe_columns (plan, &n_keys);
  g_assert_cmpuint (n_keys, ==, 2);
  g_assert_cmpuint (keys[0], ==, (guint) kh_plan_find_column (plan, "Z"));
  g_assert_cmpuint (keys[1], ==, 0);
}

static void
test_record_cells (void)
{
  g_autoptr(KhMapping) mapping = policy_mapping (KH_ON_ERROR_REJECT);
  g_autoptr(KhPlan) plan = compile (mapping, two_columns, KH_PLAN_FLAGS_NONE);
  g_autoptr(KhRecordResult) result = kh_record_result_new (plan);
  KhValue cells[1] = { { "x", 1, KH_VALUE_STRING } };
  KhRecord record = { cells, 1, 7, 5, NULL, 0 };
  KhOutcome outcome;

  /* A record shorter than the columns reads null for the rest */
  g_assert_true (kh_plan_eval (plan, &record, result, &outcome));
  g_assert_cmpint (outcome, ==, KH_OUTCOME_WRITTEN);
  assert_cell (result, 1, "<null>", KH_VALUE_NULL, KH_CELL_STATUS_NULL);
  g_assert_cmpuint (kh_record_result_get_number (result), ==, 5);
  g_assert_cmpuint (kh_record_result_get_line (result), ==, 7);
  g_assert_true (kh_record_result_get_plan (result) == plan);

  /* An unchanged value is the input's own memory: no copy */
  g_assert_true (kh_record_result_get_value (result, 0)->str == cells[0].str);
}

static void
test_plan_boxed (void)
{
  g_autoptr(KhMapping) mapping = policy_mapping (KH_ON_ERROR_REJECT);
  KhPlan *plan = compile (mapping, two_columns, KH_PLAN_FLAGS_NONE);
  KhPlan *copy;

  g_assert_true (G_TYPE_IS_BOXED (KH_TYPE_PLAN));
  copy = g_boxed_copy (KH_TYPE_PLAN, plan);
  g_assert_true (copy == plan);
  g_boxed_free (KH_TYPE_PLAN, copy);
  g_assert_cmpstr (kh_plan_get_mapping_name (plan), ==, kh_mapping_get_name (mapping));
  kh_plan_unref (plan);
}

/* ---- golden records --------------------------------------------------- */

static void
test_golden (void)
{
  g_autoptr(KhMapping) mapping = policy_mapping (KH_ON_ERROR_REJECT);
  g_autoptr(KhGoldenRecord) pass = kh_golden_record_new ("all good");
  g_autoptr(KhGoldenRecord) wrong = kh_golden_record_new ("wrong value");
  g_autoptr(KhGoldenRecord) nulls = kh_golden_record_new ("null expected");
  g_autoptr(KhGoldenRecord) outcome = kh_golden_record_new ("should be written");
  g_autoptr(KhGoldenRecord) rejected = kh_golden_record_new ("rejected as expected");
  g_autoptr(KhGoldenRecord) nofield = kh_golden_record_new ("unknown field");
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  KhGoldenResult *r;
  KhGoldenMismatch *m;

  kh_golden_record_set_input (pass, "IN1", " ab ");
  kh_golden_record_set_input (pass, "IN2", "1,234.50");
  kh_golden_record_set_expected (pass, "A", "ab");
  kh_golden_record_set_expected (pass, "Amount", "1234.50");
  kh_golden_record_set_outcome (pass, KH_OUTCOME_WRITTEN);

  kh_golden_record_set_input (wrong, "IN1", " ab ");
  kh_golden_record_set_input (wrong, "IN2", "1,234.50");
  kh_golden_record_set_expected (wrong, "Amount", "1234.5");
  kh_golden_record_set_outcome (wrong, KH_OUTCOME_WRITTEN);

  /* IN2 not given: null */
  kh_golden_record_set_input (nulls, "IN1", "x");
  kh_golden_record_set_expected (nulls, "Amount", NULL);
  kh_golden_record_set_expected (nulls, "A", NULL);
  kh_golden_record_set_outcome (nulls, KH_OUTCOME_WRITTEN);

  kh_golden_record_set_input (outcome, "IN2", "12,34");
  kh_golden_record_set_outcome (outcome, KH_OUTCOME_WRITTEN);

  kh_golden_record_set_input (rejected, "IN2", "12,34");
  kh_golden_record_set_outcome (rejected, KH_OUTCOME_REJECTED);

  kh_golden_record_set_input (nofield, "IN1", "x");
  kh_golden_record_set_expected (nofield, "Nope", "x");
  kh_golden_record_set_outcome (nofield, KH_OUTCOME_WRITTEN);

  kh_mapping_add_golden_record (mapping, pass);
  kh_mapping_add_golden_record (mapping, wrong);
  kh_mapping_add_golden_record (mapping, nulls);
  kh_mapping_add_golden_record (mapping, outcome);
  kh_mapping_add_golden_record (mapping, rejected);
  kh_mapping_add_golden_record (mapping, nofield);

  results = kh_golden_check (mapping, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 6);

  r = g_ptr_array_index (results, 0);
  g_assert_cmpstr (r->name, ==, "all good");
  g_assert_true (r->passed);
  g_assert_cmpuint (r->mismatches->len, ==, 0);

  r = g_ptr_array_index (results, 1);
  g_assert_false (r->passed);
  g_assert_cmpuint (r->mismatches->len, ==, 1);
  m = g_ptr_array_index (r->mismatches, 0);
  g_assert_cmpstr (m->field, ==, "Amount");
  g_assert_cmpstr (m->expected, ==, "1234.5");
  g_assert_cmpstr (m->actual, ==, "1234.50");
  g_assert_cmpstr (m->message, ==, "Golden record “wrong value”: Amount: expected “1234.5”, got “1234.50”");

  r = g_ptr_array_index (results, 2);
  g_assert_false (r->passed);
  g_assert_cmpuint (r->mismatches->len, ==, 1);
  m = g_ptr_array_index (r->mismatches, 0);
  g_assert_cmpstr (m->field, ==, "A");
  g_assert_null (m->expected);
  g_assert_cmpstr (m->message, ==, "Golden record “null expected”: A: expected null, got “x”");

  r = g_ptr_array_index (results, 3);
  g_assert_false (r->passed);
  g_assert_cmpint (r->expected_outcome, ==, KH_OUTCOME_WRITTEN);
  g_assert_cmpint (r->actual_outcome, ==, KH_OUTCOME_REJECTED);
  m = g_ptr_array_index (r->mismatches, 0);
  g_assert_null (m->field);
  g_assert_cmpstr (m->expected, ==, "written");
  g_assert_cmpstr (m->actual, ==, "rejected");
  g_assert_true (g_str_has_prefix (m->message, "Golden record “should be written”: expected the record to be written, but it was rejected: Amount: step 2 (parse-number): “12,34”"));
  g_assert_cmpuint (r->errors->len, ==, 1);

  r = g_ptr_array_index (results, 4);
  g_assert_true (r->passed);
  g_assert_cmpuint (r->errors->len, ==, 1);

  r = g_ptr_array_index (results, 5);
  g_assert_false (r->passed);
  m = g_ptr_array_index (r->mismatches, 0);
  g_assert_cmpstr (m->message, ==, "Golden record “unknown field”: Nope: no rule gives this field");
}

static void
test_golden_abort (void)
{
  g_autoptr(KhMapping) mapping = policy_mapping (KH_ON_ERROR_ABORT);
  g_autoptr(KhGoldenRecord) record = kh_golden_record_new ("aborts");
  g_autoptr(KhPlan) plan = NULL;
  g_autoptr(KhGoldenResult) r = NULL;
  g_autoptr(GError) error = NULL;
  KhGoldenMismatch *m;

  kh_golden_record_set_input (record, "IN2", "x");
  kh_golden_record_set_outcome (record, KH_OUTCOME_REJECTED);
  plan = kh_golden_plan_new (mapping, &error);
  g_assert_no_error (error);
  r = kh_golden_check_record (plan, record);
  g_assert_false (r->passed);
  g_assert_true (r->aborted);
  m = g_ptr_array_index (r->mismatches, 0);
  g_assert_cmpstr (m->actual, ==, "aborted");
  g_assert_nonnull (strstr (m->message, "but it was aborted (the run would stop)"));
}

static void
test_golden_compile_error (void)
{
  g_autoptr(KhMapping) mapping = policy_mapping (KH_ON_ERROR_DEFAULT);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = NULL;

  kh_rule_set_default_value (kh_mapping_lookup_rule (mapping, "Amount"), "nope");
  results = kh_golden_check (mapping, &error);
  g_assert_null (results);
  g_assert_error (error, KH_ERROR, KH_ERROR_INVALID_MAPPING);
}

/* ---- threads ---------------------------------------------------------- */

typedef struct
{
  KhPlan  *plan;
  guint    n_ok;
} Worker;

static gpointer
worker_thread (gpointer data)
{
  Worker *worker = data;
  g_autoptr(KhRecordResult) result = kh_record_result_new (worker->plan);
  const char *values[] = { " ab ", "1,234.50" };

  for (guint i = 0; i < 20000; i++)
    {
      g_autofree char *a = NULL;
      g_autofree char *amount = NULL;
      KhOutcome outcome;

      kh_plan_eval_strings (worker->plan, values, result, &outcome);
      a = cell_text (result, 0);
      amount = cell_text (result, 1);
      if (outcome == KH_OUTCOME_WRITTEN && strcmp (a, "ab") == 0 && strcmp (amount, "1234.50") == 0)
        worker->n_ok++;
    }
  return NULL;
}

static void
test_thread_smoke (void)
{
  g_autoptr(KhMapping) mapping = policy_mapping (KH_ON_ERROR_REJECT);
  Worker worker = { NULL, 0 };
  GThread *thread;

  worker.plan = compile (mapping, two_columns, KH_PLAN_FLAGS_NONE);
  thread = g_thread_new ("engine-worker", worker_thread, &worker);

  /* Edit the mapping hard while the worker evaluates */
  for (guint i = 0; i < 2000; i++)
    {
      KhRule *rule = kh_mapping_lookup_rule (mapping, "A");
      g_autoptr(KhStep) step = test_step_new ("upper-case", NULL);

      kh_rule_append_step (rule, step);
      kh_rule_remove_step (rule, 0);
      kh_mapping_set_name (mapping, i % 2 ? "one" : "two");
      kh_mapping_remove_rule (mapping, "Z");
      test_add_rule (mapping, "Z", "IN1", test_step_new ("lower-case", NULL), NULL);
      kh_entity_remove_field (kh_mapping_get_target_entity (mapping), "Amount");
      test_add_field (mapping, "Amount", KH_FIELD_TYPE_STRING);
    }

  g_thread_join (thread);
  g_assert_cmpuint (worker.n_ok, ==, 20000);
  kh_plan_unref (worker.plan);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/engine/plan/contract/types", test_contract_types);
  g_test_add_func ("/engine/plan/contract/facets", test_contract_facets);
  g_test_add_func ("/engine/plan/default", test_default);
  g_test_add_func ("/engine/plan/policies", test_policies);
  g_test_add_func ("/engine/plan/abort-continue", test_abort_continue);
  g_test_add_func ("/engine/plan/reject-lists-every-error", test_reject_lists_every_error);
  g_test_add_func ("/engine/plan/statuses", test_statuses);
  g_test_add_func ("/engine/plan/context-between-rules", test_context_between_rules);
  g_test_add_func ("/engine/plan/trace", test_trace);
  g_test_add_func ("/engine/plan/filters", test_filters);
  g_test_add_func ("/engine/plan/filter-after-reject", test_filter_after_reject);
  g_test_add_func ("/engine/plan/compile-errors", test_compile_errors);
  g_test_add_func ("/engine/plan/rule-shapes", test_rule_shapes);
  g_test_add_func ("/engine/plan/columns", test_columns);
  g_test_add_func ("/engine/plan/record-cells", test_record_cells);
  g_test_add_func ("/engine/plan/boxed", test_plan_boxed);
  g_test_add_func ("/engine/plan/golden", test_golden);
  g_test_add_func ("/engine/plan/golden-abort", test_golden_abort);
  g_test_add_func ("/engine/plan/golden-compile-error", test_golden_compile_error);
  g_test_add_func ("/engine/plan/thread-smoke", test_thread_smoke);

  return g_test_run ();
}
