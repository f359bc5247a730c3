/* kh-reader.h: streaming record readers (CSV, NDJSON, JSON, SQLite)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kh-io-format.h"
#include "kh-value.h"

G_BEGIN_DECLS

/**
 * KhRaggedPolicy:
 * @KH_RAGGED_ERROR: a CSV row with more or fewer fields than the header is
 *   an error naming its line (the default)
 * @KH_RAGGED_PAD: short rows are padded with nulls and the extra fields of
 *   long rows are dropped; each such row is reported to the issue function
 * @KH_RAGGED_SKIP: the row is not handed out; it is reported to the issue
 *   function (with all its fields, so that a caller can reject it) and
 *   counted by kh_reader_get_n_skipped()
 *
 * What a CSV reader does with a row whose field count differs from the
 * number of columns. Whatever the policy, a header that ends with empty
 * names (a trailing delimiter, as SAP exports have) loses those columns, and
 * rows may then carry as many extra empty fields, which are dropped silently.
 */
typedef enum
{
  KH_RAGGED_ERROR,
  KH_RAGGED_PAD,
  KH_RAGGED_SKIP,
} KhRaggedPolicy;

/**
 * KhReaderIssueFunc:
 * @record: the record as read: for a ragged row, all its fields
 *   (@record->n_cells is the number found); valid during the call only
 * @issue: what is wrong, as a translated message naming the file and line
 *   (domain %KH_ERROR, code %KH_ERROR_PARSE)
 * @user_data: the options' @issue_data
 *
 * Called for rows that a policy lets through (padded) or leaves out
 * (skipped), so that nothing is lost silently.
 */
typedef void (*KhReaderIssueFunc) (const KhRecord *record,
                                   const GError   *issue,
                                   gpointer        user_data);

#define KH_READER_DEFAULT_MAX_FIELD_SIZE  (16 * 1024 * 1024)
#define KH_READER_DEFAULT_MAX_RECORD_SIZE (64 * 1024 * 1024)

/**
 * KhReaderOptions:
 * @format: the input format; %KH_IO_FORMAT_AUTO looks at the extension
 *   (kh_io_format_for_path()), then at the content (kh_io_format_sniff())
 * @encoding: %NULL or "utf-8" (a BOM is dropped), "auto" (a BOM, else
 *   UTF-8 when the first 64 KiB are UTF-8, else CP932 when they decode as
 *   CP932, else UTF-8), "cp932" or "shift_jis" (both mean CP932), or any
 *   name g_iconv_open() knows. Not used for SQLite.
 * @delimiter: CSV: one byte or one UTF-8 character; %NULL means "," (or a
 *   tab for `.tsv` and `.tab` files)
 * @quote: CSV: one ASCII character; %NULL means `"`; "" turns quoting off
 * @no_header: CSV: the first row is data; the columns are then named
 *   `column1`, `column2`, … and their number is that of the first row
 * @keep_empty_lines: CSV: an empty line is a record of one empty field;
 *   by default empty lines are skipped
 * @ragged: CSV: the #KhRaggedPolicy
 * @max_field_size: the largest field, in bytes; 0 means
 *   %KH_READER_DEFAULT_MAX_FIELD_SIZE
 * @max_record_size: the largest record (a CSV row, an NDJSON line, a JSON
 *   array element), in bytes; 0 means %KH_READER_DEFAULT_MAX_RECORD_SIZE
 * @columns: (nullable): JSON and NDJSON: the column names, each a dotted
 *   path (`Address.City`); members with other names are ignored. When
 *   %NULL, the columns are those of the first record, and grow (appended at
 *   the end) whenever a later record has a new member
 * @table: SQLite: the table to read; %NULL means the database's only table
 * @blob_as_hex: SQLite: a BLOB becomes lower-case hex text; by default a
 *   BLOB is an error
 * @busy_timeout_ms: SQLite: how long to wait for a locked database; 0 means
 *   1000 ms, a negative value not at all
 * @issue_func: (nullable): see #KhReaderIssueFunc
 * @issue_data: user data for @issue_func
 * @cancellable: (nullable): checked at every block read
 *
 * How to read. An all-zero struct (or %KH_READER_OPTIONS_INIT) gives the
 * defaults. The strings are copied at open.
 */
typedef struct
{
  KhIoFormat          format;
  const char         *encoding;
  const char         *delimiter;
  const char         *quote;
  gboolean            no_header;
  gboolean            keep_empty_lines;
  KhRaggedPolicy      ragged;
  gsize               max_field_size;
  gsize               max_record_size;
  const char * const *columns;
  const char         *table;
  gboolean            blob_as_hex;
  int                 busy_timeout_ms;
  KhReaderIssueFunc   issue_func;
  gpointer            issue_data;
  GCancellable       *cancellable;
} KhReaderOptions;

#define KH_READER_OPTIONS_INIT { 0, }

/**
 * KhReader:
 *
 * Reads records one at a time in constant memory. Each record is a
 * #KhRecord of %KH_VALUE_STRING and %KH_VALUE_NULL cells, one per column;
 * it and its strings belong to the reader and stay valid until the next
 * call to kh_reader_next() or kh_reader_free().
 *
 * Values follow docs/semantics.md, "Input records". CSV: every field is a
 * string. JSON: strings are strings; numbers, `true` and `false` are their
 * JSON text (numbers exactly as written); `null` is null; nested objects
 * are flattened into dotted names; an array, or an empty object, is its
 * JSON text without insignificant white space. OData bookkeeping is
 * dropped at every level: `__metadata` members, and `__deferred` (so an
 * unexpanded navigation property leaves no column). SQLite: TEXT, INTEGER
 * and REAL values are their text (as SQLite spells them); NULL is null.
 *
 * Errors (domain %KH_ERROR) name the file, and the line and byte column
 * where there are lines: %KH_ERROR_INPUT (a missing, unreadable, empty or
 * locked input, a file that is not a database), %KH_ERROR_PARSE (malformed
 * content, ragged rows under %KH_RAGGED_ERROR, a field over the size limit),
 * %KH_ERROR_ENCODING (invalid UTF-8, or bytes the encoding cannot decode:
 * then the line and the byte offset in the file), %KH_ERROR_NOT_FOUND (a
 * SQLite table), %KH_ERROR_INVALID_PARAM (bad options),
 * %KH_ERROR_UNSUPPORTED and %KH_ERROR_CANCELLED. An empty input (no bytes,
 * or only white space for JSON) is an error in every format. After an error
 * the reader keeps returning it.
 */
typedef struct _KhReader KhReader;

KhReader           *kh_reader_open           (const char             *path,
                                              const KhReaderOptions  *options,
                                              GError                **error);
KhReader           *kh_reader_open_stream    (GInputStream           *stream,
                                              const char             *name,
                                              const KhReaderOptions  *options,
                                              GError                **error);
void                kh_reader_free           (KhReader               *reader);

const KhRecord     *kh_reader_next           (KhReader               *reader,
                                              GError                **error);

const char * const *kh_reader_get_columns    (KhReader               *reader,
                                              guint                  *n_columns);
KhIoFormat          kh_reader_get_format     (KhReader               *reader);
const char         *kh_reader_get_name       (KhReader               *reader);
const char         *kh_reader_get_encoding   (KhReader               *reader);
void                kh_reader_get_progress   (KhReader               *reader,
                                              guint64                *bytes_read,
                                              guint64                *bytes_total);
guint64             kh_reader_get_n_skipped  (KhReader               *reader);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhReader, kh_reader_free)

G_END_DECLS
