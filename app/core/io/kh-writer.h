/* kh-writer.h: atomic record writers (NDJSON, JSON, CSV, SQLite)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kh-io-format.h"
#include "kh-value.h"

G_BEGIN_DECLS

#define KH_WRITER_DEFAULT_BATCH_SIZE 10000
#define KH_WRITER_DEFAULT_TABLE      "records"

/**
 * KhWriterOptions:
 * @format: the output format; %KH_IO_FORMAT_AUTO decides from the
 *   extension (kh_io_format_for_path()), and is NDJSON for standard output
 *   and unknown extensions
 * @delimiter: CSV: one byte or one UTF-8 character; %NULL means ","
 * @no_header: CSV: leave out the header row
 * @crlf: CSV: end rows with CR LF (as RFC 4180 writes them); by default LF
 * @keep_formulas: CSV: turn off formula-injection neutralisation (see
 *   kh_writer_open())
 * @table: SQLite: the table to create or replace; %NULL means
 *   %KH_WRITER_DEFAULT_TABLE
 * @batch_size: SQLite: rows per transaction; 0 means
 *   %KH_WRITER_DEFAULT_BATCH_SIZE
 *
 * An all-zero struct (or %KH_WRITER_OPTIONS_INIT) gives the defaults.
 */
typedef struct
{
  KhIoFormat   format;
  const char  *delimiter;
  gboolean     no_header;
  gboolean     crlf;
  gboolean     keep_formulas;
  const char  *table;
  guint        batch_size;
} KhWriterOptions;

#define KH_WRITER_OPTIONS_INIT { 0, }

typedef struct _KhWriter KhWriter;

KhWriter   *kh_writer_open          (const char              *path,
                                     const char * const      *column_names,
                                     const KhValueType       *column_types,
                                     guint                    n_columns,
                                     const KhWriterOptions   *options,
                                     GError                 **error);
gboolean    kh_writer_write_record  (KhWriter                *writer,
                                     const KhValue           *cells,
                                     GError                 **error);
gboolean    kh_writer_commit        (KhWriter                *writer,
                                     GError                 **error);
void        kh_writer_abort         (KhWriter                *writer);
void        kh_writer_free          (KhWriter                *writer);

KhIoFormat  kh_writer_get_format    (KhWriter                *writer);
const char *kh_writer_get_name      (KhWriter                *writer);
guint64     kh_writer_get_n_records (KhWriter                *writer);
const char *kh_writer_get_temp_path (KhWriter                *writer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhWriter, kh_writer_free)

G_END_DECLS
