/* kh-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-window"

#include "config.h"

#include <glib/gi18n.h>

#include "kh-window.h"

struct _KhWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  GtkBox               *content_box;
  AdwHeaderBar         *header_bar;
  GtkMenuButton        *primary_menu_button;
  AdwStatusPage        *status_page;

  /* Owned */
  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (KhWindow, kh_window, ADW_TYPE_APPLICATION_WINDOW)

static void
save_window_state (KhWindow *self)
{
  int width, height;

  if (self->settings == NULL)
    return;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)))
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
}

static gboolean
kh_window_close_request (GtkWindow *window)
{
  save_window_state (KH_WINDOW (window));

  return GTK_WINDOW_CLASS (kh_window_parent_class)->close_request (window);
}

static void
kh_window_dispose (GObject *object)
{
  KhWindow *self = (KhWindow *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), KH_TYPE_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (kh_window_parent_class)->dispose (object);
}

static void
kh_window_constructed (GObject *object)
{
  KhWindow *self = (KhWindow *) object;
  GtkApplication *app;

  G_OBJECT_CLASS (kh_window_parent_class)->constructed (object);

  app = gtk_window_get_application (GTK_WINDOW (self));
  if (KH_IS_APPLICATION (app))
    {
      self->settings = g_object_ref (kh_application_get_settings (KH_APPLICATION (app)));
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
    }
}

static void
kh_window_class_init (KhWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = kh_window_constructed;
  object_class->dispose = kh_window_dispose;
  window_class->close_request = kh_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/kh-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KhWindow, content_box);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, status_page);
}

static void
kh_window_init (KhWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

KhWindow *
kh_window_new (KhApplication *application)
{
  return g_object_new (KH_TYPE_WINDOW, "application", application, NULL);
}

void
kh_window_open_file (KhWindow *self,
                     GFile    *file)
{
  g_autofree char *name = NULL;

  g_return_if_fail (KH_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  name = g_file_get_basename (file);
  gtk_window_set_title (GTK_WINDOW (self), name);
}
