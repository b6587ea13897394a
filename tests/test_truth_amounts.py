"""Issue #13, amounts that agree: points 3 (accessories), 4 (partial dispute), 9 (CPC 478)
and 14 (a judgment ordering future rents)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs
import pendulum
import pytest

from recouvrement.claims import Claim, Payment
from recouvrement.decisions import Action, next_action
from recouvrement.errors import InvalidClaim
from recouvrement.events import Judgment, LegalAction, Reminder
from recouvrement.interest import amounts_due
from recouvrement.notices import render_notice
from recouvrement.parties import Creditor, Debtor
from recouvrement.policy import EscalationPolicy
from recouvrement.prescription import prescription_deadline

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


def test_after_the_accessories_reminder_wait_then_ask_again() -> None:
    claim = attrs.evolve(
        _paid_late(), events=(Reminder(on="2025-03-31", channel="letter", step="accessories"),)
    )
    waiting = next_action(claim, as_of="2025-04-10")
    assert waiting.action is Action.WAIT
    assert waiting.on == claim.events[0].date.add(days=EscalationPolicy.default().review_days)
    again = next_action(claim, as_of=waiting.on)
    assert again.action is Action.REMINDER
    assert again.step == "accessories"


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
