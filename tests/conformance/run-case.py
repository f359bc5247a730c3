#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""run-case.py CASE_DIR — run one conformance case through a runner.

The runner is $KAKEHASHI_RUN (kakehashi-run, or a third-party runner with
the same command line). The case directory holds:

  mapping.xml                 the mapping
  input.csv | input.tsv | input.ndjson | input.json | input.sql
                              the input; input.sql is a SQL script that
                              makes a SQLite database, built at test time
  args                        (optional) more options, one per line
  expected.ndjson             the records written, in order
  expected-rejects.ndjson     the rejects: record, line, and per error its
                              target, step, step_index and policy (and the
                              original fields when given)
  expected-duplicates.ndjson  (optional) the duplicates listing
  expected-report.json        exit_code, records {in, written, rejected,
                              duplicates, filtered}, and optionally
                              "rules": [{target, errors, defaulted, null}]
                              (per-rule counts) and "stderr": [texts the
                              error message must hold]

See docs/conformance.md. Prints TAP; exit status 0 when the case passes.
"""
import json
import os
import sqlite3
import subprocess
import sys
import tempfile

INPUTS = ["input.csv", "input.tsv", "input.ndjson", "input.json", "input.sql"]
COUNTS = ["in", "written", "rejected", "duplicates", "filtered"]
ERROR_KEYS = ["target", "step", "step_index", "policy"]


class Number:
    """A JSON number, kept as its exact text: 1.10 and 1.1 differ."""

    def __init__(self, text):
        self.text = text

    def __eq__(self, other):
        return isinstance(other, Number) and self.text == other.text

    def __repr__(self):
        return self.text


def parse(text, where):
    try:
        return json.loads(text, parse_float=Number, parse_int=Number,
                          object_pairs_hook=list)
    except ValueError as error:
        raise AssertionError(f"{where}: not JSON: {error}")


def same(a, b):
    """Exact equality: same keys in the same order, same types, numbers by
    their text."""
    if type(a) is not type(b):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, tuple):
        return a[0] == b[0] and same(a[1], b[1])
    return a == b


def show(value):
    if isinstance(value, list) and value and all(isinstance(p, tuple) for p in value):
        return "{" + ", ".join(f"{k!r}: {show(v)}" for k, v in value) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(show(v) for v in value) + "]"
    return repr(value)


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        return [line for line in f.read().split("\n") if line.strip()]


def get(pairs, key, default=None):
    for k, v in pairs:
        if k == key:
            return v
    return default


def number_value(value):
    return int(value.text) if isinstance(value, Number) else value


class Case:
    def __init__(self, directory):
        self.dir = directory
        self.name = os.path.basename(os.path.normpath(directory))
        self.failures = []

    def fail(self, message):
        self.failures.append(message)

    def path(self, name):
        return os.path.join(self.dir, name)

    def run(self, runner, work):
        inputs = [name for name in INPUTS if os.path.exists(self.path(name))]
        if len(inputs) != 1:
            self.fail(f"expected one input file, found {inputs}")
            return
        input_path = self.path(inputs[0])
        if inputs[0] == "input.sql":
            input_path = os.path.join(work, "input.sqlite")
            with open(self.path("input.sql"), encoding="utf-8") as f:
                db = sqlite3.connect(input_path)
                db.executescript(f.read())
                db.commit()
                db.close()

        out = os.path.join(work, "out", "output.ndjson")
        rejects = os.path.join(work, "out", "rejects.ndjson")
        duplicates = os.path.join(work, "out", "duplicates.ndjson")
        report = os.path.join(work, "report.json")
        os.mkdir(os.path.join(work, "out"))

        args = [runner, "run", self.path("mapping.xml"),
                "--input", input_path, "--output", out, "--rejects", rejects,
                "--report", report, "--quiet"]
        if os.path.exists(self.path("expected-duplicates.ndjson")):
            args += ["--duplicates", duplicates]
        if os.path.exists(self.path("args")):
            args += read_lines(self.path("args"))

        env = dict(os.environ)
        env["LC_ALL"] = "C.UTF-8"
        env["LANGUAGE"] = ""
        proc = subprocess.run(args, capture_output=True, text=True, env=env, timeout=120)

        with open(self.path("expected-report.json"), encoding="utf-8") as f:
            expected_report = json.load(f)
        exit_code = expected_report.get("exit_code", 0)
        if proc.returncode != exit_code:
            self.fail(f"exit status {proc.returncode}, expected {exit_code}; stderr:\n{proc.stderr}")
        for text in expected_report.get("stderr", []):
            if text not in proc.stderr:
                self.fail(f"the error message does not mention {text!r}: {proc.stderr!r}")

        left = sorted(os.listdir(os.path.join(work, "out")))
        if exit_code not in (0, 1):
            # Nothing is half-written: no output at all, no temporary file.
            if left:
                self.fail(f"the run failed, yet these files remain: {left}")
            return
        partial = [name for name in left if name.endswith(".partial")]
        if partial:
            self.fail(f"temporary files remain: {partial}")

        self.compare_records(out, self.path("expected.ndjson"), "output")
        self.compare_rejects(rejects, self.path("expected-rejects.ndjson"))
        if os.path.exists(self.path("expected-duplicates.ndjson")):
            self.compare_duplicates(duplicates, self.path("expected-duplicates.ndjson"))

        counts = expected_report.get("records")
        if counts is not None and os.path.exists(report):
            with open(report, encoding="utf-8") as f:
                actual = json.load(f).get("records", {})
            for key in COUNTS:
                if key in counts and actual.get(key) != counts[key]:
                    self.fail(f"report: records.{key} is {actual.get(key)}, expected {counts[key]}")
            self.compare_rule_counts(report, expected_report.get("rules", []))
            total = sum(actual.get(key, 0) for key in COUNTS[1:])
            if actual.get("in") != total:
                self.fail(f"report: the counts do not balance: {actual}")
        elif counts is not None:
            self.fail("no report was written")

    def compare_rule_counts(self, report, expected_rules):
        with open(report, encoding="utf-8") as f:
            rules = {rule.get("target"): rule for rule in json.load(f).get("rules", [])}
        for expected in expected_rules:
            rule = rules.get(expected["target"])
            if rule is None:
                self.fail(f"report: no rule {expected['target']!r}")
                continue
            for key in ("errors", "defaulted", "null"):
                if key in expected and rule.get(key) != expected[key]:
                    self.fail(f"report: rule {expected['target']!r}: {key} is {rule.get(key)}, "
                              f"expected {expected[key]}")

    def compare_records(self, actual_path, expected_path, what):
        if not os.path.exists(actual_path):
            self.fail(f"no {what} file was written")
            return
        actual = read_lines(actual_path)
        expected = read_lines(expected_path)
        for i in range(max(len(actual), len(expected))):
            if i >= len(actual):
                self.fail(f"{what}: record {i + 1} is missing: expected {expected[i]}")
                continue
            if i >= len(expected):
                self.fail(f"{what}: unexpected record {i + 1}: {actual[i]}")
                continue
            a = parse(actual[i], f"{what} record {i + 1}")
            e = parse(expected[i], f"expected {what} record {i + 1}")
            if not same(a, e):
                detail = []
                if isinstance(a, list) and isinstance(e, list):
                    keys_a = [k for k, _ in a]
                    keys_e = [k for k, _ in e]
                    if keys_a != keys_e:
                        detail.append(f"keys {keys_a}, expected {keys_e}")
                    for k, v in e:
                        if k in keys_a and not same(get(a, k), v):
                            detail.append(f"{k}: {show(get(a, k))}, expected {show(v)}")
                self.fail(f"{what} record {i + 1} differs: " + ("; ".join(detail) or
                          f"{show(a)}, expected {show(e)}"))

    def compare_duplicates(self, actual_path, expected_path):
        if not os.path.exists(actual_path):
            self.fail("no duplicates file was written")
            return
        actual = read_lines(actual_path)
        expected = read_lines(expected_path)
        if len(actual) != len(expected):
            self.fail(f"{len(actual)} duplicates, expected {len(expected)}:\n" + "\n".join(actual))
            return
        for i, (line_a, line_e) in enumerate(zip(actual, expected)):
            a = parse(line_a, f"duplicate {i + 1}")
            e = parse(line_e, f"expected duplicate {i + 1}")
            for key, value in e:
                if not same(get(a, key), value):
                    self.fail(f"duplicate {i + 1}: {key} {show(get(a, key))}, expected {show(value)}")

    def compare_rejects(self, actual_path, expected_path):
        if not os.path.exists(actual_path):
            self.fail("no rejects file was written")
            return
        actual = read_lines(actual_path)
        expected = read_lines(expected_path) if os.path.exists(expected_path) else []
        if len(actual) != len(expected):
            self.fail(f"{len(actual)} rejects, expected {len(expected)}:\n" + "\n".join(actual))
            return
        for i, (line_a, line_e) in enumerate(zip(actual, expected)):
            a = parse(line_a, f"reject {i + 1}")
            e = parse(line_e, f"expected reject {i + 1}")
            where = f"reject {i + 1}"
            for key in ("record", "line"):
                if key in dict(e) and number_value(get(a, key)) != number_value(get(e, key)):
                    self.fail(f"{where}: {key} {show(get(a, key))}, expected {show(get(e, key))}")
            if "fields" in dict(e) and not same(get(a, "fields"), get(e, "fields")):
                self.fail(f"{where}: fields {show(get(a, 'fields'))}, expected {show(get(e, 'fields'))}")
            errors_a = get(a, "errors", [])
            errors_e = get(e, "errors", [])
            if len(errors_a) != len(errors_e):
                self.fail(f"{where}: {len(errors_a)} errors, expected {len(errors_e)}: {line_a}")
                continue
            for j, (ea, ee) in enumerate(zip(errors_a, errors_e)):
                for key in ERROR_KEYS:
                    if key in dict(ee) and number_value(get(ea, key)) != number_value(get(ee, key)):
                        self.fail(f"{where}, error {j + 1}: {key} {show(get(ea, key))}, "
                                  f"expected {show(get(ee, key))} ({line_a})")
                if not isinstance(get(ea, "reason"), str) or not get(ea, "reason"):
                    self.fail(f"{where}, error {j + 1}: no reason")


def main(argv):
    if len(argv) != 1:
        sys.exit(__doc__)
    runner = os.environ.get("KAKEHASHI_RUN")
    print("1..1")
    case = Case(argv[0])
    if not runner:
        print(f"not ok 1 - {case.name}: KAKEHASHI_RUN is not set")
        return 1
    with tempfile.TemporaryDirectory(prefix="kh-conformance-") as work:
        try:
            case.run(runner, work)
        except (AssertionError, OSError, subprocess.TimeoutExpired) as error:
            case.fail(str(error))
    if case.failures:
        print(f"not ok 1 - {case.name}")
        for failure in case.failures:
            for line in failure.split("\n"):
                print(f"# {line}")
        return 1
    print(f"ok 1 - {case.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
