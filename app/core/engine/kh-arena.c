/* kh-arena.c: a bump allocator reset once per record
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-arena"

#include "config.h"

#include <stdio.h>

#include "kh-arena-private.h"

#define CHUNK_SIZE     (64 * 1024)
#define KEEP_MAX_SIZE  (4 * 1024 * 1024)

struct _KhArenaChunk
{
  KhArenaChunk *next;
  gsize         size;   /* bytes of data after the header */
  char          data[];
};

static KhArenaChunk *
chunk_new (gsize size)
{
  KhArenaChunk *chunk = g_malloc (sizeof (KhArenaChunk) + size);

  chunk->next = NULL;
  chunk->size = size;
  return chunk;
}

void
kh_arena_init (KhArena *arena)
{
  arena->chunks = chunk_new (CHUNK_SIZE);
  arena->pos = arena->chunks->data;
  arena->end = arena->chunks->data + arena->chunks->size;
}

void
kh_arena_clear (KhArena *arena)
{
  KhArenaChunk *chunk = arena->chunks;

  while (chunk != NULL)
    {
      KhArenaChunk *next = chunk->next;

      g_free (chunk);
      chunk = next;
    }
  arena->chunks = NULL;
  arena->pos = arena->end = NULL;
}

/* Forgets every allocation. When the last record needed several chunks,
 * the biggest one is kept (if it is not huge), so the next record of the
 * same size fits in one. */
void
kh_arena_reset (KhArena *arena)
{
  KhArenaChunk *keep = arena->chunks;

  if (G_UNLIKELY (keep->next != NULL))
    {
      KhArenaChunk *chunk;

      for (chunk = arena->chunks; chunk != NULL; chunk = chunk->next)
        if (chunk->size > keep->size)
          keep = chunk;
      if (keep->size > KEEP_MAX_SIZE)
        keep = NULL;

      chunk = arena->chunks;
      while (chunk != NULL)
        {
          KhArenaChunk *next = chunk->next;

          if (chunk != keep)
            g_free (chunk);
          chunk = next;
        }
      if (keep == NULL)
        keep = chunk_new (CHUNK_SIZE);
      keep->next = NULL;
      arena->chunks = keep;
    }

  arena->pos = keep->data;
  arena->end = keep->data + keep->size;
}

/* The slow path of kh_arena_alloc(): a new chunk big enough for @size. */
char *
kh_arena_grow (KhArena *arena,
               gsize    size)
{
  KhArenaChunk *chunk;
  gsize chunk_size = MAX (CHUNK_SIZE, arena->chunks->size);

  while (chunk_size < size)
    chunk_size *= 2;

  chunk = chunk_new (chunk_size);
  chunk->next = arena->chunks;
  arena->chunks = chunk;
  arena->pos = chunk->data + size;
  arena->end = chunk->data + chunk->size;

  return chunk->data;
}

char *
kh_arena_strndup (KhArena    *arena,
                  const char *str,
                  gsize       len)
{
  char *copy = kh_arena_alloc (arena, len + 1);

  memcpy (copy, str, len);
  copy[len] = '\0';
  return copy;
}

char *
kh_arena_vprintf (KhArena    *arena,
                  const char *format,
                  va_list     args)
{
  va_list copy;
  int len;
  char *str;

  va_copy (copy, args);
  len = g_vsnprintf (NULL, 0, format, copy);
  va_end (copy);
  if (len < 0)
    len = 0;

  str = kh_arena_alloc (arena, (gsize) len + 1);
  g_vsnprintf (str, (gulong) len + 1, format, args);
  return str;
}

char *
kh_arena_printf (KhArena    *arena,
                 const char *format,
                 ...)
{
  va_list args;
  char *str;

  va_start (args, format);
  str = kh_arena_vprintf (arena, format, args);
  va_end (args);
  return str;
}
