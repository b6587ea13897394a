"""Tests of `recouvrement.claims`: due dates, balances, lateness, history, serialisation."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recouvrement.claims import Claim, ClaimNature, CreditNote, Payment
from recouvrement.errors import (
    InvalidClaim,
    InvalidData,
    InvalidType,
    InvalidValue,
    RecouvrementError,
)
from recouvrement.events import (
    Dispute,
    FormalNotice,
    Instalment,
    LegalAction,
    PaymentPlan,
    PaymentPromise,
    RecoveryCost,
    Reminder,
)
from recouvrement.money import Money
from recouvrement.parties import Creditor, Debtor
from recouvrement.terms import PaymentTerms
from tests.strategies import claims, dates

ACME = Creditor(id="C1", name="Acme SAS", kind="professional")
MARTIN = Debtor(id="D1", name="Martin SARL", kind="professional")


def D(y: int, m: int, d: int) -> pendulum.Date:
    return pendulum.Date(y, m, d)


def make(**overrides: Any) -> Claim:
    fields: dict[str, Any] = {
        "id": "F-1",
        "creditor": ACME,
        "debtor": MARTIN,
        "nature": "commercial",
        "amount": "1000.00",
        "issued_on": "2025-01-15",
    }
    fields.update(overrides)
    return Claim(**fields)


# -- construction and due date ----------------------------------------------------------------


def test_nature_values() -> None:
    assert {n.value for n in ClaimNature} == {
        "commercial",
        "consumer",
        "civil",
        "residential_rent",
        "commercial_rent",
        "wages",
        "transport",
        "tax",
        "alimony",
        "insurance",
        "public_procurement",
    }


def test_given_due_on_wins() -> None:
    claim = make(due_on="2025-03-01", terms=PaymentTerms.net(30))
    assert claim.due_on == D(2025, 3, 1)
    assert claim.due_basis == "given"


def test_due_on_equal_to_issue_is_fine() -> None:
    assert make(due_on="2025-01-15").due_on == D(2025, 1, 15)


def test_due_on_from_terms() -> None:
    claim = make(terms=PaymentTerms.end_of_month(45, method="eom_then_add"))
    assert claim.due_on == D(2025, 3, 17)
    assert claim.due_basis == "terms"


def test_commercial_legal_default_30_days() -> None:
    # C. com. L441-10 I al. 1: 30 days when nothing is agreed (counted from the invoice date).
    claim = make()
    assert claim.due_on == D(2025, 2, 14)
    assert claim.due_basis == "legal_default"


@pytest.mark.parametrize("nature", [n for n in ClaimNature if n is not ClaimNature.COMMERCIAL])
def test_no_due_date_otherwise(nature: ClaimNature) -> None:
    with pytest.raises(InvalidClaim) as info:
        make(id="X-7", nature=nature)
    assert isinstance(info.value, ValueError)
    assert info.value.field == "due_on"
    assert info.value.claim_id == "X-7"
    assert "X-7" in str(info.value)
    # With terms or a due date the same claim is fine.
    assert make(nature=nature, terms=PaymentTerms.net(15)).due_basis == "terms"
    assert make(nature=nature, due_on="2025-02-01").due_basis == "given"


def test_due_on_before_issued_on() -> None:
    with pytest.raises(InvalidClaim) as info:
        make(id="X-8", due_on="2025-01-14")
    assert info.value.field == "due_on"
    assert info.value.value == D(2025, 1, 14)
    assert info.value.claim_id == "X-8"


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("amount", "0", InvalidClaim),
        ("amount", "-5", InvalidClaim),
        ("amount", 100.0, InvalidType),
        ("amount", "abc", InvalidValue),
        ("id", "", InvalidClaim),
        ("id", " ", InvalidClaim),
        ("id", 12, InvalidType),
        ("nature", "sales", InvalidValue),
        ("issued_on", dt.datetime(2025, 1, 15, 9, 0, tzinfo=dt.UTC), InvalidType),
        ("issued_on", "15/01/2025", InvalidValue),
        ("due_on", dt.datetime(2025, 2, 15, 9, 0, tzinfo=dt.UTC), InvalidType),
        ("creditor", "ACME", InvalidType),
        ("debtor", None, InvalidType),
        ("terms", "30 days", InvalidType),
        ("payments", "x", InvalidType),
        ("payments", 5, InvalidType),
        ("credit_notes", {"on": "2025-02-01"}, InvalidType),
        ("events", "reminder", InvalidType),
        ("reference", 5, InvalidType),
        ("jurisdiction", "FRA", InvalidClaim),
        ("jurisdiction", "ÉÉ", InvalidClaim),
        ("prescription_starts_on", "soon", InvalidValue),
    ],
)
def test_bad_fields(field: str, value: Any, error: type[RecouvrementError]) -> None:
    with pytest.raises(error) as info:
        make(**{field: value})
    assert info.value.field == field


@pytest.mark.parametrize(
    ("field", "item", "where"),
    [
        ("payments", 5, "payments[1]"),
        ("credit_notes", "AV-1", "credit_notes[1]"),
        ("events", Payment(on="2025-02-01", amount="1"), "events[1]"),
    ],
)
def test_bad_items_are_named(field: str, item: Any, where: str) -> None:
    first = {
        "payments": Payment(on="2025-02-01", amount="1"),
        "credit_notes": CreditNote(on="2025-02-01", amount="1"),
        "events": Reminder(on="2025-02-01", channel="email"),
    }[field]
    with pytest.raises(InvalidType) as info:
        make(**{field: [first, item]})
    assert info.value.field == where


def test_payment_and_credit_note_fields() -> None:
    with pytest.raises(InvalidClaim) as info:
        Payment(on="2025-02-01", amount="0")
    assert info.value.field == "amount"
    with pytest.raises(InvalidClaim):
        CreditNote(on="2025-02-01", amount="-1")
    with pytest.raises(InvalidType) as info2:
        Payment(on="2025-02-01", amount="1", reference=7)  # type: ignore[arg-type]
    assert info2.value.field == "reference"
    with pytest.raises(InvalidType):
        Payment(on=dt.datetime(2025, 2, 1, tzinfo=dt.UTC), amount="1")


@pytest.mark.parametrize("field", ["payments", "credit_notes"])
def test_adjustment_before_issue_is_refused(field: str) -> None:
    cls = Payment if field == "payments" else CreditNote
    ok = cls(on="2025-01-15", amount="1")
    early = cls(on="2025-01-14", amount="1")
    with pytest.raises(InvalidClaim) as info:
        make(id="X-9", **{field: [ok, early]})
    assert info.value.field == f"{field}[1].on"
    assert info.value.value == D(2025, 1, 14)
    assert info.value.claim_id == "X-9"


@pytest.mark.parametrize("field", ["payments", "credit_notes"])
def test_adjustment_in_another_currency_is_refused(field: str) -> None:
    cls = Payment if field == "payments" else CreditNote
    with pytest.raises(InvalidClaim) as info:
        make(**{field: [cls(on="2025-02-01", amount=Money("1", "USD"))]})
    assert info.value.field == f"{field}[0].amount"


@pytest.mark.parametrize(
    "event",
    [
        Reminder(on="2025-01-14", channel="email"),
        Dispute(opened_on="2025-01-10", closed_on="2025-02-01"),
        LegalAction(kind="summons", filed_on="2025-01-01", served_on="2025-03-01"),
        PaymentPlan(
            agreed_on="2025-01-01", instalments=[Instalment(due_on="2025-03-01", amount="1")]
        ),
    ],
)
def test_event_before_issue_is_refused(event: Any) -> None:
    with pytest.raises(InvalidClaim) as info:
        make(events=[Reminder(on="2025-02-01", channel="sms"), event])
    assert info.value.field == "events[1]"
    assert "before the claim was issued" in str(info.value)


@pytest.mark.parametrize(
    ("event", "where"),
    [
        (Dispute(opened_on="2025-02-01", amount=Money("100", "USD")), "events[0].amount"),
        (
            PaymentPromise(on="2025-02-01", promised_for="2025-02-10", amount=Money("1", "GBP")),
            "events[0].amount",
        ),
        (RecoveryCost(on="2025-02-01", amount=Money("45", "CHF")), "events[0].amount"),
        (
            PaymentPlan(
                agreed_on="2025-02-01",
                instalments=[Instalment(due_on="2025-03-01", amount=Money("1", "USD"))],
            ),
            "events[0].instalments",
        ),
    ],
)
def test_event_amount_in_another_currency_is_refused(event: Any, where: str) -> None:
    with pytest.raises(InvalidClaim) as info:
        make(events=[event])
    assert info.value.field == where


def test_claims_are_frozen_and_keyword_only() -> None:
    claim = make()
    with pytest.raises(AttributeError):
        claim.amount = Money("1")  # type: ignore[misc]
    with pytest.raises(TypeError):
        Claim("F-1", ACME, MARTIN, "commercial", "1", "2025-01-01")  # type: ignore[call-arg]


def test_records_given_as_dicts_are_read() -> None:
    claim = make(
        creditor=ACME.to_dict(),
        debtor=MARTIN.to_dict(),
        amount={"amount": "10", "currency": "USD"},
        terms={"kind": "net", "days": 10},
        payments=[{"on": "2025-02-01", "amount": {"amount": "4", "currency": "USD"}}],
        events=[{"type": "reminder", "on": "2025-02-01", "channel": "sms"}],
    )
    assert claim.creditor == ACME
    assert claim.currency == "USD"
    assert claim.due_on == D(2025, 1, 25)
    assert claim.payments == (Payment(on="2025-02-01", amount=Money("4", "USD")),)
    assert claim.events == (Reminder(on="2025-02-01", channel="sms"),)


# -- balances ---------------------------------------------------------------------------------


def test_outstanding_ignores_payments_after_as_of() -> None:
    claim = make(
        payments=[
            Payment(on="2025-03-01", amount="200.00"),
            Payment(on="2025-02-01", amount="300.00"),
        ]
    )
    assert claim.outstanding(as_of="2025-01-31") == Money("1000.00")
    assert claim.outstanding(as_of="2025-02-01") == Money("700.00")  # payment day counts
    assert claim.outstanding(as_of="2025-02-28") == Money("700.00")
    assert claim.outstanding(as_of="2025-03-01") == Money("500.00")
    assert claim.paid(as_of="2025-03-01") == Money("500.00")
    assert claim.paid(as_of="2025-01-31") == Money("0", "EUR")


def test_overpayment_is_a_negative_balance() -> None:
    claim = make(
        payments=[
            Payment(on="2025-02-01", amount="1000.00"),
            Payment(on="2025-02-02", amount="25.50"),
        ]
    )
    assert claim.outstanding(as_of="2025-02-02") == Money("-25.50")
    assert claim.is_settled(as_of="2025-02-02")


def test_credit_notes_reduce_the_balance() -> None:
    claim = make(
        credit_notes=[CreditNote(on="2025-01-20", amount="100.00", reference="AV-1")],
        payments=[Payment(on="2025-02-10", amount="900.00")],
    )
    assert claim.outstanding(as_of="2025-01-19") == Money("1000.00")
    assert claim.outstanding(as_of="2025-01-20") == Money("900.00")
    assert claim.credited(as_of="2025-01-20") == Money("100.00")
    assert claim.paid(as_of="2025-01-20") == Money("0")
    assert claim.outstanding(as_of="2025-02-10") == Money("0.00")
    assert claim.is_settled(as_of="2025-02-10")
    assert claim.settled_on() == D(2025, 2, 10)


def test_is_settled_and_settled_on() -> None:
    claim = make(
        payments=[Payment(on="2025-02-20", amount="600"), Payment(on="2025-02-10", amount="400")]
    )
    assert not claim.is_settled(as_of="2025-02-19")
    assert claim.is_settled(as_of="2025-02-20")
    assert claim.settled_on() == D(2025, 2, 20)
    assert make().settled_on() is None
    assert make(payments=[Payment(on="2025-02-20", amount="999.99")]).settled_on() is None


def test_outstanding_keeps_the_currency() -> None:
    claim = make(
        amount=Money("5000", "JPY"), payments=[Payment(on="2025-02-01", amount=Money("1", "JPY"))]
    )
    assert claim.outstanding(as_of="2025-03-01") == Money("4999", "JPY")
    assert claim.currency == "JPY"


def test_days_past_due() -> None:
    claim = make(terms=PaymentTerms.net(30))  # due 14 Feb 2025
    assert claim.due_on == D(2025, 2, 14)
    assert claim.days_past_due(as_of="2025-01-20") == 0
    assert claim.days_past_due(as_of="2025-02-13") == 0
    assert claim.days_past_due(as_of="2025-02-14") == 0  # due today is not overdue
    assert claim.days_past_due(as_of="2025-02-15") == 1
    assert claim.days_past_due(as_of="2025-03-14") == 28
    assert claim.days_past_due(as_of="2026-02-14") == 365
    assert not claim.is_due(as_of="2025-02-14")
    assert claim.is_due(as_of="2025-02-15")
    # Before the claim even exists.
    assert claim.days_past_due(as_of="2024-01-01") == 0


def test_as_of_is_checked() -> None:
    claim = make()
    for method in (claim.outstanding, claim.days_past_due, claim.is_settled, claim.paid):
        with pytest.raises(InvalidType) as info:
            method(as_of=dt.datetime(2025, 3, 1, 10, 0, tzinfo=dt.UTC))
        assert info.value.field == "as_of"
        with pytest.raises(InvalidValue) as info2:
            method(as_of="1 March 2025")
        assert info2.value.field == "as_of"
        assert method(as_of=dt.date(2025, 3, 1)) == method(as_of="2025-03-01")


# -- history ----------------------------------------------------------------------------------


def test_events_of_filters_and_orders() -> None:
    notice = FormalNotice(on="2025-04-02", cure_days=8)
    late = Reminder(on="2025-03-07", channel="phone", step="firm")
    early = Reminder(on="2025-02-21", channel="email", step="courteous")
    dispute = Dispute(opened_on="2025-03-01", closed_on="2025-05-01")
    claim = make(events=[notice, late, dispute, early])
    assert claim.events == (notice, late, dispute, early)  # kept as given
    assert claim.events_of(Reminder) == (early, late)
    assert claim.events_of(Reminder, as_of="2025-03-06") == (early,)
    assert claim.events_of(Reminder, as_of="2025-03-07") == (early, late)
    assert claim.events_of(Reminder, as_of="2025-02-20") == ()
    assert claim.events_of((Reminder, FormalNotice)) == (early, late, notice)
    # A dispute counts from its opening date.
    assert claim.events_of(Dispute, as_of="2025-03-01") == (dispute,)
    assert claim.events_of(LegalAction) == ()
    with pytest.raises(InvalidValue):
        claim.events_of(Reminder, as_of="soon")


# -- serialisation ----------------------------------------------------------------------------


def test_to_dict_layout() -> None:
    claim = make(payments=[Payment(on="2025-02-01", amount="1", reference="VIR-1")])
    assert claim.to_dict() == {
        "id": "F-1",
        "creditor": {"id": "C1", "name": "Acme SAS", "kind": "professional"},
        "debtor": {"id": "D1", "name": "Martin SARL", "kind": "professional"},
        "nature": "commercial",
        "amount": {"amount": "1000.00", "currency": "EUR"},
        "issued_on": "2025-01-15",
        "payments": [
            {"on": "2025-02-01", "amount": {"amount": "1", "currency": "EUR"}, "reference": "VIR-1"}
        ],
    }


def test_derived_due_on_is_not_written_given_one_is() -> None:
    assert "due_on" not in make(terms=PaymentTerms.net(30)).to_dict()
    assert make(due_on="2025-02-14").to_dict()["due_on"] == "2025-02-14"
    same = make(due_on="2025-02-14")
    back = Claim.from_dict(same.to_dict())
    assert back.due_basis == "given"
    assert back == same


def test_from_dict_errors() -> None:
    data = make().to_dict()
    with pytest.raises(InvalidData) as info:
        Claim.from_dict({**data, "priority": "high"})
    assert info.value.field == "Claim.priority"
    missing = dict(data)
    del missing["issued_on"]
    with pytest.raises(InvalidData) as info:
        Claim.from_dict(missing)
    assert info.value.field == "Claim.issued_on"
    with pytest.raises(InvalidData) as info:
        Claim.from_dict({**data, "payments": "none"})
    assert info.value.field == "payments"
    with pytest.raises(InvalidData) as info:
        Claim.from_dict(
            {**data, "payments": [{"on": "2025-02-01", "amount": {"amount": "1"}, "x": 1}]}
        )
    assert info.value.field == "Payment.x"
    with pytest.raises(InvalidData) as info:
        Claim.from_dict({**data, "events": [{"type": "fax", "on": "2025-02-01"}]})
    assert info.value.field == "event.type"
    with pytest.raises(InvalidData) as info:
        Claim.from_dict({**data, "debtor": {"id": "D", "name": "X"}})
    assert info.value.field == "Debtor.kind"
    with pytest.raises(InvalidData):
        Claim.from_dict([data])


def test_from_dict_validates() -> None:
    data = make().to_dict()
    with pytest.raises(InvalidClaim) as info:
        Claim.from_dict({**data, "payments": [{"on": "2025-01-01", "amount": {"amount": "1"}}]})
    assert info.value.field == "payments[0].on"


# -- properties -------------------------------------------------------------------------------


def _expected_outstanding(claim: Claim, as_of: pendulum.Date) -> Decimal:
    total = claim.amount.amount
    for note in claim.credit_notes:
        if note.on <= as_of:
            total -= note.amount.amount
    for payment in claim.payments:
        if payment.on <= as_of:
            total -= payment.amount.amount
    return total


@settings(max_examples=80)
@given(claims(), dates())
def test_outstanding_is_amount_less_adjustments_up_to_as_of(
    claim: Claim, as_of: pendulum.Date
) -> None:
    outstanding = claim.outstanding(as_of=as_of)
    assert outstanding.currency == claim.currency
    assert outstanding.amount == _expected_outstanding(claim, as_of)
    assert claim.is_settled(as_of=as_of) == (outstanding.amount <= 0)
    paid = sum((p.amount.amount for p in claim.payments if p.on <= as_of), Decimal(0))
    assert claim.paid(as_of=as_of).amount == paid


@settings(max_examples=60)
@given(claims())
def test_settled_on_is_the_first_day_settled(claim: Claim) -> None:
    settled = claim.settled_on()
    days = sorted({p.on for p in claim.payments} | {c.on for c in claim.credit_notes})
    first = next((day for day in days if _expected_outstanding(claim, day) <= 0), None)
    assert settled == first


@settings(max_examples=80)
@given(claims(), dates())
def test_days_past_due_property(claim: Claim, as_of: pendulum.Date) -> None:
    days = claim.days_past_due(as_of=as_of)
    assert days >= 0
    assert days == max(0, (as_of - claim.due_on).in_days())
    assert claim.due_on >= claim.issued_on


@settings(max_examples=60)
@given(claims(), dates())
def test_events_of_is_filtered_and_sorted(claim: Claim, as_of: pendulum.Date) -> None:
    kinds = tuple({type(e) for e in claim.events}) or (Reminder,)
    found = claim.events_of(kinds, as_of=as_of)
    assert [e.date for e in found] == sorted(e.date for e in found)
    assert all(e.date <= as_of for e in found)
    assert len(found) == sum(1 for e in claim.events if e.date <= as_of)


@settings(max_examples=80)
@given(claims())
def test_dict_round_trip(claim: Claim) -> None:
    assert Claim.from_dict(claim.to_dict()) == claim
    back = Claim.from_dict(json.loads(json.dumps(claim.to_dict())))
    assert back == claim
    assert back.due_on == claim.due_on
    assert back.due_basis == claim.due_basis
    assert back.to_dict() == claim.to_dict()


@settings(max_examples=40)
@given(claims(nature=ClaimNature.COMMERCIAL, terms=None, due_on=None), st.integers(0, 2000))
def test_commercial_default_is_30_days(claim: Claim, offset: int) -> None:
    assert claim.due_basis == "legal_default"
    assert (claim.due_on - claim.issued_on).in_days() == 30
    as_of = claim.issued_on.add(days=offset)
    assert claim.days_past_due(as_of=as_of) == max(0, offset - 30)


# -- issue #15: the light representation gives the same answers ------------------------------


def _light_claim(payments: Any, credit_notes: Any = ()) -> Claim:
    return Claim(
        id="F-15",
        creditor=Creditor(id="C", name="Acme SAS", kind="professional"),
        debtor=Debtor(id="D", name="Client", kind="professional"),
        nature="commercial",
        amount=Money("100.00"),
        issued_on="2025-01-01",
        due_on="2025-01-31",
        payments=payments,
        credit_notes=credit_notes,
    )


def test_adjustments_out_of_order_are_applied_by_date() -> None:
    late = Payment(on="2025-03-01", amount=Money("60.00"))
    early = Payment(on="2025-02-01", amount=Money("30.00"))
    note = CreditNote(on="2025-01-15", amount=Money("10.00"))
    claim = _light_claim((late, early), (note,))
    assert claim.outstanding(as_of="2025-01-20") == Money("90.00")
    assert claim.outstanding(as_of="2025-02-01") == Money("60.00")
    assert claim.settled_on() == pendulum.Date(2025, 3, 1)
    assert _light_claim((early, late)).settled_on() is None  # 90 of 100 paid


def test_a_tuple_of_payments_is_kept_and_bad_items_still_refused() -> None:
    payments = (Payment(on="2025-02-01", amount=Money("30.00")),)
    assert _light_claim(payments).payments is payments
    converted = _light_claim(({"on": "2025-02-01", "amount": "30.00"},)).payments
    assert converted == payments
    with pytest.raises(InvalidType, match=r"payments\[1\]"):
        _light_claim((payments[0], "30.00"))


def test_equal_dates_and_codes_are_shared_objects() -> None:
    first = _light_claim(())
    second = _light_claim(())
    assert first.issued_on is second.issued_on
    assert first.currency is second.currency
    assert first.jurisdiction is second.jurisdiction
    assert type(first.issued_on) is pendulum.Date
