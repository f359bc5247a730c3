/* kh-run-test.c: kakehashi-run test — check a mapping's golden records
 *
 * Evaluates every golden test record of each mapping file and prints one
 * line per record on standard output, `PASS name` or `FAIL name`, each
 * failure followed by its mismatches (the record, the field, the expected
 * and the actual value, or the expected and the actual outcome) and the
 * record's rule errors. The PASS/FAIL words are fixed so tools can parse
 * them; the sentences are translated. A summary per file goes to standard
 * error. Exit status 0 when every record passes, 7 when one fails.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakehashi-run"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "kh-engine.h"
#include "kh-error.h"
#include "kh-mapping-xml.h"
#include "kh-run.h"

typedef enum
{
  TEST_PASSED,
  TEST_FAILED,
  TEST_INVALID,
  TEST_UNREADABLE,
} TestResult;

static TestResult
test_file (const char *path,
           gboolean    quiet)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(KhMapping) mapping = NULL;
  g_autoptr(GError) error = NULL;
  guint n_passed = 0, n_failed = 0;

  bytes = kh_mapping_read_file (file, NULL, &error);
  if (bytes == NULL)
    {
      kh_run_print_error (_("cannot read “%s”: %s"), path, error->message);
      return TEST_UNREADABLE;
    }

  mapping = kh_mapping_load_bytes (bytes, path, KH_MAPPING_LOAD_DEFAULT, &problems, &error);
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      KhProblem *problem = problems->pdata[i];
      g_autofree char *line = NULL;

      if (quiet && kh_problem_get_severity (problem) != KH_PROBLEM_ERROR)
        continue;
      line = kh_problem_to_string (problem);
      g_printerr ("%s\n", line);
    }
  if (mapping == NULL)
    {
      kh_run_print_error (_("the mapping “%s” is invalid; its golden records were not checked"), path);
      return TEST_INVALID;
    }

  results = kh_golden_check (mapping, &error);
  if (results == NULL)
    {
      kh_run_print_error ("%s: %s", path, error->message);
      return TEST_INVALID;
    }

  for (guint i = 0; i < results->len; i++)
    {
      KhGoldenResult *result = results->pdata[i];
      gboolean outcome_differs = FALSE;

      if (result->passed)
        {
          n_passed++;
          if (!quiet)
            printf ("PASS %s\n", result->name);
          continue;
        }

      n_failed++;
      printf ("FAIL %s\n", result->name);
      for (guint m = 0; m < result->mismatches->len; m++)
        {
          KhGoldenMismatch *mismatch = result->mismatches->pdata[m];

          printf ("     %s\n", mismatch->message);
          /* An outcome mismatch names the rule errors already. */
          if (mismatch->field == NULL)
            outcome_differs = TRUE;
        }
      for (guint e = 0; !outcome_differs && result->errors != NULL && e < result->errors->len; e++)
        /* Translators: a rule error of a golden record that failed, to
         * explain it; %s is a sentence */
        printf (_("     because: %s\n"), (const char *) result->errors->pdata[e]);
    }

  if (!quiet)
    {
      if (results->len == 0)
        /* Translators: %s is a file name */
        g_printerr (_("%s: no golden records to check\n"), path);
      else
        {
          g_autofree char *passed = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u passed", "%u passed", n_passed),
                                                     n_passed);
          g_autofree char *failed = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u failed", "%u failed", n_failed),
                                                     n_failed);

          /* Translators: %s is a file name, then “3 passed”, then “1 failed” */
          g_printerr (_("%s: %s, %s\n"), path, passed, failed);
        }
    }

  return n_failed > 0 ? TEST_FAILED : TEST_PASSED;
}

int
kh_run_cmd_test (int    argc,
                 char **argv)
{
  gboolean quiet = FALSE;
  g_auto(GStrv) files = NULL;
  const GOptionEntry entries[] = {
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet,
      N_("Print only the records that fail, and no summary"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files,
      NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  gboolean unreadable = FALSE, invalid = FALSE, failed = FALSE;

  context = g_option_context_new (_("MAPPING.xml…"));
  g_option_context_set_summary (context,
                                _("Check the golden test records of mapping files: each record must give "
                                  "its expected outcome and values. Prints PASS or FAIL per record, and "
                                  "for each failure the field, the expected and the actual value."));
  g_option_context_set_description (context,
                                    _("Exit status: 0 when every record passes, 7 when one fails, "
                                      "3 when a mapping is invalid, 4 when a file cannot be read, 2 on bad usage."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      kh_run_print_error ("%s", error->message);
      return KH_EXIT_USAGE;
    }

  if (files == NULL || files[0] == NULL)
    {
      kh_run_print_error ("%s", _("no mapping file given; usage: kakehashi-run test MAPPING.xml…"));
      return KH_EXIT_USAGE;
    }

  for (guint i = 0; files[i] != NULL; i++)
    {
      switch (test_file (files[i], quiet))
        {
        case TEST_UNREADABLE:
          unreadable = TRUE;
          break;
        case TEST_INVALID:
          invalid = TRUE;
          break;
        case TEST_FAILED:
          failed = TRUE;
          break;
        case TEST_PASSED:
        default:
          break;
        }
    }

  fflush (stdout);

  if (unreadable)
    return KH_EXIT_INPUT;
  if (invalid)
    return KH_EXIT_INVALID_MAPPING;
  if (failed)
    return KH_EXIT_TEST_FAILED;
  return KH_EXIT_OK;
}
