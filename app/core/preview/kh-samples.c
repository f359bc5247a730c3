/* kh-samples.c: making and editing the sample records of a preview
 *
 * Samples come from the io readers (CSV, NDJSON, JSON with OData
 * envelopes, SQLite tables): the first N records of a file, or N records
 * drawn at random with reservoir sampling (one pass, memory for N records
 * only, the same records for the same seed), kept in file order so that
 * dedupe keep="first"/"last" behaves as it will on the real file.
 *
 * A #KhSampleSet is immutable once made (it is handed to the preview's
 * worker and to the thread that saves the project), so editing a cell
 * makes a new set: kh_samples_set_value() returns it, and the caller
 * puts it in the project and the preview (kh_preview_set_samples()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-samples"

#include "config.h"

#include "kh-samples.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kh-error.h"

/* ---- reading ---------------------------------------------------------- */

typedef struct
{
  guint64   ordinal;   /* the record's 0-based position in the file */
  guint     n_values;
  char    **values;    /* owned, n_values; NULL elements are null */
} SampledRow;

static void
sampled_row_free (gpointer data)
{
  SampledRow *row = data;

  for (guint i = 0; i < row->n_values; i++)
    g_free (row->values[i]);
  g_free (row->values);
  g_free (row);
}

static SampledRow *
sampled_row_new (const KhRecord *record,
                 guint64         ordinal)
{
  SampledRow *row = g_new0 (SampledRow, 1);

  row->ordinal = ordinal;
  row->n_values = record->n_cells;
  row->values = g_new0 (char *, MAX (record->n_cells, 1));
  for (guint i = 0; i < record->n_cells; i++)
    if (record->cells[i].type != KH_VALUE_NULL)
      row->values[i] = g_strndup (record->cells[i].str, record->cells[i].len);
  return row;
}

static int
compare_ordinals (gconstpointer a,
                  gconstpointer b)
{
  const SampledRow *x = *(const SampledRow * const *) a;
  const SampledRow *y = *(const SampledRow * const *) b;

  return x->ordinal < y->ordinal ? -1 : x->ordinal > y->ordinal;
}

/* A uniform draw in [0, bound), for bounds beyond 32 bits too. */
static guint64
draw (GRand   *rand,
      guint64  bound)
{
  guint64 r;

  if (bound <= G_MAXINT32)
    return (guint64) g_rand_int_range (rand, 0, (gint32) bound);

  r = ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);
  return r % bound;
}

/**
 * kh_samples_read:
 * @path: the file
 * @options: (nullable): how to read it (see #KhReaderOptions); its
 *   cancellable is replaced by @cancellable
 * @mode: the first records or a random subset
 * @n_records: how many records to take; 0 takes them all
 * @seed: the seed of %KH_SAMPLE_RANDOM: the same seed gives the same
 *   records
 * @cancellable: (nullable): checked between records
 * @error: return location for an error
 *
 * Reads sample records from a file. The set's columns are the file's
 * (for JSON, every member seen, in order of appearance); its origin says
 * where the records came from, e.g. “customers.csv, 200 random records of
 * 12408 (seed 7)”.
 *
 * Returns: (transfer full) (nullable): the samples, or %NULL with @error
 *   set: the reader's error names the file and line
 */
KhSampleSet *
kh_samples_read (const char             *path,
                 const KhReaderOptions  *options,
                 KhSampleMode            mode,
                 guint                   n_records,
                 guint32                 seed,
                 GCancellable           *cancellable,
                 GError                **error)
{
  KhReaderOptions opts = KH_READER_OPTIONS_INIT;
  g_autoptr(KhReader) reader = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GRand) rand = NULL;
  g_autofree char *origin = NULL;
  const KhRecord *record;
  const char * const *columns;
  GError *local_error = NULL;
  KhSampleSet *samples;
  guint64 seen = 0;
  gboolean complete = TRUE;
  guint n_columns = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (mode == KH_SAMPLE_FIRST || mode == KH_SAMPLE_RANDOM, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (options != NULL)
    opts = *options;
  opts.cancellable = cancellable;

  reader = kh_reader_open (path, &opts, error);
  if (reader == NULL)
    return NULL;

  rows = g_ptr_array_new_with_free_func (sampled_row_free);
  rand = g_rand_new_with_seed (seed);

  while ((record = kh_reader_next (reader, &local_error)) != NULL)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      if (n_records == 0 || rows->len < n_records)
        g_ptr_array_add (rows, sampled_row_new (record, seen));
      else if (mode == KH_SAMPLE_FIRST)
        {
          complete = FALSE;
          break;
        }
      else
        {
          /* Algorithm R: the record replaces a kept one with probability
           * n / (seen + 1). */
          guint64 j = draw (rand, seen + 1);

          if (j < n_records)
            {
              sampled_row_free (rows->pdata[j]);
              rows->pdata[j] = sampled_row_new (record, seen);
            }
        }
      seen++;
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  if (mode == KH_SAMPLE_RANDOM)
    g_ptr_array_sort (rows, compare_ordinals);

  columns = kh_reader_get_columns (reader, &n_columns);
  samples = kh_sample_set_new (columns);
  for (guint i = 0; i < rows->len; i++)
    {
      SampledRow *row = rows->pdata[i];

      kh_sample_set_add_row (samples, (const char * const *) row->values, MIN (row->n_values, n_columns));
    }

  if (!complete)
    origin = g_strdup_printf (ngettext ("%s, the first record", "%s, the first %u records", rows->len),
                              kh_reader_get_name (reader), rows->len);
  else if (mode == KH_SAMPLE_RANDOM && seen > rows->len)
    {
      g_autofree char *total = g_strdup_printf ("%" G_GUINT64_FORMAT, seen);

      /* Translators: “customers.csv, 200 random records of 12408 (seed 7)” */
      origin = g_strdup_printf (ngettext ("%s, %u random record of %s (seed %u)",
                                          "%s, %u random records of %s (seed %u)", rows->len),
                                kh_reader_get_name (reader), rows->len, total, seed);
    }
  else
    origin = g_strdup_printf (ngettext ("%s, %u record", "%s, %u records", rows->len),
                              kh_reader_get_name (reader), rows->len);
  kh_sample_set_set_origin (samples, origin);

  return samples;
}

typedef struct
{
  char             *path;
  KhReaderOptions   options;
  char             *encoding;
  char             *delimiter;
  char             *quote;
  char            **columns;
  char             *table;
  KhSampleMode      mode;
  guint             n_records;
  guint32           seed;
} ReadData;

static void
read_data_free (gpointer data)
{
  ReadData *rd = data;

  g_free (rd->path);
  g_free (rd->encoding);
  g_free (rd->delimiter);
  g_free (rd->quote);
  g_strfreev (rd->columns);
  g_free (rd->table);
  g_free (rd);
}

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ReadData *rd = task_data;
  GError *error = NULL;
  KhSampleSet *samples;

  samples = kh_samples_read (rd->path, &rd->options, rd->mode, rd->n_records, rd->seed, cancellable, &error);
  if (samples == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, samples, (GDestroyNotify) kh_sample_set_unref);
}

/**
 * kh_samples_read_async:
 *
 * kh_samples_read() in a worker thread. The options are copied, except
 * their issue callback, which is not called.
 */
void
kh_samples_read_async (const char             *path,
                       const KhReaderOptions  *options,
                       KhSampleMode            mode,
                       guint                   n_records,
                       guint32                 seed,
                       GCancellable           *cancellable,
                       GAsyncReadyCallback     callback,
                       gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  ReadData *rd;

  g_return_if_fail (path != NULL);

  rd = g_new0 (ReadData, 1);
  rd->path = g_strdup (path);
  if (options != NULL)
    rd->options = *options;
  rd->options.encoding = rd->encoding = g_strdup (rd->options.encoding);
  rd->options.delimiter = rd->delimiter = g_strdup (rd->options.delimiter);
  rd->options.quote = rd->quote = g_strdup (rd->options.quote);
  rd->columns = g_strdupv ((char **) rd->options.columns);
  rd->options.columns = (const char * const *) rd->columns;
  rd->options.table = rd->table = g_strdup (rd->options.table);
  rd->options.issue_func = NULL;
  rd->options.issue_data = NULL;
  rd->options.cancellable = NULL;
  rd->mode = mode;
  rd->n_records = n_records;
  rd->seed = seed;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, kh_samples_read_async);
  g_task_set_name (task, "[kakehashi] read samples");
  g_task_set_task_data (task, rd, read_data_free);
  g_task_run_in_thread (task, read_thread);
}

/**
 * kh_samples_read_finish:
 *
 * Returns: (transfer full) (nullable): the samples
 */
KhSampleSet *
kh_samples_read_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kh_samples_read_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- editing ---------------------------------------------------------- */

/**
 * kh_samples_set_value:
 * @samples: sample records
 * @row: a row
 * @column: a column
 * @value: (nullable): the new value; %NULL is null
 *
 * Edits one sample cell by hand, to try a case. Sample sets are immutable,
 * so this makes a new one with the same columns, rows and origin, but
 * @value in that cell; @samples is unchanged.
 *
 * Returns: (transfer full): the new set
 */
KhSampleSet *
kh_samples_set_value (KhSampleSet *samples,
                      guint        row,
                      guint        column,
                      const char  *value)
{
  KhSampleSet *copy;
  guint n_columns, n_rows;
  g_autofree const char **values = NULL;

  g_return_val_if_fail (samples != NULL, NULL);
  g_return_val_if_fail (row < kh_sample_set_get_n_rows (samples), NULL);
  g_return_val_if_fail (column < kh_sample_set_get_n_columns (samples), NULL);

  n_columns = kh_sample_set_get_n_columns (samples);
  n_rows = kh_sample_set_get_n_rows (samples);
  copy = kh_sample_set_new (kh_sample_set_get_columns (samples));
  kh_sample_set_set_origin (copy, kh_sample_set_get_origin (samples));

  values = g_new0 (const char *, MAX (n_columns, 1));
  for (guint r = 0; r < n_rows; r++)
    {
      for (guint c = 0; c < n_columns; c++)
        values[c] = (r == row && c == column) ? value : kh_sample_set_get_value (samples, r, c);
      kh_sample_set_add_row (copy, values, n_columns);
    }

  return copy;
}

/**
 * kh_samples_append:
 * @samples: sample records
 * @more: more sample records, e.g. just imported
 *
 * Makes a set of the records of @samples followed by those of @more. The
 * columns are those of @samples, then those of @more it lacks; a record
 * without a column is null there.
 *
 * Returns: (transfer full): the new set
 */
KhSampleSet *
kh_samples_append (KhSampleSet *samples,
                   KhSampleSet *more)
{
  g_autoptr(GPtrArray) columns = NULL;
  g_autofree const char **values = NULL;
  g_autofree int *map = NULL;
  g_autofree char *origin = NULL;
  KhSampleSet *result;
  guint n_a, n_b, n;
  const char *oa, *ob;

  g_return_val_if_fail (samples != NULL, NULL);
  g_return_val_if_fail (more != NULL, NULL);

  n_a = kh_sample_set_get_n_columns (samples);
  n_b = kh_sample_set_get_n_columns (more);
  columns = g_ptr_array_new ();
  for (guint c = 0; c < n_a; c++)
    g_ptr_array_add (columns, (gpointer) kh_sample_set_get_column (samples, c));
  for (guint c = 0; c < n_b; c++)
    if (kh_sample_set_lookup_column (samples, kh_sample_set_get_column (more, c)) < 0)
      g_ptr_array_add (columns, (gpointer) kh_sample_set_get_column (more, c));
  n = columns->len;
  g_ptr_array_add (columns, NULL);

  result = kh_sample_set_new ((const char * const *) columns->pdata);
  values = g_new0 (const char *, MAX (n, 1));

  for (guint r = 0; r < kh_sample_set_get_n_rows (samples); r++)
    {
      for (guint c = 0; c < n; c++)
        values[c] = c < n_a ? kh_sample_set_get_value (samples, r, c) : NULL;
      kh_sample_set_add_row (result, values, n);
    }

  map = g_new (int, MAX (n, 1));
  for (guint c = 0; c < n; c++)
    map[c] = kh_sample_set_lookup_column (more, columns->pdata[c]);
  for (guint r = 0; r < kh_sample_set_get_n_rows (more); r++)
    {
      for (guint c = 0; c < n; c++)
        values[c] = map[c] >= 0 ? kh_sample_set_get_value (more, r, (guint) map[c]) : NULL;
      kh_sample_set_add_row (result, values, n);
    }

  oa = kh_sample_set_get_origin (samples);
  ob = kh_sample_set_get_origin (more);
  if (oa != NULL && ob != NULL)
    origin = g_strdup_printf ("%s; %s", oa, ob);
  else
    origin = g_strdup (oa != NULL ? oa : ob);
  kh_sample_set_set_origin (result, origin);

  return result;
}

/**
 * kh_samples_unique_golden_name:
 * @mapping: the mapping the golden record will join
 * @record_number: the sample record's number (1-based)
 *
 * Returns: (transfer full): a golden-record name no golden record of
 *   @mapping has: “Sample record 12”, or “Sample record 12 (2)”, …
 */
char *
kh_samples_unique_golden_name (KhMapping *mapping,
                               guint64    record_number)
{
  g_autofree char *number = NULL;
  g_autofree char *base = NULL;
  char *name;

  g_return_val_if_fail (KH_IS_MAPPING (mapping), NULL);

  number = g_strdup_printf ("%" G_GUINT64_FORMAT, record_number);
  /* Translators: the name of a golden record made from a sample record */
  base = g_strdup_printf (_("Sample record %s"), number);
  name = g_strdup (base);
  for (guint n = 2; ; n++)
    {
      gboolean taken = FALSE;

      for (guint i = 0; i < kh_mapping_get_n_golden_records (mapping) && !taken; i++)
        taken = g_strcmp0 (kh_golden_record_get_name (kh_mapping_get_golden_record (mapping, i)), name) == 0;
      if (!taken)
        return name;

      g_free (name);
      name = g_strdup_printf ("%s (%u)", base, n);
    }
}
