/* kh-preview-cell.h: one output cell of the preview, as an object
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "kh-types.h"
#include "kh-value.h"

G_BEGIN_DECLS

#define KH_TYPE_PREVIEW_CELL (kh_preview_cell_get_type ())

G_DECLARE_FINAL_TYPE (KhPreviewCell, kh_preview_cell, KH, PREVIEW_CELL, GObject)

guint         kh_preview_cell_get_position   (KhPreviewCell *self);
guint         kh_preview_cell_get_column     (KhPreviewCell *self);
const char   *kh_preview_cell_get_target     (KhPreviewCell *self);
const char   *kh_preview_cell_get_value      (KhPreviewCell *self);
KhValueType   kh_preview_cell_get_value_type (KhPreviewCell *self);
KhCellStatus  kh_preview_cell_get_status     (KhPreviewCell *self);
gboolean      kh_preview_cell_get_failed     (KhPreviewCell *self);
const char   *kh_preview_cell_get_reason     (KhPreviewCell *self);
int           kh_preview_cell_get_step_index (KhPreviewCell *self);
const char   *kh_preview_cell_get_step_id    (KhPreviewCell *self);
KhOnError     kh_preview_cell_get_policy     (KhPreviewCell *self);

G_END_DECLS
