/* bench-io.c: throughput of the CSV reader and the NDJSON writer
 *
 * Usage: bench-io [FILE.csv [ROUNDS]]
 *   e.g. python3 ../shared/bench/gen_erp.py 1000000 > /tmp/erp.csv
 *        _build/tests/io/bench-io /tmp/erp.csv
 * Without a file, it generates 200,000 rows with ../shared/bench/gen_erp.py
 * (or $KAKEHASHI_SHARED/bench/gen_erp.py) into a temporary file.
 *
 * Prints MB/s (input bytes per second) and records per second for reading
 * only, for reading and writing NDJSON, and for reading and writing CSV,
 * by wall time and by CPU time (user + system), the best of ROUNDS runs,
 * and the peak RSS. Writing includes the fsync() and rename of the commit.
 * Not a test: machines are noisy.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "kh-io.h"

typedef enum
{
  MODE_READ,
  MODE_NDJSON,
  MODE_CSV,
} Mode;

static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
         usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

/* Returns the wall time; *cpu gets the CPU time (user + system), which
 * other processes on a shared machine disturb less. */
static double
run (const char *path,
     Mode        mode,
     const char *out_path,
     guint64    *n_records,
     double     *cpu)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KhReader) reader = NULL;
  g_autoptr(KhWriter) writer = NULL;
  KhReaderOptions options = KH_READER_OPTIONS_INIT;
  const KhRecord *record;
  gint64 start = g_get_monotonic_time ();
  double cpu_start = cpu_seconds ();
  guint64 n = 0;
  gsize bytes = 0;

  options.format = KH_IO_FORMAT_CSV;
  reader = kh_reader_open (path, &options, &error);
  if (reader == NULL)
    g_error ("%s", error->message);

  if (mode != MODE_READ)
    {
      KhWriterOptions wopts = KH_WRITER_OPTIONS_INIT;
      guint n_columns;
      const char * const *columns = kh_reader_get_columns (reader, &n_columns);

      wopts.format = mode == MODE_NDJSON ? KH_IO_FORMAT_NDJSON : KH_IO_FORMAT_CSV;
      writer = kh_writer_open (out_path, columns, NULL, n_columns, &wopts, &error);
      if (writer == NULL)
        g_error ("%s", error->message);
    }

  while ((record = kh_reader_next (reader, &error)) != NULL)
    {
      n++;
      if (writer != NULL)
        {
          if (!kh_writer_write_record (writer, record->cells, &error))
            g_error ("%s", error->message);
        }
      else
        bytes += record->cells[record->n_cells - 1].len;
    }
  if (error != NULL)
    g_error ("%s", error->message);
  if (writer != NULL && !kh_writer_commit (writer, &error))
    g_error ("%s", error->message);

  *n_records = n + (bytes == G_MAXSIZE);  /* keeps the loop's reads live */
  *cpu = cpu_seconds () - cpu_start;
  return (g_get_monotonic_time () - start) / 1e6;
}

int
main (int   argc,
      char *argv[])
{
  static const char * const names[] = { "read only", "read -> NDJSON", "read -> CSV" };
  g_autofree char *tmpdir = NULL;
  g_autofree char *out_path = NULL;
  g_autofree char *in_path = NULL;
  struct rusage usage;
  struct stat st;
  guint rounds;

  tmpdir = g_dir_make_tmp ("bench-io-XXXXXX", NULL);
  out_path = g_build_filename (tmpdir, "out", NULL);

  if (argc >= 2)
    in_path = g_strdup (argv[1]);
  else
    {
      const char *shared = g_getenv ("KAKEHASHI_SHARED");
      g_autofree char *script = g_build_filename (shared != NULL ? shared : KH_BENCH_SHARED,
                                                  "bench", "gen_erp.py", NULL);
      g_autofree char *quoted_script = g_shell_quote (script);
      g_autofree char *quoted_path = NULL;
      g_autofree char *shell = NULL;
      g_autoptr(GError) error = NULL;
      const char *argv_sh[] = { "sh", "-c", NULL, NULL };
      int status;

      /* Straight into a file, so this process's peak RSS stays its own. */
      in_path = g_build_filename (tmpdir, "erp.csv", NULL);
      quoted_path = g_shell_quote (in_path);
      shell = g_strdup_printf ("python3 %s 200000 > %s", quoted_script, quoted_path);
      argv_sh[2] = shell;
      fprintf (stderr, "generating 200,000 rows with %s ...\n", script);
      if (!g_spawn_sync (NULL, (char **) argv_sh, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                         NULL, NULL, &status, &error) ||
          !g_spawn_check_wait_status (status, &error))
        g_error ("%s", error->message);
    }

  if (stat (in_path, &st) != 0)
    {
      fprintf (stderr, "%s: cannot stat\n", in_path);
      return 1;
    }
  rounds = argc > 2 ? (guint) atoi (argv[2]) : 3;

  printf ("input: %s, %.1f MB\n", in_path, st.st_size / 1e6);
  for (Mode mode = MODE_READ; mode <= MODE_CSV; mode++)
    {
      double best = G_MAXDOUBLE;
      double best_cpu = G_MAXDOUBLE;
      guint64 n = 0;
      struct stat out_st = { 0 };

      for (guint i = 0; i < rounds; i++)
        {
          double cpu;

          best = MIN (best, run (in_path, mode, out_path, &n, &cpu));
          best_cpu = MIN (best_cpu, cpu);
        }
      if (mode != MODE_READ)
        stat (out_path, &out_st);

      printf ("%-15s %8" G_GUINT64_FORMAT " records  wall %6.3f s %6.1f MB/s %5.2f M rec/s"
              "  cpu %6.3f s %6.1f MB/s %5.2f M rec/s",
              names[mode], n, best, st.st_size / 1e6 / best, n / 1e6 / best,
              best_cpu, st.st_size / 1e6 / best_cpu, n / 1e6 / best_cpu);
      if (mode != MODE_READ)
        printf ("  (wrote %.1f MB)", out_st.st_size / 1e6);
      printf ("\n");
      g_unlink (out_path);
    }
  if (argc < 2)
    g_unlink (in_path);
  g_rmdir (tmpdir);

  getrusage (RUSAGE_SELF, &usage);
  printf ("peak RSS: %.1f MB\n", usage.ru_maxrss / 1024.0);

  return 0;
}
