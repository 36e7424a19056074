"""Publish generated notebooks as site pages rendered by mkdocs-jupyter, under mkdocs-static-i18n.

Used by mkdocs_plugin.py. A notebook page is generated at build from a Markdown page
and the engine's outputs (notebook.py), never kept by hand. What this module knows
about the two other plugins (mkdocs-jupyter 0.26, mkdocs-static-i18n 1.3):

* mkdocs-jupyter renders a file only if it has a real `abs_src_path` on disk ending in
  .ipynb (matched by its `include` patterns): the notebook is written under .cache/;
* static-i18n rebuilds every file as a plain File, which is a page only for Markdown, so
  a notebook would be copied as raw JSON (static-i18n issue #198). The files made here
  are added after static-i18n's on_files and say they are documentation pages;
* nbconvert's template puts a MathJax 2 loader (`<script src="">`), its config, and a
  Mermaid module importing from a CDN into every notebook page: they are removed, the
  site's own MathJax 3 typesets the notebook (see docs/assets/javascripts/mathjax-config.js);
* Chinese headings get `id=""` from mkdocs-jupyter while its table of contents links to
  `#_1`, `#_2`...: the ids are taken from the table of contents;
* a notebook has no heading ids of its own: a heading that has one in the page's Markdown
  (`## Il compito { #the-task }`, the same in every language) gets it on the notebook page
  too, in the heading and in the table of contents, so the language menu's #fragment lands
  on the same section there as on the lessons.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File


class NotebookPageFile(File):
    """A generated .ipynb that MkDocs treats as a page (mkdocs-jupyter renders it)."""

    heading_ids: list = []  # the explicit id of each heading of the page it is made of (heading_ids), or None

    def is_documentation_page(self) -> bool:
        return True


def languages(config) -> tuple[list[str], str, str]:
    """(languages built, default language, language of this build), with or without static-i18n."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        language = config.theme.get("language") or "en"
        return [language], language, language
    built = [lang.locale for lang in i18n.config.languages if lang.build]
    return built, i18n.default_language, i18n.current_language


def source_of(docs_dir: Path, page: str, language: str, default: str) -> Path:
    """The Markdown source of `page` in `language` (folder layout), falling back to the default language."""
    for candidate in (Path(docs_dir) / language / page, Path(docs_dir) / default / page, Path(docs_dir) / page):
        if candidate.is_file():
            return candidate
    raise PluginError(f"executed-snippets: notebook_pages names {page!r}, which is not in {docs_dir}")


def check_no_errors(notebook, where: str) -> None:
    """mkdocs-jupyter does not execute (execute: false), so its allow_errors: false never sees our outputs."""
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                raise PluginError(f"{where}: a notebook page may not show an error, but snippet "
                                  f"{cell['metadata']['snippetexec']['snippet']} raises "
                                  f"{output.get('ename')}: {output.get('evalue')}")


def page_files(config, uri: str, language: str, default: str, path: Path, i18n: bool) -> tuple[File, File]:
    """The page file (rendered by mkdocs-jupyter) and the downloadable .ipynb of one language's notebook."""
    prefix = "" if language == default else f"{language}/"
    stem = uri[: -len(".ipynb")]
    page = NotebookPageFile.generated(config, f"{language}/{uri}" if i18n else uri, abs_src_path=str(path))
    page.dest_uri = prefix + (f"{stem}/index.html" if config.use_directory_urls else f"{stem}.html")
    if i18n:  # what static-i18n's folder layout sets on the files it creates
        page.locale = page.locale_alternate_of = page.localization = language
        page.norm_src_uri = uri
    download = File.generated(config, f"{prefix}{stem}.{language}.download.ipynb", abs_src_path=str(path))
    download.dest_uri = (PurePosixPath(page.dest_uri).parent / notebook_name(uri, language)).as_posix()
    return page, download


def notebook_name(src_uri: str, language: str) -> str:
    """File name of a page's downloadable notebook; it is written beside the page's HTML file."""
    return f"{PurePosixPath(src_uri).stem}.{language}.ipynb"


_JUPYTER_MATHJAX = re.compile(
    r'<!-- Load mathjax -->\s*<script src="[^"]*">\s*</script>\s*'
    r'<!-- MathJax configuration -->\s*<script type="text/x-mathjax-config">.*?</script>\s*'
    r'<!-- End of mathjax configuration -->', re.DOTALL)
_JUPYTER_MERMAID = re.compile(r'<script type="module">(?:(?!</script>).)*?mermaid(?:(?!</script>).)*</script>',
                              re.DOTALL)
# nbconvert's template inlines JupyterLab's whole stylesheet (about 580 KB) and pygments' light theme in
# every page; snippetexec.css styles the few cell classes a notebook page uses, with the theme's colours.
_JUPYTER_STYLE = re.compile(r"<style[^>]*>.*?</style>\s*", re.DOTALL)
_HEADING = re.compile(r'<h([1-6]) id="([^"]*)">(.*?)<a class="anchor-link" href="#[^"]*">', re.DOTALL)


_MD_HEADING = re.compile(r"^#{1,6}[ \t]+(.*?)[ \t]*$")
_MD_ID = re.compile(r"\{[^}]*#([\w-]+)[^}]*\}$")
_MD_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")


def heading_ids(markdown: str) -> list[str | None]:
    """The explicit id (`{ #id }`) of each heading of a page's Markdown, in order, None for one without; lines of
    fenced code are not headings."""
    ids, fence = [], None
    for line in markdown.splitlines():
        marker = _MD_FENCE.match(line)
        if fence is not None:
            if marker and marker.group(1)[0] == fence[0] and len(marker.group(1)) >= len(fence):
                fence = None
        elif marker:
            fence = marker.group(1)
        elif heading := _MD_HEADING.match(line):
            explicit = _MD_ID.search(heading.group(1))
            ids.append(explicit.group(1) if explicit else None)
    return ids


def clean_page_html(html: str, toc, where: str, ids=()) -> str:
    """Remove what nbconvert's template loads from elsewhere and its inline stylesheets; give headings the
    ids of the page's Markdown (`ids`: heading_ids, used when it has one per heading), else the ids the TOC
    links to, and make the TOC link to the ids the headings get."""
    html, mathjax = _JUPYTER_MATHJAX.subn("", html)
    html, mermaid = _JUPYTER_MERMAID.subn("", html)
    html, styles = _JUPYTER_STYLE.subn("", html)
    if (mathjax, mermaid) != (1, 1) or not styles:
        raise PluginError(f"{where}: expected mkdocs-jupyter's MathJax and Mermaid blocks once each and its "
                          f"stylesheets, found {mathjax}, {mermaid} and {styles}: its template changed, check what "
                          "the page loads")
    html = fold_collapsed_code_cells(html)
    items = []

    def walk(entries):
        for item in entries:
            items.append(item)
            walk(item.children)

    walk(toc)
    headings = list(_HEADING.finditer(html))
    if len(headings) != len(items):
        return html
    explicit = list(ids) if len(ids) == len(headings) else [None] * len(headings)
    for item, match, wanted in zip(items, headings, explicit):
        item.id = wanted or match.group(2) or item.id  # the table of contents links to the heading's id
    anchors = iter(item.id for item in items)

    def fix(match):
        anchor = next(anchors)
        return f'<h{match.group(1)} id="{anchor}">{match.group(3)}<a class="anchor-link" href="#{anchor}">'

    return _HEADING.sub(fix, html)


def fold_collapsed_code_cells(html: str) -> str:
    """A hint or a solution that holds code is one fold, as on the lesson page. In the notebook it spans several
    cells (notebook.py): its first markdown part, code cells tagged `collapsed` (the template turns tags into
    `celltag_*` classes) and markdown parts in <details class="continued">. Each code cell and the content of
    each continued part move into the block's first <details>; a code cell with no block before it is folded
    under a summary of its own."""
    if "celltag_collapsed" not in html and "continued" not in html:
        return html
    from bs4 import BeautifulSoup  # nbconvert's dependency: there whenever mkdocs-jupyter renders the page

    soup = BeautifulSoup(html, "html.parser")
    block = None  # the <details> of the block being read, in document order
    for element in soup.select("details, div.jp-Cell.celltag_collapsed"):
        if element.name == "details":
            if "continued" in element.get("class", []) and block is not None:
                for child in [c for c in element.contents if getattr(c, "name", None) != "summary"]:
                    block.append(child.extract())
                element.decompose()
            else:
                block = element
        elif not element.find_parent("div", class_="celltag_collapsed"):  # the template nests a cell's div
            if block is not None:
                block.append(element.extract())
            else:
                details = soup.new_tag("details", attrs={"class": "jp-folded"})
                element.wrap(details)
                label = soup.new_tag("summary")
                label.string = "…"
                details.insert(0, label)
    return str(soup)
