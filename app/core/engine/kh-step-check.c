/* kh-step-check.c: deep checks of a step, a rule and a value in a mapping's
 * context
 *
 * The XML loader and the GUI call these to learn whether a step or a rule
 * will compile, or whether a value (a rule's default) fits its target field,
 * without compiling a whole plan. They use the same code as kh_plan_new()
 * and kh_plan_eval(), so they cannot disagree with them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-step-check"

#include "config.h"

#include <string.h>

#include "kh-plan-private.h"
#include "kh-step-check.h"

/**
 * kh_step_check:
 * @step: a step
 * @mapping: (nullable): the mapping the step belongs to (for code lists)
 * @error: return location for an error
 *
 * Checks @step deeply: everything kh_step_validate() checks (a catalogue
 * id, known parameters of the right types, required ones present), and
 * what only compiling finds: that its date patterns, regular expressions
 * and time zones compile, that its code list exists in @mapping (without a
 * mapping, a `lookup` step fails), and the steps' own rules (a non-empty
 * `find`, `start` not 0, distinct separators, …).
 *
 * Returns: %TRUE if the step would compile
 */
gboolean
kh_step_check (KhStep     *step,
               KhMapping  *mapping,
               GError    **error)
{
  KhStepImpl impl;

  g_return_val_if_fail (KH_IS_STEP (step), FALSE);
  g_return_val_if_fail (mapping == NULL || KH_IS_MAPPING (mapping), FALSE);

  if (!kh_step_impl_compile (&impl, step, mapping, error))
    return FALSE;

  kh_step_impl_clear (&impl);
  return TRUE;
}

/**
 * kh_rule_check:
 * @rule: a rule
 * @mapping: the mapping the rule belongs to (its target entity gives the
 *   target contract, its code lists the lookups)
 * @error: return location for an error
 *
 * Checks @rule as kh_plan_new() would, except for its source columns:
 * every step (see kh_step_check()), the shape of the chain (a rule without
 * sources starts with `constant`, one with several sources with `concat`
 * or `coalesce`, and such steps come only first), that policy `default`
 * has a default, and that the default fits the target field.
 *
 * Errors name the rule and, for a step, its position and id.
 *
 * Returns: %TRUE if the rule would compile
 */
gboolean
kh_rule_check (KhRule     *rule,
               KhMapping  *mapping,
               GError    **error)
{
  KhPlanRule prule;
  gboolean ok;

  g_return_val_if_fail (KH_IS_RULE (rule), FALSE);
  g_return_val_if_fail (KH_IS_MAPPING (mapping), FALSE);

  ok = kh_plan_rule_compile (&prule, rule, mapping, error);
  kh_plan_rule_clear (&prule);
  return ok;
}

/**
 * kh_field_check_value:
 * @field: a target field
 * @value: a value as text, as a rule's default is written
 * @reason: (out) (optional) (transfer full): why @value does not fit
 *
 * Checks @value against the contract of @field (docs/semantics.md, "One
 * rule", step 4) with the engine's own target contract, the one every
 * cell of a run goes through: the type's canonical spelling, scale and
 * precision, maximum length, and required. The empty string is a missing
 * value: it fails only a required field.
 *
 * Returns: %TRUE if @value fits @field
 */
gboolean
kh_field_check_value (KhField     *field,
                      const char  *value,
                      char       **reason)
{
  KhTargetContract contract;
  KhArena arena;
  KhEvalContext ctx = { &arena, NULL, FALSE };
  KhValue in = { value, 0, KH_VALUE_STRING };
  KhValue out;
  gboolean fits;

  g_return_val_if_fail (KH_IS_FIELD (field), FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  in.len = strlen (value);
  kh_target_contract_init (&contract, field);
  kh_arena_init (&arena);
  fits = kh_target_contract_apply (&contract, &ctx, &in, &out);
  if (!fits && reason != NULL)
    *reason = g_strdup (ctx.reason);
  kh_arena_clear (&arena);

  return fits;
}
