/* kh-byte-source.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-byte-source"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "kh-byte-source-private.h"
#include "kh-error.h"

#define BLOCK_SIZE (512 * 1024)  /* initial buffer and read size */
#define SNIFF_SIZE (64 * 1024)   /* what encoding detection looks at */
#define RAW_SIZE   (256 * 1024)  /* undecoded bytes held for g_iconv() */

typedef enum
{
  ENCODING_UTF8,
  ENCODING_AUTO,
  ENCODING_OTHER,
} EncodingKind;

/* Resolve an encoding label. Shift_JIS labels mean CP932 (Windows-31J), as
 * in the WHATWG Encoding Standard: what Japanese systems call Shift_JIS is
 * nearly always CP932, which is a superset. */
static EncodingKind
resolve_encoding (const char  *label,
                  char       **iconv_name)
{
  static const char * const cp932[] = {
    "cp932", "shiftjis", "sjis", "ms932", "windows31j", "mskanji", "xsjis",
    "csshiftjis", "xmscp932",
  };
  g_autoptr(GString) key = g_string_new (NULL);

  *iconv_name = NULL;

  if (label == NULL || *label == '\0')
    return ENCODING_UTF8;

  for (const char *p = label; *p != '\0'; p++)
    if (*p != '-' && *p != '_' && *p != ' ')
      g_string_append_c (key, g_ascii_tolower (*p));

  if (strcmp (key->str, "utf8") == 0)
    return ENCODING_UTF8;
  if (strcmp (key->str, "auto") == 0)
    return ENCODING_AUTO;

  for (guint i = 0; i < G_N_ELEMENTS (cp932); i++)
    if (strcmp (key->str, cp932[i]) == 0)
      {
        *iconv_name = g_strdup ("CP932");
        return ENCODING_OTHER;
      }

  *iconv_name = g_strdup (label);
  return ENCODING_OTHER;
}

static gssize
raw_read (KhByteSource  *src,
          char          *dest,
          gsize          size,
          GError       **error)
{
  gssize n;

  if (g_cancellable_is_cancelled (src->cancellable))
    {
      g_set_error (error, KH_ERROR, KH_ERROR_CANCELLED,
                   _("Reading “%s” was cancelled"), src->name);
      return -1;
    }

  if (src->stream != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      n = g_input_stream_read (src->stream, dest, size, src->cancellable, &local_error);
      if (n < 0)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_set_error (error, KH_ERROR, KH_ERROR_CANCELLED,
                         _("Reading “%s” was cancelled"), src->name);
          else
            g_set_error (error, KH_ERROR, KH_ERROR_INPUT,
                         _("Cannot read “%s”: %s"), src->name, local_error->message);
          return -1;
        }
    }
  else
    {
      do
        n = read (src->fd, dest, size);
      while (n < 0 && errno == EINTR);

      if (n < 0)
        {
          int saved_errno = errno;

          g_set_error (error, KH_ERROR, KH_ERROR_INPUT,
                       _("Cannot read “%s”: %s"), src->name, g_strerror (saved_errno));
          return -1;
        }
    }

  src->raw_done += n;
  return n;
}

static void
grow (KhByteSource *src,
      gsize         min_free)
{
  while (src->cap - src->len < min_free)
    src->cap *= 2;
  src->buf = g_realloc (src->buf, src->cap + 1);
}

/* Decode raw bytes into buf until at least one byte was produced, the
 * input ended, or an error is pending. */
static gboolean
decode_more (KhByteSource  *src,
             GError       **error)
{
  for (;;)
    {
      char *inp;
      char *outp;
      gsize inleft;
      gsize outleft;
      gsize produced;
      gsize consumed;
      gsize r;
      int saved_errno;

      if (src->pending != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&src->pending));
          return FALSE;
        }

      if (!src->raw_eof && src->raw_len < src->raw_cap)
        {
          gssize n = raw_read (src, src->raw + src->raw_len, src->raw_cap - src->raw_len, error);

          if (n < 0)
            return FALSE;
          if (n == 0)
            src->raw_eof = TRUE;
          src->raw_len += n;
        }

      if (src->cap - src->len < 8)
        grow (src, BLOCK_SIZE);

      inp = src->raw;
      inleft = src->raw_len;
      outp = src->buf + src->len;
      outleft = src->cap - src->len;
      r = g_iconv (src->conv, &inp, &inleft, &outp, &outleft);
      saved_errno = errno;

      produced = outp - (src->buf + src->len);
      consumed = inp - src->raw;
      src->len += produced;
      memmove (src->raw, src->raw + consumed, src->raw_len - consumed);
      src->raw_len -= consumed;
      src->raw_base += consumed;

      if (r == (gsize) -1 && saved_errno == EILSEQ)
        {
          g_autoptr(GString) bytes = g_string_new (NULL);

          for (gsize i = 0; i < MIN (src->raw_len, 2); i++)
            g_string_append_printf (bytes, "%s0x%02X", i > 0 ? " " : "",
                                    (guint8) src->raw[i]);
          src->pending = g_error_new (KH_ERROR, KH_ERROR_ENCODING,
                                      _("invalid %s byte sequence %s at byte offset %llu"),
                                      src->encoding, bytes->str, (unsigned long long) src->raw_base);
          src->raw_len = 0;
          src->raw_eof = TRUE;
        }
      else if (r == (gsize) -1 && saved_errno == EINVAL && src->raw_eof)
        {
          src->pending = g_error_new (KH_ERROR, KH_ERROR_ENCODING,
                                      _("the input ends inside a %s character (byte offset %llu)"),
                                      src->encoding, (unsigned long long) src->raw_base);
          src->raw_len = 0;
        }
      else if (r != (gsize) -1 && src->raw_eof && src->raw_len == 0)
        {
          outp = src->buf + src->len;
          outleft = src->cap - src->len;
          g_iconv (src->conv, NULL, NULL, &outp, &outleft);
          src->len = outp - src->buf;
          src->eof = TRUE;
          return TRUE;
        }

      if (produced > 0)
        return TRUE;
    }
}

/**
 * kh_byte_source_fill:
 * @keep: discard the bytes before this index
 *
 * Discards `buf[0..keep)`, then appends data, so that on success at least
 * one new byte follows the old data or @eof is set.
 */
gboolean
kh_byte_source_fill (KhByteSource  *src,
                     gsize          keep,
                     GError       **error)
{
  g_assert (keep <= src->len);

  if (keep > 0)
    {
      memmove (src->buf, src->buf + keep, src->len - keep);
      src->len -= keep;
      src->base += keep;
    }

  if (src->eof)
    return TRUE;

  if (src->len == src->cap)
    grow (src, src->cap);

  if (src->conv != (GIConv) -1)
    return decode_more (src, error);

  for (;;)
    {
      gssize n = raw_read (src, src->buf + src->len, src->cap - src->len, error);

      if (n < 0)
        return FALSE;
      if (n == 0)
        src->eof = TRUE;
      src->len += n;
      return TRUE;
    }
}

/* Whether the head looks like UTF-8, ignoring a sequence cut at its end. */
static gboolean
head_is_utf8 (const char *head,
              gsize       len,
              gboolean    at_eof)
{
  const char *end = NULL;

  if (g_utf8_validate_len (head, len, &end))
    return TRUE;

  return !at_eof && len - (end - head) < 4 &&
         ((guint8) *end & 0xC0) == 0xC0;
}

static gboolean
head_decodes_as (const char *head,
                 gsize       len,
                 const char *charset)
{
  GIConv conv = g_iconv_open ("UTF-8", charset);
  g_autofree char *out = NULL;
  char *inp = (char *) head;
  char *outp;
  gsize inleft = len;
  gsize outleft = len * 4 + 4;
  gsize r;
  int saved_errno;

  if (conv == (GIConv) -1)
    return FALSE;

  outp = out = g_malloc (outleft);
  r = g_iconv (conv, &inp, &inleft, &outp, &outleft);
  saved_errno = errno;
  g_iconv_close (conv);

  return r != (gsize) -1 || saved_errno == EINVAL;
}

static void
drop_front (KhByteSource *src,
            gsize         n)
{
  memmove (src->buf, src->buf + n, src->len - n);
  src->len -= n;
}

static KhByteSource *
byte_source_new (int            fd,
                 gboolean       close_fd,
                 GInputStream  *stream,
                 const char    *name,
                 const char    *encoding,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(KhByteSource) src = g_new0 (KhByteSource, 1);
  g_autofree char *iconv_name = NULL;
  EncodingKind kind;

  src->fd = fd;
  src->close_fd = close_fd;
  src->stream = stream != NULL ? g_object_ref (stream) : NULL;
  src->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  src->name = g_strdup (name);
  src->conv = (GIConv) -1;
  src->cap = BLOCK_SIZE;
  src->buf = g_malloc (src->cap + 1);

  if (fd >= 0)
    {
      struct stat st;

      if (fstat (fd, &st) == 0)
        {
          if (S_ISDIR (st.st_mode))
            {
              g_set_error (error, KH_ERROR, KH_ERROR_INPUT,
                           _("Cannot read “%s”: it is a directory"), name);
              return NULL;
            }
          if (S_ISREG (st.st_mode))
            {
              src->raw_total = st.st_size;
#ifdef POSIX_FADV_SEQUENTIAL
              posix_fadvise (fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
            }
        }
    }
  else if (G_IS_FILE_INPUT_STREAM (stream))
    {
      g_autoptr(GFileInfo) info =
        g_file_input_stream_query_info (G_FILE_INPUT_STREAM (stream),
                                        G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                        cancellable, NULL);

      if (info != NULL)
        src->raw_total = g_file_info_get_size (info);
    }

  kind = resolve_encoding (encoding, &iconv_name);

  /* The head: enough bytes to recognise the encoding and the format. */
  while (!src->eof && src->len < SNIFF_SIZE)
    {
      gssize n = raw_read (src, src->buf + src->len, src->cap - src->len, error);

      if (n < 0)
        return NULL;
      if (n == 0)
        src->eof = TRUE;
      src->len += n;
    }

  if (kind == ENCODING_AUTO)
    {
      const guint8 *b = (const guint8 *) src->buf;

      if (src->len >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF)
        kind = ENCODING_UTF8;
      else if (src->len >= 2 && b[0] == 0xFF && b[1] == 0xFE)
        {
          kind = ENCODING_OTHER;
          iconv_name = g_strdup ("UTF-16LE");
          drop_front (src, 2);
        }
      else if (src->len >= 2 && b[0] == 0xFE && b[1] == 0xFF)
        {
          kind = ENCODING_OTHER;
          iconv_name = g_strdup ("UTF-16BE");
          drop_front (src, 2);
        }
      else if (head_is_utf8 (src->buf, src->len, src->eof))
        kind = ENCODING_UTF8;
      else if (head_decodes_as (src->buf, src->len, "CP932"))
        {
          kind = ENCODING_OTHER;
          iconv_name = g_strdup ("CP932");
        }
      else
        kind = ENCODING_UTF8;
    }

  if (kind == ENCODING_UTF8)
    {
      src->encoding = g_strdup ("UTF-8");
      if (src->len >= 3 && memcmp (src->buf, "\xEF\xBB\xBF", 3) == 0)
        drop_front (src, 3);
      return g_steal_pointer (&src);
    }

  src->conv = g_iconv_open ("UTF-8", iconv_name);
  if (src->conv == (GIConv) -1)
    {
      g_set_error (error, KH_ERROR, KH_ERROR_ENCODING,
                   _("Unknown encoding “%s” for “%s”"), encoding, name);
      return NULL;
    }
  src->encoding = g_ascii_strup (iconv_name, -1);
  src->decoded = TRUE;

  /* Hand the head to the decoder. */
  src->raw_cap = MAX (RAW_SIZE, src->len);
  src->raw = g_malloc (src->raw_cap);
  memcpy (src->raw, src->buf, src->len);
  src->raw_len = src->len;
  src->raw_eof = src->eof;
  src->len = 0;
  src->eof = FALSE;

  if (!decode_more (src, error))
    return NULL;
  if (src->len >= 3 && memcmp (src->buf, "\xEF\xBB\xBF", 3) == 0)
    drop_front (src, 3);

  return g_steal_pointer (&src);
}

/**
 * kh_byte_source_new_fd:
 * @fd: a readable file descriptor
 * @close_fd: whether to close @fd when done
 * @name: the display name for messages
 * @encoding: (nullable): the encoding: %NULL or "utf-8", "auto", "cp932",
 *   "shift_jis" (taken as CP932), or any name g_iconv_open() knows
 *
 * Reads the head of the input at once, to detect the encoding.
 */
KhByteSource *
kh_byte_source_new_fd (int            fd,
                       gboolean       close_fd,
                       const char    *name,
                       const char    *encoding,
                       GCancellable  *cancellable,
                       GError       **error)
{
  /* On failure, @fd is closed when @close_fd says so. */
  return byte_source_new (fd, close_fd, NULL, name, encoding, cancellable, error);
}

KhByteSource *
kh_byte_source_new_stream (GInputStream  *stream,
                           const char    *name,
                           const char    *encoding,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);

  return byte_source_new (-1, FALSE, stream, name, encoding, cancellable, error);
}

void
kh_byte_source_free (KhByteSource *src)
{
  if (src == NULL)
    return;

  if (src->close_fd && src->fd >= 0)
    close (src->fd);
  g_clear_object (&src->stream);
  g_clear_object (&src->cancellable);
  if (src->conv != (GIConv) -1)
    g_iconv_close (src->conv);
  g_clear_error (&src->pending);
  g_free (src->raw);
  g_free (src->buf);
  g_free (src->encoding);
  g_free (src->name);
  g_free (src);
}
