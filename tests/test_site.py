"""The real site: builds with --strict, every language has every page, every output is true."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ACTION_LABELS, LANGUAGES, ROOT, published_notebooks
from snippetexec.discover import find_references

PAGES = sorted(p.relative_to(ROOT / "docs" / "en").as_posix() for p in (ROOT / "docs" / "en").rglob("*.md"))


def url_of(page: str, lang: str) -> str:
    stem = page[: -len(".md")]
    path = "" if stem == "index" else stem.removesuffix("/index") + "/"
    return ("" if lang == "en" else f"{lang}/") + path


def test_build_is_strict_and_clean(built_site):
    _, proc = built_site
    assert proc.returncode == 0, proc.stderr[-4000:]


def test_each_snippet_executes_once_for_all_languages(built_site):
    _, proc = built_site
    runs = re.findall(r"(\d+) snippets: (\d+) executed", proc.stderr)
    distinct = {ref.name for p in (ROOT / "docs").rglob("*.md") for ref in find_references(p.read_text(), "")}
    assert runs == [(str(len(distinct)), str(len(distinct)))], proc.stderr[-3000:]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_first_lesson_exists_in_every_language(built_site, lang):
    site, _ = built_site
    html = (site / url_of("tensors-and-gradients.md", lang) / "index.html").read_text()
    soup = BeautifulSoup(html, "html.parser")
    assert soup.html["lang"] == lang
    outputs = " ".join(o.get_text() for o in soup.select(".snippet-output"))
    assert "64.0" in outputs and "72.0" in outputs


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_every_output_is_a_fresh_run(built_site, engine, fresh_results, page, lang):
    site, proc = built_site
    assert proc.returncode == 0
    soup = BeautifulSoup((site / url_of(page, lang) / "index.html").read_text(), "html.parser")
    sources = soup.select(".snippet-source")
    for source in sources:
        name = source["data-snippet"]
        assert source.select_one("code").get_text() == engine.load(name).shown_code
    outputs = soup.select(".snippet-output")
    for block in outputs:
        name = block["data-snippet"]
        fresh = fresh_results[name].result
        assert block.select_one("pre > code").get_text() == fresh.output.rstrip("\n"), name
        assert ("snippet-error" in block["class"]) == (fresh.status == "raised"), name
        assert block.select_one(".snippet-label").get_text().strip()
    markdown = (ROOT / "docs" / "en" / page).read_text()
    assert len(sources) == len(find_references(markdown, page))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_output_label_is_localized(built_site, lang):
    site, _ = built_site
    soup = BeautifulSoup((site / url_of("tensors-and-gradients.md", lang) / "index.html").read_text(), "html.parser")
    expected = {"en": "Output", "it": "Output", "zh": "输出", "de": "Ausgabe"}[lang]
    assert soup.select_one(".snippet-output .snippet-label").get_text() == expected


PYTHON_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})[ \t]*(python3?|py)\b", re.MULTILINE)


@pytest.mark.parametrize("page", sorted(str(p.relative_to(ROOT)) for p in (ROOT / "docs").rglob("*.md")))
def test_pages_hold_no_code_of_their_own(page):
    """Code lives in snippets/ only: every Python fence of a page is a snippet reference."""
    text = (ROOT / page).read_text()
    assert len(PYTHON_FENCE.findall(text)) == len(find_references(text, page)), (
        f"{page} has a Python fence that is not a snippet reference: move the code to snippets/")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_index_per_language(built_site, lang):
    """Each language has its own index; Chinese text is segmented into words (jieba) the separator splits."""
    import json

    site, _ = built_site
    name = "search_index.json" if lang == "en" else f"search_index.{lang}.json"
    index = json.loads((site / "search" / name).read_text())
    assert index["config"]["lang"] == [lang]
    heads = {doc["location"].split("/", 1)[0] for doc in index["docs"]}
    if lang == "en":
        assert not heads & {"it", "zh", "de"}
    else:
        assert heads == {lang}
    separator = re.compile(index["config"]["separator"].replace("\\u200b", "\u200b").replace("\\u3000", "\u3000"))
    words = {w for doc in index["docs"] for w in separator.split(doc["text"])}
    expected = {"en": "gradient", "it": "gradiente", "zh": "梯度", "de": "Gradient"}[lang]
    assert expected in words
    if lang == "zh":
        assert "计算图" in words or "叶子" in words
    # the code and the outputs are in the index (the built site runs every snippet afresh: a cold build)
    texts = " ".join(doc["text"] for doc in index["docs"])
    assert "prediction for x=4 after training: 7.999998569488525" in texts


def index_words(site, lang) -> dict[str, set[str]]:
    """The words a reader's query can match, per page, as lunr splits them (lowercased, tags dropped)."""
    import json

    index = json.loads((site / "search" / ("search_index.json" if lang == "en" else f"search_index.{lang}.json"))
                       .read_text())
    separator = re.compile(index["config"]["separator"].replace("\\u200b", "\u200b").replace("\\u3000", "\u3000"))
    words: dict[str, set[str]] = {}
    for doc in index["docs"]:
        page = doc["location"].removeprefix(f"{lang}/").split("/", 1)[0] or "index"
        text = re.sub(r"<[^>]+>", " ", doc["text"])  # tags end words, as the separator's < > do
        words.setdefault(page, set()).update(w.lower() for w in separator.split(text) if w)
    return words


@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_finds_api_names_and_the_errors_a_page_shows(built_site, lang):
    """`allclose` finds torch.allclose(...), `zero_grad` optimizer.zero_grad(), `retain_graph`
    retain_graph=True, on every lesson that uses them; an error or warning a page's output shows
    (RuntimeError, UserWarning) finds that page."""
    site, _ = built_site
    words = index_words(site, lang)
    for page in PAGES:
        if page in ("glossary.md", "index.md"):
            continue
        soup = BeautifulSoup((site / url_of(page, lang) / "index.html").read_text(), "html.parser")
        article = soup.select_one("article").get_text()
        outputs = " ".join(block.get_text() for block in soup.select(".snippet-output"))
        slug = page.removesuffix(".md")
        for term in ("allclose", "zero_grad", "retain_graph"):
            if re.search(rf"\b{term}\b", article):
                assert term in words[slug], f"{lang}/{slug}: searching {term!r} does not find it"
        for error in set(re.findall(r"\b(\w+(?:Error|Warning)):", outputs)):
            assert error.lower() in words[slug], f"{lang}/{slug}: searching {error!r} does not find it"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_footer_names_the_versions_that_ran_the_snippets(built_site, engine, lang):
    import platform

    site, _ = built_site
    soup = BeautifulSoup((site / url_of("index.md", lang) / "index.html").read_text(), "html.parser")
    footer = soup.select_one(".snippet-versions").get_text()
    printed = engine.run(["home/versions.py"], fresh=True).outcomes["home/versions.py"].result.output
    torch_version = printed.split("\n")[0].split()[1].split("+")[0]  # "PyTorch 2.13.0+cpu"
    assert f"PyTorch {torch_version}" in footer and f"Python {platform.python_version()}" in footer


def test_nothing_loads_from_another_host(built_site):
    """No script, style, font, image or frame is fetched from outside the site (no CDN, no Google Fonts)."""
    site, _ = built_site
    external = re.compile(r"^(https?:)?//", re.IGNORECASE)
    problems = []
    for path in site.rglob("*.html"):
        soup = BeautifulSoup(path.read_text(), "html.parser")
        for tag, attr in (("script", "src"), ("img", "src"), ("iframe", "src"), ("source", "src"),
                          ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data")):
            for element in soup.find_all(tag):
                if external.match(element.get(attr, "")):
                    problems.append(f"{path.relative_to(site)}: <{tag} {attr}={element[attr]}>")
        for link in soup.find_all("link"):
            rel = set(link.get("rel", []))
            if rel & {"stylesheet", "preload", "prefetch", "icon", "modulepreload", "preconnect"} \
                    and external.match(link.get("href", "")):
                problems.append(f"{path.relative_to(site)}: <link rel={rel} href={link['href']}>")
    for path in site.rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", path.read_text()):
            problems.append(f"{path.relative_to(site)}: url({url})")
        for url in re.findall(r"@import\s+(?:url\()?['\"]((?:https?:)?//[^'\"]+)", path.read_text()):
            problems.append(f"{path.relative_to(site)}: @import {url}")
    assert not problems, "\n".join(problems[:20])


def test_edit_links_open_the_source_of_the_page_in_its_language(built_site):
    site, _ = built_site
    titles = {}
    for lang in LANGUAGES:
        for page in PAGES:
            soup = BeautifulSoup((site / url_of(page, lang) / "index.html").read_text(), "html.parser")
            link = soup.select_one('a.md-content__button[rel="edit"]')
            assert link is not None, f"{lang}/{page}: no edit link"
            assert link["href"].endswith(f"/edit/main/docs/{lang}/{page}"), link["href"]
            assert (ROOT / "docs" / lang / page).is_file()  # a translator edits the file the link names
            titles.setdefault(lang, set()).add(link["title"])
    assert all(len(t) == 1 for t in titles.values())
    assert len({next(iter(t)) for t in titles.values()}) == len(LANGUAGES)  # localized by the theme


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_course_keeps_one_notebook_download_and_links_the_engines_stylesheet_first(built_site, lang):
    """The plugin's own link is off (notebook_link: false): the lesson's action row is the only download, and
    Material's edit button the only edit link; the engine's stylesheet comes with the plugin, before the
    course's (whose rules then win)."""
    site, _ = built_site
    page_dir = site / url_of("broadcasting.md", lang)
    soup = BeautifulSoup((page_dir / "index.html").read_text(), "html.parser")
    downloads = soup.select("a[download]")
    assert [a.parent["class"] for a in downloads] == [["lesson-actions"]], downloads
    assert len(soup.select('a[rel="edit"]')) == 1
    sheets = [link["href"] for link in soup.select('link[rel="stylesheet"]')]
    ours = [i for i, href in enumerate(sheets) if href.endswith("assets/snippetexec.css")]
    course = [i for i, href in enumerate(sheets) if href.endswith("assets/snippets.css")]
    assert len(ours) == 1 and len(course) == 1 and ours[0] < course[0], sheets
    assert (page_dir / sheets[ours[0]]).resolve().is_file()


REPO_URL = re.search(r"^repo_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text(), re.M)[1].rstrip("/")
COLAB = "https://colab.research.google.com/github/"


def glob_matches(glob: str, path: str) -> bool:
    """A path matches a workflow glob as @actions/glob matches it: `**/` is any number of folders, `*` and `?`
    stay within one."""
    pattern = "".join("(?:.*/)?" if part == "**/" else "[^/]*" if part == "*" else "[^/]" if part == "?"
                      else re.escape(part) for part in re.split(r"(\*\*/|\*|\?)", glob))
    return re.fullmatch(pattern, path) is not None


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_with_a_notebook_has_the_lessons_actions_in_its_language(built_site, lang):
    """Under the title of every page that has a notebook: "Download notebook" (that file, in the page's
    language), "View source" (the page's Markdown on GitHub, a file of this repository) and "Open in Colab" (the
    path the Pages workflow publishes the notebook at, on its branch), labelled in the page's language."""
    import nbformat

    site, _ = built_site
    published = published_notebooks()
    root = published["glob"].split("*")[0]  # site/: the workflow keeps the paths after the first wildcard
    assert root == "site/", published["glob"]
    others = tuple(f"{other}/" for other in LANGUAGES if other != "en")
    notebooks = {path.relative_to(site).as_posix() for path in site.rglob(f"*.{lang}.ipynb")}
    pages = {path.relative_to(site).as_posix()[: -len("index.html")] for path in site.rglob("index.html")}
    pages = {page for page in pages if page.startswith(f"{lang}/") or (lang == "en" and not page.startswith(others))}
    offered = set()
    for page in sorted(pages):
        soup = BeautifulSoup((site / page / "index.html").read_text(), "html.parser")
        rows = soup.select(".lesson-actions")
        if not rows:
            continue
        assert len(rows) == 1, f"{page}: {len(rows)} action rows"
        row = rows[0]
        assert row.find_previous("h1") is not None and row.find_previous("h1") == soup.select_one("article h1"), \
            f"{page}: the actions are not under the title"
        links = row.select("a")
        labels = [" ".join(a.get_text().split()) for a in links]
        download = row.select_one("a[download]")
        notebook = page + download["href"]
        assert (site / notebook).is_file() and notebook.endswith(f".{lang}.ipynb"), f"{page}: {download['href']}"
        assert nbformat.read(site / notebook, as_version=4).metadata.snippetexec.language == lang
        offered.add(notebook)
        colab = row.select_one('a[href^="https://colab.research.google.com/"]')
        expected = COLAB + REPO_URL.removeprefix("https://github.com/") + f"/blob/{published['branch']}/{notebook}"
        assert colab["href"] == expected, page
        assert glob_matches(published["glob"], root + notebook), f"{notebook} is not published ({published['glob']})"
        sources = [a for a in links if "/blob/main/docs/" in a["href"]]
        if page.removeprefix(f"{lang}/" if lang != "en" else "").startswith("notebooks/"):
            # a notebook page is generated at build from the capstone (no Markdown of its own): no source link
            assert labels == [ACTION_LABELS[lang][0], ACTION_LABELS[lang][2]], f"{page}: {labels}"
            continue
        assert labels == ACTION_LABELS[lang], f"{page}: {labels}"
        source = sources[0]["href"]
        assert source.startswith(f"{REPO_URL}/blob/main/docs/{lang}/") and source.endswith(".md"), source
        assert (ROOT / source.removeprefix(f"{REPO_URL}/blob/main/")).is_file(), f"{page}: {source}"
        stem = page.removeprefix(f"{lang}/" if lang != "en" else "").rstrip("/") or "index"
        assert source == f"{REPO_URL}/blob/main/docs/{lang}/{stem}.md", f"{page}: {source}"
        if lang != "en":
            assert not set(labels) & set(ACTION_LABELS["en"]), f"{page}: English labels {labels}"
    assert offered == notebooks, f"notebooks without the action row: {sorted(notebooks - offered)}"
    assert len(offered) >= 18


DATE_IN = {"en": r"on [A-Z][a-z]+ \d{1,2}, \d{4}\.", "it": r"il \d{1,2} [a-z]+ \d{4}\.",
           "zh": r"于 \d{4}年\d{1,2}月\d{1,2}日", "de": r"am \d{1,2}\. [A-ZÄÖÜ][a-zäöü]+ \d{4}\."}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_footer_date_is_written_as_the_pages_language_writes_dates(built_site, lang):
    site, _ = built_site
    footer = BeautifulSoup((site / url_of("index.md", lang) / "index.html").read_text(), "html.parser")
    text = " ".join(footer.select_one(".snippet-versions").get_text().split())
    assert re.search(DATE_IN[lang], text), text
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text), text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_has_its_own_title_and_description_in_its_language(built_site, lang):
    """A language's home page is titled once (not "Name - Name"); every page describes itself, in its
    language, from its goal (not the site's one description for all)."""
    site, _ = built_site
    seen = {}
    for page in PAGES:
        soup = BeautifulSoup((site / url_of(page, lang) / "index.html").read_text(), "html.parser")
        title = soup.title.get_text()
        name, _, site_name = title.rpartition(" - ")
        assert name != site_name, f"{lang}/{page}: title {title!r}"
        description = soup.select_one('meta[name="description"]')["content"]
        assert 40 <= len(description) <= 170 and "{{" not in description, f"{lang}/{page}: {description!r}"
        if lang != "en":
            english = BeautifulSoup((site / url_of(page, "en") / "index.html").read_text(), "html.parser")
            assert description != english.select_one('meta[name="description"]')["content"], f"{lang}/{page}"
        seen.setdefault(description, []).append(page)
    assert not [pages for pages in seen.values() if len(pages) > 1], seen


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_capstones_hints_are_numbered(built_site, lang):
    site, _ = built_site
    soup = BeautifulSoup((site / url_of("exercise-mse-gradient.md", lang) / "index.html").read_text(), "html.parser")
    hints = [s.get_text().strip() for s in soup.select("details.tip > summary")]
    assert [hint.rsplit(" ", 1)[-1] for hint in hints] == ["1", "2", "3"], hints


SITE_URL = re.search(r"^site_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text(), re.M)[1]
BUILT_PAGES = PAGES + ["notebooks/exercise-mse-gradient.md"]  # generated at build from the capstone


def alternates_problems(site: Path, page: str, lang: str) -> list[str]:
    """What is wrong with a built page's hreflang alternates: one per language and x-default (the English
    page), absolute URLs of pages that exist in the built site, the page's own one its canonical URL."""
    soup = BeautifulSoup((site / url_of(page, lang) / "index.html").read_text(), "html.parser")
    links = [(link.get("hreflang"), link["href"]) for link in soup.select('head link[rel="alternate"]')]
    found = dict(links)
    problems = []
    if len(links) != len(found) or sorted(found) != sorted(LANGUAGES + ["x-default"]):
        problems.append(f"hreflang alternates {links}, expected one for each of {LANGUAGES} and x-default")
    for hreflang, href in links:
        if not href.startswith(SITE_URL):
            problems.append(f"{hreflang}: {href} is not an absolute URL of the site ({SITE_URL})")
        elif not (site / href[len(SITE_URL):] / "index.html").is_file():
            problems.append(f"{hreflang}: {href} is not a page of the built site")
    for other in LANGUAGES:
        if found.get(other) != SITE_URL + url_of(page, other):
            problems.append(f"{other}: {found.get(other)}, expected {SITE_URL + url_of(page, other)}")
    if found.get("x-default") != found.get("en"):
        problems.append(f"x-default is {found.get('x-default')}, the English page is {found.get('en')}")
    canonical = soup.select_one('head link[rel="canonical"]')
    if canonical is None or canonical["href"] != found.get(lang):
        problems.append(f"canonical {canonical and canonical['href']} is not the page's own alternate")
    return problems


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_names_its_four_languages_for_search_engines(built_site, lang):
    site, _ = built_site
    problems = [f"{lang}/{page}: {problem}" for page in BUILT_PAGES for problem in alternates_problems(site, page, lang)]
    assert not problems, "\n".join(problems[:20])


def heading_ids(site: Path, page: str, lang: str) -> list[str]:
    soup = BeautifulSoup((site / url_of(page, lang) / "index.html").read_text(), "html.parser")
    return [h["id"] for h in soup.select("article :is(h1, h2, h3, h4, h5, h6)[id]")]


@pytest.mark.parametrize("page", PAGES)
def test_headings_have_the_same_anchors_in_every_language(built_site, page):
    """A link to a section, or the language switcher (it carries the #fragment), keeps the reader's place.
    (Not yet the notebook page: its headings come from notebook cells, which hold no ids, so nbconvert
    makes them from the translated titles.)"""
    site, _ = built_site
    english = heading_ids(site, page, "en")
    assert len(english) >= 1
    for lang in LANGUAGES[1:]:
        assert heading_ids(site, page, lang) == english, f"{lang}/{page}"
