/* kh-io-format.h: the record formats the readers and writers know
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * KhIoFormat:
 * @KH_IO_FORMAT_AUTO: decide from the file name's extension, then from the
 *   content (readers) or fall back to NDJSON (writers to standard output)
 * @KH_IO_FORMAT_CSV: RFC 4180 CSV (any delimiter and quote)
 * @KH_IO_FORMAT_NDJSON: one JSON object per line
 * @KH_IO_FORMAT_JSON: a JSON document: an array of objects, or an OData
 *   envelope (`{"d":{"results":[…]}}`, `{"d":[…]}`, `{"value":[…]}`)
 * @KH_IO_FORMAT_SQLITE: a table of a SQLite database file
 *
 * The names used on the command line and in messages are "auto", "csv",
 * "ndjson", "json" and "sqlite".
 */
typedef enum
{
  KH_IO_FORMAT_AUTO,
  KH_IO_FORMAT_CSV,
  KH_IO_FORMAT_NDJSON,
  KH_IO_FORMAT_JSON,
  KH_IO_FORMAT_SQLITE,
} KhIoFormat;

const char *kh_io_format_to_string       (KhIoFormat   format);
gboolean    kh_io_format_from_string     (const char  *string,
                                          KhIoFormat  *format);
KhIoFormat  kh_io_format_for_path        (const char  *path);
KhIoFormat  kh_io_format_sniff           (const char  *head,
                                          gsize        head_len,
                                          gboolean     at_eof);

G_END_DECLS
