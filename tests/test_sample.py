"""Tests of `recouvrement.sample`: the shipped portfolio and the synthetic generator."""

from __future__ import annotations

import json
import re
from collections import Counter
from importlib import resources
from typing import Any

import pendulum
import pytest

from recouvrement.claims import Claim, ClaimNature
from recouvrement.errors import InvalidType, InvalidValue, RecouvrementError
from recouvrement.events import FormalNotice, PaymentPlan, PaymentPromise, Reminder
from recouvrement.money import Money
from recouvrement.parties import PartyKind
from recouvrement.sample import (
    SAMPLE_AS_OF,
    SamplePortfolio,
    generate_claims,
    load_sample,
    sample_claim,
)


@pytest.fixture(scope="module")
def sample() -> SamplePortfolio:
    return load_sample()


def test_size(sample: SamplePortfolio) -> None:
    assert sample.as_of == SAMPLE_AS_OF == pendulum.Date(2026, 3, 31)
    assert 180 <= len(sample.claims) <= 220
    assert len({c.debtor.id for c in sample.claims}) == 40
    assert len({c.id for c in sample.claims}) == len(sample.claims)
    assert sample.description


def test_every_nature_and_kind(sample: SamplePortfolio) -> None:
    assert {c.nature for c in sample.claims} == set(ClaimNature)
    assert {c.debtor.kind for c in sample.claims} == set(PartyKind)
    assert {c.creditor.kind for c in sample.claims} == set(PartyKind)


def test_payments_credit_notes_and_many_event_types(sample: SamplePortfolio) -> None:
    assert sum(len(c.payments) for c in sample.claims) >= 50
    assert any(c.credit_notes for c in sample.claims)
    kinds = Counter(type(e) for c in sample.claims for e in c.events)
    assert len(kinds) >= 10
    for kind in (Reminder, FormalNotice, PaymentPromise, PaymentPlan):
        assert kinds[kind] > 0
    # A mix of settled, partly paid and unpaid claims.
    settled = sum(c.is_settled(as_of=sample.as_of) for c in sample.claims)
    assert 0 < settled < len(sample.claims)
    partly = [c for c in sample.claims if c.payments and not c.is_settled(as_of=sample.as_of)]
    assert partly


def test_nothing_happens_after_as_of(sample: SamplePortfolio) -> None:
    as_of = sample.as_of
    for claim in sample.claims:
        assert claim.issued_on <= as_of
        assert all(p.on <= as_of for p in claim.payments), claim.id
        assert all(c.on <= as_of for c in claim.credit_notes), claim.id
        for event in claim.events:
            assert event.date <= as_of, (claim.id, event)
            # Only what is scheduled may lie ahead: instalments and promised dates.
            past = (
                [event.date] if isinstance(event, PaymentPlan | PaymentPromise) else event.dates()
            )
            assert all(day <= as_of for day in past), (claim.id, event)


def test_every_claim_is_valid_and_consistent(sample: SamplePortfolio) -> None:
    for claim in sample.claims:
        assert claim.currency == "EUR"
        assert claim.amount.is_rounded
        assert claim.due_on >= claim.issued_on
        # Payments never exceed the invoice amount; a debtor who paid the full invoice
        # after a credit note has a negative balance (kept, never dropped).
        paid = claim.paid(as_of=sample.as_of)
        assert Money.zero() <= paid <= claim.amount
        outstanding = claim.outstanding(as_of=sample.as_of)
        assert outstanding <= claim.amount
        assert outstanding >= -claim.credited(as_of=sample.as_of)


def test_shipped_file_is_the_generator_output(sample: SamplePortfolio) -> None:
    regenerated = generate_claims(200, seed=2025, debtors=40, as_of=SAMPLE_AS_OF)
    assert [c.to_dict() for c in regenerated] == [c.to_dict() for c in sample.claims]
    assert regenerated == sample.claims


def test_shipped_file_is_plain_json() -> None:
    text = resources.files("recouvrement").joinpath("data/sample_portfolio.json").read_text("utf-8")
    data = json.loads(text)
    assert data["as_of"] == "2026-03-31"
    assert SamplePortfolio.from_dict(data) == load_sample()


def test_load_sample_is_cached() -> None:
    assert load_sample() is load_sample()


def test_generator_is_deterministic() -> None:
    assert generate_claims(30, seed=1) == generate_claims(30, seed=1)
    assert generate_claims(30, seed=1) != generate_claims(30, seed=2)
    # The same arguments always give the same output, however as_of is spelt.
    assert generate_claims(10, seed=3, as_of="2025-06-30") == generate_claims(
        10, seed=3, as_of=pendulum.Date(2025, 6, 30)
    )


def test_generator_respects_its_arguments() -> None:
    claims = generate_claims(37, seed=5, debtors=7, as_of="2025-12-31", history_days=100)
    assert len(claims) == 37
    assert len({c.debtor.id for c in claims}) == 7
    end = pendulum.Date(2025, 12, 31)
    for claim in claims:
        assert isinstance(claim, Claim)
        assert (end - claim.issued_on).in_days() <= 100
        assert all(p.on <= end for p in claim.payments)
        assert all(e.date <= end for e in claim.events)
    assert generate_claims(0) == ()
    assert len({c.debtor.id for c in generate_claims(12)}) == 2  # one debtor per 5 claims


@pytest.mark.parametrize(
    ("kwargs", "field", "error"),
    [
        ({"n": -1}, "n", InvalidValue),
        ({"n": 2.5}, "n", InvalidType),
        ({"n": "10"}, "n", InvalidType),
        ({"n": True}, "n", InvalidType),
        ({"n": 5, "debtors": 0}, "debtors", InvalidValue),
        ({"n": 5, "debtors": -3}, "debtors", InvalidValue),
        ({"n": 5, "debtors": 2.0}, "debtors", InvalidType),
        ({"n": 5, "history_days": 5}, "history_days", InvalidValue),
        ({"n": 5, "as_of": "31/12/2025"}, "as_of", InvalidValue),
    ],
)
def test_generator_rejects_bad_arguments(
    kwargs: dict[str, Any], field: str, error: type[RecouvrementError]
) -> None:
    with pytest.raises(error) as info:
        generate_claims(**kwargs)
    assert info.value.field == field


def test_sample_claim() -> None:
    claim = sample_claim()
    assert claim.amount == Money("1500.00")
    assert claim.due_on == pendulum.Date(2025, 2, 14)
    assert claim.days_past_due(as_of="2025-06-30") == 136
    assert claim.outstanding(as_of="2025-06-30") == Money("1500.00")
    assert [type(e) for e in claim.events_of((Reminder, FormalNotice))] == [
        Reminder,
        Reminder,
        FormalNotice,
    ]
    assert sample_claim() == claim


def test_sample_debtor_names_are_unique_and_grammatical(sample: SamplePortfolio) -> None:
    names = {claim.debtor.id: claim.debtor.name for claim in sample.claims}
    assert len(set(names.values())) == len(names)
    # French elision before a vowel: "Régie d'Annecy", never "Régie de Annecy".
    assert not [n for n in names.values() if re.search(r"\bde [AEIOUYÉ]", n)]
    assert "Régie d'Annecy" in names.values()
