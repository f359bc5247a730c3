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
 * The NUL terminators are written once the record is complete (by
 * csv_fill_cells()), not during the scan, where every byte stored into the
 * buffer would make the compiler reload the parser's state.
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


/* The common case, in one tight loop: a record that lies whole in the
 * buffer and ends with LF or CR LF, with a one-byte delimiter, whose fields
 * are unquoted or quoted without doubled quotes or line breaks inside.
 * Returns FALSE, having changed nothing the parser depends on, for any
 * other record (or an error in it): csv_parse_record() then parses it from
 * its start again, and says what is wrong where it must. */
static inline gboolean
csv_parse_fast (KhCsvReader *self)
{
  KhByteSource *src = self->parent.src;
  const guint8 *b = (const guint8 *) src->buf;
  const guint8 *e = b + src->len;
  const guint8 *rec = b + self->pos;
  const guint8 *p = rec;
  const guint8 *cls_plain = self->cls_plain;
  const guint8 *cls_quoted = self->cls_quoted;
  const guint8 delim = (guint8) self->delim[0];
  const guint8 quote = self->quote;
  const gsize max_field = self->max_field;
  KhValue *cells;
  guint cap;
  guint nf = 0;

  if (p == e || *p == '\n' || *p == '\r')
    return FALSE;
  if (G_UNLIKELY (self->cells_cap < self->n_columns))
    csv_grow_cells (self, self->n_columns);
  cells = self->cells;
  cap = self->cells_cap;

  for (;;)
    {
      const guint8 *f, *q;
      guint8 c;

      if (*p == quote)
        {
          f = q = p + 1;
          for (;;)
            {
              q = scan_special (&self->scan_quoted, cls_quoted, q, e);
              if (q == e)
                return FALSE;
              if (*q == quote)
                break;
              if (*q >= 0x80)   /* C_HIGH: the delimiter is ASCII here */
                {
                  guint n = kh_utf8_sequence_length (q, (gsize) (e - q));

                  if (n == 0)
                    return FALSE;
                  q += n;
                  continue;
                }
              return FALSE;   /* a line break or NUL inside quotes */
            }
          if (q + 1 == e || q[1] == quote)
            return FALSE;
          c = q[1];
          p = q + 1;
        }
      else
        {
          f = q = p;
          for (;;)
            {
              q = scan_special (&self->scan_plain, cls_plain, q, e);
              if (q == e)
                return FALSE;
              if (*q >= 0x80)   /* C_HIGH */
                {
                  guint n = kh_utf8_sequence_length (q, (gsize) (e - q));

                  if (n == 0)
                    return FALSE;
                  q += n;
                  continue;
                }
              break;
            }
          c = *q;
          p = q;
        }

      if (G_UNLIKELY ((gsize) (q - f) > max_field))
        return FALSE;
      if (G_UNLIKELY (nf == cap))
        {
          csv_grow_cells (self, nf + 1);
          cells = self->cells;
          cap = self->cells_cap;
        }
      cells[nf].str = (const char *) f;
      cells[nf].len = (gsize) (q - f);
      cells[nf].type = KH_VALUE_STRING;
      nf++;

      if (c == delim)
        {
          p++;
          if (G_UNLIKELY (nf == MAX_FIELDS))
            return FALSE;
          continue;
        }
      if (c == '\n')
        {
          p++;
          break;
        }
      if (c == '\r' && p + 1 < e && p[1] == '\n')
        {
          p += 2;
          break;
        }
      return FALSE;
    }

  /* The record is whole: now the terminators can be written (a record
   * given back to csv_parse_record() must be left as it was) */
  for (guint i = 0; i < nf; i++)
    ((char *) cells[i].str)[cells[i].len] = '\0';

  self->nf = nf;
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
 * byte after the data, which the byte source keeps for it. A record read
 * by csv_parse_fast() has its cells already. Then hands out the record. */
static void
csv_fill_cells (KhCsvReader *self)
{
  char *base = self->parent.src->buf + self->rec;
  guint n = MAX (self->nf, self->n_columns);
  const gsize *foff = self->foff;
  const gsize *flen = self->flen;
  const guint nf = self->nf;
  KhValue *cells;

  if (!self->filled)
    {
      if (G_UNLIKELY (n > self->cells_cap))
        csv_grow_cells (self, n);

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
  else if (G_UNLIKELY (n > self->cells_cap))
    csv_grow_cells (self, n);

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
