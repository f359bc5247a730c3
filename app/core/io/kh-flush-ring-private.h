/* kh-flush-ring-private.h: asking the kernel for an fdatasync() without waiting
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#if defined(__linux__)
#include <sys/syscall.h>
#include <linux/io_uring.h>
#if defined(SYS_io_uring_setup) && defined(SYS_io_uring_enter) && defined(IORING_FSYNC_DATASYNC)
#define KH_HAVE_FLUSH_RING 1
#endif
#endif

G_BEGIN_DECLS

typedef struct _KhFlushRing KhFlushRing;

#ifdef KH_HAVE_FLUSH_RING
KhFlushRing *kh_flush_ring_new              (void);
void         kh_flush_ring_free             (KhFlushRing *ring);
gboolean     kh_flush_ring_submit_fdatasync (KhFlushRing *ring,
                                             int          fd);
gboolean     kh_flush_ring_reap             (KhFlushRing *ring,
                                             gboolean     wait,
                                             int         *res);
#endif

G_END_DECLS
