"""Fault cases on throwaway sites: each fails loudly with a message for people, or renders safely."""

from __future__ import annotations

import re
import subprocess
import sys

from bs4 import BeautifulSoup

from conftest import MiniSite
from snippetexec.execute import Job
from snippetexec.pool import Pool


def no_machine_paths(log: str, site: MiniSite) -> None:
    assert str(site.path) not in log.replace(f"{site.path}/site", "")  # only the build's own site-dir line
    assert "site-packages" not in log
    assert "snippetexec/" not in log  # no traceback from inside the engine or plugin


def test_undeclared_exception_names_file_line_exception_and_pages(mini_site):
    mini_site.snippet("bad.py", """\
        import torch
        print("before")
        x = torch.ones(3) @ torch.ones(4)
        """)
    mini_site.page("index.md", "bad.py")
    proc = mini_site.build()
    assert proc.returncode != 0
    assert "Snippet snippets/bad.py, line 3 raised an exception it does not declare" in proc.log
    assert "RuntimeError:" in proc.log
    assert "docs/en/index.md:3 (en)" in proc.log and "docs/de/index.md:3 (de)" in proc.log
    assert "before" in proc.log
    assert "# snippet: raises=RuntimeError" in proc.log  # tells how to declare it
    no_machine_paths(proc.log, mini_site)


def test_declared_exception_that_does_not_happen(mini_site):
    mini_site.snippet("calm.py", """\
        # snippet: raises=RuntimeError
        print(1 + 1)
        """)
    mini_site.page("index.md", "calm.py")
    proc = mini_site.build()
    assert proc.returncode != 0
    assert "Snippet snippets/calm.py declares an exception that did not happen" in proc.log
    assert "expected RuntimeError" in proc.log
    assert "docs/de/index.md:3 (de)" in proc.log


def test_hanging_snippet_times_out(mini_site):
    mini_site.snippet("hang.py", """\
        # snippet: timeout=2
        import time
        print("started", flush=True)
        while True:
            time.sleep(0.1)
        """)
    mini_site.page("index.md", "hang.py")
    proc = mini_site.build()
    assert proc.returncode != 0
    assert "Snippet snippets/hang.py timed out" in proc.log
    assert "still running after 2 s" in proc.log
    assert "docs/en/index.md:3 (en)" in proc.log


def test_site_wide_timeout(tmp_path):
    site = MiniSite(tmp_path, timeout=1)
    site.snippet("slow.py", "import time\ntime.sleep(30)\n")
    site.page("index.md", "slow.py")
    proc = site.build()
    assert proc.returncode != 0 and "still running after 1 s" in proc.log


def test_missing_reference_names_page_and_reference(mini_site):
    mini_site.snippet("real.py", "print('hi')\n")
    mini_site.page("index.md", "real.py")
    (mini_site.path / "docs" / "de" / "index.md").write_text('# de\n\n```python\n--8<-- "typo.py"\n```\n')
    proc = mini_site.build()
    assert proc.returncode != 0
    assert "Snippet snippets/typo.py does not exist" in proc.log
    assert "docs/de/index.md:3 (de)" in proc.log


def test_printed_html_is_escaped(mini_site):
    mini_site.snippet("html.py", 'print("<script>alert(1)</script> & <b>bold</b>")\n')
    mini_site.page("index.md", "html.py")
    proc = mini_site.build()
    assert proc.returncode == 0, proc.log
    for url in ("", "de/"):
        html = mini_site.html(url)
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html
        block = BeautifulSoup(html, "html.parser").select_one(".snippet-output pre code")
        assert block.get_text() == "<script>alert(1)</script> & <b>bold</b>"


CHANGES_STATE = """\
import random, warnings
import numpy as np
import torch
torch.set_default_dtype(torch.float64)
torch.set_grad_enabled(False)
torch.set_printoptions(precision=10)
warnings.simplefilter("error")
torch.rand(100); np.random.rand(100); random.random()
LEAKED = True
print("changed global state")
"""

NOTICES_STATE = """\
import random, warnings
import numpy as np
import torch
print(torch.tensor(1.0).dtype, torch.is_grad_enabled(), torch.tensor(1 / 3))
warnings.warn("still just a warning")
print(torch.rand(1), np.random.rand(), random.random())
# --- checks ---
assert "LEAKED" not in globals()
assert torch.get_default_dtype() == torch.float32 and torch.is_grad_enabled()
torch.manual_seed(0); np.random.seed(0); random.seed(0)
first = (torch.rand(1), np.random.rand(), random.random())
"""


def test_global_state_does_not_leak_between_snippets(tmp_path):
    (tmp_path / "snippets").mkdir()
    pool = Pool(str(tmp_path), str(tmp_path / "snippets"), size=1)  # one worker: same process, in order
    try:
        first, second = pool.run([Job(CHANGES_STATE, "snippets/a.py"), Job(NOTICES_STATE, "snippets/b.py")])
        again = pool.run([Job(NOTICES_STATE, "snippets/b.py")])[0]
    finally:
        pool.close()
    assert first.status == "ok", first
    assert second.status == "ok", second.traceback
    lines = second.output.splitlines()
    assert lines[0] == "torch.float32 True tensor(0.3333)"
    assert lines[1] == "snippets/b.py:5: UserWarning: still just a warning"
    assert lines[2] == '  warnings.warn("still just a warning")'
    assert lines[3].startswith("tensor([0.4963]) 0.548813")  # the seed-0 draws, not continuations
    assert again.output == second.output


def test_state_changing_snippet_then_noticing_one_in_a_build(mini_site):
    mini_site.snippet("a.py", CHANGES_STATE)
    mini_site.snippet("b.py", NOTICES_STATE)
    mini_site.page("index.md", "a.py", "b.py")
    proc = mini_site.build()
    assert proc.returncode == 0, proc.log
    outputs = BeautifulSoup(mini_site.html("de/"), "html.parser").select(".snippet-output code")
    assert outputs[1].get_text().startswith("torch.float32 True tensor(0.3333)")


def test_warnings_and_expected_errors_render_with_repo_paths(mini_site):
    mini_site.snippet("leaf/warn.py", """\
        # snippet: raises=RuntimeError
        import torch
        a = torch.ones(2, requires_grad=True)
        c = a * 2
        print(c.grad)
        print("shapes:", torch.ones(3).shape, torch.ones(3, 2).shape)
        torch.tensor([1, 2, 3]) + torch.tensor([[1, 2], [3, 4], [5, 6]])
        """)
    mini_site.page("index.md", "leaf/warn.py")
    proc = mini_site.build()
    assert proc.returncode == 0, proc.log
    soup = BeautifulSoup(mini_site.html("de/"), "html.parser")
    block = soup.select_one(".snippet-output")
    assert block["class"] == ["snippet-output", "snippet-error"]
    assert block["data-snippet"] == "leaf/warn.py"
    assert block.select_one(".snippet-label").get_text() == "Ausgabe (endet mit einem Fehler)"
    text = block.select_one("code").get_text()
    assert re.match(r"snippets/leaf/warn\.py:5: UserWarning: The \.grad attribute of a Tensor that is not a leaf",
                    text), text
    assert "\n  print(c.grad)\nNone\n" in text
    assert text.endswith("RuntimeError: The size of tensor a (3) must match the size of tensor b (2) "
                         "at non-singleton dimension 1")
    assert str(mini_site.path) not in text and "site-packages" not in text
    source = soup.select_one(".snippet-source")
    assert source["data-snippet"] == "leaf/warn.py"
    assert "# snippet:" not in source.get_text()


def test_builds_are_byte_identical_and_follow_snippet_edits(tmp_path):
    site = MiniSite(tmp_path, cache=True)
    site.snippet("seeded.py", "import torch\nprint(torch.randn(3))\nprint(torch.randn(2, 2) @ torch.randn(2))\n")
    site.page("index.md", "seeded.py")

    def outputs():
        blocks = [str(b) for url in ("", "de/")
                  for b in BeautifulSoup(site.html(url), "html.parser").select(".snippet-output")]
        notebooks = [(site.path / "site" / path).read_text() for path in ("index.en.ipynb", "de/index.de.ipynb")]
        return blocks + notebooks

    assert site.build(fresh=True).returncode == 0
    first = outputs()
    assert site.build(fresh=True).returncode == 0
    assert outputs() == first
    warm = site.build(fresh=False)
    assert warm.returncode == 0 and outputs() == first
    site.snippet("seeded.py", "print('edited')\n")
    edited = site.build(fresh=False)
    assert edited.returncode == 0, edited.log
    assert "1 snippets: 1 executed" in edited.log
    assert [BeautifulSoup(o, "html.parser").get_text() for o in outputs()[:2]] == ["Outputedited", "Ausgabeedited"]
    assert all('"edited\\n"' in notebook for notebook in outputs()[2:])


def test_cli_runs_without_mkdocs_and_fails_loudly(mini_site):
    mini_site.snippet("ok.py", "print('fine')\n")
    mini_site.snippet("boom.py", "print('x')\n1 / 0\n")
    mini_site.page("index.md", "ok.py", "boom.py")
    proc = subprocess.run([sys.executable, "-m", "snippetexec.cli", "run", "--fresh"], cwd=mini_site.path,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert "=== ok.py (ok)\nfine\n" in proc.stdout
    assert "Snippet snippets/boom.py, line 2 raised an exception it does not declare" in proc.stderr
    assert "ZeroDivisionError: division by zero" in proc.stderr
    assert "docs/en/index.md:7" in proc.stderr


def test_what_hidden_checks_print_stays_hidden(tmp_path):
    from snippetexec.run import Engine

    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "c.py").write_text(
        "import torch\nc = torch.ones(2, requires_grad=True) * 2\nprint('shown')\n"
        "# --- checks ---\nprint('hidden')\nassert c.grad is None  # warns: not a leaf\n")
    (tmp_path / "snippets" / "fails.py").write_text("print('shown')\n# --- checks ---\nassert 1 == 2, 'wrong'\n")
    report = Engine(tmp_path, tmp_path / "snippets").run(["c.py", "fails.py"], fresh=True)
    assert report.outcomes["c.py"].result.output == "shown\n"
    failed = report.outcomes["fails.py"].result
    assert failed.status == "check-failed" and failed.lineno == 3
    assert failed.exception == "hidden check failed at snippets/fails.py:3: `assert 1 == 2, 'wrong'`: wrong"


def test_workers_preload_what_any_job_uses():
    from snippetexec.worker import preloads_for

    codes = (c for c in ["import torch", "opt = torch.optim.SGD([], lr=0.1)", "import matplotlib.pyplot"])
    assert preloads_for(codes) == ["matplotlib.pyplot", "torch._dynamo", "torch.optim"]
    assert preloads_for(["print(1)"]) == []
