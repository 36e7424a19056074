"""MkDocs adapter: wires discover -> run -> render into MkDocs events. No logic of its own.

mkdocs.yml:

    plugins:
      - executed-snippets:
          snippets_dir: snippets        # relative to mkdocs.yml
          timeout: 60                   # seconds per snippet
          labels:                       # per language (theme.language, as set by mkdocs-static-i18n)
            en: {output: Output, error: Output (ends with an error)}

Set SNIPPETEXEC_FRESH=1 to ignore the cache (memory and disk) for a build.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from snippetexec import cache, render, report
from snippetexec.discover import find_references, scan_pages
from snippetexec.run import DEFAULT_TIMEOUT, Engine, RunReport

log = logging.getLogger("mkdocs.plugins.executed-snippets")


class SnippetsConfig(base.Config):
    snippets_dir = c.Type(str, default="snippets")
    timeout = c.Type((int, float), default=DEFAULT_TIMEOUT)
    cache = c.Type(bool, default=True)
    cache_dir = c.Type(str, default=".cache/snippetexec")
    labels = c.Type(dict, default={})


def versions() -> dict:
    """What produced the outputs, for templates (read without importing torch)."""
    import datetime
    import platform

    from snippetexec.cache import _version

    return {"torch": _version("torch").split("+")[0], "python": platform.python_version(),
            "date": datetime.date.today().isoformat()}


def fresh_requested() -> bool:
    return os.environ.get("SNIPPETEXEC_FRESH", "") not in ("", "0")


class SnippetsPlugin(BasePlugin[SnippetsConfig]):
    engine: Engine
    run_report: RunReport

    def on_startup(self, command, dirty):
        if fresh_requested():
            cache.forget_memory()

    def on_config(self, config):
        root = Path(config.config_file_path).resolve().parent
        snippets_dir = (root / self.config.snippets_dir).resolve()
        use_disk = self.config.cache and not fresh_requested()
        self.engine = Engine(root, snippets_dir, timeout=self.config.timeout,
                             cache_dir=root / self.config.cache_dir if use_disk else None)
        self._check_markdown_config(config, snippets_dir)
        config.extra["executed_snippets"] = versions()
        fences = config.mdx_configs.setdefault("pymdownx.superfences", {}).setdefault("custom_fences", [])
        if not any(f.get("name") == render.OUTPUT_FENCE for f in fences):
            fences.append(render.superfences_entry())
        return config

    def on_files(self, files, config):
        references = scan_pages(Path(config.docs_dir), relative_to=self.engine.root)
        self.run_report = self.engine.run(ref.name for ref in references)
        if self.run_report.executed:
            log.info(report.timings(self.run_report))
        if self.run_report.failures:
            included_by: dict[str, list[str]] = {}
            for ref in references:
                included_by.setdefault(ref.name, []).append(
                    f"{ref.page}:{ref.line} ({self._language_of(ref.page, config)})")
            raise PluginError(report.describe_failures(
                self.run_report, self.engine._rel(self.engine.snippets_dir), included_by))
        return files

    def on_page_markdown(self, markdown, page, config, files):
        page_path = self.engine._rel(Path(page.file.abs_src_path))
        references = find_references(markdown, page_path)
        if not references:
            return markdown
        language = config.theme.get("language") or "en"
        labels = self.config.labels.get(language) or self.config.labels.get("en") or {}

        def outcome_of(name):
            outcome = self.run_report.outcomes.get(name)
            if outcome is None:  # the page text changed after on_files (another plugin): run it now
                outcome = self.engine.run([name]).outcomes[name]
                if not outcome.result.good:
                    raise PluginError(report.describe_failure(
                        outcome, self.engine._rel(self.engine.snippets_dir), [page_path]))
            return outcome.snippet, outcome.result

        return render.rewrite(markdown, references, outcome_of, labels)

    def on_serve(self, server, config, builder):
        server.watch(str(self.engine.snippets_dir))
        return server

    def _language_of(self, page: str, config) -> str:
        i18n = config.plugins.get("i18n")
        if i18n is None:
            return config.theme.get("language") or "en"
        docs = self.engine._rel(Path(config.docs_dir))
        parts = Path(page).relative_to(docs).parts if page.startswith(docs + "/") else Path(page).parts
        locales = [lang.locale for lang in i18n.config.languages]
        if parts and parts[0] in locales:
            return parts[0]
        stem_suffix = Path(page).stem.rpartition(".")[2]  # suffix layout: page.it.md
        return stem_suffix if stem_suffix in locales else i18n.default_language

    def _check_markdown_config(self, config, snippets_dir: Path) -> None:
        problems = []
        for extension in ("attr_list", "pymdownx.superfences", "pymdownx.snippets"):
            if extension not in config.markdown_extensions:
                problems.append(f"add '{extension}' to markdown_extensions")
        options = config.mdx_configs.get("pymdownx.snippets", {})
        bases = options.get("base_path", ["."])
        bases = [bases] if isinstance(bases, (str, os.PathLike)) else bases
        if not any(Path(os.fspath(b)).resolve() == snippets_dir for b in bases):
            problems.append(f"pymdownx.snippets needs base_path: !relative $config_dir/"
                            f"{self.config.snippets_dir} (so references resolve wherever mkdocs runs)")
        if not options.get("check_paths"):
            problems.append("pymdownx.snippets needs check_paths: true (else a missing include vanishes)")
        if problems:
            raise PluginError("executed-snippets: mkdocs.yml is not set up for snippets:\n  - "
                              + "\n  - ".join(problems))
