"""What a snippet prints is shown exactly as printed: never re-read as Markdown, the same in every language
and in cold and warm builds (a fault case from the reliability review)."""

from __future__ import annotations

from bs4 import BeautifulSoup

from conftest import MiniSite

TRICKY = r'''print("tab\there")
print('--8<-- "secret.py"')
print("a bell\a, a vertical tab\v and a form feed\f")
print("*not emphasis* and <b>not bold</b> and [not a link](x.md) and $not math$")
print("    indented like a Markdown code block")
print("```")
'''


def test_printed_text_is_shown_as_printed_in_every_language_cold_and_warm(tmp_path):
    site = MiniSite(tmp_path, cache=True)
    site.snippet("tricky.py", TRICKY)
    site.snippet("secret.py", "print('must never be pasted into a page')\n# --- checks ---\nSECRET = 1\n")
    site.page("index.md", "tricky.py")
    expected = None
    for build in ("cold", "warm"):
        proc = site.build(fresh=False)
        assert proc.returncode == 0, proc.log
        blocks = []
        for url in ("", "de/"):
            html = site.html(url)
            assert "must never be pasted" not in html and "SECRET" not in html
            block = BeautifulSoup(html, "html.parser").select_one(".snippet-output pre code")
            blocks.append(str(block))
            assert block.get_text() == (
                'tab\there\n--8<-- "secret.py"\na bell\a, a vertical tab\v and a form feed\f\n'
                "*not emphasis* and <b>not bold</b> and [not a link](x.md) and $not math$\n"
                "    indented like a Markdown code block\n```"), (build, url)
        assert blocks[0] == blocks[1]  # byte-identical in both languages
        expected = expected or blocks
        assert blocks == expected  # and in the cold and the warm build


def test_a_venv_inside_the_project_prints_as_the_python_installation():
    import os
    import sys

    from snippetexec.execute import clean_paths

    inside = f"{sys.prefix}/lib/python3.11/site-packages/torch/autograd/__init__.py:200"
    project = os.path.dirname(sys.prefix)  # as when the venv is the project's .venv
    assert clean_paths(f"{inside} and {project}/snippets/a.py", project) == (
        "<site-packages>/torch/autograd/__init__.py:200 and snippets/a.py")
