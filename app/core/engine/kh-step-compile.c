/* kh-step-compile.c: from a catalogue step to a compiled one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-step-compile"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "kh-error.h"
#include "kh-step-impl-private.h"

static const struct
{
  const char        *id;
  KhStepCompileFunc  compile;
} compilers[] = {
  { "trim", kh_compile_trim },
  { "collapse-whitespace", kh_compile_collapse_whitespace },
  { "upper-case", kh_compile_upper_case },
  { "lower-case", kh_compile_lower_case },
  { "title-case", kh_compile_title_case },
  { "pad-zeros", kh_compile_pad_zeros },
  { "strip-zeros", kh_compile_strip_zeros },
  { "substring", kh_compile_substring },
  { "replace", kh_compile_replace },
  { "regex-replace", kh_compile_regex_replace },
  { "keep-chars", kh_compile_keep_chars },
  { "split", kh_compile_split },
  { "concat", kh_compile_concat },
  { "coalesce", kh_compile_coalesce },
  { "nfkc", kh_compile_nfkc },
  { "default-if-empty", kh_compile_default_if_empty },
  { "constant", kh_compile_constant },
  { "parse-date", kh_compile_parse_date },
  { "parse-japanese-date", kh_compile_parse_japanese_date },
  { "parse-odata-date", kh_compile_parse_odata_date },
  { "format-date", kh_compile_format_date },
  { "convert-timezone", kh_compile_convert_timezone },
  { "parse-number", kh_compile_parse_number },
  { "round", kh_compile_round },
  { "scale", kh_compile_scale },
  { "format-number", kh_compile_format_number },
  { "lookup", kh_compile_lookup },
  { "boolean", kh_compile_boolean },
  { "required", kh_compile_required },
  { "max-length", kh_compile_max_length },
  { "match", kh_compile_match },
  { "range", kh_compile_range },
  { "one-of", kh_compile_one_of },
};

/**
 * kh_step_impl_compile:
 *
 * Checks @step against the catalogue and compiles it. On failure @impl is
 * left cleared.
 */
gboolean
kh_step_impl_compile (KhStepImpl  *impl,
                      KhStep      *step,
                      KhMapping   *mapping,
                      GError     **error)
{
  const KhStepInfo *info;
  const char *as = NULL;

  memset (impl, 0, sizeof *impl);

  if (!kh_step_validate (step, error))
    return FALSE;

  info = kh_step_get_info (step);
  if (info->type_param != NULL)
    as = kh_step_param (step, info->type_param);

  impl->info = info;
  impl->input = info->input;
  impl->handles_missing = info->handles_missing;
  impl->keeps_type = info->keeps_type && info->type_param == NULL;
  impl->out_type = kh_step_info_get_output_type (info, as, KH_VALUE_STRING);

  for (guint i = 0; i < G_N_ELEMENTS (compilers); i++)
    if (strcmp (compilers[i].id, info->id) == 0)
      {
        if (!compilers[i].compile (impl, step, mapping, error))
          {
            kh_step_impl_clear (impl);
            return FALSE;
          }
        g_assert (impl->eval != NULL);
        return TRUE;
      }

  g_set_error (error, KH_ERROR, KH_ERROR_UNSUPPORTED,
               _("The engine cannot run the step “%s”"), info->id);
  return FALSE;
}

void
kh_step_impl_clear (KhStepImpl *impl)
{
  if (impl->free_data != NULL && impl->data != NULL)
    impl->free_data (impl->data);
  memset (impl, 0, sizeof *impl);
}

/* The parameter's first value, or its default (NULL for an absent
 * optional parameter). */
const char *
kh_step_param (KhStep     *step,
               const char *name)
{
  return kh_step_get_param_or_default (step, name);
}

gint64
kh_step_param_int (KhStep     *step,
                   const char *name,
                   gint64      fallback)
{
  const char *value = kh_step_param (step, name);

  if (value == NULL)
    return fallback;
  return g_ascii_strtoll (value, NULL, 10);
}

gboolean
kh_step_param_bool (KhStep     *step,
                    const char *name)
{
  return g_strcmp0 (kh_step_param (step, name), "true") == 0;
}

/* Sets the failure reason (formatted in the arena) and returns FALSE. */
gboolean
kh_step_fail (KhEvalContext *ctx,
              const char    *format,
              ...)
{
  va_list args;

  va_start (args, format);
  ctx->reason = kh_arena_vprintf (ctx->arena, format, args);
  va_end (args);

  return FALSE;
}

/* Sets the failure reason to @reason as it is, neither formatted nor
 * copied: a text that outlives the record, such as a translated message,
 * and returns FALSE. */
gboolean
kh_step_fail_text (KhEvalContext *ctx,
                   const char    *reason)
{
  ctx->reason = reason;
  return FALSE;
}

#define SHOWN_MAX_CHARS 60

/**
 * kh_shown_text:
 *
 * Returns: (transfer full): @str as a reason shows it: at most
 *   SHOWN_MAX_CHARS characters, then an ellipsis; invalid UTF-8 is
 *   replaced
 */
char *
kh_shown_text (const char *str,
               gsize       len)
{
  const char *end;
  const char *p = str;
  glong n = 0;

  if (!g_utf8_validate_len (str, len, &end))
    {
      g_autofree char *valid = g_utf8_make_valid (str, (gssize) len);

      return kh_shown_text (valid, strlen (valid));
    }

  while (p < str + len && n < SHOWN_MAX_CHARS)
    {
      p = g_utf8_next_char (p);
      n++;
    }
  if (p >= str + len)
    return g_strndup (str, len);

  return g_strdup_printf ("%.*s…", (int) (p - str), str);
}

/* The value as a reason shows it, in the arena. */
const char *
kh_shown_value (KhEvalContext *ctx,
                const KhValue *value)
{
  g_autofree char *shown = NULL;

  if (value->type == KH_VALUE_NULL)
    return "null";
  if (value->len <= SHOWN_MAX_CHARS && kh_is_ascii (value->str, value->len))
    return value->str;

  shown = kh_shown_text (value->str, value->len);
  return kh_arena_strndup (ctx->arena, shown, strlen (shown));
}

/* Paths that decode characters call this first: invalid UTF-8 (which
 * readers refuse, but the engine does not rely on it) is an error, never a
 * read past the end of the value. */
gboolean
kh_step_require_utf8 (KhEvalContext *ctx,
                      const KhValue *in)
{
  if (G_LIKELY (g_utf8_validate_len (in->str, in->len, NULL)))
    return TRUE;
  return kh_step_fail (ctx, _("“%s” is not valid UTF-8"), kh_shown_value (ctx, in));
}
