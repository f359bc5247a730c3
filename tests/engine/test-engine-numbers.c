/* test-engine-numbers.c: exact decimals, parse-number, round, scale,
 * format-number
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kh-decimal-private.h"
#include "kh-engine-test-util.h"
#include "kh-number-parse-private.h"

static char *
dec_string (const KhDecimal *dec)
{
  char buf[KH_DECIMAL_STRING_MAX];

  kh_decimal_format (dec, buf);
  return g_strdup (buf);
}

static char *
rounded (const char  *value,
         int          scale,
         KhRoundMode  mode)
{
  KhDecimal dec;

  g_assert_cmpint (kh_decimal_parse (&dec, value, strlen (value)), ==, KH_DECIMAL_OK);
  g_assert_true (kh_decimal_round (&dec, scale, mode));
  return dec_string (&dec);
}

#define CHECK_ROUND(value, scale, mode, expected) \
  G_STMT_START { \
    g_autofree char *_r = rounded ((value), (scale), (mode)); \
    g_assert_cmpstr (_r, ==, (expected)); \
  } G_STMT_END

static void
test_decimal_round (void)
{
  /* Half up is commercial rounding, in decimal: 2.675 is exactly 2.675 */
  CHECK_ROUND ("2.675", 2, KH_ROUND_HALF_UP, "2.68");
  CHECK_ROUND ("1.005", 2, KH_ROUND_HALF_UP, "1.01");
  CHECK_ROUND ("1.0049999", 2, KH_ROUND_HALF_UP, "1.00");
  CHECK_ROUND ("-2.675", 2, KH_ROUND_HALF_UP, "-2.68");
  CHECK_ROUND ("-7.5", 0, KH_ROUND_HALF_UP, "-8");
  CHECK_ROUND ("9.995", 2, KH_ROUND_HALF_UP, "10.00");
  CHECK_ROUND ("999.5", 0, KH_ROUND_HALF_UP, "1000");
  /* Half even (banker's) */
  CHECK_ROUND ("2.665", 2, KH_ROUND_HALF_EVEN, "2.66");
  CHECK_ROUND ("2.675", 2, KH_ROUND_HALF_EVEN, "2.68");
  CHECK_ROUND ("2.6651", 2, KH_ROUND_HALF_EVEN, "2.67");
  CHECK_ROUND ("0.5", 0, KH_ROUND_HALF_EVEN, "0");
  CHECK_ROUND ("1.5", 0, KH_ROUND_HALF_EVEN, "2");
  CHECK_ROUND ("-2.5", 0, KH_ROUND_HALF_EVEN, "-2");
  /* Directed */
  CHECK_ROUND ("2.679", 2, KH_ROUND_DOWN, "2.67");
  CHECK_ROUND ("-2.679", 2, KH_ROUND_DOWN, "-2.67");
  CHECK_ROUND ("2.671", 2, KH_ROUND_UP, "2.68");
  CHECK_ROUND ("-2.671", 2, KH_ROUND_UP, "-2.68");
  CHECK_ROUND ("2.670", 2, KH_ROUND_UP, "2.67");
  CHECK_ROUND ("2.671", 2, KH_ROUND_FLOOR, "2.67");
  CHECK_ROUND ("-2.671", 2, KH_ROUND_FLOOR, "-2.68");
  CHECK_ROUND ("2.671", 2, KH_ROUND_CEILING, "2.68");
  CHECK_ROUND ("-2.671", 2, KH_ROUND_CEILING, "-2.67");
  /* No -0 */
  CHECK_ROUND ("-0.4", 0, KH_ROUND_HALF_UP, "0");
  CHECK_ROUND ("-0.004", 2, KH_ROUND_HALF_UP, "0.00");
  /* Padding to the scale, and integers */
  CHECK_ROUND ("2.5", 2, KH_ROUND_HALF_UP, "2.50");
  CHECK_ROUND ("7", 1, KH_ROUND_HALF_UP, "7.0");
}

static void
test_decimal_parse_compare (void)
{
  KhDecimal a, b;
  g_autofree char *s = NULL;
  gint64 v;

  g_assert_cmpint (kh_decimal_parse (&a, "007.50", 6), ==, KH_DECIMAL_OK);
  s = dec_string (&a);
  g_assert_cmpstr (s, ==, "7.50");
  g_assert_cmpint (kh_decimal_parse (&a, "1.", 2), ==, KH_DECIMAL_SYNTAX);
  g_assert_cmpint (kh_decimal_parse (&a, ".5", 2), ==, KH_DECIMAL_SYNTAX);
  g_assert_cmpint (kh_decimal_parse (&a, "1e5", 3), ==, KH_DECIMAL_SYNTAX);
  g_assert_cmpint (kh_decimal_parse (&a, "", 0), ==, KH_DECIMAL_SYNTAX);

  /* Compare: sign, integer length, digits, fraction */
  kh_decimal_parse (&a, "10", 2);
  kh_decimal_parse (&b, "9.999", 5);
  g_assert_cmpint (kh_decimal_compare (&a, &b), >, 0);
  kh_decimal_parse (&a, "1.50", 4);
  kh_decimal_parse (&b, "1.5", 3);
  g_assert_cmpint (kh_decimal_compare (&a, &b), ==, 0);
  kh_decimal_parse (&a, "-2", 2);
  kh_decimal_parse (&b, "-10", 3);
  g_assert_cmpint (kh_decimal_compare (&a, &b), >, 0);
  kh_decimal_parse (&a, "-0.00", 5);
  kh_decimal_parse (&b, "0", 1);
  g_assert_cmpint (kh_decimal_compare (&a, &b), ==, 0);

  /* Canonical spellings */
  g_assert_true (kh_decimal_is_canonical ("0", 1, TRUE));
  g_assert_true (kh_decimal_is_canonical ("-12", 3, TRUE));
  g_assert_false (kh_decimal_is_canonical ("012", 3, TRUE));
  g_assert_false (kh_decimal_is_canonical ("-0", 2, TRUE));
  g_assert_false (kh_decimal_is_canonical ("+1", 2, TRUE));
  g_assert_false (kh_decimal_is_canonical ("1.0", 3, TRUE));
  g_assert_true (kh_decimal_is_canonical ("1.0", 3, FALSE));
  g_assert_true (kh_decimal_is_canonical ("-0.5", 4, FALSE));
  g_assert_false (kh_decimal_is_canonical ("-0.0", 4, FALSE));
  g_assert_false (kh_decimal_is_canonical ("1,234", 5, FALSE));
  g_assert_true (kh_decimal_is_canonical ("9223372036854775807", 19, TRUE));
  g_assert_false (kh_decimal_is_canonical ("9223372036854775808", 19, TRUE));
  g_assert_true (kh_decimal_is_canonical ("-9223372036854775808", 20, TRUE));
  g_assert_true (kh_decimal_is_canonical ("12345678901234567890123456789012345678", 38, FALSE));
  g_assert_false (kh_decimal_is_canonical ("123456789012345678901234567890123456789", 39, FALSE));

  /* int64 limits */
  kh_decimal_parse (&a, "-9223372036854775808", 20);
  g_assert_true (kh_decimal_to_int64 (&a, &v));
  g_assert_cmpint (v, ==, G_MININT64);
  kh_decimal_parse (&a, "9223372036854775807", 19);
  g_assert_true (kh_decimal_to_int64 (&a, &v));
  g_assert_cmpint (v, ==, G_MAXINT64);
  kh_decimal_parse (&a, "9223372036854775808", 19);
  g_assert_false (kh_decimal_to_int64 (&a, &v));
  kh_decimal_parse (&a, "12.5", 4);
  g_assert_false (kh_decimal_to_int64 (&a, &v));
  kh_decimal_parse (&a, "12.000", 6);
  g_assert_true (kh_decimal_to_int64 (&a, &v));
  g_assert_cmpint (v, ==, 12);
}

static void
test_decimal_scale_trim (void)
{
  static const struct { const char *value; int exponent; const char *expected; } cases[] = {
    { "123456", -2, "1234.56" },
    { "1.5", 3, "1500" },
    { "1.50", 1, "15.0" },
    { "100", -2, "1.00" },
    { "5", -3, "0.005" },
    { "-5", -1, "-0.5" },
    { "0.001", 3, "1" },
    { "12.345", 0, "12.345" },
  };
  KhDecimal dec;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *s = NULL;

      kh_decimal_parse (&dec, cases[i].value, strlen (cases[i].value));
      g_assert_true (kh_decimal_scale (&dec, cases[i].exponent));
      s = dec_string (&dec);
      g_assert_cmpstr (s, ==, cases[i].expected);
    }

  kh_decimal_parse (&dec, "1.2300", 6);
  g_assert_true (kh_decimal_trim_fraction (&dec, 2));
  g_assert_cmpint (dec.n_frac, ==, 2);
  kh_decimal_parse (&dec, "1.234", 5);
  g_assert_false (kh_decimal_trim_fraction (&dec, 2));
  g_assert_cmpint (dec.n_frac, ==, 3);
}

#define PN "parse-number"

static void
test_parse_number_forms (void)
{
  /* Separators as parameters */
  test_check ("1,234.56", "1234.56", PN, NULL);
  test_check ("1.234,56", "1234.56", PN, "decimal-separator", ",", "grouping-separator", ".", NULL);
  test_check ("1 234,56", "1234.56", PN, "decimal-separator", ",", "grouping-separator", " ", NULL);
  test_check ("1\u00a0234,56", "1234.56", PN, "decimal-separator", ",", "grouping-separator", " ", NULL);
  test_check ("1'234.56", "1234.56", PN, "grouping-separator", "'", NULL);
  test_check ("1’234.56", "1234.56", PN, "grouping-separator", "'", NULL);
  test_check ("1234567", "1234567", PN, NULL);
  test_check ("1,234,567", "1234567", PN, NULL);
  test_check ("0.5", "0.5", PN, NULL);
  test_check (".5", "0.5", PN, NULL);
  test_check ("007", "7", PN, NULL);
  /* Digits kept as written */
  test_check ("12,345.00", "12345.00", PN, NULL);
  test_check ("0.10", "0.10", PN, NULL);
  test_check ("0.1000000000000000055511151231257827", "0.1000000000000000055511151231257827", PN, NULL);
  /* Negatives */
  test_check ("12,345.00-", "-12345.00", PN, NULL);
  test_check ("-12,345.00", "-12345.00", PN, NULL);
  test_check ("+12", "12", PN, NULL);
  test_check ("(123)", "-123", PN, NULL);
  test_check ("△１，２００", "-1200", PN, NULL);
  test_check ("▲500", "-500", PN, NULL);
  test_check ("-0.00", "0.00", PN, NULL);
  test_check ("0-", "0", PN, NULL);
  /* Currency marks, before or after */
  test_check ("¥(3,000)", "-3000", PN, NULL);
  test_check ("￥3,000", "3000", PN, NULL);
  test_check ("$1,234.50", "1234.50", PN, NULL);
  test_check ("1.234,50 €", "1234.50", PN, "decimal-separator", ",", "grouping-separator", ".", NULL);
  test_check ("€ 1.234,50", "1234.50", PN, "decimal-separator", ",", "grouping-separator", ".", NULL);
  test_check ("£12", "12", PN, NULL);
  test_check ("-$5", "-5", PN, NULL);
  test_check ("$-5", "-5", PN, NULL);
  /* Full width */
  test_check ("１２，３４５．６７", "12345.67", PN, NULL);
  test_check ("－１２３", "-123", PN, NULL);
  test_check ("\u2212123", "-123", PN, NULL);
  /* Surrounding white space */
  test_check ("  1,234  ", "1234", PN, NULL);
  test_check ("\u3000１２３\u3000", "123", PN, NULL);
  /* Missing values pass through as null */
  test_check ("", "<null>", PN, NULL);
  test_check (NULL, "<null>", PN, NULL);
}

static void
test_parse_number_errors (void)
{
  test_check_error ("12,34", "grouping", PN, NULL);
  test_check_error ("1,2345", "grouping", PN, NULL);
  test_check_error ("1234,567", "grouping", PN, NULL);
  test_check_error (",123", "not a number", PN, NULL);
  test_check_error ("1,234,", "grouping", PN, NULL);
  test_check_error ("1.234,56", "grouping", PN, NULL);
  test_check_error ("1.5.6", "not a number", PN, NULL);
  test_check_error ("1,234", "allows none", PN, "grouping-separator", "", NULL);
  test_check_error ("12a", "not a number", PN, NULL);
  test_check_error ("1e5", "not a number", PN, NULL);
  test_check_error ("5.", "not a number", PN, NULL);
  test_check_error ("-", "not a number", PN, NULL);
  test_check_error ("--5", "more than one sign", PN, NULL);
  test_check_error ("-5-", "more than one sign", PN, NULL);
  test_check_error ("-(5)", "more than one sign", PN, NULL);
  test_check_error ("(5", "not a number", PN, NULL);
  test_check_error ("5)", "not a number", PN, NULL);
  test_check_error ("$$5", "not a number", PN, NULL);
  test_check_error ("¥5", "not a number", PN, "currency", "false", NULL);
  test_check_error ("5-", "not a number", PN, "trailing-minus", "false", NULL);
  test_check_error ("(5)", "not a number", PN, "parentheses", "false", NULL);
  test_check_error ("△5", "not a number", PN, "triangle", "false", NULL);
  test_check_error ("1 2", "not a number", PN, NULL);
  test_check_error ("123456789012345678901234567890123456789", "more than 38 digits", PN, NULL);
  test_check ("12345678901234567890123456789012345678", "12345678901234567890123456789012345678", PN, NULL);
  /* The reason names the value and the expectation */
  test_check ("12,34", "!“12,34” has the grouping separator “,” in the wrong place; expected groups of three digits", PN, NULL);
  /* Compile errors */
  test_check_error ("1", "same character", PN, "decimal-separator", ",", NULL);
  test_check_error ("1", "one character or empty", PN, "grouping-separator", ".,", NULL);
}

static void
test_parse_number_integer (void)
{
  KhValueType type;
  g_autoptr(KhStep) step = test_step_new (PN, "as", "integer", NULL);
  const char *inputs[] = { "4,999,000" };
  g_autofree char *out = test_run_steps (NULL, &step, 1, inputs, 1, &type);

  g_assert_cmpstr (out, ==, "4999000");
  g_assert_cmpint (type, ==, KH_VALUE_INTEGER);

  test_check ("12.00", "12", PN, "as", "integer", NULL);
  test_check ("12,345.00-", "-12345", PN, "as", "integer", NULL);
  test_check ("-0", "0", PN, "as", "integer", NULL);
  test_check ("9,223,372,036,854,775,807", "9223372036854775807", PN, "as", "integer", NULL);
  test_check ("9223372036854775808-", "-9223372036854775808", PN, "as", "integer", NULL);
  test_check_error ("9,223,372,036,854,775,808", "does not fit in a 64-bit integer", PN, "as", "integer", NULL);
  test_check_error ("99999999999999999999", "does not fit in a 64-bit integer", PN, "as", "integer", NULL);
  test_check_error ("12.50", "not a whole number", PN, "as", "integer", NULL);
  test_check_error ("0.001", "not a whole number", PN, "as", "integer", NULL);
}

static void
test_parse_number_type (void)
{
  KhValueType type;
  g_autoptr(KhStep) step = test_step_new (PN, NULL);
  const char *inputs[] = { "1,234.50" };
  g_autofree char *out = test_run_steps (NULL, &step, 1, inputs, 1, &type);

  g_assert_cmpstr (out, ==, "1234.50");
  g_assert_cmpint (type, ==, KH_VALUE_DECIMAL);
}

static void
test_round_scale_format (void)
{
  test_check ("2.675", "2.68", "round", "scale", "2", NULL);
  test_check ("1.005", "1.01", "round", "scale", "2", NULL);
  test_check ("2.665", "2.66", "round", "scale", "2", "mode", "half-even", NULL);
  test_check ("-7.5", "-8", "round", NULL);
  test_check ("2.5", "2.50", "round", "scale", "2", NULL);
  test_check ("2.679", "2.67", "round", "scale", "2", "mode", "down", NULL);
  test_check ("-2.671", "-2.68", "round", "scale", "2", "mode", "floor", NULL);
  test_check_error ("1,234.5", "is not a number", "round", NULL);
  test_check_error ("abc", "parse-number", "round", NULL);

  test_check ("123456", "1234.56", "scale", "exponent", "-2", NULL);
  test_check ("1.5", "1500", "scale", "exponent", "3", NULL);
  test_check ("-0.5", "-500", "scale", "exponent", "3", NULL);
  test_check_error ("12345678901234567890123456789012345678", "more than 38 digits", "scale", "exponent", "3", NULL);

  test_check ("1234567.5", "1,234,567.50", "format-number", "grouping-separator", ",", "scale", "2", NULL);
  test_check ("-1234.5", "-1.234,5", "format-number", "decimal-separator", ",", "grouping-separator", ".", NULL);
  test_check ("1234.5", "1234.5", "format-number", NULL);
  test_check ("999.995", "1,000.00", "format-number", "grouping-separator", ",", "scale", "2", NULL);
  test_check ("-0.001", "0.00", "format-number", "scale", "2", NULL);
  test_check ("123", "123", "format-number", "grouping-separator", ",", NULL);
  test_check ("1234", "1 234", "format-number", "grouping-separator", " ", NULL);
  test_check ("12", "12.000", "format-number", "scale", "3", NULL);
}

static void
test_chain_types (void)
{
  /* round keeps its input's type: a decimal from parse-number stays one,
   * an integer is left alone */
  KhValueType type;
  g_autoptr(KhStep) parse = test_step_new (PN, NULL);
  g_autoptr(KhStep) round = test_step_new ("round", "scale", "1", NULL);
  g_autoptr(KhStep) parse_int = test_step_new (PN, "as", "integer", NULL);
  g_autoptr(KhStep) round2 = test_step_new ("round", "scale", "1", NULL);
  KhStep *steps[] = { parse, round };
  KhStep *steps2[] = { parse_int, round2 };
  const char *inputs[] = { "1,234.56" };
  const char *inputs2[] = { "1,234" };
  g_autofree char *out = test_run_steps (NULL, steps, 2, inputs, 1, &type);
  g_autofree char *out2 = NULL;

  g_assert_cmpstr (out, ==, "1234.6");
  g_assert_cmpint (type, ==, KH_VALUE_DECIMAL);

  out2 = test_run_steps (NULL, steps2, 2, inputs2, 1, &type);
  g_assert_cmpstr (out2, ==, "1234");
  g_assert_cmpint (type, ==, KH_VALUE_INTEGER);
}

/* parse-number reads plain ASCII numbers in a fast path of its own; its
 * answer must be kh_number_parse()'s, the general path, for every string
 * of separators, digits and minus signs, right or wrong. */
static void
check_parse_number_paths (const char *s)
{
  for (guint as_integer = 0; as_integer < 2; as_integer++)
    for (guint trailing = 0; trailing < 2; trailing++)
      {
        KhNumberFormat format = { 0 };
        KhDecimal dec;
        char buf[KH_DECIMAL_STRING_MAX];
        g_autofree char *fast = test_run (s, PN, "decimal-separator", ".", "grouping-separator", ",",
                                          "as", as_integer ? "integer" : "decimal",
                                          "trailing-minus", trailing ? "true" : "false", NULL);

        format.decimal_sep = '.';
        format.grouping_sep = ',';
        format.as_integer = as_integer;
        format.trailing_minus = trailing;
        kh_number_format_init (&format);
        if (kh_number_parse (&format, s, strlen (s), &dec) == KH_NUMBER_OK)
          {
            kh_decimal_format (&dec, buf);
            if (g_strcmp0 (fast, buf) != 0)
              g_error ("parse-number of “%s” (as %s, trailing minus %u): “%s”, general path “%s”",
                       s, as_integer ? "integer" : "decimal", trailing, fast, buf);
          }
        else if (s[0] != '\0' && (fast == NULL || fast[0] != '!'))
          g_error ("parse-number of “%s” (as %s, trailing minus %u): “%s”, general path: an error",
                   s, as_integer ? "integer" : "decimal", trailing, fast);
      }
}

static void
test_parse_number_fast_path (void)
{
  const char alphabet[] = "019,.-";
  const guint n = sizeof alphabet - 1;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261122);
  const char *cases[] = {
    "0", "00", "000,001", "0,000", "0,000.00", "1,234,567.000", "1234,567", "12,34", ",123",
    "123,", "1,2345", "-0.00", "0.00-", "-0.00-", "007", "0.5", ".5", "5.", "1,000,000",
    "12345678901234567890123456789012345678", "123456789012345678901234567890123456789",
    "9223372036854775807", "9223372036854775808", "999999999999999999.0",
    "0000000000000000000000000000000000000000000000001",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    check_parse_number_paths (cases[i]);

  /* Every string of up to three characters, then random ones (test_run()
   * compiles a plan each time: the counts keep the test quick under
   * AddressSanitizer) */
  test_each_string (alphabet, 1, 3, check_parse_number_paths);

  /* Longer ones, mostly digits, with groups of three now and then */
  for (guint k = 0; k < 400; k++)
    {
      guint len = (guint) g_rand_int_range (rand, 4, 24);
      char s[32];

      for (guint i = 0; i < len; i++)
        {
          gint32 r = g_rand_int_range (rand, 0, 20);

          s[i] = r < 14 ? (char) ('0' + r % 10) : alphabet[r % n];
        }
      s[len] = '\0';
      check_parse_number_paths (s);
    }
  for (guint k = 0; k < 150; k++)
    {
      g_autoptr(GString) s = g_string_new (NULL);
      guint groups = (guint) g_rand_int_range (rand, 1, 6);

      if (g_rand_boolean (rand))
        g_string_append_c (s, '-');
      g_string_append_printf (s, "%d", g_rand_int_range (rand, 0, 1000));
      for (guint i = 0; i < groups; i++)
        g_string_append_printf (s, ",%03d", g_rand_int_range (rand, 0, 1000));
      if (g_rand_boolean (rand))
        g_string_append_printf (s, ".%0*d", g_rand_int_range (rand, 1, 4), g_rand_int_range (rand, 0, 10));
      check_parse_number_paths (s->str);
    }
}

/* The same question on a large random corpus, through one compiled plan
 * per format so that it stays quick: number-like strings in many shapes,
 * right and nearly right, under several formats. Each string is read by
 * the step (fast path included) and by kh_number_parse() directly, the
 * general path; the value, its type and whether it failed must agree. */
typedef struct
{
  const char *decimal;     /* decimal-separator */
  const char *grouping;    /* grouping-separator; "" allows none */
  gboolean    trailing;    /* trailing-minus */
  gboolean    integer;     /* as="integer" */
} CorpusFormat;

typedef struct
{
  KhPlan             *plan;
  KhRecordResult     *result;
  int                 column;
  KhNumberFormat      format;       /* as the step's, for kh_number_parse() */
  const CorpusFormat *spec;
  guint               n_ok;
  guint               n_failed;
  guint               n_ok_short;   /* read, at most 17 bytes */
  guint               n_ok_long;    /* read, 18 bytes or more */
} Corpus;

/* Characters that nearly belong: signs, letters, spaces, other
 * separators, a NUL, full-width and typographic forms, broken UTF-8 */
static const char * const corpus_noise[] = {
  "-", "-", "+", " ", "\t", "a", "e", "E", "x", "$", "(", ")", "△", ".", ",", "'", "0", "9",
  "\0", "１", "，", "．", "\u2212", "\u00a0", "\u3000", "é", "¥", "\xff", "\x80", "\xc3",
};

static void
corpus_digits (GString *s,
               GRand   *rand,
               guint    n)
{
  for (guint i = 0; i < n; i++)
    g_string_append_c (s, (char) ('0' + g_rand_int_range (rand, 0, 10)));
}

/* The integer part: 0 to 20 digits (now and then 30 or more), leading
 * zeros, grouped right, grouped wrong or not at all */
static void
corpus_integer (GString *s,
                GRand   *rand,
                char     grouping)
{
  gint32 r = g_rand_int_range (rand, 0, 100);
  guint n = r < 3 ? 0 : r < 6 ? (guint) g_rand_int_range (rand, 30, 46) : (guint) g_rand_int_range (rand, 1, 21);
  g_autoptr(GString) digits = g_string_new (NULL);
  gint32 shape = g_rand_int_range (rand, 0, 100);

  corpus_digits (digits, rand, n);
  if (n > 0 && g_rand_int_range (rand, 0, 5) == 0)
    memset (digits->str, '0', (gsize) g_rand_int_range (rand, 1, (gint32) n + 1));

  if (grouping == '\0' || shape < 40)
    g_string_append_len (s, digits->str, (gssize) digits->len);
  else if (shape < 85)
    {
      /* Groups of three from the right */
      for (guint i = 0; i < n; i++)
        {
          if (i > 0 && (n - i) % 3 == 0)
            g_string_append_c (s, grouping);
          g_string_append_c (s, digits->str[i]);
        }
    }
  else
    {
      /* Groups of one to four digits, anywhere */
      guint i = 0;

      while (i < n)
        {
          /* (MIN() would draw twice) */
          guint size = (guint) g_rand_int_range (rand, 1, 5);

          size = MIN (size, n - i);

          if (i > 0)
            g_string_append_c (s, grouping);
          g_string_append_len (s, digits->str + i, size);
          i += size;
        }
    }
}

static void
corpus_string (GString *s,
               GRand   *rand,
               char     decimal,
               char     grouping)
{
  gint32 sign = g_rand_int_range (rand, 0, 100);
  guint n_noise = G_N_ELEMENTS (corpus_noise);

  g_string_truncate (s, 0);
  if (sign < 12)
    g_string_append_c (s, '-');
  else if (sign < 14)
    g_string_append_c (s, '+');
  else if (sign < 15)
    g_string_append (s, "--");

  corpus_integer (s, rand, grouping);

  if (g_rand_int_range (rand, 0, 100) < 55)
    {
      gint32 r = g_rand_int_range (rand, 0, 100);
      guint n_frac = r < 4 ? 0 : (guint) g_rand_int_range (rand, 1, 7);
      gsize at = s->len + 1;

      g_string_append_c (s, decimal);
      corpus_digits (s, rand, n_frac);
      if (r >= 4 && r < 30)
        memset (s->str + at, '0', n_frac);
      if (g_rand_int_range (rand, 0, 50) == 0)
        {
          g_string_append_c (s, decimal);
          corpus_digits (s, rand, 2);
        }
    }

  sign = g_rand_int_range (rand, 0, 100);
  if (sign < 15)
    g_string_append_c (s, '-');
  else if (sign < 16)
    g_string_append (s, "--");

  /* Now and then a few changes: a character inserted, replaced, deleted
   * or doubled */
  if (g_rand_int_range (rand, 0, 100) < 30)
    {
      guint n_changes = (guint) g_rand_int_range (rand, 1, 3);

      for (guint k = 0; k < n_changes; k++)
        {
          gsize at = s->len > 0 ? (gsize) g_rand_int_range (rand, 0, (gint32) s->len) : 0;
          const char *noise = corpus_noise[g_rand_int_range (rand, 0, (gint32) n_noise)];
          gsize noise_len = noise[0] == '\0' ? 1 : strlen (noise);

          switch (g_rand_int_range (rand, 0, 5))
            {
            case 0:
              g_string_insert_len (s, (gssize) at, noise, (gssize) noise_len);
              break;
            case 1:
              if (s->len > 0)
                g_string_erase (s, (gssize) at, 1);
              g_string_insert_len (s, (gssize) at, noise, (gssize) noise_len);
              break;
            case 2:
              if (s->len > 0)
                g_string_erase (s, (gssize) at, 1);
              break;
            case 3:
              if (s->len > 0)
                g_string_insert_c (s, (gssize) at, s->str[at]);
              break;
            default:
              g_string_insert_c (s, (gssize) (g_rand_boolean (rand) ? 0 : s->len),
                                 g_rand_boolean (rand) ? decimal : grouping != '\0' ? grouping : ',');
              break;
            }
        }
    }
}

static void
corpus_check (Corpus     *corpus,
              const char *str,
              gsize       len)
{
  /* A copy of exactly len + 1 bytes: AddressSanitizer sees a read past
   * the NUL */
  g_autofree char *copy = g_malloc (len + 1);
  KhValue cell = { copy, len, KH_VALUE_STRING };
  KhRecord record = { &cell, 1, 1, 1, NULL, 0 };
  KhValueType type = corpus->format.as_integer ? KH_VALUE_INTEGER : KH_VALUE_DECIMAL;
  char expected[KH_DECIMAL_STRING_MAX];
  const KhValue *value;
  const KhCellError *error;
  gboolean ok;
  KhDecimal dec;

  memcpy (copy, str, len);
  copy[len] = '\0';
  kh_plan_eval (corpus->plan, &record, corpus->result, NULL);
  value = kh_record_result_get_value (corpus->result, (guint) corpus->column);
  error = kh_record_result_get_cell_error (corpus->result, (guint) corpus->column);

  if (len == 0)
    {
      /* Missing: null, no error */
      g_assert_null (error);
      g_assert_cmpint (value->type, ==, KH_VALUE_NULL);
      return;
    }

  /* The general path, as eval_parse_number() takes it */
  ok = g_utf8_validate_len (copy, len, NULL) &&
       kh_number_parse (&corpus->format, copy, len, &dec) == KH_NUMBER_OK;
  if (ok)
    kh_decimal_format (&dec, expected);

  if (ok != (error == NULL) ||
      (ok && (value->type != type || value->len != strlen (expected) ||
              memcmp (value->str, expected, value->len) != 0 || value->str[value->len] != '\0')))
    {
      g_autofree char *shown = g_strescape (copy, NULL);
      g_autofree char *got = error != NULL ? g_strdup_printf ("the error “%s”", error->reason) :
                             g_strdup_printf ("“%.*s” (type %d)", (int) value->len, value->str, value->type);

      g_error ("parse-number of “%s” (%zu bytes; decimal “%s”, grouping “%s”, trailing minus %d, as %s): "
               "%s, general path %s%s%s",
               shown, len, corpus->spec->decimal, corpus->spec->grouping, corpus->spec->trailing,
               corpus->spec->integer ? "integer" : "decimal", got,
               ok ? "“" : "an error", ok ? expected : "", ok ? "”" : "");
    }
  if (ok)
    {
      corpus->n_ok++;
      if (len <= 17)
        corpus->n_ok_short++;
      else
        corpus->n_ok_long++;
    }
  else
    corpus->n_failed++;
}

static void
test_parse_number_fast_path_corpus (void)
{
  static const CorpusFormat formats[] = {
    { ".", ",", TRUE, FALSE },
    { ".", ",", TRUE, TRUE },
    { ".", ",", FALSE, FALSE },
    { ".", ",", FALSE, TRUE },
    { ",", ".", TRUE, FALSE },
    { ",", ".", FALSE, TRUE },
    { ".", "", TRUE, FALSE },
    { ".", "", FALSE, TRUE },
    { ",", "", TRUE, FALSE },
    { ".", "'", TRUE, FALSE },
    { ",", " ", TRUE, FALSE },
    { ".", "\t", TRUE, TRUE },
    /* Separators that are signs elsewhere */
    { "-", ",", TRUE, FALSE },
    { ".", "-", TRUE, FALSE },
    { "+", ",", FALSE, TRUE },
    { " ", "'", TRUE, FALSE },
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260315);
  g_autoptr(GString) s = g_string_new (NULL);
  const char *columns[] = { "in1" };
  const guint n = test_corpus_size (30000);   /* strings per format */
  guint total = 0;

  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      const CorpusFormat *spec = &formats[f];
      g_autoptr(KhMapping) mapping = kh_mapping_new ();
      g_autoptr(KhRule) rule = kh_rule_new ("out");
      g_autoptr(KhStep) step = test_step_new (PN, "decimal-separator", spec->decimal,
                                              "grouping-separator", spec->grouping,
                                              "trailing-minus", spec->trailing ? "true" : "false",
                                              "as", spec->integer ? "integer" : "decimal", NULL);
      g_autoptr(KhPlan) plan = NULL;
      g_autoptr(KhRecordResult) result = NULL;
      g_autoptr(GError) error = NULL;
      Corpus corpus = { 0 };
      char decimal = spec->decimal[0];
      char grouping = spec->grouping[0];

      kh_rule_add_source (rule, "in1");
      kh_rule_append_step (rule, step);
      g_assert_true (kh_mapping_add_rule (mapping, rule));
      plan = kh_plan_new (mapping, columns, 1, KH_PLAN_FLAGS_NONE, &error);
      g_assert_no_error (error);
      result = kh_record_result_new (plan);

      corpus.plan = plan;
      corpus.result = result;
      corpus.column = kh_plan_find_column (plan, "out");
      corpus.spec = spec;
      g_assert_cmpint (corpus.column, >=, 0);
      /* As kh_compile_parse_number() sets it up, from the same parameters */
      corpus.format.decimal_sep = (gunichar) decimal;
      corpus.format.grouping_sep = (gunichar) grouping;
      corpus.format.currency = TRUE;
      corpus.format.trailing_minus = spec->trailing;
      corpus.format.parentheses = TRUE;
      corpus.format.triangle = TRUE;
      corpus.format.as_integer = spec->integer;
      kh_number_format_init (&corpus.format);

      /* The runner's reference workload first, then the random corpus */
      if (f < 2)
        {
          static const char * const workload[] = {
            "2,498,177.34", "9,099,901.48-", "244,000", "0.00", "3,112,000", "0", "99.99-",
          };

          for (guint i = 0; i < G_N_ELEMENTS (workload); i++)
            corpus_check (&corpus, workload[i], strlen (workload[i]));
        }
      for (guint i = 0; i < n; i++)
        {
          corpus_string (s, rand, decimal, grouping);
          corpus_check (&corpus, s->str, s->len);
        }

      /* Both answers come up often, and numbers of every length, or the
       * test proves little */
      g_test_message ("decimal “%s”, grouping “%s”: %u read (%u of up to 17 bytes), %u failed",
                      spec->decimal, spec->grouping, corpus.n_ok, corpus.n_ok_short, corpus.n_failed);
      g_assert_cmpuint (corpus.n_ok, >, n / 5);
      g_assert_cmpuint (corpus.n_failed, >, n / 5);
      g_assert_cmpuint (corpus.n_ok_short, >, n / 10);
      g_assert_cmpuint (corpus.n_ok_long, >, n / 30);
      total += corpus.n_ok + corpus.n_failed;
    }
  g_assert_cmpuint (total, >=, 13 * n);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/engine/numbers/decimal/round", test_decimal_round);
  g_test_add_func ("/engine/numbers/decimal/parse-compare", test_decimal_parse_compare);
  g_test_add_func ("/engine/numbers/decimal/scale-trim", test_decimal_scale_trim);
  g_test_add_func ("/engine/numbers/parse/forms", test_parse_number_forms);
  g_test_add_func ("/engine/numbers/parse/errors", test_parse_number_errors);
  g_test_add_func ("/engine/numbers/parse/integer", test_parse_number_integer);
  g_test_add_func ("/engine/numbers/parse/fast-path", test_parse_number_fast_path);
  g_test_add_func ("/engine/numbers/parse/fast-path-corpus", test_parse_number_fast_path_corpus);
  g_test_add_func ("/engine/numbers/parse/type", test_parse_number_type);
  g_test_add_func ("/engine/numbers/round-scale-format", test_round_scale_format);
  g_test_add_func ("/engine/numbers/chain-types", test_chain_types);

  return g_test_run ();
}
