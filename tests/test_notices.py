"""Notices: golden texts, mandatory mentions, amounts, escaping and errors (issue 8).

Golden texts live in ``tests/golden/notice_<kind>[_<tone>].<locale>.txt``; regenerate them
after a deliberate wording change with ``UPDATE_GOLDEN=1 pytest tests/test_notices.py`` and
review the diff.
"""

from __future__ import annotations

import os
import re
import tomllib
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recouvrement.claims import Claim, ClaimNature, Payment
from recouvrement.decisions import Action, Decision, next_action, propose_payment_plan
from recouvrement.errors import InvalidData, InvalidType, InvalidValue
from recouvrement.events import FormalNotice, Instalment, PaymentPlan
from recouvrement.interest import AmountsDue, amounts_due
from recouvrement.money import Money, format_money
from recouvrement.notices import (
    KNOWN_PLACEHOLDERS,
    TONES,
    CreditorDetails,
    InvalidTemplate,
    MissingMention,
    Notice,
    NoticeKind,
    NoticeNotAvailable,
    NoticeTemplate,
    Organisation,
    load_template,
    mandatory_mentions,
    notice_for_claim,
    notice_kind,
    render_debtor_notice,
    render_notice,
    statute_status,
    statute_text,
)
from recouvrement.parties import Creditor, Debtor
from recouvrement.policy import Tone
from recouvrement.sample import sample_claim
from recouvrement.terms import PaymentTerms

GOLDEN = Path(__file__).parent / "golden"
LOCALES = ("fr_FR", "en_GB")
AS_OF = pendulum.Date(2025, 6, 30)


@attrs.frozen(kw_only=True)
class StandIn:
    """A decision as `render_notice` reads it (the real one comes from next_action)."""

    action: str
    on: pendulum.Date
    amounts: AmountsDue
    tone: str | None = None
    step: str | None = None
    deadline: pendulum.Date | None = None
    channel: str | None = None
    reasons: tuple[Any, ...] = ()


def decision(action: str, claim: Claim, *, on: pendulum.Date = AS_OF, **kw: Any) -> StandIn:
    return StandIn(action=action, on=on, amounts=amounts_due(claim, as_of=on), **kw)


DETAILS = CreditorDetails(
    iban="FR7630006000011234567890189",
    bic="AGRIFRPP",
    payment_link="https://pay.example.com/F-2025-0042",
    contact="Service comptabilité clients, 04 72 00 00 00, compta@acme.example",
    signature="Claire Roux\nResponsable du recouvrement\nAcme Outillage SAS",
    agency=Organisation(name="Recouvra SAS", address="8 rue Neuve\n75002 Paris"),
    commissaire=Organisation(
        name="Maître Jeanne Dupont", address="5 quai Saint-Antoine\n69002 Lyon"
    ),
)

CASES = [
    ("REMINDER", "courteous"),
    ("REMINDER", "firm"),
    ("REMINDER", "formal"),
    ("FORMAL_NOTICE", None),
    ("AGENCY_HANDOVER", None),
    ("SMALL_CLAIMS_PROCEDURE", None),
    ("PAYMENT_PLAN_OFFER", None),
]


def _golden_name(kind: NoticeKind, tone: str | None, locale: str) -> str:
    return f"notice_{kind.value}{'_' + tone if tone else ''}.{locale}.txt"


def _check_golden(name: str, notice: Notice) -> None:
    content = f"Subject: {notice.subject}\n\n{notice.text}"
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(content, encoding="utf-8")
    assert path.exists(), f"missing golden file {name} (run with UPDATE_GOLDEN=1)"
    assert content == path.read_text(encoding="utf-8")


# -- golden texts -----------------------------------------------------------------------------


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize(("action", "tone"), CASES)
def test_golden_text(action: str, tone: str | None, locale: str) -> None:
    claim = sample_claim()
    notice = render_notice(
        decision(action, claim, tone=tone), claim, locale=locale, creditor_details=DETAILS
    )
    kind = notice_kind(action)
    assert kind is not None
    assert notice.kind is kind
    assert notice.tone == tone
    assert notice.claim_ids == (claim.id,)
    _check_golden(_golden_name(kind, tone, locale), notice)


@pytest.mark.parametrize("locale", LOCALES)
def test_golden_debtor_notice(locale: str) -> None:
    first = sample_claim()
    second = attrs.evolve(
        first,
        id="F-2025-0077",
        amount=Money("320.00"),
        issued_on=pendulum.Date(2025, 3, 3),
        terms=PaymentTerms.net(30),
        due_on=None,
        reference=None,
        payments=(Payment(on=pendulum.Date(2025, 4, 10), amount=Money("120.00")),),
        events=(),
    )
    pairs = [
        (decision("REMINDER", second, tone="firm"), second),
        (decision("FORMAL_NOTICE", first, deadline=pendulum.Date(2025, 7, 15)), first),
        (decision("WAIT", first), first),
    ]
    notice = render_debtor_notice(pairs, locale=locale, creditor_details=DETAILS)
    assert notice.kind is NoticeKind.FORMAL_NOTICE
    assert notice.claim_ids == ("F-2025-0077", "F-2025-0042")
    _check_golden(f"notice_debtor_formal_notice.{locale}.txt", notice)


def test_formal_notice_content_fr() -> None:
    """The issue's checklist for the mise en demeure (C. civ. 1344; C. com. L441-10, D441-5)."""
    claim = sample_claim()
    d = decision("FORMAL_NOTICE", claim, deadline=pendulum.Date(2025, 7, 10))
    text = render_notice(d, claim, creditor_details=DETAILS).text
    assert "mettons en demeure" in text
    assert "article 1344 du Code civil" in text
    assert "Principal : 1\u202f500,00\xa0€" in text
    assert "Intérêts de retard : 73,50\xa0€ (au taux de 13,15\xa0% l'an du 15 février 2025" in text
    assert "Indemnité forfaitaire pour frais de recouvrement : 40,00\xa0€" in text
    assert "C. com. L441-10 II, C. com. D441-5" in text
    assert "dans un délai de 10 jours, soit au plus tard le 10 juillet 2025" in text
    assert "action en justice" in text
    assert "frais de procédure" in text
    assert "Lettre recommandée avec accusé de réception" in text


def test_formal_notice_consumer_has_no_indemnity() -> None:
    """The 40 EUR indemnity is due only by a professional debtor (C. com. L441-10 II)."""
    claim = attrs.evolve(
        sample_claim(),
        debtor=Debtor(id="P1", name="Paul Durand", kind="individual"),
        nature=ClaimNature.CONSUMER,
    )
    notice = render_notice(decision("FORMAL_NOTICE", claim), claim, locale="en_GB")
    assert "Fixed compensation" not in notice.text
    assert "D441-5" not in notice.text
    firm = render_notice(decision("REMINDER", claim, tone="firm"), claim, locale="en_GB")
    assert "L441-10" not in firm.text  # the "due without reminder" sentence is B2B only


def test_agency_letter_r124_4() -> None:
    """CPCE R124-4: agency identity and activity, creditor, breakdown, payment, L111-8."""
    claim = sample_claim()
    text = render_notice(decision("AGENCY_HANDOVER", claim), claim, creditor_details=DETAILS).text
    assert "Recouvra SAS\n8 rue Neuve\n75002 Paris" in text
    assert "exerce une activité de recouvrement amiable" in text
    assert "Acme Outillage SAS\n12 rue des Forges\n69007 Lyon" in text
    _, paragraphs = statute_text("l111_8")
    assert all(p in text for p in paragraphs)
    assert paragraphs[0].startswith("Les frais de recouvrement entrepris sans titre exécutoire")
    assert paragraphs[1].startswith("Cependant, le créancier qui justifie")


def test_small_claims_invitation_matches_official_model_subject() -> None:
    """Object line of the Service-Public model letter for R125-2 (fiche R44053)."""
    claim = sample_claim()
    text = render_notice(
        decision("SMALL_CLAIMS_PROCEDURE", claim), claim, creditor_details=DETAILS
    ).text
    assert (
        "invitation à participer à une procédure simplifiée de recouvrement en application des "
        "articles L. 125-1 et R. 125-2 du code des procédures civiles d'exécution" in text
    )
    assert "Vous êtes libre d'accepter ou de refuser cette procédure." in text
    assert "au plus tard le 30 juillet 2025" in text  # one month from sending (R125-2 III 2°)
    for key in ("l111_2", "l111_3", "l125_1", "civ_2238"):
        assert all(p in text for p in statute_text(key)[1])


def test_payment_plan_schedule_sums_to_total() -> None:
    claim = sample_claim()
    d = decision("PAYMENT_PLAN_OFFER", claim)
    notice = render_notice(d, claim, creditor_details=attrs.evolve(DETAILS, plan_instalments=4))
    assert "en 4 échéances" in notice.text
    plan = PaymentPlan(
        agreed_on=AS_OF,
        instalments=[
            Instalment(due_on="2025-07-15", amount="1000.00"),
            Instalment(due_on="2025-08-15", amount="613.50"),
        ],
    )
    custom = render_notice(d, claim, locale="en_GB", schedule=plan)
    assert "Instalment 1: €1,000.00 by 15 July 2025" in custom.text
    assert "Instalment 2: €613.50 by 15 August 2025" in custom.text
    assert "in 2 instalments" in custom.text


# -- mandatory mentions -------------------------------------------------------------------------


def _builtin_toml(kind: NoticeKind, locale: str) -> str:
    return (
        resources.files("recouvrement.jurisdictions.fr")
        .joinpath("templates", locale, f"{kind.value}.toml")
        .read_text(encoding="utf-8")
    )


def _strip_mention(text: str, mention: Any, locale: str) -> str:
    if mention.placeholder:
        return text.replace(f"${{{mention.placeholder}}}", "[removed]")
    for phrase in mention.phrases(locale):
        text = re.sub(re.escape(phrase), "[removed]", text, flags=re.IGNORECASE)
    return text


MENTIONS = mandatory_mentions()


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("mention", MENTIONS, ids=[f"{m.kind.value}.{m.id}" for m in MENTIONS])
def test_template_missing_a_mention_is_rejected(mention: Any, locale: str) -> None:
    data = tomllib.loads(_builtin_toml(mention.kind, locale))
    NoticeTemplate.from_dict(data)  # the packaged wording has it
    if "variants" in data:
        # removing it from one tone variant is enough to reject the template
        data["variants"]["firm"]["text"] = _strip_mention(
            data["variants"]["firm"]["text"], mention, locale
        )
    else:
        data["text"] = _strip_mention(data["text"], mention, locale)
    with pytest.raises(MissingMention) as caught:
        NoticeTemplate.from_dict(data)
    assert caught.value.mention == mention.id
    assert isinstance(caught.value, InvalidValue)
    assert isinstance(caught.value, ValueError)
    assert repr(mention.id) in str(caught.value)
    assert mention.basis in str(caught.value)


def test_mentions_file_covers_every_kind_and_cites_its_basis() -> None:
    for kind in NoticeKind:
        assert mandatory_mentions(kind), kind
    for m in MENTIONS:
        assert m.basis
        assert (m.placeholder is None) != (not m.required_text)
        if m.placeholder:
            assert m.placeholder in KNOWN_PLACEHOLDERS
        else:
            assert set(LOCALES) <= set(m.required_text)
    agency = {m.id: m.basis for m in mandatory_mentions("agency_letter")}
    assert agency["l111_8"] == "CPCE R124-4 5°"
    small = {m.id for m in mandatory_mentions(NoticeKind.SMALL_CLAIMS_INVITATION)}
    assert {"l111_2", "l111_3", "l125_1", "civ_2238", "commissaire", "breakdown"} <= small


@pytest.mark.parametrize("locale", [*LOCALES, "fr_BE", "en_US"])
@pytest.mark.parametrize("kind", list(NoticeKind))
def test_packaged_templates_load(kind: NoticeKind, locale: str) -> None:
    template = load_template(kind, locale)
    assert template.kind is kind
    assert template.placeholders() <= KNOWN_PLACEHOLDERS


# -- creditor overrides --------------------------------------------------------------------------

OWN = """
kind = "formal_notice"
locale = "fr_FR"
subject = "MISE EN DEMEURE - ${references}"
text = '''
${creditor}

Objet : mise en demeure (article 1344 du Code civil), par lettre recommandée avec accusé de réception.

${claims}

Réglez ${total} avant le ${deadline} (${cure_days} jours) :

${breakdown}

Sans quoi : action en justice. Coût: 100 $$ <facturé>.

${payment_methods}
'''
[labels]
principal = "Capital"
"""


def test_creditor_template_overrides_wording_and_labels() -> None:
    claim = sample_claim()
    template = NoticeTemplate.from_toml(OWN)
    notice = render_notice(decision("FORMAL_NOTICE", claim), claim, template=template)
    assert notice.subject == "MISE EN DEMEURE - facture F-2025-0042"
    assert "- Capital : 1\u202f500,00\xa0€" in notice.text
    assert "100 $ <facturé>" in notice.text
    assert "100 $ &lt;facturé&gt;" in notice.html
    # a mapping of kind -> template is a company's set; other kinds use the packaged wording
    reminder = render_notice(
        decision("REMINDER", claim, tone="courteous"), claim, template={"formal_notice": template}
    )
    assert reminder.kind is NoticeKind.REMINDER
    assert "Rappel" in reminder.subject
    with pytest.raises(InvalidValue, match="cannot render a reminder"):
        render_notice(decision("REMINDER", claim), claim, template=template)


def test_template_file_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(OWN, encoding="utf-8")
    assert NoticeTemplate.from_file(path).source == str(path)


@pytest.mark.parametrize(
    ("change", "match"),
    [
        (lambda t: t.replace("${claims}", "${claimz}"), "unknown placeholder"),
        (lambda t: t.replace("Coût", "Coût $ 5"), "invalid '\\$'"),
        (lambda t: t.replace('kind = "formal_notice"', 'kind = "letter"'), "not a valid"),
        (lambda t: "foo = 1\n" + t, "unknown key"),
        (lambda t: t + "\ntotal = 1\n", "labels.total.*must be a string"),
        (lambda t: t.replace("Capital", "Principal"), None),
        (lambda t: t.replace('subject = "MISE', "subject = MISE"), "not valid TOML"),
    ],
)
def test_bad_templates_are_rejected(change: Any, match: str | None) -> None:
    text = change(OWN)
    if match is None:
        NoticeTemplate.from_toml(text)
        return
    with pytest.raises(InvalidValue, match=match):
        NoticeTemplate.from_toml(text)


def test_reminder_template_needs_every_tone() -> None:
    data = tomllib.loads(_builtin_toml(NoticeKind.REMINDER, "en_GB"))
    del data["variants"]["formal"]
    with pytest.raises(InvalidTemplate, match="missing tone variant 'formal'"):
        NoticeTemplate.from_dict(data)
    data = tomllib.loads(_builtin_toml(NoticeKind.FORMAL_NOTICE, "en_GB"))
    data["variants"] = {"firm": {"subject": "x", "text": "y"}}
    with pytest.raises(InvalidTemplate, match="only reminder templates"):
        NoticeTemplate.from_dict(data)


# -- errors ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "action", ["WAIT", "NONE", "CLOSE", "PAYMENT_ORDER", "SUMMONS", "ENFORCEMENT", "WRITE_OFF"]
)
def test_actions_that_send_nothing(action: str) -> None:
    claim = sample_claim()
    with pytest.raises(NoticeNotAvailable) as caught:
        render_notice(decision(action, claim), claim)
    assert caught.value.field == "decision.action"


def test_missing_details_are_named() -> None:
    claim = sample_claim()
    with pytest.raises(NoticeNotAvailable, match="R124-4") as caught:
        render_notice(decision("AGENCY_HANDOVER", claim), claim)
    assert caught.value.field == "creditor_details.agency"
    with pytest.raises(NoticeNotAvailable) as caught:
        render_notice(decision("SMALL_CLAIMS_PROCEDURE", claim), claim)
    assert caught.value.field == "creditor_details.commissaire"
    no_address = attrs.evolve(claim, creditor=Creditor(id="C", name="Acme", kind="professional"))
    with pytest.raises(NoticeNotAvailable) as caught:
        render_notice(decision("AGENCY_HANDOVER", no_address), no_address, creditor_details=DETAILS)
    assert caught.value.field == "claim.creditor.address"


def test_creditor_details_from_a_toml_file() -> None:
    text = r"""
iban = "FR7630006000011234567890189"
bic = "AGRIFRPP"
payment_link = "https://pay.example.com/F-2025-0042"
contact = "Service comptabilité clients, 04 72 00 00 00, compta@acme.example"
signature = "Claire Roux\nResponsable du recouvrement\nAcme Outillage SAS"

[agency]
name = "Recouvra SAS"
address = "8 rue Neuve\n75002 Paris"

[commissaire]
name = "Maître Jeanne Dupont"
address = "5 quai Saint-Antoine\n69002 Lyon"
"""
    assert CreditorDetails.from_dict(tomllib.loads(text)) == DETAILS
    assert CreditorDetails.from_dict({}) == CreditorDetails()
    read = CreditorDetails.from_dict({"cure_days": 15, "agency": None, "letter_reference": "R-1"})
    assert (read.cure_days, read.agency, read.letter_reference) == (15, None, "R-1")
    org = Organisation.from_dict({"name": "Recouvra SAS", "address": "8 rue Neuve\n75002 Paris"})
    assert org == DETAILS.agency


@pytest.mark.parametrize(
    ("data", "field", "problem"),
    [
        ({"ibna": "FR7630006000011234567890189"}, "creditor_details.ibna", "unknown field"),
        ({"agency": {"name": "Recouvra SAS"}}, "creditor_details.agency.address", "missing"),
        ({"commissaire": {"address": "Lyon"}}, "creditor_details.commissaire.name", "missing"),
        (
            {"agency": {"name": "R", "address": "Paris", "siren": "123"}},
            "creditor_details.agency.siren",
            "unknown field",
        ),
        ({"agency": "Recouvra SAS"}, "creditor_details.agency", "mapping"),
        (["iban"], "creditor_details", "mapping"),
    ],
)
def test_creditor_details_from_dict_is_strict(data: Any, field: str, problem: str) -> None:
    with pytest.raises(InvalidData, match=problem) as caught:
        CreditorDetails.from_dict(data)
    assert caught.value.field == field


def test_creditor_details_from_dict_checks_values() -> None:
    with pytest.raises(InvalidValue, match="IBAN"):
        CreditorDetails.from_dict({"iban": "FR76 0000"})
    with pytest.raises(InvalidValue, match="at least 1"):
        CreditorDetails.from_dict({"cure_days": 0})
    with pytest.raises(InvalidType):
        CreditorDetails.from_dict({"agency": {"name": 3, "address": "Paris"}})
    with pytest.raises(InvalidData, match="missing"):
        Organisation.from_dict({"name": "Recouvra SAS"})


def test_bad_arguments() -> None:
    claim = sample_claim()
    other = attrs.evolve(claim, id="OTHER")
    with pytest.raises(InvalidValue, match="another claim"):
        render_notice(decision("REMINDER", other), claim)
    with pytest.raises(InvalidType):
        render_notice(decision("REMINDER", claim), "claim")  # type: ignore[arg-type]
    with pytest.raises(InvalidValue, match="reminder tone"):
        render_notice(decision("REMINDER", claim, tone="angry"), claim)
    with pytest.raises(InvalidValue, match="no built-in templates"):
        render_notice(decision("REMINDER", claim), claim, locale="de_DE")
    with pytest.raises(InvalidType):
        render_notice(decision("REMINDER", claim), claim, creditor_details={"iban": "x"})  # type: ignore[arg-type]
    with pytest.raises(InvalidValue, match="IBAN"):
        CreditorDetails(iban="FR76 0000")
    with pytest.raises(InvalidValue):
        CreditorDetails(cure_days=0)
    with pytest.raises(InvalidType, match="schedule"):
        render_notice(decision("PAYMENT_PLAN_OFFER", claim), claim, schedule=[1, 2])  # type: ignore[list-item]


def test_debtor_notice_checks_its_claims() -> None:
    claim = sample_claim()
    stranger = attrs.evolve(
        claim, id="X", debtor=Debtor(id="OTHER", name="Autre SARL", kind="professional")
    )
    with pytest.raises(InvalidValue, match="one debtor"):
        render_debtor_notice(
            [(decision("REMINDER", claim), claim), (decision("REMINDER", stranger), stranger)]
        )
    with pytest.raises(NoticeNotAvailable):
        render_debtor_notice([(decision("WAIT", claim), claim)])
    with pytest.raises(NoticeNotAvailable):
        render_debtor_notice([])
    two = attrs.evolve(claim, id="F-2")
    notice = render_debtor_notice(
        [
            (decision("REMINDER", claim, tone="courteous"), claim),
            (decision("REMINDER", two, tone="formal"), two),
        ],
        locale="en_GB",
    )
    assert notice.tone == "formal"
    assert notice.claim_ids == ("F-2025-0042", "F-2")


# -- HTML ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("action", "tone"), CASES)
def test_html_escapes_every_value(action: str, tone: str | None) -> None:
    evil = "<script>alert('x')</script> & Co"
    claim = attrs.evolve(
        sample_claim(),
        debtor=Debtor(id="D", name=evil, kind="professional", address="1 rue <b>\n75001 Paris"),
        reference="<img src=x onerror=alert(1)>",
    )
    details = attrs.evolve(DETAILS, contact='"><script>x</script>', signature="<i>Me</i>")
    notice = render_notice(
        decision(action, claim, tone=tone), claim, creditor_details=details, locale="en_GB"
    )
    assert "<script" not in notice.html
    assert "<img" not in notice.html
    assert "<b>" not in notice.html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; Co" in notice.html
    assert evil in notice.text  # the plain text keeps the name as is
    assert notice.html.startswith("<!DOCTYPE html>")
    assert '<html lang="en">' in notice.html


# -- property: every amount in the text is one of the decision's, formatted ----------------------

_MONEY = {
    "fr_FR": re.compile(r"-?\d{1,3}(?:\u202f\d{3})*,\d{2}\xa0€"),
    "en_GB": re.compile(r"-?€\d{1,3}(?:,\d{3})*\.\d{2}"),
}


@st.composite
def _claims(draw: st.DrawFn) -> tuple[Claim, pendulum.Date]:
    professional = draw(st.booleans())
    issued = pendulum.Date(2019, 1, 1).add(days=draw(st.integers(0, 2000)))
    amount = Money(draw(st.decimals("0.01", "250000", places=2)))
    payments: list[Payment] = []
    if draw(st.booleans()):
        paid = (amount.amount * draw(st.decimals("0.01", "0.99", places=2))).quantize(
            Decimal("0.01")
        )
        if paid > 0:
            payments.append(Payment(on=issued.add(days=draw(st.integers(31, 120))), amount=paid))
    claim = Claim(
        id="F-" + str(draw(st.integers(1, 9999))),
        creditor=Creditor(id="C", name="Acme SAS", kind="professional", address="1 rue A"),
        debtor=Debtor(
            id="D", name="Débiteur", kind="professional" if professional else "individual"
        ),
        nature="commercial" if professional else "consumer",
        amount=amount,
        issued_on=issued,
        due_on=issued.add(days=30),
        payments=payments,
    )
    as_of = issued.add(days=draw(st.integers(31, 400)))
    return claim, as_of


@settings(max_examples=40, deadline=None)
@given(
    case=_claims(),
    action=st.sampled_from(CASES),
    locale=st.sampled_from(LOCALES),
)
def test_every_amount_in_the_text_is_a_decision_amount(
    case: tuple[Claim, pendulum.Date], action: tuple[str, str | None], locale: str
) -> None:
    claim, as_of = case
    d = decision(action[0], claim, on=as_of, tone=action[1])
    notice = render_notice(d, claim, locale=locale, creditor_details=DETAILS)
    due = d.amounts

    def fmt(m: Money) -> str:
        return format_money(m, locale=locale)

    allowed = {
        fmt(m)
        for m in (claim.amount, due.principal, due.interest, due.indemnity, due.penalty, due.total)
    }
    found = _MONEY[locale].findall(notice.text)
    if notice.kind is NoticeKind.PAYMENT_PLAN_OFFER:
        # the default schedule: 3 monthly instalments, the last one takes the remainder
        part = (due.total.amount / 3).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
        parts = [part, part, due.total.amount - 2 * part]
        assert sum(parts) == due.total.amount
        allowed |= {fmt(Money(p)) for p in parts if p > 0}
    assert set(found) <= allowed, (set(found) - allowed, allowed)
    assert fmt(due.total) in found
    with_breakdown = notice.kind is not NoticeKind.PAYMENT_PLAN_OFFER and notice.tone != "courteous"
    if with_breakdown:
        for line in (due.principal, due.interest):
            assert fmt(line) in found
        if due.indemnity:
            assert fmt(due.indemnity) in found
    assert notice.subject
    assert "\n" not in notice.subject
    assert "${" not in notice.text
    assert "${" not in notice.html


def test_render_is_deterministic_and_fast_path_reuses_templates() -> None:
    claim = sample_claim()
    d = decision("FORMAL_NOTICE", claim)
    assert render_notice(d, claim) == render_notice(d, claim)
    assert load_template("formal_notice", "fr_FR") is load_template("formal_notice", "fr_FR")
    assert TONES == ("courteous", "firm", "formal")


# -- with the real decision engine -------------------------------------------------------------


def _amounts_in(text: str, locale: str) -> set[str]:
    return set(_MONEY[locale].findall(text))


@settings(max_examples=30, deadline=None)
@given(case=_claims(), locale=st.sampled_from(LOCALES))
def test_real_decisions_render_with_their_amounts(
    case: tuple[Claim, pendulum.Date], locale: str
) -> None:
    claim, as_of = case
    d = next_action(claim, as_of=as_of)
    if notice_kind(d.action) is None:
        with pytest.raises(NoticeNotAvailable):
            render_notice(d, claim, locale=locale, creditor_details=DETAILS)
        assert notice_for_claim(claim, as_of=as_of, creditor_details=DETAILS) is None
        return
    notice = render_notice(d, claim, locale=locale, creditor_details=DETAILS)
    due = d.amounts if d.amounts is not None else amounts_due(claim, as_of=d.on)
    allowed = {
        format_money(m, locale=locale)
        for m in (claim.amount, due.principal, due.interest, due.indemnity, due.penalty, due.total)
    }
    found = _amounts_in(notice.text, locale)
    if notice.kind is NoticeKind.PAYMENT_PLAN_OFFER:
        part = (due.total.amount / 3).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
        allowed |= {
            format_money(Money(p), locale=locale) for p in (part, due.total.amount - 2 * part)
        }
    assert found <= allowed
    assert format_money(due.total, locale=locale) in found


def test_sample_claim_timeline_with_next_action() -> None:
    claim = sample_claim()
    kinds = []
    for day in ("2025-02-20", "2025-03-10", "2025-04-01", "2025-04-15"):
        d = next_action(claim, as_of=day)
        notice = notice_for_claim(claim, as_of=day, locale="en_GB", creditor_details=DETAILS)
        if notice is None:
            assert notice_kind(d.action) is None
            continue
        assert notice == render_notice(d, claim, locale="en_GB", creditor_details=DETAILS)
        kinds.append((notice.kind.value, notice.tone))
    assert kinds[0] == ("reminder", "courteous")
    assert ("reminder", "firm") in kinds


def test_real_decision_variants() -> None:
    claim = sample_claim()
    legal = Decision(
        claim_id=claim.id, as_of=AS_OF, action=Action.REMINDER, on=AS_OF, tone=Tone.LEGAL
    )
    notice = render_notice(legal, claim)  # amounts computed, LEGAL tone -> formal reminder
    assert notice.tone == "formal"
    assert format_money(amounts_due(claim, as_of=AS_OF).total, locale="fr_FR") in notice.text
    offer = Decision(claim_id=claim.id, as_of=AS_OF, action=Action.PAYMENT_PLAN_OFFER, on=AS_OF)
    proposal = propose_payment_plan(claim, as_of=AS_OF, instalments=2, first_due="2025-07-31")
    text = render_notice(offer, claim, locale="en_GB", schedule=proposal).text
    assert "Instalment 2: €806.75 by 31 August 2025" in text


# -- legal review 2 (F9, F10b) ----------------------------------------------------------------


def test_statute_status_and_notice_warnings() -> None:
    # Reference confidence legend: S = secondary source. The letter reproduces the text but
    # says to check it on Legifrance (review F9).
    assert statute_status("l111_8") == "P"
    assert statute_status("l125_1") == "P"
    assert {statute_status(k) for k in ("l111_2", "l111_3", "civ_2238")} == {"S"}
    claim = sample_claim()
    agency = render_notice(decision("AGENCY_HANDOVER", claim), claim, creditor_details=DETAILS)
    assert agency.warnings == ()  # L111-8 is P
    invitation = render_notice(
        decision("SMALL_CLAIMS_PROCEDURE", claim), claim, creditor_details=DETAILS
    )
    assert len(invitation.warnings) == 3
    assert all("secondary source" in w and "Legifrance" in w for w in invitation.warnings)
    assert invitation.to_dict()["warnings"] == list(invitation.warnings)
    reminder = render_notice(decision("REMINDER", claim, tone="firm"), claim)
    assert reminder.warnings == ()


@pytest.mark.parametrize("locale", LOCALES)
def test_formal_notice_interest_sentence_follows_the_regime(locale: str) -> None:
    # C. com. L441-10 II: commercial penalties already run; otherwise the formal notice makes
    # interest at the legal rate run (C. civ. 1344-1, reference §C.1) (review F10b).
    claim = sample_claim()
    commercial = render_notice(
        decision("FORMAL_NOTICE", claim), claim, locale=locale, creditor_details=DETAILS
    ).text
    labels = tomllib.loads(
        (
            Path(__file__).parents[1]
            / "src/recouvrement/jurisdictions/fr/templates"
            / locale
            / "labels.toml"
        ).read_text("utf-8")
    )
    assert labels["interest_running_commercial"] in commercial
    assert "1344-1" not in commercial
    person = Debtor(id="P", name="Paul Petit", kind="individual", address="2 rue B\n69001 Lyon")
    # the sample's formal notice of 2 April left out: this letter is the first
    first = tuple(e for e in claim.events if not isinstance(e, FormalNotice))
    civil = attrs.evolve(claim, nature="civil", debtor=person, events=first)
    text = render_notice(
        decision("FORMAL_NOTICE", civil), civil, locale=locale, creditor_details=DETAILS
    ).text
    assert labels["interest_running_from_notice"] in text
    assert labels["interest_running_commercial"] not in text
    assert "1344-1" in text
    # after the sample's formal notice, interest already runs: this letter does not start it
    again = attrs.evolve(civil, events=claim.events)
    text = render_notice(
        decision("FORMAL_NOTICE", again), again, locale=locale, creditor_details=DETAILS
    ).text
    assert labels["interest_running_already"] in text
    assert labels["interest_running_from_notice"] not in text
