/* kh-run-main.c: kakehashi-run, the headless runner
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakehashi-run"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "kh-run.h"

typedef struct
{
  const char *name;
  int       (*func) (int argc, char **argv);
  const char *summary;
} Command;

static const Command commands[] = {
  { "run",      kh_run_cmd_run,      N_("Run a mapping over input records") },
  { "validate", kh_run_cmd_validate, N_("Check a mapping file and list its problems") },
  { "format",   kh_run_cmd_format,   N_("Write a mapping file in canonical form") },
  { "test",     kh_run_cmd_test,     N_("Check a mapping's golden test records") },
  { "schema",   kh_run_cmd_schema,   N_("Import a metadata file and print its entities and fields") },
  { "steps",    kh_run_cmd_steps,    N_("List the step catalogue") },
};

void
kh_run_print_error (const char *format,
                    ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* Translators: the prefix of every error message of kakehashi-run */
  g_printerr (_("kakehashi-run: error: %s\n"), message);
}

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n", _("Usage: kakehashi-run COMMAND [OPTION…]"));
  fprintf (stream, "\n%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (stream, "\n%s\n", _("Run “kakehashi-run COMMAND --help” for the options of a command."));
  fprintf (stream, "%s\n", _("Other options:"));
  fprintf (stream, "  %-10s %s\n", "--help", _("Show this help"));
  fprintf (stream, "  %-10s %s\n", "--version", _("Show the version"));
}

static void
setup_i18n (void)
{
  const char *localedir = g_getenv ("KAKEHASHI_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

int
main (int    argc,
      char **argv)
{
  setup_i18n ();
  g_set_prgname ("kakehashi-run");

  if (argc < 2)
    {
      print_usage (stderr);
      return KH_EXIT_USAGE;
    }

  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 || strcmp (argv[1], "help") == 0)
    {
      print_usage (stdout);
      return KH_EXIT_OK;
    }

  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("kakehashi-run %s\n", PACKAGE_VERSION);
      return KH_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      {
        g_autofree char *prgname = g_strdup_printf ("kakehashi-run %s", commands[i].name);

        /* GOptionContext's usage line shows the program name. */
        g_set_prgname (prgname);
        return commands[i].func (argc - 1, argv + 1);
      }

  kh_run_print_error (_("unknown command “%s”"), argv[1]);
  print_usage (stderr);
  return KH_EXIT_USAGE;
}
