/* kh-grid-cell.c: one cell of the preview grid
 *
 * A tiny leaf built in C, like the field rows: a status marker (a glyph,
 * so that the status reads without colour: ⚠ failed, ✎ changed, ↺
 * defaulted, ∅ null) and the value in an inscription. The status is also
 * a CSS class (ok, changed, defaulted, null, error, failed) that
 * style.css tints with the theme's named colours, and the record's
 * outcome is a class on every cell of its row (row-rejected,
 * row-duplicate, row-filtered), so the whole row reads as dropped. The
 * record-number cell says the outcome in words as well.
 *
 * A cell shows one of three things: the record number and outcome, one
 * output column (a rule's cell), or one sample column (the source value,
 * for the before-and-after view). It never computes anything: it reads
 * the KhPreviewRow the engine made.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-grid-cell"

#include "config.h"

#include <glib/gi18n.h>

#include "kh-grid-cell.h"

struct _KhGridCell
{
  GtkWidget       parent_instance;

  /* Child widgets */
  GtkLabel       *marker;
  GtkInscription *text;

  /* Owned */
  KhPreviewRow   *row;
  char           *name;

  KhGridCellKind  kind;
  guint           column;
  const char     *status_class;   /* static */
  const char     *outcome_class;  /* static */
};

G_DEFINE_FINAL_TYPE (KhGridCell, kh_grid_cell, GTK_TYPE_WIDGET)

static void
kh_grid_cell_dispose (GObject *object)
{
  KhGridCell *self = (KhGridCell *) object;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->row);

  G_OBJECT_CLASS (kh_grid_cell_parent_class)->dispose (object);
}

static void
kh_grid_cell_finalize (GObject *object)
{
  KhGridCell *self = (KhGridCell *) object;

  g_free (self->name);

  G_OBJECT_CLASS (kh_grid_cell_parent_class)->finalize (object);
}

static void
kh_grid_cell_class_init (KhGridCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kh_grid_cell_dispose;
  object_class->finalize = kh_grid_cell_finalize;

  gtk_widget_class_set_css_name (widget_class, "gridcell");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GRID_CELL);
}

static void
kh_grid_cell_init (KhGridCell *self)
{
  GtkBoxLayout *layout = GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self)));

  gtk_box_layout_set_spacing (layout, 4);

  self->marker = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->marker), "marker");
  gtk_widget_set_visible (GTK_WIDGET (self->marker), FALSE);
  gtk_widget_set_parent (GTK_WIDGET (self->marker), GTK_WIDGET (self));

  self->text = GTK_INSCRIPTION (gtk_inscription_new (NULL));
  gtk_inscription_set_min_chars (self->text, 3);
  gtk_inscription_set_nat_chars (self->text, 12);
  gtk_inscription_set_text_overflow (self->text, GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_widget_set_hexpand (GTK_WIDGET (self->text), TRUE);
  gtk_widget_set_parent (GTK_WIDGET (self->text), GTK_WIDGET (self));
}

/**
 * kh_grid_cell_new:
 * @kind: what the cell shows
 * @column: the output column (%KH_GRID_CELL_OUTPUT); unused otherwise
 * @name: (nullable): the target field (output) or sample column (source)
 */
GtkWidget *
kh_grid_cell_new (KhGridCellKind  kind,
                  guint           column,
                  const char     *name)
{
  KhGridCell *self = g_object_new (KH_TYPE_GRID_CELL, NULL);

  self->kind = kind;
  self->column = column;
  self->name = g_strdup (name);
  switch (kind)
    {
    case KH_GRID_CELL_RECORD:
      gtk_widget_add_css_class (GTK_WIDGET (self), "record");
      gtk_inscription_set_min_chars (self->text, 2);
      gtk_inscription_set_nat_chars (self->text, 4);
      break;
    case KH_GRID_CELL_SOURCE:
      gtk_widget_add_css_class (GTK_WIDGET (self), "source");
      break;
    case KH_GRID_CELL_OUTPUT:
    default:
      break;
    }

  return GTK_WIDGET (self);
}

KhGridCellKind
kh_grid_cell_get_kind (KhGridCell *self)
{
  g_return_val_if_fail (KH_IS_GRID_CELL (self), KH_GRID_CELL_OUTPUT);

  return self->kind;
}

/**
 * kh_grid_cell_get_column:
 *
 * Returns: the output column an output cell shows
 */
guint
kh_grid_cell_get_column (KhGridCell *self)
{
  g_return_val_if_fail (KH_IS_GRID_CELL (self), 0);

  return self->column;
}

/**
 * kh_grid_cell_get_name:
 *
 * Returns: (nullable): the target field (output cells) or the sample
 *   column (source cells)
 */
const char *
kh_grid_cell_get_name (KhGridCell *self)
{
  g_return_val_if_fail (KH_IS_GRID_CELL (self), NULL);

  return self->name;
}

/**
 * kh_grid_cell_get_row:
 *
 * Returns: (transfer none) (nullable): the record the cell shows
 */
KhPreviewRow *
kh_grid_cell_get_row (KhGridCell *self)
{
  g_return_val_if_fail (KH_IS_GRID_CELL (self), NULL);

  return self->row;
}

/**
 * kh_grid_cell_get_text:
 *
 * Returns: (nullable): the text the cell shows
 */
const char *
kh_grid_cell_get_text (KhGridCell *self)
{
  g_return_val_if_fail (KH_IS_GRID_CELL (self), NULL);

  return gtk_inscription_get_text (self->text);
}

/**
 * kh_grid_cell_get_marker:
 *
 * Returns: the status marker the cell shows, "" for none
 */
const char *
kh_grid_cell_get_marker (KhGridCell *self)
{
  g_return_val_if_fail (KH_IS_GRID_CELL (self), NULL);

  return gtk_label_get_text (self->marker);
}

/**
 * kh_grid_cell_status_marker:
 * @failed: whether the cell's rule failed (a null or defaulted cell can
 *   hide a failure)
 *
 * Returns: the glyph that marks a status without colour, "" for ok
 */
const char *
kh_grid_cell_status_marker (KhCellStatus status,
                            gboolean     failed)
{
  if (failed || status == KH_CELL_STATUS_ERROR)
    return "⚠";

  switch (status)
    {
    case KH_CELL_STATUS_CHANGED:   return "✎";
    case KH_CELL_STATUS_DEFAULTED: return "↺";
    case KH_CELL_STATUS_NULL:      return "∅";
    case KH_CELL_STATUS_OK:
    case KH_CELL_STATUS_ERROR:
    default:                       return "";
    }
}

/**
 * kh_grid_cell_outcome_marker:
 *
 * Returns: the glyph that marks a record's outcome, "" for written
 */
const char *
kh_grid_cell_outcome_marker (KhOutcome outcome)
{
  switch (outcome)
    {
    case KH_OUTCOME_REJECTED:  return "✖";
    case KH_OUTCOME_DUPLICATE: return "≡";
    case KH_OUTCOME_FILTERED:  return "⊘";
    case KH_OUTCOME_WRITTEN:
    default:                   return "";
    }
}

static const char *
status_class (KhCellStatus status)
{
  switch (status)
    {
    case KH_CELL_STATUS_CHANGED:   return "changed";
    case KH_CELL_STATUS_DEFAULTED: return "defaulted";
    case KH_CELL_STATUS_NULL:      return "null";
    case KH_CELL_STATUS_ERROR:     return "error";
    case KH_CELL_STATUS_OK:
    default:                       return "ok";
    }
}

static const char *
outcome_class (KhOutcome outcome)
{
  switch (outcome)
    {
    case KH_OUTCOME_REJECTED:  return "row-rejected";
    case KH_OUTCOME_DUPLICATE: return "row-duplicate";
    case KH_OUTCOME_FILTERED:  return "row-filtered";
    case KH_OUTCOME_WRITTEN:
    default:                   return NULL;
    }
}

static const char *
outcome_label (KhPreviewRow *row)
{
  if (kh_preview_row_is_aborted (row))
    return _("stops the run");

  switch (kh_preview_row_get_outcome (row))
    {
    case KH_OUTCOME_REJECTED:  return _("rejected");
    case KH_OUTCOME_DUPLICATE: return _("duplicate");
    case KH_OUTCOME_FILTERED:  return _("filtered out");
    case KH_OUTCOME_WRITTEN:
    default:                   return _("written");
    }
}

static void
set_classes (KhGridCell *self,
             const char *status,
             const char *outcome)
{
  if (self->status_class != status)
    {
      if (self->status_class != NULL)
        gtk_widget_remove_css_class (GTK_WIDGET (self), self->status_class);
      self->status_class = status;
      if (status != NULL)
        gtk_widget_add_css_class (GTK_WIDGET (self), status);
    }
  if (self->outcome_class != outcome)
    {
      if (self->outcome_class != NULL)
        gtk_widget_remove_css_class (GTK_WIDGET (self), self->outcome_class);
      self->outcome_class = outcome;
      if (outcome != NULL)
        gtk_widget_add_css_class (GTK_WIDGET (self), outcome);
    }
}

static void
set_marker (KhGridCell *self,
            const char *marker)
{
  if (g_strcmp0 (gtk_label_get_text (self->marker), marker) != 0)
    gtk_label_set_text (self->marker, marker);
  gtk_widget_set_visible (GTK_WIDGET (self->marker), marker[0] != '\0');
}

static void
set_text (KhGridCell *self,
          const char *text)
{
  if (g_strcmp0 (gtk_inscription_get_text (self->text), text) != 0)
    gtk_inscription_set_text (self->text, text);
}

static void
bind_record (KhGridCell   *self,
             KhPreviewRow *row)
{
  KhOutcome outcome = kh_preview_row_get_outcome (row);
  g_autofree char *number = g_strdup_printf ("%" G_GUINT64_FORMAT, kh_preview_row_get_number (row));
  g_autofree char *a11y = NULL;
  g_autofree char *tooltip = NULL;

  set_classes (self, NULL, outcome_class (outcome));
  set_marker (self, kh_grid_cell_outcome_marker (outcome));
  if (outcome == KH_OUTCOME_WRITTEN)
    set_text (self, number);
  else
    {
      /* Translators: the record-number cell of a dropped record, e.g. "12 rejected" */
      g_autofree char *text = g_strdup_printf (C_("preview record", "%s %s"), number, outcome_label (row));
      set_text (self, text);
    }

  /* Translators: the accessible label of a record-number cell, e.g. "Record 12, rejected" */
  a11y = g_strdup_printf (_("Record %s, %s"), number, outcome_label (row));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);

  if (kh_preview_row_is_aborted (row))
    tooltip = g_strdup (_("A rule with the on-error policy “abort” fails here: a run stops at this record and writes nothing"));
  else if (outcome == KH_OUTCOME_REJECTED)
    tooltip = g_strdup (_("A rule with the on-error policy “reject” fails: a run writes this record to the rejects"));
  else if (outcome == KH_OUTCOME_DUPLICATE)
    tooltip = g_strdup (_("Another record has the same dedupe key: a run drops this one as a duplicate"));
  else if (outcome == KH_OUTCOME_FILTERED)
    tooltip = g_strdup_printf (_("Record filter %d drops this record"), kh_preview_row_get_failed_filter (row) + 1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip);
}

static void
bind_output (KhGridCell   *self,
             KhPreviewRow *row)
{
  guint column = self->column;
  KhCellStatus status;
  const char *value;
  const char *reason;
  gboolean failed;
  g_autofree char *a11y = NULL;
  g_autofree char *tooltip = NULL;

  /* While the columns are rebuilt a row of the previous result can be
   * bound for a moment; show nothing rather than read past its end. */
  if (column >= kh_preview_row_get_n_columns (row))
    {
      set_classes (self, NULL, NULL);
      set_marker (self, "");
      set_text (self, NULL);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self), NULL);
      return;
    }

  status = kh_preview_row_get_status (row, column);
  failed = kh_preview_row_get_failed (row, column);
  value = kh_preview_row_get_value (row, column);
  reason = kh_preview_row_get_reason (row, column);

  set_classes (self, failed && status != KH_CELL_STATUS_ERROR ? "failed" : status_class (status),
               outcome_class (kh_preview_row_get_outcome (row)));
  set_marker (self, kh_grid_cell_status_marker (status, failed));
  set_text (self, value != NULL ? value : C_("preview value", "null"));

  if (failed && reason != NULL)
    /* Translators: a preview cell's tooltip: the status, then why the rule failed */
    tooltip = g_strdup_printf (_("%s: %s"), kh_cell_status_get_label (status), reason);
  else
    tooltip = g_strdup (kh_cell_status_get_label (status));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip);

  /* Translators: the accessible label of a preview cell, e.g. "Name: ACME Corp, Changed" */
  a11y = g_strdup_printf (_("%s: %s, %s"), self->name != NULL ? self->name : "",
                          value != NULL ? value : C_("preview value", "null"), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
}

static void
bind_source (KhGridCell   *self,
             KhPreviewRow *row)
{
  const char *value = kh_preview_row_lookup_source_value (row, self->name);
  g_autofree char *a11y = NULL;

  set_classes (self, value == NULL ? "null" : NULL, outcome_class (kh_preview_row_get_outcome (row)));
  set_marker (self, "");
  set_text (self, value != NULL ? value : C_("preview value", "null"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), _("The source value as sampled (double-click or F2 to edit it)"));

  /* Translators: the accessible label of a source value in the preview, e.g. "Source KUNNR: 0000100001" */
  a11y = g_strdup_printf (_("Source %s: %s"), self->name,
                          value != NULL ? value : C_("preview value", "null"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
}

/**
 * kh_grid_cell_bind:
 *
 * Shows @row's value in the cell's column.
 */
void
kh_grid_cell_bind (KhGridCell   *self,
                   KhPreviewRow *row)
{
  g_return_if_fail (KH_IS_GRID_CELL (self));
  g_return_if_fail (KH_IS_PREVIEW_ROW (row));

  g_set_object (&self->row, row);
  switch (self->kind)
    {
    case KH_GRID_CELL_RECORD:
      bind_record (self, row);
      break;
    case KH_GRID_CELL_SOURCE:
      bind_source (self, row);
      break;
    case KH_GRID_CELL_OUTPUT:
    default:
      bind_output (self, row);
      break;
    }
}

void
kh_grid_cell_unbind (KhGridCell *self)
{
  g_return_if_fail (KH_IS_GRID_CELL (self));

  g_clear_object (&self->row);
  kh_grid_cell_set_cursor (self, FALSE);
}

/**
 * kh_grid_cell_set_cursor:
 *
 * Marks the cell the keyboard explains (Enter) in the selected row.
 */
void
kh_grid_cell_set_cursor (KhGridCell *self,
                         gboolean    cursor)
{
  g_return_if_fail (KH_IS_GRID_CELL (self));

  if (cursor)
    gtk_widget_add_css_class (GTK_WIDGET (self), "cursor");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "cursor");
}
