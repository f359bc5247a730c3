/* kh-preview-trace.h: how one cell got its value, stage by stage
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kh-preview-trace-entry.h"
#include "kh-types.h"
#include "kh-value.h"

G_BEGIN_DECLS

#define KH_TYPE_PREVIEW_TRACE (kh_preview_trace_get_type ())

G_DECLARE_FINAL_TYPE (KhPreviewTrace, kh_preview_trace, KH, PREVIEW_TRACE, GObject)

guint         kh_preview_trace_get_position   (KhPreviewTrace *self);
guint         kh_preview_trace_get_column     (KhPreviewTrace *self);
const char   *kh_preview_trace_get_target     (KhPreviewTrace *self);
const char   *kh_preview_trace_get_value      (KhPreviewTrace *self);
KhValueType   kh_preview_trace_get_value_type (KhPreviewTrace *self);
KhCellStatus  kh_preview_trace_get_status     (KhPreviewTrace *self);
gboolean      kh_preview_trace_get_failed     (KhPreviewTrace *self);
int           kh_preview_trace_get_step_index (KhPreviewTrace *self);
const char   *kh_preview_trace_get_step_id    (KhPreviewTrace *self);
const char   *kh_preview_trace_get_reason     (KhPreviewTrace *self);
KhOnError     kh_preview_trace_get_policy     (KhPreviewTrace *self);

G_END_DECLS
