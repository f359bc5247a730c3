/* kh-rule-status.h: what the canvas and the inspector say about a rule
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kh-entity.h"
#include "kh-mapping.h"
#include "kh-rule.h"

G_BEGIN_DECLS

typedef enum
{
  KH_RULE_STATUS_OK           = 0,
  KH_RULE_STATUS_INCOMPATIBLE = 1 << 0,  /* the chain gives a type the target does not take */
  KH_RULE_STATUS_INVALID      = 1 << 1,  /* a step or the chain's shape is invalid */
  KH_RULE_STATUS_DANGLING     = 1 << 2,  /* a source or the target is not in its entity */
} KhRuleStatus;

KhValueType  kh_rule_status_chain_type (KhRule     *rule,
                                        KhEntity   *source,
                                        guint       up_to);
KhRuleStatus kh_rule_status_check      (KhRule     *rule,
                                        KhMapping  *mapping,
                                        char      **message);

G_END_DECLS
