/* kh-rule.h: how one target field is computed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kh-step.h"
#include "kh-types.h"

G_BEGIN_DECLS

#define KH_TYPE_RULE (kh_rule_get_type ())

G_DECLARE_FINAL_TYPE (KhRule, kh_rule, KH, RULE, GObject)

KhRule             *kh_rule_new               (const char          *target);
KhRule             *kh_rule_copy              (KhRule              *self);
gboolean            kh_rule_equal             (KhRule              *a,
                                               KhRule              *b);
const char         *kh_rule_get_target        (KhRule              *self);
void                kh_rule_set_target        (KhRule              *self,
                                               const char          *target);
const char * const *kh_rule_get_sources       (KhRule              *self);
guint               kh_rule_get_n_sources     (KhRule              *self);
void                kh_rule_set_sources       (KhRule              *self,
                                               const char * const  *sources);
void                kh_rule_add_source        (KhRule              *self,
                                               const char          *source);
gboolean            kh_rule_remove_source     (KhRule              *self,
                                               const char          *source);
gboolean            kh_rule_has_source        (KhRule              *self,
                                               const char          *source);
GListModel         *kh_rule_get_steps         (KhRule              *self);
guint               kh_rule_get_n_steps       (KhRule              *self);
KhStep             *kh_rule_get_step          (KhRule              *self,
                                               guint                position);
void                kh_rule_append_step       (KhRule              *self,
                                               KhStep              *step);
void                kh_rule_insert_step       (KhRule              *self,
                                               guint                position,
                                               KhStep              *step);
void                kh_rule_remove_step       (KhRule              *self,
                                               guint                position);
void                kh_rule_move_step         (KhRule              *self,
                                               guint                from,
                                               guint                to);
const char         *kh_rule_get_default_value (KhRule              *self);
void                kh_rule_set_default_value (KhRule              *self,
                                               const char          *value);
KhOnError           kh_rule_get_on_error      (KhRule              *self);
void                kh_rule_set_on_error      (KhRule              *self,
                                               KhOnError            policy);
const char         *kh_rule_get_note          (KhRule              *self);
void                kh_rule_set_note          (KhRule              *self,
                                               const char          *note);

G_END_DECLS
