/* kh-str-table-private.h: a small read-only hash table of strings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include <glib.h>

#include "kh-bytes-private.h"

G_BEGIN_DECLS

/* Built once at compile time, then only read (by any number of threads):
 * code lists, boolean flags, one-of values, filter sets. Keys are compared
 * by length and bytes, so the value being looked up needs no NUL. */
typedef struct
{
  char       *key;     /* owned */
  gsize       len;
  guint64     word;    /* a key of at most 8 bytes: kh_load_le_upto8() of it */
  guint32     hash;
  const char *value;   /* borrowed or owned per the table's user */
  gsize       value_len;
} KhStrEntry;

typedef struct
{
  KhStrEntry *entries;   /* owned, n_entries */
  guint       n_entries;
  guint32    *slots;     /* owned: entry index + 1, 0 for empty */
  guint32     mask;
} KhStrTable;

void         kh_str_table_init    (KhStrTable  *table);
void         kh_str_table_clear   (KhStrTable  *table);
gboolean     kh_str_table_insert  (KhStrTable  *table,
                                   const char  *key,
                                   const char  *value);

/* The hash of a key of at most 8 bytes, from its word */
static inline guint32
kh_str_hash_word (guint64 word,
                  gsize   len)
{
  return (guint32) (((word ^ len) * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)) >> 32);
}

static inline guint32
kh_str_hash (const char *str,
             gsize       len)
{
  guint32 h = 2166136261u;

  if (len <= 8)
    return kh_str_hash_word (kh_load_le_upto8 (str, len), len);
  for (gsize i = 0; i < len; i++)
    h = (h ^ (guchar) str[i]) * 16777619u;
  return h;
}

/* Whether @a and @b, both @len bytes, are equal: the short keys of code
 * lists by two overlapping loads, not a call to memcmp(). */
static inline gboolean
kh_str_equal (const char *a,
              const char *b,
              gsize       len)
{
  if (len >= 4 && len <= 8)
    {
      guint32 a0, a1, b0, b1;

      memcpy (&a0, a, 4);
      memcpy (&b0, b, 4);
      memcpy (&a1, a + len - 4, 4);
      memcpy (&b1, b + len - 4, 4);
      return ((a0 ^ b0) | (a1 ^ b1)) == 0;
    }
  if (len < 4)
    return len == 0 || (a[0] == b[0] && a[len / 2] == b[len / 2] && a[len - 1] == b[len - 1]);
  return memcmp (a, b, len) == 0;
}

/* Returns: (nullable): the entry of @str */
/* Code lists and value sets are mostly short codes: a key of at most 8
 * bytes is found by its word, with one multiply for its hash and one
 * comparison per entry, and no loop over its bytes. */
static inline const KhStrEntry *
kh_str_table_lookup (const KhStrTable *table,
                     const char       *str,
                     gsize             len)
{
  guint32 h;

  if (len <= 8)
    {
      guint64 word = kh_load_le_upto8 (str, len);

      h = kh_str_hash_word (word, len);
      for (guint32 i = h & table->mask; table->slots[i] != 0; i = (i + 1) & table->mask)
        {
          const KhStrEntry *entry = &table->entries[table->slots[i] - 1];

          if (entry->word == word && entry->len == len)
            return entry;
        }
      return NULL;
    }

  h = kh_str_hash (str, len);

  for (guint32 i = h & table->mask; table->slots[i] != 0; i = (i + 1) & table->mask)
    {
      const KhStrEntry *entry = &table->entries[table->slots[i] - 1];

      if (entry->hash == h && entry->len == len && kh_str_equal (entry->key, str, len))
        return entry;
    }
  return NULL;
}

G_END_DECLS
