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
GOOD = (OK, RAISED)


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


@dataclass
class Result:
    status: str
    output: str  # what the page shows: printed text (+ the exception line for RAISED)
    seconds: float = 0.0
    exception: str | None = None  # "RuntimeError: ..." as Python prints it
    lineno: int | None = None  # line of the snippet where the exception surfaced
    traceback: str | None = None  # for failure messages, paths cleaned
    figures: list = field(default_factory=list)  # SVG of each matplotlib figure left open
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
    """Remove paths of the build machine: the project root, the Python installation."""
    root = root.rstrip("/") + "/"
    text = text.replace(root, "")
    prefixes = {sys.prefix, sys.base_prefix, sys.exec_prefix, os.path.expanduser("~")}
    for prefix in sorted(prefixes, key=len, reverse=True):
        if prefix and prefix != "/":
            text = text.replace(prefix.rstrip("/") + "/", "<python>/")
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
        os.chdir(tempfile.mkdtemp(prefix="snippet-"))
        if snippets_dir not in sys.path:
            sys.path.insert(0, snippets_dir)
        seed_everything()
        payload = _run_code(job, stream, root)
        for key in ("exception", "traceback"):
            if payload[key]:
                payload[key] = clean_paths(payload[key], root)
    except BaseException as exc:  # the harness itself failed: say so rather than hang
        payload = {"status": CRASHED, "exception": f"{type(exc).__name__}: {exc}", "lineno": None,
                   "traceback": traceback.format_exc(), "figures": []}
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
    result = {"status": OK, "exception": None, "lineno": None, "traceback": None, "figures": [], "graph": None,
              "values": {}}
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
    result["figures"] = _collect_figures()
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


def _collect_figures() -> list:
    """SVG of every open matplotlib figure, in creation order (empty without matplotlib).

    The same figure gives the same bytes: no date in the metadata, and a fixed salt for
    the ids matplotlib puts in the SVG (random otherwise).
    """
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is None:
        return []
    plt.rcParams["svg.hashsalt"] = "snippetexec"
    figures = []
    for number in plt.get_fignums():
        buffer = io.StringIO()
        plt.figure(number).savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
        figures.append(buffer.getvalue())
    return figures


def run_forked(job: Job, root: str, snippets_dir: str) -> Result:
    """Fork, run `job` in the child, enforce the timeout, collect output and outcome."""
    with tempfile.TemporaryFile() as out:
        result_r, result_w = os.pipe()
        started = time.monotonic()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # child
            os.close(result_r)
            _child(job, out.fileno(), result_w, root, snippets_dir)
        os.close(result_w)
        deadline = started + job.timeout
        chunks = []
        timed_out = False
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                timed_out = True
                break
            ready, _, _ = select.select([result_r], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(result_r, 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
        os.close(result_r)
        if timed_out:
            os.kill(pid, signal.SIGKILL)
        _, wait_status = os.waitpid(pid, 0)
        seconds = time.monotonic() - started
        out.seek(0)
        raw = out.read()

    def decoded(data: bytes) -> str:
        return clean_paths(data.decode("utf-8", errors="replace"), root)

    if timed_out:
        return Result(TIMEOUT, decoded(raw), seconds,
                      exception=f"TimeoutError: still running after {job.timeout:g} s (killed)")
    try:
        payload = json.loads(b"".join(chunks))
    except ValueError:
        code = os.waitstatus_to_exitcode(wait_status)
        how = f"killed by signal {-code}" if code < 0 else f"exited with status {code}"
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
