/* test-versions.c: saved versions, through the workbench
 *
 * Save Version asks for a comment and records it; the Versions dialog
 * lists the versions newest first with their comments and rule counts,
 * filters them by comment, and restores one as a single undoable edit
 * that never deletes a version. Everything goes through the real widgets
 * (the shortcuts, the comment dialog, the list rows and their buttons) and
 * the real project file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "kh-gui-test-util.h"
#include "kh-project.h"
#include "kh-versions-dialog.h"

#define OLDER_COMMENT "Before the street is linked"
#define NEWER_COMMENT "Link the billing street"

static KhApplication *the_app;

static char *
tmp_path (const char *name)
{
  static char *dir;

  if (dir == NULL)
    dir = g_dir_make_tmp ("kh-versions-XXXXXX", NULL);
  return g_build_filename (dir, name, NULL);
}

/* ---- Helpers -------------------------------------------------------------- */

/* Runs what a key press runs: the window's own shortcut for @keyval and
 * @modifiers (its class key bindings), found by its trigger. */
static gboolean
press_shortcut (GtkWidget       *widget,
                guint            keyval,
                GdkModifierType  modifiers)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
              gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == modifiers)
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                                 GTK_SHORTCUT_ACTION_EXCLUSIVE, widget,
                                                 gtk_shortcut_get_arguments (shortcut));
        }
    }

  return FALSE;
}

/* The visible toplevel of @type that belongs to @parent, if any. */
static GtkWindow *
find_dialog (GtkWindow *parent,
             GType      type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (g_type_is_a (G_OBJECT_TYPE (window), type) &&
          gtk_window_get_transient_for (window) == parent &&
          gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }

  return NULL;
}

typedef struct
{
  GtkWindow *parent;
  GType      type;
} DialogQuery;

static gboolean
dialog_shown (gpointer data)
{
  DialogQuery *query = data;

  return find_dialog (query->parent, query->type) != NULL;
}

static gboolean
dialog_gone (gpointer data)
{
  return !dialog_shown (data);
}

static GtkWidget *
button_labelled (GtkWidget  *root,
                 const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = button_labelled (child, label);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static guint
count_labels (GtkWidget  *root,
              const char *text)
{
  guint n = GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_labels (child, text);

  return n;
}

static gboolean
not_modified (gpointer data)
{
  return !kh_document_get_modified (data);
}

static void
collect_named (GtkWidget  *root,
               const char *name,
               GPtrArray  *out)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0 && gtk_widget_get_mapped (root))
    g_ptr_array_add (out, root);

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_named (child, name, out);
}

static GtkWidget *sort_root;

static int
by_y (gconstpointer a,
      gconstpointer b)
{
  graphene_point_t pa, pb;

  g_assert_true (gtk_widget_compute_point (*(GtkWidget **) a, sort_root, &GRAPHENE_POINT_INIT (0, 0), &pa));
  g_assert_true (gtk_widget_compute_point (*(GtkWidget **) b, sort_root, &GRAPHENE_POINT_INIT (0, 0), &pb));
  return (pa.y > pb.y) - (pa.y < pb.y);
}

/* The mapped widgets named @name in the dialog, top to bottom: what the
 * analyst sees, in the order they see it. */
static GPtrArray *
rows_named (GtkWidget  *dialog,
            const char *name)
{
  GPtrArray *widgets = g_ptr_array_new ();

  collect_named (dialog, name, widgets);
  sort_root = dialog;
  g_ptr_array_sort (widgets, by_y);
  return widgets;
}

typedef struct
{
  GtkWidget *dialog;
  guint      n;
} RowsQuery;

static gboolean
rows_shown (gpointer data)
{
  RowsQuery *query = data;
  g_autoptr(GPtrArray) rows = rows_named (query->dialog, "version_comment");

  return rows->len == query->n;
}

static KhProjectVersion *
version_numbered (KhProject *project,
                  gint64     number)
{
  GListModel *versions = kh_project_get_versions (project);

  for (guint i = 0; i < g_list_model_get_n_items (versions); i++)
    {
      g_autoptr(KhProjectVersion) version = g_list_model_get_item (versions, i);

      if (kh_project_version_get_number (version) == number)
        return version;   /* the list keeps it alive */
    }

  return NULL;
}

static char *
rules_text (KhMapping *mapping)
{
  guint n = kh_mapping_get_n_rules (mapping);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u rule", "%u rules", n), n);
}

/* ---- An unsaved project -------------------------------------------------- */

static void
test_unsaved (void)
{
  KhWindow *window = kh_test_open_demo (the_app);
  DialogQuery query = { GTK_WINDOW (window), KH_TYPE_VERSIONS_DIALOG };
  GtkWindow *dialog;
  GtkWidget *page;

  g_assert_null (kh_document_get_file (kh_window_get_document (window)));

  /* Save Version on a project without a file says a file comes first. */
  {
    DialogQuery ask_query = { GTK_WINDOW (window), ADW_TYPE_MESSAGE_DIALOG };
    GtkWindow *ask;

    g_assert_true (press_shortcut (GTK_WIDGET (window), GDK_KEY_s, GDK_CONTROL_MASK | GDK_ALT_MASK));
    g_assert_true (kh_test_wait_until (dialog_shown, &ask_query, 5000));
    ask = find_dialog (GTK_WINDOW (window), ADW_TYPE_MESSAGE_DIALOG);
    g_assert_nonnull (button_labelled (GTK_WIDGET (ask), "_Choose a File…"));
    g_assert_null (button_labelled (GTK_WIDGET (ask), "_Save Version"));
    g_assert_true (gtk_widget_activate (button_labelled (GTK_WIDGET (ask), "_Cancel")));
    g_assert_true (kh_test_wait_until (dialog_gone, &ask_query, 5000));
    g_assert_null (kh_document_get_file (kh_window_get_document (window)));
  }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-versions", NULL));
  g_assert_true (kh_test_wait_until (dialog_shown, &query, 5000));
  dialog = find_dialog (GTK_WINDOW (window), KH_TYPE_VERSIONS_DIALOG);

  g_assert_cmpstr (kh_versions_dialog_get_page (KH_VERSIONS_DIALOG (dialog)), ==, "unsaved");
  page = kh_test_find_by_type (GTK_WIDGET (dialog), ADW_TYPE_STATUS_PAGE);
  g_assert_nonnull (page);
  g_assert_true (gtk_widget_get_mapped (page));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (page)), ==, _("Save the project to keep versions"));

  /* A first save while the dialog is open fills it. */
  {
    g_autofree char *path = tmp_path ("unsaved.kakehashi");
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(GError) error = NULL;

    g_assert_true (kh_window_save_version (window, file, "First", &error));
    g_assert_no_error (error);
    g_assert_cmpstr (kh_versions_dialog_get_page (KH_VERSIONS_DIALOG (dialog)), ==, "list");
    g_assert_cmpuint (g_list_model_get_n_items (kh_versions_dialog_get_model (KH_VERSIONS_DIALOG (dialog))), ==, 1);
  }

  gtk_window_close (dialog);
  g_assert_true (kh_test_wait_until (dialog_gone, &query, 5000));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* ---- Save two versions, list, search, restore, undo ------------------------- */

static void
test_save_list_restore (void)
{
  KhWindow *window = kh_test_open_demo (the_app);
  KhDocument *document = kh_window_get_document (window);
  g_autofree char *path = tmp_path ("versions.kakehashi");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  const char *sources[] = { "STRAS", NULL };
  DialogQuery comment_query = { GTK_WINDOW (window), ADW_TYPE_MESSAGE_DIALOG };
  DialogQuery versions_query = { GTK_WINDOW (window), KH_TYPE_VERSIONS_DIALOG };
  KhProject *project;
  KhProjectVersion *older;
  KhProjectVersion *newer;
  g_autoptr(KhMapping) older_mapping = NULL;
  g_autoptr(KhMapping) newer_mapping = NULL;
  GtkWindow *dialog;
  GListModel *model;
  GtkWidget *search;
  RowsQuery rows_query;

  /* Version 1: the demo as it comes, saved with a comment. */
  g_assert_true (kh_window_save_version (window, file, OLDER_COMMENT, &error));
  g_assert_no_error (error);
  g_assert_false (kh_document_get_modified (document));

  /* A rule edited in between. */
  g_assert_true (kh_window_link_fields (window, sources, "BillingStreet"));
  g_assert_true (kh_document_get_modified (document));

  /* Version 2: Ctrl+Alt+S, type the comment, press Save Version. */
  g_assert_true (press_shortcut (GTK_WIDGET (window), GDK_KEY_s, GDK_CONTROL_MASK | GDK_ALT_MASK));
  g_assert_true (kh_test_wait_until (dialog_shown, &comment_query, 5000));
  {
    GtkWindow *ask = find_dialog (GTK_WINDOW (window), ADW_TYPE_MESSAGE_DIALOG);
    GtkWidget *entry = kh_test_find_by_type (GTK_WIDGET (ask), GTK_TYPE_ENTRY);

    g_assert_nonnull (entry);
    gtk_editable_set_text (GTK_EDITABLE (entry), "  " NEWER_COMMENT "  ");
    g_assert_true (gtk_widget_activate (button_labelled (GTK_WIDGET (ask), "_Save Version")));
  }
  g_assert_true (kh_test_wait_until (not_modified, document, 10000));
  g_assert_true (kh_test_wait_until (dialog_gone, &comment_query, 5000));
  /* The save ran in a worker; its end names the version it recorded. */
  kh_test_wait_idle ();
  g_assert_cmpuint (count_labels (GTK_WIDGET (window), "Saved version 2 of versions.kakehashi"), >=, 1);

  /* The file holds both, with their comments. */
  {
    g_autoptr(KhProject) on_disk = kh_project_open (file, NULL, &error);
    GListModel *versions;
    g_autoptr(KhProjectVersion) first = NULL;
    g_autoptr(KhProjectVersion) second = NULL;

    g_assert_no_error (error);
    versions = kh_project_get_versions (on_disk);
    g_assert_cmpuint (g_list_model_get_n_items (versions), ==, 2);
    first = g_list_model_get_item (versions, 0);
    second = g_list_model_get_item (versions, 1);
    g_assert_cmpstr (kh_project_version_get_comment (first), ==, OLDER_COMMENT);
    g_assert_cmpstr (kh_project_version_get_comment (second), ==, NEWER_COMMENT);
  }

  project = kh_document_get_project (document);
  older = version_numbered (project, 1);
  newer = version_numbered (project, 2);
  g_assert_nonnull (older);
  g_assert_nonnull (newer);
  older_mapping = kh_project_version_load_mapping (older, &error);
  g_assert_no_error (error);
  newer_mapping = kh_project_version_load_mapping (newer, &error);
  g_assert_no_error (error);
  /* The edit is what separates them. */
  g_assert_false (kh_mapping_equal (older_mapping, newer_mapping));
  g_assert_true (kh_mapping_equal (kh_document_get_mapping (document), newer_mapping));

  /* The dialog: two rows, newest first, with their comments and rules. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-versions", NULL));
  g_assert_true (kh_test_wait_until (dialog_shown, &versions_query, 5000));
  dialog = find_dialog (GTK_WINDOW (window), KH_TYPE_VERSIONS_DIALOG);
  g_assert_cmpstr (kh_versions_dialog_get_page (KH_VERSIONS_DIALOG (dialog)), ==, "list");
  rows_query.dialog = GTK_WIDGET (dialog);
  rows_query.n = 2;
  g_assert_true (kh_test_wait_until (rows_shown, &rows_query, 5000));
  {
    g_autoptr(GPtrArray) titles = rows_named (GTK_WIDGET (dialog), "version_title");
    g_autoptr(GPtrArray) comments = rows_named (GTK_WIDGET (dialog), "version_comment");
    g_autoptr(GPtrArray) details = rows_named (GTK_WIDGET (dialog), "version_details");
    g_autofree char *older_rules = rules_text (older_mapping);
    g_autofree char *newer_rules = rules_text (newer_mapping);

    g_assert_cmpuint (titles->len, ==, 2);
    g_assert_cmpstr (gtk_label_get_text (titles->pdata[0]), ==, "Version 2");
    g_assert_cmpstr (gtk_label_get_text (titles->pdata[1]), ==, "Version 1");
    g_assert_cmpstr (gtk_label_get_text (comments->pdata[0]), ==, NEWER_COMMENT);
    g_assert_cmpstr (gtk_label_get_text (comments->pdata[1]), ==, OLDER_COMMENT);
    g_test_message ("%s | %s", gtk_label_get_text (details->pdata[0]), gtk_label_get_text (details->pdata[1]));
    g_assert_true (g_str_has_suffix (gtk_label_get_text (details->pdata[0]), newer_rules));
    g_assert_true (g_str_has_suffix (gtk_label_get_text (details->pdata[1]), older_rules));
    g_assert_cmpstr (newer_rules, !=, older_rules);
  }

  /* The search filters by comment. */
  model = kh_versions_dialog_get_model (KH_VERSIONS_DIALOG (dialog));
  search = kh_test_find_by_type (GTK_WIDGET (dialog), GTK_TYPE_SEARCH_ENTRY);
  gtk_editable_set_text (GTK_EDITABLE (search), "BEFORE the");
  kh_test_wait_ms (300);   /* the search entry's own delay */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  {
    g_autoptr(KhProjectVersion) only = g_list_model_get_item (model, 0);
    g_assert_cmpint (kh_project_version_get_number (only), ==, 1);
  }
  gtk_editable_set_text (GTK_EDITABLE (search), "no such comment");
  kh_test_wait_ms (300);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_cmpstr (kh_versions_dialog_get_page (KH_VERSIONS_DIALOG (dialog)), ==, "no-match");
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  kh_test_wait_ms (300);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  g_assert_cmpstr (kh_versions_dialog_get_page (KH_VERSIONS_DIALOG (dialog)), ==, "list");
  g_assert_true (kh_test_wait_until (rows_shown, &rows_query, 5000));

  /* Restore the older one with its row's button. */
  {
    g_autoptr(GPtrArray) buttons = rows_named (GTK_WIDGET (dialog), "restore_button");

    g_assert_cmpuint (buttons->len, ==, 2);
    g_assert_cmpstr (gtk_widget_get_tooltip_text (buttons->pdata[1]), ==, "Restore version 1");
    g_assert_true (gtk_widget_activate (buttons->pdata[1]));
    /* A button activated from the keyboard clicks a moment later; then
     * the dialog closes to show the result. */
    g_assert_true (kh_test_wait_until (dialog_gone, &versions_query, 5000));

    g_assert_true (kh_mapping_equal (kh_document_get_mapping (document), older_mapping));
    g_assert_false (kh_mapping_equal (kh_document_get_mapping (document), newer_mapping));
    /* The rule edited in between is as it was in the older version. */
    {
      KhRule *now = kh_mapping_lookup_rule (kh_document_get_mapping (document), "BillingStreet");
      KhRule *then = kh_mapping_lookup_rule (older_mapping, "BillingStreet");

      g_assert_true ((now == NULL) == (then == NULL));
      if (now != NULL)
        g_assert_true (kh_rule_equal (now, then));
    }
    g_assert_true (kh_document_get_modified (document));
    g_assert_cmpstr (kh_document_get_undo_label (document), ==, "Restore version 1");
    /* Announced in the status bar (the toast may wait in the overlay's
     * queue behind the one of the save). */
    g_assert_cmpuint (count_labels (GTK_WIDGET (window), "Restored version 1"), >=, 1);
  }

  /* Restoring deleted no version. */
  g_assert_cmpuint (g_list_model_get_n_items (kh_project_get_versions (project)), ==, 2);

  /* Ctrl+Z undoes the restore, in one step. */
  g_assert_true (press_shortcut (GTK_WIDGET (window), GDK_KEY_z, GDK_CONTROL_MASK));
  g_assert_true (kh_mapping_equal (kh_document_get_mapping (document), newer_mapping));
  g_assert_cmpuint (g_list_model_get_n_items (kh_project_get_versions (project)), ==, 2);

  /* Redo, save: the restored mapping becomes version 3, after the others. */
  g_assert_true (press_shortcut (GTK_WIDGET (window), GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK));
  g_assert_true (kh_mapping_equal (kh_document_get_mapping (document), older_mapping));
  g_assert_true (kh_window_save_project (window, file, &error));
  g_assert_no_error (error);
  {
    g_autoptr(KhProject) on_disk = kh_project_open (file, NULL, &error);
    GListModel *versions;
    g_autoptr(KhProjectVersion) third = NULL;
    g_autoptr(KhMapping) third_mapping = NULL;

    g_assert_no_error (error);
    versions = kh_project_get_versions (on_disk);
    g_assert_cmpuint (g_list_model_get_n_items (versions), ==, 3);
    third = g_list_model_get_item (versions, 2);
    g_assert_cmpint (kh_project_version_get_number (third), ==, 3);
    third_mapping = kh_project_version_load_mapping (third, &error);
    g_assert_no_error (error);
    g_assert_true (kh_mapping_equal (third_mapping, older_mapping));
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  kh_test_init_environment ();
  /* The assertions compare with the untranslated texts. */
  g_setenv ("LANGUAGE", "C", TRUE);
  kh_test_init_gtk (&argc, &argv);
  the_app = kh_test_new_application ();

  g_test_add_func ("/gui/versions/unsaved", test_unsaved);
  g_test_add_func ("/gui/versions/save-list-restore", test_save_list_restore);

  return g_test_run ();
}
