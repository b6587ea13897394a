"""What is owed on a late claim: late interest, the fixed indemnity and a penalty clause.

`late_interest` computes the interest of a claim day by day, in periods of constant
rate and base, with the rule and article of each period; `amounts_due` adds it up
with the principal still outstanding, the fixed indemnity and any penalty clause.
The rules depend on the claim's jurisdiction (French law: see
[`recouvrement.jurisdictions.fr.interest`][recouvrement.jurisdictions.fr.interest]).

Conventions:

- Interest accrues from the day after the due date (or after the formal notice,
  where one is needed) up to ``as_of`` or the day of full payment, both included.
- A payment reduces the base from the day after it is received; a credit note from
  its own date.
- **Allocation of payments.** C. civ. 1343-1 imputes a partial payment to interest
  first, then to principal, unless the parties agreed otherwise: ``"interest_first"``
  is the statutory default. The default here is ``allocation="principal_first"`` (the
  signature fixed by issue 3), which models an agreement otherwise or the common
  ledger simplification; pass ``allocation="interest_first"`` to follow 1343-1 (for
  example when you claim interest in court). The reasons of every computation say
  which allocation was used, citing 1343-1.
- ``day_count="actual/365"`` (default) divides the days by 365;
  ``"actual/actual"`` divides each day by the length of its year (365 or 366).
- Period amounts are unrounded `Decimal` quotients (28 significant digits); the
  interest is rounded once, half up, to the cent.
- The computation runs in its own `decimal` context (28 digits, ``ROUND_HALF_EVEN`` for
  the quotients, ``InvalidOperation``, ``DivisionByZero`` and ``Overflow`` trapped), so
  a caller's global context (a lower precision, another rounding) does not change
  the results.

Examples:
    >>> from recouvrement.claims import Claim
    >>> from recouvrement.parties import Creditor, Debtor
    >>> from recouvrement.interest import late_interest
    >>> claim = Claim(id="F-1", creditor=Creditor(id="C", name="Acme", kind="professional"),
    ...               debtor=Debtor(id="D", name="Martin", kind="professional"),
    ...               nature="commercial", amount="10000", issued_on="2024-11-01",
    ...               due_on="2024-12-01")
    >>> result = late_interest(claim, as_of="2025-01-30")
    >>> [(str(p.start), str(p.end), p.days, p.rate) for p in result.periods]
    [('2024-12-02', '2024-12-31', 30, Decimal('14.25')), ('2025-01-01', '2025-01-30', 30, Decimal('13.15'))]
    >>> result.interest, result.indemnity, result.total
    (Money('225.21', 'EUR'), Money('40.00', 'EUR'), Money('265.21', 'EUR'))
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import (
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import attrs
import pendulum

from . import jurisdictions
from ._convert import DateLike, to_date
from ._serde import slots_builder
from .claims import Claim
from .errors import InvalidType, InvalidValue
from .explain import Citation, Reason, _owned
from .jurisdictions.base import InterestOptions
from .money import Money, currency_precision, to_money
from .rates import ECB_TABLE, LEGAL_TABLE, RateTable

if TYPE_CHECKING:
    from .jurisdictions.base import Jurisdiction

__all__ = [
    "ALLOCATIONS",
    "BELOW_FLOOR",
    "DAY_COUNTS",
    "SEMESTER_RULES",
    "AmountsDue",
    "InterestPeriod",
    "LateInterest",
    "RateTables",
    "amounts_due",
    "late_interest",
]

#: Accepted ``allocation`` values.
ALLOCATIONS = ("principal_first", "interest_first")
#: Accepted ``day_count`` values.
DAY_COUNTS = ("actual/365", "actual/actual")
#: Accepted ``semester_rule`` values (how the L441-10 default rate follows half-years).
SEMESTER_RULES = ("each_half_year", "start_half_year")
#: Accepted ``below_floor`` values (a contractual rate below 3 x the legal rate).
BELOW_FLOOR = ("floor", "default")

#: The decimal context every computation runs in, whatever the caller's global context.
_CONTEXT = Context(
    prec=28,
    rounding=ROUND_HALF_EVEN,
    traps=[InvalidOperation, DivisionByZero, Overflow],
)


def _money_dict(money: Money) -> dict[str, str]:
    return money.to_dict()


@attrs.frozen(slots=True, kw_only=True)
class InterestPeriod:
    """A run of days with one rate and one base.

    Attributes:
        start: First day of the period.
        end: Last day of the period (included).
        days: Number of days (``end - start + 1``).
        rate: Rate in percent per year.
        base: The principal interest runs on.
        amount: ``base x rate / 100 x days / year_days``, unrounded.
        citation: The rule the rate comes from.
        year_days: The day-count divisor (365, or 366 for a leap year under
            ``"actual/actual"``).

    Examples:
        >>> from recouvrement.interest import InterestPeriod
        >>> from recouvrement.explain import Citation
        >>> import pendulum
        >>> p = InterestPeriod(start=pendulum.Date(2025, 1, 1), end=pendulum.Date(2025, 1, 31),
        ...     days=31, rate=Decimal("12.15"), base=Money("1000"),
        ...     amount=Money("10.3191780821917808219178082"), citation=Citation("C. com.", "L441-10"))
        >>> p.to_dict()["amount"]
        {'amount': '10.3191780821917808219178082', 'currency': 'EUR'}
    """

    start: pendulum.Date
    end: pendulum.Date
    days: int
    rate: Decimal
    base: Money
    amount: Money
    citation: Citation
    year_days: int = 365

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-compatible dict."""
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "days": self.days,
            "rate": str(self.rate),
            "base": _money_dict(self.base),
            "amount": _money_dict(self.amount),
            "citation": self.citation.to_dict(),
            "year_days": self.year_days,
        }


@attrs.frozen(slots=True, kw_only=True)
class LateInterest:
    """Late interest and fixed indemnity of one claim on one date, with their reasons.

    Attributes:
        claim_id: The claim's id.
        as_of: The date computed for.
        regime: Which rule set applied: ``"commercial"`` (C. com. L441-10),
            ``"public_procurement"`` (CCP R2192-31), ``"legal_rate"`` (C. civ. 1231-6)
            or ``"none"``.
        periods: The `InterestPeriod`s, in date order.
        accrued: The sum of the period amounts, unrounded.
        interest: ``accrued`` rounded once to the currency's precision, half up.
        indemnity: The fixed recovery indemnity (and any justified extra amount).
        penalty: A penalty clause due (C. civ. 1231-5), reported separately: it is
            **not** in ``total``, and a judge may moderate it.
        total: ``interest + indemnity``.
        interest_paid: The part of the payments applied to interest
            (``allocation="interest_first"`` only; zero otherwise), unrounded.
        reasons: Why: the regime, each rate, the start and end of accrual, the indemnity.
        allocation: The allocation used.
        day_count: The day-count convention used.

    Examples:
        >>> from recouvrement.sample import sample_claim
        >>> from recouvrement.interest import late_interest
        >>> li = late_interest(sample_claim(), as_of="2025-06-30")
        >>> li.regime, li.total == li.interest + li.indemnity
        ('commercial', True)
    """

    claim_id: str
    as_of: pendulum.Date
    regime: str
    periods: tuple[InterestPeriod, ...]
    accrued: Money
    interest: Money
    indemnity: Money
    penalty: Money
    total: Money
    interest_paid: Money
    reasons: tuple[Reason, ...]
    allocation: str = "principal_first"
    day_count: str = "actual/365"

    def _repr_html_(self) -> str:
        """HTML for notebooks: regime, periods (rate, base, days), totals, reasons."""
        from .display import late_interest_html

        return late_interest_html(self)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-compatible dict."""
        return {
            "claim_id": self.claim_id,
            "as_of": self.as_of.isoformat(),
            "regime": self.regime,
            "periods": [p.to_dict() for p in self.periods],
            "accrued": _money_dict(self.accrued),
            "interest": _money_dict(self.interest),
            "indemnity": _money_dict(self.indemnity),
            "penalty": _money_dict(self.penalty),
            "total": _money_dict(self.total),
            "interest_paid": _money_dict(self.interest_paid),
            "reasons": [r.to_dict() for r in self.reasons],
            "allocation": self.allocation,
            "day_count": self.day_count,
        }


# `InterestPeriod(...)` and `LateInterest(...)` from every field, positionally in field
# order, without the keyword handling (they have no converter nor validator): the records
# jurisdictions build on their hot path.
_period_record = slots_builder(InterestPeriod)
_late_interest_record = slots_builder(LateInterest)


@attrs.frozen(slots=True, kw_only=True)
class AmountsDue:
    """What a debtor owes on a claim on one date, line by line, each with its reasons.

    Payments go to the principal first (or to accrued interest first with
    ``allocation="interest_first"``); what exceeds the principal pays the interest,
    then the indemnity, then the penalty.

    Attributes:
        claim_id: The claim's id.
        as_of: The date computed for.
        principal: Principal outstanding (never negative; see ``overpaid``).
        interest: Interest still due, rounded.
        indemnity: Fixed indemnity still due.
        penalty: Penalty clause still due (a judge may moderate it, C. civ. 1231-5).
        total: The sum of the four lines.
        overpaid: What was paid beyond all four lines.
        principal_reasons: Reasons of the principal line.
        interest_reasons: Reasons of the interest line.
        indemnity_reasons: Reasons of the indemnity line.
        penalty_reasons: Reasons of the penalty line.
        detail: The full `LateInterest` computation.
        disputed: The disputed part of the principal left out of every line (interest
            runs on the rest only), while a partial dispute is open; ``None`` otherwise.
            Letters name it as not claimed.

    Examples:
        >>> from recouvrement.sample import sample_claim
        >>> from recouvrement.interest import amounts_due
        >>> due = amounts_due(sample_claim(), as_of="2025-06-30")
        >>> due.total == due.principal + due.interest + due.indemnity + due.penalty
        True
    """

    claim_id: str
    as_of: pendulum.Date
    principal: Money
    interest: Money
    indemnity: Money
    penalty: Money
    total: Money
    overpaid: Money
    principal_reasons: tuple[Reason, ...]
    interest_reasons: tuple[Reason, ...]
    indemnity_reasons: tuple[Reason, ...]
    penalty_reasons: tuple[Reason, ...]
    detail: LateInterest
    disputed: Money | None = None

    def _repr_html_(self) -> str:
        """HTML for notebooks: each line of what is owed, with its reasons."""
        from .display import amounts_due_html

        return amounts_due_html(self)

    @property
    def reasons(self) -> tuple[Reason, ...]:
        """All the reasons, line by line."""
        return (
            self.principal_reasons
            + self.interest_reasons
            + self.indemnity_reasons
            + self.penalty_reasons
        )

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-compatible dict."""
        return {
            "claim_id": self.claim_id,
            "as_of": self.as_of.isoformat(),
            "principal": _money_dict(self.principal),
            "interest": _money_dict(self.interest),
            "indemnity": _money_dict(self.indemnity),
            "penalty": _money_dict(self.penalty),
            "total": _money_dict(self.total),
            "overpaid": _money_dict(self.overpaid),
            "reasons": {
                "principal": [r.to_dict() for r in self.principal_reasons],
                "interest": [r.to_dict() for r in self.interest_reasons],
                "indemnity": [r.to_dict() for r in self.indemnity_reasons],
                "penalty": [r.to_dict() for r in self.penalty_reasons],
            },
            "detail": self.detail.to_dict(),
            **({} if self.disputed is None else {"disputed": _money_dict(self.disputed)}),
        }


@attrs.frozen(slots=True, kw_only=True)
class RateTables:
    """The rate tables a computation uses (the packaged ones unless replaced).

    Examples:
        >>> RateTables.resolve(None).ecb is RateTable.ecb()
        True
    """

    ecb: RateTable
    legal: RateTable

    @classmethod
    def resolve(cls, rates: RateTable | Iterable[RateTable] | None) -> RateTables:
        """Pick the tables from ``rates`` by name (``"ecb_mro"``, ``"fr_legal_interest"``).

        A table not given is the packaged one.
        """
        if rates is None:
            return _default_tables()
        items: tuple[Any, ...] = (rates,) if isinstance(rates, RateTable) else tuple(rates)
        ecb = RateTable.ecb()
        legal = RateTable.legal_interest()
        for index, table in enumerate(items):
            if not isinstance(table, RateTable):
                raise InvalidType(f"rates[{index}]", table, "RateTable")
            if table.name == ECB_TABLE:
                ecb = table
            elif table.name == LEGAL_TABLE:
                legal = table
            else:
                raise InvalidValue(
                    "rates",
                    table.name,
                    f"unknown table name (expected {ECB_TABLE!r} or {LEGAL_TABLE!r})",
                )
        return cls(ecb=ecb, legal=legal)


@lru_cache(maxsize=1)
def _default_tables() -> RateTables:
    return RateTables(ecb=RateTable.ecb(), legal=RateTable.legal_interest())


def _tables(jurisdiction: Jurisdiction, rates: RateTable | Iterable[RateTable] | None) -> Any:
    """The jurisdiction's packaged tables, with the caller's tables replacing them by name."""
    packaged = jurisdiction.rate_tables
    if rates is None:
        return packaged
    items: tuple[Any, ...] = (rates,) if isinstance(rates, RateTable) else tuple(rates)
    tables = dict(packaged)
    for index, table in enumerate(items):
        if not isinstance(table, RateTable):
            raise InvalidType(f"rates[{index}]", table, "RateTable")
        if table.name not in packaged:
            names = " or ".join(repr(name) for name in packaged)
            raise InvalidValue("rates", table.name, f"unknown table name (expected {names})")
        tables[table.name] = table
    return tables


def _check_choices(
    allocation: Any, day_count: Any, semester_rule: Any, below_floor: Any, floor_default_rate: Any
) -> None:
    _choice(allocation, ALLOCATIONS, "allocation")
    _choice(day_count, DAY_COUNTS, "day_count")
    _choice(semester_rule, SEMESTER_RULES, "semester_rule")
    _choice(below_floor, BELOW_FLOOR, "below_floor")
    if not isinstance(floor_default_rate, bool):
        raise InvalidType("floor_default_rate", floor_default_rate, "bool")


_DEFAULT_OPTIONS = InterestOptions()


@lru_cache(maxsize=256, typed=True)
def _options(
    allocation: Any,
    day_count: Any,
    extra_indemnity: Any,
    semester_rule: Any,
    floor_default_rate: Any,
    below_floor: Any,
) -> InterestOptions:
    """The options validated, as one record, once per combination (the hot path)."""
    _check_choices(allocation, day_count, semester_rule, below_floor, floor_default_rate)
    if extra_indemnity is not None:
        if not isinstance(extra_indemnity, Money):
            raise InvalidType("extra_indemnity", extra_indemnity, "Money or None")
        if extra_indemnity.amount < 0:
            raise InvalidValue("extra_indemnity", extra_indemnity, "must not be negative")
    return InterestOptions(
        allocation=allocation,
        day_count=day_count,
        extra_indemnity=extra_indemnity,
        semester_rule=semester_rule,
        floor_default_rate=floor_default_rate,
        below_floor=below_floor,
    )


def _choice(value: Any, choices: tuple[str, ...], field: str) -> str:
    if value not in choices:
        raise InvalidValue(field, value, f"must be one of {', '.join(map(repr, choices))}")
    return str(value)


def late_interest(
    claim: Claim,
    *,
    as_of: DateLike,
    allocation: str = "principal_first",
    day_count: str = "actual/365",
    rates: RateTable | Iterable[RateTable] | None = None,
    extra_indemnity: Money | None = None,
    semester_rule: str = "each_half_year",
    floor_default_rate: bool = False,
    below_floor: str = "floor",
) -> LateInterest:
    """Compute the late interest and fixed indemnity of ``claim`` on ``as_of``.

    The rules follow the claim's jurisdiction and, in France, its nature and parties:
    commercial (C. com. L441-10 II: ECB rate + 10 points per half-year, or the
    contractual rate with its 3 x legal-rate floor, and 40 EUR per invoice), public
    procurement (CCP R2192-31: ECB + 8 points fixed, and 40 EUR), or the legal rate from
    the formal notice (C. civ. 1231-6, 1344-1), with + 5 points two months after a
    judgment is served (C. mon. fin. L313-3).

    Args:
        claim: The [`Claim`][recouvrement.claims.Claim].
        as_of: The date to compute for (included).
        allocation: How partial payments are imputed. C. civ. 1343-1 imputes them to
            interest first unless agreed otherwise, so ``"interest_first"`` is the
            statutory default; ``"principal_first"`` (the default here, as issue 3 fixed
            the signature) models an agreement otherwise or the common simplification.
            The reasons always say which one was used.
        day_count: ``"actual/365"`` or ``"actual/actual"``.
        rates: Your own `RateTable` (or several), picked by name (``"ecb_mro"``,
            ``"fr_legal_interest"``), for example with a newly published rate.
        extra_indemnity: An additional amount of recovery costs the creditor can justify
            beyond the 40 EUR (C. com. L441-10 II), in the claim's currency; added where
            the fixed indemnity is due.
        semester_rule: How the L441-10 default rate follows half-years:
            ``"each_half_year"`` (default: the rate of 1 January for January-June days
            and of 1 July for July-December days) or ``"start_half_year"`` (an unsettled
            reading, **U**: the rate of the half-year in which interest started, for the
            whole delay).
        floor_default_rate: Also apply the 3 x legal-rate floor to the default
            ECB + 10 rate (an unsettled reading, **U**, that matters in 2024 when the floor
            was above ECB + 10). Off by default: the floor bounds contractual rates.
        below_floor: What replaces a contractual rate below 3 x the legal rate (C. com.
            L441-10 II), which the reasons always flag as unlawful. ``"floor"``
            (default, as issue 3 specifies): the floor applies. ``"default"`` (an
            unsettled reading, **U**): the void clause falls back to the default rate,
            ECB + 10 points.

    Raises:
        RateNotPublished: A rate the computation needs is not in the tables.
        UnsupportedJurisdiction: No rules for ``claim.jurisdiction``.
        InvalidValue: A bad option.

    Examples:
        >>> from recouvrement.claims import Claim, Payment
        >>> from recouvrement.events import FormalNotice
        >>> from recouvrement.parties import Creditor, Debtor
        >>> loan = Claim(id="L-1", creditor=Creditor(id="A", name="Anne", kind="individual"),
        ...              debtor=Debtor(id="B", name="Bruno", kind="individual"),
        ...              nature="civil", amount="5000", issued_on="2024-01-10",
        ...              due_on="2024-03-01", events=[FormalNotice(on="2024-05-31")])
        >>> li = late_interest(loan, as_of="2024-07-31")
        >>> [(str(p.start), str(p.end), p.rate) for p in li.periods]
        [('2024-06-01', '2024-06-30', Decimal('8.01')), ('2024-07-01', '2024-07-31', Decimal('8.16'))]
        >>> li.interest, li.indemnity
        (Money('67.57', 'EUR'), Money('0.00', 'EUR'))
    """
    law, on, tables, options = _prepare(
        claim,
        as_of,
        allocation,
        day_count,
        rates,
        extra_indemnity,
        semester_rule,
        floor_default_rate,
        below_floor,
    )
    with localcontext(_CONTEXT):
        return law.late_interest(claim, as_of=on, tables=tables, options=options)


def _prepare(
    claim: Any,
    as_of: DateLike,
    allocation: Any,
    day_count: Any,
    rates: Any,
    extra_indemnity: Any,
    semester_rule: Any,
    floor_default_rate: Any,
    below_floor: Any,
) -> tuple[Jurisdiction, pendulum.Date, Any, InterestOptions]:
    """The arguments of `late_interest` checked: the law, the date, the tables, the options."""
    if not isinstance(claim, Claim):
        raise InvalidType("claim", claim, "Claim")
    on = to_date(as_of, "as_of")
    if (
        extra_indemnity is None
        and floor_default_rate is False
        and allocation == "principal_first"
        and day_count == "actual/365"
        and semester_rule == "each_half_year"
        and below_floor == "floor"
    ):
        options = _DEFAULT_OPTIONS
    else:
        options = _checked_options(
            claim,
            allocation,
            day_count,
            extra_indemnity,
            semester_rule,
            floor_default_rate,
            below_floor,
        )
    law = jurisdictions.get(claim.jurisdiction)
    tables = law.rate_tables if rates is None else _tables(law, rates)
    return law, on, tables, options


def _checked_options(
    claim: Claim,
    allocation: Any,
    day_count: Any,
    extra_indemnity: Any,
    semester_rule: Any,
    floor_default_rate: Any,
    below_floor: Any,
) -> InterestOptions:
    """The options validated (once per combination), and the indemnity's currency checked."""
    try:
        options = _options(
            allocation, day_count, extra_indemnity, semester_rule, floor_default_rate, below_floor
        )
    except TypeError:  # an unhashable argument: validate in order for the right error
        _check_choices(allocation, day_count, semester_rule, below_floor, floor_default_rate)
        raise InvalidType("extra_indemnity", extra_indemnity, "Money or None") from None
    if extra_indemnity is not None and extra_indemnity.currency != claim.amount.currency:
        raise InvalidValue(
            "extra_indemnity",
            extra_indemnity,
            f"must be in the claim's currency {claim.amount.currency}",
        )
    return options


def _allocation_citation(detail: LateInterest) -> Citation | None:
    """The rule the jurisdiction cites for how payments were allocated (its reason's)."""
    for reason in detail.reasons:
        if reason.code.startswith("interest.allocation."):
            return reason.citation
    return None


def amounts_due(
    claim: Claim,
    *,
    as_of: DateLike,
    allocation: str = "principal_first",
    day_count: str = "actual/365",
    rates: RateTable | Iterable[RateTable] | None = None,
    extra_indemnity: Money | None = None,
    semester_rule: str = "each_half_year",
    floor_default_rate: bool = False,
    below_floor: str = "floor",
    disputed: Money | None = None,
) -> AmountsDue:
    """Return what is owed on ``claim`` on ``as_of``: principal, interest, indemnity, penalty.

    Takes the same options as `late_interest`. Payments received on or before
    ``as_of`` go to the principal (or first to the interest accrued on the day of each
    payment with ``allocation="interest_first"``, the imputation C. civ. 1343-1 provides
    unless agreed otherwise); what exceeds the
    principal pays the interest, then the indemnity, then the penalty. Each line is
    rounded to the cent, half up.

    ``disputed``: a part of the principal the debtor disputes (a partial `Dispute`), left
    out: the lines are those of the claim less that part (interest runs on the undisputed
    rest only, as if it had never been invoiced), and ``AmountsDue.disputed`` names it. It
    must be positive, in the claim's currency and below the principal outstanding.

    Examples:
        >>> from recouvrement.claims import Claim, Payment
        >>> from recouvrement.parties import Creditor, Debtor
        >>> claim = Claim(id="F-2", creditor=Creditor(id="C", name="Acme", kind="professional"),
        ...               debtor=Debtor(id="D", name="Martin", kind="professional"),
        ...               nature="commercial", amount="1000", issued_on="2025-01-02",
        ...               due_on="2025-02-01", payments=[Payment(on="2025-03-03", amount="1000")])
        >>> due = amounts_due(claim, as_of="2025-03-31")
        >>> due.principal, due.interest, due.indemnity, due.total
        (Money('0.00', 'EUR'), Money('10.81', 'EUR'), Money('40.00', 'EUR'), Money('50.81', 'EUR'))
        >>> import attrs
        >>> part = amounts_due(attrs.evolve(claim, payments=()), as_of="2025-03-31",
        ...                    disputed=Money("400"))
        >>> part.principal, part.disputed
        (Money('600.00', 'EUR'), Money('400.00', 'EUR'))
    """
    if disputed is not None:
        return _undisputed(
            claim,
            disputed,
            as_of=as_of,
            allocation=allocation,
            day_count=day_count,
            rates=rates,
            extra_indemnity=extra_indemnity,
            semester_rule=semester_rule,
            floor_default_rate=floor_default_rate,
            below_floor=below_floor,
        )
    law, on, tables, options = _prepare(
        claim,
        as_of,
        allocation,
        day_count,
        rates,
        extra_indemnity,
        semester_rule,
        floor_default_rate,
        below_floor,
    )
    with localcontext(_CONTEXT):  # one context for the interest and the lines
        detail = law.late_interest(claim, as_of=on, tables=tables, options=options)
        return _amounts_due(claim, detail)


def _default_amounts_due(claim: Claim, on: pendulum.Date) -> AmountsDue:
    """Internal: `amounts_due` with the default options and the packaged rate tables, for a
    `Claim` and a `pendulum.Date` already checked (the hot path of ``next_action``)."""
    law = jurisdictions.get(claim.jurisdiction)
    with localcontext(_CONTEXT):  # one context for the interest and the lines
        detail = law.late_interest(
            claim, as_of=on, tables=law.rate_tables, options=_DEFAULT_OPTIONS
        )
        return _amounts_due(claim, detail)


def _undisputed(claim: Claim, disputed: Any, *, as_of: DateLike, **options: Any) -> AmountsDue:
    """`amounts_due` of ``claim`` less its ``disputed`` part, which the result names."""
    part = to_money(disputed, "disputed")
    currency = claim.amount.currency
    if part.currency != currency:
        raise InvalidValue("disputed", part, f"is not in the claim's currency {currency}")
    outstanding = claim.outstanding(as_of=as_of).amount
    if not 0 < part.amount < outstanding:
        raise InvalidValue(
            "disputed",
            part,
            f"must be positive and below the principal outstanding ({outstanding} {currency})",
        )
    rest = attrs.evolve(claim, amount=claim.amount - part)
    due = amounts_due(rest, as_of=as_of, **options)
    principal_reasons = (
        *due.principal_reasons,
        Reason._unchecked(
            "amounts.disputed",
            f"{part} disputed: left out of the amounts (not claimed while the dispute is "
            "open); interest runs on the undisputed rest only",
            facts={"disputed": part},
        ),
    )
    return attrs.evolve(due, disputed=part.round(), principal_reasons=principal_reasons)


@lru_cache(maxsize=64)
def _quantum(currency: str) -> Decimal:
    """The smallest unit of ``currency`` (``Money.round``'s quantum)."""
    return Decimal(1).scaleb(-currency_precision(currency))


def _amounts_due(claim: Claim, detail: LateInterest) -> AmountsDue:
    """The lines of `AmountsDue`, each rounded once half up (as `Money.round`)."""
    amount = claim.amount
    currency = amount.currency
    day = detail.as_of
    limit = day.toordinal()
    zero = _ZERO
    credited = zero
    for note in claim.credit_notes:
        if note.on.toordinal() <= limit:
            credited += note.amount.amount
    paid = zero
    for payment in claim.payments:
        if payment.on.toordinal() <= limit:
            paid += payment.amount.amount
    to_interest = detail.interest_paid.amount
    principal = amount.amount - credited
    left = paid - to_interest
    # conditional expressions rather than min/max (the same operand on a tie, as they give)
    to_principal = zero if zero > principal else principal
    if left < to_principal:
        to_principal = left
    principal -= to_principal
    left -= to_principal
    quantum = _quantum(currency)
    lines = []
    took = zero
    for owed in (
        detail.accrued.amount - to_interest,
        detail.indemnity.amount,
        detail.penalty.amount,
    ):
        if zero > owed:
            owed = zero
        take = (left if left < owed else owed) if left > 0 else zero
        left -= take
        took += take
        lines.append((owed - take).quantize(quantum, ROUND_HALF_UP))
    interest, indemnity, penalty = lines
    principal_rounded = (zero if zero > principal else principal).quantize(quantum, ROUND_HALF_UP)
    money = Money._unchecked
    principal_reasons = (
        _owned(
            "amounts.principal",
            f"Principal outstanding: {amount.amount!s} {currency} less credit notes "
            f"{credited!s} {currency} and payments applied to it {to_principal!s} {currency}",
            _allocation_citation(detail) if to_interest else None,
            {"amount": amount, "credited": credited, "paid": paid},
        ),
    )
    interest_reasons, indemnity_reasons, penalty_reasons = _by_line(detail.reasons)
    if took > 0:  # payments beyond the principal paid some of the accessories
        interest_reasons += (
            _owned(
                "interest.paid_by_excess",
                "Payments beyond the principal were applied to interest, then the "
                "indemnity, then the penalty",
                None,
                {"paid": paid},
            ),
        )
    return _amounts_record(
        claim.id,
        day,
        money(principal_rounded, currency),
        money(interest, currency),
        money(indemnity, currency),
        money(penalty, currency),
        money(principal_rounded + interest + indemnity + penalty, currency),
        money(
            (zero if zero > left else left) + (zero if zero > -principal else -principal), currency
        ),
        principal_reasons,
        interest_reasons,
        indemnity_reasons,
        penalty_reasons,
        detail,
        None,  # disputed: `_undisputed` names it for a partly disputed claim
    )


_ZERO = Decimal(0)
_NO_REASONS: tuple[Reason, ...] = ()


def _by_line(
    reasons: tuple[Reason, ...],
) -> tuple[tuple[Reason, ...], tuple[Reason, ...], tuple[Reason, ...]]:
    """The reasons of the interest, indemnity and penalty lines (by code prefix), in order."""
    interest: list[Reason] = []
    indemnity: list[Reason] = []
    penalty: list[Reason] = []
    for reason in reasons:
        head = reason.code[:3]
        if head == "int":
            interest.append(reason)
        elif head == "ind":
            indemnity.append(reason)
        elif head == "pen":
            penalty.append(reason)
    return (
        tuple(interest),
        tuple(indemnity) if indemnity else _NO_REASONS,
        tuple(penalty) if penalty else _NO_REASONS,
    )


# `AmountsDue(...)` from every field, positionally in field order (no converter nor
# validator): the record `amounts_due` builds on its hot path.
_amounts_record = slots_builder(AmountsDue)
