/* kh-sample-set.h: imported sample records: columns, rows of nullable text,
 * and where they came from
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define KH_TYPE_SAMPLE_SET (kh_sample_set_get_type ())

typedef struct _KhSampleSet KhSampleSet;

GType               kh_sample_set_get_type      (void) G_GNUC_CONST;
KhSampleSet        *kh_sample_set_new           (const char * const *columns);
KhSampleSet        *kh_sample_set_ref           (KhSampleSet        *self);
void                kh_sample_set_unref         (KhSampleSet        *self);
gboolean            kh_sample_set_equal         (const KhSampleSet  *a,
                                                 const KhSampleSet  *b);
void                kh_sample_set_add_row       (KhSampleSet        *self,
                                                 const char * const *values,
                                                 guint               n_values);
guint               kh_sample_set_get_n_columns (const KhSampleSet  *self);
guint               kh_sample_set_get_n_rows    (const KhSampleSet  *self);
const char         *kh_sample_set_get_column    (const KhSampleSet  *self,
                                                 guint               column);
const char * const *kh_sample_set_get_columns   (const KhSampleSet  *self);
int                 kh_sample_set_lookup_column (const KhSampleSet  *self,
                                                 const char         *name);
const char         *kh_sample_set_get_value     (const KhSampleSet  *self,
                                                 guint               row,
                                                 guint               column);
const char         *kh_sample_set_get_origin    (const KhSampleSet  *self);
void                kh_sample_set_set_origin    (KhSampleSet        *self,
                                                 const char         *origin);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhSampleSet, kh_sample_set_unref)

G_END_DECLS
