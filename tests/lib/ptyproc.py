"""A program on a pseudo-terminal of its own, for tests and benchmarks.

  pid, fd = spawn(argv, cols, rows, env, who="idle-pty")
  chunk = read_some(fd)   # bytes; b"" once the program's side is closed;
                          # None when there is nothing to read yet
  open_ = pump(fd, until, take)   # every chunk to take() until the
                          # monotonic time until; False once closed

spawn: a new session whose controlling terminal is the slave side of a
fresh pseudo-terminal of COLS x ROWS (the size is set before the exec, so
the program's first look at it is right); stdin, stdout and stderr are
that terminal.  The master side comes back non-blocking.  A program that
cannot be started says so on its stderr (the terminal), prefixed with
WHO, and exits 127.
"""

import errno
import fcntl
import os
import select
import struct
import termios
import time


def spawn(argv, cols, rows, env=None, who="pty"):
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    pid = os.fork()
    if pid == 0:
        try:
            os.close(master)
            os.setsid()
            fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
            for fd in (0, 1, 2):
                os.dup2(slave, fd)
            if slave > 2:
                os.close(slave)
            os.execvpe(argv[0], argv, env if env is not None else os.environ)
        except BaseException as e:  # noqa: BLE001 - report anything, then die
            os.write(2, ("%s: cannot run %s: %s\n" % (who, argv[0], e)).encode())
        os._exit(127)
    os.close(slave)
    os.set_blocking(master, False)
    return pid, master


def read_some(fd):
    """What the program wrote, as much as is there (up to 64 KiB).  Linux
    reports a closed slave side as EIO on the master."""
    try:
        chunk = os.read(fd, 65536)
    except OSError as e:
        if e.errno in (errno.EAGAIN, errno.EINTR):
            return None
        if e.errno == errno.EIO:
            return b""
        raise
    return chunk


def pump(fd, until, take):
    """Reads until the monotonic time `until`, handing each chunk to
    take(chunk) as it comes; False once the program's side is closed."""
    while True:
        left = until - time.monotonic()
        if left <= 0:
            return True
        r, _, _ = select.select([fd], [], [], left)
        if not r:
            continue
        chunk = read_some(fd)
        if chunk is None:
            continue
        if not chunk:
            return False
        take(chunk)
