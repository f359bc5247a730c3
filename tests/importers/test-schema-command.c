/* test-schema-command.c: `kakehashi-run schema` as a subprocess
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <cjson/cJSON.h>

#include "importers-test-util.h"

typedef struct
{
  char *out;
  char *err;
  int   status;
} RunResult;

static void
run_result_clear (RunResult *result)
{
  g_free (result->out);
  g_free (result->err);
}

static void
run (RunResult *result,
     ...)
{
  const char *runner = g_getenv ("KAKEHASHI_RUN");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int wait_status = 0;
  const char *arg;
  va_list args;

  g_assert_nonnull (runner);
  g_ptr_array_add (argv, (char *) runner);
  g_ptr_array_add (argv, (char *) "schema");
  va_start (args, result);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  memset (result, 0, sizeof *result);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &result->out, &result->err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  result->status = WEXITSTATUS (wait_status);
}

static cJSON *
find_named (const cJSON *array,
            const char  *name)
{
  const cJSON *item;

  cJSON_ArrayForEach (item, array)
    if (g_strcmp0 (cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (item, "name")), name) == 0)
      return (cJSON *) item;
  g_error ("no “%s”", name);
  return NULL;
}

static void
test_json (void)
{
  g_autofree char *path = kh_test_data_path ("GWSAMPLE_BASIC.edmx");
  RunResult result;
  cJSON *root, *entities, *partner, *fields, *field;
  static const char * const keys[] = {
    "name", "label", "type", "required", "max_length", "precision", "scale", "key", "codes",
  };

  run (&result, "--json", path, NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.err, ==, "");

  root = cJSON_Parse (result.out);
  g_assert_nonnull (root);
  g_assert_cmpint (cJSON_GetArraySize (root), ==, 1);  /* exactly one member */
  entities = cJSON_GetObjectItemCaseSensitive (root, "entities");
  g_assert_cmpint (cJSON_GetArraySize (entities), ==, 16);

  partner = find_named (entities, "BusinessPartner");
  g_assert_true (cJSON_IsNull (cJSON_GetObjectItemCaseSensitive (partner, "label")));
  fields = cJSON_GetObjectItemCaseSensitive (partner, "fields");
  g_assert_cmpint (cJSON_GetArraySize (fields), ==, 17);

  field = find_named (fields, "CompanyName");
  g_assert_cmpint (cJSON_GetArraySize (field), ==, G_N_ELEMENTS (keys));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_true (cJSON_HasObjectItem (field, keys[i]));
  g_assert_cmpstr (cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (field, "label")), ==, "Company");
  g_assert_cmpstr (cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (field, "type")), ==, "string");
  g_assert_true (cJSON_IsTrue (cJSON_GetObjectItemCaseSensitive (field, "required")));
  g_assert_cmpint (cJSON_GetObjectItemCaseSensitive (field, "max_length")->valueint, ==, 80);
  g_assert_true (cJSON_IsNull (cJSON_GetObjectItemCaseSensitive (field, "precision")));
  g_assert_true (cJSON_IsFalse (cJSON_GetObjectItemCaseSensitive (field, "key")));
  g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItemCaseSensitive (field, "codes")), ==, 0);

  /* unknown facet: null */
  field = find_named (fields, "WebAddress");
  g_assert_true (cJSON_IsNull (cJSON_GetObjectItemCaseSensitive (field, "max_length")));
  field = find_named (fields, "BusinessPartnerID");
  g_assert_true (cJSON_IsTrue (cJSON_GetObjectItemCaseSensitive (field, "key")));

  field = find_named (cJSON_GetObjectItemCaseSensitive (find_named (entities, "Product"), "fields"), "Price");
  g_assert_cmpstr (cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (field, "type")), ==, "decimal");
  g_assert_cmpint (cJSON_GetObjectItemCaseSensitive (field, "precision")->valueint, ==, 16);
  g_assert_cmpint (cJSON_GetObjectItemCaseSensitive (field, "scale")->valueint, ==, 3);

  cJSON_Delete (root);
  run_result_clear (&result);
}

static void
test_json_codes_and_none (void)
{
  g_autofree char *path = kh_test_data_path ("facets-v4.xml");
  RunResult result;
  cJSON *root, *fields, *field, *codes;

  run (&result, "--json", "--entity", "Item", "--format", "odata", path, NULL);
  g_assert_cmpint (result.status, ==, 0);
  /* the warnings go to stderr, with file and line */
  g_assert_nonnull (strstr (result.err, "facets-v4.xml:13:"));
  g_assert_nonnull (strstr (result.err, "tf.Hologram"));

  root = cJSON_Parse (result.out);
  g_assert_nonnull (root);
  fields = cJSON_GetObjectItemCaseSensitive (cJSON_GetArrayItem (cJSON_GetObjectItemCaseSensitive (root, "entities"), 0),
                                             "fields");
  /* MaxLength="max": "none" */
  field = find_named (fields, "Notes");
  g_assert_cmpstr (cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (field, "max_length")), ==, "none");
  field = find_named (fields, "Size");
  codes = cJSON_GetObjectItemCaseSensitive (field, "codes");
  g_assert_cmpint (cJSON_GetArraySize (codes), ==, 2);
  g_assert_cmpstr (cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (cJSON_GetArrayItem (codes, 1), "value")),
                   ==, "Large");
  cJSON_Delete (root);
  run_result_clear (&result);
}

static void
test_table (void)
{
  g_autofree char *path = kh_test_data_path ("Invoice__c.describe.json");
  RunResult result;
  g_auto(GStrv) lines = NULL;
  const char *header;
  const char *row;

  run (&result, path, NULL);
  g_assert_cmpint (result.status, ==, 0);
  lines = g_strsplit (result.out, "\n", -1);
  g_assert_true (g_str_has_prefix (lines[0], "Invoice__c (Invoice): 6 fields"));
  header = lines[1];
  row = lines[3];  /* Invoice_Number__c */
  g_assert_true (g_str_has_prefix (header, "  FIELD"));
  /* aligned: the TYPE column starts at the same place in every row */
  g_assert_cmpint (strstr (header, "TYPE") - header, ==, strstr (row, "string") - row);
  g_assert_nonnull (strstr (row, "Invoice_Number__c"));
  g_assert_nonnull (strstr (row, "20"));
  run_result_clear (&result);
}

static void
test_exit_codes (void)
{
  g_autofree char *path = kh_test_data_path ("GWSAMPLE_BASIC.edmx");
  g_autofree char *empty = kh_test_write_temp ("empty.json", "", 0);
  RunResult result;

  run (&result, NULL);
  g_assert_cmpint (result.status, ==, 2);
  run_result_clear (&result);

  run (&result, "--format", "yaml", path, NULL);
  g_assert_cmpint (result.status, ==, 2);
  g_assert_nonnull (strstr (result.err, "yaml"));
  run_result_clear (&result);

  run (&result, "--bogus", path, NULL);
  g_assert_cmpint (result.status, ==, 2);
  run_result_clear (&result);

  run (&result, "/nonexistent/metadata.xml", NULL);
  g_assert_cmpint (result.status, ==, 4);
  g_assert_nonnull (strstr (result.err, "/nonexistent/metadata.xml"));
  run_result_clear (&result);

  run (&result, empty, NULL);
  g_assert_cmpint (result.status, ==, 4);
  g_assert_nonnull (strstr (result.err, ":1:1:"));
  g_assert_cmpstr (result.out, ==, "");
  run_result_clear (&result);

  run (&result, "--format", "salesforce", path, NULL);
  g_assert_cmpint (result.status, ==, 4);
  run_result_clear (&result);

  run (&result, "--entity", "NoSuchEntity", path, NULL);
  g_assert_cmpint (result.status, ==, 4);
  run_result_clear (&result);

  run (&result, "--help", NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "--json"));
  g_assert_nonnull (strstr (result.out, "--format"));
  run_result_clear (&result);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/importers/schema-command/json", test_json);
  g_test_add_func ("/importers/schema-command/json-codes-and-none", test_json_codes_and_none);
  g_test_add_func ("/importers/schema-command/table", test_table);
  g_test_add_func ("/importers/schema-command/exit-codes", test_exit_codes);

  return g_test_run ();
}
