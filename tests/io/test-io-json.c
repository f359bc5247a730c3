/* test-io-json.c: the NDJSON and JSON readers on real files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <cjson/cJSON.h>

#include "io-test-util.h"
#include "io-trickle-stream.h"

static void
test_ndjson_values (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = write_file (fixture, "v.ndjson",
                                      "{\"s\":\"text\",\"n\":0.10,\"big\":12345678901234567890,"
                                      "\"e\":-1.5E+3,\"t\":true,\"f\":false,\"z\":null,"
                                      "\"o\":{\"a\":1,\"b\":{\"c\":\"deep\"}},\"arr\":[1, \"two\" ,{\"x\" : null}],"
                                      "\"empty\":{},\"u\":\"\\u00e9\\ud83d\\ude00\\n\\\"\\/\"}\n"
                                      "\n"
                                      "  \r\n"
                                      "{\"s\":\"second\"}\r\n", -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(KhReader) reader = kh_reader_open (path, NULL, &error);
  g_autofree char *columns = NULL;
  const KhRecord *record;

  g_assert_no_error (error);
  g_assert_cmpint (kh_reader_get_format (reader), ==, KH_IO_FORMAT_NDJSON);
  /* The columns are known after open: the first record's, flattened. */
  columns = columns_to_string (reader);
  g_assert_cmpstr (columns, ==, "s|n|big|e|t|f|z|o.a|o.b.c|arr|empty|u");

  record = kh_reader_next (reader, &error);
  g_assert_no_error (error);
  {
    g_autofree char *s = record_to_string (record);

    /* Numbers exactly as written; arrays and {} as compact JSON text. */
    g_assert_cmpstr (s, ==, "text|0.10|12345678901234567890|-1.5E+3|true|false|∅|1|deep|"
                            "[1,\"two\",{\"x\":null}]|{}|é😀\n\"/");
  }
  g_assert_cmpuint (record->line, ==, 1);
  g_assert_cmpuint (record->number, ==, 1);
  g_assert_nonnull (record->raw);
  g_assert_true (g_str_has_prefix (record->raw, "{\"s\":\"text\""));
  g_assert_cmpuint (record->raw_len, ==, strlen (record->raw));

  /* Blank lines are skipped; missing members are null. */
  record = kh_reader_next (reader, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (record->line, ==, 4);
  g_assert_cmpuint (record->number, ==, 2);
  {
    g_autofree char *s = record_to_string (record);

    g_assert_cmpstr (s, ==, "second|∅|∅|∅|∅|∅|∅|∅|∅|∅|∅|∅");
  }
  g_assert_cmpstr (record->raw, ==, "{\"s\":\"second\"}");

  g_assert_null (kh_reader_next (reader, &error));
  g_assert_no_error (error);
}

static void
test_ndjson_bad_line (Fixture       *fixture,
                      gconstpointer  data)
{
  struct {
    const char *contents;
    const char *where;
    KhError     code;
  } cases[] = {
    { "{\"a\":1}\n{\"a\":2}\n{\"a\": tru}\n", "line 3, column 7:", KH_ERROR_PARSE },
    { "{\"a\":1}\n{\"a\":2,}\n", "line 2, column 8:", KH_ERROR_PARSE },
    { "{\"a\":1}\n[1,2]\n", "line 2, column 1:", KH_ERROR_PARSE },
    { "{\"a\":1} {\"a\":2}\n", "line 1, column 9:", KH_ERROR_PARSE },
    { "{\"a\":\"x\ty\"}\n", "line 1, column 8:", KH_ERROR_PARSE },
    { "{\"a\":\"\\ud800\"}\n", "line 1, column 7:", KH_ERROR_PARSE },
    { "{\"a\":\"\\u0000\"}\n", "line 1, column 7:", KH_ERROR_PARSE },
    { "{\"a\":01}\n", "line 1, column 6:", KH_ERROR_PARSE },
    { "{\"a\":1,\"a\":2}\n", "line 1, column 8:", KH_ERROR_PARSE },
    { "{\"a\":1,\"b\":{\"c\":1},\"b.c\":2}\n", "line 1, column 20:", KH_ERROR_PARSE },
    { "{\"a\":\"ok\"}\n{\"a\":\"b\xFF\"}\n", "line 2, column 8:", KH_ERROR_ENCODING },
    { "{\"a\":\"never closed}\n", "line 1, column 6:", KH_ERROR_PARSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = write_file (fixture, "bad.ndjson", cases[i].contents, -1);
      g_autoptr(GError) error = read_error (path, NULL);

      g_assert_error (error, KH_ERROR, cases[i].code);
      assert_message_contains (error, "bad.ndjson: ");
      assert_message_contains (error, cases[i].where);
    }
}

static void
test_columns_grow (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = write_file (fixture, "grow.jsonl",
                                      "{\"a\":1}\n{\"b\":2,\"a\":3}\n{\"c\":{\"d\":4}}\n", -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(KhReader) reader = kh_reader_open (path, NULL, &error);
  const KhRecord *record;
  guint n;

  g_assert_no_error (error);
  kh_reader_get_columns (reader, &n);
  g_assert_cmpuint (n, ==, 1);

  record = kh_reader_next (reader, &error);
  g_assert_cmpuint (record->n_cells, ==, 1);
  record = kh_reader_next (reader, &error);
  g_assert_cmpuint (record->n_cells, ==, 2);
  {
    g_autofree char *s = record_to_string (record);
    g_assert_cmpstr (s, ==, "3|2");
  }
  record = kh_reader_next (reader, &error);
  g_assert_cmpuint (record->n_cells, ==, 3);
  {
    g_autofree char *s = record_to_string (record);
    g_autofree char *columns = columns_to_string (reader);

    g_assert_cmpstr (s, ==, "∅|∅|4");
    g_assert_cmpstr (columns, ==, "a|b|c.d");
  }

  /* Discovered columns are capped, so memory cannot grow without end. */
  {
    g_autoptr(GString) lines = g_string_new (NULL);
    g_autofree char *many = NULL;
    g_autoptr(GError) many_error = NULL;

    /* 17 lines of 1000 new members each: member 16385 is on line 17. */
    for (guint i = 0; i < 17; i++)
      {
        for (guint j = 0; j < 1000; j++)
          g_string_append_printf (lines, "%s\"k%05u\":1", j == 0 ? "{" : ",", i * 1000 + j);
        g_string_append (lines, "}\n");
      }
    many = write_file (fixture, "many.ndjson", lines->str, lines->len);
    many_error = read_error (many, NULL);
    g_assert_error (many_error, KH_ERROR, KH_ERROR_PARSE);
    assert_message_contains (many_error, "line 17, column 4226:");
    assert_message_contains (many_error, "16384");
  }
}

static void
test_fixed_columns (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = write_file (fixture, "fixed.ndjson",
                                      "{\"a\":1,\"Address\":{\"City\":\"Walldorf\",\"Zip\":\"69190\"},\"x\":[]}\n"
                                      "{\"b\":\"B\"}\n", -1);
  const char * const columns[] = { "b", "Address.City", "missing", NULL };
  KhReaderOptions options = KH_READER_OPTIONS_INIT;
  g_autofree char *names = NULL;
  g_autoptr(GPtrArray) records = NULL;

  options.columns = columns;
  records = read_path (path, &options, &names);
  g_assert_cmpstr (names, ==, "b|Address.City|missing");
  g_assert_cmpuint (records->len, ==, 2);
  assert_record (records, 0, "∅|Walldorf|∅");
  assert_record (records, 1, "B|∅|∅");
}

static void
test_array (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *path = write_file (fixture, "a.json",
                                      "  [\n"
                                      "  {\"id\": 1,\n"
                                      "   \"name\": \"one\"},\n"
                                      "  {\"id\": 2, \"name\": \"two, [x]\"}\n"
                                      "]\n", -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(KhReader) reader = kh_reader_open (path, NULL, &error);
  const KhRecord *record;

  g_assert_no_error (error);
  g_assert_cmpint (kh_reader_get_format (reader), ==, KH_IO_FORMAT_JSON);

  record = kh_reader_next (reader, &error);
  g_assert_cmpuint (record->line, ==, 2);
  g_assert_cmpstr (record->raw, ==, "{\"id\": 1,\n   \"name\": \"one\"}");
  record = kh_reader_next (reader, &error);
  g_assert_cmpuint (record->line, ==, 4);
  {
    g_autofree char *s = record_to_string (record);
    g_assert_cmpstr (s, ==, "2|two, [x]");
  }
  g_assert_null (kh_reader_next (reader, &error));
  g_assert_no_error (error);
}

static void
test_document_errors (Fixture       *fixture,
                      gconstpointer  data)
{
  struct {
    const char *contents;
    const char *what;
    KhError     code;
  } cases[] = {
    /* A bad member inside a multi-line element: the line and column in the file. */
    { "[\n {\"a\": 1},\n {\"a\": 2,\n  \"b\": nope}\n]", "line 4, column 8:", KH_ERROR_PARSE },
    { "[{\"a\":1}] [", "line 1, column 11:", KH_ERROR_PARSE },
    { "[{\"a\":1}", "ends too early", KH_ERROR_PARSE },
    { "[{\"a\":1} {\"a\":2}]", "line 1, column 10:", KH_ERROR_PARSE },
    { "{\"foo\": [{\"a\":1}]}", "no array of records", KH_ERROR_PARSE },
    { "{\"d\": {\"__count\": \"1\"}}", "“results”", KH_ERROR_PARSE },
    { "{\"value\": 3}", "expected an array of records", KH_ERROR_PARSE },
    { "[1, 2]", "line 1, column 2:", KH_ERROR_PARSE },
    { "  \n\t ", "is empty", KH_ERROR_INPUT },
    { "\"text\"", "expected a JSON array", KH_ERROR_PARSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = write_file (fixture, "bad.json", cases[i].contents, -1);
      g_autoptr(GError) error = read_error (path, NULL);

      g_assert_error (error, KH_ERROR, cases[i].code);
      assert_message_contains (error, "bad.json");
      assert_message_contains (error, cases[i].what);
    }

  /* An empty array is no error: no records. */
  {
    g_autofree char *path = write_file (fixture, "empty.json", "[ ]\n", -1);
    g_autoptr(GPtrArray) records = read_path (path, NULL, NULL);

    g_assert_cmpuint (records->len, ==, 0);
  }
}

static void
test_deep_nesting (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GString) json = g_string_new ("{\"a\":");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (json, '[');
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (json, ']');
  g_string_append (json, "}\n");
  path = write_file (fixture, "deep.ndjson", json->str, json->len);

  error = read_error (path, NULL);
  g_assert_error (error, KH_ERROR, KH_ERROR_PARSE);
  assert_message_contains (error, "nested too deeply");
}

static void
test_envelopes (Fixture       *fixture,
                gconstpointer  data)
{
  struct {
    const char *name;
    const char *contents;
  } cases[] = {
    { "v2.json", "{\"d\":{\"__count\":\"2\",\"results\":[{\"ID\":\"1\"},{\"ID\":\"2\"}],"
                 "\"__next\":\"https://x/y?$skiptoken=2\"}}" },
    { "v2-plain.json", "{\"d\":[{\"ID\":\"1\"},{\"ID\":\"2\"}]}" },
    { "v4.json", "{\"@odata.context\":\"$metadata#Accounts\",\"value\":[{\"ID\":\"1\"},"
                 "{\"ID\":\"2\"}],\"@odata.nextLink\":\"https://x/y?$skip=2\"}\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = write_file (fixture, cases[i].name, cases[i].contents, -1);
      g_autofree char *columns = NULL;
      g_autoptr(GPtrArray) records = read_path (path, NULL, &columns);

      g_assert_cmpstr (columns, ==, "ID");
      g_assert_cmpuint (records->len, ==, 2);
      assert_record (records, 0, "1");
      assert_record (records, 1, "2");
    }

  /* Auto-detection from the content, without an extension. */
  {
    g_autofree char *path = write_file (fixture, "noext", cases[2].contents, -1);
    g_autoptr(GError) error = NULL;
    g_autoptr(KhReader) reader = kh_reader_open (path, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpint (kh_reader_get_format (reader), ==, KH_IO_FORMAT_JSON);
  }
  /* A .json file that holds NDJSON. */
  {
    g_autofree char *path = write_file (fixture, "lines.json", "{\"a\":1}\n{\"a\":2}\n", -1);
    g_autoptr(GError) error = NULL;
    g_autoptr(KhReader) reader = kh_reader_open (path, NULL, &error);
    g_autoptr(GPtrArray) records = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (kh_reader_get_format (reader), ==, KH_IO_FORMAT_NDJSON);
    records = read_all (reader, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (records->len, ==, 2);
  }
  {
    g_autofree char *path = write_file (fixture, "noext2", "{\"a\":1}\n{\"a\":2}\n", -1);
    g_autoptr(GError) error = NULL;
    g_autoptr(KhReader) reader = kh_reader_open (path, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpint (kh_reader_get_format (reader), ==, KH_IO_FORMAT_NDJSON);
  }
}

/* The flattened name and value of every member of an object, as an
 * independent parser (cJSON) sees them; OData bookkeeping left out. */
static void
flatten_cjson (const cJSON *object,
               const char  *prefix,
               GHashTable  *out)
{
  for (const cJSON *item = object->child; item != NULL; item = item->next)
    {
      g_autofree char *name = prefix != NULL ? g_strconcat (prefix, ".", item->string, NULL)
                                             : g_strdup (item->string);

      if (strcmp (item->string, "__metadata") == 0 || strcmp (item->string, "__deferred") == 0)
        continue;
      if (cJSON_IsObject (item))
        flatten_cjson (item, name, out);
      else if (cJSON_IsString (item))
        g_hash_table_insert (out, g_steal_pointer (&name), g_strdup (item->valuestring));
      else if (cJSON_IsNull (item))
        g_hash_table_insert (out, g_steal_pointer (&name), NULL);
      else if (cJSON_IsBool (item))
        g_hash_table_insert (out, g_steal_pointer (&name),
                             g_strdup (cJSON_IsTrue (item) ? "true" : "false"));
      else
        g_hash_table_insert (out, g_steal_pointer (&name), cJSON_PrintUnformatted (item));
    }
}

static void
check_odata_file (const char *file,
                  gboolean    envelope,
                  guint       expected_records)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "io", "data", file, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KhReader) reader = NULL;
  const cJSON *array;
  cJSON *doc;
  const KhRecord *record;
  guint i = 0;
  gsize len;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  doc = cJSON_ParseWithLength (contents, len);
  g_assert_nonnull (doc);
  array = envelope ? cJSON_GetObjectItem (cJSON_GetObjectItem (doc, "d"), "results") : doc;
  g_assert_true (cJSON_IsArray (array));
  g_assert_cmpint (cJSON_GetArraySize (array), ==, expected_records);

  reader = kh_reader_open (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kh_reader_get_format (reader), ==, KH_IO_FORMAT_JSON);

  while ((record = kh_reader_next (reader, &error)) != NULL)
    {
      g_autoptr(GHashTable) expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      const cJSON *object = cJSON_GetArrayItem (array, i);
      guint n_columns;
      const char * const *columns = kh_reader_get_columns (reader, &n_columns);
      guint matched = 0;

      flatten_cjson (object, NULL, expected);
      g_assert_cmpuint (record->number, ==, i + 1);
      g_assert_cmpuint (record->n_cells, ==, n_columns);

      for (guint c = 0; c < record->n_cells; c++)
        {
          gpointer value;

          g_assert_null (strstr (columns[c], "__metadata"));
          g_assert_null (strstr (columns[c], "__deferred"));
          if (!g_hash_table_lookup_extended (expected, columns[c], NULL, &value))
            {
              g_assert_cmpint (record->cells[c].type, ==, KH_VALUE_NULL);
              continue;
            }
          matched++;
          if (value == NULL)
            g_assert_cmpint (record->cells[c].type, ==, KH_VALUE_NULL);
          else
            g_assert_cmpstr (record->cells[c].str, ==, value);
        }
      /* Every member of the record has its column. */
      g_assert_cmpuint (matched, ==, g_hash_table_size (expected));

      /* The raw text is the element, as JSON. */
      {
        cJSON *raw = cJSON_ParseWithLength (record->raw, record->raw_len);

        g_assert_true (cJSON_Compare (raw, object, TRUE));
        cJSON_Delete (raw);
      }
      i++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (i, ==, expected_records);

  cJSON_Delete (doc);
}

static void
test_odata_v2_real (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "io", "data", "BusinessPartnerSet.json", NULL);
  g_autofree char *columns = NULL;
  g_autoptr(GPtrArray) records = NULL;

  /* SAP GWSAMPLE_BASIC, as the service sends it: a plain array ... */
  check_odata_file ("BusinessPartnerSet.json", FALSE, 9);
  /* ... and the {"d":{"results":[…]}} envelope. */
  check_odata_file ("ContactSet.json", TRUE, 10);

  /* A few values by name, as an analyst would see them. */
  records = read_path (path, NULL, &columns);
  g_assert_true (g_str_has_prefix (columns, "Address.City|Address.PostalCode|Address.Street|"
                                            "Address.Building|Address.Country|Address.AddressType|"
                                            "BusinessPartnerID|FullName|"));
  g_assert_null (strstr (columns, "ToSalesOrders"));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (records, 0),
                                   "Walldorf|69190|Dietmar-Hopp-Allee|16|DE|02|0100000000|Alain Chevalier|"));
  g_assert_nonnull (strstr (g_ptr_array_index (records, 0), "/Date(1414661031000)/"));
}

static void
test_streaming_large (Fixture       *fixture,
                      gconstpointer  data)
{
  const guint n = 5000;
  g_autoptr(GString) json = g_string_new ("{\"d\":{\"results\":[\n");
  g_autoptr(GString) ndjson = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *element =
        g_strdup_printf ("{\"__metadata\":{\"uri\":\"x(%u)\"},\"ID\":\"%u\",\"Name\":\"名前 \\\"%u\\\" ✓\","
                         "\"Amount\":%u.%02u,\"Nested\":{\"List\":[%u,{\"k\":\"v\"}]}}",
                         i, i, i, i, i % 100, i);

      g_string_append_printf (json, "%s  %s\n", i > 0 ? "," : "", element);
      g_string_append_printf (ndjson, "%s\n", element);
    }
  g_string_append (json, "]}}\n");

  for (guint f = 0; f < 4; f++)
    {
      GString *text = f % 2 == 0 ? json : ndjson;
      const char *name = f % 2 == 0 ? "big.json" : "big.ndjson";
      g_autofree char *path = write_file (fixture, name, text->str, text->len);
      g_autoptr(GInputStream) stream = io_trickle_stream_new (text->str, text->len);
      g_autoptr(GError) error = NULL;
      /* From a file, then from a stream of a few bytes at a time. */
      g_autoptr(KhReader) reader = f < 2 ? kh_reader_open (path, NULL, &error)
                                         : kh_reader_open_stream (stream, name, NULL, &error);
      g_autofree char *columns = columns_to_string (reader);
      const KhRecord *record;
      guint i = 0;

      g_assert_cmpstr (columns, ==, "ID|Name|Amount|Nested.List");
      while ((record = kh_reader_next (reader, &error)) != NULL)
        {
          g_autofree char *s = record_to_string (record);
          g_autofree char *expected = g_strdup_printf ("%u|名前 \"%u\" ✓|%u.%02u|[%u,{\"k\":\"v\"}]",
                                                       i, i, i, i % 100, i);

          g_assert_cmpstr (s, ==, expected);
          g_assert_cmpuint (record->line, ==, f % 2 == 0 ? i + 2 : i + 1);
          i++;
        }
      g_assert_no_error (error);
      g_assert_cmpuint (i, ==, n);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/io/json/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("ndjson-values", test_ndjson_values);
  ADD ("ndjson-bad-line", test_ndjson_bad_line);
  ADD ("columns-grow", test_columns_grow);
  ADD ("fixed-columns", test_fixed_columns);
  ADD ("array", test_array);
  ADD ("document-errors", test_document_errors);
  ADD ("deep-nesting", test_deep_nesting);
  ADD ("envelopes", test_envelopes);
  ADD ("odata-v2-real", test_odata_v2_real);
  ADD ("streaming-large", test_streaming_large);

  return g_test_run ();
}
