"""The author's loop: how long `mkdocs serve` takes from saving a file to serving the rebuilt page.

    .venv/bin/python benchmarks/serve_loop.py        # prints the figures; `make benchmark` runs it too

Starts `mkdocs serve` on a small synthetic site (4 languages sharing the benchmark's snippets), waits
for its first build, then, `repeat` times each:

* saves a snippet (a new word in what it prints) and polls, over HTTP, the page of every language that
  includes it until all four show the new output;
* saves one page's prose (a new word in a paragraph) and polls that page until it shows it.

Time runs from the write to the first response that holds the new word. The snippet's own run time (what
it measures of itself, as in run.py) is reported beside it: the engine's target is that the snippet case
takes no longer than the prose case plus that run time.
"""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run  # noqa: E402  (the benchmark's site generator)

LESSONS, SNIPPETS = 4, 8


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def page_text(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", errors="replace")
    except OSError:
        return ""


def wait_for(urls: list[str], word: str, started: float, timeout: float, server) -> float:
    """Seconds from `started` until every url has served a page containing `word`."""
    waiting = set(urls)
    while waiting:
        if server.poll() is not None:
            raise SystemExit(f"mkdocs serve stopped:\n{server.stderr.read().decode()[-3000:]}")
        if time.perf_counter() - started > timeout:
            raise SystemExit(f"after {timeout:.0f} s, still no {word!r} in {sorted(waiting)}")
        waiting = {url for url in waiting if word not in page_text(url)}
        if waiting:
            time.sleep(0.02)
    return time.perf_counter() - started


def measure(repeat: int = 3, loops: dict | None = None, keep: bool = False) -> dict:
    """{snippet, prose, snippet_run: median seconds, lessons, repeat}."""
    loops = loops or {50: run.calibrate(50)}
    work = Path(tempfile.mkdtemp(prefix="snippet-serve-"))
    site = work / "site"
    names = run.generate(site, LESSONS, SNIPPETS, {50: loops[max(loops)]})
    run.use_engine(site, "ours")
    counter = work / "counter.txt"
    counter.write_text("")
    port = free_port()
    env = dict(os.environ, BENCH_COUNTER=str(counter), NO_MKDOCS_2_WARNING="1")
    for name in ("SNIPPETEXEC_CACHE_DIR", "SNIPPETEXEC_FRESH"):
        env.pop(name, None)
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                              cwd=site, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    lesson_urls = [f"{base}/{'' if lang == 'en' else lang + '/'}lesson-000/" for lang in run.LANGS]
    try:
        wait_for(lesson_urls, "snippet s0000.py", time.perf_counter(), 300, server)  # the first build
        snippet, page = site / "snippets" / names[0], site / "docs" / "en" / "lesson-001.md"
        snippet_times, prose_times, runs = [], [], []
        for i in range(repeat):
            time.sleep(1.0)  # let the watcher settle after the previous build
            word = f"snippetedit{i}"
            done = len(counter.read_text().splitlines())
            started = time.perf_counter()
            snippet.write_text(snippet.read_text().replace('print("', f'print("{word} ', 1))
            snippet_times.append(wait_for(lesson_urls, word, started, 120, server))
            runs += [float(line.split()[1]) for line in counter.read_text().splitlines()[done:]]
            time.sleep(1.0)
            word = f"proseedit{i}"
            started = time.perf_counter()
            page.write_text(page.read_text().replace("Paragraph 0", f"Paragraph 0 {word}", 1))
            prose_times.append(wait_for([f"{base}/lesson-001/"], word, started, 120, server))
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    return {"snippet": statistics.median(snippet_times), "prose": statistics.median(prose_times),
            "snippet_run": statistics.median(runs) if runs else 0.0, "lessons": LESSONS, "repeat": repeat}


if __name__ == "__main__":
    figures = measure()
    print(f"snippet saved -> all four languages serve it: {figures['snippet']:.2f} s "
          f"(the snippet's own run: {figures['snippet_run']:.2f} s)")
    print(f"prose saved -> the page serves it: {figures['prose']:.2f} s")
