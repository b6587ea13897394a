"""Day-by-day accrual of late interest over rate segments (shared by DE and BE).

A segment is ``(first_day, last_day, rate, citation)`` as ordinals, inclusive. The base
is the claim's amount less credit notes (from their date) and payments (from the day
after receipt, or from their own day with ``payment_day_counts=False``). With
``interest_first`` a payment first pays the interest accrued and unpaid, rounded to
the cent, then the principal (§ 367 BGB order, costs aside). The result uses the
engine-wide types `InterestPeriod`; amounts are unrounded quotients.
"""

from __future__ import annotations

import calendar
import datetime as _dt
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from ..._convert import from_ordinal
from ...claims import Claim
from ...explain import Citation
from ...interest import InterestPeriod
from ...money import Money, currency_precision

__all__ = ["Accrual", "Segment", "accrue"]

Segment = tuple[int, int, Decimal, Citation]
_ZERO = Decimal(0)
_DIVISOR = {365: Decimal(36500), 366: Decimal(36600)}
_BIG = 10**9


class Accrual(NamedTuple):
    """What `accrue` returns."""

    periods: tuple[InterestPeriod, ...]
    accrued: Decimal
    interest_paid: Decimal
    settled: int | None  # last day of accrual when the principal was paid in full
    # the day it was paid in full (later: by a credit note, or a payment day bearing no interest)
    settled_on: int | None = None


class _Run:
    """A run of days with one rate, base, citation and day-count divisor (mutable while built)."""

    __slots__ = ("base", "citation", "end", "numerator", "rate", "start", "year_days")

    def __init__(
        self,
        start: int,
        end: int,
        rate: Decimal,
        base: Decimal,
        citation: Citation,
        year_days: int,
        numerator: Decimal,
    ) -> None:
        self.start, self.end, self.rate, self.base = start, end, rate, base
        self.citation, self.year_days, self.numerator = citation, year_days, numerator

    def continues(
        self, day: int, rate: Decimal, base: Decimal, citation: Citation, year_days: int
    ) -> bool:
        return (
            self.end == day - 1
            and self.rate == rate
            and self.base == base
            and self.citation == citation
            and self.year_days == year_days
        )

    def period(self, currency: str) -> InterestPeriod:
        return InterestPeriod(
            start=from_ordinal(self.start),
            end=from_ordinal(self.end),
            days=self.end - self.start + 1,
            rate=self.rate,
            base=Money._unchecked(self.base, currency),
            amount=Money._unchecked(self.numerator / _DIVISOR[self.year_days], currency),
            citation=self.citation,
            year_days=self.year_days,
        )


def _split_years(segments: list[Segment], actual_actual: bool) -> list[tuple[Segment, int]]:
    if not actual_actual:
        return [(s, 365) for s in segments]
    out: list[tuple[Segment, int]] = []
    for a, b, rate, citation in segments:
        while True:
            year = _dt.date.fromordinal(a).year
            year_end = _dt.date(year, 12, 31).toordinal()
            days = 366 if calendar.isleap(year) else 365
            if b <= year_end:
                out.append(((a, b, rate, citation), days))
                break
            out.append(((a, year_end, rate, citation), days))
            a = year_end + 1
    return out


def _changes(claim: Claim, last: int, payment_day_counts: bool) -> list[tuple[int, bool, Decimal]]:
    shift = 1 if payment_day_counts else 0
    changes = [
        (p.on.toordinal() + shift, True, p.amount.amount)
        for p in claim.payments
        if p.on.toordinal() <= last
    ]
    changes += [
        (c.on.toordinal(), False, c.amount.amount)
        for c in claim.credit_notes
        if c.on.toordinal() <= last
    ]
    changes.sort(key=lambda c: (c[0], c[1]))
    return changes


def accrue(
    claim: Claim,
    segments: list[Segment],
    *,
    last_day: int,
    interest_first: bool,
    actual_actual: bool,
    payment_day_counts: bool = True,
) -> Accrual:
    """Accrue interest on ``claim`` over ``segments``; payments up to ``last_day`` count."""
    currency = claim.amount.currency
    quantum = Decimal(1).scaleb(-currency_precision(currency))
    changes = _changes(claim, last_day, payment_day_counts)
    shift = 1 if payment_day_counts else 0
    numerators = {365: _ZERO, 366: _ZERO}
    paid_interest = _ZERO

    def unpaid() -> Decimal:
        accrued = numerators[365] / _DIVISOR[365] + numerators[366] / _DIVISOR[366]
        return (accrued - paid_interest).quantize(quantum, rounding=ROUND_HALF_UP)

    def apply(amount: Decimal, is_payment: bool) -> Decimal:
        nonlocal paid_interest
        if is_payment and interest_first:
            owed = unpaid()
            take = min(amount, owed) if owed > 0 else _ZERO
            paid_interest += take
            amount -= take
        return amount

    base = claim.amount.amount
    runs: list[_Run] = []
    i = 0
    pieces = _split_years(segments, actual_actual)
    first = pieces[0][0][0] if pieces else _BIG
    while i < len(changes) and changes[i][0] <= first:
        base -= apply(changes[i][2], changes[i][1])
        i += 1
    settled: int | None = None
    settled_on: int | None = None
    # Paid or credited in full before interest could start: no day accrues (a base only
    # goes down), and a later payment, an overpayment, is not the day the principal was
    # paid in full (``settled`` stays ``None``).
    for (a, b, rate, citation), year_days in pieces if base > 0 else ():
        cur = a
        while settled is None:
            nxt = changes[i][0] if i < len(changes) else _BIG
            end = min(b, nxt - 1)
            if end >= cur and base > 0:
                numerator = base * rate * (end - cur + 1)
                numerators[year_days] += numerator
                prev = runs[-1] if runs else None
                if prev is not None and prev.continues(cur, rate, base, citation, year_days):
                    prev.end = end
                    prev.numerator += numerator
                else:
                    runs.append(_Run(cur, end, rate, base, citation, year_days, numerator))
            if nxt > b:
                break
            cur = nxt
            credited = _ZERO
            while i < len(changes) and changes[i][0] == cur:
                if not changes[i][1]:
                    credited += changes[i][2]
                base -= apply(changes[i][2], changes[i][1])
                i += 1
            if base <= 0:
                settled = cur - 1
                # The day the principal was paid in full: the payments' day (they count from
                # ``shift`` days after it), unless they left a rest that a credit note of
                # this day (it counts from its own day) covered.
                settled_on = cur - shift if base + credited <= 0 else cur
        if settled is not None:
            break
    if interest_first:  # payments after accrual ended still pay accrued interest first
        for _, is_payment, amount in changes[i:]:
            apply(amount, is_payment)
    periods = tuple(run.period(currency) for run in runs)
    accrued = numerators[365] / _DIVISOR[365] + numerators[366] / _DIVISOR[366]
    return Accrual(periods, accrued, paid_interest, settled, settled_on)
