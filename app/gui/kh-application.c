/* kh-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-application"

#include "config.h"

#include <glib/gi18n.h>

#include "kh-application.h"
#include "kh-window.h"

struct _KhApplication
{
  AdwApplication  parent_instance;

  /* Owned */
  GSettings      *settings;
};

G_DEFINE_FINAL_TYPE (KhApplication, kh_application, ADW_TYPE_APPLICATION)

static KhWindow *
get_active_window (KhApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  return KH_IS_WINDOW (window) ? KH_WINDOW (window) : NULL;
}

static void
kh_application_activate (GApplication *app)
{
  KhApplication *self = KH_APPLICATION (app);
  KhWindow *window = get_active_window (self);

  if (window == NULL)
    window = kh_window_new (self);

  gtk_window_present (GTK_WINDOW (window));
}

static void
kh_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  KhApplication *self = KH_APPLICATION (app);

  for (int i = 0; i < n_files; i++)
    {
      KhWindow *window = kh_window_new (self);

      kh_window_open_file (window, files[i]);
      gtk_window_present (GTK_WINDOW (window));
    }
}

static void
load_css (void)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (provider, RESOURCE_BASE "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
kh_application_startup (GApplication *app)
{
  G_APPLICATION_CLASS (kh_application_parent_class)->startup (app);

  load_css ();
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  KhApplication *self = user_data;
  static const char *developers[] = { "The Kakehashi developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "application-name", _("Kakehashi"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Kakehashi developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("A workbench for mapping ERP fields to CRM fields, with a live preview on sample records and a headless runner for production."),
                        "website", "https://github.com/kakehashi/kakehashi",
                        "issue-url", "https://github.com/kakehashi/kakehashi/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: put your names here, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  KhApplication *self = user_data;
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Close each window so that it can save its state first. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
}

static const GActionEntry app_actions[] = {
  { "about", about_action },
  { "quit", quit_action },
};

static void
kh_application_finalize (GObject *object)
{
  KhApplication *self = (KhApplication *) object;

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (kh_application_parent_class)->finalize (object);
}

static void
kh_application_class_init (KhApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = kh_application_finalize;
  app_class->activate = kh_application_activate;
  app_class->open = kh_application_open;
  app_class->startup = kh_application_startup;
}

static void
kh_application_init (KhApplication *self)
{
  static const char *quit_accels[] = { "<Control>q", NULL };

  self->settings = g_settings_new (APP_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
}

KhApplication *
kh_application_new (void)
{
  return g_object_new (KH_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", RESOURCE_BASE,
                       NULL);
}

/**
 * kh_application_get_settings:
 *
 * Returns: (transfer none): the application's settings
 */
GSettings *
kh_application_get_settings (KhApplication *self)
{
  g_return_val_if_fail (KH_IS_APPLICATION (self), NULL);

  return self->settings;
}
