/* kh-deduper.c: the dedupe index of one run
 *
 * Keys are stored whole, once, in an arena: a varint length, the key bytes
 * (a key of one part is the part itself; a key of several parts has each
 * part as a varint length and its bytes, so ("ab", "c") and ("a", "bc")
 * differ), and with keep="last" the ordinal of the key's current winner
 * (6 bytes). An open-addressing table with linear probing maps a key to
 * its arena offset; each slot holds the offset + 1 (0: empty) and 32 bits
 * of the key's hash, so most probes never touch the arena.
 *
 * With keep="first", a key of one part that is a decimal integer written
 * the one plain way (digits only, no leading zero, at most 19 digits)
 * goes to a second table instead, by value: its slots map a block of 64
 * values (value / 64) to a 64-bit mask of the values seen. Customer and
 * document numbers are the commonest keys, and an extract sorted by them
 * (ERP exports usually are) then finds 64 keys in a row in one slot, one
 * cache line, where the byte table would look each up at a random place
 * in a table of many megabytes. In any other order an integer key costs a
 * slot of 16 bytes, about what the byte table costs. The two tables never
 * hold the same key: whether a key is such an integer depends on its
 * bytes alone, and the plain decimal form of a value is unique.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-deduper"

#include "config.h"

#include <string.h>

#include <glib.h>
#include <glib/gi18n.h>

#ifdef G_OS_UNIX
#include <sys/mman.h>
#endif

#include "kh-deduper.h"
#include "kh-error.h"
#include "kh-plan-private.h"

typedef struct
{
  guint32 offset;   /* into the arena, + 1; 0 marks an empty slot */
  guint32 hash;
} Slot;

typedef struct
{
  guint64 block;    /* value / 64, + 1; 0 marks an empty slot */
  guint64 seen;     /* bit value % 64: the value was seen */
} IntSlot;

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

  Slot          *slots;        /* owned, n_slots */
  gsize          n_slots;
  guint64        n_keys;       /* in both tables */
  guint64        n_byte_keys;  /* in the byte table */

  IntSlot       *int_slots;    /* owned, n_int_slots; NULL until needed */
  IntSlot       *int_last;     /* the slot of the last key's block, or NULL */
  gsize          n_int_slots;
  guint64        n_int_blocks; /* the int table's used slots */

  guint8        *superseded;   /* owned bitmap by ordinal (keep="last") */
  gsize          superseded_size;
  guint64        last_ordinal;
  gboolean       any_ordinal;

  guint8        *scratch;      /* owned buffer for building a key */
  gsize          scratch_size;
};

#define MAX_ARENA ((gsize) G_MAXUINT32 - 1)

/* kh_deduper_reserve() reserves at most this many keys (a table of
 * 256 MiB): an estimate may be wrong, and more keys still fit. */
#define KH_DEDUPER_MAX_RESERVE (G_GUINT64_CONSTANT (1) << 24)

/* The arena grows by chunks, so it never holds much more than it uses;
 * an offset names chunk offset / CHUNK_SIZE. An entry never crosses a
 * chunk boundary; one bigger than a chunk gets several consecutive chunk
 * numbers of one allocation. */
#define CHUNK_BITS 22
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

/* Big blocks (the table, the arena's chunks) are mapped on their own,
 * aligned to 2 MiB and marked for transparent huge pages where the system
 * has them: every probe of a table of many megabytes is a cache miss, and
 * with 4 KiB pages a TLB miss as well; and each page the index touches
 * first costs a page fault, which 2 MiB pages make 512 times rarer. The
 * pages come zeroed and are touched only when used. */
#define HUGE_PAGE ((gsize) 2 << 20)

static gpointer
big_alloc0 (gsize size)
{
#if defined(G_OS_UNIX) && defined(MAP_ANONYMOUS)
  if (size >= HUGE_PAGE)
    {
      gsize kept = (size + 4095) & ~(gsize) 4095;
      gsize map_size = kept + HUGE_PAGE;
      guint8 *map = mmap (NULL, map_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      guint8 *start;
      gsize head;

      if (map == MAP_FAILED)
        g_error ("%s: failed to allocate %" G_GSIZE_FORMAT " bytes", G_STRLOC, size);

      /* Keep exactly [start, start + kept). */
      start = (guint8 *) (((guintptr) map + HUGE_PAGE - 1) & ~(guintptr) (HUGE_PAGE - 1));
      head = (gsize) (start - map);
      if (head > 0)
        munmap (map, head);
      if (map_size - head > kept)
        munmap (start + kept, map_size - head - kept);
#ifdef MADV_HUGEPAGE
      madvise (start, kept, MADV_HUGEPAGE);
#endif
      return start;
    }
#endif
  return g_malloc0 (size);
}

static void
big_free (gpointer block,
          gsize    size)
{
  if (block == NULL)
    return;
#if defined(G_OS_UNIX) && defined(MAP_ANONYMOUS)
  if (size >= HUGE_PAGE)
    {
      munmap (block, (size + 4095) & ~(gsize) 4095);
      return;
    }
#endif
  g_free (block);
}

static Slot *
table_alloc (gsize n_slots)
{
  return big_alloc0 (n_slots * sizeof (Slot));
}

static IntSlot *
int_table_alloc (gsize n_slots)
{
  return big_alloc0 (n_slots * sizeof (IntSlot));
}

static void
table_free (Slot  *slots,
            gsize  n_slots)
{
  big_free (slots, n_slots * sizeof (Slot));
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
  block = big_alloc0 ((gsize) n_new * CHUNK_SIZE);
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
  self->slots = table_alloc (self->n_slots);
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
  for (guint i = 0; i < self->n_chunks; )
    {
      guint n = 1;

      while (i + n < self->n_chunks && !self->chunk_owned[i + n])
        n++;
      big_free (self->chunks[i], (gsize) n * CHUNK_SIZE);
      i += n;
    }
  g_free (self->chunks);
  g_free (self->chunk_owned);
  table_free (self->slots, self->n_slots);
  big_free (self->int_slots, self->n_int_slots * sizeof (IntSlot));
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

/* Up to 8 bytes from @p as a word, reading only [p, p + n). */
static inline guint64
load_tail (const guint8 *p,
           gsize         n)
{
  guint64 v = 0;

  if (n >= 4)
    {
      guint32 a, b;

      memcpy (&a, p, 4);
      memcpy (&b, p + n - 4, 4);
      v = ((guint64) b << 32) | a;
    }
  else if (n > 0)
    v = (guint64) p[0] | ((guint64) p[n / 2] << 8) | ((guint64) p[n - 1] << 16);
  return v;
}

static inline guint64
hash_bytes (const guint8 *p,
            gsize         n)
{
  guint64 h = G_GUINT64_CONSTANT (0x9E3779B97F4A7C15) ^ (n * G_GUINT64_CONSTANT (0xC2B2AE3D27D4EB4F));
  guint64 v;

  while (n > 8)
    {
      memcpy (&v, p, 8);
      h = (h ^ v) * G_GUINT64_CONSTANT (0xFF51AFD7ED558CCD);
      h ^= h >> 32;
      p += 8;
      n -= 8;
    }
  v = load_tail (p, n);
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

/* The home slot of a key: its 32 bits of hash scaled to the table, so
 * that the table can have any size (one sized for the keys expected is
 * smaller, and fits the caches better, than the next power of two). */
static inline gsize
home_slot (guint32 tag,
           gsize   n_slots)
{
  return (gsize) (((guint64) tag * n_slots) >> 32);
}

/* The home slot of a block of 64 integer keys. Blocks that follow each
 * other are spread over the whole table. */
static inline gsize
int_home_slot (guint64 block,
               gsize   n_slots)
{
  guint64 h = block * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);

  h ^= h >> 29;
  return (gsize) (((h >> 32) * n_slots) >> 32);
}

static inline gsize
next_slot (gsize i,
           gsize n_slots)
{
  return i + 1 == n_slots ? 0 : i + 1;
}

static void
resize_table (KhDeduper *self,
              gsize      n_slots)
{
  Slot *slots = table_alloc (n_slots);

  for (gsize i = 0; i < self->n_slots; i++)
    {
      Slot slot = self->slots[i];
      gsize j;

      if (slot.offset == 0)
        continue;
      for (j = home_slot (slot.hash, n_slots); slots[j].offset != 0; j = next_slot (j, n_slots))
        ;
      slots[j] = slot;
    }

  table_free (self->slots, self->n_slots);
  self->slots = slots;
  self->n_slots = n_slots;
}

/* The table holds at most 3/4 of its slots. */
static inline gboolean
table_fits (gsize   n_slots,
            guint64 n_keys)
{
  return n_keys * 4 <= (guint64) n_slots * 3;
}

static void
resize_int_table (KhDeduper *self,
                  gsize      n_slots)
{
  IntSlot *slots = int_table_alloc (n_slots);

  for (gsize i = 0; i < self->n_int_slots; i++)
    {
      IntSlot slot = self->int_slots[i];
      gsize j;

      if (slot.block == 0)
        continue;
      for (j = int_home_slot (slot.block - 1, n_slots); slots[j].block != 0; j = next_slot (j, n_slots))
        ;
      slots[j] = slot;
    }

  big_free (self->int_slots, self->n_int_slots * sizeof (IntSlot));
  self->int_slots = slots;
  self->n_int_slots = n_slots;
  self->int_last = NULL;
}

/* Whether the key goes to the int table: keep="first", one part, and the
 * plain decimal form of an integer (see the top of this file); its value
 * in @value. Nineteen digits always fit in 64 bits. */
static inline gboolean
int_key (const KhDeduper *self,
         const guint8    *key,
         gsize            key_len,
         guint64         *value)
{
  guint64 v = 0;

  if (self->n_parts != 1 || self->keep != KH_DEDUPE_KEEP_FIRST)
    return FALSE;
  if (key_len == 0 || key_len > 19 || (key[0] == '0' && key_len > 1))
    return FALSE;
  for (gsize i = 0; i < key_len; i++)
    {
      guint d = (guint) key[i] - '0';

      if (d > 9)
        return FALSE;
      v = v * 10 + d;
    }
  *value = v;
  return TRUE;
}

/* Looks up (and adds) an integer key: unique or a duplicate. */
static KhDedupeVerdict
add_int (KhDeduper *self,
         guint64    value)
{
  guint64 block = value / 64;
  guint64 bit = G_GUINT64_CONSTANT (1) << (value % 64);
  IntSlot *slot = self->int_last;
  gsize i;

  /* Keys in order (an extract sorted by customer number) fall in the
   * block of the key before them 63 times in 64: no hash, no probe */
  if (slot != NULL && slot->block == block + 1)
    goto found;

  if (self->int_slots == NULL)
    {
      self->n_int_slots = 1024;
      self->int_slots = int_table_alloc (self->n_int_slots);
    }

  for (i = int_home_slot (block, self->n_int_slots); self->int_slots[i].block != 0; i = next_slot (i, self->n_int_slots))
    {
      slot = &self->int_slots[i];
      if (slot->block != block + 1)
        continue;
      self->int_last = slot;
      goto found;
    }

  self->int_slots[i].block = block + 1;
  self->int_slots[i].seen = bit;
  self->int_last = &self->int_slots[i];
  self->n_int_blocks++;
  self->n_keys++;
  if (!table_fits (self->n_int_slots, self->n_int_blocks))
    resize_int_table (self, self->n_int_slots * 2);
  return KH_DEDUPE_UNIQUE;

found:
  if (slot->seen & bit)
    return KH_DEDUPE_DUPLICATE;
  slot->seen |= bit;
  self->n_keys++;
  return KH_DEDUPE_UNIQUE;
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
  const gsize n_slots = self->n_slots;
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

  for (i = home_slot (tag, n_slots); self->slots[i].offset != 0; i = next_slot (i, n_slots))
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
  self->n_byte_keys++;

  if (!table_fits (self->n_slots, self->n_keys))
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

/* The key of @parts as the bytes the index stores and compares: with one
 * part, the part itself; with several, each part as a varint length and
 * its bytes (so that ("ab", "c") and ("a", "bc") differ), built in the
 * scratch buffer. Returns NULL when a part is missing. */
static inline const guint8 *
encode_key (KhDeduper     *self,
            const KhValue *parts,
            gsize         *key_len)
{
  gsize size = 0;
  guint8 *key, *w;

  if (self->n_parts == 1)
    {
      if (kh_value_is_missing (&parts[0]))
        return NULL;
      *key_len = parts[0].len;
      return (const guint8 *) parts[0].str;
    }

  for (guint i = 0; i < self->n_parts; i++)
    {
      if (kh_value_is_missing (&parts[i]))
        return NULL;
      size += parts[i].len + 10;
    }

  w = key = scratch_reserve (self, size);
  for (guint i = 0; i < self->n_parts; i++)
    {
      w += put_varint (w, parts[i].len);
      memcpy (w, parts[i].str, parts[i].len);
      w += parts[i].len;
    }

  *key_len = (gsize) (w - key);
  return key;
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
  const guint8 *key;
  gsize key_len;
  guint64 value;

  g_return_val_if_fail (self != NULL, KH_DEDUPE_FAILED);
  g_return_val_if_fail (parts != NULL, KH_DEDUPE_FAILED);

  key = encode_key (self, parts, &key_len);
  if (key == NULL)
    return KH_DEDUPE_NO_KEY;

  if (int_key (self, key, key_len, &value))
    return add_int (self, value);
  return add_encoded (self, key, key_len, ordinal, superseded, error);
}

/* The slots that hold @n entries at most 3/4 full, in whole 4 KiB pages
 * of @per_page slots */
static gsize
slots_for (guint64 n,
           gsize   per_page)
{
  gsize n_slots = (gsize) ((n * 4 + 2) / 3);

  return (n_slots + per_page - 1) / per_page * per_page;
}

/**
 * kh_deduper_reserve:
 * @n_keys: the number of distinct keys the run expects
 *
 * Grows the table at once so that @n_keys keys fit without growing it
 * again, which saves rehashing the keys several times as the table doubles
 * (a runner can estimate the number from the input's size). It changes
 * nothing but the memory used and the speed; more keys than @n_keys still
 * fit, the table then grows as usual. A smaller number than the keys
 * already held is ignored.
 */
void
kh_deduper_reserve (KhDeduper *self,
                    guint64    n_keys)
{
  guint64 byte_keys = 0, int_blocks = 0;

  g_return_if_fail (self != NULL);

  n_keys = MAX (n_keys, self->n_keys);
  n_keys = MIN (n_keys, KH_DEDUPER_MAX_RESERVE);

  /* Each table gets the share of the keys it has taken so far; before
   * the first key, the byte table gets them all. */
  if (self->n_keys == 0)
    byte_keys = n_keys;
  else
    {
      byte_keys = n_keys * self->n_byte_keys / self->n_keys;
      int_blocks = n_keys * self->n_int_blocks / self->n_keys;
    }

  if (!table_fits (self->n_slots, byte_keys))
    resize_table (self, slots_for (byte_keys, 4096 / sizeof (Slot)));
  if (self->int_slots != NULL && !table_fits (self->n_int_slots, int_blocks))
    resize_int_table (self, slots_for (int_blocks, 4096 / sizeof (IntSlot)));
}

/* The key's parts in @result. A key of one part is the cell's value
 * itself, not a copy: copying a value the evaluation has just written
 * would wait for its stores to reach the cache. */
static inline const KhValue *
result_key_parts (KhDeduper            *self,
                  const KhRecordResult *result,
                  KhValue              *parts)
{
  if (self->n_parts == 1)
    return &result->values[self->plan->dedupe_columns[0]];
  for (guint i = 0; i < self->n_parts; i++)
    parts[i] = result->values[self->plan->dedupe_columns[i]];
  return parts;
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

  return kh_deduper_add_key (self, result_key_parts (self, result, p), ordinal, superseded, error);
}

/* The table size from which kh_deduper_prefetch() prefetches */
#define PREFETCH_FROM ((gsize) 4 << 20)

#if defined(__GNUC__) || defined(__clang__)
#define prefetch(address) __builtin_prefetch ((address), 0, 3)
#else
#define prefetch(address) ((void) (address))
#endif

/**
 * kh_deduper_prefetch:
 * @result: an evaluation by the deduper's plan whose key cells are
 *   evaluated (the other cells need not be)
 *
 * A hint: starts fetching the part of the table where the record's key
 * will be looked up, so that kh_deduper_add() a little later does not wait
 * for memory. A table of a million keys is far larger than the CPU's
 * caches, so without it every lookup waits for a cache miss. Call it as
 * soon as the key is known, and do other work before kh_deduper_add(): a
 * runner calls it from kh_record_result_set_key_func(), while the rest of
 * the record is evaluated. It does nothing while the tables are small
 * enough for the caches (up to 4 MiB), and changes nothing the deduper
 * decides.
 */
void
kh_deduper_prefetch (KhDeduper            *self,
                     const KhRecordResult *result)
{
  KhValue parts[16];
  const guint8 *key;
  gsize key_len;
  guint64 h;

  g_return_if_fail (self != NULL);
  g_return_if_fail (self->plan != NULL && result != NULL && result->plan == self->plan);

  /* Tables that fit the caches are not worth it: reading the key, which
   * the evaluation has just written, would cost more than the lookup
   * saves. */
  if (self->n_slots * sizeof (Slot) < PREFETCH_FROM && self->n_int_slots * sizeof (IntSlot) < PREFETCH_FROM)
    return;
  if (self->n_parts > G_N_ELEMENTS (parts))
    return;

  key = encode_key (self, result_key_parts (self, result, parts), &key_len);
  if (key == NULL)
    return;
  if (int_key (self, key, key_len, &h))
    {
      if (self->int_slots != NULL)
        prefetch (&self->int_slots[int_home_slot (h / 64, self->n_int_slots)]);
      return;
    }
  h = hash_bytes (key, key_len);
  prefetch (&self->slots[home_slot ((guint32) (h >> 32) ^ (guint32) h, self->n_slots)]);
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
 * Returns: the bytes the index has allocated (arena, tables, bitmap)
 */
gsize
kh_deduper_get_memory_size (KhDeduper *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return sizeof *self + self->keys_size + self->n_slots * sizeof (Slot) +
         self->n_int_slots * sizeof (IntSlot) + self->superseded_size + self->scratch_size;
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
      const KhValue *value = &result->values[plan->dedupe_columns[i]];

      if (i > 0)
        g_string_append (key, ", ");
      if (value->type != KH_VALUE_NULL)
        g_string_append_len (key, value->str, (gssize) value->len);
    }

  return g_string_free (key, FALSE);
}
