"""Math is rendered when the site is built, as MathML: no JavaScript, no flash of raw TeX.

pymdownx.arithmatex (generic mode) leaves every formula in the HTML as TeX, wrapped in
`<span class="arithmatex">\\(...\\)</span>` (inline) or `<div class="arithmatex">\\[...\\]</div>`
(display); nbconvert leaves a notebook's Markdown cells with `$...$` and `$$...$$`. This hook
replaces the TeX with the MathML that latex2mathml (pure Python) converts it to. Browsers draw
MathML themselves (Chromium 109+, Firefox, Safari) and screen readers read it, so pages load no
MathJax (2.1 MB) and show their math before any script runs.

Browsers draw MathML best with a font that has an OpenType MATH table, and phones rarely have
one. After the last language is built, the hook writes `assets/math.woff`: Noto Sans Math (OFL,
hooks/fonts/) cut down to the characters the site's formulas use (about 15 KB instead of 256 KB),
which `assets/math.css` gives to every `<math>`.

A formula latex2mathml cannot convert fails the build, naming the page and the formula.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont
from latex2mathml.converter import convert
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

FONT = Path(__file__).parent / "fonts" / "NotoSansMath-Regular.woff"
FONT_OUT = "assets/math.woff"

ARITHMATEX = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">\s*'
    r"(?:\\\((?P<inline>.*?)\\\)|\\\[(?P<display>.*?)\\\])"
    r"\s*</(?P=tag)>",
    re.S,
)
NOTEBOOK_CELL = re.compile(r'(<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown[^"]*"[^>]*>)(.*?)(</div>)', re.S)
NOTEBOOK_MATH = re.compile(r"\$\$(?P<display>.+?)\$\$|(?<![\\$\w])\$(?P<inline>[^$\n]+?)\$(?![\w$])", re.S)
TEXT = re.compile(r"\\text\{[^{}]*\}")
# latex2mathml writes ± and \sim as identifiers, which browsers space as letters.
OPERATORS = {"<mi>&#x000B1;</mi>": "<mo>&#x000B1;</mo>", "<mi>&#x0007E;</mi>": "<mo>&#x0223C;</mo>"}
# ...and in display math puts the limits of lim, max, min beside them, where TeX puts them below.
LIMITS = re.compile(r"<msub><mo>(lim|max|min|sup|inf)</mo>")
MATHML = "http://www.w3.org/1998/Math/MathML"
ElementTree.register_namespace("", MATHML)
# Browsers do not break a line inside a formula: inline math is cut after each relation at its top
# level into formulas of its own, with a line-break opportunity between them (as TeX breaks).
RELATIONS = set("=≈≠<>≤≥∼→⟹⇒≡∝")

# Every character the site's formulas draw, over all pages and languages of one build.
characters: set[str] = set()


def mathml(tex: str, display: bool, where: str) -> str:
    """The MathML of one formula (`tex` as it stands in the HTML, entities escaped)."""
    source = html.unescape(tex).strip()
    # latex2mathml keeps the backslash of an escaped underscore inside \text{...}
    source = TEXT.sub(lambda m: m[0].replace(r"\_", "_"), source)
    try:
        math = convert(source, display="block" if display else "inline")
    except Exception as error:  # latex2mathml raises many kinds, all meaning "cannot convert"
        raise PluginError(f"{where}: cannot render the formula {source!r} as MathML: "
                          f"{type(error).__name__} {error}".rstrip()) from None
    unknown = re.search(r"\\[A-Za-z]+", html.unescape(re.sub(r"<[^>]+>", "", math)))
    if unknown:  # latex2mathml shows a command it does not know as text
        raise PluginError(f"{where}: the formula {source!r} uses {unknown[0]}, which cannot be rendered as MathML")
    for wrong, right in OPERATORS.items():
        math = math.replace(wrong, right)
    if display:
        math = limits_below(math)
    characters.update(html.unescape(re.sub(r"<[^>]+>", "", math)))
    return math if display else breakable(math)


def breakable(math: str) -> str:
    """Inline `a = b = c` as `<math>a =</math><wbr><math>b =</math><wbr><math>c</math>`."""
    root = ElementTree.fromstring(math)
    (row,) = root if len(root) == 1 and root[0].tag == f"{{{MATHML}}}mrow" else [root]
    pieces, piece = [], []
    for child in list(row):
        piece.append(child)
        if child.tag == f"{{{MATHML}}}mo" and (child.text or "").strip() in RELATIONS:
            pieces.append(piece)
            piece = []
    if piece:
        pieces.append(piece)
    if len(pieces) < 2:
        return math
    formulas = []
    for piece in pieces:
        formula = ElementTree.Element(root.tag, root.attrib)
        ElementTree.SubElement(formula, f"{{{MATHML}}}mrow").extend(piece)
        formulas.append(ElementTree.tostring(formula, encoding="unicode"))
    return "<wbr>".join(formulas)


def limits_below(math: str) -> str:
    """`<msub><mo>lim</mo>X</msub>` becomes `<munder><mo>lim</mo>X</munder>` (nested msub counted)."""
    while match := LIMITS.search(math):
        depth, position = 1, match.end()
        for tag in re.finditer(r"<(/?)msub>", math[position:]):
            depth += -1 if tag[1] else 1
            if depth == 0:
                close = position + tag.start()
                break
        math = (math[: match.start()] + f"<munder><mo>{match[1]}</mo>" + math[match.end() : close]
                + "</munder>" + math[close + len("</msub>") :])
    return math


def render_arithmatex(content: str, where: str) -> str:
    def replace(match: re.Match) -> str:
        display = match["display"] is not None
        math = mathml(match["display"] if display else match["inline"], display, where)
        return f'<{match["tag"]} class="arithmatex">{math}</{match["tag"]}>'

    return ARITHMATEX.sub(replace, content)


def render_notebook_cells(content: str, where: str) -> str:
    def cell(match: re.Match) -> str:
        math = NOTEBOOK_MATH.sub(lambda m: mathml(m["display"] or m["inline"], m["display"] is not None, where), match[2])
        return match[1] + math + match[3]

    return NOTEBOOK_CELL.sub(cell, content)


def on_page_content(html_text: str, page, config, files) -> str:
    where = page.file.src_uri
    return render_notebook_cells(render_arithmatex(html_text, where), where)


def write_font(characters: set[str], path: Path) -> None:
    """The math font, cut down to `characters` (its MATH table kept: stretchy brackets, big operators)."""
    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = ["*"]
    font = TTFont(FONT)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(characters)))
    subsetter.subset(font)
    path.parent.mkdir(parents=True, exist_ok=True)
    font.save(path)


@event_priority(-100)
def on_post_build(config) -> None:
    i18n = config.plugins.get("i18n")
    if i18n is not None and i18n.building:
        return  # one of the per-language builds: more formulas may come
    write_font(characters, Path(config.site_dir) / FONT_OUT)
    characters.clear()
