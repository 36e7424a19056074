"""Command line: run snippets and print their outputs, without MkDocs; scaffold a lesson.

    snippetexec run [NAME ...] [--fresh]   run snippets (all, or the named ones), print each output
                                           and the executed values pages show; exit 1 on failure
    snippetexec new LESSON                 a new lesson: its page in every language, a first snippet
                                           with a checks section, its nav entry
    snippetexec clear-cache                delete cached results

Run it from anywhere in the project: it finds the project by walking up to mkdocs.yml. NAME may be
`lesson/name.py`, `snippets/lesson/name.py`, a path from the current folder, a lesson folder, or a
glob (`'lesson/*.py'`).
"""

from __future__ import annotations

import argparse
import difflib
import fnmatch
import sys
from pathlib import Path

from snippetexec import report, values
from snippetexec.discover import scan_pages
from snippetexec.run import DEFAULT_TIMEOUT, Engine


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


def run_command(args, engine: Engine, root: Path) -> int:
    docs = root / args.docs
    references = scan_pages(docs, relative_to=root) if docs.is_dir() else []
    value_refs = scan_pages(docs, relative_to=root, find=values.find_values) if docs.is_dir() else []
    names = (resolve_names(args.names, engine, Path.cwd()) if args.names
             else list(dict.fromkeys([r.name for r in references] + engine.all_snippet_names())))
    result = engine.run(names, fresh=args.fresh, values=values.requests_by_snippet(value_refs))
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
        print(report.describe_failures(result, args.snippets, report.included_by(references + value_refs)),
              file=sys.stderr)
        return 1
    print(report.timings(result), file=sys.stderr)
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


def new_command(args, engine: Engine, root: Path) -> int:
    """Scaffold a lesson; the tests then say what is still missing (translations, exercise...)."""
    lesson = args.lesson.removesuffix(".md")
    if not lesson.replace("-", "").isalnum() or lesson != lesson.lower():
        raise CommandError(f"{args.lesson!r}: a lesson is a lowercase slug, e.g. hooks or custom-functions")
    docs = root / args.docs
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
    parser = argparse.ArgumentParser(prog="snippetexec", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", help="project root (default: the nearest folder up with mkdocs.yml)")
    parser.add_argument("--snippets", default="snippets", help="snippets folder, relative to the root")
    parser.add_argument("--docs", default="docs", help="pages folder, relative to the root")
    parser.add_argument("--cache-dir", default=".cache/snippetexec", help="relative to the root")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds per snippet")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run = commands.add_parser("run", help="run snippets and print their outputs and values")
    run.add_argument("names", nargs="*", help="snippets: lesson/name.py, snippets/lesson/name.py, a lesson folder "
                                              "or a glob (default: every snippet)")
    run.add_argument("--fresh", action="store_true", help="ignore the cache")
    new = commands.add_parser("new", help="scaffold a lesson: its pages, a first snippet, its nav entry")
    new.add_argument("lesson", help="the lesson's slug, e.g. hooks")
    new.add_argument("--after", help="nav entry to put the lesson after (default: the end of the nav)")
    commands.add_parser("clear-cache", help="delete cached results")
    args = parser.parse_args(argv)

    root = Path(args.root).resolve() if args.root else project_root(Path.cwd().resolve())
    engine = Engine(root, root / args.snippets, timeout=args.timeout, cache_dir=root / args.cache_dir)
    try:
        if args.command == "clear-cache":
            engine.cache.clear()
            print(f"cleared {args.cache_dir}")
            return 0
        if not engine.snippets_dir.is_dir():
            raise CommandError(f"no {args.snippets}/ folder in {root} (run it inside a project, or give --root)")
        return new_command(args, engine, root) if args.command == "new" else run_command(args, engine, root)
    except CommandError as error:
        print(f"snippetexec {args.command}: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
