/* kh-rule-status.c: what the canvas and the inspector say about a rule
 *
 * How a link is drawn (and what the inspector says above a rule) comes
 * from the core's problems: the same kh_checks_run() list the problems
 * panel shows (which includes kh_mapping_check()), filtered to one rule.
 * There is no second, GUI-side set of checks that could disagree with
 * the problems list or with the runner. The canvas reads the window's
 * live KhChecker (which also knows the rules that fail on the samples);
 * kh_rule_status_check() runs the static checks for one call.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-rule-status"

#include "config.h"

#include "kh-checks.h"
#include "kh-rule-status.h"

static KhRuleStatus
problem_status (KhProblem *problem)
{
  const char *code = kh_problem_get_code (problem);
  gboolean error = kh_problem_get_severity (problem) == KH_PROBLEM_ERROR;

  if (g_strcmp0 (code, "rule-target-unknown") == 0 || g_strcmp0 (code, "rule-source-unknown") == 0)
    return KH_RULE_STATUS_DANGLING;
  if (g_strcmp0 (code, KH_CHECK_TYPE_MISMATCH) == 0)
    return KH_RULE_STATUS_INCOMPATIBLE | (error ? KH_RULE_STATUS_INVALID : KH_RULE_STATUS_WARNING);
  return error ? KH_RULE_STATUS_INVALID : KH_RULE_STATUS_WARNING;
}

/**
 * kh_rule_status_table:
 * @problems: (element-type KhProblem): problems
 *
 * The status of every rule with a problem, in one pass (for the canvas,
 * which marks every link).
 *
 * Returns: (transfer full) (element-type utf8 guint): rule target →
 *   #KhRuleStatus (GUINT_TO_POINTER); rules without a problem are absent
 */
GHashTable *
kh_rule_status_table (GListModel *problems)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (problems), table);

  n = g_list_model_get_n_items (problems);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KhProblem) problem = g_list_model_get_item (problems, i);
      const char *target = kh_problem_get_rule_target (problem);
      KhRuleStatus status;

      if (target == NULL)
        continue;
      status = GPOINTER_TO_UINT (g_hash_table_lookup (table, target)) | problem_status (problem);
      g_hash_table_replace (table, g_strdup (target), GUINT_TO_POINTER (status));
    }

  return table;
}

/**
 * kh_rule_status_from_problems:
 * @problems: (element-type KhProblem): problems, errors first (as
 *   kh_checks_run() and KhChecker give them)
 * @target: a rule's target field
 * @message: (out) (optional) (transfer full): the first problem of the
 *   rule, for people, or %NULL
 *
 * Returns: the rule's status: the problems whose rule target is @target
 */
KhRuleStatus
kh_rule_status_from_problems (GListModel  *problems,
                              const char  *target,
                              char       **message)
{
  KhRuleStatus status = KH_RULE_STATUS_OK;
  g_autofree char *first = NULL;
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (problems), KH_RULE_STATUS_OK);
  g_return_val_if_fail (target != NULL, KH_RULE_STATUS_OK);

  n = g_list_model_get_n_items (problems);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KhProblem) problem = g_list_model_get_item (problems, i);

      if (g_strcmp0 (kh_problem_get_rule_target (problem), target) != 0)
        continue;

      status |= problem_status (problem);

      if (first == NULL)
        first = g_strdup (kh_problem_get_message (problem));
    }

  if (message != NULL)
    *message = g_steal_pointer (&first);

  return status;
}

/**
 * kh_rule_status_check:
 * @message: (out) (optional) (transfer full): the first problem, for people
 *
 * Runs the core's static checks (no samples) and gives @rule's status.
 */
KhRuleStatus
kh_rule_status_check (KhRule     *rule,
                      KhMapping  *mapping,
                      char      **message)
{
  g_autoptr(GListModel) problems = NULL;

  g_return_val_if_fail (KH_IS_RULE (rule), KH_RULE_STATUS_OK);
  g_return_val_if_fail (KH_IS_MAPPING (mapping), KH_RULE_STATUS_OK);

  problems = kh_checks_run (mapping, NULL, NULL, NULL, NULL);
  return kh_rule_status_from_problems (problems, kh_rule_get_target (rule), message);
}
