/* kh-entity-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kh-entity.h"

G_BEGIN_DECLS

void _kh_entity_field_changed (KhEntity *self,
                               KhField  *field);

G_END_DECLS
