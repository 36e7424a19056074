"""Find snippet references in Markdown pages.

A reference is a Python fence whose only line is a pymdownx.snippets include of a
whole file from the snippets folder, the same in every language:

    ```python
    --8<-- "tensors-and-gradients/polynomial.py"
    ```

It may be indented (inside an admonition, a tab or a collapsed block). A snippet
that draws (a matplotlib figure, or an autograd graph with `# snippet: graph=...`)
needs a text alternative in the page's language, given on the fence:

    ```python alt="The loss falls quickly, then levels off near zero."
    --8<-- "linear-regression-sgd/loss_curve.py"
    ```
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

REFERENCE = re.compile(
    r'^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?:python3?|py)'
    r'(?:[ \t]+alt="(?P<alt>[^"\n]*)")?[ \t]*\n'
    r'(?P=indent)[ \t]*--8<--[ \t]+"(?P<name>[^"\n]+)"[ \t]*\n'
    r'(?P=indent)(?P=fence)[ \t]*$',
    re.MULTILINE,
)


@dataclass(frozen=True)
class Reference:
    page: str  # the page's path as given (e.g. relative to the project root)
    line: int  # 1-based line of the opening fence
    name: str  # snippet path relative to the snippets folder
    start: int  # character span of the whole fence in the page text
    end: int
    indent: str
    alt: str | None = None  # text alternative of what the snippet draws, in the page's language


def find_references(text: str, page: str) -> list[Reference]:
    return [
        Reference(
            page=page,
            line=text.count("\n", 0, match.start()) + 1,
            name=match.group("name"),
            start=match.start(),
            end=match.end(),
            indent=match.group("indent"),
            alt=match.group("alt"),
        )
        for match in REFERENCE.finditer(text)
    ]


def scan_pages(docs_dir: Path, relative_to: Path | None = None, find=find_references) -> list:
    """Every reference (as `find` finds them: snippet fences, or values.find_values for executed values
    in prose) in every Markdown file under `docs_dir`, in a stable order."""
    docs_dir = Path(docs_dir)
    base = Path(relative_to) if relative_to else docs_dir
    references = []
    for path in sorted(docs_dir.rglob("*.md")):
        page = path.relative_to(base).as_posix()
        references.extend(find(path.read_text(encoding="utf-8"), page))
    return references
