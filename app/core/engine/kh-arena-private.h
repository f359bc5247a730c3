/* kh-arena-private.h: a bump allocator reset once per record
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdarg.h>
#include <string.h>

#include <glib.h>

G_BEGIN_DECLS

typedef struct _KhArenaChunk KhArenaChunk;

/* Values made while evaluating one record live in the arena and die
 * together when the next record starts. Allocation is a pointer bump;
 * a reset keeps the memory, so a steady stream of records allocates
 * nothing. */
typedef struct
{
  KhArenaChunk *chunks;   /* owned; the current chunk first */
  char         *pos;      /* next free byte of the current chunk */
  char         *end;      /* end of the current chunk */
} KhArena;

void   kh_arena_init      (KhArena    *arena);
void   kh_arena_clear     (KhArena    *arena);
void   kh_arena_reset     (KhArena    *arena);
char  *kh_arena_grow      (KhArena    *arena,
                           gsize       size);
char  *kh_arena_strndup   (KhArena    *arena,
                           const char *str,
                           gsize       len);
char  *kh_arena_printf    (KhArena    *arena,
                           const char *format,
                           ...) G_GNUC_PRINTF (2, 3);
char  *kh_arena_vprintf   (KhArena    *arena,
                           const char *format,
                           va_list     args) G_GNUC_PRINTF (2, 0);

/* Bytes for a string; the caller writes at most @size bytes. */
static inline char *
kh_arena_alloc (KhArena *arena,
                gsize    size)
{
  char *p = arena->pos;

  if (G_LIKELY ((gsize) (arena->end - p) >= size))
    {
      arena->pos = p + size;
      return p;
    }
  return kh_arena_grow (arena, size);
}

/* Gives back the unused tail of the last allocation of @used bytes, made
 * at @start. */
static inline void
kh_arena_shrink (KhArena *arena,
                 char    *start,
                 gsize    used)
{
  if (start + used <= arena->pos)
    arena->pos = start + used;
}

G_END_DECLS
