/* kh-field.h: one field of an entity, with its facets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kh-code-value.h"
#include "kh-types.h"

G_BEGIN_DECLS

#define KH_TYPE_FIELD (kh_field_get_type ())

G_DECLARE_FINAL_TYPE (KhField, kh_field, KH, FIELD, GObject)

KhField      *kh_field_new               (const char   *name,
                                          KhFieldType   type);
KhField      *kh_field_copy              (KhField      *self);
gboolean      kh_field_equal             (KhField      *a,
                                          KhField      *b);
const char   *kh_field_get_name          (KhField      *self);
const char   *kh_field_get_label         (KhField      *self);
void          kh_field_set_label         (KhField      *self,
                                          const char   *label);
const char   *kh_field_get_display_label (KhField      *self);
const char   *kh_field_get_description   (KhField      *self);
void          kh_field_set_description   (KhField      *self,
                                          const char   *description);
KhFieldType   kh_field_get_field_type    (KhField      *self);
void          kh_field_set_field_type    (KhField      *self,
                                          KhFieldType   type);
KhRequired    kh_field_get_required      (KhField      *self);
void          kh_field_set_required      (KhField      *self,
                                          KhRequired    required);
gboolean      kh_field_is_required       (KhField      *self);
int           kh_field_get_max_length    (KhField      *self);
void          kh_field_set_max_length    (KhField      *self,
                                          int           max_length);
int           kh_field_get_precision     (KhField      *self);
void          kh_field_set_precision     (KhField      *self,
                                          int           precision);
int           kh_field_get_scale         (KhField      *self);
void          kh_field_set_scale         (KhField      *self,
                                          int           scale);
gboolean      kh_field_get_key           (KhField      *self);
void          kh_field_set_key           (KhField      *self,
                                          gboolean      key);
GListModel   *kh_field_get_codes         (KhField      *self);
guint         kh_field_get_n_codes       (KhField      *self);
void          kh_field_add_code          (KhField      *self,
                                          const char   *value,
                                          const char   *label);
void          kh_field_clear_codes       (KhField      *self);
KhCodeValue  *kh_field_lookup_code       (KhField      *self,
                                          const char   *value);
const char   *kh_field_get_attribute     (KhField      *self,
                                          const char   *name);
void          kh_field_set_attribute     (KhField      *self,
                                          const char   *name,
                                          const char   *value);
char        **kh_field_list_attributes   (KhField      *self);

G_END_DECLS
