/* kh-code-value.h: one allowed value of a field (picklist entry, enum member)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define KH_TYPE_CODE_VALUE (kh_code_value_get_type ())

G_DECLARE_FINAL_TYPE (KhCodeValue, kh_code_value, KH, CODE_VALUE, GObject)

KhCodeValue *kh_code_value_new       (const char  *value,
                                      const char  *label);
const char  *kh_code_value_get_value (KhCodeValue *self);
const char  *kh_code_value_get_label (KhCodeValue *self);

G_END_DECLS
