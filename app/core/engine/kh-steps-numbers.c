/* kh-steps-numbers.c: the number steps, in exact decimal arithmetic
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-steps-numbers"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "kh-bytes-private.h"
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

/* The step's data: the format, and what the fast paths need of it. The
 * fast paths take what they can and leave the rest, errors included, to
 * kh_number_parse(); whatever they take, they read as it does. */
typedef struct
{
  KhNumberFormat format;          /* kh_number_parse() reads it */
  KhValueType    type;            /* of the result */
  gboolean       fast;            /* the separators suit the fast paths */
#ifdef __SSE2__
  /* For parse_number_block() */
  char           dsep[16];        /* each separator in every byte */
  char           gsep[16];
  guint          gsep_bits;       /* 0xFFFF, or 0 when grouping is not allowed */
  gsize          block_len;       /* 17 (a sign and 16 bytes), or 0 if not fast */
#endif
} ParseNumber;

/* The common case in one pass, straight into the arena: ASCII digits with
 * ASCII separators, a leading or (SAP) trailing minus, nothing else.
 * Anything else, errors included, goes to kh_number_parse(). With SSE2,
 * parse_number_block() reads the same numbers when they are short, and
 * this loop the longer ones. */
static gboolean
parse_number_bytes (const ParseNumber *pn,
                    KhEvalContext     *ctx,
                    const KhValue     *in,
                    KhValue           *out)
{
  const KhNumberFormat *format = &pn->format;
  const char *s = in->str;
  gsize len = in->len, i = 0;
  char dsep = (char) format->decimal_sep;
  char gsep = (char) format->grouping_sep;
  gboolean negative = FALSE, grouped = FALSE, nonzero = FALSE;
  gsize n_int, n_frac = 0, group;
  char *buf, *w, *start, *digits, *group_start, *point = NULL;

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

#ifdef __SSE2__
/* The same as parse_number_bytes() for a number of 1 to 16 bytes after
 * its sign, the usual length, with no loop over the bytes and no call
 * (saving registers for one would cost a good part of the rest). The
 * number is loaded in one vector, reading only [str, str + len), and each
 * class of byte becomes a mask with bit i for byte i: digits, zeros,
 * decimal separator, grouping separator. The grammar is a few tests on
 * the masks; in particular grouping separators, if any, must be exactly
 * 4, 8 and 12 bytes before the end of the integer part, and not first.
 *
 * The vector is then stored as it is in the arena, 16 bytes into the
 * allocation, and edited in place: the decimal separator becomes '.', and
 * the groups before the last one move right by one, two and three bytes
 * over the grouping separators, nearest first, with 4-byte copies (the
 * separator moves along and is overwritten by the next group, or lies
 * before the value). The value starts at its first digit that is not a
 * leading zero. */
static inline gboolean
parse_number_block (const ParseNumber *pn,
                    KhEvalContext     *ctx,
                    const KhValue     *in,
                    KhValue           *out)
{
  const char *s = in->str;
  guint len = (guint) in->len;
  KhArena *arena = ctx->arena;
  __m128i v;
  gboolean negative;
  guint digits, zeros, point, groups, known, nonzero;
  guint int_end, first;
  char *buf, *number, *start, *w;

  /* A leading minus, or else (SAP, if allowed) a trailing one */
  negative = FALSE;
  if (s[0] == '-')
    {
      negative = TRUE;
      s++;
      len--;
    }
  else if (s[len - 1] == '-' && pn->format.trailing_minus)
    {
      negative = TRUE;
      len--;
    }
  if (len - 1 >= 16)
    return FALSE;

  v = kh_load_upto16 (s, len);   /* zeros after the number */

  /* The masks. The zeros after the number are in none: the decimal
   * separator is not NUL, and the bits of the grouping one are on only
   * when it is not. A digit, plus 0x80 - '0', is one of the ten smallest
   * signed bytes. */
  digits = (guint) _mm_movemask_epi8 (_mm_cmpgt_epi8 (_mm_set1_epi8 ((char) (0x80 + 10)),
                                                      _mm_add_epi8 (v, _mm_set1_epi8 ((char) (0x80 - '0')))));
  zeros = (guint) _mm_movemask_epi8 (_mm_cmpeq_epi8 (v, _mm_set1_epi8 ('0')));
  point = (guint) _mm_movemask_epi8 (_mm_cmpeq_epi8 (v, _mm_loadu_si128 ((const __m128i *) (const void *) pn->dsep)));
  groups = (guint) _mm_movemask_epi8 (_mm_cmpeq_epi8 (v, _mm_loadu_si128 ((const __m128i *) (const void *) pn->gsep)));
  groups &= pn->gsep_bits;

  /* Every byte a digit or a separator (known bits up to bit len); a digit
   * first, and after the decimal separator, of which there is at most one */
  known = digits | point | groups;
  if ((known + 1) >> len != 1 || (((point << 1) | 1) & ~digits) != 0 || (point & (point - 1)) != 0)
    return FALSE;

  /* The integer part ends at the decimal separator or the end (bit len,
   * known + 1). Grouping separators are exactly at 4, 8 and 12 bytes
   * before that, and not first. */
  int_end = (guint) __builtin_ctz (point | (known + 1));
  if (groups != 0 && groups != 0x1111u >> (16 - int_end))
    return FALSE;

  /* An integer has only zeros after its decimal separator */
  nonzero = digits & ~zeros;
  if (pn->format.as_integer && (nonzero >> int_end) != 0)
    return FALSE;

  /* The rare new arena chunk is the general path's: this one calls
   * nothing. 16 bytes that the groups move through, 16 for the number,
   * and the NUL. */
  if (G_UNLIKELY ((gsize) (arena->end - arena->pos) < 16 + 16 + 1))
    return FALSE;
  buf = kh_arena_alloc (arena, 16 + 16 + 1);
  number = buf + 16;
  _mm_storeu_si128 ((__m128i *) (void *) buf, _mm_setzero_si128 ());
  _mm_storeu_si128 ((__m128i *) (void *) number, v);

  /* Leading zeros dropped: the first digit kept is the first one that is
   * not zero, or else the last of the integer part. */
  first = (guint) __builtin_ctz (nonzero | 1u << (int_end - 1));
  start = number + first;
  if (groups != 0)
    {
      char *end = number + int_end;
      guint32 group;

      memcpy (&group, end - 8, 4);
      memcpy (end - 7, &group, 4);
      memcpy (&group, end - 12, 4);
      memcpy (end - 10, &group, 4);
      memcpy (&group, end - 16, 4);
      memcpy (end - 13, &group, 4);
      /* The separators after the first digit are gone */
      start += (int_end - first - 1) / 4;
    }

  /* The point, and the NUL after the fraction, or over the point for an
   * integer or when there is no fraction */
  number[int_end] = '.';
  w = number + (pn->format.as_integer ? int_end : len);
  *w = '\0';
  kh_arena_shrink (arena, buf, (gsize) (w - buf) + 1);

  if (negative && nonzero != 0)
    *--start = '-';
  kh_value_set (out, start, (gsize) (w - start), pn->type);
  return TRUE;
}
#endif

/* The general path: typed values, then (for ASCII separators) the byte
 * loop, then kh_number_parse(), which also explains errors. */
static G_GNUC_NO_INLINE gboolean
eval_parse_number_general (const ParseNumber *pn,
                           KhEvalContext     *ctx,
                           const KhValue     *in,
                           KhValue           *out)
{
  const KhNumberFormat *format = &pn->format;
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
      set_decimal (ctx, out, &dec, pn->type);
      return TRUE;
    }

  /* parse_number_block() has seen the short texts (except, rarely, when
   * the arena needed a new chunk) */
#ifdef __SSE2__
  if (in->len > 16 && pn->fast && in->len <= 48 && parse_number_bytes (pn, ctx, in, out))
    return TRUE;
#else
  if (pn->fast && in->len > 0 && in->len <= 48 && parse_number_bytes (pn, ctx, in, out))
    return TRUE;
#endif
  if (!kh_step_require_utf8 (ctx, in))
    return FALSE;

  status = kh_number_parse (format, in->str, in->len, &dec);
  if (status != KH_NUMBER_OK)
    {
      g_autofree char *reason = kh_number_error_describe (status, format, kh_shown_value (ctx, in));

      ctx->reason = kh_arena_strndup (ctx->arena, reason, strlen (reason));
      return FALSE;
    }

  set_decimal (ctx, out, &dec, pn->type);
  return TRUE;
}

static gboolean
eval_parse_number (const KhStepImpl *step,
                   KhEvalContext    *ctx,
                   const KhValue    *in,
                   guint             n_in,
                   KhValue          *out)
{
  const ParseNumber *pn = step->data;

#ifdef __SSE2__
  if (G_LIKELY (in->len - 1 < pn->block_len && in->type != KH_VALUE_INTEGER && in->type != KH_VALUE_DECIMAL &&
                parse_number_block (pn, ctx, in, out)))
    return TRUE;
#endif
  return eval_parse_number_general (pn, ctx, in, out);
}

gboolean
kh_compile_parse_number (KhStepImpl  *impl,
                         KhStep      *step,
                         KhMapping   *mapping,
                         GError     **error)
{
  ParseNumber *pn;
  KhNumberFormat *format;
  const char *grouping = kh_step_param (step, "grouping-separator");

  if (grouping != NULL && g_utf8_strlen (grouping, -1) > 1)
    {
      g_set_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM,
                   _("Parameter “grouping-separator” of step “parse-number” must be one character or empty, not “%s”"),
                   grouping);
      return FALSE;
    }

  pn = g_new0 (ParseNumber, 1);
  format = &pn->format;
  format->decimal_sep = char_param (step, "decimal-separator");
  format->grouping_sep = char_param (step, "grouping-separator");
  format->currency = kh_step_param_bool (step, "currency");
  format->trailing_minus = kh_step_param_bool (step, "trailing-minus");
  format->parentheses = kh_step_param_bool (step, "parentheses");
  format->triangle = kh_step_param_bool (step, "triangle");
  format->as_integer = g_strcmp0 (kh_step_param (step, "as"), "integer") == 0;
  kh_number_format_init (format);
  pn->type = format->as_integer ? KH_VALUE_INTEGER : KH_VALUE_DECIMAL;
  impl->data = pn;
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

  /* The fast paths read ASCII separators only (and a decimal one, which
   * the parameter's check makes sure of), and a minus only as a sign:
   * kh_number_parse() takes a separator '-' as a separator. A space
   * groups in more ways than they know. */
  pn->fast = format->decimal_sep != 0 && format->decimal_sep < 0x80 && format->grouping_sep < 0x80 &&
             format->decimal_sep != '-' && format->grouping_sep != '-' && format->grouping_sep != ' ';
#ifdef __SSE2__
  memset (pn->dsep, (char) format->decimal_sep, sizeof pn->dsep);
  memset (pn->gsep, (char) format->grouping_sep, sizeof pn->gsep);
  pn->block_len = pn->fast ? 17 : 0;
  pn->gsep_bits = format->grouping_sep != 0 ? 0xFFFF : 0;
#endif

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
