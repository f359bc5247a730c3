/* kh-preview-view.h: the preview grid: the sample records through the
 * mapping, cell by cell
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kh-document.h"
#include "kh-preview.h"
#include "kh-trace-popover.h"

G_BEGIN_DECLS

#define KH_TYPE_PREVIEW_VIEW (kh_preview_view_get_type ())

G_DECLARE_FINAL_TYPE (KhPreviewView, kh_preview_view, KH, PREVIEW_VIEW, GtkWidget)

void            kh_preview_view_set_document      (KhPreviewView   *self,
                                                   KhDocument      *document);
void            kh_preview_view_set_preview       (KhPreviewView   *self,
                                                   KhPreview       *preview);
KhPreview      *kh_preview_view_get_preview       (KhPreviewView   *self);
GtkColumnView  *kh_preview_view_get_column_view   (KhPreviewView   *self);
KhTracePopover *kh_preview_view_get_trace_popover (KhPreviewView   *self);

void            kh_preview_view_set_filter        (KhPreviewView   *self,
                                                   KhPreviewFilter  filter);
KhPreviewFilter kh_preview_view_get_filter        (KhPreviewView   *self);
void            kh_preview_view_set_filter_target (KhPreviewView   *self,
                                                   const char      *target);
void            kh_preview_view_set_show_sources  (KhPreviewView   *self,
                                                   gboolean         show_sources);
gboolean        kh_preview_view_get_show_sources  (KhPreviewView   *self);

guint           kh_preview_view_get_selected      (KhPreviewView   *self);
gboolean        kh_preview_view_reveal_cell       (KhPreviewView   *self,
                                                   guint            position,
                                                   const char      *target);
const char     *kh_preview_view_get_cursor_name   (KhPreviewView   *self);
KhPreviewTrace *kh_preview_view_explain           (KhPreviewView   *self,
                                                   guint            position,
                                                   const char      *target,
                                                   GError         **error);
gboolean        kh_preview_view_edit_sample       (KhPreviewView   *self,
                                                   guint            position,
                                                   const char      *column,
                                                   const char      *value,
                                                   GError         **error);
KhGoldenRecord *kh_preview_view_save_golden       (KhPreviewView   *self,
                                                   guint            position,
                                                   GError         **error);
char           *kh_preview_view_column_title      (KhPreviewColumn *column);

G_END_DECLS
