/* kh-preview-column.h: one column of the preview grid: a rule's target
 * field, its type, and its counts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "kh-types.h"
#include "kh-value.h"

G_BEGIN_DECLS

#define KH_TYPE_PREVIEW_COLUMN (kh_preview_column_get_type ())

G_DECLARE_FINAL_TYPE (KhPreviewColumn, kh_preview_column, KH, PREVIEW_COLUMN, GObject)

guint               kh_preview_column_get_index       (KhPreviewColumn *self);
const char         *kh_preview_column_get_target      (KhPreviewColumn *self);
const char         *kh_preview_column_get_label       (KhPreviewColumn *self);
const char * const *kh_preview_column_get_sources     (KhPreviewColumn *self);
KhValueType         kh_preview_column_get_value_type  (KhPreviewColumn *self);
gboolean            kh_preview_column_has_field       (KhPreviewColumn *self);
KhFieldType         kh_preview_column_get_field_type  (KhPreviewColumn *self);
KhRequired          kh_preview_column_get_required    (KhPreviewColumn *self);
int                 kh_preview_column_get_max_length  (KhPreviewColumn *self);
KhOnError           kh_preview_column_get_on_error    (KhPreviewColumn *self);
guint               kh_preview_column_get_n_steps     (KhPreviewColumn *self);
guint               kh_preview_column_get_count       (KhPreviewColumn *self,
                                                       KhCellStatus     status);
guint               kh_preview_column_get_n_failed    (KhPreviewColumn *self);
int                 kh_preview_column_get_first_failed (KhPreviewColumn *self);

G_END_DECLS
