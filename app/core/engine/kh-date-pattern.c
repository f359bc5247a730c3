/* kh-date-pattern.c: compiled date/time patterns (yyyy/MM/dd …)
 *
 * A pattern is compiled once into tokens. Parsing is strict: fixed-width
 * fields (yyyy, MM, dd, HH, mm, ss, SSS) take exactly their width, M, d,
 * H, h, m and s take one or two digits, literals must be there, the whole
 * text must be used, and impossible values (month 13, 30 February, hour
 * 24) are reported, never rolled over. Matching stops at the first token
 * that does not fit, so trying several patterns costs little.
 *
 * Letters: yyyy yy | M MM MMM MMMM | d dd | H HH | h hh + a | m mm |
 * s ss | S… (fraction digits) | E EEE EEEE (English day names) |
 * X XX XXX x xx xxx Z ZZZZZ (UTC offsets). Text in single quotes is
 * literal ('T'); '' is a quote.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-date-pattern"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kh-date-pattern-private.h"
#include "kh-error.h"

typedef enum
{
  TOK_LITERAL,
  TOK_YEAR,          /* width 4 or 2 */
  TOK_MONTH,         /* width 1 (1–2 digits) or 2 */
  TOK_MONTH_NAME,    /* width 3 (Jan) or 4 (January) */
  TOK_DAY,
  TOK_HOUR,          /* 0–23 */
  TOK_HOUR12,        /* 1–12, with TOK_AMPM */
  TOK_MINUTE,
  TOK_SECOND,
  TOK_FRACTION,      /* exactly width digits */
  TOK_AMPM,
  TOK_WEEKDAY,       /* width 3 (Mon) or 4 (Monday) */
  TOK_OFFSET,        /* see OffsetStyle */
} TokenKind;

typedef enum
{
  OFFSET_X1,   /* Z, ±HH or ±HHMM */
  OFFSET_X2,   /* Z or ±HHMM */
  OFFSET_X3,   /* Z or ±HH:MM */
  OFFSET_x1,   /* ±HH or ±HHMM */
  OFFSET_x2,   /* ±HHMM */
  OFFSET_x3,   /* ±HH:MM */
} OffsetStyle;

typedef struct
{
  TokenKind  kind;
  int        width;      /* letters, or the OffsetStyle */
  char      *lit;        /* owned, TOK_LITERAL only */
  gsize      lit_len;
} Token;

enum
{
  FIELD_YEAR     = 1 << 0,
  FIELD_MONTH    = 1 << 1,
  FIELD_DAY      = 1 << 2,
  FIELD_HOUR     = 1 << 3,
  FIELD_MINUTE   = 1 << 4,
  FIELD_SECOND   = 1 << 5,
  FIELD_FRACTION = 1 << 6,
  FIELD_AMPM     = 1 << 7,
  FIELD_WEEKDAY  = 1 << 8,
  FIELD_OFFSET   = 1 << 9,
  FIELD_HOUR12   = 1 << 10,
};

struct _KhDatePattern
{
  char   *text;           /* owned */
  Token  *tokens;         /* owned */
  guint   n_tokens;
  guint   fields;
  int     two_digit_year_start;
  gsize   max_length;     /* of a formatted value */
  gsize   min_text;       /* the shortest text that can match */
  gsize   max_text;       /* the longest text that can match */

  /* Patterns of fixed-width numbers and literals only (yyyy/MM/dd,
   * yyyyMMdd, dd.MM.yyyy HH:mm:ss) are read by position: the literal
   * bytes are checked first, then the digits. */
  gboolean  fixed;
  guint     n_fixed_lits;
  guint     n_fixed_fields;
  struct { guint16 pos; char byte; } fixed_lits[32];
  struct { guint16 pos; guint8 width; guint8 kind; } fixed_fields[16];
};

static const char * const month_names[] = {
  "January", "February", "March", "April", "May", "June", "July",
  "August", "September", "October", "November", "December",
};

static const char * const weekday_names[] = {
  "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
};

const char *
kh_weekday_name (int weekday)
{
  return weekday_names[weekday % 7];
}

void
kh_date_pattern_free (KhDatePattern *self)
{
  if (self == NULL)
    return;

  for (guint i = 0; i < self->n_tokens; i++)
    g_free (self->tokens[i].lit);
  g_free (self->tokens);
  g_free (self->text);
  g_free (self);
}

static void
add_token (GArray     *tokens,
           TokenKind   kind,
           int         width)
{
  Token token = { kind, width, NULL, 0 };

  g_array_append_val (tokens, token);
}

static void
add_literal (GArray  *tokens,
             GString *literal)
{
  Token token = { TOK_LITERAL, 0, NULL, 0 };

  if (literal->len == 0)
    return;
  token.lit_len = literal->len;
  token.lit = g_strndup (literal->str, literal->len);
  g_array_append_val (tokens, token);
  g_string_truncate (literal, 0);
}

static gboolean
fail_letters (const char  *pattern,
              char         letter,
              int          count,
              const char  *hint,
              GError     **error)
{
  g_autofree char *letters = g_strnfill ((gsize) count, letter);

  g_set_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM,
               /* Translators: “yyy” in pattern “yyy-MM-dd”; the hint says what to use */
               _("Pattern “%s”: “%s” is not supported; %s"),
               pattern, letters, hint);
  return FALSE;
}

/* Maps a run of @count letters @c to a token. */
static gboolean
letter_token (const char  *pattern,
              char         c,
              int          count,
              TokenKind   *kind,
              int         *width,
              guint       *field,
              GError     **error)
{
  *width = count;

  switch (c)
    {
    case 'y':
      if (count != 4 && count != 2)
        return fail_letters (pattern, c, count, _("use yyyy for the year, or yy for two digits"), error);
      *kind = TOK_YEAR;
      *field = FIELD_YEAR;
      return TRUE;

    case 'M':
      if (count > 4)
        return fail_letters (pattern, c, count, _("use M, MM, MMM or MMMM for the month"), error);
      *kind = count <= 2 ? TOK_MONTH : TOK_MONTH_NAME;
      *field = FIELD_MONTH;
      return TRUE;

    case 'd':
      if (count > 2)
        return fail_letters (pattern, c, count, _("use d or dd for the day"), error);
      *kind = TOK_DAY;
      *field = FIELD_DAY;
      return TRUE;

    case 'H':
      if (count > 2)
        return fail_letters (pattern, c, count, _("use H or HH for the hour"), error);
      *kind = TOK_HOUR;
      *field = FIELD_HOUR;
      return TRUE;

    case 'h':
      if (count > 2)
        return fail_letters (pattern, c, count, _("use h or hh for the hour of a 12-hour clock"), error);
      *kind = TOK_HOUR12;
      *field = FIELD_HOUR | FIELD_HOUR12;
      return TRUE;

    case 'm':
      if (count > 2)
        return fail_letters (pattern, c, count, _("use m or mm for the minutes (MM is the month)"), error);
      *kind = TOK_MINUTE;
      *field = FIELD_MINUTE;
      return TRUE;

    case 's':
      if (count > 2)
        return fail_letters (pattern, c, count, _("use s or ss for the seconds"), error);
      *kind = TOK_SECOND;
      *field = FIELD_SECOND;
      return TRUE;

    case 'S':
      if (count > KH_FRAC_MAX)
        return fail_letters (pattern, c, count, _("use at most nine S for fractions of a second"), error);
      *kind = TOK_FRACTION;
      *field = FIELD_FRACTION;
      return TRUE;

    case 'a':
      if (count != 1)
        return fail_letters (pattern, c, count, _("use a single a for AM or PM"), error);
      *kind = TOK_AMPM;
      *field = FIELD_AMPM;
      return TRUE;

    case 'E':
      if (count > 4)
        return fail_letters (pattern, c, count, _("use EEE (Mon) or EEEE (Monday) for the day of the week"), error);
      *kind = TOK_WEEKDAY;
      *width = count == 4 ? 4 : 3;
      *field = FIELD_WEEKDAY;
      return TRUE;

    case 'X':
    case 'x':
      if (count > 3)
        return fail_letters (pattern, c, count, _("use X, XX or XXX (x, xx or xxx) for the UTC offset"), error);
      *kind = TOK_OFFSET;
      *width = (c == 'X' ? OFFSET_X1 : OFFSET_x1) + count - 1;
      *field = FIELD_OFFSET;
      return TRUE;

    case 'Z':
      if (count > 3 && count != 5)
        return fail_letters (pattern, c, count, _("use Z for +0900 or ZZZZZ for +09:00"), error);
      *kind = TOK_OFFSET;
      *width = count == 5 ? OFFSET_X3 : OFFSET_x2;
      *field = FIELD_OFFSET;
      return TRUE;

    default:
      g_set_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM,
                   _("Pattern “%s”: “%c” is not a pattern letter; quote literal letters like 'T'"),
                   pattern, c);
      return FALSE;
    }
}

/* The shortest text a token can match. */
static gsize
token_min_text (const Token *token)
{
  switch (token->kind)
    {
    case TOK_LITERAL:    return token->lit_len;
    case TOK_YEAR:       return (gsize) token->width;
    case TOK_MONTH_NAME: return 3;
    case TOK_WEEKDAY:    return token->width == 3 ? 3 : 6;
    case TOK_FRACTION:   return (gsize) token->width;
    case TOK_OFFSET:     return 1;
    case TOK_AMPM:       return 2;
    case TOK_MONTH:
    case TOK_DAY:
    case TOK_HOUR:
    case TOK_HOUR12:
    case TOK_MINUTE:
    case TOK_SECOND:
    default:             return token->width == 2 ? 2 : 1;
    }
}

static gsize
token_max_length (const Token *token)
{
  switch (token->kind)
    {
    case TOK_LITERAL:    return token->lit_len;
    case TOK_YEAR:       return (gsize) token->width;
    case TOK_MONTH_NAME: return token->width == 3 ? 3 : 9;
    case TOK_WEEKDAY:    return token->width == 3 ? 3 : 9;
    case TOK_FRACTION:   return (gsize) token->width;
    case TOK_OFFSET:     return 6;
    case TOK_MONTH:
    case TOK_DAY:
    case TOK_HOUR:
    case TOK_HOUR12:
    case TOK_MINUTE:
    case TOK_SECOND:
    case TOK_AMPM:
    default:             return 2;
    }
}

static gboolean
fixed_numeric (const Token *token)
{
  switch (token->kind)
    {
    case TOK_YEAR:
    case TOK_FRACTION:
      return TRUE;
    case TOK_MONTH:
    case TOK_DAY:
    case TOK_HOUR:
    case TOK_MINUTE:
    case TOK_SECOND:
      return token->width == 2;
    case TOK_LITERAL:
    case TOK_MONTH_NAME:
    case TOK_HOUR12:
    case TOK_AMPM:
    case TOK_WEEKDAY:
    case TOK_OFFSET:
    default:
      return FALSE;
    }
}

/* Sets up the positional reading of a pattern of fixed-width fields. */
static void
compile_fixed (KhDatePattern *self)
{
  guint pos = 0;

  self->fixed = FALSE;
  self->n_fixed_lits = 0;
  self->n_fixed_fields = 0;

  for (guint i = 0; i < self->n_tokens; i++)
    {
      const Token *token = &self->tokens[i];

      if (token->kind == TOK_LITERAL)
        {
          if (self->n_fixed_lits + token->lit_len > G_N_ELEMENTS (self->fixed_lits))
            return;
          for (gsize j = 0; j < token->lit_len; j++)
            {
              self->fixed_lits[self->n_fixed_lits].pos = (guint16) (pos + j);
              self->fixed_lits[self->n_fixed_lits].byte = token->lit[j];
              self->n_fixed_lits++;
            }
          pos += (guint) token->lit_len;
        }
      else if (fixed_numeric (token))
        {
          if (self->n_fixed_fields == G_N_ELEMENTS (self->fixed_fields))
            return;
          self->fixed_fields[self->n_fixed_fields].pos = (guint16) pos;
          self->fixed_fields[self->n_fixed_fields].width = (guint8) token->width;
          self->fixed_fields[self->n_fixed_fields].kind = (guint8) token->kind;
          self->n_fixed_fields++;
          pos += (guint) token->width;
        }
      else
        return;
    }

  g_assert (pos == self->min_text && pos == self->max_text);
  self->fixed = TRUE;
}

/**
 * kh_date_pattern_new:
 * @pattern: a pattern such as `yyyy/MM/dd` or `dd.MM.yyyy HH:mm`
 * @two_digit_year_start: the first year of the hundred years `yy` reads
 *
 * Returns: (transfer full) (nullable): the compiled pattern
 */
KhDatePattern *
kh_date_pattern_new (const char  *pattern,
                     int          two_digit_year_start,
                     GError     **error)
{
  g_autoptr(GArray) tokens = g_array_new (FALSE, FALSE, sizeof (Token));
  g_autoptr(GString) literal = g_string_new (NULL);
  KhDatePattern *self;
  guint fields = 0;
  const char *p = pattern;

  g_return_val_if_fail (pattern != NULL, NULL);

  while (*p != '\0')
    {
      if (*p == '\'')
        {
          if (p[1] == '\'')
            {
              g_string_append_c (literal, '\'');
              p += 2;
              continue;
            }
          p++;
          while (*p != '\0')
            {
              if (*p == '\'' && p[1] == '\'')
                {
                  g_string_append_c (literal, '\'');
                  p += 2;
                }
              else if (*p == '\'')
                break;
              else
                g_string_append_c (literal, *p++);
            }
          if (*p != '\'')
            {
              g_set_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM,
                           _("Pattern “%s” has an unclosed quote"), pattern);
              goto fail;
            }
          p++;
        }
      else if (g_ascii_isalpha (*p))
        {
          char c = *p;
          int count = 0;
          TokenKind kind;
          int width;
          guint field;

          while (*p == c)
            {
              count++;
              p++;
            }
          if (!letter_token (pattern, c, count, &kind, &width, &field, error))
            goto fail;
          if (fields & field & ~FIELD_HOUR12)
            {
              g_set_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM,
                           _("Pattern “%s” gives the same field twice (“%c”)"), pattern, c);
              goto fail;
            }
          fields |= field;
          add_literal (tokens, literal);
          add_token (tokens, kind, width);
        }
      else
        g_string_append_c (literal, *p++);
    }
  add_literal (tokens, literal);

  if ((fields & (FIELD_YEAR | FIELD_MONTH | FIELD_DAY | FIELD_HOUR | FIELD_MINUTE | FIELD_SECOND |
                 FIELD_FRACTION | FIELD_AMPM | FIELD_WEEKDAY | FIELD_OFFSET)) == 0)
    {
      g_set_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM,
                   _("Pattern “%s” has no date or time letters (such as yyyy, MM, dd)"), pattern);
      goto fail;
    }
  if ((fields & FIELD_HOUR12) && !(fields & FIELD_AMPM))
    {
      g_set_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM,
                   _("Pattern “%s” uses h (12-hour clock) without a (AM/PM); use H for a 24-hour clock"),
                   pattern);
      goto fail;
    }
  if ((fields & FIELD_AMPM) && !(fields & FIELD_HOUR12))
    {
      g_set_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM,
                   _("Pattern “%s” uses a (AM/PM) without h (the hour of a 12-hour clock)"), pattern);
      goto fail;
    }

  self = g_new0 (KhDatePattern, 1);
  self->text = g_strdup (pattern);
  self->fields = fields;
  self->two_digit_year_start = two_digit_year_start;
  self->n_tokens = tokens->len;
  self->tokens = (Token *) g_array_steal (tokens, NULL);
  for (guint i = 0; i < self->n_tokens; i++)
    {
      self->max_length += token_max_length (&self->tokens[i]);
      self->min_text += token_min_text (&self->tokens[i]);
    }
  /* Parsing reads at most what formatting writes. */
  self->max_text = self->max_length;
  compile_fixed (self);

  return self;

fail:
  for (guint i = 0; i < tokens->len; i++)
    g_free (g_array_index (tokens, Token, i).lit);
  return NULL;
}

const char *
kh_date_pattern_get_text (const KhDatePattern *self)
{
  return self->text;
}

gboolean
kh_date_pattern_has_date (const KhDatePattern *self)
{
  return (self->fields & (FIELD_YEAR | FIELD_MONTH | FIELD_DAY)) != 0;
}

gboolean
kh_date_pattern_has_time (const KhDatePattern *self)
{
  return (self->fields & FIELD_HOUR) != 0;
}

gboolean
kh_date_pattern_has_offset (const KhDatePattern *self)
{
  return (self->fields & FIELD_OFFSET) != 0;
}

/* Returns: (nullable): the letters of the first of year, month and day the
 * pattern lacks */
const char *
kh_date_pattern_get_missing_date_field (const KhDatePattern *self)
{
  if (!(self->fields & FIELD_YEAR))
    return "yyyy";
  if (!(self->fields & FIELD_MONTH))
    return "MM";
  if (!(self->fields & FIELD_DAY))
    return "dd";
  return NULL;
}

gsize
kh_date_pattern_get_max_length (const KhDatePattern *self)
{
  return self->max_length;
}

/* The lengths in bytes a text must have to match. */
void
kh_date_pattern_get_text_range (const KhDatePattern *self,
                                gsize               *min,
                                gsize               *max)
{
  *min = self->min_text;
  *max = self->max_text;
}

/* Reads @min to @max digits at *pos. */
static gboolean
read_digits (const char *str,
             gsize       len,
             gsize      *pos,
             int         min,
             int         max,
             int        *value)
{
  int v = 0;
  int n = 0;

  while (n < max && *pos < len && g_ascii_isdigit (str[*pos]))
    {
      v = v * 10 + (str[*pos] - '0');
      (*pos)++;
      n++;
    }
  *value = v;
  return n >= min;
}

/* Reads one of @names (or its first three letters when @abbrev), ignoring
 * ASCII case; returns its index or -1. */
static int
read_name (const char         *str,
           gsize               len,
           gsize              *pos,
           const char * const *names,
           int                 n_names,
           gboolean            abbrev)
{
  for (int i = 0; i < n_names; i++)
    {
      gsize n = abbrev ? 3 : strlen (names[i]);

      if (len - *pos >= n && g_ascii_strncasecmp (str + *pos, names[i], n) == 0)
        {
          *pos += n;
          return i;
        }
    }
  return -1;
}

static gboolean
read_offset (const char  *str,
             gsize        len,
             gsize       *pos,
             OffsetStyle  style,
             KhCivil     *civil)
{
  int sign, hh, mm = 0;
  gboolean z_allowed = style == OFFSET_X1 || style == OFFSET_X2 || style == OFFSET_X3;

  if (*pos < len && str[*pos] == 'Z')
    {
      if (!z_allowed)
        return FALSE;
      (*pos)++;
      civil->has_offset = civil->offset_z = TRUE;
      civil->offset_minutes = 0;
      return TRUE;
    }

  if (*pos >= len || (str[*pos] != '+' && str[*pos] != '-'))
    return FALSE;
  sign = str[*pos] == '-' ? -1 : 1;
  (*pos)++;

  if (!read_digits (str, len, pos, 2, 2, &hh))
    return FALSE;

  switch (style)
    {
    case OFFSET_X1:
    case OFFSET_x1:
      if (*pos < len && g_ascii_isdigit (str[*pos]) && !read_digits (str, len, pos, 2, 2, &mm))
        return FALSE;
      break;
    case OFFSET_X2:
    case OFFSET_x2:
      if (!read_digits (str, len, pos, 2, 2, &mm))
        return FALSE;
      break;
    case OFFSET_X3:
    case OFFSET_x3:
      if (*pos >= len || str[*pos] != ':')
        return FALSE;
      (*pos)++;
      if (!read_digits (str, len, pos, 2, 2, &mm))
        return FALSE;
      break;
    default:
      return FALSE;
    }

  civil->has_offset = TRUE;
  civil->offset_z = FALSE;
  civil->offset_minutes = sign * (hh * 60 + mm);
  if (hh > 23 || mm > 59)
    civil->offset_minutes = G_MAXINT;   /* checked after the shape */
  return TRUE;
}

static KhDateParseStatus
invalid (KhDateError   *error,
         KhDateProblem  problem,
         int            a,
         int            b,
         int            c)
{
  error->problem = problem;
  error->a = a;
  error->b = b;
  error->c = c;
  return KH_DATE_PARSE_INVALID;
}

/* The fields read from a text, before they are checked. */
typedef struct
{
  int         year;
  int         month;
  int         day;
  int         hour;
  int         minute;
  int         second;
  int         hour12;     /* -1: none */
  int         pm;         /* -1: none */
  int         weekday;    /* -1: none */
  int         n_frac;
  const char *frac;
  gboolean    has_offset;
  gboolean    offset_z;
  int         offset_minutes;
} Fields;

#define FIELDS_INIT { 1, 1, 1, 0, 0, 0, -1, -1, -1, 0, NULL, FALSE, FALSE, 0 }

/* Checks the values read (the shape already fits) and fills @civil. */
static KhDateParseStatus
finish (const KhDatePattern *self,
        Fields              *f,
        KhCivil             *civil,
        KhDateError         *error)
{
  if (G_UNLIKELY (f->year == 0))
    return invalid (error, KH_DATE_PROBLEM_YEAR, 0, 0, 0);
  if (G_UNLIKELY (f->month < 1 || f->month > 12))
    return invalid (error, KH_DATE_PROBLEM_MONTH, f->month, 0, 0);
  if (G_UNLIKELY (f->day < 1 || (f->day > 28 && f->day > kh_days_in_month (f->year, f->month))))
    return invalid (error, KH_DATE_PROBLEM_DAY, f->day, f->year, f->month);
  if (f->hour12 >= 0)
    {
      if (f->hour12 < 1 || f->hour12 > 12)
        return invalid (error, KH_DATE_PROBLEM_HOUR12, f->hour12, 0, 0);
      f->hour = f->hour12 % 12 + (f->pm == 1 ? 12 : 0);
    }
  if (G_UNLIKELY (f->hour > 23))
    return invalid (error, KH_DATE_PROBLEM_HOUR, f->hour, 0, 0);
  if (G_UNLIKELY (f->minute > 59))
    return invalid (error, KH_DATE_PROBLEM_MINUTE, f->minute, 0, 0);
  if (G_UNLIKELY (f->second > 59))
    return invalid (error, KH_DATE_PROBLEM_SECOND, f->second, 0, 0);
  if (f->has_offset && f->offset_minutes == G_MAXINT)
    return invalid (error, KH_DATE_PROBLEM_OFFSET, 0, 0, 0);
  if (f->weekday >= 0 && kh_date_pattern_has_date (self))
    {
      int real = kh_weekday (f->year, f->month, f->day);

      if (real != f->weekday)
        return invalid (error, KH_DATE_PROBLEM_WEEKDAY, f->weekday, real, 0);
    }

  civil->year = f->year;
  civil->month = f->month;
  civil->day = f->day;
  civil->hour = f->hour;
  civil->minute = f->minute;
  civil->second = f->second;
  civil->n_frac = f->n_frac;
  if (f->n_frac > 0)
    memcpy (civil->frac, f->frac, (gsize) f->n_frac);
  civil->frac[f->n_frac] = '\0';
  civil->has_offset = f->has_offset;
  civil->offset_z = f->offset_z;
  civil->offset_minutes = f->offset_minutes;

  return KH_DATE_PARSE_OK;
}

/* Patterns of fixed-width numbers and literals, read by position. */
static KhDateParseStatus
parse_fixed (const KhDatePattern *self,
             const char          *str,
             KhCivil             *civil,
             KhDateError         *error)
{
  Fields f = FIELDS_INIT;

  for (guint i = 0; i < self->n_fixed_lits; i++)
    if (str[self->fixed_lits[i].pos] != self->fixed_lits[i].byte)
      return KH_DATE_PARSE_MISMATCH;

  for (guint i = 0; i < self->n_fixed_fields; i++)
    {
      const char *p = str + self->fixed_fields[i].pos;
      int width = self->fixed_fields[i].width;
      int v = 0;

      for (int j = 0; j < width; j++)
        {
          guint d = (guint) (guchar) p[j] - '0';

          if (d > 9)
            return KH_DATE_PARSE_MISMATCH;
          v = v * 10 + (int) d;
        }

      switch ((TokenKind) self->fixed_fields[i].kind)
        {
        case TOK_YEAR:
          if (width == 2)
            {
              int start = self->two_digit_year_start;

              v = start + (v - start % 100 + 100) % 100;
            }
          f.year = v;
          break;
        case TOK_MONTH:  f.month = v; break;
        case TOK_DAY:    f.day = v; break;
        case TOK_HOUR:   f.hour = v; break;
        case TOK_MINUTE: f.minute = v; break;
        case TOK_SECOND: f.second = v; break;
        case TOK_FRACTION:
          f.frac = p;
          f.n_frac = width;
          break;
        case TOK_LITERAL:
        case TOK_MONTH_NAME:
        case TOK_HOUR12:
        case TOK_AMPM:
        case TOK_WEEKDAY:
        case TOK_OFFSET:
        default:
          g_assert_not_reached ();
        }
    }

  return finish (self, &f, civil, error);
}

/* Any pattern, token by token. */
static G_GNUC_NO_INLINE KhDateParseStatus
parse_tokens (const KhDatePattern *self,
              const char          *str,
              gsize                len,
              KhCivil             *civil,
              KhDateError         *error)
{
  Fields f = FIELDS_INIT;
  KhCivil offset;
  gsize pos = 0;

  offset.has_offset = FALSE;
  offset.offset_z = FALSE;
  offset.offset_minutes = 0;

  for (guint i = 0; i < self->n_tokens; i++)
    {
      const Token *token = &self->tokens[i];
      int min_digits = token->width == 2 ? 2 : 1;

      switch (token->kind)
        {
        case TOK_LITERAL:
          if (len - pos < token->lit_len || memcmp (str + pos, token->lit, token->lit_len) != 0)
            return KH_DATE_PARSE_MISMATCH;
          pos += token->lit_len;
          break;

        case TOK_YEAR:
          if (!read_digits (str, len, &pos, token->width, token->width, &f.year))
            return KH_DATE_PARSE_MISMATCH;
          if (token->width == 2)
            {
              int start = self->two_digit_year_start;

              f.year = start + (f.year - start % 100 + 100) % 100;
            }
          break;

        case TOK_MONTH:
          if (!read_digits (str, len, &pos, min_digits, 2, &f.month))
            return KH_DATE_PARSE_MISMATCH;
          break;

        case TOK_MONTH_NAME:
          f.month = read_name (str, len, &pos, month_names, 12, token->width == 3) + 1;
          if (f.month == 0)
            return KH_DATE_PARSE_MISMATCH;
          break;

        case TOK_DAY:
          if (!read_digits (str, len, &pos, min_digits, 2, &f.day))
            return KH_DATE_PARSE_MISMATCH;
          break;

        case TOK_HOUR:
          if (!read_digits (str, len, &pos, min_digits, 2, &f.hour))
            return KH_DATE_PARSE_MISMATCH;
          break;

        case TOK_HOUR12:
          if (!read_digits (str, len, &pos, min_digits, 2, &f.hour12))
            return KH_DATE_PARSE_MISMATCH;
          break;

        case TOK_MINUTE:
          if (!read_digits (str, len, &pos, min_digits, 2, &f.minute))
            return KH_DATE_PARSE_MISMATCH;
          break;

        case TOK_SECOND:
          if (!read_digits (str, len, &pos, min_digits, 2, &f.second))
            return KH_DATE_PARSE_MISMATCH;
          break;

        case TOK_FRACTION:
          if (len - pos < (gsize) token->width)
            return KH_DATE_PARSE_MISMATCH;
          for (int j = 0; j < token->width; j++)
            if (!g_ascii_isdigit (str[pos + j]))
              return KH_DATE_PARSE_MISMATCH;
          f.frac = str + pos;
          f.n_frac = token->width;
          pos += (gsize) token->width;
          break;

        case TOK_AMPM:
          if (len - pos < 2 || (str[pos + 1] != 'M' && str[pos + 1] != 'm'))
            return KH_DATE_PARSE_MISMATCH;
          if (str[pos] == 'A' || str[pos] == 'a')
            f.pm = 0;
          else if (str[pos] == 'P' || str[pos] == 'p')
            f.pm = 1;
          else
            return KH_DATE_PARSE_MISMATCH;
          pos += 2;
          break;

        case TOK_WEEKDAY:
          f.weekday = read_name (str, len, &pos, weekday_names, 7, token->width == 3);
          if (f.weekday < 0)
            return KH_DATE_PARSE_MISMATCH;
          break;

        case TOK_OFFSET:
          if (!read_offset (str, len, &pos, (OffsetStyle) token->width, &offset))
            return KH_DATE_PARSE_MISMATCH;
          break;

        default:
          g_assert_not_reached ();
        }
    }

  if (pos != len)
    return KH_DATE_PARSE_MISMATCH;

  f.has_offset = offset.has_offset;
  f.offset_z = offset.offset_z;
  f.offset_minutes = offset.offset_minutes;
  return finish (self, &f, civil, error);
}

/**
 * kh_date_pattern_get_date_layout:
 * @layout: (out): where the pattern's parts are
 *
 * For a fast reading of the simplest and commonest patterns: a text has the
 * shape of such a pattern when it has its length, its literal bytes at
 * their places and ASCII digits at the others; it then reads as the date
 * of those digits, if that date exists. kh_date_pattern_parse() gives the
 * same answer for every text.
 *
 * Returns: whether the pattern is of fixed width with exactly yyyy, MM and
 *   dd (once each) and at most 8 ASCII literal bytes
 */
gboolean
kh_date_pattern_get_date_layout (const KhDatePattern *self,
                                 KhDateLayout        *layout)
{
  guint seen = 0;

  memset (layout, 0, sizeof *layout);
  if (!self->fixed || self->max_text > 64 || self->n_fixed_lits > G_N_ELEMENTS (layout->lit_pos))
    return FALSE;

  layout->len = (guint8) self->max_text;
  for (guint i = 0; i < self->n_fixed_lits; i++)
    {
      if ((guint8) self->fixed_lits[i].byte >= 0x80)
        return FALSE;
      layout->lit_pos[i] = (guint8) self->fixed_lits[i].pos;
      layout->lit_byte[i] = (guint8) self->fixed_lits[i].byte;
    }
  layout->n_lits = (guint8) self->n_fixed_lits;

  for (guint i = 0; i < self->n_fixed_fields; i++)
    {
      guint8 pos = (guint8) self->fixed_fields[i].pos;
      guint8 width = self->fixed_fields[i].width;
      TokenKind kind = (TokenKind) self->fixed_fields[i].kind;

      if (kind == TOK_YEAR && width == 4 && !(seen & FIELD_YEAR))
        {
          layout->year = pos;
          seen |= FIELD_YEAR;
        }
      else if (kind == TOK_MONTH && width == 2 && !(seen & FIELD_MONTH))
        {
          layout->month = pos;
          seen |= FIELD_MONTH;
        }
      else if (kind == TOK_DAY && width == 2 && !(seen & FIELD_DAY))
        {
          layout->day = pos;
          seen |= FIELD_DAY;
        }
      else
        return FALSE;
    }

  return seen == (FIELD_YEAR | FIELD_MONTH | FIELD_DAY);
}

/**
 * kh_date_pattern_parse:
 * @str: the text (ASCII digits: normalise full-width digits first)
 * @civil: (out): the fields read; fields the pattern lacks are 0
 *   (a missing year, month or day is 1)
 * @error: (out): what is wrong when the result is %KH_DATE_PARSE_INVALID
 *
 * Returns: whether the text matched and gave a real date and time
 */
KhDateParseStatus
kh_date_pattern_parse (const KhDatePattern *self,
                       const char          *str,
                       gsize                len,
                       KhCivil             *civil,
                       KhDateError         *error)
{
  /* Most texts that do not match have the wrong length. */
  if (len < self->min_text || len > self->max_text)
    return KH_DATE_PARSE_MISMATCH;

  if (self->fixed)
    return parse_fixed (self, str, civil, error);
  return parse_tokens (self, str, len, civil, error);
}

static char *
put_number (char *p,
            int   value,
            int   width)
{
  char tmp[12];
  int n = 0;

  do
    {
      tmp[n++] = (char) ('0' + value % 10);
      value /= 10;
    }
  while (value > 0);
  while (n < width)
    tmp[n++] = '0';
  while (n > 0)
    *p++ = tmp[--n];
  return p;
}

static char *
put_offset (char        *p,
            const KhCivil *civil,
            OffsetStyle  style)
{
  int off = civil->offset_minutes;
  int a = ABS (off);
  gboolean z_allowed = style == OFFSET_X1 || style == OFFSET_X2 || style == OFFSET_X3;

  if (off == 0 && z_allowed)
    {
      *p++ = 'Z';
      return p;
    }

  *p++ = off < 0 ? '-' : '+';
  p = put_number (p, a / 60, 2);
  switch (style)
    {
    case OFFSET_X1:
    case OFFSET_x1:
      if (a % 60 != 0)
        p = put_number (p, a % 60, 2);
      break;
    case OFFSET_X2:
    case OFFSET_x2:
      p = put_number (p, a % 60, 2);
      break;
    case OFFSET_X3:
    case OFFSET_x3:
    default:
      *p++ = ':';
      p = put_number (p, a % 60, 2);
      break;
    }
  return p;
}

/**
 * kh_date_pattern_format:
 * @has_date: whether @civil has a date
 * @has_time: whether @civil has a time (a date alone is at 00:00:00)
 * @buf: at least kh_date_pattern_get_max_length() + 1 bytes
 *
 * Returns: the length written, or 0 with @error set
 */
gsize
kh_date_pattern_format (const KhDatePattern *self,
                        const KhCivil       *civil,
                        gboolean             has_date,
                        gboolean             has_time,
                        char                *buf,
                        KhDateError         *error)
{
  char *p = buf;

  error->problem = KH_DATE_PROBLEM_NONE;

  if (!has_date && (self->fields & (FIELD_YEAR | FIELD_MONTH | FIELD_DAY | FIELD_WEEKDAY)))
    {
      error->problem = KH_DATE_PROBLEM_NO_DATE;
      return 0;
    }
  if ((self->fields & FIELD_OFFSET) && !civil->has_offset)
    {
      error->problem = KH_DATE_PROBLEM_NO_OFFSET;
      return 0;
    }

  for (guint i = 0; i < self->n_tokens; i++)
    {
      const Token *token = &self->tokens[i];

      switch (token->kind)
        {
        case TOK_LITERAL:
          memcpy (p, token->lit, token->lit_len);
          p += token->lit_len;
          break;
        case TOK_YEAR:
          p = token->width == 2 ? put_number (p, civil->year % 100, 2) : put_number (p, civil->year, 4);
          break;
        case TOK_MONTH:
          p = put_number (p, civil->month, token->width);
          break;
        case TOK_MONTH_NAME:
          {
            const char *name = month_names[civil->month - 1];
            gsize n = token->width == 3 ? 3 : strlen (name);

            memcpy (p, name, n);
            p += n;
          }
          break;
        case TOK_DAY:
          p = put_number (p, civil->day, token->width);
          break;
        case TOK_HOUR:
          p = put_number (p, has_time ? civil->hour : 0, token->width);
          break;
        case TOK_HOUR12:
          {
            int h = has_time ? civil->hour % 12 : 0;

            p = put_number (p, h == 0 ? 12 : h, token->width);
          }
          break;
        case TOK_MINUTE:
          p = put_number (p, has_time ? civil->minute : 0, token->width);
          break;
        case TOK_SECOND:
          p = put_number (p, has_time ? civil->second : 0, token->width);
          break;
        case TOK_FRACTION:
          for (int j = 0; j < token->width; j++)
            *p++ = (has_time && j < civil->n_frac) ? civil->frac[j] : '0';
          break;
        case TOK_AMPM:
          *p++ = (has_time && civil->hour >= 12) ? 'P' : 'A';
          *p++ = 'M';
          break;
        case TOK_WEEKDAY:
          {
            const char *name = weekday_names[kh_weekday (civil->year, civil->month, civil->day)];
            gsize n = token->width == 3 ? 3 : strlen (name);

            memcpy (p, name, n);
            p += n;
          }
          break;
        case TOK_OFFSET:
          p = put_offset (p, civil, (OffsetStyle) token->width);
          break;
        default:
          g_assert_not_reached ();
        }
    }

  *p = '\0';
  return (gsize) (p - buf);
}

/**
 * kh_date_error_describe:
 *
 * Returns: (transfer full): a translated clause such as “2023-02 has no
 *   day 30”
 */
char *
kh_date_error_describe (const KhDateError *error)
{
  switch (error->problem)
    {
    case KH_DATE_PROBLEM_YEAR:
      return g_strdup (_("there is no year 0"));
    case KH_DATE_PROBLEM_MONTH:
      return g_strdup_printf (_("there is no month %d"), error->a);
    case KH_DATE_PROBLEM_DAY:
      /* Translators: “2023-02 has no day 30” */
      return g_strdup_printf (_("%04d-%02d has no day %d"), error->b, error->c, error->a);
    case KH_DATE_PROBLEM_HOUR:
      return g_strdup_printf (_("there is no hour %d"), error->a);
    case KH_DATE_PROBLEM_HOUR12:
      return g_strdup_printf (_("a 12-hour clock has no hour %d"), error->a);
    case KH_DATE_PROBLEM_MINUTE:
      return g_strdup_printf (_("there is no minute %d"), error->a);
    case KH_DATE_PROBLEM_SECOND:
      return g_strdup_printf (_("there is no second %d"), error->a);
    case KH_DATE_PROBLEM_OFFSET:
      return g_strdup (_("the UTC offset is out of range"));
    case KH_DATE_PROBLEM_WEEKDAY:
      /* Translators: English day names as the pattern reads them */
      return g_strdup_printf (_("the date is a %s, not a %s"),
                              weekday_names[error->b], weekday_names[error->a]);
    case KH_DATE_PROBLEM_NO_DATE:
      return g_strdup (_("the value has no date"));
    case KH_DATE_PROBLEM_NO_TIME:
      return g_strdup (_("the value has no time"));
    case KH_DATE_PROBLEM_NO_OFFSET:
      return g_strdup (_("the value has no UTC offset"));
    case KH_DATE_PROBLEM_NONE:
    default:
      return g_strdup ("");
    }
}
