/* kh-plan.c: a mapping compiled against concrete input columns
 *
 * Compiling copies everything the evaluation needs out of the mapping
 * (names, parameters, code lists, facets), so a plan never touches the
 * mapping again and can run in another thread while it is edited.
 *
 * Evaluation follows docs/semantics.md: every rule runs (steps, default,
 * target contract, on-error policy), then the filters. Dedupe is separate
 * (KhDeduper) because it is the run's state, not the record's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-plan"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kh-error.h"
#include "kh-plan-private.h"

G_DEFINE_BOXED_TYPE (KhPlan, kh_plan, kh_plan_ref, kh_plan_unref)

/* ---- rules ------------------------------------------------------------ */

void
kh_plan_rule_clear (KhPlanRule *prule)
{
  for (guint i = 0; i < prule->n_steps; i++)
    kh_step_impl_clear (&prule->steps[i]);
  g_free (prule->steps);
  g_free (prule->target);
  g_free (prule->sources);
  g_strfreev (prule->source_names);
  g_free ((char *) prule->default_value.str);
  memset (prule, 0, sizeof *prule);
}

static void
prefix_error (GError     **error,
              const char  *target,
              guint        index,
              const char  *step_id)
{
  if (error == NULL || *error == NULL)
    return;
  /* Translators: “Rule “Email”, step 2 (parse-date): …” */
  g_prefix_error (error, _("Rule “%s”, step %u (%s): "), target, index + 1, step_id);
}

/**
 * kh_plan_rule_compile:
 *
 * Compiles @rule in the context of @mapping: its steps, the shape of its
 * chain (sources against the first step), its default and the target
 * contract. Source columns are not resolved here.
 */
gboolean
kh_plan_rule_compile (KhPlanRule  *prule,
                      KhRule      *rule,
                      KhMapping   *mapping,
                      GError     **error)
{
  const char *target = kh_rule_get_target (rule);
  KhEntity *entity = kh_mapping_get_target_entity (mapping);
  KhField *field = entity != NULL ? kh_entity_lookup_field (entity, target) : NULL;
  const char *default_text = kh_rule_get_default_value (rule);
  KhStepInput first_input;

  memset (prule, 0, sizeof *prule);
  prule->target = g_strdup (target);
  prule->source_names = g_strdupv ((char **) kh_rule_get_sources (rule));
  prule->n_sources = kh_rule_get_n_sources (rule);
  prule->on_error = kh_rule_get_on_error (rule);
  prule->n_steps = kh_rule_get_n_steps (rule);
  prule->steps = g_new0 (KhStepImpl, MAX (prule->n_steps, 1));
  kh_target_contract_init (&prule->contract, field);

  for (guint i = 0; i < prule->n_steps; i++)
    {
      KhStep *step = kh_rule_get_step (rule, i);

      if (!kh_step_impl_compile (&prule->steps[i], step, mapping, error))
        {
          prefix_error (error, target, i, kh_step_get_id (step));
          return FALSE;
        }
      if (i > 0 && prule->steps[i].input != KH_STEP_INPUT_ONE)
        {
          g_set_error (error, KH_ERROR, KH_ERROR_INVALID_MAPPING,
                       _("Rule “%s”, step %u (%s): this step works on the rule's sources and can only come first"),
                       target, i + 1, kh_step_get_id (step));
          return FALSE;
        }
    }

  first_input = prule->n_steps > 0 ? prule->steps[0].input : KH_STEP_INPUT_ONE;
  if (prule->n_sources == 0 && first_input != KH_STEP_INPUT_NONE)
    {
      g_set_error (error, KH_ERROR, KH_ERROR_INVALID_MAPPING,
                   _("Rule “%s” has no source field, so it must start with a step that needs no input, such as constant"),
                   target);
      return FALSE;
    }
  if (prule->n_sources > 1 && first_input != KH_STEP_INPUT_MANY)
    {
      g_set_error (error, KH_ERROR, KH_ERROR_INVALID_MAPPING,
                   _("Rule “%s” has %u source fields, so it must start with a step that combines them, such as concat or coalesce"),
                   target, prule->n_sources);
      return FALSE;
    }
  if (prule->n_sources > 0 && first_input == KH_STEP_INPUT_NONE)
    {
      g_set_error (error, KH_ERROR, KH_ERROR_INVALID_MAPPING,
                   _("Rule “%s” starts with %s, which takes no input, but the rule has source fields"),
                   target, kh_step_info_get_name (prule->steps[0].info));
      return FALSE;
    }

  if (prule->on_error == KH_ON_ERROR_DEFAULT && default_text == NULL)
    {
      g_set_error (error, KH_ERROR, KH_ERROR_INVALID_MAPPING,
                   _("Rule “%s” takes its default on error, but has no default"), target);
      return FALSE;
    }

  if (default_text != NULL)
    {
      KhArena arena;
      KhEvalContext ctx = { &arena, NULL, FALSE };
      KhValue raw = { default_text, strlen (default_text), KH_VALUE_STRING };
      KhValue typed;
      gboolean ok;

      kh_arena_init (&arena);
      ok = kh_target_contract_apply (&prule->contract, &ctx, &raw, &typed);
      if (ok)
        {
          prule->has_default = TRUE;
          prule->default_value = typed;
          prule->default_value.str = typed.str != NULL ? g_strndup (typed.str, typed.len) : NULL;
        }
      else
        g_set_error (error, KH_ERROR, KH_ERROR_INVALID_MAPPING,
                     _("Rule “%s”: the default does not fit the target field: %s"), target, ctx.reason);
      kh_arena_clear (&arena);
      if (!ok)
        return FALSE;
    }

  return TRUE;
}

/* The type of the rule's values when the target entity does not say. */
static KhValueType
rule_chain_type (const KhPlanRule *prule)
{
  KhValueType type = KH_VALUE_STRING;

  for (guint i = 0; i < prule->n_steps; i++)
    if (!prule->steps[i].keeps_type)
      type = prule->steps[i].out_type;

  return type;
}

/* ---- filters ---------------------------------------------------------- */

static void
plan_filter_clear (KhPlanFilter *filter)
{
  g_free (filter->value);
  g_clear_pointer (&filter->regex, g_regex_unref);
  if (filter->set.slots != NULL)
    kh_str_table_clear (&filter->set);
}

static gboolean
plan_filter_compile (KhPlan        *self,
                     KhPlanFilter  *pfilter,
                     KhFilter      *filter,
                     GError       **error)
{
  const char *field = kh_filter_get_field (filter);
  const char * const *values = kh_filter_get_values (filter);
  int column = kh_plan_find_column (self, field);

  if (column < 0)
    {
      g_set_error (error, KH_ERROR, KH_ERROR_INVALID_MAPPING,
                   _("A filter uses the field “%s”, which no rule gives"), field);
      return FALSE;
    }

  pfilter->column = (guint) column;
  pfilter->op = kh_filter_get_op (filter);

  switch (pfilter->op)
    {
    case KH_FILTER_OP_EQUALS:
    case KH_FILTER_OP_NOT_EQUALS:
      pfilter->value = g_strdup (values[0] != NULL ? values[0] : "");
      pfilter->value_len = strlen (pfilter->value);
      break;

    case KH_FILTER_OP_MATCHES:
      {
        g_autoptr(GError) local_error = NULL;
        g_autofree char *anchored = g_strdup_printf ("\\A(?:%s)\\z", values[0] != NULL ? values[0] : "");

        pfilter->regex = g_regex_new (anchored, G_REGEX_OPTIMIZE, 0, &local_error);
        if (pfilter->regex == NULL)
          {
            g_set_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM,
                         _("The filter on “%s”: “%s” is not a valid regular expression: %s"),
                         field, values[0] != NULL ? values[0] : "", local_error->message);
            return FALSE;
          }
      }
      break;

    case KH_FILTER_OP_ONE_OF:
    case KH_FILTER_OP_NOT_ONE_OF:
      kh_str_table_init (&pfilter->set);
      for (guint i = 0; values[i] != NULL; i++)
        kh_str_table_insert (&pfilter->set, values[i], NULL);
      break;

    case KH_FILTER_OP_EMPTY:
    case KH_FILTER_OP_NOT_EMPTY:
    default:
      break;
    }

  return TRUE;
}

/* Null and the empty string compare as the empty string. */
static gboolean
plan_filter_holds (const KhPlanFilter *filter,
                   const KhValue      *value)
{
  const char *text = value->type == KH_VALUE_NULL ? "" : value->str;
  gsize len = value->type == KH_VALUE_NULL ? 0 : value->len;

  switch (filter->op)
    {
    case KH_FILTER_OP_EQUALS:
      return len == filter->value_len && memcmp (text, filter->value, len) == 0;
    case KH_FILTER_OP_NOT_EQUALS:
      return !(len == filter->value_len && memcmp (text, filter->value, len) == 0);
    case KH_FILTER_OP_EMPTY:
      return len == 0;
    case KH_FILTER_OP_NOT_EMPTY:
      return len > 0;
    case KH_FILTER_OP_MATCHES:
      return g_regex_match_full (filter->regex, text, (gssize) len, 0, 0, NULL, NULL);
    case KH_FILTER_OP_ONE_OF:
      return kh_str_table_lookup (&filter->set, text, len) != NULL;
    case KH_FILTER_OP_NOT_ONE_OF:
      return kh_str_table_lookup (&filter->set, text, len) == NULL;
    default:
      return TRUE;
    }
}

/* ---- the plan --------------------------------------------------------- */

static void
kh_plan_free (KhPlan *self)
{
  for (guint i = 0; i < self->n_rules; i++)
    kh_plan_rule_clear (&self->rules[i]);
  g_free (self->rules);
  g_free (self->columns);
  for (guint i = 0; i < self->n_filters; i++)
    plan_filter_clear (&self->filters[i]);
  g_free (self->filters);
  g_free (self->dedupe_columns);
  g_strfreev (self->input_columns);
  g_free (self->mapping_name);
}

/**
 * kh_plan_ref:
 *
 * Returns: (transfer full): @self
 */
KhPlan *
kh_plan_ref (KhPlan *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

/**
 * kh_plan_unref:
 *
 * Drops a reference; the last one frees the plan. Any thread may drop it.
 */
void
kh_plan_unref (KhPlan *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, (GDestroyNotify) kh_plan_free);
}

static int
find_input (const char * const *columns,
            guint               n_columns,
            const char         *name)
{
  for (guint i = 0; i < n_columns; i++)
    if (g_strcmp0 (columns[i], name) == 0)
      return (int) i;
  return -1;
}

static const char *
mapping_label (KhMapping *mapping)
{
  const char *name = kh_mapping_get_name (mapping);

  return name != NULL && name[0] != '\0' ? name : _("(unnamed)");
}

/**
 * kh_plan_new:
 * @mapping: the mapping to compile
 * @columns: (array length=n_columns): the names of the input columns, in
 *   the order of the cells of the records the plan will evaluate
 * @n_columns: the number of input columns
 * @flags: options
 * @error: return location for an error
 *
 * Compiles @mapping once against concrete input columns: resolves every
 * rule's sources to column indexes, compiles every step (date patterns,
 * regular expressions, time zones, code lists as hash tables), types the
 * rules' defaults and compiles the filters and dedupe keys.
 *
 * Errors name what is wrong and where: a source column missing from the
 * input (with its rule and the mapping), a step whose parameter cannot be
 * compiled (with its rule and step), a rule whose chain does not fit its
 * sources, a filter or dedupe key on a field no rule gives.
 *
 * Call it on the thread that owns @mapping; the plan keeps nothing of it.
 *
 * Returns: (transfer full) (nullable): the plan, or %NULL with @error set
 */
KhPlan *
kh_plan_new (KhMapping           *mapping,
             const char * const  *columns,
             guint                n_columns,
             KhPlanFlags          flags,
             GError             **error)
{
  g_autoptr(KhPlan) self = NULL;
  const char * const *keys;
  guint n_filters;

  g_return_val_if_fail (KH_IS_MAPPING (mapping), NULL);
  g_return_val_if_fail (columns != NULL || n_columns == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_atomic_rc_box_new0 (KhPlan);
  self->flags = flags;
  self->mapping_name = g_strdup (kh_mapping_get_name (mapping));
  self->n_input_columns = n_columns;
  self->input_columns = g_new0 (char *, n_columns + 1);
  for (guint i = 0; i < n_columns; i++)
    self->input_columns[i] = g_strdup (columns[i]);

  /* Rules, in rule order: one output column each. */
  self->n_rules = kh_mapping_get_n_rules (mapping);
  self->rules = g_new0 (KhPlanRule, MAX (self->n_rules, 1));
  self->columns = g_new0 (KhPlanColumn, MAX (self->n_rules, 1));
  for (guint r = 0; r < self->n_rules; r++)
    {
      KhPlanRule *prule = &self->rules[r];
      KhPlanColumn *column = &self->columns[r];

      if (!kh_plan_rule_compile (prule, kh_mapping_get_rule (mapping, r), mapping, error))
        {
          self->n_rules = r + 1;   /* so that the partial rule is freed too */
          return NULL;
        }
      prule->column = r;
      prule->sources = g_new0 (int, MAX (prule->n_sources, 1));
      for (guint s = 0; s < prule->n_sources; s++)
        {
          int index = find_input (columns, n_columns, prule->source_names[s]);

          if (index < 0 && !(flags & KH_PLAN_MISSING_COLUMNS_NULL))
            {
              g_set_error (error, KH_ERROR, KH_ERROR_NOT_FOUND,
                           _("Mapping “%s”: the source column “%s” of rule “%s” is not in the input"),
                           mapping_label (mapping), prule->source_names[s], prule->target);
              self->n_rules = r + 1;
              return NULL;
            }
          prule->sources[s] = index;
        }
      self->max_sources = MAX (self->max_sources, prule->n_sources);
      prule->first_source = prule->n_sources > 0 ? prule->sources[0] : -1;
      prule->pass_type = (prule->contract.has_field && !prule->contract.checks_value)
                         ? prule->contract.value_type : KH_VALUE_NULL;
      prule->pass_mask = !prule->contract.has_field ? ~0u : prule->pass_type != KH_VALUE_NULL ? 1u << prule->pass_type : 0;
      prule->pass_mask &= ~(1u << KH_VALUE_NULL);
      prule->short_way = KH_SHORT_WAY_NONE;
      if (prule->first_source >= 0 && prule->n_steps == 0 && prule->n_sources == 1 &&
          (!prule->contract.has_field || prule->pass_type == KH_VALUE_STRING))
        prule->short_way = KH_SHORT_WAY_COPY;
      else if (prule->first_source >= 0 && prule->n_steps > 0)
        {
          prule->short_way = KH_SHORT_WAY_STEPS;
          for (guint i = 0; i < prule->n_steps; i++)
            if (prule->steps[i].input != KH_STEP_INPUT_ONE)
              prule->short_way = KH_SHORT_WAY_NONE;
        }

      column->name = prule->target;
      column->has_field = prule->contract.has_field;
      column->field_type = prule->contract.field_type;
      column->type = prule->contract.has_field ? prule->contract.value_type : rule_chain_type (prule);
      column->required = prule->contract.required;
      column->max_length = prule->contract.max_length;
      column->precision = prule->contract.precision;
      column->scale = prule->contract.scale;
      column->on_error = prule->on_error;
      column->n_steps = prule->n_steps;
    }

  /* Filters */
  n_filters = kh_mapping_get_n_filters (mapping);
  self->filters = g_new0 (KhPlanFilter, MAX (n_filters, 1));
  for (guint i = 0; i < n_filters; i++)
    {
      self->n_filters = i + 1;
      if (!plan_filter_compile (self, &self->filters[i], kh_mapping_get_filter (mapping, i), error))
        return NULL;
    }

  /* Dedupe keys */
  keys = kh_mapping_get_dedupe_keys (mapping);
  self->n_dedupe = keys != NULL ? g_strv_length ((char **) keys) : 0;
  self->dedupe_columns = g_new0 (guint, MAX (self->n_dedupe, 1));
  self->dedupe_keep = kh_mapping_get_dedupe_keep (mapping);
  for (guint i = 0; i < self->n_dedupe; i++)
    {
      int column = kh_plan_find_column (self, keys[i]);

      if (column < 0)
        {
          g_set_error (error, KH_ERROR, KH_ERROR_INVALID_MAPPING,
                       _("The dedupe key “%s” is not a field any rule gives"), keys[i]);
          return NULL;
        }
      self->dedupe_columns[i] = (guint) column;
      self->key_rule = MAX (self->key_rule, (guint) column);
    }

  return g_steal_pointer (&self);
}

/**
 * kh_plan_get_flags:
 *
 * Returns: the flags the plan was compiled with
 */
KhPlanFlags
kh_plan_get_flags (KhPlan *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->flags;
}

/**
 * kh_plan_get_mapping_name:
 *
 * Returns: (nullable): the name of the mapping the plan was compiled from
 */
const char *
kh_plan_get_mapping_name (KhPlan *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->mapping_name;
}

/**
 * kh_plan_get_n_input_columns:
 *
 * Returns: the number of input columns the plan was compiled against
 */
guint
kh_plan_get_n_input_columns (KhPlan *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_input_columns;
}

/**
 * kh_plan_get_input_column:
 *
 * Returns: the name of input column @index
 */
const char *
kh_plan_get_input_column (KhPlan *self,
                          guint   index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->n_input_columns, NULL);

  return self->input_columns[index];
}

/**
 * kh_plan_get_n_columns:
 *
 * Returns: the number of output columns (one per rule)
 */
guint
kh_plan_get_n_columns (KhPlan *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_rules;
}

/**
 * kh_plan_get_column:
 *
 * Returns: (transfer none): output column @column, valid as long as the plan
 */
const KhPlanColumn *
kh_plan_get_column (KhPlan *self,
                    guint   column)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (column < self->n_rules, NULL);

  return &self->columns[column];
}

/**
 * kh_plan_find_column:
 *
 * Returns: the index of the output column named @name, or -1
 */
int
kh_plan_find_column (KhPlan     *self,
                     const char *name)
{
  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail (name != NULL, -1);

  for (guint i = 0; i < self->n_rules; i++)
    if (strcmp (self->rules[i].target, name) == 0)
      return (int) i;
  return -1;
}

/**
 * kh_plan_get_n_filters:
 *
 * Returns: the number of record filters
 */
guint
kh_plan_get_n_filters (KhPlan *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_filters;
}

/**
 * kh_plan_has_dedupe:
 *
 * Returns: whether the mapping dedupes records (has dedupe keys)
 */
gboolean
kh_plan_has_dedupe (KhPlan *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->n_dedupe > 0;
}

/**
 * kh_plan_get_dedupe_keep:
 *
 * Returns: which record of a group with the same key is written
 */
KhDedupeKeep
kh_plan_get_dedupe_keep (KhPlan *self)
{
  g_return_val_if_fail (self != NULL, KH_DEDUPE_KEEP_FIRST);

  return self->dedupe_keep;
}

/**
 * kh_plan_get_dedupe_columns:
 * @n_columns: (out): the number of key columns
 *
 * Returns: (array length=n_columns): the output columns of the dedupe key,
 *   in key order
 */
const guint *
kh_plan_get_dedupe_columns (KhPlan *self,
                            guint  *n_columns)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (n_columns != NULL, NULL);

  *n_columns = self->n_dedupe;
  return self->dedupe_columns;
}

/**
 * kh_plan_list_source_columns:
 * @mapping: a mapping
 *
 * The source columns the mapping's rules read, each once, in rule order:
 * what to compile a plan against when the input has no fixed columns
 * (golden records, JSON), together with %KH_PLAN_MISSING_COLUMNS_NULL.
 *
 * Returns: (transfer full): a %NULL-terminated array of names
 */
char **
kh_plan_list_source_columns (KhMapping *mapping)
{
  GPtrArray *names = g_ptr_array_new ();
  guint n;

  g_return_val_if_fail (KH_IS_MAPPING (mapping), NULL);

  n = kh_mapping_get_n_rules (mapping);
  for (guint r = 0; r < n; r++)
    {
      const char * const *sources = kh_rule_get_sources (kh_mapping_get_rule (mapping, r));

      for (guint s = 0; sources != NULL && sources[s] != NULL; s++)
        {
          gboolean seen = FALSE;

          for (guint i = 0; i < names->len && !seen; i++)
            seen = strcmp (g_ptr_array_index (names, i), sources[s]) == 0;
          if (!seen)
            g_ptr_array_add (names, g_strdup (sources[s]));
        }
    }
  g_ptr_array_add (names, NULL);

  return (char **) g_ptr_array_free (names, FALSE);
}

/* ---- evaluation ------------------------------------------------------- */

static const KhValue null_value = KH_VALUE_INIT_NULL;

/* @cells has a value for every input column (see kh_plan_eval()); a
 * column the input lacks has index -1. */
static inline const KhValue *
input_value (const KhValue *cells,
             int            index)
{
  return G_LIKELY (index >= 0) ? &cells[index] : &null_value;
}

static void
trace_add (KhRecordResult *result,
           KhCell         *cell,
           KhTraceKind     kind,
           int             step_index,
           const char     *label,
           const KhValue  *value,
           gboolean        skipped,
           const char     *reason)
{
  KhTraceEntry *entry = kh_record_result_add_trace (result);

  entry->kind = kind;
  entry->step_index = step_index;
  entry->label = label;
  entry->value = value != NULL ? *value : null_value;
  entry->skipped = skipped;
  entry->reason = reason;
  cell->trace_len++;
}

/* The rule failed: keep its reason, then apply its policy. */
static G_GNUC_NO_INLINE void
rule_failed (KhPlanRule     *prule,
             KhRecordResult *result,
             KhCell         *cell,
             KhValue        *value,
             const KhValue  *first,
             int             failed_step,
             const char     *reason,
             gboolean        trace)
{
  cell->failed = TRUE;
  cell->error.column = prule->column;
  cell->error.target = prule->target;
  cell->error.step_index = failed_step;
  cell->error.step_id = failed_step >= 0 ? prule->steps[failed_step].info->id : NULL;
  cell->error.reason = reason != NULL ? reason : "";
  cell->error.policy = prule->on_error;
  result->errors[result->n_errors++] = prule->column;

  switch (prule->on_error)
    {
    case KH_ON_ERROR_DEFAULT:
      *value = prule->default_value;
      cell->status = KH_CELL_STATUS_DEFAULTED;
      break;
    case KH_ON_ERROR_NULL:
      kh_value_set_null (value);
      cell->status = KH_CELL_STATUS_NULL;
      break;
    case KH_ON_ERROR_KEEP:
      *value = *first;
      if (value->type != KH_VALUE_NULL)
        value->type = KH_VALUE_STRING;
      cell->status = KH_CELL_STATUS_ERROR;
      break;
    case KH_ON_ERROR_ABORT:
      kh_value_set_null (value);
      cell->status = KH_CELL_STATUS_ERROR;
      if (!result->aborted)
        {
          result->aborted = TRUE;
          result->abort_cell = (int) prule->column;
        }
      break;
    case KH_ON_ERROR_REJECT:
    default:
      kh_value_set_null (value);
      cell->status = KH_CELL_STATUS_ERROR;
      break;
    }
  result->status_mask |= 1u << cell->status;

  if (trace)
    trace_add (result, cell, KH_TRACE_POLICY, -1, NULL, value, FALSE, NULL);
}

/* The end of a rule whose steps all succeeded, with @cur their result:
 * the default, the target contract and the cell's status. */
static inline G_ALWAYS_INLINE void
rule_finish (KhPlanRule     *prule,
             KhRecordResult *result,
             KhCell         *cell,
             KhValue        *value,
             const KhValue  *cur,
             const KhValue  *first,
             KhEvalContext  *ctx,
             const gboolean  trace)
{
  gboolean missing = cur->type == KH_VALUE_NULL || cur->len == 0;

  if (G_UNLIKELY (missing && prule->has_default))
    {
      /* The default was checked against the contract at compile time. */
      *value = prule->default_value;
      cell->status = KH_CELL_STATUS_DEFAULTED;
      result->status_mask |= 1u << KH_CELL_STATUS_DEFAULTED;
      if (trace)
        trace_add (result, cell, KH_TRACE_DEFAULT, -1, NULL, value, FALSE, NULL);
      return;
    }

  /* The contract: a value of the field's type with nothing else to
   * check goes straight through. */
  if (G_LIKELY (!prule->contract.has_field || (cur->type == prule->pass_type && !missing)))
    {
      if (cur != value)
        *value = *cur;
    }
  else
    {
      KhValue in = *cur;   /* cur may be the cell's value itself */

      if (!kh_target_contract_apply (&prule->contract, ctx, &in, value))
        {
          if (trace)
            trace_add (result, cell, KH_TRACE_TARGET, -1, NULL, NULL, FALSE, ctx->reason);
          rule_failed (prule, result, cell, value, first, -1, ctx->reason, trace);
          return;
        }
    }

  if (trace && prule->contract.has_field)
    trace_add (result, cell, KH_TRACE_TARGET, -1, NULL, value, FALSE, NULL);

  if (G_UNLIKELY (ctx->defaulted))
    cell->status = KH_CELL_STATUS_DEFAULTED;
  else if (G_UNLIKELY (value->type == KH_VALUE_NULL))
    cell->status = KH_CELL_STATUS_NULL;
  else
    cell->status = KH_CELL_STATUS_UNDECIDED;
  result->status_mask |= 1u << cell->status;
}

/* The steps of a rule whose steps each take one value (KH_SHORT_WAY_STEPS),
 * from a @first value that is there, as the loop of eval_rule_impl() runs
 * them without the trace, with less to decide per step. Returns %FALSE,
 * having decided nothing, when a step is given a missing value it does not
 * handle itself (the pass-through of eval_rule_impl() then runs the rule
 * again, from the start); steps keep no state, so running them again
 * gives the same values. @ctx is the record's, shared by its rules: what
 * a rule leaves in it (a reason, defaulted) is cleared before the next
 * rule. @mask gathers the statuses decided here. */
static inline G_ALWAYS_INLINE gboolean
eval_rule_short (KhPlanRule     *prule,
                 KhRecordResult *result,
                 KhCell         *cell,
                 KhValue        *value,
                 const KhValue  *first,
                 KhEvalContext  *ctx,
                 guint          *mask)
{
  const KhStepImpl *steps = prule->steps;
  const guint n_steps = prule->n_steps;
  const KhValue *cur = first;
  KhValue values[2];

  if (n_steps == 1)
    {
      /* The commonest rule: one step, no loop */
      if (G_UNLIKELY (!steps->eval (steps, ctx, first, 1, value)))
        {
          rule_failed (prule, result, cell, value, first, 0, ctx->reason, FALSE);
          ctx->reason = NULL;
          ctx->defaulted = FALSE;
          return TRUE;
        }
    }
  else
    for (guint i = 0; i < n_steps; i++)
      {
        const KhStepImpl *step = &steps[i];
        KhValue *next = i + 1 == n_steps ? value : &values[i & 1];

        if (G_UNLIKELY (i > 0 && (cur->type == KH_VALUE_NULL || cur->len == 0) && !step->handles_missing))
          {
            ctx->defaulted = FALSE;
            return FALSE;
          }
        if (G_UNLIKELY (!step->eval (step, ctx, cur, 1, next)))
          {
            rule_failed (prule, result, cell, value, first, (int) i, ctx->reason, FALSE);
            ctx->reason = NULL;
            ctx->defaulted = FALSE;
            return TRUE;
          }
        cur = next;
      }

  /* What rule_finish() decides for the commonest case */
  if (G_LIKELY (((prule->pass_mask >> value->type) & 1) != 0 && value->len != 0 && !ctx->defaulted))
    {
      cell->status = KH_CELL_STATUS_UNDECIDED;
      *mask |= 1u << KH_CELL_STATUS_UNDECIDED;
      return TRUE;
    }

  rule_finish (prule, result, cell, value, value, first, ctx, FALSE);
  ctx->reason = NULL;
  ctx->defaulted = FALSE;
  return TRUE;
}

/* Runs one rule: steps, default, target contract, on-error policy. It is
 * compiled twice, with and without the trace, so that the runner's copy
 * (eval_rules(), for what the short ways leave) has no trace code at all.
 *
 * Whether a value that is there is ok (the source value) or changed is
 * decided only when asked (kh_record_result_get_status()), from the
 * record's cells, which stay valid as long as the values do: the runner
 * never asks. (Copying the first source value into the cell here, for
 * that, cost about 7% of the runner's user time, measured on the
 * reference workload.) */
static inline G_ALWAYS_INLINE void
eval_rule_impl (KhPlanRule     *prule,
                const KhValue  *record,
                KhRecordResult *result,
                KhCell         *cell,
                KhValue        *value,
                const gboolean  trace)
{
  KhEvalContext ctx;
  const KhValue *first = input_value (record, prule->first_source);
  const KhValue *cur = first;
  KhValue values[2];
  guint which = 0;
  int failed_step = -2;   /* -2: no failure; -1: the target contract */
  const KhStepImpl *steps = prule->steps;
  const guint n_steps = prule->n_steps;

  cell->failed = FALSE;

  ctx.arena = &result->arena;
  ctx.reason = NULL;
  ctx.defaulted = FALSE;
  if (trace)
    {
      cell->trace_len = 0;
      cell->trace_start = result->n_trace;
      for (guint s = 0; s < prule->n_sources; s++)
        trace_add (result, cell, KH_TRACE_SOURCE, -1, prule->source_names[s],
                   input_value (record, prule->sources[s]), FALSE, NULL);
    }

  for (guint i = 0; i < n_steps; i++)
    {
      const KhStepImpl *step = &steps[i];
      /* The last step writes straight into the cell: copying a value a
       * step has just written field by field, as one wider load, would
       * wait for the stores to reach the cache. */
      KhValue *next = i + 1 == n_steps ? value : &values[which];
      gboolean ok;

      if (step->input == KH_STEP_INPUT_ONE)
        {
          if (!step->handles_missing && (cur->type == KH_VALUE_NULL || cur->len == 0))
            {
              /* Missing values pass through: null stays null; "" stays ""
               * for steps that give text or keep the type, and becomes null
               * for the others. */
              if (cur->type != KH_VALUE_NULL && !step->keeps_type)
                {
                  if (step->out_type != KH_VALUE_STRING)
                    kh_value_set_null (next);
                  else
                    kh_value_set (next, cur->str, 0, KH_VALUE_STRING);
                  cur = next;
                  which ^= 1;
                }
              if (trace)
                trace_add (result, cell, KH_TRACE_STEP, (int) i, step->info->id, cur, TRUE, NULL);
              continue;
            }
          ok = step->eval (step, &ctx, cur, 1, next);
        }
      else if (step->input == KH_STEP_INPUT_MANY)
        {
          for (guint s = 0; s < prule->n_sources; s++)
            result->inputs[s] = *input_value (record, prule->sources[s]);
          ok = step->eval (step, &ctx, result->inputs, prule->n_sources, next);
        }
      else
        ok = step->eval (step, &ctx, NULL, 0, next);

      if (G_UNLIKELY (!ok))
        {
          failed_step = (int) i;
          if (trace)
            trace_add (result, cell, KH_TRACE_STEP, (int) i, step->info->id, NULL, FALSE, ctx.reason);
          break;
        }
      cur = next;
      which ^= 1;
      if (trace)
        trace_add (result, cell, KH_TRACE_STEP, (int) i, step->info->id, cur, FALSE, NULL);
    }

  if (G_LIKELY (failed_step == -2))
    {
      rule_finish (prule, result, cell, value, cur, first, &ctx, trace);
      return;
    }

  rule_failed (prule, result, cell, value, first, failed_step, ctx.reason, trace);
}

/* After rule @r failed: whether the run goes on with the next rule. A
 * failed rule with policy `abort` stops the record (unless the plan says
 * to go on), and the cells after it read null. */
static gboolean
rule_failed_goes_on (KhPlan         *self,
                     KhRecordResult *result,
                     guint           r,
                     gboolean       *rejected)
{
  KhCell *cell = &result->cells[r];

  if (cell->error.policy == KH_ON_ERROR_REJECT)
    *rejected = TRUE;
  else if (cell->error.policy == KH_ON_ERROR_ABORT && !(self->flags & KH_PLAN_CONTINUE_AFTER_ABORT))
    {
      /* The other cells were not reached. */
      result->n_evaluated = r + 1;
      for (guint rest = r + 1; rest < self->n_rules; rest++)
        {
          result->cells[rest].failed = FALSE;
          result->cells[rest].trace_len = 0;
          kh_value_set_null (&result->values[rest]);
          result->cells[rest].status = KH_CELL_STATUS_NULL;
        }
      return FALSE;
    }
  return TRUE;
}

/* Runs every rule of @self on @cells into @result, with the trace; returns
 * whether a rule with policy `reject` failed. */
static G_GNUC_NO_INLINE gboolean
eval_rules_traced (KhPlan         *self,
                   const KhValue  *cells,
                   KhRecordResult *result)
{
  const guint key_rule = result->key_func != NULL && self->n_dedupe > 0 ? self->key_rule : G_MAXUINT;
  gboolean rejected = FALSE;

  result->n_evaluated = self->n_rules;
  for (guint r = 0; r < self->n_rules; r++)
    {
      KhCell *cell = &result->cells[r];

      eval_rule_impl (&self->rules[r], cells, result, cell, &result->values[r], TRUE);

      if (G_UNLIKELY (r == key_rule))
        result->key_func (result, result->key_data);

      if (G_UNLIKELY (cell->failed) && !rule_failed_goes_on (self, result, r, &rejected))
        break;
    }

  return rejected;
}

/* The same without the trace, as the runner evaluates. A source value
 * that is there takes a short way: copied as it is, or through steps that
 * each take one value (eval_rule_short()), with one evaluation context for
 * the record and the statuses gathered in a register. */
static gboolean
eval_rules (KhPlan         *self,
            const KhValue  *cells,
            KhRecordResult *result)
{
  KhPlanRule *rules = self->rules;
  KhCell *out = result->cells;
  KhValue *values = result->values;
  const guint n_rules = self->n_rules;
  /* The rule after which the key func is called: its key is complete */
  const guint key_rule = result->key_func != NULL && self->n_dedupe > 0 ? self->key_rule : G_MAXUINT;
  KhEvalContext ctx = { &result->arena, NULL, FALSE };
  guint mask = 0;
  gboolean rejected = FALSE;

  /* The rules up to the key rule, the key func, then the others: no test
   * for the key rule per rule. Pointers that step along, as the rules,
   * cells and values are arrays of structs of sizes a multiply would
   * index. */
  KhPlanRule *prule = rules;
  KhPlanRule *end = rules + (key_rule < n_rules ? key_rule + 1 : n_rules);
  KhCell *cell = out;
  KhValue *value = values;

  result->n_evaluated = n_rules;
  for (;;)
    {
      for (; prule < end; prule++, cell++, value++)
        {
          /* cell->failed is FALSE here: kh_record_result_reset() cleared
           * it in the cells that failed before */
          if (G_LIKELY (prule->short_way != KH_SHORT_WAY_NONE))
            {
              const KhValue *first = &cells[prule->first_source];

              if (first->len != 0 && first->type != KH_VALUE_NULL)
                {
                  if (prule->short_way == KH_SHORT_WAY_COPY)
                    {
                      if (first->type == KH_VALUE_STRING)
                        {
                          /* Nothing here can fail */
                          *value = *first;
                          cell->status = KH_CELL_STATUS_UNDECIDED;
                          mask |= 1u << KH_CELL_STATUS_UNDECIDED;
                          continue;
                        }
                    }
                  else if (eval_rule_short (prule, result, cell, value, first, &ctx, &mask))
                    goto done;
                }
            }
          eval_rule_impl (prule, cells, result, cell, value, FALSE);

        done:
          if (G_UNLIKELY (cell->failed) &&
              !rule_failed_goes_on (self, result, (guint) (prule - rules), &rejected))
            {
              if ((guint) (prule - rules) == key_rule)
                result->key_func (result, result->key_data);
              goto finished;
            }
        }
      if (key_rule < n_rules && end == rules + key_rule + 1)
        result->key_func (result, result->key_data);
      if (end == rules + n_rules)
        break;
      end = rules + n_rules;
    }

finished:
  result->status_mask |= mask;
  return rejected;
}

/**
 * kh_plan_eval:
 * @self: a plan
 * @record: an input record whose cells follow the plan's input columns
 * @result: a result made by kh_record_result_new() for this plan; its
 *   previous contents are discarded
 * @outcome: (out) (optional): what happens to the record: written,
 *   rejected (a rule with policy `reject` failed) or filtered. Dedupe is
 *   not decided here; see #KhDeduper.
 *
 * Evaluates every rule of the plan on @record (steps, default, target
 * contract, on-error policy), then, unless the record is rejected, the
 * filters. The values in @result stay valid until its next evaluation;
 * they may point into @record's memory (an unchanged source value is not
 * copied), so use them before the reader moves on. The same holds for the
 * statuses (kh_record_result_get_status()), which read @record's cells.
 *
 * Returns: %FALSE when a rule with policy `abort` failed: the run must stop
 *   and write nothing (@outcome is then %KH_OUTCOME_REJECTED); see
 *   kh_record_result_get_abort_error(). %TRUE otherwise.
 */
gboolean
kh_plan_eval (KhPlan         *self,
              const KhRecord *record,
              KhRecordResult *result,
              KhOutcome      *outcome)
{
  gboolean rejected = FALSE;
  const KhValue *cells;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (record != NULL, FALSE);
  g_return_val_if_fail (result != NULL && result->plan == self, FALSE);

  kh_record_result_reset (result);
  result->number = record->number;
  result->line = record->line;

  /* A record with fewer cells than columns reads null for the others. */
  cells = record->cells;
  if (G_UNLIKELY (record->n_cells < self->n_input_columns))
    {
      for (guint i = 0; i < self->n_input_columns; i++)
        {
          if (i < record->n_cells)
            result->padded[i] = record->cells[i];
          else
            kh_value_set_null (&result->padded[i]);
        }
      cells = result->padded;
    }
  result->record_cells = cells;

  /* The trace is decided once per record, not per rule: each loop then has
   * only its own copy of eval_rule_impl(), and the runner's (no trace)
   * keeps its state in registers. */
  if (G_UNLIKELY (self->flags & KH_PLAN_TRACE))
    rejected = eval_rules_traced (self, cells, result);
  else
    rejected = eval_rules (self, cells, result);

  if (G_UNLIKELY (result->aborted || rejected))
    result->outcome = KH_OUTCOME_REJECTED;
  else
    {
      result->outcome = KH_OUTCOME_WRITTEN;
      for (guint f = 0; f < self->n_filters; f++)
        if (!plan_filter_holds (&self->filters[f], &result->values[self->filters[f].column]))
          {
            result->outcome = KH_OUTCOME_FILTERED;
            result->failed_filter = (int) f;
            break;
          }
    }

  if (outcome != NULL)
    *outcome = result->outcome;
  return !result->aborted;
}

/**
 * kh_plan_eval_strings:
 * @self: a plan
 * @values: (array) (element-type utf8) (nullable): one value per input
 *   column of the plan (kh_plan_get_n_input_columns()); a %NULL element is
 *   null. A %NULL array makes every input null.
 * @result: a result made for this plan
 * @outcome: (out) (optional): the record's outcome
 *
 * kh_plan_eval() for a record given as strings, as golden records and
 * hand-typed previews are. The record's number and line are 0.
 *
 * Returns: %FALSE when the record aborts the run
 */
gboolean
kh_plan_eval_strings (KhPlan              *self,
                      const char * const  *values,
                      KhRecordResult      *result,
                      KhOutcome           *outcome)
{
  KhValue *cells;
  KhRecord record = { NULL, 0, 0, 0, NULL, 0 };

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (result != NULL && result->plan == self, FALSE);

  /* The result's own array, so that the cells outlive this call as long as
   * the values do (the status reads them). */
  cells = result->padded;
  for (guint i = 0; i < self->n_input_columns; i++)
    {
      const char *value = values != NULL ? values[i] : NULL;

      if (value != NULL)
        kh_value_set (&cells[i], value, strlen (value), KH_VALUE_STRING);
      else
        kh_value_set_null (&cells[i]);
    }
  record.cells = cells;
  record.n_cells = self->n_input_columns;

  return kh_plan_eval (self, &record, result, outcome);
}
