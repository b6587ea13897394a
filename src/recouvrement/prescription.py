"""Prescription: when a claim is time-barred, what keeps it alive, and the insolvency deadlines.

`prescription_deadline` answers "until when can the creditor still act on this claim?":
the limitation period (*délai de prescription*) chosen from the claim's nature and
parties, its start, every interruption and suspension recorded in the claim's history,
the 20-year long stop, and whether the claim is time-barred on ``as_of``, each step
with its article. `claim_declaration_deadline` gives the deadlines of an insolvency
proceeding (declaring the claim, asking for relief from foreclosure) and
`upcoming_deadlines` lists every such deadline of a portfolio falling in a window.

The rules follow the claim's jurisdiction (French law: see
[`recouvrement.jurisdictions.fr.prescription`][recouvrement.jurisdictions.fr.prescription],
whose docstring lists every rule, its article and the choices made).

Conventions (French law):

- **Anniversary date.** A period of N years from a day ends on the same day N years
  later (15 March 2020 + 5 years: last day 15 March 2025); from 29 February it ends on
  28 February. The claim can still be acted on during the whole last day (C. civ. 2229)
  and the last day is never moved to the next working day (Cass. 2e civ., 7 Apr 2016,
  n° 15-12.960).
- **Only events dated on or before** ``as_of`` count; an event that starts on or before
  ``as_of`` and ends after it is treated as still going on.
- ``time_barred`` is ``as_of > deadline``.

Examples:
    >>> from recouvrement.claims import Claim
    >>> from recouvrement.events import Acknowledgment, FormalNotice
    >>> from recouvrement.parties import Creditor, Debtor
    >>> from recouvrement.prescription import prescription_deadline
    >>> claim = Claim(id="F-1", creditor=Creditor(id="C", name="Acme", kind="professional"),
    ...               debtor=Debtor(id="D", name="Martin SARL", kind="professional"),
    ...               nature="commercial", amount="1000", issued_on="2020-02-14",
    ...               due_on="2020-03-15",
    ...               events=[FormalNotice(on="2020-06-01"), Acknowledgment(on="2021-09-10")])
    >>> p = prescription_deadline(claim, as_of="2024-01-01")
    >>> p.period, str(p.basis), p.starts_on, p.deadline, p.time_barred
    ('5 years', 'C. com. L110-4 I', Date(2020, 3, 15), Date(2026, 9, 10), False)
    >>> applied = [(e.kind, e.start, str(e.citation)) for e in p.interruptions]
    >>> applied
    [('acknowledgment', Date(2021, 9, 10), 'C. civ. 2240')]
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs
import pendulum

from . import jurisdictions
from ._convert import DateLike, to_date, to_int
from .calendar import ProceduralDeadline
from .claims import Claim
from .errors import InvalidType, InvalidValue
from .events import InsolvencyKind, InsolvencyProceeding
from .explain import Citation, Reason
from .jurisdictions.base import PrescriptionEngine

__all__ = [
    "DEADLINE_KINDS",
    "Deadline",
    "DeclarationDeadline",
    "Prescription",
    "PrescriptionEvent",
    "claim_declaration_deadline",
    "prescription_deadline",
    "upcoming_deadlines",
]

#: The ``kind`` values of a `Deadline`.
DEADLINE_KINDS = ("prescription", "claim_declaration", "relief_from_foreclosure")


@attrs.frozen(slots=True, kw_only=True)
class PrescriptionEvent:
    """One interruption or suspension applied to a claim's prescription.

    Attributes:
        kind: What happened: ``"acknowledgment"``, ``"payment"``, ``"payment_plan"``,
            ``"legal_action"``, ``"judgment"``, ``"enforcement_act"``,
            ``"conservatory_measure"``, ``"claim_declaration"`` (interruptions);
            ``"judgment_served"`` (a new period of its own, CPCE L111-4);
            ``"mediation"``, ``"small_claims"``, ``"court_inquiry"``, ``"force_majeure"``
            (suspensions).
        effect: ``"interruption"`` (a new period of the same length, C. civ. 2231),
            ``"new_title"`` (the 10-year period of a served judgment) or
            ``"suspension"`` (the clock pauses, C. civ. 2230).
        start: The day it took effect (the payment, the service of the claim...).
        end: The day a lasting effect ended (end of the proceedings, closure of the
            insolvency proceeding, end of the mediation), or ``None`` when it is
            instantaneous or still going on.
        ongoing: Whether it was still going on on ``as_of``.
        deadline_after: The deadline once this event (and those before it) is applied.
        citation: The article.
        note: A readable sentence.

    Examples:
        >>> import pendulum
        >>> from recouvrement.explain import Citation
        >>> e = PrescriptionEvent(kind="payment", effect="interruption",
        ...     start=pendulum.Date(2024, 5, 2), deadline_after=pendulum.Date(2029, 5, 2),
        ...     citation=Citation("C. civ.", "2240"), note="a partial payment")
        >>> e.to_dict()["deadline_after"]
        '2029-05-02'
    """

    kind: str
    effect: str
    start: pendulum.Date
    end: pendulum.Date | None = None
    ongoing: bool = False
    deadline_after: pendulum.Date
    citation: Citation
    note: str

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-compatible dict (dates as ISO strings)."""
        return {
            "kind": self.kind,
            "effect": self.effect,
            "start": self.start.isoformat(),
            "end": None if self.end is None else self.end.isoformat(),
            "ongoing": self.ongoing,
            "deadline_after": self.deadline_after.isoformat(),
            "citation": self.citation.to_dict(),
            "note": self.note,
        }


@attrs.frozen(slots=True, kw_only=True)
class Prescription:
    """The prescription of one claim on one date, with its reasons.

    Attributes:
        claim_id: The claim's id.
        as_of: The date computed for.
        deadline: The last day on which an action can still be brought (at 24:00,
            C. civ. 2229). While the clock is paused (``running`` is false) it is the
            earliest the deadline can be: the date it would have if the pause ended on
            ``as_of``.
        starts_on: The day the prescription started (the explicit start of the claim,
            or its due date).
        runs_from: The start of the period now running (the last interruption, the end
            of the proceedings, the service of a judgment...), before suspensions.
        period: The length of the period now running, readable (``"5 years"``).
        period_months: The same, in months.
        basis: The article of the period now running.
        interruptions: The interruptions applied, in date order (`PrescriptionEvent`).
        suspensions: The suspensions applied, in date order (`PrescriptionEvent`).
        long_stop: The 20-year long stop (C. civ. 2232) when it still applies, or
            ``None`` when a legal action, an enforcement act or a judgment took the
            claim out of it.
        time_barred: ``as_of > deadline``.
        running: Whether the clock runs on ``as_of``: false while proceedings or an
            insolvency proceeding keep it interrupted, or a suspension is going on.
        reasons: Every step, with its article.

    Examples:
        >>> from recouvrement.sample import sample_claim
        >>> p = prescription_deadline(sample_claim(), as_of="2025-06-30")
        >>> p.time_barred, p.days_left > 0, p.to_dict()["period"]
        (False, True, '5 years')
    """

    claim_id: str
    as_of: pendulum.Date
    deadline: pendulum.Date
    starts_on: pendulum.Date
    runs_from: pendulum.Date
    period: str
    period_months: int
    basis: Citation
    interruptions: tuple[PrescriptionEvent, ...] = ()
    suspensions: tuple[PrescriptionEvent, ...] = ()
    long_stop: pendulum.Date | None = None
    time_barred: bool
    running: bool = True
    reasons: tuple[Reason, ...] = ()

    @property
    def days_left(self) -> int:
        """Days from ``as_of`` to the deadline (0 on the last day, negative once barred)."""
        return self.deadline.toordinal() - self.as_of.toordinal()

    def _repr_html_(self) -> str:
        """HTML for notebooks: deadline, period and basis, interruptions and suspensions."""
        from .display import prescription_html

        return prescription_html(self)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-compatible dict (dates as ISO strings)."""
        return {
            "claim_id": self.claim_id,
            "as_of": self.as_of.isoformat(),
            "deadline": self.deadline.isoformat(),
            "starts_on": self.starts_on.isoformat(),
            "runs_from": self.runs_from.isoformat(),
            "period": self.period,
            "period_months": self.period_months,
            "basis": self.basis.to_dict(),
            "interruptions": [e.to_dict() for e in self.interruptions],
            "suspensions": [e.to_dict() for e in self.suspensions],
            "long_stop": None if self.long_stop is None else self.long_stop.isoformat(),
            "time_barred": self.time_barred,
            "running": self.running,
            "reasons": [r.to_dict() for r in self.reasons],
        }


@attrs.frozen(slots=True, kw_only=True)
class DeclarationDeadline:
    """The deadlines a creditor faces once an insolvency proceeding is published.

    Attributes:
        kind: The [`InsolvencyKind`][recouvrement.events.InsolvencyKind].
        published_on: The day the opening judgment was published at the BODACC.
        runs_from: The day the deadlines run from: the publication, or the personal
            notice received by a creditor holding a published security or contract.
        outside_metropolitan_france: Whether the 2 extra months of R622-24 al. 2 apply.
        declaration: The deadline to declare the claim (C. com. R622-24), counted as a
            procedural deadline (CPC 641, 642).
        relief_from_foreclosure: The last day to ask for relief from foreclosure
            (*relevé de forclusion*, C. com. L622-26), counted the same way.
        reasons: Every step, with its article.

    Examples:
        >>> from recouvrement.events import InsolvencyProceeding
        >>> p = InsolvencyProceeding(kind="receivership", opened_on="2025-03-04",
        ...                          published_on="2025-03-16")
        >>> d = claim_declaration_deadline(p)
        >>> d.deadline, d.relief_deadline
        (Date(2025, 5, 16), Date(2025, 9, 16))
    """

    kind: InsolvencyKind
    published_on: pendulum.Date
    runs_from: pendulum.Date
    outside_metropolitan_france: bool
    declaration: ProceduralDeadline
    relief_from_foreclosure: ProceduralDeadline
    reasons: tuple[Reason, ...] = ()

    @property
    def deadline(self) -> pendulum.Date:
        """The last day to declare the claim (after any CPC 642 extension)."""
        return self.declaration.date

    @property
    def relief_deadline(self) -> pendulum.Date:
        """The last day to ask for relief from foreclosure (after any CPC 642 extension)."""
        return self.relief_from_foreclosure.date

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-compatible dict (dates as ISO strings)."""
        return {
            "kind": self.kind.value,
            "published_on": self.published_on.isoformat(),
            "runs_from": self.runs_from.isoformat(),
            "outside_metropolitan_france": self.outside_metropolitan_france,
            "declaration": self.declaration.to_dict(),
            "relief_from_foreclosure": self.relief_from_foreclosure.to_dict(),
            "reasons": [r.to_dict() for r in self.reasons],
        }


@attrs.frozen(slots=True, kw_only=True)
class Deadline:
    """One legal deadline of one claim, as listed by `upcoming_deadlines`.

    Attributes:
        claim_id: The claim's id.
        kind: ``"prescription"``, ``"claim_declaration"`` or ``"relief_from_foreclosure"``.
        date: The last day (included).
        days_left: Days from ``as_of`` to ``date`` (0 when it is ``as_of``).
        citation: The article.
        message: A readable sentence.

    Examples:
        >>> import pendulum
        >>> from recouvrement.explain import Citation
        >>> d = Deadline(claim_id="F-1", kind="prescription", date=pendulum.Date(2025, 3, 15),
        ...              days_left=14, citation=Citation("C. com.", "L110-4"),
        ...              message="F-1 is time-barred after 2025-03-15")
        >>> str(d)
        '2025-03-15 prescription F-1: F-1 is time-barred after 2025-03-15 [C. com. L110-4]'
    """

    claim_id: str
    kind: str
    date: pendulum.Date
    days_left: int
    citation: Citation
    message: str

    def __str__(self) -> str:
        return (
            f"{self.date.isoformat()} {self.kind} {self.claim_id}: {self.message} [{self.citation}]"
        )

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-compatible dict (dates as ISO strings)."""
        return {
            "claim_id": self.claim_id,
            "kind": self.kind,
            "date": self.date.isoformat(),
            "days_left": self.days_left,
            "citation": self.citation.to_dict(),
            "message": self.message,
        }


_ENGINES: dict[str, PrescriptionEngine] = {}


def _engine(jurisdiction: str) -> PrescriptionEngine:
    """The prescription engine of a jurisdiction, from the registry (kept per code)."""
    engine = _ENGINES.get(jurisdiction)
    if engine is None:
        engine = _ENGINES[jurisdiction] = jurisdictions.get(jurisdiction).prescription
    return engine


def _optional_bool(value: Any, field: str) -> bool | None:
    if value is not None and not isinstance(value, bool):
        raise InvalidType(field, value, "bool or None")
    return value


def prescription_deadline(
    claim: Claim,
    *,
    as_of: DateLike,
    periodic: bool | None = None,
    agreed_period_months: int | None = None,
) -> Prescription:
    """Return the prescription of ``claim`` on ``as_of``: its deadline, and why.

    French law (see
    [`recouvrement.jurisdictions.fr.prescription`][recouvrement.jurisdictions.fr.prescription]):
    the period from the nature and parties (C. civ. 2224, C. com. L110-4,
    C. consom. L218-2, loi 89-462 art. 7-1, C. trav. L3245-1, C. com. L133-6, LPF L274,
    C. assur. L114-1; 10 years from the service of a judgment, CPCE L111-4), from the
    claim's explicit start or else its due date; interruptions (C. civ. 2231, 2240-2244,
    C. com. L622-25-1), suspensions (2230, 2234, 2238, 2239) and the 20-year long stop
    (2232).

    Args:
        claim: The [`Claim`][recouvrement.claims.Claim]. Model each instalment of a
            periodic debt (rent, wages, maintenance) as its own claim: each has its own
            start.
        as_of: The date to compute for; only events dated on or before it count.
        periodic: Whether the claim is a sum payable yearly or at shorter terms
            (C. civ. 2254 al. 3). ``None`` (default) reads it from the nature: rents,
            wages and maintenance are periodic. A periodic claim falling due after a
            judgment keeps its own period instead of the judgment's 10 years
            (Cass. 1re civ., 8 Jun 2016, n° 15-19.614), and its period cannot be
            changed by contract.
        agreed_period_months: A period agreed by the parties, in months, between 12 and
            120 (C. civ. 2254 al. 1). Refused for a consumer contract (C. consom. L218-1),
            a periodic sum (2254 al. 3) and a tax claim.

    Returns:
        The [`Prescription`][recouvrement.prescription.Prescription].

    Raises:
        InvalidType: ``claim`` is not a `Claim`, or a bad option type.
        InvalidValue: A bad ``as_of``, or an ``agreed_period_months`` out of bounds or not
            allowed for this claim (``field == "agreed_period_months"``).
        UnsupportedJurisdiction: No rules for ``claim.jurisdiction``.

    Examples:
        >>> from recouvrement.claims import Claim, Payment
        >>> from recouvrement.events import Mediation
        >>> from recouvrement.parties import Creditor, Debtor
        >>> sale = Claim(id="V-7", creditor=Creditor(id="G", name="Garage", kind="professional"),
        ...              debtor=Debtor(id="P", name="Paul Petit", kind="individual"),
        ...              nature="consumer", amount="900", issued_on="2022-01-10",
        ...              due_on="2022-02-10",
        ...              payments=[Payment(on="2022-06-01", amount="100")],
        ...              events=[Mediation(start="2024-02-01", end="2024-04-15")])
        >>> p = prescription_deadline(sale, as_of="2024-06-01")
        >>> p.period, str(p.basis), p.deadline
        ('2 years', 'C. consom. L218-2', Date(2024, 10, 15))
        >>> applied = [(e.kind, e.effect) for e in p.interruptions + p.suspensions]
        >>> applied
        [('payment', 'interruption'), ('mediation', 'suspension')]
    """
    if not isinstance(claim, Claim):
        raise InvalidType("claim", claim, "Claim")
    day = to_date(as_of, "as_of").toordinal()
    flag = _optional_bool(periodic, "periodic")
    months = None
    if agreed_period_months is not None:
        months = to_int(agreed_period_months, "agreed_period_months")
    return _engine(claim.jurisdiction).prescription(claim, day, periodic=flag, agreed_months=months)


def claim_declaration_deadline(
    proceeding: InsolvencyProceeding,
    *,
    creditor_outside_metropolitan_france: bool = False,
    notified_on: Any = None,
    jurisdiction: str = "FR",
) -> DeclarationDeadline:
    """Return the deadlines to declare a claim and to ask for relief from foreclosure.

    French law: 2 months from the publication of the opening judgment at the BODACC,
    + 2 months for a creditor not residing in metropolitan France when the court sits
    there (C. com. R622-24 al. 1-2); the action for relief from foreclosure within
    6 months of the publication (L622-26). Both are counted as procedural deadlines
    (CPC 641, 642: a last day on a Saturday, Sunday or public holiday moves to the next
    business day).

    Args:
        proceeding: The [`InsolvencyProceeding`][recouvrement.events.InsolvencyProceeding];
            it must have a ``published_on`` date.
        creditor_outside_metropolitan_france: Add the 2 months of R622-24 al. 2. For a
            court sitting overseas, pass ``True`` for a creditor outside that department
            or collectivity (R622-24 al. 3).
        notified_on: For a creditor holding a published security or a published contract:
            the day it received the representative's personal notice, from which both
            deadlines then run (R622-24 al. 1, L622-26).
        jurisdiction: Whose law applies (``"FR"``).

    Raises:
        InvalidType: ``proceeding`` is not an `InsolvencyProceeding`, or a bad option type.
        InvalidValue: The proceeding has no ``published_on`` (``field == "published_on"``),
            or ``notified_on`` is before the opening.
        UnsupportedJurisdiction: No rules for ``jurisdiction``.

    Examples:
        >>> from recouvrement.events import InsolvencyProceeding
        >>> p = InsolvencyProceeding(kind="liquidation", opened_on="2025-01-07",
        ...                          published_on="2025-01-19")
        >>> d = claim_declaration_deadline(p, creditor_outside_metropolitan_france=True)
        >>> d.declaration.nominal, d.deadline    # 19 May 2025 is a Monday
        (Date(2025, 5, 19), Date(2025, 5, 19))
        >>> claim_declaration_deadline(InsolvencyProceeding(kind="safeguard",
        ...                                                 opened_on="2025-01-07"))
        Traceback (most recent call last):
        ...
        recouvrement.errors.InvalidValue: published_on=None: the proceeding has no BODACC publication date: the deadlines run from it (C. com. R622-24)
    """
    if not isinstance(proceeding, InsolvencyProceeding):
        raise InvalidType("proceeding", proceeding, "InsolvencyProceeding")
    if not isinstance(creditor_outside_metropolitan_france, bool):
        raise InvalidType(
            "creditor_outside_metropolitan_france", creditor_outside_metropolitan_france, "bool"
        )
    if not isinstance(jurisdiction, str):
        raise InvalidType("jurisdiction", jurisdiction, "str")
    notice = None if notified_on is None else to_date(notified_on, "notified_on")
    if notice is not None and notice < proceeding.opened_on:
        raise InvalidValue(
            "notified_on", notice, f"is before the opening ({proceeding.opened_on.isoformat()})"
        )
    return _engine(jurisdiction).declaration(
        proceeding, outside=creditor_outside_metropolitan_france, notified_on=notice
    )


def upcoming_deadlines(
    claims: Iterable[Claim], *, as_of: DateLike, within: int
) -> tuple[Deadline, ...]:
    """List the legal deadlines of ``claims`` falling within ``within`` days of ``as_of``.

    For each claim, by its jurisdiction: its prescription deadline, while the clock
    runs and the claim is neither settled nor cancelled on ``as_of``; and, when an
    insolvency proceeding published on or before ``as_of`` has not yet received a
    claim declaration, the deadline to declare it (C. com. R622-24; 2 extra months
    when the creditor's country is not ``"FR"``), or once that has passed, the last day
    to ask for relief from foreclosure (L622-26).

    Args:
        claims: Any iterable of [`Claim`][recouvrement.claims.Claim]s.
        as_of: The first day of the window.
        within: The window length in days (an ``int`` >= 0): deadlines dated from
            ``as_of`` to ``as_of + within`` included are listed.

    Returns:
        The `Deadline`s, soonest first (then by claim id and kind).

    Raises:
        InvalidType: ``within`` is not an ``int``, or an item is not a `Claim`.
        InvalidValue: ``within`` is negative, or a bad ``as_of``.

    Examples:
        >>> from recouvrement.sample import generate_claims
        >>> claims = generate_claims(200, seed=1, as_of="2025-12-31")
        >>> soon = upcoming_deadlines(claims, as_of="2025-12-31", within=120)
        >>> all(0 <= d.days_left <= 120 for d in soon)
        True
        >>> [d.date for d in soon] == sorted(d.date for d in soon)
        True
    """
    day = to_date(as_of, "as_of").toordinal()
    days = to_int(within, "within")
    if days < 0:
        raise InvalidValue("within", days, "must be >= 0")
    last = day + days
    found: list[Deadline] = []
    for index, claim in enumerate(claims):
        if not isinstance(claim, Claim):
            raise InvalidType(f"claims[{index}]", claim, "Claim")
        found.extend(_engine(claim.jurisdiction).upcoming(claim, day, last))
    found.sort(key=lambda d: (d.date, d.claim_id, DEADLINE_KINDS.index(d.kind)))
    return tuple(found)
