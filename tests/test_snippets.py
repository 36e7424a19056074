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
