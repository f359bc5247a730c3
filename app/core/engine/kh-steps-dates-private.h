/* kh-steps-dates-private.h: what tests see of the date steps
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kh-step-impl-private.h"

G_BEGIN_DECLS

gboolean _kh_parse_date_has_fast_path  (const KhStepImpl *step);
gboolean _kh_parse_date_eval_fast_only (const KhStepImpl *step,
                                        KhEvalContext    *ctx,
                                        const KhValue    *in,
                                        KhValue          *out);

G_END_DECLS
