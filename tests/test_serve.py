"""`mkdocs serve` watches snippets/: saving a snippet rebuilds its pages in every language."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request

from conftest import MKDOCS, build_env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode()
    except OSError:
        return ""


def wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


def test_serve_rebuilds_every_language_when_a_snippet_is_saved(mini_site):
    mini_site.snippet("live.py", "word = 'first'\nprint(word, 'version')\n")
    mini_site.page("index.md", "live.py")
    for lang in ("en", "de"):  # and a sentence that states an executed value
        page = mini_site.path / "docs" / lang / "index.md"
        page.write_text(page.read_text() + "\nThe word is {{ live.py: word.upper() }}.\n")
    port = free_port()
    server = subprocess.Popen(MKDOCS + ["serve", "-a", f"127.0.0.1:{port}"],
                              cwd=mini_site.path, env=build_env(), stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    try:
        base = f"http://127.0.0.1:{port}/"
        assert wait_for(lambda: "first version" in fetch(base + "de/"), 60), "the site was not served"
        assert ">FIRST</span>" in fetch(base + "de/")
        (mini_site.path / "snippets" / "live.py").write_text("word = 'second'\nprint(word, 'version')\n")
        assert wait_for(lambda: all("second version" in fetch(base + p) for p in ("", "de/")), 60)
        assert all(">SECOND</span>" in fetch(base + p) for p in ("", "de/"))
    finally:
        server.terminate()
        server.wait(timeout=10)
