/* kh-sqlite-util-private.h: what the SQLite reader and writer share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "kh-error.h"

G_BEGIN_DECLS

char *_kh_sqlite_quote_identifier (const char  *name);
void  _kh_sqlite_set_error        (GError     **error,
                                   KhError      code,
                                   sqlite3     *db,
                                   int          rc,
                                   const char  *name);

G_END_DECLS
