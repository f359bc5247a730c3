/* test-io-csv.c: the CSV reader on real files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <unistd.h>

#include <gio/gio.h>

#include "io-test-util.h"
#include "io-trickle-stream.h"

static void
test_basic (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *path = write_file (fixture, "basic.csv",
                                      "id,name,city\n"
                                      "1,Taro,Tokyo\n"
                                      "2,,Osaka\n", -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(KhReader) reader = kh_reader_open (path, NULL, &error);
  g_autofree char *columns = NULL;
  const KhRecord *record;
  guint64 done, total;

  g_assert_no_error (error);
  g_assert_cmpint (kh_reader_get_format (reader), ==, KH_IO_FORMAT_CSV);
  g_assert_cmpstr (kh_reader_get_encoding (reader), ==, "UTF-8");
  columns = columns_to_string (reader);
  g_assert_cmpstr (columns, ==, "id|name|city");

  record = kh_reader_next (reader, &error);
  g_assert_no_error (error);
  g_assert_nonnull (record);
  g_assert_cmpuint (record->line, ==, 2);
  g_assert_cmpuint (record->number, ==, 1);
  g_assert_null (record->raw);
  {
    g_autofree char *s = record_to_string (record);
    g_assert_cmpstr (s, ==, "1|Taro|Tokyo");
  }

  record = kh_reader_next (reader, &error);
  g_assert_nonnull (record);
  g_assert_cmpuint (record->line, ==, 3);
  g_assert_cmpuint (record->number, ==, 2);
  {
    g_autofree char *s = record_to_string (record);
    /* An empty field is the empty string, not null. */
    g_assert_cmpstr (s, ==, "2||Osaka");
    g_assert_cmpint (record->cells[1].type, ==, KH_VALUE_STRING);
  }

  g_assert_null (kh_reader_next (reader, &error));
  g_assert_no_error (error);
  g_assert_null (kh_reader_next (reader, &error));
  g_assert_no_error (error);

  kh_reader_get_progress (reader, &done, &total);
  g_assert_cmpuint (total, ==, strlen ("id,name,city\n1,Taro,Tokyo\n2,,Osaka\n"));
  g_assert_cmpuint (done, ==, total);
}

static void
test_line_endings (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *crlf = write_file (fixture, "crlf.csv", "a,b\r\n1,2\r\n3,4", -1);
  g_autofree char *cr = write_file (fixture, "cr.csv", "a,b\r1,2\r3,4\r", -1);
  g_autoptr(GPtrArray) records = read_path (crlf, NULL, NULL);
  g_autoptr(GPtrArray) records2 = read_path (cr, NULL, NULL);

  g_assert_cmpuint (records->len, ==, 2);
  assert_record (records, 0, "1|2");
  assert_record (records, 1, "3|4");
  g_assert_cmpuint (records2->len, ==, 2);
  assert_record (records2, 0, "1|2");
  assert_record (records2, 1, "3|4");
}

static void
test_delimiters (Fixture       *fixture,
                 gconstpointer  data)
{
  struct {
    const char *file;
    const char *delimiter;
    const char *contents;
  } cases[] = {
    { "semi.csv", ";", "a;b;c\n1,5;x;\"y;z\"\n" },
    { "tab.tsv", NULL, "a\tb\tc\n1,5\tx\t\"y\tz\"\n" },
    { "tab.csv", "\t", "a\tb\tc\n1,5\tx\t\"y\tz\"\n" },
    { "pipe.txt", "|", "a|b|c\n1,5|x|\"y|z\"\n" },
    { "ideo.csv", "、", "a、b、c\n1,5、x、\"y、z\"\n" },
    { "fullwidth.csv", "；", "a；b；c\n1,5；x；\"y；z\"\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = write_file (fixture, cases[i].file, cases[i].contents, -1);
      KhReaderOptions options = KH_READER_OPTIONS_INIT;
      g_autofree char *columns = NULL;
      g_autoptr(GPtrArray) records = NULL;
      g_autofree char *expected = g_strdup_printf ("1,5|x|y%sz",
                                                   cases[i].delimiter ? cases[i].delimiter : "\t");

      options.delimiter = cases[i].delimiter;
      options.format = KH_IO_FORMAT_CSV;
      records = read_path (path, &options, &columns);
      g_assert_cmpstr (columns, ==, "a|b|c");
      g_assert_cmpuint (records->len, ==, 1);
      assert_record (records, 0, expected);
    }
}

static void
test_quotes (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *path = write_file (fixture, "quotes.csv",
                                      "id,text,n\n"
                                      "1,\"say \"\"hi\"\", ok\",x\n"
                                      "2,\"two\nlines\r\nand three\",y\n"
                                      "3,\"\",\"\"\"\"\n"
                                      "4,\"cr\ronly\",z\n", -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(KhReader) reader = kh_reader_open (path, NULL, &error);
  const KhRecord *record;
  guint64 lines[] = { 2, 3, 6, 7 };
  const char *expected[] = {
    "1|say \"hi\", ok|x",
    "2|two\nlines\r\nand three|y",
    "3||\"",
    "4|cr\ronly|z",
  };
  guint i = 0;

  g_assert_no_error (error);
  while ((record = kh_reader_next (reader, &error)) != NULL)
    {
      g_autofree char *s = record_to_string (record);

      g_assert_cmpuint (i, <, G_N_ELEMENTS (expected));
      g_assert_cmpstr (s, ==, expected[i]);
      /* A record with quoted newlines reports the line it starts on. */
      g_assert_cmpuint (record->line, ==, lines[i]);
      i++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (i, ==, 4);
}

static void
test_custom_quote (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = write_file (fixture, "q.csv",
                                      "a,b\n'x,y','it''s'\n\"1,\"2\n", -1);
  KhReaderOptions options = KH_READER_OPTIONS_INIT;
  g_autoptr(GPtrArray) records = NULL;

  options.quote = "'";
  records = read_path (path, &options, NULL);
  g_assert_cmpuint (records->len, ==, 2);
  assert_record (records, 0, "x,y|it's");
  assert_record (records, 1, "\"1|\"2");

  /* Quoting off: quotes are plain text. */
  g_clear_pointer (&records, g_ptr_array_unref);
  g_free (path);
  path = write_file (fixture, "noq.csv", "a,b\n\"x,y\"\n", -1);
  options.quote = "";
  records = read_path (path, &options, NULL);
  assert_record (records, 0, "\"x|y\"");
}

static void
test_bom (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *path = write_file (fixture, "bom.csv",
                                      "\xEF\xBB\xBFid,名前\n1,山田\n", -1);
  g_autofree char *columns = NULL;
  g_autoptr(GPtrArray) records = read_path (path, NULL, &columns);

  /* The BOM is not part of the first column's name. */
  g_assert_cmpstr (columns, ==, "id|名前");
  assert_record (records, 0, "1|山田");
}

static void
test_cp932 (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "io", "data", "cp932.csv", NULL);
  const char *encodings[] = { "cp932", "shift_jis", "Shift-JIS", "auto", "windows-31j" };

  for (guint i = 0; i < G_N_ELEMENTS (encodings); i++)
    {
      KhReaderOptions options = KH_READER_OPTIONS_INIT;
      g_autoptr(GError) error = NULL;
      g_autoptr(KhReader) reader = NULL;
      g_autoptr(GPtrArray) records = NULL;
      g_autofree char *columns = NULL;

      options.encoding = encodings[i];
      reader = kh_reader_open (path, &options, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (kh_reader_get_encoding (reader), ==, "CP932");
      columns = columns_to_string (reader);
      g_assert_cmpstr (columns, ==, "取引先コード|会社名|カナ名|住所");
      records = read_all (reader, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (records->len, ==, 3);
      assert_record (records, 0, "0001|株式会社山田商事|ﾔﾏﾀﾞｼｮｳｼﾞ|東京都千代田区１－２－３");
      assert_record (records, 1, "0002|有限会社\"鈴木\"表ソフト|ｽｽﾞｷ|大阪府\r\n大阪市");
      assert_record (records, 2, "0003|ポイント①|ﾃｽﾄ|〒100-0001 ～");
    }

  /* Read as UTF-8, it is invalid UTF-8 on line 1. */
  {
    g_autoptr(GError) error = read_error (path, NULL);

    g_assert_error (error, KH_ERROR, KH_ERROR_ENCODING);
    assert_message_contains (error, "cp932.csv: line 1, column 1:");
  }
}

/* A CP932 input much larger than the reader's head, read from a stream of
 * a few bytes at a time: the decoder meets characters cut between reads. */
static void
test_cp932_streaming (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GString) utf8 = g_string_new ("コード,名前,カナ\r\n");
  g_autofree char *cp932 = NULL;
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  const guint n = 5000;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (utf8, "%u,\"株式会社表ソフト%u\",ﾃｽﾄﾎﾟｲﾝﾄ①\r\n", i, i);
  cp932 = g_convert (utf8->str, utf8->len, "CP932", "UTF-8", NULL, &len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (len, >, 128 * 1024);

  for (guint f = 0; f < 2; f++)
    {
      g_autofree char *path = write_file (fixture, "big932.csv", cp932, len);
      g_autoptr(GInputStream) stream = io_trickle_stream_new (cp932, len);
      KhReaderOptions options = KH_READER_OPTIONS_INIT;
      g_autoptr(KhReader) reader = NULL;
      const KhRecord *record;
      guint i = 0;

      options.encoding = f == 0 ? "auto" : "shift_jis";
      reader = f == 0 ? kh_reader_open (path, &options, &error)
                      : kh_reader_open_stream (stream, "big932.csv", &options, &error);
      g_assert_no_error (error);
      while ((record = kh_reader_next (reader, &error)) != NULL)
        {
          g_autofree char *s = record_to_string (record);
          g_autofree char *expected = g_strdup_printf ("%u|株式会社表ソフト%u|ﾃｽﾄﾎﾟｲﾝﾄ①", i, i);

          g_assert_cmpstr (s, ==, expected);
          i++;
        }
      g_assert_no_error (error);
      g_assert_cmpuint (i, ==, n);
    }
}

static void
test_encoding_errors (Fixture       *fixture,
                      gconstpointer  data)
{
  /* A byte CP932 cannot decode (0xA0 is unassigned), on line 3. */
  g_autofree char *path = write_file (fixture, "bad932.csv", "a,b\n1,2\n3,\xA0x\n", -1);
  KhReaderOptions options = KH_READER_OPTIONS_INIT;
  g_autoptr(GError) error = NULL;

  options.encoding = "cp932";
  error = read_error (path, &options);
  g_assert_error (error, KH_ERROR, KH_ERROR_ENCODING);
  assert_message_contains (error, "bad932.csv: line 3:");
  assert_message_contains (error, "0xA0");
  assert_message_contains (error, "byte offset 10");
  g_clear_error (&error);

  options.encoding = "no-such-encoding";
  error = read_error (path, &options);
  g_assert_error (error, KH_ERROR, KH_ERROR_ENCODING);
  assert_message_contains (error, "no-such-encoding");
}

static void
test_utf16 (Fixture       *fixture,
            gconstpointer  data)
{
  /* "a,b\n1,é\n" in UTF-16LE with a BOM */
  static const char bytes[] = "\xFF\xFE" "a\0,\0b\0\n\0" "1\0,\0\xE9\0\n\0";
  g_autofree char *path = write_file (fixture, "utf16.csv", bytes, sizeof bytes - 1);
  KhReaderOptions options = KH_READER_OPTIONS_INIT;
  g_autofree char *columns = NULL;
  g_autoptr(GPtrArray) records = NULL;

  options.encoding = "auto";
  records = read_path (path, &options, &columns);
  g_assert_cmpstr (columns, ==, "a|b");
  assert_record (records, 0, "1|é");
}

static void
test_invalid_utf8 (Fixture       *fixture,
                   gconstpointer  data)
{
  struct {
    const char *contents;
    const char *where;
  } cases[] = {
    { "a,b\n1,2\nxy,ab\xFF\n", "line 3, column 6:" },
    { "a,b\n1,\"q\nab\xC3(\"\n", "line 3, column 3:" },     /* in a quoted field */
    { "a,b\n\xED\xA0\x80,2\n", "line 2, column 1:" },       /* a surrogate */
    { "a,b\n\xC0\xAF,2\n", "line 2, column 1:" },           /* overlong */
    { "a,b\n1,ab\xE3\x81", "line 2, column 5:" },           /* cut at the end */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = write_file (fixture, "bad.csv", cases[i].contents, -1);
      g_autoptr(GError) error = read_error (path, NULL);

      g_assert_error (error, KH_ERROR, KH_ERROR_ENCODING);
      assert_message_contains (error, cases[i].where);
      assert_message_contains (error, "bad.csv");
    }
}

static void
test_no_header (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = write_file (fixture, "nohdr.csv", "1,a\n2,b\n", -1);
  KhReaderOptions options = KH_READER_OPTIONS_INIT;
  g_autoptr(GError) error = NULL;
  g_autoptr(KhReader) reader = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autofree char *columns = NULL;
  const KhRecord *record;

  options.no_header = TRUE;
  reader = kh_reader_open (path, &options, &error);
  g_assert_no_error (error);
  columns = columns_to_string (reader);
  g_assert_cmpstr (columns, ==, "column1|column2");

  record = kh_reader_next (reader, &error);
  g_assert_nonnull (record);
  g_assert_cmpuint (record->line, ==, 1);
  g_assert_cmpuint (record->number, ==, 1);
  records = read_all (reader, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
  assert_record (records, 0, "2|b");
}

typedef struct
{
  GPtrArray *fields;    /* the records reported, as text */
  GPtrArray *messages;
  GArray    *lines;
} Issues;

static void
collect_issue (const KhRecord *record,
               const GError   *issue,
               gpointer        user_data)
{
  Issues *issues = user_data;

  g_assert_error (issue, KH_ERROR, KH_ERROR_PARSE);
  g_ptr_array_add (issues->fields, record_to_string (record));
  g_ptr_array_add (issues->messages, g_strdup (issue->message));
  g_array_append_val (issues->lines, record->line);
}

static void
test_ragged (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *path = write_file (fixture, "ragged.csv",
                                      "a,b,c\n"
                                      "1,2,3\n"
                                      "4,5\n"
                                      "6,7,8,9\n"
                                      "10,11,12\n", -1);
  KhReaderOptions options = KH_READER_OPTIONS_INIT;
  Issues issues;

  /* Error (the default): names the line. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(KhReader) reader = kh_reader_open (path, &options, &error);
    g_autoptr(GPtrArray) records = read_all (reader, &error);

    g_assert_error (error, KH_ERROR, KH_ERROR_PARSE);
    assert_message_contains (error, "ragged.csv: line 3:");
    assert_message_contains (error, "expected 3 fields but found 2");
    g_assert_cmpuint (records->len, ==, 1);

    /* The reader keeps returning the error. */
    g_clear_error (&error);
    g_assert_null (kh_reader_next (reader, &error));
    g_assert_error (error, KH_ERROR, KH_ERROR_PARSE);
  }

  /* Pad: short rows get nulls, long rows lose their extra fields; both are
   * reported with all their fields. */
  issues.fields = g_ptr_array_new_with_free_func (g_free);
  issues.messages = g_ptr_array_new_with_free_func (g_free);
  issues.lines = g_array_new (FALSE, FALSE, sizeof (guint64));
  options.ragged = KH_RAGGED_PAD;
  options.issue_func = collect_issue;
  options.issue_data = &issues;
  {
    g_autoptr(GPtrArray) records = read_path (path, &options, NULL);

    g_assert_cmpuint (records->len, ==, 4);
    assert_record (records, 0, "1|2|3");
    assert_record (records, 1, "4|5|∅");
    assert_record (records, 2, "6|7|8");
    assert_record (records, 3, "10|11|12");
    g_assert_cmpuint (issues.fields->len, ==, 2);
    assert_record (issues.fields, 0, "4|5");
    assert_record (issues.fields, 1, "6|7|8|9");
    g_assert_cmpuint (g_array_index (issues.lines, guint64, 0), ==, 3);
    g_assert_cmpuint (g_array_index (issues.lines, guint64, 1), ==, 4);
    g_assert_nonnull (strstr (g_ptr_array_index (issues.messages, 0), "line 3"));
    g_assert_nonnull (strstr (g_ptr_array_index (issues.messages, 1), "line 4"));
  }

  /* Skip: the rows are left out, reported and counted; record numbers
   * still count them. */
  g_ptr_array_set_size (issues.fields, 0);
  g_ptr_array_set_size (issues.messages, 0);
  g_array_set_size (issues.lines, 0);
  options.ragged = KH_RAGGED_SKIP;
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(KhReader) reader = kh_reader_open (path, &options, &error);
    const KhRecord *record;
    guint64 numbers[2];
    guint n = 0;

    g_assert_no_error (error);
    while ((record = kh_reader_next (reader, &error)) != NULL)
      numbers[n++] = record->number;
    g_assert_no_error (error);
    g_assert_cmpuint (n, ==, 2);
    g_assert_cmpuint (numbers[0], ==, 1);
    g_assert_cmpuint (numbers[1], ==, 4);
    g_assert_cmpuint (kh_reader_get_n_skipped (reader), ==, 2);
    g_assert_cmpuint (issues.fields->len, ==, 2);
    assert_record (issues.fields, 0, "4|5");
    assert_record (issues.fields, 1, "6|7|8|9");
  }

  g_ptr_array_unref (issues.fields);
  g_ptr_array_unref (issues.messages);
  g_array_unref (issues.lines);
}

static void
test_trailing_delimiter_header (Fixture       *fixture,
                                gconstpointer  data)
{
  /* As SAP's mock exports: a trailing ';' on the header only. */
  g_autofree char *path = write_file (fixture, "sap.csv",
                                      "BusinessPartner;FirstName;LastName;\n"
                                      "1004155;Daniel;Watts\n"
                                      "1004161;Stormy;Weathers;\n", -1);
  KhReaderOptions options = KH_READER_OPTIONS_INIT;
  g_autofree char *columns = NULL;
  g_autoptr(GPtrArray) records = NULL;

  options.delimiter = ";";
  records = read_path (path, &options, &columns);
  g_assert_cmpstr (columns, ==, "BusinessPartner|FirstName|LastName");
  assert_record (records, 0, "1004155|Daniel|Watts");
  assert_record (records, 1, "1004161|Stormy|Weathers");
}

static void
test_real_sap_export (Fixture       *fixture,
                      gconstpointer  data)
{
  const char *shared = g_getenv ("KAKEHASHI_SHARED");
  g_autofree char *path = NULL;
  KhReaderOptions options = KH_READER_OPTIONS_INIT;
  g_autofree char *columns = NULL;
  g_autoptr(GPtrArray) records = NULL;

  if (shared == NULL)
    {
      g_test_skip ("KAKEHASHI_SHARED is not set");
      return;
    }
  path = g_build_filename (shared, "realdata", "sap-api-business-partner",
                           "API_BUSINESS_PARTNER-A_BusinessPartner.csv", NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("the SAP mock export is not there");
      return;
    }

  options.delimiter = ";";
  records = read_path (path, &options, &columns);
  g_assert_cmpstr (columns, ==, "BusinessPartner|FirstName|LastName|BusinessPartnerName|BusinessPartnerIsBlocked");
  g_assert_cmpuint (records->len, >, 2);
  assert_record (records, 0, "1004155|Daniel|Watts|Daniel Watts|false");
  /* The last row has no newline. */
  g_assert_true (g_str_has_suffix (g_ptr_array_index (records, records->len - 1), "|true") ||
                 g_str_has_suffix (g_ptr_array_index (records, records->len - 1), "|false"));
}

static void
test_malformed (Fixture       *fixture,
                gconstpointer  data)
{
  struct {
    const char *contents;
    const char *where;
    const char *what;
  } cases[] = {
    { "a,b\n1,2\nab\"c,3\n", "line 3, column 3:", "quote inside an unquoted field" },
    { "a,b\n1,\"x\"y\n", "line 2, column 6:", "after the closing quote" },
    { "a,b\n1,2\n3,\"open\nstill open\n", "line 3, column 3:", "not closed" },
    { "a,b\n1,x\0y\n", "line 2, column 4:", "NUL" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gsize len = strlen (cases[i].contents);
      g_autofree char *path = NULL;
      g_autoptr(GError) error = NULL;

      if (i == 3)
        len = 11;
      path = write_file (fixture, "bad.csv", cases[i].contents, len);
      error = read_error (path, NULL);
      g_assert_error (error, KH_ERROR, KH_ERROR_PARSE);
      assert_message_contains (error, "bad.csv");
      assert_message_contains (error, cases[i].where);
      assert_message_contains (error, cases[i].what);
    }
}

static void
test_duplicate_header (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *path = write_file (fixture, "dup.csv", "a,b,a\n1,2,3\n", -1);
  g_autoptr(GError) error = read_error (path, NULL);

  g_assert_error (error, KH_ERROR, KH_ERROR_PARSE);
  assert_message_contains (error, "“a” twice (columns 1 and 3)");

  /* An empty name in the middle becomes columnN. */
  {
    g_autofree char *path2 = write_file (fixture, "empty.csv", "a,,c\n1,2,3\n", -1);
    g_autofree char *columns = NULL;
    g_autoptr(GPtrArray) records = read_path (path2, NULL, &columns);

    g_assert_cmpstr (columns, ==, "a|column2|c");
  }
}

static void
test_huge_field (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "huge.csv", NULL);
  const gsize size = 100 * 1024 * 1024;
  g_autofree char *chunk = g_malloc (1024 * 1024);
  const gboolean quoted[] = { TRUE, FALSE };

  memset (chunk, 'x', 1024 * 1024);

  for (guint q = 0; q < G_N_ELEMENTS (quoted); q++)
    {
      FILE *f = fopen (path, "wb");
      g_autoptr(GError) error = NULL;

      g_assert_nonnull (f);
      fputs ("id,blob\n1,small\n2,", f);
      if (quoted[q])
        fputc ('"', f);
      for (gsize done = 0; done < size; done += 1024 * 1024)
        g_assert_cmpuint (fwrite (chunk, 1, 1024 * 1024, f), ==, 1024 * 1024);
      if (quoted[q])
        fputc ('"', f);
      fputs ("\n3,after\n", f);
      fclose (f);

      error = read_error (path, NULL);
      g_assert_error (error, KH_ERROR, KH_ERROR_PARSE);
      assert_message_contains (error, "huge.csv: line 3");
      /* g_format_size() puts a no-break space before the unit. */
      assert_message_contains (error, "larger than the limit of 16.0");
      assert_message_contains (error, "MiB");
      if (quoted[q])
        assert_message_contains (error, "line 3, column 3:");
    }

  /* A smaller limit applies as given. */
  {
    g_autofree char *small = write_file (fixture, "small.csv", "a\n12345\n1234567\n", -1);
    KhReaderOptions options = KH_READER_OPTIONS_INIT;
    g_autoptr(GError) error = NULL;

    options.max_field_size = 6;
    error = read_error (small, &options);
    g_assert_error (error, KH_ERROR, KH_ERROR_PARSE);
    assert_message_contains (error, "line 3:");
  }
}

static void
test_empty_and_missing (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *empty = write_file (fixture, "empty.csv", "", 0);
  g_autofree char *blank = write_file (fixture, "blank.csv", "\n\n", -1);
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.csv", NULL);
  g_autofree char *header_only = write_file (fixture, "header.csv", "a,b\n", -1);
  g_autoptr(GError) error = NULL;

  error = read_error (empty, NULL);
  g_assert_error (error, KH_ERROR, KH_ERROR_INPUT);
  assert_message_contains (error, "empty.csv");
  assert_message_contains (error, "is empty");
  g_clear_error (&error);

  error = read_error (blank, NULL);
  g_assert_error (error, KH_ERROR, KH_ERROR_INPUT);
  assert_message_contains (error, "blank.csv");
  assert_message_contains (error, "no header line");
  g_clear_error (&error);

  error = read_error (missing, NULL);
  g_assert_error (error, KH_ERROR, KH_ERROR_INPUT);
  assert_message_contains (error, "missing.csv");
  assert_message_contains (error, "does not exist");
  g_clear_error (&error);

  error = read_error (fixture->dir, NULL);
  g_assert_error (error, KH_ERROR, KH_ERROR_INPUT);
  assert_message_contains (error, "directory");

  {
    g_autofree char *columns = NULL;
    g_autoptr(GPtrArray) records = read_path (header_only, NULL, &columns);

    g_assert_cmpstr (columns, ==, "a|b");
    g_assert_cmpuint (records->len, ==, 0);
  }
}

static void
test_empty_lines (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *path = write_file (fixture, "gaps.csv", "a\n1\n\n\r\n2\n\n", -1);
  KhReaderOptions options = KH_READER_OPTIONS_INIT;
  g_autoptr(GError) error = NULL;
  g_autoptr(KhReader) reader = kh_reader_open (path, &options, &error);
  const KhRecord *record;

  /* Skipped by default; line numbers still count them. */
  record = kh_reader_next (reader, &error);
  g_assert_cmpuint (record->line, ==, 2);
  record = kh_reader_next (reader, &error);
  g_assert_nonnull (record);
  g_assert_cmpstr (record->cells[0].str, ==, "2");
  g_assert_cmpuint (record->line, ==, 5);
  g_assert_null (kh_reader_next (reader, &error));
  g_assert_no_error (error);

  options.keep_empty_lines = TRUE;
  {
    g_autoptr(GPtrArray) records = read_path (path, &options, NULL);

    g_assert_cmpuint (records->len, ==, 5);
    assert_record (records, 0, "1");
    assert_record (records, 1, "");
    assert_record (records, 2, "");
    assert_record (records, 3, "2");
    assert_record (records, 4, "");
  }
}

static void
test_bad_options (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *path = write_file (fixture, "x.csv", "a,b\n", -1);
  const char *delimiters[] = { "ab", "\n", "" };

  for (guint i = 0; i < G_N_ELEMENTS (delimiters); i++)
    {
      KhReaderOptions options = KH_READER_OPTIONS_INIT;
      g_autoptr(GError) error = NULL;

      options.delimiter = delimiters[i];
      error = read_error (path, &options);
      g_assert_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM);
    }

  {
    KhReaderOptions options = KH_READER_OPTIONS_INIT;
    g_autoptr(GError) error = NULL;

    options.quote = ",";
    error = read_error (path, &options);
    g_assert_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM);
  }
}

static void
test_stream_and_sniffing (Fixture       *fixture,
                          gconstpointer  data)
{
  static const char csv[] = "a,b\n1,2\n";
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (csv, -1, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(KhReader) reader = kh_reader_open_stream (stream, "input", NULL, &error);
  g_autoptr(GPtrArray) records = NULL;
  g_autofree char *noext = write_file (fixture, "export", csv, -1);

  g_assert_no_error (error);
  g_assert_cmpint (kh_reader_get_format (reader), ==, KH_IO_FORMAT_CSV);
  g_assert_cmpstr (kh_reader_get_name (reader), ==, "input");
  records = read_all (reader, &error);
  g_assert_no_error (error);
  assert_record (records, 0, "1|2");

  g_clear_pointer (&records, g_ptr_array_unref);
  records = read_path (noext, NULL, NULL);
  assert_record (records, 0, "1|2");

  /* A cancelled read stops with KH_ERROR_CANCELLED. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    KhReaderOptions options = KH_READER_OPTIONS_INIT;
    g_autoptr(GError) cancelled = NULL;

    g_cancellable_cancel (cancellable);
    options.cancellable = cancellable;
    cancelled = read_error (noext, &options);
    g_assert_error (cancelled, KH_ERROR, KH_ERROR_CANCELLED);
  }
}

static void
test_stdin (Fixture       *fixture,
            gconstpointer  data)
{
  static const char csv[] = "a;b\n1;2\n";
  KhReaderOptions options = KH_READER_OPTIONS_INIT;
  g_autoptr(GError) error = NULL;
  g_autoptr(KhReader) reader = NULL;
  g_autoptr(GPtrArray) records = NULL;
  guint64 done, total;
  int saved_stdin = dup (STDIN_FILENO);
  int fds[2];

  /* "-" reads standard input: here, a pipe. */
  g_assert_cmpint (pipe (fds), ==, 0);
  g_assert_cmpint (write (fds[1], csv, sizeof csv - 1), ==, sizeof csv - 1);
  close (fds[1]);
  g_assert_cmpint (dup2 (fds[0], STDIN_FILENO), ==, STDIN_FILENO);
  close (fds[0]);

  options.delimiter = ";";
  reader = kh_reader_open ("-", &options, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kh_reader_get_name (reader), ==, "standard input");
  g_assert_cmpint (kh_reader_get_format (reader), ==, KH_IO_FORMAT_CSV);
  records = read_all (reader, &error);
  g_assert_no_error (error);
  assert_record (records, 0, "1|2");

  /* A pipe has no known size. */
  kh_reader_get_progress (reader, &done, &total);
  g_assert_cmpuint (done, ==, sizeof csv - 1);
  g_assert_cmpuint (total, ==, 0);

  g_assert_cmpint (dup2 (saved_stdin, STDIN_FILENO), ==, STDIN_FILENO);
  close (saved_stdin);
}

/* Many records with every hard case, so that records, quoted fields,
 * doubled quotes, CRLFs and multi-byte characters straddle the reader's
 * buffer refills; every value is checked. */
static char *
stress_value (guint row,
              guint col)
{
  switch ((row + col) % 6)
    {
    case 0:
      return g_strdup_printf ("%u", row * 7 + col);
    case 1:
      return g_strdup_printf ("say \"%u\", twice", row);
    case 2:
      return g_strdup_printf ("line %u\r\nnext ✓ 日本", row);
    case 3:
      return g_strdup ("");
    case 4:
      return g_strdup_printf ("ｶﾀｶﾅ%u株式会社%u", row, col);
    default:
      return g_strnfill (row % 300, 'z');
    }
}

static void
check_stress (KhReader *reader,
              guint     n_rows,
              guint     n_cols)
{
  g_autoptr(GError) error = NULL;
  const KhRecord *record;
  guint row = 0;
  guint64 line = 2;

  while ((record = kh_reader_next (reader, &error)) != NULL)
    {
      guint64 newlines = 0;

      g_assert_cmpuint (record->n_cells, ==, n_cols);
      g_assert_cmpuint (record->number, ==, row + 1);
      g_assert_cmpuint (record->line, ==, line);
      for (guint c = 0; c < n_cols; c++)
        {
          g_autofree char *value = stress_value (row, c);

          g_assert_cmpstr (record->cells[c].str, ==, value);
          g_assert_cmpuint (record->cells[c].len, ==, strlen (value));
          for (const char *p = value; *p; p++)
            newlines += *p == '\n';
        }
      line += 1 + newlines;
      row++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (row, ==, n_rows);
}

static void
test_stress (Fixture       *fixture,
             gconstpointer  data)
{
  const guint n_rows = 6000;
  const guint n_cols = 5;
  const char *delimiters[] = { ",", "、" };

  for (guint d = 0; d < G_N_ELEMENTS (delimiters); d++)
    {
      g_autoptr(GString) csv = g_string_new (NULL);
      g_autofree char *path = NULL;
      g_autoptr(GError) error = NULL;
      KhReaderOptions options = KH_READER_OPTIONS_INIT;

      for (guint c = 0; c < n_cols; c++)
        g_string_append_printf (csv, "%sc%u", c > 0 ? delimiters[d] : "", c);
      g_string_append (csv, "\r\n");

      for (guint r = 0; r < n_rows; r++)
        {
          for (guint c = 0; c < n_cols; c++)
            {
              g_autofree char *value = stress_value (r, c);

              if (c > 0)
                g_string_append (csv, delimiters[d]);
              if (strpbrk (value, "\",\r\n") != NULL || (r + c) % 5 == 0)
                {
                  g_autofree char *escaped = NULL;
                  g_auto(GStrv) parts = g_strsplit (value, "\"", -1);

                  escaped = g_strjoinv ("\"\"", parts);
                  g_string_append_printf (csv, "\"%s\"", escaped);
                }
              else
                g_string_append (csv, value);
            }
          g_string_append (csv, r % 2 ? "\n" : "\r\n");
        }
      path = write_file (fixture, "stress.csv", csv->str, csv->len);
      options.delimiter = delimiters[d];

      /* From a file, in large blocks... */
      {
        g_autoptr(KhReader) reader = kh_reader_open (path, &options, &error);

        g_assert_no_error (error);
        check_stress (reader, n_rows, n_cols);
      }

      /* ... and from a stream that gives a few bytes at a time. */
      {
        g_autoptr(GInputStream) stream = io_trickle_stream_new (csv->str, csv->len);
        g_autoptr(KhReader) reader = kh_reader_open_stream (stream, "stress.csv", &options, &error);

        g_assert_no_error (error);
        check_stress (reader, n_rows, n_cols);
      }
    }
}

/* The scan finds a superset of the special bytes 16 at a time (every byte
 * below 0x0E or from 0x80 on, and two more) and skips the ones the byte
 * classes say are plain: tabs and other control bytes, a tab that is not
 * the delimiter, bytes >= 0x80 of decoded (CP932) input. Fields of every
 * length around the 16-byte blocks, with those bytes at every position,
 * must come back as they were written. */
static void
check_scan_record (const KhRecord *record,
                   GPtrArray      *fields)
{
  g_assert_cmpuint (record->n_cells, ==, fields->len);
  for (guint c = 0; c < fields->len; c++)
    {
      const char *want = g_ptr_array_index (fields, c);

      g_assert_cmpuint (record->cells[c].len, ==, strlen (want));
      g_assert_cmpmem (record->cells[c].str, record->cells[c].len, want, strlen (want));
      g_assert_cmpint (record->cells[c].str[record->cells[c].len], ==, '\0');
    }
}

static void
test_scan_candidates (Fixture       *fixture,
                      gconstpointer  data)
{
  /* Bytes a scan stops at (or might) that are plain text here, and
   * letters; each is one character in UTF-8 and in CP932. */
  const char *fillers[] = { "\x01", "\t", "\x0b", "\x0c", "\x7f", "a", "日", "ｶ", "~" };
  const char *delimiters[] = { ",", "\t", ";", "、" };

  for (guint d = 0; d < G_N_ELEMENTS (delimiters); d++)
    for (guint cp932 = 0; cp932 < 2; cp932++)
      {
        const char *delim = delimiters[d];
        g_autoptr(GString) csv = g_string_new ("h1");
        g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
        g_autofree char *path = NULL;
        g_autoptr(GError) error = NULL;
        g_autoptr(KhReader) reader = NULL;
        KhReaderOptions options = KH_READER_OPTIONS_INIT;
        const KhRecord *record;
        guint n = 0;

        g_string_append_printf (csv, "%sh2%sh3\n", delim, delim);
        for (guint len = 0; len <= 40; len++)
          for (guint f = 0; f < G_N_ELEMENTS (fillers); f++)
            for (guint quoted = 0; quoted < 2; quoted++)
              {
                GPtrArray *fields = g_ptr_array_new_with_free_func (g_free);
                /* the odd character at position len % 19 of "x…x" */
                GString *value = g_string_new (NULL);

                if (strcmp (fillers[f], delim) == 0 && !quoted)
                  {
                    g_ptr_array_unref (fields);
                    g_string_free (value, TRUE);
                    continue;
                  }
                for (guint i = 0; i < len; i++)
                  g_string_append (value, i == len % 19 ? fillers[f] : "x");
                if (quoted)
                  g_string_append (value, delim);   /* plain inside quotes */

                g_ptr_array_add (fields, g_strdup ("k"));
                g_ptr_array_add (fields, g_strdup (value->str));
                g_ptr_array_add (fields, g_strdup (value->str));
                g_string_append_printf (csv, quoted ? "k%s\"%s\"%s\"%s\"%s" : "k%s%s%s%s%s",
                                        delim, value->str, delim, value->str, n % 2 ? "\r\n" : "\n");
                g_string_free (value, TRUE);
                g_ptr_array_add (rows, fields);
                n++;
              }

        if (cp932)
          {
            gsize written = 0;
            g_autofree char *converted = g_convert (csv->str, csv->len, "CP932", "UTF-8", NULL, &written, &error);

            g_assert_no_error (error);
            path = write_file (fixture, "scan.csv", converted, (gssize) written);
            options.encoding = "cp932";
          }
        else
          path = write_file (fixture, "scan.csv", csv->str, csv->len);
        options.delimiter = delim;
        options.format = KH_IO_FORMAT_CSV;

        reader = kh_reader_open (path, &options, &error);
        g_assert_no_error (error);
        n = 0;
        while ((record = kh_reader_next (reader, &error)) != NULL)
          {
            g_assert_cmpuint (n, <, rows->len);
            check_scan_record (record, g_ptr_array_index (rows, n));
            n++;
          }
        g_assert_no_error (error);
        g_assert_cmpuint (n, ==, rows->len);
      }
}

/* The fast path of the CSV reader looks at a record in blocks of 64 bytes
 * from the record's start, and hands every record it does not take (a
 * doubled quote, an error, a record the buffer does not hold whole) to the
 * byte-at-a-time parse. The tests below put each kind of byte at the last
 * byte of a block and at the first of the next one, and check the exact
 * cells (and their NUL terminators, through record_to_string()), read from
 * a file, and from a stream whose reads end anywhere in a record. */

/* A stream that hands out now a few bytes per read, now 50 to 150 (so
 * that the reader's buffer sometimes holds a record whole, sometimes part
 * of one) */
#define CSV_TYPE_STEP_STREAM (csv_step_stream_get_type ())
G_DECLARE_FINAL_TYPE (CsvStepStream, csv_step_stream, CSV, STEP_STREAM, GInputStream)

struct _CsvStepStream
{
  GInputStream  parent_instance;
  GBytes       *bytes;
  gsize         pos;
  guint         reads;
};

G_DEFINE_FINAL_TYPE (CsvStepStream, csv_step_stream, G_TYPE_INPUT_STREAM)

static gssize
csv_step_stream_read (GInputStream  *stream,
                      void          *buffer,
                      gsize          count,
                      GCancellable  *cancellable,
                      GError       **error)
{
  CsvStepStream *self = (CsvStepStream *) stream;
  gsize size;
  const char *data = g_bytes_get_data (self->bytes, &size);
  guint r = self->reads++;
  gsize want = r % 2 ? 1 + r % 7 : 50 + r % 101;
  gsize n = MIN (MIN (count, want), size - self->pos);

  memcpy (buffer, data + self->pos, n);
  self->pos += n;
  return (gssize) n;
}

static void
csv_step_stream_finalize (GObject *object)
{
  CsvStepStream *self = (CsvStepStream *) object;

  g_bytes_unref (self->bytes);
  G_OBJECT_CLASS (csv_step_stream_parent_class)->finalize (object);
}

static void
csv_step_stream_class_init (CsvStepStreamClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = csv_step_stream_finalize;
  G_INPUT_STREAM_CLASS (klass)->read_fn = csv_step_stream_read;
}

static void
csv_step_stream_init (CsvStepStream *self)
{
}

/* @csv from its second line on comes after records of "p" fields, more
 * than the 64 KiB the byte source reads at open (so that the reads of the
 * stream show); their number is put in @n_pad, and the row they read as
 * in @pad_row. */
static GInputStream *
step_stream_new (const GString         *csv,
                 const KhReaderOptions *options,
                 guint                 *n_pad,
                 char                 **pad_row)
{
  CsvStepStream *self = g_object_new (CSV_TYPE_STEP_STREAM, NULL);
  const char *delim = options != NULL && options->delimiter != NULL ? options->delimiter : ",";
  const char *eol = strchr (csv->str, '\n');
  g_autoptr(GString) padded = g_string_new_len (csv->str, eol + 1 - csv->str);
  g_autoptr(GString) record = g_string_new ("p");
  g_autoptr(GString) row = g_string_new ("p");

  g_assert_nonnull (eol);
  for (const char *p = strstr (csv->str, delim); p != NULL && p < eol; p = strstr (p + 1, delim))
    {
      g_string_append_printf (record, "%sp", delim);
      g_string_append (row, "|p");
    }
  g_string_append_c (record, '\n');
  for (*n_pad = 0; padded->len < 66 * 1024; (*n_pad)++)
    g_string_append_len (padded, record->str, (gssize) record->len);
  g_string_append_len (padded, eol + 1, (gssize) (csv->str + csv->len - (eol + 1)));
  *pad_row = g_strdup (row->str);

  self->bytes = g_bytes_new (padded->str, padded->len);
  return G_INPUT_STREAM (self);
}

/* Checks that @csv reads as @rows ("a|b|c", as record_to_string() writes
 * them); with @lines, that each record is on the line after the one
 * before. */
static void
check_rows (Fixture               *fixture,
            const GString         *csv,
            const KhReaderOptions *options,
            GPtrArray             *rows,
            gboolean               lines)
{
  g_autofree char *path = write_file (fixture, "blocks.csv", csv->str, (gssize) csv->len);

  for (guint stream = 0; stream < 2; stream++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KhReader) reader = NULL;
      g_autofree char *pad_row = NULL;
      const KhRecord *record;
      guint n_pad = 0;
      guint n = 0;

      if (stream)
        {
          g_autoptr(GInputStream) input = step_stream_new (csv, options, &n_pad, &pad_row);

          reader = kh_reader_open_stream (input, "blocks.csv", options, &error);
        }
      else
        reader = kh_reader_open (path, options, &error);
      g_assert_no_error (error);

      while ((record = kh_reader_next (reader, &error)) != NULL)
        {
          g_autofree char *s = record_to_string (record);

          g_assert_cmpuint (n, <, n_pad + rows->len);
          g_assert_cmpstr (s, ==, n < n_pad ? pad_row : g_ptr_array_index (rows, n - n_pad));
          g_assert_cmpuint (record->number, ==, n + 1);
          if (lines)
            g_assert_cmpuint (record->line, ==, n + 2);
          n++;
        }
      g_assert_no_error (error);
      g_assert_cmpuint (n, ==, n_pad + rows->len);
    }
}

/* Checks that @csv gives @n_good records, then an error of @code on @line
 * (of @csv) and @column whose message has @what in it. */
static void
check_error (Fixture       *fixture,
             const GString *csv,
             guint          n_good,
             gint           code,
             guint          line,
             guint          column,
             const char    *what)
{
  g_autofree char *path = write_file (fixture, "bad.csv", csv->str, (gssize) csv->len);

  for (guint stream = 0; stream < 2; stream++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KhReader) reader = NULL;
      g_autofree char *pad_row = NULL;
      g_autofree char *where = NULL;
      guint n_pad = 0;
      guint n = 0;

      if (stream)
        {
          g_autoptr(GInputStream) input = step_stream_new (csv, NULL, &n_pad, &pad_row);

          reader = kh_reader_open_stream (input, "bad.csv", NULL, &error);
        }
      else
        reader = kh_reader_open (path, NULL, &error);
      g_assert_no_error (error);

      while (kh_reader_next (reader, &error) != NULL)
        n++;
      g_assert_cmpuint (n, ==, n_pad + n_good);
      g_assert_error (error, KH_ERROR, code);
      where = g_strdup_printf ("bad.csv: line %u, column %u:", n_pad + line, column);
      assert_message_contains (error, where);
      assert_message_contains (error, what);
    }
}

/* "x…x" of @n bytes, with @c at every 7th byte when it is not 0 */
static char *
filler (guint n,
        char  c)
{
  char *s = g_strnfill (n, 'x');

  if (c != '\0')
    for (guint i = 3; i < n; i += 7)
      s[i] = c;
  return s;
}

static void
test_block_boundaries (Fixture       *fixture,
                       gconstpointer  data)
{
  /* One record's structure moved a byte at a time over 140 bytes: its
   * delimiters, an opening quote, a delimiter inside quotes, a closing
   * quote, an empty quoted field, an empty field, CR and LF each come to
   * the last byte of the first and second blocks and to the first byte of
   * the next. The fillers have control bytes that are text (and a tab
   * where the tab is not the delimiter). */
  const char *delims[] = { ",", "\t", ";" };
  const char fills[] = { '\0', '\x0b', '\t', '\x01' };

  for (guint d = 0; d < G_N_ELEMENTS (delims); d++)
    {
      const char *s = delims[d];
      g_autoptr(GString) csv = g_string_new (NULL);
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
      KhReaderOptions options = KH_READER_OPTIONS_INIT;

      g_string_append_printf (csv, "h1%sh2%sh3%sh4%sh5\n", s, s, s, s);
      for (guint shift = 0; shift <= 140; shift++)
        for (guint crlf = 0; crlf < 2; crlf++)
          {
            char fc = fills[(shift + crlf) % G_N_ELEMENTS (fills)];
            g_autofree char *x = filler (shift, fc == s[0] ? '\0' : fc);

            g_string_append_printf (csv, "%s%s\"q%s%u\"%s\"\"%s%send%s",
                                    x, s, s, shift, s, s, s, crlf ? "\r\n" : "\n");
            g_ptr_array_add (rows, g_strdup_printf ("%s|q%s%u|||end", x, s, shift));
          }
      options.delimiter = s;
      options.format = KH_IO_FORMAT_CSV;
      check_rows (fixture, csv, &options, rows, TRUE);
    }
}

static void
test_block_quoted_span (Fixture       *fixture,
                        gconstpointer  data)
{
  /* Quoted fields (with delimiters, tabs and spaces inside) that start
   * anywhere in the first block and run into the second or third, their
   * closing quote at every place; first in the record or after others. */
  const guint lengths[] = { 0, 1, 2, 61, 62, 63, 64, 65, 126, 127, 128, 129 };
  g_autoptr(GString) csv = g_string_new ("a,b,c\n");
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);

  for (guint start = 0; start <= 70; start++)
    for (guint l = 0; l < G_N_ELEMENTS (lengths); l++)
      {
        g_autoptr(GString) content = g_string_new (NULL);
        g_autofree char *x = filler (start, '\0');

        for (guint i = 0; i < lengths[l]; i++)
          g_string_append_c (content, ", \tq"[i % 4]);
        if (start % 3 == 0)
          {
            /* the quoted field first */
            g_string_append_printf (csv, "\"%s\",%s,y\n", content->str, x);
            g_ptr_array_add (rows, g_strdup_printf ("%s|%s|y", content->str, x));
          }
        else
          {
            g_string_append_printf (csv, "%s,\"%s\",y\n", x, content->str);
            g_ptr_array_add (rows, g_strdup_printf ("%s|%s|y", x, content->str));
          }
      }
  check_rows (fixture, csv, NULL, rows, TRUE);
}

static void
test_block_doubled_quote (Fixture       *fixture,
                          gconstpointer  data)
{
  /* A doubled quote inside a quoted field, its two quotes at every place
   * around the end of the first block (the fast path leaves these records
   * to the byte-at-a-time parse, which unescapes them); and a quote that is
   * text, alone in the field's last byte or first. */
  g_autoptr(GString) csv = g_string_new ("a,b\n");
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);

  for (guint k = 54; k <= 72; k++)
    {
      g_autofree char *a = g_strnfill (k, 'a');

      g_string_append_printf (csv, "%u,\"%s\"\"b\"\n", k, a);
      g_ptr_array_add (rows, g_strdup_printf ("%u|%s\"b", k, a));
      g_string_append_printf (csv, "%u,\"%s\"\"\"\n", k, a);
      g_ptr_array_add (rows, g_strdup_printf ("%u|%s\"", k, a));
      g_string_append_printf (csv, "\"%s\",\"\"\"%s\"\n", a, a);
      g_ptr_array_add (rows, g_strdup_printf ("%s|\"%s", a, a));
    }
  check_rows (fixture, csv, NULL, rows, TRUE);
}

static void
test_block_utf8 (Fixture       *fixture,
                 gconstpointer  data)
{
  /* Sequences of 2, 3 and 4 bytes across the end of the first block, in
   * unquoted and quoted fields; then the same (less what CP932 cannot
   * encode) decoded from CP932, where bytes >= 0x80 are not checked. */
  for (guint cp932 = 0; cp932 < 2; cp932++)
    {
      const char *text = cp932 ? "日本ｶﾀ語" : "é日😀ß";
      g_autoptr(GString) csv = g_string_new ("a,b,c\n");
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
      KhReaderOptions options = KH_READER_OPTIONS_INIT;

      for (guint o = 50; o <= 70; o++)
        {
          g_autofree char *x = filler (o, '\0');
          g_autofree char *y = filler (o - 40, '\0');

          g_string_append_printf (csv, "%s%s,\"%s,%s\",%s\n", x, text, y, text, text);
          g_ptr_array_add (rows, g_strdup_printf ("%s%s|%s,%s|%s", x, text, y, text, text));
        }

      if (cp932)
        {
          g_autoptr(GError) error = NULL;
          gsize written = 0;
          g_autofree char *converted = g_convert (csv->str, csv->len, "CP932", "UTF-8", NULL, &written, &error);

          g_assert_no_error (error);
          g_string_truncate (csv, 0);
          g_string_append_len (csv, converted, (gssize) written);
          options.encoding = "cp932";
          /* the file's bytes are not UTF-8 */
          g_assert_false (g_utf8_validate (csv->str, (gssize) csv->len, NULL));
        }
      check_rows (fixture, csv, &options, rows, TRUE);
    }
}

static void
test_block_invalid_utf8 (Fixture       *fixture,
                         gconstpointer  data)
{
  /* Ill-formed UTF-8 at and around the ends of the blocks, unquoted and
   * quoted, after a good sequence that crosses the end of a block: the
   * error names its line and column. */
  const guint offsets[] = { 0, 1, 61, 62, 63, 64, 65, 125, 126, 127, 128, 129 };
  const char *bad[] = { "\xFF", "\xE3\x81", "\xC0\xAF", "\xED\xA0\x80", "\x80" };

  for (guint i = 0; i < G_N_ELEMENTS (offsets); i++)
    for (guint k = 0; k < G_N_ELEMENTS (bad); k++)
      for (guint quoted = 0; quoted < 2; quoted++)
        {
          guint o = offsets[i];
          g_autofree char *x = filler (o, '\0');
          g_autoptr(GString) csv = g_string_new ("a,b\n1,2\n");

          g_string_append_printf (csv, quoted ? "\"%s%sz\",2\n" : "%s%sz,2\n", x, bad[k]);
          g_string_append (csv, "3,4\n");
          check_error (fixture, csv, 1, KH_ERROR_ENCODING, 3, o + 1 + quoted, "invalid UTF-8");
        }

  /* A stray continuation byte right after a good sequence that crosses the
   * end of the first block */
  for (guint o = 60; o <= 66; o++)
    {
      g_autofree char *x = filler (o, '\0');
      g_autoptr(GString) csv = g_string_new ("a,b\n");

      g_string_append_printf (csv, "%s日\x80,2\n", x);
      check_error (fixture, csv, 0, KH_ERROR_ENCODING, 2, o + 4, "(byte 0x80)");
    }
}

static void
test_block_many_fields (Fixture       *fixture,
                        gconstpointer  data)
{
  /* 150 fields: empty ones (more than 64 field ends in one block), one
   * byte each, quoted empty ones, and quoted ones with delimiters inside;
   * a record of many blocks. */
  const guint n = 150;
  g_autoptr(GString) csv = g_string_new (NULL);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);

  for (guint c = 0; c < n; c++)
    g_string_append_printf (csv, "%sc%u", c > 0 ? "," : "", c);
  g_string_append_c (csv, '\n');

  for (guint kind = 0; kind < 4; kind++)
    {
      g_autoptr(GString) row = g_string_new (NULL);

      for (guint c = 0; c < n; c++)
        {
          if (c > 0)
            {
              g_string_append_c (csv, ',');
              g_string_append_c (row, '|');
            }
          switch (kind)
            {
            case 0:
              break;
            case 1:
              g_string_append_c (csv, (char) ('a' + c % 26));
              g_string_append_c (row, (char) ('a' + c % 26));
              break;
            case 2:
              g_string_append (csv, "\"\"");
              break;
            default:
              if (c % 3 == 0)
                {
                  g_string_append_printf (csv, "\"%u,%u\"", c, c);
                  g_string_append_printf (row, "%u,%u", c, c);
                }
              else
                {
                  g_string_append_printf (csv, "v%u", c);
                  g_string_append_printf (row, "v%u", c);
                }
              break;
            }
        }
      g_string_append (csv, kind % 2 ? "\r\n" : "\n");
      g_ptr_array_add (rows, g_string_free (g_steal_pointer (&row), FALSE));
    }
  check_rows (fixture, csv, NULL, rows, TRUE);
}

static void
test_block_line_ends (Fixture       *fixture,
                      gconstpointer  data)
{
  /* Records that end at the end of a block, or one byte either side; CR
   * LF with the CR the last byte of a block and the LF the first of the
   * next; a CR alone as the line end there. */
  const guint lengths[] = { 62, 63, 64, 65, 126, 127, 128 };
  const char *ends[] = { "\n", "\r\n", "\r" };
  g_autoptr(GString) csv = g_string_new ("h,i\n");
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);

  for (guint e = 0; e < G_N_ELEMENTS (ends); e++)
    for (guint l = 0; l < G_N_ELEMENTS (lengths); l++)
      for (guint quoted = 0; quoted < 2; quoted++)
        {
          /* the record's last byte before its line end is at lengths[l] - 1 */
          g_autofree char *x = filler (lengths[l] - 2 - 2 * quoted, '\0');

          g_string_append_printf (csv, quoted ? "%u,\"%s\"%s" : "%u,%s%s",
                                  l % 10, x, ends[e]);
          g_ptr_array_add (rows, g_strdup_printf ("%u|%s", l % 10, x));
        }
  check_rows (fixture, csv, NULL, rows, TRUE);
}

static void
test_block_end_of_input (Fixture       *fixture,
                         gconstpointer  data)
{
  /* The last record without a line end, of every length around the
   * blocks, unquoted and quoted. */
  const guint lengths[] = { 1, 2, 62, 63, 64, 65, 66, 127, 128, 129 };

  for (guint l = 0; l < G_N_ELEMENTS (lengths); l++)
    for (guint quoted = 0; quoted < 2; quoted++)
      {
        g_autofree char *x = filler (lengths[l], '\0');
        g_autoptr(GString) csv = g_string_new ("h,i\n1,before\n");
        g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);

        g_string_append_printf (csv, quoted ? "2,\"%s\"" : "2,%s", x);
        g_ptr_array_add (rows, g_strdup ("1|before"));
        g_ptr_array_add (rows, g_strdup_printf ("2|%s", x));
        check_rows (fixture, csv, NULL, rows, TRUE);
      }
}

static void
test_block_errors (Fixture       *fixture,
                   gconstpointer  data)
{
  /* What the fast path leaves to the byte-at-a-time parse to report, at
   * the ends of the blocks: a quote inside an unquoted field (alone, or
   * two), text after a closing quote, a NUL byte (in a field, in quotes),
   * a quote left open. */
  for (guint o = 61; o <= 66; o++)
    {
      g_autofree char *x = filler (o, '\0');

      {
        g_autoptr(GString) csv = g_string_new ("a,b\n1,2\n");

        g_string_append_printf (csv, "%s\"y,2\n", x);
        check_error (fixture, csv, 1, KH_ERROR_PARSE, 3, o + 1, "quote inside an unquoted field");
      }
      {
        g_autoptr(GString) csv = g_string_new ("a,b\n1,2\n");

        /* quotes that pair up, but not around a whole field */
        g_string_append_printf (csv, "%s\"y\",2\n", x);
        check_error (fixture, csv, 1, KH_ERROR_PARSE, 3, o + 1, "quote inside an unquoted field");
      }
      {
        g_autoptr(GString) csv = g_string_new ("a,b\n1,2\n");

        /* the closing quote at o, 'y' right after it */
        g_string_append_printf (csv, "\"%s\"y,2\n", x + 1);
        check_error (fixture, csv, 1, KH_ERROR_PARSE, 3, o + 2, "after the closing quote");
      }
      for (guint quoted = 0; quoted < 2; quoted++)
        {
          g_autoptr(GString) csv = g_string_new ("a,b\n1,2\n");

          g_string_append_printf (csv, quoted ? "\"%s?\",2\n" : "%s?,2\n", x);
          csv->str[8 + o + quoted] = '\0';
          check_error (fixture, csv, 1, KH_ERROR_PARSE, 3, o + 1 + quoted, "NUL");
        }
      {
        g_autoptr(GString) csv = g_string_new ("a,b\n1,2\n");

        g_string_append_printf (csv, "%s,\"open\n", x);
        g_string_append_printf (csv, "%s\n", x);
        check_error (fixture, csv, 1, KH_ERROR_PARSE, 3, o + 2, "not closed");
      }
    }
}

static void
test_block_field_limit (Fixture       *fixture,
                        gconstpointer  data)
{
  /* With a limit of 70 bytes on a field, a record of three blocks whose
   * fields are at most 70 bytes (a quoted one of 70 between its quotes)
   * reads; one byte more in the second or third field is an error on its
   * line. */
  KhReaderOptions options = KH_READER_OPTIONS_INIT;
  g_autofree char *f70 = filler (70, '\0');
  g_autofree char *f71 = filler (71, '\0');

  options.max_field_size = 70;
  {
    g_autoptr(GString) csv = g_string_new ("a,b,c\n");
    g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);

    g_string_append_printf (csv, "%s,\"%s\",%s\n", f70, f70, f70);
    g_ptr_array_add (rows, g_strdup_printf ("%s|%s|%s", f70, f70, f70));
    g_string_append_printf (csv, "\"%s\",%s,\"%s\"\n", f70, f70, f70);
    g_ptr_array_add (rows, g_strdup_printf ("%s|%s|%s", f70, f70, f70));
    check_rows (fixture, csv, &options, rows, TRUE);
  }
  for (guint quoted = 0; quoted < 2; quoted++)
    for (guint col = 1; col < 3; col++)
      {
        g_autoptr(GString) csv = g_string_new ("a,b,c\n1,2,3\n");
        g_autofree char *path = NULL;
        g_autoptr(GError) error = NULL;

        g_string_append (csv, f70);
        for (guint c = 1; c < 3; c++)
          g_string_append_printf (csv, quoted ? ",\"%s\"" : ",%s", c == col ? f71 : f70);
        g_string_append_c (csv, '\n');
        path = write_file (fixture, "limit.csv", csv->str, (gssize) csv->len);
        error = read_error (path, &options);
        g_assert_error (error, KH_ERROR, KH_ERROR_PARSE);
        assert_message_contains (error, "line 3");
        assert_message_contains (error, "larger than the limit");
      }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/io/csv/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("basic", test_basic);
  ADD ("scan-candidates", test_scan_candidates);
  ADD ("line-endings", test_line_endings);
  ADD ("delimiters", test_delimiters);
  ADD ("quotes", test_quotes);
  ADD ("custom-quote", test_custom_quote);
  ADD ("bom", test_bom);
  ADD ("cp932", test_cp932);
  ADD ("cp932-streaming", test_cp932_streaming);
  ADD ("encoding-errors", test_encoding_errors);
  ADD ("utf16", test_utf16);
  ADD ("invalid-utf8", test_invalid_utf8);
  ADD ("no-header", test_no_header);
  ADD ("ragged", test_ragged);
  ADD ("trailing-delimiter-header", test_trailing_delimiter_header);
  ADD ("real-sap-export", test_real_sap_export);
  ADD ("malformed", test_malformed);
  ADD ("duplicate-header", test_duplicate_header);
  ADD ("huge-field", test_huge_field);
  ADD ("empty-and-missing", test_empty_and_missing);
  ADD ("empty-lines", test_empty_lines);
  ADD ("bad-options", test_bad_options);
  ADD ("stream-and-sniffing", test_stream_and_sniffing);
  ADD ("stdin", test_stdin);
  ADD ("stress", test_stress);
  ADD ("block-boundaries", test_block_boundaries);
  ADD ("block-quoted-span", test_block_quoted_span);
  ADD ("block-doubled-quote", test_block_doubled_quote);
  ADD ("block-utf8", test_block_utf8);
  ADD ("block-invalid-utf8", test_block_invalid_utf8);
  ADD ("block-many-fields", test_block_many_fields);
  ADD ("block-line-ends", test_block_line_ends);
  ADD ("block-end-of-input", test_block_end_of_input);
  ADD ("block-errors", test_block_errors);
  ADD ("block-field-limit", test_block_field_limit);

  return g_test_run ();
}
