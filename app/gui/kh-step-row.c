/* kh-step-row.c: one step of the rule inspector's chain
 *
 * An expander row: the title is the step's number and name, the subtitle
 * its parameters (or its problem), the expanded part holds one generated
 * editor per parameter. The step moves by drag and drop of its handle,
 * by its up/down buttons, or by Alt+Up / Alt+Down; Delete-like removal is
 * its remove button or Alt+Delete. The row only asks: the inspector moves
 * and removes through the document, so each is one undo step.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-step-row"

#include "config.h"

#include <glib/gi18n.h>

#include "kh-param-row.h"
#include "kh-step-check.h"
#include "kh-step-row.h"

struct _KhStepRow
{
  AdwExpanderRow  parent_instance;

  /* Template widgets */
  GtkButton      *down_button;
  GtkImage       *drag_handle;
  GtkDropTarget  *drop_target;
  GtkButton      *remove_button;
  GtkButton      *up_button;

  /* Owned */
  KhDocument     *document;
  KhStep         *step;
  char           *target;
  GPtrArray      *param_rows;   /* of KhParamRow (borrowed widgets) */

  guint           index;
  guint           n_steps;
};

G_DEFINE_FINAL_TYPE (KhStepRow, kh_step_row, ADW_TYPE_EXPANDER_ROW)

enum {
  MOVE,
  REMOVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
move_up_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  KhStepRow *self = KH_STEP_ROW (widget);

  if (self->index > 0)
    g_signal_emit (self, signals[MOVE], 0, self->index, self->index - 1);
}

static void
move_down_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  KhStepRow *self = KH_STEP_ROW (widget);

  if (self->index + 1 < self->n_steps)
    g_signal_emit (self, signals[MOVE], 0, self->index, self->index + 1);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  KhStepRow *self = KH_STEP_ROW (widget);

  g_signal_emit (self, signals[REMOVE], 0, self->index);
}

static GdkContentProvider *
on_drag_prepare_cb (KhStepRow     *self,
                    double         x,
                    double         y,
                    GtkDragSource *source)
{
  return gdk_content_provider_new_typed (G_TYPE_UINT, self->index);
}

static void
on_drag_begin_cb (KhStepRow     *self,
                  GdkDrag       *drag,
                  GtkDragSource *source)
{
  GtkWidget *icon = gtk_drag_icon_get_for_drag (drag);
  GtkWidget *label = gtk_label_new (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self)));

  gtk_widget_add_css_class (label, "drag-field");
  gtk_drag_icon_set_child (GTK_DRAG_ICON (icon), label);
}

static gboolean
on_drop_cb (KhStepRow     *self,
            const GValue  *value,
            double         x,
            double         y,
            GtkDropTarget *target)
{
  guint from;

  if (!G_VALUE_HOLDS_UINT (value))
    return FALSE;

  from = g_value_get_uint (value);
  if (from == self->index || from >= self->n_steps)
    return FALSE;

  g_signal_emit (self, signals[MOVE], 0, from, self->index);
  return TRUE;
}

static void
kh_step_row_dispose (GObject *object)
{
  KhStepRow *self = (KhStepRow *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), KH_TYPE_STEP_ROW);
  g_clear_object (&self->document);
  g_clear_object (&self->step);
  g_clear_pointer (&self->target, g_free);
  g_clear_pointer (&self->param_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (kh_step_row_parent_class)->dispose (object);
}

static void
kh_step_row_class_init (KhStepRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kh_step_row_dispose;

  /**
   * KhStepRow::move:
   * @from: the step's position
   * @to: where it should go
   */
  signals[MOVE] =
    g_signal_new ("move", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
  signals[REMOVE] =
    g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/kh-step-row.ui");
  gtk_widget_class_bind_template_child (widget_class, KhStepRow, down_button);
  gtk_widget_class_bind_template_child (widget_class, KhStepRow, drag_handle);
  gtk_widget_class_bind_template_child (widget_class, KhStepRow, drop_target);
  gtk_widget_class_bind_template_child (widget_class, KhStepRow, remove_button);
  gtk_widget_class_bind_template_child (widget_class, KhStepRow, up_button);
  gtk_widget_class_bind_template_callback (widget_class, on_drag_begin_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_drag_prepare_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_drop_cb);

  gtk_widget_class_install_action (widget_class, "step.move-up", NULL, move_up_action);
  gtk_widget_class_install_action (widget_class, "step.move-down", NULL, move_down_action);
  gtk_widget_class_install_action (widget_class, "step.remove", NULL, remove_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK, "step.move-up", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Up, GDK_ALT_MASK, "step.move-up", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK, "step.move-down", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Down, GDK_ALT_MASK, "step.move-down", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, GDK_ALT_MASK, "step.remove", NULL);
}

static void
kh_step_row_init (KhStepRow *self)
{
  GType types[] = { G_TYPE_UINT };

  self->param_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drop_target_set_gtypes (self->drop_target, types, G_N_ELEMENTS (types));
}

static void
update_title (KhStepRow *self)
{
  const KhStepInfo *info = kh_step_get_info (self->step);
  g_autofree char *title = NULL;
  g_autofree char *up = NULL;
  g_autofree char *down = NULL;
  g_autofree char *remove = NULL;
  const char *name = info != NULL ? kh_step_info_get_name (info) : kh_step_get_id (self->step);

  /* Translators: the title of a step in the chain, e.g. "2. Parse date" */
  title = g_strdup_printf (_("%u. %s"), self->index + 1, name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);

  up = g_strdup_printf (_("Move %s up (Alt+Up)"), name);
  down = g_strdup_printf (_("Move %s down (Alt+Down)"), name);
  remove = g_strdup_printf (_("Remove %s"), name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->up_button), up);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->down_button), down);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->remove_button), remove);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->up_button), GTK_ACCESSIBLE_PROPERTY_LABEL, up, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->down_button), GTK_ACCESSIBLE_PROPERTY_LABEL, down, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->remove_button), GTK_ACCESSIBLE_PROPERTY_LABEL, remove, -1);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "step.move-up", self->index > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "step.move-down", self->index + 1 < self->n_steps);
}

/**
 * kh_step_row_refresh:
 *
 * Shows the step's parameters or its first problem in the subtitle and
 * refreshes each parameter editor's inline validation.
 */
void
kh_step_row_refresh (KhStepRow *self,
                     KhMapping *mapping)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *describe = NULL;
  gboolean ok;

  g_return_if_fail (KH_IS_STEP_ROW (self));

  for (guint i = 0; i < self->param_rows->len; i++)
    kh_param_row_refresh (g_ptr_array_index (self->param_rows, i));

  ok = kh_step_check (self->step, mapping, &error);
  if (!ok)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "error");
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), error->message);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self), "error");
      describe = kh_step_describe (self->step);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), describe);
    }
}

GtkWidget *
kh_step_row_new (KhDocument *document,
                 const char *target,
                 KhStep     *step,
                 guint       index,
                 guint       n_steps)
{
  KhStepRow *self;
  const KhStepInfo *info;

  g_return_val_if_fail (KH_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (KH_IS_STEP (step), NULL);

  self = g_object_new (KH_TYPE_STEP_ROW, NULL);
  self->document = g_object_ref (document);
  self->step = g_object_ref (step);
  self->target = g_strdup (target);
  self->index = index;
  self->n_steps = n_steps;

  info = kh_step_get_info (step);
  if (info != NULL)
    {
      gtk_widget_set_tooltip_text (GTK_WIDGET (self), kh_step_info_get_description (info));
      for (guint i = 0; i < info->n_params; i++)
        {
          GtkWidget *row = kh_param_row_new (document, target, index, step, &info->params[i]);

          g_ptr_array_add (self->param_rows, row);
          adw_expander_row_add_row (ADW_EXPANDER_ROW (self), row);
        }
    }
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (self), info != NULL && info->n_params > 0);

  update_title (self);
  kh_step_row_refresh (self, kh_document_get_mapping (document));

  return GTK_WIDGET (self);
}

/**
 * kh_step_row_get_step:
 *
 * Returns: (transfer none): the step
 */
KhStep *
kh_step_row_get_step (KhStepRow *self)
{
  g_return_val_if_fail (KH_IS_STEP_ROW (self), NULL);

  return self->step;
}

guint
kh_step_row_get_index (KhStepRow *self)
{
  g_return_val_if_fail (KH_IS_STEP_ROW (self), 0);

  return self->index;
}

/**
 * kh_step_row_get_param_row:
 *
 * Returns: (transfer none) (nullable): the editor of the parameter @name
 */
GtkWidget *
kh_step_row_get_param_row (KhStepRow  *self,
                           const char *name)
{
  g_return_val_if_fail (KH_IS_STEP_ROW (self), NULL);

  for (guint i = 0; i < self->param_rows->len; i++)
    {
      KhParamRow *row = g_ptr_array_index (self->param_rows, i);

      if (g_strcmp0 (kh_param_row_get_param (row)->name, name) == 0)
        return GTK_WIDGET (row);
    }

  return NULL;
}
