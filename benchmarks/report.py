"""The README's benchmark section: written by `make benchmark`, read back by tests/test_benchmark_readme.py.

The section sits between `<!-- benchmark -->` and `<!-- /benchmark -->` in README.md. `section()` writes
it from the measured figures, `parse()` reads it back and `problems()` lists what does not add up (a
ratio that is not the quotient of the times shown, a verdict that does not follow from the value shown,
a missing date or machine line), so a hand edit that breaks the section fails the tests. Verdicts are
judged on the values as shown (two decimals), so whoever reads the table can check them.
"""

from __future__ import annotations

import re
from pathlib import Path

BEGIN, END = "<!-- benchmark -->", "<!-- /benchmark -->"
FULL_SIZE = {"lessons": 100, "snippets": 300}
RUNS = {
    "a0": "no execution, pages of code only (no output shown)",
    "a": "no execution, the same pages with each output pasted in (floor)",
    "b": "markdown-exec",
    "c": "ours, cold cache",
    "d": "ours, warm, nothing changed",
    "e": "ours, one snippet edited",
    "f": "ours, one page's prose edited",
}
# (numerator, denominator, comparison, bound): the engine issue's targets, notebooks on
TARGETS = {"d/a": ("d", "a", "<=", 1.05), "f/a": ("f", "a", "<=", 1.08), "e/a": ("e", "a", "<=", 1.15),
           "b/c": ("b", "c", ">=", 3.0)}


def verdict(value: float, comparison: str, bound: float) -> str:
    ok = value <= bound if comparison == "<=" else value >= bound
    return "met" if ok else "missed"


def shown(value: float) -> float:
    """A figure as the README shows it (two decimals): verdicts are judged on it."""
    return round(value, 2)


def section(rows: dict, size: dict, machine: dict, when: str, cold_bound: dict, serve: dict | None) -> str:
    """The README section. rows: run -> {seconds, executions, peak_mb}; size: {lessons, snippets};
    machine: {cpu, cores, python, torch, load}; cold_bound: {torch_import, snippet_seconds, cores};
    serve: serve_loop.measure()'s figures, or None when it was not run."""
    t = {key: shown(row["seconds"]) for key, row in rows.items()}
    name = "full" if size == FULL_SIZE else "quick" if size == {"lessons": 10, "snippets": 30} else "custom"
    lines = [BEGIN,
             f"Written by `make benchmark` on {when}; size: {name} ({size['lessons']} lessons x 4 languages, "
             f"{size['snippets']} snippets).",
             "",
             f"Machine: {machine['cpu']}, {machine['cores']} cores usable, Python {machine['python']}, "
             f"torch {machine['torch']}; load average {machine['load']:.2f} when the benchmark started; "
             f"sites built in {machine.get('where', 'disk')}.",
             "",
             "| run | what | wall time (s) | snippet executions | peak memory (MiB) |",
             "|---|---|---:|---:|---:|"]
    lines += [f"| {key} | {RUNS[key]} | {t[key]:.2f} | {row['executions']} | {row['peak_mb']:.0f} |"
              for key, row in rows.items()]
    lines += ["", "| ratio | value | target | |", "|---|---:|---|---|"]
    for ratio, (top, bottom, comparison, bound) in TARGETS.items():
        value = shown(t[top] / t[bottom])
        lines.append(f"| {ratio} | {value:.2f} | {comparison} {bound:.2f} | {verdict(value, comparison, bound)} |")
    ratio = {key: shown(t[key] / t["a0"]) for key in ("a", "d", "f", "e")}
    lines += ["", "What showing outputs costs MkDocs itself (highlighting, search, bigger pages), whoever makes them: "
              f"a/a0 = {ratio['a']:.2f}; against pages of code only, d/a0 = {ratio['d']:.2f}, "
              f"f/a0 = {ratio['f']:.2f}, e/a0 = {ratio['e']:.2f} (no target)."]
    bound = shown(t["a"] + cold_bound["torch_import"] + 1.2 * cold_bound["snippet_seconds"] / cold_bound["cores"])
    lines += ["", f"Cold build: c = {t['c']:.2f} s; bound a + one torch import ({cold_bound['torch_import']:.2f} s)"
              f" + 1.2 x snippet time ({cold_bound['snippet_seconds']:.2f} s) / cores ({cold_bound['cores']})"
              f" = {bound:.2f} s: {verdict(t['c'], '<=', bound)}."]
    if serve is not None:
        lines += ["", "Author loop, `mkdocs serve` on a site of "
                  f"{serve['lessons']} lessons x 4 languages (median of {serve['repeat']} edits), from saving "
                  "the file until the server sends the new page:", "",
                  "| edit | seconds |", "|---|---:|",
                  f"| a snippet, until its output is new in all four languages | {shown(serve['snippet']):.2f} |",
                  f"| a page's prose, until the page shows it | {shown(serve['prose']):.2f} |",
                  f"| that snippet's own run time | {shown(serve['snippet_run']):.2f} |"]
        limit = shown(shown(serve["prose"]) + shown(serve["snippet_run"]))
        lines += ["", f"Snippet case <= prose case + the snippet's run time: {shown(serve['snippet']):.2f} <= "
                  f"{limit:.2f} s: {verdict(shown(serve['snippet']), '<=', limit)}."]
    lines.append(END)
    return "\n".join(lines)


def replace_section(readme: str, text: str) -> str:
    """`readme` with its benchmark section replaced by `text` (the markers must be there once each)."""
    if readme.count(BEGIN) != 1 or readme.count(END) != 1:
        raise ValueError(f"README.md needs exactly one {BEGIN} and one {END}")
    start, end = readme.index(BEGIN), readme.index(END) + len(END)
    return readme[:start] + text + readme[end:]


def extract(readme: str) -> str:
    if readme.count(BEGIN) != 1 or readme.count(END) != 1:
        raise ValueError(f"README.md needs exactly one {BEGIN} and one {END}")
    return readme[readme.index(BEGIN):readme.index(END) + len(END)]


NUMBER = r"(\d+(?:\.\d+)?)"


def parse(text: str) -> dict:
    """The figures of a section, as shown."""
    runs = {m[1]: {"seconds": float(m[2]), "executions": int(m[3])}
            for m in re.finditer(rf"^\| (a0|[a-f]) \| [^|]+ \| {NUMBER} \| (\d+) \| {NUMBER} \|$", text, re.M)}
    ratios = {m[1]: (float(m[2]), m[3], float(m[4]), m[5])
              for m in re.finditer(rf"^\| ([a-f]/[a-f]) \| {NUMBER} \| (<=|>=) {NUMBER} \| (met|missed) \|$",
                                   text, re.M)}
    cold = re.search(rf"c = {NUMBER} s; bound a \+ one torch import \({NUMBER} s\) \+ 1\.2 x snippet time "
                     rf"\({NUMBER} s\) / cores \((\d+)\) = {NUMBER} s: (met|missed)\.", text)
    serve = re.search(rf"a snippet, until .*? \| {NUMBER} \|\n\| a page's prose, .*? \| {NUMBER} \|\n"
                      rf"\| that snippet's own run time \| {NUMBER} \|", text)
    code_only = re.search(rf"a/a0 = {NUMBER}; against pages of code only, d/a0 = {NUMBER}, f/a0 = {NUMBER}, "
                          rf"e/a0 = {NUMBER} \(no target\)\.", text)
    serve_check = re.search(rf"Snippet case <= .*?: {NUMBER} <= {NUMBER} s: (met|missed)\.", text)
    return {
        "date": re.search(r"on (\d{4}-\d{2}-\d{2} \d{2}:\d{2})", text),
        "size": re.search(r"size: (full|quick|custom) \((\d+) lessons x 4 languages, (\d+) snippets\)", text),
        "machine": re.search(r"^Machine: .+, (\d+) cores usable, Python [\d.]+, torch \S+; load average", text,
                             re.M),
        "runs": runs, "ratios": ratios, "code_only": code_only, "cold": cold, "serve": serve,
        "serve_check": serve_check,
    }


def problems(text: str) -> list[str]:
    """What is missing or inconsistent in a section; empty when it is sound."""
    found = parse(text)
    wrong = [f"no {what} line" for what in ("date", "size", "machine") if found[what] is None]
    if sorted(found["runs"]) != sorted(RUNS):
        return wrong + [f"the runs table should have rows {', '.join(RUNS)}, has {sorted(found['runs'])}"]
    t = {key: row["seconds"] for key, row in found["runs"].items()}
    if found["size"] is not None:
        expected = {"c": int(found["size"][3]), "d": 0, "e": 1, "f": 0, "a": 0, "a0": 0}
        wrong += [f"run {key} shows {found['runs'][key]['executions']} snippet executions, expected {count}"
                  for key, count in expected.items() if found["runs"][key]["executions"] != count]
    if sorted(found["ratios"]) != sorted(TARGETS):
        wrong.append(f"the ratios table should have {sorted(TARGETS)}, has {sorted(found['ratios'])}")
    for ratio, (value, comparison, bound, said) in found["ratios"].items():
        top, bottom, want_comparison, want_bound = TARGETS.get(ratio, (ratio[0], ratio[2], comparison, bound))
        if abs(value - shown(t[top] / t[bottom])) > 0.0051:
            wrong.append(f"{ratio} shows {value:.2f}, but {top}/{bottom} = {t[top]:.2f}/{t[bottom]:.2f} = "
                         f"{t[top] / t[bottom]:.3f}")
        if (comparison, bound) != (want_comparison, want_bound):
            wrong.append(f"{ratio}: the target is {want_comparison} {want_bound}, the README says {comparison} {bound}")
        if said != verdict(value, comparison, bound):
            wrong.append(f"{ratio}: {value:.2f} {comparison} {bound:.2f} is {verdict(value, comparison, bound)}, "
                         f"the README says {said}")
    if found["code_only"] is None:
        wrong.append("no line comparing with the pages of code only (a0)")
    else:
        for i, (top, bottom) in enumerate((("a", "a0"), ("d", "a0"), ("f", "a0"), ("e", "a0")), 1):
            if abs(float(found["code_only"][i]) - shown(t[top] / t[bottom])) > 0.0051:
                wrong.append(f"{top}/{bottom} shows {found['code_only'][i]}, but {t[top]:.2f}/{t[bottom]:.2f} = "
                             f"{t[top] / t[bottom]:.3f}")
    cold = found["cold"]
    if cold is None:
        wrong.append("no cold-build bound line")
    else:
        c, torch_import, snippets, cores, bound, said = (float(cold[1]), float(cold[2]), float(cold[3]),
                                                         int(cold[4]), float(cold[5]), cold[6])
        if c != t["c"]:
            wrong.append(f"the cold-build line says c = {c:.2f}, the table {t['c']:.2f}")
        if abs(bound - (t["a"] + torch_import + 1.2 * snippets / cores)) > 0.0151:
            wrong.append(f"the cold bound {bound:.2f} is not a + import + 1.2 x snippet time / cores")
        if said != verdict(c, "<=", bound):
            wrong.append(f"cold build: {c:.2f} <= {bound:.2f} is {verdict(c, '<=', bound)}, the README says {said}")
    serve, check = found["serve"], found["serve_check"]
    if serve is None or check is None:
        wrong.append("no author-loop (mkdocs serve) table and check")
    else:
        snippet, prose, run = (float(serve[i]) for i in (1, 2, 3))
        left, right, said = float(check[1]), float(check[2]), check[3]
        if (left, right) != (snippet, shown(prose + run)):
            wrong.append(f"the author-loop check should compare {snippet:.2f} with {prose:.2f} + {run:.2f}")
        if said != verdict(left, "<=", right):
            wrong.append(f"author loop: {left:.2f} <= {right:.2f} is {verdict(left, '<=', right)}, "
                         f"the README says {said}")
    return wrong


def write(readme: Path, text: str) -> None:
    readme.write_text(replace_section(readme.read_text(encoding="utf-8"), text), encoding="utf-8")
