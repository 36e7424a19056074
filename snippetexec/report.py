"""Messages for people: what failed, at which line, and which pages show it."""

from __future__ import annotations

from snippetexec.execute import (CANCELLED, CHECK_FAILED, CRASHED, ERROR, MALFORMED, MEMORY_LIMIT, MISSING,
                                 MISSING_WARNING, NO_WORKER, NOT_RAISED, OUTPUT_LIMIT, OVERDUE, PROTOCOL_ERROR, REFUSED,
                                 TIMEOUT, WORKER_DIED, WRONG_MESSAGE)
from snippetexec.run import Outcome, RunReport

HEADLINES = {
    ERROR: "raised an exception it does not declare",
    NOT_RAISED: "declares an exception that did not happen",
    TIMEOUT: "timed out",
    CRASHED: "crashed",
    CHECK_FAILED: "failed a hidden check",
    WRONG_MESSAGE: "raised the declared exception, but not with the pinned message",
    MISSING_WARNING: "did not show a pinned warning",
    OUTPUT_LIMIT: "printed too much",
    MEMORY_LIMIT: "exceeded the memory limit",
    WORKER_DIED: "lost its worker process",
    PROTOCOL_ERROR: "got an answer that is not its result",
    OVERDUE: "ran past the run's time limit",
    NO_WORKER: "could not run",
    CANCELLED: "was stopped",
    MISSING: "does not exist",
    MALFORMED: "is malformed",
    REFUSED: "is refused",
}
SHOWN_LINES, SHOWN_WIDTH = 20, 200  # of a failed snippet's output, in a message


def describe_failure(outcome: Outcome, snippets_dir: str, included_by: list[str]) -> str:
    result = outcome.result
    if outcome.snippet is not None:
        where = outcome.snippet.filename
        if result.lineno:
            where += f", line {result.lineno}"
    else:
        where = outcome.name if outcome.name.startswith("/") else f"{snippets_dir}/{outcome.name}"
    lines = [f"Snippet {where} {HEADLINES.get(result.status, result.status)}:"]
    if result.exception:
        lines.extend("    " + line for line in result.exception.splitlines())
    if raises_advice_fits(result) and outcome.snippet is not None:
        lines.append(f"    (if this error is what the snippet is meant to show, declare it in the "
                     f"snippet's first line: '# snippet: raises={result.exception.split(':')[0]}')")
    if included_by:
        lines.append("  Included by:")
        lines.extend(f"    {page}" for page in included_by)
    if result.status in (ERROR, CRASHED, CHECK_FAILED) and result.traceback:
        lines.append("  Traceback:")
        lines.extend("    " + line for line in result.traceback.rstrip().splitlines())
    if result.output.strip() and result.status == OUTPUT_LIMIT:
        lines.append("  First lines of the output:")
        lines.extend("    " + _cut(line) for line in result.output.splitlines()[:SHOWN_LINES])
    elif result.output.strip() and result.status != MISSING:
        lines.append("  Output before the failure:")
        lines.extend("    " + _cut(line) for line in result.output.rstrip().splitlines()[-SHOWN_LINES:])
    return "\n".join(lines)


def _cut(line: str) -> str:
    return line if len(line) <= SHOWN_WIDTH else line[:SHOWN_WIDTH] + f" [... {len(line) - SHOWN_WIDTH} more characters]"


# Exceptions that the shown code cannot be "meant to show": the engine's own, and code that does not compile.
NOT_DECLARABLE = ("SyntaxError", "IndentationError", "TabError", "GraphError")


def raises_advice_fits(result) -> bool:
    """Suggest `raises=` only for an exception raised by the shown code that a page could mean to show."""
    kind = (result.exception or "").split(":")[0]
    return result.status == ERROR and bool(kind) and kind not in NOT_DECLARABLE and result.traceback is not None


def included_by(references, describe=lambda ref: f"{ref.page}:{ref.line}") -> dict[str, list[str]]:
    """For each snippet name, where pages include it (as `describe` words each reference)."""
    pages: dict[str, list[str]] = {}
    for ref in references:
        pages.setdefault(ref.name, []).append(describe(ref))
    return pages


def describe_failures(report: RunReport, snippets_dir: str, included_by: dict[str, list[str]]) -> str:
    failures = report.failures
    parts = [describe_failure(o, snippets_dir, included_by.get(o.name, [])) for o in failures
             if o.result.status != NO_WORKER]
    unrun = [o for o in failures if o.result.status == NO_WORKER]
    if unrun:  # one cause for all of them: say it once
        names = ", ".join(o.name for o in unrun[:20]) + (f" and {len(unrun) - 20} more" if len(unrun) > 20 else "")
        parts.append(f"{len(unrun)} snippet(s) {HEADLINES[NO_WORKER]}: {unrun[0].result.exception}\n  They are: {names}")
    noun = "snippet" if len(failures) == 1 else "snippets"
    return f"{len(failures)} {noun} failed.\n\n" + "\n\n".join(parts)


def describe_value_failures(refs, problem_of, where) -> str:
    """Executed values in prose that cannot be shown: each value once, with every page (and language) that
    has it. `problem_of(ref)` says why; `where(ref)` words a page reference."""
    groups: dict[tuple, list] = {}
    for ref in refs:
        groups.setdefault((ref.name, ref.request), []).append(ref)
    parts = []
    for (name, request), group in groups.items():
        lines = [f"{{{{ {name}: {request} }}}}: {problem_of(group[0])}", "  In:"]
        lines.extend(f"    {where(ref)}" for ref in group)
        parts.append("\n".join(lines))
    noun = "value" if len(groups) == 1 else "values"
    return f"{len(groups)} executed {noun} in the prose cannot be shown.\n\n" + "\n\n".join(parts)


def timings(report: RunReport, slowest: int = 3) -> str:
    ran = [o for o in report.outcomes.values() if not o.cached]
    text = (f"{len(report.outcomes)} snippets: {report.executed} executed, "
            f"{len(report.outcomes) - len(ran)} from cache, in {report.seconds:.2f} s")
    if ran:
        top = sorted(ran, key=lambda o: o.result.seconds, reverse=True)[:slowest]
        text += "; slowest: " + ", ".join(f"{o.name} {o.result.seconds:.2f} s" for o in top)
    return text
