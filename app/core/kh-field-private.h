/* kh-field-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kh-entity.h"
#include "kh-field.h"

G_BEGIN_DECLS

void      _kh_field_set_owner (KhField  *self,
                               KhEntity *owner);
KhEntity *_kh_field_get_owner (KhField  *self);

G_END_DECLS
