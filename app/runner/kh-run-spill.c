/* kh-run-spill.c: the evaluated records a keep="last" dedupe holds back
 *
 * With keep="last", whether a record is written is known only at the end
 * of the input, and a winner is written at the position of its own input
 * order. So the first pass spills every record that may be written (its
 * ordinal and output cells) to a temporary file, and the second pass reads
 * them back in order and writes those the dedupe index did not supersede.
 *
 * The file is created in the temporary folder ($TMPDIR) and removed from
 * the folder at once: only the open descriptor keeps it, so it disappears
 * whatever happens to the run, even a crash. Memory stays constant: one
 * buffer, as large as the largest record if that is more than 1 MiB.
 *
 * Format, per record, in host byte order: the size of the rest of the
 * record (4 bytes), the ordinal, number and line (8 bytes each), then per
 * cell a type byte and, unless null, a 4-byte length, the bytes and a NUL,
 * so that the cells read back can point into the buffer as they are.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakehashi-run"

#include "config.h"

#include "kh-run-spill.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "kh-error.h"

#define SPILL_BUFFER_SIZE (1024 * 1024)
#define HEAD_SIZE         (4 + 3 * 8)

struct _KhRunSpill
{
  int       fd;
  char     *name;        /* owned, for messages */
  guint     n_columns;
  guint64   n_records;
  guint64   n_read;
  KhValue  *cells;       /* owned, n_columns: the record read last */
  char     *buf;         /* owned */
  gsize     cap;
  gsize     len;         /* bytes in buf */
  gsize     pos;         /* reading: the next unread byte */
  gboolean  reading;
  gboolean  at_eof;
};

static gboolean
set_io_error (KhRunSpill  *self,
              int          saved_errno,
              GError     **error)
{
  g_set_error (error, KH_ERROR, KH_ERROR_OUTPUT,
               _("Cannot use the temporary file “%s”: %s"),
               self->name, saved_errno != 0 ? g_strerror (saved_errno) : _("unexpected end of file"));
  return FALSE;
}

/**
 * kh_run_spill_new:
 * @n_columns: the number of output cells per record
 *
 * Returns: (transfer full): an empty spill file, or %NULL with @error set
 */
KhRunSpill *
kh_run_spill_new (guint    n_columns,
                  GError **error)
{
  g_autoptr(KhRunSpill) self = g_new0 (KhRunSpill, 1);
  g_autofree char *path = NULL;

  self->fd = g_file_open_tmp ("kakehashi-run-XXXXXX.spill", &path, error);
  if (self->fd < 0)
    return NULL;

  /* Gone from the folder at once; the descriptor keeps the data. */
  g_unlink (path);
  self->name = g_filename_display_name (path);
  self->n_columns = n_columns;
  self->cells = g_new0 (KhValue, MAX (n_columns, 1));
  self->cap = SPILL_BUFFER_SIZE;
  self->buf = g_malloc (self->cap);

  return g_steal_pointer (&self);
}

static gboolean
flush (KhRunSpill  *self,
       GError     **error)
{
  const char *p = self->buf;
  gsize left = self->len;

  while (left > 0)
    {
      gssize n = write (self->fd, p, left);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          return set_io_error (self, errno, error);
        }
      p += n;
      left -= (gsize) n;
    }
  self->len = 0;
  return TRUE;
}

/**
 * kh_run_spill_add:
 * @cells: (array): the record's output cells
 *
 * Appends a record.
 */
gboolean
kh_run_spill_add (KhRunSpill     *self,
                  guint64         ordinal,
                  guint64         number,
                  guint64         line,
                  const KhValue  *cells,
                  GError        **error)
{
  guint64 head[3] = { ordinal, number, line };
  gsize size = HEAD_SIZE;
  guint32 rest;
  char *w;

  g_return_val_if_fail (!self->reading, FALSE);

  for (guint i = 0; i < self->n_columns; i++)
    {
      size += 1;
      if (cells[i].type != KH_VALUE_NULL && cells[i].str != NULL)
        size += 4 + cells[i].len + 1;
    }
  if (size > G_MAXUINT32)
    return set_io_error (self, EFBIG, error);

  if (self->len + size > self->cap)
    {
      if (!flush (self, error))
        return FALSE;
      if (size > self->cap)
        {
          self->cap = size;
          self->buf = g_realloc (self->buf, self->cap);
        }
    }

  w = self->buf + self->len;
  rest = (guint32) (size - 4);
  memcpy (w, &rest, 4);
  memcpy (w + 4, head, sizeof head);
  w += HEAD_SIZE;
  for (guint i = 0; i < self->n_columns; i++)
    {
      const KhValue *cell = &cells[i];

      if (cell->type == KH_VALUE_NULL || cell->str == NULL)
        {
          *w++ = KH_VALUE_NULL;
          continue;
        }
      {
        guint32 len = (guint32) cell->len;

        *w++ = (char) cell->type;
        memcpy (w, &len, 4);
        memcpy (w + 4, cell->str, cell->len);
        w[4 + cell->len] = '\0';
        w += 4 + cell->len + 1;
      }
    }
  self->len += size;
  self->n_records++;

  return TRUE;
}

/**
 * kh_run_spill_rewind:
 *
 * Ends the writing; kh_run_spill_next() then reads the records from the
 * first.
 */
gboolean
kh_run_spill_rewind (KhRunSpill  *self,
                     GError     **error)
{
  if (!self->reading && !flush (self, error))
    return FALSE;
  if (lseek (self->fd, 0, SEEK_SET) != 0)
    return set_io_error (self, errno, error);
  self->reading = TRUE;
  self->at_eof = FALSE;
  self->len = 0;
  self->pos = 0;
  self->n_read = 0;
  return TRUE;
}

/* Makes @n bytes from the read position available in the buffer. */
static gboolean
fill (KhRunSpill  *self,
      gsize        n,
      GError     **error)
{
  if (self->len - self->pos >= n)
    return TRUE;

  /* Keep the unread bytes, at the start of the buffer. */
  memmove (self->buf, self->buf + self->pos, self->len - self->pos);
  self->len -= self->pos;
  self->pos = 0;
  if (n > self->cap)
    {
      self->cap = n;
      self->buf = g_realloc (self->buf, self->cap);
    }

  while (self->len < n)
    {
      gssize got;

      if (self->at_eof)
        return set_io_error (self, 0, error);
      got = read (self->fd, self->buf + self->len, self->cap - self->len);
      if (got < 0)
        {
          if (errno == EINTR)
            continue;
          return set_io_error (self, errno, error);
        }
      if (got == 0)
        self->at_eof = TRUE;
      self->len += (gsize) got;
    }

  return TRUE;
}

/**
 * kh_run_spill_next:
 * @cells: (out) (transfer none): the record's cells, valid until the next
 *   call
 *
 * Reads the next record.
 *
 * Returns: %FALSE at the end (@error unset) or on an error (@error set)
 */
gboolean
kh_run_spill_next (KhRunSpill     *self,
                   guint64        *ordinal,
                   guint64        *number,
                   guint64        *line,
                   const KhValue **cells,
                   GError        **error)
{
  guint64 head[3];
  guint32 rest;
  const char *r;

  g_return_val_if_fail (self->reading, FALSE);

  if (self->n_read == self->n_records)
    return FALSE;

  if (!fill (self, 4, error))
    return FALSE;
  memcpy (&rest, self->buf + self->pos, 4);
  if (!fill (self, 4 + (gsize) rest, error))
    return FALSE;

  r = self->buf + self->pos + 4;
  memcpy (head, r, sizeof head);
  r += sizeof head;
  for (guint i = 0; i < self->n_columns; i++)
    {
      KhValue *cell = &self->cells[i];
      guint32 len;

      cell->type = (KhValueType) (guint8) *r++;
      if (cell->type == KH_VALUE_NULL)
        {
          cell->str = NULL;
          cell->len = 0;
          continue;
        }
      memcpy (&len, r, 4);
      cell->str = r + 4;
      cell->len = len;
      r += 4 + (gsize) len + 1;
    }

  self->pos += 4 + (gsize) rest;
  self->n_read++;
  *ordinal = head[0];
  *number = head[1];
  *line = head[2];
  *cells = self->cells;
  return TRUE;
}

guint64
kh_run_spill_get_n_records (KhRunSpill *self)
{
  return self->n_records;
}

void
kh_run_spill_free (KhRunSpill *self)
{
  if (self == NULL)
    return;

  if (self->fd >= 0)
    close (self->fd);
  g_free (self->name);
  g_free (self->cells);
  g_free (self->buf);
  g_free (self);
}
