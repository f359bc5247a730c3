/* kh-code-list-editor.c: edit the mapping's code lists
 *
 * A drop-down of the lists, the list's name, default and unknown-value
 * policy, and a two-column table of values (from → to) with add, remove
 * and paste from the clipboard (tab-separated from a spreadsheet, or CSV).
 * Every change is an undoable edit of the document.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-code-list-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "kh-code-list-editor.h"
#include "kh-paste-table.h"

struct _KhCodeListEditor
{
  GtkWidget         parent_instance;

  /* Template widgets */
  AdwEntryRow      *default_row;
  GtkColumnView    *entries_view;
  GtkColumnViewColumn *from_column;
  GtkWidget        *header_box;
  GtkDropDown      *list_dropdown;
  AdwEntryRow      *name_row;
  GtkStack         *stack;
  GtkColumnViewColumn *to_column;
  AdwComboRow      *unknown_row;

  /* Owned */
  KhDocument       *document;
  KhCodeList       *list;
  GtkStringList    *names;

  gboolean          updating;
};

G_DEFINE_FINAL_TYPE (KhCodeListEditor, kh_code_list_editor, GTK_TYPE_WIDGET)

static void refresh (KhCodeListEditor *self);

static KhMapping *
get_mapping (KhCodeListEditor *self)
{
  return kh_document_get_mapping (self->document);
}

static void
begin (KhCodeListEditor *self,
       const char       *label,
       const char       *merge_key)
{
  self->updating = TRUE;
  kh_document_begin_edit (self->document, label, merge_key);
}

static void
end (KhCodeListEditor *self)
{
  kh_document_end_edit (self->document);
  self->updating = FALSE;
  refresh (self);
}

/* ---- The table ------------------------------------------------------------ */

static void
on_cell_changed_cb (GtkEditable *editable,
                    gpointer     user_data)
{
  KhCodeListEditor *self = user_data;
  GtkListItem *list_item = g_object_get_data (G_OBJECT (editable), "list-item");
  gboolean is_from = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (editable), "is-from"));
  KhCodeEntry *entry = list_item != NULL ? gtk_list_item_get_item (list_item) : NULL;
  const char *text = gtk_editable_get_text (editable);
  g_autofree char *merge = NULL;

  if (self->updating || entry == NULL)
    return;
  if (g_strcmp0 (text, is_from ? kh_code_entry_get_from (entry) : kh_code_entry_get_to (entry)) == 0)
    return;

  merge = g_strdup_printf ("code:%s:%u:%d", kh_code_list_get_name (self->list),
                           gtk_list_item_get_position (list_item), is_from);
  self->updating = TRUE;
  kh_document_begin_edit (self->document, _("Edit a code value"), merge);
  if (is_from)
    kh_code_entry_set_from (entry, text);
  else
    kh_code_entry_set_to (entry, text);
  kh_document_end_edit (self->document);
  self->updating = FALSE;
}

static void
setup_cell (KhCodeListEditor *self,
            GtkListItem      *list_item,
            gboolean          is_from)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_has_frame (GTK_ENTRY (entry), FALSE);
  g_object_set_data (G_OBJECT (entry), "list-item", list_item);
  g_object_set_data (G_OBJECT (entry), "is-from", GINT_TO_POINTER (is_from));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  is_from ? _("Source value") : _("Target value"), -1);
  g_signal_connect (entry, "changed", G_CALLBACK (on_cell_changed_cb), self);
  gtk_list_item_set_child (list_item, entry);
}

static void
bind_cell (KhCodeListEditor *self,
           GtkListItem      *list_item,
           gboolean          is_from)
{
  KhCodeEntry *entry = gtk_list_item_get_item (list_item);
  GtkWidget *widget = gtk_list_item_get_child (list_item);
  const char *text = is_from ? kh_code_entry_get_from (entry) : kh_code_entry_get_to (entry);
  gboolean old = self->updating;

  self->updating = TRUE;
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (widget)), text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (widget), text != NULL ? text : "");
  self->updating = old;
}

static void
on_from_setup_cb (KhCodeListEditor *self, GtkListItem *item, GtkSignalListItemFactory *f) { setup_cell (self, item, TRUE); }
static void
on_from_bind_cb (KhCodeListEditor *self, GtkListItem *item, GtkSignalListItemFactory *f) { bind_cell (self, item, TRUE); }
static void
on_to_setup_cb (KhCodeListEditor *self, GtkListItem *item, GtkSignalListItemFactory *f) { setup_cell (self, item, FALSE); }
static void
on_to_bind_cb (KhCodeListEditor *self, GtkListItem *item, GtkSignalListItemFactory *f) { bind_cell (self, item, FALSE); }

static void
on_remove_clicked_cb (GtkButton *button,
                      gpointer   user_data)
{
  KhCodeListEditor *self = user_data;
  GtkListItem *list_item = g_object_get_data (G_OBJECT (button), "list-item");
  guint pos = gtk_list_item_get_position (list_item);

  if (self->list == NULL || pos == GTK_INVALID_LIST_POSITION)
    return;

  begin (self, _("Remove a code value"), NULL);
  kh_code_list_remove (self->list, pos);
  end (self);
}

static void
on_remove_setup_cb (KhCodeListEditor         *self,
                    GtkListItem              *list_item,
                    GtkSignalListItemFactory *factory)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("list-remove-symbolic");

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Remove this value"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Remove this value"), -1);
  g_object_set_data (G_OBJECT (button), "list-item", list_item);
  g_signal_connect (button, "clicked", G_CALLBACK (on_remove_clicked_cb), self);
  gtk_list_item_set_child (list_item, button);
}

/* ---- Actions -------------------------------------------------------------- */

static char *
unique_name (KhCodeListEditor *self,
             const char       *base)
{
  char *name = g_strdup (base);

  for (guint i = 2; kh_mapping_lookup_code_list (get_mapping (self), name) != NULL; i++)
    {
      g_free (name);
      name = g_strdup_printf ("%s-%u", base, i);
    }

  return name;
}

/**
 * kh_code_list_editor_new_list:
 * @name: (nullable): the new list's name, or %NULL for a made-up one
 */
gboolean
kh_code_list_editor_new_list (KhCodeListEditor *self,
                              const char       *name)
{
  g_autofree char *unique = NULL;
  g_autoptr(KhCodeList) list = NULL;

  g_return_val_if_fail (KH_IS_CODE_LIST_EDITOR (self), FALSE);

  if (self->document == NULL)
    return FALSE;

  unique = unique_name (self, name != NULL ? name : "codes");
  list = kh_code_list_new (unique);
  begin (self, _("Add a code list"), NULL);
  kh_mapping_add_code_list (get_mapping (self), list);
  end (self);

  return kh_code_list_editor_select (self, unique);
}

static void
new_list_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  kh_code_list_editor_new_list (KH_CODE_LIST_EDITOR (widget), NULL);
}

static void
remove_list_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  KhCodeListEditor *self = KH_CODE_LIST_EDITOR (widget);
  g_autofree char *name = NULL;
  g_autofree char *label = NULL;

  if (self->list == NULL)
    return;

  name = g_strdup (kh_code_list_get_name (self->list));
  label = g_strdup_printf (_("Remove the code list %s"), name);
  begin (self, label, NULL);
  kh_mapping_remove_code_list (get_mapping (self), name);
  g_clear_object (&self->list);
  end (self);
}

static void
add_entry_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  KhCodeListEditor *self = KH_CODE_LIST_EDITOR (widget);

  if (self->list == NULL)
    return;

  begin (self, _("Add a code value"), NULL);
  kh_code_list_append (self->list, "", "");
  end (self);
}

/**
 * kh_code_list_editor_paste_text:
 *
 * Appends the pairs of a pasted table to the list shown, as one edit.
 */
gboolean
kh_code_list_editor_paste_text (KhCodeListEditor  *self,
                                const char        *text,
                                GError           **error)
{
  g_autoptr(GPtrArray) pairs = NULL;
  g_autofree char *label = NULL;

  g_return_val_if_fail (KH_IS_CODE_LIST_EDITOR (self), FALSE);

  if (self->list == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Add a code list first"));
      return FALSE;
    }

  pairs = kh_paste_table_parse_pairs (text, error);
  if (pairs == NULL)
    return FALSE;

  label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Paste %u code value", "Paste %u code values",
                                        pairs->len / 2), pairs->len / 2);
  begin (self, label, NULL);
  for (guint i = 0; i + 1 < pairs->len; i += 2)
    kh_code_list_append (self->list, g_ptr_array_index (pairs, i), g_ptr_array_index (pairs, i + 1));
  end (self);

  return TRUE;
}

static void
on_clipboard_text_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(KhCodeListEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  GtkWidget *overlay;

  if (text != NULL && kh_code_list_editor_paste_text (self, text, &error))
    return;

  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay),
                                 adw_toast_new (error != NULL ? error->message : _("The clipboard has no text")));
}

static void
paste_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (widget);

  gdk_clipboard_read_text_async (clipboard, NULL, on_clipboard_text_cb, g_object_ref (widget));
}

/* ---- Settings rows --------------------------------------------------------- */

static void
on_list_selected_cb (KhCodeListEditor *self)
{
  guint pos = gtk_drop_down_get_selected (self->list_dropdown);

  if (self->updating || self->document == NULL || pos == GTK_INVALID_LIST_POSITION)
    return;

  kh_code_list_editor_select (self, gtk_string_list_get_string (self->names, pos));
}

static void
on_name_changed_cb (KhCodeListEditor *self,
                    GtkEditable      *editable)
{
  const char *text = gtk_editable_get_text (editable);

  if (self->updating || self->list == NULL || text[0] == '\0' ||
      g_strcmp0 (text, kh_code_list_get_name (self->list)) == 0)
    return;

  if (kh_mapping_lookup_code_list (get_mapping (self), text) != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->name_row), "error");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");

  begin (self, _("Rename the code list"), "code-list-name");
  kh_code_list_set_name (self->list, text);
  end (self);
}

static void
on_default_changed_cb (KhCodeListEditor *self,
                       GtkEditable      *editable)
{
  const char *text = gtk_editable_get_text (editable);
  g_autofree char *merge = NULL;

  if (self->updating || self->list == NULL ||
      g_strcmp0 (text[0] != '\0' ? text : NULL, kh_code_list_get_default_value (self->list)) == 0)
    return;

  merge = g_strdup_printf ("code-default:%s", kh_code_list_get_name (self->list));
  begin (self, _("Edit the code list's default"), merge);
  kh_code_list_set_default_value (self->list, text[0] != '\0' ? text : NULL);
  end (self);
}

static void
on_unknown_selected_cb (KhCodeListEditor *self)
{
  guint pos = adw_combo_row_get_selected (self->unknown_row);

  if (self->updating || self->list == NULL || pos == GTK_INVALID_LIST_POSITION ||
      (KhUnknownCode) pos == kh_code_list_get_unknown (self->list))
    return;

  begin (self, _("Change what unknown codes become"), NULL);
  kh_code_list_set_unknown (self->list, pos);
  end (self);
}

static void
refresh (KhCodeListEditor *self)
{
  KhMapping *mapping;
  guint n;
  guint selected = GTK_INVALID_LIST_POSITION;
  g_autofree char *current = NULL;
  g_autoptr(GtkNoSelection) model = NULL;
  const char *text;

  if (self->document == NULL || self->updating)
    return;

  mapping = get_mapping (self);
  current = self->list != NULL ? g_strdup (kh_code_list_get_name (self->list)) : NULL;
  n = kh_mapping_get_n_code_lists (mapping);

  self->updating = TRUE;
  gtk_string_list_splice (self->names, 0, g_list_model_get_n_items (G_LIST_MODEL (self->names)), NULL);
  for (guint i = 0; i < n; i++)
    {
      const char *name = kh_code_list_get_name (kh_mapping_get_code_list (mapping, i));

      gtk_string_list_append (self->names, name);
      if (g_strcmp0 (name, current) == 0)
        selected = i;
    }
  if (selected == GTK_INVALID_LIST_POSITION && n > 0)
    selected = 0;
  gtk_drop_down_set_selected (self->list_dropdown, selected);

  /* After undo the list object is a fresh copy: follow it by name. */
  {
    KhCodeList *list = selected != GTK_INVALID_LIST_POSITION ? kh_mapping_get_code_list (mapping, selected) : NULL;
    g_set_object (&self->list, list);
  }

  if (self->list == NULL)
    {
      gtk_column_view_set_model (self->entries_view, NULL);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "codes.remove-list", FALSE);
      self->updating = FALSE;
      return;
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "codes.remove-list", TRUE);
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->name_row)), kh_code_list_get_name (self->list)) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->name_row), kh_code_list_get_name (self->list));
  text = kh_code_list_get_default_value (self->list);
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->default_row)), text != NULL ? text : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->default_row), text != NULL ? text : "");
  adw_combo_row_set_selected (self->unknown_row, kh_code_list_get_unknown (self->list));

  {
    GtkSelectionModel *old = gtk_column_view_get_model (self->entries_view);
    GListModel *entries = kh_code_list_get_entries (self->list);

    if (old == NULL || gtk_no_selection_get_model (GTK_NO_SELECTION (old)) != entries)
      {
        model = gtk_no_selection_new (g_object_ref (entries));
        gtk_column_view_set_model (self->entries_view, GTK_SELECTION_MODEL (model));
      }
  }
  gtk_stack_set_visible_child_name (self->stack, "list");
  self->updating = FALSE;
}

static void
on_mapping_changed_cb (KhCodeListEditor *self)
{
  refresh (self);
}

/* ---- GObject --------------------------------------------------------------- */

static void
kh_code_list_editor_dispose (GObject *object)
{
  KhCodeListEditor *self = (KhCodeListEditor *) object;

  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (kh_document_get_mapping (self->document), self);
  if (self->entries_view != NULL)
    gtk_column_view_set_model (self->entries_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), KH_TYPE_CODE_LIST_EDITOR);
  g_clear_object (&self->document);
  g_clear_object (&self->list);
  g_clear_object (&self->names);

  G_OBJECT_CLASS (kh_code_list_editor_parent_class)->dispose (object);
}

static void
kh_code_list_editor_class_init (KhCodeListEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kh_code_list_editor_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/kh-code-list-editor.ui");
  gtk_widget_class_set_css_name (widget_class, "codelisteditor");
  gtk_widget_class_bind_template_child (widget_class, KhCodeListEditor, default_row);
  gtk_widget_class_bind_template_child (widget_class, KhCodeListEditor, entries_view);
  gtk_widget_class_bind_template_child (widget_class, KhCodeListEditor, from_column);
  gtk_widget_class_bind_template_child (widget_class, KhCodeListEditor, header_box);
  gtk_widget_class_bind_template_child (widget_class, KhCodeListEditor, list_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KhCodeListEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, KhCodeListEditor, stack);
  gtk_widget_class_bind_template_child (widget_class, KhCodeListEditor, to_column);
  gtk_widget_class_bind_template_child (widget_class, KhCodeListEditor, unknown_row);
  gtk_widget_class_bind_template_callback (widget_class, on_default_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_from_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_from_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_list_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_remove_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_to_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_to_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_unknown_selected_cb);

  gtk_widget_class_install_action (widget_class, "codes.new-list", NULL, new_list_action);
  gtk_widget_class_install_action (widget_class, "codes.remove-list", NULL, remove_list_action);
  gtk_widget_class_install_action (widget_class, "codes.add-entry", NULL, add_entry_action);
  gtk_widget_class_install_action (widget_class, "codes.paste", NULL, paste_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "codes.paste", NULL);
}

static void
kh_code_list_editor_init (KhCodeListEditor *self)
{
  g_autoptr(GtkStringList) policies = gtk_string_list_new (NULL);

  self->names = gtk_string_list_new (NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drop_down_set_model (self->list_dropdown, G_LIST_MODEL (self->names));
  for (KhUnknownCode p = KH_UNKNOWN_CODE_ERROR; p <= KH_UNKNOWN_CODE_NULL; p++)
    gtk_string_list_append (policies, kh_unknown_code_get_label (p));
  adw_combo_row_set_model (self->unknown_row, G_LIST_MODEL (policies));
}

void
kh_code_list_editor_set_document (KhCodeListEditor *self,
                                  KhDocument       *document)
{
  g_return_if_fail (KH_IS_CODE_LIST_EDITOR (self));

  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (kh_document_get_mapping (self->document), self);
  g_set_object (&self->document, document);
  g_clear_object (&self->list);
  if (document != NULL)
    g_signal_connect_object (kh_document_get_mapping (document), "changed",
                             G_CALLBACK (on_mapping_changed_cb), self, G_CONNECT_SWAPPED);
  refresh (self);
}

/**
 * kh_code_list_editor_select:
 *
 * Shows the code list @name (the "jump to" hook for code-list problems).
 */
gboolean
kh_code_list_editor_select (KhCodeListEditor *self,
                            const char       *name)
{
  KhCodeList *list;

  g_return_val_if_fail (KH_IS_CODE_LIST_EDITOR (self), FALSE);

  if (self->document == NULL || name == NULL)
    return FALSE;

  list = kh_mapping_lookup_code_list (get_mapping (self), name);
  if (list == NULL)
    return FALSE;

  g_set_object (&self->list, list);
  refresh (self);
  return TRUE;
}

const char *
kh_code_list_editor_get_selected (KhCodeListEditor *self)
{
  g_return_val_if_fail (KH_IS_CODE_LIST_EDITOR (self), NULL);

  return self->list != NULL ? kh_code_list_get_name (self->list) : NULL;
}
