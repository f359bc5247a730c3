#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# bench-import.sh BUILD_DIR [RUNS]
#
# Imports the 3.8 MB Dynamics 365 $metadata with `kakehashi-run schema --json`
# and parses the same file with `xmllint --noout`, side by side in one run,
# each RUNS times (default 5) under /usr/bin/time -v. Prints the median wall
# time and peak RSS of both, and the ratios.
#
# Targets (issue #4): under 3x xmllint's time, peak RSS under 4x the file size.
set -euo pipefail

build_dir=${1:?usage: bench-import.sh BUILD_DIR [RUNS]}
runs=${2:-5}
here=$(cd "$(dirname "$0")" && pwd)
runner="$build_dir/app/runner/kakehashi-run"
file="$here/../importers/data/DynamicsCRM_metadata.xml"
if [ ! -f "$file" ]; then
  file="${KAKEHASHI_SHARED:-$here/../../../shared}/realdata/dynamics365-dataverse/DynamicsCRM_metadata.xml"
fi

for need in "$runner" /usr/bin/time; do
  if [ ! -x "$need" ]; then
    echo "bench-import: $need is missing" >&2
    exit 1
  fi
done
if ! command -v xmllint > /dev/null; then
  echo "bench-import: xmllint is missing (apt-get install libxml2-utils)" >&2
  exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# measure NAME COMMAND…: appends "seconds kilobytes" lines to $tmp/NAME
measure () {
  local name=$1
  shift
  /usr/bin/time -v -o "$tmp/time.txt" "$@" > /dev/null
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i] }
    /Maximum resident set size/ { kb = $2 }
    END { printf "%.3f %d\n", s, kb }' "$tmp/time.txt" >> "$tmp/$name"
}

median () {  # median of column $2 of file $1
  sort -n -k"$2" "$1" | awk -v c="$2" '{ v[NR] = $c } END { print v[int((NR + 1) / 2)] }'
}

# One warm-up each, so both read the file from the page cache.
"$runner" schema --json "$file" > /dev/null
xmllint --noout "$file"

for ((i = 0; i < runs; i++)); do
  measure import "$runner" schema --json "$file"
  measure xmllint xmllint --noout "$file"
done

size_kb=$(( $(stat -c %s "$file") / 1024 ))
import_s=$(median "$tmp/import" 1)
import_kb=$(median "$tmp/import" 2)
xmllint_s=$(median "$tmp/xmllint" 1)
xmllint_kb=$(median "$tmp/xmllint" 2)

echo "file: $file (${size_kb} KB)"
echo "runs: $runs (medians)"
printf "%-32s %8s s %8s KB peak RSS\n" "kakehashi-run schema --json" "$import_s" "$import_kb"
printf "%-32s %8s s %8s KB peak RSS\n" "xmllint --noout" "$xmllint_s" "$xmllint_kb"
awk -v a="$import_s" -v b="$xmllint_s" -v r="$import_kb" -v f="$size_kb" -v x="$xmllint_kb" 'BEGIN {
  t = (b > 0) ? a / b : 0
  printf "time ratio (import / xmllint): %.2f  (target < 3)\n", t
  printf "peak RSS / file size:          %.2f  (target < 4)\n", r / f
  printf "peak RSS ratio (import / xmllint): %.2f\n", r / x
}'
