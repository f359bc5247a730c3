/* kh-sqlite-reader.c: the rows of a SQLite table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-sqlite-reader"

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include <glib/gi18n.h>

#include "kh-reader-private.h"
#include "kh-sqlite-util-private.h"

typedef struct
{
  KhReader       parent;

  sqlite3       *db;         /* owned */
  sqlite3_stmt  *stmt;       /* owned */
  char          *table;      /* owned */
  gboolean       blob_as_hex;
  KhValue       *cells;      /* owned */
  gsize         *hex_off;    /* owned: cell → offset in hex, for BLOBs */
  GString       *hex;        /* owned */
  guint          n_columns;
  guint64        number;
} KhSqliteReader;

static void
set_sqlite_error (KhSqliteReader  *self,
                  GError         **error,
                  int              rc)
{
  _kh_sqlite_set_error (error, KH_ERROR_INPUT, self->db, rc, self->parent.name);
}

static const KhRecord *
sqlite_next (KhReader  *reader,
             GError   **error)
{
  KhSqliteReader *self = (KhSqliteReader *) reader;
  int rc = sqlite3_step (self->stmt);

  if (rc == SQLITE_DONE)
    return NULL;
  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (self, error, rc);
      return NULL;
    }

  self->number++;
  g_string_truncate (self->hex, 0);

  for (guint i = 0; i < self->n_columns; i++)
    {
      KhValue *cell = &self->cells[i];

      switch (sqlite3_column_type (self->stmt, i))
        {
        case SQLITE_NULL:
          cell->str = NULL;
          cell->len = 0;
          cell->type = KH_VALUE_NULL;
          break;

        case SQLITE_BLOB:
          if (!self->blob_as_hex)
            {
              _kh_reader_set_error_at (reader, error, KH_ERROR_UNSUPPORTED, 0, 0,
                                       _("table “%s”, row %llu, column “%s”: "
                                         "a BLOB (binary data) is not a value; "
                                         "read BLOBs as hexadecimal text, or leave the column out"),
                                       self->table, (unsigned long long) self->number,
                                       (const char *) g_ptr_array_index (reader->columns, i));
              return NULL;
            }
          else
            {
              const guint8 *blob = sqlite3_column_blob (self->stmt, i);
              int len = sqlite3_column_bytes (self->stmt, i);

              self->hex_off[i] = self->hex->len;
              for (int j = 0; j < len; j++)
                g_string_append_printf (self->hex, "%02x", blob[j]);
              cell->len = self->hex->len - self->hex_off[i];
              g_string_append_c (self->hex, '\0');
              cell->type = KH_VALUE_STRING;
              cell->str = NULL;  /* set below, once hex stops moving */
            }
          break;

        case SQLITE_INTEGER:
        case SQLITE_FLOAT:
        case SQLITE_TEXT:
        default:
          {
            const char *text = (const char *) sqlite3_column_text (self->stmt, i);
            gsize len = sqlite3_column_bytes (self->stmt, i);

            if (text == NULL)
              {
                g_set_error (error, KH_ERROR, KH_ERROR_FAILED, "%s", _("Out of memory"));
                return NULL;
              }
            if (!g_utf8_validate_len (text, len, NULL) || strlen (text) != len)
              {
                _kh_reader_set_error_at (reader, error, KH_ERROR_ENCODING, 0, 0,
                                         _("table “%s”, row %llu, column “%s”: "
                                           "the text is not valid UTF-8"),
                                         self->table, (unsigned long long) self->number,
                                         (const char *) g_ptr_array_index (reader->columns, i));
                return NULL;
              }
            cell->str = text;
            cell->len = len;
            cell->type = KH_VALUE_STRING;
          }
          break;
        }
    }

  if (self->hex->len > 0)
    for (guint i = 0; i < self->n_columns; i++)
      if (self->cells[i].type == KH_VALUE_STRING && self->cells[i].str == NULL)
        self->cells[i].str = self->hex->str + self->hex_off[i];

  reader->record.cells = self->cells;
  reader->record.n_cells = self->n_columns;
  reader->record.line = 0;
  reader->record.number = self->number;
  reader->record.raw = NULL;
  reader->record.raw_len = 0;

  return &reader->record;
}

static void
sqlite_finalize (KhReader *reader)
{
  KhSqliteReader *self = (KhSqliteReader *) reader;

  sqlite3_finalize (self->stmt);
  sqlite3_close (self->db);
  g_free (self->table);
  g_free (self->cells);
  g_free (self->hex_off);
  if (self->hex != NULL)
    g_string_free (self->hex, TRUE);
}

static const KhReaderClass sqlite_class = {
  .next = sqlite_next,
  .finalize = sqlite_finalize,
};

/* The tables and views of the database, in name order. */
static GPtrArray *
list_tables (KhSqliteReader  *self,
             GError         **error)
{
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT name FROM sqlite_master "
                           "WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
                           "ORDER BY name",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, error, rc);
      return NULL;
    }

  return g_steal_pointer (&tables);
}

KhReader *
_kh_sqlite_reader_new (const char             *path,
                       const KhReaderOptions  *options,
                       GError                **error)
{
  KhSqliteReader *self = g_new0 (KhSqliteReader, 1);
  g_autoptr(KhReader) reader = &self->parent;
  g_autofree char *name = g_filename_display_name (path);
  g_autofree char *sql = NULL;
  g_autofree char *quoted = NULL;
  g_autoptr(GPtrArray) tables = NULL;
  gboolean found = FALSE;
  struct stat st;
  int rc;

  _kh_reader_init (reader, &sqlite_class, KH_IO_FORMAT_SQLITE, name, options);
  self->blob_as_hex = options->blob_as_hex;
  self->hex = g_string_new (NULL);

  if (stat (path, &st) != 0)
    {
      g_set_error (error, KH_ERROR, KH_ERROR_INPUT,
                   _("Cannot open “%s”: the file does not exist"), name);
      return NULL;
    }
  if (S_ISDIR (st.st_mode))
    {
      g_set_error (error, KH_ERROR, KH_ERROR_INPUT,
                   _("Cannot read “%s”: it is a directory"), name);
      return NULL;
    }

  rc = sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READONLY, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, error, rc);
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, options->busy_timeout_ms == 0 ? 1000
                                  : MAX (options->busy_timeout_ms, 0));

  tables = list_tables (self, error);
  if (tables == NULL)
    return NULL;

  if (options->table != NULL)
    {
      for (guint i = 0; i < tables->len && !found; i++)
        found = g_strcmp0 (g_ptr_array_index (tables, i), options->table) == 0;
      if (!found)
        {
          g_set_error (error, KH_ERROR, KH_ERROR_NOT_FOUND,
                       _("“%s” has no table named “%s”"), name, options->table);
          return NULL;
        }
      self->table = g_strdup (options->table);
    }
  else if (tables->len == 1)
    self->table = g_strdup (g_ptr_array_index (tables, 0));
  else if (tables->len == 0)
    {
      g_set_error (error, KH_ERROR, KH_ERROR_NOT_FOUND,
                   _("“%s” has no tables"), name);
      return NULL;
    }
  else
    {
      g_autofree char *list = NULL;

      g_ptr_array_add (tables, NULL);
      list = g_strjoinv (", ", (char **) tables->pdata);
      g_set_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM,
                   _("“%s” has several tables (%s): name the one to read"), name, list);
      return NULL;
    }

  quoted = _kh_sqlite_quote_identifier (self->table);
  sql = g_strdup_printf ("SELECT * FROM %s", quoted);
  rc = sqlite3_prepare_v2 (self->db, sql, -1, &self->stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, error, rc);
      return NULL;
    }

  self->n_columns = sqlite3_column_count (self->stmt);
  for (guint i = 0; i < self->n_columns; i++)
    _kh_reader_add_column (reader, sqlite3_column_name (self->stmt, i));
  self->cells = g_new0 (KhValue, MAX (self->n_columns, 1));
  self->hex_off = g_new0 (gsize, MAX (self->n_columns, 1));

  return g_steal_pointer (&reader);
}
