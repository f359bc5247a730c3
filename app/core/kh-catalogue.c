/* kh-catalogue.c: the table of every transform step
 *
 * Each entry names its parameters with their types and defaults, says what
 * the step does and gives examples. The examples double as tests: the test
 * suite runs every one of them through the engine.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-catalogue"

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "kh-catalogue.h"
#include "kh-error.h"

#define STRV(...) ((const char * const []) { __VA_ARGS__, NULL })
#define NO_PARAMS NULL, 0
#define PARAMS(p) p, G_N_ELEMENTS (p)
#define EXAMPLES(e) e, G_N_ELEMENTS (e)

/* ---- Text ------------------------------------------------------------- */

static const KhParamInfo trim_params[] = {
  { "side", KH_PARAM_ENUM, KH_PARAM_FLAG_NONE, STRV ("both"), STRV ("both", "start", "end"), 0, 0,
    N_("Side"), N_("Which end of the value to trim.") },
  { "chars", KH_PARAM_TEXT, KH_PARAM_FLAG_NONE, STRV (""), NULL, 0, 0,
    N_("Characters"), N_("The characters to remove; empty means all white space, including the ideographic space.") },
};
static const KhStepExample trim_examples[] = {
  { STRV ("  Yamada Taro "), STRV (NULL), "Yamada Taro", NULL },
  { STRV ("**42**"), STRV ("chars", "*", "side", "start"), "42**", NULL },
};

static const KhStepExample collapse_examples[] = {
  { STRV ("  Yamada   Taro "), STRV (NULL), "Yamada Taro", NULL },
  { STRV ("山田\u3000\u3000太郎"), STRV (NULL), "山田 太郎", NULL },
};

static const KhStepExample upper_examples[] = {
  { STRV ("de"), STRV (NULL), "DE", NULL },
  { STRV ("straße"), STRV (NULL), "STRASSE", NULL },
};

static const KhStepExample lower_examples[] = {
  { STRV ("Taro.Yamada@Example.COM"), STRV (NULL), "taro.yamada@example.com", NULL },
};

static const KhStepExample title_examples[] = {
  { STRV ("yamada trading co."), STRV (NULL), "Yamada Trading Co.", NULL },
};

static const KhParamInfo pad_zeros_params[] = {
  { "width", KH_PARAM_INTEGER, KH_PARAM_FLAG_REQUIRED, NULL, NULL, 1, 64,
    N_("Width"), N_("The number of digits after padding (SAP customer numbers have 10).") },
  { "non-numeric", KH_PARAM_ENUM, KH_PARAM_FLAG_NONE, STRV ("keep"), STRV ("keep", "error"), 0, 0,
    N_("Non-numeric values"), N_("Keep values that are not all digits unchanged, as SAP does, or treat them as errors.") },
};
static const KhStepExample pad_zeros_examples[] = {
  { STRV ("12345"), STRV ("width", "10"), "0000012345", NULL },
  { STRV ("AB-1"), STRV ("width", "10"), "AB-1", NULL },
  { STRV ("12345678901"), STRV ("width", "10"), NULL, "longer than" },
};

static const KhParamInfo strip_zeros_params[] = {
  { "keep", KH_PARAM_INTEGER, KH_PARAM_FLAG_NONE, STRV ("1"), NULL, 0, 64,
    N_("Digits to keep"), N_("The minimum number of digits left, so that 0000 becomes 0.") },
  { "non-numeric", KH_PARAM_ENUM, KH_PARAM_FLAG_NONE, STRV ("keep"), STRV ("keep", "error"), 0, 0,
    N_("Non-numeric values"), N_("Keep values that are not all digits unchanged, as SAP does, or treat them as errors.") },
};
static const KhStepExample strip_zeros_examples[] = {
  { STRV ("0000012345"), STRV (NULL), "12345", NULL },
  { STRV ("0000000000"), STRV (NULL), "0", NULL },
  { STRV ("00A7"), STRV ("non-numeric", "error"), NULL, "not all digits" },
};

static const KhParamInfo substring_params[] = {
  { "start", KH_PARAM_INTEGER, KH_PARAM_FLAG_NONE, STRV ("1"), NULL, -100000, 100000,
    N_("Start"), N_("The first character to take, counting from 1; a negative start counts from the end.") },
  { "length", KH_PARAM_INTEGER, KH_PARAM_FLAG_OPTIONAL, NULL, NULL, 0, 100000,
    N_("Length"), N_("How many characters to take; without it, everything to the end.") },
};
static const KhStepExample substring_examples[] = {
  { STRV ("JP-13-Tokyo"), STRV ("start", "4", "length", "2"), "13", NULL },
  { STRV ("東京都千代田区"), STRV ("start", "-4"), "千代田区", NULL },
};

static const KhParamInfo replace_params[] = {
  { "find", KH_PARAM_TEXT, KH_PARAM_FLAG_REQUIRED, NULL, NULL, 0, 0,
    N_("Find"), N_("The text to look for (not empty).") },
  { "with", KH_PARAM_TEXT, KH_PARAM_FLAG_NONE, STRV (""), NULL, 0, 0,
    N_("Replace with"), N_("The replacement text.") },
  { "all", KH_PARAM_BOOLEAN, KH_PARAM_FLAG_NONE, STRV ("true"), NULL, 0, 0,
    N_("All occurrences"), N_("Replace every occurrence, not only the first.") },
};
static const KhStepExample replace_examples[] = {
  { STRV ("Co., Ltd."), STRV ("find", "Co., Ltd.", "with", "Corporation"), "Corporation", NULL },
  { STRV ("03-1234-5678"), STRV ("find", "-", "with", " "), "03 1234 5678", NULL },
};

static const KhParamInfo regex_replace_params[] = {
  { "pattern", KH_PARAM_REGEX, KH_PARAM_FLAG_REQUIRED, NULL, NULL, 0, 0,
    N_("Pattern"), N_("A Perl-compatible regular expression.") },
  { "with", KH_PARAM_TEXT, KH_PARAM_FLAG_NONE, STRV (""), NULL, 0, 0,
    N_("Replace with"), N_("The replacement; \\1 to \\9 insert the captured groups.") },
  { "all", KH_PARAM_BOOLEAN, KH_PARAM_FLAG_NONE, STRV ("true"), NULL, 0, 0,
    N_("All occurrences"), N_("Replace every match, not only the first.") },
};
static const KhStepExample regex_replace_examples[] = {
  { STRV ("Yamada, Taro"), STRV ("pattern", "^(\\w+), (\\w+)$", "with", "\\2 \\1"), "Taro Yamada", NULL },
};

static const KhParamInfo keep_chars_params[] = {
  { "class", KH_PARAM_ENUM, KH_PARAM_FLAG_NONE, STRV ("digits"),
    STRV ("digits", "letters", "alphanumeric", "ascii", "none"), 0, 0,
    N_("Keep"), N_("The class of characters to keep: ASCII digits 0–9, letters, letters and digits, printable ASCII, or none (only the extra characters).") },
  { "extra", KH_PARAM_TEXT, KH_PARAM_FLAG_NONE, STRV (""), NULL, 0, 0,
    N_("Also keep"), N_("More characters to keep, such as + for phone numbers.") },
};
static const KhStepExample keep_chars_examples[] = {
  { STRV ("+81 3-1234-5678"), STRV ("extra", "+"), "+81312345678", NULL },
  { STRV ("(03) 1234 5678"), STRV (NULL), "0312345678", NULL },
};

static const KhParamInfo split_params[] = {
  { "separator", KH_PARAM_TEXT, KH_PARAM_FLAG_REQUIRED, NULL, NULL, 0, 0,
    N_("Separator"), N_("The text between the parts (not empty).") },
  { "part", KH_PARAM_INTEGER, KH_PARAM_FLAG_NONE, STRV ("1"), NULL, -1000, 1000,
    N_("Part"), N_("Which part to take, counting from 1; a negative part counts from the end.") },
  { "missing", KH_PARAM_ENUM, KH_PARAM_FLAG_NONE, STRV ("error"), STRV ("error", "null", "empty"), 0, 0,
    N_("If the part is missing"), N_("Fail, give null or give an empty value when the value has fewer parts.") },
};
static const KhStepExample split_examples[] = {
  { STRV ("Yamada Taro"), STRV ("separator", " ", "part", "2"), "Taro", NULL },
  { STRV ("a/b/c"), STRV ("separator", "/", "part", "-1"), "c", NULL },
  { STRV ("Yamada"), STRV ("separator", " ", "part", "2"), NULL, "has 1 part" },
};

static const KhParamInfo concat_params[] = {
  { "separator", KH_PARAM_TEXT, KH_PARAM_FLAG_NONE, STRV (""), NULL, 0, 0,
    N_("Separator"), N_("The text put between the values.") },
  { "skip-empty", KH_PARAM_BOOLEAN, KH_PARAM_FLAG_NONE, STRV ("true"), NULL, 0, 0,
    N_("Skip empty values"), N_("Leave out null and empty values, so no separator doubles.") },
};
static const KhStepExample concat_examples[] = {
  { STRV ("Yamada", "Taro"), STRV ("separator", " "), "Yamada Taro", NULL },
  { STRV ("Tokyo", "", "Chiyoda"), STRV ("separator", ", "), "Tokyo, Chiyoda", NULL },
};

static const KhStepExample coalesce_examples[] = {
  { STRV ("", "03-1234-5678"), STRV (NULL), "03-1234-5678", NULL },
};

static const KhStepExample nfkc_examples[] = {
  { STRV ("ＡＢＣ１２３"), STRV (NULL), "ABC123", NULL },
  { STRV ("ｶﾌﾞｼｷｶﾞｲｼｬ"), STRV (NULL), "カブシキガイシャ", NULL },
};

static const KhParamInfo default_if_empty_params[] = {
  { "value", KH_PARAM_TEXT, KH_PARAM_FLAG_REQUIRED, NULL, NULL, 0, 0,
    N_("Value"), N_("The value used when the input is null or empty.") },
};
static const KhStepExample default_if_empty_examples[] = {
  { STRV (""), STRV ("value", "JPY"), "JPY", NULL },
  { STRV ("EUR"), STRV ("value", "JPY"), "EUR", NULL },
};

static const KhParamInfo constant_params[] = {
  { "value", KH_PARAM_TEXT, KH_PARAM_FLAG_REQUIRED, NULL, NULL, 0, 0,
    N_("Value"), N_("The value every record gets.") },
};
static const KhStepExample constant_examples[] = {
  { STRV (NULL), STRV ("value", "SAP"), "SAP", NULL },
};

/* ---- Dates ------------------------------------------------------------ */

static const KhParamInfo parse_date_params[] = {
  { "pattern", KH_PARAM_DATE_PATTERN, KH_PARAM_FLAG_REQUIRED | KH_PARAM_FLAG_REPEATABLE, NULL, NULL, 0, 0,
    N_("Pattern"), N_("A pattern such as yyyy/MM/dd or dd-MM-yyyy HH:mm; give several to try them in order.") },
  { "as", KH_PARAM_ENUM, KH_PARAM_FLAG_NONE, STRV ("date"), STRV ("date", "datetime", "time"), 0, 0,
    N_("Result"), N_("Whether the result is a date, a date and time, or a time.") },
  { "ambiguous", KH_PARAM_ENUM, KH_PARAM_FLAG_NONE, STRV ("error"), STRV ("error", "first"), 0, 0,
    N_("When two patterns disagree"), N_("Fail when two patterns read the value as different dates (03/04/2024), or take the first pattern's reading.") },
  { "two-digit-year-start", KH_PARAM_INTEGER, KH_PARAM_FLAG_NONE, STRV ("1950"), NULL, 1000, 9900,
    N_("Two-digit years from"), N_("A yy year falls in the hundred years from this one: with 1950, 49 is 2049 and 50 is 1950.") },
};
static const KhStepExample parse_date_examples[] = {
  { STRV ("2024/03/13"), STRV ("pattern", "yyyy/MM/dd", "pattern", "dd-MM-yyyy"), "2024-03-13", NULL },
  { STRV ("13-03-2024"), STRV ("pattern", "yyyy/MM/dd", "pattern", "dd-MM-yyyy"), "2024-03-13", NULL },
  { STRV ("03/13/2024"), STRV ("pattern", "dd/MM/yyyy"), NULL, "does not match dd/MM/yyyy" },
  { STRV ("2023-02-30"), STRV ("pattern", "yyyy-MM-dd"), NULL, "no day 30" },
};

static const KhParamInfo parse_japanese_date_params[] = {
  { "as", KH_PARAM_ENUM, KH_PARAM_FLAG_NONE, STRV ("date"), STRV ("date"), 0, 0,
    N_("Result"), N_("The result is a date.") },
};
static const KhStepExample parse_japanese_date_examples[] = {
  { STRV ("令和元年5月1日"), STRV (NULL), "2019-05-01", NULL },
  { STRV ("R5.04.01"), STRV (NULL), "2023-04-01", NULL },
  { STRV ("平成３１年４月３０日"), STRV (NULL), "2019-04-30", NULL },
  { STRV ("S64.1.7"), STRV (NULL), "1989-01-07", NULL },
  { STRV ("昭和64年1月8日"), STRV (NULL), NULL, "Shōwa ended" },
};

static const KhParamInfo parse_odata_date_params[] = {
  { "as", KH_PARAM_ENUM, KH_PARAM_FLAG_NONE, STRV ("datetime"), STRV ("datetime", "date"), 0, 0,
    N_("Result"), N_("Whether the result is a date and time in UTC, or only the date.") },
};
static const KhStepExample parse_odata_date_examples[] = {
  { STRV ("/Date(1700000000000)/"), STRV (NULL), "2023-11-14T22:13:20Z", NULL },
  { STRV ("/Date(1700000000000)/"), STRV ("as", "date"), "2023-11-14", NULL },
};

static const KhParamInfo format_date_params[] = {
  { "pattern", KH_PARAM_DATE_PATTERN, KH_PARAM_FLAG_REQUIRED, NULL, NULL, 0, 0,
    N_("Pattern"), N_("The pattern to write, such as dd.MM.yyyy.") },
};
static const KhStepExample format_date_examples[] = {
  { STRV ("2024-03-13"), STRV ("pattern", "dd.MM.yyyy"), "13.03.2024", NULL },
  { STRV ("2024-03-13"), STRV ("pattern", "yyyy年M月d日"), "2024年3月13日", NULL },
};

static const KhParamInfo convert_timezone_params[] = {
  { "from", KH_PARAM_TIME_ZONE, KH_PARAM_FLAG_NONE, STRV ("UTC"), NULL, 0, 0,
    N_("From zone"), N_("The zone of date-times that carry no offset of their own.") },
  { "to", KH_PARAM_TIME_ZONE, KH_PARAM_FLAG_REQUIRED, NULL, NULL, 0, 0,
    N_("To zone"), N_("The zone to convert to.") },
};
static const KhStepExample convert_timezone_examples[] = {
  { STRV ("2024-03-13T09:30:00"), STRV ("from", "Asia/Tokyo", "to", "UTC"), "2024-03-13T00:30:00Z", NULL },
  { STRV ("2024-03-13T00:30:00Z"), STRV ("to", "+09:00"), "2024-03-13T09:30:00+09:00", NULL },
};

/* ---- Numbers ---------------------------------------------------------- */

static const KhParamInfo parse_number_params[] = {
  { "decimal-separator", KH_PARAM_CHAR, KH_PARAM_FLAG_NONE, STRV ("."), NULL, 0, 0,
    N_("Decimal separator"), N_("The character before the fraction: . or ,") },
  { "grouping-separator", KH_PARAM_TEXT, KH_PARAM_FLAG_NONE, STRV (","), NULL, 0, 0,
    N_("Grouping separator"), N_("The character between groups of three digits (, . ' or a space); empty allows none.") },
  { "as", KH_PARAM_ENUM, KH_PARAM_FLAG_NONE, STRV ("decimal"), STRV ("decimal", "integer"), 0, 0,
    N_("Result"), N_("A decimal keeps every digit (up to 38 in all); an integer must have no non-zero fraction digits and fit in 64 bits.") },
  { "currency", KH_PARAM_BOOLEAN, KH_PARAM_FLAG_NONE, STRV ("true"), NULL, 0, 0,
    N_("Allow currency marks"), N_("Accept ¥, ￥, $, € and £ before or after the number.") },
  { "trailing-minus", KH_PARAM_BOOLEAN, KH_PARAM_FLAG_NONE, STRV ("true"), NULL, 0, 0,
    N_("Allow a trailing minus"), N_("Read 1,234- as negative, as SAP writes it.") },
  { "parentheses", KH_PARAM_BOOLEAN, KH_PARAM_FLAG_NONE, STRV ("true"), NULL, 0, 0,
    N_("Allow parentheses"), N_("Read (123) as negative, as accountants write it.") },
  { "triangle", KH_PARAM_BOOLEAN, KH_PARAM_FLAG_NONE, STRV ("true"), NULL, 0, 0,
    N_("Allow △ and ▲"), N_("Read △123 and ▲123 as negative, as Japanese ledgers write it.") },
};
static const KhStepExample parse_number_examples[] = {
  { STRV ("1,234.56"), STRV (NULL), "1234.56", NULL },
  { STRV ("1.234,56"), STRV ("decimal-separator", ",", "grouping-separator", "."), "1234.56", NULL },
  { STRV ("1 234,56"), STRV ("decimal-separator", ",", "grouping-separator", " "), "1234.56", NULL },
  { STRV ("12,345.00-"), STRV (NULL), "-12345.00", NULL },
  { STRV ("△１，２００"), STRV (NULL), "-1200", NULL },
  { STRV ("¥(3,000)"), STRV (NULL), "-3000", NULL },
  { STRV ("12,34"), STRV (NULL), NULL, "grouping" },
};

static const KhParamInfo round_params[] = {
  { "scale", KH_PARAM_INTEGER, KH_PARAM_FLAG_NONE, STRV ("0"), NULL, 0, 18,
    N_("Decimal places"), N_("How many digits after the decimal point to keep.") },
  { "mode", KH_PARAM_ENUM, KH_PARAM_FLAG_NONE, STRV ("half-up"),
    STRV ("half-up", "half-even", "down", "up", "floor", "ceiling"), 0, 0,
    N_("Rounding"), N_("Half up (commercial), half even (banker's), towards zero, away from zero, down or up.") },
};
static const KhStepExample round_examples[] = {
  { STRV ("2.675"), STRV ("scale", "2"), "2.68", NULL },
  { STRV ("2.665"), STRV ("scale", "2", "mode", "half-even"), "2.66", NULL },
  { STRV ("-7.5"), STRV (NULL), "-8", NULL },
};

static const KhParamInfo scale_params[] = {
  { "exponent", KH_PARAM_INTEGER, KH_PARAM_FLAG_REQUIRED, NULL, NULL, -18, 18,
    N_("Power of ten"), N_("Multiply by ten to this power: -2 turns cents into units.") },
};
static const KhStepExample scale_examples[] = {
  { STRV ("123456"), STRV ("exponent", "-2"), "1234.56", NULL },
  { STRV ("1.5"), STRV ("exponent", "3"), "1500", NULL },
};

static const KhParamInfo format_number_params[] = {
  { "decimal-separator", KH_PARAM_CHAR, KH_PARAM_FLAG_NONE, STRV ("."), NULL, 0, 0,
    N_("Decimal separator"), N_("The character written before the fraction.") },
  { "grouping-separator", KH_PARAM_TEXT, KH_PARAM_FLAG_NONE, STRV (""), NULL, 0, 0,
    N_("Grouping separator"), N_("The text written between groups of three digits; empty writes none.") },
  { "scale", KH_PARAM_INTEGER, KH_PARAM_FLAG_OPTIONAL, NULL, NULL, 0, 18,
    N_("Decimal places"), N_("Write exactly this many decimal places, rounding half up; without it, the digits the value has.") },
};
static const KhStepExample format_number_examples[] = {
  { STRV ("1234567.5"), STRV ("grouping-separator", ",", "scale", "2"), "1,234,567.50", NULL },
  { STRV ("-1234.5"), STRV ("decimal-separator", ",", "grouping-separator", "."), "-1.234,5", NULL },
};

/* ---- Codes ------------------------------------------------------------ */

static const KhParamInfo lookup_params[] = {
  { "code-list", KH_PARAM_CODE_LIST, KH_PARAM_FLAG_REQUIRED, NULL, NULL, 0, 0,
    N_("Code list"), N_("The code list to look the value up in; the list says what happens to unknown values.") },
};
static const KhStepExample lookup_examples[] = {
  { STRV ("A"), STRV ("code-list", "status"), "Active", NULL },
};

static const KhParamInfo boolean_params[] = {
  { "true", KH_PARAM_TEXT, KH_PARAM_FLAG_REPEATABLE, STRV ("X", "true", "1", "yes", "Y"), NULL, 0, 0,
    N_("True values"), N_("The values that mean true.") },
  { "false", KH_PARAM_TEXT, KH_PARAM_FLAG_REPEATABLE, STRV ("false", "0", "no", "N"), NULL, 0, 0,
    N_("False values"), N_("The values that mean false.") },
  { "empty", KH_PARAM_ENUM, KH_PARAM_FLAG_NONE, STRV ("false"), STRV ("false", "null", "error"), 0, 0,
    N_("Empty values"), N_("What an empty value means: false (SAP's blank flag), null, or an error.") },
  { "ignore-case", KH_PARAM_BOOLEAN, KH_PARAM_FLAG_NONE, STRV ("true"), NULL, 0, 0,
    N_("Ignore case"), N_("Compare without regard to upper and lower case.") },
};
static const KhStepExample boolean_examples[] = {
  { STRV ("X"), STRV (NULL), "true", NULL },
  { STRV (""), STRV (NULL), "false", NULL },
  { STRV ("maybe"), STRV (NULL), NULL, "neither true nor false" },
};

/* ---- Validation ------------------------------------------------------- */

static const KhStepExample required_examples[] = {
  { STRV ("taro@example.com"), STRV (NULL), "taro@example.com", NULL },
  { STRV (""), STRV (NULL), NULL, "required" },
};

static const KhParamInfo max_length_params[] = {
  { "length", KH_PARAM_INTEGER, KH_PARAM_FLAG_REQUIRED, NULL, NULL, 1, 1000000,
    N_("Maximum length"), N_("The largest number of characters allowed.") },
  { "action", KH_PARAM_ENUM, KH_PARAM_FLAG_NONE, STRV ("error"), STRV ("error", "truncate"), 0, 0,
    N_("If longer"), N_("Fail, or cut the value to the maximum length.") },
};
static const KhStepExample max_length_examples[] = {
  { STRV ("Yamada Trading"), STRV ("length", "6", "action", "truncate"), "Yamada", NULL },
  { STRV ("Yamada Trading"), STRV ("length", "6"), NULL, "14 characters" },
};

static const KhParamInfo match_params[] = {
  { "pattern", KH_PARAM_REGEX, KH_PARAM_FLAG_REQUIRED, NULL, NULL, 0, 0,
    N_("Pattern"), N_("A regular expression the whole value must match.") },
};
static const KhStepExample match_examples[] = {
  { STRV ("JP"), STRV ("pattern", "[A-Z]{2}"), "JP", NULL },
  { STRV ("Japan"), STRV ("pattern", "[A-Z]{2}"), NULL, "does not match" },
};

static const KhParamInfo range_params[] = {
  { "min", KH_PARAM_TEXT, KH_PARAM_FLAG_OPTIONAL, NULL, NULL, 0, 0,
    N_("Minimum"), N_("The smallest allowed value: a number, or a date for date values.") },
  { "max", KH_PARAM_TEXT, KH_PARAM_FLAG_OPTIONAL, NULL, NULL, 0, 0,
    N_("Maximum"), N_("The largest allowed value: a number, or a date for date values.") },
};
static const KhStepExample range_examples[] = {
  { STRV ("42"), STRV ("min", "0", "max", "100"), "42", NULL },
  { STRV ("-5"), STRV ("min", "0"), NULL, "less than 0" },
};

static const KhParamInfo one_of_params[] = {
  { "value", KH_PARAM_TEXT, KH_PARAM_FLAG_REQUIRED | KH_PARAM_FLAG_REPEATABLE, NULL, NULL, 0, 0,
    N_("Allowed values"), N_("The values that are allowed.") },
  { "ignore-case", KH_PARAM_BOOLEAN, KH_PARAM_FLAG_NONE, STRV ("false"), NULL, 0, 0,
    N_("Ignore case"), N_("Compare without regard to upper and lower case.") },
};
static const KhStepExample one_of_examples[] = {
  { STRV ("JPY"), STRV ("value", "JPY", "value", "EUR", "value", "USD"), "JPY", NULL },
  { STRV ("XXX"), STRV ("value", "JPY", "value", "EUR"), NULL, "not one of" },
};

/* ---- The table -------------------------------------------------------- */

#define STRING_OUT KH_VALUE_STRING, FALSE, NULL
#define SAME_OUT   KH_VALUE_STRING, TRUE, NULL

static const KhStepInfo steps[] = {
  { "trim", KH_STEP_CATEGORY_TEXT, KH_STEP_INPUT_ONE,
    N_("Trim"), N_("Removes white space (or the given characters) from the ends of the value."),
    PARAMS (trim_params), STRING_OUT, FALSE, EXAMPLES (trim_examples) },
  { "collapse-whitespace", KH_STEP_CATEGORY_TEXT, KH_STEP_INPUT_ONE,
    N_("Collapse white space"), N_("Replaces every run of white space with one space and trims both ends."),
    NO_PARAMS, STRING_OUT, FALSE, EXAMPLES (collapse_examples) },
  { "upper-case", KH_STEP_CATEGORY_TEXT, KH_STEP_INPUT_ONE,
    N_("Upper case"), N_("Converts letters to upper case."),
    NO_PARAMS, STRING_OUT, FALSE, EXAMPLES (upper_examples) },
  { "lower-case", KH_STEP_CATEGORY_TEXT, KH_STEP_INPUT_ONE,
    N_("Lower case"), N_("Converts letters to lower case."),
    NO_PARAMS, STRING_OUT, FALSE, EXAMPLES (lower_examples) },
  { "title-case", KH_STEP_CATEGORY_TEXT, KH_STEP_INPUT_ONE,
    N_("Title case"), N_("Upper-cases the first letter of every word and lower-cases the rest."),
    NO_PARAMS, STRING_OUT, FALSE, EXAMPLES (title_examples) },
  { "pad-zeros", KH_STEP_CATEGORY_TEXT, KH_STEP_INPUT_ONE,
    N_("Pad with leading zeros"), N_("Pads a number with zeros on the left to a fixed width (SAP ALPHA input conversion)."),
    PARAMS (pad_zeros_params), STRING_OUT, FALSE, EXAMPLES (pad_zeros_examples) },
  { "strip-zeros", KH_STEP_CATEGORY_TEXT, KH_STEP_INPUT_ONE,
    N_("Strip leading zeros"), N_("Removes the zeros on the left of a number (SAP ALPHA output conversion)."),
    PARAMS (strip_zeros_params), STRING_OUT, FALSE, EXAMPLES (strip_zeros_examples) },
  { "substring", KH_STEP_CATEGORY_TEXT, KH_STEP_INPUT_ONE,
    N_("Substring"), N_("Takes part of the value, counted in characters."),
    PARAMS (substring_params), STRING_OUT, FALSE, EXAMPLES (substring_examples) },
  { "replace", KH_STEP_CATEGORY_TEXT, KH_STEP_INPUT_ONE,
    N_("Replace text"), N_("Replaces literal text."),
    PARAMS (replace_params), STRING_OUT, FALSE, EXAMPLES (replace_examples) },
  { "regex-replace", KH_STEP_CATEGORY_TEXT, KH_STEP_INPUT_ONE,
    N_("Replace by pattern"), N_("Replaces the matches of a regular expression."),
    PARAMS (regex_replace_params), STRING_OUT, FALSE, EXAMPLES (regex_replace_examples) },
  { "keep-chars", KH_STEP_CATEGORY_TEXT, KH_STEP_INPUT_ONE,
    N_("Keep only characters"), N_("Removes every character that is not of the chosen class or among the extra characters."),
    PARAMS (keep_chars_params), STRING_OUT, FALSE, EXAMPLES (keep_chars_examples) },
  { "split", KH_STEP_CATEGORY_TEXT, KH_STEP_INPUT_ONE,
    N_("Split"), N_("Splits the value at a separator and takes one part."),
    PARAMS (split_params), STRING_OUT, FALSE, EXAMPLES (split_examples) },
  { "concat", KH_STEP_CATEGORY_TEXT, KH_STEP_INPUT_MANY,
    N_("Concatenate"), N_("Joins the values of all the rule's source fields with a separator."),
    PARAMS (concat_params), STRING_OUT, TRUE, EXAMPLES (concat_examples) },
  { "coalesce", KH_STEP_CATEGORY_TEXT, KH_STEP_INPUT_MANY,
    N_("First non-empty"), N_("Takes the first of the rule's source values that is neither null nor empty."),
    NO_PARAMS, SAME_OUT, TRUE, EXAMPLES (coalesce_examples) },
  { "nfkc", KH_STEP_CATEGORY_TEXT, KH_STEP_INPUT_ONE,
    N_("Normalize width (NFKC)"), N_("Applies Unicode NFKC: full-width letters and digits become half-width, half-width katakana become full-width."),
    NO_PARAMS, STRING_OUT, FALSE, EXAMPLES (nfkc_examples) },
  { "default-if-empty", KH_STEP_CATEGORY_TEXT, KH_STEP_INPUT_ONE,
    N_("Default if empty"), N_("Replaces a null or empty value with a fixed value."),
    PARAMS (default_if_empty_params), SAME_OUT, TRUE, EXAMPLES (default_if_empty_examples) },
  { "constant", KH_STEP_CATEGORY_TEXT, KH_STEP_INPUT_NONE,
    N_("Constant"), N_("Gives every record the same value; the rule needs no source field."),
    PARAMS (constant_params), STRING_OUT, TRUE, EXAMPLES (constant_examples) },

  { "parse-date", KH_STEP_CATEGORY_DATES, KH_STEP_INPUT_ONE,
    N_("Parse date"), N_("Reads a date with one or more patterns, strictly: impossible dates such as 30 February are errors."),
    PARAMS (parse_date_params), KH_VALUE_DATE, FALSE, "as", FALSE, EXAMPLES (parse_date_examples) },
  { "parse-japanese-date", KH_STEP_CATEGORY_DATES, KH_STEP_INPUT_ONE,
    N_("Parse Japanese era date"), N_("Reads dates of the Japanese eras (Meiji to Reiwa) in kanji or with the initials M, T, S, H and R, with full-width or half-width digits."),
    PARAMS (parse_japanese_date_params), KH_VALUE_DATE, FALSE, NULL, FALSE, EXAMPLES (parse_japanese_date_examples) },
  { "parse-odata-date", KH_STEP_CATEGORY_DATES, KH_STEP_INPUT_ONE,
    N_("Parse OData date"), N_("Reads the /Date(milliseconds)/ form of OData V2 JSON, with an optional offset in minutes."),
    PARAMS (parse_odata_date_params), KH_VALUE_DATETIME, FALSE, "as", FALSE, EXAMPLES (parse_odata_date_examples) },
  { "format-date", KH_STEP_CATEGORY_DATES, KH_STEP_INPUT_ONE,
    N_("Format date"), N_("Writes a date, date-time or time with a pattern."),
    PARAMS (format_date_params), STRING_OUT, FALSE, EXAMPLES (format_date_examples) },
  { "convert-timezone", KH_STEP_CATEGORY_DATES, KH_STEP_INPUT_ONE,
    N_("Convert time zone"), N_("Converts a date and time from one time zone to another."),
    PARAMS (convert_timezone_params), KH_VALUE_DATETIME, FALSE, NULL, FALSE, EXAMPLES (convert_timezone_examples) },

  { "parse-number", KH_STEP_CATEGORY_NUMBERS, KH_STEP_INPUT_ONE,
    N_("Parse number"), N_("Reads a number with the given separators, currency marks and negative forms, keeping every decimal digit exactly."),
    PARAMS (parse_number_params), KH_VALUE_DECIMAL, FALSE, "as", FALSE, EXAMPLES (parse_number_examples) },
  { "round", KH_STEP_CATEGORY_NUMBERS, KH_STEP_INPUT_ONE,
    N_("Round"), N_("Rounds a number to a number of decimal places, in exact decimal arithmetic."),
    PARAMS (round_params), KH_VALUE_DECIMAL, TRUE, NULL, FALSE, EXAMPLES (round_examples) },
  { "scale", KH_STEP_CATEGORY_NUMBERS, KH_STEP_INPUT_ONE,
    N_("Scale"), N_("Multiplies a number by a power of ten, exactly."),
    PARAMS (scale_params), KH_VALUE_DECIMAL, FALSE, NULL, FALSE, EXAMPLES (scale_examples) },
  { "format-number", KH_STEP_CATEGORY_NUMBERS, KH_STEP_INPUT_ONE,
    N_("Format number"), N_("Writes a number with the given separators and decimal places."),
    PARAMS (format_number_params), STRING_OUT, FALSE, EXAMPLES (format_number_examples) },

  { "lookup", KH_STEP_CATEGORY_CODES, KH_STEP_INPUT_ONE,
    N_("Look up code"), N_("Replaces a code with its value from a code list."),
    PARAMS (lookup_params), STRING_OUT, FALSE, EXAMPLES (lookup_examples) },
  { "boolean", KH_STEP_CATEGORY_CODES, KH_STEP_INPUT_ONE,
    N_("Boolean"), N_("Reads flags such as X and blank, true and false, or 1 and 0 as a boolean."),
    PARAMS (boolean_params), KH_VALUE_BOOLEAN, FALSE, NULL, TRUE, EXAMPLES (boolean_examples) },

  { "required", KH_STEP_CATEGORY_VALIDATION, KH_STEP_INPUT_ONE,
    N_("Required"), N_("Fails when the value is null or empty."),
    NO_PARAMS, SAME_OUT, TRUE, EXAMPLES (required_examples) },
  { "max-length", KH_STEP_CATEGORY_VALIDATION, KH_STEP_INPUT_ONE,
    N_("Maximum length"), N_("Fails, or truncates, when the value has more characters than allowed."),
    PARAMS (max_length_params), SAME_OUT, FALSE, EXAMPLES (max_length_examples) },
  { "match", KH_STEP_CATEGORY_VALIDATION, KH_STEP_INPUT_ONE,
    N_("Match pattern"), N_("Fails when the whole value does not match a regular expression."),
    PARAMS (match_params), SAME_OUT, FALSE, EXAMPLES (match_examples) },
  { "range", KH_STEP_CATEGORY_VALIDATION, KH_STEP_INPUT_ONE,
    N_("Range"), N_("Fails when a number or date is outside the given bounds."),
    PARAMS (range_params), SAME_OUT, FALSE, EXAMPLES (range_examples) },
  { "one-of", KH_STEP_CATEGORY_VALIDATION, KH_STEP_INPUT_ONE,
    N_("One of"), N_("Fails when the value is not one of the allowed values."),
    PARAMS (one_of_params), SAME_OUT, FALSE, EXAMPLES (one_of_examples) },
};

/**
 * kh_catalogue_get_steps:
 * @n_steps: (out): the number of steps
 *
 * Returns: (array length=n_steps): every step, in catalogue order
 */
const KhStepInfo *
kh_catalogue_get_steps (guint *n_steps)
{
  g_return_val_if_fail (n_steps != NULL, NULL);

  *n_steps = G_N_ELEMENTS (steps);
  return steps;
}

/**
 * kh_catalogue_lookup:
 *
 * Returns: (nullable): the step called @id
 */
const KhStepInfo *
kh_catalogue_lookup (const char *id)
{
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (strcmp (steps[i].id, id) == 0)
      return &steps[i];

  return NULL;
}

const char *
kh_step_category_get_label (KhStepCategory category)
{
  switch (category)
    {
    case KH_STEP_CATEGORY_TEXT:       return _("Text");
    case KH_STEP_CATEGORY_DATES:      return _("Dates and times");
    case KH_STEP_CATEGORY_NUMBERS:    return _("Numbers");
    case KH_STEP_CATEGORY_CODES:      return _("Codes");
    case KH_STEP_CATEGORY_VALIDATION: return _("Validation");
    default:                          return _("Unknown");
    }
}

const char *
kh_step_category_to_string (KhStepCategory category)
{
  switch (category)
    {
    case KH_STEP_CATEGORY_TEXT:       return "text";
    case KH_STEP_CATEGORY_DATES:      return "dates";
    case KH_STEP_CATEGORY_NUMBERS:    return "numbers";
    case KH_STEP_CATEGORY_CODES:      return "codes";
    case KH_STEP_CATEGORY_VALIDATION: return "validation";
    default:                          return "unknown";
    }
}

const char *
kh_param_type_to_string (KhParamType type)
{
  switch (type)
    {
    case KH_PARAM_TEXT:         return "text";
    case KH_PARAM_INTEGER:      return "integer";
    case KH_PARAM_DECIMAL:      return "decimal";
    case KH_PARAM_BOOLEAN:      return "boolean";
    case KH_PARAM_ENUM:         return "enum";
    case KH_PARAM_DATE_PATTERN: return "date-pattern";
    case KH_PARAM_REGEX:        return "regex";
    case KH_PARAM_CODE_LIST:    return "code-list";
    case KH_PARAM_TIME_ZONE:    return "time-zone";
    case KH_PARAM_CHAR:         return "char";
    default:                    return "unknown";
    }
}

/**
 * kh_step_info_lookup_param:
 *
 * Returns: (nullable): the parameter called @name
 */
const KhParamInfo *
kh_step_info_lookup_param (const KhStepInfo *info,
                           const char       *name)
{
  g_return_val_if_fail (info != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < info->n_params; i++)
    if (strcmp (info->params[i].name, name) == 0)
      return &info->params[i];

  return NULL;
}

/**
 * kh_step_info_get_name:
 *
 * Returns: the translated name of the step
 */
const char *
kh_step_info_get_name (const KhStepInfo *info)
{
  g_return_val_if_fail (info != NULL, NULL);

  return _(info->name);
}

/**
 * kh_step_info_get_description:
 *
 * Returns: the translated description of the step
 */
const char *
kh_step_info_get_description (const KhStepInfo *info)
{
  g_return_val_if_fail (info != NULL, NULL);

  return _(info->description);
}

/**
 * kh_step_info_get_output_type:
 * @type_param_value: (nullable): the value of the step's type parameter
 * @input_type: the type of the value the step receives
 *
 * Returns: the type of the value the step gives
 */
KhValueType
kh_step_info_get_output_type (const KhStepInfo *info,
                              const char       *type_param_value,
                              KhValueType       input_type)
{
  g_return_val_if_fail (info != NULL, KH_VALUE_STRING);

  if (info->type_param != NULL)
    {
      const KhParamInfo *param = kh_step_info_lookup_param (info, info->type_param);
      const char *value = type_param_value;

      if (value == NULL && param != NULL && param->defaults != NULL)
        value = param->defaults[0];

      if (g_strcmp0 (value, "date") == 0)
        return KH_VALUE_DATE;
      if (g_strcmp0 (value, "datetime") == 0)
        return KH_VALUE_DATETIME;
      if (g_strcmp0 (value, "time") == 0)
        return KH_VALUE_TIME;
      if (g_strcmp0 (value, "integer") == 0)
        return KH_VALUE_INTEGER;
      if (g_strcmp0 (value, "decimal") == 0)
        return KH_VALUE_DECIMAL;
    }

  if (info->keeps_type)
    return input_type;

  return info->output_type;
}

static gboolean
parse_int64 (const char *value,
             gint64     *out)
{
  char *end = NULL;
  const char *p = value;

  if (*p == '-' || *p == '+')
    p++;
  if (!g_ascii_isdigit (*p))
    return FALSE;

  errno = 0;
  *out = g_ascii_strtoll (value, &end, 10);
  return errno == 0 && end != NULL && *end == '\0';
}

static gboolean
is_decimal_literal (const char *value)
{
  const char *p = value;

  if (*p == '-')
    p++;
  if (!g_ascii_isdigit (*p))
    return FALSE;
  while (g_ascii_isdigit (*p))
    p++;
  if (*p == '.')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }

  return *p == '\0';
}

static gboolean
is_offset (const char *value)
{
  /* ±HH:MM */
  return strlen (value) == 6 &&
         (value[0] == '+' || value[0] == '-') &&
         g_ascii_isdigit (value[1]) && g_ascii_isdigit (value[2]) &&
         value[3] == ':' &&
         g_ascii_isdigit (value[4]) && g_ascii_isdigit (value[5]) &&
         (value[1] - '0') * 10 + (value[2] - '0') <= 14 &&
         (value[4] - '0') * 10 + (value[5] - '0') < 60;
}

static gboolean
is_known_time_zone (const char *value)
{
  g_autoptr(GTimeZone) tz = NULL;

  if (g_ascii_strcasecmp (value, "UTC") == 0 || g_strcmp0 (value, "Z") == 0 || is_offset (value))
    return TRUE;

  /* GLib 2.74 falls back to UTC for unknown identifiers; only a zone whose
   * identifier is the one asked for is known. */
  tz = g_time_zone_new_identifier (value);
  return tz != NULL && g_strcmp0 (g_time_zone_get_identifier (tz), value) == 0;
}

/**
 * kh_param_info_validate:
 * @value: the parameter's value as written in the mapping
 *
 * Checks @value against the parameter's type. Patterns are checked for
 * their letters here; the engine checks them fully when it compiles a plan.
 * Code-list names are checked against the mapping by the loader.
 *
 * Returns: %TRUE if @value is valid
 */
gboolean
kh_param_info_validate (const KhParamInfo  *param,
                        const char         *value,
                        GError            **error)
{
  g_return_val_if_fail (param != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  if (!g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM,
                   _("Parameter “%s” is not valid UTF-8"), param->name);
      return FALSE;
    }

  switch (param->type)
    {
    case KH_PARAM_TEXT:
      return TRUE;

    case KH_PARAM_INTEGER:
      {
        gint64 v;

        if (!parse_int64 (value, &v))
          {
            g_set_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM,
                         _("Parameter “%s” must be a whole number, not “%s”"),
                         param->name, value);
            return FALSE;
          }
        if (v < param->min || v > param->max)
          {
            g_autofree char *min = g_strdup_printf ("%" G_GINT64_FORMAT, param->min);
            g_autofree char *max = g_strdup_printf ("%" G_GINT64_FORMAT, param->max);

            g_set_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM,
                         _("Parameter “%s” must be between %s and %s, not %s"),
                         param->name, min, max, value);
            return FALSE;
          }
        return TRUE;
      }

    case KH_PARAM_DECIMAL:
      if (!is_decimal_literal (value))
        {
          g_set_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM,
                       _("Parameter “%s” must be a decimal number such as -12.50, not “%s”"),
                       param->name, value);
          return FALSE;
        }
      return TRUE;

    case KH_PARAM_BOOLEAN:
      if (strcmp (value, "true") != 0 && strcmp (value, "false") != 0)
        {
          g_set_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM,
                       _("Parameter “%s” must be “true” or “false”, not “%s”"),
                       param->name, value);
          return FALSE;
        }
      return TRUE;

    case KH_PARAM_ENUM:
      if (param->choices == NULL || !g_strv_contains (param->choices, value))
        {
          g_autofree char *choices = param->choices != NULL ? g_strjoinv (", ", (char **) param->choices) : g_strdup ("");

          g_set_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM,
                       _("Parameter “%s” must be one of %s, not “%s”"),
                       param->name, choices, value);
          return FALSE;
        }
      return TRUE;

    case KH_PARAM_DATE_PATTERN:
      {
        gboolean quoted = FALSE;
        gboolean has_field = FALSE;

        for (const char *p = value; *p != '\0'; p++)
          {
            if (*p == '\'')
              quoted = !quoted;
            else if (!quoted && g_ascii_isalpha (*p))
              {
                if (strchr ("yMdHhmsSaEXxZ", *p) == NULL)
                  {
                    g_set_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM,
                                 _("Parameter “%s”: “%c” is not a pattern letter; quote literal letters like 'T'"),
                                 param->name, *p);
                    return FALSE;
                  }
                has_field = TRUE;
              }
          }
        if (quoted)
          {
            g_set_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM,
                         _("Parameter “%s” has an unclosed quote"), param->name);
            return FALSE;
          }
        if (!has_field)
          {
            g_set_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM,
                         _("Parameter “%s” has no date or time letters (such as yyyy, MM, dd)"),
                         param->name);
            return FALSE;
          }
        return TRUE;
      }

    case KH_PARAM_REGEX:
      {
        g_autoptr(GRegex) regex = NULL;
        g_autoptr(GError) local_error = NULL;

        regex = g_regex_new (value, G_REGEX_OPTIMIZE, 0, &local_error);
        if (regex == NULL)
          {
            g_set_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM,
                         _("Parameter “%s” is not a valid regular expression: %s"),
                         param->name, local_error->message);
            return FALSE;
          }
        return TRUE;
      }

    case KH_PARAM_CODE_LIST:
      if (value[0] == '\0')
        {
          g_set_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM,
                       _("Parameter “%s” must name a code list"), param->name);
          return FALSE;
        }
      return TRUE;

    case KH_PARAM_TIME_ZONE:
      if (!is_known_time_zone (value))
        {
          g_set_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM,
                       _("Parameter “%s”: “%s” is not a known time zone; use an IANA name such as Asia/Tokyo, UTC, or an offset such as +09:00"),
                       param->name, value);
          return FALSE;
        }
      return TRUE;

    case KH_PARAM_CHAR:
      if (g_utf8_strlen (value, -1) != 1)
        {
          g_set_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM,
                       _("Parameter “%s” must be exactly one character, not “%s”"),
                       param->name, value);
          return FALSE;
        }
      return TRUE;

    default:
      g_set_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM,
                   _("Parameter “%s” has an unknown type"), param->name);
      return FALSE;
    }
}
