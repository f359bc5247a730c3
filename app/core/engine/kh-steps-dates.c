/* kh-steps-dates.c: the date and time steps
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-steps-dates"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#if defined (__SSE2__) && defined (__x86_64__)
#include <emmintrin.h>
#endif

#include "kh-calendar-private.h"
#include "kh-date-pattern-private.h"
#include "kh-error.h"
#include "kh-japanese-era-private.h"
#include "kh-step-impl-private.h"
#include "kh-steps-dates-private.h"

/* Full-width digits (U+FF10–U+FF19, EF BC 90–99 in UTF-8) become ASCII;
 * nothing else changes. Returns the text to parse (the input itself when
 * it has none). */
static const char *
normalize_digits (KhEvalContext *ctx,
                  const KhValue *in,
                  gsize         *len)
{
  const char *s = in->str;
  char *buf, *w;

  *len = in->len;
  if (kh_is_ascii (s, in->len))
    return s;

  w = buf = kh_arena_alloc (ctx->arena, in->len + 1);
  for (gsize i = 0; i < in->len; )
    {
      if (i + 2 < in->len && (guchar) s[i] == 0xEF && (guchar) s[i + 1] == 0xBC &&
          (guchar) s[i + 2] >= 0x90 && (guchar) s[i + 2] <= 0x99)
        {
          *w++ = (char) ('0' + (guchar) s[i + 2] - 0x90);
          i += 3;
        }
      else
        *w++ = s[i++];
    }
  *w = '\0';
  *len = (gsize) (w - buf);
  return buf;
}

static void
set_civil (KhEvalContext *ctx,
           KhValue       *out,
           const KhCivil *civil,
           KhValueType    type)
{
  char *buf = kh_arena_alloc (ctx->arena, KH_CIVIL_STRING_MAX);
  gsize len = kh_civil_format (civil, type, buf);

  kh_arena_shrink (ctx->arena, buf, len + 1);
  kh_value_set (out, buf, len, type);
}

/* Reads a typed date/time value, or a string in a canonical spelling. */
static gboolean
read_temporal (const KhValue *in,
               KhCivil       *civil,
               KhValueType   *type)
{
  switch (in->type)
    {
    case KH_VALUE_DATE:
    case KH_VALUE_DATETIME:
    case KH_VALUE_TIME:
      *type = in->type;
      return kh_civil_parse (civil, in->type, in->str, in->len);
    case KH_VALUE_STRING:
      return kh_civil_parse_any (civil, type, in->str, in->len);
    case KH_VALUE_NULL:
    case KH_VALUE_INTEGER:
    case KH_VALUE_DECIMAL:
    case KH_VALUE_BOOLEAN:
    default:
      return FALSE;
    }
}

static KhValueType
type_from_as (const char *as)
{
  if (g_strcmp0 (as, "datetime") == 0)
    return KH_VALUE_DATETIME;
  if (g_strcmp0 (as, "time") == 0)
    return KH_VALUE_TIME;
  return KH_VALUE_DATE;
}

/* ---- parse-date ------------------------------------------------------- */

/* The fast path's view of a pattern that is a date by position (see
 * "parse-date's fast path" below) */
typedef struct
{
  guint8   year;             /* where its four digits start */
  guint8   month;            /* where its two digits start */
  guint8   day;
  guint64  digit_lits[2];    /* 0xFF at its literals that are digits */
  guint64  digit_lit_bytes[2];
} FastLayout;

/* A shape (see text_shape()) and the layouts that have it */
typedef struct
{
  guint64  words[2];
  guint32  layouts;          /* a bit for each, in pattern order */
  guint8   len;
  guint8   year;             /* the first one's digits */
  guint8   month;
  guint8   day;
  gboolean more;             /* the others, or literals that are digits,
                              * matter: see parse_date_more() */
} FastShape;

#define FAST_MIN_LEN     8    /* yyyy, MM and dd */
#define FAST_MAX_LEN     16   /* and at most 8 literals */
#define FAST_MAX_LAYOUTS 32   /* a bit each in a guint32 */

typedef struct
{
  KhDatePattern **patterns;     /* owned */
  gsize          *min_len;      /* the text lengths each pattern can match */
  gsize          *max_len;
  guint           n_patterns;
  char           *joined;       /* the patterns for messages */
  KhValueType     as;
  gboolean        first_wins;   /* ambiguous=first */
  FastLayout     *fast;         /* every pattern's, or NULL: see fast_init() */
  FastShape      *shapes;       /* 1 << (64 - shape_shift) slots, see shape_slot() */
  guint64         shape_key;
  guint           shape_shift;
} ParseDate;

static void
parse_date_free (gpointer data)
{
  ParseDate *pd = data;

  for (guint i = 0; i < pd->n_patterns; i++)
    kh_date_pattern_free (pd->patterns[i]);
  g_free (pd->patterns);
  g_free (pd->min_len);
  g_free (pd->max_len);
  g_free (pd->fast);
  g_free (pd->shapes);
  g_free (pd->joined);
  g_free (pd);
}

/* Whether two readings give the same value of type @as. */
static gboolean
same_reading (const KhCivil *a,
              const KhCivil *b,
              KhValueType    as)
{
  if (as != KH_VALUE_TIME &&
      (a->year != b->year || a->month != b->month || a->day != b->day))
    return FALSE;
  if (as == KH_VALUE_DATE)
    return TRUE;
  if (a->hour != b->hour || a->minute != b->minute || a->second != b->second ||
      a->n_frac != b->n_frac || memcmp (a->frac, b->frac, (gsize) a->n_frac) != 0)
    return FALSE;
  if (as == KH_VALUE_TIME)
    return TRUE;
  return a->has_offset == b->has_offset && a->offset_minutes == b->offset_minutes &&
         a->offset_z == b->offset_z;
}

static gboolean
eval_parse_date (const KhStepImpl *step,
                 KhEvalContext    *ctx,
                 const KhValue    *in,
                 guint             n_in,
                 KhValue          *out)
{
  const ParseDate *pd = step->data;
  KhCivil readings[2];
  KhCivil *civil = &readings[0];
  const KhCivil *found = NULL;
  KhDateError error, first_error = { KH_DATE_PROBLEM_NONE, 0, 0, 0 };
  int found_at = -1, invalid_at = -1;
  const char *text;
  gsize len;

  /* Already a date: only the type may change. */
  if (in->type == KH_VALUE_DATE || in->type == KH_VALUE_DATETIME || in->type == KH_VALUE_TIME)
    {
      KhValueType type;

      if (read_temporal (in, civil, &type) &&
          (type == pd->as || (type == KH_VALUE_DATE && pd->as == KH_VALUE_DATETIME)))
        {
          set_civil (ctx, out, civil, pd->as);
          return TRUE;
        }
    }

  text = normalize_digits (ctx, in, &len);

  for (guint i = 0; i < pd->n_patterns; i++)
    {
      KhDateParseStatus status;

      if (len < pd->min_len[i] || len > pd->max_len[i])
        continue;
      status = kh_date_pattern_parse (pd->patterns[i], text, len, civil, &error);

      if (status == KH_DATE_PARSE_OK)
        {
          if (found == NULL)
            {
              found = civil;
              found_at = (int) i;
              civil = &readings[1];
              if (pd->first_wins)
                break;
            }
          else if (!same_reading (found, civil, pd->as))
            {
              char fa[KH_CIVIL_STRING_MAX], fb[KH_CIVIL_STRING_MAX];

              kh_civil_format (found, pd->as, fa);
              kh_civil_format (civil, pd->as, fb);
              return kh_step_fail (ctx, _("“%s” is ambiguous: %s reads it as %s, but %s reads it as %s"),
                                   kh_shown_value (ctx, in),
                                   kh_date_pattern_get_text (pd->patterns[found_at]), fa,
                                   kh_date_pattern_get_text (pd->patterns[i]), fb);
            }
        }
      else if (status == KH_DATE_PARSE_INVALID && invalid_at < 0)
        {
          invalid_at = (int) i;
          first_error = error;
        }
    }

  if (found != NULL)
    {
      set_civil (ctx, out, found, pd->as);
      return TRUE;
    }

  if (invalid_at >= 0)
    {
      g_autofree char *detail = kh_date_error_describe (&first_error);

      if (first_error.problem == KH_DATE_PROBLEM_DAY || first_error.problem == KH_DATE_PROBLEM_WEEKDAY)
        /* Translators: “2023-02-30” is not a valid date: 2023-02 has no day 30 */
        return kh_step_fail (ctx, _("“%s” is not a valid date: %s"), kh_shown_value (ctx, in), detail);
      /* Translators: “03/13/2024” does not match dd/MM/yyyy: there is no month 13 */
      return kh_step_fail (ctx, _("“%s” does not match %s: %s"), kh_shown_value (ctx, in),
                           kh_date_pattern_get_text (pd->patterns[invalid_at]), detail);
    }

  if (pd->n_patterns == 1)
    return kh_step_fail (ctx, _("“%s” does not match %s"), kh_shown_value (ctx, in), pd->joined);
  return kh_step_fail (ctx, _("“%s” does not match any of %s"), kh_shown_value (ctx, in), pd->joined);
}

/* ---- parse-date's fast path --------------------------------------------
 *
 * The commonest case, quickly: a text giving a date, when every pattern is
 * a date by position (kh_date_pattern_get_date_layout()). Such a layout is
 * 8 to 16 bytes long, each a literal (ASCII) or a digit of yyyy, MM or dd,
 * so a text it matches is ASCII, for which the general path's digit
 * normalisation changes nothing, and fits in two 64-bit words.
 *
 * The text is loaded once into those words (its first byte the lowest, 0
 * past its end) with each ASCII digit made 0xFF: its shape. A layout's
 * shape is its literals with 0xFF at its digits, so a text of the same
 * length matches the layout exactly when it has the layout's shape (and,
 * rarely, the layout's literals that are digits). A text has one shape:
 * rather than trying the layouts one by one, a perfect hash of their
 * shapes, chosen at compile time (shape_slot()), leads to the only one
 * that can match, and one comparison decides. Layouts with the same shape
 * (dd/MM/yyyy and MM/dd/yyyy) share its slot, in pattern order: the first
 * decides with ambiguous="first"; otherwise all must read the same date,
 * which parse_date_more() checks. Whatever the fast path does not read
 * goes to eval_parse_date(), by a tail call, which decides and explains.
 * A text of the reference workload costs about 110 instructions here, and
 * no branch that depends on which pattern it matches. */

#define ALL_BYTES(b) (0x0101010101010101ULL * (guint8) (b))

static inline guint64
load_le64 (const guint8 *p)
{
  guint64 w;

  memcpy (&w, p, sizeof w);
  return GUINT64_FROM_LE (w);
}

/* The text's bytes as two words, 0 past its end (@len 8 to 16). Reads
 * only its @len bytes: the first eight, and the last eight, which from
 * the ninth on are the second word once those also in the first are
 * shifted out (twice: for a text of 8, 64 bits is one too many). */
static inline void
text_words (const guint8 *s,
            gsize         len,
            guint64       words[2])
{
  guint shift = 4 * (guint) (FAST_MAX_LEN - len);

  words[0] = load_le64 (s);
  words[1] = (load_le64 (s + len - 8) >> shift) >> shift;
}

/* The shape of a text of 8 to 16 bytes, or FALSE when it is not ASCII
 * (no layout matches it, and a byte 0xFF would pass for a digit). With
 * SSE2, all 16 bytes at once; otherwise a word at a time. */
static inline gboolean
text_shape (const guint8 *s,
            gsize         len,
            guint64       shape[2])
{
#if defined (__SSE2__) && defined (__x86_64__)
  __m128i first = _mm_loadl_epi64 ((const __m128i *) (const void *) s);
  __m128i last = _mm_loadl_epi64 ((const __m128i *) (const void *) (s + len - 8));
  __m128i v, rel, digits;

  /* (a shift of 64 bits or more gives 0 here) */
  last = _mm_srl_epi64 (last, _mm_cvtsi32_si128 ((int) (8 * (FAST_MAX_LEN - len))));
  v = _mm_unpacklo_epi64 (first, last);
  if (_mm_movemask_epi8 (v) != 0)
    return FALSE;
  /* A digit is at most 9 past '0' */
  rel = _mm_sub_epi8 (v, _mm_set1_epi8 ('0'));
  digits = _mm_cmpeq_epi8 (_mm_max_epu8 (rel, _mm_set1_epi8 (9)), _mm_set1_epi8 (9));
  v = _mm_or_si128 (v, digits);
  shape[0] = (guint64) _mm_cvtsi128_si64 (v);
  shape[1] = (guint64) _mm_cvtsi128_si64 (_mm_unpackhi_epi64 (v, v));
  return TRUE;
#else
  text_words (s, len, shape);
  if (((shape[0] | shape[1]) & ALL_BYTES (0x80)) != 0)
    return FALSE;
  for (guint i = 0; i < 2; i++)
    {
      guint64 x = shape[i];
      /* 0x80 in each digit: x + 0x50 has the top bit from '0' on, x + 0x46
       * from past '9' on; neither carries out of its byte. Then 0x80 - 1
       * fills in the rest of the byte. */
      guint64 digits = (x + ALL_BYTES (0x50)) & ~(x + ALL_BYTES (0x46)) & ALL_BYTES (0x80);

      shape[i] = x | digits | (digits - (digits >> 7));
    }
  return TRUE;
#endif
}

/* Where a shape's layouts are in pd->shapes (if it has any) */
static inline guint
shape_slot (const ParseDate *pd,
            const guint64    shape[2])
{
  return (guint) (((shape[0] ^ (shape[1] * 0x9E3779B97F4A7C15ULL)) * pd->shape_key) >> pd->shape_shift);
}

/* The slot of the text's shape, when the text has that shape; NULL when
 * no layout can match it. */
static inline const FastShape *
fast_shape (const ParseDate *pd,
            const KhValue   *in)
{
  const FastShape *shape;
  guint64 words[2];

  if (in->type != KH_VALUE_STRING || in->len - FAST_MIN_LEN > FAST_MAX_LEN - FAST_MIN_LEN ||
      !text_shape ((const guint8 *) in->str, in->len, words))
    return NULL;

  shape = &pd->shapes[shape_slot (pd, words)];
  if (((words[0] ^ shape->words[0]) | (words[1] ^ shape->words[1]) | (in->len ^ shape->len)) != 0)
    return NULL;
  return shape;
}

/* A layout's yyyy, MM and dd in the text, as they are in memory */
typedef struct
{
  guint32 year;
  guint16 month;
  guint16 day;
} FastDigits;

static inline FastDigits
read_digits (const guint8 *s,
             guint         year_at,
             guint         month_at,
             guint         day_at)
{
  FastDigits digits;

  memcpy (&digits.year, s + year_at, sizeof digits.year);
  memcpy (&digits.month, s + month_at, sizeof digits.month);
  memcpy (&digits.day, s + day_at, sizeof digits.day);
  return digits;
}

/* Whether @digits are those of a date that exists. */
static inline gboolean
date_exists (FastDigits digits)
{
  /* Days in each month, 29 in February; 0 for month 0, and for month 13,
   * which stands for all those past 12 */
  static const guint8 month_days[14] = { 0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31, 0 };
  guint32 md;

  /* MM and dd as numbers, each two digits in the low byte of a 16-bit
   * lane: the month, then the day */
  md = ((guint32) GUINT16_FROM_LE (digits.month) | (guint32) GUINT16_FROM_LE (digits.day) << 16) & 0x0F0F0F0F;
  md = (md * 10 + (md >> 8)) & 0x00FF00FF;
  if (((guint) (digits.year == 0x30303030 /* 0000 */) |
       (guint) ((md >> 16) - 1 >= month_days[MIN (md & 0xFF, 13)])) != 0)
    return FALSE;

  if (G_UNLIKELY (md == (2 | 29 << 16)))
    {
      /* 29 February: yyyy as numbers, the century and the year in it. A
       * leap year's last two digits are a multiple of 4, or 00 and its
       * first two are. */
      guint32 cy = GUINT32_FROM_LE (digits.year) & 0x0F0F0F0F;

      cy = (cy * 10 + (cy >> 8)) & 0x00FF00FF;
      return (((cy >> 16) != 0 ? cy >> 16 : cy) & 3) == 0;
    }
  return TRUE;
}

/* yyyy-MM-dd: the digits themselves */
static inline void
write_date (char       *buf,
            FastDigits  digits)
{
  memcpy (buf, &digits.year, sizeof digits.year);
  buf[4] = '-';
  memcpy (buf + 5, &digits.month, sizeof digits.month);
  buf[7] = '-';
  memcpy (buf + 8, &digits.day, sizeof digits.day);
  buf[10] = '\0';
}

/* Sets @out to the date of @digits (which exists). Returns TRUE. */
static inline gboolean
set_date (KhEvalContext *ctx,
          FastDigits     digits,
          KhValue       *out)
{
  char *buf = kh_arena_alloc (ctx->arena, 11);

  write_date (buf, digits);
  kh_value_set (out, buf, 10, KH_VALUE_DATE);
  return TRUE;
}

/* What the fast path leaves to the general one, as tests see it: nothing
 * (see _kh_parse_date_eval_fast_only()) */
static gboolean
leave_to_nobody (const KhStepImpl *step,
                 KhEvalContext    *ctx,
                 const KhValue    *in,
                 guint             n_in,
                 KhValue          *out)
{
  return FALSE;
}

/* parse_date_layouts() for a shape's slot with more to it: of its layouts,
 * those whose literals that are digits are the text's are the ones that
 * match; the first gives the date, and with ambiguous="error" the others
 * must give the same, that is, have the same digits. */
G_ALWAYS_INLINE static inline gboolean
parse_date_more (const KhStepImpl *step,
                 KhEvalContext    *ctx,
                 const KhValue    *in,
                 guint             n_in,
                 KhValue          *out,
                 KhStepEvalFunc    general)
{
  const ParseDate *pd = step->data;
  const FastShape *shape = fast_shape (pd, in);   /* (again, on this rare path) */
  const guint8 *s = (const guint8 *) in->str;
  FastDigits digits = { 0, 0, 0 };
  gboolean found = FALSE;
  guint64 words[2];

  text_words (s, in->len, words);
  for (guint32 layouts = shape->layouts; layouts != 0; layouts &= layouts - 1)
    {
      const FastLayout *fast = &pd->fast[__builtin_ctz (layouts)];
      FastDigits d;

      if (((words[0] ^ fast->digit_lit_bytes[0]) & fast->digit_lits[0]) != 0 ||
          ((words[1] ^ fast->digit_lit_bytes[1]) & fast->digit_lits[1]) != 0)
        continue;
      d = read_digits (s, fast->year, fast->month, fast->day);
      if (!found)
        {
          digits = d;
          found = TRUE;
          if (pd->first_wins)
            break;
        }
      else if (d.year != digits.year || d.month != digits.month || d.day != digits.day)
        return general (step, ctx, in, n_in, out);
    }

  if (!found || !date_exists (digits))
    return general (step, ctx, in, n_in, out);
  return set_date (ctx, digits, out);
}

static G_NO_INLINE gboolean
eval_parse_date_more (const KhStepImpl *step,
                      KhEvalContext    *ctx,
                      const KhValue    *in,
                      guint             n_in,
                      KhValue          *out)
{
  return parse_date_more (step, ctx, in, n_in, out, eval_parse_date);
}

static G_NO_INLINE gboolean
eval_parse_date_more_only (const KhStepImpl *step,
                           KhEvalContext    *ctx,
                           const KhValue    *in,
                           guint             n_in,
                           KhValue          *out)
{
  return parse_date_more (step, ctx, in, n_in, out, leave_to_nobody);
}

/* The fast path: a text that reads as one date is read here, exactly as
 * eval_parse_date() would read it; everything else (no pattern matches,
 * an impossible date, two readings with ambiguous="error") goes to
 * @general, which decides and explains, by a tail call. @more is
 * parse_date_more() with the same @general. */
G_ALWAYS_INLINE static inline gboolean
parse_date_layouts (const KhStepImpl *step,
                    KhEvalContext    *ctx,
                    const KhValue    *in,
                    guint             n_in,
                    KhValue          *out,
                    KhStepEvalFunc    general,
                    KhStepEvalFunc    more)
{
  const FastShape *shape = fast_shape (step->data, in);
  FastDigits digits;

  if (shape == NULL)
    return general (step, ctx, in, n_in, out);
  if (G_UNLIKELY (shape->more))
    return more (step, ctx, in, n_in, out);

  digits = read_digits ((const guint8 *) in->str, shape->year, shape->month, shape->day);
  if (!date_exists (digits))
    return general (step, ctx, in, n_in, out);
  return set_date (ctx, digits, out);
}

/* parse-date when every pattern is a date by position */
static gboolean
eval_parse_date_layouts (const KhStepImpl *step,
                         KhEvalContext    *ctx,
                         const KhValue    *in,
                         guint             n_in,
                         KhValue          *out)
{
  return parse_date_layouts (step, ctx, in, n_in, out, eval_parse_date, eval_parse_date_more);
}

/**
 * _kh_parse_date_has_fast_path:
 * @step: a compiled parse-date step
 *
 * For tests. Returns: whether the step reads texts on the fast path
 */
gboolean
_kh_parse_date_has_fast_path (const KhStepImpl *step)
{
  return step->eval == eval_parse_date_layouts;
}

/**
 * _kh_parse_date_eval_fast_only:
 * @step: a compiled parse-date step with the fast path
 *
 * For tests: the step's evaluation with nothing but the fast path, which
 * returns FALSE, having done nothing, for every text that it leaves to
 * the general path.
 */
gboolean
_kh_parse_date_eval_fast_only (const KhStepImpl *step,
                               KhEvalContext    *ctx,
                               const KhValue    *in,
                               KhValue          *out)
{
  g_return_val_if_fail (_kh_parse_date_has_fast_path (step), FALSE);
  return parse_date_layouts (step, ctx, in, 1, out, leave_to_nobody, eval_parse_date_more_only);
}

/* Sets up @fast and @shape (see "parse-date's fast path") from @layout;
 * FALSE when the layout is not as the fast path expects, which
 * kh_date_pattern_get_date_layout() does not give. */
static gboolean
fast_layout_init (FastLayout         *fast,
                  guint64             shape[2],
                  const KhDateLayout *layout)
{
  const guint8 starts[3] = { layout->year, layout->month, layout->day };
  const guint8 widths[3] = { 4, 2, 2 };
  guint8 bytes[FAST_MAX_LEN] = { 0 }, lits[FAST_MAX_LEN] = { 0 }, lit_bytes[FAST_MAX_LEN] = { 0 };
  gboolean taken[FAST_MAX_LEN] = { FALSE };

  if (layout->len < FAST_MIN_LEN || layout->len > FAST_MAX_LEN)
    return FALSE;

  for (guint k = 0; k < layout->n_lits; k++)
    {
      guint8 pos = layout->lit_pos[k], byte = layout->lit_byte[k];

      if (pos >= layout->len || taken[pos] || byte == 0 || byte >= 0x80)
        return FALSE;
      taken[pos] = TRUE;
      if (g_ascii_isdigit (byte))
        {
          bytes[pos] = 0xFF;
          lits[pos] = 0xFF;
          lit_bytes[pos] = byte;
        }
      else
        bytes[pos] = byte;
    }
  for (guint f = 0; f < G_N_ELEMENTS (starts); f++)
    for (guint j = 0; j < widths[f]; j++)
      {
        guint pos = starts[f] + j;

        if (pos >= layout->len || taken[pos])
          return FALSE;
        taken[pos] = TRUE;
        bytes[pos] = 0xFF;
      }
  /* Every byte is a literal or a digit: a text of this form is ASCII. */
  for (guint pos = 0; pos < layout->len; pos++)
    if (!taken[pos])
      return FALSE;

  shape[0] = load_le64 (bytes);
  shape[1] = load_le64 (bytes + 8);
  fast->year = layout->year;
  fast->month = layout->month;
  fast->day = layout->day;
  fast->digit_lits[0] = load_le64 (lits);
  fast->digit_lits[1] = load_le64 (lits + 8);
  fast->digit_lit_bytes[0] = load_le64 (lit_bytes);
  fast->digit_lit_bytes[1] = load_le64 (lit_bytes + 8);
  return TRUE;
}

/* splitmix64: the multipliers shape_slot() tries */
static guint64
mix64 (guint64 z)
{
  z = (z + 1) * 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

/* Sets up the fast path, when every pattern (of at most 32) is a date by
 * position: the layouts, their shapes, and a hash that gives each shape
 * its own slot (the smallest table, the first multiplier that does).
 * Returns FALSE, having set up nothing, when a pattern is not such a
 * date. */
static gboolean
fast_init (ParseDate *pd)
{
  FastShape shapes[FAST_MAX_LAYOUTS];
  guint n_shapes = 0;

  if (pd->as != KH_VALUE_DATE || pd->n_patterns == 0 || pd->n_patterns > FAST_MAX_LAYOUTS)
    return FALSE;

  pd->fast = g_new0 (FastLayout, pd->n_patterns);
  for (guint i = 0; i < pd->n_patterns; i++)
    {
      const FastLayout *fast = &pd->fast[i];
      KhDateLayout layout;
      guint64 words[2];
      guint j;

      if (!kh_date_pattern_get_date_layout (pd->patterns[i], &layout) ||
          !fast_layout_init (&pd->fast[i], words, &layout))
        {
          g_clear_pointer (&pd->fast, g_free);
          return FALSE;
        }

      for (j = 0; j < n_shapes; j++)
        if (shapes[j].words[0] == words[0] && shapes[j].words[1] == words[1] &&
            shapes[j].len == layout.len)
          break;
      if (j == n_shapes)
        {
          memset (&shapes[j], 0, sizeof shapes[j]);
          shapes[j].words[0] = words[0];
          shapes[j].words[1] = words[1];
          shapes[j].len = layout.len;
          shapes[j].year = fast->year;
          shapes[j].month = fast->month;
          shapes[j].day = fast->day;
          n_shapes++;
        }
      else if (!pd->first_wins)
        shapes[j].more = TRUE;
      shapes[j].layouts |= (guint32) 1 << i;
      if ((fast->digit_lits[0] | fast->digit_lits[1]) != 0)
        shapes[j].more = TRUE;
    }

  for (guint bits = 1; bits <= 8; bits++)
    {
      if ((1u << bits) < n_shapes)
        continue;
      pd->shape_shift = 64 - bits;
      for (guint64 t = 0; t < 1000; t++)
        {
          guint8 used[256] = { 0 };
          guint j;

          pd->shape_key = mix64 (t) | 1;
          for (j = 0; j < n_shapes; j++)
            if (used[shape_slot (pd, shapes[j].words)]++)
              break;
          if (j < n_shapes)
            continue;

          /* The empty slots have length 0, which no text here has */
          pd->shapes = g_new0 (FastShape, (gsize) 1 << bits);
          for (j = 0; j < n_shapes; j++)
            pd->shapes[shape_slot (pd, shapes[j].words)] = shapes[j];
          return TRUE;
        }
    }

  g_clear_pointer (&pd->fast, g_free);
  return FALSE;
}

gboolean
kh_compile_parse_date (KhStepImpl  *impl,
                       KhStep      *step,
                       KhMapping   *mapping,
                       GError     **error)
{
  const char * const *patterns = kh_step_get_param_values_or_defaults (step, "pattern");
  int start = (int) kh_step_param_int (step, "two-digit-year-start", 1950);
  ParseDate *pd = g_new0 (ParseDate, 1);

  pd->as = type_from_as (kh_step_param (step, "as"));
  pd->first_wins = g_strcmp0 (kh_step_param (step, "ambiguous"), "first") == 0;
  pd->n_patterns = patterns != NULL ? g_strv_length ((char **) patterns) : 0;
  pd->patterns = g_new0 (KhDatePattern *, pd->n_patterns + 1);
  pd->min_len = g_new0 (gsize, pd->n_patterns + 1);
  pd->max_len = g_new0 (gsize, pd->n_patterns + 1);
  pd->joined = g_strjoinv (", ", (char **) patterns);
  impl->data = pd;
  impl->free_data = parse_date_free;
  impl->eval = eval_parse_date;

  for (guint i = 0; i < pd->n_patterns; i++)
    {
      KhDatePattern *pattern = kh_date_pattern_new (patterns[i], start, error);

      if (pattern == NULL)
        return FALSE;
      pd->patterns[i] = pattern;
      kh_date_pattern_get_text_range (pattern, &pd->min_len[i], &pd->max_len[i]);

      if (pd->as != KH_VALUE_TIME && kh_date_pattern_get_missing_date_field (pattern) != NULL)
        {
          g_set_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM,
                       _("Pattern “%s” has no %s; a date needs a year, a month and a day"),
                       patterns[i], kh_date_pattern_get_missing_date_field (pattern));
          return FALSE;
        }
      if (pd->as == KH_VALUE_TIME && !kh_date_pattern_has_time (pattern))
        {
          g_set_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM,
                       _("Pattern “%s” has no hour (HH or h), so it cannot give a time"),
                       patterns[i]);
          return FALSE;
        }
    }

  /* The fast path, when every pattern is a date by position */
  if (fast_init (pd))
    impl->eval = eval_parse_date_layouts;

  return TRUE;
}

/* ---- parse-japanese-date ---------------------------------------------- */

static gboolean
eval_parse_japanese_date (const KhStepImpl *step,
                          KhEvalContext    *ctx,
                          const KhValue    *in,
                          guint             n_in,
                          KhValue          *out)
{
  KhCivil civil;
  KhEraError error;
  KhEraStatus status;

  if (in->type == KH_VALUE_DATE)
    {
      *out = *in;
      return TRUE;
    }
  if (!kh_step_require_utf8 (ctx, in))
    return FALSE;

  status = kh_japanese_era_parse (in->str, in->len, &civil, &error);
  if (status != KH_ERA_OK)
    {
      g_autofree char *reason = kh_era_error_describe (status, &error, kh_shown_value (ctx, in));

      ctx->reason = kh_arena_strndup (ctx->arena, reason, strlen (reason));
      return FALSE;
    }

  set_civil (ctx, out, &civil, KH_VALUE_DATE);
  return TRUE;
}

gboolean
kh_compile_parse_japanese_date (KhStepImpl  *impl,
                                KhStep      *step,
                                KhMapping   *mapping,
                                GError     **error)
{
  impl->eval = eval_parse_japanese_date;
  return TRUE;
}

/* ---- parse-odata-date ------------------------------------------------- */

/* Milliseconds of 0001-01-01 and 9999-12-31T23:59:59.999 */
#define ODATA_MIN_MS G_GINT64_CONSTANT (-62135596800000)
#define ODATA_MAX_MS G_GINT64_CONSTANT (253402300799999)

static gboolean
eval_parse_odata_date (const KhStepImpl *step,
                       KhEvalContext    *ctx,
                       const KhValue    *in,
                       guint             n_in,
                       KhValue          *out)
{
  KhValueType as = GPOINTER_TO_INT (step->data);
  const char *s = in->str;
  gsize len = in->len;
  gsize i = 0, digits = 0;
  gboolean negative = FALSE;
  gint64 ms = 0;
  gint64 seconds, rest;
  KhCivil civil;

  /* /Date(…)/ or, still JSON-escaped, \/Date(…)\/ */
  if (len > 0 && s[0] == '\\')
    i++;
  if (len - i < 7 || memcmp (s + i, "/Date(", 6) != 0)
    goto mismatch;
  i += 6;

  if (i < len && s[i] == '-')
    {
      negative = TRUE;
      i++;
    }
  while (i < len && g_ascii_isdigit (s[i]))
    {
      if (digits++ >= 15)
        goto out_of_range;
      ms = ms * 10 + (s[i++] - '0');
    }
  if (digits == 0)
    goto mismatch;
  if (negative)
    ms = -ms;

  /* The offset (in minutes, or as hhmm) only says which local time the
   * writer had; the milliseconds are UTC already. */
  if (i < len && (s[i] == '+' || s[i] == '-'))
    {
      gsize off_digits = 0;

      i++;
      while (i < len && g_ascii_isdigit (s[i]))
        {
          i++;
          off_digits++;
        }
      if (off_digits == 0 || off_digits > 4)
        goto mismatch;
    }

  if (len - i == 3 && memcmp (s + i, ")\\/", 3) == 0)
    i += 3;
  else if (len - i == 2 && memcmp (s + i, ")/", 2) == 0)
    i += 2;
  else
    goto mismatch;

  if (ms < ODATA_MIN_MS || ms > ODATA_MAX_MS)
    goto out_of_range;

  seconds = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
  rest = ms - seconds * 1000;

  kh_civil_clear (&civil);
  kh_civil_set_local_seconds (&civil, seconds);
  if (rest != 0)
    {
      civil.n_frac = 3;
      civil.frac[0] = (char) ('0' + rest / 100);
      civil.frac[1] = (char) ('0' + rest / 10 % 10);
      civil.frac[2] = (char) ('0' + rest % 10);
      civil.frac[3] = '\0';
    }
  civil.has_offset = civil.offset_z = TRUE;

  set_civil (ctx, out, &civil, as);
  return TRUE;

mismatch:
  return kh_step_fail (ctx, _("“%s” is not an OData date such as /Date(1700000000000)/"),
                       kh_shown_value (ctx, in));
out_of_range:
  return kh_step_fail (ctx, _("“%s” is outside the years 0001 to 9999"), kh_shown_value (ctx, in));
}

gboolean
kh_compile_parse_odata_date (KhStepImpl  *impl,
                             KhStep      *step,
                             KhMapping   *mapping,
                             GError     **error)
{
  KhValueType as = g_strcmp0 (kh_step_param (step, "as"), "date") == 0 ? KH_VALUE_DATE : KH_VALUE_DATETIME;

  impl->data = GINT_TO_POINTER (as);
  impl->eval = eval_parse_odata_date;
  return TRUE;
}

/* ---- format-date ------------------------------------------------------ */

static gboolean
eval_format_date (const KhStepImpl *step,
                  KhEvalContext    *ctx,
                  const KhValue    *in,
                  guint             n_in,
                  KhValue          *out)
{
  const KhDatePattern *pattern = step->data;
  KhCivil civil;
  KhValueType type;
  KhDateError error;
  char *buf;
  gsize len;

  if (!read_temporal (in, &civil, &type))
    return kh_step_fail (ctx, _("“%s” is not a date, date-time or time; read it first with a parse step"),
                         kh_shown_value (ctx, in));

  buf = kh_arena_alloc (ctx->arena, kh_date_pattern_get_max_length (pattern) + 1);
  len = kh_date_pattern_format (pattern, &civil, type != KH_VALUE_TIME, type != KH_VALUE_DATE, buf, &error);
  if (error.problem != KH_DATE_PROBLEM_NONE)
    {
      g_autofree char *detail = kh_date_error_describe (&error);

      return kh_step_fail (ctx, _("“%s” cannot be written as %s: %s"), kh_shown_value (ctx, in),
                           kh_date_pattern_get_text (pattern), detail);
    }
  kh_arena_shrink (ctx->arena, buf, len + 1);

  kh_value_set (out, buf, len, KH_VALUE_STRING);
  return TRUE;
}

gboolean
kh_compile_format_date (KhStepImpl  *impl,
                        KhStep      *step,
                        KhMapping   *mapping,
                        GError     **error)
{
  KhDatePattern *pattern = kh_date_pattern_new (kh_step_param (step, "pattern"), 1950, error);

  if (pattern == NULL)
    return FALSE;

  impl->data = pattern;
  impl->free_data = (GDestroyNotify) kh_date_pattern_free;
  impl->eval = eval_format_date;
  return TRUE;
}

/* ---- convert-timezone ------------------------------------------------- */

typedef struct
{
  GTimeZone *tz;          /* NULL for a fixed offset */
  int        fixed;       /* minutes east of UTC, when tz is NULL */
  char      *name;
} Zone;

typedef struct
{
  Zone from;
  Zone to;
} ConvertTimezone;

static void
zone_clear (Zone *zone)
{
  g_clear_pointer (&zone->tz, g_time_zone_unref);
  g_clear_pointer (&zone->name, g_free);
}

static void
convert_timezone_free (gpointer data)
{
  ConvertTimezone *ct = data;

  zone_clear (&ct->from);
  zone_clear (&ct->to);
  g_free (ct);
}

static gboolean
parse_fixed_offset (const char *name,
                    int        *minutes)
{
  int hh, mm;

  if (g_ascii_strcasecmp (name, "UTC") == 0 || strcmp (name, "Z") == 0)
    {
      *minutes = 0;
      return TRUE;
    }
  if (strlen (name) != 6 || (name[0] != '+' && name[0] != '-') || name[3] != ':' ||
      !g_ascii_isdigit (name[1]) || !g_ascii_isdigit (name[2]) ||
      !g_ascii_isdigit (name[4]) || !g_ascii_isdigit (name[5]))
    return FALSE;
  hh = (name[1] - '0') * 10 + (name[2] - '0');
  mm = (name[4] - '0') * 10 + (name[5] - '0');
  if (hh > 14 || mm > 59)
    return FALSE;
  *minutes = (hh * 60 + mm) * (name[0] == '-' ? -1 : 1);
  return TRUE;
}

static gboolean
zone_init (Zone        *zone,
           const char  *param,
           const char  *name,
           GError     **error)
{
  zone->name = g_strdup (name);
  if (parse_fixed_offset (name, &zone->fixed))
    return TRUE;

  /* GLib 2.74 falls back to UTC for unknown identifiers; only a zone whose
   * identifier is the one asked for is known. */
  zone->tz = g_time_zone_new_identifier (name);
  if (zone->tz == NULL || g_strcmp0 (g_time_zone_get_identifier (zone->tz), name) != 0)
    {
      g_set_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM,
                   _("Parameter “%s”: “%s” is not a known time zone; use an IANA name such as Asia/Tokyo, UTC, or an offset such as +09:00"),
                   param, name);
      return FALSE;
    }
  return TRUE;
}

/* The offset in minutes of @zone at the UTC instant @utc (seconds). */
static int
zone_offset_at (const Zone *zone,
                gint64      utc)
{
  int interval;

  if (zone->tz == NULL)
    return zone->fixed;
  interval = g_time_zone_find_interval (zone->tz, G_TIME_TYPE_UNIVERSAL, utc);
  if (interval < 0)
    return 0;
  return g_time_zone_get_offset (zone->tz, interval) / 60;
}

static gboolean
eval_convert_timezone (const KhStepImpl *step,
                       KhEvalContext    *ctx,
                       const KhValue    *in,
                       guint             n_in,
                       KhValue          *out)
{
  const ConvertTimezone *ct = step->data;
  KhCivil civil;
  KhValueType type;
  gint64 local, utc = 0;
  int offset;

  if (!read_temporal (in, &civil, &type) || type == KH_VALUE_TIME)
    return kh_step_fail (ctx, _("“%s” is not a date and time such as 2024-03-13T09:30:00"),
                         kh_shown_value (ctx, in));

  local = kh_civil_to_local_seconds (&civil);
  if (civil.has_offset)
    utc = local - civil.offset_minutes * 60;
  else if (ct->from.tz == NULL)
    utc = local - ct->from.fixed * 60;
  else
    {
      /* The instants whose local time in the zone is @local: none in a
       * gap (clocks put forward), two in an overlap (clocks put back). */
      int candidates[3];
      gint64 found[3];
      int n_found = 0;

      candidates[0] = zone_offset_at (&ct->from, local - 50400);
      candidates[1] = zone_offset_at (&ct->from, local);
      candidates[2] = zone_offset_at (&ct->from, local + 50400);

      for (int i = 0; i < 3; i++)
        {
          gint64 u = local - candidates[i] * 60;
          gboolean seen = FALSE;

          if (zone_offset_at (&ct->from, u) != candidates[i])
            continue;
          for (int j = 0; j < n_found; j++)
            seen = seen || found[j] == u;
          if (!seen)
            found[n_found++] = u;
        }

      if (n_found == 0)
        return kh_step_fail (ctx, _("“%s” does not exist in %s: the clocks were put forward"),
                             kh_shown_value (ctx, in), ct->from.name);
      if (n_found > 1)
        return kh_step_fail (ctx, _("“%s” is ambiguous in %s: the clocks were put back, so it happened twice"),
                             kh_shown_value (ctx, in), ct->from.name);
      utc = found[0];
    }

  offset = zone_offset_at (&ct->to, utc);
  kh_civil_set_local_seconds (&civil, utc + offset * 60);
  if (civil.year < 1 || civil.year > 9999)
    return kh_step_fail (ctx, _("“%s” is outside the years 0001 to 9999 in %s"),
                         kh_shown_value (ctx, in), ct->to.name);

  civil.has_offset = TRUE;
  civil.offset_minutes = offset;
  civil.offset_z = offset == 0;

  set_civil (ctx, out, &civil, KH_VALUE_DATETIME);
  return TRUE;
}

gboolean
kh_compile_convert_timezone (KhStepImpl  *impl,
                             KhStep      *step,
                             KhMapping   *mapping,
                             GError     **error)
{
  ConvertTimezone *ct = g_new0 (ConvertTimezone, 1);

  impl->data = ct;
  impl->free_data = convert_timezone_free;
  impl->eval = eval_convert_timezone;

  return zone_init (&ct->from, "from", kh_step_param (step, "from"), error) &&
         zone_init (&ct->to, "to", kh_step_param (step, "to"), error);
}
