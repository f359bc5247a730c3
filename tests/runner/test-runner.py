#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""test-runner.py GROUP — tests of `kakehashi-run run` and `test`.

Drives the real executable ($KAKEHASHI_RUN) as a subprocess and checks exit
codes, messages, outputs, reports, and that nothing is left behind when a
run fails. GROUP is one of: bad-input, run, report, signals, test-command.
Prints TAP.
"""
import hashlib
import json
import os
import pty
import select
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import traceback

RUNNER = os.environ.get("KAKEHASHI_RUN", "kakehashi-run")
DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
ACCOUNTS = os.path.join(DATA, "accounts.xml")
ACCOUNTS_LAST = os.path.join(DATA, "accounts-last.xml")
HEADER = "KUNNR,NAME1,UMSATZ,EMAIL\n"

EXIT_OK, EXIT_REJECTS, EXIT_USAGE, EXIT_INVALID_MAPPING = 0, 1, 2, 3
EXIT_INPUT, EXIT_OUTPUT, EXIT_ABORTED, EXIT_TEST_FAILED = 4, 5, 6, 7


def env(**extra):
    e = dict(os.environ)
    e.setdefault("LC_ALL", "C.UTF-8")
    e["LANGUAGE"] = ""
    e.update(extra)
    return e


def run(*args, stdin=None, input_text=None, timeout=120, **extra_env):
    return subprocess.run([RUNNER, *args], input=input_text, stdin=stdin, capture_output=True,
                          text=True, env=env(**extra_env), timeout=timeout)


def write(path, text, mode="w"):
    with open(path, mode, **({} if "b" in mode else {"encoding": "utf-8"})) as f:
        f.write(text)
    return path


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def ndjson(path):
    return [json.loads(line) for line in read(path).splitlines() if line.strip()]


def listing(directory):
    return sorted(os.listdir(directory))


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def check_exit(proc, code):
    check(proc.returncode == code,
          f"exit status {proc.returncode}, expected {code}\nstderr: {proc.stderr}")


def check_nothing_left(directory, keep=()):
    left = [name for name in listing(directory) if name not in keep]
    check(not left, f"files left behind in {directory}: {left}")


def csv_field(value):
    if any(c in value for c in ',"\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def accounts_csv(rows):
    return HEADER + "".join(",".join(csv_field(v) for v in row) + "\n" for row in rows)


GOOD_ROWS = [("0000000001", "Yamada Taro", "1,000.50", "taro@example.com"),
             ("0000000002", "Suzuki", "n/a", "suzuki@example.com"),
             ("0000000003", "Sato", "3", ""),
             ("0000000001", "Yamada again", "1", "again@example.com")]


class Work:
    """A temporary folder with an input folder and an output folder, so a
    test can check that a failed run leaves the output folder empty."""

    def __enter__(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="kh-runner-test-")
        self.dir = self.tmp.name
        self.out = os.path.join(self.dir, "out")
        os.mkdir(self.out)
        return self

    def __exit__(self, *exc):
        self.tmp.cleanup()

    def path(self, name):
        return os.path.join(self.dir, name)

    def output(self, name):
        return os.path.join(self.out, name)


# ---------------------------------------------------------------- bad input

def run_bad_input(w, input_path, *extra, code=EXIT_INPUT):
    proc = run("run", ACCOUNTS, "--input", input_path, "--output", w.output("accounts.ndjson"),
               "--rejects", w.output("rejects.ndjson"), "--duplicates", w.output("dups.ndjson"),
               *extra)
    check_exit(proc, code)
    check_nothing_left(w.out)
    check(proc.stderr.count("error:") == 1, f"expected one error line: {proc.stderr}")
    return proc


def test_malformed_csv_line():
    with Work() as w:
        path = write(w.path("bad.csv"), accounts_csv(GOOD_ROWS[:2]) +
                     '0000000009,"Unclosed" name,1,x@example.com\n' + "0000000010,Ok,1,ok@example.com\n")
        proc = run_bad_input(w, path)
        check("bad.csv" in proc.stderr and "line 4" in proc.stderr,
              f"the error must name the file and line 4: {proc.stderr}")
        check("expected" in proc.stderr, f"the error must say what was expected: {proc.stderr}")


def test_invalid_utf8():
    with Work() as w:
        data = accounts_csv(GOOD_ROWS[:1]).encode() + b"0000000009,Bad \xff\xfe name,1,x@example.com\n"
        path = write(w.path("latin.csv"), data, "wb")
        proc = run_bad_input(w, path)
        check("latin.csv" in proc.stderr and "line 3" in proc.stderr and "UTF-8" in proc.stderr,
              f"the error must name the file, line 3 and UTF-8: {proc.stderr}")


def test_huge_field():
    with Work() as w:
        path = w.path("huge.csv")
        with open(path, "w", encoding="ascii") as f:
            f.write(accounts_csv(GOOD_ROWS[:1]))
            f.write('0000000009,"')
            chunk = "x" * (1024 * 1024)
            for _ in range(100):
                f.write(chunk)
            f.write('",1,x@example.com\n')
        proc = run_bad_input(w, path)
        check("huge.csv" in proc.stderr and "line 3" in proc.stderr and "limit" in proc.stderr,
              f"the error must name the file, the line and the limit: {proc.stderr}")


def test_empty_file():
    with Work() as w:
        path = write(w.path("empty.csv"), "")
        proc = run_bad_input(w, path)
        check("empty.csv" in proc.stderr and "empty" in proc.stderr, proc.stderr)


def test_missing_input():
    with Work() as w:
        proc = run_bad_input(w, w.path("nowhere.csv"))
        check("nowhere.csv" in proc.stderr and "does not exist" in proc.stderr, proc.stderr)


def test_unwritable_output_reads_nothing():
    with Work() as w:
        # The input is a FIFO nobody writes to: a runner that opened it
        # before checking its outputs would hang here.
        fifo = w.path("input.csv")
        os.mkfifo(fifo)
        for target, words in ((os.path.join(w.dir, "no-such-folder", "out.ndjson"), "does not exist"),
                              (w.out, "folder")):
            proc = run("run", ACCOUNTS, "--input", fifo, "--output", target,
                       "--rejects", w.output("rejects.ndjson"), timeout=20)
            check_exit(proc, EXIT_OUTPUT)
            check(os.path.basename(target) in proc.stderr and words in proc.stderr, proc.stderr)
            check_nothing_left(w.out)
        # A rejects file that cannot be written stops the run just as early.
        proc = run("run", ACCOUNTS, "--input", fifo, "--output", w.output("out.ndjson"),
                   "--rejects", os.path.join(w.dir, "missing", "r.ndjson"), timeout=20)
        check_exit(proc, EXIT_OUTPUT)
        check_nothing_left(w.out)


def test_mapping_for_other_columns():
    with Work() as w:
        path = write(w.path("other.csv"), "CustomerNo,Name,Mail\n1,Yamada,y@example.com\n")
        proc = run_bad_input(w, path)
        check("KUNNR" in proc.stderr and "other.csv" in proc.stderr,
              f"the missing column and the input must be named: {proc.stderr}")


def make_sqlite(path):
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE kna1 (KUNNR TEXT, NAME1 TEXT, UMSATZ TEXT, EMAIL TEXT)")
    db.executemany("INSERT INTO kna1 VALUES (?, ?, ?, ?)", GOOD_ROWS)
    db.commit()
    db.close()


def test_sqlite_locked():
    with Work() as w:
        path = w.path("locked.sqlite")
        make_sqlite(path)
        holder = sqlite3.connect(path, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        try:
            proc = run_bad_input(w, path)
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        check("locked.sqlite" in proc.stderr and "locked" in proc.stderr, proc.stderr)
        # Unlocked, the same file runs.
        proc = run("run", ACCOUNTS, "--input", path, "--output", w.output("a.ndjson"),
                   "--rejects", w.output("r.ndjson"))
        check_exit(proc, EXIT_OK)
        check(len(ndjson(w.output("a.ndjson"))) == 2, read(w.output("a.ndjson")))


def test_sqlite_not_a_database():
    with Work() as w:
        path = write(w.path("fake.sqlite"), "KUNNR,NAME1\nthis is not a database\n")
        proc = run_bad_input(w, path, "--input-format", "sqlite")
        check("fake.sqlite" in proc.stderr and "not a SQLite database" in proc.stderr, proc.stderr)


def test_existing_output_untouched_on_failure():
    with Work() as w:
        out = write(w.output("accounts.ndjson"), "OLD\n")
        rejects = write(w.output("rejects.ndjson"), "OLD REJECTS\n")
        path = write(w.path("bad.csv"), accounts_csv(GOOD_ROWS) + '1,"broken\n')
        proc = run("run", ACCOUNTS, "--input", path, "--output", out, "--rejects", rejects)
        check_exit(proc, EXIT_INPUT)
        check(read(out) == "OLD\n" and read(rejects) == "OLD REJECTS\n", "an existing output was changed")
        check_nothing_left(w.out, keep=("accounts.ndjson", "rejects.ndjson"))


def test_invalid_mapping():
    with Work() as w:
        mapping = write(w.path("bad.xml"), read(ACCOUNTS).replace('id="strip-zeros"', 'id="strip-zeroes"'))
        path = write(w.path("in.csv"), accounts_csv(GOOD_ROWS))
        proc = run("run", mapping, "--input", path, "--output", w.output("a.ndjson"))
        check_exit(proc, EXIT_INVALID_MAPPING)
        line = [l for l in proc.stderr.splitlines() if "strip-zeroes" in l]
        check(line and line[0].startswith(mapping + ":") and ": error:" in line[0],
              f"expected a FILE:LINE:COLUMN: error: line: {proc.stderr}")
        loc = line[0][len(mapping) + 1:].split(":")
        check(loc[0].isdigit() and loc[1].isdigit(), f"no line and column: {line[0]}")
        check_nothing_left(w.out)


def test_usage_errors():
    with Work() as w:
        path = write(w.path("in.csv"), accounts_csv(GOOD_ROWS))
        cases = [
            ("run",),
            ("run", ACCOUNTS, "--output", w.output("a.ndjson")),
            ("run", ACCOUNTS, "--input", path),
            ("run", ACCOUNTS, "--input", path, "--output", w.output("a.ndjson"), "--no-such-option"),
            ("run", ACCOUNTS, "--input", path, "--output", w.output("a.ndjson"), "--input-format", "xlsx"),
            ("run", ACCOUNTS, "--input", path, "--output", w.output("a.ndjson"), "--ragged", "maybe"),
            ("run", ACCOUNTS, "--input", path, "--output", w.output("a.ndjson"), "--rejects", w.output("a.ndjson")),
            ("run", ACCOUNTS, "--input", path, "--output", path),
            # Standard output, and a mapping that can reject: where would the rejects go?
            ("run", ACCOUNTS, "--input", path, "--output", "-"),
        ]
        for args in cases:
            proc = run(*args)
            check_exit(proc, EXIT_USAGE)
            check("error:" in proc.stderr, f"{args}: no error message: {proc.stderr}")
            check_nothing_left(w.out)


# ---------------------------------------------------------------- run

def test_rejects_and_counts():
    with Work() as w:
        path = write(w.path("in.csv"), accounts_csv(GOOD_ROWS))
        out = w.output("accounts.ndjson")
        proc = run("run", ACCOUNTS, "--input", path, "--output", out)
        check_exit(proc, EXIT_OK)
        # Without --rejects, the rejects go beside the output.
        check(listing(w.out) == ["accounts.ndjson", "accounts.rejects.ndjson"], listing(w.out))
        records = ndjson(out)
        check(records == [
            {"AccountNumber": "1", "Name": "Yamada Taro", "Revenue": 1000.50, "Email": "taro@example.com"},
            {"AccountNumber": "2", "Name": "Suzuki", "Revenue": None, "Email": "suzuki@example.com"},
        ], records)
        check('"Revenue":1000.50' in read(out), "the decimal lost its exact digits: " + read(out))
        rejects = ndjson(w.output("accounts.rejects.ndjson"))
        check(len(rejects) == 1, rejects)
        r = rejects[0]
        check(r["record"] == 3 and r["line"] == 4, r)
        check(r["fields"] == {"KUNNR": "0000000003", "NAME1": "Sato", "UMSATZ": "3", "EMAIL": ""}, r)
        check([(e["target"], e["step"], e["step_index"], e["policy"]) for e in r["errors"]] ==
              [("Email", "required", 2, "reject")], r)
        check(r["errors"][0]["reason"], r)
        summary = proc.stderr.strip().splitlines()
        check(len(summary) == 1, proc.stderr)
        check(summary[0].startswith("accounts: 4 in, 2 written, 1 rejected, 1 duplicates, 0 filtered ("),
              summary[0])


def test_fail_on_reject():
    with Work() as w:
        path = write(w.path("in.csv"), accounts_csv(GOOD_ROWS))
        proc = run("run", ACCOUNTS, "--input", path, "--output", w.output("a.ndjson"),
                   "--rejects", w.output("r.ndjson"), "--fail-on-reject")
        check_exit(proc, EXIT_REJECTS)
        # The outputs are complete all the same.
        check(len(ndjson(w.output("a.ndjson"))) == 2 and len(ndjson(w.output("r.ndjson"))) == 1,
              listing(w.out))
        clean = write(w.path("clean.csv"), accounts_csv(GOOD_ROWS[:2]))
        proc = run("run", ACCOUNTS, "--input", clean, "--output", w.output("b.ndjson"),
                   "--rejects", w.output("rb.ndjson"), "--fail-on-reject")
        check_exit(proc, EXIT_OK)
        check(read(w.output("rb.ndjson")) == "", "the rejects file must exist, empty")


def test_abort_by_policy():
    with Work() as w:
        path = write(w.path("in.csv"), "KUNNR,UMSATZ\n1,10\n2,20\n3,twenty\n4,40\n")
        out = write(w.output("a.ndjson"), "OLD\n")
        report = w.path("report.json")
        proc = run("run", os.path.join(DATA, "abort.xml"), "--input", path, "--output", out,
                   "--rejects", w.output("r.ndjson"), "--report", report)
        check_exit(proc, EXIT_ABORTED)
        check("line 4" in proc.stderr and "Revenue" in proc.stderr and "abort" in proc.stderr, proc.stderr)
        check(read(out) == "OLD\n", "the old output was replaced")
        check_nothing_left(w.out, keep=("a.ndjson",))
        rep = json.loads(read(report))
        check(rep["status"] == "aborted" and rep["exit_code"] == EXIT_ABORTED, rep)
        check(rep["abort"]["record"] == 3 and rep["abort"]["line"] == 4 and
              rep["abort"]["target"] == "Revenue" and rep["abort"]["step"] == "parse-number", rep["abort"])


def keep_last_reference(rows):
    """Which records keep="last" writes, in order: the last record of each
    key (a missing key never dedupes), at its own position."""
    last = {}
    for i, (key, _) in enumerate(rows):
        if key:
            last[key] = i
    return [(k, n) for i, (k, n) in enumerate(rows) if not k or last[k] == i]


def test_keep_last_order():
    with Work() as w:
        rows = []
        for i in range(20000):
            key = str((i * 7919) % 5003) if i % 13 else ""
            rows.append((key, f"name {i}"))
        text = HEADER + "".join(f"{k},{n},{i},e{i}@example.com\n" for i, (k, n) in enumerate(rows))
        path = write(w.path("in.csv"), text)
        out = w.output("a.ndjson")
        proc = run("run", ACCOUNTS_LAST, "--input", path, "--output", out,
                   "--rejects", w.output("r.ndjson"), "--duplicates", w.output("d.ndjson"),
                   "--report", w.path("report.json"))
        check_exit(proc, EXIT_OK)
        # Keys without a value are rejected by the mapping (required).
        expected = [(k, n) for k, n in keep_last_reference(rows) if k]
        got = [(r["AccountNumber"], r["Name"]) for r in ndjson(out)]
        check(got == expected, f"{len(got)} records, expected {len(expected)}; first difference at "
              f"{next((i for i, (a, b) in enumerate(zip(got, expected)) if a != b), None)}")
        dups = ndjson(w.output("d.ndjson"))
        n_keyed = sum(1 for k, _ in rows if k)
        check(len(dups) == n_keyed - len(expected), len(dups))
        check(all(set(d) == {"record", "line", "key"} for d in dups[:10]), dups[:3])
        first = dups[0]
        check(rows[first["record"] - 1][0] == first["key"]["AccountNumber"], first)
        rep = json.loads(read(w.path("report.json")))
        check(rep["records"]["balanced"] and rep["dedupe"]["keep"] == "last", rep["records"])
        check(not [n for n in os.listdir(tempfile.gettempdir()) if n.startswith("kakehashi-run-")],
              "a spill file was left in the temporary folder")


def test_duplicates_listing_first():
    with Work() as w:
        path = write(w.path("in.csv"), accounts_csv(GOOD_ROWS))
        proc = run("run", ACCOUNTS, "--input", path, "--output", w.output("a.ndjson"),
                   "--rejects", w.output("r.ndjson"), "--duplicates", w.output("d.ndjson"))
        check_exit(proc, EXIT_OK)
        check(ndjson(w.output("d.ndjson")) == [{"record": 4, "line": 5, "key": {"AccountNumber": "1"}}],
              read(w.output("d.ndjson")))


def test_stdin_stdout():
    with Work() as w:
        text = accounts_csv(GOOD_ROWS)
        proc = run("run", ACCOUNTS, "--input", "-", "--output", "-", "--rejects", w.output("r.ndjson"),
                   input_text=text)
        check_exit(proc, EXIT_OK)
        lines = [json.loads(l) for l in proc.stdout.splitlines()]
        check([l["AccountNumber"] for l in lines] == ["1", "2"], proc.stdout)
        # A mapping that cannot reject needs no rejects file on standard output.
        proc = run("run", os.path.join(DATA, "no-rejects.xml"), "--input", "-", "--output", "-",
                   input_text=text)
        check_exit(proc, EXIT_OK)
        check(len(proc.stdout.splitlines()) == 4, proc.stdout)


def test_output_formats():
    with Work() as w:
        path = write(w.path("in.csv"), accounts_csv(GOOD_ROWS + [("5", "=HYPERLINK(1)", "-5", "f@x")]))
        proc = run("run", ACCOUNTS, "--input", path, "--output", w.output("a.csv"),
                   "--rejects", w.output("r.ndjson"))
        check_exit(proc, EXIT_OK)
        csv_text = read(w.output("a.csv"))
        check(csv_text.splitlines()[0] == "AccountNumber,Name,Revenue,Email", csv_text)
        check("'=HYPERLINK(1)" in csv_text and ",-5," in csv_text, csv_text)
        proc = run("run", ACCOUNTS, "--input", path, "--output", w.output("k.csv"),
                   "--rejects", w.output("r2.ndjson"), "--keep-formulas")
        check("\n5,=HYPERLINK(1)," in read(w.output("k.csv")), read(w.output("k.csv")))
        proc = run("run", ACCOUNTS, "--input", path, "--output", w.output("a.db"), "--output-format",
                   "sqlite", "--output-table", "accounts", "--rejects", w.output("r3.ndjson"))
        check_exit(proc, EXIT_OK)
        db = sqlite3.connect(w.output("a.db"))
        rows = db.execute("SELECT AccountNumber, Revenue FROM accounts ORDER BY rowid").fetchall()
        db.close()
        check(rows == [("1", "1000.50"), ("2", None), ("5", "-5")], rows)


def test_ragged_policy():
    with Work() as w:
        path = write(w.path("in.csv"), HEADER + "1,A,1,a@x\n2,B\n3,C,3,c@x\n")
        proc = run("run", ACCOUNTS, "--input", path, "--output", w.output("a.ndjson"),
                   "--rejects", w.output("r.ndjson"))
        check_exit(proc, EXIT_INPUT)
        check("line 3" in proc.stderr, proc.stderr)
        check_nothing_left(w.out)
        proc = run("run", ACCOUNTS, "--input", path, "--output", w.output("a.ndjson"),
                   "--rejects", w.output("r.ndjson"), "--ragged", "reject")
        check_exit(proc, EXIT_OK)
        rejects = ndjson(w.output("r.ndjson"))
        check(len(rejects) == 1 and rejects[0]["line"] == 3 and rejects[0]["fields"] == {"KUNNR": "2", "NAME1": "B"},
              rejects)
        check("3 in, 2 written, 1 rejected" in proc.stderr, proc.stderr)


# ---------------------------------------------------------------- report

def test_report_contents():
    with Work() as w:
        rows = GOOD_ROWS + [(f"{100 + i}", f"N{i}", "x", "") for i in range(5)]
        path = write(w.path("in.csv"), accounts_csv(rows))
        report = w.path("run-report.json")
        started = time.time()
        proc = run("run", ACCOUNTS, "--input", path, "--output", w.output("a.ndjson"),
                   "--rejects", w.output("r.ndjson"), "--report", report, "--max-errors-per-rule", "2")
        check_exit(proc, EXIT_OK)
        rep = json.loads(read(report))
        with open(ACCOUNTS, "rb") as f:
            sha = hashlib.sha256(f.read()).hexdigest()
        check(rep["mapping"]["name"] == "accounts" and rep["mapping"]["sha256"] == sha, rep["mapping"])
        check(rep["input"]["format"] == "csv" and rep["input"]["name"].endswith("in.csv"), rep["input"])
        check(rep["output"]["format"] == "ndjson" and rep["output"]["name"].endswith("a.ndjson"), rep["output"])
        check(rep["output"]["rejects"].endswith("r.ndjson"), rep["output"])
        counts = rep["records"]
        check(counts == {"in": 9, "written": 2, "rejected": 6, "duplicates": 1, "filtered": 0,
                         "balanced": True, "ragged": 0}, counts)
        rules = {r["target"]: r for r in rep["rules"]}
        check(list(rules) == ["AccountNumber", "Name", "Revenue", "Email"], list(rules))
        email = rules["Email"]
        check(email["errors"] == 6 and email["on_error"] == "reject", email)
        check(len(email["samples"]) == 2, email["samples"])
        check(email["samples"][0]["record"] == 3 and email["samples"][0]["line"] == 4 and
              email["samples"][0]["step"] == "required" and email["samples"][0]["reason"], email["samples"])
        revenue = rules["Revenue"]
        check(revenue["errors"] == 6 and revenue["null"] == 6 and revenue["on_error"] == "null", revenue)
        check(rep["status"] == "ok" and rep["exit_code"] == 0 and rep["message"] is None, rep)
        t = rep["timings"]
        for key in ("wall_seconds", "cpu_seconds", "read_seconds", "eval_seconds", "write_seconds"):
            check(isinstance(t[key], (int, float)) and t[key] >= 0, t)
        check(t["peak_rss_kb"] > 0, t)
        for key in ("started", "finished"):
            stamp = time.mktime(time.strptime(t[key][:19], "%Y-%m-%dT%H:%M:%S")) - time.timezone
            check(abs(stamp - started) < 60 and t[key].endswith("Z"), t[key])
        check(not [n for n in listing(w.dir) if n.endswith(".partial")], listing(w.dir))


def test_report_on_input_error():
    with Work() as w:
        path = write(w.path("in.csv"), accounts_csv(GOOD_ROWS).encode() + b'1,"\xff",1,a@b\n', "wb")
        report = w.path("report.json")
        proc = run("run", ACCOUNTS, "--input", path, "--output", w.output("a.ndjson"), "--report", report)
        check_exit(proc, EXIT_INPUT)
        rep = json.loads(read(report))
        check(rep["status"] == "input-error" and rep["exit_code"] == EXIT_INPUT and "UTF-8" in rep["message"], rep)
        check_nothing_left(w.out)


def test_unwritable_report():
    with Work() as w:
        path = write(w.path("in.csv"), accounts_csv(GOOD_ROWS))
        proc = run("run", ACCOUNTS, "--input", path, "--output", w.output("a.ndjson"),
                   "--report", os.path.join(w.dir, "missing", "report.json"))
        check_exit(proc, EXIT_OUTPUT)
        check_nothing_left(w.out)


def test_quiet_and_progress_silent_without_tty():
    with Work() as w:
        path = write(w.path("in.csv"), HEADER + "".join(f"{i},N{i},{i},e{i}@x\n" for i in range(1, 300001)))
        proc = run("run", ACCOUNTS, "--input", path, "--output", w.output("a.ndjson"),
                   "--rejects", w.output("r.ndjson"))
        check_exit(proc, EXIT_OK)
        # Not a terminal: the summary line and nothing else.
        check(proc.stderr.count("\n") == 1 and "\r" not in proc.stderr and "\033" not in proc.stderr,
              repr(proc.stderr))
        check("300000 in, 300000 written" in proc.stderr, proc.stderr)
        proc = run("run", ACCOUNTS, "--input", path, "--output", w.output("b.ndjson"),
                   "--rejects", w.output("r2.ndjson"), "--quiet")
        check_exit(proc, EXIT_OK)
        check(proc.stderr == "", repr(proc.stderr))


def test_summary_language_c():
    with Work() as w:
        path = write(w.path("in.csv"), accounts_csv(GOOD_ROWS))
        proc = run("run", ACCOUNTS, "--input", path, "--output", w.output("a.ndjson"),
                   "--rejects", w.output("r.ndjson"), LANGUAGE="C", LC_ALL="C.UTF-8")
        check_exit(proc, EXIT_OK)
        check("accounts: 4 in, 2 written, 1 rejected, 1 duplicates, 0 filtered" in proc.stderr, proc.stderr)


# ---------------------------------------------------------------- signals

def spawn_on_pty(args, stdin=subprocess.DEVNULL):
    """Starts the runner with standard error on a terminal (a pty)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([RUNNER, *args], stdin=stdin, stdout=subprocess.DEVNULL,
                            stderr=slave, env=env(), close_fds=True)
    os.close(slave)
    return proc, master


def read_pty_until(master, needle, timeout):
    seen = b""
    deadline = time.monotonic() + timeout
    while needle not in seen:
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError(f"no {needle!r} on the terminal within {timeout} s: {seen!r}")
        ready, _, _ = select.select([master], [], [], left)
        if ready:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    return seen


def drain(master):
    out = b""
    while True:
        ready, _, _ = select.select([master], [], [], 0.5)
        if not ready:
            return out
        try:
            chunk = os.read(master, 4096)
        except OSError:
            return out
        if not chunk:
            return out
        out += chunk


def test_sigterm_while_waiting_for_input():
    """A run reading a pipe that goes quiet stops at once on SIGTERM."""
    with Work() as w:
        report = w.path("report.json")
        proc, master = spawn_on_pty(["run", ACCOUNTS, "--input", "-", "--output", w.output("a.ndjson"),
                                     "--rejects", w.output("r.ndjson"), "--report", report],
                                    stdin=subprocess.PIPE)
        try:
            proc.stdin.write(HEADER.encode())
            for i in range(200):
                proc.stdin.write("".join(f"{j},N{j},{j},e{j}@x\n" for j in range(i * 1000, (i + 1) * 1000)).encode())
                proc.stdin.flush()
                time.sleep(0.005)
            seen = read_pty_until(master, b"records/s", 30)
            check(b"\r" in seen, f"the progress line must rewrite itself: {seen!r}")
            # Input stays open and quiet: the runner waits in read().
            time.sleep(0.3)
            check(listing(w.out) and all(n.endswith(".partial") for n in listing(w.out)),
                  f"the outputs must be written aside: {listing(w.out)}")
            start = time.monotonic()
            proc.send_signal(signal.SIGTERM)
            code = proc.wait(timeout=10)
            elapsed = time.monotonic() - start
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            proc.stdin.close()
        tail = drain(master)
        os.close(master)
        check(code == EXIT_ABORTED, f"exit status {code}, expected {EXIT_ABORTED}: {tail!r}")
        check(elapsed < 5, f"the runner took {elapsed:.1f} s to stop")
        check(b"SIGTERM" in tail, tail)
        check_nothing_left(w.out)
        rep = json.loads(read(report))
        check(rep["status"] == "aborted" and rep["signal"] == signal.SIGTERM and rep["records"]["in"] > 0, rep)


def test_sigint_mid_file():
    """SIGINT while a large file is being read: no output, no temp file."""
    with Work() as w:
        path = w.path("big.csv")
        with open(path, "w", encoding="ascii") as f:
            f.write(HEADER)
            block = "".join(f"{j % 100000},Name {j},{j}.50,e{j}@example.com\n" for j in range(100000))
            for _ in range(40):
                f.write(block)
        proc, master = spawn_on_pty(["run", ACCOUNTS, "--input", path, "--output", w.output("a.ndjson"),
                                     "--rejects", w.output("r.ndjson"), "--duplicates", w.output("d.ndjson")])
        try:
            seen = read_pty_until(master, b"%", 60)
            proc.send_signal(signal.SIGINT)
            code = proc.wait(timeout=20)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        tail = drain(master)
        os.close(master)
        if code == EXIT_OK:
            raise AssertionError("the run ended before the signal; make the input larger")
        check(code == EXIT_ABORTED, f"exit status {code}: {tail!r}")
        check(b"records/s" in seen, seen)
        check(b"SIGINT" in tail, tail)
        check_nothing_left(w.out)


# ---------------------------------------------------------------- test command

def test_golden_pass():
    proc = run("test", os.path.join(DATA, "golden-pass.xml"))
    check_exit(proc, EXIT_OK)
    check(proc.stdout.splitlines() == ["PASS zeros stripped", "PASS bad revenue becomes null",
                                       "PASS no e-mail is rejected"], proc.stdout)
    check("3 passed, 0 failed" in proc.stderr, proc.stderr)


def test_golden_fail_names_mismatch():
    proc = run("test", os.path.join(DATA, "golden-fail.xml"))
    check_exit(proc, EXIT_TEST_FAILED)
    lines = proc.stdout.splitlines()
    check(lines[0] == "PASS zeros stripped" and "FAIL wrong name expected" in lines, proc.stdout)
    value = [l for l in lines if "Yamada Jiro" in l]
    check(value and "wrong name expected" in value[0] and "Name" in value[0] and "Yamada Taro" in value[0],
          f"the mismatch must name the test, the field, the expected and the actual value: {proc.stdout}")
    outcome = [l for l in lines if "written" in l and "rejected" in l and "expected written but rejected" in l]
    check(outcome, f"the outcome mismatch must name both outcomes: {proc.stdout}")
    check("1 passed, 2 failed" in proc.stderr, proc.stderr)


def test_golden_invalid_and_missing():
    proc = run("test", os.path.join(DATA, "no-such.xml"))
    check_exit(proc, EXIT_INPUT)
    proc = run("test")
    check_exit(proc, EXIT_USAGE)
    with Work() as w:
        bad = write(w.path("bad.xml"), read(ACCOUNTS).replace("<rules>", "<rules><oops/>"))
        proc = run("test", bad)
        check_exit(proc, EXIT_INVALID_MAPPING)
        check(bad + ":" in proc.stderr, proc.stderr)


GROUPS = {
    "bad-input": [test_malformed_csv_line, test_invalid_utf8, test_huge_field, test_empty_file,
                  test_missing_input, test_unwritable_output_reads_nothing, test_mapping_for_other_columns,
                  test_sqlite_locked, test_sqlite_not_a_database, test_existing_output_untouched_on_failure,
                  test_invalid_mapping, test_usage_errors],
    "run": [test_rejects_and_counts, test_fail_on_reject, test_abort_by_policy, test_keep_last_order,
            test_duplicates_listing_first, test_stdin_stdout, test_output_formats, test_ragged_policy],
    "report": [test_report_contents, test_report_on_input_error, test_unwritable_report,
               test_quiet_and_progress_silent_without_tty, test_summary_language_c],
    "signals": [test_sigterm_while_waiting_for_input, test_sigint_mid_file],
    "test-command": [test_golden_pass, test_golden_fail_names_mismatch, test_golden_invalid_and_missing],
}


def main(argv):
    groups = argv or list(GROUPS)
    tests = [t for g in groups for t in GROUPS[g]]
    print(f"1..{len(tests)}")
    failed = 0
    for n, test in enumerate(tests, 1):
        try:
            test()
            print(f"ok {n} - {test.__name__}")
        except Exception:  # noqa: BLE001 - every failure is reported
            failed += 1
            print(f"not ok {n} - {test.__name__}")
            for line in traceback.format_exc().splitlines():
                print(f"# {line}")
        sys.stdout.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
