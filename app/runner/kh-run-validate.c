/* kh-run-validate.c: kakehashi-run validate — check mapping files
 *
 * Prints every problem of every file as `FILE:LINE:COLUMN: error: message`
 * (or `warning:`), one per line on standard output, the way compilers do,
 * so editors and CI can jump to them. Exits 0 when no file has an error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakehashi-run"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "kh-mapping-xml.h"
#include "kh-run.h"

typedef enum
{
  FILE_VALID,
  FILE_INVALID,
  FILE_UNREADABLE,
} FileResult;

static FileResult
validate_file (const char *path,
               gboolean    quiet,
               gboolean    warnings_are_errors)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(KhMapping) mapping = NULL;
  g_autoptr(GError) error = NULL;
  guint n_errors = 0, n_warnings = 0;

  bytes = kh_mapping_read_file (file, NULL, &error);
  if (bytes == NULL)
    {
      kh_run_print_error (_("cannot read “%s”: %s"), path, error->message);
      return FILE_UNREADABLE;
    }

  mapping = kh_mapping_load_bytes (bytes, path, KH_MAPPING_LOAD_DEFAULT, &problems, &error);

  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      KhProblem *problem = problems->pdata[i];
      g_autofree char *line = kh_problem_to_string (problem);

      if (kh_problem_get_severity (problem) == KH_PROBLEM_ERROR)
        n_errors++;
      else
        n_warnings++;
      printf ("%s\n", line);
    }

  /* A failure without a listed problem cannot happen, but never let one
   * pass silently. */
  if (mapping == NULL && n_errors == 0)
    {
      printf ("%s: error: %s\n", path, error != NULL ? error->message : _("the file cannot be loaded"));
      n_errors++;
    }

  if (!quiet)
    {
      g_autofree char *errors = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u error", "%u errors", n_errors),
                                                 n_errors);
      g_autofree char *warnings = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u warning", "%u warnings", n_warnings),
                                                   n_warnings);

      if (n_errors == 0 && n_warnings == 0)
        /* Translators: %s is a file name */
        g_printerr (_("%s: valid\n"), path);
      else
        /* Translators: %s is a file name, then “2 errors”, then “1 warning” */
        g_printerr (_("%s: %s, %s\n"), path, errors, warnings);
    }

  if (n_errors > 0 || (warnings_are_errors && n_warnings > 0))
    return FILE_INVALID;

  return FILE_VALID;
}

int
kh_run_cmd_validate (int    argc,
                     char **argv)
{
  gboolean quiet = FALSE;
  gboolean strict = FALSE;
  g_auto(GStrv) files = NULL;
  const GOptionEntry entries[] = {
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet,
      N_("Print only the problems, not a summary per file"), NULL },
    { "warnings-as-errors", 'W', 0, G_OPTION_ARG_NONE, &strict,
      N_("Fail on warnings too"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files,
      NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  gboolean unreadable = FALSE;
  gboolean invalid = FALSE;

  context = g_option_context_new (_("FILE.xml…"));
  g_option_context_set_summary (context,
                                _("Check mapping files against the format and its rules, and list every problem "
                                  "as FILE:LINE:COLUMN: error|warning: message."));
  g_option_context_set_description (context,
                                    _("Exit status: 0 when no file has an error, 3 when a file has errors, "
                                      "4 when a file cannot be read, 2 on bad usage."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      kh_run_print_error ("%s", error->message);
      return KH_EXIT_USAGE;
    }

  if (files == NULL || files[0] == NULL)
    {
      kh_run_print_error ("%s", _("no mapping file given; usage: kakehashi-run validate FILE.xml…"));
      return KH_EXIT_USAGE;
    }

  for (guint i = 0; files[i] != NULL; i++)
    {
      switch (validate_file (files[i], quiet, strict))
        {
        case FILE_UNREADABLE:
          unreadable = TRUE;
          break;
        case FILE_INVALID:
          invalid = TRUE;
          break;
        case FILE_VALID:
        default:
          break;
        }
    }

  fflush (stdout);

  if (unreadable)
    return KH_EXIT_INPUT;
  if (invalid)
    return KH_EXIT_INVALID_MAPPING;
  return KH_EXIT_OK;
}
