/* kh-gui-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <adwaita.h>

#include "kh-gui-test-util.h"

/* Runs the main loop until nothing is pending. */
void
kh_test_wait_idle (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

static gboolean
quit_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  g_main_context_wakeup (NULL);
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for @ms milliseconds. */
void
kh_test_wait_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, quit_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Runs the main loop until @check returns TRUE or @timeout_ms passed. */
gboolean
kh_test_wait_until (gboolean (*check) (gpointer),
                    gpointer   data,
                    guint      timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!check (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      kh_test_wait_ms (5);
    }

  return TRUE;
}

/* Popovers are surfaces of their own, so a window's paintable leaves
 * them out: draws the open ones where they are on screen. */
static void
snapshot_popovers (GtkWidget   *root,
                   GtkWidget   *widget,
                   GtkSnapshot *snapshot)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_POPOVER (child) && gtk_widget_get_mapped (child))
        {
          GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (child));
          g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (child);
          GtkWidget *contents = gtk_widget_get_first_child (child);
          graphene_rect_t bounds;
          double px, py, rx, ry;
          int x, y;

          gtk_native_get_surface_transform (GTK_NATIVE (child), &px, &py);
          gtk_native_get_surface_transform (GTK_NATIVE (root), &rx, &ry);
          x = gdk_popup_get_position_x (GDK_POPUP (surface));
          y = gdk_popup_get_position_y (GDK_POPUP (surface));
          gtk_snapshot_save (snapshot);
          gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x + px - rx, y + py - ry));
          /* The popover's own background is drawn with its surface, not
           * by its widgets: draw it from the theme's named colours. */
          if (contents != NULL && gtk_widget_compute_bounds (contents, child, &bounds))
            {
              GdkRGBA background = { 1, 1, 1, 1 }, border = { 0, 0, 0, 0.15 };
              GskRoundedRect outline;

              G_GNUC_BEGIN_IGNORE_DEPRECATIONS
              gtk_style_context_lookup_color (gtk_widget_get_style_context (contents), "popover_bg_color", &background);
              gtk_style_context_lookup_color (gtk_widget_get_style_context (contents), "borders", &border);
              G_GNUC_END_IGNORE_DEPRECATIONS
              gsk_rounded_rect_init_from_rect (&outline, &bounds, 12);
              gtk_snapshot_push_rounded_clip (snapshot, &outline);
              gtk_snapshot_append_color (snapshot, &background, &bounds);
              gtk_snapshot_pop (snapshot);
              gtk_snapshot_append_border (snapshot, &outline, (float[4]) { 1, 1, 1, 1 },
                                          (GdkRGBA[4]) { border, border, border, border });
            }
          gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (child), gtk_widget_get_height (child));
          gtk_snapshot_restore (snapshot);
        }
      snapshot_popovers (root, child, snapshot);
    }
}

/* Renders @widget (usually a window) into a PNG file, with its open
 * popovers. */
gboolean
kh_test_save_png (GtkWidget   *widget,
                  const char  *path,
                  GError     **error)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  if (width <= 0 || height <= 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "widget has no size");
      return FALSE;
    }

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  if (GTK_IS_NATIVE (widget))
    snapshot_popovers (widget, widget, snapshot);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "nothing drawn");
      return FALSE;
    }

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot write %s", path);
      return FALSE;
    }

  return TRUE;
}

/* Finds a descendant whose buildable id (template child name) or widget
 * name is @buildable_id. */
GtkWidget *
kh_test_find_by_name (GtkWidget  *root,
                      const char *buildable_id)
{
  if (g_strcmp0 (gtk_widget_get_name (root), buildable_id) == 0 ||
      g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (root)), buildable_id) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = kh_test_find_by_name (child, buildable_id);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Finds the first descendant (depth first) of @type. */
GtkWidget *
kh_test_find_by_type (GtkWidget *root,
                      GType      type)
{
  if (g_type_is_a (G_OBJECT_TYPE (root), type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = kh_test_find_by_type (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Finds an event controller of @type attached to @widget (declared in
 * its template), so tests can emit its signals like GTK would. */
GtkEventController *
kh_test_find_controller (GtkWidget *widget,
                         GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  guint n = g_list_model_get_n_items (controllers);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (g_type_is_a (G_OBJECT_TYPE (controller), type))
        return controller;
    }

  return NULL;
}

/* Points the user directories at a fresh temporary folder, so tests never
 * see the developer's recovery copies or settings. Call it first. */
void
kh_test_init_environment (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kh-gui-test-XXXXXX", NULL);
  g_autofree char *state = g_build_filename (dir, "state", NULL);
  g_autofree char *data = g_build_filename (dir, "data", NULL);
  g_autofree char *config = g_build_filename (dir, "config", NULL);
  g_autofree char *cache = g_build_filename (dir, "cache", NULL);

  g_setenv ("XDG_STATE_HOME", state, TRUE);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
}

/* The texts in the build's translations (KAKEHASHI_LOCALEDIR, else the
 * installed ones), then GTK and libadwaita as a test sets them up. */
void
kh_test_init_gtk (int    *argc,
                  char ***argv)
{
  const char *localedir = g_getenv ("KAKEHASHI_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  gtk_test_init (argc, argv, NULL);
  adw_init ();
}

KhApplication *
kh_test_new_application (void)
{
  KhApplication *app = kh_application_new ();
  g_autoptr(GError) error = NULL;

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  /* Tests open what they need; the first-run demo would get in the way. */
  g_settings_set_boolean (kh_application_get_settings (app), "first-run", FALSE);

  return app;
}

KhWindow *
kh_test_new_window (KhApplication *app,
                    int            width,
                    int            height)
{
  KhWindow *window = kh_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  kh_test_wait_ms (50);

  return window;
}

static gboolean
canvas_laid_out (gpointer data)
{
  KhFieldPanel *panel = kh_mapping_canvas_get_panel (kh_window_get_canvas (data), KH_SIDE_SOURCE);

  return gtk_widget_get_width (kh_field_panel_get_list_view (panel)) > 0 &&
         kh_field_panel_get_row_widget (panel, "KUNNR") != NULL;
}

KhWindow *
kh_test_open_demo (KhApplication *app)
{
  KhWindow *window = kh_test_new_window (app, 1400, 900);
  g_autoptr(GError) error = NULL;

  g_assert_true (kh_window_open_demo (window, &error));
  g_assert_no_error (error);
  /* Slow builds (sanitizers) need more than one frame to lay it out. */
  g_assert_true (kh_test_wait_until (canvas_laid_out, window, 10000));
  kh_test_wait_ms (50);

  return window;
}

KhFieldPanel *
kh_test_panel (KhWindow *window,
               KhSide    side)
{
  return kh_mapping_canvas_get_panel (kh_window_get_canvas (window), side);
}

/* The middle of a field's row in its list view's coordinates: where a
 * pointer would press to drag it or release to drop on it. */
gboolean
kh_test_row_center (KhFieldPanel *panel,
                    const char   *path,
                    double       *x,
                    double       *y)
{
  GtkWidget *row = kh_field_panel_get_row_widget (panel, path);
  GtkWidget *list = kh_field_panel_get_list_view (panel);
  graphene_rect_t bounds;

  if (row == NULL || !gtk_widget_compute_bounds (row, list, &bounds))
    return FALSE;

  *x = bounds.origin.x + bounds.size.width / 2;
  *y = bounds.origin.y + bounds.size.height / 2;
  return TRUE;
}

guint
kh_test_model_position (KhFieldPanel *panel,
                        const char   *path)
{
  GListModel *model = kh_field_panel_get_model (panel);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KhFieldItem) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (kh_field_item_get_path (item), path) == 0)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

/* An entity of @n_fields fields, the way wide ERP tables and flattened JSON
 * look: groups of dotted names ("Partner017.Address.City") among plain
 * ones, a tenth of them required. Every field name is unique. */
KhEntity *
kh_test_make_wide_entity (const char *name,
                          guint       n_fields)
{
  static const char *leaves[] = { "Name", "Street", "City", "PostalCode", "Country",
                                  "Phone", "Email", "Amount", "ValidFrom", "Flag" };
  KhEntity *entity = kh_entity_new (name);

  for (guint i = 0; i < n_fields; i++)
    {
      g_autofree char *field_name = NULL;
      g_autoptr(KhField) field = NULL;
      KhFieldType type = KH_FIELD_TYPE_STRING;

      if (i % 2 == 0)
        field_name = g_strdup_printf ("ZFIELD%04u", i);
      else
        field_name = g_strdup_printf ("Partner%03u.Address.%s", i / 10, leaves[i % 10]);
      if (i % 10 == 7)
        type = KH_FIELD_TYPE_DECIMAL;
      else if (i % 10 == 8)
        type = KH_FIELD_TYPE_DATE;

      field = kh_field_new (field_name, type);
      kh_field_set_label (field, leaves[i % 10]);
      kh_field_set_required (field, i % 10 == 0 ? KH_REQUIRED_YES : KH_REQUIRED_NO);
      kh_entity_add_field (entity, field);
    }

  return entity;
}
