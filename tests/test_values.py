"""Executed values in prose, pinned messages and hidden checks, on throwaway two-language sites (real builds)."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

from conftest import MiniSite

POLYNOMIAL = """\
import torch
x = torch.tensor(2.0, requires_grad=True)
y = 5 * x**3 + 2 * x**2 + 4 * x + 8
y.backward()
print("x.grad:", x.grad)
# --- checks ---
print("a hidden line")
assert x.grad.item() == 72.0
"""


def write_pages(site: MiniSite, text: str) -> None:
    for lang in ("en", "de"):
        (site.path / "docs" / lang / "index.md").write_text(f"# {lang}\n\n{text}", encoding="utf-8")


def test_values_are_shown_in_every_language_searchable_and_in_the_notebook(mini_site):
    mini_site.snippet("poly.py", POLYNOMIAL)
    write_pages(mini_site, "The derivative is {{ poly.py: x.grad.item() }}, `x.grad` is `{{ poly.py: x.grad }}`, "
                           "its shape {{ poly.py: x.grad.shape | shape }} and y {{ poly.py: y.item() | .2f }}.\n\n"
                           "| value | meaning |\n|---|---|\n| {{ poly.py: y.item() | int }} | y |\n\n"
                           '```python\n--8<-- "poly.py"\n```\n')
    proc = mini_site.build()
    assert proc.returncode == 0, proc.log
    assert "1 snippets: 1 executed" in proc.log  # the values come from the run that makes the output block
    pages = {}
    for url in ("", "de/"):
        soup = BeautifulSoup(mini_site.html(url), "html.parser")
        values = soup.select(".snippet-value")
        pages[url] = [(v.name, v["data-snippet"], v["data-expression"], v.get_text()) for v in values]
        assert "a hidden line" not in soup.get_text()
    assert pages[""] == pages["de/"] == [
        ("span", "poly.py", "x.grad.item()", "72.0"), ("code", "poly.py", "x.grad", "tensor(72.)"),
        ("span", "poly.py", "x.grad.shape | shape", "()"), ("span", "poly.py", "y.item() | .2f", "64.00"),
        ("span", "poly.py", "y.item() | int", "64")]
    assert BeautifulSoup(mini_site.html(""), "html.parser").select_one("td .snippet-value")  # the table survived
    notebook = json.loads((mini_site.path / "site" / "de" / "index.de.ipynb").read_text())
    assert notebook["cells"][0]["source"].startswith(
        "# de\n\nThe derivative is 72.0, `x.grad` is `tensor(72.)`, its shape () and y 64.00.")


def test_a_warm_build_shows_the_same_values_and_an_edit_changes_them(tmp_path):
    site = MiniSite(tmp_path, cache=True)
    site.snippet("poly.py", POLYNOMIAL)
    write_pages(site, "The derivative is {{ poly.py: x.grad.item() }}.\n")
    for build in ("cold", "warm"):
        proc = site.build(fresh=False)
        assert proc.returncode == 0, proc.log
        assert ("executed" in proc.log) == (build == "cold")
        assert "The derivative is <span" in site.html("de/") and ">72.0</span>" in site.html("de/")
    site.snippet("poly.py", POLYNOMIAL.replace("2.0, requires", "3.0, requires").replace("== 72.0", "== 151.0"))
    proc = site.build(fresh=False)
    assert proc.returncode == 0, proc.log
    for url in ("", "de/"):
        assert ">151.0</span>" in site.html(url) and ">72.0<" not in site.html(url)


def failing_build(site: MiniSite, snippet: str, page_text: str, name: str = "poly.py"):
    site.snippet(name, snippet)
    write_pages(site, page_text)
    proc = site.build()
    assert proc.returncode != 0, proc.log
    return proc.log


def test_an_unknown_name_fails_naming_every_page_and_the_names_that_exist(mini_site):
    log = failing_build(mini_site, POLYNOMIAL, "Some prose.\n\nThe derivative is {{ poly.py: dydx }}.\n")
    assert "1 executed value in the prose cannot be shown" in log
    assert "{{ poly.py: dydx }}: name 'dydx' is not defined after the run; the snippet defines: x, y" in log
    assert "docs/en/index.md:5 (en)" in log and "docs/de/index.md:5 (de)" in log


def test_a_value_that_cannot_be_formatted_fails(mini_site):
    log = failing_build(mini_site, "import torch\nv = torch.ones(3)\nprint(v)\n",
                        "It is {{ vec.py: v | .3f }} and {{ vec.py: v | shape }} and {{ vec.py: 2.5 | int }}.\n",
                        name="vec.py")
    assert "{{ vec.py: v | .3f }}: cannot format a Tensor as '.3f'" in log
    assert "{{ vec.py: 2.5 | int }}: 2.5 is not a whole number" in log
    assert "{{ vec.py: v | shape }}" not in log
    assert "docs/de/index.md:3 (de)" in log


def test_a_value_of_a_missing_snippet_fails_naming_the_page(mini_site):
    log = failing_build(mini_site, POLYNOMIAL, "It is {{ typo.py: x }}.\n")
    assert "Snippet snippets/typo.py does not exist" in log
    assert "docs/en/index.md:3 (en)" in log and "docs/de/index.md:3 (de)" in log


RAISES = """\
# snippet: raises=RuntimeError match="{fragment}"
import torch
print("before")
torch.ones(3) + torch.ones(2)
# --- checks ---
print("checked after the exception")
assert "{checked}" in str(raised)
"""


def test_a_pinned_message_holds_and_its_checks_see_the_exception(mini_site):
    mini_site.snippet("err.py", RAISES.format(fragment="non-singleton dimension 0", checked="(3)"))
    write_pages(mini_site, 'It fails at {{ err.py: str(raised).split(" at ")[1] }}.\n\n```python\n--8<-- "err.py"\n```\n')
    proc = mini_site.build()
    assert proc.returncode == 0, proc.log
    soup = BeautifulSoup(mini_site.html("de/"), "html.parser")
    assert soup.select_one(".snippet-value").get_text() == "non-singleton dimension 0"
    output = soup.select_one(".snippet-output code").get_text()
    assert output.startswith("before\nRuntimeError: The size of tensor a (3)") and "checked" not in output
    notebook = (mini_site.path / "site" / "index.en.ipynb").read_text()
    assert "checked after the exception" not in notebook


def test_a_changed_error_message_fails_the_build(mini_site):
    mini_site.snippet("err.py", RAISES.format(fragment="non-singleton dimension 1", checked="(3)"))
    mini_site.page("index.md", "err.py")
    log = mini_site.build().log
    assert "Snippet snippets/err.py, line 4 raised the declared exception, but not with the pinned message" in log
    assert "(the message must contain 'non-singleton dimension 1'" in log
    assert "raises=" not in log.split("pinned message")[1].split("Included by")[0].replace("match= in", "")


def test_a_hidden_check_failing_after_a_declared_exception_fails_the_build(mini_site):
    mini_site.snippet("err.py", RAISES.format(fragment="non-singleton dimension 0", checked="(4)"))
    mini_site.page("index.md", "err.py")
    log = mini_site.build().log
    assert "Snippet snippets/err.py, line 7 failed a hidden check:" in log
    assert "hidden check failed at snippets/err.py:7: `assert \"(4)\" in str(raised)` (str(raised) was " in log
    assert "declare it" not in log and "raises=AssertionError" not in log
    assert "docs/de/index.md:3 (de)" in log


def test_a_failing_check_says_what_the_values_were(mini_site):
    mini_site.snippet("poly.py", POLYNOMIAL.replace("== 72.0", "== 8.0"))
    mini_site.page("index.md", "poly.py")
    log = mini_site.build().log
    assert ("hidden check failed at snippets/poly.py:8: `assert x.grad.item() == 8.0` (x.grad.item() was 72.0)"
            in log)
    assert "raises=" not in log


def test_a_missing_pinned_warning_fails_the_build(mini_site):
    mini_site.snippet("warn.py", '# snippet: warns="not a leaf Tensor"\nimport torch\nprint(torch.ones(2) * 2)\n')
    mini_site.page("index.md", "warn.py")
    log = mini_site.build().log
    assert "Snippet snippets/warn.py did not show a pinned warning:" in log
    assert "no warning in the output says 'not a leaf Tensor'" in log


def test_a_syntax_error_names_file_line_and_caret_without_raises_advice(mini_site):
    mini_site.snippet("broken.py", "import torch\nx = torch.ones(3\nprint(x)\n")
    mini_site.page("index.md", "broken.py")
    log = mini_site.build().log
    assert 'File "snippets/broken.py", line 2' in log
    assert "^" in log and "SyntaxError: '(' was never closed" in log
    assert "raises=" not in log


@pytest.mark.parametrize("directive", ['match="x"', 'raises=RuntimeError match="unclosed'])
def test_malformed_pins_are_refused(mini_site, directive):
    mini_site.snippet("bad.py", f"# snippet: {directive}\nprint(1)\n")
    mini_site.page("index.md", "bad.py")
    log = mini_site.build().log
    assert "Snippet snippets/bad.py is malformed" in log


def test_values_with_markdown_characters_are_shown_as_they_are(mini_site):
    """A value is text, not Markdown: `*`, `_`, backticks and backslashes stay (asterisks once vanished
    as emphasis from an error message `grad_and_value(f)(*args)`), on the page and in the notebook."""
    mini_site.snippet("chars.py", 'message = "f(*args, **kwargs) a_b_c \\\\n `x`"\nplain = "2 * 3 * 4 __init__"\n')
    write_pages(mini_site, "Code `{{ chars.py: message }}` and prose {{ chars.py: plain }}.\n\n"
                           '```python\n--8<-- "chars.py"\n```\n')
    proc = mini_site.build()
    assert proc.returncode == 0, proc.log
    for url in ("", "de/"):
        values = [v.get_text() for v in BeautifulSoup(mini_site.html(url), "html.parser").select(".snippet-value")]
        assert values == ["f(*args, **kwargs) a_b_c \\n `x`", "2 * 3 * 4 __init__"], values
    notebook = json.loads((mini_site.path / "site" / "de" / "index.de.ipynb").read_text())
    import markdown_it
    rendered = markdown_it.MarkdownIt("commonmark").render(notebook["cells"][0]["source"])
    text = BeautifulSoup(rendered, "html.parser").get_text()
    assert "f(*args, **kwargs) a_b_c \\n `x`" in text and "2 * 3 * 4 __init__" in text, text
