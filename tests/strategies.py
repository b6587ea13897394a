"""Shared hypothesis strategies: money, dates, terms, parties, events and claims.

Claims drawn here are valid by construction: payments, credit notes and events are dated
on or after the issue date, amounts are in the claim's currency.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pendulum
from hypothesis import strategies as st

from recouvrement.claims import Claim, ClaimNature, CreditNote, Payment
from recouvrement.events import (
    Acknowledgment,
    Channel,
    Dispute,
    Event,
    FormalNotice,
    Instalment,
    LegalAction,
    LegalActionKind,
    Mediation,
    PaymentPlan,
    PaymentPromise,
    Reminder,
)
from recouvrement.money import Money
from recouvrement.parties import Creditor, Debtor, PartyKind
from recouvrement.terms import EndOfMonthMethod, PaymentTerms, PenaltyClause

__all__ = [
    "amounts",
    "claims",
    "creditors",
    "currencies",
    "dates",
    "debtors",
    "decimals",
    "events_for",
    "money",
    "payment_terms",
]

MIN_DATE = dt.date(2010, 1, 1)
MAX_DATE = dt.date(2035, 12, 31)

currencies = st.sampled_from(["EUR", "USD", "GBP", "CHF", "JPY"])


def decimals(
    min_value: str = "-1000000", max_value: str = "1000000", places: int = 4
) -> st.SearchStrategy[Decimal]:
    """Finite decimals with at most ``places`` decimal places."""
    return st.decimals(
        min_value=Decimal(min_value),
        max_value=Decimal(max_value),
        places=places,
        allow_nan=False,
        allow_infinity=False,
    )


def amounts(min_value: str = "0.01", max_value: str = "100000") -> st.SearchStrategy[Decimal]:
    """Positive amounts in cents."""
    return decimals(min_value, max_value, places=2)


def money(currency: str | None = None, *, positive: bool = False) -> st.SearchStrategy[Money]:
    """`Money` in ``currency`` (or any of a few currencies)."""
    values = amounts() if positive else decimals(places=4)
    codes = st.just(currency) if currency else currencies
    return st.builds(Money, values, codes)


def dates(
    min_value: dt.date = MIN_DATE, max_value: dt.date = MAX_DATE
) -> st.SearchStrategy[pendulum.Date]:
    """`pendulum.Date` values."""
    return st.dates(min_value=min_value, max_value=max_value).map(
        lambda d: pendulum.Date(d.year, d.month, d.day)
    )


def payment_terms() -> st.SearchStrategy[PaymentTerms]:
    """Any payment terms, with or without a contractual rate and a penalty clause."""
    rate = st.none() | decimals("0", "25", places=2)
    penalty = st.none() | st.builds(PenaltyClause, percent=decimals("1", "20", places=1))
    return st.one_of(
        st.builds(PaymentTerms.net, st.integers(0, 120), late_interest_rate=rate, penalty=penalty),
        st.builds(
            PaymentTerms.end_of_month,
            st.integers(0, 90),
            method=st.sampled_from(list(EndOfMonthMethod)),
            late_interest_rate=rate,
        ),
        st.builds(PaymentTerms.on_receipt),
    )


_ids = st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789-", min_size=1, max_size=10)


def creditors() -> st.SearchStrategy[Creditor]:
    """Creditors of every kind."""
    return st.builds(
        Creditor,
        id=_ids,
        name=st.sampled_from(["Acme SAS", "Jeanne Dupont", "Régie Est"]),
        kind=st.sampled_from(list(PartyKind)),
    )


def debtors() -> st.SearchStrategy[Debtor]:
    """Debtors of every kind."""
    return st.builds(
        Debtor,
        id=_ids,
        name=st.sampled_from(["Martin SARL", "Paul Petit", "Commune de Vienne"]),
        kind=st.sampled_from(list(PartyKind)),
    )


def _after(start: pendulum.Date, max_days: int = 900) -> st.SearchStrategy[pendulum.Date]:
    return st.integers(0, max_days).map(lambda n: start.add(days=n))


@st.composite
def events_for(draw: st.DrawFn, issued_on: pendulum.Date, currency: str) -> Event:
    """One event dated on or after ``issued_on``."""
    start = draw(_after(issued_on))
    later = draw(_after(start, 200))
    kind = draw(st.integers(0, 7))
    if kind == 0:
        return Reminder(
            on=start,
            channel=draw(st.sampled_from(list(Channel))),
            step=draw(st.none() | st.sampled_from(["courteous", "firm"])),
        )
    if kind == 1:
        return FormalNotice(on=start, cure_days=draw(st.none() | st.integers(0, 30)))
    if kind == 2:
        return Acknowledgment(on=start)
    if kind == 3:
        return Dispute(
            opened_on=start,
            closed_on=draw(st.none() | st.just(later)),
            amount=draw(st.none() | st.builds(Money, amounts(), st.just(currency))),
        )
    if kind == 4:
        return PaymentPromise(on=start, promised_for=later)
    if kind == 5:
        n = draw(st.integers(1, 4))
        instalments = [
            Instalment(
                due_on=start.add(days=30 * (i + 1)),
                amount=Money(draw(amounts("1", "1000")), currency),
            )
            for i in range(n)
        ]
        return PaymentPlan(agreed_on=start, instalments=instalments)
    if kind == 6:
        return Mediation(start=start, end=draw(st.none() | st.just(later)))
    return LegalAction(
        kind=draw(st.sampled_from(list(LegalActionKind))),
        filed_on=start,
        served_on=draw(st.none() | st.just(later)),
    )


@st.composite
def claims(
    draw: st.DrawFn,
    /,
    *,
    currency: str | None = None,
    max_payments: int = 4,
    max_events: int = 4,
    nature: ClaimNature | None = None,
    **overrides: Any,
) -> Claim:
    """A valid claim with payments, credit notes and events after its issue date."""
    code = currency or draw(st.sampled_from(["EUR", "EUR", "EUR", "USD"]))
    issued = draw(dates(dt.date(2015, 1, 1), dt.date(2030, 12, 31)))
    amount = Money(draw(amounts("1", "50000")), code)
    terms = draw(st.none() | payment_terms())
    chosen_nature = nature or draw(st.sampled_from(list(ClaimNature)))
    due_on = None
    if terms is None and chosen_nature is not ClaimNature.COMMERCIAL:
        due_on = draw(_after(issued, 90))
    payments = [
        Payment(on=draw(_after(issued)), amount=Money(draw(amounts("0.01", "20000")), code))
        for _ in range(draw(st.integers(0, max_payments)))
    ]
    credit_notes = [
        CreditNote(on=draw(_after(issued)), amount=Money(draw(amounts("0.01", "2000")), code))
        for _ in range(draw(st.integers(0, 1)))
    ]
    events = [draw(events_for(issued, code)) for _ in range(draw(st.integers(0, max_events)))]
    fields: dict[str, Any] = {
        "id": draw(_ids),
        "creditor": draw(creditors()),
        "debtor": draw(debtors()),
        "nature": chosen_nature,
        "amount": amount,
        "issued_on": issued,
        "due_on": due_on,
        "terms": terms,
        "payments": payments,
        "credit_notes": credit_notes,
        "events": events,
    }
    fields.update(overrides)
    return Claim(**fields)
