/* kh-engine-test-util.h: running steps and rules through the real engine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kh-engine.h"

G_BEGIN_DECLS

/* A step from name/value pairs (NULL-terminated); a name given twice
 * gives a repeatable parameter several values, in order. */
KhStep     *test_step_new       (const char          *id,
                                 ...) G_GNUC_NULL_TERMINATED;
KhStep     *test_step_newv      (const char          *id,
                                 const char * const  *params);

/* Runs @steps as the only rule (target "out", sources "in1" … "inN") of
 * @mapping (or of an empty one) on @inputs (NULL elements are null) and
 * describes the cell: "value", "<null>", or "!reason" when the rule
 * failed. @type gets the cell's value type. */
char       *test_run_steps      (KhMapping           *mapping,
                                 KhStep             **steps,
                                 guint                n_steps,
                                 const char * const  *inputs,
                                 guint                n_inputs,
                                 KhValueType         *type);

/* One input, one step given as id and name/value pairs. */
char       *test_run            (const char          *input,
                                 const char          *id,
                                 ...) G_GNUC_NULL_TERMINATED;

#define test_check(input, expected, ...) \
  G_STMT_START { \
    g_autofree char *_r = test_run ((input), __VA_ARGS__); \
    if (g_strcmp0 (_r, (expected)) != 0) \
      g_error ("%s:%d: input “%s”: expected “%s”, got “%s”", __FILE__, __LINE__, \
               (input) ? (input) : "<null>", (expected), _r); \
  } G_STMT_END

#define test_check_error(input, fragment, ...) \
  G_STMT_START { \
    g_autofree char *_r = test_run ((input), __VA_ARGS__); \
    if (_r == NULL || _r[0] != '!' || strstr (_r, (fragment)) == NULL) \
      g_error ("%s:%d: input “%s”: expected an error with “%s”, got “%s”", __FILE__, __LINE__, \
               (input) ? (input) : "<null>", (fragment), _r); \
  } G_STMT_END

/* A target entity field */
KhField    *test_add_field      (KhMapping           *mapping,
                                 const char          *name,
                                 KhFieldType          type);
KhRule     *test_add_rule       (KhMapping           *mapping,
                                 const char          *target,
                                 const char          *source,
                                 ...) G_GNUC_NULL_TERMINATED;

/* Calls @check on every string of @min_len to @max_len (at most 7)
 * characters of @alphabet */
void        test_each_string    (const char          *alphabet,
                                 guint                min_len,
                                 guint                max_len,
                                 void               (*check) (const char *s));

/* The size of a random corpus: @full, or a tenth of it where each
 * allocation costs many times more: under valgrind (the test setup sets
 * KH_TEST_SMALL) and under AddressSanitizer */
guint       test_corpus_size    (guint                full);

G_END_DECLS
