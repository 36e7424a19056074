"""Executed values inside sentences: a page states a result, the snippet's run supplies it.

A page writes, in any language, the same reference where the value goes:

    the derivative at x = 2 is {{ tensors-and-gradients/polynomial.py: x.grad.item() }}
    `x.grad` becomes `{{ accumulation-and-zeroing/accumulate.py: second }}`
    the loss ends at {{ linear-regression-sgd/loss_curve.py: losses[-1] | .3e }}

`{{ SNIPPET: EXPRESSION }}` or `{{ SNIPPET: EXPRESSION | FORMAT }}`. EXPRESSION is Python,
evaluated in the snippet's namespace when its run is over (after the hidden checks, so
names the checks define can be used; `raised` is the exception of a snippet that raises as
declared). FORMAT is a Python format spec (`.4f`, `.3e`, `d`, `,`) or one of NAMED_FORMATS;
without one the value is shown as `str(value)` shows it (a tensor as printed). Wrapped in
backticks, the value is shown as code.

The expressions are evaluated by the same single run that produces the snippet's output block
(execute.py calls `evaluate`), so they are cached with it. The page gets
`<span class="snippet-value" data-snippet=... data-expression=...>72.0</span>` (or `<code ...>`);
the notebook gets the plain text.
"""

from __future__ import annotations

import html
import re
import types
from dataclasses import dataclass

VALUE = re.compile(
    r"(?P<tick>`?)\{\{[ \t]*(?P<name>[\w./-]+\.py)[ \t]*:[ \t]*(?P<expression>[^\n]+?)"
    r"(?:[ \t]+\|[ \t]*(?P<format>[^\n|}]+?))?[ \t]*\}\}(?P=tick)"
)

NAMED_FORMATS = {
    "str": "str(value), the default (a tensor as printed)",
    "repr": "repr(value)",
    "int": "the value as a whole number (int(value); fails unless it is integral)",
    "shape": "a shape as a tuple: (2, 3)",
}


@dataclass(frozen=True)
class ValueRef:
    page: str
    line: int
    name: str  # the snippet, relative to the snippets folder
    expression: str
    format: str  # "" for the default
    code: bool  # written between backticks: shown as code
    start: int
    end: int

    @property
    def request(self) -> str:
        return request_key(self.expression, self.format)


def request_key(expression: str, format_spec: str = "") -> str:
    return f"{expression} | {format_spec}" if format_spec else expression


def _ref(match: re.Match, text: str, page: str) -> ValueRef:
    return ValueRef(page=page, line=text.count("\n", 0, match.start()) + 1, name=match.group("name"),
                    expression=match.group("expression").strip(), format=(match.group("format") or "").strip(),
                    code=bool(match.group("tick")), start=match.start(), end=match.end())


def find_values(text: str, page: str) -> list[ValueRef]:
    return [_ref(match, text, page) for match in VALUE.finditer(text)]


def requests_by_snippet(refs) -> dict[str, list[tuple[str, str]]]:
    """For each snippet, the distinct (expression, format) pairs that pages ask of it, sorted."""
    found: dict[str, set] = {}
    for ref in refs:
        found.setdefault(ref.name, set()).add((ref.expression, ref.format))
    return {name: sorted(pairs) for name, pairs in found.items()}


def substitute(text: str, value_of, as_html: bool = True) -> str:
    """Replace every value reference of `text` by its value.

    `value_of(ref)` returns the value's text. As HTML (for the page's Markdown) the value is an
    escaped <span>/<code> with the marker class; otherwise (for a notebook's Markdown) Markdown that
    shows the text as it is, as a code span when the reference was between backticks. In a
    picture's alt text or caption it is plain text.
    """
    def replace(match: re.Match) -> str:
        ref = _ref(match, text, "")
        value = value_of(ref)
        if not as_html:
            return _markdown_code(value) if ref.code else MARKDOWN_ACTIVE.sub(r"\\\g<0>", value)
        tag = "code" if ref.code else "span"
        return (f'<{tag} class="snippet-value" data-snippet="{_escape(ref.name)}" '
                f'data-expression="{_escape(ref.request)}">{_escape(value)}</{tag}>')

    text = PICTURE_FENCE.sub(lambda fence: PICTURE_TEXT.sub(
        lambda m: m.group(1) + plain(m.group(2), value_of) + m.group(3), fence.group(0)), text)
    return VALUE.sub(replace, text)


def plain(text: str, value_of) -> str:
    """`text` with its values as plain text, for an attribute (`"` becomes `'`)."""
    return VALUE.sub(lambda match: value_of(_ref(match, text, "")), text).replace('"', "'")


# a picture's alt text and caption, on its reference fence: their values are plain text
PICTURE_FENCE = re.compile(r'^[ \t]*(?:`{3,}|~{3,})[ \t]*(?:python3?|py)[ \t]+(?:alt|caption)=".*$', re.MULTILINE)
PICTURE_TEXT = re.compile(r'((?:alt|caption)=")([^"\n]*)(")')


def _escape(text: str) -> str:
    """HTML-escaped, and no character Markdown acts on (the value is text: `*args` is not emphasis),
    `|` included: the value may stand in a Markdown table row, which splits on it."""
    return MARKDOWN_ACTIVE.sub(lambda m: f"&#{ord(m[0])};", html.escape(text, quote=True))


MARKDOWN_ACTIVE = re.compile(r"[\\`*_\[\]|<>]")


def _markdown_code(value: str) -> str:
    """`value` as a CommonMark code span: a fence longer than any run of backticks inside it."""
    fence = "`" * (max((len(run) for run in re.findall("`+", value)), default=0) + 1)
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{fence}{pad}{value}{pad}{fence}"


# --- in the snippet's process -------------------------------------------------------------


class ValueProblem(Exception):
    """A value that cannot be computed or formatted: the message says why, for people."""


def defined_names(namespace: dict) -> list[str]:
    return sorted(k for k, v in namespace.items() if not k.startswith("_") and not isinstance(v, types.ModuleType)
                  and not (k == "raised" and v is None))


def format_value(value, format_spec: str) -> str:
    if format_spec in ("", "str"):
        text = str(value)
    elif format_spec == "repr":
        text = repr(value)
    elif format_spec == "int":
        number = value.item() if hasattr(value, "item") else value
        if int(number) != number:
            raise ValueProblem(f"{number!r} is not a whole number")
        text = str(int(number))
    elif format_spec == "shape":
        try:
            text = repr(tuple(int(n) for n in value))
        except TypeError:
            raise ValueProblem(f"a {type(value).__name__} is not a shape") from None
    else:
        try:
            text = format(value, format_spec)
        except (ValueError, TypeError, RuntimeError) as error:
            raise ValueProblem(f"cannot format a {type(value).__name__} as {format_spec!r} ({error}); "
                              f"formats: a Python format spec or {', '.join(NAMED_FORMATS)}") from None
    if "\n" in text:
        raise ValueProblem("the value spans several lines: show it in an output block, or pick a part of it")
    return text


def evaluate(namespace: dict, requests) -> dict[str, dict]:
    """Evaluate each (expression, format) in the snippet's namespace: {key: {"text": ...} or {"error": ...}}."""
    values = {}
    for expression, format_spec in requests:
        key = request_key(expression, format_spec)
        try:
            value = eval(compile(expression, "<value>", "eval", dont_inherit=True), namespace)  # noqa: S307
            values[key] = {"text": format_value(value, format_spec)}
        except NameError as error:
            values[key] = {"error": f"{error} after the run; the snippet defines: "
                                    f"{', '.join(defined_names(namespace)) or 'nothing'}"}
        except ValueProblem as error:
            values[key] = {"error": str(error)}
        except SyntaxError as error:
            values[key] = {"error": f"not a Python expression: {error.msg}"}
        except Exception as error:  # noqa: BLE001 - reported to the author with its type
            values[key] = {"error": f"{type(error).__name__}: {error}"}
    return values
