/* kh-paste-table.h: read pairs of values pasted from a spreadsheet
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

GPtrArray *kh_paste_table_parse_pairs (const char  *text,
                                       GError     **error);

G_END_DECLS
