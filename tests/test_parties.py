"""Tests of `recouvrement.parties`: creditors, debtors, SIREN/SIRET, public buyers."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings

from recouvrement.errors import (
    InvalidData,
    InvalidParty,
    InvalidType,
    InvalidValue,
    RecouvrementError,
)
from recouvrement.parties import Creditor, Debtor, PartyKind, PublicBuyer
from tests.strategies import creditors, debtors

# 732 829 320 is the SIREN python-stdnum's own documentation uses as a valid example;
# 732 829 320 00074 is the SIRET of one of its establishments (valid Luhn checksum).
SIREN = "732829320"
SIRET = "73282932000074"


@pytest.mark.parametrize("party", [Creditor, Debtor])
def test_valid_siren_and_siret(party: Any) -> None:
    assert party(id="P", name="Acme", kind="professional", siren=SIREN).siren == SIREN
    assert party(id="P", name="Acme", kind="professional", siren=SIRET).siren == SIRET


@pytest.mark.parametrize(
    ("given_value", "compact"),
    [("732 829 320", SIREN), ("732.829.320", SIREN), ("732 829 320 00074", SIRET)],
)
def test_spaces_are_accepted_and_compacted(given_value: str, compact: str) -> None:
    assert Debtor(id="D", name="X", kind="professional", siren=given_value).siren == compact


@pytest.mark.parametrize(
    "bad",
    [
        "123456789",  # checksum
        "732829321",  # checksum
        "73282932000075",  # SIRET checksum
        "7328293",  # too short
        "7328293201",  # 10 digits
        "732829320000",  # 12 digits
        "ABCDEFGHI",  # not digits
        "",
    ],
)
@pytest.mark.parametrize("party", [Creditor, Debtor])
def test_invalid_siren_or_siret(party: Any, bad: str) -> None:
    with pytest.raises(InvalidParty) as info:
        party(id="P", name="Acme", kind="professional", siren=bad)
    assert isinstance(info.value, ValueError)
    assert info.value.field == "siren"
    assert info.value.value == bad
    assert "siren" in str(info.value)


def test_siren_must_be_a_string() -> None:
    with pytest.raises(InvalidType) as info:
        Debtor(id="D", name="X", kind="professional", siren=732829320)
    assert info.value.field == "siren"


@pytest.mark.parametrize("field", ["id", "name"])
@pytest.mark.parametrize("value", ["", "   ", "\n"])
@pytest.mark.parametrize("party", [Creditor, Debtor])
def test_empty_id_or_name_is_refused(party: Any, field: str, value: str) -> None:
    fields = {"id": "P", "name": "Acme", "kind": "professional", field: value}
    with pytest.raises(InvalidParty) as info:
        party(**fields)
    assert info.value.field == field


@pytest.mark.parametrize("field", ["id", "name"])
def test_non_string_id_or_name_is_refused(field: str) -> None:
    fields: dict[str, Any] = {"id": "P", "name": "Acme", "kind": "professional", field: 12}
    with pytest.raises(InvalidType) as info:
        Debtor(**fields)
    assert info.value.field == field


def test_empty_address_is_refused() -> None:
    with pytest.raises(InvalidParty) as info:
        Debtor(id="D", name="X", kind="individual", address=" ")
    assert info.value.field == "address"


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("individual", PartyKind.INDIVIDUAL),
        ("professional", PartyKind.PROFESSIONAL),
        ("public_body", PartyKind.PUBLIC_BODY),
        ("PUBLIC_BODY", PartyKind.PUBLIC_BODY),
        (PartyKind.PROFESSIONAL, PartyKind.PROFESSIONAL),
    ],
)
def test_kind_from_value_string(value: Any, kind: PartyKind) -> None:
    assert Creditor(id="C", name="X", kind=value).kind is kind
    assert Debtor(id="D", name="X", kind=value).kind is kind


@pytest.mark.parametrize("value", ["company", "", None, 1])
def test_unknown_kind_is_refused(value: Any) -> None:
    with pytest.raises(InvalidValue) as info:
        Debtor(id="D", name="X", kind=value)
    assert info.value.field == "kind"


@pytest.mark.parametrize("buyer", list(PublicBuyer))
def test_public_buyer_for_a_public_body(buyer: PublicBuyer) -> None:
    d = Debtor(id="D", name="CHU", kind="public_body", public_buyer=buyer.value)
    assert d.public_buyer is buyer


@pytest.mark.parametrize("kind", ["individual", "professional"])
def test_public_buyer_only_for_a_public_body(kind: str) -> None:
    with pytest.raises(InvalidParty) as info:
        Debtor(id="D", name="X", kind=kind, public_buyer="state")
    assert info.value.field == "public_buyer"


def test_unknown_public_buyer_is_refused() -> None:
    with pytest.raises(InvalidValue) as info:
        Debtor(id="D", name="X", kind="public_body", public_buyer="army")
    assert info.value.field == "public_buyer"


def test_creditor_has_no_public_buyer() -> None:
    with pytest.raises(TypeError):
        Creditor(id="C", name="X", kind="public_body", public_buyer="state")  # type: ignore[call-arg]


@pytest.mark.parametrize(("given_value", "stored"), [("FR", "FR"), ("be", "BE"), ("De", "DE")])
def test_country_code_is_normalised(given_value: str, stored: str) -> None:
    assert Debtor(id="D", name="X", kind="individual", country=given_value).country == stored
    assert Creditor(id="C", name="X", kind="individual", country=given_value).country == stored


def test_country_defaults_to_france() -> None:
    assert Debtor(id="D", name="X", kind="individual").country == "FR"


@pytest.mark.parametrize("bad", ["FRA", "F", "", "F1", "12", "ÉÉ", None, 33])
@pytest.mark.parametrize("party", [Creditor, Debtor])
def test_bad_country_code_is_refused(party: Any, bad: Any) -> None:
    with pytest.raises(InvalidParty) as info:
        party(id="P", name="X", kind="individual", country=bad)
    assert info.value.field == "country"


def test_parties_are_frozen() -> None:
    d = Debtor(id="D", name="X", kind="individual")
    with pytest.raises(AttributeError):
        d.name = "Y"  # type: ignore[misc]


def test_keyword_only() -> None:
    with pytest.raises(TypeError):
        Debtor("D", "X", "individual")  # type: ignore[call-arg]


# -- serialisation ----------------------------------------------------------------------------


def test_full_debtor_round_trip() -> None:
    d = Debtor(
        id="D9",
        name="CHU Nord",
        kind="public_body",
        siren=SIRET,
        country="be",
        address="1 rue X\n1000 Bruxelles",
        public_buyer="health_establishment",
    )
    data = d.to_dict()
    assert data == {
        "id": "D9",
        "name": "CHU Nord",
        "kind": "public_body",
        "siren": SIRET,
        "country": "BE",
        "address": "1 rue X\n1000 Bruxelles",
        "public_buyer": "health_establishment",
    }
    assert Debtor.from_dict(json.loads(json.dumps(data))) == d


def test_minimal_dicts_leave_defaults_out() -> None:
    assert Creditor(id="C", name="X", kind="professional").to_dict() == {
        "id": "C",
        "name": "X",
        "kind": "professional",
    }


@settings(max_examples=40)
@given(creditors())
def test_creditor_round_trip(c: Creditor) -> None:
    assert Creditor.from_dict(json.loads(json.dumps(c.to_dict()))) == c


@settings(max_examples=40)
@given(debtors())
def test_debtor_round_trip(d: Debtor) -> None:
    assert Debtor.from_dict(json.loads(json.dumps(d.to_dict()))) == d


@pytest.mark.parametrize("party", [Creditor, Debtor])
@pytest.mark.parametrize("missing", ["id", "name", "kind"])
def test_missing_field_is_named(party: Any, missing: str) -> None:
    data = {"id": "P", "name": "X", "kind": "professional"}
    del data[missing]
    with pytest.raises(InvalidData) as info:
        party.from_dict(data)
    assert info.value.field == f"{party.__name__}.{missing}"
    assert missing in str(info.value)


@pytest.mark.parametrize("party", [Creditor, Debtor])
def test_unknown_field_is_named(party: Any) -> None:
    with pytest.raises(InvalidData) as info:
        party.from_dict({"id": "P", "name": "X", "kind": "professional", "vat": "FR123"})
    assert info.value.field == f"{party.__name__}.vat"
    assert isinstance(info.value, RecouvrementError)


def test_creditor_dict_refuses_public_buyer() -> None:
    with pytest.raises(InvalidData) as info:
        Creditor.from_dict({"id": "C", "name": "X", "kind": "public_body", "public_buyer": "state"})
    assert info.value.field == "Creditor.public_buyer"


@pytest.mark.parametrize("data", [None, [], "D1", 5])
def test_from_dict_needs_a_mapping(data: Any) -> None:
    with pytest.raises(InvalidData):
        Debtor.from_dict(data)


def test_from_dict_validates_values() -> None:
    with pytest.raises(InvalidParty) as info:
        Debtor.from_dict({"id": "D", "name": "X", "kind": "professional", "siren": "123456789"})
    assert info.value.field == "siren"
