"""Claims as Parquet and Arrow IPC files: the standard layout in columnar form.

The columns are those of the standard CSV layout (`CLAIM_FIELDS`), in the same order and
with the same meaning, so a file written here reads back exactly (a lossless round trip):

- ``issued_on``, ``due_on`` and ``prescription_starts_on`` are Arrow dates (``date32``);
- every other column is text, amounts and rates included: ``"1234.56"`` keeps its exact
  decimals (no binary float, no fixed scale); the history columns hold the same JSON as
  the CSV layout. Text is stored as is (no spreadsheet apostrophe: these files are not
  opened by spreadsheets).

Reading accepts other column types too, from a data warehouse or a Polars frame: dates,
decimals (``decimal128``), integers and booleans are turned into text in the mapping's
format and read through the same [`ColumnMapping`][recouvrement.io.mapping.ColumnMapping]
as a CSV file. A float column is refused: its amounts are not exact.

PyArrow is an optional dependency (the ``frames`` extra): without it these functions
raise [`MissingDependency`][recouvrement.MissingDependency].

Examples:
    >>> import io
    >>> from recouvrement.io.columnar import read_claims_parquet, write_claims_parquet
    >>> from recouvrement.sample import load_sample
    >>> buffer = io.BytesIO()
    >>> write_claims_parquet(load_sample().claims, buffer)
    200
    >>> _ = buffer.seek(0)
    >>> read_claims_parquet(buffer).claims == load_sample().claims
    True
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

import attrs

from ..claims import Claim
from ..errors import InvalidType, MissingDependency
from ._cells import format_decimal, restore
from .csv_ledger import (
    ClaimStream,
    Item,
    Skipped,
    _Applied,
    _check_mapping,
    _check_policy,
    _netted,
    _Reader,
    _RowFailure,
    _sets_against,
    claim_to_row,
)
from .errors import (
    CreditBalance,
    ErrorMode,
    LedgerError,
    LoadResult,
    LoadWarning,
    RowError,
    check_mode,
)
from .mapping import AUTO, CLAIM_FIELDS, ColumnMapping
from .review import ReadPolicy

__all__ = [
    "iter_claims_arrow",
    "iter_claims_parquet",
    "read_claims_arrow",
    "read_claims_parquet",
    "write_claims_arrow",
    "write_claims_parquet",
]

_DATE_FIELDS = frozenset({"issued_on", "due_on", "prescription_starts_on"})
_TEXT_FIELDS = frozenset(
    {
        "id",
        "reference",
        "creditor_id",
        "creditor_name",
        "creditor_address",
        "debtor_id",
        "debtor_name",
        "debtor_address",
    }
)
_BATCH = 8192


def _pyarrow() -> Any:
    try:
        import pyarrow as pa
        import pyarrow.ipc
        import pyarrow.parquet
    except ImportError as exc:
        raise MissingDependency("Parquet and Arrow files (PyArrow)", extra="frames") from exc
    return pa


def _schema(pa: Any) -> Any:
    return pa.schema(
        [
            pa.field(name, pa.date32() if name in _DATE_FIELDS else pa.string())
            for name in CLAIM_FIELDS
        ]
    )


def _batches(pa: Any, claims: Iterable[Claim], counter: list[int]) -> Iterator[Any]:
    schema = _schema(pa)
    columns: list[list[Any]] = [[] for _ in CLAIM_FIELDS]
    for claim in claims:
        if not isinstance(claim, Claim):
            raise InvalidType(f"claims[{counter[0]}]", claim, "Claim")
        for index, (name, cell) in enumerate(zip(CLAIM_FIELDS, claim_to_row(claim), strict=True)):
            if name in _DATE_FIELDS:
                columns[index].append(_dt.date.fromisoformat(cell) if cell else None)
            else:
                text = restore(cell) if name in _TEXT_FIELDS else cell
                columns[index].append(text if text else None)
        counter[0] += 1
        if len(columns[0]) >= _BATCH:
            yield pa.record_batch(columns, schema=schema)
            columns = [[] for _ in CLAIM_FIELDS]
    if columns[0] or counter[0] == 0:
        yield pa.record_batch(columns, schema=schema)


def _sink(target: Any) -> Any:
    if isinstance(target, str | os.PathLike) or hasattr(target, "write"):
        return target
    raise InvalidType("target", target, "a path or a binary file open for writing")


def write_claims_parquet(claims: Iterable[Claim], target: Any) -> int:
    """Write claims as a Parquet file in the standard columns; returns the number written.

    It streams in batches: ``claims`` may be a generator of any length.

    Args:
        claims: The claims.
        target: A path, or a binary file open for writing.

    Raises:
        MissingDependency: PyArrow is not installed.

    Examples:
        >>> import io
        >>> from recouvrement.sample import sample_claim
        >>> write_claims_parquet([sample_claim()], io.BytesIO())
        1
    """
    pa = _pyarrow()
    counter = [0]
    with pa.parquet.ParquetWriter(_sink(target), _schema(pa)) as writer:
        for batch in _batches(pa, claims, counter):
            writer.write_batch(batch)
    return counter[0]


def write_claims_arrow(claims: Iterable[Claim], target: Any) -> int:
    """Write claims as an Arrow IPC file (Feather v2) in the standard columns.

    Examples:
        >>> import io
        >>> from recouvrement.sample import sample_claim
        >>> write_claims_arrow([sample_claim()], io.BytesIO())
        1
    """
    pa = _pyarrow()
    counter = [0]
    with pa.ipc.new_file(_sink(target), _schema(pa)) as writer:
        for batch in _batches(pa, claims, counter):
            writer.write_batch(batch)
    return counter[0]


# -- reading ------------------------------------------------------------------------------


def _columnar_mapping(mapping: ColumnMapping) -> ColumnMapping:
    """Typed columns carry no text format: "auto" settings become the plain ones."""
    settings: dict[str, Any] = {"encoding": "utf-8", "delimiter": ","}
    if mapping.decimal_separator == AUTO:
        settings["decimal_separator"] = "."
    if mapping.thousands_separator == AUTO:
        settings["thousands_separator"] = None
    if mapping.date_format == AUTO:
        settings["date_format"] = "iso"
    return mapping.with_format(**settings)


def _converter(pa: Any, name: str, kind: Any, mapping: ColumnMapping) -> Any:
    """A function turning one value of a column into a text cell in the mapping's format."""
    types = pa.types
    if types.is_string(kind) or types.is_large_string(kind) or types.is_dictionary(kind):
        return str
    if types.is_date(kind):
        fmt = mapping.date_format
        return _dt.date.isoformat if fmt == "iso" else (lambda d: d.strftime(fmt))
    if types.is_decimal(kind) or types.is_integer(kind):
        point = mapping.decimal_separator

        def number(value: Any) -> str:
            text = format_decimal(value) if isinstance(value, Decimal) else str(value)
            return text.replace(".", point) if point != "." else text

        return number
    if types.is_boolean(kind):
        return lambda flag: "True" if flag else "False"
    why = "floats are inexact" if types.is_floating(kind) else f"type {kind} is not read"
    raise LedgerError(
        [
            RowError(
                source="<columns>",
                line=1,
                column=name,
                message=f"column {name!r} holds {kind} values: {why} (cast it to text, "
                "a date or a decimal)",
            )
        ]
    )


def _open_table(pa: Any, source: Any, kind: str) -> Any:
    """A reader giving record batches (and the schema) of a Parquet or Arrow IPC file."""
    try:
        if kind == "parquet":
            return pa.parquet.ParquetFile(source)
        return pa.ipc.open_file(source)
    except (OSError, pa.ArrowException, ValueError) as exc:
        message = f"not a readable {'Parquet' if kind == 'parquet' else 'Arrow IPC'} file: {exc}"
        raise LedgerError([RowError(source=_name(source), line=1, message=message)]) from None


def _name(source: Any) -> str:
    if isinstance(source, str | os.PathLike):
        return os.path.basename(os.fspath(source))
    name = getattr(source, "name", None)
    return os.path.basename(name) if isinstance(name, str) else "<stream>"


def _record_batches(pa: Any, handle: Any, kind: str) -> Iterator[Any]:
    if kind == "parquet":
        yield from handle.iter_batches(batch_size=_BATCH)
    else:
        for index in range(handle.num_record_batches):
            yield handle.get_batch(index)


def _columnar_items(
    source: Any, mapping: ColumnMapping, policy: ReadPolicy, kind: str
) -> Iterator[Item]:
    pa = _pyarrow()
    name = _name(source)
    handle = _open_table(pa, source, kind)
    schema = handle.schema_arrow if kind == "parquet" else handle.schema
    mapping = _columnar_mapping(mapping)
    header = list(schema.names)
    try:
        converters = [_converter(pa, n, schema.field(n).type, mapping) for n in header]
    except LedgerError as exc:
        raise LedgerError([RowError(source=name, line=1, message=exc.errors[0].message)]) from None
    parser = _Reader(header, mapping, name, policy)
    position = 1
    for batch in _record_batches(pa, handle, kind):
        columns = [
            ["" if v is None else convert(v) for v in batch.column(i).to_pylist()]
            for i, convert in enumerate(converters)
        ]
        for cells in zip(*columns, strict=True):
            position += 1
            yield from _row(parser, list(cells), position, name)


def _row(parser: _Reader, cells: list[str], line: int, name: str) -> Iterator[Item]:
    try:
        outcome = parser.claim(cells, False)
    except _RowFailure as failure:
        parser.notes.clear()
        ident = parser.row_id(cells) if len(cells) == parser.width else None
        yield RowError(
            source=name,
            line=line,
            column=failure.column,
            value=failure.value,
            message=failure.message,
            error=failure.error,
            claim_id=ident or None,
        )
        return
    ident = outcome.id if isinstance(outcome, Claim) else None
    for code, message, value in parser.notes:
        yield LoadWarning(
            source=name, line=line, code=code, message=message, claim_id=ident, value=value
        )
    parser.notes.clear()
    if isinstance(outcome, Claim):
        yield (line, outcome)
    elif isinstance(outcome, CreditBalance | Skipped | _Applied):
        yield attrs.evolve(outcome, line=line)


def _table_mapping(mapping: ColumnMapping | None) -> ColumnMapping:
    """The mapping a table is read with: the given one, else the standard columns with
    their text stored as is (no spreadsheet apostrophes)."""
    return ColumnMapping(name="standard") if mapping is None else _check_mapping(mapping)


def _stream(
    source: Any,
    kind: str,
    mapping: ColumnMapping | None,
    errors: ErrorMode,
    policy: ReadPolicy | None,
) -> ClaimStream:
    mode = check_mode(errors)
    checked = _table_mapping(mapping)
    rules = _check_policy(policy)
    items = _columnar_items(source, checked, rules, kind)
    if _sets_against(checked):
        items = _netted(items, _name(source))
    return ClaimStream(items, mode, policy=rules, source=_name(source))


def iter_claims_parquet(
    source: Any,
    *,
    mapping: ColumnMapping | None = None,
    errors: ErrorMode = "raise",
    policy: ReadPolicy | None = None,
) -> ClaimStream:
    """Stream the claims of a Parquet file, one record batch at a time.

    ``RowError.line`` is the row's position counting the header as 1 (as in a CSV file).

    Examples:
        >>> import io
        >>> from recouvrement.sample import load_sample
        >>> buffer = io.BytesIO()
        >>> _ = write_claims_parquet(load_sample().claims, buffer)
        >>> _ = buffer.seek(0)
        >>> sum(1 for _ in iter_claims_parquet(buffer))
        200
    """
    return _stream(source, "parquet", mapping, errors, policy)


def read_claims_parquet(
    source: Any,
    *,
    mapping: ColumnMapping | None = None,
    errors: ErrorMode = "raise",
    policy: ReadPolicy | None = None,
) -> LoadResult:
    """Read every claim of a Parquet file (see `read_claims_csv` for the arguments).

    Raises:
        MissingDependency: PyArrow is not installed.
        LedgerError: The file is not Parquet, a column cannot be read (a float column),
            or (``errors="raise"``) some rows are invalid.

    Examples:
        >>> import io
        >>> buffer = io.BytesIO()
        >>> _ = write_claims_parquet([], buffer)
        >>> _ = buffer.seek(0)
        >>> read_claims_parquet(buffer).rows
        0
    """
    return iter_claims_parquet(source, mapping=mapping, errors=errors, policy=policy).result()


def iter_claims_arrow(
    source: Any,
    *,
    mapping: ColumnMapping | None = None,
    errors: ErrorMode = "raise",
    policy: ReadPolicy | None = None,
) -> ClaimStream:
    """Stream the claims of an Arrow IPC file (Feather v2), one record batch at a time."""
    return _stream(source, "arrow", mapping, errors, policy)


def read_claims_arrow(
    source: Any,
    *,
    mapping: ColumnMapping | None = None,
    errors: ErrorMode = "raise",
    policy: ReadPolicy | None = None,
) -> LoadResult:
    """Read every claim of an Arrow IPC file (see `read_claims_parquet`).

    Examples:
        >>> import io
        >>> from recouvrement.sample import load_sample
        >>> buffer = io.BytesIO()
        >>> _ = write_claims_arrow(load_sample().claims, buffer)
        >>> _ = buffer.seek(0)
        >>> read_claims_arrow(buffer).claims == load_sample().claims
        True
    """
    return iter_claims_arrow(source, mapping=mapping, errors=errors, policy=policy).result()
