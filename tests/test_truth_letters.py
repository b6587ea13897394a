"""Issue #13, points 8 and 13: the suspension letter, the creditor's identifiers, "1er".

Point 8: a suspension of deliveries is announced by letter, so it has one (French law:
exception d'inexécution, C. civ. 1219-1220, read on legifrance.gouv.fr; German law § 320 BGB;
Belgian law: book 5 of the Civil Code). Point 13: business letters carry the identifiers of a
company registered in France (C. com. R123-237, to confirm: an explicit option), and French
dates say "1er" for the first of the month.
"""

from __future__ import annotations

import re
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recouvrement import jurisdictions
from recouvrement.actions import ACTIONS, Action
from recouvrement.claims import Claim, CreditNote, Payment
from recouvrement.decisions import Decision, next_action
from recouvrement.errors import InvalidData, InvalidParty, InvalidType, InvalidValue
from recouvrement.events import FormalNotice, Reminder
from recouvrement.interest import amounts_due
from recouvrement.money import Money, format_money
from recouvrement.notices import (
    CreditorDetails,
    MissingMention,
    NoticeKind,
    NoticeNotAvailable,
    NoticeTemplate,
    load_template,
    mandatory_mentions,
    notice_for_claim,
    notice_kind,
    render_debtor_notice,
    render_notice,
)
from recouvrement.parties import Creditor, Debtor
from recouvrement.policy import Tone
from recouvrement.sample import sample_claim

from .test_notices import DETAILS, _check_golden, decision

#: The reminders the habitually-late track records before its suspension step
#: (tests/test_decisions.py::test_habitually_late_track_skips_courtesy).
_TRACK = (
    Reminder(on="2025-02-17", channel="phone", step="firm"),
    Reminder(on="2025-02-24", channel="registered_letter", step="registered"),
)


def _late_payer() -> Claim:
    return attrs.evolve(sample_claim(), events=_TRACK)


def _suspension() -> tuple[Claim, Decision]:
    claim = _late_payer()
    d = next_action(claim, as_of="2025-03-03", profile="habitually_late")
    assert d.action is Action.SUSPEND_DELIVERIES
    return claim, d


# -- 8. the suspension of deliveries has its letter -----------------------------------------------


def test_suspension_decision_renders_its_letter_with_its_basis() -> None:
    # The habitually-late track (default policy): firm call, registered letter, then
    # "suspend deliveries until the arrears are paid, and say so" on 3 March 2025.
    claim, d = _suspension()
    assert notice_kind(d.action) is NoticeKind.SUSPENSION_NOTICE
    fr = render_notice(d, claim, locale="fr_FR", creditor_details=DETAILS)
    assert fr.kind is NoticeKind.SUSPENSION_NOTICE
    assert fr.subject == "Suspension de nos livraisons : facture F-2025-0042"
    assert "Le 3 mars 2025" in fr.text
    assert "exception d'inexécution (article 1219 du Code civil)" in fr.text
    assert "notifie cette suspension (article 1220 du Code civil)" in fr.text
    assert "notre contrat n'est pas résilié" in fr.text  # a contractual measure
    assert amounts_due(claim, as_of="2025-03-03").total == d.amounts.total  # type: ignore[union-attr]
    total = format_money(d.amounts.total, locale="fr_FR")  # type: ignore[union-attr]
    assert f"reprendront dès réception du paiement de {total}" in fr.text
    # the history on record: two reminders before the letter
    assert "Malgré nos rappels des 17 février 2025 et 24 février 2025" in fr.text
    en = render_notice(d, claim, locale="en_GB", creditor_details=DETAILS)
    assert "exception for non-performance (Article 1219 of the French Civil Code)" in en.text
    assert "Article 1220" in en.text
    assert notice_for_claim(
        claim, as_of="2025-03-03", profile="habitually_late", creditor_details=DETAILS
    ) == render_notice(d, claim, creditor_details=DETAILS)


def test_suspension_letter_claims_no_reminder_that_is_not_on_record() -> None:
    claim = attrs.evolve(sample_claim(), events=())
    d = decision("SUSPEND_DELIVERIES", claim, on=pendulum.Date(2025, 3, 3))
    for locale in ("fr_FR", "en_GB"):
        text = render_notice(d, claim, locale=locale).text
        assert not re.search(r"malgré|despite|rappel du|reminder of", text, re.IGNORECASE)


@pytest.mark.parametrize("locale", ["fr_FR", "en_GB"])
def test_golden_suspension_notice(locale: str) -> None:
    claim = sample_claim()
    notice = render_notice(
        decision("SUSPEND_DELIVERIES", claim), claim, locale=locale, creditor_details=DETAILS
    )
    _check_golden(f"notice_suspension_notice.{locale}.txt", notice)


def test_every_action_that_reaches_the_debtor_has_a_letter_everywhere() -> None:
    # "announced by letter": every communication action (and every action with a notice)
    # has a template in each locale of each jurisdiction, with its mandatory mentions.
    for action, spec in ACTIONS.items():
        if spec.communication:
            assert notice_kind(action) is not None, action
    for code in jurisdictions.available():
        law = jurisdictions.get(code)
        for locale in law.locales:
            template = load_template(NoticeKind.SUSPENSION_NOTICE, locale, jurisdiction=code)
            assert template.kind is NoticeKind.SUSPENSION_NOTICE


def test_the_mandatory_basis_of_the_french_suspension_letter() -> None:
    bases = {m.id: m.basis for m in mandatory_mentions("suspension_notice")}
    assert bases["legal_basis"] == "C. civ. 1219"
    assert bases["effective_date"] == "C. civ. 1220"
    packaged = load_template("suspension_notice", "fr_FR")
    assert packaged.text is not None
    without = packaged.text.replace("1219", "XXXX")
    with pytest.raises(MissingMention) as caught:
        NoticeTemplate(
            kind="suspension_notice", locale="fr_FR", subject=packaged.subject, text=without
        )
    assert caught.value.mention == "legal_basis"
    assert caught.value.basis == "C. civ. 1219"


def _abroad(code: str, country: str) -> Claim:
    return Claim(
        id=f"{code}-1",
        creditor={"id": "C", "name": "Lieferant", "kind": "professional", "country": country},
        debtor={"id": "D", "name": "Kunde", "kind": "professional", "country": country},
        nature="commercial",
        amount="10000",
        issued_on="2025-01-02",
        due_on="2025-02-01",
        jurisdiction=code,
    )


@pytest.mark.parametrize(
    ("code", "locale", "basis"),
    [
        ("DE", "de_DE", "(Einrede des nicht erfüllten Vertrags, § 320 BGB)"),
        ("BE", "fr_BE", "exception d'inexécution (Code civil, livre 5 « Les obligations »)"),
        (
            "BE",
            "nl_BE",
            'exceptie van niet-uitvoering (Burgerlijk Wetboek, boek 5 "Verbintenissen")',
        ),
    ],
)
def test_suspension_letter_under_german_and_belgian_law(code: str, locale: str, basis: str) -> None:
    claim = _abroad(code, code)
    d = decision("SUSPEND_DELIVERIES", claim, on=pendulum.Date(2025, 3, 3))
    notice = render_notice(d, claim, locale=locale)
    assert notice.kind is NoticeKind.SUSPENSION_NOTICE
    assert basis in notice.text
    assert "1219" not in notice.text  # never the French article under another law
    assert format_money(d.amounts.total, locale=locale) in notice.text


def test_debtor_letter_ranks_suspension_between_plan_offer_and_formal_notice() -> None:
    a = sample_claim()
    b = attrs.evolve(a, id="F-2025-0077", amount=Money("320.00"), reference=None)
    on = pendulum.Date(2025, 3, 3)
    pairs = [(decision("SUSPEND_DELIVERIES", a, on=on), a), (decision("REMINDER", b, on=on), b)]
    assert render_debtor_notice(pairs).kind is NoticeKind.SUSPENSION_NOTICE
    pairs[1] = (decision("PAYMENT_PLAN_OFFER", b, on=on), b)
    assert render_debtor_notice(pairs).kind is NoticeKind.SUSPENSION_NOTICE
    pairs[1] = (decision("FORMAL_NOTICE", b, on=on), b)
    assert render_debtor_notice(pairs).kind is NoticeKind.FORMAL_NOTICE


# -- 13. the creditor's identifiers ------------------------------------------------------------

COMPANY = CreditorDetails(
    iban="FR7630006000011234567890189",
    rcs_city="Lyon",
    legal_form="SAS",
    share_capital=Money("50000"),
    require_company_mentions=True,
)


def test_letter_header_carries_legal_form_capital_and_rcs() -> None:
    # The sample creditor: Acme Outillage SAS, SIREN 732 829 320, registered in Lyon.
    claim = sample_claim()
    d = decision("FORMAL_NOTICE", claim)
    fr = render_notice(d, claim, locale="fr_FR", creditor_details=COMPANY)
    header = fr.text.split("\n\n")[0].split("\n")
    assert header == [
        "Acme Outillage SAS",
        "12 rue des Forges",
        "69007 Lyon",
        "SAS au capital de 50\u202f000\xa0€ — RCS Lyon 732 829 320",
    ]
    en = render_notice(d, claim, locale="en_GB", creditor_details=COMPANY)
    assert "SAS with a share capital of €50,000 — RCS Lyon 732 829 320" in en.text
    assert "RCS Lyon 732 829 320" in fr.html
    # every kind of letter carries them
    for action in ("REMINDER", "PAYMENT_PLAN_OFFER", "SUSPEND_DELIVERIES"):
        text = render_notice(decision(action, claim), claim, creditor_details=COMPANY).text
        assert "RCS Lyon 732 829 320" in text


def test_capital_with_cents_is_printed_exactly() -> None:
    claim = sample_claim()
    details = attrs.evolve(COMPANY, share_capital=Money("37000.50"))
    text = render_notice(decision("REMINDER", claim), claim, creditor_details=details).text
    assert "SAS au capital de 37\u202f000,50\xa0€" in text


def test_a_siret_prints_its_siren_in_the_rcs_number() -> None:
    claim = sample_claim()
    siret = attrs.evolve(claim.creditor, siren="73282932000074")
    claim = attrs.evolve(claim, creditor=siret)
    text = render_notice(decision("REMINDER", claim), claim, creditor_details=COMPANY).text
    assert "RCS Lyon 732 829 320" in text


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"creditor": {"siren": None}}, "claim.creditor.siren"),
        ({"details": {"rcs_city": None}}, "creditor_details.rcs_city"),
        ({"creditor": {"address": None}}, "claim.creditor.address"),
        ({"details": {"legal_form": None, "share_capital": None}}, "creditor_details.legal_form"),
        ({"details": {"share_capital": None}}, "creditor_details.share_capital"),
    ],
)
def test_required_company_mentions_name_the_missing_field(
    change: dict[str, dict[str, Any]], field: str
) -> None:
    claim = sample_claim()
    claim = attrs.evolve(claim, creditor=attrs.evolve(claim.creditor, **change.get("creditor", {})))
    details = attrs.evolve(COMPANY, **change.get("details", {}))
    with pytest.raises(NoticeNotAvailable) as caught:
        render_notice(decision("REMINDER", claim), claim, creditor_details=details)
    assert caught.value.field == field
    assert "C. com. R123-237 (to confirm)" in str(caught.value)
    # without the option the same letter renders: the list is U, never imposed by default
    relaxed = attrs.evolve(details, require_company_mentions=False)
    if field != "claim.creditor.siren":
        assert render_notice(decision("REMINDER", claim), claim, creditor_details=relaxed)


def test_rcs_without_siren_is_refused_even_without_the_option() -> None:
    claim = sample_claim()
    claim = attrs.evolve(claim, creditor=attrs.evolve(claim.creditor, siren=None))
    details = CreditorDetails(rcs_city="Lyon")
    with pytest.raises(NoticeNotAvailable) as caught:
        render_notice(decision("REMINDER", claim), claim, creditor_details=details)
    assert caught.value.field == "claim.creditor.siren"


def test_company_mentions_known_only_for_companies_registered_in_france() -> None:
    claim = _abroad("DE", "DE")
    with pytest.raises(NoticeNotAvailable) as caught:
        render_notice(decision("REMINDER", claim), claim, locale="de_DE", creditor_details=COMPANY)
    assert caught.value.field == "creditor_details.require_company_mentions"
    assert "registered in DE" in str(caught.value)


def test_identifiers_are_validated() -> None:
    with pytest.raises(InvalidParty):  # SIREN checksum (python-stdnum)
        Creditor(id="C", name="X", kind="professional", siren="732829321")
    with pytest.raises(InvalidType):
        CreditorDetails(legal_form="SAS", share_capital=50000.0)  # floats refused
    with pytest.raises(InvalidValue, match="more than zero"):
        CreditorDetails(legal_form="SAS", share_capital="0")
    with pytest.raises(InvalidValue, match="legal_form"):
        CreditorDetails(share_capital="50000")
    with pytest.raises(InvalidValue):
        CreditorDetails(rcs_city="  ")
    with pytest.raises(InvalidType):
        CreditorDetails(require_company_mentions="yes")  # type: ignore[arg-type]
    details = CreditorDetails.from_dict(
        {
            "rcs_city": "Lyon",
            "legal_form": "SAS",
            "share_capital": "50000",
            "require_company_mentions": True,
        }
    )
    assert details.share_capital == Money("50000")
    with pytest.raises(InvalidData):
        CreditorDetails.from_dict({"rcs": "Lyon"})


# -- 13. French dates say "1er" -------------------------------------------------------------------

_MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
_BARE_FIRST = re.compile(rf"(?<![\d])1 ({_MONTHS})")


def test_first_of_the_month_in_french_letters() -> None:
    # A formal notice dated 1 April 2025 with a cure period ending on 1 May 2025.
    claim = attrs.evolve(sample_claim(), events=sample_claim().events[:2])
    on = pendulum.Date(2025, 4, 1)
    d = decision("FORMAL_NOTICE", claim, on=on, deadline=pendulum.Date(2025, 5, 1))
    fr = render_notice(d, claim, locale="fr_FR").text
    assert "Le 1er avril 2025" in fr
    assert "au plus tard le 1er mai 2025" in fr
    assert "au 1er avril 2025" in fr  # the interest period ends on the letter's date
    assert not _BARE_FIRST.search(fr)
    en = render_notice(d, claim, locale="en_GB").text
    assert "1 April 2025" in en
    assert "1er" not in en


@settings(max_examples=40, deadline=None)
@given(
    on=st.dates(pendulum.Date(2025, 3, 1), pendulum.Date(2026, 6, 30)),  # rates published
    action=st.sampled_from(
        ["REMINDER", "FORMAL_NOTICE", "PAYMENT_PLAN_OFFER", "SUSPEND_DELIVERIES"]
    ),
)
def test_no_french_letter_writes_a_bare_first(on: Any, action: str) -> None:
    claim = attrs.evolve(sample_claim(), events=(FormalNotice(on="2025-02-20"),))
    day = pendulum.Date(on.year, on.month, on.day)
    tone = "formal" if action == "REMINDER" else None
    text = render_notice(decision(action, claim, on=day, tone=tone), claim).text
    assert not _BARE_FIRST.search(text)
    if day.day == 1:
        assert "Le 1er " in text


# -- 1 (other laws): Belgian and German letters follow the recorded history too -------------------

_CLAIMS_A_REMINDER_ABROAD = re.compile(
    r"malgré|précédent|deuxième|ondanks|vorige|tweede|trotz unserer|bisherigen",
    re.IGNORECASE,
)


@settings(max_examples=30, deadline=None)
@given(
    where=st.sampled_from([("BE", "fr_BE"), ("BE", "nl_BE"), ("DE", "de_DE")]),
    kind=st.sampled_from([("REMINDER", "firm"), ("REMINDER", "formal"), ("FORMAL_NOTICE", None)]),
    offsets=st.lists(st.integers(-40, 40), max_size=3),
)
def test_belgian_and_german_letters_claim_only_recorded_reminders(
    where: tuple[str, str], kind: tuple[str, str | None], offsets: list[int]
) -> None:
    code, locale = where
    on = pendulum.Date(2025, 4, 1)
    events = tuple(Reminder(on=on.add(days=n), channel="letter") for n in offsets)
    claim = attrs.evolve(_abroad(code, code), events=events)
    text = render_notice(decision(kind[0], claim, on=on, tone=kind[1]), claim, locale=locale).text
    before = [e for e in events if e.on < on]
    if not before:
        assert not _CLAIMS_A_REMINDER_ABROAD.search(text)
    template = load_template(notice_kind(kind[0]) or "reminder", locale, jurisdiction=code)
    if before and "${history}" in template.variant(kind[1])[1]:
        assert _CLAIMS_A_REMINDER_ABROAD.search(text)


# -- letters that said what the history does not show (an audit) --------------------------


def _letter(claim: Claim, on: str, action: Action, locale: str, tone: Tone | None = None) -> str:
    day = pendulum.Date.fromisoformat(on)
    made = Decision(
        claim_id=claim.id,
        as_of=day,
        action=action,
        on=day,
        tone=tone,
        amounts=amounts_due(claim, as_of=day),
    )
    return render_notice(made, claim, locale=locale, creditor_details=DETAILS).text


@pytest.mark.parametrize(
    ("code", "locale", "already", "not_said"),
    [
        (
            "FR",
            "en_GB",
            "Interest continues to accrue until payment in full.",
            "This formal notice causes interest",
        ),
        (
            "BE",
            "fr_BE",
            "Les intérêts continuent de courir jusqu'au complet paiement.",
            "La présente mise en demeure fait courir",
        ),
        (
            "DE",
            "de_DE",
            "Die Verzugszinsen (§ 288 BGB) laufen bis zur vollständigen Zahlung weiter.",
            "Ab Zugang dieser Mahnung befinden Sie sich in Verzug",
        ),
    ],
)
def test_a_formal_notice_does_not_start_interest_that_already_runs(
    code: str, locale: str, already: str, not_said: str
) -> None:
    """A consumer claim whose interest already runs on the letter's day (from an earlier
    formal notice, or in Germany from a due date fixed by the calendar): the letter shows
    the interest since then and says it goes on, not that this letter starts it."""
    claim = Claim(
        id="L-1",
        creditor=Creditor(id="A", name="Acme", kind="professional", country=code),
        debtor=Debtor(id="P", name="Paul Petit", kind="individual", country=code),
        nature="consumer",
        amount="1000",
        issued_on="2025-01-02",
        due_on="2025-02-01",
        events=[] if code == "DE" else [FormalNotice(on="2025-03-01")],
        jurisdiction=code,
    )
    text = _letter(claim, "2025-05-01", Action.FORMAL_NOTICE, locale)
    assert already in text
    assert not_said not in text


def test_a_formal_notice_still_starts_interest_when_none_runs_yet() -> None:
    claim = Claim(
        id="L-2",
        creditor=Creditor(id="A", name="Acme", kind="professional"),
        debtor=Debtor(id="P", name="Paul Petit", kind="individual"),
        nature="consumer",
        amount="1000",
        issued_on="2025-01-02",
        due_on="2025-02-01",
    )
    text = _letter(claim, "2025-05-01", Action.FORMAL_NOTICE, "en_GB")
    assert "This formal notice causes interest at the legal rate to run" in text


@pytest.mark.parametrize(
    ("locale", "said"),
    [
        ("en_GB", "€0.00 (settled after the due date)"),
        ("fr_FR", "(soldé après l'échéance)"),
    ],
)
def test_a_principal_settled_by_a_credit_note_is_not_said_paid(locale: str, said: str) -> None:
    claim = attrs.evolve(
        sample_claim(),
        credit_notes=(CreditNote(on="2025-04-01", amount="1500"),),
    )
    text = _letter(claim, "2025-05-01", Action.FORMAL_NOTICE, locale)
    assert said in text
    assert "paid after the due date" not in text


def test_german_letters_say_paid_late_in_german() -> None:
    claim = Claim(
        id="L-3",
        creditor=Creditor(id="A", name="Acme GmbH", kind="professional", country="DE"),
        debtor=Debtor(id="B", name="B GmbH", kind="professional", country="DE"),
        nature="commercial",
        amount="1000",
        issued_on="2025-01-02",
        due_on="2025-02-01",
        payments=[Payment(on="2025-04-01", amount="1000")],
        jurisdiction="DE",
    )
    text = _letter(claim, "2025-05-01", Action.FORMAL_NOTICE, "de_DE")
    assert "Hauptforderung: 0,00\xa0€ (nach Fälligkeit bezahlt)" in text
    assert "paid after the due date" not in text


def test_a_letter_for_several_claims_names_only_reminders_they_all_had() -> None:
    first = attrs.evolve(sample_claim(), events=(Reminder(on="2025-03-01", channel="email"),))
    second = attrs.evolve(
        first,
        id="F-2025-0077",
        amount=Money("320.00"),
        reference=None,
        events=(Reminder(on="2025-04-01", channel="letter"),),
    )
    on = pendulum.Date(2025, 4, 15)
    pairs = [
        (
            Decision(
                claim_id=c.id,
                as_of=on,
                action=Action.REMINDER,
                tone=Tone.FIRM,
                on=on,
                amounts=amounts_due(c, as_of=on),
            ),
            c,
        )
        for c in (first, second)
    ]
    text = render_debtor_notice(pairs, locale="en_GB", creditor_details=DETAILS).text
    assert "1 March 2025" not in text
    assert "1 April 2025" not in text  # neither reminder covers both invoices
    both = [
        (
            attrs.evolve(d, claim_id=c.id),
            attrs.evolve(c, events=(*c.events, Reminder(on="2025-02-20", channel="letter"))),
        )
        for d, c in pairs
    ]
    text = render_debtor_notice(both, locale="en_GB", creditor_details=DETAILS).text
    assert "Despite our reminder of 20 February 2025" in text


def test_two_reminders_of_one_day_are_one_day_in_the_letter() -> None:
    claim = attrs.evolve(
        sample_claim(),
        events=(
            Reminder(on="2025-03-01", channel="email"),
            Reminder(on="2025-03-01", channel="letter"),
        ),
    )
    text = _letter(claim, "2025-04-15", Action.REMINDER, "en_GB", tone=Tone.FIRM)
    assert "Despite our reminder of 1 March 2025," in text


def test_a_debtor_letter_is_of_one_day() -> None:
    """Two claims decided on different days: the letter (of the later day) would show the
    earlier claim's balance before a payment made since; it is refused instead."""
    from recouvrement import Payment

    paid = attrs.evolve(sample_claim(), payments=(Payment(on="2025-03-20", amount="1000"),))
    other = attrs.evolve(sample_claim(), id="F-2025-0077")

    def made(claim: Claim, on: str) -> Decision:
        day = pendulum.Date.fromisoformat(on)
        return Decision(
            claim_id=claim.id,
            as_of=day,
            action=Action.FORMAL_NOTICE,
            on=day,
            amounts=amounts_due(claim, as_of=day),
        )

    with pytest.raises(InvalidValue, match="decide every claim the letter covers") as info:
        render_debtor_notice(
            [(made(paid, "2025-03-10"), paid), (made(other, "2025-04-10"), other)],
            locale="en_GB",
        )
    assert info.value.field == "items.decision"
    same_day = render_debtor_notice(
        [(made(paid, "2025-04-10"), paid), (made(other, "2025-04-10"), other)], locale="en_GB"
    ).text
    assert "outstanding €500.00" in same_day


def test_a_plan_letter_asks_only_for_what_it_claims_from_its_day() -> None:
    """A schedule proposed before a payment (or for another amount, or falling due before
    the letter) would ask the debtor to pay again: refused, with what to do."""
    from recouvrement import Payment
    from recouvrement.decisions import propose_payment_plan

    claim = attrs.evolve(sample_claim(), payments=(Payment(on="2025-04-15", amount="1000"),))
    day = pendulum.Date(2025, 5, 1)
    offer = Decision(
        claim_id=claim.id,
        as_of=day,
        action=Action.PAYMENT_PLAN_OFFER,
        on=day,
        amounts=amounts_due(claim, as_of=day),
    )
    stale = propose_payment_plan(claim, as_of="2025-04-01", instalments=3, first_due="2025-05-31")
    with pytest.raises(InvalidValue, match="propose the plan on the letter's day") as info:
        render_notice(offer, claim, locale="fr_FR", schedule=stale)
    assert info.value.field == "schedule"
    fresh = propose_payment_plan(claim, as_of=day, instalments=3, first_due="2025-05-31")
    text = render_notice(offer, claim, locale="fr_FR", schedule=fresh).text
    assert "en 3 échéances" in text


def test_the_german_court_announcement_names_only_recorded_reminders() -> None:
    claim = Claim(
        id="G-9",
        creditor=Creditor(
            id="A",
            name="A GmbH",
            kind="professional",
            country="DE",
            address="Hauptstr. 1\n10115 Berlin",
        ),
        debtor=Debtor(
            id="B",
            name="B GmbH",
            kind="professional",
            country="DE",
            address="Ring 2\n20095 Hamburg",
        ),
        nature="commercial",
        amount="1000",
        issued_on="2025-01-02",
        due_on="2025-02-01",
        jurisdiction="DE",
        events=[Reminder(on="2025-05-20", channel="letter")],  # after the letter
    )
    text = _letter(claim, "2025-05-01", Action.SMALL_CLAIMS_PROCEDURE, "de_DE")
    assert "trotz" not in text
    assert "nach unseren Unterlagen ist folgende Forderung noch unbezahlt:" in text


def _ladder_policy(code: str) -> Any:
    from recouvrement.policy import EscalationPolicy

    return EscalationPolicy.from_toml(
        jurisdictions.get(code).escalation_policy.read_text(encoding="utf-8")
    )


@pytest.mark.parametrize(
    ("code", "locale", "last_day"),
    [
        # 2025-05-10 + 14 days is Saturday 24 May: § 193 BGB moves it to Monday 26 May
        ("DE", "de_DE", "2025-05-26"),
        # 2025-05-10 + 15 days is Sunday 25 May: art. 1.7 moves it to Monday 26 May
        ("BE", "fr_BE", "2025-05-26"),
    ],
)
def test_a_formal_notice_announces_the_cure_period_the_ladder_waits_for(
    code: str, locale: str, last_day: str
) -> None:
    policy = _ladder_policy(code)
    events = [
        Reminder(on="2025-04-05", channel="email", step="courteous"),
        Reminder(on="2025-04-15", channel="letter", step="written"),
        Reminder(on="2025-04-22", channel="phone", step="firm"),
    ]
    claim = Claim(
        id=f"{code}-1",
        creditor=Creditor(id="C", name="Fournisseur SA", kind="professional", country=code),
        debtor=Debtor(id="D", name="Client SRL", kind="professional", country=code),
        nature="commercial",
        amount="10000",
        issued_on="2025-03-01",
        due_on="2025-03-31",
        jurisdiction=code,
        events=events,
    )
    found = next_action(claim, as_of="2025-05-10", policy=policy)
    assert found.action is Action.FORMAL_NOTICE
    assert found.deadline is not None
    assert found.deadline.isoformat() == last_day
    letter = render_notice(found, claim, locale=locale, creditor_details=DETAILS)
    day = pendulum.Date.fromisoformat(last_day)
    assert format_date_of(day, locale) in letter.text
    # once the notice is recorded (its cure period not recorded), the ladder waits the same
    sent = attrs.evolve(claim, events=(*events, FormalNotice(on="2025-05-10")))
    assert next_action(sent, as_of=last_day, policy=policy).action is Action.WAIT
    after = next_action(sent, as_of=day.add(days=1), policy=policy)
    assert after.action is not Action.WAIT


def test_a_french_formal_notice_announces_its_step_cure_period() -> None:
    # The French ladder's notice step gives 8 days (to Monday 2025-04-07); the letter says
    # so rather than the creditor details' default, and the ladder waits as long.
    base = sample_claim()
    written = Reminder(on="2025-03-20", channel="letter", step="written")
    claim = attrs.evolve(base, events=(*base.events[:2], written))
    found = next_action(claim, as_of="2025-03-30")
    assert found.action is Action.FORMAL_NOTICE
    assert found.deadline == pendulum.Date(2025, 4, 7)
    details = attrs.evolve(DETAILS, cure_days=15)
    letter = render_notice(found, claim, locale="fr_FR", creditor_details=details)
    assert "7 avril 2025" in letter.text
    sent = attrs.evolve(claim, events=(*claim.events, FormalNotice(on="2025-03-30")))
    assert next_action(sent, as_of="2025-04-07").action is Action.WAIT
    assert next_action(sent, as_of="2025-04-08").action is not Action.WAIT


def format_date_of(day: pendulum.Date, locale: str) -> str:
    from babel.dates import format_date

    return str(format_date(day, format="long", locale=locale))


# -- Belgian Book XIX letters (CDE XIX.2, XIX.4; belgian-law.md C4-C6) -----------------------


def _be_consumer(**more: Any) -> Claim:
    return Claim(
        id="BE-1",
        creditor=Creditor(id="C", name="Fournisseur SA", kind="professional", country="BE"),
        debtor=Debtor(id="P", name="Jan Peeters", kind="individual", country="BE"),
        nature="consumer",
        amount="400",
        issued_on="2025-05-01",
        due_on="2025-05-31",
        jurisdiction="BE",
        **more,
    )


def _be_notice_ladder() -> Any:
    from recouvrement.policy import EscalationPolicy

    text = jurisdictions.get("BE").escalation_policy.read_text(encoding="utf-8")
    head, _, _ = text.partition("[[steps]]")
    return EscalationPolicy.from_toml(
        head
        + """
[[steps]]
id = "formal_notice"
action = "formal_notice"
channel = "registered_letter"
tone = "formal"
trigger = "days_after_due"
days = 5
cure_days = 15

[[steps]]
id = "legal"
action = "legal_route"
tone = "legal"
trigger = "days_after_previous"
days = 0
"""
    )


def test_a_belgian_first_reminder_states_its_period_and_no_damages_without_a_clause() -> None:
    claim = _be_consumer()
    found = next_action(claim, as_of="2025-06-05", policy=_ladder_policy("BE"))
    assert found.action is Action.REMINDER
    letter = render_notice(found, claim, locale="fr_BE", creditor_details=DETAILS).text
    # e-mail: from the next day, 14 calendar days
    assert "du 6 juin 2025 au 19 juin 2025 inclus" in letter
    assert "aucune indemnité forfaitaire ne vous sera réclamée" in letter
    assert "ou par la loi" not in letter  # no statutory flat damages for a consumer
    assert "Objet : Rappel de paiement" in letter


def test_a_belgian_formal_notice_as_first_reminder_waits_for_the_period() -> None:
    from recouvrement.terms import PaymentTerms, PenaltyClause

    terms = PaymentTerms(
        kind="net", days=30, late_interest_rate="8", penalty=PenaltyClause(percent="15")
    )
    claim = _be_consumer(terms=terms)
    policy = _be_notice_ladder()
    found = next_action(claim, as_of="2025-06-05", policy=policy)
    assert found.action is Action.FORMAL_NOTICE
    letter = render_notice(found, claim, locale="fr_BE", creditor_details=DETAILS).text
    # posted: from the 3rd working day (11 June) to 24 June; not "by 20 June"
    assert "au plus tard le 24 juin 2025" in letter
    assert "au plus tard le 20 juin 2025" not in letter
    # the damages it announces are those the library claims once the period has passed
    sent = attrs.evolve(claim, events=(FormalNotice(on="2025-06-05", cure_days=15),))
    later = amounts_due(sent, as_of="2025-07-15")
    assert later.penalty == Money("55.00")
    assert "dommages et intérêts forfaitaires de 55,00" in letter
    assert "fait courir les intérêts au taux légal" not in letter
    # no further step during the waiting period (XIX.2): an agency or the court waits
    for day in ("2025-06-14", "2025-06-21", "2025-06-24"):
        held = next_action(sent, as_of=day, policy=policy)
        assert held.action is Action.WAIT, (day, held.action)
        assert held.on == pendulum.Date(2025, 6, 25)
        assert any(r.code == "consumer.be.waiting" for r in held.reasons)


def test_a_phone_call_is_not_the_belgian_first_reminder() -> None:
    from recouvrement.jurisdictions.be.terms import first_reminder

    phoned = _be_consumer(events=[Reminder(on="2025-06-05", channel="phone")])
    assert first_reminder(phoned, as_of="2025-06-30") is None
    # nothing may be charged yet: the next letter is the free first reminder
    assert amounts_due(phoned, as_of="2025-07-15").total == Money("400.00")
    found = next_action(phoned, as_of="2025-06-30", policy=_ladder_policy("BE"))
    letter = render_notice(found, phoned, locale="fr_BE", creditor_details=DETAILS).text
    assert "Ce courrier vous est adressé sans frais" in letter


def test_a_second_belgian_reminder_is_not_called_first() -> None:
    reminded = _be_consumer(events=[Reminder(on="2025-06-10", channel="email")])
    found = next_action(reminded, as_of="2025-07-01", policy=_ladder_policy("BE"))
    assert found.action is Action.REMINDER
    letter = render_notice(found, reminded, locale="fr_BE", creditor_details=DETAILS).text
    assert "Premier" not in letter
    assert "sans frais" not in letter
    assert "Malgré notre rappel du 10 juin 2025" in letter


def test_a_belgian_business_reminder_has_no_consumer_waiting_period() -> None:
    claim = attrs.evolve(
        _be_consumer(),
        debtor=Debtor(id="D", name="Client SRL", kind="professional", country="BE"),
        nature="commercial",
        amount=Money("10000"),
        due_on=pendulum.Date(2025, 3, 31),
        issued_on=pendulum.Date(2025, 3, 1),
    )
    found = next_action(claim, as_of="2025-04-05", policy=_ladder_policy("BE"))
    letter = render_notice(found, claim, locale="fr_BE", creditor_details=DETAILS).text
    assert "14 jours" not in letter
    assert "sans frais" not in letter
    assert found.amounts is not None
    # one balance, detailed: the total is the sum of its lines
    assert "détaillé comme suit" in letter
    assert "indemnité forfaitaire de 40 EUR" in letter


def test_a_lawyers_notice_says_it_interrupts_only_for_a_debtor_in_belgium() -> None:
    claim = _be_consumer()
    found = next_action(claim, as_of="2025-06-05", policy=_be_notice_ladder())
    here = render_notice(found, claim, locale="fr_BE", creditor_details=DETAILS).text
    assert "interrompt la prescription" in here
    abroad = attrs.evolve(
        claim, debtor=Debtor(id="P", name="Jean Dupont", kind="individual", country="FR")
    )
    found = next_action(abroad, as_of="2025-06-05", policy=_be_notice_ladder())
    there = render_notice(found, abroad, locale="fr_BE", creditor_details=DETAILS).text
    assert "interrompt la prescription" not in there


def test_the_german_commercial_notice_states_what_is_charged() -> None:
    from recouvrement.terms import PaymentTerms

    def german(**more: Any) -> Claim:
        return Claim(
            id="DE-1",
            creditor=Creditor(id="C", name="Lieferant GmbH", kind="professional", country="DE"),
            debtor=Debtor(id="D", name="Kunde GmbH", kind="professional", country="DE"),
            nature="commercial",
            amount="10000",
            issued_on="2025-03-01",
            due_on="2025-03-31",
            jurisdiction="DE",
            events=[Reminder(on="2025-04-05", channel="email", step="courteous")],
            **more,
        )

    policy = _ladder_policy("DE")
    for claim, pauschale in (
        (german(), True),
        (german(terms=PaymentTerms(kind="net", days=30, late_interest_rate="12")), True),
        (attrs.evolve(german(), amount=Money("10000", "USD")), False),
    ):
        found = next_action(claim, as_of="2025-04-20", policy=policy)
        letter = render_notice(
            attrs.evolve(found, tone=Tone.FIRM), claim, locale="de_DE", creditor_details=DETAILS
        ).text
        assert "9 Prozentpunkten" not in letter
        assert ("Pauschale von 40 EUR" in letter) is pauschale, letter


def test_foreign_letters_name_disputed_parts_and_damages_in_their_language() -> None:
    from recouvrement.terms import PaymentTerms, PenaltyClause

    terms = PaymentTerms(
        kind="net", days=30, late_interest_rate="8", penalty=PenaltyClause(percent="15")
    )
    claim = _be_consumer(terms=terms, events=[Reminder(on="2025-06-05", channel="email")])
    found = next_action(claim, as_of="2025-07-10", policy=_ladder_policy("BE"))
    assert found.amounts is not None
    assert found.amounts.penalty == Money("55.00")
    letter = render_notice(found, claim, locale="fr_BE", creditor_details=DETAILS).text
    assert "Dommages et intérêts forfaitaires : 55,00\xa0€ (" in letter
    assert "()" not in letter
    # A partly disputed claim: the disputed part is named in the letter's own language.
    from recouvrement.events import Dispute

    for code, locale, words in (
        ("BE", "fr_BE", "Montant contesté"),
        ("BE", "nl_BE", "Betwist bedrag"),
        ("DE", "de_DE", "Bestrittener Betrag"),
    ):
        disputed = Claim(
            id=f"{code}-9",
            creditor=Creditor(id="C", name="Fournisseur SA", kind="professional", country=code),
            debtor=Debtor(id="D", name="Client SRL", kind="professional", country=code),
            nature="commercial",
            amount="1500",
            issued_on="2025-01-15",
            due_on="2025-02-14",
            jurisdiction=code,
            events=(Dispute(opened_on="2025-02-20", amount="400"),),
        )
        found = next_action(disputed, as_of="2025-03-10", policy=_ladder_policy(code))
        assert found.amounts is not None
        assert found.amounts.disputed == Money("400.00")
        letter = render_notice(
            attrs.evolve(found, action=Action.REMINDER, tone=Tone.FIRM),
            disputed,
            locale=locale,
            creditor_details=DETAILS,
        ).text
        assert words in letter, (locale, letter)
        assert "Amount disputed" not in letter


@pytest.mark.parametrize(
    ("amount", "kind"),
    [("1500.00", "small_claims_invitation"), ("120.00", "agency_letter")],
)
def test_a_debtor_letter_of_a_procedure_covers_only_the_claims_in_it(
    amount: str, kind: str
) -> None:
    # One claim is at the small-claims procedure (or handed to an agency); the other,
    # due on 31 May, is at its first reminder: the commissaire (or the agency) was not
    # instructed for it, and it had no formal notice.
    base = attrs.evolve(sample_claim(), amount=Money(amount))
    other = attrs.evolve(
        sample_claim(),
        id="F-2025-0100",
        amount=Money("4000.00"),
        issued_on=pendulum.Date(2025, 5, 1),
        due_on=pendulum.Date(2025, 5, 31),
        events=(),
        reference=None,
    )
    pairs = [(next_action(c, as_of="2025-06-30"), c) for c in (base, other)]
    assert pairs[1][0].action is Action.REMINDER
    letter = render_debtor_notice(pairs, locale="fr_FR", creditor_details=DETAILS)
    assert letter.kind.value == kind
    assert letter.claim_ids == ("F-2025-0042",)
    assert "F-2025-0100" not in letter.text
    assert any("F-2025-0100 left out" in w for w in letter.warnings)
    # a reminder and a formal notice still make one letter
    notice = attrs.evolve(pairs[0][0], action=Action.FORMAL_NOTICE)
    both = render_debtor_notice([(notice, base), pairs[1]], locale="fr_FR")
    assert both.claim_ids == ("F-2025-0042", "F-2025-0100")


def test_a_payment_of_the_plans_day_is_not_counted_twice() -> None:
    # 300 EUR paid on 26 Feb, the day the plan is agreed: its total is what is owed after
    # it. Nothing paid since: the first instalment (31 Mar) is missed, not "on track".
    from recouvrement.decisions import plan_status, propose_payment_plan

    reminded = (Reminder(on="2025-02-19", channel="email", step="courteous"),)
    claim = attrs.evolve(
        sample_claim(), events=reminded, payments=(Payment(on="2025-02-26", amount="300.00"),)
    )
    plan = propose_payment_plan(claim, as_of="2025-02-26", instalments=6, first_due="2025-03-31")
    assert plan.total == amounts_due(claim, as_of="2025-02-26").total
    agreed = attrs.evolve(claim, events=(*reminded, plan.to_plan()))
    status = plan_status(agreed, as_of="2025-04-10")
    assert status is not None
    assert not status.on_track
    assert status.paid == Money("0.00")
    found = next_action(agreed, as_of="2025-04-10", profile="financial_difficulty")
    assert not any("on track (300.00" in r.message for r in found.reasons)
    # A plan cannot start on its own day: a payment of that day is already deducted.
    with pytest.raises(InvalidValue, match="must be after as_of"):
        propose_payment_plan(claim, as_of="2025-02-26", instalments=2, first_due="2025-02-26")


def test_a_plan_offer_says_interest_keeps_running() -> None:
    # Commercial penalties run until payment (C. com. L441-10 II); only a court's grace
    # stops them (C. civ. 1343-5): the offer says so, and the library claims them after.
    from recouvrement.decisions import propose_payment_plan

    claim = sample_claim()
    plan = propose_payment_plan(claim, as_of="2025-06-30", instalments=3, first_due="2025-07-31")
    day = pendulum.Date(2025, 6, 30)
    offer = Decision(
        claim_id=claim.id,
        as_of=day,
        action=Action.PAYMENT_PLAN_OFFER,
        on=day,
        amounts=amounts_due(claim, as_of=day),
    )
    letter = render_notice(offer, claim, locale="fr_FR", schedule=plan).text
    assert "continuent de courir sur le solde" in letter
    paid = attrs.evolve(
        claim,
        events=(*claim.events, plan.to_plan()),
        payments=tuple(Payment(on=i.due_on, amount=i.amount) for i in plan.instalments),
    )
    assert amounts_due(paid, as_of="2025-10-31").total.amount > 0
