"""A page is converted while its snippets still run (a cold build, an edited snippet): MkDocs goes on with the
other pages instead of waiting, and the output is filled in before anything reads the page's HTML.

A hook of the throwaway site records what each page's HTML held right after conversion (on_page_content),
so the tests know the page really was converted before its snippet finished.
"""

from __future__ import annotations

import json

from conftest import MiniSite

SLOW = """\
import time
time.sleep(3)
print("slept well")
"""

SLOW_FIGURE = """\
import time
import matplotlib.pyplot as plt
time.sleep(3)
plt.plot([1, 2, 3])
plt.show()
"""

RECORDER = """\
import json
from pathlib import Path

from mkdocs.plugins import event_priority


@event_priority(-100)
def on_page_content(html, page, config, files):
    with open(Path(config.config_file_path).parent / "converted.jsonl", "a") as log:
        log.write(json.dumps({"page": page.file.src_uri, "pending": "snippet-output pending" in html}) + "\\n")
    return html
"""


def recording(site: MiniSite) -> MiniSite:
    """The site with the recorder hook, and Material's search (whose index must hold the outputs)."""
    (site.path / "recorder.py").write_text(RECORDER)
    config = site.path / "mkdocs.yml"
    text = config.read_text().replace("plugins:\n", "plugins:\n  - search\n", 1)
    config.write_text(text + "hooks:\n  - recorder.py\n")
    return site


def converted(site: MiniSite) -> dict:
    lines = (site.path / "converted.jsonl").read_text().splitlines()
    return {entry["page"]: entry["pending"] for entry in map(json.loads, lines)}


def test_a_page_converted_while_its_snippet_runs_shows_and_indexes_its_output(mini_site: MiniSite):
    recording(mini_site)
    mini_site.snippet("slow.py", SLOW)
    mini_site.page("index.md", "slow.py")
    proc = mini_site.build()
    assert proc.returncode == 0, proc.log
    assert converted(mini_site)["en/index.md"], "the page waited for its snippet before it was converted"
    for url in ("", "de"):
        html = mini_site.html(url)
        assert "slept well" in html and "snippet-output pending" not in html
    index = (mini_site.path / "site" / "search" / "search_index.json").read_text()
    assert "slept well" in index, "the search index was made from the page before its output was filled in"
    notebook = (mini_site.path / "site" / "index.en.ipynb").read_text()
    assert "slept well" in notebook


def test_a_missing_alt_text_is_caught_when_the_output_is_filled_in(mini_site: MiniSite):
    recording(mini_site)
    mini_site.snippet("plot.py", SLOW_FIGURE)
    (mini_site.path / "docs" / "en" / "index.md").write_text('# en\n\n```python alt="A line"\n--8<-- "plot.py"\n```\n')
    (mini_site.path / "docs" / "de" / "index.md").write_text('# de\n\n```python\n--8<-- "plot.py"\n```\n')
    proc = mini_site.build()
    assert converted(mini_site)["en/index.md"], "the page waited for its snippet before it was converted"
    assert proc.returncode != 0
    assert "docs/de/index.md:3: plot.py draws 1 picture(s)" in proc.log
    assert "Traceback" not in proc.log
