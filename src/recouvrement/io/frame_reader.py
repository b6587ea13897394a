"""A CSV ledger read straight into a claims frame (the columnar path, issue #15).

`read_claims_frame` reads a CSV ledger (any layout `read_claims_csv` reads) and returns
its valid claims as a Polars frame in the schema of
[`claims_to_frame`][recouvrement.kpi.frames.claims_to_frame], ready for
[`FramePortfolio`][recouvrement.kpi.frames.FramePortfolio], with the same row errors,
warnings and counts as `read_claims_csv`.

The frame equals ``claims_to_frame`` of the claims `read_claims_csv` returns, dtype for
dtype, and the errors, warnings and counts are the same, line for line
(``errors="raise"``/``"collect"`` and the `ReadPolicy` behave the same). Amounts stay
exact (``Decimal(38, s)``).

**Vectorised checks.** A ledger in the standard layout (or with its columns renamed) is
read by Polars and every row is checked with vectorised expressions: the patterns of
amounts and dates, the lists of natures and currencies, each payment and credit note, the
due date. What needs the library's own rules runs once per *distinct* value, not per row:
parties' kinds and numbers, payment terms and the due dates they give, each distinct
event. A row the expressions cannot prove valid is read by the row parser of
`read_claims_csv`. If any row is invalid or gives a warning, or the file's shape is in
doubt (a row of the wrong width, odd quoting), the whole file is read again by the row
parser, which reports every error with its line: errors are never approximated. French
spreadsheet formats are covered too (semicolons, day/month/year dates, decimal commas,
digits grouped by spaces, cp1252, "auto" settings detected as the row path detects them);
other layouts (value maps, event columns, constants, ``skip_when``, open balances) use
the row parser.

The row parser holds at most ``chunk_size`` `Claim` objects at a time: each chunk is
turned into columns and dropped, so a million-row ledger costs its frame, not a million
claim objects.

Needs the optional extra ``frames`` (Polars and PyArrow).

Examples:
    >>> import io
    >>> from recouvrement.sample import load_sample
    >>> from recouvrement.io.csv_ledger import write_claims_csv
    >>> buffer = io.StringIO()
    >>> _ = write_claims_csv(load_sample().claims, buffer)
    >>> _ = buffer.seek(0)
    >>> loaded = read_claims_frame(buffer)
    >>> loaded.frame.height, loaded.result.errors
    (200, ())
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import attrs

from ..claims import Claim
from ..errors import InvalidType, InvalidValue
from ..kpi.frames import claims_to_frame
from ._source import Source
from .columnar import _columnar_mapping, _table_mapping, iter_claims_arrow, iter_claims_parquet
from .csv_ledger import ClaimStream, _check_mapping, _check_policy, iter_claims_csv
from .errors import ErrorMode, LoadResult, check_mode
from .mapping import ColumnMapping
from .review import ReadPolicy

if TYPE_CHECKING:
    import polars as pl

__all__ = ["FrameLoad", "read_claims_frame"]

_MONEY_COLUMNS = ("payments", "credit_notes", "recovery_costs")


@attrs.frozen(kw_only=True)
class FrameLoad:
    """A ledger read into a frame: the claims as columns, the rest as a `LoadResult`.

    Attributes:
        frame: The valid claims, in file order, in the schema of ``claims_to_frame``.
        result: The errors, warnings, credits and counts of the load, exactly those of
            `read_claims_csv`; its ``claims`` is empty (they are in ``frame``).

    Examples:
        >>> from recouvrement.kpi.frames import claims_to_frame
        >>> FrameLoad(frame=claims_to_frame([]), result=LoadResult(claims=(), errors=(), rows=0)).loaded
        0
    """

    frame: pl.DataFrame
    result: LoadResult

    @property
    def loaded(self) -> int:
        """The number of claims loaded (rows of the frame)."""
        height: int = self.frame.height
        return height

    def counts(self) -> dict[str, int]:
        """The counts of the load, as `LoadResult.counts` gives them for `read_claims_csv`."""
        counts = dict(self.result.counts())
        counts["loaded"] = self.loaded
        counts["skipped"] = self.result.rows - self.loaded
        return counts


def _scale(dtype: Any) -> int:
    scale: int = dtype.scale
    return scale


def _unify(frames: list[pl.DataFrame]) -> pl.DataFrame:
    """Concatenate chunk frames under the schema ``claims_to_frame`` gives the whole."""
    import polars as pl

    if len(frames) == 1:
        return frames[0]
    money = pl.Decimal(38, max(_scale(f.schema["amount"]) for f in frames))
    moves = pl.List(pl.Struct({"on": pl.Date, "amount": money}))
    fee = pl.Decimal(38, max(_scale(f.schema["fee_rate"]) for f in frames))
    target: dict[Any, Any] = {"amount": money, "fee_rate": fee}
    target.update(dict.fromkeys(_MONEY_COLUMNS, moves))
    return pl.concat([f.cast(target) for f in frames], how="vertical")


_STREAMS: dict[str, Callable[..., ClaimStream]] = {
    "csv": iter_claims_csv,
    "parquet": iter_claims_parquet,
    "arrow": iter_claims_arrow,
}


def read_claims_frame(
    source: Source,
    *,
    mapping: ColumnMapping | None = None,
    errors: ErrorMode = "raise",
    policy: ReadPolicy | None = None,
    records: bool = False,
    chunk_size: int = 50_000,
    vectorised: bool = True,
    input_format: str = "csv",
) -> FrameLoad:
    """Read a CSV ledger (or a Parquet or Arrow IPC file) into a claims frame, with the
    errors of `read_claims_csv` (`read_claims_parquet`, `read_claims_arrow`).

    Args:
        source: A path, a binary file, or (CSV) a text file opened with ``newline=""``.
        mapping: How to read the columns and the format (as for `read_claims_csv`).
        errors: ``"raise"`` or ``"collect"`` (as for `read_claims_csv`).
        policy: Duplicate ids and fractions of a cent (`ReadPolicy`).
        records: Also keep each claim as JSON in a ``record`` column (see
            ``claims_to_frame``), so that the claims can be rebuilt exactly.
        chunk_size: How many claim objects to hold at a time (at least 1).
        vectorised: Check the rows with vectorised expressions first (the default);
            ``False`` sends every row through the row parser. The result is the same
            either way (see "Vectorised checks" above).
        input_format: ``"csv"`` (the default), ``"parquet"`` or ``"arrow"``: the
            files of the columnar readers (`recouvrement.io.columnar`), checked by the
            same expressions when their columns are text and dates.

    Returns:
        A `FrameLoad`: the frame and the `LoadResult` (without its claims).

    Raises:
        LedgerError: The header cannot be read, or (``errors="raise"``) some rows are
            invalid; it carries every `RowError`, as `read_claims_csv` does.
        MissingDependency: Polars or PyArrow is not installed.

    Examples:
        >>> import io
        >>> text = ("id,nature,amount,currency,issued_on,creditor_id,creditor_name,"
        ...         "creditor_kind,debtor_id,debtor_name,debtor_kind\\n"
        ...         "F1,commercial,120.00,EUR,2025-01-15,C1,Acme,professional,D1,Martin,professional\\n"
        ...         "F2,commercial,12O.00,EUR,2025-01-15,C1,Acme,professional,D1,Martin,professional\\n")
        >>> loaded = read_claims_frame(io.StringIO(text), errors="collect")
        >>> loaded.frame.get_column("amount").to_list(), loaded.result.rows
        ([Decimal('120.00')], 2)
        >>> print(loaded.result.errors[0])
        <stream>:3: column 'amount': amount='12O.00': not a plain decimal number (such as 1234.56)
    """
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int):
        raise InvalidType("chunk_size", chunk_size, "int")
    if chunk_size < 1:
        raise InvalidValue("chunk_size", chunk_size, "at least 1")
    check_mode(errors)
    checked, rules = _check_mapping(mapping), _check_policy(policy)
    if not isinstance(vectorised, bool):
        raise InvalidType("vectorised", vectorised, "bool")
    if input_format not in _STREAMS:
        raise InvalidValue("input_format", input_format, f"one of {sorted(_STREAMS)}")
    found = None
    if vectorised:
        from ._vector import read_vectorised, read_vectorised_table  # needs Polars

        if input_format == "csv":
            found = read_vectorised(source, checked, rules, records=records)
        else:
            table_mapping = _columnar_mapping(_table_mapping(mapping))
            found = read_vectorised_table(
                source, input_format, table_mapping, rules, records=records
            )
    if found is not None:
        frame, rows, detected = found
        result = LoadResult(claims=(), errors=(), rows=rows, detected=detected)
        return FrameLoad(frame=frame, result=result)
    stream = _STREAMS[input_format](source, mapping=mapping, errors=errors, policy=policy)
    frames: list[pl.DataFrame] = []
    chunk: list[Claim] = []
    for claim in stream:
        chunk.append(claim)
        if len(chunk) == chunk_size:
            frames.append(claims_to_frame(chunk, records=records))
            chunk = []
    if chunk or not frames:
        frames.append(claims_to_frame(chunk, records=records))
    frame = _unify(frames)
    result = stream.counted(())
    return FrameLoad(frame=frame, result=result)
