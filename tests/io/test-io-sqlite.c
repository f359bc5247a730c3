/* test-io-sqlite.c: the SQLite reader and writer on real database files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>

#include "io-test-util.h"

static sqlite3 *
open_db (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  return db;
}

static void
exec_sql (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* The rows of a query, each as cells joined by '|' (NULL as "∅", with the
 * storage class in brackets when @with_types). */
static char *
query (const char *path,
       const char *sql,
       gboolean    with_types)
{
  sqlite3 *db = open_db (path);
  sqlite3_stmt *stmt = NULL;
  GString *out = g_string_new (NULL);
  static const char * const classes[] = { "", "int", "real", "text", "blob", "null" };

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (out->len > 0)
        g_string_append_c (out, '\n');
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        {
          int type = sqlite3_column_type (stmt, i);

          if (i > 0)
            g_string_append_c (out, '|');
          if (type == SQLITE_NULL)
            g_string_append (out, "∅");
          else
            g_string_append (out, (const char *) sqlite3_column_text (stmt, i));
          if (with_types)
            g_string_append_printf (out, "[%s]", classes[type]);
        }
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return g_string_free (out, FALSE);
}

static void
test_read_table (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "erp.db", NULL);
  KhReaderOptions options = KH_READER_OPTIONS_INIT;
  g_autoptr(GError) error = NULL;
  g_autoptr(KhReader) reader = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autofree char *columns = NULL;
  sqlite3 *db = open_db (path);

  exec_sql (db,
            "CREATE TABLE \"my \"\"odd\"\" table\" (id INTEGER, name TEXT, amount REAL, note);"
            "INSERT INTO \"my \"\"odd\"\" table\" VALUES (42, '株式会社', 1.5, NULL);"
            "INSERT INTO \"my \"\"odd\"\" table\" VALUES (-7, '', 0.1, 'x');"
            "CREATE TABLE other (a);");
  sqlite3_close (db);

  /* Several tables: one must be named. */
  error = read_error (path, NULL);
  g_assert_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM);
  assert_message_contains (error, "several tables (my \"odd\" table, other)");
  g_clear_error (&error);

  options.table = "nope";
  error = read_error (path, &options);
  g_assert_error (error, KH_ERROR, KH_ERROR_NOT_FOUND);
  assert_message_contains (error, "no table named “nope”");
  g_clear_error (&error);

  /* The identifier is quoted properly. */
  options.table = "my \"odd\" table";
  reader = kh_reader_open (path, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kh_reader_get_format (reader), ==, KH_IO_FORMAT_SQLITE);
  g_assert_null (kh_reader_get_encoding (reader));
  columns = columns_to_string (reader);
  g_assert_cmpstr (columns, ==, "id|name|amount|note");
  records = read_all (reader, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 2);
  assert_record (records, 0, "42|株式会社|1.5|∅");
  assert_record (records, 1, "-7||0.1|x");
}

static void
test_only_table_and_blobs (Fixture       *fixture,
                           gconstpointer  data)
{
  /* No extension: the SQLite header says what it is. */
  g_autofree char *path = g_build_filename (fixture->dir, "data", NULL);
  KhReaderOptions options = KH_READER_OPTIONS_INIT;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = open_db (path);

  exec_sql (db, "CREATE TABLE t (id, data);"
                "INSERT INTO t VALUES (1, x'00ff10');");
  sqlite3_close (db);

  error = read_error (path, NULL);
  g_assert_error (error, KH_ERROR, KH_ERROR_UNSUPPORTED);
  assert_message_contains (error, "table “t”, row 1, column “data”");
  assert_message_contains (error, "BLOB");

  options.blob_as_hex = TRUE;
  {
    g_autoptr(GPtrArray) records = read_path (path, &options, NULL);

    assert_record (records, 0, "1|00ff10");
  }
}

static void
test_locked (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "locked.sqlite", NULL);
  KhReaderOptions options = KH_READER_OPTIONS_INIT;
  KhWriterOptions wopts = KH_WRITER_OPTIONS_INIT;
  const char *names[] = { "a" };
  g_autoptr(GError) error = NULL;
  sqlite3 *db = open_db (path);
  sqlite3 *holder;

  exec_sql (db, "CREATE TABLE t (a); INSERT INTO t VALUES (1);");
  sqlite3_close (db);

  /* A second connection holds the write lock. */
  holder = open_db (path);
  exec_sql (holder, "BEGIN EXCLUSIVE; INSERT INTO t VALUES (2);");

  options.busy_timeout_ms = -1;
  error = read_error (path, &options);
  g_assert_error (error, KH_ERROR, KH_ERROR_INPUT);
  assert_message_contains (error, "locked.sqlite");
  assert_message_contains (error, "is locked by another program");
  g_clear_error (&error);

  /* With the default wait (one second), the same. */
  error = read_error (path, NULL);
  g_assert_error (error, KH_ERROR, KH_ERROR_INPUT);
  assert_message_contains (error, "is locked");
  g_clear_error (&error);

  /* Writing into it fails at open, before any record. */
  wopts.table = "out";
  {
    g_autoptr(KhWriter) writer = kh_writer_open (path, names, NULL, 1, &wopts, &error);

    g_assert_null (writer);
    g_assert_error (error, KH_ERROR, KH_ERROR_OUTPUT);
    assert_message_contains (error, "is locked");
  }

  exec_sql (holder, "ROLLBACK");
  sqlite3_close (holder);

  {
    g_autoptr(GPtrArray) records = read_path (path, NULL, NULL);

    g_assert_cmpuint (records->len, ==, 1);
  }
}

static void
test_not_a_database (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *path = write_file (fixture, "notes.sqlite", "id,name\n1,x\n", -1);
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.db", NULL);
  const char *names[] = { "a" };
  g_autoptr(GError) error = NULL;

  error = read_error (path, NULL);
  g_assert_error (error, KH_ERROR, KH_ERROR_INPUT);
  assert_message_contains (error, "“");
  assert_message_contains (error, "notes.sqlite” is not a SQLite database");
  g_clear_error (&error);

  error = read_error (missing, NULL);
  g_assert_error (error, KH_ERROR, KH_ERROR_INPUT);
  assert_message_contains (error, "missing.db");
  assert_message_contains (error, "does not exist");
  g_clear_error (&error);

  /* Writing into it: the same words, and the file is untouched. */
  {
    g_autoptr(KhWriter) writer = kh_writer_open (path, names, NULL, 1, NULL, &error);
    g_autofree char *contents = NULL;

    g_assert_null (writer);
    g_assert_error (error, KH_ERROR, KH_ERROR_OUTPUT);
    assert_message_contains (error, "is not a SQLite database");
    g_file_get_contents (path, &contents, NULL, NULL);
    g_assert_cmpstr (contents, ==, "id,name\n1,x\n");
  }
}

static const char * const names[] = { "id", "name", "amount", "active", "born", "any" };
static const KhValueType types[] = {
  KH_VALUE_INTEGER, KH_VALUE_STRING, KH_VALUE_DECIMAL, KH_VALUE_BOOLEAN, KH_VALUE_DATE, KH_VALUE_NULL,
};

#define V(s, t) { s, sizeof s - 1, KH_VALUE_##t }
#define N { NULL, 0, KH_VALUE_NULL }

static void
write_rows (KhWriter *writer,
            guint     n)
{
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", i + 1);
      KhValue row[] = {
        { id, strlen (id), KH_VALUE_INTEGER },
        V ("'); DROP TABLE records; --", STRING),
        V ("12345678901234567890.123456789", DECIMAL),
        V ("true", BOOLEAN),
        V ("2024-02-29", DATE),
        N,
      };

      g_assert_true (kh_writer_write_record (writer, row, &error));
      g_assert_no_error (error);
    }
}

static void
test_write_new (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "out.sqlite", NULL);
  KhWriterOptions options = KH_WRITER_OPTIONS_INIT;
  g_autoptr(GError) error = NULL;
  g_autoptr(KhWriter) writer = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *rows = NULL;
  g_autofree char *schema = NULL;

  options.batch_size = 3;
  writer = kh_writer_open (path, names, types, G_N_ELEMENTS (names), &options, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kh_writer_get_format (writer), ==, KH_IO_FORMAT_SQLITE);
  write_rows (writer, 10);
  {
    KhValue row[] = { V ("0", INTEGER), V ("false", BOOLEAN), V ("-0.50", DECIMAL),
                      V ("false", BOOLEAN), N, V ("7", INTEGER) };

    g_assert_true (kh_writer_write_record (writer, row, &error));
  }

  /* Built aside: the target does not exist before the commit. */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_nonnull (kh_writer_get_temp_path (writer));
  g_assert_true (g_file_test (kh_writer_get_temp_path (writer), G_FILE_TEST_EXISTS));

  g_assert_true (kh_writer_commit (writer, &error));
  g_assert_no_error (error);
  listing = list_dir (fixture->dir);
  g_assert_cmpstr (listing, ==, "out.sqlite");

  schema = query (path, "SELECT sql FROM sqlite_master", FALSE);
  g_assert_cmpstr (schema, ==, "CREATE TABLE \"records\" (\"id\" INTEGER, \"name\" TEXT, \"amount\" TEXT, "
                               "\"active\" BOOLEAN, \"born\" DATE, \"any\")");
  rows = query (path, "SELECT * FROM records ORDER BY id", TRUE);
  /* Parameters, not SQL: the text is stored as it is. Decimals keep
   * their digits. */
  g_assert_true (g_str_has_prefix (rows, "0[int]|false[text]|-0.50[text]|0[int]|∅[null]|7[int]\n"
                                         "1[int]|'); DROP TABLE records; --[text]|"
                                         "12345678901234567890.123456789[text]|1[int]|2024-02-29[text]|∅[null]\n"));
  g_clear_pointer (&rows, g_free);
  rows = query (path, "SELECT count(*) FROM records", FALSE);
  g_assert_cmpstr (rows, ==, "11");

  /* And the reader reads it back. */
  {
    g_autoptr(GPtrArray) records = read_path (path, NULL, NULL);

    g_assert_cmpuint (records->len, ==, 11);
    assert_record (records, 0, "1|'); DROP TABLE records; --|12345678901234567890.123456789|1|2024-02-29|∅");
    assert_record (records, 10, "0|false|-0.50|0|∅|7");
  }
}

static void
test_write_new_abort (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "out.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *listing = NULL;

  {
    g_autoptr(KhWriter) writer = kh_writer_open (path, names, types, G_N_ELEMENTS (names), NULL, &error);

    g_assert_no_error (error);
    write_rows (writer, 5);
    kh_writer_abort (writer);
  }
  listing = list_dir (fixture->dir);
  g_assert_cmpstr (listing, ==, "");

  /* Freed without a commit: the same. */
  {
    g_autoptr(KhWriter) writer = kh_writer_open (path, names, types, G_N_ELEMENTS (names), NULL, &error);

    write_rows (writer, 5);
  }
  g_free (listing);
  listing = list_dir (fixture->dir);
  g_assert_cmpstr (listing, ==, "");
}

static void
test_write_existing (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "crm.sqlite", NULL);
  KhWriterOptions options = KH_WRITER_OPTIONS_INIT;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = open_db (path);

  exec_sql (db, "CREATE TABLE accounts (old TEXT); INSERT INTO accounts VALUES ('old row');"
                "CREATE TABLE keep (k); INSERT INTO keep VALUES ('kept');"
                "CREATE VIEW v AS SELECT * FROM accounts;");
  sqlite3_close (db);
  options.table = "accounts";
  options.batch_size = 2;

  /* Aborted: the old table is intact and no staging table is left. */
  {
    g_autoptr(KhWriter) writer = kh_writer_open (path, names, types, G_N_ELEMENTS (names), &options, &error);
    g_autofree char *rows = NULL;

    g_assert_no_error (error);
    g_assert_null (kh_writer_get_temp_path (writer));
    write_rows (writer, 5);

    /* During the run, readers see the old table. */
    rows = query (path, "SELECT * FROM accounts", FALSE);
    g_assert_cmpstr (rows, ==, "old row");

    kh_writer_abort (writer);
  }
  {
    g_autofree char *rows = query (path, "SELECT * FROM accounts", FALSE);
    g_autofree char *tables = query (path, "SELECT name FROM sqlite_master ORDER BY name", FALSE);

    g_assert_cmpstr (rows, ==, "old row");
    g_assert_cmpstr (tables, ==, "accounts\nkeep\nv");
  }

  /* Committed: the table is replaced in one go; other tables stay. */
  {
    g_autoptr(KhWriter) writer = kh_writer_open (path, names, types, G_N_ELEMENTS (names), &options, &error);

    g_assert_no_error (error);
    write_rows (writer, 5);
    g_assert_true (kh_writer_commit (writer, &error));
    g_assert_no_error (error);
  }
  {
    g_autofree char *rows = query (path, "SELECT count(*), min(id), max(id) FROM accounts", FALSE);
    g_autofree char *tables = query (path, "SELECT name FROM sqlite_master ORDER BY name", FALSE);
    g_autofree char *kept = query (path, "SELECT * FROM keep", FALSE);
    g_autofree char *listing = list_dir (fixture->dir);

    g_assert_cmpstr (rows, ==, "5|1|5");
    g_assert_cmpstr (tables, ==, "accounts\nkeep\nv");
    g_assert_cmpstr (kept, ==, "kept");
    g_assert_cmpstr (listing, ==, "crm.sqlite");
  }
}

static void
test_write_errors (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "e.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(KhWriter) writer = kh_writer_open (path, names, types, G_N_ELEMENTS (names), NULL, &error);
  KhValue too_big[] = { V ("99999999999999999999", INTEGER), N, N, N, N, N };
  KhValue not_a_number[] = { V ("1,234", STRING), N, N, N, N, N };
  g_autofree char *listing = NULL;

  g_assert_no_error (error);
  g_assert_false (kh_writer_write_record (writer, too_big, &error));
  g_assert_error (error, KH_ERROR, KH_ERROR_OUTPUT);
  assert_message_contains (error, "record 1, column “id”");
  assert_message_contains (error, "does not fit");
  g_clear_error (&error);

  /* After an error the writer keeps failing, and commit fails too. */
  g_assert_false (kh_writer_write_record (writer, not_a_number, &error));
  g_assert_error (error, KH_ERROR, KH_ERROR_OUTPUT);
  g_clear_error (&error);
  g_assert_false (kh_writer_commit (writer, &error));
  g_clear_error (&error);
  kh_writer_abort (writer);
  listing = list_dir (fixture->dir);
  g_assert_cmpstr (listing, ==, "");

  /* Standard output cannot take a database. */
  {
    KhWriterOptions options = KH_WRITER_OPTIONS_INIT;
    g_autoptr(KhWriter) stdout_writer = NULL;

    options.format = KH_IO_FORMAT_SQLITE;
    stdout_writer = kh_writer_open ("-", names, types, 1, &options, &error);
    g_assert_null (stdout_writer);
    g_assert_error (error, KH_ERROR, KH_ERROR_UNSUPPORTED);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/io/sqlite/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("read-table", test_read_table);
  ADD ("only-table-and-blobs", test_only_table_and_blobs);
  ADD ("locked", test_locked);
  ADD ("not-a-database", test_not_a_database);
  ADD ("write-new", test_write_new);
  ADD ("write-new-abort", test_write_new_abort);
  ADD ("write-existing", test_write_existing);
  ADD ("write-errors", test_write_errors);

  return g_test_run ();
}
