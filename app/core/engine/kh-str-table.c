/* kh-str-table.c: a small read-only hash table of strings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-str-table"

#include "config.h"

#include "kh-str-table-private.h"

void
kh_str_table_init (KhStrTable *table)
{
  table->entries = NULL;
  table->n_entries = 0;
  table->mask = 7;
  table->slots = g_new0 (guint32, table->mask + 1);
}

void
kh_str_table_clear (KhStrTable *table)
{
  for (guint i = 0; i < table->n_entries; i++)
    g_free (table->entries[i].key);
  g_clear_pointer (&table->entries, g_free);
  g_clear_pointer (&table->slots, g_free);
  table->n_entries = 0;
}

static void
place (KhStrTable *table,
       guint       index)
{
  guint32 i;

  for (i = table->entries[index].hash & table->mask; table->slots[i] != 0; i = (i + 1) & table->mask)
    ;
  table->slots[i] = index + 1;
}

/* Adds @key → @value. Returns FALSE (and adds nothing) if @key is there. */
gboolean
kh_str_table_insert (KhStrTable *table,
                     const char *key,
                     const char *value)
{
  gsize len = strlen (key);
  KhStrEntry *entry;

  if (kh_str_table_lookup (table, key, len) != NULL)
    return FALSE;

  table->entries = g_renew (KhStrEntry, table->entries, table->n_entries + 1);
  entry = &table->entries[table->n_entries];
  entry->key = g_strdup (key);
  entry->len = len;
  entry->word = len <= 8 ? kh_load_le_upto8 (key, len) : 0;
  entry->hash = kh_str_hash (key, len);
  entry->value = value;
  entry->value_len = value != NULL ? strlen (value) : 0;
  table->n_entries++;

  /* At most half full */
  if (table->n_entries * 2 > table->mask + 1)
    {
      table->mask = table->mask * 2 + 1;
      g_free (table->slots);
      table->slots = g_new0 (guint32, table->mask + 1);
      for (guint i = 0; i < table->n_entries; i++)
        place (table, i);
    }
  else
    place (table, table->n_entries - 1);

  return TRUE;
}
