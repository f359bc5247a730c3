/* test-store-kill.c: a kill at any moment of a save leaves the previous
 * file intact
 *
 * A child process saves a large project over and over, reporting each
 * save that completed through a pipe; the parent kills it (SIGKILL) at a
 * random moment. The file must then open, and be exactly the last save
 * the child reported, or the one after it (killed between the rename and
 * the report).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store-test-util.h"

#define N_ROUNDS 12

static void
set_iteration (KhProject *project,
               guint      iteration)
{
  g_autofree char *name = g_strdup_printf ("iteration %u", iteration);

  kh_mapping_set_name (kh_project_get_mapping (project), name);
}

static G_GNUC_NORETURN void
child_main (KhProject  *project,
            const char *path,
            int         report_fd,
            guint       first)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  for (guint i = first;; i++)
    {
      g_autoptr(GError) error = NULL;

      set_iteration (project, i);
      if (!kh_project_save_as (project, file, NULL, NULL, &error))
        {
          g_printerr ("child: %s\n", error->message);
          _exit (2);
        }
      if (write (report_fd, &i, sizeof i) != sizeof i)
        _exit (3);
    }
}

static void
test_kill_during_save (void)
{
  g_autofree char *dir = store_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "large.kakehashi", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(KhProject) reference = store_test_project (2500);
  g_autoptr(GRand) rand = g_rand_new ();
  g_autoptr(GError) error = NULL;
  gint64 start, save_us;
  guint last_good = 0;
  guint n_unreported = 0;

  /* The first version of the file, and how long a save takes. */
  set_iteration (reference, 0);
  start = g_get_monotonic_time ();
  g_assert_true (kh_project_save_as (reference, file, NULL, NULL, &error));
  g_assert_no_error (error);
  save_us = MAX (g_get_monotonic_time () - start, 1000);
  g_test_message ("one save takes %" G_GINT64_FORMAT " µs", save_us);

  for (guint round = 0; round < N_ROUNDS; round++)
    {
      g_autoptr(KhProject) opened = NULL;
      int fds[2];
      pid_t pid;
      gint64 delay;
      guint reported = last_good;
      guint value;
      int status;

      g_assert_cmpint (pipe (fds), ==, 0);
      pid = fork ();
      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        {
          close (fds[0]);
          child_main (reference, path, fds[1], last_good + 1);
        }
      close (fds[1]);

      /* Anywhere from the start to a few saves in. */
      delay = g_rand_int_range (rand, 0, (gint32) MIN (save_us * 3, G_MAXINT32 / 2));
      g_usleep ((gulong) delay);
      g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true (WIFSIGNALED (status));

      while (read (fds[0], &value, sizeof value) == sizeof value)
        reported = value;
      close (fds[0]);

      /* The file is whole: the last save reported, or the next one if the
       * kill came between its rename and its report. */
      opened = kh_project_open (file, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (opened);
      {
        const char *name = kh_mapping_get_name (kh_project_get_mapping (opened));
        guint found;

        g_assert_true (g_str_has_prefix (name, "iteration "));
        found = (guint) g_ascii_strtoull (name + strlen ("iteration "), NULL, 10);
        g_test_message ("round %u: killed after %" G_GINT64_FORMAT " µs; reported %u, file has %u",
                        round, delay, reported, found);
        g_assert_true (found == reported || found == reported + 1);
        if (found != reported)
          n_unreported++;
        last_good = found;
      }

      /* And it is that save, all of it. */
      set_iteration (reference, last_good);
      store_test_assert_same (reference, opened);
    }

  g_test_message ("%u of %u kills came between a rename and its report", n_unreported, N_ROUNDS);

  store_test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/store/kill/during-save", test_kill_during_save);

  return g_test_run ();
}
