/* kh-step-impl-private.h: compiled steps and how they are evaluated
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include <glib.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "kh-arena-private.h"
#include "kh-catalogue.h"
#include "kh-mapping.h"
#include "kh-step.h"
#include "kh-value.h"

G_BEGIN_DECLS

typedef struct _KhStepImpl KhStepImpl;

/* What a step sees while it runs: the record's arena for its output, and
 * the slots where it reports a failure or the use of a default. */
typedef struct
{
  KhArena     *arena;
  const char  *reason;      /* set (in the arena) by a failing step */
  gboolean     defaulted;   /* set by default-if-empty when it replaced a missing value */
} KhEvalContext;

/* Evaluates one step. @in holds @n_in values (one for most steps, all the
 * rule's sources for concat and coalesce, none for constant). The step
 * writes @out (its text in the arena, or borrowed from @in) and returns
 * TRUE, or sets ctx->reason and returns FALSE. */
typedef gboolean (*KhStepEvalFunc) (const KhStepImpl *step,
                                    KhEvalContext    *ctx,
                                    const KhValue    *in,
                                    guint             n_in,
                                    KhValue          *out);

struct _KhStepImpl
{
  KhStepEvalFunc     eval;
  gpointer           data;          /* owned by the step, freed with free_data */
  GDestroyNotify     free_data;
  const KhStepInfo  *info;          /* static */
  KhValueType        out_type;      /* unless keeps_type */
  gboolean           keeps_type;
  gboolean           handles_missing;
  KhStepInput        input;
};

/* The compile function of one step id: reads @step's parameters (already
 * checked against the catalogue), precompiles what it can and fills
 * @impl->eval and @impl->data. @mapping may be NULL when there is none
 * (the catalogue examples), except for steps that need it. */
typedef gboolean (*KhStepCompileFunc) (KhStepImpl  *impl,
                                       KhStep      *step,
                                       KhMapping   *mapping,
                                       GError     **error);

gboolean      kh_step_impl_compile   (KhStepImpl    *impl,
                                      KhStep        *step,
                                      KhMapping     *mapping,
                                      GError       **error);
void          kh_step_impl_clear     (KhStepImpl    *impl);

/* Helpers for the step families */
const char   *kh_step_param          (KhStep        *step,
                                      const char    *name);
gint64        kh_step_param_int      (KhStep        *step,
                                      const char    *name,
                                      gint64         fallback);
gboolean      kh_step_param_bool     (KhStep        *step,
                                      const char    *name);
gboolean      kh_step_fail           (KhEvalContext *ctx,
                                      const char    *format,
                                      ...) G_GNUC_PRINTF (2, 3);
gboolean      kh_step_fail_text      (KhEvalContext *ctx,
                                      const char    *reason);
const char   *kh_shown_value         (KhEvalContext *ctx,
                                      const KhValue *value);
char         *kh_shown_text          (const char    *str,
                                      gsize          len);
gboolean      kh_step_require_utf8   (KhEvalContext *ctx,
                                      const KhValue *in);

static inline void
kh_value_set (KhValue     *value,
              const char  *str,
              gsize        len,
              KhValueType  type)
{
  value->str = str;
  value->len = len;
  value->type = type;
}

static inline void
kh_value_set_null (KhValue *value)
{
  value->str = NULL;
  value->len = 0;
  value->type = KH_VALUE_NULL;
}

static inline gboolean
kh_is_ascii (const char *str,
             gsize       len)
{
  guint64 any = 0;

#ifdef __SSE2__
  /* Sixteen bytes at a time, the last sixteen overlapping the ones before
   * (reading only [str, str + len)); up to 16 bytes as below */
  if (len > 16)
    {
      __m128i vany = _mm_loadu_si128 ((const __m128i *) (const void *) (str + len - 16));

      for (gsize i = 0; i + 16 < len; i += 16)
        vany = _mm_or_si128 (vany, _mm_loadu_si128 ((const __m128i *) (const void *) (str + i)));
      return _mm_movemask_epi8 (vany) == 0;
    }
#endif
  /* Eight bytes at a time, the last eight overlapping the ones before
   * (reading only [str, str + len)); short strings in two overlapping
   * halves. */
  if (len >= 8)
    {
      guint64 word;

      memcpy (&word, str, 8);
      any = word;
      for (gsize i = 8; i + 8 < len; i += 8)
        {
          memcpy (&word, str + i, 8);
          any |= word;
        }
      memcpy (&word, str + len - 8, 8);
      any |= word;
    }
  else if (len >= 4)
    {
      guint32 a, b;

      memcpy (&a, str, 4);
      memcpy (&b, str + len - 4, 4);
      any = a | b;
    }
  else if (len > 0)
    any = (guchar) str[0] | (guchar) str[len / 2] | (guchar) str[len - 1];
  return (any & G_GUINT64_CONSTANT (0x8080808080808080)) == 0;
}

/* Text */
gboolean kh_compile_trim                (KhStepImpl *, KhStep *, KhMapping *, GError **);
gboolean kh_compile_collapse_whitespace (KhStepImpl *, KhStep *, KhMapping *, GError **);
gboolean kh_compile_upper_case          (KhStepImpl *, KhStep *, KhMapping *, GError **);
gboolean kh_compile_lower_case          (KhStepImpl *, KhStep *, KhMapping *, GError **);
gboolean kh_compile_title_case          (KhStepImpl *, KhStep *, KhMapping *, GError **);
gboolean kh_compile_pad_zeros           (KhStepImpl *, KhStep *, KhMapping *, GError **);
gboolean kh_compile_strip_zeros         (KhStepImpl *, KhStep *, KhMapping *, GError **);
gboolean kh_compile_substring           (KhStepImpl *, KhStep *, KhMapping *, GError **);
gboolean kh_compile_replace             (KhStepImpl *, KhStep *, KhMapping *, GError **);
gboolean kh_compile_regex_replace       (KhStepImpl *, KhStep *, KhMapping *, GError **);
gboolean kh_compile_keep_chars          (KhStepImpl *, KhStep *, KhMapping *, GError **);
gboolean kh_compile_split               (KhStepImpl *, KhStep *, KhMapping *, GError **);
gboolean kh_compile_concat              (KhStepImpl *, KhStep *, KhMapping *, GError **);
gboolean kh_compile_coalesce            (KhStepImpl *, KhStep *, KhMapping *, GError **);
gboolean kh_compile_nfkc                (KhStepImpl *, KhStep *, KhMapping *, GError **);
gboolean kh_compile_default_if_empty    (KhStepImpl *, KhStep *, KhMapping *, GError **);
gboolean kh_compile_constant            (KhStepImpl *, KhStep *, KhMapping *, GError **);

/* Dates */
gboolean kh_compile_parse_date          (KhStepImpl *, KhStep *, KhMapping *, GError **);
gboolean kh_compile_parse_japanese_date (KhStepImpl *, KhStep *, KhMapping *, GError **);
gboolean kh_compile_parse_odata_date    (KhStepImpl *, KhStep *, KhMapping *, GError **);
gboolean kh_compile_format_date         (KhStepImpl *, KhStep *, KhMapping *, GError **);
gboolean kh_compile_convert_timezone    (KhStepImpl *, KhStep *, KhMapping *, GError **);

/* Numbers */
gboolean kh_compile_parse_number        (KhStepImpl *, KhStep *, KhMapping *, GError **);
gboolean kh_compile_round               (KhStepImpl *, KhStep *, KhMapping *, GError **);
gboolean kh_compile_scale               (KhStepImpl *, KhStep *, KhMapping *, GError **);
gboolean kh_compile_format_number       (KhStepImpl *, KhStep *, KhMapping *, GError **);

/* Codes */
gboolean kh_compile_lookup              (KhStepImpl *, KhStep *, KhMapping *, GError **);
gboolean kh_compile_boolean             (KhStepImpl *, KhStep *, KhMapping *, GError **);

/* Validation */
gboolean kh_compile_required            (KhStepImpl *, KhStep *, KhMapping *, GError **);
gboolean kh_compile_max_length          (KhStepImpl *, KhStep *, KhMapping *, GError **);
gboolean kh_compile_match               (KhStepImpl *, KhStep *, KhMapping *, GError **);
gboolean kh_compile_range               (KhStepImpl *, KhStep *, KhMapping *, GError **);
gboolean kh_compile_one_of              (KhStepImpl *, KhStep *, KhMapping *, GError **);

G_END_DECLS
