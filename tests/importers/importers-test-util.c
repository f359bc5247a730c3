/* importers-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "importers-test-util.h"

#include <string.h>

#include <glib/gstdio.h>

char *
kh_test_data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "importers", "data", name, NULL);
}

char *
kh_test_shared_path (const char *name)
{
  const char *shared = g_getenv ("KAKEHASHI_SHARED");
  char *path;

  if (shared == NULL)
    {
      g_test_skip ("KAKEHASHI_SHARED is not set");
      return NULL;
    }
  path = g_build_filename (shared, "realdata", name, NULL);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *message = g_strdup_printf ("%s is absent", path);

      g_test_skip (message);
      g_free (path);
      return NULL;
    }
  return path;
}

KhSchema *
kh_test_import (const char      *path,
                KhImportFormat   format,
                GPtrArray      **warnings)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) local_warnings = NULL;
  KhSchema *schema;

  schema = kh_import_schema (file, format, NULL, &local_warnings, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (schema);
  g_assert_nonnull (local_warnings);
  for (guint i = 0; i < local_warnings->len; i++)
    {
      g_autofree char *text = kh_import_warning_to_string (g_ptr_array_index (local_warnings, i));

      g_test_message ("warning: %s", text);
    }
  if (warnings != NULL)
    *warnings = g_steal_pointer (&local_warnings);
  return schema;
}

GError *
kh_test_import_fail (const char     *path,
                     KhImportFormat  format)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GPtrArray) warnings = NULL;
  GError *error = NULL;
  KhSchema *schema;

  schema = kh_import_schema (file, format, NULL, &warnings, NULL, &error);
  g_assert_null (schema);
  g_assert_null (warnings);
  g_assert_nonnull (error);
  g_test_message ("error: %s", error->message);
  return error;
}

KhField *
kh_test_field (KhSchema   *schema,
               const char *entity_name,
               const char *field_name)
{
  KhEntity *entity = kh_schema_lookup_entity (schema, entity_name);
  KhField *field;

  if (entity == NULL)
    g_error ("no entity %s", entity_name);
  field = kh_entity_lookup_field (entity, field_name);
  if (field == NULL)
    g_error ("no field %s.%s", entity_name, field_name);
  return field;
}

void
kh_test_assert_codes (KhField            *field,
                      const char * const *values)
{
  guint n = g_strv_length ((char **) values);

  g_assert_cmpuint (kh_field_get_n_codes (field), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KhCodeValue) code = g_list_model_get_item (kh_field_get_codes (field), i);

      g_assert_cmpstr (kh_code_value_get_value (code), ==, values[i]);
    }
}

gboolean
kh_test_has_warning (GPtrArray *warnings,
                     ...)
{
  for (guint i = 0; i < warnings->len; i++)
    {
      const KhImportWarning *warning = g_ptr_array_index (warnings, i);
      gboolean all = TRUE;
      const char *needle;
      va_list args;

      va_start (args, warnings);
      while ((needle = va_arg (args, const char *)) != NULL)
        if (strstr (warning->message, needle) == NULL)
          all = FALSE;
      va_end (args);
      if (all)
        return TRUE;
    }
  return FALSE;
}

static void
remove_temp (gpointer data)
{
  char *path = data;
  g_autofree char *dir = g_path_get_dirname (path);

  g_unlink (path);
  g_rmdir (dir);
  g_free (path);
}

/* The file and its folder are removed when the test ends. */
char *
kh_test_write_temp (const char *name,
                    const char *contents,
                    gssize      length)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kh-importers-XXXXXX", &error);
  char *path;

  g_assert_no_error (error);
  path = g_build_filename (dir, name, NULL);
  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
  g_test_queue_destroy (remove_temp, g_strdup (path));
  return path;
}
