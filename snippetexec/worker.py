"""A worker process: imports the heavy libraries once, then runs jobs sent on stdin.

Protocol: one JSON object per line. The worker answers `{"ready": true}` once its
imports are done, then one Result (JSON) per Job (JSON), in order. Every job runs
in its own forked child (execute.run_forked), so jobs cannot affect each other.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import warnings

from snippetexec.execute import Job, run_forked


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


def preload(modules: list[str]) -> None:
    """Import what snippets use, once per worker, before any fork. Runs no computation."""
    os.environ.setdefault("MPLBACKEND", "Agg")
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            import numpy  # noqa: F401
        except ImportError:
            pass
        try:
            import torch

            # One thread per worker: deterministic reductions, no thread pool to break fork().
            torch.set_num_threads(1)
        except ImportError:
            pass
        for module in modules:
            try:
                importlib.import_module(module)
            except ImportError:
                pass


def main() -> None:
    root, snippets_dir, modules = sys.argv[1], sys.argv[2], sys.argv[3:]
    # Keep the protocol channel private: anything else printed goes to stderr.
    channel = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    preload(modules)
    channel.write(json.dumps({"ready": True}) + "\n")
    for line in sys.stdin:
        if not line.strip():
            continue
        job = Job(**json.loads(line))
        result = run_forked(job, root, snippets_dir)
        channel.write(result.to_json() + "\n")


if __name__ == "__main__":
    main()
