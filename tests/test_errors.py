"""Tests of `recouvrement.errors`: one root, builtin bases, structured fields, clear messages."""

from __future__ import annotations

import inspect
from typing import Any

import pytest

from recouvrement import errors
from recouvrement.errors import (
    CurrencyMismatch,
    InsufficientHistory,
    InvalidClaim,
    InvalidData,
    InvalidEvent,
    InvalidMoney,
    InvalidParty,
    InvalidPolicy,
    InvalidTerms,
    InvalidType,
    InvalidValue,
    MissingDependency,
    RateNotPublished,
    RecouvrementError,
    UnsupportedJurisdiction,
)

BUILTIN = {
    InvalidValue: ValueError,
    InvalidType: TypeError,
    InvalidMoney: ValueError,
    CurrencyMismatch: ValueError,
    InvalidParty: ValueError,
    InvalidTerms: ValueError,
    InvalidEvent: ValueError,
    InvalidClaim: ValueError,
    InvalidData: ValueError,
    InvalidPolicy: ValueError,
    RateNotPublished: LookupError,
    InsufficientHistory: ValueError,
    UnsupportedJurisdiction: LookupError,
    MissingDependency: ImportError,
}

EXAMPLES: dict[type, Any] = {
    InvalidValue: lambda: InvalidValue("days", -1, "must not be negative"),
    InvalidType: lambda: InvalidType("amount", 1.5, "Decimal"),
    InvalidMoney: lambda: InvalidMoney("currency", "XYZ", "unknown code"),
    CurrencyMismatch: lambda: CurrencyMismatch("EUR", "USD", operation="add"),
    InvalidParty: lambda: InvalidParty("siren", "123", "bad checksum"),
    InvalidTerms: lambda: InvalidTerms("method", "x", "unknown"),
    InvalidEvent: lambda: InvalidEvent("closed_on", "2025-01-01", "before opened_on"),
    InvalidClaim: lambda: InvalidClaim("due_on", None, "no due date", claim_id="F-1"),
    InvalidData: lambda: InvalidData("Claim.foo", 1, "unknown field"),
    InvalidPolicy: lambda: InvalidPolicy("delay_days", -3, "negative", step="firm"),
    RateNotPublished: lambda: RateNotPublished(
        "ECB MRO", "2030-01-01", period="2030 S1", hint="pass your own RateTable"
    ),
    InsufficientHistory: lambda: InsufficientHistory(
        "ran out of months", days_counted=42, field="history"
    ),
    UnsupportedJurisdiction: lambda: UnsupportedJurisdiction("DE"),
    MissingDependency: lambda: MissingDependency("the columnar path", extra="frames"),
}


def test_every_exception_in_the_module_is_covered() -> None:
    declared = {
        obj
        for _, obj in inspect.getmembers(errors, inspect.isclass)
        if issubclass(obj, Exception) and obj.__module__ == errors.__name__
    }
    assert declared == set(BUILTIN) | {RecouvrementError}
    assert set(errors.__all__) == {cls.__name__ for cls in declared}
    assert set(EXAMPLES) == set(BUILTIN)


@pytest.mark.parametrize("cls", list(BUILTIN), ids=lambda c: c.__name__)
def test_every_leaf_subclasses_the_root_and_its_builtin(cls: type) -> None:
    assert issubclass(cls, RecouvrementError)
    assert issubclass(cls, BUILTIN[cls])
    exc = EXAMPLES[cls]()
    assert isinstance(exc, cls)
    assert isinstance(exc, RecouvrementError)
    assert isinstance(exc, BUILTIN[cls])
    # Catchable by the builtin too.
    with pytest.raises(BUILTIN[cls]):
        raise exc


@pytest.mark.parametrize("cls", list(BUILTIN), ids=lambda c: c.__name__)
def test_structured_fields_and_message(cls: type) -> None:
    exc = EXAMPLES[cls]()
    assert hasattr(exc, "field")
    assert hasattr(exc, "value")
    assert exc.message == str(exc)
    assert exc.message


def test_value_errors_name_field_and_value() -> None:
    exc = InvalidValue("days", -1, "must not be negative")
    assert (exc.field, exc.value, exc.problem) == ("days", -1, "must not be negative")
    assert str(exc) == "days=-1: must not be negative"


def test_invalid_type_names_expected_and_actual() -> None:
    exc = InvalidType("amount", 1.5, "Decimal")
    assert exc.expected == "Decimal"
    assert str(exc) == "amount=1.5: expected Decimal, got float"


def test_currency_mismatch_fields() -> None:
    exc = CurrencyMismatch("EUR", "USD", operation="add")
    assert exc.currencies == ("EUR", "USD")
    assert exc.field == "currency"
    assert exc.value == ("EUR", "USD")
    assert str(exc) == "cannot add amounts in EUR and USD: convert them first"


def test_invalid_claim_carries_the_claim_id() -> None:
    exc = InvalidClaim("due_on", None, "no due date", claim_id="F-1")
    assert exc.claim_id == "F-1"
    assert str(exc) == "due_on=None: claim 'F-1': no due date"
    assert InvalidClaim("amount", 0, "must be positive").claim_id is None


def test_invalid_policy_carries_the_step() -> None:
    exc = InvalidPolicy("delay_days", -3, "negative", step="firm")
    assert exc.step == "firm"
    assert "step 'firm'" in str(exc)


def test_rate_not_published_fields() -> None:
    exc = RateNotPublished(
        "ECB MRO", "2030-01-01", period="2030 S1", hint="pass your own RateTable"
    )
    assert (exc.table, exc.on, exc.period) == ("ECB MRO", "2030-01-01", "2030 S1")
    assert exc.field == "on"
    assert (
        str(exc) == "ECB MRO: no published rate for 2030-01-01 (2030 S1); pass your own RateTable"
    )


def test_insufficient_history_fields() -> None:
    exc = InsufficientHistory("ran out", days_counted=42, field="history")
    assert exc.days_counted == 42
    assert exc.value == 42


def test_unsupported_jurisdiction_fields() -> None:
    exc = UnsupportedJurisdiction("DE")
    assert exc.jurisdiction == "DE"
    assert exc.field == "jurisdiction"
    assert "'DE'" in str(exc)


def test_field_less_error() -> None:
    exc = InvalidValue(None, None, "something is wrong")
    assert str(exc) == "something is wrong"
    assert exc.field is None


def test_root_error() -> None:
    exc = RecouvrementError("plain")
    assert exc.message == "plain"
    assert exc.field is None
    assert exc.value is None


def test_unchecked_reason_equals_a_validated_one() -> None:
    # Reason._unchecked is the hot-path constructor of interest and prescription: it must
    # build exactly what the validated constructor builds, field for field.
    from recouvrement import Citation, Reason

    citation = Citation("C. com.", "L441-10", note="II")
    fast = Reason._unchecked("a.b", "text", citation=citation, facts={"rate": 1})
    slow = Reason("a.b", "text", citation=citation, facts={"rate": 1})
    assert fast == slow
    assert fast.facts == slow.facts
    assert {f.name for f in Reason.__attrs_attrs__} == {"code", "message", "citation", "facts"}
    assert Reason._unchecked("c", "m").facts == {}


def test_errors_pickle_with_their_fields() -> None:
    """Errors cross process pools (`recouvrement.batch`): class, message and fields kept."""
    import pickle

    from recouvrement.interest import late_interest
    from recouvrement.money import Money
    from recouvrement.sample import sample_claim

    raised: list[RecouvrementError] = []
    for attempt in (
        lambda: Money("1", "EURO"),
        lambda: Money(1.5),
        lambda: late_interest(sample_claim(), as_of="2099-01-01"),
    ):
        with pytest.raises(RecouvrementError) as caught:
            attempt()
        raised.append(caught.value)
    for error in raised:
        back = pickle.loads(pickle.dumps(error))
        assert type(back) is type(error)
        assert (str(back), back.field, repr(back.value)) == (
            str(error),
            error.field,
            repr(error.value),
        )
        assert vars(back).keys() == vars(error).keys()
