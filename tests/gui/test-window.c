/* test-window.c: the application and its main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kh-application.h"
#include "kh-gui-test-util.h"
#include "kh-window.h"

static void
test_window_appears (void)
{
  g_autoptr(KhApplication) app = kh_application_new ();
  g_autoptr(GError) error = NULL;
  KhWindow *window;
  GtkWidget *menu;

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  window = kh_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  kh_test_wait_ms (200);

  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), >, 0);

  /* The primary menu is there, with an accessible label. */
  menu = kh_test_find_by_name (GTK_WIDGET (window), "primary_menu_button");
  g_assert_nonnull (menu);
  g_assert_true (gtk_menu_button_get_primary (GTK_MENU_BUTTON (menu)));

  /* The About action exists on the application. */
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "about"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "quit"));

  gtk_window_destroy (GTK_WINDOW (window));
  kh_test_wait_idle ();
}

static gboolean
has_window (gpointer data)
{
  return gtk_application_get_active_window (data) != NULL;
}

/* The first start opens the demo project; later starts do not. */
static void
test_first_run_opens_demo (void)
{
  g_autoptr(KhApplication) app = kh_application_new ();
  g_autoptr(GError) error = NULL;
  GSettings *settings;
  GtkWindow *window;
  KhDocument *document;

  /* A second application object in this process needs its own D-Bus path. */
  g_application_set_application_id (G_APPLICATION (app), APP_ID ".FirstRunTest");
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  settings = kh_application_get_settings (app);
  g_settings_set_boolean (settings, "first-run", TRUE);

  g_application_activate (G_APPLICATION (app));
  g_assert_true (kh_test_wait_until (has_window, app, 5000));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (KH_IS_WINDOW (window));
  document = kh_window_get_document (KH_WINDOW (window));
  g_assert_cmpstr (kh_entity_get_name (kh_mapping_get_source_entity (kh_document_get_mapping (document))), ==, "KNA1");
  g_assert_false (g_settings_get_boolean (settings, "first-run"));

  /* The shortcuts window (Ctrl+?) comes from the resource and opens. */
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (window), "show-help-overlay"));
  g_assert_nonnull (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));

  /* The demo action (Help ▸ Demo Project, kakehashi --demo). */
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "demo"));

  gtk_window_destroy (window);
  kh_test_wait_idle ();
}

static void
test_japanese_ui (void)
{
  /* The window title comes from the template through gettext. */
  const char *title;

  if (!g_str_has_prefix (setlocale (LC_MESSAGES, NULL), "C") &&
      !g_str_has_prefix (setlocale (LC_MESSAGES, NULL), "en"))
    {
      g_test_skip ("needs a C or English locale to start from");
      return;
    }

  g_setenv ("LANGUAGE", "ja", TRUE);
  /* gettext caches per LANGUAGE value; changing it takes effect at once */
  title = _("Kakehashi");
  g_assert_cmpstr (title, ==, "架け橋");
  g_setenv ("LANGUAGE", "", TRUE);
}

int
main (int   argc,
      char *argv[])
{
  kh_test_init_environment ();
  kh_test_init_gtk (&argc, &argv);

  g_test_add_func ("/gui/window/appears", test_window_appears);
  g_test_add_func ("/gui/window/first-run-opens-demo", test_first_run_opens_demo);
  g_test_add_func ("/gui/window/japanese", test_japanese_ui);

  return g_test_run ();
}
