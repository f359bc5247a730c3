/* io-trickle-stream.h: an input stream that hands out a few bytes per read
 *
 * Reading through it puts a refill of the reader's buffer at every
 * position of the input: inside a quoted field, between CR and LF, inside
 * a doubled quote, a multi-byte character or a multi-byte delimiter.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include <gio/gio.h>

#define IO_TYPE_TRICKLE_STREAM (io_trickle_stream_get_type ())
G_DECLARE_FINAL_TYPE (IoTrickleStream, io_trickle_stream, IO, TRICKLE_STREAM, GInputStream)

struct _IoTrickleStream
{
  GInputStream  parent_instance;
  GBytes       *bytes;
  gsize         pos;
  guint         reads;
};

G_DEFINE_FINAL_TYPE (IoTrickleStream, io_trickle_stream, G_TYPE_INPUT_STREAM)

static gssize
io_trickle_stream_read (GInputStream  *stream,
                        void          *buffer,
                        gsize          count,
                        GCancellable  *cancellable,
                        GError       **error)
{
  IoTrickleStream *self = (IoTrickleStream *) stream;
  gsize size;
  const char *data = g_bytes_get_data (self->bytes, &size);
  gsize want = 1 + self->reads++ % 7;   /* not inside MIN(), which evaluates it twice */
  gsize n = MIN (MIN (count, want), size - self->pos);

  memcpy (buffer, data + self->pos, n);
  self->pos += n;
  return n;
}

static void
io_trickle_stream_finalize (GObject *object)
{
  IoTrickleStream *self = (IoTrickleStream *) object;

  g_bytes_unref (self->bytes);
  G_OBJECT_CLASS (io_trickle_stream_parent_class)->finalize (object);
}

static void
io_trickle_stream_class_init (IoTrickleStreamClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = io_trickle_stream_finalize;
  G_INPUT_STREAM_CLASS (klass)->read_fn = io_trickle_stream_read;
}

static void
io_trickle_stream_init (IoTrickleStream *self)
{
}

static inline GInputStream *
io_trickle_stream_new (const char *data,
                       gsize       len)
{
  IoTrickleStream *self = g_object_new (IO_TYPE_TRICKLE_STREAM, NULL);

  self->bytes = g_bytes_new (data, len);
  return G_INPUT_STREAM (self);
}
