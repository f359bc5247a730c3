/* kh-field-row.h: the widget of one row of a schema panel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kh-document.h"
#include "kh-field-item.h"

G_BEGIN_DECLS

#define KH_TYPE_FIELD_ROW (kh_field_row_get_type ())

G_DECLARE_FINAL_TYPE (KhFieldRow, kh_field_row, KH, FIELD_ROW, GtkWidget)

GtkWidget   *kh_field_row_new         (KhSide       side);
void         kh_field_row_bind        (KhFieldRow  *self,
                                       KhFieldItem *item,
                                       const char  *hint,
                                       const char  *links);
void         kh_field_row_unbind      (KhFieldRow  *self);
KhFieldItem *kh_field_row_get_item    (KhFieldRow  *self);
void         kh_field_row_set_drop_highlight (KhFieldRow *self,
                                       gboolean     highlight);

G_END_DECLS
