"""Issue #13, amounts that agree: points 3 (accessories), 4 (partial dispute), 9 (CPC 478)
and 14 (a judgment ordering future rents)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import assume, event, given, settings
from hypothesis import strategies as st

from recouvrement.claims import Claim, CreditNote, Payment
from recouvrement.decisions import Action, next_action
from recouvrement.errors import InvalidClaim, InvalidValue
from recouvrement.events import Dispute, FormalNotice, Judgment, LegalAction, Reminder
from recouvrement.interest import amounts_due
from recouvrement.money import Money, format_money
from recouvrement.notices import CreditorDetails, Organisation, notice_kind, render_notice
from recouvrement.parties import Creditor, Debtor
from recouvrement.policy import EscalationPolicy, Tone
from recouvrement.prescription import prescription_deadline
from recouvrement.reports import decision_record

from .strategies import claims

ACME = Creditor(id="ACME", name="Acme SAS", kind="professional")
MARTIN = Debtor(id="MARTIN", name="Martin SARL", kind="professional")


def _paid_late() -> Claim:
    """The worked case of `amounts_due`'s docstring: 1,000 EUR due 1 February 2025, paid in
    full on 3 March 2025 (30 days late). C. com. L441-10 II: late-payment penalties at the
    ECB rate + 10 points run from the day after the due date; D441-5: a 40 EUR fixed
    indemnity for recovery costs."""
    return Claim(
        id="F-3",
        creditor=ACME,
        debtor=MARTIN,
        nature="commercial",
        amount="1000",
        issued_on="2025-01-02",
        due_on="2025-02-01",
        payments=[Payment(on="2025-03-03", amount="1000")],
    )


def _plain(text: str) -> str:
    """The text with babel's no-break spaces as plain spaces."""
    return text.replace("\u202f", " ").replace("\xa0", " ")


# -- point 3: principal paid late, accessories still due ---------------------------------


def test_principal_paid_late_keeps_the_claim_open_for_the_accessories() -> None:
    claim = _paid_late()
    due = amounts_due(claim, as_of="2025-03-31")
    assert due.principal.amount == 0
    assert due.interest.amount == Decimal("10.81")
    assert due.indemnity.amount == 40
    decision = next_action(claim, as_of="2025-03-31")
    assert decision.action is Action.REMINDER
    assert decision.step == "accessories"
    assert decision.reasons[0].code == "guard.accessories_owed"
    assert "waive_accessories" in decision.reasons[0].message
    assert str(decision.reasons[0].citation) == "C. com. L441-10 II"
    # Decision and amounts agree: exactly the accessories are asked for.
    assert decision.amounts == due
    assert decision.amounts is not None
    assert decision.amounts.total.amount == Decimal("50.81")


def test_the_accessories_letter_asks_for_exactly_the_accessories() -> None:
    claim = _paid_late()
    decision = next_action(claim, as_of="2025-03-31")
    notice = render_notice(decision, claim, locale="fr_FR")
    text = _plain(notice.text)
    assert "la somme de 50,81 €" in text
    assert "Principal : 0,00 € (réglé après l'échéance)" in text
    assert "Indemnité forfaitaire pour frais de recouvrement : 40,00 €" in text
    english = render_notice(decision, claim, locale="en_GB")
    assert "paid after the due date" in english.text


def test_after_the_accessories_reminder_a_formal_notice_then_the_creditor_decides() -> None:
    claim = attrs.evolve(
        _paid_late(), events=(Reminder(on="2025-03-31", channel="letter", step="accessories"),)
    )
    waiting = next_action(claim, as_of="2025-04-10")
    assert waiting.action is Action.WAIT
    assert waiting.on == claim.events[0].date.add(days=EscalationPolicy.default().review_days)
    notice = next_action(claim, as_of=waiting.on)
    assert notice.action is Action.FORMAL_NOTICE
    assert notice.step == "accessories"
    assert notice.amounts == amounts_due(claim, as_of=waiting.on)
    letter = _plain(render_notice(notice, claim, locale="fr_FR").text)
    assert "Principal : 0,00 € (réglé après l'échéance)" in letter
    assert notice.deadline is not None
    noticed = attrs.evolve(claim, events=(*claim.events, FormalNotice(on=waiting.on, cure_days=8)))
    assert next_action(noticed, as_of=waiting.on.add(days=3)).action is Action.WAIT
    after = next_action(noticed, as_of=waiting.on.add(days=9))
    assert after.action is Action.NONE
    assert [r.code for r in after.reasons] == ["guard.accessories_owed", "guard.accessories_unpaid"]


def test_a_policy_may_waive_the_accessories_and_says_so() -> None:
    waive = attrs.evolve(EscalationPolicy.default(), waive_accessories=True)
    decision = next_action(_paid_late(), as_of="2025-03-31", policy=waive)
    assert decision.action is Action.CLOSE
    assert [r.code for r in decision.reasons] == ["guard.accessories_waived"]
    assert "50.81 EUR" in decision.reasons[0].message
    assert "waive" in decision.reasons[0].message
    # The option is a named, serialised policy setting.
    assert waive.to_dict()["settings"]["waive_accessories"] is True
    assert EscalationPolicy.from_dict(waive.to_dict()).waive_accessories is True
    assert "waive_accessories" not in EscalationPolicy.default().to_dict()["settings"]


def test_paid_on_time_closes_as_settled() -> None:
    on_time = attrs.evolve(_paid_late(), payments=(Payment(on="2025-02-01", amount="1000"),))
    decision = next_action(on_time, as_of="2025-03-31")
    assert decision.action is Action.CLOSE
    assert [r.code for r in decision.reasons] == ["guard.settled"]


# -- point 9: CPC 478, a judgment by default not served within six months ------------------


def _judged(**judgment: Any) -> Claim:
    """A 1,500 EUR claim due 14 February 2025, a summons served in May, a judgment on
    10 July 2025. CPC 478: "Le jugement rendu par défaut ou le jugement réputé
    contradictoire au seul motif qu'il est susceptible d'appel doit être notifié dans les
    six mois de sa date ; à défaut, il est non avenu": the last day is 10 January 2026."""
    return Claim(
        id="F-9",
        creditor=ACME,
        debtor=MARTIN,
        nature="commercial",
        amount="1500",
        issued_on="2025-01-15",
        due_on="2025-02-14",
        events=(
            LegalAction(kind="summons", filed_on="2025-05-02", served_on="2025-05-05"),
            Judgment(on="2025-07-10", **judgment),
        ),
    )


def test_a_judgment_by_default_is_served_before_its_six_months() -> None:
    decision = next_action(_judged(by_default=True), as_of="2025-09-01")
    assert decision.action is Action.ENFORCEMENT
    assert decision.step == "serve_judgment"
    assert decision.deadline == pendulum.Date(2026, 1, 10)


def test_unserved_after_six_months_it_is_non_avenu_reiterate_the_summons() -> None:
    decision = next_action(_judged(by_default=True), as_of="2026-01-11")
    assert decision.action is Action.SUMMONS
    assert decision.step == "reiterate_summons"
    assert decision.deadline is None  # no past deadline to serve by
    assert decision.reasons[0].code == "legal.judgment_non_avenu"
    assert str(decision.reasons[0].citation) == "CPC 478"
    assert "deemed contradictory only because it may be appealed" in decision.reasons[0].message
    assert all(r.code != "title.judgment" for r in decision.reasons)


def test_served_too_late_it_is_no_title() -> None:
    late = _judged(by_default=True, served_on="2026-02-01")
    decision = next_action(late, as_of="2026-03-01")
    assert decision.action is Action.SUMMONS
    assert decision.step == "reiterate_summons"
    assert "served late, on 2026-02-01" in decision.reasons[0].message
    in_time = _judged(by_default=True, served_on="2026-01-09")
    assert next_action(in_time, as_of="2026-03-01").action is Action.ENFORCEMENT


def test_once_the_summons_is_reiterated_the_new_action_is_followed() -> None:
    claim = _judged(by_default=True)
    again = attrs.evolve(
        claim, events=(*claim.events, LegalAction(kind="summons", filed_on="2026-01-20"))
    )
    decision = next_action(again, as_of="2026-02-01")
    assert decision.action is Action.WAIT
    assert decision.reasons[0].code == "legal.pending"


def test_an_adversarial_or_unrecorded_judgment_is_still_to_be_served() -> None:
    adversarial = next_action(_judged(by_default=False), as_of="2026-03-01")
    assert adversarial.action is Action.ENFORCEMENT
    assert adversarial.step == "serve_judgment"
    unknown = next_action(_judged(), as_of="2026-03-01")
    assert unknown.step == "serve_judgment"
    assert "record `by_default`" in unknown.reasons[1].message


# -- point 14: a judgment ordering future rents, attached to a later rent instalment --------

BAILLEUR = Creditor(id="SCI", name="SCI Les Tilleuls", kind="professional")
LOCATAIRE = Debtor(id="LOC", name="Jean Locataire", kind="individual")
# March 2025: the tenant is ordered to pay the arrears and the rents to fall due until he
# leaves (condamnation au paiement des loyers à échoir); served on 20 March.
MARCH = Judgment(on="2025-03-12", served_on="2025-03-20", covers_future_instalments=True)


def _april_rent(*events: Any, **fields: Any) -> Claim:
    values: dict[str, Any] = {
        "id": "LOYER-2025-04",
        "creditor": BAILLEUR,
        "debtor": LOCATAIRE,
        "nature": "residential_rent",
        "amount": "850",
        "issued_on": "2025-04-01",
        "due_on": "2025-04-05",
        "events": events,
    }
    values.update(fields)
    return Claim(**values)


def test_a_judgment_ordering_future_rents_attaches_to_a_later_instalment() -> None:
    claim = _april_rent(MARCH)
    assert claim.events == (MARCH,)
    assert Claim.from_dict(claim.to_dict()) == claim


def test_every_other_event_before_issue_is_still_refused() -> None:
    with pytest.raises(InvalidClaim, match="covers_future_instalments"):
        _april_rent(Judgment(on="2025-03-12", served_on="2025-03-20"))
    with pytest.raises(InvalidClaim, match="before the claim was issued"):
        _april_rent(Reminder(on="2025-03-25", channel="letter"))
    with pytest.raises(InvalidClaim, match="before the claim was issued"):
        _april_rent(LegalAction(kind="summons", filed_on="2025-02-01"))
    with pytest.raises(InvalidClaim, match="before the claim was issued"):
        _april_rent(MARCH, payments=[Payment(on="2025-03-30", amount="850")])


def test_the_instalment_under_the_judgment_goes_to_enforcement() -> None:
    claim = _april_rent(MARCH)
    assert next_action(claim, as_of="2025-04-03").action is Action.NONE  # not due yet
    decision = next_action(claim, as_of="2025-04-20")
    assert decision.action is Action.ENFORCEMENT
    assert decision.reasons[0].code == "title.judgment"


def test_an_unserved_judgment_for_future_rents_is_served_first() -> None:
    unserved = Judgment(on="2025-03-12", by_default=True, covers_future_instalments=True)
    decision = next_action(_april_rent(unserved), as_of="2025-04-20")
    assert decision.action is Action.ENFORCEMENT
    assert decision.step == "serve_judgment"
    assert decision.deadline == pendulum.Date(2025, 9, 12)  # CPC 478, six months


def test_the_instalment_keeps_its_own_prescription_from_its_due_date() -> None:
    # CPCE L111-4 and Cass. 1re civ., 8 Jun 2016, n° 15-19.614: the judgment is enforceable
    # for 10 years, but an instalment falling due after it keeps its own period (3 years for
    # a residential rent, loi 89-462 art. 7-1) from its due date.
    found = prescription_deadline(_april_rent(MARCH), as_of="2025-04-20")
    assert found.deadline == pendulum.Date(2028, 4, 5)
    assert "prescription.title.periodic" in [r.code for r in found.reasons]
    # Even for a nature not listed as periodic: the judgment makes it a periodic sum.
    other = _april_rent(MARCH, nature="civil")
    assert "prescription.title.periodic" in [
        r.code for r in prescription_deadline(other, as_of="2025-04-20").reasons
    ]


def test_interest_on_the_instalment_runs_from_its_due_date_not_the_judgment() -> None:
    due = amounts_due(_april_rent(MARCH), as_of="2025-04-20")
    codes = [r.code for r in due.interest_reasons]
    assert "interest.judgment_future" in codes
    assert "interest.judgment_fallback" not in codes
    assert due.detail.periods[0].start == pendulum.Date(2025, 4, 6)


# -- point 4: a partial dispute -------------------------------------------------------------


def _disputed(amount: str = "400") -> Claim:
    """A 1,500 EUR invoice due 14 February 2025; on 20 February the debtor disputes 400 EUR
    of it (a short delivery), the rest is not contested."""
    return Claim(
        id="F-4",
        creditor=ACME,
        debtor=MARTIN,
        nature="commercial",
        amount="1500",
        issued_on="2025-01-15",
        due_on="2025-02-14",
        events=(Dispute(opened_on="2025-02-20", amount=amount),),
    )


def test_a_partial_dispute_shows_one_undisputed_amount_everywhere() -> None:
    claim = _disputed()
    decision = next_action(claim, as_of="2025-03-03")
    assert decision.action is Action.REMINDER
    assert any(r.code == "guard.dispute.partial" for r in decision.reasons)
    amounts = decision.amounts
    assert amounts is not None
    assert amounts.principal == Money("1100.00")
    assert amounts.disputed == Money("400.00")
    # Interest runs on the undisputed 1,100 EUR only (C. com. L441-10 II).
    assert amounts == amounts_due(claim, as_of="2025-03-03", disputed=Money("400"))
    assert amounts.interest < amounts_due(claim, as_of="2025-03-03").interest
    # The letter asks for the same total and names the disputed part.
    notice = render_notice(decision, claim, locale="fr_FR")
    text = _plain(notice.text)
    assert _plain(format_money(amounts.total, locale="fr_FR")) == "1 146,74 €"
    assert "Le montant restant dû s'élève à 1 146,74 €, ainsi détaillé :" in text
    assert "restant dû 1 100,00 €\n  - Montant contesté : 400,00 €, non réclamé" in text
    # A firmer letter details the same total.
    firm = render_notice(attrs.evolve(decision, tone=Tone.FIRM), claim, locale="fr_FR")
    assert "Total : 1 146,74 €" in _plain(firm.text)
    assert "Principal : 1 100,00 €" in _plain(firm.text)
    assert "Montant contesté : 400,00 €, non réclamé" in _plain(firm.text)
    # The report (a decision record, the CLI's rows) shows the same amounts.
    record = decision_record(decision, claim)
    assert record["total_due"] == format(amounts.total.amount, "f")
    assert record["principal"] == "1100.00"
    assert record["disputed"] == "400.00"


def test_the_english_letter_names_the_disputed_part_too() -> None:
    claim = _disputed()
    notice = render_notice(next_action(claim, as_of="2025-03-03"), claim, locale="en_GB")
    assert "Amount disputed: €400.00, not claimed while the dispute is open" in notice.text


def test_the_legal_route_weighs_the_undisputed_amount() -> None:
    ladder = (
        Reminder(on="2025-02-19", channel="email", step="courteous"),
        Reminder(on="2025-03-01", channel="phone", step="firm"),
        Reminder(on="2025-03-11", channel="letter", step="written"),
        FormalNotice(on="2025-03-21", cure_days=8),
    )
    claim = _disputed()
    claim = attrs.evolve(claim, events=(*claim.events, *ladder))
    decision = next_action(claim, as_of="2025-06-30")
    assert decision.action is Action.SMALL_CLAIMS_PROCEDURE
    assert decision.amounts is not None
    assert decision.amounts.principal == Money("1100.00")


def test_when_the_dispute_closes_the_whole_claim_is_chased_again() -> None:
    claim = _disputed()
    closed = attrs.evolve(
        claim,
        events=(
            Dispute(
                opened_on="2025-02-20", amount="400", closed_on="2025-03-10", outcome="rejected"
            ),
        ),
    )
    decision = next_action(closed, as_of="2025-03-20")
    assert decision.amounts is not None
    assert decision.amounts.disputed is None
    assert decision.amounts.principal == Money("1500.00")


def test_a_whole_dispute_is_resolved_first() -> None:
    whole = attrs.evolve(_disputed(), events=(Dispute(opened_on="2025-02-20"),))
    assert next_action(whole, as_of="2025-03-03").action is Action.RESOLVE_DISPUTE


def test_a_disputed_part_must_be_below_the_principal() -> None:
    claim = _disputed()
    with pytest.raises(InvalidValue, match="below the principal outstanding"):
        amounts_due(claim, as_of="2025-03-03", disputed=Money("1500"))
    with pytest.raises(InvalidValue, match="currency"):
        amounts_due(claim, as_of="2025-03-03", disputed=Money("10", "USD"))


_DETAILS = CreditorDetails(
    agency=Organisation(name="Recouvra SAS", address="2 rue Vieille\n69001 Lyon"),
    commissaire=Organisation(name="Me Huissier", address="3 place du Palais\n75001 Paris"),
)


@settings(max_examples=40, deadline=None)
@given(claims(currency="EUR", max_events=3), st.integers(1, 99), st.integers(0, 400))
def test_any_partial_dispute_one_amount_in_decision_letter_and_report(
    claim: Claim, percent: int, days: int
) -> None:
    day = claim.due_on.add(days=days)
    opened = max(claim.issued_on, claim.due_on)
    balance = claim.outstanding(as_of=day).amount
    part = (balance * percent / 100).quantize(Decimal("0.01"))
    assume(Decimal(0) < part < balance)
    events = [e for e in claim.events if not isinstance(e, Dispute)]
    disputed = attrs.evolve(
        claim,
        creditor=attrs.evolve(claim.creditor, address="1 rue Neuve\n75002 Paris"),
        events=(*events, Dispute(opened_on=opened, amount=part)),
    )
    decision = next_action(disputed, as_of=day)
    assume(decision.amounts is not None)
    assert decision.amounts is not None
    partial = any(r.code == "guard.dispute.partial" for r in decision.reasons)
    event(f"partial dispute chased: {partial}")
    if partial:
        assert decision.amounts.disputed == Money(part).round()
        assert decision.amounts.principal.amount == balance - part
    record = decision_record(decision, disputed)
    assert record["total_due"] == format(decision.amounts.total.amount, "f")
    assume(notice_kind(decision.action) is not None)
    notice = render_notice(decision, disputed, locale="en_GB", creditor_details=_DETAILS)
    event(f"letter: {notice.kind.value}")
    total = format_money(decision.amounts.total, locale="en_GB")
    assert total in notice.text
    if decision.amounts.disputed is not None:
        assert format_money(decision.amounts.disputed, locale="en_GB") in notice.text


def test_accessories_below_the_policy_minimum_are_not_chased() -> None:
    strict = attrs.evolve(EscalationPolicy.default(), min_amount=Decimal("60"))
    decision = next_action(_paid_late(), as_of="2025-03-31", policy=strict)
    assert decision.action is Action.CLOSE
    assert [r.code for r in decision.reasons] == ["guard.accessories_below_minimum"]
    assert "50.81 EUR" in decision.reasons[0].message


def test_when_the_accessories_cannot_be_computed_it_never_says_settled() -> None:
    # Far beyond the last published rate (RateNotPublished): a principal paid late may
    # still carry accessories, so the claim is not declared settled.
    decision = next_action(_paid_late(), as_of="2031-01-06")
    assert decision.action is Action.NONE
    assert [r.code for r in decision.reasons] == [
        "guard.accessories_unknown",
        "amounts.unavailable",
    ]
    on_time = attrs.evolve(_paid_late(), payments=(Payment(on="2025-02-01", amount="1000"),))
    assert next_action(on_time, as_of="2031-01-06").action is Action.CLOSE
    waive = attrs.evolve(EscalationPolicy.default(), waive_accessories=True)
    waived = next_action(_paid_late(), as_of="2031-01-06", policy=waive)
    assert waived.action is Action.CLOSE
    assert waived.reasons[0].code == "guard.accessories_waived"


def _hundred(country: str, *moves: Payment | CreditNote) -> Claim:
    """100 EUR between professionals under ``country``'s law, issued 1 January 2025 and due
    on 31 January, with these payments and credit notes."""
    return Claim(
        id="O-1",
        creditor=attrs.evolve(ACME, country=country),
        debtor=attrs.evolve(MARTIN, country=country),
        nature="commercial",
        amount="100",
        issued_on="2025-01-01",
        due_on="2025-01-31",
        payments=[m for m in moves if isinstance(m, Payment)],
        credit_notes=[m for m in moves if isinstance(m, CreditNote)],
        jurisdiction=country,
    )


# -- "interest stops on the day the principal was paid in full": only that day -------------


@pytest.mark.parametrize("country", ["FR", "DE"])
def test_an_overpayment_after_payment_in_full_is_not_when_interest_stopped(country: str) -> None:
    """100 EUR due 31 January 2025, paid in full on 15 January, then 10 EUR more on 1 March
    (an overpayment): no interest ever ran, and no reason may say it stopped on 1 March,
    "the day the principal was paid in full"."""
    claim = _hundred(
        country, Payment(on="2025-01-15", amount="100"), Payment(on="2025-03-01", amount="10")
    )
    detail = amounts_due(claim, as_of="2025-06-30").detail
    assert detail.interest.amount == 0
    assert not [r for r in detail.reasons if r.code == "interest.stopped_paid"]


@pytest.mark.parametrize("country", ["FR", "DE"])
def test_paid_in_full_late_then_overpaid_interest_stops_on_the_full_payment(country: str) -> None:
    claim = _hundred(
        country, Payment(on="2025-02-10", amount="100"), Payment(on="2025-03-01", amount="10")
    )
    detail = amounts_due(claim, as_of="2025-06-30").detail
    stopped = [r.message for r in detail.reasons if r.code == "interest.stopped_paid"]
    assert stopped == ["Interest stops on 2025-02-10, the day the principal was paid in full"]
    assert detail.periods[-1].end == pendulum.Date(2025, 2, 10)


@st.composite
def _covered(draw: st.DrawFn) -> tuple[Claim, Any]:
    """A claim whose principal is covered by a payment or a credit note, perhaps after a
    part payment and before an overpayment, and a day after it (up to the last published
    half-year of the packaged rate tables)."""
    issued = draw(st.dates(pendulum.Date(2016, 1, 1), pendulum.Date(2025, 6, 30)))
    due = issued + pendulum.duration(days=draw(st.integers(0, 60)))
    cents = draw(st.integers(100, 1_000_000))
    amount = Decimal(cents) / 100
    day = issued
    payments: list[Payment] = []
    notes: list[CreditNote] = []
    left = amount
    for _ in range(draw(st.integers(0, 2))):  # part payments
        part = (
            Decimal(draw(st.integers(1, int(left * 100) - 1))) / 100
            if left > Decimal("0.01")
            else None
        )
        if part is None:
            break
        day = day + pendulum.duration(days=draw(st.integers(0, 90)))
        payments.append(Payment(on=day, amount=part))
        left -= part
    for _ in range(draw(st.integers(1, 2))):  # what covers the rest, then an overpayment
        day = day + pendulum.duration(days=draw(st.integers(0, 90)))
        if draw(st.booleans()):
            payments.append(Payment(on=day, amount=left))
        else:
            notes.append(CreditNote(on=day, amount=left))
        left = Decimal(draw(st.integers(1, 5000))) / 100
    as_of = min(day + pendulum.duration(days=draw(st.integers(0, 400))), pendulum.Date(2026, 6, 30))
    claim = Claim(
        id="C-1",
        creditor=ACME,
        debtor=draw(st.sampled_from([MARTIN, Debtor(id="P", name="Paul", kind="individual")])),
        nature=draw(st.sampled_from(["commercial", "consumer", "civil"])),
        amount=amount,
        issued_on=issued,
        due_on=due,
        payments=payments,
        credit_notes=notes,
        events=[FormalNotice(on=due + pendulum.duration(days=draw(st.integers(1, 30))))]
        if draw(st.booleans())
        else [],
    )
    return claim, as_of


@given(case=_covered())
@settings(max_examples=300)
def test_interest_stops_only_on_the_day_the_principal_was_covered(case: tuple[Claim, Any]) -> None:
    """The day a reason names as the one the principal was paid (or settled) in full is the
    day the payments and credit notes first covered it (`Claim.settled_on`), and interest
    ran until then: to that day after a payment (it counts from the day after), to the day
    before after a credit note (it counts from its own day)."""
    claim, day = case
    detail = amounts_due(claim, as_of=day).detail
    stopped = [r for r in detail.reasons if r.code == "interest.stopped_paid"]
    event("stopped" if stopped else "not stopped")
    if stopped:
        settled = claim.settled_on()
        assert settled is not None
        message = stopped[0].message
        last = pendulum.Date.fromisoformat(message.removeprefix("Interest stops on ")[:10])
        if "settled in full on" in message:
            event("by a credit note")
            assert f"settled in full on {settled.isoformat()} " in message
            assert last.toordinal() == settled.toordinal() - 1
        else:
            assert message.endswith(", the day the principal was paid in full")
            assert last == settled
        assert detail.periods
        assert detail.periods[-1].end == last


@pytest.mark.parametrize(
    ("country", "said"),
    [
        (
            "FR",
            "Interest stops on 2025-02-19, the day before the principal was settled in full on "
            "2025-02-20 (a credit note counts from its own day)",
        ),
        (
            "DE",
            "Interest stops on 2025-02-19, the day before the principal was paid or credited "
            "in full on 2025-02-20",
        ),
    ],
)
def test_a_credit_note_settling_the_rest_is_named_on_its_own_day(country: str, said: str) -> None:
    """60 EUR paid on 10 February, the 40 EUR left credited on 20 February: interest runs
    until the 19th, and the principal was settled on the 20th, not the 19th."""
    claim = _hundred(
        country, Payment(on="2025-02-10", amount="60"), CreditNote(on="2025-02-20", amount="40")
    )
    detail = amounts_due(claim, as_of="2025-06-30").detail
    assert [r.message for r in detail.reasons if r.code == "interest.stopped_paid"] == [said]
    assert detail.periods[-1].end == pendulum.Date(2025, 2, 19)


def test_german_interest_without_the_payment_day_names_the_payment_day() -> None:
    """With ``payment_day_counts=False`` the payment day bears no interest: interest stops the
    day before the principal was paid in full, and the reason says both days."""
    from recouvrement.jurisdictions.de.interest import late_interest_de

    claim = _hundred("DE", Payment(on="2025-02-10", amount="100"))
    detail = late_interest_de(
        claim,
        pendulum.Date(2025, 6, 30),
        interest_first=False,
        actual_actual=False,
        payment_day_counts=False,
    )
    assert [r.message for r in detail.reasons if r.code == "interest.stopped_paid"] == [
        "Interest stops on 2025-02-09, the day before the principal was paid or credited in "
        "full on 2025-02-10"
    ]


# -- sentences about the past that must follow from the recorded history (an audit) -------


def test_a_public_body_recourse_is_pending_until_a_decision_dated_on_or_before_as_of() -> None:
    mairie = Debtor(id="M", name="Mairie", kind="public_body")
    known = Claim(
        id="P-1",
        creditor=ACME,
        debtor=mairie,
        nature="commercial",
        amount="100",
        issued_on="2020-03-01",
        due_on="2020-03-31",
        events=[LegalAction(kind="payment_order", filed_on="2023-05-01")],
    )
    later = attrs.evolve(known, events=(*known.events, Judgment(on="2026-01-10")))
    found = prescription_deadline(later, as_of="2025-12-31")
    assert found == prescription_deadline(known, as_of="2025-12-31")
    assert not found.running
    assert all("2026-01-10" not in r.message for r in found.reasons)


@pytest.mark.parametrize("notice_first", [True, False])
def test_a_notice_after_an_insolvency_is_named_whatever_the_order_recorded(
    notice_first: bool,
) -> None:
    from recouvrement.events import InsolvencyProceeding
    from recouvrement.interest import late_interest

    opened = InsolvencyProceeding(kind="liquidation", opened_on="2025-03-01")
    notice = FormalNotice(on="2025-04-15")
    claim = Claim(
        id="I-1",
        creditor=ACME,
        debtor=Debtor(id="P", name="Paul", kind="individual"),
        nature="consumer",
        amount="1000",
        issued_on="2025-01-01",
        due_on="2025-01-31",
        events=[notice, opened] if notice_first else [opened, notice],
    )
    found = late_interest(claim, as_of="2025-06-30")
    codes = [r.code for r in found.reasons]
    assert "interest.no_formal_notice" not in codes
    assert "interest.formal_notice" not in codes  # it starts no interest
    said = [r.message for r in found.reasons if r.code == "interest.formal_notice_after_stop"]
    assert said == [
        "The formal notice of 2025-04-15 came after the insolvency proceeding opened on "
        "2025-03-01, which stops interest on claims born before it: no interest runs"
    ]
    assert found.interest.amount == 0


def test_german_interest_stops_at_the_earliest_insolvency_whatever_the_order() -> None:
    from recouvrement.events import InsolvencyProceeding
    from recouvrement.interest import late_interest

    def claim(*events: Any) -> Claim:
        return Claim(
            id="I-2",
            creditor=attrs.evolve(ACME, country="DE"),
            debtor=attrs.evolve(MARTIN, country="DE"),
            nature="commercial",
            amount="1000",
            issued_on="2025-01-01",
            due_on="2025-01-31",
            events=list(events),
            jurisdiction="DE",
        )

    early = InsolvencyProceeding(kind="safeguard", opened_on="2025-03-01")
    late = InsolvencyProceeding(kind="liquidation", opened_on="2025-05-01")
    both = late_interest(claim(late, early), as_of="2025-06-30")
    assert both.interest == late_interest(claim(early), as_of="2025-06-30").interest
    assert both.periods[-1].end == pendulum.Date(2025, 2, 28)
    said = [r.message for r in both.reasons if r.code == "interest.de.insolvency"]
    assert said[0].startswith("Insolvency proceedings opened on 2025-03-01:")


def test_accessories_asked_for_by_email_are_not_said_asked_for_by_letter() -> None:
    claim = attrs.evolve(
        _paid_late(),
        events=(
            Reminder(on="2025-03-05", channel="email", step="accessories"),
            FormalNotice(on="2025-03-25"),
        ),
    )
    decision = next_action(claim, as_of="2025-06-30")
    unpaid = [r.message for r in decision.reasons if r.code == "guard.accessories_unpaid"]
    assert unpaid
    assert unpaid[0].startswith("The accessories were asked for by e-mail and by formal notice")


def test_an_overpayment_is_not_said_applied_to_accessories_when_none_is_owed() -> None:
    claim = Claim(
        id="E-1",
        creditor=ACME,
        debtor=MARTIN,
        nature="commercial",
        amount="100",
        issued_on="2025-01-01",
        due_on="2025-01-31",
        payments=[Payment(on="2025-01-10", amount="150")],
    )
    due = amounts_due(claim, as_of="2025-06-30")
    assert due.overpaid.amount == 50
    assert "interest.paid_by_excess" not in [r.code for r in due.interest_reasons]
    late = attrs.evolve(claim, payments=(Payment(on="2025-03-03", amount="1150"),))
    paid = amounts_due(late, as_of="2025-06-30")  # the excess did pay the accessories
    assert "interest.paid_by_excess" in [r.code for r in paid.interest_reasons]


def test_a_principal_settled_by_a_credit_note_is_not_said_paid() -> None:
    claim = attrs.evolve(
        _paid_late(), payments=(), credit_notes=(CreditNote(on="2025-03-03", amount="1000"),)
    )
    decision = next_action(claim, as_of="2025-03-31")
    owed = [r.message for r in decision.reasons if r.code == "guard.accessories_owed"]
    assert owed
    assert owed[0].startswith("Principal settled late, but ")


def test_a_dispute_of_the_whole_claim_is_dated_from_when_the_whole_was_disputed() -> None:
    claim = Claim(
        id="D-1",
        creditor=ACME,
        debtor=MARTIN,
        nature="commercial",
        amount="1000",
        issued_on="2025-01-01",
        due_on="2025-01-31",
        events=[Dispute(opened_on="2025-02-01", amount="100"), Dispute(opened_on="2025-04-01")],
    )
    decision = next_action(claim, as_of="2025-06-30")
    assert decision.action is Action.RESOLVE_DISPUTE
    assert decision.reasons[0].message.startswith(
        "Dispute open since 2025-04-01 on the whole claim"
    )


def test_a_part_paid_instalment_is_not_said_unpaid_nor_escalation_now_under_a_promise() -> None:
    """A plan instalment of 500 EUR part paid (200 EUR), then a promise still pending: the
    decision waits for the promise, and no reason says the instalment "was not paid" or
    that escalation resumes "now"."""
    from recouvrement.events import Instalment, PaymentPlan, PaymentPromise

    claim = attrs.evolve(
        _paid_late(),
        payments=(Payment(on="2025-04-14", amount="200"),),
        events=(
            PaymentPlan(
                agreed_on="2025-04-05",
                instalments=[
                    Instalment(due_on="2025-04-15", amount="500"),
                    Instalment(due_on="2025-05-15", amount="500"),
                ],
            ),
            PaymentPromise(on="2025-04-25", promised_for="2025-05-05"),
        ),
    )
    decision = next_action(claim, as_of="2025-04-28")
    assert decision.action is Action.WAIT
    said = [r.message for r in decision.reasons]
    broken = [m for m in said if m.startswith("Payment plan of 2025-04-05 broken")]
    assert broken
    assert "are not covered (200 EUR paid of 500 EUR due)" in broken[0]
    assert all("was not paid" not in m and ", now" not in m for m in said)
