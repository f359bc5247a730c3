/* test-workbench.c: the workbench window, driven through its real widgets
 *
 * Every test asserts on the model (the document's mapping), never on
 * pixels. Links are made the ways a person makes them: the keyboard path
 * (select a source, select a target, activate the target row as Enter
 * does, or the Link action) and drag and drop (the list's own GtkDragSource
 * "prepare" handler makes the content, the target list's own GtkDropTarget
 * "drop" handler receives it at the target row's coordinates).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "kh-code-list-editor.h"
#include "kh-gui-test-util.h"
#include "kh-mapping-xml.h"
#include "kh-param-row.h"
#include "kh-record-rules-editor.h"
#include "kh-rule-status.h"
#include "kh-step-picker.h"
#include "kh-step-row.h"

static KhApplication *the_app;

typedef struct
{
  KhApplication *app;
  KhWindow      *window;
  KhDocument    *document;
  KhMapping     *mapping;
  KhFieldPanel  *source;
  KhFieldPanel  *target;
  char          *tmpdir;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->app = the_app;
  f->window = kh_test_open_demo (f->app);
  f->document = kh_window_get_document (f->window);
  f->mapping = kh_document_get_mapping (f->document);
  f->source = kh_test_panel (f->window, KH_SIDE_SOURCE);
  f->target = kh_test_panel (f->window, KH_SIDE_TARGET);
  f->tmpdir = g_dir_make_tmp ("kh-workbench-XXXXXX", NULL);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  kh_test_wait_idle ();
  remove_tree (f->tmpdir);
  g_free (f->tmpdir);
}

/* ---- Opening the demo ------------------------------------------------------ */

static void
test_demo_opens (Fixture       *f,
                 gconstpointer  data)
{
  KhSampleSet *samples = kh_document_get_samples (f->document);
  KhRule *name;
  guint n_links = 0;

  /* The demo is the SAP customer master mapped to a Salesforce Account. */
  g_assert_cmpstr (kh_entity_get_name (kh_mapping_get_source_entity (f->mapping)), ==, "KNA1");
  g_assert_cmpstr (kh_entity_get_name (kh_mapping_get_target_entity (f->mapping)), ==, "Account");
  g_assert_nonnull (kh_entity_lookup_field (kh_mapping_get_source_entity (f->mapping), "KUNNR"));
  g_assert_nonnull (kh_entity_lookup_field (kh_mapping_get_target_entity (f->mapping), "AnnualRevenue"));

  /* Partly drawn: some rules, some required and optional targets left. */
  g_assert_cmpuint (kh_mapping_get_n_rules (f->mapping), >=, 8);
  g_assert_null (kh_mapping_lookup_rule (f->mapping, "Industry"));
  name = kh_mapping_lookup_rule (f->mapping, "Name");
  g_assert_nonnull (name);
  g_assert_cmpuint (kh_rule_get_n_sources (name), ==, 2);

  /* The panels show every field, and the canvas one link per rule source. */
  g_assert_cmpuint (kh_field_panel_get_n_fields (f->source), ==,
                    kh_entity_get_n_fields (kh_mapping_get_source_entity (f->mapping)));
  g_assert_cmpuint (g_list_model_get_n_items (kh_field_panel_get_model (f->target)), ==,
                    kh_entity_get_n_fields (kh_mapping_get_target_entity (f->mapping)));
  for (guint i = 0; i < kh_mapping_get_n_rules (f->mapping); i++)
    n_links += MAX (1, kh_rule_get_n_sources (kh_mapping_get_rule (f->mapping, i)));
  g_assert_cmpuint (kh_mapping_canvas_get_n_links (kh_window_get_canvas (f->window)), ==, n_links);

  /* The messy samples came through the CSV reader. */
  g_assert_nonnull (samples);
  g_assert_cmpuint (kh_sample_set_get_n_rows (samples), >=, 30);
  g_assert_cmpstr (kh_document_peek_sample (f->document, "KUNNR"), ==, "0000100001");

  /* A fresh demo is not modified and has nothing to undo. */
  g_assert_false (kh_document_get_modified (f->document));
  g_assert_false (kh_document_can_undo (f->document));
}

/* ---- Linking ------------------------------------------------------------- */

static void
test_link_keyboard (Fixture       *f,
                    gconstpointer  data)
{
  GtkWidget *target_list = kh_field_panel_get_list_view (f->target);
  guint pos;
  KhRule *rule;

  g_assert_null (kh_mapping_lookup_rule (f->mapping, "BillingStreet"));

  /* Select a source, then a target, then Enter on the target row. */
  g_assert_true (kh_field_panel_select_path (f->source, "STRAS", TRUE));
  g_assert_true (kh_field_panel_select_path (f->target, "BillingStreet", TRUE));
  kh_test_wait_ms (50);
  pos = kh_test_model_position (f->target, "BillingStreet");
  g_assert_cmpuint (pos, !=, GTK_INVALID_LIST_POSITION);
  g_assert_true (gtk_widget_activate_action (target_list, "list.activate-item", "u", pos));

  rule = kh_mapping_lookup_rule (f->mapping, "BillingStreet");
  g_assert_nonnull (rule);
  g_assert_cmpuint (kh_rule_get_n_sources (rule), ==, 1);
  g_assert_cmpstr (kh_rule_get_sources (rule)[0], ==, "STRAS");
  g_assert_true (kh_document_get_modified (f->document));
  g_assert_cmpstr (kh_document_get_undo_label (f->document), ==, "Link STRAS → BillingStreet");

  /* The inspector shows the new rule, the canvas selects its link. */
  g_assert_true (kh_rule_inspector_get_rule (kh_window_get_inspector (f->window)) == rule);
  g_assert_cmpstr (kh_mapping_canvas_get_selected_target (kh_window_get_canvas (f->window)), ==, "BillingStreet");

  /* The Link action (Ctrl+L, the header button) does the same. */
  g_assert_true (kh_field_panel_select_path (f->source, "TELFX", FALSE));
  g_assert_true (kh_field_panel_select_path (f->target, "Fax", FALSE));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.link", NULL));
  rule = kh_mapping_lookup_rule (f->mapping, "Fax");
  g_assert_nonnull (rule);
  g_assert_true (kh_rule_has_source (rule, "TELFX"));

  /* Delete (win.unlink, bound on the canvas) removes the selected link. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (kh_window_get_canvas (f->window)), "win.unlink", NULL));
  g_assert_null (kh_mapping_lookup_rule (f->mapping, "Fax"));
  g_assert_nonnull (kh_mapping_lookup_rule (f->mapping, "BillingStreet"));
}

typedef struct
{
  KhFieldPanel *panel;
  const char   *path;
} RowAt;

/* The row is laid out where a pointer would find it. */
static gboolean
row_is_under_its_center (gpointer data)
{
  RowAt *at = data;
  double x, y;

  return kh_test_row_center (at->panel, at->path, &x, &y) &&
         g_strcmp0 (kh_field_panel_path_at (at->panel, x, y), at->path) == 0;
}

static void
drag_and_drop (Fixture    *f,
               const char *from,
               const char *onto)
{
  GtkWidget *source_list = kh_field_panel_get_list_view (f->source);
  GtkWidget *target_list = kh_field_panel_get_list_view (f->target);
  GtkEventController *drag = kh_test_find_controller (source_list, GTK_TYPE_DRAG_SOURCE);
  GtkEventController *drop = kh_test_find_controller (target_list, GTK_TYPE_DROP_TARGET);
  g_autoptr(GdkContentProvider) content = NULL;
  g_auto(GValue) value = G_VALUE_INIT;
  gboolean accepted = FALSE;
  double x, y;

  g_assert_nonnull (drag);
  g_assert_nonnull (drop);

  /* Make both rows visible and bound, as they are under a pointer. */
  g_assert_true (kh_field_panel_add_to_selection (f->source, from) ||
                 gtk_selection_model_is_selected (GTK_SELECTION_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (source_list))),
                                                  kh_test_model_position (f->source, from)));
  gtk_widget_activate_action (source_list, "list.scroll-to-item", "u", kh_test_model_position (f->source, from));
  gtk_widget_activate_action (target_list, "list.scroll-to-item", "u", kh_test_model_position (f->target, onto));
  g_assert_true (kh_test_wait_until (row_is_under_its_center, &(RowAt) { f->source, from }, 5000));
  g_assert_true (kh_test_wait_until (row_is_under_its_center, &(RowAt) { f->target, onto }, 5000));

  g_assert_true (kh_test_row_center (f->source, from, &x, &y));
  g_signal_emit_by_name (drag, "prepare", x, y, &content);
  g_assert_nonnull (content);
  g_value_init (&value, G_TYPE_STRING);
  g_assert_true (gdk_content_provider_get_value (content, &value, NULL));

  g_assert_true (kh_test_row_center (f->target, onto, &x, &y));
  g_signal_emit_by_name (drop, "drop", &value, x, y, &accepted);
  g_assert_true (accepted);
}

static void
test_link_drag (Fixture       *f,
                gconstpointer  data)
{
  KhRule *rule;
  KhStep *first;

  /* One field. */
  kh_field_panel_unselect_all (f->source);
  drag_and_drop (f, "TELFX", "Fax");
  rule = kh_mapping_lookup_rule (f->mapping, "Fax");
  g_assert_nonnull (rule);
  g_assert_cmpstr (kh_rule_get_sources (rule)[0], ==, "TELFX");
  g_assert_cmpuint (kh_rule_get_n_sources (rule), ==, 1);

  /* Several selected fields: one multi-source rule that concatenates. */
  kh_field_panel_unselect_all (f->source);
  g_assert_true (kh_field_panel_add_to_selection (f->source, "STRAS"));
  g_assert_true (kh_field_panel_add_to_selection (f->source, "PSTLZ"));
  g_assert_true (kh_field_panel_add_to_selection (f->source, "ORT01"));
  drag_and_drop (f, "STRAS", "Description");
  rule = kh_mapping_lookup_rule (f->mapping, "Description");
  g_assert_nonnull (rule);
  g_assert_cmpuint (kh_rule_get_n_sources (rule), ==, 3);
  g_assert_true (kh_rule_has_source (rule, "STRAS"));
  g_assert_true (kh_rule_has_source (rule, "PSTLZ"));
  g_assert_true (kh_rule_has_source (rule, "ORT01"));
  first = kh_rule_get_step (rule, 0);
  g_assert_cmpstr (kh_step_get_id (first), ==, "concat");
  g_assert_cmpuint (kh_rule_status_check (rule, f->mapping, NULL), ==, KH_RULE_STATUS_OK);

  /* A type that does not fit is linked, but marked. */
  kh_field_panel_unselect_all (f->source);
  g_assert_null (kh_mapping_lookup_rule (f->mapping, "Industry"));
  g_assert_true (kh_mapping_remove_rule (f->mapping, "Inactive__c"));
  drag_and_drop (f, "SPERR", "Inactive__c");
  rule = kh_mapping_lookup_rule (f->mapping, "Inactive__c");
  g_assert_nonnull (rule);
  g_assert_true (kh_rule_status_check (rule, f->mapping, NULL) & KH_RULE_STATUS_INCOMPATIBLE);
}

/* ---- The inspector --------------------------------------------------------- */

static KhParamRow *
param_row (Fixture    *f,
           guint       step,
           const char *name)
{
  GtkWidget *row = kh_rule_inspector_get_step_row (kh_window_get_inspector (f->window), step);

  g_assert_nonnull (row);
  return KH_PARAM_ROW (kh_step_row_get_param_row (KH_STEP_ROW (row), name));
}

static void
test_edit_param (Fixture       *f,
                 gconstpointer  data)
{
  KhParamRow *row;
  KhRule *rule;
  KhStep *step;
  guint history;

  /* A required integer parameter, typed into its entry. */
  g_assert_true (kh_window_select_rule (f->window, "BillingCity", 1, "length"));
  rule = kh_mapping_lookup_rule (f->mapping, "BillingCity");
  step = kh_rule_get_step (rule, 1);
  g_assert_cmpstr (kh_step_get_id (step), ==, "max-length");
  row = param_row (f, 1, "length");
  g_assert_true (GTK_IS_ENTRY (kh_param_row_get_editor (row)));
  kh_param_row_set_text (row, "35");
  g_assert_cmpstr (kh_step_get_param (kh_rule_get_step (kh_mapping_lookup_rule (f->mapping, "BillingCity"), 1), "length"), ==, "35");
  {
    g_autofree char *expected = g_strdup_printf ("Edit %s (BillingCity)",
                                                 kh_step_info_lookup_param (kh_step_get_info (step), "length")->label);
    g_assert_cmpstr (kh_document_get_undo_label (f->document), ==, expected);
  }

  /* Typing a date pattern: each keystroke edits the model, all of them
   * are one undo step, and a bad pattern is shown inline. */
  g_assert_true (kh_window_select_rule (f->window, "SAP_Created_Date__c", 0, NULL));
  row = param_row (f, 0, "pattern");
  history = kh_document_get_history_length (f->document);
  {
    GtkWidget *box = kh_param_row_get_editor (row);
    GtkWidget *entry = gtk_widget_get_first_child (gtk_widget_get_first_child (box));

    g_assert_true (GTK_IS_EDITABLE (entry));
    gtk_editable_set_text (GTK_EDITABLE (entry), "y");
    gtk_editable_set_text (GTK_EDITABLE (entry), "yyyyMM");
    gtk_editable_set_text (GTK_EDITABLE (entry), "yyyyMMdd!");
  }
  step = kh_rule_get_step (kh_mapping_lookup_rule (f->mapping, "SAP_Created_Date__c"), 0);
  g_assert_cmpstr (kh_step_get_param_values (step, "pattern")[0], ==, "yyyyMMdd!");
  g_assert_cmpuint (kh_document_get_history_length (f->document), ==, history + 1);

  /* An enum parameter, through its drop-down. */
  row = param_row (f, 0, "ambiguous");
  g_assert_true (GTK_IS_DROP_DOWN (kh_param_row_get_editor (row)));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (kh_param_row_get_editor (row)), 1);
  step = kh_rule_get_step (kh_mapping_lookup_rule (f->mapping, "SAP_Created_Date__c"), 0);
  g_assert_cmpstr (kh_step_get_param_or_default (step, "ambiguous"), ==, "first");

  /* An integer with a default, through its spin button; the default
   * itself is stored as "absent". */
  g_assert_true (kh_window_select_rule (f->window, "AccountNumber", 1, "keep"));
  row = param_row (f, 1, "keep");
  g_assert_true (GTK_IS_SPIN_BUTTON (kh_param_row_get_editor (row)));
  kh_param_row_set_text (row, "3");
  step = kh_rule_get_step (kh_mapping_lookup_rule (f->mapping, "AccountNumber"), 1);
  g_assert_cmpstr (kh_step_get_param (step, "keep"), ==, "3");
  kh_param_row_set_text (row, "1");
  g_assert_null (kh_step_get_param (step, "keep"));
  g_assert_true (kh_param_row_is_valid (row));

  /* An out-of-range value typed into an entry is shown inline. */
  g_assert_true (kh_window_select_rule (f->window, "BillingCity", 1, "length"));
  row = param_row (f, 1, "length");
  kh_param_row_set_text (row, "0");
  g_assert_false (kh_param_row_is_valid (row));
  g_assert_cmpstr (kh_step_get_param (kh_rule_get_step (kh_mapping_lookup_rule (f->mapping, "BillingCity"), 1), "length"), ==, "0");
}

static void
test_invalid_param_inline (Fixture       *f,
                           gconstpointer  data)
{
  KhRuleInspector *inspector = kh_window_get_inspector (f->window);
  KhParamRow *row;
  GtkWidget *entry;

  /* A regex that does not compile. */
  g_assert_true (kh_window_select_rule (f->window, "Phone", -1, NULL));
  g_assert_true (kh_rule_inspector_add_step (inspector, "match"));
  row = param_row (f, 1, "pattern");
  g_assert_false (kh_param_row_is_valid (row));  /* required and empty */
  entry = kh_param_row_get_editor (row);
  gtk_editable_set_text (GTK_EDITABLE (entry), "[0-9");
  g_assert_false (kh_param_row_is_valid (row));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "error"));
  gtk_editable_set_text (GTK_EDITABLE (entry), "[0-9 +()-]+");
  g_assert_true (kh_param_row_is_valid (row));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (row), "error"));
}

static void
test_steps_add_reorder (Fixture       *f,
                        gconstpointer  data)
{
  KhRuleInspector *inspector = kh_window_get_inspector (f->window);
  KhStepPicker *picker = KH_STEP_PICKER (kh_rule_inspector_get_step_picker (inspector));
  GtkWidget *row;
  GtkEventController *drop;
  g_auto(GValue) value = G_VALUE_INIT;
  gboolean accepted = FALSE;
  KhRule *rule;

  g_assert_true (kh_window_select_rule (f->window, "BillingPostalCode", -1, NULL));
  rule = kh_mapping_lookup_rule (f->mapping, "BillingPostalCode");
  g_assert_cmpuint (kh_rule_get_n_steps (rule), ==, 2);

  /* The picker searches the catalogue (names and descriptions). */
  kh_step_picker_set_search_text (picker, "upper");
  {
    GListModel *shown = kh_step_picker_get_model (picker);
    guint n_steps, expected = 0, position = G_MAXUINT;
    const KhStepInfo *steps = kh_catalogue_get_steps (&n_steps);

    for (guint i = 0; i < n_steps; i++)
      {
        g_autofree char *text = g_strjoin (" ", steps[i].id, kh_step_info_get_name (&steps[i]),
                                           kh_step_info_get_description (&steps[i]),
                                           kh_step_category_get_label (steps[i].category), NULL);
        g_autofree char *folded = g_utf8_casefold (text, -1);

        if (strstr (folded, "upper") != NULL)
          expected++;
      }
    g_assert_cmpuint (expected, <, n_steps);
    g_assert_cmpuint (g_list_model_get_n_items (shown), ==, expected);
    for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
      {
        g_autoptr(GtkStringObject) id = g_list_model_get_item (shown, i);
        if (g_str_equal (gtk_string_object_get_string (id), "upper-case"))
          position = i;
      }
    g_assert_cmpuint (position, !=, G_MAXUINT);
    kh_step_picker_choose (picker, position);
  }
  rule = kh_mapping_lookup_rule (f->mapping, "BillingPostalCode");
  g_assert_cmpuint (kh_rule_get_n_steps (rule), ==, 3);
  g_assert_cmpstr (kh_step_get_id (kh_rule_get_step (rule, 2)), ==, "upper-case");

  /* Alt+Up on the new step (the step.move-up action). */
  row = kh_rule_inspector_get_step_row (inspector, 2);
  g_assert_true (gtk_widget_activate_action (row, "step.move-up", NULL));
  rule = kh_mapping_lookup_rule (f->mapping, "BillingPostalCode");
  g_assert_cmpstr (kh_step_get_id (kh_rule_get_step (rule, 1)), ==, "upper-case");
  g_assert_cmpstr (kh_step_get_id (kh_rule_get_step (rule, 2)), ==, "trim");

  /* Drag the first step onto the last row. */
  row = kh_rule_inspector_get_step_row (inspector, 2);
  drop = kh_test_find_controller (row, GTK_TYPE_DROP_TARGET);
  g_assert_nonnull (drop);
  g_value_init (&value, G_TYPE_UINT);
  g_value_set_uint (&value, 0);
  g_signal_emit_by_name (drop, "drop", &value, 5.0, 5.0, &accepted);
  g_assert_true (accepted);
  rule = kh_mapping_lookup_rule (f->mapping, "BillingPostalCode");
  g_assert_cmpstr (kh_step_get_id (kh_rule_get_step (rule, 0)), ==, "upper-case");
  g_assert_cmpstr (kh_step_get_id (kh_rule_get_step (rule, 2)), ==, "nfkc");

  /* Remove (the trash button's action). */
  row = kh_rule_inspector_get_step_row (inspector, 0);
  g_assert_true (gtk_widget_activate_action (row, "step.remove", NULL));
  rule = kh_mapping_lookup_rule (f->mapping, "BillingPostalCode");
  g_assert_cmpuint (kh_rule_get_n_steps (rule), ==, 2);
  g_assert_cmpstr (kh_step_get_id (kh_rule_get_step (rule, 0)), ==, "trim");
}

/* ---- Undo and redo ---------------------------------------------------------- */

static void
test_undo_redo (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(KhMapping) before = kh_mapping_copy (f->mapping);
  g_autoptr(KhMapping) after = NULL;
  const char *sources[] = { "STRAS", NULL };
  GtkWidget *undo_button = kh_test_find_by_name (GTK_WIDGET (f->window), "undo_button");
  KhParamRow *row;

  /* Three edits of different kinds. */
  g_assert_true (kh_window_link_fields (f->window, sources, "BillingStreet"));
  g_assert_true (kh_window_select_rule (f->window, "BillingCity", 1, NULL));
  row = param_row (f, 1, "length");
  kh_param_row_set_text (row, "30");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (kh_window_get_inspector (f->window)),
                                             "inspector.remove-rule", NULL));
  g_assert_null (kh_mapping_lookup_rule (f->mapping, "BillingCity"));
  after = kh_mapping_copy (f->mapping);
  g_assert_false (kh_mapping_equal (before, after));

  /* The undo button says what it would undo. */
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (undo_button), "Remove the rule for BillingCity"));

  /* Ctrl+Z three times gives the original mapping back… */
  for (int i = 0; i < 3; i++)
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  g_assert_true (kh_mapping_equal (f->mapping, before));
  g_assert_false (kh_document_can_undo (f->document));

  /* …and Shift+Ctrl+Z three times the edited one. */
  for (int i = 0; i < 3; i++)
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.redo", NULL));
  g_assert_true (kh_mapping_equal (f->mapping, after));
  g_assert_false (kh_document_can_redo (f->document));

  /* The views follow: the canvas draws the restored links. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  g_assert_nonnull (kh_mapping_lookup_rule (f->mapping, "BillingCity"));
  g_assert_true (kh_mapping_canvas_get_link_geometry (kh_window_get_canvas (f->window), "ORT01", "BillingCity", NULL, NULL));
}

/* ---- Code lists and record rules ------------------------------------------- */

static void
test_code_list_paste (Fixture       *f,
                      gconstpointer  data)
{
  KhCodeListEditor *editor = KH_CODE_LIST_EDITOR (kh_test_find_by_type (GTK_WIDGET (f->window),
                                                                         KH_TYPE_CODE_LIST_EDITOR));
  g_autoptr(GError) error = NULL;
  KhCodeList *list;
  guint before;

  g_assert_true (kh_window_select_code_list (f->window, "countries"));
  list = kh_mapping_lookup_code_list (f->mapping, "countries");
  before = kh_code_list_get_n_entries (list);

  /* Cells copied from a spreadsheet are tab-separated. */
  g_assert_true (kh_code_list_editor_paste_text (editor, "IT\tItaly\r\nES\tSpain\n\n", &error));
  g_assert_no_error (error);
  list = kh_mapping_lookup_code_list (f->mapping, "countries");
  g_assert_cmpuint (kh_code_list_get_n_entries (list), ==, before + 2);
  g_assert_cmpstr (kh_code_list_lookup (list, "ES"), ==, "Spain");

  /* CSV with quotes too. */
  g_assert_true (kh_code_list_editor_paste_text (editor, "NL,\"Netherlands, The\"\n", &error));
  list = kh_mapping_lookup_code_list (f->mapping, "countries");
  g_assert_cmpstr (kh_code_list_lookup (list, "NL"), ==, "Netherlands, The");

  /* A table of three columns is refused with the line number. */
  g_assert_false (kh_code_list_editor_paste_text (editor, "A\tB\nC\tD\tE\n", &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "Line 2"));
  g_clear_error (&error);

  /* Undo takes a whole paste back. */
  g_assert_true (kh_document_undo (f->document));
  list = kh_mapping_lookup_code_list (f->mapping, "countries");
  g_assert_null (kh_code_list_lookup (list, "NL"));
  g_assert_cmpstr (kh_code_list_lookup (list, "IT"), ==, "Italy");

  /* A new list, then the editor follows undo by name. */
  g_assert_true (kh_code_list_editor_new_list (editor, "industries"));
  g_assert_nonnull (kh_mapping_lookup_code_list (f->mapping, "industries"));
  g_assert_cmpstr (kh_code_list_editor_get_selected (editor), ==, "industries");
  g_assert_true (kh_document_undo (f->document));
  g_assert_null (kh_mapping_lookup_code_list (f->mapping, "industries"));
}

static void
test_record_rules (Fixture       *f,
                   gconstpointer  data)
{
  KhRecordRulesEditor *editor = KH_RECORD_RULES_EDITOR (kh_test_find_by_type (GTK_WIDGET (f->window),
                                                                               KH_TYPE_RECORD_RULES_EDITOR));
  const char * const *keys;
  guint n_filters = kh_mapping_get_n_filters (f->mapping);

  kh_window_show_record_rules (f->window);
  g_assert_true (kh_record_rules_editor_add_key (editor, "BillingCountry"));
  keys = kh_mapping_get_dedupe_keys (f->mapping);
  g_assert_true (g_strv_contains (keys, "AccountNumber"));
  g_assert_true (g_strv_contains (keys, "BillingCountry"));
  g_assert_false (kh_record_rules_editor_add_key (editor, "BillingCountry"));

  g_assert_true (kh_record_rules_editor_add_filter (editor, "BillingCountry", KH_FILTER_OP_NOT_EMPTY, NULL));
  g_assert_cmpuint (kh_mapping_get_n_filters (f->mapping), ==, n_filters + 1);

  g_assert_true (kh_document_undo (f->document));
  g_assert_true (kh_document_undo (f->document));
  keys = kh_mapping_get_dedupe_keys (f->mapping);
  g_assert_false (g_strv_contains (keys, "BillingCountry"));
  g_assert_cmpuint (kh_mapping_get_n_filters (f->mapping), ==, n_filters);
}

/* ---- The canvas --------------------------------------------------------------- */

static void
test_canvas_follows_scroll (Fixture       *f,
                            gconstpointer  data)
{
  KhMappingCanvas *canvas = kh_window_get_canvas (f->window);
  GtkAdjustment *adjustment = kh_field_panel_get_vadjustment (f->source);
  graphene_point_t start1, start2, end1;
  guint draws;
  double row_x, row_y;
  graphene_point_t row_in_canvas;
  GtkWidget *row;

  gtk_window_set_default_size (GTK_WINDOW (f->window), 1400, 700);
  kh_test_wait_ms (200);

  /* Attached: a link starts at the middle of its bound row. */
  g_assert_true (kh_mapping_canvas_get_link_geometry (canvas, "KUNNR", "AccountNumber", &start1, &end1));
  row = kh_field_panel_get_row_widget (f->source, "KUNNR");
  g_assert_nonnull (row);
  g_assert_true (kh_test_row_center (f->source, "KUNNR", &row_x, &row_y));
  g_assert_true (gtk_widget_compute_point (kh_field_panel_get_list_view (f->source), GTK_WIDGET (canvas),
                                           &GRAPHENE_POINT_INIT (row_x, row_y), &row_in_canvas));
  g_assert_cmpfloat_with_epsilon (start1.y, row_in_canvas.y, 1.0);

  /* Scrolling the list moves the end (to the top edge) and redraws. */
  draws = kh_mapping_canvas_get_draw_count (canvas);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  kh_test_wait_ms (200);
  g_assert_cmpuint (kh_mapping_canvas_get_draw_count (canvas), >, draws);
  g_assert_true (kh_mapping_canvas_get_link_geometry (canvas, "KUNNR", "AccountNumber", &start2, NULL));
  g_assert_cmpfloat (start2.y, <, start1.y);

  /* Clicking on a curve selects it. */
  {
    const char *source = NULL, *target = NULL;
    double x = (start1.x + end1.x) / 2;

    gtk_adjustment_set_value (adjustment, 0);
    kh_test_wait_ms (200);
    g_assert_true (kh_mapping_canvas_get_link_geometry (canvas, "KUNNR", "AccountNumber", &start1, &end1));
    g_assert_true (kh_mapping_canvas_pick_link (canvas, x, (start1.y + end1.y) / 2, &source, &target));
    g_assert_cmpstr (target, ==, "AccountNumber");
    g_assert_cmpstr (source, ==, "KUNNR");
  }
}

/* ---- Export and reload ---------------------------------------------------------- */

static void
test_export_reload (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path1 = g_build_filename (f->tmpdir, "exported.xml", NULL);
  g_autofree char *path2 = g_build_filename (f->tmpdir, "exported-again.xml", NULL);
  g_autoptr(GFile) file1 = g_file_new_for_path (path1);
  g_autoptr(GFile) file2 = g_file_new_for_path (path2);
  g_autoptr(GError) error = NULL;
  g_autoptr(KhMapping) loaded = NULL;
  g_autofree char *text1 = NULL;
  g_autofree char *text2 = NULL;
  const char *sources[] = { "STRAS", NULL };
  KhWindow *second;

  /* Edit, export through the canonical writer, and load it back. */
  g_assert_true (kh_window_link_fields (f->window, sources, "BillingStreet"));
  g_assert_true (kh_window_export_mapping_xml (f->window, file1, &error));
  g_assert_no_error (error);
  loaded = kh_mapping_load_file (file1, NULL, KH_MAPPING_LOAD_DEFAULT, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (kh_mapping_equal (loaded, f->mapping));

  /* Open the export as a new project and export again: byte-identical. */
  second = kh_test_new_window (f->app, 1200, 800);
  g_assert_true (kh_window_load_mapping_xml (second, file1, &error));
  g_assert_no_error (error);
  g_assert_true (kh_mapping_equal (kh_document_get_mapping (kh_window_get_document (second)), f->mapping));
  g_assert_true (kh_window_export_mapping_xml (second, file2, &error));
  g_assert_true (g_file_get_contents (path1, &text1, NULL, NULL));
  g_assert_true (g_file_get_contents (path2, &text2, NULL, NULL));
  g_assert_cmpstr (text1, ==, text2);
  gtk_window_destroy (GTK_WINDOW (second));
}

/* ---- Import by drag and drop -------------------------------------------------- */

static void
drop_file (KhFieldPanel *panel,
           const char   *path)
{
  GtkEventController *drop = kh_test_find_controller (GTK_WIDGET (panel), GTK_TYPE_DROP_TARGET);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GFile *files[] = { file };
  GdkFileList *list = gdk_file_list_new_from_array (files, 1);
  g_auto(GValue) value = G_VALUE_INIT;
  gboolean accepted = FALSE;

  g_assert_nonnull (drop);
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, list);
  g_signal_emit_by_name (drop, "drop", &value, 10.0, 10.0, &accepted);
  g_assert_true (accepted);
}

static gboolean
history_grew (gpointer data)
{
  gpointer *args = data;

  return kh_document_get_history_length (args[0]) > GPOINTER_TO_UINT (args[1]);
}

/* Drops a file and waits for the worker thread's import to be applied. */
static void
drop_file_and_wait (Fixture      *f,
                    KhFieldPanel *panel,
                    const char   *path)
{
  gpointer args[] = { f->document, GUINT_TO_POINTER (kh_document_get_history_length (f->document)) };

  drop_file (panel, path);
  g_assert_true (kh_test_wait_until (history_grew, args, 20000));
}

static void
test_import_drop (Fixture       *f,
                  gconstpointer  data)
{
  const char *shared = g_getenv ("KAKEHASHI_SHARED");
  g_autofree char *describe = NULL;
  g_autofree char *csv = NULL;
  KhEntity *target;
  guint demo_fields = kh_entity_get_n_fields (kh_mapping_get_target_entity (f->mapping));
  guint demo_rows = kh_sample_set_get_n_rows (kh_document_get_samples (f->document));

  if (shared == NULL)
    {
      g_test_skip ("KAKEHASHI_SHARED is not set");
      return;
    }
  describe = g_build_filename (shared, "realdata", "salesforce", "Account.describe.json", NULL);
  csv = g_build_filename (shared, "realdata", "northwind-csv", "customers.csv", NULL);
  if (!g_file_test (describe, G_FILE_TEST_EXISTS) || !g_file_test (csv, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("the shared real metadata is missing");
      return;
    }

  /* Salesforce's own describe of Account, dropped on the target panel. */
  drop_file_and_wait (f, f->target, describe);
  target = kh_mapping_get_target_entity (f->mapping);
  g_assert_cmpstr (kh_entity_get_name (target), ==, "Account");
  g_assert_cmpuint (kh_entity_get_n_fields (target), >, demo_fields);
  g_assert_nonnull (kh_entity_lookup_field (target, "BillingCity"));
  g_assert_cmpuint (kh_field_panel_get_n_fields (f->target), ==, kh_entity_get_n_fields (target));
  /* The rules stay: they name fields, and Salesforce has most of them. */
  g_assert_nonnull (kh_mapping_lookup_rule (f->mapping, "Name"));

  /* Sample records dropped on the source panel. */
  drop_file_and_wait (f, f->source, csv);
  g_assert_cmpuint (kh_sample_set_get_n_rows (kh_document_get_samples (f->document)), ==, 91);
  g_assert_cmpstr (kh_document_peek_sample (f->document, "companyName"), ==, "Alfreds Futterkiste");

  /* Both are undoable. */
  g_assert_true (kh_document_undo (f->document));
  g_assert_cmpuint (kh_sample_set_get_n_rows (kh_document_get_samples (f->document)), ==, demo_rows);
  g_assert_true (kh_document_undo (f->document));
  g_assert_cmpuint (kh_entity_get_n_fields (kh_mapping_get_target_entity (f->mapping)), ==, demo_fields);
  g_assert_cmpuint (kh_field_panel_get_n_fields (f->target), ==, demo_fields);
}

int
main (int   argc,
      char *argv[])
{
  kh_test_init_environment ();
  kh_test_init_gtk (&argc, &argv);
  the_app = kh_test_new_application ();

#define ADD(path, func) \
  g_test_add ("/gui/workbench/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("demo-opens", test_demo_opens);
  ADD ("link-keyboard", test_link_keyboard);
  ADD ("link-drag", test_link_drag);
  ADD ("edit-param", test_edit_param);
  ADD ("invalid-param-inline", test_invalid_param_inline);
  ADD ("steps-add-reorder", test_steps_add_reorder);
  ADD ("undo-redo", test_undo_redo);
  ADD ("code-list-paste", test_code_list_paste);
  ADD ("record-rules", test_record_rules);
  ADD ("canvas-follows-scroll", test_canvas_follows_scroll);
  ADD ("export-reload", test_export_reload);
  ADD ("import-drop", test_import_drop);

  return g_test_run ();
}
