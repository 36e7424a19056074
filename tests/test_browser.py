"""The built site in a real browser (Playwright + Debian's Chromium), served on localhost."""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

from conftest import ACTION_LABELS, LANGUAGES, ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
HAVE_CHROMIUM = Path(CHROMIUM).exists()
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
NOTEBOOK_PAGE = "notebooks/exercise-mse-gradient"  # generated at build, rendered by mkdocs-jupyter
PAGES = sorted(p.relative_to(ROOT / "docs" / "en").as_posix()[: -len(".md")]
               for p in (ROOT / "docs" / "en").rglob("*.md")) + [NOTEBOOK_PAGE]
LESSONS = [name for name in PAGES if name not in (NOTEBOOK_PAGE, "glossary", "index")]

if not HAVE_CHROMIUM:
    message = ("browser tests need Chromium: sudo apt-get install -y chromium "
               "(make test installs it when run as root on Debian/Ubuntu)")
    if os.environ.get("REQUIRE_BROWSER"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message, allow_module_level=True)


def url_path(page: str, lang: str) -> str:
    prefix = "" if lang == "en" else f"{lang}/"
    return prefix + ("" if page == "index" else page + "/")


SITE_PATH = urlparse(re.search(r"^site_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text(), re.M)[1]).path


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site as its static host does: under site_url's path (GitHub Pages serves the
    project at /<repo>/), and a missing path gets the site's 404.html."""

    def log_message(self, *args):
        pass

    def translate_path(self, path):
        inside = path.startswith(SITE_PATH)
        return super().translate_path("/" + path[len(SITE_PATH):] if inside else "/__outside_the_site__/")

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.exists():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="module")
def server(built_site):
    site, proc = built_site
    assert proc.returncode == 0, proc.stderr[-2000:]
    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}{SITE_PATH}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


def new_context(browser, **options):
    """A browser context as a reader who asks for reduced motion has it.

    Material animates annotation markers (an endless pulse) and transitions; Playwright waits
    for an element to be stable before it clicks or scrolls, so an animated element makes a test
    depend on timing. The site stops its animations for prefers-reduced-motion (snippets.css),
    and every test context asks for it.
    """
    return browser.new_context(reduced_motion="reduce", **options)


def watched_page(context):
    """A new tab that records console errors, page errors and every request to another host."""
    page = context.new_page()
    page.errors, page.outside = [], []
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("request", lambda r: urlparse(r.url).hostname not in ("127.0.0.1", None)
            and not r.url.startswith("data:") and page.outside.append(r.url))
    return page


@pytest.fixture
def page(browser, server):
    context = new_context(browser)
    yield watched_page(context)
    context.close()


TABS = 9  # pages loaded side by side: their waits for the network to go quiet overlap
BUDGET = 700 * 1024  # a lesson page with everything it loads, uncompressed (issue 12)
README = ROOT / "README.md"
WEIGHT_TABLE = re.compile(r"<!-- page-weight -->\n(.*?)<!-- /page-weight -->", re.S)


@pytest.fixture(scope="module")
def every_page(browser, server):
    """Every page in every language, loaded as a reader opens it: its language, console errors,
    requests to other hosts, and the bytes of everything it loaded (uncompressed), by URL."""
    seen = {}
    context = new_context(browser)
    context.route("**/*", lambda route: route.continue_())  # routing turns the HTTP cache off: each page as a first visit
    try:
        for lang in LANGUAGES:
            for start in range(0, len(PAGES), TABS):
                tabs = []
                for name in PAGES[start:start + TABS]:
                    tab = watched_page(context)
                    tab.loaded = {}
                    tab.on("requestfinished", lambda r, tab=tab: tab.loaded.__setitem__(r.url, r.sizes()["responseBodySize"]))
                    tab.goto(server + url_path(name, lang), wait_until="commit")
                    tabs.append((name, tab))
                for name, tab in tabs:
                    tab.wait_for_load_state("networkidle")  # every request the page makes has been made
                    seen[lang, name] = {"lang": tab.evaluate("document.documentElement.lang"),
                                        "errors": tab.errors, "outside": tab.outside, "loaded": tab.loaded}
                    tab.close()
    finally:
        context.close()
    return seen


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_loads_cleanly_and_stays_on_localhost(every_page, lang):
    for name in PAGES:
        page = every_page[lang, name]
        assert page["lang"] == lang, name
        assert page["errors"] == [], f"{lang}/{name}: {page['errors']}"
        assert page["outside"] == [], f"{lang}/{name} requested {page['outside']}"


def weight(page) -> int:
    return sum(page["loaded"].values())


def page_weights(every_page) -> dict[str, dict[str, int]]:
    """Bytes a reader's browser loads, per page type and language (the heaviest page of each type)."""
    types = {"home page": ["index"], "lesson (heaviest)": LESSONS, "glossary": ["glossary"],
             "notebook page": [NOTEBOOK_PAGE]}
    return {kind: {lang: max(weight(every_page[lang, name]) for name in names) for lang in LANGUAGES}
            for kind, names in types.items()}


def weight_table(weights) -> str:
    rows = ["| page (with all it loads, uncompressed) | " + " | ".join(LANGUAGES) + " |",
            "|---|" + "---:|" * len(LANGUAGES)]
    rows += [f"| {kind} | " + " | ".join(f"{by_lang[lang] / 1024:.0f} KB" for lang in LANGUAGES) + " |"
             for kind, by_lang in weights.items()]
    return "\n".join(rows) + "\n"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pages_are_light_and_load_search_only_when_asked(every_page, lang):
    """No page loads MathJax (math is MathML from the build) or the search index before the reader
    opens search; every lesson, with everything it loads, stays within the budget."""
    for name in PAGES:
        loaded = every_page[lang, name]["loaded"]
        assert not [url for url in loaded if "search_index" in url], f"{lang}/{name} loaded the search index"
        assert not [url for url in loaded if "mathjax" in url.lower()], f"{lang}/{name} loaded MathJax"
    for name in LESSONS:
        size = weight(every_page[lang, name])
        assert size <= BUDGET, f"{lang}/{name} loads {size / 1024:.0f} KB, over the {BUDGET // 1024} KB budget"


def test_readme_reports_the_page_weights_this_build_measures(every_page):
    """The README's table is what this test measures (within 10 %); WRITE_README=1 rewrites it."""
    measured = page_weights(every_page)
    table = weight_table(measured)
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    (ROOT / "test-artifacts" / "page-weight.md").write_text(table, encoding="utf-8")
    text = README.read_text(encoding="utf-8")
    if os.environ.get("WRITE_README"):
        README.write_text(WEIGHT_TABLE.sub(lambda m: f"<!-- page-weight -->\n{table}<!-- /page-weight -->", text),
                          encoding="utf-8")
        text = README.read_text(encoding="utf-8")
    match = WEIGHT_TABLE.search(text)
    assert match, "README.md has no <!-- page-weight --> table"
    stated = {row.split("|")[1].strip(): [float(cell.split()[0]) for cell in row.split("|")[2:-1]]
              for row in match[1].strip().splitlines()[2:]}
    assert set(stated) == set(measured), f"README rows {sorted(stated)} != {sorted(measured)}"
    for kind, by_lang in measured.items():
        for lang, readme_kb in zip(LANGUAGES, stated[kind]):
            real = by_lang[lang] / 1024
            assert abs(readme_kb - real) <= 0.1 * real, (
                f"README says {kind} ({lang}) is {readme_kb:.0f} KB, this build measures {real:.0f} KB: "
                "run WRITE_README=1 .venv/bin/python -m pytest tests/test_browser.py -k readme_reports")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_math_shows_without_javascript(browser, server, lang):
    """Formulas are MathML in the HTML: with JavaScript off every formula has its real size."""
    context = browser.new_context(java_script_enabled=False, reduced_motion="reduce")
    page = context.new_page()
    try:
        page.goto(server + url_path("gradient-checking", lang))
        sizes = page.eval_on_selector_all("div.arithmatex math, span.arithmatex math", """ms => ms.map(m => {
            const r = m.getBoundingClientRect(); return [r.width, r.height]; })""")
        assert len(sizes) > 20
        assert min(w for w, h in sizes) >= 4 and min(h for w, h in sizes) >= 5, sorted(sizes)[:5]  # collapsed: 1 px
        assert "\\frac" not in page.inner_text("article") and "$$" not in page.inner_text("article")
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_math_is_rendered_and_outputs_are_visible(page, server, lang):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(server + url_path("tensors-and-gradients", lang))
    formula = page.locator("div.arithmatex math").first
    box = formula.bounding_box()
    assert box["width"] > 20 and box["height"] > 8, box
    body = page.inner_text("article")
    assert "$$" not in body and "\\frac" not in body
    label = {"en": "Output", "it": "Output", "zh": "输出", "de": "Ausgabe"}[lang]
    assert page.locator(".snippet-output .snippet-label").first.inner_text().strip().lower() == label.lower()
    assert page.locator(".snippet-output").first.is_visible()
    assert "72.0" in page.inner_text(".snippet-output >> nth=1") or "72.0" in body
    page.screenshot(path=str(SCREENSHOTS / f"tensors-and-gradients-{lang}.png"), full_page=True)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_notebook_page_math_is_rendered(page, server, lang):
    page.goto(server + url_path(NOTEBOOK_PAGE, lang))
    assert page.locator(".jp-RenderedMarkdown math").count() > 0
    text = page.inner_text("article")
    assert "$$" not in text and "\\frac" not in text and "\\partial" not in text
    assert page.locator(".jp-OutputArea-output").first.is_visible()
    # its headings' links (¶) show as the lessons' do: only for the heading under the pointer
    anchor = page.locator(".jupyter-wrapper h2 .anchor-link").first
    assert anchor.evaluate("a => getComputedStyle(a).opacity") == "0"
    anchor.locator("xpath=..").hover()
    page.wait_for_timeout(300)
    assert anchor.evaluate("a => getComputedStyle(a).opacity") == "1"
    page.mouse.move(0, 0)
    page.screenshot(path=str(SCREENSHOTS / f"notebook-page-{lang}.png"))
    assert page.errors == [] and page.outside == []


NOT_FOUND = {"en": "Page not found", "it": "Pagina non trovata", "zh": "页面未找到", "de": "Seite nicht gefunden"}


@pytest.mark.parametrize("missing", ["no/such/page/", "it/broadcastingg/", "zh/a/b/c.html"])
def test_a_missing_page_leads_to_every_languages_home(page, server, missing):
    """What a static host serves for any missing path (the root 404.html): the default language,
    styled from any depth, with a working way to each language's home page in the text and in the
    language menu, and no failing request."""
    failed = []
    page.on("response", lambda r: r.status >= 400 and r.url != server + missing and failed.append(r.url))
    response = page.goto(server + missing)
    assert response.status == 404
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert NOT_FOUND["en"] in page.inner_text("article h1")
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"  # CSS loaded
    homes = page.eval_on_selector_all(".not-found-homes a", "as => as.map(a => [a.hreflang, a.href])")
    menu = page.eval_on_selector_all(".md-select a[hreflang]", "as => as.map(a => [a.hreflang, a.href])")
    expected = [(lang, server + ("" if lang == "en" else f"{lang}/")) for lang in LANGUAGES]
    assert [tuple(h) for h in homes] == expected and [tuple(m) for m in menu] == expected
    assert page.get_attribute(".md-select a[aria-current]", "hreflang") == "en"
    document_404 = "Failed to load resource: the server responded with a status of 404 (Not Found)"
    assert failed == [] and page.outside == []
    assert page.errors == [document_404], page.errors  # the missing page itself, and nothing else
    page.click('.not-found-homes a[hreflang="zh"]')
    page.wait_for_url(server + "zh/")  # the click starts a navigation: read the new page, not the one leaving
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.lang") == "zh"


@pytest.mark.parametrize("lang", LANGUAGES[1:])
def test_each_language_has_its_own_404_page(page, server, lang):
    """For hosts that serve a folder's own 404.html: <lang>/404.html is in that language, and its
    language menu leads to the language homes (static-i18n left the last built page's links)."""
    page.goto(server + f"{lang}/404.html")
    assert page.evaluate("document.documentElement.lang") == lang
    assert NOT_FOUND[lang] in page.inner_text("article h1")
    menu = page.eval_on_selector_all(".md-select a[hreflang]", "as => as.map(a => a.href)")
    assert menu == [server + ("" if other == "en" else f"{other}/") for other in LANGUAGES]
    assert page.get_attribute(".md-select a[aria-current]", "hreflang") == lang


@pytest.mark.parametrize("lang", LANGUAGES)
def test_language_switcher_leads_to_the_same_lesson(page, server, lang):
    page.goto(server + url_path("broadcasting", lang))
    links = page.eval_on_selector_all(".md-select a[hreflang]", "els => els.map(e => [e.hreflang, e.href])")
    targets = dict(links)
    assert set(targets) == set(LANGUAGES), links
    for other, href in targets.items():
        assert href == server + url_path("broadcasting", other), (other, href)


SWITCH_TO = {"en": "zh", "it": "de", "zh": "en", "de": "it"}  # every language left once and reached once


@pytest.mark.parametrize("lang", LANGUAGES)
def test_switching_language_keeps_the_readers_place(page, server, lang):
    """Headings have the English ids in every language, and the menu carries the #fragment: the reader lands
    on the same section in the other language, scrolled to it; after a link within the page, its new one."""
    section, later = "gradients-through-a-broadcast-are-sums", "when-broadcasting-does-not-fail"
    other = SWITCH_TO[lang]
    page.goto(server + url_path("broadcasting", lang) + "#" + section)
    page.hover(".md-header .md-select")
    page.click(f'.md-select a[hreflang="{other}"]')
    page.wait_for_url(server + url_path("broadcasting", other) + "#" + section)
    assert page.evaluate("document.documentElement.lang") == other
    heading = page.locator(f"h2#{section}")
    assert heading.count() == 1
    top = heading.evaluate("h => h.getBoundingClientRect().top")
    assert page.evaluate("scrollY") > 500 and 0 <= top <= 150, (page.evaluate("scrollY"), top)
    page.click(f"h2#{later} a.headerlink")  # the reader follows a link within the page
    page.wait_for_url(server + url_path("broadcasting", other) + "#" + later)
    # the menu follows on the hashchange event, which fires after the URL changed: wait for it, then check
    page.wait_for_function("later => [...document.querySelectorAll('.md-select a[hreflang]')]"
                           ".every(a => a.href.endsWith('#' + later))", arg=later, timeout=10_000)
    menu = page.eval_on_selector_all(".md-select a[hreflang]", "as => as.map(a => [a.hreflang, a.href])")
    assert menu == [[code, server + url_path("broadcasting", code) + "#" + later] for code in LANGUAGES]
    assert page.errors == [] and page.outside == []


@pytest.mark.parametrize("lang,query", [("zh", "梯度"), ("de", "Gradient"), ("it", "gradiente"), ("en", "gradient"),
                                        ("en", "allclose"), ("zh", "zero_grad"), ("it", "retain_graph"),
                                        ("de", "RuntimeError")])
def test_search_finds_pages_in_the_readers_language(page, server, lang, query):
    page.goto(server + url_path("index", lang))
    page.wait_for_load_state("networkidle")
    box = page.locator("input.md-search__input")
    for attempt in range(4):  # the search worker loads its index asynchronously: retype until it answers
        box.click()
        box.fill(query)
        box.press("End")  # Material reads the query on keyup; typing CJK inserts text without key events
        try:
            page.wait_for_selector(".md-search-result__item", timeout=5000)
            break
        except Exception:
            if attempt == 3:
                raise
    hrefs = page.eval_on_selector_all(".md-search-result__item a", "els => els.map(e => e.href)")
    assert hrefs
    for href in hrefs:
        path = href[len(server):]
        head = path.split("/", 1)[0]
        if lang == "en":
            assert head not in ("it", "zh", "de"), href
        else:
            assert head == lang, href


def test_copy_button_copies_the_snippet_source(browser, server):
    context = new_context(browser, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(server + "tensors-and-gradients/")
    source = page.locator(".snippet-source").nth(1)
    source.hover()
    source.locator("button[data-md-type=copy]").click()
    # the copy is asynchronous (clipboard.js): wait until the clipboard holds something before reading it
    page.wait_for_function("async () => (await navigator.clipboard.readText()).length > 0", timeout=10_000)
    copied = page.evaluate("navigator.clipboard.readText()")
    expected = (ROOT / "snippets" / "tensors-and-gradients" / source.get_attribute("data-snippet").split("/")[-1])
    from snippetexec.snippet import load_snippet

    assert copied.strip() == load_snippet(ROOT / "snippets", source.get_attribute("data-snippet")).shown_code.strip()
    assert expected.exists()
    context.close()


def picture_is_shown(page, selector: str) -> dict:
    image = page.locator(selector).first
    image.scroll_into_view_if_needed()
    assert image.is_visible(), selector
    size = image.evaluate("img => ({complete: img.complete, natural: img.naturalWidth, "
                          "width: img.getBoundingClientRect().width, height: img.getBoundingClientRect().height})")
    assert size["complete"] and size["natural"] > 0, f"{selector}: the SVG did not decode"
    assert size["width"] > 150 and size["height"] > 80, size
    return size


@pytest.mark.parametrize("lang", LANGUAGES)
def test_graph_diagrams_and_the_loss_curve_are_visible(page, server, lang):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name in ("computational-graph", "multi-step-backprop", "leaf-and-non-leaf"):
        page.goto(server + url_path(name, lang))
        picture_is_shown(page, "figure.snippet-graph img.snippet-light")
        alt = page.locator("figure.snippet-graph img").first.get_attribute("alt")
        assert alt and "grad" in alt.lower() or "Backward" in alt
        if name == "computational-graph":
            page.locator("figure.snippet-graph").first.screenshot(path=str(SCREENSHOTS / f"graph-{lang}.png"))
    page.goto(server + url_path("linear-regression-sgd", lang))
    picture_is_shown(page, "figure.snippet-figure img.snippet-light")
    page.locator("figure.snippet-figure").first.screenshot(path=str(SCREENSHOTS / f"loss-curve-{lang}.png"))
    assert page.errors == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_linked_tabs_and_annotation(page, server, lang):
    page.goto(server + url_path("exercise-mse-gradient", lang))
    groups = page.locator(".tabbed-set")
    assert groups.count() == 2
    # the reader opens the final solution, then picks the second reduction in the task above:
    # the linked tabs of the solution follow (Material links tabs by label, among rendered ones)
    groups.nth(1).locator("xpath=ancestor::details").first.locator("summary").first.click()
    assert groups.nth(1).locator("input").nth(0).is_checked()
    groups.nth(0).locator(".tabbed-labels > label").nth(1).click()
    page.wait_for_function("document.querySelectorAll('.tabbed-set')[1].querySelectorAll('input')[1].checked")
    assert groups.nth(0).locator(".tabbed-block").nth(1).is_visible()
    assert not groups.nth(0).locator(".tabbed-block").nth(0).is_visible()
    marker = page.locator(".md-annotation__index").first
    # with reduced motion the marker does not pulse: it is stable, and a plain click works as a reader's
    assert marker.evaluate("m => getComputedStyle(m).animationName") == "none"
    marker.click()
    tooltip = page.locator(".md-annotation .md-tooltip__inner").first
    tooltip.wait_for(state="visible", timeout=5000)
    assert "mse_loss" in tooltip.inner_text()
    assert page.errors == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_lesson_downloads_as_a_notebook_in_the_readers_language(page, server, lang, tmp_path):
    """The reader finds the labelled action row under the title and, with the keyboard alone, downloads the
    lesson's notebook in the page's language; nothing on the page asks another host for anything."""
    import nbformat

    page.goto(server + url_path("computational-graph", lang))
    row = page.locator(".lesson-actions")
    assert [" ".join(a.split()) for a in row.locator("a").all_inner_texts()] == ACTION_LABELS[lang]
    title = page.locator("article h1").first
    assert title.bounding_box()["y"] < row.bounding_box()["y"], "the actions are under the title"
    link = page.get_by_role("link", name=ACTION_LABELS[lang][0], exact=True)
    link.focus()
    assert link.evaluate("a => getComputedStyle(a).outlineStyle") != "none", "no visible focus"
    with page.expect_download() as download_info:
        page.keyboard.press("Enter")
    download = download_info.value
    assert download.suggested_filename == f"computational-graph.{lang}.ipynb"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    notebook = nbformat.read(target, as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata.snippetexec.language == lang
    heading = title.inner_text().strip().rstrip("¶").strip()
    assert notebook.cells[0].source.split("\n")[0].replace("`", "") == "# " + heading
    assert page.errors == [] and page.outside == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1280])
def test_the_lesson_actions_fit_and_are_seen_in_both_schemes(browser, server, scheme, width):
    """At 390 px and on a desktop, in light and dark: every action is on screen, readable (its text has
    contrast), nothing scrolls sideways; screenshots for a person to look at."""
    context = new_context(browser, viewport={"width": width, "height": 700}, color_scheme=scheme)
    page = watched_page(context)
    try:
        for lang in LANGUAGES:
            page.goto(server + url_path("broadcasting", lang))
            links = page.locator(".lesson-actions a")
            assert links.count() == 3
            for box in [links.nth(i).bounding_box() for i in range(3)]:
                assert box["x"] >= 0 and box["x"] + box["width"] <= width and box["height"] < 60, f"{lang}: {box}"
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), lang
            colors = links.first.evaluate("a => [getComputedStyle(a).color, getComputedStyle(document.body).backgroundColor]")
            assert contrast(*colors) >= 4.5, f"{lang} {scheme}: {colors}"
            page.screenshot(path=str(SCREENSHOTS / f"actions-{lang}-{width}-{scheme}.png"))
        assert page.errors == [] and page.outside == []
    finally:
        context.close()


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two opaque CSS rgb() colours."""
    def luminance(css):
        channels = [float(c) for c in re.findall(r"[\d.]+", css)[:3]]
        linear = [(c / 255) / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    light, dark = sorted([luminance(foreground), luminance(background)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def check_phone_layout(page, where: str, width: int) -> None:
    """Display math keeps a real size (Material's min-content width once shrank it to 1 px) and stays inside
    the page; output blocks wrap, so the end of an error message is on screen without scrolling sideways."""
    sizes = page.eval_on_selector_all("div.arithmatex", """blocks => blocks
        .filter(b => b.offsetParent !== null)  /* not in a tab that is not selected */
        .map(b => {
            const svg = b.querySelector('math').getBoundingClientRect();
            const box = b.getBoundingClientRect();
            return {w: svg.width, h: svg.height, left: box.left, right: box.right};
        })""")
    for size in sizes:
        assert size["w"] > 20 and size["h"] > 8, f"{where} at {width} px: a formula collapsed {size}"
        assert size["left"] >= -1 and size["right"] <= width + 1, f"{where} at {width} px: a formula overflows {size}"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"{where} at {width} px"
    clipped = page.eval_on_selector_all(".snippet-output pre", "pres => pres.filter("
                                        "p => p.scrollWidth > p.clientWidth + 1).length")
    assert clipped == 0, f"{where} at {width} px: {clipped} output blocks scroll sideways"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_formula_and_every_output_is_readable_on_a_phone(browser, server, lang):
    context = new_context(browser, viewport={"width": 320, "height": 800})
    page = context.new_page()
    try:
        for name in ["index"] + LESSONS:
            page.set_viewport_size({"width": 320, "height": 800})
            page.goto(server + url_path(name, lang))
            page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")  # solutions too
            for width in (320, 390):
                page.set_viewport_size({"width": width, "height": 800})
                check_phone_layout(page, f"{lang}/{name}", width)
            if name == "broadcasting":
                page.screenshot(path=str(SCREENSHOTS / f"phone-broadcasting-{lang}.png"), full_page=True)
    finally:
        context.close()


def figure_pages() -> list[str]:
    """The lessons whose snippets draw (a picture's fence gives alt text)."""
    from snippetexec.discover import find_references

    return [name for name in LESSONS if any(ref.alt for ref in find_references(
        (ROOT / "docs" / "en" / f"{name}.md").read_text(encoding="utf-8"), name))]


def shown_figures(page) -> list[dict]:
    """Each picture of the page: which of its variants is displayed, and its caption."""
    return page.eval_on_selector_all("figure.snippet-figure", """figures => figures.map(f => ({
        shown: [...f.querySelectorAll('img')].filter(i => getComputedStyle(i).display !== 'none').map(i => i.className),
        caption: f.querySelector('figcaption') ? f.querySelector('figcaption').innerText : null}))""")


def mean_lightness(png: bytes) -> float:
    """Mean lightness (0 black, 1 white) of a screenshot: a figure as the reader sees it, background included."""
    import io

    from PIL import Image, ImageStat

    return ImageStat.Stat(Image.open(io.BytesIO(png)).convert("L")).mean[0] / 255


def check_figures_follow(page, where: str, scheme: str) -> None:
    assert page.evaluate("document.body.dataset.mdColorScheme") == scheme, where
    variant = "snippet-dark" if scheme == "slate" else "snippet-light"
    figures = shown_figures(page)
    assert figures, f"{where}: no picture"
    for number, figure in enumerate(figures):
        assert figure["shown"] == [variant], f"{where} ({scheme}): picture {number + 1} shows {figure['shown']}"
        assert figure["caption"] and len(figure["caption"]) > 5, f"{where}: picture {number + 1} has no caption"
        image = page.locator(f"figure.snippet-figure >> nth={number}").locator(f"img.{variant}")
        image.scroll_into_view_if_needed()
        lightness = mean_lightness(image.screenshot(animations="disabled"))
        if scheme == "slate":
            assert lightness < 0.3, f"{where}: picture {number + 1} is a bright panel on the dark page ({lightness:.2f})"
        else:
            assert lightness > 0.8, f"{where}: picture {number + 1} is dark on the light page ({lightness:.2f})"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_figures_follow_the_palette_toggle(browser, server, lang):
    """A reader whose system asks for light pages turns the site dark with the header's toggle: every graph
    diagram and figure switches to its dark variant (no bright panel), and back; each has its caption."""
    context = new_context(browser, color_scheme="light", viewport={"width": 390, "height": 800})
    page = watched_page(context)
    try:
        for name in figure_pages():
            page.goto(server + url_path(name, lang))
            check_figures_follow(page, f"{lang}/{name}", "default")
            page.click("form[data-md-component=palette] label:not([hidden])")
            page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
            check_figures_follow(page, f"{lang}/{name}", "slate")
            if lang == "en" and name in ("gradient-checking", "linear-regression-sgd", "computational-graph"):
                page.screenshot(path=str(SCREENSHOTS / f"phone-{name}-dark.png"), full_page=True)
            page.click("form[data-md-component=palette] label:not([hidden])")  # the choice is remembered: undo it
            page.wait_for_function("document.body.dataset.mdColorScheme === 'default'")
            check_figures_follow(page, f"{lang}/{name}", "default")
            if lang == "en" and name in ("gradient-checking", "linear-regression-sgd", "computational-graph"):
                page.screenshot(path=str(SCREENSHOTS / f"phone-{name}-light.png"), full_page=True)
        assert page.errors == []
    finally:
        context.close()


SVG = "{http://www.w3.org/2000/svg}"
PHONE = 390  # px: the width most readers see the course at
READABLE = 10  # px: the smallest text a picture may have once the page has scaled it


def _scale(transform: str) -> float:
    """How much an SVG transform enlarges text: the product of its scale() factors (rotate and
    translate keep sizes; matplotlib scales glyphs by (s, -s), and a superscript by one factor)."""
    factor = 1.0
    for arguments in re.findall(r"scale\(([^)]*)\)", transform or ""):
        factor *= abs(float(re.split(r"[\s,]+", arguments.strip())[0]))
    return factor


def text_sizes(svg: str) -> list[tuple[float, str]]:
    """(size in the SVG's own units, what it says) of every piece of text of a picture. Two ways of drawing text:
    - matplotlib draws each glyph as a path, defined at 100 units per em and placed with <use> inside the
      text's <g id="text_N"> (a comment above says what it reads), whose transforms scale it: the font size
      is 100 times the scales from the root to the <use> (a superscript's own scale(0.7) included);
    - diagram.py writes <text> with a font-size, its own or inherited from the <svg> element."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring(svg)
    sizes = []

    def walk(element, scale, font_size, text_label):
        scale *= _scale(element.get("transform"))
        font_size = float(element.get("font-size", font_size))
        if element.tag == SVG + "g" and (element.get("id") or "").startswith("text_"):
            text_label = element.get("id")
        if element.tag == SVG + "text":
            sizes.append((font_size * scale, "".join(element.itertext())))
        elif element.tag == SVG + "use" and text_label:
            sizes.append((100 * scale, text_label))
        for child in element:
            walk(child, scale, font_size, text_label)

    walk(root, 1.0, 16.0, None)
    labels = dict(re.findall(r'<g id="(text_\d+)">\s*<!-- (.*?) -->', svg))
    return [(size, labels.get(what, what)) for size, what in sizes]


def shown_pictures(page) -> list[dict]:
    """Every picture of the page in the variant its palette shows: the SVG and the width it is drawn at."""
    return page.eval_on_selector_all("figure.snippet-figure", """figures => figures.map(f => {
        const shown = [...f.querySelectorAll('img')].filter(i => getComputedStyle(i).display !== 'none');
        return {shown: shown.length, kind: f.className, src: shown.length ? shown[0].src : '',
                variant: shown.length ? shown[0].className : '',
                width: shown.length ? shown[0].getBoundingClientRect().width : 0};
    })""")


def smallest_text_on_screen(picture: dict) -> tuple[float, str]:
    """The smallest text of a shown picture in CSS px, as the page scales it (rendered width over the SVG's
    own width), and what that text says."""
    import base64

    svg = base64.b64decode(picture["src"].split(",", 1)[1]).decode()
    view_width = float(re.search(r'viewBox="[-0-9.]+ [-0-9.]+ ([0-9.]+) ', svg)[1])
    sizes = text_sizes(svg)
    assert sizes, "a picture with no text"
    size, what = min(sizes)
    return size * picture["width"] / view_width, what


def phone_text_sizes(browser, server, lang: str) -> dict[str, tuple[float, str]]:
    """{"<lang>/<lesson> picture N (light|dark)": (smallest text in px, what it says)} for every picture of every
    lesson at 390 px, in both palettes (a reader whose system is dark gets the dark one), solutions opened."""
    measured = {}
    for scheme, md_scheme in (("light", "default"), ("dark", "slate")):
        context = new_context(browser, viewport={"width": PHONE, "height": 800}, color_scheme=scheme)
        page = context.new_page()
        try:
            for name in LESSONS:
                page.goto(server + url_path(name, lang))
                assert page.evaluate("document.body.dataset.mdColorScheme") == md_scheme, f"{lang}/{name}"
                page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
                for number, picture in enumerate(shown_pictures(page), start=1):
                    where = f"{lang}/{name} picture {number} ({scheme}, {picture['kind'].split('-')[-1]})"
                    assert picture["shown"] == 1 and picture["width"] > 0, f"{where}: not shown ({picture})"
                    measured[where] = smallest_text_on_screen(picture)
        finally:
            context.close()
    return measured


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_picture_is_readable_on_a_phone(browser, server, lang):
    """At 390 px every picture (matplotlib figure or graph diagram, light and dark) is scaled down to the page's
    width: its smallest text, superscripts included, must still be at least 10 px. The sizes go to
    test-artifacts/picture-text-<lang>.txt."""
    measured = phone_text_sizes(browser, server, lang)
    pages = {where.split(" picture")[0] for where in measured}
    assert pages == {f"{lang}/{name}" for name in figure_pages()}, "a lesson's pictures were not found"
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    (ROOT / "test-artifacts" / f"picture-text-{lang}.txt").write_text(
        "".join(f"{size:5.1f} px  {where}: {what}\n" for where, (size, what) in measured.items()), encoding="utf-8")
    small = [f"{where}: {size:.1f} px ({what})" for where, (size, what) in measured.items() if size < READABLE]
    assert not small, f"text under {READABLE} px at {PHONE} px wide:\n" + "\n".join(small)
