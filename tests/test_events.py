"""Tests of `recouvrement.events`: dated, immutable, validated, serialisable."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pendulum
import pytest

from recouvrement.errors import (
    InvalidData,
    InvalidEvent,
    InvalidType,
    InvalidValue,
    RecouvrementError,
)
from recouvrement.events import (
    EVENT_TYPES,
    Acknowledgment,
    AgencyHandover,
    Cancellation,
    Channel,
    ClaimDeclaration,
    CourtInquiry,
    DeliverySuspension,
    Dispute,
    DisputeOutcome,
    EnforcementAct,
    ForceMajeure,
    FormalNotice,
    InsolvencyKind,
    InsolvencyProceeding,
    Instalment,
    Judgment,
    LegalAction,
    LegalActionKind,
    Mediation,
    OverIndebtedness,
    PaymentPlan,
    PaymentPromise,
    RecoveryCost,
    Reminder,
    WriteOff,
    event_from_dict,
)
from recouvrement.money import Money

D1, D2, D3 = dt.date(2025, 3, 1), dt.date(2025, 3, 20), dt.date(2025, 4, 15)


def _full(d: Callable[[dt.date], Any]) -> dict[type, dict[str, Any]]:
    """Keyword arguments for one fully populated event of each class, dates through ``d``."""
    return {
        Reminder: {"on": d(D1), "channel": "registered_letter", "step": "firm"},
        FormalNotice: {"on": d(D1), "cure_days": 8},
        Acknowledgment: {"on": d(D1)},
        Dispute: {
            "opened_on": d(D1),
            "closed_on": d(D2),
            "amount": Money("120.00"),
            "outcome": "credit_note",
        },
        PaymentPromise: {"on": d(D1), "promised_for": d(D2), "amount": Money("300")},
        PaymentPlan: {
            "agreed_on": d(D1),
            "signed_by_debtor": False,
            "instalments": [
                Instalment(due_on=d(D2), amount="100"),
                Instalment(due_on=d(D3), amount="50.50"),
            ],
        },
        Mediation: {"start": d(D1), "end": d(D2)},
        LegalAction: {
            "kind": "small_claims",
            "filed_on": d(D1),
            "served_on": d(D2),
            "ended_on": d(D3),
            "debtor_agreed_on": d(D2),
        },
        CourtInquiry: {"start": d(D1), "end": d(D3)},
        ForceMajeure: {"start": d(D1), "end": d(D2)},
        Judgment: {"on": d(D1), "served_on": d(D2)},
        EnforcementAct: {"on": d(D1), "conservatory": True},
        InsolvencyProceeding: {
            "kind": "receivership",
            "opened_on": d(D1),
            "published_on": d(D2),
            "closed_on": d(D3),
        },
        ClaimDeclaration: {"on": d(D1)},
        OverIndebtedness: {"admissible_on": d(D1), "closed_on": d(D3)},
        AgencyHandover: {"on": d(D1), "agency": "Recouvra SA", "fee_rate": Decimal("12.5")},
        RecoveryCost: {"on": d(D1), "amount": Money("45.00"), "description": "bailiff"},
        DeliverySuspension: {"on": d(D1), "lifted_on": d(D2)},
        WriteOff: {"on": d(D1)},
        Cancellation: {"on": d(D1)},
    }


def _minimal() -> dict[type, dict[str, Any]]:
    """Keyword arguments with only the required fields."""
    return {
        Reminder: {"on": D1, "channel": "email"},
        FormalNotice: {"on": D1},
        Acknowledgment: {"on": D1},
        Dispute: {"opened_on": D1},
        PaymentPromise: {"on": D1, "promised_for": D1},
        PaymentPlan: {"agreed_on": D1, "instalments": [Instalment(due_on=D1, amount="1")]},
        Mediation: {"start": D1},
        LegalAction: {"kind": "payment_order", "filed_on": D1},
        CourtInquiry: {"start": D1},
        ForceMajeure: {"start": D1},
        Judgment: {"on": D1},
        EnforcementAct: {"on": D1},
        InsolvencyProceeding: {"kind": "liquidation", "opened_on": D1},
        ClaimDeclaration: {"on": D1},
        OverIndebtedness: {"admissible_on": D1},
        AgencyHandover: {"on": D1},
        RecoveryCost: {"on": D1, "amount": "10"},
        DeliverySuspension: {"on": D1},
        WriteOff: {"on": D1},
        Cancellation: {"on": D1},
    }


ALL = list(EVENT_TYPES.values())


def test_every_event_class_is_covered_here() -> None:
    assert set(_full(str)) == set(ALL)
    assert set(_minimal()) == set(ALL)
    assert len(ALL) == 20
    assert all(tag == cls.TYPE for tag, cls in EVENT_TYPES.items())


@pytest.mark.parametrize("cls", ALL, ids=lambda c: c.__name__)
def test_construct_from_iso_strings_and_dates(cls: Any) -> None:
    from_str = cls(**_full(lambda d: d.isoformat())[cls])
    from_date = cls(**_full(lambda d: d)[cls])
    from_pendulum = cls(**_full(lambda d: pendulum.Date(d.year, d.month, d.day))[cls])
    assert from_str == from_date == from_pendulum
    assert type(from_str.date) is pendulum.Date
    assert from_str.date == pendulum.Date(2025, 3, 1)
    assert all(type(day) is pendulum.Date for day in from_str.dates())


@pytest.mark.parametrize("cls", ALL, ids=lambda c: c.__name__)
def test_datetime_is_refused(cls: Any) -> None:
    kwargs = _full(lambda d: d)[cls]
    main = next(k for k, v in kwargs.items() if v == D1)
    kwargs[main] = dt.datetime(2025, 3, 1, 12, 0, tzinfo=dt.UTC)
    with pytest.raises(InvalidType) as info:
        cls(**kwargs)
    assert isinstance(info.value, TypeError)
    assert info.value.field == main


@pytest.mark.parametrize("cls", ALL, ids=lambda c: c.__name__)
def test_bad_date_string_is_refused(cls: Any) -> None:
    kwargs = _full(lambda d: d)[cls]
    main = next(k for k, v in kwargs.items() if v == D1)
    kwargs[main] = "01/03/2025"
    with pytest.raises(InvalidValue) as info:
        cls(**kwargs)
    assert info.value.field == main


@pytest.mark.parametrize("cls", ALL, ids=lambda c: c.__name__)
def test_events_are_frozen_and_keyword_only(cls: Any) -> None:
    event = cls(**_minimal()[cls])
    with pytest.raises(AttributeError):
        event.foo = 1
    with pytest.raises(TypeError):
        cls(D1)
    assert hash(event) == hash(cls(**_minimal()[cls]))


@pytest.mark.parametrize(
    ("cls", "start", "end", "extra"),
    [
        (Dispute, "opened_on", "closed_on", {}),
        (Mediation, "start", "end", {}),
        (LegalAction, "filed_on", "served_on", {"kind": "summons"}),
        (LegalAction, "filed_on", "ended_on", {"kind": "summons"}),
        (LegalAction, "filed_on", "debtor_agreed_on", {"kind": "small_claims"}),
        (LegalAction, "filed_on", "ordered_on", {"kind": "payment_order"}),
        (InsolvencyProceeding, "opened_on", "closed_on", {"kind": "safeguard"}),
        (InsolvencyProceeding, "opened_on", "published_on", {"kind": "safeguard"}),
        (OverIndebtedness, "admissible_on", "closed_on", {}),
        (CourtInquiry, "start", "end", {}),
        (ForceMajeure, "start", "end", {}),
        (DeliverySuspension, "on", "lifted_on", {}),
        (Judgment, "on", "served_on", {}),
        (PaymentPromise, "on", "promised_for", {}),
    ],
)
def test_closing_before_opening_raises_naming_the_field(
    cls: Any, start: str, end: str, extra: dict[str, Any]
) -> None:
    with pytest.raises(InvalidEvent) as info:
        cls(**{start: "2025-03-10", end: "2025-03-09", **extra})
    assert isinstance(info.value, ValueError)
    assert info.value.field == end
    assert info.value.value == pendulum.Date(2025, 3, 9)
    assert start in str(info.value)
    # The same day is fine.
    event = cls(**{start: "2025-03-10", end: "2025-03-10", **extra})
    assert getattr(event, end) == pendulum.Date(2025, 3, 10)


def test_dates_and_main_date() -> None:
    d = Dispute(opened_on="2025-03-01", closed_on="2025-03-20")
    assert d.date == pendulum.Date(2025, 3, 1)
    assert d.dates() == (pendulum.Date(2025, 3, 1), pendulum.Date(2025, 3, 20))
    assert Dispute(opened_on="2025-03-01").dates() == (pendulum.Date(2025, 3, 1),)
    action = LegalAction(kind="summons", filed_on="2025-01-05", served_on="2025-01-20")
    assert action.date == pendulum.Date(2025, 1, 5)
    assert action.dates() == (pendulum.Date(2025, 1, 5), pendulum.Date(2025, 1, 20))
    assert Mediation(start="2025-02-01").date == pendulum.Date(2025, 2, 1)
    assert OverIndebtedness(admissible_on="2025-02-01").date == pendulum.Date(2025, 2, 1)
    promise = PaymentPromise(on="2025-02-01", promised_for="2025-02-15")
    assert promise.dates() == (pendulum.Date(2025, 2, 1), pendulum.Date(2025, 2, 15))


@pytest.mark.parametrize("cls", ALL, ids=lambda c: c.__name__)
def test_main_date_is_the_earliest(cls: Any) -> None:
    event = cls(**_full(lambda d: d)[cls])
    assert event.date == min(event.dates())
    assert event.date in event.dates()


# -- payment plans ----------------------------------------------------------------------------


def _plan(*instalments: tuple[str, Any], agreed_on: str = "2025-01-10") -> PaymentPlan:
    return PaymentPlan(
        agreed_on=agreed_on,
        instalments=[Instalment(due_on=day, amount=amount) for day, amount in instalments],
    )


def test_payment_plan_total_and_dates() -> None:
    plan = _plan(("2025-02-01", "500"), ("2025-03-01", "499.99"))
    assert plan.total == Money("999.99")
    assert plan.date == pendulum.Date(2025, 1, 10)
    assert plan.dates() == (
        pendulum.Date(2025, 1, 10),
        pendulum.Date(2025, 2, 1),
        pendulum.Date(2025, 3, 1),
    )
    assert plan.signed_by_debtor is True


def test_payment_plan_first_instalment_may_be_on_agreement_day() -> None:
    assert _plan(("2025-01-10", "1")).instalments[0].due_on == pendulum.Date(2025, 1, 10)


def test_payment_plan_needs_an_instalment() -> None:
    with pytest.raises(InvalidEvent) as info:
        PaymentPlan(agreed_on="2025-01-10", instalments=[])
    assert info.value.field == "instalments"


@pytest.mark.parametrize("second", ["2025-02-01", "2025-01-31"], ids=["same day", "earlier"])
def test_payment_plan_instalments_in_date_order(second: str) -> None:
    with pytest.raises(InvalidEvent) as info:
        _plan(("2025-02-01", "1"), (second, "1"))
    assert info.value.field == "instalments[1].due_on"


def test_payment_plan_instalment_not_before_agreement() -> None:
    with pytest.raises(InvalidEvent) as info:
        _plan(("2025-01-09", "1"))
    assert info.value.field == "instalments[0].due_on"


def test_payment_plan_one_currency() -> None:
    with pytest.raises(InvalidEvent) as info:
        _plan(("2025-02-01", Money("1", "EUR")), ("2025-03-01", Money("1", "USD")))
    assert info.value.field == "instalments"
    assert "USD" in str(info.value)


@pytest.mark.parametrize("bad", [5, "abc", None])
def test_payment_plan_instalments_must_be_a_sequence(bad: Any) -> None:
    with pytest.raises(InvalidType) as info:
        PaymentPlan(agreed_on="2025-01-10", instalments=bad)
    assert info.value.field == "instalments"


def test_payment_plan_instalment_items_are_checked() -> None:
    with pytest.raises(InvalidType) as info:
        PaymentPlan(
            agreed_on="2025-01-10", instalments=[Instalment(due_on="2025-02-01", amount="1"), 7]
        )
    assert info.value.field == "instalments[1]"


@pytest.mark.parametrize("amount", ["0", "-1"])
def test_instalment_amount_positive(amount: str) -> None:
    with pytest.raises(InvalidEvent) as info:
        Instalment(due_on="2025-02-01", amount=amount)
    assert info.value.field == "amount"


def test_instalment_round_trip() -> None:
    i = Instalment(due_on="2025-02-01", amount=Money("10", "USD"))
    assert i.to_dict() == {"due_on": "2025-02-01", "amount": {"amount": "10", "currency": "USD"}}
    assert Instalment.from_dict(i.to_dict()) == i
    with pytest.raises(InvalidData) as info:
        Instalment.from_dict({"due_on": "2025-02-01"})
    assert info.value.field == "Instalment.amount"


# -- legal actions ----------------------------------------------------------------------------


def test_debtor_agreed_on_for_small_claims() -> None:
    action = LegalAction(kind="small_claims", filed_on="2025-01-05", debtor_agreed_on="2025-01-20")
    assert action.kind is LegalActionKind.SMALL_CLAIMS
    assert action.debtor_agreed_on == pendulum.Date(2025, 1, 20)


@pytest.mark.parametrize("kind", ["payment_order", "summons", "interim"])
def test_debtor_agreed_on_only_for_small_claims(kind: str) -> None:
    with pytest.raises(InvalidEvent) as info:
        LegalAction(kind=kind, filed_on="2025-01-05", debtor_agreed_on="2025-01-20")
    assert info.value.field == "debtor_agreed_on"


def test_ordered_on_for_payment_orders() -> None:
    # CPC 1411: the service limit depends on the day the order was made (review F5).
    order = LegalAction(
        kind="payment_order", filed_on="2026-08-20", ordered_on="2026-09-02", served_on="2026-09-10"
    )
    assert order.ordered_on == pendulum.Date(2026, 9, 2)
    assert order.to_dict()["ordered_on"] == "2026-09-02"
    assert LegalAction.from_dict(order.to_dict()) == order
    assert "ordered_on" not in LegalAction(kind="payment_order", filed_on="2026-08-20").to_dict()


@pytest.mark.parametrize("kind", ["small_claims", "summons", "interim"])
def test_ordered_on_only_for_payment_orders(kind: str) -> None:
    with pytest.raises(InvalidEvent) as info:
        LegalAction(kind=kind, filed_on="2025-01-05", ordered_on="2025-01-20")
    assert info.value.field == "ordered_on"


def test_ordered_on_not_after_service() -> None:
    with pytest.raises(InvalidEvent) as info:
        LegalAction(
            kind="payment_order",
            filed_on="2025-01-05",
            ordered_on="2025-01-20",
            served_on="2025-01-10",
        )
    assert info.value.field == "served_on"


# -- other field checks -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cls", "kwargs", "field", "error"),
    [
        (Reminder, {"on": D1, "channel": "fax"}, "channel", InvalidValue),
        (Reminder, {"on": D1, "channel": "email", "step": 3}, "step", InvalidType),
        (FormalNotice, {"on": D1, "cure_days": -1}, "cure_days", InvalidEvent),
        (FormalNotice, {"on": D1, "cure_days": "8"}, "cure_days", InvalidType),
        (FormalNotice, {"on": D1, "cure_days": True}, "cure_days", InvalidType),
        (Dispute, {"opened_on": D1, "amount": "0"}, "amount", InvalidEvent),
        (Dispute, {"opened_on": D1, "amount": 12.5}, "amount", InvalidType),
        (Dispute, {"opened_on": D1, "outcome": "won"}, "outcome", InvalidValue),
        (PaymentPromise, {"on": D1, "promised_for": D2, "amount": "-3"}, "amount", InvalidEvent),
        (LegalAction, {"kind": "appeal", "filed_on": D1}, "kind", InvalidValue),
        (InsolvencyProceeding, {"kind": "bankruptcy", "opened_on": D1}, "kind", InvalidValue),
        (AgencyHandover, {"on": D1, "fee_rate": "101"}, "fee_rate", InvalidEvent),
        (AgencyHandover, {"on": D1, "fee_rate": "-1"}, "fee_rate", InvalidEvent),
        (AgencyHandover, {"on": D1, "fee_rate": 12.5}, "fee_rate", InvalidType),
        (AgencyHandover, {"on": D1, "agency": 5}, "agency", InvalidType),
        (RecoveryCost, {"on": D1, "amount": "0"}, "amount", InvalidEvent),
        (RecoveryCost, {"on": D1, "amount": "5", "description": 1}, "description", InvalidType),
        (EnforcementAct, {"on": D1, "conservatory": 1}, "conservatory", InvalidType),
        (
            PaymentPlan,
            {
                "agreed_on": D1,
                "signed_by_debtor": "yes",
                "instalments": [Instalment(due_on=D2, amount="1")],
            },
            "signed_by_debtor",
            InvalidType,
        ),
    ],
)
def test_bad_field_values(
    cls: Any, kwargs: dict[str, Any], field: str, error: type[RecouvrementError]
) -> None:
    with pytest.raises(error) as info:
        cls(**kwargs)
    assert info.value.field == field


def test_enum_values_are_read() -> None:
    assert Reminder(on=D1, channel="SMS").channel is Channel.SMS
    assert Dispute(opened_on=D1, outcome="rejected").outcome is DisputeOutcome.REJECTED
    assert InsolvencyProceeding(kind="SAFEGUARD", opened_on=D1).kind is InsolvencyKind.SAFEGUARD


def test_is_open() -> None:
    d = Dispute(opened_on="2025-03-01", closed_on="2025-03-10")
    assert not d.is_open(pendulum.Date(2025, 2, 28))
    assert d.is_open(pendulum.Date(2025, 3, 1))
    assert d.is_open(pendulum.Date(2025, 3, 9))
    assert not d.is_open(pendulum.Date(2025, 3, 10))
    assert Dispute(opened_on="2025-03-01").is_open(pendulum.Date(2030, 1, 1))
    p = InsolvencyProceeding(kind="liquidation", opened_on="2025-03-01")
    assert p.is_open(pendulum.Date(2025, 3, 1))
    o = OverIndebtedness(admissible_on="2025-03-01", closed_on="2025-04-01")
    assert not o.is_open(pendulum.Date(2025, 4, 1))


# -- serialisation ----------------------------------------------------------------------------


@pytest.mark.parametrize("full", [True, False], ids=["full", "minimal"])
@pytest.mark.parametrize("cls", ALL, ids=lambda c: c.__name__)
def test_event_from_dict_round_trip(cls: Any, full: bool) -> None:
    event = cls(**(_full(lambda d: d) if full else _minimal())[cls])
    data = event.to_dict()
    assert data["type"] == cls.TYPE
    text = json.dumps(data)
    assert event_from_dict(json.loads(text)) == event
    assert cls.from_dict(json.loads(text)) == event


def test_to_dict_leaves_defaults_out() -> None:
    assert Reminder(on=D1, channel="email").to_dict() == {
        "type": "reminder",
        "on": "2025-03-01",
        "channel": "email",
    }
    assert EnforcementAct(on=D1).to_dict() == {"type": "enforcement_act", "on": "2025-03-01"}


@pytest.mark.parametrize("tag", ["telegram", "", "Reminder", None, 3])
def test_unknown_type_tag(tag: Any) -> None:
    with pytest.raises(InvalidData) as info:
        event_from_dict({"type": tag, "on": "2025-03-01"})
    assert info.value.field == "event.type"


def test_missing_type_tag() -> None:
    with pytest.raises(InvalidData) as info:
        event_from_dict({"on": "2025-03-01"})
    assert info.value.field == "event.type"


@pytest.mark.parametrize("data", [None, [], "reminder"])
def test_event_from_dict_needs_a_mapping(data: Any) -> None:
    with pytest.raises(InvalidData) as info:
        event_from_dict(data)
    assert info.value.field == "event"


def test_unknown_and_missing_event_fields() -> None:
    with pytest.raises(InvalidData) as info:
        event_from_dict({"type": "reminder", "on": "2025-03-01", "channel": "sms", "urgent": True})
    assert info.value.field == "Reminder.urgent"
    with pytest.raises(InvalidData) as info:
        event_from_dict({"type": "reminder", "on": "2025-03-01"})
    assert info.value.field == "Reminder.channel"


def test_class_from_dict_checks_its_tag() -> None:
    with pytest.raises(InvalidData) as info:
        Reminder.from_dict({"type": "write_off", "on": "2025-03-01", "channel": "sms"})
    assert info.value.field == "Reminder.type"
    assert Reminder.from_dict({"on": "2025-03-01", "channel": "sms"}) == Reminder(
        on=D1, channel="sms"
    )


def test_nested_instalment_errors_are_named() -> None:
    with pytest.raises(InvalidData) as info:
        event_from_dict(
            {
                "type": "payment_plan",
                "agreed_on": "2025-01-10",
                "instalments": [{"due_on": "2025-02-01", "amount": {"amount": "1"}, "late": True}],
            }
        )
    assert info.value.field == "Instalment.late"


def test_validation_applies_when_reading_back() -> None:
    with pytest.raises(InvalidEvent) as info:
        event_from_dict({"type": "dispute", "opened_on": "2025-03-10", "closed_on": "2025-03-01"})
    assert info.value.field == "closed_on"


def test_judgment_by_default_is_an_optional_bool_and_round_trips() -> None:
    from recouvrement import InvalidType, Judgment, event_from_dict

    judgment = Judgment(on="2025-01-10", by_default=True)
    assert judgment.to_dict() == {"type": "judgment", "on": "2025-01-10", "by_default": True}
    assert event_from_dict(judgment.to_dict()) == judgment
    assert Judgment(on="2025-01-10").by_default is None
    with pytest.raises(InvalidType) as info:
        Judgment(on="2025-01-10", by_default="yes")  # type: ignore[arg-type]
    assert info.value.field == "by_default"
