/* test-store-project.c: saving and opening projects, versions, recovery
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <utime.h>

#include <glib/gstdio.h>

#include "kh-error.h"
#include "store-test-util.h"

static void
test_round_trip (void)
{
  g_autofree char *dir = store_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "demo.kakehashi", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(KhProject) project = store_test_project (500);
  g_autoptr(KhProject) opened = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  KhSampleSet *samples;

  g_assert_null (kh_project_get_file (project));
  g_assert_true (kh_project_get_modified (project));
  title = kh_project_get_title (project);
  g_assert_cmpstr (title, ==, "Untitled project");
  g_clear_pointer (&title, g_free);

  g_assert_true (kh_project_save_as (project, file, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (kh_project_get_modified (project));
  g_assert_true (g_file_equal (kh_project_get_file (project), file));
  title = kh_project_get_title (project);
  g_assert_cmpstr (title, ==, "demo");

  opened = kh_project_open (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (opened);
  g_assert_false (kh_project_get_modified (opened));
  g_assert_true (g_file_equal (kh_project_get_file (opened), file));
  store_test_assert_same (project, opened);

  /* Null stays apart from the empty string, and hostile text survives. */
  samples = kh_project_get_samples (opened);
  g_assert_cmpuint (kh_sample_set_get_n_rows (samples), ==, 500);
  g_assert_null (kh_sample_set_get_value (samples, 0, 0));
  g_assert_cmpstr (kh_sample_set_get_value (samples, 0, 1), ==, "");
  g_assert_cmpstr (kh_sample_set_get_value (samples, 0, 3), ==, "山田\u3000太郎 & \"Co\"\t\n");
  g_assert_cmpstr (kh_sample_set_get_value (samples, 0, 4), ==, "   ");

  /* The whole schemas are kept, not only the mapped entities. */
  g_assert_cmpuint (kh_schema_get_n_entities (kh_project_get_source_schema (opened)), ==, 3);

  /* The mapping in the file is its canonical XML, layout included. */
  {
    g_autoptr(GBytes) a = kh_mapping_to_xml (kh_project_get_mapping (project), NULL);
    g_autoptr(GBytes) b = kh_mapping_to_xml (kh_project_get_mapping (opened), NULL);

    g_assert_true (g_bytes_equal (a, b));
    g_assert_cmpstr (kh_mapping_get_layout (kh_project_get_mapping (opened), "canvas.zoom"), ==, "1.5");
  }

  store_test_rm_rf (dir);
}

/* A killed save leaves ".NAME.XXXXXX" beside the project: the next save
 * removes such a file once it is old, and leaves a recent one (a save
 * that may still be running), other hidden files and other projects'
 * temporaries alone. */
static void
test_stale_temporaries (void)
{
  g_autofree char *dir = store_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "demo.kakehashi", NULL);
  g_autofree char *stale = g_build_filename (dir, ".demo.kakehashi.a1B2c3", NULL);
  g_autofree char *recent = g_build_filename (dir, ".demo.kakehashi.Zz9Yy8", NULL);
  g_autofree char *other = g_build_filename (dir, ".other.kakehashi.a1B2c3", NULL);
  g_autofree char *longer = g_build_filename (dir, ".demo.kakehashi.a1B2c3.keep", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(KhProject) project = store_test_project (10);
  g_autoptr(GError) error = NULL;
  const char *old_files[] = { stale, other, longer };
  struct utimbuf old_times;

  old_times.actime = old_times.modtime = (time_t) (g_get_real_time () / G_USEC_PER_SEC - 3600);
  for (guint i = 0; i < G_N_ELEMENTS (old_files); i++)
    {
      g_assert_true (g_file_set_contents (old_files[i], "half a database", -1, &error));
      g_assert_no_error (error);
      g_assert_cmpint (g_utime (old_files[i], &old_times), ==, 0);
    }
  g_assert_true (g_file_set_contents (recent, "a save still running", -1, &error));
  g_assert_no_error (error);

  g_assert_true (kh_project_save_as (project, file, NULL, NULL, &error));
  g_assert_no_error (error);

  g_assert_false (g_file_test (stale, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (recent, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (other, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (longer, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  store_test_rm_rf (dir);
}

static void
test_empty_project (void)
{
  g_autofree char *dir = store_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "empty.kakehashi", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(KhProject) project = kh_project_new ();
  g_autoptr(KhProject) opened = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (kh_project_save (project, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME);
  g_clear_error (&error);

  g_assert_true (kh_project_save_as (project, file, NULL, NULL, &error));
  g_assert_no_error (error);
  opened = kh_project_open (file, NULL, &error);
  g_assert_no_error (error);
  store_test_assert_same (project, opened);
  g_assert_null (kh_project_get_source_schema (opened));
  g_assert_null (kh_project_get_samples (opened));

  store_test_rm_rf (dir);
}

static void
test_versions (void)
{
  g_autofree char *dir = store_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "versions.kakehashi", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(KhProject) project = store_test_project (10);
  g_autoptr(KhProject) opened = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) first_xml = NULL;
  g_autoptr(GDateTime) before = g_date_time_new_now_utc ();
  GListModel *versions = kh_project_get_versions (project);
  KhMapping *mapping = kh_project_get_mapping (project);
  g_autoptr(KhProjectVersion) v1 = NULL;
  g_autoptr(KhProjectVersion) v2 = NULL;

  g_assert_true (kh_project_save_as (project, file, "first draft", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (versions), ==, 1);
  first_xml = kh_mapping_to_xml (mapping, NULL);

  /* Saving without a change and without a comment records nothing. */
  g_assert_true (kh_project_save (project, NULL, NULL, &error));
  g_assert_cmpuint (g_list_model_get_n_items (versions), ==, 1);

  /* A change, saved: a version. */
  kh_mapping_remove_rule (mapping, kh_rule_get_target (kh_mapping_get_rule (mapping, 0)));
  g_assert_true (kh_project_get_modified (project));
  g_assert_true (kh_project_save (project, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (versions), ==, 2);

  v1 = g_list_model_get_item (versions, 0);
  v2 = g_list_model_get_item (versions, 1);
  g_assert_cmpint (kh_project_version_get_number (v1), ==, 1);
  g_assert_cmpint (kh_project_version_get_number (v2), ==, 2);
  g_assert_cmpstr (kh_project_version_get_comment (v1), ==, "first draft");
  g_assert_null (kh_project_version_get_comment (v2));
  g_assert_true (g_bytes_equal (kh_project_version_get_xml (v1), first_xml));
  g_assert_cmpint (g_date_time_compare (kh_project_version_get_saved_at (v1), before), >=, 0);
  g_assert_cmpint (g_date_time_compare (kh_project_version_get_saved_at (v2),
                                        kh_project_version_get_saved_at (v1)), >=, 0);

  /* Restoring version 1 brings its mapping back, as a change. */
  g_assert_true (kh_project_restore_version (project, v1, &error));
  g_assert_no_error (error);
  g_assert_true (kh_project_get_modified (project));
  {
    g_autoptr(GBytes) now = kh_mapping_to_xml (mapping, NULL);
    g_assert_true (g_bytes_equal (now, first_xml));
  }
  g_assert_true (kh_project_save (project, "back to the first draft", NULL, &error));
  g_assert_cmpuint (g_list_model_get_n_items (versions), ==, 3);

  /* Everything survives a reopen. */
  opened = kh_project_open (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (kh_project_get_versions (opened)), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(KhProjectVersion) a = g_list_model_get_item (versions, i);
      g_autoptr(KhProjectVersion) b = g_list_model_get_item (kh_project_get_versions (opened), i);
      g_autoptr(KhMapping) m = NULL;

      g_assert_cmpint (kh_project_version_get_number (a), ==, kh_project_version_get_number (b));
      g_assert_cmpstr (kh_project_version_get_comment (a), ==, kh_project_version_get_comment (b));
      g_assert_true (g_date_time_equal (kh_project_version_get_saved_at (a), kh_project_version_get_saved_at (b)));
      g_assert_true (g_bytes_equal (kh_project_version_get_xml (a), kh_project_version_get_xml (b)));
      m = kh_project_version_load_mapping (b, &error);
      g_assert_no_error (error);
      g_assert_nonnull (m);
    }

  store_test_rm_rf (dir);
}

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} AsyncData;

static void
async_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  AsyncData *data = user_data;

  data->result = g_object_ref (result);
  g_main_loop_quit (data->loop);
}

static void
test_async (void)
{
  g_autofree char *dir = store_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "async.kakehashi", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(KhProject) project = store_test_project (2000);
  g_autoptr(KhProject) opened = NULL;
  g_autoptr(GError) error = NULL;
  AsyncData data = { g_main_loop_new (NULL, FALSE), NULL };

  kh_project_save_as_async (project, file, "async", NULL, async_done_cb, &data);
  /* An edit while the thread saves is not part of the save. */
  kh_mapping_set_name (kh_project_get_mapping (project), "edited meanwhile");
  g_main_loop_run (data.loop);
  g_assert_true (kh_project_save_finish (project, data.result, &error));
  g_assert_no_error (error);
  g_clear_object (&data.result);
  g_assert_true (kh_project_get_modified (project));
  g_assert_true (g_file_equal (kh_project_get_file (project), file));

  kh_project_open_async (file, NULL, async_done_cb, &data);
  g_main_loop_run (data.loop);
  opened = kh_project_open_finish (data.result, &error);
  g_assert_no_error (error);
  g_clear_object (&data.result);
  g_assert_cmpstr (kh_mapping_get_name (kh_project_get_mapping (opened)), ==, "SAP to CRM");
  g_assert_true (kh_sample_set_equal (kh_project_get_samples (project), kh_project_get_samples (opened)));

  /* A failing open reports through the callback too. */
  {
    g_autofree char *missing_path = g_build_filename (dir, "missing.kakehashi", NULL);
    g_autoptr(GFile) missing = g_file_new_for_path (missing_path);
    g_autoptr(KhProject) none = NULL;

    kh_project_open_async (missing, NULL, async_done_cb, &data);
    g_main_loop_run (data.loop);
    none = kh_project_open_finish (data.result, &error);
    g_assert_null (none);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, "missing.kakehashi"));
    g_clear_object (&data.result);
  }

  g_main_loop_unref (data.loop);
  store_test_rm_rf (dir);
}

static void
test_import_mapping_xml (void)
{
  g_autofree char *dir = store_test_tmpdir ();
  g_autofree char *xml_path = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "format", "data",
                                                "example-kna1-account.xml", NULL);
  g_autofree char *path = g_build_filename (dir, "imported.kakehashi", NULL);
  g_autofree char *export_path = g_build_filename (dir, "exported.xml", NULL);
  g_autoptr(GFile) xml_file = g_file_new_for_path (xml_path);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) export_file = g_file_new_for_path (export_path);
  g_autoptr(KhProject) project = NULL;
  g_autoptr(KhProject) opened = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *original = NULL;
  g_autofree char *exported = NULL;

  project = kh_project_import_mapping_file (xml_file, &problems, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_null (kh_project_get_file (project));
  g_assert_true (kh_project_get_modified (project));
  g_assert_cmpstr (kh_schema_get_system (kh_project_get_source_schema (project)), ==, "SAP S/4HANA");
  g_assert_nonnull (kh_schema_lookup_entity (kh_project_get_source_schema (project), "KNA1"));
  g_assert_nonnull (kh_schema_lookup_entity (kh_project_get_target_schema (project), "Account"));

  /* XML → project → file → project → XML: the same bytes. */
  g_assert_true (kh_project_save_as (project, file, NULL, NULL, &error));
  g_assert_no_error (error);
  opened = kh_project_open (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (kh_mapping_save_file (kh_project_get_mapping (opened), export_file, NULL, &error));
  g_assert_no_error (error);
  g_file_get_contents (xml_path, &original, NULL, NULL);
  g_file_get_contents (export_path, &exported, NULL, NULL);
  g_assert_cmpstr (original, ==, exported);

  /* A hostile file is refused. */
  {
    g_autofree char *bad_path = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "format", "data", "bad",
                                                  "xxe.xml", NULL);
    g_autoptr(GFile) bad = g_file_new_for_path (bad_path);
    g_autoptr(KhProject) none = kh_project_import_mapping_file (bad, NULL, NULL, &error);

    g_assert_null (none);
    g_assert_error (error, KH_ERROR, KH_ERROR_PARSE);
  }

  store_test_rm_rf (dir);
}

static void
test_recovery_untitled (void)
{
  g_autoptr(KhProject) project = store_test_project (50);
  g_autoptr(KhProject) recovered = NULL;
  g_autoptr(GFile) recovery = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = store_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "saved.kakehashi", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_assert_false (kh_project_has_recovery (project));
  g_assert_true (kh_project_save_recovery (project, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (kh_project_has_recovery (project));
  g_assert_true (kh_project_get_modified (project));
  g_assert_cmpuint (g_list_model_get_n_items (kh_project_get_versions (project)), ==, 0);

  /* Under the user's cache folder. */
  recovery = kh_project_get_recovery_file (project);
  g_assert_true (g_str_has_prefix (g_file_peek_path (recovery), g_get_user_cache_dir ()));

  list = kh_project_list_recoveries ();
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_true (g_file_equal (list->pdata[0], recovery));

  /* The next session finds and opens it. */
  recovered = kh_project_open_recovery (list->pdata[0], NULL, &error);
  g_assert_no_error (error);
  store_test_assert_same (project, recovered);
  g_assert_null (kh_project_get_file (recovered));
  g_assert_true (kh_project_get_modified (recovered));
  g_assert_true (kh_project_has_recovery (recovered));

  /* Saving it for real removes the copy. */
  g_assert_true (kh_project_save_as (recovered, file, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (kh_project_has_recovery (recovered));
  g_clear_pointer (&list, g_ptr_array_unref);
  list = kh_project_list_recoveries ();
  g_assert_cmpuint (list->len, ==, 0);

  store_test_rm_rf (dir);
}

static void
test_recovery_of_file (void)
{
  g_autofree char *dir = store_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "work.kakehashi", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(KhProject) project = store_test_project (50);
  g_autoptr(KhProject) reopened = NULL;
  g_autoptr(KhProject) recovered = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (kh_project_save_as (project, file, NULL, NULL, &error));
  g_assert_no_error (error);

  /* An edit, autosaved, then the session dies. */
  kh_mapping_set_name (kh_project_get_mapping (project), "unsaved edit");
  g_assert_true (kh_project_save_recovery (project, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&project);

  /* Opening the file again: it has a recovery copy with the edit. */
  reopened = kh_project_open (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kh_mapping_get_name (kh_project_get_mapping (reopened)), ==, "SAP to CRM");
  g_assert_true (kh_project_has_recovery (reopened));

  {
    g_autoptr(GFile) recovery = kh_project_get_recovery_file (reopened);

    recovered = kh_project_open_recovery (recovery, NULL, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpstr (kh_mapping_get_name (kh_project_get_mapping (recovered)), ==, "unsaved edit");
  g_assert_true (g_file_equal (kh_project_get_file (recovered), file));
  g_assert_true (kh_project_get_modified (recovered));

  /* Declining the recovery discards it. */
  kh_project_discard_recovery (reopened);
  g_assert_false (kh_project_has_recovery (reopened));
  g_assert_false (kh_project_has_recovery (recovered));

  /* The file itself was never touched by the autosave. */
  g_clear_object (&reopened);
  reopened = kh_project_open (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kh_mapping_get_name (kh_project_get_mapping (reopened)), ==, "SAP to CRM");

  store_test_rm_rf (dir);
}

static void
test_modified_tracking (void)
{
  g_autoptr(KhProject) project = kh_project_new ();
  g_autoptr(KhSchema) schema = kh_schema_new ("SAP");
  g_autoptr(KhEntity) entity = kh_entity_new ("KNA1");
  g_autofree char *dir = store_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "m.kakehashi", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_assert_false (kh_project_get_modified (project));
  kh_mapping_set_layout (kh_project_get_mapping (project), "zoom", "2");
  g_assert_true (kh_project_get_modified (project));
  g_assert_true (kh_project_save_as (project, file, NULL, NULL, &error));
  g_assert_false (kh_project_get_modified (project));

  kh_project_set_source_schema (project, schema);
  g_assert_true (kh_project_get_modified (project));
  g_assert_true (kh_project_save (project, NULL, NULL, &error));
  g_assert_false (kh_project_get_modified (project));

  /* Changes inside a schema count. */
  kh_schema_add_entity (schema, entity);
  g_assert_true (kh_project_get_modified (project));

  store_test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/store/project/round-trip", test_round_trip);
  g_test_add_func ("/store/project/empty", test_empty_project);
  g_test_add_func ("/store/project/stale-temporaries", test_stale_temporaries);
  g_test_add_func ("/store/project/versions", test_versions);
  g_test_add_func ("/store/project/async", test_async);
  g_test_add_func ("/store/project/import-mapping-xml", test_import_mapping_xml);
  g_test_add_func ("/store/project/recovery-untitled", test_recovery_untitled);
  g_test_add_func ("/store/project/recovery-of-file", test_recovery_of_file);
  g_test_add_func ("/store/project/modified", test_modified_tracking);

  return g_test_run ();
}
