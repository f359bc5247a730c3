/* kh-golden-record.h: a test record kept with the mapping: input → expected output
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "kh-types.h"

G_BEGIN_DECLS

#define KH_TYPE_GOLDEN_RECORD (kh_golden_record_get_type ())

G_DECLARE_FINAL_TYPE (KhGoldenRecord, kh_golden_record, KH, GOLDEN_RECORD, GObject)

KhGoldenRecord *kh_golden_record_new           (const char      *name);
KhGoldenRecord *kh_golden_record_copy          (KhGoldenRecord  *self);
gboolean        kh_golden_record_equal         (KhGoldenRecord  *a,
                                                KhGoldenRecord  *b);
const char     *kh_golden_record_get_name      (KhGoldenRecord  *self);
void            kh_golden_record_set_name      (KhGoldenRecord  *self,
                                                const char      *name);
KhOutcome       kh_golden_record_get_outcome   (KhGoldenRecord  *self);
void            kh_golden_record_set_outcome   (KhGoldenRecord  *self,
                                                KhOutcome        outcome);
void            kh_golden_record_set_input     (KhGoldenRecord  *self,
                                                const char      *field,
                                                const char      *value);
gboolean        kh_golden_record_get_input     (KhGoldenRecord  *self,
                                                const char      *field,
                                                const char     **value);
const char * const *kh_golden_record_get_input_fields    (KhGoldenRecord *self);
void            kh_golden_record_set_expected  (KhGoldenRecord  *self,
                                                const char      *field,
                                                const char      *value);
gboolean        kh_golden_record_get_expected  (KhGoldenRecord  *self,
                                                const char      *field,
                                                const char     **value);
const char * const *kh_golden_record_get_expected_fields (KhGoldenRecord *self);

G_END_DECLS
