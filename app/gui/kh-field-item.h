/* kh-field-item.h: one row of a schema panel: a field, or a group of
 * dotted fields (Address for Address.City)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "kh-field.h"

G_BEGIN_DECLS

#define KH_TYPE_FIELD_ITEM (kh_field_item_get_type ())

G_DECLARE_FINAL_TYPE (KhFieldItem, kh_field_item, KH, FIELD_ITEM, GObject)

KhFieldItem *kh_field_item_new          (const char  *path,
                                         KhField     *field,
                                         guint        depth,
                                         guint        index);
const char  *kh_field_item_get_path     (KhFieldItem *self);
const char  *kh_field_item_get_segment  (KhFieldItem *self);
KhField     *kh_field_item_get_field    (KhFieldItem *self);
void         kh_field_item_set_field    (KhFieldItem *self,
                                         KhField     *field);
gboolean     kh_field_item_is_group     (KhFieldItem *self);
guint        kh_field_item_get_depth    (KhFieldItem *self);
guint        kh_field_item_get_index    (KhFieldItem *self);
gboolean     kh_field_item_get_mapped   (KhFieldItem *self);
gboolean     kh_field_item_set_mapped   (KhFieldItem *self,
                                         gboolean     mapped);
gboolean     kh_field_item_matches_text (KhFieldItem *self,
                                         const char  *folded_needle);

/* Filter state, computed by the panel in one pass. */
gboolean     kh_field_item_get_visible  (KhFieldItem *self);
void         kh_field_item_set_visible  (KhFieldItem *self,
                                         gboolean     visible);

G_END_DECLS
