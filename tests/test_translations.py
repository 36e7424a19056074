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
    text = re.sub(r"`?\{\{[^}\n]*\}\}`?", " ", text)  # executed values: a snippet path and Python, not words
    text = re.sub(r"^([ \t]*)(`{3,}|~{3,}).*?^\1\2[ \t]*$", "", text, flags=re.MULTILINE | re.DOTALL)
    text = re.sub(r"\$\$.*?\$\$", " ", text, flags=re.DOTALL)
    text = re.sub(r"\$[^$\n]+\$", " ", text)
    text = re.sub(r"`[^`\n]+`", " ", text)
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
        if re.search(rf"\b{re.escape(term['en'])}", english):
            forms = [entry["term"], *entry.get("forms", [])]
            assert any(f.lower() in text for f in forms), (
                f"docs/{lang}/{page}: the English page speaks of {term['en']!r}, "
                f"the translation never uses the glossary's {entry['term']!r}")


def test_every_translation_is_in_sync():
    problems = i18n_sync.status(ROOT)
    assert not problems, "\n".join(f"docs/{p.lang}/{p.page}: {p.state} {p.detail}" for p in problems)


def test_staleness_command_reports_a_changed_english_page(tmp_path):
    shutil.copytree(DOCS, tmp_path / "docs")
    clean = subprocess.run([sys.executable, str(ROOT / "hooks" / "i18n_sync.py"), "status", str(tmp_path)],
                           capture_output=True, text=True)
    assert clean.returncode == 0, clean.stdout
    assert clean.stdout.count("up to date") == len(TRANSLATED)
    page = tmp_path / "docs" / "en" / "tensors-and-gradients.md"
    page.write_text(page.read_text() + "\nA new paragraph.\n")
    stale = subprocess.run([sys.executable, str(ROOT / "hooks" / "i18n_sync.py"), "status", str(tmp_path)],
                           capture_output=True, text=True)
    assert stale.returncode == 1
    for lang in TRANSLATED:
        assert f"outdated  docs/{lang}/tensors-and-gradients.md" in stale.stdout
    assert "up to date" not in stale.stdout
    i18n_sync.stamp(tmp_path / "docs" / "it" / "tensors-and-gradients.md", root=tmp_path)
    assert "docs/it/tensors-and-gradients.md" not in subprocess.run(
        [sys.executable, str(ROOT / "hooks" / "i18n_sync.py"), "status", str(tmp_path)],
        capture_output=True, text=True).stdout


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
