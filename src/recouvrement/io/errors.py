"""What a load reports: each invalid row with its line and column, and the load's result.

A reader never drops a row silently. With ``errors="collect"`` every invalid row becomes a
`RowError` in the result and the rest of the file is still read; with ``errors="raise"``
(the default) the whole load is refused with a `LedgerError` carrying every `RowError`.

Examples:
    >>> from recouvrement.io.errors import LedgerError, RowError
    >>> err = RowError(source="claims.csv", line=7, column="issued_on", value="31/02/2025",
    ...                message="issued_on='31/02/2025': not a date in the format YYYY-MM-DD")
    >>> str(err)
    "claims.csv:7: column 'issued_on': issued_on='31/02/2025': not a date in the format YYYY-MM-DD"
    >>> isinstance(LedgerError([err]), ValueError)
    True
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

import attrs

from ..claims import Claim
from ..errors import InvalidData, RecouvrementError
from ..money import Money

if TYPE_CHECKING:
    from .detect import Detected

__all__ = [
    "CreditBalance",
    "ErrorMode",
    "InvalidMapping",
    "LedgerError",
    "LoadResult",
    "LoadWarning",
    "RowError",
    "within_limit",
]

ErrorMode = Literal["raise", "collect"]
"""How a reader handles invalid rows: refuse the load (``"raise"``) or report and go on."""


@attrs.frozen(slots=True, kw_only=True)
class RowError:
    """One invalid row (or record) of a file, and why.

    Attributes:
        source: The file's name (``"<stream>"`` for an open file object without a name).
        line: The 1-based physical line where the row starts (CSV, JSON lines), or the
            1-based position of the claim in a JSON document.
        column: The source column (CSV) or field path (JSON) at fault, when known.
        value: The offending cell or value, when known.
        message: What is wrong, naming the field and the value.
        error: The underlying [`RecouvrementError`][recouvrement.RecouvrementError],
            when there is one (for a structural problem such as a missing cell there is not).
            It is left out of equality (exceptions compare by identity).
        claim_id: The claim's id, when it could be read.

    Examples:
        >>> RowError(source="x.csv", line=3, message="expected 12 cells, found 13").line
        3
    """

    source: str
    line: int
    message: str
    column: str | None = None
    value: Any = None
    error: RecouvrementError | None = attrs.field(default=None, eq=False)
    claim_id: str | None = None

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}"
        if self.column is not None:
            where += f": column {self.column!r}"
        return f"{where}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-compatible summary (the underlying error by its class name).

        Examples:
            >>> RowError(source="x.csv", line=3, message="bad").to_dict()["line"]
            3
        """
        return {
            "source": self.source,
            "line": self.line,
            "column": self.column,
            "value": None if self.value is None else str(self.value),
            "message": self.message,
            "error": None if self.error is None else type(self.error).__name__,
            "claim_id": self.claim_id,
        }


class LedgerError(InvalidData):
    """A load was refused: the file (or its header) has invalid rows.

    It is an [`InvalidData`][recouvrement.InvalidData], hence a `ValueError`.

    Attributes:
        errors: Every `RowError`, in file order.

    Examples:
        >>> e = LedgerError([RowError(source="x.csv", line=2, message="bad amount")])
        >>> e.errors[0].line, str(e)
        (2, 'rows=1: 1 invalid row: x.csv:2: bad amount')
    """

    errors: tuple[RowError, ...]

    def __init__(self, errors: Iterable[RowError]) -> None:
        found = tuple(errors)
        shown = "; ".join(str(e) for e in found[:5])
        more = f"; and {len(found) - 5} more" if len(found) > 5 else ""
        plural = "row" if len(found) == 1 else "rows"
        super().__init__("rows", len(found), f"{len(found)} invalid {plural}: {shown}{more}")
        self.errors = found


class InvalidMapping(InvalidData):
    """A column mapping is not acceptable (unknown field, field both mapped and constant...).

    Examples:
        >>> from recouvrement.io.mapping import ColumnMapping
        >>> ColumnMapping(columns={"amout": "Amount"})
        Traceback (most recent call last):
        ...
        recouvrement.io.errors.InvalidMapping: columns.amout='Amount': unknown claim field ...
    """


@attrs.frozen(slots=True, kw_only=True)
class LoadWarning:
    """Something suspect in a row that was still read (or deliberately left out).

    Attributes:
        source: The file's name.
        line: The row's line (CSV, JSON lines) or position (JSON document, Parquet).
        code: A stable tag: ``"fraction"`` (more decimals than the currency has),
            ``"rounded"``, ``"id_spaces"`` (an id with surrounding spaces, kept as read),
            ``"near_duplicate"`` (an id equal to another but for surrounding spaces),
            ``"duplicate"`` (a duplicate id dropped by policy), ``"credit"`` (a negative
            open balance), ``"filtered"`` (a row left out by the mapping's ``skip_when``
            or a zero open balance).
        message: What was seen and what was done, naming the field and the value.
        claim_id: The claim's id, when known.
        value: The cell at stake.

    Examples:
        >>> w = LoadWarning(source="x.csv", line=4, code="id_spaces", message="id=' F1': stripped")
        >>> str(w)
        "x.csv:4: warning id_spaces: id=' F1': stripped"
    """

    source: str
    line: int
    code: str
    message: str
    claim_id: str | None = None
    value: Any = None

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: warning {self.code}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-compatible summary."""
        return {
            "source": self.source,
            "line": self.line,
            "code": self.code,
            "message": self.message,
            "claim_id": self.claim_id,
            "value": None if self.value is None else str(self.value),
        }


@attrs.frozen(slots=True, kw_only=True)
class CreditBalance:
    """A negative open balance: the customer paid more than owed, a credit to refund.

    It is not a claim (nothing to collect) and must not show as negative aging; it is
    reported so that someone refunds or allocates it.

    Attributes:
        source: The file's name.
        line: The row's line.
        claim_id: The document's id.
        debtor_id: The customer's id (``None`` if unreadable).
        debtor_name: The customer's name (``None`` if unreadable).
        amount: The credit, as a positive amount.

    Examples:
        >>> from recouvrement.money import Money
        >>> c = CreditBalance(source="x.csv", line=3, claim_id="F9", debtor_id="D1",
        ...                   debtor_name="Martin", amount=Money("12.50"))
        >>> c.to_dict()["amount"]
        {'amount': '12.50', 'currency': 'EUR'}
    """

    source: str
    line: int
    claim_id: str | None
    debtor_id: str | None
    debtor_name: str | None
    amount: Money

    def to_dict(self) -> dict[str, Any]:
        """A JSON-compatible summary."""
        return {
            "source": self.source,
            "line": self.line,
            "claim_id": self.claim_id,
            "debtor_id": self.debtor_id,
            "debtor_name": self.debtor_name,
            "amount": self.amount.to_dict(),
        }


@attrs.frozen(slots=True, kw_only=True)
class LoadResult:
    """The claims read from a file and the rows that could not be read.

    Attributes:
        claims: The valid claims, in file order.
        errors: One `RowError` per invalid row, in file order.
        rows: The number of data rows (or records) read: always
            ``len(claims) + len(errors) + len(credits) + filtered + duplicates``.
        warnings: `LoadWarning`s about rows that were read (or left out by policy).
        credits: Negative open balances (`CreditBalance`), read from a mapping whose
            amount is an open balance.
        filtered: Rows left out on purpose (the mapping's ``skip_when``, zero balances,
            payments and credit memos set against the item they name).
        duplicates: Rows dropped by a ``keep_first``/``keep_last`` duplicate policy.
        detected: What format detection found (a `recouvrement.io.detect.Detected`),
            when a setting was ``"auto"``.

    Examples:
        >>> r = LoadResult(claims=(), errors=(), rows=0)
        >>> r.ok, r.counts()
        (True, {'rows': 0, 'loaded': 0, 'skipped': 0, 'invalid': 0, 'credits': 0, 'filtered': 0, 'duplicates': 0, 'warnings': 0})
    """

    claims: tuple[Claim, ...]
    errors: tuple[RowError, ...]
    rows: int
    warnings: tuple[LoadWarning, ...] = ()
    credits: tuple[CreditBalance, ...] = ()
    filtered: int = 0
    duplicates: int = 0
    detected: Detected | None = None

    @property
    def loaded(self) -> int:
        """The number of claims loaded."""
        return len(self.claims)

    @property
    def skipped(self) -> int:
        """The rows read that did not become a claim (invalid, credits, filtered, duplicates)."""
        return self.rows - len(self.claims)

    def accepts(self, max_invalid: int | str = 0) -> bool:
        """Whether an unattended run may call this load a success.

        A load that gave no claim is never a success. Otherwise the invalid rows must not
        exceed ``max_invalid``: a count (``3``, ``"3"``) or a percentage of the rows read
        (``"0.5%"``). Rows left out on purpose (``filtered``), credits and duplicates
        dropped by policy are reported, not counted as invalid.

        Raises:
            InvalidData: ``max_invalid`` is neither a count nor a percentage.

        Examples:
            >>> r = LoadResult(claims=(), errors=(), rows=0)
            >>> r.accepts()
            False
        """
        return within_limit(
            len(self.errors), self.rows, loaded=len(self.claims), max_invalid=max_invalid
        )

    def counts(self) -> dict[str, int]:
        """The counts every output should print: rows, loaded, skipped and why, warnings."""
        return {
            "rows": self.rows,
            "loaded": self.loaded,
            "skipped": self.skipped,
            "invalid": len(self.errors),
            "credits": len(self.credits),
            "filtered": self.filtered,
            "duplicates": self.duplicates,
            "warnings": len(self.warnings),
        }

    @property
    def ok(self) -> bool:
        """Whether every row was read."""
        return not self.errors

    def __iter__(self) -> Iterator[Claim]:
        return iter(self.claims)

    def __len__(self) -> int:
        return len(self.claims)

    def raise_for_errors(self) -> LoadResult:
        """Raise a `LedgerError` if any row was invalid, else return ``self``."""
        if self.errors:
            raise LedgerError(self.errors)
        return self


def check_mode(errors: Any) -> ErrorMode:
    """Check an ``errors=`` argument."""
    if errors not in ("raise", "collect"):
        raise InvalidData("errors", errors, "expected 'raise' or 'collect'")
    mode: ErrorMode = errors
    return mode


def within_limit(invalid: int, rows: int, *, loaded: int, max_invalid: int | str = 0) -> bool:
    """Whether ``invalid`` rows of ``rows`` are within ``max_invalid`` (see `LoadResult.accepts`).

    A load that gave no claim (``loaded == 0``) is never within the limit.

    Examples:
        >>> within_limit(1, 200, loaded=199, max_invalid="1%"), within_limit(3, 200, loaded=197)
        (True, False)
    """
    if not loaded:
        return False
    if isinstance(max_invalid, int) and not isinstance(max_invalid, bool):
        if max_invalid < 0:
            raise InvalidData("max_invalid", max_invalid, "must not be negative")
        return invalid <= max_invalid
    if not isinstance(max_invalid, str):
        raise InvalidData("max_invalid", max_invalid, "a count or a percentage such as 2%")
    text = max_invalid.strip()
    try:
        if text.endswith("%"):
            share = Decimal(text[:-1].strip())
            if not share.is_finite() or not 0 <= share <= 100:
                raise ValueError(text)
            return invalid * 100 <= share * rows
        count = int(text)
    except (ValueError, ArithmeticError):
        raise InvalidData(
            "max_invalid", max_invalid, "a count (3) or a percentage (0.5%)"
        ) from None
    if count < 0:
        raise InvalidData("max_invalid", max_invalid, "must not be negative")
    return invalid <= count
