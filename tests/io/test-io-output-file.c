/* test-io-output-file.c: KhOutputFile, the runner's rejects and report
 * outputs: written aside, renamed at commit, removed on abort, with the
 * permissions a new file would have had
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sys/stat.h>

#include <glib/gstdio.h>

#include "kh-error.h"
#include "kh-output-file.h"

/* The names in @dir other than @except, sorted, joined with spaces. */
static char *
list_dir (const char *dir,
          const char *except)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_strcmp0 (name, except) != 0)
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

/* Until the commit the target keeps its old contents and the new ones
 * are in one hidden temporary file; after it, the target has them, with
 * its own mode, and nothing else is left. A write longer than the buffer
 * arrives whole. */
static void
test_commit (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kh-output-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "report.json", NULL);
  g_autoptr(KhOutputFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) big = g_string_new (NULL);
  g_autofree char *contents = NULL;
  g_autofree char *others = NULL;
  gsize len;
  GStatBuf st;

  g_assert_true (g_file_set_contents (path, "old", -1, &error));
  g_assert_cmpint (g_chmod (path, 0640), ==, 0);

  for (guint i = 0; big->len < 3 * 1024 * 1024; i++)
    g_string_append_printf (big, "line %u\n", i);

  file = kh_output_file_open (path, &error);
  g_assert_no_error (error);
  {
    g_autofree char *display = g_filename_display_name (path);

    g_assert_cmpstr (kh_output_file_get_name (file), ==, display);
  }
  g_assert_true (kh_output_file_write (file, "{", 1, &error));
  g_assert_true (kh_output_file_write (file, big->str, big->len, &error));
  g_assert_true (kh_output_file_write (file, "}", 1, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "old");
  g_clear_pointer (&contents, g_free);
  others = list_dir (dir, "report.json");
  g_assert_true (g_str_has_prefix (others, ".report.json.") && g_str_has_suffix (others, ".partial"));
  g_assert_null (strchr (others, ' '));

  g_assert_true (kh_output_file_commit (file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpuint (len, ==, big->len + 2);
  g_assert_cmpint (contents[0], ==, '{');
  g_assert_cmpint (memcmp (contents + 1, big->str, big->len), ==, 0);
  g_assert_cmpint (contents[len - 1], ==, '}');
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0640);
  g_clear_pointer (&others, g_free);
  others = list_dir (dir, "report.json");
  g_assert_cmpstr (others, ==, "");

  g_clear_pointer (&file, kh_output_file_free);
  remove_dir (dir);
}

/* Abort (and a free without a commit) leaves the target as it was, or
 * absent, and removes the temporary file. */
static void
test_abort (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kh-output-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "rejects.ndjson", NULL);
  g_autofree char *fresh = g_build_filename (dir, "fresh.ndjson", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *others = NULL;
  KhOutputFile *file;

  g_assert_true (g_file_set_contents (path, "kept", -1, &error));

  file = kh_output_file_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (kh_output_file_write (file, "half", 4, &error));
  kh_output_file_abort (file);
  kh_output_file_free (file);

  file = kh_output_file_open (fresh, &error);
  g_assert_no_error (error);
  g_assert_true (kh_output_file_write (file, "half", 4, &error));
  kh_output_file_free (file);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "kept");
  others = list_dir (dir, NULL);
  g_assert_cmpstr (others, ==, "rejects.ndjson");

  remove_dir (dir);
}

/* A new file gets 0666 less the umask, as a file the shell creates
 * would, not mkstemp()'s private 0600. */
static void
test_new_file_mode (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kh-output-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "out.ndjson", NULL);
  g_autoptr(KhOutputFile) file = NULL;
  g_autoptr(GError) error = NULL;
  mode_t old_mask = umask (022);
  GStatBuf st;

  file = kh_output_file_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (kh_output_file_commit (file, &error));
  g_assert_no_error (error);
  umask (old_mask);

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0644);
  g_assert_cmpint (st.st_size, ==, 0);

  g_clear_pointer (&file, kh_output_file_free);
  remove_dir (dir);
}

/* A folder that does not exist, and a target that is a folder, are
 * refused at open, by name, before anything is written. */
static void
test_bad_targets (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kh-output-XXXXXX", NULL);
  g_autofree char *missing = g_build_filename (dir, "no-such-folder", "report.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *others = NULL;
  KhOutputFile *file;

  file = kh_output_file_open (missing, &error);
  g_assert_null (file);
  g_assert_error (error, KH_ERROR, KH_ERROR_OUTPUT);
  g_assert_nonnull (strstr (error->message, "report.json"));
  g_assert_nonnull (strstr (error->message, "does not exist"));
  g_clear_error (&error);

  file = kh_output_file_open (dir, &error);
  g_assert_null (file);
  g_assert_error (error, KH_ERROR, KH_ERROR_OUTPUT);
  g_assert_nonnull (strstr (error->message, "folder"));

  others = list_dir (dir, NULL);
  g_assert_cmpstr (others, ==, "");
  remove_dir (dir);
}

/* A large file is allocated ahead as it is written (where the file
 * system can), and what was allocated beyond its data is given back at the
 * commit: the committed file holds its data and no more blocks than that. */
static void
test_preallocate (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kh-output-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "big.ndjson", NULL);
  g_autoptr(KhOutputFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *piece = g_malloc (64 * 1024);
  g_autofree char *contents = NULL;
  const gsize total = 40 * 1024 * 1024 + 12345;   /* more than one allocation ahead */
  gsize len, done = 0;
  GStatBuf st;
  gboolean ahead;

  for (gsize i = 0; i < 64 * 1024; i++)
    piece[i] = (char) ('a' + i % 23);

  file = kh_output_file_open (path, &error);
  g_assert_no_error (error);
  for (guint n = 0; done < total; n++)
    {
      gsize chunk = MIN (64 * 1024 - n % 7, total - done);

      g_assert_true (kh_output_file_write (file, piece, chunk, &error));
      done += chunk;
    }
  g_assert_no_error (error);

  /* While it is written: more blocks than data, where fallocate() works. */
  {
    g_autofree char *name = list_dir (dir, NULL);
    g_autofree char *tmp = g_build_filename (dir, name, NULL);

    g_assert_true (g_str_has_suffix (name, ".partial"));
    g_assert_cmpint (g_stat (tmp, &st), ==, 0);
    ahead = (guint64) st.st_blocks * 512 > (guint64) st.st_size + 1024 * 1024;
  }

  g_assert_true (kh_output_file_commit (file, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpuint (st.st_size, ==, total);
  /* The blocks allocated ahead are given back: at most the data rounded
   * up, and a little room for the file system's own blocks. */
  g_assert_cmpuint ((guint64) st.st_blocks * 512, <=, (guint64) total + 256 * 1024);

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpuint (len, ==, total);
  done = 0;
  for (guint n = 0; done < total; n++)
    {
      gsize chunk = MIN (64 * 1024 - n % 7, total - done);

      g_assert_cmpint (memcmp (contents + done, piece, chunk), ==, 0);
      done += chunk;
    }

  g_clear_pointer (&file, kh_output_file_free);
  remove_dir (dir);
  if (!ahead)
    g_test_skip ("the file system does not allocate ahead (fallocate)");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/io/output-file/commit", test_commit);
  g_test_add_func ("/io/output-file/abort", test_abort);
  g_test_add_func ("/io/output-file/new-file-mode", test_new_file_mode);
  g_test_add_func ("/io/output-file/bad-targets", test_bad_targets);
  g_test_add_func ("/io/output-file/preallocate", test_preallocate);

  return g_test_run ();
}
