"""Spreadsheet-safe CSV exports of any records: decisions, aging, KPIs, load errors.

**Cells.** Each row is a mapping, or a record with a ``to_dict()`` method; values become
text losslessly: ``None`` an empty cell, `Decimal` and `int` plain numbers (``-12.50``,
never ``1E+2``), dates ISO strings, enums their value, booleans ``true``/``false``.
A nested mapping is flattened into dotted columns (``{"total": {"amount": "1.00",
"currency": "EUR"}}`` gives ``total.amount`` and ``total.currency``); a list becomes one
cell of compact JSON. Floats are refused (they are inexact).

**No formula injection.** A spreadsheet evaluates a cell starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return as a formula (OWASP, *CSV Injection*), which an
attacker can fill through a debtor's name or a payment reference. Every *text* cell that
starts with one of these characters is written with a leading apostrophe (``'=HYPERLINK(...)``),
which spreadsheets treat as "this is text" and do not display. Numbers are left alone:
``-12.50`` stays a number. A text cell that itself starts with an apostrophe gets one
more, so the rule is reversible: `read_rows_csv` (and the claims readers) remove exactly
the apostrophe the writer added, and a write followed by a read gives back the same cells.

Examples:
    >>> import io
    >>> from recouvrement.io.export import read_rows_csv, write_rows_csv
    >>> out = io.StringIO()
    >>> write_rows_csv([{"debtor": "=HYPERLINK(\\"http://x\\")", "balance": "-12.50"}], out)
    1
    >>> out.getvalue().splitlines()[1]
    '"\\'=HYPERLINK(""http://x"")",-12.50'
    >>> _ = out.seek(0)
    >>> list(read_rows_csv(out))
    [{'debtor': '=HYPERLINK("http://x")', 'balance': '-12.50'}]
"""

from __future__ import annotations

import csv
import datetime as _dt
import json
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

from ..errors import InvalidData, InvalidType, RecouvrementError
from ._cells import format_decimal, neutralise, restore
from ._source import Target, open_source, open_target, source_name
from .errors import LedgerError, RowError

__all__ = [
    "check_output_path",
    "neutralise_cell",
    "read_rows_csv",
    "restore_cell",
    "row_cells",
    "write_rows_csv",
]


def _counts_comment(cells: list[str], columns: list[str]) -> bool:
    """The ``# counts: rows=...`` line the command line ends its CSV with (skipped)."""
    return len(cells) == 1 and len(columns) > 1 and cells[0].startswith("# counts: ")


def check_output_path(target: str | os.PathLike[str], *, inputs: Iterable[Any] = ()) -> Path:
    """Check that an output file can be written and would destroy no input.

    Call it before writing anything: an output that is one of the input files (even by
    another name: a link, a relative path) is refused, and so is a folder, a file in a
    folder that does not exist or cannot be written.

    Args:
        target: The output path (``-o``).
        inputs: The input paths (or open files with a ``name``) of the run.

    Returns:
        The output path.

    Raises:
        InvalidData: The output would overwrite an input, is a folder, or cannot be
            written; the message names the path.

    Examples:
        >>> import tempfile, pathlib
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     ledger = pathlib.Path(tmp) / "ledger.csv"
        ...     _ = ledger.write_text("id\\n")
        ...     try:
        ...         check_output_path(ledger, inputs=[ledger])
        ...     except Exception as exc:
        ...         print(type(exc).__name__, "input" in str(exc))
        InvalidData True
    """
    if not isinstance(target, str | os.PathLike):
        raise InvalidType("output", target, "a path")
    path = Path(target)
    if path.is_dir():
        raise InvalidData("output", str(path), "is a folder, not a file")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InvalidData("output", str(path), f"the folder {str(folder)!r} does not exist")
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise InvalidData("output", str(path), "cannot be written (permissions)")
    if path.exists():
        for source in inputs:
            name = (
                source if isinstance(source, str | os.PathLike) else getattr(source, "name", None)
            )
            if not isinstance(name, str | os.PathLike):
                continue
            try:
                same = os.path.samefile(path, name)
            except OSError:
                same = False
            if same:
                raise InvalidData(
                    "output", str(path), "is an input file of this run: it would be destroyed"
                )
    return path


def neutralise_cell(text: str) -> str:
    """Make one text cell safe to open in a spreadsheet (reversibly, see the module doc).

    Examples:
        >>> neutralise_cell("=1+2"), neutralise_cell("-12.50"), neutralise_cell("-1+2")
        ("'=1+2", '-12.50', "'-1+2")
        >>> neutralise_cell("'quoted"), neutralise_cell("Martin SARL")
        ("''quoted", 'Martin SARL')
    """
    if not isinstance(text, str):
        raise InvalidType("text", text, "str")
    return neutralise(text)


def restore_cell(text: str) -> str:
    """Undo `neutralise_cell`: ``restore_cell(neutralise_cell(t)) == t`` for every text.

    Examples:
        >>> restore_cell("'=1+2"), restore_cell("''quoted"), restore_cell("'ok")
        ('=1+2', "'quoted", "'ok")
    """
    if not isinstance(text, str):
        raise InvalidType("text", text, "str")
    return restore(text)


def _scalar(value: Any, field: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return _scalar(value.value, field)
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise InvalidData(field, value, "not a finite number")
        return format_decimal(value)
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return value.isoformat()
    if isinstance(value, float):
        raise InvalidType(field, value, "an exact value (floats are refused)")
    raise InvalidType(field, value, "a text, number, date, enum, mapping or list")


def _jsonable(value: Any, field: str) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Enum):
        return _jsonable(value.value, field)
    if isinstance(value, Decimal | _dt.date):
        return _scalar(value, field)
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return _jsonable(to_dict(), field)
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v, f"{field}.{k}") for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v, f"{field}[{i}]") for i, v in enumerate(value)]
    return _scalar(value, field)


def _plain(value: Any) -> Any:
    """`_jsonable` of a value made of exact dicts, lists, tuples, texts, ints and bools
    (the common case: a record's reasons), without building field names; anything else
    goes through `_jsonable` (its errors are re-raised with their field by `_json_ready`)."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if kind is dict:
        return {str(k): _plain(v) for k, v in value.items()}
    if kind is list or kind is tuple:
        return [_plain(v) for v in value]
    return _jsonable(value, "")


def _json_ready(items: list[Any], field: str) -> Any:
    try:
        return _plain(items)
    except RecouvrementError:
        return _jsonable(items, field)  # the same error, named by its field


def list_cell(items: list[Any], field: str) -> str:
    """Internal: the cell a list is written as (compact JSON; `row_cells`)."""
    return json.dumps(_json_ready(items, field), ensure_ascii=False, separators=(",", ":"))


def _flatten(value: Any, prefix: str, out: dict[str, str]) -> None:
    kind = type(value)
    if kind is str:
        out[prefix] = value
        return
    if value is None:
        out[prefix] = ""
        return
    if kind is bool:  # exact types first: a record's cells are mostly these
        out[prefix] = "true" if value else "false"
        return
    if kind is int:
        out[prefix] = str(value)
        return
    if not isinstance(value, Mapping | str) and callable(getattr(value, "to_dict", None)):
        value = value.to_dict()
    if isinstance(value, Mapping):
        if not value and prefix:
            out[prefix] = ""
        for key, item in value.items():
            _flatten(item, f"{prefix}.{key}" if prefix else str(key), out)
    elif isinstance(value, list | tuple | set | frozenset):
        items = sorted(value) if isinstance(value, set | frozenset) else value
        out[prefix] = list_cell(list(items), prefix)
    else:
        out[prefix] = _scalar(value, prefix)


def row_cells(row: Any) -> dict[str, str]:
    """The text cells a row is written as, by column (before neutralisation).

    Args:
        row: A mapping, or a record with a ``to_dict()`` method.

    Examples:
        >>> from decimal import Decimal
        >>> from recouvrement.money import Money
        >>> row_cells({"claim": "F1", "total": Money("-12.50"), "codes": ["a", "b"]})
        {'claim': 'F1', 'total.amount': '-12.50', 'total.currency': 'EUR', 'codes': '["a","b"]'}
    """
    if not isinstance(row, Mapping):
        to_dict = getattr(row, "to_dict", None)
        if not callable(to_dict):
            raise InvalidType("row", row, "a mapping or a record with to_dict()")
        row = to_dict()
        if not isinstance(row, Mapping):
            raise InvalidType("row", row, "to_dict() returning a mapping")
    out: dict[str, str] = {}
    for key, value in row.items():
        _flatten(value, str(key), out)
    return out


def write_rows_csv(
    rows: Iterable[Any], target: Target, columns: Sequence[str] | None = None
) -> int:
    """Write records as a spreadsheet-safe CSV file; returns the number of rows written.

    It streams: ``rows`` may be a generator.

    Args:
        rows: Mappings, or records with ``to_dict()`` (decisions, aging rows, KPIs...).
        target: A path, or a text file opened with ``newline=""``.
        columns: The columns, in order. By default, the columns of the first row. A row
            with a cell for a column not in ``columns`` raises `InvalidData` (nothing is
            dropped); a row without some column leaves it empty.

    Examples:
        >>> import io
        >>> out = io.StringIO()
        >>> write_rows_csv([{"bucket": "1-30", "amount": "120.00"},
        ...                 {"bucket": ">90", "amount": "-5"}], out)
        2
        >>> out.getvalue().splitlines()
        ['bucket,amount', '1-30,120.00', '>90,-5']
    """
    header = None if columns is None else [str(c) for c in columns]
    if header is not None and len(set(header)) != len(header):
        raise InvalidData("columns", header, "a column appears twice")
    count = 0
    with open_target(target) as handle:
        writer = csv.writer(handle)
        known: frozenset[str] = frozenset(header or ())
        if header is not None:
            writer.writerow([neutralise(c) for c in header])
        for index, row in enumerate(rows):
            cells = row_cells(row)
            if header is None:
                header = list(cells)
                known = frozenset(header)
                writer.writerow([neutralise(c) for c in header])
            if not header:
                raise InvalidData("columns", header, "a CSV file needs at least one column")
            extra = [c for c in cells if c not in known]
            if extra:
                raise InvalidData(f"rows[{index}]", extra, f"columns not in the header {header}")
            writer.writerow([neutralise(cells.get(c, "")) for c in header])
            count += 1
    return count


def read_rows_csv(source: Target) -> Iterator[dict[str, str]]:
    """Read back a file written by `write_rows_csv`: one dict of text cells per row.

    The apostrophe added against formula injection is removed, so the cells are exactly
    `row_cells` of what was written (empty cells read as ``""``). Streams. The last line
    ``# counts: rows=...`` of the command line's CSV output is skipped.

    Raises:
        LedgerError: A row does not have as many cells as the header.

    Examples:
        >>> import io
        >>> list(read_rows_csv(io.StringIO("a,b\\r\\n'@x,2\\r\\n")))
        [{'a': '@x', 'b': '2'}]
    """
    name = source_name(source)
    with open_source(source) as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None:
            return
        columns = [restore(c) for c in header]
        for cells in reader:
            if not cells and reader.line_num > 1:
                continue
            if _counts_comment(cells, columns):
                continue
            if len(cells) != len(columns):
                raise LedgerError(
                    [
                        RowError(
                            source=name,
                            line=reader.line_num,
                            message=f"expected {len(columns)} cells, found {len(cells)}",
                        )
                    ]
                )
            yield {c: restore(v) for c, v in zip(columns, cells, strict=True)}
