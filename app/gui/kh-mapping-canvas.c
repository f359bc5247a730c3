/* kh-mapping-canvas.c: the two schema panels and the links drawn between them
 *
 * The canvas is a GtkWidget whose children are the source panel, the
 * target panel and five zero-sized "link" style nodes. The style nodes
 * exist only so that the link colours come from style.css through CSS
 * classes (link, link.hover, link.selected, link.error, link.warning),
 * which follow the theme and dark mode.
 *
 * snapshot() draws the children and then every link as a cubic Bézier in
 * one gtk_snapshot_append_cairo() node. Each end comes from the panel's
 * map of bound row widgets (gtk_widget_compute_bounds); a row that is
 * scrolled away or filtered out pins its end to the list's top or bottom
 * edge, where a marker with a count shows how many links leave there.
 * The canvas redraws when a list scrolls, when rows are bound or unbound,
 * and when the mapping changes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-mapping-canvas"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "kh-mapping-canvas.h"
#include "kh-checks.h"
#include "kh-rule-status.h"

/* ---- KhLinkStyle: a style node for one kind of link ------------------- */

#define KH_TYPE_LINK_STYLE (kh_link_style_get_type ())
G_DECLARE_FINAL_TYPE (KhLinkStyle, kh_link_style, KH, LINK_STYLE, GtkWidget)

struct _KhLinkStyle
{
  GtkWidget parent_instance;
};

G_DEFINE_FINAL_TYPE (KhLinkStyle, kh_link_style, GTK_TYPE_WIDGET)

static void
kh_link_style_class_init (KhLinkStyleClass *klass)
{
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "link");
  gtk_widget_class_set_accessible_role (GTK_WIDGET_CLASS (klass), GTK_ACCESSIBLE_ROLE_PRESENTATION);
}

static void
kh_link_style_init (KhLinkStyle *self)
{
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
  gtk_widget_set_can_focus (GTK_WIDGET (self), FALSE);
}

/* ---- The canvas --------------------------------------------------------- */

#define MIN_GUTTER   96
#define MAX_GUTTER   200
#define PICK_RADIUS  5.0

typedef struct
{
  char         *source;   /* NULL for a rule without a source (constant) */
  char         *target;
  KhRuleStatus  status;
} Link;

struct _KhMappingCanvas
{
  GtkWidget      parent_instance;

  /* Template widgets */
  GtkWidget     *error_style;
  GtkWidget     *hover_style;
  GtkWidget     *link_style;
  GtkWidget     *selected_style;
  KhFieldPanel  *source_panel;
  KhFieldPanel  *target_panel;
  GtkWidget     *warning_style;

  /* Owned */
  KhDocument    *document;
  GListModel    *problems;         /* of KhProblem: the window's live checker, nullable */
  GArray        *links;            /* of Link */
  char          *selected_target;
  char          *selected_source;
  char          *hover_target;
  char          *hover_source;

  guint          draw_count;
};

G_DEFINE_FINAL_TYPE (KhMappingCanvas, kh_mapping_canvas, GTK_TYPE_WIDGET)

enum {
  LINK_SELECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
link_clear (gpointer data)
{
  Link *link = data;

  g_free (link->source);
  g_free (link->target);
}

static void
rebuild_links (KhMappingCanvas *self)
{
  g_autoptr(GListModel) own = NULL;
  g_autoptr(GHashTable) statuses = NULL;
  GListModel *problems;
  KhMapping *mapping;
  guint n;

  g_array_set_size (self->links, 0);
  if (self->document == NULL)
    return;

  mapping = kh_document_get_mapping (self->document);
  /* The links are marked from the same problems the problems list shows:
   * the window's live checker, or the core's static checks. */
  problems = self->problems != NULL ? self->problems : (own = kh_checks_run (mapping, NULL, NULL, NULL, NULL));
  statuses = kh_rule_status_table (problems);
  n = kh_mapping_get_n_rules (mapping);
  for (guint i = 0; i < n; i++)
    {
      KhRule *rule = kh_mapping_get_rule (mapping, i);
      const char * const *sources = kh_rule_get_sources (rule);
      KhRuleStatus status = GPOINTER_TO_UINT (g_hash_table_lookup (statuses, kh_rule_get_target (rule)));
      Link link = { NULL, NULL, status };

      if (sources[0] == NULL)
        {
          link.target = g_strdup (kh_rule_get_target (rule));
          g_array_append_val (self->links, link);
        }
      for (guint j = 0; sources[j] != NULL; j++)
        {
          link.source = g_strdup (sources[j]);
          link.target = g_strdup (kh_rule_get_target (rule));
          g_array_append_val (self->links, link);
        }
    }
}

static void
on_mapping_changed_cb (KhMappingCanvas *self)
{
  rebuild_links (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_rows_changed_cb (KhMappingCanvas *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ---- Geometry ----------------------------------------------------------- */

static gboolean
get_gutter (KhMappingCanvas *self,
            double          *x0,
            double          *x1)
{
  graphene_rect_t src, tgt;

  if (!kh_field_panel_get_viewport (self->source_panel, GTK_WIDGET (self), &src) ||
      !kh_field_panel_get_viewport (self->target_panel, GTK_WIDGET (self), &tgt))
    return FALSE;

  *x0 = src.origin.x + src.size.width;
  *x1 = tgt.origin.x;
  return *x1 > *x0;
}

typedef struct
{
  double     x0, y0, x1, y1;
  KhRowPlace from;
  KhRowPlace to;
} Curve;

static gboolean
link_curve (KhMappingCanvas *self,
            const Link      *link,
            double           x0,
            double           x1,
            Curve           *curve)
{
  curve->x0 = x0;
  curve->x1 = x1;
  curve->to = kh_field_panel_locate (self->target_panel, link->target, GTK_WIDGET (self), &curve->y1);
  if (link->source != NULL)
    curve->from = kh_field_panel_locate (self->source_panel, link->source, GTK_WIDGET (self), &curve->y0);
  else
    {
      /* A constant: a short stub that starts in the gutter. */
      curve->from = KH_ROW_PLACE_VISIBLE;
      curve->x0 = x1 - MIN ((x1 - x0) / 3, 28);
      curve->y0 = curve->y1;
    }

  return TRUE;
}

static void
curve_path (cairo_t     *cr,
            const Curve *c)
{
  double dx = (c->x1 - c->x0) / 2;

  cairo_move_to (cr, c->x0, c->y0);
  cairo_curve_to (cr, c->x0 + dx, c->y0, c->x1 - dx, c->y1, c->x1, c->y1);
}

static double
point_segment_distance (double px, double py,
                        double ax, double ay,
                        double bx, double by)
{
  double vx = bx - ax, vy = by - ay;
  double len2 = vx * vx + vy * vy;
  double t = len2 > 0 ? ((px - ax) * vx + (py - ay) * vy) / len2 : 0;

  t = CLAMP (t, 0, 1);
  return hypot (px - (ax + t * vx), py - (ay + t * vy));
}

static double
curve_distance (const Curve *c,
                double       px,
                double       py)
{
  double dx = (c->x1 - c->x0) / 2;
  double best = G_MAXDOUBLE;
  double lx = c->x0, ly = c->y0;

  for (int i = 1; i <= 24; i++)
    {
      double t = i / 24.0, u = 1 - t;
      double x = u * u * u * c->x0 + 3 * u * u * t * (c->x0 + dx) + 3 * u * t * t * (c->x1 - dx) + t * t * t * c->x1;
      double y = u * u * u * c->y0 + 3 * u * u * t * c->y0 + 3 * u * t * t * c->y1 + t * t * t * c->y1;

      best = MIN (best, point_segment_distance (px, py, lx, ly, x, y));
      lx = x;
      ly = y;
    }

  return best;
}

/* ---- Drawing ------------------------------------------------------------ */

static void
get_color (GtkWidget *style,
           GdkRGBA   *rgba)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (style), rgba);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static gboolean
is_selected (KhMappingCanvas *self,
             const Link      *link)
{
  return self->selected_target != NULL &&
         g_strcmp0 (link->target, self->selected_target) == 0 &&
         (self->selected_source == NULL || g_strcmp0 (link->source, self->selected_source) == 0);
}

static gboolean
is_hovered (KhMappingCanvas *self,
            const Link      *link)
{
  return self->hover_target != NULL &&
         g_strcmp0 (link->target, self->hover_target) == 0 &&
         g_strcmp0 (link->source, self->hover_source) == 0;
}

enum { PASS_NORMAL, PASS_PROBLEM, PASS_HOVER, PASS_SELECTED, N_PASSES };

static int
link_pass (KhMappingCanvas *self,
           const Link      *link)
{
  if (is_selected (self, link))
    return PASS_SELECTED;
  if (is_hovered (self, link))
    return PASS_HOVER;
  if (link->status != KH_RULE_STATUS_OK)
    return PASS_PROBLEM;
  return PASS_NORMAL;
}

static void
draw_marker (KhMappingCanvas *self,
             cairo_t         *cr,
             double           x,
             double           y,
             gboolean         up,
             guint            count,
             const GdkRGBA   *color,
             gboolean         text_left)
{
  g_autofree char *text = NULL;
  PangoLayout *layout;
  int w, h;

  gdk_cairo_set_source_rgba (cr, color);
  cairo_move_to (cr, x - 5, up ? y + 3 : y - 3);
  cairo_line_to (cr, x + 5, up ? y + 3 : y - 3);
  cairo_line_to (cr, x, up ? y - 4 : y + 4);
  cairo_close_path (cr);
  cairo_fill (cr);

  text = g_strdup_printf ("%u", count);
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, text_left ? x - 8 - w : x + 8, y - h / 2.0);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
}

static void
kh_mapping_canvas_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  KhMappingCanvas *self = KH_MAPPING_CANVAS (widget);
  GdkRGBA colors[N_PASSES], error_color, warning_color;
  guint edge_count[2][2] = { { 0, 0 }, { 0, 0 } };   /* [source/target][above/below] */
  double edge_y[2][2] = { { 0, 0 }, { 0, 0 } };
  double x0, x1;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;

  self->draw_count++;

  gtk_widget_snapshot_child (widget, GTK_WIDGET (self->source_panel), snapshot);
  gtk_widget_snapshot_child (widget, GTK_WIDGET (self->target_panel), snapshot);

  if (self->links->len == 0 || !get_gutter (self, &x0, &x1))
    return;

  get_color (self->link_style, &colors[PASS_NORMAL]);
  get_color (self->warning_style, &warning_color);
  get_color (self->error_style, &error_color);
  get_color (self->hover_style, &colors[PASS_HOVER]);
  get_color (self->selected_style, &colors[PASS_SELECTED]);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (x0 - 8, 0, x1 - x0 + 16, height));
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

  for (int pass = 0; pass < N_PASSES; pass++)
    for (guint i = 0; i < self->links->len; i++)
      {
        const Link *link = &g_array_index (self->links, Link, i);
        static const double dashes[] = { 5.0, 4.0 };
        Curve c;

        if (link_pass (self, link) != pass || !link_curve (self, link, x0, x1, &c))
          continue;

        if (pass == PASS_PROBLEM)
          gdk_cairo_set_source_rgba (cr, (link->status & (KH_RULE_STATUS_INVALID | KH_RULE_STATUS_DANGLING))
                                         ? &error_color : &warning_color);
        else
          gdk_cairo_set_source_rgba (cr, &colors[pass]);

        cairo_set_line_width (cr, pass >= PASS_HOVER ? 2.75 : 1.5);
        if (link->status & KH_RULE_STATUS_INCOMPATIBLE)
          cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
        else
          cairo_set_dash (cr, NULL, 0, 0);
        curve_path (cr, &c);
        cairo_stroke (cr);
        cairo_set_dash (cr, NULL, 0, 0);

        /* Ends: a dot on a visible row, a count marker at a list edge. */
        if (c.from == KH_ROW_PLACE_VISIBLE)
          {
            cairo_arc (cr, c.x0 + (link->source != NULL ? 1 : 0), c.y0, link->source != NULL ? 2.5 : 3.5, 0, 2 * G_PI);
            cairo_fill (cr);
          }
        else
          {
            int e = c.from == KH_ROW_PLACE_BELOW;
            edge_count[0][e]++;
            edge_y[0][e] = c.y0;
          }
        if (c.to == KH_ROW_PLACE_VISIBLE)
          {
            cairo_arc (cr, c.x1 - 1, c.y1, 2.5, 0, 2 * G_PI);
            cairo_fill (cr);
          }
        else
          {
            int e = c.to == KH_ROW_PLACE_BELOW;
            edge_count[1][e]++;
            edge_y[1][e] = c.y1;
          }
      }

  for (int side = 0; side < 2; side++)
    for (int e = 0; e < 2; e++)
      if (edge_count[side][e] > 0)
        draw_marker (self, cr, side == 0 ? x0 + 7 : x1 - 7, edge_y[side][e], e == 0,
                     edge_count[side][e], &colors[PASS_NORMAL], side == 1);

  cairo_destroy (cr);
  (void) width;
}

/* ---- Layout ------------------------------------------------------------- */

static int
gutter_width (int width)
{
  return CLAMP (width / 7, MIN_GUTTER, MAX_GUTTER);
}

static void
kh_mapping_canvas_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  KhMappingCanvas *self = KH_MAPPING_CANVAS (widget);
  int smin, snat, tmin, tnat;

  gtk_widget_measure (GTK_WIDGET (self->source_panel), orientation, -1, &smin, &snat, NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (self->target_panel), orientation, -1, &tmin, &tnat, NULL, NULL);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 2 * MAX (smin, tmin) + MIN_GUTTER;
      *natural = 2 * MAX (snat, tnat) + MAX_GUTTER;
    }
  else
    {
      *minimum = MAX (smin, tmin);
      *natural = MAX (snat, tnat);
    }
}

static void
kh_mapping_canvas_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  KhMappingCanvas *self = KH_MAPPING_CANVAS (widget);
  int gutter = gutter_width (width);
  int panel = (width - gutter) / 2;
  GtkWidget *styles[] = { self->link_style, self->hover_style, self->selected_style,
                          self->error_style, self->warning_style };

  gtk_widget_size_allocate (GTK_WIDGET (self->source_panel),
                            &(GtkAllocation) { 0, 0, panel, height }, -1);
  gtk_widget_size_allocate (GTK_WIDGET (self->target_panel),
                            &(GtkAllocation) { width - panel, 0, panel, height }, -1);
  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    gtk_widget_size_allocate (styles[i], &(GtkAllocation) { 0, 0, 0, 0 }, -1);
}

static GtkSizeRequestMode
kh_mapping_canvas_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_CONSTANT_SIZE;
}

static void
kh_mapping_canvas_css_changed (GtkWidget         *widget,
                               GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (kh_mapping_canvas_parent_class)->css_changed (widget, change);
  gtk_widget_queue_draw (widget);
}

/* ---- Pointer ------------------------------------------------------------ */

/**
 * kh_mapping_canvas_pick_link:
 * @source: (out) (optional) (nullable): the link's source (NULL for a constant)
 * @target: (out) (optional): the link's target
 *
 * Returns: whether a link passes within a few pixels of (@x, @y)
 */
gboolean
kh_mapping_canvas_pick_link (KhMappingCanvas *self,
                             double           x,
                             double           y,
                             const char     **source,
                             const char     **target)
{
  const Link *best = NULL;
  double best_d = PICK_RADIUS;
  double x0, x1;

  g_return_val_if_fail (KH_IS_MAPPING_CANVAS (self), FALSE);

  if (!get_gutter (self, &x0, &x1) || x < x0 - 2 || x > x1 + 2)
    return FALSE;

  for (guint i = 0; i < self->links->len; i++)
    {
      const Link *link = &g_array_index (self->links, Link, i);
      Curve c;
      double d;

      link_curve (self, link, x0, x1, &c);
      d = curve_distance (&c, x, y);
      if (d <= best_d)
        {
          best = link;
          best_d = d;
        }
    }

  if (best == NULL)
    return FALSE;
  if (source != NULL)
    *source = best->source;
  if (target != NULL)
    *target = best->target;
  return TRUE;
}

static void
set_hover (KhMappingCanvas *self,
           const char      *source,
           const char      *target)
{
  if (g_strcmp0 (self->hover_source, source) == 0 && g_strcmp0 (self->hover_target, target) == 0)
    return;

  g_free (self->hover_source);
  g_free (self->hover_target);
  self->hover_source = g_strdup (source);
  self->hover_target = g_strdup (target);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), target != NULL ? "pointer" : NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_motion_cb (KhMappingCanvas          *self,
              double                    x,
              double                    y,
              GtkEventControllerMotion *motion)
{
  const char *source = NULL, *target = NULL;

  if (kh_mapping_canvas_pick_link (self, x, y, &source, &target))
    set_hover (self, source, target);
  else
    set_hover (self, NULL, NULL);
}

static void
on_leave_cb (KhMappingCanvas          *self,
             GtkEventControllerMotion *motion)
{
  set_hover (self, NULL, NULL);
}

static void
on_click_pressed_cb (KhMappingCanvas *self,
                     int              n_press,
                     double           x,
                     double           y,
                     GtkGestureClick *gesture)
{
  const char *source = NULL, *target = NULL;
  double x0, x1;

  if (!get_gutter (self, &x0, &x1) || x < x0 - 2 || x > x1 + 2)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  if (kh_mapping_canvas_pick_link (self, x, y, &source, &target))
    {
      g_autofree char *s = g_strdup (source);
      g_autofree char *t = g_strdup (target);

      kh_mapping_canvas_set_selection (self, t, s);
      g_signal_emit (self, signals[LINK_SELECTED], 0, t, s);
    }
  else
    {
      kh_mapping_canvas_set_selection (self, NULL, NULL);
      g_signal_emit (self, signals[LINK_SELECTED], 0, NULL, NULL);
    }
}

static gboolean
on_query_tooltip_cb (KhMappingCanvas *self,
                     int              x,
                     int              y,
                     gboolean         keyboard,
                     GtkTooltip      *tooltip)
{
  const char *source = NULL, *target = NULL;
  g_autofree char *text = NULL;

  if (keyboard || !kh_mapping_canvas_pick_link (self, x, y, &source, &target))
    return FALSE;

  for (guint i = 0; i < self->links->len; i++)
    {
      const Link *link = &g_array_index (self->links, Link, i);
      g_autofree char *message = NULL;
      KhRule *rule;

      if (g_strcmp0 (link->target, target) != 0 || g_strcmp0 (link->source, source) != 0)
        continue;

      rule = kh_mapping_lookup_rule (kh_document_get_mapping (self->document), target);
      if (rule != NULL && self->problems != NULL)
        kh_rule_status_from_problems (self->problems, target, &message);
      else if (rule != NULL)
        kh_rule_status_check (rule, kh_document_get_mapping (self->document), &message);
      text = g_strdup_printf ("%s → %s%s%s",
                              source != NULL ? source : _("constant"), target,
                              message != NULL ? "\n" : "", message != NULL ? message : "");
      break;
    }

  if (text == NULL)
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* ---- GObject ------------------------------------------------------------ */

static void
kh_mapping_canvas_dispose (GObject *object)
{
  KhMappingCanvas *self = (KhMappingCanvas *) object;

  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (kh_document_get_mapping (self->document), self);
  gtk_widget_dispose_template (GTK_WIDGET (self), KH_TYPE_MAPPING_CANVAS);
  if (self->problems != NULL)
    g_signal_handlers_disconnect_by_data (self->problems, self);
  g_clear_object (&self->problems);
  g_clear_object (&self->document);
  g_clear_pointer (&self->links, g_array_unref);
  g_clear_pointer (&self->selected_target, g_free);
  g_clear_pointer (&self->selected_source, g_free);
  g_clear_pointer (&self->hover_target, g_free);
  g_clear_pointer (&self->hover_source, g_free);

  G_OBJECT_CLASS (kh_mapping_canvas_parent_class)->dispose (object);
}

static void
kh_mapping_canvas_class_init (KhMappingCanvasClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kh_mapping_canvas_dispose;
  widget_class->snapshot = kh_mapping_canvas_snapshot;
  widget_class->measure = kh_mapping_canvas_measure;
  widget_class->size_allocate = kh_mapping_canvas_size_allocate;
  widget_class->get_request_mode = kh_mapping_canvas_get_request_mode;
  widget_class->css_changed = kh_mapping_canvas_css_changed;

  /**
   * KhMappingCanvas::link-selected:
   * @target: (nullable): the link's target, or %NULL when the click missed
   * @source: (nullable): the link's source
   */
  signals[LINK_SELECTED] =
    g_signal_new ("link-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/kh-mapping-canvas.ui");
  gtk_widget_class_set_css_name (widget_class, "mappingcanvas");
  gtk_widget_class_bind_template_child (widget_class, KhMappingCanvas, error_style);
  gtk_widget_class_bind_template_child (widget_class, KhMappingCanvas, hover_style);
  gtk_widget_class_bind_template_child (widget_class, KhMappingCanvas, link_style);
  gtk_widget_class_bind_template_child (widget_class, KhMappingCanvas, selected_style);
  gtk_widget_class_bind_template_child (widget_class, KhMappingCanvas, source_panel);
  gtk_widget_class_bind_template_child (widget_class, KhMappingCanvas, target_panel);
  gtk_widget_class_bind_template_child (widget_class, KhMappingCanvas, warning_style);
  gtk_widget_class_bind_template_callback (widget_class, on_click_pressed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_leave_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_motion_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_query_tooltip_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_rows_changed_cb);

  /* Delete removes the selected link while the focus is in the lists. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "win.unlink", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "win.unlink", NULL);

  g_type_ensure (KH_TYPE_FIELD_PANEL);
  g_type_ensure (KH_TYPE_LINK_STYLE);
}

static void
kh_mapping_canvas_init (KhMappingCanvas *self)
{
  self->links = g_array_new (FALSE, TRUE, sizeof (Link));
  g_array_set_clear_func (self->links, link_clear);

  gtk_widget_init_template (GTK_WIDGET (self));
}

void
kh_mapping_canvas_set_document (KhMappingCanvas *self,
                                KhDocument      *document)
{
  g_return_if_fail (KH_IS_MAPPING_CANVAS (self));

  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (kh_document_get_mapping (self->document), self);
  g_set_object (&self->document, document);
  if (document != NULL)
    g_signal_connect_object (kh_document_get_mapping (document), "changed",
                             G_CALLBACK (on_mapping_changed_cb), self, G_CONNECT_SWAPPED);

  kh_field_panel_set_document (self->source_panel, document);
  kh_field_panel_set_document (self->target_panel, document);
  rebuild_links (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * kh_mapping_canvas_set_problems:
 * @problems: (nullable): a live list of #KhProblem (the window's
 *   KhChecker), or %NULL to run the core's static checks
 *
 * Marks the links from these problems, so that the canvas and the
 * problems list agree.
 */
void
kh_mapping_canvas_set_problems (KhMappingCanvas *self,
                                GListModel      *problems)
{
  g_return_if_fail (KH_IS_MAPPING_CANVAS (self));
  g_return_if_fail (problems == NULL || G_IS_LIST_MODEL (problems));

  if (self->problems != NULL)
    g_signal_handlers_disconnect_by_data (self->problems, self);
  g_set_object (&self->problems, problems);
  if (problems != NULL)
    g_signal_connect_object (problems, "items-changed", G_CALLBACK (on_mapping_changed_cb), self, G_CONNECT_SWAPPED);
  rebuild_links (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * kh_mapping_canvas_get_link_status:
 *
 * Returns: how the link of @target's rule is marked
 */
KhRuleStatus
kh_mapping_canvas_get_link_status (KhMappingCanvas *self,
                                   const char      *target)
{
  g_return_val_if_fail (KH_IS_MAPPING_CANVAS (self), KH_RULE_STATUS_OK);

  for (guint i = 0; i < self->links->len; i++)
    {
      const Link *link = &g_array_index (self->links, Link, i);

      if (g_strcmp0 (link->target, target) == 0)
        return link->status;
    }
  return KH_RULE_STATUS_OK;
}

/**
 * kh_mapping_canvas_get_panel:
 *
 * Returns: (transfer none): the panel of one side
 */
KhFieldPanel *
kh_mapping_canvas_get_panel (KhMappingCanvas *self,
                             KhSide           side)
{
  g_return_val_if_fail (KH_IS_MAPPING_CANVAS (self), NULL);

  return side == KH_SIDE_SOURCE ? self->source_panel : self->target_panel;
}

/**
 * kh_mapping_canvas_set_selection:
 * @target: (nullable): the selected rule's target
 * @source: (nullable): one of its sources, or %NULL for all its links
 */
void
kh_mapping_canvas_set_selection (KhMappingCanvas *self,
                                 const char      *target,
                                 const char      *source)
{
  g_return_if_fail (KH_IS_MAPPING_CANVAS (self));

  if (g_strcmp0 (self->selected_target, target) == 0 &&
      g_strcmp0 (self->selected_source, source) == 0)
    return;

  g_free (self->selected_target);
  g_free (self->selected_source);
  self->selected_target = g_strdup (target);
  self->selected_source = target != NULL ? g_strdup (source) : NULL;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
kh_mapping_canvas_get_selected_target (KhMappingCanvas *self)
{
  g_return_val_if_fail (KH_IS_MAPPING_CANVAS (self), NULL);

  return self->selected_target;
}

const char *
kh_mapping_canvas_get_selected_source (KhMappingCanvas *self)
{
  g_return_val_if_fail (KH_IS_MAPPING_CANVAS (self), NULL);

  return self->selected_source;
}

guint
kh_mapping_canvas_get_n_links (KhMappingCanvas *self)
{
  g_return_val_if_fail (KH_IS_MAPPING_CANVAS (self), 0);

  return self->links->len;
}

/**
 * kh_mapping_canvas_get_link_geometry:
 * @source: (nullable): NULL for a constant rule's stub
 *
 * Where a link is drawn, in the canvas's coordinates (tests check that
 * curves stay attached to their rows while lists scroll).
 */
gboolean
kh_mapping_canvas_get_link_geometry (KhMappingCanvas  *self,
                                     const char       *source,
                                     const char       *target,
                                     graphene_point_t *start,
                                     graphene_point_t *end)
{
  double x0, x1;

  g_return_val_if_fail (KH_IS_MAPPING_CANVAS (self), FALSE);

  if (!get_gutter (self, &x0, &x1))
    return FALSE;

  for (guint i = 0; i < self->links->len; i++)
    {
      const Link *link = &g_array_index (self->links, Link, i);
      Curve c;

      if (g_strcmp0 (link->source, source) != 0 || g_strcmp0 (link->target, target) != 0)
        continue;

      link_curve (self, link, x0, x1, &c);
      if (start != NULL)
        *start = GRAPHENE_POINT_INIT (c.x0, c.y0);
      if (end != NULL)
        *end = GRAPHENE_POINT_INIT (c.x1, c.y1);
      return TRUE;
    }

  return FALSE;
}

/**
 * kh_mapping_canvas_get_draw_count:
 *
 * Returns: how many frames were drawn (tests check that scrolling redraws)
 */
guint
kh_mapping_canvas_get_draw_count (KhMappingCanvas *self)
{
  g_return_val_if_fail (KH_IS_MAPPING_CANVAS (self), 0);

  return self->draw_count;
}
