#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""test-bench-identity.py — the benchmark's mapping does what the peers do.

A small version of run-bench.sh's identity check, as a test: generates
2,000 rows with ../shared/bench/gen_erp.py, runs kakehashi-run with
tests/bench/erp-to-account.xml and the Python peer on them, and checks that
both write the same records (numbers compared numerically) and reject the
same records. Skipped when ../shared/bench is not there. Prints TAP."""
import contextlib
import io
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import importlib.util  # noqa: E402

spec = importlib.util.spec_from_file_location("compare_ndjson", os.path.join(HERE, "compare-ndjson.py"))
compare = importlib.util.module_from_spec(spec)
spec.loader.exec_module(compare)

ROWS = 2000


def main():
    shared = os.environ.get("KAKEHASHI_SHARED", os.path.join(HERE, "..", "..", "..", "shared"))
    bench = os.path.join(shared, "bench")
    runner = os.environ.get("KAKEHASHI_RUN")
    if not os.path.exists(os.path.join(bench, "peer_py.py")) or not runner:
        print("1..0 # SKIP ../shared/bench (or KAKEHASHI_RUN) is not available")
        return 0

    print("1..3")
    with tempfile.TemporaryDirectory(prefix="kh-bench-identity-") as tmp:
        data = os.path.join(tmp, "erp.csv")
        with open(data, "w") as f:
            subprocess.run([sys.executable, os.path.join(bench, "gen_erp.py"), str(ROWS), "7"],
                           stdout=f, check=True)
        ours = os.path.join(tmp, "ours.ndjson")
        ours_rejects = os.path.join(tmp, "ours.rejects.ndjson")
        peer = os.path.join(tmp, "peer.ndjson")
        peer_rejects = os.path.join(tmp, "peer.rejects.ndjson")
        proc = subprocess.run([runner, "run", os.path.join(HERE, "erp-to-account.xml"),
                               "--input", data, "--output", ours, "--rejects", ours_rejects, "--quiet"],
                              capture_output=True, text=True)
        print(("ok" if proc.returncode == 0 else "not ok") + " 1 - kakehashi-run runs the benchmark mapping")
        if proc.returncode != 0:
            print("# " + proc.stderr.replace("\n", "\n# "))
            print("not ok 2 - records\nnot ok 3 - rejects")
            return 1
        subprocess.run([sys.executable, os.path.join(bench, "peer_py.py"), data, peer, peer_rejects], check=True)
        failed = 0
        for n, (flags, a, b, what) in enumerate([([], ours, peer, "the same records as the Python peer"),
                                                 (["--rejects"], ours_rejects, peer_rejects,
                                                  "the same rejects as the Python peer")], 2):
            captured = io.StringIO()
            with contextlib.redirect_stdout(captured):
                rc = compare.main(flags + [a, b])
            for line in captured.getvalue().splitlines():
                print("# " + line)
            print(("ok" if rc == 0 else "not ok") + f" {n} - {what}")
            failed += rc != 0
        return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
