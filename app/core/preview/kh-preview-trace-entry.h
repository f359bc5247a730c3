/* kh-preview-trace-entry.h: one stage of a cell's trace
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "kh-engine.h"

G_BEGIN_DECLS

#define KH_TYPE_PREVIEW_TRACE_ENTRY (kh_preview_trace_entry_get_type ())

G_DECLARE_FINAL_TYPE (KhPreviewTraceEntry, kh_preview_trace_entry, KH, PREVIEW_TRACE_ENTRY, GObject)

KhTraceKind  kh_preview_trace_entry_get_kind       (KhPreviewTraceEntry *self);
int          kh_preview_trace_entry_get_step_index (KhPreviewTraceEntry *self);
const char  *kh_preview_trace_entry_get_label      (KhPreviewTraceEntry *self);
const char  *kh_preview_trace_entry_get_title      (KhPreviewTraceEntry *self);
const char  *kh_preview_trace_entry_get_value      (KhPreviewTraceEntry *self);
KhValueType  kh_preview_trace_entry_get_value_type (KhPreviewTraceEntry *self);
gboolean     kh_preview_trace_entry_get_skipped    (KhPreviewTraceEntry *self);
gboolean     kh_preview_trace_entry_get_failed     (KhPreviewTraceEntry *self);
const char  *kh_preview_trace_entry_get_reason     (KhPreviewTraceEntry *self);

G_END_DECLS
