#!/usr/bin/env python3
"""Compare an expected JSON subset with actual JSON output.

usage: json-compare.py EXPECTED ACTUAL      (either may be "-" for stdin)

Rules, applied recursively:
  object   every key of the expected object must be present in the actual
           one and match; keys the expectation does not name are ignored
           (the snapshot format allows more keys to be added).
  array    same length, elements compared in order.
  number   equal within 1e-9 absolute or 1e-9 relative; an integer and a
           float of the same value are equal; true/false are not numbers.
  string   equal, with two escapes:
             "__any__"     matches any value, null included (the key must
                           still exist);
             "re:PATTERN"  a Python regular expression that must be found
                           in the actual string (re.search; anchor with ^
                           and $ for a full match).
  null     must be null.
  boolean  must be the same boolean.

A top-level "_comment" key in the expected object is ignored, so fixtures
can explain themselves.

Both files are parsed strictly: a raw control character inside a JSON
string is an error, so escape sequences in the data must arrive escaped.

Every mismatch is printed with its JSON path; exit status 0 when all
match, 1 on a mismatch, 2 when a file cannot be read or parsed.
"""

import json
import math
import re
import sys

ABS_TOL = 1e-9
REL_TOL = 1e-9
ANY = "__any__"
RE_PREFIX = "re:"


def is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def kind(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if is_number(v):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    return "object"


def short(v):
    s = json.dumps(v, ensure_ascii=True)
    return s if len(s) <= 120 else s[:117] + "..."


def compare(exp, act, path, out):
    if isinstance(exp, str) and exp == ANY:
        return
    if isinstance(exp, dict):
        if not isinstance(act, dict):
            out.append("%s: expected an object, got %s %s" % (path, kind(act), short(act)))
            return
        for key, sub in exp.items():
            if path == "$" and key == "_comment":
                continue
            sub_path = "%s.%s" % (path, key) if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key) \
                else "%s[%s]" % (path, json.dumps(key))
            if key not in act:
                out.append("%s: missing (expected %s)" % (sub_path, short(sub)))
                continue
            compare(sub, act[key], sub_path, out)
        return
    if isinstance(exp, list):
        if not isinstance(act, list):
            out.append("%s: expected an array, got %s %s" % (path, kind(act), short(act)))
            return
        if len(exp) != len(act):
            out.append("%s: expected %d elements, got %d: %s" % (path, len(exp), len(act), short(act)))
        for i, (e, a) in enumerate(zip(exp, act)):
            compare(e, a, "%s[%d]" % (path, i), out)
        return
    if exp is None:
        if act is not None:
            out.append("%s: expected null, got %s" % (path, short(act)))
        return
    if isinstance(exp, bool):
        if not isinstance(act, bool) or act != exp:
            out.append("%s: expected %s, got %s" % (path, short(exp), short(act)))
        return
    if is_number(exp):
        if not is_number(act):
            out.append("%s: expected number %s, got %s" % (path, short(exp), short(act)))
            return
        if not math.isclose(float(exp), float(act), rel_tol=REL_TOL, abs_tol=ABS_TOL):
            out.append("%s: expected %r, got %r" % (path, exp, act))
        return
    if isinstance(exp, str):
        if exp.startswith(RE_PREFIX):
            pattern = exp[len(RE_PREFIX):]
            if not isinstance(act, str):
                out.append("%s: expected a string matching /%s/, got %s" % (path, pattern, short(act)))
            elif re.search(pattern, act) is None:
                out.append("%s: %s does not match /%s/" % (path, short(act), pattern))
            return
        if act != exp:
            out.append("%s: expected %s, got %s" % (path, short(exp), short(act)))
        return
    out.append("%s: unsupported expected value %s" % (path, short(exp)))


def load(name):
    try:
        if name == "-":
            text = sys.stdin.read()
        else:
            with open(name, encoding="utf-8") as f:
                text = f.read()
    except (OSError, UnicodeDecodeError) as e:
        sys.stderr.write("json-compare: %s: %s\n" % (name, e))
        sys.exit(2)
    try:
        return json.loads(text)
    except ValueError as e:
        sys.stderr.write("json-compare: %s: not valid JSON: %s\n" % (name, e))
        sys.exit(2)


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: json-compare.py EXPECTED ACTUAL\n")
        return 2
    expected = load(argv[1])
    actual = load(argv[2])
    mismatches = []
    compare(expected, actual, "$", mismatches)
    for m in mismatches:
        print(m)
    if mismatches:
        print("json-compare: %d mismatch(es)" % len(mismatches))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
