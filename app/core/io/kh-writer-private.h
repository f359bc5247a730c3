/* kh-writer-private.h: what the format writers share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

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
_kh_writer_cell_type_in (const KhValueType *types,
                         guint              column,
                         const KhValue     *cell)
{
  if (cell->type == KH_VALUE_NULL || cell->str == NULL)
    return KH_VALUE_NULL;
  if (types[column] != KH_VALUE_NULL)
    return types[column];
  return cell->type;
}

static inline KhValueType
_kh_writer_cell_type (KhWriter      *writer,
                      guint          column,
                      const KhValue *cell)
{
  return _kh_writer_cell_type_in (writer->types, column, cell);
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

/* For each byte of @w, zero if it is an ASCII digit, else non-zero: its
 * high nibble is not 3, or its low nibble is above 9 (adding 6 carries
 * into bit 4; no carry crosses into the next byte). */
static inline guint64
_kh_writer_non_digits (guint64 w)
{
  const guint64 high = G_GUINT64_CONSTANT (0xF0F0F0F0F0F0F0F0);
  const guint64 low = G_GUINT64_CONSTANT (0x0F0F0F0F0F0F0F0F);

  return ((w & high) ^ G_GUINT64_CONSTANT (0x3030303030303030)) |
         (((w & low) + G_GUINT64_CONSTANT (0x0606060606060606)) & high);
}

/* _kh_writer_is_number(), the same answer for every input, faster for the
 * numbers a writer sees most (4 to 16 bytes after the sign): the NDJSON
 * writer checks every number cell of every record. The bytes are looked at
 * in two overlapping words (reading only [str, str + len)); a number is
 * all digits except at most one '.', so it is enough to find the first
 * and the last byte that is not a digit. Other lengths go byte by byte. */
static inline gboolean
_kh_writer_is_number_fast (const char *str,
                           gsize       len,
                           gboolean    integer)
{
#if G_BYTE_ORDER == G_LITTLE_ENDIAN && (defined(__GNUC__) || defined(__clang__))
  const char *s = str;
  gsize n = len;
  guint64 a, b;
  gsize b_start, first, last;

  if (n > 0 && s[0] == '-')
    {
      s++;
      n--;
    }
  if (n < 4 || n > 16)
    return _kh_writer_is_number (str, len, integer);

  /* a: the first 8 (or 4) bytes, b: the last ones; byte i of the text is
   * byte i of a, or byte i - b_start of b (little-endian). */
  if (n >= 8)
    {
      guint64 x, y;

      memcpy (&x, s, 8);
      memcpy (&y, s + n - 8, 8);
      a = _kh_writer_non_digits (x);
      b = _kh_writer_non_digits (y);
      b_start = n - 8;
    }
  else
    {
      guint32 x, y;

      memcpy (&x, s, 4);
      memcpy (&y, s + n - 4, 4);
      a = _kh_writer_non_digits (x) & 0xFFFFFFFFu;
      b = _kh_writer_non_digits (y) & 0xFFFFFFFFu;
      b_start = n - 4;
    }

  if ((a | b) == 0)
    return s[0] != '0';   /* all digits, n >= 4: no leading zero */
  if (integer)
    return FALSE;

  first = a != 0 ? (gsize) __builtin_ctzll (a) / 8 : b_start + (gsize) __builtin_ctzll (b) / 8;
  last = b != 0 ? b_start + (gsize) (63 - __builtin_clzll (b)) / 8 : (gsize) (63 - __builtin_clzll (a)) / 8;

  /* One byte that is not a digit: a '.' with digits on both sides, and a
   * leading zero only right before it. */
  return first == last && s[first] == '.' && first > 0 && first + 1 < n &&
         (s[0] != '0' || first == 1);
#else
  return _kh_writer_is_number (str, len, integer);
#endif
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
