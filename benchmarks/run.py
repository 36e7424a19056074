"""Build-speed benchmark: a synthetic course of N lessons x 4 languages sharing K snippets.

    make benchmark                       # defaults: 100 lessons, 300 snippets; writes README.md
    make benchmark ARGS=--quick          # 10 lessons, 30 snippets, for development; README untouched
    .venv/bin/python benchmarks/run.py --lessons 20 --snippets 60

Builds the same site seven ways (the cheap runs a0, a, d, e, f three times, median reported) and prints, side by
side, wall time, snippet executions and peak memory (sum of the resident memory of the build's process tree):

  (a0) no execution, pages of code only  (a) no execution: the same pages, each output pasted in (the floor)
  (b)  markdown-exec                     (c) ours, cold cache
  (d)  ours, warm, nothing changed       (e) ours after editing one snippet
  (f)  ours after editing one page's prose

The floor (a) is what the site costs to build when nothing runs: the very pages our engine makes, with each
snippet's output typed in as a text block (taken from the cold run's results), as a tutorial without an engine
shows it. The pages of code only (a0) are reported beside it: what showing outputs costs MkDocs at all (more
to highlight, to index for search, to write).

The sites live in /dev/shm (memory) when the machine has it: on this VM's disk the time MkDocs takes to rewrite
the same 400 pages varies between 0.1 and 0.6 s from one build to the next (ext4 flushes a file that is
replaced by truncation), which would decide the ratios.

Each snippet does 20-50 ms of real torch work and appends a line to a counter file when it
runs, so executions are counted the same way for every engine. Then serve_loop.py measures the
author's loop under `mkdocs serve`. The figures, the ratios against the engine's targets, the date and
the machine go into README.md between `<!-- benchmark -->` and `<!-- /benchmark -->` (report.py), only
for the full size unless --write-readme is given.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
import report  # noqa: E402  (the README section)

ROOT = Path(__file__).resolve().parent.parent
LANGS = ["en", "it", "zh", "de"]

SNIPPET = """\
import os
import time
import torch

started = time.perf_counter()
a = torch.randn({size}, {size})
for _ in range({reps}):
    a = torch.tanh(a @ a.T / {size})
print("snippet {name}:", a.sum().item())
with open(os.environ["BENCH_COUNTER"], "a") as counter:
    counter.write(f"{name} {{time.perf_counter() - started}}\\n")
"""

MKDOCS = """\
site_name: Benchmark
docs_dir: docs
theme:
  name: material
  font: false
markdown_extensions:
  - attr_list
  - pymdownx.superfences
  - pymdownx.snippets:
      base_path: !relative $config_dir/snippets
      check_paths: true
plugins:
  - search
{engine}
  - i18n:
      docs_structure: folder
      languages:
        - {{locale: en, name: English, default: true}}
        - {{locale: it, name: Italiano}}
        - {{locale: zh, name: 中文}}
        - {{locale: de, name: Deutsch}}
"""

ENGINES = {
    "none": "",
    "ours": "  - executed-snippets:\n      timeout: 120\n"
            "      labels: {it: {output: Output}, zh: {output: 输出}, de: {output: Ausgabe}}",
    "markdown-exec": "  - markdown-exec",
}


# Each language's prose in its own script: a Chinese page makes the search plugin load jieba (about 0.5 s), so
# the floor (a) must have Chinese text too, as every real site in Chinese does, or the ratios would charge
# that to the engine (whose Chinese "Output" label would be the only Chinese on the site).
PROSE = {"en": "Paragraph {k} of lesson {j} in English.", "it": "Paragrafo {k} della lezione {j}, in italiano.",
         "zh": "第 {j} 课的第 {k} 段，用中文写成。", "de": "Absatz {k} der Lektion {j}, auf Deutsch."}


def calibrate(target_ms: float) -> tuple[int, int]:
    """(size, reps) of a tanh/matmul loop taking about target_ms in a fresh process on this machine."""
    code = textwrap.dedent("""\
        import time, torch
        torch.set_num_threads(1)
        a = torch.randn(128, 128)
        for _ in range(20): a = torch.tanh(a @ a.T / 128)
        t = time.perf_counter()
        for _ in range(200): a = torch.tanh(a @ a.T / 128)
        print((time.perf_counter() - t) / 200 * 1000)
        """)
    per_rep = float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                   check=True).stdout)
    return 128, max(1, round(target_ms / per_rep))


def generate(folder: Path, lessons: int, snippets: int, loops: dict, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    (folder / "snippets").mkdir(parents=True)
    names = []
    for i in range(snippets):
        size, reps = loops[rng.choice(list(loops))]
        name = f"s{i:04d}.py"
        (folder / "snippets" / name).write_text(SNIPPET.format(name=name, size=size, reps=reps))
        names.append(name)
    per_lesson = max(1, snippets // lessons)
    for lang in LANGS:
        (folder / "docs" / lang).mkdir(parents=True)
        for j in range(lessons):
            refs = [names[(j * per_lesson + k) % snippets] for k in range(per_lesson)]
            body = "\n\n".join(f"{PROSE[lang].format(k=k, j=j)}\n\n```python\n--8<-- \"{r}\"\n```"
                               for k, r in enumerate(refs))
            (folder / "docs" / lang / f"lesson-{j:03d}.md").write_text(f"# Lesson {j}\n\n{body}\n")
        (folder / "docs" / lang / "index.md").write_text("# Benchmark\n\nA synthetic course.\n")
    return names


def use_engine(folder: Path, engine: str) -> None:
    (folder / "mkdocs.yml").write_text(MKDOCS.format(engine=ENGINES[engine]))
    fence = {"markdown-exec": '```python exec="on" result="text"', "ours": "```python", "none": "```python"}
    for page in (folder / "docs").rglob("lesson-*.md"):
        lines = page.read_text().split("\n")
        page.write_text("\n".join(fence[engine] if line.startswith("```python") else line for line in lines))


def paste_outputs(ours: Path, floor: Path) -> None:
    """`floor`: the code-only site with each snippet's output after its fence, as a text block; the outputs are
    the results our engine cached in `ours` (its cold build ran them)."""
    from snippetexec import settings
    from snippetexec.run import Engine

    _, options = settings.load_site(ours / "mkdocs.yml")  # as the CLI does: the options the build used
    engine = Engine(**settings.engine_options(options, ours), cache_dir=settings.cache_folder(options, ours))
    report_ = engine.prepare(engine.all_snippet_names())
    if report_.pending:
        raise SystemExit(f"{len(report_.pending)} snippets have no cached result in {ours}: run its cold build first")
    outputs = {name: outcome.result.output.rstrip("\n") for name, outcome in report_.outcomes.items()}
    for page in (floor / "docs").rglob("lesson-*.md"):
        page.write_text(re.sub(r'```python\n--8<-- "(.*?)"\n```',
                               lambda m: f"{m[0]}\n\n```text\n{outputs[m[1]]}\n```", page.read_text()))


def build(folder: Path) -> dict:
    counter = folder / "counter.txt"
    counter.write_text("")
    env = dict(os.environ, BENCH_COUNTER=str(counter), NO_MKDOCS_2_WARNING="1")
    for name in ("SNIPPETEXEC_FRESH", "SNIPPETEXEC_CACHE_DIR"):  # each site keeps its own cache: c is cold
        env.pop(name, None)
    started = time.perf_counter()
    process = psutil.Popen([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(folder / "site")],
                           cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak = 0
    while process.poll() is None:
        try:
            tree = [process] + process.children(recursive=True)
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.05)
    seconds = time.perf_counter() - started
    stderr = process.stderr.read().decode()
    if process.returncode:
        raise SystemExit(f"build failed in {folder}:\n{stderr[-3000:]}")
    runs = [float(line.split()[1]) for line in counter.read_text().splitlines()]
    return {"seconds": seconds, "executions": len(runs), "snippet_seconds": sum(runs), "peak_mb": peak / 2**20}


def torch_import_seconds() -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import torch, torch.optim, torch._dynamo"], check=True)
    return time.perf_counter() - started


def machine() -> dict:
    """What the figures were measured on, for the README."""
    import platform

    cpu = platform.processor() or platform.machine()
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    torch = subprocess.run([sys.executable, "-c", "import torch; print(torch.__version__)"], capture_output=True,
                           text=True).stdout.strip() or "absent"
    return {"cpu": cpu, "cores": len(os.sched_getaffinity(0)), "python": platform.python_version(), "torch": torch,
            "load": os.getloadavg()[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lessons", type=int, default=report.FULL_SIZE["lessons"])
    parser.add_argument("--snippets", type=int, default=report.FULL_SIZE["snippets"])
    parser.add_argument("--quick", action="store_true", help="10 lessons, 30 snippets: for development")
    parser.add_argument("--repeat", type=int, default=3, help="builds per cheap run (median is reported)")
    parser.add_argument("--keep", action="store_true", help="keep the generated sites")
    parser.add_argument("--no-serve", action="store_true", help="skip the mkdocs serve author-loop measurement")
    parser.add_argument("--no-readme", action="store_true", help="do not write README.md (full size writes it)")
    parser.add_argument("--write-readme", action="store_true",
                        help="write README.md even for a size other than the full one")
    args = parser.parse_args()
    if args.quick:
        args.lessons, args.snippets = 10, 30
    size = {"lessons": args.lessons, "snippets": args.snippets}

    started_at = time.strftime("%Y-%m-%d %H:%M")
    host = machine()
    loops = {ms: calibrate(ms) for ms in (20, 30, 40, 50)}
    memory = Path("/dev/shm")
    work = Path(tempfile.mkdtemp(prefix="snippet-bench-", dir=memory if memory.is_dir() else None))
    host["where"] = "memory (/dev/shm)" if memory.is_dir() else "disk"
    print(f"synthetic course: {args.lessons} lessons x {len(LANGS)} languages, {args.snippets} snippets "
          f"of 20-50 ms, in {work}; {host['cores']} cores usable, load average {host['load']:.2f}", flush=True)
    base = work / "template"
    names = generate(base, args.lessons, args.snippets, loops)
    sites = {}
    for engine in ENGINES:
        sites[engine] = work / engine
        shutil.copytree(base, sites[engine])
        use_engine(sites[engine], engine)

    ours = sites["ours"]
    snippet = ours / "snippets" / names[0]
    page = ours / "docs" / "en" / "lesson-000.md"

    def edit_snippet(i):
        snippet.write_text(snippet.read_text().replace('print("', f'print("edit {i} ', 1))

    def edit_page(i):
        page.write_text(page.read_text().replace("Paragraph 0", f"Edited ({i}) paragraph 0", 1))

    def median(runs):
        return sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]

    def repeated(folder, before=None):
        """Median of `args.repeat` builds (`before(i)` runs before build i): the cheap runs are noisy."""
        runs = []
        for i in range(args.repeat):
            if before:
                before(i)
            runs.append(build(folder))
        return median(runs)

    rows = {}
    rows["b"] = build(sites["markdown-exec"])
    shutil.rmtree(ours / ".cache", ignore_errors=True)
    rows["c"] = build(ours)
    sites["pasted"] = work / "pasted"
    shutil.copytree(sites["none"], sites["pasted"])
    paste_outputs(ours, sites["pasted"])
    # a0, a and d in turns: the tightest ratio (d/a) compares builds made under the same load
    turns = {"a0": [], "a": [], "d": []}
    for _ in range(args.repeat):
        for key, site in (("a0", "none"), ("a", "pasted"), ("d", "ours")):
            turns[key].append(build(sites[site]))
    for key in ("a0", "a"):
        rows[key] = median(turns[key])
    rows = {key: rows[key] for key in ("a0", "a", "b", "c")}
    rows["d"] = median(turns["d"])
    rows["e"] = repeated(ours, edit_snippet)
    rows["f"] = repeated(ours, edit_page)
    cold_bound = {"torch_import": torch_import_seconds(), "snippet_seconds": rows["c"]["snippet_seconds"],
                  "cores": host["cores"]}
    if not args.keep:
        shutil.rmtree(work)
    serve = None
    if not args.no_serve:
        import serve_loop

        print("measuring the author loop (mkdocs serve)...", flush=True)
        serve = serve_loop.measure(repeat=args.repeat, loops=loops, keep=args.keep)
    text = report.section(rows, size, host, started_at, cold_bound, serve)
    print("\n" + text)
    wrong = report.problems(text) if serve is not None else []
    if wrong:
        raise SystemExit("the section does not add up (a bug in benchmarks/report.py):\n  " + "\n  ".join(wrong))
    readme = ROOT / "README.md"
    if args.no_readme:
        return
    if size != report.FULL_SIZE and not args.write_readme:
        print(f"\nREADME.md not written: this is not the full size {report.FULL_SIZE} "
              f"(--write-readme writes it anyway)")
        return
    if serve is None:
        print("\nREADME.md not written: the author loop was not measured (--no-serve)")
        return
    report.write(readme, text)
    print(f"\nwritten into {readme}")


if __name__ == "__main__":
    main()
