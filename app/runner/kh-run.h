/* kh-run.h: the subcommands of kakehashi-run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * KhExit:
 *
 * The exit codes of kakehashi-run. They are documented in the README and
 * are part of the contract with schedulers.
 */
typedef enum
{
  KH_EXIT_OK              = 0,  /* success */
  KH_EXIT_REJECTS         = 1,  /* success, but records were rejected (with --fail-on-reject) */
  KH_EXIT_USAGE           = 2,  /* bad command line */
  KH_EXIT_INVALID_MAPPING = 3,  /* the mapping is invalid (validate: problems found) */
  KH_EXIT_INPUT           = 4,  /* the input cannot be read or does not fit the mapping */
  KH_EXIT_OUTPUT          = 5,  /* an output cannot be written */
  KH_EXIT_ABORTED         = 6,  /* stopped by an abort policy or a signal; nothing written */
  KH_EXIT_TEST_FAILED     = 7,  /* test: a golden record did not match */
} KhExit;

/* Each command parses its own options from argv (argv[0] is the command). */
int kh_run_cmd_run      (int    argc,
                         char **argv);
int kh_run_cmd_validate (int    argc,
                         char **argv);
int kh_run_cmd_format   (int    argc,
                         char **argv);
int kh_run_cmd_test     (int    argc,
                         char **argv);
int kh_run_cmd_schema   (int    argc,
                         char **argv);
int kh_run_cmd_steps    (int    argc,
                         char **argv);

/* Helpers shared by the commands. */
void kh_run_print_error (const char *format,
                         ...) G_GNUC_PRINTF (1, 2);

G_END_DECLS
