"""Escalation policies: building, validation (errors name the step), round trips, defaults."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from recouvrement.errors import InvalidPolicy
from recouvrement.events import Channel
from recouvrement.policy import (
    LEGAL_ROUTE,
    Action,
    EscalationPolicy,
    PolicyStep,
    Tone,
    Trigger,
    TriggerKind,
)
from recouvrement.segments import Segment


def _step(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "id": "mail",
        "action": "reminder",
        "channel": "email",
        "trigger": "days_after_due",
        "days": 5,
    }
    data.update(overrides)
    return data


def test_default_policy_is_the_french_practice_ladder() -> None:
    policy = EscalationPolicy.default()
    steps = policy.steps
    assert [s.id for s in steps] == [
        "courteous",
        "firm",
        "written",
        "formal_notice",
        "legal",
        "enforcement",
    ]
    assert [s.channel for s in steps[:4]] == [
        Channel.EMAIL,
        Channel.PHONE,
        Channel.LETTER,
        Channel.REGISTERED_LETTER,
    ]
    assert steps[3].action is Action.FORMAL_NOTICE
    assert steps[3].cure_days == 8
    assert steps[4].action == LEGAL_ROUTE
    assert steps[4].is_legal_route
    assert steps[5].action is Action.ENFORCEMENT
    assert policy.prescription_margin_days == 90
    assert EscalationPolicy.default() is policy  # read once


def test_default_tracks_adapt_the_ladder() -> None:
    policy = EscalationPolicy.default()
    assert set(policy.tracks) == {
        Segment.NEW,
        Segment.PUNCTUAL,
        Segment.HABITUALLY_LATE,
        Segment.FINANCIAL_DIFFICULTY,
        Segment.BAD_FAITH,
    }
    punctual = policy.ladder(Segment.PUNCTUAL)
    assert punctual[0].trigger.days > policy.steps[0].trigger.days  # later
    late = [s.id for s in policy.ladder("habitually_late")]
    assert "courteous" not in late
    assert "suspend_deliveries" in late
    assert late.index("suspend_deliveries") < late.index("formal_notice")
    assert any(s.action is Action.PAYMENT_PLAN_OFFER for s in policy.ladder("financial_difficulty"))
    bad = policy.ladder("bad_faith")
    assert bad[1].action is Action.FORMAL_NOTICE
    assert policy.ladder("new")[0].trigger.days < 0  # pre-due courtesy reminder
    # No track: the base ladder.
    assert policy.ladder("occasionally_late") == policy.steps == policy.ladder(None)


def test_round_trip_dict_and_toml(tmp_path: Path) -> None:
    policy = EscalationPolicy.default()
    assert EscalationPolicy.from_dict(policy.to_dict()) == policy
    text = (
        Path(__file__)
        .parents[1]
        .joinpath("src/recouvrement/jurisdictions/fr/data/default_policy.toml")
        .read_text("utf-8")
    )
    path = tmp_path / "policy.toml"
    path.write_text(text, "utf-8")
    assert EscalationPolicy.from_toml(path) == policy
    assert EscalationPolicy.from_toml(text.encode()) == policy


def test_step_defaults_and_trigger_texts() -> None:
    step = PolicyStep.from_dict({"id": "x", "action": "reminder", "channel": "sms"})
    assert step.trigger == Trigger(TriggerKind.DAYS_AFTER_PREVIOUS, 0)
    assert step.tone is Tone.COURTEOUS
    assert step.min_amount == Decimal(0)
    assert str(Trigger.days_after_due(-3)) == "3 days before the due date"
    assert Trigger.end_of_month(5).kind is TriggerKind.END_OF_MONTH


@pytest.mark.parametrize(
    ("step", "field", "fragment"),
    [
        (_step(action="fly"), "action", "not a valid Action"),
        (_step(channel="pigeon"), "channel", "not a valid Channel"),
        (_step(tone="rude"), "tone", "not a valid Tone"),
        (_step(trigger="whenever"), "trigger", "not a valid TriggerKind"),
        (_step(channel=None), "channel", "needs a channel"),
        (_step(action="close"), "action", "decided by the guards"),
        (_step(segments=[]), "segments", "can never fire"),
        (_step(min_amount="-1"), "min_amount", "must not be negative"),
        (_step(min_amount=1.5), "min_amount", "expected Decimal"),
        (_step(colour="red"), "colour", "unknown key"),
        (_step(action="formal_notice", channel="letter", days=-2), "days", "before the due"),
        (_step(trigger="days_after_previous", days=-1), "days", "must not be negative"),
    ],
)
def test_invalid_steps_name_the_step(step: dict[str, object], field: str, fragment: str) -> None:
    with pytest.raises(InvalidPolicy) as info:
        EscalationPolicy.from_dict({"steps": [step]})
    assert info.value.step == "mail"
    assert info.value.field == field
    assert fragment in str(info.value)
    assert "step 'mail'" in str(info.value)


def test_triggers_out_of_order() -> None:
    with pytest.raises(InvalidPolicy, match="out of order") as info:
        EscalationPolicy.from_dict({"steps": [_step(id="a", days=20), _step(id="b", days=10)]})
    assert info.value.step == "b"


def test_duplicate_ids_and_legal_route_without_notice() -> None:
    with pytest.raises(InvalidPolicy, match="twice"):
        EscalationPolicy.from_dict({"steps": [_step(), _step(days=9)]})
    with pytest.raises(InvalidPolicy, match="formal_notice step before") as info:
        EscalationPolicy.from_dict({"steps": [_step(), {"id": "court", "action": "legal_route"}]})
    assert info.value.step == "court"
    with pytest.raises(InvalidPolicy, match="never fire"):
        EscalationPolicy.from_dict({"steps": [_step(), {"id": "bailiff", "action": "enforcement"}]})


def test_steps_that_can_never_fire_because_of_tracks() -> None:
    track = [_step(id="t")]
    with pytest.raises(InvalidPolicy, match="own track") as info:
        EscalationPolicy.from_dict(
            {
                "steps": [_step(), _step(id="only_bad", days=9, segments=["bad_faith"])],
                "tracks": {"bad_faith": track},
            }
        )
    assert info.value.step == "only_bad"
    with pytest.raises(InvalidPolicy, match="never fire"):
        EscalationPolicy.from_dict(
            {"steps": [_step()], "tracks": {"punctual": [_step(segments=["bad_faith"])]}}
        )


def test_segment_restricted_step_applies_only_to_its_segments() -> None:
    policy = EscalationPolicy.from_dict(
        {
            "steps": [
                _step(),
                _step(
                    id="stop",
                    action="suspend_deliveries",
                    channel="letter",
                    days=9,
                    segments=["habitually_late"],
                ),
            ]
        }
    )
    assert [s.id for s in policy.ladder("habitually_late")] == ["mail", "stop"]
    assert [s.id for s in policy.ladder(None)] == ["mail"]
    assert [s.id for s in policy.ladder("punctual")] == ["mail"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"steps": [_step()], "settings": {"review_days": 0}}, "review_days"),
        (
            {"steps": [_step()], "settings": {"expected_recovery_percent": "120"}},
            "expected_recovery_percent",
        ),
        ({"steps": [_step()], "settings": {"route_costs": {"bribe": "1"}}}, "route_costs"),
        ({"steps": [_step()], "settings": {"speed": 3}}, "settings.speed"),
        ({"steps": [_step()], "settings": {"agency_on_cost": "yes"}}, "agency_on_cost"),
        ({"steps": [_step()], "extra": 1}, "extra"),
        ({"steps": []}, "steps"),
        ({}, "steps"),
        ({"steps": [_step()], "tracks": {"rich": [_step()]}}, "tracks"),
    ],
)
def test_invalid_policies(data: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidPolicy) as info:
        EscalationPolicy.from_dict(data)
    assert info.value.field == field


def test_bad_toml_is_invalid_policy() -> None:
    with pytest.raises(InvalidPolicy, match="not valid TOML"):
        EscalationPolicy.from_toml("steps = [")


@pytest.mark.parametrize("kind", ["escalation", "credit"])
def test_a_policy_file_that_is_not_utf8_raises_invalid_policy(kind: str) -> None:
    from recouvrement.credit import CreditPolicy
    from recouvrement.errors import InvalidPolicy

    cls = EscalationPolicy if kind == "escalation" else CreditPolicy
    with pytest.raises(InvalidPolicy, match="not UTF-8"):
        cls.from_toml(b"name = \xff")
