"""Search in the reader's language, and no failing requests from the language machinery.

mkdocs-static-i18n merges every language into one search index, so a reader on /de/ would
get results from all four languages. After the last language is built, this hook splits
site/search/search_index.json into one index per language:

    search/search_index.json        the default language's pages (locations without a prefix)
    search/search_index.<lang>.json the pages under <lang>/ (a page not yet translated is built
                                    there from the English source, so it is found in English)

Each index keeps the language's own lunr language; overrides/main.html makes a page load
the index of its language.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from mkdocs.plugins import event_priority


@event_priority(-200)  # after mkdocs-static-i18n has written the merged index
def on_post_build(config):
    i18n = config.plugins.get("i18n")
    if i18n is None or i18n.building:
        return  # one of the per-language builds: the index is not complete yet
    path = Path(config.site_dir) / "search" / "search_index.json"
    if not path.exists():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    locales = [lang.locale for lang in i18n.config.languages if lang.build]
    default = i18n.default_language
    buckets: dict[str, list] = {locale: [] for locale in locales}
    for doc in index["docs"]:
        head = doc["location"].split("/", 1)[0]
        buckets[head if head in buckets and head != default else default].append(doc)
    for locale, docs in buckets.items():
        data = {"config": dict(index["config"], lang=[locale]), "docs": docs}
        name = "search_index.json" if locale == default else f"search_index.{locale}.json"
        (path.parent / name).write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")


ALTERNATE = re.compile(r'\s*<link rel="alternate" href="(?!https?:)[^"]*" hreflang="[^"]*">')


def on_post_page(output, page, config):
    """Drop the relative <link rel="alternate" hreflang> tags Material writes from extra.alternate.

    Search engines want absolute URLs: overrides/main.html writes those (and x-default). Material
    fetches <href>/sitemap.xml for each alternate (meant for versioned sites), which 404s on every
    page; overrides/main.html keeps it from sending those requests for the absolute ones.
    """
    return ALTERNATE.sub("", output)
