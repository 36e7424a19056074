"""Keep a snippet's process, and everything it starts, apart from the engine; clean up after it.

Child side, right after the fork (`enter`): the snippet's process gets its own session and
process group, /dev/null as stdin, no file descriptor of the worker except its own output and
result ones, a memory limit, and a fresh temporary working directory that is also its TMPDIR.

Worker side: `kill_group` ends a snippet's whole process group (its subprocesses and forked
grandchildren); the worker is a child subreaper, so a process that left the group (setsid,
daemonizing) is re-parented to the worker when its parent ends, and `sweep_orphans` kills it.
"""

from __future__ import annotations

import ctypes
import os
import re
import resource
import select
import shutil
import signal
import stat
import tempfile
from pathlib import Path

SANDBOX_PREFIX = "snippet-"
PR_SET_CHILD_SUBREAPER = 36


# --- in the snippet's process (child side) ---------------------------------------------------------

def enter(keep: tuple[int, ...], cwd: str, memory_limit: int | None) -> None:
    """Detach the forked child from the worker. `keep`: the child's own fds (output, result)."""
    os.setsid()  # own session and process group: the worker kills the whole group when the snippet ends
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.SIG_DFL)  # the worker's handlers are not the snippet's
    signal.signal(signal.SIGINT, signal.default_int_handler)
    null = os.open(os.devnull, os.O_RDONLY)
    if null != 0:
        os.dup2(null, 0)  # a subprocess reading stdin reads nothing, never the worker's next job
        os.close(null)
    close_fds_except(keep)  # in particular the worker's job pipe and result channel
    if memory_limit:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        soft = memory_limit if hard == resource.RLIM_INFINITY else min(memory_limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (soft, soft))
    os.environ["TMPDIR"] = cwd
    tempfile.tempdir = cwd
    os.chdir(cwd)


def close_fds_except(keep) -> None:
    low = 3
    for fd in sorted({fd for fd in keep if fd >= 3}):
        os.closerange(low, fd)
        low = fd + 1
    os.closerange(low, max(os.sysconf("SC_OPEN_MAX"), 65536))


# --- in the worker ---------------------------------------------------------------------------------

def become_subreaper() -> None:
    """Processes orphaned below this one are re-parented to it (Linux), so it can end them."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def make_sandbox() -> str:
    return os.path.realpath(tempfile.mkdtemp(prefix=SANDBOX_PREFIX))


def remove_sandbox(path: str) -> None:
    def writable_then_retry(function, name, _exc_info):
        try:
            os.chmod(os.path.dirname(name), stat.S_IRWXU)
            if os.path.isdir(name) and not os.path.islink(name):
                os.chmod(name, stat.S_IRWXU)
                shutil.rmtree(name, ignore_errors=True)
            else:
                function(name)
        except OSError:
            pass

    shutil.rmtree(path, onerror=writable_then_retry)


def exit_notifier(pid: int) -> int | None:
    """A file descriptor that becomes readable when process `pid` exits (a pidfd), or None."""
    try:
        return os.pidfd_open(pid)
    except (AttributeError, OSError):
        return None


def has_exited(pid: int) -> bool:
    """Whether child `pid` has exited, without reaping it (its pid stays reserved for kill_group)."""
    return os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None


def drain(fd: int) -> list[bytes]:
    """What is in pipe `fd` now, without waiting for its end (a grandchild may hold it open)."""
    os.set_blocking(fd, False)
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 1 << 16)
        except BlockingIOError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.set_blocking(fd, True)
    return chunks


def wait_readable(fds: list[int], timeout: float) -> list[int]:
    ready, _, _ = select.select(fds, [], [], max(timeout, 0))
    return ready


def kill_group(pgid: int | None) -> None:
    if not pgid:
        return
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def children(pid: int) -> list[int]:
    """The pids whose parent is `pid` (empty where there is no /proc): from the kernel's list of each of its
    threads' children when it keeps one (CONFIG_PROC_CHILDREN: one small file per thread), else by reading
    the parent of every process (a few hundred files on a busy machine, after every snippet)."""
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
        return [int(child) for task in tasks
                for child in Path(f"/proc/{pid}/task/{task}/children").read_text().split()]
    except (OSError, ValueError):
        return _children_by_scan(pid)


def _children_by_scan(pid: int) -> list[int]:
    found = []
    try:
        entries = list(os.scandir("/proc"))
    except OSError:
        return found
    for entry in entries:
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                text = handle.read()
        except OSError:
            continue
        fields = text[text.rindex(b")") + 2:].split()
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def sweep_orphans() -> None:
    """Kill and reap every child of this worker: between snippets, any is one a snippet left behind."""
    me = os.getpid()
    for _ in range(100):
        orphans = children(me)
        if not orphans:
            return
        for pid in orphans:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        for pid in orphans:
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass


# --- text ------------------------------------------------------------------------------------------

# CSI sequences (colours, cursor moves), OSC sequences (titles, hyperlinks), two-byte escapes, a lone ESC
ANSI_ESCAPE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_]|)")


def strip_ansi(text: str) -> str:
    return ANSI_ESCAPE.sub("", text)


def size_text(size: int) -> str:
    """1 MB, 4 GiB: as the options are usually written."""
    for unit, factor in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10), ("GB", 10 ** 9), ("MB", 10 ** 6),
                         ("kB", 10 ** 3)):
        if size >= factor and size % factor == 0:
            return f"{size // factor} {unit}"
    for unit, factor in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= factor:
            return f"{size / factor:.1f} {unit}"
    return f"{size} bytes"


SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(|b|bytes|kb|mb|gb|kib|mib|gib)\s*$", re.IGNORECASE)
UNITS = {"": 1, "b": 1, "bytes": 1, "kb": 10 ** 3, "mb": 10 ** 6, "gb": 10 ** 9, "kib": 1 << 10, "mib": 1 << 20,
         "gib": 1 << 30}


def parse_size(value) -> int:
    """Bytes from an option: 1000000, "1 MB", "4 GiB" (0 or None: no limit, 0)."""
    if value is None or value is False:
        return 0
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return int(value)
    match = SIZE.match(str(value))
    if not match:
        raise ValueError(f"{value!r} is not a size (write it as bytes, or e.g. '1 MB', '512 MiB', '4 GiB')")
    return int(float(match.group(1)) * UNITS[match.group(2).lower()])
