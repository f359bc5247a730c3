/* kh-trace-popover.h: how one preview cell got its value
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kh-preview.h"

G_BEGIN_DECLS

#define KH_TYPE_TRACE_POPOVER (kh_trace_popover_get_type ())

G_DECLARE_FINAL_TYPE (KhTracePopover, kh_trace_popover, KH, TRACE_POPOVER, GtkPopover)

GtkWidget      *kh_trace_popover_new            (void);
void            kh_trace_popover_set_trace      (KhTracePopover *self,
                                                 KhPreviewTrace *trace,
                                                 KhPreviewRow   *row);
KhPreviewTrace *kh_trace_popover_get_trace      (KhTracePopover *self);
KhPreviewRow   *kh_trace_popover_get_row        (KhTracePopover *self);
const char     *kh_trace_popover_get_status_text (KhTracePopover *self);
guint           kh_trace_popover_get_n_rows     (KhTracePopover *self);
GtkWidget      *kh_trace_popover_get_entry_row  (KhTracePopover *self,
                                                 guint           index);
int             kh_trace_popover_get_failed_index (KhTracePopover *self);

G_END_DECLS
