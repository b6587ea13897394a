"""Insolvency deadlines and the list of upcoming legal deadlines (issue 4, reference §E.1).

Worked cases: C. com. R622-24 (2 months from the BODACC publication, + 2 months outside
metropolitan France) and L622-26 (6 months to ask for relief from foreclosure), counted
with CPC 641 and 642.
"""

from __future__ import annotations

import json

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recouvrement.claims import Claim, Payment
from recouvrement.errors import InvalidType, InvalidValue, UnsupportedJurisdiction
from recouvrement.events import (
    Cancellation,
    ClaimDeclaration,
    InsolvencyKind,
    InsolvencyProceeding,
    LegalAction,
    Mediation,
)
from recouvrement.parties import Creditor, Debtor
from recouvrement.prescription import (
    DEADLINE_KINDS,
    Deadline,
    DeclarationDeadline,
    claim_declaration_deadline,
    upcoming_deadlines,
)
from recouvrement.sample import generate_claims
from tests.strategies import claims, dates

D = pendulum.Date


def proceeding(published: str | None = "2025-03-16", **extra: str) -> InsolvencyProceeding:
    return InsolvencyProceeding(
        kind=InsolvencyKind.RECEIVERSHIP, opened_on="2025-03-04", published_on=published, **extra
    )


def claim(
    claim_id: str = "F-1",
    *,
    due_on: str = "2024-01-31",
    country: str = "FR",
    events: tuple[object, ...] = (),
    payments: tuple[Payment, ...] = (),
) -> Claim:
    return Claim(
        id=claim_id,
        creditor=Creditor(id="C", name="Acme", kind="professional", country=country),
        debtor=Debtor(id="D", name="Martin SARL", kind="professional"),
        nature="commercial",
        amount="1000",
        issued_on="2024-01-01",
        due_on=due_on,
        events=events,
        payments=payments,
    )


# -- claim_declaration_deadline -----------------------------------------------------------------


def test_two_months_from_publication() -> None:
    # C. com. R622-24 al. 1: 16 March -> 16 May (same quantième, CPC 641 al. 2).
    d = claim_declaration_deadline(proceeding())
    assert isinstance(d, DeclarationDeadline)
    assert d.published_on == d.runs_from == D(2025, 3, 16)
    assert d.deadline == D(2025, 5, 16)
    assert not d.declaration.extended
    # L622-26: 6 months to ask for relief from foreclosure.
    assert d.relief_deadline == D(2025, 9, 16)
    assert [str(r.citation) for r in d.reasons][:1] == ["C. com. R622-24 al. 1"]


def test_two_more_months_outside_metropolitan_france() -> None:
    # C. com. R622-24 al. 2.
    d = claim_declaration_deadline(proceeding(), creditor_outside_metropolitan_france=True)
    assert d.deadline == D(2025, 7, 16)
    assert d.outside_metropolitan_france
    assert "C. com. R622-24 al. 2" in [str(r.citation) for r in d.reasons]
    assert d.relief_deadline == D(2025, 9, 16)  # not lengthened


def test_last_day_on_a_public_holiday_moves_to_the_next_business_day() -> None:
    # CPC 642: 15 June + 2 months = Friday 15 August 2025 (Assumption): Monday 18 August.
    d = claim_declaration_deadline(proceeding("2025-06-15"))
    assert d.declaration.nominal == D(2025, 8, 15)
    assert d.deadline == D(2025, 8, 18)
    assert d.declaration.extended


def test_month_end_rule() -> None:
    # CPC 641 al. 2: 31 December + 2 months -> 28 February (no 31 February)... then 642:
    # 28 February 2026 is a Saturday, so Monday 2 March.
    p = InsolvencyProceeding(kind="liquidation", opened_on="2025-12-20", published_on="2025-12-31")
    d = claim_declaration_deadline(p)
    assert d.declaration.nominal == D(2026, 2, 28)
    assert d.deadline == D(2026, 3, 2)


def test_personal_notice_starts_the_deadlines() -> None:
    # R622-24 al. 1 and L622-26: from the notice for a published security or contract.
    d = claim_declaration_deadline(proceeding(), notified_on="2025-04-02")
    assert d.runs_from == D(2025, 4, 2)
    assert d.deadline == D(2025, 6, 2)
    assert d.relief_deadline == D(2025, 10, 2)


def test_no_publication_is_a_clear_error() -> None:
    with pytest.raises(InvalidValue, match="BODACC") as info:
        claim_declaration_deadline(proceeding(None))
    assert info.value.field == "published_on"


def test_bad_arguments() -> None:
    with pytest.raises(InvalidType):
        claim_declaration_deadline("2025-03-16")  # type: ignore[arg-type]
    with pytest.raises(InvalidType):
        claim_declaration_deadline(proceeding(), creditor_outside_metropolitan_france=1)  # type: ignore[arg-type]
    with pytest.raises(InvalidValue) as info:
        claim_declaration_deadline(proceeding(), notified_on="2025-01-01")
    assert info.value.field == "notified_on"
    with pytest.raises(UnsupportedJurisdiction):
        claim_declaration_deadline(proceeding(), jurisdiction="XZ")


def test_declaration_to_dict_is_json() -> None:
    data = json.loads(json.dumps(claim_declaration_deadline(proceeding()).to_dict()))
    assert data["declaration"]["date"] == "2025-05-16"
    assert data["relief_from_foreclosure"]["date"] == "2025-09-16"
    assert data["kind"] == "receivership"


# -- upcoming_deadlines -------------------------------------------------------------------------


def test_prescription_deadlines_in_the_window_soonest_first() -> None:
    portfolio = [
        claim("B", due_on="2024-03-15"),  # 2029-03-15
        claim("A", due_on="2024-02-15"),  # 2029-02-15
        claim("C", due_on="2024-09-15"),  # 2029-09-15: outside
    ]
    found = upcoming_deadlines(portfolio, as_of="2029-01-01", within=90)
    assert [(d.claim_id, d.date, d.days_left) for d in found] == [
        ("A", D(2029, 2, 15), 45),
        ("B", D(2029, 3, 15), 73),
    ]
    assert all(d.kind == "prescription" and str(d.citation) == "C. com. L110-4 I" for d in found)
    # The window includes both ends.
    assert [d.claim_id for d in upcoming_deadlines(portfolio, as_of="2029-02-15", within=28)] == [
        "A",
        "B",
    ]


def test_settled_cancelled_barred_and_paused_claims_are_left_out() -> None:
    portfolio = [
        claim("paid", payments=(Payment(on="2024-02-10", amount="1000"),)),
        claim("cancelled", events=(Cancellation(on="2024-02-10"),)),
        claim("barred", due_on="2024-01-02"),
        claim(
            "pending",
            events=(LegalAction(kind="summons", filed_on="2028-10-01", served_on="2028-10-02"),),
        ),
        claim("paused", events=(Mediation(start="2028-11-01"),)),
        claim("open", due_on="2024-02-01"),
    ]
    found = upcoming_deadlines(portfolio, as_of="2029-01-15", within=30)
    assert [d.claim_id for d in found] == ["open"]


def test_declaration_then_relief_deadlines() -> None:
    p = proceeding()
    undeclared = claim("X", events=(p,))
    found = upcoming_deadlines([undeclared], as_of="2025-04-01", within=60)
    assert [(d.kind, d.date) for d in found] == [("claim_declaration", D(2025, 5, 16))]
    # Abroad: + 2 months.
    abroad = claim("Y", country="BE", events=(p,))
    found = upcoming_deadlines([abroad], as_of="2025-04-01", within=120)
    assert [(d.kind, d.date) for d in found] == [("claim_declaration", D(2025, 7, 16))]
    # Missed: the relief window.
    found = upcoming_deadlines([undeclared], as_of="2025-06-01", within=120)
    assert [(d.kind, d.date) for d in found] == [("relief_from_foreclosure", D(2025, 9, 16))]
    assert str(found[0].citation) == "C. com. L622-26"
    # Declared: nothing to do.
    declared = claim("Z", events=(p, ClaimDeclaration(on="2025-04-10")))
    assert upcoming_deadlines([declared], as_of="2025-04-20", within=60) == ()
    # Not yet published on as_of: nothing either.
    assert upcoming_deadlines([undeclared], as_of="2025-03-10", within=60) == ()


def test_within_is_days_as_int() -> None:
    with pytest.raises(InvalidType) as info:
        upcoming_deadlines([], as_of="2025-01-01", within="30")  # type: ignore[arg-type]
    assert info.value.field == "within"
    with pytest.raises(InvalidValue):
        upcoming_deadlines([], as_of="2025-01-01", within=-1)
    with pytest.raises(InvalidType) as item:
        upcoming_deadlines([claim(), "x"], as_of="2025-01-01", within=1)  # type: ignore[list-item]
    assert item.value.field == "claims[1]"
    assert upcoming_deadlines(iter([]), as_of="2025-01-01", within=0) == ()


def test_deadline_record() -> None:
    d = upcoming_deadlines([claim()], as_of="2029-01-01", within=60)[0]
    assert isinstance(d, Deadline)
    assert d.kind in DEADLINE_KINDS
    assert json.loads(json.dumps(d.to_dict()))["date"] == "2029-01-31"
    assert str(d).startswith("2029-01-31 prescription F-1:")


def test_sample_portfolio() -> None:
    portfolio = generate_claims(300, seed=11, as_of="2025-12-31")
    found = upcoming_deadlines(portfolio, as_of="2025-12-31", within=365)
    assert found
    keys = [(d.date, d.claim_id, DEADLINE_KINDS.index(d.kind)) for d in found]
    assert keys == sorted(keys)


@settings(max_examples=60, deadline=None)
@given(st.lists(claims(), max_size=6), dates(), st.integers(0, 3000))
def test_window_and_order(portfolio: list[Claim], as_of: pendulum.Date, within: int) -> None:
    found = upcoming_deadlines(portfolio, as_of=as_of, within=within)
    assert all(0 <= d.days_left <= within for d in found)
    assert all(d.date.toordinal() - as_of.toordinal() == d.days_left for d in found)
    assert [d.date for d in found] == sorted(d.date for d in found)
    assert found == upcoming_deadlines(portfolio, as_of=as_of, within=within)
