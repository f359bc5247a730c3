/* kh-run-test.c: kakehashi-run test
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakehashi-run"

#include "config.h"

#include <glib/gi18n.h>

#include "kh-run.h"

/* Placeholder: the command is being written. */
int
kh_run_cmd_test (int    argc,
               char **argv)
{
  kh_run_print_error ("%s", "the test command is not implemented yet");
  return KH_EXIT_USAGE;
}
