"""One 404 page per language, and the default language's at the root.

mkdocs-static-i18n builds every language into the same site folder, and each build writes the
theme's 404.html at the root: the last language built (German) won, so every reader got a German
404 page. This hook keeps each language's copy as it is written and, after the last build, puts
the default language's at the root (what static hosts such as GitHub Pages serve for any missing
path) and every other language's at <lang>/404.html (hosts that serve a folder's own 404 use it).
overrides/404.html links each language's home page.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import CombinedEvent, event_priority

written: dict[str, bytes] = {}


@event_priority(0)  # before mkdocs-static-i18n (-100) starts the next language's build
def keep_this_languages_page(config) -> None:
    i18n = config.plugins.get("i18n")
    page = Path(config.site_dir) / "404.html"
    if i18n is not None and page.exists():
        written[i18n.current_language] = page.read_bytes()


@event_priority(-200)  # after every language is built
def put_every_page_in_place(config) -> None:
    i18n = config.plugins.get("i18n")
    if i18n is None or i18n.building or not written:
        return
    site = Path(config.site_dir)
    for language, page in written.items():
        target = site / ("404.html" if language == i18n.default_language else f"{language}/404.html")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(page)
    written.clear()


on_post_build = CombinedEvent(keep_this_languages_page, put_every_page_in_place)
