/* kh-mapping.h: a mapping from a source entity to a target entity
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kh-code-list.h"
#include "kh-entity.h"
#include "kh-filter.h"
#include "kh-golden-record.h"
#include "kh-rule.h"

G_BEGIN_DECLS

#define KH_TYPE_MAPPING (kh_mapping_get_type ())

G_DECLARE_FINAL_TYPE (KhMapping, kh_mapping, KH, MAPPING, GObject)

KhMapping          *kh_mapping_new                  (void);
KhMapping          *kh_mapping_copy                 (KhMapping          *self);
gboolean            kh_mapping_equal                (KhMapping          *a,
                                                     KhMapping          *b);
void                kh_mapping_replace_contents     (KhMapping          *self,
                                                     KhMapping          *other);

const char         *kh_mapping_get_name             (KhMapping          *self);
void                kh_mapping_set_name             (KhMapping          *self,
                                                     const char         *name);
const char         *kh_mapping_get_description      (KhMapping          *self);
void                kh_mapping_set_description      (KhMapping          *self,
                                                     const char         *description);

const char         *kh_mapping_get_source_system    (KhMapping          *self);
void                kh_mapping_set_source_system    (KhMapping          *self,
                                                     const char         *system);
KhEntity           *kh_mapping_get_source_entity    (KhMapping          *self);
void                kh_mapping_set_source_entity    (KhMapping          *self,
                                                     KhEntity           *entity);
const char         *kh_mapping_get_target_system    (KhMapping          *self);
void                kh_mapping_set_target_system    (KhMapping          *self,
                                                     const char         *system);
KhEntity           *kh_mapping_get_target_entity    (KhMapping          *self);
void                kh_mapping_set_target_entity    (KhMapping          *self,
                                                     KhEntity           *entity);

GListModel         *kh_mapping_get_rules            (KhMapping          *self);
guint               kh_mapping_get_n_rules          (KhMapping          *self);
KhRule             *kh_mapping_get_rule             (KhMapping          *self,
                                                     guint               position);
KhRule             *kh_mapping_lookup_rule          (KhMapping          *self,
                                                     const char         *target);
gboolean            kh_mapping_add_rule             (KhMapping          *self,
                                                     KhRule             *rule);
gboolean            kh_mapping_remove_rule          (KhMapping          *self,
                                                     const char         *target);
GPtrArray          *kh_mapping_find_rules_using_source (KhMapping       *self,
                                                     const char         *source);

GListModel         *kh_mapping_get_code_lists       (KhMapping          *self);
guint               kh_mapping_get_n_code_lists     (KhMapping          *self);
KhCodeList         *kh_mapping_get_code_list        (KhMapping          *self,
                                                     guint               position);
KhCodeList         *kh_mapping_lookup_code_list     (KhMapping          *self,
                                                     const char         *name);
gboolean            kh_mapping_add_code_list        (KhMapping          *self,
                                                     KhCodeList         *list);
gboolean            kh_mapping_remove_code_list     (KhMapping          *self,
                                                     const char         *name);

GListModel         *kh_mapping_get_filters          (KhMapping          *self);
guint               kh_mapping_get_n_filters        (KhMapping          *self);
KhFilter           *kh_mapping_get_filter           (KhMapping          *self,
                                                     guint               position);
void                kh_mapping_add_filter           (KhMapping          *self,
                                                     KhFilter           *filter);
void                kh_mapping_remove_filter        (KhMapping          *self,
                                                     guint               position);

const char * const *kh_mapping_get_dedupe_keys      (KhMapping          *self);
void                kh_mapping_set_dedupe_keys      (KhMapping          *self,
                                                     const char * const *keys);
KhDedupeKeep        kh_mapping_get_dedupe_keep      (KhMapping          *self);
void                kh_mapping_set_dedupe_keep      (KhMapping          *self,
                                                     KhDedupeKeep        keep);

GListModel         *kh_mapping_get_golden_records   (KhMapping          *self);
guint               kh_mapping_get_n_golden_records (KhMapping          *self);
KhGoldenRecord     *kh_mapping_get_golden_record    (KhMapping          *self,
                                                     guint               position);
gboolean            kh_mapping_add_golden_record    (KhMapping          *self,
                                                     KhGoldenRecord     *record);
void                kh_mapping_remove_golden_record (KhMapping          *self,
                                                     guint               position);

const char         *kh_mapping_get_layout           (KhMapping          *self,
                                                     const char         *key);
void                kh_mapping_set_layout           (KhMapping          *self,
                                                     const char         *key,
                                                     const char         *value);
char              **kh_mapping_list_layout_keys     (KhMapping          *self);

G_END_DECLS
