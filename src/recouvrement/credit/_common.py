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

    A promise is broken the day after its date plus the tolerance, when the claim was not
    paid by then (or less than the amount promised was paid between the promise and then).
    The same reading as the profile's ``promises_broken`` metric.
    """
    from ..events import PaymentPromise

    found: list[tuple[int, str]] = []
    for claim in claims:
        for promise in claim.events_of(PaymentPromise):
            limit = promise.promised_for.toordinal() + tolerance_days
            broken_on = limit + 1
            if broken_on > day or (since is not None and broken_on <= since):
                continue
            if promise.on.toordinal() > day:
                continue
            balance = claim._reduced(limit)  # paid and credited by the deadline
            before = claim._reduced(promise.on.toordinal())
            if promise.amount is None:
                kept = claim.amount.amount - balance <= 0
            else:
                kept = balance - before >= promise.amount.amount
            if not kept:
                found.append((broken_on, claim.id))
    found.sort()
    return found
