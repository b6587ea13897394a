"""Portfolio KPIs derived from the ledger itself: `Portfolio(claims)`.

A `Portfolio` reads a set of claims once and answers, as of any date, the receivables
KPIs of `recouvrement.kpi.figures`: receivables and current receivables, net sales of a
period, DSO over a window, countback DSO, Best Possible DSO, Average Days Delinquent,
CEI between two dates, weighted days to pay and days late, average days past due, the
recovery rate and the cost of recovery from the recovery events, the aging balance, and a
monthly trend of all of these. `Portfolio.group_by` splits it by debtor, creditor,
nature, currency or segment.

Ledger conventions:

- A claim is on the ledger from its issue date until the day it is written off
  (`WriteOff`) or cancelled (`Cancellation`). Its balance on a date is its amount less the
  credit notes and payments dated on or before that date (negative when overpaid).
- Receivables are the balances of the claims on the ledger; current receivables those of
  the claims not yet due (due today included).
- Net sales of a period are the amounts of the claims issued in it less the credit notes
  dated in it. Amounts are taken as stored: keep receivables and sales on the same tax
  basis (TTC in French practice).
- A claim enters recovery on its first `AgencyHandover` or `RecoveryCost` event. The
  amount placed is its balance on that day (less later credit notes); what was collected
  are the payments dated after that day. Recovery costs are the `RecoveryCost` amounts plus
  the agency's success fee (``fee_rate`` of the first handover) on the payments received
  after the handover.

Examples:
    >>> from recouvrement.kpi.portfolio import Portfolio
    >>> from recouvrement.sample import load_sample
    >>> book = Portfolio(load_sample().claims)
    >>> book.receivables(as_of="2026-03-31").currency
    'EUR'
    >>> round(book.dso(as_of="2026-03-31", months=3), 1) > 0
    True
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

import attrs
import pendulum

from .._convert import DateLike, from_ordinal, to_date, to_int
from ..claims import Claim
from ..errors import CurrencyMismatch, InvalidType, InvalidValue
from ..events import AgencyHandover, RecoveryCost
from ..money import Money
from . import figures
from ._window import _window, kpi_window, previous_month
from .aging import DEFAULT_BOUNDS, AgingBalance, aging_by_currency, check_bounds, exit_ordinal
from .specs import KpiPeriod, KpiSpec, KpiValue, trend_specs

if TYPE_CHECKING:
    import polars as pl

__all__ = ["MonthlyKpis", "Portfolio", "kpi_window"]

_ZERO = Decimal(0)
_HUNDRED = Decimal(100)
_GROUP_KEYS = ("debtor", "creditor", "nature", "currency")


def month_range(year: int, month: int) -> tuple[int, int]:
    """First and last ordinals of a month."""
    first = pendulum.Date(year, month, 1).toordinal()
    return first, first + calendar.monthrange(year, month)[1] - 1


def _month_of(value: Any, field: str) -> tuple[int, int]:
    if isinstance(value, str) and len(value.strip()) == 7:
        return figures._month_of(value, field)
    day = to_date(value, field)
    return day.year, day.month


@attrs.frozen(slots=True, kw_only=True)
class MonthlyKpis:
    """The KPIs of one month of a `Portfolio.trend`, as of the month's last day (or, for the
    month of the trend's ``as_of``, as of that day: ``as_of`` says which).

    Every DSO figure uses the window of ``window_months`` months ending with the month;
    ``cei`` and the days and cost figures are over the month itself; ``recovery_rate`` is
    cumulative to the month's end. Undefined figures are ``None``. The figures are the
    trend KPIs of `recouvrement.kpi.specs.KPI_SPECS` (``in_trend``), one field each.
    """

    month: str
    as_of: pendulum.Date
    sales: Money
    receivables: Money
    current_receivables: Money
    dso: Decimal | None
    best_possible_dso: Decimal | None
    average_days_delinquent: Decimal | None
    dso_countback: Decimal | None
    cei: Decimal | None
    weighted_days_to_pay: Decimal | None
    weighted_days_late: Decimal | None
    recovery_rate: Decimal | None
    cost_of_recovery: Decimal | None
    complete: bool = True
    """``False`` when the ledger's history (from the month of its first claim) starts after
    the month's DSO window does: too few months for the window (a 3-month DSO from one)."""

    def figures(self) -> tuple[tuple[KpiSpec, KpiValue], ...]:
        """Each trend KPI's spec with its value this month, in the order of `recouvrement.kpi.specs.KPI_SPECS`.

        Examples:
            >>> from recouvrement.sample import load_sample
            >>> month = Portfolio(load_sample().claims).trend(start="2026-03", end="2026-03")[0]
            >>> [spec.name for spec, _ in month.figures()][:3]
            ['sales', 'receivables', 'current_receivables']
        """
        return tuple((spec, getattr(self, spec.name)) for spec in trend_specs())

    def _repr_html_(self) -> str:
        """HTML for notebooks: the month's amounts and figures."""
        from ..display import kpis_html

        return kpis_html(self)

    def to_frame(self, *, floats: bool = False) -> pl.DataFrame:
        """This month as a one-row Polars frame; a whole trend: `display.trend_to_frame`.

        Examples:
            >>> from recouvrement.sample import load_sample
            >>> month = Portfolio(load_sample().claims).trend(start="2026-03", end="2026-03")[0]
            >>> month.to_frame().item(0, "receivables")
            Decimal('121076.78')
        """
        from ..display import trend_to_frame

        return trend_to_frame([self], floats=floats)


class LedgerKpis:
    """The KPIs, computed from a handful of aggregate primitives.

    `Portfolio` implements the primitives in pure Python over claims;
    `recouvrement.kpi.frames.FramePortfolio` implements them as vectorised Polars
    expressions, so both give identical results.
    """

    # -- primitives (ordinals are date.toordinal() integers, bounds inclusive) --------------

    def _currency(self) -> str:
        raise NotImplementedError

    def _receivables(self, day: int, *, current_only: bool = False) -> Decimal:
        raise NotImplementedError

    def _sales(self, start: int, end: int) -> Decimal:
        raise NotImplementedError

    def _payment_sums(self, start: int, end: int) -> tuple[Decimal, Decimal, Decimal]:
        """Σ paid, Σ paid × days to pay, Σ paid × days late, over payments in [start, end]."""
        raise NotImplementedError

    def _recovery(self, day: int, since: int | None) -> tuple[Decimal, Decimal]:
        """(placed, collected) as of ``day`` for claims entering recovery from ``since``."""
        raise NotImplementedError

    def _recovery_costs(self, start: int, end: int) -> tuple[Decimal, Decimal]:
        """(costs, collected in recovery) over [start, end]."""
        raise NotImplementedError

    def _past_due_days(self, day: int) -> tuple[int, int]:
        """(Σ days past due, count) over open (balance > 0) overdue claims."""
        raise NotImplementedError

    def _first_issued(self) -> int | None:
        raise NotImplementedError

    def _aging(self, day: pendulum.Date, bounds: tuple[int, ...]) -> dict[str, AgingBalance]:
        raise NotImplementedError

    # -- amounts ----------------------------------------------------------------------------

    @property
    def currency(self) -> str:
        """The portfolio's currency (EUR when empty).

        Raises:
            CurrencyMismatch: The claims are in several currencies: use
                ``group_by("currency")``.
        """
        return self._currency()

    def _money(self, amount: Decimal) -> Money:
        return Money._unchecked(amount, self._currency())

    def receivables(self, *, as_of: DateLike) -> Money:
        """Total receivables (balances of the claims on the ledger) on ``as_of``."""
        return self._money(self._receivables(to_date(as_of, "as_of").toordinal()))

    def current_receivables(self, *, as_of: DateLike) -> Money:
        """Receivables not yet due on ``as_of`` (due today included)."""
        day = to_date(as_of, "as_of").toordinal()
        return self._money(self._receivables(day, current_only=True))

    def past_due_receivables(self, *, as_of: DateLike) -> Money:
        """Receivables past due on ``as_of``."""
        day = to_date(as_of, "as_of").toordinal()
        return self._money(self._receivables(day) - self._receivables(day, current_only=True))

    def sales(self, *, start: DateLike, end: DateLike) -> Money:
        """Net credit sales from ``start`` to ``end`` inclusive (issued less credit notes)."""
        first = to_date(start, "start").toordinal()
        last = to_date(end, "end").toordinal()
        if last < first:
            raise InvalidValue("end", end, "must not be before start")
        return self._money(self._sales(first, last))

    def monthly_sales(self, *, through: DateLike, months: int) -> tuple[tuple[str, Money], ...]:
        """Net sales of the ``months`` calendar months ending with ``through``, newest first.

        ``through`` is a date or ``"YYYY-MM"``; its whole month counts.
        """
        year, month = _month_of(through, "through")
        count = to_int(months, "months")
        if count <= 0:
            raise InvalidValue("months", months, "must be a positive number of months")
        result = []
        for _ in range(count):
            first, last = month_range(year, month)
            result.append((f"{year:04d}-{month:02d}", self._money(self._sales(first, last))))
            year, month = previous_month(year, month)
        return tuple(result)

    # -- DSO family -------------------------------------------------------------------------

    def dso(
        self, *, as_of: DateLike, days: int | None = None, months: int | None = None
    ) -> Decimal | None:
        """Simple DSO on ``as_of`` over a window of ``days`` days or ``months`` months.

        The window ends on ``as_of``; its sales and its actual number of days are used
        (``months=3`` on 31 March: January to March, 90 or 91 days).
        """
        start, end, n = _window(as_of, days, months)
        return figures.dso(self._receivables(end), self._sales(start, end), days=n)

    def best_possible_dso(
        self, *, as_of: DateLike, days: int | None = None, months: int | None = None
    ) -> Decimal | None:
        """Best Possible DSO on ``as_of`` over the same windows as `dso`."""
        start, end, n = _window(as_of, days, months)
        current = self._receivables(end, current_only=True)
        return figures.best_possible_dso(current, self._sales(start, end), days=n)

    def average_days_delinquent(
        self, *, as_of: DateLike, days: int | None = None, months: int | None = None
    ) -> Decimal | None:
        """Average Days Delinquent (DSO − BPDSO) on ``as_of`` over the same windows."""
        start, end, n = _window(as_of, days, months)
        return figures.average_days_delinquent(
            self._receivables(end),
            self._receivables(end, current_only=True),
            self._sales(start, end),
            days=n,
        )

    def _countback_periods(self, day: pendulum.Date, month_days: Any) -> list[tuple[int, Decimal]]:
        fixed: int | None = None
        if month_days != "calendar":
            if isinstance(month_days, str):
                raise InvalidValue("month_days", month_days, "'calendar' or a number of days")
            fixed = to_int(month_days, "month_days")
            if fixed <= 0:
                raise InvalidValue("month_days", month_days, "must be positive")
        first_issued = self._first_issued()
        end = day.toordinal()
        year, month = day.year, day.month
        first, last = month_range(year, month)
        periods: list[tuple[int, Decimal]] = []
        if end == last:
            periods.append((fixed or last - first + 1, self._sales(first, end)))
        else:
            periods.append((end - first + 1, self._sales(first, end)))
        while first_issued is not None and first > first_issued:
            year, month = previous_month(year, month)
            first, last = month_range(year, month)
            periods.append((fixed or last - first + 1, self._sales(first, last)))
        return periods

    def dso_countback(
        self, *, as_of: DateLike, month_days: Literal["calendar"] | int = "calendar"
    ) -> Decimal:
        """Countback DSO on ``as_of``, walking back the ledger's monthly net sales.

        When ``as_of`` is not a month end, its month counts as a partial month of
        ``as_of.day`` days (under both conventions). The history starts with the month of
        the first claim issued.

        Raises:
            InsufficientHistory: The ledger's sales run out before the receivables.
        """
        day = to_date(as_of, "as_of")
        periods = self._countback_periods(day, month_days)
        return figures._countback(self._receivables(day.toordinal()), periods, field="as_of")

    def cei(self, *, start: DateLike, end: DateLike, months: int = 1) -> Decimal | None:
        """CEI over ``start``..``end`` inclusive, in percent.

        Beginning receivables are those of the day before ``start``; ``months`` is the
        ``N`` of the CRF monthly form (1: the whole period's sales).
        """
        first = to_date(start, "start").toordinal()
        last = to_date(end, "end").toordinal()
        if last < first:
            raise InvalidValue("end", end, "must not be before start")
        return figures.cei(
            self._receivables(first - 1),
            self._sales(first, last),
            self._receivables(last),
            self._receivables(last, current_only=True),
            months=months,
        )

    # -- days -------------------------------------------------------------------------------

    def _payments_between(self, start: DateLike, end: DateLike) -> tuple[Decimal, Decimal, Decimal]:
        first = to_date(start, "start").toordinal()
        last = to_date(end, "end").toordinal()
        if last < first:
            raise InvalidValue("end", end, "must not be before start")
        return self._payment_sums(first, last)

    def weighted_days_to_pay(self, *, start: DateLike, end: DateLike) -> Decimal | None:
        """Weighted average days to pay of the payments received from ``start`` to ``end``.

        Each payment weighs by its amount, with its days from the invoice date.
        """
        paid, weighted, _ = self._payments_between(start, end)
        return None if paid <= 0 else weighted / paid

    def weighted_days_late(self, *, start: DateLike, end: DateLike) -> Decimal | None:
        """Weighted average days late of the payments received from ``start`` to ``end``.

        Each payment weighs by its amount, with its days after the due date (0 when on
        time).
        """
        paid, _, late = self._payments_between(start, end)
        return None if paid <= 0 else late / paid

    def average_days_past_due(self, *, as_of: DateLike) -> Decimal | None:
        """Mean days past due over the open overdue claims on ``as_of`` (simple mean)."""
        total, count = self._past_due_days(to_date(as_of, "as_of").toordinal())
        return None if count == 0 else Decimal(total) / count

    # -- recovery ---------------------------------------------------------------------------

    def recovery_rate(self, *, as_of: DateLike, since: DateLike | None = None) -> Decimal | None:
        """Recovery rate on ``as_of``: collected since entering recovery / amount placed.

        Args:
            as_of: The date of the figure.
            since: Only claims entering recovery on or after this date (a cohort).
        """
        day = to_date(as_of, "as_of").toordinal()
        first = None if since is None else to_date(since, "since").toordinal()
        placed, collected = self._recovery(day, first)
        return figures.recovery_rate(collected, placed)

    def cost_of_recovery(self, *, start: DateLike, end: DateLike) -> Decimal | None:
        """Cost of recovery over ``start``..``end``: costs / collected in recovery × 100."""
        first = to_date(start, "start").toordinal()
        last = to_date(end, "end").toordinal()
        if last < first:
            raise InvalidValue("end", end, "must not be before start")
        costs, collected = self._recovery_costs(first, last)
        return figures.cost_of_recovery(costs, collected)

    # -- aging and trend --------------------------------------------------------------------

    def aging(self, *, as_of: DateLike, bounds: Iterable[int] = DEFAULT_BOUNDS) -> AgingBalance:
        """The aging balance on ``as_of`` (see `recouvrement.kpi.aging.aging`)."""
        currency = self._currency()
        limits = check_bounds(bounds)
        day = to_date(as_of, "as_of")
        found = self._aging(day, limits)
        if currency in found:
            return found[currency]
        return AgingBalance.from_amounts(
            as_of=day,
            currency=currency,
            not_due=0,
            past_due=[0] * (len(limits) + 1),
            bounds=limits,
        )

    def aging_by_currency(
        self, *, as_of: DateLike, bounds: Iterable[int] = DEFAULT_BOUNDS
    ) -> dict[str, AgingBalance]:
        """The aging on ``as_of``, one balance per currency found, in code order (as
        [`aging_by_currency`][recouvrement.kpi.aging.aging_by_currency] gives it for the
        claims): a book of several currencies need not be split first.

        Examples:
            >>> from recouvrement.sample import load_sample
            >>> sorted(Portfolio(load_sample().claims).aging_by_currency(as_of="2026-03-31"))
            ['EUR']
        """
        return self._aging(to_date(as_of, "as_of"), check_bounds(bounds))

    def trend(
        self,
        *,
        start: DateLike,
        end: DateLike,
        window_months: int = 1,
        month_days: Literal["calendar"] | int = "calendar",
        as_of: DateLike | None = None,
    ) -> tuple[MonthlyKpis, ...]:
        """The monthly trend of the KPIs, one `MonthlyKpis` per month from ``start`` to ``end``.

        Args:
            start: The first month (a date in it or ``"YYYY-MM"``).
            end: The last month.
            window_months: The DSO window, in months ending with each month.
            month_days: The countback convention.
            as_of: The day the trend is drawn up: a month not over on it is computed on it
                (its period from the 1st to ``as_of``), so that nothing dated later counts;
                ``end`` may not be a later month. ``None``: every month on its last day.

        Raises:
            InvalidValue: ``end`` before ``start``, or after the month of ``as_of``.
        """
        year, month = _month_of(start, "start")
        last_year, last_month = _month_of(end, "end")
        if (last_year, last_month) < (year, month):
            raise InvalidValue("end", end, "must not be before start")
        cut: int | None = None
        if as_of is not None:
            day_of = to_date(as_of, "as_of")
            if (last_year, last_month) > (day_of.year, day_of.month):
                raise InvalidValue("end", end, f"must not be after the month of as_of ({day_of})")
            cut = day_of.toordinal()
        window = to_int(window_months, "window_months")
        first_issued = self._first_issued()
        rows = []
        history = None  # the first day of the month of the first claim issued
        if first_issued is not None:
            opened = from_ordinal(first_issued)
            history = month_range(opened.year, opened.month)[0]
        while (year, month) <= (last_year, last_month):
            first, last = month_range(year, month)
            day = from_ordinal(last if cut is None else min(last, cut))
            period = KpiPeriod(day, from_ordinal(first), day, window, month_days)
            values = {spec.name: spec.compute(self, period) for spec in trend_specs()}
            window_start, _, _ = _window(day, None, window)
            rows.append(
                MonthlyKpis(
                    month=f"{year:04d}-{month:02d}",
                    as_of=day,
                    complete=history is not None and history <= window_start,
                    **values,  # type: ignore[arg-type]
                )
            )
            year, month = (year, month + 1) if month < 12 else (year + 1, 1)
        return tuple(rows)


# -- the pure path --------------------------------------------------------------------------

# One claim, flattened once: ordinals and Decimals only.
_Row = tuple[
    int,  # 0 issued
    int,  # 1 due
    Decimal,  # 2 amount
    tuple[tuple[int, Decimal], ...],  # 3 payments and credit notes, by date
    tuple[tuple[int, Decimal], ...],  # 4 payments
    tuple[tuple[int, Decimal], ...],  # 5 credit notes
    int | None,  # 6 exit (write-off, cancellation)
    int | None,  # 7 entry into recovery
    int | None,  # 8 first agency handover
    Decimal,  # 9 its fee rate (percent)
    tuple[tuple[int, Decimal], ...],  # 10 recovery costs
]


def _flatten(claim: Claim) -> _Row:
    payments = tuple(sorted((p.on.toordinal(), p.amount.amount) for p in claim.payments))
    credits = tuple(sorted((c.on.toordinal(), c.amount.amount) for c in claim.credit_notes))
    moves = tuple(sorted(payments + credits, key=lambda pair: pair[0]))
    handover: int | None = None
    fee = _ZERO
    costs: list[tuple[int, Decimal]] = []
    gone: int | None = None
    if claim.events:
        gone = exit_ordinal(claim)
        for event in claim.events:
            if isinstance(event, AgencyHandover):
                day = event.on.toordinal()
                if handover is None or day < handover:
                    handover = day
                    fee = event.fee_rate if event.fee_rate is not None else _ZERO
            elif isinstance(event, RecoveryCost):
                costs.append((event.on.toordinal(), event.amount.amount))
    entries = [d for d in (handover, min((d for d, _ in costs), default=None)) if d is not None]
    entry = min(entries) if entries else None
    return (
        claim.issued_on.toordinal(),
        claim.due_on.toordinal(),
        claim.amount.amount,
        moves,
        payments,
        credits,
        gone,
        entry,
        handover,
        fee,
        tuple(sorted(costs)),
    )


def _balance(row: _Row, day: int) -> Decimal:
    balance = row[2]
    for on, amount in row[3]:
        if on > day:
            break
        balance -= amount
    return balance


class Portfolio(LedgerKpis):
    """A portfolio of claims and its KPIs as of any date (pure Python).

    Args:
        claims: The claims (any iterable; read once). Monetary KPIs need one currency:
            split a multi-currency book with ``group_by("currency")``.

    Examples:
        >>> from recouvrement.sample import sample_claim
        >>> book = Portfolio([sample_claim()])
        >>> book.receivables(as_of="2025-06-30"), book.aging(as_of="2025-06-30").total
        (Money('1500.00', 'EUR'), Money('1500.00', 'EUR'))
        >>> book.dso(as_of="2025-06-30", months=6)
        Decimal('181')
    """

    __slots__ = ("_claims", "_currencies", "_rows")

    def __init__(self, claims: Iterable[Claim]) -> None:
        if isinstance(claims, str | bytes | Mapping) or not isinstance(claims, Iterable):
            raise InvalidType("claims", claims, "an iterable of Claim")
        items = tuple(claims)
        for index, claim in enumerate(items):
            if not isinstance(claim, Claim):
                raise InvalidType(f"claims[{index}]", claim, "Claim")
        self._claims = items
        self._currencies = tuple(sorted({c.currency for c in items}))
        self._rows = [_flatten(c) for c in items]

    @property
    def claims(self) -> tuple[Claim, ...]:
        """The claims, in the order given."""
        return self._claims

    def __len__(self) -> int:
        return len(self._claims)

    def __repr__(self) -> str:
        return f"Portfolio({len(self._claims)} claims, currencies={list(self._currencies)})"

    def group_by(
        self, key: str | Mapping[str, Any] | Callable[[Claim], Any]
    ) -> dict[Any, Portfolio]:
        """Split the portfolio into sub-portfolios.

        Args:
            key: ``"debtor"`` or ``"creditor"`` (by id), ``"nature"`` (a `ClaimNature`),
                ``"currency"``; a mapping debtor id -> segment (any mapping, such as the
                segments of a profiling run; debtors it does not list go under ``None``);
                or a function of the claim.

        Returns:
            Key -> `Portfolio`, in order of first appearance.

        Examples:
            >>> from recouvrement.sample import load_sample
            >>> groups = Portfolio(load_sample().claims).group_by("nature")
            >>> sum(len(p) for p in groups.values())
            200
        """
        function = _group_function(key)
        groups: dict[Any, list[Claim]] = {}
        for claim in self._claims:
            groups.setdefault(function(claim), []).append(claim)
        return {k: Portfolio(v) for k, v in groups.items()}

    # -- primitives -------------------------------------------------------------------------

    def _currency(self) -> str:
        if len(self._currencies) > 1:
            raise CurrencyMismatch(
                self._currencies[0],
                self._currencies[1],
                operation="aggregate (group_by('currency'))",
            )
        return self._currencies[0] if self._currencies else "EUR"

    def _receivables(self, day: int, *, current_only: bool = False) -> Decimal:
        total = _ZERO
        for row in self._rows:
            if row[0] > day or (current_only and row[1] < day):
                continue
            gone = row[6]
            if gone is not None and gone <= day:
                continue
            total += _balance(row, day)
        return total

    def _sales(self, start: int, end: int) -> Decimal:
        total = _ZERO
        for row in self._rows:
            if start <= row[0] <= end:
                total += row[2]
            for on, amount in row[5]:
                if start <= on <= end:
                    total -= amount
        return total

    def _payment_sums(self, start: int, end: int) -> tuple[Decimal, Decimal, Decimal]:
        paid = weighted = late = _ZERO
        for row in self._rows:
            issued, due = row[0], row[1]
            for on, amount in row[4]:
                if start <= on <= end:
                    paid += amount
                    weighted += amount * (on - issued)
                    if on > due:
                        late += amount * (on - due)
        return paid, weighted, late

    def _recovery(self, day: int, since: int | None) -> tuple[Decimal, Decimal]:
        placed = collected = _ZERO
        for row in self._rows:
            entry = row[7]
            if entry is None or entry > day or (since is not None and entry < since):
                continue
            placed += _balance(row, entry)
            for on, amount in row[5]:
                if entry < on <= day:
                    placed -= amount
            for on, amount in row[4]:
                if entry < on <= day:
                    collected += amount
        return placed, collected

    def _recovery_costs(self, start: int, end: int) -> tuple[Decimal, Decimal]:
        costs = collected = fees = _ZERO
        for row in self._rows:
            entry = row[7]
            if entry is None:
                continue
            for on, amount in row[10]:
                if start <= on <= end:
                    costs += amount
            handover, rate = row[8], row[9]
            for on, amount in row[4]:
                if start <= on <= end and on > entry:
                    collected += amount
                    if handover is not None and on > handover:
                        fees += amount * rate
        return costs + fees / _HUNDRED, collected

    def _past_due_days(self, day: int) -> tuple[int, int]:
        total = count = 0
        for row in self._rows:
            if row[0] > day or row[1] >= day:
                continue
            gone = row[6]
            if gone is not None and gone <= day:
                continue
            if _balance(row, day) > 0:
                total += day - row[1]
                count += 1
        return total, count

    def _first_issued(self) -> int | None:
        return min((row[0] for row in self._rows), default=None)

    def _aging(self, day: pendulum.Date, bounds: tuple[int, ...]) -> dict[str, AgingBalance]:
        return aging_by_currency(self._claims, as_of=day, bounds=bounds)


def _group_function(key: Any) -> Callable[[Claim], Any]:
    if isinstance(key, str):
        if key == "debtor":
            return lambda claim: claim.debtor.id
        if key == "creditor":
            return lambda claim: claim.creditor.id
        if key == "nature":
            return lambda claim: claim.nature
        if key == "currency":
            return lambda claim: claim.currency
        raise InvalidValue("key", key, f"one of {', '.join(_GROUP_KEYS)}, a mapping or a function")
    if isinstance(key, Mapping):
        segments = key
        return lambda claim: segments.get(claim.debtor.id)
    if callable(key):
        function: Callable[[Claim], Any] = key
        return function
    raise InvalidType("key", key, "a key name, a mapping debtor id -> segment, or a function")
