/* kh-rule-inspector.h: the side pane that edits one rule
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kh-document.h"

G_BEGIN_DECLS

#define KH_TYPE_RULE_INSPECTOR (kh_rule_inspector_get_type ())

G_DECLARE_FINAL_TYPE (KhRuleInspector, kh_rule_inspector, KH, RULE_INSPECTOR, GtkWidget)

void        kh_rule_inspector_set_document  (KhRuleInspector *self,
                                             KhDocument      *document);
void        kh_rule_inspector_show_target   (KhRuleInspector *self,
                                             const char      *target);
const char *kh_rule_inspector_get_target    (KhRuleInspector *self);
KhRule     *kh_rule_inspector_get_rule      (KhRuleInspector *self);
gboolean    kh_rule_inspector_add_step      (KhRuleInspector *self,
                                             const char      *id);
GtkWidget  *kh_rule_inspector_get_step_row  (KhRuleInspector *self,
                                             guint            index);
gboolean    kh_rule_inspector_focus_step    (KhRuleInspector *self,
                                             int              index,
                                             const char      *param);
GtkWidget  *kh_rule_inspector_get_step_picker (KhRuleInspector *self);

G_END_DECLS
