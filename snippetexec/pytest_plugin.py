"""pytest adapter: every Python fence of the Markdown pages runs, snippet references included.

Enable with `-p snippetexec.pytest_plugin`. Markdown files under the test paths are
collected with pytest-markdown-docs (no need for its --markdown-docs flag, which would
also import every .py file). Two additions to pytest-markdown-docs:

* a markdown-it hook expands each snippet reference exactly as the build does: the
  reference fence is rewritten by render.source_markdown and the result is passed
  through pymdownx.snippets configured as in mkdocs.yml. The fence then holds what
  the page shows, i.e. what a reader copies;
* the `snippet` runner runs that code under the snippet's name and declarations, in
  the same isolated workers as the build, and fails unless it prints exactly the
  output of the whole snippet (hidden checks included) run fresh. A reference to a
  missing, malformed or refused snippet is left as it is at collection and fails its
  own test with the build's message: one failing test, not a collection error.

Fences that are not snippet references run with pytest-markdown-docs' default runner.
"""

from __future__ import annotations

import difflib
import functools
from pathlib import Path

import pytest
from pytest_markdown_docs._runners import _Runner, register_runner
from pytest_markdown_docs.plugin import MarkdownTextFile

from snippetexec import render, settings
from snippetexec.discover import REFERENCE, find_references
from snippetexec.execute import Result
from snippetexec.report import describe_failure
from snippetexec.run import Engine, Outcome

_ROOT: list[Path] = []


@functools.cache
def site_config(root: Path):
    from mkdocs.config import load_config

    return load_config(str(root / "mkdocs.yml"))


@functools.cache
def project_engine(root: Path) -> Engine:
    plugin = site_config(root).plugins.get(settings.PLUGIN)
    return Engine(**settings.engine_options(plugin.config if plugin else None, root), cache_dir=None)


@functools.cache
def snippet_preprocessor(root: Path):
    import markdown

    config = site_config(root)
    md = markdown.Markdown(extensions=["pymdownx.snippets"],
                           extension_configs={"pymdownx.snippets": config.mdx_configs["pymdownx.snippets"]})
    return md.preprocessors["snippet"]


@functools.cache
def fresh_outcomes(root: Path) -> dict:
    """Every snippet of the project run once, fresh, in parallel on the workers, with the executed values
    the pages ask of them: name -> Outcome. Shared by every test that compares with a fresh run."""
    engine = project_engine(root)
    asked = settings.scan_site(Path(site_config(root).docs_dir), root).values
    return engine.run(engine.all_snippet_names(), fresh=True, values=asked).outcomes


def fresh_result(root: Path, name: str) -> Result:
    outcomes = fresh_outcomes(root)
    if name not in outcomes:  # not a file of the snippets folder: say so as the build would
        outcomes[name] = project_engine(root).run([name], fresh=True).outcomes[name]
    return outcomes[name].result


@functools.cache
def shown_code_result(root: Path, name: str, code: str) -> Result:
    """What the code a page shows prints; pages in four languages show the same code: run it once."""
    engine = project_engine(root)
    return engine.run_code(engine.load(name), code)


def expand_reference(root: Path, name: str) -> str:
    """The code a page shows for snippet `name`, expanded by pymdownx.snippets as in the build."""
    engine = project_engine(root)
    ref = find_references(f'```python\n--8<-- "{name}"\n```\n', "<test>")[0]
    fence = render.source_markdown(ref, engine.load(name)).split("\n")
    lines = snippet_preprocessor(root).run(fence)
    return "\n".join(lines[1:-1]) + "\n"


def pytest_configure(config):
    _ROOT[:] = [Path(config.rootpath)]


@pytest.hookimpl(tryfirst=True)
def pytest_markdown_docs_markdown_it():
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark")

    def expand_snippet_references(state):
        root = _ROOT[0]
        for token in state.tokens:
            if token.type != "fence":
                continue
            refs = find_references(f"```python\n{token.content}```\n", "<fence>")
            language = token.info.split(maxsplit=1)[0] if token.info.strip() else ""
            if language in ("python", "py", "python3") and refs:
                try:
                    token.content = expand_reference(root, refs[0].name)
                except (OSError, ValueError):  # missing, malformed or refused: the page's test fails, saying why
                    pass
                token.info = "python runner:snippet"

    parser.core.ruler.push("snippet_references", expand_snippet_references)
    return parser


def pytest_collect_file(file_path, parent):
    if file_path.suffix == ".md" and not parent.config.option.markdowndocs:
        return MarkdownTextFile.from_parent(parent, path=file_path)
    return None


@register_runner()
class snippet(_Runner):  # noqa: N801 - the runner's name as written in fences: runner:snippet
    def runtest(self, test, args):
        root = _ROOT[0]
        line = Path(test.source_path).read_text(encoding="utf-8").splitlines()[test.start_line - 1:][:3]
        match = REFERENCE.search("\n".join(line))
        assert match, f"{test.source_path}:{test.start_line}: no snippet reference here"
        name = match.group("name")
        engine = project_engine(root)
        where = f"{Path(test.source_path).relative_to(root)}:{test.start_line}"
        known = engine.prepare([name]).outcomes.get(name)  # missing, malformed, refused: known without a run
        if known is not None and not known.result.good:
            raise AssertionError(describe_failure(known, engine.relative(engine.snippets_dir), [where]))
        loaded = engine.load(name)
        shown = test.source.lstrip("\n")
        # keep the file's line numbers, so warnings name the same lines as in the build
        result = shown_code_result(root, name, "\n" * (loaded.first_shown - 1) + shown)
        expected = fresh_result(root, name)
        if not expected.good:
            raise AssertionError(describe_failure(Outcome(name, loaded, expected), engine.relative(engine.snippets_dir),
                                                  [where]))
        if (result.status, result.output) != (expected.status, expected.output):
            diff = "\n".join(difflib.unified_diff(
                expected.output.splitlines(), result.output.splitlines(),
                "whole snippet (as the page's output shows)", "code as the page shows it", lineterm=""))
            raise AssertionError(
                f"The code the page shows for {name} does not print what the page's output shows.\n"
                f"status: {expected.status} (whole snippet) vs {result.status} (shown code)\n{diff}")

    def repr_failure(self, test, excinfo, style=None):
        return f"{test.source_path}:{test.start_line}: {excinfo.value}"
