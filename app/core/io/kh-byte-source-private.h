/* kh-byte-source-private.h: a window on a byte stream, decoded to UTF-8
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * KhByteSource reads a file descriptor or a GInputStream in large blocks,
 * decodes it to UTF-8 with g_iconv() when the encoding is not UTF-8, drops
 * a byte-order mark, and keeps the data in one buffer that its consumer may
 * modify in place (the CSV reader writes NUL terminators into it).
 *
 * The consumer holds indices into @buf. kh_byte_source_fill() discards the
 * bytes before @keep (moving the rest to the front, so every index shifts
 * down by @keep) and appends new data; the buffer grows only when nothing
 * can be discarded. @buf always has room for one more byte after @len.
 */
typedef struct
{
  char          *buf;        /* owned; cap + 1 bytes */
  gsize          len;        /* valid bytes in buf */
  gsize          cap;
  guint64        base;       /* stream offset (decoded bytes) of buf[0] */
  gboolean       eof;        /* nothing follows buf[len] */
  gboolean       decoded;    /* iconv in use: the data is valid UTF-8 */
  char          *encoding;   /* owned; "UTF-8", "CP932", … */
  char          *name;       /* owned; the display name for messages */

  int            fd;         /* -1 when reading a stream */
  gboolean       close_fd;
  GInputStream  *stream;     /* owned, or NULL */
  GCancellable  *cancellable; /* owned, or NULL */
  guint64        raw_done;   /* bytes read from the file or stream */
  guint64        raw_total;  /* its size, 0 when unknown */

  GIConv         conv;       /* (GIConv) -1 when not decoding */
  char          *raw;        /* owned; undecoded bytes */
  gsize          raw_len;
  gsize          raw_cap;
  guint64        raw_base;   /* stream offset (raw bytes) of raw[0] */
  gboolean       raw_eof;
  GError        *pending;    /* owned; reported once the data before it is used */
} KhByteSource;

KhByteSource *kh_byte_source_new_fd     (int            fd,
                                         gboolean       close_fd,
                                         const char    *name,
                                         const char    *encoding,
                                         GCancellable  *cancellable,
                                         GError       **error);
KhByteSource *kh_byte_source_new_stream (GInputStream  *stream,
                                         const char    *name,
                                         const char    *encoding,
                                         GCancellable  *cancellable,
                                         GError       **error);
void          kh_byte_source_free       (KhByteSource  *src);
gboolean      kh_byte_source_fill       (KhByteSource  *src,
                                         gsize          keep,
                                         GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhByteSource, kh_byte_source_free)

G_END_DECLS
