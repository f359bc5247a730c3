/* io-test-util.h: helpers for the io tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "kh-io.h"

/* A fresh temporary folder per test, removed with everything in it. */
typedef struct
{
  char *dir;
} Fixture;

static inline void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("kh-io-test-XXXXXX", &error);
  g_assert_no_error (error);
}

static inline void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);

  if (dir != NULL)
    {
      const char *name;

      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
      g_dir_close (dir);
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static inline void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  remove_tree (fixture->dir);
  g_free (fixture->dir);
}

/* Writes @len bytes (-1: a NUL-terminated string) to DIR/NAME. */
static inline char *
write_file (Fixture    *fixture,
            const char *name,
            const char *contents,
            gssize      len)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->dir, name, NULL);

  g_file_set_contents (path, contents, len, &error);
  g_assert_no_error (error);
  return path;
}

/* A record as text: cells joined by '|', null as "∅". */
static inline char *
record_to_string (const KhRecord *record)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < record->n_cells; i++)
    {
      const KhValue *cell = &record->cells[i];

      if (i > 0)
        g_string_append_c (out, '|');
      if (cell->type == KH_VALUE_NULL)
        {
          g_assert_null (cell->str);
          g_string_append (out, "∅");
        }
      else
        {
          g_assert_cmpint (cell->type, ==, KH_VALUE_STRING);
          g_assert_nonnull (cell->str);
          /* NUL-terminated at len */
          g_assert_cmpint (cell->str[cell->len], ==, '\0');
          g_assert_cmpuint (strlen (cell->str), ==, cell->len);
          g_string_append_len (out, cell->str, cell->len);
        }
    }

  return g_string_free (out, FALSE);
}

/* The column names joined by '|'. */
static inline char *
columns_to_string (KhReader *reader)
{
  guint n;
  const char * const *columns = kh_reader_get_columns (reader, &n);

  g_assert_null (columns[n]);
  return g_strjoinv ("|", (char **) columns);
}

/* Reads everything: the records as strings; on error, @error is set and
 * the records before it are returned. */
static inline GPtrArray *
read_all (KhReader  *reader,
          GError   **error)
{
  GPtrArray *records = g_ptr_array_new_with_free_func (g_free);
  const KhRecord *record;

  while ((record = kh_reader_next (reader, error)) != NULL)
    g_ptr_array_add (records, record_to_string (record));

  return records;
}

/* Opens @path, reads it all, and checks there was no error. */
static inline GPtrArray *
read_path (const char            *path,
           const KhReaderOptions *options,
           char                 **columns)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KhReader) reader = kh_reader_open (path, options, &error);
  GPtrArray *records;

  g_assert_no_error (error);
  g_assert_nonnull (reader);
  if (columns != NULL)
    *columns = columns_to_string (reader);
  records = read_all (reader, &error);
  g_assert_no_error (error);

  return records;
}

/* The error from opening @path or reading it through. */
static inline GError *
read_error (const char            *path,
            const KhReaderOptions *options)
{
  GError *error = NULL;
  g_autoptr(KhReader) reader = kh_reader_open (path, options, &error);

  if (reader != NULL)
    {
      g_autoptr(GPtrArray) records = read_all (reader, &error);
    }
  g_assert_nonnull (error);
  return error;
}

#define assert_record(records, i, expected) \
  g_assert_cmpstr (g_ptr_array_index ((records), (i)), ==, (expected))

#define assert_message_contains(error, text) G_STMT_START { \
    if (strstr ((error)->message, (text)) == NULL) \
      g_error ("message “%s” does not contain “%s”", (error)->message, (text)); \
  } G_STMT_END

static inline int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The files of a folder, sorted, joined by ' '. */
static inline char *
list_dir (const char *path)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_dir_close (dir);
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}
