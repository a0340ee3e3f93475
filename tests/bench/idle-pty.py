#!/usr/bin/env python3
"""Idle cost of a full-screen program in a pseudo-terminal (tests/bench/idle).

  idle-pty.py run --label NAME [--seconds 60] [--warmup 5] [--cols 120]
                  [--rows 40] [--quit q] [--expect TEXT]
                  [--answer xterm|margins]
                  [--change-every S --change CMD [--change CMD ...]]
                  -- COMMAND ARGS...
  idle-pty.py table --baseline LABEL RESULTS.jsonl

run: starts COMMAND on a new pseudo-terminal of COLS x ROWS that is its
controlling terminal (setsid + TIOCSCTTY, size set with TIOCSWINSZ before
the exec).  The parent reads every byte the program writes, counts it and
throws it away; it never stops reading, so the program never blocks on the
terminal.  The first WARMUP seconds are not counted.  Over the next SECONDS
seconds it measures:

  cpu_s      user + system time of the process, all threads (utime + stime
             of /proc/PID/stat, clock ticks), end minus start;
  bytes      bytes written to the terminal;
  switches   context switches of all threads (voluntary + involuntary, from
             /proc/PID/task/*/status), a proxy for wake-ups;
  vmhwm_kib  peak resident set (VmHWM of /proc/PID/status) at the end;
  rssanon_kib  its anonymous part (RssAnon) at the end; vmrss_kib too;
  anon_top_kib  where RssAnon lives: the largest sums of "Anonymous" in
             /proc/PID/smaps by mapping ([heap], (anon), a library's data).

Then it types the quit key (SIGTERM after 5 s, SIGKILL after 10 s) and
prints one JSON object.  With --expect, the run fails (exit 1) unless TEXT
appeared in the program's output (e.g. a figure the screen must show).

first_paint_bytes: what the program wrote from its start until TEXT (or,
without --expect, anything) appeared and the output then paused for 0.3 s:
the first screen, drawn from nothing.

--answer xterm: the pseudo-terminal answers the two questions the cockpit
asks at start as xterm does (at its default level, VT420): DECRQM for mode
69, DECLRMM, "do you have left and right margins?" with "CSI ? 69 ; 2 $ y"
(known and reset), and DA1, "what are you?", with a list that has 28,
rectangular editing (DECCRA, copy a rectangle).  --answer margins: the
same first answer, and a DA1 answer without 28 (a terminal with margins
that does not copy rectangles).  Without --answer nothing is answered, as
on a terminal that does not know the questions (tmux 3.3, for one, knows
neither margins nor rectangles).

--change-every S with one or more --change CMD: during the measured
window, every S seconds, run the next CMD (in turn, through sh -c) while
the output keeps being read; bytes_per_change lists, for each change, what
the program wrote from the moment CMD returned until the next change
began (or the window ended).  The next change waits for the first output
of this one (3 s at most, else a warning) and for 50 ms of quiet after
it, so a slow frame never lands in the next change's count.

table: one row per result: CPU % of a core, CPU s/min, bytes/min, wake-ups/s,
VmHWM, RssAnon, and the ratios to the --baseline row.
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from ptyproc import pump, spawn  # noqa: E402  (tests/lib)

CLK_TCK = os.sysconf("SC_CLK_TCK")


def proc_cpu_ticks(pid):
    with open("/proc/%d/stat" % pid) as f:
        data = f.read()
    # The command name may hold blanks and parentheses: split after the last ')'.
    fields = data[data.rindex(")") + 2:].split()
    return int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15)


def proc_status(pid):
    out = {}
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            key, _, value = line.partition(":")
            out[key] = value.strip()
    return out


def kib(value):
    return int(value.split()[0]) if value else None


def proc_switches(pid):
    total = 0
    try:
        tasks = os.listdir("/proc/%d/task" % pid)
    except OSError:
        return None
    for tid in tasks:
        try:
            with open("/proc/%d/task/%s/status" % (pid, tid)) as f:
                for line in f:
                    if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                        total += int(line.split()[1])
        except OSError:
            pass  # a thread that ended meanwhile
    return total


def proc_anon_by_mapping(pid, top=6):
    """RssAnon split by mapping (the file a private page belongs to, [heap],
    [stack], or (anon) for nameless mappings): the largest TOP, in KiB."""
    sums = {}
    name = None
    try:
        with open("/proc/%d/smaps" % pid) as f:
            for line in f:
                head = line.split(None, 5)
                if head and "-" in head[0] and len(head) >= 5 and ":" not in head[0]:
                    path = head[5].strip() if len(head) > 5 else ""
                    name = os.path.basename(path) if path.startswith("/") else (path or "(anon)")
                elif line.startswith("Anonymous:") and name is not None:
                    sums[name] = sums.get(name, 0) + int(line.split()[1])
    except OSError:
        return []
    return sorted(((k, v) for k, v in sums.items() if v), key=lambda kv: -kv[1])[:top]




# DECRQM for DECLRMM (left and right margin mode), and xterm's answer:
# the mode is known and reset; DA1, and the answers of xterm at VT420
# (28: rectangular editing) and of a VT220-like terminal without it.
DECRQM_LRMM = b"\x1b[?69$p"
DA1 = b"\x1b[c"
ANSWERS = {
    "xterm": {DECRQM_LRMM: b"\x1b[?69;2$y",
              DA1: b"\x1b[?64;1;2;6;9;15;16;17;18;21;22;28c"},
    "margins": {DECRQM_LRMM: b"\x1b[?69;2$y", DA1: b"\x1b[?62;22c"},
}
QUERY_TAIL = max(len(q) for q in (DECRQM_LRMM, DA1)) - 1


class Reader:
    """Drains the master side; counts bytes; looks for an expected text;
    answers the terminal queries it was told to."""

    def __init__(self, fd, expect, answer=None):
        self.fd = fd
        self.count = 0
        self.eof = False
        self.expect = expect.encode() if expect else None
        self.seen = expect is None
        self.tail = b""
        self.last = b""  # the end of the output, for error messages
        self.last_read = None  # monotonic time of the last chunk
        self.answer = answer
        self.answered = 0
        self.qtail = b""
        self.capture = None  # a bytearray while a change's bytes are kept

    def pump(self, until):
        """Reads until the monotonic time `until` (or EOF)."""
        if not self.eof:
            self.eof = not pump(self.fd, until, self._take)

    def _take(self, chunk):
        self.count += len(chunk)
        if self.capture is not None:
            self.capture += chunk
        self.last_read = time.monotonic()
        self.last = (self.last + chunk)[-2048:]
        if self.answer:
            # The questions in order of arrival, each answered once,
            # also when one is split between two reads.
            window = self.qtail + chunk
            found = sorted((window.find(q), q) for q in ANSWERS[self.answer]
                           if q in window)
            for _, q in found:
                os.write(self.fd, ANSWERS[self.answer][q])
                self.answered += 1
            if found:
                last = max(i + len(q) for i, q in found)
                window = window[last:]
            self.qtail = window[-QUERY_TAIL:]
        if not self.seen:
            window = self.tail + chunk
            if self.expect in window:
                self.seen = True
            self.tail = window[-len(self.expect):]


def run_env_argv(args, who):
    """The environment and command of a run (add_run_arguments): the
    caller's environment without what would change the terminal's size,
    locale or colours, with --term and --lang; shared with deploy-pty.py."""
    env = dict(os.environ)
    for k in ("LINES", "COLUMNS", "LC_ALL", "LC_CTYPE", "NO_COLOR", "TMUX"):
        env.pop(k, None)
    env["TERM"] = args.term
    env["LANG"] = args.lang
    argv = args.command
    if argv and argv[0] == "--":
        argv = argv[1:]
    if not argv:
        sys.exit("%s: no command" % who)
    return env, argv


def cmd_run(args):
    env, argv = run_env_argv(args, "idle-pty")

    t0 = time.monotonic()
    pid, master = spawn(argv, args.cols, args.rows, env)
    reader = Reader(master, args.expect, args.answer)
    first_paint = first_paint_bytes(reader, t0 + args.warmup)
    reader.pump(t0 + args.warmup)
    if reader.eof:
        _, wstatus = os.waitpid(pid, 0)
        sys.exit("idle-pty: %s ended during the warm-up (status %d); its last output:\n%s"
                 % (args.label, wstatus, reader.last.decode("utf-8", "replace")[-600:]))

    start_cpu = proc_cpu_ticks(pid)
    start_sw = proc_switches(pid)
    start_bytes = reader.count
    t1 = time.monotonic()
    changes = []
    if args.change_every > 0 and args.change:
        changes = run_changes(reader, args, t1 + args.seconds)
    reader.pump(t1 + args.seconds)
    t2 = time.monotonic()
    if reader.eof:
        _, wstatus = os.waitpid(pid, 0)
        sys.exit("idle-pty: %s ended during the measurement (status %d); its last output:\n%s"
                 % (args.label, wstatus, reader.last.decode("utf-8", "replace")[-600:]))
    end_cpu = proc_cpu_ticks(pid)
    end_sw = proc_switches(pid)
    end_bytes = reader.count
    status = proc_status(pid)
    anon_top = proc_anon_by_mapping(pid)

    # Quit as a user would; keep reading so that the exit is not blocked.
    os.write(master, args.quit.encode())
    deadline = time.monotonic()
    quit_how = "key"
    rc = None
    while rc is None:
        wpid, wstatus, rusage = os.wait4(pid, os.WNOHANG)
        if wpid == pid:
            rc = wstatus
            break
        now = time.monotonic()
        if now - deadline > 10 and quit_how != "SIGKILL":
            os.kill(pid, signal.SIGKILL)
            quit_how = "SIGKILL"
        elif now - deadline > 5 and quit_how == "key":
            os.kill(pid, signal.SIGTERM)
            quit_how = "SIGTERM"
        reader.pump(now + 0.05)
        if reader.eof:
            time.sleep(0.02)
    os.close(master)

    elapsed = t2 - t1
    cpu_s = (end_cpu - start_cpu) / CLK_TCK
    result = {
        "label": args.label,
        "command": " ".join(argv),
        "seconds": round(elapsed, 3),
        "cpu_s": cpu_s,
        "bytes": end_bytes - start_bytes,
        "switches": (end_sw - start_sw) if start_sw is not None and end_sw is not None else None,
        "vmhwm_kib": kib(status.get("VmHWM")),
        "vmrss_kib": kib(status.get("VmRSS")),
        "rssanon_kib": kib(status.get("RssAnon")),
        "threads": int(status.get("Threads", "0")),
        "anon_top_kib": anon_top,
        "warmup_bytes": start_bytes,
        "quit": quit_how,
        "exit": (os.WEXITSTATUS(rc) if os.WIFEXITED(rc) else -os.WTERMSIG(rc)),
        "total_cpu_s": rusage.ru_utime + rusage.ru_stime,
        "maxrss_kib": rusage.ru_maxrss,
        "expect": args.expect,
        "expect_seen": reader.seen,
        "first_paint_bytes": first_paint,
        "answer": args.answer,
        "answered": reader.answered,
        "changes": len(changes),
        "bytes_per_change": [b for _, b in changes],
        "change_kinds": [k for k, _ in changes],
    }
    print(json.dumps(result))
    if not reader.seen:
        print("idle-pty: %s never showed %r" % (args.label, args.expect), file=sys.stderr)
        sys.exit(1)


def first_paint_bytes(reader, until):
    """Bytes until the expected text (or any output) is on screen and the
    output has paused for 0.3 s; None if that did not happen by `until`."""
    while not reader.eof and time.monotonic() < until:
        reader.pump(min(until, time.monotonic() + 0.05))
        if reader.seen and reader.count > 0 and reader.last_read is not None \
                and time.monotonic() - reader.last_read >= 0.3:
            return reader.count
    return None


def wait_quiet(reader, since_count, deadline, quiet=0.05):
    """After a change: pumps until its first output has come and the output
    has then paused for `quiet` seconds (or the deadline passes)."""
    while time.monotonic() < deadline and not reader.eof:
        reader.pump(min(deadline, time.monotonic() + 0.01))
        if reader.count > since_count and \
                time.monotonic() - reader.last_read >= quiet:
            return True
    return False


def run_changes(reader, args, end):
    """Runs the --change commands in turn every --change-every seconds
    until `end`; returns (kind, bytes) per change."""
    out = []
    i = 0
    next_at = time.monotonic()
    while True:
        now = time.monotonic()
        if next_at + args.change_every > end:
            break
        if now < next_at:
            reader.pump(next_at)
        kind = i % len(args.change)
        proc = subprocess.Popen(["/bin/sh", "-c", args.change[kind]],
                                stdin=subprocess.DEVNULL)
        while proc.poll() is None:
            reader.pump(time.monotonic() + 0.01)
        if proc.returncode != 0:
            sys.exit("idle-pty: change %r failed (status %d)"
                     % (args.change[kind], proc.returncode))
        before = reader.count
        if args.dump_changes:
            reader.capture = bytearray()
        if not wait_quiet(reader, before, time.monotonic() + 3):
            print("idle-pty: %s: change %d showed nothing within 3 s"
                  % (args.label, i), file=sys.stderr)
        next_at += args.change_every
        if time.monotonic() < next_at:
            reader.pump(min(next_at, end))
        out.append((kind, reader.count - before))
        if args.dump_changes:
            with open(os.path.join(args.dump_changes, "change-%03d-%d.bin"
                                   % (i, kind)), "wb") as f:
                f.write(reader.capture)
            reader.capture = None
        i += 1
        if time.monotonic() > next_at:
            next_at = time.monotonic()
    return out


def fmt_bytes(n):
    if n >= 10 * 1024 * 1024:
        return "%.1f MB" % (n / 1048576)
    if n >= 1024:
        return "%.1f KB" % (n / 1024)
    return "%d B" % n


def fmt_kib(n):
    if n is None:
        return "-"
    return "%.1f MB" % (n / 1024) if n >= 1024 else "%d KB" % n


def ratio(a, b):
    if a is None or b is None:
        return "-"
    if b == 0:
        return "-" if a == 0 else "inf"
    return "%.2f" % (a / b)


def cmd_table(args):
    rows = []
    with open(args.results) as f:
        for line in f:
            line = line.strip()
            if line:
                rows.append(json.loads(line))
    base = next((r for r in rows if r["label"] == args.baseline), None)

    def per_min(r, key):
        return r[key] * 60.0 / r["seconds"]

    head = ["program", "CPU % core", "CPU s/min", "bytes/min", "bytes/change", "wake-ups/s",
            "VmHWM", "RssAnon", "CPU vs " + args.baseline, "bytes vs " + args.baseline,
            "RssAnon vs " + args.baseline]
    out = []
    for r in rows:
        cpu_pct = 100.0 * r["cpu_s"] / r["seconds"]
        wake = "-" if r["switches"] is None else "%.1f" % (r["switches"] / r["seconds"])
        out.append([
            r["label"],
            "%.2f %%" % cpu_pct,
            "%.3f" % per_min(r, "cpu_s"),
            fmt_bytes(per_min(r, "bytes")),
            ("%d B" % round(r["bytes"] / r["changes"])) if r.get("changes") else "-",
            wake,
            fmt_kib(r["vmhwm_kib"]),
            fmt_kib(r["rssanon_kib"]),
            ratio(r["cpu_s"] / r["seconds"], base["cpu_s"] / base["seconds"]) if base else "-",
            ratio(per_min(r, "bytes"), per_min(base, "bytes")) if base else "-",
            ratio(r["rssanon_kib"], base["rssanon_kib"]) if base else "-",
        ])
    print("| " + " | ".join(head) + " |")
    print("| " + " | ".join("---" for _ in head) + " |")
    for o in out:
        print("| " + " | ".join(o) + " |")


def add_run_arguments(r, seconds):
    """The options of a measured run on a pseudo-terminal, shared with
    deploy-pty.py."""
    r.add_argument("--seconds", type=float, default=seconds)
    r.add_argument("--warmup", type=float, default=5)
    r.add_argument("--cols", type=int, default=120)
    r.add_argument("--rows", type=int, default=40)
    r.add_argument("--term", default="xterm-256color")
    r.add_argument("--lang", default="C.UTF-8")
    r.add_argument("--quit", default="q")
    r.add_argument("--expect")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("--label", required=True)
    add_run_arguments(r, 60)
    r.add_argument("--answer", choices=sorted(ANSWERS))
    r.add_argument("--change-every", type=float, default=0)
    r.add_argument("--change", action="append", default=[])
    r.add_argument("--dump-changes", metavar="DIR")
    r.add_argument("command", nargs=argparse.REMAINDER)
    t = sub.add_parser("table")
    t.add_argument("--baseline", required=True)
    t.add_argument("results")
    args = p.parse_args()
    if args.cmd == "run":
        cmd_run(args)
    else:
        cmd_table(args)


if __name__ == "__main__":
    main()
