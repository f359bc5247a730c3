/* kh-sqlite-writer.c: a SQLite table, built aside and put in place at commit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-sqlite-writer"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "kh-file-sink-private.h"
#include "kh-sqlite-util-private.h"
#include "kh-writer-private.h"

#define STAGING_PREFIX "_kakehashi_staging_"

typedef struct
{
  KhWriter       parent;

  sqlite3       *db;          /* owned */
  sqlite3_stmt  *insert;      /* owned */
  char          *path;        /* owned: the target file */
  char          *tmp_path;    /* owned: a new database built aside, or NULL */
  char          *table;       /* owned: the target table, quoted */
  char          *staging;     /* owned: the staging table, quoted, or NULL */
  guint          batch_size;
  guint          in_batch;
  gboolean       in_transaction;
} KhSqliteWriter;

static void
set_error (KhSqliteWriter  *self,
           GError         **error,
           int              rc)
{
  _kh_sqlite_set_error (error, KH_ERROR_OUTPUT, self->db, rc, self->parent.name);
}

static gboolean
exec (KhSqliteWriter  *self,
      const char      *sql,
      GError         **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      set_error (self, error, rc);
      return FALSE;
    }
  return TRUE;
}

static const char *
declared_type (KhValueType type)
{
  switch (type)
    {
    case KH_VALUE_INTEGER:
      return " INTEGER";
    case KH_VALUE_BOOLEAN:
      return " BOOLEAN";
    case KH_VALUE_DATE:
      return " DATE";
    case KH_VALUE_DATETIME:
      return " DATETIME";
    case KH_VALUE_TIME:
      return " TIME";
    case KH_VALUE_NULL:
      return "";  /* any: no affinity, values kept as bound */
    case KH_VALUE_DECIMAL:  /* TEXT keeps the exact digits */
    case KH_VALUE_STRING:
    default:
      return " TEXT";
    }
}

static gboolean
sqlite_write (KhWriter       *writer,
              const KhValue  *cells,
              GError        **error)
{
  KhSqliteWriter *self = (KhSqliteWriter *) writer;
  int rc;

  for (guint i = 0; i < writer->n_columns; i++)
    {
      const KhValue *cell = &cells[i];
      KhValueType type = _kh_writer_cell_type (writer, i, cell);
      int column = i + 1;

      switch (type)
        {
        case KH_VALUE_NULL:
          rc = sqlite3_bind_null (self->insert, column);
          break;

        case KH_VALUE_INTEGER:
          {
            gint64 value;

            if (!_kh_writer_check_value (writer, i, cell, type, error))
              return FALSE;
            if (!g_ascii_string_to_signed (cell->str, 10, G_MININT64, G_MAXINT64, &value, NULL))
              {
                g_set_error (error, KH_ERROR, KH_ERROR_OUTPUT,
                             _("%s, record %llu, column “%s”: "
                               "%s does not fit in a SQLite INTEGER (64 bits)"),
                             writer->name, (unsigned long long) writer->n_records + 1,
                             writer->names[i], cell->str);
                return FALSE;
              }
            rc = sqlite3_bind_int64 (self->insert, column, value);
          }
          break;

        case KH_VALUE_BOOLEAN:
          if (!_kh_writer_check_value (writer, i, cell, type, error))
            return FALSE;
          rc = sqlite3_bind_int (self->insert, column, cell->str[0] == 't');
          break;

        case KH_VALUE_DECIMAL:
          if (!_kh_writer_check_value (writer, i, cell, type, error))
            return FALSE;
          G_GNUC_FALLTHROUGH;
        case KH_VALUE_STRING:
        case KH_VALUE_DATE:
        case KH_VALUE_DATETIME:
        case KH_VALUE_TIME:
        default:
          rc = sqlite3_bind_text64 (self->insert, column, cell->str, cell->len,
                                    SQLITE_STATIC, SQLITE_UTF8);
          break;
        }

      if (rc != SQLITE_OK)
        {
          set_error (self, error, rc);
          return FALSE;
        }
    }

  rc = sqlite3_step (self->insert);
  sqlite3_reset (self->insert);
  sqlite3_clear_bindings (self->insert);
  if (rc != SQLITE_DONE)
    {
      set_error (self, error, rc);
      return FALSE;
    }

  if (++self->in_batch >= self->batch_size)
    {
      if (!exec (self, "COMMIT", error))
        return FALSE;
      self->in_transaction = FALSE;
      self->in_batch = 0;
      if (!exec (self, "BEGIN", error))
        return FALSE;
      self->in_transaction = TRUE;
    }

  return TRUE;
}

static void
close_db (KhSqliteWriter *self)
{
  g_clear_pointer (&self->insert, sqlite3_finalize);
  if (self->db != NULL)
    {
      sqlite3_close (self->db);
      self->db = NULL;
    }
}

static gboolean
sqlite_commit (KhWriter  *writer,
               GError   **error)
{
  KhSqliteWriter *self = (KhSqliteWriter *) writer;

  if (self->in_transaction)
    {
      if (!exec (self, "COMMIT", error))
        return FALSE;
      self->in_transaction = FALSE;
    }
  g_clear_pointer (&self->insert, sqlite3_finalize);

  if (self->staging != NULL)
    {
      /* legacy_alter_table: the rename must not check views that name the
       * old table, which is dropped just before. */
      g_autofree char *sql = g_strdup_printf ("PRAGMA legacy_alter_table = ON;"
                                              "BEGIN IMMEDIATE;"
                                              "DROP TABLE IF EXISTS %s;"
                                              "ALTER TABLE %s RENAME TO %s;"
                                              "COMMIT",
                                              self->table, self->staging, self->table);

      if (!exec (self, sql, error))
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
      g_clear_pointer (&self->staging, g_free);
      close_db (self);
      return TRUE;
    }

  close_db (self);

  {
    int fd = open (self->tmp_path, O_RDWR | O_CLOEXEC);
    gboolean ok;

    if (fd < 0)
      {
        g_set_error (error, KH_ERROR, KH_ERROR_OUTPUT,
                     _("Cannot write “%s”: %s"), writer->name, g_strerror (errno));
        return FALSE;
      }
    ok = _kh_output_sync_fd (fd, writer->name, error);
    close (fd);
    if (!ok)
      return FALSE;
  }

  if (!_kh_output_rename (self->tmp_path, self->path, writer->name, error))
    return FALSE;
  g_clear_pointer (&self->tmp_path, g_free);

  return TRUE;
}

static void
sqlite_abort (KhWriter *writer)
{
  KhSqliteWriter *self = (KhSqliteWriter *) writer;

  g_clear_pointer (&self->insert, sqlite3_finalize);
  if (self->db != NULL && self->in_transaction)
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  self->in_transaction = FALSE;

  if (self->db != NULL && self->staging != NULL)
    {
      g_autofree char *sql = g_strdup_printf ("DROP TABLE IF EXISTS %s", self->staging);

      sqlite3_exec (self->db, sql, NULL, NULL, NULL);
    }
  g_clear_pointer (&self->staging, g_free);
  close_db (self);

  if (self->tmp_path != NULL)
    {
      g_unlink (self->tmp_path);
      g_clear_pointer (&self->tmp_path, g_free);
    }
}

static void
sqlite_finalize (KhWriter *writer)
{
  KhSqliteWriter *self = (KhSqliteWriter *) writer;

  sqlite_abort (writer);
  g_free (self->path);
  g_free (self->table);
}

static const char *
sqlite_temp_path (KhWriter *writer)
{
  return ((KhSqliteWriter *) writer)->tmp_path;
}

static const KhWriterClass sqlite_class = {
  .write = sqlite_write,
  .commit = sqlite_commit,
  .abort = sqlite_abort,
  .finalize = sqlite_finalize,
  .temp_path = sqlite_temp_path,
};

KhWriter *
_kh_sqlite_writer_new (const char             *path,
                       const char * const     *names,
                       const KhValueType      *types,
                       guint                   n_columns,
                       const KhWriterOptions  *options,
                       GError                **error)
{
  KhSqliteWriter *self = g_new0 (KhSqliteWriter, 1);
  g_autoptr(KhWriter) writer = &self->parent;
  g_autofree char *name = _kh_output_display_name (path);
  g_autoptr(GString) create = NULL;
  g_autoptr(GString) insert = NULL;
  const char *table = options->table != NULL ? options->table : KH_WRITER_DEFAULT_TABLE;
  const char *target;
  struct stat st;
  int rc;

  _kh_writer_init (writer, &sqlite_class, KH_IO_FORMAT_SQLITE, name, names, types, n_columns);
  self->batch_size = options->batch_size != 0 ? options->batch_size : KH_WRITER_DEFAULT_BATCH_SIZE;

  if (strcmp (path, "-") == 0)
    {
      g_set_error (error, KH_ERROR, KH_ERROR_UNSUPPORTED,
                   _("A SQLite database cannot be written to standard output"));
      return NULL;
    }
  if (n_columns == 0)
    {
      g_set_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM,
                   _("Cannot write “%s”: a SQLite table needs at least one column"), name);
      return NULL;
    }
  if (*table == '\0' || g_str_has_prefix (table, "sqlite_") || g_str_has_prefix (table, STAGING_PREFIX))
    {
      g_set_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM,
                   _("“%s” cannot be the name of a SQLite table"), table);
      return NULL;
    }
  if (!_kh_output_check_target (path, name, error))
    return NULL;

  self->path = g_strdup (path);
  self->table = _kh_sqlite_quote_identifier (table);

  if (stat (path, &st) == 0 && st.st_size > 0)
    {
      /* An existing database: stage, then swap tables at commit. */
      g_autofree char *staging = g_strconcat (STAGING_PREFIX, table, NULL);
      g_autofree char *drop = NULL;

      rc = sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE, NULL);
      if (rc == SQLITE_OK)
        {
          sqlite3_extended_result_codes (self->db, 1);
          sqlite3_busy_timeout (self->db, 1000);
          rc = sqlite3_exec (self->db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
        }
      if (rc != SQLITE_OK)
        {
          set_error (self, error, rc);
          return NULL;
        }
      self->staging = _kh_sqlite_quote_identifier (staging);
      drop = g_strdup_printf ("DROP TABLE IF EXISTS %s", self->staging);
      if (!exec (self, drop, error))
        return NULL;
      target = self->staging;
    }
  else
    {
      /* A new database: build it aside; atomicity comes from the rename,
       * so the temporary file needs no journal. */
      int fd;

      self->tmp_path = _kh_output_make_temp (path, name, &fd, error);
      if (self->tmp_path == NULL)
        return NULL;
      close (fd);

      rc = sqlite3_open_v2 (self->tmp_path, &self->db, SQLITE_OPEN_READWRITE, NULL);
      if (rc != SQLITE_OK)
        {
          set_error (self, error, rc);
          return NULL;
        }
      sqlite3_extended_result_codes (self->db, 1);
      if (!exec (self, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF", error))
        return NULL;
      target = self->table;
    }

  create = g_string_new (NULL);
  insert = g_string_new (NULL);
  g_string_printf (create, "CREATE TABLE %s (", target);
  g_string_printf (insert, "INSERT INTO %s VALUES (", target);
  for (guint i = 0; i < n_columns; i++)
    {
      g_autofree char *column = _kh_sqlite_quote_identifier (names[i]);

      g_string_append_printf (create, "%s%s%s", i > 0 ? ", " : "", column,
                              declared_type (writer->types[i]));
      g_string_append_printf (insert, "%s?", i > 0 ? ", " : "");
    }
  g_string_append_c (create, ')');
  g_string_append_c (insert, ')');

  if (!exec (self, create->str, error))
    return NULL;

  rc = sqlite3_prepare_v2 (self->db, insert->str, -1, &self->insert, NULL);
  if (rc != SQLITE_OK)
    {
      set_error (self, error, rc);
      return NULL;
    }

  if (!exec (self, "BEGIN", error))
    return NULL;
  self->in_transaction = TRUE;

  return g_steal_pointer (&writer);
}
