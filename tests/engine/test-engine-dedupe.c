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

        g_snprintf (buf, sizeof buf, "%010u", i * 2654435761u);
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

  return g_test_run ();
}
