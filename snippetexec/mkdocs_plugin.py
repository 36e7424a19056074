"""MkDocs adapter: wires discover -> run -> render into MkDocs events. No logic of its own.

mkdocs.yml:

    plugins:
      - executed-snippets:
          snippets_dir: snippets
          labels:
            en: {output: Output, error: Output (ends with an error), notebook: Download as a notebook}

Every option, with its default, is in SnippetsConfig below (a docstring each) and in the README's
"Use the engine on your site" section (a test keeps the two in step).

Set SNIPPETEXEC_FRESH=1 to ignore the cache (memory and disk) for a build, SNIPPETEXEC_CACHE_DIR to keep
the results of a build in another folder (tests share results between throwaway copies of a site).
"""

from __future__ import annotations

import functools
import logging
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority

from snippetexec import (cache, mkdocs_jupyter_pages, notebook, pool, render, report, settings, site_assets,
                         values)
from snippetexec.discover import bad_references, find_references, translation_gaps
from snippetexec.execute import DEFAULT_MAX_OUTPUT, DEFAULT_MEMORY_LIMIT
from snippetexec.run import DEFAULT_TIMEOUT, Engine, RunReport
from snippetexec.worker import DEFAULT_PRELOAD

log = logging.getLogger("mkdocs.plugins.executed-snippets")


class LabelsConfig(base.Config):
    """The words the engine writes into the pages of one language; a key it does not know is an error."""

    output = c.Optional(c.Type(str))
    """Above an output block (default "Output")."""
    error = c.Optional(c.Type(str))
    """Above an output that ends with the exception the snippet declares (default "Output (ends with an error)")."""
    notebook = c.Optional(c.Type(str))
    """The notebook download link's text (default "Download as a notebook")."""

    def validate(self):
        failed, warnings = super().validate()
        unknown = sorted(set(self.keys()) - self._schema_keys)
        if unknown:
            failed.append((unknown[0], c.ValidationError(
                f"unknown label {unknown[0]!r}: a language's labels are output, error, notebook")))
        return failed, [(key, message) for key, message in warnings if key not in unknown]


class LabelsPerLanguage(c.DictOfItems):
    """`labels`: for each language, its LabelsConfig; an entry that is not a mapping is named in the error."""

    def run_validation(self, value):
        for language, labels in (value or {}).items():
            if not isinstance(labels, dict):
                raise c.ValidationError(f"language {language!r}: expected {{output: ..., error: ..., notebook: ...}},"
                                        f" got {labels!r}")
        return super().run_validation(value)


class SnippetsConfig(base.Config):
    """The options of `executed-snippets` in mkdocs.yml (README: "Use the engine on your site" lists them)."""

    snippets_dir = c.Type(str, default="snippets")
    """The folder of snippet files, relative to mkdocs.yml; pymdownx.snippets' base_path must be the same."""
    timeout = c.Type((int, float), default=DEFAULT_TIMEOUT)
    """Seconds a snippet may run before it is stopped and fails (`# snippet: timeout=` overrides it)."""
    max_output = c.Type((int, str), default=DEFAULT_MAX_OUTPUT)
    """What a snippet may print (stdout + stderr) before it is stopped: bytes, or "500 kB", "1 MB"; 0: no limit."""
    memory_limit = c.Type((int, str), default=DEFAULT_MEMORY_LIMIT)
    """Address space of each snippet's process (RLIMIT_AS): bytes or "4 GiB"; 0: no limit."""
    workers = c.Optional(c.Type(int))
    """How many worker processes run snippets; default: the CPUs this process may use (os.sched_getaffinity)."""
    preload = c.ListOfItems(c.Type(str), default=list(DEFAULT_PRELOAD))
    """Modules each worker imports once before it forks the snippets (those installed); default numpy and torch.
    A site whose snippets do not use torch sets `preload: []`."""
    cache = c.Type(bool, default=True)
    """Keep results on disk between builds (false: only in memory, for the life of the process)."""
    cache_dir = c.Type(str, default=".cache/snippetexec")
    """Where results are kept, relative to mkdocs.yml; the SNIPPETEXEC_CACHE_DIR environment variable wins."""
    labels = LabelsPerLanguage(c.SubConfig(LabelsConfig), default={})
    """Per language (theme.language, as mkdocs-static-i18n sets it): {output, error, notebook}. A language the
    site builds without an entry here warns (English labels), so `--strict` fails."""
    notebooks = c.Type(bool, default=True)
    """Write every page with snippets as a Jupyter notebook, <page>.<language>.ipynb beside its HTML."""
    notebook_link = c.Type(bool, default=True)
    """Put a labelled link to the page's notebook at the top of its content. false: the theme shows it from the
    template variable `notebook` ({url, label}; the course's Material button)."""
    notebook_pages = c.ListOfItems(c.Type(str), default=[])
    """Pages also published as notebook pages rendered by mkdocs-jupyter (which must be in plugins)."""
    notebook_pages_dir = c.Type(str, default="notebooks")
    """The site folder of those notebook pages: <notebook_pages_dir>/<page>.ipynb in every language."""


def versions() -> dict:
    """What produced the outputs, for templates (read without importing torch)."""
    import datetime
    import platform

    from snippetexec.cache import package_version

    return {"torch": package_version("torch").split("+")[0], "python": platform.python_version(),
            "date": datetime.date.today().isoformat()}


def fresh_requested() -> bool:
    return os.environ.get("SNIPPETEXEC_FRESH", "") not in ("", "0")


def _stop_snippets_first_on_ctrl_c() -> None:
    """Ctrl-C during `mkdocs serve`: stop the workers and the snippets they run at once, then interrupt as
    Python does. Whatever the main thread was waiting for (a build waiting for a snippet), nothing is left
    running that could keep the process alive while it exits."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return
    previous = signal.getsignal(signal.SIGINT)
    if getattr(previous, "stops_snippets", False) or not callable(previous):
        return

    def interrupt(signum, frame):
        pool.close_pools()
        previous(signum, frame)

    interrupt.stops_snippets = True
    signal.signal(signal.SIGINT, interrupt)


class SnippetsPlugin(BasePlugin[SnippetsConfig]):
    engine: Engine
    run_report: RunReport

    def on_startup(self, command, dirty):
        if fresh_requested():
            cache.forget_memory()
        if command == "serve":
            _stop_snippets_first_on_ctrl_c()

    def on_config(self, config):
        root = Path(config.config_file_path).resolve().parent
        try:
            options = settings.engine_options(self.config, root)  # the same as the CLI's and pytest's
        except settings.SettingsError as error:
            raise PluginError(str(error)) from None
        cache_dir = None if fresh_requested() else settings.cache_folder(self.config, root)
        self.engine = Engine(**options, cache_dir=cache_dir)
        self._check_markdown_config(config, self.engine.snippets_dir)
        config.extra["executed_snippets"] = versions()
        site_assets.link_stylesheet(config)
        fences = config.mdx_configs.setdefault("pymdownx.superfences", {}).setdefault("custom_fences", [])
        known = {f.get("name") for f in fences}
        fences.extend(entry for entry in render.superfences_entries(self._result_of) if entry["name"] not in known)
        return config

    @event_priority(10)  # before _start_run: nothing runs for a site whose pages are wrong
    def _check_pages(self, files, config):
        """Fences that look like references but are not fail the build; snippets a translation lacks warn."""
        if self._inner_build(config):
            return files
        pages, texts = {}, {}
        problems = []
        for path in sorted(Path(config.docs_dir).rglob("*.md")):
            page = self.engine.relative(path)
            text = texts[page] = path.read_text(encoding="utf-8")
            pages[page] = find_references(text, page)
            problems.extend(bad_references(text, page))
        self.scan = settings.scan_texts(texts, pages)  # for _start_run: every page is read once per build
        if problems:
            raise PluginError("executed-snippets: Python fences that are not snippet references:\n  "
                              + "\n  ".join(problems))
        for language in mkdocs_jupyter_pages.languages(config)[0]:
            if language not in self.config.labels and language != "en":
                log.warning(f"executed-snippets: labels has no entry for language {language!r}, which the site "
                            f"builds: its pages would show English labels. Add it under labels: in mkdocs.yml, "
                            f"e.g. {language}: {{output: ..., error: ..., notebook: ...}}")
        i18n = config.plugins.get("i18n")
        if i18n is not None:
            for gap in translation_gaps(pages, lambda page: self._language_of(page, config),
                                        lambda page: self._page_key(page, config), i18n.default_language):
                log.warning(gap)
        return files

    @event_priority(0)
    def _start_run(self, files, config):
        if self._inner_build(config):
            return files  # mkdocs-static-i18n's build of another language: share the first build's run
        scan = self.scan
        self.references, self.value_refs = scan.references, scan.value_refs
        self.run_report = self.engine.prepare(scan.names, values=scan.values)
        if self.run_report.failures:  # missing or malformed snippets: no need to run anything to know
            raise PluginError(self._describe_failures(config))
        self.running = None
        self.values_checked = False
        self.notebooks = []  # (path to write, page markdown, language, page path), from every language's build
        self.offered_notebooks = {}  # a page's HTML file -> {url, label} of the notebook beside it
        self.site_dir = Path(config.site_dir)  # mkdocs-static-i18n moves config.site_dir per language
        # notebook pages are made in on_files: their snippets run now, the others in the background
        first = {ref.name for ref in self.references + self.value_refs
                 if any(ref.page.endswith("/" + page) for page in self.config.notebook_pages)}
        self.engine.execute(self.run_report, only=first)
        if self.run_report.failures:
            raise PluginError(self._describe_failures(config))
        self.pending = {item.name: item.snippet for item in self.run_report.pending}
        self.arrived = threading.Condition()  # told of each outcome of the background run
        if self.run_report.pending:
            # Run in the background while MkDocs reads the files, builds the nav and converts the pages, in the
            # order the pages will need them; a page waits only for its own snippets (_wait_for): one that
            # states a value when it is converted, one that shows an output when its HTML is first read
            # (on_page_context).
            order = self._build_order(config)
            self.run_report.pending.sort(key=lambda item: order.get(item.name, len(order)))
            executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="snippets")
            self.running = executor.submit(self.engine.execute, self.run_report, on_outcome=self._arrived)
            self.running.add_done_callback(self._arrived)
            executor.shutdown(wait=False)
        return files

    @event_priority(-110)  # after mkdocs-static-i18n sorted this language's files
    def _add_notebook_pages(self, files, config):
        if not self.config.notebook_pages:
            return files
        built, default, current = mkdocs_jupyter_pages.languages(config)
        root = self.engine.root
        made = {}
        for page in self.config.notebook_pages:
            uri = f"{self.config.notebook_pages_dir.strip('/')}/{Path(page).with_suffix('.ipynb').as_posix()}"
            for language in built:
                source = mkdocs_jupyter_pages.source_of(Path(config.docs_dir), page, language, default)
                where = self.engine.relative(source)
                markdown = self._with_values(source.read_text(encoding="utf-8"), where, config, as_html=False)
                outcome_of = functools.partial(self._outcome, page=where)
                page_notebook = notebook.page_notebook(markdown, outcome_of, render.pictures, language, where)
                mkdocs_jupyter_pages.check_no_errors(page_notebook, where)
                path = root / ".cache" / "notebook-pages" / language / uri
                text = notebook.dumps(page_notebook)
                if not path.is_file() or path.read_text(encoding="utf-8") != text:
                    # atomically: another build of the same project (a test run's parallel workers) may be
                    # reading it, and must see the old file or the new one, never half of it
                    cache.write_atomically(path, text)
                made[uri, language] = mkdocs_jupyter_pages.page_files(
                    config, uri, language, default, path, i18n=config.plugins.get("i18n") is not None)
                made[uri, language][0].heading_ids = mkdocs_jupyter_pages.heading_ids(markdown)
            page_file, download = made[uri, current]
            page_file.alternates = {language: made[uri, language][0] for language in built}  # language switcher
            files.append(page_file)
            files.append(download)
            i18n = config.plugins.get("i18n")
            if i18n is not None:
                i18n.i18n_files_per_language[current].append(page_file)  # for its sitemap
        return files

    @event_priority(-110)  # after mkdocs-static-i18n, which rebuilds the files of each language
    def _add_stylesheet(self, files, config):
        if files.get_file_from_path(site_assets.STYLESHEET_URI) is None:
            files.append(site_assets.stylesheet_file(config))
        return files

    on_files = CombinedEvent(_check_pages, _start_run, _add_notebook_pages, _add_stylesheet)

    @event_priority(-50)  # after plugins and hooks that read nbconvert's cells as it made them (math, for one)
    def on_page_content(self, html, page, config, files):
        if isinstance(page.file, mkdocs_jupyter_pages.NotebookPageFile):
            html = mkdocs_jupyter_pages.clean_page_html(html, page.toc, page.file.src_uri, page.file.heading_ids)
        offered = self.offered_notebooks.get(page.file.abs_dest_path)
        if self.config.notebook_link and offered:
            html = site_assets.with_notebook_link(html, offered["url"], offered["label"])
        return html

    @event_priority(50)  # before the search plugin reads the page's HTML
    def on_page_context(self, context, page, config, nav):
        """Outputs of snippets that ran while the page was converted are filled in (render.fill_pending).

        Templates see the page's notebook as `notebook` ({url, label}). Not in page.meta: Material renders
        every nav entry of a page with meta through more template branches (about 10% of a warm build)."""
        if page.content and render.PENDING.search(page.content):
            self._wait_for(render.pending_names(page.content), config)
            try:
                page.content = render.fill_pending(page.content, self._result_of)
            except render.AltTextError as error:
                raise PluginError(str(error)) from None
        offered = self.offered_notebooks.get(page.file.abs_dest_path)
        if offered:
            context["notebook"] = offered
        return context

    def on_page_markdown(self, markdown, page, config, files):
        language = config.theme.get("language") or "en"
        labels = self.config.labels.get(language) or self.config.labels.get("en") or {}
        if isinstance(page.file, mkdocs_jupyter_pages.NotebookPageFile):  # its source is the notebook's JSON
            self._offer_notebook(page, language, labels)
            page.meta["search"] = {"exclude": True}  # the page it is made of is found already
            return markdown
        page_path = self.engine.relative(Path(page.file.abs_src_path))
        plain = self._with_values(markdown, page_path, config, as_html=False)  # for the notebook
        markdown = self._with_values(markdown, page_path, config, as_html=True)
        references = find_references(markdown, page_path)
        if not references:
            return markdown
        if self.config.notebooks:
            name = self._offer_notebook(page, language, labels)
            self.notebooks.append((Path(page.file.abs_dest_path).parent / name, plain, language, page_path))
        try:
            return render.rewrite(markdown, references, functools.partial(self._outcome_so_far, page=page_path),
                                  labels)
        except render.AltTextError as error:
            raise PluginError(str(error)) from None

    def _offer_notebook(self, page, language: str, labels: dict) -> str:
        """Name of the page's notebook, which sits beside the page's HTML file; the link or button leads to it."""
        name = mkdocs_jupyter_pages.notebook_name(page.file.src_uri, language)
        self.offered_notebooks[page.file.abs_dest_path] = {
            "url": name, "label": labels.get("notebook") or "Download as a notebook"}
        return name

    def _result_of(self, name: str):
        """The result of a snippet for the output fence's formatter; None while it runs."""
        outcome = self.run_report.outcomes.get(name)
        return outcome.result if outcome is not None else None

    def _with_values(self, markdown: str, page_path: str, config, as_html: bool) -> str:
        """The page's Markdown with its executed values in place (as HTML, or as plain text)."""
        refs = values.find_values(markdown, page_path)
        if not refs:
            return markdown
        self._wait_for({ref.name for ref in refs}, config)
        if any(self._value_problem(ref) for ref in refs):
            self._wait_for_run(config)  # fails the build naming every value of the site that cannot be shown
        return values.substitute(markdown, lambda ref: self._value_text(ref, config), as_html=as_html)

    def _value_text(self, ref, config) -> str:
        outcome = self.run_report.outcomes.get(ref.name)
        value = outcome.result.values.get(ref.request) if outcome is not None else None
        if value is None or "error" in value:
            same = [r for r in self.value_refs if (r.name, r.request) == (ref.name, ref.request)] or [ref]
            raise PluginError(report.describe_value_failures(same, self._value_problem, self._where(config)))
        return value["text"]

    def _value_problem(self, ref) -> str | None:
        """Why a value reference cannot be shown (None: it can)."""
        outcome = self.run_report.outcomes.get(ref.name)
        if outcome is None:
            return "the snippet did not run for this build (the page changed after the build started?)"
        value = outcome.result.values.get(ref.request)
        if value is None:
            return "the snippet's run did not compute this value (the page changed after the build started?)"
        return value.get("error")

    def _arrived(self, *_) -> None:
        """An outcome of the background run is recorded, or the run is over: wake the pages waiting."""
        with self.arrived:
            self.arrived.notify_all()

    def _wait_for(self, names, config) -> None:
        """Wait until the background run has the outcomes of `names` (a page's snippets), not for all of it. A
        failure among them waits for the whole run, which then fails the build naming every failure."""
        running = self.running
        if running is None:
            return self._wait_for_run(config)
        outcomes = self.run_report.outcomes
        with self.arrived:
            self.arrived.wait_for(lambda: running.done() or all(name in outcomes for name in names))
        if running.done() or any(not outcomes[name].result.good for name in names):
            self._wait_for_run(config)

    def _build_order(self, config) -> dict[str, int]:
        """Each snippet's rank in the order the build needs them: the default language's pages first (they
        are built first), each in path order, then the other languages'."""
        i18n = config.plugins.get("i18n")
        default = i18n.default_language if i18n is not None else None
        references = sorted(self.references + self.value_refs,
                            key=lambda ref: (self._language_of(ref.page, config) != default, ref.page, ref.line))
        return {name: rank for rank, name in enumerate(dict.fromkeys(ref.name for ref in references))}

    def _wait_for_run(self, config) -> None:
        """Wait for the snippets running in the background; fail the build on any failure or bad value."""
        if self.running is not None:
            self.run_report = self.running.result()
            self.running = None
            log.info(report.timings(self.run_report))
            if self.run_report.failures:
                raise PluginError(self._describe_failures(config))
        if not self.values_checked:
            self.values_checked = True
            failing = [ref for ref in self.value_refs if self._value_problem(ref)]
            if failing:
                raise PluginError(report.describe_value_failures(failing, self._value_problem, self._where(config)))

    def _where(self, config):
        return lambda ref: f"{ref.page}:{ref.line} ({self._language_of(ref.page, config)})"

    @event_priority(-150)  # after mkdocs-static-i18n, whose on_post_build builds the other languages
    def on_post_build(self, config):
        if self._inner_build(config):
            return
        self._wait_for_run(config)
        stored = [self._write_notebook(path, markdown, language, page_path)
                  for path, markdown, language, page_path in self.notebooks]
        # for `snippetexec prune`: what this complete build used
        self.engine.cache.record_use((outcome.key for outcome in self.run_report.outcomes.values() if outcome.key),
                                     (key for key in stored if key))

    def _write_notebook(self, path: Path, markdown: str, language: str, page_path: str) -> str | None:
        """The page's notebook at `path`; with a cache folder, made only when its page or results changed
        (then the key it is stored under is returned)."""
        def make() -> str:
            outcome_of = functools.partial(self._outcome, page=page_path)
            return notebook.dumps(notebook.page_notebook(markdown, outcome_of, render.pictures, language, page_path))

        keys = [getattr(self.run_report.outcomes.get(ref.name), "key", None)
                for ref in find_references(markdown, page_path)]
        if self.engine.cache.folder is None or None in keys:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(make(), encoding="utf-8")
            return None
        key = notebook.stored_key(markdown, language, page_path, keys)
        notebook.write_stored(path, self.engine.cache.folder / "notebooks", key, make)
        return key

    def _outcome_so_far(self, name: str, page: str):
        """(snippet, result) as _outcome, but (snippet, None) for a snippet the background run has not finished:
        the page is converted now and its output filled in later (on_page_context)."""
        if name not in self.run_report.outcomes and name in self.pending and self.running is not None:
            return self.pending[name], None
        return self._outcome(name, page)

    def _outcome(self, name: str, page: str):
        """(snippet, result) of a snippet the build ran; one that a page names only now (its text changed
        after on_files, e.g. by another plugin) runs now, and its failure fails the build naming `page`."""
        outcome = self.run_report.outcomes.get(name)
        if outcome is None:
            outcome = self.run_report.outcomes[name] = self.engine.run([name]).outcomes[name]
            if not outcome.result.good:
                raise PluginError(report.describe_failure(
                    outcome, self.engine.relative(self.engine.snippets_dir), [page]))
        return outcome.snippet, outcome.result

    def _describe_failures(self, config) -> str:
        pages = report.included_by(self.references + self.value_refs, self._where(config))
        return report.describe_failures(self.run_report, self.engine.relative(self.engine.snippets_dir), pages)

    @staticmethod
    def _inner_build(config) -> bool:
        i18n = config.plugins.get("i18n")
        return bool(i18n is not None and i18n.building)

    def on_shutdown(self):
        """`mkdocs serve` stops (Ctrl-C): stop the workers and any snippet still running, at once."""
        pool.close_pools()

    def on_serve(self, server, config, builder):
        server.watch(str(self.engine.snippets_dir))
        return server

    def _language_of(self, page: str, config) -> str:
        return self._language_and_key(page, config)[0]

    def _page_key(self, page: str, config) -> str:
        """The same for a page and its translations: its path in the docs without the language."""
        return self._language_and_key(page, config)[1]

    def _language_and_key(self, page: str, config) -> tuple[str, str]:
        """A page's language, and its path in the docs without the language (folder layout: en/page.md;
        suffix layout: page.de.md)."""
        i18n = config.plugins.get("i18n")
        docs = self.engine.relative(Path(config.docs_dir)) + "/"
        path = page[len(docs):] if page.startswith(docs) else page
        if i18n is None:
            return config.theme.get("language") or "en", path
        locales = {lang.locale for lang in i18n.config.languages}
        first, slash, rest = path.partition("/")
        if slash and first in locales:
            return first, rest
        folder, _, file = path.rpartition("/")
        stem, dot, suffix = file.rpartition(".")
        base, _, language = stem.rpartition(".")
        if base and language in locales:
            return language, (folder + "/" if folder else "") + base + dot + suffix
        return i18n.default_language, path

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
        if options.get("restrict_base_path") is False:
            problems.append("pymdownx.snippets needs restrict_base_path: true (else an include may publish a file "
                            "outside the snippets folder)")
        if problems:
            raise PluginError("executed-snippets: mkdocs.yml is not set up for snippets:\n  - "
                              + "\n  - ".join(problems))
