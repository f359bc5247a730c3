/* test-import-bad-input.c: truncated, wrong, hostile and empty files
 *
 * Each gives a clear error naming the file, the line and the column.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <libxml/parserInternals.h>
#include <libxml/xmlIO.h>

#include "importers-test-util.h"

/* "PATH:LINE:COLUMN: " with LINE and COLUMN > 0 */
static void
assert_located (const GError *error,
                const char   *path,
                guint         line,
                guint         column)
{
  g_autofree char *prefix = NULL;

  if (column > 0)
    prefix = g_strdup_printf ("%s:%u:%u: ", path, line, column);
  else if (line > 0)
    prefix = g_strdup_printf ("%s:%u:", path, line);
  else
    {
      g_autoptr(GRegex) regex = g_regex_new ("^.+:[1-9][0-9]*:[1-9][0-9]*: .+", 0, 0, NULL);

      g_assert_true (g_str_has_prefix (error->message, path));
      if (!g_regex_match (regex, error->message, 0, NULL))
        g_error ("no line and column in “%s”", error->message);
      return;
    }
  if (!g_str_has_prefix (error->message, prefix))
    g_error ("“%s” does not start with “%s”", error->message, prefix);
}

/* "PATH:LINE: " with some LINE > 0 */
static void
assert_located_line (const GError *error,
                     const char   *path)
{
  g_autofree char *escaped = g_regex_escape_string (path, -1);
  g_autofree char *pattern = g_strdup_printf ("^%s:[1-9][0-9]*: .+", escaped);
  g_autoptr(GRegex) regex = g_regex_new (pattern, 0, 0, NULL);

  if (!g_regex_match (regex, error->message, 0, NULL))
    g_error ("no line in “%s”", error->message);
}

static char *
truncated_copy (const char *name,
                gsize       keep,
                const char *new_name)
{
  g_autofree char *path = kh_test_data_path (name);
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (keep, <, length);
  return kh_test_write_temp (new_name, contents, keep);
}

static void
test_truncated_xml (void)
{
  /* The Dynamics file cut in the middle of line 41 */
  g_autofree char *path = kh_test_data_path ("DynamicsCRM_metadata.xml");
  g_autofree char *contents = NULL;
  g_autofree char *cut = NULL;
  g_autoptr(GError) error = NULL;
  const char *p;
  guint line = 1;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  for (p = contents; line < 41; p++)
    if (*p == '\n')
      line++;
  cut = kh_test_write_temp ("cut.xml", contents, (p - contents) + 10);

  error = kh_test_import_fail (cut, KH_IMPORT_FORMAT_AUTO);
  g_assert_error (error, KH_ERROR, KH_ERROR_PARSE);
  assert_located (error, cut, 0, 0);
  g_assert_nonnull (strstr (error->message, "Not well-formed XML"));
}

static void
test_truncated_json (void)
{
  g_autofree char *cut = truncated_copy ("Account.describe.json", 5000, "cut.json");
  g_autoptr(GError) error = kh_test_import_fail (cut, KH_IMPORT_FORMAT_AUTO);
  g_autoptr(GError) error2 = kh_test_import_fail (cut, KH_IMPORT_FORMAT_SALESFORCE);

  g_assert_error (error, KH_ERROR, KH_ERROR_PARSE);
  assert_located (error, cut, 0, 0);
  g_assert_nonnull (strstr (error->message, "ends too early"));
  g_assert_cmpstr (error->message, ==, error2->message);
}

static void
test_json_syntax (void)
{
  /* line 3, column 16: "label" where a comma or "}" was expected */
  g_autofree char *path = kh_test_write_temp ("bad.json",
                                              "{\n  \"name\": \"Account\",\n  \"fields\": [] \"label\": 1\n}\n", -1);
  g_autoptr(GError) error = kh_test_import_fail (path, KH_IMPORT_FORMAT_SALESFORCE);

  g_assert_error (error, KH_ERROR, KH_ERROR_PARSE);
  assert_located (error, path, 3, 16);
}

static void
test_wrong_format (void)
{
  g_autofree char *json = kh_test_data_path ("Account.describe.json");
  g_autofree char *xml = kh_test_data_path ("GWSAMPLE_BASIC.edmx");
  g_autofree char *schema = kh_test_data_path ("customer.schema.json");
  g_autofree char *other_xml = kh_test_write_temp ("other.xml", "<?xml version=\"1.0\"?>\n<html><body/></html>\n", -1);
  g_autofree char *other_json = kh_test_write_temp ("other.json", "{\"hello\": [1, 2, 3]}", -1);
  g_autofree char *binary = kh_test_write_temp ("image.png", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0", 18);
  GError *error;

  /* JSON read as OData: not XML at line 1, column 1 */
  error = kh_test_import_fail (json, KH_IMPORT_FORMAT_ODATA);
  g_assert_error (error, KH_ERROR, KH_ERROR_PARSE);
  assert_located (error, json, 1, 1);
  g_clear_error (&error);

  /* XML read as Salesforce */
  error = kh_test_import_fail (xml, KH_IMPORT_FORMAT_SALESFORCE);
  g_assert_error (error, KH_ERROR, KH_ERROR_PARSE);
  assert_located (error, xml, 1, 1);
  g_clear_error (&error);

  /* A JSON Schema read as a Salesforce describe */
  error = kh_test_import_fail (schema, KH_IMPORT_FORMAT_SALESFORCE);
  g_assert_error (error, KH_ERROR, KH_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "“fields”"));
  g_clear_error (&error);

  /* XML that is not OData */
  error = kh_test_import_fail (other_xml, KH_IMPORT_FORMAT_AUTO);
  g_assert_error (error, KH_ERROR, KH_ERROR_UNSUPPORTED);
  assert_located (error, other_xml, 2, 0);
  g_assert_nonnull (strstr (error->message, "“html”"));
  g_clear_error (&error);

  /* JSON that is no metadata format */
  error = kh_test_import_fail (other_json, KH_IMPORT_FORMAT_AUTO);
  g_assert_error (error, KH_ERROR, KH_ERROR_UNSUPPORTED);
  assert_located (error, other_json, 1, 1);
  g_clear_error (&error);

  /* Binary */
  error = kh_test_import_fail (binary, KH_IMPORT_FORMAT_AUTO);
  g_assert_error (error, KH_ERROR, KH_ERROR_UNSUPPORTED);
  assert_located (error, binary, 1, 1);
  g_clear_error (&error);

  /* A JSON Schema read as SQLite */
  error = kh_test_import_fail (schema, KH_IMPORT_FORMAT_SQLITE);
  g_assert_error (error, KH_ERROR, KH_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, schema));
  g_clear_error (&error);
}

static const char billion_laughs[] =
  "<?xml version=\"1.0\"?>\n"
  "<!DOCTYPE lolz [\n"
  " <!ENTITY lol \"lol\">\n"
  " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
  " <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
  " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
  " <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
  " <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
  " <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
  " <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
  " <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
  " <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
  "]>\n"
  "<edmx:Edmx Version=\"4.0\" xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\">\n"
  " <edmx:DataServices><Schema Namespace=\"Bomb\" xmlns=\"http://docs.oasis-open.org/odata/ns/edm\">\n"
  "  <EntityType Name=\"Lol\"><Property Name=\"lol\" Type=\"Edm.String\">\n"
  "   <Annotation Term=\"Org.OData.Core.V1.Description\"><String>&lol9;</String></Annotation>\n"
  "  </Property></EntityType>\n"
  " </Schema></edmx:DataServices>\n"
  "</edmx:Edmx>\n";

static void
test_xml_bomb (void)
{
  g_autofree char *path = kh_test_write_temp ("bomb.xml", billion_laughs, -1);
  g_autoptr(GError) error = kh_test_import_fail (path, KH_IMPORT_FORMAT_AUTO);

  g_assert_error (error, KH_ERROR, KH_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "DTD"));
  /* a line (where the reader noticed the DOCTYPE), no column */
  assert_located_line (error, path);
}

static guint n_external_loads;

static xmlParserInputPtr
counting_loader (const char       *url,
                 const char       *id,
                 xmlParserCtxtPtr  ctxt)
{
  n_external_loads++;
  return NULL;
}

static void
test_xxe (void)
{
  /* A secret the document tries to pull in. */
  g_autofree char *secret = kh_test_write_temp ("secret.txt", "TOP-SECRET-VALUE", -1);
  g_autofree char *uri = g_filename_to_uri (secret, NULL, NULL);
  g_autofree char *document = g_strdup_printf (
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE edmx [ <!ENTITY xxe SYSTEM \"%s\"> <!ENTITY passwd SYSTEM \"file:///etc/passwd\"> ]>\n"
    "<edmx:Edmx Version=\"4.0\" xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\">\n"
    " <edmx:DataServices><Schema Namespace=\"X\" xmlns=\"http://docs.oasis-open.org/odata/ns/edm\">\n"
    "  <EntityType Name=\"Leak\"><Property Name=\"p\" Type=\"Edm.String\">\n"
    "   <Annotation Term=\"Org.OData.Core.V1.Description\"><String>&xxe;&passwd;</String></Annotation>\n"
    "  </Property></EntityType>\n"
    " </Schema></edmx:DataServices>\n"
    "</edmx:Edmx>\n", uri);
  g_autofree char *path = kh_test_write_temp ("xxe.xml", document, -1);
  xmlExternalEntityLoader previous = xmlGetExternalEntityLoader ();
  g_autoptr(GError) error = NULL;

  /* Every external load libxml2 would do goes through the loader. */
  xmlSetExternalEntityLoader (counting_loader);
  n_external_loads = 0;
  error = kh_test_import_fail (path, KH_IMPORT_FORMAT_AUTO);
  xmlSetExternalEntityLoader (previous);

  g_assert_cmpuint (n_external_loads, ==, 0);
  g_assert_error (error, KH_ERROR, KH_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "DTD"));
  g_assert_null (strstr (error->message, "TOP-SECRET"));
  g_assert_null (strstr (error->message, "root:"));
  assert_located_line (error, path);
}

static void
test_invalid_utf8 (void)
{
  /* XML: the bad byte is on line 3 */
  g_autofree char *xml = kh_test_write_temp ("latin1.xml",
                                             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                             "<edmx:Edmx Version=\"4.0\" xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\">\n"
                                             "<edmx:DataServices><Schema Namespace=\"Caf\xe9\"/></edmx:DataServices>\n"
                                             "</edmx:Edmx>\n", -1);
  /* JSON: line 2, column 15 (the é) */
  g_autofree char *json = kh_test_write_temp ("latin1.json",
                                              "{\"name\": \"Account\",\n \"label\": \"Caf\xe9\", \"fields\": []}\n", -1);
  GError *error;

  error = kh_test_import_fail (xml, KH_IMPORT_FORMAT_AUTO);
  g_assert_true (g_error_matches (error, KH_ERROR, KH_ERROR_ENCODING) ||
                 g_error_matches (error, KH_ERROR, KH_ERROR_PARSE));
  assert_located (error, xml, 3, 0);
  g_clear_error (&error);

  error = kh_test_import_fail (json, KH_IMPORT_FORMAT_AUTO);
  g_assert_error (error, KH_ERROR, KH_ERROR_ENCODING);
  assert_located (error, json, 2, 15);
  g_assert_nonnull (strstr (error->message, "0xE9"));
  g_clear_error (&error);
}

static void
test_empty (void)
{
  g_autofree char *path = kh_test_write_temp ("empty.xml", "", 0);
  g_autofree char *blank = kh_test_write_temp ("blank.json", "  \n\n ", -1);
  static const KhImportFormat formats[] = {
    KH_IMPORT_FORMAT_AUTO, KH_IMPORT_FORMAT_ODATA, KH_IMPORT_FORMAT_SALESFORCE, KH_IMPORT_FORMAT_CDM,
    KH_IMPORT_FORMAT_JSON_SCHEMA, KH_IMPORT_FORMAT_SQLITE, KH_IMPORT_FORMAT_ERPNEXT, KH_IMPORT_FORMAT_ESPOCRM,
    KH_IMPORT_FORMAT_CSV,
  };
  GError *error;

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      error = kh_test_import_fail (path, formats[i]);
      g_assert_error (error, KH_ERROR, KH_ERROR_PARSE);
      assert_located (error, path, 1, 1);
      g_assert_nonnull (strstr (error->message, "empty"));
      g_clear_error (&error);
    }

  error = kh_test_import_fail (blank, KH_IMPORT_FORMAT_SALESFORCE);
  g_assert_error (error, KH_ERROR, KH_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "empty"));
  g_clear_error (&error);
}

static void
test_missing_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path ("/nonexistent/metadata.xml");

  g_assert_null (kh_import_schema (file, KH_IMPORT_FORMAT_AUTO, NULL, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_true (g_str_has_prefix (error->message, "/nonexistent/metadata.xml"));
}

/* An unknown type never crashes any importer. */
static void
test_unknown_types (void)
{
  g_autofree char *cdm = kh_test_write_temp ("x.cdm.json",
                                             "{\"jsonSchemaSemanticVersion\": \"1.0.0\", \"definitions\": [{\"entityName\": \"E\","
                                             " \"hasAttributes\": [{\"name\": \"a\", \"dataType\": \"hologram\"},"
                                             " {\"name\": \"a\", \"dataType\": \"string\"}]}]}", -1);
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(KhSchema) schema = kh_test_import (cdm, KH_IMPORT_FORMAT_AUTO, &warnings);

  g_assert_cmpint (kh_field_get_field_type (kh_test_field (schema, "E", "a")), ==, KH_FIELD_TYPE_STRING);
  g_assert_cmpstr (kh_field_get_attribute (kh_test_field (schema, "E", "a"), "cdm:data-type"), ==, "hologram");
  g_assert_true (kh_test_has_warning (warnings, "hologram", NULL));
  g_assert_true (kh_test_has_warning (warnings, "“a”", "field 1", "field 2", NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/importers/bad-input/truncated-xml", test_truncated_xml);
  g_test_add_func ("/importers/bad-input/truncated-json", test_truncated_json);
  g_test_add_func ("/importers/bad-input/json-syntax", test_json_syntax);
  g_test_add_func ("/importers/bad-input/wrong-format", test_wrong_format);
  g_test_add_func ("/importers/bad-input/xml-bomb", test_xml_bomb);
  g_test_add_func ("/importers/bad-input/xxe", test_xxe);
  g_test_add_func ("/importers/bad-input/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/importers/bad-input/empty", test_empty);
  g_test_add_func ("/importers/bad-input/missing-file", test_missing_file);
  g_test_add_func ("/importers/bad-input/unknown-types", test_unknown_types);

  return g_test_run ();
}
