"""Late interest, fixed indemnity, penalty clause and amounts due (French law).

Worked cases come from published guides and calculator documentation (named in each test)
and from the derived rate table of the project's legal reference (§B.3); the rest checks
the rules of §B, §C and §D.5 and the invariants of issue 3.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from recouvrement.claims import Claim, ClaimNature, CreditNote, Payment
from recouvrement.errors import (
    InvalidType,
    InvalidValue,
    RateNotPublished,
    UnsupportedJurisdiction,
)
from recouvrement.events import (
    FormalNotice,
    InsolvencyKind,
    InsolvencyProceeding,
    Judgment,
    LegalAction,
    LegalActionKind,
)
from recouvrement.explain import Reason
from recouvrement.interest import AmountsDue, LateInterest, amounts_due, late_interest
from recouvrement.jurisdictions.fr.interest import regime_of
from recouvrement.money import Money
from recouvrement.parties import Creditor, Debtor
from recouvrement.rates import RateRow, RateTable
from recouvrement.terms import PaymentTerms, PenaltyClause

PRO_CREDITOR = Creditor(id="C", name="Acme SAS", kind="professional")
PRO_DEBTOR = Debtor(id="D", name="Martin SARL", kind="professional")
PERSON_CREDITOR = Creditor(id="P", name="Anne Dupont", kind="individual")
PERSON_DEBTOR = Debtor(id="Q", name="Bruno Durand", kind="individual")
PUBLIC_DEBTOR = Debtor(id="M", name="Commune de X", kind="public_body")


def claim(**fields: Any) -> Claim:
    values: dict[str, Any] = {
        "id": "F-1",
        "creditor": PRO_CREDITOR,
        "debtor": PRO_DEBTOR,
        "nature": "commercial",
        "amount": "1000",
        "issued_on": "2025-01-01",
        "due_on": "2025-01-31",
    }
    values.update(fields)
    return Claim(**values)


def codes(result: LateInterest | AmountsDue) -> set[str]:
    return {r.code for r in result.reasons}


# -- worked cases from published sources ----------------------------------------------------


def test_heropay_b2b_example_1000_eur_30_days_at_14_5_percent() -> None:
    # heropay.eu, "Comment facturer des pénalités sans erreur ?": 1 000 EUR, 30 days late at
    # 14.5 % = 11.92 EUR. 14.5 % is ECB 4.50 % on 1 January 2024 + 10 points (§B.3, 2024 S1).
    result = late_interest(claim(issued_on="2024-01-01", due_on="2024-02-01"), as_of="2024-03-02")
    assert [(p.days, p.rate) for p in result.periods] == [(30, Decimal("14.50"))]
    assert result.interest == Money("11.92")
    assert result.indemnity == Money("40.00")


def test_lesjooristes_example_5000_eur_10_percent_30_days() -> None:
    # lesjooristes.fr, "Comment calculer les pénalités de retard ?" (16/10/2024): an invoice of
    # 5 000 EUR at a 10 % penalty rate, 30 days late: 41.10 EUR. A 10 % contractual rate is
    # above the 2025 S2 floor (3 x 2.76 % = 8.28 %), so it applies as agreed.
    result = late_interest(
        claim(
            amount="5000",
            issued_on="2025-07-01",
            due_on="2025-08-01",
            terms=PaymentTerms.net(31, late_interest_rate="10"),
        ),
        as_of="2025-08-31",
    )
    assert result.periods[0].rate == Decimal("10")
    assert result.interest == Money("41.10")
    assert "interest.commercial.contractual_rate" in codes(result)


def test_infor_ln_documentation_example_612_15_eur_13_days() -> None:
    # Infor LN documentation, "Exemples de calcul d'intérêt sur les factures échues", example 1:
    # 612.15 EUR due 16 February, interest invoiced 1 March, 10 % over 13 days = 2.18 EUR.
    # The day count matches ours: from the day after the due date to the day of computation.
    result = late_interest(
        claim(
            amount="612.15",
            issued_on="2022-02-01",
            due_on="2022-02-16",
            terms=PaymentTerms.net(15, late_interest_rate="10"),
        ),
        as_of="2022-03-01",
    )
    assert result.periods[0].days == 13
    assert result.interest == Money("2.18")


# §B.3 of the legal reference: derived ECB + 10, 3 x legal "other cases" floor, ECB + 8.
B3 = [
    ("2015 S1", "10.05", "2.79", "8.05"),
    ("2015 S2", "10.05", "2.97", "8.05"),
    ("2016 S1", "10.05", "3.03", "8.05"),
    ("2016 S2", "10.00", "2.79", "8.00"),
    ("2017 S1", "10.00", "2.70", "8.00"),
    ("2017 S2", "10.00", "2.70", "8.00"),
    ("2018 S1", "10.00", "2.67", "8.00"),
    ("2018 S2", "10.00", "2.64", "8.00"),
    ("2019 S1", "10.00", "2.58", "8.00"),
    ("2019 S2", "10.00", "2.61", "8.00"),
    ("2020 S1", "10.00", "2.61", "8.00"),
    ("2020 S2", "10.00", "2.52", "8.00"),
    ("2021 S1", "10.00", "2.37", "8.00"),
    ("2021 S2", "10.00", "2.28", "8.00"),
    ("2022 S1", "10.00", "2.28", "8.00"),
    ("2022 S2", "10.00", "2.31", "8.00"),
    ("2023 S1", "12.50", "6.18", "10.50"),
    ("2023 S2", "14.00", "12.66", "12.00"),
    ("2024 S1", "14.50", "15.21", "12.50"),
    ("2024 S2", "14.25", "14.76", "12.25"),
    ("2025 S1", "13.15", "11.13", "11.15"),
    ("2025 S2", "12.15", "8.28", "10.15"),
    ("2026 S1", "12.15", "7.86", "10.15"),
]


def _half_year_dates(label: str) -> tuple[dt.date, dt.date]:
    year, half = int(label[:4]), int(label[-1])
    first = dt.date(year, 1 if half == 1 else 7, 1)
    last = dt.date(year, 6, 30) if half == 1 else dt.date(year, 12, 31)
    return first, last


@pytest.mark.parametrize(("label", "default", "floor", "procurement"), B3)
def test_rates_by_half_year_match_reference_b3(
    label: str, default: str, floor: str, procurement: str
) -> None:
    first, last = _half_year_dates(label)
    due = first - dt.timedelta(days=1)
    issued = due - dt.timedelta(days=30)
    commercial = late_interest(claim(issued_on=issued, due_on=due), as_of=last)
    assert [p.rate for p in commercial.periods] == [Decimal(default)]
    public = late_interest(claim(issued_on=issued, due_on=due, debtor=PUBLIC_DEBTOR), as_of=last)
    assert public.regime == "public_procurement"
    assert [p.rate for p in public.periods] == [Decimal(procurement)]
    # A 0.01 % contractual rate is always below the floor: the floor applies.
    floored = late_interest(
        claim(issued_on=issued, due_on=due, terms=PaymentTerms.net(30, late_interest_rate="0.01")),
        as_of=last,
    )
    assert [p.rate for p in floored.periods] == [Decimal(floor)]
    assert "interest.commercial.below_floor" in codes(floored)


def test_legifiscal_2026_s1_floor_is_7_86() -> None:
    # legifiscal.fr [67] publishes the 2026 S1 floor: 3 x 2.62 % = 7.86 %.
    result = late_interest(
        claim(
            issued_on="2025-11-01",
            due_on="2025-12-31",
            terms=PaymentTerms.net(60, late_interest_rate="5"),
        ),
        as_of="2026-01-31",
    )
    assert result.periods[0].rate == Decimal("7.86")


# -- commercial regime ------------------------------------------------------------------------


def test_commercial_delay_across_1_july_is_split_with_each_semester_rate() -> None:
    result = late_interest(claim(issued_on="2024-05-01", due_on="2024-05-31"), as_of="2024-07-10")
    assert [(str(p.start), str(p.end), p.days, p.rate) for p in result.periods] == [
        ("2024-06-01", "2024-06-30", 30, Decimal("14.50")),  # ECB on 1 Jan 2024: 4.50
        ("2024-07-01", "2024-07-10", 10, Decimal("14.25")),  # ECB on 1 Jul 2024: 4.25
    ]
    # Although the ECB cut took effect 12/06/2024, June keeps the 1 January rate.
    expected = Decimal(1000) * (Decimal("14.50") * 30 + Decimal("14.25") * 10) / 36500
    assert result.accrued.amount == expected
    assert result.interest == Money(expected).round()


def test_before_2013_the_rate_followed_each_ecb_operation() -> None:
    # §B.1 history (S): ECB rate of the most recent operation as it changed, + 7 points
    # before 2009, + 10 points from 2009; the semester rule applies from 2013.
    result = late_interest(claim(issued_on="2008-11-01", due_on="2008-12-01"), as_of="2013-01-31")
    rates = [(str(p.start), p.rate) for p in result.periods]
    assert rates[:3] == [
        ("2008-12-02", Decimal("10.25")),
        ("2008-12-10", Decimal("9.50")),
        ("2009-01-01", Decimal("12.50")),
    ]
    assert rates[-2:] == [("2012-07-11", Decimal("10.75")), ("2013-01-01", Decimal("10.75"))]
    assert str(result.periods[0].citation) == "C. com. L441-6 version before 2013"
    assert str(result.periods[-1].citation) == "C. com. L441-10 II"


def test_commercial_no_reminder_needed_and_regime_reasons() -> None:
    result = late_interest(claim(), as_of="2025-02-10")
    assert result.regime == "commercial"
    assert {
        "interest.regime.commercial",
        "interest.commercial.default_rate",
        "indemnity.fixed",
    } <= codes(result)
    assert all(str(p.citation) == "C. com. L441-10 II" for p in result.periods)


def test_2024_floor_above_default_is_noted_not_applied_by_default() -> None:
    c = claim(issued_on="2024-01-01", due_on="2024-01-31")
    result = late_interest(c, as_of="2024-03-01")
    assert result.periods[0].rate == Decimal("14.50")
    assert "interest.commercial.floor_above_default" in codes(result)
    floored = late_interest(c, as_of="2024-03-01", floor_default_rate=True)
    assert floored.periods[0].rate == Decimal("15.21")
    assert "interest.commercial.default_floored" in codes(floored)


def test_start_half_year_option_keeps_the_first_rate() -> None:
    c = claim(issued_on="2024-05-01", due_on="2024-05-31")
    result = late_interest(c, as_of="2025-03-31", semester_rule="start_half_year")
    assert {p.rate for p in result.periods} == {Decimal("14.50")}
    assert "interest.commercial.start_half_year" in codes(result)


def test_contractual_rate_above_floor_applies_as_agreed() -> None:
    result = late_interest(
        claim(terms=PaymentTerms.net(30, late_interest_rate="15")), as_of="2025-03-31"
    )
    assert {p.rate for p in result.periods} == {Decimal("15")}
    assert "interest.commercial.below_floor" not in codes(result)


def test_indemnity_rules() -> None:
    assert late_interest(claim(), as_of="2025-02-01").indemnity == Money("40.00")
    individual = late_interest(claim(debtor=PERSON_DEBTOR), as_of="2025-02-01")
    assert individual.indemnity == Money("0.00")
    assert "indemnity.none" in codes(individual)
    extra = late_interest(claim(), as_of="2025-02-01", extra_indemnity=Money("60"))
    assert extra.indemnity == Money("100.00")
    assert extra.total == extra.interest + Money("100")


def test_no_indemnity_when_insolvency_forbade_payment_at_due_date() -> None:
    opened = InsolvencyProceeding(kind=InsolvencyKind.RECEIVERSHIP, opened_on="2025-01-20")
    result = late_interest(claim(events=[opened]), as_of="2025-03-01")
    assert result.indemnity == Money("0.00")
    assert "indemnity.insolvency" in codes(result)
    # The opening judgment also stops interest on a claim born before it (L622-28).
    assert result.periods == ()
    assert "interest.insolvency_stop" in codes(result)


def test_insolvency_after_due_date_stops_interest_but_keeps_indemnity() -> None:
    opened = InsolvencyProceeding(kind=InsolvencyKind.LIQUIDATION, opened_on="2025-02-11")
    result = late_interest(claim(events=[opened]), as_of="2025-03-31")
    assert result.periods[-1].end.isoformat() == "2025-02-10"
    assert result.indemnity == Money("40.00")
    stop = next(r for r in result.reasons if r.code == "interest.insolvency_stop")
    assert str(stop.citation) == "C. com. L641-3"


def test_no_indemnity_in_another_currency() -> None:
    result = late_interest(claim(amount=Money("1000", "USD")), as_of="2025-03-01")
    assert result.indemnity == Money("0.00", "USD")
    assert "indemnity.currency" in codes(result)


def test_transport_between_professionals_is_commercial() -> None:
    c = claim(nature="transport")
    assert regime_of(c) == "commercial"
    assert regime_of(claim(nature="transport", debtor=PERSON_DEBTOR)) == "legal_rate"
    assert regime_of(claim(nature="commercial_rent")) == "legal_rate"
    assert regime_of(claim(nature="tax")) == "none"


# -- public procurement -----------------------------------------------------------------------


def test_public_procurement_rate_is_fixed_for_the_whole_delay() -> None:
    c = claim(
        nature="public_procurement",
        debtor=PUBLIC_DEBTOR,
        issued_on="2024-05-01",
        due_on="2024-05-31",
        terms=PaymentTerms.net(30, late_interest_rate="20"),
    )
    result = late_interest(c, as_of="2025-02-28")
    # Interest started 1 June 2024: ECB on 1 January 2024 (4.50) + 8 = 12.50 for the whole delay.
    assert [(p.rate, p.days) for p in result.periods] == [(Decimal("12.50"), 273)]
    assert result.indemnity == Money("40.00")
    assert str(result.periods[0].citation) == "CCP R2192-31"
    assert "interest.contractual_rate_ignored" in codes(result)


# -- legal rate: consumer and civil -----------------------------------------------------------


def test_consumer_claim_without_formal_notice_has_no_interest() -> None:
    c = claim(nature="consumer", debtor=PERSON_DEBTOR)
    result = late_interest(c, as_of="2025-06-30")
    assert result.regime == "legal_rate"
    assert result.interest == Money("0.00")
    assert result.indemnity == Money("0.00")
    assert {"interest.no_formal_notice", "indemnity.none"} <= codes(result)


def test_consumer_claim_from_formal_notice_at_the_creditors_rate() -> None:
    # A professional creditor: the "other cases" legal rate (2025 S1 3.71, S2 2.76).
    c = claim(nature="consumer", debtor=PERSON_DEBTOR, events=[FormalNotice(on="2025-05-31")])
    result = late_interest(c, as_of="2025-07-31")
    assert [(str(p.start), p.days, p.rate) for p in result.periods] == [
        ("2025-06-01", 30, Decimal("3.71")),
        ("2025-07-01", 31, Decimal("2.76")),
    ]
    assert str(result.periods[0].citation) == "C. civ. 1231-6"


def test_civil_claim_between_individuals_uses_the_individual_rate() -> None:
    c = claim(
        nature="civil",
        creditor=PERSON_CREDITOR,
        debtor=PERSON_DEBTOR,
        events=[FormalNotice(on="2025-02-28")],
    )
    result = late_interest(c, as_of="2025-03-31")
    assert [p.rate for p in result.periods] == [Decimal("7.21")]


def test_premature_formal_notice_is_not_counted() -> None:
    c = claim(
        nature="civil",
        creditor=PERSON_CREDITOR,
        debtor=PERSON_DEBTOR,
        events=[FormalNotice(on="2025-01-15")],
    )
    result = late_interest(c, as_of="2025-03-31")
    assert result.periods == ()
    assert {"interest.formal_notice_premature", "interest.no_formal_notice"} <= codes(result)


def test_served_court_act_counts_as_formal_notice() -> None:
    action = LegalAction(
        kind=LegalActionKind.SUMMONS, filed_on="2025-03-01", served_on="2025-03-10"
    )
    c = claim(nature="civil", creditor=PERSON_CREDITOR, debtor=PERSON_DEBTOR, events=[action])
    result = late_interest(c, as_of="2025-03-20")
    assert str(result.periods[0].start) == "2025-03-11"


def test_judgment_adds_five_points_two_months_after_service() -> None:
    events = [FormalNotice(on="2025-02-10"), Judgment(on="2025-03-01", served_on="2025-03-15")]
    c = claim(nature="civil", creditor=PERSON_CREDITOR, debtor=PERSON_DEBTOR, events=events)
    result = late_interest(c, as_of="2025-06-30")
    assert [(str(p.start), str(p.end), p.rate) for p in result.periods] == [
        ("2025-02-11", "2025-05-15", Decimal("7.21")),
        ("2025-05-16", "2025-06-30", Decimal("12.21")),
    ]
    assert str(result.periods[1].citation) == "C. mon. fin. L313-3"


def test_judgment_does_not_raise_the_commercial_rate() -> None:
    c = claim(events=[Judgment(on="2025-03-01", served_on="2025-03-15")])
    result = late_interest(c, as_of="2025-06-30")
    assert {p.rate for p in result.periods} == {Decimal("13.15")}
    assert "interest.judgment_no_majoration" in codes(result)


def test_penalty_clause_due_only_after_formal_notice() -> None:
    terms = PaymentTerms.net(30, penalty=PenaltyClause(percent="10"))
    before = late_interest(claim(terms=terms), as_of="2025-03-01")
    assert before.penalty == Money("0.00")
    assert "penalty.no_formal_notice" in codes(before)
    after = late_interest(
        claim(terms=terms, events=[FormalNotice(on="2025-02-15")]), as_of="2025-03-01"
    )
    assert after.penalty == Money("100.00")
    assert after.total == after.interest + after.indemnity  # reported separately
    note = next(r for r in after.reasons if r.code == "penalty.due")
    assert "judge may" in note.message
    assert str(note.citation) == "C. civ. 1231-5"


# -- payments, allocation, day count ----------------------------------------------------------


def test_partial_payment_reduces_the_base_from_the_next_day() -> None:
    c = claim(payments=[Payment(on="2025-02-10", amount="400")])
    result = late_interest(c, as_of="2025-02-20")
    assert [(str(p.start), str(p.end), p.base) for p in result.periods] == [
        ("2025-02-01", "2025-02-10", Money("1000")),
        ("2025-02-11", "2025-02-20", Money("600")),
    ]


def test_credit_note_reduces_the_base_from_its_date() -> None:
    c = claim(credit_notes=[CreditNote(on="2025-02-10", amount="400")])
    result = late_interest(c, as_of="2025-02-20")
    assert [(str(p.start), p.base) for p in result.periods] == [
        ("2025-02-01", Money("1000")),
        ("2025-02-10", Money("600")),
    ]


def test_interest_stops_on_the_day_of_full_payment() -> None:
    c = claim(payments=[Payment(on="2025-03-02", amount="1000")])
    result = late_interest(c, as_of="2025-12-31")
    assert result.periods[-1].end.isoformat() == "2025-03-02"
    assert "interest.stopped_paid" in codes(result)


def test_interest_first_allocation() -> None:
    c = claim(amount="10000", payments=[Payment(on="2025-03-02", amount="5000")])
    first = late_interest(c, as_of="2025-04-30", allocation="interest_first")
    plain = late_interest(c, as_of="2025-04-30")
    # Interest is settled in whole cents: 108.08 of the 5 000 went to interest.
    accrued_to_payment = (Decimal(10000) * Decimal("13.15") * 30 / 36500).quantize(Decimal("0.01"))
    assert accrued_to_payment == Decimal("108.08")
    assert first.interest_paid.amount == accrued_to_payment
    assert first.periods[1].base.amount == Decimal(5000) + accrued_to_payment
    assert first.interest > plain.interest
    due = amounts_due(c, as_of="2025-04-30", allocation="interest_first")
    assert due.principal == (Money("5000") + Money(accrued_to_payment)).round()
    assert due.interest == (first.accrued - first.interest_paid).round()
    assert "interest.allocation.interest_first" in codes(due)


def test_actual_actual_divides_leap_year_days_by_366() -> None:
    c = claim(issued_on="2023-11-01", due_on="2023-12-21")
    result = late_interest(c, as_of="2024-01-10", day_count="actual/actual")
    assert [(p.days, p.year_days) for p in result.periods] == [(10, 365), (10, 366)]
    expected = (
        Decimal(1000) * Decimal("14.00") * 10 / 36500
        + Decimal(1000) * Decimal("14.50") * 10 / 36600
    )
    assert result.accrued.amount == expected
    default = late_interest(c, as_of="2024-01-10")
    assert {p.year_days for p in default.periods} == {365}


def test_paid_on_time_means_nothing_owed() -> None:
    c = claim(payments=[Payment(on="2025-01-31", amount="1000")])
    result = late_interest(c, as_of="2025-12-31")
    assert result.total == Money("0.00")
    assert result.periods == ()


def test_not_yet_due() -> None:
    result = late_interest(claim(), as_of="2025-01-31")
    assert result.total == Money("0.00")
    assert "interest.not_late" in codes(result)


# -- amounts due --------------------------------------------------------------------------------


def test_amounts_due_lines_and_excess_payment() -> None:
    c = claim(payments=[Payment(on="2025-03-02", amount="1010")])
    due = amounts_due(c, as_of="2025-03-31")
    li = due.detail
    assert due.principal == Money("0.00")
    owed = li.accrued.amount - Decimal(10)
    assert due.interest == Money(owed).round()
    assert due.indemnity == Money("40.00")
    assert due.total == due.principal + due.interest + due.indemnity + due.penalty
    assert due.interest_reasons
    assert due.indemnity_reasons
    assert due.principal_reasons
    assert due.to_dict()["total"] == {"amount": str(due.total.amount), "currency": "EUR"}


def test_amounts_due_overpayment() -> None:
    c = claim(payments=[Payment(on="2025-01-15", amount="1200")])
    due = amounts_due(c, as_of="2025-03-31")
    assert due.total == Money("0.00")
    assert due.overpaid == Money("200")


# -- rates, errors, options ---------------------------------------------------------------------


def test_unpublished_half_year_raises_and_own_table_fixes_it() -> None:
    c = claim(issued_on="2026-05-01", due_on="2026-05-31")
    with pytest.raises(RateNotPublished) as info:
        late_interest(c, as_of="2026-07-15")
    assert info.value.period == "2026 S2"
    ecb = RateTable.ecb().with_row("2026-06-10", "2.00", published_to="2026-12-31")
    result = late_interest(c, as_of="2026-07-15", rates=[ecb])
    assert [p.rate for p in result.periods] == [Decimal("12.15"), Decimal("12.00")]


def test_rates_argument_validation() -> None:
    with pytest.raises(InvalidType):
        late_interest(claim(), as_of="2025-03-01", rates=["x"])  # type: ignore[list-item]
    other = RateTable.from_rows(
        "mine", [RateRow(effective_from="2025-01-01", effective_to="2025-12-31", rate="1")]
    )
    with pytest.raises(InvalidValue):
        late_interest(claim(), as_of="2025-03-01", rates=other)


def test_bad_options_raise() -> None:
    with pytest.raises(InvalidValue):
        late_interest(claim(), as_of="2025-03-01", allocation="fifo")
    with pytest.raises(InvalidValue):
        late_interest(claim(), as_of="2025-03-01", day_count="30/360")
    with pytest.raises(InvalidValue):
        late_interest(claim(), as_of="2025-03-01", semester_rule="monthly")
    with pytest.raises(InvalidValue):
        late_interest(claim(), as_of="2025-03-01", extra_indemnity=Money("5", "USD"))
    with pytest.raises(InvalidType):
        late_interest("F-1", as_of="2025-03-01")  # type: ignore[arg-type]


def test_unsupported_jurisdiction() -> None:
    with pytest.raises(UnsupportedJurisdiction):
        late_interest(claim(jurisdiction="XZ"), as_of="2025-03-01")


def test_reasons_are_ordinary_reason_values() -> None:
    result = late_interest(
        claim(terms=PaymentTerms.net(30, late_interest_rate="1")), as_of="2025-03-01"
    )
    for reason in result.reasons:
        rebuilt = Reason(reason.code, reason.message, citation=reason.citation, facts=reason.facts)
        assert rebuilt == reason
        assert hash(rebuilt) == hash(reason)
        assert rebuilt.to_dict() == reason.to_dict()


def test_result_serialises() -> None:
    data = late_interest(claim(), as_of="2025-03-01").to_dict()
    assert data["regime"] == "commercial"
    assert data["periods"][0]["citation"] == {"code": "C. com.", "article": "L441-10", "note": "II"}


# -- properties ---------------------------------------------------------------------------------

NATURES = [
    ClaimNature.COMMERCIAL,
    ClaimNature.CONSUMER,
    ClaimNature.CIVIL,
    ClaimNature.PUBLIC_PROCUREMENT,
    ClaimNature.TRANSPORT,
    ClaimNature.RESIDENTIAL_RENT,
]
LAST = dt.date(2025, 12, 31)


@st.composite
def late_claims(draw: st.DrawFn, *, with_payments: bool = True) -> Claim:
    """Claims whose dates stay inside the published rate tables (2016-2025)."""
    issued = draw(st.dates(dt.date(2016, 1, 1), dt.date(2025, 6, 30)))
    due = issued + dt.timedelta(days=draw(st.integers(0, 60)))
    nature = draw(st.sampled_from(NATURES))
    creditor = draw(st.sampled_from([PRO_CREDITOR, PERSON_CREDITOR]))
    debtor = draw(st.sampled_from([PRO_DEBTOR, PERSON_DEBTOR, PUBLIC_DEBTOR]))
    amount = draw(st.decimals("1", "100000", places=2))
    horizon = (LAST - issued).days
    payments = []
    if with_payments:
        for _ in range(draw(st.integers(0, 3))):
            payments.append(
                Payment(
                    on=issued + dt.timedelta(days=draw(st.integers(0, horizon))),
                    amount=draw(st.decimals("0.01", str(amount), places=2)),
                )
            )
    events: list[Any] = []
    if draw(st.booleans()):
        events.append(FormalNotice(on=due + dt.timedelta(days=draw(st.integers(1, 200)))))
    terms = None
    if draw(st.booleans()):
        rate = draw(st.none() | st.decimals("0", "25", places=2))
        terms = PaymentTerms.net(int((due - issued).days), late_interest_rate=rate)
    return Claim(
        id="H",
        creditor=creditor,
        debtor=debtor,
        nature=nature,
        amount=amount,
        issued_on=issued,
        due_on=None if terms else due,
        terms=terms,
        payments=payments,
        events=[e for e in events if e.on <= LAST],
    )


allocations = st.sampled_from(["principal_first", "interest_first"])
day_counts = st.sampled_from(["actual/365", "actual/actual"])


@settings(max_examples=150, deadline=None)
@given(c=late_claims(with_payments=False), allocation=allocations, day_count=day_counts)
def test_property_paid_on_time_owes_nothing(c: Claim, allocation: str, day_count: str) -> None:
    on_time = Claim(
        id=c.id,
        creditor=c.creditor,
        debtor=c.debtor,
        nature=c.nature,
        amount=c.amount,
        issued_on=c.issued_on,
        due_on=c.due_on,
        terms=c.terms,
        payments=[Payment(on=c.due_on, amount=c.amount)],
        events=c.events,
    )
    result = late_interest(on_time, as_of=LAST, allocation=allocation, day_count=day_count)
    assert result.interest == Money("0.00")
    assert result.indemnity == Money("0.00")
    assert result.total == Money("0.00")


@settings(max_examples=150, deadline=None)
@given(
    c=late_claims(with_payments=False),
    days=st.lists(st.integers(0, 4000), min_size=2, max_size=4),
    allocation=allocations,
    day_count=day_counts,
)
def test_property_interest_never_decreases_while_unpaid(
    c: Claim, days: list[int], allocation: str, day_count: str
) -> None:
    dates = sorted({min(c.issued_on + dt.timedelta(days=d), LAST) for d in days})
    totals = [
        late_interest(c, as_of=d, allocation=allocation, day_count=day_count).accrued for d in dates
    ]
    assert totals == sorted(totals)


@settings(max_examples=150, deadline=None)
@given(c=late_claims(), data=st.data(), allocation=allocations, day_count=day_counts)
def test_property_a_partial_payment_never_increases_interest(
    c: Claim, data: st.DataObject, allocation: str, day_count: str
) -> None:
    horizon = (LAST - c.issued_on).days
    extra = Payment(
        on=c.issued_on + dt.timedelta(days=data.draw(st.integers(0, horizon))),
        amount=data.draw(st.decimals("0.01", "5000", places=2)),
    )
    more = Claim(
        id=c.id,
        creditor=c.creditor,
        debtor=c.debtor,
        nature=c.nature,
        amount=c.amount,
        issued_on=c.issued_on,
        due_on=c.due_on,
        terms=c.terms,
        payments=[*c.payments, extra],
        events=c.events,
    )
    before = late_interest(c, as_of=LAST, allocation=allocation, day_count=day_count)
    after = late_interest(more, as_of=LAST, allocation=allocation, day_count=day_count)
    assert after.accrued <= before.accrued
    assert after.interest <= before.interest


@settings(max_examples=100, deadline=None)
@given(
    amount=st.decimals("1", "1000000", places=2),
    rate=st.decimals("0", "5", places=2),
    due=st.dates(dt.date(2016, 1, 1), dt.date(2025, 1, 1)),
    length=st.integers(1, 700),
)
def test_property_half_year_split_with_equal_rates_equals_one_period(
    amount: Decimal, rate: Decimal, due: dt.date, length: int
) -> None:
    # An ECB table with one constant rate: the commercial regime still splits at every
    # 1 January / 1 July, and the total must equal one period over the whole delay.
    flat = RateTable.from_rows(
        "ecb_mro", [RateRow(effective_from="2015-01-01", effective_to="2025-12-31", rate=rate)]
    )
    as_of = min(due + dt.timedelta(days=length), LAST)
    assume(as_of > due)
    c = claim(amount=amount, issued_on=due, due_on=due)
    result = late_interest(c, as_of=as_of, rates=flat)
    days = (as_of - due).days
    single = Money(amount * (rate + 10) * days / 36500).round()
    assert result.interest == single
    assert sum(p.days for p in result.periods) == days


@settings(max_examples=60, deadline=None)
@given(c=late_claims(), allocation=allocations, day_count=day_counts)
def test_property_identical_inputs_give_identical_results(
    c: Claim, allocation: str, day_count: str
) -> None:
    copy = Claim.from_dict(c.to_dict())
    first = amounts_due(c, as_of=LAST, allocation=allocation, day_count=day_count)
    second = amounts_due(copy, as_of=LAST, allocation=allocation, day_count=day_count)
    assert first == second
    assert first.to_dict() == second.to_dict()
    assert first.total == first.principal + first.interest + first.indemnity + first.penalty


@settings(max_examples=100, deadline=None)
@given(c=late_claims())
def test_property_periods_are_consistent(c: Claim) -> None:
    result = late_interest(c, as_of=LAST)
    previous_end = None
    for period in result.periods:
        assert period.days == (period.end - period.start).days + 1 > 0
        assert period.base.amount > 0
        assert period.start > c.due_on
        if previous_end is not None:
            assert period.start > previous_end
        previous_end = period.end
    # The total is computed from exact numerators; period amounts are each divided once.
    summed = sum((p.amount for p in result.periods), Money("0"))
    assert abs(result.accrued.amount - summed.amount) < Decimal("1e-20")
    assert result.total == result.interest + result.indemnity


# -- legal review fixes (F1-F13) -------------------------------------------------------------


def test_c_com_l441_10_commercial_claim_on_individual_debtor_is_c_civ_1231_6_legal_rate() -> None:
    # L441-10 governs payment between professionals (§B.1): an individual debtor owes
    # interest at the legal rate of the creditor's category from the formal notice
    # (C. civ. 1231-6, 1344-1, §C.1) and no 40 EUR indemnity.
    c = claim(debtor=PERSON_DEBTOR, amount="1000", issued_on="2025-01-01", due_on="2025-01-31")
    before = late_interest(c, as_of="2025-03-31")
    assert regime_of(c) == "legal_rate"
    assert before.regime == "legal_rate"
    assert before.periods == ()
    assert before.interest == Money("0.00")
    assert before.indemnity == Money("0.00")
    assert {
        "interest.commercial_individual_debtor",
        "interest.no_formal_notice",
        "indemnity.none",
    } <= codes(before)
    noticed = claim(debtor=PERSON_DEBTOR, events=[FormalNotice(on="2025-02-28")])
    after = late_interest(noticed, as_of="2025-03-31")
    # Professional creditor: "autres cas" rate, 2025 S1 = 3.71 % (§C.2).
    assert [(str(p.start), p.rate) for p in after.periods] == [("2025-03-01", Decimal("3.71"))]
    assert after.indemnity == Money("0.00")


def test_c_com_l441_10_individual_creditor_on_commercial_claim_is_warned() -> None:
    pro = late_interest(claim(), as_of="2025-03-31")
    person = late_interest(claim(creditor=PERSON_CREDITOR), as_of="2025-03-31")
    assert person.regime == "commercial"
    assert person.interest == pro.interest
    assert person.indemnity == pro.indemnity
    assert "interest.commercial.individual_creditor" in codes(person)
    assert "interest.commercial.individual_creditor" not in codes(pro)


def test_d441_5_and_d2192_35_no_indemnity_before_2013_decret_2012_1115() -> None:
    # D441-5 in force since 01/01/2013 (décret 2012-1115, §B.1): an invoice due on
    # 2012-12-31 carries no 40 EUR indemnity; one due on 2013-01-01 does.
    old = late_interest(claim(issued_on="2012-12-01", due_on="2012-12-31"), as_of="2013-01-31")
    assert old.indemnity == Money("0.00")
    reason = next(r for r in old.reasons if r.code == "indemnity.before_in_force")
    assert "2013-01-01" in reason.message
    assert str(reason.citation) == "C. com. D441-5"
    new = late_interest(claim(issued_on="2012-12-02", due_on="2013-01-01"), as_of="2013-01-31")
    assert new.indemnity == Money("40.00")
    public = late_interest(
        claim(debtor=PUBLIC_DEBTOR, issued_on="2012-12-01", due_on="2012-12-31"), as_of="2013-01-31"
    )
    assert public.indemnity == Money("0.00")
    assert "indemnity.before_in_force" in codes(public)


def test_ccp_r2192_31_period_before_2019_04_01_is_flagged_and_computed_alike() -> None:
    # CCP R2192-31 is in force since 01/04/2019 (§B.2): before, the same rule is applied
    # and a reason says the earlier text is not in the sourced reference.
    early = late_interest(
        claim(debtor=PUBLIC_DEBTOR, issued_on="2019-03-01", due_on="2019-03-30"), as_of="2019-04-30"
    )
    assert early.periods[0].rate == Decimal("8.00")  # ECB 0.00 on 2019-01-01 + 8 (§B.3)
    assert "interest.public_procurement.before_sourced_text" in codes(early)
    later = late_interest(
        claim(debtor=PUBLIC_DEBTOR, issued_on="2019-03-01", due_on="2019-03-31"), as_of="2019-04-30"
    )
    assert str(later.periods[0].start) == "2019-04-01"
    assert "interest.public_procurement.before_sourced_text" not in codes(later)


def test_c_com_l441_10_below_floor_option_default_falls_back_to_ecb_plus_10() -> None:
    # 2025 S1: floor 3 x 3.71 = 11.13 %, default ECB 3.15 + 10 = 13.15 % (§B.3).
    c = claim(terms=PaymentTerms.net(30, late_interest_rate="5"))
    floored = late_interest(c, as_of="2025-03-31")
    assert {p.rate for p in floored.periods} == {Decimal("11.13")}
    reason = next(r for r in floored.reasons if r.code == "interest.commercial.below_floor")
    assert "unlawful" in reason.message
    assert reason.facts["below_floor"] == "floor"
    fallback = late_interest(c, as_of="2025-03-31", below_floor="default")
    assert {p.rate for p in fallback.periods} == {Decimal("13.15")}
    reason = next(r for r in fallback.reasons if r.code == "interest.commercial.below_floor")
    assert "unlawful" in reason.message
    assert "unsettled" in reason.message
    assert "interest.commercial.default_rate" in codes(fallback)
    due = amounts_due(c, as_of="2025-03-31", below_floor="default")
    assert due.interest == fallback.interest
    above = late_interest(
        claim(terms=PaymentTerms.net(30, late_interest_rate="15")),
        as_of="2025-03-31",
        below_floor="default",
    )
    assert {p.rate for p in above.periods} == {Decimal("15")}
    with pytest.raises(InvalidValue):
        late_interest(c, as_of="2025-03-31", below_floor="zero")


@pytest.mark.parametrize("allocation", ["principal_first", "interest_first"])
def test_c_civ_1343_1_every_computation_names_its_allocation(allocation: str) -> None:
    for c in (
        claim(),
        claim(payments=[Payment(on="2025-02-15", amount="100")]),
        claim(nature="civil", creditor=PERSON_CREDITOR, debtor=PERSON_DEBTOR),
    ):
        result = late_interest(c, as_of="2025-03-31", allocation=allocation)
        reason = next(r for r in result.reasons if r.code == f"interest.allocation.{allocation}")
        assert str(reason.citation) == "C. civ. 1343-1"
        assert reason.facts["allocation"] == allocation
        if allocation == "principal_first":
            assert "interest first unless agreed otherwise" in reason.message
        due = amounts_due(c, as_of="2025-03-31", allocation=allocation)
        assert f"interest.allocation.{allocation}" in {r.code for r in due.interest_reasons}


def test_c_civ_1231_5_penalty_after_a_served_court_act_c_civ_1344() -> None:
    # A served court act is a sufficient interpellation (C. civ. 1344, §D.5): it triggers
    # the penalty clause as it triggers interest.
    terms = PaymentTerms.net(30, penalty=PenaltyClause(percent="10"))
    action = LegalAction(
        kind=LegalActionKind.SUMMONS, filed_on="2025-03-01", served_on="2025-03-10"
    )
    c = claim(
        nature="civil", creditor=PERSON_CREDITOR, debtor=PERSON_DEBTOR, terms=terms, events=[action]
    )
    result = late_interest(c, as_of="2025-03-31")
    assert str(result.periods[0].start) == "2025-03-11"  # interest trigger
    assert result.penalty == Money("100.00")
    note = next(r for r in result.reasons if r.code == "penalty.due")
    assert "2025-03-10" in note.message
    assert "1344" in note.message
    # The earliest of a formal notice and a served act counts; the outstanding is taken then.
    both = claim(
        terms=terms,
        events=[action, FormalNotice(on="2025-03-20")],
        payments=[Payment(on="2025-03-15", amount="500")],
    )
    due = late_interest(both, as_of="2025-03-31")
    assert due.penalty == Money("100.00")  # 10 % of 1000 outstanding on 2025-03-10
    # Not before the due date, nor after as_of.
    early = LegalAction(kind=LegalActionKind.SUMMONS, filed_on="2025-01-02", served_on="2025-01-10")
    assert late_interest(claim(terms=terms, events=[early]), as_of="2025-03-31").penalty == Money(
        "0.00"
    )
    assert late_interest(claim(terms=terms, events=[action]), as_of="2025-03-09").penalty == Money(
        "0.00"
    )


def test_c_mon_fin_l313_2_legal_rate_claims_and_floors_work_before_2015() -> None:
    # §C.2: single annual legal rate 0.04 % in 2014 ([60], P).
    c = claim(
        nature="civil",
        creditor=PERSON_CREDITOR,
        debtor=PERSON_DEBTOR,
        issued_on="2014-01-01",
        due_on="2014-01-31",
        events=[FormalNotice(on="2014-03-01")],
    )
    result = late_interest(c, as_of="2014-04-30")
    assert [(str(p.start), p.rate) for p in result.periods] == [("2014-03-02", Decimal("0.04"))]
    # L441-10 II floor: 3 x 0.04 = 0.12 % (§B.3, 2014 S1), so a 12 % contractual rate holds.
    contractual = late_interest(
        claim(
            issued_on="2014-01-01",
            due_on="2014-01-31",
            terms=PaymentTerms.net(30, late_interest_rate="12"),
        ),
        as_of="2014-03-31",
    )
    assert {p.rate for p in contractual.periods} == {Decimal("12")}
    floored = late_interest(
        claim(
            issued_on="2013-01-01",
            due_on="2013-01-31",
            terms=PaymentTerms.net(30, late_interest_rate="0.01"),
        ),
        as_of="2013-03-31",
    )
    assert {p.rate for p in floored.periods} == {Decimal("0.12")}
    # 2012 (0.71 %, [60]): the floor exists back to the earliest sourced year, with a caveat.
    old = late_interest(
        claim(
            issued_on="2012-01-01",
            due_on="2012-01-31",
            terms=PaymentTerms.net(30, late_interest_rate="1"),
        ),
        as_of="2012-03-31",
    )
    assert {p.rate for p in old.periods} == {Decimal("2.13")}
    assert "interest.commercial.floor_before_2013" in codes(old)


def test_c_civ_1231_7_judgment_fallback_is_explained() -> None:
    c = claim(
        nature="civil",
        creditor=PERSON_CREDITOR,
        debtor=PERSON_DEBTOR,
        events=[Judgment(on="2025-03-01")],
    )
    result = late_interest(c, as_of="2025-03-31")
    assert str(result.periods[0].start) == "2025-03-02"
    reason = next(r for r in result.reasons if r.code == "interest.judgment_fallback")
    assert str(reason.citation) == "C. civ. 1231-7"
    noticed = claim(
        nature="civil",
        creditor=PERSON_CREDITOR,
        debtor=PERSON_DEBTOR,
        events=[FormalNotice(on="2025-02-10"), Judgment(on="2025-03-01")],
    )
    assert "interest.judgment_fallback" not in codes(late_interest(noticed, as_of="2025-03-31"))


def test_c_com_l441_10_floor_unknown_so_floor_default_rate_not_applied() -> None:
    # 2026 S2: the legal rate is not published (§C.2, U); the ECB rate is extended by the
    # caller. The floor_default_rate option cannot apply, and the reasons say so.
    ecb = RateTable.ecb().with_published_to("2026-07-31")
    c = claim(issued_on="2026-05-01", due_on="2026-05-31")
    result = late_interest(c, as_of="2026-07-15", rates=[ecb], floor_default_rate=True)
    assert {p.rate for p in result.periods} == {Decimal("12.15")}
    reason = next(r for r in result.reasons if r.code == "interest.commercial.floor_unknown")
    assert "2026 S2" in reason.message
    quiet = late_interest(c, as_of="2026-07-15", rates=[ecb])
    assert "interest.commercial.floor_unknown" not in codes(quiet)


def test_results_do_not_depend_on_the_callers_decimal_context() -> None:
    import decimal

    c = claim(
        amount="1234567.89",
        issued_on="2024-01-01",
        due_on="2024-01-31",
        payments=[Payment(on="2024-06-01", amount="1000.01")],
    )
    expected = late_interest(c, as_of="2024-12-31", allocation="interest_first")
    expected_due = amounts_due(c, as_of="2024-12-31")
    context = decimal.getcontext()
    saved = context.prec, context.rounding
    try:
        context.prec = 6
        context.rounding = decimal.ROUND_DOWN
        got = late_interest(c, as_of="2024-12-31", allocation="interest_first")
        got_due = amounts_due(c, as_of="2024-12-31")
    finally:
        context.prec, context.rounding = saved
    assert got.accrued == expected.accrued
    assert got.interest == expected.interest
    assert got.interest_paid == expected.interest_paid
    assert got_due.total == expected_due.total


# -- caches (issue #15): cached rates and reasons follow the tables ----------------------------


def test_cached_default_rate_follows_the_tables_given() -> None:
    # The default-rate reasons are cached per half-year for the tables they came from: a
    # replaced ECB table must give its own rate, and the packaged one its own again after.
    c = claim(issued_on="2025-01-02", due_on="2025-02-01")
    before = late_interest(c, as_of="2025-03-31")
    flat = RateTable.from_rows(
        "ecb_mro", [RateRow(effective_from="2015-01-01", effective_to="2025-12-31", rate="1")]
    )
    mine = late_interest(c, as_of="2025-03-31", rates=flat)
    after = late_interest(c, as_of="2025-03-31")
    assert [p.rate for p in mine.periods] == [Decimal("11")]
    assert [p.rate for p in after.periods] == [p.rate for p in before.periods]
    assert [p.rate for p in before.periods] != [Decimal("11")]
    assert repr(after) == repr(before)
    rates = [r.facts["rate"] for r in mine.reasons if r.code.endswith("default_rate")]
    assert rates == [Decimal("11")]


def test_amounts_due_lines_are_rounded_half_up_and_add_up() -> None:
    # 1000 EUR due 2025-02-01, paid 2025-03-03: 30 days at 13.15 % = 10.808... -> 10.81.
    c = claim(
        amount="1000",
        issued_on="2025-01-02",
        due_on="2025-02-01",
        payments=[Payment(on="2025-03-03", amount="1000")],
    )
    due = amounts_due(c, as_of="2025-03-31")
    assert (due.principal, due.interest, due.indemnity) == (
        Money("0.00"),
        Money("10.81"),
        Money("40.00"),
    )
    assert due.total == Money("50.81")
    assert str(due.total.amount) == "50.81"
    assert due.detail.total == due.detail.interest + due.detail.indemnity


def test_no_accessories_means_amounts_due_finds_none() -> None:
    # fr.interest.no_accessories: no interest, indemnity or penalty, whatever the day.
    import pendulum

    from recouvrement.jurisdictions.fr.interest import no_accessories
    from recouvrement.sample import generate_claims

    found = 0
    for seed, as_of in ((4, pendulum.Date(2026, 3, 31)), (6, pendulum.Date(2025, 1, 15))):
        for claim in generate_claims(1500, seed=seed, as_of=as_of):
            if not no_accessories(claim):
                continue
            for day in (claim.due_on.add(days=1), claim.due_on.add(days=400), as_of):
                if day < claim.issued_on:
                    continue
                due = amounts_due(claim, as_of=day)
                assert due.interest.amount == due.indemnity.amount == due.penalty.amount == 0
                assert not due.detail.periods
                found += 1
    assert found > 100
