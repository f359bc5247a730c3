/* test-preview-samples.c: sample records from real files (CSV, NDJSON,
 * SQLite): first N, random N (reservoir, seeded), async; editing a cell;
 * appending samples
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include "kh-error.h"
#include "kh-preview-test-util.h"
#include "kh-preview.h"

static char *tmpdir;

static char *
write_file (const char *name,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (tmpdir, name, NULL);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* ID 1…n, NAME "name-ID". */
static char *
write_numbered_csv (guint n)
{
  g_autoptr(GString) csv = g_string_new ("ID,NAME\n");

  for (guint i = 1; i <= n; i++)
    g_string_append_printf (csv, "%u,name-%u\n", i, i);
  return write_file ("numbered.csv", csv->str);
}

static guint
id_at (KhSampleSet *samples,
       guint        row)
{
  return (guint) g_ascii_strtoull (test_sample_value (samples, row, "ID"), NULL, 10);
}

static KhSampleSet *
read_ok (const char   *path,
         KhSampleMode  mode,
         guint         n,
         guint32       seed)
{
  g_autoptr(GError) error = NULL;
  KhSampleSet *samples = kh_samples_read (path, NULL, mode, n, seed, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (samples);
  return samples;
}

static void
test_first_n (void)
{
  g_autofree char *path = write_numbered_csv (1000);
  g_autoptr(KhSampleSet) ten = read_ok (path, KH_SAMPLE_FIRST, 10, 0);
  g_autoptr(KhSampleSet) all = read_ok (path, KH_SAMPLE_FIRST, 0, 0);
  g_autoptr(KhSampleSet) more = read_ok (path, KH_SAMPLE_FIRST, 5000, 0);

  g_assert_cmpstrv (kh_sample_set_get_columns (ten), ((const char *[]) { "ID", "NAME", NULL }));
  g_assert_cmpuint (kh_sample_set_get_n_rows (ten), ==, 10);
  for (guint i = 0; i < 10; i++)
    g_assert_cmpuint (id_at (ten, i), ==, i + 1);
  g_assert_cmpstr (test_sample_value (ten, 9, "NAME"), ==, "name-10");
  g_assert_nonnull (strstr (kh_sample_set_get_origin (ten), "numbered.csv"));
  g_assert_nonnull (strstr (kh_sample_set_get_origin (ten), "first 10"));

  g_assert_cmpuint (kh_sample_set_get_n_rows (all), ==, 1000);
  g_assert_cmpuint (kh_sample_set_get_n_rows (more), ==, 1000);
  g_assert_cmpuint (id_at (more, 999), ==, 1000);
  g_assert_null (strstr (kh_sample_set_get_origin (more), "first"));
  g_assert_nonnull (strstr (kh_sample_set_get_origin (more), "1000"));
}

static void
test_random_n (void)
{
  g_autofree char *path = write_numbered_csv (1000);
  g_autoptr(KhSampleSet) a = read_ok (path, KH_SAMPLE_RANDOM, 50, 7);
  g_autoptr(KhSampleSet) b = read_ok (path, KH_SAMPLE_RANDOM, 50, 7);
  g_autoptr(KhSampleSet) c = read_ok (path, KH_SAMPLE_RANDOM, 50, 8);
  g_autoptr(KhSampleSet) whole = read_ok (path, KH_SAMPLE_RANDOM, 2000, 7);
  guint first_half = 0, second_half = 0;

  /* Reproducible for a seed, different for another. */
  g_assert_true (kh_sample_set_equal (a, b));
  g_assert_false (kh_sample_set_equal (a, c));

  /* N distinct records of the file, in file order, whole (the name goes
   * with its id). */
  g_assert_cmpuint (kh_sample_set_get_n_rows (a), ==, 50);
  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *name = g_strdup_printf ("name-%u", id_at (a, i));

      g_assert_cmpuint (id_at (a, i), >=, 1);
      g_assert_cmpuint (id_at (a, i), <=, 1000);
      if (i > 0)
        g_assert_cmpuint (id_at (a, i), >, id_at (a, i - 1));
      g_assert_cmpstr (test_sample_value (a, i, "NAME"), ==, name);
    }
  g_assert_cmpuint (id_at (a, 49), >, 50);
  g_assert_nonnull (strstr (kh_sample_set_get_origin (a), "50 random records of 1000 (seed 7)"));

  /* Fewer records than asked: all of them, in order. */
  g_assert_cmpuint (kh_sample_set_get_n_rows (whole), ==, 1000);
  for (guint i = 0; i < 1000; i++)
    g_assert_cmpuint (id_at (whole, i), ==, i + 1);

  /* Uniform: over 200 seeds every record is kept with probability 5%, so
   * each half of the file gets about 5000 of the 10000 draws. Keeping the
   * first N, or favouring late records, would fail this. */
  for (guint32 seed = 100; seed < 300; seed++)
    {
      g_autoptr(KhSampleSet) s = read_ok (path, KH_SAMPLE_RANDOM, 50, seed);

      for (guint i = 0; i < 50; i++)
        {
          if (id_at (s, i) <= 500)
            first_half++;
          else
            second_half++;
        }
    }
  g_test_message ("first half %u, second half %u", first_half, second_half);
  g_assert_cmpuint (first_half + second_half, ==, 10000);
  g_assert_cmpuint (first_half, >, 4600);
  g_assert_cmpuint (second_half, >, 4600);
}

static void
read_cb (GObject      *source,
         GAsyncResult *res,
         gpointer      user_data)
{
  KhSampleSet **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = kh_samples_read_finish (res, &error);
  g_assert_no_error (error);
}

static void
test_async (void)
{
  g_autofree char *path = write_numbered_csv (300);
  g_autoptr(KhSampleSet) sync = read_ok (path, KH_SAMPLE_RANDOM, 20, 3);
  KhSampleSet *async = NULL;
  KhReaderOptions options = KH_READER_OPTIONS_INIT;
  g_autofree char *delimiter = g_strdup (",");

  options.delimiter = delimiter;
  kh_samples_read_async (path, &options, KH_SAMPLE_RANDOM, 20, 3, NULL, read_cb, &async);
  /* The options are copied. */
  delimiter[0] = ';';
  while (async == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (kh_sample_set_equal (sync, async));
  kh_sample_set_unref (async);
}

static void
test_ndjson (void)
{
  g_autofree char *path = write_file ("records.ndjson",
                                      "{\"A\": 1.50, \"B\": {\"C\": \"x\"}, \"S\": \"text\"}\n"
                                      "{\"A\": null, \"D\": true, \"S\": \"\"}\n"
                                      "{\"A\": 3, \"B\": {\"C\": null}}\n");
  g_autoptr(KhSampleSet) samples = read_ok (path, KH_SAMPLE_FIRST, 0, 0);

  /* Nested members flattened, columns as they appear, numbers as their
   * JSON text, null kept apart from the empty string. */
  g_assert_cmpstrv (kh_sample_set_get_columns (samples), ((const char *[]) { "A", "B.C", "S", "D", NULL }));
  g_assert_cmpuint (kh_sample_set_get_n_rows (samples), ==, 3);
  g_assert_cmpstr (test_sample_value (samples, 0, "A"), ==, "1.50");
  g_assert_cmpstr (test_sample_value (samples, 0, "B.C"), ==, "x");
  g_assert_null (test_sample_value (samples, 0, "D"));
  g_assert_null (test_sample_value (samples, 1, "A"));
  g_assert_cmpstr (test_sample_value (samples, 1, "S"), ==, "");
  g_assert_cmpstr (test_sample_value (samples, 1, "D"), ==, "true");
  g_assert_null (test_sample_value (samples, 2, "S"));
  g_assert_null (test_sample_value (samples, 2, "B.C"));
}

static void
test_sqlite (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "records.sqlite", NULL);
  sqlite3 *db = NULL;
  char *message = NULL;
  g_autoptr(KhSampleSet) samples = NULL;
  KhReaderOptions options = KH_READER_OPTIONS_INIT;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "CREATE TABLE customers (id INTEGER, name TEXT, score REAL);"
                                 "INSERT INTO customers VALUES (1, 'Ann', 2.5), (2, NULL, NULL), (3, '', 7);"
                                 "CREATE TABLE other (x TEXT);",
                                 NULL, NULL, &message), ==, SQLITE_OK);
  sqlite3_close (db);

  options.table = "customers";
  samples = kh_samples_read (path, &options, KH_SAMPLE_FIRST, 2, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (kh_sample_set_get_columns (samples), ((const char *[]) { "id", "name", "score", NULL }));
  g_assert_cmpuint (kh_sample_set_get_n_rows (samples), ==, 2);
  g_assert_cmpstr (test_sample_value (samples, 0, "id"), ==, "1");
  g_assert_cmpstr (test_sample_value (samples, 0, "name"), ==, "Ann");
  g_assert_null (test_sample_value (samples, 1, "name"));
  g_assert_null (test_sample_value (samples, 1, "score"));
}

static void
test_bad_input (void)
{
  g_autofree char *missing = g_build_filename (tmpdir, "missing.csv", NULL);
  g_autofree char *ragged = write_file ("ragged.csv", "A,B\n1,2\n3,4,5\n");
  g_autoptr(GError) error = NULL;
  KhSampleSet *samples;

  samples = kh_samples_read (missing, NULL, KH_SAMPLE_FIRST, 10, 0, NULL, &error);
  g_assert_null (samples);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "missing.csv"));
  g_clear_error (&error);

  /* A ragged row is an error naming the file and line, not a lost row. */
  samples = kh_samples_read (ragged, NULL, KH_SAMPLE_RANDOM, 10, 0, NULL, &error);
  g_assert_null (samples);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "ragged.csv"));
  g_assert_nonnull (strstr (error->message, "3"));
}

static void
test_set_value (void)
{
  g_autoptr(KhSampleSet) samples = test_samples_from_csv ("A,B\n1,x\n2,y\n");
  g_autoptr(KhSampleSet) edited = NULL;
  g_autoptr(KhSampleSet) nulled = NULL;

  kh_sample_set_set_origin (samples, "test.csv, 2 records");
  edited = kh_samples_set_value (samples, 1, 0, "20");
  g_assert_true (edited != samples);
  g_assert_cmpstr (test_sample_value (edited, 1, "A"), ==, "20");
  g_assert_cmpstr (test_sample_value (edited, 0, "A"), ==, "1");
  g_assert_cmpstr (test_sample_value (edited, 1, "B"), ==, "y");
  g_assert_cmpstr (kh_sample_set_get_origin (edited), ==, "test.csv, 2 records");
  /* The original is untouched. */
  g_assert_cmpstr (test_sample_value (samples, 1, "A"), ==, "2");

  nulled = kh_samples_set_value (edited, 0, 1, NULL);
  g_assert_null (test_sample_value (nulled, 0, "B"));
  g_assert_false (kh_sample_set_equal (nulled, edited));
}

static void
test_append (void)
{
  g_autoptr(KhSampleSet) a = test_samples_from_csv ("A,B\n1,x\n");
  g_autoptr(KhSampleSet) b = test_samples_from_csv ("C,A\nc1,2\nc2,3\n");
  g_autoptr(KhSampleSet) both = NULL;

  kh_sample_set_set_origin (a, "a.csv");
  kh_sample_set_set_origin (b, "b.csv");
  both = kh_samples_append (a, b);
  g_assert_cmpstrv (kh_sample_set_get_columns (both), ((const char *[]) { "A", "B", "C", NULL }));
  g_assert_cmpuint (kh_sample_set_get_n_rows (both), ==, 3);
  g_assert_cmpstr (test_sample_value (both, 0, "A"), ==, "1");
  g_assert_null (test_sample_value (both, 0, "C"));
  g_assert_cmpstr (test_sample_value (both, 1, "A"), ==, "2");
  g_assert_null (test_sample_value (both, 1, "B"));
  g_assert_cmpstr (test_sample_value (both, 2, "C"), ==, "c2");
  g_assert_cmpstr (kh_sample_set_get_origin (both), ==, "a.csv; b.csv");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  tmpdir = g_dir_make_tmp ("kh-samples-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/preview/samples/first-n", test_first_n);
  g_test_add_func ("/preview/samples/random-n", test_random_n);
  g_test_add_func ("/preview/samples/async", test_async);
  g_test_add_func ("/preview/samples/ndjson", test_ndjson);
  g_test_add_func ("/preview/samples/sqlite", test_sqlite);
  g_test_add_func ("/preview/samples/bad-input", test_bad_input);
  g_test_add_func ("/preview/samples/set-value", test_set_value);
  g_test_add_func ("/preview/samples/append", test_append);

  status = g_test_run ();

  {
    g_autoptr(GFile) dir = g_file_new_for_path (tmpdir);
    g_autoptr(GFileEnumerator) children = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                                     G_FILE_QUERY_INFO_NONE, NULL, NULL);
    GFileInfo *info;

    while (children != NULL && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
      {
        g_autoptr(GFile) child = g_file_get_child (dir, g_file_info_get_name (info));

        g_file_delete (child, NULL, NULL);
        g_object_unref (info);
      }
    g_file_delete (dir, NULL, NULL);
  }
  g_free (tmpdir);
  return status;
}
