/* kh-csv-reader.c: RFC 4180 CSV, parsed in place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-csv-reader"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "kh-reader-private.h"
#include "kh-swar-private.h"
#include "kh-utf8-private.h"

/*
 * The parser works on the byte source's buffer and never copies a field:
 * an unquoted field is terminated by writing NUL over the delimiter or the
 * line end after it; a quoted field is unescaped in place (a doubled quote
 * moves the rest of the field down by one byte) and terminated by writing
 * NUL over its closing quote, or before it. Field offsets are kept relative
 * to the record's start, so that when the buffer runs out in the middle of a
 * record, the record can be moved to the front of the buffer and the parse
 * goes on where it stopped.
 *
 * A table of byte classes drives the scan: everything not special is
 * skipped in a tight loop; the special bytes are the delimiter's first
 * byte, the quote, CR, LF, NUL, and bytes >= 0x80, which are checked to be
 * well-formed UTF-8 (unless g_iconv() decoded the input). With SSE2 (every
 * x86-64) the loop looks at 16 bytes at a time.
 *
 * Most records take a faster path, csv_parse_fast(), which finds a whole
 * record's fields from bit masks of 64-byte blocks (and leaves any record
 * it does not take to the scan above).
 *
 * The NUL terminators are written once the record is complete (by
 * csv_fill_cells(), or at the end of csv_parse_fast()), not during the
 * scan, where every byte stored into the buffer would make the compiler
 * reload the parser's state.
 */

#define MAX_FIELDS 65536

enum
{
  C_PLAIN = 0,
  C_DELIM,
  C_QUOTE,
  C_LF,
  C_CR,
  C_HIGH,
  C_NUL,
};

typedef enum
{
  PARSE_RECORD,
  PARSE_EOF,
  PARSE_ERROR,
} ParseResult;

/* The special bytes of a scan, for 16 bytes at a time. The vector test
 * finds a superset of them: the two bytes a and b, and every byte that is
 * below 0x0E or at least 0x80 when read as a signed char (NUL, LF and CR
 * among them; and bytes >= 0x80, special or not). Three compares instead of
 * five; a candidate the class table says is plain (a tab, or a byte >= 0x80
 * of decoded input) is skipped, so the result is the same as the byte loop's. */
typedef struct
{
#ifdef __SSE2__
  __m128i  a, b;         /* two bytes to stop at */
#else
  int      unused;
#endif
} Scan;

static inline void
scan_init (Scan   *scan,
           guint8  a,
           guint8  b)
{
#ifdef __SSE2__
  scan->a = _mm_set1_epi8 ((char) a);
  scan->b = _mm_set1_epi8 ((char) b);
#endif
}

/* The first byte of [p, e) whose class is not C_PLAIN, or e. Every byte
 * that is not C_PLAIN must be a or b of @scan, or below 0x0E, or >= 0x80. */
static inline const guint8 *
scan_special (const Scan   *scan,
              const guint8 *cls,
              const guint8 *p,
              const guint8 *e)
{
#ifdef __SSE2__
  const __m128i low = _mm_set1_epi8 (0x0E);

  while (e - p >= 16)
    {
      __m128i v = _mm_loadu_si128 ((const __m128i *) (const void *) p);
      __m128i m = _mm_or_si128 (_mm_or_si128 (_mm_cmpeq_epi8 (v, scan->a), _mm_cmpeq_epi8 (v, scan->b)),
                                _mm_cmplt_epi8 (v, low));
      unsigned mask = (unsigned) _mm_movemask_epi8 (m);

      while (mask != 0)
        {
          const guint8 *c = p + __builtin_ctz (mask);

          if (cls[*c])
            return c;
          mask &= mask - 1;
        }
      p += 16;
    }
#else
  while (p + 4 <= e && !cls[p[0]] && !cls[p[1]] && !cls[p[2]] && !cls[p[3]])
    p += 4;
#endif
  while (p < e && !cls[*p])
    p++;
  return p;
}

typedef struct
{
  KhReader        parent;

  /* Options */
  char            delim[8];
  guint           delim_len;
  guint8          quote;
  gboolean        keep_empty_lines;
  KhRaggedPolicy  ragged;
  gsize           max_field;
  gsize           max_record;
  guint8          cls_plain[256];   /* byte classes outside quotes */
  guint8          cls_quoted[256];  /* and inside */
  Scan            scan_plain;       /* the same, 16 bytes at a time */
  Scan            scan_quoted;

  /* Where the parse is */
  gsize           pos;              /* index in the buffer of the next record */
  guint64         line;             /* the line of buf[pos] */
  guint64         line_start;       /* stream offset where that line starts */
  guint64         number;           /* records so far, skipped ones included */

  /* The current record: fields as offsets from its start */
  gsize           rec;
  guint64         rec_line;
  gsize          *foff;             /* owned */
  gsize          *flen;             /* owned */
  guint           nf;
  guint           fcap;
  KhValue        *cells;            /* owned */
  guint           cells_cap;

  guint           n_columns;
  guint           trailing_empty;   /* empty header names dropped at its end */
  gboolean        pending;          /* the first row was read at open */
  gboolean        fast;             /* csv_parse_fast() can be tried */
  gboolean        filled;           /* the cells were filled by csv_parse_fast() */
  gboolean        validate;         /* bytes >= 0x80 are checked to be UTF-8 */
  guint64        *seps;             /* owned; csv_parse_fast()'s field ends, a word per block */
  gsize           seps_cap;
} KhCsvReader;

static G_GNUC_NO_INLINE void
csv_grow_fields (KhCsvReader *self)
{
  self->fcap = MAX (self->fcap * 2, 16);
  self->foff = g_renew (gsize, self->foff, self->fcap);
  self->flen = g_renew (gsize, self->flen, self->fcap);
}

static G_GNUC_NO_INLINE void
csv_grow_cells (KhCsvReader *self,
                guint        n)
{
  self->cells_cap = MAX (n, self->cells_cap * 2);
  self->cells = g_renew (KhValue, self->cells, self->cells_cap);
}

static inline void
csv_add_field (KhCsvReader *self,
               gsize        offset,
               gsize        len)
{
  guint nf = self->nf;

  if (G_UNLIKELY (nf == self->fcap))
    csv_grow_fields (self);
  self->foff[nf] = offset;
  self->flen[nf] = len;
  self->nf = nf + 1;
}


/* The fast path looks at the record 64 bytes at a time, from its start: a
 * bit per byte (bit i for byte i of the block) says where the delimiters,
 * the quotes, the control bytes (below 0x0E: NUL, LF and CR among them) and
 * the bytes >= 0x80 are. Ones in a word are found with a count of trailing
 * zeros, so a record costs a few operations per block and per field rather
 * than a scan per field. */
typedef struct
{
  guint64 delim;
  guint64 quote;
  guint64 ctl;    /* below 0x0E or >= 0x80 */
  guint64 high;   /* >= 0x80 */
} BlockMasks;

#ifdef __SSE2__
static inline guint64
mask64 (__m128i a,
        __m128i b,
        __m128i c,
        __m128i d)
{
  return (guint64) (guint32) _mm_movemask_epi8 (a) |
         (guint64) (guint32) _mm_movemask_epi8 (b) << 16 |
         (guint64) (guint32) _mm_movemask_epi8 (c) << 32 |
         (guint64) (guint32) _mm_movemask_epi8 (d) << 48;
}
#endif

/* The masks of the 64 bytes at @p */
G_ALWAYS_INLINE
static inline void
block_masks (BlockMasks   *m,
             const guint8 *p,
             guint8        delim,
             guint8        quote)
{
#ifdef __SSE2__
  const __m128i vd = _mm_set1_epi8 ((char) delim);
  const __m128i vq = _mm_set1_epi8 ((char) quote);
  const __m128i low = _mm_set1_epi8 (0x0E);
  const __m128i v0 = _mm_loadu_si128 ((const __m128i *) (const void *) p);
  const __m128i v1 = _mm_loadu_si128 ((const __m128i *) (const void *) (p + 16));
  const __m128i v2 = _mm_loadu_si128 ((const __m128i *) (const void *) (p + 32));
  const __m128i v3 = _mm_loadu_si128 ((const __m128i *) (const void *) (p + 48));
  __m128i c0, c1, c2, c3;

  m->delim = mask64 (_mm_cmpeq_epi8 (v0, vd), _mm_cmpeq_epi8 (v1, vd),
                     _mm_cmpeq_epi8 (v2, vd), _mm_cmpeq_epi8 (v3, vd));
  m->quote = mask64 (_mm_cmpeq_epi8 (v0, vq), _mm_cmpeq_epi8 (v1, vq),
                     _mm_cmpeq_epi8 (v2, vq), _mm_cmpeq_epi8 (v3, vq));

  /* Signed: below 0x0E, or negative (>= 0x80) */
  c0 = _mm_cmpgt_epi8 (low, v0);
  c1 = _mm_cmpgt_epi8 (low, v1);
  c2 = _mm_cmpgt_epi8 (low, v2);
  c3 = _mm_cmpgt_epi8 (low, v3);

  /* Most blocks have no line end, and most no byte >= 0x80 */
  m->ctl = 0;
  m->high = 0;
  if (_mm_movemask_epi8 (_mm_or_si128 (_mm_or_si128 (c0, c1), _mm_or_si128 (c2, c3))) != 0)
    {
      m->ctl = mask64 (c0, c1, c2, c3);
      if (_mm_movemask_epi8 (_mm_or_si128 (_mm_or_si128 (v0, v1), _mm_or_si128 (v2, v3))) != 0)
        m->high = mask64 (v0, v1, v2, v3);
    }
#else
  /* Eight bytes at a time in a word: the top bit of each byte says whether
   * it is one we look for (exactly: no carry crosses a byte), and a
   * multiplication gathers those bits into one byte. */
  const guint64 lo7 = KH_BYTES (0x7F);
  const guint64 hi = KH_BYTES (0x80);
  guint64 d = 0, q = 0, c = 0, h = 0;

  for (guint i = 0; i < 64; i += 8)
    {
      guint64 w, xd, xq;

      memcpy (&w, p + i, 8);
      w = GUINT64_FROM_LE (w);
      xd = w ^ KH_BYTES (delim);
      xq = w ^ KH_BYTES (quote);
#define TOP_BITS(x) ((((x) >> 7) * G_GUINT64_CONSTANT (0x0102040810204080)) >> 56)
      d |= TOP_BITS (~(((xd & lo7) + lo7) | xd) & hi) << i;           /* == delim */
      q |= TOP_BITS (~(((xq & lo7) + lo7) | xq) & hi) << i;           /* == quote */
      c |= TOP_BITS ((~((w & lo7) + KH_BYTES (0x80 - 0x0E)) | w) & hi) << i;   /* < 0x0E or >= 0x80 */
      h |= TOP_BITS (w & hi) << i;
#undef TOP_BITS
    }
  m->delim = d;
  m->quote = q;
  m->ctl = c;
  m->high = h;
#endif
}

/* Bit i of the result is the parity of bits 0 to i of @x: with @x the
 * quotes, the bits of an opening quote and of the text after it. */
static inline guint64
prefix_xor (guint64 x)
{
  x ^= x << 1;
  x ^= x << 2;
  x ^= x << 4;
  x ^= x << 8;
  x ^= x << 16;
  x ^= x << 32;
  return x;
}

/* The index of the lowest one in @x, which is not 0 */
static inline guint
lowest_one (guint64 x)
{
  return (guint) __builtin_ctzll (x);
}

static G_GNUC_NO_INLINE void
csv_grow_seps (KhCsvReader *self)
{
  self->seps_cap = MAX (self->seps_cap * 2, 16);
  self->seps = g_renew (guint64, self->seps, self->seps_cap);
}

/* Whether the run of bytes >= 0x80 that starts at @p is well-formed UTF-8,
 * as the slow path sees it: one sequence after the other, each checked by
 * kh_utf8_sequence_length(), up to the next ASCII byte. */
static gboolean
utf8_run_valid (const guint8 *p,
                const guint8 *e)
{
  do
    {
      guint n = kh_utf8_sequence_length (p, (gsize) (e - p));

      if (n == 0)
        return FALSE;
      p += n;
    }
  while (p < e && *p >= 0x80);
  return TRUE;
}

/* Whether the bytes >= 0x80 among @high (the block's bytes at @blk, up to
 * the record's end) are UTF-8: each run that starts in the block is checked
 * whole, also where it goes on into the next block. */
static G_GNUC_NO_INLINE gboolean
utf8_block_valid (guint64       high,
                  const guint8 *blk,
                  const guint8 *rec,
                  const guint8 *e)
{
  guint64 starts = high & ~(high << 1);

  /* a run that goes on from the block before was checked there */
  if (blk > rec && blk[-1] >= 0x80)
    starts &= ~(guint64) 1;
  for (; starts != 0; starts &= starts - 1)
    if (!utf8_run_valid (blk + lowest_one (starts), e))
      return FALSE;
  return TRUE;
}

/* For a record long enough to break a limit: whether it has at most
 * MAX_FIELDS fields, none larger than max_field. */
static G_GNUC_NO_INLINE gboolean
csv_fast_within_limits (const KhCsvReader *self,
                        const guint8      *rec,
                        gsize              n_blocks)
{
  const guint8 *f = rec;
  gsize nf = 0;

  for (gsize k = 0; k < n_blocks; k++)
    for (guint64 s = self->seps[k]; s != 0; s &= s - 1)
      {
        const guint8 *j = rec + 64 * k + lowest_one (s);
        gsize quoted = *f == self->quote;

        if ((gsize) (j - f) - 2 * quoted > self->max_field || ++nf > MAX_FIELDS)
          return FALSE;
        f = j + 1;
      }
  return TRUE;
}

/* The common case: a record that lies whole in the buffer and ends with LF
 * or CR LF, with a one-byte delimiter, whose fields are unquoted or quoted
 * without doubled quotes or line breaks inside. Returns FALSE, having
 * changed nothing the parser depends on, for any other record (or an error
 * in it): csv_parse_record() then parses it from its start again, and says
 * what is wrong where it must.
 *
 * The first pass takes the record's blocks one after the other. The
 * quotes' prefix parity marks the bytes inside quotes (carried from block
 * to block); the record ends at the first LF, CR or NUL; the fields end at
 * the delimiters outside quotes and at that end. In a record this path
 * takes, an opening quote is the first byte of a field, a closing quote is
 * its last, and no line end or NUL is inside quotes: the masks check that
 * for a whole block at once, so that a doubled quote, a quote inside an
 * unquoted field, text after a closing quote and a quote left open all go
 * to the slow path; and so a field that starts with a quote ends with one.
 * Each run of bytes >= 0x80 is checked to be UTF-8 (unless g_iconv()
 * decoded the input). A block's field ends are kept in self->seps. At the
 * end of the buffer a block is copied into a zero-padded one, so nothing
 * past the data is read.
 *
 * The second pass, once the record is known to be good, fills the cells
 * and writes the NUL terminators. */
static inline gboolean
csv_parse_fast (KhCsvReader *self)
{
  KhByteSource *src = self->parent.src;
  guint8 *b = (guint8 *) src->buf;
  const guint8 *e = b + src->len;
  guint8 *rec = b + self->pos;
  const guint8 delim = (guint8) self->delim[0];
  const guint8 quote = self->quote;
  guint64 *seps = self->seps;
  guint64 in_quotes = 0;   /* all ones when the block starts inside quotes */
  guint64 prev_sep = 1;    /* bit 0: a field ends at the byte before the block */
  guint64 prev_close = 0;  /* bit 0: the byte before the block is a closing quote */
  guint64 end_bit;
  const guint8 *blk = rec;
  const guint8 *end, *p;
  gsize n_blocks = 0;

  if (rec == e || *rec == '\n' || *rec == '\r')
    return FALSE;

  for (;;)
    {
      gsize avail = (gsize) (e - blk);
      BlockMasks m;
      guint64 cand, rng, iq, close, sep;

      if (G_LIKELY (avail >= 64))
        block_masks (&m, blk, delim, quote);
      else
        {
          guint8 tail[64];

          memcpy (tail, blk, avail);
          memset (tail + avail, 0, sizeof tail - avail);
          block_masks (&m, tail, delim, quote);
          m.ctl &= ((guint64) 1 << avail) - 1;   /* the padding */
        }

      /* The record ends at the first LF, CR or NUL; other control bytes
       * (and a tab delimiter) are text */
      end_bit = 0;
      for (cand = m.ctl & ~(m.high | m.delim); cand != 0; cand &= cand - 1)
        {
          guint8 c = blk[lowest_one (cand)];

          if (c == '\n' || c == '\r' || c == '\0')
            {
              end_bit = cand & -cand;
              break;
            }
        }
      if (end_bit == 0 && avail <= 64)
        return FALSE;   /* not whole in the buffer */
      rng = end_bit | (end_bit - 1);   /* up to the end, or all */
      sep = m.delim | end_bit;

      if (((m.quote & rng) | in_quotes | prev_close) != 0)
        {
          guint64 open, bad;

          iq = prefix_xor (m.quote) ^ in_quotes;
          open = m.quote & iq;
          close = m.quote & ~iq;
          bad = (open & ~((sep << 1) | prev_sep)) |     /* a quote in an unquoted field */
                (((close << 1) | prev_close) & ~sep) |   /* after a closing quote */
                (end_bit & iq);                          /* a line end or NUL in quotes */
          if ((bad & rng) != 0)
            return FALSE;
        }
      else
        iq = close = 0;

      if (G_UNLIKELY ((m.high & rng) != 0) && self->validate &&
          !utf8_block_valid (m.high & rng, blk, rec, e))
        return FALSE;

      if (G_UNLIKELY (n_blocks == self->seps_cap))
        {
          csv_grow_seps (self);
          seps = self->seps;
        }
      seps[n_blocks++] = sep & ~iq & rng;
      if (end_bit != 0)
        break;

      prev_sep = m.delim >> 63;
      prev_close = close >> 63;
      in_quotes = (guint64) 0 - (iq >> 63);
      blk += 64;
    }

  end = blk + lowest_one (end_bit);
  if (*end == '\n')
    p = end + 1;
  else if (*end == '\r' && end + 1 < e && end[1] == '\n')
    p = end + 2;
  else
    return FALSE;   /* a NUL, or a CR alone */

  if (G_UNLIKELY ((gsize) (end - rec) > self->max_field || (gsize) (end - rec) >= MAX_FIELDS) &&
      !csv_fast_within_limits (self, rec, n_blocks))
    return FALSE;

  /* The record is whole: the cells, and the terminators over the field
   * ends (a record given back to csv_parse_record() must be left as it was) */
  {
    guint8 *f = rec;
    guint8 *base = rec;
    KhValue *c = self->cells;
    KhValue *c_end = c + self->cells_cap;

    for (gsize k = 0; k < n_blocks; k++, base += 64)
      {
        if (G_UNLIKELY (c_end - c < 64))
          {
            guint n = (guint) (c - self->cells);

            csv_grow_cells (self, n + 64);
            c = self->cells + n;
            c_end = self->cells + self->cells_cap;
          }
        for (guint64 s = seps[k]; s != 0; s &= s - 1)
          {
            guint8 *j = base + lowest_one (s);
            gsize quoted = *f == quote;
            guint8 *str = f + quoted;
            guint8 *t = j - quoted;   /* the closing quote, or j */

            c->str = (const char *) str;
            c->len = (gsize) (t - str);
            c->type = KH_VALUE_STRING;
            *t = '\0';
            c++;
            f = j + 1;
          }
      }
    self->nf = (guint) (c - self->cells);
  }

  self->filled = TRUE;
  self->rec = self->pos;
  self->rec_line = self->line;
  self->pos = (gsize) (p - b);
  self->line++;
  self->line_start = src->base + self->pos;
  return TRUE;
}

static char *
format_size (gsize size)
{
  return g_format_size_full (size, G_FORMAT_SIZE_IEC_UNITS);
}

/* Parses one record into self->foff/flen. All indices are into src->buf;
 * REFILL discards what precedes the record and shifts them. */
static ParseResult
csv_parse_record (KhCsvReader  *self,
                  GError      **error)
{
  KhReader *reader = &self->parent;
  KhByteSource *src = reader->src;
  const guint8 *cls_plain = self->cls_plain;
  const guint8 *cls_quoted = self->cls_quoted;
  const Scan scan_plain = self->scan_plain;
  const Scan scan_quoted = self->scan_quoted;
  const guint8 quote = self->quote;
  const guint delim_len = self->delim_len;
  char *b = src->buf;
  gsize end = src->len;
  gsize rec = self->pos;
  gsize r = rec;
  gsize fstart = r;
  gsize w = r;
  guint64 qline = 0;
  guint64 qcol = 0;

  self->filled = FALSE;

#define COL(i) (src->base + (i) - self->line_start + 1)
#define NEWLINE_AT(i) G_STMT_START { self->line++; self->line_start = src->base + (i); } G_STMT_END
#define REFILL() G_STMT_START {                                               \
    GError *fill_error = NULL;                                                \
    gsize delta = rec;                                                        \
    if (r - fstart > self->max_field) goto field_too_large;                   \
    if (end - rec >= self->max_record) goto record_too_large;                 \
    if (!kh_byte_source_fill (src, rec, &fill_error))                         \
      {                                                                       \
        _kh_reader_wrap_error (reader, error, fill_error, self->line);        \
        return PARSE_ERROR;                                                   \
      }                                                                       \
    rec -= delta; r -= delta; fstart -= delta; w -= delta;                    \
    b = src->buf; end = src->len;                                             \
  } G_STMT_END

  self->nf = 0;

record_begin:
  if (r == end)
    {
      if (src->eof)
        {
          self->pos = r;
          return PARSE_EOF;
        }
      REFILL ();
      goto record_begin;
    }
  if (!self->keep_empty_lines && (b[r] == '\n' || b[r] == '\r'))
    {
      if (b[r] == '\r' && r + 1 == end && !src->eof)
        {
          REFILL ();
          goto record_begin;
        }
      if (b[r] == '\r' && r + 1 < end && b[r + 1] == '\n')
        r++;
      r++;
      NEWLINE_AT (r);
      rec = fstart = w = r;
      goto record_begin;
    }
  self->rec_line = self->line;

field_start:
  fstart = r;
  if (r == end)
    {
      if (!src->eof)
        {
          REFILL ();
          goto field_start;
        }
      csv_add_field (self, fstart - rec, 0);
      goto record_end;
    }
  if (cls_plain[(guint8) b[r]] == C_QUOTE)
    {
      qline = self->line;
      qcol = COL (r);
      r++;
      fstart = w = r;
      goto quoted;
    }

unquoted:
  r = scan_special (&scan_plain, cls_plain, (const guint8 *) b + r, (const guint8 *) b + end) - (const guint8 *) b;
  if (r == end)
    {
      if (!src->eof)
        {
          REFILL ();
          goto unquoted;
        }
      if (r - fstart > self->max_field)
        goto field_too_large;
      csv_add_field (self, fstart - rec, r - fstart);
      goto record_end;
    }

  switch (cls_plain[(guint8) b[r]])
    {
    case C_DELIM:
      if (delim_len > 1)
        {
          if (end - r < delim_len && !src->eof)
            {
              REFILL ();
              goto unquoted;
            }
          if (end - r < delim_len || memcmp (b + r, self->delim, delim_len) != 0)
            goto unquoted_high;
        }
      if (G_UNLIKELY (r - fstart > self->max_field))
        goto field_too_large;
      csv_add_field (self, fstart - rec, r - fstart);
      r += delim_len;
      if (G_UNLIKELY (self->nf == MAX_FIELDS))
        goto too_many_fields;
      goto field_start;

    case C_LF:
      if (G_UNLIKELY (r - fstart > self->max_field))
        goto field_too_large;
      csv_add_field (self, fstart - rec, r - fstart);
      r++;
      NEWLINE_AT (r);
      goto record_end;

    case C_CR:
      if (r + 1 == end && !src->eof)
        {
          REFILL ();
          goto unquoted;
        }
      if (G_UNLIKELY (r - fstart > self->max_field))
        goto field_too_large;
      csv_add_field (self, fstart - rec, r - fstart);
      r++;
      if (r < end && b[r] == '\n')
        r++;
      NEWLINE_AT (r);
      goto record_end;

    case C_QUOTE:
      _kh_reader_set_error_at (reader, error, KH_ERROR_PARSE, self->line, COL (r),
                               _("a quote inside an unquoted field (a field "
                                 "with quotes must be quoted as a whole, "
                                 "with its quotes doubled)"));
      return PARSE_ERROR;

    case C_HIGH:
      goto unquoted_high;

    case C_NUL:
      goto nul_byte;

    default:
      g_assert_not_reached ();
    }

unquoted_high:
  if (end - r < 4 && !src->eof)
    {
      REFILL ();
      goto unquoted;
    }
  {
    guint n = kh_utf8_sequence_length ((const guint8 *) b + r, end - r);

    if (n == 0)
      goto bad_utf8;
    r += n;
  }
  goto unquoted;

quoted:
  {
    const guint8 *p = scan_special (&scan_quoted, cls_quoted, (const guint8 *) b + r, (const guint8 *) b + end);

    if (w != r)
      memmove (b + w, b + r, (p - (const guint8 *) b) - r);
    w += (p - (const guint8 *) b) - r;
    r = p - (const guint8 *) b;
  }
  if (r == end)
    {
      if (src->eof)
        {
          _kh_reader_set_error_at (reader, error, KH_ERROR_PARSE, qline, qcol,
                                   _("the quoted field that starts here is not "
                                     "closed before the end of the input"));
          return PARSE_ERROR;
        }
      REFILL ();
      goto quoted;
    }

  switch (cls_quoted[(guint8) b[r]])
    {
    case C_QUOTE:
      if (r + 1 == end && !src->eof)
        {
          REFILL ();
          goto quoted;
        }
      if (r + 1 < end && (guint8) b[r + 1] == quote)
        {
          b[w++] = quote;
          r += 2;
          goto quoted;
        }
      if (G_UNLIKELY (w - fstart > self->max_field))
        goto field_too_large;
      csv_add_field (self, fstart - rec, w - fstart);
      r++;
      goto after_quote;

    case C_LF:
      b[w++] = b[r++];
      NEWLINE_AT (r);
      goto quoted;

    case C_CR:
      if (r + 1 == end && !src->eof)
        {
          REFILL ();
          goto quoted;
        }
      b[w++] = b[r++];
      if (r == end || b[r] != '\n')
        NEWLINE_AT (r);
      goto quoted;

    case C_HIGH:
      if (end - r < 4 && !src->eof)
        {
          REFILL ();
          goto quoted;
        }
      {
        guint n = kh_utf8_sequence_length ((const guint8 *) b + r, end - r);

        if (n == 0)
          goto bad_utf8;
        if (w != r)
          memmove (b + w, b + r, n);
        w += n;
        r += n;
      }
      goto quoted;

    case C_NUL:
      goto nul_byte;

    case C_PLAIN:
    case C_DELIM:
    default:
      g_assert_not_reached ();
    }

after_quote:
  if (r == end)
    {
      if (!src->eof)
        {
          fstart = r;
          REFILL ();
          goto after_quote;
        }
      goto record_end;
    }
  switch (cls_plain[(guint8) b[r]])
    {
    case C_DELIM:
      if (delim_len > 1)
        {
          if (end - r < delim_len && !src->eof)
            {
              fstart = r;
              REFILL ();
              goto after_quote;
            }
          if (end - r < delim_len || memcmp (b + r, self->delim, delim_len) != 0)
            break;
        }
      r += delim_len;
      if (G_UNLIKELY (self->nf == MAX_FIELDS))
        goto too_many_fields;
      goto field_start;

    case C_LF:
      r++;
      NEWLINE_AT (r);
      goto record_end;

    case C_CR:
      if (r + 1 == end && !src->eof)
        {
          fstart = r;
          REFILL ();
          goto after_quote;
        }
      r++;
      if (r < end && b[r] == '\n')
        r++;
      NEWLINE_AT (r);
      goto record_end;

    default:
      break;
    }
  _kh_reader_set_error_at (reader, error, KH_ERROR_PARSE, self->line, COL (r),
                           _("unexpected text after the closing quote of a "
                             "field (expected a delimiter or the end of the line)"));
  return PARSE_ERROR;

record_end:
  self->pos = r;
  self->rec = rec;
  return PARSE_RECORD;

bad_utf8:
  _kh_reader_set_error_at (reader, error, KH_ERROR_ENCODING, self->line, COL (r),
                           _("invalid UTF-8 (byte 0x%02X); if the file is not "
                             "UTF-8, give its encoding"),
                           (guint8) b[r]);
  return PARSE_ERROR;

nul_byte:
  _kh_reader_set_error_at (reader, error, KH_ERROR_PARSE, self->line, COL (r),
                           _("a NUL byte; this is not a text file"));
  return PARSE_ERROR;

field_too_large:
  {
    g_autofree char *limit = format_size (self->max_field);

    if (qline > 0 && fstart > rec && (guint8) b[fstart - 1] == quote)
      _kh_reader_set_error_at (reader, error, KH_ERROR_PARSE, qline, qcol,
                               _("the field that starts here is larger than "
                                 "the limit of %s"), limit);
    else
      _kh_reader_set_error_at (reader, error, KH_ERROR_PARSE, self->line, 0,
                               _("a field is larger than the limit of %s"), limit);
  }
  return PARSE_ERROR;

record_too_large:
  {
    g_autofree char *limit = format_size (self->max_record);

    _kh_reader_set_error_at (reader, error, KH_ERROR_PARSE, self->rec_line, 0,
                             _("the record that starts here is larger than "
                               "the limit of %s"), limit);
  }
  return PARSE_ERROR;

too_many_fields:
  _kh_reader_set_error_at (reader, error, KH_ERROR_PARSE, self->rec_line, 0,
                           _("the record has more than %u fields"), MAX_FIELDS);
  return PARSE_ERROR;

#undef REFILL
#undef NEWLINE_AT
#undef COL
}

/* Points the cells at the fields of the record just parsed, and
 * terminates each with a NUL: over the delimiter or line end after an
 * unquoted field, over the closing quote of a quoted one (or before it,
 * when doubled quotes were unescaped); at the end of the input over the
 * byte after the data, which the byte source keeps for it. */
static G_GNUC_NO_INLINE void
csv_fill_cells_from_fields (KhCsvReader *self)
{
  char *base = self->parent.src->buf + self->rec;
  const gsize *foff = self->foff;
  const gsize *flen = self->flen;
  const guint nf = self->nf;
  KhValue *cells;

  if (G_UNLIKELY (MAX (nf, self->n_columns) > self->cells_cap))
    csv_grow_cells (self, MAX (nf, self->n_columns));

  cells = self->cells;
  for (guint i = 0; i < nf; i++)
    {
      char *str = base + foff[i];

      str[flen[i]] = '\0';
      cells[i].str = str;
      cells[i].len = flen[i];
      cells[i].type = KH_VALUE_STRING;
    }
}

/* Hands out the record just parsed (a record read by csv_parse_fast() has
 * its cells already) */
static inline void
csv_fill_cells (KhCsvReader *self)
{
  if (!self->filled)
    csv_fill_cells_from_fields (self);
  else if (G_UNLIKELY (MAX (self->nf, self->n_columns) > self->cells_cap))
    csv_grow_cells (self, MAX (self->nf, self->n_columns));

  self->parent.record.cells = self->cells;
  self->parent.record.n_cells = self->nf;
  self->parent.record.line = self->rec_line;
  self->parent.record.number = self->number;
  self->parent.record.raw = NULL;
  self->parent.record.raw_len = 0;
}

static GError *
ragged_issue (KhCsvReader *self,
              const char  *what)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "expected %u field but found %u",
                                          "expected %u fields but found %u",
                                          self->n_columns),
                             self->n_columns, self->nf);
  if (what != NULL)
    {
      char *tmp = g_strdup_printf ("%s; %s", message, what);

      g_free (message);
      message = tmp;
    }
  _kh_reader_set_error_at (&self->parent, &error, KH_ERROR_PARSE,
                           self->rec_line, 0, "%s", message);
  return g_steal_pointer (&error);
}

static const KhRecord *
csv_next (KhReader  *reader,
          GError   **error)
{
  KhCsvReader *self = (KhCsvReader *) reader;

  for (;;)
    {
      if (self->pending)
        self->pending = FALSE;
      else if (!G_LIKELY (self->fast && csv_parse_fast (self)))
        {
          ParseResult result = csv_parse_record (self, error);

          if (result != PARSE_RECORD)
            return NULL;
        }

      self->number++;
      csv_fill_cells (self);

      if (G_LIKELY (self->nf == self->n_columns))
        return &reader->record;

      /* Extra empty fields that match empty names at the header's end. */
      if (self->nf > self->n_columns &&
          self->nf <= self->n_columns + self->trailing_empty)
        {
          gboolean all_empty = TRUE;

          for (guint i = self->n_columns; i < self->nf; i++)
            all_empty = all_empty && self->cells[i].len == 0;
          if (all_empty)
            {
              reader->record.n_cells = self->n_columns;
              return &reader->record;
            }
        }

      switch (self->ragged)
        {
        case KH_RAGGED_PAD:
          _kh_reader_report_issue (reader, &reader->record,
                                   ragged_issue (self, self->nf < self->n_columns
                                                 ? _("padded with nulls")
                                                 : _("the extra fields were dropped")));
          for (guint i = self->nf; i < self->n_columns; i++)
            {
              self->cells[i].str = NULL;
              self->cells[i].len = 0;
              self->cells[i].type = KH_VALUE_NULL;
            }
          reader->record.n_cells = self->n_columns;
          return &reader->record;

        case KH_RAGGED_SKIP:
          _kh_reader_report_issue (reader, &reader->record,
                                   ragged_issue (self, _("the record was skipped")));
          reader->n_skipped++;
          continue;

        case KH_RAGGED_ERROR:
        default:
          g_propagate_error (error, ragged_issue (self, NULL));
          return NULL;
        }
    }
}

static void
csv_finalize (KhReader *reader)
{
  KhCsvReader *self = (KhCsvReader *) reader;

  g_free (self->foff);
  g_free (self->flen);
  g_free (self->cells);
  g_free (self->seps);
}

static const KhReaderClass csv_class = {
  .next = csv_next,
  .finalize = csv_finalize,
};

static gboolean
setup_options (KhCsvReader            *self,
               const char             *path,
               const KhReaderOptions  *options,
               GError                **error)
{
  const char *delim = options->delimiter;
  const char *quote = options->quote;
  gboolean validate = !self->parent.src->decoded;

  if (delim == NULL)
    {
      const char *dot = path != NULL ? strrchr (path, '.') : NULL;

      delim = dot != NULL && (g_ascii_strcasecmp (dot, ".tsv") == 0 ||
                              g_ascii_strcasecmp (dot, ".tab") == 0) ? "\t" : ",";
    }
  if (quote == NULL)
    quote = "\"";

  self->delim_len = strlen (delim);
  if (self->delim_len == 0 || self->delim_len > 4 ||
      !g_utf8_validate (delim, -1, NULL) || g_utf8_strlen (delim, -1) != 1 ||
      strchr ("\r\n", delim[0]) != NULL)
    {
      g_set_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM,
                   _("The CSV delimiter must be one character other than a line break, not “%s”"),
                   delim);
      return FALSE;
    }
  memcpy (self->delim, delim, self->delim_len);

  if (strlen (quote) > 1 || (guint8) quote[0] >= 0x80 ||
      (quote[0] != '\0' && (strchr ("\r\n", quote[0]) != NULL || quote[0] == delim[0])))
    {
      g_set_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM,
                   _("The CSV quote must be one ASCII character other than the delimiter, not “%s”"),
                   quote);
      return FALSE;
    }
  self->quote = (guint8) quote[0];

  memset (self->cls_plain, C_PLAIN, 256);
  if (validate)
    memset (self->cls_plain + 0x80, C_HIGH, 0x80);
  self->cls_plain[0] = C_NUL;
  self->cls_plain['\n'] = C_LF;
  self->cls_plain['\r'] = C_CR;
  if (self->quote != '\0')
    self->cls_plain[self->quote] = C_QUOTE;

  /* Inside quotes the delimiter is plain text. */
  memcpy (self->cls_quoted, self->cls_plain, 256);

  self->cls_plain[(guint8) self->delim[0]] = C_DELIM;

  scan_init (&self->scan_plain, (guint8) self->delim[0], self->quote);
  scan_init (&self->scan_quoted, self->quote, self->quote);
  self->fast = self->delim_len == 1 && self->quote != '\0' && !self->keep_empty_lines;
  self->validate = validate;

  return TRUE;
}

/* The header: names are copied; empty names at the end are dropped, empty
 * names elsewhere become columnN; a name may appear only once. */
static gboolean
read_header (KhCsvReader  *self,
             GError      **error)
{
  KhReader *reader = &self->parent;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint n;

  switch (csv_parse_record (self, error))
    {
    case PARSE_ERROR:
      return FALSE;

    case PARSE_EOF:
      g_set_error (error, KH_ERROR, KH_ERROR_INPUT,
                   _("“%s” has no header line"), reader->name);
      return FALSE;

    case PARSE_RECORD:
    default:
      break;
    }

  csv_fill_cells (self);
  n = self->nf;
  while (n > 1 && self->cells[n - 1].len == 0)
    n--;
  self->trailing_empty = self->nf - n;

  for (guint i = 0; i < n; i++)
    {
      const char *name = self->cells[i].str;
      g_autofree char *generated = NULL;
      gpointer other;

      if (*name == '\0')
        name = generated = g_strdup_printf ("column%u", i + 1);

      if (g_hash_table_lookup_extended (seen, name, NULL, &other))
        {
          _kh_reader_set_error_at (reader, error, KH_ERROR_PARSE, self->rec_line, 0,
                                   _("the header names the column “%s” twice "
                                     "(columns %u and %u)"),
                                   name, GPOINTER_TO_UINT (other), i + 1);
          return FALSE;
        }
      _kh_reader_add_column (reader, name);
      g_hash_table_insert (seen, g_ptr_array_index (reader->columns, i),
                           GUINT_TO_POINTER (i + 1));
    }
  self->n_columns = n;

  return TRUE;
}

KhReader *
_kh_csv_reader_new (KhByteSource           *src,
                    const char             *path,
                    const KhReaderOptions  *options,
                    GError                **error)
{
  KhCsvReader *self = g_new0 (KhCsvReader, 1);
  g_autoptr(KhReader) reader = &self->parent;

  _kh_reader_init (reader, &csv_class, KH_IO_FORMAT_CSV, src->name, options);
  reader->src = src;

  self->keep_empty_lines = options->keep_empty_lines;
  self->ragged = options->ragged;
  self->max_field = options->max_field_size != 0 ? options->max_field_size
                                                 : KH_READER_DEFAULT_MAX_FIELD_SIZE;
  self->max_record = options->max_record_size != 0 ? options->max_record_size
                                                   : KH_READER_DEFAULT_MAX_RECORD_SIZE;
  self->max_record = MAX (self->max_record, self->max_field);
  self->line = 1;

  if (!setup_options (self, path, options, error))
    return NULL;

  if (!options->no_header)
    {
      if (!read_header (self, error))
        return NULL;
    }
  else
    {
      switch (csv_parse_record (self, error))
        {
        case PARSE_ERROR:
          return NULL;

        case PARSE_EOF:
          break;

        case PARSE_RECORD:
        default:
          self->n_columns = self->nf;
          self->pending = TRUE;
          for (guint i = 0; i < self->nf; i++)
            {
              g_autofree char *name = g_strdup_printf ("column%u", i + 1);

              _kh_reader_add_column (reader, name);
            }
          break;
        }
    }

  return g_steal_pointer (&reader);
}
