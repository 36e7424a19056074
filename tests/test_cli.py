"""The author's command line, `snippetexec`, as an author uses it: from any folder, with the names they type."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import MiniSite


def snippetexec(*args, cwd):
    return subprocess.run([sys.executable, "-m", "snippetexec.cli", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120)


@pytest.fixture
def project(mini_site) -> MiniSite:
    mini_site.snippet("lesson/first.py", "x = 6\nprint('first', x)\n")
    mini_site.snippet("lesson/second.py", "import matplotlib.pyplot as plt\nplt.plot([1, 2])\nprint('second')\n")
    mini_site.snippet("other/third.py", "print('third')\n")
    mini_site.page("index.md", "lesson/first.py")
    for lang in ("en", "de"):
        page = mini_site.path / "docs" / lang / "index.md"
        page.write_text(page.read_text() + "\nx is {{ lesson/first.py: x }}.\n")
    return mini_site


def test_run_accepts_the_names_an_author_types_from_any_folder(project):
    inside = project.path / "docs" / "de"
    # three ways to name one snippet, from a folder of the project: each must resolve, to the same snippet
    proc = snippetexec("run", "lesson/first.py", "snippets/lesson/first.py", "../../snippets/lesson/first.py",
                       cwd=inside)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("=== ") == 1 and proc.stdout.startswith("=== lesson/first.py (ok")
    assert "\nfirst 6\n" in proc.stdout
    assert "--- value {{ lesson/first.py: x }} = 6" in proc.stdout  # what the pages show of it
    folder = snippetexec("run", "lesson", cwd=project.path)
    assert "=== lesson/first.py" in folder.stdout and "=== lesson/second.py" in folder.stdout
    assert "third" not in folder.stdout
    assert "--- drew 1 picture(s): 1 matplotlib figure(s)" in folder.stdout
    glob = snippetexec("run", "*/t*.py", cwd=project.path)
    assert glob.stdout.startswith("=== other/third.py")


def test_a_typo_gets_the_closest_name_and_no_traceback(project):
    proc = snippetexec("run", "lesson/frist.py", cwd=project.path)
    assert proc.returncode == 2
    assert proc.stderr.strip() == ("snippetexec run: no snippet 'lesson/frist.py' in snippets/; "
                                   "did you mean lesson/first.py?")


def test_a_failure_is_explained_without_a_timing_line(project):
    project.snippet("lesson/broken.py", "print('before')\n1 / 0\n")
    proc = snippetexec("run", "lesson/broken.py", cwd=project.path)
    assert proc.returncode == 1
    assert "Snippet snippets/lesson/broken.py, line 2 raised an exception it does not declare" in proc.stderr
    assert "executed" not in proc.stderr


@pytest.mark.parametrize("command", ["run", "new", "clear-cache"])
def test_every_command_has_help(project, command):
    proc = snippetexec(command, "--help", cwd=project.path)
    assert proc.returncode == 0 and "usage: snippetexec" in proc.stdout


def test_new_scaffolds_a_lesson_the_build_accepts_and_the_translators_see(project):
    config = project.path / "mkdocs.yml"
    config.write_text(config.read_text() + "nav:\n  - index.md\n")
    proc = snippetexec("new", "hooks", cwd=project.path / "docs")
    assert proc.returncode == 0, proc.stderr
    assert (project.path / "snippets" / "hooks" / "first.py").is_file()
    assert "  - hooks.md" in config.read_text()
    german = (project.path / "docs" / "de" / "hooks.md").read_text()
    assert german.startswith('---\ntranslation_of: "untranslated"\n---\n')
    build = project.build()
    assert build.returncode == 0, build.log
    assert ">6.0</span>" in project.html("de/hooks")  # its executed value, from its first snippet
    again = snippetexec("new", "hooks", cwd=project.path)
    assert again.returncode == 2 and "already exists" in again.stderr
