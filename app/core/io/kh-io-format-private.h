/* kh-io-format-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kh-io-format.h"

G_BEGIN_DECLS

gboolean _kh_io_format_is_json_lines (const char *head,
                                      gsize       head_len,
                                      gboolean    at_eof);

G_END_DECLS
