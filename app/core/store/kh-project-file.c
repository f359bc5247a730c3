/* kh-project-file.c: the .kakehashi project file
 *
 * A project file is a SQLite database (PRAGMA application_id "KAKE",
 * user_version = KH_PROJECT_FORMAT_VERSION) with these tables:
 *
 *   meta (key, value)                    generator, recovery_of
 *   schema (side, system, origin)        side: 'source' or 'target'
 *   entity (side, position, name, label, description)
 *   field (side, entity, position, name, type, label, description,
 *          required, max_length, precision, scale, is_key)
 *          required: NULL unknown, 0, 1; max_length: NULL unknown, 0 none
 *   field_code (side, entity, field, position, value, label)
 *   field_attribute (side, entity, field, name, value)
 *   sample_set (id = 1, origin, n_rows)
 *   sample_column (position, name)
 *   sample_cell (row, col, value)        null cells are not stored
 *   mapping (id = 1, xml)                the mapping's canonical XML
 *   version (number, saved_at, comment, xml)
 *
 * Saving never changes a file in place. The whole database is built in a
 * temporary file next to the target, synced, and renamed over it, and the
 * directory is synced: a kill or a crash at any moment leaves either the
 * old file or the new one, whole. (A killed save also leaves its hidden
 * temporary file; the next save removes it.)
 *
 * Opening reads everything into memory and closes the file; it checks the
 * header (is it SQLite, is it ours, is it too new, is it truncated) and
 * the database's integrity before it trusts a byte.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-project-file"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "kh-error.h"
#include "kh-mapping-xml.h"
#include "kh-project-file-private.h"
#include "kh-project-version.h"

KhProjectData *
_kh_project_data_new (void)
{
  KhProjectData *data = g_new0 (KhProjectData, 1);

  data->versions = g_ptr_array_new_with_free_func (g_object_unref);

  return data;
}

void
_kh_project_data_free (KhProjectData *data)
{
  if (data == NULL)
    return;

  g_clear_object (&data->source);
  g_clear_object (&data->target);
  g_clear_pointer (&data->samples, kh_sample_set_unref);
  g_clear_pointer (&data->mapping_xml, g_bytes_unref);
  g_clear_object (&data->mapping);
  g_clear_pointer (&data->versions, g_ptr_array_unref);
  g_clear_pointer (&data->recovery_of, g_free);
  g_free (data);
}

/* ---- SQLite helpers --------------------------------------------------- */

typedef struct
{
  sqlite3    *db;
  const char *name;   /* the file's display name */
} Db;

static gboolean
db_error (Db          *db,
          int          code,
          gboolean     writing,
          GError     **error)
{
  const char *message = db->db != NULL ? sqlite3_errmsg (db->db) : sqlite3_errstr (code);

  if (writing)
    g_set_error (error, KH_ERROR, KH_ERROR_OUTPUT,
                 _("Cannot save the project “%s”: %s"), db->name, message);
  else
    g_set_error (error, KH_ERROR, KH_ERROR_INPUT,
                 _("The project “%s” is damaged: %s"), db->name, message);
  return FALSE;
}

static gboolean
db_exec (Db          *db,
         const char  *sql,
         gboolean     writing,
         GError     **error)
{
  int rc = sqlite3_exec (db->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return db_error (db, rc, writing, error);

  return TRUE;
}

static sqlite3_stmt *
db_prepare (Db          *db,
            const char  *sql,
            gboolean     writing,
            GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db->db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      db_error (db, rc, writing, error);
      return NULL;
    }

  return stmt;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
}

/* Binds a facet: negative (unknown) is NULL. */
static void
bind_facet (sqlite3_stmt *stmt,
            int           index,
            int           value)
{
  if (value < 0)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_int (stmt, index, value);
}

static gboolean
step_done (Db            *db,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    return db_error (db, rc, TRUE, error);

  return TRUE;
}

static char *
column_text (sqlite3_stmt *stmt,
             int           index)
{
  if (sqlite3_column_type (stmt, index) == SQLITE_NULL)
    return NULL;

  return g_strdup ((const char *) sqlite3_column_text (stmt, index));
}

static int
column_facet (sqlite3_stmt *stmt,
              int           index)
{
  if (sqlite3_column_type (stmt, index) == SQLITE_NULL)
    return -1;

  return sqlite3_column_int (stmt, index);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* ---- Writing ---------------------------------------------------------- */

static const char create_sql[] =
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
  "CREATE TABLE schema (side TEXT PRIMARY KEY CHECK (side IN ('source', 'target')),"
  "  system TEXT, origin TEXT);"
  "CREATE TABLE entity (side TEXT NOT NULL, position INTEGER NOT NULL, name TEXT NOT NULL,"
  "  label TEXT, description TEXT, PRIMARY KEY (side, position));"
  "CREATE TABLE field (side TEXT NOT NULL, entity INTEGER NOT NULL, position INTEGER NOT NULL,"
  "  name TEXT NOT NULL, type TEXT NOT NULL, label TEXT, description TEXT, required INTEGER,"
  "  max_length INTEGER, precision INTEGER, scale INTEGER, is_key INTEGER NOT NULL,"
  "  PRIMARY KEY (side, entity, position));"
  "CREATE TABLE field_code (side TEXT NOT NULL, entity INTEGER NOT NULL, field INTEGER NOT NULL,"
  "  position INTEGER NOT NULL, value TEXT NOT NULL, label TEXT,"
  "  PRIMARY KEY (side, entity, field, position));"
  "CREATE TABLE field_attribute (side TEXT NOT NULL, entity INTEGER NOT NULL, field INTEGER NOT NULL,"
  "  name TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (side, entity, field, name));"
  "CREATE TABLE sample_set (id INTEGER PRIMARY KEY CHECK (id = 1), origin TEXT,"
  "  n_rows INTEGER NOT NULL);"
  "CREATE TABLE sample_column (position INTEGER PRIMARY KEY, name TEXT NOT NULL);"
  "CREATE TABLE sample_cell (row INTEGER NOT NULL, col INTEGER NOT NULL, value TEXT NOT NULL,"
  "  PRIMARY KEY (row, col)) WITHOUT ROWID;"
  "CREATE TABLE mapping (id INTEGER PRIMARY KEY CHECK (id = 1), xml TEXT NOT NULL);"
  "CREATE TABLE version (number INTEGER PRIMARY KEY, saved_at TEXT NOT NULL, comment TEXT,"
  "  xml TEXT NOT NULL);";

static gboolean
write_meta (Db                   *db,
            const KhProjectData  *data,
            GError              **error)
{
  g_autoptr(sqlite3_stmt) stmt = db_prepare (db, "INSERT INTO meta VALUES (?, ?)", TRUE, error);
  g_autofree char *generator = g_strdup_printf ("Kakehashi %s", PACKAGE_VERSION);

  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, "generator");
  bind_text (stmt, 2, generator);
  if (!step_done (db, stmt, error))
    return FALSE;

  if (data->recovery_of != NULL)
    {
      bind_text (stmt, 1, "recovery_of");
      bind_text (stmt, 2, data->recovery_of);
      if (!step_done (db, stmt, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
write_schema (Db            *db,
              const char    *side,
              KhSchema      *schema,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(sqlite3_stmt) schema_stmt = NULL;
  g_autoptr(sqlite3_stmt) entity_stmt = NULL;
  g_autoptr(sqlite3_stmt) field_stmt = NULL;
  g_autoptr(sqlite3_stmt) code_stmt = NULL;
  g_autoptr(sqlite3_stmt) attr_stmt = NULL;
  guint n_entities;

  if (schema == NULL)
    return TRUE;

  schema_stmt = db_prepare (db, "INSERT INTO schema VALUES (?, ?, ?)", TRUE, error);
  entity_stmt = db_prepare (db, "INSERT INTO entity VALUES (?, ?, ?, ?, ?)", TRUE, error);
  field_stmt = db_prepare (db, "INSERT INTO field VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", TRUE, error);
  code_stmt = db_prepare (db, "INSERT INTO field_code VALUES (?, ?, ?, ?, ?, ?)", TRUE, error);
  attr_stmt = db_prepare (db, "INSERT INTO field_attribute VALUES (?, ?, ?, ?, ?)", TRUE, error);
  if (schema_stmt == NULL || entity_stmt == NULL || field_stmt == NULL || code_stmt == NULL || attr_stmt == NULL)
    return FALSE;

  bind_text (schema_stmt, 1, side);
  bind_text (schema_stmt, 2, kh_schema_get_system (schema));
  bind_text (schema_stmt, 3, kh_schema_get_origin (schema));
  if (!step_done (db, schema_stmt, error))
    return FALSE;

  n_entities = kh_schema_get_n_entities (schema);
  for (guint e = 0; e < n_entities; e++)
    {
      KhEntity *entity = kh_schema_get_entity (schema, e);
      guint n_fields = kh_entity_get_n_fields (entity);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      bind_text (entity_stmt, 1, side);
      sqlite3_bind_int (entity_stmt, 2, (int) e);
      bind_text (entity_stmt, 3, kh_entity_get_name (entity));
      bind_text (entity_stmt, 4, kh_entity_get_label (entity));
      bind_text (entity_stmt, 5, kh_entity_get_description (entity));
      if (!step_done (db, entity_stmt, error))
        return FALSE;

      for (guint f = 0; f < n_fields; f++)
        {
          KhField *field = kh_entity_get_field (entity, f);
          KhRequired required = kh_field_get_required (field);
          g_auto(GStrv) attributes = kh_field_list_attributes (field);
          guint n_codes = kh_field_get_n_codes (field);

          bind_text (field_stmt, 1, side);
          sqlite3_bind_int (field_stmt, 2, (int) e);
          sqlite3_bind_int (field_stmt, 3, (int) f);
          bind_text (field_stmt, 4, kh_field_get_name (field));
          bind_text (field_stmt, 5, kh_field_type_to_string (kh_field_get_field_type (field)));
          bind_text (field_stmt, 6, kh_field_get_label (field));
          bind_text (field_stmt, 7, kh_field_get_description (field));
          bind_facet (field_stmt, 8, required == KH_REQUIRED_UNKNOWN ? -1 : required == KH_REQUIRED_YES);
          bind_facet (field_stmt, 9, kh_field_get_max_length (field));
          bind_facet (field_stmt, 10, kh_field_get_precision (field));
          bind_facet (field_stmt, 11, kh_field_get_scale (field));
          sqlite3_bind_int (field_stmt, 12, kh_field_get_key (field) ? 1 : 0);
          if (!step_done (db, field_stmt, error))
            return FALSE;

          for (guint c = 0; c < n_codes; c++)
            {
              g_autoptr(KhCodeValue) code = g_list_model_get_item (kh_field_get_codes (field), c);

              bind_text (code_stmt, 1, side);
              sqlite3_bind_int (code_stmt, 2, (int) e);
              sqlite3_bind_int (code_stmt, 3, (int) f);
              sqlite3_bind_int (code_stmt, 4, (int) c);
              bind_text (code_stmt, 5, kh_code_value_get_value (code));
              bind_text (code_stmt, 6, kh_code_value_get_label (code));
              if (!step_done (db, code_stmt, error))
                return FALSE;
            }

          for (guint a = 0; attributes[a] != NULL; a++)
            {
              bind_text (attr_stmt, 1, side);
              sqlite3_bind_int (attr_stmt, 2, (int) e);
              sqlite3_bind_int (attr_stmt, 3, (int) f);
              bind_text (attr_stmt, 4, attributes[a]);
              bind_text (attr_stmt, 5, kh_field_get_attribute (field, attributes[a]));
              if (!step_done (db, attr_stmt, error))
                return FALSE;
            }
        }
    }

  return TRUE;
}

static gboolean
write_samples (Db                 *db,
               const KhSampleSet  *samples,
               GCancellable       *cancellable,
               GError            **error)
{
  g_autoptr(sqlite3_stmt) set_stmt = NULL;
  g_autoptr(sqlite3_stmt) column_stmt = NULL;
  g_autoptr(sqlite3_stmt) cell_stmt = NULL;
  guint n_columns, n_rows;

  if (samples == NULL)
    return TRUE;

  set_stmt = db_prepare (db, "INSERT INTO sample_set VALUES (1, ?, ?)", TRUE, error);
  column_stmt = db_prepare (db, "INSERT INTO sample_column VALUES (?, ?)", TRUE, error);
  cell_stmt = db_prepare (db, "INSERT INTO sample_cell VALUES (?, ?, ?)", TRUE, error);
  if (set_stmt == NULL || column_stmt == NULL || cell_stmt == NULL)
    return FALSE;

  n_columns = kh_sample_set_get_n_columns (samples);
  n_rows = kh_sample_set_get_n_rows (samples);

  bind_text (set_stmt, 1, kh_sample_set_get_origin (samples));
  sqlite3_bind_int64 (set_stmt, 2, n_rows);
  if (!step_done (db, set_stmt, error))
    return FALSE;

  for (guint c = 0; c < n_columns; c++)
    {
      sqlite3_bind_int (column_stmt, 1, (int) c);
      bind_text (column_stmt, 2, kh_sample_set_get_column (samples, c));
      if (!step_done (db, column_stmt, error))
        return FALSE;
    }

  for (guint r = 0; r < n_rows; r++)
    {
      if (r % 1024 == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      for (guint c = 0; c < n_columns; c++)
        {
          const char *value = kh_sample_set_get_value (samples, r, c);

          if (value == NULL)
            continue;
          sqlite3_bind_int64 (cell_stmt, 1, r);
          sqlite3_bind_int (cell_stmt, 2, (int) c);
          bind_text (cell_stmt, 3, value);
          if (!step_done (db, cell_stmt, error))
            return FALSE;
        }
    }

  return TRUE;
}

static gboolean
write_mapping_and_versions (Db                   *db,
                            const KhProjectData  *data,
                            GError              **error)
{
  g_autoptr(sqlite3_stmt) mapping_stmt = NULL;
  g_autoptr(sqlite3_stmt) version_stmt = NULL;
  gsize size;
  const char *xml = g_bytes_get_data (data->mapping_xml, &size);

  mapping_stmt = db_prepare (db, "INSERT INTO mapping VALUES (1, ?)", TRUE, error);
  version_stmt = db_prepare (db, "INSERT INTO version VALUES (?, ?, ?, ?)", TRUE, error);
  if (mapping_stmt == NULL || version_stmt == NULL)
    return FALSE;

  sqlite3_bind_text (mapping_stmt, 1, xml, (int) size, SQLITE_STATIC);
  if (!step_done (db, mapping_stmt, error))
    return FALSE;

  for (guint i = 0; i < data->versions->len; i++)
    {
      KhProjectVersion *version = data->versions->pdata[i];
      g_autofree char *saved_at = g_date_time_format_iso8601 (kh_project_version_get_saved_at (version));
      const char *version_xml = g_bytes_get_data (kh_project_version_get_xml (version), &size);

      sqlite3_bind_int64 (version_stmt, 1, kh_project_version_get_number (version));
      bind_text (version_stmt, 2, saved_at);
      bind_text (version_stmt, 3, kh_project_version_get_comment (version));
      sqlite3_bind_text (version_stmt, 4, version_xml, (int) size, SQLITE_STATIC);
      if (!step_done (db, version_stmt, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
fsync_path (const char  *path,
            gboolean     directory,
            GError     **error)
{
  int fd = g_open (path, O_RDONLY | (directory ? O_DIRECTORY : 0), 0);
  int saved_errno;

  if (fd < 0)
    {
      saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "%s: %s", path, g_strerror (saved_errno));
      return FALSE;
    }

  if (fsync (fd) != 0 && !directory)
    {
      saved_errno = errno;
      close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "%s: %s", path, g_strerror (saved_errno));
      return FALSE;
    }

  close (fd);
  return TRUE;
}

/* A save that was killed leaves its temporary file (".NAME.XXXXXX",
 * hidden, next to the project). The next save that succeeds removes those
 * of @base that nobody has written to for STALE_SECONDS: a save takes
 * seconds, so such a file belongs to no save still running. */
#define STALE_SECONDS (10 * 60)

static void
remove_stale_temporaries (const char *dir,
                          const char *base)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autofree char *prefix = g_strconcat (".", base, ".", NULL);
  gsize prefix_len = strlen (prefix);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *entry;

  if (d == NULL)
    return;

  while ((entry = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = NULL;
      GStatBuf st;

      /* g_mkstemp_full() replaces exactly the six X's. */
      if (strlen (entry) != prefix_len + 6 || strncmp (entry, prefix, prefix_len) != 0)
        continue;

      path = g_build_filename (dir, entry, NULL);
      if (g_lstat (path, &st) != 0 || !S_ISREG (st.st_mode) || now - (gint64) st.st_mtime < STALE_SECONDS)
        continue;
      if (g_unlink (path) == 0)
        g_debug ("Removed %s, left by a save that did not finish", path);
    }
}

/**
 * _kh_project_file_write:
 * @data: what to save
 * @path: the project file to create or replace
 *
 * Writes @data to @path atomically (see the top of this file).
 *
 * Returns: %TRUE on success; on failure @path is untouched
 */
gboolean
_kh_project_file_write (const KhProjectData  *data,
                        const char           *path,
                        GCancellable         *cancellable,
                        GError              **error)
{
  g_autofree char *name = g_filename_display_name (path);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *tmp = NULL;
  g_autoptr(GError) local_error = NULL;
  Db db = { NULL, name };
  gboolean ok = FALSE;
  int fd;
  int rc;

  g_return_val_if_fail (data != NULL && data->mapping_xml != NULL, FALSE);

  /* Next to the target, so that the rename stays on one file system. */
  tmp = g_strdup_printf ("%s%s.%s.XXXXXX", dir, G_DIR_SEPARATOR_S, base);
  fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, 0666);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, KH_ERROR, KH_ERROR_OUTPUT,
                   _("Cannot save the project “%s”: cannot create a file in its folder: %s"),
                   name, g_strerror (saved_errno));
      return FALSE;
    }
  close (fd);

  rc = sqlite3_open_v2 (tmp, &db.db, SQLITE_OPEN_READWRITE, NULL);
  if (rc != SQLITE_OK)
    {
      db_error (&db, rc, TRUE, &local_error);
      goto out;
    }

  /* The file is private until the rename: no journal is needed, and no
   * sync until the end. */
  if (!db_exec (&db, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA page_size = 4096;", TRUE, &local_error))
    goto out;

  {
    g_autofree char *pragmas = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %d;",
                                                KH_PROJECT_APPLICATION_ID, KH_PROJECT_FORMAT_VERSION);

    if (!db_exec (&db, pragmas, TRUE, &local_error))
      goto out;
  }

  if (!db_exec (&db, "BEGIN", TRUE, &local_error) ||
      !db_exec (&db, create_sql, TRUE, &local_error) ||
      !write_meta (&db, data, &local_error) ||
      !write_schema (&db, "source", data->source, cancellable, &local_error) ||
      !write_schema (&db, "target", data->target, cancellable, &local_error) ||
      !write_samples (&db, data->samples, cancellable, &local_error) ||
      !write_mapping_and_versions (&db, data, &local_error) ||
      !db_exec (&db, "COMMIT", TRUE, &local_error))
    goto out;

  rc = sqlite3_close (db.db);
  db.db = NULL;
  if (rc != SQLITE_OK)
    {
      db_error (&db, rc, TRUE, &local_error);
      goto out;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, &local_error))
    goto out;

  /* The data on disk before the name points at it. */
  if (!fsync_path (tmp, FALSE, &local_error))
    goto out;

  if (g_rename (tmp, path) != 0)
    {
      int saved_errno = errno;

      g_set_error (&local_error, KH_ERROR, KH_ERROR_OUTPUT,
                   _("Cannot save the project “%s”: %s"), name, g_strerror (saved_errno));
      goto out;
    }

  /* The rename on disk too. Some file systems cannot sync a directory;
   * that is not an error. */
  fsync_path (dir, TRUE, NULL);
  ok = TRUE;

  remove_stale_temporaries (dir, base);

out:
  if (db.db != NULL)
    sqlite3_close (db.db);
  if (!ok)
    {
      g_unlink (tmp);
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
          local_error->domain == KH_ERROR)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, KH_ERROR, KH_ERROR_OUTPUT,
                     _("Cannot save the project “%s”: %s"), name, local_error->message);
    }

  return ok;
}

/* ---- Reading ---------------------------------------------------------- */

static guint32
read_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

/* Checks the 100-byte SQLite header before SQLite sees the file, so a
 * foreign, newer or truncated file gets a message that says so. */
static gboolean
check_header (const char  *path,
              const char  *name,
              GError     **error)
{
  static const char magic[16] = "SQLite format 3";
  guint8 header[100];
  GStatBuf st;
  gssize n = 0;
  int fd;
  guint32 page_size, n_pages, application_id, user_version;

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot open the project “%s”: %s"), name, g_strerror (saved_errno));
      return FALSE;
    }

  if (fstat (fd, &st) == 0 && S_ISDIR (st.st_mode))
    {
      close (fd);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                   _("Cannot open the project “%s”: it is a folder"), name);
      return FALSE;
    }

  while (n < (gssize) sizeof header)
    {
      gssize r = read (fd, header + n, sizeof header - n);

      if (r < 0 && errno == EINTR)
        continue;
      if (r <= 0)
        break;
      n += r;
    }
  close (fd);

  if (n == 0)
    {
      g_set_error (error, KH_ERROR, KH_ERROR_INPUT,
                   _("“%s” is not a Kakehashi project: the file is empty"), name);
      return FALSE;
    }

  if (n < (gssize) sizeof magic || memcmp (header, magic, sizeof magic) != 0)
    {
      g_set_error (error, KH_ERROR, KH_ERROR_INPUT,
                   _("“%s” is not a Kakehashi project: it is not a SQLite database"), name);
      return FALSE;
    }

  if (n < (gssize) sizeof header)
    {
      g_set_error (error, KH_ERROR, KH_ERROR_INPUT,
                   _("The project “%s” is damaged: the file is cut short (%lld bytes)"),
                   name, (long long) n);
      return FALSE;
    }

  application_id = read_be32 (header + 68);
  user_version = read_be32 (header + 60);

  if (application_id != KH_PROJECT_APPLICATION_ID)
    {
      g_set_error (error, KH_ERROR, KH_ERROR_INPUT,
                   _("“%s” is a SQLite database, but not a Kakehashi project"), name);
      return FALSE;
    }

  if (user_version > KH_PROJECT_FORMAT_VERSION)
    {
      g_set_error (error, KH_ERROR, KH_ERROR_UNSUPPORTED_VERSION,
                   _("The project “%s” was saved by a newer Kakehashi (project format %u); "
                     "this version reads project format %d"),
                   name, user_version, KH_PROJECT_FORMAT_VERSION);
      return FALSE;
    }

  if (user_version == 0)
    {
      g_set_error (error, KH_ERROR, KH_ERROR_INPUT,
                   _("The project “%s” is damaged: it has no format version"), name);
      return FALSE;
    }

  /* The size the header promises, when the header says it is valid. */
  page_size = ((guint32) header[16] << 8) | header[17];
  if (page_size == 1)
    page_size = 65536;
  n_pages = read_be32 (header + 28);
  if (read_be32 (header + 24) == read_be32 (header + 92) && n_pages > 0 &&
      (guint64) st.st_size < (guint64) page_size * n_pages)
    {
      g_set_error (error, KH_ERROR, KH_ERROR_INPUT,
                   _("The project “%s” is damaged: the file is cut short "
                     "(%llu of %llu bytes)"),
                   name, (unsigned long long) st.st_size, (unsigned long long) page_size * n_pages);
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_meta (Db             *db,
           KhProjectData  *data,
           GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = db_prepare (db, "SELECT key, value FROM meta", FALSE, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "recovery_of") == 0)
      {
        g_free (data->recovery_of);
        data->recovery_of = column_text (stmt, 1);
      }

  if (rc != SQLITE_DONE)
    return db_error (db, rc, FALSE, error);

  return TRUE;
}

static KhField *
read_field (sqlite3_stmt *stmt)
{
  /* name, type, label, description, required, max_length, precision,
   * scale, is_key */
  KhFieldType type = KH_FIELD_TYPE_STRING;
  KhField *field;
  g_autofree char *label = column_text (stmt, 4);
  g_autofree char *description = column_text (stmt, 5);
  int required = column_facet (stmt, 6);

  kh_field_type_from_string ((const char *) sqlite3_column_text (stmt, 3), &type);
  field = kh_field_new ((const char *) sqlite3_column_text (stmt, 2), type);
  kh_field_set_label (field, label);
  kh_field_set_description (field, description);
  kh_field_set_required (field, required < 0 ? KH_REQUIRED_UNKNOWN : required ? KH_REQUIRED_YES : KH_REQUIRED_NO);
  kh_field_set_max_length (field, MAX (column_facet (stmt, 7), KH_FACET_UNKNOWN));
  kh_field_set_precision (field, MAX (column_facet (stmt, 8), KH_FACET_UNKNOWN));
  kh_field_set_scale (field, MAX (column_facet (stmt, 9), KH_FACET_UNKNOWN));
  kh_field_set_key (field, sqlite3_column_int (stmt, 10) != 0);

  return field;
}

static gboolean
read_schema (Db             *db,
             const char     *side,
             KhSchema      **out,
             GError        **error)
{
  g_autoptr(sqlite3_stmt) schema_stmt = NULL;
  g_autoptr(sqlite3_stmt) entity_stmt = NULL;
  g_autoptr(sqlite3_stmt) field_stmt = NULL;
  g_autoptr(sqlite3_stmt) code_stmt = NULL;
  g_autoptr(sqlite3_stmt) attr_stmt = NULL;
  g_autoptr(KhSchema) schema = NULL;
  g_autoptr(GPtrArray) entities = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  int rc;

  schema_stmt = db_prepare (db, "SELECT system, origin FROM schema WHERE side = ?", FALSE, error);
  entity_stmt = db_prepare (db, "SELECT position, name, label, description FROM entity WHERE side = ? ORDER BY position", FALSE, error);
  field_stmt = db_prepare (db, "SELECT entity, position, name, type, label, description, required, max_length,"
                               " precision, scale, is_key FROM field WHERE side = ? ORDER BY entity, position",
                           FALSE, error);
  code_stmt = db_prepare (db, "SELECT entity, field, value, label FROM field_code WHERE side = ?"
                              " ORDER BY entity, field, position", FALSE, error);
  attr_stmt = db_prepare (db, "SELECT entity, field, name, value FROM field_attribute WHERE side = ?", FALSE, error);
  if (schema_stmt == NULL || entity_stmt == NULL || field_stmt == NULL || code_stmt == NULL || attr_stmt == NULL)
    return FALSE;

  *out = NULL;

  bind_text (schema_stmt, 1, side);
  rc = sqlite3_step (schema_stmt);
  if (rc == SQLITE_DONE)
    return TRUE;   /* no schema on this side */
  if (rc != SQLITE_ROW)
    return db_error (db, rc, FALSE, error);

  schema = kh_schema_new ((const char *) sqlite3_column_text (schema_stmt, 0));
  {
    g_autofree char *origin = column_text (schema_stmt, 1);
    kh_schema_set_origin (schema, origin);
  }

  bind_text (entity_stmt, 1, side);
  while ((rc = sqlite3_step (entity_stmt)) == SQLITE_ROW)
    {
      KhEntity *entity;
      g_autofree char *label = column_text (entity_stmt, 2);
      g_autofree char *description = column_text (entity_stmt, 3);

      if (sqlite3_column_int64 (entity_stmt, 0) != entities->len || sqlite3_column_type (entity_stmt, 1) == SQLITE_NULL)
        {
          g_set_error (error, KH_ERROR, KH_ERROR_INPUT,
                       _("The project “%s” is damaged: its %s entities are out of order"), db->name, side);
          return FALSE;
        }

      entity = kh_entity_new ((const char *) sqlite3_column_text (entity_stmt, 1));
      kh_entity_set_label (entity, label);
      kh_entity_set_description (entity, description);
      g_ptr_array_add (entities, entity);
      g_ptr_array_add (fields, g_ptr_array_new_with_free_func (g_object_unref));
    }
  if (rc != SQLITE_DONE)
    return db_error (db, rc, FALSE, error);

  bind_text (field_stmt, 1, side);
  while ((rc = sqlite3_step (field_stmt)) == SQLITE_ROW)
    {
      gint64 e = sqlite3_column_int64 (field_stmt, 0);
      GPtrArray *list;

      if (e < 0 || e >= entities->len ||
          sqlite3_column_int64 (field_stmt, 1) != ((GPtrArray *) fields->pdata[e])->len ||
          sqlite3_column_type (field_stmt, 2) == SQLITE_NULL)
        {
          g_set_error (error, KH_ERROR, KH_ERROR_INPUT,
                       _("The project “%s” is damaged: its %s fields are out of order"), db->name, side);
          return FALSE;
        }
      list = fields->pdata[e];
      g_ptr_array_add (list, read_field (field_stmt));
    }
  if (rc != SQLITE_DONE)
    return db_error (db, rc, FALSE, error);

  bind_text (code_stmt, 1, side);
  while ((rc = sqlite3_step (code_stmt)) == SQLITE_ROW)
    {
      gint64 e = sqlite3_column_int64 (code_stmt, 0);
      gint64 f = sqlite3_column_int64 (code_stmt, 1);
      g_autofree char *label = column_text (code_stmt, 3);

      if (e < 0 || e >= entities->len || f < 0 || f >= ((GPtrArray *) fields->pdata[e])->len)
        continue;
      kh_field_add_code (((GPtrArray *) fields->pdata[e])->pdata[f],
                         (const char *) sqlite3_column_text (code_stmt, 2), label);
    }
  if (rc != SQLITE_DONE)
    return db_error (db, rc, FALSE, error);

  bind_text (attr_stmt, 1, side);
  while ((rc = sqlite3_step (attr_stmt)) == SQLITE_ROW)
    {
      gint64 e = sqlite3_column_int64 (attr_stmt, 0);
      gint64 f = sqlite3_column_int64 (attr_stmt, 1);

      if (e < 0 || e >= entities->len || f < 0 || f >= ((GPtrArray *) fields->pdata[e])->len)
        continue;
      kh_field_set_attribute (((GPtrArray *) fields->pdata[e])->pdata[f],
                              (const char *) sqlite3_column_text (attr_stmt, 2),
                              (const char *) sqlite3_column_text (attr_stmt, 3));
    }
  if (rc != SQLITE_DONE)
    return db_error (db, rc, FALSE, error);

  for (guint e = 0; e < entities->len; e++)
    {
      KhEntity *entity = entities->pdata[e];
      GPtrArray *list = fields->pdata[e];

      for (guint f = 0; f < list->len; f++)
        kh_entity_add_field (entity, list->pdata[f]);
      kh_schema_add_entity (schema, entity);
    }

  *out = g_steal_pointer (&schema);
  return TRUE;
}

static gboolean
read_samples (Db             *db,
              KhProjectData  *data,
              GCancellable   *cancellable,
              GError        **error)
{
  g_autoptr(sqlite3_stmt) set_stmt = NULL;
  g_autoptr(sqlite3_stmt) column_stmt = NULL;
  g_autoptr(sqlite3_stmt) cell_stmt = NULL;
  g_autoptr(GPtrArray) columns = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) row = g_ptr_array_new ();
  g_autoptr(KhSampleSet) samples = NULL;
  g_autofree char *origin = NULL;
  gint64 n_rows, current = 0;
  gboolean have_cell;
  int rc;

  set_stmt = db_prepare (db, "SELECT origin, n_rows FROM sample_set WHERE id = 1", FALSE, error);
  column_stmt = db_prepare (db, "SELECT position, name FROM sample_column ORDER BY position", FALSE, error);
  cell_stmt = db_prepare (db, "SELECT row, col, value FROM sample_cell ORDER BY row, col", FALSE, error);
  if (set_stmt == NULL || column_stmt == NULL || cell_stmt == NULL)
    return FALSE;

  rc = sqlite3_step (set_stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return db_error (db, rc, FALSE, error);
  origin = column_text (set_stmt, 0);
  n_rows = sqlite3_column_int64 (set_stmt, 1);

  while ((rc = sqlite3_step (column_stmt)) == SQLITE_ROW)
    g_ptr_array_add (columns, g_strdup ((const char *) sqlite3_column_text (column_stmt, 1)));
  if (rc != SQLITE_DONE)
    return db_error (db, rc, FALSE, error);
  g_ptr_array_add (columns, NULL);

  samples = kh_sample_set_new ((const char * const *) columns->pdata);
  kh_sample_set_set_origin (samples, origin);
  g_ptr_array_set_size (row, columns->len - 1);

  rc = sqlite3_step (cell_stmt);
  have_cell = rc == SQLITE_ROW;
  for (current = 0; current < n_rows; current++)
    {
      if (current % 1024 == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      for (guint c = 0; c < row->len; c++)
        row->pdata[c] = NULL;

      while (have_cell && sqlite3_column_int64 (cell_stmt, 0) == current)
        {
          gint64 c = sqlite3_column_int64 (cell_stmt, 1);

          /* Points into SQLite's buffer, valid until the next step; the
           * set copies the row before that. */
          if (c >= 0 && c < row->len && row->pdata[c] == NULL)
            row->pdata[c] = g_strdup ((const char *) sqlite3_column_text (cell_stmt, 2));
          rc = sqlite3_step (cell_stmt);
          have_cell = rc == SQLITE_ROW;
        }

      kh_sample_set_add_row (samples, (const char * const *) row->pdata, row->len);
      for (guint c = 0; c < row->len; c++)
        g_clear_pointer (&row->pdata[c], g_free);
    }
  if (have_cell || rc != SQLITE_DONE)
    {
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_error (db, rc, FALSE, error);
      g_set_error (error, KH_ERROR, KH_ERROR_INPUT,
                   _("The project “%s” is damaged: its sample records do not add up"), db->name);
      return FALSE;
    }

  data->samples = g_steal_pointer (&samples);
  return TRUE;
}

static gboolean
read_mapping_and_versions (Db             *db,
                           KhProjectData  *data,
                           GError        **error)
{
  g_autoptr(sqlite3_stmt) mapping_stmt = NULL;
  g_autoptr(sqlite3_stmt) version_stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  int rc;

  mapping_stmt = db_prepare (db, "SELECT xml FROM mapping WHERE id = 1", FALSE, error);
  version_stmt = db_prepare (db, "SELECT number, saved_at, comment, xml FROM version ORDER BY number", FALSE, error);
  if (mapping_stmt == NULL || version_stmt == NULL)
    return FALSE;

  rc = sqlite3_step (mapping_stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc != SQLITE_DONE)
        return db_error (db, rc, FALSE, error);
      g_set_error (error, KH_ERROR, KH_ERROR_INPUT,
                   _("The project “%s” is damaged: it has no mapping"), db->name);
      return FALSE;
    }
  data->mapping_xml = g_bytes_new (sqlite3_column_blob (mapping_stmt, 0),
                                   (gsize) sqlite3_column_bytes (mapping_stmt, 0));

  while ((rc = sqlite3_step (version_stmt)) == SQLITE_ROW)
    {
      g_autoptr(GDateTime) saved_at = NULL;
      g_autoptr(GBytes) xml = NULL;
      g_autofree char *comment = column_text (version_stmt, 2);
      const char *when = (const char *) sqlite3_column_text (version_stmt, 1);

      saved_at = when != NULL ? g_date_time_new_from_iso8601 (when, NULL) : NULL;
      if (saved_at == NULL)
        {
          g_set_error (error, KH_ERROR, KH_ERROR_INPUT,
                       _("The project “%s” is damaged: version %lld has no valid date"),
                       db->name, (long long) sqlite3_column_int64 (version_stmt, 0));
          return FALSE;
        }
      xml = g_bytes_new (sqlite3_column_blob (version_stmt, 3), (gsize) sqlite3_column_bytes (version_stmt, 3));
      g_ptr_array_add (data->versions,
                       kh_project_version_new (sqlite3_column_int64 (version_stmt, 0), saved_at, comment, xml));
    }
  if (rc != SQLITE_DONE)
    return db_error (db, rc, FALSE, error);

  /* Work in progress may have semantic problems; the XML itself must be
   * sound. */
  data->mapping = kh_mapping_load_bytes (data->mapping_xml, db->name, KH_MAPPING_LOAD_KEEP_INVALID,
                                         NULL, &local_error);
  if (data->mapping == NULL)
    {
      g_set_error (error, KH_ERROR, KH_ERROR_INPUT,
                   _("The project “%s” is damaged: its mapping cannot be read: %s"),
                   db->name, local_error->message);
      return FALSE;
    }

  return TRUE;
}

/**
 * _kh_project_file_read:
 *
 * Reads a whole project file into memory.
 *
 * Returns: (transfer full): the project's data, or %NULL with a message
 *   that says what is wrong with the file
 */
KhProjectData *
_kh_project_file_read (const char    *path,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autofree char *name = g_filename_display_name (path);
  g_autoptr(KhProjectData) data = NULL;
  g_autoptr(sqlite3_stmt) check = NULL;
  Db db = { NULL, name };
  int rc;

  if (!check_header (path, name, error))
    return NULL;

  rc = sqlite3_open_v2 (path, &db.db, SQLITE_OPEN_READONLY, NULL);
  if (rc != SQLITE_OK)
    {
      db_error (&db, rc, FALSE, error);
      sqlite3_close (db.db);
      return NULL;
    }

  data = _kh_project_data_new ();

  /* Trust nothing before the database says it is whole. */
  check = db_prepare (&db, "PRAGMA quick_check", FALSE, error);
  if (check == NULL)
    goto fail;
  rc = sqlite3_step (check);
  if (rc != SQLITE_ROW)
    {
      db_error (&db, rc, FALSE, error);
      goto fail;
    }
  if (g_strcmp0 ((const char *) sqlite3_column_text (check, 0), "ok") != 0)
    {
      g_set_error (error, KH_ERROR, KH_ERROR_INPUT, _("The project “%s” is damaged: %s"),
                   name, (const char *) sqlite3_column_text (check, 0));
      goto fail;
    }
  g_clear_pointer (&check, sqlite3_finalize);

  if (!read_meta (&db, data, error) ||
      !read_schema (&db, "source", &data->source, error) ||
      !read_schema (&db, "target", &data->target, error) ||
      !read_samples (&db, data, cancellable, error) ||
      !read_mapping_and_versions (&db, data, error))
    goto fail;

  sqlite3_close (db.db);
  return g_steal_pointer (&data);

fail:
  g_clear_pointer (&check, sqlite3_finalize);
  sqlite3_close (db.db);
  return NULL;
}
