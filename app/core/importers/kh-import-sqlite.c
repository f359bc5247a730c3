/* kh-import-sqlite.c: the tables and views of a SQLite database
 *
 * The database is opened read-only. Each table and view is an entity in
 * creation order; columns keep their declared type (sql:declared-type),
 * mapped with SQLite's own affinity rules refined by the usual type names
 * (BOOLEAN, DATE, DATETIME, TIMESTAMP, TIME, DECIMAL(p,s), VARCHAR(n)).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-importer"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>
#include <sqlite3.h>

#include "kh-importer-private.h"

/* The numbers in "VARCHAR(40)" or "DECIMAL(10, 2)". */
static guint
type_arguments (const char *declared,
                int        *a,
                int        *b)
{
  const char *open = strchr (declared, '(');
  char *end = NULL;
  guint n = 0;

  if (open == NULL)
    return 0;
  *a = (int) strtol (open + 1, &end, 10);
  if (end == open + 1)
    return 0;
  n = 1;
  while (*end == ' ')
    end++;
  if (*end == ',')
    {
      const char *start = end + 1;

      *b = (int) strtol (start, &end, 10);
      if (end != start)
        n = 2;
    }
  return n;
}

static KhFieldType
map_type (const char *declared,
          gboolean   *known)
{
  g_autofree char *upper = g_ascii_strup (declared, -1);

  *known = TRUE;
  if (strstr (upper, "BOOL") != NULL)
    return KH_FIELD_TYPE_BOOLEAN;
  if (strstr (upper, "DATETIME") != NULL || strstr (upper, "TIMESTAMP") != NULL)
    return KH_FIELD_TYPE_DATETIME;
  if (strstr (upper, "DATE") != NULL)
    return KH_FIELD_TYPE_DATE;
  if (strstr (upper, "TIME") != NULL)
    return KH_FIELD_TYPE_TIME;
  /* SQLite's affinity rules, in their order. */
  if (strstr (upper, "INT") != NULL)
    return KH_FIELD_TYPE_INTEGER;
  if (strstr (upper, "CHAR") != NULL || strstr (upper, "CLOB") != NULL || strstr (upper, "TEXT") != NULL)
    return KH_FIELD_TYPE_STRING;
  if (strstr (upper, "BLOB") != NULL || upper[0] == '\0')
    return KH_FIELD_TYPE_STRING;
  if (strstr (upper, "REAL") != NULL || strstr (upper, "FLOA") != NULL || strstr (upper, "DOUB") != NULL ||
      strstr (upper, "NUMERIC") != NULL || strstr (upper, "DECIMAL") != NULL || strstr (upper, "MONEY") != NULL)
    return KH_FIELD_TYPE_DECIMAL;
  if (strstr (upper, "UUID") != NULL || strstr (upper, "GUID") != NULL || strstr (upper, "JSON") != NULL)
    return KH_FIELD_TYPE_STRING;

  *known = FALSE;
  return KH_FIELD_TYPE_STRING;
}

static gboolean
add_columns (KhImportContext  *ctx,
             sqlite3          *db,
             KhEntity         *entity,
             gboolean          view,
             GError          **error)
{
  char *sql = sqlite3_mprintf ("PRAGMA table_xinfo(\"%w\")", kh_entity_get_name (entity));
  sqlite3_stmt *stmt = NULL;
  guint pos = 0;
  int rc;

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  sqlite3_free (sql);
  if (rc != SQLITE_OK)
    {
      _kh_import_set_error (error, ctx, KH_ERROR_INPUT, 0, 0,
                            _("The columns of “%s” cannot be read: %s"),
                            kh_entity_get_name (entity), sqlite3_errmsg (db));
      return FALSE;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 1);
      const char *declared = (const char *) sqlite3_column_text (stmt, 2);
      gboolean not_null = sqlite3_column_int (stmt, 3) != 0;
      int pk = sqlite3_column_int (stmt, 5);
      int hidden = sqlite3_column_int (stmt, 6);
      gboolean known;
      KhFieldType type;
      KhField *field;
      int a = 0, b = 0;
      guint n_args;

      pos++;
      if (name == NULL || hidden == 1)  /* 1: a hidden column of a virtual table */
        continue;
      if (declared == NULL)
        declared = "";

      type = map_type (declared, &known);
      if (!known)
        /* Translators: the declared type, the column, then the table */
        _kh_import_warn (ctx, 0, 0, _("Unknown type “%s” of column “%s” in “%s”; it is read as text"),
                         declared, name, kh_entity_get_name (entity));

      field = kh_field_new (name, type);
      kh_field_set_attribute (field, "sql:declared-type", declared);
      if (view)
        kh_field_set_attribute (field, "sql:view", "true");
      else
        kh_field_set_required (field, not_null ? KH_REQUIRED_YES : KH_REQUIRED_NO);
      kh_field_set_key (field, pk > 0);

      n_args = type_arguments (declared, &a, &b);
      if (type == KH_FIELD_TYPE_STRING && n_args >= 1 && a > 0)
        kh_field_set_max_length (field, a);
      else if (type == KH_FIELD_TYPE_DECIMAL && n_args >= 1 && a > 0)
        {
          kh_field_set_precision (field, a);
          kh_field_set_scale (field, n_args == 2 ? b : 0);
        }

      _kh_import_add_field (ctx, entity, field, 0, pos);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      _kh_import_set_error (error, ctx, KH_ERROR_INPUT, 0, 0,
                            _("The columns of “%s” cannot be read: %s"),
                            kh_entity_get_name (entity), sqlite3_errmsg (db));
      return FALSE;
    }
  return TRUE;
}

KhSchema *
_kh_import_sqlite (KhImportContext  *ctx,
                   GError          **error)
{
  const char *path = g_file_peek_path (ctx->file);
  g_autoptr(KhSchema) schema = NULL;
  g_autofree char *stem = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (path == NULL)
    {
      _kh_import_set_error (error, ctx, KH_ERROR_UNSUPPORTED, 0, 0, "%s",
                            _("A SQLite database must be a local file"));
      return NULL;
    }

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db,
                             "SELECT name, type FROM sqlite_master "
                             "WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
                             "ORDER BY rowid",
                             -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      /* Translators: %s is SQLite's message, e.g. "file is not a database" */
      _kh_import_set_error (error, ctx, KH_ERROR_PARSE, 0, 0, _("This is not a SQLite database that can be read: %s"),
                            db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      sqlite3_close (db);
      return NULL;
    }

  stem = _kh_import_stem (ctx);
  schema = kh_schema_new (stem);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);
      const char *type = (const char *) sqlite3_column_text (stmt, 1);
      KhEntity *entity;

      if (name == NULL || !_kh_import_check_cancelled (ctx, error))
        {
          if (name == NULL)
            continue;
          sqlite3_finalize (stmt);
          sqlite3_close (db);
          return NULL;
        }

      entity = kh_entity_new (name);
      if (!add_columns (ctx, db, entity, g_strcmp0 (type, "view") == 0, error))
        {
          g_object_unref (entity);
          sqlite3_finalize (stmt);
          sqlite3_close (db);
          return NULL;
        }
      _kh_import_add_entity (ctx, schema, entity, 0);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      _kh_import_set_error (error, ctx, KH_ERROR_PARSE, 0, 0, _("This is not a SQLite database that can be read: %s"),
                            sqlite3_errmsg (db));
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_close (db);
  return g_steal_pointer (&schema);
}
