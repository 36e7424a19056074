"""The plugin as a product: what it brings to any site (its stylesheet, the notebook link) and its options,
on throwaway sites built for real (the course's own look is checked by test_site.py and test_browser.py)."""

from __future__ import annotations

import textwrap
from pathlib import Path

from bs4 import BeautifulSoup

from conftest import MiniSite, mkdocs_build

PLAIN_MKDOCS = """\
site_name: Plain theme
theme:
  name: mkdocs
markdown_extensions:
  - attr_list
  - pymdownx.superfences
  - pymdownx.snippets:
      base_path: !relative $config_dir/snippets
      check_paths: true
plugins:
  - executed-snippets{options}
"""


class PlainSite:
    """A single-language site on MkDocs' own theme: no Material, no i18n, no CSS of its own."""

    def __init__(self, path: Path, options: str = ""):
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        (path / "mkdocs.yml").write_text(PLAIN_MKDOCS.format(options=options))
        (path / "docs").mkdir()
        (path / "snippets" / "lesson").mkdir(parents=True)
        (path / "snippets" / "lesson" / "hello.py").write_text("print('hello from the snippet')\n")
        (path / "docs" / "index.md").write_text('# Home\n\n```python\n--8<-- "lesson/hello.py"\n```\n')

    def build(self):
        proc = mkdocs_build(self.path, self.path / "site", timeout=300)
        proc.log = proc.stdout + proc.stderr
        return proc

    def soup(self, url: str = "") -> BeautifulSoup:
        return BeautifulSoup((self.path / "site" / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def linked_stylesheet(soup: BeautifulSoup, page_dir: Path) -> Path:
    """The engine's stylesheet as the page links it, resolved from the page's folder."""
    links = [link["href"] for link in soup.select('link[rel="stylesheet"]') if "snippetexec" in link["href"]]
    assert len(links) == 1, links
    return (page_dir / links[0]).resolve()


def test_a_plain_mkdocs_theme_site_gets_styled_outputs_and_the_notebook_link(tmp_path):
    site = PlainSite(tmp_path)
    proc = site.build()
    assert proc.returncode == 0, proc.log
    soup = site.soup()
    assert soup.select_one(".snippet-output pre > code").get_text() == "hello from the snippet"
    css = linked_stylesheet(soup, tmp_path / "site")
    assert css.is_file() and ".snippet-output" in css.read_text()
    link = soup.select_one(".snippet-notebook-link a[download]")
    assert link is not None and link.get_text() == "Download as a notebook"
    assert link["href"] == "index.en.ipynb" and (tmp_path / "site" / "index.en.ipynb").is_file()


def test_a_material_site_in_two_languages_gets_the_stylesheet_and_labelled_links(mini_site: MiniSite):
    mini_site.snippet("hello.py", "print('hi')\n")
    mini_site.page("index.md", "hello.py")
    config = mini_site.path / "mkdocs.yml"
    config.write_text(config.read_text().replace("error: Ausgabe (endet mit einem Fehler)",
                                                 "error: Ausgabe (endet mit einem Fehler), notebook: Als Notebook"))
    proc = mini_site.build()
    assert proc.returncode == 0, proc.log
    for url, label, notebook in (("", "Download as a notebook", "index.en.ipynb"),
                                 ("de", "Als Notebook", "index.de.ipynb")):
        soup = BeautifulSoup(mini_site.html(url), "html.parser")
        css = linked_stylesheet(soup, mini_site.path / "site" / url)
        assert css.is_file(), css
        links = soup.select("a[download]")
        assert [(a.get_text(), a["href"]) for a in links] == [(label, notebook)]
        assert (mini_site.path / "site" / url / notebook).is_file()


def test_notebooks_false_writes_no_notebook_and_no_link(tmp_path):
    site = PlainSite(tmp_path, options=":\n      notebooks: false")
    proc = site.build()
    assert proc.returncode == 0, proc.log
    assert site.soup().select_one(".snippet-output") is not None
    assert site.soup().select("a[download]") == []
    assert list((tmp_path / "site").rglob("*.ipynb")) == []


def test_notebook_link_false_leaves_the_link_to_the_theme(tmp_path):
    """The course keeps its Material button (overrides/partials/lesson-actions.html reads the template variable `notebook`)."""
    site = PlainSite(tmp_path, options=":\n      notebook_link: false")
    proc = site.build()
    assert proc.returncode == 0, proc.log
    assert site.soup().select("a[download]") == []
    assert (tmp_path / "site" / "index.en.ipynb").is_file()


def labels_config(site: MiniSite, labels: str) -> None:
    config = site.path / "mkdocs.yml"
    text = config.read_text()
    start, end = text.index("      labels:\n"), text.index("  - i18n:")
    config.write_text(text[:start] + "      labels:\n" + textwrap.indent(labels, "        ") + text[end:])


def test_a_built_language_without_labels_warns_naming_it_so_strict_fails(mini_site: MiniSite):
    mini_site.snippet("hello.py", "print('hi')\n")
    mini_site.page("index.md", "hello.py")
    labels_config(mini_site, "en: {output: Output, error: Output (ends with an error)}\n")
    proc = mini_site.build()
    assert proc.returncode != 0
    assert ("executed-snippets: labels has no entry for language 'de', which the site builds: its pages would "
            "show English labels") in proc.log


def test_a_typo_in_labels_is_an_error_at_config_load(mini_site: MiniSite):
    mini_site.page("index.md")
    labels_config(mini_site, "en: {ouput: Output}\nde: {output: Ausgabe}\n")
    proc = mini_site.build()
    assert proc.returncode != 0
    assert "Error: Invalid config options." in proc.log or "Aborted with" in proc.log
    assert "labels" in proc.log and "'ouput'" in proc.log and "output, error, notebook" in proc.log


def test_labels_must_be_text_per_language(mini_site: MiniSite):
    mini_site.page("index.md")
    labels_config(mini_site, "en: Output\nde: {output: Ausgabe}\n")
    proc = mini_site.build()
    assert proc.returncode != 0
    assert "labels" in proc.log and "'en'" in proc.log


def test_preload_empty_keeps_torch_out_of_the_workers(tmp_path):
    """torch is installed here: with `preload: []` neither the worker nor the snippet's process has it."""
    site = PlainSite(tmp_path / "none", options=":\n      preload: []")
    default = PlainSite(tmp_path / "default")
    for project in (site, default):
        (project.path / "snippets" / "lesson" / "hello.py").write_text("import sys\nprint('torch' in sys.modules)\n")
        proc = project.build()
        assert proc.returncode == 0, proc.log
    assert site.soup().select_one(".snippet-output code").get_text() == "False"
    assert default.soup().select_one(".snippet-output code").get_text() == "True"  # today's default: numpy, torch


def test_workers_sets_how_many_processes_run_snippets(tmp_path):
    site = PlainSite(tmp_path, options=":\n      workers: 1\n      preload: []")
    for i in range(3):
        (tmp_path / "snippets" / "lesson" / f"parent{i}.py").write_text("import os\nprint(os.getppid())\n")
    (tmp_path / "docs" / "index.md").write_text("".join(f'```python\n--8<-- "lesson/parent{i}.py"\n```\n\n'
                                                        for i in range(3)))
    proc = site.build()
    assert proc.returncode == 0, proc.log
    parents = {code.get_text() for code in site.soup().select(".snippet-output code")}
    assert len(parents) == 1  # every snippet forked from the same single worker


def test_workers_default_to_the_cpus_this_process_may_use():
    """Not os.cpu_count(): a process pinned to one CPU (taskset, a container's cpuset) starts one worker."""
    import subprocess
    import sys

    code = "import os; os.sched_setaffinity(0, {min(os.sched_getaffinity(0))}); " \
           "from snippetexec.pool import Pool; print(Pool('/', '/').size)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.stdout.strip() == "1", proc.stderr


def test_cache_dir_is_where_results_persist_and_the_environment_variable_wins(tmp_path):
    site = PlainSite(tmp_path, options=":\n      cache_dir: build/results")
    proc = mkdocs_build(tmp_path, tmp_path / "site", fresh=False)
    assert proc.returncode == 0, proc.stderr
    assert list((tmp_path / "build" / "results").rglob("*.json"))
    assert not (tmp_path / ".cache" / "snippetexec").exists()
    (tmp_path / "snippets" / "lesson" / "hello.py").write_text("print('edited')\n")
    proc = mkdocs_build(tmp_path, tmp_path / "site", fresh=False, cache_dir=tmp_path / "from-env")
    assert proc.returncode == 0, proc.stderr
    assert list((tmp_path / "from-env").rglob("*.json"))
    assert site.soup().select_one(".snippet-output code").get_text() == "edited"


def test_notebook_pages_dir_is_where_notebook_pages_are_published(tmp_path):
    site = PlainSite(tmp_path, options=":\n      notebook_pages: [index.md]\n      notebook_pages_dir: as-notebooks")
    config = tmp_path / "mkdocs.yml"
    config.write_text(config.read_text() + "  - mkdocs-jupyter:\n      include: ['*.ipynb']\n      ignore: ['*.md']\n"
                                           "      execute: false\n      include_source: false\n      cache: false\n")
    proc = site.build()
    assert proc.returncode == 0, proc.log
    page = site.soup("as-notebooks/index")
    assert "hello from the snippet" in page.get_text()
    assert not (tmp_path / "site" / "notebooks").exists()


def readme_section(title: str) -> str:
    text = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end if end != -1 else None]


def test_every_option_is_documented_with_its_default_in_the_readme():
    from snippetexec.mkdocs_plugin import SnippetsConfig

    section = readme_section("Use the engine on your site")
    for name, option in SnippetsConfig._schema:
        row = [line for line in section.splitlines() if line.startswith(f"| `{name}` |")]
        assert len(row) == 1, f"README's 'Use the engine on your site' has no table row for option {name}"
        assert row[0].count("|") >= 4, row[0]  # | option | default | what it does |
    for extension in ("attr_list", "pymdownx.superfences", "pymdownx.snippets", "check_paths", "base_path"):
        assert extension in section
    assert "pytest-markdown-docs" in section and "pip install" in section


def test_an_include_typo_is_one_failing_test_with_the_builds_message(tmp_path):
    import subprocess
    import sys

    site = PlainSite(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.pytest.ini_options]\naddopts = "-p snippetexec.pytest_plugin"\n'
                                             'testpaths = ["docs"]\n')
    (tmp_path / "docs" / "typo.md").write_text('# Typo\n\n```python\n--8<-- "lesson/typo.py"\n```\n')
    message = "Snippet snippets/lesson/typo.py does not exist:\n    no file 'lesson/typo.py' in snippets/"
    build = site.build()
    assert build.returncode != 0 and message in build.log
    tests = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q"], cwd=tmp_path,
                           capture_output=True, text=True, timeout=300)
    assert "1 failed, 1 passed" in tests.stdout, tests.stdout[-3000:]
    assert "error" not in tests.stdout.splitlines()[-1]  # no collection error: the other page's test ran
    assert message in tests.stdout and "docs/typo.md:3" in tests.stdout


def course_validation() -> str:
    """The `validation:` block of the course's mkdocs.yml, as text."""
    import re

    text = (Path(__file__).resolve().parent.parent / "mkdocs.yml").read_text(encoding="utf-8")
    match = re.search(r"^validation:\n(?:[ #].*\n|\n)*", text, re.MULTILINE)
    assert match, "mkdocs.yml sets no validation: options"
    return match.group(0)


def test_a_page_left_out_of_nav_fails_the_strict_build_under_the_courses_validation(mini_site: MiniSite):
    mini_site.snippet("hello.py", "print('hi')\n")
    mini_site.page("index.md", "hello.py")
    config = mini_site.path / "mkdocs.yml"
    config.write_text(config.read_text() + course_validation() + "nav:\n  - index.md\n")
    proc = mini_site.build()
    assert proc.returncode == 0, proc.log  # both language folders and the notebooks pass as they are
    mini_site.page("forgotten.md", "hello.py")
    proc = mini_site.build()
    assert proc.returncode != 0
    assert "forgotten.md" in proc.log and "not included in the \"nav\"" in proc.log
