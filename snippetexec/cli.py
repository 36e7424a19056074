"""Command line: run snippets and print their outputs, without MkDocs.

    snippetexec run [NAME ...] [--fresh]   run (all) snippets, print each output, exit 1 on failure
    snippetexec clear-cache                delete cached results
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from snippetexec import report
from snippetexec.discover import scan_pages
from snippetexec.run import DEFAULT_TIMEOUT, Engine


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="snippetexec", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", default=".", help="project root (default: .)")
    parser.add_argument("--snippets", default="snippets", help="snippets folder, relative to the root")
    parser.add_argument("--docs", default="docs", help="pages folder, to say which pages include a snippet")
    parser.add_argument("--cache-dir", default=".cache/snippetexec", help="relative to the root")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="run snippets and print their outputs")
    run.add_argument("names", nargs="*", help="snippet paths relative to the snippets folder (default: all "
                                              "snippets referenced by a page, then all others)")
    run.add_argument("--fresh", action="store_true", help="ignore the cache")
    commands.add_parser("clear-cache", help="delete cached results")
    args = parser.parse_args(argv)

    root = Path(args.root).resolve()
    engine = Engine(root, root / args.snippets, timeout=args.timeout, cache_dir=root / args.cache_dir)
    if args.command == "clear-cache":
        engine.cache.clear()
        print(f"cleared {args.cache_dir}")
        return 0

    references = scan_pages(root / args.docs, relative_to=root) if (root / args.docs).is_dir() else []
    names = args.names or list(dict.fromkeys([r.name for r in references] + engine.all_snippet_names()))
    result = engine.run(names, fresh=args.fresh)
    for name, outcome in result.outcomes.items():
        if outcome.result.good:
            print(f"=== {name} ({outcome.result.status}{', cached' if outcome.cached else ''})")
            print(outcome.result.output, end="" if outcome.result.output.endswith("\n") else "\n")
    print(report.timings(result), file=sys.stderr)
    if result.failures:
        print(report.describe_failures(result, args.snippets, report.included_by(references)), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
