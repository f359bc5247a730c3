/* test-format-runner.c: `kakehashi-run validate` and `format`, as a user
 * runs them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sys/stat.h>

#include "format-test-util.h"
#include "kh-mapping-xml.h"

typedef struct
{
  char *out;
  char *err;
  int   status;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

/* Runs kakehashi-run with the arguments, NULL-terminated, in @cwd. */
static void
run (Run        *result,
     const char *cwd,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *exe = g_getenv ("KAKEHASHI_RUN");
  const char *arg;
  int wait_status = 0;
  va_list args;

  g_assert_nonnull (exe);
  g_ptr_array_add (argv, (gpointer) exe);
  va_start (args, cwd);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (cwd, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &result->out, &result->err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  result->status = WEXITSTATUS (wait_status);
  g_test_message ("exit %d\nstdout:\n%s\nstderr:\n%s", result->status, result->out, result->err);
}

static char *
data_dir (void)
{
  return format_test_data_path (NULL, NULL);
}

static void
test_validate_valid (void)
{
  g_autofree char *dir = data_dir ();
  Run r = { 0 };

  run (&r, dir, "validate", "semantic/clean.xml", "messy.xml", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "");
  g_assert_nonnull (strstr (r.err, "semantic/clean.xml: valid"));
  run_clear (&r);

  run (&r, dir, "validate", "--quiet", "semantic/clean.xml", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "");
  g_assert_cmpstr (r.err, ==, "");
  run_clear (&r);
}

static void
test_validate_errors (void)
{
  g_autofree char *dir = data_dir ();
  Run r = { 0 };

  run (&r, dir, "validate", "semantic/clean.xml", "semantic/rule-target-unknown.xml",
       "semantic/param-bad-regex.xml", NULL);
  g_assert_cmpint (r.status, ==, 3);
  g_assert_true (g_str_has_prefix (r.out,
                                   "semantic/rule-target-unknown.xml:59:5: error: Rule for “Phone”: "
                                   "the target entity “Account” has no field “Phone”\n"
                                   "semantic/param-bad-regex.xml:35:9: error: Rule for “AccountNumber”, "
                                   "step 2 (match): Parameter “pattern” is not a valid regular expression"));
  g_assert_nonnull (strstr (r.err, "semantic/rule-target-unknown.xml: 1 error, 0 warnings"));
  run_clear (&r);

  /* Hostile files are problems like any other. */
  run (&r, dir, "validate", "bad/xxe.xml", NULL);
  g_assert_cmpint (r.status, ==, 3);
  g_assert_true (g_str_has_prefix (r.out, "bad/xxe.xml:2:1: error: The file has a document type declaration"));
  run_clear (&r);
}

static void
test_validate_warnings (void)
{
  g_autofree char *dir = data_dir ();
  Run r = { 0 };

  run (&r, dir, "validate", "semantic/code-list-unused.xml", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_str_has_prefix (r.out, "semantic/code-list-unused.xml:29:5: warning: "));
  run_clear (&r);

  run (&r, dir, "validate", "-W", "semantic/code-list-unused.xml", NULL);
  g_assert_cmpint (r.status, ==, 3);
  run_clear (&r);
}

static void
test_validate_usage (void)
{
  g_autofree char *dir = data_dir ();
  Run r = { 0 };

  run (&r, dir, "validate", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "no mapping file given"));
  run_clear (&r);

  run (&r, dir, "validate", "--no-such-option", "semantic/clean.xml", NULL);
  g_assert_cmpint (r.status, ==, 2);
  run_clear (&r);

  run (&r, dir, "validate", "does-not-exist.xml", NULL);
  g_assert_cmpint (r.status, ==, 4);
  g_assert_nonnull (strstr (r.err, "cannot read “does-not-exist.xml”"));
  run_clear (&r);

  run (&r, dir, "validate", "--help", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "--warnings-as-errors"));
  run_clear (&r);
}

static void
test_format_stdout (void)
{
  g_autofree char *dir = data_dir ();
  g_autofree char *canonical_path = format_test_data_path ("messy.canonical.xml", NULL);
  g_autofree char *expected = NULL;
  Run r = { 0 };

  g_file_get_contents (canonical_path, &expected, NULL, NULL);

  run (&r, dir, "format", "messy.xml", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, expected);
  run_clear (&r);

  /* Formatting a formatted file changes nothing. */
  run (&r, dir, "format", "messy.canonical.xml", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, expected);
  run_clear (&r);

  /* A file with semantic errors is formatted all the same. */
  run (&r, dir, "format", "semantic/step-unknown.xml", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "<step id=\"frobnicate\"/>"));
  run_clear (&r);

  /* A hostile or broken one is not, and nothing goes to stdout. */
  run (&r, dir, "format", "bad/billion-laughs.xml", NULL);
  g_assert_cmpint (r.status, ==, 3);
  g_assert_cmpstr (r.out, ==, "");
  g_assert_nonnull (strstr (r.err, "bad/billion-laughs.xml:2:1: error: The file has a document type declaration"));
  run_clear (&r);

  run (&r, dir, "format", "messy.xml", "messy.canonical.xml", NULL);
  g_assert_cmpint (r.status, ==, 2);
  run_clear (&r);
}

static void
test_format_in_place (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("kh-format-XXXXXX", &error);
  g_autofree char *messy_path = format_test_data_path ("messy.xml", NULL);
  g_autofree char *canonical_path = format_test_data_path ("messy.canonical.xml", NULL);
  g_autofree char *broken_path = format_test_data_path ("bad", "truncated.xml", NULL);
  g_autofree char *messy = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *broken = NULL;
  g_autofree char *result = NULL;
  g_autofree char *file = NULL;
  g_autofree char *file2 = NULL;
  struct stat before, after;
  Run r = { 0 };

  g_assert_no_error (error);
  g_file_get_contents (messy_path, &messy, NULL, NULL);
  g_file_get_contents (canonical_path, &expected, NULL, NULL);
  g_file_get_contents (broken_path, &broken, NULL, NULL);
  file = g_build_filename (tmp, "mapping.xml", NULL);
  file2 = g_build_filename (tmp, "broken.xml", NULL);
  g_file_set_contents (file, messy, -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (file2, broken, -1, &error);
  g_assert_no_error (error);

  run (&r, tmp, "format", "--in-place", "mapping.xml", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "");
  run_clear (&r);
  g_file_get_contents (file, &result, NULL, NULL);
  g_assert_cmpstr (result, ==, expected);

  /* Again: nothing to change, the file is not even rewritten. */
  g_assert_cmpint (g_stat (file, &before), ==, 0);
  run (&r, tmp, "format", "-i", "mapping.xml", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  g_assert_cmpint (g_stat (file, &after), ==, 0);
  g_assert_cmpint (before.st_ino, ==, after.st_ino);
  g_assert_cmpint (before.st_mtime, ==, after.st_mtime);

  /* A broken file is left as it was. */
  run (&r, tmp, "format", "--in-place", "broken.xml", NULL);
  g_assert_cmpint (r.status, ==, 3);
  run_clear (&r);
  g_clear_pointer (&result, g_free);
  g_file_get_contents (file2, &result, NULL, NULL);
  g_assert_cmpstr (result, ==, broken);

  g_unlink (file);
  g_unlink (file2);
  g_rmdir (tmp);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/format/runner/validate/valid", test_validate_valid);
  g_test_add_func ("/format/runner/validate/errors", test_validate_errors);
  g_test_add_func ("/format/runner/validate/warnings", test_validate_warnings);
  g_test_add_func ("/format/runner/validate/usage", test_validate_usage);
  g_test_add_func ("/format/runner/format/stdout", test_format_stdout);
  g_test_add_func ("/format/runner/format/in-place", test_format_in_place);

  return g_test_run ();
}
