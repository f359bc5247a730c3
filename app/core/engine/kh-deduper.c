/* kh-deduper.c: the dedupe index of one run
 *
 * Keys are stored whole, once, in an arena: a varint length, the key bytes
 * (each part as a varint length and its bytes, so ("ab", "c") and
 * ("a", "bc") differ), and with keep="last" the ordinal of the key's
 * current winner (6 bytes). An open-addressing table with linear probing maps a key
 * to its arena offset; each slot holds the offset + 1 (0: empty) and 32
 * bits of the key's hash, so most probes never touch the arena.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-deduper"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kh-deduper.h"
#include "kh-error.h"
#include "kh-plan-private.h"

typedef struct
{
  guint32 offset;   /* into the arena, + 1; 0 marks an empty slot */
  guint32 hash;
} Slot;

struct _KhDeduper
{
  KhPlan        *plan;         /* owned ref, nullable */
  guint          n_parts;
  KhDedupeKeep   keep;

  guint8       **chunks;       /* the arena: chunks of CHUNK_SIZE bytes */
  guint8        *chunk_owned;  /* whether chunks[i] is an allocation's start */
  guint          n_chunks;
  guint          chunks_size;
  gsize          keys_len;     /* the arena's next free offset */
  gsize          keys_size;    /* bytes allocated for the arena */

  Slot          *slots;        /* owned, n_slots (a power of two) */
  gsize          n_slots;
  guint64        n_keys;

  guint8        *superseded;   /* owned bitmap by ordinal (keep="last") */
  gsize          superseded_size;
  guint64        last_ordinal;
  gboolean       any_ordinal;

  guint8        *scratch;      /* owned buffer for building a key */
  gsize          scratch_size;
};

#define MAX_ARENA ((gsize) G_MAXUINT32 - 1)

/* The arena grows by chunks, so it never holds much more than it uses;
 * an offset names chunk offset / CHUNK_SIZE. An entry never crosses a
 * chunk boundary; one bigger than a chunk gets several consecutive chunk
 * numbers of one allocation. */
#define CHUNK_BITS 20
#define CHUNK_SIZE ((gsize) 1 << CHUNK_BITS)

/* keep="last" keeps the winner's ordinal in 6 bytes */
#define ORDINAL_BYTES 6
#define ORDINAL_MAX ((G_GUINT64_CONSTANT (1) << (8 * ORDINAL_BYTES)) - 1)

static inline guint8 *
arena_at (const KhDeduper *self,
          gsize            offset)
{
  return self->chunks[offset >> CHUNK_BITS] + (offset & (CHUNK_SIZE - 1));
}

static inline guint64
get_ordinal (const guint8 *p)
{
  guint64 v = 0;

  for (int i = ORDINAL_BYTES - 1; i >= 0; i--)
    v = (v << 8) | p[i];
  return v;
}

static inline void
put_ordinal (guint8  *p,
             guint64  v)
{
  for (int i = 0; i < ORDINAL_BYTES; i++, v >>= 8)
    p[i] = (guint8) v;
}

/* Room for @size bytes at the arena's end; returns their offset. */
static gboolean
arena_reserve (KhDeduper  *self,
               gsize       size,
               gsize      *offset)
{
  gsize in_chunk = self->keys_len & (CHUNK_SIZE - 1);
  gsize start = self->keys_len;
  guint n_new;
  guint8 *block;

  if (self->n_chunks > 0 && in_chunk != 0 && CHUNK_SIZE - in_chunk >= size)
    {
      *offset = start;
      self->keys_len += size;
      return TRUE;
    }

  /* A new allocation of one chunk or more, at a chunk boundary */
  if (in_chunk != 0)
    start = (self->keys_len | (CHUNK_SIZE - 1)) + 1;
  n_new = (guint) ((size + CHUNK_SIZE - 1) / CHUNK_SIZE);
  if (start + (gsize) n_new * CHUNK_SIZE > MAX_ARENA)
    return FALSE;

  if (self->n_chunks + n_new > self->chunks_size)
    {
      self->chunks_size = MAX (self->chunks_size * 2, self->n_chunks + n_new);
      self->chunks = g_renew (guint8 *, self->chunks, self->chunks_size);
      self->chunk_owned = g_renew (guint8, self->chunk_owned, self->chunks_size);
    }
  block = g_malloc ((gsize) n_new * CHUNK_SIZE);
  for (guint i = 0; i < n_new; i++)
    {
      self->chunks[self->n_chunks + i] = block + (gsize) i * CHUNK_SIZE;
      self->chunk_owned[self->n_chunks + i] = i == 0;
    }
  self->n_chunks += n_new;
  self->keys_size += (gsize) n_new * CHUNK_SIZE;

  *offset = start;
  self->keys_len = start + size;
  return TRUE;
}

static KhDeduper *
deduper_new (guint        n_parts,
             KhDedupeKeep keep)
{
  KhDeduper *self = g_new0 (KhDeduper, 1);

  self->n_parts = n_parts;
  self->keep = keep;
  self->n_slots = 1024;
  self->slots = g_new0 (Slot, self->n_slots);
  self->scratch_size = 256;
  self->scratch = g_malloc (self->scratch_size);

  return self;
}

/**
 * kh_deduper_new:
 * @plan: a plan with dedupe keys
 *
 * Creates the dedupe index of one run of @plan, with its keys and its
 * keep="first"/"last".
 *
 * Returns: (transfer full): a new deduper
 */
KhDeduper *
kh_deduper_new (KhPlan *plan)
{
  KhDeduper *self;

  g_return_val_if_fail (plan != NULL, NULL);
  g_return_val_if_fail (kh_plan_has_dedupe (plan), NULL);

  self = deduper_new (plan->n_dedupe, plan->dedupe_keep);
  self->plan = kh_plan_ref (plan);
  return self;
}

/**
 * kh_deduper_new_for_keys:
 * @n_parts: the number of parts of every key
 * @keep: which record of a group is written
 *
 * Creates a dedupe index for keys given directly to kh_deduper_add_key().
 *
 * Returns: (transfer full): a new deduper
 */
KhDeduper *
kh_deduper_new_for_keys (guint        n_parts,
                         KhDedupeKeep keep)
{
  g_return_val_if_fail (n_parts > 0, NULL);

  return deduper_new (n_parts, keep);
}

/**
 * kh_deduper_free:
 *
 * Frees the index.
 */
void
kh_deduper_free (KhDeduper *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->plan, kh_plan_unref);
  for (guint i = 0; i < self->n_chunks; i++)
    if (self->chunk_owned[i])
      g_free (self->chunks[i]);
  g_free (self->chunks);
  g_free (self->chunk_owned);
  g_free (self->slots);
  g_free (self->superseded);
  g_free (self->scratch);
  g_free (self);
}

/**
 * kh_deduper_get_keep:
 *
 * Returns: which record of a group with the same key is written
 */
KhDedupeKeep
kh_deduper_get_keep (KhDeduper *self)
{
  g_return_val_if_fail (self != NULL, KH_DEDUPE_KEEP_FIRST);

  return self->keep;
}

static inline guint64
hash_bytes (const guint8 *p,
            gsize         n)
{
  guint64 h = G_GUINT64_CONSTANT (0x9E3779B97F4A7C15) ^ (n * G_GUINT64_CONSTANT (0xC2B2AE3D27D4EB4F));
  guint64 v;

  while (n >= 8)
    {
      memcpy (&v, p, 8);
      h = (h ^ v) * G_GUINT64_CONSTANT (0xFF51AFD7ED558CCD);
      h ^= h >> 32;
      p += 8;
      n -= 8;
    }
  v = 0;
  memcpy (&v, p, n);
  h = (h ^ v) * G_GUINT64_CONSTANT (0xC4CEB9FE1A85EC53);
  h ^= h >> 33;
  h *= G_GUINT64_CONSTANT (0xFF51AFD7ED558CCD);
  h ^= h >> 33;
  return h;
}

static inline gsize
put_varint (guint8 *p,
            gsize   v)
{
  gsize n = 0;

  while (v >= 0x80)
    {
      p[n++] = (guint8) (v | 0x80);
      v >>= 7;
    }
  p[n++] = (guint8) v;
  return n;
}

static inline gsize
get_varint (const guint8 *p,
            gsize        *v)
{
  gsize n = 0, shift = 0;

  *v = 0;
  do
    {
      *v |= (gsize) (p[n] & 0x7F) << shift;
      shift += 7;
    }
  while (p[n++] & 0x80);
  return n;
}

static void
resize_table (KhDeduper *self,
              gsize      n_slots)
{
  gsize mask = n_slots - 1;
  Slot *slots = g_new0 (Slot, n_slots);

  for (gsize i = 0; i < self->n_slots; i++)
    {
      Slot slot = self->slots[i];
      gsize j;

      if (slot.offset == 0)
        continue;
      for (j = slot.hash & mask; slots[j].offset != 0; j = (j + 1) & mask)
        ;
      slots[j] = slot;
    }

  g_free (self->slots);
  self->slots = slots;
  self->n_slots = n_slots;
}

static void
mark_superseded (KhDeduper *self,
                 guint64    ordinal)
{
  gsize byte = (gsize) (ordinal / 8);

  if (byte >= self->superseded_size)
    {
      gsize size = MAX (self->superseded_size * 2, 4096);

      while (size <= byte)
        size *= 2;
      self->superseded = g_realloc (self->superseded, size);
      memset (self->superseded + self->superseded_size, 0, size - self->superseded_size);
      self->superseded_size = size;
    }
  self->superseded[byte] |= (guint8) (1u << (ordinal % 8));
}

/* Looks up (and adds) an encoded key. */
static KhDedupeVerdict
add_encoded (KhDeduper     *self,
             const guint8  *key,
             gsize          key_len,
             guint64        ordinal,
             guint64       *superseded,
             GError       **error)
{
  guint64 h = hash_bytes (key, key_len);
  guint32 tag = (guint32) (h >> 32) ^ (guint32) h;
  gsize mask = self->n_slots - 1;
  gsize i;
  gsize entry_size, offset, n_head;
  guint8 head[10];
  guint8 *entry;

  if (self->keep == KH_DEDUPE_KEEP_LAST)
    {
      g_return_val_if_fail (!self->any_ordinal || ordinal > self->last_ordinal, KH_DEDUPE_FAILED);
      g_return_val_if_fail (ordinal <= ORDINAL_MAX, KH_DEDUPE_FAILED);
      self->any_ordinal = TRUE;
      self->last_ordinal = ordinal;
    }

  for (i = tag & mask; self->slots[i].offset != 0; i = (i + 1) & mask)
    {
      const Slot *slot = &self->slots[i];
      gsize len, n;

      if (slot->hash != tag)
        continue;
      entry = arena_at (self, slot->offset - 1);
      n = get_varint (entry, &len);
      if (len != key_len || memcmp (entry + n, key, key_len) != 0)
        continue;

      /* Seen before. */
      if (self->keep == KH_DEDUPE_KEEP_FIRST)
        return KH_DEDUPE_DUPLICATE;

      {
        guint64 previous = get_ordinal (entry + n + len);

        mark_superseded (self, previous);
        put_ordinal (entry + n + len, ordinal);
        if (superseded != NULL)
          *superseded = previous;
        return KH_DEDUPE_SUPERSEDES;
      }
    }

  /* A new key: into the arena, then into slot i. */
  entry_size = put_varint (head, key_len) + key_len + (self->keep == KH_DEDUPE_KEEP_LAST ? ORDINAL_BYTES : 0);
  if (!arena_reserve (self, entry_size, &offset))
    {
      g_set_error (error, KH_ERROR, KH_ERROR_FAILED,
                   _("The dedupe index is full: the keys take more than 4 GiB"));
      return KH_DEDUPE_FAILED;
    }

  entry = arena_at (self, offset);
  n_head = put_varint (entry, key_len);
  memcpy (entry + n_head, key, key_len);
  if (self->keep == KH_DEDUPE_KEEP_LAST)
    put_ordinal (entry + n_head + key_len, ordinal);

  self->slots[i].offset = (guint32) (offset + 1);
  self->slots[i].hash = tag;
  self->n_keys++;

  if (self->n_keys * 4 > self->n_slots * 3)
    resize_table (self, self->n_slots * 2);

  return KH_DEDUPE_UNIQUE;
}

static guint8 *
scratch_reserve (KhDeduper *self,
                 gsize      size)
{
  if (size > self->scratch_size)
    {
      self->scratch_size = MAX (size, self->scratch_size * 2);
      self->scratch = g_realloc (self->scratch, self->scratch_size);
    }
  return self->scratch;
}

/**
 * kh_deduper_add_key:
 * @parts: (array): the key's parts (n_parts of kh_deduper_new_for_keys(),
 *   or the plan's key columns)
 * @ordinal: the record's ordinal; with keep="last" ordinals must grow
 *   strictly from call to call
 * @superseded: (out) (optional): with %KH_DEDUPE_SUPERSEDES, the ordinal of
 *   the record that no longer wins
 * @error: set with %KH_DEDUPE_FAILED
 *
 * Looks the key up and records it. See #KhDeduper for what the verdicts
 * mean with keep="first" and keep="last".
 *
 * Returns: the verdict
 */
KhDedupeVerdict
kh_deduper_add_key (KhDeduper      *self,
                    const KhValue  *parts,
                    guint64         ordinal,
                    guint64        *superseded,
                    GError        **error)
{
  gsize size = 0;
  guint8 *key, *w;

  g_return_val_if_fail (self != NULL, KH_DEDUPE_FAILED);
  g_return_val_if_fail (parts != NULL, KH_DEDUPE_FAILED);

  for (guint i = 0; i < self->n_parts; i++)
    {
      if (kh_value_is_missing (&parts[i]))
        return KH_DEDUPE_NO_KEY;
      size += parts[i].len + 10;
    }

  w = key = scratch_reserve (self, size);
  for (guint i = 0; i < self->n_parts; i++)
    {
      w += put_varint (w, parts[i].len);
      memcpy (w, parts[i].str, parts[i].len);
      w += parts[i].len;
    }

  return add_encoded (self, key, (gsize) (w - key), ordinal, superseded, error);
}

/**
 * kh_deduper_add:
 * @result: the evaluation of a record that would be written
 * @ordinal: the record's ordinal (its number is a good one); with
 *   keep="last" ordinals must grow strictly from call to call
 * @superseded: (out) (optional): with %KH_DEDUPE_SUPERSEDES, the ordinal of
 *   the record that no longer wins
 * @error: set with %KH_DEDUPE_FAILED
 *
 * Looks up the record's key (the output texts of the plan's key columns)
 * and records it. Give it only records whose outcome is
 * %KH_OUTCOME_WRITTEN: rejected and filtered records never take part.
 *
 * Returns: the verdict
 */
KhDedupeVerdict
kh_deduper_add (KhDeduper             *self,
                const KhRecordResult  *result,
                guint64                ordinal,
                guint64               *superseded,
                GError               **error)
{
  KhValue parts[16];
  g_autofree KhValue *heap = NULL;
  KhValue *p = parts;

  g_return_val_if_fail (self != NULL, KH_DEDUPE_FAILED);
  g_return_val_if_fail (self->plan != NULL && result != NULL && result->plan == self->plan, KH_DEDUPE_FAILED);

  if (self->n_parts > G_N_ELEMENTS (parts))
    p = heap = g_new (KhValue, self->n_parts);
  for (guint i = 0; i < self->n_parts; i++)
    p[i] = result->cells[self->plan->dedupe_columns[i]].value;

  return kh_deduper_add_key (self, p, ordinal, superseded, error);
}

/**
 * kh_deduper_is_superseded:
 * @ordinal: an ordinal given to kh_deduper_add() before
 *
 * With keep="last", after every record has been added: whether a later
 * record with the same key won, so the record @ordinal is a duplicate.
 *
 * Returns: %TRUE if the record is a duplicate
 */
gboolean
kh_deduper_is_superseded (KhDeduper *self,
                          guint64    ordinal)
{
  gsize byte = (gsize) (ordinal / 8);

  g_return_val_if_fail (self != NULL, FALSE);

  return byte < self->superseded_size && (self->superseded[byte] & (1u << (ordinal % 8))) != 0;
}

/**
 * kh_deduper_get_n_keys:
 *
 * Returns: the number of distinct keys seen
 */
guint64
kh_deduper_get_n_keys (KhDeduper *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_keys;
}

/**
 * kh_deduper_get_memory_size:
 *
 * Returns: the bytes the index has allocated (arena, table, bitmap)
 */
gsize
kh_deduper_get_memory_size (KhDeduper *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return sizeof *self + self->keys_size + self->n_slots * sizeof (Slot) +
         self->superseded_size + self->scratch_size;
}

/**
 * kh_deduper_format_key:
 * @plan: a plan with dedupe keys
 * @result: an evaluation by @plan
 *
 * Returns: (transfer full): the record's dedupe key for people: the key
 *   parts' texts joined by “, ” (null parts are empty)
 */
char *
kh_deduper_format_key (KhPlan               *plan,
                       const KhRecordResult *result)
{
  GString *key = g_string_new (NULL);

  g_return_val_if_fail (plan != NULL, NULL);
  g_return_val_if_fail (result != NULL && result->plan == plan, NULL);

  for (guint i = 0; i < plan->n_dedupe; i++)
    {
      const KhValue *value = &result->cells[plan->dedupe_columns[i]].value;

      if (i > 0)
        g_string_append (key, ", ");
      if (value->type != KH_VALUE_NULL)
        g_string_append_len (key, value->str, (gssize) value->len);
    }

  return g_string_free (key, FALSE);
}
