/* kh-code-probe-private.h: the values a lookup step is given
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kh-engine.h"
#include "kh-mapping.h"
#include "kh-sample-set.h"

G_BEGIN_DECLS

/* One value a code list does not cover, and how often it came. */
typedef struct
{
  char   *value;     /* owned */
  guint   count;
  int     first;     /* the first sample row that gave it, or -1 (schema codes) */
} KhUncoveredCode;

/* What a code list misses for one lookup step of one rule. */
typedef struct
{
  char          *target;     /* owned: the rule */
  guint          step_index; /* the lookup step */
  char          *code_list;  /* owned */
  KhUnknownCode  unknown;
  GArray        *samples;    /* owned, of KhUncoveredCode: from the samples, in first-seen order */
  GArray        *schema;     /* owned, of KhUncoveredCode: from the source field's codes */
  char          *source;     /* owned, nullable: the source field whose codes were checked */
} KhCodeGap;

void       kh_code_gap_free   (KhCodeGap   *gap);
GPtrArray *kh_code_probe_scan (KhMapping   *mapping,
                               KhEntity    *source_entity,
                               KhSampleSet *samples);

G_END_DECLS
