"""The execution cache: content-addressed, atomic, and never trusted when damaged."""

from __future__ import annotations

import subprocess
import sys

from conftest import MKDOCS, MiniSite, build_env
from snippetexec import cache
from snippetexec.run import Engine


def make_engine(tmp_path) -> Engine:
    cache.forget_memory()  # results live in memory for the whole process: start from disk only
    (tmp_path / "snippets").mkdir(exist_ok=True)
    (tmp_path / "snippets" / "a.py").write_text("import torch\nprint(torch.ones(2) * 3)\n")
    return Engine(tmp_path, tmp_path / "snippets", cache_dir=tmp_path / ".cache")


def entries(tmp_path):
    return sorted((tmp_path / ".cache").rglob("*.json"))


def test_second_run_comes_from_disk_and_edits_rerun(tmp_path):
    engine = make_engine(tmp_path)
    assert engine.run(["a.py"]).executed == 1
    cache.forget_memory()
    again = engine.run(["a.py"])
    assert again.executed == 0 and again.outcomes["a.py"].cached
    (tmp_path / "snippets" / "a.py").write_text("print('edited')\n")
    assert engine.run(["a.py"]).outcomes["a.py"].result.output == "edited\n"


def test_truncated_or_corrupted_entries_are_run_again(tmp_path):
    engine = make_engine(tmp_path)
    expected = engine.run(["a.py"]).outcomes["a.py"].result.output
    [entry] = entries(tmp_path)
    text = entry.read_text()
    for damaged in (text[: len(text) // 2], text.replace("3.", "4."), "", "{}"):
        entry.write_text(damaged)
        cache.forget_memory()
        report = engine.run(["a.py"])
        assert report.executed == 1, damaged[:40]
        assert report.outcomes["a.py"].result.output == expected
    assert entries(tmp_path) == [entry]  # rewritten whole


def test_an_interrupted_write_leaves_nothing_trusted(tmp_path):
    engine = make_engine(tmp_path)
    engine.run(["a.py"])
    [entry] = entries(tmp_path)
    partial = entry.parent / ".tmp-killed"  # what a build killed mid-write leaves behind
    partial.write_text(entry.read_text()[:10])
    entry.unlink()
    cache.forget_memory()
    assert engine.run(["a.py"]).executed == 1


def test_failures_are_never_cached(tmp_path):
    engine = make_engine(tmp_path)
    (tmp_path / "snippets" / "bad.py").write_text("1 / 0\n")
    engine.run(["bad.py"])
    cache.forget_memory()
    assert engine.run(["bad.py"]).executed == 1


def test_a_warm_build_does_not_import_torch(tmp_path):
    site = MiniSite(tmp_path, cache=True)
    site.snippet("t.py", "import torch\nprint(torch.arange(3))\n")
    site.page("index.md", "t.py")
    assert site.build(fresh=False).returncode == 0
    warm = subprocess.run([sys.executable, "-X", "importtime"] + MKDOCS[1:] + ["build", "--strict"],
                          cwd=tmp_path, env=build_env(fresh=False), capture_output=True, text=True)
    assert warm.returncode == 0, warm.stderr[-2000:]
    imported = {line.rsplit("|", 1)[-1].strip() for line in warm.stderr.splitlines() if line.startswith("import time:")}
    assert "mkdocs" in imported and "torch" not in imported
    assert "0 executed" not in warm.stderr  # nothing ran, so nothing was even reported as executed
    assert "tensor([0, 1, 2])" in site.html("de/")


def test_a_lesson_module_is_imported_from_the_lesson_folder_and_only_its_importers_rerun(tmp_path):
    """`from mod import VALUE` in snippets/my-lesson/user.py reads snippets/my-lesson/mod.py (the snippet's own
    folder comes first, before a mod.py of the snippets folder); editing it changes only its importers' keys."""
    engine = make_engine(tmp_path)
    lesson = tmp_path / "snippets" / "my-lesson"
    lesson.mkdir()
    (lesson / "mod.py").write_text("VALUE = 1\n")
    (lesson / "user.py").write_text("from mod import VALUE\nprint(VALUE)\n")
    (lesson / "other.py").write_text("print('other')\n")
    (tmp_path / "snippets" / "mod.py").write_text("VALUE = 'the snippets folder'\n")

    def keys():
        return {name: cache.cache_key(engine.load(name), engine.snippets_dir, engine.timeout)
                for name in ("my-lesson/user.py", "my-lesson/other.py", "a.py")}

    assert engine.load("my-lesson/user.py").imports == ("my-lesson/mod",)
    report = engine.run(["my-lesson/user.py", "my-lesson/other.py", "a.py"])
    assert report.outcomes["my-lesson/user.py"].result.output == "1\n", report.outcomes["my-lesson/user.py"].result
    before = keys()
    (tmp_path / "snippets" / "mod.py").write_text("VALUE = 'edited, and not the one user.py imports'\n")
    assert keys() == before
    (lesson / "mod.py").write_text("VALUE = 2\n")
    after = keys()
    assert after["my-lesson/user.py"] != before["my-lesson/user.py"]
    assert after["my-lesson/other.py"] == before["my-lesson/other.py"] and after["a.py"] == before["a.py"]
    cache.forget_memory()  # a new build: only the disk cache is left
    again = engine.run(["my-lesson/user.py", "my-lesson/other.py", "a.py"])
    assert again.executed == 1 and again.outcomes["my-lesson/user.py"].result.output == "2\n"


def test_what_a_lesson_module_imports_from_its_folder_is_in_its_importers_keys(tmp_path):
    engine = make_engine(tmp_path)
    lesson = tmp_path / "snippets" / "my-lesson"
    lesson.mkdir()
    (lesson / "base.py").write_text("VALUE = 1\n")
    (lesson / "mod.py").write_text("from base import VALUE\n")
    (lesson / "user.py").write_text("from mod import VALUE\nprint(VALUE)\n")
    key = lambda: cache.cache_key(engine.load("my-lesson/user.py"), engine.snippets_dir, engine.timeout)  # noqa: E731
    before = key()
    (lesson / "base.py").write_text("VALUE = 2\n")
    assert key() != before
    assert engine.run(["my-lesson/user.py"]).outcomes["my-lesson/user.py"].result.output == "2\n"
