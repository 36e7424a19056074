"""Every fault held (issue 16): what a snippet does cannot hang, poison or outlive a run.

Most cases run directly on the Pool or the Engine (seconds); the build is used where the
page or the build's behaviour is the point. Every test has a hard timeout.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import psutil
import pytest

from snippetexec.execute import Job
from snippetexec.pool import Pool

pytestmark = pytest.mark.timeout(120)


def running(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def still_running(pids, seconds: float = 3.0) -> list[int]:
    """The processes of `pids` still running after up to `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        alive = [pid for pid in pids if running(pid)]
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.05)


def recorded_pids(path: Path) -> list[int]:
    return [int(word) for word in path.read_text().split()] if path.exists() else []


@pytest.fixture
def project(tmp_path) -> Path:
    (tmp_path / "snippets").mkdir()
    return tmp_path


@pytest.fixture
def pool(project):
    pool = Pool(str(project), str(project / "snippets"), size=1)  # one worker: the jobs run in order on it
    yield pool
    pool.close()


def code(text: str, **values) -> str:
    for key, value in values.items():
        text = text.replace(key, str(value))
    return text


# --- 1. stolen stdin, forged results ---------------------------------------------------------------

STEALS_STDIN = """\
import subprocess
cat = subprocess.Popen(["cat"])  # inherits the snippet's stdin
print("cat started")
"""


@pytest.mark.timeout(60)
def test_a_subprocess_reading_stdin_cannot_steal_the_next_job(pool):
    first, second = pool.run([Job(STEALS_STDIN, "snippets/cat.py", timeout=10),
                              Job("import os\nprint('second', os.read(0, 100))\n", "snippets/second.py", timeout=10)])
    assert (first.status, first.output) == ("ok", "cat started\n"), first
    assert (second.status, second.output) == ("ok", "second b''\n"), second  # stdin is /dev/null


HOLDS_PROTOCOL = """\
import json, os
held = []
for fd in map(int, os.listdir("/proc/self/fd")):
    try:
        link = os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        continue
    if link in (JOBS, RESULTS):
        held.append(fd)
for fd in held:
    try:
        os.write(fd, json.dumps({"status": "ok", "output": "forged\\n"}).encode() + b"\\n")
    except OSError:
        pass
print("protocol fds held:", len(held))
"""


def protocol_pipes(pool: Pool) -> dict:
    """The worker's job pipe and result channel, as /proc names them (pipe:[inode])."""
    process = pool.workers[0].process
    return {"JOBS": repr(os.readlink(f"/proc/self/fd/{process.stdin.fileno()}")),
            "RESULTS": repr(os.readlink(f"/proc/self/fd/{process.stdout.fileno()}"))}


@pytest.mark.timeout(60)
def test_a_snippet_holds_no_fd_of_the_workers_protocol(pool):
    assert pool.run([Job("pass\n", "snippets/warm.py")])[0].status == "ok"  # the worker is up
    forger = code(HOLDS_PROTOCOL, **protocol_pipes(pool))
    first, second = pool.run([Job(forger, "snippets/forger.py", timeout=10),
                              Job("print('second')\n", "snippets/second.py", timeout=10)])
    assert (first.status, first.output) == ("ok", "protocol fds held: 0\n"), first
    assert (second.status, second.output) == ("ok", "second\n"), second


FORGES_THROUGH_PROC = """\
import json, os
parent = os.getppid()
for fd in os.listdir(f"/proc/{parent}/fd"):
    try:
        link = os.readlink(f"/proc/{parent}/fd/{fd}")
    except OSError:
        continue
    if link == RESULTS:
        with open(f"/proc/{parent}/fd/{fd}", "w") as channel:
            channel.write(json.dumps(FORGED) + "\\n")
print("forged")
"""


@pytest.mark.timeout(60)
@pytest.mark.parametrize("forged", [{"status": "ok", "output": "forged\n"},
                                    {"id": 0, "result": {"status": "ok", "output": "forged\n"}}],
                         ids=["old-shape", "wrong-id"])
def test_a_result_for_another_job_is_refused(pool, forged):
    """Even a snippet that reaches the channel through /proc cannot pass a line off as a result."""
    assert pool.run([Job("pass\n", "snippets/warm.py")])[0].status == "ok"
    forger = code(FORGES_THROUGH_PROC, RESULTS=protocol_pipes(pool)["RESULTS"], FORGED=repr(forged))
    first, second = pool.run([Job(forger, "snippets/forger.py", timeout=10),
                              Job("print('second')\n", "snippets/second.py", timeout=10)])
    assert first.status == "protocol-error", first
    assert "not the result of this snippet" in first.exception
    assert (second.status, second.output) == ("ok", "second\n"), second


STOPS_ITS_WORKER = """\
import os, signal, time
open(PIDS, "w").write(str(os.getpid()))
os.kill(os.getppid(), signal.SIGSTOP)  # the worker can no longer enforce the timeout
time.sleep(300)
"""


@pytest.mark.timeout(60)
def test_the_pool_enforces_its_own_deadline(project, pool):
    pool.margin = 2.0  # seconds on top of the jobs' own time (the default leaves room for a loaded machine)
    pids = project / "pids"
    started = time.monotonic()
    first, second = pool.run([Job(code(STOPS_ITS_WORKER, PIDS=repr(str(pids))), "snippets/stop.py", timeout=1),
                              Job("print('after')\n", "snippets/after.py", timeout=1)])
    elapsed = time.monotonic() - started
    assert elapsed < 1 + 1 + 1 + 2 + 5, elapsed  # sum/workers + max + margin, + worker start-up
    assert first.status == "overdue", first
    assert "time limit" in first.exception
    assert second.status == "overdue" and "not run" in second.exception, second
    assert still_running(recorded_pids(pids)) == []
    assert pool.run([Job("print('again')\n", "snippets/again.py")])[0].output == "again\n"  # a fresh worker


def test_a_worker_that_fails_to_start_raises_a_named_error(project, monkeypatch):
    (project / "numpy.py").write_text("raise SystemExit('numpy.py in the working directory shadows numpy')\n")
    monkeypatch.chdir(project)  # workers run `python -m`, which puts the working directory on sys.path
    pool = Pool(str(project), str(project / "snippets"), size=2)
    try:
        with pytest.raises(Exception) as raised:
            pool.run([Job("print(1)\n", "snippets/a.py"), Job("print(2)\n", "snippets/b.py")])
    finally:
        pool.close()
    assert type(raised.value).__name__ == "WorkerStartError"
    assert "failed to start" in str(raised.value)


# --- 2. children that outlive their snippet --------------------------------------------------------

HOLDS_RESULT_PIPE = """\
import os, time
if os.fork() == 0:  # a grandchild that inherits every fd, the result pipe included, and stays
    open(PIDS, "w").write(str(os.getpid()))
    time.sleep(300)
    os._exit(0)
print("done")
"""


@pytest.mark.timeout(60)
def test_a_grandchild_holding_the_result_pipe_is_no_false_timeout(project, pool):
    pids = project / "pids"
    started = time.monotonic()
    [result] = pool.run([Job(code(HOLDS_RESULT_PIPE, PIDS=repr(str(pids))), "snippets/fork.py", timeout=10)])
    assert (result.status, result.output) == ("ok", "done\n"), result
    assert time.monotonic() - started < 8
    assert still_running(recorded_pids(pids)) == []


LEAVES_PROCESSES = """\
import os, subprocess, sys, time
sleeper = subprocess.Popen(["sleep", "300"])
session = subprocess.Popen(["sleep", "301"], start_new_session=True)  # leaves the snippet's session
pid = os.fork()
if pid == 0:
    time.sleep(300)
    os._exit(0)
open(PIDS, "w").write(f"{sleeper.pid} {session.pid} {pid}")
print("left three processes running")
if HANG:
    time.sleep(300)
"""


@pytest.mark.timeout(60)
@pytest.mark.parametrize("hang", [False, True], ids=["ends", "times-out"])
def test_no_process_started_by_a_snippet_remains(project, pool, hang):
    pids = project / "pids"
    [result] = pool.run([Job(code(LEAVES_PROCESSES, PIDS=repr(str(pids)), HANG=hang), "snippets/leave.py",
                             timeout=3)])
    assert result.status == ("timeout" if hang else "ok"), result
    assert len(recorded_pids(pids)) == 3
    assert still_running(recorded_pids(pids)) == []  # the pool is still open: the worker cleaned up
