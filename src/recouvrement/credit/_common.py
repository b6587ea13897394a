"""Helpers shared by the credit modules (internal): input checks, practice reasons, HTML."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_FLOOR, Decimal
from html import escape
from typing import Any

from ..claims import Claim
from ..errors import CurrencyMismatch, InvalidType, InvalidValue
from ..explain import Citation, Reason
from ..money import Money, currency_precision, to_money

PRACTICE = " (practice, not law)"


def practice(code: str, message: str, **facts: Any) -> Reason:
    """A reason resting on credit-management practice, said so in its message and facts."""
    return Reason(code, message + PRACTICE, facts={**facts, "basis": "practice"})


def law(code: str, message: str, citation: Citation, **facts: Any) -> Reason:
    """A reason resting on a legal rule, with its citation."""
    return Reason(code, message, citation=citation, facts={**facts, "basis": "law"})


def claims_list(value: Any) -> list[Claim]:
    """``value`` as a list of claims (an `InvalidType` naming the bad item otherwise)."""
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise InvalidType("claims", value, "an iterable of Claim")
    items = list(value)
    for index, item in enumerate(items):
        if not isinstance(item, Claim):
            raise InvalidType(f"claims[{index}]", item, "Claim")
    return items


def one_debtor(claims: Sequence[Claim]) -> str | None:
    """The one debtor id of ``claims`` (``None`` when empty); several raise `InvalidValue`."""
    ids = sorted({c.debtor.id for c in claims})
    if len(ids) > 1:
        raise InvalidValue("claims", ids, "claims of several debtors: pass one customer's claims")
    return ids[0] if ids else None


def amounts(value: Any, field: str) -> list[Money]:
    """``None``, one amount or an iterable of amounts (Money or numbers read as EUR)."""
    if value is None:
        return []
    if isinstance(value, Money | Decimal | int | str):
        return [to_money(value, field)]
    if isinstance(value, Mapping) or not isinstance(value, Iterable):
        raise InvalidType(field, value, "an amount or an iterable of amounts")
    result = [to_money(item, f"{field}[{i}]") for i, item in enumerate(value)]
    for item in result:
        if item.amount < 0:
            raise InvalidValue(field, item, "must not be negative")
    return result


def same_currency(money: Money, currency: str, field: str) -> Money:
    """``money``, checked to be in ``currency``."""
    if money.currency != currency:
        raise CurrencyMismatch(money.currency, currency, operation=f"use {field} with")
    return money


def round_down(value: Decimal, digits: int, currency: str) -> Decimal:
    """``value`` rounded down to ``digits`` significant digits, and at most to the
    currency's precision (never below zero).

    Examples:
        >>> round_down(Decimal("1103.99"), 2, "EUR"), round_down(Decimal("45.26"), 2, "EUR")
        (Decimal('1100'), Decimal('45'))
        >>> round_down(Decimal("0.4567"), 2, "EUR"), round_down(Decimal("0.4567"), 2, "JPY")
        (Decimal('0.45'), Decimal('0'))
    """
    if value <= 0:
        return Decimal(0)
    exponent = max(value.adjusted() - digits + 1, -currency_precision(currency))
    quantum = Decimal(1).scaleb(exponent)
    result = (value / quantum).to_integral_value(rounding=ROUND_FLOOR) * quantum
    return result.quantize(Decimal(1)) if exponent >= 0 else result.quantize(quantum)


def html_card(title: str, rows: Sequence[tuple[str, Any]], reasons: Sequence[Reason]) -> str:
    """A small self-contained HTML card: a title, a two-column table and the reasons."""
    body = "".join(
        f"<tr><th style='text-align:left;padding-right:1em'>{escape(str(k))}</th>"
        f"<td>{escape(str(v))}</td></tr>"
        for k, v in rows
    )
    items = "".join(f"<li>{escape(str(r))}</li>" for r in reasons)
    return (
        "<div class='recouvrement-card' style='border:1px solid #cfd8dc;border-radius:4px;"
        "padding:0.5em 1em;margin:0.5em 0'>"
        f"<strong>{escape(title)}</strong><table>{body}</table>"
        + (f"<ul>{items}</ul>" if items else "")
        + "</div>"
    )


def broken_promises(
    claims: Sequence[Claim], *, since: int | None, day: int, tolerance_days: int
) -> list[tuple[int, str]]:
    """The promises broken after ``since`` and by ``day`` (ordinals): (day broken, claim id).

    The profile's reading (``promises_broken``): a promise is broken the day after its date
    plus the tolerance when the claim was not settled by then and, for a promise of an
    amount, less than that amount was paid from the day of the promise to its date.
    """
    from ..events import PaymentPromise

    found: list[tuple[int, str]] = []
    for claim in claims:
        settled = claim.settled_on()
        for promise in claim.events_of(PaymentPromise):
            deadline = promise.promised_for.toordinal() + tolerance_days
            broken_on = deadline + 1
            if broken_on > day or (since is not None and broken_on <= since):
                continue
            if settled is not None and settled.toordinal() <= deadline:
                continue
            if promise.amount is not None:
                start = promise.on.toordinal()
                paid = sum(
                    (
                        p.amount.amount
                        for p in claim.payments
                        if start <= p.on.toordinal() <= deadline
                    ),
                    Decimal(0),
                )
                if paid >= promise.amount.amount:
                    continue
            found.append((broken_on, claim.id))
    found.sort()
    return found


def mapping(value: Any, field: str) -> Mapping[str, Any]:
    """``value`` as a mapping by debtor id (``None``: empty)."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InvalidType(field, value, "a mapping of debtor id -> value, or None")
    return value


def check_profile(value: Any) -> Any:
    """``value`` if it is a `DebtorProfile` or ``None``."""
    from ..profiling import DebtorProfile

    if value is not None and not isinstance(value, DebtorProfile):
        raise InvalidType("profile", value, "DebtorProfile or None")
    return value


def main_currency(claims: Sequence[Claim]) -> list[Claim]:
    """The claims in the currency of the latest claim (a profile reads one currency)."""
    if not claims:
        return []
    latest = max(claims, key=lambda c: (c.issued_on, c.id))
    return [c for c in claims if c.currency == latest.currency]
