/* kh-code-list.h: a named value map (SAP code → CRM picklist value)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kh-types.h"

G_BEGIN_DECLS

#define KH_TYPE_CODE_ENTRY (kh_code_entry_get_type ())

G_DECLARE_FINAL_TYPE (KhCodeEntry, kh_code_entry, KH, CODE_ENTRY, GObject)

KhCodeEntry *kh_code_entry_new      (const char  *from,
                                     const char  *to);
const char  *kh_code_entry_get_from (KhCodeEntry *self);
void         kh_code_entry_set_from (KhCodeEntry *self,
                                     const char  *from);
const char  *kh_code_entry_get_to   (KhCodeEntry *self);
void         kh_code_entry_set_to   (KhCodeEntry *self,
                                     const char  *to);

#define KH_TYPE_CODE_LIST (kh_code_list_get_type ())

G_DECLARE_FINAL_TYPE (KhCodeList, kh_code_list, KH, CODE_LIST, GObject)

KhCodeList    *kh_code_list_new               (const char    *name);
KhCodeList    *kh_code_list_copy              (KhCodeList    *self);
gboolean       kh_code_list_equal             (KhCodeList    *a,
                                               KhCodeList    *b);
const char    *kh_code_list_get_name          (KhCodeList    *self);
void           kh_code_list_set_name          (KhCodeList    *self,
                                               const char    *name);
const char    *kh_code_list_get_default_value (KhCodeList    *self);
void           kh_code_list_set_default_value (KhCodeList    *self,
                                               const char    *value);
KhUnknownCode  kh_code_list_get_unknown       (KhCodeList    *self);
void           kh_code_list_set_unknown       (KhCodeList    *self,
                                               KhUnknownCode  policy);
GListModel    *kh_code_list_get_entries       (KhCodeList    *self);
guint          kh_code_list_get_n_entries     (KhCodeList    *self);
KhCodeEntry   *kh_code_list_get_entry         (KhCodeList    *self,
                                               guint          position);
void           kh_code_list_append            (KhCodeList    *self,
                                               const char    *from,
                                               const char    *to);
void           kh_code_list_insert            (KhCodeList    *self,
                                               guint          position,
                                               KhCodeEntry   *entry);
void           kh_code_list_remove            (KhCodeList    *self,
                                               guint          position);
void           kh_code_list_remove_all        (KhCodeList    *self);
const char    *kh_code_list_lookup            (KhCodeList    *self,
                                               const char    *from);
char          *kh_code_list_find_duplicate    (KhCodeList    *self);

G_END_DECLS
