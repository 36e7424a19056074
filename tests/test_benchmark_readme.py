"""The README's performance figures are the benchmark's own: `make benchmark` writes them between
<!-- benchmark --> and <!-- /benchmark -->, and these tests (no benchmark run: fast) check that the section
there has the structure the benchmark writes and that its figures add up, so a hand edit that breaks them
fails."""

from __future__ import annotations

import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import report  # noqa: E402

ROWS = {"a0": 5.5, "a": 5.8, "b": 60.0, "c": 14.6, "d": 6.0, "e": 6.6, "f": 6.2}


def made_up_section(**serve) -> str:
    rows = {key: {"seconds": seconds, "executions": {"b": 1200, "c": 300, "e": 1}.get(key, 0), "peak_mb": 50.0}
            for key, seconds in ROWS.items()}
    machine = {"cpu": "AMD EPYC", "cores": 2, "python": "3.11.2", "torch": "2.13.0+cpu", "load": 0.1}
    return report.section(rows, dict(report.FULL_SIZE), machine, "2026-11-26 17:00",
                          {"torch_import": 2.1, "snippet_seconds": 10.5, "cores": 2},
                          {"snippet": 2.4, "prose": 2.2, "snippet_run": 0.05, "lessons": 4, "repeat": 3, **serve})


def test_readme_section_is_the_benchmarks_and_adds_up():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    text = report.extract(readme)
    assert "Written by `make benchmark`" in text, (
        "README.md's benchmark section has no figures yet: run `make benchmark` on a quiet machine")
    assert report.problems(text) == []
    assert report.parse(text)["size"][1] == "full", "README.md shows a benchmark of another size than the full one"


def test_a_written_section_reads_back_sound():
    assert report.problems(made_up_section()) == []
    assert "| d/a | 1.03 | <= 1.05 | met |" in made_up_section()
    assert "| f/a | 1.07 | <= 1.08 | met |" in made_up_section()
    assert "2.40 <= 2.25 s: missed." in made_up_section()


@pytest.mark.parametrize("edit, complaint", [
    (("| d/a | 1.03 |", "| d/a | 1.01 |"), "d/a shows 1.01"),
    (("| d/a | 1.03 | <= 1.05 | met |", "| d/a | 1.03 | <= 1.10 | met |"), "the target is <= 1.05"),
    (("| e/a | 1.14 | <= 1.15 | met |", "| e/a | 1.14 | <= 1.15 | missed |"), "the README says missed"),
    (("| d | ours, warm, nothing changed | 6.00 |", "| d | ours, warm, nothing changed | 5.00 |"), "d/a shows"),
    (("on 2026-11-26 17:00", "recently"), "no date line"),
    (("Machine: AMD EPYC, 2 cores usable", "Machine: AMD EPYC"), "no machine line"),
    (("2.40 <= 2.25 s: missed.", "2.40 <= 2.25 s: met."), "author loop"),
    (("| a page's prose, until the page shows it | 2.20 |", "| a page's prose, until the page shows it | 3.20 |"),
     "the author-loop check should compare"),
    (("| f | ours, one page's prose edited | 6.20 | 0 |", "| f | ours, one page's prose edited | 6.20 | 3 |"),
     "run f shows 3 snippet executions"),
    (("d/a0 = 1.09", "d/a0 = 1.02"), "d/a0 shows 1.02"),
    (("| a0 | no execution, pages of code only (no output shown) | 5.50 |",
      "| a0 | no execution, pages of code only (no output shown) | 5.90 |"), "a/a0 shows"),
])
def test_a_hand_edit_that_breaks_the_section_is_caught(edit, complaint):
    old, new = edit
    text = made_up_section()
    assert old in text
    found = report.problems(text.replace(old, new))
    assert any(complaint in problem for problem in found), found


def test_the_section_replaces_only_what_is_between_the_markers():
    readme = f"before\n{report.BEGIN}\nold\n{report.END}\nafter\n"
    assert report.replace_section(readme, made_up_section()) == f"before\n{made_up_section()}\nafter\n"
    with pytest.raises(ValueError, match="exactly one"):
        report.replace_section("no markers", made_up_section())
