/* kh-steps-text.c: the text steps
 *
 * Text steps count characters, not bytes. Most have an ASCII fast path and
 * return their input itself (no copy) when it needs no change.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-steps-text"

#include "config.h"

#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <glib/gi18n.h>

#include "kh-error.h"
#include "kh-step-impl-private.h"
#include "kh-bytes-private.h"
#include "kh-str-table-private.h"

/* ---- helpers ---------------------------------------------------------- */

static gboolean
is_white (gunichar c)
{
  return g_unichar_isspace (c) || c == 0xFEFF;
}

static inline gboolean
ascii_white (guchar c)
{
  return c == ' ' || (c >= '\t' && c <= '\r');
}

/* A set of characters given as a parameter: an ASCII table and the
 * others in a sorted array. */
typedef struct
{
  gboolean  ascii[128];
  GArray   *other;     /* of gunichar, owned */
} CharSet;

static void
char_set_init (CharSet    *set,
               const char *chars)
{
  memset (set->ascii, 0, sizeof set->ascii);
  set->other = g_array_new (FALSE, FALSE, sizeof (gunichar));

  for (const char *p = chars; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 128)
        set->ascii[c] = TRUE;
      else
        g_array_append_val (set->other, c);
    }
}

static void
char_set_clear (CharSet *set)
{
  g_clear_pointer (&set->other, g_array_unref);
}

static gboolean
char_set_contains (const CharSet *set,
                   gunichar       c)
{
  if (c < 128)
    return set->ascii[c];
  for (guint i = 0; i < set->other->len; i++)
    if (g_array_index (set->other, gunichar, i) == c)
      return TRUE;
  return FALSE;
}

static void
set_text (KhValue    *out,
          const char *str,
          gsize       len)
{
  kh_value_set (out, str, len, KH_VALUE_STRING);
}

/* Copies [start, start + len) of a value into the arena as a string. */
static void
set_copy (KhEvalContext *ctx,
          KhValue       *out,
          const char    *start,
          gsize          len)
{
  set_text (out, kh_arena_strndup (ctx->arena, start, len), len);
}

/* A view of the tail of a value needs no copy: it is NUL-terminated. */
static void
set_substring (KhEvalContext *ctx,
               KhValue       *out,
               const KhValue *in,
               gsize          start,
               gsize          len)
{
  if (start + len == in->len)
    set_text (out, in->str + start, len);
  else
    set_copy (ctx, out, in->str + start, len);
}

/* @size bytes from the arena's chunk, which the caller has seen has room
 * for them: kh_arena_alloc() without its call for a new chunk, which
 * would have the caller save registers */
static inline char *
arena_take (KhArena *arena,
            gsize    size)
{
  char *p = arena->pos;

  arena->pos = p + size;
  return p;
}

#ifdef __SSE2__
/* Copies the bytes of @copy whose bits are on in @keep (bit i for byte i,
 * none from bit 63 on) to @w, a run of them at a time, 16 bytes per
 * store: reads up to 15 bytes after a run in @copy, and writes up to 15
 * after the end. Returns the end. */
static inline char *
copy_runs (char       *w,
           const char *copy,
           guint64     keep)
{
  while (keep != 0)
    {
      guint first = (guint) __builtin_ctzll (keep);
      /* The run's bits off, and the bit after it on */
      guint64 after = keep + (keep & -keep);
      guint end = (guint) __builtin_ctzll (after);

      _mm_storeu_si128 ((__m128i *) (void *) w, _mm_loadu_si128 ((const __m128i *) (const void *) (copy + first)));
      for (guint j = first + 16; j < end; j += 16)
        _mm_storeu_si128 ((__m128i *) (void *) (w + (j - first)),
                          _mm_loadu_si128 ((const __m128i *) (const void *) (copy + j)));
      w += end - first;
      keep = after & (after - 1);
    }
  return w;
}
#endif

/* ---- trim ------------------------------------------------------------- */

typedef struct
{
  gboolean start;
  gboolean end;
  gboolean white;   /* no chars given: white space */
  CharSet  chars;
} Trim;

static void
trim_free (gpointer data)
{
  Trim *trim = data;

  char_set_clear (&trim->chars);
  g_free (trim);
}

static inline gboolean
trim_char (const Trim *trim,
           gunichar    c)
{
  return trim->white ? is_white (c) : char_set_contains (&trim->chars, c);
}

static gboolean
eval_trim (const KhStepImpl *step,
           KhEvalContext    *ctx,
           const KhValue    *in,
           guint             n_in,
           KhValue          *out)
{
  const Trim *trim = step->data;
  const char *s = in->str;
  gsize b = 0, e = in->len;

  if (!kh_is_ascii (s, in->len) && !kh_step_require_utf8 (ctx, in))
    return FALSE;

  if (trim->start)
    while (b < e)
      {
        guchar c = (guchar) s[b];

        if (c < 0x80)
          {
            if (trim->white ? !ascii_white (c) : !trim->chars.ascii[c])
              break;
            b++;
          }
        else
          {
            const char *next = g_utf8_next_char (s + b);

            if (!trim_char (trim, g_utf8_get_char (s + b)))
              break;
            b = (gsize) (next - s);
          }
      }

  if (trim->end)
    while (e > b)
      {
        guchar c = (guchar) s[e - 1];

        if (c < 0x80)
          {
            if (trim->white ? !ascii_white (c) : !trim->chars.ascii[c])
              break;
            e--;
          }
        else
          {
            const char *prev = g_utf8_find_prev_char (s + b, s + e);

            if (prev == NULL || !trim_char (trim, g_utf8_get_char (prev)))
              break;
            e = (gsize) (prev - s);
          }
      }

  set_substring (ctx, out, in, b, e - b);
  return TRUE;
}

/* trim of white space at both ends, the common use: ASCII text, the
 * common case, needs neither the parameters nor the registers of
 * eval_trim(), which it falls back to for anything else (and which gives
 * the same result for ASCII text). */
static G_GNUC_NO_INLINE gboolean
trim_white_ascii (KhEvalContext *ctx,
                  const KhValue *in,
                  KhValue       *out)
{
  const char *s = in->str;
  gsize b = 0, e = in->len;

  while (b < e && ascii_white ((guchar) s[b]))
    b++;
  while (e > b && ascii_white ((guchar) s[e - 1]))
    e--;

  set_substring (ctx, out, in, b, e - b);
  return TRUE;
}

static gboolean
eval_trim_white (const KhStepImpl *step,
                 KhEvalContext    *ctx,
                 const KhValue    *in,
                 guint             n_in,
                 KhValue          *out)
{
  const char *s = in->str;
  gsize len = in->len;

  if (G_UNLIKELY (!kh_is_ascii (s, len)))
    return eval_trim (step, ctx, in, n_in, out);

  /* No byte above ' ' is white space: a value that starts and ends with
   * one, the common case, is the input itself, found without a loop or a
   * call */
  if (len == 0 || ((guchar) s[0] > ' ' && (guchar) s[len - 1] > ' '))
    {
      set_text (out, s, len);
      return TRUE;
    }
  return trim_white_ascii (ctx, in, out);
}

gboolean
kh_compile_trim (KhStepImpl  *impl,
                 KhStep      *step,
                 KhMapping   *mapping,
                 GError     **error)
{
  Trim *trim = g_new0 (Trim, 1);
  const char *side = kh_step_param (step, "side");
  const char *chars = kh_step_param (step, "chars");

  trim->start = g_strcmp0 (side, "end") != 0;
  trim->end = g_strcmp0 (side, "start") != 0;
  trim->white = chars == NULL || chars[0] == '\0';
  char_set_init (&trim->chars, chars);

  impl->data = trim;
  impl->free_data = trim_free;
  impl->eval = trim->white && trim->start && trim->end ? eval_trim_white : eval_trim;
  return TRUE;
}

/* ---- collapse-whitespace ---------------------------------------------- */

#ifdef __SSE2__
/* One vector of collapse_short_ascii(), at byte @at of the text: stored at
 * @copy + @at with its white space made spaces (a byte in '\t'..'\r'
 * plus 0x80 - '\t' is one of the 5 smallest signed bytes), and its white
 * space added to @white (bit i for byte i). */
static inline void
collapse_block (__m128i  v,
                gsize    at,
                char    *copy,
                __m128i *high,
                guint64 *white)
{
  __m128i space = _mm_set1_epi8 (' ');
  __m128i control = _mm_cmpgt_epi8 (_mm_set1_epi8 ((char) (0x80 + 5)),
                                    _mm_add_epi8 (v, _mm_set1_epi8 ((char) (0x80 - '\t'))));

  *high = _mm_or_si128 (*high, v);
  v = _mm_or_si128 (_mm_andnot_si128 (control, v), _mm_and_si128 (control, space));
  _mm_storeu_si128 ((__m128i *) (void *) (copy + at), v);
  *white |= (guint64) (guint) _mm_movemask_epi8 (_mm_cmpeq_epi8 (v, space)) << at;
}

/* collapse-whitespace of ASCII text shorter than 64 bytes, with no loop
 * over the bytes and no call. The text is copied to the arena with its
 * white space made spaces (collapse_block()); the bytes it keeps are the
 * words and the white space right after a word when there is a word
 * after it. Usually they are one run, the words apart by one space
 * already: then the value is that part of the copy. Else copy_runs()
 * copies them after it. Returns FALSE, having allocated nothing, when the
 * text is longer or not all ASCII, or the arena's chunk has no room, for
 * collapse() to do. */
static inline gboolean
collapse_short_ascii (KhEvalContext *ctx,
                      const KhValue *in,
                      KhValue       *out)
{
  const char *s = in->str;
  gsize len = in->len;
  KhArena *arena = ctx->arena;
  __m128i high = _mm_setzero_si128 ();
  guint64 white = 0, words, keep;
  char *copy, *buf, *w;

  if (len >= 64 || G_UNLIKELY ((gsize) (arena->end - arena->pos) < 2 * (len + 16)))
    return FALSE;
  copy = arena_take (arena, len + 16);
  if (len < 16)
    collapse_block (kh_load_upto16 (s, len), 0, copy, &high, &white);
  else
    {
      for (gsize i = 0; i + 16 < len; i += 16)
        collapse_block (_mm_loadu_si128 ((const __m128i *) (const void *) (s + i)), i, copy, &high, &white);
      collapse_block (_mm_loadu_si128 ((const __m128i *) (const void *) (s + len - 16)), len - 16,
                      copy, &high, &white);
    }
  if (_mm_movemask_epi8 (high) != 0)
    {
      kh_arena_shrink (arena, copy, 0);
      return FALSE;
    }

  words = ~white & ((G_GUINT64_CONSTANT (1) << len) - 1);
  if (words == 0)
    {
      kh_arena_shrink (arena, copy, 0);
      set_text (out, s + len, 0);
      return TRUE;
    }
  keep = words | (white & (words << 1) & ((G_GUINT64_CONSTANT (2) << (63 - __builtin_clzll (words))) - 1));

  /* One run: adding its lowest bit leaves none of it */
  if ((keep & (keep + (keep & -keep))) == 0)
    {
      gsize b = (gsize) __builtin_ctzll (keep);
      gsize e = (gsize) (64 - __builtin_clzll (keep));

      copy[e] = '\0';
      kh_arena_shrink (arena, copy, e + 1);
      set_text (out, copy + b, e - b);
      return TRUE;
    }
  w = buf = arena_take (arena, len + 16);
  w = copy_runs (w, copy, keep);
  *w = '\0';
  kh_arena_shrink (arena, buf, (gsize) (w - buf) + 1);
  set_text (out, buf, (gsize) (w - buf));
  return TRUE;
}
#endif

static G_GNUC_NO_INLINE gboolean
collapse (KhEvalContext *ctx,
          const KhValue *in,
          KhValue       *out)
{
  const char *s = in->str;
  const char *end = s + in->len;
  char *buf;
  char *w;
  gboolean pending = FALSE;

  if (kh_is_ascii (s, in->len))
    {
      /* ASCII, the common case. Often the words are apart by one space
       * already, and only the ends have white space: then the value is
       * the text between them. */
      const char *p = s;
      const char *b = s, *e = end;

      while (b < e && ascii_white ((guchar) *b))
        b++;
      while (e > b && ascii_white ((guchar) e[-1]))
        e--;
      for (p = b; p < e; p++)
        if (G_UNLIKELY ((guchar) *p <= ' ') && ascii_white ((guchar) *p) &&
            (*p != ' ' || ascii_white ((guchar) p[1])))
          break;
      if (p == e)
        {
          set_substring (ctx, out, in, (gsize) (b - s), (gsize) (e - b));
          return TRUE;
        }

      /* Else a run at a time: skip white space, then copy the word after
       * it, with one space before every word but the first; the same
       * result as the loop below, with fewer tests per byte. */
      p = b;
      w = buf = kh_arena_alloc (ctx->arena, in->len + 1);
      for (;;)
        {
          while (p < end && ascii_white ((guchar) *p))
            p++;
          if (p == end)
            break;
          if (w != buf)
            *w++ = ' ';
          while (p < end && !ascii_white ((guchar) *p))
            *w++ = *p++;
        }
      *w = '\0';
      kh_arena_shrink (ctx->arena, buf, (gsize) (w - buf) + 1);
      set_text (out, buf, (gsize) (w - buf));
      return TRUE;
    }
  if (!kh_step_require_utf8 (ctx, in))
    return FALSE;

  w = buf = kh_arena_alloc (ctx->arena, in->len + 1);
  for (const char *p = s; p < end; )
    {
      guchar c = (guchar) *p;

      if (c < 0x80)
        {
          if (ascii_white (c))
            pending = w != buf;
          else
            {
              if (pending)
                *w++ = ' ';
              pending = FALSE;
              *w++ = (char) c;
            }
          p++;
        }
      else
        {
          const char *next = g_utf8_next_char (p);

          if (is_white (g_utf8_get_char (p)))
            pending = w != buf;
          else
            {
              if (pending)
                *w++ = ' ';
              pending = FALSE;
              memcpy (w, p, (gsize) (next - p));
              w += next - p;
            }
          p = next;
        }
    }
  *w = '\0';
  kh_arena_shrink (ctx->arena, buf, (gsize) (w - buf) + 1);

  set_text (out, buf, (gsize) (w - buf));
  return TRUE;
}

static gboolean
eval_collapse (const KhStepImpl *step,
               KhEvalContext    *ctx,
               const KhValue    *in,
               guint             n_in,
               KhValue          *out)
{
#ifdef __SSE2__
  if (G_LIKELY (collapse_short_ascii (ctx, in, out)))
    return TRUE;
#endif
  return collapse (ctx, in, out);
}

gboolean
kh_compile_collapse_whitespace (KhStepImpl  *impl,
                                KhStep      *step,
                                KhMapping   *mapping,
                                GError     **error)
{
  impl->eval = eval_collapse;
  return TRUE;
}

/* ---- upper-case, lower-case, title-case ------------------------------- */

/* Characters without case (CJK, kana, hangul …): copied as they are,
 * without asking GLib. */
static gboolean
caseless (gunichar c)
{
  return (c >= 0x3000 && c < 0xA640) || (c >= 0xAC00 && c < 0xD800) ||
         (c >= 0xF900 && c < 0xFB00) || (c >= 0xFF61 && c < 0xFFF0) || c >= 0x20000;
}

/* Upper- or lower-cases a value: ASCII by table (so the result does not
 * depend on the locale, as GLib's Turkish rules would make it), other
 * letters with GLib's full case mapping (ß → SS). */
static G_GNUC_NO_INLINE gboolean
change_case (KhEvalContext *ctx,
             const KhValue *in,
             KhValue       *out,
             gboolean       upper)
{
  const char *s = in->str;
  gsize len = in->len;
  guchar from = upper ? 'a' : 'A';
  gsize i;
  GString *slow;
  char *buf;

  /* ASCII by arithmetic (so the result does not depend on the locale, as
   * GLib's Turkish rules would make it); the input itself when nothing
   * changes. */
  for (i = 0; i < len; i++)
    {
      guchar c = (guchar) s[i];

      if (c >= 0x80 || (guchar) (c - from) < 26)
        break;
    }
  if (i == len)
    {
      set_text (out, s, len);
      return TRUE;
    }

  if (kh_is_ascii (s + i, len - i))
    {
      /* Eight bytes at a time: every byte in [from, from + 26) flips
       * its 0x20 bit. All bytes are ASCII here, so no carry crosses a
       * byte. */
      const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
      const guint64 high = G_GUINT64_CONSTANT (0x8080808080808080);
      const guint64 ge = ones * (guint64) (0x80 - from);
      const guint64 gt = ones * (guint64) (0x80 - from - 26);

      buf = kh_arena_alloc (ctx->arena, len + 1);
      memcpy (buf, s, i);
      for (; i + 8 <= len; i += 8)
        {
          guint64 w, mask;

          memcpy (&w, s + i, 8);
          mask = (((w + ge) & ~(w + gt)) & high) >> 2;
          w ^= mask;
          memcpy (buf + i, &w, 8);
        }
      for (; i < len; i++)
        {
          guchar c = (guchar) s[i];

          buf[i] = (char) (c ^ (((guchar) (c - from) < 26) << 5));
        }
      buf[len] = '\0';
      set_text (out, buf, len);
      return TRUE;
    }

  /* Mixed text: runs of ASCII as above, runs of other characters by
   * GLib's full case mapping (ß → SS). */
  if (!kh_step_require_utf8 (ctx, in))
    return FALSE;
  slow = g_string_sized_new (len + 8);
  for (const char *p = s, *end = s + len; p < end; )
    {
      if ((guchar) *p < 0x80)
        {
          guchar c = (guchar) *p++;

          g_string_append_c (slow, (char) ((guchar) (c - from) < 26 ? c ^ 0x20 : c));
        }
      else
        {
          const char *run = p;
          gboolean all_caseless = TRUE;

          while (p < end && (guchar) *p >= 0x80)
            {
              all_caseless = all_caseless && caseless (g_utf8_get_char (p));
              p = g_utf8_next_char (p);
            }
          if (all_caseless)
            g_string_append_len (slow, run, p - run);
          else
            {
              g_autofree char *mapped = upper ? g_utf8_strup (run, p - run) : g_utf8_strdown (run, p - run);

              g_string_append (slow, mapped);
            }
        }
    }
  set_copy (ctx, out, slow->str, slow->len);
  g_string_free (slow, TRUE);
  return TRUE;
}

#ifdef __SSE2__
/* One vector of change_case_ascii(): the bytes that are letters of the
 * case to change (plus 0x80 - from, one of the 26 smallest signed bytes)
 * flip their 0x20 bit. */
static inline __m128i
case_block (__m128i  v,
            guchar   from,
            __m128i *high,
            __m128i *letters)
{
  __m128i letter = _mm_cmpgt_epi8 (_mm_set1_epi8 ((char) (0x80 + 26)),
                                   _mm_add_epi8 (v, _mm_set1_epi8 ((char) (0x80 - from))));

  *high = _mm_or_si128 (*high, v);
  *letters = _mm_or_si128 (*letters, letter);
  return _mm_xor_si128 (v, _mm_and_si128 (letter, _mm_set1_epi8 (0x20)));
}

/* change_case() of ASCII text, 16 bytes at a time straight into the arena
 * with no call; a text shorter than 16 bytes in one vector, whose zeros
 * after the text end it. The input itself when nothing changes. Returns
 * FALSE, having allocated nothing, when the text is not all ASCII or the
 * arena's chunk has no room, for change_case() to do. */
G_ALWAYS_INLINE static inline gboolean
change_case_ascii (KhEvalContext *ctx,
                   const KhValue *in,
                   KhValue       *out,
                   guchar         from)
{
  const char *s = in->str;
  gsize len = in->len;
  KhArena *arena = ctx->arena;
  __m128i high = _mm_setzero_si128 ();
  __m128i letters = _mm_setzero_si128 ();
  char *buf;

  if (G_UNLIKELY ((gsize) (arena->end - arena->pos) < len + 16))
    return FALSE;
  buf = arena_take (arena, len + 16);
  if (len < 16)
    _mm_storeu_si128 ((__m128i *) (void *) buf, case_block (kh_load_upto16 (s, len), from, &high, &letters));
  else
    {
      for (gsize i = 0; i + 16 < len; i += 16)
        _mm_storeu_si128 ((__m128i *) (void *) (buf + i),
                          case_block (_mm_loadu_si128 ((const __m128i *) (const void *) (s + i)),
                                      from, &high, &letters));
      _mm_storeu_si128 ((__m128i *) (void *) (buf + len - 16),
                        case_block (_mm_loadu_si128 ((const __m128i *) (const void *) (s + len - 16)),
                                    from, &high, &letters));
      buf[len] = '\0';
    }

  if (_mm_movemask_epi8 (high) != 0)
    {
      kh_arena_shrink (arena, buf, 0);
      return FALSE;
    }
  if (_mm_movemask_epi8 (letters) == 0)
    {
      kh_arena_shrink (arena, buf, 0);
      set_text (out, s, len);
      return TRUE;
    }
  kh_arena_shrink (arena, buf, len + 1);
  set_text (out, buf, len);
  return TRUE;
}
#endif

static gboolean
eval_upper (const KhStepImpl *step,
            KhEvalContext    *ctx,
            const KhValue    *in,
            guint             n_in,
            KhValue          *out)
{
#ifdef __SSE2__
  if (G_LIKELY (change_case_ascii (ctx, in, out, 'a')))
    return TRUE;
#endif
  return change_case (ctx, in, out, TRUE);
}

static gboolean
eval_lower (const KhStepImpl *step,
            KhEvalContext    *ctx,
            const KhValue    *in,
            guint             n_in,
            KhValue          *out)
{
#ifdef __SSE2__
  if (G_LIKELY (change_case_ascii (ctx, in, out, 'A')))
    return TRUE;
#endif
  return change_case (ctx, in, out, FALSE);
}

gboolean
kh_compile_upper_case (KhStepImpl  *impl,
                       KhStep      *step,
                       KhMapping   *mapping,
                       GError     **error)
{
  impl->eval = eval_upper;
  return TRUE;
}

gboolean
kh_compile_lower_case (KhStepImpl  *impl,
                       KhStep      *step,
                       KhMapping   *mapping,
                       GError     **error)
{
  impl->eval = eval_lower;
  return TRUE;
}

/* Letters, digits, marks and apostrophes continue a word. */
static gboolean
word_char (gunichar c)
{
  return g_unichar_isalnum (c) || g_unichar_ismark (c) || c == '\'' || c == 0x2019;
}

static gboolean
eval_title (const KhStepImpl *step,
            KhEvalContext    *ctx,
            const KhValue    *in,
            guint             n_in,
            KhValue          *out)
{
  const char *end = in->str + in->len;
  char *buf, *w;
  gsize room = in->len * 2 + 8;
  gboolean in_word = FALSE;

  if (!kh_is_ascii (in->str, in->len) && !kh_step_require_utf8 (ctx, in))
    return FALSE;

  w = buf = kh_arena_alloc (ctx->arena, room);
  for (const char *p = in->str; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gunichar m = in_word ? g_unichar_tolower (c) : g_unichar_totitle (c);

      if ((gsize) (w - buf) + 6 >= room)
        {
          /* Case mapping changed the byte length a lot: start over in a bigger buffer. */
          char *bigger = kh_arena_alloc (ctx->arena, room * 2);

          memcpy (bigger, buf, (gsize) (w - buf));
          w = bigger + (w - buf);
          buf = bigger;
          room *= 2;
        }
      w += g_unichar_to_utf8 (m, w);
      in_word = word_char (c);
    }
  *w = '\0';

  set_text (out, buf, (gsize) (w - buf));
  return TRUE;
}

gboolean
kh_compile_title_case (KhStepImpl  *impl,
                       KhStep      *step,
                       KhMapping   *mapping,
                       GError     **error)
{
  impl->eval = eval_title;
  return TRUE;
}

/* ---- pad-zeros, strip-zeros ------------------------------------------- */

typedef struct
{
  int      width;       /* pad: the width; strip: the digits to keep */
  gboolean error;       /* non-numeric values are errors */
} Zeros;

/* Whether the eight bytes of @w are all ASCII digits: a byte b < 0x80 is
 * a digit when b + 0x50 reaches 0x80 (b >= '0') and b + 0x46 does not
 * (b <= '9'). A byte >= 0x80 makes the word fail by itself (the carries
 * it may cause do not matter then); below 0x80 no sum carries into the
 * next byte. */
static inline gboolean
digit_word (guint64 w)
{
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);

  return ((w | (w + ones * 0x46) | ~(w + ones * 0x50)) & (ones * 0x80)) == 0;
}

static inline gboolean
all_digits (const KhValue *in)
{
  const char *s = in->str;
  gsize len = in->len;
  guint64 w;

  /* Eight bytes at a time, the last eight overlapping the ones before
   * (the common case being a code of ten digits or so); a shorter text in
   * one word, filled up with '0' */
  if (len >= 8)
    {
      for (gsize i = 0; i + 8 < len; i += 8)
        {
          memcpy (&w, s + i, 8);
          if (!digit_word (w))
            return FALSE;
        }
      memcpy (&w, s + len - 8, 8);
      return digit_word (w);
    }
  return len > 0 && digit_word (kh_load_le_upto8 (s, len) |
                                G_GUINT64_CONSTANT (0x3030303030303030) << (8 * len));
}

/* How many '0' a text of @len > 0 digits starts with: the first byte of a
 * word that is not '0' is its lowest that is not 0 once every byte is
 * XORed with '0'. The bytes after the text in the last word are zeros,
 * which XORed with '0' are not. */
static inline gsize
leading_zeros (const char *s,
               gsize       len)
{
  const guint64 zeros = G_GUINT64_CONSTANT (0x3030303030303030);
  gsize i = 0;
  guint64 w;

  for (; i + 8 <= len; i += 8)
    {
      memcpy (&w, s + i, 8);
      w = GUINT64_FROM_LE (w) ^ zeros;
      if (w != 0)
        return i + (gsize) __builtin_ctzll (w) / 8;
    }
  if (i == len)
    return len;
  w = kh_load_le_upto8 (s + i, len - i) ^ zeros;
  return i + (gsize) __builtin_ctzll (w) / 8;
}

#ifdef __SSE2__
/* all_digits() and leading_zeros() of a text of up to 16 bytes, the usual
 * code, in one vector with no loop: a digit plus 0x80 - '0' is one of the
 * ten smallest signed bytes, and the zeros after the text are not '0'. */
static inline gboolean
short_digits (const KhValue *in,
              gsize         *zeros)
{
  __m128i v = in->len == 16 ? _mm_loadu_si128 ((const __m128i *) (const void *) in->str)
                            : kh_load_upto16 (in->str, in->len);
  guint digits = (guint) _mm_movemask_epi8 (_mm_cmpgt_epi8 (_mm_set1_epi8 ((char) (0x80 + 10)),
                                                            _mm_add_epi8 (v, _mm_set1_epi8 ((char) (0x80 - '0')))));

  if (in->len == 0 || digits != (1u << in->len) - 1)
    return FALSE;
  *zeros = (gsize) __builtin_ctz (~(guint) _mm_movemask_epi8 (_mm_cmpeq_epi8 (v, _mm_set1_epi8 ('0'))));
  return TRUE;
}
#endif

/* What pad-zeros and strip-zeros do with a value that is not all digits:
 * apart, so that the steps' common path calls nothing and needs no
 * registers saved */
static G_GNUC_NO_INLINE gboolean
not_digits (const Zeros   *zeros,
            KhEvalContext *ctx,
            const KhValue *in,
            KhValue       *out)
{
  if (zeros->error)
    return kh_step_fail (ctx, _("“%s” is not all digits"), kh_shown_value (ctx, in));
  set_text (out, in->str, in->len);
  return TRUE;
}

static gboolean
eval_pad_zeros (const KhStepImpl *step,
                KhEvalContext    *ctx,
                const KhValue    *in,
                guint             n_in,
                KhValue          *out)
{
  const Zeros *zeros = step->data;
  gsize width = (gsize) zeros->width;
  char *buf;

  if (!all_digits (in))
    return not_digits (zeros, ctx, in, out);
  if (in->len > width)
    return kh_step_fail (ctx, _("“%s” is longer than %d digits"), kh_shown_value (ctx, in), zeros->width);
  if (in->len == width)
    {
      set_text (out, in->str, in->len);
      return TRUE;
    }

  buf = kh_arena_alloc (ctx->arena, width + 1);
  memset (buf, '0', width - in->len);
  memcpy (buf + width - in->len, in->str, in->len + 1);
  set_text (out, buf, width);
  return TRUE;
}

/* A value of digits that starts with @n_zeros '0' without them, but for
 * the last @keep digits */
static inline gboolean
strip_zeros (const Zeros   *zeros,
             const KhValue *in,
             gsize          n_zeros,
             KhValue       *out)
{
  gsize keep = (gsize) zeros->width;
  gsize b = in->len > keep ? MIN (n_zeros, in->len - keep) : 0;

  set_text (out, in->str + b, in->len - b);
  return TRUE;
}

static G_GNUC_NO_INLINE gboolean
strip_zeros_general (const Zeros   *zeros,
                     KhEvalContext *ctx,
                     const KhValue *in,
                     KhValue       *out)
{
  if (!all_digits (in))
    return not_digits (zeros, ctx, in, out);
  return strip_zeros (zeros, in, leading_zeros (in->str, in->len), out);
}

/* The general path is a function of its own: a call to it in the common
 * one would have that save registers for every value */
static gboolean
eval_strip_zeros (const KhStepImpl *step,
                  KhEvalContext    *ctx,
                  const KhValue    *in,
                  guint             n_in,
                  KhValue          *out)
{
#ifdef __SSE2__
  gsize n_zeros;

  if (in->len <= 16)
    return short_digits (in, &n_zeros) ? strip_zeros (step->data, in, n_zeros, out)
                                       : not_digits (step->data, ctx, in, out);
#endif
  return strip_zeros_general (step->data, ctx, in, out);
}

static gboolean
compile_zeros (KhStepImpl     *impl,
               KhStep         *step,
               const char     *width_param,
               KhStepEvalFunc  eval)
{
  Zeros *zeros = g_new0 (Zeros, 1);

  zeros->width = (int) kh_step_param_int (step, width_param, 1);
  zeros->error = g_strcmp0 (kh_step_param (step, "non-numeric"), "error") == 0;
  impl->data = zeros;
  impl->free_data = g_free;
  impl->eval = eval;
  return TRUE;
}

gboolean
kh_compile_pad_zeros (KhStepImpl  *impl,
                      KhStep      *step,
                      KhMapping   *mapping,
                      GError     **error)
{
  return compile_zeros (impl, step, "width", eval_pad_zeros);
}

gboolean
kh_compile_strip_zeros (KhStepImpl  *impl,
                        KhStep      *step,
                        KhMapping   *mapping,
                        GError     **error)
{
  return compile_zeros (impl, step, "keep", eval_strip_zeros);
}

/* ---- substring -------------------------------------------------------- */

typedef struct
{
  gint64 start;     /* 1-based; negative counts from the end (-1 is the last character) */
  gint64 length;    /* -1: to the end */
} Substring;

static gboolean
eval_substring (const KhStepImpl *step,
                KhEvalContext    *ctx,
                const KhValue    *in,
                guint             n_in,
                KhValue          *out)
{
  const Substring *sub = step->data;
  gboolean ascii = kh_is_ascii (in->str, in->len);
  gint64 n_chars;
  gint64 first, count;
  gsize b, e;

  if (!ascii && !kh_step_require_utf8 (ctx, in))
    return FALSE;
  n_chars = ascii ? (gint64) in->len : g_utf8_strlen (in->str, (gssize) in->len);

  first = sub->start > 0 ? sub->start - 1 : n_chars + sub->start;
  if (first < 0)
    first = 0;
  if (first > n_chars)
    first = n_chars;
  count = sub->length < 0 ? n_chars - first : MIN (sub->length, n_chars - first);

  if (ascii)
    {
      b = (gsize) first;
      e = (gsize) (first + count);
    }
  else
    {
      const char *pb = g_utf8_offset_to_pointer (in->str, (glong) first);
      const char *pe = g_utf8_offset_to_pointer (pb, (glong) count);

      b = (gsize) (pb - in->str);
      e = (gsize) (pe - in->str);
    }

  set_substring (ctx, out, in, b, e - b);
  return TRUE;
}

gboolean
kh_compile_substring (KhStepImpl  *impl,
                      KhStep      *step,
                      KhMapping   *mapping,
                      GError     **error)
{
  Substring *sub;
  gint64 start = kh_step_param_int (step, "start", 1);

  if (start == 0)
    {
      g_set_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM,
                   _("Parameter “start” of step “substring” counts from 1 (or from -1 at the end), so it cannot be 0"));
      return FALSE;
    }

  sub = g_new0 (Substring, 1);
  sub->start = start;
  sub->length = kh_step_param_int (step, "length", -1);
  impl->data = sub;
  impl->free_data = g_free;
  impl->eval = eval_substring;
  return TRUE;
}

/* ---- replace ---------------------------------------------------------- */

typedef struct
{
  char     *find;
  gsize     find_len;
  char     *with;
  gsize     with_len;
  gboolean  all;
} Replace;

static void
replace_free (gpointer data)
{
  Replace *replace = data;

  g_free (replace->find);
  g_free (replace->with);
  g_free (replace);
}

static const char *
find_bytes (const char *hay,
            gsize       hay_len,
            const char *needle,
            gsize       needle_len)
{
  const char *end;

  if (needle_len > hay_len)
    return NULL;
  end = hay + hay_len - needle_len;
  for (const char *p = hay; p <= end; p++)
    {
      p = memchr (p, needle[0], (gsize) (end - p) + 1);
      if (p == NULL)
        return NULL;
      if (memcmp (p, needle, needle_len) == 0)
        return p;
    }
  return NULL;
}

static gboolean
eval_replace (const KhStepImpl *step,
              KhEvalContext    *ctx,
              const KhValue    *in,
              guint             n_in,
              KhValue          *out)
{
  const Replace *replace = step->data;
  const char *s = in->str;
  const char *end = s + in->len;
  const char *hit;
  gsize count = 0;
  char *buf, *w;

  for (const char *p = s; (hit = find_bytes (p, (gsize) (end - p), replace->find, replace->find_len)) != NULL; )
    {
      count++;
      p = hit + replace->find_len;
      if (!replace->all)
        break;
    }
  if (count == 0)
    {
      set_text (out, in->str, in->len);
      return TRUE;
    }

  w = buf = kh_arena_alloc (ctx->arena, in->len + count * replace->with_len + 1);
  for (const char *p = s; ; )
    {
      hit = count > 0 ? find_bytes (p, (gsize) (end - p), replace->find, replace->find_len) : NULL;
      if (hit == NULL)
        {
          memcpy (w, p, (gsize) (end - p));
          w += end - p;
          break;
        }
      memcpy (w, p, (gsize) (hit - p));
      w += hit - p;
      memcpy (w, replace->with, replace->with_len);
      w += replace->with_len;
      p = hit + replace->find_len;
      count--;
    }
  *w = '\0';

  set_text (out, buf, (gsize) (w - buf));
  return TRUE;
}

gboolean
kh_compile_replace (KhStepImpl  *impl,
                    KhStep      *step,
                    KhMapping   *mapping,
                    GError     **error)
{
  Replace *replace;
  const char *find = kh_step_param (step, "find");

  if (find == NULL || find[0] == '\0')
    {
      g_set_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM,
                   _("Parameter “find” of step “replace” must not be empty"));
      return FALSE;
    }

  replace = g_new0 (Replace, 1);
  replace->find = g_strdup (find);
  replace->find_len = strlen (find);
  replace->with = g_strdup (kh_step_param (step, "with"));
  replace->with_len = strlen (replace->with);
  replace->all = kh_step_param_bool (step, "all");
  impl->data = replace;
  impl->free_data = replace_free;
  impl->eval = eval_replace;
  return TRUE;
}

/* ---- regex-replace ---------------------------------------------------- */

typedef struct
{
  GRegex   *regex;
  char     *with;
  gboolean  all;
} RegexReplace;

static void
regex_replace_free (gpointer data)
{
  RegexReplace *rr = data;

  g_clear_pointer (&rr->regex, g_regex_unref);
  g_free (rr->with);
  g_free (rr);
}

static gboolean
expand_cb (const GMatchInfo *info,
           GString          *result,
           gpointer          user_data)
{
  const RegexReplace *rr = user_data;
  g_autofree char *expanded = g_match_info_expand_references (info, rr->with, NULL);

  if (expanded != NULL)
    g_string_append (result, expanded);
  return !rr->all;   /* TRUE stops after the first match */
}

static gboolean
eval_regex_replace (const KhStepImpl *step,
                    KhEvalContext    *ctx,
                    const KhValue    *in,
                    guint             n_in,
                    KhValue          *out)
{
  const RegexReplace *rr = step->data;
  g_autoptr(GError) error = NULL;
  g_autofree char *result = NULL;

  result = g_regex_replace_eval (rr->regex, in->str, (gssize) in->len, 0, 0,
                                 expand_cb, (gpointer) rr, &error);
  if (result == NULL)
    return kh_step_fail (ctx, _("The pattern could not be applied to “%s”: %s"),
                         kh_shown_value (ctx, in), error->message);

  set_copy (ctx, out, result, strlen (result));
  return TRUE;
}

/* The highest \N a replacement refers to. */
static int
max_reference (const char *with)
{
  int max = 0;

  for (const char *p = with; *p != '\0'; p++)
    if (*p == '\\' && p[1] != '\0')
      {
        if (g_ascii_isdigit (p[1]))
          max = MAX (max, p[1] - '0');
        p++;
      }
  return max;
}

/* Compiles a regular expression parameter. */
static GRegex *
compile_regex (KhStep      *step,
               const char  *pattern,
               gboolean     whole,
               GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *anchored = NULL;
  GRegex *regex;

  if (whole)
    anchored = g_strdup_printf ("\\A(?:%s)\\z", pattern);

  regex = g_regex_new (whole ? anchored : pattern, G_REGEX_OPTIMIZE, 0, &local_error);
  if (regex == NULL)
    {
      g_set_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM,
                   _("Parameter “pattern” of step “%s”: “%s” is not a valid regular expression: %s"),
                   kh_step_get_id (step), pattern, local_error->message);
      return NULL;
    }
  return regex;
}

gboolean
kh_compile_regex_replace (KhStepImpl  *impl,
                          KhStep      *step,
                          KhMapping   *mapping,
                          GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  RegexReplace *rr;
  GRegex *regex;
  const char *with = kh_step_param (step, "with");
  int refs;

  regex = compile_regex (step, kh_step_param (step, "pattern"), FALSE, error);
  if (regex == NULL)
    return FALSE;

  if (!g_regex_check_replacement (with, NULL, &local_error))
    {
      g_set_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM,
                   _("Parameter “with” of step “regex-replace”: “%s” is not a valid replacement: %s"),
                   with, local_error->message);
      g_regex_unref (regex);
      return FALSE;
    }
  refs = max_reference (with);
  if (refs > g_regex_get_capture_count (regex))
    {
      g_set_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM,
                   _("Parameter “with” of step “regex-replace” refers to group %d, but the pattern has only %d"),
                   refs, g_regex_get_capture_count (regex));
      g_regex_unref (regex);
      return FALSE;
    }

  rr = g_new0 (RegexReplace, 1);
  rr->regex = regex;
  rr->with = g_strdup (with);
  rr->all = kh_step_param_bool (step, "all");
  impl->data = rr;
  impl->free_data = regex_replace_free;
  impl->eval = eval_regex_replace;
  return TRUE;
}

/* ---- keep-chars ------------------------------------------------------- */

typedef enum
{
  CLASS_DIGITS,
  CLASS_LETTERS,
  CLASS_ALNUM,
  CLASS_ASCII,
  CLASS_NONE,
} CharClass;

typedef struct
{
  CharClass  cls;
  CharSet    extra;
  guint8     keep_ascii[128];   /* class and extra together: 1 or 0 */
} KeepChars;

static void
keep_chars_free (gpointer data)
{
  KeepChars *kc = data;

  char_set_clear (&kc->extra);
  g_free (kc);
}

static gboolean
keeps (const KeepChars *kc,
       gunichar         c)
{
  if (c < 128)
    return kc->keep_ascii[c];
  if (char_set_contains (&kc->extra, c))
    return TRUE;
  switch (kc->cls)
    {
    case CLASS_LETTERS:
    case CLASS_ALNUM:
      return g_unichar_isalpha (c);
    case CLASS_DIGITS:
    case CLASS_ASCII:
    case CLASS_NONE:
    default:
      return FALSE;
    }
}

/* keep-chars of ASCII text, the common case, with no call and without a
 * branch per byte: every byte is stored, and kept (w moves past it) when
 * the table says so, four bytes a turn; the same result as keep_chars().
 * Returns FALSE, having allocated nothing, when the text is not all ASCII
 * or the arena's chunk has no room, for keep_chars() to do. */
static inline gboolean
keep_chars_ascii (const KeepChars *kc,
                  KhEvalContext   *ctx,
                  const KhValue   *in,
                  KhValue         *out)
{
  const guchar *s = (const guchar *) in->str;
  gsize len = in->len, i = 0;
  KhArena *arena = ctx->arena;
  char *buf, *w;

  if (!kh_is_ascii (in->str, len) || G_UNLIKELY ((gsize) (arena->end - arena->pos) < len + 1))
    return FALSE;
  w = buf = arena_take (arena, len + 1);
  /* The bytes are read before any is stored: a store through w could
   * change them, as far as the compiler knows */
  for (; i + 4 <= len; i += 4)
    {
      guchar c0 = s[i], c1 = s[i + 1], c2 = s[i + 2], c3 = s[i + 3];

      *w = (char) c0;
      w += kc->keep_ascii[c0];
      *w = (char) c1;
      w += kc->keep_ascii[c1];
      *w = (char) c2;
      w += kc->keep_ascii[c2];
      *w = (char) c3;
      w += kc->keep_ascii[c3];
    }
  for (; i < len; i++)
    {
      guchar c = s[i];

      *w = (char) c;
      w += kc->keep_ascii[c];
    }
  *w = '\0';
  kh_arena_shrink (arena, buf, (gsize) (w - buf) + 1);
  set_text (out, buf, (gsize) (w - buf));
  return TRUE;
}

static G_GNUC_NO_INLINE gboolean
keep_chars (const KeepChars *kc,
            KhEvalContext   *ctx,
            const KhValue   *in,
            KhValue         *out)
{
  const char *end = in->str + in->len;
  char *buf, *w;

  if (!kh_step_require_utf8 (ctx, in))
    return FALSE;

  w = buf = kh_arena_alloc (ctx->arena, in->len + 1);

  for (const char *p = in->str; p < end; )
    {
      guchar c = (guchar) *p;

      if (c < 0x80)
        {
          if (kc->keep_ascii[c])
            *w++ = (char) c;
          p++;
        }
      else
        {
          const char *next = g_utf8_next_char (p);

          if (keeps (kc, g_utf8_get_char (p)))
            {
              memcpy (w, p, (gsize) (next - p));
              w += next - p;
            }
          p = next;
        }
    }
  *w = '\0';
  kh_arena_shrink (ctx->arena, buf, (gsize) (w - buf) + 1);

  set_text (out, buf, (gsize) (w - buf));
  return TRUE;
}

static gboolean
eval_keep_chars (const KhStepImpl *step,
                 KhEvalContext    *ctx,
                 const KhValue    *in,
                 guint             n_in,
                 KhValue          *out)
{
  if (G_LIKELY (keep_chars_ascii (step->data, ctx, in, out)))
    return TRUE;
  return keep_chars (step->data, ctx, in, out);
}

gboolean
kh_compile_keep_chars (KhStepImpl  *impl,
                       KhStep      *step,
                       KhMapping   *mapping,
                       GError     **error)
{
  static const char * const classes[] = { "digits", "letters", "alphanumeric", "ascii", "none" };
  KeepChars *kc = g_new0 (KeepChars, 1);
  const char *cls = kh_step_param (step, "class");

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    if (g_strcmp0 (cls, classes[i]) == 0)
      kc->cls = (CharClass) i;
  char_set_init (&kc->extra, kh_step_param (step, "extra"));

  for (guint c = 0; c < 128; c++)
    {
      gboolean keep = kc->extra.ascii[c];

      switch (kc->cls)
        {
        case CLASS_DIGITS:
          keep = keep || g_ascii_isdigit (c);
          break;
        case CLASS_LETTERS:
          keep = keep || g_ascii_isalpha (c);
          break;
        case CLASS_ALNUM:
          keep = keep || g_ascii_isalnum (c);
          break;
        case CLASS_ASCII:
          keep = keep || (c >= 0x20 && c < 0x7F);
          break;
        case CLASS_NONE:
        default:
          break;
        }
      kc->keep_ascii[c] = keep ? 1 : 0;
    }

  impl->data = kc;
  impl->free_data = keep_chars_free;
  impl->eval = eval_keep_chars;
  return TRUE;
}

/* ---- split ------------------------------------------------------------ */

typedef enum
{
  MISSING_ERROR,
  MISSING_NULL,
  MISSING_EMPTY,
} MissingPart;

typedef struct
{
  char        *separator;
  gsize        sep_len;
  gint64       part;      /* 1-based; negative from the end */
  MissingPart  missing;
} Split;

static void
split_free (gpointer data)
{
  Split *split = data;

  g_free (split->separator);
  g_free (split);
}

static gboolean
eval_split (const KhStepImpl *step,
            KhEvalContext    *ctx,
            const KhValue    *in,
            guint             n_in,
            KhValue          *out)
{
  const Split *split = step->data;
  const char *s = in->str;
  const char *end = s + in->len;
  gint64 n_parts = 1;
  gint64 want;
  const char *p, *hit;

  for (p = s; (hit = find_bytes (p, (gsize) (end - p), split->separator, split->sep_len)) != NULL; )
    {
      n_parts++;
      p = hit + split->sep_len;
    }

  want = split->part > 0 ? split->part : n_parts + split->part + 1;
  if (want < 1 || want > n_parts)
    {
      switch (split->missing)
        {
        case MISSING_NULL:
          kh_value_set_null (out);
          return TRUE;
        case MISSING_EMPTY:
          set_text (out, "", 0);
          return TRUE;
        case MISSING_ERROR:
        default:
          return kh_step_fail (ctx,
                               ngettext ("“%s” has %d part; part %d was asked for",
                                         "“%s” has %d parts; part %d was asked for",
                                         (gulong) n_parts),
                               kh_shown_value (ctx, in), (int) n_parts, (int) split->part);
        }
    }

  p = s;
  for (gint64 i = 1; i < want; i++)
    p = find_bytes (p, (gsize) (end - p), split->separator, split->sep_len) + split->sep_len;
  hit = find_bytes (p, (gsize) (end - p), split->separator, split->sep_len);
  if (hit == NULL)
    hit = end;

  set_substring (ctx, out, in, (gsize) (p - s), (gsize) (hit - p));
  return TRUE;
}

gboolean
kh_compile_split (KhStepImpl  *impl,
                  KhStep      *step,
                  KhMapping   *mapping,
                  GError     **error)
{
  Split *split;
  const char *separator = kh_step_param (step, "separator");
  const char *missing = kh_step_param (step, "missing");
  gint64 part = kh_step_param_int (step, "part", 1);

  if (separator == NULL || separator[0] == '\0')
    {
      g_set_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM,
                   _("Parameter “separator” of step “split” must not be empty"));
      return FALSE;
    }
  if (part == 0)
    {
      g_set_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM,
                   _("Parameter “part” of step “split” counts from 1 (or from -1 at the end), so it cannot be 0"));
      return FALSE;
    }

  split = g_new0 (Split, 1);
  split->separator = g_strdup (separator);
  split->sep_len = strlen (separator);
  split->part = part;
  split->missing = g_strcmp0 (missing, "null") == 0 ? MISSING_NULL :
                   g_strcmp0 (missing, "empty") == 0 ? MISSING_EMPTY : MISSING_ERROR;
  impl->data = split;
  impl->free_data = split_free;
  impl->eval = eval_split;
  return TRUE;
}

/* ---- concat, coalesce ------------------------------------------------- */

typedef struct
{
  char     *separator;
  gsize     sep_len;
  gboolean  skip_empty;
} Concat;

static void
concat_free (gpointer data)
{
  Concat *concat = data;

  g_free (concat->separator);
  g_free (concat);
}

static gboolean
eval_concat (const KhStepImpl *step,
             KhEvalContext    *ctx,
             const KhValue    *in,
             guint             n_in,
             KhValue          *out)
{
  const Concat *concat = step->data;
  gsize total = 0;
  gboolean first = TRUE;
  char *buf, *w;

  for (guint i = 0; i < n_in; i++)
    total += in[i].len + concat->sep_len;

  w = buf = kh_arena_alloc (ctx->arena, total + 1);
  for (guint i = 0; i < n_in; i++)
    {
      if (concat->skip_empty && kh_value_is_missing (&in[i]))
        continue;
      if (!first)
        {
          memcpy (w, concat->separator, concat->sep_len);
          w += concat->sep_len;
        }
      if (in[i].len > 0)
        memcpy (w, in[i].str, in[i].len);
      w += in[i].len;
      first = FALSE;
    }
  *w = '\0';

  set_text (out, buf, (gsize) (w - buf));
  return TRUE;
}

gboolean
kh_compile_concat (KhStepImpl  *impl,
                   KhStep      *step,
                   KhMapping   *mapping,
                   GError     **error)
{
  Concat *concat = g_new0 (Concat, 1);

  concat->separator = g_strdup (kh_step_param (step, "separator"));
  concat->sep_len = strlen (concat->separator);
  concat->skip_empty = kh_step_param_bool (step, "skip-empty");
  impl->data = concat;
  impl->free_data = concat_free;
  impl->eval = eval_concat;
  return TRUE;
}

static gboolean
eval_coalesce (const KhStepImpl *step,
               KhEvalContext    *ctx,
               const KhValue    *in,
               guint             n_in,
               KhValue          *out)
{
  for (guint i = 0; i < n_in; i++)
    if (!kh_value_is_missing (&in[i]))
      {
        *out = in[i];
        return TRUE;
      }

  kh_value_set_null (out);
  return TRUE;
}

gboolean
kh_compile_coalesce (KhStepImpl  *impl,
                     KhStep      *step,
                     KhMapping   *mapping,
                     GError     **error)
{
  impl->eval = eval_coalesce;
  return TRUE;
}

/* ---- nfkc ------------------------------------------------------------- */

static gboolean
eval_nfkc (const KhStepImpl *step,
           KhEvalContext    *ctx,
           const KhValue    *in,
           guint             n_in,
           KhValue          *out)
{
  g_autofree char *normal = NULL;

  /* ASCII is its own NFKC form. */
  if (kh_is_ascii (in->str, in->len))
    {
      set_text (out, in->str, in->len);
      return TRUE;
    }

  normal = g_utf8_normalize (in->str, (gssize) in->len, G_NORMALIZE_NFKC);
  if (normal == NULL)
    return kh_step_fail (ctx, _("“%s” is not valid UTF-8"), kh_shown_value (ctx, in));

  set_copy (ctx, out, normal, strlen (normal));
  return TRUE;
}

gboolean
kh_compile_nfkc (KhStepImpl  *impl,
                 KhStep      *step,
                 KhMapping   *mapping,
                 GError     **error)
{
  impl->eval = eval_nfkc;
  return TRUE;
}

/* ---- default-if-empty, constant --------------------------------------- */

typedef struct
{
  char  *value;
  gsize  len;
} Fixed;

static void
fixed_free (gpointer data)
{
  Fixed *fixed = data;

  g_free (fixed->value);
  g_free (fixed);
}

static gboolean
eval_default_if_empty (const KhStepImpl *step,
                       KhEvalContext    *ctx,
                       const KhValue    *in,
                       guint             n_in,
                       KhValue          *out)
{
  const Fixed *fixed = step->data;

  if (!kh_value_is_missing (in))
    {
      *out = *in;
      return TRUE;
    }

  ctx->defaulted = TRUE;
  kh_value_set (out, fixed->value, fixed->len,
                in->type == KH_VALUE_NULL ? KH_VALUE_STRING : in->type);
  return TRUE;
}

static gboolean
eval_constant (const KhStepImpl *step,
               KhEvalContext    *ctx,
               const KhValue    *in,
               guint             n_in,
               KhValue          *out)
{
  const Fixed *fixed = step->data;

  set_text (out, fixed->value, fixed->len);
  return TRUE;
}

static gboolean
compile_fixed (KhStepImpl     *impl,
               KhStep         *step,
               KhStepEvalFunc  eval)
{
  Fixed *fixed = g_new0 (Fixed, 1);

  fixed->value = g_strdup (kh_step_param (step, "value"));
  fixed->len = strlen (fixed->value);
  impl->data = fixed;
  impl->free_data = fixed_free;
  impl->eval = eval;
  return TRUE;
}

gboolean
kh_compile_default_if_empty (KhStepImpl  *impl,
                             KhStep      *step,
                             KhMapping   *mapping,
                             GError     **error)
{
  return compile_fixed (impl, step, eval_default_if_empty);
}

gboolean
kh_compile_constant (KhStepImpl  *impl,
                     KhStep      *step,
                     KhMapping   *mapping,
                     GError     **error)
{
  return compile_fixed (impl, step, eval_constant);
}
