"""Dated rate tables: the ECB refinancing rate and the French legal interest rate.

The law is data: the rates live in text files (``recouvrement/data/ecb_mro_rate.csv``,
shared by the euro area, and ``recouvrement/jurisdictions/fr/data/fr_legal_interest_rate.csv``), each with a header naming its
sources, the date the figures were checked, the last date they cover
(``published_to``) and a confidence mark per row. They are parsed once per process.

A rate is never extrapolated: asking for a date after ``published_to``, before the
first row or in a gap raises [`RateNotPublished`][recouvrement.RateNotPublished],
naming the missing half-year. When a new rate is published, extend the packaged table
and pass it in, without editing the package:

Examples:
    >>> from recouvrement.rates import RateTable, ecb_refinancing_rate, legal_interest_rate
    >>> from recouvrement.parties import PartyKind
    >>> ecb_refinancing_rate("2024-01-01")
    Decimal('4.50')
    >>> legal_interest_rate("2025-03-01", creditor_kind=PartyKind.INDIVIDUAL)
    Decimal('7.21')
    >>> legal_interest_rate("2025-03-01", creditor_kind="professional")
    Decimal('3.71')
    >>> legal_interest_rate("2026-07-01", creditor_kind=PartyKind.PROFESSIONAL)
    Traceback (most recent call last):
    ...
    recouvrement.errors.RateNotPublished: fr_legal_interest: no published rate for 2026-07-01
    (2026 S2); ...
    >>> mine = RateTable.legal_interest().with_half_year(
    ...     2026, 2, individual="6.50", other="2.50", source="arrêté (example)")
    >>> legal_interest_rate("2026-07-01", creditor_kind="professional", table=mine)
    Decimal('2.50')
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
from bisect import bisect_right
from collections.abc import Iterable
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import pendulum

from ._convert import (
    from_ordinal,
    to_date,
    to_decimal,
    to_enum,
    to_int,
)
from .errors import InvalidData, InvalidType, InvalidValue, RateNotPublished
from .parties import PartyKind

__all__ = [
    "RateRow",
    "RateTable",
    "data_version",
    "ecb_refinancing_rate",
    "half_year_label",
    "legal_interest_category",
    "legal_interest_rate",
]

#: Name of the packaged ECB main refinancing operations rate table.
ECB_TABLE = "ecb_mro"
#: Name of the packaged French legal interest rate table.
LEGAL_TABLE = "fr_legal_interest"
#: Legal-rate category: the creditor is a natural person not acting for professional needs.
INDIVIDUAL = "individual"
#: Legal-rate category: all other cases.
OTHER = "other"

#: Where the packaged tables live: the ECB rate is shared by the euro-area jurisdictions;
#: a national table lives with its jurisdiction's data.
_FILES = {
    ECB_TABLE: ("data", "ecb_mro_rate.csv"),
    LEGAL_TABLE: ("jurisdictions", "fr", "data", "fr_legal_interest_rate.csv"),
}
_COLUMNS = ("effective_from", "effective_to", "category", "rate", "confidence", "source", "note")
_CONFIDENCE = ("P", "S")
#: Confidence mark of a row a caller adds (`RateTable.with_row`, `RateTable.with_half_year`)
#: without saying where it was checked.
USER = "user"


def half_year_label(on: Any) -> str:
    """Return the half-year of a date as ``"2026 S2"``.

    Examples:
        >>> half_year_label("2026-07-01"), half_year_label("2026-06-30")
        ('2026 S2', '2026 S1')
    """
    day = to_date(on, "on")
    return f"{day.year} S{1 if day.month <= 6 else 2}"


def _half_year_of_ordinal(ordinal: int) -> str:
    day = _dt.date.fromordinal(ordinal)
    return f"{day.year} S{1 if day.month <= 6 else 2}"


def _optional_text(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidType("category", value, "str or None")
    text = value.strip()
    return text or None


def _effective_from(value: Any) -> pendulum.Date:
    return to_date(value, "effective_from")


def _effective_to(value: Any) -> pendulum.Date | None:
    return None if value is None else to_date(value, "effective_to")


def _rate(value: Any) -> Decimal:
    return to_decimal(value, "rate")


def _published_to(value: Any) -> pendulum.Date:
    return to_date(value, "published_to")


def _checked(value: Any) -> pendulum.Date | None:
    return None if value is None else to_date(value, "checked")


def _sources(value: Any) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise InvalidType("sources", value, "a sequence of str")
    items = tuple(value)
    for item in items:
        if not isinstance(item, str):
            raise InvalidType("sources", item, "str")
    return items


def _confidence(value: Any) -> str:
    if not isinstance(value, str):
        raise InvalidType("confidence", value, "'P', 'S' or 'user'")
    if value.strip().lower() == USER:
        return USER
    mark = value.strip().upper()
    if mark == "U":
        raise InvalidValue(
            "confidence", value, "a row marked U (unconfirmed) cannot be used as a rate"
        )
    if mark not in _CONFIDENCE:
        raise InvalidValue(
            "confidence",
            value,
            "must be 'P' (primary), 'S' (secondary) or 'user' (supplied by the caller)",
        )
    return mark


@attrs.frozen(slots=True, kw_only=True)
class RateRow:
    """One dated rate: in force from ``effective_from`` to ``effective_to`` inclusive.

    Attributes:
        effective_from: First day the rate applies.
        effective_to: Last day the rate applies, or ``None`` for open-ended (up to the
            table's ``published_to``).
        rate: Percent per year, as a `Decimal` (``Decimal("4.50")``).
        category: For tables with several series (the legal rate: ``"individual"`` or
            ``"other"``); ``None`` otherwise.
        source: Where the figure was read (``"[60]"`` refers to the file header).
        confidence: ``"P"`` (primary text or official page), ``"S"`` (secondary source)
            or ``"user"`` (a row supplied by the caller: the default of
            `RateTable.with_row` and `RateTable.with_half_year`). ``"U"`` (unconfirmed)
            is refused.
        note: A free precision (the arrêté, the tender type...).

    Examples:
        >>> RateRow(effective_from="2025-06-11", rate="2.15", source="ECB").rate
        Decimal('2.15')
        >>> RateRow(effective_from="2026-07-01", rate="2", confidence="U")
        Traceback (most recent call last):
        ...
        recouvrement.errors.InvalidValue: confidence='U': a row marked U (unconfirmed)
        cannot be used as a rate
    """

    effective_from: pendulum.Date = attrs.field(converter=_effective_from)
    effective_to: pendulum.Date | None = attrs.field(default=None, converter=_effective_to)
    rate: Decimal = attrs.field(converter=_rate)
    category: str | None = attrs.field(default=None, converter=_optional_text)
    source: str = attrs.field(default="")
    confidence: str = attrs.field(default="P", converter=_confidence)
    note: str | None = attrs.field(default=None)

    def __attrs_post_init__(self) -> None:
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise InvalidValue(
                "effective_to",
                self.effective_to.isoformat(),
                f"is before effective_from {self.effective_from.isoformat()}",
            )
        if not isinstance(self.source, str):
            raise InvalidType("source", self.source, "str")

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-compatible dict (dates ISO, rate as a string)."""
        return {
            "effective_from": self.effective_from.isoformat(),
            "effective_to": self.effective_to.isoformat() if self.effective_to else None,
            "rate": str(self.rate),
            "category": self.category,
            "source": self.source,
            "confidence": self.confidence,
            "note": self.note,
        }


_Index = dict[str | None, tuple[list[int], list[int], list[Decimal]]]


def _rows_converter(value: Any) -> tuple[RateRow, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InvalidType("rows", value, "a sequence of RateRow")
    rows = tuple(value)
    for index, row in enumerate(rows):
        if not isinstance(row, RateRow):
            raise InvalidType(f"rows[{index}]", row, "RateRow")
    return rows


def _name_check(_: Any, __: Any, value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidValue("name", value, "must be a non-empty string")


@attrs.frozen(slots=True, kw_only=True)
class RateTable:
    """A dated table of rates with its provenance: a value object you can build and pass in.

    Rows of one category must not overlap; at most the last row of a category is
    open-ended, and it runs up to ``published_to``. Any date not covered (before the
    first row, in a gap, after ``published_to``) raises
    [`RateNotPublished`][recouvrement.RateNotPublished]: nothing is extrapolated.

    Attributes:
        name: The table's name (``"ecb_mro"``, ``"fr_legal_interest"``), used in errors.
        rows: The `RateRow` rows, in any order.
        published_to: The last date the table covers.
        title: A readable description.
        sources: The source lines of the header (with their URLs).
        checked: The date the figures were last checked against their sources.
        origin: Where the table came from (a packaged file name, a path, ``"custom"``).

    Examples:
        >>> table = RateTable.from_rows("my_rate", [
        ...     RateRow(effective_from="2025-01-01", effective_to="2025-06-30", rate="3"),
        ...     RateRow(effective_from="2025-07-01", rate="2.5"),
        ... ], published_to="2025-12-31")
        >>> table.rate_on("2025-08-01")
        Decimal('2.5')
        >>> table.rate_on("2026-01-01")
        Traceback (most recent call last):
        ...
        recouvrement.errors.RateNotPublished: my_rate: no published rate for 2026-01-01
        (2026 S1); ...
        >>> RateTable.ecb().with_row("2026-03-18", "2.00", published_to="2026-12-31").rate_on(
        ...     "2026-07-01")
        Decimal('2.00')
    """

    name: str = attrs.field(validator=_name_check)
    rows: tuple[RateRow, ...] = attrs.field(converter=_rows_converter)
    published_to: pendulum.Date = attrs.field(converter=_published_to)
    title: str = ""
    sources: tuple[str, ...] = attrs.field(default=(), converter=_sources)
    checked: pendulum.Date | None = attrs.field(default=None, converter=_checked)
    origin: str = "custom"
    _index: _Index = attrs.field(init=False, eq=False, hash=False, repr=False)
    _published_ord: int = attrs.field(init=False, eq=False, hash=False, repr=False)
    _memo: dict[tuple[int, str | None], Decimal] = attrs.field(
        init=False, eq=False, hash=False, repr=False
    )

    def __attrs_post_init__(self) -> None:
        by_category: dict[str | None, list[RateRow]] = {}
        for row in self.rows:
            by_category.setdefault(row.category, []).append(row)
        published = self.published_to.toordinal()
        index: _Index = {}
        for category, rows in by_category.items():
            rows.sort(key=lambda r: r.effective_from)
            starts: list[int] = []
            ends: list[int] = []
            rates: list[Decimal] = []
            for position, row in enumerate(rows):
                start = row.effective_from.toordinal()
                if row.effective_to is None:
                    if position != len(rows) - 1:
                        raise InvalidValue(
                            "rows",
                            row.effective_from.isoformat(),
                            f"open-ended row of category {category!r} is not the last one",
                        )
                    end = published
                else:
                    end = row.effective_to.toordinal()
                if ends and start <= ends[-1]:
                    raise InvalidValue(
                        "rows",
                        row.effective_from.isoformat(),
                        f"row of category {category!r} overlaps the previous row "
                        f"(which ends {from_ordinal(ends[-1]).isoformat()})",
                    )
                starts.append(start)
                ends.append(end)
                rates.append(row.rate)
            index[category] = (starts, ends, rates)
        object.__setattr__(self, "_index", index)
        object.__setattr__(self, "_published_ord", published)
        object.__setattr__(self, "_memo", {})

    # -- construction -----------------------------------------------------------------------

    @classmethod
    def from_rows(
        cls,
        name: str,
        rows: Iterable[RateRow],
        *,
        published_to: Any = None,
        title: str = "",
        sources: Iterable[str] = (),
        checked: Any = None,
    ) -> RateTable:
        """Build a table; ``published_to`` defaults to the last ``effective_to`` of closed rows.

        An open-ended row needs an explicit ``published_to``.

        Examples:
            >>> RateTable.from_rows("t", [RateRow(effective_from="2025-01-01",
            ...     effective_to="2025-12-31", rate="1")]).published_to
            Date(2025, 12, 31)
        """
        items = _rows_converter(rows)
        if published_to is None:
            if not items or any(row.effective_to is None for row in items):
                raise InvalidValue(
                    "published_to", None, "required when a row is open-ended or there are no rows"
                )
            published_to = max(row.effective_to for row in items if row.effective_to)
        return cls(
            name=name,
            rows=items,
            published_to=published_to,
            title=title,
            sources=tuple(sources),
            checked=checked,
        )

    @classmethod
    def ecb(cls) -> RateTable:
        """Return the packaged ECB main refinancing operations rate table (2008 onward).

        Examples:
            >>> RateTable.ecb().rate_on("2023-07-01")
            Decimal('4.00')
        """
        return _packaged(ECB_TABLE)

    @classmethod
    def legal_interest(cls) -> RateTable:
        """Return the packaged French legal interest rate table (2009 onward).

        2009-2014: one annual rate for every creditor, repeated in both categories;
        from 2015: per half-year, in two categories (C. mon. fin. L313-2).

        Examples:
            >>> RateTable.legal_interest().rate_on("2024-01-15", category="other")
            Decimal('5.07')
        """
        return _packaged(LEGAL_TABLE)

    @classmethod
    def load(cls, path: str | Path) -> RateTable:
        """Read a table from a file in the packaged format (``#`` header lines, then CSV).

        Examples:
            >>> import tempfile, pathlib
            >>> text = ("# table: mine\\n# published_to: 2025-12-31\\n"
            ...         "effective_from,effective_to,category,rate,confidence,source,note\\n"
            ...         "2025-01-01,,,1.50,P,my source,\\n")
            >>> with tempfile.TemporaryDirectory() as tmp:
            ...     file = pathlib.Path(tmp) / "mine.csv"
            ...     _ = file.write_text(text, encoding="utf-8")
            ...     RateTable.load(file).rate_on("2025-06-01")
            Decimal('1.50')
        """
        file = Path(path)
        return _parse(file.read_text(encoding="utf-8"), origin=str(file))

    def with_row(
        self,
        effective_from: Any,
        rate: Any,
        *,
        effective_to: Any = None,
        category: str | None = None,
        source: str = "user",
        confidence: str = USER,
        note: str | None = None,
        published_to: Any = None,
    ) -> RateTable:
        """Return a copy with one more row (the table itself is unchanged).

        The new row's confidence mark is ``"user"`` (it comes from the caller, not from
        the package's sourced reference) unless you give ``confidence="P"`` or ``"S"``;
        `describe` and `data_version`-style reports then show it.

        An open-ended row of the same category that starts before ``effective_from`` is
        closed the day before. ``published_to`` becomes the latest of the current one,
        the given one and the new row's ``effective_to`` (or ``effective_from`` when
        open-ended): say up to when you know the new rate holds.

        Examples:
            >>> t = RateTable.ecb().with_row("2026-04-15", "1.90", source="ECB press release",
            ...                             published_to="2026-09-30")
            >>> t.rate_on("2026-04-14"), t.rate_on("2026-09-30"), t.published_to
            (Decimal('2.15'), Decimal('1.90'), Date(2026, 9, 30))
            >>> t.rows[-1].confidence, t.describe()["confidence"]
            ('user', ['P', 'S', 'user'])
        """
        new = RateRow(
            effective_from=effective_from,
            effective_to=effective_to,
            rate=rate,
            category=category,
            source=source,
            confidence=confidence,
            note=note,
        )
        rows: list[RateRow] = []
        for row in self.rows:
            if (
                row.category == new.category
                and row.effective_to is None
                and row.effective_from < new.effective_from
            ):
                closed_to = from_ordinal(new.effective_from.toordinal() - 1)
                # The open row held up to the day before the new one: keep that fact even
                # if it was published only up to an earlier date.
                row = attrs.evolve(row, effective_to=closed_to)
            rows.append(row)
        rows.append(new)
        candidates = [self.published_to, new.effective_to or new.effective_from]
        if published_to is not None:
            candidates.append(to_date(published_to, "published_to"))
        return attrs.evolve(self, rows=tuple(rows), published_to=max(candidates), origin="custom")

    def with_half_year(
        self,
        year: int,
        half: int,
        *,
        individual: Any,
        other: Any,
        source: str = "user",
        confidence: str = USER,
        note: str | None = None,
    ) -> RateTable:
        """Return a copy of a legal-rate table with one more half-year in both categories.

        The new rows are marked ``confidence="user"`` unless you say otherwise.

        Examples:
            >>> t = RateTable.legal_interest().with_half_year(2026, 2, individual="6.5",
            ...                                                other="2.5", source="JORF")
            >>> t.published_to, t.rate_on("2026-12-31", category="individual")
            (Date(2026, 12, 31), Decimal('6.5'))
            >>> t.rows[-1].confidence
            'user'

        """
        year = to_int(year, "year")
        half = to_int(half, "half")
        if half not in (1, 2):
            raise InvalidValue("half", half, "must be 1 (January-June) or 2 (July-December)")
        start = pendulum.Date(year, 1 if half == 1 else 7, 1)
        end = pendulum.Date(year, 6, 30) if half == 1 else pendulum.Date(year, 12, 31)
        table = self.with_row(
            start,
            to_decimal(individual, "individual"),
            effective_to=end,
            category=INDIVIDUAL,
            source=source,
            confidence=confidence,
            note=note,
        )
        return table.with_row(
            start,
            to_decimal(other, "other"),
            effective_to=end,
            category=OTHER,
            source=source,
            confidence=confidence,
            note=note,
        )

    def with_published_to(self, on: Any) -> RateTable:
        """Return a copy whose open-ended rows are known to hold up to ``on``.

        Use it when a new decision leaves the rate unchanged.

        Examples:
            >>> RateTable.ecb().with_published_to("2026-07-01").rate_on("2026-07-01")
            Decimal('2.15')
        """
        return attrs.evolve(self, published_to=to_date(on, "published_to"), origin="custom")

    # -- lookup -----------------------------------------------------------------------------

    @property
    def categories(self) -> tuple[str | None, ...]:
        """The categories present (``(None,)`` for a single-series table)."""
        return tuple(self._index)

    @property
    def first_date(self) -> pendulum.Date:
        """The first date any row covers."""
        return min(row.effective_from for row in self.rows)

    def rate_on(self, on: Any, *, category: str | None = None) -> Decimal:
        """Return the rate in force on ``on`` (percent per year).

        Raises:
            RateNotPublished: ``on`` is not covered by a published row.
            InvalidValue: ``category`` is not one of the table's categories.

        Examples:
            >>> RateTable.ecb().rate_on("2016-03-16")
            Decimal('0.00')
        """
        return self.rate_on_ordinal(to_date(on, "on").toordinal(), category)

    def rate_on_ordinal(self, ordinal: int, category: str | None = None) -> Decimal:
        """Like `rate_on`, for a proleptic Gregorian ordinal (the fast path).

        Examples:
            >>> import datetime
            >>> RateTable.ecb().rate_on_ordinal(datetime.date(2024, 1, 1).toordinal())
            Decimal('4.50')
        """
        key = (ordinal, category)
        cached = self._memo.get(key)
        if cached is not None:
            return cached
        series = self._index.get(category)
        if series is None:
            raise InvalidValue(
                "category",
                category,
                f"table {self.name!r} has categories {sorted(map(str, self._index))}",
            )
        starts, ends, rates = series
        if ordinal <= self._published_ord:
            position = bisect_right(starts, ordinal) - 1
            if position >= 0 and ordinal <= ends[position]:
                rate = rates[position]
                if len(self._memo) < 100_000:
                    self._memo[key] = rate
                return rate
        raise self._not_published(ordinal, category)

    def spans(
        self, first: int, last: int, category: str | None = None
    ) -> list[tuple[int, int, Decimal]]:
        """Return ``(start, end, rate)`` runs covering ordinals ``first`` to ``last``.

        Each run is clipped to ``[first, last]``; ends are included.

        Raises:
            RateNotPublished: A day in the range is not covered.

        Examples:
            >>> import datetime
            >>> d = datetime.date
            >>> runs = RateTable.ecb().spans(d(2022, 7, 1).toordinal(), d(2022, 8, 1).toordinal())
            >>> [(str(d.fromordinal(a)), str(d.fromordinal(b)), r) for a, b, r in runs]
            [('2022-07-01', '2022-07-26', Decimal('0.00')),
             ('2022-07-27', '2022-08-01', Decimal('0.50'))]
        """
        runs: list[tuple[int, int, Decimal]] = []
        day = first
        while day <= last:
            rate = self.rate_on_ordinal(day, category)
            starts, ends, _ = self._index[category]
            end = min(ends[bisect_right(starts, day) - 1], self._published_ord, last)
            runs.append((day, end, rate))
            day = end + 1
        return runs

    def _not_published(self, ordinal: int, category: str | None) -> RateNotPublished:
        on = from_ordinal(ordinal).isoformat()
        what = f" {category!r}" if category else ""
        if ordinal > self._published_ord:
            hint = (
                f"the{what} table is published up to {self.published_to.isoformat()}; "
                "pass your own RateTable with the newly published rate "
                "(see RateTable.with_row / with_half_year)"
            )
        else:
            hint = (
                f"no{what} row covers this date (the table starts "
                f"{self.first_date.isoformat()}); pass your own RateTable"
            )
        return RateNotPublished(self.name, on, period=_half_year_of_ordinal(ordinal), hint=hint)

    # -- description ------------------------------------------------------------------------

    def describe(self) -> dict[str, Any]:
        """Return what `data_version` reports for this table (JSON-compatible).

        Examples:
            >>> RateTable.ecb().describe()["published_to"]
            '2026-02-05'
        """
        marks = sorted({row.confidence for row in self.rows})
        return {
            "name": self.name,
            "title": self.title,
            "origin": self.origin,
            "checked": self.checked.isoformat() if self.checked else None,
            "first_date": self.first_date.isoformat() if self.rows else None,
            "published_to": self.published_to.isoformat(),
            "rows": len(self.rows),
            "confidence": marks,
            "sources": list(self.sources),
        }


def _parse(text: str, *, origin: str) -> RateTable:
    header: dict[str, list[str]] = {}
    body: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("#"):
            key, sep, value = line[1:].partition(":")
            if not sep:
                raise InvalidData(f"{origin}:{number}", line, "header lines read '# key: value'")
            header.setdefault(key.strip(), []).append(value.strip())
        elif line.strip():
            body.append(line)
    for key in ("table", "published_to"):
        if key not in header:
            raise InvalidData(origin, key, "missing header line '# {key}: ...'")
    reader = csv.DictReader(io.StringIO("\n".join(body)))
    if tuple(reader.fieldnames or ()) != _COLUMNS:
        raise InvalidData(origin, reader.fieldnames, f"columns must be {','.join(_COLUMNS)}")
    rows = []
    for number, record in enumerate(reader, start=2):
        try:
            rows.append(
                RateRow(
                    effective_from=record["effective_from"],
                    effective_to=record["effective_to"] or None,
                    rate=record["rate"],
                    category=record["category"] or None,
                    source=record["source"],
                    confidence=record["confidence"],
                    note=record["note"] or None,
                )
            )
        except (ValueError, TypeError) as exc:
            raise InvalidData(f"{origin} data row {number - 1}", record, str(exc)) from None
    sources = tuple(
        f"{key}: {value}"
        for key, values in header.items()
        if key.startswith(("source", "legal basis"))
        for value in values
    )
    return RateTable(
        name=header["table"][0],
        rows=rows,
        published_to=header["published_to"][0],
        title=header.get("title", [""])[0],
        sources=sources,
        checked=header.get("checked", [None])[0],
        origin=origin,
    )


@cache
def _packaged(name: str) -> RateTable:
    *folders, file = _FILES[name]
    text = resources.files("recouvrement").joinpath(*folders, file).read_text(encoding="utf-8")
    return _parse(text, origin=file)


def _table(table: Any, default: str) -> RateTable:
    if table is None:
        return _packaged(default)
    if not isinstance(table, RateTable):
        raise InvalidType("table", table, "RateTable or None")
    return table


def ecb_refinancing_rate(on: Any, *, table: RateTable | None = None) -> Decimal:
    """Return the ECB main refinancing operations rate in force on ``on``, in percent.

    Until 2008-10-15 this is the minimum bid rate of the variable-rate tenders; from then
    on, the fixed rate. Dates are dates of effect, not announcement dates.

    Args:
        on: The date (a date or an ISO string).
        table: Your own `RateTable` (for example the packaged one extended with
            `RateTable.with_row`); the packaged table by default.

    Raises:
        RateNotPublished: No published rate covers ``on``.

    Examples:
        >>> ecb_refinancing_rate("2022-07-27"), ecb_refinancing_rate("2022-07-26")
        (Decimal('0.50'), Decimal('0.00'))
    """
    return _table(table, ECB_TABLE).rate_on(on)


def legal_interest_category(creditor_kind: Any) -> str:
    """Return the legal-rate category of a creditor (C. mon. fin. L313-2).

    A natural person not acting for professional needs (`PartyKind.INDIVIDUAL`) has
    its own rate; professionals and public bodies fall in "all other cases".

    Examples:
        >>> legal_interest_category(PartyKind.INDIVIDUAL), legal_interest_category("public_body")
        ('individual', 'other')
    """
    kind = to_enum(PartyKind, creditor_kind, "creditor_kind")
    return INDIVIDUAL if kind is PartyKind.INDIVIDUAL else OTHER


def legal_interest_rate(
    on: Any, *, creditor_kind: PartyKind | str, table: RateTable | None = None
) -> Decimal:
    """Return the French legal interest rate in force on ``on``, in percent.

    The rate is set per half-year by arrêté, in two categories (C. mon. fin. L313-2):
    the creditor is a natural person not acting for professional needs
    (``creditor_kind=PartyKind.INDIVIDUAL``), or any other case (``PROFESSIONAL``,
    ``PUBLIC_BODY``). The packaged table starts in 2009: until 2014 a single annual rate
    applied to every creditor (both categories return it); the two-rate system starts
    in 2015.

    Args:
        on: The date.
        creditor_kind: The creditor's `PartyKind` (or its value as a string).
        table: Your own `RateTable` with categories ``"individual"`` and ``"other"``.

    Raises:
        RateNotPublished: The half-year of ``on`` is not in the table.

    Examples:
        >>> legal_interest_rate("2024-09-30", creditor_kind="individual")
        Decimal('8.16')
        >>> legal_interest_rate("2014-06-30", creditor_kind="individual")
        Decimal('0.04')
        >>> legal_interest_rate("2008-06-30", creditor_kind="individual")
        Traceback (most recent call last):
        ...
        recouvrement.errors.RateNotPublished: fr_legal_interest: no published rate for 2008-06-30
        (2008 S1); no 'individual' row covers this date (the table starts 2009-01-01);
        pass your own RateTable
    """
    category = legal_interest_category(creditor_kind)
    return _table(table, LEGAL_TABLE).rate_on(on, category=category)


def data_version() -> dict[str, dict[str, Any]]:
    """Return the packaged rate tables: name, file, checked date, sources, coverage.

    Examples:
        >>> version = data_version()
        >>> sorted(version)
        ['ecb_mro', 'fr_legal_interest']
        >>> version["fr_legal_interest"]["published_to"], version["ecb_mro"]["checked"]
        ('2026-06-30', '2026-11-22')
    """
    return {name: _packaged(name).describe() for name in _FILES}
