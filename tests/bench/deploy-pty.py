#!/usr/bin/env python3
"""The cockpit while a deploy streams, beside idle (tests/bench/deploy-stream).

  deploy-pty.py run --service NAME --flood-dir DIR [--seconds 30]
                    [--warmup 5] [--cols 120] [--rows 40] [--expect TEXT]
                    [--pid-file FILE] -- COMMAND ARGS...
  deploy-pty.py table RESULTS.jsonl

run: starts the cockpit (COMMAND) on a new pseudo-terminal of COLS x ROWS,
its controlling terminal, as tests/bench/idle-pty.py does (whose spawn and
/proc readers it uses), and reads every byte it writes, counting it, so it
never waits on its terminal.  After WARMUP seconds, and once TEXT (--expect)
has appeared, three phases follow in the same process:

  idle     SECONDS with nothing running;
  open     the keys 1, d, NAME, Enter: the deploy of the first service,
           the output view open and following its end; measured over
           exactly the seconds the deploy command floods (it is
           tests/bench/deploy-flood.py, which tells when in DIR/started);
  closed   once that deploy has finished: Escape, then d, NAME, Enter
           again and Escape at once: the second deploy streams with the
           output view closed, the panes only; measured the same way.

Each phase measures the cockpit's process (not its children):

  cpu_s        utime + stime of /proc/PID/stat, end minus start;
  bytes        bytes written to the terminal;
  switches     context switches of all threads (a proxy for wake-ups);
  syscr, syscw read and write system calls (/proc/PID/io): reads of the
               command's pipe, and writes, nearly all of them frames sent
               to the terminal;
  vmhwm_kib    the peak resident set of the phase: VmHWM is reset to the
               current RSS when the phase starts (5 > /proc/PID/clear_refs)
               and read when it ends ("hwm_reset" says whether the reset
               worked; if not, VmHWM is the peak since the start);
  rss / rssanon at the start and at the end, and the largest RssAnon seen
               (sampled every second), to see whether memory grows;
  busy_pct     the whole machine's CPU busy during the phase (/proc/stat),
               in % of all CPUs: what else was running;
  driver_cpu_s this driver's own CPU time in the phase (reading the
               terminal costs it too, on the same CPUs).

Then, once the second deploy has ended, it types q (SIGTERM after 5 s,
SIGKILL after 10 s) and prints one JSON object per phase.  Any step that
does not happen in time fails the run (exit 1) with the screen's last bytes.

table: one row per phase: CPU % of a core, bytes/min, wake-ups/s, reads/s,
writes/s, peak RSS, RssAnon at the end, and the ratios to the idle phase.
"""

import argparse
import importlib.util
import json
import os
import signal
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
_spec = importlib.util.spec_from_file_location(
    "idle_pty", os.path.join(os.path.dirname(os.path.abspath(__file__)), "idle-pty.py"))
idle_pty = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(idle_pty)

CLK_TCK = idle_pty.CLK_TCK


class Failed(Exception):
    pass


def proc_io(pid):
    out = {}
    try:
        with open("/proc/%d/io" % pid) as f:
            for line in f:
                k, _, v = line.partition(":")
                out[k] = int(v)
    except OSError:
        pass
    return out


def machine_ticks():
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    idle = v[3] + (v[4] if len(v) > 4 else 0)  # idle + iowait
    return sum(v[:8]) - idle, sum(v[:8])


def reset_hwm(pid):
    try:
        with open("/proc/%d/clear_refs" % pid, "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


class Reader:
    """Drains the master side and counts the bytes, as idle_pty's reader
    does, and keeps the last 64 KiB that came since a mark, to wait for
    texts on the screen after a key."""

    def __init__(self, fd):
        self.fd = fd
        self.count = 0
        self.eof = False
        self.last = b""  # the end of the output, for error messages
        self.window = bytearray()

    def mark(self):
        self.window = bytearray()

    def pump(self, until):
        """Reads until the monotonic time `until` (or EOF)."""
        if not self.eof:
            self.eof = not idle_pty.pump(self.fd, until, self._take)

    def _take(self, chunk):
        self.count += len(chunk)
        self.last = (self.last + chunk)[-2048:]
        self.window += chunk
        if len(self.window) > 65536:
            del self.window[:-65536]


class Cockpit:
    def __init__(self, args, argv, env):
        self.args = args
        self.pid, self.master = idle_pty.spawn(argv, args.cols, args.rows, env)
        if args.pid_file:
            with open(args.pid_file, "w") as f:
                f.write("%d\n" % self.pid)
        self.reader = Reader(self.master)
        self.ended = False

    def check_alive(self, what):
        if self.reader.eof:
            _, status = os.waitpid(self.pid, 0)
            self.ended = True
            raise Failed("the cockpit ended %s (status %d); its last output:\n%s"
                         % (what, status, self.tail()))

    def tail(self):
        return self.reader.last.decode("utf-8", "replace")[-600:]

    def pump_for(self, seconds):
        self.reader.pump(time.monotonic() + seconds)
        self.check_alive("meanwhile")

    def keys(self, text, mark=True):
        if mark:
            self.reader.mark()
        os.write(self.master, text.encode())

    def wait_for(self, texts, timeout, what):
        """Waits until each of texts appeared since the last mark."""
        deadline = time.monotonic() + timeout
        want = [t.encode() for t in texts]
        while not all(w in self.reader.window for w in want):
            if time.monotonic() > deadline:
                raise Failed("%s: %s did not appear within %.0f s; the screen's last bytes:\n%r"
                             % (what, [t for t, w in zip(texts, want) if w not in self.reader.window],
                                timeout, self.reader.last[-600:]))
            self.reader.pump(time.monotonic() + 0.05)
            self.check_alive("while waiting for %s" % what)

    def wait_file(self, path, timeout, what):
        deadline = time.monotonic() + timeout
        while not os.path.exists(path):
            if time.monotonic() > deadline:
                raise Failed("%s: %s did not appear within %.0f s; the screen's last bytes:\n%r"
                             % (what, path, timeout, self.reader.last[-600:]))
            self.reader.pump(time.monotonic() + 0.02)
            self.check_alive("while waiting for %s" % what)

    def measure(self, label, start_at, seconds):
        """Measures from the monotonic time start_at for seconds."""
        pid = self.pid
        self.reader.pump(start_at)
        self.check_alive("before the %s phase" % label)
        hwm_reset = reset_hwm(pid)
        st0 = idle_pty.proc_status(pid)
        cpu0 = idle_pty.proc_cpu_ticks(pid)
        sw0 = idle_pty.proc_switches(pid)
        io0 = proc_io(pid)
        m0 = machine_ticks()
        me0 = os.times()
        b0 = self.reader.count
        t1 = time.monotonic()
        end = t1 + seconds
        anon_max = idle_pty.kib(st0.get("RssAnon"))
        while True:
            now = time.monotonic()
            if now >= end:
                break
            self.reader.pump(min(end, now + 1.0))
            self.check_alive("during the %s phase" % label)
            anon = idle_pty.kib(idle_pty.proc_status(pid).get("RssAnon"))
            if anon is not None and (anon_max is None or anon > anon_max):
                anon_max = anon
        t2 = time.monotonic()
        cpu1 = idle_pty.proc_cpu_ticks(pid)
        sw1 = idle_pty.proc_switches(pid)
        io1 = proc_io(pid)
        m1 = machine_ticks()
        me1 = os.times()
        st1 = idle_pty.proc_status(pid)
        b1 = self.reader.count
        ncpu = os.cpu_count() or 1

        def d_io(k):
            return io1[k] - io0[k] if k in io0 and k in io1 else None

        return {
            "label": label,
            "seconds": round(t2 - t1, 3),
            "cpu_s": (cpu1 - cpu0) / CLK_TCK,
            "bytes": b1 - b0,
            "switches": (sw1 - sw0) if sw0 is not None and sw1 is not None else None,
            "syscr": d_io("syscr"),
            "syscw": d_io("syscw"),
            "rchar": d_io("rchar"),
            "wchar": d_io("wchar"),
            "vmhwm_kib": idle_pty.kib(st1.get("VmHWM")),
            "hwm_reset": hwm_reset,
            "vmrss_start_kib": idle_pty.kib(st0.get("VmRSS")),
            "vmrss_kib": idle_pty.kib(st1.get("VmRSS")),
            "rssanon_start_kib": idle_pty.kib(st0.get("RssAnon")),
            "rssanon_kib": idle_pty.kib(st1.get("RssAnon")),
            "rssanon_max_kib": anon_max,
            "threads": int(st1.get("Threads", "0")),
            "anon_top_kib": idle_pty.proc_anon_by_mapping(pid),
            "busy_pct": round(100.0 * (m1[0] - m0[0]) / max(1, m1[1] - m0[1]), 1),
            "ncpu": ncpu,
            "driver_cpu_s": round(me1.user + me1.system - me0.user - me0.system, 2),
        }

    def stop(self):
        """q (the command must be over), then SIGTERM, then SIGKILL."""
        if self.ended:
            return "gone", None
        try:
            os.write(self.master, self.args.quit.encode())
        except OSError:
            pass
        t = time.monotonic()
        how = "key"
        while True:
            wpid, status = os.waitpid(self.pid, os.WNOHANG)
            if wpid == self.pid:
                self.ended = True
                return how, status
            now = time.monotonic()
            if now - t > 10 and how != "SIGKILL":
                os.kill(self.pid, signal.SIGKILL)
                how = "SIGKILL"
            elif now - t > 5 and how == "key":
                os.kill(self.pid, signal.SIGTERM)
                how = "SIGTERM"
            self.reader.pump(now + 0.05)
            if self.reader.eof:
                time.sleep(0.02)

    def kill(self):
        if self.ended:
            return
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except OSError:
            pass
        self.ended = True


def flood_started(c, flood_dir, what):
    """Waits for the flood's DIR/started, returns its t0 and seconds."""
    path = os.path.join(flood_dir, "started")
    c.wait_file(path, 20, what)
    with open(path) as f:
        s = json.load(f)
    os.unlink(path)
    return s


def deploy(c, args, what):
    c.keys("d")
    c.wait_for(["confirm:"], 10, what + ": d asks for the name")
    c.keys(args.service)
    c.pump_for(0.2)
    c.keys("\r")
    c.wait_for(["OUTPUT:", "running"], 15, what + ": the output view")


def cmd_run(args):
    env, argv = idle_pty.run_env_argv(args, "deploy-pty")
    started = os.path.join(args.flood_dir, "started")
    if os.path.exists(started):
        os.unlink(started)

    def on_term(signum, frame):
        raise SystemExit(128 + signum)
    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGHUP, on_term)

    c = Cockpit(args, argv, env)
    results = []
    try:
        t0 = time.monotonic()
        if args.expect:
            c.wait_for([args.expect], 30, "the first screen")
        c.reader.pump(t0 + args.warmup)
        c.check_alive("during the warm-up")

        # (a) idle
        c.keys("1")
        c.pump_for(1.0)
        results.append(c.measure("idle", time.monotonic(), args.seconds))

        # (b) the deploy, the output view open
        deploy(c, args, "the first deploy")
        s = flood_started(c, args.flood_dir, "the first deploy's command")
        r = c.measure("deploy, view open", s["t0"], s["seconds"])
        r["flood_pid"] = s["pid"]
        results.append(r)
        # Its end: the flood's last line, then the exit recorded.
        c.wait_for(["exit 0"], 30, "the first deploy's end")
        c.pump_for(1.0)

        # (c) the second deploy, the output view closed at once
        c.keys("\x1b")
        c.pump_for(1.0)
        deploy(c, args, "the second deploy")
        c.keys("\x1b")
        s = flood_started(c, args.flood_dir, "the second deploy's command")
        r = c.measure("deploy, view closed", s["t0"], s["seconds"])
        r["flood_pid"] = s["pid"]
        results.append(r)
        # Its end: "deploy: exit 0" under the service, then no command runs.
        c.wait_for(["exit 0"], 30, "the second deploy's end")
        c.pump_for(1.0)
        how, status = c.stop()
    except Failed as e:
        c.kill()
        sys.exit("deploy-pty: %s" % e)
    finally:
        c.kill()
    for r in results:
        r["quit"] = how
        r["exit"] = (os.WEXITSTATUS(status) if os.WIFEXITED(status) else -os.WTERMSIG(status))
        print(json.dumps(r))


def ratio(a, b):
    if a is None or b is None:
        return "-"
    if b == 0:
        return "-"  # nothing in the idle phase (less than a clock tick)
    return "%.1f" % (a / b)


def cmd_table(args):
    rows = [json.loads(line) for line in open(args.results) if line.strip()]
    base = next((r for r in rows if r["label"] == "idle"), rows[0])

    def per_s(r, k):
        return None if r.get(k) is None else r[k] / r["seconds"]

    head = ["phase", "CPU % core", "bytes/min", "wake-ups/s", "reads/s", "writes/s",
            "peak RSS (VmHWM)", "RssAnon start → end (max)", "CPU vs idle",
            "bytes vs idle", "VmHWM vs idle"]
    print("| " + " | ".join(head) + " |")
    print("| " + " | ".join("---" for _ in head) + " |")
    for r in rows:
        cells = [
            r["label"],
            "%.1f %%" % (100.0 * per_s(r, "cpu_s")) if per_s(r, "cpu_s") >= 0.01
            else "%.2f %%" % (100.0 * per_s(r, "cpu_s")),
            idle_pty.fmt_bytes(per_s(r, "bytes") * 60),
            "-" if r["switches"] is None else "%.1f" % per_s(r, "switches"),
            "-" if r["syscr"] is None else "%.1f" % per_s(r, "syscr"),
            "-" if r["syscw"] is None else "%.1f" % per_s(r, "syscw"),
            idle_pty.fmt_kib(r["vmhwm_kib"]) + ("" if r["hwm_reset"] else " (since start)"),
            "%s → %s (%s)" % (idle_pty.fmt_kib(r["rssanon_start_kib"]),
                              idle_pty.fmt_kib(r["rssanon_kib"]),
                              idle_pty.fmt_kib(r["rssanon_max_kib"])),
            ratio(per_s(r, "cpu_s"), per_s(base, "cpu_s")),
            ratio(per_s(r, "bytes"), per_s(base, "bytes")),
            ratio(r["vmhwm_kib"], base["vmhwm_kib"]),
        ]
        print("| " + " | ".join(cells) + " |")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("--service", required=True)
    r.add_argument("--flood-dir", required=True)
    idle_pty.add_run_arguments(r, 30)
    r.add_argument("--pid-file")
    r.add_argument("command", nargs=argparse.REMAINDER)
    t = sub.add_parser("table")
    t.add_argument("results")
    args = p.parse_args()
    if args.cmd == "run":
        cmd_run(args)
    else:
        cmd_table(args)


if __name__ == "__main__":
    main()
