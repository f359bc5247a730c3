/* kh-mapping-check.h: the semantic checks of a mapping
 *
 * The checks a schema cannot do: steps and parameters against the
 * catalogue, rules against the entities, record rules and golden records
 * against the rules. The XML loader runs them on every file it reads (and
 * adds the line and column of each problem); the workbench runs them on
 * every change for its problems list.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kh-field.h"
#include "kh-mapping.h"
#include "kh-problem.h"

G_BEGIN_DECLS

GPtrArray *kh_mapping_check             (KhMapping   *mapping);

G_END_DECLS
