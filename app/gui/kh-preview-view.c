/* kh-preview-view.c: the preview grid: the sample records through the
 * mapping, cell by cell
 *
 * A GtkColumnView bound to the window's KhPreview (a list model of
 * KhPreviewRow that the core recomputes in a worker after every edit):
 * the source record number (and the record's outcome), then one column
 * per rule. The column titles carry the rule's counts (⚠ failed,
 * ✎ changed, ↺ defaulted); GTK 4.8 column headers are plain strings, so
 * the counts are in the title. “Before / After” adds the sample columns
 * each rule reads beside its output. The grid never transforms a value:
 * every cell shows what the engine computed.
 *
 * Clicking a cell, or Enter on the selected row (Left and Right choose
 * the cell), explains it in a KhTracePopover; only that one record is
 * evaluated again with traces. Double-click or F2 on a source value edits
 * it, and the trace's source rows are editable too: either becomes an
 * undoable edit of the document's samples. “Save as golden test” turns a
 * record and its current output into a golden record of the mapping.
 *
 * Filters (all, errors, changed, rejected, duplicates, and by rule) are
 * the core's (kh_preview_set_filter); the buttons show the counts.
 * Column widths are fixed (and resizable) so that scrolling never makes
 * them jump.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-preview-view"

#include "config.h"

#include <glib/gi18n.h>

#include "kh-grid-cell.h"
#include "kh-preview-view.h"

#define RECORD_WIDTH  128
#define SOURCE_WIDTH  120
#define MIN_WIDTH      96
#define MAX_WIDTH     320

/* GTK 4.8's column view makes every column's cells for every row on
 * screen: past this many rules the grid shows the first ones, plus the
 * rule the filter or a jump names. */
#define MAX_OUTPUT_COLUMNS 60

typedef struct
{
  KhGridCellKind       kind;
  guint                column;       /* output column */
  char                *name;         /* target or sample column */
  GtkColumnViewColumn *view_column;  /* borrowed: the column view owns it */
} GridColumn;

struct _KhPreviewView
{
  GtkWidget            parent_instance;

  /* Template widgets */
  GtkColumnView       *column_view;
  GtkLabel            *edit_title;
  GtkEntry            *edit_entry;
  GtkPopover          *edit_popover;
  GtkLabel            *error_label;
  GtkToggleButton     *filter_all_button;
  GtkToggleButton     *filter_changed_button;
  GtkToggleButton     *filter_duplicates_button;
  GtkToggleButton     *filter_errors_button;
  GtkToggleButton     *filter_rejected_button;
  GtkDropDown         *rule_dropdown;
  GtkScrolledWindow   *scrolled_window;
  GtkSpinner          *spinner;
  GtkStack            *stack;
  GtkLabel            *summary_label;
  GtkWidget           *toolbar;
  KhTracePopover      *trace_popover;

  /* Owned */
  KhPreview           *preview;
  KhDocument          *document;
  GtkSingleSelection  *selection;
  GtkStringList       *rules;         /* "All rules", then the targets */
  GArray              *columns;       /* of GridColumn, in view order */
  GPtrArray           *cells;         /* borrowed: the live KhGridCells */
  char                *layout;        /* what the columns show, to skip rebuilds */
  char                *explained;     /* the target of the explained cell */
  char                *edit_column;   /* the sample column being edited */
  char                *pinned;        /* a rule shown even past MAX_OUTPUT_COLUMNS */

  guint                explained_position;
  guint                edit_position;
  guint                selected_position;  /* sample position of the selection */
  int                  cursor;             /* index into columns, or -1 */
  KhPreviewFilter      filter;
  gboolean             show_sources;
  gboolean             updating;
  gboolean             restoring;
};

G_DEFINE_FINAL_TYPE (KhPreviewView, kh_preview_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_FILTER,
  PROP_SHOW_SOURCES,
  N_PROPS
};

enum {
  SHOW_RULE,
  MESSAGE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const struct
{
  const char      *name;
  KhPreviewFilter  filter;
} filters[] = {
  { "all",        KH_PREVIEW_FILTER_ALL },
  { "errors",     KH_PREVIEW_FILTER_ERRORS },
  { "changed",    KH_PREVIEW_FILTER_CHANGED },
  { "defaulted",  KH_PREVIEW_FILTER_DEFAULTED },
  { "rejected",   KH_PREVIEW_FILTER_REJECTED },
  { "duplicates", KH_PREVIEW_FILTER_DUPLICATES },
  { "filtered",   KH_PREVIEW_FILTER_FILTERED },
  { "written",    KH_PREVIEW_FILTER_WRITTEN },
};

static void rebuild_columns (KhPreviewView *self);
static void sync_columns    (KhPreviewView *self);
static void update_state    (KhPreviewView *self);

static KhPreviewResult *
get_result (KhPreviewView *self)
{
  return self->preview != NULL ? kh_preview_get_result (self->preview) : NULL;
}

static void
grid_column_clear (gpointer data)
{
  GridColumn *column = data;

  g_clear_pointer (&column->name, g_free);
}

/* ---- Selection and the keyboard cursor ----------------------------------- */

static KhPreviewRow *
selected_row (KhPreviewView *self)
{
  return self->selection != NULL ? gtk_single_selection_get_selected_item (self->selection) : NULL;
}

/**
 * kh_preview_view_get_selected:
 *
 * Returns: the sample position of the selected record, or %G_MAXUINT
 */
guint
kh_preview_view_get_selected (KhPreviewView *self)
{
  KhPreviewRow *row;

  g_return_val_if_fail (KH_IS_PREVIEW_VIEW (self), G_MAXUINT);

  row = selected_row (self);
  return row != NULL ? kh_preview_row_get_position (row) : G_MAXUINT;
}

static GridColumn *
cursor_column (KhPreviewView *self)
{
  if (self->cursor < 0 || (guint) self->cursor >= self->columns->len)
    return NULL;
  return &g_array_index (self->columns, GridColumn, self->cursor);
}

/**
 * kh_preview_view_get_cursor_name:
 *
 * Returns: (nullable): the target field (or sample column) of the cell
 *   Enter explains in the selected row
 */
const char *
kh_preview_view_get_cursor_name (KhPreviewView *self)
{
  GridColumn *column;

  g_return_val_if_fail (KH_IS_PREVIEW_VIEW (self), NULL);

  column = cursor_column (self);
  return column != NULL ? column->name : NULL;
}

static gboolean
cell_is (KhGridCell     *cell,
         KhGridCellKind  kind,
         const char     *name)
{
  return kh_grid_cell_get_kind (cell) == kind && g_strcmp0 (kh_grid_cell_get_name (cell), name) == 0;
}

static void
update_cursor_cells (KhPreviewView *self)
{
  KhPreviewRow *row = selected_row (self);
  GridColumn *column = cursor_column (self);

  for (guint i = 0; i < self->cells->len; i++)
    {
      KhGridCell *cell = g_ptr_array_index (self->cells, i);

      kh_grid_cell_set_cursor (cell, row != NULL && column != NULL &&
                                     kh_grid_cell_get_row (cell) == row &&
                                     cell_is (cell, column->kind, column->name));
    }
}

static void
update_actions (KhPreviewView *self)
{
  KhPreviewRow *row = selected_row (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.save-golden",
                                 row != NULL && self->document != NULL &&
                                 !kh_preview_get_computing (self->preview) &&
                                 !kh_preview_row_is_aborted (row));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.explain", row != NULL);
}

static void
on_selection_changed_cb (KhPreviewView *self)
{
  if (!self->restoring)
    self->selected_position = kh_preview_view_get_selected (self);
  update_cursor_cells (self);
  update_actions (self);
}

static int
find_grid_column (KhPreviewView  *self,
                  KhGridCellKind  kind,
                  const char     *name)
{
  for (guint i = 0; i < self->columns->len; i++)
    {
      GridColumn *column = &g_array_index (self->columns, GridColumn, i);

      if (column->kind == kind && g_strcmp0 (column->name, name) == 0)
        return (int) i;
    }
  return -1;
}

static int
first_output_column (KhPreviewView *self)
{
  for (guint i = 0; i < self->columns->len; i++)
    if (g_array_index (self->columns, GridColumn, i).kind == KH_GRID_CELL_OUTPUT)
      return (int) i;
  return -1;
}

/* Scrolls the grid sideways so that the cursor's column is in view. The
 * columns have fixed widths, so its place is their sum. */
static void
scroll_to_cursor (KhPreviewView *self)
{
  GtkAdjustment *hadj = gtk_scrolled_window_get_hadjustment (self->scrolled_window);
  double x = 0, width = 0, value, page;

  if (cursor_column (self) == NULL)
    return;

  for (int i = 0; i <= self->cursor; i++)
    {
      GridColumn *column = &g_array_index (self->columns, GridColumn, i);

      width = gtk_column_view_column_get_fixed_width (column->view_column);
      if (i < self->cursor)
        x += width;
    }

  /* A column out of view comes to the middle, so that its trace has
   * room beside it. */
  value = gtk_adjustment_get_value (hadj);
  page = gtk_adjustment_get_page_size (hadj);
  if (x < value || x + width > value + page)
    gtk_adjustment_set_value (hadj, x + width / 2 - page / 2);
}

static void
set_cursor (KhPreviewView *self,
            int            cursor)
{
  if (self->columns->len <= 1)
    cursor = -1;
  else
    cursor = CLAMP (cursor, 1, (int) self->columns->len - 1);

  self->cursor = cursor;
  update_cursor_cells (self);
  scroll_to_cursor (self);
}

static GtkWidget *
find_list_view (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      return child;
  return NULL;
}

static gboolean
select_row (KhPreviewView *self,
            guint          position)
{
  guint item = kh_preview_find_item (self->preview, position);
  GtkWidget *list = find_list_view (GTK_WIDGET (self->column_view));

  if (item == G_MAXUINT)
    return FALSE;

  /* GTK 4.8 has no gtk_column_view_scroll_to(): its inner list view's
   * actions scroll to the row and move the keyboard focus there. */
  if (list != NULL)
    {
      gtk_widget_activate_action (list, "list.scroll-to-item", "u", item);
      gtk_widget_activate_action (list, "list.select-item", "(ubb)", item, FALSE, FALSE);
    }
  if (gtk_single_selection_get_selected (self->selection) != item)
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), item, TRUE);
  return TRUE;
}

/* ---- Popovers --------------------------------------------------------------- */

static KhGridCell *
find_cell (KhPreviewView  *self,
           KhPreviewRow   *row,
           KhGridCellKind  kind,
           const char     *name)
{
  for (guint i = 0; i < self->cells->len; i++)
    {
      KhGridCell *cell = g_ptr_array_index (self->cells, i);
      KhPreviewRow *bound = kh_grid_cell_get_row (cell);

      if (bound != NULL && kh_preview_row_get_position (bound) == kh_preview_row_get_position (row) &&
          cell_is (cell, kind, name) && gtk_widget_get_mapped (GTK_WIDGET (cell)))
        return cell;
    }
  return NULL;
}

static void
point_popover (KhPreviewView  *self,
               GtkPopover     *popover,
               KhPreviewRow   *row,
               KhGridCellKind  kind,
               const char     *name)
{
  KhGridCell *cell = row != NULL ? find_cell (self, row, kind, name) : NULL;
  graphene_rect_t bounds, visible;
  GdkRectangle rect;

  if (!gtk_widget_compute_bounds (GTK_WIDGET (self->scrolled_window), GTK_WIDGET (self), &visible))
    graphene_rect_init (&visible, 0, 0, gtk_widget_get_width (GTK_WIDGET (self)), 1);

  /* A cell that is mapped can still lie outside the scrolled window's
   * viewport (a scroll to it takes effect on the next frame): only the
   * part in view can be pointed at, or the popover would be anchored
   * off the monitor. */
  if (cell == NULL || !gtk_widget_compute_bounds (GTK_WIDGET (cell), GTK_WIDGET (self), &bounds) ||
      !graphene_rect_intersection (&bounds, &visible, &bounds))
    graphene_rect_init (&bounds, visible.origin.x + visible.size.width / 2 - 1, visible.origin.y + 24, 2, 2);

  rect.x = (int) bounds.origin.x;
  rect.y = (int) bounds.origin.y;
  rect.width = MAX (1, (int) bounds.size.width);
  rect.height = MAX (1, (int) bounds.size.height);
  gtk_popover_set_pointing_to (popover, &rect);
}

/**
 * kh_preview_view_explain:
 * @position: a record's position in the samples
 * @target: the target field of the cell's rule
 *
 * Opens the trace of one cell: the one record is evaluated again with
 * traces on, nothing else.
 *
 * Returns: (transfer none) (nullable): the trace the popover shows, or
 *   %NULL with @error set
 */
KhPreviewTrace *
kh_preview_view_explain (KhPreviewView  *self,
                         guint           position,
                         const char     *target,
                         GError        **error)
{
  KhPreviewResult *result;
  g_autoptr(KhPreviewTrace) trace = NULL;
  KhPreviewRow *row;
  int column;

  g_return_val_if_fail (KH_IS_PREVIEW_VIEW (self), NULL);
  g_return_val_if_fail (target != NULL, NULL);

  result = get_result (self);
  column = result != NULL ? kh_preview_result_find_column (result, target) : -1;
  if (column < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("The preview has no column “%s”"), target);
      return NULL;
    }

  trace = kh_preview_result_explain (result, position, (guint) column, error);
  if (trace == NULL)
    return NULL;

  row = kh_preview_result_get_row (result, position);
  kh_trace_popover_set_trace (self->trace_popover, trace, row);
  if ((guint) column >= MAX_OUTPUT_COLUMNS && g_strcmp0 (self->pinned, target) != 0)
    {
      g_free (self->pinned);
      self->pinned = g_strdup (target);
      sync_columns (self);
    }
  g_free (self->explained);
  self->explained = g_strdup (target);
  self->explained_position = position;

  point_popover (self, GTK_POPOVER (self->trace_popover), row, KH_GRID_CELL_OUTPUT, target);
  gtk_popover_popup (GTK_POPOVER (self->trace_popover));

  return kh_trace_popover_get_trace (self->trace_popover);
}

/* After a recompute, the open trace follows the new result. */
static void
refresh_trace (KhPreviewView *self)
{
  KhPreviewResult *result = get_result (self);
  g_autoptr(KhPreviewTrace) trace = NULL;
  int column;

  if (self->explained == NULL || !gtk_widget_get_visible (GTK_WIDGET (self->trace_popover)))
    return;

  column = result != NULL ? kh_preview_result_find_column (result, self->explained) : -1;
  if (column >= 0 && self->explained_position < kh_preview_result_get_n_records (result))
    trace = kh_preview_result_explain (result, self->explained_position, (guint) column, NULL);

  if (trace == NULL)
    {
      gtk_popover_popdown (GTK_POPOVER (self->trace_popover));
      return;
    }
  kh_trace_popover_set_trace (self->trace_popover, trace,
                              kh_preview_result_get_row (result, self->explained_position));
}

static void
open_editor (KhPreviewView *self,
             KhPreviewRow  *row,
             const char    *column)
{
  KhSampleSet *samples = self->preview != NULL ? kh_preview_get_samples (self->preview) : NULL;
  const char *value;
  g_autofree char *title = NULL;

  if (samples == NULL || kh_sample_set_lookup_column (samples, column) < 0)
    return;

  value = kh_preview_row_lookup_source_value (row, column);
  g_free (self->edit_column);
  self->edit_column = g_strdup (column);
  self->edit_position = kh_preview_row_get_position (row);

  /* Translators: the title of the sample value editor: sample column, record number */
  title = g_strdup_printf (_("%s · record %llu"), column,
                           (unsigned long long) kh_preview_row_get_number (row));
  gtk_label_set_text (self->edit_title, title);
  gtk_editable_set_text (GTK_EDITABLE (self->edit_entry), value != NULL ? value : "");
  gtk_entry_set_placeholder_text (self->edit_entry, value == NULL ? C_("preview value", "null") : NULL);

  point_popover (self, self->edit_popover, row, KH_GRID_CELL_SOURCE, column);
  gtk_popover_popup (self->edit_popover);
  gtk_widget_grab_focus (GTK_WIDGET (self->edit_entry));
}

static void
apply_edit (KhPreviewView *self,
            const char    *value)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *column = g_strdup (self->edit_column);

  gtk_popover_popdown (self->edit_popover);
  if (column != NULL && !kh_preview_view_edit_sample (self, self->edit_position, column, value, &error))
    g_signal_emit (self, signals[MESSAGE], 0, error->message);
}

static void
on_edit_entry_activate_cb (KhPreviewView *self)
{
  apply_edit (self, gtk_editable_get_text (GTK_EDITABLE (self->edit_entry)));
}

static void
on_edit_null_clicked_cb (KhPreviewView *self)
{
  apply_edit (self, NULL);
}

static void
on_trace_show_rule_cb (KhPreviewView  *self,
                       const char     *target,
                       int             step,
                       KhTracePopover *popover)
{
  g_signal_emit (self, signals[SHOW_RULE], 0, target, step);
}

static void
on_trace_edit_source_cb (KhPreviewView  *self,
                         const char     *column,
                         const char     *value,
                         KhTracePopover *popover)
{
  g_autoptr(GError) error = NULL;

  if (!kh_preview_view_edit_sample (self, self->explained_position, column, value, &error))
    g_signal_emit (self, signals[MESSAGE], 0, error->message);
}

static void
on_trace_save_golden_cb (KhPreviewView  *self,
                         guint           position,
                         KhTracePopover *popover)
{
  g_autoptr(KhGoldenRecord) golden = NULL;
  g_autoptr(GError) error = NULL;

  golden = kh_preview_view_save_golden (self, position, &error);
  if (golden == NULL)
    g_signal_emit (self, signals[MESSAGE], 0, error->message);
}

/* Explains (or, on a source value, edits) the cursor's cell of the
 * selected row. */
static void
activate_cursor (KhPreviewView *self)
{
  KhPreviewRow *row = selected_row (self);
  GridColumn *column;
  g_autoptr(GError) error = NULL;

  if (row == NULL)
    return;
  if (cursor_column (self) == NULL)
    set_cursor (self, first_output_column (self));
  column = cursor_column (self);
  if (column == NULL)
    return;

  if (column->kind == KH_GRID_CELL_SOURCE)
    open_editor (self, row, column->name);
  else if (column->kind == KH_GRID_CELL_OUTPUT &&
           kh_preview_view_explain (self, kh_preview_row_get_position (row), column->name, &error) == NULL)
    g_signal_emit (self, signals[MESSAGE], 0, error->message);
}

static void
on_column_view_activate_cb (KhPreviewView *self,
                            guint          position)
{
  activate_cursor (self);
}

static gboolean
on_key_pressed_cb (KhPreviewView         *self,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   GtkEventControllerKey *controller)
{
  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK | GDK_SUPER_MASK))
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      set_cursor (self, self->cursor < 0 ? first_output_column (self) : self->cursor - 1);
      return TRUE;

    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      set_cursor (self, self->cursor < 0 ? first_output_column (self) : self->cursor + 1);
      return TRUE;

    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
    case GDK_KEY_F2:
      if (selected_row (self) == NULL)
        return FALSE;
      activate_cursor (self);
      return TRUE;

    default:
      return FALSE;
    }
}

static void
on_cell_pressed_cb (GtkGestureClick *gesture,
                    int              n_press,
                    double           x,
                    double           y,
                    KhPreviewView   *self)
{
  KhGridCell *cell = KH_GRID_CELL (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture)));
  KhPreviewRow *row = kh_grid_cell_get_row (cell);
  int index = find_grid_column (self, kh_grid_cell_get_kind (cell), kh_grid_cell_get_name (cell));
  g_autoptr(GError) error = NULL;

  if (row == NULL)
    return;

  select_row (self, kh_preview_row_get_position (row));
  if (index > 0)
    set_cursor (self, index);

  switch (kh_grid_cell_get_kind (cell))
    {
    case KH_GRID_CELL_OUTPUT:
      if (n_press == 1 &&
          kh_preview_view_explain (self, kh_preview_row_get_position (row), kh_grid_cell_get_name (cell), &error) == NULL)
        g_signal_emit (self, signals[MESSAGE], 0, error->message);
      break;
    case KH_GRID_CELL_SOURCE:
      if (n_press == 2)
        open_editor (self, row, kh_grid_cell_get_name (cell));
      break;
    case KH_GRID_CELL_RECORD:
    default:
      break;
    }
}

/* ---- Columns ------------------------------------------------------------------ */

/* GTK 4.8 does not always tear a cell down before it goes (a removed
 * column drops its cells), so the registry of live cells follows their
 * lifetime rather than the factory's signals. */
static void
on_cell_finalized_cb (gpointer  data,
                      GObject  *where_the_cell_was)
{
  KhPreviewView *self = data;

  g_ptr_array_remove_fast (self->cells, where_the_cell_was);
}

static void
on_cell_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  KhPreviewView            *self)
{
  GridColumn *column = g_object_get_data (G_OBJECT (factory), "kh-grid-column");
  GtkWidget *cell = kh_grid_cell_new (column->kind, column->column, column->name);
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect_object (click, "pressed", G_CALLBACK (on_cell_pressed_cb), self, 0);
  gtk_widget_add_controller (cell, GTK_EVENT_CONTROLLER (click));
  gtk_list_item_set_child (item, cell);
  g_ptr_array_add (self->cells, cell);
  g_object_weak_ref (G_OBJECT (cell), on_cell_finalized_cb, self);
}

static void
on_cell_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 KhPreviewView            *self)
{
  KhGridCell *cell = KH_GRID_CELL (gtk_list_item_get_child (item));
  KhPreviewRow *row = gtk_list_item_get_item (item);
  GridColumn *column = cursor_column (self);

  kh_grid_cell_bind (cell, row);
  kh_grid_cell_set_cursor (cell, column != NULL && gtk_list_item_get_selected (item) &&
                                 cell_is (cell, column->kind, column->name));
}

static void
on_cell_unbind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   KhPreviewView            *self)
{
  kh_grid_cell_unbind (KH_GRID_CELL (gtk_list_item_get_child (item)));
}

static void
free_grid_column (gpointer data)
{
  grid_column_clear (data);
  g_free (data);
}

static GtkColumnViewColumn *
add_column (KhPreviewView  *self,
            KhGridCellKind  kind,
            guint           index,
            const char     *name,
            const char     *title,
            int             width)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *view_column;
  GridColumn column = { kind, index, g_strdup (name), NULL };
  GridColumn *data = g_new0 (GridColumn, 1);

  /* The factory keeps its own copy: its cells are made later. */
  *data = (GridColumn) { kind, index, g_strdup (name), NULL };
  g_object_set_data_full (G_OBJECT (factory), "kh-grid-column", data, free_grid_column);
  g_signal_connect_object (factory, "setup", G_CALLBACK (on_cell_setup_cb), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (on_cell_bind_cb), self, 0);
  g_signal_connect_object (factory, "unbind", G_CALLBACK (on_cell_unbind_cb), self, 0);

  view_column = gtk_column_view_column_new (title, g_object_ref (factory));
  gtk_column_view_column_set_fixed_width (view_column, width);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_append_column (self->column_view, view_column);
  column.view_column = view_column;
  g_array_append_val (self->columns, column);
  g_object_unref (view_column);

  return view_column;
}

/**
 * kh_preview_view_column_title:
 *
 * Returns: (transfer full): the title of a rule's column: the target
 *   field, then its counts (⚠ failed, ✎ changed, ↺ defaulted), e.g.
 *   “Name ⚠2 ✎5”
 */
char *
kh_preview_view_column_title (KhPreviewColumn *column)
{
  GString *title = g_string_new (kh_preview_column_get_target (column));
  guint failed = kh_preview_column_get_n_failed (column);
  guint changed = kh_preview_column_get_count (column, KH_CELL_STATUS_CHANGED);
  guint defaulted = kh_preview_column_get_count (column, KH_CELL_STATUS_DEFAULTED);

  if (failed > 0 || changed > 0 || defaulted > 0)
    g_string_append_c (title, ' ');
  if (failed > 0)
    g_string_append_printf (title, " ⚠%u", failed);
  if (changed > 0)
    g_string_append_printf (title, " ✎%u", changed);
  if (defaulted > 0)
    g_string_append_printf (title, " ↺%u", defaulted);

  return g_string_free (title, FALSE);
}

static int
title_width (const char *title,
             int         minimum)
{
  return CLAMP (8 * (int) g_utf8_strlen (title, -1) + 36, minimum, MAX_WIDTH);
}

/* How many rows a column's width is guessed from. */
#define WIDTH_SAMPLE_ROWS 100

/* A width for a column from its title and the values of the first rows
 * (wide characters count twice), so that most values show whole and the
 * width never changes while scrolling. */
static int
column_width (KhPreviewResult *result,
              KhGridCellKind   kind,
              guint            column,
              const char      *name,
              const char      *title,
              int              minimum)
{
  int chars = 0;

  for (guint r = 0; r < MIN (kh_preview_result_get_n_records (result), WIDTH_SAMPLE_ROWS); r++)
    {
      KhPreviewRow *row = kh_preview_result_get_row (result, r);
      const char *value = kind == KH_GRID_CELL_OUTPUT ? kh_preview_row_get_value (row, column)
                                                             : kh_preview_row_lookup_source_value (row, name);
      int width = 0;

      for (const char *p = value; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
        width += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;
      chars = MAX (chars, width);
    }

  return MAX (title_width (title, minimum), CLAMP (8 * chars + 44, minimum, MAX_WIDTH));
}

static gboolean
column_shown (KhPreviewView   *self,
              guint            index,
              KhPreviewColumn *column)
{
  const char *target = kh_preview_column_get_target (column);

  return index < MAX_OUTPUT_COLUMNS ||
         g_strcmp0 (target, self->pinned) == 0 ||
         (self->preview != NULL && g_strcmp0 (target, kh_preview_get_filter_target (self->preview)) == 0);
}

static char *
describe_layout (KhPreviewView *self)
{
  KhPreviewResult *result = get_result (self);
  KhSampleSet *samples = result != NULL ? kh_preview_result_get_samples (result) : NULL;
  g_autoptr(GHashTable) shown = g_hash_table_new (g_str_hash, g_str_equal);
  GString *layout = g_string_new ("#");

  if (result == NULL)
    return g_string_free (layout, FALSE);

  for (guint c = 0; c < kh_preview_result_get_n_columns (result); c++)
    {
      KhPreviewColumn *column = kh_preview_result_get_column (result, c);
      const char * const *sources = kh_preview_column_get_sources (column);

      if (!column_shown (self, c, column))
        continue;
      for (guint s = 0; self->show_sources && sources != NULL && sources[s] != NULL; s++)
        if (samples != NULL && kh_sample_set_lookup_column (samples, sources[s]) >= 0 &&
            g_hash_table_add (shown, (gpointer) sources[s]))
          g_string_append_printf (layout, "\x1fs%s", sources[s]);
      g_string_append_printf (layout, "\x1ft%s", kh_preview_column_get_target (column));
    }

  return g_string_free (layout, FALSE);
}

static void
update_titles (KhPreviewView *self)
{
  KhPreviewResult *result = get_result (self);

  for (guint i = 0; result != NULL && i < self->columns->len; i++)
    {
      GridColumn *column = &g_array_index (self->columns, GridColumn, i);
      KhPreviewColumn *info;
      g_autofree char *title = NULL;

      if (column->kind != KH_GRID_CELL_OUTPUT || column->column >= kh_preview_result_get_n_columns (result))
        continue;

      info = kh_preview_result_get_column (result, column->column);
      title = kh_preview_view_column_title (info);
      if (g_strcmp0 (gtk_column_view_column_get_title (column->view_column), title) != 0)
        gtk_column_view_column_set_title (column->view_column, title);
    }
}

static void
rebuild_columns (KhPreviewView *self)
{
  KhPreviewResult *result = get_result (self);
  KhSampleSet *samples = result != NULL ? kh_preview_result_get_samples (result) : NULL;
  g_autoptr(GHashTable) shown = g_hash_table_new (g_str_hash, g_str_equal);
  GListModel *view_columns = gtk_column_view_get_columns (self->column_view);
  g_autofree char *cursor_name = g_strdup (kh_preview_view_get_cursor_name (self));
  KhGridCellKind cursor_kind = cursor_column (self) != NULL ? cursor_column (self)->kind : KH_GRID_CELL_OUTPUT;

  while (g_list_model_get_n_items (view_columns) > 0)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (view_columns, 0);
      gtk_column_view_remove_column (self->column_view, column);
    }
  g_array_set_size (self->columns, 0);

  /* Translators: the title of the preview's first column, the record number */
  add_column (self, KH_GRID_CELL_RECORD, 0, NULL, C_("preview column", "Record"), RECORD_WIDTH);

  for (guint c = 0; result != NULL && c < kh_preview_result_get_n_columns (result); c++)
    {
      KhPreviewColumn *column = kh_preview_result_get_column (result, c);
      const char * const *sources = kh_preview_column_get_sources (column);
      g_autofree char *title = NULL;

      if (!column_shown (self, c, column))
        continue;
      title = kh_preview_view_column_title (column);
      for (guint s = 0; self->show_sources && sources != NULL && sources[s] != NULL; s++)
        if (samples != NULL && kh_sample_set_lookup_column (samples, sources[s]) >= 0 &&
            g_hash_table_add (shown, (gpointer) sources[s]))
          {
            /* Translators: the title of a source column in the before/after preview, e.g. "KUNNR (source)" */
            g_autofree char *source_title = g_strdup_printf (_("%s (source)"), sources[s]);
            add_column (self, KH_GRID_CELL_SOURCE, 0, sources[s], source_title,
                        column_width (result, KH_GRID_CELL_SOURCE, 0, sources[s], source_title, SOURCE_WIDTH));
          }
      add_column (self, KH_GRID_CELL_OUTPUT, c, kh_preview_column_get_target (column), title,
                  column_width (result, KH_GRID_CELL_OUTPUT, c, NULL, title, MIN_WIDTH));
    }

  g_free (self->layout);
  self->layout = describe_layout (self);

  self->cursor = cursor_name != NULL ? find_grid_column (self, cursor_kind, cursor_name) : -1;
  if (self->cursor < 0 && cursor_name != NULL)
    self->cursor = find_grid_column (self, KH_GRID_CELL_OUTPUT, cursor_name);
}

static void
sync_columns (KhPreviewView *self)
{
  g_autofree char *layout = describe_layout (self);

  if (g_strcmp0 (layout, self->layout) != 0)
    rebuild_columns (self);
  else
    update_titles (self);
}

static void
on_columns_changed_cb (KhPreviewView *self)
{
  rebuild_columns (self);
}

/* ---- Filters ------------------------------------------------------------------ */

static const char *
filter_name (KhPreviewFilter filter)
{
  for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
    if (filters[i].filter == filter)
      return filters[i].name;
  return "all";
}

void
kh_preview_view_set_filter (KhPreviewView   *self,
                            KhPreviewFilter  filter)
{
  g_return_if_fail (KH_IS_PREVIEW_VIEW (self));

  if (self->preview != NULL)
    kh_preview_set_filter (self->preview, filter, kh_preview_get_filter_target (self->preview));
  if (self->filter != filter)
    {
      self->filter = filter;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER]);
    }
}

KhPreviewFilter
kh_preview_view_get_filter (KhPreviewView *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_VIEW (self), KH_PREVIEW_FILTER_ALL);

  return self->filter;
}

/**
 * kh_preview_view_set_filter_target:
 * @target: (nullable): a rule's target field, or %NULL for every rule
 *
 * The "by rule" filter.
 */
void
kh_preview_view_set_filter_target (KhPreviewView *self,
                                   const char    *target)
{
  g_return_if_fail (KH_IS_PREVIEW_VIEW (self));

  if (self->preview != NULL)
    kh_preview_set_filter (self->preview, kh_preview_get_filter (self->preview), target);
}

static void
set_filter_name (KhPreviewView *self,
                 const char    *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
    if (g_strcmp0 (filters[i].name, name) == 0)
      {
        kh_preview_view_set_filter (self, filters[i].filter);
        return;
      }
}

static void
on_rule_selected_cb (KhPreviewView *self)
{
  guint selected = gtk_drop_down_get_selected (self->rule_dropdown);

  if (self->updating || self->preview == NULL || selected == GTK_INVALID_LIST_POSITION)
    return;

  kh_preview_view_set_filter_target (self, selected == 0 ? NULL : gtk_string_list_get_string (self->rules, selected));
}

static void
update_rules (KhPreviewView *self)
{
  KhPreviewResult *result = get_result (self);
  const char *target = self->preview != NULL ? kh_preview_get_filter_target (self->preview) : NULL;
  guint n = result != NULL ? kh_preview_result_get_n_columns (result) : 0;
  guint selected = 0;
  gboolean same = g_list_model_get_n_items (G_LIST_MODEL (self->rules)) == n + 1;

  for (guint c = 0; same && c < n; c++)
    same = g_strcmp0 (gtk_string_list_get_string (self->rules, c + 1),
                      kh_preview_column_get_target (kh_preview_result_get_column (result, c))) == 0;

  self->updating = TRUE;
  if (!same)
    {
      g_autoptr(GPtrArray) names = g_ptr_array_new ();

      g_ptr_array_add (names, (gpointer) _("All rules"));
      for (guint c = 0; c < n; c++)
        g_ptr_array_add (names, (gpointer) kh_preview_column_get_target (kh_preview_result_get_column (result, c)));
      g_ptr_array_add (names, NULL);
      gtk_string_list_splice (self->rules, 0, g_list_model_get_n_items (G_LIST_MODEL (self->rules)),
                              (const char * const *) names->pdata);
    }
  for (guint i = 1; target != NULL && i <= n; i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->rules, i), target) == 0)
      selected = i;
  if (gtk_drop_down_get_selected (self->rule_dropdown) != selected)
    gtk_drop_down_set_selected (self->rule_dropdown, selected);
  self->updating = FALSE;
}

static void
set_count_label (GtkToggleButton *button,
                 const char      *label,
                 guint            count,
                 gboolean         known)
{
  g_autofree char *text = known ? g_strdup_printf ("%s %u", label, count) : g_strdup (label);

  gtk_button_set_label (GTK_BUTTON (button), text);
}

static void
update_counts (KhPreviewView *self)
{
  KhPreviewResult *result = get_result (self);
  const char *target = self->preview != NULL ? kh_preview_get_filter_target (self->preview) : NULL;
  int column = result != NULL && target != NULL ? kh_preview_result_find_column (result, target) : -1;
  gboolean known = result != NULL && (target == NULL || column >= 0);

  if (target == NULL)
    column = -1;

#define COUNT(f) (known ? kh_preview_result_count (result, (f), column) : 0)
  set_count_label (self->filter_all_button, _("All"), COUNT (KH_PREVIEW_FILTER_ALL), known);
  set_count_label (self->filter_errors_button, _("⚠ Errors"), COUNT (KH_PREVIEW_FILTER_ERRORS), known);
  set_count_label (self->filter_changed_button, _("✎ Changed"), COUNT (KH_PREVIEW_FILTER_CHANGED), known);
  set_count_label (self->filter_rejected_button, _("✖ Rejected"), COUNT (KH_PREVIEW_FILTER_REJECTED), known);
  set_count_label (self->filter_duplicates_button, _("≡ Duplicates"), COUNT (KH_PREVIEW_FILTER_DUPLICATES), known);
#undef COUNT
}

/* ---- State ---------------------------------------------------------------------- */

static void
append_part (GString    *text,
             const char *part)
{
  if (text->len > 0)
    g_string_append (text, " · ");
  g_string_append (text, part);
}

static char *
describe_result (KhPreviewView *self)
{
  KhPreviewResult *result = get_result (self);
  GString *text = g_string_new (NULL);
  guint n, shown, count;
  g_autofree char *part = NULL;

  if (result == NULL)
    return g_string_free (text, FALSE);

  n = kh_preview_result_get_n_records (result);
  shown = g_list_model_get_n_items (G_LIST_MODEL (self->preview));
  if (shown != n)
    /* Translators: the preview summary when a filter hides records */
    part = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Showing %u of %u record", "Showing %u of %u records", n),
                            shown, n);
  else
    part = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u record", "%u records", n), n);
  append_part (text, part);
  g_clear_pointer (&part, g_free);

  count = kh_preview_result_get_n_outcome (result, KH_OUTCOME_WRITTEN);
  part = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u written", "%u written", count), count);
  append_part (text, part);
  g_clear_pointer (&part, g_free);

  if ((count = kh_preview_result_get_n_outcome (result, KH_OUTCOME_FILTERED)) > 0)
    {
      part = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "⊘ %u filtered out", "⊘ %u filtered out", count), count);
      append_part (text, part);
      g_clear_pointer (&part, g_free);
    }
  if (kh_preview_result_get_abort_position (result) >= 0)
    {
      part = g_strdup_printf (_("a run stops at record %d"), kh_preview_result_get_abort_position (result) + 1);
      append_part (text, part);
      g_clear_pointer (&part, g_free);
    }

  /* Translators: how long the engine took for the preview, in milliseconds */
  part = g_strdup_printf (_("%.1f ms"), kh_preview_result_get_eval_time (result) / 1000.0);
  append_part (text, part);

  return g_string_free (text, FALSE);
}

static void
update_state (KhPreviewView *self)
{
  KhSampleSet *samples = self->preview != NULL ? kh_preview_get_samples (self->preview) : NULL;
  KhPreviewResult *result = get_result (self);
  gboolean computing = self->preview != NULL && kh_preview_get_computing (self->preview);
  const GError *error = self->preview != NULL ? kh_preview_get_error (self->preview) : NULL;
  g_autofree char *summary = describe_result (self);
  const char *page;

  gtk_spinner_set_spinning (self->spinner, computing);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), computing);
  if (computing && summary[0] == '\0')
    gtk_label_set_text (self->summary_label, _("Computing the preview…"));
  else
    gtk_label_set_text (self->summary_label, summary);

  if (error != NULL)
    {
      /* Translators: shown above the preview when the mapping does not compile */
      g_autofree char *text = g_strdup_printf (_("⚠ The preview shows the last version that ran: %s"), error->message);
      gtk_label_set_text (self->error_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);

  if (samples == NULL || kh_sample_set_get_n_rows (samples) == 0)
    page = "empty";
  else if (result != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->preview)) == 0 &&
           kh_preview_result_get_n_records (result) > 0)
    page = "nomatch";
  else
    page = "grid";
  gtk_stack_set_visible_child_name (self->stack, page);

  update_actions (self);
}

static void
on_result_changed_cb (KhPreviewView *self)
{
  sync_columns (self);
  update_rules (self);
  update_counts (self);
  update_state (self);
  refresh_trace (self);
}

static void
on_filter_changed_cb (KhPreviewView *self)
{
  KhPreviewFilter filter = kh_preview_get_filter (self->preview);

  sync_columns (self);
  if (self->filter != filter)
    {
      self->filter = filter;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER]);
    }
  update_rules (self);
  update_counts (self);
  update_state (self);
}

/* The preview replaces all its rows on every recompute; the selection
 * follows the record, not the row object. */
static void
on_items_changing_cb (KhPreviewView *self)
{
  self->restoring = TRUE;
}

static void
on_items_changed_cb (KhPreviewView *self)
{
  guint item = self->selected_position != G_MAXUINT ? kh_preview_find_item (self->preview, self->selected_position)
                                                    : G_MAXUINT;

  if (item != G_MAXUINT)
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), item, TRUE);
  self->restoring = FALSE;
  update_cursor_cells (self);
  update_state (self);
}

/* ---- Editing -------------------------------------------------------------------- */

/**
 * kh_preview_view_edit_sample:
 * @position: a record's position in the samples
 * @column: a sample column
 * @value: (nullable): the new value, %NULL for null
 *
 * Edits one sample value by hand, as one undoable edit of the document.
 *
 * Returns: %TRUE when the value is set (or already was)
 */
gboolean
kh_preview_view_edit_sample (KhPreviewView  *self,
                             guint           position,
                             const char     *column,
                             const char     *value,
                             GError        **error)
{
  KhSampleSet *samples;
  g_autoptr(KhSampleSet) edited = NULL;
  g_autofree char *label = NULL;
  int index;

  g_return_val_if_fail (KH_IS_PREVIEW_VIEW (self), FALSE);
  g_return_val_if_fail (column != NULL, FALSE);

  samples = self->document != NULL ? kh_document_get_samples (self->document) : NULL;
  index = samples != NULL ? kh_sample_set_lookup_column (samples, column) : -1;
  if (index < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The sample records have no column “%s”: import samples that have it to try a value"), column);
      return FALSE;
    }
  if (position >= kh_sample_set_get_n_rows (samples))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("There is no sample record %u"), position + 1);
      return FALSE;
    }
  if (g_strcmp0 (kh_sample_set_get_value (samples, position, (guint) index), value) == 0)
    return TRUE;

  edited = kh_samples_set_value (samples, position, (guint) index, value);
  /* Translators: an undo label, e.g. "Edit sample record 3, KUNNR" */
  label = g_strdup_printf (_("Edit sample record %u, %s"), position + 1, column);
  kh_document_begin_edit (self->document, label, NULL);
  kh_document_set_samples (self->document, edited);
  kh_document_end_edit (self->document);

  return TRUE;
}

/**
 * kh_preview_view_save_golden:
 * @position: a record's position in the samples
 *
 * Saves a sample record and its current output as a golden test record
 * of the mapping (one undoable edit), which `kakehashi-run test` checks.
 *
 * Returns: (transfer full) (nullable): the golden record added, or %NULL
 *   with @error set
 */
KhGoldenRecord *
kh_preview_view_save_golden (KhPreviewView  *self,
                             guint           position,
                             GError        **error)
{
  KhPreviewResult *result;
  KhMapping *mapping;
  KhPreviewRow *row;
  g_autoptr(KhGoldenRecord) golden = NULL;
  g_autofree char *name = NULL;
  g_autofree char *label = NULL;
  g_autofree char *message = NULL;

  g_return_val_if_fail (KH_IS_PREVIEW_VIEW (self), NULL);

  result = get_result (self);
  if (self->document == NULL || result == NULL || kh_preview_get_computing (self->preview))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                   _("The preview is being computed; save the golden test record when it is done"));
      return NULL;
    }

  row = kh_preview_result_get_row (result, position);
  if (row == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("There is no sample record %u"), position + 1);
      return NULL;
    }

  mapping = kh_document_get_mapping (self->document);
  name = kh_samples_unique_golden_name (mapping, kh_preview_row_get_number (row));
  golden = kh_preview_result_make_golden_record (result, position, name, error);
  if (golden == NULL)
    return NULL;

  /* Translators: an undo label, e.g. "Save “Sample record 12” as a golden test" */
  label = g_strdup_printf (_("Save “%s” as a golden test"), name);
  kh_document_begin_edit (self->document, label, NULL);
  kh_mapping_add_golden_record (mapping, golden);
  kh_document_end_edit (self->document);

  message = g_strdup_printf (_("Saved “%s” as a golden test record: “kakehashi-run test” checks it"), name);
  g_signal_emit (self, signals[MESSAGE], 0, message);

  return g_steal_pointer (&golden);
}

/**
 * kh_preview_view_reveal_cell:
 * @position: a record's position in the samples
 * @target: (nullable): the rule's target field whose cell to put the
 *   keyboard cursor on
 *
 * Scrolls to a record and selects it (showing every record first when
 * the filter hides it), for a jump from the problems list.
 *
 * Returns: whether the record is shown
 */
gboolean
kh_preview_view_reveal_cell (KhPreviewView *self,
                             guint          position,
                             const char    *target)
{
  int index;

  g_return_val_if_fail (KH_IS_PREVIEW_VIEW (self), FALSE);

  if (self->preview == NULL || get_result (self) == NULL ||
      position >= kh_preview_result_get_n_records (get_result (self)))
    return FALSE;

  if (kh_preview_find_item (self->preview, position) == G_MAXUINT)
    kh_preview_set_filter (self->preview, KH_PREVIEW_FILTER_ALL, NULL);
  if (!select_row (self, position))
    return FALSE;

  if (target != NULL && find_grid_column (self, KH_GRID_CELL_OUTPUT, target) < 0)
    {
      g_free (self->pinned);
      self->pinned = g_strdup (target);
      sync_columns (self);
    }
  index = target != NULL ? find_grid_column (self, KH_GRID_CELL_OUTPUT, target) : -1;
  if (index > 0)
    set_cursor (self, index);
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
  return TRUE;
}

/* ---- Actions -------------------------------------------------------------------- */

static void
save_golden_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  KhPreviewView *self = KH_PREVIEW_VIEW (widget);
  guint position = kh_preview_view_get_selected (self);

  if (position != G_MAXUINT)
    on_trace_save_golden_cb (self, position, NULL);
}

static void
explain_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  activate_cursor (KH_PREVIEW_VIEW (widget));
}

static void
show_all_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  KhPreviewView *self = KH_PREVIEW_VIEW (widget);

  if (self->preview != NULL)
    kh_preview_set_filter (self->preview, KH_PREVIEW_FILTER_ALL, NULL);
}

/* ---- GObject -------------------------------------------------------------------- */

static void
disconnect_preview (KhPreviewView *self)
{
  if (self->preview == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->preview, self);
  gtk_column_view_set_model (self->column_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->preview);
}

static void
kh_preview_view_dispose (GObject *object)
{
  KhPreviewView *self = (KhPreviewView *) object;

  disconnect_preview (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), KH_TYPE_PREVIEW_VIEW);
  g_clear_object (&self->document);
  g_clear_object (&self->rules);

  G_OBJECT_CLASS (kh_preview_view_parent_class)->dispose (object);
}

static void
kh_preview_view_finalize (GObject *object)
{
  KhPreviewView *self = (KhPreviewView *) object;

  g_clear_pointer (&self->columns, g_array_unref);
  for (guint i = 0; i < self->cells->len; i++)
    g_object_weak_unref (g_ptr_array_index (self->cells, i), on_cell_finalized_cb, self);
  g_clear_pointer (&self->cells, g_ptr_array_unref);
  g_free (self->layout);
  g_free (self->explained);
  g_free (self->edit_column);
  g_free (self->pinned);

  G_OBJECT_CLASS (kh_preview_view_parent_class)->finalize (object);
}

static void
kh_preview_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  KhPreviewView *self = KH_PREVIEW_VIEW (object);

  switch (prop_id)
    {
    case PROP_FILTER:
      g_value_set_string (value, filter_name (self->filter));
      break;
    case PROP_SHOW_SOURCES:
      g_value_set_boolean (value, self->show_sources);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_preview_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  KhPreviewView *self = KH_PREVIEW_VIEW (object);

  switch (prop_id)
    {
    case PROP_FILTER:
      set_filter_name (self, g_value_get_string (value));
      break;
    case PROP_SHOW_SOURCES:
      kh_preview_view_set_show_sources (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_preview_view_class_init (KhPreviewViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kh_preview_view_dispose;
  object_class->finalize = kh_preview_view_finalize;
  object_class->get_property = kh_preview_view_get_property;
  object_class->set_property = kh_preview_view_set_property;

  /**
   * KhPreviewView:filter:
   *
   * Which records the grid shows: "all", "errors", "changed",
   * "defaulted", "rejected", "duplicates", "filtered" or "written".
   */
  properties[PROP_FILTER] =
    g_param_spec_string ("filter", NULL, NULL, "all",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_SOURCES] =
    g_param_spec_boolean ("show-sources", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KhPreviewView::show-rule:
   * @target: a rule's target field
   * @step_index: a step of it, or -1
   *
   * The analyst asked to see a rule (and step) in the inspector.
   */
  signals[SHOW_RULE] =
    g_signal_new ("show-rule", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_INT);

  /**
   * KhPreviewView::message:
   * @message: a sentence for the status line
   */
  signals[MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/kh-preview-view.ui");
  gtk_widget_class_set_css_name (widget_class, "previewview");
  gtk_widget_class_bind_template_child (widget_class, KhPreviewView, column_view);
  gtk_widget_class_bind_template_child (widget_class, KhPreviewView, edit_entry);
  gtk_widget_class_bind_template_child (widget_class, KhPreviewView, edit_popover);
  gtk_widget_class_bind_template_child (widget_class, KhPreviewView, edit_title);
  gtk_widget_class_bind_template_child (widget_class, KhPreviewView, error_label);
  gtk_widget_class_bind_template_child (widget_class, KhPreviewView, filter_all_button);
  gtk_widget_class_bind_template_child (widget_class, KhPreviewView, filter_changed_button);
  gtk_widget_class_bind_template_child (widget_class, KhPreviewView, filter_duplicates_button);
  gtk_widget_class_bind_template_child (widget_class, KhPreviewView, filter_errors_button);
  gtk_widget_class_bind_template_child (widget_class, KhPreviewView, filter_rejected_button);
  gtk_widget_class_bind_template_child (widget_class, KhPreviewView, rule_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KhPreviewView, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, KhPreviewView, spinner);
  gtk_widget_class_bind_template_child (widget_class, KhPreviewView, stack);
  gtk_widget_class_bind_template_child (widget_class, KhPreviewView, summary_label);
  gtk_widget_class_bind_template_child (widget_class, KhPreviewView, toolbar);
  gtk_widget_class_bind_template_child (widget_class, KhPreviewView, trace_popover);
  gtk_widget_class_bind_template_callback (widget_class, on_column_view_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_edit_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_edit_null_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_key_pressed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_rule_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_trace_edit_source_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_trace_save_golden_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_trace_show_rule_cb);

  gtk_widget_class_install_property_action (widget_class, "preview.filter", "filter");
  gtk_widget_class_install_property_action (widget_class, "preview.show-sources", "show-sources");
  gtk_widget_class_install_action (widget_class, "preview.save-golden", NULL, save_golden_action);
  gtk_widget_class_install_action (widget_class, "preview.explain", NULL, explain_action);
  gtk_widget_class_install_action (widget_class, "preview.show-all", NULL, show_all_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "preview.save-golden", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_G, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "preview.save-golden", NULL);

  g_type_ensure (KH_TYPE_TRACE_POPOVER);
}

static void
kh_preview_view_init (KhPreviewView *self)
{
  self->columns = g_array_new (FALSE, TRUE, sizeof (GridColumn));
  g_array_set_clear_func (self->columns, grid_column_clear);
  self->cells = g_ptr_array_new ();
  self->rules = gtk_string_list_new (NULL);
  self->cursor = -1;
  self->selected_position = G_MAXUINT;

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_drop_down_set_model (self->rule_dropdown, G_LIST_MODEL (self->rules));
  rebuild_columns (self);
  update_rules (self);
  update_counts (self);
  update_state (self);
}

/**
 * kh_preview_view_set_preview:
 * @preview: (nullable): the live preview to show
 */
void
kh_preview_view_set_preview (KhPreviewView *self,
                             KhPreview     *preview)
{
  g_return_if_fail (KH_IS_PREVIEW_VIEW (self));
  g_return_if_fail (preview == NULL || KH_IS_PREVIEW (preview));

  if (self->preview == preview)
    return;

  disconnect_preview (self);
  if (preview != NULL)
    {
      self->preview = g_object_ref (preview);
      /* Before the selection model's own handler, and after it. */
      g_signal_connect_object (preview, "items-changed", G_CALLBACK (on_items_changing_cb), self, G_CONNECT_SWAPPED);
      self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (preview)));
      gtk_single_selection_set_autoselect (self->selection, FALSE);
      gtk_single_selection_set_can_unselect (self->selection, TRUE);
      g_signal_connect_object (preview, "items-changed", G_CALLBACK (on_items_changed_cb), self,
                               G_CONNECT_SWAPPED | G_CONNECT_AFTER);
      g_signal_connect_object (self->selection, "selection-changed", G_CALLBACK (on_selection_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (preview, "columns-changed", G_CALLBACK (on_columns_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (preview, "notify::result", G_CALLBACK (on_result_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (preview, "notify::computing", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (preview, "notify::error", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (preview, "notify::samples", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (preview, "notify::filter", G_CALLBACK (on_filter_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (preview, "notify::filter-target", G_CALLBACK (on_filter_changed_cb), self,
                               G_CONNECT_SWAPPED);
      gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
      self->filter = kh_preview_get_filter (preview);
    }

  rebuild_columns (self);
  update_rules (self);
  update_counts (self);
  update_state (self);
}

/**
 * kh_preview_view_get_preview:
 *
 * Returns: (transfer none) (nullable): the preview shown
 */
KhPreview *
kh_preview_view_get_preview (KhPreviewView *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_VIEW (self), NULL);

  return self->preview;
}

/**
 * kh_preview_view_set_document:
 *
 * The document that sample edits and golden records go into (as undoable
 * edits).
 */
void
kh_preview_view_set_document (KhPreviewView *self,
                              KhDocument    *document)
{
  g_return_if_fail (KH_IS_PREVIEW_VIEW (self));
  g_return_if_fail (document == NULL || KH_IS_DOCUMENT (document));

  g_set_object (&self->document, document);
  update_actions (self);
}

/**
 * kh_preview_view_get_column_view:
 *
 * Returns: (transfer none): the grid
 */
GtkColumnView *
kh_preview_view_get_column_view (KhPreviewView *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_VIEW (self), NULL);

  return self->column_view;
}

/**
 * kh_preview_view_get_trace_popover:
 *
 * Returns: (transfer none): the popover that explains a cell
 */
KhTracePopover *
kh_preview_view_get_trace_popover (KhPreviewView *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_VIEW (self), NULL);

  return self->trace_popover;
}

/**
 * kh_preview_view_set_show_sources:
 *
 * Shows each rule's source values beside its output ("before / after").
 */
void
kh_preview_view_set_show_sources (KhPreviewView *self,
                                  gboolean       show_sources)
{
  g_return_if_fail (KH_IS_PREVIEW_VIEW (self));

  show_sources = !!show_sources;
  if (self->show_sources == show_sources)
    return;

  self->show_sources = show_sources;
  rebuild_columns (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_SOURCES]);
}

gboolean
kh_preview_view_get_show_sources (KhPreviewView *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW_VIEW (self), FALSE);

  return self->show_sources;
}
