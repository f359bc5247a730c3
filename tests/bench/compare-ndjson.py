#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""compare-ndjson.py [--rejects] OURS.ndjson PEER.ndjson

Checks that two NDJSON files hold the same records in the same order:
the same keys in the same order and the same values, numbers compared
numerically (the Python peer writes 12345.0 where Kakehashi writes the
exact 12345.00). With --rejects, OURS is a kakehashi-run rejects file and
PEER the peer's rejects (the original records): each reject's "fields" must
equal the peer's record.

Prints the number of records compared, or the first differences, and exits
0 when the files agree, 1 when they do not."""
import json
import sys
from decimal import Decimal


def number(text):
    return Decimal(text)


def load(line, where):
    try:
        return json.loads(line, parse_float=number, parse_int=number,
                          object_pairs_hook=lambda pairs: pairs)
    except ValueError as error:
        sys.exit(f"{where}: not JSON: {error}")


def same(a, b):
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, tuple) and isinstance(b, tuple):
        return a[0] == b[0] and same(a[1], b[1])
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        return a == b
    if isinstance(a, (Decimal, bool)) != isinstance(b, (Decimal, bool)):
        return False
    return a == b and type(a) is type(b)


def main(argv):
    rejects = False
    if argv and argv[0] == "--rejects":
        rejects = True
        argv = argv[1:]
    if len(argv) != 2:
        sys.exit(__doc__)
    ours_path, peer_path = argv
    differences = 0
    n = 0
    with open(ours_path, encoding="utf-8") as ours, open(peer_path, encoding="utf-8") as peer:
        while True:
            a = ours.readline()
            b = peer.readline()
            if not a and not b:
                break
            n += 1
            if not a or not b:
                print(f"record {n}: {'ours' if not a else 'the peer'} ends here; "
                      f"the other has more records")
                return 1
            ra = load(a, f"{ours_path}:{n}")
            rb = load(b, f"{peer_path}:{n}")
            if rejects:
                ra = dict(ra).get("fields")
            if not same(ra, rb):
                differences += 1
                if differences <= 5:
                    print(f"record {n} differs:\n  ours: {a.rstrip()}\n  peer: {b.rstrip()}")
    if differences:
        print(f"{differences} of {n} records differ")
        return 1
    print(f"{n} records identical")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
