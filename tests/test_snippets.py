"""Every snippet runs fresh (no cache) and its hidden checks pass: one test per snippet."""

import pytest

from conftest import ROOT
from snippetexec.report import describe_failure
from snippetexec.run import Engine

NAMES = Engine(ROOT, ROOT / "snippets").all_snippet_names()


def test_there_are_snippets():
    assert len(NAMES) >= 2


@pytest.mark.parametrize("name", NAMES)
def test_snippet(fresh_results, name):
    outcome = fresh_results[name]
    assert not outcome.cached
    assert outcome.result.good, describe_failure(outcome, "snippets", [])


@pytest.mark.parametrize("name", NAMES)
def test_errors_and_warnings_a_page_shows_are_pinned(fresh_results, name):
    """A new PyTorch that words an error or a warning differently must fail the build, not change what the
    prose describes: every declared exception pins its message (match=), every warning shown is pinned (warns=)."""
    outcome = fresh_results[name]
    snippet = outcome.snippet
    if snippet.raises:
        assert snippet.match, f"snippets/{name} raises {snippet.raises}: pin the message its page relies on (match=)"
    warned = [line for line in outcome.result.output.splitlines() if "Warning: " in line]
    if warned:
        assert snippet.warns, f"snippets/{name} shows a warning: pin what its page relies on (warns=)\n{warned[0]}"
