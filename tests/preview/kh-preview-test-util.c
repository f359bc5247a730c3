/* kh-preview-test-util.c: mappings and samples for the preview and checks
 * tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kh-preview-test-util.h"

#include <string.h>

#include "kh-mapping-xml.h"
#include "kh-reader.h"

KhMapping *
test_mapping_from_xml (const char *xml,
                       gboolean    keep_invalid)
{
  g_autoptr(GBytes) bytes = g_bytes_new (xml, strlen (xml));
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  KhMapping *mapping;

  mapping = kh_mapping_load_bytes (bytes, "test.xml",
                                   keep_invalid ? KH_MAPPING_LOAD_KEEP_INVALID : KH_MAPPING_LOAD_DEFAULT,
                                   &problems, &error);
  if (mapping == NULL && problems != NULL)
    for (guint i = 0; i < problems->len; i++)
      {
        g_autofree char *text = kh_problem_to_string (problems->pdata[i]);

        g_test_message ("%s", text);
      }
  g_assert_no_error (error);
  g_assert_nonnull (mapping);
  return mapping;
}

KhMapping *
test_mapping_from_file (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  KhMapping *mapping;

  mapping = kh_mapping_load_file (file, NULL, KH_MAPPING_LOAD_DEFAULT, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (mapping);
  return mapping;
}

KhSampleSet *
test_samples_from_csv (const char *csv)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (g_strdup (csv), -1, g_free);
  KhReaderOptions options = KH_READER_OPTIONS_INIT;
  g_autoptr(KhReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  const KhRecord *record;
  const char * const *columns;
  KhSampleSet *samples;
  guint n_columns;

  options.format = KH_IO_FORMAT_CSV;
  reader = kh_reader_open_stream (stream, "samples.csv", &options, &error);
  g_assert_no_error (error);

  columns = kh_reader_get_columns (reader, &n_columns);
  samples = kh_sample_set_new (columns);
  while ((record = kh_reader_next (reader, &error)) != NULL)
    {
      g_autofree char **values = g_new0 (char *, record->n_cells + 1);

      for (guint i = 0; i < record->n_cells; i++)
        values[i] = record->cells[i].type == KH_VALUE_NULL ? NULL
                    : g_strndup (record->cells[i].str, record->cells[i].len);
      kh_sample_set_add_row (samples, (const char * const *) values, record->n_cells);
      for (guint i = 0; i < record->n_cells; i++)
        g_free (values[i]);
    }
  g_assert_no_error (error);
  return samples;
}

const char *
test_sample_value (KhSampleSet *samples,
                   guint        row,
                   const char  *column)
{
  int index = kh_sample_set_lookup_column (samples, column);

  g_assert_cmpint (index, >=, 0);
  return kh_sample_set_get_value (samples, row, (guint) index);
}

static char *
demo_file (const char *known,
           const char *suffix)
{
  const char *root = g_getenv ("KAKEHASHI_SOURCE_ROOT");
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GDir) d = NULL;
  const char *name;

  if (root == NULL)
    return NULL;
  dir = g_build_filename (root, "data", "demo", NULL);
  path = g_build_filename (dir, known, NULL);
  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&path);
  d = g_dir_open (dir, 0, NULL);
  if (d == NULL)
    return NULL;
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, suffix))
      return g_build_filename (dir, name, NULL);
  return NULL;
}

char *
test_demo_mapping_path (void)
{
  return demo_file ("kna1-to-account.xml", ".xml");
}

char *
test_demo_samples_path (void)
{
  return demo_file ("kna1-samples.csv", ".csv");
}
