/* kh-step-check.h: deep checks of a step and a rule in a mapping's context
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

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

G_END_DECLS
