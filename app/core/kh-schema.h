/* kh-schema.h: the metadata of one system: its entities
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kh-entity.h"

G_BEGIN_DECLS

#define KH_TYPE_SCHEMA (kh_schema_get_type ())

G_DECLARE_FINAL_TYPE (KhSchema, kh_schema, KH, SCHEMA, GObject)

KhSchema    *kh_schema_new           (const char *system);
KhSchema    *kh_schema_copy          (KhSchema   *self);
const char  *kh_schema_get_system    (KhSchema   *self);
void         kh_schema_set_system    (KhSchema   *self,
                                      const char *system);
const char  *kh_schema_get_origin    (KhSchema   *self);
void         kh_schema_set_origin    (KhSchema   *self,
                                      const char *origin);
GListModel  *kh_schema_get_entities  (KhSchema   *self);
guint        kh_schema_get_n_entities (KhSchema  *self);
KhEntity    *kh_schema_get_entity    (KhSchema   *self,
                                      guint       position);
KhEntity    *kh_schema_lookup_entity (KhSchema   *self,
                                      const char *name);
gboolean     kh_schema_add_entity    (KhSchema   *self,
                                      KhEntity   *entity);
gboolean     kh_schema_remove_entity (KhSchema   *self,
                                      const char *name);

G_END_DECLS
