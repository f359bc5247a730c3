/* kh-target-contract.c: what a value must be to go into its target field
 *
 * Type (a value of the field's type, or a string in the type's canonical
 * spelling; an integer is a decimal, a decimal with a zero fraction an
 * integer, a date a datetime at midnight), scale and precision, max
 * length in characters, required. See docs/semantics.md, "One rule".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-target-contract"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kh-calendar-private.h"
#include "kh-decimal-private.h"
#include "kh-plan-private.h"

void
kh_target_contract_init (KhTargetContract *contract,
                         KhField          *field)
{
  memset (contract, 0, sizeof *contract);
  contract->max_length = KH_FACET_UNKNOWN;
  contract->precision = KH_FACET_UNKNOWN;
  contract->scale = KH_FACET_UNKNOWN;
  contract->value_type = KH_VALUE_STRING;

  if (field == NULL)
    return;

  contract->has_field = TRUE;
  contract->field_type = kh_field_get_field_type (field);
  contract->value_type = kh_value_type_for_field_type (contract->field_type);
  contract->required = kh_field_get_required (field);
  contract->max_length = kh_field_get_max_length (field);
  contract->precision = kh_field_get_precision (field);
  contract->scale = kh_field_get_scale (field);
  contract->checks_value =
    (contract->value_type == KH_VALUE_STRING && contract->max_length > 0) ||
    (contract->value_type == KH_VALUE_DECIMAL && (contract->precision >= 0 || contract->scale >= 0));
}

static gboolean
type_error (KhEvalContext *ctx,
            const KhValue *in,
            KhValueType    want)
{
  const char *shown = kh_shown_value (ctx, in);

  switch (want)
    {
    case KH_VALUE_STRING:
      return kh_step_fail (ctx, _("“%s” is a %s, not text; write it as text with a format step"),
                           shown, kh_value_type_to_string (in->type));
    case KH_VALUE_INTEGER:
      return kh_step_fail (ctx, _("“%s” is not an integer"), shown);
    case KH_VALUE_DECIMAL:
      return kh_step_fail (ctx, _("“%s” is not a decimal number"), shown);
    case KH_VALUE_BOOLEAN:
      return kh_step_fail (ctx, _("“%s” is not a boolean (true or false)"), shown);
    case KH_VALUE_DATE:
      return kh_step_fail (ctx, _("“%s” is not a date (YYYY-MM-DD)"), shown);
    case KH_VALUE_DATETIME:
      return kh_step_fail (ctx, _("“%s” is not a date and time (YYYY-MM-DDTHH:MM:SS)"), shown);
    case KH_VALUE_TIME:
      return kh_step_fail (ctx, _("“%s” is not a time (HH:MM:SS)"), shown);
    case KH_VALUE_NULL:
    default:
      return kh_step_fail (ctx, _("“%s” has the wrong type"), shown);
    }
}

static gboolean
apply_decimal (const KhTargetContract *contract,
               KhEvalContext          *ctx,
               const KhValue          *in,
               KhValue                *out)
{
  KhDecimal dec;
  int int_room;
  char buf[KH_DECIMAL_STRING_MAX];
  gsize len;

  if (in->type != KH_VALUE_INTEGER && in->type != KH_VALUE_DECIMAL &&
      !(in->type == KH_VALUE_STRING && kh_decimal_is_canonical (in->str, in->len, FALSE)))
    return type_error (ctx, in, KH_VALUE_DECIMAL);

  if (contract->scale < 0 && contract->precision < 0)
    {
      kh_value_set (out, in->str, in->len, KH_VALUE_DECIMAL);
      return TRUE;
    }

  if (kh_decimal_parse (&dec, in->str, in->len) != KH_DECIMAL_OK)
    return type_error (ctx, in, KH_VALUE_DECIMAL);

  if (contract->scale >= 0 && !kh_decimal_trim_fraction (&dec, contract->scale))
    return kh_step_fail (ctx, ngettext ("“%s” has more than %d decimal place",
                                        "“%s” has more than %d decimal places", (gulong) contract->scale),
                         kh_shown_value (ctx, in), contract->scale);

  int_room = contract->precision >= 0 ? contract->precision - MAX (contract->scale, 0) : -1;
  if (int_room >= 0 && kh_decimal_count_int_digits (&dec) > int_room)
    return kh_step_fail (ctx, ngettext ("“%s” has more than %d digit before the decimal point",
                                        "“%s” has more than %d digits before the decimal point", (gulong) int_room),
                         kh_shown_value (ctx, in), int_room);

  len = kh_decimal_format (&dec, buf);
  if (len == in->len && memcmp (buf, in->str, len) == 0)
    kh_value_set (out, in->str, in->len, KH_VALUE_DECIMAL);
  else
    kh_value_set (out, kh_arena_strndup (ctx->arena, buf, len), len, KH_VALUE_DECIMAL);
  return TRUE;
}

static gboolean
apply_integer (KhEvalContext *ctx,
               const KhValue *in,
               KhValue       *out)
{
  KhDecimal dec;
  gint64 v;
  char buf[KH_DECIMAL_STRING_MAX];
  gsize len;

  if (in->type == KH_VALUE_INTEGER ||
      (in->type == KH_VALUE_STRING && kh_decimal_is_canonical (in->str, in->len, TRUE)))
    {
      kh_value_set (out, in->str, in->len, KH_VALUE_INTEGER);
      return TRUE;
    }

  /* A decimal with a zero fraction is an integer. */
  if (in->type != KH_VALUE_DECIMAL || kh_decimal_parse (&dec, in->str, in->len) != KH_DECIMAL_OK ||
      kh_decimal_has_fraction (&dec))
    return type_error (ctx, in, KH_VALUE_INTEGER);

  kh_decimal_drop_fraction (&dec);
  if (!kh_decimal_to_int64 (&dec, &v))
    return kh_step_fail (ctx, _("“%s” does not fit in a 64-bit integer"), kh_shown_value (ctx, in));

  len = kh_decimal_format (&dec, buf);
  kh_value_set (out, kh_arena_strndup (ctx->arena, buf, len), len, KH_VALUE_INTEGER);
  return TRUE;
}

static gboolean
apply_temporal (KhEvalContext *ctx,
                const KhValue *in,
                KhValueType    want,
                KhValue       *out)
{
  KhCivil civil;

  if (in->type == want)
    {
      *out = *in;
      return TRUE;
    }

  if (in->type == KH_VALUE_STRING && kh_civil_parse (&civil, want, in->str, in->len))
    {
      kh_value_set (out, in->str, in->len, want);
      return TRUE;
    }

  /* A date is a valid datetime, at midnight. */
  if (want == KH_VALUE_DATETIME &&
      (in->type == KH_VALUE_DATE || in->type == KH_VALUE_STRING) &&
      kh_civil_parse (&civil, KH_VALUE_DATE, in->str, in->len))
    {
      char *buf = kh_arena_alloc (ctx->arena, in->len + 10);

      memcpy (buf, in->str, in->len);
      memcpy (buf + in->len, "T00:00:00", 10);
      kh_value_set (out, buf, in->len + 9, KH_VALUE_DATETIME);
      return TRUE;
    }

  return type_error (ctx, in, want);
}

/**
 * kh_target_contract_apply:
 *
 * Checks @in against the target field and gives the value the cell takes
 * (typed as the field). Sets ctx->reason and returns FALSE when the value
 * breaks the contract.
 */
gboolean
kh_target_contract_apply (const KhTargetContract *contract,
                          KhEvalContext          *ctx,
                          const KhValue          *in,
                          KhValue                *out)
{
  if (!contract->has_field)
    {
      *out = *in;
      return TRUE;
    }

  if (kh_value_is_missing (in))
    {
      if (contract->required == KH_REQUIRED_YES)
        return kh_step_fail_text (ctx, in->type == KH_VALUE_NULL ? _("A value is required, but it is null")
                                                                 : _("A value is required, but it is empty"));
      /* An empty string stays one in a text field; elsewhere it is null. */
      if (contract->value_type == KH_VALUE_STRING && in->type == KH_VALUE_STRING)
        *out = *in;
      else
        kh_value_set_null (out);
      return TRUE;
    }

  switch (contract->value_type)
    {
    case KH_VALUE_STRING:
      if (in->type != KH_VALUE_STRING)
        return type_error (ctx, in, KH_VALUE_STRING);
      if (contract->max_length > 0 && in->len > (gsize) contract->max_length)
        {
          glong n = kh_is_ascii (in->str, in->len) ? (glong) in->len
                                                    : g_utf8_strlen (in->str, (gssize) in->len);

          if (n > contract->max_length)
            return kh_step_fail (ctx, _("“%s” has %ld characters; the field allows %d"),
                                 kh_shown_value (ctx, in), n, contract->max_length);
        }
      *out = *in;
      return TRUE;

    case KH_VALUE_INTEGER:
      return apply_integer (ctx, in, out);

    case KH_VALUE_DECIMAL:
      return apply_decimal (contract, ctx, in, out);

    case KH_VALUE_BOOLEAN:
      if (in->type == KH_VALUE_BOOLEAN ||
          (in->type == KH_VALUE_STRING && (strcmp (in->str, "true") == 0 || strcmp (in->str, "false") == 0)))
        {
          kh_value_set (out, in->str, in->len, KH_VALUE_BOOLEAN);
          return TRUE;
        }
      return type_error (ctx, in, KH_VALUE_BOOLEAN);

    case KH_VALUE_DATE:
    case KH_VALUE_DATETIME:
    case KH_VALUE_TIME:
      return apply_temporal (ctx, in, contract->value_type, out);

    case KH_VALUE_NULL:
    default:
      *out = *in;
      return TRUE;
    }
}
