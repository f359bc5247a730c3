/* test-io-writer.c: the NDJSON, JSON and CSV writers on real files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "io-test-util.h"
#include "kh-writer-private.h"

#define V(s, t) { s, sizeof s - 1, KH_VALUE_##t }
#define N { NULL, 0, KH_VALUE_NULL }

static char *
contents_of (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static void
test_json_escape (void)
{
  g_autoptr(GString) out = g_string_new ("x");
  static const char input[] = "a\"b\\c\n\r\t\b\f\x01\x1f\x7f/日本😀";
  char buf[KH_JSON_ESCAPE_MAX (sizeof input)];
  gsize n;

  kh_json_append_string (out, input, sizeof input - 1);
  g_assert_cmpstr (out->str, ==, "x\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u0001\\u001f\x7f/日本😀\"");

  n = kh_json_escape (buf, "plain", 5);
  g_assert_cmpuint (n, ==, 5);
  g_assert_cmpmem (buf, n, "plain", 5);

  /* An embedded NUL (with an explicit length) is escaped, not a cut. */
  g_string_truncate (out, 0);
  kh_json_append_string (out, "a\0b", 3);
  g_assert_cmpstr (out->str, ==, "\"a\\u0000b\"");

  /* What it writes is JSON that an independent parser reads back. */
  {
    g_autoptr(GString) doc = g_string_new (NULL);
    cJSON *parsed;

    kh_json_append_string (doc, input, sizeof input - 1);
    parsed = cJSON_Parse (doc->str);
    g_assert_true (cJSON_IsString (parsed));
    g_assert_cmpstr (parsed->valuestring, ==, input);
    cJSON_Delete (parsed);
  }
}

/* A plain reference escaper, to check the fast one against. */
static char *
reference_escape (const char *str,
                  gsize       len)
{
  GString *out = g_string_new (NULL);

  for (gsize i = 0; i < len; i++)
    {
      guint8 c = str[i];

      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\r')
        g_string_append (out, "\\r");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c == '\b')
        g_string_append (out, "\\b");
      else if (c == '\f')
        g_string_append (out, "\\f");
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, c);
    }
  return g_string_free (out, FALSE);
}

/* Every special byte at every position of strings of every length up to
 * 50: the short ones, those of the 4- and 8-byte paths and those of the
 * 16-bytes-at-a-time path with its overlapping last block, between ASCII
 * and UTF-8 text; and the strings without any. */
static void
test_json_escape_positions (void)
{
  const char specials[] = { '"', '\\', '\n', '\r', '\t', '\b', '\f', '\x01', '\x1f', 0, ' ', '\x7f' };
  const char *fillers[] = { "abcdefghijklmnopqrstuvwxyz", "日本語のテキスト" };

  for (guint f = 0; f < G_N_ELEMENTS (fillers); f++)
    for (gsize len = 1; len <= 50; len++)
      for (gsize pos = 0; pos <= len; pos++)
        for (guint k = 0; k < G_N_ELEMENTS (specials); k++)
          {
            char input[64];
            char output[KH_JSON_ESCAPE_MAX (64)];
            g_autofree char *expected = NULL;
            gsize n;

            for (gsize i = 0; i < len; i++)
              input[i] = fillers[f][i % strlen (fillers[f])];
            if (pos < len)   /* pos == len: nothing to escape */
              input[pos] = specials[k];
            expected = reference_escape (input, len);
            n = kh_json_escape (output, input, len);
            g_assert_cmpmem (output, n, expected, strlen (expected));
          }
}

static const char * const names[] = { "id", "amount", "ok", "name", "when", "none", "\"quoted\" key" };
static const KhValueType types[] = {
  KH_VALUE_INTEGER, KH_VALUE_DECIMAL, KH_VALUE_BOOLEAN, KH_VALUE_STRING,
  KH_VALUE_DATE, KH_VALUE_STRING, KH_VALUE_STRING,
};

static void
test_ndjson (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "out.ndjson", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(KhWriter) writer = kh_writer_open (path, names, types, G_N_ELEMENTS (names), NULL, &error);
  KhValue row1[] = {
    V ("-42", INTEGER), V ("12345678901234567890.10", DECIMAL), V ("true", BOOLEAN),
    V ("Tab\tQuote\"Back\\slash\nNL \x01 株式会社 😀", STRING), V ("2024-02-29", DATE),
    N, V ("", STRING),
  };
  /* Text in canonical spelling in a typed column is written as that type. */
  KhValue row2[] = {
    V ("0", STRING), V ("0.1", STRING), V ("false", STRING), V ("1", INTEGER),
    N, N, N,
  };
  g_autofree char *contents = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (kh_writer_get_format (writer), ==, KH_IO_FORMAT_NDJSON);
  g_assert_true (kh_writer_write_record (writer, row1, &error));
  g_assert_true (kh_writer_write_record (writer, row2, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (kh_writer_get_n_records (writer), ==, 2);
  g_assert_true (kh_writer_commit (writer, &error));
  g_assert_no_error (error);

  contents = contents_of (path);
  g_assert_cmpstr (contents, ==,
                   "{\"id\":-42,\"amount\":12345678901234567890.10,\"ok\":true,"
                   "\"name\":\"Tab\\tQuote\\\"Back\\\\slash\\nNL \\u0001 株式会社 😀\",\"when\":\"2024-02-29\","
                   "\"none\":null,\"\\\"quoted\\\" key\":\"\"}\n"
                   "{\"id\":0,\"amount\":0.1,\"ok\":false,\"name\":\"1\",\"when\":null,"
                   "\"none\":null,\"\\\"quoted\\\" key\":null}\n");

  /* Each line is JSON to an independent parser, with the values intact. */
  {
    g_auto(GStrv) lines = g_strsplit (contents, "\n", -1);
    cJSON *first = cJSON_Parse (lines[0]);

    g_assert_nonnull (first);
    g_assert_cmpstr (cJSON_GetObjectItem (first, "name")->valuestring, ==, row1[3].str);
    g_assert_true (cJSON_IsNull (cJSON_GetObjectItem (first, "none")));
    g_assert_true (cJSON_IsTrue (cJSON_GetObjectItem (first, "ok")));
    cJSON_Delete (first);
  }

  /* And our reader reads back the exact digits. */
  {
    g_autoptr(GPtrArray) records = read_path (path, NULL, NULL);

    assert_record (records, 0, "-42|12345678901234567890.10|true|Tab\tQuote\"Back\\slash\nNL \x01 株式会社 😀|"
                               "2024-02-29|∅|");
  }
}

static void
test_bad_values (Fixture       *fixture,
                 gconstpointer  data)
{
  struct {
    KhValueType type;
    KhValue     value;
  } cases[] = {
    { KH_VALUE_INTEGER, V ("1,234", STRING) },
    { KH_VALUE_INTEGER, V ("1.5", DECIMAL) },
    { KH_VALUE_DECIMAL, V ("1e5", STRING) },
    { KH_VALUE_DECIMAL, V ("-", STRING) },
    { KH_VALUE_DECIMAL, V ("1.", STRING) },
    { KH_VALUE_BOOLEAN, V ("yes", STRING) },
    { KH_VALUE_INTEGER, V ("007", STRING) },
    { KH_VALUE_DECIMAL, V ("-01.5", STRING) },
    { KH_VALUE_INTEGER, V (" 1", STRING) },
  };
  const char *formats[] = { "x.ndjson", "x.csv", "x.json" };

  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autofree char *path = g_build_filename (fixture->dir, formats[f], NULL);
        const char *name = "v";
        g_autoptr(GError) error = NULL;
        g_autoptr(KhWriter) writer = kh_writer_open (path, &name, &cases[i].type, 1, NULL, &error);
        g_autofree char *listing = NULL;

        g_assert_no_error (error);
        g_assert_false (kh_writer_write_record (writer, &cases[i].value, &error));
        g_assert_error (error, KH_ERROR, KH_ERROR_OUTPUT);
        assert_message_contains (error, "record 1, column “v”");
        g_clear_pointer (&writer, kh_writer_free);
        listing = list_dir (fixture->dir);
        g_assert_cmpstr (listing, ==, "");
      }
}

static void
test_json_array (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "out.json", NULL);
  g_autofree char *empty_path = g_build_filename (fixture->dir, "empty.json", NULL);
  const char *cols[] = { "a", "b" };
  KhValueType col_types[] = { KH_VALUE_INTEGER, KH_VALUE_STRING };
  g_autoptr(GError) error = NULL;
  g_autoptr(KhWriter) writer = kh_writer_open (path, cols, col_types, 2, NULL, &error);
  g_autoptr(KhWriter) empty = kh_writer_open (empty_path, cols, col_types, 2, NULL, &error);
  g_autofree char *contents = NULL;
  cJSON *doc;

  g_assert_no_error (error);
  g_assert_cmpint (kh_writer_get_format (writer), ==, KH_IO_FORMAT_JSON);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *n = g_strdup_printf ("%u", i);
      KhValue row[] = { { n, strlen (n), KH_VALUE_INTEGER }, V ("x", STRING) };

      g_assert_true (kh_writer_write_record (writer, row, &error));
    }
  g_assert_true (kh_writer_commit (writer, &error));
  g_assert_true (kh_writer_commit (empty, &error));
  g_assert_no_error (error);

  contents = contents_of (path);
  g_assert_cmpstr (contents, ==, "[\n{\"a\":0,\"b\":\"x\"},\n{\"a\":1,\"b\":\"x\"},\n{\"a\":2,\"b\":\"x\"}\n]\n");
  doc = cJSON_Parse (contents);
  g_assert_cmpint (cJSON_GetArraySize (doc), ==, 3);
  cJSON_Delete (doc);

  g_free (contents);
  contents = contents_of (empty_path);
  g_assert_cmpstr (contents, ==, "[\n]\n");

  /* Our reader reads it back. */
  {
    g_autoptr(GPtrArray) records = read_path (path, NULL, NULL);

    g_assert_cmpuint (records->len, ==, 3);
    assert_record (records, 2, "2|x");
  }
}

static void
test_atomic (Fixture       *fixture,
             gconstpointer  data)
{
  const char *formats[] = { "out.ndjson", "out.csv", "out.json" };
  const char *cols[] = { "a" };
  KhValue row[] = { V ("new", STRING) };

  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      g_autofree char *path = g_build_filename (fixture->dir, formats[f], NULL);
      g_autoptr(GError) error = NULL;
      g_autofree char *listing = NULL;
      g_autofree char *tmp_name = NULL;
      g_autofree char *pattern = NULL;

      /* Abort: no file and no temporary file. */
      {
        g_autoptr(KhWriter) writer = kh_writer_open (path, cols, NULL, 1, NULL, &error);

        g_assert_no_error (error);
        for (guint i = 0; i < 100000; i++)  /* more than the buffer */
          g_assert_true (kh_writer_write_record (writer, row, &error));

        /* Written aside, beside the target, under a hidden name. */
        g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
        tmp_name = g_path_get_basename (kh_writer_get_temp_path (writer));
        pattern = g_strdup_printf (".%s.??????.partial", formats[f]);
        g_assert_true (g_pattern_match_simple (pattern, tmp_name));
        listing = list_dir (fixture->dir);
        g_assert_cmpstr (listing, ==, tmp_name);

        kh_writer_abort (writer);
        g_assert_null (kh_writer_get_temp_path (writer));
      }
      g_free (listing);
      listing = list_dir (fixture->dir);
      g_assert_cmpstr (listing, ==, "");

      /* Freed without commit: the same. */
      {
        g_autoptr(KhWriter) writer = kh_writer_open (path, cols, NULL, 1, NULL, &error);

        g_assert_true (kh_writer_write_record (writer, row, &error));
      }
      g_free (listing);
      listing = list_dir (fixture->dir);
      g_assert_cmpstr (listing, ==, "");

      /* An existing target is untouched until the commit, then replaced,
       * keeping its permissions. */
      {
        g_autofree char *old = write_file (fixture, formats[f], "old contents\n", -1);
        g_autoptr(KhWriter) writer = NULL;
        g_autofree char *contents = NULL;
        struct stat st;

        g_assert_cmpint (chmod (path, 0640), ==, 0);
        writer = kh_writer_open (path, cols, NULL, 1, NULL, &error);
        g_assert_no_error (error);
        g_assert_true (kh_writer_write_record (writer, row, &error));
        contents = contents_of (path);
        g_assert_cmpstr (contents, ==, "old contents\n");

        g_assert_true (kh_writer_commit (writer, &error));
        g_assert_no_error (error);
        g_free (contents);
        contents = contents_of (path);
        g_assert_true (strstr (contents, "new") != NULL);
        g_assert_cmpint (stat (path, &st), ==, 0);
        g_assert_cmpint (st.st_mode & 0777, ==, 0640);
        g_free (listing);
        listing = list_dir (fixture->dir);
        g_assert_cmpstr (listing, ==, formats[f]);
        g_unlink (path);
      }
    }
}

/* An output of more than 64 MiB, past the points where the sink starts
 * flushing to the disk early (while writing on): aborted in the middle
 * of it, nothing is left; committed, every record is there, in order. */
static void
test_large_output (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "large.ndjson", NULL);
  const char *cols[] = { "n", "text" };
  const KhValueType col_types[] = { KH_VALUE_INTEGER, KH_VALUE_STRING };
  g_autofree char *text = g_strnfill (1000, 'x');
  const guint n = 75000;   /* about 75 MB */
  g_autoptr(GError) error = NULL;
  g_autofree char *listing = NULL;

  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(KhWriter) writer = kh_writer_open (path, cols, col_types, 2, NULL, &error);

      g_assert_no_error (error);
      for (guint i = 0; i < n; i++)
        {
          char number[16];
          KhValue row[2] = { { number, 0, KH_VALUE_INTEGER }, { text, 1000, KH_VALUE_STRING } };

          row[0].len = (gsize) g_snprintf (number, sizeof number, "%u", i);
          if (!kh_writer_write_record (writer, row, &error))
            g_error ("record %u: %s", i, error->message);
        }

      if (round == 0)
        {
          kh_writer_abort (writer);
          listing = list_dir (fixture->dir);
          g_assert_cmpstr (listing, ==, "");
          g_clear_pointer (&listing, g_free);
        }
      else
        {
          g_autoptr(GMappedFile) file = NULL;
          const char *contents, *last;
          gsize size;

          g_assert_true (kh_writer_commit (writer, &error));
          g_assert_no_error (error);
          file = g_mapped_file_new (path, FALSE, &error);
          g_assert_no_error (error);
          contents = g_mapped_file_get_contents (file);
          size = g_mapped_file_get_length (file);
          /* {"n":i,"text":"x…"} and a newline per record */
          g_assert_cmpuint (size, ==, (gsize) n * (strlen ("{\"n\":,\"text\":\"\"}\n") + 1000) +
                                      10 + 90 * 2 + 900 * 3 + 9000 * 4 + (n - 10000) * 5);
          g_assert_true (g_str_has_prefix (contents, "{\"n\":0,\"text\":\"xxx"));
          last = g_strrstr_len (contents, (gssize) size - 1, "\n");
          g_assert_nonnull (last);
          g_assert_true (g_str_has_prefix (last + 1, "{\"n\":74999,\"text\":\"xxx"));
          listing = list_dir (fixture->dir);
          g_assert_cmpstr (listing, ==, "large.ndjson");
        }
    }
}

static void
test_unwritable (Fixture       *fixture,
                 gconstpointer  data)
{
  const char *cols[] = { "a" };
  g_autofree char *no_dir = g_build_filename (fixture->dir, "no-such-dir", "out.ndjson", NULL);
  g_autofree char *file = write_file (fixture, "file", "x", -1);
  g_autofree char *under_file = g_build_filename (file, "out.csv", NULL);
  g_autofree char *sub = g_build_filename (fixture->dir, "sub", NULL);
  g_autoptr(GError) error = NULL;
  KhWriter *writer;

  writer = kh_writer_open (no_dir, cols, NULL, 1, NULL, &error);
  g_assert_null (writer);
  g_assert_error (error, KH_ERROR, KH_ERROR_OUTPUT);
  assert_message_contains (error, "out.ndjson");
  assert_message_contains (error, "does not exist");
  g_clear_error (&error);

  writer = kh_writer_open (under_file, cols, NULL, 1, NULL, &error);
  g_assert_null (writer);
  g_assert_error (error, KH_ERROR, KH_ERROR_OUTPUT);
  assert_message_contains (error, "is not a folder");
  g_clear_error (&error);

  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  writer = kh_writer_open (sub, cols, NULL, 1, NULL, &error);
  g_assert_null (writer);
  g_assert_error (error, KH_ERROR, KH_ERROR_OUTPUT);
  assert_message_contains (error, "is a folder");
  g_clear_error (&error);

  /* A folder without write permission (root may write anywhere). */
  if (geteuid () != 0)
    {
      g_autofree char *in_sub = g_build_filename (sub, "out.csv", NULL);

      g_assert_cmpint (chmod (sub, 0555), ==, 0);
      writer = kh_writer_open (in_sub, cols, NULL, 1, NULL, &error);
      g_assert_null (writer);
      g_assert_error (error, KH_ERROR, KH_ERROR_OUTPUT);
      assert_message_contains (error, "out.csv");
      g_clear_error (&error);
      chmod (sub, 0755);
    }

  /* Duplicate column names are refused. */
  {
    const char *dup[] = { "a", "a" };
    g_autofree char *path = g_build_filename (fixture->dir, "d.csv", NULL);

    writer = kh_writer_open (path, dup, NULL, 2, NULL, &error);
    g_assert_null (writer);
    g_assert_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM);
  }
}

static void
test_csv (Fixture       *fixture,
          gconstpointer  data)
{
  const char *cols[] = { "id", "text", "amount", "count", "flag", "any" };
  KhValueType col_types[] = {
    KH_VALUE_STRING, KH_VALUE_STRING, KH_VALUE_DECIMAL, KH_VALUE_INTEGER, KH_VALUE_BOOLEAN, KH_VALUE_NULL,
  };
  KhValue rows[][6] = {
    { V ("1", STRING), V ("plain", STRING), V ("-12.5", DECIMAL), V ("-3", INTEGER), V ("true", BOOLEAN), V ("-7", INTEGER) },
    { V ("2", STRING), V ("a,b \"q\"\nline", STRING), V ("0.10", DECIMAL), V ("0", INTEGER), N, V ("=1", STRING) },
    { V ("=SUM(A1:A9)", STRING), V ("+81 3-1234", STRING), N, N, V ("false", BOOLEAN), N },
    { V ("-12.5", STRING), V ("@cmd", STRING), N, N, N, N },
    { V ("\tTab", STRING), V ("\rCR", STRING), N, N, N, V ("", STRING) },
  };
  g_autofree char *path = g_build_filename (fixture->dir, "out.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  {
    g_autoptr(KhWriter) writer = kh_writer_open (path, cols, col_types, 6, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpint (kh_writer_get_format (writer), ==, KH_IO_FORMAT_CSV);
    for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
      g_assert_true (kh_writer_write_record (writer, rows[i], &error));
    g_assert_true (kh_writer_commit (writer, &error));
    g_assert_no_error (error);
  }

  contents = contents_of (path);
  /* Numbers of numeric columns keep their minus; text that looks like a
   * formula gets a quote in front; null is an empty field, "" the empty
   * string. */
  g_assert_cmpstr (contents, ==,
                   "id,text,amount,count,flag,any\n"
                   "1,plain,-12.5,-3,true,-7\n"
                   "2,\"a,b \"\"q\"\"\nline\",0.10,0,,'=1\n"
                   "'=SUM(A1:A9),'+81 3-1234,,,false,\n"
                   "'-12.5,'@cmd,,,,\n"
                   "'\tTab,\"'\rCR\",,,,\"\"\n");

  /* Read back with our reader: the same fields. */
  {
    g_autoptr(GPtrArray) records = read_path (path, NULL, NULL);

    g_assert_cmpuint (records->len, ==, 5);
    assert_record (records, 1, "2|a,b \"q\"\nline|0.10|0||'=1");
    assert_record (records, 4, "'\tTab|'\rCR||||");
  }

  /* Neutralisation off; another delimiter; CRLF; no header. */
  {
    KhWriterOptions options = KH_WRITER_OPTIONS_INIT;
    g_autoptr(KhWriter) writer = NULL;

    options.keep_formulas = TRUE;
    options.delimiter = ";";
    options.crlf = TRUE;
    options.no_header = TRUE;
    writer = kh_writer_open (path, cols, col_types, 6, &options, &error);
    g_assert_no_error (error);
    g_assert_true (kh_writer_write_record (writer, rows[2], &error));
    g_assert_true (kh_writer_write_record (writer, rows[1], &error));
    g_assert_true (kh_writer_commit (writer, &error));
    g_free (contents);
    contents = contents_of (path);
    g_assert_cmpstr (contents, ==,
                     "=SUM(A1:A9);+81 3-1234;;;false;\r\n"
                     "2;\"a,b \"\"q\"\"\nline\";0.10;0;;=1\r\n");
  }

  /* A multi-byte delimiter. */
  {
    KhWriterOptions options = KH_WRITER_OPTIONS_INIT;
    g_autoptr(KhWriter) writer = NULL;
    KhValue row[] = { V ("a、b", STRING), V ("c", STRING) };

    options.delimiter = "、";
    writer = kh_writer_open (path, cols, NULL, 2, &options, &error);
    g_assert_true (kh_writer_write_record (writer, row, &error));
    g_assert_true (kh_writer_commit (writer, &error));
    g_free (contents);
    contents = contents_of (path);
    g_assert_cmpstr (contents, ==, "id、text\n\"a、b\"、c\n");
  }
}

/* Each byte that needs quotes, at each position of fields long enough for
 * the eight-bytes-at-a-time path: written quoted, read back the same. */
static void
test_csv_quote_positions (Fixture       *fixture,
                          gconstpointer  data)
{
  const char specials[] = { ';', '"', '\r', '\n' };
  g_autofree char *path = g_build_filename (fixture->dir, "q.csv", NULL);
  const char *cols[] = { "v" };
  KhWriterOptions options = KH_WRITER_OPTIONS_INIT;
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(KhWriter) writer = NULL;
  g_autoptr(GPtrArray) records = NULL;
  KhReaderOptions ropts = KH_READER_OPTIONS_INIT;

  options.delimiter = ";";
  options.keep_formulas = TRUE;  /* a leading CR would get a quote mark */
  writer = kh_writer_open (path, cols, NULL, 1, &options, &error);
  g_assert_no_error (error);
  for (gsize len = 1; len <= 20; len++)
    for (gsize pos = 0; pos < len; pos++)
      for (guint k = 0; k < G_N_ELEMENTS (specials); k++)
        {
          char *value = g_strnfill (len, 'x');
          KhValue cell = { value, len, KH_VALUE_STRING };

          value[pos] = specials[k];
          g_assert_true (kh_writer_write_record (writer, &cell, &error));
          g_ptr_array_add (expected, value);
        }
  g_assert_true (kh_writer_commit (writer, &error));
  g_assert_no_error (error);

  ropts.delimiter = ";";
  records = read_path (path, &ropts, NULL);
  g_assert_cmpuint (records->len, ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    g_assert_cmpstr (g_ptr_array_index (records, i), ==, g_ptr_array_index (expected, i));
}

static void
test_stdout (void)
{
  if (g_test_subprocess ())
    {
      const char *cols[] = { "a" };
      KhValue row[] = { V ("x", STRING) };
      g_autoptr(GError) error = NULL;
      g_autoptr(KhWriter) writer = kh_writer_open ("-", cols, NULL, 1, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpint (kh_writer_get_format (writer), ==, KH_IO_FORMAT_NDJSON);
      g_assert_null (kh_writer_get_temp_path (writer));
      g_assert_true (kh_writer_write_record (writer, row, &error));
      g_assert_true (kh_writer_commit (writer, &error));
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("{\"a\":\"x\"}\n");
}

/* The NDJSON writer's fast number check gives the general one's answer:
 * every string of up to 6 bytes over an alphabet of the bytes that matter
 * (sign, zero, digits, point, the bytes just outside '0'..'9', a letter, a
 * space, a byte above 0x7f, NUL), and numbers of 4 to 20 bytes with one or
 * two of those bytes put in at every position, as integers and decimals. */
static void
test_number_check (void)
{
  static const char alphabet[] = { '-', '0', '1', '5', '9', '.', '/', ':', 'e', ' ', (char) 0xC2, '\0' };
  const guint n_alpha = G_N_ELEMENTS (alphabet);
  char buf[32];
  guint n_valid = 0, n_checked = 0;

  for (guint len = 0; len <= 6; len++)
    {
      guint total = 1;

      for (guint i = 0; i < len; i++)
        total *= n_alpha;
      for (guint code = 0; code < total; code++)
        {
          guint c = code;

          for (guint i = 0; i < len; i++, c /= n_alpha)
            buf[i] = alphabet[c % n_alpha];
          buf[len] = '\0';
          for (int integer = 0; integer <= 1; integer++)
            {
              gboolean expected = _kh_writer_is_number (buf, len, integer);

              if (_kh_writer_is_number_fast (buf, len, integer) != expected)
                g_error ("“%.*s” (%u bytes, integer %d): expected %d", (int) len, buf, len, integer, expected);
              n_valid += expected;
              n_checked++;
            }
        }
    }

  for (guint len = 4; len <= 20; len++)
    for (guint lead = 0; lead < 3; lead++)
      for (guint a = 0; a < len; a++)
        for (guint b = 0; b <= len; b++)   /* b == len: one byte put in */
          for (guint x = 0; x < n_alpha; x++)
            for (guint y = 0; y < 3; y++)
              {
                static const char second[] = { '.', '-', '0' };

                for (guint i = 0; i < len; i++)
                  buf[i] = '1' + (char) (i % 9);
                buf[0] = lead == 0 ? '7' : lead == 1 ? '0' : '-';
                buf[a] = alphabet[x];
                if (b < len)
                  buf[b] = second[y];
                buf[len] = '\0';
                for (int integer = 0; integer <= 1; integer++)
                  {
                    gboolean expected = _kh_writer_is_number (buf, len, integer);

                    if (_kh_writer_is_number_fast (buf, len, integer) != expected)
                      g_error ("“%.*s” (%u bytes, integer %d): expected %d", (int) len, buf, len, integer, expected);
                    n_valid += expected;
                    n_checked++;
                  }
              }

  /* Both answers came up, many times. */
  g_assert_cmpuint (n_valid, >, 10000);
  g_assert_cmpuint (n_checked - n_valid, >, 10000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/io/writer/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/io/writer/json-escape", test_json_escape);
  g_test_add_func ("/io/writer/json-escape-positions", test_json_escape_positions);
  g_test_add_func ("/io/writer/number-check", test_number_check);
  ADD ("ndjson", test_ndjson);
  ADD ("bad-values", test_bad_values);
  ADD ("json-array", test_json_array);
  ADD ("atomic", test_atomic);
  ADD ("unwritable", test_unwritable);
  ADD ("csv", test_csv);
  ADD ("csv-quote-positions", test_csv_quote_positions);
  g_test_add_func ("/io/writer/stdout", test_stdout);
  ADD ("large-output", test_large_output);

  return g_test_run ();
}
