"""German law (jurisdiction "DE"): worked cases from german-law.md and property tests."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pendulum
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from recouvrement import jurisdictions
from recouvrement.claims import Claim
from recouvrement.errors import InvalidType, RateNotPublished
from recouvrement.events import (
    Acknowledgment,
    EnforcementAct,
    InsolvencyProceeding,
    Judgment,
    LegalAction,
    Mediation,
    Reminder,
)
from recouvrement.interest import late_interest
from recouvrement.jurisdictions.de import terms as de_terms
from recouvrement.jurisdictions.de.interest import allocate_payment, base_rate_table, regime_of
from recouvrement.money import Money
from recouvrement.prescription import prescription_deadline
from recouvrement.rates import RateRow, RateTable
from recouvrement.terms import PaymentTerms


def de_claim(**overrides: Any) -> Claim:
    data: dict[str, Any] = {
        "id": "DE-1",
        "creditor": {"id": "C", "name": "Lieferant GmbH", "kind": "professional", "country": "DE"},
        "debtor": {"id": "D", "name": "Kunde AG", "kind": "professional", "country": "DE"},
        "nature": "commercial",
        "amount": "10000",
        "issued_on": "2025-01-02",
        "due_on": "2025-02-01",
        "jurisdiction": "DE",
    }
    data.update(overrides)
    return Claim(**data)


def consumer(**overrides: Any) -> Claim:
    base: dict[str, Any] = {
        "debtor": {"id": "P", "name": "Max Muster", "kind": "individual", "country": "DE"},
        "nature": "consumer",
    }
    base.update(overrides)
    return de_claim(**base)


# -- registry ----------------------------------------------------------------------------------


def test_registered() -> None:
    assert "DE" in jurisdictions.available()
    assert jurisdictions.get("de").name == "Germany"


# -- interest: german-law.md §2.2 worked example ----------------------------------------------


def test_b2b_worked_example_payment_day_not_counted() -> None:
    # german-law.md §2.2: 10,000 EUR due 01.02.2025, credited 30.09.2025: 460.06 + 256.05
    # = 716.11 EUR + 40 EUR (payment day not counted, a U convention).
    claim = de_claim(payments=[{"on": "2025-09-30", "amount": "10000"}])
    from recouvrement.jurisdictions.de.interest import late_interest_de

    li = late_interest_de(
        claim,
        pendulum.Date(2025, 12, 31),
        interest_first=False,
        actual_actual=False,
        payment_day_counts=False,
    )
    assert [(p.days, p.rate) for p in li.periods] == [
        (149, Decimal("11.27")),
        (91, Decimal("10.27")),
    ]
    assert [p.amount.round() for p in li.periods] == [Money("460.06"), Money("256.05")]
    assert li.interest == Money("716.11")
    assert li.indemnity == Money("40.00")


def test_consumer_rate_is_base_plus_5_and_no_lump_sum() -> None:
    # german-law.md §2.2: the same claim against a consumer gives 453.10 EUR and no lump sum.
    from recouvrement.jurisdictions.de.interest import late_interest_de

    claim = consumer(payments=[{"on": "2025-09-30", "amount": "10000"}])
    li = late_interest_de(
        claim,
        pendulum.Date(2025, 12, 31),
        interest_first=False,
        actual_actual=False,
        payment_day_counts=False,
    )
    assert regime_of(claim) == "base_plus_5"
    assert [p.rate for p in li.periods] == [Decimal("7.27"), Decimal("6.27")]
    assert li.interest == Money("453.10")
    assert li.indemnity == Money("0.00")


def test_dispatcher_counts_payment_day_by_default() -> None:
    claim = de_claim(payments=[{"on": "2025-09-30", "amount": "10000"}])
    li = late_interest(claim, as_of="2025-12-31")
    assert li.periods[-1].end == pendulum.Date(2025, 9, 30)
    assert li.interest == Money("718.92")  # one more day at 10.27 %
    assert any(str(r.citation) == "BGB § 367" for r in li.reasons)


def test_obligation_before_july_2014_keeps_8_points_and_no_lump_sum() -> None:
    # Art. 229 § 34 EGBGB; german-law.md I3: 2014 H1 base -0.63 + 8 = 7.37 %.
    claim = de_claim(issued_on="2014-01-10", due_on="2014-02-10")
    li = late_interest(claim, as_of="2014-03-31")
    assert li.periods[0].rate == Decimal("7.37")
    assert li.indemnity == Money("0.00")


def test_no_extrapolation_after_published_half_year() -> None:
    claim = de_claim()
    with pytest.raises(RateNotPublished):
        late_interest(claim, as_of="2026-07-01")
    newer = base_rate_table().with_row("2026-07-01", "1.02", published_to="2026-12-31")
    li = late_interest(claim, as_of="2026-07-01", rates=newer)
    assert li.periods[-1].rate == Decimal("10.02")


def test_lump_sum_credited_against_costs() -> None:
    li = late_interest(de_claim(), as_of="2025-03-01", extra_indemnity=Money("60"))
    assert li.indemnity == Money("100.00")  # costs of 100: 40 credited, 60 beyond it
    assert "indemnity.de.credited" in {r.code for r in li.reasons}


def test_higher_contractual_rate_applies() -> None:
    terms = PaymentTerms.net(30, late_interest_rate="15")
    claim = de_claim(due_on=None, issued_on="2025-01-02", terms=terms)
    li = late_interest(claim, as_of="2025-03-31")
    assert {p.rate for p in li.periods} == {Decimal("15")}


def test_insolvency_stops_interest() -> None:
    claim = de_claim(events=[InsolvencyProceeding(kind="liquidation", opened_on="2025-03-01")])
    li = late_interest(claim, as_of="2025-06-30")
    assert li.periods[-1].end == pendulum.Date(2025, 2, 28)


def test_allocation_section_367_example() -> None:
    # german-law.md §2.2: 30 costs, 50 interest, 1,000 principal; 500 paid leaves 580.
    a = allocate_payment("500", costs="30", interest="50", principal="1000")
    assert (a.costs, a.interest, a.principal) == (Money("30"), Money("50"), Money("420"))
    loan = allocate_payment("500", costs="30", interest="50", principal="1000", consumer_loan=True)
    assert (loan.principal, loan.interest) == (Money("470"), Money("0"))


# -- default (§ 286) -----------------------------------------------------------------------


def test_event_based_term_default_without_mahnung() -> None:
    # german-law.md §1 example: "30 days after delivery", delivery 03.03.2025: due 02.04.2025,
    # default from 03.04.2025 without a Mahnung (§ 286 Abs. 2 Nr. 2).
    claim = de_claim(issued_on="2025-03-03", due_on=None, terms=PaymentTerms.net(30))
    assert claim.due_on == pendulum.Date(2025, 4, 2)
    li = late_interest(claim, as_of="2025-04-30")
    assert li.periods[0].start == pendulum.Date(2025, 4, 3)


def test_consumer_thirty_day_rule_needs_invoice_notice() -> None:
    # german-law.md §1 example: received 10.01.2025, day 30 is 09.02.2025, default from 10.02.
    claim = consumer(issued_on="2025-01-10", due_on="2025-01-10")
    without = de_terms.default_start(claim, as_of="2025-06-30", due_date_agreed=False)
    assert without.anchor is None
    notice = de_terms.default_start(
        claim, as_of="2025-06-30", due_date_agreed=False, invoice_notice=True
    )
    assert notice.anchor == pendulum.Date(2025, 2, 9).toordinal()
    shifted = de_terms.default_start(
        claim,
        as_of="2025-06-30",
        due_date_agreed=False,
        invoice_notice=True,
        shift_30_day_rule=True,
    )
    assert shifted.anchor == pendulum.Date(2025, 2, 10).toordinal()  # § 193 option (U)


def test_mahnung_after_due_date_starts_default() -> None:
    claim = consumer(
        issued_on="2025-01-10",
        due_on="2025-01-10",
        events=[Reminder(on="2025-01-20", channel="email")],
    )
    d = de_terms.default_start(claim, as_of="2025-06-30", due_date_agreed=False)
    assert d.anchor == pendulum.Date(2025, 1, 20).toordinal()
    assert d.reasons[-1].code == "default.mahnung"


def test_term_caps_271a() -> None:
    assert [
        v.rule
        for v in de_terms.check_payment_terms(PaymentTerms.net(61), debtor_kind="professional")
    ] == ["b2b_term_cap"]
    assert de_terms.check_payment_terms(PaymentTerms.net(61), debtor_kind="individual") == ()
    assert [
        v.rule
        for v in de_terms.check_payment_terms(
            PaymentTerms.net(45),
            debtor_kind="professional",
            expressly_agreed=True,
            standard_terms=True,
        )
    ] == ["agb_term_presumption"]
    # Before 29.07.2014 (Art. 229 § 34 EGBGB) no cap.
    assert (
        de_terms.check_payment_terms(
            PaymentTerms.net(90), debtor_kind="professional", on="2014-01-01"
        )
        == ()
    )
    with pytest.raises(InvalidType):
        de_terms.check_payment_terms("net 30", debtor_kind="professional")  # type: ignore[arg-type]


# -- limitation: german-law.md §3 examples --------------------------------------------------


def test_limitation_example_1_year_end() -> None:
    p = prescription_deadline(
        de_claim(issued_on="2023-03-01", due_on="2023-03-20"), as_of="2024-01-01"
    )
    assert p.deadline == pendulum.Date(2026, 12, 31)
    assert str(p.basis) == "BGB § 195"


def test_limitation_example_2_mahnbescheid() -> None:
    action = LegalAction(
        kind="payment_order", filed_on="2026-12-20", served_on="2027-01-08", ended_on="2027-02-15"
    )
    p = prescription_deadline(
        de_claim(issued_on="2023-03-01", due_on="2023-03-20", events=[action]), as_of="2027-12-01"
    )
    assert p.deadline == pendulum.Date(2027, 8, 27)


def test_limitation_example_3_new_start_by_part_payment() -> None:
    claim = de_claim(
        issued_on="2022-03-01", due_on="2022-03-20", payments=[{"on": "2025-05-05", "amount": "10"}]
    )
    p = prescription_deadline(claim, as_of="2026-02-01")
    assert p.deadline == pendulum.Date(2028, 5, 5)
    assert p.interruptions[0].citation.article == "§ 212"


def test_limitation_example_4_title_30_years() -> None:
    claim = de_claim(
        issued_on="2022-03-01", due_on="2022-03-20", events=[Judgment(on="2026-02-10")]
    )
    p = prescription_deadline(claim, as_of="2026-03-01")
    assert (p.deadline, p.period) == (pendulum.Date(2056, 2, 10), "30 years")


def test_limitation_example_5_negotiations_three_month_floor() -> None:
    claim = de_claim(
        issued_on="2023-03-01",
        due_on="2023-03-20",
        events=[Mediation(start="2026-11-01", end="2027-01-20")],
    )
    assert prescription_deadline(claim, as_of="2027-02-01").deadline == pendulum.Date(2027, 4, 20)


def test_ongoing_proceedings_stop_the_clock() -> None:
    action = LegalAction(kind="summons", filed_on="2026-06-01", served_on="2026-06-10")
    p = prescription_deadline(
        de_claim(issued_on="2023-03-01", due_on="2023-03-20", events=[action]), as_of="2026-09-01"
    )
    assert not p.running


def test_acknowledgment_before_year_end_changes_nothing() -> None:
    claim = de_claim(
        issued_on="2023-03-01", due_on="2023-03-20", events=[Acknowledgment(on="2023-06-01")]
    )
    assert prescription_deadline(claim, as_of="2024-01-01").deadline == pendulum.Date(2026, 12, 31)


@given(
    due=st.dates(min_value=pendulum.Date(2015, 1, 1), max_value=pendulum.Date(2024, 12, 31)),
    offset=st.integers(min_value=1, max_value=3000),
)
def test_new_start_never_shortens(due: Any, offset: int) -> None:
    due_day = pendulum.Date(due.year, due.month, due.day)
    act = due_day.add(days=offset)
    plain = de_claim(issued_on=due_day, due_on=due_day)
    base = prescription_deadline(plain, as_of=act).deadline
    assume(act <= base)
    restarted = de_claim(issued_on=due_day, due_on=due_day, events=[EnforcementAct(on=act)])
    assert prescription_deadline(restarted, as_of=act).deadline >= base


@given(st.dates(min_value=pendulum.Date(2014, 8, 1), max_value=pendulum.Date(2026, 6, 1)))
def test_b2b_rate_is_base_plus_9(day: Any) -> None:
    on = pendulum.Date(day.year, day.month, day.day)
    claim = de_claim(issued_on=on, due_on=on)
    as_of = on.add(days=1)
    assume(as_of <= pendulum.Date(2026, 6, 30))
    li = late_interest(claim, as_of=as_of)
    assert li.periods[0].rate == base_rate_table().rate_on(as_of) + 9


def test_holidays() -> None:
    holidays = jurisdictions.get("DE").public_holidays(2025)
    assert pendulum.Date(2025, 10, 3) in holidays
    assert RateRow(effective_from="2025-01-01", rate="1").rate == 1
    assert isinstance(base_rate_table(), RateTable)


# -- court routes: german-law.md §4 ------------------------------------------------------------

from recouvrement.jurisdictions.de import procedures as de_procedures  # noqa: E402


def test_route_thresholds_are_dated() -> None:
    # § 23 GVG: 5,000 EUR until 31.12.2025, 10,000 EUR from 01.01.2026 (german-law.md §4.2).
    claim = de_claim(amount="8000")
    assert (
        de_procedures.choose_route(claim, as_of="2025-12-31", contested=True).court == "Landgericht"
    )
    assert (
        de_procedures.choose_route(claim, as_of="2026-01-01", contested=True).court == "Amtsgericht"
    )
    small = de_claim(amount="900")
    codes = {
        r.code
        for r in de_procedures.choose_route(small, as_of="2026-02-01", contested=True).reasons
    }
    assert "route.de.small_claims" in codes  # § 495a: 1,000 EUR from 2026


def test_route_cross_border() -> None:
    fr_debtor = {"id": "D", "name": "SARL", "kind": "professional", "country": "FR"}
    assert (
        de_procedures.choose_route(
            de_claim(debtor=fr_debtor, amount="3000"), as_of="2025-06-01"
        ).route
        == "european_small_claims"
    )
    assert (
        de_procedures.choose_route(
            de_claim(debtor=fr_debtor, amount="30000"), as_of="2025-06-01"
        ).route
        == "european_order_for_payment"
    )
    foreign_creditor = {"id": "C", "name": "SAS", "kind": "professional", "country": "FR"}
    route = de_procedures.choose_route(de_claim(creditor=foreign_creditor), as_of="2025-06-01")
    assert "Wedding" in route.court


def _step(claim: Claim, as_of: str) -> str:
    step = de_procedures.mahnverfahren_step(claim, as_of=as_of)
    assert step is not None
    return step.action


def test_mahnverfahren_steps() -> None:
    # §§ 692, 699, 701, 339 ZPO: 2 weeks to object, 6 months to apply, 2 weeks for Einspruch.
    order = LegalAction(kind="payment_order", filed_on="2025-04-01", served_on="2025-04-10")
    claim = de_claim(events=[order])
    assert _step(claim, "2025-04-24") == "await_objection"
    assert _step(claim, "2025-04-25") == "apply_vollstreckungsbescheid"
    assert _step(claim, "2025-10-11") == "lapsed"
    vb = Judgment(on="2025-05-02", served_on="2025-05-06", by_default=True)
    with_vb = de_claim(events=[order, vb])
    assert _step(with_vb, "2025-05-20") == "await_einspruch"
    assert _step(with_vb, "2025-05-21") == "enforce"
    assert de_procedures.mahnverfahren_step(de_claim(), as_of="2025-05-21") is None


def test_no_lump_sum_on_the_due_date_itself() -> None:
    assert late_interest(de_claim(), as_of="2025-02-01").indemnity == Money("0.00")
    assert late_interest(de_claim(), as_of="2025-02-02").indemnity == Money("40.00")


# -- letters: templates carry German law's mentions -------------------------------------------

import re  # noqa: E402
import tomllib  # noqa: E402

from recouvrement.notices import KNOWN_PLACEHOLDERS  # noqa: E402


def check_templates(code: str) -> list[str]:
    """Every template of ``code`` uses known placeholders and carries its law's mentions."""
    law = jurisdictions.get(code)
    mentions = tomllib.loads(law.mandatory_mentions.read_text(encoding="utf-8"))["mention"]
    problems: list[str] = []
    for locale in law.locales:
        folder = law.templates.joinpath(locale)
        assert folder.joinpath("labels.toml").is_file()
        for file in folder.iterdir():
            if file.name == "labels.toml":
                continue
            data = tomllib.loads(file.read_text(encoding="utf-8"))
            assert data["locale"] == locale
            texts = (
                [v["text"] for v in data["variants"].values()]
                if "variants" in data
                else [data["text"]]
            )
            for text in texts:
                unknown = set(re.findall(r"\$\{(\w+)\}", text)) - KNOWN_PLACEHOLDERS
                problems += [f"{file.name}: unknown placeholder {u}" for u in sorted(unknown)]
                for m in (m for m in mentions if m["kind"] == data["kind"]):
                    if "placeholder" in m:
                        ok = "${" + m["placeholder"] + "}" in text
                    else:
                        ok = any(p.lower() in text.lower() for p in m["required_text"][locale])
                    if not ok:
                        problems.append(f"{locale}/{file.name}: missing {m['id']}")
    return problems


def test_german_templates_carry_their_mentions() -> None:
    assert check_templates("DE") == []


# -- next_action under German law ---------------------------------------------------------------

from recouvrement.decisions import next_action  # noqa: E402
from recouvrement.events import FormalNotice  # noqa: E402
from recouvrement.policy import EscalationPolicy  # noqa: E402


def ladder_done(code: str) -> list[Any]:
    return [
        Reminder(on="2024-02-06", channel="email", step="courteous"),
        Reminder(on="2024-02-16", channel="letter", step="written"),
        Reminder(on="2024-02-26", channel="phone", step="firm"),
        FormalNotice(on="2024-03-10", cure_days=14),
    ]


def policy_of(code: str) -> EscalationPolicy:
    text = jurisdictions.get(code).escalation_policy.read_text(encoding="utf-8")
    return EscalationPolicy.from_toml(text)


def test_next_action_takes_the_mahnverfahren() -> None:
    claim = de_claim(
        issued_on="2024-01-02", due_on="2024-02-01", amount="8000", events=ladder_done("DE")
    )
    decision = next_action(claim, as_of="2024-05-01", policy=policy_of("DE"))
    assert decision.action.value == "payment_order"
    assert "route.de.mahnverfahren" in {r.code for r in decision.reasons}


def test_next_action_waits_for_the_mahnbescheid_and_enforces_the_title() -> None:
    order = LegalAction(kind="payment_order", filed_on="2024-06-01", served_on="2024-06-10")
    claim = de_claim(issued_on="2024-01-02", due_on="2024-02-01", events=[order])
    waiting = next_action(claim, as_of="2024-06-15")
    assert waiting.action.value == "wait"
    assert "mahnverfahren.objection_period" in {r.code for r in waiting.reasons}
    titled = de_claim(
        issued_on="2024-01-02",
        due_on="2024-02-01",
        events=[order, Judgment(on="2024-07-01", served_on="2024-07-05")],
    )
    assert next_action(titled, as_of="2024-07-10").action.value == "wait"  # Einspruch period
    assert next_action(titled, as_of="2024-09-01").action.value == "enforcement"


def test_next_action_declares_in_insolvency() -> None:
    claim = de_claim(
        issued_on="2024-01-02",
        due_on="2024-02-01",
        events=[InsolvencyProceeding(kind="liquidation", opened_on="2024-05-01")],
    )
    decision = next_action(claim, as_of="2024-05-03")
    assert decision.action.value == "declare_claim"
    assert "insolvency.de.stay" in {r.code for r in decision.reasons}


def test_upcoming_lists_the_claim_filing_deadline() -> None:
    from recouvrement.prescription import upcoming_deadlines

    claim = de_claim(events=[InsolvencyProceeding(kind="liquidation", opened_on="2025-05-01")])
    found = upcoming_deadlines([claim], as_of="2025-05-02", within=60)
    assert [(d.kind, d.date) for d in found] == [
        ("claim_declaration", pendulum.Date(2025, 5, 15))  # earliest deadline, § 28 InsO
    ]


def test_the_insolvency_filing_deadline_is_named_as_the_earliest_one() -> None:
    # § 28 Abs. 1 InsO: the opening decision sets 2 weeks to 3 months; 2 weeks is the
    # shortest, not "the usual" deadline.
    from recouvrement.decisions import next_action
    from recouvrement.events import InsolvencyProceeding

    claim = Claim(
        id="DE-1",
        creditor={"id": "C", "name": "Lieferant GmbH", "kind": "professional", "country": "DE"},
        debtor={"id": "D", "name": "Kunde GmbH", "kind": "professional", "country": "DE"},
        nature="commercial",
        amount="10000",
        issued_on="2025-03-01",
        due_on="2025-03-31",
        jurisdiction="DE",
        events=[InsolvencyProceeding(kind="liquidation", opened_on="2025-05-02")],
    )
    found = next_action(claim, as_of="2025-05-05")
    (declare,) = [r for r in found.reasons if r.code == "guard.insolvency.declare"]
    assert "the earliest deadline it can set is 2025-05-16" in declare.message
    assert "usual" not in declare.message
