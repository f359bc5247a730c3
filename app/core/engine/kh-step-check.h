/* kh-step-check.h: deep checks of a step, a rule and a value in a mapping's context
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kh-field.h"
#include "kh-mapping.h"
#include "kh-rule.h"
#include "kh-step.h"

G_BEGIN_DECLS

gboolean kh_step_check (KhStep     *step,
                        KhMapping  *mapping,
                        GError    **error);
gboolean kh_rule_check (KhRule     *rule,
                        KhMapping  *mapping,
                        GError    **error);
gboolean kh_field_check_value (KhField     *field,
                               const char  *value,
                               char       **reason);

G_END_DECLS
