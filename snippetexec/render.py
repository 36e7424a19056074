"""Turn a snippet reference and its result into page markup.

A reference fence is rewritten into two fences, both handled by pymdownx:

* the source: the same pymdownx.snippets include, narrowed to the lines a page
  shows (no directives, no hidden checks), highlighted by superfences, with the
  class `snippet-source` and `data-snippet`;
* the output: a superfences custom fence `snippet-output` whose formatter
  (`format_output`) writes the escaped output under a localized label.

Fences keep the reference's indentation, so references work inside admonitions,
tabs and collapsed blocks.
"""

from __future__ import annotations

import html
import re

from snippetexec.discover import Reference
from snippetexec.execute import RAISED, Result
from snippetexec.snippet import Snippet

OUTPUT_FENCE = "snippet-output"
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


def output_markdown(ref: Reference, result: Result | None, labels: dict[str, str]) -> str:
    """The output fence; `result` None means still running: a placeholder that `fill_pending` replaces."""
    if result is None:
        header = (f'```{{.{OUTPUT_FENCE} data-snippet="{_attr(ref.name)}" pending="1"'
                  f' label="{_attr(_label(labels, False))}" error-label="{_attr(_label(labels, True))}"}}')
        return "\n".join([ref.indent + header, ref.indent + "(running)", ref.indent + "```"])
    if not result.output:
        return ""
    error = result.status == RAISED
    longest = max((len(run) for run in re.findall(r"`+", result.output)), default=0)
    fence = "`" * max(3, longest + 1)
    header = (f'{fence}{{.{OUTPUT_FENCE} data-snippet="{_attr(ref.name)}" label="{_attr(_label(labels, error))}"'
              f' kind="{"error" if error else "output"}"}}')
    body = [ref.indent + line if line else "" for line in result.output.rstrip("\n").split("\n")]
    return "\n".join([ref.indent + header, *body, ref.indent + fence])


def rewrite(text: str, references: list[Reference], outcome_of, labels: dict[str, str]) -> str:
    """Replace each reference in `text` by its source and output fences.

    `outcome_of(name)` returns (snippet, result) for a snippet name.
    """
    parts, last = [], 0
    for ref in references:
        snippet, result = outcome_of(ref.name)
        parts.append(text[last:ref.start])
        parts.append(source_markdown(ref, snippet))
        output = output_markdown(ref, result, labels)
        if output:
            parts.append("\n" + ref.indent + "\n" + output)
        last = ref.end
    parts.append(text[last:])
    return "".join(parts)


def validate_output(language, inputs, options, attrs, md) -> bool:
    """superfences validator: keep the fence's key="value" pairs for the formatter."""
    options.update(inputs)
    return True


# Outputs are kept out of the search index: Material skips blocks marked data-search-exclude (and strips
# the attribute once the page is indexed), so cold builds (placeholders filled after indexing) and warm
# builds index the same text.
NOT_SEARCHED = ' data-search-exclude="1"'


def output_html(name: str, text: str, label: str, error: bool, not_searched: str = NOT_SEARCHED) -> str:
    classes = "snippet-output snippet-error" if error else "snippet-output"
    return (f'<div class="{classes}"{not_searched} data-snippet="{html.escape(name, quote=True)}">'
            f'<p class="snippet-label">{html.escape(label)}</p>'
            f"<pre><code>{html.escape(text, quote=False)}</code></pre></div>")


def format_output(source, language, css_class, options, md, **kwargs) -> str:
    """superfences formatter of the `snippet-output` fence."""
    name = options.get("data-snippet", "")
    if options.get("pending"):
        return (f'<div class="snippet-pending" hidden{NOT_SEARCHED} data-snippet="{html.escape(name, quote=True)}" '
                f'data-label="{html.escape(options.get("label", ""), quote=True)}" '
                f'data-error-label="{html.escape(options.get("error-label", ""), quote=True)}"></div>')
    return output_html(name, source, options.get("label", DEFAULT_LABELS["output"]), options.get("kind") == "error")


PENDING = re.compile(r'<div class="snippet-pending" hidden( data-search-exclude="1")? data-snippet="([^"]*)" '
                     r'data-label="([^"]*)" data-error-label="([^"]*)"></div>')


def fill_pending(page_html: str, result_of) -> str:
    """Replace the placeholders of snippets that were still running by their output blocks."""
    def replace(match: re.Match) -> str:
        not_searched = match.group(1) or ""  # still there when no search plugin indexed the page
        name, label, error_label = (html.unescape(g) for g in match.groups()[1:])
        result = result_of(name)
        if not result.output:
            return ""
        error = result.status == RAISED
        return output_html(name, result.output.rstrip("\n"), error_label if error else label, error, not_searched)

    return PENDING.sub(replace, page_html)


def superfences_entry() -> dict:
    """The custom_fences entry that registers the output fence with pymdownx.superfences."""
    return {"name": OUTPUT_FENCE, "class": OUTPUT_FENCE, "format": format_output, "validator": validate_output}
