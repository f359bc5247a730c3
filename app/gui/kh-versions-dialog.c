/* kh-versions-dialog.c: the saved versions of the project, to restore one
 *
 * Lists the versions the store recorded on every save (newest first) with
 * their number, local time, comment and how many rules their mapping has,
 * filtered by a search on the comments. “Restore” asks the window to put
 * that version's mapping back as one undoable edit
 * (kh_window_restore_version()); the list of versions itself never
 * shrinks. The dialog follows the document: a first save while it is open
 * fills it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-versions-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "kh-project-version.h"
#include "kh-versions-dialog.h"

struct _KhVersionsDialog
{
  AdwWindow           parent_instance;

  /* Template widgets */
  GtkListView        *list_view;
  GtkSearchEntry     *search_entry;
  GtkStack           *stack;
  AdwWindowTitle     *window_title;

  /* Owned */
  KhWindow           *window;
  KhDocument         *document;
  KhProject          *project;   /* the document's project we show */
  GtkSortListModel   *sorted;
  GtkFilterListModel *filtered;
  GtkCustomFilter    *filter;
  GHashTable         *n_rules;   /* KhProjectVersion → n_rules + 1, or 0 when unreadable */
  char               *needle;    /* the casefolded search text */
};

G_DEFINE_FINAL_TYPE (KhVersionsDialog, kh_versions_dialog, ADW_TYPE_WINDOW)

/* ---- Model -------------------------------------------------------------- */

static int
newest_first (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  gint64 na = kh_project_version_get_number ((KhProjectVersion *) a);
  gint64 nb = kh_project_version_get_number ((KhProjectVersion *) b);

  return (na < nb) - (na > nb);
}

static gboolean
matches_search (gpointer item,
                gpointer user_data)
{
  KhVersionsDialog *self = user_data;
  const char *comment = kh_project_version_get_comment (item);
  g_autofree char *folded = NULL;

  if (self->needle == NULL || self->needle[0] == '\0')
    return TRUE;
  if (comment == NULL)
    return FALSE;

  folded = g_utf8_casefold (comment, -1);
  return strstr (folded, self->needle) != NULL;
}

static void
update_page (KhVersionsDialog *self)
{
  GListModel *versions = self->project != NULL ? kh_project_get_versions (self->project) : NULL;
  GFile *file = kh_document_get_file (self->document);
  const char *page;

  if (file == NULL || versions == NULL || g_list_model_get_n_items (versions) == 0)
    page = "unsaved";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) == 0)
    page = "no-match";
  else
    page = "list";

  gtk_stack_set_visible_child_name (self->stack, page);
  gtk_widget_set_visible (GTK_WIDGET (self->search_entry), g_strcmp0 (page, "unsaved") != 0);
}

static void
update_subtitle (KhVersionsDialog *self)
{
  g_autofree char *title = kh_document_dup_title (self->document);

  adw_window_title_set_subtitle (self->window_title, title);
}

/* The document's project appears on the first save and changes when
 * another project is opened in the window. */
static void
follow_document (KhVersionsDialog *self)
{
  KhProject *project = kh_document_get_project (self->document);

  if (project != self->project)
    {
      g_set_object (&self->project, project);
      g_hash_table_remove_all (self->n_rules);
      gtk_sort_list_model_set_model (self->sorted,
                                     project != NULL ? kh_project_get_versions (project) : NULL);
    }
  update_subtitle (self);
  update_page (self);
}

/* ---- Rows ----------------------------------------------------------------- */

static guint
count_rules (KhVersionsDialog *self,
             KhProjectVersion *version,
             gboolean         *readable)
{
  gpointer cached;

  if (!g_hash_table_lookup_extended (self->n_rules, version, NULL, &cached))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KhMapping) mapping = kh_project_version_load_mapping (version, &error);

      if (mapping == NULL)
        g_message ("Version %" G_GINT64_FORMAT ": %s", kh_project_version_get_number (version), error->message);
      cached = GUINT_TO_POINTER (mapping != NULL ? kh_mapping_get_n_rules (mapping) + 1 : 0);
      g_hash_table_insert (self->n_rules, g_object_ref (version), cached);
    }

  *readable = GPOINTER_TO_UINT (cached) > 0;
  return *readable ? GPOINTER_TO_UINT (cached) - 1 : 0;
}

static char *
format_saved_at (KhProjectVersion *version)
{
  GDateTime *saved_at = kh_project_version_get_saved_at (version);
  g_autoptr(GDateTime) local = NULL;

  if (saved_at == NULL)
    return g_strdup (_("Unknown time"));

  local = g_date_time_to_local (saved_at);
  /* Translators: when a version was saved, a g_date_time_format() format,
   * e.g. "2026-11-22 21:40"; use your language's usual order */
  return g_date_time_format (local, C_("version time", "%Y-%m-%d %H:%M"));
}

static void
on_restore_clicked_cb (GtkButton   *button,
                       GtkListItem *list_item)
{
  KhVersionsDialog *self = KH_VERSIONS_DIALOG (gtk_widget_get_ancestor (GTK_WIDGET (button),
                                                                        KH_TYPE_VERSIONS_DIALOG));
  KhProjectVersion *version = gtk_list_item_get_item (list_item);
  g_autoptr(GError) error = NULL;

  if (self == NULL || version == NULL)
    return;

  if (!kh_window_restore_version (self->window, version, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Cannot restore version %lld: %s"),
                                                  (long long) kh_project_version_get_number (version), error->message);

      kh_window_show_message (self->window, message);
      return;
    }

  /* The window announces the restore; show it. */
  gtk_window_close (GTK_WINDOW (self));
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *comment = gtk_label_new (NULL);
  GtkWidget *details = gtk_label_new (NULL);
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Restore"));

  gtk_widget_set_margin_start (row, 12);
  gtk_widget_set_margin_end (row, 12);
  gtk_widget_set_margin_top (row, 8);
  gtk_widget_set_margin_bottom (row, 8);

  gtk_widget_set_name (title, "version_title");
  gtk_widget_add_css_class (title, "heading");
  gtk_widget_set_name (comment, "version_comment");
  gtk_label_set_wrap (GTK_LABEL (comment), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (comment), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (comment), FALSE);
  gtk_widget_set_name (details, "version_details");
  gtk_widget_add_css_class (details, "caption");
  gtk_widget_add_css_class (details, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (title), 0.0f);
  gtk_label_set_xalign (GTK_LABEL (comment), 0.0f);
  gtk_label_set_xalign (GTK_LABEL (details), 0.0f);
  gtk_box_append (GTK_BOX (text), title);
  gtk_box_append (GTK_BOX (text), comment);
  gtk_box_append (GTK_BOX (text), details);
  gtk_widget_set_hexpand (text, TRUE);

  gtk_widget_set_name (button, "restore_button");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_signal_connect (button, "clicked", G_CALLBACK (on_restore_clicked_cb), list_item);

  gtk_box_append (GTK_BOX (row), text);
  gtk_box_append (GTK_BOX (row), button);
  gtk_list_item_set_child (list_item, row);
  gtk_list_item_set_activatable (list_item, FALSE);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  KhVersionsDialog *self = user_data;
  KhProjectVersion *version = gtk_list_item_get_item (list_item);
  GtkWidget *row = gtk_list_item_get_child (list_item);
  GtkWidget *text = gtk_widget_get_first_child (row);
  GtkWidget *title = gtk_widget_get_first_child (text);
  GtkWidget *comment = gtk_widget_get_next_sibling (title);
  GtkWidget *details = gtk_widget_get_next_sibling (comment);
  GtkWidget *button = gtk_widget_get_next_sibling (text);
  gint64 number = kh_project_version_get_number (version);
  const char *said = kh_project_version_get_comment (version);
  gboolean has_comment = said != NULL && said[0] != '\0';
  gboolean readable;
  guint n_rules = count_rules (self, version, &readable);
  g_autofree char *title_text = g_strdup_printf (_("Version %lld"), (long long) number);
  g_autofree char *when = format_saved_at (version);
  g_autofree char *rules = NULL;
  g_autofree char *details_text = NULL;
  g_autofree char *restore_text = NULL;

  if (readable)
    rules = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u rule", "%u rules", n_rules), n_rules);
  else
    rules = g_strdup (_("Its mapping cannot be read"));
  /* Translators: under a version's comment: its time, then how many rules */
  details_text = g_strdup_printf (_("%s · %s"), when, rules);

  gtk_label_set_text (GTK_LABEL (title), title_text);
  gtk_label_set_text (GTK_LABEL (comment), has_comment ? said : _("No comment"));
  if (has_comment)
    gtk_widget_remove_css_class (comment, "dim-label");
  else
    gtk_widget_add_css_class (comment, "dim-label");
  gtk_label_set_text (GTK_LABEL (details), details_text);

  restore_text = g_strdup_printf (_("Restore version %lld"), (long long) number);
  gtk_widget_set_tooltip_text (button, restore_text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, restore_text, -1);
  gtk_widget_set_sensitive (button, readable);
}

/* ---- Search --------------------------------------------------------------- */

static void
on_search_changed_cb (KhVersionsDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  g_free (self->needle);
  self->needle = g_utf8_casefold (stripped, -1);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_page (self);
}

static void
on_stop_search_cb (KhVersionsDialog *self)
{
  if (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))[0] != '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  else
    gtk_window_close (GTK_WINDOW (self));
}

/* ---- Object --------------------------------------------------------------- */

static void
kh_versions_dialog_dispose (GObject *object)
{
  KhVersionsDialog *self = (KhVersionsDialog *) object;

  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), KH_TYPE_VERSIONS_DIALOG);
  g_clear_object (&self->filtered);
  g_clear_object (&self->sorted);
  g_clear_object (&self->filter);
  g_clear_object (&self->project);
  g_clear_object (&self->document);
  g_clear_object (&self->window);
  g_clear_pointer (&self->n_rules, g_hash_table_unref);

  G_OBJECT_CLASS (kh_versions_dialog_parent_class)->dispose (object);
}

static void
kh_versions_dialog_finalize (GObject *object)
{
  KhVersionsDialog *self = (KhVersionsDialog *) object;

  g_free (self->needle);

  G_OBJECT_CLASS (kh_versions_dialog_parent_class)->finalize (object);
}

static void
kh_versions_dialog_class_init (KhVersionsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kh_versions_dialog_dispose;
  object_class->finalize = kh_versions_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/kh-versions-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KhVersionsDialog, list_view);
  gtk_widget_class_bind_template_child (widget_class, KhVersionsDialog, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KhVersionsDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, KhVersionsDialog, window_title);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kh_versions_dialog_init (KhVersionsDialog *self)
{
  GtkListItemFactory *factory;
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->n_rules = g_hash_table_new_full (g_direct_hash, g_direct_equal, g_object_unref, NULL);
  self->sorted = gtk_sort_list_model_new (NULL, GTK_SORTER (gtk_custom_sorter_new (newest_first, NULL, NULL)));
  self->filter = gtk_custom_filter_new (matches_search, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->sorted)),
                                              g_object_ref (GTK_FILTER (self->filter)));
  g_signal_connect_swapped (self->filtered, "items-changed", G_CALLBACK (update_page), self);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);

  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->filtered)));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
}

/**
 * kh_versions_dialog_new:
 *
 * Returns: (transfer none): a dialog over @window, not yet presented
 */
KhVersionsDialog *
kh_versions_dialog_new (KhWindow *window)
{
  KhVersionsDialog *self;

  g_return_val_if_fail (KH_IS_WINDOW (window), NULL);

  self = g_object_new (KH_TYPE_VERSIONS_DIALOG,
                       "transient-for", window,
                       "destroy-with-parent", TRUE,
                       NULL);
  self->window = g_object_ref (window);
  self->document = g_object_ref (kh_window_get_document (window));
  g_signal_connect_swapped (self->document, "changed", G_CALLBACK (follow_document), self);
  g_signal_connect_swapped (self->document, "notify::file", G_CALLBACK (follow_document), self);
  follow_document (self);

  return self;
}

/**
 * kh_versions_dialog_get_model:
 *
 * Returns: (transfer none): the versions the list shows, in its order
 *   (newest first, filtered by the search)
 */
GListModel *
kh_versions_dialog_get_model (KhVersionsDialog *self)
{
  g_return_val_if_fail (KH_IS_VERSIONS_DIALOG (self), NULL);

  return G_LIST_MODEL (self->filtered);
}

/**
 * kh_versions_dialog_get_page:
 *
 * Returns: what the dialog shows: "list", "unsaved" or "no-match"
 */
const char *
kh_versions_dialog_get_page (KhVersionsDialog *self)
{
  g_return_val_if_fail (KH_IS_VERSIONS_DIALOG (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}
