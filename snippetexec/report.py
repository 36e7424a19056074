"""Messages for people: what failed, at which line, and which pages show it."""

from __future__ import annotations

from snippetexec.execute import CRASHED, ERROR, NOT_RAISED, TIMEOUT
from snippetexec.run import Outcome, RunReport

HEADLINES = {
    ERROR: "raised an exception it does not declare",
    NOT_RAISED: "declares an exception that did not happen",
    TIMEOUT: "timed out",
    CRASHED: "crashed",
    "missing": "does not exist",
    "malformed": "is malformed",
}


def describe_failure(outcome: Outcome, snippets_dir: str, included_by: list[str]) -> str:
    result = outcome.result
    if outcome.snippet is not None:
        where = outcome.snippet.filename
        if result.lineno:
            where += f", line {result.lineno}"
    else:
        where = f"{snippets_dir}/{outcome.name}"
    lines = [f"Snippet {where} {HEADLINES.get(result.status, result.status)}:"]
    if result.exception:
        lines.extend("    " + line for line in result.exception.splitlines())
    if result.status == ERROR and outcome.snippet is not None:
        lines.append(f"    (if this error is what the snippet is meant to show, declare it in the "
                     f"snippet's first line: '# snippet: raises={result.exception.split(':')[0]}')")
    if included_by:
        lines.append("  Included by:")
        lines.extend(f"    {page}" for page in included_by)
    if result.status in (ERROR, CRASHED) and result.traceback:
        lines.append("  Traceback:")
        lines.extend("    " + line for line in result.traceback.rstrip().splitlines())
    if result.output.strip() and result.status != "missing":
        lines.append("  Output before the failure:")
        lines.extend("    " + line for line in result.output.rstrip().splitlines()[-20:])
    return "\n".join(lines)


def included_by(references, describe=lambda ref: f"{ref.page}:{ref.line}") -> dict[str, list[str]]:
    """For each snippet name, where pages include it (as `describe` words each reference)."""
    pages: dict[str, list[str]] = {}
    for ref in references:
        pages.setdefault(ref.name, []).append(describe(ref))
    return pages


def describe_failures(report: RunReport, snippets_dir: str, included_by: dict[str, list[str]]) -> str:
    failures = report.failures
    parts = [describe_failure(o, snippets_dir, included_by.get(o.name, [])) for o in failures]
    noun = "snippet" if len(failures) == 1 else "snippets"
    return f"{len(failures)} {noun} failed.\n\n" + "\n\n".join(parts)


def timings(report: RunReport, slowest: int = 3) -> str:
    ran = [o for o in report.outcomes.values() if not o.cached]
    text = (f"{len(report.outcomes)} snippets: {report.executed} executed, "
            f"{len(report.outcomes) - len(ran)} from cache, in {report.seconds:.2f} s")
    if ran:
        top = sorted(ran, key=lambda o: o.result.seconds, reverse=True)[:slowest]
        text += "; slowest: " + ", ".join(f"{o.name} {o.result.seconds:.2f} s" for o in top)
    return text
