/* kh-writer-private.h: what the format writers share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kh-error.h"
#include "kh-writer.h"

G_BEGIN_DECLS

typedef struct
{
  gboolean (*write)    (KhWriter       *writer,
                        const KhValue  *cells,
                        GError        **error);
  gboolean (*commit)   (KhWriter       *writer,
                        GError        **error);
  void     (*abort)    (KhWriter       *writer);
  void     (*finalize) (KhWriter       *writer);
  const char *(*temp_path) (KhWriter   *writer);
} KhWriterClass;

struct _KhWriter
{
  const KhWriterClass *klass;
  KhIoFormat           format;
  char                *name;       /* owned: the display name */
  char               **names;      /* owned: the column names */
  KhValueType         *types;      /* owned: the column types */
  guint                n_columns;
  guint64              n_records;
  gboolean             finished;   /* committed or aborted */
  GError              *error;      /* owned: the first error, returned again */
};

/* The type a cell is written as: the column's, or the cell's own when the
 * column's is KH_VALUE_NULL ("any"); null cells are always null. */
static inline KhValueType
_kh_writer_cell_type (KhWriter      *writer,
                      guint          column,
                      const KhValue *cell)
{
  if (cell->type == KH_VALUE_NULL || cell->str == NULL)
    return KH_VALUE_NULL;
  if (writer->types[column] != KH_VALUE_NULL)
    return writer->types[column];
  return cell->type;
}

/* Whether @str is a JSON number: an optional minus, digits without a
 * leading zero, and unless @integer an optional fraction. */
static inline gboolean
_kh_writer_is_number (const char *str,
                      gsize       len,
                      gboolean    integer)
{
  const guint8 *p = (const guint8 *) str;
  const guint8 *end = p + len;

  if (p < end && *p == '-')
    p++;
  if (p == end || (guint) (*p - '0') > 9)
    return FALSE;
  if (*p == '0' && p + 1 < end && (guint) (p[1] - '0') <= 9)
    return FALSE;  /* no leading zeros: JSON has none */
  while (p < end && (guint) (*p - '0') <= 9)
    p++;
  if (p < end && *p == '.' && !integer)
    {
      p++;
      if (p == end || (guint) (*p - '0') > 9)
        return FALSE;
      while (p < end && (guint) (*p - '0') <= 9)
        p++;
    }

  return p == end;
}
gboolean  _kh_writer_check_value    (KhWriter       *writer,
                                     guint           column,
                                     const KhValue  *cell,
                                     KhValueType     type,
                                     GError        **error);

/* Constructors: @writer is allocated by each, then _kh_writer_init(). */
void      _kh_writer_init           (KhWriter                *writer,
                                     const KhWriterClass     *klass,
                                     KhIoFormat               format,
                                     const char              *name,
                                     const char * const      *names,
                                     const KhValueType       *types,
                                     guint                    n_columns);

KhWriter *_kh_csv_writer_new        (const char              *path,
                                     const char * const      *names,
                                     const KhValueType       *types,
                                     guint                    n_columns,
                                     const KhWriterOptions   *options,
                                     GError                 **error);
KhWriter *_kh_ndjson_writer_new     (const char              *path,
                                     gboolean                 array,
                                     const char * const      *names,
                                     const KhValueType       *types,
                                     guint                    n_columns,
                                     const KhWriterOptions   *options,
                                     GError                 **error);
KhWriter *_kh_sqlite_writer_new     (const char              *path,
                                     const char * const      *names,
                                     const KhValueType       *types,
                                     guint                    n_columns,
                                     const KhWriterOptions   *options,
                                     GError                 **error);

G_END_DECLS
