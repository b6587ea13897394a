"""Sample data: one worked claim, the embedded sample portfolio, and a synthetic generator.

- `sample_claim` is the small claim the documentation's examples use.
- `load_sample` reads the sample portfolio shipped with the package (about 200 claims of
  40 debtors of every kind and nature, with payments and events, as of
  `SAMPLE_AS_OF`); `recouvrement demo` runs on it.
- `generate_claims` makes any number of realistic synthetic claims, deterministically from
  a seed, for tests and benchmarks. The shipped portfolio is ``generate_claims(200,
  seed=2025, debtors=40, as_of=SAMPLE_AS_OF)``; a test checks that it still is.

Examples:
    >>> from recouvrement import load_sample, generate_claims
    >>> sample = load_sample()
    >>> len(sample.claims), len({c.debtor.id for c in sample.claims}), sample.as_of
    (200, 40, Date(2026, 3, 31))
    >>> generate_claims(3, seed=1) == generate_claims(3, seed=1)
    True
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Any

import attrs
import pendulum

from ._convert import from_ordinal, to_date, to_int
from ._serde import read_list
from .claims import Claim, ClaimNature, CreditNote, Payment
from .errors import InvalidData, InvalidValue
from .events import (
    Acknowledgment,
    AgencyHandover,
    Channel,
    ClaimDeclaration,
    Dispute,
    DisputeOutcome,
    Event,
    FormalNotice,
    InsolvencyKind,
    InsolvencyProceeding,
    Instalment,
    Judgment,
    LegalAction,
    LegalActionKind,
    OverIndebtedness,
    PaymentPlan,
    PaymentPromise,
    RecoveryCost,
    Reminder,
)
from .money import Money
from .parties import Creditor, Debtor, PartyKind, PublicBuyer
from .terms import PaymentTerms, PenaltyClause

__all__ = ["SAMPLE_AS_OF", "SamplePortfolio", "generate_claims", "load_sample", "sample_claim"]

SAMPLE_AS_OF = pendulum.Date(2026, 3, 31)
"""The date the shipped sample portfolio is as of."""

_SAMPLE_FILE = "data/sample_portfolio.json"


def sample_claim() -> Claim:
    """A commercial claim of 1,500 EUR, 30 days net, unpaid, with two reminders and a
    formal notice: the running example of the documentation.

    Examples:
        >>> claim = sample_claim()
        >>> claim.due_on, claim.days_past_due(as_of="2025-06-30")
        (Date(2025, 2, 14), 136)
    """
    return Claim(
        id="F-2025-0042",
        creditor=Creditor(
            id="ACME",
            name="Acme Outillage SAS",
            kind=PartyKind.PROFESSIONAL,
            siren="732829320",
            address="12 rue des Forges\n69007 Lyon",
        ),
        debtor=Debtor(
            id="MARTIN",
            name="Martin Bâtiment SARL",
            kind=PartyKind.PROFESSIONAL,
            address="3 avenue du Port\n13002 Marseille",
        ),
        nature=ClaimNature.COMMERCIAL,
        amount=Money("1500.00"),
        issued_on=pendulum.Date(2025, 1, 15),
        terms=PaymentTerms.net(30),
        reference="BC-7781",
        events=(
            Reminder(on=pendulum.Date(2025, 2, 21), channel=Channel.EMAIL, step="courteous"),
            Reminder(on=pendulum.Date(2025, 3, 7), channel=Channel.PHONE, step="firm"),
            FormalNotice(on=pendulum.Date(2025, 4, 2), cure_days=8),
        ),
    )


@attrs.frozen(slots=True, kw_only=True)
class SamplePortfolio:
    """A portfolio of claims as of a date.

    Attributes:
        claims: The claims.
        as_of: The date the data is as of.
        description: What the portfolio is.
    """

    claims: tuple[Claim, ...]
    as_of: pendulum.Date
    description: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-compatible form (the shipped file's layout)."""
        return {
            "description": self.description,
            "as_of": self.as_of.isoformat(),
            "claims": [c.to_dict() for c in self.claims],
        }

    @classmethod
    def from_dict(cls, data: Any) -> SamplePortfolio:
        """Read back what `to_dict` wrote."""
        from ._serde import check_keys

        check_keys(data, required=("as_of", "claims"), optional=("description",), where="portfolio")
        claims = read_list(data["claims"], "claims", Claim.from_dict)
        return cls(
            claims=claims,
            as_of=to_date(data["as_of"], "as_of"),
            description=data.get("description", ""),
        )


@lru_cache(maxsize=1)
def load_sample() -> SamplePortfolio:
    """Load the sample portfolio shipped with the package (read once, then cached).

    Examples:
        >>> load_sample().claims[0].id
        'S-00001'
    """
    text = resources.files("recouvrement").joinpath(_SAMPLE_FILE).read_text("utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:  # pragma: no cover - the shipped file is tested
        raise InvalidData(_SAMPLE_FILE, None, f"not valid JSON: {exc}") from None
    return SamplePortfolio.from_dict(data)


# -- synthetic generator ---------------------------------------------------------------------

_BEHAVIOURS = (
    # name, weight, probability of paying, mean days late, spread, partial-payment probability
    ("punctual", 30, 0.99, 0, 2, 0.0),
    ("occasional", 25, 0.97, 6, 10, 0.05),
    ("habitual", 20, 0.93, 35, 20, 0.10),
    ("difficulty", 10, 0.70, 60, 40, 0.45),
    ("bad_faith", 8, 0.45, 90, 60, 0.10),
    ("insolvent", 4, 0.20, 120, 60, 0.10),
    ("new", 3, 1.0, 0, 1, 0.0),
)

_NATURE_MIX: tuple[tuple[ClaimNature, PartyKind, int], ...] = (
    (ClaimNature.COMMERCIAL, PartyKind.PROFESSIONAL, 55),
    (ClaimNature.CONSUMER, PartyKind.INDIVIDUAL, 12),
    (ClaimNature.PUBLIC_PROCUREMENT, PartyKind.PUBLIC_BODY, 6),
    (ClaimNature.TRANSPORT, PartyKind.PROFESSIONAL, 5),
    (ClaimNature.COMMERCIAL_RENT, PartyKind.PROFESSIONAL, 4),
    (ClaimNature.RESIDENTIAL_RENT, PartyKind.INDIVIDUAL, 5),
    (ClaimNature.CIVIL, PartyKind.INDIVIDUAL, 4),
    (ClaimNature.INSURANCE, PartyKind.INDIVIDUAL, 3),
    (ClaimNature.WAGES, PartyKind.PROFESSIONAL, 2),
    (ClaimNature.TAX, PartyKind.PROFESSIONAL, 2),
    (ClaimNature.ALIMONY, PartyKind.INDIVIDUAL, 2),
)

_CREDITOR = Creditor(
    id="ACME",
    name="Acme Outillage SAS",
    kind=PartyKind.PROFESSIONAL,
    siren="732829320",
    address="12 rue des Forges\n69007 Lyon",
)
_LANDLORD = Creditor(
    id="DUPONT",
    name="Jeanne Dupont",
    kind=PartyKind.INDIVIDUAL,
    address="8 place Bellecour\n69002 Lyon",
)
_EMPLOYEE = Creditor(
    id="LEGRAND",
    name="Marc Legrand",
    kind=PartyKind.INDIVIDUAL,
    address="4 rue Victor Hugo\n69002 Lyon",
)
_TAX_OFFICE = Creditor(
    id="SIE-LYON",
    name="Service des impôts des entreprises de Lyon",
    kind=PartyKind.PUBLIC_BODY,
    address="3 rue de la Charité\n69002 Lyon",
)
_CREDITORS = {
    ClaimNature.RESIDENTIAL_RENT: _LANDLORD,
    ClaimNature.CIVIL: _LANDLORD,
    ClaimNature.ALIMONY: _LANDLORD,
    ClaimNature.WAGES: _EMPLOYEE,
    ClaimNature.TAX: _TAX_OFFICE,
}
_NAMES = (
    "Martin",
    "Bernard",
    "Thomas",
    "Petit",
    "Robert",
    "Richard",
    "Durand",
    "Dubois",
    "Moreau",
    "Laurent",
    "Simon",
    "Michel",
    "Lefebvre",
    "Leroy",
    "Roux",
    "David",
    "Bertrand",
    "Morel",
    "Fournier",
    "Girard",
)
_FORMS = {
    PartyKind.PROFESSIONAL: ("SARL", "SAS", "SA", "EURL"),
    PartyKind.PUBLIC_BODY: ("Commune de", "CHU de", "Régie de"),
    PartyKind.INDIVIDUAL: ("M.", "Mme"),
}


def _pick(rng: random.Random, table: Sequence[Any], weight_index: int) -> Any:
    return rng.choices(table, weights=[row[weight_index] for row in table], k=1)[0]


def _debtor(rng: random.Random, index: int) -> tuple[Debtor, ClaimNature, tuple[Any, ...]]:
    # The first debtors cover every nature and every behaviour; the rest are drawn at random.
    nature, kind, _ = _NATURE_MIX[index] if index < len(_NATURE_MIX) else _pick(rng, _NATURE_MIX, 2)
    behaviour = (
        _BEHAVIOURS[(index + 2) % len(_BEHAVIOURS)]
        if index < 2 * len(_BEHAVIOURS)
        else _pick(rng, _BEHAVIOURS, 1)
    )
    name = _NAMES[index % len(_NAMES)]
    forms = _FORMS[kind]
    form = forms[index % len(forms)]
    if kind is PartyKind.PROFESSIONAL:
        # The activity turns with the name's round, so that no two debtors share a name.
        trade = ("Bâtiment", "Transports", "Distribution", "Conseil")
        full = f"{name} {trade[(index + index // len(_NAMES)) % len(trade)]} {form}"
    elif kind is PartyKind.PUBLIC_BODY:
        town = ("Lyon", "Valence", "Annecy", "Vienne")[index % 4]
        full = f"{form[:-2]}d'{town}" if town[0] in "AEIOUY" else f"{form} {town}"  # élision
    else:
        first = ("Jean", "Claire", "Paul", "Sophie")[(index + 2 * (index // len(_NAMES))) % 4]
        full = f"{form} {first} {name}"
    buyer = None
    if kind is PartyKind.PUBLIC_BODY:
        buyer = (PublicBuyer.STATE, PublicBuyer.HEALTH_ESTABLISHMENT, PublicBuyer.STATE)[index % 3]
    debtor = Debtor(
        id=f"D{index + 1:04d}",
        name=full,
        kind=kind,
        public_buyer=buyer,
        country="BE" if index % 23 == 22 else "FR",
    )
    return debtor, nature, behaviour


def _terms_for(nature: ClaimNature, rng: random.Random) -> PaymentTerms | None:
    if nature is ClaimNature.COMMERCIAL:
        choice = rng.random()
        if choice < 0.5:
            return PaymentTerms.net(30)
        if choice < 0.75:
            return PaymentTerms.end_of_month(45)
        if choice < 0.9:
            return PaymentTerms.net(60, penalty=PenaltyClause(percent=Decimal(10)))
        return None  # legal default: 30 days
    if nature in (ClaimNature.TRANSPORT, ClaimNature.PUBLIC_PROCUREMENT):
        return PaymentTerms.net(30)
    if nature in (ClaimNature.RESIDENTIAL_RENT, ClaimNature.COMMERCIAL_RENT):
        return PaymentTerms.on_receipt()
    return PaymentTerms.net(15)


def generate_claims(
    n: int,
    *,
    seed: int = 0,
    debtors: int | None = None,
    as_of: Any = SAMPLE_AS_OF,
    history_days: int = 720,
) -> tuple[Claim, ...]:
    """Generate ``n`` realistic synthetic claims, deterministically from ``seed``.

    Debtors follow one of several payment behaviours (punctual, occasionally late,
    habitually late, in difficulty, bad faith, insolvent, new); claims get payments
    and a history of events (reminders, formal notices, promises, plans, disputes,
    legal actions, insolvency) consistent with that behaviour, all dated on or before
    ``as_of``.

    Args:
        n: How many claims.
        seed: The random seed; the same seed gives the same claims.
        debtors: How many debtors (default: one per 5 claims, at least 1).
        as_of: Nothing is dated after this day.
        history_days: How far back invoices go.

    Examples:
        >>> claims = generate_claims(50, seed=7, as_of="2025-12-31")
        >>> len(claims), all(c.issued_on <= pendulum.Date(2025, 12, 31) for c in claims)
        (50, True)
    """
    n = to_int(n, "n")
    if n < 0:
        raise InvalidValue("n", n, "must not be negative")
    end = to_date(as_of, "as_of").toordinal()
    history_days = to_int(history_days, "history_days")
    if history_days < 10:
        raise InvalidValue("history_days", history_days, "must be at least 10")
    count = max(1, n // 5) if debtors is None else to_int(debtors, "debtors")
    if count < 1:
        raise InvalidValue("debtors", count, "must be at least 1")
    rng = random.Random(seed)
    people = [_debtor(rng, i) for i in range(count)]
    claims: list[Claim] = []
    for index in range(n):
        debtor, nature, behaviour = people[index % count]
        claims.append(_claim(rng, index, debtor, nature, behaviour, end, history_days))
    return tuple(claims)


def _occasional(
    rng: random.Random,
    index: int,
    amount: Money,
    issued: int,
    end: int,
    events: list[Event],
    credit_notes: list[CreditNote],
) -> None:
    """An occasional payer: now and then a dispute, settled by a credit note or not."""
    if not (rng.random() < 0.1 and issued + 10 <= end):
        return
    day = issued + 10
    if rng.random() < 0.5:
        credit_notes.append(
            CreditNote(
                on=from_ordinal(day),
                amount=(amount * Decimal("0.1")).round(),
                reference=f"AV-{index + 1:05d}",
            )
        )
        events.append(
            Dispute(
                opened_on=from_ordinal(issued + 5),
                closed_on=from_ordinal(day),
                amount=(amount * Decimal("0.1")).round(),
                outcome=DisputeOutcome.CREDIT_NOTE,
            )
        )
    else:
        events.append(Dispute(opened_on=from_ordinal(issued + 5)))


def _bad_faith(rng: random.Random, amount: Money, due: int, end: int, events: list[Event]) -> None:
    """A debtor in bad faith: a broken promise, a rejected dispute, court, an agency."""
    if due + 20 <= end:
        events.append(
            PaymentPromise(on=from_ordinal(due + 20), promised_for=from_ordinal(due + 30))
        )
    if due + 25 <= end and rng.random() < 0.5:
        events.append(
            Dispute(
                opened_on=from_ordinal(due + 25),
                closed_on=from_ordinal(min(end, due + 45)),
                outcome=DisputeOutcome.REJECTED,
            )
        )
    if due + 90 <= end:
        kind = (
            LegalActionKind.PAYMENT_ORDER if amount.amount > 5000 else LegalActionKind.SMALL_CLAIMS
        )
        events.append(
            LegalAction(
                kind=kind,
                filed_on=from_ordinal(due + 90),
                served_on=from_ordinal(due + 110) if due + 110 <= end else None,
            )
        )
    if due + 200 <= end:
        events.append(Judgment(on=from_ordinal(due + 180), served_on=from_ordinal(due + 200)))
    if due + 70 <= end and rng.random() < 0.3:
        events.append(
            AgencyHandover(on=from_ordinal(due + 70), agency="Recouvra SA", fee_rate=Decimal(12))
        )
        events.append(
            RecoveryCost(
                on=from_ordinal(due + 70), amount=Money("45.00"), description="file opening fee"
            )
        )


def _insolvency(debtor: Debtor, index: int, due: int, end: int, events: list[Event]) -> None:
    """An insolvent debtor: over-indebtedness or a collective proceeding, and a declaration."""
    opened = due + 30
    if debtor.kind is PartyKind.INDIVIDUAL:
        events.append(OverIndebtedness(admissible_on=from_ordinal(opened)))
    else:
        procedure = (
            InsolvencyKind.RECEIVERSHIP,
            InsolvencyKind.LIQUIDATION,
            InsolvencyKind.SAFEGUARD,
        )[index % 3]
        published = opened + 14
        events.append(
            InsolvencyProceeding(
                kind=procedure,
                opened_on=from_ordinal(opened),
                published_on=from_ordinal(published) if published <= end else None,
            )
        )
        if published + 20 <= end:
            events.append(ClaimDeclaration(on=from_ordinal(published + 20)))


def _claim(
    rng: random.Random,
    index: int,
    debtor: Debtor,
    nature: ClaimNature,
    behaviour: tuple[Any, ...],
    end: int,
    history_days: int,
) -> Claim:
    name, _, pay_probability, mean_late, spread, partial_probability = behaviour
    recent = 40 if name == "new" else history_days
    issued = end - rng.randint(5, recent)
    creditor = _CREDITORS.get(nature, _CREDITOR)
    terms = _terms_for(nature, rng)
    cents = int(rng.lognormvariate(7.2, 1.0) * 100)
    amount = Money._unchecked(Decimal(max(cents, 1500)).scaleb(-2), "EUR")
    due = terms.due_ordinal(issued) if terms is not None else issued + 30
    payments: list[Payment] = []
    events: list[Event] = []
    credit_notes: list[CreditNote] = []
    late = (
        max(0, int(rng.gauss(mean_late, spread)))
        if mean_late
        else max(0, int(rng.gauss(-2, spread)))
    )
    pays = rng.random() < pay_probability
    paid_on = due + late
    if pays and paid_on <= end:
        if rng.random() < partial_probability:
            first = (amount * Decimal("0.4")).round()
            first_day = max(issued, min(end, due + late // 3))
            payments.append(Payment(on=from_ordinal(first_day), amount=first))
            if rng.random() < 0.6:
                payments.append(
                    Payment(on=from_ordinal(max(first_day, paid_on)), amount=amount - first)
                )
        else:
            payments.append(Payment(on=from_ordinal(max(issued, paid_on)), amount=amount))
    settled_day = (
        paid_on if payments and sum(p.amount.amount for p in payments) >= amount.amount else None
    )
    horizon = min(end, settled_day - 1) if settled_day is not None else end
    step_days = (
        ("courteous", Channel.EMAIL, 7),
        ("firm", Channel.PHONE, 21),
        ("written", Channel.LETTER, 35),
    )
    for step, channel, offset in step_days:
        if due + offset <= horizon:
            events.append(Reminder(on=from_ordinal(due + offset), channel=channel, step=step))
    if due + 50 <= horizon and name not in ("punctual", "new"):
        events.append(FormalNotice(on=from_ordinal(due + 50), cure_days=8))
    if name == "occasional":
        _occasional(rng, index, amount, issued, end, events, credit_notes)
    if name == "habitual" and due + 40 <= horizon and rng.random() < 0.4:
        events.append(
            PaymentPromise(
                on=from_ordinal(due + 40), promised_for=from_ordinal(min(due + 55, end + 30))
            )
        )
    if name == "difficulty" and due + 60 <= end and rng.random() < 0.5:
        agreed = due + 60
        outstanding = amount - sum(
            (p.amount for p in payments if p.on.toordinal() <= agreed), Money.zero()
        )
        if outstanding.amount > 0:
            third = (outstanding / 3).round()
            events.append(
                PaymentPlan(
                    agreed_on=from_ordinal(agreed),
                    instalments=(
                        Instalment(due_on=from_ordinal(agreed + 30), amount=third),
                        Instalment(due_on=from_ordinal(agreed + 60), amount=third),
                        Instalment(
                            due_on=from_ordinal(agreed + 90), amount=outstanding - third * 2
                        ),
                    ),
                )
            )
    if name == "bad_faith" and not payments:
        _bad_faith(rng, amount, due, end, events)
    if name == "insolvent" and due + 30 <= end:
        _insolvency(debtor, index, due, end, events)
    if name == "difficulty" and payments and rng.random() < 0.3:
        events.append(Acknowledgment(on=payments[0].on))
    return Claim(
        id=f"S-{index + 1:05d}",
        creditor=creditor,
        debtor=debtor,
        nature=nature,
        amount=amount,
        issued_on=from_ordinal(issued),
        due_on=None if terms is not None or nature is ClaimNature.COMMERCIAL else from_ordinal(due),
        terms=terms,
        payments=tuple(payments),
        credit_notes=tuple(credit_notes),
        events=tuple(events),
    )


def _write_sample() -> None:  # pragma: no cover - maintenance helper
    """Regenerate the shipped sample file: ``python -c "from recouvrement.sample import
    _write_sample; _write_sample()"``."""
    claims = generate_claims(200, seed=2025, debtors=40, as_of=SAMPLE_AS_OF)
    portfolio = SamplePortfolio(
        claims=claims,
        as_of=SAMPLE_AS_OF,
        description="Synthetic sample portfolio: 200 claims of 40 debtors of every kind, "
        "with payments and events (generate_claims(200, seed=2025, debtors=40)).",
    )
    path = resources.files("recouvrement").joinpath(_SAMPLE_FILE)
    with open(str(path), "w", encoding="utf-8") as handle:
        json.dump(portfolio.to_dict(), handle, ensure_ascii=False, indent=1)
        handle.write("\n")
