"""Run one piece of snippet code in a forked child process and describe what happened.

This runs inside a worker process (see worker.py) that has imported torch once.
Each snippet gets its own `fork()`: a fresh namespace, fresh seeds, and no way to
leak global state (default dtype, grad mode, print options, warning filters...)
into the next snippet, because the child that changed it is gone.

Output is stdout and stderr interleaved in the order written (Python's and C's),
Python warnings included; paths of the build machine are removed.
"""

from __future__ import annotations

import io
import json
import linecache
import os
import re
import select
import signal
import sys
import tempfile
import time
import traceback
from dataclasses import asdict, dataclass, field

from snippetexec import isolation

# statuses
OK = "ok"  # ran to the end, raised nothing, declared nothing
RAISED = "raised"  # raised the exception it declared: the page shows it
ERROR = "error"  # raised an exception it did not declare
NOT_RAISED = "not-raised"  # declared an exception that did not happen
TIMEOUT = "timeout"
CRASHED = "crashed"  # the process died (segfault, os._exit, killed)
CHECK_FAILED = "check-failed"  # a hidden check (below the checks marker) failed
WRONG_MESSAGE = "wrong-message"  # raised as declared, but without the pinned message fragment
MISSING_WARNING = "missing-warning"  # a pinned warning is not in the output
OUTPUT_LIMIT = "output-limit"  # printed more than Job.max_output: stopped
MEMORY_LIMIT = "memory-limit"  # needed more memory than Job.memory_limit
WORKER_DIED = "worker-died"  # the worker process running it died (killed by the snippet, the OOM killer)
PROTOCOL_ERROR = "protocol-error"  # the worker's answer was not this job's result: thrown away
OVERDUE = "overdue"  # the pool's deadline for the whole run passed: stopped, or never started
NO_WORKER = "no-worker"  # no worker process could be started to run it
CANCELLED = "cancelled"  # the engine was shutting down (e.g. mkdocs serve stopped)
MISSING = "missing"  # no such file in the snippets folder
MALFORMED = "malformed"  # the file breaks the snippet conventions
REFUSED = "refused"  # the reference leaves the snippets folder: never read, run or shown
GOOD = (OK, RAISED)
DEFAULT_MAX_OUTPUT = 1_000_000  # 1 MB
DEFAULT_MEMORY_LIMIT = 4 << 30  # 4 GiB of address space: torch itself reserves about 0.7 GiB (README: Reliability)


@dataclass
class Job:
    code: str
    filename: str  # shown in warnings and tracebacks
    raises: str | None = None
    timeout: float = 60.0
    checks_line: int | None = None  # the checks marker: what follows runs after the shown code, unseen
    graph: tuple = ()  # variables whose autograd graph to read when the code ends
    match: str | None = None  # the declared exception's message must contain this
    warns: tuple = ()  # the shown output must hold a warning line containing each of these
    values: list = field(default_factory=list)  # [expression, format] pairs that pages show (values.py)
    max_output: int = DEFAULT_MAX_OUTPUT  # bytes it may print (stdout and stderr) before it is stopped; 0: no cap
    memory_limit: int | None = DEFAULT_MEMORY_LIMIT  # bytes of address space (RLIMIT_AS); None: no limit
    folder: str = ""  # the snippet's own folder, first on sys.path: a lesson's snippet imports its lesson's files


@dataclass
class Result:
    status: str
    output: str  # what the page shows: printed text (+ the exception line for RAISED)
    seconds: float = 0.0
    exception: str | None = None  # "RuntimeError: ..." as Python prints it
    lineno: int | None = None  # line of the snippet where the exception surfaced
    traceback: str | None = None  # for failure messages, paths cleaned
    figures: list = field(default_factory=list)  # SVG of each matplotlib figure left open, as drawn (light)
    dark_figures: list = field(default_factory=list)  # the same figures re-styled for a dark page (figures.py)
    graph: dict | None = None  # autograd_graph.graph_of data for the variables of Job.graph
    values: dict = field(default_factory=dict)  # values.evaluate of Job.values: {key: {"text"|"error": ...}}

    @property
    def good(self) -> bool:
        return self.status in GOOD

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_dict(cls, data: dict) -> "Result":
        return cls(**data)


def seed_everything() -> None:
    import random

    random.seed(0)
    if "numpy" in sys.modules:
        sys.modules["numpy"].random.seed(0)
    if "torch" in sys.modules:
        sys.modules["torch"].manual_seed(0)


def clean_paths(text: str, root: str) -> str:
    """Remove what differs between machines and terminals: terminal escape sequences (colours...), the
    snippet's temporary working directory (shown as <cwd>), the project root, the Python installation.

    Every text of a result (output, exception, traceback) goes through here: pages and notebooks
    show the same."""
    text = isolation.strip_ansi(text)
    if _sandbox:
        text = text.replace(_sandbox, "<cwd>")
    # longest first: a venv inside the project is the Python installation, not a project folder
    replacements = {prefix.rstrip("/") + "/": "<python>/"
                    for prefix in (sys.prefix, sys.base_prefix, sys.exec_prefix, os.path.expanduser("~"))
                    if prefix and prefix != "/"}
    replacements[root.rstrip("/") + "/"] = ""
    for path in sorted(replacements, key=len, reverse=True):
        text = text.replace(path, replacements[path])
    return re.sub(r"<python>/(?:lib/python[\d.]+/)?(?:site|dist)-packages/", "<site-packages>/", text)


def _child(job: Job, out_fd: int, result_w: int, root: str, snippets_dir: str) -> None:
    """Body of the forked child. Never returns."""
    try:
        os.dup2(out_fd, 1)
        os.dup2(out_fd, 2)
        stream = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8", write_through=True)
        sys.stdout = sys.stderr = sys.__stdout__ = sys.__stderr__ = stream
        sys.stdin = io.StringIO()
        sys.argv = [job.filename]
        for folder in (snippets_dir, job.folder):  # the snippet's folder first, as `python snippets/x/y.py` has it
            if folder and folder not in sys.path:
                sys.path.insert(0, folder)
        seed_everything()
        payload = _run_code(job, stream, root)
        for key in ("exception", "traceback"):
            if payload[key]:
                payload[key] = clean_paths(payload[key], root)
    except BaseException as exc:  # the harness itself failed: say so rather than hang
        payload = {"status": CRASHED, "exception": f"{type(exc).__name__}: {exc}", "lineno": None,
                   "traceback": traceback.format_exc(), "figures": [], "dark_figures": []}
    try:
        os.write(result_w, json.dumps(payload).encode())
    finally:
        os._exit(0)


def _compiled(job: Job, lines: list[str], first: int, last: int):
    """Lines [first, last) of the snippet, compiled with the file's line numbers."""
    return compile("\n" * first + "".join(lines[first:last]), job.filename, "exec", dont_inherit=True)


def _exception_text(exc: BaseException) -> str:
    return "".join(traceback.format_exception_only(type(exc), exc)).rstrip("\n")


def _traceback_text(exc: BaseException, filename: str) -> str:
    tb = exc.__traceback__  # start the traceback at the snippet: the harness is not the story
    while tb is not None and tb.tb_frame.f_code.co_filename != filename:
        tb = tb.tb_next
    return "".join(traceback.format_exception(type(exc), exc, tb))


def _failure_line(exc: BaseException, filename: str) -> int | None:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == filename]
    return frames[-1].lineno if frames else getattr(exc, "lineno", None)


def _run_code(job: Job, stream, root: str) -> dict:
    """Run the shown code, then the hidden checks, then evaluate the values pages ask for.

    The checks run whenever the shown code ended as declared (also after a declared exception,
    which they see as `raised`); what they print is cut from the output.
    """
    lines = job.code.splitlines(keepends=True)
    linecache.cache[job.filename] = (len(job.code), None, lines, job.filename)
    namespace = {"__name__": "__main__", "__file__": job.filename, "__builtins__": __builtins__}
    checks = job.checks_line or len(lines) + 1  # 1-based line of the marker
    result = {"status": OK, "exception": None, "lineno": None, "traceback": None, "figures": [], "dark_figures": [],
              "graph": None, "values": {}}
    try:
        compile(job.code, job.filename, "exec", dont_inherit=True)
        shown = _compiled(job, lines, 0, checks - 1)
    except SyntaxError as exc:
        result.update(status=ERROR, exception=_exception_text(exc), lineno=exc.lineno)
        return result
    raised = None
    try:
        exec(shown, namespace)
    except BaseException as exc:  # noqa: BLE001 - we report every kind of failure
        raised = exc
        declared = job.raises and job.raises in [cls.__name__ for cls in type(exc).__mro__]
        result.update(status=RAISED if declared else ERROR, exception=_exception_text(exc),
                      lineno=_failure_line(exc, job.filename), traceback=_traceback_text(exc, job.filename))
        if declared:
            stream.write(result["exception"] + "\n")
            if job.match and job.match not in result["exception"]:
                result.update(status=WRONG_MESSAGE, exception=f"{result['exception']}\n"
                              f"(the message must contain {job.match!r}: match= in the snippet's first lines)")
    else:
        if job.raises:
            result["status"] = NOT_RAISED
    stream.flush()
    result["shown_end"] = os.lseek(1, 0, os.SEEK_CUR)
    if result["status"] in GOOD and job.checks_line:
        namespace["raised"] = raised
        try:
            exec(_compiled(job, lines, checks, len(lines)), namespace)
        except BaseException as exc:  # noqa: BLE001
            from snippetexec.checks import describe_check_failure

            result.update(status=CHECK_FAILED, lineno=_failure_line(exc, job.filename),
                          exception=describe_check_failure(exc, job.filename, lines, namespace),
                          traceback=_traceback_text(exc, job.filename))
        stream.flush()
    from snippetexec.figures import collect

    result["figures"], result["dark_figures"] = collect()
    if job.graph and result["status"] in GOOD:
        from snippetexec.autograd_graph import GraphError, graph_of

        try:
            result["graph"] = graph_of(namespace, list(job.graph))
        except GraphError as exc:
            result.update(status=ERROR, exception=f"GraphError: {exc}", lineno=None)
    if job.values and result["status"] in GOOD:
        from snippetexec.values import evaluate

        namespace.setdefault("raised", raised)
        result["values"] = evaluate(namespace, job.values)
    return result


_sandbox: str | None = None  # working directory of the snippet running now (shown as <cwd>)
_running: int | None = None  # pid, and process group, of the snippet running now
POLL = 0.05  # seconds between checks of the output size and of the worker's parent


def running_group() -> int | None:
    """The process group of the snippet running now (the worker kills it when told to stop)."""
    return _running


def run_forked(job: Job, root: str, snippets_dir: str, on_start=None, orphaned=None) -> Result:
    """Fork, run `job` in the child, enforce the timeout, collect output and outcome.

    The child runs in its own session (isolation.enter). However it ends, its whole process
    group is killed and processes that left the group are swept up; its temporary working
    directory is removed. `on_start(pid)` is told the child's pid when it starts; `orphaned()`
    says that the worker's own parent is gone: the snippet is stopped.
    """
    global _sandbox, _running
    _sandbox = isolation.make_sandbox()
    try:
        with tempfile.TemporaryFile() as out:
            result_r, result_w = os.pipe()
            started = time.monotonic()
            sys.stdout.flush()
            sys.stderr.flush()
            pid = os.fork()
            if pid == 0:  # child
                try:
                    os.close(result_r)
                    isolation.enter(keep=(out.fileno(), result_w), cwd=_sandbox, memory_limit=job.memory_limit)
                except BaseException as exc:  # never go on running the worker's code in the child
                    os.write(out.fileno(), f"snippetexec: could not set up the snippet's process: {exc!r}\n".encode())
                    os._exit(70)
                _child(job, out.fileno(), result_w, root, snippets_dir)
            _running = pid
            os.close(result_w)
            try:
                if on_start is not None:
                    on_start(pid)
                chunks, stopped = _supervise(pid, result_r, out.fileno(), job, started, orphaned)
            finally:
                isolation.kill_group(pid)  # what the snippet started dies with it
                _, wait_status = os.waitpid(pid, 0)
                _running = None
                os.close(result_r)
                isolation.sweep_orphans()
            seconds = time.monotonic() - started
            if job.max_output and os.fstat(out.fileno()).st_size > job.max_output:
                stopped = OUTPUT_LIMIT
            out.seek(0)
            raw = out.read(job.max_output or -1)
        return _with_memory_limit(job, _outcome(job, root, chunks, stopped, wait_status, raw, seconds))
    finally:
        isolation.remove_sandbox(_sandbox)
        _sandbox = None


def _supervise(pid: int, result_r: int, out_fd: int, job: Job, started: float, orphaned) -> tuple[list, str | None]:
    """Wait for the child to exit, reading its result: (chunks, None), or (chunks, why) if it was stopped.

    The end is the child's exit, not the end of the result pipe: a grandchild may hold the pipe open.
    """
    deadline = started + job.timeout
    exited = isolation.exit_notifier(pid)
    chunks: list[bytes] = []
    reading = True
    try:
        while True:
            now = time.monotonic()
            if now >= deadline:
                return chunks, TIMEOUT
            watched = ([result_r] if reading else []) + ([exited] if exited is not None else [])
            ready = isolation.wait_readable(watched, min(deadline - now, POLL))
            if result_r in ready:
                chunk = os.read(result_r, 1 << 16)
                if chunk:
                    chunks.append(chunk)
                else:
                    reading = False
            if (exited in ready) if exited is not None else isolation.has_exited(pid):
                if reading:
                    chunks.extend(isolation.drain(result_r))
                return chunks, None
            if job.max_output and os.fstat(out_fd).st_size > job.max_output:
                return chunks, OUTPUT_LIMIT
            if orphaned is not None and orphaned():
                return chunks, CANCELLED
    finally:
        if exited is not None:
            os.close(exited)


def _outcome(job: Job, root: str, chunks: list, stopped: str | None, wait_status: int, raw: bytes,
             seconds: float) -> Result:
    def decoded(data: bytes) -> str:
        return clean_paths(data.decode("utf-8", errors="replace"), root)

    if stopped == CANCELLED:
        return Result(CANCELLED, decoded(raw), seconds, exception="stopped: the engine is shutting down")
    if stopped == OUTPUT_LIMIT:
        return Result(OUTPUT_LIMIT, decoded(raw), seconds, exception=(
            f"printed more than the output limit of {isolation.size_text(job.max_output)} (max_output): stopped"))
    if stopped == TIMEOUT:
        return Result(TIMEOUT, decoded(raw), seconds,
                      exception=f"TimeoutError: still running after {job.timeout:g} s (killed)")
    try:
        payload = json.loads(b"".join(chunks))
    except ValueError:
        code = os.waitstatus_to_exitcode(wait_status)
        how = f"killed by signal {-code}" if code < 0 else f"exited with status {code}"
        if code == -signal.SIGKILL:
            how += " (SIGKILL: by the system's out-of-memory killer, or by another process)"
        return Result(CRASHED, decoded(raw), seconds, exception=f"the snippet's process {how} before it finished")
    # what the hidden checks printed (e.g. a warning) is not the page's output
    output = decoded(raw[:payload.pop("shown_end", None)])
    if payload["status"] == NOT_RAISED:
        payload["exception"] = f"expected {job.raises}, but the snippet ran to the end without raising it"
    missing = [fragment for fragment in job.warns if not any(
        "Warning" in line and fragment in line for line in output.splitlines())]
    if missing and payload["status"] in GOOD:
        payload.update(status=MISSING_WARNING, exception="no warning in the output says " + ", ".join(
            repr(fragment) for fragment in missing) + " (warns= in the snippet's first lines)")
    return Result(output=output, seconds=seconds, **payload)


MEMORY_ERRORS = ("MemoryError", "can't allocate memory", "Cannot allocate memory", "std::bad_alloc",
                 "not enough memory", "out of memory", "failed to map segment from shared object")


def _with_memory_limit(job: Job, result: Result) -> Result:
    """A snippet that failed for want of memory under its limit is reported as such, not as its traceback."""
    if not job.memory_limit or result.status not in (ERROR, CRASHED):
        return result
    said = result.exception or ""
    if result.status == CRASHED:  # a C++ allocation failure aborts, saying so on stderr
        said += "\n" + result.output[-2000:]
    if not any(sign in said for sign in MEMORY_ERRORS):
        return result
    first = (result.exception or "").strip().splitlines()[:1]
    cause = f" ({first[0][:300]})" if first and result.status == ERROR and not first[0].startswith("MemoryError") else ""
    result.status, result.traceback = MEMORY_LIMIT, None
    result.exception = (f"MemoryError: exceeded the memory limit of {isolation.size_text(job.memory_limit)} "
                        f"(memory_limit){cause}")
    return result
