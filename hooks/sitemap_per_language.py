"""A sitemap in every language's folder.

mkdocs-static-i18n writes one sitemap.xml at the root, with every language's pages and their
hreflang alternates. Material fetches `sitemap.xml` next to each alternate language's home
(`<lang>/sitemap.xml`) to switch language on the same page; without those files every page made
three failing requests. After the last language is built, this hook writes each language's
sitemap with that language's pages (the root one keeps them all).
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.plugins import event_priority

URL = re.compile(r"[ \t]*<url>.*?</url>\n?", re.S)
LOC = re.compile(r"<loc>([^<]*)</loc>")


@event_priority(-200)  # after mkdocs-static-i18n has written the sitemap of all languages
def on_post_build(config) -> None:
    i18n = config.plugins.get("i18n")
    root = Path(config.site_dir) / "sitemap.xml"
    if i18n is None or i18n.building or not root.exists():
        return
    text = root.read_text(encoding="utf-8")
    head, tail = text[: URL.search(text).start()], text[text.rindex("</url>") + len("</url>\n"):]
    for language in i18n.config.languages:
        if not language.build or language.locale == i18n.default_language:
            continue
        home = f"{config.site_url}{language.locale}/"
        urls = [u for u in URL.findall(text) if LOC.search(u)[1].startswith(home)]
        (Path(config.site_dir) / language.locale / "sitemap.xml").write_text(head + "".join(urls) + tail,
                                                                              encoding="utf-8")
