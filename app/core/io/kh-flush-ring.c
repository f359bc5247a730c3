/* kh-flush-ring.c: asking the kernel for an fdatasync() without waiting
 *
 * A minimal io_uring (two entries, through the raw system calls: no
 * library) whose only request is IORING_OP_FSYNC with
 * IORING_FSYNC_DATASYNC. The kernel carries the request out on its own
 * while the process goes on; the process stays single-threaded. Linux
 * AIO's IOCB_CMD_FDSYNC would do the same, but tearing an AIO context
 * down (or exiting with one) waits some 40 ms; an io_uring goes at once.
 * See kh-file-sink.c for why a sink flushes early.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-flush-ring"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "kh-flush-ring-private.h"

#ifdef KH_HAVE_FLUSH_RING

#include <sys/mman.h>
#include <sys/syscall.h>
#include <linux/io_uring.h>

struct _KhFlushRing
{
  int                   fd;
  guint8               *sq;           /* the submission ring's mapping */
  gsize                 sq_size;
  guint8               *cq;           /* the completion ring's (may be sq) */
  gsize                 cq_size;
  struct io_uring_sqe  *sqes;
  gsize                 sqes_size;
  struct io_uring_params params;
};

/**
 * kh_flush_ring_free:
 *
 * Closes the ring. A flush still in flight goes on in the kernel.
 */
void
kh_flush_ring_free (KhFlushRing *ring)
{
  if (ring->sqes != NULL && ring->sqes != MAP_FAILED)
    munmap (ring->sqes, ring->sqes_size);
  if (ring->cq != NULL && ring->cq != MAP_FAILED && ring->cq != ring->sq)
    munmap (ring->cq, ring->cq_size);
  if (ring->sq != NULL && ring->sq != MAP_FAILED)
    munmap (ring->sq, ring->sq_size);
  if (ring->fd >= 0)
    close (ring->fd);
  g_free (ring);
}

/**
 * kh_flush_ring_new:
 *
 * Returns: (transfer full) (nullable): a ring, or %NULL where the kernel
 *   has no io_uring or forbids it
 */
KhFlushRing *
kh_flush_ring_new (void)
{
  KhFlushRing *ring = g_new0 (KhFlushRing, 1);
  struct io_uring_params *p = &ring->params;

  ring->fd = (int) syscall (SYS_io_uring_setup, 2, p);
  if (ring->fd < 0)
    {
      g_free (ring);
      return NULL;
    }

  ring->sq_size = p->sq_off.array + p->sq_entries * sizeof (guint32);
  ring->cq_size = p->cq_off.cqes + p->cq_entries * sizeof (struct io_uring_cqe);
  if (p->features & IORING_FEAT_SINGLE_MMAP)
    ring->sq_size = ring->cq_size = MAX (ring->sq_size, ring->cq_size);
  ring->sqes_size = p->sq_entries * sizeof (struct io_uring_sqe);

  ring->sq = mmap (NULL, ring->sq_size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE,
                   ring->fd, IORING_OFF_SQ_RING);
  if (ring->sq == MAP_FAILED)
    {
      kh_flush_ring_free (ring);
      return NULL;
    }
  if (p->features & IORING_FEAT_SINGLE_MMAP)
    ring->cq = ring->sq;
  else
    ring->cq = mmap (NULL, ring->cq_size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE,
                     ring->fd, IORING_OFF_CQ_RING);
  ring->sqes = mmap (NULL, ring->sqes_size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE,
                     ring->fd, IORING_OFF_SQES);
  if (ring->cq == MAP_FAILED || ring->sqes == MAP_FAILED)
    {
      kh_flush_ring_free (ring);
      return NULL;
    }
  return ring;
}

#define RING_U32(base, offset) ((guint32 *) (gpointer) ((base) + (offset)))

/**
 * kh_flush_ring_submit_fdatasync:
 * @fd: a file
 *
 * Asks the kernel for an fdatasync() of @fd, without waiting for it; its
 * result comes back through kh_flush_ring_reap(). At most one may be in
 * flight.
 *
 * Returns: whether the request was taken
 */
gboolean
kh_flush_ring_submit_fdatasync (KhFlushRing *ring,
                                int          fd)
{
  guint32 tail = *RING_U32 (ring->sq, ring->params.sq_off.tail);
  guint32 index = tail & *RING_U32 (ring->sq, ring->params.sq_off.ring_mask);
  struct io_uring_sqe *sqe = &ring->sqes[index];
  long n;

  memset (sqe, 0, sizeof *sqe);
  sqe->opcode = IORING_OP_FSYNC;
  sqe->fd = fd;
  sqe->fsync_flags = IORING_FSYNC_DATASYNC;
  RING_U32 (ring->sq, ring->params.sq_off.array)[index] = index;
  __atomic_store_n (RING_U32 (ring->sq, ring->params.sq_off.tail), tail + 1, __ATOMIC_RELEASE);

  do
    n = syscall (SYS_io_uring_enter, ring->fd, 1, 0, 0, NULL, 0);
  while (n < 0 && errno == EINTR);
  return n == 1;
}

/**
 * kh_flush_ring_reap:
 * @wait: whether to wait for a request in flight
 * @res: (out): the result of the request: 0, or minus an errno
 *
 * Returns: %FALSE when no request has completed (without @wait), else
 *   %TRUE with @res set
 */
gboolean
kh_flush_ring_reap (KhFlushRing *ring,
                    gboolean     wait,
                    int         *res)
{
  guint32 *head = RING_U32 (ring->cq, ring->params.cq_off.head);
  guint32 *tail = RING_U32 (ring->cq, ring->params.cq_off.tail);
  guint32 h = *head;

  while (h == __atomic_load_n (tail, __ATOMIC_ACQUIRE))
    {
      long n;

      if (!wait)
        return FALSE;
      n = syscall (SYS_io_uring_enter, ring->fd, 0, 1, IORING_ENTER_GETEVENTS, NULL, 0);
      if (n < 0 && errno != EINTR)
        return FALSE;
    }

  {
    struct io_uring_cqe *cqes = (struct io_uring_cqe *) (gpointer) (ring->cq + ring->params.cq_off.cqes);

    *res = cqes[h & *RING_U32 (ring->cq, ring->params.cq_off.ring_mask)].res;
  }
  __atomic_store_n (head, h + 1, __ATOMIC_RELEASE);
  return TRUE;
}

#endif /* KH_HAVE_FLUSH_RING */
