/* test-engine-examples.c: every example of the step catalogue, run
 * through the real engine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kh-engine-test-util.h"

/* The lookup example names the code list "status". */
static KhMapping *
example_mapping (void)
{
  KhMapping *mapping = kh_mapping_new ();
  g_autoptr(KhCodeList) status = kh_code_list_new ("status");

  kh_code_list_append (status, "A", "Active");
  kh_code_list_append (status, "I", "Inactive");
  kh_mapping_add_code_list (mapping, status);
  return mapping;
}

static void
test_example (gconstpointer data)
{
  const KhStepInfo *info = data;
  guint n_checked = 0;

  for (guint e = 0; e < info->n_examples; e++)
    {
      const KhStepExample *example = &info->examples[e];
      g_autoptr(KhMapping) mapping = example_mapping ();
      g_autoptr(KhStep) step = test_step_newv (info->id, example->params);
      guint n_inputs = example->inputs != NULL ? g_strv_length ((char **) example->inputs) : 0;
      g_autofree char *got = test_run_steps (mapping, &step, 1, example->inputs, n_inputs, NULL);

      g_test_message ("%s example %u: got “%s”", info->id, e + 1, got);
      if (example->output != NULL)
        {
          if (g_strcmp0 (got, example->output) != 0)
            g_error ("%s example %u: expected “%s”, got “%s”", info->id, e + 1, example->output, got);
        }
      else
        {
          g_assert_nonnull (example->error);
          if (got[0] != '!' || g_str_has_prefix (got, "!compile:") || strstr (got, example->error) == NULL)
            g_error ("%s example %u: expected an error with “%s”, got “%s”", info->id, e + 1, example->error, got);
        }
      n_checked++;
    }

  g_assert_cmpuint (n_checked, >=, 1);
}

/* The engine runs every step of the catalogue (an unknown one would be a
 * compile error). */
static void
test_every_step_compiles (void)
{
  guint n;
  const KhStepInfo *steps = kh_catalogue_get_steps (&n);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KhMapping) mapping = example_mapping ();
      g_autoptr(KhStep) step = test_step_newv (steps[i].id, steps[i].examples[0].params);
      g_autoptr(GError) error = NULL;

      if (!kh_step_check (step, mapping, &error))
        g_error ("%s: %s", steps[i].id, error->message);
    }
}

/* Every step, with its first example's parameters, on hostile input:
 * invalid UTF-8, a huge value, odd characters. The result is a value or a
 * reason, never a crash or a read past the value (AddressSanitizer checks
 * that). Invalid UTF-8 is never passed through as if it were text by a step
 * that reads characters. */
static void
test_hostile_input (void)
{
  g_autofree char *huge = g_strnfill (1024 * 1024, 'x');
  g_autofree char *huge_wide = NULL;
  const char *inputs[] = {
    "ab\xe6",            /* a truncated sequence at the end */
    "\x80" "abc",         /* a lone continuation byte */
    "\xc0\xaf",          /* an overlong encoding */
    "\xed\xa0\x80",      /* a surrogate */
    "\xf4\x90\x80\x80",  /* beyond U+10FFFF */
    "\xe6\x9d\xb1\xe4\xba",
    "  \xe3\x80\x80 \xe6",
    huge,
    NULL,
  };
  GString *wide = g_string_new (NULL);
  guint n;
  const KhStepInfo *steps = kh_catalogue_get_steps (&n);

  for (guint i = 0; i < 100000; i++)
    g_string_append (wide, "東京");
  huge_wide = g_string_free (wide, FALSE);
  inputs[8] = huge_wide;

  for (guint i = 0; i < n; i++)
    for (guint k = 0; k < G_N_ELEMENTS (inputs); k++)
      {
        g_autoptr(KhMapping) mapping = example_mapping ();
        g_autoptr(KhStep) step = test_step_newv (steps[i].id, steps[i].examples[0].params);
        const char *many[] = { inputs[k], inputs[k] };
        guint n_inputs = steps[i].input == KH_STEP_INPUT_NONE ? 0 : steps[i].input == KH_STEP_INPUT_MANY ? 2 : 1;
        g_autofree char *got = test_run_steps (mapping, &step, 1, many, n_inputs, NULL);

        g_assert_nonnull (got);
        g_assert_false (g_str_has_prefix (got, "!compile:"));
      }
}

int
main (int   argc,
      char *argv[])
{
  const KhStepInfo *steps;
  guint n;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  steps = kh_catalogue_get_steps (&n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = g_strdup_printf ("/engine/examples/%s", steps[i].id);

      g_test_add_data_func (path, &steps[i], test_example);
    }
  g_test_add_func ("/engine/examples/every-step-compiles", test_every_step_compiles);
  g_test_add_func ("/engine/examples/hostile-input", test_hostile_input);

  return g_test_run ();
}
