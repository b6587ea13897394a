"""Issue #13, "say only what is true": worked cases and properties, point by point."""

from __future__ import annotations

import re
from pathlib import Path

import pendulum
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from recouvrement.claims import Claim
from recouvrement.decisions import Action, Decision, Tone, next_action
from recouvrement.errors import RateNotPublished
from recouvrement.events import Reminder
from recouvrement.interest import amounts_due
from recouvrement.notices import render_notice

from .strategies import claims

LEDGER = Path(__file__).resolve().parents[1].parent / "shared" / "realdata"
IBM = LEDGER / "ibm-accounts-receivable.csv"

#: Words a letter may use only when a reminder is on record before its date.
_CLAIMS_A_REMINDER = re.compile(
    r"previous reminder|second reminder|despite|précédent rappel|deuxième rappel|malgré",
    re.IGNORECASE,
)


def _reminded_before(claim: Claim, on: object) -> bool:
    return any(isinstance(e, Reminder) and e.on < on for e in claim.events)  # type: ignore[operator]


# -- 1. a letter's words follow the recorded history -------------------------------------


@pytest.mark.skipif(not IBM.exists(), reason="the real ledger in ../shared/realdata is absent")
def test_real_ledger_claim_3347423476_firm_step_without_a_reminder_on_record() -> None:
    # IBM ledger, claim 3347423476 (customer 0783-PEPYR, due 26 June 2013): a habitually
    # late payer's track skips the courteous step; no reminder is on record.
    from recouvrement.io import ColumnMapping, read_claims_csv
    from recouvrement.profiling import profile_debtors

    result = read_claims_csv(IBM, mapping=ColumnMapping.shipped("ibm_ar"))
    claim = next(c for c in result.claims if c.id == "3347423476")
    mine = [c for c in result.claims if c.debtor.id == claim.debtor.id]
    profile = profile_debtors(mine, as_of="2013-07-03")[claim.debtor.id]
    decision = next_action(claim, as_of="2013-07-03", profile=profile)
    assert decision.action is Action.REMINDER
    assert decision.step == "firm"
    for locale in ("en_GB", "fr_FR"):
        notice = render_notice(decision, claim, locale=locale)
        assert not _CLAIMS_A_REMINDER.search(notice.subject + notice.text)


@pytest.mark.skipif(not IBM.exists(), reason="the real ledger in ../shared/realdata is absent")
def test_no_letter_of_the_real_ledger_contradicts_its_history() -> None:
    # The walkthrough's ledger (docs/guides/real-ledger-walkthrough.md) on the last day of
    # every month of 2012 and 2013 H1: every letter the next actions would send, in both
    # languages, says a reminder was sent only if one is on record before the letter's date.
    from recouvrement.decisions import next_actions
    from recouvrement.io import ColumnMapping, read_claims_csv
    from recouvrement.notices import notice_kind
    from recouvrement.profiling import profile_debtors

    result = read_claims_csv(IBM, mapping=ColumnMapping.shipped("ibm_ar"))
    letters = 0
    for month in range(18):
        day = pendulum.date(2012, 1, 1).add(months=month + 1).subtract(days=1)
        issued = [c for c in result.claims if c.issued_on <= day]
        profiles = profile_debtors(issued, as_of=day)
        decisions = next_actions(issued, as_of=day, profiles=profiles)
        for decision, claim in zip(decisions, issued, strict=True):
            if notice_kind(decision.action) is None:
                continue
            for locale in ("en_GB", "fr_FR"):
                notice = render_notice(decision, claim, locale=locale)
                letters += 1
                if not _reminded_before(claim, decision.on):
                    assert not _CLAIMS_A_REMINDER.search(notice.subject + notice.text), claim.id
    assert letters >= 20  # the check ran on real letters


def test_a_firm_reminder_names_the_reminder_on_record() -> None:
    from recouvrement.sample import sample_claim

    claim = sample_claim()  # reminders recorded on 21 February and 7 March 2025
    decision = Decision(
        claim_id=claim.id,
        as_of=pendulum.date(2025, 3, 1),
        action=Action.REMINDER,
        tone=Tone.FIRM,
        on=pendulum.date(2025, 3, 1),
        amounts=amounts_due(claim, as_of="2025-03-01"),
    )
    notice = render_notice(decision, claim, locale="en_GB")
    assert notice.subject.startswith("Second reminder")
    assert "Despite our reminder of 21 February 2025," in notice.text


@settings(max_examples=40, deadline=None)
@given(
    claims(currency="EUR", max_events=4),
    st.sampled_from(["courteous", "firm", "formal"]),
    st.sampled_from([Action.REMINDER, Action.FORMAL_NOTICE]),
    st.integers(0, 400),
    st.sampled_from(["en_GB", "fr_FR"]),
)
def test_a_letter_never_claims_a_reminder_not_on_record(
    claim: Claim, tone: str, action: Action, days: int, locale: str
) -> None:
    on = claim.issued_on.add(days=days)
    try:
        amounts = amounts_due(claim, as_of=on)
    except RateNotPublished:
        assume(False)  # a day after the last published rate: nothing to render
        raise
    decision = Decision(
        claim_id=claim.id,
        as_of=on,
        action=action,
        tone=Tone(tone) if action is Action.REMINDER else None,
        on=on,
        amounts=amounts,
    )
    notice = render_notice(decision, claim, locale=locale)
    if not _reminded_before(claim, on):
        assert not _CLAIMS_A_REMINDER.search(notice.subject + notice.text)


# -- 2. simulate states its premise; its first step is next_action's -----------------------


def test_simulate_assumes_nothing_paid_after_start_unless_told_to_replay() -> None:
    from recouvrement.claims import Payment
    from recouvrement.decisions import simulate
    from recouvrement.sample import sample_claim

    base = sample_claim()
    paid = Claim.from_dict(
        {
            **base.to_dict(),
            "events": [],
            "payments": [Payment(on="2025-04-01", amount=base.amount).to_dict()],
        }
    )
    what_if = simulate(paid, start="2025-02-20", end="2025-12-31", with_amounts=False)
    assert Action.CLOSE not in [d.action for d in what_if]
    replayed = simulate(
        paid, start="2025-02-20", end="2025-12-31", with_amounts=False, replay="recorded"
    )
    # Paid late: replayed, the principal is no longer chased, only the accessories
    # (#13 point 3); waiving them closes the claim.
    assert {d.step for d in replayed if d.on > pendulum.Date(2025, 4, 1)} == {"accessories"}
    import attrs

    from recouvrement.policy import EscalationPolicy

    waive = attrs.evolve(EscalationPolicy.default(), waive_accessories=True)
    closed = simulate(
        paid,
        start="2025-02-20",
        end="2025-12-31",
        with_amounts=False,
        replay="recorded",
        policy=waive,
    )
    assert closed[-1].action is Action.CLOSE


@settings(max_examples=30, deadline=None)
@given(claims(currency="EUR", max_events=3), st.integers(-10, 200))
def test_the_first_simulated_step_is_next_action_on_the_same_day(claim: Claim, days: int) -> None:
    from recouvrement.decisions import simulate

    start = claim.due_on.add(days=days)
    assume(start >= claim.issued_on)
    decided = next_action(claim, as_of=start, with_amounts=False)
    assume(decided.action not in (Action.NONE, Action.WAIT))
    timeline = simulate(claim, start=start, end=start, with_amounts=False)
    assert timeline, decided
    first = timeline[0]
    assert (first.action, first.step, first.on, first.deadline) == (
        decided.action,
        decided.step,
        decided.on,
        decided.deadline,
    )


def test_no_pre_due_reminder_before_the_claim_is_issued() -> None:
    # A new customer's track sends a courtesy reminder 3 days before the due date; an
    # invoice issued the day before it is due cannot be reminded 2 days before it existed.
    from recouvrement.decisions import simulate
    from recouvrement.sample import sample_claim

    base = sample_claim()
    claim = Claim.from_dict(
        {**base.to_dict(), "events": [], "issued_on": "2025-02-13", "due_on": "2025-02-14"}
    )
    timeline = simulate(claim, start="2025-02-09", end="2025-03-31", profile="new")
    assert timeline
    assert all(d.on >= claim.issued_on for d in timeline)


# -- 12. no prior amicable attempt before a payment order ----------------------------------


def test_no_amicable_attempt_before_a_payment_order_cass_avis_25_70_013() -> None:
    # Cass. 2e civ., avis, 25 September 2025, n° 25-70.013 (FS-B): CPC 750-1 applies at
    # neither phase of the payment-order procedure. A 3,000 EUR claim whose small-claims
    # procedure failed goes to a payment order with no amicable attempt required.
    from decimal import Decimal

    from recouvrement.events import LegalAction, LegalActionKind
    from recouvrement.jurisdictions.fr.procedures import choose_legal_route
    from recouvrement.sample import sample_claim

    failed = LegalAction(
        kind=LegalActionKind.SMALL_CLAIMS, filed_on="2025-05-01", ended_on="2025-06-15"
    )
    route = choose_legal_route(
        sample_claim(),
        as_of="2025-09-30",
        principal=Decimal("3000"),
        legal_actions=[failed],
    )
    assert route.kind is LegalActionKind.PAYMENT_ORDER
    assert route.amicable_attempt_required is False
    codes = [r.code for r in route.reasons]
    assert "route.amicable.payment_order" in codes
    assert "route.amicable.not_settled" not in codes
