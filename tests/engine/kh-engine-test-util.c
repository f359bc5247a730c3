/* kh-engine-test-util.c: running steps and rules through the real engine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kh-engine-test-util.h"

KhStep *
test_step_newv (const char         *id,
                const char * const *params)
{
  KhStep *step = kh_step_new (id);

  for (guint i = 0; params != NULL && params[i] != NULL; i += 2)
    {
      const char * const *old = kh_step_get_param_values (step, params[i]);
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) values = NULL;

      g_assert_nonnull (params[i + 1]);
      if (old != NULL)
        g_strv_builder_addv (builder, (const char **) old);
      g_strv_builder_add (builder, params[i + 1]);
      values = g_strv_builder_end (builder);
      kh_step_set_param_values (step, params[i], (const char * const *) values);
    }

  return step;
}

KhStep *
test_step_new (const char *id,
               ...)
{
  g_autoptr(GPtrArray) params = g_ptr_array_new ();
  va_list args;
  const char *p;

  va_start (args, id);
  while ((p = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (params, (gpointer) p);
  va_end (args);
  g_ptr_array_add (params, NULL);

  return test_step_newv (id, (const char * const *) params->pdata);
}

char *
test_run_steps (KhMapping           *mapping,
                KhStep             **steps,
                guint                n_steps,
                const char * const  *inputs,
                guint                n_inputs,
                KhValueType         *type)
{
  g_autoptr(KhMapping) own = NULL;
  g_autoptr(KhRule) rule = kh_rule_new ("out");
  g_autoptr(KhPlan) plan = NULL;
  g_autoptr(KhRecordResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) columns = g_ptr_array_new_with_free_func (g_free);
  const KhCellError *cell_error;
  const KhValue *value;
  int column;

  if (mapping == NULL)
    mapping = own = kh_mapping_new ();
  kh_mapping_remove_rule (mapping, "out");

  for (guint i = 0; i < n_inputs; i++)
    {
      char *name = g_strdup_printf ("in%u", i + 1);

      g_ptr_array_add (columns, name);
      kh_rule_add_source (rule, name);
    }
  for (guint i = 0; i < n_steps; i++)
    kh_rule_append_step (rule, steps[i]);
  g_assert_true (kh_mapping_add_rule (mapping, rule));

  plan = kh_plan_new (mapping, (const char * const *) columns->pdata, columns->len, KH_PLAN_TRACE, &error);
  if (plan == NULL)
    return g_strdup_printf ("!compile: %s", error->message);

  result = kh_record_result_new (plan);
  kh_plan_eval_strings (plan, inputs, result, NULL);
  column = kh_plan_find_column (plan, "out");
  g_assert_cmpint (column, >=, 0);

  value = kh_record_result_get_value (result, (guint) column);
  if (type != NULL)
    *type = value->type;
  cell_error = kh_record_result_get_cell_error (result, (guint) column);
  if (cell_error != NULL)
    return g_strdup_printf ("!%s", cell_error->reason);
  if (value->type == KH_VALUE_NULL)
    return g_strdup ("<null>");
  g_assert_cmpuint (strlen (value->str), ==, value->len);
  return g_strndup (value->str, value->len);
}

char *
test_run (const char *input,
          const char *id,
          ...)
{
  g_autoptr(GPtrArray) params = g_ptr_array_new ();
  g_autoptr(KhStep) step = NULL;
  const char *inputs[1] = { input };
  va_list args;
  const char *p;

  va_start (args, id);
  while ((p = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (params, (gpointer) p);
  va_end (args);
  g_ptr_array_add (params, NULL);

  step = test_step_newv (id, (const char * const *) params->pdata);
  return test_run_steps (NULL, &step, 1, inputs, 1, NULL);
}

KhField *
test_add_field (KhMapping   *mapping,
                const char  *name,
                KhFieldType  type)
{
  KhEntity *entity = kh_mapping_get_target_entity (mapping);
  g_autoptr(KhField) field = kh_field_new (name, type);

  if (entity == NULL)
    {
      g_autoptr(KhEntity) created = kh_entity_new ("Target");

      kh_mapping_set_target_entity (mapping, created);
      entity = kh_mapping_get_target_entity (mapping);
    }
  g_assert_true (kh_entity_add_field (entity, field));
  return kh_entity_lookup_field (entity, name);
}

/* A rule from target ← source with steps given as KhStep* (transfer full),
 * NULL-terminated. @source may be NULL. */
KhRule *
test_add_rule (KhMapping  *mapping,
               const char *target,
               const char *source,
               ...)
{
  g_autoptr(KhRule) rule = kh_rule_new (target);
  va_list args;
  KhStep *step;

  if (source != NULL)
    kh_rule_add_source (rule, source);
  va_start (args, source);
  while ((step = va_arg (args, KhStep *)) != NULL)
    {
      kh_rule_append_step (rule, step);
      g_object_unref (step);
    }
  va_end (args);

  g_assert_true (kh_mapping_add_rule (mapping, rule));
  return kh_mapping_lookup_rule (mapping, target);
}

void
test_each_string (const char *alphabet,
                  guint       min_len,
                  guint       max_len,
                  void      (*check) (const char *s))
{
  const guint n = (guint) strlen (alphabet);

  g_assert_cmpuint (max_len, <=, 7);
  for (guint len = min_len; len <= max_len; len++)
    {
      guint total = 1;

      for (guint i = 0; i < len; i++)
        total *= n;
      for (guint k = 0; k < total; k++)
        {
          char s[8];
          guint v = k;

          for (guint i = 0; i < len; i++, v /= n)
            s[i] = alphabet[v % n];
          s[len] = '\0';
          check (s);
        }
    }
}

guint
test_corpus_size (guint full)
{
#if defined(__SANITIZE_ADDRESS__)
  return full / 10;
#else
  return g_getenv ("KH_TEST_SMALL") != NULL ? full / 10 : full;
#endif
}
