"""The ``recouvrement`` command.

``recouvrement demo`` runs the library on the embedded sample portfolio. The other
commands work on your own claims file (``.csv`` in the standard layout or through a column
mapping, ``.jsonl``, ``.json``) as of a date you give:

- ``report``: portfolio summary, aging, KPIs, segments, actions and legal deadlines;
- ``next-actions``: the next action on every open claim, with its reasons;
- ``kpis``: DSO, Best Possible DSO, ADD, CEI... as of a date, or their monthly trend;
- ``profiles``: the payment profile (segment and score) of every debtor;
- ``deadlines``: the legal deadlines (prescription, claim declaration) coming up;
- ``notice``: the letter the next action sends, for a claim or a debtor;
- ``simulate``: the timeline of actions if nothing is paid.

Output is a readable table (``--format table``, the default), JSON (``--format json``: a
document whose ``rows`` are the records) or CSV (``--format csv``: the same records,
safe to open in a spreadsheet, read back with `recouvrement.io.read_rows_csv`).

Exit codes: 0 success; 1 the data could not be used (an unreadable file, invalid rows with
``--strict``, an unknown claim id, a library error: the message names the field and the
value; an unexpected internal error too, with its traceback); 2 a usage error (a missing
or malformed option), detected before any file is read.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sys
import tempfile
import time
import tomllib
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import IO, Any, TextIO

import attrs
import pendulum
from babel import Locale, UnknownLocaleError

from . import __version__
from ._convert import to_date
from .claims import Claim
from .decisions import Decision, next_action, next_actions, simulate
from .errors import InsufficientHistory, RecouvrementError
from .events import Channel
from .explain import Reason
from .io.csv_ledger import iter_claims_csv
from .io.errors import InvalidMapping, LedgerError, RowError
from .io.export import write_rows_csv
from .io.json_ledger import iter_claims_jsonl, read_claims_json
from .io.mapping import ColumnMapping
from .kpi.aging import AgingBalance, aging_by_currency
from .kpi.portfolio import Portfolio, kpi_window
from .money import Money, format_money
from .notices import (
    CreditorDetails,
    Notice,
    NoticeNotAvailable,
    notice_kind,
    render_debtor_notice,
    render_notice,
)
from .policy import Action, EscalationPolicy
from .prescription import DEADLINE_KINDS, Deadline, upcoming_deadlines
from .profiling import DebtorProfile, profile_debtor
from .sample import load_sample

__all__ = ["EXIT_DATA", "EXIT_OK", "EXIT_USAGE", "Progress", "main"]

EXIT_OK = 0
"""The command did what it was asked."""
EXIT_DATA = 1
"""The data could not be used (unreadable file, invalid rows with ``--strict``, a library error)."""
EXIT_USAGE = 2
"""The command line is wrong (unknown command, missing or malformed option)."""

_TWO = Decimal("0.01")
_CHUNK = 2000  # claims per chunk of a one-call computation, for the progress bar
_FORMATS = ("table", "json", "csv")
_EXIT_CODES = """\
exit codes:
  0  success
  1  the data could not be used: unreadable file, invalid rows with --strict, unknown
     claim or debtor id, a library error (the message names the field and the value),
     or an internal error (printed with its traceback)
  2  usage error: unknown command, missing --as-of, malformed option"""


class _DataError(Exception):
    """A problem with the user's data that is not a `RecouvrementError` (exit 1)."""


class _Refused(_DataError):
    """``--strict`` and invalid rows: the load is refused (exit 1)."""


class _UsageError(Exception):
    """A problem with the command line found after parsing (exit 2)."""


# -- progress -------------------------------------------------------------------------------


class Progress:
    """A progress bar on a terminal, drawn only once the work has lasted ``delay`` seconds.

    It writes to ``stream`` (standard error by default) and only when that stream is a
    terminal, so that redirected output and logs stay clean; it never writes to standard
    output. The bar is erased when the work is done.

    Args:
        label: What is being done (``"reading claims.csv"``).
        total: The amount of work (rows, bytes...), or ``None`` when unknown (a counter is
            shown instead of a bar).
        stream: Where to draw (standard error by default).
        enabled: ``False`` to draw nothing (``--quiet``).
        started: The `time.monotonic` time the command started (the delay counts from it).
        delay: Seconds before the bar appears.
        clock: The clock (for tests).
        unit: ``"bytes"`` to count in megabytes; otherwise plain counts.

    Examples:
        >>> import io
        >>> class Tty(io.StringIO):
        ...     def isatty(self) -> bool:
        ...         return True
        >>> now = [0.0]
        >>> stream = Tty()
        >>> bar = Progress("deciding", 200, stream=stream, started=0.0, clock=lambda: now[0])
        >>> bar.update(10)            # under a second: nothing drawn
        >>> stream.getvalue()
        ''
        >>> now[0] = 1.5
        >>> bar.update(100)
        >>> stream.getvalue().strip()
        'deciding [###############---------------]  50% 100/200'
        >>> bar.close()
        >>> stream.getvalue().endswith("\\r")
        True
    """

    __slots__ = (
        "_clock",
        "_delay",
        "_drawn",
        "_enabled",
        "_last",
        "_started",
        "_stream",
        "_width",
        "done",
        "label",
        "total",
        "unit",
    )

    def __init__(
        self,
        label: str,
        total: int | None = None,
        *,
        stream: IO[str] | None = None,
        enabled: bool = True,
        started: float | None = None,
        delay: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
        unit: str = "",
    ) -> None:
        self.label = label
        self.total = total
        self.unit = unit
        self.done = 0
        self._stream: IO[str] = sys.stderr if stream is None else stream
        isatty = getattr(self._stream, "isatty", None)
        self._enabled = enabled and callable(isatty) and bool(isatty())
        self._clock = clock
        self._started = clock() if started is None else started
        self._delay = delay
        self._last = -1.0
        self._drawn = 0
        self._width = 30

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def advance(self, count: int = 1) -> None:
        """Count ``count`` more units of work done."""
        self.update(self.done + count)

    def update(self, done: int) -> None:
        """Set the work done so far, and redraw at most ten times a second."""
        self.done = done
        if not self._enabled:
            return
        now = self._clock()
        if now - self._started < self._delay or now - self._last < 0.1:
            return
        self._last = now
        if self.total:
            share = min(max(done / self.total, 0.0), 1.0)
            filled = int(share * self._width)
            bar = "#" * filled + "-" * (self._width - filled)
            count = f"{self._count(done)}/{self._count(self.total)}"
            line = f"{self.label} [{bar}] {share * 100:3.0f}% {count}"
        else:
            line = f"{self.label}: {self._count(done)}"
        padding = " " * max(0, self._drawn - len(line))
        self._stream.write(f"\r{line}{padding}")
        self._stream.flush()
        self._drawn = len(line)

    def _count(self, value: int) -> str:
        if self.unit == "bytes":
            return f"{value / 1e6:.1f} MB"
        return str(value)

    def close(self) -> None:
        """Erase the bar, if it was drawn."""
        if self._drawn:
            self._stream.write("\r" + " " * self._drawn + "\r")
            self._stream.flush()
            self._drawn = 0

    def track(self, items: Iterable[Any]) -> Iterator[Any]:
        """Yield ``items``, counting one unit of work per item."""
        for item in items:
            yield item
            self.advance()


class _CountingFile(io.FileIO):
    """A binary file that counts the bytes read (for a progress bar over a text reader)."""

    bytes_read = 0

    def readinto(self, buffer: Any) -> int | None:
        count = super().readinto(buffer)
        if count:
            self.bytes_read += count
        return count


# -- the run's context -------------------------------------------------------------------------


@attrs.define(slots=True)
class _Run:
    args: argparse.Namespace
    parser: argparse.ArgumentParser
    started: float

    def progress(self, label: str, total: int | None = None, unit: str = "") -> Progress:
        return Progress(
            label,
            total,
            enabled=not getattr(self.args, "quiet", False),
            started=self.started,
            delay=_progress_delay(),
            unit=unit,
        )

    def note(self, text: str) -> None:
        if not getattr(self.args, "quiet", False):
            sys.stderr.write(f"recouvrement: {text}\n")

    @property
    def locale(self) -> str:
        value: str = self.args.locale
        return value

    def money(self, value: Money) -> str:
        return format_money(value, locale=self.locale)


def _progress_delay() -> float:
    """Seconds before a progress bar shows: 1, or ``RECOUVREMENT_PROGRESS_DELAY``."""
    try:
        return max(0.0, float(os.environ.get("RECOUVREMENT_PROGRESS_DELAY", "1")))
    except ValueError:
        return 1.0


@attrs.frozen(slots=True, kw_only=True)
class _Loaded:
    claims: tuple[Claim, ...]
    errors: tuple[RowError, ...]
    rows: int
    source: str


@attrs.frozen(slots=True, kw_only=True)
class _Output:
    """What a command prints: a text for people, records for JSON and CSV."""

    text: Callable[[], str]
    rows: Sequence[Mapping[str, Any]]
    columns: Sequence[str]
    document: Mapping[str, Any]


# -- small helpers --------------------------------------------------------------------------


def _num(value: Decimal | int | None, places: Decimal | None = _TWO) -> str | None:
    """A decimal as a plain string (rounded half up to ``places``), ``None`` kept."""
    if value is None:
        return None
    number = Decimal(value)
    if places is not None:
        number = number.quantize(places, rounding=ROUND_HALF_UP)
    return format(number, "f")


def _amount(value: Money | None) -> str | None:
    return None if value is None else format(value.amount, "f")


def _money_dict(value: Money) -> dict[str, str]:
    return {"amount": format(value.amount, "f"), "currency": value.currency}


def _lead(reasons: Sequence[Reason]) -> tuple[str, str]:
    """The first reason's message and the first citation of the reasons."""
    message = reasons[0].message if reasons else ""
    citation = next((str(r.citation) for r in reasons if r.citation is not None), "")
    return message, citation


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    return str(value)


def _table(
    headers: Sequence[str], rows: Sequence[Sequence[Any]], *, right: Iterable[int] = ()
) -> str:
    """A plain-text table with a rule under the headers."""
    aligned = set(right)
    cells = [[_cell(c) for c in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]

    def line(items: Sequence[str]) -> str:
        return "  ".join(
            c.rjust(w) if i in aligned else c.ljust(w)
            for i, (c, w) in enumerate(zip(items, widths, strict=True))
        ).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(r) for r in cells)])


def _titled(title: str, body: str) -> str:
    return f"{title}\n{body}\n"


def _channel(value: Channel | None) -> str:
    return "" if value is None else value.value


# -- loading ----------------------------------------------------------------------------------


def _mapping(run: _Run) -> ColumnMapping | None:
    name: str | None = run.args.mapping
    if name is None:
        return None
    path = Path(name)
    if name.endswith(".toml") or path.is_file():
        if not path.is_file():
            raise _DataError(f"--mapping: no such file: {name!r}")
        return ColumnMapping.from_toml(path)
    try:
        return ColumnMapping.shipped(name)
    except InvalidMapping as exc:
        raise _UsageError(f"--mapping {name!r}: {exc.problem}, and no such file") from None


def _input_format(run: _Run, path: Path) -> str:
    chosen: str | None = run.args.input_format
    if chosen is not None:
        return chosen
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        return "csv"
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix == ".json":
        return "json"
    raise _UsageError(
        f"cannot tell the format of {str(path)!r} from its extension: use a .csv, .jsonl or "
        ".json file, or give --input-format csv|jsonl|json"
    )


def _load(run: _Run) -> _Loaded:
    """Read the claims file given on the command line, reporting every invalid row."""
    path = Path(run.args.claims)
    kind = _input_format(run, path)
    if kind != "csv" and run.args.mapping is not None:
        raise _UsageError(f"--mapping applies to CSV files, not to a {kind} file")
    mapping = _mapping(run) if kind == "csv" else None
    if not path.exists():
        raise _DataError(f"claims file {str(path)!r} not found")
    if path.is_dir():
        raise _DataError(f"claims file {str(path)!r} is a directory")
    claims: list[Claim] = []
    errors: tuple[RowError, ...]
    try:
        if kind == "json":
            result = read_claims_json(path, errors="collect")
            claims.extend(result.claims)
            errors, rows = result.errors, result.rows
        else:
            raw = _CountingFile(str(path), "r")
            size = os.fstat(raw.fileno()).st_size
            with io.TextIOWrapper(
                io.BufferedReader(raw), encoding="utf-8-sig", newline=""
            ) as handle:
                stream = (
                    iter_claims_csv(handle, mapping=mapping, errors="collect")
                    if kind == "csv"
                    else iter_claims_jsonl(handle, errors="collect")
                )
                with run.progress(f"reading {path.name}", size, "bytes") as bar:
                    for claim in stream:
                        claims.append(claim)
                        bar.update(raw.bytes_read)
                errors, rows = tuple(stream.errors), stream.rows
    except UnicodeDecodeError as exc:
        raise _DataError(
            f"claims file {path.name!r} is not UTF-8 text (byte {exc.start}: {exc.reason})"
        ) from None
    except OSError as exc:
        raise _DataError(f"cannot read claims file {str(path)!r}: {exc.strerror}") from None
    for error in errors:
        sys.stderr.write(f"recouvrement: invalid row: {error}\n")
    if errors:
        plural = "row" if len(errors) == 1 else "rows"
        if run.args.strict:
            raise _Refused(
                f"load refused (--strict): {len(errors)} invalid {plural} of {rows} in "
                f"{path.name} (each is listed above)"
            )
        run.note(
            f"warning: {len(errors)} invalid {plural} of {rows} skipped "
            "(each is listed above; --strict refuses the load)"
        )
    return _Loaded(claims=tuple(claims), errors=errors, rows=rows, source=path.name)


def _as_of(run: _Run, *, default: pendulum.Date | None = None) -> pendulum.Date:
    value: str | None = run.args.as_of
    if value is None:
        if default is not None:
            return default
        raise _UsageError(
            "--as-of DATE is required: the day to evaluate the claims on, as YYYY-MM-DD "
            "(for example --as-of 2026-03-31); recouvrement never reads the clock"
        )
    return to_date(value, "--as-of")


def _policy(run: _Run) -> EscalationPolicy | None:
    name: str | None = getattr(run.args, "policy", None)
    if name is None:
        return None
    path = Path(name)
    if not path.is_file():
        raise _DataError(f"--policy: no such file: {name!r}")
    return EscalationPolicy.from_toml(path)


def _profiles(run: _Run, claims: Sequence[Claim], as_of: pendulum.Date) -> dict[str, DebtorProfile]:
    """Profile every debtor (as `profiling.profile_debtors` does), with a progress bar."""
    groups: dict[str, list[Claim]] = {}
    for claim in claims:
        groups.setdefault(claim.debtor.id, []).append(claim)
    result: dict[str, DebtorProfile] = {}
    with run.progress("profiling debtors", len(groups)) as bar:
        for debtor_id in bar.track(sorted(groups)):
            result[debtor_id] = profile_debtor(groups[debtor_id], as_of=as_of)
    return result


def _decisions(
    run: _Run,
    claims: Sequence[Claim],
    as_of: pendulum.Date,
    policy: EscalationPolicy | None,
    profiles: Mapping[str, DebtorProfile] | None,
) -> list[Decision]:
    with run.progress("deciding", len(claims)) as bar:
        return list(bar.track(next_actions(claims, as_of=as_of, policy=policy, profiles=profiles)))


def _use_profiles(run: _Run) -> bool:
    return not getattr(run.args, "no_profiles", False)


def _find_claim(loaded: _Loaded, claim_id: str) -> Claim:
    for claim in loaded.claims:
        if claim.id == claim_id:
            return claim
    raise _DataError(f"--claim={claim_id!r}: no claim with that id in {loaded.source}")


def _details(run: _Run) -> CreditorDetails | None:
    name: str | None = run.args.details
    if name is None:
        return None
    path = Path(name)
    if not path.is_file():
        raise _DataError(f"--details: no such file: {name!r}")
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise _DataError(f"--details: {path.name} is not valid TOML: {exc}") from None
    try:
        return CreditorDetails.from_dict(data)
    except RecouvrementError as exc:
        raise _DataError(f"--details: {path.name}: {exc}") from None


# -- shared computations ---------------------------------------------------------------------


def _books(claims: Sequence[Claim]) -> dict[str, Portfolio]:
    """One portfolio per currency, by currency code."""
    groups: dict[str, list[Claim]] = {}
    for claim in claims:
        groups.setdefault(claim.currency, []).append(claim)
    return {currency: Portfolio(groups[currency]) for currency in sorted(groups)}


_KPI_LABELS = {
    "receivables": ("Receivables", "money"),
    "current_receivables": ("Current (not yet due)", "money"),
    "past_due_receivables": ("Past due", "money"),
    "sales": ("Net sales of the window", "money"),
    "dso": ("DSO", "days"),
    "best_possible_dso": ("Best Possible DSO", "days"),
    "average_days_delinquent": ("Average Days Delinquent (DSO - BPDSO)", "days"),
    "dso_countback": ("DSO, countback", "days"),
    "cei": ("CEI (N=1)", "%"),
    "weighted_days_to_pay": ("Weighted days to pay (payments in the window)", "days"),
    "weighted_days_late": ("Weighted days late (payments in the window)", "days"),
    "average_days_past_due": ("Average days past due (open overdue claims)", "days"),
    "recovery_rate": ("Recovery rate (claims placed in recovery)", "%"),
    "cost_of_recovery": ("Cost of recovery (window)", "%"),
}


def _kpi_rows(claims: Sequence[Claim], as_of: pendulum.Date, months: int) -> list[dict[str, Any]]:
    """The KPIs as of ``as_of`` over a window of ``months`` months, one row per figure."""
    start, end = kpi_window(as_of=as_of, months=months)
    rows: list[dict[str, Any]] = []
    for currency, book in _books(claims).items():
        try:
            countback: Decimal | None = book.dso_countback(as_of=as_of)
        except InsufficientHistory:
            countback = None
        values: dict[str, Money | Decimal | None] = {
            "receivables": book.receivables(as_of=as_of),
            "current_receivables": book.current_receivables(as_of=as_of),
            "past_due_receivables": book.past_due_receivables(as_of=as_of),
            "sales": book.sales(start=start, end=end),
            "dso": book.dso(as_of=as_of, months=months),
            "best_possible_dso": book.best_possible_dso(as_of=as_of, months=months),
            "average_days_delinquent": book.average_days_delinquent(as_of=as_of, months=months),
            "dso_countback": countback,
            "cei": book.cei(start=start, end=end),
            "weighted_days_to_pay": book.weighted_days_to_pay(start=start, end=end),
            "weighted_days_late": book.weighted_days_late(start=start, end=end),
            "average_days_past_due": book.average_days_past_due(as_of=as_of),
            "recovery_rate": book.recovery_rate(as_of=as_of),
            "cost_of_recovery": book.cost_of_recovery(start=start, end=end),
        }
        for key, value in values.items():
            label, unit = _KPI_LABELS[key]
            point_in_time = key in (
                "receivables",
                "current_receivables",
                "past_due_receivables",
                "dso_countback",
                "average_days_past_due",
                "recovery_rate",
            )
            rows.append(
                {
                    "kpi": key,
                    "label": label,
                    "value": _amount(value) if isinstance(value, Money) else _num(value),
                    "unit": currency if unit == "money" else unit,
                    "currency": currency,
                    "start": None if point_in_time else start.isoformat(),
                    "end": end.isoformat(),
                }
            )
    return rows


def _kpi_text(run: _Run, rows: Sequence[Mapping[str, Any]]) -> str:
    lines = []
    for row in rows:
        value = row["value"]
        if value is None:
            shown = "n/a"
        elif row["unit"] == row["currency"]:
            shown = run.money(Money(value, row["currency"]))
        elif row["unit"] == "%":
            shown = f"{value} %"
        else:
            shown = f"{value} days"
        period = row["end"] if row["start"] is None else f"{row['start']} to {row['end']}"
        lines.append([row["label"], shown, period, row["currency"]])
    return _table(["KPI", "Value", "Period", "Currency"], lines, right={1})


def _aging_rows(claims: Sequence[Claim], as_of: pendulum.Date) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    balances: dict[str, AgingBalance] = aging_by_currency(claims, as_of=as_of)
    for currency, balance in balances.items():
        total = balance.total.amount
        entries = [("not due", balance.not_due), *balance.buckets, ("total", balance.total)]
        for label, money in entries:
            share = None if not total else _num(money.amount / total * 100, Decimal("0.1"))
            rows.append(
                {
                    "currency": currency,
                    "bucket": label,
                    "balance": _amount(money),
                    "share": share,
                }
            )
    return rows


def _aging_text(run: _Run, rows: Sequence[Mapping[str, Any]]) -> str:
    if not rows:
        return "(no claim on the ledger)"
    several = len({r["currency"] for r in rows}) > 1
    return _table(
        ["Bucket", "Balance", "Share", *(["Currency"] if several else [])],
        [
            [
                r["bucket"],
                run.money(Money(r["balance"], r["currency"])),
                "" if r["share"] is None else f"{r['share']} %",
                *([r["currency"]] if several else []),
            ]
            for r in rows
        ],
        right={1, 2},
    )


def _summary(claims: Sequence[Claim], as_of: pendulum.Date) -> dict[str, Any]:
    """Counts, outstanding and overdue balances by currency, and the debtors by balance."""
    open_claims = [c for c in claims if c.issued_on <= as_of and not c.is_settled(as_of=as_of)]
    outstanding: dict[str, Money] = {}
    overdue: dict[str, Money] = {}
    by_debtor: dict[tuple[str, str], dict[str, Any]] = {}
    for claim in open_claims:
        balance = claim.outstanding(as_of=as_of)
        days = claim.days_past_due(as_of=as_of)
        currency = claim.currency
        outstanding[currency] = outstanding.get(currency, Money.zero(currency)) + balance
        if days > 0:
            overdue[currency] = overdue.get(currency, Money.zero(currency)) + balance
        entry = by_debtor.setdefault(
            (claim.debtor.id, currency),
            {
                "debtor_id": claim.debtor.id,
                "debtor": claim.debtor.name,
                "kind": claim.debtor.kind.value,
                "claims": 0,
                "outstanding": Money.zero(currency),
                "max_days_past_due": 0,
            },
        )
        entry["claims"] += 1
        entry["outstanding"] += balance
        entry["max_days_past_due"] = max(entry["max_days_past_due"], days)
    debtors = sorted(
        by_debtor.values(),
        key=lambda e: (e["outstanding"].currency, -e["outstanding"].amount, e["debtor_id"]),
    )
    currencies = sorted(outstanding)
    single = outstanding[currencies[0]] if len(currencies) == 1 else None
    return {
        "as_of": as_of.isoformat(),
        "claims": len(claims),
        "debtors": len({c.debtor.id for c in claims}),
        "open_claims": len(open_claims),
        "outstanding": None if single is None else _money_dict(single),
        "outstanding_by_currency": [_money_dict(outstanding[c]) for c in currencies],
        "overdue_by_currency": [_money_dict(overdue.get(c, Money.zero(c))) for c in currencies],
        "by_debtor": [{**e, "outstanding": _money_dict(e["outstanding"])} for e in debtors],
    }


def _summary_text(run: _Run, summary: Mapping[str, Any], *, top: int | None) -> str:
    def money(data: Mapping[str, str]) -> str:
        return run.money(Money(data["amount"], data["currency"]))

    totals = " + ".join(money(m) for m in summary["outstanding_by_currency"]) or "nothing"
    overdue = " + ".join(money(m) for m in summary["overdue_by_currency"]) or "nothing"
    head = (
        f"As of {summary['as_of']}: {summary['claims']} claims of {summary['debtors']} debtors, "
        f"{summary['open_claims']} open, {totals} outstanding, {overdue} of it overdue.\n"
    )
    debtors = summary["by_debtor"]
    shown = debtors if top is None else debtors[:top]
    rows = [
        [
            _short(e["debtor"], 30),
            e["debtor_id"],
            e["kind"],
            e["claims"],
            money(e["outstanding"]),
            e["max_days_past_due"],
        ]
        for e in shown
    ]
    headers = ["Debtor", "ID", "Kind", "Open", "Outstanding", "Max days past due"]
    if all(e["debtor"] == e["debtor_id"] for e in shown):  # an export without names
        headers, rows = headers[1:], [row[1:] for row in rows]
    body = _table(headers, rows, right={len(headers) - 3, len(headers) - 2, len(headers) - 1})
    if len(shown) < len(debtors):
        body += f"\n... and {len(debtors) - len(shown)} more debtors (--format json lists all)"
    title = "Outstanding by debtor" + ("" if top is None else f" (largest {top})")
    return head + "\n" + _titled(title, body)


def _segment_rows(
    profiles: Mapping[str, DebtorProfile], claims: Sequence[Claim], as_of: pendulum.Date
) -> list[dict[str, Any]]:
    counts = Counter(p.segment.value for p in profiles.values())
    balances: dict[tuple[str, str], Decimal] = {}
    for claim in claims:
        profile = profiles.get(claim.debtor.id)
        if profile is None or claim.issued_on > as_of:
            continue
        balance = claim.outstanding(as_of=as_of).amount
        if balance > 0:
            key = (profile.segment.value, claim.currency)
            balances[key] = balances.get(key, Decimal(0)) + balance
    total = sum(counts.values())
    rows = []
    for segment, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        rows.append(
            {
                "segment": segment,
                "debtors": count,
                "share": _num(Decimal(count) / total * 100, Decimal("0.1")),
                "outstanding": [
                    {"amount": format(amount, "f"), "currency": currency}
                    for (seg, currency), amount in sorted(balances.items())
                    if seg == segment
                ],
            }
        )
    return rows


def _segment_text(run: _Run, rows: Sequence[Mapping[str, Any]]) -> str:
    if not rows:
        return "(no debtor)"
    return _table(
        ["Segment", "Debtors", "Share", "Outstanding"],
        [
            [
                r["segment"],
                r["debtors"],
                f"{r['share']} %",
                " + ".join(run.money(Money(m["amount"], m["currency"])) for m in r["outstanding"]),
            ]
            for r in rows
        ],
        right={1, 2, 3},
    )


def _is_open(decision: Decision, claim: Claim) -> bool:
    """Whether a claim is on the ledger and not closed on the decision's day."""
    return decision.action is not Action.CLOSE and claim.issued_on <= decision.as_of


def _decision_row(decision: Decision, claim: Claim) -> dict[str, Any]:
    reason, citation = _lead(decision.reasons)
    amounts = decision.amounts
    as_of = decision.as_of
    return {
        "claim_id": decision.claim_id,
        "debtor_id": claim.debtor.id,
        "debtor": claim.debtor.name,
        "currency": claim.currency,
        "outstanding": _amount(claim.outstanding(as_of=as_of)),
        "days_past_due": claim.days_past_due(as_of=as_of),
        "segment": None if decision.segment is None else decision.segment.value,
        "action": decision.action.value,
        "on": decision.on.isoformat(),
        "due_now": decision.due_now,
        "channel": _channel(decision.channel) or None,
        "step": decision.step,
        "tone": None if decision.tone is None else decision.tone.value,
        "deadline": None if decision.deadline is None else decision.deadline.isoformat(),
        "principal": None if amounts is None else _amount(amounts.principal),
        "interest": None if amounts is None else _amount(amounts.interest),
        "indemnity": None if amounts is None else _amount(amounts.indemnity),
        "penalty": None if amounts is None else _amount(amounts.penalty),
        "total_due": None if amounts is None else _amount(amounts.total),
        "policy": decision.policy,
        "reason": reason,
        "citation": citation,
        "reasons": [r.to_dict() for r in decision.reasons],
    }


_DECISION_COLUMNS = (
    "claim_id",
    "debtor_id",
    "debtor",
    "currency",
    "outstanding",
    "days_past_due",
    "segment",
    "action",
    "on",
    "due_now",
    "channel",
    "step",
    "tone",
    "deadline",
    "principal",
    "interest",
    "indemnity",
    "penalty",
    "total_due",
    "policy",
    "reason",
    "citation",
    "reasons",
)


def _reason_cell(row: Mapping[str, Any], width: int) -> str:
    """The first reason, shortened to fit ``width`` with its citation kept whole."""
    citation = f" [{row['citation']}]" if row["citation"] else ""
    return _short(row["reason"], max(20, width - len(citation))) + citation


def _decisions_text(rows: Sequence[Mapping[str, Any]], *, width: int = 72) -> str:
    if not rows:
        return "(no open claim)"
    return _table(
        ["Claim", "Debtor", "Action", "Channel", "On", "Step", "First reason [citation]"],
        [
            [
                r["claim_id"],
                _short(r["debtor"], 22),
                r["action"],
                r["channel"],
                r["on"],
                r["step"],
                _reason_cell(r, width),
            ]
            for r in rows
        ],
    )


def _action_counts(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    counts = Counter(r["action"] for r in rows)
    due = Counter(r["action"] for r in rows if r["due_now"])
    return [
        {"action": action, "claims": count, "due_now": due.get(action, 0)}
        for action, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def _counts_text(counts: Sequence[Mapping[str, Any]]) -> str:
    if not counts:
        return "(none)"
    return _table(
        ["Action", "Claims", "Due now"],
        [[c["action"], c["claims"], c["due_now"]] for c in counts],
        right={1, 2},
    )


def _deadline_row(deadline: Deadline, claims: Mapping[str, Claim]) -> dict[str, Any]:
    claim = claims.get(deadline.claim_id)
    return {
        "date": deadline.date.isoformat(),
        "days_left": deadline.days_left,
        "kind": deadline.kind,
        "claim_id": deadline.claim_id,
        "debtor_id": None if claim is None else claim.debtor.id,
        "citation": str(deadline.citation),
        "message": deadline.message,
    }


_DEADLINE_COLUMNS = ("date", "days_left", "kind", "claim_id", "debtor_id", "citation", "message")


def _deadlines_text(
    rows: Sequence[Mapping[str, Any]],
    as_of: pendulum.Date,
    within: int,
    following: Mapping[str, Any] | None,
) -> str:
    if not rows:
        text = f"No legal deadline within {within} days of {as_of.isoformat()}."
        if following is not None:
            text += (
                f"\nThe next one: {following['date']} ({following['days_left']} days), "
                f"{following['kind']} of {following['claim_id']} [{following['citation']}]."
            )
        return text
    return _table(
        ["Date", "Days left", "Kind", "Claim", "Message [citation]"],
        [
            [
                r["date"],
                r["days_left"],
                r["kind"],
                r["claim_id"],
                _reason_cell({"reason": r["message"], "citation": r["citation"]}, 90),
            ]
            for r in rows
        ],
        right={1},
    )


def _upcoming(
    run: _Run | None, claims: Sequence[Claim], as_of: pendulum.Date, within: int
) -> list[Deadline]:
    """`upcoming_deadlines` by chunks of claims, with a progress bar, in the same order."""
    if run is None or len(claims) <= _CHUNK:
        return list(upcoming_deadlines(claims, as_of=as_of, within=within))
    found: list[Deadline] = []
    with run.progress("deadlines", len(claims)) as bar:
        for start in range(0, len(claims), _CHUNK):
            chunk = claims[start : start + _CHUNK]
            found.extend(upcoming_deadlines(chunk, as_of=as_of, within=within))
            bar.advance(len(chunk))
    found.sort(key=lambda d: (d.date, d.claim_id, DEADLINE_KINDS.index(d.kind)))
    return found


def _deadline_data(
    claims: Sequence[Claim], as_of: pendulum.Date, within: int, run: _Run | None = None
) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """The deadlines within ``within`` days, and the first one after the window."""
    by_id = {c.id: c for c in claims}
    found = _upcoming(run, claims, as_of, within)
    rows = [_deadline_row(d, by_id) for d in found]
    following = None
    if not rows:
        later = _upcoming(run, claims, as_of, max(within, 3660))
        if later:
            following = _deadline_row(later[0], by_id)
    return rows, following


def _report_rows(document: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The report as long-format records (section, key, currency, value) for CSV."""
    rows: list[dict[str, Any]] = []

    def add(section: str, key: str, value: Any, currency: str | None = None) -> None:
        rows.append({"section": section, "key": key, "currency": currency, "value": value})

    summary = document["summary"]
    for key in ("as_of", "claims", "debtors", "open_claims"):
        add("summary", key, summary[key])
    for money in summary["outstanding_by_currency"]:
        add("summary", "outstanding", money["amount"], money["currency"])
    for money in summary["overdue_by_currency"]:
        add("summary", "overdue", money["amount"], money["currency"])
    for entry in summary["by_debtor"]:
        add(
            "by_debtor",
            entry["debtor_id"],
            entry["outstanding"]["amount"],
            entry["outstanding"]["currency"],
        )
    for row in document["aging"]:
        add("aging", row["bucket"], row["balance"], row["currency"])
    for row in document["kpis"]:
        add("kpis", row["kpi"], row["value"], row["currency"])
    for row in document["segments"]:
        add("segments", row["segment"], row["debtors"])
    for row in document["actions"]:
        add("actions", row["action"], row["claims"])
    for row in document["deadlines"]:
        add("deadlines", f"{row['date']} {row['kind']} {row['claim_id']}", row["days_left"])
    return rows


@attrs.frozen(slots=True, kw_only=True)
class _Report:
    document: dict[str, Any]
    action_rows: list[dict[str, Any]]
    following: dict[str, Any] | None
    decisions: list[Decision]
    profiles: dict[str, DebtorProfile] | None
    policy: EscalationPolicy | None


def _report(
    run: _Run,
    claims: Sequence[Claim],
    as_of: pendulum.Date,
    *,
    months: int,
    within: int,
) -> _Report:
    """The report's sections, with the decisions and profiles they came from."""
    profiles = _profiles(run, claims, as_of) if _use_profiles(run) else None
    policy = _policy(run)
    decisions = _decisions(run, claims, as_of, policy, profiles)
    action_rows = [
        _decision_row(d, c) for d, c in zip(decisions, claims, strict=True) if _is_open(d, c)
    ]
    deadlines, following = _deadline_data(claims, as_of, within, run)
    start, end = kpi_window(as_of=as_of, months=months)
    document: dict[str, Any] = {
        "as_of": as_of.isoformat(),
        "summary": _summary(claims, as_of),
        "aging": _aging_rows(claims, as_of),
        "kpi_window": {"start": start.isoformat(), "end": end.isoformat(), "months": months},
        "kpis": _kpi_rows(claims, as_of, months),
        "segments": [] if profiles is None else _segment_rows(profiles, claims, as_of),
        "actions": _action_counts(action_rows),
        "deadlines_within": within,
        "deadlines": deadlines,
    }
    return _Report(
        document=document,
        action_rows=action_rows,
        following=following,
        decisions=decisions,
        profiles=profiles,
        policy=policy,
    )


def _aging_note(document: Mapping[str, Any]) -> str:
    """Say why the aging total differs from the open balance, when it does."""
    open_balance = {
        m["currency"]: m["amount"] for m in document["summary"]["outstanding_by_currency"]
    }
    totals = {r["currency"]: r["balance"] for r in document["aging"] if r["bucket"] == "total"}
    if all(Decimal(totals.get(c, "0")) == Decimal(a) for c, a in open_balance.items()):
        return ""
    return (
        "\n(The aging nets overpaid claims as negative balances and leaves out written-off"
        "\nand cancelled claims, so its total differs from the open balance above.)"
    )


def _report_text(
    run: _Run,
    as_of: pendulum.Date,
    document: Mapping[str, Any],
    following: Mapping[str, Any] | None,
    *,
    title: str,
    top: int | None,
) -> list[str]:
    window = document["kpi_window"]
    months = window["months"]
    span = "quarter" if months == 3 else f"{months} months"
    parts = [
        title,
        _summary_text(run, document["summary"], top=top),
        _titled(
            "Aging of the balance (days past due)",
            _aging_text(run, document["aging"]) + _aging_note(document),
        ),
        _titled(
            f"KPIs over the {span} {window['start']} to {window['end']}",
            _kpi_text(run, document["kpis"]),
        ),
    ]
    if document["segments"]:
        parts.append(
            _titled("Debtor segments (payment profiles)", _segment_text(run, document["segments"]))
        )
    parts.append(
        _titled(
            "Next actions on open claims, by action (see `next-actions` for each claim)",
            _counts_text(document["actions"]),
        )
    )
    parts.append(
        _titled(
            f"Legal deadlines within {document['deadlines_within']} days",
            _deadlines_text(document["deadlines"], as_of, document["deadlines_within"], following),
        )
    )
    return parts


# -- commands ---------------------------------------------------------------------------------


def _demo_notice(
    run: _Run,
    claims: Sequence[Claim],
    decisions: Sequence[Decision],
    policy: EscalationPolicy | None,
    profiles: Mapping[str, DebtorProfile] | None,
    as_of: pendulum.Date,
) -> tuple[Notice, Decision, str] | None:
    """The first formal notice: due now, else the first an open claim reaches if unpaid.

    The look-ahead replays each open claim with `simulate` over the next 180 days (every
    step carried out, nothing paid) and keeps the earliest formal notice.
    """
    pairs = list(zip(decisions, claims, strict=True))
    for decision, claim in pairs:
        if decision.action is Action.FORMAL_NOTICE:
            return render_notice(decision, claim, locale=run.locale), decision, "due now"
    end = as_of.add(days=180)
    first: tuple[pendulum.Date, str, Claim] | None = None
    for decision, claim in pairs:
        if decision.action is Action.CLOSE:
            continue
        profile = None if profiles is None else profiles.get(claim.debtor.id)
        horizon = end if first is None else min(end, first[0])
        timeline = simulate(
            claim, start=as_of, end=horizon, policy=policy, profile=profile, with_amounts=False
        )
        found = next((d for d in timeline if d.action is Action.FORMAL_NOTICE), None)
        if found is not None and (first is None or (found.on, claim.id) < first[:2]):
            first = (found.on, claim.id, claim)
    if first is None:
        return None
    day, _, claim = first
    profile = None if profiles is None else profiles.get(claim.debtor.id)
    timeline = simulate(claim, start=as_of, end=day, policy=policy, profile=profile)
    decision = timeline[-1]
    when = (
        f"due on {day.isoformat()} if the claim is still unpaid: the first formal notice "
        f"after {as_of.isoformat()}"
    )
    return render_notice(decision, claim, locale=run.locale), decision, when


def _cmd_demo(run: _Run) -> _Output:
    sample = load_sample()
    as_of = _as_of(run, default=sample.as_of)
    claims = sample.claims
    report = _report(run, claims, as_of, months=3, within=90)
    document, action_rows = report.document, report.action_rows
    pairs = [(d, c) for d, c in zip(report.decisions, claims, strict=True) if _is_open(d, c)]
    found = _demo_notice(
        run,
        [c for _, c in pairs],
        [d for d, _ in pairs],
        report.policy,
        report.profiles,
        as_of,
    )
    summary = document["summary"]
    data: dict[str, Any] = {
        **{k: summary[k] for k in ("as_of", "claims", "debtors", "open_claims", "outstanding")},
        "by_debtor": summary["by_debtor"],
        **{k: v for k, v in document.items() if k not in ("as_of", "summary")},
        "next_actions": action_rows,
        "notice": None if found is None else {**found[0].to_dict(), "when": found[2]},
    }

    def text() -> str:
        parts = _report_text(
            run,
            as_of,
            document,
            report.following,
            title=f"recouvrement {__version__}: demo on the embedded sample portfolio\n",
            top=10,
        )
        parts.insert(
            -1,
            _titled(
                f"Next action for each of the {len(action_rows)} open claims",
                _decisions_text(action_rows),
            ),
        )
        explained: list[str] = []
        seen: set[Action] = {Action.NONE}
        for decision, _ in pairs:
            if decision.action not in seen:
                seen.add(decision.action)
                explained.append(decision.explain())
        parts.insert(
            -1,
            _titled("Why: the full reasons of one claim per action", "\n\n".join(explained)),
        )
        if found is None:
            parts.append("No formal notice is due or coming on the open claims.\n")
        else:
            notice, decision, when = found
            parts.append(
                _titled(
                    f"A formal notice ({decision.claim_id}, {when}), as the debtor receives it",
                    f"Subject: {notice.subject}\n\n{notice.text.rstrip()}\n",
                )
            )
        parts.append(
            "Next: run the same on your own ledger, for example\n"
            "  recouvrement report claims.csv --as-of 2026-03-31\n"
            "(`recouvrement --help` lists every command).\n"
        )
        return "\n".join(parts)

    return _Output(text=text, rows=action_rows, columns=_DECISION_COLUMNS, document=data)


def _cmd_report(run: _Run) -> _Output:
    as_of = _as_of(run)
    loaded = _load(run)
    report = _report(
        run, loaded.claims, as_of, months=run.args.window_months, within=run.args.within
    )
    document = {
        "command": "report",
        "source": loaded.source,
        **report.document,
        "invalid_rows": [e.to_dict() for e in loaded.errors],
    }
    document["rows"] = _report_rows(document)

    def text() -> str:
        title = f"Report on {loaded.source}\n"
        parts = _report_text(run, as_of, document, report.following, title=title, top=run.args.top)
        return "\n".join(parts)

    return _Output(
        text=text,
        rows=document["rows"],
        columns=("section", "key", "currency", "value"),
        document=document,
    )


def _list_document(
    command: str,
    loaded: _Loaded,
    as_of: pendulum.Date,
    rows: Sequence[Mapping[str, Any]],
    **extra: Any,
) -> dict[str, Any]:
    return {
        "command": command,
        "source": loaded.source,
        "as_of": as_of.isoformat(),
        **extra,
        "rows": list(rows),
        "invalid_rows": [e.to_dict() for e in loaded.errors],
    }


def _cmd_next_actions(run: _Run) -> _Output:
    as_of = _as_of(run)
    loaded = _load(run)
    claims = loaded.claims
    profiles = _profiles(run, claims, as_of) if _use_profiles(run) else None
    decisions = _decisions(run, claims, as_of, _policy(run), profiles)
    wanted = set(run.args.action or ())
    rows = [
        _decision_row(d, c)
        for d, c in zip(decisions, claims, strict=True)
        if (run.args.all or _is_open(d, c))
        and (not wanted or d.action.value in wanted)
        and (not run.args.due_now or d.due_now)
    ]
    counts = _action_counts(rows)

    def text() -> str:
        head = (
            f"Next actions on {loaded.source} as of {as_of.isoformat()}: {len(rows)} of "
            f"{len(claims)} claims" + ("" if run.args.all else " (closed claims left out: --all)")
        )
        parts = [
            head,
            _decisions_text(rows, width=run.args.width),
            "",
            "By action",
            _counts_text(counts),
        ]
        if run.args.explain:
            by_id = {d.claim_id: d for d in decisions}
            parts.append("\nReasons")
            parts.extend(by_id[r["claim_id"]].explain() + "\n" for r in rows)
        return "\n".join(parts) + "\n"

    document = _list_document("next-actions", loaded, as_of, rows, counts=counts)
    return _Output(text=text, rows=rows, columns=_DECISION_COLUMNS, document=document)


def _trend_rows(
    claims: Sequence[Claim], as_of: pendulum.Date, months: int, window: int
) -> list[dict[str, Any]]:
    first = as_of.start_of("month").subtract(months=months - 1)
    rows = []
    for currency, book in _books(claims).items():
        for month in book.trend(start=first, end=as_of, window_months=window):
            rows.append(
                {
                    "month": month.month,
                    "currency": currency,
                    "sales": _amount(month.sales),
                    "receivables": _amount(month.receivables),
                    "current_receivables": _amount(month.current_receivables),
                    "dso": _num(month.dso),
                    "best_possible_dso": _num(month.best_possible_dso),
                    "average_days_delinquent": _num(month.average_days_delinquent),
                    "dso_countback": _num(month.dso_countback),
                    "cei": _num(month.cei),
                    "weighted_days_to_pay": _num(month.weighted_days_to_pay),
                    "weighted_days_late": _num(month.weighted_days_late),
                    "recovery_rate": _num(month.recovery_rate),
                    "cost_of_recovery": _num(month.cost_of_recovery),
                }
            )
    return rows


_TREND_COLUMNS = (
    "month",
    "currency",
    "sales",
    "receivables",
    "current_receivables",
    "dso",
    "best_possible_dso",
    "average_days_delinquent",
    "dso_countback",
    "cei",
    "weighted_days_to_pay",
    "weighted_days_late",
    "recovery_rate",
    "cost_of_recovery",
)


def _cmd_kpis(run: _Run) -> _Output:
    as_of = _as_of(run)
    loaded = _load(run)
    months: int = run.args.window_months
    if run.args.trend is not None:
        trend = _trend_rows(loaded.claims, as_of, run.args.trend, months)

        def trend_text() -> str:
            table = _table(
                [
                    "Month",
                    "Cur.",
                    "Sales",
                    "Receivables",
                    "DSO",
                    "BPDSO",
                    "ADD",
                    "Countback",
                    "CEI %",
                    "Days to pay",
                ],
                [
                    [
                        r["month"],
                        r["currency"],
                        run.money(Money(r["sales"], r["currency"])),
                        run.money(Money(r["receivables"], r["currency"])),
                        r["dso"],
                        r["best_possible_dso"],
                        r["average_days_delinquent"],
                        r["dso_countback"],
                        r["cei"],
                        r["weighted_days_to_pay"],
                    ]
                    for r in trend
                ],
                right=set(range(2, 10)),
            )
            return (
                f"Monthly KPIs of {loaded.source}, {run.args.trend} months to "
                f"{as_of.isoformat()} (DSO over {months} month(s) ending with each month; "
                "CEI and days to pay over the month)\n" + table + "\n"
            )

        document = _list_document("kpis", loaded, as_of, trend, window_months=months)
        return _Output(text=trend_text, rows=trend, columns=_TREND_COLUMNS, document=document)
    rows = _kpi_rows(loaded.claims, as_of, months)
    aging = _aging_rows(loaded.claims, as_of)

    def text() -> str:
        start, end = kpi_window(as_of=as_of, months=months)
        return (
            _titled(
                f"KPIs of {loaded.source} as of {as_of.isoformat()} "
                f"(window: {start.isoformat()} to {end.isoformat()}, {months} months)",
                _kpi_text(run, rows),
            )
            + "\n"
            + _titled("Aging of the balance (days past due)", _aging_text(run, aging))
        )

    document = _list_document("kpis", loaded, as_of, rows, window_months=months, aging=aging)
    return _Output(
        text=text,
        rows=rows,
        columns=("kpi", "label", "value", "unit", "currency", "start", "end"),
        document=document,
    )


def _profile_row(
    profile: DebtorProfile, names: Mapping[str, str], open_claims: Counter[str]
) -> dict[str, Any]:
    m = profile.metrics
    reason = next((r.message for r in profile.reasons if r.code.startswith("profile.segment")), "")
    return {
        "debtor_id": profile.debtor_id,
        "debtor": names.get(profile.debtor_id, ""),
        "segment": profile.segment.value,
        "score": profile.score,
        "rule": profile.rule,
        "claims_issued": m.claims_issued,
        "open_claims": open_claims.get(profile.debtor_id, 0),
        "claims_overdue": m.claims_overdue,
        "currency": m.currency,
        "overdue_amount": _amount(m.overdue_amount),
        "oldest_days_past_due": m.oldest_days_past_due,
        "on_time_share": _num(m.on_time_share, None),
        "average_days_late": _num(m.average_days_late, None),
        "average_delay": _num(m.average_delay, None),
        "promises_broken": m.promises_broken,
        "disputes_open": m.disputes_open,
        "reminders": m.reminders,
        "formal_notices": m.formal_notices,
        "insolvency_open": m.insolvency_open,
        "reason": reason,
        "reasons": [r.to_dict() for r in profile.reasons],
    }


_PROFILE_COLUMNS = (
    "debtor_id",
    "debtor",
    "segment",
    "score",
    "rule",
    "claims_issued",
    "open_claims",
    "claims_overdue",
    "currency",
    "overdue_amount",
    "oldest_days_past_due",
    "on_time_share",
    "average_days_late",
    "average_delay",
    "promises_broken",
    "disputes_open",
    "reminders",
    "formal_notices",
    "insolvency_open",
    "reason",
    "reasons",
)


def _cmd_profiles(run: _Run) -> _Output:
    as_of = _as_of(run)
    loaded = _load(run)
    claims = loaded.claims
    profiles = _profiles(run, claims, as_of)
    wanted: str | None = run.args.debtor
    if wanted is not None:
        if wanted not in profiles:
            raise _DataError(f"--debtor={wanted!r}: no claim of that debtor in {loaded.source}")
        profiles = {wanted: profiles[wanted]}
    names = {c.debtor.id: c.debtor.name for c in claims}
    open_claims = Counter(
        c.debtor.id for c in claims if c.issued_on <= as_of and not c.is_settled(as_of=as_of)
    )
    rows = [_profile_row(p, names, open_claims) for p in profiles.values()]
    segments = _segment_rows(profiles, claims, as_of)

    def text() -> str:
        if wanted is not None:
            return profiles[wanted].explain() + "\n"
        headers = ["Debtor", "ID", "Segment", "Score", "Open", "Overdue", "Oldest dpd", "Why"]
        named = any(r["debtor"] != r["debtor_id"] for r in rows)
        table = _table(
            headers if named else headers[1:],
            [
                [
                    *([_short(r["debtor"], 24)] if named else []),
                    r["debtor_id"],
                    r["segment"],
                    r["score"],
                    r["open_claims"],
                    run.money(Money(r["overdue_amount"], r["currency"])),
                    r["oldest_days_past_due"],
                    _short(r["reason"], 70),
                ]
                for r in rows
            ],
            right={3, 4, 5, 6} if named else {2, 3, 4, 5},
        )
        return (
            f"Payment profiles of the {len(rows)} debtors of {loaded.source} as of "
            f"{as_of.isoformat()} (score 0-100, higher is riskier)\n{table}\n\n"
            + _titled("Segments", _segment_text(run, segments))
            + "\n`recouvrement profiles FILE --as-of DATE --debtor ID` explains one debtor.\n"
        )

    document = _list_document("profiles", loaded, as_of, rows, segments=segments)
    return _Output(text=text, rows=rows, columns=_PROFILE_COLUMNS, document=document)


def _cmd_deadlines(run: _Run) -> _Output:
    as_of = _as_of(run)
    loaded = _load(run)
    within: int = run.args.within
    rows, following = _deadline_data(loaded.claims, as_of, within, run)

    def text() -> str:
        head = f"Legal deadlines of {loaded.source} from {as_of.isoformat()} to " + (
            f"{as_of.add(days=within).isoformat()} ({within} days)\n"
        )
        return head + _deadlines_text(rows, as_of, within, following) + "\n"

    document = _list_document("deadlines", loaded, as_of, rows, within=within, next_after=following)
    return _Output(text=text, rows=rows, columns=_DEADLINE_COLUMNS, document=document)


@contextlib.contextmanager
def _details_hint(details: CreditorDetails | None) -> Iterator[None]:
    """Point at ``--details`` when a letter lacks a creditor detail."""
    try:
        yield
    except NoticeNotAvailable as exc:
        if exc.field is None or not exc.field.startswith("creditor_details"):
            raise
        hint = "add it to the file given with --details" if details else "give it with --details"
        raise _DataError(f"{exc} ({hint} FILE.toml, see `recouvrement notice --help`)") from None


def _cmd_notice(run: _Run) -> _Output:
    as_of = _as_of(run)
    if (run.args.claim is None) == (run.args.debtor is None):
        raise _UsageError("give one of --claim ID (a letter for one claim) or --debtor ID")
    if run.args.html and run.args.format != "table":
        raise _UsageError("--html replaces the plain text: use it without --format json|csv")
    loaded = _load(run)
    policy = _policy(run)
    details = _details(run)
    if run.args.claim is not None:
        claim = _find_claim(loaded, run.args.claim)
        mine = [c for c in loaded.claims if c.debtor.id == claim.debtor.id]
        profile = _profiles(run, mine, as_of)[claim.debtor.id] if _use_profiles(run) else None
        decision = next_action(claim, as_of=as_of, policy=policy, profile=profile)
        if notice_kind(decision.action) is None:
            step = "" if decision.step is None else f" (step {decision.step!r})"
            raise _DataError(
                f"--claim={claim.id!r}: the next action on {as_of.isoformat()} is "
                f"{decision.action.value}{step}, which sends no letter to the debtor "
                f"({_lead(decision.reasons)[0]}); see `recouvrement next-actions`"
            )
        with _details_hint(details):
            notice = render_notice(decision, claim, locale=run.locale, creditor_details=details)
    else:
        wanted: str = run.args.debtor
        mine = [c for c in loaded.claims if c.debtor.id == wanted]
        if not mine:
            raise _DataError(f"--debtor={wanted!r}: no claim of that debtor in {loaded.source}")
        profiles = _profiles(run, mine, as_of) if _use_profiles(run) else None
        decisions = _decisions(run, mine, as_of, policy, profiles)
        pairs = [
            (d, c)
            for d, c in zip(decisions, mine, strict=True)
            if notice_kind(d.action) is not None
        ]
        if not pairs:
            raise _DataError(
                f"--debtor={wanted!r}: none of the debtor's {len(mine)} claims has a letter to "
                f"send on {as_of.isoformat()}; see `recouvrement next-actions`"
            )
        with _details_hint(details):
            notice = render_debtor_notice(pairs, locale=run.locale, creditor_details=details)
    row = notice.to_dict()

    def text() -> str:
        if run.args.html:
            return notice.html if notice.html.endswith("\n") else notice.html + "\n"
        return f"Subject: {notice.subject}\n\n{notice.text.rstrip()}\n"

    return _Output(
        text=text,
        rows=[row],
        columns=tuple(row),
        document={
            "command": "notice",
            "source": loaded.source,
            "as_of": as_of.isoformat(),
            "rows": [row],
            "invalid_rows": [e.to_dict() for e in loaded.errors],
        },
    )


def _timeline_row(decision: Decision, claim: Claim) -> dict[str, Any]:
    row = _decision_row(decision, claim)
    row["outstanding"] = _amount(claim.outstanding(as_of=decision.on))
    row["days_past_due"] = claim.days_past_due(as_of=decision.on)
    return row


def _cmd_simulate(run: _Run) -> _Output:
    as_of = _as_of(run)
    start = as_of if run.args.start is None else to_date(run.args.start, "--start")
    end = start.add(years=1) if run.args.end is None else to_date(run.args.end, "--end")
    loaded = _load(run)
    claim = _find_claim(loaded, run.args.claim)
    mine = [c for c in loaded.claims if c.debtor.id == claim.debtor.id]
    profile = _profiles(run, mine, as_of)[claim.debtor.id] if _use_profiles(run) else None
    timeline = simulate(claim, start=start, end=end, policy=_policy(run), profile=profile)
    rows = [_timeline_row(d, claim) for d in timeline]

    def text() -> str:
        head = (
            f"What-if for {claim.id} ({claim.debtor.name}) from {start.isoformat()} to "
            f"{end.isoformat()}, if every action is carried out on its date and nothing is "
            f"paid (profile as of {as_of.isoformat()}"
            + ("" if profile is None else f": {profile.segment.value}")
            + ")\n"
        )
        if not rows:
            return head + "Nothing to do in that period.\n"
        table = _table(
            ["On", "Action", "Channel", "Step", "Total due", "First reason [citation]"],
            [
                [
                    r["on"],
                    r["action"],
                    r["channel"],
                    r["step"],
                    ""
                    if r["total_due"] is None
                    else run.money(Money(r["total_due"], r["currency"])),
                    _reason_cell(r, 80),
                ]
                for r in rows
            ],
            right={4},
        )
        return head + table + "\n"

    document = _list_document(
        "simulate",
        loaded,
        as_of,
        rows,
        claim_id=claim.id,
        start=start.isoformat(),
        end=end.isoformat(),
    )
    return _Output(text=text, rows=rows, columns=_DECISION_COLUMNS, document=document)


# -- output -----------------------------------------------------------------------------------


@contextlib.contextmanager
def _target(run: _Run, out: TextIO) -> Iterator[TextIO]:
    """Standard output, or ``--output FILE``.

    A regular file is written atomically (a temporary file beside it, renamed over it once
    complete, with the usual permissions), so a failed run never leaves half a file; a
    device or a pipe (``/dev/null``, a FIFO) is written in place; ``-`` is standard output.
    """
    name: str | None = run.args.output
    if name is None or name == "-":
        yield out
        return
    path = Path(name)
    if path.is_symlink():
        path = path.resolve()
    if path.exists() and not path.is_file():
        if path.is_dir():
            raise _DataError(f"--output: {name!r} is a directory")
        with open(path, "w", encoding="utf-8", newline="") as file:
            yield file
        return
    folder = path.parent
    if not folder.is_dir():
        raise _DataError(f"--output: no such directory: {str(folder)!r}")
    if path.exists():
        mode = path.stat().st_mode & 0o777
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with open(handle, "w", encoding="utf-8", newline="") as file:
            yield file
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _emit(run: _Run, output: _Output, out: TextIO) -> None:
    fmt: str = run.args.format
    with _target(run, out) as target:
        if fmt == "json":
            json.dump(output.document, target, ensure_ascii=False, indent=2)
            target.write("\n")
        elif fmt == "csv":
            write_rows_csv(output.rows, target, columns=output.columns)
        else:
            target.write(output.text())


# -- the parser -------------------------------------------------------------------------------


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=30, width=96)


def _date_help(what: str) -> str:
    return f"{what}, as YYYY-MM-DD"


def _parents() -> dict[str, argparse.ArgumentParser]:
    source = argparse.ArgumentParser(add_help=False)
    group = source.add_argument_group("input")
    group.add_argument(
        "claims",
        metavar="CLAIMS_FILE",
        help="the claims: .csv (standard layout, or any export with --mapping), "
        ".jsonl or .json (the layout of Claim.to_dict)",
    )
    group.add_argument(
        "--mapping",
        metavar="NAME_OR_TOML",
        help="how to read another system's CSV export: a shipped mapping name "
        "(ibm_ar) or a mapping TOML file",
    )
    group.add_argument(
        "--input-format",
        choices=("csv", "jsonl", "json"),
        help="the file's format when its extension does not say",
    )
    group.add_argument(
        "--strict",
        action="store_true",
        help="refuse the whole file if any row is invalid (exit 1); by default each invalid "
        "row is reported on stderr and skipped",
    )
    group.add_argument(
        "--as-of", metavar="DATE", help=_date_help("required: the day to evaluate on")
    )

    policy = argparse.ArgumentParser(add_help=False)
    group = policy.add_argument_group("decisions")
    group.add_argument(
        "--policy",
        metavar="FILE",
        help="an escalation policy TOML file (default: the French default ladder)",
    )
    group.add_argument(
        "--no-profiles",
        action="store_true",
        help="follow the ladder without the debtors' payment profiles (segments)",
    )

    output = argparse.ArgumentParser(add_help=False)
    group = output.add_argument_group("output")
    group.add_argument(
        "--format",
        choices=_FORMATS,
        default="table",
        help="a readable table (default), JSON, or spreadsheet-safe CSV",
    )
    group.add_argument("--output", "-o", metavar="FILE", help="write to FILE (default: stdout)")
    group.add_argument(
        "--locale",
        default="fr_FR",
        help="locale of amounts and letters (default fr_FR; en_GB...)",
    )
    group.add_argument(
        "--quiet", "-q", action="store_true", help="no progress bar and no notes on stderr"
    )
    return {"source": source, "policy": policy, "output": output}


_COMMANDS: dict[str, dict[str, Any]] = {
    "demo": {
        "help": "run every feature on the embedded sample portfolio",
        "description": "Run the library on the embedded sample portfolio (200 claims of 40\n"
        "debtors) as of its own date: portfolio summary, aging, KPIs over the quarter, debtor\n"
        "segments, the next action on every open claim with its reasons, the legal deadlines of\n"
        "the next 90 days, and one formal notice as the debtor would receive it.",
        "examples": [
            "recouvrement demo",
            "recouvrement demo --locale en_GB",
            "recouvrement demo --format json -o demo.json",
        ],
    },
    "report": {
        "help": "summary, aging, KPIs, segments, actions and deadlines of a ledger",
        "description": "One page on a ledger: what is owed and by whom, the aging of the balance,\n"
        "the KPIs over a window (DSO, Best Possible DSO, ADD, CEI...), the debtors' segments,\n"
        "how many claims need which action, and the legal deadlines coming up.\n"
        "CSV output is long-format: one row per (section, key, currency, value).",
        "examples": [
            "recouvrement report claims.csv --as-of 2026-03-31",
            "recouvrement report ibm-accounts-receivable.csv --mapping ibm_ar "
            "--as-of 2013-06-30 --locale en_US",
        ],
    },
    "next-actions": {
        "help": "the next action on every open claim, with its reasons",
        "description": "Decide what to do about every open claim (closed ones with --all): the\n"
        "action, its channel, the day, the policy step, and the reasons with their legal\n"
        "basis. The debtors' payment profiles choose the ladder's track unless --no-profiles.",
        "examples": [
            "recouvrement next-actions claims.csv --as-of 2026-03-31",
            "recouvrement next-actions claims.csv --as-of 2026-03-31 --due-now "
            "--format csv -o todo.csv",
            "recouvrement next-actions claims.jsonl --as-of 2026-03-31 "
            "--action formal_notice --explain",
        ],
    },
    "kpis": {
        "help": "receivables KPIs as of a date, or their monthly trend",
        "description": "Receivables, DSO, Best Possible DSO, Average Days Delinquent, countback\n"
        "DSO, CEI, days to pay, recovery rate and cost over a window of --window-months\n"
        "months ending on --as-of (whole calendar months when --as-of is a month end), with\n"
        "the aging; or, with --trend N, the same figures month by month. Figures are rounded\n"
        "half up to 2 decimals; one set per currency.",
        "examples": [
            "recouvrement kpis claims.csv --as-of 2026-03-31",
            "recouvrement kpis claims.csv --as-of 2026-03-31 --trend 12 --format csv",
        ],
    },
    "profiles": {
        "help": "each debtor's payment profile: segment, score and why",
        "description": "Profile every debtor from its claims' history: segment (punctual,\n"
        "occasionally or habitually late, financial difficulty, bad faith, insolvent, new),\n"
        "a 0-100 risk score, the rule that matched and its reasons.",
        "examples": [
            "recouvrement profiles claims.csv --as-of 2026-03-31",
            "recouvrement profiles claims.csv --as-of 2026-03-31 --debtor D0007",
        ],
    },
    "deadlines": {
        "help": "legal deadlines coming up: prescription, claim declaration",
        "description": "List the legal deadlines falling within --within days of --as-of:\n"
        "prescription (limitation) of open claims, the deadline to declare a claim in\n"
        "insolvency proceedings, or to ask for relief from foreclosure; each with its article.",
        "examples": ["recouvrement deadlines claims.csv --as-of 2026-03-31 --within 180"],
    },
    "notice": {
        "help": "the letter the next action sends (reminder, formal notice...)",
        "description": "Decide the next action on one claim (--claim) or on all the claims of\n"
        "a debtor (--debtor: one letter at the highest step) and render the letter it sends,\n"
        "in --locale, as text (default), HTML (--html), JSON or CSV. It fails (exit 1) when\n"
        "the next action sends nothing (a wait, a court filing...).",
        "examples": [
            "recouvrement notice claims.csv --as-of 2026-04-01 --claim S-00181",
            "recouvrement notice claims.csv --as-of 2026-03-31 --debtor D0012 "
            "--html -o letter.html",
        ],
    },
    "simulate": {
        "help": "what-if timeline of one claim if nothing is paid",
        "description": "Replay one claim from --start (default: --as-of) to --end (default: one\n"
        "year later) as if every decided action were carried out on its date and the\n"
        "debtor paid nothing: the timeline of actions with their reasons.",
        "examples": [
            "recouvrement simulate claims.csv --as-of 2026-03-31 --claim S-00173 --end 2026-12-31"
        ],
    },
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="recouvrement",
        description="Debt-collection rules, French law first: what is owed, what to do next,\n"
        "and why. Every command but `demo` reads your claims file and needs --as-of.",
        epilog="Start with `recouvrement demo`, then `recouvrement COMMAND --help`.\n\n"
        + _EXIT_CODES,
        formatter_class=_Formatter,
    )
    parser.add_argument("--version", action="version", version=f"recouvrement {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    parents = _parents()
    handlers: dict[str, Callable[[_Run], _Output]] = {
        "demo": _cmd_demo,
        "report": _cmd_report,
        "next-actions": _cmd_next_actions,
        "kpis": _cmd_kpis,
        "profiles": _cmd_profiles,
        "deadlines": _cmd_deadlines,
        "notice": _cmd_notice,
        "simulate": _cmd_simulate,
    }
    for name, spec in _COMMANDS.items():
        if name == "demo":
            chosen = [parents["policy"], parents["output"]]
        elif name in ("report", "next-actions", "notice", "simulate"):
            chosen = [parents["source"], parents["policy"], parents["output"]]
        else:
            chosen = [parents["source"], parents["output"]]
        examples = "\n".join(f"  {line}" for line in spec["examples"])
        sub = commands.add_parser(
            name,
            help=spec["help"],
            description=spec["description"],
            epilog=f"examples:\n{examples}\n\n{_EXIT_CODES}",
            parents=chosen,
            formatter_class=_Formatter,
        )
        sub.set_defaults(handler=handlers[name], subparser=sub)
        options = sub.add_argument_group(f"{name} options")
        if name == "demo":
            options.add_argument(
                "--as-of", metavar="DATE", help=_date_help("default: the sample's own date")
            )
        if name in ("report", "kpis"):
            options.add_argument(
                "--window-months",
                type=int,
                default=3,
                metavar="N",
                help="the KPI window: N months ending on --as-of (default 3, a quarter)",
            )
        if name == "report":
            options.add_argument(
                "--within",
                type=int,
                default=90,
                metavar="DAYS",
                help="legal deadlines within DAYS days (default 90)",
            )
            options.add_argument(
                "--top",
                type=int,
                default=10,
                metavar="N",
                help="debtors shown in the table (default 10; JSON lists all)",
            )
        if name == "next-actions":
            options.add_argument(
                "--all", action="store_true", help="include the closed claims (settled...)"
            )
            options.add_argument(
                "--due-now", action="store_true", help="only the actions due on --as-of"
            )
            options.add_argument(
                "--action",
                action="append",
                choices=[a.value for a in Action],
                metavar="ACTION",
                help="only this action (repeatable): " + ", ".join(a.value for a in Action),
            )
            options.add_argument(
                "--explain", action="store_true", help="print every decision's full reasons"
            )
            options.add_argument(
                "--width",
                type=int,
                default=72,
                metavar="N",
                help="width of the reason column of the table (default 72)",
            )
        if name == "kpis":
            options.add_argument(
                "--trend",
                type=int,
                metavar="MONTHS",
                help="the monthly trend of the MONTHS months ending with --as-of's month",
            )
        if name == "profiles":
            options.add_argument("--debtor", metavar="ID", help="explain one debtor's profile")
        if name == "deadlines":
            options.add_argument(
                "--within",
                type=int,
                default=90,
                metavar="DAYS",
                help="deadlines from --as-of to DAYS days after it, included (default 90)",
            )
        if name == "notice":
            options.add_argument("--claim", metavar="ID", help="the letter for this claim")
            options.add_argument(
                "--debtor", metavar="ID", help="one letter for all this debtor's claims"
            )
            options.add_argument("--html", action="store_true", help="print the HTML version")
            options.add_argument(
                "--details",
                metavar="TOML",
                help="creditor details for the letter: iban, bic, payment_link, contact, "
                "signature, cure_days, [agency] and [commissaire] name and address",
            )
        if name == "simulate":
            options.add_argument("--claim", metavar="ID", required=True, help="the claim")
            options.add_argument("--start", metavar="DATE", help=_date_help("default: --as-of"))
            options.add_argument(
                "--end", metavar="DATE", help=_date_help("default: one year after --start")
            )
    return parser


def _check(run: _Run) -> None:
    """Usage checks that argparse cannot express (exit 2, before any file is read)."""
    args = run.args
    locale: str = args.locale
    try:
        Locale.parse(locale)
    except (UnknownLocaleError, ValueError, TypeError, LookupError):
        raise _UsageError(
            f"--locale {locale!r}: unknown locale (use a name such as fr_FR or en_GB)"
        ) from None
    for option in ("window_months", "trend", "top", "width"):
        value = getattr(args, option, None)
        if value is not None and value < 1:
            raise _UsageError(f"--{option.replace('_', '-')} {value}: must be at least 1")
    within = getattr(args, "within", None)
    if within is not None and within < 0:
        raise _UsageError(f"--within {within}: must be 0 or more days")
    if args.command != "demo":
        _as_of(run)
        if _input_format(run, Path(args.claims)) == "csv" and args.mapping is not None:
            _mapping(run)


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None) -> int:
    """Run the command line; return the exit code (0 ok, 1 data error, 2 usage error).

    Args:
        argv: The arguments (default: ``sys.argv[1:]``).
        out: Where the result goes (default: standard output). Errors, invalid rows and
            the progress bar go to standard error.

    Examples:
        >>> import io
        >>> buffer = io.StringIO()
        >>> main(["demo", "--locale", "en_GB", "--quiet"], out=buffer)
        0
        >>> "Outstanding by debtor" in buffer.getvalue()
        True
    """
    stream = sys.stdout if out is None else out
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error (already printed)
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    if args.command is None:
        parser.print_help(stream)
        return EXIT_USAGE
    run = _Run(args=args, parser=args.subparser, started=time.monotonic())
    try:
        _check(run)
        output: _Output = args.handler(run)
        _emit(run, output, stream)
    except _UsageError as exc:
        args.subparser.print_usage(sys.stderr)
        sys.stderr.write(f"recouvrement {args.command}: error: {exc}\n")
        return EXIT_USAGE
    except LedgerError as exc:  # a file that cannot be read at all (its header...)
        for error in exc.errors:
            sys.stderr.write(f"recouvrement: error: {error}\n")
        return EXIT_DATA
    except (RecouvrementError, _DataError) as exc:
        sys.stderr.write(f"recouvrement: error: {exc}\n")
        return EXIT_DATA
    except BrokenPipeError:  # the reader went away (`| head`): not an error of ours
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        return EXIT_OK
    except KeyboardInterrupt:
        sys.stderr.write("recouvrement: interrupted\n")
        return 130
    except Exception:  # a bug: show where, and still exit with a documented code
        traceback.print_exc()
        sys.stderr.write(
            "recouvrement: internal error: this is a bug in recouvrement; please report it "
            "with the command line and the traceback above\n"
        )
        return EXIT_DATA
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
