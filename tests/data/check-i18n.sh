#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# LANGUAGE=ja shows Japanese in kakehashi-run's help.
set -eu
run="$1"
out=$(LANGUAGE=ja LC_ALL=C.UTF-8 "$run" --help)
echo "$out"
echo "$out" | grep -q "使い方" || { echo "kakehashi-run --help is not in Japanese" >&2; exit 1; }
out=$(LANGUAGE=ja LC_ALL=C.UTF-8 "$run" steps)
echo "$out" | grep -q "前後の空白を削除" || { echo "step names are not in Japanese" >&2; exit 1; }
