/* kh-trace-popover.c: how one preview cell got its value
 *
 * Opened from a cell of the preview grid (a click, or Enter on the
 * selected row): the record and the target field, the outcome in one
 * line (or the failing step and why), then one row per stage of the
 * trace the engine recorded for that one record: the source value(s),
 * the value after each step, the default, the target contract and the
 * on-error policy. The failing stage is marked with ⚠ and the error
 * colour, so it reads without colour too.
 *
 * A source value can be edited in place (an entry row with an apply
 * button), to try a case: the popover emits ::edit-source and the
 * preview view makes it an undoable edit of the samples. A step row
 * selects that step in the inspector, and “Show in Inspector” selects the
 * failing step (or the rule). Nothing here computes: the trace comes from
 * kh_preview_result_explain().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-trace-popover"

#include "config.h"

#include <glib/gi18n.h>

#include <adwaita.h>

#include "kh-grid-cell.h"
#include "kh-trace-popover.h"

struct _KhTracePopover
{
  GtkPopover       parent_instance;

  /* Template widgets */
  GtkListBox      *entries_list;
  GtkButton       *golden_button;
  GtkButton       *inspector_button;
  GtkLabel        *status_label;
  GtkLabel        *title_label;

  /* Owned */
  KhPreviewTrace  *trace;
  KhPreviewRow    *row;
  GPtrArray       *rows;          /* borrowed: the entry rows, in trace order */

  int              failed_index;
};

G_DEFINE_FINAL_TYPE (KhTracePopover, kh_trace_popover, GTK_TYPE_POPOVER)

enum {
  SHOW_RULE,
  EDIT_SOURCE,
  SAVE_GOLDEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
on_entry_activated_cb (KhTracePopover *self,
                       GtkListBoxRow  *row,
                       GtkListBox     *list)
{
  int step = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "step-index"));

  if (self->trace == NULL || !g_object_get_data (G_OBJECT (row), "is-step"))
    return;

  g_signal_emit (self, signals[SHOW_RULE], 0, kh_preview_trace_get_target (self->trace), step);
}

static void
on_source_apply_cb (KhTracePopover *self,
                    AdwEntryRow    *row)
{
  const char *column = g_object_get_data (G_OBJECT (row), "column");

  if (column == NULL)
    return;

  g_signal_emit (self, signals[EDIT_SOURCE], 0, column, gtk_editable_get_text (GTK_EDITABLE (row)));
}

static void
show_rule_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  KhTracePopover *self = KH_TRACE_POPOVER (widget);

  if (self->trace == NULL)
    return;

  gtk_popover_popdown (GTK_POPOVER (self));
  g_signal_emit (self, signals[SHOW_RULE], 0, kh_preview_trace_get_target (self->trace),
                 kh_preview_trace_get_failed (self->trace) ? kh_preview_trace_get_step_index (self->trace) : -1);
}

static void
save_golden_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  KhTracePopover *self = KH_TRACE_POPOVER (widget);

  if (self->row == NULL)
    return;

  g_signal_emit (self, signals[SAVE_GOLDEN], 0, kh_preview_row_get_position (self->row));
}

/* The keyboard starts on the button that goes to the rule, not in the
 * first source value's entry. */
static void
kh_trace_popover_map (GtkWidget *widget)
{
  KhTracePopover *self = KH_TRACE_POPOVER (widget);

  GTK_WIDGET_CLASS (kh_trace_popover_parent_class)->map (widget);
  gtk_widget_grab_focus (GTK_WIDGET (self->inspector_button));
}

static void
kh_trace_popover_dispose (GObject *object)
{
  KhTracePopover *self = (KhTracePopover *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), KH_TYPE_TRACE_POPOVER);
  g_clear_object (&self->trace);
  g_clear_object (&self->row);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (kh_trace_popover_parent_class)->dispose (object);
}

static void
kh_trace_popover_class_init (KhTracePopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kh_trace_popover_dispose;
  widget_class->map = kh_trace_popover_map;

  /**
   * KhTracePopover::show-rule:
   * @target: the rule's target field
   * @step_index: the step to select, or -1 for the rule
   */
  signals[SHOW_RULE] =
    g_signal_new ("show-rule", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_INT);

  /**
   * KhTracePopover::edit-source:
   * @column: the sample column
   * @value: the new value
   *
   * The analyst typed a new source value and applied it.
   */
  signals[EDIT_SOURCE] =
    g_signal_new ("edit-source", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  /**
   * KhTracePopover::save-golden:
   * @position: the record's position in the samples
   */
  signals[SAVE_GOLDEN] =
    g_signal_new ("save-golden", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/kh-trace-popover.ui");
  gtk_widget_class_set_css_name (widget_class, "tracepopover");
  gtk_widget_class_bind_template_child (widget_class, KhTracePopover, entries_list);
  gtk_widget_class_bind_template_child (widget_class, KhTracePopover, golden_button);
  gtk_widget_class_bind_template_child (widget_class, KhTracePopover, inspector_button);
  gtk_widget_class_bind_template_child (widget_class, KhTracePopover, status_label);
  gtk_widget_class_bind_template_child (widget_class, KhTracePopover, title_label);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated_cb);

  gtk_widget_class_install_action (widget_class, "trace.show-rule", NULL, show_rule_action);
  gtk_widget_class_install_action (widget_class, "trace.save-golden", NULL, save_golden_action);
}

static void
kh_trace_popover_init (KhTracePopover *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = g_ptr_array_new ();
  self->failed_index = -1;
}

GtkWidget *
kh_trace_popover_new (void)
{
  return g_object_new (KH_TYPE_TRACE_POPOVER, NULL);
}

static char *
entry_subtitle (KhPreviewTraceEntry *entry)
{
  const char *value = kh_preview_trace_entry_get_value (entry);

  if (kh_preview_trace_entry_get_failed (entry))
    /* Translators: a failed stage of a cell's trace; %s is the reason */
    return g_strdup_printf (_("⚠ Fails: %s"), kh_preview_trace_entry_get_reason (entry) != NULL
                                              ? kh_preview_trace_entry_get_reason (entry) : "");
  if (kh_preview_trace_entry_get_skipped (entry))
    return g_strdup (_("Skipped: there is no value"));
  if (value == NULL)
    return g_strdup (C_("preview value", "null"));
  if (value[0] == '\0')
    return g_strdup (_("(empty text)"));
  return g_strdup (value);
}

static GtkWidget *
make_source_row (KhTracePopover      *self,
                 KhPreviewTraceEntry *entry)
{
  GtkWidget *row = adw_entry_row_new ();
  const char *value = kh_preview_trace_entry_get_value (entry);
  g_autofree char *description = NULL;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), kh_preview_trace_entry_get_title (entry));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (row), value != NULL ? value : "");
  g_object_set_data_full (G_OBJECT (row), "column", g_strdup (kh_preview_trace_entry_get_label (entry)), g_free);
  g_signal_connect_object (row, "apply", G_CALLBACK (on_source_apply_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_css_class (row, "trace-source");
  if (value == NULL)
    gtk_widget_add_css_class (row, "null");

  description = value == NULL ? g_strdup (_("The sample value is null. Type a value and apply it to try a case."))
                              : g_strdup (_("The sample value. Edit it and apply to try a case; undo puts it back."));
  gtk_widget_set_tooltip_text (row, description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);

  return row;
}

static GtkWidget *
make_stage_row (KhTracePopover      *self,
                KhPreviewTraceEntry *entry)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *subtitle = entry_subtitle (entry);
  gboolean failed = kh_preview_trace_entry_get_failed (entry);
  gboolean is_step = kh_preview_trace_entry_get_kind (entry) == KH_TRACE_STEP;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), kh_preview_trace_entry_get_title (entry));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);
  gtk_widget_add_css_class (row, "trace-stage");
  if (failed)
    gtk_widget_add_css_class (row, "failed");
  if (kh_preview_trace_entry_get_value (entry) == NULL && !failed)
    gtk_widget_add_css_class (row, "null");

  if (is_step)
    {
      GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");

      g_object_set_data (G_OBJECT (row), "is-step", GINT_TO_POINTER (TRUE));
      g_object_set_data (G_OBJECT (row), "step-index",
                         GINT_TO_POINTER (kh_preview_trace_entry_get_step_index (entry)));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
      gtk_widget_set_tooltip_text (row, _("Show this step in the inspector"));
    }
  else
    gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);

  return row;
}

static char *
describe_status (KhPreviewTrace *trace)
{
  const char *value = kh_preview_trace_get_value (trace);
  KhCellStatus status = kh_preview_trace_get_status (trace);

  if (kh_preview_trace_get_failed (trace))
    {
      int step = kh_preview_trace_get_step_index (trace);
      const char *reason = kh_preview_trace_get_reason (trace);
      const char *policy = kh_on_error_get_label (kh_preview_trace_get_policy (trace));

      if (step >= 0)
        {
          g_autofree char *stage = NULL;

          for (guint i = 0; stage == NULL && i < g_list_model_get_n_items (G_LIST_MODEL (trace)); i++)
            {
              g_autoptr(KhPreviewTraceEntry) entry = g_list_model_get_item (G_LIST_MODEL (trace), i);

              if (kh_preview_trace_entry_get_kind (entry) == KH_TRACE_STEP &&
                  kh_preview_trace_entry_get_step_index (entry) == step)
                stage = g_strdup (kh_preview_trace_entry_get_title (entry));
            }
          if (stage == NULL)
            /* Translators: a step of a rule, when its name is unknown */
            stage = g_strdup_printf (_("Step %d"), step + 1);

          /* Translators: the outcome of a failed cell: the step (“Step 2: Parse date”), the reason, the on-error policy */
          return g_strdup_printf (_("⚠ %s fails: %s. On error: %s."), stage, reason != NULL ? reason : "", policy);
        }
      /* Translators: the outcome of a cell whose value the target field refuses: reason, policy */
      return g_strdup_printf (_("⚠ The target field refuses the value: %s. On error: %s."),
                              reason != NULL ? reason : "", policy);
    }

  /* Translators: the outcome of a cell: a status marker and name, then the value */
  return g_strdup_printf (_("%s %s: %s"), kh_grid_cell_status_marker (status, FALSE),
                          kh_cell_status_get_label (status),
                          value != NULL ? value : C_("preview value", "null"));
}

/**
 * kh_trace_popover_set_trace:
 * @trace: (nullable): the cell's trace
 * @row: (nullable): the record it belongs to
 *
 * Shows a trace. The popover keeps references to both.
 */
void
kh_trace_popover_set_trace (KhTracePopover *self,
                            KhPreviewTrace *trace,
                            KhPreviewRow   *row)
{
  GtkWidget *child;
  g_autofree char *title = NULL;
  g_autofree char *status = NULL;

  g_return_if_fail (KH_IS_TRACE_POPOVER (self));
  g_return_if_fail (trace == NULL || KH_IS_PREVIEW_TRACE (trace));
  g_return_if_fail (row == NULL || KH_IS_PREVIEW_ROW (row));

  g_set_object (&self->trace, trace);
  g_set_object (&self->row, row);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->entries_list))) != NULL)
    gtk_list_box_remove (self->entries_list, child);
  g_ptr_array_set_size (self->rows, 0);
  self->failed_index = -1;

  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
  if (trace == NULL)
    {
      gtk_label_set_text (self->title_label, "");
      gtk_label_set_text (self->status_label, "");
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "trace.show-rule", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "trace.save-golden", FALSE);
      return;
    }

  if (row != NULL)
    /* Translators: the title of a cell's trace: target field, record number */
    title = g_strdup_printf (_("%s · record %llu"), kh_preview_trace_get_target (trace),
                             (unsigned long long) kh_preview_row_get_number (row));
  else
    title = g_strdup (kh_preview_trace_get_target (trace));
  gtk_label_set_text (self->title_label, title);

  status = describe_status (trace);
  gtk_label_set_text (self->status_label, status);
  if (kh_preview_trace_get_failed (trace))
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (trace)); i++)
    {
      g_autoptr(KhPreviewTraceEntry) entry = g_list_model_get_item (G_LIST_MODEL (trace), i);
      GtkWidget *widget;

      if (kh_preview_trace_entry_get_kind (entry) == KH_TRACE_SOURCE && kh_preview_trace_entry_get_label (entry) != NULL)
        widget = make_source_row (self, entry);
      else
        widget = make_stage_row (self, entry);

      if (kh_preview_trace_entry_get_failed (entry) && self->failed_index < 0)
        self->failed_index = (int) i;
      gtk_list_box_append (self->entries_list, widget);
      g_ptr_array_add (self->rows, widget);
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "trace.show-rule", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "trace.save-golden",
                                 row != NULL && !kh_preview_row_is_aborted (row));
}

/**
 * kh_trace_popover_get_trace:
 *
 * Returns: (transfer none) (nullable): the trace shown
 */
KhPreviewTrace *
kh_trace_popover_get_trace (KhTracePopover *self)
{
  g_return_val_if_fail (KH_IS_TRACE_POPOVER (self), NULL);

  return self->trace;
}

/**
 * kh_trace_popover_get_row:
 *
 * Returns: (transfer none) (nullable): the record the trace belongs to
 */
KhPreviewRow *
kh_trace_popover_get_row (KhTracePopover *self)
{
  g_return_val_if_fail (KH_IS_TRACE_POPOVER (self), NULL);

  return self->row;
}

/**
 * kh_trace_popover_get_status_text:
 *
 * Returns: the one-line outcome shown above the stages
 */
const char *
kh_trace_popover_get_status_text (KhTracePopover *self)
{
  g_return_val_if_fail (KH_IS_TRACE_POPOVER (self), NULL);

  return gtk_label_get_text (self->status_label);
}

guint
kh_trace_popover_get_n_rows (KhTracePopover *self)
{
  g_return_val_if_fail (KH_IS_TRACE_POPOVER (self), 0);

  return self->rows->len;
}

/**
 * kh_trace_popover_get_entry_row:
 *
 * Returns: (transfer none) (nullable): the row of the trace's @index-th
 *   stage: an #AdwEntryRow for a source value, an #AdwActionRow otherwise
 */
GtkWidget *
kh_trace_popover_get_entry_row (KhTracePopover *self,
                                guint           index)
{
  g_return_val_if_fail (KH_IS_TRACE_POPOVER (self), NULL);

  return index < self->rows->len ? g_ptr_array_index (self->rows, index) : NULL;
}

/**
 * kh_trace_popover_get_failed_index:
 *
 * Returns: the index of the first failed stage, or -1
 */
int
kh_trace_popover_get_failed_index (KhTracePopover *self)
{
  g_return_val_if_fail (KH_IS_TRACE_POPOVER (self), -1);

  return self->failed_index;
}
