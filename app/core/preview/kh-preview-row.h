/* kh-preview-row.h: one sample record through the mapping
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "kh-preview-cell.h"
#include "kh-preview-trace.h"
#include "kh-preview-types.h"
#include "kh-types.h"
#include "kh-value.h"

G_BEGIN_DECLS

#define KH_TYPE_PREVIEW_ROW (kh_preview_row_get_type ())

G_DECLARE_FINAL_TYPE (KhPreviewRow, kh_preview_row, KH, PREVIEW_ROW, GObject)

guint          kh_preview_row_get_position       (KhPreviewRow    *self);
guint64        kh_preview_row_get_number         (KhPreviewRow    *self);
KhOutcome      kh_preview_row_get_outcome        (KhPreviewRow    *self);
gboolean       kh_preview_row_is_aborted         (KhPreviewRow    *self);
int            kh_preview_row_get_failed_filter  (KhPreviewRow    *self);

guint          kh_preview_row_get_n_columns      (KhPreviewRow    *self);
const char    *kh_preview_row_get_value          (KhPreviewRow    *self,
                                                  guint            column);
KhValueType    kh_preview_row_get_value_type     (KhPreviewRow    *self,
                                                  guint            column);
KhCellStatus   kh_preview_row_get_status         (KhPreviewRow    *self,
                                                  guint            column);
gboolean       kh_preview_row_get_failed         (KhPreviewRow    *self,
                                                  guint            column);
const char    *kh_preview_row_get_reason         (KhPreviewRow    *self,
                                                  guint            column);
int            kh_preview_row_get_error_step     (KhPreviewRow    *self,
                                                  guint            column);
const char    *kh_preview_row_get_error_step_id  (KhPreviewRow    *self,
                                                  guint            column);
KhPreviewCell *kh_preview_row_get_cell           (KhPreviewRow    *self,
                                                  guint            column);
KhPreviewTrace *kh_preview_row_explain           (KhPreviewRow    *self,
                                                  guint            column,
                                                  GError         **error);

guint          kh_preview_row_get_n_errors       (KhPreviewRow    *self);
gboolean       kh_preview_row_get_error          (KhPreviewRow    *self,
                                                  guint            index,
                                                  guint           *column,
                                                  int             *step_index,
                                                  const char     **step_id,
                                                  const char     **reason,
                                                  KhOnError       *policy);

guint          kh_preview_row_get_n_source_values (KhPreviewRow   *self);
const char    *kh_preview_row_get_source_value   (KhPreviewRow    *self,
                                                  guint            column);
const char    *kh_preview_row_lookup_source_value (KhPreviewRow   *self,
                                                  const char      *name);

gboolean       kh_preview_row_matches            (KhPreviewRow    *self,
                                                  KhPreviewFilter  filter,
                                                  int              column);

G_END_DECLS
