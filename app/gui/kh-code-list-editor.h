/* kh-code-list-editor.h: edit the mapping's code lists
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kh-document.h"

G_BEGIN_DECLS

#define KH_TYPE_CODE_LIST_EDITOR (kh_code_list_editor_get_type ())

G_DECLARE_FINAL_TYPE (KhCodeListEditor, kh_code_list_editor, KH, CODE_LIST_EDITOR, GtkWidget)

void        kh_code_list_editor_set_document (KhCodeListEditor *self,
                                              KhDocument       *document);
gboolean    kh_code_list_editor_select       (KhCodeListEditor *self,
                                              const char       *name);
const char *kh_code_list_editor_get_selected (KhCodeListEditor *self);
gboolean    kh_code_list_editor_paste_text   (KhCodeListEditor *self,
                                              const char       *text,
                                              GError          **error);
gboolean    kh_code_list_editor_new_list     (KhCodeListEditor *self,
                                              const char       *name);

G_END_DECLS
