"""The author's command line, `snippetexec`, as an author uses it: from any folder, with the names they type."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import MiniSite, build_env


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


@pytest.mark.parametrize("command", ["run", "list", "merge-cache", "new", "clear-cache"])
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


def counting(code: str, counter) -> str:
    """A snippet that records each of its runs in `counter` (below its checks line: not shown on the page)."""
    return code + f"# --- checks ---\nwith open({str(counter)!r}, 'a') as f:\n    f.write(__file__ + '\\n')\n"


def runs(counter) -> list[str]:
    return sorted(counter.read_text().split()) if counter.exists() else []


def test_run_uses_the_sites_preload_so_the_build_then_executes_nothing(tmp_path):
    site = MiniSite(tmp_path, cache=True)
    config = site.path / "mkdocs.yml"
    config.write_text(config.read_text().replace("      cache: true\n", "      cache: true\n      preload: []\n"))
    counter = tmp_path / "ran.txt"
    site.snippet("plain.py", counting("print(sum(range(4)))\n", counter))
    site.page("index.md", "plain.py")
    cli = subprocess.run([sys.executable, "-m", "snippetexec.cli", "run"], cwd=tmp_path, env=build_env(fresh=False),
                         capture_output=True, text=True, timeout=120)
    assert cli.returncode == 0, cli.stderr
    assert runs(counter) == ["snippets/plain.py"]
    build = site.build(fresh=False)
    assert build.returncode == 0, build.log
    assert runs(counter) == ["snippets/plain.py"], "the build ran the snippet again: its key differs from the CLI's"
    assert "executed" not in build.log
    assert "6" in project_output(site)


def project_output(site) -> str:
    from bs4 import BeautifulSoup

    return BeautifulSoup(site.html(""), "html.parser").select_one(".snippet-output").get_text()


def test_run_reads_every_option_of_mkdocs_yml_that_changes_a_result(tmp_path):
    """snippets_dir, cache_dir, timeout, max_output, memory_limit, preload, workers, and the executed values
    the pages ask for: the CLI's results are the build's, so the build runs nothing."""
    site = MiniSite(tmp_path, cache=True)
    config = site.path / "mkdocs.yml"
    config.write_text(config.read_text()
                      .replace("$config_dir/snippets", "$config_dir/code")
                      .replace("      cache: true\n", "      cache: true\n      snippets_dir: code\n"
                               "      cache_dir: .results\n      max_output: 500 kB\n      memory_limit: 3 GiB\n"
                               "      preload: [numpy]\n      workers: 1\n"))
    counter = tmp_path / "ran.txt"
    site.snippet("lesson/a.py", counting("x = 6\nprint('a', x)\n", counter))
    site.snippet("lesson/b.py", counting("print('b')\n", counter))
    site.page("index.md", "lesson/a.py", "lesson/b.py")
    for lang in ("en", "de"):
        page = site.path / "docs" / lang / "index.md"
        page.write_text(page.read_text() + "\nx times 7 is {{ lesson/a.py: x * 7 }}.\n")
    (tmp_path / "snippets").rename(tmp_path / "code")
    cli = subprocess.run([sys.executable, "-m", "snippetexec.cli", "run"], cwd=tmp_path / "docs",
                         env=build_env(fresh=False), capture_output=True, text=True, timeout=120)
    assert cli.returncode == 0, cli.stderr
    assert "--- value {{ lesson/a.py: x * 7 }} = 42" in cli.stdout
    assert runs(counter) == ["code/lesson/a.py", "code/lesson/b.py"]
    assert len(list((tmp_path / ".results").rglob("*.json"))) == 2
    build = site.build(fresh=False)
    assert build.returncode == 0, build.log
    assert runs(counter) == ["code/lesson/a.py", "code/lesson/b.py"], "the build ran snippets the CLI had run"
    assert "executed" not in build.log
    assert ">42</span>" in site.html("de/")
    cleared = subprocess.run([sys.executable, "-m", "snippetexec.cli", "clear-cache"], cwd=tmp_path,
                             env=build_env(fresh=False), capture_output=True, text=True, timeout=120)
    assert cleared.returncode == 0 and not (tmp_path / ".results").exists()


def test_output_cut_short_by_a_pipe_is_not_an_error(project):
    """`snippetexec list | head -1`: the reader stopped reading; no BrokenPipeError traceback, no error."""
    proc = subprocess.Popen([sys.executable, "-m", "snippetexec.cli", "list"], cwd=project.path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    proc.stdout.close()  # the reader is gone before the command writes its first line
    stderr = proc.stderr.read()
    assert proc.wait(timeout=120) == 0 and "Traceback" not in stderr, stderr


def test_prune_deletes_what_the_last_build_did_not_use_and_keeps_the_next_build_warm(tmp_path):
    site = MiniSite(tmp_path, cache=True)
    runs = tmp_path / "runs.txt"
    counting = f"open({str(runs)!r}, 'a').write('ran\\n')\n"
    site.snippet("lesson/first.py", "print('one')\n" + counting)
    site.page("index.md", "lesson/first.py")
    cache = tmp_path / ".cache" / "snippetexec"
    env = build_env(fresh=False)

    def files():
        return {kind: sorted(p.name for p in cache.glob(pattern))
                for kind, pattern in (("results", "??/*.json"), ("notebooks", "notebooks/??/*.ipynb"))}

    refused = subprocess.run([sys.executable, "-m", "snippetexec.cli", "prune"], cwd=tmp_path, env=env,
                             capture_output=True, text=True, timeout=120)
    assert refused.returncode == 2 and "build the site first" in refused.stderr
    assert site.build(fresh=False).returncode == 0
    first = files()
    assert len(first["results"]) == 1 and len(first["notebooks"]) == 2  # en and de
    # an author edits the snippet, then a page's prose: new entries, the old ones stay
    site.snippet("lesson/first.py", "print('two')\n" + counting)
    page = tmp_path / "docs" / "de" / "index.md"
    page.write_text(page.read_text() + "\nMehr Text.\n")
    assert site.build(fresh=False).returncode == 0
    second = files()
    assert len(second["results"]) == 2 and len(second["notebooks"]) == 4
    proc = subprocess.run([sys.executable, "-m", "snippetexec.cli", "prune"], cwd=tmp_path / "docs", env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("removed 1 results and 2 notebooks (")
    kept = files()
    assert len(kept["results"]) == 1 and kept["results"][0] not in first["results"]
    assert len(kept["notebooks"]) == 2 and not set(kept["notebooks"]) & set(first["notebooks"])
    # what is left is exactly what the site needs: the next build runs nothing and makes no notebook
    assert runs.read_text().count("ran") == 2
    assert site.build(fresh=False).returncode == 0
    assert runs.read_text().count("ran") == 2
    assert files() == kept
