/* kh-steps-dates.c: the date and time steps
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-steps-dates"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "kh-calendar-private.h"
#include "kh-date-pattern-private.h"
#include "kh-error.h"
#include "kh-japanese-era-private.h"
#include "kh-step-impl-private.h"

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

typedef struct
{
  KhDatePattern **patterns;     /* owned */
  gsize          *min_len;      /* the text lengths each pattern can match */
  gsize          *max_len;
  guint           n_patterns;
  char           *joined;       /* the patterns for messages */
  KhValueType     as;
  gboolean        first_wins;   /* ambiguous=first */
  KhDateLayout   *layouts;      /* every pattern's, or NULL: see parse_date_fast() */
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
  g_free (pd->layouts);
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

static inline gboolean
read_digits (const guint8 *p,
             guint         n,
             int          *value)
{
  int v = 0;

  for (guint i = 0; i < n; i++)
    {
      guint d = (guint) p[i] - '0';

      if (d > 9)
        return FALSE;
      v = v * 10 + (int) d;
    }
  *value = v;
  return TRUE;
}

/* The commonest case, quickly: a text giving a date, when every pattern
 * is a date by position (kh_date_pattern_get_date_layout()). Returns TRUE
 * with @out set when the text reads as one date, exactly as the general
 * path would read it; FALSE, having done nothing, for everything else (no
 * pattern matches, an impossible date, two readings) which the general
 * path then decides and explains. The layouts' literals are ASCII and
 * cover with the digits every byte, so a text that matches is ASCII, for
 * which the general path's digit normalisation changes nothing. */
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

static inline gboolean
parse_date_fast (const ParseDate *pd,
                 KhEvalContext   *ctx,
                 const KhValue   *in,
                 KhValue         *out)
{
  const guint8 *s = (const guint8 *) in->str;
  const KhDateLayout *found = NULL;
  gsize len = in->len;
  int year = 0, month = 0, day = 0;
  char *buf;

  if (in->type != KH_VALUE_STRING)
    return FALSE;

  for (guint i = 0; i < pd->n_patterns; i++)
    {
      const KhDateLayout *layout = &pd->layouts[i];
      int y, m, d;
      guint k;

      if (len != layout->len)
        continue;
      for (k = 0; k < layout->n_lits; k++)
        if (s[layout->lit_pos[k]] != layout->lit_byte[k])
          break;
      if (k < layout->n_lits ||
          !read_digits (s + layout->year, 4, &y) ||
          !read_digits (s + layout->month, 2, &m) ||
          !read_digits (s + layout->day, 2, &d))
        continue;

      if (y == 0 || m < 1 || m > 12 || d < 1 || (d > 28 && d > kh_days_in_month (y, m)))
        return FALSE;
      if (found == NULL)
        {
          found = layout;
          year = y;
          month = m;
          day = d;
          if (pd->first_wins)
            break;
        }
      else if (y != year || m != month || d != day)
        return FALSE;
    }

  if (found == NULL)
    return FALSE;

  /* yyyy-MM-dd: the digits themselves */
  buf = kh_arena_alloc (ctx->arena, 11);
  memcpy (buf, s + found->year, 4);
  buf[4] = '-';
  memcpy (buf + 5, s + found->month, 2);
  buf[7] = '-';
  memcpy (buf + 8, s + found->day, 2);
  buf[10] = '\0';
  kh_value_set (out, buf, 10, KH_VALUE_DATE);
  return TRUE;
}

/* parse-date when every pattern is a date by position. */
static gboolean
eval_parse_date_layouts (const KhStepImpl *step,
                         KhEvalContext    *ctx,
                         const KhValue    *in,
                         guint             n_in,
                         KhValue          *out)
{
  if (parse_date_fast (step->data, ctx, in, out))
    return TRUE;
  return eval_parse_date (step, ctx, in, n_in, out);
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
  if (pd->as == KH_VALUE_DATE && pd->n_patterns > 0)
    {
      pd->layouts = g_new0 (KhDateLayout, pd->n_patterns);
      for (guint i = 0; i < pd->n_patterns; i++)
        if (!kh_date_pattern_get_date_layout (pd->patterns[i], &pd->layouts[i]))
          {
            g_clear_pointer (&pd->layouts, g_free);
            break;
          }
      if (pd->layouts != NULL)
        impl->eval = eval_parse_date_layouts;
    }

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
