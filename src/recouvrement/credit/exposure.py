"""Exposure: what a customer owes now, and will owe, against its credit limit.

`exposure` adds up, per currency, the customer's open receivables (not yet due and
overdue), the orders delivered but not yet invoiced and the open orders the caller passes,
and sets them against the limit. Claims written off or cancelled are off the books and
left out; an overpayment (a negative balance) is a credit to the customer and nets the
exposure.

Examples:
    >>> from recouvrement import Claim, Creditor, Debtor
    >>> acme = Creditor(id="ACME", name="Acme SAS", kind="professional")
    >>> client = Debtor(id="D1", name="Martin SARL", kind="professional")
    >>> claims = [Claim(id="F1", creditor=acme, debtor=client, nature="commercial",
    ...                 amount="1000.00", issued_on="2025-01-10", due_on="2025-02-09"),
    ...           Claim(id="F2", creditor=acme, debtor=client, nature="commercial",
    ...                 amount="500.00", issued_on="2025-02-20", due_on="2025-03-22")]
    >>> line = exposure(claims, as_of="2025-03-01", open_orders="800", limit="2000").lines[0]
    >>> line.overdue, line.not_due, line.total, line.available, line.over_limit
    (Money('1000.00', 'EUR'), Money('500.00', 'EUR'), Money('2300.00', 'EUR'), Money('-300.00', 'EUR'), True)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs
import pendulum

from .._convert import DateLike, to_date
from ..errors import InvalidValue
from ..events import Cancellation, Dispute, WriteOff
from ..explain import Reason
from ..money import Money, to_money
from ._common import amounts, claims_list, html_card, one_debtor, same_currency

if TYPE_CHECKING:
    from ..claims import Claim

__all__ = ["Exposure", "ExposureLine", "exposure"]


@attrs.frozen(slots=True, kw_only=True)
class ExposureLine:
    """A customer's exposure in one currency.

    Attributes:
        currency: The ISO 4217 code.
        not_due: Open receivables not yet due.
        overdue: Open receivables past their due date.
        credit_balance: Overpayments (zero or negative), netted against the rest.
        delivered_not_invoiced: Orders delivered but not yet invoiced.
        open_orders: Orders accepted and not yet delivered.
        total: The sum of the above: what the customer would owe once everything is
            delivered and invoiced.
        open_claims: How many claims are open.
        overdue_claims: How many of them are overdue.
        oldest_days_past_due: Days past due of the oldest overdue claim (0 when none).
        disputed: The balance of claims with an open dispute (already in the totals).
        limit: The credit limit in this currency, when given.
        available: ``limit - total`` (negative when over the limit), when a limit is given.
    """

    currency: str
    not_due: Money
    overdue: Money
    credit_balance: Money
    delivered_not_invoiced: Money
    open_orders: Money
    total: Money
    open_claims: int
    overdue_claims: int
    oldest_days_past_due: int
    disputed: Money
    limit: Money | None = None
    available: Money | None = None

    @property
    def receivables(self) -> Money:
        """Open receivables: not due + overdue + credit balance."""
        return self.not_due + self.overdue + self.credit_balance

    @property
    def over_limit(self) -> bool:
        """Whether the total exceeds the limit (``False`` without a limit)."""
        return self.available is not None and self.available.amount < 0

    def to_dict(self) -> dict[str, Any]:
        """A flat JSON-compatible dict (amounts as strings, in ``currency``)."""
        data: dict[str, Any] = {"currency": self.currency}
        for name in (
            "not_due",
            "overdue",
            "credit_balance",
            "delivered_not_invoiced",
            "open_orders",
            "total",
        ):
            data[name] = str(getattr(self, name).amount)
        data["open_claims"] = self.open_claims
        data["overdue_claims"] = self.overdue_claims
        data["oldest_days_past_due"] = self.oldest_days_past_due
        data["disputed"] = str(self.disputed.amount)
        data["limit"] = None if self.limit is None else str(self.limit.amount)
        data["available"] = None if self.available is None else str(self.available.amount)
        data["over_limit"] = self.over_limit
        return data


@attrs.frozen(slots=True, kw_only=True)
class Exposure:
    """A customer's exposure on a day, per currency.

    Attributes:
        debtor_id: The customer (``None`` when no claim was given).
        as_of: The day.
        lines: One [`ExposureLine`][recouvrement.credit.ExposureLine] per currency, by code.
        reasons: What was counted and left out.
    """

    debtor_id: str | None
    as_of: pendulum.Date
    lines: tuple[ExposureLine, ...]
    reasons: tuple[Reason, ...] = ()

    def line(self, currency: str) -> ExposureLine | None:
        """The line of ``currency``, or ``None``."""
        return next((line for line in self.lines if line.currency == currency), None)

    @property
    def over_limit(self) -> bool:
        """Whether any currency is over its limit."""
        return any(line.over_limit for line in self.lines)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-compatible dict."""
        return {
            "debtor_id": self.debtor_id,
            "as_of": self.as_of.isoformat(),
            "lines": [line.to_dict() for line in self.lines],
            "reasons": [r.to_dict() for r in self.reasons],
        }

    def _repr_html_(self) -> str:
        rows: list[tuple[str, Any]] = []
        for line in self.lines:
            rows += [
                (f"{line.currency} overdue", f"{line.overdue} ({line.overdue_claims} claims)"),
                (f"{line.currency} not due", line.not_due),
                (f"{line.currency} delivered, not invoiced", line.delivered_not_invoiced),
                (f"{line.currency} open orders", line.open_orders),
                (f"{line.currency} total", line.total),
                (f"{line.currency} limit", line.limit if line.limit is not None else "-"),
                (f"{line.currency} available", line.available if line.available else "-"),
            ]
        title = f"Exposure of {self.debtor_id or '-'} on {self.as_of.isoformat()}"
        return html_card(title, rows, self.reasons)


def _limits(limit: Any) -> dict[str, Money]:
    if limit is None:
        return {}
    value = getattr(limit, "amount", limit)  # a CreditLimit carries its amount
    if isinstance(value, Mapping) and not {"amount", "currency"} <= set(value):
        result = {}
        for key, item in value.items():
            money = to_money(item, f"limit[{key}]", currency=str(key))
            result[str(key)] = same_currency(money, str(key), "limit")
    else:
        money = to_money(value, "limit")
        result = {money.currency: money}
    for money in result.values():
        if money.amount < 0:
            raise InvalidValue("limit", money, "must not be negative")
    return result


def _line(
    currency: str,
    claims: list[Claim],
    day: pendulum.Date,
    extra: dict[str, Money],
    limit: Money | None,
) -> ExposureLine:
    zero = Money.zero(currency)
    not_due = overdue = credit = disputed = zero
    open_claims = overdue_claims = oldest = 0
    for claim in claims:
        balance = claim.outstanding(as_of=day)
        if balance.amount < 0:
            credit += balance
            continue
        if balance.amount == 0:
            continue
        open_claims += 1
        if any(d.is_open(day) for d in claim.events_of(Dispute, as_of=day)):
            disputed += balance
        if claim.is_due(as_of=day):
            overdue += balance
            overdue_claims += 1
            oldest = max(oldest, claim.days_past_due(as_of=day))
        else:
            not_due += balance
    dni = extra.get("dni", zero)
    orders = extra.get("orders", zero)
    total = not_due + overdue + credit + dni + orders
    return ExposureLine(
        currency=currency,
        not_due=not_due,
        overdue=overdue,
        credit_balance=credit,
        delivered_not_invoiced=dni,
        open_orders=orders,
        total=total,
        open_claims=open_claims,
        overdue_claims=overdue_claims,
        oldest_days_past_due=oldest,
        disputed=disputed,
        limit=limit,
        available=None if limit is None else limit - total,
    )


def exposure(
    claims: Any,
    *,
    as_of: DateLike,
    delivered_not_invoiced: Any = None,
    open_orders: Any = None,
    limit: Any = None,
) -> Exposure:
    """A customer's exposure on ``as_of``, per currency, against its limit.

    Args:
        claims: One customer's claims (paid and open); claims issued after ``as_of``,
            written off or cancelled on or before it are left out.
        as_of: The day.
        delivered_not_invoiced: Orders delivered but not yet invoiced: an amount (`Money`,
            or a number read as EUR) or an iterable of amounts.
        open_orders: Orders accepted and not yet delivered, likewise.
        limit: The credit limit: `Money`, a [`CreditLimit`][recouvrement.credit.CreditLimit],
            or a mapping currency -> amount.

    Returns:
        An [`Exposure`][recouvrement.credit.Exposure].

    Raises:
        InvalidValue: Claims of several debtors, or a negative amount.
        InvalidType: Not claims, or amounts of the wrong type.

    Examples:
        >>> exposure([], as_of="2025-06-30", open_orders=["100", "250"]).lines[0].total
        Money('350', 'EUR')
    """
    day = to_date(as_of, "as_of")
    items = claims_list(claims)
    debtor = one_debtor(items)
    kept: dict[str, list[Claim]] = {}
    closed = 0
    for claim in items:
        if claim.issued_on > day:
            continue
        if claim.events_of((WriteOff, Cancellation), as_of=day):
            closed += 1
            continue
        kept.setdefault(claim.currency, []).append(claim)
    extras: dict[str, dict[str, Money]] = {}
    for key, value, field in (
        ("dni", delivered_not_invoiced, "delivered_not_invoiced"),
        ("orders", open_orders, "open_orders"),
    ):
        for money in amounts(value, field):
            bucket = extras.setdefault(money.currency, {})
            bucket[key] = bucket.get(key, Money.zero(money.currency)) + money
    limits = _limits(limit)
    currencies = sorted(set(kept) | set(extras) | set(limits))
    lines = tuple(
        _line(c, kept.get(c, []), day, extras.get(c, {}), limits.get(c)) for c in currencies
    )
    reasons = [
        Reason(
            "exposure.counted",
            f"{sum(line.open_claims for line in lines)} open claim(s) counted in "
            f"{len(lines)} currency(ies); orders delivered not invoiced and open orders as given",
            facts={"currencies": currencies},
        )
    ]
    if closed:
        reasons.append(
            Reason(
                "exposure.closed_left_out",
                f"{closed} claim(s) written off or cancelled are off the books and left out",
                facts={"claims": closed},
            )
        )
    return Exposure(debtor_id=debtor, as_of=day, lines=lines, reasons=tuple(reasons))
