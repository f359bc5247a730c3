/* kh-samples.h: making and editing the sample records of a preview
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kh-mapping.h"
#include "kh-preview-types.h"
#include "kh-reader.h"
#include "kh-sample-set.h"

G_BEGIN_DECLS

/* The number of records kh_samples_read() takes by default. */
#define KH_SAMPLES_DEFAULT_COUNT 200

KhSampleSet *kh_samples_read          (const char             *path,
                                       const KhReaderOptions  *options,
                                       KhSampleMode            mode,
                                       guint                   n_records,
                                       guint32                 seed,
                                       GCancellable           *cancellable,
                                       GError                **error);
void         kh_samples_read_async    (const char             *path,
                                       const KhReaderOptions  *options,
                                       KhSampleMode            mode,
                                       guint                   n_records,
                                       guint32                 seed,
                                       GCancellable           *cancellable,
                                       GAsyncReadyCallback     callback,
                                       gpointer                user_data);
KhSampleSet *kh_samples_read_finish   (GAsyncResult           *result,
                                       GError                **error);

KhSampleSet *kh_samples_set_value     (KhSampleSet            *samples,
                                       guint                   row,
                                       guint                   column,
                                       const char             *value);
KhSampleSet *kh_samples_append        (KhSampleSet            *samples,
                                       KhSampleSet            *more);

char        *kh_samples_unique_golden_name (KhMapping         *mapping,
                                            guint64            record_number);

G_END_DECLS
