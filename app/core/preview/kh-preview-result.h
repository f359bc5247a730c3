/* kh-preview-result.h: the sample records through one version of the
 * mapping, immutable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kh-golden-record.h"
#include "kh-preview-column.h"
#include "kh-preview-row.h"
#include "kh-preview-trace.h"
#include "kh-preview-types.h"
#include "kh-sample-set.h"

G_BEGIN_DECLS

#define KH_TYPE_PREVIEW_RESULT (kh_preview_result_get_type ())

G_DECLARE_FINAL_TYPE (KhPreviewResult, kh_preview_result, KH, PREVIEW_RESULT, GObject)

KhSampleSet        *kh_preview_result_get_samples          (KhPreviewResult  *self);
const char         *kh_preview_result_get_mapping_name     (KhPreviewResult  *self);
const char * const *kh_preview_result_get_source_columns   (KhPreviewResult  *self);
const char * const *kh_preview_result_get_missing_columns  (KhPreviewResult  *self);
KhPreviewFlags      kh_preview_result_get_flags            (KhPreviewResult  *self);

guint               kh_preview_result_get_n_records        (KhPreviewResult  *self);
guint               kh_preview_result_get_n_outcome        (KhPreviewResult  *self,
                                                            KhOutcome         outcome);
int                 kh_preview_result_get_abort_position   (KhPreviewResult  *self);
gboolean            kh_preview_result_has_dedupe           (KhPreviewResult  *self);
KhDedupeKeep        kh_preview_result_get_dedupe_keep      (KhPreviewResult  *self);
gint64              kh_preview_result_get_eval_time        (KhPreviewResult  *self);

guint               kh_preview_result_get_n_columns        (KhPreviewResult  *self);
KhPreviewColumn    *kh_preview_result_get_column           (KhPreviewResult  *self,
                                                            guint             column);
int                 kh_preview_result_find_column          (KhPreviewResult  *self,
                                                            const char       *target);
GListModel         *kh_preview_result_get_columns          (KhPreviewResult  *self);
gboolean            kh_preview_result_same_columns         (KhPreviewResult  *a,
                                                            KhPreviewResult  *b);

KhPreviewRow       *kh_preview_result_get_row              (KhPreviewResult  *self,
                                                            guint             position);
gboolean            kh_preview_result_row_matches          (KhPreviewResult  *self,
                                                            guint             position,
                                                            KhPreviewFilter   filter,
                                                            int               column);
guint              *kh_preview_result_filter               (KhPreviewResult  *self,
                                                            KhPreviewFilter   filter,
                                                            int               column,
                                                            guint            *n_positions);
guint               kh_preview_result_count                (KhPreviewResult  *self,
                                                            KhPreviewFilter   filter,
                                                            int               column);

gboolean            kh_preview_result_can_explain          (KhPreviewResult  *self);
KhPreviewTrace     *kh_preview_result_explain              (KhPreviewResult  *self,
                                                            guint             position,
                                                            guint             column,
                                                            GError          **error);

KhGoldenRecord     *kh_preview_result_make_golden_record   (KhPreviewResult  *self,
                                                            guint             position,
                                                            const char       *name,
                                                            GError          **error);

G_END_DECLS
