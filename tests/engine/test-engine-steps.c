/* test-engine-steps.c: text, code and validation steps, edge cases
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kh-engine-test-util.h"
#include "kh-step-impl-private.h"
#include "kh-str-table-private.h"

static void
test_trim_collapse (void)
{
  test_check ("  a b  ", "a b", "trim", NULL);
  test_check ("\t\na\r\n", "a", "trim", NULL);
  test_check ("\u3000山田\u3000", "山田", "trim", NULL);
  test_check ("\u00a0x\u00a0", "x", "trim", NULL);
  test_check ("  a  ", "a  ", "trim", "side", "start", NULL);
  test_check ("  a  ", "  a", "trim", "side", "end", NULL);
  test_check ("**42**", "42", "trim", "chars", "*", NULL);
  test_check ("「株式会社」", "株式会社", "trim", "chars", "「」", NULL);
  test_check ("   ", "", "trim", NULL);
  test_check ("", "", "trim", NULL);
  test_check (NULL, "<null>", "trim", NULL);

  test_check ("  a \t b\n\nc ", "a b c", "collapse-whitespace", NULL);
  test_check ("a b", "a b", "collapse-whitespace", NULL);
  test_check ("  Ivanova Taro ", "Ivanova Taro", "collapse-whitespace", NULL);
  test_check ("a b c d e f g h i", "a b c d e f g h i", "collapse-whitespace", NULL);
  test_check ("a b c  d", "a b c d", "collapse-whitespace", NULL);
  test_check ("a b\tc", "a b c", "collapse-whitespace", NULL);
  test_check ("a b \n", "a b", "collapse-whitespace", NULL);
  test_check ("山田\u3000\u3000太郎", "山田 太郎", "collapse-whitespace", NULL);
  test_check (" \u3000 ", "", "collapse-whitespace", NULL);
}

static void
test_case (void)
{
  test_check ("straße", "STRASSE", "upper-case", NULL);
  test_check ("Ärger über Öl", "ÄRGER ÜBER ÖL", "upper-case", NULL);
  test_check ("ÄRGER", "ärger", "lower-case", NULL);
  test_check ("ｔｏｋｙｏ", "ＴＯＫＹＯ", "upper-case", NULL);
  test_check ("東京 tokyo", "東京 TOKYO", "upper-case", NULL);
  test_check ("ALREADY", "ALREADY", "upper-case", NULL);
  /* The letters' neighbours stay, eight bytes at a time and one by one */
  test_check ("@AZ[`az{@AZ[`az{~", "@az[`az{@az[`az{~", "lower-case", NULL);
  test_check ("@AZ[`az{@AZ[`az{~", "@AZ[`AZ{@AZ[`AZ{~", "upper-case", NULL);
  test_check ("the quick brown fox jumps over the lazy dog 0123456789",
              "THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG 0123456789", "upper-case", NULL);
  /* ASCII i and I do not depend on the locale */
  test_check ("istanbul", "ISTANBUL", "upper-case", NULL);
  test_check ("ISTANBUL", "istanbul", "lower-case", NULL);
  test_check ("o'neil mcdonald-smith 3rd", "O'neil Mcdonald-Smith 3rd", "title-case", NULL);
  test_check ("ÉCOLE NORMALE", "École Normale", "title-case", NULL);
  test_check ("山田 taro", "山田 Taro", "title-case", NULL);
}

static void
test_zeros (void)
{
  test_check ("12345", "0000012345", "pad-zeros", "width", "10", NULL);
  test_check ("0000012345", "0000012345", "pad-zeros", "width", "10", NULL);
  test_check ("AB-1", "AB-1", "pad-zeros", "width", "10", NULL);
  test_check_error ("AB-1", "“AB-1” is not all digits", "pad-zeros", "width", "10", "non-numeric", "error", NULL);
  test_check_error ("12345678901", "“12345678901” is longer than 10 digits", "pad-zeros", "width", "10", NULL);
  test_check ("", "", "pad-zeros", "width", "10", NULL);
  test_check ("１２", "１２", "pad-zeros", "width", "4", NULL);

  test_check ("0000012345", "12345", "strip-zeros", NULL);
  test_check ("0000", "0", "strip-zeros", NULL);
  test_check ("0000", "", "strip-zeros", "keep", "0", NULL);
  test_check ("0000012", "00012", "strip-zeros", "keep", "5", NULL);
  test_check ("12", "12", "strip-zeros", "keep", "5", NULL);
  test_check ("00A7", "00A7", "strip-zeros", NULL);
  test_check_error ("00A7", "not all digits", "strip-zeros", "non-numeric", "error", NULL);
}

static void
test_substring_split (void)
{
  test_check ("JP-13-Tokyo", "13", "substring", "start", "4", "length", "2", NULL);
  test_check ("東京都千代田区", "千代田区", "substring", "start", "-4", NULL);
  test_check ("東京都千代田区", "区", "substring", "start", "-1", NULL);
  test_check ("東京都千代田区", "東京都", "substring", "length", "3", NULL);
  test_check ("abc", "", "substring", "start", "10", NULL);
  test_check ("abc", "abc", "substring", "start", "-10", NULL);
  test_check ("abc", "", "substring", "length", "0", NULL);
  test_check_error ("abc", "cannot be 0", "substring", "start", "0", NULL);

  test_check ("a/b/c", "b", "split", "separator", "/", "part", "2", NULL);
  test_check ("a/b/c", "c", "split", "separator", "/", "part", "-1", NULL);
  test_check ("a/b/c", "a", "split", "separator", "/", "part", "-3", NULL);
  test_check ("a//c", "", "split", "separator", "/", "part", "2", NULL);
  test_check ("a::b", "b", "split", "separator", "::", "part", "2", NULL);
  test_check ("Yamada", "!“Yamada” has 1 part; part 2 was asked for", "split", "separator", " ", "part", "2", NULL);
  test_check_error ("a b", "has 2 parts", "split", "separator", " ", "part", "3", NULL);
  test_check ("Yamada", "<null>", "split", "separator", " ", "part", "2", "missing", "null", NULL);
  test_check ("Yamada", "", "split", "separator", " ", "part", "2", "missing", "empty", NULL);
  test_check_error ("x", "cannot be 0", "split", "separator", " ", "part", "0", NULL);
}

static void
test_replace (void)
{
  test_check ("a-b-c", "a b c", "replace", "find", "-", "with", " ", NULL);
  test_check ("a-b-c", "a b-c", "replace", "find", "-", "with", " ", "all", "false", NULL);
  test_check ("aaa", "bbbbbb", "replace", "find", "a", "with", "bb", NULL);
  test_check ("株式会社山田", "(株)山田", "replace", "find", "株式会社", "with", "(株)", NULL);
  test_check ("abc", "abc", "replace", "find", "x", NULL);
  test_check ("a-b", "ab", "replace", "find", "-", NULL);
  test_check_error ("x", "must not be empty", "replace", "find", "", NULL);

  test_check ("Yamada, Taro", "Taro Yamada", "regex-replace", "pattern", "^(\\w+), (\\w+)$", "with", "\\2 \\1", NULL);
  test_check ("a1b22c333", "a#b#c#", "regex-replace", "pattern", "[0-9]+", "with", "#", NULL);
  test_check ("a1b22c333", "a#b22c333", "regex-replace", "pattern", "[0-9]+", "with", "#", "all", "false", NULL);
  test_check ("東京都", "東京", "regex-replace", "pattern", "都$", NULL);
  test_check_error ("x", "not a valid regular expression", "regex-replace", "pattern", "(", NULL);
  test_check_error ("x", "refers to group 2", "regex-replace", "pattern", "(a)", "with", "\\2", NULL);
}

static void
test_keep_chars (void)
{
  test_check ("+81 3-1234-5678", "+81312345678", "keep-chars", "extra", "+", NULL);
  test_check ("(03) 1234 5678", "0312345678", "keep-chars", NULL);
  test_check ("０３-1234", "1234", "keep-chars", NULL);
  test_check ("Abc-12 ü", "Abcü", "keep-chars", "class", "letters", NULL);
  test_check ("Abc-12 ü", "Abc12ü", "keep-chars", "class", "alphanumeric", NULL);
  test_check ("Abc-12 ü\t", "Abc-12 ", "keep-chars", "class", "ascii", NULL);
  test_check ("a-b_c", "-_", "keep-chars", "class", "none", "extra", "-_", NULL);
  test_check ("〒100-0001", "〒1000001", "keep-chars", "extra", "〒", NULL);
}

static void
test_concat_coalesce_constant (void)
{
  g_autoptr(KhStep) concat = test_step_new ("concat", "separator", " ", NULL);
  g_autoptr(KhStep) concat_all = test_step_new ("concat", "separator", ",", "skip-empty", "false", NULL);
  g_autoptr(KhStep) coalesce = test_step_new ("coalesce", NULL);
  g_autoptr(KhStep) constant = test_step_new ("constant", "value", "SAP", NULL);
  const char *three[] = { "Yamada", NULL, "Taro" };
  const char *none[] = { NULL, "", NULL };
  g_autofree char *a = test_run_steps (NULL, &concat, 1, three, 3, NULL);
  g_autofree char *b = test_run_steps (NULL, &concat_all, 1, three, 3, NULL);
  g_autofree char *c = test_run_steps (NULL, &coalesce, 1, three, 3, NULL);
  g_autofree char *d = test_run_steps (NULL, &coalesce, 1, none, 3, NULL);
  g_autofree char *e = test_run_steps (NULL, &constant, 1, NULL, 0, NULL);
  g_autofree char *f = test_run_steps (NULL, &concat, 1, none, 3, NULL);

  g_assert_cmpstr (a, ==, "Yamada Taro");
  g_assert_cmpstr (b, ==, "Yamada,,Taro");
  g_assert_cmpstr (c, ==, "Yamada");
  g_assert_cmpstr (d, ==, "<null>");
  g_assert_cmpstr (e, ==, "SAP");
  g_assert_cmpstr (f, ==, "");
}

static void
test_nfkc_default (void)
{
  test_check ("ＡＢＣ１２３", "ABC123", "nfkc", NULL);
  test_check ("ｶﾌﾞｼｷｶﾞｲｼｬ", "カブシキガイシャ", "nfkc", NULL);
  test_check ("㈱山田", "(株)山田", "nfkc", NULL);
  test_check ("abc", "abc", "nfkc", NULL);

  test_check ("", "JPY", "default-if-empty", "value", "JPY", NULL);
  test_check (NULL, "JPY", "default-if-empty", "value", "JPY", NULL);
  test_check ("EUR", "EUR", "default-if-empty", "value", "JPY", NULL);
  test_check (" ", " ", "default-if-empty", "value", "JPY", NULL);
}

static KhMapping *
codes_mapping (KhUnknownCode unknown,
               const char   *fallback)
{
  KhMapping *mapping = kh_mapping_new ();
  g_autoptr(KhCodeList) list = kh_code_list_new ("status");

  kh_code_list_append (list, "A", "Active");
  kh_code_list_append (list, "I", "Inactive");
  kh_code_list_append (list, "", "Empty code");
  kh_code_list_set_unknown (list, unknown);
  kh_code_list_set_default_value (list, fallback);
  kh_mapping_add_code_list (mapping, list);
  return mapping;
}

static char *
lookup (KhMapping  *mapping,
        const char *input)
{
  g_autoptr(KhStep) step = test_step_new ("lookup", "code-list", "status", NULL);
  const char *inputs[] = { input };

  return test_run_steps (mapping, &step, 1, inputs, 1, NULL);
}

static void
test_lookup (void)
{
  g_autoptr(KhMapping) error_map = codes_mapping (KH_UNKNOWN_CODE_ERROR, NULL);
  g_autoptr(KhMapping) default_map = codes_mapping (KH_UNKNOWN_CODE_DEFAULT, "Other");
  g_autoptr(KhMapping) keep_map = codes_mapping (KH_UNKNOWN_CODE_KEEP, NULL);
  g_autoptr(KhMapping) null_map = codes_mapping (KH_UNKNOWN_CODE_NULL, NULL);
  g_autoptr(KhMapping) bad_map = codes_mapping (KH_UNKNOWN_CODE_DEFAULT, NULL);
  g_autoptr(KhMapping) no_map = kh_mapping_new ();
  char *s;

#define CHECK_LOOKUP(map, in, expected) \
  s = lookup ((map), (in)); g_assert_cmpstr (s, ==, (expected)); g_free (s)

  CHECK_LOOKUP (error_map, "A", "Active");
  CHECK_LOOKUP (error_map, "I", "Inactive");
  CHECK_LOOKUP (error_map, "a", "!“a” is not in the code list “status”");
  CHECK_LOOKUP (error_map, "A ", "!“A ” is not in the code list “status”");
  CHECK_LOOKUP (default_map, "X", "Other");
  CHECK_LOOKUP (keep_map, "X", "X");
  CHECK_LOOKUP (null_map, "X", "<null>");
  /* Missing values pass through before any lookup */
  CHECK_LOOKUP (error_map, "", "");
  CHECK_LOOKUP (error_map, NULL, "<null>");
  s = lookup (bad_map, "A");
  g_assert_true (g_str_has_prefix (s, "!compile:") && strstr (s, "has no default value") != NULL);
  g_free (s);
  s = lookup (no_map, "A");
  g_assert_true (g_str_has_prefix (s, "!compile:") && strstr (s, "“status”, which the mapping does not have") != NULL);
  g_free (s);

#undef CHECK_LOOKUP
}

/* Code lists compare short codes without memcmp(): a code equals only
 * itself, whatever its length and wherever another differs. */
static void
test_lookup_compare (void)
{
  const char *text = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

  for (gsize len = 0; len <= 20; len++)
    {
      char a[32], b[32];

      memcpy (a, text, len);
      memcpy (b, text, len);
      g_assert_true (kh_str_equal (a, b, len));
      for (gsize i = 0; i < len; i++)
        {
          b[i] = 'a';
          if (kh_str_equal (a, b, len))
            g_error ("length %" G_GSIZE_FORMAT ": a difference at %" G_GSIZE_FORMAT " was not seen", len, i);
          b[i] = a[i];
        }
    }
}

static void
test_lookup_duplicate_code (void)
{
  g_autoptr(KhMapping) mapping = codes_mapping (KH_UNKNOWN_CODE_ERROR, NULL);
  KhCodeList *list = kh_mapping_lookup_code_list (mapping, "status");
  g_autofree char *s = NULL;

  kh_code_list_append (list, "A", "Again");
  s = lookup (mapping, "A");
  g_assert_true (strstr (s, "has the code “A” twice") != NULL);
}

static void
test_boolean (void)
{
  KhValueType type;
  g_autoptr(KhStep) step = test_step_new ("boolean", NULL);
  const char *inputs[] = { "X" };
  g_autofree char *out = test_run_steps (NULL, &step, 1, inputs, 1, &type);

  g_assert_cmpstr (out, ==, "true");
  g_assert_cmpint (type, ==, KH_VALUE_BOOLEAN);

  test_check ("x", "true", "boolean", NULL);
  test_check ("YES", "true", "boolean", NULL);
  test_check ("0", "false", "boolean", NULL);
  test_check ("n", "false", "boolean", NULL);
  test_check ("", "false", "boolean", NULL);
  test_check (NULL, "false", "boolean", NULL);
  test_check ("", "<null>", "boolean", "empty", "null", NULL);
  test_check_error ("", "is empty", "boolean", "empty", "error", NULL);
  test_check_error ("x", "neither true nor false", "boolean", "ignore-case", "false", NULL);
  test_check_error ("maybe", "“maybe” is neither true nor false; true is X, true, 1, yes, Y, false is false, 0, no, N",
                    "boolean", NULL);
  test_check ("on", "true", "boolean", "true", "on", "false", "off", NULL);
  test_check_error ("X", "neither", "boolean", "true", "on", "false", "off", NULL);
  test_check ("ＯＮ", "true", "boolean", "true", "ｏｎ", "false", "off", NULL);
  test_check_error ("x", "among both", "boolean", "true", "y", "false", "Y", NULL);
}

static void
test_validation (void)
{
  test_check ("a", "a", "required", NULL);
  test_check_error ("", "required, but it is empty", "required", NULL);
  test_check_error (NULL, "required, but it is null", "required", NULL);

  test_check ("東京都千代田区", "東京都千代田区", "max-length", "length", "7", NULL);
  test_check_error ("東京都千代田区", "has 7 characters; at most 6 are allowed", "max-length", "length", "6", NULL);
  test_check ("東京都千代田区", "東京都", "max-length", "length", "3", "action", "truncate", NULL);
  test_check ("", "", "max-length", "length", "1", NULL);

  test_check ("JP", "JP", "match", "pattern", "[A-Z]{2}", NULL);
  test_check_error ("JPN", "does not match the pattern [A-Z]{2}", "match", "pattern", "[A-Z]{2}", NULL);
  test_check_error ("xJP", "does not match", "match", "pattern", "[A-Z]{2}", NULL);
  test_check ("ab", "ab", "match", "pattern", "a|ab", NULL);
  test_check ("〒100-0001", "〒100-0001", "match", "pattern", "〒\\d{3}-\\d{4}", NULL);
  test_check_error ("x", "not a valid regular expression", "match", "pattern", "[", NULL);

  test_check ("42", "42", "range", "min", "0", "max", "100", NULL);
  test_check ("0", "0", "range", "min", "0", "max", "100", NULL);
  test_check ("100.00", "100.00", "range", "min", "0", "max", "100", NULL);
  test_check_error ("100.01", "“100.01” is greater than 100", "range", "min", "0", "max", "100", NULL);
  test_check_error ("-5", "“-5” is less than 0", "range", "min", "0", NULL);
  test_check_error ("abc", "is not a number", "range", "min", "0", NULL);
  test_check ("2024-03-13", "2024-03-13", "range", "min", "2024-01-01", "max", "2024-12-31", NULL);
  test_check_error ("2023-12-31", "is less than 2024-01-01", "range", "min", "2024-01-01", NULL);
  test_check ("2024-03-13T10:00:00", "2024-03-13T10:00:00", "range", "max", "2024-03-14", NULL);
  test_check_error ("2024-03-14T00:00:01", "is greater than 2024-03-14", "range", "max", "2024-03-14", NULL);
  test_check_error ("13/03/2024", "is not a date", "range", "min", "2024-01-01", NULL);
  test_check_error ("1", "minimum (5) greater than its maximum (1)", "range", "min", "5", "max", "1", NULL);
  test_check_error ("1", "needs a minimum, a maximum or both", "range", NULL);
  test_check_error ("1", "different kinds", "range", "min", "1", "max", "2024-01-01", NULL);
  test_check_error ("1", "must be a number", "range", "min", "abc", NULL);

  test_check ("JPY", "JPY", "one-of", "value", "JPY", "value", "EUR", NULL);
  test_check_error ("jpy", "“jpy” is not one of JPY, EUR", "one-of", "value", "JPY", "value", "EUR", NULL);
  test_check ("jpy", "jpy", "one-of", "value", "JPY", "value", "EUR", "ignore-case", "true", NULL);
}

static void
test_missing_passing (void)
{
  /* Steps that do not see missing values pass them through: "" stays ""
   * for text steps and steps that keep the type, and becomes null for the
   * others; null stays null everywhere. */
  g_autoptr(KhStep) upper = test_step_new ("upper-case", NULL);
  g_autoptr(KhStep) match = test_step_new ("match", "pattern", "[A-Z]+", NULL);
  g_autoptr(KhStep) number = test_step_new ("parse-number", NULL);
  g_autoptr(KhStep) required = test_step_new ("required", NULL);
  KhStep *chain1[] = { upper, match };
  KhStep *chain2[] = { number, required };
  const char *empty[] = { "" };
  const char *null[] = { NULL };
  KhValueType type;
  g_autofree char *a = test_run_steps (NULL, chain1, 2, empty, 1, &type);
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;

  g_assert_cmpstr (a, ==, "");
  g_assert_cmpint (type, ==, KH_VALUE_STRING);
  b = test_run_steps (NULL, chain1, 2, null, 1, &type);
  g_assert_cmpstr (b, ==, "<null>");
  g_assert_cmpint (type, ==, KH_VALUE_NULL);
  c = test_run_steps (NULL, chain2, 2, empty, 1, &type);
  g_assert_cmpstr (c, ==, "!A value is required, but it is null");
}

static void
test_invalid_utf8 (void)
{
  /* Steps that read characters refuse invalid UTF-8 with a reason */
  test_check_error ("ab\xe6", "is not valid UTF-8", "trim", NULL);
  test_check_error ("a \xe6", "is not valid UTF-8", "collapse-whitespace", NULL);
  test_check_error ("a\xe6", "is not valid UTF-8", "upper-case", NULL);
  test_check_error ("a\xe6", "is not valid UTF-8", "title-case", NULL);
  test_check_error ("a\xe6", "is not valid UTF-8", "substring", "start", "2", NULL);
  test_check_error ("1\xe6", "is not valid UTF-8", "keep-chars", NULL);
  test_check_error ("\xe4\xbb\xa4\xe5", "is not valid UTF-8", "parse-japanese-date", NULL);
  test_check_error ("12\xff", "is not valid UTF-8", "parse-number", NULL);
  test_check_error ("abc\xe6", "is not valid UTF-8", "max-length", "length", "2", "action", "truncate", NULL);
  test_check_error ("\xe6", "not valid UTF-8", "nfkc", NULL);
}

/* ---- ASCII fast paths against the general ones ------------------------ */

/* Plain models of the steps on ASCII text, written from docs/steps.md. */
static gboolean
model_white (char c)
{
  return c == ' ' || (c >= '\t' && c <= '\r');
}

static char *
model_trim (const char *s)
{
  gsize b = 0, e = strlen (s);

  while (b < e && model_white (s[b]))
    b++;
  while (e > b && model_white (s[e - 1]))
    e--;
  return g_strndup (s + b, e - b);
}

static char *
model_collapse (const char *s)
{
  g_auto(GStrv) words = g_strsplit_set (s, " \t\n\v\f\r", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      g_string_append_printf (out, "%s%s", out->len > 0 ? " " : "", words[i]);
  return g_string_free (out, FALSE);
}

static char *
model_keep (const char *s,
            const char *extra)
{
  GString *out = g_string_new (NULL);

  for (const char *p = s; *p != '\0'; p++)
    if (g_ascii_isdigit (*p) || strchr (extra, *p) != NULL)
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

static char *
model_strip_zeros (const char *s)
{
  gsize len = strlen (s);

  if (len == 0 || strspn (s, "0123456789") != len)
    return g_strdup (s);
  while (len > 1 && *s == '0')
    {
      s++;
      len--;
    }
  return g_strdup (s);
}

static char *
replace_all (const char *s,
             const char *from,
             const char *to)
{
  g_auto(GStrv) parts = g_strsplit (s, from, -1);

  return g_strjoinv (to, parts);
}

/* The step's answer for ASCII @s (its fast path) must be the model's, and
 * the same as the general path gives for @s with every 'x' made 'é'
 * (which only the general path takes), 'é' made 'x' again. */
static void
check_ascii_paths (const char *s)
{
  g_autofree char *general_input = replace_all (s, "x", "é");
  struct {
    const char *id, *name, *value, *general_value;
    char *(*model) (const char *);
  } steps[] = {
    { "trim", NULL, NULL, NULL, model_trim },
    { "collapse-whitespace", NULL, NULL, NULL, model_collapse },
    { "keep-chars", "extra", "+x", "+é", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autofree char *fast = test_run (s, steps[i].id, steps[i].name, steps[i].value, NULL);
      g_autofree char *general_raw = test_run (general_input, steps[i].id, steps[i].name, steps[i].general_value, NULL);
      g_autofree char *general = replace_all (general_raw, "é", "x");
      g_autofree char *model = steps[i].model != NULL ? steps[i].model (s) : model_keep (s, "+x");

      if (g_strcmp0 (fast, model) != 0 || g_strcmp0 (fast, general) != 0)
        g_error ("%s of “%s”: fast path “%s”, general path “%s”, model “%s”",
                 steps[i].id, s, fast, general, model);
    }

  /* trim with the white space given as characters takes the general path */
  {
    g_autofree char *fast = test_run (s, "trim", NULL);
    g_autofree char *general = test_run (s, "trim", "chars", " \t\n\v\f\r", NULL);

    g_assert_cmpstr (fast, ==, general);
  }
}

static void
test_ascii_fast_paths (void)
{
  const char alphabet[] = " \t\r\vx+0\n";
  const guint n = sizeof alphabet - 1;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261122);

  /* Every string of up to three characters… (test_run() compiles a plan
   * each time: the counts keep the test quick under AddressSanitizer) */
  test_each_string (alphabet, 0, 3, check_ascii_paths);

  /* …and longer ones, across the 8- and 16-byte blocks */
  for (guint k = 0; k < 300; k++)
    {
      guint len = (guint) g_rand_int_range (rand, 4, 41);
      char s[48];

      for (guint i = 0; i < len; i++)
        s[i] = alphabet[g_rand_int_range (rand, 0, (gint32) n)];
      s[len] = '\0';
      check_ascii_paths (s);
    }

  /* …and longer ones of words with little white space between them,
   * which collapse-whitespace may give as they are, ends trimmed */
  for (guint k = 0; k < 300; k++)
    {
      const char words[] = "xxxxxxx0+";
      guint len = (guint) g_rand_int_range (rand, 4, 41);
      char s[48];

      for (guint i = 0; i < len; i++)
        s[i] = g_rand_int_range (rand, 0, 4) == 0 ? alphabet[g_rand_int_range (rand, 0, 4)]
                                                  : words[g_rand_int_range (rand, 0, sizeof words - 1)];
      s[len] = '\0';
      check_ascii_paths (s);
    }

  /* strip-zeros looks at eight bytes at a time: digits, then a byte just
   * outside '0'..'9' (or not ASCII) at every position */
  {
    const char *odd[] = { "/", ":", "\x7f", "¹" };

    for (guint len = 0; len <= 17; len++)
      for (guint at = 0; at <= len; at++)
        for (guint o = 0; o < G_N_ELEMENTS (odd); o++)
          {
            g_autoptr(GString) s = g_string_new (NULL);
            g_autofree char *got = NULL;
            g_autofree char *model = NULL;

            for (guint i = 0; i < len; i++)
              g_string_append_c (s, i < len / 2 ? '0' : (char) ('1' + i % 9));
            if (at < len)
              {
                g_string_erase (s, at, 1);
                g_string_insert (s, at, odd[o]);
              }
            got = test_run (s->str, "strip-zeros", NULL);
            model = model_strip_zeros (s->str);
            if (g_strcmp0 (got, model) != 0)
              g_error ("strip-zeros of “%s”: “%s”, model “%s”", s->str, got, model);
          }
  }
}

/* ---- Fast paths against models, over a generated corpus ------------- */

/* The text steps have fast paths for ASCII text, some in 16-byte vectors
 * (with SSE2), 8-byte words or single bytes by length, some only for text
 * shorter than 64 bytes or up to 16 bytes, and fall back to their general
 * paths for other text or when the record's arena has too little room
 * left. Here every one of them runs, as a plan runs it, on texts of 0 to
 * 70 bytes with each of a set of characters at every position (white
 * space, letters and the bytes next to them, digits, non-ASCII characters,
 * invalid UTF-8), and on random texts; each answer must be the model's:
 * plain code written here from docs/steps.md, character by character. Each
 * text is in a buffer of exactly its length and its NUL, so that under
 * AddressSanitizer a read past its end fails; the arena is checked for
 * writes before the value's place and for a value that later allocations
 * would overwrite. */

#define CORPUS_MAX_LEN 70

/* White space: in ASCII, as model_white() (with '\v', which
 * g_unichar_isspace() leaves out); others Unicode's, and the byte order
 * mark */
static gboolean
model_white_char (gunichar c)
{
  if (c < 0x80)
    return model_white ((char) c);
  return g_unichar_isspace (c) || c == 0xFEFF;
}

/* What a model writes to: the text's characters, and its answer */
typedef struct
{
  GArray  *chars;   /* of gunichar */
  GString *out;
} Model;

/* The characters of @s in model->chars, and model->out emptied; FALSE if
 * @s is not valid UTF-8 */
static gboolean
model_chars (Model      *model,
             const char *s,
             gsize       len)
{
  g_array_set_size (model->chars, 0);
  g_string_truncate (model->out, 0);
  if (!g_utf8_validate_len (s, len, NULL))
    return FALSE;
  for (const char *p = s; p < s + len; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_array_append_val (model->chars, c);
    }
  return TRUE;
}

static gunichar
model_char (Model *model,
            guint  i)
{
  return g_array_index (model->chars, gunichar, i);
}

/* Each model leaves its answer in model->out, or returns FALSE when the
 * step must fail */

/* trim */
static gboolean
model_trim_text (Model      *model,
                 const char *s,
                 gsize       len)
{
  guint b = 0, e;

  if (!model_chars (model, s, len))
    return FALSE;
  e = model->chars->len;
  while (b < e && model_white_char (model_char (model, b)))
    b++;
  while (e > b && model_white_char (model_char (model, e - 1)))
    e--;
  for (guint i = b; i < e; i++)
    g_string_append_unichar (model->out, model_char (model, i));
  return TRUE;
}

/* collapse-whitespace: the words, one space between them */
static gboolean
model_collapse_text (Model      *model,
                     const char *s,
                     gsize       len)
{
  gboolean space = FALSE;

  if (!model_chars (model, s, len))
    return FALSE;
  for (guint i = 0; i < model->chars->len; i++)
    {
      gunichar c = model_char (model, i);

      if (model_white_char (c))
        space = model->out->len > 0;
      else
        {
          if (space)
            g_string_append_c (model->out, ' ');
          space = FALSE;
          g_string_append_unichar (model->out, c);
        }
    }
  return TRUE;
}

/* upper-case and lower-case: ASCII letters by the ASCII rules (no locale),
 * other characters by GLib's full case mapping, one at a time (the corpus
 * has no character whose mapping depends on its neighbours) */
static gboolean
model_case_text (Model      *model,
                 const char *s,
                 gsize       len,
                 gboolean    upper)
{
  if (!model_chars (model, s, len))
    return FALSE;
  for (guint i = 0; i < model->chars->len; i++)
    {
      gunichar c = model_char (model, i);

      if (c < 0x80)
        g_string_append_c (model->out, upper ? g_ascii_toupper ((char) c) : g_ascii_tolower ((char) c));
      else
        {
          char one[8];
          int n = g_unichar_to_utf8 (c, one);
          g_autofree char *mapped = upper ? g_utf8_strup (one, n) : g_utf8_strdown (one, n);

          g_string_append (model->out, mapped);
        }
    }
  return TRUE;
}

static gboolean
model_upper_text (Model      *model,
                  const char *s,
                  gsize       len)
{
  return model_case_text (model, s, len, TRUE);
}

static gboolean
model_lower_text (Model      *model,
                  const char *s,
                  gsize       len)
{
  return model_case_text (model, s, len, FALSE);
}

/* keep-chars: the class (ASCII digits; letters; both; printable ASCII;
 * none), or among the extra characters */
static gboolean
model_keep_text (Model      *model,
                 const char *s,
                 gsize       len,
                 const char *cls,
                 const char *extra)
{
  if (!model_chars (model, s, len))
    return FALSE;
  for (guint i = 0; i < model->chars->len; i++)
    {
      gunichar c = model_char (model, i);
      gboolean keep = FALSE;

      for (const char *p = extra; *p != '\0'; p = g_utf8_next_char (p))
        keep = keep || g_utf8_get_char (p) == c;
      if (g_str_equal (cls, "digits"))
        keep = keep || (c >= '0' && c <= '9');
      else if (g_str_equal (cls, "letters"))
        keep = keep || (c < 0x80 ? g_ascii_isalpha ((char) c) : g_unichar_isalpha (c));
      else if (g_str_equal (cls, "alphanumeric"))
        keep = keep || (c < 0x80 ? g_ascii_isalnum ((char) c) : g_unichar_isalpha (c));
      else if (g_str_equal (cls, "ascii"))
        keep = keep || (c >= 0x20 && c < 0x7F);
      if (keep)
        g_string_append_unichar (model->out, c);
    }
  return TRUE;
}

static gboolean
model_keep_phone (Model      *model,
                  const char *s,
                  gsize       len)
{
  return model_keep_text (model, s, len, "digits", "+");
}

static gboolean
model_keep_letters (Model      *model,
                    const char *s,
                    gsize       len)
{
  return model_keep_text (model, s, len, "letters", "-.");
}

static gboolean
model_keep_alnum (Model      *model,
                  const char *s,
                  gsize       len)
{
  return model_keep_text (model, s, len, "alphanumeric", "é ");
}

static gboolean
model_keep_many (Model      *model,
                 const char *s,
                 gsize       len)
{
  return model_keep_text (model, s, len, "digits", "+-() ./");
}

/* Whether @s is all ASCII digits (and not empty) */
static gboolean
model_all_digits (const char *s,
                  gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if (s[i] < '0' || s[i] > '9')
      return FALSE;
  return len > 0;
}

/* strip-zeros: the zeros on the left go, but for the last @keep digits;
 * other values stay as they are */
static gboolean
model_strip_zeros_keep (Model      *model,
                        const char *s,
                        gsize       len,
                        gsize       keep)
{
  gsize b = 0;

  if (model_all_digits (s, len))
    while (b < len && s[b] == '0' && len - b > keep)
      b++;
  g_string_truncate (model->out, 0);
  g_string_append_len (model->out, s + b, (gssize) (len - b));
  return TRUE;
}

static gboolean
model_strip_zeros_1 (Model      *model,
                     const char *s,
                     gsize       len)
{
  return model_strip_zeros_keep (model, s, len, 1);
}

static gboolean
model_strip_zeros_0 (Model      *model,
                     const char *s,
                     gsize       len)
{
  return model_strip_zeros_keep (model, s, len, 0);
}

static gboolean
model_strip_zeros_5 (Model      *model,
                     const char *s,
                     gsize       len)
{
  return model_strip_zeros_keep (model, s, len, 5);
}

/* pad-zeros width 10: a failure for more than 10 digits */
static gboolean
model_pad_zeros_10 (Model      *model,
                    const char *s,
                    gsize       len)
{
  gboolean digits = model_all_digits (s, len);

  if (digits && len > 10)
    return FALSE;
  g_string_truncate (model->out, 0);
  for (gsize i = len; digits && i < 10; i++)
    g_string_append_c (model->out, '0');
  g_string_append_len (model->out, s, (gssize) len);
  return TRUE;
}

typedef struct
{
  const char *id;
  const char *params[5];
  gboolean  (*model) (Model *model, const char *s, gsize len);
} CorpusStep;

static const CorpusStep corpus_steps[] = {
  { "trim", { NULL }, model_trim_text },
  { "collapse-whitespace", { NULL }, model_collapse_text },
  { "upper-case", { NULL }, model_upper_text },
  { "lower-case", { NULL }, model_lower_text },
  { "keep-chars", { "extra", "+", NULL }, model_keep_phone },
  { "keep-chars", { "class", "letters", "extra", "-.", NULL }, model_keep_letters },
  { "keep-chars", { "class", "alphanumeric", "extra", "é ", NULL }, model_keep_alnum },
  { "keep-chars", { "extra", "+-() ./", NULL }, model_keep_many },
  { "strip-zeros", { NULL }, model_strip_zeros_1 },
  { "strip-zeros", { "keep", "0", NULL }, model_strip_zeros_0 },
  { "strip-zeros", { "keep", "5", NULL }, model_strip_zeros_5 },
  { "pad-zeros", { "width", "10", NULL }, model_pad_zeros_10 },
};

/* The characters put at every position: white space, ASCII letters and
 * digits and the bytes next to them, non-ASCII characters (white space,
 * letters with and without case, one that upper-cases to two letters),
 * and invalid UTF-8 (a byte that never starts a character, a sequence cut
 * short). */
static const char * const corpus_specials[] = {
  " ", "\t", "\n", "\r", "\v", "\f", "  ", "\b", "\x0e", "\x7f",
  "A", "Z", "a", "z", "@", "[", "`", "{",
  "0", "9", "/", ":", "+", "-", ".",
  "é", "Ä", "ß", "日", "\u3000", "\u00a0", "\ufeff",
  "\xff", "\xe6\x97",
};

/* The texts the characters are put in, each a kind of value */
static void
corpus_base (GRand   *rand,
             GString *s,
             guint    len)
{
  static const char * const alphabets[] = {
    /* names, e-mails: letters, one space or a dot between words */
    "aaaabbcdeeffghijklmnopqrstuvwxyzTYMHEX  ..@",
    /* codes: zeros first, then digits */
    NULL,
    /* phone numbers */
    "0123456789012345678901234567890123456789+  --()",
    /* anything ASCII that matters to a step */
    " \t\n\r\v\f\b\x0e\x7f" "AZaz@[`{09/:+-.()mM",
  };
  guint kind = (guint) g_rand_int_range (rand, 0, G_N_ELEMENTS (alphabets));

  g_string_truncate (s, 0);
  if (alphabets[kind] == NULL)
    {
      guint zeros = (guint) g_rand_int_range (rand, 0, (gint32) len + 1);

      for (guint i = 0; i < len; i++)
        g_string_append_c (s, i < zeros ? '0' : (char) ('0' + g_rand_int_range (rand, 0, 10)));
      return;
    }
  for (guint i = 0; i < len; i++)
    g_string_append_c (s, alphabets[kind][g_rand_int_range (rand, 0, (gint32) strlen (alphabets[kind]))]);
}

typedef struct
{
  const CorpusStep *step;
  KhStepImpl        impl;
  KhArena           arena;
  guint             n_fast_room;   /* texts run with room in the arena's chunk */
  guint             n_low_room;    /* and with little */
} CorpusRun;

/* Runs the step on @text (in a buffer of exactly its size) and compares
 * its answer with the model's. One text in eight leaves the arena's chunk
 * 0 to 36 bytes of room, which sends the fast paths that need room to the
 * general ones (not more: the new chunk the general path then takes is
 * freed at the next reset, a system call each time). */
static void
corpus_check (CorpusRun  *run,
              Model      *model,
              const char *text,
              gsize       len,
              guint       k)
{
  KhEvalContext ctx = { &run->arena, NULL, FALSE };
  KhValue in = { text, len, KH_VALUE_STRING };
  KhValue out = KH_VALUE_INIT_NULL;
  char *before, *after;
  gboolean ok, model_ok;

  kh_arena_reset (&run->arena);
  if (k % 8 == 1)
    {
      gsize room = (gsize) (run->arena.end - run->arena.pos);

      kh_arena_alloc (&run->arena, room - MIN (room, k % 37));
      run->n_low_room++;
    }
  else
    run->n_fast_room++;
  /* A value made before this one: the step must not write over it */
  before = kh_arena_alloc (&run->arena, 8);
  memcpy (before, "before!", 8);

  ok = run->impl.eval (&run->impl, &ctx, &in, 1, &out);
  model_ok = run->step->model (model, text, len);

  /* Later values must not write over this one */
  after = kh_arena_alloc (&run->arena, 80);
  memset (after, '#', 80);

  if (g_strcmp0 (before, "before!") != 0)
    g_error ("%s: the arena before the value was written over, for “%s”", run->step->id, text);
  if (!model_ok)
    {
      if (ok)
        g_error ("%s of “%s” (%" G_GSIZE_FORMAT " bytes) gave “%.*s”, not an error",
                 run->step->id, text, len, (int) out.len, out.str);
      g_assert_nonnull (ctx.reason);
      return;
    }
  if (!ok)
    g_error ("%s of “%s” (%" G_GSIZE_FORMAT " bytes) failed: %s; the model gives “%s”",
             run->step->id, text, len, ctx.reason, model->out->str);
  if (out.type != KH_VALUE_STRING || out.len != model->out->len ||
      memcmp (out.str, model->out->str, out.len) != 0 || out.str[out.len] != '\0')
    g_error ("%s of “%s” (%" G_GSIZE_FORMAT " bytes): “%.*s” (%" G_GSIZE_FORMAT " bytes), the model “%s”",
             run->step->id, text, len, (int) out.len, out.str, out.len, model->out->str);
}

/* Every step on @text, copied to a buffer of exactly its size */
static void
corpus_check_all (CorpusRun  *runs,
                  Model      *model,
                  GString    *text,
                  guint       k)
{
  g_autofree char *buf = g_memdup2 (text->str, text->len + 1);

  for (guint i = 0; i < G_N_ELEMENTS (corpus_steps); i++)
    corpus_check (&runs[i], model, buf, text->len, k);
}

static void
test_fast_paths_corpus (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260301);
  g_autoptr(GString) text = g_string_new (NULL);
  CorpusRun runs[G_N_ELEMENTS (corpus_steps)];
  Model model = { g_array_new (FALSE, FALSE, sizeof (gunichar)), g_string_new (NULL) };
  guint n_random = test_corpus_size (20000);
  guint k = 0;

  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      g_autoptr(KhStep) step = test_step_newv (corpus_steps[i].id, corpus_steps[i].params);
      g_autoptr(GError) error = NULL;

      memset (&runs[i], 0, sizeof runs[i]);
      runs[i].step = &corpus_steps[i];
      g_assert_true (kh_step_impl_compile (&runs[i].impl, step, NULL, &error));
      g_assert_no_error (error);
      kh_arena_init (&runs[i].arena);
    }

  /* Each character at every position of a text of every length */
  for (guint len = 0; len <= CORPUS_MAX_LEN; len++)
    {
      for (guint at = 0; at < MAX (len, 1); at++)
        for (guint c = 0; c < G_N_ELEMENTS (corpus_specials); c++, k++)
          {
            corpus_base (rand, text, len);
            if (len > 0)
              {
                g_string_erase (text, at, 1);
                g_string_insert (text, at, corpus_specials[c]);
              }
            corpus_check_all (runs, &model, text, k);
          }
    }

  /* Random texts with a few of the characters here and there */
  for (guint n = 0; n < n_random; n++, k++)
    {
      guint len = (guint) g_rand_int_range (rand, 0, CORPUS_MAX_LEN + 1);
      guint n_specials = (guint) g_rand_int_range (rand, 0, 4);

      corpus_base (rand, text, len);
      for (guint j = 0; j < n_specials && text->len > 0; j++)
        {
          guint at = (guint) g_rand_int_range (rand, 0, (gint32) text->len);

          g_string_erase (text, at, 1);
          g_string_insert (text, at, corpus_specials[g_rand_int_range (rand, 0, G_N_ELEMENTS (corpus_specials))]);
        }
      corpus_check_all (runs, &model, text, k);
    }

  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      g_assert_cmpuint (runs[i].n_fast_room, >, 0);
      g_assert_cmpuint (runs[i].n_low_room, >, 0);
      kh_step_impl_clear (&runs[i].impl);
      kh_arena_clear (&runs[i].arena);
    }
  g_array_unref (model.chars);
  g_string_free (model.out, TRUE);
}

/* The string table (code lists, one-of sets, filters) against a hash
 * table: keys of 0 to 12 bytes, short ones found by their 8-byte word and
 * the others by their bytes, from a few characters so that keys share
 * prefixes and differ only by their length; probes present and absent. */
static void
test_str_table_model (void)
{
  static const char alphabet[] = { 'A', 'B', 'a', '0', ' ', '-', '\xC3', '\xA9' };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261123);
  guint n_tables = test_corpus_size (200);

  for (guint t = 0; t < n_tables; t++)
    {
      g_autoptr(GHashTable) model = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
      KhStrTable table;
      guint n_keys = (guint) g_rand_int_range (rand, 0, 40);

      kh_str_table_init (&table);
      for (guint k = 0; k < n_keys; k++)
        {
          guint len = (guint) g_rand_int_range (rand, 0, 13);
          char *key = g_malloc (len + 1);
          gboolean fresh;

          for (guint i = 0; i < len; i++)
            key[i] = alphabet[g_rand_int_range (rand, 0, G_N_ELEMENTS (alphabet))];
          key[len] = '\0';
          fresh = !g_hash_table_contains (model, key);
          g_assert_cmpint (kh_str_table_insert (&table, key, key), ==, fresh);
          if (fresh)
            {
              g_hash_table_insert (model, g_strdup (key), key);
              g_ptr_array_add (keys, key);
            }
          else
            g_free (key);
        }

      for (guint p = 0; p < 400; p++)
        {
          char probe[16];
          guint len;
          const KhStrEntry *entry;
          const char *expected;

          if (keys->len > 0 && g_rand_boolean (rand))
            {
              /* A key, or a key one byte shorter or longer */
              const char *key = g_ptr_array_index (keys, g_rand_int_range (rand, 0, keys->len));

              len = (guint) strlen (key);
              memcpy (probe, key, len);
              switch (g_rand_int_range (rand, 0, 3))
                {
                case 0:
                  len = len > 0 ? len - 1 : 0;
                  break;
                case 1:
                  probe[len++] = alphabet[g_rand_int_range (rand, 0, G_N_ELEMENTS (alphabet))];
                  break;
                default:
                  break;
                }
            }
          else
            {
              len = (guint) g_rand_int_range (rand, 0, 13);
              for (guint i = 0; i < len; i++)
                probe[i] = alphabet[g_rand_int_range (rand, 0, G_N_ELEMENTS (alphabet))];
            }
          probe[len] = '\0';

          {
            /* In a buffer of exactly its length, for AddressSanitizer */
            g_autofree char *exact = g_memdup2 (probe, len + 1);

            entry = kh_str_table_lookup (&table, exact, len);
          }
          expected = g_hash_table_lookup (model, probe);
          if (expected == NULL)
            g_assert_null (entry);
          else
            {
              g_assert_nonnull (entry);
              g_assert_cmpuint (entry->len, ==, len);
              g_assert_cmpstr (entry->key, ==, probe);
              g_assert_true (entry->value == expected);
            }
        }
      kh_str_table_clear (&table);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/engine/steps/trim-collapse", test_trim_collapse);
  g_test_add_func ("/engine/steps/ascii-fast-paths", test_ascii_fast_paths);
  g_test_add_func ("/engine/steps/case", test_case);
  g_test_add_func ("/engine/steps/zeros", test_zeros);
  g_test_add_func ("/engine/steps/substring-split", test_substring_split);
  g_test_add_func ("/engine/steps/replace", test_replace);
  g_test_add_func ("/engine/steps/keep-chars", test_keep_chars);
  g_test_add_func ("/engine/steps/concat-coalesce-constant", test_concat_coalesce_constant);
  g_test_add_func ("/engine/steps/nfkc-default", test_nfkc_default);
  g_test_add_func ("/engine/steps/lookup", test_lookup);
  g_test_add_func ("/engine/steps/lookup-duplicate-code", test_lookup_duplicate_code);
  g_test_add_func ("/engine/steps/lookup-compare", test_lookup_compare);
  g_test_add_func ("/engine/steps/boolean", test_boolean);
  g_test_add_func ("/engine/steps/validation", test_validation);
  g_test_add_func ("/engine/steps/missing-passing", test_missing_passing);
  g_test_add_func ("/engine/steps/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/engine/steps/fast-paths-corpus", test_fast_paths_corpus);
  g_test_add_func ("/engine/steps/str-table-model", test_str_table_model);

  return g_test_run ();
}
