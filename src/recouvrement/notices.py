"""Notices: the letters a decision sends, with the mentions the law requires.

`render_notice` turns a decision (what to do about a claim, from
``recouvrement.decisions.next_action``) into a `Notice`: a subject, a plain text and an
HTML version, in the debtor's language, for every action that sends something:

- ``REMINDER``: a reminder (relance) in the tone of the step (courteous, firm, formal);
- ``FORMAL_NOTICE``: the formal notice (mise en demeure, C. civ. 1344) with the breakdown
  into principal, late interest (rate and period) and, for a professional debtor, the
  40 EUR indemnity (C. com. L441-10 II, D441-5), the cure period and its end date, the
  consequences, sent by registered letter with acknowledgment of receipt;
- ``AGENCY_HANDOVER``: the collection agency's letter to the debtor (CPCE R124-4), with
  the reproduction of CPCE L111-8 al. 2 and 3;
- ``SMALL_CLAIMS_PROCEDURE``: the invitation to the simplified small-claims procedure
  (CPCE L125-1, R125-2);
- ``PAYMENT_PLAN_OFFER``: a payment plan proposal with its schedule;
- ``SUSPEND_DELIVERIES``: the notification that deliveries are suspended until payment, a
  contractual measure (French law: exception d'inexécution, C. civ. 1219, and its
  notification "dans les meilleurs délais", C. civ. 1220).

Templates are data: TOML files of the claim's jurisdiction (letters are law plus language:
French law's are under ``recouvrement/jurisdictions/fr/templates/<locale>/``) that a creditor
can replace with its own wording (`NoticeTemplate.from_toml`). A template that misses a
mandatory mention (the jurisdiction's ``mandatory_mentions``, for French law
``recouvrement/jurisdictions/fr/data/notice_mentions.toml``) is rejected when it is
built, with a [`MissingMention`][recouvrement.notices.MissingMention] naming it.

Amounts are formatted with `recouvrement.money.format_money` and dates with
``babel.dates.format_date`` for the locale. Every interpolated value is HTML-escaped in
the HTML version.

Examples:
    >>> from recouvrement.sample import sample_claim
    >>> from recouvrement.interest import amounts_due
    >>> from recouvrement.decisions import Action, Decision
    >>> from recouvrement.notices import render_notice, CreditorDetails
    >>> claim = sample_claim()
    >>> decision = Decision(claim_id=claim.id, as_of="2025-06-30", action=Action.FORMAL_NOTICE,
    ...                     on="2025-06-30", amounts=amounts_due(claim, as_of="2025-06-30"))
    >>> notice = render_notice(decision, claim, locale="fr_FR",
    ...     creditor_details=CreditorDetails(iban="FR7630006000011234567890189"))
    >>> notice.subject
    'Mise en demeure de payer : facture F-2025-0042'
    >>> "1\\u202f613,50\\xa0€" in notice.text, "le 8 juillet 2025" in notice.text
    (True, True)
"""

from __future__ import annotations

import datetime as _dt
import html
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import ROUND_DOWN, Decimal
from enum import Enum
from functools import cache, cached_property
from os import PathLike
from pathlib import Path
from string import Template
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

import attrs
import pendulum
from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_percent, get_decimal_symbol
from stdnum import bic as _bic
from stdnum import iban as _iban
from stdnum.exceptions import ValidationError as _StdnumError
from stdnum.fr import siren as _siren

from . import jurisdictions
from ._convert import to_date, to_enum, to_int
from ._serde import check_keys
from .actions import ACTIONS
from .claims import Claim
from .decisions import PlanProposal, next_action
from .errors import InvalidType, InvalidValue
from .events import Channel, Instalment, PaymentPlan
from .events import Reminder as ReminderEvent
from .history import ClaimHistory
from .interest import AmountsDue, amounts_due
from .money import Money, currency_precision, format_money, to_money

if TYPE_CHECKING:
    from .jurisdictions.base import Jurisdiction

__all__ = [
    "KNOWN_PLACEHOLDERS",
    "STATUTE_KEYS",
    "TONES",
    "CreditorDetails",
    "DecisionLike",
    "InvalidTemplate",
    "Mention",
    "MissingMention",
    "Notice",
    "NoticeKind",
    "NoticeNotAvailable",
    "NoticeTemplate",
    "Organisation",
    "load_template",
    "mandatory_mentions",
    "notice_for_claim",
    "notice_kind",
    "render_debtor_notice",
    "render_notice",
    "statute_status",
    "statute_text",
]

#: The tones a reminder template provides, softest first.
TONES = ("courteous", "firm", "formal")

_DEFAULT_JURISDICTION = "FR"


# -- errors -----------------------------------------------------------------------------------


class InvalidTemplate(InvalidValue):
    """A notice template cannot be used (bad TOML, unknown placeholder, missing part...).

    Attributes:
        kind: The notice kind of the template, when known.
        locale: Its locale, when known.
    """

    def __init__(
        self,
        field: str | None,
        value: Any,
        problem: str,
        *,
        kind: str | None = None,
        locale: str | None = None,
    ) -> None:
        where = f"template {kind}/{locale}: " if kind else ""
        super().__init__(field, value, where + problem)
        self.kind = kind
        self.locale = locale


class MissingMention(InvalidTemplate):
    """A notice template lacks a mandatory mention.

    Attributes:
        mention: The id of the missing mention (``"l111_8"``, ``"deadline"``...).
        basis: The article the mention rests on (``"CPCE R124-4 5°"``) or ``"practice"``.
    """

    def __init__(
        self, mention: Mention, *, kind: str, locale: str, variant: str | None = None
    ) -> None:
        if mention.placeholder:
            need = f"placeholder ${{{mention.placeholder}}}"
        else:
            need = "one of the phrases " + ", ".join(map(repr, mention.phrases(locale)))
        part = f" (variant {variant!r})" if variant else ""
        super().__init__(
            "text",
            mention.id,
            f"missing mandatory mention {mention.id!r}{part}: {mention.description} "
            f"[{mention.basis}]; the text must contain {need}",
            kind=kind,
            locale=locale,
        )
        self.mention = mention.id
        self.basis = mention.basis


class NoticeNotAvailable(InvalidValue):
    """No notice can be rendered: the action sends nothing, or a required detail is missing.

    The ``field`` names what is missing (``"creditor_details.agency"``,
    ``"claim.creditor.address"``) or ``"decision.action"``.
    """


# -- kinds --------------------------------------------------------------------------------------


class NoticeKind(str, Enum):
    """The kinds of notice, one template each per locale."""

    REMINDER = "reminder"
    """A reminder (relance), in one of the `TONES`."""
    FORMAL_NOTICE = "formal_notice"
    """A formal notice (mise en demeure, C. civ. 1344)."""
    AGENCY_LETTER = "agency_letter"
    """The collection agency's letter to the debtor (CPCE R124-4)."""
    SMALL_CLAIMS_INVITATION = "small_claims_invitation"
    """The invitation to the simplified small-claims procedure (CPCE R125-2)."""
    PAYMENT_PLAN_OFFER = "payment_plan_offer"
    """A payment plan proposal with its schedule."""
    SUSPENSION_NOTICE = "suspension_notice"
    """The notification that deliveries are suspended until payment (French law: exception
    d'inexécution, C. civ. 1219-1220, a contractual measure)."""


# The letter each action sends: one column of the action table (`recouvrement.actions`).
_ACTION_KINDS = {a.name: NoticeKind(spec.notice) for a, spec in ACTIONS.items() if spec.notice}
# How far up the ladder each kind sits, for a debtor-level notice (the highest wins).
_RANK = {
    NoticeKind.REMINDER: 1,
    NoticeKind.PAYMENT_PLAN_OFFER: 2,
    NoticeKind.SUSPENSION_NOTICE: 3,
    NoticeKind.FORMAL_NOTICE: 4,
    NoticeKind.AGENCY_LETTER: 5,
    NoticeKind.SMALL_CLAIMS_INVITATION: 6,
}


def _name(value: Any) -> str:
    """The name of an enum member, or the upper-cased string."""
    name = getattr(value, "name", None)
    if isinstance(name, str):
        return name
    if isinstance(value, str):
        return value.upper()
    return str(value)


def notice_kind(action: Any) -> NoticeKind | None:
    """Return the kind of notice an action sends, or ``None`` when it sends nothing.

    Accepts an ``Action`` member or its name.

    Examples:
        >>> notice_kind("FORMAL_NOTICE"), notice_kind("AGENCY_HANDOVER"), notice_kind("WAIT")
        (<NoticeKind.FORMAL_NOTICE: 'formal_notice'>, <NoticeKind.AGENCY_LETTER: 'agency_letter'>, None)
    """
    return _ACTION_KINDS.get(_name(action))


class DecisionLike(Protocol):
    """What `render_notice` reads from a decision (``recouvrement.decisions.Decision``).

    Attributes:
        action: The ``Action`` (or its name).
        on: The date to act: the letter's date.
        step: The policy step id, if any.
        tone: ``"courteous"``, ``"firm"`` or ``"formal"`` (or an enum with those values).
        amounts: The `AmountsDue` of the claim on ``on`` (computed with
            `recouvrement.interest.amounts_due` when ``None``).
        deadline: The cure period's end (formal notice) or another deadline, if any.
    """

    @property
    def action(self) -> Any: ...

    @property
    def on(self) -> Any: ...

    @property
    def step(self) -> str | None: ...

    @property
    def tone(self) -> Any: ...

    @property
    def amounts(self) -> AmountsDue | None: ...

    @property
    def deadline(self) -> Any: ...


# -- mentions and statutes ------------------------------------------------------------------


@attrs.frozen(slots=True, kw_only=True)
class Mention:
    """A mandatory mention of a notice kind (from the jurisdiction's mentions file).

    Attributes:
        kind: The notice kind.
        id: A stable id (``"breakdown"``, ``"l111_8"``).
        placeholder: The placeholder the template must use, or ``None``.
        required_text: Per locale, phrases of which the text must contain one
            (case-insensitive), when the mention is a wording rather than a value.
        basis: The article it rests on, or ``"practice"``.
        description: What it is.

    Examples:
        >>> [m.id for m in mandatory_mentions("agency_letter")][:3]
        ['agency', 'amicable_collection_statement', 'creditor']
    """

    kind: NoticeKind
    id: str
    placeholder: str | None
    required_text: Mapping[str, tuple[str, ...]]
    basis: str
    description: str

    def phrases(self, locale: str) -> tuple[str, ...]:
        """The accepted phrases for ``locale`` (its language's, else every locale's)."""
        if locale in self.required_text:
            return self.required_text[locale]
        language = locale.split("_")[0]
        same = [
            p for loc, ps in self.required_text.items() if loc.split("_")[0] == language for p in ps
        ]
        if same:
            return tuple(same)
        return tuple(p for ps in self.required_text.values() for p in ps)

    def is_in(self, text: str, placeholders: frozenset[str], locale: str) -> bool:
        """Whether a template text carries this mention."""
        if self.placeholder is not None:
            return self.placeholder in placeholders
        folded = text.casefold()
        return any(p.casefold() in folded for p in self.phrases(locale))


def _law(jurisdiction: Any) -> Jurisdiction:
    if not isinstance(jurisdiction, str):
        raise InvalidType("jurisdiction", jurisdiction, "str such as 'FR'")
    return jurisdictions.get(jurisdiction)


@cache
def _mentions_data(jurisdiction: str = _DEFAULT_JURISDICTION) -> dict[str, Any]:
    """The mandatory mentions and statute texts of a jurisdiction's letters (read once)."""
    raw = _law(jurisdiction).mandatory_mentions.read_text(encoding="utf-8")
    return tomllib.loads(raw)


@cache
def _mentions(kind: NoticeKind, jurisdiction: str = _DEFAULT_JURISDICTION) -> tuple[Mention, ...]:
    out = []
    for row in _mentions_data(jurisdiction)["mention"]:
        if row["kind"] != kind.value:
            continue
        out.append(
            Mention(
                kind=kind,
                id=row["id"],
                placeholder=row.get("placeholder"),
                required_text={k: tuple(v) for k, v in row.get("required_text", {}).items()},
                basis=row["basis"],
                description=row["description"],
            )
        )
    return tuple(out)


def mandatory_mentions(
    kind: NoticeKind | str | None = None, *, jurisdiction: str = _DEFAULT_JURISDICTION
) -> tuple[Mention, ...]:
    """The mandatory mentions of a notice kind (all kinds when ``kind`` is ``None``).

    They are the law of ``jurisdiction`` (its ``mandatory_mentions`` resource).

    Examples:
        >>> [(m.id, m.basis) for m in mandatory_mentions("agency_letter")][-2:]
        [('l111_8', 'CPCE R124-4 5°'), ('letter_reference', 'CPCE R124-4 last al.')]
    """
    code = _law(jurisdiction).code
    if kind is None:
        return tuple(m for k in NoticeKind for m in _mentions(k, code))
    return _mentions(to_enum(NoticeKind, kind, "kind"), code)


def _statute_row(key: str, jurisdiction: str) -> Mapping[str, Any]:
    table = _mentions_data(_law(jurisdiction).code).get("statute", {})
    if key not in table:
        raise InvalidValue("key", key, f"unknown statute (one of {', '.join(sorted(table))})")
    row: Mapping[str, Any] = table[key]
    return row


def statute_text(
    key: str, *, jurisdiction: str = _DEFAULT_JURISDICTION
) -> tuple[str, tuple[str, ...]]:
    """Return ``(citation, paragraphs)`` of a statute some letters must reproduce.

    Keys: ``"l111_8"`` (CPCE L111-8 al. 2 and 3), ``"l111_2"``, ``"l111_3"``,
    ``"l125_1"`` (CPCE), ``"civ_2238"`` (C. civ. 2238). The French original, as read on
    the sources named in the jurisdiction's mentions file. How sure that wording is:
    `statute_status` (a letter reproducing a text that is not ``"P"`` carries a warning in
    `Notice.warnings`).

    Examples:
        >>> citation, paragraphs = statute_text("l111_8")
        >>> citation, paragraphs[0][:48]
        ('CPCE L111-8 al. 2 et 3', 'Les frais de recouvrement entrepris sans titre e')
    """
    row = _statute_row(key, jurisdiction)
    return str(row["citation"]), tuple(row["paragraphs"])


def statute_status(key: str, *, jurisdiction: str = _DEFAULT_JURISDICTION) -> str:
    """Return the confidence of a reproduced statute text: ``"P"`` or ``"S"``.

    ``"P"``: the official wording was read on a page reproducing it (Legifrance or a
    mirror). ``"S"``: the wording comes from a secondary source quoting it (a law firm's
    page): very probably right, but check it on Legifrance before sending.

    Examples:
        >>> statute_status("l111_8"), statute_status("l111_2")
        ('P', 'S')
    """
    return str(_statute_row(key, jurisdiction)["status"])


#: The statutes a template can reproduce (each is also a placeholder).
STATUTE_KEYS = ("l111_8", "l111_2", "l111_3", "l125_1", "civ_2238")


def _statute_warnings(placeholders: frozenset[str], jurisdiction: str) -> tuple[str, ...]:
    """One warning per reproduced statute whose text is not confirmed in a primary text."""
    found = []
    data = _mentions_data(jurisdiction)
    statutes = data.get("statute", {})
    official = data.get("meta", {}).get("official_source", "the official journal")
    for key in STATUTE_KEYS:
        if key in placeholders and key in statutes and statutes[key]["status"] != "P":
            row = statutes[key]
            found.append(
                f"{row['citation']}: text from a secondary source (confidence "
                f"{row['status']}); check it on {official} before sending"
            )
    return tuple(found)


# -- creditor details -------------------------------------------------------------------------


def _text_field(field: str, *, optional: bool = True) -> Any:
    def check(_: Any, __: attrs.Attribute[Any], value: Any) -> None:
        if value is None and optional:
            return
        if not isinstance(value, str):
            raise InvalidType(field, value, "str")
        if not value.strip():
            raise InvalidValue(field, value, "must not be empty")

    return check


@attrs.frozen(slots=True, kw_only=True)
class Organisation:
    """A name and a postal address, as printed on a letter (an agency, a commissaire).

    Attributes:
        name: The name or company name.
        address: The address or registered office (lines separated by newlines).

    Examples:
        >>> Organisation(name="Recouvra SAS", address="1 rue Neuve\\n75002 Paris").name
        'Recouvra SAS'
    """

    name: str = attrs.field(validator=_text_field("name", optional=False))
    address: str = attrs.field(validator=_text_field("address", optional=False))

    @classmethod
    def from_dict(cls, data: Any) -> Organisation:
        """Build an organisation from a dict (or a TOML table) with ``name`` and ``address``.

        Raises:
            InvalidData: ``data`` is not a mapping, a key is unknown or missing.

        Examples:
            >>> Organisation.from_dict({"name": "Recouvra SAS", "address": "Paris"}).name
            'Recouvra SAS'
            >>> Organisation.from_dict({"name": "Recouvra SAS"})
            Traceback (most recent call last):
            ...
            recouvrement.errors.InvalidData: organisation.address=None: missing field
        """
        return _read_organisation(data, "organisation")


def _read_organisation(data: Any, where: str) -> Organisation:
    check_keys(data, required=("name", "address"), where=where)
    return Organisation(name=data["name"], address=data["address"])


def _to_iban(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidType("iban", value, "str")
    try:
        return str(_iban.format(_iban.validate(value)))
    except _StdnumError as exc:
        raise InvalidValue("iban", value, f"not a valid IBAN: {exc}") from None


def _to_bic(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidType("bic", value, "str")
    try:
        return str(_bic.validate(value))
    except _StdnumError as exc:
        raise InvalidValue("bic", value, f"not a valid BIC: {exc}") from None


def _positive_int(field: str) -> Any:
    def check(_: Any, __: attrs.Attribute[Any], value: Any) -> None:
        to_int(value, field)
        if value < 1:
            raise InvalidValue(field, value, "must be at least 1")

    return check


def _optional_org(field: str) -> Any:
    def check(_: Any, __: attrs.Attribute[Any], value: Any) -> None:
        if value is not None and not isinstance(value, Organisation):
            raise InvalidType(field, value, "Organisation or None")

    return check


def _to_capital(value: Any) -> Money | None:
    return None if value is None else to_money(value, "share_capital")


def _check_capital(instance: Any, _: attrs.Attribute[Any], value: Money | None) -> None:
    if value is None:
        return
    if value.amount <= 0:
        raise InvalidValue("share_capital", str(value), "must be more than zero")
    if instance.legal_form is None:
        raise InvalidValue(
            "share_capital", str(value), "give the legal_form too (SAS au capital de ...)"
        )


def _check_bool(field: str) -> Any:
    def check(_: Any, __: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, bool):
            raise InvalidType(field, value, "bool")

    return check


@attrs.frozen(slots=True, kw_only=True)
class CreditorDetails:
    """What a letter needs beyond the claim: how to pay, whom to contact, who signs.

    Attributes:
        iban: The creditor's IBAN (checked and formatted with python-stdnum).
        bic: Its BIC.
        payment_link: A URL where the debtor can pay.
        contact: A contact line (name, phone, e-mail).
        signature: The signature block (defaults to the creditor's name).
        agency: The collection agency's identity, required for the agency letter
            (CPCE R124-4 1°).
        commissaire: The commissaire de justice's identity, required for the small-claims
            invitation (CPCE R125-2 I 1°).
        letter_reference: The letter's reference (defaults to the claim ids and the date).
        cure_days: The cure period of a formal notice when the decision has no deadline
            (8 days by default).
        plan_instalments: The number of monthly instalments proposed when no schedule is
            given (3 by default).
        rcs_city: The city of the commercial court registry (greffe) where the creditor is
            registered: the letter then prints "RCS <city> <SIREN>" (the SIREN is the
            creditor's, ``claim.creditor.siren``, checked with python-stdnum).
        legal_form: The creditor's legal form (``"SAS"``, ``"SARL"``...), printed before
            its share capital.
        share_capital: Its share capital (`Money`, or a number in euros), printed as
            "SAS au capital de 50 000 €"; needs ``legal_form``.
        require_company_mentions: Refuse to render a letter that lacks the identifiers of
            a company registered in France: SIREN, RCS city, registered office (the
            creditor's address), legal form and share capital. The list comes from the
            creditor's jurisdiction data (French law: C. com. R123-237, marked *to
            confirm*); off by default.

    Examples:
        >>> CreditorDetails(iban="fr76 3000 6000 0112 3456 7890 189", bic="AGRIFRPP").iban
        'FR76 3000 6000 0112 3456 7890 189'
        >>> CreditorDetails(rcs_city="Lyon", legal_form="SAS", share_capital="50000").share_capital
        Money('50000', 'EUR')
        >>> CreditorDetails(share_capital="50000")
        Traceback (most recent call last):
        ...
        recouvrement.errors.InvalidValue: share_capital='50000 EUR': give the legal_form too (SAS au capital de ...)
    """

    iban: str | None = attrs.field(default=None, converter=_to_iban)
    bic: str | None = attrs.field(default=None, converter=_to_bic)
    payment_link: str | None = attrs.field(default=None, validator=_text_field("payment_link"))
    contact: str | None = attrs.field(default=None, validator=_text_field("contact"))
    signature: str | None = attrs.field(default=None, validator=_text_field("signature"))
    agency: Organisation | None = attrs.field(default=None, validator=_optional_org("agency"))
    commissaire: Organisation | None = attrs.field(
        default=None, validator=_optional_org("commissaire")
    )
    letter_reference: str | None = attrs.field(
        default=None, validator=_text_field("letter_reference")
    )
    cure_days: int = attrs.field(default=8, validator=_positive_int("cure_days"))
    plan_instalments: int = attrs.field(default=3, validator=_positive_int("plan_instalments"))
    rcs_city: str | None = attrs.field(default=None, validator=_text_field("rcs_city"))
    legal_form: str | None = attrs.field(default=None, validator=_text_field("legal_form"))
    share_capital: Money | None = attrs.field(
        default=None, converter=_to_capital, validator=_check_capital
    )
    require_company_mentions: bool = attrs.field(
        default=False, validator=_check_bool("require_company_mentions")
    )

    @classmethod
    def from_dict(cls, data: Any) -> CreditorDetails:
        """Build the details from a dict, such as a parsed TOML or JSON file.

        The keys are the attribute names, all optional; ``agency`` and ``commissaire`` are
        tables (dicts) with exactly ``name`` and ``address``. The values are checked as by
        the constructor (the IBAN and the BIC with python-stdnum).

        Args:
            data: A mapping of attribute names to values.

        Raises:
            InvalidData: ``data`` (or an ``agency`` or ``commissaire`` table) is not a
                mapping, or has an unknown key, or a table lacks ``name`` or ``address``;
                the error names the field (``creditor_details.agency.address``).
            InvalidValue: A value is refused (an invalid IBAN, ``cure_days = 0``...).

        Examples:
            >>> import tomllib
            >>> details = CreditorDetails.from_dict(tomllib.loads('''
            ... iban = "FR7630006000011234567890189"
            ... [agency]
            ... name = "Recouvra SAS"
            ... address = "1 rue Neuve, 75002 Paris"
            ... '''))
            >>> details.iban, details.agency.name
            ('FR76 3000 6000 0112 3456 7890 189', 'Recouvra SAS')
            >>> CreditorDetails.from_dict({"ibna": "FR7630006000011234567890189"})
            Traceback (most recent call last):
            ...
            recouvrement.errors.InvalidData: creditor_details.ibna='FR7630006000011234567890189': unknown field ...
        """
        where = "creditor_details"
        check_keys(data, required=(), optional=_DETAIL_KEYS, where=where)
        values = dict(data)
        for key in ("agency", "commissaire"):
            if values.get(key) is not None:
                values[key] = _read_organisation(values[key], f"{where}.{key}")
        return cls(**values)


_DETAIL_KEYS = tuple(field.name for field in attrs.fields(CreditorDetails))


# -- the rendered notice --------------------------------------------------------------------


def _to_warnings(value: Any) -> tuple[str, ...]:
    return tuple(str(item) for item in value)


@attrs.frozen(slots=True, kw_only=True)
class Notice:
    """A rendered letter.

    Attributes:
        kind: The `NoticeKind`.
        locale: The locale it is written in.
        subject: A one-line subject (for an e-mail or the letter's "Objet").
        text: The plain text.
        html: A complete HTML document with the same content, every value escaped.
        claim_ids: The claims it covers.
        tone: The reminder's tone (``None`` for other kinds).
        warnings: What to check before sending: one line per reproduced statute whose
            wording comes from a secondary source (see `statute_status`).

    Examples:
        >>> n = Notice(kind=NoticeKind.REMINDER, locale="en_GB", subject="s", text="t",
        ...            html="<p>t</p>", claim_ids=("F-1",), tone="firm")
        >>> n.to_dict()["kind"]
        'reminder'
    """

    kind: NoticeKind
    locale: str
    subject: str
    text: str
    html: str
    claim_ids: tuple[str, ...]
    tone: str | None = None
    warnings: tuple[str, ...] = attrs.field(default=(), converter=_to_warnings)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-compatible dict."""
        return {
            "kind": self.kind.value,
            "locale": self.locale,
            "subject": self.subject,
            "text": self.text,
            "html": self.html,
            "claim_ids": list(self.claim_ids),
            "tone": self.tone,
            "warnings": list(self.warnings),
        }


# -- templates ----------------------------------------------------------------------------------

#: Every placeholder a template may use (see docs/guides/notices.md for their content).
KNOWN_PLACEHOLDERS = frozenset(
    {
        "creditor",
        "creditor_name",
        "debtor",
        "debtor_name",
        "date",
        "letter_reference",
        "references",
        "claims",
        "principal",
        "interest",
        "indemnity",
        "penalty",
        "total",
        "breakdown",
        "interest_notice",
        "interest_running",
        "payment_methods",
        "contact",
        "signature",
        "deadline",
        "cure_days",
        "agency",
        "agency_name",
        "commissaire",
        "commissaire_name",
        "response_deadline",
        "schedule",
        "instalments",
        "l111_8",
        "l111_2",
        "l111_3",
        "l125_1",
        "civ_2238",
        "history",
        "reminder_title",
        "first_reminder_terms",
        "lawyer_notice_interruption",
        "plan_interest",
    }
)


def _placeholders(text: str, field: str, kind: str, locale: str) -> frozenset[str]:
    names = set()
    for match in Template.pattern.finditer(text):
        if match.group("invalid") is not None:
            snippet = text[match.start() : match.start() + 20]
            raise InvalidTemplate(
                field,
                snippet,
                "invalid '$' (write '$$' for a dollar sign)",
                kind=kind,
                locale=locale,
            )
        name = match.group("named") or match.group("braced")
        if name is not None:
            names.add(name)
    unknown = sorted(names - KNOWN_PLACEHOLDERS)
    if unknown:
        raise InvalidTemplate(
            field, unknown[0], f"unknown placeholder ${{{unknown[0]}}}", kind=kind, locale=locale
        )
    return frozenset(names)


@attrs.frozen(slots=True, kw_only=True)
class _Variant:
    subject: str
    text: str


def _check_str(data: Mapping[str, Any], key: str, kind: str, locale: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise InvalidTemplate(key, value, "must be a non-empty string", kind=kind, locale=locale)
    return value.strip("\n")


@cache
def _builtin_labels(locale: str, jurisdiction: str = _DEFAULT_JURISDICTION) -> Mapping[str, str]:
    raw = _law(jurisdiction).templates.joinpath(locale, "labels.toml")
    return tomllib.loads(raw.read_text(encoding="utf-8"))


def _base_locale(locale: str, jurisdiction: str = _DEFAULT_JURISDICTION) -> str:
    """The packaged locale of ``jurisdiction`` that serves ``locale`` (its language's first)."""
    locales = _law(jurisdiction).locales
    if locale in locales:
        return locale
    language = locale.split("_")[0]
    default = next((known for known in locales if known.split("_")[0] == language), None)
    if default is None:
        raise InvalidValue(
            "locale",
            locale,
            f"no built-in templates (available: {', '.join(locales)}); pass your own template",
        )
    return default


def _to_jurisdiction(value: Any) -> str:
    return _law(value).code


def _to_kind(value: Any) -> NoticeKind:
    return to_enum(NoticeKind, value, "kind")


@attrs.frozen(slots=True, kw_only=True)
class NoticeTemplate:
    """The wording of one notice kind in one locale, validated when built.

    A template has a ``subject`` and a ``text`` (``string.Template`` syntax: ``${name}``,
    ``$$`` for a dollar sign) over the placeholders in `KNOWN_PLACEHOLDERS`; a reminder
    template instead has one variant per tone (``variants``: ``{"courteous": {"subject":
    ..., "text": ...}, ...}``). ``labels`` override the words used inside the generated
    blocks (claims list, breakdown...). Paragraphs are separated by blank lines; a
    placeholder alone in its paragraph is rendered as a block (a list or a quotation in
    HTML); a paragraph whose optional value is absent (``contact``, ``interest_notice``)
    is left out.

    Raises:
        MissingMention: A mandatory mention of the kind is missing.
        InvalidTemplate: Bad TOML, an unknown placeholder, a missing part.

    Examples:
        >>> t = load_template("formal_notice", "en_GB")
        >>> t.kind, t.locale, sorted(t.placeholders())[:3]
        (<NoticeKind.FORMAL_NOTICE: 'formal_notice'>, 'en_GB', ['breakdown', 'claims', 'contact'])
        >>> bad = t.text.replace("${deadline}", "soon")
        >>> NoticeTemplate(kind="formal_notice", locale="en_GB", subject=t.subject, text=bad)
        Traceback (most recent call last):
        ...
        recouvrement.notices.MissingMention: text='deadline': template formal_notice/en_GB: missing mandatory mention 'deadline': The end date of the cure period. [C. civ. 1344]; the text must contain placeholder ${deadline}
    """

    kind: NoticeKind = attrs.field(converter=_to_kind)
    locale: str = attrs.field(validator=_text_field("locale", optional=False))
    subject: str | None = None
    text: str | None = None
    variants: Mapping[str, _Variant] = attrs.field(factory=dict)
    labels: Mapping[str, str] = attrs.field(factory=dict)
    source: str = "<dict>"
    jurisdiction: str = attrs.field(default=_DEFAULT_JURISDICTION, converter=_to_jurisdiction)

    def __attrs_post_init__(self) -> None:
        kind, locale = self.kind.value, self.locale
        if self.kind is NoticeKind.REMINDER:
            if self.subject is not None or self.text is not None:
                raise InvalidTemplate(
                    "text",
                    self.text,
                    "a reminder template has one variant per tone "
                    f"({', '.join(TONES)}), not a top-level subject/text",
                    kind=kind,
                    locale=locale,
                )
            missing = [t for t in TONES if t not in self.variants]
            if missing:
                raise InvalidTemplate(
                    "variants",
                    sorted(self.variants),
                    f"missing tone variant {missing[0]!r}",
                    kind=kind,
                    locale=locale,
                )
            extra = sorted(set(self.variants) - set(TONES))
            if extra:
                raise InvalidTemplate(
                    "variants",
                    extra[0],
                    f"unknown tone (one of {', '.join(TONES)})",
                    kind=kind,
                    locale=locale,
                )
        else:
            if self.variants:
                raise InvalidTemplate(
                    "variants",
                    sorted(self.variants),
                    "only reminder templates have variants",
                    kind=kind,
                    locale=locale,
                )
            if not isinstance(self.subject, str) or not isinstance(self.text, str):
                raise InvalidTemplate(
                    "text", self.text, "needs a subject and a text", kind=kind, locale=locale
                )
        for key, value in self.labels.items():
            if not isinstance(value, str):
                raise InvalidTemplate(
                    f"labels.{key}", value, "must be a string", kind=kind, locale=locale
                )
        for name, variant in self._parts():
            _placeholders(variant.subject, "subject", kind, locale)
            used = _placeholders(variant.text, "text", kind, locale)
            for mention in _mentions(self.kind, self.jurisdiction):
                if not mention.is_in(variant.text, used, locale):
                    raise MissingMention(mention, kind=kind, locale=locale, variant=name)

    def _parts(self) -> list[tuple[str | None, _Variant]]:
        if self.kind is NoticeKind.REMINDER:
            return [(t, self.variants[t]) for t in TONES]
        assert self.subject is not None
        assert self.text is not None
        return [(None, _Variant(subject=self.subject, text=self.text))]

    def variant(self, tone: str | None) -> tuple[str, str]:
        """Return ``(subject, text)`` for ``tone`` (reminders) or the template's own."""
        if self.kind is NoticeKind.REMINDER:
            chosen = self.variants.get(tone or "courteous")
            if chosen is None:
                raise InvalidValue("tone", tone, f"not a reminder tone (one of {', '.join(TONES)})")
            return chosen.subject, chosen.text
        assert self.subject is not None
        assert self.text is not None
        return self.subject, self.text

    def placeholders(self) -> frozenset[str]:
        """Every placeholder the template uses."""
        out: set[str] = set()
        for _, v in self._parts():
            for part in (v.subject, v.text):
                out |= {
                    m.group("named") or m.group("braced") for m in Template.pattern.finditer(part)
                } - {None}
        return frozenset(out)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, source: str = "<dict>") -> NoticeTemplate:
        """Build a template from a mapping (what the TOML file holds).

        Keys: ``kind``, ``locale``, ``subject`` and ``text`` (or ``variants`` for a
        reminder), and optional ``labels``.
        """
        if not isinstance(data, Mapping):
            raise InvalidType("template", data, "a mapping")
        kind = data.get("kind")
        locale = data.get("locale")
        allowed = {"kind", "locale", "subject", "text", "variants", "labels", "jurisdiction"}
        extra = sorted(set(data) - allowed)
        if extra:
            raise InvalidTemplate(
                extra[0], data[extra[0]], "unknown key", kind=str(kind), locale=str(locale)
            )
        if not isinstance(locale, str):
            raise InvalidTemplate("locale", locale, "must be a locale string such as 'fr_FR'")
        kind_text = str(getattr(kind, "value", kind))
        variants: dict[str, _Variant] = {}
        raw_variants = data.get("variants", {})
        if not isinstance(raw_variants, Mapping):
            raise InvalidTemplate(
                "variants", raw_variants, "must be a table", kind=kind_text, locale=locale
            )
        for tone, part in raw_variants.items():
            if not isinstance(part, Mapping):
                raise InvalidTemplate(
                    f"variants.{tone}", part, "must be a table", kind=kind_text, locale=locale
                )
            variants[tone] = _Variant(
                subject=_check_str(part, "subject", kind_text, locale),
                text=_check_str(part, "text", kind_text, locale),
            )
        subject = text = None
        if "subject" in data or "text" in data:
            subject = _check_str(data, "subject", kind_text, locale)
            text = _check_str(data, "text", kind_text, locale)
        labels = data.get("labels", {})
        if not isinstance(labels, Mapping):
            raise InvalidTemplate(
                "labels", labels, "must be a table", kind=kind_text, locale=locale
            )
        return cls(
            kind=kind,
            locale=locale,
            subject=subject,
            text=text,
            variants=variants,
            labels=dict(labels),
            source=source,
            jurisdiction=data.get("jurisdiction", _DEFAULT_JURISDICTION),
        )

    @classmethod
    def from_toml(cls, text: str, *, source: str = "<toml>") -> NoticeTemplate:
        """Build a template from TOML text (the format of the packaged templates).

        Examples:
            >>> NoticeTemplate.from_toml('kind = "formal_notice"\\nlocale = "fr_FR"\\n'
            ...                          'subject = "x"\\ntext = "x"')
            Traceback (most recent call last):
            ...
            recouvrement.notices.MissingMention: text='formal_notice_wording': template formal_notice/fr_FR: missing mandatory mention 'formal_notice_wording': The letter states that it is a formal notice (sufficient interpellation). [C. civ. 1344]; the text must contain one of the phrases 'mise en demeure', 'mettons en demeure', 'met en demeure'
        """
        if not isinstance(text, str):
            raise InvalidType("text", text, "TOML text (str)")
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise InvalidTemplate("text", source, f"not valid TOML: {exc}") from None
        return cls.from_dict(data, source=source)

    @classmethod
    def from_file(cls, path: str | PathLike[str]) -> NoticeTemplate:
        """Read a template from a TOML file."""
        file = Path(path)
        return cls.from_toml(file.read_text(encoding="utf-8"), source=str(file))


@cache
def _load_builtin(kind: NoticeKind, locale: str, jurisdiction: str) -> NoticeTemplate:
    law = _law(jurisdiction)
    raw = law.templates.joinpath(locale, f"{kind.value}.toml")
    data = tomllib.loads(raw.read_text(encoding="utf-8"))
    data.setdefault("jurisdiction", law.code)
    source = f"recouvrement/jurisdictions/{law.code.lower()}/templates/{locale}/{kind.value}.toml"
    return NoticeTemplate.from_dict(data, source=source)


def load_template(
    kind: NoticeKind | str, locale: str = "fr_FR", *, jurisdiction: str = _DEFAULT_JURISDICTION
) -> NoticeTemplate:
    """Return the packaged template of ``kind`` for ``locale`` under ``jurisdiction``'s law.

    Letters are law plus language: the templates are the jurisdiction's (its
    ``templates`` directory), in each of its ``locales``. A locale without packaged
    templates uses its language's (``fr_BE`` -> ``fr_FR``, ``en_US`` -> ``en_GB``).
    Loaded once.

    Examples:
        >>> load_template("reminder", "en_GB").variant("firm")[0]
        '${reminder_title}: ${references}'
    """
    code = _law(jurisdiction).code
    return _load_builtin(to_enum(NoticeKind, kind, "kind"), _base_locale(locale, code), code)


# -- the context: values prepared and formatted for the locale --------------------------------


@attrs.frozen(slots=True)
class _Block:
    """A value rendered as its own block: plain-text lines and ready (escaped) HTML."""

    text: str
    html: str


_Value = str | _Block | None


def _esc(value: str) -> str:
    return html.escape(value, quote=True)


def _lines_html(text: str) -> str:
    return "<br>\n".join(_esc(line) for line in text.split("\n"))


def _list_block(items: Sequence[tuple[str, Sequence[str]]]) -> _Block:
    """A bulleted list; each item may have sub-items."""
    text_lines: list[str] = []
    html_parts = ["<ul>"]
    for item, subs in items:
        text_lines.append(f"- {item}")
        if subs:
            text_lines.extend(f"  - {s}" for s in subs)
            inner = "".join(f"<li>{_esc(s)}</li>" for s in subs)
            html_parts.append(f"<li>{_esc(item)}<ul>{inner}</ul></li>")
        else:
            html_parts.append(f"<li>{_esc(item)}</li>")
    html_parts.append("</ul>")
    return _Block("\n".join(text_lines), "".join(html_parts))


def _address_block(lines: Sequence[str]) -> _Block:
    text = "\n".join(lines)
    return _Block(text, f'<p class="address">{_lines_html(text)}</p>')


# Interest regimes under which late interest runs without a formal notice.
_RUNNING_REGIMES = frozenset({"commercial", "public_procurement"})


def _statute_block(key: str, colon: str, jurisdiction: str) -> _Block:
    """A statute reproduced as a quotation: its citation, then its paragraphs in « »."""
    citation, paragraphs = statute_text(key, jurisdiction=jurisdiction)
    quoted = list(paragraphs)
    quoted[0] = "« " + quoted[0]
    quoted[-1] = quoted[-1] + " »"
    text = "\n".join([f"{citation}{colon.rstrip()}", *quoted])
    inner = "".join(f"<p>{_esc(p)}</p>" for p in paragraphs)
    return _Block(
        text,
        f"<blockquote><p><strong>{_esc(citation)}</strong></p>{inner}</blockquote>",
    )


@attrs.frozen(slots=True, kw_only=True)
class _Item:
    decision: Any
    claim: Claim
    amounts: AmountsDue


class _Labels:
    __slots__ = ("_labels",)

    def __init__(self, labels: Mapping[str, str]) -> None:
        self._labels = labels

    def __call__(self, key: str, **values: str) -> str:
        return Template(self._labels[key]).substitute(values)


def _date(value: _dt.date, locale: str) -> str:
    """A date in words for ``locale``; French says "1er" for the first of the month.

    Babel writes "1 avril 2025"; French usage (and the Imprimerie nationale's rules) writes
    the first day as an ordinal: "1er avril 2025". Other days and languages are unchanged.

    Examples:
        >>> _date(_dt.date(2025, 4, 1), "fr_FR"), _date(_dt.date(2025, 4, 2), "fr_BE")
        ('1er avril 2025', '2 avril 2025')
        >>> _date(_dt.date(2025, 4, 1), "en_GB")
        '1 April 2025'
    """
    text = str(format_date(value, format="long", locale=locale))
    if value.day == 1 and locale.split("_")[0] == "fr" and text.startswith("1 "):
        return "1er " + text[2:]
    return text


def _rate(rate: Decimal, locale: str) -> str:
    return str(format_percent(rate / 100, locale=locale, decimal_quantization=False))


def _interest_note(amounts: AmountsDue, locale: str, label: _Labels) -> str:
    periods = amounts.detail.periods
    runs: list[list[Any]] = []  # [start, end, rate]
    for p in periods:
        if runs and runs[-1][2] == p.rate and runs[-1][1].toordinal() + 1 == p.start.toordinal():
            runs[-1][1] = p.end
        else:
            runs.append([p.start, p.end, p.rate])
    parts = [
        label(
            "interest_period", rate=_rate(r, locale), start=_date(s, locale), end=_date(e, locale)
        )
        for s, e, r in runs
    ]
    citations: list[str] = []
    for c in [p.citation for p in periods]:
        if str(c) not in citations:
            citations.append(str(c))
    return (
        " ; ".join(parts + citations) if locale.startswith("fr") else "; ".join(parts + citations)
    )


def _indemnity_note(amounts: AmountsDue, label: _Labels) -> str:
    # The regime's own basis (French law: C. com. L441-10 II for the commercial regime) is
    # the label ``indemnity_basis_<regime>`` of the jurisdiction's templates.
    citations: list[str] = []
    basis = label._labels.get(f"indemnity_basis_{amounts.detail.regime}")
    if basis:
        citations.append(basis)
    for reason in amounts.indemnity_reasons:
        if reason.citation is not None and str(reason.citation) not in citations:
            citations.append(str(reason.citation))
    return ", ".join(citations)


def _penalty_note(amounts: AmountsDue, label: _Labels) -> str:
    citations = [str(r.citation) for r in amounts.penalty_reasons if r.citation is not None]
    return ", ".join(dict.fromkeys(citations)) or label._labels.get("penalty_basis", "")


_DISPUTED = "Amount disputed: ${amount}, not claimed while the dispute is open"


def _disputed_lines(amounts: AmountsDue, locale: str, label: _Labels) -> tuple[str, ...]:
    """The disputed part of a claim, named as not claimed (a partial dispute), if any."""
    if amounts.disputed is None:
        return ()
    text = label._labels.get("disputed", _DISPUTED)
    return (Template(text).substitute(amount=format_money(amounts.disputed, locale=locale)),)


def _amount_lines(
    amounts: AmountsDue, locale: str, label: _Labels, with_total: bool, credited: bool = False
) -> list[str]:
    """The lines of a claim's amounts; ``credited``: a credit note covered some of the
    principal (it was then settled, not only paid)."""
    colon = label._labels["colon"]
    principal = f"{label('principal')}{colon}{format_money(amounts.principal, locale=locale)}"
    if not amounts.principal and amounts.total:  # only the accessories are still owed
        if credited:
            said = label._labels.get("principal_settled", "settled after the due date")
        else:
            said = label._labels.get("principal_paid", "paid after the due date")
        principal += f" ({said})"
    lines = [principal]
    note = _interest_note(amounts, locale, label)
    interest = f"{label('interest')}{colon}{format_money(amounts.interest, locale=locale)}"
    lines.append(f"{interest} ({note})" if note else interest)
    if amounts.indemnity:
        note = _indemnity_note(amounts, label)
        text = f"{label('indemnity')}{colon}{format_money(amounts.indemnity, locale=locale)}"
        lines.append(f"{text} ({note})" if note else text)
    if amounts.penalty:
        lines.append(
            f"{label('penalty')}{colon}{format_money(amounts.penalty, locale=locale)}"
            f" ({_penalty_note(amounts, label)})"
        )
    if with_total:
        lines.append(f"{label('total')}{colon}{format_money(amounts.total, locale=locale)}")
    return lines


def _sum(values: Iterable[Money], currency: str) -> Money:
    return sum(values, Money.zero(currency)).round()


class _Context(dict[str, _Value]):
    """The placeholders' values, computed on first use."""

    def __init__(self, builder: _Builder) -> None:
        super().__init__()
        self._builder = builder

    def __missing__(self, key: str) -> _Value:
        compute: Callable[[], _Value] = getattr(self._builder, key)
        value = compute()
        self[key] = value
        return value


class _FirstReminder(NamedTuple):
    """The Book XIX terms of a letter: its waiting period, the damages to be claimed after
    it (``None``: none), whether the contract's interest rate applies."""

    start: pendulum.Date
    end: pendulum.Date
    damages: Money | None
    agreed_interest: bool


class _Builder:
    """Computes each placeholder's value from the decisions, claims and details."""

    def __init__(
        self,
        kind: NoticeKind,
        items: Sequence[_Item],
        locale: str,
        details: CreditorDetails,
        labels: Mapping[str, str],
        schedule: Sequence[Instalment] | None,
        deadline: pendulum.Date | None,
        on: pendulum.Date,
    ) -> None:
        self.kind = kind
        self.items = items
        self.locale = locale
        self.details = details
        self.label = _Labels(labels)
        self.schedule_given = schedule
        self.deadline_date = deadline
        self.on = on
        first = items[0].claim
        self.claim = first
        self.currency = first.currency

    def _money(self, money: Money) -> str:
        return format_money(money, locale=self.locale)

    # parties
    def creditor(self) -> _Value:
        c = self.claim.creditor
        lines = [c.name]
        if c.address:
            lines.extend(c.address.split("\n"))
        elif self.kind in (NoticeKind.AGENCY_LETTER, NoticeKind.SMALL_CLAIMS_INVITATION):
            # CPCE R124-4 2°, R125-2 I 2°: the creditor's address or registered office.
            raise NoticeNotAvailable(
                "claim.creditor.address",
                None,
                f"a {self.kind.value} must give the creditor's address",
            )
        identity = self._identifiers()
        if identity:
            lines.append(identity)
        return _address_block(lines)

    def _identifiers(self) -> str:
        """The creditor's identifiers on one line: "SAS au capital de 50 000 € — RCS Lyon ..."."""
        c, d = self.claim.creditor, self.details
        if d.require_company_mentions:
            _check_company_mentions(c, d)
        parts = []
        if d.legal_form is not None:
            if d.share_capital is not None:
                capital = _whole_money(d.share_capital, self.locale)
                parts.append(self.label("legal_form_capital", form=d.legal_form, capital=capital))
            else:
                parts.append(d.legal_form)
        if d.rcs_city is not None:
            if c.siren is None:
                raise NoticeNotAvailable(
                    "claim.creditor.siren",
                    None,
                    f"an RCS mention ({d.rcs_city}) needs the creditor's SIREN",
                )
            parts.append(self.label("rcs", city=d.rcs_city, siren=_siren.format(c.siren[:9])))
        elif c.siren:
            parts.append(self.label("siren", siren=c.siren))
        return " — ".join(parts)

    def creditor_name(self) -> _Value:
        return self.claim.creditor.name

    def debtor(self) -> _Value:
        d = self.claim.debtor
        return _address_block([d.name, *(d.address.split("\n") if d.address else [])])

    def debtor_name(self) -> _Value:
        return self.claim.debtor.name

    def _org(self, field: str) -> Organisation:
        org = getattr(self.details, field)
        if org is None:
            mentions = _mentions(self.kind, self.claim.jurisdiction)
            basis = next((m.basis for m in mentions if m.placeholder == field), None)
            raise NoticeNotAvailable(
                f"creditor_details.{field}",
                None,
                f"a {self.kind.value} must name the {field}" + (f" [{basis}]" if basis else ""),
            )
        return org  # type: ignore[no-any-return]

    def agency(self) -> _Value:
        org = self._org("agency")
        return _address_block([org.name, *org.address.split("\n")])

    def agency_name(self) -> _Value:
        return self._org("agency").name

    def commissaire(self) -> _Value:
        org = self._org("commissaire")
        return _address_block([org.name, *org.address.split("\n")])

    def commissaire_name(self) -> _Value:
        return self._org("commissaire").name

    # dates and references
    def date(self) -> _Value:
        return _date(self.on, self.locale)

    def _reminders_before(self) -> list[pendulum.Date]:
        """The days of the reminders on record before the letter's date, on every claim.

        A letter says only what the history records: "despite our reminder of ..." needs a
        `Reminder` event of that day, before the letter, on *every* claim it covers (two
        reminders of one day, by email and by letter, are one day).
        """
        day = self.on.toordinal()
        per_claim = [
            {
                e.on
                for e in item.claim.events
                if isinstance(e, ReminderEvent) and e.on.toordinal() < day
            }
            for item in self.items
        ]
        return sorted(set.intersection(*per_claim)) if per_claim else []

    def history(self) -> _Value:
        dates = self._reminders_before()
        if not dates:
            return self.label("history_none")
        listed = str(format_list([_date(d, self.locale) for d in dates], locale=self.locale))
        return self.label("history_one" if len(dates) == 1 else "history_many", dates=listed)

    def reminder_title(self) -> _Value:
        count = len(self._reminders_before())
        keys = ("reminder_title_first", "reminder_title_second", "reminder_title_further")
        return self.label(keys[min(count, 2)])

    def letter_reference(self) -> _Value:
        if self.details.letter_reference:
            return self.details.letter_reference
        ids = "-".join(i.claim.id for i in self.items)
        return f"{ids}/{self.on.strftime('%Y%m%d')}"

    def references(self) -> _Value:
        ids = str(format_list([i.claim.id for i in self.items], locale=self.locale))
        return self.label("references_one" if len(self.items) == 1 else "references_many", ids=ids)

    def _deadline(self) -> pendulum.Date:
        day = (
            self.deadline_date
            if self.deadline_date is not None
            else self.on.add(days=self.details.cure_days)
        )
        terms = self._first_reminder
        # A consumer's first reminder cannot ask for payment before its waiting period ends.
        return terms.end if terms is not None and terms.end > day else day

    @cached_property
    def _first_reminder(self) -> _FirstReminder | None:
        """The terms the law makes a free first reminder state (Belgian Book XIX: the
        jurisdiction's ``first_reminder_terms``), when the letter is one for every claim it
        covers; else ``None``."""
        hook = getattr(jurisdictions.get(self.claim.jurisdiction), "first_reminder_terms", None)
        if hook is None:
            return None
        posted = self.kind is NoticeKind.FORMAL_NOTICE
        terms = [
            hook(
                i.claim,
                on=self.on,
                electronic=not posted
                and getattr(i.decision, "channel", None) in (Channel.EMAIL, Channel.SMS),
            )
            for i in self.items
        ]
        if any(t is None for t in terms):
            return None
        damages = [t.damages for t in terms]
        return _FirstReminder(
            start=terms[0].waiting.start,
            end=terms[0].waiting.end,
            damages=None if None in damages else _sum(damages, self.currency),
            agreed_interest=all(t.agreed_interest for t in terms),
        )

    def first_reminder_terms(self) -> _Value:
        # CDE XIX.2 (belgian-law.md C4-C6): the free first reminder states the period of at
        # least 14 days and the damages that will be claimed if unpaid (none without a clause).
        terms = self._first_reminder
        if terms is None:
            return None
        end = _date(terms.end, self.locale)
        interest = self.label(
            "first_reminder_interest_agreed"
            if terms.agreed_interest
            else "first_reminder_interest_legal"
        )
        opened = self.label("first_reminder_terms", start=_date(terms.start, self.locale), end=end)
        if terms.damages is None or terms.damages.amount <= 0:
            after = self.label("first_reminder_after", end=end, interest=interest)
        else:
            damages = self._money(terms.damages)
            after = self.label(
                "first_reminder_after_damages", end=end, interest=interest, damages=damages
            )
        return f"{opened} {after}"

    def lawyer_notice_interruption(self) -> _Value:
        # Old C. civ. 2244 §2 (belgian-law.md D14): the jurisdiction says whether a lawyer's
        # or bailiff's notice interrupts prescription for the debtor (`lawyer_notice_interrupts`).
        rule = getattr(jurisdictions.get(self.claim.jurisdiction), "lawyer_notice_interrupts", None)
        if rule is not None and all(rule(i.claim) for i in self.items):
            return self.label("lawyer_notice_interruption")
        return None

    def deadline(self) -> _Value:
        return _date(self._deadline(), self.locale)

    def cure_days(self) -> _Value:
        return str(self._deadline().toordinal() - self.on.toordinal())

    def response_deadline(self) -> _Value:
        # CPCE L125-1, R125-2 III 2°: one month from the sending of the letter.
        return _date(self.on.add(months=1), self.locale)

    # amounts
    def claims(self) -> _Value:
        rows = []
        for item in self.items:
            c = item.claim
            ref = self.label("invoice_reference", reference=c.reference) if c.reference else ""
            rows.append(
                (
                    self.label(
                        "invoice",
                        id=c.id,
                        reference=ref,
                        issued_on=_date(c.issued_on, self.locale),
                        due_on=_date(c.due_on, self.locale),
                        amount=self._money(c.amount),
                        outstanding=self._money(item.amounts.principal),
                    ),
                    _disputed_lines(item.amounts, self.locale, self.label),
                )
            )
        return _list_block(rows)

    def _total_of(self, field: str) -> Money:
        return _sum((getattr(i.amounts, field) for i in self.items), self.currency)

    def principal(self) -> _Value:
        return self._money(self._total_of("principal"))

    def interest(self) -> _Value:
        return self._money(self._total_of("interest"))

    def indemnity(self) -> _Value:
        return self._money(self._total_of("indemnity"))

    def penalty(self) -> _Value:
        return self._money(self._total_of("penalty"))

    def total(self) -> _Value:
        return self._money(self._total_of("total"))

    def _credited(self, claim: Claim) -> bool:
        """Whether a credit note dated on or before the letter covers some of the claim."""
        return bool(ClaimHistory(claim, as_of=self.on.toordinal()).credit_notes)

    def breakdown(self) -> _Value:
        if len(self.items) == 1:
            item = self.items[0]
            lines = _amount_lines(
                item.amounts, self.locale, self.label, True, self._credited(item.claim)
            )
            return _list_block([(line, ()) for line in lines])
        colon = self.label._labels["colon"]
        rows: list[tuple[str, Sequence[str]]] = [
            (
                self.label("claim_heading", id=i.claim.id),
                _amount_lines(i.amounts, self.locale, self.label, False, self._credited(i.claim)),
            )
            for i in self.items
        ]
        rows.append((f"{self.label('total')}{colon}{self._money(self._total_of('total'))}", ()))
        return _list_block(rows)

    def interest_notice(self) -> _Value:
        # C. com. L441-10 II: penalties are due without any reminder from the day after the
        # due date, for commercial claims only. A locale whose sentence names the fixed
        # indemnity has it in a second label, used only when the letter charges one (a
        # claim in another currency, or owing none, is not told of 40 EUR).
        if all(i.amounts.detail.regime == "commercial" for i in self.items):
            charged = self._total_of("indemnity").amount > 0
            if charged and "interest_notice_commercial_indemnity" in self.label._labels:
                return self.label("interest_notice_commercial_indemnity")
            return self.label("interest_notice_commercial")
        return None

    def interest_running(self) -> _Value:
        # Commercial and public-procurement penalties already run from the day after the
        # due date (C. com. L441-10 II; CCP); otherwise the formal notice itself makes
        # interest at the legal rate run (C. civ. 1231-6, 1344-1), unless interest already
        # runs on the letter's day (an earlier notice, a served act, a judgment, a due date
        # that puts the debtor in default): the breakdown then shows its periods.
        commercial = [i.amounts.detail.regime in _RUNNING_REGIMES for i in self.items]
        running = [
            c or bool(i.amounts.detail.periods) for c, i in zip(commercial, self.items, strict=True)
        ]
        if all(commercial):
            return self.label("interest_running_commercial")
        if all(running):
            return self.label("interest_running_already")
        if any(running) and running == commercial:
            return self.label("interest_running_mixed")
        if any(running):
            return self.label("interest_running_partly")
        consumer = all(i.amounts.detail.regime == "consumer" for i in self.items)
        if consumer and "interest_running_consumer" in self.label._labels:
            # Belgian Book XIX: no interest before the waiting period after a first reminder
            return self.label("interest_running_consumer")
        return self.label("interest_running_from_notice")

    def plan_interest(self) -> _Value:
        # A plan agreed between the parties does not stop late-payment interest (only a
        # court's grace does, C. civ. 1343-5): its total is of the letter's day.
        running = any(
            i.amounts.detail.regime in _RUNNING_REGIMES or i.amounts.detail.periods
            for i in self.items
        )
        return self.label("plan_interest") if running else None

    def payment_methods(self) -> _Value:
        d = self.details
        rows = []
        if d.iban:
            rows.append(
                self.label("iban", iban=d.iban)
                + (f", {self.label('bic', bic=d.bic)}" if d.bic else "")
            )
        if d.payment_link:
            rows.append(self.label("payment_link", link=d.payment_link))
        if not rows:
            text = self.label("no_payment_method")
            return _Block(text, f"<p>{_esc(text)}</p>")
        return _list_block([(r, ()) for r in rows])

    def contact(self) -> _Value:
        return self.details.contact

    def signature(self) -> _Value:
        text = self.details.signature or self.claim.creditor.name
        return _Block(text, f'<p class="signature">{_lines_html(text)}</p>')

    # payment plan
    def _schedule(self) -> Sequence[Instalment]:
        if self.schedule_given is not None:
            return self.schedule_given
        return _default_schedule(self._total_of("total"), self.on, self.details.plan_instalments)

    def schedule(self) -> _Value:
        rows = [
            (
                self.label(
                    "instalment",
                    number=str(n),
                    amount=self._money(i.amount),
                    due_on=_date(i.due_on, self.locale),
                ),
                (),
            )
            for n, i in enumerate(self._schedule(), start=1)
        ]
        return _list_block(rows)

    def instalments(self) -> _Value:
        return str(len(self._schedule()))

    # statutes
    def l111_8(self) -> _Value:
        return _statute_block("l111_8", self.label._labels["colon"], self.claim.jurisdiction)

    def l111_2(self) -> _Value:
        return _statute_block("l111_2", self.label._labels["colon"], self.claim.jurisdiction)

    def l111_3(self) -> _Value:
        return _statute_block("l111_3", self.label._labels["colon"], self.claim.jurisdiction)

    def l125_1(self) -> _Value:
        return _statute_block("l125_1", self.label._labels["colon"], self.claim.jurisdiction)

    def civ_2238(self) -> _Value:
        return _statute_block("civ_2238", self.label._labels["colon"], self.claim.jurisdiction)


def _whole_money(money: Money, locale: str) -> str:
    """``money`` for ``locale``, without decimals when it is whole ("50 000 €")."""
    text = format_money(money, locale=locale)
    digits = currency_precision(money.currency)
    if digits and money.amount == money.amount.to_integral_value():
        text = text.replace(str(get_decimal_symbol(locale)) + "0" * digits, "", 1)
    return text


# What each identifier of `require_company_mentions` reads, and the field to name when absent.
_COMPANY_FIELDS: Mapping[str, tuple[str, Callable[[Any, CreditorDetails], Any]]] = {
    "siren": ("claim.creditor.siren", lambda c, _: c.siren),
    "rcs_city": ("creditor_details.rcs_city", lambda _, d: d.rcs_city),
    "registered_office": ("claim.creditor.address", lambda c, _: c.address),
    "legal_form": ("creditor_details.legal_form", lambda _, d: d.legal_form),
    "share_capital": ("creditor_details.share_capital", lambda _, d: d.share_capital),
}


def _check_company_mentions(creditor: Any, details: CreditorDetails) -> None:
    """Raise `NoticeNotAvailable` naming the first identifier a company's letter lacks.

    The list and its basis are the data of the jurisdiction where the creditor is
    registered (its ``country``): the ``[company_mentions]`` table of its mentions file.
    """
    country = creditor.country
    rule = None
    if country in jurisdictions.available():
        rule = _mentions_data(country).get("company_mentions")
    if rule is None:
        raise NoticeNotAvailable(
            "creditor_details.require_company_mentions",
            True,
            f"no business-letter identifiers are known for a company registered in {country}",
        )
    for name in rule["required"]:
        field, read = _COMPANY_FIELDS[name]
        if read(creditor, details) is None:
            raise NoticeNotAvailable(
                field,
                None,
                f"a business letter of a company registered in {country} states "
                f"{rule['what'][name]} [{rule['basis']}]",
            )


def _default_schedule(total: Money, on: pendulum.Date, count: int) -> tuple[Instalment, ...]:
    """``count`` monthly instalments from one month after ``on``; the last takes the rest."""
    quantum = Decimal(1).scaleb(-currency_precision(total.currency))
    part = (total.amount / count).quantize(quantum, rounding=ROUND_DOWN)
    amounts = [part] * (count - 1) + [total.amount - part * (count - 1)]
    return tuple(
        Instalment(due_on=on.add(months=n + 1), amount=Money(a, total.currency))
        for n, a in enumerate(amounts)
        if a > 0
    )


# -- rendering ----------------------------------------------------------------------------------

_PARAGRAPH = re.compile(r"\n[ \t]*\n")
_ALONE = re.compile(r"\$(?:\{(\w+)\}|(\w+))")


def _render(subject: str, text: str, ctx: _Context, *, lang: str) -> tuple[str, str, str]:
    def as_text(value: _Value) -> str:
        return value.text if isinstance(value, _Block) else (value or "")

    text_paragraphs: list[str] = []
    html_paragraphs: list[str] = []
    for paragraph in _PARAGRAPH.split(text.strip("\n")):
        paragraph = paragraph.strip("\n")
        names = [
            m.group("named") or m.group("braced") for m in Template.pattern.finditer(paragraph)
        ]
        values = {n: ctx[n] for n in names if n is not None}
        if any(v is None for v in values.values()):
            continue  # an optional value is absent: leave the paragraph out
        alone = _ALONE.fullmatch(paragraph.strip())
        if alone:
            value = values[alone.group(1) or alone.group(2)]
            text_paragraphs.append(as_text(value))
            html_paragraphs.append(
                value.html if isinstance(value, _Block) else f"<p>{_lines_html(as_text(value))}</p>"
            )
            continue
        text_paragraphs.append(
            Template(paragraph).substitute({k: as_text(v) for k, v in values.items()})
        )
        pieces: list[str] = []
        last = 0
        for m in Template.pattern.finditer(paragraph):
            pieces.append(_lines_html(paragraph[last : m.start()]))
            name = m.group("named") or m.group("braced")
            pieces.append("$" if name is None else _lines_html(as_text(values[name])))
            last = m.end()
        pieces.append(_lines_html(paragraph[last:]))
        html_paragraphs.append(f"<p>{''.join(pieces)}</p>")
    subject_names = {
        m.group("named") or m.group("braced") for m in Template.pattern.finditer(subject)
    } - {None}
    subject_text = Template(subject).substitute(
        {n: " ".join(as_text(ctx[n]).split()) for n in subject_names if n is not None}
    )
    subject_text = " ".join(subject_text.split())
    body = "\n".join(html_paragraphs)
    document = (
        f'<!DOCTYPE html>\n<html lang="{_esc(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_esc(subject_text)}</title>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )
    return subject_text, "\n\n".join(text_paragraphs) + "\n", document


def _tone(decision: Any, kind: NoticeKind) -> str | None:
    if kind is not NoticeKind.REMINDER:
        return None
    tone = getattr(decision, "tone", None)
    if tone is None:
        return "courteous"
    value = getattr(tone, "value", tone)
    if isinstance(value, str) and value.lower() == "legal":
        value = "formal"  # the hardest tone a reminder has
    if not isinstance(value, str) or value.lower() not in TONES:
        raise InvalidValue(
            "decision.tone", tone, f"not a reminder tone (one of {', '.join(TONES)})"
        )
    return value.lower()


def _pick_template(
    template: NoticeTemplate | Mapping[Any, NoticeTemplate] | None,
    kind: NoticeKind,
    locale: str,
    jurisdiction: str,
) -> NoticeTemplate:
    if template is None:
        return load_template(kind, locale, jurisdiction=jurisdiction)
    if isinstance(template, NoticeTemplate):
        if template.kind is not kind:
            raise InvalidValue(
                "template",
                template.kind.value,
                f"a {template.kind.value} template cannot render a {kind.value}",
            )
        return template
    if isinstance(template, Mapping):
        for key, value in template.items():
            if to_enum(NoticeKind, key, "template") is kind:
                if not isinstance(value, NoticeTemplate):
                    raise InvalidType(f"template[{kind.value!r}]", value, "NoticeTemplate")
                return _pick_template(value, kind, locale, jurisdiction)
        return load_template(kind, locale, jurisdiction=jurisdiction)
    raise InvalidType("template", template, "NoticeTemplate, a mapping of them, or None")


def _to_schedule(value: Any) -> tuple[Instalment, ...] | None:
    if value is None:
        return None
    if isinstance(value, PaymentPlan) or hasattr(value, "instalments"):
        value = value.instalments  # a PaymentPlan or a decisions.PlanProposal
    if isinstance(value, Sequence) and all(isinstance(i, Instalment) for i in value) and value:
        return tuple(value)
    raise InvalidType(
        "schedule", value, "PaymentPlan, PlanProposal, a sequence of Instalment, or None"
    )


def _check_schedule(
    instalments: tuple[Instalment, ...], items: Sequence[_Item], on: pendulum.Date
) -> None:
    """A schedule a letter prints asks for what the letter claims, from its day on: its
    instalments add up to the letter's total, none falls due before the letter.

    Raises:
        InvalidValue: ``field == "schedule"``: a schedule made for another balance or day
            (propose the plan on the letter's day: ``propose_payment_plan(claim, as_of=...)``).
    """
    total = sum((i.amounts.total.amount for i in items), Decimal(0))
    asked = sum((i.amount.amount for i in instalments), Decimal(0))
    if asked != total:
        raise InvalidValue(
            "schedule",
            str(asked),
            f"its instalments add up to {asked}, the letter claims {total} on "
            f"{on.isoformat()}: propose the plan on the letter's day",
        )
    early = [i.due_on for i in instalments if i.due_on < on]
    if early:
        raise InvalidValue(
            "schedule",
            early[0].isoformat(),
            f"an instalment falls due on {early[0].isoformat()}, before the letter of "
            f"{on.isoformat()}: propose the plan on the letter's day",
        )


def _item(decision: Any, claim: Any, index: str = "") -> _Item:
    if not isinstance(claim, Claim):
        raise InvalidType(f"claim{index}", claim, "Claim")
    amounts = getattr(decision, "amounts", None)
    if amounts is None:
        amounts = amounts_due(claim, as_of=to_date(decision.on, f"decision{index}.on"))
    if not isinstance(amounts, AmountsDue):
        raise InvalidType(f"decision{index}.amounts", amounts, "AmountsDue")
    if amounts.claim_id != claim.id:
        raise InvalidValue(
            f"decision{index}.amounts",
            amounts.claim_id,
            f"computed for another claim than {claim.id!r}",
        )
    return _Item(decision=decision, claim=claim, amounts=amounts)


def _jurisdiction_of(items: Sequence[_Item]) -> str:
    """The one jurisdiction whose law the letter follows (all its claims must share it)."""
    codes = {item.claim.jurisdiction for item in items}
    if len(codes) > 1:
        raise InvalidValue(
            "claims", sorted(codes), "one notice covers claims under one jurisdiction's law"
        )
    return codes.pop()


def _render_items(
    kind: NoticeKind,
    items: Sequence[_Item],
    *,
    tone: str | None,
    on: pendulum.Date,
    deadline: pendulum.Date | None,
    locale: str,
    creditor_details: CreditorDetails | None,
    template: NoticeTemplate | Mapping[Any, NoticeTemplate] | None,
    schedule: Any,
) -> Notice:
    if not isinstance(locale, str):
        raise InvalidType("locale", locale, "str such as 'fr_FR'")
    details = creditor_details if creditor_details is not None else CreditorDetails()
    if not isinstance(details, CreditorDetails):
        raise InvalidType("creditor_details", details, "CreditorDetails or None")
    code = _jurisdiction_of(items)
    chosen = _pick_template(template, kind, locale, code)
    labels = {
        **_builtin_labels(
            _base_locale(chosen.locale if template is not None else locale, code), code
        ),
        **chosen.labels,
    }
    instalments = _to_schedule(schedule)
    if instalments is not None:
        _check_schedule(instalments, items, on)
    builder = _Builder(kind, items, locale, details, labels, instalments, deadline, on)
    subject, text = chosen.variant(tone)
    subject_text, body, document = _render(
        subject, text, _Context(builder), lang=locale.split("_")[0]
    )
    return Notice(
        kind=kind,
        locale=locale,
        subject=subject_text,
        text=body,
        html=document,
        claim_ids=tuple(i.claim.id for i in items),
        tone=tone,
        warnings=_statute_warnings(chosen.placeholders(), code),
    )


def _optional_date(value: Any, field: str) -> pendulum.Date | None:
    return None if value is None else to_date(value, field)


def render_notice(
    decision: DecisionLike,
    claim: Claim,
    *,
    locale: str = "fr_FR",
    creditor_details: CreditorDetails | None = None,
    template: NoticeTemplate | Mapping[Any, NoticeTemplate] | None = None,
    schedule: PaymentPlan | PlanProposal | Sequence[Instalment] | None = None,
) -> Notice:
    """Render the letter a decision sends about a claim.

    Args:
        decision: A ``recouvrement.decisions.Decision`` (anything with its ``action``,
            ``on``, ``tone``, ``amounts`` and ``deadline``). The letter is dated
            ``decision.on``; the amounts are ``decision.amounts``; a formal notice's cure
            period ends on ``decision.deadline`` (or ``creditor_details.cure_days`` after
            ``on``).
        claim: The claim the decision is about.
        locale: The debtor's locale (``"fr_FR"``, ``"en_GB"``; other locales use their
            language's templates and are formatted with babel).
        creditor_details: Payment methods, contact, signature, and the agency or
            commissaire identity the agency letter and the small-claims invitation need.
        template: Your own `NoticeTemplate`, or a mapping of notice kind to template (a
            company's set; kinds it lacks use the packaged wording).
        schedule: For a payment plan offer, the instalments to propose (a `PaymentPlan`, a
            ``decisions.PlanProposal`` or instalments; default:
            ``creditor_details.plan_instalments`` monthly instalments of the total).

    Returns:
        The `Notice`.

    Raises:
        NoticeNotAvailable: The action sends nothing (``WAIT``, ``PAYMENT_ORDER``...), or
            a detail the letter must carry is missing (the agency, the creditor's address).
        InvalidValue: The decision's amounts belong to another claim, or a bad argument.

    Examples:
        >>> from recouvrement.sample import sample_claim
        >>> from recouvrement.interest import amounts_due
        >>> from recouvrement.decisions import Action, Decision
        >>> claim = sample_claim()
        >>> decision = Decision(claim_id=claim.id, as_of="2025-02-21", action=Action.REMINDER,
        ...                     tone="courteous", on="2025-02-21",
        ...                     amounts=amounts_due(claim, as_of="2025-02-21"))
        >>> notice = render_notice(decision, claim, locale="en_GB")
        >>> notice.subject, notice.tone
        ('Payment reminder: invoice F-2025-0042', 'courteous')
        >>> "The amount outstanding is €1,543.78, made up as follows:" in notice.text
        True
    """
    kind = notice_kind(getattr(decision, "action", None))
    if kind is None:
        raise NoticeNotAvailable(
            "decision.action",
            getattr(decision, "action", None),
            "this action sends no notice to the debtor",
        )
    item = _item(decision, claim)
    return _render_items(
        kind,
        [item],
        tone=_tone(decision, kind),
        on=to_date(decision.on, "decision.on"),
        deadline=_optional_date(decision.deadline, "decision.deadline"),
        locale=locale,
        creditor_details=creditor_details,
        template=template,
        schedule=schedule,
    )


def render_debtor_notice(
    items: Iterable[tuple[DecisionLike, Claim]],
    *,
    locale: str = "fr_FR",
    creditor_details: CreditorDetails | None = None,
    template: NoticeTemplate | Mapping[Any, NoticeTemplate] | None = None,
    schedule: PaymentPlan | PlanProposal | Sequence[Instalment] | None = None,
) -> Notice:
    """Render one letter covering several claims of the same debtor and creditor.

    ``items`` are ``(decision, claim)`` pairs. Pairs whose action sends nothing are left
    out. The letter is of the highest kind among the others (reminder < payment plan
    offer < suspension notice < formal notice < agency letter < small-claims invitation), in the highest
    tone for reminders; it is dated the latest ``decision.on``, its deadline is the
    latest deadline of the decisions of that kind, and it lists every claim it covers,
    with a breakdown per claim and the total. An agency letter or a small-claims
    invitation speaks only of the claims handed over or put in the procedure: it leaves
    out the claims whose next action is another, and its ``warnings`` name them.

    Raises:
        NoticeNotAvailable: No pair sends anything.
        InvalidValue: The claims have different debtors, creditors or currencies.

    Examples:
        >>> from recouvrement.sample import sample_claim
        >>> from recouvrement.interest import amounts_due
        >>> import attrs
        >>> a = sample_claim()
        >>> b = attrs.evolve(a, id="F-2025-0077", amount=Money("320.00"), reference=None)
        >>> from recouvrement.decisions import next_action
        >>> pairs = [(next_action(c, as_of="2025-04-01"), c) for c in (a, b)]
        >>> notice = render_debtor_notice(pairs, locale="en_GB")
        >>> notice.claim_ids, notice.subject
        (('F-2025-0042', 'F-2025-0077'), 'Further reminder: invoices F-2025-0042 and F-2025-0077')
    """
    pairs = list(items)
    if not pairs:
        raise NoticeNotAvailable("items", pairs, "no claims given")
    sending: list[tuple[NoticeKind, _Item]] = []
    for index, pair in enumerate(pairs):
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise InvalidType(f"items[{index}]", pair, "a (decision, claim) pair")
        decision, claim = pair
        item = _item(decision, claim, f"[{index}]")
        kind = notice_kind(getattr(decision, "action", None))
        if kind is not None:
            sending.append((kind, item))
    if not sending:
        raise NoticeNotAvailable("items", len(pairs), "none of the actions sends a notice")
    first = sending[0][1].claim
    for _, item in sending[1:]:
        for field in ("debtor", "creditor"):
            if getattr(item.claim, field).id != getattr(first, field).id:
                raise InvalidValue(
                    f"items.{field}",
                    getattr(item.claim, field).id,
                    f"one notice covers one {field}: {getattr(first, field).id!r} expected",
                )
        if item.claim.currency != first.currency:
            raise InvalidValue(
                "items.currency",
                item.claim.currency,
                f"one notice covers one currency: {first.currency} expected",
            )
    kind = max((k for k, _ in sending), key=_RANK.__getitem__)
    same = [i for k, i in sending if k is kind]
    left_out: list[_Item] = []
    if kind in _ACTS_ON_ITS_CLAIMS:
        # An agency's or a commissaire's letter speaks of the claims handed over or put in
        # the procedure: a claim whose next action is another stays out of it.
        left_out = [i for k, i in sending if k is not kind]
        sending = [(k, i) for k, i in sending if k is kind]
    tone = None
    if kind is NoticeKind.REMINDER:
        tones = [_tone(i.decision, kind) for i in same]
        tone = max(tones, key=lambda t: TONES.index(t or "courteous"))
    on = max(to_date(i.decision.on, "decision.on") for _, i in sending)
    for _, item in sending:
        # One letter states the amounts of its own day: a claim decided on another day
        # would show a balance that payments since then may have changed.
        if item.amounts.as_of != on:
            raise InvalidValue(
                "items.decision",
                item.amounts.as_of.isoformat(),
                f"the amounts of claim {item.claim.id!r} are of "
                f"{item.amounts.as_of.isoformat()}, the letter is of {on.isoformat()}: decide "
                "every claim the letter covers on the letter's day",
            )
    deadlines = [
        d
        for d in (_optional_date(i.decision.deadline, "decision.deadline") for i in same)
        if d is not None
    ]
    notice = _render_items(
        kind,
        [i for _, i in sending],
        tone=tone,
        on=on,
        deadline=max(deadlines) if deadlines else None,
        locale=locale,
        creditor_details=creditor_details,
        template=template,
        schedule=schedule,
    )
    if not left_out:
        return notice
    ids = ", ".join(i.claim.id for i in left_out)
    why = (
        f"claim(s) {ids} left out of this {kind.value.replace('_', ' ')}: their next action "
        "is another (send them their own letter)"
    )
    return attrs.evolve(notice, warnings=(*notice.warnings, why))


# The letters that act on their own claims only (a mandate, a procedure): a debtor letter of
# one of these kinds leaves out the claims whose next action is another.
_ACTS_ON_ITS_CLAIMS = frozenset({NoticeKind.AGENCY_LETTER, NoticeKind.SMALL_CLAIMS_INVITATION})


def notice_for_claim(
    claim: Claim,
    *,
    as_of: Any,
    locale: str = "fr_FR",
    creditor_details: CreditorDetails | None = None,
    template: NoticeTemplate | Mapping[Any, NoticeTemplate] | None = None,
    **decision_options: Any,
) -> Notice | None:
    """Decide the next action on ``claim`` and render its letter, for the command line.

    Calls ``recouvrement.decisions.next_action(claim, as_of=as_of, **decision_options)``
    (``policy=``, ``profile=``) and returns its `Notice`, or ``None`` when the action sends
    nothing to the debtor (wait, court filing, write-off...).

    Raises:
        NoticeNotAvailable: The letter needs a detail ``creditor_details`` lacks.
    """
    decision = next_action(claim, as_of=as_of, **decision_options)
    if notice_kind(decision.action) is None:
        return None
    return render_notice(
        decision, claim, locale=locale, creditor_details=creditor_details, template=template
    )
