/* test-preview.c: the preview grid, the trace of a cell, the problems
 * list, the coverage meter and the export warning, on the demo project
 *
 * Every test drives the real widgets of the workbench and asserts on
 * models: what the grid binds and shows is compared with the engine
 * (kh_preview_compute() run here, on the same mapping and samples), and
 * the counts with counts taken here from the rows, the target entity
 * and the rules, never with numbers the GUI computed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "kh-catalogue.h"
#include "kh-golden.h"
#include "kh-grid-cell.h"
#include "kh-gui-test-util.h"
#include "kh-mapping-xml.h"
#include "kh-param-row.h"
#include "kh-step-row.h"
#include "kh-window-private.h"

static KhApplication *the_app;

typedef struct
{
  KhWindow       *window;
  KhDocument     *document;
  KhMapping      *mapping;
  KhPreview      *preview;
  KhPreviewView  *view;
  KhChecker      *checker;
  char           *tmpdir;
} Fixture;

static gboolean
settled (gpointer data)
{
  Fixture *f = data;

  return !kh_preview_get_computing (f->preview) && kh_preview_get_result (f->preview) != NULL;
}

/* Waits for the preview to be recomputed after an edit, and for the
 * problems list (updated from an idle) to follow. */
static void
wait_settled (Fixture *f)
{
  kh_test_wait_ms (20);
  g_assert_true (kh_test_wait_until (settled, f, 20000));
  kh_test_wait_idle ();
  kh_test_wait_ms (50);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->window = kh_test_open_demo (the_app);
  f->document = kh_window_get_document (f->window);
  f->mapping = kh_document_get_mapping (f->document);
  f->preview = kh_window_get_preview (f->window);
  f->view = kh_window_get_preview_view (f->window);
  f->checker = kh_window_get_checker (f->window);
  f->tmpdir = g_dir_make_tmp ("kh-preview-XXXXXX", NULL);
  kh_window_show_bottom_page (f->window, "preview");
  wait_settled (f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->tmpdir, 0, NULL);
  const char *name;

  gtk_window_destroy (GTK_WINDOW (f->window));
  kh_test_wait_idle ();
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->tmpdir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->tmpdir);
  g_free (f->tmpdir);
}

/* The engine's own answer for the document as it is now. */
static KhPreviewResult *
compute_here (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  KhPreviewResult *result = kh_preview_compute (f->mapping, kh_document_get_samples (f->document),
                                                KH_PREVIEW_FLAGS_NONE, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

/* The grid cells bound now (those of the rows on screen). */
static void
collect_cells (GtkWidget *widget,
               GPtrArray *cells)
{
  if (KH_IS_GRID_CELL (widget))
    {
      if (kh_grid_cell_get_row (KH_GRID_CELL (widget)) != NULL && gtk_widget_get_mapped (widget))
        g_ptr_array_add (cells, widget);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    collect_cells (child, cells);
}

static GPtrArray *
bound_cells (Fixture *f)
{
  GPtrArray *cells = g_ptr_array_new ();

  collect_cells (GTK_WIDGET (kh_preview_view_get_column_view (f->view)), cells);
  return cells;
}

static const char *
column_title (Fixture *f,
              guint    index)
{
  GListModel *columns = gtk_column_view_get_columns (kh_preview_view_get_column_view (f->view));
  g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, index);

  return gtk_column_view_column_get_title (column);
}

/* ---- The grid ------------------------------------------------------------------ */

static void
test_grid_shows_engine (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(KhPreviewResult) expected = compute_here (f);
  KhPreviewResult *result = kh_preview_get_result (f->preview);
  GListModel *columns = gtk_column_view_get_columns (kh_preview_view_get_column_view (f->view));
  g_autoptr(GPtrArray) cells = NULL;
  guint n_columns = kh_preview_result_get_n_columns (expected);
  guint checked = 0, dropped = 0;

  /* One column per rule, plus the record number. */
  g_assert_cmpuint (n_columns, ==, kh_mapping_get_n_rules (f->mapping));
  g_assert_cmpuint (g_list_model_get_n_items (columns), ==, n_columns + 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->preview)), ==,
                    kh_sample_set_get_n_rows (kh_document_get_samples (f->document)));

  /* The headers carry the rule's counts, counted here from the rows. */
  for (guint c = 0; c < n_columns; c++)
    {
      const char *target = kh_preview_column_get_target (kh_preview_result_get_column (expected, c));
      guint failed = 0, changed = 0, defaulted = 0;
      g_autoptr(GString) title = g_string_new (target);

      for (guint r = 0; r < kh_preview_result_get_n_records (expected); r++)
        {
          KhPreviewRow *row = kh_preview_result_get_row (expected, r);

          failed += kh_preview_row_get_failed (row, c);
          changed += kh_preview_row_get_status (row, c) == KH_CELL_STATUS_CHANGED;
          defaulted += kh_preview_row_get_status (row, c) == KH_CELL_STATUS_DEFAULTED;
        }
      if (failed + changed + defaulted > 0)
        g_string_append_c (title, ' ');
      if (failed > 0)
        g_string_append_printf (title, " ⚠%u", failed);
      if (changed > 0)
        g_string_append_printf (title, " ✎%u", changed);
      if (defaulted > 0)
        g_string_append_printf (title, " ↺%u", defaulted);
      g_assert_cmpstr (column_title (f, c + 1), ==, title->str);
    }

  /* Every cell on screen shows the engine's value, and marks its status. */
  cells = bound_cells (f);
  g_assert_cmpuint (cells->len, >, n_columns * 3);
  for (guint i = 0; i < cells->len; i++)
    {
      KhGridCell *cell = cells->pdata[i];
      guint position = kh_preview_row_get_position (kh_grid_cell_get_row (cell));
      KhPreviewRow *row = kh_preview_result_get_row (expected, position);

      /* The preview's rows are its own, not the ones computed here. */
      g_assert_true (kh_grid_cell_get_row (cell) == kh_preview_result_get_row (result, position));

      if (kh_grid_cell_get_kind (cell) == KH_GRID_CELL_OUTPUT)
        {
          guint c = kh_grid_cell_get_column (cell);
          const char *value = kh_preview_row_get_value (row, c);

          g_assert_cmpstr (kh_grid_cell_get_name (cell), ==,
                           kh_preview_column_get_target (kh_preview_result_get_column (expected, c)));
          g_assert_cmpstr (kh_grid_cell_get_text (cell), ==, value != NULL ? value : "null");
          if (kh_preview_row_get_failed (row, c))
            g_assert_cmpstr (kh_grid_cell_get_marker (cell), ==, "⚠");
          else if (kh_preview_row_get_status (row, c) == KH_CELL_STATUS_CHANGED)
            g_assert_cmpstr (kh_grid_cell_get_marker (cell), ==, "✎");
          else if (kh_preview_row_get_status (row, c) == KH_CELL_STATUS_OK)
            g_assert_cmpstr (kh_grid_cell_get_marker (cell), ==, "");
          g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (cell),
                                                   kh_preview_row_get_failed (row, c) &&
                                                   kh_preview_row_get_status (row, c) != KH_CELL_STATUS_ERROR
                                                   ? "failed" : kh_cell_status_to_string (kh_preview_row_get_status (row, c))));
          checked++;
        }
      else if (kh_grid_cell_get_kind (cell) == KH_GRID_CELL_RECORD)
        {
          g_autofree char *number = g_strdup_printf ("%u", position + 1);

          g_assert_true (g_str_has_prefix (kh_grid_cell_get_text (cell), number));
          /* A dropped record says so in words, and with a marker. */
          if (kh_preview_row_get_outcome (row) != KH_OUTCOME_WRITTEN)
            {
              g_assert_cmpstr (kh_grid_cell_get_text (cell), !=, number);
              g_assert_cmpstr (kh_grid_cell_get_marker (cell), !=, "");
              dropped++;
            }
          else
            g_assert_cmpstr (kh_grid_cell_get_text (cell), ==, number);
        }
    }
  g_assert_cmpuint (checked, >, 0);
  g_test_message ("%u output cells checked, %u dropped records on screen", checked, dropped);
}

/* ---- Editing a step changes the cells ----------------------------------------------- */

static int
find_column (KhPreviewResult *result,
             const char      *target)
{
  int column = kh_preview_result_find_column (result, target);

  g_assert_cmpint (column, >=, 0);
  return column;
}

static void
test_edit_step_changes_cells (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(KhPreviewResult) before = NULL;
  g_autoptr(KhPreviewResult) expected = NULL;
  g_autoptr(GPtrArray) cells = NULL;
  KhPreviewResult *result;
  GtkWidget *step_row;
  KhParamRow *param;
  int column;
  guint changed = 0, shown = 0;

  before = g_object_ref (kh_preview_get_result (f->preview));

  /* The inspector's own parameter editor: BillingCity's maximum length
   * (a truncating step) goes from 40 to 5. */
  g_assert_true (kh_window_select_rule (f->window, "BillingCity", 1, "length"));
  step_row = kh_rule_inspector_get_step_row (kh_window_get_inspector (f->window), 1);
  param = KH_PARAM_ROW (kh_step_row_get_param_row (KH_STEP_ROW (step_row), "length"));
  kh_param_row_set_text (param, "5");
  g_assert_true (kh_preview_get_computing (f->preview));
  wait_settled (f);

  result = kh_preview_get_result (f->preview);
  g_assert_true (result != before);
  expected = compute_here (f);
  column = find_column (result, "BillingCity");

  for (guint r = 0; r < kh_preview_result_get_n_records (expected); r++)
    {
      KhPreviewRow *row = kh_preview_result_get_row (result, r);
      KhPreviewRow *engine = kh_preview_result_get_row (expected, r);
      KhPreviewRow *old = kh_preview_result_get_row (before, r);
      const char *value = kh_preview_row_get_value (row, column);

      /* Exactly what the engine says, value and status. */
      g_assert_cmpstr (value, ==, kh_preview_row_get_value (engine, column));
      g_assert_cmpint (kh_preview_row_get_status (row, column), ==, kh_preview_row_get_status (engine, column));
      g_assert_cmpint (kh_preview_row_get_outcome (row), ==, kh_preview_row_get_outcome (engine));
      if (value != NULL)
        g_assert_cmpint (g_utf8_strlen (value, -1), <=, 5);
      if (g_strcmp0 (value, kh_preview_row_get_value (old, column)) != 0)
        {
          changed++;
          g_assert_cmpint (kh_preview_row_get_status (row, column), ==, KH_CELL_STATUS_CHANGED);
        }
    }
  g_assert_cmpuint (changed, >, 0);

  /* …and the grid shows the new values. */
  kh_test_wait_ms (50);
  cells = bound_cells (f);
  for (guint i = 0; i < cells->len; i++)
    {
      KhGridCell *cell = cells->pdata[i];
      KhPreviewRow *row = kh_grid_cell_get_row (cell);
      const char *value;

      if (kh_grid_cell_get_kind (cell) != KH_GRID_CELL_OUTPUT || g_strcmp0 (kh_grid_cell_get_name (cell), "BillingCity") != 0)
        continue;
      value = kh_preview_row_get_value (kh_preview_result_get_row (expected, kh_preview_row_get_position (row)), column);
      g_assert_cmpstr (kh_grid_cell_get_text (cell), ==, value != NULL ? value : "null");
      shown++;
    }
  g_assert_cmpuint (shown, >, 0);

  /* Undo brings the old cells back. */
  g_assert_true (kh_document_undo (f->document));
  wait_settled (f);
  result = kh_preview_get_result (f->preview);
  for (guint r = 0; r < kh_preview_result_get_n_records (before); r++)
    g_assert_cmpstr (kh_preview_row_get_value (kh_preview_result_get_row (result, r), column), ==,
                     kh_preview_row_get_value (kh_preview_result_get_row (before, r), column));
}

/* ---- The trace of an error cell ------------------------------------------------------ */

static gboolean
find_failed_step_cell (KhPreviewResult *result,
                       guint           *position,
                       guint           *column)
{
  for (guint r = 0; r < kh_preview_result_get_n_records (result); r++)
    for (guint c = 0; c < kh_preview_result_get_n_columns (result); c++)
      {
        KhPreviewRow *row = kh_preview_result_get_row (result, r);

        if (kh_preview_row_get_status (row, c) == KH_CELL_STATUS_ERROR && kh_preview_row_get_error_step (row, c) >= 0)
          {
            *position = r;
            *column = c;
            return TRUE;
          }
      }
  return FALSE;
}

static void
test_trace_names_failing_step (Fixture       *f,
                               gconstpointer  data)
{
  KhPreviewResult *result = kh_preview_get_result (f->preview);
  g_autoptr(GError) error = NULL;
  KhTracePopover *popover = kh_preview_view_get_trace_popover (f->view);
  KhPreviewTrace *trace;
  KhPreviewRow *row;
  const KhStepInfo *info;
  g_autofree char *title = NULL;
  const char *target;
  GtkWidget *failed_row;
  guint position = 0, column = 0;
  int step;

  g_assert_true (find_failed_step_cell (result, &position, &column));
  row = kh_preview_result_get_row (result, position);
  step = kh_preview_row_get_error_step (row, column);
  target = kh_preview_column_get_target (kh_preview_result_get_column (result, column));
  info = kh_catalogue_lookup (kh_step_get_id (kh_rule_get_step (kh_mapping_lookup_rule (f->mapping, target),
                                                                (guint) step)));
  g_assert_nonnull (info);
  g_test_message ("record %u, %s: step %d (%s) fails: %s", position + 1, target, step + 1,
                  kh_step_info_get_name (info), kh_preview_row_get_reason (row, column));

  /* Reveal the cell as a jump does, then explain it. */
  g_assert_true (kh_preview_view_reveal_cell (f->view, position, target));
  g_assert_cmpuint (kh_preview_view_get_selected (f->view), ==, position);
  g_assert_cmpstr (kh_preview_view_get_cursor_name (f->view), ==, target);
  trace = kh_preview_view_explain (f->view, position, target, &error);
  g_assert_no_error (error);
  g_assert_nonnull (trace);
  kh_test_wait_ms (50);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));

  /* The trace names the failing step, by number and by name, and why. */
  g_assert_true (kh_preview_trace_get_failed (trace));
  g_assert_cmpint (kh_preview_trace_get_step_index (trace), ==, step);
  title = g_strdup_printf ("Step %d: %s", step + 1, kh_step_info_get_name (info));
  g_assert_nonnull (strstr (kh_trace_popover_get_status_text (popover), title));
  g_assert_nonnull (strstr (kh_trace_popover_get_status_text (popover), kh_preview_row_get_reason (row, column)));
  g_assert_cmpint (kh_trace_popover_get_failed_index (popover), >=, 0);
  failed_row = kh_trace_popover_get_entry_row (popover, (guint) kh_trace_popover_get_failed_index (popover));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (failed_row)), ==, title);
  g_assert_true (gtk_widget_has_css_class (failed_row, "failed"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (failed_row)),
                            kh_preview_row_get_reason (row, column)));

  /* The source values come first, as sampled. */
  {
    GtkWidget *first = kh_trace_popover_get_entry_row (popover, 0);
    const char *source = kh_rule_get_sources (kh_mapping_lookup_rule (f->mapping, target))[0];

    g_assert_true (ADW_IS_ENTRY_ROW (first));
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (first)), ==,
                     kh_preview_row_lookup_source_value (row, source) != NULL
                     ? kh_preview_row_lookup_source_value (row, source) : "");
  }

  /* "Show in Inspector" selects the rule and the failing step. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (popover), "trace.show-rule", NULL));
  kh_test_wait_ms (50);
  g_assert_cmpstr (kh_rule_inspector_get_target (kh_window_get_inspector (f->window)), ==, target);
  g_assert_cmpstr (kh_mapping_canvas_get_selected_target (kh_window_get_canvas (f->window)), ==, target);
  g_assert_true (gtk_widget_has_focus (kh_rule_inspector_get_step_row (kh_window_get_inspector (f->window), (guint) step)) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)),
                                         kh_rule_inspector_get_step_row (kh_window_get_inspector (f->window), (guint) step)));
}

/* The keyboard path: Right chooses the cell, Enter explains it. */
static void
test_keyboard_explain (Fixture       *f,
                       gconstpointer  data)
{
  GtkColumnView *grid = kh_preview_view_get_column_view (f->view);
  GtkEventController *keys = kh_test_find_controller (GTK_WIDGET (grid), GTK_TYPE_EVENT_CONTROLLER_KEY);
  KhPreviewResult *result = kh_preview_get_result (f->preview);
  KhTracePopover *popover = kh_preview_view_get_trace_popover (f->view);
  gboolean handled = FALSE;
  const char *first = kh_preview_column_get_target (kh_preview_result_get_column (result, 0));
  const char *second = kh_preview_column_get_target (kh_preview_result_get_column (result, 1));

  g_assert_nonnull (keys);
  g_assert_true (kh_preview_view_reveal_cell (f->view, 2, first));
  g_assert_cmpstr (kh_preview_view_get_cursor_name (f->view), ==, first);

  g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_Right, 0, 0, &handled);
  g_assert_true (handled);
  g_assert_cmpstr (kh_preview_view_get_cursor_name (f->view), ==, second);

  handled = FALSE;
  g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_Return, 0, 0, &handled);
  g_assert_true (handled);
  kh_test_wait_ms (50);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_cmpstr (kh_preview_trace_get_target (kh_trace_popover_get_trace (popover)), ==, second);
  g_assert_cmpuint (kh_preview_trace_get_position (kh_trace_popover_get_trace (popover)), ==, 2);
  gtk_popover_popdown (GTK_POPOVER (popover));
}

/* ---- Filters ------------------------------------------------------------------------ */

static gboolean
row_has_failure (KhPreviewRow *row,
                 int           only)
{
  for (guint c = 0; c < kh_preview_row_get_n_columns (row); c++)
    if ((only < 0 || (guint) only == c) && kh_preview_row_get_failed (row, c))
      return TRUE;
  return FALSE;
}

static void
test_errors_only (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(KhPreviewResult) expected = compute_here (f);
  GtkToggleButton *errors_button = GTK_TOGGLE_BUTTON (kh_test_find_by_name (GTK_WIDGET (f->view), "filter_errors_button"));
  GtkDropDown *rules = GTK_DROP_DOWN (kh_test_find_by_name (GTK_WIDGET (f->view), "rule_dropdown"));
  guint n_records = kh_preview_result_get_n_records (expected);
  guint with_errors = 0, in_column = 0;
  g_autofree char *label = NULL;
  int column;

  for (guint r = 0; r < n_records; r++)
    with_errors += row_has_failure (kh_preview_result_get_row (expected, r), -1);
  g_assert_cmpuint (with_errors, >, 0);
  g_assert_cmpuint (with_errors, <, n_records);

  /* Alt+E: the window's action, as the shortcut runs it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.preview-filter", "s", "errors"));
  g_assert_cmpint (kh_preview_get_filter (f->preview), ==, KH_PREVIEW_FILTER_ERRORS);
  g_assert_true (gtk_toggle_button_get_active (errors_button));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->preview)), ==, with_errors);
  for (guint i = 0; i < with_errors; i++)
    {
      g_autoptr(KhPreviewRow) row = g_list_model_get_item (G_LIST_MODEL (f->preview), i);
      g_assert_true (row_has_failure (kh_preview_result_get_row (expected, kh_preview_row_get_position (row)), -1));
    }
  label = g_strdup_printf ("⚠ Errors %u", with_errors);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (errors_button)), ==, label);

  /* By rule: the drop-down picks one rule's errors. */
  column = find_column (expected, "BillingCountry");
  for (guint r = 0; r < n_records; r++)
    in_column += row_has_failure (kh_preview_result_get_row (expected, r), column);
  g_assert_cmpuint (in_column, >, 0);
  gtk_drop_down_set_selected (rules, (guint) column + 1);
  g_assert_cmpstr (kh_preview_get_filter_target (f->preview), ==, "BillingCountry");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->preview)), ==, in_column);

  /* Rejected records are those the engine rejects. */
  gtk_drop_down_set_selected (rules, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.preview-filter", "s", "rejected"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->preview)), ==,
                    kh_preview_result_get_n_outcome (expected, KH_OUTCOME_REJECTED));

  /* All again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.preview-filter", "s", "all"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->preview)), ==, n_records);
}

/* Before / after: the source columns each rule reads, beside it. */
static void
test_before_after (Fixture       *f,
                   gconstpointer  data)
{
  GListModel *columns = gtk_column_view_get_columns (kh_preview_view_get_column_view (f->view));
  KhPreviewResult *result = kh_preview_get_result (f->preview);
  g_autoptr(GHashTable) sources = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_output = kh_preview_result_get_n_columns (result);

  for (guint c = 0; c < n_output; c++)
    {
      const char * const *names = kh_preview_column_get_sources (kh_preview_result_get_column (result, c));

      for (guint s = 0; names[s] != NULL; s++)
        if (kh_sample_set_lookup_column (kh_document_get_samples (f->document), names[s]) >= 0)
          g_hash_table_add (sources, (gpointer) names[s]);
    }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.preview-sources", NULL));
  g_assert_true (kh_preview_view_get_show_sources (f->view));
  g_assert_cmpuint (g_list_model_get_n_items (columns), ==, 1 + n_output + g_hash_table_size (sources));
  /* KUNNR is shown right before AccountNumber, the rule that reads it. */
  {
    guint i;

    for (i = 0; i < g_list_model_get_n_items (columns); i++)
      if (g_str_has_prefix (column_title (f, i), "AccountNumber"))
        break;
    g_assert_cmpuint (i, >, 1);
    g_assert_cmpstr (column_title (f, i - 1), ==, "KUNNR (source)");
  }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.preview-sources", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (columns), ==, 1 + n_output);
}

/* ---- Samples ------------------------------------------------------------------------- */

static void
test_edit_sample (Fixture       *f,
                  gconstpointer  data)
{
  KhTracePopover *popover = kh_preview_view_get_trace_popover (f->view);
  KhSampleSet *before = kh_sample_set_ref (kh_document_get_samples (f->document));
  g_autoptr(GError) error = NULL;
  KhPreviewResult *result;
  GtkWidget *entry;
  int column = kh_sample_set_lookup_column (before, "KUNNR");

  /* The trace of AccountNumber in record 1 has KUNNR as its source. */
  g_assert_nonnull (kh_preview_view_explain (f->view, 0, "AccountNumber", &error));
  g_assert_no_error (error);
  entry = kh_trace_popover_get_entry_row (popover, 0);
  g_assert_true (ADW_IS_ENTRY_ROW (entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), "  0000777 ");
  g_signal_emit_by_name (entry, "apply");

  /* One undoable edit of the samples; the record recomputes. */
  g_assert_cmpstr (kh_sample_set_get_value (kh_document_get_samples (f->document), 0, (guint) column), ==, "  0000777 ");
  g_assert_cmpstr (kh_sample_set_get_value (before, 0, (guint) column), ==, "0000100001");
  g_assert_true (kh_document_get_modified (f->document));
  wait_settled (f);
  result = kh_preview_get_result (f->preview);
  g_assert_cmpstr (kh_preview_row_get_value (kh_preview_result_get_row (result, 0), (guint) find_column (result, "AccountNumber")),
                   ==, "777");
  /* The open trace follows the new result. */
  g_assert_cmpstr (kh_preview_trace_get_value (kh_trace_popover_get_trace (popover)), ==, "777");

  g_assert_true (kh_document_undo (f->document));
  g_assert_true (kh_sample_set_equal (kh_document_get_samples (f->document), before));
  wait_settled (f);
  result = kh_preview_get_result (f->preview);
  g_assert_cmpstr (kh_preview_row_get_value (kh_preview_result_get_row (result, 0), (guint) find_column (result, "AccountNumber")),
                   ==, "100001");

  /* A column the samples lack is refused with a reason. */
  g_assert_false (kh_preview_view_edit_sample (f->view, 0, "NO_SUCH_COLUMN", "x", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "NO_SUCH_COLUMN"));
  kh_sample_set_unref (before);
}

static void
test_save_golden (Fixture       *f,
                  gconstpointer  data)
{
  KhPreviewResult *result = kh_preview_get_result (f->preview);
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(GError) error = NULL;
  guint n_before = kh_mapping_get_n_golden_records (f->mapping);
  guint written = G_MAXUINT, rejected = G_MAXUINT;

  for (guint r = 0; r < kh_preview_result_get_n_records (result); r++)
    {
      KhPreviewRow *row = kh_preview_result_get_row (result, r);

      if (written == G_MAXUINT && kh_preview_row_get_outcome (row) == KH_OUTCOME_WRITTEN)
        written = r;
      if (rejected == G_MAXUINT && kh_preview_row_get_outcome (row) == KH_OUTCOME_REJECTED &&
          !kh_preview_row_is_aborted (row))
        rejected = r;
    }
  g_assert_cmpuint (written, !=, G_MAXUINT);
  g_assert_cmpuint (rejected, !=, G_MAXUINT);

  /* Select a written record and use the toolbar's action (Shift+Ctrl+G). */
  g_assert_true (kh_preview_view_reveal_cell (f->view, written, NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "preview.save-golden", NULL));
  g_assert_cmpuint (kh_mapping_get_n_golden_records (f->mapping), ==, n_before + 1);
  g_assert_cmpint (kh_golden_record_get_outcome (kh_mapping_get_golden_record (f->mapping, n_before)), ==,
                   KH_OUTCOME_WRITTEN);
  /* …and a rejected one, from the trace popover. */
  wait_settled (f);
  g_assert_true (kh_preview_view_reveal_cell (f->view, rejected, NULL));
  g_assert_nonnull (kh_preview_view_explain (f->view, rejected, "AccountNumber", &error));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (kh_preview_view_get_trace_popover (f->view)),
                                             "trace.save-golden", NULL));
  g_assert_cmpuint (kh_mapping_get_n_golden_records (f->mapping), ==, n_before + 2);
  g_assert_cmpint (kh_golden_record_get_outcome (kh_mapping_get_golden_record (f->mapping, n_before + 1)), ==,
                   KH_OUTCOME_REJECTED);

  /* What `kakehashi-run test` checks passes. */
  checks = kh_golden_check (f->mapping, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (checks->len, ==, n_before + 2);
  for (guint i = 0; i < checks->len; i++)
    {
      KhGoldenResult *check = checks->pdata[i];

      if (!check->passed)
        for (guint m = 0; m < check->mismatches->len; m++)
          g_test_message ("%s", ((KhGoldenMismatch *) check->mismatches->pdata[m])->message);
      g_assert_true (check->passed);
    }

  /* And the exported XML carries them. */
  {
    g_autofree char *path = g_build_filename (f->tmpdir, "golden.xml", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(KhMapping) loaded = NULL;
    g_autoptr(GPtrArray) problems = NULL;

    g_assert_true (kh_window_export_mapping_xml (f->window, file, &error));
    g_assert_no_error (error);
    loaded = kh_mapping_load_file (file, NULL, 0, &problems, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (kh_mapping_get_n_golden_records (loaded), ==, n_before + 2);
  }

  /* Each is one undo step. */
  g_assert_true (kh_document_undo (f->document));
  g_assert_cmpuint (kh_mapping_get_n_golden_records (f->mapping), ==, n_before + 1);
}

/* ---- The problems list ------------------------------------------------------------------- */

static guint
find_problem (KhChecker  *checker,
              const char *code,
              const char *field)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (checker)); i++)
    {
      g_autoptr(KhProblem) problem = g_list_model_get_item (G_LIST_MODEL (checker), i);

      if (g_strcmp0 (kh_problem_get_code (problem), code) == 0 &&
          (field == NULL || g_strcmp0 (kh_problem_get_field (problem), field) == 0))
        return i;
    }
  return G_MAXUINT;
}

static void
test_problem_jumps (Fixture       *f,
                    gconstpointer  data)
{
  KhProblemsView *problems = kh_window_get_problems_view (f->window);
  KhFieldPanel *target = kh_test_panel (f->window, KH_SIDE_TARGET);
  g_auto(GStrv) selected = NULL;
  g_autoptr(KhProblem) cell_problem = NULL;
  guint errors = 0, pos;

  /* Errors come first. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (f->checker)); i++)
    {
      g_autoptr(KhProblem) problem = g_list_model_get_item (G_LIST_MODEL (f->checker), i);

      if (kh_problem_get_severity (problem) == KH_PROBLEM_ERROR)
        {
          g_assert_cmpuint (errors, ==, i);
          errors++;
        }
    }
  g_assert_cmpuint (errors, ==, kh_checker_get_n_errors (f->checker));

  /* Remove the rule of a required field: a problem appears… */
  g_assert_cmpuint (find_problem (f->checker, KH_CHECK_REQUIRED_UNMAPPED, "Name"), ==, G_MAXUINT);
  kh_document_begin_edit (f->document, "remove Name", NULL);
  g_assert_true (kh_mapping_remove_rule (f->mapping, "Name"));
  kh_document_end_edit (f->document);
  kh_field_panel_unselect_all (target);
  wait_settled (f);
  pos = find_problem (f->checker, KH_CHECK_REQUIRED_UNMAPPED, "Name");
  g_assert_cmpuint (pos, !=, G_MAXUINT);
  g_assert_cmpuint (kh_checker_get_n_errors (f->checker), ==, errors + 1);

  /* …and activating it, as a click or Enter does, selects the field. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-problems", NULL));
  g_assert_true (kh_problems_view_activate (problems, pos));
  selected = kh_field_panel_get_selected_paths (target);
  g_assert_cmpstr (selected[0], ==, "Name");
  g_assert_cmpstr (kh_rule_inspector_get_target (kh_window_get_inspector (f->window)), ==, "Name");

  /* A rule that fails on a sample record jumps to its cell as well. */
  pos = find_problem (f->checker, KH_CHECK_RULE_FAILS, "BillingCountry");
  g_assert_cmpuint (pos, !=, G_MAXUINT);
  cell_problem = g_list_model_get_item (G_LIST_MODEL (f->checker), pos);
  g_assert_cmpint (kh_problem_get_index (cell_problem), >=, 0);
  g_assert_true (kh_problems_view_activate (problems, pos));
  kh_test_wait_ms (50);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (f->window->bottom_stack), ==, "preview");
  g_assert_cmpuint (kh_preview_view_get_selected (f->view), ==, (guint) kh_problem_get_index (cell_problem));
  g_assert_cmpstr (kh_preview_view_get_cursor_name (f->view), ==, "BillingCountry");
  g_assert_cmpstr (kh_rule_inspector_get_target (kh_window_get_inspector (f->window)), ==, "BillingCountry");

  /* F8 goes to the next problem, and wraps. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.next-problem", NULL));
  g_assert_cmpuint (kh_problems_view_get_selected (problems), ==,
                    (pos + 1) % g_list_model_get_n_items (G_LIST_MODEL (f->checker)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.previous-problem", NULL));
  g_assert_cmpuint (kh_problems_view_get_selected (problems), ==, pos);

  /* The header's badge says the counts. */
  {
    g_autofree char *e = g_strdup_printf ("%u", kh_checker_get_n_errors (f->checker));

    g_assert_cmpstr (gtk_label_get_text (f->window->problems_error_label), ==, e);
    g_assert_true (gtk_widget_get_visible (f->window->problems_error_icon));
  }
}

/* The canvas marks a link as erroneous exactly when the problems list
 * has an error about its rule. */
static void
test_links_agree_with_problems (Fixture       *f,
                                gconstpointer  data)
{
  KhMappingCanvas *canvas = kh_window_get_canvas (f->window);
  guint marked = 0;

  for (guint r = 0; r < kh_mapping_get_n_rules (f->mapping); r++)
    {
      const char *target = kh_rule_get_target (kh_mapping_get_rule (f->mapping, r));
      gboolean error = FALSE, warning = FALSE;
      KhRuleStatus status = kh_mapping_canvas_get_link_status (canvas, target);

      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (f->checker)); i++)
        {
          g_autoptr(KhProblem) problem = g_list_model_get_item (G_LIST_MODEL (f->checker), i);

          if (g_strcmp0 (kh_problem_get_rule_target (problem), target) != 0)
            continue;
          if (kh_problem_get_severity (problem) == KH_PROBLEM_ERROR)
            error = TRUE;
          else
            warning = TRUE;
        }
      g_assert_cmpint (!!(status & (KH_RULE_STATUS_INVALID | KH_RULE_STATUS_DANGLING)), ==, error);
      g_assert_cmpint (status == KH_RULE_STATUS_OK, ==, !error && !warning);
      marked += status != KH_RULE_STATUS_OK;
    }
  g_assert_cmpuint (marked, >, 0);
}

/* ---- Coverage ---------------------------------------------------------------------------- */

static void
expect_meter (Fixture *f)
{
  KhEntity *entity = kh_mapping_get_target_entity (f->mapping);
  guint required = 0, required_mapped = 0, mapped = 0;
  g_autofree char *text = NULL;

  for (guint i = 0; i < kh_entity_get_n_fields (entity); i++)
    {
      KhField *field = kh_entity_get_field (entity, i);
      gboolean has_rule = kh_mapping_lookup_rule (f->mapping, kh_field_get_name (field)) != NULL;

      mapped += has_rule;
      if (kh_field_get_required (field) == KH_REQUIRED_YES)
        {
          required++;
          required_mapped += has_rule;
        }
    }
  text = g_strdup_printf ("Required %u/%u · All %u/%u", required_mapped, required, mapped,
                          kh_entity_get_n_fields (entity));
  g_assert_cmpstr (kh_coverage_meter_get_text (kh_window_get_coverage_meter (f->window)), ==, text);
}

static void
test_coverage_meter (Fixture       *f,
                     gconstpointer  data)
{
  KhCoverageMeter *meter = kh_window_get_coverage_meter (f->window);
  KhFieldPanel *target = kh_test_panel (f->window, KH_SIDE_TARGET);
  KhEntity *entity = kh_mapping_get_target_entity (f->mapping);
  GListModel *shown;
  guint gaps = 0;

  expect_meter (f);

  /* A click shows the gaps: here no required field lacks a rule, so every
   * field without one. */
  g_signal_emit_by_name (meter, "clicked");
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (meter)));
  g_assert_cmpint (kh_field_panel_get_filter (target), ==, KH_FIELD_FILTER_UNMAPPED);
  shown = kh_field_panel_get_model (target);
  for (guint i = 0; i < kh_entity_get_n_fields (entity); i++)
    gaps += kh_mapping_lookup_rule (f->mapping, kh_field_get_name (kh_entity_get_field (entity, i))) == NULL;
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, gaps);
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(KhFieldItem) item = g_list_model_get_item (shown, i);
      g_assert_null (kh_mapping_lookup_rule (f->mapping, kh_field_item_get_path (item)));
    }
  /* Again: every field. */
  g_signal_emit_by_name (meter, "clicked");
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (meter)));
  g_assert_cmpint (kh_field_panel_get_filter (target), ==, KH_FIELD_FILTER_ALL);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, kh_entity_get_n_fields (entity));

  /* Without the Name rule: the meter follows, and the required gap comes
   * first. */
  kh_document_begin_edit (f->document, "remove Name", NULL);
  g_assert_true (kh_mapping_remove_rule (f->mapping, "Name"));
  kh_document_end_edit (f->document);
  wait_settled (f);
  expect_meter (f);
  g_signal_emit_by_name (meter, "clicked");
  g_assert_cmpint (kh_field_panel_get_filter (target), ==, KH_FIELD_FILTER_REQUIRED_UNMAPPED);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);
  {
    g_autoptr(KhFieldItem) item = g_list_model_get_item (shown, 0);
    g_assert_cmpstr (kh_field_item_get_path (item), ==, "Name");
  }
  /* The panel's own filter menu back to "All" releases the meter. */
  kh_field_panel_set_filter (target, KH_FIELD_FILTER_ALL);
  kh_test_wait_ms (50);
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (meter)));
}

/* ---- Export with errors ---------------------------------------------------------------------- */

static AdwMessageDialog *
find_dialog (KhWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) && gtk_window_get_transient_for (toplevel) == GTK_WINDOW (window) &&
          gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return ADW_MESSAGE_DIALOG (toplevel);
    }
  return NULL;
}

static void
test_export_warns (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->tmpdir, "with-errors.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(KhProblem) first = NULL;
  g_autoptr(KhMapping) loaded = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *heading = NULL;
  AdwMessageDialog *dialog;
  guint n_errors = kh_checker_get_n_errors (f->checker);

  /* The demo has errors (rules that reject sample records). */
  g_assert_cmpuint (n_errors, >, 0);
  first = g_list_model_get_item (G_LIST_MODEL (f->checker), 0);

  /* Ctrl+E: a warning that states the count and the first errors. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.export-xml", NULL));
  kh_test_wait_ms (50);
  dialog = find_dialog (f->window);
  g_assert_nonnull (dialog);
  heading = g_strdup_printf ("Export With %u Errors?", n_errors);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, heading);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), kh_problem_get_message (first)));
  g_assert_true (adw_message_dialog_has_response (dialog, "export"));
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "export"), ==, "_Export Anyway");
  g_assert_null (f->window->chooser);

  /* Cancel: nothing happens. */
  adw_message_dialog_response (dialog, "cancel");
  kh_test_wait_ms (50);
  g_assert_null (f->window->chooser);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* Export Anyway: the file chooser, then the file. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.export-xml", NULL));
  kh_test_wait_ms (50);
  dialog = find_dialog (f->window);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "export");
  kh_test_wait_ms (100);
  g_assert_nonnull (f->window->chooser);
  {
    g_autoptr(GFile) folder = g_file_new_for_path (f->tmpdir);

    g_assert_true (gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (f->window->chooser), folder, &error));
    g_assert_no_error (error);
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (f->window->chooser), "with-errors.xml");
    kh_test_wait_ms (50);
    g_signal_emit_by_name (f->window->chooser, "response", GTK_RESPONSE_ACCEPT);
  }
  kh_test_wait_ms (50);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  loaded = kh_mapping_load_file (file, NULL, KH_MAPPING_LOAD_KEEP_INVALID, &problems, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (kh_mapping_equal (loaded, f->mapping));
}

/* ---- Opening a project does not block --------------------------------------------------------- */

static gboolean
has_rules (gpointer data)
{
  return kh_mapping_get_n_rules (kh_document_get_mapping (data)) > 0;
}

static void
test_open_async (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->tmpdir, "demo.kakehashi", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  KhWindow *second;

  g_assert_true (kh_window_save_project (f->window, file, &error));
  g_assert_no_error (error);

  second = kh_test_new_window (the_app, 1200, 800);
  kh_window_open_file (second, file);
  /* Nothing is loaded yet; the window says it is busy. */
  g_assert_cmpuint (kh_mapping_get_n_rules (kh_document_get_mapping (kh_window_get_document (second))), ==, 0);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (second->busy_spinner)));
  g_assert_true (kh_test_wait_until (has_rules, kh_window_get_document (second), 10000));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (second->busy_spinner)));
  g_assert_true (kh_mapping_equal (kh_document_get_mapping (kh_window_get_document (second)), f->mapping));
  gtk_window_destroy (GTK_WINDOW (second));
}

int
main (int   argc,
      char *argv[])
{
  kh_test_init_environment ();
  kh_test_init_gtk (&argc, &argv);
  the_app = kh_test_new_application ();

#define ADD(path, func) \
  g_test_add ("/gui/preview/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("grid-shows-engine", test_grid_shows_engine);
  ADD ("edit-step-changes-cells", test_edit_step_changes_cells);
  ADD ("trace-names-failing-step", test_trace_names_failing_step);
  ADD ("keyboard-explain", test_keyboard_explain);
  ADD ("errors-only", test_errors_only);
  ADD ("before-after", test_before_after);
  ADD ("edit-sample", test_edit_sample);
  ADD ("save-golden", test_save_golden);
  ADD ("problem-jumps", test_problem_jumps);
  ADD ("links-agree-with-problems", test_links_agree_with_problems);
  ADD ("coverage-meter", test_coverage_meter);
  ADD ("export-warns", test_export_warns);
  ADD ("open-async", test_open_async);

  return g_test_run ();
}
