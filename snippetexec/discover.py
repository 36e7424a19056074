"""Find snippet references in Markdown pages.

A reference is a Python fence whose only line is a pymdownx.snippets include of a
whole file from the snippets folder, the same in every language:

    ```python
    --8<-- "tensors-and-gradients/polynomial.py"
    ```

It may be indented (inside an admonition, a tab or a collapsed block). A snippet
that draws (a matplotlib figure, or an autograd graph with `# snippet: graph=...`)
needs a text alternative in the page's language, given on the fence:

    ```python alt="The loss falls quickly, then levels off near zero." caption="Loss per epoch"
    --8<-- "linear-regression-sgd/loss_curve.py"
    ```

The optional caption, after the alt text, is shown under the picture (a <figcaption>) in the page's language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

REFERENCE = re.compile(
    r'^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?:python3?|py)'
    r'(?:[ \t]+alt="(?P<alt>[^"\n]*)")?(?:[ \t]+caption="(?P<caption>[^"\n]*)")?[ \t]*\n'
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
    caption: str | None = None  # the visible caption under it, in the page's language


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
            caption=match.group("caption"),
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


FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\n]*?)[ \t]*$")
PYTHON_FENCE = re.compile(r"^(?:python3?|py)(?:[ \t]|$)|^\{[^}]*\.(?:python3?|py)\b")
INCLUDE = re.compile(r"--8<--")
ALT_OPTION = re.compile(r'^(?:python3?|py)(?:[ \t]+alt="[^"\n]*")?(?:[ \t]+caption="[^"\n]*")?$')


def bad_references(text: str, page: str) -> list[str]:
    """A Python fence that holds a snippet include but is not a reference, one 'page:line: why' each.

    Such a fence would show the raw file (directives and hidden checks included), unexecuted: a fence
    with other code beside the include, or with options the engine does not understand (linenums=...).
    """
    good = {ref.line for ref in find_references(text, page)}
    lines = text.split("\n")
    problems = []
    i = 0
    while i < len(lines):
        opening = FENCE.match(lines[i])
        if not opening:
            i += 1
            continue
        fence = opening.group("fence")
        closing = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        end = i + 1
        while end < len(lines) and not closing.match(lines[end]):
            end += 1
        info = opening.group("info")
        body = [line for line in lines[i + 1:end] if line.strip()]
        if PYTHON_FENCE.match(info) and any(INCLUDE.search(line) for line in body) and i + 1 not in good:
            if len(body) > 1:
                why = "holds other lines beside the include"
            elif not ALT_OPTION.match(" ".join(info.split())):
                why = f"has options the engine does not understand ({info})"
            else:
                why = "is not a whole-file include of a snippet"
            problems.append(
                f'{page}:{i + 1}: a Python fence with a snippet include must hold only the include, '
                f'```python (its only options: alt="...", then caption="...") then --8<-- "lesson/name.py" then ```; this one {why}')
        i = end + 1
    return problems


def translation_gaps(pages: dict[str, list[Reference]], language_of, page_of, default: str) -> list[str]:
    """Snippets the default language's page includes that its translation does not, and the reverse.

    `pages`: each page's references; `language_of(page)` gives a page's language, `page_of(page)` the
    same key for a page and its translations (e.g. its path without the language folder). A missing
    translation is not a gap here (the site then shows the default language's page).
    """
    by_key: dict[tuple[str, str], tuple[str, dict[str, Reference]]] = {}
    for page, references in pages.items():
        names: dict[str, Reference] = {}
        for ref in references:
            names.setdefault(ref.name, ref)
        by_key[page_of(page), language_of(page)] = (page, names)
    gaps = []
    for (key, language), (translation, theirs) in sorted(by_key.items()):
        if language == default or (key, default) not in by_key:
            continue
        original, ours = by_key[key, default]
        gaps.extend(f"{translation} does not include snippet {name}, which {ref.page}:{ref.line} includes"
                    for name, ref in ours.items() if name not in theirs)
        gaps.extend(f"{ref.page}:{ref.line} includes snippet {name}, which {original} does not"
                    for name, ref in theirs.items() if name not in ours)
    return gaps
