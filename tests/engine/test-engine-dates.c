/* test-engine-dates.c: date patterns, Japanese eras, OData dates, time zones
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kh-engine-test-util.h"

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
