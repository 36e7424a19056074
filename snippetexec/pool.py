"""Spread jobs over worker processes, one per core, each importing torch once."""

from __future__ import annotations

import atexit
import json
import os
import queue
import subprocess
import sys
import threading

from snippetexec.execute import CRASHED, Job, Result
from snippetexec.worker import preloads_for


class Worker:
    def __init__(self, root: str, snippets_dir: str, preloads: list[str]):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "snippetexec.worker", root, snippets_dir, *preloads],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            bufsize=1,
        )
        self.ready = False

    def wait_ready(self) -> None:
        if not self.ready:
            line = self.process.stdout.readline()
            if not line:
                raise RuntimeError("a snippet worker failed to start (see the messages above)")
            self.ready = True

    def run(self, job: Job) -> Result:
        self.wait_ready()
        self.process.stdin.write(json.dumps(job.__dict__) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            return Result(CRASHED, "", exception="the snippet worker process died")
        return Result.from_dict(json.loads(line))

    def alive(self) -> bool:
        return self.process.poll() is None

    def close(self) -> None:
        if self.alive():
            self.process.stdin.close()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()


class Pool:
    """Worker processes for one project (root, snippets folder), started on first use."""

    def __init__(self, root: str, snippets_dir: str, size: int | None = None):
        self.root, self.snippets_dir = root, snippets_dir
        self.size = size or os.cpu_count() or 1
        self.workers: list[Worker] = []

    def run(self, jobs: list[Job]) -> list[Result]:
        if not jobs:
            return []
        self.workers = [w for w in self.workers if w.alive()]
        preloads = preloads_for(job.code for job in jobs)
        while len(self.workers) < min(self.size, len(jobs)):
            self.workers.append(Worker(self.root, self.snippets_dir, preloads))
        todo: queue.Queue = queue.Queue()
        for index, job in enumerate(jobs):
            todo.put((index, job))
        results: list[Result | None] = [None] * len(jobs)

        def serve(worker: Worker) -> None:
            while True:
                try:
                    index, job = todo.get_nowait()
                except queue.Empty:
                    return
                results[index] = worker.run(job)

        threads = [threading.Thread(target=serve, args=(w,)) for w in self.workers[: len(jobs)]]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return results  # type: ignore[return-value]

    def close(self) -> None:
        for worker in self.workers:
            worker.close()
        self.workers = []


_pools: dict[tuple[str, str], Pool] = {}


def shared_pool(root: str, snippets_dir: str) -> Pool:
    """One pool per project per process: `mkdocs serve` rebuilds reuse warm workers."""
    key = (root, snippets_dir)
    if key not in _pools:
        _pools[key] = Pool(root, snippets_dir)
    return _pools[key]


@atexit.register
def _close_pools() -> None:
    for pool in _pools.values():
        pool.close()
