/* test-engine-dates.c: date patterns, Japanese eras, OData dates, time zones
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kh-engine-test-util.h"
#include "kh-steps-dates-private.h"

#define PD "parse-date"

static void
test_parse_date_patterns (void)
{
  /* Exact widths */
  test_check ("2024/03/13", "2024-03-13", PD, "pattern", "yyyy/MM/dd", NULL);
  test_check_error ("2024/3/13", "does not match yyyy/MM/dd", PD, "pattern", "yyyy/MM/dd", NULL);
  test_check_error ("24/03/13", "does not match", PD, "pattern", "yyyy/MM/dd", NULL);
  test_check_error ("2024/03/13 ", "does not match", PD, "pattern", "yyyy/MM/dd", NULL);
  test_check_error ("2024-03-13", "does not match", PD, "pattern", "yyyy/MM/dd", NULL);
  /* M and d take one or two digits */
  test_check ("2024/3/7", "2024-03-07", PD, "pattern", "yyyy/M/d", NULL);
  test_check ("2024/12/31", "2024-12-31", PD, "pattern", "yyyy/M/d", NULL);
  test_check_error ("2024/123/1", "does not match", PD, "pattern", "yyyy/M/d", NULL);
  /* No separators */
  test_check ("20240313", "2024-03-13", PD, "pattern", "yyyyMMdd", NULL);
  test_check_error ("2024031", "does not match", PD, "pattern", "yyyyMMdd", NULL);
  /* Literal letters in quotes, and times */
  test_check ("2024-03-13T09:05:07", "2024-03-13T09:05:07", PD,
              "pattern", "yyyy-MM-dd'T'HH:mm:ss", "as", "datetime", NULL);
  test_check ("13.03.2024 9:05", "2024-03-13T09:05:00", PD,
              "pattern", "dd.MM.yyyy H:mm", "as", "datetime", NULL);
  test_check ("2024-03-13 09:05:07.250", "2024-03-13T09:05:07.250", PD,
              "pattern", "yyyy-MM-dd HH:mm:ss.SSS", "as", "datetime", NULL);
  test_check ("09:05", "09:05:00", PD, "pattern", "HH:mm", "as", "time", NULL);
  test_check ("2024-03-13 09:05", "2024-03-13", PD, "pattern", "yyyy-MM-dd HH:mm", NULL);
  test_check ("2024-03-13", "2024-03-13T00:00:00", PD, "pattern", "yyyy-MM-dd", "as", "datetime", NULL);
  /* 12-hour clock */
  test_check ("03/13/2024 12:30 AM", "2024-03-13T00:30:00", PD,
              "pattern", "MM/dd/yyyy hh:mm a", "as", "datetime", NULL);
  test_check ("03/13/2024 12:30 PM", "2024-03-13T12:30:00", PD,
              "pattern", "MM/dd/yyyy hh:mm a", "as", "datetime", NULL);
  test_check ("03/13/2024 1:30 pm", "2024-03-13T13:30:00", PD,
              "pattern", "MM/dd/yyyy h:mm a", "as", "datetime", NULL);
  test_check_error ("03/13/2024 13:30 PM", "12-hour clock has no hour 13", PD,
                    "pattern", "MM/dd/yyyy hh:mm a", "as", "datetime", NULL);
  /* Month names (English), day names checked against the date */
  test_check ("13-Mar-2024", "2024-03-13", PD, "pattern", "dd-MMM-yyyy", NULL);
  test_check ("13-MAR-2024", "2024-03-13", PD, "pattern", "dd-MMM-yyyy", NULL);
  test_check ("13 September 2024", "2024-09-13", PD, "pattern", "dd MMMM yyyy", NULL);
  test_check_error ("13-Mrz-2024", "does not match", PD, "pattern", "dd-MMM-yyyy", NULL);
  test_check ("Wed, 13 Mar 2024", "2024-03-13", PD, "pattern", "EEE, dd MMM yyyy", NULL);
  test_check_error ("Tue, 13 Mar 2024", "the date is a Wednesday, not a Tuesday", PD,
                    "pattern", "EEE, dd MMM yyyy", NULL);
  /* Offsets */
  test_check ("2024-03-13T09:30:00+09:00", "2024-03-13T09:30:00+09:00", PD,
              "pattern", "yyyy-MM-dd'T'HH:mm:ssXXX", "as", "datetime", NULL);
  test_check ("2024-03-13T09:30:00Z", "2024-03-13T09:30:00Z", PD,
              "pattern", "yyyy-MM-dd'T'HH:mm:ssXXX", "as", "datetime", NULL);
  test_check ("2024-03-13 09:30 -0500", "2024-03-13T09:30:00-05:00", PD,
              "pattern", "yyyy-MM-dd HH:mm Z", "as", "datetime", NULL);
  test_check ("2024-03-13 09:30 +09", "2024-03-13T09:30:00+09:00", PD,
              "pattern", "yyyy-MM-dd HH:mm X", "as", "datetime", NULL);
  test_check_error ("2024-03-13 09:30 Z", "does not match", PD,
                    "pattern", "yyyy-MM-dd HH:mm Z", "as", "datetime", NULL);
}

static void
test_parse_date_impossible (void)
{
  test_check_error ("2023-02-30", "2023-02 has no day 30", PD, "pattern", "yyyy-MM-dd", NULL);
  test_check_error ("2023-02-29", "2023-02 has no day 29", PD, "pattern", "yyyy-MM-dd", NULL);
  test_check ("2024-02-29", "2024-02-29", PD, "pattern", "yyyy-MM-dd", NULL);
  test_check ("2000-02-29", "2000-02-29", PD, "pattern", "yyyy-MM-dd", NULL);
  test_check_error ("1900-02-29", "1900-02 has no day 29", PD, "pattern", "yyyy-MM-dd", NULL);
  test_check_error ("2024-04-31", "has no day 31", PD, "pattern", "yyyy-MM-dd", NULL);
  test_check_error ("2024-04-00", "has no day 0", PD, "pattern", "yyyy-MM-dd", NULL);
  test_check_error ("2024-13-01", "there is no month 13", PD, "pattern", "yyyy-MM-dd", NULL);
  test_check_error ("2024-00-01", "there is no month 0", PD, "pattern", "yyyy-MM-dd", NULL);
  test_check_error ("0000-01-01", "no year 0", PD, "pattern", "yyyy-MM-dd", NULL);
  test_check_error ("2024-03-13 24:00", "no hour 24", PD, "pattern", "yyyy-MM-dd HH:mm", "as", "datetime", NULL);
  test_check_error ("2024-03-13 23:60", "no minute 60", PD, "pattern", "yyyy-MM-dd HH:mm", "as", "datetime", NULL);
  test_check_error ("2024-03-13 23:59:60", "no second 60", PD,
                    "pattern", "yyyy-MM-dd HH:mm:ss", "as", "datetime", NULL);
  /* The reason quotes the value and the pattern */
  test_check ("03/13/2024", "!“03/13/2024” does not match dd/MM/yyyy: there is no month 13", PD,
              "pattern", "dd/MM/yyyy", NULL);
}

static void
test_parse_date_several (void)
{
  /* Tried in order; one reading is fine */
  test_check ("2024/03/13", "2024-03-13", PD, "pattern", "yyyy/MM/dd", "pattern", "dd-MM-yyyy",
              "pattern", "yyyyMMdd", "pattern", "yyyy-MM-dd", NULL);
  test_check ("13-03-2024", "2024-03-13", PD, "pattern", "yyyy/MM/dd", "pattern", "dd-MM-yyyy",
              "pattern", "yyyyMMdd", "pattern", "yyyy-MM-dd", NULL);
  test_check ("20240313", "2024-03-13", PD, "pattern", "yyyy/MM/dd", "pattern", "dd-MM-yyyy",
              "pattern", "yyyyMMdd", "pattern", "yyyy-MM-dd", NULL);
  test_check_error ("13.03.2024", "does not match any of yyyy/MM/dd, dd-MM-yyyy", PD,
                    "pattern", "yyyy/MM/dd", "pattern", "dd-MM-yyyy", NULL);
  /* Ambiguous: two patterns read different dates */
  test_check_error ("03/04/2024", "ambiguous", PD, "pattern", "dd/MM/yyyy", "pattern", "MM/dd/yyyy", NULL);
  test_check_error ("03/04/2024", "dd/MM/yyyy reads it as 2024-04-03, but MM/dd/yyyy reads it as 2024-03-04", PD,
                    "pattern", "dd/MM/yyyy", "pattern", "MM/dd/yyyy", NULL);
  test_check ("03/04/2024", "2024-04-03", PD, "pattern", "dd/MM/yyyy", "pattern", "MM/dd/yyyy",
              "ambiguous", "first", NULL);
  /* Only one of them can read 13/04: not ambiguous */
  test_check ("13/04/2024", "2024-04-13", PD, "pattern", "dd/MM/yyyy", "pattern", "MM/dd/yyyy", NULL);
  test_check ("04/13/2024", "2024-04-13", PD, "pattern", "dd/MM/yyyy", "pattern", "MM/dd/yyyy", NULL);
  /* The same date read twice is not ambiguous */
  test_check ("04/04/2024", "2024-04-04", PD, "pattern", "dd/MM/yyyy", "pattern", "MM/dd/yyyy", NULL);
  /* A structural match that is impossible gives its reason when no pattern reads it */
  test_check_error ("30/02/2024", "2024-02 has no day 30", PD, "pattern", "yyyy-MM-dd", "pattern", "dd/MM/yyyy", NULL);
}

/* Patterns that are dates by position are read by a fast path; it must
 * read every text exactly as the general one. A last pattern that no text
 * of these lengths can match, and that is not a date by position, sends
 * the same patterns through the general path: both must give the same
 * value, or fail with the same reason (apart from the list of patterns a
 * text matches none of). */
static void
check_same_reading (const char *text,
                    const char *ambiguous)
{
  g_autofree char *fast = test_run (text, PD, "pattern", "yyyy/MM/dd", "pattern", "dd-MM-yyyy",
                                    "pattern", "yyyyMMdd", "pattern", "yyyy-MM-dd",
                                    "pattern", "MM-dd-yyyy", "ambiguous", ambiguous, NULL);
  g_autofree char *general = test_run (text, PD, "pattern", "yyyy/MM/dd", "pattern", "dd-MM-yyyy",
                                       "pattern", "yyyyMMdd", "pattern", "yyyy-MM-dd",
                                       "pattern", "MM-dd-yyyy", "pattern", "yyyy-MM-dd HH:mm:ss.SSS",
                                       "ambiguous", ambiguous, NULL);

  if (fast[0] == '!' && general[0] == '!' && strstr (fast, "does not match any of") != NULL)
    g_assert_nonnull (strstr (general, "does not match any of"));
  else if (g_strcmp0 (fast, general) != 0)
    g_error ("“%s” (ambiguous=%s): the fast path gives “%s”, the general one “%s”",
             text, ambiguous, fast, general);
}

static void
test_parse_date_fast_path (void)
{
  static const char * const texts[] = {
    "2024/02/29", "2023/02/29", "1900/02/29", "2000/02/29", "0000/01/01", "0001/01/01",
    "9999/12/31", "2024/13/01", "2024/00/10", "2024/04/31", "2024/04/00", "2024/4/01",
    "29-02-2024", "29-02-2023", "31-12-1999", "32-01-2024", "01-13-2024", "12-01-2024",
    "13-12-2024", "04-04-2024", "00-01-2024", "20240229", "20230229", "00000101",
    "2024-02-29", "2024-02-30", "2024-2-29", "2024-02-2x", "2O24-02-29", "2024/02-29",
    "20240229 ", " 20240229", "", "2024", "２０２４/０２/２９", "２０２４-０２-３０",
    "2024年02月29日", "12-31-2024", "31-12-2024", "1-1-2024", "+2024/01/01", "-2024/01/01",
  };
  static const int days[] = { 0, 1, 12, 13, 28, 29, 30, 31, 32 };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      check_same_reading (texts[i], "first");
      check_same_reading (texts[i], "error");
    }

  /* The days at the ends of every month of a leap year and of a common
   * one, in every spelling, and days and months that do not exist */
  for (int year = 2023; year <= 2024; year++)
    for (int month = 0; month <= 13; month++)
      for (guint d = 0; d < G_N_ELEMENTS (days); d++)
        {
          int day = days[d];
          char text[32];

          g_snprintf (text, sizeof text, "%04d/%02d/%02d", year, month, day);
          check_same_reading (text, "error");
          g_snprintf (text, sizeof text, "%02d-%02d-%04d", day, month, year);
          check_same_reading (text, "error");
          check_same_reading (text, "first");
          g_snprintf (text, sizeof text, "%04d%02d%02d", year, month, day);
          check_same_reading (text, "error");
        }

  /* And what the fast path reads */
  test_check ("29-02-2024", "2024-02-29", PD, "pattern", "yyyy/MM/dd", "pattern", "dd-MM-yyyy", NULL);
  test_check_error ("04-05-2024", "dd-MM-yyyy reads it as 2024-05-04, but MM-dd-yyyy reads it as 2024-04-05",
                    PD, "pattern", "dd-MM-yyyy", "pattern", "MM-dd-yyyy", NULL);
  test_check ("04-05-2024", "2024-05-04", PD, "pattern", "dd-MM-yyyy", "pattern", "MM-dd-yyyy",
              "ambiguous", "first", NULL);
  test_check_error ("29-02-2023", "“29-02-2023” is not a valid date: 2023-02 has no day 29",
                    PD, "pattern", "yyyy/MM/dd", "pattern", "dd-MM-yyyy", NULL);
}

/* ---- The fast path against two references --------------------------------
 *
 * A large corpus of texts in and around the forms of dates (valid dates in
 * many spellings, impossible ones, wrong separators, letters, spaces, NUL,
 * full-width digits and other bytes >= 0x80 where digits go, wrong
 * lengths) goes through parse-date steps whose patterns are all dates by
 * position, which take the fast path. Each result must be
 *
 *  - what a reference written here from the semantics gives: patterns tried
 *    in order; a text matches one when it has its length, its literals and
 *    ASCII digits (after full-width digits become ASCII) at its fields; the
 *    date must exist; the first reading wins with ambiguous="first",
 *    otherwise all must agree; an impossible date explains the failure
 *    when nothing reads;
 *  - and exactly what the general path gives: the same step with one more
 *    pattern that is not a date by position (and can read none of these
 *    texts), which keeps it off the fast path (its messages are the same
 *    but for that pattern in the list of those a text matches none of).
 *
 * And the fast path alone (_kh_parse_date_eval_fast_only()) must read
 * exactly the texts it always has, the same way: those that match a
 * pattern as they are (no full-width digits), whose first match (with
 * ambiguous="first") or every match (otherwise) gives the same date that
 * exists; it leaves all others to the general path.
 *
 * Each text is given to the engine in a buffer of exactly its length and
 * its NUL, so that under AddressSanitizer a read past its end fails. */

/* Smaller under valgrind and AddressSanitizer (see test_corpus_size()):
 * the general path's messages allocate */
#define CORPUS_SIZE (test_corpus_size (250000))
#define GENERAL_ONLY "yyyy-MM-dd HH:mm:ss.SSS"

typedef struct
{
  guint len;
  int   year;            /* where each field starts */
  int   month;
  int   day;
  char  lits[32];        /* the literal at each place; 0 at a field's */
} RefPattern;

typedef enum
{
  REF_DATE,
  REF_NO_MATCH,
  REF_INVALID,
  REF_AMBIGUOUS,
} RefKind;

typedef struct
{
  RefKind  kind;
  char     value[16];    /* REF_DATE: yyyy-MM-dd */
  guint    invalid_at;   /* REF_INVALID: the first pattern read that gave no date */
  gboolean bad_day;      /* REF_INVALID: because of its day (not its year or month) */
} RefResult;

typedef struct
{
  const char *patterns[8];
  gboolean    first;
} PatternSet;

/* Every form of date the corpus spells, and all that the pattern sets use */
static const char * const corpus_forms[] = {
  "yyyy/MM/dd", "dd-MM-yyyy", "yyyyMMdd", "yyyy-MM-dd", "dd/MM/yyyy", "MM/dd/yyyy",
  "dd.MM.yyyy", "yyyy.MM.dd", "MM-dd-yyyy", "ddMMyyyy", "yyyy'0'MMdd", "yyyyMMdd'0'",
  "'date: 'yyyy-MM-dd", "dd. MM. yyyy", "yyyy/dd/MM",
};

static const PatternSet pattern_sets[] = {
  /* The runner's reference workload, and in other orders */
  { { "yyyy/MM/dd", "dd-MM-yyyy", "yyyyMMdd", "yyyy-MM-dd" }, TRUE },
  { { "yyyy/MM/dd", "dd-MM-yyyy", "yyyyMMdd", "yyyy-MM-dd" }, FALSE },
  { { "yyyy-MM-dd", "yyyyMMdd", "dd-MM-yyyy", "yyyy/MM/dd" }, TRUE },
  { { "yyyyMMdd", "yyyy-MM-dd", "yyyy/MM/dd", "dd-MM-yyyy" }, FALSE },
  /* One pattern */
  { { "dd.MM.yyyy" }, FALSE },
  { { "yyyyMMdd" }, TRUE },
  /* Same shape, readings that conflict */
  { { "dd/MM/yyyy", "MM/dd/yyyy" }, FALSE },
  { { "dd/MM/yyyy", "MM/dd/yyyy" }, TRUE },
  { { "MM/dd/yyyy", "yyyy/MM/dd", "dd/MM/yyyy", "yyyy/dd/MM" }, FALSE },
  { { "yyyy/dd/MM", "MM/dd/yyyy", "yyyy/MM/dd", "dd/MM/yyyy" }, TRUE },
  /* Same length, literals at other places or other literals */
  { { "yyyy/MM/dd", "dd/MM/yyyy", "yyyy.MM.dd", "dd.MM.yyyy", "yyyyMMdd", "ddMMyyyy", "MM-dd-yyyy" }, FALSE },
  { { "ddMMyyyy", "yyyyMMdd", "dd.MM.yyyy", "yyyy.MM.dd" }, TRUE },
  /* Literals that are digits, among others of the same shape; 13 to 16 bytes */
  { { "yyyy'0'MMdd", "yyyyMMdd'0'", "yyyyMMdd" }, FALSE },
  { { "yyyyMMdd'0'", "yyyy'0'MMdd" }, TRUE },
  { { "'date: 'yyyy-MM-dd", "dd. MM. yyyy", "yyyy-MM-dd" }, FALSE },
};

static void
ref_pattern_parse (RefPattern *p,
                   const char *text)
{
  guint pos = 0;

  memset (p, 0, sizeof *p);
  p->year = p->month = p->day = -1;
  for (const char *c = text; *c != '\0'; )
    {
      if (g_str_has_prefix (c, "yyyy"))
        {
          p->year = (int) pos;
          pos += 4;
          c += 4;
        }
      else if (g_str_has_prefix (c, "MM") || g_str_has_prefix (c, "dd"))
        {
          *(c[0] == 'M' ? &p->month : &p->day) = (int) pos;
          pos += 2;
          c += 2;
        }
      else if (*c == '\'')
        {
          for (c++; *c != '\''; c++)
            {
              g_assert_cmpint (*c, !=, '\0');
              p->lits[pos++] = *c;
            }
          c++;
        }
      else
        p->lits[pos++] = *c++;
      g_assert_cmpuint (pos, <, sizeof p->lits);
    }
  g_assert_true (p->year >= 0 && p->month >= 0 && p->day >= 0);
  p->len = pos;
}

static gboolean
ref_is_leap (int year)
{
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static gboolean
ref_date_exists (int year,
                 int month,
                 int day)
{
  static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  if (year == 0 || month < 1 || month > 12 || day < 1)
    return FALSE;
  return day <= days[month - 1] + (month == 2 && ref_is_leap (year));
}

static int
ref_number (const char *p,
            guint       n)
{
  int v = 0;

  for (guint i = 0; i < n; i++)
    v = v * 10 + (p[i] - '0');
  return v;
}

static RefResult
ref_parse (const RefPattern *patterns,
           guint             n_patterns,
           gboolean          first_wins,
           const char       *text,
           gsize             text_len)
{
  RefResult r = { REF_NO_MATCH, "", 0, FALSE };
  gboolean found = FALSE, invalid = FALSE;
  char buf[64];
  gsize len = 0;

  /* Full-width digits (EF BC 90 to 99) become ASCII */
  for (gsize i = 0; i < text_len; len++)
    {
      if (i + 2 < text_len && (guchar) text[i] == 0xEF && (guchar) text[i + 1] == 0xBC &&
          (guchar) text[i + 2] >= 0x90 && (guchar) text[i + 2] <= 0x99)
        {
          buf[len] = (char) ('0' + (guchar) text[i + 2] - 0x90);
          i += 3;
        }
      else
        buf[len] = text[i++];
      g_assert_cmpuint (len, <, sizeof buf - 1);
    }

  for (guint i = 0; i < n_patterns; i++)
    {
      const RefPattern *p = &patterns[i];
      char value[16];
      int year, month, day;
      guint pos;

      if (len != p->len)
        continue;
      for (pos = 0; pos < len; pos++)
        if (p->lits[pos] != 0 ? buf[pos] != p->lits[pos] : !g_ascii_isdigit (buf[pos]))
          break;
      if (pos < len)
        continue;

      year = ref_number (buf + p->year, 4);
      month = ref_number (buf + p->month, 2);
      day = ref_number (buf + p->day, 2);
      if (!ref_date_exists (year, month, day))
        {
          if (!invalid)
            {
              invalid = TRUE;
              r.invalid_at = i;
              r.bad_day = year != 0 && month >= 1 && month <= 12;
            }
          continue;
        }

      g_snprintf (value, sizeof value, "%04d-%02d-%02d", year, month, day);
      if (!found)
        {
          found = TRUE;
          memcpy (r.value, value, sizeof value);
          if (first_wins)
            break;
        }
      else if (strcmp (value, r.value) != 0)
        {
          r.kind = REF_AMBIGUOUS;
          return r;
        }
    }

  r.kind = found ? REF_DATE : invalid ? REF_INVALID : REF_NO_MATCH;
  return r;
}

/* What the fast path reads, into @value, or FALSE for what it leaves */
static gboolean
ref_fast (const RefPattern *patterns,
          guint             n_patterns,
          gboolean          first_wins,
          const char       *text,
          gsize             len,
          char              value[16])
{
  gboolean found = FALSE;

  for (guint i = 0; i < n_patterns; i++)
    {
      const RefPattern *p = &patterns[i];
      char reading[16];
      int year, month, day;
      guint pos;

      if (len != p->len)
        continue;
      for (pos = 0; pos < len; pos++)
        if (p->lits[pos] != 0 ? text[pos] != p->lits[pos] : !g_ascii_isdigit (text[pos]))
          break;
      if (pos < len)
        continue;

      year = ref_number (text + p->year, 4);
      month = ref_number (text + p->month, 2);
      day = ref_number (text + p->day, 2);
      if (!ref_date_exists (year, month, day))
        return FALSE;
      g_snprintf (reading, sizeof reading, "%04d-%02d-%02d", year, month, day);
      if (!found)
        {
          found = TRUE;
          memcpy (value, reading, sizeof reading);
          if (first_wins)
            break;
        }
      else if (strcmp (reading, value) != 0)
        return FALSE;
    }
  return found;
}

/* A parse-date step with @set's patterns (and @extra) */
static KhStep *
make_step (const PatternSet *set,
           const char       *extra)
{
  g_autoptr(GPtrArray) params = g_ptr_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (set->patterns) && set->patterns[i] != NULL; i++)
    {
      g_ptr_array_add (params, (gpointer) "pattern");
      g_ptr_array_add (params, (gpointer) set->patterns[i]);
    }
  if (extra != NULL)
    {
      g_ptr_array_add (params, (gpointer) "pattern");
      g_ptr_array_add (params, (gpointer) extra);
    }
  if (set->first)
    {
      g_ptr_array_add (params, (gpointer) "ambiguous");
      g_ptr_array_add (params, (gpointer) "first");
    }
  g_ptr_array_add (params, NULL);
  return test_step_newv (PD, (const char * const *) params->pdata);
}

/* The step compiled, as a plan compiles it */
static void
compile_step (KhStepImpl       *impl,
              const PatternSet *set,
              const char       *extra)
{
  g_autoptr(KhStep) step = make_step (set, extra);
  g_autoptr(GError) error = NULL;

  g_assert_true (kh_step_impl_compile (impl, step, NULL, &error));
  g_assert_no_error (error);
}

typedef struct
{
  gboolean     failed;
  KhValueType  type;
  const char  *text;     /* the value, or the reason it failed */
  gsize        len;
} RunResult;

/* The step run on a text, as a plan runs it */
static RunResult
run_step (const KhStepImpl *impl,
          KhEvalContext    *ctx,
          const char       *text,
          gsize             len)
{
  KhValue in = { text, len, KH_VALUE_STRING };
  KhValue out = KH_VALUE_INIT_NULL;
  RunResult r;

  ctx->reason = NULL;
  r.failed = !impl->eval (impl, ctx, &in, 1, &out);
  g_assert_true (r.failed == (ctx->reason != NULL));
  r.type = out.type;
  r.text = r.failed ? ctx->reason : out.str;
  r.len = r.failed ? strlen (ctx->reason) : out.len;
  return r;
}

/* A text being made */
typedef struct
{
  char  str[64];
  gsize len;
} Text;

/* A date in @form (yyyy, MM and dd from @year, @month, @day) */
static void
format_form (Text       *text,
             const char *form,
             int         year,
             int         month,
             int         day)
{
  RefPattern p;

  ref_pattern_parse (&p, form);
  memcpy (text->str, p.lits, p.len);
  text->len = p.len;
  g_snprintf (text->str + p.year, 5, "%04d", year);
  g_snprintf (text->str + p.month, 3, "%02d", month);
  g_snprintf (text->str + p.day, 3, "%02d", day);
  /* (what the NULs wrote over) */
  text->str[p.year + 4] = p.lits[p.year + 4];
  text->str[p.month + 2] = p.lits[p.month + 2];
  text->str[p.day + 2] = p.lits[p.day + 2];
}

static void
text_replace (Text       *text,
              gsize       pos,
              gsize       n_old,
              const char *bytes,
              gsize       n_new)
{
  g_assert_cmpuint (text->len - n_old + n_new, <, sizeof text->str);
  memmove (text->str + pos + n_new, text->str + pos + n_old, text->len - pos - n_old);
  if (n_new > 0)
    memcpy (text->str + pos, bytes, n_new);
  text->len = text->len - n_old + n_new;
}

/* A text with one byte (or three, for a full-width digit) changed,
 * inserted or removed, or cut short */
static void
mutate (Text  *text,
        GRand *rand)
{
  static const char pool[] = "/-. 0123456789aOZ'";
  gsize len = text->len;
  gsize pos = len > 0 ? (gsize) g_rand_int_range (rand, 0, (gint32) len) : 0;
  char byte;

  switch (g_rand_int_range (rand, 0, 8))
    {
    case 0:   /* another ASCII byte, or NUL */
    case 1:
      if (len > 0)
        text->str[pos] = g_rand_int_range (rand, 0, 20) == 0 ? '\0' : pool[g_rand_int_range (rand, 0, sizeof pool - 1)];
      break;
    case 2:   /* a byte >= 0x80 */
      if (len > 0)
        text->str[pos] = (char) g_rand_int_range (rand, 0x80, 0x100);
      break;
    case 3:   /* a full-width digit (which the general path reads) */
      if (len > 0)
        {
          char fw[3] = { (char) 0xEF, (char) 0xBC, (char) (0x90 + g_rand_int_range (rand, 0, 10)) };

          if (g_ascii_isdigit (text->str[pos]) && g_rand_boolean (rand))
            fw[2] = (char) (0x90 + text->str[pos] - '0');
          text_replace (text, pos, 1, fw, 3);
        }
      break;
    case 4:   /* one more byte */
      byte = pool[g_rand_int_range (rand, 0, sizeof pool - 1)];
      text_replace (text, pos, 0, &byte, 1);
      break;
    case 5:   /* one less */
      if (len > 0)
        text_replace (text, pos, 1, NULL, 0);
      break;
    case 6:   /* cut short */
      text->len = pos;
      break;
    default:  /* two neighbours swapped */
      if (pos + 1 < len)
        {
          byte = text->str[pos];
          text->str[pos] = text->str[pos + 1];
          text->str[pos + 1] = byte;
        }
      break;
    }
}

static int
random_year (GRand *rand)
{
  static const int special[] = {
    0, 1, 4, 99, 100, 400, 1600, 1700, 1800, 1900, 1999, 2000, 2001, 2004, 2023, 2024,
    2100, 2400, 9996, 9999,
  };

  switch (g_rand_int_range (rand, 0, 8))
    {
    case 0:
      return special[g_rand_int_range (rand, 0, G_N_ELEMENTS (special))];
    case 1:
      return g_rand_int_range (rand, 0, 10000);
    default:
      return g_rand_int_range (rand, 1900, 2101);
    }
}

static int
random_month (GRand *rand)
{
  static const int odd[] = { 0, 13, 19, 20, 22, 99 };

  if (g_rand_int_range (rand, 0, 10) < 8)
    return g_rand_int_range (rand, 1, 13);
  return odd[g_rand_int_range (rand, 0, G_N_ELEMENTS (odd))];
}

static int
random_day (GRand *rand)
{
  static const int odd[] = { 0, 32, 39, 40, 99 };
  int k = g_rand_int_range (rand, 0, 20);

  if (k < 13)
    return g_rand_int_range (rand, 1, 29);
  if (k < 19)
    return g_rand_int_range (rand, 29, 32);
  return odd[g_rand_int_range (rand, 0, G_N_ELEMENTS (odd))];
}

/* The corpus, each text in a buffer of its length and a NUL */
typedef struct
{
  char  *str;
  gsize  len;
} CorpusText;

static CorpusText *
make_corpus (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240229);
  CorpusText *corpus = g_new (CorpusText, CORPUS_SIZE);

  for (guint i = 0; i < CORPUS_SIZE; i++)
    {
      Text text = { "", 0 };
      int k = g_rand_int_range (rand, 0, 100);

      if (k < 2)
        ;   /* empty */
      else if (k < 8)
        {
          /* Random texts of 7 to 12 bytes, mostly digits */
          static const char alphabet[] = "0123456789012345678901234567890123456789/-.";

          text.len = (gsize) g_rand_int_range (rand, 7, 13);
          for (gsize j = 0; j < text.len; j++)
            text.str[j] = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
        }
      else
        {
          const char *form = corpus_forms[g_rand_int_range (rand, 0, G_N_ELEMENTS (corpus_forms))];

          format_form (&text, form, random_year (rand), random_month (rand), random_day (rand));
          /* Six in ten as they are, the others changed once or twice */
          if (k >= 60)
            {
              mutate (&text, rand);
              if (k >= 85)
                mutate (&text, rand);
            }
        }

      /* Exactly its length and a NUL, for AddressSanitizer */
      corpus[i].str = g_malloc (text.len + 1);
      corpus[i].len = text.len;
      memcpy (corpus[i].str, text.str, text.len);
      corpus[i].str[text.len] = '\0';
    }
  return corpus;
}

static void
free_corpus (CorpusText *corpus)
{
  for (guint i = 0; i < CORPUS_SIZE; i++)
    g_free (corpus[i].str);
  g_free (corpus);
}

static char *
shown (const char *text,
       gsize       len)
{
  return g_strescape (g_strndup (text, len), NULL);
}

static void
test_parse_date_fast_path_corpus (void)
{
  CorpusText *corpus = make_corpus ();
  guint counts[4] = { 0 }, n_fast = 0;
  KhArena arena;
  KhEvalContext ctx = { &arena, NULL, FALSE };

  kh_arena_init (&arena);
  for (guint s = 0; s < G_N_ELEMENTS (pattern_sets); s++)
    {
      const PatternSet *set = &pattern_sets[s];
      g_autofree char *names = g_strjoinv (", ", (char **) set->patterns);
      g_autofree char *no_match = NULL;
      g_autofree char *general_no_match = g_strdup_printf ("does not match any of %s, %s", names, GENERAL_ONLY);
      RefPattern patterns[G_N_ELEMENTS (set->patterns)];
      char *invalid_match[G_N_ELEMENTS (set->patterns)];
      guint n_patterns = 0;
      KhStepImpl fast, general;

      while (n_patterns < G_N_ELEMENTS (set->patterns) && set->patterns[n_patterns] != NULL)
        {
          ref_pattern_parse (&patterns[n_patterns], set->patterns[n_patterns]);
          invalid_match[n_patterns] = g_strdup_printf ("does not match %s: ", set->patterns[n_patterns]);
          n_patterns++;
        }
      no_match = g_strdup_printf ("does not match %s%s", n_patterns > 1 ? "any of " : "", names);

      compile_step (&fast, set, NULL);
      compile_step (&general, set, GENERAL_ONLY);
      g_assert_true (_kh_parse_date_has_fast_path (&fast));
      g_assert_false (_kh_parse_date_has_fast_path (&general));

      for (guint i = 0; i < CORPUS_SIZE; i++)
        {
          const char *text = corpus[i].str;
          gsize len = corpus[i].len;
          RefResult want = ref_parse (patterns, n_patterns, set->first, text, len);
          KhValue in = { text, len, KH_VALUE_STRING };
          KhValue out = KH_VALUE_INIT_NULL;
          RunResult got, gen;
          char value[16];
          gboolean fast_reads, ok;

          kh_arena_reset (&arena);
          got = run_step (&fast, &ctx, text, len);
          gen = run_step (&general, &ctx, text, len);

          counts[want.kind]++;
          switch (want.kind)
            {
            case REF_DATE:
              ok = !got.failed && got.type == KH_VALUE_DATE && got.len == 10 &&
                   memcmp (got.text, want.value, 10) == 0 && got.text[10] == '\0' &&
                   !gen.failed && gen.type == KH_VALUE_DATE && gen.len == 10 &&
                   memcmp (gen.text, want.value, 10) == 0;
              break;
            case REF_NO_MATCH:
              /* The general step has one pattern more to list */
              ok = got.failed && gen.failed && g_str_has_suffix (got.text, no_match) &&
                   g_str_has_suffix (gen.text, general_no_match);
              break;
            case REF_INVALID:
            case REF_AMBIGUOUS:
            default:
              ok = got.failed && gen.failed && strcmp (got.text, gen.text) == 0;
              if (want.kind == REF_AMBIGUOUS)
                ok = ok && strstr (got.text, "is ambiguous") != NULL;
              else if (want.bad_day)
                ok = ok && strstr (got.text, "is not a valid date: ") != NULL;
              else
                ok = ok && strstr (got.text, invalid_match[want.invalid_at]) != NULL;
              break;
            }
          if (!ok)
            {
              g_autofree char *t = shown (text, len);
              g_autofree char *g = shown (got.text, got.len);
              g_autofree char *h = shown (gen.text, gen.len);

              g_error ("“%s” with %s%s: the reference gives %d “%s”, the step %s “%s” (type %d), "
                       "the general path %s “%s”", t, names, set->first ? " (first)" : "",
                       want.kind, want.value, got.failed ? "fails" : "gives", g, got.type,
                       gen.failed ? "fails" : "gives", h);
            }

          /* And the fast path alone */
          fast_reads = ref_fast (patterns, n_patterns, set->first, text, len, value);
          ctx.reason = NULL;
          if (_kh_parse_date_eval_fast_only (&fast, &ctx, &in, &out) != fast_reads)
            {
              g_autofree char *t = shown (text, len);

              g_error ("“%s” with %s%s: the fast path %s it, but should %s", t, names,
                       set->first ? " (first)" : "", fast_reads ? "leaves" : "reads",
                       fast_reads ? "read it" : "leave it to the general path");
            }
          if (fast_reads)
            {
              g_assert_cmpint (out.type, ==, KH_VALUE_DATE);
              g_assert_cmpuint (out.len, ==, 10);
              g_assert_cmpstr (out.str, ==, value);
              n_fast++;
            }
          else
            g_assert_true (out.type == KH_VALUE_NULL && ctx.reason == NULL);
        }

      kh_step_impl_clear (&fast);
      kh_step_impl_clear (&general);
      for (guint p = 0; p < n_patterns; p++)
        g_free (invalid_match[p]);
    }
  kh_arena_clear (&arena);
  free_corpus (corpus);

  /* The corpus covers every outcome, well */
  for (guint k = 0; k < G_N_ELEMENTS (counts); k++)
    g_assert_cmpuint (counts[k], >, CORPUS_SIZE / 100);
  g_assert_cmpuint (n_fast, >, CORPUS_SIZE / 2);
  g_test_message ("%u texts: dates %u (%u on the fast path), no match %u, impossible %u, ambiguous %u",
                  CORPUS_SIZE, counts[REF_DATE], n_fast, counts[REF_NO_MATCH],
                  counts[REF_INVALID], counts[REF_AMBIGUOUS]);
}

static void
test_parse_date_two_digit_years (void)
{
  test_check ("13.03.49", "2049-03-13", PD, "pattern", "dd.MM.yy", NULL);
  test_check ("13.03.50", "1950-03-13", PD, "pattern", "dd.MM.yy", NULL);
  test_check ("13.03.99", "1999-03-13", PD, "pattern", "dd.MM.yy", NULL);
  test_check ("13.03.69", "2069-03-13", PD, "pattern", "dd.MM.yy", "two-digit-year-start", "1970", NULL);
  test_check ("13.03.70", "1970-03-13", PD, "pattern", "dd.MM.yy", "two-digit-year-start", "1970", NULL);
  test_check ("13.03.00", "2000-03-13", PD, "pattern", "dd.MM.yy", "two-digit-year-start", "2000", NULL);
}

static void
test_parse_date_full_width (void)
{
  /* Full-width digits are read; the pattern is not changed */
  test_check ("２０２４/０３/１３", "2024-03-13", PD, "pattern", "yyyy/MM/dd", NULL);
  test_check ("２０２４年３月１３日", "2024-03-13", PD, "pattern", "yyyy年M月d日", NULL);
  test_check ("2024年03月13日", "2024-03-13", PD, "pattern", "yyyy年MM月dd日", NULL);
  /* A full-width slash is not the pattern's slash */
  test_check_error ("２０２４／０３／１３", "does not match", PD, "pattern", "yyyy/MM/dd", NULL);
}

static void
test_parse_date_missing_and_compile (void)
{
  /* Missing values pass through: empty becomes null for a parsing step */
  test_check ("", "<null>", PD, "pattern", "yyyy-MM-dd", NULL);
  test_check (NULL, "<null>", PD, "pattern", "yyyy-MM-dd", NULL);

  test_check_error ("x", "compile", PD, "pattern", "yyy-MM-dd", NULL);
  test_check_error ("x", "use yyyy for the year", PD, "pattern", "yyy-MM-dd", NULL);
  test_check_error ("x", "no yyyy", PD, "pattern", "MM-dd", NULL);
  test_check_error ("x", "no dd", PD, "pattern", "yyyy-MM", NULL);
  test_check_error ("x", "no hour", PD, "pattern", "yyyy-MM-dd", "as", "time", NULL);
  test_check_error ("x", "without a", PD, "pattern", "yyyy-MM-dd hh:mm", "as", "datetime", NULL);
  test_check_error ("x", "same field twice", PD, "pattern", "yyyy-MM-dd yyyy", NULL);
  test_check_error ("x", "unclosed quote", PD, "pattern", "yyyy-MM-dd'T", NULL);
}

static void
test_format_date (void)
{
  test_check ("2024-03-13", "13.03.2024", "format-date", "pattern", "dd.MM.yyyy", NULL);
  test_check ("2024-03-07", "2024年3月7日", "format-date", "pattern", "yyyy年M月d日", NULL);
  test_check ("2024-03-07", "07-Mar-24", "format-date", "pattern", "dd-MMM-yy", NULL);
  test_check ("2024-03-13", "Wednesday, March 13, 2024", "format-date", "pattern", "EEEE, MMMM d, yyyy", NULL);
  test_check ("2024-03-13T15:04:05", "03/13/2024 03:04 PM", "format-date", "pattern", "MM/dd/yyyy hh:mm a", NULL);
  test_check ("2024-03-13T00:04:05", "12:04 AM", "format-date", "pattern", "hh:mm a", NULL);
  test_check ("2024-03-13T15:04:05.5", "15:04:05.500", "format-date", "pattern", "HH:mm:ss.SSS", NULL);
  test_check ("2024-03-13T15:04:05+09:00", "2024-03-13T15:04:05+0900", "format-date",
              "pattern", "yyyy-MM-dd'T'HH:mm:ssZ", NULL);
  test_check ("2024-03-13T15:04:05Z", "15:04 Z", "format-date", "pattern", "HH:mm XXX", NULL);
  /* A date is midnight */
  test_check ("2024-03-13", "2024-03-13 00:00", "format-date", "pattern", "yyyy-MM-dd HH:mm", NULL);
  test_check ("09:30:00", "09.30", "format-date", "pattern", "HH.mm", NULL);
  test_check_error ("09:30:00", "has no date", "format-date", "pattern", "yyyy-MM-dd", NULL);
  test_check_error ("2024-03-13T15:04:05", "has no UTC offset", "format-date", "pattern", "HH:mm XXX", NULL);
  test_check_error ("13/03/2024", "is not a date", "format-date", "pattern", "yyyy-MM-dd", NULL);
  test_check_error ("2024-02-30", "is not a date", "format-date", "pattern", "yyyy-MM-dd", NULL);
}

static void
test_format_date_chain (void)
{
  g_autoptr(KhStep) parse = test_step_new (PD, "pattern", "dd/MM/yyyy", NULL);
  g_autoptr(KhStep) format = test_step_new ("format-date", "pattern", "yyyyMMdd", NULL);
  KhStep *steps[] = { parse, format };
  const char *inputs[] = { "07/03/2024" };
  g_autofree char *out = test_run_steps (NULL, steps, 2, inputs, 1, NULL);

  g_assert_cmpstr (out, ==, "20240307");
}

#define JD "parse-japanese-date"

static void
test_japanese_eras (void)
{
  /* Kanji, 元年, separators */
  test_check ("令和元年5月1日", "2019-05-01", JD, NULL);
  test_check ("令和5年4月1日", "2023-04-01", JD, NULL);
  test_check ("令和 5年 4月 1日", "2023-04-01", JD, NULL);
  test_check ("令和5.4.1", "2023-04-01", JD, NULL);
  test_check ("令和05/04/01", "2023-04-01", JD, NULL);
  test_check ("平成元年1月8日", "1989-01-08", JD, NULL);
  test_check ("平成３１年４月３０日", "2019-04-30", JD, NULL);
  test_check ("大正15年12月24日", "1926-12-24", JD, NULL);
  test_check ("昭和元年12月25日", "1926-12-25", JD, NULL);
  test_check ("明治45年7月29日", "1912-07-29", JD, NULL);
  test_check ("大正元年7月30日", "1912-07-30", JD, NULL);
  test_check ("明治6年1月1日", "1873-01-01", JD, NULL);
  /* Initials, either case and width, and the one-character forms */
  test_check ("R5.04.01", "2023-04-01", JD, NULL);
  test_check ("r5.4.1", "2023-04-01", JD, NULL);
  test_check ("Ｒ５．４．１", "2023-04-01", JD, NULL);
  test_check ("H31/4/30", "2019-04-30", JD, NULL);
  test_check ("S64-1-7", "1989-01-07", JD, NULL);
  test_check ("S64.1.7", "1989-01-07", JD, NULL);
  test_check ("T1.7.30", "1912-07-30", JD, NULL);
  test_check ("M45.7.29", "1912-07-29", JD, NULL);
  test_check ("㍻31年4月30日", "2019-04-30", JD, NULL);
  test_check ("㋿元年5月1日", "2019-05-01", JD, NULL);
  test_check ("R元.5.1", "2019-05-01", JD, NULL);
  test_check ("R5 4 1", "2023-04-01", JD, NULL);

  /* Era boundaries */
  test_check ("昭和64年1月7日", "1989-01-07", JD, NULL);
  test_check_error ("昭和64年1月8日", "Shōwa ended on 1989-01-07", JD, NULL);
  test_check_error ("S64.1.8", "Shōwa ended on 1989-01-07", JD, NULL);
  test_check_error ("平成元年1月7日", "Heisei began on 1989-01-08", JD, NULL);
  test_check ("平成31年4月30日", "2019-04-30", JD, NULL);
  test_check_error ("平成31年5月1日", "Heisei ended on 2019-04-30", JD, NULL);
  test_check_error ("令和元年4月30日", "Reiwa began on 2019-05-01", JD, NULL);
  test_check_error ("大正15年12月25日", "Taishō ended on 1926-12-24", JD, NULL);
  test_check_error ("昭和元年12月24日", "Shōwa began on 1926-12-25", JD, NULL);
  test_check_error ("明治45年7月30日", "Meiji ended on 1912-07-29", JD, NULL);
  test_check_error ("大正元年7月29日", "Taishō began on 1912-07-30", JD, NULL);
  test_check_error ("明治5年12月2日", "lunisolar", JD, NULL);

  /* Impossible dates and malformed text */
  test_check_error ("令和5年2月29日", "2023-02 has no day 29", JD, NULL);
  test_check ("令和6年2月29日", "2024-02-29", JD, NULL);
  test_check_error ("令和5年13月1日", "no month 13", JD, NULL);
  test_check_error ("令和0年5月1日", "year 0", JD, NULL);
  test_check_error ("令和5年4月", "is not a Japanese era date", JD, NULL);
  test_check_error ("X5.4.1", "is not a Japanese era date", JD, NULL);
  test_check_error ("R5.4/1", "is not a Japanese era date", JD, NULL);
  test_check_error ("R123.4.1", "is not a Japanese era date", JD, NULL);
  test_check_error ("2023-04-01", "is not a Japanese era date", JD, NULL);
  test_check ("", "<null>", JD, NULL);
}

#define OD "parse-odata-date"

static void
test_odata (void)
{
  test_check ("/Date(1700000000000)/", "2023-11-14T22:13:20Z", OD, NULL);
  test_check ("/Date(1700000000000)/", "2023-11-14", OD, "as", "date", NULL);
  test_check ("/Date(0)/", "1970-01-01T00:00:00Z", OD, NULL);
  test_check ("/Date(-86400000)/", "1969-12-31T00:00:00Z", OD, NULL);
  test_check ("/Date(-1)/", "1969-12-31T23:59:59.999Z", OD, NULL);
  test_check ("/Date(1700000000123)/", "2023-11-14T22:13:20.123Z", OD, NULL);
  /* The offset does not move the instant: the milliseconds are UTC */
  test_check ("/Date(1700000000000+0540)/", "2023-11-14T22:13:20Z", OD, NULL);
  test_check ("/Date(1700000000000-0300)/", "2023-11-14T22:13:20Z", OD, NULL);
  test_check ("\\/Date(1700000000000)\\/", "2023-11-14T22:13:20Z", OD, NULL);
  test_check ("/Date(253402300799999)/", "9999-12-31T23:59:59.999Z", OD, NULL);
  test_check_error ("/Date(253402300800000)/", "outside the years", OD, NULL);
  test_check_error ("/Date(-62135596800001)/", "outside the years", OD, NULL);
  test_check_error ("/Date(1700000000000", "is not an OData date", OD, NULL);
  test_check_error ("/Date()/", "is not an OData date", OD, NULL);
  test_check_error ("/Date(17e11)/", "is not an OData date", OD, NULL);
  test_check_error ("/Date(1700000000000+05400)/", "is not an OData date", OD, NULL);
  test_check_error ("2023-11-14", "is not an OData date", OD, NULL);
}

#define TZ "convert-timezone"

static void
test_convert_timezone (void)
{
  test_check ("2024-03-13T09:30:00", "2024-03-13T00:30:00Z", TZ, "from", "Asia/Tokyo", "to", "UTC", NULL);
  test_check ("2024-03-13T00:30:00Z", "2024-03-13T09:30:00+09:00", TZ, "to", "+09:00", NULL);
  test_check ("2024-03-13T00:30:00Z", "2024-03-13T09:30:00+09:00", TZ, "to", "Asia/Tokyo", NULL);
  /* An offset in the value wins over from */
  test_check ("2024-03-13T09:30:00+09:00", "2024-03-13T00:30:00Z", TZ, "from", "Europe/Berlin", "to", "UTC", NULL);
  test_check ("2024-03-13T09:30:00.250+09:00", "2024-03-13T01:30:00.250+01:00", TZ, "to", "Europe/Berlin", NULL);
  /* Across midnight and a year */
  test_check ("2024-01-01T03:00:00+09:00", "2023-12-31T13:00:00-05:00", TZ, "to", "America/New_York", NULL);
  /* Daylight saving time: summer and winter */
  test_check ("2024-07-01T12:00:00", "2024-07-01T10:00:00Z", TZ, "from", "Europe/Berlin", "to", "UTC", NULL);
  test_check ("2024-01-15T12:00:00", "2024-01-15T11:00:00Z", TZ, "from", "Europe/Berlin", "to", "UTC", NULL);
  /* A local time that never happened, and one that happened twice */
  test_check_error ("2024-03-10T02:30:00", "does not exist in America/New_York", TZ,
                    "from", "America/New_York", "to", "UTC", NULL);
  test_check_error ("2024-11-03T01:30:00", "is ambiguous in America/New_York", TZ,
                    "from", "America/New_York", "to", "UTC", NULL);
  /* A date is midnight */
  test_check ("2024-03-13", "2024-03-12T15:00:00Z", TZ, "from", "Asia/Tokyo", "to", "UTC", NULL);
  test_check_error ("09:30:00", "is not a date and time", TZ, "to", "UTC", NULL);
  test_check_error ("13/03/2024 09:30", "is not a date and time", TZ, "to", "UTC", NULL);
  /* Unknown zones are compile errors */
  test_check_error ("2024-03-13T09:30:00", "not a known time zone", TZ, "to", "Mars/Olympus", NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/engine/dates/parse/patterns", test_parse_date_patterns);
  g_test_add_func ("/engine/dates/parse/impossible", test_parse_date_impossible);
  g_test_add_func ("/engine/dates/parse/several", test_parse_date_several);
  g_test_add_func ("/engine/dates/parse/fast-path", test_parse_date_fast_path);
  g_test_add_func ("/engine/dates/parse/fast-path-corpus", test_parse_date_fast_path_corpus);
  g_test_add_func ("/engine/dates/parse/two-digit-years", test_parse_date_two_digit_years);
  g_test_add_func ("/engine/dates/parse/full-width", test_parse_date_full_width);
  g_test_add_func ("/engine/dates/parse/missing-and-compile", test_parse_date_missing_and_compile);
  g_test_add_func ("/engine/dates/format", test_format_date);
  g_test_add_func ("/engine/dates/format-chain", test_format_date_chain);
  g_test_add_func ("/engine/dates/japanese-eras", test_japanese_eras);
  g_test_add_func ("/engine/dates/odata", test_odata);
  g_test_add_func ("/engine/dates/convert-timezone", test_convert_timezone);

  return g_test_run ();
}
