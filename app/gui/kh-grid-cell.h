/* kh-grid-cell.h: one cell of the preview grid
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kh-preview.h"

G_BEGIN_DECLS

typedef enum
{
  KH_GRID_CELL_RECORD,  /* the source record number, and the record's outcome */
  KH_GRID_CELL_OUTPUT,  /* an output column: one rule's cell */
  KH_GRID_CELL_SOURCE,  /* a sample column, for "before and after" */
} KhGridCellKind;

#define KH_TYPE_GRID_CELL (kh_grid_cell_get_type ())

G_DECLARE_FINAL_TYPE (KhGridCell, kh_grid_cell, KH, GRID_CELL, GtkWidget)

GtkWidget      *kh_grid_cell_new         (KhGridCellKind  kind,
                                          guint           column,
                                          const char     *name);
KhGridCellKind  kh_grid_cell_get_kind    (KhGridCell     *self);
guint           kh_grid_cell_get_column  (KhGridCell     *self);
const char     *kh_grid_cell_get_name    (KhGridCell     *self);
KhPreviewRow   *kh_grid_cell_get_row     (KhGridCell     *self);
const char     *kh_grid_cell_get_text    (KhGridCell     *self);
const char     *kh_grid_cell_get_marker  (KhGridCell     *self);
void            kh_grid_cell_bind        (KhGridCell     *self,
                                          KhPreviewRow   *row);
void            kh_grid_cell_unbind      (KhGridCell     *self);
void            kh_grid_cell_set_cursor  (KhGridCell     *self,
                                          gboolean        cursor);

const char     *kh_grid_cell_status_marker (KhCellStatus  status,
                                            gboolean      failed);
const char     *kh_grid_cell_outcome_marker (KhOutcome    outcome);

G_END_DECLS
