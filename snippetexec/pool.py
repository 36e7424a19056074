"""Spread jobs over worker processes, one per usable CPU, each importing torch (`preload`) once.

The pool trusts nothing a snippet could have touched:

* every job carries an id that the worker echoes (see worker.py); an answer for another id,
  or a line that is not the protocol's, fails that job and the worker is replaced;
* a run has its own deadline, whatever the snippets do to their worker (stop it, kill it):
  the jobs' timeouts summed and shared among the workers, plus the longest, plus `margin`;
* a worker that dies fails only the job it was running (naming why), and is replaced;
* a worker that cannot start raises WorkerStartError, never a missing result.
"""

from __future__ import annotations

import atexit
import itertools
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from dataclasses import asdict

from snippetexec import isolation
from snippetexec.execute import CANCELLED, OVERDUE, PROTOCOL_ERROR, WORKER_DIED, Job, Result
from snippetexec.worker import DEFAULT_PRELOAD, preloads_for

START_TIMEOUT = 300.0  # seconds for a worker to import torch and the rest, on a loaded machine
MARGIN = 30.0  # seconds a run may take on top of its jobs' timeouts (forks, pictures, worker start-ups)

_ids = itertools.count(1)


class PoolError(RuntimeError):
    """The pool could not run the jobs at all."""


class WorkerStartError(PoolError):
    """A snippet worker process did not start."""


class _Overdue(Exception):
    pass


def _how_it_ended(code: int) -> str:
    if code < 0:
        name = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else "?"
        return f"was killed by signal {-code} ({name})"
    return f"exited with status {code}"


class Worker:
    def __init__(self, root: str, snippets_dir: str, preloads: list[str]):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "snippetexec.worker", root, snippets_dir, *preloads],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        self.ready = False
        self.group: int | None = None  # process group of the snippet it is running
        self.busy = False
        self._buffer = bytearray()

    def _line(self, deadline: float) -> bytes | None:
        """The worker's next line; None when its end of the channel closed (it died)."""
        fd = self.process.stdout.fileno()
        while b"\n" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise _Overdue
            if not isolation.wait_readable([fd], remaining):
                continue
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                return None
            self._buffer += chunk
        end = self._buffer.index(b"\n")
        line = bytes(self._buffer[:end])
        del self._buffer[:end + 1]
        return line

    def wait_ready(self, timeout: float = START_TIMEOUT) -> None:
        if self.ready:
            return
        try:
            line = self._line(time.monotonic() + timeout)
        except _Overdue:
            self.kill()
            raise WorkerStartError(f"a snippet worker failed to start: not ready after {timeout:g} s") from None
        if line is None:
            code = self._exit_code()
            raise WorkerStartError(f"a snippet worker failed to start: it {_how_it_ended(code)} before it was "
                                   f"ready (its messages are above)")
        if _message(line) != {"ready": True}:
            self.kill()
            raise WorkerStartError(f"a snippet worker failed to start: it said {line[:200]!r}")
        self.ready = True

    def run(self, job: Job, deadline: float, overdue: str) -> Result:
        """Run `job`; `overdue`: the message for a job still running at the run's `deadline`."""
        job_id = next(_ids)
        self.busy = True
        try:
            try:
                self.process.stdin.write(json.dumps({"id": job_id, "job": asdict(job)}).encode() + b"\n")
                self.process.stdin.flush()
            except (OSError, ValueError):  # the job pipe is closed: the worker died, or was closed
                return self._died()
            while True:
                line = self._line(deadline)
                if line is None:
                    return self._died()
                message = _message(line)
                if message.get("id") != job_id or not ({"pid"} <= message.keys() or {"result"} <= message.keys()):
                    self.kill()
                    return Result(PROTOCOL_ERROR, "", exception=(
                        f"the worker's answer is not the result of this snippet (job {job_id}; it read "
                        f"{line[:120].decode('utf-8', 'replace')!r}): something wrote to the engine's result "
                        f"channel. The answer was thrown away and the worker replaced."))
                if "pid" in message:
                    self.group = message["pid"]
                    continue
                self.group = None
                try:
                    return Result.from_dict(message["result"])
                except TypeError as error:
                    self.kill()
                    return Result(PROTOCOL_ERROR, "", exception=f"the worker's result for this snippet is not a "
                                                                f"result ({error}): the worker was replaced")
        except _Overdue:
            self.kill()
            return Result(OVERDUE, "", exception=overdue)
        finally:
            self.busy = False

    def _exit_code(self) -> int:
        try:
            return self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.kill()
            return self.process.wait()

    def _died(self) -> Result:
        code = self._exit_code()
        self.kill()  # the snippet's own process group, if it outlived the worker
        how = (_how_it_ended(code) if code != -signal.SIGKILL else
               "was killed by signal 9 (SIGKILL: by the snippet itself, or by the system's out-of-memory killer)")
        return Result(WORKER_DIED, "", exception=f"the worker process running this snippet {how} before the "
                                                 f"snippet finished")

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        """End the worker now, and the process group of the snippet it was running."""
        isolation.kill_group(self.group)
        self.group = None
        if self.alive():
            self.process.kill()
        self.process.wait()

    def close(self) -> None:
        if self.busy or self.group:
            self.kill()  # a job is running: stop it, with everything it started
        elif self.alive():
            try:
                self.process.stdin.close()  # an idle worker exits at the end of its stdin
                self.process.wait(timeout=2)
            except (OSError, subprocess.TimeoutExpired):
                self.kill()


def _message(line: bytes) -> dict:
    try:
        message = json.loads(line)
    except ValueError:
        return {}
    return message if isinstance(message, dict) else {}


class Pool:
    """Worker processes for one project (root, snippets folder), started on first use.

    size: how many workers (default: the CPUs this process may run on, which is fewer than os.cpu_count()
    under taskset or a container's cpuset); preload: modules each worker imports before it forks snippets.
    """

    def __init__(self, root: str, snippets_dir: str, size: int | None = None, margin: float = MARGIN,
                 preload=DEFAULT_PRELOAD):
        self.root, self.snippets_dir = root, snippets_dir
        self.size = size or len(os.sched_getaffinity(0)) or 1
        self.preload = list(preload)
        self.margin = margin
        self.workers: list[Worker] = []
        self.closing = False

    def run(self, jobs: list[Job], on_result=None) -> list[Result]:
        """The result of each job, in order; `on_result(index, result)` is told each one as it arrives (from
        the pool's threads), so a caller can use the first results while the others run."""
        if not jobs:
            return []
        self.closing = False
        self.workers = [w for w in self.workers if w.alive()]
        preloads = self.preload + preloads_for(job.code for job in jobs)
        count = min(self.size, len(jobs))
        while len(self.workers) < count:
            self.workers.append(Worker(self.root, self.snippets_dir, preloads))
        for worker in self.workers[:count]:
            self._ready(worker)
        timeouts = [job.timeout for job in jobs]
        budget = sum(timeouts) / count + max(timeouts) + self.margin
        deadline = time.monotonic() + budget
        limit = (f"the run's time limit ran out: {budget:.0f} s for {len(jobs)} snippets on {count} worker(s) "
                 f"(their timeouts shared among the workers, plus the longest, plus {self.margin:g} s)")
        todo: queue.Queue = queue.Queue()
        for index, job in enumerate(jobs):
            todo.put((index, job))
        results: list[Result | None] = [None] * len(jobs)
        errors: list[BaseException] = []

        def serve(slot: int) -> None:
            while True:
                try:
                    index, job = todo.get_nowait()
                except queue.Empty:
                    return
                try:
                    results[index] = self._run_one(slot, job, preloads, deadline, limit)
                    if on_result is not None:
                        on_result(index, results[index])
                except BaseException as error:  # noqa: BLE001 - reported by run() in the caller's thread
                    errors.append(error)
                    results[index] = Result(CANCELLED, "", exception=f"not run: {error}")

        threads = [threading.Thread(target=serve, args=(slot,), name=f"snippet-worker-{slot}")
                   for slot in range(count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if errors:
            raise errors[0]
        return results  # type: ignore[return-value]

    def _ready(self, worker: Worker) -> None:
        try:
            worker.wait_ready()
        except WorkerStartError:
            self.workers.remove(worker)
            raise

    def _run_one(self, slot: int, job: Job, preloads: list[str], deadline: float, limit: str) -> Result:
        """Run `job` on the worker of `slot` (this slot's thread is the only one using it)."""
        if self.closing:
            return Result(CANCELLED, "", exception="not run: the engine is shutting down")
        if time.monotonic() >= deadline:
            return Result(OVERDUE, "", exception=f"not run: {limit} before its turn")
        if not self.workers[slot].alive():  # it died, or was stopped, on an earlier job: a fresh one
            self.workers[slot] = Worker(self.root, self.snippets_dir, preloads)
            self.workers[slot].wait_ready()
        result = self.workers[slot].run(job, deadline, f"{limit}; it was still running (stopped)")
        if self.closing:
            return Result(CANCELLED, "", exception="stopped: the engine is shutting down")
        return result

    def close(self) -> None:
        """Stop every worker, and any snippet still running (another thread's run then returns)."""
        self.closing = True
        for worker in list(self.workers):
            worker.close()
        self.workers = []


_pools: dict[tuple, Pool] = {}


def shared_pool(root: str, snippets_dir: str, size: int | None = None, preload=DEFAULT_PRELOAD) -> Pool:
    """One pool per project (and settings) per process: `mkdocs serve` rebuilds reuse warm workers."""
    key = (root, snippets_dir, size, tuple(preload))
    if key not in _pools:
        _pools[key] = Pool(root, snippets_dir, size=size, preload=preload)
    return _pools[key]


def close_pools() -> None:
    """Stop every pool's workers, and the snippets they run (at exit, and when `mkdocs serve` shuts down)."""
    for pool in list(_pools.values()):
        pool.close()


atexit.register(close_pools)
# At exit Python first joins its non-daemon threads (a run in the background, the pool's own threads),
# and only then calls atexit functions: stop the workers before that join, or it waits for the snippets.
# Those callbacks run last registered first: after concurrent.futures' own, which joins its threads.
if hasattr(threading, "_register_atexit"):
    import concurrent.futures.thread  # noqa: F401,E402 - registers its exit callback before ours

    threading._register_atexit(close_pools)
