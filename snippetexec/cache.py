"""Results cached by content: a snippet runs again only when what it depends on changes.

The key covers the snippet's code and declarations, the code of the local modules
it imports from the snippets folder, the engine's version, Python's version and
torch's version. Results live in memory for the life of the process (so the four
language builds of mkdocs-static-i18n, and the rebuilds of `mkdocs serve`, share
them) and, unless disabled, on disk. Disk entries are written atomically and carry
a checksum: a truncated or corrupted entry is ignored and the snippet re-runs.
Only successful results are stored.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import tempfile
from importlib import metadata
from pathlib import Path

from snippetexec import __version__
from snippetexec.execute import Result
from snippetexec.snippet import Snippet


def package_version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "absent"


ENVIRONMENT = (f"snippetexec {__version__}; python {platform.python_version()}; torch {package_version('torch')};"
               f" matplotlib {package_version('matplotlib')}")


def cache_key(snippet: Snippet, snippets_dir: Path, timeout: float, values=()) -> str:
    """`values`: the (expression, format) pairs pages ask of the snippet (they are computed by its run)."""
    digest = hashlib.sha256()
    for part in (ENVIRONMENT, snippet.filename, snippet.code, repr(snippet.raises), repr(float(timeout)),
                 repr(sorted(values))):
        digest.update(part.encode())
        digest.update(b"\0")
    for module in snippet.imports:
        digest.update((Path(snippets_dir) / f"{module}.py").read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


_memory: dict[str, Result] = {}


class Cache:
    """Memory in front of an optional folder on disk."""

    def __init__(self, folder: Path | None):
        self.folder = Path(folder) if folder else None

    def _path(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> Result | None:
        if key in _memory:
            return _memory[key]
        if self.folder is None:
            return None
        try:
            entry = json.loads(self._path(key).read_text(encoding="utf-8"))
            body = json.dumps(entry["result"], sort_keys=True)
            if entry["key"] != key or entry["sha256"] != hashlib.sha256(body.encode()).hexdigest():
                return None
            result = Result.from_dict(entry["result"])
        except (OSError, ValueError, KeyError, TypeError):
            return None  # missing, truncated or corrupted: run again
        _memory[key] = result
        return result

    def put(self, key: str, result: Result) -> None:
        if not result.good:
            return
        _memory[key] = result
        if self.folder is None:
            return
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        body = json.loads(result.to_json())
        text = json.dumps(
            {"key": key, "sha256": hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest(),
             "result": body},
            sort_keys=True,
        )
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def clear(self) -> None:
        _memory.clear()
        if self.folder and self.folder.exists():
            import shutil

            shutil.rmtree(self.folder)


def forget_memory() -> None:
    """Drop in-memory results (tests use this to force fresh runs)."""
    _memory.clear()
