"""Scenario tests of next_action: one per guard, per segment track, the legal route, the cost
guard, catch-up, simulate, portfolios and payment plans.

Legal figures come from /work/shared/reference/french-law.md: the small-claims threshold of
5,000 EUR (CPCE L125-1, acta.fr / macsf.fr [75]), the prior amicable attempt below
5,000 EUR (CPC 750-1, [79][80]), the avocat above 10,000 EUR (CPC 761, 853 [81][82]), the
2-month declaration deadline and 6-month relief window (C. com. R622-24 [93], L622-26 [94]),
the 2-year consumer prescription (C. consom. L218-2).
"""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

import attrs
import pendulum
import pytest

from recouvrement.claims import Claim, Payment
from recouvrement.decisions import (
    Action,
    Decision,
    debtor_actions,
    next_action,
    next_actions,
    plan_status,
    propose_payment_plan,
    resolve_policy,
    simulate,
)
from recouvrement.errors import InvalidType, InvalidValue, UnsupportedJurisdiction
from recouvrement.events import (
    AgencyHandover,
    Cancellation,
    Channel,
    ClaimDeclaration,
    Dispute,
    EnforcementAct,
    FormalNotice,
    InsolvencyProceeding,
    Instalment,
    Judgment,
    LegalAction,
    OverIndebtedness,
    PaymentPlan,
    PaymentPromise,
    Reminder,
    WriteOff,
)
from recouvrement.jurisdictions.fr.procedures import choose_legal_route
from recouvrement.money import Money
from recouvrement.parties import Creditor, Debtor
from recouvrement.policy import EscalationPolicy, Tone
from recouvrement.sample import load_sample, sample_claim
from recouvrement.segments import Segment

ACME = Creditor(id="ACME", name="Acme SAS", kind="professional")
MARTIN = Debtor(id="MARTIN", name="Martin SARL", kind="professional")
PETIT = Debtor(id="PETIT", name="Paul Petit", kind="individual")
NOTICE = FormalNotice(on="2025-03-21", cure_days=8)
LADDER_DONE = (
    Reminder(on="2025-02-19", channel="email", step="courteous"),
    Reminder(on="2025-03-01", channel="phone", step="firm"),
    Reminder(on="2025-03-11", channel="letter", step="written"),
    NOTICE,
)


def claim(**overrides: Any) -> Claim:
    """A 1,500 EUR commercial claim due 2025-02-14."""
    fields: dict[str, Any] = {
        "id": "F-1",
        "creditor": ACME,
        "debtor": MARTIN,
        "nature": "commercial",
        "amount": "1500",
        "issued_on": "2025-01-15",
        "due_on": "2025-02-14",
    }
    fields.update(overrides)
    return Claim(**fields)


def codes(decision: Decision) -> list[str]:
    return [r.code for r in decision.reasons]


def cited(decision: Decision) -> set[str]:
    return {str(r.citation) for r in decision.reasons if r.citation is not None}


# -- guard 1: settled, cancelled, written off --------------------------------------------


def test_settled_claim_closes() -> None:
    # Paid on the due date: no late-payment accessories are owed (paid late, see
    # tests/test_truth_amounts.py).
    paid = claim(payments=[Payment(on="2025-02-14", amount="1500")])
    d = next_action(paid, as_of="2025-03-02")
    assert d.action is Action.CLOSE
    assert codes(d) == ["guard.settled"]
    assert d.amounts is None
    assert next_action(paid, as_of="2025-02-13").action is Action.NONE


@pytest.mark.parametrize(
    ("event", "code"),
    [
        (Cancellation(on="2025-03-01"), "guard.cancelled"),
        (WriteOff(on="2025-03-01"), "guard.written_off"),
    ],
)
def test_cancelled_or_written_off_claim_closes(event: Any, code: str) -> None:
    d = next_action(claim(events=[event]), as_of="2025-04-01")
    assert d.action is Action.CLOSE
    assert codes(d) == [code]


# -- guard 2: insolvency ------------------------------------------------------------------

# C. com. R622-24 and L622-26: published 2025-03-16 -> declare by 2025-05-16, relief by
# 2025-09-16 (the prescription module's worked example).
PROCEEDING = InsolvencyProceeding(
    kind="receivership", opened_on="2025-03-04", published_on="2025-03-16"
)


def test_insolvency_declare_before_the_deadline() -> None:
    d = next_action(claim(events=[PROCEEDING]), as_of="2025-04-01")
    assert d.action is Action.DECLARE_CLAIM
    assert d.deadline == pendulum.Date(2025, 5, 16)
    assert {"C. com. L622-21", "C. com. R622-24"} <= cited(d)
    assert d.amounts is not None


def test_insolvency_declare_as_soon_as_opened_even_before_publication() -> None:
    unpublished = InsolvencyProceeding(kind="liquidation", opened_on="2025-03-04")
    d = next_action(claim(events=[unpublished]), as_of="2025-03-05")
    assert d.action is Action.DECLARE_CLAIM
    assert d.deadline is None


def test_insolvency_creditor_outside_metropolitan_france_gets_two_more_months() -> None:
    abroad = Creditor(id="BE", name="Brussels SA", kind="professional", country="BE")
    d = next_action(claim(creditor=abroad, events=[PROCEEDING]), as_of="2025-06-01")
    assert d.action is Action.DECLARE_CLAIM
    assert d.deadline == pendulum.Date(2025, 7, 16)


def test_insolvency_relief_window_then_write_off() -> None:
    late = next_action(claim(events=[PROCEEDING]), as_of="2025-06-01")
    assert late.action is Action.REQUEST_RELIEF_FROM_FORECLOSURE
    assert late.deadline == pendulum.Date(2025, 9, 16)
    assert "C. com. L622-26" in cited(late)
    gone = next_action(claim(events=[PROCEEDING]), as_of="2025-10-01")
    assert gone.action is Action.WRITE_OFF
    assert "guard.insolvency.foreclosed" in codes(gone)


def test_insolvency_declared_claim_waits() -> None:
    d = next_action(
        claim(events=[PROCEEDING, ClaimDeclaration(on="2025-04-01")]), as_of="2025-06-01"
    )
    assert d.action is Action.WAIT
    assert d.on == pendulum.Date(2025, 7, 1)
    assert "C. com. L622-25-1" in cited(d)


def test_closed_proceeding_no_longer_stays_actions() -> None:
    closed = InsolvencyProceeding(
        kind="safeguard", opened_on="2025-03-04", published_on="2025-03-16", closed_on="2025-04-01"
    )
    d = next_action(claim(events=[closed]), as_of="2025-04-10")
    assert d.action is Action.REMINDER


# -- guard 3: over-indebtedness ----------------------------------------------------------


def test_over_indebtedness_suspends() -> None:
    person = Debtor(id="P", name="Paul Petit", kind="individual")
    c = claim(
        debtor=person, nature="consumer", events=[OverIndebtedness(admissible_on="2025-03-01")]
    )
    d = next_action(c, as_of="2025-04-01")
    assert d.action is Action.WAIT
    assert {"C. consom. L722-2", "C. consom. L722-5"} <= cited(d)
    assert (
        next_action(
            claim(
                debtor=person,
                nature="consumer",
                events=[OverIndebtedness(admissible_on="2025-03-01", closed_on="2025-03-20")],
            ),
            as_of="2025-04-01",
        ).action
        is not Action.WAIT
    )


# -- guards 4 and 5: prescription --------------------------------------------------------

CONSUMER = {
    "creditor": Creditor(id="G", name="Garage", kind="professional"),
    "debtor": Debtor(id="P", name="Paul Petit", kind="individual"),
    "nature": "consumer",
    "amount": "900",
    "issued_on": "2023-01-10",
    "due_on": "2023-02-10",
}


def test_time_barred_claim_is_written_off() -> None:
    # C. consom. L218-2: 2 years from 2023-02-10, last day 2025-02-10.
    d = next_action(claim(**CONSUMER), as_of="2025-03-01")
    assert d.action is Action.WRITE_OFF
    assert d.deadline == pendulum.Date(2025, 2, 10)
    assert codes(d) == ["guard.time_barred"]
    assert "C. consom. L218-2" in cited(d)


def test_prescription_close_asks_to_interrupt() -> None:
    d = next_action(claim(**CONSUMER), as_of="2024-12-01")
    assert d.action is Action.INTERRUPT_PRESCRIPTION
    assert d.deadline == pendulum.Date(2025, 2, 10)
    assert {"C. civ. 2240", "C. civ. 2241"} <= cited(d)
    # Outside the margin: the ladder.
    assert next_action(claim(**CONSUMER), as_of="2024-10-01").action is not (
        Action.INTERRUPT_PRESCRIPTION
    )
    # A custom margin.
    wide = EscalationPolicy.from_dict(
        {**EscalationPolicy.default().to_dict(), "settings": {"prescription_margin_days": 200}}
    )
    assert next_action(claim(**CONSUMER), as_of="2024-10-01", policy=wide).action is (
        Action.INTERRUPT_PRESCRIPTION
    )


# -- guard 6: disputes --------------------------------------------------------------------


def test_dispute_on_whole_claim() -> None:
    d = next_action(claim(events=[Dispute(opened_on="2025-02-20")]), as_of="2025-03-20")
    assert d.action is Action.RESOLVE_DISPUTE
    assert codes(d) == ["guard.dispute"]


def test_partial_dispute_escalates_the_undisputed_rest() -> None:
    c = claim(events=[*LADDER_DONE, Dispute(opened_on="2025-03-25", amount="500")])
    d = next_action(c, as_of="2025-04-05", with_amounts=False)
    assert d.action is Action.SMALL_CLAIMS_PROCEDURE
    assert "guard.dispute.partial" in codes(d)
    assert d.reasons[codes(d).index("guard.dispute.partial")].facts["undisputed"] == Decimal(1000)


def test_closed_dispute_no_longer_blocks() -> None:
    c = claim(events=[Dispute(opened_on="2025-02-20", closed_on="2025-02-25", outcome="withdrawn")])
    assert next_action(c, as_of="2025-03-20").action is Action.REMINDER


# -- guard 7: payment plans ---------------------------------------------------------------

PLAN = PaymentPlan(
    agreed_on="2025-03-01",
    instalments=[
        Instalment(due_on="2025-04-01", amount="500"),
        Instalment(due_on="2025-05-01", amount="500"),
        Instalment(due_on="2025-06-01", amount="500"),
    ],
)


def test_plan_on_track_waits_for_the_next_instalment() -> None:
    c = claim(events=[*LADDER_DONE[:2], PLAN], payments=[Payment(on="2025-04-01", amount="500")])
    d = next_action(c, as_of="2025-04-10")
    assert d.action is Action.WAIT
    assert codes(d) == ["guard.plan_on_track"]
    assert d.on == pendulum.Date(2025, 5, 7)  # next instalment + 5 days of grace + 1


def test_broken_plan_resumes_one_step_up_at_once() -> None:
    c = claim(events=[*LADDER_DONE[:2], PLAN])
    d = next_action(c, as_of="2025-04-07")
    assert d.action is Action.REMINDER
    assert d.step == "written"
    assert "guard.plan_broken" in codes(d)
    status = plan_status(c, as_of="2025-04-07", tolerance_days=5)
    assert status is not None
    assert status.broken_on == pendulum.Date(2025, 4, 1)
    # Within the grace period the plan is still on track.
    assert next_action(c, as_of="2025-04-05").action is Action.WAIT


# -- guard 8: promises --------------------------------------------------------------------


def test_pending_promise_waits_then_broken_promise_resumes() -> None:
    promise = PaymentPromise(on="2025-03-05", promised_for="2025-03-15")
    c = claim(events=[*LADDER_DONE[:2], promise])
    pending = next_action(c, as_of="2025-03-12")
    assert pending.action is Action.WAIT
    assert pending.on == pendulum.Date(2025, 3, 19)
    broken = next_action(c, as_of="2025-03-19")
    assert broken.action is Action.REMINDER
    assert "guard.promise_broken" in codes(broken)


def test_kept_promise_of_a_part_resumes_without_broken_reason() -> None:
    promise = PaymentPromise(on="2025-03-05", promised_for="2025-03-15", amount="500")
    c = claim(events=[*LADDER_DONE[:2], promise], payments=[Payment(on="2025-03-10", amount="500")])
    d = next_action(c, as_of="2025-03-12")
    assert d.action is Action.REMINDER
    assert "guard.promise_broken" not in codes(d)


# -- guard 9: minimum ---------------------------------------------------------------------


def test_below_minimum_does_nothing_or_writes_off() -> None:
    small = claim(payments=[Payment(on="2025-02-20", amount="1497")])
    assert next_action(small, as_of="2025-03-20").action is Action.NONE
    policy = EscalationPolicy.from_dict(
        {**EscalationPolicy.default().to_dict(), "settings": {"small_balance_write_off": "10"}}
    )
    d = next_action(small, as_of="2025-03-20", policy=policy)
    assert d.action is Action.WRITE_OFF
    assert codes(d) == ["guard.small_balance"]


# -- guard 10: not yet due ----------------------------------------------------------------


def test_not_yet_due() -> None:
    d = next_action(claim(), as_of="2025-02-14")
    assert d.action is Action.NONE
    assert d.on == pendulum.Date(2025, 2, 19)
    assert codes(d) == ["guard.not_yet_due"]


def test_new_customer_track_has_a_pre_due_reminder() -> None:
    d = next_action(claim(), as_of="2025-02-11", profile=Segment.NEW)
    assert (d.action, d.step, d.channel) == (Action.REMINDER, "pre_due", Channel.EMAIL)
    assert next_action(claim(), as_of="2025-02-10", profile="new").on == pendulum.Date(2025, 2, 11)
    # Once due, the pre-due step is skipped, with a reason.
    d = next_action(claim(), as_of="2025-02-20", profile="new")
    assert d.step == "courteous"
    assert "ladder.skipped" in codes(d)


# -- the ladder and the segment tracks ----------------------------------------------------


def test_base_ladder_one_step_at_a_time() -> None:
    d = next_action(claim(), as_of="2025-02-19")
    assert (d.action, d.step, d.channel, d.tone) == (
        Action.REMINDER,
        "courteous",
        Channel.EMAIL,
        Tone.COURTEOUS,
    )
    d = next_action(claim(events=LADDER_DONE[:1]), as_of="2025-02-20")
    assert d.action is Action.WAIT
    assert d.step == "firm"
    assert d.on == pendulum.Date(2025, 3, 1)
    d = next_action(claim(events=LADDER_DONE[:3]), as_of="2025-03-21")
    assert d.action is Action.FORMAL_NOTICE
    assert d.channel is Channel.REGISTERED_LETTER
    assert "C. civ. 1344" in cited(d)


def test_punctual_track_is_softer_and_later() -> None:
    assert next_action(claim(), as_of="2025-02-19", profile="punctual").action is Action.WAIT
    d = next_action(claim(), as_of="2025-02-24", profile="punctual")
    assert (d.step, d.tone) == ("courteous", Tone.COURTEOUS)
    d = next_action(claim(events=LADDER_DONE[:1]), as_of="2025-03-06", profile="punctual")
    assert (d.step, d.tone, d.channel) == ("firm", Tone.COURTEOUS, Channel.PHONE)


def test_habitually_late_track_skips_courtesy() -> None:
    d = next_action(claim(), as_of="2025-02-17", profile=Segment.HABITUALLY_LATE)
    assert (d.step, d.tone, d.channel) == ("firm", Tone.FIRM, Channel.PHONE)
    events = [
        Reminder(on="2025-02-17", channel="phone", step="firm"),
        Reminder(on="2025-02-24", channel="registered_letter", step="registered"),
    ]
    d = next_action(claim(events=events), as_of="2025-03-03", profile="habitually_late")
    assert d.action is Action.SUSPEND_DELIVERIES


def test_financial_difficulty_track_offers_a_plan() -> None:
    events = [Reminder(on="2025-02-19", channel="email", step="courteous")]
    d = next_action(claim(events=events), as_of="2025-02-26", profile="financial_difficulty")
    assert (d.action, d.step) == (Action.PAYMENT_PLAN_OFFER, "plan_offer")


def test_bad_faith_track_formalises_early() -> None:
    d = next_action(claim(), as_of="2025-02-17", profile="bad_faith")
    assert (d.step, d.channel, d.tone) == ("registered", Channel.REGISTERED_LETTER, Tone.FORMAL)
    events = [Reminder(on="2025-02-17", channel="registered_letter", step="registered")]
    d = next_action(claim(events=events), as_of="2025-02-24", profile="bad_faith")
    assert d.action is Action.FORMAL_NOTICE


def test_occasionally_late_and_insolvent_profiles() -> None:
    assert next_action(claim(), as_of="2025-02-19", profile="occasionally_late").step == "courteous"
    d = next_action(claim(), as_of="2025-02-19", profile="insolvent")
    assert d.action is Action.WAIT
    assert codes(d) == ["guard.profile_insolvent", "guard.stayed.prescription"]
    # No proceeding recorded: a policy choice, not the stay of C. com. L622-21 (review F4).
    assert "C. com. L622-21" not in cited(d)
    assert "policy choice" in d.reasons[0].message
    assert d.deadline == pendulum.Date(2030, 2, 14)  # the prescription deadline


def test_profile_object_with_a_segment() -> None:
    class Profile:
        segment = Segment.BAD_FAITH

    assert next_action(claim(), as_of="2025-02-17", profile=Profile()).step == "registered"
    with pytest.raises(InvalidType):
        next_action(claim(), as_of="2025-02-17", profile=3)


def test_steps_done_are_read_from_events_without_step_ids() -> None:
    events = [
        Reminder(on="2025-02-19", channel="email"),
        Reminder(on="2025-03-01", channel="phone"),
    ]
    d = next_action(claim(events=events), as_of="2025-03-11")
    assert d.step == "written"


def test_catch_up_after_a_long_gap_never_skips_steps() -> None:
    d = next_action(claim(), as_of="2025-09-01")
    assert d.step == "courteous"
    assert "ladder.catch_up" in codes(d)
    timeline = simulate(claim(), start="2025-09-01", end="2025-12-31", with_amounts=False)
    steps = [(str(x.on), x.step) for x in timeline[:4]]
    assert steps == [
        ("2025-09-01", "courteous"),
        ("2025-09-11", "firm"),
        ("2025-09-21", "written"),
        ("2025-10-01", "formal_notice"),
    ]


def test_step_below_its_minimum_is_skipped_with_a_reason() -> None:
    data = EscalationPolicy.default().to_dict()
    data["steps"][2]["min_amount"] = "5000"
    policy = EscalationPolicy.from_dict(data)
    d = next_action(claim(events=LADDER_DONE[:2]), as_of="2025-03-12", policy=policy)
    assert d.action is Action.FORMAL_NOTICE
    assert "ladder.skipped" in codes(d)


# -- legal route, cost guard, titles -----------------------------------------------------


def test_legal_route_small_claims_after_the_cure_period() -> None:
    c = claim(events=LADDER_DONE)
    wait = next_action(c, as_of="2025-03-25")
    assert wait.action is Action.WAIT
    assert wait.on == pendulum.Date(2025, 3, 30)
    d = next_action(c, as_of="2025-03-30")
    assert d.action is Action.SMALL_CLAIMS_PROCEDURE
    assert d.tone is Tone.LEGAL
    assert {"CPCE L125-1 R125-1", "CPC 750-1"} <= cited(d)
    assert d.amounts is not None
    assert d.amounts.principal == Money("1500.00")


def test_legal_route_payment_order_above_the_threshold() -> None:
    d = next_action(claim(amount="12000", events=LADDER_DONE), as_of="2025-03-30")
    assert d.action is Action.PAYMENT_ORDER
    assert "CPC 1405" in cited(d)


def test_legal_route_summons_when_disputed_with_lawyer_above_10000() -> None:
    rejected = Dispute(opened_on="2025-02-20", closed_on="2025-03-01", outcome="rejected")
    d = next_action(claim(amount="12000", events=[*LADDER_DONE, rejected]), as_of="2025-03-30")
    assert d.action is Action.SUMMONS
    assert "route.lawyer" in codes(d)
    assert "CPC 853" in cited(d)
    small = next_action(claim(amount="4000", events=[*LADDER_DONE, rejected]), as_of="2025-03-30")
    assert small.action is Action.SUMMONS
    # CPC 750-1 is confirmed for the tribunal judiciaire only (review F6).
    assert "route.amicable.not_confirmed" in codes(small)
    civil = next_action(
        claim(amount="4000", debtor=PETIT, events=[*LADDER_DONE, rejected]), as_of="2025-03-30"
    )
    assert civil.action is Action.SUMMONS
    assert "route.amicable.required" in codes(civil)


def test_legal_route_needs_a_formal_notice() -> None:
    data = EscalationPolicy.default().to_dict()
    data["steps"][3]["min_amount"] = "100000"
    policy = EscalationPolicy.from_dict(data)
    d = next_action(claim(events=LADDER_DONE[:3]), as_of="2025-03-30", policy=policy)
    assert d.action is Action.FORMAL_NOTICE
    assert "ladder.notice_first" in codes(d)


def test_failed_small_claims_leads_to_payment_order() -> None:
    c = claim(events=[*LADDER_DONE, LegalAction(kind="small_claims", filed_on="2025-03-30")])
    assert next_action(c, as_of="2025-04-15").action is Action.WAIT
    d = next_action(c, as_of="2025-05-01")
    assert d.action is Action.PAYMENT_ORDER
    assert "route.small_claims.failed" in codes(d)


def test_cost_guard_hands_over_then_writes_off() -> None:
    tiny = claim(amount="120", events=LADDER_DONE)
    d = next_action(tiny, as_of="2025-03-30")
    assert d.action is Action.AGENCY_HANDOVER
    assert "CPCE L111-8" in cited(d)
    handed = claim(amount="120", events=[*LADDER_DONE, AgencyHandover(on="2025-03-30")])
    assert next_action(handed, as_of="2025-05-01").action is Action.WAIT
    assert next_action(handed, as_of="2025-07-01").action is Action.WRITE_OFF


def test_judgment_served_leads_to_enforcement() -> None:
    judged = claim(
        events=[
            *LADDER_DONE,
            LegalAction(kind="summons", filed_on="2025-04-01"),
            Judgment(on="2025-09-01", served_on="2025-09-15"),
        ]
    )
    d = next_action(judged, as_of="2025-10-01")
    assert d.action is Action.ENFORCEMENT
    assert "title.judgment" in codes(d)
    unserved = claim(events=[Judgment(on="2025-09-01")])
    d = next_action(unserved, as_of="2025-10-01")
    assert d.action is Action.ENFORCEMENT
    assert d.step == "serve_judgment"
    # CPC 478 (6 months) is for judgments by default only: stated, not the deadline (F10e).
    assert d.deadline is None
    assert "legal.serve_judgment.default" in codes(d)
    assert "CPC 478" in cited(d)
    under_way = claim(
        events=[Judgment(on="2025-09-01", served_on="2025-09-15"), EnforcementAct(on="2025-09-20")]
    )
    assert next_action(under_way, as_of="2025-10-01").action is Action.WAIT


# -- simulate, portfolios, plans ----------------------------------------------------------


def test_simulate_applies_each_action_as_an_event() -> None:
    timeline = simulate(claim(), start="2025-02-01", end="2026-01-31")
    actions = [d.action for d in timeline]
    assert actions[:5] == [Action.REMINDER] * 3 + [
        Action.FORMAL_NOTICE,
        Action.SMALL_CLAIMS_PROCEDURE,
    ]
    assert all(a.on <= b.on for a, b in itertools.pairwise(timeline))
    with pytest.raises(InvalidValue):
        simulate(claim(), start="2025-02-01", end="2025-01-01")


def test_simulate_stops_at_close() -> None:
    paid = claim(payments=[Payment(on="2025-02-25", amount="1500")])
    waive = attrs.evolve(EscalationPolicy.default(), waive_accessories=True)
    timeline = simulate(
        paid,
        start="2025-02-01",
        end="2025-12-31",
        with_amounts=False,
        replay="recorded",
        policy=waive,
    )
    assert [d.action for d in timeline] == [Action.REMINDER, Action.CLOSE]


def test_next_actions_resolves_policies_and_profiles() -> None:
    strict = EscalationPolicy(name="strict", steps=EscalationPolicy.default().ladder("bad_faith"))
    a, b = claim(id="A"), claim(id="B", debtor=Debtor(id="OTHER", name="O", kind="professional"))
    found = list(next_actions([a, b], as_of="2025-02-17", debtor_policies={"OTHER": strict}))
    assert [d.policy for d in found] == ["fr-default", "strict"]
    found = list(
        next_actions(
            [a, b],
            as_of="2025-02-17",
            policies={"A": strict},
            debtor_policies={"MARTIN": EscalationPolicy.default()},
        )
    )
    assert found[0].policy == "strict"
    assert resolve_policy(a, policies={"A": strict}).name == "strict"
    found = list(next_actions([a], as_of="2025-02-17", profiles={"MARTIN": "bad_faith"}))
    assert found[0].step == "registered"
    assert found[0].segment is Segment.BAD_FAITH


def test_next_actions_auto_profiles_on_the_sample() -> None:
    sample = load_sample()
    decisions = list(next_actions(sample.claims, as_of=sample.as_of, profiles="auto"))
    assert len(decisions) == len(sample.claims)
    assert any(d.segment is not None for d in decisions)


def test_debtor_actions_group_at_the_highest_step() -> None:
    first = claim(id="A", events=LADDER_DONE[:3])
    second = claim(id="B", issued_on="2025-02-20", due_on="2025-03-16")
    third = claim(id="C", issued_on="2025-03-15", due_on="2025-04-14")
    grouped = debtor_actions([first, second, third], as_of="2025-03-21")
    assert len(grouped) == 1
    g = grouped[0]
    assert g.action is Action.FORMAL_NOTICE
    assert g.step == "formal_notice"
    assert g.claim_ids == ("A", "B")
    assert g.also_overdue == ()
    assert g.total is not None
    assert g.total > Money("3000")
    assert len(g.decisions) == 3


def test_propose_payment_plan_sums_exactly() -> None:
    proposal = propose_payment_plan(
        sample_claim(), as_of="2025-06-30", instalments=7, first_due="2025-07-31"
    )
    total = sum((i.amount for i in proposal.instalments), Money.zero())
    assert total == proposal.total
    assert [str(i.due_on) for i in proposal.instalments[:3]] == [
        "2025-07-31",
        "2025-08-31",
        "2025-09-30",
    ]
    amounts = {i.amount for i in proposal.instalments[:-1]}
    assert len(amounts) == 1
    assert proposal.instalments[-1].amount >= amounts.pop()
    plan = proposal.to_plan()
    with_plan = claim(events=[plan], issued_on="2025-01-15")
    assert plan_status(with_plan, as_of="2025-07-01") is not None
    with pytest.raises(InvalidValue):
        propose_payment_plan(
            sample_claim(), as_of="2025-06-30", instalments=0, first_due="2025-07-31"
        )
    with pytest.raises(InvalidValue):
        propose_payment_plan(
            sample_claim(), as_of="2025-06-30", instalments=2, first_due="2025-06-01"
        )
    with pytest.raises(InvalidValue):
        propose_payment_plan(
            sample_claim(),
            as_of="2025-06-30",
            instalments=3,
            first_due="2025-07-01",
            amount=Money("0.02"),
        )


def test_bad_inputs() -> None:
    with pytest.raises(InvalidType):
        next_action("F-1", as_of="2025-01-01")  # type: ignore[arg-type]
    with pytest.raises(InvalidValue):
        next_action(claim(), as_of="01/01/2025")
    with pytest.raises(UnsupportedJurisdiction):
        next_action(claim(jurisdiction="XZ"), as_of="2025-03-01")
    with pytest.raises(InvalidType):
        next_action(claim(), as_of="2025-03-01", policy="strict")  # type: ignore[arg-type]


def test_decision_serialises_and_explains() -> None:
    d = next_action(sample_claim(), as_of="2025-06-30")
    data = d.to_dict()
    assert data["action"] == "small_claims_procedure"
    assert data["amounts"]["total"]
    assert d.explain().startswith("F-2025-0042 on 2025-06-30: small_claims_procedure")
    assert d.due_now


def test_delivery_and_write_off_events_count_as_steps_done() -> None:
    policy = EscalationPolicy.default()
    events = [
        Reminder(on="2025-02-17", channel="phone", step="firm"),
        Reminder(on="2025-02-24", channel="registered_letter", step="registered"),
    ]
    from recouvrement.events import DeliverySuspension

    c = claim(events=[*events, DeliverySuspension(on="2025-03-03")])
    d = next_action(c, as_of="2025-03-10", policy=policy, profile="habitually_late")
    assert d.action is Action.FORMAL_NOTICE


# -- legal review 2 (findings F1, F3-F8) ------------------------------------------------------

CONSUMER_2022 = {
    "nature": "consumer",
    "debtor": PETIT,
    "amount": "3000",
    "issued_on": "2022-02-15",
    "due_on": "2022-03-15",
}  # 2 years: barred after 2024-03-15


def test_unserved_payment_order_does_not_block_the_prescription_guard() -> None:
    # C. civ. 2241; Cass. 1re civ., 09/09/2020, n° 19-12.006 (reference §A.2): filing the
    # request does not interrupt, only service does (review F1).
    order = LegalAction(kind="payment_order", filed_on="2023-12-01")
    c = claim(events=[FormalNotice(on="2023-06-01"), order], **CONSUMER_2022)
    d = next_action(c, as_of="2024-03-10")
    assert d.action is Action.INTERRUPT_PRESCRIPTION
    assert d.deadline == pendulum.Date(2024, 3, 15)
    assert "legal.not_interrupting" in codes(d)
    assert "Cass. 1re civ. 9 Sep 2020, n° 19-12.006" in cited(d)
    # Outside the margin: WAIT, but the deadline is the earlier of the CPC 1411 limit
    # (2024-06-01) and the prescription deadline.
    early = claim(
        events=[FormalNotice(on="2023-06-01"), order], **{**CONSUMER_2022, "due_on": "2022-06-15"}
    )  # barred after 2024-06-15
    d = next_action(early, as_of="2024-01-10")
    assert d.action is Action.WAIT
    assert d.deadline == pendulum.Date(2024, 6, 1)
    assert "legal.pending.prescription" in codes(d)
    later = claim(
        events=[
            FormalNotice(on="2023-06-01"),
            LegalAction(kind="payment_order", filed_on="2024-01-20"),
        ],
        **{**CONSUMER_2022, "due_on": "2022-06-15"},
    )
    d = next_action(later, as_of="2024-02-01")
    assert d.action is Action.WAIT
    assert d.deadline == pendulum.Date(2024, 6, 15)  # prescription comes first


@pytest.mark.parametrize(
    "action",
    [
        LegalAction(kind="summons", filed_on="2024-02-01"),
        LegalAction(kind="small_claims", filed_on="2024-02-01"),
    ],
)
def test_unserved_summons_or_unagreed_small_claims_do_not_hold_the_clock(
    action: LegalAction,
) -> None:
    # C. civ. 2241 (service) and 2238 (the debtor's agreement suspends) (review F1).
    c = claim(events=[FormalNotice(on="2023-06-01"), action], **CONSUMER_2022)
    d = next_action(c, as_of="2024-02-20")
    assert d.action is Action.INTERRUPT_PRESCRIPTION
    assert d.deadline == pendulum.Date(2024, 3, 15)
    served = claim(
        events=[
            FormalNotice(on="2023-06-01"),
            LegalAction(kind="summons", filed_on="2024-02-01", served_on="2024-02-05"),
        ],
        **CONSUMER_2022,
    )
    assert next_action(served, as_of="2024-02-20").action is Action.WAIT


def test_unserved_judgment_is_served_not_written_off() -> None:
    # CPCE L111-4: 10 years once the decision is enforceable, service included
    # (Cass. 2e civ., 05/10/2023, n° 20-23.523, reference §A.1 A5) (review F3).
    c = claim(
        events=[
            LegalAction(kind="summons", filed_on="2022-05-01", served_on="2022-05-10"),
            Judgment(on="2022-09-01"),
        ],
        **CONSUMER_2022,
    )
    d = next_action(c, as_of="2024-10-01")
    assert d.action is Action.ENFORCEMENT
    assert d.step == "serve_judgment"
    assert "legal.serve_judgment" in codes(d)
    assert "Cass. 2e civ. 5 Oct 2023, n° 20-23.523" in cited(d)


def test_over_indebtedness_lets_the_prescription_guard_fire() -> None:
    # C. consom. L722-2 suspends enforcement only (reference §E.2); an acknowledgment or an
    # action for a title is not enforcement (review F4).
    c = claim(events=[OverIndebtedness(admissible_on="2023-06-01")], **CONSUMER_2022)
    d = next_action(c, as_of="2024-02-24")
    assert d.action is Action.INTERRUPT_PRESCRIPTION
    assert d.deadline == pendulum.Date(2024, 3, 15)
    assert codes(d)[0] == "guard.over_indebtedness"
    assert "guard.over_indebtedness.prescription" in codes(d)
    d = next_action(c, as_of="2023-07-01")
    assert d.action is Action.WAIT
    assert d.deadline == pendulum.Date(2024, 3, 15)
    assert "guard.stayed.prescription" in codes(d)
    assert next_action(c, as_of="2024-03-20").action is Action.WRITE_OFF


def test_profiled_insolvent_lets_the_prescription_guard_fire() -> None:
    # Without a recorded proceeding there is no stay (C. com. L622-21 not cited) (review F4).
    d = next_action(claim(**CONSUMER_2022), as_of="2024-02-24", profile=Segment.INSOLVENT)
    assert d.action is Action.INTERRUPT_PRESCRIPTION
    assert d.deadline == pendulum.Date(2024, 3, 15)
    assert "C. com. L622-21" not in cited(d)


def test_payment_order_service_limit_keys_on_the_order_date() -> None:
    # CPC 1411: 6 months, 3 months for orders made from 2026-09-01 (décret 2026-96,
    # reference §D.3) (review F5).
    def wait(order: LegalAction) -> Decision:
        c = claim(
            amount="8000",
            issued_on="2026-03-01",
            due_on="2026-04-01",
            events=[FormalNotice(on="2026-07-01"), order],
        )
        return next_action(c, as_of="2026-09-15")

    old = wait(LegalAction(kind="payment_order", filed_on="2026-08-20", ordered_on="2026-08-25"))
    assert old.deadline == pendulum.Date(2027, 2, 25)
    new = wait(LegalAction(kind="payment_order", filed_on="2026-08-20", ordered_on="2026-09-02"))
    assert new.deadline == pendulum.Date(2026, 12, 2)
    unknown = wait(LegalAction(kind="payment_order", filed_on="2026-08-20"))
    assert unknown.deadline == pendulum.Date(2026, 11, 20)  # the stricter 3 months
    assert "order date is not recorded" in unknown.reasons[1].message


def test_payment_order_enforceability_keys_on_the_order_date() -> None:
    # CPC 1416 (1 month to oppose) before 2026-09-01; CPC 1422: 2 months after service for
    # orders made from 2026-09-01 (reference §D.3) (review F5).
    def decide(order: LegalAction, as_of: str) -> Action:
        c = claim(
            amount="8000",
            issued_on="2026-03-01",
            due_on="2026-04-01",
            events=[FormalNotice(on="2026-07-01"), order],
        )
        return next_action(c, as_of=as_of).action

    made_before = LegalAction(
        kind="payment_order", filed_on="2026-08-20", ordered_on="2026-08-25", served_on="2026-09-10"
    )
    assert decide(made_before, "2026-10-20") is Action.ENFORCEMENT
    made_after = LegalAction(
        kind="payment_order", filed_on="2026-08-20", ordered_on="2026-09-02", served_on="2026-09-10"
    )
    assert decide(made_after, "2026-10-20") is Action.WAIT
    assert decide(made_after, "2026-11-11") is Action.ENFORCEMENT
    unknown = LegalAction(kind="payment_order", filed_on="2026-08-20", served_on="2026-09-10")
    assert decide(unknown, "2026-10-20") is Action.WAIT  # the longer wait


def test_amicable_attempt_not_confirmed_before_the_commercial_court() -> None:
    # CPC 750-1 (reference §D.4) is a rule of the tribunal judiciaire (review F6).
    route = choose_legal_route(
        claim(amount="3000"), as_of="2025-03-10", principal=Decimal(3000), disputed=True
    )
    assert route.court == "tribunal de commerce"
    assert route.amicable_attempt_required is None
    assert "route.amicable.not_confirmed" in [r.code for r in route.reasons]
    civil = choose_legal_route(
        claim(amount="3000", debtor=PETIT),
        as_of="2025-03-10",
        principal=Decimal(3000),
        disputed=True,
    )
    assert civil.court == "tribunal judiciaire"
    assert civil.amicable_attempt_required is True


def test_protection_judge_only_for_residential_rent() -> None:
    # CPC 761 (reference §D.4): never an avocat before the JCP; the claim model has no
    # consumer-credit flag, so another consumer claim is "check the court" (review F7).
    consumer = claim(nature="consumer", debtor=PETIT, amount="15000")
    route = choose_legal_route(
        consumer, as_of="2025-03-10", principal=Decimal(15000), disputed=True
    )
    assert route.lawyer_required is None
    assert "route.lawyer.check_court" in [r.code for r in route.reasons]
    landlord = Creditor(id="L", name="Jeanne Dupont", kind="individual")
    rent = claim(nature="residential_rent", creditor=landlord, debtor=PETIT, amount="15000")
    route = choose_legal_route(rent, as_of="2025-03-10", principal=Decimal(15000), disputed=True)
    assert route.lawyer_required is False
    assert "route.lawyer.protection_judge" in [r.code for r in route.reasons]


def test_tax_claim_has_no_private_route() -> None:
    # LPF L274 (reference §A.1 A9): recovered by the public accountant's own titles (F8).
    treasury = Creditor(id="DGFIP", name="DGFiP", kind="public_body")
    tax = claim(nature="tax", creditor=treasury, amount="3000")
    for disputed in (False, True):
        route = choose_legal_route(
            tax, as_of="2025-03-10", principal=Decimal(3000), disputed=disputed
        )
        assert route.kind is None
        assert route.court is None
        assert [r.code for r in route.reasons] == ["route.none.tax"]
    d = next_action(
        claim(nature="tax", creditor=treasury, events=list(LADDER_DONE)), as_of="2025-03-30"
    )
    assert d.action is Action.NONE
    assert "route.none.tax" in codes(d)


def test_next_action_uses_the_callers_rate_table_for_amounts() -> None:
    """A newly published half-year passed as ``rates`` reaches the amounts due (principle 4:
    never extrapolate; let the caller supply the rate)."""
    from recouvrement import RateTable, late_interest
    from recouvrement.decisions import next_action
    from recouvrement.sample import sample_claim

    claim = sample_claim()
    as_of = "2026-09-30"  # past the last published ECB decision in the package
    without = next_action(claim, as_of=as_of)
    assert without.amounts is None
    assert any(r.code == "amounts.unavailable" for r in without.reasons)
    ecb = RateTable.ecb().with_published_to("2026-12-31")
    with_rates = next_action(claim, as_of=as_of, rates=ecb)
    assert with_rates.amounts is not None
    expected = late_interest(claim, as_of=as_of, rates=ecb).interest
    assert with_rates.amounts.interest == expected


@pytest.mark.parametrize(
    ("by_default", "deadline", "has_478"),
    [(True, pendulum.Date(2023, 3, 1), True), (None, None, True), (False, None, False)],
)
def test_cpc_478_applies_to_judgments_by_default_only(
    by_default: bool | None, deadline: pendulum.Date | None, has_478: bool
) -> None:
    # CPC 478 (reference §A.6, [LTK]): a judgment by default not served within 6 months is
    # void; the limit is the decision's deadline only when the judgment is recorded as by
    # default, stated when unknown, absent for an adversarial judgment.
    c = claim(
        events=[
            LegalAction(kind="summons", filed_on="2022-05-01", served_on="2022-05-10"),
            Judgment(on="2022-09-01", by_default=by_default),
        ],
        **CONSUMER_2022,
    )
    d = next_action(c, as_of="2022-10-01")
    assert d.action is Action.ENFORCEMENT
    assert d.step == "serve_judgment"
    assert d.deadline == deadline
    assert ("legal.serve_judgment.default" in codes(d)) is has_478
