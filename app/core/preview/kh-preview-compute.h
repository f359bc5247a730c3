/* kh-preview-compute.h: computing a preview, in a worker or not
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kh-mapping.h"
#include "kh-preview-result.h"
#include "kh-preview-types.h"
#include "kh-sample-set.h"

G_BEGIN_DECLS

KhPreviewResult *kh_preview_compute        (KhMapping            *mapping,
                                            KhSampleSet          *samples,
                                            KhPreviewFlags        flags,
                                            GCancellable         *cancellable,
                                            GError              **error);
void             kh_preview_compute_async  (KhMapping            *mapping,
                                            KhSampleSet          *samples,
                                            KhPreviewFlags        flags,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
KhPreviewResult *kh_preview_compute_finish (GAsyncResult         *result,
                                            GError              **error);

G_END_DECLS
