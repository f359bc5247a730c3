/* test-store-errors.c: foreign, newer and damaged files get clear errors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>

#include "kh-error.h"
#include "store-test-util.h"

/* Saves a real project and returns its path. */
static char *
save_real_project (const char *dir,
                   const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(KhProject) project = store_test_project (300);
  g_autoptr(GError) error = NULL;

  g_assert_true (kh_project_save_as (project, file, "v1", NULL, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&path);
}

static GError *
open_error (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(KhProject) project = NULL;
  GError *error = NULL;

  project = kh_project_open (file, NULL, &error);
  g_assert_null (project);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);

  return error;
}

static void
assert_open_fails (const char *path,
                   GQuark      domain,
                   int         code,
                   const char *fragment)
{
  g_autoptr(GError) error = open_error (path);
  g_autofree char *base = g_path_get_basename (path);

  g_assert_error (error, domain, code);
  g_assert_nonnull (strstr (error->message, base));
  if (strstr (error->message, fragment) == NULL)
    g_error ("“%s” does not contain “%s”", error->message, fragment);
}

static void
test_truncated (void)
{
  g_autofree char *dir = store_test_tmpdir ();
  g_autofree char *path = save_real_project (dir, "real.kakehashi");
  g_autofree char *contents = NULL;
  gsize size;
  const gsize cuts[] = { 0, 10, 50, 99, 100, 1000, 4096, 8191, 20000 };

  g_file_get_contents (path, &contents, &size, NULL);
  g_assert_cmpuint (size, >, 40000);

  for (guint i = 0; i < G_N_ELEMENTS (cuts) + 3; i++)
    {
      gsize cut = i < G_N_ELEMENTS (cuts) ? cuts[i] : i == G_N_ELEMENTS (cuts) ? size / 2 : i == G_N_ELEMENTS (cuts) + 1 ? size - 4096 : size - 1;
      g_autofree char *cut_path = g_strdup_printf ("%s/cut-%" G_GSIZE_FORMAT ".kakehashi", dir, cut);
      g_autoptr(GError) error = NULL;
      g_autofree char *base = g_path_get_basename (cut_path);

      g_file_set_contents (cut_path, contents, (gssize) cut, NULL);
      error = open_error (cut_path);
      g_assert_true (error->domain == KH_ERROR);
      g_assert_nonnull (strstr (error->message, base));
      if (cut == 0)
        g_assert_nonnull (strstr (error->message, "empty"));
      else if (cut < 16)
        g_assert_nonnull (strstr (error->message, "not a SQLite database"));
      else
        g_assert_nonnull (strstr (error->message, "damaged"));
    }

  store_test_rm_rf (dir);
}

static void
test_random_bytes (void)
{
  g_autofree char *dir = store_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "random.kakehashi", NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autofree guint8 *bytes = g_malloc (65536);

  for (guint i = 0; i < 65536; i++)
    bytes[i] = (guint8) g_rand_int_range (rand, 0, 256);
  g_file_set_contents (path, (const char *) bytes, 65536, NULL);

  assert_open_fails (path, KH_ERROR, KH_ERROR_INPUT, "is not a Kakehashi project: it is not a SQLite database");

  /* A mapping XML is not a project either. */
  {
    g_autofree char *xml_path = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "format", "data",
                                                  "example-kna1-account.xml", NULL);
    assert_open_fails (xml_path, KH_ERROR, KH_ERROR_INPUT, "not a SQLite database");
  }

  store_test_rm_rf (dir);
}

/* Random damage inside a real file: an error or a sound project, never a
 * crash or a hang. */
static void
test_scrambled (void)
{
  g_autofree char *dir = store_test_tmpdir ();
  g_autofree char *path = save_real_project (dir, "real.kakehashi");
  g_autofree char *contents = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  gsize size;
  guint n_errors = 0;

  g_file_get_contents (path, &contents, &size, NULL);

  for (guint round = 0; round < 40; round++)
    {
      g_autofree char *copy = g_memdup2 (contents, size);
      g_autofree char *bad_path = g_strdup_printf ("%s/scrambled-%u.kakehashi", dir, round);
      g_autoptr(GFile) file = g_file_new_for_path (bad_path);
      g_autoptr(KhProject) project = NULL;
      g_autoptr(GError) error = NULL;
      gsize start = (gsize) g_rand_int_range (rand, 100, (gint32) size - 64);

      for (guint i = 0; i < 64; i++)
        copy[start + i] = (char) g_rand_int_range (rand, 0, 256);
      g_file_set_contents (bad_path, copy, (gssize) size, NULL);

      project = kh_project_open (file, NULL, &error);
      if (project == NULL)
        {
          g_assert_nonnull (error);
          g_assert_nonnull (strstr (error->message, "scrambled-"));
          n_errors++;
        }
      else
        g_assert_no_error (error);
    }

  g_assert_cmpuint (n_errors, >, 0);
  store_test_rm_rf (dir);
}

static void
test_foreign_sqlite (void)
{
  g_autofree char *dir = store_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "northwind.kakehashi", NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT);"
                                     "INSERT INTO customers VALUES (1, 'Alfreds Futterkiste');",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  assert_open_fails (path, KH_ERROR, KH_ERROR_INPUT, "is a SQLite database, but not a Kakehashi project");
  store_test_rm_rf (dir);
}

static void
test_newer_format (void)
{
  g_autofree char *dir = store_test_tmpdir ();
  g_autofree char *path = save_real_project (dir, "future.kakehashi");
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  assert_open_fails (path, KH_ERROR, KH_ERROR_UNSUPPORTED_VERSION,
                     "was saved by a newer Kakehashi (project format 99); this version reads project format 1");
  store_test_rm_rf (dir);
}

static void
test_damaged_contents (void)
{
  g_autofree char *dir = store_test_tmpdir ();
  g_autofree char *path = save_real_project (dir, "edited.kakehashi");
  sqlite3 *db = NULL;

  /* Someone edited the database by hand. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE mapping SET xml = '<mapping xmlns=\"urn:kakehashi:mapping:1\"><broken'",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  assert_open_fails (path, KH_ERROR, KH_ERROR_INPUT, "its mapping cannot be read");

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DROP TABLE version", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  assert_open_fails (path, KH_ERROR, KH_ERROR_INPUT, "is damaged");

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 0", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  assert_open_fails (path, KH_ERROR, KH_ERROR_INPUT, "has no format version");

  store_test_rm_rf (dir);
}

static void
test_not_files (void)
{
  g_autofree char *dir = store_test_tmpdir ();
  g_autofree char *missing = g_build_filename (dir, "missing.kakehashi", NULL);

  assert_open_fails (missing, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "missing.kakehashi");
  assert_open_fails (dir, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY, "is a folder");
  store_test_rm_rf (dir);
}

/* A save that cannot happen leaves the old file as it was and no debris. */
static void
test_failed_save (void)
{
  g_autofree char *dir = store_test_tmpdir ();
  g_autofree char *path = save_real_project (dir, "keep.kakehashi");
  g_autofree char *nowhere = g_build_filename (dir, "no", "such", "folder", "p.kakehashi", NULL);
  g_autoptr(GFile) nowhere_file = g_file_new_for_path (nowhere);
  g_autoptr(KhProject) project = store_test_project (10);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize n_before, n_after;

  g_assert_false (kh_project_save_as (project, nowhere_file, NULL, NULL, &error));
  g_assert_error (error, KH_ERROR, KH_ERROR_OUTPUT);
  g_assert_nonnull (strstr (error->message, "p.kakehashi"));
  g_clear_error (&error);
  g_assert_null (kh_project_get_file (project));

  /* A mapping that cannot be written (a control character) does not
   * touch the file either. */
  {
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(KhProject) opened = kh_project_open (file, NULL, &error);

    g_assert_no_error (error);
    g_file_get_contents (path, &before, &n_before, NULL);
    kh_mapping_set_name (kh_project_get_mapping (opened), "bad\001name");
    g_assert_false (kh_project_save (opened, NULL, NULL, &error));
    g_assert_error (error, KH_ERROR, KH_ERROR_OUTPUT);
    g_assert_nonnull (strstr (error->message, "U+0001"));
    g_file_get_contents (path, &after, &n_after, NULL);
    g_assert_cmpuint (n_before, ==, n_after);
    g_assert_true (memcmp (before, after, n_before) == 0);
    g_assert_true (kh_project_get_modified (opened));
    g_clear_error (&error);
  }

  /* Cancelled before it starts: nothing written, nothing left behind. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autofree char *other = g_build_filename (dir, "cancelled.kakehashi", NULL);
    g_autoptr(GFile) other_file = g_file_new_for_path (other);
    g_autoptr(GDir) listing = NULL;
    const char *name;

    g_cancellable_cancel (cancellable);
    g_assert_false (kh_project_save_as (project, other_file, NULL, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_false (g_file_test (other, G_FILE_TEST_EXISTS));

    listing = g_dir_open (dir, 0, NULL);
    while ((name = g_dir_read_name (listing)) != NULL)
      g_assert_false (name[0] == '.');
  }

  store_test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/store/errors/truncated", test_truncated);
  g_test_add_func ("/store/errors/random-bytes", test_random_bytes);
  g_test_add_func ("/store/errors/scrambled", test_scrambled);
  g_test_add_func ("/store/errors/foreign-sqlite", test_foreign_sqlite);
  g_test_add_func ("/store/errors/newer-format", test_newer_format);
  g_test_add_func ("/store/errors/damaged-contents", test_damaged_contents);
  g_test_add_func ("/store/errors/not-files", test_not_files);
  g_test_add_func ("/store/errors/failed-save", test_failed_save);

  return g_test_run ();
}
