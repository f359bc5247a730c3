/* kh-golden.c: checking a mapping's golden records
 *
 * Each golden record is evaluated alone, as one record (no dedupe), by a
 * plan compiled against the source columns the mapping reads; an input the
 * record does not give is null. It passes when the outcome is the expected
 * one and, for a written record, every expected field's output equals the
 * expected text (null expects null).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-golden"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kh-golden.h"
#include "kh-plan-private.h"

static void
mismatch_free (gpointer data)
{
  KhGoldenMismatch *mismatch = data;

  g_free (mismatch->field);
  g_free (mismatch->expected);
  g_free (mismatch->actual);
  g_free (mismatch->message);
  g_free (mismatch);
}

/**
 * kh_golden_result_free:
 *
 * Frees a #KhGoldenResult.
 */
void
kh_golden_result_free (KhGoldenResult *result)
{
  if (result == NULL)
    return;

  g_free (result->name);
  g_clear_pointer (&result->mismatches, g_ptr_array_unref);
  g_clear_pointer (&result->errors, g_ptr_array_unref);
  g_free (result);
}

/**
 * kh_golden_plan_new:
 * @mapping: a mapping
 * @error: return location for an error
 *
 * Compiles the plan golden records are checked with: against the source
 * columns the mapping reads, a missing one being null.
 *
 * Returns: (transfer full) (nullable): the plan
 */
KhPlan *
kh_golden_plan_new (KhMapping  *mapping,
                    GError    **error)
{
  g_auto(GStrv) columns = NULL;

  g_return_val_if_fail (KH_IS_MAPPING (mapping), NULL);

  columns = kh_plan_list_source_columns (mapping);
  return kh_plan_new (mapping, (const char * const *) columns, g_strv_length (columns),
                      KH_PLAN_MISSING_COLUMNS_NULL, error);
}

static const char *
outcome_label (KhOutcome outcome,
               gboolean  aborted)
{
  if (aborted)
    return _("aborted (the run would stop)");

  switch (outcome)
    {
    case KH_OUTCOME_WRITTEN:   return _("written");
    case KH_OUTCOME_REJECTED:  return _("rejected");
    case KH_OUTCOME_DUPLICATE: return _("a duplicate");
    case KH_OUTCOME_FILTERED:  return _("filtered out");
    default:                   return "?";
    }
}

static char *
shown (const char *text)
{
  g_autofree char *cut = NULL;

  if (text == NULL)
    return g_strdup (_("null"));
  cut = kh_shown_text (text, strlen (text));
  return g_strdup_printf ("“%s”", cut);
}

static void
add_mismatch (KhGoldenResult *result,
              const char     *field,
              const char     *expected,
              const char     *actual,
              char           *message)
{
  KhGoldenMismatch *mismatch = g_new0 (KhGoldenMismatch, 1);

  mismatch->field = g_strdup (field);
  mismatch->expected = g_strdup (expected);
  mismatch->actual = g_strdup (actual);
  mismatch->message = message;
  g_ptr_array_add (result->mismatches, mismatch);
  result->passed = FALSE;
}

static char *
describe_error (const KhCellError *error)
{
  if (error->step_id == NULL)
    /* Translators: a rule's error: “Email: A value is required …” */
    return g_strdup_printf (_("%s: %s"), error->target, error->reason);
  /* Translators: a rule's error: “Email: step 3 (required): …” */
  return g_strdup_printf (_("%s: step %d (%s): %s"), error->target, error->step_index + 1,
                          error->step_id, error->reason);
}

/**
 * kh_golden_check_record:
 * @plan: a plan from kh_golden_plan_new()
 * @record: a golden record
 *
 * Evaluates @record alone and compares the outcome and the expected
 * outputs.
 *
 * Returns: (transfer full): the result
 */
KhGoldenResult *
kh_golden_check_record (KhPlan         *plan,
                        KhGoldenRecord *record)
{
  g_autoptr(KhRecordResult) eval = NULL;
  g_autofree const char **values = NULL;
  KhGoldenResult *result;
  KhOutcome outcome;
  gboolean ok;
  const char *name;

  g_return_val_if_fail (plan != NULL, NULL);
  g_return_val_if_fail (KH_IS_GOLDEN_RECORD (record), NULL);

  name = kh_golden_record_get_name (record);
  result = g_new0 (KhGoldenResult, 1);
  result->name = g_strdup (name);
  result->passed = TRUE;
  result->expected_outcome = kh_golden_record_get_outcome (record);
  result->mismatches = g_ptr_array_new_with_free_func (mismatch_free);
  result->errors = g_ptr_array_new_with_free_func (g_free);

  values = g_new0 (const char *, MAX (plan->n_input_columns, 1));
  for (guint i = 0; i < plan->n_input_columns; i++)
    if (!kh_golden_record_get_input (record, plan->input_columns[i], &values[i]))
      values[i] = NULL;

  eval = kh_record_result_new (plan);
  ok = kh_plan_eval_strings (plan, values, eval, &outcome);
  result->actual_outcome = outcome;
  result->aborted = !ok;

  for (guint i = 0; i < kh_record_result_get_n_errors (eval); i++)
    g_ptr_array_add (result->errors, describe_error (kh_record_result_get_error (eval, i)));

  if (!ok || outcome != result->expected_outcome)
    {
      const char *expected = outcome_label (result->expected_outcome, FALSE);
      const char *actual = outcome_label (outcome, !ok);
      g_autofree char *why = NULL;

      if (result->errors->len > 0)
        {
          g_ptr_array_add (result->errors, NULL);
          why = g_strjoinv ("; ", (char **) result->errors->pdata);
          g_ptr_array_remove_index (result->errors, result->errors->len - 1);
        }
      add_mismatch (result, NULL,
                    kh_outcome_to_string (result->expected_outcome),
                    ok ? kh_outcome_to_string (outcome) : "aborted",
                    why != NULL
                      ? g_strdup_printf (_("Golden record “%s”: expected the record to be %s, but it was %s: %s"),
                                         name, expected, actual, why)
                      : g_strdup_printf (_("Golden record “%s”: expected the record to be %s, but it was %s"),
                                         name, expected, actual));
      return result;
    }

  if (outcome == KH_OUTCOME_WRITTEN)
    {
      const char * const *fields = kh_golden_record_get_expected_fields (record);

      for (guint i = 0; fields[i] != NULL; i++)
        {
          const char *expected = NULL;
          int column = kh_plan_find_column (plan, fields[i]);
          const KhValue *value;
          g_autofree char *actual = NULL;

          kh_golden_record_get_expected (record, fields[i], &expected);
          if (column < 0)
            {
              add_mismatch (result, fields[i], expected, NULL,
                            g_strdup_printf (_("Golden record “%s”: %s: no rule gives this field"),
                                             name, fields[i]));
              continue;
            }

          value = kh_record_result_get_value (eval, (guint) column);
          if (value->type != KH_VALUE_NULL)
            actual = g_strndup (value->str, value->len);

          if (g_strcmp0 (expected, actual) != 0)
            {
              g_autofree char *shown_expected = shown (expected);
              g_autofree char *shown_actual = shown (actual);

              add_mismatch (result, fields[i], expected, actual,
                            g_strdup_printf (_("Golden record “%s”: %s: expected %s, got %s"),
                                             name, fields[i], shown_expected, shown_actual));
            }
        }
    }

  return result;
}

/**
 * kh_golden_check:
 * @mapping: a mapping
 * @error: return location for an error
 *
 * Checks every golden record of @mapping, for `kakehashi-run test` and the
 * GUI. Call it on the thread that owns @mapping (or on a copy).
 *
 * Returns: (transfer container) (element-type KhGoldenResult) (nullable):
 *   one result per golden record, in order; %NULL with @error set when the
 *   mapping does not compile
 */
GPtrArray *
kh_golden_check (KhMapping  *mapping,
                 GError    **error)
{
  g_autoptr(KhPlan) plan = NULL;
  GPtrArray *results;
  guint n;

  g_return_val_if_fail (KH_IS_MAPPING (mapping), NULL);

  plan = kh_golden_plan_new (mapping, error);
  if (plan == NULL)
    return NULL;

  results = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_golden_result_free);
  n = kh_mapping_get_n_golden_records (mapping);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (results, kh_golden_check_record (plan, kh_mapping_get_golden_record (mapping, i)));

  return results;
}
