"""Math rendered at build time (hooks/mathml.py): what latex2mathml gets wrong is fixed, and what it cannot
render fails the build naming the page. The browser tests check how the site's formulas look."""

from __future__ import annotations

import sys

import pytest
from mkdocs.exceptions import PluginError

from conftest import ROOT

sys.path.insert(0, str(ROOT / "hooks"))
import mathml  # noqa: E402


def test_operators_limits_and_text_come_out_as_tex_means_them():
    assert "<mo>&#x000B1;</mo>" in mathml.mathml(r"a \pm b", True, "p.md")
    assert "<munder><mo>lim</mo>" in mathml.mathml(r"\lim_{h \to 0} f(h)", True, "p.md")
    assert "<msub><mo>lim</mo>" in mathml.mathml(r"\lim_{h \to 0} f(h)", False, "p.md")  # inline: beside
    assert "<mtext>max_norm</mtext>" in mathml.mathml(r"\text{max\_norm}", False, "p.md")


def test_inline_math_can_wrap_after_each_relation():
    pieces = mathml.mathml(r"y = 5 \cdot 8 + 2 = 42", False, "p.md").split("<wbr>")
    assert len(pieces) == 3 and all(piece.startswith("<math") for piece in pieces)
    assert "<wbr>" not in mathml.mathml(r"y = 5 \cdot 8 + 2 = 42", True, "p.md")  # display math scrolls


@pytest.mark.parametrize("tex", [r"\frac{1}{", r"x^", r"\notacommand x"])
def test_a_formula_that_cannot_be_rendered_fails_naming_the_page(tex):
    with pytest.raises(PluginError, match=r"^docs/it/page\.md: "):
        mathml.mathml(tex, True, "docs/it/page.md")
