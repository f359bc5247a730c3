/* test-catalogue.c: the step catalogue is well formed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kh-catalogue.h"
#include "kh-error.h"
#include "kh-step.h"

/* The steps DESIGN.md lists; the catalogue must have every one. */
static const char * const design_steps[] = {
  "trim", "collapse-whitespace", "upper-case", "lower-case", "title-case",
  "pad-zeros", "strip-zeros", "substring", "replace", "regex-replace",
  "keep-chars", "split", "concat", "nfkc", "default-if-empty", "constant",
  "parse-date", "parse-japanese-date", "parse-odata-date", "format-date",
  "convert-timezone", "parse-number", "round", "scale", "format-number",
  "lookup", "boolean", "required", "max-length", "match", "range", "one-of",
};

static void
test_design_steps_present (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (design_steps); i++)
    {
      const KhStepInfo *info = kh_catalogue_lookup (design_steps[i]);

      if (info == NULL)
        g_error ("step %s is missing from the catalogue", design_steps[i]);
      g_assert_cmpstr (info->id, ==, design_steps[i]);
    }

  g_assert_null (kh_catalogue_lookup ("no-such-step"));
}

static void
test_ids_unique_and_well_formed (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  const KhStepInfo *steps;
  guint n;

  steps = kh_catalogue_get_steps (&n);
  g_assert_cmpuint (n, >=, G_N_ELEMENTS (design_steps));

  for (guint i = 0; i < n; i++)
    {
      const KhStepInfo *info = &steps[i];

      g_assert_true (g_hash_table_add (seen, (gpointer) info->id));
      for (const char *p = info->id; *p != '\0'; p++)
        g_assert_true (g_ascii_islower (*p) || *p == '-');
      g_assert_nonnull (info->name);
      g_assert_nonnull (info->description);
      g_assert_cmpuint (info->n_examples, >=, 1);
    }
}

/* Defaults must be valid values of their own parameter, enum choices must
 * include the default, and required parameters have no default. */
static void
test_params_consistent (void)
{
  const KhStepInfo *steps;
  guint n;

  steps = kh_catalogue_get_steps (&n);
  for (guint i = 0; i < n; i++)
    {
      const KhStepInfo *info = &steps[i];
      g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint j = 0; j < info->n_params; j++)
        {
          const KhParamInfo *param = &info->params[j];

          g_assert_true (g_hash_table_add (names, (gpointer) param->name));
          g_assert_nonnull (param->label);
          g_assert_nonnull (param->description);

          if (param->flags & (KH_PARAM_FLAG_REQUIRED | KH_PARAM_FLAG_OPTIONAL))
            g_assert_null (param->defaults);
          else
            g_assert_nonnull (param->defaults);

          if (param->type == KH_PARAM_ENUM)
            g_assert_nonnull (param->choices);

          if (param->defaults != NULL)
            for (guint k = 0; param->defaults[k] != NULL; k++)
              {
                g_autoptr(GError) error = NULL;

                if (!kh_param_info_validate (param, param->defaults[k], &error))
                  g_error ("%s.%s: default “%s” is invalid: %s",
                           info->id, param->name, param->defaults[k], error->message);
              }
        }

      if (info->type_param != NULL)
        {
          const KhParamInfo *tp = kh_step_info_lookup_param (info, info->type_param);

          g_assert_nonnull (tp);
          g_assert_cmpint (tp->type, ==, KH_PARAM_ENUM);
        }
    }
}

/* Every example must be a valid step: known parameters with valid values,
 * every required parameter given, the right number of inputs. */
static void
test_examples_are_valid_steps (void)
{
  const KhStepInfo *steps;
  guint n;

  steps = kh_catalogue_get_steps (&n);
  for (guint i = 0; i < n; i++)
    {
      const KhStepInfo *info = &steps[i];

      for (guint j = 0; j < info->n_examples; j++)
        {
          const KhStepExample *ex = &info->examples[j];
          g_autoptr(KhStep) step = kh_step_new (info->id);
          g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
          g_autoptr(GError) error = NULL;
          GHashTableIter iter;
          gpointer k, v;
          guint n_inputs = g_strv_length ((char **) ex->inputs);

          g_assert_true ((ex->output == NULL) != (ex->error == NULL));

          switch (info->input)
            {
            case KH_STEP_INPUT_NONE:
              g_assert_cmpuint (n_inputs, ==, 0);
              break;
            case KH_STEP_INPUT_ONE:
              g_assert_cmpuint (n_inputs, ==, 1);
              break;
            case KH_STEP_INPUT_MANY:
              g_assert_cmpuint (n_inputs, >=, 1);
              break;
            default:
              g_assert_not_reached ();
            }

          for (guint p = 0; ex->params[p] != NULL; p += 2)
            {
              GPtrArray *list = g_hash_table_lookup (values, ex->params[p]);

              g_assert_nonnull (ex->params[p + 1]);
              if (list == NULL)
                {
                  list = g_ptr_array_new ();
                  g_hash_table_insert (values, (gpointer) ex->params[p], list);
                }
              g_ptr_array_add (list, (gpointer) ex->params[p + 1]);
            }

          g_hash_table_iter_init (&iter, values);
          while (g_hash_table_iter_next (&iter, &k, &v))
            {
              GPtrArray *list = v;

              g_ptr_array_add (list, NULL);
              kh_step_set_param_values (step, k, (const char * const *) list->pdata);
            }

          if (!kh_step_validate (step, &error))
            g_error ("%s example %u is not a valid step: %s", info->id, j, error->message);
        }
    }
}

typedef struct
{
  KhParamType  type;
  const char  *value;
  gboolean     valid;
} ParamCase;

static void
test_param_validation (void)
{
  static const char * const choices[] = { "a", "b", NULL };
  static const ParamCase cases[] = {
    { KH_PARAM_INTEGER, "12", TRUE },
    { KH_PARAM_INTEGER, "-3", FALSE },     /* below min 0 */
    { KH_PARAM_INTEGER, "101", FALSE },    /* above max 100 */
    { KH_PARAM_INTEGER, "1.5", FALSE },
    { KH_PARAM_INTEGER, "", FALSE },
    { KH_PARAM_INTEGER, "99999999999999999999", FALSE },
    { KH_PARAM_DECIMAL, "-12.50", TRUE },
    { KH_PARAM_DECIMAL, "12.", FALSE },
    { KH_PARAM_DECIMAL, "1e5", FALSE },
    { KH_PARAM_BOOLEAN, "true", TRUE },
    { KH_PARAM_BOOLEAN, "yes", FALSE },
    { KH_PARAM_ENUM, "b", TRUE },
    { KH_PARAM_ENUM, "c", FALSE },
    { KH_PARAM_DATE_PATTERN, "yyyy/MM/dd", TRUE },
    { KH_PARAM_DATE_PATTERN, "yyyy-MM-dd'T'HH:mm:ss", TRUE },
    { KH_PARAM_DATE_PATTERN, "yyyy-MM-ddTHH", FALSE },  /* unquoted T */
    { KH_PARAM_DATE_PATTERN, "'unclosed", FALSE },
    { KH_PARAM_DATE_PATTERN, "//", FALSE },
    { KH_PARAM_REGEX, "^[A-Z]{2}$", TRUE },
    { KH_PARAM_REGEX, "([A-Z", FALSE },
    { KH_PARAM_CODE_LIST, "status", TRUE },
    { KH_PARAM_CODE_LIST, "", FALSE },
    { KH_PARAM_TIME_ZONE, "Asia/Tokyo", TRUE },
    { KH_PARAM_TIME_ZONE, "+09:00", TRUE },
    { KH_PARAM_TIME_ZONE, "UTC", TRUE },
    { KH_PARAM_TIME_ZONE, "Mars/Olympus", FALSE },
    { KH_PARAM_TIME_ZONE, "+25:00", FALSE },
    { KH_PARAM_CHAR, ",", TRUE },
    { KH_PARAM_CHAR, "、", TRUE },
    { KH_PARAM_CHAR, ",,", FALSE },
    { KH_PARAM_TEXT, "\xff", FALSE },      /* invalid UTF-8 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      KhParamInfo param = { "p", cases[i].type, KH_PARAM_FLAG_NONE, NULL, choices, 0, 100, "P", "P" };
      g_autoptr(GError) error = NULL;
      gboolean ok = kh_param_info_validate (&param, cases[i].value, &error);

      if (ok != cases[i].valid)
        g_error ("case %u (%s “%s”): expected %s", i, kh_param_type_to_string (cases[i].type),
                 cases[i].value, cases[i].valid ? "valid" : "invalid");
      if (!ok)
        {
          g_assert_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM);
          /* Every message names the parameter. */
          g_assert_nonnull (strstr (error->message, "“p”"));
        }
    }
}

static void
test_output_types (void)
{
  const KhStepInfo *parse_number = kh_catalogue_lookup ("parse-number");
  const KhStepInfo *parse_date = kh_catalogue_lookup ("parse-date");
  const KhStepInfo *trim = kh_catalogue_lookup ("trim");
  const KhStepInfo *round = kh_catalogue_lookup ("round");

  g_assert_cmpint (kh_step_info_get_output_type (parse_number, NULL, KH_VALUE_STRING), ==, KH_VALUE_DECIMAL);
  g_assert_cmpint (kh_step_info_get_output_type (parse_number, "integer", KH_VALUE_STRING), ==, KH_VALUE_INTEGER);
  g_assert_cmpint (kh_step_info_get_output_type (parse_date, "datetime", KH_VALUE_STRING), ==, KH_VALUE_DATETIME);
  g_assert_cmpint (kh_step_info_get_output_type (parse_date, NULL, KH_VALUE_STRING), ==, KH_VALUE_DATE);
  g_assert_cmpint (kh_step_info_get_output_type (trim, NULL, KH_VALUE_DATE), ==, KH_VALUE_STRING);
  g_assert_cmpint (kh_step_info_get_output_type (round, NULL, KH_VALUE_INTEGER), ==, KH_VALUE_INTEGER);
}

static void
test_step_validate (void)
{
  g_autoptr(KhStep) unknown = kh_step_new ("frobnicate");
  g_autoptr(KhStep) missing = kh_step_new ("parse-date");
  g_autoptr(KhStep) repeated = kh_step_new ("trim");
  g_autoptr(KhStep) bad_param = kh_step_new ("trim");
  g_autoptr(KhStep) good = kh_step_new ("parse-date");
  const char *two[] = { "both", "end", NULL };
  const char *patterns[] = { "yyyy/MM/dd", "dd-MM-yyyy", NULL };
  GError *error = NULL;

  g_assert_false (kh_step_validate (unknown, &error));
  g_assert_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM);
  g_assert_nonnull (strstr (error->message, "frobnicate"));
  g_clear_error (&error);

  g_assert_false (kh_step_validate (missing, &error));
  g_assert_nonnull (strstr (error->message, "pattern"));
  g_clear_error (&error);

  kh_step_set_param_values (repeated, "side", two);
  g_assert_false (kh_step_validate (repeated, &error));
  g_assert_nonnull (strstr (error->message, "only once"));
  g_clear_error (&error);

  kh_step_set_param (bad_param, "colour", "red");
  g_assert_false (kh_step_validate (bad_param, &error));
  g_assert_nonnull (strstr (error->message, "colour"));
  g_clear_error (&error);

  kh_step_set_param_values (good, "pattern", patterns);
  g_assert_true (kh_step_validate (good, &error));
  g_assert_no_error (error);
  g_assert_cmpstrv (kh_step_get_param_values (good, "pattern"), patterns);
  g_assert_cmpstr (kh_step_get_param_or_default (good, "as"), ==, "date");
  g_assert_null (kh_step_get_param (good, "as"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/catalogue/design-steps-present", test_design_steps_present);
  g_test_add_func ("/core/catalogue/ids", test_ids_unique_and_well_formed);
  g_test_add_func ("/core/catalogue/params-consistent", test_params_consistent);
  g_test_add_func ("/core/catalogue/examples-are-valid-steps", test_examples_are_valid_steps);
  g_test_add_func ("/core/catalogue/param-validation", test_param_validation);
  g_test_add_func ("/core/catalogue/output-types", test_output_types);
  g_test_add_func ("/core/catalogue/step-validate", test_step_validate);

  return g_test_run ();
}
