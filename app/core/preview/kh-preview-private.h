/* kh-preview-private.h: constructors shared inside the preview layer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kh-preview-cell.h"
#include "kh-preview-column.h"
#include "kh-preview-data-private.h"
#include "kh-preview-result.h"
#include "kh-preview-row.h"
#include "kh-preview-trace.h"
#include "kh-preview-trace-entry.h"

G_BEGIN_DECLS

KhPreviewColumn     *_kh_preview_column_new      (KhPreviewData        *data,
                                                  guint                 index);
KhPreviewRow        *_kh_preview_row_new         (KhPreviewData        *data,
                                                  guint                 position);
KhPreviewData       *_kh_preview_row_get_data    (KhPreviewRow         *row);
KhPreviewCell       *_kh_preview_cell_new        (KhPreviewData        *data,
                                                  guint                 row,
                                                  guint                 column);
KhPreviewResult     *_kh_preview_result_new      (KhPreviewData        *data);
KhPreviewData       *_kh_preview_result_get_data (KhPreviewResult      *result);
KhPreviewTraceEntry *_kh_preview_trace_entry_new (const KhTraceEntry   *entry);
KhPreviewTrace      *_kh_preview_trace_new       (KhPreviewData        *data,
                                                  guint                 row,
                                                  guint                 column,
                                                  const KhRecordResult *result,
                                                  GPtrArray            *entries);
KhPreviewTrace      *_kh_preview_data_explain    (KhPreviewData        *data,
                                                  guint                 position,
                                                  guint                 column,
                                                  GError              **error);

G_END_DECLS
