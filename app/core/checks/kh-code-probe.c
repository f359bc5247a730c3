/* kh-code-probe.c: the values a lookup step is given
 *
 * To know which codes a rule hands its `lookup` step, the steps before
 * the lookup are compiled alone (a scratch mapping with one rule: the
 * rule's sources and copies of the steps before the lookup, no target
 * contract, policy null) and run on every sample record, and on every
 * code the source field's metadata lists. The values that reach the
 * lookup and that its code list has no entry for are the gaps. The scratch
 * plans are compiled by the same engine the runner uses, so "upper-case,
 * then lookup" is probed with the upper-cased values.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-code-probe"

#include "config.h"

#include "kh-code-probe-private.h"

#include <string.h>

static void
uncovered_clear (gpointer data)
{
  KhUncoveredCode *code = data;

  g_free (code->value);
}

void
kh_code_gap_free (KhCodeGap *gap)
{
  if (gap == NULL)
    return;

  g_free (gap->target);
  g_free (gap->code_list);
  g_free (gap->source);
  g_clear_pointer (&gap->samples, g_array_unref);
  g_clear_pointer (&gap->schema, g_array_unref);
  g_free (gap);
}

/* A mapping with one rule: @rule's sources and its steps before @step. */
static KhMapping *
make_probe_mapping (KhMapping *mapping,
                    KhRule    *rule,
                    guint      step)
{
  KhMapping *probe = kh_mapping_new ();
  g_autoptr(KhRule) prule = kh_rule_new (kh_rule_get_target (rule));

  for (guint i = 0; i < kh_mapping_get_n_code_lists (mapping); i++)
    {
      g_autoptr(KhCodeList) list = kh_code_list_copy (kh_mapping_get_code_list (mapping, i));

      kh_mapping_add_code_list (probe, list);
    }

  kh_rule_set_sources (prule, kh_rule_get_sources (rule));
  for (guint i = 0; i < step; i++)
    {
      g_autoptr(KhStep) copy = kh_step_copy (kh_rule_get_step (rule, i));

      kh_rule_append_step (prule, copy);
    }
  kh_rule_set_on_error (prule, KH_ON_ERROR_NULL);
  kh_mapping_add_rule (probe, prule);
  return probe;
}

/* Returns the 1-based index of the uncovered value @value is, or 0 when
 * the list covers it. */
static guint
note_value (GArray     *codes,
            GHashTable *seen,
            KhCodeList *list,
            const char *value,
            int         row)
{
  gpointer index;

  if (kh_code_list_lookup (list, value) != NULL)
    return 0;

  if (g_hash_table_lookup_extended (seen, value, NULL, &index))
    {
      g_array_index (codes, KhUncoveredCode, GPOINTER_TO_UINT (index)).count++;
      return GPOINTER_TO_UINT (index) + 1;
    }
  else
    {
      KhUncoveredCode code = { g_strdup (value), 1, row };

      g_array_append_val (codes, code);
      g_hash_table_insert (seen, code.value, GUINT_TO_POINTER (codes->len - 1));
      return codes->len;
    }
}

/* Evaluates @plan on @values and notes the lookup's input when it is a
 * value the list lacks; returns note_value()'s index, or 0. */
static guint
probe_one (KhPlan              *plan,
           KhRecordResult      *result,
           const char * const  *values,
           KhCodeList          *list,
           GArray              *codes,
           GHashTable          *seen,
           int                  row)
{
  const KhValue *value;
  g_autofree char *text = NULL;

  kh_plan_eval_strings (plan, values, result, NULL);
  if (kh_record_result_get_n_errors (result) > 0)
    return 0;   /* the value fails before it reaches the lookup */

  value = kh_record_result_get_value (result, 0);
  if (kh_value_is_missing (value))
    return 0;   /* a lookup passes missing values through */

  text = g_strndup (value->str, value->len);
  return note_value (codes, seen, list, text, row);
}

static GArray *
new_codes (void)
{
  GArray *codes = g_array_new (FALSE, FALSE, sizeof (KhUncoveredCode));

  g_array_set_clear_func (codes, uncovered_clear);
  return codes;
}

/* The key of a record's values in @columns, to evaluate each distinct
 * combination of source values once: codes repeat a lot. */
static void
make_key (GString            *key,
          KhSampleSet        *samples,
          guint               row,
          const int          *columns,
          guint               n_columns)
{
  g_string_truncate (key, 0);
  for (guint i = 0; i < n_columns; i++)
    {
      const char *value = columns[i] >= 0 ? kh_sample_set_get_value (samples, row, (guint) columns[i]) : NULL;

      /* \x01 marks null, \x02 a value; \x1f separates them. */
      g_string_append_c (key, value != NULL ? '\x02' : '\x01');
      if (value != NULL)
        g_string_append (key, value);
      g_string_append_c (key, '\x1f');
    }
}

static void
scan_samples (KhCodeGap   *gap,
              KhMapping   *probe,
              KhCodeList  *list,
              KhSampleSet *samples)
{
  g_autoptr(KhPlan) plan = NULL;
  g_autoptr(KhRecordResult) result = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GString) key = g_string_new (NULL);
  g_autofree const char **values = NULL;
  g_autofree int *sources = NULL;
  KhRule *rule = kh_mapping_get_rule (probe, 0);
  guint n_sources = kh_rule_get_n_sources (rule);
  guint n_columns = kh_sample_set_get_n_columns (samples);

  plan = kh_plan_new (probe, kh_sample_set_get_columns (samples), n_columns, KH_PLAN_MISSING_COLUMNS_NULL, NULL);
  if (plan == NULL)
    return;   /* the steps do not compile; the mapping check says why */

  sources = g_new (int, MAX (n_sources, 1));
  for (guint i = 0; i < n_sources; i++)
    sources[i] = kh_sample_set_lookup_column (samples, kh_rule_get_sources (rule)[i]);

  result = kh_record_result_new (plan);
  values = g_new0 (const char *, MAX (n_columns, 1));
  for (guint r = 0; r < kh_sample_set_get_n_rows (samples); r++)
    {
      gpointer index;

      /* The same source values give the same lookup input. */
      make_key (key, samples, r, sources, n_sources);
      if (g_hash_table_lookup_extended (done, key->str, NULL, &index))
        {
          if (GPOINTER_TO_UINT (index) > 0)
            g_array_index (gap->samples, KhUncoveredCode, GPOINTER_TO_UINT (index) - 1).count++;
          continue;
        }

      for (guint c = 0; c < n_columns; c++)
        values[c] = kh_sample_set_get_value (samples, r, c);
      index = GUINT_TO_POINTER (probe_one (plan, result, values, list, gap->samples, seen, (int) r));
      g_hash_table_insert (done, g_strdup (key->str), index);
    }
}

static void
scan_schema_codes (KhCodeGap  *gap,
                   KhMapping  *probe,
                   KhCodeList *list,
                   KhField    *field)
{
  const char *columns[] = { kh_field_get_name (field), NULL };
  g_autoptr(KhPlan) plan = NULL;
  g_autoptr(KhRecordResult) result = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GListModel *codes = kh_field_get_codes (field);

  plan = kh_plan_new (probe, columns, 1, KH_PLAN_MISSING_COLUMNS_NULL, NULL);
  if (plan == NULL)
    return;

  result = kh_record_result_new (plan);
  for (guint i = 0; i < g_list_model_get_n_items (codes); i++)
    {
      g_autoptr(KhCodeValue) code = g_list_model_get_item (codes, i);
      const char *values[] = { kh_code_value_get_value (code) };

      probe_one (plan, result, values, list, gap->schema, seen, -1);
    }
  gap->source = g_strdup (kh_field_get_name (field));
}

/**
 * kh_code_probe_scan:
 * @mapping: the mapping, on the thread that owns it
 * @source_entity: (nullable): the source entity whose fields' codes to
 *   check
 * @samples: (nullable): the sample records
 *
 * Returns: (transfer container) (element-type KhCodeGap): one gap per
 *   lookup step that misses a value, in rule and step order
 */
GPtrArray *
kh_code_probe_scan (KhMapping   *mapping,
                    KhEntity    *source_entity,
                    KhSampleSet *samples)
{
  GPtrArray *gaps = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_code_gap_free);

  for (guint r = 0; r < kh_mapping_get_n_rules (mapping); r++)
    {
      KhRule *rule = kh_mapping_get_rule (mapping, r);

      for (guint s = 0; s < kh_rule_get_n_steps (rule); s++)
        {
          KhStep *step = kh_rule_get_step (rule, s);
          const char *name;
          KhCodeList *list;
          g_autoptr(KhMapping) probe = NULL;
          KhCodeGap *gap;

          if (g_strcmp0 (kh_step_get_id (step), "lookup") != 0)
            continue;
          name = kh_step_get_param (step, "code-list");
          list = name != NULL ? kh_mapping_lookup_code_list (mapping, name) : NULL;
          if (list == NULL)
            continue;   /* the mapping check reports it */

          probe = make_probe_mapping (mapping, rule, s);
          gap = g_new0 (KhCodeGap, 1);
          gap->target = g_strdup (kh_rule_get_target (rule));
          gap->step_index = s;
          gap->code_list = g_strdup (name);
          gap->unknown = kh_code_list_get_unknown (list);
          gap->samples = new_codes ();
          gap->schema = new_codes ();

          if (samples != NULL)
            scan_samples (gap, probe, list, samples);

          /* The source field's own codes, for a one-source rule. */
          if (source_entity != NULL && kh_rule_get_n_sources (rule) == 1)
            {
              KhField *field = kh_entity_lookup_field (source_entity, kh_rule_get_sources (rule)[0]);

              if (field != NULL && kh_field_get_n_codes (field) > 0)
                scan_schema_codes (gap, probe, list, field);
            }

          if (gap->samples->len > 0 || gap->schema->len > 0)
            g_ptr_array_add (gaps, gap);
          else
            kh_code_gap_free (gap);
        }
    }

  return gaps;
}
