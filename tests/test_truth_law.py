"""Issue #13, "say only what is true", the law: points 10 and 11, worked cases.

Point 10: the small-claims procedure's two agreements (CPCE L125-1, R125-2; C. civ. 2238;
CPCE L111-3 5°). Point 11: the déchéance quadriennale of claims on public bodies (loi
n° 68-1250 du 31 décembre 1968, art. 1, 2, 2-1).
"""

from __future__ import annotations

from typing import Any

import pendulum
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from recouvrement.claims import Claim, Payment
from recouvrement.decisions import Action, Decision, next_action
from recouvrement.errors import InvalidEvent, InvalidValue
from recouvrement.events import FormalNotice, LegalAction, Reminder
from recouvrement.jurisdictions.fr.procedures import _failed, _over
from recouvrement.jurisdictions.fr.small_claims import (
    SmallClaimsOutcome,
    small_claims_status,
)
from recouvrement.parties import Creditor, Debtor
from recouvrement.prescription import prescription_deadline

from .strategies import claims

ACME = Creditor(id="ACME", name="Acme SAS", kind="professional")
MARTIN = Debtor(id="MARTIN", name="Martin SARL", kind="professional")
LADDER_DONE = (
    Reminder(on="2025-02-19", channel="email", step="courteous"),
    Reminder(on="2025-03-01", channel="phone", step="firm"),
    Reminder(on="2025-03-11", channel="letter", step="written"),
    FormalNotice(on="2025-03-21", cure_days=8),
)


def claim(*events: Any, **overrides: Any) -> Claim:
    """A 1,500 EUR commercial claim due 2025-02-14, the ladder done."""
    fields: dict[str, Any] = {
        "id": "F-1",
        "creditor": ACME,
        "debtor": MARTIN,
        "nature": "commercial",
        "amount": "1500",
        "issued_on": "2025-01-15",
        "due_on": "2025-02-14",
        "events": [*LADDER_DONE, *events],
    }
    fields.update(overrides)
    return Claim(**fields)


def codes(decision: Decision) -> list[str]:
    return [r.code for r in decision.reasons]


def cited(decision: Decision) -> set[str]:
    return {str(r.citation) for r in decision.reasons if r.citation is not None}


# -- 10. the small-claims procedure: taking part is not agreeing on the amount -----------------

# The scenario of the legal reference (additions of December 2026; CPCE L125-1, R125-2,
# C. civ. 2238): invitation on 31 March 2025, the debtor agrees to take part on 10 April.
INVITED = LegalAction(kind="small_claims", filed_on="2025-03-31")
TAKING_PART = LegalAction(kind="small_claims", filed_on="2025-03-31", debtor_agreed_on="2025-04-10")
AMOUNT_AGREED = LegalAction(
    kind="small_claims",
    filed_on="2025-03-31",
    debtor_agreed_on="2025-04-10",
    amount_agreed_on="2025-05-05",
)
FAILED = LegalAction(
    kind="small_claims", filed_on="2025-03-31", debtor_agreed_on="2025-04-10", ended_on="2025-05-20"
)
REFUSED = LegalAction(kind="small_claims", filed_on="2025-03-31", ended_on="2025-04-08")


@pytest.mark.parametrize(
    ("action", "on", "outcome"),
    [
        (INVITED, "2025-04-15", SmallClaimsOutcome.INVITED),
        (INVITED, "2025-04-30", SmallClaimsOutcome.INVITED),  # one month: 30 April included
        (INVITED, "2025-05-01", SmallClaimsOutcome.REFUSED),  # silence is a refusal (R125-2)
        (REFUSED, "2025-04-08", SmallClaimsOutcome.REFUSED),
        (TAKING_PART, "2025-06-02", SmallClaimsOutcome.PARTICIPATION_ACCEPTED),
        (AMOUNT_AGREED, "2025-05-04", SmallClaimsOutcome.PARTICIPATION_ACCEPTED),
        (AMOUNT_AGREED, "2025-05-05", SmallClaimsOutcome.AMOUNT_AGREED),
        (FAILED, "2025-05-20", SmallClaimsOutcome.FAILED),
    ],
)
def test_small_claims_outcome_tells_the_two_agreements_apart(
    action: LegalAction, on: str, outcome: SmallClaimsOutcome
) -> None:
    status = small_claims_status(action, as_of=on)
    assert status.outcome is outcome
    assert status.suspends is (outcome is SmallClaimsOutcome.PARTICIPATION_ACCEPTED)
    assert (status.title_on is not None) is (outcome is SmallClaimsOutcome.AMOUNT_AGREED)


def test_small_claims_status_dates_and_reasons() -> None:
    agreed = small_claims_status(AMOUNT_AGREED, as_of="2025-06-02")
    assert agreed.title_on == agreed.ended_on == pendulum.Date(2025, 5, 5)
    assert agreed.participation_on == pendulum.Date(2025, 4, 10)
    assert [r.code for r in agreed.reasons] == ["small_claims.participation", "small_claims.title"]
    assert str(agreed.reasons[1].citation) == "CPCE L111-3 5°"
    silent = small_claims_status(INVITED, as_of="2025-06-02")
    assert silent.ended_on == silent.answer_by == pendulum.Date(2025, 4, 30)
    with pytest.raises(InvalidValue):
        small_claims_status(LegalAction(kind="summons", filed_on="2025-03-31"), as_of="2025-06-02")


def test_an_agreement_on_the_amount_needs_the_agreement_to_take_part() -> None:
    with pytest.raises(InvalidEvent) as info:
        LegalAction(kind="small_claims", filed_on="2025-03-31", amount_agreed_on="2025-05-05")
    assert info.value.field == "amount_agreed_on"
    with pytest.raises(InvalidEvent):  # not before the agreement to take part
        LegalAction(
            kind="small_claims",
            filed_on="2025-03-31",
            debtor_agreed_on="2025-04-10",
            amount_agreed_on="2025-04-01",
        )
    with pytest.raises(InvalidEvent):  # a payment order has no such agreement
        LegalAction(kind="payment_order", filed_on="2025-03-31", amount_agreed_on="2025-05-05")
    assert LegalAction.from_dict(AMOUNT_AGREED.to_dict()) == AMOUNT_AGREED


def test_invited_the_claim_waits_for_the_answer_and_nothing_is_suspended() -> None:
    d = next_action(claim(INVITED), as_of="2025-04-15")
    assert d.action is Action.WAIT
    assert d.on == pendulum.Date(2025, 5, 1)  # the day after the month to answer (R125-2)
    assert "legal.small_claims_waiting" in codes(d)
    p = prescription_deadline(claim(INVITED), as_of="2025-04-15")
    assert p.running
    assert not p.suspensions


def test_taking_part_suspends_but_is_not_a_title_so_next_action_waits() -> None:
    d = next_action(claim(TAKING_PART), as_of="2025-06-02")
    assert d.action is Action.WAIT  # not ENFORCEMENT: no title yet
    assert "title.small_claims" not in codes(d)
    assert {"legal.small_claims.participation", "legal.small_claims.awaiting_amount"} <= set(
        codes(d)
    )
    assert {"C. civ. 2238", "CPCE L125-1"} <= cited(d)
    p = prescription_deadline(claim(TAKING_PART), as_of="2025-06-02")
    # 5 years from 14 Feb 2025, moved by the 53 days of suspension so far (C. civ. 2230).
    assert not p.running
    assert p.deadline == pendulum.Date(2030, 4, 8)


def test_agreement_on_the_amount_is_a_title_and_next_action_enforces() -> None:
    d = next_action(claim(AMOUNT_AGREED), as_of="2025-06-02")
    assert d.action is Action.ENFORCEMENT
    assert "title.small_claims" in codes(d)
    assert "CPCE L111-3 5°, L125-1" in cited(d)
    # The day before the agreement there is no title yet.
    assert next_action(claim(AMOUNT_AGREED), as_of="2025-05-04").action is Action.WAIT


def test_the_agreed_terms_are_followed_before_the_title_is_enforced() -> None:
    from recouvrement.claims import Payment
    from recouvrement.events import Instalment, PaymentPlan

    # The terms agreed on 5 May 2025: 750 EUR on 5 June and 5 July, signed by the debtor.
    terms = PaymentPlan(
        agreed_on="2025-05-05",
        signed_by_debtor=True,
        instalments=[
            Instalment(due_on="2025-06-05", amount="750"),
            Instalment(due_on="2025-07-05", amount="750"),
        ],
    )
    assert next_action(claim(AMOUNT_AGREED, terms), as_of="2025-06-02").action is Action.WAIT
    kept = claim(AMOUNT_AGREED, terms, payments=[Payment(on="2025-06-05", amount="750")])
    assert next_action(kept, as_of="2025-06-20").action is Action.WAIT
    broken = next_action(claim(AMOUNT_AGREED, terms), as_of="2025-06-20")
    assert broken.action is Action.ENFORCEMENT
    assert {"title.small_claims", "guard.plan_broken"} <= set(codes(broken))


def test_the_small_claims_title_keeps_the_claims_own_period() -> None:
    # CPCE L111-4 gives 10 years to the titles of L111-3 1° to 3° only (reference §A.1 A5a):
    # the agreement (an acknowledgment, C. civ. 2240) restarts the 5 years of C. com. L110-4.
    p = prescription_deadline(claim(AMOUNT_AGREED), as_of="2025-06-02")
    assert p.deadline == pendulum.Date(2030, 5, 5)
    assert p.period_months == 60
    assert p.running
    assert [e.kind for e in p.interruptions] == ["small_claims_agreement"]
    assert [(e.start, e.end) for e in p.suspensions] == [
        (pendulum.Date(2025, 4, 10), pendulum.Date(2025, 5, 5))
    ]


@pytest.mark.parametrize(
    ("action", "code", "words"),
    [
        (FAILED, "small_claims.failed", "ended on 2025-05-20 without an agreement on the amount"),
        (REFUSED, "small_claims.refused", "The debtor refused"),
        (INVITED, "small_claims.refused", "did not answer within one month"),
    ],
)
def test_a_failed_procedure_goes_to_court(action: LegalAction, code: str, words: str) -> None:
    d = next_action(claim(action), as_of="2025-06-02")
    assert d.action is Action.PAYMENT_ORDER
    assert "route.small_claims.failed" in codes(d)
    why = next(r for r in d.reasons if r.code == code)
    assert words in why.message
    other = {"small_claims.failed", "small_claims.refused"} - {code}
    assert not other & set(codes(d))


def test_after_failure_at_least_six_months_remain() -> None:
    # C. civ. 2238 al. 2: the period restarts for at least 6 months from the end. A claim
    # due 1 June 2020 (5 years: 1 June 2025); the debtor takes part on 20 March 2025 and the
    # procedure fails on 30 May 2025: 73 days were left, plus the 71 days of suspension is
    # 10 August 2025, but at least 6 months remain: 30 November 2025.
    failed = LegalAction(
        kind="small_claims",
        filed_on="2025-03-03",
        debtor_agreed_on="2025-03-20",
        ended_on="2025-05-30",
    )
    old = claim(failed, issued_on="2020-05-01", due_on="2020-06-01", events=[failed])
    p = prescription_deadline(old, as_of="2025-06-02")
    assert p.deadline == pendulum.Date(2025, 11, 30)
    assert not p.time_barred


@settings(max_examples=60, deadline=None)
@given(
    st.integers(0, 60),
    st.none() | st.integers(0, 60),
    st.none() | st.integers(0, 60),
    st.none() | st.integers(0, 90),
    st.integers(0, 150),
)
def test_outcome_failed_over_and_title_agree(
    joined: int, agreed: int | None, ended: int | None, ended_alone: int | None, age: int
) -> None:
    filed = pendulum.Date(2025, 3, 31)
    took_part = filed.add(days=joined)
    kwargs: dict[str, Any] = {"debtor_agreed_on": took_part}
    if agreed is not None:
        kwargs["amount_agreed_on"] = took_part.add(days=agreed)
        if ended is not None:
            kwargs["ended_on"] = kwargs["amount_agreed_on"].add(days=ended)
    elif ended is not None:
        kwargs["ended_on"] = took_part.add(days=ended)
    action = LegalAction(kind="small_claims", filed_on=filed, **kwargs)
    alone = LegalAction(
        kind="small_claims",
        filed_on=filed,
        ended_on=None if ended_alone is None else filed.add(days=ended_alone),
    )
    day = filed.add(days=age)
    for a in (action, alone):
        status = small_claims_status(a, as_of=day)
        assert _failed(a, day.toordinal()) is status.outcome.failed
        if status.outcome is SmallClaimsOutcome.AMOUNT_AGREED:
            assert _over(a, day.toordinal())
            assert status.title_on is not None
            assert status.title_on <= day
        else:
            assert status.title_on is None


# -- 11. claims on public bodies: the déchéance quadriennale (loi n° 68-1250) -------------------

COMMUNE = Debtor(id="COMMUNE", name="Commune de Saint-Martin", kind="public_body")


def public_claim(*events: Any, **overrides: Any) -> Claim:
    """The scenario of issue 13: an invoice issued on 15 March 2021 to a commune."""
    fields: dict[str, Any] = {
        "id": "M-1",
        "creditor": ACME,
        "debtor": COMMUNE,
        "nature": "public_procurement",
        "amount": "2400",
        "issued_on": "2021-03-15",
        "due_on": "2021-04-14",
        "events": list(events),
    }
    fields.update(overrides)
    return Claim(**fields)


def test_an_invoice_to_a_commune_lapses_on_31_december_of_the_fourth_year() -> None:
    # Loi 68-1250 art. 1: 4 years from 1 January of the year after the rights were
    # acquired (2021): from 1 January 2022, the last day is 31 December 2025.
    p = prescription_deadline(public_claim(), as_of="2025-12-31")
    assert p.deadline == pendulum.Date(2025, 12, 31)
    assert p.runs_from == pendulum.Date(2022, 1, 1)
    assert (p.period, str(p.basis)) == ("4 years", "loi 68-1250 art. 1")
    assert not p.time_barred
    assert p.long_stop is None  # C. civ. 2232 is not part of this regime
    assert "prescription.period.public_body" in [r.code for r in p.reasons]
    assert prescription_deadline(public_claim(), as_of="2026-01-01").time_barred


def test_a_written_claim_starts_a_new_period_from_the_next_january() -> None:
    # Art. 2 al. 1 and 5: a written claim of 10 June 2023 -> from 1 January 2024 to
    # 31 December 2027.
    letter = Reminder(on="2023-06-10", channel="registered_letter")
    p = prescription_deadline(public_claim(letter), as_of="2026-01-01")
    assert p.deadline == pendulum.Date(2027, 12, 31)
    assert p.runs_from == pendulum.Date(2024, 1, 1)
    assert not p.time_barred
    assert [(e.kind, str(e.citation)) for e in p.interruptions] == [
        ("written_claim", "loi 68-1250 art. 2 al. 1")
    ]
    # A formal notice is a written claim too; a phone call is not.
    notice = prescription_deadline(public_claim(FormalNotice(on="2023-06-10")), as_of="2026-01-01")
    assert notice.deadline == pendulum.Date(2027, 12, 31)
    call = prescription_deadline(
        public_claim(Reminder(on="2023-06-10", channel="phone")), as_of="2026-01-01"
    )
    assert call.time_barred
    assert "prescription.ignored.reminder" in [r.code for r in call.reasons]


def test_a_second_interruption_in_the_same_year_changes_nothing() -> None:
    twice = public_claim(
        Reminder(on="2023-02-01", channel="letter"), Reminder(on="2023-11-30", channel="email")
    )
    p = prescription_deadline(twice, as_of="2024-01-01")
    assert p.deadline == pendulum.Date(2027, 12, 31)
    assert "prescription.no_effect.written_claim" in [r.code for r in p.reasons]


def test_a_payment_or_a_communication_of_the_administration_interrupts() -> None:
    from recouvrement.claims import Payment
    from recouvrement.events import Acknowledgment

    paid = public_claim(payments=[Payment(on="2024-02-01", amount="400")])
    assert prescription_deadline(paid, as_of="2025-01-01").deadline == pendulum.Date(2028, 12, 31)
    answered = public_claim(Acknowledgment(on="2025-12-31"))
    assert prescription_deadline(answered, as_of="2026-01-01").deadline == pendulum.Date(
        2029, 12, 31
    )


def test_a_recourse_before_a_court_holds_the_clock_until_its_decision() -> None:
    # Art. 2 al. 2 and 5: the recourse interrupts from its filing; the new period runs from
    # 1 January of the year after the decision (its date, the earliest it can be final).
    from recouvrement.events import Judgment

    summons = LegalAction(kind="summons", filed_on="2025-05-10")
    pending = prescription_deadline(public_claim(summons), as_of="2026-03-01")
    assert not pending.running
    assert not pending.time_barred
    assert pending.deadline == pendulum.Date(2030, 12, 31)  # earliest: decided on as_of
    judged = public_claim(summons, Judgment(on="2026-10-15", served_on="2026-11-02"))
    p = prescription_deadline(judged, as_of="2027-01-01")
    assert p.deadline == pendulum.Date(2030, 12, 31)
    assert p.period_months == 48  # not CPCE L111-4's 10 years


def test_an_administrative_mediation_suspends_for_at_most_six_months() -> None:
    # Art. 2-1: suspended from 1 September 2025; at most 6 months (to 1 March 2026), and
    # at least 6 months remain after its end: 1 September 2026.
    from recouvrement.events import Mediation

    mediation = Mediation(start="2025-09-01", end="2026-06-30")
    p = prescription_deadline(public_claim(mediation), as_of="2026-07-01")
    assert [(e.start, e.end) for e in p.suspensions] == [
        (pendulum.Date(2025, 9, 1), pendulum.Date(2026, 3, 1))
    ]
    assert p.deadline == pendulum.Date(2026, 9, 1)


def test_the_day_given_for_the_rights_and_the_public_undertaking() -> None:
    served = public_claim(issued_on="2021-01-15", prescription_starts_on="2020-12-10")
    assert prescription_deadline(served, as_of="2024-06-01").deadline == pendulum.Date(2024, 12, 31)
    undertaking = Debtor(
        id="EP", name="EPIC", kind="public_body", public_buyer="public_undertaking"
    )
    p = prescription_deadline(public_claim(debtor=undertaking), as_of="2024-06-01")
    assert (p.period, p.deadline) == ("5 years", pendulum.Date(2026, 4, 14))
    assert "prescription.period.public_undertaking" in [r.code for r in p.reasons]
    with pytest.raises(InvalidValue):
        prescription_deadline(public_claim(), as_of="2024-06-01", agreed_period_months=60)


def test_next_action_closes_a_lapsed_claim_with_the_right_reason() -> None:
    d = next_action(public_claim(), as_of="2026-01-01")
    assert d.action is Action.WRITE_OFF
    assert d.deadline == pendulum.Date(2025, 12, 31)
    assert codes(d)[:2] == ["guard.time_barred", "prescription.lapsed.public_body"]
    assert {"loi 68-1250 art. 1", "loi 68-1250 art. 7"} <= cited(d)
    assert "Time-barred since 2026-01-01 (4 years from 2022-01-01)" in d.reasons[0].message


def test_next_action_near_the_decheance_asks_for_a_written_claim() -> None:
    d = next_action(public_claim(), as_of="2025-12-01")
    assert d.action is Action.INTERRUPT_PRESCRIPTION
    assert d.deadline == pendulum.Date(2025, 12, 31)
    assert "guard.prescription_close.public_body" in codes(d)
    # Not the Civil Code's "a formal notice does not interrupt".
    assert "guard.prescription_close.how" not in codes(d)
    # With the written claim of 10 June 2023 the claim is chased, not closed, in 2026.
    letter = Reminder(on="2023-06-10", channel="registered_letter")
    later = next_action(public_claim(letter), as_of="2026-01-01")
    assert later.action is not Action.WRITE_OFF


@settings(max_examples=80, deadline=None)
@given(st.integers(0, 2500), st.sampled_from(["letter", "email", "registered_letter"]))
def test_a_written_claim_before_the_decheance_restarts_from_the_next_january(
    offset: int, channel: str
) -> None:
    sent = pendulum.Date(2021, 3, 15).add(days=offset)
    assume(sent <= pendulum.Date(2025, 12, 31))
    p = prescription_deadline(public_claim(Reminder(on=sent, channel=channel)), as_of=sent)
    assert p.deadline == pendulum.Date(sent.year + 4, 12, 31)
    assert p.runs_from == pendulum.Date(sent.year + 1, 1, 1)


@settings(max_examples=80, deadline=None)
@given(
    claims(currency="EUR", debtor=COMMUNE),
    st.integers(0, 4000),
)
def test_without_a_suspension_the_decheance_ends_on_a_31_december(claim_: Claim, days: int) -> None:
    # Loi 68-1250 art. 1, 2: every period runs from a 1 January and ends on a 31 December,
    # whatever interrupts it; only a suspension (art. 2-1, 3) moves the last day by days.
    as_of = claim_.issued_on.add(days=days)
    p = prescription_deadline(claim_, as_of=as_of)
    assume(not p.suspensions)
    assert (p.deadline.month, p.deadline.day) == (12, 31)
    assert (p.runs_from.month, p.runs_from.day) == (1, 1)
    assert p.deadline.year == p.runs_from.year + 3
    assert p.long_stop is None
    assert p.period_months == 48


# -- what is dated after the day has not happened yet (an audit) -------------------------


def _between_firms(code: str, **kw: Any) -> Claim:
    """1,000 between two firms under ``code``'s law (due 1 February 2025 unless given)."""
    fields: dict[str, Any] = {
        "id": f"{code}-1",
        "creditor": Creditor(id="A", name="A", kind="professional", country=code),
        "debtor": Debtor(id="B", name="B", kind="professional", country=code),
        "nature": "commercial",
        "amount": "1000",
        "issued_on": "2025-01-02",
        "due_on": "2025-02-01",
        "jurisdiction": code,
    }
    fields.update(kw)
    return Claim(**fields)


def _german(**kw: Any) -> Claim:
    return _between_firms("DE", **kw)


def test_a_mahnbescheid_served_after_the_day_is_still_awaited() -> None:
    from recouvrement.events import Judgment
    from recouvrement.jurisdictions.de.procedures import mahnverfahren_step

    claim = _german(
        events=[LegalAction(kind="payment_order", filed_on="2025-04-01", served_on="2025-04-20")]
    )
    step = mahnverfahren_step(claim, as_of="2025-04-10")
    assert step is not None
    assert step.action == "await_service"
    assert mahnverfahren_step(claim, as_of="2025-04-21").action == "await_objection"  # type: ignore[union-attr]
    ended = _german(
        events=[
            LegalAction(
                kind="payment_order",
                filed_on="2025-04-01",
                served_on="2025-04-03",
                ended_on="2025-09-01",
            )
        ]
    )
    assert mahnverfahren_step(ended, as_of="2025-04-10") is not None  # not ended yet
    vb = _german(
        events=[
            LegalAction(kind="payment_order", filed_on="2025-04-01", served_on="2025-04-03"),
            Judgment(on="2025-05-10", served_on="2025-05-20"),
        ]
    )
    before = mahnverfahren_step(vb, as_of="2025-05-15")
    assert before is not None
    assert all("served" not in r.message for r in before.reasons)


@pytest.mark.parametrize("old_first", [True, False])
def test_german_limitation_follows_the_proceeding_the_claim_was_filed_in(old_first: bool) -> None:
    from recouvrement.events import ClaimDeclaration, InsolvencyProceeding

    old = InsolvencyProceeding(kind="liquidation", opened_on="2021-03-01", closed_on="2021-06-01")
    new = InsolvencyProceeding(kind="liquidation", opened_on="2023-03-01", closed_on="2024-01-10")
    filed = ClaimDeclaration(on="2023-04-01")
    claim = _german(
        issued_on="2021-01-01",
        due_on="2021-01-31",
        events=[old, new, filed] if old_first else [new, old, filed],
    )
    found = prescription_deadline(claim, as_of="2025-06-30")
    alone = prescription_deadline(
        _german(issued_on="2021-01-01", due_on="2021-01-31", events=[new, filed]),
        as_of="2025-06-30",
    )
    assert found.deadline == alone.deadline
    assert not found.time_barred


def test_an_agency_return_dated_after_the_day_does_not_end_the_mandate_yet() -> None:
    from recouvrement.events import AgencyHandover

    claim = Claim(
        id="A-1",
        creditor=Creditor(id="A", name="Acme SAS", kind="professional"),
        debtor=Debtor(id="B", name="B SARL", kind="professional"),
        nature="commercial",
        amount="1000",
        issued_on="2025-01-02",
        due_on="2025-02-01",
        events=[
            AgencyHandover(
                on="2025-04-01", agency="Recouvra", until="2025-12-31", returned_on="2025-05-20"
            )
        ],
    )
    decision = next_action(claim, as_of="2025-05-01")
    held = [r.message for r in decision.reasons if r.code == "guard.agency_mandate"]
    assert held
    assert "mandate until 2025-12-31" in held[0]


@pytest.mark.parametrize("code", ["DE", "BE"])
def test_a_claim_filing_dated_after_the_day_leaves_the_filing_deadline_listed(code: str) -> None:
    from recouvrement.events import ClaimDeclaration, InsolvencyProceeding
    from recouvrement.prescription import upcoming_deadlines

    opened = InsolvencyProceeding(kind="liquidation", opened_on="2025-06-01")
    claim = _between_firms(code, events=[opened, ClaimDeclaration(on="2025-06-25")])
    found = upcoming_deadlines([claim], as_of="2025-06-05", within=60)
    assert [d.kind for d in found] == ["claim_declaration"]


def _belgian(**kw: Any) -> Claim:
    return _between_firms("BE", issued_on="2015-12-01", due_on="2016-01-01", **kw)


def test_a_belgian_lawyer_notice_shows_the_deadline_it_gave_then() -> None:
    """Art. 2244 §2 (belgian-law.md D14): a lawyer's notice of 1 June 2020 opens a 1-year
    period that cannot end before the original term (1 January 2026); the payment of 2022
    then restarts 10 years. The notice's own deadline is 2026, not the payment's 2032."""
    from recouvrement.jurisdictions.be.prescription import prescription_be

    claim = _belgian(payments=[Payment(on="2022-01-01", amount="10")])
    found = prescription_be(claim, as_of="2025-06-01", lawyer_notices=["2020-06-01"])
    assert [(e.kind, e.start, e.deadline_after) for e in found.interruptions] == [
        ("lawyer_notice", pendulum.Date(2020, 6, 1), pendulum.Date(2026, 1, 1)),
        ("payment", pendulum.Date(2022, 1, 1), pendulum.Date(2032, 1, 1)),
    ]
    assert found.deadline == pendulum.Date(2032, 1, 1)


def test_a_payment_within_the_period_a_belgian_lawyer_notice_opened_interrupts_it() -> None:
    """A periodic claim (5 years) due 1 January 2016 ends on 1 January 2021; a lawyer's
    notice of 1 December 2020 runs it to 1 December 2021; a part payment of 1 June 2021,
    within that period, restarts 5 years."""
    from recouvrement.jurisdictions.be.prescription import prescription_be

    claim = _belgian(nature="residential_rent", payments=[Payment(on="2021-06-01", amount="10")])
    found = prescription_be(claim, as_of="2025-06-01", lawyer_notices=["2020-12-01"])
    assert found.deadline == pendulum.Date(2026, 6, 1)
    assert not found.time_barred
