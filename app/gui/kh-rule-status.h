/* kh-rule-status.h: what the canvas and the inspector say about a rule
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kh-mapping.h"
#include "kh-rule.h"

G_BEGIN_DECLS

typedef enum
{
  KH_RULE_STATUS_OK           = 0,
  KH_RULE_STATUS_INCOMPATIBLE = 1 << 0,  /* the chain gives a type the target does not take */
  KH_RULE_STATUS_INVALID      = 1 << 1,  /* an error: a step, the chain's shape, or the samples fail */
  KH_RULE_STATUS_DANGLING     = 1 << 2,  /* a source or the target is not in its entity */
  KH_RULE_STATUS_WARNING      = 1 << 3,  /* a warning: truncation, codes not covered, … */
} KhRuleStatus;

GHashTable  *kh_rule_status_table        (GListModel *problems);
KhRuleStatus kh_rule_status_from_problems (GListModel *problems,
                                           const char *target,
                                           char      **message);
KhRuleStatus kh_rule_status_check         (KhRule     *rule,
                                           KhMapping  *mapping,
                                           char      **message);

G_END_DECLS
