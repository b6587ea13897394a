"""Receivables KPIs on plain numbers: DSO family, CEI, recovery and cost, days, provisions.

Every function takes amounts as `Decimal`, `int`, numeric `str` or
[`Money`][recouvrement.Money] (all the `Money` arguments of one call must share a
currency, or [`CurrencyMismatch`][recouvrement.CurrencyMismatch] is raised; a
`float` raises [`InvalidType`][recouvrement.InvalidType]) and returns an exact,
unrounded `Decimal`. Every rate, in and out, is a percent: ``fee_rate=7`` means 7 %, and
`recovery_rate` returns ``Decimal("85")`` for 85 %. A figure that is undefined (zero
sales, a meaningless sign) is ``None``, never 0 and never an exception.

The definitions, and the conventions adopted where public sources disagree, are those of
the project's KPI reference (``docs/guides/kpi.md``): the number of days of a DSO is
always explicit, CEI takes the number of months ``N`` whose sales are averaged, countback
uses calendar month lengths unless told otherwise.

Examples:
    >>> from recouvrement.kpi.figures import dso, cei
    >>> dso(20_000, 45_000, days=90)
    Decimal('40')
    >>> round(cei(6_200, 10_890, 6_340, 3_590, months=3), 1)
    Decimal('55.9')
"""

from __future__ import annotations

import calendar
import datetime as _dt
import itertools
from collections.abc import Hashable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Literal, TypeAlias, TypeVar, overload

from .._convert import to_date, to_decimal, to_int
from ..errors import CurrencyMismatch, InsufficientHistory, InvalidType, InvalidValue
from ..money import Money

__all__ = [
    "PAID",
    "WRITTEN_OFF",
    "Amount",
    "average_days_delinquent",
    "average_days_past_due",
    "best_possible_dso",
    "cei",
    "cohort_loss_rates",
    "compensating_revenue",
    "cost_of_recovery",
    "cost_per_recovered_file",
    "doubtful_debt_provision",
    "dso",
    "dso_countback",
    "net_recovery",
    "provision_matrix",
    "recovery_rate",
    "roll_rates",
    "transition_matrix",
    "unpaid_rate",
    "weighted_average_days_late",
    "weighted_average_days_to_pay",
]

Amount: TypeAlias = Decimal | int | str | Money
"""An amount accepted by the figures: `Decimal`, `int`, numeric `str` or `Money`."""

K = TypeVar("K", bound=Hashable)

PAID = "paid"
"""Absorbing state of a `transition_matrix`: the balance was collected."""
WRITTEN_OFF = "written_off"
"""Absorbing state of a `transition_matrix`: the balance was written off."""

_ZERO = Decimal(0)
_HUNDRED = Decimal(100)


class _Amounts:
    """Converts amounts to `Decimal`, checking that every `Money` shares one currency."""

    __slots__ = ("currency",)

    def __init__(self) -> None:
        self.currency: str | None = None

    def __call__(self, value: Any, field: str) -> Decimal:
        if isinstance(value, Money):
            if self.currency is None:
                self.currency = value.currency
            elif value.currency != self.currency:
                raise CurrencyMismatch(self.currency, value.currency)
            return value.amount
        return to_decimal(value, field)


def _days(value: Any, field: str = "days") -> int:
    days = to_int(value, field)
    if days <= 0:
        raise InvalidValue(field, value, "must be a positive number of days")
    return days


def _percent(value: Any, field: str, *, upper: Decimal | None = _HUNDRED) -> Decimal:
    rate = to_decimal(value, field)
    if rate < 0 or (upper is not None and rate > upper):
        bound = f"between 0 and {upper}" if upper is not None else "positive or zero"
        raise InvalidValue(field, value, f"a percent {bound} is expected")
    return rate


# -- DSO family ----------------------------------------------------------------------------


def dso(receivables: Amount, sales: Amount, *, days: int) -> Decimal | None:
    """Simple DSO: receivables at period end / credit sales of the period × ``days``.

    Rolling variants (last 3, 6, 12 months) are this function with the window's sales
    and the window's actual number of days. Receivables and sales must be on the same
    tax basis (French practice: both TTC); nothing is converted.

    Args:
        receivables: Total receivables at the end of the period.
        sales: Credit sales of the period (cash sales excluded).
        days: Days in the period (30, 90, 91, 365...): never inferred.

    Returns:
        Days, unrounded; ``None`` when sales ≤ 0 or receivables < 0; 0 when
        receivables are 0.

    Examples:
        >>> dso(20_000, 45_000, days=90)
        Decimal('40')
        >>> round(dso(150_000, 1_800_000, days=365), 1)
        Decimal('30.4')
        >>> dso(100, 0, days=30) is None
        True
    """
    amount = _Amounts()
    r = amount(receivables, "receivables")
    s = amount(sales, "sales")
    n = _days(days)
    if s <= 0 or r < 0:
        return None
    if r == 0:
        return _ZERO
    return r * n / s


def best_possible_dso(current_receivables: Amount, sales: Amount, *, days: int) -> Decimal | None:
    """Best Possible DSO: current (not yet due) receivables / credit sales × ``days``.

    The DSO the ledger would show if every customer paid on its due date.

    Examples:
        >>> best_possible_dso(10_000, 45_000, days=90)
        Decimal('20')
    """
    amount = _Amounts()
    c = amount(current_receivables, "current_receivables")
    s = amount(sales, "sales")
    return dso(c, s, days=days)


def average_days_delinquent(
    receivables: Amount, current_receivables: Amount, sales: Amount, *, days: int
) -> Decimal | None:
    """Average Days Delinquent: DSO − Best Possible DSO (past-due receivables / sales × days).

    Not the mean of days past due over invoices: that is `average_days_past_due`.

    Returns:
        Days, or ``None`` when either DSO is undefined.

    Examples:
        >>> average_days_delinquent(20_000, 10_000, 45_000, days=90)
        Decimal('20')
    """
    amount = _Amounts()
    r = amount(receivables, "receivables")
    c = amount(current_receivables, "current_receivables")
    s = amount(sales, "sales")
    total = dso(r, s, days=days)
    best = dso(c, s, days=days)
    if total is None or best is None:
        return None
    return total - best


def _month_of(value: Any, field: str) -> tuple[int, int]:
    if isinstance(value, str) and len(value.strip()) == 7:
        text = value.strip()
        if text[4] == "-" and text[:4].isdigit() and text[5:].isdigit():
            year, month = int(text[:4]), int(text[5:])
            if 1 <= month <= 12 and year >= 1:
                return year, month
        raise InvalidValue(field, value, "not a month (YYYY-MM) or an ISO date")
    if isinstance(value, str | _dt.date):
        day = to_date(value, field)
        return day.year, day.month
    raise InvalidType(field, value, "a date or a 'YYYY-MM' string")


def _countback(
    receivables: Decimal, periods: Iterable[tuple[int, Decimal]], *, field: str
) -> Decimal:
    """Walk ``(days, sales)`` periods, newest first, until ``receivables`` are exhausted."""
    if receivables <= 0:
        return _ZERO
    remainder = receivables
    counted = _ZERO
    for days, sales in periods:
        if sales <= 0 or remainder > sales:
            # A month with no (or negative) net sales adds its days and never increases
            # the remainder.
            if sales > 0:
                remainder -= sales
            counted += days
            continue
        if remainder == sales:
            return counted + days
        return counted + remainder * days / sales
    raise InsufficientHistory(
        f"{field}: sales history exhausted after {counted} days with {remainder} of"
        " receivables still unexplained; give more months (the countback never"
        " extrapolates)",
        days_counted=counted,
        field=field,
    )


def dso_countback(
    receivables: Amount,
    monthly_sales: Sequence[tuple[Any, Amount]],
    *,
    month_days: Literal["calendar"] | int = "calendar",
) -> Decimal:
    """Countback DSO ("méthode par épuisement du chiffre d'affaires").

    Starting from the receivables at the closing date, walk back month by month,
    subtracting each month's sales while they fit entirely and adding that month's
    days; in the month where the remainder is smaller than the month's sales add
    ``remainder / month_sales × month_days`` and stop. A month with zero or negative net
    sales adds its full days and never increases the remainder; a remainder exactly
    equal to the cumulated sales stops on whole months.

    Args:
        receivables: Receivables at the closing date (≤ 0 gives 0).
        monthly_sales: ``(month, sales)`` pairs, newest first (the closing month first),
            consecutive; ``month`` is any date in the month or a ``"YYYY-MM"`` string.
        month_days: ``"calendar"`` (default: the month's real length) or a fixed number
            of days per month (30 is common).

    Returns:
        Days, unrounded.

    Raises:
        InsufficientHistory: The months run out before the receivables; its
            ``days_counted`` says how many days were counted (never extrapolated).
        InvalidValue: Months that are not consecutive and newest first.

    Examples:
        >>> dso_countback(2_500, [("2024-11", 1_200), ("2024-10", 800), ("2024-09", 700)])
        Decimal('82.42857142857142857142857143')
        >>> round(dso_countback(212_000, [("2024-03", 100_000), ("2024-02", 80_000),
        ...                               ("2024-01", 70_000)], month_days=30), 1)
        Decimal('73.7')
    """
    amount = _Amounts()
    r = amount(receivables, "receivables")
    fixed: int | None = None
    if month_days != "calendar":
        if isinstance(month_days, str):
            raise InvalidValue("month_days", month_days, "'calendar' or a number of days")
        fixed = _days(month_days, "month_days")
    if isinstance(monthly_sales, str | bytes | Mapping) or not isinstance(monthly_sales, Iterable):
        raise InvalidType("monthly_sales", monthly_sales, "a sequence of (month, sales) pairs")
    periods: list[tuple[int, Decimal]] = []
    previous: tuple[int, int] | None = None
    for index, item in enumerate(monthly_sales):
        field = f"monthly_sales[{index}]"
        if not isinstance(item, tuple | list) or len(item) != 2:
            raise InvalidType(field, item, "a (month, sales) pair")
        year, month = _month_of(item[0], field)
        if previous is not None:
            expected = (previous[0], previous[1] - 1) if previous[1] > 1 else (previous[0] - 1, 12)
            if (year, month) != expected:
                raise InvalidValue(
                    field,
                    item[0],
                    f"months must be consecutive, newest first: expected"
                    f" {expected[0]:04d}-{expected[1]:02d}",
                )
        previous = (year, month)
        days = fixed if fixed is not None else calendar.monthrange(year, month)[1]
        periods.append((days, amount(item[1], field)))
    return _countback(r, periods, field="monthly_sales")


# -- CEI -----------------------------------------------------------------------------------


def cei(
    beginning_receivables: Amount,
    sales: Amount,
    ending_receivables: Amount,
    ending_current_receivables: Amount,
    *,
    months: int = 1,
) -> Decimal | None:
    """Collection Effectiveness Index, in percent.

    ``(begin + sales/N − end total) / (begin + sales/N − end current) × 100``, where
    ``N = months`` is the number of months whose sales are summed (the monthly form of
    the Credit Research Foundation); ``months=1`` uses the whole period's sales. The two
    conventions give very different figures on the same data (see the example). CEI
    can exceed 100 (prepayments, credits): it is not clamped.

    Returns:
        The index in percent, or ``None`` when the denominator is ≤ 0.

    Examples:
        The CreditGuru sample ATB (January to March, sales 10,890):

        >>> round(cei(6_200, 10_890, 6_340, 3_590), 2)
        Decimal('79.63')
        >>> round(cei(6_200, 10_890, 6_340, 3_590, months=3), 1)
        Decimal('55.9')
    """
    amount = _Amounts()
    begin = amount(beginning_receivables, "beginning_receivables")
    s = amount(sales, "sales")
    end = amount(ending_receivables, "ending_receivables")
    current = amount(ending_current_receivables, "ending_current_receivables")
    n = _days(months, "months")
    available = begin + (s / n if n != 1 else s)
    denominator = available - current
    if denominator <= 0:
        return None
    collected = available - end
    return _ZERO if collected == 0 else collected * _HUNDRED / denominator


# -- recovery, unpaid, cost ----------------------------------------------------------------


def _ratio(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    if denominator <= 0 or numerator < 0:
        return None
    if numerator == 0:
        return _ZERO
    return numerator * _HUNDRED / denominator


def recovery_rate(collected: Amount, to_collect: Amount) -> Decimal | None:
    """Recovery rate (taux de recouvrement): collected / amount to collect × 100.

    The denominator is the caller's choice (overdue receivables, amount placed with an
    agency, amount including penalties); credit notes reduce it, they are not
    collections.

    Returns:
        Percent, or ``None`` when ``to_collect`` ≤ 0 or ``collected`` < 0.

    Examples:
        >>> recovery_rate(85_000, 100_000)
        Decimal('85')
    """
    amount = _Amounts()
    return _ratio(amount(collected, "collected"), amount(to_collect, "to_collect"))


def unpaid_rate(unpaid: Amount, invoiced: Amount) -> Decimal | None:
    """Unpaid rate (taux d'impayés): unpaid (lost, doubtful, long overdue) / invoiced × 100.

    Examples:
        >>> unpaid_rate(3_000, 200_000)
        Decimal('1.5')
    """
    amount = _Amounts()
    return _ratio(amount(unpaid, "unpaid"), amount(invoiced, "invoiced"))


def cost_of_recovery(costs: Amount, collected: Amount) -> Decimal | None:
    """Cost of recovery: total collection costs / total collected × 100 (cents per unit).

    Examples:
        An agency charging 25 % that collected 60,000 (CCAA "net back" example):

        >>> cost_of_recovery(15_000, 60_000)
        Decimal('25')
    """
    amount = _Amounts()
    return _ratio(amount(costs, "costs"), amount(collected, "collected"))


def cost_per_recovered_file(costs: Amount, files: int) -> Decimal | None:
    """Cost of recovery per successful file: costs / number of files recovered.

    Returns:
        An amount, or ``None`` when no file was recovered.

    Examples:
        >>> cost_per_recovered_file(1_500, 12)
        Decimal('125')
    """
    c = _Amounts()(costs, "costs")
    n = to_int(files, "files")
    if n < 0:
        raise InvalidValue("files", files, "a number of files cannot be negative")
    if n == 0 or c < 0:
        return None
    return c / n


def net_recovery(
    collected: Amount,
    *,
    fee_rate: Decimal | int | str,
    other_costs: Amount = 0,
    fee_base: Amount | None = None,
) -> Decimal:
    """Net recovery: collected − success fee − other costs.

    The success fee is ``fee_rate`` percent of ``fee_base``, which defaults to
    ``collected``: pass the principal part when the fee is on principal only and
    ``collected`` includes interest or indemnities. ``other_costs`` are the costs
    borne besides the fee (commissaire de justice, court fees).

    Examples:
        The CCAA "net back" example (200,000 placed with each agency):

        >>> net_recovery(20_000, fee_rate=15), net_recovery(60_000, fee_rate=25)
        (Decimal('17000'), Decimal('45000'))
    """
    amount = _Amounts()
    c = amount(collected, "collected")
    rate = _percent(fee_rate, "fee_rate")
    other = amount(other_costs, "other_costs")
    base = c if fee_base is None else amount(fee_base, "fee_base")
    return c - base * rate / _HUNDRED - other


def compensating_revenue(unpaid: Amount, *, margin_rate: Decimal | int | str) -> Decimal | None:
    """Compensating revenue (CA compensatoire): the sales needed to make up for a loss.

    ``unpaid / margin_rate`` (operating margin rate, in percent).

    Returns:
        An amount, or ``None`` when the margin rate is ≤ 0 or the loss negative.

    Examples:
        >>> compensating_revenue(1_000, margin_rate=5)
        Decimal('20000')
    """
    u = _Amounts()(unpaid, "unpaid")
    margin = to_decimal(margin_rate, "margin_rate")
    if margin <= 0 or u < 0:
        return None
    return u * _HUNDRED / margin


# -- days ----------------------------------------------------------------------------------


def _weighted_days(items: Iterable[tuple[Amount, int]], field: str) -> Decimal | None:
    if isinstance(items, str | bytes | Mapping) or not isinstance(items, Iterable):
        raise InvalidType(field, items, "a sequence of (amount, days) pairs")
    amount = _Amounts()
    total = _ZERO
    weighted = _ZERO
    for index, item in enumerate(items):
        where = f"{field}[{index}]"
        if not isinstance(item, tuple | list) or len(item) != 2:
            raise InvalidType(where, item, "an (amount, days) pair")
        value = amount(item[0], where)
        if value < 0:
            raise InvalidValue(where, item[0], "amounts to weigh by cannot be negative")
        days = to_int(item[1], where)
        total += value
        weighted += value * days
    if total <= 0:
        return None
    return weighted / total


def weighted_average_days_to_pay(items: Iterable[tuple[Amount, int]]) -> Decimal | None:
    """Weighted average days to pay (délai moyen de paiement).

    ``Σ(amount × days) / Σ(amount)`` over ``(payment amount, payment date − invoice
    date)`` pairs; each partial payment weighs by itself.

    Returns:
        Days, or ``None`` when there is nothing to weigh.

    Examples:
        >>> weighted_average_days_to_pay([(1_000, 15), (3_000, 30), (2_000, 45)])
        Decimal('32.5')
    """
    return _weighted_days(items, "items")


def weighted_average_days_late(items: Iterable[tuple[Amount, int]]) -> Decimal | None:
    """Weighted average days late: ``Σ(amount × days late) / Σ(amount)``.

    The caller chooses, and should say, which amount weighs: the remaining balance of
    open items, or the amount paid late.

    Examples:
        >>> weighted_average_days_late([(100, 0), (300, 20)])
        Decimal('15')
    """
    return _weighted_days(items, "items")


def average_days_past_due(days: Iterable[int]) -> Decimal | None:
    """Simple average days past due: the arithmetic mean over the overdue items.

    Items with 0 days past due are not overdue and are left out of the mean.

    Returns:
        Days, or ``None`` when no item is overdue.

    Examples:
        >>> average_days_past_due([0, 10, 20, 45])
        Decimal('25')
    """
    if isinstance(days, str | bytes) or not isinstance(days, Iterable):
        raise InvalidType("days", days, "a sequence of days past due")
    total = 0
    count = 0
    for index, value in enumerate(days):
        d = to_int(value, f"days[{index}]")
        if d < 0:
            raise InvalidValue(f"days[{index}]", value, "days past due cannot be negative")
        if d > 0:
            total += d
            count += 1
    if count == 0:
        return None
    return Decimal(total) / count


# -- provisions ----------------------------------------------------------------------------


def _paired(
    first: Any, second: Any, first_name: str, second_name: str
) -> list[tuple[Hashable, Any, Any]]:
    if isinstance(first, Mapping) and isinstance(second, Mapping):
        if set(first) != set(second):
            raise InvalidValue(
                second_name,
                sorted(map(str, second)),
                f"must have the same keys as {first_name} ({sorted(map(str, first))})",
            )
        return [(key, first[key], second[key]) for key in first]
    for name, value in ((first_name, first), (second_name, second)):
        if isinstance(value, str | bytes | Mapping) or not isinstance(value, Sequence):
            raise InvalidType(name, value, "two sequences, or two mappings with the same keys")
    if len(first) != len(second):
        raise InvalidValue(
            second_name, len(second), f"must have as many items as {first_name} ({len(first)})"
        )
    return [(index, a, b) for index, (a, b) in enumerate(zip(first, second, strict=True))]


def provision_matrix(
    balances: Sequence[Amount] | Mapping[Any, Amount],
    loss_rates: Sequence[Decimal | int | str] | Mapping[Any, Decimal | int | str],
) -> Decimal:
    """IFRS 9 simplified approach: lifetime expected credit loss by provision matrix.

    ``Σ gross balance of the bucket × loss rate of the bucket`` (IFRS 9 §5.5.15 and
    B5.5.35). The loss rates are percents; `cohort_loss_rates` derives them from a
    cohort.

    Args:
        balances: Gross balance per aging bucket.
        loss_rates: Loss rate per bucket, in percent: a sequence of the same length or
            a mapping with the same keys.

    Examples:
        IFRS 9 Illustrative Example 12 (IE74-IE77), in thousands:

        >>> provision_matrix([15_000, 7_500, 4_000, 2_500, 1_000],
        ...                  ["0.3", "1.6", "3.6", "6.6", "10.6"])
        Decimal('580.0')
    """
    amount = _Amounts()
    total = _ZERO
    for key, balance, rate in _paired(balances, loss_rates, "balances", "loss_rates"):
        b = amount(balance, f"balances[{key!r}]")
        total += b * _percent(rate, f"loss_rates[{key!r}]") / _HUNDRED
    return total


def cohort_loss_rates(
    balances: Sequence[Amount], *, never_paid: Amount | None = None
) -> tuple[Decimal | None, ...]:
    """Loss rates, in percent, from a cohort followed through the aging buckets.

    ``balances[i]`` is what was still unpaid of one cohort of sales when it reached bucket
    ``i`` (not due, 1-30, 31-60...); the loss rate of a bucket is the share of its balance
    that was never paid: ``never_paid / balances[i] × 100``. ``never_paid`` defaults to the
    last balance.

    Returns:
        One rate per bucket (``None`` for a bucket with no balance).

    Examples:
        IFRScommunity's IFRS 9 provision matrix example (January sales of 100,000):

        >>> rates = cohort_loss_rates([100_000, 50_000, 23_000, 8_000, 2_000])
        >>> tuple(round(r, 1) for r in rates)
        (Decimal('2.0'), Decimal('4.0'), Decimal('8.7'), Decimal('25.0'), Decimal('100.0'))
    """
    if isinstance(balances, str | bytes | Mapping) or not isinstance(balances, Sequence):
        raise InvalidType("balances", balances, "a sequence of cohort balances")
    amount = _Amounts()
    values = [amount(b, f"balances[{i}]") for i, b in enumerate(balances)]
    if not values:
        raise InvalidValue("balances", balances, "at least one bucket is needed")
    lost = values[-1] if never_paid is None else amount(never_paid, "never_paid")
    if lost < 0:
        raise InvalidValue("never_paid", lost, "cannot be negative")
    return tuple(None if b <= 0 else min(lost * _HUNDRED / b, _HUNDRED) for b in values)


def doubtful_debt_provision(
    amount_incl_vat: Amount,
    *,
    vat_rate: Decimal | int | str,
    loss_probability: Decimal | int | str,
) -> Decimal:
    """French GAAP (PCG) impairment of a doubtful receivable, on the amount excluding VAT.

    The doubtful receivable moves TTC to account 416; the impairment (6817 / 491) is
    computed on the HT amount × the estimated loss probability, because the VAT is
    recovered when the claim becomes definitively irrecoverable (CGI art. 272).

    Args:
        amount_incl_vat: The receivable, VAT included (TTC), as it sits in account 411.
        vat_rate: The VAT rate of the sale, in percent (20, 10, 5.5...).
        loss_probability: The estimated probability of loss, in percent.

    Examples:
        >>> doubtful_debt_provision(12_000, vat_rate=20, loss_probability=70)
        Decimal('7000')
    """
    ttc = _Amounts()(amount_incl_vat, "amount_incl_vat")
    vat = _percent(vat_rate, "vat_rate", upper=None)
    loss = _percent(loss_probability, "loss_probability")
    excl_vat = ttc * _HUNDRED / (_HUNDRED + vat)
    return excl_vat * loss / _HUNDRED


# -- roll rates ----------------------------------------------------------------------------


@overload
def roll_rates(
    before: Mapping[K, Amount], after: Mapping[K, Amount]
) -> dict[K, Decimal | None]: ...
@overload
def roll_rates(before: Sequence[Amount], after: Sequence[Amount]) -> tuple[Decimal | None, ...]: ...
def roll_rates(before: Any, after: Any) -> Any:
    """Roll rates between two aging snapshots one bucket-width apart, in percent.

    The roll rate of bucket ``b`` is the balance of bucket ``b + 1`` in ``after`` divided
    by the balance of ``b`` in ``before`` (the bucket-total approximation, for when
    invoice-level tracking is unavailable; see `transition_matrix` otherwise).

    Args:
        before: Bucket balances at t − 1, youngest first (sequence or ordered mapping).
        after: Bucket balances at t, with the same buckets.

    Returns:
        A tuple of ``len(before) − 1`` rates, or a mapping from each bucket but the last
        to its rate; ``None`` where the ``before`` balance is ≤ 0.

    Examples:
        >>> roll_rates([3_345, 1_795, 1_000, 60], [3_560, 1_550, 825, 65])[2]
        Decimal('6.5')
    """
    amount = _Amounts()
    pairs = _paired(before, after, "before", "after")
    if len(pairs) < 2:
        raise InvalidValue("before", before, "at least two buckets are needed")
    values = [
        (key, amount(b, f"before[{key!r}]"), amount(a, f"after[{key!r}]")) for key, b, a in pairs
    ]
    rates = [
        None if b <= 0 or nxt[2] < 0 else nxt[2] * _HUNDRED / b
        for (_, b, _), nxt in itertools.pairwise(values)
    ]
    if isinstance(before, Mapping):
        return {key: rate for (key, _, _), rate in zip(values, rates, strict=False)}
    return tuple(rates)


def _snapshot(value: Any, field: str) -> Mapping[Any, Any]:
    if not isinstance(value, Mapping):
        raise InvalidType(field, value, "a mapping claim id -> (state, balance)")
    return value


def transition_matrix(
    before: Mapping[Any, tuple[str, Amount]],
    after: Mapping[Any, tuple[str, Amount]],
    *,
    missing: str | None = PAID,
) -> dict[str, dict[str, Decimal] | None]:
    """Balance-weighted transition matrix between two claim-level aging snapshots.

    Each claim carries its ``before`` balance (> 0; credit balances do not roll) from its
    ``before`` bucket to its ``after`` state: what is still owed goes to the ``after``
    bucket (capped at the ``before`` balance), the part paid meanwhile goes to
    ``"paid"``; an ``after`` state of ``"paid"`` or ``"written_off"`` (the absorbing
    states) takes the whole balance. Rows are fractions that sum to 1 (a probability
    matrix, unlike the percent rates elsewhere).

    Args:
        before: Claim id -> ``(bucket, balance)`` at t − 1.
        after: Claim id -> ``(state, balance)`` at t; a state is a bucket, ``"paid"`` or
            ``"written_off"``.
        missing: The state of a claim absent from ``after`` (``"paid"`` by default, as an
            aging report lists open items only); ``None`` makes it an error.

    Returns:
        From-bucket (in order of first appearance) -> to-state -> share; the columns are
        every bucket seen, then ``"paid"`` and ``"written_off"``. A row with no positive
        balance is ``None``.

    Examples:
        >>> m = transition_matrix({"a": ("1-30", 600), "b": ("1-30", 400)},
        ...                       {"a": ("31-60", 300)})
        >>> row = m["1-30"]
        >>> row["31-60"], row["paid"]
        (Decimal('0.3'), Decimal('0.7'))
    """
    before = _snapshot(before, "before")
    after = _snapshot(after, "after")
    if missing is not None and not isinstance(missing, str):
        raise InvalidType("missing", missing, "a state name or None")
    amount = _Amounts()
    states: dict[str, None] = {}
    flows: dict[str, dict[str, Decimal]] = {}
    for claim_id, item in before.items():
        where = f"before[{claim_id!r}]"
        if not isinstance(item, tuple | list) or len(item) != 2:
            raise InvalidType(where, item, "a (bucket, balance) pair")
        bucket, balance = str(item[0]), amount(item[1], where)
        states.setdefault(bucket)
        row = flows.setdefault(bucket, {})
        if claim_id in after:
            target = after[claim_id]
            there = f"after[{claim_id!r}]"
            if not isinstance(target, tuple | list) or len(target) != 2:
                raise InvalidType(there, target, "a (state, balance) pair")
            state, left = str(target[0]), amount(target[1], there)
        elif missing is None:
            raise InvalidValue("after", claim_id, "claim missing from the after snapshot")
        else:
            state, left = missing, _ZERO
        if balance <= 0:
            continue
        if state in (PAID, WRITTEN_OFF):
            row[state] = row.get(state, _ZERO) + balance
            continue
        states.setdefault(state)
        stay = min(max(left, _ZERO), balance)
        row[state] = row.get(state, _ZERO) + stay
        row[PAID] = row.get(PAID, _ZERO) + (balance - stay)
    for target in after.values():
        if isinstance(target, tuple | list) and len(target) == 2:
            state = str(target[0])
            if state not in (PAID, WRITTEN_OFF):
                states.setdefault(state)
    columns = [s for s in states if s not in (PAID, WRITTEN_OFF)] + [PAID, WRITTEN_OFF]
    matrix: dict[str, dict[str, Decimal] | None] = {}
    for bucket, row in flows.items():
        total = sum(row.values(), _ZERO)
        if total <= 0:
            matrix[bucket] = None
            continue
        matrix[bucket] = {state: row.get(state, _ZERO) / total for state in columns}
    return matrix
