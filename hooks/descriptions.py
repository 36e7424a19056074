"""Every page gets its own meta description, in its language, from its "Goal" box.

Search engines show a page's `<meta name="description">`; Material fills it from the page's
`description` front matter, else the site's description, the same sentence for every page. A
lesson states its goal in its first admonition (`!!! abstract "..."`), translated with the page,
so this hook uses that text (Markdown, math and links reduced to plain text, cut at a word near
160 characters). A page without one (home, glossary) uses its first paragraph. Front matter wins.
"""

from __future__ import annotations

import re

LIMIT = 160
GOAL = re.compile(r'^!!! abstract(?: "[^"]*")?\n((?:[ \t]{4}.*\n|[ \t]*\n)+)', re.MULTILINE)
PARAGRAPH = re.compile(r"^(?![#!?=`>|<{\-*\d ])(\S.*(?:\n(?!\s*\n)(?![#!?=`]).*)*)", re.MULTILINE)


def plain(markdown: str) -> str:
    text = re.sub(r"\{\{[^}]*\}\}", "", markdown)              # executed values: not known yet here
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)      # links keep their text
    text = re.sub(r"\$([^$]*)\$", r"\1", text)                # inline math keeps its letters
    text = re.sub(r"`|\*\*?|\b__?(?=\w)|(?<=\w)__?\b(?!\w)|\\[a-zA-Z]+", "", text)  # code, emphasis, TeX
    return re.sub(r"\s+", " ", text).strip()


def shorten(text: str) -> str:
    if len(text) <= LIMIT:
        return text
    cut = text[:LIMIT].rsplit(" ", 1)[0] if " " in text[:LIMIT] else text[:LIMIT]
    return cut.rstrip(",;:") + "…"


def on_page_markdown(markdown: str, page, config, files) -> str:
    if page.meta.get("description") or not page.file.src_uri.endswith(".md"):
        return markdown  # front matter wins; a notebook page's source is JSON
    body = re.sub(r"\A---\n.*?\n---\n", "", markdown, flags=re.DOTALL)
    goal = GOAL.search(body)
    source = goal.group(1) if goal else (PARAGRAPH.search(body.split("\n", 1)[-1]) or [None, ""])[1]
    if source:
        page.meta["description"] = shorten(plain(source))
    return markdown
