/* test-engine-dedupe.c: the dedupe index, keep first and keep last
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kh-engine-test-util.h"

static KhValue
text (const char *s)
{
  KhValue v = { s, s != NULL ? strlen (s) : 0, s != NULL ? KH_VALUE_STRING : KH_VALUE_NULL };

  return v;
}

/* A mapping that dedupes on the trimmed, zero-stripped customer number
 * and the country. */
static KhMapping *
dedupe_mapping (KhDedupeKeep keep)
{
  KhMapping *mapping = kh_mapping_new ();
  const char *keys[] = { "Number", "Country", NULL };

  test_add_rule (mapping, "Number", "KUNNR", test_step_new ("trim", NULL), test_step_new ("strip-zeros", NULL), NULL);
  test_add_rule (mapping, "Country", "LAND1", test_step_new ("trim", NULL), test_step_new ("upper-case", NULL), NULL);
  test_add_rule (mapping, "Name", "NAME1", NULL);
  kh_mapping_set_dedupe_keys (mapping, keys);
  kh_mapping_set_dedupe_keep (mapping, keep);
  return mapping;
}

static const char * const columns[] = { "KUNNR", "LAND1", "NAME1", NULL };

static const char * const input[][3] = {
  { "0000000001", "jp", "first" },
  { "1", "JP ", "second: same key after the transform" },
  { "2", "JP", "third" },
  { "0001", "DE", "fourth: another country" },
  { "", "JP", "fifth: missing key part" },
  { "", "JP", "sixth: missing key part again" },
  { "2", "jp", "seventh" },
  { "1", "jp", "eighth" },
};

static void
run (KhDedupeKeep  keep,
     GString      *written)
{
  g_autoptr(KhMapping) mapping = dedupe_mapping (keep);
  g_autoptr(GError) error = NULL;
  g_autoptr(KhPlan) plan = kh_plan_new (mapping, columns, 3, KH_PLAN_FLAGS_NONE, &error);
  g_autoptr(KhRecordResult) result = kh_record_result_new (plan);
  g_autoptr(KhDeduper) deduper = kh_deduper_new (plan);
  KhDedupeVerdict verdicts[G_N_ELEMENTS (input)];
  guint64 superseded = 0;

  g_assert_no_error (error);
  g_assert_cmpint (kh_deduper_get_keep (deduper), ==, keep);

  /* Pass 1 */
  for (guint i = 0; i < G_N_ELEMENTS (input); i++)
    {
      KhOutcome outcome;

      g_assert_true (kh_plan_eval_strings (plan, input[i], result, &outcome));
      g_assert_cmpint (outcome, ==, KH_OUTCOME_WRITTEN);
      verdicts[i] = kh_deduper_add (deduper, result, i + 1, &superseded, &error);
      g_assert_no_error (error);

      if (i == 1)
        {
          g_autofree char *key = kh_deduper_format_key (plan, result);

          g_assert_cmpstr (key, ==, "1, JP");
          if (keep == KH_DEDUPE_KEEP_LAST)
            g_assert_cmpuint (superseded, ==, 1);
        }
    }

  /* Pass 2: keep=last needs the whole input before it can decide */
  for (guint i = 0; i < G_N_ELEMENTS (input); i++)
    {
      gboolean duplicate = keep == KH_DEDUPE_KEEP_FIRST ? verdicts[i] == KH_DEDUPE_DUPLICATE
                                                        : kh_deduper_is_superseded (deduper, i + 1);

      g_string_append_c (written, duplicate ? '-' : 'W');
    }

  g_assert_cmpuint (kh_deduper_get_n_keys (deduper), ==, 3);
  g_assert_cmpint (verdicts[4], ==, KH_DEDUPE_NO_KEY);
  g_assert_cmpint (verdicts[5], ==, KH_DEDUPE_NO_KEY);
  if (keep == KH_DEDUPE_KEEP_FIRST)
    {
      g_assert_cmpint (verdicts[0], ==, KH_DEDUPE_UNIQUE);
      g_assert_cmpint (verdicts[1], ==, KH_DEDUPE_DUPLICATE);
    }
  else
    {
      g_assert_cmpint (verdicts[0], ==, KH_DEDUPE_UNIQUE);
      g_assert_cmpint (verdicts[1], ==, KH_DEDUPE_SUPERSEDES);
      g_assert_cmpint (verdicts[7], ==, KH_DEDUPE_SUPERSEDES);
    }
}

static void
test_keep_first (void)
{
  g_autoptr(GString) written = g_string_new (NULL);

  run (KH_DEDUPE_KEEP_FIRST, written);
  g_assert_cmpstr (written->str, ==, "W-WWWW--");
}

static void
test_keep_last (void)
{
  g_autoptr(GString) written = g_string_new (NULL);

  run (KH_DEDUPE_KEEP_LAST, written);
  /* The last of each key wins, at its own position */
  g_assert_cmpstr (written->str, ==, "---WWWWW");
}

static void
test_key_parts_are_exact (void)
{
  g_autoptr(KhDeduper) deduper = kh_deduper_new_for_keys (2, KH_DEDUPE_KEEP_FIRST);
  KhValue ab_c[] = { text ("ab"), text ("c") };
  KhValue a_bc[] = { text ("a"), text ("bc") };
  KhValue a_bc2[] = { text ("a"), text ("bc") };
  KhValue a_null[] = { text ("a"), text (NULL) };

  /* ("ab", "c") and ("a", "bc") are different keys */
  g_assert_cmpint (kh_deduper_add_key (deduper, ab_c, 1, NULL, NULL), ==, KH_DEDUPE_UNIQUE);
  g_assert_cmpint (kh_deduper_add_key (deduper, a_bc, 2, NULL, NULL), ==, KH_DEDUPE_UNIQUE);
  g_assert_cmpint (kh_deduper_add_key (deduper, a_bc2, 3, NULL, NULL), ==, KH_DEDUPE_DUPLICATE);
  g_assert_cmpint (kh_deduper_add_key (deduper, a_null, 4, NULL, NULL), ==, KH_DEDUPE_NO_KEY);
  g_assert_cmpuint (kh_deduper_get_n_keys (deduper), ==, 2);
}

/* A million keys of 10 bytes: each found again exactly, and the index
 * stays well under 40 MB. */
static void
test_million_keys (void)
{
  g_autoptr(KhDeduper) first = kh_deduper_new_for_keys (1, KH_DEDUPE_KEEP_FIRST);
  g_autoptr(KhDeduper) last = kh_deduper_new_for_keys (1, KH_DEDUPE_KEEP_LAST);
  const guint n = 1000000;
  guint64 ordinal = 0;
  gsize first_bytes, last_bytes;

  for (guint round = 0; round < 2; round++)
    for (guint i = 0; i < n; i += round == 0 ? 1 : 7)
      {
        char buf[16];
        KhValue key;
        guint64 superseded = 0;
        KhDedupeVerdict expect_first = round == 0 ? KH_DEDUPE_UNIQUE : KH_DEDUPE_DUPLICATE;
        KhDedupeVerdict expect_last = round == 0 ? KH_DEDUPE_UNIQUE : KH_DEDUPE_SUPERSEDES;

        /* Not integers (see /engine/dedupe/integer-keys for those) */
        g_snprintf (buf, sizeof buf, "K%09u", i * 2654435761u);
        key = text (buf);
        ordinal++;
        if (kh_deduper_add_key (first, &key, ordinal, NULL, NULL) != expect_first ||
            kh_deduper_add_key (last, &key, ordinal, &superseded, NULL) != expect_last)
          g_error ("key %u (%s), round %u: wrong verdict", i, buf, round);
        if (round == 1)
          g_assert_cmpuint (superseded, ==, i + 1);
      }

  g_assert_cmpuint (kh_deduper_get_n_keys (first), ==, n);
  g_assert_cmpuint (kh_deduper_get_n_keys (last), ==, n);
  for (guint i = 0; i < n; i++)
    if (kh_deduper_is_superseded (last, i + 1) != (i % 7 == 0))
      g_error ("record %u: wrong superseded bit", i + 1);
  g_assert_false (kh_deduper_is_superseded (last, ordinal));
  g_assert_false (kh_deduper_is_superseded (last, 100 * (guint64) n));

  first_bytes = kh_deduper_get_memory_size (first);
  last_bytes = kh_deduper_get_memory_size (last);
  g_test_message ("1,000,000 keys: keep=first %.1f MB, keep=last %.1f MB", first_bytes / 1e6, last_bytes / 1e6);
  g_assert_cmpuint (first_bytes, <, 32 * 1000 * 1000);
  g_assert_cmpuint (last_bytes, <, 38 * 1000 * 1000);
}

static void
test_long_key (void)
{
  g_autoptr(KhDeduper) deduper = kh_deduper_new_for_keys (1, KH_DEDUPE_KEEP_LAST);
  gsize len = 3 * 1024 * 1024 + 17;
  g_autofree char *big = g_malloc (len + 1);
  g_autofree char *big2 = NULL;
  KhValue key = { big, len, KH_VALUE_STRING };
  KhValue small = text ("small");
  guint64 superseded = 0;

  /* A key bigger than the arena's chunks, between small ones */
  memset (big, 'k', len);
  big[len] = '\0';
  big2 = g_strdup (big);
  g_assert_cmpint (kh_deduper_add_key (deduper, &small, 1, NULL, NULL), ==, KH_DEDUPE_UNIQUE);
  g_assert_cmpint (kh_deduper_add_key (deduper, &key, 2, NULL, NULL), ==, KH_DEDUPE_UNIQUE);
  g_assert_cmpint (kh_deduper_add_key (deduper, &small, 3, &superseded, NULL), ==, KH_DEDUPE_SUPERSEDES);
  g_assert_cmpuint (superseded, ==, 1);
  key.str = big2;
  g_assert_cmpint (kh_deduper_add_key (deduper, &key, 4, &superseded, NULL), ==, KH_DEDUPE_SUPERSEDES);
  g_assert_cmpuint (superseded, ==, 2);
  big2[len - 1] = 'x';
  g_assert_cmpint (kh_deduper_add_key (deduper, &key, 5, NULL, NULL), ==, KH_DEDUPE_UNIQUE);
}

/* Reserving room for the keys changes the memory, never a verdict: a
 * reserved index and one that grows as it goes decide the same for every
 * key, and a reservation below what is held is ignored. */
static void
test_reserve (void)
{
  g_autoptr(KhDeduper) grown = kh_deduper_new_for_keys (2, KH_DEDUPE_KEEP_LAST);
  g_autoptr(KhDeduper) reserved = kh_deduper_new_for_keys (2, KH_DEDUPE_KEEP_LAST);
  gsize before, after;

  before = kh_deduper_get_memory_size (reserved);
  kh_deduper_reserve (reserved, 300000);
  after = kh_deduper_get_memory_size (reserved);
  /* 300,000 keys at most 3/4 full: 400,000 slots of 8 bytes, in pages */
  g_assert_cmpuint (after - before, >=, (gsize) 400000 * 8 - 1024 * 8);
  g_assert_cmpuint (after - before, <=, (gsize) 400000 * 8 + 4096);

  for (guint i = 0; i < 200000; i++)
    {
      char a[16], b[16];
      KhValue key[2];
      guint64 s1 = 0, s2 = 0;
      KhDedupeVerdict v1, v2;

      /* Every third key comes back; every fifth has a missing part */
      g_snprintf (a, sizeof a, "%u", (i % 3 == 2 ? i - 2 : i) * 40503u);
      g_snprintf (b, sizeof b, "%u", i % 3 == 2 ? (i - 2) % 5 : i % 5);
      key[0] = text (a);
      key[1] = text (i % 5 == 4 ? NULL : b);
      v1 = kh_deduper_add_key (grown, key, i + 1, &s1, NULL);
      v2 = kh_deduper_add_key (reserved, key, i + 1, &s2, NULL);
      if (v1 != v2 || s1 != s2)
        g_error ("key %u: the reserved index decided otherwise", i);
    }
  g_assert_cmpuint (kh_deduper_get_n_keys (grown), ==, kh_deduper_get_n_keys (reserved));
  for (guint i = 0; i < 200000; i++)
    g_assert_true (kh_deduper_is_superseded (grown, i + 1) == kh_deduper_is_superseded (reserved, i + 1));

  /* Less than is held: nothing changes */
  after = kh_deduper_get_memory_size (reserved);
  kh_deduper_reserve (reserved, 10);
  g_assert_cmpuint (kh_deduper_get_memory_size (reserved), ==, after);
}

/* Keys that are integers written plainly are indexed by value, others by
 * their bytes; either way a key is equal to itself only. */
static void
test_integer_keys_exact (void)
{
  const char *keys[] = {
    "0", "00", "000", "1", "01", "001", "10", "010", "63", "64", "65", "127", "128",
    "9999999999999999999",  /* the largest of 19 digits */
    "09999999999999999999",
    "10000000000000000000", /* 20 digits: the byte table */
    "18446744073709551615", "18446744073709551616", "36893488147419103232",
    "123", "+123", "-123", "123 ", " 123", "1e3", "12a", "a12", "１２３", "1.0", "1,000",
    "4294967296", "4294967295", "4294967297", "18446744073709551", "1152921504606846976",
  };
  g_autoptr(KhDeduper) deduper = kh_deduper_new_for_keys (1, KH_DEDUPE_KEEP_FIRST);

  for (guint round = 0; round < 2; round++)
    for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
      {
        KhValue key = text (keys[i]);
        KhDedupeVerdict verdict = kh_deduper_add_key (deduper, &key, i + 1, NULL, NULL);

        if (verdict != (round == 0 ? KH_DEDUPE_UNIQUE : KH_DEDUPE_DUPLICATE))
          g_error ("key “%s”, round %u: verdict %d", keys[i], round, verdict);
      }
  g_assert_cmpuint (kh_deduper_get_n_keys (deduper), ==, G_N_ELEMENTS (keys));
}

/* An index against a plain hash set of the key texts: integer keys in
 * order, in random order, with and without a reservation, between keys
 * that are not integers. */
static void
check_against_model (guint    n,
                     gboolean in_order,
                     gboolean reserve)
{
  g_autoptr(KhDeduper) deduper = kh_deduper_new_for_keys (1, KH_DEDUPE_KEEP_FIRST);
  g_autoptr(GHashTable) model = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (n + in_order * 2 + reserve);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *key_text = NULL;
      guint kind = g_rand_int_range (rand, 0, 100);
      KhValue key;
      KhDedupeVerdict verdict, expected;

      if (kind < 3)
        key_text = g_strdup_printf ("%u", g_rand_int_range (rand, 0, MAX (i, 1)));  /* an earlier key, mostly */
      else if (kind < 5)
        key_text = g_strdup_printf ("0%u", g_rand_int_range (rand, 0, 1000));       /* not plain */
      else if (kind < 6)
        key_text = g_strdup_printf ("%" G_GUINT64_FORMAT, g_rand_int (rand) * (guint64) g_rand_int (rand));
      else if (in_order)
        key_text = g_strdup_printf ("%u", i);
      else
        key_text = g_strdup_printf ("%u", g_rand_int_range (rand, 0, (gint32) n * 2));

      if (reserve && i == n / 16)
        kh_deduper_reserve (deduper, n);

      key = text (key_text);
      verdict = kh_deduper_add_key (deduper, &key, i + 1, NULL, NULL);
      expected = g_hash_table_contains (model, key_text) ? KH_DEDUPE_DUPLICATE : KH_DEDUPE_UNIQUE;
      if (verdict != expected)
        g_error ("key %u “%s”: verdict %d, expected %d", i, key_text, verdict, expected);
      g_hash_table_add (model, g_steal_pointer (&key_text));
    }
  g_assert_cmpuint (kh_deduper_get_n_keys (deduper), ==, g_hash_table_size (model));
}

static void
test_integer_keys_model (void)
{
  for (guint in_order = 0; in_order < 2; in_order++)
    for (guint reserve = 0; reserve < 2; reserve++)
      check_against_model (test_corpus_size (300000), in_order, reserve);
}

/* A million integer keys in order take one slot of 16 bytes per 64 keys;
 * as text they would take over 20 MB. Keys of several parts, and
 * keep="last", always go by their bytes. */
static void
test_integer_keys_memory (void)
{
  g_autoptr(KhDeduper) first = kh_deduper_new_for_keys (1, KH_DEDUPE_KEEP_FIRST);
  g_autoptr(KhDeduper) last = kh_deduper_new_for_keys (1, KH_DEDUPE_KEEP_LAST);
  g_autoptr(KhDeduper) pairs = kh_deduper_new_for_keys (2, KH_DEDUPE_KEEP_FIRST);
  const guint n = 1000000;

  for (guint i = 0; i < n; i++)
    {
      char buf[16];
      KhValue key[2];

      g_snprintf (buf, sizeof buf, "%u", 7000000 + i);
      key[0] = key[1] = text (buf);
      if (kh_deduper_add_key (first, key, i + 1, NULL, NULL) != KH_DEDUPE_UNIQUE ||
          kh_deduper_add_key (last, key, i + 1, NULL, NULL) != KH_DEDUPE_UNIQUE ||
          kh_deduper_add_key (pairs, key, i + 1, NULL, NULL) != KH_DEDUPE_UNIQUE)
        g_error ("key %s: not unique", buf);
    }
  g_test_message ("1,000,000 integer keys: keep=first %.2f MB, keep=last %.1f MB, two parts %.1f MB",
                  kh_deduper_get_memory_size (first) / 1e6, kh_deduper_get_memory_size (last) / 1e6,
                  kh_deduper_get_memory_size (pairs) / 1e6);
  g_assert_cmpuint (kh_deduper_get_n_keys (first), ==, n);
  g_assert_cmpuint (kh_deduper_get_memory_size (first), <, 1000 * 1000);
  g_assert_cmpuint (kh_deduper_get_memory_size (last), >, 20 * 1000 * 1000);
  g_assert_cmpuint (kh_deduper_get_memory_size (pairs), >, 20 * 1000 * 1000);
}

typedef struct
{
  KhDeduper *deduper;
  guint      calls;
  char      *key;
} KeyFuncData;

/* The record's key as text: its cells' values joined by "/" */
static char *
key_text (const KhRecordResult *result)
{
  guint n;
  const guint *key_columns = kh_plan_get_dedupe_columns (kh_record_result_get_plan (result), &n);
  GString *key = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      const KhValue *value = kh_record_result_get_value (result, key_columns[i]);

      g_string_append_printf (key, "%s%.*s", i > 0 ? "/" : "",
                              (int) value->len, value->str != NULL ? value->str : "");
    }
  return g_string_free (key, FALSE);
}

/* While the key func runs, the key cells are evaluated. */
static void
record_key (const KhRecordResult *result,
            gpointer              user_data)
{
  KeyFuncData *data = user_data;

  data->calls++;
  g_free (data->key);
  data->key = key_text (result);
  kh_deduper_prefetch (data->deduper, result);
}

/* The key func is called once per evaluation, as soon as the key is known,
 * and prefetching changes no verdict. With @rule_after, a rule follows the
 * key's rules; else the last key rule is the last rule. */
static void
check_key_func_and_prefetch (gboolean rule_after)
{
  g_autoptr(KhMapping) mapping = dedupe_mapping (KH_DEDUPE_KEEP_FIRST);
  g_autoptr(GError) error = NULL;
  g_autoptr(KhPlan) plan = NULL;
  g_autoptr(KhRecordResult) result = NULL;
  g_autoptr(KhDeduper) deduper = NULL;
  g_autoptr(GString) written = g_string_new (NULL);
  KeyFuncData data = { NULL, 0, NULL };
  guint n_key_columns;
  const guint *key_columns;

  if (rule_after)
    test_add_rule (mapping, "Zone", "LAND1", NULL);
  plan = kh_plan_new (mapping, columns, 3, KH_PLAN_FLAGS_NONE, &error);
  g_assert_no_error (error);
  result = kh_record_result_new (plan);
  deduper = kh_deduper_new (plan);
  data.deduper = deduper;
  key_columns = kh_plan_get_dedupe_columns (plan, &n_key_columns);
  g_assert_cmpuint (n_key_columns, ==, 2);
  g_assert_cmpint (MAX (key_columns[0], key_columns[1]) + 1 < kh_plan_get_n_columns (plan), ==, rule_after);
  kh_record_result_set_key_func (result, record_key, &data);
  /* A table big enough to be prefetched (kh_deduper_prefetch() leaves
   * tables that fit the caches alone) */
  kh_deduper_reserve (deduper, 1000000);
  g_assert_cmpuint (kh_deduper_get_memory_size (deduper), >, 4 << 20);

  for (guint i = 0; i < G_N_ELEMENTS (input); i++)
    {
      KhOutcome outcome;
      g_autofree char *expected = NULL;
      KhDedupeVerdict verdict;

      g_assert_true (kh_plan_eval_strings (plan, input[i], result, &outcome));
      g_assert_cmpuint (data.calls, ==, i + 1);
      expected = key_text (result);
      g_assert_cmpstr (data.key, ==, expected);
      verdict = kh_deduper_add (deduper, result, i + 1, NULL, &error);
      g_assert_no_error (error);
      g_string_append_c (written, verdict == KH_DEDUPE_DUPLICATE ? '-' : 'W');
    }
  g_assert_cmpstr (written->str, ==, "W-WWWW--");

  /* Without a key func nothing is called */
  kh_record_result_set_key_func (result, NULL, NULL);
  g_assert_true (kh_plan_eval_strings (plan, input[0], result, NULL));
  g_assert_cmpuint (data.calls, ==, G_N_ELEMENTS (input));
  g_free (data.key);
}

static void
test_key_func_and_prefetch (void)
{
  check_key_func_and_prefetch (FALSE);
  check_key_func_and_prefetch (TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/engine/dedupe/keep-first", test_keep_first);
  g_test_add_func ("/engine/dedupe/keep-last", test_keep_last);
  g_test_add_func ("/engine/dedupe/key-parts-are-exact", test_key_parts_are_exact);
  g_test_add_func ("/engine/dedupe/million-keys", test_million_keys);
  g_test_add_func ("/engine/dedupe/long-key", test_long_key);
  g_test_add_func ("/engine/dedupe/reserve", test_reserve);
  g_test_add_func ("/engine/dedupe/integer-keys", test_integer_keys_exact);
  g_test_add_func ("/engine/dedupe/integer-keys-model", test_integer_keys_model);
  g_test_add_func ("/engine/dedupe/integer-keys-memory", test_integer_keys_memory);
  g_test_add_func ("/engine/dedupe/key-func-and-prefetch", test_key_func_and_prefetch);

  return g_test_run ();
}
