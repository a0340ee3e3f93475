#!/usr/bin/env python3
"""How fast and at what cost a change reaches cockpits (tests/bench/propagation).

  propagation.py latency --label NAME --db CONNINFO [--changes 100]
                 [--warmup 10] [--gap-ms 50:150] [--cols 120] [--rows 40]
                 [--state-dir DIR] -- COMMAND ARGS...
  propagation.py cpu --db CONNINFO --cockpits N [--changes 20] [--warmup 8]
                 [--bursts 10] [--burst-size 20] --state-dir DIR
                 -- COMMAND ARGS...
  propagation.py table RESULTS.jsonl

The database is reached through libpq itself (ctypes, no Python driver
needed); CONNINFO names the benchmark's database, which must hold the demo
week (db/demo.sql), opsdeck's objects and the pg_stat_statements extension.

latency: runs COMMAND (a cockpit) on a new pseudo-terminal of COLS x ROWS
that is its controlling terminal, and reads everything it writes on a thread
of its own that stamps each chunk with the monotonic clock as it arrives.
Once the cockpit is up and quiet, a writer session sets the text of action
ARCH-BOOT-001a (the first row of ACTIONS) to a new marker WARMUP (10, not
counted) + CHANGES times; each marker is 8 letters that all differ,
position by position, from the text before it, and shares no two-letter
sequence with it, so curses must write it out whole and in one run.  For each change: from the return of the
UPDATE (autocommit: the COMMIT is done) to the arrival of the chunk that
completes the marker in the terminal output.  Between changes a random pause
(GAP_MS, uniform) so that a polling cockpit is met at every phase of its
timer.  Before the changes, the cockpit's refreshes over 3 idle seconds are
counted (pg_stat_statements calls of the model's agents query): a listening
cockpit makes none (or one: its 30 s safety poll), a polling one about one a
second; the mode is reported from that.

cpu: runs N cockpits (each on its own pseudo-terminal, drained and thrown
away, each with its own XDG_STATE_HOME under DIR) and waits until the N
opsdeck sessions (pg_stat_activity, application_name = 'opsdeck') are
connected and their refreshes have stopped, and makes WARMUP (8) single
changes that are not counted (past its fifth run a prepared statement may
switch to a generic plan and skip planning).  Then three patterns, each
after pg_stat_statements_reset():

  single      CHANGES transactions of one UPDATE each (the action's text);
  burst 1 tx  BURSTS transactions of BURST_SIZE UPDATEs (as many actions);
  burst N tx  BURSTS bursts of BURST_SIZE back-to-back one-UPDATE
              transactions;

after each change (or burst) it waits until every cockpit has refreshed at
least once and no refresh has started for 250 ms.  Measured per change (or
burst): CPU time of the opsdeck backends (the sum of /proc/PID/schedstat's
run time, in ns, over the backends found in pg_stat_activity), of the
writer's backend, and of the cockpit processes (all threads); server time
of the refresh statements (pg_stat_statements total_plan_time +
total_exec_time of the ten model queries); and refreshes per cockpit
(calls of the agents query / N).  Each cockpit also refreshes by itself
every 30 s while listening (its safety net); the expected number of those
during the pattern is reported, not subtracted.

table: prints the latency and cpu results as two tables.
"""

import argparse
import ctypes
import ctypes.util
import json
import os
import random
import select
import signal
import statistics
import sys
import threading
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from ptyproc import read_some, spawn  # noqa: E402  (tests/lib)

AGENTS_QUERY = "%SELECT s.agent_name, s.status, s.health_score,%"
MODEL_QUERIES = "WITH ctx AS (%"
MARKER_ACTION = "ARCH-BOOT-001a"
LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"


# ---- libpq through ctypes -------------------------------------------------------

class PG:
    PGRES_COMMAND_OK = 1
    PGRES_TUPLES_OK = 2
    CONNECTION_OK = 0

    def __init__(self, conninfo):
        name = ctypes.util.find_library("pq")
        if name is None:
            sys.exit("propagation: libpq not found")
        pq = ctypes.CDLL(name)
        pq.PQconnectdb.restype = ctypes.c_void_p
        pq.PQconnectdb.argtypes = [ctypes.c_char_p]
        pq.PQstatus.argtypes = [ctypes.c_void_p]
        pq.PQerrorMessage.restype = ctypes.c_char_p
        pq.PQerrorMessage.argtypes = [ctypes.c_void_p]
        pq.PQexec.restype = ctypes.c_void_p
        pq.PQexec.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
        pq.PQresultStatus.argtypes = [ctypes.c_void_p]
        pq.PQresultErrorMessage.restype = ctypes.c_char_p
        pq.PQresultErrorMessage.argtypes = [ctypes.c_void_p]
        pq.PQntuples.argtypes = [ctypes.c_void_p]
        pq.PQnfields.argtypes = [ctypes.c_void_p]
        pq.PQgetvalue.restype = ctypes.c_char_p
        pq.PQgetvalue.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int]
        pq.PQgetisnull.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int]
        pq.PQclear.argtypes = [ctypes.c_void_p]
        pq.PQfinish.argtypes = [ctypes.c_void_p]
        pq.PQbackendPID.argtypes = [ctypes.c_void_p]
        self.pq = pq
        self.conn = pq.PQconnectdb(conninfo.encode())
        if pq.PQstatus(self.conn) != self.CONNECTION_OK:
            sys.exit("propagation: cannot connect: %s"
                     % pq.PQerrorMessage(self.conn).decode(errors="replace"))

    def backend_pid(self):
        return self.pq.PQbackendPID(self.conn)

    def exec(self, sql):
        """Runs sql; returns its rows (lists of str or None)."""
        res = self.pq.PQexec(self.conn, sql.encode())
        try:
            st = self.pq.PQresultStatus(res)
            if st not in (self.PGRES_COMMAND_OK, self.PGRES_TUPLES_OK):
                sys.exit("propagation: %s: %s" % (
                    sql.split("\n")[0][:60],
                    self.pq.PQresultErrorMessage(res).decode(errors="replace")))
            rows = []
            for r in range(self.pq.PQntuples(res)):
                rows.append([None if self.pq.PQgetisnull(res, r, c) else
                             self.pq.PQgetvalue(res, r, c).decode()
                             for c in range(self.pq.PQnfields(res))])
            return rows
        finally:
            self.pq.PQclear(res)

    def value(self, sql):
        rows = self.exec(sql)
        return rows[0][0] if rows else None

    def close(self):
        self.pq.PQfinish(self.conn)


def refresh_calls(mon):
    return int(mon.value("SELECT COALESCE(sum(calls), 0) FROM pg_stat_statements "
                         "WHERE query LIKE '%s' AND dbid = (SELECT oid FROM "
                         "pg_database WHERE datname = current_database())"
                         % AGENTS_QUERY))


def refresh_server_ms(mon):
    return float(mon.value(
        "SELECT COALESCE(sum(total_plan_time + total_exec_time), 0) FROM "
        "pg_stat_statements WHERE query LIKE '%s' AND dbid = (SELECT oid FROM "
        "pg_database WHERE datname = current_database())" % MODEL_QUERIES))


def opsdeck_backends(mon):
    return [int(r[0]) for r in mon.exec(
        "SELECT pid FROM pg_stat_activity WHERE application_name = 'opsdeck' "
        "AND datname = current_database()")]


# ---- processes and CPU ------------------------------------------------------------

def schedstat_ns(pid):
    """CPU time of one task (ns), 0 when it is gone."""
    try:
        with open("/proc/%d/schedstat" % pid) as f:
            return int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 0


def process_cpu_ns(pid):
    """CPU time of all the threads of a process (ns)."""
    total = 0
    try:
        tasks = os.listdir("/proc/%d/task" % pid)
    except OSError:
        return 0
    for tid in tasks:
        try:
            with open("/proc/%d/task/%s/schedstat" % (pid, tid)) as f:
                total += int(f.read().split()[0])
        except (OSError, ValueError, IndexError):
            pass
    return total




class Terminal:
    """One program on a pty; its output kept (keep=True) or only counted."""

    def __init__(self, pid, fd, keep):
        self.pid = pid
        self.fd = fd
        self.keep = keep
        self.buf = bytearray()
        self.ends = []      # (end offset, arrival time) of each chunk, if keep
        self.count = 0
        self.eof = False
        self.head = bytearray()  # the first 64 KiB, to look for the first draw


class Reader(threading.Thread):
    """Drains every terminal as fast as it writes; stamps each chunk."""

    def __init__(self, terms):
        super().__init__(daemon=True)
        self.terms = {t.fd: t for t in terms}
        self.cond = threading.Condition()
        self.stop = False

    def run(self):
        while not self.stop:
            fds = [fd for fd, t in self.terms.items() if not t.eof]
            if not fds:
                return
            r, _, _ = select.select(fds, [], [], 0.2)
            for fd in r:
                t = self.terms[fd]
                chunk = read_some(fd)
                if chunk is None:
                    continue
                now = time.monotonic()
                with self.cond:
                    if not chunk:
                        t.eof = True
                    else:
                        t.count += len(chunk)
                        if len(t.head) < 65536:
                            t.head += chunk[:65536 - len(t.head)]
                        if t.keep:
                            t.buf += chunk
                            t.ends.append((len(t.buf), now))
                    self.cond.notify_all()

    def wait_for(self, term, needle, start, timeout):
        """The arrival time of the chunk that completes needle (searched
        from offset start), or None after timeout seconds."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                i = term.buf.find(needle, start)
                if i >= 0:
                    end = i + len(needle)
                    for off, at in term.ends:
                        if off >= end:
                            return at
                left = deadline - time.monotonic()
                if left <= 0 or term.eof:
                    return None
                self.cond.wait(left)

    def wait_head(self, term, needle, timeout):
        deadline = time.monotonic() + timeout
        with self.cond:
            while needle not in term.head:
                left = deadline - time.monotonic()
                if left <= 0 or term.eof:
                    return False
                self.cond.wait(left)
            return True

    def quiet_for(self, terms, seconds, timeout):
        """Waits until none of terms wrote for seconds (or timeout)."""
        deadline = time.monotonic() + timeout
        last = None
        since = time.monotonic()
        while time.monotonic() < deadline:
            with self.cond:
                now_count = sum(t.count for t in terms)
            if now_count != last:
                last = now_count
                since = time.monotonic()
            elif time.monotonic() - since >= seconds:
                return True
            time.sleep(0.05)
        return False


def quit_all(terms, reader):
    for t in terms:
        try:
            os.write(t.fd, b"q")
        except OSError:
            pass
    deadline = time.monotonic()
    left = {t.pid for t in terms}
    how = "key"
    while left:
        for pid in list(left):
            wpid, _ = os.waitpid(pid, os.WNOHANG)
            if wpid == pid:
                left.discard(pid)
        if not left:
            break
        waited = time.monotonic() - deadline
        if waited > 10 and how != "SIGKILL":
            how = "SIGKILL"
            for pid in left:
                os.kill(pid, signal.SIGKILL)
        elif waited > 5 and how == "key":
            how = "SIGTERM"
            for pid in left:
                os.kill(pid, signal.SIGTERM)
        time.sleep(0.05)
    reader.stop = True
    for t in terms:
        try:
            os.close(t.fd)
        except OSError:
            pass
    return how


def child_env(state_dir=None):
    env = dict(os.environ)
    for k in ("LINES", "COLUMNS", "LC_ALL", "LC_CTYPE", "NO_COLOR", "TMUX"):
        env.pop(k, None)
    env["TERM"] = "xterm-256color"
    env["LANG"] = "C.UTF-8"
    if state_dir is not None:
        env["XDG_STATE_HOME"] = state_dir
    return env


def command_of(args):
    argv = args.command
    if argv and argv[0] == "--":
        argv = argv[1:]
    if not argv:
        sys.exit("propagation: no command")
    return argv


def wait_backends(mon, n, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pids = opsdeck_backends(mon)
        if len(pids) >= n:
            return pids
        time.sleep(0.1)
    sys.exit("propagation: %d opsdeck sessions after %.0f s, expected %d"
             % (len(opsdeck_backends(mon)), timeout, n))


def wait_refreshes_settle(mon, at_least, quiet_s, timeout):
    """Polls the refresh count until it is >= at_least and has not moved
    for quiet_s; returns it (or the last value after timeout)."""
    deadline = time.monotonic() + timeout
    last = refresh_calls(mon)
    since = time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.05)
        now = refresh_calls(mon)
        if now != last:
            last = now
            since = time.monotonic()
        elif now >= at_least and time.monotonic() - since >= quiet_s:
            return now
    return last


# ---- latency -----------------------------------------------------------------------

def markers(n, first, seed=1):
    """n markers of 8 letters: each differs from the one before (the first
    from first) at every position and shares no two-letter run with it;
    no letter twice in a row; all distinct."""
    rnd = random.Random(seed)
    out, seen, prev = [], set(), first
    while len(out) < n:
        m = ""
        for k in range(8):
            choices = [c for c in LETTERS
                       if (k >= len(prev) or c != prev[k]) and (not m or c != m[-1])]
            m += rnd.choice(choices)
        bigrams = {prev[i:i + 2] for i in range(len(prev) - 1)}
        if m in seen or any(m[i:i + 2] in bigrams for i in range(7)):
            continue
        out.append(m)
        seen.add(m)
        prev = m
    return out


def cmd_latency(args):
    argv = command_of(args)
    gap_lo, gap_hi = (float(x) / 1000 for x in args.gap_ms.split(":"))
    mon = PG(args.db + " application_name=bench-monitor")
    writer = PG(args.db + " application_name=bench-writer")
    writer.exec("UPDATE rpm_action_items SET action_text = 'Boot script fixed' "
                "WHERE action_code = '%s'" % MARKER_ACTION)
    mon.exec("SELECT pg_stat_statements_reset()")

    pid, fd = spawn(argv, args.cols, args.rows, child_env(args.state_dir))
    term = Terminal(pid, fd, keep=True)
    reader = Reader([term])
    reader.start()
    try:
        if not reader.wait_head(term, b"ACTIONS", 20):
            sys.exit("propagation: %s: no ACTIONS pane after 20 s; output:\n%s"
                     % (args.label, bytes(term.head[-600:]).decode(errors="replace")))
        wait_backends(mon, 1, 20)
        wait_refreshes_settle(mon, 1, 1.0, 20)
        reader.quiet_for([term], 1.0, 10)
        before = refresh_calls(mon)
        time.sleep(3.0)     # the idle window: counts, asserts nothing
        idle = refresh_calls(mon) - before
        mode = "listening" if idle <= 1 else "polling"
        text = bytes(term.head).decode(errors="replace")
        word = ("listening" if "listening" in text else
                "polling" if "polling" in text else "-")

        samples, lost = [], 0
        for i, m in enumerate(markers(args.warmup + args.changes, "Boot scr")):
            start = len(term.buf)
            writer.exec("UPDATE rpm_action_items SET action_text = '%s' "
                        "WHERE action_code = '%s'" % (m, MARKER_ACTION))
            committed = time.monotonic()
            seen = reader.wait_for(term, m.encode(), start, args.timeout)
            if i < args.warmup:
                pass
            elif seen is None:
                lost += 1
            else:
                samples.append((seen - committed) * 1000.0)
            time.sleep(random.uniform(gap_lo, gap_hi))
    finally:
        how = quit_all([term], reader)
        writer.close()
        mon.close()
    print(json.dumps({
        "kind": "latency", "label": args.label, "changes": args.changes,
        "samples_ms": samples, "lost": lost, "idle_refreshes_3s": idle,
        "mode": mode, "status_word": word, "quit": how,
    }))


# ---- cpu ------------------------------------------------------------------------------

def cmd_cpu(args):
    argv = command_of(args)
    n = args.cockpits
    mon = PG(args.db + " application_name=bench-monitor")
    writer = PG(args.db + " application_name=bench-writer")
    writer_pid = writer.backend_pid()
    codes = [r[0] for r in writer.exec(
        "SELECT action_code FROM rpm_action_items ORDER BY action_code LIMIT %d"
        % args.burst_size)]
    if len(codes) < args.burst_size:
        sys.exit("propagation: only %d actions for bursts of %d"
                 % (len(codes), args.burst_size))

    terms = []
    for k in range(n):
        state = os.path.join(args.state_dir, "c%d" % k)
        os.makedirs(state, exist_ok=True)
        pid, fd = spawn(argv, args.cols, args.rows, child_env(state))
        terms.append(Terminal(pid, fd, keep=False))
    reader = Reader(terms)
    reader.start()
    rows = []
    try:
        for t in terms:
            if not reader.wait_head(t, b"ACTIONS", 60):
                sys.exit("propagation: a cockpit drew no ACTIONS pane in 60 s")
        backends = wait_backends(mon, n, 60)
        mon.exec("SELECT pg_stat_statements_reset()")
        wait_refreshes_settle(mon, 0, 2.0, 60)
        backends = opsdeck_backends(mon)
        if len(backends) != n:
            sys.exit("propagation: %d opsdeck sessions, expected %d"
                     % (len(backends), n))

        def single(j):
            writer.exec("UPDATE rpm_action_items SET action_text = 'single %d %d' "
                        "WHERE action_code = '%s'" % (n, j, MARKER_ACTION))

        def burst_one_tx(j):
            writer.exec("BEGIN; " + " ".join(
                "UPDATE rpm_action_items SET action_text = 'burst %d %d' "
                "WHERE action_code = '%s';" % (n, j, c) for c in codes) + " COMMIT")

        def burst_many_tx(j):
            for c in codes:
                writer.exec("UPDATE rpm_action_items SET action_text = 'quick %d %d' "
                            "WHERE action_code = '%s'" % (n, j, c))

        patterns = [
            ("single", "1 UPDATE, 1 transaction", args.changes, single),
            ("burst 1 tx", "%d UPDATEs, 1 transaction" % args.burst_size,
             args.bursts, burst_one_tx),
            ("burst N tx", "%d UPDATEs, %d transactions" % (args.burst_size, args.burst_size),
             args.bursts, burst_many_tx),
        ]
        # Warm-up, not counted: past its fifth run a prepared statement may
        # get a generic plan and stop being planned at every refresh.
        base = refresh_calls(mon)
        for j in range(args.warmup):
            single(1000 + j)
            base = wait_refreshes_settle(mon, base + n, 0.25, 30)
        for name, what, count, fn in patterns:
            mon.exec("SELECT pg_stat_statements_reset()")
            base = refresh_calls(mon)
            be0 = sum(schedstat_ns(p) for p in backends)
            wr0 = schedstat_ns(writer_pid)
            cl0 = sum(process_cpu_ns(t.pid) for t in terms)
            t0 = time.monotonic()
            for j in range(count):
                fn(j)
                base = wait_refreshes_settle(mon, base + n, 0.25, 30)
            t1 = time.monotonic()
            be1 = sum(schedstat_ns(p) for p in backends)
            wr1 = schedstat_ns(writer_pid)
            cl1 = sum(process_cpu_ns(t.pid) for t in terms)
            calls = refresh_calls(mon)
            server_ms = refresh_server_ms(mon)
            rows.append({
                "kind": "cpu", "cockpits": n, "pattern": name, "what": what,
                "changes": count, "seconds": round(t1 - t0, 2),
                "refreshes": calls,
                "refreshes_per_cockpit_change": calls / (n * count),
                "safety_polls_expected": n * (t1 - t0) / 30.0,
                "backend_cpu_ms_per_change": (be1 - be0) / 1e6 / count,
                "server_ms_per_change": server_ms / count,
                "writer_cpu_ms_per_change": (wr1 - wr0) / 1e6 / count,
                "cockpit_cpu_ms_per_change": (cl1 - cl0) / 1e6 / count,
            })
    finally:
        how = quit_all(terms, reader)
        writer.close()
        mon.close()
    for r in rows:
        r["quit"] = how
        print(json.dumps(r))


# ---- table ---------------------------------------------------------------------------

def pct(values, p):
    """Nearest-rank percentile."""
    s = sorted(values)
    if not s:
        return float("nan")
    k = max(0, min(len(s) - 1, int(-(-p * len(s) // 100)) - 1))
    return s[k]


def cmd_table(args):
    lat, cpu = [], []
    with open(args.results) as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            r = json.loads(line)
            (lat if r["kind"] == "latency" else cpu).append(r)
    if lat:
        print("Latency: COMMIT returned -> the new text in the cockpit's terminal output (ms)")
        print()
        head = ["cockpit", "mode (idle refreshes in 3 s)", "changes", "seen",
                "min", "p50", "p95", "max", "mean"]
        print("| " + " | ".join(head) + " |")
        print("| " + " | ".join("---" for _ in head) + " |")
        for r in lat:
            s = r["samples_ms"]
            print("| %s | %s (%d) | %d | %d | %.1f | %.1f | %.1f | %.1f | %.1f |" % (
                r["label"], r["mode"], r["idle_refreshes_3s"], r["changes"], len(s),
                min(s) if s else float("nan"), pct(s, 50), pct(s, 95),
                max(s) if s else float("nan"),
                statistics.mean(s) if s else float("nan")))
        print()
    if cpu:
        print("Database CPU per change, listening cockpits")
        print()
        head = ["cockpits", "change", "changes", "refreshes per cockpit per change",
                "opsdeck backends CPU ms/change", "per cockpit", "refresh server ms/change",
                "writer backend CPU ms/change", "cockpits CPU ms/change",
                "safety polls expected"]
        print("| " + " | ".join(head) + " |")
        print("| " + " | ".join("---" for _ in head) + " |")
        for r in cpu:
            print("| %d | %s (%s) | %d | %.2f | %.2f | %.3f | %.2f | %.2f | %.2f | %.1f |" % (
                r["cockpits"], r["pattern"], r["what"], r["changes"],
                r["refreshes_per_cockpit_change"], r["backend_cpu_ms_per_change"],
                r["backend_cpu_ms_per_change"] / r["cockpits"],
                r["server_ms_per_change"], r["writer_cpu_ms_per_change"],
                r["cockpit_cpu_ms_per_change"], r["safety_polls_expected"]))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    la = sub.add_parser("latency")
    la.add_argument("--label", required=True)
    la.add_argument("--db", required=True)
    la.add_argument("--changes", type=int, default=100)
    la.add_argument("--warmup", type=int, default=10)
    la.add_argument("--gap-ms", default="50:150")
    la.add_argument("--timeout", type=float, default=10.0)
    la.add_argument("--cols", type=int, default=120)
    la.add_argument("--rows", type=int, default=40)
    la.add_argument("--state-dir")
    la.add_argument("command", nargs=argparse.REMAINDER)
    cp = sub.add_parser("cpu")
    cp.add_argument("--db", required=True)
    cp.add_argument("--cockpits", type=int, required=True)
    cp.add_argument("--changes", type=int, default=20)
    cp.add_argument("--warmup", type=int, default=8)
    cp.add_argument("--bursts", type=int, default=10)
    cp.add_argument("--burst-size", type=int, default=20)
    cp.add_argument("--cols", type=int, default=120)
    cp.add_argument("--rows", type=int, default=40)
    cp.add_argument("--state-dir", required=True)
    cp.add_argument("command", nargs=argparse.REMAINDER)
    t = sub.add_parser("table")
    t.add_argument("results")
    args = p.parse_args()
    {"latency": cmd_latency, "cpu": cmd_cpu, "table": cmd_table}[args.cmd](args)


if __name__ == "__main__":
    main()
