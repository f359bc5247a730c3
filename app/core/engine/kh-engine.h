/* kh-engine.h: the transform engine: plans, results, dedupe, golden records
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kh-deduper.h"
#include "kh-golden.h"
#include "kh-plan.h"
#include "kh-record-result.h"
#include "kh-step-check.h"
