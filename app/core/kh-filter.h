/* kh-filter.h: a record-level filter on transformed values
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "kh-types.h"

G_BEGIN_DECLS

#define KH_TYPE_FILTER (kh_filter_get_type ())

G_DECLARE_FINAL_TYPE (KhFilter, kh_filter, KH, FILTER, GObject)

KhFilter           *kh_filter_new        (const char          *field,
                                          KhFilterOp           op);
KhFilter           *kh_filter_copy       (KhFilter            *self);
gboolean            kh_filter_equal      (KhFilter            *a,
                                          KhFilter            *b);
const char         *kh_filter_get_field  (KhFilter            *self);
void                kh_filter_set_field  (KhFilter            *self,
                                          const char          *field);
KhFilterOp          kh_filter_get_op     (KhFilter            *self);
void                kh_filter_set_op     (KhFilter            *self,
                                          KhFilterOp           op);
const char * const *kh_filter_get_values (KhFilter            *self);
const char         *kh_filter_get_value  (KhFilter            *self);
void                kh_filter_set_values (KhFilter            *self,
                                          const char * const  *values);
void                kh_filter_set_value  (KhFilter            *self,
                                          const char          *value);
char               *kh_filter_describe   (KhFilter            *self);

G_END_DECLS
