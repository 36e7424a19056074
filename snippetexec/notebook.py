"""Turn a page and its executed snippets into a Jupyter notebook (nbformat 4).

The page's prose becomes markdown cells (split at headings), each snippet reference a
code cell holding the code the page shows, with the outputs of the engine's run:
printed text as a stream, a declared exception as an error output (the cell is tagged
`raises-exception`, so running the notebook top to bottom goes on past it), pictures
as SVG display data. Nothing is executed here. A snippet that other snippets of the page
import (`from tiny import Value`, tiny.py in the same lesson folder) becomes a cell that
writes its code to that file (`%%writefile tiny.py`), so the kernel can import it too.

MkDocs-only Markdown is turned into plain Markdown that Jupyter renders: admonitions
become a bold title and their content, collapsed blocks (hints, solutions) an HTML
<details> that stays closed until opened, content tabs a bold label per tab; attribute
lists, annotation markers, HTML comments and front matter are dropped; links to other
pages of the site keep their text.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import os
import re
import shutil
import textwrap
from pathlib import Path

from snippetexec.discover import find_references
from snippetexec.execute import RAISED

BLOCK = re.compile(r'^(?P<indent>[ \t]*)(?:(?P<marker>!!!|\?\?\?\+?)[ \t]+(?P<kind>[\w-]+)(?:[ \t]+"(?P<title>[^"]*)")?'
                   r'|===\+?[ \t]+"(?P<tab>[^"]*)")[ \t]*$')
# Material's annotation markers, "(1)" in a paragraph marked `{ .annotate }`: the numbered list after it stays
ANNOTATION_MARKER = re.compile(r"[ \t]*\(\d+\)(?=[^\n]*\n[ \t]*\{[ \t]*\.annotate[ \t]*\})")
ATTRIBUTES = re.compile(r"[ \t]*\{:?[ \t]*[.#][^}\n]*\}[ \t]*$", re.MULTILINE)
LOCAL_LINK = re.compile(r"(?<!!)\[([^\]\n]+)\]\((?![a-z]+:|#)[^)\s]+\)")
HEADING = re.compile(r"^#{1,6} ", re.MULTILINE)


def _indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def plain_markdown(text: str) -> str:
    """The page's Markdown without what only MkDocs (pymdownx, Material) understands."""
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.DOTALL)
    text = re.sub(r"<!--.*?-->\n?", "", text, flags=re.DOTALL)
    text = ANNOTATION_MARKER.sub("", text)
    text = ATTRIBUTES.sub("", text)
    text = LOCAL_LINK.sub(r"\1", text)
    return "\n".join(_unwrap_blocks(text.split("\n")))


def _unwrap_blocks(lines: list[str]) -> list[str]:
    out, i = [], 0
    while i < len(lines):
        match = BLOCK.match(lines[i])
        if not match:
            out.append(lines[i])
            i += 1
            continue
        indent = _indent_of(lines[i])
        title = match.group("tab") or match.group("title") or (match.group("kind") or "").capitalize()
        body, i = [], i + 1
        while i < len(lines) and (not lines[i].strip() or _indent_of(lines[i]) >= indent + 4):
            body.append(lines[i])
            i += 1
        while body and not body[-1].strip():
            body.pop()
        inner = _unwrap_blocks(textwrap.dedent("\n".join(body)).split("\n")) if body else []
        pad = " " * indent
        if (match.group("marker") or "").startswith("???"):  # collapsed: a hint stays hidden until opened
            opened = " open" if match.group("marker") == "???+" else ""
            out.extend([f"{pad}<details{opened}><summary>{html.escape(title)}</summary>", ""])
            out.extend(pad + line if line else "" for line in inner)
            out.extend(["", f"{pad}</details>", ""])
            continue
        out.append(pad + f"**{title}**" if title else "")
        out.append("")
        out.extend(inner)
        out.append("")
    return out


def _markdown_cells(text: str) -> list:
    cells = []
    starts = [m.start() for m in HEADING.finditer(text)]
    for start, end in zip([0, *starts], [*starts, len(text)]):
        chunk = re.sub(r"\n{3,}", "\n\n", text[start:end]).strip("\n")
        if chunk.strip():
            cells.append({"cell_type": "markdown", "metadata": {}, "source": chunk})
    return cells


# Cells and outputs are built as plain nbformat-4 dicts: nbformat.v4.new_* validates each one, which costs
# more than the rest of a build's notebooks together. The tests validate every notebook of the site.
def _stream(text: str) -> dict:
    return {"output_type": "stream", "name": "stdout", "text": text}


def code_cell(snippet, result, alt: str | None = None, pictures=(), module: str | None = None):
    """A code cell with the engine's outputs; `pictures`: render.Picture of each (the light variant is shown).

    `module`: the file name (`tiny.py`) under which later cells of the page import this snippet; the cell
    then writes the code to that file in the kernel's working folder, as the page's folder holds it."""
    outputs = []
    text = result.output
    if result.status == RAISED and result.exception and text.endswith(result.exception + "\n"):
        text = text[: -len(result.exception) - 1]
    if text:
        outputs.append(_stream(text))
    for picture in pictures:
        outputs.append({"output_type": "display_data",
                        "data": {"image/svg+xml": picture.light, "text/plain": picture.alt},
                        "metadata": {"snippetexec": {"kind": picture.kind}}})
    metadata = {"snippetexec": {"snippet": snippet.name}}
    if result.status == RAISED:
        qualified, _, value = (result.exception or "").partition(": ")
        # a kernel names the class alone (GradcheckError); the page shows Python's line, module path included
        outputs.append({"output_type": "error", "ename": qualified.rsplit(".", 1)[-1], "evalue": value,
                        "traceback": [result.exception or ""]})
        metadata["tags"] = ["raises-exception"]
    source = snippet.shown_code.rstrip("\n")
    if module:
        source = f"%%capture\n%%writefile {module}\n{source}"  # %%capture: no "Writing tiny.py" line
        metadata["snippetexec"]["module"] = module
    return {"cell_type": "code", "execution_count": None, "metadata": metadata, "outputs": outputs,
            "source": source}


def page_notebook(page_text: str, outcome_of, pictures_of, language: str, source: str = "") -> dict:
    """The notebook of a page, as the JSON-able dict of an nbformat 4.5 notebook.

    outcome_of(name) -> (snippet, result); pictures_of(result, alt) -> [render.Picture];
    `source` (the page's path) is recorded in the metadata.
    """
    text = plain_markdown(page_text)
    cells, last = [], 0
    references = find_references(text, source)
    imported = {module for ref in references for module in getattr(outcome_of(ref.name)[0], "imports", ())}
    for ref in references:
        cells.extend(_markdown_cells(text[last:ref.start]))
        snippet, result = outcome_of(ref.name)
        module = ref.name.rsplit("/", 1)[-1] if ref.name.removesuffix(".py") in imported else None
        cells.append(code_cell(snippet, result, ref.alt, pictures_of(result, ref.alt or ""), module))
        last = ref.end
    cells.extend(_markdown_cells(text[last:]))
    _balance_collapsed_blocks(cells)
    for number, cell in enumerate(cells):  # fixed ids: the same page gives the same file
        cell["id"] = f"cell-{number}"
    return {"nbformat": 4, "nbformat_minor": 5, "cells": cells, "metadata": {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
        "snippetexec": {"source": source, "language": language},
    }}


DETAILS = re.compile(r"^[ \t]*(?:<details(?: open)?><summary>(?P<summary>.*)</summary>|(?P<end></details>))[ \t]*$",
                     re.MULTILINE)


def _balance_collapsed_blocks(cells: list) -> None:
    """A collapsed block (a hint, a solution) that holds code spans several cells: each markdown cell gets its
    own closed <details> under the same summary (class "continued" after the first: a notebook page joins the
    parts into one fold again), and each code cell in it is collapsed in Jupyter (`source_hidden`,
    `outputs_hidden`) and tagged `collapsed` (a notebook page folds it too)."""
    open_summaries: list[str] = []
    for cell in cells:
        if cell["cell_type"] == "code":
            if open_summaries:
                cell["metadata"]["jupyter"] = {"source_hidden": True, "outputs_hidden": True}
                cell["metadata"].setdefault("tags", []).append("collapsed")
                cell["metadata"]["snippetexec"]["summary"] = html.unescape(open_summaries[-1])
            continue
        before = [f'<details class="continued"><summary>{summary}</summary>\n\n' for summary in open_summaries]
        for match in DETAILS.finditer(cell["source"]):
            if match["end"]:
                if open_summaries:
                    open_summaries.pop()
            else:
                open_summaries.append(match["summary"])
        after = "\n\n</details>" * len(open_summaries)
        if before and not DETAILS.sub("", cell["source"]).strip():
            cell["source"] = ""  # nothing after the block's last code cell
            continue
        cell["source"] = "".join(before) + cell["source"] + after
    cells[:] = [cell for cell in cells if cell["source"]]


def dumps(notebook) -> str:
    return json.dumps(notebook, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


# --- Stored notebooks: a warm build makes no notebook again -------------------------------------------------
# A notebook depends only on the page's Markdown (executed values already in it), its language and path, the
# results of its snippets (named by their cache keys, which cover the snippets' code) and the code that turns
# them into a notebook. Under that key it is stored once, read-only, in the results' cache folder; the site's
# file is a hard link to it (a copy across file systems), so a build where nothing changed neither makes nor
# writes any notebook, and each file keeps its modification time.
_MAKERS = ("notebook.py", "render.py", "diagram.py")  # the code a notebook's bytes come from


@functools.cache  # once per process: the engine's own code does not change under a build
def _makers_digest() -> str:
    digest = hashlib.sha256()
    for name in _MAKERS:
        digest.update((Path(__file__).parent / name).read_bytes() + b"\0")
    return digest.hexdigest()


def stored_key(page_text: str, language: str, source: str, result_keys: list[str]) -> str:
    """The key of a page's notebook; `result_keys`: the cache keys of the snippets the page references."""
    digest = hashlib.sha256()
    for part in (_makers_digest(), language, source, page_text, *result_keys):
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()


def write_stored(path: Path, store: Path, key: str, make) -> None:
    """Put the notebook stored under `key` at `path`, storing `make()` (its text) first if it is not there."""
    stored = store / key[:2] / f"{key}.ipynb"
    if not stored.is_file():
        from snippetexec.cache import write_atomically

        write_atomically(stored, make())
        stored.chmod(0o444)  # the site's file is the same file: nothing may write into it
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and os.path.samefile(path, stored):
        return
    path.unlink(missing_ok=True)
    try:
        os.link(stored, path)
    except OSError:  # another file system, or no hard links
        shutil.copy2(stored, path)
