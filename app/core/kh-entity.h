/* kh-entity.h: an entity (table, sObject, entity type) and its fields
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kh-field.h"

G_BEGIN_DECLS

#define KH_TYPE_ENTITY (kh_entity_get_type ())

G_DECLARE_FINAL_TYPE (KhEntity, kh_entity, KH, ENTITY, GObject)

KhEntity    *kh_entity_new             (const char *name);
KhEntity    *kh_entity_copy            (KhEntity   *self);
gboolean     kh_entity_equal           (KhEntity   *a,
                                        KhEntity   *b);
const char  *kh_entity_get_name        (KhEntity   *self);
const char  *kh_entity_get_label       (KhEntity   *self);
void         kh_entity_set_label       (KhEntity   *self,
                                        const char *label);
const char  *kh_entity_get_description (KhEntity   *self);
void         kh_entity_set_description (KhEntity   *self,
                                        const char *description);
GListModel  *kh_entity_get_fields      (KhEntity   *self);
guint        kh_entity_get_n_fields    (KhEntity   *self);
KhField     *kh_entity_get_field       (KhEntity   *self,
                                        guint       position);
KhField     *kh_entity_lookup_field    (KhEntity   *self,
                                        const char *name);
int          kh_entity_get_field_index (KhEntity   *self,
                                        const char *name);
gboolean     kh_entity_add_field       (KhEntity   *self,
                                        KhField    *field);
gboolean     kh_entity_remove_field    (KhEntity   *self,
                                        const char *name);

G_END_DECLS
