"""Read a snippet file: its code, what a page shows of it, and what it declares.

A snippet is a plain Python file under the snippets folder. Two conventions,
both ordinary comments, so the file stays runnable with `python file.py`:

    # snippet: raises=RuntimeError timeout=5     <- optional directives, first lines
    # snippet: match="non-singleton dimension 1"  <- the error message must contain this
    # snippet: warns="not a leaf Tensor"          <- the output must show a warning saying this
    # snippet: graph=loss                         <- draw the autograd graph of `loss`
    import torch                                  <- shown on the page and run
    ...
    # --- checks ---                              <- optional: everything below runs
    assert x.grad.item() == 72.0                  <-   but is not shown

Directive lines at the top and the checks below the marker are hidden from the
page; line numbers in warnings and errors are always those of the file.
Directive values with spaces are quoted, as in a shell (`match="at version 1"`).
The hidden checks run after the shown code, also when it raised as declared: the
exception is then the name `raised`.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import os
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

DIRECTIVE = re.compile(r"^#\s*snippet:\s*(?P<args>.*)$")
CHECKS_MARKER = "# --- checks ---"
KNOWN_DIRECTIVES = {"raises", "timeout", "graph", "match", "warns"}
IDENTIFIER = re.compile(r"^[A-Za-z_]\w*$")


class SnippetFormatError(ValueError):
    """A snippet file breaks the conventions above."""


@dataclass(frozen=True)
class Snippet:
    """One snippet file, parsed."""

    name: str  # path relative to the snippets folder, with forward slashes
    filename: str  # path shown in warnings and tracebacks: relative to the project root
    code: str  # the whole file: what runs
    first_shown: int  # 1-based line numbers of what a page shows
    last_shown: int
    raises: str | None = None  # exception type name the snippet is declared to raise
    timeout: float | None = None  # overrides the engine's default, in seconds
    imports: tuple[str, ...] = field(default=())  # local modules it imports: "lesson/tiny", "shared" (no .py)
    checks_line: int | None = None  # 1-based line of the checks marker, if any
    graph: tuple[str, ...] = field(default=())  # variables whose autograd graph the page draws
    match: str | None = None  # the declared exception's message must contain this (pinned)
    warns: tuple[str, ...] = field(default=())  # the shown output must hold a warning with each of these

    @property
    def shown_code(self) -> str:
        lines = self.code.splitlines()
        return "\n".join(lines[self.first_shown - 1 : self.last_shown]) + "\n"

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.code.encode()).hexdigest()


@functools.lru_cache(maxsize=16)
def _resolved(folder: Path) -> Path:
    return folder.resolve()


def load_snippet(snippets_dir: Path, name: str, root: Path | None = None, modules: frozenset[str] | None = None
                 ) -> Snippet:
    """Parse `snippets_dir / name`. Raises FileNotFoundError or SnippetFormatError.

    `modules`: local_modules(snippets_dir), when the caller lists them once for many snippets."""
    snippets_dir = Path(snippets_dir)
    path = snippets_dir / name
    if not path.is_file():
        raise FileNotFoundError(path)
    root = Path(root) if root is not None else snippets_dir.parent
    try:
        filename = path.resolve().relative_to(_resolved(root)).as_posix()
    except ValueError:
        filename = f"{snippets_dir.name}/{name}"
    code = path.read_text(encoding="utf-8")
    return parse_snippet(name, filename, code, snippets_dir, modules)


def parse_snippet(name: str, filename: str, code: str, snippets_dir: Path | None = None,
                  modules: frozenset[str] | None = None) -> Snippet:
    lines = code.splitlines()
    options: dict[str, str] = {}
    warns: list[str] = []
    first = 0
    while first < len(lines):
        match = DIRECTIVE.match(lines[first].strip())
        if not match:
            break
        try:
            items = shlex.split(match.group("args"))
        except ValueError as error:
            raise SnippetFormatError(f"{filename}:{first + 1}: {error} in the snippet directive") from None
        for item in items:
            key, sep, value = item.partition("=")
            if not sep or key not in KNOWN_DIRECTIVES:
                raise SnippetFormatError(
                    f"{filename}:{first + 1}: unknown snippet directive {item!r} "
                    f"(known: {', '.join(sorted(KNOWN_DIRECTIVES))}, written as key=value)"
                )
            if key == "warns":
                warns.append(value)
            options[key] = value
        first += 1
    if "match" in options and "raises" not in options:
        raise SnippetFormatError(f"{filename}: match= pins the message of the exception declared with raises=")
    last = len(lines)
    markers = [i for i, line in enumerate(lines) if line.strip() == CHECKS_MARKER]
    if len(markers) > 1:
        raise SnippetFormatError(f"{filename}:{markers[1] + 1}: a second {CHECKS_MARKER!r} marker")
    if markers:
        last = markers[0]
    while first < last and not lines[first].strip():
        first += 1
    while last > first and not lines[last - 1].strip():
        last -= 1
    if first >= last:
        raise SnippetFormatError(f"{filename}: nothing to show (the file has no code above the checks)")
    timeout = None
    if "timeout" in options:
        try:
            timeout = float(options["timeout"])
        except ValueError:
            raise SnippetFormatError(f"{filename}: timeout={options['timeout']!r} is not a number") from None
    graph = tuple(options.get("graph", "").split(",")) if options.get("graph") else ()
    for variable in graph:
        if not IDENTIFIER.match(variable):
            raise SnippetFormatError(f"{filename}: graph={options['graph']!r}: name variables, comma-separated")
    return Snippet(
        name=name,
        filename=filename,
        code=code if code.endswith("\n") else code + "\n",
        first_shown=first + 1,
        last_shown=last,
        raises=options.get("raises"),
        timeout=timeout,
        imports=(local_imports(code, snippets_dir, lesson=Path(name).parent, modules=modules, own=Path(name).stem)
                 if snippets_dir else ()),
        checks_line=markers[0] + 1 if markers else None,
        graph=graph,
        match=options.get("match"),
        warns=tuple(warns),
    )


IMPORT = re.compile(r"^\s*(?:from\s+([\w.]+)\s+import|import\s+([\w.]+(?:\s*,\s*[\w.]+)*))", re.MULTILINE)
WORD = re.compile(r"[A-Za-z_]\w*")
IMPORT_MODULE = re.compile(r"""(?:import_module|__import__)\(\s*['"]([\w.]+)['"]""")


def _statements(nodes):
    """Every statement, at any depth (in functions, classes, if/try/with/match blocks): imports are statements,
    so this finds them all without visiting each expression as ast.walk does (a warm build reads every snippet)."""
    for node in nodes:
        yield node
        for name in ("body", "orelse", "finalbody", "handlers", "cases"):
            inner = getattr(node, name, None)
            if isinstance(inner, list):
                yield from _statements(inner)


def imported_names(code: str) -> list[str]:
    """Top-level names of the modules `code` imports: import and from statements at any depth,
    `import a, b`, importlib.import_module("name") and __import__("name") with a literal name."""
    names = []
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):  # a snippet that shows a SyntaxError: read the lines instead
        for match in IMPORT.finditer(code):
            names.extend(part.strip() for part in (match.group(1) or match.group(2)).split(","))
    else:
        for node in _statements(tree.body):
            if isinstance(node, ast.Import):
                names.extend(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.append(node.module)
    names.extend(IMPORT_MODULE.findall(code))
    return list(dict.fromkeys(name.split(".")[0] for name in names))


def local_modules(snippets_dir: Path) -> frozenset[str]:
    """What `import name` can find in the snippets folder: every `.py` file (without `.py`) and every folder, as
    paths relative to it ("lesson/tiny", "shared"). One walk of the folder, instead of a few file-system
    checks per import of each snippet (a warm build reads every snippet)."""
    folder = str(snippets_dir)
    found = set()
    for directory, subdirectories, files in os.walk(folder):
        subdirectories[:] = [d for d in subdirectories if d != "__pycache__"]
        relative = os.path.relpath(directory, folder).replace(os.sep, "/")
        prefix = "" if relative == "." else relative + "/"
        found.update(prefix + d for d in subdirectories)
        found.update(prefix + f[:-3] for f in files if f.endswith(".py"))
    return frozenset(found)


def local_imports(code: str, snippets_dir: Path, lesson: Path = Path("."),
                  modules: frozenset[str] | None = None, own: str | None = None) -> tuple[str, ...]:
    """Modules of the snippets folder that this code imports (for cache keys), as paths relative to it:
    a `name.py` file or a `name/` package of the snippet's own lesson folder (`lesson`, relative to the
    snippets folder; it comes first on sys.path) or of the snippets folder. `modules`: local_modules(snippets_dir),
    when the caller listed them once; `own`: the code's own module name (its file name, which it may print),
    not a reason to parse it."""
    modules = local_modules(snippets_dir) if modules is None else modules
    prefix = "" if Path(lesson) == Path(".") else Path(lesson).as_posix() + "/"
    if not any(prefix + word in modules or word in modules for word in set(WORD.findall(code)) - {own}):
        return ()  # no word of the code names a local module: nothing to parse (most snippets import torch only)
    found = []
    for name in imported_names(code):
        for base in dict.fromkeys((Path(lesson), Path("."))):
            if (base / name).as_posix() in modules:
                found.append((base / name).as_posix())
                break
    return tuple(found)
