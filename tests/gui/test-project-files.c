/* test-project-files.c: projects on disk, through the workbench
 *
 * Save, reopen and compare; a damaged or foreign file gives a clear
 * message; the app killed in the middle of saving leaves the previous file
 * intact; the app killed after an edit offers the edit back from its
 * autosaved recovery copy. The kill tests run the real workbench in a
 * child process (this same program, started again with KH_TEST_CHILD set)
 * and SIGKILL it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "kh-gui-test-util.h"
#include "kh-project.h"

static KhApplication *the_app;
static const char *self_path;

static char *
tmp_path (const char *name)
{
  static char *dir;

  if (dir == NULL)
    dir = g_dir_make_tmp ("kh-project-files-XXXXXX", NULL);
  return g_build_filename (dir, name, NULL);
}

static gboolean
not_modified (gpointer data)
{
  return !kh_document_get_modified (data);
}

/* ---- Save and reopen -------------------------------------------------------- */

static gboolean
has_rules (gpointer data)
{
  return kh_mapping_get_n_rules (kh_document_get_mapping (data)) > 0;
}

static void
test_save_reopen (void)
{
  KhWindow *window = kh_test_open_demo (the_app);
  KhDocument *document = kh_window_get_document (window);
  g_autofree char *path = tmp_path ("demo.kakehashi");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  const char *sources[] = { "STRAS", NULL };
  KhWindow *second;
  KhDocument *reopened;
  g_auto(GStrv) recent = NULL;

  /* Edit, then save through the window. */
  g_assert_true (kh_window_link_fields (window, sources, "BillingStreet"));
  g_assert_true (kh_window_save_project (window, file, &error));
  g_assert_no_error (error);
  g_assert_false (kh_document_get_modified (document));
  g_assert_true (g_file_equal (kh_document_get_file (document), file));

  /* Reopen in another window: the same mapping, schemas and samples. */
  second = kh_test_new_window (the_app, 1200, 800);
  g_assert_true (kh_window_load_project (second, file, &error));
  g_assert_no_error (error);
  reopened = kh_window_get_document (second);
  g_assert_true (kh_mapping_equal (kh_document_get_mapping (reopened), kh_document_get_mapping (document)));
  g_assert_nonnull (kh_mapping_lookup_rule (kh_document_get_mapping (reopened), "BillingStreet"));
  g_assert_true (kh_sample_set_equal (kh_document_get_samples (reopened), kh_document_get_samples (document)));
  g_assert_cmpstr (kh_entity_get_name (kh_schema_get_entity (kh_document_get_schema (reopened, KH_SIDE_SOURCE), 0)),
                   ==, "KNA1");
  g_assert_false (kh_document_get_modified (reopened));
  g_assert_false (kh_document_can_undo (reopened));

  /* It went into the recent projects. */
  recent = g_settings_get_strv (kh_application_get_settings (the_app), "recent-projects");
  g_assert_cmpstr (recent[0], ==, path);
  /* …and opens from there (Open Recent, the welcome page). */
  {
    KhWindow *third = kh_test_new_window (the_app, 1200, 800);

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (third), "win.open-recent", "s", path));
    /* The project is read in a worker: the window shows a spinner and
     * stays usable meanwhile. */
    g_assert_true (kh_test_wait_until (has_rules, kh_window_get_document (third), 10000));
    g_assert_true (kh_mapping_equal (kh_document_get_mapping (kh_window_get_document (third)),
                                     kh_document_get_mapping (document)));
    gtk_window_destroy (GTK_WINDOW (third));
  }

  /* Save again through the Save action (a worker thread), after an edit. */
  {
    const char *more[] = { "TELFX", NULL };
    g_assert_true (kh_window_link_fields (second, more, "Fax"));
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (second), "win.save", NULL));
  g_assert_true (kh_test_wait_until (not_modified, reopened, 10000));
  {
    g_autoptr(KhProject) project = kh_project_open (file, NULL, &error);

    g_assert_no_error (error);
    g_assert_nonnull (kh_mapping_lookup_rule (kh_project_get_mapping (project), "Fax"));
    g_assert_true (kh_mapping_equal (kh_project_get_mapping (project), kh_document_get_mapping (reopened)));
    /* Every save is a version. */
    g_assert_cmpuint (g_list_model_get_n_items (kh_project_get_versions (project)), ==, 2);
  }

  gtk_window_destroy (GTK_WINDOW (second));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* ---- Bad files ------------------------------------------------------------------- */

static void
test_bad_files (void)
{
  KhWindow *window = kh_test_open_demo (the_app);
  KhDocument *document = kh_window_get_document (window);
  g_autoptr(KhMapping) before = kh_mapping_copy (kh_document_get_mapping (document));
  g_autofree char *garbage = tmp_path ("garbage.kakehashi");
  g_autofree char *foreign = tmp_path ("foreign.kakehashi");
  g_autofree char *truncated = tmp_path ("truncated.kakehashi");
  g_autofree char *good = tmp_path ("good.kakehashi");
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;
  const char *paths[3];

  /* Not a database at all. */
  g_assert_true (g_file_set_contents (garbage, "this is not a project\n", -1, NULL));

  /* Another program's SQLite database. */
  g_assert_cmpint (sqlite3_open (foreign, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE invoices (id INTEGER, total TEXT);", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  /* A real project cut in half. */
  {
    g_autoptr(GFile) file = g_file_new_for_path (good);
    g_autofree char *contents = NULL;
    gsize length;

    g_assert_true (kh_window_save_project (window, file, &error));
    g_assert_true (g_file_get_contents (good, &contents, &length, NULL));
    g_assert_true (g_file_set_contents (truncated, contents, length / 2, NULL));
  }

  paths[0] = garbage;
  paths[1] = foreign;
  paths[2] = truncated;
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (paths[i]);

      g_assert_false (kh_window_load_project (window, file, &error));
      g_assert_nonnull (error);
      g_test_message ("%s: %s", paths[i], error->message);
      g_assert_cmpuint (strlen (error->message), >, 10);
      g_clear_error (&error);

      /* The open project is untouched. */
      g_assert_true (kh_mapping_equal (kh_document_get_mapping (document), before));

      /* Through the Open path, the message is a toast, never a crash. */
      kh_window_open_file (window, file);
      kh_test_wait_ms (20);
      g_assert_true (kh_mapping_equal (kh_document_get_mapping (document), before));
    }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* ---- Killing the app ----------------------------------------------------------------- */

/* The child: the real workbench with a large project, saving it over and
 * over through the window, and writing one line per save that completed. */
static G_GNUC_NORETURN void
child_save_loop (const char *path)
{
  KhWindow *window = kh_test_new_window (the_app, 1200, 800);
  KhDocument *document = kh_window_get_document (window);
  g_autoptr(KhEntity) source = kh_test_make_wide_entity ("ZWIDE", 2000);
  g_autoptr(KhEntity) target = kh_test_make_wide_entity ("ZWIDE_OUT", 2000);
  g_autoptr(KhMapping) mapping = kh_mapping_new ();
  g_autoptr(GFile) file = g_file_new_for_path (path);

  kh_mapping_set_source_entity (mapping, source);
  kh_mapping_set_target_entity (mapping, target);
  for (guint i = 0; i < 2000; i++)
    {
      g_autoptr(KhRule) rule = kh_rule_new (kh_field_get_name (kh_entity_get_field (target, i)));
      g_autoptr(KhStep) step = kh_step_new ("trim");

      kh_rule_add_source (rule, kh_field_get_name (kh_entity_get_field (source, i)));
      kh_rule_append_step (rule, step);
      kh_mapping_add_rule (mapping, rule);
    }
  kh_document_load (document, NULL, NULL, NULL, mapping);

  for (guint i = 1;; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_strdup_printf ("large-%u", i);

      gint64 start;

      kh_document_begin_edit (document, "rename", NULL);
      kh_mapping_set_name (kh_document_get_mapping (document), name);
      kh_document_end_edit (document);
      printf ("saving %u\n", i);
      fflush (stdout);
      start = g_get_monotonic_time ();
      if (!kh_window_save_project (window, file, &error))
        {
          g_printerr ("child: %s\n", error->message);
          _exit (2);
        }
      printf ("saved %u in %u ms\n", i, (guint) ((g_get_monotonic_time () - start) / 1000));
      fflush (stdout);
    }
}

static GPid
spawn_child (const char *mode,
             const char *path,
             int        *stdout_fd)
{
  g_autofree char *value = g_strdup_printf ("%s:%s", mode, path);
  g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "KH_TEST_CHILD", value, TRUE);
  const char *argv[] = { self_path, NULL };
  g_autoptr(GError) error = NULL;
  GPid pid = 0;

  env = g_environ_setenv (env, "KAKEHASHI_AUTOSAVE_SECONDS", "1", TRUE);
  g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, env, G_SPAWN_DO_NOT_REAP_CHILD,
                                           NULL, NULL, &pid, NULL, stdout_fd, NULL, &error));
  g_assert_no_error (error);
  return pid;
}

/* Reads the child's next line that starts with @prefix (GTest's own
 * "# …" lines are skipped). */
static char *
read_line (int         fd,
           const char *prefix)
{
  for (;;)
    {
      GString *line = g_string_new (NULL);
      gboolean eof = FALSE;
      char c;

      for (;;)
        {
          if (read (fd, &c, 1) != 1)
            {
              eof = TRUE;
              break;
            }
          if (c == '\n')
            break;
          g_string_append_c (line, c);
        }

      if (g_str_has_prefix (line->str, prefix))
        return g_string_free (line, FALSE);
      g_string_free (line, TRUE);
      if (eof)
        return NULL;
    }
}

static void
kill_child (GPid pid)
{
  int status = 0;

  kill (pid, SIGKILL);
  waitpid (pid, &status, 0);
  g_assert_true (WIFSIGNALED (status));
  g_spawn_close_pid (pid);
}

static void
test_kill_during_save (void)
{
  KhWindow *window = kh_test_open_demo (the_app);
  g_autofree char *path = tmp_path ("killed.kakehashi");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GRand *rand = g_rand_new_with_seed (g_test_rand_int ());

  /* The previous version: the demo. */
  g_assert_true (kh_window_save_project (window, file, &error));

  for (guint round = 0; round < 5; round++)
    {
      g_autoptr(KhProject) project = NULL;
      g_autofree char *line = NULL;
      const char *name;
      guint last = 0;
      int fd = -1;
      GPid pid;

      guint save_ms = 0;

      pid = spawn_child ("save-loop", path, &fd);
      /* Round 0 kills the very first save; later rounds wait for a first
       * complete save, then kill at a random moment of the next one (the
       * child says when it starts, and how long a save takes). */
      if (round > 0)
        {
          g_autofree char *saving = NULL;

          line = read_line (fd, "saved ");
          g_assert_nonnull (line);
          g_assert_true (sscanf (line, "saved %u in %u ms", &last, &save_ms) == 2);
          saving = read_line (fd, "saving ");
          g_assert_cmpstr (saving, ==, "saving 2");
        }
      else
        {
          g_autofree char *saving = read_line (fd, "saving ");
          g_assert_cmpstr (saving, ==, "saving 1");
          save_ms = 300;
        }
      g_usleep (g_rand_int_range (rand, 0, MAX (save_ms, 2)) * 1000);
      kill_child (pid);
      close (fd);

      /* The file opens and is a whole project: the one before, or one the
       * child completed. */
      project = kh_project_open (file, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (project);
      name = kh_mapping_get_name (kh_project_get_mapping (project));
      if (g_str_equal (name, "kna1-to-account"))
        g_assert_cmpuint (last, ==, 0);
      else
        {
          guint n;

          g_assert_true (sscanf (name, "large-%u", &n) == 1);
          g_assert_cmpuint (n, >=, last);
          g_assert_cmpuint (kh_mapping_get_n_rules (kh_project_get_mapping (project)), ==, 2000);
        }
      g_test_message ("round %u: the file holds %s (last reported save %u, a save takes %u ms)",
                      round, name, last, save_ms);
    }

  g_rand_free (rand);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The child: the demo, one edit, then idle until killed. It reports when
 * its autosave has written the recovery copy. */
static G_GNUC_NORETURN void
child_edit_and_wait (const char *unused)
{
  KhWindow *window = kh_test_open_demo (the_app);
  const char *sources[] = { "STRAS", NULL };

  g_assert_true (kh_window_link_fields (window, sources, "BillingStreet"));
  for (;;)
    {
      g_autoptr(GFile) recovery = kh_window_get_recovery_file (window);

      if (recovery != NULL && g_file_query_exists (recovery, NULL))
        {
          printf ("autosaved\n");
          fflush (stdout);
        }
      kh_test_wait_ms (200);
    }
}

static void
test_kill_then_restore (void)
{
  g_autoptr(GPtrArray) before = kh_application_list_recovery ();
  g_autoptr(GPtrArray) after = NULL;
  g_autofree char *line = NULL;
  KhWindow *window;
  KhDocument *document;
  GFile *recovery = NULL;
  g_autoptr(GError) error = NULL;
  int fd = -1;
  GPid pid;

  pid = spawn_child ("edit-and-wait", "-", &fd);
  line = read_line (fd, "autosaved");
  g_assert_cmpstr (line, ==, "autosaved");
  kill_child (pid);
  close (fd);

  /* The next start finds the copy… */
  after = kh_application_list_recovery ();
  g_assert_cmpuint (after->len, ==, before->len + 1);
  for (guint i = 0; i < after->len && recovery == NULL; i++)
    {
      gboolean known = FALSE;

      for (guint j = 0; j < before->len; j++)
        known |= g_file_equal (g_ptr_array_index (after, i), g_ptr_array_index (before, j));
      if (!known)
        recovery = g_ptr_array_index (after, i);
    }
  g_assert_nonnull (recovery);

  /* …and restores the edit as unsaved work. */
  window = kh_test_new_window (the_app, 1200, 800);
  g_assert_true (kh_window_restore_recovery (window, recovery, &error));
  g_assert_no_error (error);
  document = kh_window_get_document (window);
  g_assert_nonnull (kh_mapping_lookup_rule (kh_document_get_mapping (document), "BillingStreet"));
  g_assert_true (kh_document_get_modified (document));

  /* Closing without saving discards it. */
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_autosave_timer (void)
{
  KhWindow *window = kh_test_open_demo (the_app);
  const char *sources[] = { "TELFX", NULL };
  g_autoptr(GFile) recovery = NULL;
  g_autoptr(KhProject) project = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  g_setenv ("KAKEHASHI_AUTOSAVE_SECONDS", "1", TRUE);
  g_assert_true (kh_window_link_fields (window, sources, "Fax"));
  start = g_get_monotonic_time ();
  while ((recovery == NULL || !g_file_query_exists (recovery, NULL)) &&
         g_get_monotonic_time () - start < 10 * G_USEC_PER_SEC)
    {
      g_clear_object (&recovery);
      kh_test_wait_ms (100);
      recovery = kh_window_get_recovery_file (window);
    }
  g_assert_nonnull (recovery);
  g_assert_true (g_file_query_exists (recovery, NULL));

  project = kh_project_open_recovery (recovery, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (kh_mapping_lookup_rule (kh_project_get_mapping (project), "Fax"));

  /* Closing the window without saving (the user discarded) removes it. */
  kh_document_set_modified (kh_window_get_document (window), FALSE);
  gtk_window_close (GTK_WINDOW (window));
  kh_test_wait_ms (50);
  g_assert_false (g_file_query_exists (recovery, NULL));
  g_unsetenv ("KAKEHASHI_AUTOSAVE_SECONDS");
}

int
main (int   argc,
      char *argv[])
{
  const char *child = g_getenv ("KH_TEST_CHILD");

  self_path = argv[0];
  if (child == NULL)
    kh_test_init_environment ();
  kh_test_init_gtk (&argc, &argv);
  the_app = kh_test_new_application ();

  if (child != NULL)
    {
      const char *colon = strchr (child, ':');

      if (g_str_has_prefix (child, "save-loop:"))
        child_save_loop (colon + 1);
      if (g_str_has_prefix (child, "edit-and-wait:"))
        child_edit_and_wait (colon + 1);
      return 1;
    }

  g_test_add_func ("/gui/project/save-reopen", test_save_reopen);
  g_test_add_func ("/gui/project/bad-files", test_bad_files);
  g_test_add_func ("/gui/project/kill-during-save", test_kill_during_save);
  g_test_add_func ("/gui/project/kill-then-restore", test_kill_then_restore);
  g_test_add_func ("/gui/project/autosave-timer", test_autosave_timer);

  return g_test_run ();
}
