#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# docs/steps.md is generated from the step catalogue; it must match.
set -eu
run="$1"; doc="$2"
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
LC_ALL=C.UTF-8 LANGUAGE= "$run" steps --markdown > "$tmp"
if ! diff -u "$doc" "$tmp"; then
  echo "docs/steps.md is out of date: run 'kakehashi-run steps --markdown > docs/steps.md'" >&2
  exit 1
fi
