/* kh-screenshot.c: save a PNG of the main window, for the README and for
 * looking at the GUI without a display.
 *
 *   kh-screenshot OUT.png [FILE-TO-OPEN] [WIDTHxHEIGHT]
 *
 * Run it under dbus-run-session -- xvfb-run -a, with LANGUAGE=ja for the
 * Japanese screenshots.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "kh-application.h"
#include "kh-gui-test-util.h"
#include "kh-window.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(KhApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  const char *localedir = g_getenv ("KAKEHASHI_LOCALEDIR");
  KhWindow *window;
  int width = 1400, height = 900;

  if (argc < 2)
    {
      g_printerr ("usage: kh-screenshot OUT.png [FILE] [WIDTHxHEIGHT]\n");
      return 2;
    }

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc > 3 && sscanf (argv[3], "%dx%d", &width, &height) != 2)
    {
      g_printerr ("bad size %s\n", argv[3]);
      return 2;
    }

  gtk_init ();
  adw_init ();

  app = kh_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  window = kh_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  if (argc > 2 && argv[2][0] != '\0')
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (argv[2]);
      kh_window_open_file (window, file);
    }
  gtk_window_present (GTK_WINDOW (window));
  kh_test_wait_ms (1500);

  if (!kh_test_save_png (GTK_WIDGET (window), argv[1], &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
