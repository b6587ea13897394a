"""Debtor profiling: metrics, segments, score, rules, and their invariants.

The segments are collections practice, not law: the scenarios below are hand-built
histories, one per segment, checked against the default rules (data/profiling_rules.toml).
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recouvrement.claims import Claim, CreditNote, Payment
from recouvrement.errors import CurrencyMismatch, InvalidPolicy, InvalidType, InvalidValue
from recouvrement.events import (
    Acknowledgment,
    Cancellation,
    Channel,
    Dispute,
    DisputeOutcome,
    Event,
    FormalNotice,
    InsolvencyKind,
    InsolvencyProceeding,
    Instalment,
    OverIndebtedness,
    PaymentPlan,
    PaymentPromise,
    Reminder,
)
from recouvrement.money import Money
from recouvrement.parties import Creditor, Debtor
from recouvrement.profiling import (
    DebtorProfile,
    ProfilingRules,
    ScoreWeights,
    SegmentCondition,
    SegmentRule,
    debtor_segment,
    profile_debtor,
    profile_debtors,
)
from recouvrement.sample import _debtor, load_sample
from recouvrement.segments import Segment
from tests.strategies import claims as any_claims
from tests.strategies import dates

ACME = Creditor(id="ACME", name="Acme SAS", kind="professional")
MARTIN = Debtor(id="MARTIN", name="Martin SARL", kind="professional")
AS_OF = pendulum.Date(2025, 12, 31)


def day(n: int) -> pendulum.Date:
    """The day ``n`` days before AS_OF (negative: after)."""
    return AS_OF.subtract(days=n)


def invoice(
    n: int,
    issued_ago: int,
    *,
    late: int | None = 0,
    amount: str = "1000.00",
    payments: list[Payment] | None = None,
    events: Sequence[Event] | None = None,
    credit_notes: list[CreditNote] | None = None,
    debtor: Debtor = MARTIN,
    currency: str = "EUR",
) -> Claim:
    """An invoice issued ``issued_ago`` days before AS_OF, due 30 days later, paid in full
    ``late`` days after its due date (``None``: unpaid) unless ``payments`` is given."""
    issued = day(issued_ago)
    due = issued.add(days=30)
    money = Money(amount, currency)
    if payments is None:
        payments = [] if late is None else [Payment(on=due.add(days=late), amount=money)]
    return Claim(
        id=f"F{n:03d}",
        creditor=ACME,
        debtor=debtor,
        nature="commercial",
        amount=money,
        issued_on=issued,
        due_on=due,
        payments=payments,
        events=events or [],
        credit_notes=credit_notes or [],
    )


def monthly(lates: list[int | None], *, start: int = 700, step: int = 60) -> list[Claim]:
    """One invoice every ``step`` days from ``start`` days ago, paid ``lates[i]`` days late."""
    return [invoice(i, start - step * i, late=late) for i, late in enumerate(lates)]


def profile(claims: list[Claim], **kwargs: Any) -> DebtorProfile:
    return profile_debtor(claims, as_of=AS_OF, **kwargs)


# -- scenarios, one per segment -----------------------------------------------------------


def test_punctual_payer() -> None:
    result = profile(monthly([0, -5, 0, -2, 0, 0, -10, 0]))
    assert result.segment is Segment.PUNCTUAL
    assert result.rule == "punctual"
    assert result.metrics.on_time_share == 1
    assert result.metrics.average_days_late == 0
    assert result.score == 0
    assert result.contributions == ()


def test_occasionally_late_payer() -> None:
    result = profile(monthly([0, 12, 0, 0, 0, 8, 0, 0, 0, 0]))
    assert result.segment is Segment.OCCASIONALLY_LATE
    assert result.rule == "sometimes_late"
    assert result.metrics.late_share == Decimal("0.2")


def test_small_delays_now_and_then_are_not_lateness() -> None:
    # 1 to 4 days now and then is processing lag: punctual under the default rules.
    assert profile(monthly([0, 2, 0, 0, 3, 0, 0, 0])).segment is Segment.PUNCTUAL


def test_late_nine_times_out_of_ten_is_habitual_not_occasional() -> None:
    # The example: late on nine invoices out of ten, even by little.
    result = profile(monthly([3, 2, 4, 1, 3, 0, 2, 3, 4, 2]))
    assert result.metrics.late_share == Decimal("0.9")
    assert result.segment is Segment.HABITUALLY_LATE
    assert result.rule == "almost_always_late"


def test_mostly_late_with_material_delay_is_habitual() -> None:
    result = profile(monthly([20, 0, 25, 0, 18, 0, 30, 22, 0, 15]))
    assert result.metrics.late_share == Decimal("0.6")
    assert result.segment is Segment.HABITUALLY_LATE
    assert result.rule == "mostly_late_materially"
    reason = result.reasons[1]
    assert reason.facts["metric"] == "average_days_late"
    assert reason.facts["threshold"] == Decimal(10)


def test_often_but_slightly_late_is_occasional() -> None:
    result = profile(monthly([3, 0, 2, 0, 4, 0, 2, 3, 0, 1]))
    assert result.segment is Segment.OCCASIONALLY_LATE
    assert result.rule == "often_late_slightly"


def test_payment_plan_means_financial_difficulty() -> None:
    claims = monthly([0, 5, 0, 10])
    plan = PaymentPlan(
        agreed_on=day(100),
        instalments=[
            Instalment(due_on=day(70), amount="500.00"),
            Instalment(due_on=day(40), amount="500.00"),
        ],
    )
    claims.append(invoice(9, 200, payments=[Payment(on=day(70), amount="500.00")], events=[plan]))
    result = profile(claims)
    assert result.segment is Segment.FINANCIAL_DIFFICULTY
    assert result.rule == "payment_plan"
    assert result.metrics.plans_agreed == 1
    assert result.metrics.plans_broken == 1  # the second instalment was missed
    assert "broken_plans" in {c.name for c in result.contributions}


def test_plan_on_track_is_not_broken() -> None:
    plan = PaymentPlan(
        agreed_on=day(100),
        instalments=[
            Instalment(due_on=day(70), amount="500.00"),
            Instalment(due_on=day(40), amount="500.00"),
        ],
    )
    paid = [Payment(on=day(70), amount="500.00"), Payment(on=day(41), amount="500.00")]
    result = profile([*monthly([0, 0, 0]), invoice(9, 200, payments=paid, events=[plan])])
    assert result.metrics.plans_broken == 0


def test_repeated_partial_payments_mean_financial_difficulty() -> None:
    def partly(n: int, ago: int) -> Claim:
        due = day(ago).add(days=30)
        return invoice(
            n,
            ago,
            payments=[
                Payment(on=due, amount="300.00"),
                Payment(on=due.add(days=40), amount="700.00"),
            ],
        )

    result = profile([partly(1, 400), partly(2, 300), *monthly([0, 0, 0, 0], start=350)])
    assert result.segment is Segment.FINANCIAL_DIFFICULTY
    assert result.rule == "partial_payments"
    assert result.metrics.partial_payments == 2
    assert result.metrics.claims_partially_paid == 2


def test_growing_arrears_mean_financial_difficulty() -> None:
    # Paid on time for a year, then three invoices unpaid: the arrears grew by 3 months.
    history = monthly([0, 0, 0, 0, 0, 0, None, None, None], start=500, step=50)
    result = profile(history)
    assert result.segment is Segment.FINANCIAL_DIFFICULTY
    assert result.rule == "growing_arrears"
    assert result.metrics.claims_overdue == 3
    assert result.metrics.arrears_growth_months is not None
    assert result.metrics.arrears_growth_months >= 1


def test_broken_promises_mean_bad_faith() -> None:
    claims = monthly([0, 0, 0])
    for n, ago in ((7, 300), (8, 200)):
        due = day(ago).add(days=30)
        promise = PaymentPromise(on=due.add(days=10), promised_for=due.add(days=20))
        claims.append(invoice(n, ago, late=None, events=[promise]))
    result = profile(claims)
    assert result.segment is Segment.BAD_FAITH
    assert result.rule == "broken_promises"
    assert (result.metrics.promises_made, result.metrics.promises_broken) == (2, 2)
    assert result.reasons[0].facts == {
        "rule": "broken_promises",
        "segment": "bad_faith",
        "metric": "promises_broken",
        "value": 2,
        "operator": ">=",
        "threshold": Decimal(2),
    }


def test_promise_kept_with_its_amount_is_not_broken() -> None:
    due = day(200).add(days=30)
    promise = PaymentPromise(on=due.add(days=5), promised_for=due.add(days=20), amount="400.00")
    paid = [Payment(on=due.add(days=15), amount="400.00")]
    result = profile([*monthly([0, 0, 0]), invoice(9, 200, payments=paid, events=[promise])])
    assert (result.metrics.promises_due, result.metrics.promises_broken) == (1, 0)


def test_promise_not_yet_due_is_not_broken() -> None:
    promise = PaymentPromise(on=day(5), promised_for=day(-10))
    result = profile([*monthly([0, 0, 0]), invoice(9, 100, late=None, events=[promise])])
    assert (result.metrics.promises_made, result.metrics.promises_due) == (1, 0)


def test_rejected_disputes_mean_bad_faith_but_credit_notes_do_not() -> None:
    def disputed(n: int, ago: int, outcome: DisputeOutcome) -> Claim:
        opened = day(ago).add(days=5)
        dispute = Dispute(opened_on=opened, closed_on=opened.add(days=30), outcome=outcome)
        return invoice(n, ago, late=40, events=[dispute])

    base = monthly([0, 0, 0, 0])
    rejected = profile(
        [
            *base,
            disputed(7, 400, DisputeOutcome.REJECTED),
            disputed(8, 300, DisputeOutcome.REJECTED),
        ]
    )
    assert rejected.segment is Segment.BAD_FAITH
    assert rejected.rule == "rejected_disputes"
    upheld = profile(
        [
            *base,
            disputed(7, 400, DisputeOutcome.CREDIT_NOTE),
            disputed(8, 300, DisputeOutcome.CREDIT_NOTE),
        ]
    )
    assert upheld.segment is not Segment.BAD_FAITH
    assert upheld.metrics.disputes_credit_note == 2
    assert "rejected_disputes" not in {c.name for c in upheld.contributions}


def test_silence_after_formal_notices_means_bad_faith() -> None:
    claims = monthly([0, 0, 0, 0])
    for n, ago in ((7, 400), (8, 300)):
        notice = FormalNotice(on=day(ago).add(days=80), cure_days=8)
        claims.append(invoice(n, ago, late=None, events=[notice]))
    result = profile(claims)
    assert result.metrics.ignored_formal_notices == 2
    assert result.segment is Segment.BAD_FAITH
    assert result.rule == "silence_after_notice"


def test_an_answer_to_a_formal_notice_is_not_silence() -> None:
    notice = FormalNotice(on=day(300), cure_days=8)
    answer = Acknowledgment(on=day(290))
    result = profile([*monthly([0, 0, 0]), invoice(9, 400, late=None, events=[notice, answer])])
    assert result.metrics.ignored_formal_notices == 0


def test_open_insolvency_means_insolvent_first() -> None:
    claims = monthly([0, 0, 0])
    for n, ago in ((7, 300), (8, 200)):  # broken promises too: insolvency still wins
        due = day(ago).add(days=30)
        claims.append(
            invoice(
                n, ago, late=None, events=[PaymentPromise(on=due, promised_for=due.add(days=5))]
            )
        )
    proceeding = InsolvencyProceeding(kind=InsolvencyKind.RECEIVERSHIP, opened_on=day(30))
    claims.append(invoice(9, 100, late=None, events=[proceeding]))
    result = profile(claims)
    assert result.segment is Segment.INSOLVENT
    assert result.rule == "insolvency_open"
    assert result.contributions[-1].name == "insolvency"
    closed = InsolvencyProceeding(
        kind=InsolvencyKind.SAFEGUARD, opened_on=day(60), closed_on=day(10)
    )
    claims[-1] = invoice(9, 100, late=None, events=[closed])
    assert profile(claims).segment is Segment.BAD_FAITH


def test_admissible_over_indebtedness_means_insolvent() -> None:
    person = Debtor(id="P1", name="Paul Petit", kind="individual")
    case = OverIndebtedness(admissible_on=day(20))
    claims = [invoice(1, 200, late=None, debtor=person, events=[case])]
    result = profile(claims)
    assert result.segment is Segment.INSOLVENT
    assert result.metrics.over_indebtedness_open


def test_too_little_history_is_new() -> None:
    assert profile(monthly([40, 50])).segment is Segment.NEW  # two claims only
    recent = [invoice(i, 80 - 10 * i, late=0) for i in range(4)]  # first invoice 80 days ago
    result = profile(recent)
    assert result.segment is Segment.NEW
    assert result.rule == "short_history"


# -- metrics ---------------------------------------------------------------------------------


def test_amount_weighted_days_late() -> None:
    # 1,000 paid 10 days late and 3,000 paid on time: (1000*10 + 3000*0) / 4000 = 2.5 days.
    claims = [invoice(1, 300, late=10), invoice(2, 200, late=0, amount="3000.00")]
    metrics = profile(claims).metrics
    assert metrics.average_days_late == Decimal("2.5")
    assert metrics.worst_days_late == 10
    assert metrics.on_time_share == Decimal("0.5")


def test_tolerance_days_count_as_on_time() -> None:
    claims = monthly([2, 3, 1, 2, 0])
    assert profile(claims).metrics.late_share == Decimal("0.8")
    tolerant = profile(claims, tolerance_days=3)
    assert tolerant.metrics.late_share == 0
    assert tolerant.metrics.average_days_late == Decimal("1.6")  # delays are still delays
    assert tolerant.segment is Segment.PUNCTUAL


def test_overdue_exposure_counts_claims_older_than_the_window() -> None:
    old = invoice(1, 1000, late=None)  # issued before the 24-month window, still unpaid
    metrics = profile([old, *monthly([0, 0, 0])]).metrics
    assert metrics.claims_issued == 3
    assert metrics.claims_overdue == 1
    assert metrics.overdue_amount == Money("1000.00")
    assert metrics.oldest_days_past_due == 970


def test_window_months_limits_the_history() -> None:
    claims = monthly([30, 30, 30, 0, 0, 0, 0, 0, 0, 0, 0], step=60)
    assert profile(claims).metrics.claims_issued == 11
    assert profile(claims, window_months=12).metrics.claims_issued == 5  # issued 100..340 days ago


def test_trend_of_delays() -> None:
    # Paid on time in the older half (issued 375 to 700 days ago), 30 days late in the
    # recent half (115 to 310 days ago).
    claims = monthly([0, 0, 0, 0, 0, 0, 30, 30, 30, 30], step=65)
    metrics = profile(claims).metrics
    assert metrics.older_average_delay == 0
    assert metrics.recent_average_delay == 30
    assert metrics.delay_trend == 30
    trend = next(c for c in profile(claims).contributions if c.name == "trend")
    assert trend.points == (Decimal(30) - metrics.average_delay) * Decimal("0.4")  # type: ignore[operator]


def test_reminders_before_payment() -> None:
    due = day(300).add(days=30)
    reminders = [Reminder(on=due.add(days=d), channel=Channel.EMAIL) for d in (7, 21)]
    claims = [invoice(1, 300, late=30, events=reminders), *monthly([0, 0, 0], start=250)]
    metrics = profile(claims).metrics
    assert metrics.reminders == 2
    assert metrics.reminders_before_payment == Decimal("0.5")


def test_credit_note_settles_a_claim() -> None:
    # Cleared by a credit note, nothing paid: not overdue, and not "paid" either (it tells
    # nothing of how the debtor pays).
    issued = day(200)
    credit = CreditNote(on=issued.add(days=10), amount="1000.00")
    metrics = profile([invoice(1, 200, late=None, credit_notes=[credit])]).metrics
    assert metrics.claims_paid == 0
    assert metrics.assessed_claims == 0
    assert metrics.claims_overdue == 0


def test_claims_cleared_by_credit_notes_are_not_paid_late() -> None:
    # Four disputes won by the debtor: each invoice cleared by a credit note 40 days after
    # its due date, nothing paid. The debtor did not pay late.
    won = []
    for n in range(4):
        issued = day(300 - 60 * n)
        credit = CreditNote(on=issued.add(days=70), amount="1000.00")
        won.append(invoice(n + 1, 300 - 60 * n, late=None, credit_notes=[credit]))
    result = profile(won)
    assert result.metrics.claims_paid == 0
    assert result.metrics.late_share is None
    assert result.segment is not Segment.HABITUALLY_LATE
    # Paid 600 on time, the rest credited later: paid on time.
    issued = day(200)
    part = invoice(
        9,
        200,
        payments=[Payment(on=issued.add(days=25), amount="600.00")],
        credit_notes=[CreditNote(on=issued.add(days=70), amount="400.00")],
    )
    metrics = profile([part]).metrics
    assert (metrics.claims_paid, metrics.claims_paid_on_time, metrics.worst_days_late) == (
        1,
        1,
        0,
    )


def test_a_cancelled_claim_is_not_overdue() -> None:
    # Cancelled before its due date: nothing is owed, nothing overdue.
    issued = day(200)
    gone = invoice(99, 200, late=None, events=[Cancellation(on=issued.add(days=5))])
    metrics = profile([gone, *monthly([0, 0, 0], start=150)]).metrics
    assert (metrics.claims_overdue, metrics.overdue_amount.amount) == (0, Decimal(0))
    assert metrics.oldest_days_past_due == 0
    assert metrics.claims_paid == 3
    # cancelled after the profile's day: still overdue on it
    later = invoice(1, 200, late=None, events=[Cancellation(on=AS_OF.add(days=5))])
    assert profile([later]).metrics.claims_overdue == 1


# -- score and reasons -----------------------------------------------------------------------


def test_score_is_the_clamped_sum_of_its_contributions() -> None:
    sample = load_sample()
    for result in profile_debtors(sample.claims, as_of=sample.as_of).values():
        total = sum((c.points for c in result.contributions), Decimal(0))
        expected = int(min(Decimal(100), total).quantize(Decimal(1), rounding="ROUND_HALF_UP"))
        assert result.score == expected
        score_reason = result.reasons[-1]
        assert score_reason.code == "profile.score"
        assert score_reason.facts["total"] == total
        for contribution in result.contributions:
            assert contribution.points > 0
            assert contribution.metric in result.metrics.to_dict()


def test_reasons_name_metric_value_and_threshold() -> None:
    result = profile(monthly([20, 0, 25, 0, 18, 0, 30, 22, 0, 15]))
    segment_reasons = [r for r in result.reasons if r.code.startswith("profile.segment.")]
    assert len(segment_reasons) == 2
    for reason in segment_reasons:
        assert reason.code == "profile.segment.habitually_late"
        metric = reason.facts["metric"]
        assert reason.facts["value"] == getattr(result.metrics, metric)
        assert {"threshold", "operator", "rule"} <= set(reason.facts)
        assert metric in reason.message


def test_profile_to_dict_is_json() -> None:
    sample = load_sample()
    for result in profile_debtors(sample.claims, as_of=sample.as_of).values():
        data = result.to_dict()
        assert json.loads(json.dumps(data)) == data
        assert data["segment"] == result.segment.value
        assert data["metrics"]["as_of"] == sample.as_of.isoformat()


# -- the sample portfolio --------------------------------------------------------------------


def _sample_behaviours() -> dict[str, str]:
    # The sample is generate_claims(200, seed=2025, debtors=40): re-draw its debtors to read
    # the behaviour each was generated with.
    rng = random.Random(2025)
    return {d.id: behaviour[0] for d, _, behaviour in (_debtor(rng, i) for i in range(40))}


@pytest.mark.parametrize(
    ("behaviour", "segment"),
    [
        ("punctual", Segment.PUNCTUAL),
        ("habitual", Segment.HABITUALLY_LATE),
        ("difficulty", Segment.FINANCIAL_DIFFICULTY),
        ("bad_faith", Segment.BAD_FAITH),
        ("insolvent", Segment.INSOLVENT),
        ("new", Segment.NEW),
    ],
)
def test_sample_behaviours_come_out_as_their_segments(behaviour: str, segment: Segment) -> None:
    sample = load_sample()
    profiles = profile_debtors(sample.claims, as_of=sample.as_of)
    found = Counter(
        profiles[debtor].segment for debtor, b in _sample_behaviours().items() if b == behaviour
    )
    total = sum(found.values())
    assert total >= 2
    assert found[segment] / total >= 0.7, found


# -- parameters and errors -------------------------------------------------------------------


def test_profile_debtors_groups_by_debtor_in_id_order() -> None:
    other = Debtor(id="AAA", name="Aaa SA", kind="professional")
    claims = [*monthly([0, 0, 0]), *(invoice(10 + i, 300 - 50 * i, debtor=other) for i in range(3))]
    profiles = profile_debtors(claims, as_of=AS_OF)
    assert list(profiles) == ["AAA", "MARTIN"]
    assert profiles["MARTIN"].to_dict() == profile(monthly([0, 0, 0])).to_dict()


def test_several_debtors_are_refused() -> None:
    other = Debtor(id="OTHER", name="Other SA", kind="professional")
    with pytest.raises(InvalidValue, match="several debtors") as info:
        profile([invoice(1, 100), invoice(2, 100, debtor=other)])
    assert info.value.field == "claims"


@pytest.mark.parametrize(
    ("kwargs", "error", "field"),
    [
        ({"window_months": 0}, InvalidValue, "window_months"),
        ({"window_months": "24"}, InvalidType, "window_months"),
        ({"tolerance_days": -1}, InvalidValue, "tolerance_days"),
        ({"rules": "strict"}, InvalidType, "rules"),
    ],
)
def test_bad_parameters(kwargs: dict[str, Any], error: type[Exception], field: str) -> None:
    with pytest.raises(error) as info:
        profile(monthly([0]), **kwargs)
    assert getattr(info.value, "field", None) == field


def test_bad_inputs() -> None:
    with pytest.raises(InvalidValue):
        profile([])
    with pytest.raises(InvalidType):
        profile_debtor(["F001"], as_of=AS_OF)  # type: ignore[list-item]
    with pytest.raises(InvalidValue):
        profile_debtor(monthly([0]), as_of="31/12/2025")
    with pytest.raises(CurrencyMismatch):
        profile([invoice(1, 100), invoice(2, 200, currency="USD")])


def test_a_claim_issued_after_as_of_is_ignored_even_in_another_currency() -> None:
    later = invoice(2, -10, currency="USD")
    assert profile([invoice(1, 100), later]).metrics.claims_issued == 1


# -- rules as data ---------------------------------------------------------------------------


def test_default_rules_round_trip() -> None:
    rules = ProfilingRules.default()
    assert ProfilingRules.from_dict(rules.to_dict()) == rules
    assert ProfilingRules.from_dict(json.loads(json.dumps(rules.to_dict()))) == rules
    assert rules.rules[-1].when == ()
    assert [r.segment for r in rules.rules][:2] == [Segment.INSOLVENT, Segment.INSOLVENT]


def test_rules_from_a_toml_file(tmp_path: Path) -> None:
    data = ProfilingRules.default().to_dict()
    path = tmp_path / "rules.toml"
    source = Path(__file__).parent.parent / "src/recouvrement/data/profiling_rules.toml"
    path.write_text(source.read_text("utf-8"), "utf-8")
    assert ProfilingRules.from_toml(path).to_dict() == data


def test_custom_rules_change_the_segment() -> None:
    strict = ProfilingRules.default().to_dict()
    strict["rules"] = [
        {
            "id": "any_late",
            "segment": "habitually_late",
            "note": "late once",
            "when": [{"metric": "late_share", "op": ">", "value": "0"}],
        },
        {"id": "rest", "segment": "punctual", "note": "never late"},
    ]
    claims = monthly([0, 12, 0, 0, 0, 8, 0, 0, 0, 0])
    assert profile(claims, rules=strict).segment is Segment.HABITUALLY_LATE
    assert profile(claims, rules=ProfilingRules.from_dict(strict)).rule == "any_late"


def _broken(change: Any) -> dict[str, Any]:
    data = ProfilingRules.default().to_dict()
    change(data)
    return data


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d["rules"][2]["when"][0].update(metric="promisses"), "rules[2].when[0].metric"),
        (lambda d: d["rules"][2]["when"][0].update(op="=>"), "rules[2].when[0].op"),
        (lambda d: d["rules"][2]["when"][0].update(value=2.0), "rules[2].when[0].value"),
        (lambda d: d["rules"][2]["when"][0].update(value=True), "rules[2].when[0].value"),
        (lambda d: d["rules"][0]["when"][0].update(value=1), "rules[0].when[0].value"),
        (lambda d: d["rules"][0]["when"][0].update(op=">"), "rules[0].when[0].op"),
        (lambda d: d["rules"][3].update(segment="rogue"), "rules[3].segment"),
        (lambda d: d["rules"][3].update(colour="red"), "rules[3].colour"),
        (lambda d: d["rules"][3].pop("note"), "rules[3].note"),
        (lambda d: d["rules"][4].update(id=d["rules"][3]["id"]), "rules[4].id"),
        (lambda d: d["rules"].pop(), f"rules[{len(ProfilingRules.default().rules) - 2}].when"),
        (lambda d: d["rules"][3].update(when=[]), "rules[3].when"),
        (lambda d: d["score"].update(trend_points_per_day="0.9"), "score.trend_points_per_day"),
        (lambda d: d["score"].update(late_share_points="-1"), "score.late_share_points"),
        (lambda d: d["score"].pop("insolvency_points"), "score.insolvency_points"),
        (lambda d: d.update(silence_days=0), "silence_days"),
        (lambda d: d.update(extra=1), "extra"),
    ],
)
def test_bad_rules_raise_invalid_policy_naming_the_field(change: Any, field: str) -> None:
    with pytest.raises(InvalidPolicy) as info:
        ProfilingRules.from_dict(_broken(change))
    assert info.value.field == field


def test_bad_toml_is_invalid_policy() -> None:
    with pytest.raises(InvalidPolicy):
        ProfilingRules.from_toml("rules = [")
    with pytest.raises(InvalidType):
        ProfilingRules.from_toml(42)  # type: ignore[arg-type]


def test_rule_objects() -> None:
    condition = SegmentCondition(metric="insolvency_open", op="==", value=True)
    assert str(condition) == "insolvency_open == true"
    rule = SegmentRule(id="x", segment="insolvent", note="open", when=[condition])
    assert rule.to_dict()["when"] == [{"metric": "insolvency_open", "op": "==", "value": True}]
    assert ScoreWeights.from_dict(ScoreWeights.default().to_dict()) == ScoreWeights.default()
    assert ProfilingRules.default().validated() is ProfilingRules.default()


# -- properties ------------------------------------------------------------------------------


@st.composite
def claim_specs(draw: st.DrawFn, n: int) -> dict[str, Any]:
    """One claim of a debtor history, as a spec that `build` turns into a `Claim`."""
    issued_ago = draw(st.integers(-20, 800))
    amount = draw(st.integers(100, 5000))
    parts = draw(st.sampled_from([[100], [100], [40, 60], [30, 30], [50]]))
    payments = (
        [[draw(st.integers(0, 300)), amount * share // 100] for share in parts]
        if draw(st.integers(0, 5))
        else []
    )
    events: list[tuple[Any, ...]] = []
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(
            st.sampled_from(["promise", "notice", "plan", "dispute", "reminder", "insolvency"])
        )
        at = draw(st.integers(0, 300))
        events.append(
            (kind, at, draw(st.integers(1, 60)), draw(st.sampled_from([*DisputeOutcome, None])))
        )
    credit = draw(st.none() | st.integers(0, 200))
    return {
        "n": n,
        "issued_ago": issued_ago,
        "amount": amount,
        "payments": payments,
        "events": events,
        "credit": credit,
    }


def build(spec: dict[str, Any]) -> Claim:
    issued = day(spec["issued_ago"])
    amount = Money(spec["amount"])

    def at(offset: int) -> pendulum.Date:
        return issued.add(days=offset)

    events: list[Event] = []
    for kind, offset, length, outcome in spec["events"]:
        if kind == "promise":
            events.append(
                PaymentPromise(
                    on=at(offset),
                    promised_for=at(offset + length),
                    amount=None if length % 2 else amount * Decimal("0.5"),
                )
            )
        elif kind == "notice":
            events.append(FormalNotice(on=at(offset)))
        elif kind == "reminder":
            events.append(Reminder(on=at(offset), channel=Channel.EMAIL))
        elif kind == "plan":
            events.append(
                PaymentPlan(
                    agreed_on=at(offset),
                    instalments=[
                        Instalment(due_on=at(offset + length), amount=amount * Decimal("0.5")),
                        Instalment(due_on=at(offset + length + 30), amount=amount * Decimal("0.5")),
                    ],
                )
            )
        elif kind == "dispute":
            closed = None if outcome is None else at(offset + length)
            events.append(Dispute(opened_on=at(offset), closed_on=closed, outcome=outcome))
        else:
            events.append(
                InsolvencyProceeding(
                    kind=InsolvencyKind.SAFEGUARD,
                    opened_on=at(offset),
                    closed_on=at(offset + length) if length % 2 else None,
                )
            )
    credit = spec["credit"]
    return Claim(
        id=f"F{spec['n']:03d}",
        creditor=ACME,
        debtor=MARTIN,
        nature="commercial",
        amount=amount,
        issued_on=issued,
        due_on=issued.add(days=30),
        payments=[
            Payment(on=at(off), amount=Money(cents)) for off, cents in spec["payments"] if cents > 0
        ],
        credit_notes=[]
        if credit is None
        else [CreditNote(on=at(credit), amount=amount * Decimal("0.1"))],
        events=events,
    )


@st.composite
def histories(draw: st.DrawFn, max_claims: int = 8) -> list[dict[str, Any]]:
    count = draw(st.integers(1, max_claims))
    return [draw(claim_specs(i)) for i in range(count)]


PROPERTY = settings(max_examples=120, deadline=None)


@PROPERTY
@given(histories(), st.data())
def test_a_later_payment_never_lowers_the_score(
    history: list[dict[str, Any]], data: st.DataObject
) -> None:
    paid = [(i, j) for i, spec in enumerate(history) for j in range(len(spec["payments"]))]
    if not paid:
        return
    i, j = data.draw(st.sampled_from(paid))
    shift = data.draw(st.integers(1, 400))
    later = [dict(spec) for spec in history]
    later[i] = dict(history[i], payments=[list(p) for p in history[i]["payments"]])
    later[i]["payments"][j][0] += shift
    before = profile([build(s) for s in history])
    after = profile([build(s) for s in later])
    assert after.score >= before.score, (before.explain(), after.explain())


@PROPERTY
@given(histories(), st.randoms(use_true_random=False))
def test_profiles_do_not_depend_on_claim_order(
    history: list[dict[str, Any]], rng: random.Random
) -> None:
    claims = [build(s) for s in history]
    shuffled = list(claims)
    rng.shuffle(shuffled)
    assert profile(shuffled).to_dict() == profile(claims).to_dict()
    assert profile_debtors(shuffled, as_of=AS_OF)["MARTIN"].to_dict() == profile(claims).to_dict()


def _known_by(claim: Claim, as_of: pendulum.Date) -> Claim | None:
    """The claim as it was known on ``as_of``: later facts removed."""
    if claim.issued_on > as_of:
        return None
    events: list[Event] = []
    for event in claim.events:
        if event.date > as_of:
            continue
        if isinstance(event, Dispute) and event.closed_on is not None and event.closed_on > as_of:
            event = Dispute(opened_on=event.opened_on, amount=event.amount)
        if (
            isinstance(event, InsolvencyProceeding)
            and event.closed_on is not None
            and event.closed_on > as_of
        ):
            event = InsolvencyProceeding(kind=event.kind, opened_on=event.opened_on)
        events.append(event)
    return Claim(
        id=claim.id,
        creditor=claim.creditor,
        debtor=claim.debtor,
        nature=claim.nature,
        amount=claim.amount,
        issued_on=claim.issued_on,
        due_on=claim.due_on,
        payments=[p for p in claim.payments if p.on <= as_of],
        credit_notes=[c for c in claim.credit_notes if c.on <= as_of],
        events=events,
    )


@PROPERTY
@given(histories(), st.integers(0, 300))
def test_facts_after_as_of_are_ignored(history: list[dict[str, Any]], back: int) -> None:
    as_of = day(back)
    claims = [build(s) for s in history]
    known = [c for c in (_known_by(claim, as_of) for claim in claims) if c is not None]
    if not known:
        return
    full = profile_debtor(claims, as_of=as_of)
    assert full.to_dict() == profile_debtor(known, as_of=as_of).to_dict()


@PROPERTY
@given(
    st.lists(any_claims(currency="EUR", debtor=MARTIN), min_size=1, max_size=6),
    dates(),
    st.integers(0, 10),
)
def test_score_in_range_and_deterministic(
    claims: list[Claim], as_of: pendulum.Date, tolerance: int
) -> None:
    first = profile_debtor(claims, as_of=as_of, tolerance_days=tolerance)
    assert 0 <= first.score <= 100
    assert first.segment in Segment
    again = profile_debtor(claims, as_of=as_of, tolerance_days=tolerance)
    assert first.to_dict() == again.to_dict()
    json.dumps(first.to_dict())


@PROPERTY
@given(st.lists(st.integers(1, 60), min_size=9, max_size=9), st.integers(0, 9), st.integers(-20, 0))
def test_late_nine_times_in_ten_is_never_occasional(
    lates: list[int], where: int, early: int
) -> None:
    delays: list[int | None] = list(lates)
    delays.insert(where, early)
    assert profile(monthly(delays)).segment is Segment.HABITUALLY_LATE


@given(
    st.lists(any_claims(currency="EUR", debtor=MARTIN), min_size=1, max_size=6),
    dates(),
    st.integers(0, 10),
    st.sampled_from([6, 24]),
)
def test_debtor_segment_is_the_profile_segment(
    claims: list[Claim], as_of: pendulum.Date, tolerance: int, months: int
) -> None:
    """`debtor_segment` gives the segment of `profile_debtor` (the batches read only it)."""
    options: dict[str, Any] = {"tolerance_days": tolerance, "window_months": months}
    assert debtor_segment(claims, as_of=as_of, **options) is (
        profile_debtor(claims, as_of=as_of, **options).segment
    )


def test_debtor_segment_checks_as_profile_debtor_does() -> None:
    sample = load_sample()
    with pytest.raises(InvalidValue, match="several debtors"):
        debtor_segment(sample.claims, as_of=sample.as_of)
    with pytest.raises(InvalidValue, match="at least one claim"):
        debtor_segment([], as_of=sample.as_of)
    with pytest.raises(InvalidType):
        debtor_segment("claims", as_of=sample.as_of)  # type: ignore[arg-type]


def test_debtor_segment_of_every_sample_debtor() -> None:
    sample = load_sample()
    profiles = profile_debtors(sample.claims, as_of=sample.as_of)
    for debtor_id, profile in profiles.items():
        mine = [c for c in sample.claims if c.debtor.id == debtor_id]
        assert debtor_segment(mine, as_of=sample.as_of) is profile.segment


def test_a_payment_moved_after_a_plan_or_a_promise_never_lowers_the_score() -> None:
    # Worked cases of the monotone score: 300 paid the day before a plan (or a promise) of
    # 300, and the same 300 paid the day after it. Paying earlier never scores higher.
    from recouvrement.events import Instalment

    def history(pay_on: str, event: Event) -> list[Claim]:
        return [
            Claim(
                id="F0",
                creditor=ACME,
                debtor=MARTIN,
                nature="commercial",
                amount="1000",
                issued_on="2025-01-01",
                due_on="2025-01-31",
                payments=[Payment(on=pay_on, amount="300")],
                events=[event],
            )
        ]

    plan = PaymentPlan(
        agreed_on="2025-03-01",
        instalments=[
            Instalment(due_on="2025-03-15", amount="300"),
            Instalment(due_on="2025-12-15", amount="700"),
        ],
    )
    promise = PaymentPromise(on="2025-03-01", promised_for="2025-03-15", amount="300")
    for event in (plan, promise):
        before = profile_debtor(history("2025-02-28", event), as_of="2025-06-30")
        after = profile_debtor(history("2025-03-02", event), as_of="2025-06-30")
        assert after.score >= before.score, (event, before.explain(), after.explain())
    assert profile_debtor(history("2025-02-28", plan), as_of="2025-06-30").metrics.plans_broken == 0
