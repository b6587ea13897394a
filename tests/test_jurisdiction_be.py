"""Belgian law (jurisdiction "BE"): worked cases from belgian-law.md and property tests."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pendulum
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from recouvrement import jurisdictions
from recouvrement.claims import Claim
from recouvrement.errors import InvalidValue, RateNotPublished
from recouvrement.events import Acknowledgment, FormalNotice, Judgment, Reminder
from recouvrement.interest import late_interest
from recouvrement.jurisdictions.be import terms as be_terms
from recouvrement.jurisdictions.be.interest import commercial_rate_table, regime_of
from recouvrement.jurisdictions.be.prescription import prescription_be
from recouvrement.money import Money
from recouvrement.prescription import prescription_deadline
from recouvrement.terms import PaymentTerms, PenaltyClause


def be_claim(**overrides: Any) -> Claim:
    data: dict[str, Any] = {
        "id": "BE-1",
        "creditor": {"id": "C", "name": "Fournisseur SA", "kind": "professional", "country": "BE"},
        "debtor": {"id": "D", "name": "Client SRL", "kind": "professional", "country": "BE"},
        "nature": "commercial",
        "amount": "10000",
        "issued_on": "2025-03-01",
        "due_on": "2025-03-31",
        "jurisdiction": "BE",
    }
    data.update(overrides)
    return Claim(**data)


def consumer(**overrides: Any) -> Claim:
    base: dict[str, Any] = {
        "debtor": {"id": "P", "name": "Jan Peeters", "kind": "individual", "country": "BE"},
        "nature": "consumer",
        "amount": "400",
        "issued_on": "2025-05-01",
        "due_on": "2025-05-31",
    }
    base.update(overrides)
    return be_claim(**base)


def test_registered() -> None:
    assert jurisdictions.available() == ("BE", "DE", "FR")
    assert jurisdictions.get("be").locales == ("fr_BE", "nl_BE")


# -- B2B: loi du 2 août 2002 ------------------------------------------------------------------


def test_commercial_worked_example() -> None:
    # belgian-law.md §A.2: 10,000 EUR due 31/03/2025 paid 30/09/2025: 91 days at 11.5 % =
    # 286.71, 92 days at 10.5 % = 264.66 (payment day counted), 551.37 EUR + 40 EUR.
    claim = be_claim(payments=[{"on": "2025-09-30", "amount": "10000"}])
    li = late_interest(claim, as_of="2025-12-31")
    assert [(p.days, p.rate) for p in li.periods] == [(91, Decimal("11.5")), (92, Decimal("10.5"))]
    assert [p.amount.round() for p in li.periods] == [Money("286.71"), Money("264.66")]
    assert (li.interest, li.indemnity, li.regime) == (Money("551.37"), Money("40.00"), "commercial")


def test_default_term_is_30_days_between_enterprises() -> None:
    claim = be_claim(due_on=None, issued_on="2025-01-02")
    assert (claim.due_on, claim.due_basis) == (pendulum.Date(2025, 2, 1), "legal_default")


def test_rates_match_the_formula_where_checked() -> None:
    # belgian-law.md §A.2 derived column: ECB on 1 Jan / 1 Jul + 8, rounded up to 0.5.
    table = commercial_rate_table()
    for day, rate in (("2024-07-01", "12.5"), ("2025-01-01", "11.5"), ("2023-01-01", "10.5")):
        assert table.rate_on(day) == Decimal(rate)


def test_no_extrapolation() -> None:
    with pytest.raises(RateNotPublished):
        late_interest(be_claim(), as_of="2026-07-01")


def test_public_debtor_cannot_contract_out() -> None:
    claim = be_claim(
        debtor={"id": "V", "name": "Commune", "kind": "public_body", "country": "BE"},
        terms=PaymentTerms.net(30, late_interest_rate="2"),
        due_on=None,
        issued_on="2025-03-01",
    )
    li = late_interest(claim, as_of="2025-04-30")
    assert li.periods[0].rate == Decimal("11.5")


def test_term_caps() -> None:
    assert [
        v.rule
        for v in be_terms.check_payment_terms(PaymentTerms.net(61), debtor_kind="professional")
    ] == ["b2b_max_term"]
    assert (
        be_terms.check_payment_terms(
            PaymentTerms.net(61), debtor_kind="professional", on="2022-01-31"
        )
        == ()
    )
    assert [
        v.rule
        for v in be_terms.check_payment_terms(PaymentTerms.net(45), debtor_kind="public_body")
    ] == ["public_default_term"]
    assert (
        be_terms.check_payment_terms(
            PaymentTerms.net(45), debtor_kind="public_body", objectively_justified=True
        )
        == ()
    )
    assert be_terms.check_payment_terms(PaymentTerms.net(90), debtor_kind="individual") == ()


# -- consumers: CDE Book XIX --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("balance", "cap"),
    [
        ("120", "20.00"),
        ("150", "20.00"),
        ("150.01", "30.00"),
        ("400", "55.00"),
        ("2000", "140.00"),
        ("39200", "2000.00"),
        ("50000", "2000.00"),
    ],
)
def test_damages_cap_worked_examples(balance: str, cap: str) -> None:
    # belgian-law.md §C.2 worked examples: 120 -> 20; 400 -> 55; 2,000 -> 140; 50,000 -> 2,000.
    assert be_terms.consumer_damages_cap(balance)[0] == Money(cap)


def test_waiting_period_examples() -> None:
    # belgian-law.md §C.2: e-mailed Monday 02/06/2025 -> 03/06 to 16/06; posted -> 05/06 to 18/06.
    mail = be_terms.waiting_period("2025-06-02", electronic=True)
    post = be_terms.waiting_period("2025-06-02", electronic=False)
    assert (mail.start, mail.end) == (pendulum.Date(2025, 6, 3), pendulum.Date(2025, 6, 16))
    assert (post.start, post.end) == (pendulum.Date(2025, 6, 5), pendulum.Date(2025, 6, 18))


def test_consumer_nothing_before_first_reminder() -> None:
    li = late_interest(consumer(), as_of="2025-12-31")
    assert li.total == Money("0.00")
    assert "consumer.be.no_reminder" in {r.code for r in li.reasons}


def test_consumer_nothing_during_waiting_period() -> None:
    claim = consumer(events=[Reminder(on="2025-06-02", channel="email")])
    li = late_interest(claim, as_of="2025-06-16")
    assert (li.interest, li.penalty) == (Money("0.00"), Money("0.00"))


def test_consumer_interest_and_damages_are_capped() -> None:
    terms = PaymentTerms.net(30, late_interest_rate="20", penalty=PenaltyClause(percent="25"))
    claim = consumer(
        due_on=None,
        issued_on="2025-05-01",
        terms=terms,
        events=[Reminder(on="2025-06-02", channel="email")],
    )
    li = late_interest(claim, as_of="2025-06-30")
    assert li.periods[0].start == pendulum.Date(2025, 6, 17)
    assert {p.rate for p in li.periods} == {Decimal("11.5")}  # capped at the 2002 rate
    assert li.penalty == Money("55.00")  # 25 % of 400 = 100, capped at 55
    codes = {r.code for r in li.reasons}
    assert {"interest.be.consumer.capped", "consumer.be.damages_capped"} <= codes
    assert li.indemnity == Money("0.00")  # no 40 EUR for consumers


def test_consumer_before_book_xix_needs_formal_notice() -> None:
    claim = consumer(issued_on="2023-01-01", due_on="2023-02-01")
    assert regime_of(claim) == "legal_rate"
    assert late_interest(claim, as_of="2023-12-31").interest == Money("0.00")
    noticed = consumer(
        issued_on="2023-01-01", due_on="2023-02-01", events=[FormalNotice(on="2023-03-01")]
    )
    li = late_interest(noticed, as_of="2023-12-31")
    assert {p.rate for p in li.periods} == {Decimal("5.25")}


@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1000000"), places=2))
def test_damages_cap_never_exceeds_2000_and_is_monotone(balance: Decimal) -> None:
    cap = be_terms.consumer_damages_cap(balance)[0].amount
    assert Decimal(20) <= cap <= Decimal(2000)
    assume(balance != Decimal("150.00"))
    higher = be_terms.consumer_damages_cap(balance + Decimal("0.01"))[0].amount
    assert higher >= cap


# -- prescription ----------------------------------------------------------------------------


def test_ten_years_for_invoices() -> None:
    p = prescription_deadline(
        be_claim(issued_on="2015-12-01", due_on="2016-01-01"), as_of="2020-01-01"
    )
    assert (p.deadline, p.period, str(p.basis)) == (
        pendulum.Date(2026, 1, 1),
        "10 years",
        "C. civ. (ancien) 2262bis §1 al. 1",
    )


def test_lawyer_notice_worked_examples() -> None:
    # belgian-law.md §D.2 example: invoice due 01/01/2016, lawyer's letter 01/06/2025 ->
    # 01/06/2026. Healthcare claim (2 years) due 01/01/2024, letter 01/07/2025 -> 01/07/2026.
    claim = be_claim(issued_on="2015-12-01", due_on="2016-01-01")
    p = prescription_be(claim, as_of="2025-07-01", lawyer_notices=["2025-06-01"])
    assert p.deadline == pendulum.Date(2026, 6, 1)
    twice = prescription_be(claim, as_of="2026-05-01", lawyer_notices=["2025-06-01", "2026-04-01"])
    assert twice.deadline == pendulum.Date(2026, 6, 1)  # only once
    early = prescription_be(claim, as_of="2020-07-01", lawyer_notices=["2020-06-01"])
    assert early.deadline == pendulum.Date(2026, 1, 1)  # never before the original term


def test_consumer_goods_one_year_and_periodic_five() -> None:
    p = prescription_deadline(consumer(), as_of="2025-06-30")
    assert (p.deadline, str(p.basis)) == (pendulum.Date(2026, 5, 31), "C. civ. (ancien) 2272 al. 2")
    rent = be_claim(nature="residential_rent")
    assert prescription_deadline(rent, as_of="2025-06-30").period == "5 years"


def test_acknowledgment_interrupts_and_judgment_gives_ten_years() -> None:
    claim = be_claim(events=[Acknowledgment(on="2026-01-10")])
    assert prescription_deadline(claim, as_of="2026-02-01").deadline == pendulum.Date(2036, 1, 10)
    judged = be_claim(events=[Judgment(on="2026-03-01")])
    assert prescription_deadline(judged, as_of="2026-03-02").deadline == pendulum.Date(2036, 3, 1)


def test_agreed_period_refused() -> None:
    with pytest.raises(InvalidValue):
        prescription_deadline(be_claim(), as_of="2025-06-30", agreed_period_months=24)


def test_holidays() -> None:
    assert pendulum.Date(2025, 7, 21) in jurisdictions.get("BE").public_holidays(2025)


# -- court routes: belgian-law.md §E ------------------------------------------------------------

from recouvrement.events import InsolvencyProceeding  # noqa: E402
from recouvrement.jurisdictions.be import procedures as be_procedures  # noqa: E402


def test_routes() -> None:
    assert be_procedures.choose_route(be_claim(), as_of="2025-06-01").route == "b2b_uncontested"
    assert be_procedures.uncontested_accessories_cap(Money("10000")) == Money("1000")
    c = consumer(amount="4000")
    assert be_procedures.choose_route(c, as_of="2025-06-01").court.startswith("juge de paix")
    # C. jud. 590: 2,500 EUR before 01/09/2018.
    old = consumer(amount="4000", issued_on="2018-01-01", due_on="2018-02-01")
    assert "première instance" in be_procedures.choose_route(old, as_of="2018-08-31").court
    writ = be_procedures.choose_route(c, as_of="2025-06-01", debtor_writing=True)
    assert writ.route == "summary_payment_order"
    assert "unsettled" in writ.reasons[0].message


def test_insolvency_stays() -> None:
    reorg = be_claim(events=[InsolvencyProceeding(kind="receivership", opened_on="2025-05-01")])
    assert [r.code for r in be_procedures.insolvency_stay(reorg, as_of="2025-06-01")] == [
        "insolvency.be.reorganisation"
    ]
    assert be_procedures.insolvency_stay(be_claim(), as_of="2025-06-01") == ()


def test_belgian_templates_carry_their_mentions() -> None:
    from tests.test_jurisdiction_de import check_templates

    assert check_templates("BE") == []


def test_next_action_takes_the_b2b_uncontested_procedure() -> None:
    from recouvrement.decisions import next_action
    from tests.test_jurisdiction_de import ladder_done, policy_of

    claim = be_claim(
        issued_on="2024-01-02", due_on="2024-02-01", amount="8000", events=ladder_done("BE")
    )
    decision = next_action(claim, as_of="2024-05-01", policy=policy_of("BE"))
    assert decision.action.value == "payment_order"
    assert "route.be.b2b_uncontested" in {r.code for r in decision.reasons}
    bankrupt = be_claim(events=[InsolvencyProceeding(kind="liquidation", opened_on="2025-05-01")])
    assert next_action(bankrupt, as_of="2025-05-03").action.value == "declare_claim"


# -- a ledger mixing French, German and Belgian claims ----------------------------------------


def mixed_ledger() -> list[Claim]:
    found = []
    for code in ("FR", "DE", "BE"):
        for i, (kind, nature, amount) in enumerate(
            (("professional", "commercial", "8000"), ("individual", "consumer", "400"))
        ):
            found.append(
                Claim(
                    id=f"{code}-{i}",
                    creditor={
                        "id": f"C{code}",
                        "name": f"C {code}",
                        "kind": "professional",
                        "country": code,
                    },
                    debtor={
                        "id": f"D{code}{i}",
                        "name": f"D {code} {i}",
                        "kind": kind,
                        "country": code,
                    },
                    nature=nature,
                    amount=amount,
                    issued_on="2025-01-02",
                    due_on="2025-02-01",
                    jurisdiction=code,
                    events=[Reminder(on="2025-02-10", channel="email")],
                )
            )
    return found


def _with_history() -> list[Claim]:
    """The mixed ledger and, per country, an invoice paid late (the forecast learns from it)."""
    import attrs

    from recouvrement.claims import Payment

    paid = [
        attrs.evolve(
            claim,
            id=f"{claim.id}-paid",
            issued_on="2024-11-02",
            due_on="2024-12-02",
            events=(),
            payments=(Payment(on="2025-01-15", amount=claim.amount),),
        )
        for claim in mixed_ledger()
    ]
    return [*mixed_ledger(), *paid]


#: Every command that reads a ledger, with the options it needs beyond ``--as-of``.
LEDGER_COMMANDS: dict[str, tuple[str, ...]] = {
    "report": (),
    "next-actions": (),
    "kpis": (),
    "profiles": (),
    "deadlines": (),
    "worklist": (),
    "forecast": (),
    "credit": (),
    "retention": ("--schedule",),
    "notice-FR": ("--claim", "FR-0"),
    "notice-DE": ("--claim", "DE-0"),
    "notice-BE": ("--claim", "BE-0"),
    "simulate-DE": ("--claim", "DE-0"),
    "simulate-BE": ("--claim", "BE-1"),
}


@pytest.mark.parametrize("command", sorted(LEDGER_COMMANDS))
def test_every_cli_command_reads_a_mixed_ledger(command: str, tmp_path: Any) -> None:
    import io
    import json

    from recouvrement.cli import main

    ledger = tmp_path / "mixed.json"
    ledger.write_text(json.dumps([c.to_dict() for c in _with_history()]), encoding="utf-8")
    buffer = io.StringIO()
    name = command.split("-")[0] if command.endswith(("-FR", "-DE", "-BE")) else command
    argv = [name, str(ledger), "--as-of", "2025-06-30", *LEDGER_COMMANDS[command]]
    assert main(argv, out=buffer) == 0, buffer.getvalue()
    assert buffer.getvalue()
    # Without --locale, a letter is written in the language of the claim's law.
    # The Belgian claim had a reminder on 2025-02-10: this one is the second (not "premier").
    first = {"notice-DE": "Betreff: Zahlungserinnerung", "notice-BE": "Objet : Deuxième rappel"}
    if command in first:
        assert buffer.getvalue().startswith(first[command])


def test_the_dashboard_reads_a_mixed_ledger(tmp_path: Any) -> None:
    import io
    import json

    from recouvrement.cli import main

    ledger = tmp_path / "mixed.json"
    ledger.write_text(json.dumps([c.to_dict() for c in mixed_ledger()]), encoding="utf-8")
    page = tmp_path / "report.html"
    argv = ["dashboard", str(ledger), "--as-of", "2025-06-30", "-o", str(page)]
    assert main(argv, out=io.StringIO()) == 0
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(
    ("claim_id", "locale", "phrase"),
    [
        ("DE-0", "de_DE", "Zahlungserinnerung"),
        ("BE-0", "fr_BE", "loi du 2 août 2002"),
        # a consumer already reminded on 2025-02-10: Book XIX named, no new waiting period
        ("BE-1", "nl_BE", "Tweede herinnering"),
    ],
)
def test_notice_carries_the_claims_law(
    claim_id: str, locale: str, phrase: str, tmp_path: Any
) -> None:
    import io
    import json

    from recouvrement.cli import main

    ledger = tmp_path / "mixed.json"
    ledger.write_text(json.dumps([c.to_dict() for c in mixed_ledger()]), encoding="utf-8")
    buffer = io.StringIO()
    code = main(
        ["notice", str(ledger), "--as-of", "2025-06-30", "--claim", claim_id, "--locale", locale],
        out=buffer,
    )
    assert code == 0
    assert phrase in buffer.getvalue()
    assert "C. com." not in buffer.getvalue()  # a Belgian or German letter cites no French law


@given(
    due=st.dates(min_value=pendulum.Date(2014, 1, 1), max_value=pendulum.Date(2024, 12, 31)),
    offset=st.integers(min_value=0, max_value=4000),
)
def test_a_lawyer_notice_never_shortens_prescription(due: Any, offset: int) -> None:
    day = pendulum.Date(due.year, due.month, due.day)
    claim = be_claim(issued_on=day, due_on=day)
    notice = day.add(days=offset)
    as_of = notice.add(days=1)
    plain = prescription_be(claim, as_of=as_of)
    noticed = prescription_be(claim, as_of=as_of, lawyer_notices=[notice])
    assert noticed.deadline >= plain.deadline
    if notice <= plain.deadline:
        assert noticed.deadline >= min(notice.add(years=1), plain.deadline.add(years=1))


def test_a_posted_formal_notice_counts_as_the_first_reminder() -> None:
    claim = consumer(events=[FormalNotice(on="2025-06-02")])
    li = late_interest(claim, as_of="2025-06-30")
    # Posted Monday 02/06/2025: the period runs 05/06-18/06; legal rate from 19/06.
    assert li.periods[0].start == pendulum.Date(2025, 6, 19)
    assert li.periods[0].rate == Decimal("4.50")


def test_a_newly_published_rate_is_passed_in_by_name() -> None:
    # The 2026 S2 rate is not published (U): a caller adds it to the table named
    # "be_commercial_rate" and passes it in; nothing is extrapolated otherwise.
    table = commercial_rate_table().with_row("2026-07-01", "10.0", published_to="2026-12-31")
    li = late_interest(be_claim(), as_of="2026-07-15", rates=table)
    assert li.periods[-1].rate == Decimal("10.0")
    assert li.periods[-1].end == pendulum.Date(2026, 7, 15)


def test_a_lawyers_notice_is_proposed_only_for_a_debtor_in_belgium() -> None:
    # 17 days before prescription (1 year, art. 2272 al. 2 for a consumer's supplier claim):
    # art. 2244 §2 interrupts only for a debtor domiciled in Belgium (D14).
    from recouvrement.decisions import next_action

    here = consumer(amount="1200", issued_on="2025-01-02", due_on="2025-02-01")
    abroad = consumer(
        amount="1200",
        issued_on="2025-01-02",
        due_on="2025-02-01",
        debtor={"id": "P", "name": "Jean Dupont", "kind": "individual", "country": "FR"},
    )
    for claim, lawyer in ((here, True), (abroad, False)):
        decision = next_action(claim, as_of="2026-01-15")
        (how,) = [r for r in decision.reasons if r.code == "guard.prescription_close.lawyer"]
        assert ("send a registered formal notice" in how.message) is lawyer, how.message
        if not lawyer:
            assert "interrupts only for a debtor in Belgium; this debtor's country is FR" in (
                how.message
            )


def test_a_lawyers_notice_to_a_debtor_abroad_does_not_interrupt_prescription() -> None:
    # Art. 2244 §2 (D14): only for a debtor in Belgium; the deadline stays, and says why.
    here = be_claim(issued_on="2015-12-01", due_on="2016-01-01")
    abroad = be_claim(
        issued_on="2015-12-01",
        due_on="2016-01-01",
        debtor={"id": "D", "name": "Client SARL", "kind": "professional", "country": "FR"},
    )
    notices = ["2025-06-01"]
    assert prescription_be(here, as_of="2025-07-01", lawyer_notices=notices).deadline == (
        pendulum.Date(2026, 6, 1)
    )
    found = prescription_be(abroad, as_of="2025-07-01", lawyer_notices=notices)
    assert found.deadline == pendulum.Date(2026, 1, 1)
    assert any(r.code == "prescription.be.lawyer_notice_abroad" for r in found.reasons)
