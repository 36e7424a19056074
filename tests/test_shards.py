"""Beyond one machine: N shard processes fill their own caches, the caches merge, the build runs nothing.

And the Pages workflow that does it on GitHub Actions, checked as a file (Actions cannot run here).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import MKDOCS, ROOT, MiniSite, build_env, published_notebooks
from snippetexec import cache, cli
from snippetexec.execute import Result

SHARDS = 3


def snippetexec(*args, cwd, env):
    return subprocess.run([sys.executable, "-m", "snippetexec.cli", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)


@pytest.fixture
def project(tmp_path) -> MiniSite:
    """Seven snippets (torch, a figure, an executed value) on two pages in two languages; each snippet records
    every run of it, and the shard that ran it, in ran.txt (below its checks line, so pages do not show it)."""
    (tmp_path / "project").mkdir()
    site = MiniSite(tmp_path / "project", cache=True)
    record = (f"# --- checks ---\nimport os\nwith open({str(tmp_path / 'ran.txt')!r}, 'a') as f:\n"
              f"    f.write(__file__ + ' ' + os.environ.get('SHARD', 'build') + '\\n')\n")
    for i in range(6):
        site.snippet(f"lesson/s{i}.py", f"import torch\nx = torch.arange(4.0) * {i}\nprint(x)\n" + record)
    site.snippet("lesson/plot.py", "import matplotlib.pyplot as plt\nplt.plot([1, 3, 2])\nplt.show()\n"
                                   "print('plotted')\n" + record)
    site.page("index.md", "lesson/s0.py", "lesson/s1.py", "lesson/s2.py")
    site.page("more.md", "lesson/s3.py", "lesson/s4.py", "lesson/s5.py")
    for lang in ("en", "de"):
        page = site.path / "docs" / lang / "more.md"
        page.write_text(page.read_text() + '\nThe sum is {{ lesson/s5.py: x.sum().item() }}.\n\n'
                        '```python alt="A line"\n--8<-- "lesson/plot.py"\n```\n')
    return site


def runs(tmp_path) -> list[tuple[str, str]]:
    ran = tmp_path / "ran.txt"
    return sorted(tuple(line.split()) for line in ran.read_text().splitlines()) if ran.exists() else []


RECORDER = """\
import os
import sys


class RecordImports:
    \"\"\"Appends the name of every top-level module this process imports to $IMPORT_LOG.\"\"\"

    def find_spec(self, name, path=None, target=None):
        if "." not in name and os.environ.get("IMPORT_LOG"):
            with open(os.environ["IMPORT_LOG"], "a") as log:
                log.write(f"{os.getpid()} {name}\\n")
        return None


sys.meta_path.insert(0, RecordImports())
"""


def recording_imports(log: Path) -> dict:
    """Environment under which every Python process (the build, its workers, their snippets) logs its imports."""
    folder = log.parent / "recorder"
    folder.mkdir(exist_ok=True)
    (folder / "sitecustomize.py").write_text(RECORDER)
    return {"PYTHONPATH": str(folder), "IMPORT_LOG": str(log)}


def imports(log: Path) -> set[str]:
    return {line.split()[1] for line in log.read_text().splitlines()} if log.exists() else set()


def output_blocks(site_dir: Path) -> dict[str, list[str]]:
    """The engine's part of every page: output blocks, pictures and executed values, as HTML."""
    found = {}
    for path in sorted(site_dir.rglob("*.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        found[path.relative_to(site_dir).as_posix()] = [
            str(tag) for tag in soup.select(".snippet-output, .snippet-figure, .snippet-value")]
    return found


def test_shards_fill_caches_that_merge_into_a_build_that_runs_nothing(project, tmp_path):
    caches = [tmp_path / f"cache-{k}" for k in range(1, SHARDS + 1)]
    for k, folder in enumerate(caches, 1):
        proc = snippetexec("run", "--shard", f"{k}/{SHARDS}", cwd=project.path,
                           env=build_env(fresh=False, cache_dir=folder) | {"SHARD": str(k)})
        assert proc.returncode == 0, proc.stderr
        assert re.search(rf"^shard {k}/{SHARDS}: \d+ snippets: \d+ executed", proc.stderr, re.M), proc.stderr
    ran = runs(tmp_path)
    names = sorted(name for name, _ in ran)
    assert names == sorted(f"snippets/lesson/{n}.py" for n in ["plot", "s0", "s1", "s2", "s3", "s4", "s5"]), \
        "every snippet runs in exactly one shard"
    sizes = [sum(1 for _, shard in ran if shard == str(k)) for k in range(1, SHARDS + 1)]
    assert max(sizes) - min(sizes) <= 1, sizes

    merged = tmp_path / "merged"
    proc = snippetexec("merge-cache", *map(str, caches), cwd=project.path, env=build_env(fresh=False, cache_dir=merged))
    assert proc.returncode == 0, proc.stderr
    assert sum(int(n) for n in re.findall(r"(\d+) results added", proc.stdout)) == 7, proc.stdout

    # the build with the merged cache; every Python process it starts (workers, snippets) records its imports
    build = subprocess.run(MKDOCS + ["build", "--strict", "-d", str(tmp_path / "site-merged")], cwd=project.path,
                           env=build_env(fresh=False, cache_dir=merged) | recording_imports(tmp_path / "merged.log"),
                           capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stderr[-3000:]
    imported = imports(tmp_path / "merged.log")
    assert "mkdocs" in imported and "torch" not in imported and "matplotlib" not in imported
    assert "executed" not in build.stderr
    assert runs(tmp_path) == ran, "the build ran snippets the shards had run"

    single = subprocess.run(MKDOCS + ["build", "--strict", "-d", str(tmp_path / "site-single")], cwd=project.path,
                            env=build_env(fresh=False, cache_dir=tmp_path / "cache-single")
                            | recording_imports(tmp_path / "single.log"), capture_output=True, text=True, timeout=300)
    assert single.returncode == 0, single.stderr[-3000:]
    assert "7 snippets: 7 executed" in single.stderr
    assert {"mkdocs", "torch", "matplotlib"} <= imports(tmp_path / "single.log")  # the recorder sees workers
    sharded, alone = output_blocks(tmp_path / "site-merged"), output_blocks(tmp_path / "site-single")
    assert sharded == alone
    assert sum(map(len, alone.values())) == 2 * 9  # per language: 7 outputs, the figure, the value
    assert ">30.0</span>" in (tmp_path / "site-merged" / "de" / "more" / "index.html").read_text()


def test_shards_are_disjoint_balanced_and_the_same_everywhere():
    names = [f"lesson-{i % 7}/snippet_{i}.py" for i in range(100)]
    parts = [cli.shard(names, k, 6) for k in range(1, 7)]
    assert sorted(sum(parts, [])) == sorted(names)
    assert {len(part) for part in parts} == {16, 17}
    assert cli.shard(list(reversed(names)), 2, 6) == parts[1]  # the order names are found in does not matter


@pytest.mark.parametrize("bad", ["0/3", "4/3", "3", "a/b", "1/0"])
def test_a_shard_that_is_not_k_of_n_is_refused(mini_site, bad):
    mini_site.snippet("a.py", "print(1)\n")
    proc = snippetexec("list", "--shard", bad, cwd=mini_site.path, env=build_env())
    assert proc.returncode == 2 and "argument --shard" in proc.stderr and "Traceback" not in proc.stderr


def test_merging_skips_damaged_entries_and_keeps_what_is_there(tmp_path):
    cache.forget_memory()
    source, target = cache.Cache(tmp_path / "source"), cache.Cache(tmp_path / "target")
    good, other, broken = "a" * 64, "b" * 64, "c" * 64
    for key in (good, other, broken):
        source.put(key, Result("ok", f"{key[0]}\n"))
    source._path(broken).write_text(source._path(broken).read_text().replace('c\\n', 'd\\n'))
    target.put(other, Result("ok", "b\n"))
    count = target.merge(tmp_path / "source")
    assert (count.added, count.present, count.damaged) == (1, 1, [source._path(broken)])
    cache.forget_memory()
    assert target.get(good).output == "a\n" and target.get(broken) is None


WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"


def expressions(value) -> list[str]:
    """Every ${{ ... }} expression in a workflow value, at any depth."""
    text = json.dumps(value)
    return re.findall(r"\$\{\{(.*?)\}\}", text)


def test_the_pages_workflow_is_consistent():
    """The workflow cannot run here: check that its jobs, needs, outputs, steps, artifacts, cache keys and the
    CLI commands it calls refer to each other consistently."""
    workflow = yaml.safe_load(WORKFLOW.read_text())
    jobs = workflow["jobs"]
    for name, job in jobs.items():
        needs = job.get("needs", [])
        needs = [needs] if isinstance(needs, str) else needs
        assert set(needs) <= set(jobs), f"{name} needs an unknown job"
        step_ids = {step["id"] for step in job.get("steps", []) if "id" in step}
        for expression in expressions(job):
            for used, output in re.findall(r"needs\.([\w-]+)\.outputs\.([\w-]+)", expression):
                assert used in needs, f"{name} reads outputs of {used} without needing it"
                assert output in jobs[used].get("outputs", {}), f"{name} reads {used}.outputs.{output}, not declared"
            for step in re.findall(r"steps\.([\w-]+)\.", expression):
                assert step in step_ids, f"{name} reads step {step!r}, which it does not have"
        for output, value in job.get("outputs", {}).items():
            assert all(re.findall(r"steps\.([\w-]+)\.", e)[0] in step_ids for e in expressions(value)), output
    # the matrix of shards, their artifacts and the build's download and merge of them
    shard = jobs["shard"]
    assert "plan" in shard["needs"] and "fromJSON(needs.plan.outputs.shards)" in shard["strategy"]["matrix"]["shard"]
    assert set(jobs["build"]["needs"]) >= {"plan", "shard"}
    assert "!failure()" in jobs["build"]["if"] and "!cancelled()" in jobs["build"]["if"]
    uploads = [s for s in shard["steps"] if s.get("uses", "").startswith("actions/upload-artifact@")]
    downloads = [s for s in jobs["build"]["steps"] if s.get("uses", "").startswith("actions/download-artifact@")]
    assert len(uploads) == 1 and len(downloads) == 1
    artifact = uploads[0]["with"]["name"].split("$")[0]
    assert downloads[0]["with"]["pattern"] == artifact + "*"
    build_steps = "\n".join(step.get("run", "") for step in jobs["build"]["steps"])
    assert "snippetexec merge-cache" in build_steps and downloads[0]["with"]["path"] in build_steps
    # one cache key, hashed once on a clean checkout: the snippets, the engine, the requirements, mkdocs.yml,
    # the pages (the values they ask for); restored and saved under that key and one path (the cache's version)
    caching = [step["with"] for job in jobs.values() for step in job.get("steps", [])
               if step.get("uses", "").startswith("actions/cache")]
    assert {c["key"] for c in caching} == {"${{ needs.plan.outputs.cache-key }}"}
    assert {c["path"] for c in caching} == {".cache/snippetexec"} == {uploads[0]["with"]["path"]}
    assert {c.get("restore-keys") for c in caching} == {"snippet-results-", None}
    [key_step] = [step for step in jobs["plan"]["steps"] if step.get("id") == "key"]
    assert jobs["plan"]["steps"].index(key_step) == 1, "hash right after the checkout"
    assert "key=snippet-results-${{ hashFiles(" in key_step["run"]
    for hashed in ("snippets/**", "snippetexec/**", "requirements.txt", "mkdocs.yml", "docs/**"):
        assert f"'{hashed}'" in key_step["run"], hashed
    # every CLI command the workflow calls exists, with its options
    scripts = "\n".join(step.get("run", "") for job in jobs.values() for step in job.get("steps", []))
    calls = re.findall(r"snippetexec ([a-z-]+)((?: --?[a-z-]+)*)", scripts)
    assert {command for command, _ in calls} >= {"list", "run", "merge-cache", "prune"}
    # the cache saved for the next deploy holds only what this build used: pruned after the build, before saving
    steps = jobs["build"]["steps"]
    position = {what: next(i for i, step in enumerate(steps) if what in step.get("run", step.get("uses", "")))
                for what in ("make build", "snippetexec prune", "actions/cache/save")}
    assert position["make build"] < position["snippetexec prune"] < position["actions/cache/save"]
    for command, options in calls:
        proc = subprocess.run([sys.executable, "-m", "snippetexec.cli", command, "--help"], capture_output=True,
                              text=True, cwd=ROOT, timeout=60)
        assert proc.returncode == 0, f"snippetexec {command}: {proc.stderr}"
        for option in options.split():
            assert option in proc.stdout, f"snippetexec {command} has no option {option}"


def test_the_pages_workflow_publishes_every_notebook_to_the_branch_colab_opens():
    """The build job uploads every built notebook (site/**/*.ipynb, paths kept); the deploy job, after publishing
    the site, downloads them and force-pushes them to NOTEBOOKS_BRANCH with the GITHUB_TOKEN. Only that job may
    write to the repository; the Colab links use the same branch and paths (tests/test_site.py)."""
    published = published_notebooks()
    workflow, build, deploy = published["workflow"], published["build"], published["deploy"]
    assert published["glob"] == "site/**/*.ipynb"
    assert re.fullmatch(r"[\w.-]+", published["branch"]) and published["branch"] != "main"
    steps = build["steps"]
    [make] = [step for step in steps if step.get("run") == "make build"]
    [upload] = [step for step in steps if step.get("uses", "").startswith("actions/upload-artifact@")]
    assert steps.index(upload) > steps.index(make) and upload["with"].get("if-no-files-found") == "error"
    # the branch is written by the deploy job alone, after the site is published
    assert workflow["permissions"]["contents"] == "read"
    assert deploy["permissions"] == {"contents": "write", "pages": "write", "id-token": "write"}
    assert all("permissions" not in job for name, job in workflow["jobs"].items() if name != "deploy")
    names = [step.get("id") or step.get("uses", "").split("@")[0] or step.get("name") for step in deploy["steps"]]
    assert names.index("deployment") < names.index("actions/download-artifact")
    [push] = [step for step in deploy["steps"] if "git push" in step.get("run", "")]
    assert names.index("actions/download-artifact") < deploy["steps"].index(push)
    script = push["run"]
    assert push.get("working-directory") == published["folder"], "it pushes the downloaded folder"
    assert push["env"]["GITHUB_TOKEN"] == "${{ secrets.GITHUB_TOKEN }}"
    assert re.search(r"git push --force \S+ HEAD:refs/heads/\$NOTEBOOKS_BRANCH\b", script), script
    assert "git add --all" in script and "git init" in script
