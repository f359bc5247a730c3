/* kh-deduper.h: the dedupe index of one run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kh-plan.h"
#include "kh-record-result.h"
#include "kh-value.h"

G_BEGIN_DECLS

/**
 * KhDedupeVerdict:
 * @KH_DEDUPE_UNIQUE: the key was not seen before. With keep="first" the
 *   record is written; with keep="last" it is the key's winner so far.
 * @KH_DEDUPE_DUPLICATE: keep="first" only: the key was seen before, the
 *   record is a duplicate.
 * @KH_DEDUPE_SUPERSEDES: keep="last" only: the key was seen before; this
 *   record is now its winner and the earlier winner (returned in
 *   @superseded) is a duplicate.
 * @KH_DEDUPE_NO_KEY: a part of the key is missing (null or empty): the
 *   record is never a duplicate and is not indexed.
 * @KH_DEDUPE_FAILED: the index cannot grow (more than 4 GiB of keys); the
 *   error says so.
 *
 * What kh_deduper_add() decided.
 */
typedef enum
{
  KH_DEDUPE_UNIQUE,
  KH_DEDUPE_DUPLICATE,
  KH_DEDUPE_SUPERSEDES,
  KH_DEDUPE_NO_KEY,
  KH_DEDUPE_FAILED,
} KhDedupeVerdict;

/**
 * KhDeduper:
 *
 * The dedupe index of one run: the exact keys seen so far (never only
 * their hashes), stored compactly (an arena of length-prefixed keys and an
 * open-addressing table of 32-bit offsets and 32 bits of hash: about
 * 11–21 bytes of table, about 11 when the table was sized for the keys
 * with kh_deduper_reserve(), plus the key's length + 1 per key, so a
 * million 10-byte keys take about 22–33 MB). With keep="first", keys of
 * one part that are integers written plainly (customer numbers, say) are
 * kept by value instead, 64 values to a slot of 16 bytes: a million such
 * keys in order take about half a megabyte, and each lookup after the
 * first of its 64 finds its slot in the cache.
 *
 * With keep="first" the verdict is final at once: a record whose verdict is
 * %KH_DEDUPE_DUPLICATE is a duplicate, every other one is written.
 *
 * With keep="last" a record's fate is known only once the whole input has
 * been seen, and a winner is written at the position of its own input
 * order. A streaming runner therefore works in two passes:
 *
 * 1. Evaluate every record. Pass each one that would be written (outcome
 *    %KH_OUTCOME_WRITTEN from kh_plan_eval()) to kh_deduper_add() with a
 *    strictly increasing ordinal (the record number is a good one), and
 *    keep its output aside (a spill file of the evaluated cells, or nothing
 *    when the input can simply be read again).
 * 2. Go through the kept records (or the input again) in order and ask
 *    kh_deduper_is_superseded() for each ordinal: %TRUE means a later
 *    record with the same key won, so this one is a duplicate; %FALSE means
 *    it is written. The deduper keeps one bit per ordinal for this, so the
 *    second pass needs no keys.
 *
 * A deduper is used by one thread at a time.
 */
typedef struct _KhDeduper KhDeduper;

KhDeduper          *kh_deduper_new              (KhPlan               *plan);
KhDeduper          *kh_deduper_new_for_keys     (guint                 n_parts,
                                                 KhDedupeKeep          keep);
void                kh_deduper_free             (KhDeduper            *self);

KhDedupeKeep        kh_deduper_get_keep         (KhDeduper            *self);
void                kh_deduper_reserve          (KhDeduper            *self,
                                                 guint64               n_keys);

KhDedupeVerdict     kh_deduper_add              (KhDeduper            *self,
                                                 const KhRecordResult *result,
                                                 guint64               ordinal,
                                                 guint64              *superseded,
                                                 GError              **error);
KhDedupeVerdict     kh_deduper_add_key          (KhDeduper            *self,
                                                 const KhValue        *parts,
                                                 guint64               ordinal,
                                                 guint64              *superseded,
                                                 GError              **error);
void                kh_deduper_prefetch         (KhDeduper            *self,
                                                 const KhRecordResult *result);
gboolean            kh_deduper_is_superseded    (KhDeduper            *self,
                                                 guint64               ordinal);

guint64             kh_deduper_get_n_keys       (KhDeduper            *self);
gsize               kh_deduper_get_memory_size  (KhDeduper            *self);

char               *kh_deduper_format_key       (KhPlan               *plan,
                                                 const KhRecordResult *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhDeduper, kh_deduper_free)

G_END_DECLS
