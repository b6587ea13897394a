"""Prescription (French law): periods, start, counting, interruption, suspension, long stop.

Worked cases come from the decisions and texts of the project's legal reference (§A),
named in each test; the property tests check the invariants of issue 4.
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from collections.abc import Sequence
from importlib import resources
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from recouvrement._dates import add_months, iso
from recouvrement.claims import Claim, ClaimNature, Payment
from recouvrement.errors import InvalidType, InvalidValue, UnsupportedJurisdiction
from recouvrement.events import (
    Acknowledgment,
    ClaimDeclaration,
    CourtInquiry,
    EnforcementAct,
    Event,
    ForceMajeure,
    FormalNotice,
    InsolvencyProceeding,
    Instalment,
    Judgment,
    LegalAction,
    LegalActionKind,
    Mediation,
    PaymentPlan,
)
from recouvrement.explain import Citation, Reason, _owned
from recouvrement.jurisdictions.fr import prescription as fr
from recouvrement.money import Money
from recouvrement.parties import Creditor, Debtor, PartyKind
from recouvrement.prescription import (
    Prescription,
    PrescriptionEvent,
    prescription_deadline,
    upcoming_deadlines,
)
from recouvrement.sample import generate_claims
from tests.strategies import claims, dates

D = pendulum.Date


def make(
    nature: str = "commercial",
    *,
    creditor: str = "professional",
    debtor: str = "professional",
    issued_on: str = "2020-02-14",
    due_on: str = "2020-03-15",
    events: Sequence[Any] = (),
    payments: Sequence[Payment] = (),
    **extra: Any,
) -> Claim:
    return Claim(
        id="T-1",
        creditor=Creditor(id="C", name="Acme", kind=creditor),
        debtor=Debtor(id="D", name="Martin", kind=debtor),
        nature=nature,
        amount="1000",
        issued_on=issued_on,
        due_on=due_on,
        events=events,
        payments=payments,
        **extra,
    )


def codes(p: Prescription) -> list[str]:
    return [r.code for r in p.reasons]


# -- periods by nature and parties ----------------------------------------------------------


@pytest.mark.parametrize(
    ("nature", "creditor", "debtor", "period", "basis"),
    [
        ("commercial", "professional", "professional", "5 years", "C. com. L110-4 I"),
        ("consumer", "professional", "individual", "2 years", "C. consom. L218-2"),
        # A professional's claim against an individual: L110-4 gives way to L218-2.
        ("commercial", "professional", "individual", "2 years", "C. consom. L218-2"),
        ("civil", "individual", "individual", "5 years", "C. civ. 2224"),
        # Cass. 3e civ., 26/01/2017, n° 15-27.580: 7-1 excludes L218-2, even for a
        # professional landlord.
        ("residential_rent", "professional", "individual", "3 years", "loi 89-462 art. 7-1"),
        ("wages", "individual", "professional", "3 years", "C. trav. L3245-1"),
        ("transport", "professional", "professional", "1 year", "C. com. L133-6"),
        ("tax", "public_body", "professional", "4 years", "LPF L274"),
        ("insurance", "professional", "individual", "2 years", "C. assur. L114-1"),
        # Cass. 1re civ., 22/06/2016, n° 15-21.783: child maintenance, 5 years.
        ("alimony", "individual", "individual", "5 years", "C. civ. 2224"),
        ("commercial_rent", "professional", "professional", "5 years", "C. civ. 2224"),
        # Loi 68-1250 art. 1: the déchéance quadriennale (issue 13, point 11).
        ("public_procurement", "professional", "public_body", "4 years", "loi 68-1250 art. 1"),
    ],
)
def test_period_by_nature_and_parties(
    nature: str, creditor: str, debtor: str, period: str, basis: str
) -> None:
    p = prescription_deadline(make(nature, creditor=creditor, debtor=debtor), as_of="2021-01-01")
    assert (p.period, str(p.basis)) == (period, basis)
    assert p.reasons[0].citation is not None


def test_consumer_nature_needs_a_consumer_debtor() -> None:
    # Cass. 3e civ., 17/02/2022, n° 21-19.829: L218-2 does not cover a non-professional
    # legal person; here a "consumer" claim against a professional falls to the common law.
    p = prescription_deadline(make("consumer", debtor="professional"), as_of="2021-01-01")
    assert p.period == "5 years"
    assert str(p.basis) == "C. civ. 2224"
    assert "prescription.period.default" in codes(p)


def test_public_body_gets_the_decheance_and_a_public_undertaking_the_civil_law() -> None:
    p = prescription_deadline(make("public_procurement", debtor="public_body"), as_of="2021-01-01")
    assert "prescription.period.public_body" in codes(p)
    assert "prescription.period.default" not in codes(p)
    undertaking = Debtor(
        id="EP", name="EPIC", kind="public_body", public_buyer="public_undertaking"
    )
    claim = attrs.evolve(make("public_procurement", debtor="public_body"), debtor=undertaking)
    p = prescription_deadline(claim, as_of="2021-01-01")
    assert "prescription.period.default" in codes(p)
    assert "prescription.period.public_undertaking" in codes(p)


def test_transport_without_delivery_date_warns() -> None:
    p = prescription_deadline(make("transport"), as_of="2021-01-01")
    assert "prescription.start.transport" in codes(p)
    given_start = make("transport", prescription_starts_on="2020-02-20")
    p = prescription_deadline(given_start, as_of="2021-01-01")
    assert p.starts_on == D(2020, 2, 20)
    assert p.deadline == D(2021, 2, 20)
    assert "prescription.start.given" in codes(p)


def test_before_table_start_is_flagged() -> None:
    # Wages went to 3 years in 2013 (loi 2013-504): an older start is flagged, not hidden.
    old = make("wages", creditor="individual", issued_on="2012-01-01", due_on="2012-01-31")
    assert "prescription.period.before_table" in codes(
        prescription_deadline(old, as_of="2014-01-01")
    )


def test_tax_debtor_outside_the_eu_is_flagged() -> None:
    claim = Claim(
        id="T",
        creditor=Creditor(id="S", name="SIE", kind="public_body"),
        debtor=Debtor(id="D", name="X Ltd", kind="professional", country="US"),
        nature="tax",
        amount="10",
        issued_on="2020-01-01",
        due_on="2020-01-31",
    )
    assert "prescription.period.tax_abroad" in codes(
        prescription_deadline(claim, as_of="2021-01-01")
    )


# -- start and counting --------------------------------------------------------------------


def test_anniversary_date_issue_example() -> None:
    # Issue 4: an event on 15 March 2020 + 5 years -> last day 15 March 2025.
    p = prescription_deadline(make(), as_of="2025-03-15")
    assert p.starts_on == D(2020, 3, 15)
    assert p.deadline == D(2025, 3, 15)
    assert not p.time_barred
    assert p.days_left == 0
    assert prescription_deadline(make(), as_of="2025-03-16").time_barred


def test_no_extension_to_a_working_day() -> None:
    # Cass. 2e civ., 7 Apr 2016, n° 15-12.960 (published): CPC 642 does not apply. 15 March
    # 2025 is a Saturday; the claim is barred on Monday 17 March.
    p = prescription_deadline(make(), as_of="2025-03-17")
    assert p.deadline == D(2025, 3, 15)
    assert p.time_barred
    cited = [str(r.citation) for r in p.reasons]
    assert "Cass. 2e civ. 7 Apr 2016, n° 15-12.960" in cited
    assert "C. civ. 2228-2229" in cited


def test_leap_day_ends_on_28_february() -> None:
    claim = make("transport", issued_on="2020-02-01", due_on="2020-02-29")
    assert prescription_deadline(claim, as_of="2020-06-01").deadline == D(2021, 2, 28)


def test_explicit_start_wins() -> None:
    # Cass. 3e civ., 01/03/2023: works or services, from their completion.
    claim = make("consumer", debtor="individual", prescription_starts_on="2020-05-04")
    p = prescription_deadline(claim, as_of="2021-01-01")
    assert p.starts_on == D(2020, 5, 4)
    assert p.deadline == D(2022, 5, 4)


def test_each_instalment_has_its_own_start() -> None:
    # Cass. 1re civ., 11/02/2016 (n° 14-22.938): each instalment from its own due date.
    rents = [
        make(
            "residential_rent",
            creditor="individual",
            debtor="individual",
            issued_on=f"2021-{m:02d}-01",
            due_on=f"2021-{m:02d}-05",
        )
        for m in (1, 2, 3)
    ]
    found = [prescription_deadline(r, as_of="2022-01-01").deadline for r in rents]
    assert found == [D(2024, 1, 5), D(2024, 2, 5), D(2024, 3, 5)]


# -- interruption ---------------------------------------------------------------------------


def test_acknowledgment_restarts_a_period_of_the_same_length() -> None:
    # C. civ. 2231 and 2240: a consumer claim restarts for 2 years, not 5 (no interversion).
    claim = make("consumer", debtor="individual", events=[Acknowledgment(on="2021-06-30")])
    p = prescription_deadline(claim, as_of="2022-01-01")
    assert p.deadline == D(2023, 6, 30)
    assert p.runs_from == D(2021, 6, 30)
    assert [(e.kind, e.effect, str(e.citation)) for e in p.interruptions] == [
        ("acknowledgment", "interruption", "C. civ. 2240")
    ]


def test_each_partial_payment_interrupts_for_the_whole_claim() -> None:
    # Cass. 2e civ., 03/07/2014, n° 13-17.449; Cass. 1re civ., 25/01/2017, n° 15-25.759.
    claim = make(
        payments=[Payment(on="2021-01-10", amount="10"), Payment(on="2023-04-02", amount="10")]
    )
    p = prescription_deadline(claim, as_of="2024-01-01")
    assert [e.start for e in p.interruptions] == [D(2021, 1, 10), D(2023, 4, 2)]
    assert p.deadline == D(2028, 4, 2)


def test_formal_notice_does_not_interrupt() -> None:
    # Cass. com., 18/05/2022, n° 20-23.204 (published): not even by registered letter.
    claim = make(events=[FormalNotice(on="2024-12-01")])
    p = prescription_deadline(claim, as_of="2025-03-16")
    assert p.time_barred
    assert p.deadline == D(2025, 3, 15)
    assert "prescription.ignored.formal_notice" in codes(p)
    assert p.interruptions == ()


def test_payment_order_interrupts_from_service_not_filing() -> None:
    # Cass. 1re civ., 09/09/2020, n° 19-12.006: filing the request does not interrupt.
    filed = LegalAction(kind="payment_order", filed_on="2025-02-01")
    p = prescription_deadline(make(events=[filed]), as_of="2025-03-16")
    assert p.time_barred
    assert "prescription.ignored.legal_action" in codes(p)
    served = LegalAction(
        kind="payment_order", filed_on="2025-02-01", served_on="2025-03-10", ended_on="2025-06-30"
    )
    p = prescription_deadline(make(events=[served]), as_of="2025-07-01")
    # C. civ. 2242: the interruption lasts until the proceedings end; a new period then.
    assert p.deadline == D(2030, 6, 30)
    assert p.running
    assert p.long_stop is None  # 2232 al. 2: a demand in court escapes the long stop


def test_pending_proceedings_hold_the_clock() -> None:
    action = LegalAction(kind="summons", filed_on="2024-05-01", served_on="2024-05-03")
    p = prescription_deadline(make(events=[action]), as_of="2026-01-10")
    assert not p.running
    assert not p.time_barred
    assert p.deadline == D(2031, 1, 10)  # the earliest: if the proceedings ended today
    assert "prescription.pending" in codes(p)


def test_judgment_gives_ten_years_from_service() -> None:
    # CPCE L111-4; Cass. 2e civ., 05/10/2023, n° 20-23.523: from service, not from the
    # day the decision became final.
    events = [
        LegalAction(kind="summons", filed_on="2021-01-04", served_on="2021-01-10"),
        Judgment(on="2021-09-15", served_on="2021-10-20"),
    ]
    p = prescription_deadline(make(events=events), as_of="2022-01-01")
    assert p.deadline == D(2031, 10, 20)
    assert p.period == "10 years"
    assert str(p.basis) == "CPCE L111-4 al. 1"
    assert [e.kind for e in p.interruptions] == ["legal_action", "judgment_served"]
    # An enforcement act restarts the 10 years (C. civ. 2231, 2244).
    later = [*events, EnforcementAct(on="2029-02-01")]
    assert prescription_deadline(make(events=later), as_of="2030-01-01").deadline == D(2039, 2, 1)


def test_unserved_judgment_is_not_time_barred_by_the_claims_own_period() -> None:
    # CPCE L111-4 al. 1: the 10 years run from the day the decision is enforceable,
    # service included (Cass. 2e civ., 05/10/2023, n° 20-23.523, reference §A.1 A5). An
    # unserved judgment does not re-run the claim's 2-year period (review finding F3).
    consumer = make(
        "consumer",
        debtor="individual",
        issued_on="2022-02-15",
        due_on="2022-03-15",
        events=[
            LegalAction(kind="summons", filed_on="2022-05-01", served_on="2022-05-10"),
            Judgment(on="2022-09-01"),
        ],
    )
    p = prescription_deadline(consumer, as_of="2024-10-01")
    assert not p.time_barred
    assert not p.running
    assert p.period == "10 years"
    assert str(p.basis) == "CPCE L111-4 al. 1"
    assert p.deadline == D(2034, 10, 1)  # the earliest: if it were served on as_of
    assert "prescription.judgment_unserved" in codes(p)
    # Once served, the 10 years run from service.
    served = attrs.evolve(
        consumer, events=(*consumer.events[:1], Judgment(on="2022-09-01", served_on="2024-11-04"))
    )
    assert prescription_deadline(served, as_of="2025-01-01").deadline == D(2034, 11, 4)


def test_periodic_arrears_after_a_judgment_keep_their_own_period() -> None:
    # Cass. 1re civ., 08/06/2016, n° 15-19.614: rent falling due after the judgment is
    # limited to its own period, not the judgment's 10 years.
    judgment = Judgment(on="2021-03-01", served_on="2021-03-15")
    after = make(
        "residential_rent",
        creditor="individual",
        debtor="individual",
        issued_on="2021-01-01",
        due_on="2021-06-05",
        events=[judgment],
    )
    p = prescription_deadline(after, as_of="2022-01-01")
    assert p.period == "3 years"
    assert p.deadline == D(2024, 6, 5)
    assert "prescription.title.periodic" in codes(p)
    before = make(
        "residential_rent",
        creditor="individual",
        debtor="individual",
        issued_on="2021-01-01",
        due_on="2021-01-05",
        events=[judgment],
    )
    assert prescription_deadline(before, as_of="2022-01-01").period == "10 years"
    # The flag overrides the nature: a periodic commercial sum.
    commercial = make(issued_on="2021-01-01", due_on="2021-06-05", events=[judgment])
    assert prescription_deadline(commercial, as_of="2022-01-01").period == "10 years"
    assert prescription_deadline(commercial, as_of="2022-01-01", periodic=True).period == "5 years"


def test_unsigned_payment_plan_does_not_interrupt() -> None:
    plan = PaymentPlan(
        agreed_on="2022-01-10",
        signed_by_debtor=False,
        instalments=[Instalment(due_on="2022-02-10", amount="500")],
    )
    p = prescription_deadline(make(events=[plan]), as_of="2022-06-01")
    assert p.interruptions == ()
    assert "prescription.ignored.payment_plan" in codes(p)
    signed = PaymentPlan(
        agreed_on="2022-01-10", instalments=[Instalment(due_on="2022-02-10", amount="500")]
    )
    assert prescription_deadline(make(events=[signed]), as_of="2022-06-01").deadline == D(
        2027, 1, 10
    )


def test_claim_declaration_interrupts_until_closure() -> None:
    # C. com. L622-25-1.
    proceeding = InsolvencyProceeding(
        kind="liquidation",
        opened_on="2022-03-01",
        published_on="2022-03-10",
        closed_on="2024-11-30",
    )
    events = [proceeding, ClaimDeclaration(on="2022-04-01")]
    open_ = prescription_deadline(make(events=events), as_of="2023-01-01")
    assert not open_.running
    assert open_.deadline == D(2028, 1, 1)
    closed = prescription_deadline(make(events=events), as_of="2025-01-01")
    assert closed.running
    assert closed.deadline == D(2029, 11, 30)
    assert closed.long_stop is not None  # a declaration does not escape 2232


def test_event_after_the_deadline_does_not_revive() -> None:
    late_action = LegalAction(kind="summons", filed_on="2025-04-01", served_on="2025-04-02")
    p = prescription_deadline(make(events=[late_action]), as_of="2025-05-01")
    assert p.time_barred
    assert "prescription.ignored.legal_action" in codes(p)
    # An acknowledgment after the deadline is flagged as a possible waiver (§A.2, S).
    late_ack = make(events=[Acknowledgment(on="2025-04-01")])
    p = prescription_deadline(late_ack, as_of="2025-05-01")
    assert p.time_barred
    assert "prescription.waiver" in codes(p)


def test_acknowledgment_before_the_start_changes_nothing() -> None:
    p = prescription_deadline(make(events=[Acknowledgment(on="2020-03-01")]), as_of="2021-01-01")
    assert p.deadline == D(2025, 3, 15)
    assert p.interruptions == ()
    assert "prescription.no_effect.acknowledgment" in codes(p)


# -- suspension -----------------------------------------------------------------------------


def test_mediation_pauses_and_leaves_at_least_six_months() -> None:
    # C. civ. 2238: the period restarts for no less than 6 months from the end.
    short = make(events=[Mediation(start="2025-01-10", end="2025-02-10")])
    p = prescription_deadline(short, as_of="2025-03-01")
    assert p.deadline == D(2025, 8, 10)  # 15 Mar + 31 days = 15 Apr < 10 Feb + 6 months
    long = make(events=[Mediation(start="2021-01-01", end="2022-01-01")])
    assert prescription_deadline(long, as_of="2022-02-01").deadline == D(2026, 3, 15)
    assert [e.kind for e in p.suspensions] == ["mediation"]


def test_ongoing_mediation_pauses_the_clock() -> None:
    p = prescription_deadline(make(events=[Mediation(start="2025-01-10")]), as_of="2025-04-01")
    assert not p.running
    assert not p.time_barred
    assert p.deadline == D(2025, 10, 1)  # at least 6 months from as_of
    assert p.suspensions[0].ongoing
    assert p.suspensions[0].end is None


def test_court_inquiry_six_months_minimum() -> None:
    # C. civ. 2239: restarts for at least 6 months from the day the measure is carried out.
    claim = make(events=[CourtInquiry(start="2024-12-01", end="2025-03-01")])
    # 15 Mar 2025 + 90 days = 13 Jun 2025, before 1 Mar + 6 months.
    assert prescription_deadline(claim, as_of="2025-03-10").deadline == D(2025, 9, 1)
    longer = make(events=[CourtInquiry(start="2024-09-01", end="2025-01-20")])
    # 15 Mar 2025 + 141 days = 3 Aug 2025, after 20 Jan + 6 months.
    assert prescription_deadline(longer, as_of="2025-02-01").deadline == D(2025, 8, 3)


def test_force_majeure_pauses_without_minimum() -> None:
    # C. civ. 2234: 31 days of impediment move the deadline by 31 days.
    claim = make(events=[ForceMajeure(start="2023-03-01", end="2023-04-01")])
    assert prescription_deadline(claim, as_of="2024-01-01").deadline == D(2025, 4, 15)


def test_small_claims_agreement_suspends() -> None:
    # C. civ. 2238 (CPCE L125-1): from the debtor's agreement to the small-claims procedure.
    action = LegalAction(
        kind="small_claims",
        filed_on="2025-01-05",
        debtor_agreed_on="2025-01-15",
        ended_on="2025-02-15",
    )
    p = prescription_deadline(make(events=[action]), as_of="2025-03-01")
    assert p.deadline == D(2025, 8, 15)
    assert p.interruptions == ()
    assert [e.kind for e in p.suspensions] == ["small_claims"]
    refused = LegalAction(kind="small_claims", filed_on="2025-01-05")
    assert "prescription.ignored.small_claims" in codes(
        prescription_deadline(make(events=[refused]), as_of="2025-03-01")
    )


def test_overlapping_suspensions_count_once() -> None:
    events = [
        ForceMajeure(start="2023-03-01", end="2023-04-01"),
        ForceMajeure(start="2023-03-15", end="2023-04-10"),
    ]
    assert prescription_deadline(make(events=events), as_of="2024-01-01").deadline == D(2025, 4, 24)


# -- long stop ------------------------------------------------------------------------------


def test_long_stop_caps_a_postponed_start() -> None:
    # C. civ. 2232 al. 1: never beyond 20 years from the day the right arose (here the due
    # date: the term of 2233 is outside the cap); the knowledge start of 2028 is capped.
    claim = make(issued_on="2010-01-10", due_on="2010-02-10", prescription_starts_on="2028-06-01")
    p = prescription_deadline(claim, as_of="2029-01-01")
    assert p.long_stop == D(2030, 2, 10)
    assert p.deadline == D(2030, 2, 10)
    assert "prescription.long_stop.capped" in codes(p)


def test_long_stop_does_not_cap_a_start_postponed_by_a_term() -> None:
    # C. civ. 2232 al. 2 excludes 2233 (a term) from the 20-year cap (reference §A.4):
    # a debt arising in 2003 and due in 2022 is not barred in 2023 (review finding F2).
    claim = make(
        "civil",
        creditor="individual",
        debtor="individual",
        issued_on="2003-01-10",
        due_on="2022-01-10",
    )
    p = prescription_deadline(claim, as_of="2023-06-01")
    assert not p.time_barred
    assert p.deadline == D(2027, 1, 10)
    assert p.long_stop == D(2042, 1, 10)
    assert "prescription.long_stop" in codes(p)


def test_enforcement_escapes_the_long_stop() -> None:
    # C. civ. 2232 al. 2 excludes 2244.
    claim = make(
        issued_on="2010-01-10",
        due_on="2010-02-10",
        prescription_starts_on="2028-06-01",
        events=[EnforcementAct(on="2029-01-01", conservatory=True)],
    )
    p = prescription_deadline(claim, as_of="2029-06-01")
    assert p.long_stop is None
    assert p.deadline == D(2034, 1, 1)
    assert p.interruptions[0].kind == "conservatory_measure"


# -- contractual adjustment ------------------------------------------------------------------


def test_agreed_period_between_professionals() -> None:
    # C. civ. 2254 al. 1: between 1 and 10 years.
    p = prescription_deadline(make(), as_of="2021-01-01", agreed_period_months=12)
    assert p.deadline == D(2021, 3, 15)
    assert p.period == "1 year"
    assert str(p.basis) == "C. civ. 2254"
    assert (
        prescription_deadline(make(), as_of="2021-01-01", agreed_period_months=18).period
        == "18 months"
    )


@pytest.mark.parametrize("months", [6, 11, 121, 240])
def test_agreed_period_out_of_bounds(months: int) -> None:
    with pytest.raises(InvalidValue) as info:
        prescription_deadline(make(), as_of="2021-01-01", agreed_period_months=months)
    assert info.value.field == "agreed_period_months"


def test_agreed_period_refused_for_consumers_periodic_sums_and_tax() -> None:
    with pytest.raises(InvalidValue, match=r"L218-1") as info:  # C. consom. L218-1
        prescription_deadline(
            make("consumer", debtor="individual"), as_of="2021-01-01", agreed_period_months=36
        )
    assert info.value.field == "agreed_period_months"
    # C. civ. 2254 al. 3; Cass. 1re civ., 14/04/2016, n° 15-13.712.
    with pytest.raises(InvalidValue, match=r"2254 al. 3"):
        prescription_deadline(make("commercial_rent"), as_of="2021-01-01", agreed_period_months=24)
    with pytest.raises(InvalidValue, match=r"2254 al. 3"):
        prescription_deadline(make(), as_of="2021-01-01", agreed_period_months=24, periodic=True)
    with pytest.raises(InvalidValue, match=r"tax"):
        prescription_deadline(
            make("tax", creditor="public_body"), as_of="2021-01-01", agreed_period_months=24
        )


def test_agreed_period_refused_for_residential_rent_cites_2254_al_3() -> None:
    # Rents are periodic sums (C. civ. 2254 al. 3, P); a professional landlord's rent is
    # not a consumer claim (loi 89-462 art. 7-1 displaces L218-2, Cass. 3e civ.,
    # 26/01/2017, n° 15-27.580): the refusal cites al. 3, not L218-1 (review F10c).
    rent = make("residential_rent", creditor="professional", debtor="individual")
    with pytest.raises(InvalidValue, match=r"2254 al. 3") as info:
        prescription_deadline(rent, as_of="2021-01-01", agreed_period_months=24)
    assert "L218-1" not in str(info.value)


def test_agreed_period_for_insurance_is_flagged_not_refused() -> None:
    # C. assur. L114-3 is not in the reference: the period is accepted with a note (F10d).
    p = prescription_deadline(make("insurance"), as_of="2021-01-01", agreed_period_months=12)
    assert p.period == "1 year"
    assert "prescription.period.agreed.insurance" in codes(p)


def test_alimony_states_its_confidence() -> None:
    # Reference §A.1 A12 (child maintenance, S) and A13 (between adults, U) (review F10a).
    p = prescription_deadline(
        make("alimony", creditor="individual", debtor="individual"), as_of="2021-01-01"
    )
    reason = next(r for r in p.reasons if r.code == "prescription.period.alimony")
    assert "confidence S" in reason.message
    assert "confidence U" in reason.message


# -- API ------------------------------------------------------------------------------------


def test_bad_arguments() -> None:
    with pytest.raises(InvalidType):
        prescription_deadline("claim", as_of="2021-01-01")  # type: ignore[arg-type]
    with pytest.raises(InvalidValue) as value:
        prescription_deadline(make(), as_of="01/01/2021")
    assert value.value.field == "as_of"
    with pytest.raises(InvalidType) as kind:
        prescription_deadline(make(), as_of="2021-01-01", periodic="yes")  # type: ignore[arg-type]
    assert kind.value.field == "periodic"
    with pytest.raises(InvalidType):
        prescription_deadline(make(), as_of="2021-01-01", agreed_period_months="12")  # type: ignore[arg-type]
    with pytest.raises(UnsupportedJurisdiction):
        prescription_deadline(make(jurisdiction="XZ"), as_of="2021-01-01")


def test_to_dict_is_json() -> None:
    events = [Mediation(start="2021-01-01", end="2021-02-01"), Acknowledgment(on="2021-06-01")]
    p = prescription_deadline(make(events=events), as_of="2022-01-01")
    data = json.loads(json.dumps(p.to_dict()))
    assert data["deadline"] == p.deadline.isoformat()
    assert [e["kind"] for e in data["interruptions"]] == ["acknowledgment"]
    assert data["suspensions"][0]["end"] == "2021-02-01"
    assert all("code" in r for r in data["reasons"])


def test_hot_path_reasons_equal_validated_reasons() -> None:
    facts = {"on": D(2020, 1, 1)}
    slow = Reason("a.b", "text", citation=Citation("C. civ.", "2240"), facts=facts)
    for fast in (
        _owned("a.b", "text", Citation("C. civ.", "2240"), dict(facts)),
        Reason._unchecked("a.b", "text", citation=Citation("C. civ.", "2240"), facts=facts),
    ):
        assert type(fast) is Reason
        assert fast == slow
        assert fast.facts == slow.facts
        assert repr(fast) == repr(slow)
    assert Reason._unchecked("a.b", "text").facts == {}


def test_cached_date_helpers_equal_the_plain_ones() -> None:
    for day in range(dt.date(2023, 12, 25).toordinal(), dt.date(2024, 3, 5).toordinal()):
        assert fr._iso(day) == iso(day)
        for months in (-13, -1, 0, 1, 12, 24, 60, 240):
            assert fr._add_months(day, months) == add_months(day, months)
    with pytest.raises(ValueError, match="out of range"):
        fr._add_months(dt.date(9999, 12, 31).toordinal(), 1)


def test_data_file_has_provenance() -> None:
    text = (
        resources.files("recouvrement.jurisdictions.fr")
        .joinpath("data/fr_prescription.toml")
        .read_text("utf-8")
    )
    assert "Source:" in text
    assert "Checked:" in text
    data = tomllib.loads(text)
    for row in [*data["period"], *data["limit"]]:
        assert row["confidence"] in {"P", "S", "U"}
        assert row["article"]
        assert row["code"]
        assert row["source"]
        dt.date.fromisoformat(row["effective_from"])
    table = fr.prescription_table()
    assert table.limit("long_stop", D(2020, 1, 1)).months == 240
    # Every nature with any parties finds a period.
    for nature in ClaimNature:
        for creditor in PartyKind:
            for debtor in PartyKind:
                for buyer in ("unspecified", "state", "public_undertaking"):
                    assert fr._candidates(nature.value, creditor.value, debtor.value, buyer)


# -- properties (issue 4) -------------------------------------------------------------------

AS_OF = dates(dt.date(2016, 1, 1), dt.date(2040, 12, 31))


@st.composite
def keeping_events(draw: st.DrawFn, issued: pendulum.Date) -> Event | Payment:
    """An event that interrupts or suspends, dated on or after ``issued``."""
    start = issued.add(days=draw(st.integers(0, 4000)))
    end = draw(st.none() | st.integers(0, 400).map(lambda n: start.add(days=n)))
    choice = draw(st.integers(0, 8))
    if choice == 0:
        return Acknowledgment(on=start)
    if choice == 1:
        return Payment(on=start, amount=Money("1", "EUR"))
    if choice == 2:
        return EnforcementAct(on=start, conservatory=draw(st.booleans()))
    if choice == 3:
        return LegalAction(
            kind=draw(
                st.sampled_from(
                    [
                        LegalActionKind.SUMMONS,
                        LegalActionKind.PAYMENT_ORDER,
                        LegalActionKind.INTERIM,
                    ]
                )
            ),
            filed_on=start,
            served_on=start,
            ended_on=end,
        )
    if choice == 4:
        return Mediation(start=start, end=end)
    if choice == 5:
        return CourtInquiry(start=start, end=end)
    if choice == 6:
        return ForceMajeure(start=start, end=end)
    if choice == 7:
        return Judgment(on=start, served_on=end)
    return ClaimDeclaration(on=start)


def with_event(claim: Claim, extra: Event | Payment) -> Claim:
    import attrs

    if isinstance(extra, Payment):
        return attrs.evolve(claim, payments=(*claim.payments, extra))
    return attrs.evolve(claim, events=(*claim.events, extra))


@settings(max_examples=150, deadline=None)
@given(claims(currency="EUR"), AS_OF, st.data())
def test_interruption_or_suspension_never_moves_the_deadline_earlier(
    claim: Claim, as_of: pendulum.Date, data: st.DataObject
) -> None:
    extra = data.draw(keeping_events(claim.issued_on))
    # On a public body (loi 68-1250 art. 2), a recourse still pending shows the deadline as
    # if decided on as_of; a decision recorded earlier starts the new period earlier: it ends
    # the recourse, it does not interrupt (tests/test_truth_law.py).
    assume(not (claim.debtor.kind is PartyKind.PUBLIC_BODY and isinstance(extra, Judgment)))
    before = prescription_deadline(claim, as_of=as_of)
    after = prescription_deadline(with_event(claim, extra), as_of=as_of)
    assert after.deadline >= before.deadline
    assert after.time_barred <= before.time_barred


@settings(max_examples=100, deadline=None)
@given(claims(), AS_OF, st.integers(0, 6000))
def test_formal_notice_never_changes_the_deadline(
    claim: Claim, as_of: pendulum.Date, offset: int
) -> None:
    # A claim on a public body follows loi 68-1250 art. 2, where a written claim for payment
    # does interrupt (tests/test_truth_law.py).
    assume(claim.debtor.kind is not PartyKind.PUBLIC_BODY)
    notice = FormalNotice(on=claim.issued_on.add(days=offset))
    before = prescription_deadline(claim, as_of=as_of)
    after = prescription_deadline(with_event(claim, notice), as_of=as_of)
    assert (after.deadline, after.time_barred, after.running) == (
        before.deadline,
        before.time_barred,
        before.running,
    )
    assert after.interruptions == before.interruptions
    assert after.suspensions == before.suspensions


@settings(max_examples=80, deadline=None)
@given(claims(), AS_OF)
def test_deterministic(claim: Claim, as_of: pendulum.Date) -> None:
    first = prescription_deadline(claim, as_of=as_of)
    again = prescription_deadline(Claim.from_dict(claim.to_dict()), as_of=as_of)
    assert first == again
    assert first.to_dict() == again.to_dict()
    assert first.time_barred == (as_of > first.deadline)
    assert first.deadline >= first.starts_on or first.long_stop == first.deadline


@settings(max_examples=60, deadline=None)
@given(st.lists(claims(currency="EUR"), min_size=1, max_size=5), AS_OF)
def test_upcoming_agrees_with_the_full_computation(
    portfolio: list[Claim], as_of: pendulum.Date
) -> None:
    listed = {
        d.claim_id: d.date
        for d in upcoming_deadlines(portfolio, as_of=as_of, within=10_000)
        if d.kind == "prescription"
    }
    for claim in portfolio:
        p = prescription_deadline(claim, as_of=as_of)
        if claim.id in listed and sum(c.id == claim.id for c in portfolio) == 1:
            assert listed[claim.id] == p.deadline
            assert p.running
            assert not p.time_barred


def test_prescription_event_record() -> None:
    e = PrescriptionEvent(
        kind="mediation",
        effect="suspension",
        start=D(2024, 1, 1),
        end=None,
        ongoing=True,
        deadline_after=D(2025, 1, 1),
        citation=Citation("C. civ.", "2238"),
        note="n",
    )
    assert e.to_dict()["end"] is None
    assert e.to_dict()["ongoing"] is True


# -- earliest_deadline: a bound per claim for the decision engine (issue #15) ----------------


@pytest.mark.parametrize(
    ("seed", "as_of"), [(2, "2026-03-31"), (7, "2025-11-15"), (11, "2031-01-10")]
)
def test_earliest_deadline_never_after_the_deadline(seed: int, as_of: str) -> None:
    """The bound the engine skips the computation with is never after the real deadline,
    whatever the events the generator records (payments, acknowledgments, plans, pauses,
    legal actions, judgments, insolvency)."""
    from recouvrement.jurisdictions.fr.prescription import earliest_deadline

    bounded = 0
    for claim in generate_claims(3000, seed=seed, as_of=as_of):
        floor = earliest_deadline(claim)
        if floor is None:
            continue
        bounded += 1
        deadline = prescription_deadline(claim, as_of=as_of).deadline.toordinal()
        assert floor <= deadline, claim.id
    assert bounded > 1000


def test_earliest_deadline_is_the_row_from_the_due_date() -> None:
    from recouvrement.jurisdictions.fr.prescription import earliest_deadline

    sale = _consumer_sale()
    floor = earliest_deadline(sale)
    assert floor == add_months(sale.due_on.toordinal(), 24)
    assert floor == prescription_deadline(sale, as_of=sale.due_on).deadline.toordinal()


def test_earliest_deadline_with_a_judgment_or_an_explicit_start() -> None:
    from recouvrement.jurisdictions.fr.prescription import earliest_deadline

    sale = _consumer_sale()
    judged = attrs.evolve(sale, events=[Judgment(on="2023-05-02", served_on="2023-06-01")])
    floor = earliest_deadline(judged)
    assert floor == add_months(sale.due_on.toordinal(), 24)
    assert floor < prescription_deadline(judged, as_of="2024-01-01").deadline.toordinal()
    later = attrs.evolve(sale, prescription_starts_on="2022-06-01")
    assert earliest_deadline(later) == add_months(dt.date(2022, 6, 1).toordinal(), 24)


def test_earliest_deadline_of_a_public_body() -> None:
    from recouvrement.jurisdictions.fr.prescription import earliest_deadline

    claims = [
        c
        for c in generate_claims(400, seed=3, as_of="2026-03-31")
        if c.debtor.public_buyer is not None
    ]
    public = 0
    for claim in claims:
        floor = earliest_deadline(claim)
        assert floor is not None
        for as_of in (claim.issued_on, "2026-03-31", "2031-06-30"):
            found = prescription_deadline(claim, as_of=as_of)
            assert floor <= found.deadline.toordinal()
            public += found.basis.code == "loi 68-1250"
    assert public > 10
    sale = _consumer_sale()
    state = attrs.evolve(
        sale,
        nature="public_procurement",
        debtor=Debtor(id="E", name="Etat", kind="public_body"),
        payments=(),
    )
    found = prescription_deadline(state, as_of="2022-03-01")
    assert found.basis.code == "loi 68-1250"
    assert earliest_deadline(state) == found.deadline.toordinal()  # 31 December 2026


def _consumer_sale() -> Claim:
    return Claim(
        id="V-8",
        creditor=Creditor(id="G", name="Garage", kind="professional"),
        debtor=Debtor(id="P", name="Paul Petit", kind="individual"),
        nature="consumer",
        amount="900",
        issued_on="2022-01-10",
        due_on="2022-02-10",
        payments=[Payment(on="2022-06-01", amount="100")],
    )


@settings(max_examples=200, deadline=None)
@given(claims(currency="EUR"), AS_OF, st.data())
def test_earliest_deadline_bounds_any_claim(
    claim: Claim, as_of: pendulum.Date, data: st.DataObject
) -> None:
    """Whatever interrupts, suspends or judges, the deadline is never before the bound."""
    from recouvrement.jurisdictions.fr.prescription import earliest_deadline

    for extra in data.draw(st.lists(keeping_events(claim.issued_on), max_size=4)):
        claim = with_event(claim, extra)
    floor = earliest_deadline(claim)
    assume(floor is not None)
    assert floor is not None
    assert floor <= prescription_deadline(claim, as_of=as_of).deadline.toordinal()
