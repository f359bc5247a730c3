/* test-format-security.c: hostile and broken files are refused clearly
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "format-test-util.h"
#include "kh-error.h"
#include "kh-mapping-xml.h"

typedef struct
{
  const char *file;         /* in tests/format/data/bad/ */
  int         code;         /* the KhError code */
  guint       line;         /* of the first problem; 0: none */
  guint       column;       /* 0: not checked */
  const char *fragment;     /* in the first problem's message */
  const char *problem_code; /* the first problem's code */
} BadFile;

static const BadFile bad_files[] = {
  { "xxe.xml", KH_ERROR_PARSE, 2, 1, "document type declaration", "xml-doctype" },
  { "billion-laughs.xml", KH_ERROR_PARSE, 2, 1, "document type declaration", "xml-doctype" },
  { "external-dtd.xml", KH_ERROR_PARSE, 2, 1, "document type declaration", "xml-doctype" },
  { "parameter-entity.xml", KH_ERROR_PARSE, 2, 1, "document type declaration", "xml-doctype" },
  { "doctype.xml", KH_ERROR_PARSE, 2, 1, "document type declaration", "xml-doctype" },
  { "truncated.xml", KH_ERROR_PARSE, 5, 0, "not well-formed XML", "xml-syntax" },
  { "wrong-root.xml", KH_ERROR_INVALID_MAPPING, 2, 1, "the root element is <rules xmlns=\"urn:kakehashi:mapping:1\">", "not-a-mapping" },
  { "wrong-namespace.xml", KH_ERROR_INVALID_MAPPING, 2, 1, "http://example.com/other-mapping-tool", "not-a-mapping" },
  { "no-namespace.xml", KH_ERROR_INVALID_MAPPING, 2, 1, "the root element is <mapping>,", "not-a-mapping" },
  { "future-version.xml", KH_ERROR_UNSUPPORTED_VERSION, 2, 1,
    "uses mapping format 2; this version of Kakehashi reads format 1", "unsupported-version" },
  { "shift-jis.xml", KH_ERROR_ENCODING, 1, 21, "declares the encoding “Shift_JIS”", "encoding" },
  { "invalid-utf8.xml", KH_ERROR_ENCODING, 2, 51, "not valid UTF-8", "encoding" },
  { "utf16.xml", KH_ERROR_ENCODING, 0, 0, "not UTF-8", "encoding" },
  { "xinclude.xml", KH_ERROR_INVALID_MAPPING, 5, 3, "does not follow the mapping schema", "xml-schema" },
  { "schema-invalid.xml", KH_ERROR_INVALID_MAPPING, 6, 5, "'explode' is not an element of the set", "xml-schema" },
};

static void
assert_refused (GBytes      *bytes,
                const char  *name,
                int          code,
                guint        line,
                guint        column,
                const char  *fragment,
                const char  *problem_code)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KhMapping) mapping = NULL;
  KhProblem *first;

  /* Not even the lenient mode accepts these. */
  mapping = kh_mapping_load_bytes (bytes, name, KH_MAPPING_LOAD_KEEP_INVALID, &problems, &error);
  g_assert_null (mapping);
  g_assert_error (error, KH_ERROR, code);
  g_test_message ("%s", error->message);

  /* The message names the file and, when there is one, the place. */
  g_assert_true (g_str_has_prefix (error->message, name));
  g_assert_nonnull (strstr (error->message, fragment));
  if (line > 0 && column > 0)
    {
      g_autofree char *where = g_strdup_printf ("%s:%u:%u: ", name, line, column);
      g_assert_true (g_str_has_prefix (error->message, where));
    }
  else if (line > 0)
    {
      g_autofree char *where = g_strdup_printf ("%s:%u:", name, line);
      g_assert_true (g_str_has_prefix (error->message, where));
    }

  g_assert_nonnull (problems);
  g_assert_cmpuint (problems->len, >=, 1);
  first = problems->pdata[0];
  g_assert_cmpint (kh_problem_get_severity (first), ==, KH_PROBLEM_ERROR);
  g_assert_cmpstr (kh_problem_get_code (first), ==, problem_code);
  g_assert_cmpstr (kh_problem_get_file (first), ==, name);
  g_assert_cmpuint (kh_problem_get_line (first), ==, line);
  if (column > 0)
    g_assert_cmpuint (kh_problem_get_column (first), ==, column);
  g_assert_nonnull (strstr (kh_problem_get_message (first), fragment));
}

static void
test_bad_file (gconstpointer data)
{
  const BadFile *bad = data;
  g_autofree char *path = format_test_data_path ("bad", bad->file, NULL);
  g_autoptr(GBytes) bytes = format_test_read (path);

  assert_refused (bytes, bad->file, bad->code, bad->line, bad->column, bad->fragment, bad->problem_code);
}

/* The refusal happens before any entity is read: nothing of /etc/passwd
 * and no expansion ever reaches a message. */
static void
test_entities_never_expanded (void)
{
  const char *files[] = { "xxe.xml", "billion-laughs.xml", "parameter-entity.xml" };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = format_test_data_path ("bad", files[i], NULL);
      g_autoptr(GBytes) bytes = format_test_read (path);
      g_autoptr(GPtrArray) problems = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(KhMapping) mapping = NULL;

      mapping = kh_mapping_load_bytes (bytes, files[i], KH_MAPPING_LOAD_DEFAULT, &problems, &error);
      g_assert_null (mapping);
      /* Exactly one problem: the parser stopped at the DOCTYPE. */
      g_assert_cmpuint (problems->len, ==, 1);
      g_assert_null (strstr (error->message, "root:"));
      g_assert_null (strstr (error->message, "lollol"));
    }
}

static void
test_too_deep (void)
{
  g_autoptr(GString) text = g_string_new ("<mapping xmlns=\"urn:kakehashi:mapping:1\">\n");
  g_autoptr(GBytes) bytes = NULL;

  for (guint i = 0; i < 200; i++)
    g_string_append (text, "<description>");
  g_string_append (text, "deep");
  for (guint i = 0; i < 200; i++)
    g_string_append (text, "</description>");
  g_string_append (text, "\n</mapping>\n");
  bytes = g_string_free_to_bytes (g_steal_pointer (&text));

  /* 64 levels are allowed; the 65th element, counting the root (so the
   * 64th <description>), is refused. */
  assert_refused (bytes, "deep.xml", KH_ERROR_PARSE, 2, 1 + 63 * 13, "nested more than 64 deep", "xml-too-deep");
}

static void
test_too_large (void)
{
  gsize size = KH_MAPPING_XML_MAX_SIZE + 1;
  g_autoptr(GBytes) bytes = g_bytes_new_take (g_malloc0 (size), size);

  assert_refused (bytes, "huge.xml", KH_ERROR_INPUT, 0, 0, "mapping files are at most 64 MiB", "too-large");
}

static void
test_too_large_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kh-format-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "huge.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GBytes) bytes = NULL;
  FILE *stream;

  g_assert_no_error (error);
  /* A sparse file one byte over the limit. */
  stream = fopen (path, "wb");
  g_assert_nonnull (stream);
  g_assert_cmpint (fseek (stream, KH_MAPPING_XML_MAX_SIZE, SEEK_SET), ==, 0);
  g_assert_cmpint (fputc ('x', stream), ==, 'x');
  fclose (stream);

  bytes = kh_mapping_read_file (file, NULL, &error);
  g_assert_null (bytes);
  g_assert_error (error, KH_ERROR, KH_ERROR_INPUT);
  g_assert_nonnull (strstr (error->message, "huge.xml"));

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_empty_and_garbage (void)
{
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GBytes) garbage = g_bytes_new_static ("this is not XML\n", 16);
  g_autoptr(GBytes) nul = g_bytes_new_static ("<mapping\0/>", 11);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);

  assert_refused (empty, "empty.xml", KH_ERROR_PARSE, 1, 0, "not well-formed XML", "xml-syntax");
  assert_refused (garbage, "garbage.xml", KH_ERROR_PARSE, 1, 1, "not well-formed XML", "xml-syntax");
  assert_refused (nul, "nul.xml", KH_ERROR_ENCODING, 1, 9, "NUL byte", "encoding");

  /* Random bytes and random cuts of a real file: refused, never a crash. */
  for (guint i = 0; i < 200; i++)
    {
      gsize size = g_rand_int_range (rand, 1, 4096);
      guint8 *data = g_malloc (size);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(KhMapping) mapping = NULL;

      for (gsize j = 0; j < size; j++)
        data[j] = (guint8) g_rand_int_range (rand, 0, 256);
      bytes = g_bytes_new_take (data, size);
      mapping = kh_mapping_load_bytes (bytes, "random.bin", KH_MAPPING_LOAD_DEFAULT, NULL, &error);
      g_assert_null (mapping);
      g_assert_nonnull (error);
    }

  {
    g_autofree char *path = format_test_data_path ("semantic", "clean.xml", NULL);
    g_autoptr(GBytes) clean = format_test_read (path);
    gsize size;
    const char *data = g_bytes_get_data (clean, &size);

    for (gsize cut = 0; cut + 20 < size; cut += 37)
      {
        g_autoptr(GBytes) part = g_bytes_new (data, cut);
        g_autoptr(GError) error = NULL;
        g_autoptr(GPtrArray) problems = NULL;
        g_autoptr(KhMapping) mapping = NULL;

        mapping = kh_mapping_load_bytes (part, "cut.xml", KH_MAPPING_LOAD_DEFAULT, &problems, &error);
        g_assert_null (mapping);
        g_assert_error (error, KH_ERROR, KH_ERROR_PARSE);
        g_assert_true (g_str_has_prefix (error->message, "cut.xml:"));
      }
  }
}

/* Things that look dangerous but are harmless are accepted. */
static void
test_harmless_things_accepted (void)
{
  static const char text[] =
    "\xEF\xBB\xBF<?xml version=\"1.0\"?>\n"
    "<?some-pi data?>\n"
    "<!-- a comment -->\n"
    "<mapping xmlns=\"urn:kakehashi:mapping:1\"\n"
    "         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
    "         xsi:schemaLocation=\"urn:kakehashi:mapping:1 http://127.0.0.1:9/never-fetched.xsd\"\n"
    "         name=\"&lt;&amp;&#x41;&#65;\">\n"
    "  <source><entity name=\"A\"><field name=\"a\" type=\"string\"/></entity></source>\n"
    "  <target><entity name=\"B\"><field name=\"b\" type=\"string\"/></entity></target>\n"
    "  <rules><rule target=\"b\" on-error=\"reject\"><source field=\"a\"/>\n"
    "  <step id=\"bogus\"/></rule></rules>\n"
    "</mapping>\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, sizeof text - 1);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KhMapping) mapping = NULL;
  KhProblem *problem;

  mapping = kh_mapping_load_bytes (bytes, "bom.xml", KH_MAPPING_LOAD_KEEP_INVALID, &problems, &error);
  g_assert_no_error (error);
  g_assert_nonnull (mapping);
  g_assert_cmpstr (kh_mapping_get_name (mapping), ==, "<&AA");

  /* The one problem is placed right, after the BOM on line 1. */
  g_assert_cmpuint (problems->len, ==, 1);
  problem = problems->pdata[0];
  g_assert_cmpstr (kh_problem_get_code (problem), ==, "step-unknown");
  g_assert_cmpuint (kh_problem_get_line (problem), ==, 11);
  g_assert_cmpuint (kh_problem_get_column (problem), ==, 3);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (bad_files); i++)
    {
      g_autofree char *path = g_strdup_printf ("/format/security/refused/%s", bad_files[i].file);
      g_test_add_data_func (path, &bad_files[i], test_bad_file);
    }
  g_test_add_func ("/format/security/entities-never-expanded", test_entities_never_expanded);
  g_test_add_func ("/format/security/too-deep", test_too_deep);
  g_test_add_func ("/format/security/too-large", test_too_large);
  g_test_add_func ("/format/security/too-large-file", test_too_large_file);
  g_test_add_func ("/format/security/empty-and-garbage", test_empty_and_garbage);
  g_test_add_func ("/format/security/harmless-things-accepted", test_harmless_things_accepted);

  return g_test_run ();
}
