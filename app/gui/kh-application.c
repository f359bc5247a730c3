/* kh-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-application"

#include "config.h"

#include <glib/gi18n.h>

#include "kh-application.h"
#include "kh-project.h"
#include "kh-window.h"

static const GOptionEntry option_entries[] = {
  { "demo", 'd', G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Open the demo project"), NULL },
  { NULL }
};

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
on_recovery_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         gpointer          user_data)
{
  KhApplication *self = user_data;
  GPtrArray *files = g_object_get_data (G_OBJECT (dialog), "files");

  for (guint i = 0; i < files->len; i++)
    {
      GFile *file = g_ptr_array_index (files, i);
      g_autoptr(GError) error = NULL;

      if (g_strcmp0 (response, "restore") == 0)
        {
          KhWindow *window = get_active_window (self);

          if (window == NULL || kh_document_get_modified (kh_window_get_document (window)) ||
              kh_document_get_file (kh_window_get_document (window)) != NULL)
            window = kh_window_new (self);
          if (!kh_window_restore_recovery (window, file, &error))
            kh_window_show_message (window, error->message);
          gtk_window_present (GTK_WINDOW (window));
        }
      else if (g_strcmp0 (response, "discard") == 0)
        kh_application_discard_recovery (file);
    }
}

/* After a crash or a kill, offer the recovery copies the last session left. */
static gboolean
offer_recovery (KhApplication *self,
                KhWindow      *window)
{
  g_autoptr(GPtrArray) files = kh_application_list_recovery ();
  g_autoptr(GString) body = NULL;
  AdwMessageDialog *dialog;

  if (files->len == 0)
    return FALSE;

  body = g_string_new (_("Kakehashi stopped before these projects were saved:"));
  g_string_append_c (body, '\n');
  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *title = kh_application_dup_recovery_title (g_ptr_array_index (files, i));
      g_string_append_printf (body, "\n• %s", title);
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (window), _("Restore Unsaved Work?"), body->str));
  adw_message_dialog_add_responses (dialog,
                                    "later", _("_Later"),
                                    "discard", _("_Discard"),
                                    "restore", _("_Restore"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (dialog, "restore", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "restore");
  adw_message_dialog_set_close_response (dialog, "later");
  g_object_set_data_full (G_OBJECT (dialog), "files", g_ptr_array_ref (files), (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_recovery_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));

  return TRUE;
}

static void
kh_application_activate (GApplication *app)
{
  KhApplication *self = KH_APPLICATION (app);
  KhWindow *window = get_active_window (self);
  gboolean first_window = window == NULL;

  if (window == NULL)
    window = kh_window_new (self);

  gtk_window_present (GTK_WINDOW (window));

  if (first_window && !offer_recovery (self, window) &&
      g_settings_get_boolean (self->settings, "first-run"))
    {
      g_autoptr(GError) error = NULL;

      g_settings_set_boolean (self->settings, "first-run", FALSE);
      if (!kh_window_open_demo (window, &error))
        kh_window_show_message (window, error->message);
    }
}

static int
kh_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  g_autoptr(GError) error = NULL;

  if (!g_variant_dict_contains (options, "demo"))
    return -1;

  /* Runs in the primary instance, which may be another process. */
  if (!g_application_register (app, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_action_group_activate_action (G_ACTION_GROUP (app), "demo", NULL);
  return 0;
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
demo_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  KhApplication *self = user_data;
  KhWindow *window = get_active_window (self);
  g_autoptr(GError) error = NULL;

  if (window == NULL)
    {
      window = kh_window_new (self);
      g_settings_set_boolean (self->settings, "first-run", FALSE);
    }
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.open-demo", NULL);
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
  { "demo", demo_action },
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
  app_class->handle_local_options = kh_application_handle_local_options;
  app_class->open = kh_application_open;
  app_class->startup = kh_application_startup;
}

static void
kh_application_init (KhApplication *self)
{
  static const char *quit_accels[] = { "<Control>q", NULL };

  self->settings = g_settings_new (APP_ID);

  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);

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

/**
 * kh_application_list_recovery:
 *
 * Lists the recovery copies left by sessions that did not close their
 * windows (a crash, a kill): the project store keeps them.
 *
 * Returns: (transfer full) (element-type GFile): the copies, newest first
 */
GPtrArray *
kh_application_list_recovery (void)
{
  return kh_project_list_recoveries ();
}

/**
 * kh_application_dup_recovery_title:
 *
 * Returns: (transfer full): what a recovery copy was, for people
 */
char *
kh_application_dup_recovery_title (GFile *file)
{
  g_autoptr(KhProject) project = kh_project_open_recovery (file, NULL, NULL);
  g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_TIME_MODIFIED, G_FILE_QUERY_INFO_NONE, NULL, NULL);
  g_autofree char *title = project != NULL ? kh_project_get_title (project) : g_file_get_basename (file);
  g_autoptr(GDateTime) when = info != NULL ? g_file_info_get_modification_date_time (info) : NULL;

  if (when != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (when);
      g_autofree char *time = g_date_time_format (local, "%x %X");

      /* Translators: a recovered project and when it was last autosaved */
      return g_strdup_printf (_("%s (autosaved %s)"), title, time);
    }

  return g_steal_pointer (&title);
}

/**
 * kh_application_discard_recovery:
 *
 * Deletes a recovery copy.
 */
void
kh_application_discard_recovery (GFile *file)
{
  g_file_delete (file, NULL, NULL);
}
