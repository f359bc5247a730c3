/* kh-json-escape.h: fast JSON string escaping
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The most bytes kh_json_escape() writes for @len input bytes. */
#define KH_JSON_ESCAPE_MAX(len) ((len) * 6)

gsize kh_json_escape        (char       *dest,
                             const char *str,
                             gsize       len);
void  kh_json_append_string (GString    *out,
                             const char *str,
                             gssize      len);

G_END_DECLS
