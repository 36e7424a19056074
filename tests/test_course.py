"""The prose tells the truth: what a page states about a result comes from the run, in every language.

The facts of a lesson live in its content, not in this file: a sentence that states a result
names the snippet and the expression (`{{ snippet.py: expression }}`), the build puts in the
value, and a snippet that raises or warns pins what the prose says about the message
(`match=`, `warns=`). These tests hold every page, in every language, to that:

- every executed value renders as a fresh run computes it, and every language shows the same
  values of the same snippets;
- no number that the page's snippets print is typed by hand in the prose (math worked on paper
  inside `$...$` is checked by the snippets' hidden asserts instead).

Run `python tests/test_course.py [PAGE.md ...]` to list the hand-typed results of pages.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest import LANGUAGES, ROOT  # noqa: E402
from snippetexec.discover import find_references  # noqa: E402
from snippetexec.values import find_values, plain  # noqa: E402

PAGES = sorted(p.relative_to(ROOT / "docs" / "en").as_posix() for p in (ROOT / "docs" / "en").rglob("*.md"))
NUMBER = re.compile(r"(?<![\w.\-])-?\d+(?:\.\d+)?(?:e[-+]?\d+)?(?![\w])")


def url_of(page: str, lang: str) -> str:
    stem = page[: -len(".md")]
    return ("" if lang == "en" else f"{lang}/") + ("" if stem == "index" else stem + "/")


def prose_of(markdown: str) -> str:
    """What a reader reads as sentences: no front matter, code fences, math, values, comments or URLs."""
    text = re.sub(r"\A---\n.*?\n---\n", "", markdown, flags=re.DOTALL)
    text = re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)
    for ref in reversed(find_references(text, "")):
        alt = f" {ref.alt} " if ref.alt else " "  # the alt text of a picture is prose too
        text = text[: ref.start] + alt + text[ref.end:]
    text = re.sub(r"\$\$.*?\$\$", " ", text, flags=re.DOTALL)
    text = re.sub(r"(?<!\\)\$\s*(-?[\d.]+)\s*\$", r" \1 ", text)  # "$12$" states a number, it derives nothing
    text = re.sub(r"(?<!\\)\$[^$\n]+\$", " ", text)
    for ref in reversed(find_values(text, "")):
        text = text[: ref.start] + " " + text[ref.end:]
    text = re.sub(r"\]\([^)]*\)", "]", text)
    return re.sub(r"^[ \t]*\d+\.[ \t]", "", text, flags=re.MULTILINE)  # numbered lists count nothing


def numbers(text: str) -> set[float]:
    found = set()
    for token in NUMBER.findall(text):
        try:
            found.add(float(token))
        except ValueError:
            pass
    return found


def hand_typed_results(page: str, lang: str, results_of) -> list[str]:
    """Numbers in the page's prose that its snippets print but that nobody tied to the run.

    `results_of(name)` gives a snippet's Result. A number also written in the shown code is an input
    the reader chooses (x = 2.0, 300 steps), not a result.
    """
    return hand_typed_in((ROOT / "docs" / lang / page).read_text(encoding="utf-8"), f"docs/{lang}/{page}",
                         results_of)


def hand_typed_in(markdown: str, where: str, results_of) -> list[str]:
    snippets = [ref.name for ref in find_references(markdown, where)]
    printed, inputs = set(), set()
    for name in snippets:
        result = results_of(name)
        printed |= numbers(result.output)
        for shown in result.values.values():
            printed |= numbers(shown.get("text", ""))
        from snippetexec.snippet import load_snippet

        inputs |= numbers(load_snippet(ROOT / "snippets", name, ROOT).shown_code)
    problems = []
    for number, line in ((n, i) for i, text in enumerate(prose_of(markdown).splitlines(), 1)
                         for n in sorted(numbers(text))):
        if number in printed and number not in inputs:
            problems.append(f"{where}: {number:g} (near: {line_text(markdown, number)!r})")
    return problems


def line_text(markdown: str, number: float) -> str:
    for line in markdown.splitlines():
        if any(float(t) == number for t in NUMBER.findall(line) if t.replace(".", "", 1).lstrip("-").isdigit()):
            return line.strip()[:100]
    return ""


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_no_result_is_typed_by_hand(fresh_results, page, lang):
    problems = hand_typed_results(page, lang, lambda name: fresh_results[name].result)
    assert not problems, ("numbers the snippets compute, typed by hand in the prose: use an executed value "
                          "{{ snippet.py: expression }}\n  " + "\n  ".join(problems))


def test_a_result_typed_by_hand_is_caught(fresh_results):
    """Plant the slip this guards against: an author restates the run's 72.0 and 64 in a sentence."""
    page = (ROOT / "docs" / "de" / "tensors-and-gradients.md").read_text(encoding="utf-8")
    planted = page + "\nDer Gradient ist also 72.0, und $y$ ist $64$.\n"
    found = hand_typed_in(planted, "planted.md", lambda name: fresh_results[name].result)
    assert [p.split(" (near")[0] for p in found] == ["planted.md: 64", "planted.md: 72"]


def values_shown(site: Path, page: str, lang: str) -> list[tuple[str, str, str]]:
    soup = BeautifulSoup((site / url_of(page, lang) / "index.html").read_text(encoding="utf-8"), "html.parser")
    return [(v["data-snippet"], v["data-expression"], v.get_text()) for v in soup.select(".snippet-value")]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_executed_values_are_fresh_and_the_same_in_every_language(built_site, fresh_results, page, lang):
    site, proc = built_site
    assert proc.returncode == 0
    shown = values_shown(site, page, lang)
    markdown = (ROOT / "docs" / lang / page).read_text(encoding="utf-8")
    alts = [ref.alt for ref in find_references(markdown, page) if ref.alt and find_values(ref.alt, page)]
    in_alts = sum(len(find_values(alt, page)) for alt in alts)
    assert len(shown) == len(find_values(markdown, page)) - in_alts, f"{lang}/{page}: a value was not rendered"
    for name, expression, text in shown:
        fresh = fresh_results[name].result.values[expression]
        assert fresh == {"text": text}, f"{lang}/{page}: {{{{ {name}: {expression} }}}} shows {text!r}, a fresh run {fresh}"
    # values in a picture's text alternative: plain text in the alt attribute
    soup = BeautifulSoup((site / url_of(page, lang) / "index.html").read_text(encoding="utf-8"), "html.parser")
    rendered = [img["alt"] for img in soup.select("figure.snippet-figure img")]
    for alt in alts:
        expected = plain(alt, lambda ref: fresh_results[ref.name].result.values[ref.request]["text"])
        assert any(text.startswith(expected) for text in rendered), f"{lang}/{page}: alt text {expected!r} not in {rendered}"
    if lang != "en":
        english = values_shown(site, page, "en")
        assert Counter(shown) == Counter(english), (
            f"{lang}/{page} does not show the same executed values as the English page:\n"
            f"  only in {lang}: {sorted((Counter(shown) - Counter(english)).elements())}\n"
            f"  only in en: {sorted((Counter(english) - Counter(shown)).elements())}")


@pytest.mark.parametrize("kind", ["cold", "warm"])
def test_a_changed_result_changes_its_sentence_in_every_language(edited_course, kind):
    """An author edits a snippet so it computes another result (and updates its hidden check): the sentence
    that states it changes on every language's page, with no other edit, in cold and warm builds."""
    from conftest import EDITED_SNIPPET

    _, builds = edited_course
    site, proc = builds[kind]
    assert proc.returncode == 0, proc.stderr[-3000:]
    ran = re.findall(r"(\d+) snippets: (\d+) executed", proc.stderr)
    assert ran[0][1] == "1" if kind == "cold" else not ran, proc.stderr[-2000:]  # only the edited one; then none
    for lang in LANGUAGES:
        values = [v for v in values_shown(site, "accumulation-and-zeroing.md", lang) if v[0] == EDITED_SNIPPET]
        assert values == [(EDITED_SNIPPET, "x.grad.item()", "9.0")], (lang, values)


def test_the_course_states_its_results_as_executed_values(built_site):
    """The lessons really use executed values (a course with none would pass the tests above)."""
    site, _ = built_site
    lessons = [p for p in PAGES if p not in ("index.md", "glossary.md")]
    without = [p for p in lessons if not values_shown(site, p, "en")]
    assert not without, f"lessons that state no executed value: {without}"


if __name__ == "__main__":  # an author's check, without pytest: python tests/test_course.py [PAGE.md ...]
    from snippetexec.run import Engine
    from snippetexec.values import requests_by_snippet
    from snippetexec.discover import scan_pages

    engine = Engine(ROOT, ROOT / "snippets")
    asked = requests_by_snippet(scan_pages(ROOT / "docs", relative_to=ROOT, find=find_values))
    outcomes = engine.run(engine.all_snippet_names(), values=asked).outcomes
    found = [p for page in (sys.argv[1:] or PAGES) for lang in LANGUAGES
             for p in hand_typed_results(page, lang, lambda name: outcomes[name].result)]
    print("\n".join(found) or "no hand-typed results")
    sys.exit(1 if found else 0)
