"""Command line: run snippets and print their outputs, without MkDocs; share results; scaffold a lesson.

    snippetexec run [NAME ...] [--fresh] [--shard K/N]
                                 run snippets (all, or the named ones; --shard: the K-th of N parts),
                                 print each output and the executed values pages show; exit 1 on failure
    snippetexec list [NAME ...] [--shard K/N]
                                 the snippets `run` would run, one a line
    snippetexec merge-cache DIR ...
                                 copy the results in cache folders (of shards, other machines) into this
                                 project's cache: the next build runs none of those snippets
    snippetexec new LESSON       a new lesson: its page in every language, a first snippet
                                 with a checks section, its nav entry
    snippetexec clear-cache      delete cached results
    snippetexec prune            delete the cached results and notebooks the last build did not use

Run it from anywhere in the project: it finds the project by walking up to mkdocs.yml and uses the options
of its `executed-snippets` plugin (snippets_dir, timeout, max_output, memory_limit, preload, workers, cache,
cache_dir) and the executed values its pages ask for, so a result it stores is the one the build looks for.
SNIPPETEXEC_CACHE_DIR moves the cache, as for the build; the options below override mkdocs.yml. NAME may be
`lesson/name.py`, `snippets/lesson/name.py`, a path from the current folder, a lesson folder, or a
glob (`'lesson/*.py'`).
"""

from __future__ import annotations

import argparse
import difflib
import fnmatch
import os
import sys
from pathlib import Path

from snippetexec import report, settings
from snippetexec.run import Engine


class CommandError(Exception):
    """Something the author asked for that cannot be done: one line, no traceback."""


def project_root(start: Path) -> Path:
    """The nearest folder, from `start` up, that holds mkdocs.yml (else `start`)."""
    for folder in (start, *start.parents):
        if (folder / "mkdocs.yml").is_file():
            return folder
    return start


def resolve_names(arguments: list[str], engine: Engine, cwd: Path) -> list[str]:
    """Snippet names (relative to the snippets folder) for what an author typed."""
    known = engine.all_snippet_names()
    names: list[str] = []
    for argument in arguments:
        candidates = [argument]
        path = (cwd / argument).resolve()
        if path.is_relative_to(engine.snippets_dir):
            candidates.insert(0, path.relative_to(engine.snippets_dir).as_posix())
        folder = engine.snippets_dir.name + "/"
        if argument.startswith(folder):
            candidates.append(argument[len(folder):])
        found = []
        for candidate in candidates:
            candidate = candidate.rstrip("/")
            if candidate in known:
                found = [candidate]
            elif any(char in candidate for char in "*?["):
                found = [name for name in known if fnmatch.fnmatch(name, candidate)]
            else:
                found = [name for name in known if name.startswith(candidate + "/")]  # a lesson folder
            if found:
                break
        if not found:
            close = difflib.get_close_matches(argument.removeprefix(folder), known, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]}?" if close else ""
            raise CommandError(f"no snippet {argument!r} in {engine.relative(engine.snippets_dir)}/{hint}")
        names.extend(name for name in found if name not in names)
    return names


def parse_shard(text: str) -> tuple[int, int]:
    """`K/N` (the K-th of N parts, 1 <= K <= N) as (K, N)."""
    try:
        index, count = (int(part) for part in text.split("/"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not K/N, e.g. 2/3") from None
    if not 1 <= index <= count:
        raise argparse.ArgumentTypeError(f"{text!r}: K must be between 1 and N")
    return index, count


def shard(names: list[str], index: int, count: int) -> list[str]:
    """The `index`-th (from 1) of `count` parts of `names`: round-robin over the sorted names, so the parts
    are disjoint, cover every name, differ in size by one at most, and every machine computes the same ones."""
    return sorted(names)[index - 1::count]


def chosen_names(args, engine: Engine, scan: settings.PageScan) -> list[str]:
    """What `run` and `list` work on: the named snippets, else those pages use and every snippet file."""
    names = (resolve_names(args.names, engine, Path.cwd()) if args.names
             else list(dict.fromkeys(scan.names + engine.all_snippet_names())))
    return shard(names, *args.shard) if args.shard else names


def list_command(args, engine: Engine, scan: settings.PageScan) -> int:
    for name in chosen_names(args, engine, scan):
        print(name)
    return 0


def run_command(args, engine: Engine, scan: settings.PageScan) -> int:
    if args.shard and engine.cache.folder is None:
        raise CommandError("mkdocs.yml sets cache: false, so a shard's results would be lost: give --cache-dir")
    names = chosen_names(args, engine, scan)
    result = engine.run(names, fresh=args.fresh, values=scan.values)
    for name, outcome in result.outcomes.items():
        if outcome.result.good:
            print(f"=== {name} ({outcome.result.status}{', cached' if outcome.cached else ''})")
            print(outcome.result.output, end="" if outcome.result.output.endswith("\n") else "\n")
            drawn = len(outcome.result.figures) + bool(outcome.result.graph)
            if drawn:
                print(f"--- drew {drawn} picture(s): {'the autograd graph, ' if outcome.result.graph else ''}"
                      f"{len(outcome.result.figures)} matplotlib figure(s)")
            for key, value in sorted(outcome.result.values.items()):
                print(f"--- value {{{{ {name}: {key} }}}} = {value.get('text', value.get('error'))}")
    if result.failures:
        print(report.describe_failures(result, engine.relative(engine.snippets_dir),
                                       report.included_by(scan.references + scan.value_refs)), file=sys.stderr)
        return 1
    where = f"shard {args.shard[0]}/{args.shard[1]}: " if args.shard else ""
    print(where + report.timings(result), file=sys.stderr)
    return 0


def merge_command(args, engine: Engine) -> int:
    if engine.cache.folder is None:
        raise CommandError("mkdocs.yml sets cache: false: there is no cache folder to merge into (give --cache-dir)")
    for folder in args.folders:
        if not Path(folder).is_dir():
            raise CommandError(f"{folder}: no such folder")
    for folder in args.folders:
        count = engine.cache.merge(Path(folder))
        damaged = f", {len(count.damaged)} damaged, skipped: {', '.join(map(str, count.damaged))}" if count.damaged else ""
        print(f"{folder}: {count.added} results added, {count.present} already in "
              f"{engine.relative(engine.cache.folder)}{damaged}")
    return 0


PAGE = """\
# {title}

!!! abstract "Goal"
    What the reader will be able to do after this lesson.

Introduce the idea, then show it executed:

```python
--8<-- "{lesson}/first.py"
```

State each result the code computes as an executed value: the gradient is
{{{{ {lesson}/first.py: x.grad.item() }}}}.

## Exercise

A task for the reader.

??? success "Solution"
    The solution, with its own checked snippet.
"""

SNIPPET = """\
import torch

x = torch.tensor(3.0, requires_grad=True)
y = x ** 2
y.backward()
print("x.grad:", x.grad)
# --- checks ---
assert x.grad.item() == 6.0  # every number the page states is checked here
"""


def new_command(args, engine: Engine, root: Path, docs: Path) -> int:
    """Scaffold a lesson; the tests then say what is still missing (translations, exercise...)."""
    lesson = args.lesson.removesuffix(".md")
    if not lesson.replace("-", "").isalnum() or lesson != lesson.lower():
        raise CommandError(f"{args.lesson!r}: a lesson is a lowercase slug, e.g. hooks or custom-functions")
    languages = sorted(p.name for p in docs.iterdir() if p.is_dir() and len(p.name) == 2) if docs.is_dir() else []
    pages = [docs / lang / f"{lesson}.md" for lang in languages] or [docs / f"{lesson}.md"]
    snippet = engine.snippets_dir / lesson / "first.py"
    existing = [p for p in [*pages, snippet] if p.exists()]
    if existing:
        raise CommandError(f"{engine.relative(existing[0])} already exists")
    title = lesson.replace("-", " ").capitalize()
    snippet.parent.mkdir(parents=True, exist_ok=True)
    snippet.write_text(SNIPPET, encoding="utf-8")
    print(f"created {engine.relative(snippet)}")
    for page in pages:
        text = PAGE.format(title=title, lesson=lesson)
        if page.parent.name not in ("en", docs.name):  # marked untranslated: the build shows a notice
            text = '---\ntranslation_of: "untranslated"\n---\n\n' + text
        page.write_text(text, encoding="utf-8")
        print(f"created {engine.relative(page)}" + ("" if page.parent.name in ("en", docs.name)
                                                  else "  (English text, marked untranslated)"))
    config = root / "mkdocs.yml"
    if config.is_file() and add_to_nav(config, f"{lesson}.md", args.after):
        print(f"added {lesson}.md to nav in mkdocs.yml")
    print("next: write the lesson, then run the tests: they list what is still missing")
    return 0


def add_to_nav(config: Path, page: str, after: str | None) -> bool:
    """Insert `- page` into mkdocs.yml's nav (after `after`, else at its end), keeping the file's text."""
    lines = config.read_text(encoding="utf-8").split("\n")
    try:
        start = lines.index("nav:")
    except ValueError:
        return False
    end = start + 1
    while end < len(lines) and (lines[end].startswith((" ", "\t")) or not lines[end].strip()):
        end += 1
    entries = [i for i in range(start + 1, end) if lines[i].strip().startswith("- ")]
    if not entries:
        return False
    indent = lines[entries[0]][: len(lines[entries[0]]) - len(lines[entries[0]].lstrip())]
    at = entries[-1] + 1
    if after:
        matches = [i for i in entries if lines[i].strip().endswith(after)]
        if not matches:
            raise CommandError(f"--after {after}: no such entry in the nav of mkdocs.yml")
        at = matches[0] + 1
    lines.insert(at, f"{indent}- {page}")
    config.write_text("\n".join(lines), encoding="utf-8")
    return True


def main(argv: list[str] | None = None) -> int:
    try:
        code = run_cli(argv)
        sys.stdout.flush()
        return code
    except BrokenPipeError:  # `snippetexec list | head`: the reader stopped reading, which is not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing left to flush at exit
        return 0


def run_cli(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="snippetexec", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", help="project root (default: the nearest folder up with mkdocs.yml)")
    parser.add_argument("--snippets", help="snippets folder, relative to the root (default: mkdocs.yml's "
                                           "snippets_dir, else snippets)")
    parser.add_argument("--docs", help="pages folder, relative to the root (default: mkdocs.yml's docs_dir)")
    parser.add_argument("--cache-dir", help="relative to the root (default: $SNIPPETEXEC_CACHE_DIR, else "
                                            "mkdocs.yml's cache_dir, else .cache/snippetexec)")
    parser.add_argument("--timeout", type=float, help="seconds per snippet (default: mkdocs.yml's timeout, else 60)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run = commands.add_parser("run", help="run snippets and print their outputs and values")
    listing = commands.add_parser("list", help="the snippets run would run, one a line")
    for command in (run, listing):
        command.add_argument("names", nargs="*", help="snippets: lesson/name.py, snippets/lesson/name.py, a lesson "
                                                      "folder or a glob (default: every snippet)")
        command.add_argument("--shard", type=parse_shard, metavar="K/N",
                             help="only the K-th of N parts of those snippets (the same parts on every machine)")
    run.add_argument("--fresh", action="store_true", help="ignore the cache")
    merge = commands.add_parser("merge-cache", help="copy the results of other cache folders into this project's")
    merge.add_argument("folders", nargs="+", metavar="DIR", help="cache folders, e.g. those of the shards")
    new = commands.add_parser("new", help="scaffold a lesson: its pages, a first snippet, its nav entry")
    new.add_argument("lesson", help="the lesson's slug, e.g. hooks")
    new.add_argument("--after", help="nav entry to put the lesson after (default: the end of the nav)")
    commands.add_parser("clear-cache", help="delete cached results")
    commands.add_parser("prune", help="delete the cached results and notebooks the last build did not use")
    args = parser.parse_args(argv)

    root = Path(args.root).resolve() if args.root else project_root(Path.cwd().resolve())
    try:
        engine, docs = project_engine(args, root)
        if args.command == "clear-cache":
            engine.cache.clear()
            print(f"cleared {engine.relative(engine.cache.folder) if engine.cache.folder else 'the memory cache'}")
            return 0
        if args.command == "prune":
            return prune_command(engine)
        if args.command == "merge-cache":
            return merge_command(args, engine)
        if not engine.snippets_dir.is_dir():
            raise CommandError(f"no {engine.relative(engine.snippets_dir)}/ folder in {root} (run it inside a "
                               f"project, or give --root)")
        if args.command == "new":
            return new_command(args, engine, root, docs)
        scan = settings.scan_site(docs, root)
        return list_command(args, engine, scan) if args.command == "list" else run_command(args, engine, scan)
    except CommandError as error:
        print(f"snippetexec {args.command}: {error}", file=sys.stderr)
        return 2


def prune_command(engine: Engine) -> int:
    if engine.cache.folder is None:
        raise CommandError("the site keeps no cache on disk (cache: false): nothing to prune")
    try:
        count = engine.cache.prune()
    except KeyError as error:
        raise CommandError(error.args[0]) from None
    print(f"removed {count.removed['json']} results and {count.removed['ipynb']} notebooks "
          f"({count.bytes / 1e6:.1f} MB) that the last build did not use; kept {count.kept} "
          f"({engine.relative(engine.cache.folder)})")
    return 0


def project_engine(args, root: Path) -> tuple[Engine, Path]:
    """The Engine the build would make (from mkdocs.yml's plugin options, command-line options first), and
    the pages folder."""
    from mkdocs.exceptions import ConfigurationError

    config_file = root / "mkdocs.yml"
    config, options = None, None
    if config_file.is_file():
        try:
            config, options = settings.load_site(config_file)
        except ConfigurationError as error:
            raise CommandError(f"{config_file}: {error}") from None
    try:
        chosen = settings.engine_options(options, root)
    except settings.SettingsError as error:
        raise CommandError(str(error)) from None
    if args.snippets:
        chosen["snippets_dir"] = root / args.snippets
    if args.timeout is not None:
        chosen["timeout"] = args.timeout
    cache_dir = settings.cache_folder(options, root, explicit=root / args.cache_dir if args.cache_dir else None)
    docs = root / args.docs if args.docs else Path(config.docs_dir) if config is not None else root / "docs"
    return Engine(**chosen, cache_dir=cache_dir), docs


if __name__ == "__main__":
    sys.exit(main())
