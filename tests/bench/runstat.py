#!/usr/bin/env python3
"""Run a command several times; print its wall time, CPU time and peak RSS.

    runstat.py --runs N --label TEXT [--expect-services N] [--expect-plan]
               [--keep FILE] [--summary FILE] -- COMMAND [ARG...]
    runstat.py --header

Each run's figures come from the kernel: wall time around fork/exec/exit,
user+sys CPU and ru_maxrss of that one child from wait4() (so nothing else on
the machine is counted).  The command's stdout must be one opsdeck snapshot
JSON document; it is checked on every run:

  --expect-services N  exactly N services, every one "up", else exit 1
  --expect-plan        a current plan with actions, else exit 1

The summary line gives min / median / max of each figure; with
--expect-services also the slowest single check (latency_ms, the median over
runs of each run's maximum).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time


def header():
    print(f"{'':<26} {'runs':>4}  {'wall ms':^20}  {'CPU ms (user+sys)':^20}"
          f"  {'peak RSS KiB':^20}  {'slowest':>7}")
    print(f"{'':<26} {'':>4}  {'min/median/max':^20}  {'min/median/max':^20}"
          f"  {'min/median/max':^20}  {'check ms':>7}")


def fmt3(values, digits=0):
    lo, mid, hi = min(values), statistics.median(values), max(values)
    return f"{lo:.{digits}f}/{mid:.{digits}f}/{hi:.{digits}f}"


def check(doc, args, run):
    """Returns the slowest check's latency in ms (or None)."""
    services = doc.get("services") or []
    if args.expect_services is not None:
        states = {}
        for s in services:
            states[s.get("state")] = states.get(s.get("state"), 0) + 1
        up = states.get("up", 0)
        if len(services) != args.expect_services or up != args.expect_services:
            bad = [s for s in services if s.get("state") != "up"][:5]
            sys.exit(f"runstat: run {run}: expected {args.expect_services} "
                     f"services all up, got {len(services)} services, states "
                     f"{states}; e.g. {json.dumps(bad)}")
    if args.expect_plan:
        plan = doc.get("plan")
        if not plan or not plan.get("total_actions"):
            sys.exit(f"runstat: run {run}: no current plan with actions")
    lat = [s["latency_ms"] for s in services
           if isinstance(s.get("latency_ms"), (int, float))]
    return max(lat) if lat else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--header", action="store_true")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--label", default="")
    ap.add_argument("--expect-services", type=int)
    ap.add_argument("--expect-plan", action="store_true")
    ap.add_argument("--keep", help="save the last run's output here")
    ap.add_argument("--verbose", action="store_true", help="a line per run")
    ap.add_argument("--summary", help="append the medians here, one JSON line")
    ap.add_argument("command", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    if args.header:
        header()
        return
    cmd = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not cmd:
        ap.error("no command")

    walls, cpus, rss, slowest = [], [], [], []
    for run in range(1, args.runs + 1):
        out_path = os.path.join(os.environ.get("BENCH_TMP", "/tmp"),
                                f"runstat.{os.getpid()}.out")
        with open(out_path, "wb") as out, open(out_path + ".err", "wb") as err:
            t0 = time.perf_counter()
            proc = subprocess.Popen(cmd, stdout=out, stderr=err)
            _, status, ru = os.wait4(proc.pid, 0)
            wall = (time.perf_counter() - t0) * 1000.0
        rc = os.waitstatus_to_exitcode(status)
        with open(out_path, "rb") as f:
            data = f.read()
        with open(out_path + ".err", "rb") as f:
            errtext = f.read().decode("utf-8", "replace")
        os.unlink(out_path)
        os.unlink(out_path + ".err")
        if rc != 0:
            sys.exit(f"runstat: run {run}: {cmd[0]} exited {rc}: "
                     f"{errtext.strip()[:500]}")
        try:
            doc = json.loads(data)
        except ValueError as e:
            sys.exit(f"runstat: run {run}: output is not JSON: {e}")
        if args.keep:
            with open(args.keep, "wb") as f:
                f.write(data)
        slow = check(doc, args, run)
        walls.append(wall)
        cpus.append((ru.ru_utime + ru.ru_stime) * 1000.0)
        rss.append(ru.ru_maxrss)
        if slow is not None:
            slowest.append(slow)
        if args.verbose:
            print(f"  run {run}: wall {wall:.0f} ms, cpu {cpus[-1]:.0f} ms, "
                  f"rss {ru.ru_maxrss} KiB"
                  + (f", slowest check {slow:.0f} ms" if slow else ""),
                  flush=True)
    if args.summary:
        with open(args.summary, "a") as f:
            f.write(json.dumps({
                "label": args.label, "services": args.expect_services,
                "wall_ms": statistics.median(walls),
                "cpu_ms": statistics.median(cpus),
                "rss_kib": statistics.median(rss),
                "slowest_ms": statistics.median(slowest) if slowest else None,
            }) + "\n")
    slow_txt = f"{statistics.median(slowest):.0f}" if slowest else "-"
    print(f"{args.label:<26} {args.runs:>4}  {fmt3(walls, 1):>20}  "
          f"{fmt3(cpus):>20}  {fmt3(rss):>20}  {slow_txt:>7}", flush=True)


if __name__ == "__main__":
    main()
