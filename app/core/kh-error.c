/* kh-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-error"

#include "config.h"

#include "kh-error.h"

G_DEFINE_QUARK (kh-error-quark, kh_error)
