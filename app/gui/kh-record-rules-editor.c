/* kh-record-rules-editor.c: edit the record-level rules
 *
 * Dedupe: the key fields (target fields, compared after the
 * transformation) and whether the first or the last record of a group is
 * written. Filters: a list of field / comparison / value rows; a record is
 * written only when every filter holds. Every change is an undoable edit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-record-rules-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "kh-record-rules-editor.h"

struct _KhRecordRulesEditor
{
  GtkWidget       parent_instance;

  /* Template widgets */
  GtkDropDown    *key_dropdown;
  AdwComboRow    *keep_row;
  GtkListBox     *keys_list;
  GtkListBox     *filters_list;
  GtkScrolledWindow *scrolled_window;

  /* Owned */
  KhDocument     *document;
  GtkStringList  *fields;     /* the target entity's field names */
  GtkStringList  *ops;        /* filter operation labels */

  gboolean        updating;
};

G_DEFINE_FINAL_TYPE (KhRecordRulesEditor, kh_record_rules_editor, GTK_TYPE_WIDGET)

static void refresh (KhRecordRulesEditor *self);

static KhMapping *
get_mapping (KhRecordRulesEditor *self)
{
  return kh_document_get_mapping (self->document);
}

static void
begin (KhRecordRulesEditor *self,
       const char          *label,
       const char          *merge_key)
{
  self->updating = TRUE;
  kh_document_begin_edit (self->document, label, merge_key);
}

static void
end (KhRecordRulesEditor *self)
{
  kh_document_end_edit (self->document);
  self->updating = FALSE;
  refresh (self);
}

/* ---- Dedupe ---------------------------------------------------------------- */

gboolean
kh_record_rules_editor_add_key (KhRecordRulesEditor *self,
                                const char          *field)
{
  const char * const *keys;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;
  g_autofree char *label = NULL;

  g_return_val_if_fail (KH_IS_RECORD_RULES_EDITOR (self), FALSE);

  if (self->document == NULL || field == NULL)
    return FALSE;

  keys = kh_mapping_get_dedupe_keys (get_mapping (self));
  if (keys != NULL && g_strv_contains (keys, field))
    return FALSE;
  if (keys != NULL)
    g_strv_builder_addv (builder, (const char **) keys);
  g_strv_builder_add (builder, field);
  strv = g_strv_builder_end (builder);

  label = g_strdup_printf (_("Add the dedupe key %s"), field);
  begin (self, label, NULL);
  kh_mapping_set_dedupe_keys (get_mapping (self), (const char * const *) strv);
  end (self);
  return TRUE;
}

static void
add_key_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  KhRecordRulesEditor *self = KH_RECORD_RULES_EDITOR (widget);
  guint pos = gtk_drop_down_get_selected (self->key_dropdown);

  if (pos != GTK_INVALID_LIST_POSITION)
    kh_record_rules_editor_add_key (self, gtk_string_list_get_string (self->fields, pos));
}

static void
on_key_remove_clicked_cb (KhRecordRulesEditor *self,
                          GtkButton           *button)
{
  const char *key = g_object_get_data (G_OBJECT (button), "key");
  const char * const *keys = kh_mapping_get_dedupe_keys (get_mapping (self));
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;
  g_autofree char *label = NULL;

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    if (g_strcmp0 (keys[i], key) != 0)
      g_strv_builder_add (builder, keys[i]);
  strv = g_strv_builder_end (builder);

  label = g_strdup_printf (_("Remove the dedupe key %s"), key);
  begin (self, label, NULL);
  kh_mapping_set_dedupe_keys (get_mapping (self), strv[0] != NULL ? (const char * const *) strv : NULL);
  end (self);
}

static void
on_keep_selected_cb (KhRecordRulesEditor *self)
{
  guint pos = adw_combo_row_get_selected (self->keep_row);

  if (self->updating || self->document == NULL || pos == GTK_INVALID_LIST_POSITION ||
      (KhDedupeKeep) pos == kh_mapping_get_dedupe_keep (get_mapping (self)))
    return;

  begin (self, _("Change which duplicate is kept"), NULL);
  kh_mapping_set_dedupe_keep (get_mapping (self), pos);
  end (self);
}

/* ---- Filters --------------------------------------------------------------- */

gboolean
kh_record_rules_editor_add_filter (KhRecordRulesEditor *self,
                                   const char          *field,
                                   KhFilterOp           op,
                                   const char          *value)
{
  g_autoptr(KhFilter) filter = NULL;

  g_return_val_if_fail (KH_IS_RECORD_RULES_EDITOR (self), FALSE);

  if (self->document == NULL || field == NULL)
    return FALSE;

  filter = kh_filter_new (field, op);
  if (kh_filter_op_takes_value (op))
    kh_filter_set_value (filter, value != NULL ? value : "");
  begin (self, _("Add a filter"), NULL);
  kh_mapping_add_filter (get_mapping (self), filter);
  end (self);
  return TRUE;
}

static void
add_filter_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  KhRecordRulesEditor *self = KH_RECORD_RULES_EDITOR (widget);
  const char *field = g_list_model_get_n_items (G_LIST_MODEL (self->fields)) > 0
                      ? gtk_string_list_get_string (self->fields, 0) : NULL;

  kh_record_rules_editor_add_filter (self, field, KH_FILTER_OP_NOT_EMPTY, NULL);
}

static guint
row_index (GtkWidget *widget)
{
  GtkWidget *row = gtk_widget_get_ancestor (widget, GTK_TYPE_LIST_BOX_ROW);

  return gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row));
}

static void
on_filter_field_cb (GtkDropDown *dropdown,
                    GParamSpec  *pspec,
                    gpointer     user_data)
{
  KhRecordRulesEditor *self = user_data;
  guint pos = gtk_drop_down_get_selected (dropdown);
  KhFilter *filter;

  if (self->updating || pos == GTK_INVALID_LIST_POSITION)
    return;

  filter = kh_mapping_get_filter (get_mapping (self), row_index (GTK_WIDGET (dropdown)));
  begin (self, _("Change a filter's field"), NULL);
  kh_filter_set_field (filter, gtk_string_list_get_string (self->fields, pos));
  end (self);
}

static void
on_filter_op_cb (GtkDropDown *dropdown,
                 GParamSpec  *pspec,
                 gpointer     user_data)
{
  KhRecordRulesEditor *self = user_data;
  guint pos = gtk_drop_down_get_selected (dropdown);
  KhFilter *filter;

  if (self->updating || pos == GTK_INVALID_LIST_POSITION)
    return;

  filter = kh_mapping_get_filter (get_mapping (self), row_index (GTK_WIDGET (dropdown)));
  begin (self, _("Change a filter's comparison"), NULL);
  kh_filter_set_op (filter, pos);
  if (!kh_filter_op_takes_value (pos))
    kh_filter_set_values (filter, NULL);
  else if (kh_filter_get_value (filter) == NULL)
    kh_filter_set_value (filter, "");
  end (self);
}

static void
on_filter_value_cb (GtkEditable *editable,
                    gpointer     user_data)
{
  KhRecordRulesEditor *self = user_data;
  guint index;
  KhFilter *filter;
  g_autofree char *merge = NULL;
  g_auto(GStrv) values = NULL;

  if (self->updating)
    return;

  index = row_index (GTK_WIDGET (editable));
  filter = kh_mapping_get_filter (get_mapping (self), index);
  merge = g_strdup_printf ("filter:%u", index);
  begin (self, _("Edit a filter's value"), merge);
  if (kh_filter_get_op (filter) == KH_FILTER_OP_ONE_OF || kh_filter_get_op (filter) == KH_FILTER_OP_NOT_ONE_OF)
    {
      /* One-of lists are typed comma-separated. */
      values = g_strsplit (gtk_editable_get_text (editable), ",", -1);
      for (guint i = 0; values[i] != NULL; i++)
        g_strstrip (values[i]);
      kh_filter_set_values (filter, (const char * const *) values);
    }
  else
    kh_filter_set_value (filter, gtk_editable_get_text (editable));
  kh_document_end_edit (self->document);
  self->updating = FALSE;
}

static void
on_filter_remove_cb (GtkButton *button,
                     gpointer   user_data)
{
  KhRecordRulesEditor *self = user_data;

  begin (self, _("Remove a filter"), NULL);
  kh_mapping_remove_filter (get_mapping (self), row_index (GTK_WIDGET (button)));
  end (self);
}

static GtkWidget *
filter_row_new (KhRecordRulesEditor *self,
                KhFilter            *filter)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *field = gtk_drop_down_new (g_object_ref (G_LIST_MODEL (self->fields)),
                                        gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string"));
  GtkWidget *op = gtk_drop_down_new (g_object_ref (G_LIST_MODEL (self->ops)), NULL);
  GtkWidget *value = gtk_entry_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->fields));
  const char * const *values = kh_filter_get_values (filter);
  g_autofree char *text = values != NULL ? g_strjoinv (", ", (char **) values) : NULL;

  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_drop_down_set_enable_search (GTK_DROP_DOWN (field), TRUE);
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->fields, i), kh_filter_get_field (filter)) == 0)
      gtk_drop_down_set_selected (GTK_DROP_DOWN (field), i);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (op), kh_filter_get_op (filter));
  gtk_editable_set_text (GTK_EDITABLE (value), text != NULL ? text : "");
  gtk_editable_set_width_chars (GTK_EDITABLE (value), 8);
  gtk_widget_set_hexpand (value, TRUE);
  gtk_widget_set_visible (value, kh_filter_op_takes_value (kh_filter_get_op (filter)));
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove the filter"));

  gtk_accessible_update_property (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Filter field"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (op), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Comparison"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (value), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Filter value"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Remove the filter"), -1);

  g_signal_connect (field, "notify::selected", G_CALLBACK (on_filter_field_cb), self);
  g_signal_connect (op, "notify::selected", G_CALLBACK (on_filter_op_cb), self);
  g_signal_connect (value, "changed", G_CALLBACK (on_filter_value_cb), self);
  g_signal_connect (remove, "clicked", G_CALLBACK (on_filter_remove_cb), self);

  gtk_box_append (GTK_BOX (box), field);
  gtk_box_append (GTK_BOX (box), op);
  gtk_box_append (GTK_BOX (box), value);
  gtk_box_append (GTK_BOX (box), remove);
  return box;
}

/* ---- Refresh --------------------------------------------------------------- */

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
refresh (KhRecordRulesEditor *self)
{
  KhMapping *mapping;
  KhEntity *target;
  const char * const *keys;
  guint n;

  if (self->document == NULL || self->updating)
    return;

  self->updating = TRUE;
  mapping = get_mapping (self);
  target = kh_mapping_get_target_entity (mapping);

  gtk_string_list_splice (self->fields, 0, g_list_model_get_n_items (G_LIST_MODEL (self->fields)), NULL);
  n = target != NULL ? kh_entity_get_n_fields (target) : 0;
  for (guint i = 0; i < n; i++)
    gtk_string_list_append (self->fields, kh_field_get_name (kh_entity_get_field (target, i)));

  adw_combo_row_set_selected (self->keep_row, kh_mapping_get_dedupe_keep (mapping));

  clear_list (self->keys_list);
  keys = kh_mapping_get_dedupe_keys (mapping);
  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
      g_autofree char *a11y = g_strdup_printf (_("Remove the dedupe key %s"), keys[i]);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), keys[i]);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (remove, a11y);
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
      g_object_set_data_full (G_OBJECT (remove), "key", g_strdup (keys[i]), g_free);
      g_signal_connect_object (remove, "clicked", G_CALLBACK (on_key_remove_clicked_cb), self, G_CONNECT_SWAPPED);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      gtk_list_box_append (self->keys_list, row);
    }

  clear_list (self->filters_list);
  n = kh_mapping_get_n_filters (mapping);
  for (guint i = 0; i < n; i++)
    gtk_list_box_append (self->filters_list, filter_row_new (self, kh_mapping_get_filter (mapping, i)));

  self->updating = FALSE;
}

static void
on_mapping_changed_cb (KhRecordRulesEditor *self)
{
  /* Typing in a filter value must not rebuild the row under the cursor. */
  if (!self->updating)
    refresh (self);
}

/* ---- GObject --------------------------------------------------------------- */

static void
kh_record_rules_editor_dispose (GObject *object)
{
  KhRecordRulesEditor *self = (KhRecordRulesEditor *) object;

  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (kh_document_get_mapping (self->document), self);
  gtk_widget_dispose_template (GTK_WIDGET (self), KH_TYPE_RECORD_RULES_EDITOR);
  g_clear_object (&self->document);
  g_clear_object (&self->fields);
  g_clear_object (&self->ops);

  G_OBJECT_CLASS (kh_record_rules_editor_parent_class)->dispose (object);
}

static void
kh_record_rules_editor_class_init (KhRecordRulesEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kh_record_rules_editor_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/kh-record-rules-editor.ui");
  gtk_widget_class_set_css_name (widget_class, "recordruleseditor");
  gtk_widget_class_bind_template_child (widget_class, KhRecordRulesEditor, filters_list);
  gtk_widget_class_bind_template_child (widget_class, KhRecordRulesEditor, keep_row);
  gtk_widget_class_bind_template_child (widget_class, KhRecordRulesEditor, key_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KhRecordRulesEditor, keys_list);
  gtk_widget_class_bind_template_child (widget_class, KhRecordRulesEditor, scrolled_window);
  gtk_widget_class_bind_template_callback (widget_class, on_keep_selected_cb);

  gtk_widget_class_install_action (widget_class, "records.add-key", NULL, add_key_action);
  gtk_widget_class_install_action (widget_class, "records.add-filter", NULL, add_filter_action);
}

static void
kh_record_rules_editor_init (KhRecordRulesEditor *self)
{
  g_autoptr(GtkStringList) keep = gtk_string_list_new (NULL);

  self->fields = gtk_string_list_new (NULL);
  self->ops = gtk_string_list_new (NULL);
  for (KhFilterOp op = KH_FILTER_OP_EQUALS; op <= KH_FILTER_OP_NOT_ONE_OF; op++)
    gtk_string_list_append (self->ops, kh_filter_op_get_label (op));

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_string_list_append (keep, _("The first record"));
  gtk_string_list_append (keep, _("The last record"));
  adw_combo_row_set_model (self->keep_row, G_LIST_MODEL (keep));
  gtk_drop_down_set_model (self->key_dropdown, G_LIST_MODEL (self->fields));
}

void
kh_record_rules_editor_set_document (KhRecordRulesEditor *self,
                                     KhDocument          *document)
{
  g_return_if_fail (KH_IS_RECORD_RULES_EDITOR (self));

  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (kh_document_get_mapping (self->document), self);
  g_set_object (&self->document, document);
  if (document != NULL)
    g_signal_connect_object (kh_document_get_mapping (document), "changed",
                             G_CALLBACK (on_mapping_changed_cb), self, G_CONNECT_SWAPPED);
  refresh (self);
}
