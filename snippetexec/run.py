"""Run each distinct snippet once: from the cache when nothing changed, else on the workers."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import NamedTuple
from pathlib import Path

from snippetexec.cache import Cache, cache_key, helpers_digest
from snippetexec.execute import (DEFAULT_MAX_OUTPUT, DEFAULT_MEMORY_LIMIT, MALFORMED, MISSING, NO_WORKER, REFUSED, Job,
                                 Result)
from snippetexec.pool import PoolError, shared_pool
from snippetexec.snippet import Snippet, SnippetFormatError, load_snippet, local_modules
from snippetexec.worker import DEFAULT_PRELOAD

DEFAULT_TIMEOUT = 60.0


class OutsideSnippetsError(ValueError):
    """A reference to a file outside the snippets folder (../, an absolute path, a symlink leaving it)."""


@dataclass
class Outcome:
    name: str
    snippet: Snippet | None  # None when the file is missing or malformed
    result: Result
    cached: bool = False
    key: str | None = None  # its cache key (None: it never reached the cache, e.g. a missing file)


class Pending(NamedTuple):
    """A snippet still to execute."""

    name: str
    snippet: Snippet
    key: str  # its cache key
    values: tuple  # (expression, format) pairs pages ask of it


@dataclass
class RunReport:
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    pending: list[Pending] = field(default_factory=list)  # still to execute
    executed: int = 0
    started: float = 0.0
    seconds: float = 0.0

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes.values() if not o.result.good]


class Engine:
    """Runs the snippets of one project.

    root: the project root (paths in outputs and messages are relative to it);
    snippets_dir: the snippets folder; cache_dir: where results persist (None: memory only);
    max_output: bytes a snippet may print before it is stopped (0: no limit);
    memory_limit: bytes of address space a snippet's process may use (None: no limit);
    workers: how many processes run snippets (None: the CPUs this process may use);
    preload: modules each worker imports once before forking snippets (those installed).
    """

    def __init__(self, root: Path, snippets_dir: Path, timeout: float = DEFAULT_TIMEOUT,
                 cache_dir: Path | None = None, max_output: int = DEFAULT_MAX_OUTPUT,
                 memory_limit: int | None = DEFAULT_MEMORY_LIMIT, workers: int | None = None,
                 preload=DEFAULT_PRELOAD):
        self.root = Path(root).resolve()
        self.snippets_dir = Path(snippets_dir).resolve()
        self.timeout = timeout
        self.max_output, self.memory_limit = max_output, memory_limit
        self.workers, self.preload = workers, tuple(preload)
        self.cache = Cache(cache_dir)

    def all_snippet_names(self) -> list[str]:
        """Every snippet file; files named `_*.py` are helper modules that snippets import, not snippets."""
        return sorted(p.relative_to(self.snippets_dir).as_posix() for p in self.snippets_dir.rglob("*.py")
                      if not p.name.startswith("_"))

    def load(self, name: str, modules: frozenset[str] | None = None) -> Snippet:
        """Read snippet `name`: never a file outside the snippets folder (OutsideSnippetsError).
        `modules`: local_modules of the snippets folder, when the caller loads many snippets."""
        path = self.snippets_dir / name
        if Path(name).is_absolute() or not path.resolve().is_relative_to(self.snippets_dir):
            how = ("is an absolute path" if Path(name).is_absolute() else
                   "goes up" if ".." in Path(name).parts else "is a symbolic link that leads")
            raise OutsideSnippetsError(
                f"{name!r} {how} outside the snippets folder ({self.relative(self.snippets_dir)}/): a reference "
                f"that leaves the snippets folder is never run or shown")
        return load_snippet(self.snippets_dir, name, self.root, modules)

    def job(self, snippet: Snippet, code: str | None = None, values=()) -> Job:
        """The job that runs a snippet (or other `code` under its name: no checks, no pins, no values)."""
        whole = code is None
        return Job(code=snippet.code if whole else code, filename=snippet.filename,
                   raises=snippet.raises, timeout=snippet.timeout or self.timeout,
                   checks_line=snippet.checks_line if whole else None, graph=snippet.graph,
                   match=snippet.match if whole else None, warns=snippet.warns if whole else (),
                   values=[list(pair) for pair in values],
                   max_output=self.max_output, memory_limit=self.memory_limit,
                   folder=str((self.snippets_dir / snippet.name).parent))

    def run(self, names, fresh: bool = False, values=None) -> RunReport:
        """Outcome of each named snippet; `fresh` ignores (and does not fill) the cache."""
        report = self.prepare(names, fresh, values)
        return self.execute(report, fresh)

    def prepare(self, names, fresh: bool = False, values=None) -> RunReport:
        """Read the snippets and the cache: what is known without running anything.

        `values`: for each snippet name, the (expression, format) pairs pages show of it
        (values.requests_by_snippet). Missing, malformed and cached snippets get their outcome;
        the rest are listed in `report.pending`, for `execute`.
        """
        values = values or {}
        report = RunReport(started=time.monotonic())
        helpers = helpers_digest(self.snippets_dir)
        modules = local_modules(self.snippets_dir)
        for name in dict.fromkeys(names):
            try:
                snippet = self.load(name, modules)
            except OutsideSnippetsError as error:
                report.outcomes[name] = Outcome(name, None, Result(REFUSED, "", exception=str(error)))
                continue
            except FileNotFoundError:
                report.outcomes[name] = Outcome(name, None, Result(
                    MISSING, "", exception=f"no file {name!r} in {self.relative(self.snippets_dir)}/"))
                continue
            except SnippetFormatError as error:
                report.outcomes[name] = Outcome(name, None, Result(MALFORMED, "", exception=str(error)))
                continue
            asked = tuple(tuple(pair) for pair in values.get(name, ()))
            key = cache_key(snippet, self.snippets_dir, snippet.timeout or self.timeout, asked,
                            (self.max_output, self.memory_limit, self.preload), helpers)
            hit = None if fresh else self.cache.get(key)
            if hit is not None:
                report.outcomes[name] = Outcome(name, snippet, hit, cached=True, key=key)
            else:
                report.pending.append(Pending(name, snippet, key, asked))
        return report

    def execute(self, report: RunReport, fresh: bool = False, only=None, on_outcome=None) -> RunReport:
        """Run the pending snippets of `report` (or those named in `only`), in their order, and record each
        outcome as soon as it is known; `on_outcome(name)` is then told (from another thread)."""
        batch = [item for item in report.pending if only is None or item.name in only]
        if batch:
            recorded = set()

            def record(index: int, result: Result) -> None:
                item = batch[index]
                if not fresh:
                    self.cache.put(item.key, result)
                report.outcomes[item.name] = Outcome(item.name, item.snippet, result, key=item.key)
                recorded.add(index)
                if on_outcome is not None:
                    on_outcome(item.name)

            results = self._run_jobs([self.job(item.snippet, values=item.values) for item in batch], record)
            for index, result in enumerate(results):
                if index not in recorded:  # no worker, or the pool stopped: recorded here
                    record(index, result)
            report.executed += len(batch)
            report.pending = [item for item in report.pending if item not in batch]
        report.seconds = time.monotonic() - report.started
        return report

    def run_code(self, snippet: Snippet, code: str) -> Result:
        """Run other code under a snippet's name and declarations (e.g. what a page shows of it)."""
        return self._run_jobs([self.job(snippet, code)])[0]

    def _run_jobs(self, jobs: list[Job], on_result=None) -> list[Result]:
        """Results of `jobs` on the project's workers; if no worker starts, each job fails saying why."""
        try:
            return shared_pool(str(self.root), str(self.snippets_dir), self.workers, self.preload).run(
                jobs, on_result)
        except PoolError as error:
            return [Result(NO_WORKER, "", exception=str(error)) for _ in jobs]

    def relative(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)
