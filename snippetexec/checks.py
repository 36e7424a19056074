"""Say what a failed hidden check was, in words a snippet's author can act on.

    hidden check failed at snippets/x.py:12: `assert y.item() == 6.0` (y.item() was 8.0)

For an `assert` that compares, each side is evaluated again in the snippet's namespace and
shown; any other exception in the checks is named with its line.
"""

from __future__ import annotations

import ast
import traceback


def _statement_at(lines: list[str], lineno: int):
    """The `assert` statement of the file that covers `lineno`, with its source, or (None, line)."""
    source = "".join(lines)
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None, lines[lineno - 1].strip() if 0 < lineno <= len(lines) else ""
    for node in ast.walk(tree):
        if isinstance(node, ast.Assert) and node.lineno <= lineno <= (node.end_lineno or node.lineno):
            return node, ast.get_source_segment(source, node) or ""
    return None, lines[lineno - 1].strip() if 0 < lineno <= len(lines) else ""


def _sides(node: ast.Assert, source: str, namespace: dict) -> str:
    test = node.test
    if not isinstance(test, ast.Compare):
        return ""
    shown = []
    for operand in [test.left, *test.comparators]:
        if isinstance(operand, ast.Constant):
            continue
        text = ast.get_source_segment(source, operand)
        try:
            value = eval(compile(ast.Expression(operand), "<check>", "eval"), namespace)  # noqa: S307
        except Exception as error:  # noqa: BLE001
            value = f"<{type(error).__name__}>"
        else:
            value = repr(value)
        shown.append(f"{text} was {value if len(value) < 200 else value[:200] + '...'}")
    return f" ({'; '.join(shown)})" if shown else ""


def describe_check_failure(exc: BaseException, filename: str, lines: list[str], namespace: dict) -> str:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == filename]
    lineno = frames[-1].lineno if frames else 0
    node, text = _statement_at(lines, lineno)
    where = f"hidden check failed at {filename}:{lineno}: `{text}`"
    if isinstance(exc, AssertionError) and node is not None:
        message = f": {exc}" if str(exc) else ""
        return where + _sides(node, "".join(lines), namespace) + message
    return f"{where}: {type(exc).__name__}: {exc}"
