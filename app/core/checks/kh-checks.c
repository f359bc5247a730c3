/* kh-checks.c: the problems list: what is wrong with a mapping, live
 *
 * kh_checks_run() gives every problem the workbench lists, each a
 * #KhProblem with a severity, a one-line translated explanation and what
 * it points at, so that activating it can jump there:
 *
 * - the semantic checks of the mapping XML (kh_mapping_check()): unknown
 *   steps, invalid parameters, dedupe keys and filters on fields no rule
 *   gives, …
 * - required target fields without a rule (subject: target field)
 * - type mismatches without a converting step (subject: rule)
 * - possible truncation: a source longer than the target allows and no
 *   `max-length` step (subject: rule)
 * - code values that reach a lookup step and that its code list lacks,
 *   from the samples and from the source field's codes (subject: the
 *   lookup step; the code list; the first sample row in the index)
 * - rules that fail on sample records, with the count and the share
 *   (subject: the failing step, or the rule when the target contract
 *   failed; the first failing sample row in the index, for a jump to the
 *   cell)
 * - source columns the samples lack (subject: source field)
 *
 * Errors come first, then warnings, each in the order above. Runs on the
 * thread that owns the mapping; it evaluates nothing when given the
 * preview's result, and only the steps before each lookup otherwise.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-checks"

#include "config.h"

#include "kh-checks.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kh-catalogue.h"
#include "kh-code-probe-private.h"
#include "kh-mapping-check.h"
#include "kh-preview-compute.h"

/* How many values a code problem names before “and N more”. */
#define MAX_NAMED_VALUES 5

typedef struct
{
  KhMapping  *mapping;    /* borrowed */
  KhEntity   *source;     /* borrowed, nullable */
  KhEntity   *target;     /* borrowed, nullable */
  GPtrArray  *problems;   /* owned, of KhProblem */
} Checks;

static KhProblem *add_problem (Checks            *checks,
                               KhProblemSeverity  severity,
                               KhProblemSubject   subject,
                               const char        *code,
                               const char        *format,
                               ...) G_GNUC_PRINTF (5, 6);

static KhProblem *
add_problem (Checks            *checks,
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
  g_ptr_array_add (checks->problems, problem);
  return problem;
}

/* ---- required target fields ------------------------------------------- */

static void
check_required (Checks *checks)
{
  if (checks->target == NULL)
    return;

  for (guint i = 0; i < kh_entity_get_n_fields (checks->target); i++)
    {
      KhField *field = kh_entity_get_field (checks->target, i);
      const char *name = kh_field_get_name (field);
      KhProblem *problem;

      if (kh_field_get_required (field) != KH_REQUIRED_YES || kh_mapping_lookup_rule (checks->mapping, name) != NULL)
        continue;

      problem = add_problem (checks, KH_PROBLEM_ERROR, KH_PROBLEM_SUBJECT_TARGET_FIELD, KH_CHECK_REQUIRED_UNMAPPED,
                             _("“%s” is required by the target, but no rule gives it a value"), name);
      kh_problem_set_field (problem, name);
    }
}

/* ---- types ------------------------------------------------------------- */

/* The type a rule's chain gives, from the catalogue; FALSE when a step is
 * unknown. Input values are text (or null without a source). */
static gboolean
chain_type (KhRule      *rule,
            KhValueType *type)
{
  KhValueType t = kh_rule_get_n_sources (rule) > 0 ? KH_VALUE_STRING : KH_VALUE_NULL;

  for (guint i = 0; i < kh_rule_get_n_steps (rule); i++)
    {
      KhStep *step = kh_rule_get_step (rule, i);
      const KhStepInfo *info = kh_step_get_info (step);

      if (info == NULL)
        return FALSE;
      t = kh_step_info_get_output_type (info,
                                        info->type_param != NULL ? kh_step_get_param (step, info->type_param) : NULL,
                                        t);
    }

  *type = t;
  return TRUE;
}

static KhFieldType
field_type_for_value_type (KhValueType type)
{
  switch (type)
    {
    case KH_VALUE_INTEGER:  return KH_FIELD_TYPE_INTEGER;
    case KH_VALUE_DECIMAL:  return KH_FIELD_TYPE_DECIMAL;
    case KH_VALUE_BOOLEAN:  return KH_FIELD_TYPE_BOOLEAN;
    case KH_VALUE_DATE:     return KH_FIELD_TYPE_DATE;
    case KH_VALUE_DATETIME: return KH_FIELD_TYPE_DATETIME;
    case KH_VALUE_TIME:     return KH_FIELD_TYPE_TIME;
    case KH_VALUE_NULL:
    case KH_VALUE_STRING:
    default:                return KH_FIELD_TYPE_STRING;
    }
}

/* The catalogue name of the step that converts text to @type. */
static const char *
parse_step_name (KhValueType type)
{
  const char *id;

  switch (type)
    {
    case KH_VALUE_INTEGER:
    case KH_VALUE_DECIMAL:  id = "parse-number"; break;
    case KH_VALUE_BOOLEAN:  id = "boolean"; break;
    case KH_VALUE_DATE:
    case KH_VALUE_DATETIME:
    case KH_VALUE_TIME:     id = "parse-date"; break;
    case KH_VALUE_NULL:
    case KH_VALUE_STRING:
    default:                return NULL;
    }
  return kh_step_info_get_name (kh_catalogue_lookup (id));
}

static void
check_types (Checks *checks)
{
  if (checks->target == NULL)
    return;

  for (guint r = 0; r < kh_mapping_get_n_rules (checks->mapping); r++)
    {
      KhRule *rule = kh_mapping_get_rule (checks->mapping, r);
      const char *target = kh_rule_get_target (rule);
      KhField *field = kh_entity_lookup_field (checks->target, target);
      KhValueType want, have;
      KhProblem *problem = NULL;

      if (field == NULL || !chain_type (rule, &have) || have == KH_VALUE_NULL)
        continue;
      want = kh_value_type_for_field_type (kh_field_get_field_type (field));

      if (have == want ||
          (want == KH_VALUE_DECIMAL && have == KH_VALUE_INTEGER) ||
          (want == KH_VALUE_DATETIME && have == KH_VALUE_DATE))
        continue;

      if (have == KH_VALUE_STRING)
        {
          KhField *source = NULL;

          /* The source metadata says the values already have the type
           * (a SQLite INTEGER column, a typed export): they pass as their
           * canonical text. */
          if (checks->source != NULL && kh_rule_get_n_sources (rule) == 1)
            source = kh_entity_lookup_field (checks->source, kh_rule_get_sources (rule)[0]);
          if (source != NULL && kh_field_get_field_type (source) == kh_field_get_field_type (field))
            continue;

          problem = add_problem (checks, KH_PROBLEM_WARNING, KH_PROBLEM_SUBJECT_RULE, KH_CHECK_TYPE_MISMATCH,
                                 _("“%s” takes %s values, but its rule gives text and no step converts it "
                                   "(such as “%s”): only values already written in canonical form will pass"),
                                 target, kh_field_type_get_label (kh_field_get_field_type (field)),
                                 parse_step_name (want));
        }
      else if (want == KH_VALUE_INTEGER && have == KH_VALUE_DECIMAL)
        problem = add_problem (checks, KH_PROBLEM_WARNING, KH_PROBLEM_SUBJECT_RULE, KH_CHECK_TYPE_MISMATCH,
                               _("“%s” takes Integer values, but its rule gives Decimal values: values with a fraction will fail"),
                               target);
      else if (want == KH_VALUE_STRING)
        problem = add_problem (checks, KH_PROBLEM_ERROR, KH_PROBLEM_SUBJECT_RULE, KH_CHECK_TYPE_MISMATCH,
                               _("“%s” takes Text values, but its rule gives %s values: add a step that writes them as text"),
                               target, kh_field_type_get_label (field_type_for_value_type (have)));
      else
        problem = add_problem (checks, KH_PROBLEM_ERROR, KH_PROBLEM_SUBJECT_RULE, KH_CHECK_TYPE_MISMATCH,
                               _("“%s” takes %s values, but its rule gives %s values"),
                               target, kh_field_type_get_label (kh_field_get_field_type (field)),
                               kh_field_type_get_label (field_type_for_value_type (have)));

      kh_problem_set_rule_target (problem, target);
      kh_problem_set_field (problem, target);
    }
}

/* ---- truncation -------------------------------------------------------- */

#define UNLIMITED G_MAXINT64
#define UNKNOWN   (-1)

static gint64
param_int (KhStep     *step,
           const char *name)
{
  const char *value = kh_step_get_param_or_default (step, name);
  gint64 n;

  if (value == NULL || !g_ascii_string_to_signed (value, 10, 0, G_MAXINT32, &n, NULL))
    return UNKNOWN;
  return n;
}

static gint64
text_length (const char *text)
{
  return text != NULL ? g_utf8_strlen (text, -1) : 0;
}

static gint64
source_length (Checks     *checks,
               const char *name)
{
  KhField *field = checks->source != NULL ? kh_entity_lookup_field (checks->source, name) : NULL;
  int max_length;

  if (field == NULL || kh_field_get_field_type (field) != KH_FIELD_TYPE_STRING)
    return UNKNOWN;
  max_length = kh_field_get_max_length (field);
  if (max_length == KH_FACET_UNKNOWN)
    return UNKNOWN;
  return max_length == KH_LENGTH_NONE ? UNLIMITED : max_length;
}

static gint64
longest_code (KhMapping *mapping,
              KhStep    *step,
              gint64     input)
{
  const char *name = kh_step_get_param (step, "code-list");
  KhCodeList *list = name != NULL ? kh_mapping_lookup_code_list (mapping, name) : NULL;
  gint64 longest;

  if (list == NULL)
    return UNKNOWN;

  longest = text_length (kh_code_list_get_default_value (list));
  for (guint i = 0; i < kh_code_list_get_n_entries (list); i++)
    longest = MAX (longest, text_length (kh_code_entry_get_to (kh_code_list_get_entry (list, i))));
  if (kh_code_list_get_unknown (list) == KH_UNKNOWN_CODE_KEEP)
    longest = input == UNKNOWN ? UNKNOWN : MAX (longest, input);
  return longest;
}

/* The longest value a rule can give, in characters: UNLIMITED, or UNKNOWN
 * when the metadata or a step (replace, format-*) does not say. */
static gint64
rule_length (Checks *checks,
             KhRule *rule)
{
  const char * const *sources = kh_rule_get_sources (rule);
  guint n_sources = kh_rule_get_n_sources (rule);
  gint64 bound = n_sources > 0 ? source_length (checks, sources[0]) : 0;
  guint first = 0;

  if (n_sources > 1)
    {
      KhStep *step = kh_rule_get_n_steps (rule) > 0 ? kh_rule_get_step (rule, 0) : NULL;
      const char *id = step != NULL ? kh_step_get_id (step) : "";
      gboolean concat = strcmp (id, "concat") == 0;
      gint64 separator = concat ? text_length (kh_step_get_param_or_default (step, "separator")) : 0;

      if (!concat && strcmp (id, "coalesce") != 0)
        return UNKNOWN;
      bound = 0;
      for (guint i = 0; i < n_sources; i++)
        {
          gint64 length = source_length (checks, sources[i]);

          if (length == UNKNOWN || length == UNLIMITED)
            return length;
          bound = concat ? bound + length + (i > 0 ? separator : 0) : MAX (bound, length);
        }
      first = 1;
    }

  for (guint i = first; i < kh_rule_get_n_steps (rule) && bound != UNKNOWN; i++)
    {
      KhStep *step = kh_rule_get_step (rule, i);
      const char *id = kh_step_get_id (step);
      gint64 n;

      if (strcmp (id, "max-length") == 0 || strcmp (id, "substring") == 0)
        {
          n = param_int (step, "length");
          if (n != UNKNOWN)
            bound = MIN (bound, n);
        }
      else if (strcmp (id, "pad-zeros") == 0)
        {
          n = param_int (step, "width");
          bound = n == UNKNOWN ? UNKNOWN : MAX (bound, n);
        }
      else if (strcmp (id, "constant") == 0)
        bound = text_length (kh_step_get_param (step, "value"));
      else if (strcmp (id, "default-if-empty") == 0)
        bound = MAX (bound, text_length (kh_step_get_param (step, "value")));
      else if (strcmp (id, "lookup") == 0)
        bound = longest_code (checks->mapping, step, bound);
      else if (strcmp (id, "boolean") == 0)
        bound = 5;
      else if (strcmp (id, "trim") == 0 || strcmp (id, "collapse-whitespace") == 0 ||
               strcmp (id, "upper-case") == 0 || strcmp (id, "lower-case") == 0 ||
               strcmp (id, "title-case") == 0 || strcmp (id, "strip-zeros") == 0 ||
               strcmp (id, "keep-chars") == 0 || strcmp (id, "split") == 0 ||
               strcmp (id, "nfkc") == 0 || strcmp (id, "required") == 0 ||
               strcmp (id, "match") == 0 || strcmp (id, "range") == 0 || strcmp (id, "one-of") == 0)
        ;   /* never longer (case and width changes aside) */
      else
        bound = UNKNOWN;
    }

  if (bound != UNKNOWN && kh_rule_get_default_value (rule) != NULL)
    bound = MAX (bound, text_length (kh_rule_get_default_value (rule)));
  return bound;
}

static void
check_truncation (Checks *checks)
{
  if (checks->target == NULL || checks->source == NULL)
    return;

  for (guint r = 0; r < kh_mapping_get_n_rules (checks->mapping); r++)
    {
      KhRule *rule = kh_mapping_get_rule (checks->mapping, r);
      const char *target = kh_rule_get_target (rule);
      KhField *field = kh_entity_lookup_field (checks->target, target);
      KhProblem *problem;
      gint64 length;
      int max_length;
      g_autofree char *sources = NULL;

      if (field == NULL || kh_field_get_field_type (field) != KH_FIELD_TYPE_STRING)
        continue;
      max_length = kh_field_get_max_length (field);
      if (max_length <= 0)
        continue;

      length = rule_length (checks, rule);
      if (length == UNKNOWN || length <= max_length)
        continue;

      sources = g_strjoinv ("”, “", (char **) kh_rule_get_sources (rule));
      if (length == UNLIMITED)
        problem = add_problem (checks, KH_PROBLEM_WARNING, KH_PROBLEM_SUBJECT_RULE, KH_CHECK_TRUNCATION,
                               _("“%s” has no length limit, but “%s” takes at most %d characters: "
                                 "add a “Maximum length” step, or longer values will fail"),
                               sources, target, max_length);
      else
        problem = add_problem (checks, KH_PROBLEM_WARNING, KH_PROBLEM_SUBJECT_RULE, KH_CHECK_TRUNCATION,
                               _("“%s” can give %lld characters, but “%s” takes at most %d: "
                                 "add a “Maximum length” step, or longer values will fail"),
                               sources, (long long) length, target, max_length);
      kh_problem_set_rule_target (problem, target);
      kh_problem_set_field (problem, target);
    }
}

/* ---- code lists -------------------------------------------------------- */

static char *
name_values (GArray *codes)
{
  GString *text = g_string_new (NULL);
  guint shown = MIN (codes->len, MAX_NAMED_VALUES);

  for (guint i = 0; i < shown; i++)
    {
      if (i > 0)
        g_string_append (text, ", ");
      g_string_append_printf (text, "“%s”", g_array_index (codes, KhUncoveredCode, i).value);
    }
  if (codes->len > shown)
    {
      g_string_append (text, " ");
      g_string_append_printf (text, ngettext ("and %u more", "and %u more", codes->len - shown),
                              codes->len - shown);
    }
  return g_string_free (text, FALSE);
}

static const char *
unknown_consequence (KhUnknownCode unknown)
{
  switch (unknown)
    {
    case KH_UNKNOWN_CODE_ERROR:   return _("The lookup fails for them.");
    case KH_UNKNOWN_CODE_DEFAULT: return _("They get the list’s default value.");
    case KH_UNKNOWN_CODE_KEEP:    return _("They pass through unchanged.");
    case KH_UNKNOWN_CODE_NULL:    return _("They become null.");
    default:                      return "";
    }
}

static void
check_codes (Checks      *checks,
             KhSampleSet *samples)
{
  g_autoptr(GPtrArray) gaps = kh_code_probe_scan (checks->mapping, checks->source, samples);

  for (guint i = 0; i < gaps->len; i++)
    {
      KhCodeGap *gap = gaps->pdata[i];
      KhProblemSeverity severity = gap->unknown == KH_UNKNOWN_CODE_ERROR ? KH_PROBLEM_ERROR : KH_PROBLEM_WARNING;

      if (gap->samples->len > 0)
        {
          g_autofree char *values = name_values (gap->samples);
          KhProblem *problem;

          problem = add_problem (checks, severity, KH_PROBLEM_SUBJECT_STEP, KH_CHECK_CODE_NOT_COVERED,
                                 ngettext ("Code list “%s” has no entry for %u value the samples give the rule “%s”: %s. %s",
                                           "Code list “%s” has no entry for %u values the samples give the rule “%s”: %s. %s",
                                           gap->samples->len),
                                 gap->code_list, gap->samples->len, gap->target, values,
                                 unknown_consequence (gap->unknown));
          kh_problem_set_rule_target (problem, gap->target);
          kh_problem_set_step_index (problem, (int) gap->step_index);
          kh_problem_set_code_list (problem, gap->code_list);
          kh_problem_set_field (problem, gap->target);
          kh_problem_set_index (problem, g_array_index (gap->samples, KhUncoveredCode, 0).first);
        }

      if (gap->schema->len > 0)
        {
          g_autofree char *values = name_values (gap->schema);
          KhProblem *problem;

          problem = add_problem (checks, severity, KH_PROBLEM_SUBJECT_STEP, KH_CHECK_CODE_NOT_COVERED,
                                 ngettext ("Code list “%s” has no entry for %u code of the source field “%s”: %s. %s",
                                           "Code list “%s” has no entry for %u codes of the source field “%s”: %s. %s",
                                           gap->schema->len),
                                 gap->code_list, gap->schema->len, gap->source, values,
                                 unknown_consequence (gap->unknown));
          kh_problem_set_rule_target (problem, gap->target);
          kh_problem_set_step_index (problem, (int) gap->step_index);
          kh_problem_set_code_list (problem, gap->code_list);
          kh_problem_set_field (problem, gap->source);
          kh_problem_set_index (problem, -1);
        }
    }
}

/* ---- the samples ------------------------------------------------------- */

static void
check_rule_failures (Checks          *checks,
                     KhPreviewResult *result)
{
  guint n_records = kh_preview_result_get_n_records (result);

  if (n_records == 0)
    return;

  for (guint c = 0; c < kh_preview_result_get_n_columns (result); c++)
    {
      KhPreviewColumn *column = kh_preview_result_get_column (result, c);
      const char *target = kh_preview_column_get_target (column);
      guint n_failed = kh_preview_column_get_n_failed (column);
      int first = kh_preview_column_get_first_failed (column);
      KhRule *rule = kh_mapping_lookup_rule (checks->mapping, target);
      KhPreviewRow *row;
      KhProblemSeverity severity;
      KhProblem *problem;
      int step;
      g_autofree char *share = NULL;

      /* A result older than the mapping may name a rule that is gone. */
      if (n_failed == 0 || rule == NULL)
        continue;

      switch (kh_preview_column_get_on_error (column))
        {
        case KH_ON_ERROR_DEFAULT:
        case KH_ON_ERROR_NULL:
          severity = KH_PROBLEM_WARNING;
          break;
        case KH_ON_ERROR_REJECT:
        case KH_ON_ERROR_KEEP:
        case KH_ON_ERROR_ABORT:
        default:
          severity = KH_PROBLEM_ERROR;
          break;
        }

      row = kh_preview_result_get_row (result, (guint) first);
      step = kh_preview_row_get_error_step (row, c);
      share = g_strdup_printf ("%.1f%%", 100.0 * n_failed / n_records);
      problem = add_problem (checks, severity, step >= 0 ? KH_PROBLEM_SUBJECT_STEP : KH_PROBLEM_SUBJECT_RULE,
                             KH_CHECK_RULE_FAILS,
                             ngettext ("“%s” fails on %u of %u sample records (%s), first on record %u: %s",
                                       "“%s” fails on %u of %u sample records (%s), first on record %u: %s",
                                       n_records),
                             target, n_failed, n_records, share, (guint) first + 1,
                             kh_preview_row_get_reason (row, c));
      kh_problem_set_rule_target (problem, target);
      kh_problem_set_field (problem, target);
      if (step >= 0)
        kh_problem_set_step_index (problem, step);
      kh_problem_set_index (problem, first);
    }
}

static void
check_missing_columns (Checks          *checks,
                       KhPreviewResult *result)
{
  const char * const *missing = kh_preview_result_get_missing_columns (result);

  for (guint i = 0; missing[i] != NULL; i++)
    {
      KhProblem *problem;

      problem = add_problem (checks, KH_PROBLEM_WARNING, KH_PROBLEM_SUBJECT_SOURCE_FIELD, KH_CHECK_COLUMN_MISSING,
                             _("The sample records have no column “%s”, which the mapping reads: "
                               "the preview reads it as null, and a run on such input fails"),
                             missing[i]);
      kh_problem_set_field (problem, missing[i]);
    }
}

/* ---- all of them ------------------------------------------------------- */

static int
compare_severity (gconstpointer a,
                  gconstpointer b)
{
  KhProblemSeverity x = kh_problem_get_severity (*(KhProblem * const *) a);
  KhProblemSeverity y = kh_problem_get_severity (*(KhProblem * const *) b);

  return (int) x - (int) y;
}

/**
 * kh_checks_run:
 * @mapping: the mapping, on the thread that owns it
 * @source_entity: (nullable): the source entity; %NULL takes the mapping's
 * @target_entity: (nullable): the target entity; %NULL takes the mapping's
 * @preview: (nullable): the preview of the mapping on the samples, for the
 *   rules that fail on them and the columns they lack; when %NULL and
 *   @samples is given, the preview is computed here
 * @samples: (nullable): the sample records, for the code values they give
 *   lookups; %NULL takes those of @preview
 *
 * Lists every problem of @mapping (see the top of kh-checks.c for the
 * kinds and what each points at), errors first.
 *
 * Returns: (transfer full): a #GListModel of #KhProblem
 */
GListModel *
kh_checks_run (KhMapping       *mapping,
               KhEntity        *source_entity,
               KhEntity        *target_entity,
               KhPreviewResult *preview,
               KhSampleSet     *samples)
{
  g_autoptr(GPtrArray) mapping_problems = NULL;
  g_autoptr(KhPreviewResult) computed = NULL;
  Checks checks = { 0, };
  GListStore *store;

  g_return_val_if_fail (KH_IS_MAPPING (mapping), NULL);
  g_return_val_if_fail (source_entity == NULL || KH_IS_ENTITY (source_entity), NULL);
  g_return_val_if_fail (target_entity == NULL || KH_IS_ENTITY (target_entity), NULL);
  g_return_val_if_fail (preview == NULL || KH_IS_PREVIEW_RESULT (preview), NULL);

  checks.mapping = mapping;
  checks.source = source_entity != NULL ? source_entity : kh_mapping_get_source_entity (mapping);
  checks.target = target_entity != NULL ? target_entity : kh_mapping_get_target_entity (mapping);
  checks.problems = g_ptr_array_new_with_free_func (g_object_unref);

  if (samples == NULL && preview != NULL)
    samples = kh_preview_result_get_samples (preview);
  if (preview == NULL && samples != NULL)
    preview = computed = kh_preview_compute (mapping, samples, KH_PREVIEW_NO_TRACE, NULL, NULL);

  mapping_problems = kh_mapping_check (mapping);
  for (guint i = 0; i < mapping_problems->len; i++)
    g_ptr_array_add (checks.problems, g_object_ref (mapping_problems->pdata[i]));

  check_required (&checks);
  check_types (&checks);
  check_truncation (&checks);
  check_codes (&checks, samples);
  if (preview != NULL)
    {
      check_rule_failures (&checks, preview);
      check_missing_columns (&checks, preview);
    }

  /* Errors first; a stable sort keeps the order of the kinds. */
  g_ptr_array_sort (checks.problems, compare_severity);

  store = g_list_store_new (KH_TYPE_PROBLEM);
  g_list_store_splice (store, 0, 0, checks.problems->pdata, checks.problems->len);
  g_ptr_array_unref (checks.problems);
  return G_LIST_MODEL (store);
}

/**
 * kh_checks_count:
 * @problems: a #GListModel of #KhProblem
 * @severity: a severity
 *
 * Returns: how many problems have @severity (the header bar's badge)
 */
guint
kh_checks_count (GListModel        *problems,
                 KhProblemSeverity  severity)
{
  guint n = 0;

  g_return_val_if_fail (G_IS_LIST_MODEL (problems), 0);

  for (guint i = 0; i < g_list_model_get_n_items (problems); i++)
    {
      g_autoptr(KhProblem) problem = g_list_model_get_item (problems, i);

      if (kh_problem_get_severity (problem) == severity)
        n++;
    }
  return n;
}
