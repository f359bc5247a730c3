#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# run-bench.sh [BUILD_DIR] [ROWS]
#
# The reference workload of ../shared/bench/README.md (ERP customer master
# to CRM Account), side by side in one run: kakehashi-run with
# tests/bench/erp-to-account.xml, the Python peer (peer_py.py) and the
# Miller peer (peer_mlr.sh), on the same generated input of ROWS rows
# (default 1,000,000), each under /usr/bin/time -v, BENCH_RUNS times
# (default 3), the tools taking turns, so that a slow spell of the machine
# falls on all of them. In each turn kakehashi-run runs BENCH_REPEAT times
# (default 3) in a row: a run of half a second is at the mercy of a slow
# spell of a second or two (here its runs ranged from 0.43 to 0.86 s in one
# benchmark), while a peer's run of half a minute averages such spells
# out; the median of nine short runs is as steady as the median of three
# long ones. Then:
#
# - checks that every peer wrote the same records as kakehashi-run (same
#   order, same values, numbers compared numerically) and rejected the same
#   records (compare-ndjson.py);
# - prints the median wall time and CPU time of each tool's runs (and the
#   range of its wall times), its peak RSS and throughput, and the ratios of
#   the medians (peer time / kakehashi-run time);
# - checks memory at two input sizes (ROWS/5 and ROWS): peak RSS with the
#   mapping as it is, and without its dedupe, which must not grow with the
#   input.
#
# Peers that are missing are skipped (Miller: apt-get install miller; or set
# BENCH_SKIP_MLR=1, since Miller needs minutes and gigabytes at 1M rows).
# ../shared is found through $KAKEHASHI_SHARED, else beside the source tree.
# The Python peer runs with $PYTHON, else the system's /usr/bin/python3 (on
# Debian 12, Debian's own optimised build, as a fresh machine has it; a
# python3 built by hand, e.g. by pyenv, can be 15-20% slower), else python3.
#
# Targets (issue #3), as ratios from one run at 1,000,000 rows: at least 50x
# the Python peer and 100x Miller, single-threaded; peak RSS under 64 MB
# with the dedupe index; memory not growing with the input apart from the
# dedupe index. Machines are shared and noisy: quote ratios, not times.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build_dir=${1:-$here/../../_build}
rows=${2:-1000000}
runner="$build_dir/app/runner/kakehashi-run"
mapping="$here/erp-to-account.xml"
shared=${KAKEHASHI_SHARED:-$here/../../../shared}
bench="$shared/bench"
runs=${BENCH_RUNS:-3}
repeat=${BENCH_REPEAT:-3}
if [ -n "${PYTHON:-}" ]; then
  python=$PYTHON
elif [ -x /usr/bin/python3 ]; then
  python=/usr/bin/python3
else
  python=python3
fi

for need in "$runner" /usr/bin/time; do
  if [ ! -x "$need" ]; then
    echo "run-bench: $need is missing" >&2
    exit 1
  fi
done
if [ ! -f "$bench/gen_erp.py" ]; then
  echo "run-bench: $bench/gen_erp.py is missing (set KAKEHASHI_SHARED)" >&2
  exit 1
fi
if ! command -v "$python" > /dev/null; then
  echo "run-bench: python3 is missing" >&2
  exit 1
fi
if ! [ "$runs" -ge 1 ] 2> /dev/null; then
  echo "run-bench: BENCH_RUNS must be a number of runs (1 or more)" >&2
  exit 1
fi
if ! [ "$repeat" -ge 1 ] 2> /dev/null; then
  echo "run-bench: BENCH_REPEAT must be a number of runs (1 or more)" >&2
  exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kh-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# measure NAME COMMAND…: runs COMMAND under /usr/bin/time -v and writes
# "wall_seconds cpu_seconds peak_kb" to $tmp/NAME.time. Every tool starts
# with nothing left to write back from what ran before it (the generated
# input, the outputs of the tool before): sync first, untimed. Without it
# the first tool measured runs while the kernel writes the 175 MB input
# out, which here made that run 35-50% slower. The outputs of an earlier
# run are removed first, untimed too: replacing a file of 380 MB costs the
# kernel a noticeable time to free it.
measure () {
  local name=$1 tool=${1%%.*}
  shift
  rm -f "$tmp/$tool.ndjson" "$tmp/$tool.rejects.ndjson" "$tmp/m.ndjson" "$tmp/m.rejects.ndjson"
  sync
  if ! /usr/bin/time -v -o "$tmp/$name.timev" "$@" > "$tmp/$name.stdout" 2> "$tmp/$name.stderr"; then
    echo "run-bench: $name failed:" >&2
    cat "$tmp/$name.stderr" >&2
    exit 1
  fi
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i] }
    /User time/ { u = $2 }
    /System time/ { y = $2 }
    /Maximum resident set size/ { kb = $2 }
    END { printf "%.3f %.3f %d\n", s, u + y, kb }' "$tmp/$name.timev" > "$tmp/$name.time"
}

field () {  # field NAME COLUMN
  awk -v c="$2" '{ print $c }' "$tmp/$1.time"
}

# summarize NAME: from the runs NAME.1 … NAME.$runs, writes the median wall
# and CPU time and the highest peak RSS to $tmp/NAME.time, and the lowest
# and highest wall time to $tmp/NAME.range.
summarize () {
  local name=$1 wall cpu kb
  median () {  # median COLUMN
    cat "$tmp/$name".[0-9]*.time | awk -v c="$1" '{ print $c }' | sort -n |
      awk '{ v[NR] = $1 } END { printf "%.3f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
  }
  wall=$(median 1)
  cpu=$(median 2)
  kb=$(cat "$tmp/$name".[0-9]*.time | awk '$3 > kb { kb = $3 } END { print kb }')
  echo "$wall $cpu $kb" > "$tmp/$name.time"
  cat "$tmp/$name".[0-9]*.time | awk '{ print $1 }' | sort -n |
    awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.2f-%.2f\n", lo, hi }' > "$tmp/$name.range"
}

echo "Python: $python ($("$python" --version 2>&1))"
echo "Generating $rows rows with gen_erp.py…"
"$python" "$bench/gen_erp.py" "$rows" > "$tmp/erp.csv"
size=$(stat -c %s "$tmp/erp.csv")
echo "Input: $(awk -v b="$size" 'BEGIN { printf "%.1f MB", b / 1e6 }'), $rows rows"
echo

names=(kakehashi)
if [ -f "$bench/peer_py.py" ]; then
  names+=(python)
else
  echo "Python peer: skipped ($bench/peer_py.py is missing)"
fi
if [ -n "${BENCH_SKIP_MLR:-}" ] && [ "${BENCH_SKIP_MLR}" != 0 ]; then
  echo "Miller peer: skipped (BENCH_SKIP_MLR)"
elif [ -f "$bench/peer_mlr.sh" ] && command -v mlr > /dev/null; then
  names+=(miller)
else
  echo "Miller peer: skipped (mlr is not installed)"
fi

# Each run measures every tool once, in turn; the identity check below
# reads the outputs of the last run.
for ((run = 1; run <= runs; run++)); do
  echo "Run $run of $runs: ${names[*]}…"
  for name in "${names[@]}"; do
    case $name in
      kakehashi)
        for ((k = 1; k <= repeat; k++)); do
          measure "kakehashi.$run.$k" "$runner" run "$mapping" --input "$tmp/erp.csv" --output "$tmp/kakehashi.ndjson" \
            --rejects "$tmp/kakehashi.rejects.ndjson" --report "$tmp/kakehashi.report.json" --quiet
        done ;;
      python)
        measure "python.$run" "$python" "$bench/peer_py.py" "$tmp/erp.csv" "$tmp/python.ndjson" "$tmp/python.rejects.ndjson" ;;
      miller)
        measure "miller.$run" sh "$bench/peer_mlr.sh" "$tmp/erp.csv" "$tmp/miller.ndjson" "$tmp/miller.rejects.ndjson" ;;
    esac
  done
done
for name in "${names[@]}"; do
  summarize "$name"
done
echo

status=0
for name in "${names[@]:1}"; do
  echo "Identity with the $name peer:"
  if ! "$python" "$here/compare-ndjson.py" "$tmp/kakehashi.ndjson" "$tmp/$name.ndjson" | sed 's/^/  records: /'; then
    status=1
  fi
  if ! "$python" "$here/compare-ndjson.py" --rejects "$tmp/kakehashi.rejects.ndjson" "$tmp/$name.rejects.ndjson" \
       | sed 's/^/  rejects: /'; then
    status=1
  fi
done
echo

ours_wall=$(field kakehashi 1)
echo "Medians of $runs run(s) of each peer and $((runs * repeat)) of kakehashi-run:"
printf '%-12s %10s %14s %10s %12s %14s %10s %12s\n' tool wall_s wall_range cpu_s peak_rss_MB rows_per_s MB_per_s "x_slower"
for name in "${names[@]}"; do
  wall=$(field "$name" 1)
  cpu=$(field "$name" 2)
  kb=$(field "$name" 3)
  awk -v n="$name" -v w="$wall" -v g="$(cat "$tmp/$name.range")" -v c="$cpu" -v kb="$kb" -v r="$rows" -v b="$size" -v o="$ours_wall" '
    BEGIN { printf "%-12s %10.3f %14s %10.3f %12.1f %14.0f %10.1f %12.1f\n",
                   n, w, g, c, kb / 1024, (w > 0 ? r / w : 0), (w > 0 ? b / 1e6 / w : 0), (o > 0 ? w / o : 0) }'
done
echo
for name in "${names[@]:1}"; do
  awk -v n="$name" -v w="$(field "$name" 1)" -v c="$(field "$name" 2)" \
      -v ow="$ours_wall" -v oc="$(field kakehashi 2)" '
    BEGIN { printf "kakehashi-run vs %s: %.1fx faster (wall), %.1fx less CPU\n", n, w / ow, c / oc }'
done
"$python" - "$tmp/kakehashi.report.json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
c, t, d = r["records"], r["timings"], r["dedupe"] or {}
print(f"kakehashi-run: {c['in']} in, {c['written']} written, {c['rejected']} rejected, "
      f"{c['duplicates']} duplicates, balanced: {c['balanced']}")
print(f"  estimated read {t['read_seconds']:.3f} s, eval {t['eval_seconds']:.3f} s, "
      f"write+dedupe {t['write_seconds']:.3f} s; dedupe index {d.get('index_bytes', 0) / 1048576:.1f} MB "
      f"for {d.get('keys', 0)} keys")
EOF
echo

# Memory at two sizes: with the dedupe (the index grows with the keys), and
# without it (nothing may grow).
small=$((rows / 5))
echo "Memory at $small and $rows rows:"
"$python" "$bench/gen_erp.py" "$small" > "$tmp/small.csv"
sed '/<record-rules>/,/<\/record-rules>/d' "$mapping" > "$tmp/no-dedupe.xml"
for input in small erp; do
  measure "mem-$input" "$runner" run "$mapping" --input "$tmp/$input.csv" --output "$tmp/m.ndjson" \
    --rejects "$tmp/m.rejects.ndjson" --report "$tmp/mem-$input.json" --quiet
  measure "flat-$input" "$runner" run "$tmp/no-dedupe.xml" --input "$tmp/$input.csv" --output "$tmp/m.ndjson" \
    --rejects "$tmp/m.rejects.ndjson" --quiet
done
"$python" - "$tmp" "$small" "$rows" <<'EOF' || status=1
import json, sys
tmp, small, rows = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def kb(name):
    return int(open(f"{tmp}/{name}.time").read().split()[2])
def index(name):
    return (json.load(open(f"{tmp}/{name}.json"))["dedupe"] or {}).get("index_bytes", 0) / 1024
for label, name, n in (("small", "small", small), ("large", "erp", rows)):
    with_d, without = kb(f"mem-{name}"), kb(f"flat-{name}")
    print(f"  {n:>9} rows: peak RSS {with_d / 1024:6.1f} MB with dedupe (index {index('mem-' + name) / 1024:5.1f} MB), "
          f"{without / 1024:6.1f} MB without dedupe")
growth = kb("flat-erp") - kb("flat-small")
print(f"  growth without dedupe from {small} to {rows} rows: {growth / 1024:.1f} MB")
ok_rss = kb("mem-erp") < 64 * 1024
ok_flat = growth < 4 * 1024
print(f"  peak RSS under 64 MB at {rows} rows: {'yes' if ok_rss else 'NO'}; "
      f"memory flat without dedupe: {'yes' if ok_flat else 'NO'}")
sys.exit(0 if ok_rss and ok_flat else 1)
EOF

exit $status
