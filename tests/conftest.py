"""Shared fixtures: the project, its engine (fresh runs, no cache), a built site, temporary sites."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from snippetexec.run import Engine

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ["en", "it", "zh", "de"]
MKDOCS = [sys.executable, "-m", "mkdocs"]
WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
# What the lessons' action row says, per language (overrides/partials/lesson-actions.html)
ACTION_LABELS = {
    "en": ["Download notebook", "View source", "Open in Colab"],
    "it": ["Scarica il notebook", "Vedi il sorgente", "Apri in Colab"],
    "zh": ["下载笔记本", "查看源文件", "在 Colab 中打开"],
    "de": ["Notebook herunterladen", "Quelltext anzeigen", "In Colab öffnen"],
}


def build_env(fresh: bool = True, cache_dir: Path | None = None) -> dict:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("SNIPPETEXEC_CACHE_DIR", None)
    if fresh:
        env["SNIPPETEXEC_FRESH"] = "1"
    else:
        env.pop("SNIPPETEXEC_FRESH", None)
    if cache_dir is not None:
        env["SNIPPETEXEC_CACHE_DIR"] = str(cache_dir)
    return env


def mkdocs_build(project: Path, site_dir: Path, fresh: bool = True, timeout: float = 600, cache_dir=None):
    return subprocess.run(MKDOCS + ["build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site_dir)],
                          cwd=project, env=build_env(fresh, cache_dir), capture_output=True, text=True,
                          timeout=timeout)


def published_notebooks() -> dict:
    """How the Pages workflow publishes the built notebooks for Colab: the build job uploads the files of a glob
    under site/ as an artifact (paths kept after the glob's first wildcard), the deploy job downloads it into a
    folder and force-pushes that folder to a branch. Returns {glob, artifact, folder, branch, build, deploy}."""
    import yaml

    workflow = yaml.safe_load(WORKFLOW.read_text())
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    [upload] = [s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-artifact@")]
    [download] = [s for s in deploy["steps"] if s.get("uses", "").startswith("actions/download-artifact@")]
    assert download["with"]["name"] == upload["with"]["name"], "the deploy job downloads another artifact"
    return {"glob": upload["with"]["path"], "artifact": upload["with"]["name"], "folder": download["with"]["path"],
            "branch": workflow["env"]["NOTEBOOKS_BRANCH"], "build": build, "deploy": deploy, "workflow": workflow}


SITE_FIXTURES = {"built_site", "edited_course"}


def pytest_collection_modifyitems(items):
    """With pytest-xdist (`make test` runs two workers), every test of the built real site goes to one
    worker, so the site is built once; the throwaway sites, snippets and pages run on the other."""
    for item in items:
        if SITE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.xdist_group("site"))


@pytest.fixture(scope="session")
def engine() -> Engine:
    return Engine(ROOT, ROOT / "snippets", cache_dir=None)


@pytest.fixture(scope="session")
def fresh_results(engine) -> dict:
    """Every snippet of the course run once, fresh, in parallel on the engine's workers: name -> Outcome.

    Tests that compare pages with a fresh run share these instead of running a snippet once per
    page and language. The executed values that pages show are computed by the same run.
    """
    from snippetexec.pytest_plugin import fresh_outcomes

    return fresh_outcomes(ROOT)  # the same run the page fences are compared with


@pytest.fixture(scope="session")
def built_site_cache(tmp_path_factory) -> Path:
    """Where the real site's build keeps its results: empty before it, so every snippet runs."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, built_site_cache):
    """The real site, built once with --strict, every snippet run afresh (into an empty cache folder)."""
    site = tmp_path_factory.mktemp("site")
    proc = mkdocs_build(ROOT, site, fresh=False, cache_dir=built_site_cache)
    return site, proc


EDITED_SNIPPET = "accumulation-and-zeroing/exercise.py"  # its result x.grad goes from 7.0 to 9.0
EDITED_PAGE = "tensors-and-gradients.md"  # the English page gets a new paragraph: translations are outdated


@pytest.fixture(scope="session")
def edited_course(tmp_path_factory, built_site, built_site_cache):
    """A copy of the real course after two edits an author makes, built, then built again (cache on):
    a snippet computes another result (hidden check updated, nothing else), an English page changes.
    The copy starts with the real site's results, as an author's checkout does: the first build runs the
    edited snippet only (its result is not cached: cold for it), the second runs nothing (warm).
    Returns (project, {"cold": (site, proc), "warm": (site, proc)})."""
    import shutil

    project = tmp_path_factory.mktemp("course")
    for item in ("mkdocs.yml", "glossary.yml"):
        shutil.copy(ROOT / item, project / item)
    for folder in ("docs", "snippets", "hooks", "overrides"):
        shutil.copytree(ROOT / folder, project / folder, ignore=shutil.ignore_patterns("__pycache__"))
    snippet = project / "snippets" / EDITED_SNIPPET
    code = snippet.read_text()
    assert "(3 * x).backward()" in code and "x.grad.item() == 7.0" in code
    snippet.write_text(code.replace("(3 * x).backward()", "(5 * x).backward()")
                       .replace("x.grad.item() == 7.0", "x.grad.item() == 9.0"))
    page = project / "docs" / "en" / EDITED_PAGE
    page.write_text(page.read_text() + "\nA new paragraph.\n")
    shutil.copytree(built_site_cache, project / ".cache" / "snippetexec")
    builds = {}
    for kind in ("cold", "warm"):
        site = project / f"site-{kind}"
        builds[kind] = (site, mkdocs_build(project, site, fresh=False))
    return project, builds


MINI_MKDOCS = """\
site_name: Fault cases
docs_dir: docs
theme:
  name: material
  language: en
markdown_extensions:
  - admonition
  - attr_list
  - pymdownx.superfences
  - pymdownx.snippets:
      base_path: !relative $config_dir/snippets
      check_paths: true
plugins:
  - executed-snippets:
      timeout: {timeout}
      cache: {cache}
      labels:
        en: {{output: Output, error: Output (ends with an error)}}
        de: {{output: Ausgabe, error: Ausgabe (endet mit einem Fehler)}}
  - i18n:
      docs_structure: folder
      languages:
        - {{locale: en, name: English, default: true}}
        - {{locale: de, name: Deutsch}}
"""


class MiniSite:
    """A throwaway MkDocs project in a temporary folder, in English and German."""

    def __init__(self, path: Path, timeout: float = 20, cache: bool = False):
        self.path = path
        (path / "mkdocs.yml").write_text(MINI_MKDOCS.format(timeout=timeout, cache=str(cache).lower()))
        for lang in ("en", "de"):
            (path / "docs" / lang).mkdir(parents=True, exist_ok=True)
        (path / "snippets").mkdir(exist_ok=True)

    def snippet(self, name: str, code: str) -> None:
        target = self.path / "snippets" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(code))

    def page(self, name: str, *snippets: str, langs=("en", "de")) -> None:
        fences = "\n".join(f'```python\n--8<-- "{s}"\n```\n' for s in snippets)
        for lang in langs:
            (self.path / "docs" / lang / name).write_text(f"# {lang}\n\n{fences}")

    def build(self, fresh: bool = True):
        proc = mkdocs_build(self.path, self.path / "site", fresh=fresh, timeout=300)
        proc.log = proc.stdout + proc.stderr
        return proc

    def html(self, url: str) -> str:
        return (self.path / "site" / url / "index.html").read_text(encoding="utf-8")


@pytest.fixture
def mini_site(tmp_path) -> MiniSite:
    return MiniSite(tmp_path)
