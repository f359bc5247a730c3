/* kh-steps-numbers.c: the number steps, in exact decimal arithmetic
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-steps-numbers"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kh-decimal-private.h"
#include "kh-error.h"
#include "kh-number-parse-private.h"
#include "kh-step-impl-private.h"

static void
set_decimal (KhEvalContext   *ctx,
             KhValue         *out,
             const KhDecimal *dec,
             KhValueType      type)
{
  char *buf = kh_arena_alloc (ctx->arena, (gsize) (dec->n_int + dec->n_frac) + 3);
  gsize len = kh_decimal_format (dec, buf);

  kh_arena_shrink (ctx->arena, buf, len + 1);
  kh_value_set (out, buf, len, type);
}

/* Reads a number: a typed integer or decimal, or a string such as -12.50
 * (parse-number reads the other spellings). */
static gboolean
read_number (KhEvalContext *ctx,
             const KhValue *in,
             KhDecimal     *dec)
{
  KhDecimalStatus status = KH_DECIMAL_SYNTAX;

  if (in->type == KH_VALUE_INTEGER || in->type == KH_VALUE_DECIMAL || in->type == KH_VALUE_STRING)
    status = kh_decimal_parse (dec, in->str, in->len);

  if (status == KH_DECIMAL_TOO_LONG ||
      (status == KH_DECIMAL_OK && kh_decimal_count_digits (dec) > KH_DECIMAL_MAX_DIGITS))
    return kh_step_fail (ctx, _("“%s” has more than %d digits"), kh_shown_value (ctx, in), KH_DECIMAL_MAX_DIGITS);
  if (status != KH_DECIMAL_OK)
    return kh_step_fail (ctx, _("“%s” is not a number such as -1234.56; read it first with parse-number"),
                         kh_shown_value (ctx, in));
  return TRUE;
}

static gunichar
char_param (KhStep     *step,
            const char *name)
{
  const char *value = kh_step_param (step, name);

  return value != NULL && value[0] != '\0' ? g_utf8_get_char (value) : 0;
}

/* ---- parse-number ----------------------------------------------------- */

/* The common case in one pass, straight into the arena: ASCII digits with
 * ASCII separators, a leading or (SAP) trailing minus, nothing else.
 * Anything else, errors included, goes to kh_number_parse(). */
static gboolean
parse_number_fast (const KhNumberFormat *format,
                   KhEvalContext        *ctx,
                   const KhValue        *in,
                   KhValue              *out)
{
  const char *s = in->str;
  gsize len = in->len, i = 0;
  char dsep = (char) format->decimal_sep;
  char gsep = (char) format->grouping_sep;
  gboolean negative = FALSE, grouped = FALSE, nonzero = FALSE;
  gsize n_int, n_frac = 0, group;
  char *buf, *w, *start, *digits, *group_start, *point = NULL;

  if (format->decimal_sep >= 0x80 || format->grouping_sep >= 0x80 || format->grouping_sep == ' ' ||
      len == 0 || len > 48)
    return FALSE;

  if (s[0] == '-')
    {
      negative = TRUE;
      i = 1;
    }

  w = buf = kh_arena_alloc (ctx->arena, len + 3);
  *w++ = '-';
  /* The integer digits are only copied here; how many there are, in all
   * and since the last group separator, is where w is, and whether one is
   * not zero is decided after the leading zeros are dropped: fewer
   * instructions a digit. */
  digits = group_start = w;
  for (; i < len; i++)
    {
      char c = s[i];

      if (c >= '0' && c <= '9')
        *w++ = c;
      else if (c == gsep && gsep != '\0')
        {
          group = (gsize) (w - group_start);
          if (w == digits || (grouped ? group != 3 : group > 3))
            return FALSE;
          grouped = TRUE;
          group_start = w;
        }
      else
        break;
    }
  n_int = (gsize) (w - digits);
  group = (gsize) (w - group_start);
  if (n_int == 0 || (grouped && group != 3))
    return FALSE;

  if (i < len && s[i] == dsep)
    {
      point = w;
      *w++ = '.';
      for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++)
        {
          *w++ = s[i];
          n_frac++;
          nonzero |= s[i] != '0';
        }
      if (n_frac == 0)
        return FALSE;
    }
  if (i < len && s[i] == '-' && format->trailing_minus && !negative)
    {
      negative = TRUE;
      i++;
    }
  if (i != len || n_int + n_frac > KH_DECIMAL_MAX_DIGITS)
    return FALSE;

  start = buf + 1;
  while (n_int > 1 && *start == '0')
    {
      start++;
      n_int--;
    }
  /* Past its leading zeros, the integer part is zero only as "0". */
  nonzero |= n_int > 1 || *start != '0';

  if (format->as_integer)
    {
      if (n_int > 18)
        return FALSE;
      if (point != NULL)
        {
          for (char *f = point + 1; f < w; f++)
            if (*f != '0')
              return FALSE;
          w = point;
        }
      nonzero = n_int > 1 || *start != '0';
    }
  *w = '\0';

  if (negative && nonzero)
    *--start = '-';
  kh_value_set (out, start, (gsize) (w - start), format->as_integer ? KH_VALUE_INTEGER : KH_VALUE_DECIMAL);
  return TRUE;
}

static gboolean
eval_parse_number (const KhStepImpl *step,
                   KhEvalContext    *ctx,
                   const KhValue    *in,
                   guint             n_in,
                   KhValue          *out)
{
  const KhNumberFormat *format = step->data;
  KhValueType type = format->as_integer ? KH_VALUE_INTEGER : KH_VALUE_DECIMAL;
  KhDecimal dec;
  KhNumberStatus status;

  if (in->type == KH_VALUE_INTEGER || in->type == KH_VALUE_DECIMAL)
    {
      gint64 v;

      if (!read_number (ctx, in, &dec))
        return FALSE;
      if (format->as_integer)
        {
          if (kh_decimal_has_fraction (&dec))
            return kh_step_fail (ctx, _("“%s” is not a whole number"), kh_shown_value (ctx, in));
          kh_decimal_drop_fraction (&dec);
          if (!kh_decimal_to_int64 (&dec, &v))
            return kh_step_fail (ctx, _("“%s” does not fit in a 64-bit integer"), kh_shown_value (ctx, in));
        }
      set_decimal (ctx, out, &dec, type);
      return TRUE;
    }

  if (G_LIKELY (parse_number_fast (format, ctx, in, out)))
    return TRUE;
  if (!kh_step_require_utf8 (ctx, in))
    return FALSE;

  status = kh_number_parse (format, in->str, in->len, &dec);
  if (status != KH_NUMBER_OK)
    {
      g_autofree char *reason = kh_number_error_describe (status, format, kh_shown_value (ctx, in));

      ctx->reason = kh_arena_strndup (ctx->arena, reason, strlen (reason));
      return FALSE;
    }

  set_decimal (ctx, out, &dec, type);
  return TRUE;
}

gboolean
kh_compile_parse_number (KhStepImpl  *impl,
                         KhStep      *step,
                         KhMapping   *mapping,
                         GError     **error)
{
  KhNumberFormat *format;
  const char *grouping = kh_step_param (step, "grouping-separator");

  if (grouping != NULL && g_utf8_strlen (grouping, -1) > 1)
    {
      g_set_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM,
                   _("Parameter “grouping-separator” of step “parse-number” must be one character or empty, not “%s”"),
                   grouping);
      return FALSE;
    }

  format = g_new0 (KhNumberFormat, 1);
  format->decimal_sep = char_param (step, "decimal-separator");
  format->grouping_sep = char_param (step, "grouping-separator");
  format->currency = kh_step_param_bool (step, "currency");
  format->trailing_minus = kh_step_param_bool (step, "trailing-minus");
  format->parentheses = kh_step_param_bool (step, "parentheses");
  format->triangle = kh_step_param_bool (step, "triangle");
  format->as_integer = g_strcmp0 (kh_step_param (step, "as"), "integer") == 0;
  kh_number_format_init (format);
  impl->data = format;
  impl->free_data = g_free;
  impl->eval = eval_parse_number;

  if (format->decimal_sep == format->grouping_sep)
    {
      g_set_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM,
                   _("Step “parse-number” cannot use the same character as decimal and grouping separator"));
      return FALSE;
    }
  if (g_unichar_isdigit (format->decimal_sep) || g_unichar_isdigit (format->grouping_sep))
    {
      g_set_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM,
                   _("Step “parse-number” cannot use a digit as a separator"));
      return FALSE;
    }

  return TRUE;
}

/* ---- round ------------------------------------------------------------ */

typedef struct
{
  int         scale;
  KhRoundMode mode;
} Round;

static gboolean
eval_round (const KhStepImpl *step,
            KhEvalContext    *ctx,
            const KhValue    *in,
            guint             n_in,
            KhValue          *out)
{
  const Round *round = step->data;
  KhDecimal dec;

  if (!read_number (ctx, in, &dec))
    return FALSE;

  /* An integer has nothing to round. */
  if (in->type == KH_VALUE_INTEGER)
    {
      *out = *in;
      return TRUE;
    }

  if (!kh_decimal_round (&dec, round->scale, round->mode))
    return kh_step_fail (ctx, _("“%s” has too many digits to round"), kh_shown_value (ctx, in));

  set_decimal (ctx, out, &dec, in->type);
  return TRUE;
}

gboolean
kh_compile_round (KhStepImpl  *impl,
                  KhStep      *step,
                  KhMapping   *mapping,
                  GError     **error)
{
  Round *round = g_new0 (Round, 1);

  round->scale = (int) kh_step_param_int (step, "scale", 0);
  kh_round_mode_from_string (kh_step_param (step, "mode"), &round->mode);
  impl->data = round;
  impl->free_data = g_free;
  impl->eval = eval_round;
  return TRUE;
}

/* ---- scale ------------------------------------------------------------ */

static gboolean
eval_scale (const KhStepImpl *step,
            KhEvalContext    *ctx,
            const KhValue    *in,
            guint             n_in,
            KhValue          *out)
{
  int exponent = GPOINTER_TO_INT (step->data);
  KhDecimal dec;

  if (!read_number (ctx, in, &dec))
    return FALSE;

  if (!kh_decimal_scale (&dec, exponent) || kh_decimal_count_digits (&dec) > KH_DECIMAL_MAX_DIGITS)
    return kh_step_fail (ctx, _("“%s” × 10^%d has more than %d digits"),
                         kh_shown_value (ctx, in), exponent, KH_DECIMAL_MAX_DIGITS);

  set_decimal (ctx, out, &dec, KH_VALUE_DECIMAL);
  return TRUE;
}

gboolean
kh_compile_scale (KhStepImpl  *impl,
                  KhStep      *step,
                  KhMapping   *mapping,
                  GError     **error)
{
  impl->data = GINT_TO_POINTER ((int) kh_step_param_int (step, "exponent", 0));
  impl->eval = eval_scale;
  return TRUE;
}

/* ---- format-number ---------------------------------------------------- */

typedef struct
{
  char   decimal_sep[8];
  gsize  decimal_len;
  char  *grouping;
  gsize  grouping_len;
  int    scale;        /* -1: the digits the value has */
} FormatNumber;

static void
format_number_free (gpointer data)
{
  FormatNumber *fn = data;

  g_free (fn->grouping);
  g_free (fn);
}

static gboolean
eval_format_number (const KhStepImpl *step,
                    KhEvalContext    *ctx,
                    const KhValue    *in,
                    guint             n_in,
                    KhValue          *out)
{
  const FormatNumber *fn = step->data;
  KhDecimal dec;
  char *buf, *w;
  gsize room;

  if (!read_number (ctx, in, &dec))
    return FALSE;
  if (fn->scale >= 0 && !kh_decimal_round (&dec, fn->scale, KH_ROUND_HALF_UP))
    return kh_step_fail (ctx, _("“%s” has too many digits to round"), kh_shown_value (ctx, in));

  room = 2 + (gsize) (dec.n_int + dec.n_frac) + fn->decimal_len +
         (gsize) (dec.n_int / 3 + 1) * fn->grouping_len;
  w = buf = kh_arena_alloc (ctx->arena, room);

  if (dec.negative)
    *w++ = '-';
  for (int i = 0; i < dec.n_int; i++)
    {
      if (i > 0 && (dec.n_int - i) % 3 == 0 && fn->grouping_len > 0)
        {
          memcpy (w, fn->grouping, fn->grouping_len);
          w += fn->grouping_len;
        }
      *w++ = dec.digits[i];
    }
  if (dec.n_frac > 0)
    {
      memcpy (w, fn->decimal_sep, fn->decimal_len);
      w += fn->decimal_len;
      memcpy (w, dec.digits + dec.n_int, (gsize) dec.n_frac);
      w += dec.n_frac;
    }
  *w = '\0';

  kh_value_set (out, buf, (gsize) (w - buf), KH_VALUE_STRING);
  return TRUE;
}

gboolean
kh_compile_format_number (KhStepImpl  *impl,
                          KhStep      *step,
                          KhMapping   *mapping,
                          GError     **error)
{
  FormatNumber *fn = g_new0 (FormatNumber, 1);
  const char *decimal = kh_step_param (step, "decimal-separator");

  fn->decimal_len = MIN (strlen (decimal), sizeof fn->decimal_sep - 1);
  memcpy (fn->decimal_sep, decimal, fn->decimal_len);
  fn->grouping = g_strdup (kh_step_param (step, "grouping-separator"));
  fn->grouping_len = strlen (fn->grouping);
  fn->scale = (int) kh_step_param_int (step, "scale", -1);
  impl->data = fn;
  impl->free_data = format_number_free;
  impl->eval = eval_format_number;
  return TRUE;
}
