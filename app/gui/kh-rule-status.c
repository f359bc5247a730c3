/* kh-rule-status.c: what the canvas and the inspector say about a rule
 *
 * A quick local check, run on every change, that decides how a link is
 * drawn: its steps validate, its chain starts the way docs/semantics.md
 * requires, its fields exist, and the chain's output type is one the
 * target field takes. The full problems list is issue #6's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-rule-status"

#include "config.h"

#include <glib/gi18n.h>

#include "kh-error.h"
#include "kh-rule-status.h"

/**
 * kh_rule_status_chain_type:
 * @source: (nullable): the source entity
 * @up_to: how many steps to apply (G_MAXUINT for all)
 *
 * Returns: the type of the value after @up_to steps
 */
KhValueType
kh_rule_status_chain_type (KhRule   *rule,
                           KhEntity *source,
                           guint     up_to)
{
  const char * const *sources = kh_rule_get_sources (rule);
  KhValueType type = KH_VALUE_STRING;
  guint n = MIN (up_to, kh_rule_get_n_steps (rule));

  if (sources[0] != NULL && source != NULL)
    {
      KhField *field = kh_entity_lookup_field (source, sources[0]);

      if (field != NULL)
        type = kh_value_type_for_field_type (kh_field_get_field_type (field));
    }

  for (guint i = 0; i < n; i++)
    {
      KhStep *step = kh_rule_get_step (rule, i);
      const KhStepInfo *info = kh_step_get_info (step);
      const char *type_param = NULL;

      if (info == NULL)
        continue;
      if (info->type_param != NULL)
        type_param = kh_step_get_param_or_default (step, info->type_param);
      type = kh_step_info_get_output_type (info, type_param, type);
    }

  return type;
}

static gboolean
type_fits (KhValueType value,
           KhFieldType field)
{
  KhValueType want = kh_value_type_for_field_type (field);

  if (value == want || value == KH_VALUE_NULL)
    return TRUE;
  if (value == KH_VALUE_INTEGER && want == KH_VALUE_DECIMAL)
    return TRUE;
  if (value == KH_VALUE_DATE && want == KH_VALUE_DATETIME)
    return TRUE;

  return FALSE;
}

/**
 * kh_rule_status_check:
 * @message: (out) (optional) (transfer full): the first problem, for people
 */
KhRuleStatus
kh_rule_status_check (KhRule     *rule,
                      KhMapping  *mapping,
                      char      **message)
{
  KhEntity *source = kh_mapping_get_source_entity (mapping);
  KhEntity *target = kh_mapping_get_target_entity (mapping);
  const char * const *sources = kh_rule_get_sources (rule);
  guint n_sources = kh_rule_get_n_sources (rule);
  guint n_steps = kh_rule_get_n_steps (rule);
  KhRuleStatus status = KH_RULE_STATUS_OK;
  g_autofree char *first = NULL;
  KhField *target_field;

  target_field = target != NULL ? kh_entity_lookup_field (target, kh_rule_get_target (rule)) : NULL;
  if (target != NULL && target_field == NULL)
    {
      status |= KH_RULE_STATUS_DANGLING;
      first = g_strdup_printf (_("The target entity has no field “%s”"), kh_rule_get_target (rule));
    }
  for (guint i = 0; sources[i] != NULL; i++)
    if (source != NULL && kh_entity_lookup_field (source, sources[i]) == NULL)
      {
        status |= KH_RULE_STATUS_DANGLING;
        if (first == NULL)
          first = g_strdup_printf (_("The source entity has no field “%s”"), sources[i]);
      }

  for (guint i = 0; i < n_steps; i++)
    {
      KhStep *step = kh_rule_get_step (rule, i);
      const KhStepInfo *info = kh_step_get_info (step);
      g_autoptr(GError) error = NULL;

      if (!kh_step_validate (step, &error))
        {
          status |= KH_RULE_STATUS_INVALID;
          if (first == NULL)
            first = g_strdup (error->message);
          continue;
        }

      if (info != NULL && info->input == KH_STEP_INPUT_MANY && i > 0)
        {
          status |= KH_RULE_STATUS_INVALID;
          if (first == NULL)
            first = g_strdup_printf (_("“%s” combines the source fields, so it must be the first step"),
                                     kh_step_info_get_name (info));
        }
      if (info != NULL && info->input == KH_STEP_INPUT_NONE && i > 0)
        {
          status |= KH_RULE_STATUS_INVALID;
          if (first == NULL)
            first = g_strdup_printf (_("“%s” needs no input, so it must be the first step"),
                                     kh_step_info_get_name (info));
        }
    }

  if (n_sources == 0)
    {
      KhStep *step = n_steps > 0 ? kh_rule_get_step (rule, 0) : NULL;
      const KhStepInfo *info = step != NULL ? kh_step_get_info (step) : NULL;

      if (info == NULL || info->input != KH_STEP_INPUT_NONE)
        {
          status |= KH_RULE_STATUS_INVALID;
          if (first == NULL)
            first = g_strdup (_("A rule without a source field must start with a Constant step"));
        }
    }
  else if (n_sources > 1)
    {
      KhStep *step = n_steps > 0 ? kh_rule_get_step (rule, 0) : NULL;
      const KhStepInfo *info = step != NULL ? kh_step_get_info (step) : NULL;

      if (info == NULL || info->input != KH_STEP_INPUT_MANY)
        {
          status |= KH_RULE_STATUS_INVALID;
          if (first == NULL)
            first = g_strdup (_("A rule with several source fields must start with a step that combines them, such as Concatenate"));
        }
    }

  if (target_field != NULL && !(status & KH_RULE_STATUS_INVALID))
    {
      KhValueType type = kh_rule_status_chain_type (rule, source, G_MAXUINT);

      if (!type_fits (type, kh_field_get_field_type (target_field)))
        {
          status |= KH_RULE_STATUS_INCOMPATIBLE;
          if (first == NULL)
            /* Translators: e.g. "The steps give string, but BillingDate takes date" */
            first = g_strdup_printf (_("The steps give %s, but %s takes %s"),
                                     kh_value_type_to_string (type),
                                     kh_rule_get_target (rule),
                                     kh_field_type_to_string (kh_field_get_field_type (target_field)));
        }
    }

  if (message != NULL)
    *message = g_steal_pointer (&first);

  return status;
}
