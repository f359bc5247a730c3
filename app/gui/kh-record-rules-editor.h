/* kh-record-rules-editor.h: edit the record-level rules: dedupe keys and filters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kh-document.h"

G_BEGIN_DECLS

#define KH_TYPE_RECORD_RULES_EDITOR (kh_record_rules_editor_get_type ())

G_DECLARE_FINAL_TYPE (KhRecordRulesEditor, kh_record_rules_editor, KH, RECORD_RULES_EDITOR, GtkWidget)

void     kh_record_rules_editor_set_document (KhRecordRulesEditor *self,
                                              KhDocument          *document);
gboolean kh_record_rules_editor_add_key      (KhRecordRulesEditor *self,
                                              const char          *field);
gboolean kh_record_rules_editor_add_filter   (KhRecordRulesEditor *self,
                                              const char          *field,
                                              KhFilterOp           op,
                                              const char          *value);

G_END_DECLS
