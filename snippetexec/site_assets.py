"""What the plugin adds to every site, whatever its theme: the engine's stylesheet and the notebook link.

A site that lists `executed-snippets` in its plugins gets styled output blocks and pictures without
copying a file: the stylesheet ships in the package (assets/snippetexec.css) and the plugin adds it to the
site's files and to `extra_css`, before the site's own stylesheets (so a site's rules win).

The notebook download link is plain HTML put at the top of the page's content, so it works with any theme.
A theme that offers its own button (the course's Material override reads the template variable `notebook`)
turns it off with `notebook_link: false`.
"""

from __future__ import annotations

import html
from pathlib import Path

from mkdocs.structure.files import File

STYLESHEET = Path(__file__).parent / "assets" / "snippetexec.css"
STYLESHEET_URI = "assets/snippetexec.css"


def link_stylesheet(config) -> None:
    """List the engine's stylesheet first in `extra_css` (once: static-i18n runs on_config per language)."""
    if STYLESHEET_URI not in config.extra_css:
        config.extra_css.insert(0, STYLESHEET_URI)


def stylesheet_file(config) -> File:
    return File.generated(config, STYLESHEET_URI, abs_src_path=str(STYLESHEET))


def with_notebook_link(page_html: str, notebook: str, label: str) -> str:
    """The page's content with a labelled link that downloads its notebook, at the top."""
    link = (f'<p class="snippet-notebook-link"><a href="{html.escape(notebook, quote=True)}" download>'
            f"{html.escape(label)}</a></p>\n")
    return link + page_html
