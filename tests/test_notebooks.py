"""Every page with snippets is downloadable as a notebook in its language; the notebooks run and tell the truth.

English notebooks are run top to bottom with nbclient in a real kernel; the other
languages' notebooks must hold exactly the same code cells and outputs (only the prose
differs), so they run the same way.
"""

from __future__ import annotations

import json

import re
import tempfile
from pathlib import Path
from urllib.parse import urljoin

import nbformat
import pytest
from bs4 import BeautifulSoup

from conftest import LANGUAGES, ROOT
from snippetexec.discover import find_references
from test_site import PAGES, url_of

PAGES_WITH_SNIPPETS = [p for p in PAGES if find_references((ROOT / "docs" / "en" / p).read_text(), p)]
MKDOCS_ONLY = ["--8<--", "!!! ", "??? ", '=== "', "{ .annotate }", "<!--", "translation_of"]


def notebook_of(site: Path, page: str, lang: str):
    html_path = site / url_of(page, lang) / "index.html"
    link = BeautifulSoup(html_path.read_text(encoding="utf-8"), "html.parser").select_one(
        "a.snippet-notebook-download[download]")
    assert link is not None, f"{lang}/{page}: no notebook download link"
    assert link["title"] and link["href"].endswith(f".{lang}.ipynb")
    path = html_path.parent / link["href"]
    assert path.is_file(), f"{lang}/{page}: the link points to a missing file {link['href']}"
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    return notebook


def stored_text(cell) -> str:
    """What the page shows as the output of a code cell: printed text, then the exception line."""
    text = "".join(o.text for o in cell.outputs if o.output_type == "stream")
    errors = [o.traceback[-1] for o in cell.outputs if o.output_type == "error"]  # the line the page shows
    return text + "".join(e + "\n" for e in errors)


def code_cells(notebook):
    return [c for c in notebook.cells if c.cell_type == "code"]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", PAGES_WITH_SNIPPETS)
def test_notebook_is_the_page(built_site, page, lang):
    site, proc = built_site
    assert proc.returncode == 0
    notebook = notebook_of(site, page, lang)
    assert notebook.metadata.snippetexec.language == lang
    soup = BeautifulSoup((site / url_of(page, lang) / "index.html").read_text(encoding="utf-8"), "html.parser")
    # the prose, in the page's language
    markdown = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    title = soup.select_one("article h1").get_text().strip().rstrip("¶").strip()
    assert markdown.split("\n")[0].replace("`", "") == "# " + title
    for construct in MKDOCS_ONLY:
        assert construct not in markdown, f"{lang}/{page}: MkDocs-only syntax {construct!r} in a markdown cell"
    # the code, in the page's order, and the outputs the page shows
    sources = soup.select(".snippet-source")
    cells = code_cells(notebook)
    assert [c.metadata.snippetexec.snippet for c in cells] == [s["data-snippet"] for s in sources]
    for cell, source in zip(cells, sources):
        code = cell.source.split("\n", 2)[2] if "module" in cell.metadata.snippetexec else cell.source
        assert code + "\n" == source.select_one("code").get_text()  # a lesson module's cell: %%capture, %%writefile
        block = soup.select_one(f'.snippet-output[data-snippet="{source["data-snippet"]}"]')
        shown = block.select_one("pre > code").get_text() + "\n" if block else ""
        assert stored_text(cell) == shown, cell.metadata.snippetexec.snippet
        raises = "snippet-error" in (block["class"] if block else [])
        assert ("raises-exception" in cell.metadata.get("tags", [])) == raises
    # pictures travel with their cell, alt text included
    pictures = [o for c in cells for o in c.outputs if o.output_type == "display_data"]
    assert [o.data["text/plain"] for o in pictures] == [img["alt"] for img in soup.select("figure.snippet-figure img.snippet-light")]
    if lang != "en":
        english = code_cells(notebook_of(site, page, "en"))
        assert [(c.source, stored_text(c)) for c in cells] == [(c.source, stored_text(c)) for c in english]


def kernel_streams(cell) -> tuple[str, str]:
    def text(name):
        return "".join(o.text for o in cell.outputs if o.output_type == "stream" and o.name == name)
    return text("stdout"), text("stderr")


def without_locations(text: str) -> str:
    """Warnings name the file that ran: snippets/x.py:5 in the build, /tmp/ipykernel_1/2.py:3 in a kernel."""
    return re.sub(r"^\S+\.py:\d+: ", "<file>:<line>: ", text, flags=re.MULTILINE)


def run_in_a_kernel(notebook):
    """A copy of `notebook` run top to bottom in a fresh kernel (raises on any error not tagged raises-exception)."""
    from nbclient import NotebookClient

    ran = nbformat.reads(nbformat.writes(notebook), as_version=4)
    NotebookClient(ran, timeout=120, kernel_name="python3", allow_errors=False,
                   resources={"metadata": {"path": tempfile.mkdtemp(prefix="notebook-")}}).execute()
    return ran


@pytest.fixture(scope="module")
def english_notebooks_run(built_site):
    """Every English notebook of the site, run in its own kernel, two at a time (a kernel mostly waits)."""
    from concurrent.futures import ThreadPoolExecutor

    site, proc = built_site
    assert proc.returncode == 0
    stored = {page: notebook_of(site, page, "en") for page in PAGES_WITH_SNIPPETS}
    with ThreadPoolExecutor(max_workers=2) as pool:
        running = {page: pool.submit(run_in_a_kernel, notebook) for page, notebook in stored.items()}
    return {page: (stored[page], future) for page, future in running.items()}


@pytest.mark.parametrize("page", PAGES_WITH_SNIPPETS)
def test_english_notebook_runs_top_to_bottom_and_prints_the_pages_outputs(english_notebooks_run, page):
    stored, future = english_notebooks_run[page]
    ran = future.result()  # re-raises the kernel's CellExecutionError, if any
    for before, after in zip(code_cells(stored), code_cells(ran)):
        name = before.metadata.snippetexec.snippet
        stdout, stderr = (without_locations(t) for t in kernel_streams(after))
        page_text = without_locations("".join(o.text for o in before.outputs if o.output_type == "stream"))
        # the build records stdout and stderr interleaved as written; a kernel sends them apart
        if stderr:
            assert stderr in page_text, f"{name}: the kernel warned differently:\n{stderr}"
            page_text = page_text.replace(stderr, "", 1)
        assert stdout == page_text, f"{name}: the notebook prints something else than the page"
        errors = lambda c: [(o.ename, o.evalue.rstrip("\n")) for o in c.outputs  # noqa: E731
                            if o.output_type == "error"]  # a message may end with a newline: Python drops it when printing
        assert errors(after) == errors(before), name
        figures = lambda c: sum(1 for o in c.outputs if o.output_type == "display_data"  # noqa: E731
                                and o.metadata.get("snippetexec", {}).get("kind") != "graph")
        assert figures(after) == figures(before), f"{name}: the kernel drew a different number of figures"


def test_the_lesson_with_a_lesson_module_is_among_the_notebooks_run_in_a_kernel():
    assert "tiny-autograd.md" in PAGES_WITH_SNIPPETS


def test_a_lesson_module_the_page_shows_becomes_a_cell_that_writes_its_file(tmp_path):
    """The kernel imports it as the build did: the module's cell writes mod.py, the next cell imports it."""
    from snippetexec.execute import OK, Result
    from snippetexec.notebook import page_notebook
    from snippetexec.snippet import load_snippet

    lesson = tmp_path / "snippets" / "my-lesson"
    lesson.mkdir(parents=True)
    (lesson / "mod.py").write_text("VALUE = 6 * 7\n")
    (lesson / "user.py").write_text("from mod import VALUE\nprint(VALUE)\n")
    outputs = {"my-lesson/mod.py": "", "my-lesson/user.py": "42\n"}
    page = "# Page\n\n" + "".join(f'```python\n--8<-- "{name}"\n```\n\n' for name in outputs)
    notebook = nbformat.from_dict(page_notebook(
        page, lambda name: (load_snippet(tmp_path / "snippets", name, tmp_path), Result(OK, outputs[name])),
        lambda result, alt: [], "en", "page.md"))
    nbformat.validate(notebook)
    module, user = code_cells(notebook)
    assert module.source == "%%capture\n%%writefile mod.py\nVALUE = 6 * 7"
    assert module.metadata.snippetexec.module == "mod.py" and "module" not in user.metadata.snippetexec
    assert user.source == "from mod import VALUE\nprint(VALUE)"
    ran = code_cells(run_in_a_kernel(notebook))
    assert kernel_streams(ran[0]) == ("", "") and kernel_streams(ran[1]) == ("42\n", "")


NOTEBOOK_PAGE = "notebooks/exercise-mse-gradient"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_exercise_is_a_notebook_page_rendered_by_mkdocs_jupyter(built_site, lang):
    site, proc = built_site
    assert proc.returncode == 0
    prefix = "" if lang == "en" else f"{lang}/"
    html = (site / prefix / NOTEBOOK_PAGE / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.html["lang"] == lang
    article = soup.select_one("article")
    assert '"nbformat"' not in article.get_text()  # rendered, not raw JSON (static-i18n #198)
    assert article.select(".jp-Cell.jp-CodeCell") and article.select(".jp-RenderedMarkdown")
    lesson = BeautifulSoup((site / url_of("exercise-mse-gradient.md", lang) / "index.html").read_text(
        encoding="utf-8"), "html.parser")
    title = lesson.select_one("article h1").get_text().strip().rstrip("¶").strip()
    assert title in article.select_one("h1").get_text()
    # the same outputs as the lesson page, from the same runs
    lesson_outputs = [b.select_one("pre > code").get_text() for b in lesson.select(".snippet-output")]
    page_outputs = [o.get_text().rstrip("\n") for o in article.select(".jp-OutputArea-output pre")]
    assert page_outputs == lesson_outputs
    # nothing from another host, no empty script from nbconvert's MathJax 2 loader
    for tag in soup.select("script[src]"):
        assert tag["src"] and "://" not in tag["src"], tag
    assert "cdnjs" not in html and "mermaid.esm" not in html and "text/x-mathjax-config" not in html
    # out of the lessons' flow: not in the nav, no previous/next links to it, not in search; the lesson links it
    assert not [a for a in soup.select("nav.md-nav--primary a") if "notebooks/" in a.get("href", "")]
    assert not [a for a in lesson.select(".md-footer__link") if "notebooks/" in a["href"]]
    assert [a for a in lesson.select("article a") if a.get("href", "").endswith(NOTEBOOK_PAGE + "/")]
    index = json.loads((site / "search" / f"search_index{'' if lang == 'en' else '.' + lang}.json").read_text())
    assert not [doc["location"] for doc in index["docs"] if "notebooks/" in doc["location"]]
    # light: nbconvert's inline stylesheets (about 580 KB) are gone
    assert len(html.encode()) < 150_000 and not article.select("style"), len(html.encode())
    # hints and solutions stay folded, their code cells too; no stray annotation marker "(1)"
    folded = article.select("details")
    assert len(folded) >= 6 and not [d for d in folded if d.has_attr("open")]
    for cell in article.select(".jp-Cell.celltag_collapsed"):
        assert cell.find_parent("details"), "a solution's code cell is not folded"
    # each hint and solution is one fold, as on the lesson page: the notebook's parts of it joined again
    def summaries(root):
        return [d.summary.get_text().strip() for d in root.select("details")]

    assert summaries(article) == summaries(lesson.select_one("article")) and not article.select("details.continued")
    assert "(1)" not in article.get_text()
    # the switcher leads to the same notebook page
    switcher = {a["hreflang"]: a["href"] for a in soup.select(".md-select a[hreflang]")}
    assert set(switcher) == set(LANGUAGES)
    here = f"http://site/{prefix}{NOTEBOOK_PAGE}/"
    for other, href in switcher.items():
        expected = f"http://site/{'' if other == 'en' else other + '/'}{NOTEBOOK_PAGE}/"
        assert urljoin(here, href) == expected, (other, href)
    # and it downloads: the very notebook the page shows
    link = soup.select_one("a.snippet-notebook-download[download]")
    notebook = nbformat.read(site / prefix / NOTEBOOK_PAGE / link["href"], as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata.snippetexec.language == lang
    assert [stored_text(c).rstrip("\n") for c in code_cells(notebook)] == lesson_outputs


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_notebook_page_has_the_lessons_heading_ids_and_its_toc_links_to_them(built_site, lang):
    """The language menu keeps the #fragment: on the notebook page, as on the lessons, a section has the same id
    in every language (the English one), and the table of contents links to ids that exist."""
    site, _ = built_site
    prefix = "" if lang == "en" else f"{lang}/"

    def headings(path: str) -> tuple[list[str], BeautifulSoup]:
        soup = BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")
        return [h["id"] for h in soup.select("article h1, article h2, article h3") if h.get("id")], soup

    english, _ = headings(url_of("exercise-mse-gradient.md", "en"))
    lesson, _ = headings(url_of("exercise-mse-gradient.md", lang))
    page, soup = headings(prefix + NOTEBOOK_PAGE)
    assert lesson == english  # the lessons already have them (hooks/i18n_sync.py ids)
    assert page == english, f"{lang}: the notebook page's sections are {page}, the lesson's {english}"
    toc = [a["href"][1:] for a in soup.select("nav.md-nav--secondary a[href^='#']")]
    assert toc and set(toc) <= set(page), f"{lang}: its table of contents links to {set(toc) - set(page)}"


def unrendered_emphasis(markdown: str) -> list[str]:
    """Emphasis markers that a CommonMark renderer (Jupyter, GitHub) shows as literal asterisks.

    Python-Markdown on the site is more lenient: `**bold，**而且` is bold there, but in CommonMark a
    closing `**` right after punctuation and before a letter does not close.
    """
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(markdown)
    texts = [child.content for token in tokens if token.type == "inline"
             for child in token.children or [] if child.type == "text"]
    return [text for text in texts if "**" in text or "__" in text]


def test_unrendered_emphasis_is_caught():
    assert unrendered_emphasis("**错误信息中的维度是按结果从左往右数的，**而且……")
    assert not unrendered_emphasis("**错误信息中的维度是按结果从左往右数的**，而且……")
    assert not unrendered_emphasis("Some **bold** and `a ** b` in code.")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_notebook_markdown_renders_in_commonmark(built_site, lang):
    site, proc = built_site
    assert proc.returncode == 0
    problems = []
    for page in PAGES_WITH_SNIPPETS:
        for cell in notebook_of(site, page, lang).cells:
            if cell.cell_type == "markdown":
                problems.extend(f"{lang}/{page}: {text!r}" for text in unrendered_emphasis(cell.source))
    assert not problems, "literal ** in a notebook (CommonMark):\n" + "\n".join(problems)


def test_hints_and_solutions_stay_folded_in_the_notebook(tmp_path):
    """A collapsed block (`???`) becomes <details> in every markdown cell it spans; its code cells are
    collapsed in Jupyter and tagged; an open block (`???+`) starts open; annotation markers go."""
    from snippetexec.execute import OK, Result
    from snippetexec.notebook import page_notebook
    from snippetexec.snippet import load_snippet

    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "answer.py").write_text("print(42)\n")
    page = ("# Task\n\nHere is the setup: (1)\n{ .annotate }\n\n1. A note.\n\n"
            '??? tip "Hint"\n    Think.\n\n'
            '???+ success "Solution"\n    Before the code.\n\n    ```python\n    --8<-- "answer.py"\n    ```\n\n'
            "    After the code.\n\nThe end.\n")
    notebook = nbformat.from_dict(page_notebook(
        page, lambda name: (load_snippet(tmp_path / "snippets", name, tmp_path), Result(OK, "42\n")),
        lambda result, alt: [], "en", "page.md"))
    nbformat.validate(notebook)
    before, code, after = notebook.cells
    assert "(1)" not in before.source and "1. A note." in before.source
    assert '<details><summary>Hint</summary>\n\nThink.\n\n</details>' in before.source
    assert '<details open><summary>Solution</summary>\n\nBefore the code.' in before.source
    assert before.source.endswith("</details>")
    assert code.metadata.jupyter == {"source_hidden": True, "outputs_hidden": True}
    assert code.metadata.tags == ["collapsed"] and code.metadata.snippetexec.summary == "Solution"
    assert after.source.startswith('<details class="continued"><summary>Solution</summary>\n\nAfter the code.\n\n'
                                   '</details>')
    assert after.source.endswith("The end.")


def test_a_warm_build_rewrites_no_notebook_whose_content_is_unchanged(tmp_path):
    """Notebooks are made from the page and the results: a build where neither changed makes none again and
    writes none (each notebook file keeps its modification time); editing a snippet changes exactly the
    notebooks of the pages that include it, in both languages."""
    from conftest import MiniSite

    site = MiniSite(tmp_path, cache=True)
    site.snippet("one.py", "print('one', 1)\n")
    site.snippet("two.py", "print('two', 2)\n")
    site.page("first.md", "one.py")
    site.page("second.md", "two.py")
    for lang in ("en", "de"):
        (tmp_path / "docs" / lang / "index.md").write_text("# Home\n")

    def notebooks():
        built = sorted((tmp_path / "site").rglob("*.ipynb"))
        return {path.relative_to(tmp_path / "site").as_posix(): (path.stat().st_mtime_ns, path.read_text())
                for path in built}

    assert site.build(fresh=False).returncode == 0
    cold = notebooks()
    assert len(cold) == 4, cold.keys()
    assert site.build(fresh=False).returncode == 0
    assert notebooks() == cold, "a warm build rewrote notebooks whose page and results did not change"
    site.snippet("one.py", "print('one', 11)\n")
    assert site.build(fresh=False).returncode == 0
    edited = notebooks()
    changed = {name for name in cold if edited[name] != cold[name]}
    assert changed == {"first/first.en.ipynb", "de/first/first.de.ipynb"}, changed
    assert all("one', 11" in edited[name][1] and "one 11" in edited[name][1] for name in changed)
