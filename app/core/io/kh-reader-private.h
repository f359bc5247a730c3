/* kh-reader-private.h: what the format readers share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kh-byte-source-private.h"
#include "kh-error.h"
#include "kh-reader.h"

G_BEGIN_DECLS

typedef struct
{
  /* Returns the next record; NULL with @error unset at the end. */
  const KhRecord *(*next)     (KhReader  *reader,
                               GError   **error);
  /* Optional: progress when there is no byte source. */
  void            (*progress) (KhReader  *reader,
                               guint64   *done,
                               guint64   *total);
  /* Optional: frees the format's own state (not the struct). */
  void            (*finalize) (KhReader  *reader);
} KhReaderClass;

struct _KhReader
{
  const KhReaderClass *klass;
  KhIoFormat           format;
  char                *name;        /* owned: the display name */
  KhByteSource        *src;         /* owned, or NULL (SQLite) */
  GPtrArray           *columns;     /* owned: char *, NULL-terminated */
  KhRecord             record;      /* the record handed out */
  KhReaderIssueFunc    issue_func;
  gpointer             issue_data;
  guint64              n_skipped;
  GError              *error;       /* owned: the first error, returned again */
  gboolean             done;
};

void       _kh_reader_init         (KhReader               *reader,
                                    const KhReaderClass    *klass,
                                    KhIoFormat              format,
                                    const char             *name,
                                    const KhReaderOptions  *options);
void       _kh_reader_add_column   (KhReader               *reader,
                                    const char             *name);
void       _kh_reader_set_error_at (KhReader               *reader,
                                    GError                **error,
                                    KhError                 code,
                                    guint64                 line,
                                    guint64                 column,
                                    const char             *format,
                                    ...) G_GNUC_PRINTF (6, 7);
void       _kh_reader_wrap_error   (KhReader               *reader,
                                    GError                **error,
                                    GError                 *source_error,
                                    guint64                 line);
void       _kh_reader_report_issue (KhReader               *reader,
                                    const KhRecord         *record,
                                    GError                 *issue);

/* Constructors; each takes ownership of @src. */
KhReader  *_kh_csv_reader_new      (KhByteSource           *src,
                                    const char             *path,
                                    const KhReaderOptions  *options,
                                    GError                **error);
KhReader  *_kh_json_reader_new     (KhByteSource           *src,
                                    KhIoFormat              format,
                                    const KhReaderOptions  *options,
                                    GError                **error);
KhReader  *_kh_sqlite_reader_new   (const char             *path,
                                    const KhReaderOptions  *options,
                                    GError                **error);

G_END_DECLS
