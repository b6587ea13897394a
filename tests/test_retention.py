"""Tests of recouvrement.retention: the schedule, the deadlines, the purge plan, anonymise
and erasure requests.

The worked example and its variant come from the project's reference data-retention.md §8
(consumer: invoice 2020-03-15, judgment 2022-06-10, payment in full 2023-01-20).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import recouvrement as rc
from recouvrement.kpi import Portfolio
from recouvrement.retention import (
    CONFIDENCE_ORDER,
    DataCategory,
    FinancialYear,
    RetentionChoices,
    RetentionTrigger,
    anonymise,
    erasure_request,
    purge_plan,
    retention_deadlines,
    retention_schedule,
)
from tests.strategies import claims as claim_strategy

SHOP = rc.Creditor(id="C1", name="Shop SAS", kind="professional")
JEANNE = rc.Debtor(
    id="D1", name="Jeanne Martin", kind="individual", address="3 rue Haute\n75001 Paris"
)
MARTIN = rc.Debtor(id="D2", name="Martin SARL", kind="professional", siren="732829320")
EVIDENCE = RetentionChoices(evidence_after_payment="debtor_claims")
D = pendulum.Date


def worked_example() -> rc.Claim:
    """data-retention.md §8: a consumer invoice of 2020-03-15, litigation ended by judgment on
    2022-06-10, enforcement until payment in full on 2023-01-20, no ongoing relationship."""
    return rc.Claim(
        id="F-2020-031",
        creditor=SHOP,
        debtor=JEANNE,
        nature="consumer",
        amount="900",
        issued_on="2020-03-15",
        due_on="2020-04-14",
        payments=[rc.Payment(on="2023-01-20", amount="900", reference="Mme Martin virement")],
        events=[
            rc.Reminder(on="2020-05-01", channel="letter"),
            rc.FormalNotice(on="2020-06-01", cure_days=8),
            rc.Dispute(opened_on="2020-06-10", closed_on="2022-06-10", outcome="rejected"),
            rc.LegalAction(
                kind="summons", filed_on="2021-06-01", served_on="2021-06-15", ended_on="2022-06-10"
            ),
            rc.Judgment(on="2022-06-10", served_on="2022-07-05"),
            rc.EnforcementAct(on="2022-09-01"),
        ],
    )


def dates_of(result: Any, category: str) -> tuple[Any, Any]:
    entry = result.category(category)
    return entry.archive_on, entry.delete_on


# -- the schedule --------------------------------------------------------------------------


def test_schedule_covers_every_category_and_trigger() -> None:
    schedule = retention_schedule("FR")
    assert {r.category for r in schedule.rules} == set(DataCategory)
    used = {r.trigger for r in schedule.rules}
    assert used == set(RetentionTrigger)
    assert schedule.version == "2026-12-04"
    assert schedule.jurisdiction == "FR"


def test_schedule_rows_are_sourced_and_u_rows_are_options() -> None:
    for rule in retention_schedule().rules:
        assert rule.confidence in CONFIDENCE_ORDER, rule.id
        assert rule.source, rule.id
        assert rule.description, rule.id
        assert rule.phase in ("active", "archive"), rule.id
        assert rule.effective_from <= D(2026, 12, 4), rule.id
        # U rules are never applied by default: each one is selected by an explicit option.
        assert (rule.confidence == "U") == (rule.option is not None), rule.id


def test_schedule_rows_and_dict_are_json() -> None:
    schedule = retention_schedule("fr")
    json.dumps(schedule.to_dict())
    rows = schedule.rows()
    assert len(rows) == len(schedule.rules)
    accounting = next(r for r in rows if r["rule"] == "accounting_records.archive")
    assert accounting["duration"] == "10 years"
    assert accounting["citation"] == "C. com. L123-22"
    assert schedule.for_category("bank_details")[0].duration == "13 months"
    with pytest.raises(rc.InvalidValue):
        schedule.rule("nope")


def test_unsupported_jurisdiction() -> None:
    with pytest.raises(rc.UnsupportedJurisdiction):
        retention_schedule("BE")
    with pytest.raises(rc.InvalidType):
        retention_schedule(1)  # type: ignore[arg-type]


def test_financial_year() -> None:
    assert FinancialYear().closing("2020-12-31") == D(2020, 12, 31)
    assert FinancialYear("06-30").closing("2020-07-01") == D(2021, 6, 30)
    assert FinancialYear("03-31").plus("2020-03-15", 120) == D(2030, 3, 31)
    for bad in ("02-29", "12/31", "1231", "00-10"):
        with pytest.raises(rc.InvalidValue):
            FinancialYear(bad)
    with pytest.raises(rc.InvalidType):
        FinancialYear(1231)  # type: ignore[arg-type]


def test_choices_are_validated() -> None:
    with pytest.raises(rc.InvalidValue):
        RetentionChoices(evidence_after_payment="forever")
    with pytest.raises(rc.InvalidValue):
        RetentionChoices(iban_months=-1)
    with pytest.raises(rc.InvalidType):
        RetentionChoices(iban_months=True)


# -- the worked example (data-retention.md §8) -----------------------------------------------


def test_worked_example_settled_dates() -> None:
    result = retention_deadlines(
        [worked_example()], as_of="2026-12-04", choices=EVIDENCE, bank_details="card"
    )
    closed = D(2023, 1, 20)
    # Invoice (FY 2020): FY 2020 closing + 10 years; the 6-year tax floor is absorbed.
    assert dates_of(result, "accounting_records") == (closed, D(2030, 12, 31))
    invoice = result.category("accounting_records").records[0]
    floor = next(r for r in invoice.reasons if r.code == "retention.tax_floor")
    assert floor.facts["tax_floor"] == D(2026, 3, 15)
    # Payment receipt 2023-01-20 (FY 2023).
    assert dates_of(result, "payments") == (closed, D(2033, 12, 31))
    # Identity: reduced to linking fields, deleted with the last record that needs them.
    assert dates_of(result, "debtor_identity") == (closed, D(2033, 12, 31))
    # Reminders, letters, call notes, dispute: the 5-year candidate (U option chosen).
    for category in ("reminders_letters", "call_notes", "disputes"):
        assert dates_of(result, category) == (closed, D(2028, 1, 20)), category
        assert result.category(category).confidence == "U"
    # Court file: archived at payment, deletion not computable without an option.
    assert dates_of(result, "litigation_enforcement") == (closed, None)
    assert not result.category("litigation_enforcement").determined
    # Card used 2023-01-20: 13 months.
    assert dates_of(result, "bank_details") == (closed, D(2024, 2, 20))
    assert result.category("bank_details").phase == "delete"
    assert result.category("payments").phase == "archive"


def test_worked_example_unsettled_rules_stay_undetermined_by_default() -> None:
    result = retention_deadlines([worked_example()], as_of="2026-12-04")
    for category in ("reminders_letters", "call_notes", "disputes", "litigation_enforcement"):
        entry = result.category(category)
        assert entry.delete_on is None, category
        assert not entry.determined, category
        codes = {r.code for rec in entry.records for r in rec.reasons}
        assert "retention.controller_choice" in codes, category
    identity = result.category("debtor_identity")
    assert identity.delete_on == D(2033, 12, 31)
    assert not identity.determined
    assert result.category("bank_details").phase == "none"


def test_worked_example_litigation_options() -> None:
    literal = retention_deadlines(
        [worked_example()],
        as_of="2026-12-04",
        choices={"litigation": "extraordinary_remedies"},
    )
    # Tierce opposition, read literally: 30 years from the judgment (CPC 586).
    assert dates_of(literal, "litigation_enforcement") == (D(2023, 1, 20), D(2052, 6, 10))
    assert literal.category("debtor_identity").delete_on == D(2052, 6, 10)
    enforcement = retention_deadlines(
        [worked_example()], as_of="2026-12-04", choices={"litigation": "enforcement_prescription"}
    )
    # Ten years of enforcement, restarted by the payment of 2023-01-20 (CPCE L111-4, 2240).
    assert enforcement.category("litigation_enforcement").delete_on == D(2033, 1, 21)


def test_worked_example_deferred_debit_card() -> None:
    result = retention_deadlines(
        [worked_example()], as_of="2026-12-04", bank_details="card_deferred_debit"
    )
    assert dates_of(result, "bank_details") == (D(2023, 1, 20), D(2024, 4, 20))


def test_worked_example_variant_never_paid() -> None:
    """§8 variant: a consumer never pays, no action: the pre-litigation data go when the
    creditor's action is time-barred, 2 years from exigibility restarted by an
    acknowledgment (C. consom. L218-2, C. civ. 2240)."""
    claim = rc.Claim(
        id="F-7",
        creditor=SHOP,
        debtor=JEANNE,
        nature="consumer",
        amount="120",
        issued_on="2021-01-05",
        due_on="2021-01-15",
        events=[
            rc.Reminder(on="2021-02-01", channel="email"),
            rc.Acknowledgment(on="2021-06-01"),
            rc.Dispute(opened_on="2021-03-01"),
        ],
    )
    before = retention_deadlines(claim, as_of="2023-05-31")
    letters = before.category("reminders_letters")
    assert letters.phase == "active"
    assert letters.delete_on == D(2023, 6, 2)
    after = retention_deadlines(claim, as_of="2023-06-02")
    for category in ("reminders_letters", "call_notes", "disputes"):
        entry = after.category(category)
        assert (entry.archive_on, entry.delete_on, entry.phase) == (
            D(2023, 6, 2),
            D(2023, 6, 2),
            "delete",
        ), category
        assert entry.determined
        assert entry.confidence in ("P", "S")


# -- each trigger -------------------------------------------------------------------------


def paid_claim(**overrides: Any) -> rc.Claim:
    fields: dict[str, Any] = {
        "id": "F-1",
        "creditor": SHOP,
        "debtor": JEANNE,
        "nature": "consumer",
        "amount": "300",
        "issued_on": "2020-03-15",
        "due_on": "2020-04-14",
        "payments": [rc.Payment(on="2020-05-02", amount="300")],
    }
    fields.update(overrides)
    return rc.Claim(**fields)


def test_trigger_financial_year_end_is_a_parameter() -> None:
    result = retention_deadlines(paid_claim(), as_of="2024-01-01", financial_year_end="06-30")
    assert result.category("accounting_records").delete_on == D(2030, 6, 30)
    assert result.category("payments").delete_on == D(2030, 6, 30)
    assert result.financial_year_end == "06-30"
    with pytest.raises(rc.InvalidValue):
        retention_deadlines(paid_claim(), as_of="2024-01-01", financial_year_end="02-30")


def test_credit_notes_are_accounting_records() -> None:
    claim = paid_claim(
        payments=[rc.Payment(on="2020-05-02", amount="200")],
        credit_notes=[rc.CreditNote(on="2021-02-01", amount="100", reference="AV-1")],
    )
    records = retention_deadlines(claim, as_of="2024-01-01").category("accounting_records")
    assert [(r.record, r.delete_on) for r in records.records] == [
        ("invoice F-1", D(2030, 12, 31)),
        ("credit note AV-1 of F-1", D(2031, 12, 31)),
    ]
    assert records.archive_on == D(2021, 2, 1)  # settled by the credit note


def test_trigger_payment_in_full_closes_the_file() -> None:
    open_result = retention_deadlines(paid_claim(payments=[]), as_of="2020-05-01")
    assert open_result.category("accounting_records").phase == "active"
    assert open_result.category("debtor_identity").archive_on is None
    paid = retention_deadlines(paid_claim(), as_of="2020-05-02")
    assert dates_of(paid, "accounting_records") == (D(2020, 5, 2), D(2030, 12, 31))
    assert paid.category("accounting_records").phase == "archive"


def test_trigger_relationship_end() -> None:
    ended = retention_deadlines(
        paid_claim(), as_of="2024-01-01", relationship_ended_on="2022-09-30"
    )
    assert ended.category("debtor_identity").archive_on == D(2022, 9, 30)
    ongoing = retention_deadlines(paid_claim(), as_of="2024-01-01", ongoing_relationship=True)
    identity = ongoing.category("debtor_identity")
    assert identity.phase == "active"
    assert identity.delete_on is None
    with pytest.raises(rc.InvalidValue):
        retention_deadlines(
            paid_claim(),
            as_of="2024-01-01",
            relationship_ended_on="2022-09-30",
            ongoing_relationship=True,
        )
    with pytest.raises(rc.InvalidType):
        retention_deadlines(paid_claim(), as_of="2024-01-01", ongoing_relationship="yes")  # type: ignore[arg-type]


def test_trigger_write_off_keeps_evidence_until_barred() -> None:
    claim = paid_claim(
        payments=[],
        events=[rc.Reminder(on="2020-05-01", channel="letter"), rc.WriteOff(on="2021-03-01")],
    )
    result = retention_deadlines(claim, as_of="2021-06-01")
    letters = result.category("reminders_letters")
    # Written off, not paid: evidence kept until the 2-year consumer prescription (L218-2).
    assert (letters.archive_on, letters.delete_on) == (D(2021, 3, 1), D(2022, 4, 15))
    assert letters.determined
    assert letters.phase == "archive"


def test_trigger_end_of_litigation() -> None:
    pending = paid_claim(
        payments=[],
        events=[
            rc.LegalAction(kind="payment_order", filed_on="2021-01-10", served_on="2021-02-01")
        ],
    )
    entry = retention_deadlines(pending, as_of="2021-06-01").category("litigation_enforcement")
    assert entry.phase == "active"
    assert entry.archive_on is None
    # Proceedings ended after payment in full: archived at the end of the litigation.
    ended = paid_claim(
        payments=[rc.Payment(on="2021-03-01", amount="300")],
        events=[
            rc.LegalAction(
                kind="summons", filed_on="2021-01-10", served_on="2021-02-01", ended_on="2021-05-20"
            )
        ],
    )
    entry = retention_deadlines(
        ended, as_of="2021-06-01", choices={"litigation": "extraordinary_remedies"}
    ).category("litigation_enforcement")
    # Tierce opposition runs from a judgment (CPC 586): none is recorded, so no date (the
    # end of the proceedings is not a judgment's date).
    assert (entry.archive_on, entry.delete_on) == (D(2021, 5, 20), None)
    assert not entry.determined
    (why,) = [r for rec in entry.records for r in rec.reasons if r.code == "retention.no_judgment"]
    assert "ended on 2021-05-20 and no judgment is recorded" in why.message
    assert entry.confidence == "U"
    judged = attrs.evolve(
        ended, events=(*ended.events, rc.Judgment(on="2021-05-20", served_on="2021-05-28"))
    )
    entry = retention_deadlines(
        judged, as_of="2021-06-01", choices={"litigation": "extraordinary_remedies"}
    ).category("litigation_enforcement")
    assert (entry.archive_on, entry.delete_on) == (D(2021, 5, 20), D(2051, 5, 20))
    assert entry.confidence == "U"


def test_trigger_end_of_limitation_for_payment_plans() -> None:
    plan = rc.PaymentPlan(
        agreed_on="2020-05-01",
        instalments=[
            rc.Instalment(due_on="2020-06-01", amount="150"),
            rc.Instalment(due_on="2020-07-01", amount="150"),
        ],
    )
    claim = paid_claim(
        payments=[
            rc.Payment(on="2020-06-01", amount="150"),
            rc.Payment(on="2020-07-03", amount="150"),
        ],
        events=[plan, rc.PaymentPromise(on="2020-04-20", promised_for="2020-04-30")],
    )
    entry = retention_deadlines(claim, as_of="2021-01-01").category("payment_plans")
    # Evidence until the claim is time-barred, counted from the last payment (2240, L218-2).
    assert [r.delete_on for r in entry.records] == [D(2022, 7, 4), D(2022, 7, 4)]
    assert entry.archive_on == D(2020, 7, 3)
    assert entry.confidence == "S"


def test_evidence_option_claim_prescription() -> None:
    claim = paid_claim(events=[rc.Reminder(on="2020-04-20", channel="sms")])
    entry = retention_deadlines(
        claim, as_of="2021-01-01", choices={"evidence_after_payment": "claim_prescription"}
    ).category("reminders_letters")
    assert entry.delete_on == D(2022, 5, 3)
    assert entry.confidence == "U"


def test_trigger_amicable_settlement_of_a_dispute() -> None:
    claim = paid_claim(
        credit_notes=[rc.CreditNote(on="2020-05-01", amount="50")],
        payments=[rc.Payment(on="2020-05-10", amount="250")],
        events=[rc.Dispute(opened_on="2020-04-20", closed_on="2020-05-01", outcome="credit_note")],
    )
    entry = retention_deadlines(claim, as_of="2020-05-10").category("disputes")
    assert (entry.archive_on, entry.delete_on, entry.phase) == (
        D(2020, 5, 10),
        D(2020, 5, 10),
        "delete",
    )
    assert entry.confidence == "P"
    # The same dispute while the claim is still being collected stays with the file.
    still_open = retention_deadlines(claim, as_of="2020-05-05").category("disputes")
    assert still_open.phase == "active"


def test_iban_is_a_controller_choice() -> None:
    default = retention_deadlines(paid_claim(), as_of="2024-01-01", bank_details="iban")
    entry = default.category("bank_details")
    assert (entry.archive_on, entry.delete_on, entry.determined) == (D(2020, 5, 2), None, False)
    chosen = retention_deadlines(
        paid_claim(), as_of="2024-01-01", bank_details="iban", choices={"iban_months": 13}
    )
    assert chosen.category("bank_details").delete_on == D(2021, 6, 2)
    with pytest.raises(rc.InvalidValue):
        retention_deadlines(paid_claim(), as_of="2024-01-01", bank_details="cash")


def test_open_claim_keeps_old_records_for_legal_claims() -> None:
    claim = paid_claim(
        payments=[],
        events=[
            rc.LegalAction(
                kind="summons", filed_on="2021-01-10", served_on="2021-02-01", ended_on="2021-09-01"
            ),
            rc.Judgment(on="2021-09-01", served_on="2021-10-01"),
        ],
    )
    result = retention_deadlines(claim, as_of="2031-02-01")
    invoice = result.category("accounting_records").records[0]
    assert invoice.phase == "active"
    assert invoice.delete_on is None
    assert "retention.legal_claims" in {r.code for r in invoice.reasons}


def test_legal_person_reason_and_rows() -> None:
    claim = paid_claim(debtor=MARTIN, nature="commercial")
    result = retention_deadlines(claim, as_of="2024-01-01", choices=EVIDENCE)
    identity = result.category("debtor_identity").records[0]
    assert "retention.legal_person" in {r.code for r in identity.reasons}
    json.dumps(result.to_dict())
    rows = result.rows()
    assert {r["category"] for r in rows} >= {"accounting_records", "payments", "call_notes"}
    assert all(set(r) >= {"archive_on", "delete_on", "confidence", "basis"} for r in rows)


def test_deadlines_refuse_bad_input() -> None:
    other = paid_claim(id="F-2", debtor=MARTIN, nature="commercial")
    with pytest.raises(rc.InvalidValue):
        retention_deadlines([paid_claim(), other], as_of="2024-01-01")
    with pytest.raises(rc.InvalidValue):
        retention_deadlines([], as_of="2024-01-01")
    with pytest.raises(rc.InvalidType):
        retention_deadlines(["F-1"], as_of="2024-01-01")
    with pytest.raises(rc.InvalidType):
        retention_deadlines("F-1", as_of="2024-01-01")
    with pytest.raises(rc.InvalidType):
        retention_deadlines(paid_claim(), as_of="2024-01-01", choices=3)
    with pytest.raises(rc.InvalidValue):
        retention_deadlines(paid_claim(), as_of="01/01/2024")
    with pytest.raises(rc.InvalidValue):
        retention_deadlines(paid_claim(), as_of="2024-01-01").category("photos")


# -- the purge plan ------------------------------------------------------------------------


def ledger() -> list[rc.Claim]:
    return [
        worked_example(),
        paid_claim(id="F-9", debtor=MARTIN, nature="commercial"),
        paid_claim(id="F-10", debtor=MARTIN, nature="commercial", payments=[]),
    ]


def test_purge_plan_sorts_records() -> None:
    plan = purge_plan(ledger(), as_of="2034-01-01", choices=EVIDENCE, bank_details={"D1": "card"})
    deleted = {(i.debtor_id, i.category.value) for i in plan.delete}
    assert ("D1", "accounting_records") in deleted
    assert ("D1", "bank_details") in deleted
    assert ("D1", "debtor_identity") not in deleted  # the court file has no end yet
    assert {i.category for i in plan.review} == {
        DataCategory.LITIGATION_ENFORCEMENT,
        DataCategory.DEBTOR_IDENTITY,
    }
    assert plan.debtors_due == ("D2",)  # all its records are due
    # Martin SARL: one paid file, one unpaid and time-barred in 2025 (5 years, L110-4).
    martin = {(i.claim_id, i.category.value, i.action) for i in plan.items if i.debtor_id == "D2"}
    assert ("F-10", "call_notes", "delete") in martin
    assert ("F-9", "accounting_records", "delete") in martin
    json.dumps(plan.to_dict())
    assert len(plan.rows()) == len(plan.items)
    assert sum(sum(v.values()) for v in plan.summary().values()) == len(plan.items)


def test_purge_plan_with_litigation_choice_frees_identity() -> None:
    choices = {"evidence_after_payment": "debtor_claims", "litigation": "enforcement_prescription"}
    plan = purge_plan(ledger(), as_of="2034-01-01", choices=choices)
    assert "D1" in plan.debtors_due
    assert plan.review == ()
    early = purge_plan(ledger(), as_of="2023-02-01", choices=choices)
    assert early.delete == ()
    assert early.debtors_due == ()
    assert {i.action for i in early.items} == {"archive"}


def test_purge_plan_relationships() -> None:
    plan = purge_plan(
        ledger(), as_of="2034-01-01", choices=EVIDENCE, relationships={"D2": "ongoing"}
    )
    assert not any(
        i.debtor_id == "D2" and i.category is DataCategory.DEBTOR_IDENTITY for i in plan.items
    )
    with pytest.raises(rc.InvalidType):
        purge_plan(ledger(), as_of="2034-01-01", relationships=["D2"])
    with pytest.raises(rc.InvalidType):
        purge_plan(ledger(), as_of="2034-01-01", bank_details=3)
    with pytest.raises(rc.InvalidType):
        purge_plan("ledger", as_of="2034-01-01")


# -- anonymise ------------------------------------------------------------------------------

KEY = b"kept apart from the ledger"


def test_anonymise_replaces_personal_data_deterministically() -> None:
    first = anonymise(ledger(), as_of="2024-01-01", key=KEY, scope="all")
    again = anonymise(iter(ledger()), as_of="2024-01-01", key=KEY, scope="all")
    other = anonymise(ledger(), as_of="2024-01-01", key=b"another secret key", scope="all")
    assert first.claims == again.claims
    assert first.claims != other.claims
    assert first.debtors == 1
    assert first.mode == "pseudonymised"
    jeanne = first.claims[0]
    assert jeanne.debtor.id.startswith("D-")
    assert jeanne.id.startswith("C-")
    assert jeanne.debtor.address is None
    assert jeanne.payments[0].reference is None
    text = json.dumps(first.to_dict())
    assert "Jeanne" not in text
    assert "Haute" not in text
    assert "F-2020-031" not in text
    # A company's name is not personal data (recital 14): kept unless asked.
    assert first.claims[1].debtor == MARTIN
    both = anonymise(ledger(), as_of="2024-01-01", key=KEY, scope="all", professionals=True)
    assert both.debtors == 2
    assert both.claims[1].debtor.siren is None
    assert both.claims[1].debtor.id == both.claims[2].debtor.id  # one debtor, one pseudonym
    assert "retention.pseudonymisation" in {r.code for r in first.reasons}


def test_anonymise_scope_due_and_removal() -> None:
    choices = {"evidence_after_payment": "debtor_claims", "litigation": "enforcement_prescription"}
    not_yet = anonymise(ledger(), as_of="2030-01-01", key=KEY, choices=choices)
    assert not_yet.debtors == 0
    assert not_yet.claims == tuple(ledger())
    due = anonymise(ledger(), as_of="2034-01-01", key=None, choices=choices)
    assert due.mode == "removed"
    assert due.debtors == 1
    assert (due.claims[0].id, due.claims[0].debtor.id) == ("claim-1", "anonymous")
    assert due.claims[0].amount == ledger()[0].amount


def test_anonymise_refuses_bad_input() -> None:
    with pytest.raises(rc.InvalidValue):
        anonymise(ledger(), as_of="2024-01-01", key=b"short")
    with pytest.raises(rc.InvalidType):
        anonymise(ledger(), as_of="2024-01-01", key=1234567890)
    with pytest.raises(rc.InvalidValue):
        anonymise(ledger(), as_of="2024-01-01", key=KEY, scope="some")
    with pytest.raises(rc.InvalidType):
        anonymise(ledger(), as_of="2024-01-01", key=KEY, professionals="yes")  # type: ignore[arg-type]


def _outcome(function: Callable[[], Any]) -> Any:
    try:
        return function()
    except rc.RecouvrementError as exc:
        return type(exc).__name__


def kpis(book: Portfolio, day: pendulum.Date) -> dict[str, Any]:
    start = day.subtract(months=3)
    figures: dict[str, Callable[[], Any]] = {
        "receivables": lambda: book.receivables(as_of=day),
        "current": lambda: book.current_receivables(as_of=day),
        "past_due": lambda: book.past_due_receivables(as_of=day),
        "sales": lambda: book.sales(start=start, end=day),
        "dso": lambda: book.dso(as_of=day, months=3),
        "best_dso": lambda: book.best_possible_dso(as_of=day, months=3),
        "add": lambda: book.average_days_delinquent(as_of=day, months=3),
        "countback": lambda: book.dso_countback(as_of=day),
        "cei": lambda: book.cei(start=start, end=day),
        "wdtp": lambda: book.weighted_days_to_pay(start=start, end=day),
        "wdl": lambda: book.weighted_days_late(start=start, end=day),
        "adpd": lambda: book.average_days_past_due(as_of=day),
        "recovery": lambda: book.recovery_rate(as_of=day),
        "cost": lambda: book.cost_of_recovery(start=start, end=day),
        "aging": lambda: book.aging(as_of=day),
        "by_debtor": lambda: sorted(len(p) for p in book.group_by("debtor").values()),
    }
    return {name: _outcome(f) for name, f in figures.items()}


@settings(max_examples=40)
@given(
    ledger_=st.lists(claim_strategy(currency="EUR", max_events=3), min_size=1, max_size=6),
    day=st.dates(min_value=pendulum.Date(2015, 6, 1), max_value=pendulum.Date(2034, 12, 31)),
    professionals=st.booleans(),
)
def test_anonymise_keeps_every_kpi(ledger_: list[rc.Claim], day: Any, professionals: bool) -> None:
    as_of = pendulum.Date(day.year, day.month, day.day)
    done = anonymise(ledger_, as_of=as_of, key=KEY, scope="all", professionals=professionals)
    assert len(done.claims) == len(ledger_)
    assert kpis(Portfolio(done.claims), as_of) == kpis(Portfolio(ledger_), as_of)
    for before, after in zip(ledger_, done.claims, strict=True):
        assert after.outstanding(as_of=as_of) == before.outstanding(as_of=as_of)
        if before.debtor.kind is rc.PartyKind.INDIVIDUAL:
            assert after.debtor.id != before.debtor.id
            assert after.debtor.address is None


# -- erasure and objection ------------------------------------------------------------------


def test_erasure_of_an_open_claim_keeps_everything() -> None:
    answer = erasure_request(paid_claim(payments=[]), requested_on="2020-06-01")
    assert answer.erase == ()
    assert answer.decide == ()
    grounds = {(i.category.value, str(i.citation)) for i in answer.keep}
    assert ("debtor_identity", "GDPR 17(3)(e)") in grounds
    assert ("accounting_records", "GDPR 17(3)(b)") in grounds
    assert ("call_notes", "GDPR 17(3)(e)") in grounds


def test_erasure_after_payment_sorts_records() -> None:
    answer = erasure_request([worked_example()], requested_on="2026-12-04", bank_details="card")
    erase = {(i.category.value, str(i.citation)) for i in answer.erase}
    assert erase == {("debtor_identity", "GDPR 5(1)(c)"), ("bank_details", "GDPR 17(1)(a)")}
    keep = {i.category.value: i.until for i in answer.keep}
    assert keep["accounting_records"] == D(2030, 12, 31)
    assert keep["payments"] == D(2033, 12, 31)
    assert keep["debtor_identity"] == D(2033, 12, 31)
    decide = {i.category.value for i in answer.decide}
    assert decide == {"reminders_letters", "call_notes", "disputes", "litigation_enforcement"}
    json.dumps(answer.to_dict())
    assert len(answer.rows()) == len(answer.erase) + len(answer.keep) + len(answer.decide)


def test_erasure_once_periods_are_over_and_objection() -> None:
    answer = erasure_request(
        paid_claim(), requested_on="2031-01-02", kind="objection", choices=EVIDENCE
    )
    assert answer.keep == ()
    assert answer.decide == ()
    assert {i.category.value for i in answer.erase} == {
        "accounting_records",
        "payments",
        "call_notes",
        "debtor_identity",
    }
    codes = {r.code for r in answer.reasons}
    assert {"erasure.objection", "erasure.marketing"} <= codes
    with pytest.raises(rc.InvalidValue):
        erasure_request(paid_claim(), requested_on="2031-01-02", kind="forget")


def test_rules_older_than_the_schedule_are_flagged() -> None:
    old = paid_claim(
        issued_on="2015-03-15",
        due_on="2015-04-14",
        payments=[rc.Payment(on="2016-02-01", amount="300")],
    )
    result = retention_deadlines(old, as_of="2020-01-01")
    identity = result.category("debtor_identity").records[0]
    flagged = [r for r in identity.reasons if r.code == "retention.before_table"]
    assert flagged
    assert flagged[0].facts["effective_from"] == D(2018, 5, 25)
    recent = retention_deadlines(paid_claim(), as_of="2024-01-01")
    assert not any(
        r.code == "retention.before_table" for rec in recent.records for r in rec.reasons
    )


def test_purge_plan_deadline_rows_cover_every_debtor() -> None:
    plan = purge_plan(ledger(), as_of="2024-01-01", choices=EVIDENCE)
    rows = plan.deadline_rows()
    assert {r["debtor_id"] for r in rows} == {"D1", "D2"}
    assert len(rows) == sum(len(d.records) for d in plan.deadlines)


def test_anonymise_due_respects_ongoing_relationships() -> None:
    choices = {"evidence_after_payment": "debtor_claims", "litigation": "enforcement_prescription"}
    kept = anonymise(
        ledger(), as_of="2034-01-01", key=KEY, choices=choices, relationships={"D1": "ongoing"}
    )
    assert kept.debtors == 0


def test_other_jurisdictions_are_refused() -> None:
    claim = paid_claim(jurisdiction="BE")
    with pytest.raises(rc.UnsupportedJurisdiction):
        retention_deadlines(claim, as_of="2024-01-01")
    with pytest.raises(rc.InvalidValue):
        retention_deadlines(
            [paid_claim(), paid_claim(id="F-3", jurisdiction="BE")], as_of="2024-01-01"
        )


def test_data_file_has_a_provenance_header() -> None:
    from importlib import resources

    text = (
        resources.files("recouvrement.jurisdictions.fr").joinpath("data/retention.toml").read_text()
    )
    header = text.split("version =", 1)[0]
    for needle in ("Source:", "Checked:", "Confidence marks:", "P primary", "U unconfirmed"):
        assert needle in header, needle


def test_a_file_closed_by_a_credit_note_is_not_said_paid() -> None:
    # Nothing was paid: a credit note cancelled the invoice. The reasons say so.
    credited = paid_claim(
        payments=[], credit_notes=[rc.CreditNote(on="2020-05-02", amount="300", reference="AV-1")]
    )
    both = paid_claim(
        payments=[rc.Payment(on="2020-05-02", amount="100")],
        credit_notes=[rc.CreditNote(on="2020-05-10", amount="200", reference="AV-2")],
    )
    for claim, words, paid in (
        (credited, "was cancelled by credit note on 2020-05-02", False),
        (both, "was settled in full by payments and credit notes on 2020-05-10", False),
        (paid_claim(), "was paid in full on 2020-05-02", True),
    ):
        result = retention_deadlines([claim], as_of="2024-12-04")
        # what each reason says of this claim (not the options' own descriptions)
        messages = [
            r.message.split(". Set RetentionChoices")[0]
            for entry in result.categories
            for rec in entry.records
            for r in rec.reasons
            if r.code in ("retention.closed", "retention.controller_choice")
        ]
        assert messages, claim
        assert all(words.split(" on ")[0] in m for m in messages), messages
        assert any(words in m for m in messages), messages
        assert any("paid in full" in m for m in messages) is paid, messages
