"""A worker process: imports the heavy libraries once, then runs jobs sent on stdin.

Protocol: one JSON object per line. The worker answers `{"ready": true}` once its
imports are done, then one Result (JSON) per Job (JSON), in order. Every job runs
in its own forked child (execute.run_forked), so jobs cannot affect each other.
"""

from __future__ import annotations

import json
import os
import sys
import warnings

from snippetexec.execute import Job, run_forked


def preload() -> None:
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
            import torch.optim  # noqa: F401
            import torch._dynamo  # noqa: F401  (optimizers import it lazily: ~1 s per snippet otherwise)
        except ImportError:
            pass
        try:
            import matplotlib

            matplotlib.use("Agg")
            import matplotlib.pyplot  # noqa: F401
        except ImportError:
            pass


def main() -> None:
    root, snippets_dir = sys.argv[1], sys.argv[2]
    # Keep the protocol channel private: anything else printed goes to stderr.
    channel = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    preload()
    channel.write(json.dumps({"ready": True}) + "\n")
    for line in sys.stdin:
        if not line.strip():
            continue
        job = Job(**json.loads(line))
        result = run_forked(job, root, snippets_dir)
        channel.write(result.to_json() + "\n")


if __name__ == "__main__":
    main()
