/* kh-sqlite-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-sqlite-util"

#include "config.h"

#include <glib/gi18n.h>

#include "kh-sqlite-util-private.h"

/* "name" with inner quotes doubled: an SQL identifier for any name. */
char *
_kh_sqlite_quote_identifier (const char *name)
{
  GString *quoted = g_string_new ("\"");

  for (const char *p = name; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (quoted, '"');
      g_string_append_c (quoted, *p);
    }
  g_string_append_c (quoted, '"');

  return g_string_free (quoted, FALSE);
}

/* A message for a failed SQLite call on the file @name; a locked database
 * and a file that is not a database get their own words. */
void
_kh_sqlite_set_error (GError     **error,
                      KhError      code,
                      sqlite3     *db,
                      int          rc,
                      const char  *name)
{
  const char *detail = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, KH_ERROR, code,
                   _("“%s” is locked by another program; try again when it is done (%s)"),
                   name, detail);
      break;

    case SQLITE_NOTADB:
      g_set_error (error, KH_ERROR, code,
                   _("“%s” is not a SQLite database"), name);
      break;

    case SQLITE_CORRUPT:
      g_set_error (error, KH_ERROR, code,
                   _("“%s” is a damaged SQLite database (%s)"), name, detail);
      break;

    case SQLITE_CANTOPEN:
      g_set_error (error, KH_ERROR, code,
                   _("Cannot open “%s” (%s)"), name, detail);
      break;

    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      g_set_error (error, KH_ERROR, code,
                   _("Cannot write to “%s” (%s)"), name, detail);
      break;

    case SQLITE_FULL:
    case SQLITE_IOERR:
      g_set_error (error, KH_ERROR, code,
                   _("Cannot read or write “%s” (%s)"), name, detail);
      break;

    default:
      g_set_error (error, KH_ERROR, code, "%s: %s", name, detail);
      break;
    }
}
