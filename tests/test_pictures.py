"""Pictures drawn from executed snippets: autograd graphs read from the real graph, matplotlib figures."""

from __future__ import annotations

import base64
import re
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from conftest import LANGUAGES, ROOT, MiniSite
from snippetexec import diagram
from snippetexec.execute import Job
from snippetexec.pool import shared_pool

GRAPH_CODE = """\
import torch
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
w = torch.tensor(2.0, requires_grad=True)
scale = torch.tensor(10.0)          # needs no gradient: no node
y = x * w
loss = (y * scale).sum()
"""

FIGURE_CODE = """\
import matplotlib.pyplot as plt
plt.plot([1, 2, 3], [3, 1, 2], label="line")
plt.legend()
plt.show()
"""


def run(code: str, graph=()):
    pool = shared_pool(str(ROOT), str(ROOT / "snippets"))
    return pool.run([Job(code, "snippets/t.py", graph=tuple(graph))])[0]


def test_graph_is_read_from_the_real_autograd_graph():
    result = run(GRAPH_CODE, graph=["loss"])
    assert result.status == "ok", result.exception
    nodes = {n["id"]: n for n in result.graph["nodes"]}
    by_name = {n["name"]: n for n in nodes.values() if n["name"]}
    assert by_name["loss"]["label"] == "SumBackward0" and by_name["loss"]["output"]
    assert by_name["y"]["label"] == "MulBackward0"
    assert {by_name["x"]["kind"], by_name["w"]["kind"]} == {"leaf"}
    assert by_name["x"]["label"] == "AccumulateGrad"
    assert "scale" not in by_name  # a constant is no node of the graph
    edges = {(nodes[e["source"]]["name"], nodes[e["target"]]["label"], tuple(e["shape"]))
             for e in result.graph["edges"]}
    assert ("x", "MulBackward0", (3,)) in edges and ("w", "MulBackward0", ()) in edges
    assert sum(1 for n in nodes.values() if n["label"] == "MulBackward0") == 2  # y = x * w, then * scale
    assert len(result.graph["edges"]) == 4  # x, w -> y; y -> (y*scale); (y*scale) -> loss


def test_graph_of_something_that_is_not_a_graph_fails_with_a_reason():
    result = run(GRAPH_CODE, graph=["w"])
    assert result.status == "error" and "w has no grad_fn" in result.exception
    result = run(GRAPH_CODE, graph=["nothing"])
    assert result.status == "error" and "no tensor named 'nothing'" in result.exception


def test_diagram_is_valid_svg_and_the_same_bytes_every_time():
    graph = run(GRAPH_CODE, graph=["loss"]).graph
    first, second = diagram.svg(graph, "alt text"), diagram.svg(run(GRAPH_CODE, graph=["loss"]).graph, "alt text")
    assert first == second
    root = ET.fromstring(first)
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert {"x", "w", "loss", "SumBackward0", "[3]", "scalar"} <= set(texts)  # w is 0-d: "scalar", not []
    assert "[]" not in texts
    assert root.find("{http://www.w3.org/2000/svg}title").text == "alt text"
    # boxes do not overlap
    rects = [tuple(float(r.get(k)) for k in ("x", "y", "width", "height"))
             for r in root.iter("{http://www.w3.org/2000/svg}rect") if r.get("x") is not None]
    assert len(rects) == len(graph["nodes"])
    for i, a in enumerate(rects):
        for b in rects[i + 1:]:
            assert a[0] + a[2] <= b[0] or b[0] + b[2] <= a[0] or a[1] + a[3] <= b[1] or b[1] + b[3] <= a[1]


def lightness(colour: str) -> float:
    r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return (r + g + b) / 3


def test_diagram_has_a_dark_variant_for_dark_pages():
    graph = run(GRAPH_CODE, graph=["loss"]).graph
    light, dark = diagram.svg(graph, "alt"), diagram.svg(graph, "alt", "dark")
    assert dark != diagram.svg(graph, "alt")
    assert '<rect width="100%" height="100%" rx="6" fill="#ffffff"/>' in light
    assert 'height="100%"' not in dark  # no panel: the dark page shows through
    root = ET.fromstring(dark)
    texts = list(root.iter("{http://www.w3.org/2000/svg}text"))
    assert texts and all(lightness(t.get("fill")) > 0.6 for t in texts)  # light ink on a dark page
    assert [t.text for t in texts] == [t.text for t in ET.fromstring(light).iter("{http://www.w3.org/2000/svg}text")]



WIDE_GRAPH_CODE = """\
import torch
x1, w1, x2, w2 = (torch.tensor(v, requires_grad=True) for v in (1.5, 0.8, -0.5, -1.2))
o = torch.tanh(x1 * w1 + x2 * w2)
"""


def test_a_wide_diagram_is_drawn_narrow_enough_for_a_phone_with_its_labels_clear():
    """Four leaves side by side would make a diagram too wide for a phone (the page scales it down, and its text
    with it): every other leaf goes one row up. All text has one size; no edge label covers a box, another label,
    or leaves the picture."""
    graph = run(WIDE_GRAPH_CODE, graph=["o"]).graph
    placed = diagram.layout(graph)
    assert placed["width"] <= diagram.MAX_WIDTH, placed["width"]
    boxes = {n["kind"]: [] for n in graph["nodes"]}
    for node in graph["nodes"]:
        boxes[node["kind"]].append(placed["boxes"][node["id"]])
    assert max(y + h for _, y, _, h in boxes["leaf"]) < min(y for _, y, _, _ in boxes["op"])  # leaves on top
    assert len({y for _, y, _, _ in boxes["leaf"]}) == 2  # in two rows
    svg = diagram.svg(graph, "alt")
    assert svg == diagram.svg(run(WIDE_GRAPH_CODE, graph=["o"]).graph, "alt")
    root = ET.fromstring(svg)
    assert root.get("font-size") == str(diagram.FONT_SIZE)
    assert {t.get("font-size") for t in root.iter("{http://www.w3.org/2000/svg}text")} == {None}  # the <svg>'s
    labels = []
    for x, y, anchor, text in diagram.edge_labels(placed):
        width = len(text) * diagram.ADVANCE
        labels.append((x - width if anchor else x, y - diagram.FONT_SIZE * 0.8, width, diagram.FONT_SIZE))
    assert len(labels) == len(graph["edges"]) == 7
    for i, label in enumerate(labels):
        assert 0 <= label[0] and label[0] + label[2] <= placed["width"], label
        assert not [box for box in placed["boxes"].values() if diagram._overlap(label, box)], label
        assert not [other for other in labels[i + 1:] if diagram._overlap(label, other)], label

SVG_FILL = re.compile(r"fill: ?(#[0-9a-f]{6})")


def text_fills(svg: str) -> list[str]:
    """The fill colour of every text of a matplotlib SVG (glyphs drawn as paths; no fill: black)."""
    root = ET.fromstring(re.sub(r"^<\?xml[^>]*>\s*(<!DOCTYPE[^>]*>)?", "", svg))
    fills = []
    for group in root.iter("{http://www.w3.org/2000/svg}g"):
        if group.get("id", "").startswith("text_"):
            inner = [g for g in group.iter("{http://www.w3.org/2000/svg}g") if "translate" in (g.get("transform") or "")]
            for g in inner or [group]:
                style = g.get("style") or ""
                found = SVG_FILL.search(style)
                fills.append(found[1] if found else "#000000")
    return fills


def test_matplotlib_figure_has_a_dark_variant_for_dark_pages():
    result = run(FIGURE_CODE)
    assert len(result.figures) == len(result.dark_figures) == 1
    light, dark = result.figures[0], result.dark_figures[0]
    assert "fill: #ffffff" in light and "fill: #ffffff" not in dark  # no white panel
    assert text_fills(light) and all(lightness(c) < 0.2 for c in text_fills(light))  # black text on white
    assert len(text_fills(dark)) == len(text_fills(light))
    assert all(lightness(c) > 0.8 for c in text_fills(dark)), text_fills(dark)  # light text on a dark page
    assert "#000000" not in dark  # spines and ticks too
    assert "#1f77b4" in dark  # the data keeps its colour
    assert run(FIGURE_CODE).dark_figures == result.dark_figures


def test_matplotlib_figure_is_deterministic_svg():
    first, second = run(FIGURE_CODE), run(FIGURE_CODE)
    assert first.status == "ok" and len(first.figures) == 1
    assert first.figures == second.figures
    assert first.figures[0].lstrip().startswith("<?xml") and "<svg" in first.figures[0]
    assert first.output == ""  # plt.show() on the non-interactive backend prints nothing


def write_page(site, lang: str, snippet: str, alt: str | None, caption: str | None = None) -> None:
    attr = (f' alt="{alt}"' if alt is not None else "") + (f' caption="{caption}"' if caption is not None else "")
    (site.path / "docs" / lang / "index.md").write_text(f'# {lang}\n\n```python{attr}\n--8<-- "{snippet}"\n```\n')


def test_picture_without_alt_text_fails_the_build_naming_the_page(mini_site):
    mini_site.snippet("plot.py", FIGURE_CODE)
    write_page(mini_site, "en", "plot.py", "Three points")
    write_page(mini_site, "de", "plot.py", None)
    proc = mini_site.build()
    assert proc.returncode != 0
    assert "docs/de/index.md:3: plot.py draws 1 picture(s)" in proc.log
    assert 'alt="' in proc.log  # says how to give it


def test_alt_text_for_a_snippet_that_draws_nothing_fails(mini_site):
    mini_site.snippet("quiet.py", "print(1)\n")
    write_page(mini_site, "en", "quiet.py", "A picture")
    write_page(mini_site, "de", "quiet.py", None)
    proc = mini_site.build()
    assert proc.returncode != 0
    assert "docs/en/index.md:3: the fence gives alt text, but quiet.py draws no picture" in proc.log


def test_caption_for_a_snippet_that_draws_nothing_fails(mini_site):
    mini_site.snippet("quiet.py", "print(1)\n")
    write_page(mini_site, "en", "quiet.py", None, "A caption")
    write_page(mini_site, "de", "quiet.py", None)
    proc = mini_site.build()
    assert proc.returncode != 0
    assert "docs/en/index.md:3: the fence gives a caption, but quiet.py draws no picture" in proc.log


@pytest.mark.parametrize("fresh", [True, False], ids=["cold", "warm"])
def test_pictures_in_pages_with_localized_alt(tmp_path, fresh):
    site = MiniSite(tmp_path, cache=True)
    site.snippet("graph.py", "# snippet: graph=loss\n" + GRAPH_CODE)
    site.snippet("plot.py", FIGURE_CODE)
    for lang, word in (("en", "Graph and curve"), ("de", "Graph und Kurve")):
        (site.path / "docs" / lang / "index.md").write_text(
            f'# {lang}\n\n```python alt="{word}: graph" caption="{word}: {{{{ graph.py: loss.item() }}}}"\n'
            f'--8<-- "graph.py"\n```\n\n'
            f'!!! note\n    ```python alt="{word}: plot"\n    --8<-- "plot.py"\n    ```\n')
    proc = site.build(fresh=fresh)
    assert proc.returncode == 0, proc.log[-3000:]
    if not fresh:  # second build: every result from the cache
        proc = site.build(fresh=False)
        assert proc.returncode == 0 and "executed" not in proc.log, proc.log[-3000:]
    for url, word in (("", "Graph and curve"), ("de", "Graph und Kurve")):
        soup = BeautifulSoup(site.html(url), "html.parser")
        figures = soup.select("figure.snippet-figure")
        assert [f["class"][1] for f in figures] == ["snippet-graph", "snippet-figure"]
        assert [f.img["alt"] for f in figures] == [f"{word}: graph", f"{word}: plot"]
        # two variants each, the light one first, with the same alt text; the dark one for a dark palette
        assert [[img["class"] for img in f.find_all("img")] for f in figures] == [[["snippet-light"], ["snippet-dark"]]] * 2
        assert all(len({img["alt"] for img in f.find_all("img")}) == 1 for f in figures)
        graph_svg, dark_svg = (decoded(img) for img in figures[0].find_all("img"))
        assert "SumBackward0" in graph_svg and f"<title>{word}: graph</title>" in graph_svg
        assert "SumBackward0" in dark_svg and 'fill="#ffffff"' not in dark_svg
        # the caption, with its executed value, under the graph; none for the plot, whose fence gives none
        assert [f.figcaption.get_text() if f.figcaption else None for f in figures] == [f"{word}: 120.0", None]
        assert figures[1].find_parent("div", class_="admonition") is not None  # kept inside the note


def decoded(img) -> str:
    return base64.b64decode(img["src"].split(",", 1)[1]).decode()


def test_course_pages_show_graphs_and_the_loss_curve(built_site):
    site, proc = built_site
    assert proc.returncode == 0, proc.stderr[-3000:]
    expected = {"computational-graph": "snippet-graph", "multi-step-backprop": "snippet-graph",
                "leaf-and-non-leaf": "snippet-graph", "linear-regression-sgd": "snippet-figure"}
    english_alt = {}
    for lang in LANGUAGES:
        for page, kind in expected.items():
            path = site / ("" if lang == "en" else lang) / page / "index.html"
            figure = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one(f"figure.{kind}")
            assert figure is not None, f"{lang}/{page}: no {kind}"
            alt = figure.img["alt"]
            assert len(alt) > 20
            caption = figure.figcaption.get_text() if figure.figcaption else ""
            assert 5 < len(caption) < len(alt), f"{lang}/{page}: no short visible caption ({caption!r})"
            if lang == "en":
                english_alt[page] = alt, caption
            else:
                assert alt != english_alt[page][0], f"{lang}/{page}: alt text not translated"
                assert caption != english_alt[page][1], f"{lang}/{page}: caption not translated"
            svg = base64.b64decode(figure.img["src"].split(",", 1)[1]).decode()
            ET.fromstring(re.sub(r"^<\?xml[^>]*>\s*(<!DOCTYPE[^>]*>)?", "", svg))  # well-formed


def test_every_picture_of_the_course_has_a_caption_and_no_alt_text_calls_a_scalar_edge_empty():
    """Every picture fence of every page in every language gives a caption (the engine makes it optional, the
    course does not); the diagrams label 0-d edges "scalar", so no alt text describes an edge as `[]`."""
    from snippetexec.discover import scan_pages

    references = [ref for ref in scan_pages(ROOT / "docs", relative_to=ROOT) if ref.alt]
    assert len(references) > 4 * 10
    missing = [f"{ref.page}:{ref.line}" for ref in references if not ref.caption]
    assert missing == [], f"pictures without a caption: {missing}"
    empty = [f"{ref.page}:{ref.line}" for ref in references if "[]" in ref.alt]
    assert empty == [], f"alt texts that still call a scalar edge []: {empty}"
