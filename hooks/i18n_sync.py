"""Keep translations in sync with their English source.

Each translated page records, in its front matter, which version of the English page
it translates:

    ---
    translation_of: 1a2b3c4d5e6f     # first 12 hex digits of sha256(docs/en/<page>)
    ---

As a command (`python hooks/i18n_sync.py --help`; `make translations` runs `status`):

    status            per language, the pages that are missing or older than their English source
                      (and how old); a report: exits 0
    check             the same, and exits 1 if any page needs work (for CI)
    diff FILE...      what changed in the English source since the version FILE translates (a diff)
    stamp FILE...     record the current English version in translated pages (after updating them)
    ids FILE...       give each heading of translated pages the id of the English heading at the same
                      place (`## Titolo { #english-id }`), so anchors are the same in every language

As an MkDocs hook (mkdocs.yml: `hooks: [hooks/i18n_sync.py]`): an outdated page gets a
localized notice linking to the English original; a page shown in English because its
translation is missing gets a localized notice too. The glossary table is generated
from glossary.yml wherever a page holds the marker `<!-- glossary-table -->`.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = "en"
FRONT_MATTER = re.compile(r"\A---\n(?P<body>.*?\n)---\n", re.DOTALL)
KEY = "translation_of"
UNTRANSLATED = "untranslated"  # what `snippetexec new` records in a page it copied from English

NOTICES = {
    "outdated": {
        "it": ("Traduzione da aggiornare", "L'originale inglese di questa pagina è cambiato dopo la traduzione: "
               "alcune parti potrebbero non corrispondere più.", "Leggi l'originale inglese"),
        "zh": ("译文待更新", "本页的英文原文在翻译之后有过修改，部分内容可能已不一致。", "阅读英文原文"),
        "de": ("Übersetzung veraltet", "Das englische Original dieser Seite wurde nach der Übersetzung geändert; "
               "einzelne Abschnitte stimmen eventuell nicht mehr überein.", "Zum englischen Original"),
    },
    "missing": {
        "it": ("Traduzione mancante", "Questa pagina non è ancora stata tradotta: ecco l'originale inglese.", ""),
        "zh": ("尚未翻译", "本页尚未翻译，以下为英文原文。", ""),
        "de": ("Übersetzung fehlt", "Diese Seite ist noch nicht übersetzt; hier folgt das englische Original.", ""),
    },
}


def source_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def recorded_hash(text: str) -> str | None:
    match = FRONT_MATTER.match(text)
    if not match:
        return None
    found = re.search(rf"^{KEY}:\s*(\S+)\s*$", match.group("body"), re.MULTILINE)
    return found.group(1).strip("'\"") if found else None


@dataclass
class Status:
    lang: str
    page: str  # relative to docs/<lang>/
    state: str  # "missing" | "outdated" | "unstamped" | "untranslated"
    detail: str = ""


def languages(docs: Path) -> list[str]:
    return sorted(p.name for p in docs.iterdir() if p.is_dir() and p.name != DEFAULT and len(p.name) == 2)


def how_old(root: Path, english: Path, recorded: str) -> str:
    """'English changed in N commits since (last on DATE)', from git history, if it can tell."""
    rel = english.relative_to(root).as_posix()
    try:
        log = subprocess.run(["git", "log", "--format=%H %cs", "--", rel], cwd=root, capture_output=True,
                             text=True, check=True).stdout.split("\n")
    except (OSError, subprocess.CalledProcessError):
        return "the English source changed since"
    commits = [line.split() for line in log if line.strip()]
    for index, (commit, _) in enumerate(commits):
        blob = subprocess.run(["git", "show", f"{commit}:{rel}"], cwd=root, capture_output=True).stdout
        if hashlib.sha256(blob).hexdigest()[:12] == recorded:
            uncommitted = source_hash(english) != (
                hashlib.sha256(subprocess.run(["git", "show", f"HEAD:{rel}"], cwd=root,
                                              capture_output=True).stdout).hexdigest()[:12])
            text = f"English changed in {index} commit(s) since"
            if index:
                text += f", last on {commits[0][1]}"
            return text + (" and has uncommitted changes" if uncommitted else "")
    return "the English source changed since (the recorded version is not in git history)"


def status(root: Path = ROOT) -> list[Status]:
    docs = root / "docs"
    english_pages = sorted(p.relative_to(docs / DEFAULT).as_posix() for p in (docs / DEFAULT).rglob("*.md"))
    problems = []
    for lang in languages(docs):
        for page in english_pages:
            english, translated = docs / DEFAULT / page, docs / lang / page
            if not translated.exists():
                problems.append(Status(lang, page, "missing"))
                continue
            recorded = recorded_hash(translated.read_text(encoding="utf-8"))
            if recorded is None:
                problems.append(Status(lang, page, "unstamped", f"no '{KEY}' in its front matter"))
            elif recorded == UNTRANSLATED:
                problems.append(Status(lang, page, UNTRANSLATED, "still the English text: translate it, then stamp"))
            elif recorded != source_hash(english):
                problems.append(Status(lang, page, "outdated", how_old(root, english, recorded)))
    return problems


class UsageError(Exception):
    """A command given something it cannot work on: said in one line, without a traceback."""


def translated_page(name: str, root: Path = ROOT) -> tuple[Path, Path]:
    """(translated page, its English source) for a path like docs/it/page.md; refuses anything else."""
    docs = (root / "docs").resolve()
    path = Path(name).resolve()
    if not path.is_relative_to(docs) or len(path.relative_to(docs).parts) < 2:
        raise UsageError(f"{name}: not a page under docs/<language>/ (e.g. docs/it/broadcasting.md)")
    lang, *rest = path.relative_to(docs).parts
    if lang == DEFAULT:
        raise UsageError(f"{name} is an English page: stamp, diff and ids take translations (docs/it/..., docs/zh/...)")
    if not path.is_file():
        raise UsageError(f"{name} does not exist (translate docs/{DEFAULT}/{Path(*rest).as_posix()} into it first)")
    english = docs / DEFAULT / Path(*rest)
    if not english.is_file():
        raise UsageError(f"{name} has no English source docs/{DEFAULT}/{Path(*rest).as_posix()}")
    return path, english


def stamp(path: Path, root: Path = ROOT) -> None:
    path, english = translated_page(str(path), root)
    line = f'{KEY}: "{source_hash(english)}"'
    text = path.read_text(encoding="utf-8")
    match = FRONT_MATTER.match(text)
    if match is None:
        text = f"---\n{line}\n---\n\n{text}"
    elif re.search(rf"^{KEY}:", match.group("body"), re.MULTILINE):
        body = re.sub(rf"^{KEY}:.*$", line, match.group("body"), flags=re.MULTILINE)
        text = f"---\n{body}---\n" + text[match.end():]
    else:
        text = f"---\n{match.group('body')}{line}\n---\n" + text[match.end():]
    path.write_text(text, encoding="utf-8")


def recorded_commit(root: Path, english: Path, recorded: str) -> str | None:
    """The newest commit in which the English page had the recorded version (its sha256 prefix)."""
    rel = english.relative_to(root).as_posix()
    try:
        log = subprocess.run(["git", "log", "--format=%H", "--", rel], cwd=root, capture_output=True, text=True,
                             check=True).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        return None
    for commit in log:
        blob = subprocess.run(["git", "show", f"{commit}:{rel}"], cwd=root, capture_output=True).stdout
        if hashlib.sha256(blob).hexdigest()[:12] == recorded:
            return commit
    return None


def english_diff(path: Path, root: Path = ROOT) -> str:
    """The changes of the English source since the version `path` translates, as a unified diff."""
    path, english = translated_page(str(path), root)
    recorded = recorded_hash(path.read_text(encoding="utf-8"))
    rel = english.relative_to(root).as_posix()
    if recorded is None:
        raise UsageError(f"{path.relative_to(root)} records no English version ('{KEY}' in its front matter): "
                         f"compare it with {rel} by hand, then stamp it")
    if recorded == UNTRANSLATED:
        return f"{path.relative_to(root)} is still the English text: translate all of {rel}\n"
    if recorded == source_hash(english):
        return f"{path.relative_to(root)} translates the current {rel}: nothing to do\n"
    commit = recorded_commit(root, english, recorded)
    if commit is None:
        raise UsageError(f"the version of {rel} that {path.relative_to(root)} translates ({recorded}) "
                         f"is not in git history")
    return subprocess.run(["git", "diff", commit, "--", rel], cwd=root, capture_output=True, text=True,
                          check=True).stdout


# ---- heading ids ------------------------------------------------------------------------------
# A heading's id is its anchor (`page/#id`, the permalink toc adds). Translations take the English ids,
# so a link to a section, and the language switcher (which carries the #fragment), lead to the same
# place in every language. Headings are matched by position: a translation has the English headings,
# at the same levels, in the same order.

FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
HEADING = re.compile(r"^(?P<marks>#{1,6})[ \t]+(?P<text>.*?)"
                     r"(?:[ \t]+\{:?(?P<attrs>[ \t]*[#.][^}\n]*)\})?[ \t]*$")


@dataclass
class Heading:
    line: int  # 0-based line of the page
    level: int
    text: str  # without its attribute list
    attrs: str  # what is between the braces of `{ #id .class }`, or ""

    def shown(self) -> str:
        return f"line {self.line + 1}: {'#' * self.level} {self.text}"


def headings(text: str) -> list[Heading]:
    """The ATX headings of a page, outside front matter and fenced blocks."""
    match = FRONT_MATTER.match(text)
    skip = text[:match.end()].count("\n") if match else 0
    found, fence = [], None
    for number, line in enumerate(text.split("\n")):
        opening = FENCE.match(line)
        if number < skip:
            continue
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
        elif opening:
            fence = opening.group(1)
        elif heading := HEADING.match(line):
            found.append(Heading(number, len(heading["marks"]), heading["text"], (heading["attrs"] or "").strip()))
    return found


def heading_ids(text: str) -> list[str]:
    """The id of each heading of a page, in order, as the site gets them (mkdocs.yml: toc with its default
    slugify, attr_list for explicit ids): the headings alone are rendered by Python-Markdown."""
    import markdown

    found = headings(text)
    source = "\n\n".join(f"{'#' * h.level} {h.text}" + (f" {{ {h.attrs} }}" if h.attrs else "") for h in found)
    md = markdown.Markdown(extensions=["attr_list", "toc"])
    md.convert(source)

    def flat(tokens):
        for token in tokens:
            yield token["id"]
            yield from flat(token["children"])

    return list(flat(md.toc_tokens))


def structure_difference(english: list[Heading], translated: list[Heading]) -> str | None:
    """Where the headings of a translation stop matching the English ones (levels, in order), or None."""
    for index, (source, heading) in enumerate(zip(english, translated)):
        if source.level != heading.level:
            return (f"heading {index + 1} is level {source.level} in English ({source.shown()}) "
                    f"but level {heading.level} here ({heading.shown()})")
    if len(english) != len(translated):
        longer, side = (english, "English") if len(english) > len(translated) else (translated, "this page")
        extra = longer[min(len(english), len(translated))]
        return (f"English has {len(english)} headings, this page {len(translated)}; "
                f"the first without a partner is in {side} ({extra.shown()})")
    return None


def with_id(heading: Heading, heading_id: str) -> str:
    """The heading's line with `#heading_id` as its id (any other attributes kept, any other id replaced)."""
    others = " ".join(part for part in heading.attrs.split() if not part.startswith("#"))
    return f"{'#' * heading.level} {heading.text} {{ #{heading_id}{' ' + others if others else ''} }}"


def add_english_ids(path: Path, root: Path = ROOT) -> int:
    """Give each heading of a translated page the id of its English heading; returns how many lines changed.
    Refuses a page whose headings do not match the English ones (count and levels)."""
    path, english = translated_page(str(path), root)
    source_text, text = english.read_text(encoding="utf-8"), path.read_text(encoding="utf-8")
    source, translated = headings(source_text), headings(text)
    difference = structure_difference(source, translated)
    if difference:
        raise UsageError(f"{path.relative_to(root)}: its headings do not match {english.relative_to(root)}: "
                         f"{difference}. Give it the same headings (same levels, same order), then run ids again")
    lines = text.split("\n")
    changed = 0
    for heading, heading_id in zip(translated, heading_ids(source_text)):
        line = with_id(heading, heading_id)
        if lines[heading.line] != line:
            lines[heading.line], changed = line, changed + 1
    if changed:
        path.write_text("\n".join(lines), encoding="utf-8")
    return changed


def report(problems: list[Status], root: Path) -> None:
    for lang in languages(root / "docs"):
        mine = [p for p in problems if p.lang == lang]
        print(f"{lang}: {'up to date' if not mine else f'{len(mine)} page(s) need work'}")
        for p in mine:
            print(f"  {p.state:9} docs/{lang}/{p.page}" + (f"  ({p.detail})" if p.detail else ""))


def main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="i18n_sync.py", description="Keep the translations in sync with English.")
    parser.add_argument("--root", type=Path, default=ROOT, help="the project (default: this repository)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("status", help="list pages that are missing or older than English (exits 0)")
    commands.add_parser("check", help="the same, exiting 1 if any page needs work (for CI)")
    diff = commands.add_parser("diff", help="what changed in English since the version a translation records")
    diff.add_argument("files", nargs="+", metavar="FILE", help="translated pages, e.g. docs/it/broadcasting.md")
    stamps = commands.add_parser("stamp", help="record that translated pages now translate the current English")
    stamps.add_argument("files", nargs="+", metavar="FILE", help="translated pages, e.g. docs/it/broadcasting.md")
    ids = commands.add_parser("ids", help="give translated headings the ids of the English ones (same anchors)")
    ids.add_argument("files", nargs="+", metavar="FILE", help="translated pages, e.g. docs/it/broadcasting.md")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    try:
        if args.command in ("status", "check"):
            problems = status(root)
            report(problems, root)
            return 1 if problems and args.command == "check" else 0
        for name in args.files:
            if args.command == "stamp":
                stamp(Path(name), root)
                print(f"stamped {name}")
            elif args.command == "ids":
                print(f"{name}: {add_english_ids(Path(name), root)} heading(s) given their English id")
            else:
                print(english_diff(Path(name), root), end="")
    except UsageError as error:
        print(f"i18n_sync.py {args.command}: {error}", file=sys.stderr)
        return 2
    return 0


# ---- MkDocs hook -------------------------------------------------------------------------------

def _notice(kind: str, lang: str, english_url: str) -> str:
    title, text, link = NOTICES[kind][lang]
    anchor = f' <a href="{english_url}">{link}</a>' if link else ""
    return f'!!! warning "{title}"\n    {text}{anchor}\n'


def _after_title(markdown: str, block: str) -> str:
    match = re.search(r"^# .*\n", markdown, re.MULTILINE)
    at = match.end() if match else 0
    return markdown[:at] + "\n" + block + "\n" + markdown[at:]


def glossary_table(lang: str, root: Path = ROOT) -> str:
    import yaml

    terms = yaml.safe_load((root / "glossary.yml").read_text(encoding="utf-8"))["terms"]
    order = [lang] + [code for code in ("en", "it", "zh", "de") if code != lang]
    names = {"en": "English", "it": "Italiano", "zh": "中文", "de": "Deutsch"}
    rows = ["| " + " | ".join(names[c] for c in order) + " |", "|" + "---|" * len(order)]
    for term in terms:
        cells = [term["en"] if c == "en" else term[c]["term"] for c in order]
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


def on_page_markdown(markdown, page, config, files):
    lang = config.theme.get("language") or DEFAULT
    if "<!-- glossary-table -->" in markdown:
        markdown = markdown.replace("<!-- glossary-table -->", glossary_table(lang))
    if lang == DEFAULT or lang not in NOTICES["outdated"]:
        return markdown
    src = Path(page.file.abs_src_path)
    docs = Path(config.docs_dir)
    if page.file.generated_by or not src.is_relative_to(docs):  # a page generated at build (a notebook)
        return markdown
    rel = src.relative_to(docs)
    depth = page.url.count("/")  # "it/slug/" -> 2: back to the site root
    english_url = "../" * depth + page.url.split("/", 1)[1] if "/" in page.url else "../"
    if rel.parts[0] == DEFAULT:  # fallback: no translation yet
        return _after_title(markdown, _notice("missing", lang, english_url))
    english = docs / DEFAULT / Path(*rel.parts[1:])
    if str(page.meta.get(KEY)) == UNTRANSLATED:  # scaffolded (`snippetexec new`): still the English text
        return _after_title(markdown, _notice("missing", lang, english_url))
    if english.exists() and str(page.meta.get(KEY)) != source_hash(english):
        return _after_title(markdown, _notice("outdated", lang, english_url))
    return markdown


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
