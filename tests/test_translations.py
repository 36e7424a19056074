"""Translations: complete, in sync with English, in their own language, with the glossary's terms."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest
import yaml

from conftest import LANGUAGES, ROOT

sys.path.insert(0, str(ROOT / "hooks"))
import i18n_sync  # noqa: E402

DOCS = ROOT / "docs"
ENGLISH_PAGES = sorted(p.relative_to(DOCS / "en").as_posix() for p in (DOCS / "en").rglob("*.md"))
TRANSLATED = [lang for lang in LANGUAGES if lang != "en"]
TERMS = yaml.safe_load((ROOT / "glossary.yml").read_text())["terms"]


def prose(text: str) -> str:
    """The words a reader reads: no front matter, code, math, inline code, URLs, HTML or admonition syntax."""
    text = i18n_sync.FRONT_MATTER.sub("", text)
    text = re.sub(r"[ \t]+\{:?[ \t]*#[^}\n]*\}[ \t]*$", "", text, flags=re.MULTILINE)  # a heading's { #english-id }
    text = re.sub(r"`?\{\{[^}\n]*\}\}`?", " ", text)  # executed values: a snippet path and Python, not words
    text = re.sub(r"^([ \t]*)(`{3,}|~{3,}).*?^\1\2[ \t]*$", "", text, flags=re.MULTILINE | re.DOTALL)
    text = re.sub(r"\$\$.*?\$\$", " ", text, flags=re.DOTALL)
    text = re.sub(r"\$[^$\n]+\$", " ", text)
    text = re.sub(r"`(?:[^`\n]|\n(?![ \t]*\n))+`", " ", text)  # inline code, also across a line break
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r'^[ \t]*(!!!|\?\?\?\+?)[ \t]*\w+', " ", text, flags=re.MULTILINE)
    return text


def translation(page: str, lang: str) -> str:
    path = DOCS / lang / page
    if not path.exists():
        pytest.fail(f"docs/{lang}/{page} is missing")
    return path.read_text()


def test_english_pages_found():
    assert "tensors-and-gradients.md" in ENGLISH_PAGES and "glossary.md" in ENGLISH_PAGES


@pytest.mark.parametrize("lang", TRANSLATED)
@pytest.mark.parametrize("page", ENGLISH_PAGES)
def test_page_exists_in_every_language(page, lang):
    assert (DOCS / lang / page).exists(), f"docs/{lang}/{page} is missing (the site would fall back to English)"


@pytest.mark.parametrize("lang", TRANSLATED)
@pytest.mark.parametrize("page", ENGLISH_PAGES)
def test_translation_includes_the_same_snippets(page, lang):
    from snippetexec.discover import find_references

    names = [r.name for r in find_references((DOCS / "en" / page).read_text(), page)]
    assert [r.name for r in find_references(translation(page, lang), page)] == names


ENGLISH_WORDS = set("the and is of that with this which you your are from what when we be has have were not "
                    "can for by it's its does there their they these those how why because then than".split())


@pytest.mark.parametrize("lang", TRANSLATED)
@pytest.mark.parametrize("page", ENGLISH_PAGES)
def test_no_english_paragraph_left(page, lang):
    for paragraph in re.split(r"\n\s*\n", prose(translation(page, lang))):
        words = re.findall(r"[A-Za-z']+", paragraph)
        if lang == "zh":
            english = len(words) >= 8 and not re.search(r"[\u4e00-\u9fff]", paragraph)
        else:
            hits = sum(w.lower() in ENGLISH_WORDS for w in words)
            english = len(words) >= 6 and hits / len(words) >= 0.25
        assert not english, f"docs/{lang}/{page}: this looks untranslated:\n{paragraph.strip()}"


@pytest.mark.parametrize("lang", TRANSLATED)
@pytest.mark.parametrize("page", ENGLISH_PAGES)
def test_glossary_terms_are_used(page, lang):
    english = prose((DOCS / "en" / page).read_text()).lower()
    text = prose(translation(page, lang)).lower()
    for term in TERMS:
        entry = term[lang]
        for variant in term.get("avoid", {}).get(lang, []):
            assert variant.lower() not in text, f"docs/{lang}/{page} uses {variant!r}; the glossary says {entry['term']!r}"
        if re.search(rf"\b{re.escape(term['en'].lower())}", english):
            forms = [entry["term"], *entry.get("forms", [])]
            assert any(f.lower() in text for f in forms), (
                f"docs/{lang}/{page}: the English page speaks of {term['en']!r}, "
                f"the translation never uses the glossary's {entry['term']!r}")


def test_every_translation_is_in_sync():
    problems = i18n_sync.status(ROOT)
    assert not problems, "\n".join(f"docs/{p.lang}/{p.page}: {p.state} {p.detail}" for p in problems)


def id_differences(page: str, lang: str, text: str) -> list[str]:
    english, ids = i18n_sync.heading_ids((DOCS / "en" / page).read_text()), i18n_sync.heading_ids(text)
    if len(ids) != len(english):
        return [f"{len(ids)} headings, English has {len(english)}"]
    return [f"heading {n + 1} is #{mine}, English #{theirs}" for n, (mine, theirs) in enumerate(zip(ids, english))
            if mine != theirs]


@pytest.mark.parametrize("lang", TRANSLATED)
@pytest.mark.parametrize("page", ENGLISH_PAGES)
def test_headings_have_the_english_ids(page, lang):
    """Anchors are the same in every language: a link to a section, or the language switcher, keeps the place."""
    problems = id_differences(page, lang, translation(page, lang))
    assert not problems, (f"docs/{lang}/{page}: " + "; ".join(problems) +
                          f" (run .venv/bin/python hooks/i18n_sync.py ids docs/{lang}/{page})")


def test_ids_command_gives_translations_the_english_ids_and_refuses_other_headings(tmp_path):
    shutil.copytree(DOCS, tmp_path / "docs")
    page = tmp_path / "docs" / "de" / "broadcasting.md"
    german = translation("broadcasting.md", "de")
    english_ids = i18n_sync.heading_ids((DOCS / "en" / "broadcasting.md").read_text())
    # planted: the ids taken out of a translated page, then one wrong id: the check above reports both
    bare = re.sub(r"[ \t]+\{ #[^}]*\}$", "", german, flags=re.MULTILINE)
    assert bare != german and id_differences("broadcasting.md", "de", bare)
    wrong = german.replace(f"{{ #{english_ids[3]} }}", "{ #zwei-richtige-fassungen }")
    assert id_differences("broadcasting.md", "de", wrong) == [f"heading 4 is #zwei-richtige-fassungen, "
                                                               f"English #{english_ids[3]}"]
    # the command puts them back, and changes nothing on a second run
    page.write_text(bare)
    done = sync_command("--root", tmp_path, "ids", page)
    assert done.returncode == 0, done.stderr
    assert f"{len(english_ids)} heading(s)" in done.stdout
    assert i18n_sync.heading_ids(page.read_text()) == english_ids and page.read_text() == german
    assert "0 heading(s)" in sync_command("--root", tmp_path, "ids", page).stdout
    # a translation whose headings are not the English ones (a level changed) is refused, naming the heading
    page.write_text(bare.replace("\n## ", "\n### ", 1))
    refused = sync_command("--root", tmp_path, "ids", page)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert "docs/de/broadcasting.md: its headings do not match docs/en/broadcasting.md" in refused.stderr
    assert "heading 2 is level 2 in English" in refused.stderr
    page.write_text(bare + "\n## Noch ein Abschnitt\n")
    assert "English has 8 headings, this page 9" in sync_command("--root", tmp_path, "ids", page).stderr
    assert "is an English page" in sync_command("--root", tmp_path, "ids", tmp_path / "docs" / "en" / "hooks.md").stderr


def sync_command(*args, cwd=None):
    return subprocess.run([sys.executable, str(ROOT / "hooks" / "i18n_sync.py"), *map(str, args)],
                          capture_output=True, text=True, cwd=cwd)


def test_staleness_command_reports_a_changed_english_page(tmp_path):
    shutil.copytree(DOCS, tmp_path / "docs")
    clean = sync_command("--root", tmp_path, "check")
    assert clean.returncode == 0, clean.stdout
    assert clean.stdout.count("up to date") == len(TRANSLATED)
    page = tmp_path / "docs" / "en" / "tensors-and-gradients.md"
    page.write_text(page.read_text() + "\nA new paragraph.\n")
    report = sync_command("--root", tmp_path, "status")
    assert report.returncode == 0  # status only reports
    stale = sync_command("--root", tmp_path, "check")
    assert stale.returncode == 1  # check fails, for CI
    for output in (report.stdout, stale.stdout):
        for lang in TRANSLATED:
            assert f"outdated  docs/{lang}/tensors-and-gradients.md" in output
        assert "up to date" not in output
    i18n_sync.stamp(tmp_path / "docs" / "it" / "tensors-and-gradients.md", root=tmp_path)
    assert "docs/it/tensors-and-gradients.md" not in sync_command("--root", tmp_path, "status").stdout


def test_the_translators_command_explains_itself_and_refuses_what_it_cannot_do(tmp_path):
    help_text = sync_command("--help").stdout
    for command in ("status", "check", "diff", "stamp", "ids"):
        assert command in help_text
    english = sync_command("stamp", DOCS / "en" / "index.md")
    assert english.returncode == 2 and "is an English page" in english.stderr and "Traceback" not in english.stderr
    missing = sync_command("diff", DOCS / "it" / "no-such-page.md")
    assert missing.returncode == 2 and "does not exist" in missing.stderr and "Traceback" not in missing.stderr
    assert sync_command("stamp").returncode == 2  # a file is required
    assert sync_command("frobnicate").returncode == 2


def test_diff_shows_what_changed_in_english_since_the_translated_version(tmp_path):
    def git(*args):
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    for lang in ("en", "it"):
        (tmp_path / "docs" / lang).mkdir(parents=True)
    (tmp_path / "docs" / "en" / "page.md").write_text("# Page\n\nThe first paragraph.\n")
    (tmp_path / "docs" / "it" / "page.md").write_text("# Pagina\n\nIl primo paragrafo.\n")
    i18n_sync.stamp(tmp_path / "docs" / "it" / "page.md", root=tmp_path)
    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "first", "--allow-empty")
    git("add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "translated")
    (tmp_path / "docs" / "en" / "page.md").write_text("# Page\n\nThe first paragraph, corrected.\n")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "English corrected")
    diff = sync_command("--root", tmp_path, "diff", tmp_path / "docs" / "it" / "page.md")
    assert diff.returncode == 0, diff.stderr
    assert "-The first paragraph.\n+The first paragraph, corrected.\n" in diff.stdout
    i18n_sync.stamp(tmp_path / "docs" / "it" / "page.md", root=tmp_path)
    again = sync_command("--root", tmp_path, "diff", tmp_path / "docs" / "it" / "page.md")
    assert "nothing to do" in again.stdout


def test_outdated_page_shows_a_localized_notice(edited_course):
    _, builds = edited_course
    site, proc = builds["cold"]
    assert proc.returncode == 0, proc.stderr[-3000:]
    expected = {"it": "Traduzione da aggiornare", "zh": "译文待更新", "de": "Übersetzung veraltet"}
    for lang, title in expected.items():
        html = (site / lang / "tensors-and-gradients" / "index.html").read_text()
        assert title in html
        assert 'href="../../tensors-and-gradients/"' in html
        other = (site / lang / "computational-graph" / "index.html").read_text()
        assert title not in other
    assert "Traduzione da aggiornare" not in (site / "tensors-and-gradients" / "index.html").read_text()


def alt_texts(text: str) -> list[str]:
    from snippetexec.discover import find_references

    return [ref.alt for ref in find_references(text, "") if ref.alt]


def captions(text: str) -> list[str]:
    from snippetexec.discover import find_references

    return [ref.caption for ref in find_references(text, "") if ref.caption]


TAB_LABEL = re.compile(r'^[ \t]*===\+?[ \t]+"([^"]+)"', re.MULTILINE)


def looks_english(text: str, lang: str) -> bool:
    words = re.findall(r"[A-Za-z']+", text)
    if lang == "zh":
        return len(words) >= 3 and not re.search(r"[\u4e00-\u9fff]", text)
    return len(words) >= 4 and sum(w.lower() in ENGLISH_WORDS for w in words) / len(words) >= 0.2


def untranslated_alts_and_tabs(english: str, text: str, lang: str) -> list[str]:
    """Alt texts, captions and tab labels of a translation that are missing or still the English ones."""
    problems = []
    english_alts, alts = alt_texts(english), alt_texts(text)
    if len(alts) != len(english_alts):
        problems.append("a picture lost its text alternative")
    for source, alt in zip(english_alts, alts):
        if alt == source or looks_english(alt, lang):
            problems.append(f"alt text left in English: {alt!r}")
    english_captions, translated = captions(english), captions(text)
    if len(translated) != len(english_captions):
        problems.append("a picture lost its caption")
    for source, caption in zip(english_captions, translated):
        if caption == source or looks_english(caption, lang):
            problems.append(f"caption left in English: {caption!r}")
    english_tabs, tabs = TAB_LABEL.findall(english), TAB_LABEL.findall(text)
    if len(tabs) != len(english_tabs):
        problems.append("tabs differ from English")
    problems.extend(f"tab label left in English: {label!r}" for source, label in zip(english_tabs, tabs)
                    if label == source)
    return problems


@pytest.mark.parametrize("lang", TRANSLATED)
@pytest.mark.parametrize("page", ENGLISH_PAGES)
def test_alt_texts_and_tab_labels_are_translated(page, lang):
    problems = untranslated_alts_and_tabs((DOCS / "en" / page).read_text(), translation(page, lang), lang)
    assert not problems, f"docs/{lang}/{page}: " + "; ".join(problems)


def nav_titles(lang: str) -> list[str]:
    config = yaml.safe_load(re.sub(r"!relative \S+", "''", (ROOT / "mkdocs.yml").read_text()))
    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    language = next(entry for entry in i18n["languages"] if entry["locale"] == lang)
    return [language.get("site_name", ""), *language.get("nav_translations", {}).values()]


def avoided_words(text: str, lang: str, extra: dict | None = None) -> list[str]:
    """Avoid-listed variants in the words a reader reads besides the prose: alt texts, tab labels, titles,
    and `extra` places (the nav)."""
    titles = re.findall(r"^#{1,6} (.*)$", text, re.MULTILINE)
    places = {"alt text": alt_texts(text), "caption": captions(text), "tab label": TAB_LABEL.findall(text),
              "title": [prose(title) for title in titles], **(extra or {})}
    return [f"{kind} {item!r} uses {variant!r}; the glossary says {term[lang]['term']!r}"
            for term in TERMS for variant in term.get("avoid", {}).get(lang, [])
            for kind, texts in places.items() for item in texts if variant.lower() in item.lower()]


@pytest.mark.parametrize("lang", TRANSLATED)
@pytest.mark.parametrize("page", ENGLISH_PAGES)
def test_glossary_avoid_lists_hold_everywhere_a_reader_reads(page, lang):
    """Prose is checked above; these are the words a reader also reads: alt texts, tab labels, titles, the nav."""
    problems = avoided_words(translation(page, lang), lang, {"nav": nav_titles(lang)})
    assert not problems, f"docs/{lang}/{page}: " + "; ".join(problems)


def prose_numbers(text: str) -> set[float]:
    """The numbers a page states (in sentences and math), outside executed values, code and links."""
    from test_course import NUMBER

    text = prose(text)
    text = re.sub(r"^[ \t]*\d+\.[ \t]", "", text, flags=re.MULTILINE)  # numbered lists
    found = set()
    for token in NUMBER.findall(text):
        found.add(float(token))
    return found


@pytest.mark.parametrize("lang", TRANSLATED)
@pytest.mark.parametrize("page", ENGLISH_PAGES)
def test_prose_numbers_agree_with_english(page, lang):
    english, text = prose_numbers((DOCS / "en" / page).read_text()), prose_numbers(translation(page, lang))
    assert text == english, (f"docs/{lang}/{page}: numbers only in the translation: {sorted(text - english)}; "
                             f"only in English: {sorted(english - text)}")


def test_the_translation_checks_catch_planted_slips():
    """Each slip an editor caught, planted in a real page: the checks above must report it."""
    english, german = (DOCS / "en" / "linear-regression-sgd.md").read_text(), translation("linear-regression-sgd.md", "de")
    # an alt text and a tab label left in English
    english_alt = alt_texts(english)[0]
    planted = german.replace(alt_texts(german)[0], english_alt)
    assert any("alt text left in English" in p for p in untranslated_alts_and_tabs(english, planted, "de"))
    planted = german.replace(captions(german)[0], captions(english)[0])  # a caption left in English
    assert any("caption left in English" in p for p in untranslated_alts_and_tabs(english, planted, "de"))
    exercise_en, exercise_de = (DOCS / "en" / "exercise-mse-gradient.md").read_text(), translation(
        "exercise-mse-gradient.md", "de")
    planted = exercise_de.replace('=== "Mittelwert"', '=== "Mean"', 1)
    assert any("tab label left in English" in p for p in untranslated_alts_and_tabs(exercise_en, planted, "de"))
    # an avoid-listed variant in an alt text, a title and the nav
    planted = german.replace(alt_texts(german)[0], "Die Kurve des Trainingsloop")
    assert any("Trainingsloop" in p for p in avoided_words(planted, "de"))
    assert any("Rechengraph" in p for p in avoided_words("# Der Rechengraph\n", "de"))
    assert any("Rechengraph" in p for p in avoided_words("", "de", {"nav": ["Rechengraph"]}))
    # a number the English page does not have
    planted = german + "\nDer Verlust fällt auf 0.37.\n"
    assert prose_numbers(planted) - prose_numbers(english) == {0.37}
