"""Turn a snippet reference and its result into page markup.

A reference fence is rewritten into two fences, both handled by pymdownx:

* the source: the same pymdownx.snippets include, narrowed to the lines a page
  shows (no directives, no hidden checks), highlighted by superfences, with the
  class `snippet-source` and `data-snippet`;
* the output: a superfences custom fence `snippet-output`, whose one line is its
  options as JSON, and whose formatter (`format_output`) writes, from the snippet's
  result, the escaped output under a localized label and the pictures (each matplotlib
  figure, and the autograd graph drawn by diagram.py) as <img> of SVG with the
  reference's localized alt text, under its localized caption. Each picture comes in a
  light and a dark variant, two <img> of which the stylesheet shows the one of the
  reader's palette (Material's toggle). The fence holds no output text: what a snippet
  prints never passes through Markdown (tabs, `--8<--` lines and control bytes stay as
  printed). A snippet still running leaves a placeholder, filled in from its result
  before the page's HTML is read (`fill_pending`).

Fences keep the reference's indentation, so references work inside admonitions,
tabs and collapsed blocks.
"""

from __future__ import annotations

import base64
import functools
import html
import json
import re
from typing import NamedTuple

from snippetexec import diagram
from snippetexec.discover import Reference
from snippetexec.execute import RAISED, Result
from snippetexec.snippet import Snippet

OUTPUT_FENCE = "snippet-output"


class AltTextError(ValueError):
    """A picture without a text alternative, or a text alternative without a picture."""


DEFAULT_LABELS = {"output": "Output", "error": "Output (ends with an error)"}


def _attr(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', "&quot;")


def source_markdown(ref: Reference, snippet: Snippet) -> str:
    name = _attr(ref.name)
    return "\n".join([
        f'{ref.indent}```{{.python .snippet-source data-snippet="{name}"}}',
        f'{ref.indent}--8<-- "{ref.name}:{snippet.first_shown}:{snippet.last_shown}"',
        f"{ref.indent}```",
    ])


def _label(labels: dict[str, str], error: bool) -> str:
    kind = "error" if error else "output"
    return labels.get(kind) or DEFAULT_LABELS[kind]


def output_markdown(ref: Reference, labels: dict[str, str], pending: bool = False) -> str:
    """The output fence of a reference. It carries no output: the formatter renders the output and the
    pictures from the result itself (never from Markdown text, which MkDocs would rewrite). Its options are
    one line of JSON inside the fence, not attributes on it: pymdownx parses fence attributes with a regular
    expression scanner, a cost every output of every page paid on every build. `pending`: the snippet is still
    running (the formatter leaves a placeholder)."""
    options = {"snippet": ref.name, "label": _label(labels, False), "error-label": _label(labels, True),
               "alt": ref.alt or "", "caption": ref.caption or "", "page": ref.page, "line": ref.line}
    if pending:
        options["pending"] = True
    return "\n".join([f"{ref.indent}```{OUTPUT_FENCE}", ref.indent + json.dumps(options, ensure_ascii=False),
                      ref.indent + "```"])


class Picture(NamedTuple):
    kind: str  # "graph" (an autograd graph) or "figure" (a matplotlib figure)
    alt: str
    light: str  # SVG for a light page (and the notebook)
    dark: str  # SVG for a dark page
    caption: str = ""


def numbered(text: str, i: int, count: int) -> str:
    return f"{text} ({i}/{count})" if text and count > 1 else text


def pictures(result: Result, alt: str, caption: str = "") -> list[Picture]:
    """Each picture of a result: the autograd graph first, then the figures. With several, the alt text and
    caption of each say which one it is: "... (1/2)"."""
    drawn = ([("graph", alt, diagram.svg(result.graph, alt), diagram.svg(result.graph, alt, "dark"))]
             if result.graph else [])
    drawn += [("figure", alt, light, dark) for light, dark in zip(result.figures, result.dark_figures)]
    return [Picture(kind, numbered(alt, i, len(drawn)), light, dark, numbered(caption, i, len(drawn)))
            for i, (kind, alt, light, dark) in enumerate(drawn, 1)]


def check_alt(page: str, line: int, name: str, result: Result, alt: str | None, caption: str | None = None) -> None:
    count = len(result.figures) + bool(result.graph)
    if count and not alt:
        raise AltTextError(
            f'{page}:{line}: {name} draws {count} picture(s): give the text alternative in this page\'s'
            f' language on the fence, e.g. ```python alt="What the picture shows"')
    if alt and not count:
        raise AltTextError(f"{page}:{line}: the fence gives alt text, but {name} draws no picture"
                           f" (no matplotlib figure left open, no graph= directive)")
    if caption and not count:
        raise AltTextError(f"{page}:{line}: the fence gives a caption, but {name} draws no picture"
                           f" (no matplotlib figure left open, no graph= directive)")


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def figure_html(name: str, picture: Picture) -> str:
    """A <figure> with both variants of the picture (the stylesheet hides the one of the other palette) and
    its caption, if the reference gives one."""
    alt = html.escape(picture.alt, quote=True)
    caption = f"<figcaption>{html.escape(picture.caption)}</figcaption>" if picture.caption else ""
    return (f'<figure class="snippet-figure snippet-{picture.kind}" data-snippet="{html.escape(name, quote=True)}">'
            f'<img class="snippet-light" alt="{alt}" src="{_data_uri(picture.light)}">'
            f'<img class="snippet-dark" alt="{alt}" src="{_data_uri(picture.dark)}">{caption}</figure>')


def rewrite(text: str, references: list[Reference], outcome_of, labels: dict[str, str]) -> str:
    """Replace each reference in `text` by its source and output fences.

    `outcome_of(name)` returns (snippet, result) for a snippet name; result None: the snippet is still running
    (its output is filled in later, see pending_html).
    """
    parts, last = [], 0
    for ref in references:
        snippet, result = outcome_of(ref.name)
        if result is not None:
            check_alt(ref.page, ref.line, ref.name, result, ref.alt, ref.caption)
        parts.append(text[last:ref.start])
        parts.append(source_markdown(ref, snippet))
        parts.append("\n" + ref.indent + "\n" + output_markdown(ref, labels, pending=result is None))
        last = ref.end
    parts.append(text[last:])
    return "".join(parts)


# Output blocks are searched (a reader looks for the error a page shows). A page can be converted while its
# snippets still run (a cold build, an edited snippet): the formatter then leaves a placeholder, which
# fill_pending replaces with the output before anything reads the page's HTML (the plugin does it in
# on_page_context, before the search plugin indexes the page), so cold and warm builds index the same text.
PENDING = re.compile(r"<!-- snippet-output pending ([A-Za-z0-9+/=]+) -->")


def pending_html(fence: str) -> str:
    """The placeholder of an output whose snippet is still running: the fence's options, base64 (no comment
    can be broken by what an alt text holds)."""
    return f"<!-- snippet-output pending {base64.b64encode(fence.encode()).decode()} -->"


def pending_names(page_html: str) -> set[str]:
    """The snippets whose outputs `page_html` still waits for."""
    return {json.loads(base64.b64decode(encoded))["snippet"] for encoded in PENDING.findall(page_html)}


def fill_pending(page_html: str, result_of) -> str:
    """`page_html` with every placeholder replaced by its output and pictures; `result_of(name)` must know
    every snippet now. A picture without alt text (or alt text without a picture) raises AltTextError."""
    def filled(match) -> str:
        fence = json.loads(base64.b64decode(match.group(1)))
        result = result_of(fence["snippet"])
        check_alt(fence["page"], fence["line"], fence["snippet"], result, fence["alt"] or None,
                  fence["caption"] or None)
        return fence_html(fence, result)

    return PENDING.sub(filled, page_html)


def output_html(name: str, text: str, label: str, error: bool) -> str:
    classes = "snippet-output snippet-error" if error else "snippet-output"
    return (f'<div class="{classes}" data-snippet="{html.escape(name, quote=True)}">'
            f'<p class="snippet-label">{html.escape(label)}</p>'
            f"<pre><code>{html.escape(text, quote=False)}</code></pre></div>")


def result_html(name: str, result: Result, label: str, error_label: str, alt: str, caption: str = "") -> str:
    """The output block and the pictures of a result (the output fence's formatter renders with it)."""
    error = result.status == RAISED
    output = output_html(name, result.output.rstrip("\n"), error_label if error else label,
                         error) if result.output else ""
    return output + "".join(figure_html(name, picture) for picture in pictures(result, alt, caption))


def fence_html(fence: dict, result: Result) -> str:
    return result_html(fence["snippet"], result, fence["label"], fence["error-label"], fence["alt"], fence["caption"])


def format_output(source, language, css_class, options, md, result_of=None, **kwargs) -> str:
    """superfences formatter of the `snippet-output` fence, whose text is its options as JSON (output_markdown):
    `result_of(name)` is the snippet's result. A snippet that was still running when the page was rewritten
    gets a placeholder (fill_pending), even if it has finished since: its alt text is checked there."""
    fence = json.loads(source)
    return pending_html(source) if fence.get("pending") else fence_html(fence, result_of(fence["snippet"]))


def superfences_entries(result_of) -> list[dict]:
    """The custom_fences entry that registers the output fence with pymdownx.superfences.

    `result_of(name)`: the snippet's result."""
    return [{"name": OUTPUT_FENCE, "class": OUTPUT_FENCE,
             "format": functools.partial(format_output, result_of=result_of)}]
