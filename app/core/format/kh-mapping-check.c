/* kh-mapping-check.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-mapping-check"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kh-catalogue.h"
#include "kh-mapping-check.h"
#include "kh-step-check.h"

typedef struct
{
  KhMapping *mapping;
  GPtrArray *problems;
  KhEntity  *source;   /* borrowed, nullable */
  KhEntity  *target;   /* borrowed, nullable */
  GHashTable *bad_lists; /* names of code lists with errors (borrowed) */
} Checker;

static KhProblem *add_problem (Checker           *checker,
                               KhProblemSeverity  severity,
                               KhProblemSubject   subject,
                               const char        *code,
                               const char        *format,
                               ...) G_GNUC_PRINTF (5, 6);

static KhProblem *
add_problem (Checker           *checker,
             KhProblemSeverity  severity,
             KhProblemSubject   subject,
             const char        *code,
             const char        *format,
             ...)
{
  g_autofree char *message = NULL;
  KhProblem *problem;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  problem = kh_problem_new (severity, subject, code, message);
  g_ptr_array_add (checker->problems, problem);

  return problem;
}

/* ---- Entities --------------------------------------------------------- */

static void
check_entity (Checker          *checker,
              KhEntity         *entity,
              KhProblemSubject  field_subject)
{
  guint n = kh_entity_get_n_fields (entity);

  for (guint i = 0; i < n; i++)
    {
      KhField *field = kh_entity_get_field (entity, i);
      int precision = kh_field_get_precision (field);
      int scale = kh_field_get_scale (field);
      guint n_codes = kh_field_get_n_codes (field);
      g_autoptr(GHashTable) seen = NULL;

      if (precision >= 0 && scale > precision)
        {
          KhProblem *problem;

          problem = add_problem (checker, KH_PROBLEM_ERROR, field_subject, "field-scale-precision",
                                 _("Field “%s” of “%s” has a scale of %d, larger than its precision of %d"),
                                 kh_field_get_name (field), kh_entity_get_name (entity),
                                 scale, precision);
          kh_problem_set_field (problem, kh_field_get_name (field));
        }

      seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      for (guint j = 0; j < n_codes; j++)
        {
          g_autoptr(KhCodeValue) code = g_list_model_get_item (kh_field_get_codes (field), j);
          const char *value = kh_code_value_get_value (code);

          if (!g_hash_table_add (seen, g_strdup (value)))
            {
              KhProblem *problem;

              problem = add_problem (checker, KH_PROBLEM_WARNING, field_subject, "field-code-repeated",
                                     _("Field “%s” of “%s” lists the code value “%s” twice"),
                                     kh_field_get_name (field), kh_entity_get_name (entity), value);
              kh_problem_set_field (problem, kh_field_get_name (field));
              kh_problem_set_index (problem, (int) j);
            }
        }
    }
}

/* ---- Code lists ------------------------------------------------------- */

static gboolean
code_list_is_used (KhMapping  *mapping,
                   const char *name)
{
  guint n_rules = kh_mapping_get_n_rules (mapping);

  for (guint i = 0; i < n_rules; i++)
    {
      KhRule *rule = kh_mapping_get_rule (mapping, i);
      guint n_steps = kh_rule_get_n_steps (rule);

      for (guint j = 0; j < n_steps; j++)
        {
          KhStep *step = kh_rule_get_step (rule, j);
          const KhStepInfo *info = kh_step_get_info (step);

          if (info == NULL)
            continue;
          for (guint k = 0; k < info->n_params; k++)
            {
              const char * const *values;

              if (info->params[k].type != KH_PARAM_CODE_LIST)
                continue;
              values = kh_step_get_param_values (step, info->params[k].name);
              if (values != NULL && g_strv_contains (values, name))
                return TRUE;
            }
        }
    }

  return FALSE;
}

static void
check_code_lists (Checker *checker)
{
  guint n = kh_mapping_get_n_code_lists (checker->mapping);

  for (guint i = 0; i < n; i++)
    {
      KhCodeList *list = kh_mapping_get_code_list (checker->mapping, i);
      const char *name = kh_code_list_get_name (list);
      guint n_entries = kh_code_list_get_n_entries (list);
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
      KhProblem *problem;

      for (guint j = 0; j < n_entries; j++)
        {
          KhCodeEntry *entry = kh_code_list_get_entry (list, j);
          const char *from = kh_code_entry_get_from (entry);

          if (!g_hash_table_add (seen, (gpointer) from))
            {
              problem = add_problem (checker, KH_PROBLEM_ERROR, KH_PROBLEM_SUBJECT_CODE_ENTRY,
                                     "code-list-duplicate",
                                     _("Code list “%s” maps “%s” more than once"), name, from);
              kh_problem_set_code_list (problem, name);
              kh_problem_set_index (problem, (int) j);
              g_hash_table_add (checker->bad_lists, (gpointer) name);
            }
        }

      if (kh_code_list_get_unknown (list) == KH_UNKNOWN_CODE_DEFAULT &&
          kh_code_list_get_default_value (list) == NULL)
        {
          problem = add_problem (checker, KH_PROBLEM_ERROR, KH_PROBLEM_SUBJECT_CODE_LIST,
                                 "code-list-no-default",
                                 _("Code list “%s” sends unknown values to its default, but has no default"),
                                 name);
          kh_problem_set_code_list (problem, name);
          g_hash_table_add (checker->bad_lists, (gpointer) name);
        }

      if (!code_list_is_used (checker->mapping, name))
        {
          problem = add_problem (checker, KH_PROBLEM_WARNING, KH_PROBLEM_SUBJECT_CODE_LIST,
                                 "code-list-unused",
                                 _("Code list “%s” is not used by any lookup step"), name);
          kh_problem_set_code_list (problem, name);
        }
    }
}

/* ---- Rules and steps -------------------------------------------------- */

/* Whether @step looks up a code list that has errors of its own: the
 * engine would refuse the step for them, and they are reported already. */
static gboolean
step_uses_bad_list (Checker *checker,
                    KhStep  *step)
{
  const KhStepInfo *info = kh_step_get_info (step);

  if (info == NULL)
    return FALSE;

  for (guint i = 0; i < info->n_params; i++)
    {
      const char * const *values;

      if (info->params[i].type != KH_PARAM_CODE_LIST)
        continue;
      values = kh_step_get_param_values (step, info->params[i].name);
      for (guint j = 0; values != NULL && values[j] != NULL; j++)
        if (g_hash_table_contains (checker->bad_lists, values[j]))
          return TRUE;
    }

  return FALSE;
}

static KhProblem *
add_step_problem (Checker           *checker,
                  KhProblemSeverity  severity,
                  KhProblemSubject   subject,
                  const char        *code,
                  KhRule            *rule,
                  guint              index,
                  const char        *param,
                  int                value_index,
                  const char        *message)
{
  KhStep *step = kh_rule_get_step (rule, index);
  KhProblem *problem;

  /* Translators: the first %s is a target field, %u the position of a
   * step in its rule (from 1), the second %s the step's id, and the last
   * %s says what is wrong with it */
  problem = add_problem (checker, severity, subject, code,
                         _("Rule for “%s”, step %u (%s): %s"),
                         kh_rule_get_target (rule), index + 1, kh_step_get_id (step), message);
  kh_problem_set_rule_target (problem, kh_rule_get_target (rule));
  kh_problem_set_step_index (problem, (int) index);
  if (param != NULL)
    {
      kh_problem_set_param (problem, param);
      kh_problem_set_index (problem, value_index);
    }

  return problem;
}

static void
check_step (Checker *checker,
            KhRule  *rule,
            guint    index)
{
  KhStep *step = kh_rule_get_step (rule, index);
  const KhStepInfo *info = kh_step_get_info (step);
  g_auto(GStrv) names = NULL;
  guint n_before = checker->problems->len;

  if (info == NULL)
    {
      KhProblem *problem;

      problem = add_problem (checker, KH_PROBLEM_ERROR, KH_PROBLEM_SUBJECT_STEP, "step-unknown",
                             _("Rule for “%s”, step %u: “%s” is not a step of the catalogue (see “kakehashi-run steps”)"),
                             kh_rule_get_target (rule), index + 1, kh_step_get_id (step));
      kh_problem_set_rule_target (problem, kh_rule_get_target (rule));
      kh_problem_set_step_index (problem, (int) index);
      return;
    }

  if (index > 0 && info->input == KH_STEP_INPUT_MANY)
    add_step_problem (checker, KH_PROBLEM_ERROR, KH_PROBLEM_SUBJECT_STEP, "step-many-not-first",
                      rule, index, NULL, -1,
                      _("this step combines the rule’s source fields, so it can only be the first step"));
  else if (index > 0 && info->input == KH_STEP_INPUT_NONE)
    add_step_problem (checker, KH_PROBLEM_ERROR, KH_PROBLEM_SUBJECT_STEP, "step-none-not-first",
                      rule, index, NULL, -1,
                      _("this step takes no input, so it can only be the first step"));

  names = kh_step_list_params (step);
  for (guint i = 0; names[i] != NULL; i++)
    {
      const KhParamInfo *param = kh_step_info_lookup_param (info, names[i]);
      const char * const *values = kh_step_get_param_values (step, names[i]);

      if (param == NULL)
        {
          g_autofree char *message = g_strdup_printf (_("the step has no parameter “%s”"), names[i]);

          add_step_problem (checker, KH_PROBLEM_ERROR, KH_PROBLEM_SUBJECT_PARAM, "param-unknown",
                            rule, index, names[i], -1, message);
          continue;
        }

      if (values[1] != NULL && !(param->flags & KH_PARAM_FLAG_REPEATABLE))
        {
          g_autofree char *message = g_strdup_printf (_("parameter “%s” can be given only once"), names[i]);

          add_step_problem (checker, KH_PROBLEM_ERROR, KH_PROBLEM_SUBJECT_PARAM, "param-repeated",
                            rule, index, names[i], 1, message);
        }

      for (guint j = 0; values[j] != NULL; j++)
        {
          g_autoptr(GError) error = NULL;

          if (!kh_param_info_validate (param, values[j], &error))
            {
              add_step_problem (checker, KH_PROBLEM_ERROR, KH_PROBLEM_SUBJECT_PARAM, "param-invalid",
                                rule, index, names[i], (int) j, error->message);
              continue;
            }

          if (param->type == KH_PARAM_CODE_LIST &&
              kh_mapping_lookup_code_list (checker->mapping, values[j]) == NULL)
            {
              g_autofree char *message = g_strdup_printf (_("there is no code list named “%s”"), values[j]);

              add_step_problem (checker, KH_PROBLEM_ERROR, KH_PROBLEM_SUBJECT_PARAM, "param-code-list-unknown",
                                rule, index, names[i], (int) j, message);
            }
        }
    }

  for (guint i = 0; i < info->n_params; i++)
    {
      const KhParamInfo *param = &info->params[i];

      if ((param->flags & KH_PARAM_FLAG_REQUIRED) &&
          kh_step_get_param_values (step, param->name) == NULL)
        {
          g_autofree char *message = g_strdup_printf (_("parameter “%s” is required"), param->name);

          add_step_problem (checker, KH_PROBLEM_ERROR, KH_PROBLEM_SUBJECT_STEP, "param-missing",
                            rule, index, NULL, -1, message);
        }
    }

  /* The engine's own check finds what only compiling the step finds
   * (full date patterns, the steps' own rules such as a non-empty find).
   * It stops at the first problem, so it runs only on a step that passed
   * the checks above, which report every problem with its place. */
  if (checker->problems->len == n_before && !step_uses_bad_list (checker, step))
    {
      g_autoptr(GError) error = NULL;

      if (!kh_step_check (step, checker->mapping, &error))
        add_step_problem (checker, KH_PROBLEM_ERROR, KH_PROBLEM_SUBJECT_STEP, "step-invalid",
                          rule, index, NULL, -1, error->message);
    }
}

static void
check_rule (Checker *checker,
            KhRule  *rule)
{
  const char *target = kh_rule_get_target (rule);
  const char * const *sources = kh_rule_get_sources (rule);
  guint n_sources = kh_rule_get_n_sources (rule);
  guint n_steps = kh_rule_get_n_steps (rule);
  const char *default_value = kh_rule_get_default_value (rule);
  KhField *target_field = NULL;
  const KhStepInfo *first = NULL;
  KhProblem *problem;
  guint n_before = checker->problems->len;

  if (checker->target != NULL)
    {
      target_field = kh_entity_lookup_field (checker->target, target);
      if (target_field == NULL)
        {
          problem = add_problem (checker, KH_PROBLEM_ERROR, KH_PROBLEM_SUBJECT_RULE, "rule-target-unknown",
                                 _("Rule for “%s”: the target entity “%s” has no field “%s”"),
                                 target, kh_entity_get_name (checker->target), target);
          kh_problem_set_rule_target (problem, target);
        }
    }

  for (guint i = 0; i < n_sources; i++)
    {
      gboolean repeated = FALSE;

      for (guint j = 0; j < i && !repeated; j++)
        repeated = strcmp (sources[i], sources[j]) == 0;

      if (repeated)
        {
          problem = add_problem (checker, KH_PROBLEM_WARNING, KH_PROBLEM_SUBJECT_RULE_SOURCE,
                                 "rule-source-repeated",
                                 _("Rule for “%s” uses the source field “%s” more than once"),
                                 target, sources[i]);
        }
      else if (checker->source != NULL && kh_entity_lookup_field (checker->source, sources[i]) == NULL)
        {
          problem = add_problem (checker, KH_PROBLEM_ERROR, KH_PROBLEM_SUBJECT_RULE_SOURCE,
                                 "rule-source-unknown",
                                 _("Rule for “%s”: the source entity “%s” has no field “%s”"),
                                 target, kh_entity_get_name (checker->source), sources[i]);
        }
      else if (checker->source == NULL)
        {
          problem = add_problem (checker, KH_PROBLEM_ERROR, KH_PROBLEM_SUBJECT_RULE_SOURCE,
                                 "rule-source-unknown",
                                 _("Rule for “%s”: there is no source entity, so there is no field “%s”"),
                                 target, sources[i]);
        }
      else
        continue;

      kh_problem_set_rule_target (problem, target);
      kh_problem_set_field (problem, sources[i]);
      kh_problem_set_index (problem, (int) i);
    }

  /* The shape of the chain: docs/semantics.md, "One rule", step 1. */
  if (n_steps > 0)
    first = kh_step_get_info (kh_rule_get_step (rule, 0));

  if (n_sources == 0 && (n_steps == 0 || (first != NULL && first->input != KH_STEP_INPUT_NONE)))
    {
      problem = add_problem (checker, KH_PROBLEM_ERROR, KH_PROBLEM_SUBJECT_RULE, "rule-no-source",
                             _("Rule for “%s” has no source field, so its first step must be one that takes no input (constant)"),
                             target);
      kh_problem_set_rule_target (problem, target);
    }
  else if (n_sources > 1 && (n_steps == 0 || (first != NULL && first->input != KH_STEP_INPUT_MANY)))
    {
      problem = add_problem (checker, KH_PROBLEM_ERROR, KH_PROBLEM_SUBJECT_RULE, "rule-many-sources",
                             g_dngettext (GETTEXT_PACKAGE,
                                          "Rule for “%s” has %u source field, so its first step must combine them (concat or coalesce)",
                                          "Rule for “%s” has %u source fields, so its first step must combine them (concat or coalesce)",
                                          n_sources),
                             target, n_sources);
      kh_problem_set_rule_target (problem, target);
    }
  else if (n_sources > 0 && first != NULL && first->input == KH_STEP_INPUT_NONE)
    {
      add_step_problem (checker, KH_PROBLEM_WARNING, KH_PROBLEM_SUBJECT_STEP, "rule-sources-ignored",
                        rule, 0, NULL, -1,
                        _("this step takes no input, so the rule’s source fields are ignored"));
    }

  for (guint i = 0; i < n_steps; i++)
    check_step (checker, rule, i);

  if (kh_rule_get_on_error (rule) == KH_ON_ERROR_DEFAULT && default_value == NULL)
    {
      problem = add_problem (checker, KH_PROBLEM_ERROR, KH_PROBLEM_SUBJECT_RULE, "rule-default-missing",
                             _("Rule for “%s” falls back to its default on error, but has no default"),
                             target);
      kh_problem_set_rule_target (problem, target);
    }

  if (default_value != NULL && target_field != NULL)
    {
      g_autofree char *reason = NULL;

      if (!kh_field_check_value (target_field, default_value, &reason))
        {
          problem = add_problem (checker, KH_PROBLEM_ERROR, KH_PROBLEM_SUBJECT_DEFAULT, "rule-default-invalid",
                                 _("Rule for “%s”: the default “%s” does not fit the target field: %s"),
                                 target, default_value, reason);
          kh_problem_set_rule_target (problem, target);
        }
    }

  /* What the checks above accept, the engine must compile: a rule it
   * would refuse is an error here too, so the loader and kh_plan_new()
   * never disagree. */
  for (guint i = 0; i < n_steps && checker->problems->len == n_before; i++)
    if (step_uses_bad_list (checker, kh_rule_get_step (rule, i)))
      return;

  if (checker->problems->len == n_before && target_field != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!kh_rule_check (rule, checker->mapping, &error))
        {
          problem = add_problem (checker, KH_PROBLEM_ERROR, KH_PROBLEM_SUBJECT_RULE, "rule-invalid",
                                 "%s", error->message);
          kh_problem_set_rule_target (problem, target);
        }
    }
}

/* ---- Record rules ----------------------------------------------------- */

static void
check_filters (Checker *checker)
{
  guint n = kh_mapping_get_n_filters (checker->mapping);

  for (guint i = 0; i < n; i++)
    {
      KhFilter *filter = kh_mapping_get_filter (checker->mapping, i);
      const char *field = kh_filter_get_field (filter);
      KhFilterOp op = kh_filter_get_op (filter);
      const char * const *values = kh_filter_get_values (filter);
      guint n_values = g_strv_length ((char **) values);
      const char *op_name = kh_filter_op_to_string (op);
      KhProblem *problem = NULL;

      if (kh_mapping_lookup_rule (checker->mapping, field) == NULL)
        {
          problem = add_problem (checker, KH_PROBLEM_ERROR, KH_PROBLEM_SUBJECT_FILTER, "filter-field-unknown",
                                 _("Filter %u: “%s” is not the target of a rule, so it has no value to test"),
                                 i + 1, field);
          kh_problem_set_field (problem, field);
          kh_problem_set_index (problem, (int) i);
        }

      switch (op)
        {
        case KH_FILTER_OP_EQUALS:
        case KH_FILTER_OP_NOT_EQUALS:
        case KH_FILTER_OP_MATCHES:
          if (n_values != 1)
            problem = add_problem (checker, KH_PROBLEM_ERROR, KH_PROBLEM_SUBJECT_FILTER, "filter-needs-value",
                                   _("Filter %u (%s %s) needs exactly one value, not %u"),
                                   i + 1, field, op_name, n_values);
          else if (op == KH_FILTER_OP_MATCHES)
            {
              g_autoptr(GRegex) regex = NULL;
              g_autoptr(GError) error = NULL;

              regex = g_regex_new (values[0], 0, 0, &error);
              if (regex == NULL)
                problem = add_problem (checker, KH_PROBLEM_ERROR, KH_PROBLEM_SUBJECT_FILTER, "filter-bad-pattern",
                                       _("Filter %u (%s %s): “%s” is not a valid regular expression: %s"),
                                       i + 1, field, op_name, values[0], error->message);
            }
          break;

        case KH_FILTER_OP_ONE_OF:
        case KH_FILTER_OP_NOT_ONE_OF:
          if (n_values == 0)
            problem = add_problem (checker, KH_PROBLEM_ERROR, KH_PROBLEM_SUBJECT_FILTER, "filter-needs-values",
                                   _("Filter %u (%s %s) needs at least one value"),
                                   i + 1, field, op_name);
          break;

        case KH_FILTER_OP_EMPTY:
        case KH_FILTER_OP_NOT_EMPTY:
          if (n_values > 0)
            problem = add_problem (checker, KH_PROBLEM_WARNING, KH_PROBLEM_SUBJECT_FILTER, "filter-values-ignored",
                                   _("Filter %u (%s %s) takes no value; its values are ignored"),
                                   i + 1, field, op_name);
          break;

        default:
          break;
        }

      if (problem != NULL)
        {
          kh_problem_set_field (problem, field);
          kh_problem_set_index (problem, (int) i);
        }
    }
}

static void
check_dedupe (Checker *checker)
{
  const char * const *keys = kh_mapping_get_dedupe_keys (checker->mapping);

  for (guint i = 0; keys[i] != NULL; i++)
    {
      KhProblem *problem = NULL;
      gboolean repeated = FALSE;

      for (guint j = 0; j < i && !repeated; j++)
        repeated = strcmp (keys[i], keys[j]) == 0;

      if (repeated)
        problem = add_problem (checker, KH_PROBLEM_WARNING, KH_PROBLEM_SUBJECT_DEDUPE_KEY, "dedupe-key-repeated",
                               _("Dedupe key “%s” is given more than once"), keys[i]);
      else if (kh_mapping_lookup_rule (checker->mapping, keys[i]) == NULL)
        problem = add_problem (checker, KH_PROBLEM_ERROR, KH_PROBLEM_SUBJECT_DEDUPE_KEY, "dedupe-key-unknown",
                               _("Dedupe key “%s” is not the target of a rule, so it has no value"), keys[i]);

      if (problem != NULL)
        {
          kh_problem_set_field (problem, keys[i]);
          kh_problem_set_index (problem, (int) i);
        }
    }
}

/* ---- Golden records --------------------------------------------------- */

static void
check_golden_records (Checker *checker)
{
  guint n = kh_mapping_get_n_golden_records (checker->mapping);

  for (guint i = 0; i < n; i++)
    {
      KhGoldenRecord *record = kh_mapping_get_golden_record (checker->mapping, i);
      const char *name = kh_golden_record_get_name (record);
      const char * const *inputs = kh_golden_record_get_input_fields (record);
      const char * const *expected = kh_golden_record_get_expected_fields (record);
      KhOutcome outcome = kh_golden_record_get_outcome (record);
      KhProblem *problem;

      for (guint j = 0; inputs[j] != NULL; j++)
        {
          if (checker->source == NULL || kh_entity_lookup_field (checker->source, inputs[j]) != NULL)
            continue;

          problem = add_problem (checker, KH_PROBLEM_ERROR, KH_PROBLEM_SUBJECT_GOLDEN_INPUT, "golden-input-unknown",
                                 _("Test “%s”: the source entity “%s” has no field “%s”"),
                                 name, kh_entity_get_name (checker->source), inputs[j]);
          kh_problem_set_golden_index (problem, (int) i);
          kh_problem_set_field (problem, inputs[j]);
        }

      for (guint j = 0; expected[j] != NULL; j++)
        {
          if (checker->target != NULL && kh_entity_lookup_field (checker->target, expected[j]) == NULL)
            problem = add_problem (checker, KH_PROBLEM_ERROR, KH_PROBLEM_SUBJECT_GOLDEN_EXPECTED,
                                   "golden-expected-unknown",
                                   _("Test “%s”: the target entity “%s” has no field “%s”"),
                                   name, kh_entity_get_name (checker->target), expected[j]);
          else if (kh_mapping_lookup_rule (checker->mapping, expected[j]) == NULL)
            problem = add_problem (checker, KH_PROBLEM_ERROR, KH_PROBLEM_SUBJECT_GOLDEN_EXPECTED,
                                   "golden-expected-no-rule",
                                   _("Test “%s”: no rule writes “%s”, so it cannot be expected"),
                                   name, expected[j]);
          else
            continue;

          kh_problem_set_golden_index (problem, (int) i);
          kh_problem_set_field (problem, expected[j]);
        }

      if (outcome != KH_OUTCOME_WRITTEN && expected[0] != NULL)
        {
          problem = add_problem (checker, KH_PROBLEM_WARNING, KH_PROBLEM_SUBJECT_GOLDEN_RECORD,
                                 "golden-expected-ignored",
                                 _("Test “%s” expects the outcome “%s”; its expected values are compared only for written records"),
                                 name, kh_outcome_to_string (outcome));
          kh_problem_set_golden_index (problem, (int) i);
        }
    }
}

/**
 * kh_mapping_check:
 * @mapping: a mapping
 *
 * Runs every semantic check on @mapping: the entities' facets, code lists,
 * each rule (its target and sources, the shape of its chain, every step
 * and parameter against the catalogue, code-list references, on-error and
 * default), filters, dedupe keys and golden records. Every problem is
 * reported, not only the first.
 *
 * The problems have no file location; the XML loader adds it.
 *
 * Returns: (transfer container) (element-type KhProblem): the problems, in
 *   the order of the mapping's parts (entities, code lists, rules, record
 *   rules, golden records)
 */
GPtrArray *
kh_mapping_check (KhMapping *mapping)
{
  Checker checker = { 0 };
  guint n_rules;

  g_return_val_if_fail (KH_IS_MAPPING (mapping), NULL);

  checker.mapping = mapping;
  checker.problems = g_ptr_array_new_with_free_func (g_object_unref);
  checker.source = kh_mapping_get_source_entity (mapping);
  checker.target = kh_mapping_get_target_entity (mapping);
  checker.bad_lists = g_hash_table_new (g_str_hash, g_str_equal);

  if (checker.source == NULL)
    add_problem (&checker, KH_PROBLEM_ERROR, KH_PROBLEM_SUBJECT_SOURCE_ENTITY, "mapping-no-source-entity",
                 "%s", _("The mapping has no source entity"));
  else
    check_entity (&checker, checker.source, KH_PROBLEM_SUBJECT_SOURCE_FIELD);

  if (checker.target == NULL)
    add_problem (&checker, KH_PROBLEM_ERROR, KH_PROBLEM_SUBJECT_TARGET_ENTITY, "mapping-no-target-entity",
                 "%s", _("The mapping has no target entity"));
  else
    check_entity (&checker, checker.target, KH_PROBLEM_SUBJECT_TARGET_FIELD);

  check_code_lists (&checker);

  n_rules = kh_mapping_get_n_rules (mapping);
  for (guint i = 0; i < n_rules; i++)
    check_rule (&checker, kh_mapping_get_rule (mapping, i));

  check_filters (&checker);
  check_dedupe (&checker);
  check_golden_records (&checker);

  g_hash_table_unref (checker.bad_lists);

  return checker.problems;
}
