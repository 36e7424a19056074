"""The engine on other sites: `pip install` of the package alone, into a fresh venv, and two sites outside the course.

Nothing of the course is copied to these sites: no CSS, no template override, no hook. The venv holds the package
and its declared dependencies only (pyproject.toml), with versions constrained by requirements.txt; the second
site adds Material and mkdocs-static-i18n at their pinned versions. pip may download from PyPI (README: Tests);
its cache is kept, so a second run takes seconds.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, build_env

pytestmark = pytest.mark.xdist_group("reuse")  # one worker makes the venv once for both sites

PIP = ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-c", str(ROOT / "requirements.txt")]


def pinned(package: str) -> str:
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        if line.lower().startswith(package.lower() + "=="):
            return line.strip()
    raise AssertionError(f"{package} is not pinned in requirements.txt")


@pytest.fixture(scope="session")
def fresh_venv(tmp_path_factory) -> Path:
    """A new venv with `pip install <the package>` from a copy of its sources (pip builds in the source folder)."""
    folder = tmp_path_factory.mktemp("reuse")
    source = folder / "snippetexec-src"
    source.mkdir()
    shutil.copy(ROOT / "pyproject.toml", source)
    shutil.copytree(ROOT / "snippetexec", source / "snippetexec", ignore=shutil.ignore_patterns("__pycache__"))
    venv = folder / "venv"
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    install = subprocess.run([str(venv / "bin" / "python"), *PIP, str(source)], capture_output=True, text=True,
                             timeout=600)
    assert install.returncode == 0, install.stdout + install.stderr
    print(f"\nfresh venv with the package: {time.monotonic() - started:.1f} s")
    return venv


def build(venv: Path, project: Path) -> subprocess.CompletedProcess:
    proc = subprocess.run([str(venv / "bin" / "mkdocs"), "build", "--strict"], cwd=project, env=build_env(),
                          capture_output=True, text=True, timeout=300)
    proc.log = proc.stdout + proc.stderr
    return proc


def write(project: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text, encoding="utf-8")


def engine_css(soup: BeautifulSoup, page_dir: Path) -> Path:
    hrefs = [link["href"] for link in soup.select('link[rel="stylesheet"]') if "snippetexec" in link["href"]]
    assert len(hrefs) == 1, hrefs
    return (page_dir / hrefs[0]).resolve()


PLAIN_SITE = {
    "mkdocs.yml": """\
site_name: Without torch
theme: {name: mkdocs}
markdown_extensions:
  - attr_list
  - pymdownx.superfences
  - pymdownx.snippets:
      base_path: !relative $config_dir/snippets
      check_paths: true
plugins:
  - executed-snippets
""",
    "docs/index.md": '# Sums\n\n```python\n--8<-- "sums.py"\n```\n\n```python\n--8<-- "fails.py"\n```\n',
    "snippets/sums.py": "import sys\nprint(sum(range(10)))\nprint('torch' in sys.modules)\n",
    "snippets/fails.py": "# snippet: raises=ZeroDivisionError\n1 / 0\n",
}


def test_a_plain_theme_site_without_torch_shows_styled_executed_output(fresh_venv, tmp_path):
    has_torch = subprocess.run([str(fresh_venv / "bin" / "python"), "-c", "import torch"], capture_output=True)
    assert has_torch.returncode != 0  # torch is not a dependency of the engine
    write(tmp_path, PLAIN_SITE)
    proc = build(fresh_venv, tmp_path)
    assert proc.returncode == 0, proc.log
    soup = BeautifulSoup((tmp_path / "site" / "index.html").read_text(), "html.parser")
    outputs = soup.select(".snippet-output")
    assert outputs[0].select_one("code").get_text() == "45\nFalse"  # the worker never imported torch
    assert "snippet-error" in outputs[1]["class"] and "ZeroDivisionError" in outputs[1].get_text()
    css = engine_css(soup, tmp_path / "site")
    assert css.is_file() and ".snippet-output.snippet-error" in css.read_text()
    link = soup.select_one("a[download]")
    assert link.get_text() == "Download as a notebook" and (tmp_path / "site" / link["href"]).is_file()


I18N_SITE = {
    "mkdocs.yml": """\
site_name: Two languages
theme: {name: material, language: en}
markdown_extensions:
  - attr_list
  - pymdownx.superfences
  - pymdownx.snippets:
      base_path: !relative $config_dir/snippets
      check_paths: true
plugins:
  - executed-snippets:
      preload: []
      labels:
        en: {output: Result, error: Result with an error, notebook: Get the notebook}
        fr: {output: Résultat, error: Résultat avec une erreur, notebook: Télécharger le notebook}
  - i18n:
      docs_structure: folder
      languages:
        - {locale: en, name: English, default: true}
        - {locale: fr, name: Français}
""",
    "docs/en/index.md": '# Hello\n\n```python\n--8<-- "hello.py"\n```\n',
    "docs/fr/index.md": '# Bonjour\n\n```python\n--8<-- "hello.py"\n```\n',
    "snippets/hello.py": "print(6 * 7)\n",
}


def test_a_material_site_in_two_languages_shows_outputs_with_their_labels(fresh_venv, tmp_path):
    python = str(fresh_venv / "bin" / "python")
    extras = subprocess.run([python, *PIP, pinned("mkdocs-material"), pinned("mkdocs-static-i18n")],
                            capture_output=True, text=True, timeout=600)
    assert extras.returncode == 0, extras.stdout + extras.stderr
    write(tmp_path, I18N_SITE)
    proc = build(fresh_venv, tmp_path)
    assert proc.returncode == 0, proc.log
    for url, label, notebook in (("", "Result", "Get the notebook"), ("fr", "Résultat", "Télécharger le notebook")):
        soup = BeautifulSoup((tmp_path / "site" / url / "index.html").read_text(), "html.parser")
        assert soup.select_one(".snippet-output .snippet-label").get_text() == label
        assert soup.select_one(".snippet-output code").get_text() == "42"
        assert soup.select_one("a[download]").get_text() == notebook
        assert engine_css(soup, tmp_path / "site" / url).is_file()
