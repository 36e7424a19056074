"""The engine's settings and the pages' requests, read one way for the build, the command line and pytest.

A result's cache key covers the engine's options (timeout, output and memory limits, preloaded modules)
and the executed values the pages ask of the snippet. If the command line or the pytest plugin made their
Engine another way than the MkDocs plugin, their keys would differ from the build's and `snippetexec run`
would not spare the build anything. So every adapter builds its Engine with `engine_options` from the
`executed-snippets` options of mkdocs.yml (MkDocs' own loader reads the file, with its `!relative` and
`!!python/name` tags and its plugins' validation), and asks the pages with `scan_site`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from snippetexec import isolation, values
from snippetexec.discover import find_references

PLUGIN = "executed-snippets"


class SettingsError(ValueError):
    """An option of mkdocs.yml the engine cannot use; the message names the file and the option."""


class PageScan(NamedTuple):
    """What the pages ask of the snippets."""

    references: list  # snippet fences (discover.Reference)
    value_refs: list  # executed values in prose (values.ValueRef)
    values: dict  # snippet name -> the (expression, format) pairs pages ask of it

    @property
    def names(self) -> list[str]:
        """Every snippet a page includes or takes a value from, once, in page order."""
        return list(dict.fromkeys(ref.name for ref in self.references + self.value_refs))


def scan_site(docs_dir: Path, root: Path) -> PageScan:
    """References and executed values of every page under `docs_dir` (page paths relative to `root`)."""
    if not Path(docs_dir).is_dir():
        return PageScan([], [], {})
    return scan_texts({path.relative_to(root).as_posix(): path.read_text(encoding="utf-8")
                       for path in sorted(Path(docs_dir).rglob("*.md"))})


def scan_texts(texts: dict[str, str], references: dict | None = None) -> PageScan:
    """What pages ask, from their texts (page path -> Markdown, in page order), each read once by the caller;
    `references`: find_references of each page, when the caller has them already."""
    found = [ref for page, text in texts.items()
             for ref in (references[page] if references is not None else find_references(text, page))]
    value_refs = [ref for page, text in texts.items() for ref in values.find_values(text, page)]
    return PageScan(found, value_refs, values.requests_by_snippet(value_refs))


def load_site(config_file: Path):
    """mkdocs.yml loaded and validated by MkDocs (plugins included): (config, the plugin's options or None)."""
    from mkdocs.config import load_config

    config = load_config(str(config_file))
    plugin = config.plugins.get(PLUGIN)
    return config, plugin.config if plugin is not None else None


def cache_folder(options, root: Path, explicit: Path | None = None) -> Path | None:
    """Where results are kept: `explicit` (a command-line option), else SNIPPETEXEC_CACHE_DIR, else the
    plugin's `cache_dir`; None when the site sets `cache: false`."""
    if explicit is not None:
        return Path(explicit)
    if options is not None and not options.cache:
        return None
    return Path(os.environ.get("SNIPPETEXEC_CACHE_DIR") or Path(root) / option(options, "cache_dir"))


def option(options, name: str):
    """The plugin's option `name` (its default when the site does not use the plugin)."""
    if options is None:
        from snippetexec.mkdocs_plugin import SnippetsConfig

        options = SnippetsConfig()
        options.load_dict({})
        options.validate()
    return options[name]


def engine_options(options, root: Path) -> dict:
    """Engine keyword arguments for the plugin's `options` (None: the defaults), cache folder excepted."""
    where = "mkdocs.yml, executed-snippets"
    try:
        max_output = isolation.parse_size(option(options, "max_output"))
        memory_limit = isolation.parse_size(option(options, "memory_limit")) or None
    except ValueError as error:
        raise SettingsError(f"{where}: {error}") from None
    return {"root": Path(root), "snippets_dir": (Path(root) / option(options, "snippets_dir")).resolve(),
            "timeout": option(options, "timeout"), "max_output": max_output, "memory_limit": memory_limit,
            "workers": option(options, "workers"), "preload": option(options, "preload")}
