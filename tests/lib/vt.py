"""A small xterm, for tests that must know what a screen shows.

tmux answers nothing when asked for left and right margins and has none,
so the cockpit's e2e tests in tmux only ever see rows rewritten or moved
as whole lines.  This emulator knows the part of xterm that ncurses uses
with TERM=xterm-256color, plus xterm's left and right margins (DECLRMM,
DECSLRM) inside which insert and delete line work, and it answers DECRQM
for that mode as xterm does, when told to; and, when told to, xterm's
rectangle copy (DECCRA).  It answers DA1 as xterm at level VT420 does
(with 28, rectangular editing) when it copies rectangles, as a VT220
without them when it has margins only, and as tmux does otherwise.  Anything it does not know is
an error (VtError), never silently skipped: a test built on it fails
rather than passes on a screen it did not understand.

  vt = Vt(cols, rows, margins=True, rects=True)
  vt.feed(data)        # bytes from the program; returns bytes to answer
  vt.text()            # the screen as lines of text
  vt.cells()           # every cell: (character, attributes)
  vt.looks()           # the same, blanks reduced to what shows on them

  run = PtyRun(argv, cols, rows, margins=True, env=..., rects=True)
  run.pump(seconds)    # reads and interprets for that long (run.log: all
                       # that was read, chunk by chunk)
  run.settle(cond, deadline)   # until cond(vt) and 0.3 s without output
  run.quit()           # types q, waits for the exit
"""

import os
import signal
import time
import unicodedata

from ptyproc import pump, spawn


class VtError(Exception):
    pass


def char_width(ch):
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


class Vt:
    def __init__(self, cols, rows, margins=False, rects=False):
        self.cols, self.rows = cols, rows
        self.answer_margins = margins
        self.rects = rects
        self.attr = {}
        self.main = self._blank_screen()
        self.alt = self._blank_screen()
        self.screen = self.main
        self.y = self.x = 0
        self.pending_wrap = False
        self.top, self.bottom = 0, rows - 1
        self.left, self.right = 0, cols - 1
        self.lrmm = False
        self.saved = None
        self.buf = b""
        self.utf8 = b""

    # ---- cells ----------------------------------------------------------

    def _blank(self):
        # Erased cells keep the background in force (xterm's bce).
        bg = self.attr.get("bg")
        return (" ", (("bg", bg),) if bg is not None else ())

    def _blank_screen(self):
        return [[(" ", ()) for _ in range(self.cols)] for _ in range(self.rows)]

    def _cur_attr(self):
        return tuple(sorted((k, v) for k, v in self.attr.items() if v not in (None, False)))

    def text(self):
        return ["".join(c[0] for c in row if c[0] != "").rstrip() for row in self.screen]

    def cells(self):
        return [list(row) for row in self.screen]

    def looks(self):
        """The cells as a person sees them: on a blank, only what shows
        on a blank (background, reverse, underline) is kept."""
        shown = ("bg", "reverse", "underline")
        return [[(ch, tuple(a for a in attr if a[0] in shown)) if ch == " " else (ch, attr)
                 for ch, attr in row] for row in self.screen]

    # ---- input ------------------------------------------------------------

    def feed(self, data):
        """Interprets bytes; returns what the terminal would answer."""
        self.buf += data
        out = b""
        i = 0
        b = self.buf
        n = len(b)
        while i < n:
            c = b[i]
            if c == 0x1b:
                j, reply = self._escape(b, i)
                if j is None:  # incomplete: wait for more
                    break
                out += reply
                i = j
                continue
            if c < 0x20 or c == 0x7f:
                self._control(c)
                i += 1
                continue
            # UTF-8 text
            if c < 0x80:
                self._print(chr(c))
                i += 1
                continue
            length = 2 if c >> 5 == 0x6 else 3 if c >> 4 == 0xE else 4 if c >> 3 == 0x1E else 0
            if length == 0:
                raise VtError("bad UTF-8 byte %#x" % c)
            if i + length > n:
                break
            self._print(b[i:i + length].decode("utf-8"))
            i += length
        self.buf = b[i:]
        return out

    def _control(self, c):
        if c == 0x0d:
            self.x = self.left if self.lrmm and self.x >= self.left else 0
            self.pending_wrap = False
        elif c == 0x0a:
            self._index()
        elif c == 0x08:
            if self.x > 0:
                self.x -= 1
            self.pending_wrap = False
        elif c in (0x07, 0x0f, 0x0e, 0x00):
            pass  # bell; shift in/out (charsets are not used for text here)
        else:
            raise VtError("control %#x" % c)

    def _print(self, ch):
        w = char_width(ch)
        if w == 0:
            return
        if self.pending_wrap:
            self.pending_wrap = False
            self.x = 0
            self._index()
        if self.x + w > self.cols:
            raise VtError("a wide character past the edge")
        self.screen[self.y][self.x] = (ch, self._cur_attr())
        if w == 2:
            self.screen[self.y][self.x + 1] = ("", self._cur_attr())
        if self.x + w >= self.cols:
            self.x = self.cols - 1
            self.pending_wrap = True
        else:
            self.x += w

    def _index(self):
        if self.y == self.bottom:
            self._scroll_up(self.top, self.bottom, 1)
        elif self.y < self.rows - 1:
            self.y += 1

    # ---- scrolling within the margins ---------------------------------------

    def _cols(self):
        if self.lrmm:
            return self.left, self.right
        return 0, self.cols - 1

    def _scroll_up(self, top, bottom, n):
        lo, hi = self._cols()
        for _ in range(n):
            for y in range(top, bottom):
                self.screen[y][lo:hi + 1] = self.screen[y + 1][lo:hi + 1]
            self.screen[bottom][lo:hi + 1] = [self._blank() for _ in range(hi - lo + 1)]

    def _scroll_down(self, top, bottom, n):
        lo, hi = self._cols()
        for _ in range(n):
            for y in range(bottom, top, -1):
                self.screen[y][lo:hi + 1] = self.screen[y - 1][lo:hi + 1]
            self.screen[top][lo:hi + 1] = [self._blank() for _ in range(hi - lo + 1)]

    def _inside_margins(self):
        lo, hi = self._cols()
        return self.top <= self.y <= self.bottom and lo <= self.x <= hi

    # ---- escape sequences ---------------------------------------------------

    def _escape(self, b, i):
        n = len(b)
        if i + 1 >= n:
            return None, b""
        c = chr(b[i + 1])
        if c == "[":
            j = i + 2
            while j < n and not (0x40 <= b[j] <= 0x7e):
                j += 1
            if j >= n:
                return None, b""
            body = b[i + 2:j].decode("ascii")
            return j + 1, self._csi(body, chr(b[j]))
        if c in "()":
            if i + 2 >= n:
                return None, b""
            if chr(b[i + 2]) != "B":
                raise VtError("charset %r" % chr(b[i + 2]))
            return i + 3, b""
        if c == "=" or c == ">":
            return i + 2, b""
        if c == "7":
            self.saved = (self.y, self.x, dict(self.attr))
            return i + 2, b""
        if c == "8":
            if self.saved:
                self.y, self.x, a = self.saved
                self.attr = dict(a)
            self.pending_wrap = False
            return i + 2, b""
        if c == "M":
            if self.y == self.top:
                self._scroll_down(self.top, self.bottom, 1)
            elif self.y > 0:
                self.y -= 1
            return i + 2, b""
        raise VtError("ESC %r" % c)

    def _csi(self, body, final):
        priv = ""
        if body and body[0] in "?>=":
            priv, body = body[0], body[1:]
        inter = ""
        while body and body[-1] in " $\"'!":
            inter = body[-1] + inter
            body = body[:-1]
        params = [int(p) if p.isdigit() else None for p in body.split(";")] if body else []

        def p(k, default):
            return params[k] if k < len(params) and params[k] not in (None, 0) else default

        if priv == "?" and inter == "$" and final == "p":
            mode = p(0, 0)
            state = (1 if self.lrmm else 2) if mode == 69 and self.answer_margins else None
            if state is None:
                return b""  # a terminal that does not know the question
            return ("\x1b[?%d;%d$y" % (mode, state)).encode()
        if not priv and inter == "$" and final == "v" and self.rects:
            self._copy_rect(params)
            return b""
        if inter:
            raise VtError("CSI %s%s%s%s" % (priv, body, inter, final))
        if not priv and final == "c" and p(0, 0) == 0:
            if self.rects:
                return b"\x1b[?64;1;2;6;9;15;16;17;18;21;22;28c"
            return b"\x1b[?62;22c" if self.answer_margins else b"\x1b[?1;2c"
        self.pending_wrap = False if final not in "m" else self.pending_wrap
        if priv == "?":
            if final in "hl":
                for mode in params:
                    self._private_mode(mode, final == "h")
                return b""
            raise VtError("CSI ?%s%s" % (body, final))
        if priv:
            raise VtError("CSI %s%s%s" % (priv, body, final))
        if final == "m":
            self._sgr(params or [0])
        elif final == "H" or final == "f":
            self.y = min(p(0, 1), self.rows) - 1
            self.x = min(p(1, 1), self.cols) - 1
        elif final == "d":
            self.y = min(p(0, 1), self.rows) - 1
        elif final == "G" or final == "`":
            self.x = min(p(0, 1), self.cols) - 1
        elif final == "A":
            self.y = max(self.y - p(0, 1), 0)
        elif final == "B":
            self.y = min(self.y + p(0, 1), self.rows - 1)
        elif final == "C":
            self.x = min(self.x + p(0, 1), self.cols - 1)
        elif final == "D":
            self.x = max(self.x - p(0, 1), 0)
        elif final == "J":
            mode = params[0] if params and params[0] is not None else 0
            rows = {0: range(self.y + 1, self.rows), 1: range(0, self.y), 2: range(self.rows)}[mode]
            for y in rows:
                self.screen[y] = [self._blank() for _ in range(self.cols)]
            if mode == 0:
                self._erase(self.y, self.x, self.cols)
            elif mode == 1:
                self._erase(self.y, 0, self.x + 1)
        elif final == "K":
            mode = params[0] if params and params[0] is not None else 0
            if mode == 0:
                self._erase(self.y, self.x, self.cols)
            elif mode == 1:
                self._erase(self.y, 0, self.x + 1)
            else:
                self._erase(self.y, 0, self.cols)
        elif final == "X":
            self._erase(self.y, self.x, min(self.x + p(0, 1), self.cols))
        elif final == "b":
            last = self._last_char()
            for _ in range(p(0, 1)):
                self._print(last)
        elif final == "@":
            lo, hi = self._cols()
            row = self.screen[self.y]
            k = p(0, 1)
            row[self.x:hi + 1] = ([self._blank() for _ in range(k)] + row[self.x:hi + 1])[:hi + 1 - self.x]
        elif final == "P":
            lo, hi = self._cols()
            row = self.screen[self.y]
            k = p(0, 1)
            seg = row[self.x:hi + 1][k:] + [self._blank() for _ in range(k)]
            row[self.x:hi + 1] = seg[:hi + 1 - self.x]
        elif final == "L":
            if self._inside_margins():
                self._scroll_down(self.y, self.bottom, p(0, 1))
                self.x = self._cols()[0]
        elif final == "M":
            if self._inside_margins():
                self._scroll_up(self.y, self.bottom, p(0, 1))
                self.x = self._cols()[0]
        elif final == "S":
            self._scroll_up(self.top, self.bottom, p(0, 1))
        elif final == "T":
            self._scroll_down(self.top, self.bottom, p(0, 1))
        elif final == "r":
            top, bottom = p(0, 1), p(1, self.rows)
            if top < bottom:
                self.top, self.bottom = top - 1, bottom - 1
            self.y = self.x = 0
        elif final == "s":
            if not self.lrmm:
                self.saved = (self.y, self.x, dict(self.attr))  # SCOSC
                return b""
            left, right = p(0, 1), p(1, self.cols)
            if left < right:
                self.left, self.right = left - 1, right - 1
            self.y = self.x = 0
        elif final == "t":
            pass  # window operations (title stack)
        elif final == "l" or final == "h":
            if params not in ([4], [20], []):
                raise VtError("CSI %s%s" % (body, final))
        else:
            raise VtError("CSI %s%s" % (body, final))
        return b""

    def _copy_rect(self, params):
        """DECCRA: source top, left, bottom, right, page, destination top,
        left, page (1-based, clipped to the screen); the cursor stays."""
        def at(k, default):
            v = params[k] if k < len(params) else None
            return v if v not in (None, 0) else default
        top, left = at(0, 1) - 1, at(1, 1) - 1
        bottom, right = min(at(2, self.rows), self.rows) - 1, min(at(3, self.cols), self.cols) - 1
        dtop, dleft = at(5, 1) - 1, at(6, 1) - 1
        if top > bottom or left > right:
            return
        block = [list(self.screen[y][left:right + 1]) for y in range(top, bottom + 1)]
        for i, row in enumerate(block):
            y = dtop + i
            if y >= self.rows:
                break
            for j, cell in enumerate(row):
                if dleft + j < self.cols:
                    self.screen[y][dleft + j] = cell

    def _last_char(self):
        x = self.x - 1 if self.x > 0 else 0
        return self.screen[self.y][x][0] or " "

    def _erase(self, y, x0, x1):
        for x in range(x0, x1):
            self.screen[y][x] = self._blank()

    def _private_mode(self, mode, on):
        if mode == 1049:
            if on:
                self.screen = self.alt
                for y in range(self.rows):
                    self.alt[y] = [self._blank() for _ in range(self.cols)]
            else:
                self.screen = self.main
        elif mode == 69:
            self.lrmm = on
            if not on:
                self.left, self.right = 0, self.cols - 1
        elif mode in (1, 7, 12, 25, 1000, 1002, 1006, 2004, 1004):
            pass
        else:
            raise VtError("private mode %d" % mode)

    def _sgr(self, params):
        i = 0
        while i < len(params):
            v = params[i] or 0
            if v == 0:
                self.attr = {}
            elif v in (1, 2, 3, 4, 5, 7, 8):
                self.attr[{1: "bold", 2: "dim", 3: "italic", 4: "underline", 5: "blink",
                           7: "reverse", 8: "invisible"}[v]] = True
            elif v == 22:
                self.attr.pop("bold", None)
                self.attr.pop("dim", None)
            elif v in (23, 24, 25, 27, 28):
                self.attr.pop({23: "italic", 24: "underline", 25: "blink", 27: "reverse",
                               28: "invisible"}[v], None)
            elif 30 <= v <= 37 or 90 <= v <= 97:
                self.attr["fg"] = v - 30 if v < 90 else v - 90 + 8
            elif 40 <= v <= 47 or 100 <= v <= 107:
                self.attr["bg"] = v - 40 if v < 100 else v - 100 + 8
            elif v == 39:
                self.attr.pop("fg", None)
            elif v == 49:
                self.attr.pop("bg", None)
            elif v in (38, 48):
                if i + 2 < len(params) and params[i + 1] == 5:
                    self.attr["fg" if v == 38 else "bg"] = params[i + 2]
                    i += 2
                else:
                    raise VtError("SGR %r" % params)
            else:
                raise VtError("SGR %d" % v)
            i += 1


class PtyRun:
    """A program on a pseudo-terminal whose output goes through a Vt."""

    def __init__(self, argv, cols, rows, margins=False, env=None, rects=False):
        self.vt = Vt(cols, rows, margins, rects)
        self.log = []  # every chunk read, in order
        self.bytes = 0
        self.last_read = time.monotonic()
        self.pid, self.fd = spawn(argv, cols, rows, env, "vt")
        self.eof = False

    def pump(self, seconds):
        end = time.monotonic() + seconds
        if not self.eof:
            self.eof = not pump(self.fd, end, self._take)

    def _take(self, chunk):
        self.bytes += len(chunk)
        self.log.append(chunk)
        self.last_read = time.monotonic()
        reply = self.vt.feed(chunk)
        if reply:
            os.write(self.fd, reply)

    def settle(self, cond, deadline=20.0, quiet=0.3):
        """Until cond(vt) holds and nothing was written for `quiet` s."""
        end = time.monotonic() + deadline
        while time.monotonic() < end and not self.eof:
            self.pump(0.05)
            if cond(self.vt) and time.monotonic() - self.last_read >= quiet:
                return True
        return False

    def type(self, data):
        os.write(self.fd, data)

    def quit(self, key=b"q"):
        try:
            os.write(self.fd, key)
        except OSError:
            pass
        end = time.monotonic() + 10
        while time.monotonic() < end:
            wpid, status = os.waitpid(self.pid, os.WNOHANG)
            if wpid == self.pid:
                os.close(self.fd)
                return status
            self.pump(0.05)
        os.kill(self.pid, signal.SIGKILL)
        _, status = os.waitpid(self.pid, 0)
        os.close(self.fd)
        return status
