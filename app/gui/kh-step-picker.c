/* kh-step-picker.c: a popover that adds a step from the catalogue
 *
 * A search entry over the whole catalogue (names, descriptions, ids and
 * categories, in the user's language); Enter or a click picks a step and
 * the popover emits ::step-chosen with its id.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-step-picker"

#include "config.h"

#include <glib/gi18n.h>

#include "kh-catalogue.h"
#include "kh-step-picker.h"

struct _KhStepPicker
{
  GtkPopover          parent_instance;

  /* Template widgets */
  GtkListView        *list_view;
  GtkSearchEntry     *search_entry;

  /* Owned */
  GtkStringList      *ids;
  GtkCustomFilter    *filter;
  GtkFilterListModel *filtered;
  GtkSingleSelection *selection;
  char               *folded;
};

G_DEFINE_FINAL_TYPE (KhStepPicker, kh_step_picker, GTK_TYPE_POPOVER)

enum {
  STEP_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  KhStepPicker *self = user_data;
  const KhStepInfo *info = kh_catalogue_lookup (gtk_string_object_get_string (item));
  g_autofree char *text = NULL;
  g_autofree char *folded = NULL;

  if (self->folded == NULL || info == NULL)
    return info != NULL;

  text = g_strjoin ("\n", info->id, kh_step_info_get_name (info), kh_step_info_get_description (info),
                    kh_step_category_get_label (info->category), NULL);
  folded = g_utf8_casefold (text, -1);
  return strstr (folded, self->folded) != NULL;
}

static void
apply_search (KhStepPicker *self,
              const char   *text)
{
  g_autofree char *folded = text[0] != '\0' ? g_utf8_casefold (text, -1) : NULL;

  if (g_strcmp0 (folded, self->folded) == 0)
    return;

  g_free (self->folded);
  self->folded = g_steal_pointer (&folded);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) > 0)
    gtk_single_selection_set_selected (self->selection, 0);
}

static void
on_search_changed_cb (KhStepPicker   *self,
                      GtkSearchEntry *entry)
{
  apply_search (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
on_search_activate_cb (KhStepPicker   *self,
                       GtkSearchEntry *entry)
{
  guint pos = gtk_single_selection_get_selected (self->selection);

  if (pos != GTK_INVALID_LIST_POSITION)
    kh_step_picker_choose (self, pos);
}

static void
on_list_activate_cb (KhStepPicker *self,
                     guint         position,
                     GtkListView  *list)
{
  kh_step_picker_choose (self, position);
}

static void
on_factory_setup_cb (KhStepPicker             *self,
                     GtkListItem              *list_item,
                     GtkSignalListItemFactory *factory)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *description = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_widget_add_css_class (name, "heading");
  gtk_label_set_xalign (GTK_LABEL (description), 0);
  gtk_label_set_wrap (GTK_LABEL (description), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (description), 40);
  gtk_widget_add_css_class (description, "dim-label");
  gtk_widget_add_css_class (description, "caption");
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), description);
  gtk_list_item_set_child (list_item, box);
}

static void
on_factory_bind_cb (KhStepPicker             *self,
                    GtkListItem              *list_item,
                    GtkSignalListItemFactory *factory)
{
  const KhStepInfo *info = kh_catalogue_lookup (gtk_string_object_get_string (gtk_list_item_get_item (list_item)));
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *name = gtk_widget_get_first_child (box);
  GtkWidget *description = gtk_widget_get_next_sibling (name);
  g_autofree char *title = NULL;

  /* Translators: a step in the picker: "Parse date — Dates" */
  title = g_strdup_printf (_("%s — %s"), kh_step_info_get_name (info), kh_step_category_get_label (info->category));
  gtk_label_set_text (GTK_LABEL (name), title);
  gtk_label_set_text (GTK_LABEL (description), kh_step_info_get_description (info));
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, kh_step_info_get_description (info),
                                  -1);
}

static void
on_show_cb (KhStepPicker *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
kh_step_picker_dispose (GObject *object)
{
  KhStepPicker *self = (KhStepPicker *) object;

  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), KH_TYPE_STEP_PICKER);
  g_clear_object (&self->selection);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->ids);
  g_clear_pointer (&self->folded, g_free);

  G_OBJECT_CLASS (kh_step_picker_parent_class)->dispose (object);
}

static void
kh_step_picker_class_init (KhStepPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kh_step_picker_dispose;

  /**
   * KhStepPicker::step-chosen:
   * @id: the catalogue id of the chosen step
   */
  signals[STEP_CHOSEN] =
    g_signal_new ("step-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/kh-step-picker.ui");
  gtk_widget_class_bind_template_child (widget_class, KhStepPicker, list_view);
  gtk_widget_class_bind_template_child (widget_class, KhStepPicker, search_entry);
  gtk_widget_class_bind_template_callback (widget_class, on_factory_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_factory_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_show_cb);
}

static void
kh_step_picker_init (KhStepPicker *self)
{
  const KhStepInfo *steps;
  guint n_steps;

  self->ids = gtk_string_list_new (NULL);
  steps = kh_catalogue_get_steps (&n_steps);
  for (guint i = 0; i < n_steps; i++)
    gtk_string_list_append (self->ids, steps[i].id);
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->ids)),
                                              g_object_ref (GTK_FILTER (self->filter)));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->filtered)));

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->list_view));
  gtk_search_entry_set_search_delay (self->search_entry, 0);
}

GtkWidget *
kh_step_picker_new (void)
{
  return g_object_new (KH_TYPE_STEP_PICKER, NULL);
}

void
kh_step_picker_set_search_text (KhStepPicker *self,
                                const char   *text)
{
  g_return_if_fail (KH_IS_STEP_PICKER (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
  apply_search (self, text);
}

/**
 * kh_step_picker_get_model:
 *
 * Returns: (transfer none): the steps shown (GtkStringObject ids)
 */
GListModel *
kh_step_picker_get_model (KhStepPicker *self)
{
  g_return_val_if_fail (KH_IS_STEP_PICKER (self), NULL);

  return G_LIST_MODEL (self->filtered);
}

void
kh_step_picker_choose (KhStepPicker *self,
                       guint         position)
{
  g_autoptr(GtkStringObject) item = NULL;
  g_autofree char *id = NULL;

  g_return_if_fail (KH_IS_STEP_PICKER (self));

  item = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);
  if (item == NULL)
    return;

  id = g_strdup (gtk_string_object_get_string (item));
  gtk_popover_popdown (GTK_POPOVER (self));
  g_signal_emit (self, signals[STEP_CHOSEN], 0, id);
}
