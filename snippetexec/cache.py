"""Results cached by content: a snippet runs again only when what it depends on changes.

The key covers the snippet's code and declarations, every helper file of the
snippets folder (names starting with "_"), the code of the other local modules it
imports from its own lesson folder or the snippets folder (and what they import), the engine's limits, the engine's version,
Python's version and torch's version. Results live in memory for the life of the process (so the four
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
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from snippetexec import __version__
from snippetexec.execute import Result
from snippetexec.snippet import Snippet, local_imports


def package_version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "absent"


ENVIRONMENT = (f"snippetexec {__version__}; python {platform.python_version()}; torch {package_version('torch')};"
               f" matplotlib {package_version('matplotlib')}")


def cache_key(snippet: Snippet, snippets_dir: Path, timeout: float, values=(), limits: tuple = (),
              helpers: str | None = None) -> str:
    """`values`: the (expression, format) pairs pages ask of the snippet (they are computed by its run);
    `limits`: what else a result depends on (the engine's output and memory limits);
    `helpers`: helpers_digest(snippets_dir), when the caller computed it once for many snippets."""
    digest = hashlib.sha256()
    for part in (ENVIRONMENT, snippet.filename, snippet.code, repr(snippet.raises), repr(float(timeout)),
                 repr(sorted(values)), repr(tuple(limits)),
                 helpers if helpers is not None else helpers_digest(snippets_dir)):
        digest.update(part.encode())
        digest.update(b"\0")
    for path in local_module_files(snippet, Path(snippets_dir)):
        digest.update(path.relative_to(snippets_dir).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def is_helper(relative: Path) -> bool:
    """Helper modules and their data: any file below a name starting with "_" (not __pycache__)."""
    return any(part.startswith("_") for part in relative.parts) and "__pycache__" not in relative.parts


def helpers_digest(snippets_dir: Path) -> str:
    """One digest of every helper file of the snippets folder (`_helper.py`, `_pkg/...`, at any depth).

    Every snippet's key includes it: however a snippet reaches a helper (`import os, _helper`,
    helper-to-helper imports, `importlib.import_module("_helper")`, a package), editing the helper
    runs it again. Editing a helper therefore re-runs every snippet: correct first.
    """
    digest = hashlib.sha256()
    folder = Path(snippets_dir)
    for directory, subdirectories, files in os.walk(folder):
        subdirectories[:] = sorted(d for d in subdirectories if d != "__pycache__")
        for name in sorted(files):
            path = Path(directory) / name
            relative = path.relative_to(folder)
            if is_helper(relative) and path.is_file():
                digest.update(relative.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def local_module_files(snippet: Snippet, snippets_dir: Path) -> list[Path]:
    """Files of the other (not helper) modules of the snippets folder the snippet imports, and what they
    import in turn."""
    found: dict[Path, None] = {}
    todo = list(snippet.imports)
    seen = set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        module, package = snippets_dir / f"{name}.py", snippets_dir / name
        files = [module] if module.is_file() else sorted(package.rglob("*.py")) if package.is_dir() else []
        for path in files:
            found[path] = None
            todo.extend(local_imports(path.read_text(encoding="utf-8", errors="replace"), snippets_dir,
                                      lesson=Path(name).parent))
    return sorted(found)


_memory: dict[str, Result] = {}


def read_entry(path: Path, key: str) -> Result | None:
    """The result stored in `path` under `key`; None if it is missing, truncated, corrupted or another key's."""
    try:
        text = path.read_text(encoding="utf-8")
        body = _stored_body(text, key)
        if body is not None:  # as `put` wrote it: its checksum is over these very characters
            return Result.from_dict(json.loads(body))
        entry = json.loads(text)
        body = json.dumps(entry["result"], sort_keys=True)
        if entry["key"] != key or entry["sha256"] != hashlib.sha256(body.encode()).hexdigest():
            return None
        return Result.from_dict(entry["result"])
    except (OSError, ValueError, KeyError, TypeError):
        return None  # missing, truncated or corrupted: run again


SHA_FIELD = ', "sha256": "'


def _stored_body(text: str, key: str) -> str | None:
    """The result's JSON as `put` wrote it, if the entry is `key`'s and its checksum matches those characters.

    A warm build reads every result: checking the characters read spares serializing each result again.
    Anything else (another layout, a damaged entry) returns None, and read_entry checks it the long way."""
    prefix = f'{{"key": {json.dumps(key)}, "result": '
    tail = text.rfind(SHA_FIELD)
    if not text.startswith(prefix) or tail < len(prefix) or not text.endswith('"}'):
        return None
    body = text[len(prefix):tail]
    if text[tail + len(SHA_FIELD):-2] != hashlib.sha256(body.encode()).hexdigest():
        return None
    return body


def write_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` so that a reader sees the old file or the whole new one, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
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


@dataclass
class MergeCount:
    """What merging a cache folder did: entries added, already present, damaged (skipped)."""

    added: int = 0
    present: int = 0
    damaged: list = field(default_factory=list)


@dataclass
class PruneCount:
    """What pruning did: files removed per kind (json: results, ipynb: stored notebooks), their bytes, kept."""

    removed: dict = field(default_factory=lambda: {"json": 0, "ipynb": 0})
    bytes: int = 0
    kept: int = 0


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
        result = read_entry(self._path(key), key)
        if result is not None:
            _memory[key] = result
        return result

    def put(self, key: str, result: Result) -> None:
        if not result.good:
            return
        _memory[key] = result
        if self.folder is None:
            return
        body = json.loads(result.to_json())
        text = json.dumps(
            {"key": key, "sha256": hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest(),
             "result": body},
            sort_keys=True,
        )
        write_atomically(self._path(key), text)

    def merge(self, folder: Path) -> MergeCount:
        """Copy into this cache the sound entries of another cache folder (a shard's, another machine's).

        Entries are named by their key, so folders merge by copying files; each is checked as `get` checks it
        first, so a damaged one is skipped (counted) rather than copied, and an entry already here is kept.
        """
        assert self.folder is not None
        count = MergeCount()
        for path in sorted(Path(folder).glob("??/*.json")):
            key = path.stem
            if read_entry(path, key) is None or path.parent.name != key[:2]:
                count.damaged.append(path)
            elif read_entry(self._path(key), key) is not None:
                count.present += 1
            else:
                write_atomically(self._path(key), path.read_text(encoding="utf-8"))
                count.added += 1
        return count

    # --- What the last build used, and pruning the rest ---------------------------------------------------
    # Entries are never overwritten, only added: every edit of a snippet adds a result, every edit of a page its
    # notebooks. A build records the keys it used (`record_use`); `prune` deletes the other entries, so a
    # cache kept between CI runs (actions/cache) or on an author's machine stays the size of one site.
    USED = "last-build.json"

    def record_use(self, results, notebooks) -> None:
        """The result keys and stored-notebook keys a complete build used (the plugin, after every language)."""
        if self.folder is None:
            return
        write_atomically(self.folder / self.USED, json.dumps(
            {"results": sorted(set(results)), "notebooks": sorted(set(notebooks))}, indent=0) + "\n")

    def prune(self) -> "PruneCount":
        """Delete the results and stored notebooks the last recorded build did not use; KeyError (a message)
        when no build has recorded its use here."""
        assert self.folder is not None
        try:
            used = json.loads((self.folder / self.USED).read_text(encoding="utf-8"))
            keep = {"json": set(used["results"]), "ipynb": set(used["notebooks"])}
        except (OSError, ValueError, KeyError, TypeError):
            raise KeyError(f"no build has recorded what it uses in {self.folder} (build the site first: "
                           f"pruning keeps exactly what the last complete build used)") from None
        count = PruneCount()
        for kind, pattern in (("json", "??/*.json"), ("ipynb", "notebooks/??/*.ipynb")):
            for path in self.folder.glob(pattern):
                if path.stem in keep[kind]:
                    count.kept += 1
                    continue
                count.bytes += path.stat().st_size
                path.unlink()
                count.removed[kind] += 1
                _memory.pop(path.stem, None)
        return count

    def clear(self) -> None:
        _memory.clear()
        if self.folder and self.folder.exists():
            import shutil

            shutil.rmtree(self.folder)


def forget_memory() -> None:
    """Drop in-memory results (tests use this to force fresh runs)."""
    _memory.clear()
