/* kh-steps-validation.c: steps that check a value and pass it on
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-steps-validation"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kh-calendar-private.h"
#include "kh-decimal-private.h"
#include "kh-error.h"
#include "kh-step-impl-private.h"
#include "kh-str-table-private.h"

/* ---- required --------------------------------------------------------- */

/* The reasons, translated once when the step is compiled: a run may
 * reject many records for a missing value. */
typedef struct
{
  const char *null_reason;
  const char *empty_reason;
} Required;

static gboolean
eval_required (const KhStepImpl *step,
               KhEvalContext    *ctx,
               const KhValue    *in,
               guint             n_in,
               KhValue          *out)
{
  const Required *required = step->data;

  if (kh_value_is_missing (in))
    return kh_step_fail_text (ctx, in->type == KH_VALUE_NULL ? required->null_reason : required->empty_reason);
  *out = *in;
  return TRUE;
}

gboolean
kh_compile_required (KhStepImpl  *impl,
                     KhStep      *step,
                     KhMapping   *mapping,
                     GError     **error)
{
  Required *required = g_new0 (Required, 1);

  required->null_reason = _("A value is required, but it is null");
  required->empty_reason = _("A value is required, but it is empty");
  impl->data = required;
  impl->free_data = g_free;
  impl->eval = eval_required;
  return TRUE;
}

/* ---- max-length ------------------------------------------------------- */

typedef struct
{
  gint64   length;
  gboolean truncate;
} MaxLength;

static gboolean
eval_max_length (const KhStepImpl *step,
                 KhEvalContext    *ctx,
                 const KhValue    *in,
                 guint             n_in,
                 KhValue          *out)
{
  const MaxLength *ml = step->data;
  gint64 n_chars;
  const char *cut;

  if ((gint64) in->len <= ml->length)
    {
      *out = *in;
      return TRUE;
    }
  n_chars = kh_is_ascii (in->str, in->len) ? (gint64) in->len : g_utf8_strlen (in->str, (gssize) in->len);
  if (n_chars <= ml->length)
    {
      *out = *in;
      return TRUE;
    }

  if (!ml->truncate)
    return kh_step_fail (ctx, _("“%s” has %lld characters; at most %lld are allowed"),
                         kh_shown_value (ctx, in), (long long) n_chars, (long long) ml->length);
  if (in->type != KH_VALUE_STRING)
    return kh_step_fail (ctx, _("“%s” is a %s and cannot be cut to %lld characters"),
                         kh_shown_value (ctx, in), kh_value_type_to_string (in->type), (long long) ml->length);
  if (!kh_step_require_utf8 (ctx, in))
    return FALSE;

  cut = g_utf8_offset_to_pointer (in->str, (glong) ml->length);
  kh_value_set (out, kh_arena_strndup (ctx->arena, in->str, (gsize) (cut - in->str)),
                (gsize) (cut - in->str), in->type);
  return TRUE;
}

gboolean
kh_compile_max_length (KhStepImpl  *impl,
                       KhStep      *step,
                       KhMapping   *mapping,
                       GError     **error)
{
  MaxLength *ml = g_new0 (MaxLength, 1);

  ml->length = kh_step_param_int (step, "length", 1);
  ml->truncate = g_strcmp0 (kh_step_param (step, "action"), "truncate") == 0;
  impl->data = ml;
  impl->free_data = g_free;
  impl->eval = eval_max_length;
  return TRUE;
}

/* ---- match ------------------------------------------------------------ */

typedef struct
{
  GRegex *regex;      /* anchored at both ends */
  char   *pattern;
} Match;

static void
match_free (gpointer data)
{
  Match *match = data;

  g_clear_pointer (&match->regex, g_regex_unref);
  g_free (match->pattern);
  g_free (match);
}

static gboolean
eval_match (const KhStepImpl *step,
            KhEvalContext    *ctx,
            const KhValue    *in,
            guint             n_in,
            KhValue          *out)
{
  const Match *match = step->data;

  if (!g_regex_match_full (match->regex, in->str, (gssize) in->len, 0, 0, NULL, NULL))
    return kh_step_fail (ctx, _("“%s” does not match the pattern %s"), kh_shown_value (ctx, in), match->pattern);

  *out = *in;
  return TRUE;
}

gboolean
kh_compile_match (KhStepImpl  *impl,
                  KhStep      *step,
                  KhMapping   *mapping,
                  GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *anchored = NULL;
  const char *pattern = kh_step_param (step, "pattern");
  Match *match;
  GRegex *regex;

  anchored = g_strdup_printf ("\\A(?:%s)\\z", pattern);
  regex = g_regex_new (anchored, G_REGEX_OPTIMIZE, 0, &local_error);
  if (regex == NULL)
    {
      g_set_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM,
                   _("Parameter “pattern” of step “match”: “%s” is not a valid regular expression: %s"),
                   pattern, local_error->message);
      return FALSE;
    }

  match = g_new0 (Match, 1);
  match->regex = regex;
  match->pattern = g_strdup (pattern);
  impl->data = match;
  impl->free_data = match_free;
  impl->eval = eval_match;
  return TRUE;
}

/* ---- range ------------------------------------------------------------ */

typedef enum
{
  BOUND_NONE,
  BOUND_NUMBER,
  BOUND_TEMPORAL,
} BoundKind;

typedef struct
{
  BoundKind    kind;
  KhDecimal    number;
  KhCivil      civil;
  KhValueType  type;
  char        *text;
} Bound;

typedef struct
{
  Bound min;
  Bound max;
} Range;

static void
range_free (gpointer data)
{
  Range *range = data;

  g_free (range->min.text);
  g_free (range->max.text);
  g_free (range);
}

/* Compares two dates/times field by field (the local date and time,
 * ignoring offsets); a date is midnight. */
static int
civil_compare (const KhCivil *a,
               const KhCivil *b)
{
  const int fa[] = { a->year, a->month, a->day, a->hour, a->minute, a->second };
  const int fb[] = { b->year, b->month, b->day, b->hour, b->minute, b->second };
  int n = MAX (a->n_frac, b->n_frac);

  for (guint i = 0; i < G_N_ELEMENTS (fa); i++)
    if (fa[i] != fb[i])
      return fa[i] < fb[i] ? -1 : 1;
  for (int i = 0; i < n; i++)
    {
      char da = i < a->n_frac ? a->frac[i] : '0';
      char db = i < b->n_frac ? b->frac[i] : '0';

      if (da != db)
        return da < db ? -1 : 1;
    }
  return 0;
}

static gboolean
temporal_comparable (KhValueType a,
                     KhValueType b)
{
  if (a == KH_VALUE_TIME || b == KH_VALUE_TIME)
    return a == b;
  return TRUE;
}

static gboolean
eval_range (const KhStepImpl *step,
            KhEvalContext    *ctx,
            const KhValue    *in,
            guint             n_in,
            KhValue          *out)
{
  const Range *range = step->data;
  const Bound *any = range->min.kind != BOUND_NONE ? &range->min : &range->max;
  int below = 0, above = 0;

  if (any->kind == BOUND_NUMBER)
    {
      KhDecimal dec;

      if ((in->type != KH_VALUE_STRING && in->type != KH_VALUE_INTEGER && in->type != KH_VALUE_DECIMAL) ||
          kh_decimal_parse (&dec, in->str, in->len) != KH_DECIMAL_OK)
        return kh_step_fail (ctx, _("“%s” is not a number"), kh_shown_value (ctx, in));
      if (range->min.kind != BOUND_NONE)
        below = kh_decimal_compare (&dec, &range->min.number) < 0;
      if (range->max.kind != BOUND_NONE)
        above = kh_decimal_compare (&dec, &range->max.number) > 0;
    }
  else if (any->kind == BOUND_TEMPORAL)
    {
      KhCivil civil;
      KhValueType type;

      if (in->type == KH_VALUE_STRING || in->type == KH_VALUE_DATE ||
          in->type == KH_VALUE_DATETIME || in->type == KH_VALUE_TIME)
        {
          if (!kh_civil_parse_any (&civil, &type, in->str, in->len) || !temporal_comparable (type, any->type))
            return kh_step_fail (ctx, any->type == KH_VALUE_TIME ? _("“%s” is not a time") : _("“%s” is not a date"),
                                 kh_shown_value (ctx, in));
        }
      else
        return kh_step_fail (ctx, _("“%s” is not a date"), kh_shown_value (ctx, in));

      if (range->min.kind != BOUND_NONE)
        below = civil_compare (&civil, &range->min.civil) < 0;
      if (range->max.kind != BOUND_NONE)
        above = civil_compare (&civil, &range->max.civil) > 0;
    }

  if (below)
    return kh_step_fail (ctx, _("“%s” is less than %s"), kh_shown_value (ctx, in), range->min.text);
  if (above)
    return kh_step_fail (ctx, _("“%s” is greater than %s"), kh_shown_value (ctx, in), range->max.text);

  *out = *in;
  return TRUE;
}

static gboolean
bound_init (Bound       *bound,
            const char  *param,
            const char  *text,
            GError     **error)
{
  if (text == NULL)
    return TRUE;

  bound->text = g_strdup (text);
  if (kh_decimal_parse (&bound->number, text, strlen (text)) == KH_DECIMAL_OK)
    bound->kind = BOUND_NUMBER;
  else if (kh_civil_parse_any (&bound->civil, &bound->type, text, strlen (text)))
    bound->kind = BOUND_TEMPORAL;
  else
    {
      g_set_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM,
                   _("Parameter “%s” of step “range” must be a number (-12.5) or a date (2024-03-13), not “%s”"),
                   param, text);
      return FALSE;
    }
  return TRUE;
}

gboolean
kh_compile_range (KhStepImpl  *impl,
                  KhStep      *step,
                  KhMapping   *mapping,
                  GError     **error)
{
  Range *range = g_new0 (Range, 1);

  impl->data = range;
  impl->free_data = range_free;
  impl->eval = eval_range;

  if (!bound_init (&range->min, "min", kh_step_param (step, "min"), error) ||
      !bound_init (&range->max, "max", kh_step_param (step, "max"), error))
    return FALSE;

  if (range->min.kind == BOUND_NONE && range->max.kind == BOUND_NONE)
    {
      g_set_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM,
                   _("Step “range” needs a minimum, a maximum or both"));
      return FALSE;
    }
  if (range->min.kind != BOUND_NONE && range->max.kind != BOUND_NONE)
    {
      if (range->min.kind != range->max.kind ||
          (range->min.kind == BOUND_TEMPORAL && !temporal_comparable (range->min.type, range->max.type)))
        {
          g_set_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM,
                       _("Step “range” has bounds of different kinds: “%s” and “%s”"),
                       range->min.text, range->max.text);
          return FALSE;
        }
      if ((range->min.kind == BOUND_NUMBER && kh_decimal_compare (&range->min.number, &range->max.number) > 0) ||
          (range->min.kind == BOUND_TEMPORAL && civil_compare (&range->min.civil, &range->max.civil) > 0))
        {
          g_set_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM,
                       _("Step “range” has a minimum (%s) greater than its maximum (%s)"),
                       range->min.text, range->max.text);
          return FALSE;
        }
    }

  return TRUE;
}

/* ---- one-of ----------------------------------------------------------- */

typedef struct
{
  KhStrTable  values;     /* case-folded if ignore_case */
  gboolean    ignore_case;
  char       *joined;
} OneOf;

static void
one_of_free (gpointer data)
{
  OneOf *one_of = data;

  kh_str_table_clear (&one_of->values);
  g_free (one_of->joined);
  g_free (one_of);
}

static gboolean
eval_one_of (const KhStepImpl *step,
             KhEvalContext    *ctx,
             const KhValue    *in,
             guint             n_in,
             KhValue          *out)
{
  const OneOf *one_of = step->data;
  g_autofree char *folded = NULL;
  gboolean found;

  if (one_of->ignore_case)
    {
      if (!kh_step_require_utf8 (ctx, in))
        return FALSE;
      folded = g_utf8_casefold (in->str, (gssize) in->len);
      found = kh_str_table_lookup (&one_of->values, folded, strlen (folded)) != NULL;
    }
  else
    found = kh_str_table_lookup (&one_of->values, in->str, in->len) != NULL;

  if (!found)
    return kh_step_fail (ctx, _("“%s” is not one of %s"), kh_shown_value (ctx, in), one_of->joined);

  *out = *in;
  return TRUE;
}

gboolean
kh_compile_one_of (KhStepImpl  *impl,
                   KhStep      *step,
                   KhMapping   *mapping,
                   GError     **error)
{
  const char * const *values = kh_step_get_param_values_or_defaults (step, "value");
  OneOf *one_of = g_new0 (OneOf, 1);

  kh_str_table_init (&one_of->values);
  one_of->ignore_case = kh_step_param_bool (step, "ignore-case");
  one_of->joined = g_strjoinv (", ", (char **) values);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    {
      g_autofree char *key = one_of->ignore_case ? g_utf8_casefold (values[i], -1) : g_strdup (values[i]);

      kh_str_table_insert (&one_of->values, key, NULL);
    }

  impl->data = one_of;
  impl->free_data = one_of_free;
  impl->eval = eval_one_of;
  return TRUE;
}
