/* kh-run-format.c: kakehashi-run format — the canonical form of a mapping
 *
 * Like gofmt for mappings: prints the canonical form of a mapping file, or
 * with --in-place rewrites the file (atomically, and only when it
 * changes). Formatting a formatted file changes nothing. Files with
 * semantic problems are formatted too; a file that is not well-formed or
 * does not follow the schema is not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakehashi-run"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "kh-mapping-xml.h"
#include "kh-run.h"

static void
print_problems (GPtrArray *problems)
{
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      KhProblem *problem = problems->pdata[i];

      if (kh_problem_get_severity (problem) == KH_PROBLEM_ERROR)
        {
          g_autofree char *line = kh_problem_to_string (problem);
          g_printerr ("%s\n", line);
        }
    }
}

static int
format_file (const char *path,
             gboolean    in_place)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) canonical = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(KhMapping) mapping = NULL;
  g_autoptr(GError) error = NULL;
  const char *data;
  gsize size;

  bytes = kh_mapping_read_file (file, NULL, &error);
  if (bytes == NULL)
    {
      kh_run_print_error (_("cannot read “%s”: %s"), path, error->message);
      return KH_EXIT_INPUT;
    }

  mapping = kh_mapping_load_bytes (bytes, path, KH_MAPPING_LOAD_KEEP_INVALID, &problems, &error);
  if (mapping == NULL)
    {
      print_problems (problems);
      kh_run_print_error (_("“%s” cannot be formatted: %s"), path, error->message);
      return KH_EXIT_INVALID_MAPPING;
    }

  canonical = kh_mapping_to_xml (mapping, &error);
  if (canonical == NULL)
    {
      kh_run_print_error ("%s", error->message);
      return KH_EXIT_INVALID_MAPPING;
    }

  data = g_bytes_get_data (canonical, &size);

  if (!in_place)
    {
      if (fwrite (data, 1, size, stdout) != size || fflush (stdout) != 0)
        {
          kh_run_print_error ("%s", _("cannot write to standard output"));
          return KH_EXIT_OUTPUT;
        }
      return KH_EXIT_OK;
    }

  if (g_bytes_equal (bytes, canonical))
    return KH_EXIT_OK;

  /* Written aside and renamed over the file: it is whole or untouched. */
  if (!g_file_replace_contents (file, data, size, NULL, FALSE, G_FILE_CREATE_NONE,
                                NULL, NULL, &error))
    {
      kh_run_print_error (_("cannot write “%s”: %s"), path, error->message);
      return KH_EXIT_OUTPUT;
    }

  return KH_EXIT_OK;
}

int
kh_run_cmd_format (int    argc,
                   char **argv)
{
  gboolean in_place = FALSE;
  g_auto(GStrv) files = NULL;
  const GOptionEntry entries[] = {
    { "in-place", 'i', 0, G_OPTION_ARG_NONE, &in_place,
      N_("Rewrite the files instead of printing the result (atomically, and only if they change)"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files,
      NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  int status = KH_EXIT_OK;

  context = g_option_context_new (_("FILE.xml"));
  g_option_context_set_summary (context,
                                _("Write a mapping file in canonical form: fixed order, two-space indentation, "
                                  "layout last. Formatting a formatted file changes nothing."));
  g_option_context_set_description (context,
                                    _("Without --in-place, the canonical form of the one file goes to standard output."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      kh_run_print_error ("%s", error->message);
      return KH_EXIT_USAGE;
    }

  if (files == NULL || files[0] == NULL)
    {
      kh_run_print_error ("%s", _("no mapping file given; usage: kakehashi-run format [--in-place] FILE.xml"));
      return KH_EXIT_USAGE;
    }

  if (!in_place && files[1] != NULL)
    {
      kh_run_print_error ("%s", _("format prints one file; use --in-place to format several"));
      return KH_EXIT_USAGE;
    }

  for (guint i = 0; files[i] != NULL; i++)
    {
      int file_status = format_file (files[i], in_place);

      if (file_status != KH_EXIT_OK && status == KH_EXIT_OK)
        status = file_status;
    }

  return status;
}
