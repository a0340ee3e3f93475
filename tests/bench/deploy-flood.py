#!/usr/bin/env python3
"""The deploy command of tests/bench/deploy-stream: a steady flood of lines.

  deploy-flood.py [--dir DIR] [--rate 1000] [--seconds 30] [--lead 1]
                  [--width 80]

Prints RATE lines a second for SECONDS seconds on stdout, each WIDTH bytes
with its newline (a counter, a time stamp and log-like text, so no two
lines are the same), one write(2) per line, as a logger that flushes every
line does.  Line i is due at T0 + i / RATE; when the pipe is slow the lines
that are late go out at once, one write each, so the total stays RATE x
SECONDS.

T0 is LEAD seconds after the start.  Before that, DIR/started is written
(atomically): {"pid", "t0", "rate", "seconds"}, t0 on CLOCK_MONOTONIC,
which every process on the machine shares, so the benchmark's driver can
measure exactly the seconds the flood lasts.  The pid is also appended to
DIR/pids, for the benchmark's clean-up.  At the end one JSON line is
appended to DIR/stats.jsonl: lines and bytes written, the seconds from the
first line to the last, the largest lateness of a line, and the flood's own
CPU time.  DIR is by default the directory this script is in (the
benchmark runs a private copy, which keeps the configured command short).
"""

import argparse
import json
import os
import sys
import time


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--dir", default=os.path.dirname(os.path.abspath(__file__)))
    p.add_argument("--rate", type=int, default=1000)
    p.add_argument("--seconds", type=float, default=30)
    p.add_argument("--lead", type=float, default=1)
    p.add_argument("--width", type=int, default=80)
    a = p.parse_args()

    pid = os.getpid()
    with open(os.path.join(a.dir, "pids"), "a") as f:
        f.write("%d\n" % pid)
    t0 = time.monotonic() + a.lead
    tmp = os.path.join(a.dir, "started.%d" % pid)
    with open(tmp, "w") as f:
        json.dump({"pid": pid, "t0": t0, "rate": a.rate, "seconds": a.seconds}, f)
    os.rename(tmp, os.path.join(a.dir, "started"))

    total = int(a.rate * a.seconds)
    body = "INFO deploy: pulling layer sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
    written = 0
    lines = 0
    late_max = 0.0
    first = last = None
    now = time.monotonic()
    if t0 > now:
        time.sleep(t0 - now)
    for i in range(total):
        due = t0 + i / a.rate
        now = time.monotonic()
        if now < due:
            time.sleep(due - now)
            now = time.monotonic()
        else:
            late_max = max(late_max, now - due)
        head = "%06d %012.6f " % (i, now - t0)
        line = (head + body)[:a.width - 1] + "\n"
        try:
            written += os.write(1, line.encode())
            lines += 1
        except BrokenPipeError:
            break  # the cockpit is gone
        if first is None:
            first = now
        last = now
    t = os.times()
    stats = {
        "pid": pid,
        "lines": lines,
        "bytes": written,
        "seconds": round((last or 0) - (first or 0), 3),
        "late_max_s": round(late_max, 3),
        "cpu_s": round(t.user + t.system, 2),
    }
    with open(os.path.join(a.dir, "stats.jsonl"), "a") as f:
        f.write(json.dumps(stats) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
