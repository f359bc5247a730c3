/* kh-swar-private.h: looking at eight bytes at a time in a 64-bit word
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* KH_BYTES (b): the byte b in each byte of a word. KH_HAS_ZERO (x): non-zero
 * when a byte of x is 0. KH_HAS_LESS (x, n): non-zero when a byte of x is
 * less than n (n <= 128). Both are exact as "any" tests. */
#define KH_BYTES(b)       (0x0101010101010101ULL * (guint8) (b))
#define KH_HAS_ZERO(x)    (((x) - KH_BYTES (1)) & ~(x) & KH_BYTES (0x80))
#define KH_HAS_LESS(x, n) (((x) - KH_BYTES (n)) & ~(x) & KH_BYTES (0x80))

G_END_DECLS
