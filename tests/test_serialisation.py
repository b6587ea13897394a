"""Serialisation of every record: JSON-compatible, no floats, lossless, strict on reading."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from enum import Enum
from typing import Any

import pendulum
import pytest
from hypothesis import given, settings

from recouvrement._serde import check_keys, read_list, to_jsonable
from recouvrement.claims import Claim, CreditNote, Payment
from recouvrement.errors import InvalidData, InvalidType
from recouvrement.events import EVENT_TYPES, Instalment, event_from_dict
from recouvrement.explain import Citation, Reason
from recouvrement.money import Money
from recouvrement.parties import Creditor, Debtor
from recouvrement.sample import SamplePortfolio, load_sample, sample_claim
from recouvrement.terms import PaymentTerms, PenaltyClause
from tests.strategies import claims, payment_terms

_ISO_DATE = "^\\d{4}-\\d{2}-\\d{2}$"


def _walk(value: Any, path: str = "") -> list[tuple[str, Any]]:
    """Every leaf of a JSON-like structure with its path."""
    if isinstance(value, dict):
        return [leaf for key, item in value.items() for leaf in _walk(item, f"{path}.{key}")]
    if isinstance(value, list):
        return [leaf for i, item in enumerate(value) for leaf in _walk(item, f"{path}[{i}]")]
    return [(path, value)]


def assert_json_compatible(data: Any) -> None:
    """Only dict, list, str, int, bool and None; no float; dates and amounts as strings."""
    import re

    for path, leaf in _walk(data):
        assert leaf is None or type(leaf) in (str, int, bool), (path, leaf)
        assert not isinstance(leaf, float), path
        key = path.rsplit(".", 1)[-1]
        if key in {
            "on",
            "issued_on",
            "due_on",
            "opened_on",
            "closed_on",
            "filed_on",
            "served_on",
            "agreed_on",
            "start",
            "end",
            "promised_for",
            "as_of",
        }:
            assert isinstance(leaf, str), (path, leaf)
            assert re.match(_ISO_DATE, leaf), (path, leaf)
        if key == "amount":  # inside a Money dict
            assert isinstance(leaf, str), (path, leaf)
            Decimal(leaf)
    assert json.loads(json.dumps(data)) == data


def _records() -> list[Any]:
    from tests.test_events import _full

    return [
        Money("12.30", "USD"),
        Creditor(id="C", name="Acme", kind="professional", siren="732829320"),
        Debtor(id="D", name="CHU", kind="public_body", public_buyer="state", country="BE"),
        PaymentTerms.end_of_month(
            45,
            method="eom_then_add",
            late_interest_rate="10.5",
            penalty=PenaltyClause(percent="10"),
        ),
        PaymentTerms.net(30, penalty=PenaltyClause(amount="100")),
        PenaltyClause(amount=Money("40")),
        Payment(on="2025-02-01", amount="10.10", reference="VIR"),
        CreditNote(on="2025-02-01", amount="5"),
        Instalment(due_on="2025-02-01", amount="5"),
        Citation("C. com.", "L441-10", note="II"),
        sample_claim(),
        *[cls(**kwargs) for cls, kwargs in _full(lambda d: d).items()],
    ]


@pytest.mark.parametrize("record", _records(), ids=lambda r: type(r).__name__)
def test_every_record_is_json_compatible_and_lossless(record: Any) -> None:
    data = record.to_dict()
    assert isinstance(data, dict)
    assert_json_compatible(data)
    read = event_from_dict if type(record) in EVENT_TYPES.values() else type(record).from_dict
    assert read(json.loads(json.dumps(data))) == record


def test_reason_to_dict_is_json_compatible() -> None:
    reason = Reason(
        "x.y",
        "A message",
        citation=Citation("C. civ.", "1231-6"),
        facts={"on": pendulum.Date(2025, 1, 1), "rate": Decimal("3.5"), "amount": Money("1.5")},
    )
    data = reason.to_dict()
    assert data["facts"] == {
        "on": "2025-01-01",
        "rate": "3.5",
        "amount": {"amount": "1.5", "currency": "EUR"},
    }
    assert_json_compatible(data)


@settings(max_examples=80)
@given(claims())
def test_claim_round_trip_through_json(claim: Claim) -> None:
    data = claim.to_dict()
    assert_json_compatible(data)
    back = Claim.from_dict(json.loads(json.dumps(data)))
    assert back == claim
    assert back.to_dict() == data


@settings(max_examples=60)
@given(payment_terms())
def test_terms_round_trip_through_json(terms: PaymentTerms) -> None:
    data = terms.to_dict()
    assert_json_compatible(data)
    assert PaymentTerms.from_dict(json.loads(json.dumps(data))) == terms


def test_amount_digits_are_kept() -> None:
    m = Money("1.10")
    assert m.to_dict()["amount"] == "1.10"
    assert str(Money.from_dict(m.to_dict()).amount) == "1.10"
    assert Money.from_dict(Money("1E+3").to_dict()).amount == Decimal(1000)


def test_sample_portfolio_round_trip() -> None:
    sample = load_sample()
    data = sample.to_dict()
    assert_json_compatible(data)
    assert SamplePortfolio.from_dict(json.loads(json.dumps(data))) == sample


# -- strict reading ---------------------------------------------------------------------------


_READERS: list[tuple[Any, dict[str, Any], str]] = [
    (Money.from_dict, {"amount": "1"}, "Money"),
    (Creditor.from_dict, {"id": "C", "name": "X", "kind": "professional"}, "Creditor"),
    (Debtor.from_dict, {"id": "D", "name": "X", "kind": "professional"}, "Debtor"),
    (PaymentTerms.from_dict, {"kind": "net", "days": 30}, "PaymentTerms"),
    (PenaltyClause.from_dict, {"percent": "5"}, "PenaltyClause"),
    (Payment.from_dict, {"on": "2025-01-01", "amount": {"amount": "1"}}, "Payment"),
    (CreditNote.from_dict, {"on": "2025-01-01", "amount": {"amount": "1"}}, "CreditNote"),
    (Instalment.from_dict, {"due_on": "2025-01-01", "amount": {"amount": "1"}}, "Instalment"),
    (Citation.from_dict, {"code": "C. civ.", "article": "2240"}, "Citation"),
    (event_from_dict, {"type": "reminder", "on": "2025-01-01", "channel": "sms"}, "Reminder"),
    (Claim.from_dict, sample_claim().to_dict(), "Claim"),
    (SamplePortfolio.from_dict, {"as_of": "2025-01-01", "claims": []}, "portfolio"),
]


@pytest.mark.parametrize(
    ("read", "data", "where"), _READERS, ids=lambda x: getattr(x, "__qualname__", "")
)
def test_unknown_field_is_named(read: Any, data: dict[str, Any], where: str) -> None:
    read(data)  # the base data is valid
    with pytest.raises(InvalidData) as info:
        read({**data, "surprise": 1})
    assert info.value.field == f"{where}.surprise"
    assert "surprise" in str(info.value)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    ("read", "data", "where"), _READERS, ids=lambda x: getattr(x, "__qualname__", "")
)
def test_missing_required_field_is_named(read: Any, data: dict[str, Any], where: str) -> None:
    required = {
        "Money": "amount",
        "Creditor": "id",
        "Debtor": "name",
        "PaymentTerms": "kind",
        "Payment": "on",
        "CreditNote": "amount",
        "Instalment": "due_on",
        "Citation": "article",
        "Reminder": "channel",
        "Claim": "creditor",
        "portfolio": "claims",
    }
    if where not in required:  # PenaltyClause: both fields optional, one-of checked on build
        return
    key = required[where]
    partial = {k: v for k, v in data.items() if k != key}
    with pytest.raises(InvalidData) as info:
        read(partial)
    assert info.value.field == f"{where}.{key}"
    assert "missing" in str(info.value)


@pytest.mark.parametrize(
    ("read", "data", "where"), _READERS, ids=lambda x: getattr(x, "__qualname__", "")
)
def test_non_mapping_is_refused(read: Any, data: dict[str, Any], where: str) -> None:
    with pytest.raises(InvalidData):
        read([data])


# -- the helpers ------------------------------------------------------------------------------


class _Colour(Enum):
    RED = "red"


def test_to_jsonable() -> None:
    assert to_jsonable(
        {
            "on": pendulum.Date(2025, 1, 31),
            "d": dt.date(2025, 2, 1),
            "rate": Decimal("12.15"),
            "n": 3,
            "ok": True,
            "none": None,
            "colour": _Colour.RED,
            "items": (1, Money("2")),
        }
    ) == {
        "on": "2025-01-31",
        "d": "2025-02-01",
        "rate": "12.15",
        "n": 3,
        "ok": True,
        "none": None,
        "colour": "red",
        "items": [1, {"amount": "2", "currency": "EUR"}],
    }


def test_to_jsonable_refuses_floats() -> None:
    with pytest.raises(InvalidType):
        to_jsonable({"x": 0.5})


def test_check_keys_and_read_list() -> None:
    check_keys({"a": 1}, required=("a",), optional=("b",), where="W")
    with pytest.raises(InvalidData) as info:
        check_keys({"a": 1, "c": 2}, required=("a",), where="W")
    assert info.value.field == "W.c"
    with pytest.raises(InvalidData) as info:
        check_keys({}, required=("a",), where="W")
    assert info.value.field == "W.a"
    assert read_list([1, 2], "xs", lambda x: x * 2) == (2, 4)
    with pytest.raises(InvalidData) as info:
        read_list({"a": 1}, "xs", lambda x: x)
    assert info.value.field == "xs"
