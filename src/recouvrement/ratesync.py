"""Keeping the rate tables current: check them, fetch new rows, load user tables.

The packaged tables (`recouvrement.rates`) stop at the last rate their authors could
source. After that date the library refuses to guess
([`RateNotPublished`][recouvrement.RateNotPublished]); this module makes the fix easy:

- `check` says, for a date, how current each table is and which rates are missing
  (the ECB rate on the first day of the half-year, the legal rate of the half-year);
- `update` fetches new rows from the publishers (the ECB Data Portal's series of the
  main refinancing operations rate, in SDMX CSV; the arrêté fixing the French legal
  interest rate, as published in the Journal officiel or by the Banque de France), shows
  the difference with its provenance, and gives a complete user table to write. It is
  the only network access in the project: explicit, and through a ``fetch`` callable
  that tests replace by recorded responses;
- `load_user_tables` reads user tables (``--rates FILE``, a directory such as the one
  named by ``RECOUVREMENT_RATES_DIR``) in the packaged file format and merges each with
  the packaged table of the same name, giving the `RateTable` objects that
  `recouvrement.interest.late_interest` accepts as ``rates=``.

Nothing here reads the clock or the environment: the date of the run (``as_of``) and the
environment mapping are arguments.

Examples:
    >>> from recouvrement.ratesync import check
    >>> report = check(as_of="2026-03-31")
    >>> report.ok, [t.name for t in report.tables]
    (True, ['ecb_mro', 'fr_legal_interest'])
    >>> later = check(as_of="2026-09-30")
    >>> later.ok, later.missing
    (False, ('ecb_mro on 2026-07-01 (2026 S2)', 'fr_legal_interest for 2026 S2'))
"""

from __future__ import annotations

import csv
import html
import io
import os
import re
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pendulum

from ._convert import DateLike, from_ordinal, to_date
from .errors import InvalidData, InvalidType, InvalidValue, RecouvrementError
from .rates import ECB_TABLE, LEGAL_TABLE, RateRow, RateTable, half_year_label

__all__ = [
    "ECB_MRO_URL",
    "RATES_DIR_ENV",
    "Fetch",
    "RateDiff",
    "RatesCheck",
    "RatesFetchError",
    "RatesUpdate",
    "TableStatus",
    "check",
    "load_user_tables",
    "merge_tables",
    "parse_ecb_sdmx_csv",
    "parse_legal_rate_arrete",
    "rates_dir_from_env",
    "table_to_text",
    "update",
    "urllib_fetch",
    "write_user_table",
]

ECB_MRO_URL = (
    "https://data-api.ecb.europa.eu/service/data/FM/B.U2.EUR.4F.KR.MRR_FR.LEV?format=csvdata"
)
"""The ECB Data Portal series of the main refinancing operations fixed rate (dates of
change), in SDMX CSV (series key FM.B.U2.EUR.4F.KR.MRR_FR.LEV)."""

RATES_DIR_ENV = "RECOUVREMENT_RATES_DIR"
"""The environment variable naming a directory of user rate tables."""

Fetch = Callable[[str], bytes]
"""Fetches a URL and returns the body (`urllib_fetch`, or a recorded response in tests)."""

_HEADER_COLUMNS = "effective_from,effective_to,category,rate,confidence,source,note"
_TABLES = (ECB_TABLE, LEGAL_TABLE)


class RatesFetchError(RecouvrementError, OSError):
    """A publisher could not be reached, or answered something that is not its format.

    Attributes:
        url: The address asked.
    """

    def __init__(self, url: str, problem: str) -> None:
        super().__init__(f"url={url!r}: {problem}", field="url", value=url)
        self.url = url


def urllib_fetch(url: str, *, timeout: float = 30.0) -> bytes:
    """Fetch ``url`` with the standard library (the project's only network access).

    Raises:
        RatesFetchError: The address is not https, cannot be reached, or answers an error.
    """
    if not isinstance(url, str) or not url.startswith("https://"):
        raise RatesFetchError(str(url), "only https addresses are fetched")
    request = urllib.request.Request(
        url, headers={"User-Agent": "recouvrement-rates-update", "Accept": "text/csv, */*"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body: bytes = response.read(10_000_000)
            return body
    except urllib.error.HTTPError as exc:
        raise RatesFetchError(url, f"HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise RatesFetchError(url, f"cannot be reached ({exc})") from None


# -- file format -----------------------------------------------------------------------------


def _cell(text: str | None) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(["" if text is None else text])
    return out.getvalue()


def table_to_text(table: RateTable, *, notes: Iterable[str] = ()) -> str:
    """A table in the packaged file format (``# key: value`` header lines, then CSV).

    `RateTable.load` reads it back to an equal table.

    Examples:
        >>> from recouvrement.rates import RateTable
        >>> text = table_to_text(RateTable.ecb())
        >>> text.splitlines()[0], "effective_from,effective_to" in text
        ('# table: ecb_mro', True)
    """
    if not isinstance(table, RateTable):
        raise InvalidType("table", table, "RateTable")
    lines = [f"# table: {table.name}"]
    if table.title:
        lines.append(f"# title: {table.title}")
    if table.checked is not None:
        lines.append(f"# checked: {table.checked.isoformat()}")
    lines.append(f"# published_to: {table.published_to.isoformat()}")
    for source in table.sources:
        key, _, value = source.partition(": ")
        lines.append(f"# {key}: {value}" if value else f"# source: {key}")
    lines.extend(f"# note: {note}" for note in notes)
    lines.append(_HEADER_COLUMNS)
    rows = sorted(table.rows, key=lambda r: (r.effective_from, r.category or ""))
    for row in rows:
        cells = [
            row.effective_from.isoformat(),
            row.effective_to.isoformat() if row.effective_to else "",
            row.category or "",
            format(row.rate, "f"),
            row.confidence,
            row.source,
            row.note or "",
        ]
        lines.append(",".join(_cell(c) for c in cells))
    return "\n".join(lines) + "\n"


def write_user_table(table: RateTable, directory: str | os.PathLike[str]) -> Path:
    """Write ``table`` as ``<name>.csv`` in ``directory`` (created if needed); returns the path.

    Raises:
        InvalidData: The directory cannot be written.
    """
    folder = Path(directory)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{table.name}.csv"
        path.write_text(table_to_text(table), encoding="utf-8")
    except OSError as exc:
        raise InvalidData("directory", str(folder), f"cannot write there ({exc})") from None
    return path


# -- user tables -------------------------------------------------------------------------------


def merge_tables(base: RateTable, user: RateTable) -> RateTable:
    """The packaged table extended by a user table of the same name.

    For each category, the user's rows replace the base's from the user's first
    ``effective_from`` on (an open base row is closed the day before), up to the user's
    ``published_to``: base rows that start after it (a newer package than the user table)
    are kept, the user's last row closed the day before them. ``published_to`` is the
    later of the two. A user table that repeats the packaged rows gives the same table with
    the user's additions.

    Raises:
        InvalidValue: The tables do not have the same name, or the rows overlap.

    Examples:
        >>> from recouvrement.rates import RateTable, RateRow
        >>> user = RateTable.from_rows("ecb_mro", [RateRow(effective_from="2026-06-10",
        ...     rate="1.90", confidence="user", source="ECB Data Portal")],
        ...     published_to="2026-12-01")
        >>> merged = merge_tables(RateTable.ecb(), user)
        >>> merged.rate_on("2026-06-09"), merged.rate_on("2026-07-01")
        (Decimal('2.15'), Decimal('1.90'))
    """
    if base.name != user.name:
        raise InvalidValue("name", user.name, f"cannot merge into table {base.name!r}")
    first: dict[str | None, pendulum.Date] = {}
    for row in user.rows:
        known = first.get(row.category)
        if known is None or row.effective_from < known:
            first[row.category] = row.effective_from
    cut = user.published_to
    rows: list[RateRow] = []
    after: dict[str | None, pendulum.Date] = {}  # the first base row past the user table
    for row in base.rows:
        start = first.get(row.category)
        if start is not None and row.effective_from >= start:
            if row.effective_from > cut:  # published after what the user table knows
                rows.append(row)
                known = after.get(row.category)
                if known is None or row.effective_from < known:
                    after[row.category] = row.effective_from
            continue
        if start is not None and (row.effective_to is None or row.effective_to >= start):
            row = attrs.evolve(row, effective_to=from_ordinal(start.toordinal() - 1))
        rows.append(row)
    for row in user.rows:
        stop = after.get(row.category)
        if stop is not None and row.effective_from >= stop:
            continue  # (a user row past its own table's date: the base knows better)
        if stop is not None and (row.effective_to is None or row.effective_to >= stop):
            row = attrs.evolve(row, effective_to=from_ordinal(stop.toordinal() - 1))
        rows.append(row)
    sources = tuple(dict.fromkeys((*base.sources, *user.sources)))
    return RateTable(
        name=base.name,
        rows=rows,
        published_to=max(base.published_to, user.published_to),
        title=base.title or user.title,
        sources=sources,
        checked=user.checked or base.checked,
        origin=f"{base.origin} + {user.origin}",
    )


def rates_dir_from_env(environ: Mapping[str, str]) -> Path | None:
    """The user-table directory named by ``RECOUVREMENT_RATES_DIR`` in ``environ``, if any.

    Examples:
        >>> rates_dir_from_env({"RECOUVREMENT_RATES_DIR": "/srv/rates"})
        PosixPath('/srv/rates')
        >>> rates_dir_from_env({}) is None
        True
    """
    value = environ.get(RATES_DIR_ENV, "").strip()
    return Path(value) if value else None


def _packaged(name: str) -> RateTable | None:
    if name == ECB_TABLE:
        return RateTable.ecb()
    if name == LEGAL_TABLE:
        return RateTable.legal_interest()
    return None


def _load(path: Path) -> RateTable:
    try:
        return RateTable.load(path)
    except OSError as exc:
        raise InvalidData("rates", str(path), f"cannot read the file ({exc})") from None
    except UnicodeDecodeError:
        raise InvalidData("rates", str(path), "not UTF-8 text") from None


def load_user_tables(
    paths: Iterable[str | os.PathLike[str]] = (),
    *,
    directory: str | os.PathLike[str] | None = None,
) -> tuple[RateTable, ...]:
    """Read user rate tables and merge each with the packaged table of its name.

    Files of ``directory`` (``*.csv``, in name order) come first, then ``paths`` (later
    ones extend earlier ones). The result holds one table per name, ready to pass as
    ``rates=`` to `recouvrement.interest.late_interest`.

    Args:
        paths: Table files (``--rates FILE``).
        directory: A directory of table files (for example `rates_dir_from_env`); a
            missing directory is an error (a typo must not pass unnoticed).

    Raises:
        InvalidData: A file cannot be read or is not in the table format; the directory
            does not exist.

    Examples:
        >>> import pathlib, tempfile
        >>> from recouvrement.rates import RateTable
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     table = RateTable.ecb().with_row("2026-06-10", "1.90", published_to="2026-12-01")
        ...     _ = write_user_table(table, tmp)
        ...     (ecb,) = load_user_tables(directory=tmp)
        >>> ecb.rate_on("2026-11-30")
        Decimal('1.90')
    """
    files: list[Path] = []
    if directory is not None:
        folder = Path(directory)
        if not folder.is_dir():
            raise InvalidData("rates_dir", str(folder), "not a directory")
        files.extend(sorted(p for p in folder.iterdir() if p.suffix == ".csv" and p.is_file()))
    files.extend(Path(p) for p in paths)
    tables: dict[str, RateTable] = {}
    for file in files:
        user = _load(file)
        current = tables.get(user.name) or _packaged(user.name)
        tables[user.name] = user if current is None else merge_tables(current, user)
    return tuple(tables[name] for name in sorted(tables))


# -- check -----------------------------------------------------------------------------------


@attrs.frozen(slots=True, kw_only=True)
class TableStatus:
    """How current one table is for a date.

    Attributes:
        name: The table's name.
        origin: Where it comes from (a packaged file, a user file...).
        published_to: The last date it covers.
        checked: When its figures were last checked against their sources.
        days_behind: Days from ``published_to`` to ``as_of`` (0 when current).
        missing: The rates a computation on ``as_of`` needs and the table lacks.
    """

    name: str
    origin: str
    published_to: pendulum.Date
    checked: pendulum.Date | None
    days_behind: int
    missing: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-compatible dict."""
        return {
            "name": self.name,
            "origin": self.origin,
            "published_to": self.published_to.isoformat(),
            "checked": self.checked.isoformat() if self.checked else None,
            "days_behind": self.days_behind,
            "missing": list(self.missing),
        }


@attrs.frozen(slots=True, kw_only=True)
class RatesCheck:
    """What `check` found: one `TableStatus` per table.

    Attributes:
        as_of: The date checked.
        tables: The tables' statuses.
    """

    as_of: pendulum.Date
    tables: tuple[TableStatus, ...]

    @property
    def ok(self) -> bool:
        """Whether every rate needed on ``as_of`` is there."""
        return not self.missing

    @property
    def missing(self) -> tuple[str, ...]:
        """Every missing rate, table by table."""
        return tuple(m for t in self.tables for m in t.missing)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-compatible dict (what ``recouvrement rates check --format json`` prints)."""
        return {
            "as_of": self.as_of.isoformat(),
            "ok": self.ok,
            "tables": [t.to_dict() for t in self.tables],
        }

    def lines(self) -> list[str]:
        """A plain-text report, one line per table and per missing rate."""
        out = []
        for t in self.tables:
            state = "current" if not t.missing else f"{t.days_behind} day(s) behind"
            out.append(
                f"{t.name}: published to {t.published_to.isoformat()} ({state}); origin {t.origin}"
            )
            out.extend(f"  missing: {m}" for m in t.missing)
        return out


def _half_year_start(day: pendulum.Date) -> pendulum.Date:
    return pendulum.Date(day.year, 1 if day.month <= 6 else 7, 1)


def _covered(table: RateTable, day: pendulum.Date, category: str | None) -> bool:
    try:
        table.rate_on(day, category=category)
    except RecouvrementError:
        return False
    return True


def _status(table: RateTable, day: pendulum.Date) -> TableStatus:
    start = _half_year_start(day)
    missing: list[str] = []
    label = half_year_label(day)
    if table.name == LEGAL_TABLE:
        categories: list[str | None] = [c for c in table.categories if c is not None] or [None]
        if not all(_covered(table, day, c) for c in categories):
            missing.append(f"{table.name} for {label}")
    else:
        category = table.categories[0] if table.categories else None
        if not _covered(table, start, category):
            missing.append(f"{table.name} on {start.isoformat()} ({label})")
    behind = max(0, day.toordinal() - table.published_to.toordinal())
    return TableStatus(
        name=table.name,
        origin=table.origin,
        published_to=table.published_to,
        checked=table.checked,
        days_behind=behind,
        missing=tuple(missing),
    )


def _tables(rates: RateTable | Iterable[RateTable] | None) -> dict[str, RateTable]:
    found = {ECB_TABLE: RateTable.ecb(), LEGAL_TABLE: RateTable.legal_interest()}
    items: Sequence[Any] = (
        () if rates is None else (rates,) if isinstance(rates, RateTable) else tuple(rates)
    )
    for index, table in enumerate(items):
        if not isinstance(table, RateTable):
            raise InvalidType(f"rates[{index}]", table, "RateTable")
        found[table.name] = table
    return found


def check(*, as_of: DateLike, rates: RateTable | Iterable[RateTable] | None = None) -> RatesCheck:
    """How current each table is on ``as_of``, and what is missing for that date.

    A French late-interest computation on ``as_of`` needs the ECB rate in force on the
    first day of its half-year (C. com. L441-10) and the legal interest rate of the
    half-year (its floor, and civil claims). Both are checked, in the packaged tables or
    in ``rates`` (user tables, from `load_user_tables`).

    Examples:
        >>> report = check(as_of="2027-01-15")
        >>> print("\\n".join(report.lines()))
        ecb_mro: published to 2026-02-05 (344 day(s) behind); origin ecb_mro_rate.csv
          missing: ecb_mro on 2027-01-01 (2027 S1)
        fr_legal_interest: published to 2026-06-30 (199 day(s) behind); origin \
fr_legal_interest_rate.csv
          missing: fr_legal_interest for 2027 S1
    """
    day = to_date(as_of, "as_of")
    tables = _tables(rates)
    return RatesCheck(
        as_of=day, tables=tuple(_status(tables[name], day) for name in sorted(tables))
    )


# -- fetching and parsing -----------------------------------------------------------------------


def parse_ecb_sdmx_csv(data: bytes | str) -> list[tuple[pendulum.Date, Decimal]]:
    """The ``(date of change, rate)`` pairs of an ECB Data Portal SDMX CSV answer.

    Only the ``TIME_PERIOD`` and ``OBS_VALUE`` columns are read; rows without a value
    are skipped. The result is sorted by date.

    Raises:
        InvalidData: The answer is not SDMX CSV, or a date or a rate cannot be read.

    Examples:
        >>> parse_ecb_sdmx_csv("KEY,TIME_PERIOD,OBS_VALUE\\nFM.B,2025-06-11,2.15\\n")
        [(Date(2025, 6, 11), Decimal('2.15'))]
    """
    text = data.decode("utf-8-sig", errors="replace") if isinstance(data, bytes) else data
    reader = csv.DictReader(io.StringIO(text))
    names = reader.fieldnames or []
    if "TIME_PERIOD" not in names or "OBS_VALUE" not in names:
        raise InvalidData("ecb", text[:80], "not SDMX CSV (no TIME_PERIOD and OBS_VALUE columns)")
    found: dict[pendulum.Date, Decimal] = {}
    for record in reader:
        value = (record.get("OBS_VALUE") or "").strip()
        if not value:
            continue
        day = to_date((record.get("TIME_PERIOD") or "").strip(), "TIME_PERIOD")
        if not re.fullmatch(r"-?\d+(\.\d+)?", value):
            raise InvalidData("OBS_VALUE", value, "not a plain decimal rate")
        rate = Decimal(value)
        cents = rate.quantize(Decimal("0.01"))
        found[day] = cents if cents == rate else rate  # 2.1500 -> 2.15, as the tables write
    return sorted(found.items())


_SEMESTER = re.compile(
    r"(premier|1er|second|deuxi[èe]me|2e|2nd)\s+semestre\s+(?:de\s+l'ann[ée]e\s+)?(\d{4})",
    re.IGNORECASE,
)
_INDIVIDUAL = re.compile(
    r"personnes\s+physiques\s+n.agissant\s+pas\s+pour\s+des\s+besoins\s+professionnels"
    r"\s*:?\s*(?:à|a)?\s*(\d+[,.]\d+)\s*%",
    re.IGNORECASE,
)
_OTHER = re.compile(r"tous\s+les\s+autres\s+cas\s*:?\s*(?:à|a)?\s*(\d+[,.]\d+)\s*%", re.IGNORECASE)


def _plain_text(data: bytes | str) -> str:
    text = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else data
    text = re.sub(r"<[^>]*>", " ", text)
    text = html.unescape(text).replace("\u00a0", " ").replace("\u202f", " ")
    return re.sub(r"\s+", " ", text)


def parse_legal_rate_arrete(data: bytes | str) -> tuple[int, int, Decimal, Decimal]:
    """Read an arrêté fixing the French legal interest rate (C. mon. fin. L313-2, D313-1-A).

    The arrêté says "Pour le second semestre 2026, le taux de l'intérêt légal est fixé :
    1° Pour les créances des personnes physiques n'agissant pas pour des besoins
    professionnels : à X % ; 2° Pour tous les autres cas : à Y %." (HTML or text).

    Returns:
        ``(year, half, individual rate, other rate)``, ``half`` 1 or 2.

    Raises:
        InvalidData: The text does not state a half-year and both rates.

    Examples:
        >>> parse_legal_rate_arrete(
        ...     "Pour le premier semestre 2026, le taux de l'intérêt légal est fixé : "
        ...     "1° Pour les créances des personnes physiques n'agissant pas pour des "
        ...     "besoins professionnels : à 6,67 % ; 2° Pour tous les autres cas : à 2,62 %.")
        (2026, 1, Decimal('6.67'), Decimal('2.62'))
    """
    text = _plain_text(data)
    semester = _SEMESTER.search(text)
    individual = _INDIVIDUAL.search(text)
    other = _OTHER.search(text)
    if semester is None or individual is None or other is None:
        what = [
            name
            for name, found in (
                ("the half-year", semester),
                ("the rate for individuals", individual),
                ("the rate for all other cases", other),
            )
            if found is None
        ]
        raise InvalidData("arrete", text[:80], f"no {', no '.join(what)} found in the text")
    half = 1 if semester.group(1).lower() in ("premier", "1er") else 2
    return (
        int(semester.group(2)),
        half,
        Decimal(individual.group(1).replace(",", ".")),
        Decimal(other.group(1).replace(",", ".")),
    )


# -- update ------------------------------------------------------------------------------------


@attrs.frozen(slots=True, kw_only=True)
class RateDiff:
    """One row an update adds (or changes), with where it was read.

    Attributes:
        table: The table's name.
        row: The new row.
        previous: The rate the table gave before for that date, if any.
        url: Where the figure was fetched.
    """

    table: str
    row: RateRow
    previous: Decimal | None
    url: str

    def __str__(self) -> str:
        category = f" [{self.row.category}]" if self.row.category else ""
        before = "new" if self.previous is None else f"was {self.previous}"
        return (
            f"{self.table}{category} from {self.row.effective_from.isoformat()}: "
            f"{self.row.rate} % ({before}; source {self.url})"
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-compatible dict."""
        return {
            "table": self.table,
            "row": self.row.to_dict(),
            "previous": None if self.previous is None else str(self.previous),
            "url": self.url,
        }


@attrs.frozen(slots=True, kw_only=True)
class RatesUpdate:
    """What `update` found: the new rows and the complete tables to write.

    Attributes:
        as_of: The date of the update (the rates are known to hold up to it).
        diffs: The rows added or changed, with their provenance.
        tables: The complete updated tables (packaged rows plus new ones).
    """

    as_of: pendulum.Date
    diffs: tuple[RateDiff, ...]
    tables: tuple[RateTable, ...]

    @property
    def changed(self) -> bool:
        """Whether anything new was found."""
        return bool(self.diffs)

    def lines(self) -> list[str]:
        """The diff as text, one line per row (what ``rates update`` shows)."""
        if not self.diffs:
            return [f"no new rate found (as of {self.as_of.isoformat()})"]
        return [str(d) for d in self.diffs]

    def write(self, directory: str | os.PathLike[str]) -> tuple[Path, ...]:
        """Write every updated table in ``directory``; returns the paths written."""
        return tuple(write_user_table(table, directory) for table in self.tables)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-compatible dict."""
        return {
            "as_of": self.as_of.isoformat(),
            "diffs": [d.to_dict() for d in self.diffs],
            "tables": [t.describe() for t in self.tables],
        }


def _previous(table: RateTable, day: pendulum.Date, category: str | None) -> Decimal | None:
    try:
        return table.rate_on(day, category=category)
    except RecouvrementError:
        return None


def _update_ecb(
    table: RateTable, fetch: Fetch, url: str, day: pendulum.Date
) -> tuple[RateTable, list[RateDiff]]:
    changes = [(d, r) for d, r in parse_ecb_sdmx_csv(fetch(url)) if d <= day]
    if not changes:
        raise RatesFetchError(url, "the answer holds no rate up to the date of the update")
    # What the table already says it covers (its rows, up to ``published_to``): a figure
    # that contradicts it is refused, never written.
    known = max(max(row.effective_from for row in table.rows), table.published_to)
    for when, rate in changes:
        before = _previous(table, when, None)
        if when <= known and before is not None and before != rate:
            raise RatesFetchError(
                url,
                f"the publisher gives {rate} % from {when.isoformat()} where the table has "
                f"{before} % (published to {table.published_to.isoformat()}): check the table "
                "before updating it",
            )
    diffs: list[RateDiff] = []
    for when, rate in changes:
        if when <= known:
            continue
        before = _previous(table, when, None)
        if before == rate:
            continue
        source = f"ECB Data Portal {day.isoformat()}"
        table = table.with_row(
            when, rate, source=source, confidence="P", note="date of change (SDMX series)"
        )
        diffs.append(RateDiff(table=table.name, row=table.rows[-1], previous=before, url=url))
    updated = table.with_published_to(max(day, table.published_to))
    sources = (*updated.sources, f"source [ECB-DP]: ECB Data Portal, {url}")
    return attrs.evolve(updated, sources=sources, checked=day), diffs


def _update_legal(
    table: RateTable, fetch: Fetch, url: str, day: pendulum.Date
) -> tuple[RateTable, list[RateDiff]]:
    year, half, individual, other = parse_legal_rate_arrete(fetch(url))
    diffs: list[RateDiff] = []
    start = pendulum.Date(year, 1 if half == 1 else 7, 1)
    if start > day.add(months=6):
        raise RatesFetchError(url, f"the arrêté is for {year} S{half}, after the update's date")
    for category, rate in (("individual", individual), ("other", other)):
        before = _previous(table, start, category)
        if before == rate:
            continue
        end = pendulum.Date(year, 6, 30) if half == 1 else pendulum.Date(year, 12, 31)
        table = table.with_row(
            start,
            rate,
            effective_to=end,
            category=category,
            source=f"arrêté ({url})",
            confidence="P",
            note=f"{year} S{half}",
        )
        diffs.append(RateDiff(table=table.name, row=table.rows[-1], previous=before, url=url))
    sources = (*table.sources, f"source [ARRETE]: {url}")
    return attrs.evolve(table, sources=sources, checked=day), diffs


def update(
    *,
    as_of: DateLike,
    fetch: Fetch = urllib_fetch,
    ecb_url: str | None = ECB_MRO_URL,
    legal_url: str | None = None,
    rates: RateTable | Iterable[RateTable] | None = None,
) -> RatesUpdate:
    """Fetch new rate rows from the publishers and build the updated tables.

    Nothing is written: show `RatesUpdate.lines` (the diff with its provenance) and call
    `RatesUpdate.write` to keep the tables as user tables.

    Args:
        as_of: The date of the update, that is today's date (the date the answers are
            fetched): the ECB rate is known to hold up to it. A later date would claim
            more than the publisher said.
        fetch: How to fetch a URL (`urllib_fetch`; tests pass recorded responses).
        ecb_url: The ECB Data Portal series (SDMX CSV); ``None`` skips the ECB table.
        legal_url: The page or text of the latest arrêté fixing the legal interest rate
            (Légifrance/JORF, or the Banque de France's publication); ``None`` skips it.
        rates: The tables to update (user tables from `load_user_tables`); the packaged
            ones by default.

    Raises:
        RatesFetchError: A publisher cannot be reached or answers something else, or
            contradicts a date the table already covers.
        InvalidData: An answer cannot be parsed.
        InvalidValue: Nothing to fetch (``ecb_url`` and ``legal_url`` both ``None``).

    Examples:
        >>> recorded = {ECB_MRO_URL: b"KEY,TIME_PERIOD,OBS_VALUE\\nFM,2026-06-10,1.90\\n"}
        >>> result = update(as_of="2026-12-01", fetch=recorded.__getitem__)
        >>> [(d.row.effective_from, d.row.rate, d.previous) for d in result.diffs]
        [(Date(2026, 6, 10), Decimal('1.90'), None)]
        >>> result.tables[0].rate_on("2026-07-01"), result.tables[0].published_to
        (Decimal('1.90'), Date(2026, 12, 1))
    """
    day = to_date(as_of, "as_of")
    if not callable(fetch):
        raise InvalidType("fetch", fetch, "a callable taking a URL and returning bytes")
    if ecb_url is None and legal_url is None:
        # Nothing would be fetched: "no new rate found" would claim a check that was not made.
        raise InvalidValue("legal_url", None, "nothing to fetch: give ecb_url or legal_url")
    tables = _tables(rates)
    diffs: list[RateDiff] = []
    updated: list[RateTable] = []
    if ecb_url is not None:
        table, found = _update_ecb(tables[ECB_TABLE], fetch, ecb_url, day)
        updated.append(table)
        diffs.extend(found)
    if legal_url is not None:
        table, found = _update_legal(tables[LEGAL_TABLE], fetch, legal_url, day)
        updated.append(table)
        diffs.extend(found)
    return RatesUpdate(as_of=day, diffs=tuple(diffs), tables=tuple(updated))
