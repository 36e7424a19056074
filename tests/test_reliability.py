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
    # the statuses below prove the pool's own deadline stopped the run (a stopped worker never answers);
    # the bound only says "not forever": worker start-up (importing torch) takes longer on a loaded machine
    assert elapsed < 40, elapsed
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
    (project / "snippets" / "a.py").write_text("print(1)\n")
    (project / "snippets" / "b.py").write_text("print(2)\n")
    report = engine_for(project).run(["a.py", "b.py"], fresh=True)  # what a build reports
    outcome = report.outcomes["a.py"]
    assert outcome.result.status == "no-worker" and "failed to start" in outcome.result.exception
    from snippetexec.report import describe_failures

    message = describe_failures(report, "snippets", {})
    assert message.count("failed to start") == 1 and "They are: a.py, b.py" in message


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
    [result] = pool.run([Job(code(HOLDS_RESULT_PIPE, PIDS=repr(str(pids))), "snippets/fork.py", timeout=10)])
    assert (result.status, result.output) == ("ok", "done\n"), result  # a false timeout would say "timeout"
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
                             timeout=2)])
    assert result.status == ("timeout" if hang else "ok"), result
    assert len(recorded_pids(pids)) == 3
    assert still_running(recorded_pids(pids)) == []  # the pool is still open: the worker cleaned up


# --- 4. a worker that dies -------------------------------------------------------------------------

KILLS_ITS_WORKER = """\
import os, signal
print("about to kill my worker", flush=True)
os.kill(os.getppid(), signal.SIGKILL)
"""


def test_a_worker_that_dies_fails_the_build_naming_the_snippet_and_every_page(mini_site):
    mini_site.snippet("killer.py", KILLS_ITS_WORKER)
    for n in range(4):  # slow enough that the killed worker's thread comes back for more
        mini_site.snippet(f"slow{n}.py", f"import time\ntime.sleep(0.3)\nprint('slow {n}')\n")
    mini_site.page("index.md", "killer.py", "slow0.py", "slow1.py")
    mini_site.page("other.md", "slow2.py", "slow3.py", "killer.py")
    proc = mini_site.build()
    assert proc.returncode != 0
    assert "1 snippet failed." in proc.log, proc.log
    assert "Snippet snippets/killer.py lost its worker process:" in proc.log
    assert "killed by signal 9 (SIGKILL: by the snippet itself, or by the system's out-of-memory killer)" in proc.log
    for page in ("docs/en/index.md:3 (en)", "docs/de/index.md:3 (de)", "docs/en/other.md:11 (en)",
                 "docs/de/other.md:11 (de)"):
        assert page in proc.log
    assert "Traceback" not in proc.log and "AttributeError" not in proc.log


# --- 5. runaway output and memory --------------------------------------------------------------------

def engine_for(project: Path, **options):
    from snippetexec.run import Engine

    return Engine(project, project / "snippets", **options)


def run_one(project: Path, name: str, source: str, **options):
    (project / "snippets" / name).write_text(source)
    return engine_for(project, **options).run([name], fresh=True).outcomes[name]


CHATTY = """\
# snippet: timeout=20
import itertools
for i in itertools.count():
    print("line", i, "x" * 200)
"""


def test_runaway_output_is_stopped_with_the_first_part_shown(project):
    from snippetexec.report import describe_failure

    outcome = run_one(project, "chatty.py", CHATTY)
    result = outcome.result
    assert result.status == "output-limit", (result.status, result.exception, len(result.output))
    assert result.seconds < 10
    assert "printed more than the output limit of 1 MB (max_output)" in result.exception
    assert result.output.startswith("line 0 xxx") and len(result.output.encode()) <= 1_000_000
    message = describe_failure(outcome, "snippets", ["docs/en/index.md:3 (en)"])
    assert message.startswith("Snippet snippets/chatty.py printed too much:")
    assert "First lines of the output:" in message and "    line 0 xxx" in message
    assert len(message) < 6000  # the first lines, each cut short: not a megabyte of log
    small = run_one(project, "chatty.py", CHATTY, max_output=10_000).result
    assert small.status == "output-limit" and "output limit of 10 kB" in small.exception
    assert len(small.output.encode()) <= 10_000


@pytest.mark.parametrize("allocation", ["x = torch.empty(8 << 30, dtype=torch.uint8)",
                                        "x = bytearray(8 << 30)"], ids=["torch", "python"])
def test_memory_is_limited_and_reported_as_such(project, allocation):
    from snippetexec.report import describe_failure

    source = f"import torch\nprint('allocating')\n{allocation}\nprint('allocated')\n"
    outcome = run_one(project, "greedy.py", source)
    result = outcome.result
    assert result.status == "memory-limit", (result.status, result.exception)
    assert result.lineno == 3
    assert "exceeded the memory limit of 4 GiB (memory_limit)" in result.exception
    message = describe_failure(outcome, "snippets", [])
    assert message.startswith("Snippet snippets/greedy.py, line 3 exceeded the memory limit:")
    assert "Traceback" not in message
    custom = run_one(project, "greedy.py", source.replace("8 << 30", "3 << 30"), memory_limit=2 << 30).result
    assert custom.status == "memory-limit" and "memory limit of 2 GiB" in custom.exception


def test_the_limits_are_plugin_options(mini_site):
    config = mini_site.path / "mkdocs.yml"
    config.write_text(config.read_text().replace("      timeout: 20\n",
                                                  "      timeout: 20\n      max_output: 10 kB\n"
                                                  "      memory_limit: 1 GiB\n"))
    mini_site.snippet("chatty.py", "print('x' * 20_000)\n")
    mini_site.snippet("greedy.py", "import torch\nx = torch.empty(2 << 30, dtype=torch.uint8)\n")
    mini_site.page("index.md", "chatty.py", "greedy.py")
    proc = mini_site.build()
    assert proc.returncode != 0
    assert "Snippet snippets/chatty.py printed too much:" in proc.log
    assert "printed more than the output limit of 10 kB (max_output): stopped" in proc.log
    assert "Snippet snippets/greedy.py, line 2 exceeded the memory limit:" in proc.log
    assert "exceeded the memory limit of 1 GiB (memory_limit)" in proc.log


# --- 7. stale results after a helper edit ------------------------------------------------------------

HELPERS = {
    "_helper.py": "VALUE = 1\n",
    "_other.py": "from _helper import VALUE\n",
    "_pkg/__init__.py": "from _pkg.values import value\n",
    "_pkg/values.py": "value = 1\n",
    "shared.py": "VALUE = 1\n",  # a module of the snippets folder that is not a helper
}
USES = {
    "comma": ("import os, _helper\nprint(_helper.VALUE)\n", "_helper.py", "VALUE = 2\n"),
    "transitive": ("import _other\nprint(_other.VALUE)\n", "_helper.py", "VALUE = 2\n"),
    "package": ("from _pkg import value\nprint(value)\n", "_pkg/values.py", "value = 2\n"),
    "importlib": ("import importlib\nprint(importlib.import_module('_helper').VALUE)\n", "_helper.py",
                  "VALUE = 2\n"),
    "plain-module": ("import os, shared\nprint(shared.VALUE)\n", "shared.py", "VALUE = 2\n"),
}


@pytest.mark.parametrize("use", USES)
def test_editing_a_helper_reruns_every_snippet_that_uses_it(project, use):
    from snippetexec import cache

    for name, text in HELPERS.items():
        (project / "snippets" / name).parent.mkdir(parents=True, exist_ok=True)
        (project / "snippets" / name).write_text(text)
    source, helper, edited = USES[use]
    (project / "snippets" / "uses.py").write_text(source)
    engine = engine_for(project, cache_dir=project / ".cache")
    cache.forget_memory()
    assert engine.run(["uses.py"]).outcomes["uses.py"].result.output == "1\n"
    (project / "snippets" / helper).write_text(edited)
    cache.forget_memory()  # a new build: only the disk cache is left
    again = engine.run(["uses.py"])
    assert again.outcomes["uses.py"].result.output == "2\n"
    assert again.executed == 1


# --- 8. references outside snippets/ -----------------------------------------------------------------

def test_references_outside_the_snippets_folder_are_refused_before_anything_runs(tmp_path):
    from conftest import MiniSite

    (tmp_path / "site").mkdir()
    site = MiniSite(tmp_path / "site")
    marker = tmp_path / "it-ran"
    outside = tmp_path / "outside.py"
    outside.write_text(f"open({str(marker)!r}, 'w').write('ran')\nprint('SECRET-OUTSIDE')\n")
    (site.path / "snippets" / "link.py").symlink_to(outside)
    site.snippet("fine.py", "print('fine')\n")
    site.page("index.md", "fine.py", "../../outside.py")
    site.page("absolute.md", str(outside))
    site.page("link.md", "link.py")
    proc = site.build()
    assert proc.returncode != 0
    assert not marker.exists()  # nothing outside snippets/ ran
    for page in ("docs/en/index.md:7 (en)", "docs/de/index.md:7 (de)", "docs/en/absolute.md:3 (en)",
                 "docs/en/link.md:3 (en)"):
        assert page in proc.log
    assert "Snippet snippets/../../outside.py is refused:" in proc.log
    assert "leaves the snippets folder" in proc.log
    assert "SECRET-OUTSIDE" not in proc.log
    published = [p for p in (site.path / "site").rglob("*") if p.is_file()] if (site.path / "site").exists() else []
    assert not [p for p in published if "SECRET-OUTSIDE" in p.read_text(errors="replace")]


# --- 9. mkdocs serve shutdown ------------------------------------------------------------------------

SLEEPS_WITH_A_CHILD = """\
import os, subprocess, time
sleeper = subprocess.Popen(["sleep", "300"])
open(PIDS, "w").write(f"{os.getpid()} {sleeper.pid}")
time.sleep(300)
"""


@pytest.mark.timeout(90)
@pytest.mark.parametrize("signum", ["SIGINT", "SIGTERM"])
def test_serve_stops_within_two_seconds_leaving_no_process(tmp_path, signum):
    import signal
    import subprocess

    from conftest import MKDOCS, MiniSite, build_env
    from test_serve import free_port

    site = MiniSite(tmp_path, timeout=120)
    pids = tmp_path / "pids"
    site.snippet("sleeps.py", code(SLEEPS_WITH_A_CHILD, PIDS=repr(str(pids))))
    site.page("index.md", "sleeps.py")
    log = (tmp_path / "serve.log").open("w")
    # As in a terminal: Ctrl-C is not ignored. A test run started in the background (`cmd &` in a script,
    # as CI may be) ignores SIGINT, and an ignored signal is inherited by every process it starts.
    server = subprocess.Popen(MKDOCS + ["serve", "-a", f"127.0.0.1:{free_port()}"], cwd=site.path,
                              env=build_env(), stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                              preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        deadline = time.monotonic() + 60
        while len(recorded_pids(pids)) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(recorded_pids(pids)) == 2, "the snippet never started"
        started = psutil.Process(server.pid).children(recursive=True)  # workers, the snippet, its child
        assert started
        server.send_signal(getattr(signal, signum))
        stopped = time.monotonic()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            threads = [p.cmdline() for p in psutil.Process(server.pid).children(recursive=True)]
            raise AssertionError(f"serve still running 30 s after {signum}; its processes: {threads}\n"
                                 + (tmp_path / "serve.log").read_text()[-3000:]) from None
        assert time.monotonic() - stopped < 2, f"serve took {time.monotonic() - stopped:.1f} s to stop"
        left = still_running([p.pid for p in started] + recorded_pids(pids), seconds=2)
        assert left == [], [psutil.Process(pid).cmdline() for pid in left if running(pid)]
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()


# --- the weak items -----------------------------------------------------------------------------------

def test_a_python_fence_with_an_include_and_more_fails_naming_page_and_line(mini_site):
    mini_site.snippet("a.py", "print('a')\n")
    mini_site.page("index.md", "a.py")
    for lang in ("en", "de"):
        (mini_site.path / "docs" / lang / "mixed.md").write_text(
            '# mixed\n\n```python\n--8<-- "a.py"\nprint("extra")\n```\n')
        (mini_site.path / "docs" / lang / "options.md").write_text(
            '# options\n\nText.\n\n``` py linenums="1"\n--8<-- "a.py"\n```\n')
    proc = mini_site.build()
    assert proc.returncode != 0
    assert "docs/en/mixed.md:3: a Python fence with a snippet include must hold only" in proc.log
    assert "docs/de/options.md:5: " in proc.log and "linenums" in proc.log


def test_ansi_escapes_are_stripped_the_same_on_pages_and_in_notebooks(mini_site):
    import json

    from bs4 import BeautifulSoup

    mini_site.snippet("colour.py", 'print("\\x1b[1;31mred\\x1b[0m plain \\x1b]8;;https://x.org\\x1b\\\\link\\x1b]8;;\\x1b\\\\")\n')
    mini_site.page("index.md", "colour.py")
    proc = mini_site.build()
    assert proc.returncode == 0, proc.log
    for url, notebook in (("", "index.en.ipynb"), ("de/", "de/index.de.ipynb")):
        page = BeautifulSoup(mini_site.html(url), "html.parser").select_one(".snippet-output code").get_text()
        assert page == "red plain link"
        cells = json.loads((mini_site.path / "site" / notebook).read_text())["cells"]
        outputs = [o for c in cells if c["cell_type"] == "code" for o in c["outputs"]]
        assert "".join(outputs[0]["text"]) == "red plain link\n"
    assert "\x1b" not in (mini_site.path / "site" / "index.html").read_text()


WHERE = """\
import os, tempfile
from pathlib import Path
print(__file__)
print(os.getcwd())
print(Path("data.pt").resolve())
print(Path(tempfile.mkdtemp(prefix="mine-")).parent)
"""


def test_paths_a_snippet_prints_are_the_same_on_every_machine(tmp_path):
    outputs = []
    for machine in ("one", "two"):
        project = tmp_path / machine / "project"
        (project / "snippets" / "lesson").mkdir(parents=True)
        (project / "snippets" / "lesson" / "where.py").write_text(WHERE)
        outputs.append(engine_for(project).run(["lesson/where.py"], fresh=True).outcomes["lesson/where.py"].result)
    assert outputs[0].status == "ok", outputs[0]
    assert outputs[0].output == outputs[1].output
    assert outputs[0].output == "snippets/lesson/where.py\n<cwd>\n<cwd>/data.pt\n<cwd>\n"


LEAVES_FILES = """\
import os, tempfile
os.makedirs("made/here")
with open("made/here/file.txt", "w") as handle:
    handle.write("x")
mine = tempfile.mkdtemp()
open(RECORD, "w").write(os.getcwd() + "\\n" + mine)
"""


def test_temporary_directories_are_removed_after_each_run(project):
    record = project / "record"
    result = run_one(project, "files.py", code(LEAVES_FILES, RECORD=repr(str(record)))).result
    assert result.status == "ok", result
    cwd, mine = record.read_text().splitlines()
    assert not Path(cwd).exists() and not Path(mine).exists()


def test_a_reference_missing_from_a_translation_is_a_warning_strict_fails_on(mini_site):
    mini_site.snippet("a.py", "print('a')\n")
    mini_site.snippet("b.py", "print('b')\n")
    mini_site.page("index.md", "a.py", "b.py", langs=("en",))
    mini_site.page("index.md", "a.py", langs=("de",))
    proc = mini_site.build()
    assert proc.returncode != 0
    assert "WARNING" in proc.log
    assert "docs/de/index.md does not include snippet b.py, which docs/en/index.md:7 includes" in proc.log
