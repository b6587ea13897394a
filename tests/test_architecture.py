"""The shape of the code: short functions, and national law only under ``jurisdictions/``.

Two checks read the source with `ast` (no import):

- **No function longer than 100 lines** (from ``def`` to its last line, the docstring not
  counted: runnable examples are welcome). `LONG_FUNCTIONS` lists the functions still
  waiting to be split; it may only shrink.
- **No national article reference or figure outside ``src/recouvrement/jurisdictions/``**
  in a string that is not a docstring (``"C. com."``, ``"CPC"``, ``"L441-10"``,
  ``"40 EUR"``...): citations, messages and reasons that name French law are built in
  ``jurisdictions/fr/``. `LEGAL_STRINGS` counts the literals still waiting to move, per
  file; it may only shrink.

Run ``python tests/test_architecture.py`` to list every offending function and literal.
"""

from __future__ import annotations

import ast
import re
import sys
from collections import Counter
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "recouvrement"
JURISDICTIONS = SRC / "jurisdictions"
MAX_LINES = 100

#: Functions longer than MAX_LINES that are still to be split ("module:function").
LONG_FUNCTIONS = frozenset(
    {
        "cli.py:_parser",  # arch-present (cli package)
    }
)

#: String literals naming national law outside jurisdictions/, per file, still to move.
LEGAL_STRINGS: dict[str, int] = {}

#: An article reference of French law, or a French statutory figure, in a string.
NATIONAL_LAW = re.compile(
    r"C\. (?:com|civ|consom|trav|assur|mon\. fin|pr\. exéc)\."
    r"|\bCPCE?\b|\bCCP\b|\bLPF\b|Cass\.|\bloi \d"
    r"|\b[LRD]\d{3,4}-\d"
    r"|\b40 EUR\b"
)


def _python_files() -> Iterator[Path]:
    yield from sorted(SRC.rglob("*.py"))


def _name(path: Path) -> str:
    return path.relative_to(SRC).as_posix()


def _docstring_ids(tree: ast.AST) -> set[int]:
    """The ids of the string constants that are docstrings (module, class, function, attribute)."""
    found: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if not isinstance(body, list):
            continue
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = body[0] if body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
        for before, after in pairwise(body):
            if (
                isinstance(before, ast.Assign | ast.AnnAssign)
                and isinstance(after, ast.Expr)
                and isinstance(after.value, ast.Constant)
            ):
                found.add(id(after.value))
    return found


def long_functions() -> dict[str, int]:
    """Every function of src/ longer than MAX_LINES, docstring excluded: name -> lines."""
    found: dict[str, int] = {}
    for path in _python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            assert node.end_lineno is not None
            lines = node.end_lineno - node.lineno + 1
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                assert first.end_lineno is not None
                if isinstance(first.value.value, str):
                    lines -= first.end_lineno - first.lineno + 1
            if lines > MAX_LINES:
                found[f"{_name(path)}:{node.name}"] = lines
    return found


def legal_strings() -> list[tuple[str, int, str]]:
    """Every non-docstring string literal outside jurisdictions/ naming national law."""
    found: list[tuple[str, int, str]] = []
    for path in _python_files():
        if JURISDICTIONS in path.parents:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = _docstring_ids(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docstrings
                and NATIONAL_LAW.search(node.value)
            ):
                found.append((_name(path), node.lineno, node.value))
    return found


def test_no_function_longer_than_100_lines() -> None:
    too_long = {name for name in long_functions() if name not in LONG_FUNCTIONS}
    assert not too_long, f"split these functions (over {MAX_LINES} lines): {sorted(too_long)}"


def test_long_function_allow_list_only_shrinks() -> None:
    stale = LONG_FUNCTIONS - long_functions().keys()
    assert not stale, f"these are short now: remove them from LONG_FUNCTIONS: {sorted(stale)}"


def test_no_national_law_outside_jurisdictions() -> None:
    counts = Counter(name for name, _, _ in legal_strings())
    over = {name: count for name, count in counts.items() if count > LEGAL_STRINGS.get(name, 0)}
    assert not over, (
        f"national article references or figures outside jurisdictions/: {over} "
        "(run python tests/test_architecture.py for the lines)"
    )


def test_legal_strings_allow_list_only_shrinks() -> None:
    counts = Counter(name for name, _, _ in legal_strings())
    stale = {name: n for name, n in LEGAL_STRINGS.items() if counts.get(name, 0) < n}
    assert not stale, f"fewer literals left: lower LEGAL_STRINGS for {stale}"


@pytest.mark.parametrize(
    ("text", "national"),
    [
        ("C. com.", True),
        ("CPCE", True),
        ("L441-10", True),
        ("40 EUR per invoice", True),
        ("Cass. 2e civ.", True),
        ("payment.partial", False),
        ("CPCV", False),
        ("EUR", False),
    ],
)
def test_the_pattern_recognises_national_law(text: str, national: bool) -> None:
    assert bool(NATIONAL_LAW.search(text)) is national


if __name__ == "__main__":  # pragma: no cover - a report for maintainers
    for name, lines in sorted(long_functions().items()):
        print(f"{lines:5} lines  {name}")
    for name, line, text in legal_strings():
        print(f"{name}:{line}: {text[:90]!r}")
    sys.exit(0)
