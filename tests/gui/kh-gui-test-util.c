/* kh-gui-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

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

/* Renders @widget (usually a window) into a PNG file. */
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
