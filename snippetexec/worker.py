"""A worker process: imports the heavy libraries once, then runs jobs sent on stdin.

Protocol: one JSON object per line. The worker answers `{"ready": true}` once its
imports are done. For each job `{"id": n, "job": {...}}` it answers `{"id": n, "pid": p}`
when the snippet's process starts (the pool can then end its process group) and
`{"id": n, "result": {...}}` when it is over. Every job runs in its own forked child
(execute.run_forked), so jobs cannot affect each other.

The worker dies with its parent: it exits at the end of its stdin, when its parent is gone
(checked while a snippet runs), and on SIGTERM, SIGINT or SIGHUP, ending the running
snippet's process group first.
"""

from __future__ import annotations

import gc
import importlib
import json
import os
import signal
import sys
import warnings
from dataclasses import asdict

from snippetexec import isolation
from snippetexec.execute import Job, run_forked, running_group


# Heavy imports a worker makes before forking, when one of its jobs needs them.
OPTIONAL_PRELOADS = {
    "torch.optim": ["torch.optim", "torch._dynamo"],  # optimizers import torch._dynamo lazily (~1.2 s)
    "matplotlib": ["matplotlib.pyplot"],  # ~0.5 s
}


def preloads_for(codes) -> list[str]:
    """The optional preloads that code about to run will use (by a plain text match: cheap, conservative)."""
    codes = list(codes)  # read once per trigger below: a generator would be used up by the first
    return sorted({module for trigger, modules in OPTIONAL_PRELOADS.items() for module in modules
                   if any(trigger in code for code in codes)})


# What a worker imports before forking unless the site says otherwise (`preload`), each when installed:
# the course's snippets all use torch, and importing it once per worker instead of once per snippet is
# what makes a cold build fast. A site whose snippets do not use torch sets `preload: []`.
DEFAULT_PRELOAD = ("numpy", "torch")


def preload(modules: list[str]) -> None:
    """Import what snippets use, once per worker, before any fork. Runs no computation.

    A module that is not installed is skipped: the snippet that imports it fails with the usual ImportError."""
    os.environ.setdefault("MPLBACKEND", "Agg")
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for module in modules:
            try:
                importlib.import_module(module)
            except ImportError:
                pass
    if "torch" in sys.modules:
        # One thread per worker: deterministic reductions, no thread pool to break fork().
        sys.modules["torch"].set_num_threads(1)
    # What every snippet's process uses after its code ran: imported once here, not once per fork.
    from snippetexec import figures, values  # noqa: F401
    from snippetexec.execute import seed_everything

    # The first torch.manual_seed of a process initializes lazily (8 ms): here, once, instead of in every
    # snippet's process, which seeds again (then a 0.1 ms call) before the snippet runs.
    seed_everything()
    # Objects that exist now are never collected in the snippets' processes: their garbage collector does not
    # walk (and so copy, page by page, from the worker) the whole of torch's Python objects.
    gc.freeze()


def main() -> None:
    root, snippets_dir, modules = sys.argv[1], sys.argv[2], sys.argv[3:]
    parent = os.getppid()
    # Keep the protocol channel private: anything else printed goes to stderr.
    channel = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, _stop)
    isolation.become_subreaper()
    preload(modules)

    def send(message: dict) -> None:
        channel.write(json.dumps(message) + "\n")

    def orphaned() -> bool:
        return os.getppid() != parent

    try:
        send({"ready": True})
        for line in sys.stdin:
            if not line.strip():
                continue
            message = json.loads(line)
            job_id, job = message["id"], Job(**message["job"])
            result = run_forked(job, root, snippets_dir, on_start=lambda pid: send({"id": job_id, "pid": pid}),
                                orphaned=orphaned)
            if orphaned():
                break
            send({"id": job_id, "result": asdict(result)})
    except BrokenPipeError:  # the pool is gone (run_forked has ended the snippet's group): nothing to say
        os._exit(0)
    channel.flush()
    os._exit(0)  # the end of stdin: the pool is done with this worker; skip tearing torch down (~1 s)


def _stop(signum, frame) -> None:
    """Told to stop: end the running snippet's process group, then exit at once."""
    isolation.kill_group(running_group())
    os._exit(128 + signum)


if __name__ == "__main__":
    main()
