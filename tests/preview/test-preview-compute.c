/* test-preview-compute.c: the preview computation on crafted mappings:
 * values, statuses, reasons, per-rule counts, outcomes (filter, dedupe
 * first and last, abort), filters, lazy traces, golden records, missing
 * columns and compile errors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kh-error.h"
#include "kh-golden.h"
#include "kh-mapping-xml.h"
#include "kh-preview-test-util.h"
#include "kh-preview.h"

/* Six rules, one per policy worth testing, a filter and a dedupe key.
 * @KEEP@ is replaced by "first" or "last". */
static const char mapping_xml[] =
  "<mapping xmlns='urn:kakehashi:mapping:1' name='preview test'>"
  " <source><entity name='IN'>"
  "  <field name='ID' type='string'/><field name='NAME' type='string'/>"
  "  <field name='AMT' type='string'/><field name='DATE' type='string'/>"
  "  <field name='CODE' type='string'/><field name='FLAG' type='string'/>"
  " </entity></source>"
  " <target><entity name='Out'>"
  "  <field name='Id' type='string' required='true' max-length='8'/>"
  "  <field name='Name' type='string' max-length='20'/>"
  "  <field name='Amount' type='decimal' precision='10' scale='2'/>"
  "  <field name='Created' type='date'/>"
  "  <field name='Status' type='string'/>"
  "  <field name='Active' type='boolean'/>"
  " </entity></target>"
  " <code-lists><code-list name='status' unknown='error'>"
  "  <entry from='A' to='Active'/><entry from='C' to='Closed'/>"
  " </code-list></code-lists>"
  " <rules>"
  "  <rule target='Id' on-error='reject'><source field='ID'/><step id='trim'/></rule>"
  "  <rule target='Name' on-error='reject'><source field='NAME'/><step id='trim'/><step id='upper-case'/>"
  "   <default value='NONAME'/></rule>"
  "  <rule target='Amount' on-error='null'><source field='AMT'/>"
  "   <step id='parse-number'><param name='decimal-separator' value='.'/>"
  "    <param name='grouping-separator' value=','/></step></rule>"
  "  <rule target='Created' on-error='default'><source field='DATE'/>"
  "   <step id='parse-date'><param name='pattern' value='yyyyMMdd'/></step>"
  "   <default value='2000-01-01'/></rule>"
  "  <rule target='Status' on-error='keep'><source field='CODE'/>"
  "   <step id='lookup'><param name='code-list' value='status'/></step></rule>"
  "  <rule target='Active' on-error='reject'><source field='FLAG'/><step id='boolean'/></rule>"
  " </rules>"
  " <record-rules>"
  "  <filter field='Status' op='not-equals'><value>Closed</value></filter>"
  "  <dedupe keep='@KEEP@'><key field='Id'/></dedupe>"
  " </record-rules>"
  "</mapping>";

static const char samples_csv[] =
  "ID,NAME,AMT,DATE,CODE,FLAG\n"
  "1, alice ,\"1,234.50\",20240131,A,X\n"   /* 0 written (keep first) */
  "2,Bob,abc,20240230,A,\n"                 /* 1 written: Amount null, Created defaulted */
  "3,Carol,10,20240101,C,X\n"               /* 2 filtered: Closed */
  "1,Alice2,5,20240101,A,X\n"               /* 3 duplicate of 0 (keep first) */
  ",Dan,5,20240101,A,X\n"                   /* 4 rejected: Id required */
  "5,,7,20240101,Z,maybe\n"                 /* 5 rejected: Active; Status kept raw */
  "6,Eve,8,20240101,A,X\n";                 /* 6 written */

enum { ID, NAME, AMOUNT, CREATED, STATUS, ACTIVE };

static KhMapping *
load_test_mapping (const char *keep)
{
  g_autoptr(GString) xml = g_string_new (mapping_xml);

  g_string_replace (xml, "@KEEP@", keep, 0);
  return test_mapping_from_xml (xml->str, FALSE);
}

static KhPreviewResult *
compute (KhMapping      *mapping,
         KhSampleSet    *samples,
         KhPreviewFlags  flags)
{
  g_autoptr(GError) error = NULL;
  KhPreviewResult *result = kh_preview_compute (mapping, samples, flags, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

#define assert_cell(result, row, column, text, vtype, cstatus, is_failed) \
  G_STMT_START { \
    KhPreviewRow *_row = kh_preview_result_get_row ((result), (row)); \
    g_assert_cmpstr (kh_preview_row_get_value (_row, (column)), ==, (text)); \
    g_assert_cmpint (kh_preview_row_get_value_type (_row, (column)), ==, (vtype)); \
    g_assert_cmpint (kh_preview_row_get_status (_row, (column)), ==, (cstatus)); \
    g_assert_cmpint (kh_preview_row_get_failed (_row, (column)), ==, (is_failed)); \
  } G_STMT_END

static KhOutcome
outcome_of (KhPreviewResult *result,
            guint            row)
{
  return kh_preview_row_get_outcome (kh_preview_result_get_row (result, row));
}

static void
test_values_and_statuses (void)
{
  g_autoptr(KhMapping) mapping = load_test_mapping ("first");
  g_autoptr(KhSampleSet) samples = test_samples_from_csv (samples_csv);
  g_autoptr(KhPreviewResult) result = compute (mapping, samples, KH_PREVIEW_FLAGS_NONE);
  KhPreviewRow *row;

  g_assert_cmpuint (kh_preview_result_get_n_records (result), ==, 7);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (result)), ==, 7);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (result)) == KH_TYPE_PREVIEW_ROW);
  g_assert_cmpuint (kh_preview_result_get_n_columns (result), ==, 6);

  /* Record 1: every step changes something. */
  assert_cell (result, 0, ID, "1", KH_VALUE_STRING, KH_CELL_STATUS_OK, FALSE);
  assert_cell (result, 0, NAME, "ALICE", KH_VALUE_STRING, KH_CELL_STATUS_CHANGED, FALSE);
  assert_cell (result, 0, AMOUNT, "1234.50", KH_VALUE_DECIMAL, KH_CELL_STATUS_CHANGED, FALSE);
  assert_cell (result, 0, CREATED, "2024-01-31", KH_VALUE_DATE, KH_CELL_STATUS_CHANGED, FALSE);
  assert_cell (result, 0, STATUS, "Active", KH_VALUE_STRING, KH_CELL_STATUS_CHANGED, FALSE);
  assert_cell (result, 0, ACTIVE, "true", KH_VALUE_BOOLEAN, KH_CELL_STATUS_CHANGED, FALSE);

  /* Record 2: policy null and policy default hide a failure that keeps
   * its reason. */
  assert_cell (result, 1, AMOUNT, NULL, KH_VALUE_NULL, KH_CELL_STATUS_NULL, TRUE);
  assert_cell (result, 1, CREATED, "2000-01-01", KH_VALUE_DATE, KH_CELL_STATUS_DEFAULTED, TRUE);
  assert_cell (result, 1, ACTIVE, "false", KH_VALUE_BOOLEAN, KH_CELL_STATUS_CHANGED, FALSE);
  row = kh_preview_result_get_row (result, 1);
  g_assert_nonnull (strstr (kh_preview_row_get_reason (row, AMOUNT), "abc"));
  g_assert_cmpint (kh_preview_row_get_error_step (row, AMOUNT), ==, 0);
  g_assert_cmpstr (kh_preview_row_get_error_step_id (row, AMOUNT), ==, "parse-number");
  g_assert_cmpstr (kh_preview_row_get_error_step_id (row, CREATED), ==, "parse-date");
  g_assert_null (kh_preview_row_get_reason (row, NAME));
  g_assert_cmpuint (kh_preview_row_get_n_errors (row), ==, 2);

  /* Record 5: the target contract (required) fails, not a step. */
  row = kh_preview_result_get_row (result, 4);
  assert_cell (result, 4, ID, NULL, KH_VALUE_NULL, KH_CELL_STATUS_ERROR, TRUE);
  g_assert_cmpint (kh_preview_row_get_error_step (row, ID), ==, -1);
  g_assert_null (kh_preview_row_get_error_step_id (row, ID));
  g_assert_nonnull (kh_preview_row_get_reason (row, ID));

  /* Record 6: keep keeps the raw code (status error, record not rejected
   * for it); the empty name takes the rule's default. */
  assert_cell (result, 5, STATUS, "Z", KH_VALUE_STRING, KH_CELL_STATUS_ERROR, TRUE);
  assert_cell (result, 5, NAME, "NONAME", KH_VALUE_STRING, KH_CELL_STATUS_DEFAULTED, FALSE);
  assert_cell (result, 5, ACTIVE, NULL, KH_VALUE_NULL, KH_CELL_STATUS_ERROR, TRUE);
  row = kh_preview_result_get_row (result, 5);
  {
    guint column = 99;
    int step = 99;
    const char *step_id = NULL, *reason = NULL;
    KhOnError policy = KH_ON_ERROR_NULL;

    /* Errors come in rule order, as the rejects file lists them. */
    g_assert_cmpuint (kh_preview_row_get_n_errors (row), ==, 2);
    g_assert_true (kh_preview_row_get_error (row, 0, &column, &step, &step_id, &reason, &policy));
    g_assert_cmpuint (column, ==, STATUS);
    g_assert_cmpint (step, ==, 0);
    g_assert_cmpstr (step_id, ==, "lookup");
    g_assert_cmpint (policy, ==, KH_ON_ERROR_KEEP);
    g_assert_nonnull (strstr (reason, "Z"));
    g_assert_true (kh_preview_row_get_error (row, 1, &column, NULL, &step_id, NULL, &policy));
    g_assert_cmpuint (column, ==, ACTIVE);
    g_assert_cmpstr (step_id, ==, "boolean");
    g_assert_cmpint (policy, ==, KH_ON_ERROR_REJECT);
    g_assert_false (kh_preview_row_get_error (row, 2, NULL, NULL, NULL, NULL, NULL));
  }

  /* The source record, for the before/after view. */
  g_assert_cmpstr (kh_preview_row_lookup_source_value (kh_preview_result_get_row (result, 0), "NAME"), ==, " alice ");
  g_assert_cmpstr (kh_preview_row_get_source_value (kh_preview_result_get_row (result, 0), 2), ==, "1,234.50");
  g_assert_null (kh_preview_row_lookup_source_value (kh_preview_result_get_row (result, 0), "NOPE"));

  /* Record numbers are 1-based sample positions. */
  g_assert_cmpuint (kh_preview_row_get_number (kh_preview_result_get_row (result, 6)), ==, 7);
  g_assert_cmpuint (kh_preview_row_get_position (kh_preview_result_get_row (result, 6)), ==, 6);

  /* A column past the end reads as null, quietly. */
  g_assert_null (kh_preview_row_get_value (kh_preview_result_get_row (result, 0), 6));
  g_assert_cmpint (kh_preview_row_get_status (kh_preview_result_get_row (result, 0), 6), ==, KH_CELL_STATUS_NULL);
  g_assert_null (kh_preview_result_get_row (result, 7));

  /* The same row object every time. */
  g_assert_true (kh_preview_result_get_row (result, 3) == kh_preview_result_get_row (result, 3));
  {
    g_autoptr(KhPreviewRow) item = g_list_model_get_item (G_LIST_MODEL (result), 3);
    g_assert_true (item == kh_preview_result_get_row (result, 3));
  }
}

static void
test_cell_object (void)
{
  g_autoptr(KhMapping) mapping = load_test_mapping ("first");
  g_autoptr(KhSampleSet) samples = test_samples_from_csv (samples_csv);
  g_autoptr(KhPreviewResult) result = compute (mapping, samples, KH_PREVIEW_FLAGS_NONE);
  g_autoptr(KhPreviewCell) cell = kh_preview_row_get_cell (kh_preview_result_get_row (result, 1), AMOUNT);
  g_autofree char *reason = NULL;
  KhCellStatus status;
  gboolean failed;

  g_assert_nonnull (cell);
  g_assert_cmpstr (kh_preview_cell_get_target (cell), ==, "Amount");
  g_assert_null (kh_preview_cell_get_value (cell));
  g_assert_cmpstr (kh_preview_cell_get_step_id (cell), ==, "parse-number");
  g_assert_cmpint (kh_preview_cell_get_policy (cell), ==, KH_ON_ERROR_NULL);
  g_object_get (cell, "status", &status, "failed", &failed, "reason", &reason, NULL);
  g_assert_cmpint (status, ==, KH_CELL_STATUS_NULL);
  g_assert_true (failed);
  g_assert_cmpstr (reason, ==, kh_preview_cell_get_reason (cell));
  g_assert_null (kh_preview_row_get_cell (kh_preview_result_get_row (result, 1), 6));
}

static void
test_column_counts (void)
{
  g_autoptr(KhMapping) mapping = load_test_mapping ("first");
  g_autoptr(KhSampleSet) samples = test_samples_from_csv (samples_csv);
  g_autoptr(KhPreviewResult) result = compute (mapping, samples, KH_PREVIEW_FLAGS_NONE);
  GListModel *columns = kh_preview_result_get_columns (result);
  KhPreviewColumn *column;
  guint n_failed, n_null;

  g_assert_cmpuint (g_list_model_get_n_items (columns), ==, 6);
  g_assert_true (kh_preview_result_get_columns (result) == columns);

  column = kh_preview_result_get_column (result, AMOUNT);
  g_assert_cmpstr (kh_preview_column_get_target (column), ==, "Amount");
  g_assert_cmpint (kh_preview_column_get_field_type (column), ==, KH_FIELD_TYPE_DECIMAL);
  g_assert_cmpint (kh_preview_column_get_value_type (column), ==, KH_VALUE_DECIMAL);
  g_assert_cmpint (kh_preview_column_get_on_error (column), ==, KH_ON_ERROR_NULL);
  g_assert_cmpstrv (kh_preview_column_get_sources (column), ((const char *[]) { "AMT", NULL }));
  /* "abc" fails; every other amount parses and differs from its text
   * except "10", "5", "5", "7", "8" which parse to themselves. */
  g_assert_cmpuint (kh_preview_column_get_n_failed (column), ==, 1);
  g_assert_cmpint (kh_preview_column_get_first_failed (column), ==, 1);
  g_assert_cmpuint (kh_preview_column_get_count (column, KH_CELL_STATUS_NULL), ==, 1);
  g_assert_cmpuint (kh_preview_column_get_count (column, KH_CELL_STATUS_CHANGED), ==, 1);
  g_assert_cmpuint (kh_preview_column_get_count (column, KH_CELL_STATUS_OK), ==, 5);
  g_object_get (column, "n-failed", &n_failed, "n-null", &n_null, NULL);
  g_assert_cmpuint (n_failed, ==, 1);
  g_assert_cmpuint (n_null, ==, 1);

  column = kh_preview_result_get_column (result, CREATED);
  g_assert_cmpuint (kh_preview_column_get_n_failed (column), ==, 1);
  g_assert_cmpuint (kh_preview_column_get_count (column, KH_CELL_STATUS_DEFAULTED), ==, 1);
  g_assert_cmpuint (kh_preview_column_get_count (column, KH_CELL_STATUS_CHANGED), ==, 6);

  column = kh_preview_result_get_column (result, NAME);
  g_assert_cmpuint (kh_preview_column_get_n_failed (column), ==, 0);
  g_assert_cmpint (kh_preview_column_get_first_failed (column), ==, -1);
  g_assert_cmpuint (kh_preview_column_get_count (column, KH_CELL_STATUS_DEFAULTED), ==, 1);
  g_assert_cmpuint (kh_preview_column_get_count (column, KH_CELL_STATUS_CHANGED), ==, 6);

  column = kh_preview_result_get_column (result, STATUS);
  g_assert_cmpuint (kh_preview_column_get_count (column, KH_CELL_STATUS_ERROR), ==, 1);
  g_assert_cmpuint (kh_preview_column_get_n_failed (column), ==, 1);

  column = kh_preview_result_get_column (result, ID);
  g_assert_cmpuint (kh_preview_column_get_count (column, KH_CELL_STATUS_ERROR), ==, 1);
  g_assert_cmpuint (kh_preview_column_get_count (column, KH_CELL_STATUS_OK), ==, 6);
  g_assert_cmpint (kh_preview_column_get_required (column), ==, KH_REQUIRED_YES);
  g_assert_cmpint (kh_preview_column_get_max_length (column), ==, 8);

  g_assert_null (kh_preview_result_get_column (result, 6));
  g_assert_cmpint (kh_preview_result_find_column (result, "Active"), ==, ACTIVE);
  g_assert_cmpint (kh_preview_result_find_column (result, "Nope"), ==, -1);
}

static void
test_outcomes_keep_first (void)
{
  g_autoptr(KhMapping) mapping = load_test_mapping ("first");
  g_autoptr(KhSampleSet) samples = test_samples_from_csv (samples_csv);
  g_autoptr(KhPreviewResult) result = compute (mapping, samples, KH_PREVIEW_FLAGS_NONE);
  const KhOutcome expected[] = {
    KH_OUTCOME_WRITTEN, KH_OUTCOME_WRITTEN, KH_OUTCOME_FILTERED, KH_OUTCOME_DUPLICATE,
    KH_OUTCOME_REJECTED, KH_OUTCOME_REJECTED, KH_OUTCOME_WRITTEN,
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpint (outcome_of (result, i), ==, expected[i]);

  g_assert_cmpuint (kh_preview_result_get_n_outcome (result, KH_OUTCOME_WRITTEN), ==, 3);
  g_assert_cmpuint (kh_preview_result_get_n_outcome (result, KH_OUTCOME_REJECTED), ==, 2);
  g_assert_cmpuint (kh_preview_result_get_n_outcome (result, KH_OUTCOME_DUPLICATE), ==, 1);
  g_assert_cmpuint (kh_preview_result_get_n_outcome (result, KH_OUTCOME_FILTERED), ==, 1);
  g_assert_cmpint (kh_preview_row_get_failed_filter (kh_preview_result_get_row (result, 2)), ==, 0);
  g_assert_cmpint (kh_preview_row_get_failed_filter (kh_preview_result_get_row (result, 0)), ==, -1);
  g_assert_true (kh_preview_result_has_dedupe (result));
  g_assert_cmpint (kh_preview_result_get_dedupe_keep (result), ==, KH_DEDUPE_KEEP_FIRST);
  g_assert_cmpint (kh_preview_result_get_abort_position (result), ==, -1);
}

static void
test_outcomes_keep_last (void)
{
  g_autoptr(KhMapping) mapping = load_test_mapping ("last");
  g_autoptr(KhSampleSet) samples = test_samples_from_csv (samples_csv);
  g_autoptr(KhPreviewResult) result = compute (mapping, samples, KH_PREVIEW_FLAGS_NONE);

  /* The later record with Id 1 wins; the first one is the duplicate. */
  g_assert_cmpint (outcome_of (result, 0), ==, KH_OUTCOME_DUPLICATE);
  g_assert_cmpint (outcome_of (result, 3), ==, KH_OUTCOME_WRITTEN);
  g_assert_cmpint (outcome_of (result, 1), ==, KH_OUTCOME_WRITTEN);
  g_assert_cmpint (outcome_of (result, 6), ==, KH_OUTCOME_WRITTEN);
  g_assert_cmpuint (kh_preview_result_get_n_outcome (result, KH_OUTCOME_DUPLICATE), ==, 1);
  g_assert_cmpuint (kh_preview_result_get_n_outcome (result, KH_OUTCOME_WRITTEN), ==, 3);
}

static void
test_dedupe_chain (void)
{
  g_autoptr(KhMapping) first = load_test_mapping ("first");
  g_autoptr(KhMapping) last = load_test_mapping ("last");
  g_autoptr(KhSampleSet) samples = test_samples_from_csv ("ID,NAME,AMT,DATE,CODE,FLAG\n"
                                                          "7,a,1,20240101,A,X\n"
                                                          "7,b,1,20240101,A,X\n"
                                                          "8,c,1,20240101,A,X\n"
                                                          "7,d,1,20240101,A,X\n"
                                                          "7,e,1,20240101,C,X\n");
  g_autoptr(KhPreviewResult) rf = compute (first, samples, KH_PREVIEW_NO_TRACE);
  g_autoptr(KhPreviewResult) rl = compute (last, samples, KH_PREVIEW_NO_TRACE);

  /* Only records that pass the filters take part in dedupe. */
  g_assert_cmpint (outcome_of (rf, 0), ==, KH_OUTCOME_WRITTEN);
  g_assert_cmpint (outcome_of (rf, 1), ==, KH_OUTCOME_DUPLICATE);
  g_assert_cmpint (outcome_of (rf, 2), ==, KH_OUTCOME_WRITTEN);
  g_assert_cmpint (outcome_of (rf, 3), ==, KH_OUTCOME_DUPLICATE);
  g_assert_cmpint (outcome_of (rf, 4), ==, KH_OUTCOME_FILTERED);

  g_assert_cmpint (outcome_of (rl, 0), ==, KH_OUTCOME_DUPLICATE);
  g_assert_cmpint (outcome_of (rl, 1), ==, KH_OUTCOME_DUPLICATE);
  g_assert_cmpint (outcome_of (rl, 2), ==, KH_OUTCOME_WRITTEN);
  g_assert_cmpint (outcome_of (rl, 3), ==, KH_OUTCOME_WRITTEN);
  g_assert_cmpint (outcome_of (rl, 4), ==, KH_OUTCOME_FILTERED);
}

static void
test_abort (void)
{
  static const char xml[] =
    "<mapping xmlns='urn:kakehashi:mapping:1'>"
    " <source><entity name='IN'><field name='A' type='string'/><field name='B' type='string'/></entity></source>"
    " <target><entity name='Out'><field name='N' type='integer'/><field name='T' type='string'/></entity></target>"
    " <rules>"
    "  <rule target='N' on-error='abort'><source field='A'/></rule>"
    "  <rule target='T' on-error='reject'><source field='B'/><step id='upper-case'/></rule>"
    " </rules>"
    "</mapping>";
  g_autoptr(KhMapping) mapping = test_mapping_from_xml (xml, FALSE);
  g_autoptr(KhSampleSet) samples = test_samples_from_csv ("A,B\n1,x\nnope,y\n3,z\nagain,w\n");
  g_autoptr(KhPreviewResult) result = compute (mapping, samples, KH_PREVIEW_FLAGS_NONE);
  g_autoptr(GError) error = NULL;
  g_autoptr(KhGoldenRecord) golden = NULL;

  g_assert_cmpint (kh_preview_result_get_abort_position (result), ==, 1);
  g_assert_true (kh_preview_row_is_aborted (kh_preview_result_get_row (result, 1)));
  g_assert_true (kh_preview_row_is_aborted (kh_preview_result_get_row (result, 3)));
  g_assert_false (kh_preview_row_is_aborted (kh_preview_result_get_row (result, 2)));
  g_assert_cmpint (outcome_of (result, 1), ==, KH_OUTCOME_REJECTED);
  /* The preview goes on after the abort so that every cell shows. */
  assert_cell (result, 1, 1, "Y", KH_VALUE_STRING, KH_CELL_STATUS_CHANGED, FALSE);
  assert_cell (result, 2, 0, "3", KH_VALUE_INTEGER, KH_CELL_STATUS_OK, FALSE);
  assert_cell (result, 1, 0, NULL, KH_VALUE_NULL, KH_CELL_STATUS_ERROR, TRUE);

  /* An aborting record cannot be a golden record. */
  golden = kh_preview_result_make_golden_record (result, 1, NULL, &error);
  g_assert_error (error, KH_ERROR, KH_ERROR_FAILED);
  g_assert_null (golden);
}

static void
test_filters (void)
{
  g_autoptr(KhMapping) mapping = load_test_mapping ("first");
  g_autoptr(KhSampleSet) samples = test_samples_from_csv (samples_csv);
  g_autoptr(KhPreviewResult) result = compute (mapping, samples, KH_PREVIEW_FLAGS_NONE);
  g_autofree guint *errors = NULL;
  guint n = 0;

  /* Errors only: a rule failed in records 2 (Amount, Created), 5 (Id) and
   * 6 (Status, Active). */
  errors = kh_preview_result_filter (result, KH_PREVIEW_FILTER_ERRORS, -1, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpuint (errors[0], ==, 1);
  g_assert_cmpuint (errors[1], ==, 4);
  g_assert_cmpuint (errors[2], ==, 5);

  /* By rule. */
  g_assert_cmpuint (kh_preview_result_count (result, KH_PREVIEW_FILTER_ERRORS, AMOUNT), ==, 1);
  g_assert_true (kh_preview_result_row_matches (result, 1, KH_PREVIEW_FILTER_ERRORS, AMOUNT));
  g_assert_false (kh_preview_result_row_matches (result, 5, KH_PREVIEW_FILTER_ERRORS, AMOUNT));
  g_assert_cmpuint (kh_preview_result_count (result, KH_PREVIEW_FILTER_ALL, ID), ==, 1);
  g_assert_cmpuint (kh_preview_result_count (result, KH_PREVIEW_FILTER_ALL, -1), ==, 7);
  g_assert_cmpuint (kh_preview_result_count (result, KH_PREVIEW_FILTER_CHANGED, AMOUNT), ==, 1);
  g_assert_cmpuint (kh_preview_result_count (result, KH_PREVIEW_FILTER_DEFAULTED, -1), ==, 2);
  g_assert_cmpuint (kh_preview_result_count (result, KH_PREVIEW_FILTER_DEFAULTED, NAME), ==, 1);
  g_assert_cmpuint (kh_preview_result_count (result, KH_PREVIEW_FILTER_CHANGED, -1), ==, 7);
  g_assert_cmpuint (kh_preview_result_count (result, KH_PREVIEW_FILTER_ERRORS, 99), ==, 0);
  g_assert_cmpuint (kh_preview_result_count (result, KH_PREVIEW_FILTER_ALL, 99), ==, 0);
  /* Record-level filters ignore the column. */
  g_assert_cmpuint (kh_preview_result_count (result, KH_PREVIEW_FILTER_REJECTED, 99), ==, 2);
  g_assert_cmpuint (kh_preview_result_count (result, KH_PREVIEW_FILTER_WRITTEN, AMOUNT), ==, 3);

  /* Record level. */
  g_assert_cmpuint (kh_preview_result_count (result, KH_PREVIEW_FILTER_REJECTED, -1), ==, 2);
  g_assert_cmpuint (kh_preview_result_count (result, KH_PREVIEW_FILTER_DUPLICATES, -1), ==, 1);
  g_assert_true (kh_preview_row_matches (kh_preview_result_get_row (result, 3), KH_PREVIEW_FILTER_DUPLICATES, -1));
  g_assert_cmpuint (kh_preview_result_count (result, KH_PREVIEW_FILTER_FILTERED, -1), ==, 1);
  g_assert_cmpuint (kh_preview_result_count (result, KH_PREVIEW_FILTER_WRITTEN, -1), ==, 3);
}

static void
test_trace (void)
{
  g_autoptr(KhMapping) mapping = load_test_mapping ("first");
  g_autoptr(KhSampleSet) samples = test_samples_from_csv (samples_csv);
  g_autoptr(KhPreviewResult) result = compute (mapping, samples, KH_PREVIEW_FLAGS_NONE);
  g_autoptr(KhPreviewTrace) trace = NULL;
  g_autoptr(KhPreviewTrace) ok = NULL;
  g_autoptr(KhPreviewTraceEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  guint n;

  g_assert_true (kh_preview_result_can_explain (result));

  /* The failing cell's trace names the failing step and its reason. */
  trace = kh_preview_result_explain (result, 5, ACTIVE, &error);
  g_assert_no_error (error);
  g_assert_true (kh_preview_trace_get_failed (trace));
  g_assert_cmpint (kh_preview_trace_get_step_index (trace), ==, 0);
  g_assert_cmpstr (kh_preview_trace_get_step_id (trace), ==, "boolean");
  g_assert_cmpstr (kh_preview_trace_get_target (trace), ==, "Active");
  g_assert_cmpstr (kh_preview_trace_get_reason (trace), ==,
                   kh_preview_row_get_reason (kh_preview_result_get_row (result, 5), ACTIVE));
  g_assert_cmpint (kh_preview_trace_get_status (trace), ==, KH_CELL_STATUS_ERROR);

  n = g_list_model_get_n_items (G_LIST_MODEL (trace));
  g_assert_cmpuint (n, >=, 2);
  entry = g_list_model_get_item (G_LIST_MODEL (trace), 0);
  g_assert_cmpint (kh_preview_trace_entry_get_kind (entry), ==, KH_TRACE_SOURCE);
  g_assert_cmpstr (kh_preview_trace_entry_get_label (entry), ==, "FLAG");
  g_assert_cmpstr (kh_preview_trace_entry_get_value (entry), ==, "maybe");
  g_assert_nonnull (strstr (kh_preview_trace_entry_get_title (entry), "FLAG"));
  g_clear_object (&entry);
  entry = g_list_model_get_item (G_LIST_MODEL (trace), 1);
  g_assert_cmpint (kh_preview_trace_entry_get_kind (entry), ==, KH_TRACE_STEP);
  g_assert_cmpint (kh_preview_trace_entry_get_step_index (entry), ==, 0);
  g_assert_cmpstr (kh_preview_trace_entry_get_label (entry), ==, "boolean");
  g_assert_true (kh_preview_trace_entry_get_failed (entry));
  g_assert_nonnull (kh_preview_trace_entry_get_reason (entry));
  g_clear_object (&entry);

  /* A good cell: the value after each step, ending at the cell's value. */
  ok = kh_preview_row_explain (kh_preview_result_get_row (result, 0), NAME, &error);
  g_assert_no_error (error);
  g_assert_false (kh_preview_trace_get_failed (ok));
  g_assert_cmpint (kh_preview_trace_get_step_index (ok), ==, -1);
  g_assert_cmpstr (kh_preview_trace_get_value (ok), ==, "ALICE");
  {
    const char *expected[] = { " alice ", "alice", "ALICE" };

    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ok)), >=, 3);
    for (guint i = 0; i < 3; i++)
      {
        g_autoptr(KhPreviewTraceEntry) e = g_list_model_get_item (G_LIST_MODEL (ok), i);

        g_assert_cmpstr (kh_preview_trace_entry_get_value (e), ==, expected[i]);
        g_assert_false (kh_preview_trace_entry_get_failed (e));
      }
  }

  /* Every cell's trace ends with the value the main computation gave. */
  for (guint r = 0; r < kh_preview_result_get_n_records (result); r++)
    for (guint c = 0; c < kh_preview_result_get_n_columns (result); c++)
      {
        g_autoptr(KhPreviewTrace) t = kh_preview_result_explain (result, r, c, &error);
        KhPreviewRow *row = kh_preview_result_get_row (result, r);

        g_assert_no_error (error);
        g_assert_cmpstr (kh_preview_trace_get_value (t), ==, kh_preview_row_get_value (row, c));
        g_assert_cmpint (kh_preview_trace_get_status (t), ==, kh_preview_row_get_status (row, c));
        g_assert_cmpint (kh_preview_trace_get_failed (t), ==, kh_preview_row_get_failed (row, c));
      }

  g_assert_null (kh_preview_result_explain (result, 7, 0, &error));
  g_assert_error (error, KH_ERROR, KH_ERROR_NOT_FOUND);
}

static void
test_no_trace (void)
{
  g_autoptr(KhMapping) mapping = load_test_mapping ("first");
  g_autoptr(KhSampleSet) samples = test_samples_from_csv (samples_csv);
  g_autoptr(KhPreviewResult) traced = compute (mapping, samples, KH_PREVIEW_FLAGS_NONE);
  g_autoptr(KhPreviewResult) result = compute (mapping, samples, KH_PREVIEW_NO_TRACE);
  g_autoptr(GError) error = NULL;

  g_assert_false (kh_preview_result_can_explain (result));
  g_assert_null (kh_preview_result_explain (result, 0, 0, &error));
  g_assert_error (error, KH_ERROR, KH_ERROR_UNSUPPORTED);

  /* Without the trace plan the values are the same. */
  for (guint r = 0; r < kh_preview_result_get_n_records (result); r++)
    for (guint c = 0; c < kh_preview_result_get_n_columns (result); c++)
      g_assert_cmpstr (kh_preview_row_get_value (kh_preview_result_get_row (result, r), c), ==,
                       kh_preview_row_get_value (kh_preview_result_get_row (traced, r), c));
}

static void
check_goldens_pass (KhMapping *mapping,
                    guint      expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) checks = kh_golden_check (mapping, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (checks->len, ==, expected);
  for (guint i = 0; i < checks->len; i++)
    {
      KhGoldenResult *check = checks->pdata[i];

      if (!check->passed)
        for (guint m = 0; m < check->mismatches->len; m++)
          g_test_message ("%s", ((KhGoldenMismatch *) check->mismatches->pdata[m])->message);
      g_assert_true (check->passed);
    }
}

static void
test_golden_records (void)
{
  g_autoptr(KhMapping) mapping = load_test_mapping ("first");
  g_autoptr(KhSampleSet) samples = test_samples_from_csv (samples_csv);
  g_autoptr(KhPreviewResult) result = compute (mapping, samples, KH_PREVIEW_FLAGS_NONE);
  g_autoptr(KhMapping) reloaded = NULL;
  g_autoptr(GBytes) xml = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  guint n = kh_preview_result_get_n_records (result);
  const char *value = NULL;

  for (guint r = 0; r < n; r++)
    {
      g_autofree char *name = kh_samples_unique_golden_name (mapping, r + 1);
      g_autoptr(KhGoldenRecord) golden = kh_preview_result_make_golden_record (result, r, name, &error);

      g_assert_no_error (error);
      g_assert_true (kh_mapping_add_golden_record (mapping, golden));
    }

  /* What was saved: inputs for every source column, the outcome, and
   * every output of a written record (null included). */
  {
    KhGoldenRecord *golden = kh_mapping_get_golden_record (mapping, 1);

    g_assert_cmpint (kh_golden_record_get_outcome (golden), ==, KH_OUTCOME_WRITTEN);
    g_assert_true (kh_golden_record_get_input (golden, "AMT", &value));
    g_assert_cmpstr (value, ==, "abc");
    g_assert_true (kh_golden_record_get_expected (golden, "Amount", &value));
    g_assert_null (value);
    g_assert_true (kh_golden_record_get_expected (golden, "Created", &value));
    g_assert_cmpstr (value, ==, "2000-01-01");

    /* A duplicate is written when evaluated alone. */
    g_assert_cmpint (kh_golden_record_get_outcome (kh_mapping_get_golden_record (mapping, 3)), ==,
                     KH_OUTCOME_WRITTEN);
    g_assert_cmpint (kh_golden_record_get_outcome (kh_mapping_get_golden_record (mapping, 2)), ==,
                     KH_OUTCOME_FILTERED);
    golden = kh_mapping_get_golden_record (mapping, 4);
    g_assert_cmpint (kh_golden_record_get_outcome (golden), ==, KH_OUTCOME_REJECTED);
    g_assert_cmpuint (g_strv_length ((char **) kh_golden_record_get_expected_fields (golden)), ==, 0);
  }

  check_goldens_pass (mapping, n);

  /* Through the XML file and back, as `kakehashi-run test` reads it. */
  xml = kh_mapping_to_xml (mapping, &error);
  g_assert_no_error (error);
  reloaded = test_mapping_from_xml (g_bytes_get_data (xml, NULL), FALSE);
  check_goldens_pass (reloaded, n);

  /* The golden records do catch a change: upper-case becomes lower-case. */
  {
    g_autoptr(KhStep) lower = kh_step_new ("lower-case");

    kh_rule_remove_step (kh_mapping_lookup_rule (reloaded, "Name"), 1);
    kh_rule_append_step (kh_mapping_lookup_rule (reloaded, "Name"), lower);
  }
  checks = kh_golden_check (reloaded, &error);
  g_assert_no_error (error);
  g_assert_false (((KhGoldenResult *) checks->pdata[0])->passed);
  g_assert_true (((KhGoldenResult *) checks->pdata[4])->passed);  /* rejected either way */

  /* Names are unique. */
  {
    g_autofree char *name = kh_samples_unique_golden_name (mapping, 1);
    g_autofree char *first = kh_samples_unique_golden_name (reloaded, 99);

    g_assert_cmpstr (name, !=, kh_golden_record_get_name (kh_mapping_get_golden_record (mapping, 0)));
    g_assert_true (g_str_has_prefix (name, kh_golden_record_get_name (kh_mapping_get_golden_record (mapping, 0))));
    g_assert_null (strchr (first, '('));
  }
}

static void
test_missing_columns (void)
{
  g_autoptr(KhMapping) mapping = load_test_mapping ("first");
  g_autoptr(KhSampleSet) samples = test_samples_from_csv ("ID,NAME,AMT,DATE,CODE\n9,Zed,1,20240101,A\n");
  g_autoptr(KhPreviewResult) result = compute (mapping, samples, KH_PREVIEW_FLAGS_NONE);
  g_autoptr(KhPreviewResult) strict = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstrv (kh_preview_result_get_missing_columns (result), ((const char *[]) { "FLAG", NULL }));
  g_assert_cmpuint (g_strv_length ((char **) kh_preview_result_get_source_columns (result)), ==, 6);
  /* A missing flag reads as null: boolean's empty= false. */
  assert_cell (result, 0, ACTIVE, "false", KH_VALUE_BOOLEAN, KH_CELL_STATUS_CHANGED, FALSE);

  strict = kh_preview_compute (mapping, samples, KH_PREVIEW_STRICT_COLUMNS, NULL, &error);
  g_assert_error (error, KH_ERROR, KH_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "FLAG"));
  g_assert_null (strict);
}

static void
test_compile_error (void)
{
  g_autoptr(KhMapping) mapping = load_test_mapping ("first");
  g_autoptr(KhSampleSet) samples = test_samples_from_csv (samples_csv);
  g_autoptr(KhPreviewResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KhStep) step = kh_step_new ("regex-replace");

  kh_step_set_param (step, "pattern", "(unclosed");
  kh_step_set_param (step, "replacement", "x");
  kh_rule_append_step (kh_mapping_lookup_rule (mapping, "Name"), step);

  result = kh_preview_compute (mapping, samples, KH_PREVIEW_FLAGS_NONE, NULL, &error);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "Name"));
  g_assert_null (result);
}

static void
test_empty_samples (void)
{
  g_autoptr(KhMapping) mapping = load_test_mapping ("last");
  g_autoptr(KhSampleSet) samples = test_samples_from_csv ("ID,NAME,AMT,DATE,CODE,FLAG\n");
  g_autoptr(KhPreviewResult) result = compute (mapping, samples, KH_PREVIEW_FLAGS_NONE);

  g_assert_cmpuint (kh_preview_result_get_n_records (result), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (result)), ==, 0);
  g_assert_cmpuint (kh_preview_result_get_n_columns (result), ==, 6);
  g_assert_cmpuint (kh_preview_column_get_count (kh_preview_result_get_column (result, 0), KH_CELL_STATUS_OK), ==, 0);
}

static void
test_null_samples (void)
{
  g_autoptr(KhMapping) mapping = load_test_mapping ("first");
  const char *columns[] = { "ID", "NAME", "AMT", "DATE", "CODE", "FLAG", NULL };
  const char *values[] = { "4", NULL, NULL, NULL, NULL, NULL };
  g_autoptr(KhSampleSet) samples = kh_sample_set_new (columns);
  g_autoptr(KhPreviewResult) result = NULL;

  kh_sample_set_add_row (samples, values, 6);
  result = compute (mapping, samples, KH_PREVIEW_FLAGS_NONE);

  /* Null name: default; null amount passes through parse-number as null. */
  assert_cell (result, 0, NAME, "NONAME", KH_VALUE_STRING, KH_CELL_STATUS_DEFAULTED, FALSE);
  assert_cell (result, 0, AMOUNT, NULL, KH_VALUE_NULL, KH_CELL_STATUS_NULL, FALSE);
  g_assert_null (kh_preview_row_get_source_value (kh_preview_result_get_row (result, 0), 1));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/preview/compute/values-and-statuses", test_values_and_statuses);
  g_test_add_func ("/preview/compute/cell-object", test_cell_object);
  g_test_add_func ("/preview/compute/column-counts", test_column_counts);
  g_test_add_func ("/preview/compute/outcomes-keep-first", test_outcomes_keep_first);
  g_test_add_func ("/preview/compute/outcomes-keep-last", test_outcomes_keep_last);
  g_test_add_func ("/preview/compute/dedupe-chain", test_dedupe_chain);
  g_test_add_func ("/preview/compute/abort", test_abort);
  g_test_add_func ("/preview/compute/filters", test_filters);
  g_test_add_func ("/preview/compute/trace", test_trace);
  g_test_add_func ("/preview/compute/no-trace", test_no_trace);
  g_test_add_func ("/preview/compute/golden-records", test_golden_records);
  g_test_add_func ("/preview/compute/missing-columns", test_missing_columns);
  g_test_add_func ("/preview/compute/compile-error", test_compile_error);
  g_test_add_func ("/preview/compute/empty-samples", test_empty_samples);
  g_test_add_func ("/preview/compute/null-samples", test_null_samples);

  return g_test_run ();
}
