/* kh-preview.h: the live preview the workbench shows: recomputed after
 * every edit, in a worker, as a list model of rows
 *
 * Including this header gives the whole preview layer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kh-mapping.h"
#include "kh-preview-cell.h"
#include "kh-preview-column.h"
#include "kh-preview-compute.h"
#include "kh-preview-result.h"
#include "kh-preview-row.h"
#include "kh-preview-trace-entry.h"
#include "kh-preview-trace.h"
#include "kh-preview-types.h"
#include "kh-sample-set.h"
#include "kh-samples.h"

G_BEGIN_DECLS

/* The default debounce of kh_preview_queue_update(), in milliseconds. */
#define KH_PREVIEW_DEFAULT_DELAY 150

#define KH_TYPE_PREVIEW (kh_preview_get_type ())

G_DECLARE_FINAL_TYPE (KhPreview, kh_preview, KH, PREVIEW, GObject)

KhPreview       *kh_preview_new               (void);

KhMapping       *kh_preview_get_mapping       (KhPreview        *self);
void             kh_preview_set_mapping       (KhPreview        *self,
                                               KhMapping        *mapping);
KhSampleSet     *kh_preview_get_samples       (KhPreview        *self);
void             kh_preview_set_samples       (KhPreview        *self,
                                               KhSampleSet      *samples);
KhPreviewFlags   kh_preview_get_flags         (KhPreview        *self);
void             kh_preview_set_flags         (KhPreview        *self,
                                               KhPreviewFlags    flags);
guint            kh_preview_get_delay         (KhPreview        *self);
void             kh_preview_set_delay         (KhPreview        *self,
                                               guint             delay_ms);

void             kh_preview_queue_update      (KhPreview        *self);
void             kh_preview_update_now        (KhPreview        *self);
gboolean         kh_preview_get_computing     (KhPreview        *self);

KhPreviewResult *kh_preview_get_result        (KhPreview        *self);
const GError    *kh_preview_get_error         (KhPreview        *self);

KhPreviewFilter  kh_preview_get_filter        (KhPreview        *self);
const char      *kh_preview_get_filter_target (KhPreview        *self);
void             kh_preview_set_filter        (KhPreview        *self,
                                               KhPreviewFilter   filter,
                                               const char       *target);
guint            kh_preview_get_position      (KhPreview        *self,
                                               guint             item);
guint            kh_preview_find_item         (KhPreview        *self,
                                               guint             position);

G_END_DECLS
