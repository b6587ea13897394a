"""French prescription rules (called through `recouvrement.prescription`).

The periods and limits live in ``data/fr_prescription.toml`` with their article, source,
confidence mark and effective dates; this module encodes how they combine. Legal
reference: §A (prescription) and §E.1 (insolvency deadlines).

**Period, from the nature and the parties** (the most specific row of the table wins):

| Claim | Period | Article |
|---|---|---|
| ``CONSUMER`` or ``COMMERCIAL``, professional creditor, individual debtor | 2 years | C. consom. L218-2 (S) |
| ``COMMERCIAL`` otherwise | 5 years | C. com. L110-4 I (P) |
| ``CIVIL`` | 5 years | C. civ. 2224 (P) |
| ``RESIDENTIAL_RENT`` (even a professional landlord) | 3 years | loi 89-462 art. 7-1 (P) |
| ``WAGES`` | 3 years | C. trav. L3245-1 (P) |
| ``TRANSPORT`` | 1 year | C. com. L133-6 (P) |
| ``TAX`` | 4 years | LPF L274 (P) |
| ``INSURANCE`` | 2 years | C. assur. L114-1 (P) |
| ``ALIMONY`` (child maintenance) | 5 years | C. civ. 2224 (Cass. 1re civ., 22/06/2016, S) |
| Any claim on a public body (not a public undertaking) | 4 years from 1 January of the year after the rights were acquired | loi 68-1250 art. 1 (P) |
| ``COMMERCIAL_RENT``, ``PUBLIC_PROCUREMENT`` (debtor not a public body), a ``CONSUMER`` claim between other parties | 5 years, the common law, and the reasons say so | C. civ. 2224 (P) |
| After a judgment is served | 10 years from service | CPCE L111-4 (S) |

Choices made here, each stated in the reasons:

- A ``COMMERCIAL`` claim of a professional against an *individual* (a natural person
  acting outside any profession, so a consumer) gets 2 years: L110-4 gives way to a
  shorter special prescription, and L218-2 is one.
- L218-2 needs a professional creditor: a public body's consumer claim gets the common
  law, with a warning.
- A public-body *debtor* follows the **déchéance quadriennale** (loi n° 68-1250 du 31
  décembre 1968), a row of the table with ``priority`` over the natures (art. 1: « toutes
  créances ») and its own regime, below. A debtor recorded as a public undertaking keeps
  the civil-law period (a public establishment is covered only with a public accountant),
  with a reason.
- Transport (L133-6) runs from delivery: without ``prescription_starts_on`` the due
  date is used, with a warning. Tax: the extra 2 years of LPF L274 for some debtors
  outside the EU are not applied (the reasons say so for a non-EU debtor).
- Rows are selected by the prescription start. A start before a row's
  ``effective_from`` uses the row anyway, with a warning: older law and its transitional
  rules are not in the table.

**Start.** The claim's ``prescription_starts_on`` (delivery, completion of works,
knowledge of the facts, C. civ. 2224) wins; otherwise the due date: prescription does
not run against a claim until its term arrives (C. civ. 2233, P). Each instalment of a
periodic debt is its own claim with its own start.

**Counting** (C. civ. 2228-2229, P; Cass. 2e civ., 7 Apr 2016, n° 15-12.960, S): the
period ends on its anniversary date (15 March 2020 + 5 years: last day 15 March 2025;
from 29 February: 28 February), at 24:00, with no extension to a working day.
*Caveat:* the reference (§A.6, S) reports a decision (Cass., 12/12/2018) reading a
5-year period from 19/06/2008 as ending on 18/06/2013, the start day counting as the
first full day. The anniversary convention applied here (the one the project fixed)
ends one day later in that reading; the difference matters only on the last day.

**Interruption** (a new period of the same length from the event, C. civ. 2231, P):

- an acknowledgment by the debtor, any partial payment (each payment interrupts, for
  the whole claim), a payment plan signed by the debtor (C. civ. 2240, P/S);
- a legal action from its **service** (payment order, summons, interim proceedings;
  filing a payment-order request does not interrupt, Cass. 1re civ., 09/09/2020,
  n° 19-12.006, S), lasting until the proceedings end (2241, 2242): the new period
  starts on ``ended_on``, or on the judgment when ``ended_on`` is not given; while the
  proceedings are pending the clock does not run (``running`` is false). The
  small-claims procedure is not a demand in court: it suspends instead (see below).
  Not modelled: the interruption is void if the action is withdrawn, lapses or is
  definitively rejected (2243): leave such an action out of the claim's events;
- an enforcement act or conservatory measure (2244, S);
- a claim declared in an insolvency proceeding, until the proceeding closes
  (C. com. L622-25-1, S);
- a judgment ends the proceedings; once **served**, the claim is enforceable for 10
  years from service (CPCE L111-4 al. 1, S: they run from the day the decision meets the
  enforceability conditions, service included, Cass. 2e civ., 05/10/2023, n° 20-23.523),
  and later interruptions restart those 10 years. A judgment **not served** by ``as_of``
  has not started its 10 years: the claim is not time-barred, ``running`` is false and
  the deadline shown is the earliest possible (10 years from ``as_of``); the reasons say
  to serve it (a judgment by default not served within 6 months is void, CPC 478: the
  model has no default flag, so this is only stated). A periodic sum falling due after
  the judgment keeps its own period (Cass. 1re civ., 08/06/2016, n° 15-19.614, P).

An event dated after the deadline has no effect (a barred claim is not revived). An
acknowledgment after the deadline may be a waiver of the acquired prescription (§A.2,
S); what period follows a waiver is not in the reference, so it is only flagged.
A formal notice never interrupts (Cass. com., 18/05/2022, n° 20-23.204, S). Extra
interruption causes agreed by contract (2254 al. 2) are not modelled.

**Suspension** (the clock pauses, C. civ. 2230, P): the deadline moves by the number of
days between the start and the end of the pause (days before the period started do
not count; overlapping pauses count once):

- mediation or conciliation, and the debtor's agreement to the small-claims procedure
  (2238, P): at least 6 months remain from the end;
- a court-ordered measure of inquiry (2239, S): at least 6 months from its end;
- force majeure (2234, P).

A pause still going on at ``as_of`` is computed as if it ended on ``as_of`` (the
earliest possible deadline) and ``running`` is false.

**Long stop** (C. civ. 2232, P): the deadline never goes beyond 20 years from the day
the right arose. 2232 al. 2 leaves the postponement of the start by a term (2233) outside
the cap, so the 20 years run here from the later of ``issued_on`` and ``due_on``: a debt
issued in 2003 and due in 2022 is not capped in 2023. A later explicit start (knowledge
of the facts, C. civ. 2224) stays under the cap. The long stop stops applying once a
legal action has been served, an enforcement act made or a judgment given (2232 al. 2
excludes 2241 al. 1 and 2244; L111-4 titles escape it).

**Contractual adjustment** (C. civ. 2254 al. 1, P): ``agreed_period_months`` between
12 and 120 replaces the period of the action (not the 10 years of a judgment). Refused
with `InvalidValue` for a periodic sum (2254 al. 3, P; checked first, so a residential
rent is refused under al. 3, loi 89-462 art. 7-1 displacing L218-2), for a consumer
contract (C. consom. L218-1, S: nature ``CONSUMER`` or a professional against an
individual) and for a tax claim (not a contract). Insurance: C. assur. L114-3 may forbid
an agreed period, but it is not in the reference, so the period is accepted and the
reasons say to check it.

**Maintenance** (``ALIMONY``): 5 years for child maintenance (S); between adults the
period is unconfirmed (U, §A.1 A13). The reasons state both confidences.

**Insolvency deadlines** (C. com. R622-24, P; L622-26, P): 2 months from the BODACC
publication to declare (+ 2 months outside metropolitan France), 6 months to ask for
relief from foreclosure, both counted as procedural deadlines (CPC 641, 642: the
reference lists claim declarations among them, S; applying the same count to the
relief action is a reading). Not modelled: the later start for a creditor who could
not know of its claim (L622-26 al. 3), claims arising after the opening (L622-24
al. 6), contracts terminated by the proceeding (R622-21 al. 2).

**Déchéance quadriennale** (loi 68-1250; `_run_public`): 4 years from 1 January of the
year after the rights were acquired (``prescription_starts_on``, else the issue date), so
the last day is 31 December of the fourth year (art. 1, P). Interrupted (art. 2, P) by a
written claim for payment to the administration (a reminder by letter, e-mail or
registered letter, a formal notice, the small-claims invitation), a recourse before a
court from its filing until its decision (the judgment's date, the earliest the decision
can be final), a written communication of the administration (an acknowledgment, a signed
plan), a payment even partial: a new 4-year period then runs from 1 January of the year
after. Suspended by an administrative mediation (art. 2-1, P: at most 6 months, at least
6 months after it) and by force majeure (art. 3, P). No long stop, no L111-4, no agreed
period (refused). The administration must invoke the lapse (art. 7): the reasons say so.

**Small-claims procedure** (CPCE L125-1; `recouvrement.jurisdictions.fr.small_claims`):
the debtor's agreement to take part suspends (2238); the agreement on the amount and the
terms of payment ends the suspension and, signed by the debtor, interrupts (2240). Its
title (CPCE L111-3 5°) is not one of L111-4's (1° to 3°, reference §A.1 A5a, S): the
claim keeps its own period.

Not modelled either: over-indebtedness (it suspends enforcement, C. consom. L722-2, not
prescription), incapacity and family suspensions (2235-2237), consumer-credit
*forclusion* (C. consom. R312-35: a 2-year bar that is not prescription).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import Any, NamedTuple

import attrs
import pendulum

from ..._convert import from_ordinal
from ..._dates import add_months, iso
from ..._tables import DatedIndex, load_toml, rule_on
from ...calendar import procedural_deadline
from ...claims import Claim, ClaimNature
from ...errors import InvalidValue
from ...events import (
    Acknowledgment,
    Cancellation,
    Channel,
    ClaimDeclaration,
    CourtInquiry,
    EnforcementAct,
    Event,
    ForceMajeure,
    FormalNotice,
    InsolvencyProceeding,
    Judgment,
    LegalAction,
    LegalActionKind,
    Mediation,
    PaymentPlan,
    Reminder,
)
from ...explain import Citation, Reason, _owned
from ...parties import PartyKind
from ...prescription import Deadline, DeclarationDeadline, Prescription, PrescriptionEvent
from .._national.routes import EU_MEMBER_STATES as _EU
from .procedures import clock_held_from

__all__ = [
    "ENGINE",
    "PrescriptionRule",
    "PrescriptionTable",
    "earliest_deadline",
    "prescription_table",
    "shortest_period_days",
]


@attrs.frozen(slots=True, kw_only=True)
class PrescriptionRule:
    """One row of ``data/fr_prescription.toml``: a period (by nature and parties) or a limit.

    Attributes:
        id: The rule id (``"commercial"``, ``"long_stop"``...).
        months: The length in months.
        citation: The article.
        confidence: ``"P"``, ``"S"`` or ``"U"`` (see the legal sources page).
        source: Where the reference read it.
        effective_from: The first day the row applies to (by prescription start).
        effective_to: The last day it applies to, or ``None``.
        effective_from_confidence: The confidence mark of ``effective_from``.
        natures: The natures it applies to (empty: any).
        creditor_kinds: The creditor kinds it applies to (empty: any).
        debtor_kinds: The debtor kinds it applies to (empty: any).
        public_buyers: The public-buyer categories of the debtor it applies to
            (``"unspecified"`` for none; empty: any).
        priority: Rows of higher priority win over more specific ones (the déchéance
            quadriennale covers every nature).
        count: ``"anniversary"`` (the period ends on its anniversary date) or
            ``"next_january"`` (it runs from 1 January of the following year, loi 68-1250).
        regime: Whose interruption and suspension rules apply: ``"civil_code"`` or
            ``"loi_68_1250"``.
        start: What the period runs from, in words.
        note: A precision.

    Examples:
        >>> rule = prescription_table().period("consumer")[0]
        >>> rule.months, str(rule.citation), rule.confidence
        (24, 'C. consom. L218-2', 'S')
    """

    id: str
    months: int
    citation: Citation
    confidence: str
    source: str
    effective_from: pendulum.Date
    effective_to: pendulum.Date | None = None
    effective_from_confidence: str = "P"
    natures: frozenset[str] = frozenset()
    creditor_kinds: frozenset[str] = frozenset()
    debtor_kinds: frozenset[str] = frozenset()
    public_buyers: frozenset[str] = frozenset()
    priority: int = 0
    count: str = "anniversary"
    regime: str = "civil_code"
    start: str = ""
    note: str = ""

    @property
    def years_label(self) -> str:
        """The length in words (``"5 years"``, ``"18 months"``)."""
        return _label(self.months)


@attrs.frozen(slots=True, kw_only=True)
class PrescriptionTable:
    """The French prescription table, read once from the packaged data file.

    Attributes:
        version: The date the table was checked.
        periods: The period rows, in file order.
        limits: The other rows, by id (every version, oldest first).
        periodic_natures: The natures paid at periodic terms (C. civ. 2254 al. 3).

    Examples:
        >>> table = prescription_table()
        >>> table.limit("long_stop", pendulum.Date(2024, 1, 1)).months
        240
    """

    version: str
    periods: tuple[PrescriptionRule, ...]
    limits: dict[str, tuple[PrescriptionRule, ...]]
    periodic_natures: frozenset[str]

    def period(self, rule_id: str) -> tuple[PrescriptionRule, ...]:
        """Every version of the period row ``rule_id``, oldest first."""
        return tuple(r for r in self.periods if r.id == rule_id)

    def limit(self, rule_id: str, on: pendulum.Date) -> PrescriptionRule:
        """The version of the limit ``rule_id`` in force on ``on`` (else the oldest)."""
        return _pick(self.limits[rule_id], on.toordinal())[0]


def _row(data: dict[str, Any]) -> PrescriptionRule:
    to = data.get("effective_to")
    return PrescriptionRule(
        id=data["id"],
        months=int(data["months"]),
        citation=Citation(data["code"], data["article"], note=data.get("paragraph")),
        confidence=data["confidence"],
        source=data["source"],
        effective_from=pendulum.Date.fromisoformat(data["effective_from"]),
        effective_to=None if to is None else pendulum.Date.fromisoformat(to),
        effective_from_confidence=data.get("effective_from_confidence", "P"),
        natures=frozenset(data.get("natures", ())),
        creditor_kinds=frozenset(data.get("creditor_kinds", ())),
        debtor_kinds=frozenset(data.get("debtor_kinds", ())),
        public_buyers=frozenset(data.get("public_buyers", ())),
        priority=int(data.get("priority", 0)),
        count=data.get("count", "anniversary"),
        regime=data.get("regime", "civil_code"),
        start=data.get("start", ""),
        note=data.get("note", ""),
    )


@lru_cache(maxsize=1)
def prescription_table() -> PrescriptionTable:
    """The French prescription table from ``data/fr_prescription.toml`` (read once).

    Examples:
        >>> sorted(prescription_table().periodic_natures)
        ['alimony', 'commercial_rent', 'residential_rent', 'wages']
    """
    resource = resources.files("recouvrement.jurisdictions.fr").joinpath(
        "data", "fr_prescription.toml"
    )
    data = load_toml(resource, origin="fr_prescription.toml")
    limits: dict[str, list[PrescriptionRule]] = {}
    for item in data["limit"]:
        rule = _row(item)
        limits.setdefault(rule.id, []).append(rule)
    return PrescriptionTable(
        version=str(data["version"]),
        periods=tuple(_row(item) for item in data["period"]),
        limits={k: tuple(sorted(v, key=lambda r: r.effective_from)) for k, v in limits.items()},
        periodic_natures=frozenset(data["periodic_natures"]),
    )


def _pick(versions: Sequence[PrescriptionRule], day: int) -> tuple[PrescriptionRule, bool]:
    """The version in force on ``day``, and whether ``day`` is before every version.

    Before the first version, the first one applies and the reasons say older law is not
    in the table. A day after the last version's end, or in a gap, raises: the law is
    never guessed.
    """
    chosen = versions.on(day) if type(versions) is DatedIndex else rule_on(versions, day)
    if chosen is not None:
        return chosen, False
    first = versions[0]
    if day < first.effective_from.toordinal():
        return first, True
    raise InvalidValue(
        "as_of",
        _iso(day),
        f"no version of the prescription rule {first.id!r} covers this date in "
        "fr_prescription.toml",
    )


@lru_cache(maxsize=64)
def _candidates(
    nature: str, creditor: str, debtor: str, buyer: str = "unspecified"
) -> tuple[PrescriptionRule, ...]:
    """The versions of the period row matching the nature and parties: the highest
    priority first, then the most specific, then file order."""
    best: list[tuple[int, int, int, PrescriptionRule]] = []
    for index, rule in enumerate(prescription_table().periods):
        if rule.natures and nature not in rule.natures:
            continue
        if rule.creditor_kinds and creditor not in rule.creditor_kinds:
            continue
        if rule.debtor_kinds and debtor not in rule.debtor_kinds:
            continue
        if rule.public_buyers and buyer not in rule.public_buyers:
            continue
        score = bool(rule.natures) + bool(rule.creditor_kinds) + bool(rule.debtor_kinds)
        best.append((-rule.priority, -score, index, rule))
    best.sort(key=lambda item: item[:3])
    chosen = best[0][3].id
    return tuple(sorted((r for *_, r in best if r.id == chosen), key=lambda r: r.effective_from))


@lru_cache(maxsize=64)
def _candidate_index(
    nature: str, creditor: str, debtor: str, buyer: str = "unspecified"
) -> DatedIndex[PrescriptionRule]:
    """`_candidates`, indexed by date once (the hot path)."""
    return DatedIndex(_candidates(nature, creditor, debtor, buyer))


def _buyer(claim: Claim) -> str:
    """The debtor's public-buyer category, ``"unspecified"`` when none is recorded."""
    buyer = claim.debtor.public_buyer
    return "unspecified" if buyer is None else buyer._value_


@lru_cache(maxsize=64)
def _limit_index(rule_id: str) -> DatedIndex[PrescriptionRule]:
    return DatedIndex(prescription_table().limits[rule_id])


@lru_cache(maxsize=512)
def _limit_months(rule_id: str, day: int) -> int:
    return _pick(_limit_index(rule_id), day)[0].months


@lru_cache(maxsize=256)
def _label(months: int) -> str:
    if months % 12 == 0:
        years = months // 12
        return f"{years} year" if years == 1 else f"{years} years"
    return f"{months} months"


# -- ordinal arithmetic (hot path): the shared helpers of recouvrement._dates -------------------

# Cached: a portfolio's dates repeat (pure functions of their integer arguments; an
# out-of-range result raises and is not cached).
_add_months = lru_cache(maxsize=16384)(add_months)
_date = from_ordinal  # one shared date per day, cached in `_convert`
_iso = iso  # cached in `_dates`


def _adjective(months: int) -> str:
    """The length as an adjective (``"5-year"``, ``"18-month"``)."""
    return f"{months // 12}-year" if months % 12 == 0 else f"{months}-month"


def _deadline(anchor: int, months: int, pauses: list[tuple[int, int, int]], cap: int | None) -> int:
    """The last day of a period of ``months`` from ``anchor``, moved by the pauses.

    ``pauses`` are ``(start, end, minimum_months)`` in start order; a pause moves the
    deadline by ``end - start`` days (the part after ``anchor``, overlaps counted once),
    and a minimum keeps at least that many months after its end (C. civ. 2238, 2239).
    A pause covering the anchor (no time has run yet) delays the start: the period runs
    from its end. A pause starting after the deadline has no effect.
    """
    last = _add_months(anchor, months)
    covered = anchor
    base = anchor  # while no time has run since the anchor, a pause delays the start
    for start, end, minimum in pauses:
        if end < anchor:
            continue
        if start > last:
            break
        low = start if start > covered else covered
        if end > low:
            if low == base:
                # Nothing has run yet: the period starts when the pause ends (counting
                # the moved days across a 29 February would be off by one).
                base = end
                last = _add_months(end, months)
            else:
                last += end - low
            covered = end
        if minimum:
            floor = _add_months(end, minimum)
            if floor > last:
                last = floor
    if cap is not None and cap < last:
        return cap
    return last


# -- citations --------------------------------------------------------------------------------

_C2228 = Citation("C. civ.", "2228-2229")
_C2230 = Citation("C. civ.", "2230")
_C2231 = Citation("C. civ.", "2231")
_C2232 = Citation("C. civ.", "2232")
_C2232_2 = Citation("C. civ.", "2232", note="al. 2")
_C2233 = Citation("C. civ.", "2233")
_C2234 = Citation("C. civ.", "2234")
_C2238 = Citation("C. civ.", "2238")
_C2239 = Citation("C. civ.", "2239")
_C2240 = Citation("C. civ.", "2240")
_C2241 = Citation("C. civ.", "2241-2242")
_C2242 = Citation("C. civ.", "2242")
_C2244 = Citation("C. civ.", "2244")
_C2254 = Citation("C. civ.", "2254")
_C2254_3 = Citation("C. civ.", "2254", note="al. 3")
_C2224 = Citation("C. civ.", "2224")
_L218_1 = Citation("C. consom.", "L218-1")
_L622_25_1 = Citation("C. com.", "L622-25-1")
_L111_4 = Citation("CPCE", "L111-4", note="al. 1")
_CASS_COUNT = Citation("Cass. 2e civ.", "7 Apr 2016, n° 15-12.960")
_CASS_NOTICE = Citation("Cass. com.", "18 May 2022, n° 20-23.204")
_CASS_ORDER = Citation("Cass. 1re civ.", "9 Sep 2020, n° 19-12.006")
_CASS_PERIODIC = Citation("Cass. 1re civ.", "8 Jun 2016, n° 15-19.614")
_CASS_SERVICE = Citation("Cass. 2e civ.", "5 Oct 2023, n° 20-23.523")
_R622_24 = Citation("C. com.", "R622-24", note="al. 1")
_R622_24_2 = Citation("C. com.", "R622-24", note="al. 2")
_L622_26 = Citation("C. com.", "L622-26")


class _Interruption(NamedTuple):
    """An act that interrupts on its day (C. civ. 2240, 2244)."""

    name: str
    citation: Citation
    escapes: bool  # lifts the 20-year long stop (C. civ. 2232 al. 2)
    acknowledgment: bool  # by the debtor: after the deadline, a possible waiver


class _Pause(NamedTuple):
    """A suspension (C. civ. 2230, 2234, 2238, 2239): ``end`` ``None`` while it goes on."""

    name: str
    citation: Citation
    end: int | None
    minimum: int  # months that must remain after its end


class _Lasting(NamedTuple):
    """An interruption that lasts until the proceedings end (C. civ. 2241-2242, L622-25-1)."""

    name: str
    citation: Citation
    end: int | None
    escapes: bool
    note: str


_ACK = _Interruption("acknowledgment", _C2240, False, True)
_PAYMENT = _Interruption("payment", _C2240, False, True)
_PLAN = _Interruption("payment_plan", _C2240, False, True)
_ENFORCEMENT = _Interruption("enforcement_act", _C2244, True, False)
_CONSERVATORY = _Interruption("conservatory_measure", _C2244, True, False)
_SMALL_CLAIMS_AGREEMENT = _Interruption("small_claims_agreement", _C2240, False, True)

# Mark codes, in the order used when several marks share a day.
_SUSPEND, _INTERRUPT, _LASTING, _JUDGMENT, _TITLE = range(5)


class _Trace:
    """Collects reasons and applied events when an explanation is wanted."""

    __slots__ = ("interruptions", "reasons", "suspensions")

    def __init__(self) -> None:
        self.reasons: list[Reason] = []
        self.interruptions: list[PrescriptionEvent] = []
        self.suspensions: list[PrescriptionEvent] = []

    def add(self, code: str, message: str, citation: Citation | None = None, **facts: Any) -> None:
        # ``facts`` is a fresh dict of this call: the reason can own it.
        self.reasons.append(_owned(code, message, citation, facts))

    def event(
        self,
        kind: str,
        effect: str,
        start: int,
        end: int | None,
        ongoing: bool,
        after: int,
        citation: Citation,
        note: str,
    ) -> None:
        record, reason = _event_entry(kind, effect, start, end, ongoing, after, citation, note)
        (self.suspensions if effect == "suspension" else self.interruptions).append(record)
        self.reasons.append(reason)


@lru_cache(maxsize=16384)
def _event_entry(
    kind: str,
    effect: str,
    start: int,
    end: int | None,
    ongoing: bool,
    after: int,
    citation: Citation,
    note: str,
) -> tuple[PrescriptionEvent, Reason]:
    """The record of an applied event and its reason, built once per set of values (a
    portfolio's payments repeat the same dates; both objects are immutable values)."""
    record = PrescriptionEvent(
        kind=kind,
        effect=effect,
        start=_date(start),
        end=None if end is None else _date(end),
        ongoing=ongoing,
        deadline_after=_date(after),
        citation=citation,
        note=note,
    )
    reason = _owned(
        f"prescription.{effect}.{kind}",
        f"{note}: deadline now {_iso(after)}",
        citation,
        {"on": record.start, "end": record.end, "deadline": record.deadline_after},
    )
    return record, reason


def _is_consumer_contract(claim: Claim) -> bool:
    return claim.nature is ClaimNature.CONSUMER or (
        claim.creditor.kind is PartyKind.PROFESSIONAL and claim.debtor.kind is PartyKind.INDIVIDUAL
    )


def _agreed(claim: Claim, months: int, periodic: bool, start: int) -> None:
    low = _limit_months("agreed_minimum", start)
    high = _limit_months("agreed_maximum", start)
    field = "agreed_period_months"
    if not low <= months <= high:
        raise InvalidValue(
            field, months, f"must be between {low} and {high} months (C. civ. 2254 al. 1)"
        )
    # Periodic sums first: a residential rent is refused under 2254 al. 3 (rents are
    # periodic sums), not L218-1, which loi 89-462 art. 7-1 displaces (§A.1 A6a).
    if periodic:
        raise InvalidValue(
            field,
            months,
            f"the period of a periodic sum ({claim.nature.value.replace('_', ' ')}: rents, "
            "charges, wages, maintenance, anything payable yearly or at shorter terms) cannot "
            "be changed by contract (C. civ. 2254 al. 3)",
        )
    if _is_consumer_contract(claim):
        raise InvalidValue(
            field,
            months,
            "a consumer contract cannot change the prescription period (C. consom. L218-1)",
        )
    if claim.nature is ClaimNature.TAX:
        raise InvalidValue(field, months, "a tax claim's period is not contractual (LPF L274)")


class _Result(NamedTuple):
    """What `_run` found, in ordinals."""

    deadline: int
    start: int
    runs_from: int
    months: int
    long_stop: int | None  # the 20-year cap that applies, if any
    running: bool
    barred: bool
    basis: Citation
    long_stop_from: int


_Mark = tuple[int, int, int, Any]  # (day, mark code, sequence, payload)


def _collect_marks(claim: Claim, as_of: int, trace: _Trace | None) -> list[_Mark]:
    """The interruptions, suspensions and judgments dated on or before ``as_of``, in order."""
    marks: list[_Mark] = []
    seq = 0
    for payment in claim.payments:
        day = payment.on.toordinal()
        if day <= as_of:
            marks.append((day, _INTERRUPT, seq, _PAYMENT))
            seq += 1
    events = claim.events
    judgments: list[int] = []
    proceedings: list[InsolvencyProceeding] = []
    for event in events:
        if isinstance(event, Judgment):
            if event.on.toordinal() <= as_of:
                judgments.append(event.on.toordinal())
        elif isinstance(event, InsolvencyProceeding) and event.opened_on.toordinal() <= as_of:
            proceedings.append(event)
    for event in events:
        kind = type(event)
        if kind is LegalAction:
            _legal_action_marks(event, as_of, judgments, marks, seq, trace)  # type: ignore[arg-type]
        elif kind in _MARK_TYPES:
            _event_marks(event, as_of, proceedings, marks, seq, trace)
        seq += 1
    marks.sort(key=lambda m: (m[0], m[1], m[2]))
    return marks


_DATED_MARKS = (Acknowledgment, EnforcementAct, Judgment, ClaimDeclaration)
_PAUSES = (Mediation, CourtInquiry, ForceMajeure)
# The event types that can be a mark or leave a reason (the others are skipped at once).
_MARK_TYPES = frozenset({*_DATED_MARKS, *_PAUSES, PaymentPlan, FormalNotice})


def _event_marks(
    event: Event,
    as_of: int,
    proceedings: list[InsolvencyProceeding],
    marks: list[_Mark],
    seq: int,
    trace: _Trace | None,
) -> None:
    """The marks of one event (legal actions aside), or the reason it is not one."""
    if isinstance(event, _DATED_MARKS):
        day = event.on.toordinal()
        if day > as_of:
            return
        if isinstance(event, Acknowledgment):
            marks.append((day, _INTERRUPT, seq, _ACK))
        elif isinstance(event, EnforcementAct):
            marks.append(
                (day, _INTERRUPT, seq, _CONSERVATORY if event.conservatory else _ENFORCEMENT)
            )
        elif isinstance(event, Judgment):
            served = event.served_on
            served_by = served is not None and served.toordinal() <= as_of
            marks.append((day, _JUDGMENT, seq, served_by))
            if served is not None and served_by:
                marks.append((served.toordinal(), _TITLE, seq, day))
        else:
            end, note = _closure(day, proceedings, as_of)
            marks.append(
                (day, _LASTING, seq, _Lasting("claim_declaration", _L622_25_1, end, False, note))
            )
    elif isinstance(event, PaymentPlan):
        day = event.agreed_on.toordinal()
        if day > as_of:
            return
        if event.signed_by_debtor:
            marks.append((day, _INTERRUPT, seq, _PLAN))
        elif trace is not None:
            trace.add(
                "prescription.ignored.payment_plan",
                f"The payment plan of {_iso(day)} was not signed by the debtor: it is "
                "not an acknowledgment and does not interrupt",
                _C2240,
                on=_date(day),
            )
    elif isinstance(event, _PAUSES):
        day = event.start.toordinal()
        if day > as_of:
            return
        finish = event.end
        end = finish.toordinal() if finish is not None else None
        if end is not None and end > as_of:
            end = None
        if isinstance(event, Mediation):
            pause = _Pause("mediation", _C2238, end, _limit_months("mediation_minimum", day))
        elif isinstance(event, CourtInquiry):
            pause = _Pause("court_inquiry", _C2239, end, _limit_months("inquiry_minimum", day))
        else:
            pause = _Pause("force_majeure", _C2234, end, 0)
        marks.append((day, _SUSPEND, seq, pause))
    elif isinstance(event, FormalNotice) and trace is not None:
        day = event.on.toordinal()
        if day <= as_of:
            trace.add(
                "prescription.ignored.formal_notice",
                f"The formal notice of {_iso(day)} does not interrupt prescription: the "
                "list of interrupting acts is limitative",
                _CASS_NOTICE,
                on=_date(day),
            )


class _Sweep:
    """The state of the clock while the marks are applied in date order.

    ``anchor`` is the day the current period runs from; ``pauses`` the suspensions so far;
    ``escaped`` whether the long stop no longer applies; ``pending`` whether proceedings
    hold the clock; ``paused_now`` whether a suspension is still going on; ``unserved`` the
    day of a judgment not yet served (its period has not started).
    """

    __slots__ = (
        "anchor",
        "as_of",
        "basis",
        "escaped",
        "is_periodic",
        "judgment_months",
        "long_stop",
        "months",
        "paused_now",
        "pauses",
        "pending",
        "start",
        "trace",
        "unserved",
    )

    def __init__(
        self,
        start: int,
        as_of: int,
        months: int,
        basis: Citation,
        long_stop: int | None,
        judgment_months: int,
        is_periodic: bool,
        trace: _Trace | None,
    ) -> None:
        self.start = start
        self.as_of = as_of
        self.anchor = start
        self.months = months
        self.basis = basis
        self.long_stop = long_stop
        self.judgment_months = judgment_months
        self.is_periodic = is_periodic
        self.trace = trace
        self.pauses: list[tuple[int, int, int]] = []
        self.escaped = False
        self.pending = False
        self.paused_now = False
        self.unserved: int | None = None

    @property
    def cap(self) -> int | None:
        return None if self.escaped else self.long_stop

    def deadline(self, cap: int | None) -> int:
        return _deadline(self.anchor, self.months, self.pauses, cap)

    def apply(self, day: int, code: int, payload: Any) -> None:
        """Apply one mark."""
        cap = None if self.escaped else self.long_stop
        current = _deadline(self.anchor, self.months, self.pauses, cap)
        if code == _SUSPEND:
            self.suspend(day, payload, current)
        elif code == _TITLE:
            self.title(day, payload)
        elif code == _JUDGMENT:
            self.judgment(day, payload)
        elif day > current:
            self.too_late(day, code, payload, current)
        elif code == _INTERRUPT:
            self.interrupt(day, payload)
        else:
            self.lasting(day, payload)

    def suspend(self, day: int, pause: _Pause, current: int) -> None:
        """A suspension begun before the deadline moves it (C. civ. 2230)."""
        trace = self.trace
        if day > current:
            if trace is not None:
                trace.add(
                    f"prescription.ignored.{pause.name}",
                    f"The {pause.name.replace('_', ' ')} of {_iso(day)} began after the deadline "
                    f"({_iso(current)}): no suspension",
                    pause.citation,
                    on=_date(day),
                )
            return
        ongoing = pause.end is None
        self.pauses.append((day, self.as_of if ongoing else pause.end, pause.minimum))  # type: ignore[arg-type]
        if ongoing and not self.pending:
            self.paused_now = True
        if trace is not None:
            after = self.deadline(self.cap)
            note = _suspension_note(pause.name, day, pause.end, pause.minimum)
            trace.event(
                pause.name, "suspension", day, pause.end, ongoing, after, pause.citation, note
            )

    def title(self, day: int, judged: int) -> None:
        """A judgment served: an enforcement title, its own period from service (CPCE L111-4)."""
        trace = self.trace
        if self.is_periodic and self.start > judged:
            if trace is not None:
                trace.add(
                    "prescription.title.periodic",
                    f"This periodic sum fell due on {_iso(self.start)}, after the judgment of "
                    f"{_iso(judged)}: it keeps its own {_adjective(self.months)} period, not the "
                    "judgment's 10 years",
                    _CASS_PERIODIC,
                    due=_date(self.start),
                    judgment=_date(judged),
                )
            return
        self.months = self.judgment_months
        self.basis = _L111_4
        self.escaped = True
        self.pending = False
        self.unserved = None
        if day > self.anchor:
            self.anchor = day
        if trace is not None:
            trace.event(
                "judgment_served",
                "new_title",
                day,
                None,
                False,
                self.deadline(None),
                _L111_4,
                f"The judgment of {_iso(judged)} was served on {_iso(day)}: it can be "
                f"enforced for {_label(self.months)} from service",
            )

    def judgment(self, day: int, served_by: bool) -> None:
        """A judgment ends the proceedings (C. civ. 2242); unserved, its period has not begun."""
        self.escaped = True
        trace = self.trace
        if not served_by and not (self.is_periodic and self.start > day):
            # Not served by as_of: the 10 years of CPCE L111-4 run from the day the
            # decision is enforceable, service included (Cass. 2e civ., 05/10/2023,
            # n° 20-23.523, S): they have not started, so the claim cannot be
            # time-barred by re-running its own period from the judgment.
            self.months = self.judgment_months
            self.basis = _L111_4
            self.unserved = day
            self.pending = False
            self.paused_now = False
            if self.as_of > self.anchor:
                self.anchor = self.as_of
            if trace is not None:
                trace.event(
                    "judgment_unserved",
                    "interruption",
                    day,
                    None,
                    True,
                    self.deadline(None),
                    _CASS_SERVICE,
                    f"The judgment of {_iso(day)} ended the proceedings but has not been "
                    f"served: the {_label(self.months)} to enforce it run from its service, "
                    "so they have not started",
                )
            return
        if day > self.anchor and not self.pending:
            self.anchor = day
            if trace is not None:
                trace.event(
                    "judgment",
                    "interruption",
                    day,
                    None,
                    False,
                    self.deadline(None),
                    _C2242,
                    f"The judgment of {_iso(day)} ended the proceedings: a new "
                    f"{_adjective(self.months)} period runs from it",
                )

    def too_late(self, day: int, code: int, payload: Any, current: int) -> None:
        """An act after the deadline revives nothing (an acknowledgment may be a waiver)."""
        trace = self.trace
        if trace is None:
            return
        name = payload.name
        if code == _INTERRUPT and payload.acknowledgment:
            trace.add(
                "prescription.waiver",
                f"The {name.replace('_', ' ')} of {_iso(day)} came after the deadline "
                f"({_iso(current)}): it does not interrupt; it may amount to a waiver "
                "of the acquired prescription (not applied: check it)",
                _C2240,
                on=_date(day),
            )
        else:
            trace.add(
                f"prescription.ignored.{name}",
                f"The {name.replace('_', ' ')} of {_iso(day)} came after the deadline "
                f"({_iso(current)}): it cannot revive a time-barred claim",
                payload.citation,
                on=_date(day),
            )

    def interrupt(self, day: int, act: _Interruption) -> None:
        """An interruption starts a new period from its day (C. civ. 2231)."""
        if act.escapes:
            self.escaped = True
        trace = self.trace
        if self.pending or day <= self.anchor:
            if trace is not None:
                if self.pending:
                    why = "the clock is already held by pending proceedings"
                elif self.unserved is not None:
                    why = "the judgment's enforcement period starts only on its service"
                else:
                    why = f"the period already runs from {_iso(self.anchor)}"
                trace.add(
                    f"prescription.no_effect.{act.name}",
                    f"The {act.name.replace('_', ' ')} of {_iso(day)} interrupts, but changes "
                    f"nothing: {why}",
                    act.citation,
                    on=_date(day),
                )
            return
        self.anchor = day
        if trace is not None:
            after = self.deadline(self.cap)
            note = _interruption_note(act.name, day, self.months)
            trace.event(act.name, "interruption", day, None, False, after, act.citation, note)

    def lasting(self, day: int, act: _Lasting) -> None:
        """A legal action served or a claim declared: interrupts until the proceedings end."""
        if act.escapes:
            self.escaped = True
        end = act.end
        if end is None:
            self.pending = True
            self.paused_now = False
            if self.as_of > self.anchor:
                self.anchor = self.as_of
        elif end > self.anchor and not self.pending:
            self.anchor = end
        if self.trace is not None:
            after = self.deadline(self.cap)
            self.trace.event(
                act.name, "interruption", day, end, end is None, after, act.citation, act.note
            )


def _ordered_in_advance(claim: Claim, start: int) -> bool:
    """Whether a judgment ordering future instalments (rents à échoir) predates ``start``:
    the claim is then one instalment of a periodic sum under that judgment, which keeps its
    own period (Cass. 1re civ., 8 Jun 2016, n° 15-19.614)."""
    return any(
        isinstance(e, Judgment) and e.covers_future_instalments and e.on.toordinal() < start
        for e in claim.events
    )


def _run(
    claim: Claim,
    as_of: int,
    periodic: bool | None,
    agreed_months: int | None,
    trace: _Trace | None,
) -> _Result:
    """Compute the prescription in ordinals; fills ``trace`` with reasons and events when given."""
    nature = claim.nature
    explicit = claim.prescription_starts_on
    start = (explicit if explicit is not None else claim.due_on).toordinal()
    versions = _candidate_index(
        # ``_value_``: the enum's value without the descriptor call of ``.value`` (hot path).
        nature._value_,
        claim.creditor.kind._value_,
        claim.debtor.kind._value_,
        _buyer(claim),
    )
    rule, before_table = _pick(versions, start)
    if rule.regime == "loi_68_1250":
        return _run_public(claim, as_of, rule, agreed_months, trace)
    is_periodic = (
        periodic
        if periodic is not None
        else nature._value_ in prescription_table().periodic_natures
        or _ordered_in_advance(claim, start)
    )
    months = rule.months
    basis = rule.citation
    if agreed_months is not None:
        _agreed(claim, agreed_months, is_periodic, start)
        months = agreed_months
        basis = _C2254
    issued = claim.issued_on.toordinal()
    # C. civ. 2232: 20 years "from the day the right arose". Al. 2 leaves 2233 (a term)
    # outside the cap, so a start postponed by the due date is not capped: the long stop
    # runs from the later of issue and due date. A later explicit start (knowledge of the
    # facts, 2224) stays under the cap.
    due = claim.due_on.toordinal()
    stop_from = due if due > issued else issued
    if trace is not None:
        _explain_period(trace, claim, rule, before_table, start, agreed_months, is_periodic)
    long_stop = _add_months(stop_from, _limit_months("long_stop", stop_from))
    marks = _collect_marks(claim, as_of, trace)
    if not marks:  # nothing moved the clock: the period runs from the start
        cap: int | None = long_stop
        deadline = _deadline(start, months, [], cap)
        barred = as_of > deadline
        if trace is not None:
            _explain_end(
                trace,
                claim,
                deadline,
                as_of,
                long_stop,
                False,
                False,
                False,
                barred,
                None,
                stop_from,
            )
        return _Result(deadline, start, start, months, cap, not barred, barred, basis, stop_from)
    sweep = _Sweep(
        start,
        as_of,
        months,
        basis,
        long_stop,
        _limit_months("judgment", start),
        is_periodic,
        trace,
    )
    for day, code, _, payload in marks:
        sweep.apply(day, code, payload)
    cap = None if sweep.escaped else long_stop
    deadline = _deadline(sweep.anchor, sweep.months, sweep.pauses, cap)
    barred = as_of > deadline
    running = not barred and not sweep.pending and not sweep.paused_now and sweep.unserved is None
    if trace is not None:
        _explain_end(
            trace,
            claim,
            deadline,
            as_of,
            long_stop,
            sweep.escaped,
            sweep.pending,
            sweep.paused_now,
            barred,
            sweep.unserved,
            stop_from,
        )
    return _Result(
        deadline, start, sweep.anchor, sweep.months, cap, running, barred, sweep.basis, stop_from
    )


def _legal_action_marks(
    action: LegalAction,
    as_of: int,
    judgments: list[int],
    marks: list[_Mark],
    seq: int,
    trace: _Trace | None,
) -> None:
    filed = action.filed_on.toordinal()
    if filed > as_of:
        return
    ended = action.ended_on
    end = ended.toordinal() if ended is not None and ended.toordinal() <= as_of else None
    held = clock_held_from(action)  # the one definition of "holds the clock"
    if action.kind is LegalActionKind.SMALL_CLAIMS:
        if held is not None and held <= as_of:
            day = held
            agreed = action.amount_agreed_on
            if agreed is not None and agreed.toordinal() <= as_of:
                # The agreement on the amount ends the procedure (the pause) and, signed by
                # the debtor, acknowledges the debt: a new period (C. civ. 2240). Its title
                # (CPCE L111-3 5°) is not one of L111-4's (1° to 3°): no 10 years.
                end = agreed.toordinal()
                marks.append((end, _INTERRUPT, seq, _SMALL_CLAIMS_AGREEMENT))
            minimum = _limit_months("mediation_minimum", day)
            marks.append((day, _SUSPEND, seq, _Pause("small_claims", _C2238, end, minimum)))
        elif trace is not None:
            trace.add(
                "prescription.ignored.small_claims",
                f"The small-claims procedure of {_iso(filed)} has no recorded agreement of the "
                "debtor to take part: it neither suspends nor interrupts",
                _C2238,
                on=_date(filed),
            )
        return
    if held is None or held > as_of:
        if trace is not None:
            citation = _CASS_ORDER if action.kind is LegalActionKind.PAYMENT_ORDER else _C2241
            trace.add(
                "prescription.ignored.legal_action",
                f"The {action.kind.value.replace('_', ' ')} filed on {_iso(filed)} has not been "
                "served yet: only its service interrupts",
                citation,
                on=_date(filed),
            )
        return
    day = held
    how = ""
    if end is None:
        later = [j for j in judgments if j >= day]
        if later:
            end = min(later)
            how = " (ended by the judgment)"
    kind = action.kind.value.replace("_", " ")
    if end is None:
        note = (
            f"The {kind} served on {_iso(day)} interrupts until the proceedings end; they "
            "are still pending, so the new period has not started"
        )
    else:
        note = (
            f"The {kind} served on {_iso(day)} interrupted until the proceedings ended on "
            f"{_iso(end)}{how}: a new period runs from then"
        )
    marks.append((day, _LASTING, seq, _Lasting("legal_action", _C2241, end, True, note)))


# -- claims on public bodies: the déchéance quadriennale (loi n° 68-1250) ---------------------

_L68_1 = Citation("loi 68-1250", "art. 1")
_L68_2_CLAIM = Citation("loi 68-1250", "art. 2", note="al. 1")
_L68_2_COURT = Citation("loi 68-1250", "art. 2", note="al. 2")
_L68_2_COMMUNICATION = Citation("loi 68-1250", "art. 2", note="al. 3")
_L68_2_PAYMENT = Citation("loi 68-1250", "art. 2", note="al. 4")
_L68_2_NEW = Citation("loi 68-1250", "art. 2", note="al. 5")
_L68_2_1 = Citation("loi 68-1250", "art. 2-1")
_L68_3 = Citation("loi 68-1250", "art. 3")
_L68_7 = Citation("loi 68-1250", "art. 7")
_WRITTEN = frozenset({Channel.EMAIL, Channel.LETTER, Channel.REGISTERED_LETTER})

_PUBLIC_ACTS = {
    "payment": ("A payment (even partial)", _L68_2_PAYMENT),
    "communication": ("A written communication of the administration", _L68_2_COMMUNICATION),
    "payment_plan": ("A payment plan signed by the administration", _L68_2_COMMUNICATION),
    "written_claim": ("A written claim for payment sent to the administration", _L68_2_CLAIM),
    "formal_notice": ("A formal notice (a written claim for payment)", _L68_2_CLAIM),
    "small_claims": ("The small-claims invitation (a written claim for payment)", _L68_2_CLAIM),
    "judgment": ("A judgment (the new period runs once it is final)", _L68_2_NEW),
}


def _year_end(day: int) -> int:
    """31 December of the year of ``day``: a period "from 1 January of the following year"
    of N years ends on 31 December of the N-th year (this day + N years)."""
    return _dt.date(_dt.date.fromordinal(day).year, 12, 31).toordinal()


def _public_marks(claim: Claim, as_of: int, trace: _Trace | None) -> list[_Mark]:
    """The acts that interrupt or suspend the déchéance quadriennale (art. 2, 2-1, 3)."""
    marks: list[_Mark] = []
    for seq, payment in enumerate(claim.payments):
        if payment.on.toordinal() <= as_of:
            marks.append((payment.on.toordinal(), _INTERRUPT, seq, "payment"))
    # the decisions known on the day (a later one cannot end a recourse yet)
    judgments = sorted(
        day for e in claim.events if isinstance(e, Judgment) and (day := e.on.toordinal()) <= as_of
    )
    for seq, event in enumerate(claim.events, start=len(claim.payments)):
        day = event.date.toordinal()
        if day > as_of:
            continue
        mark = _public_mark(event, day, as_of, judgments, seq, trace)
        if mark is not None:
            marks.append(mark)
    marks.sort(key=lambda m: (m[0], m[1], m[2]))
    return marks


def _public_mark(
    event: Event, day: int, as_of: int, judgments: list[int], seq: int, trace: _Trace | None
) -> _Mark | None:
    """One event's mark under loi 68-1250, or ``None`` (with the reason when traced)."""
    kind = type(event)
    name: str | None = None
    if kind is Acknowledgment:
        name = "communication"
    elif isinstance(event, PaymentPlan):
        name = "payment_plan" if event.signed_by_debtor else None
    elif isinstance(event, Reminder):
        name = "written_claim" if event.channel in _WRITTEN else None
    elif kind is FormalNotice:
        name = "formal_notice"
    elif kind is Judgment:
        name = "judgment"
    elif isinstance(event, LegalAction):
        if event.kind is LegalActionKind.SMALL_CLAIMS:
            name = "small_claims"
        else:
            return (day, _LASTING, seq, _court_recourse(event, as_of, judgments))
    elif isinstance(event, CourtInquiry):
        end = event.end.toordinal() if event.end is not None else None
        note = "A court-ordered measure of inquiry (a recourse before a court)"
        return (day, _LASTING, seq, (note, None if end is None or end > as_of else end))
    elif isinstance(event, (Mediation, ForceMajeure)):
        return (day, _SUSPEND, seq, _public_pause(event, as_of))
    if name is not None:
        return (day, _INTERRUPT, seq, name)
    if trace is not None and kind in (Reminder, PaymentPlan, EnforcementAct):
        trace.add(
            f"prescription.ignored.{event.TYPE}",
            f"The {event.TYPE.replace('_', ' ')} of {_iso(day)} is none of the acts that "
            "interrupt the déchéance quadriennale (a written claim, a recourse before a "
            "court, a written communication of the administration, a payment)",
            _L68_2_CLAIM,
            on=_date(day),
        )
    return None


def _court_recourse(
    action: LegalAction, as_of: int, judgments: list[int]
) -> tuple[str, int | None]:
    """A recourse before a court, from its filing until its decision (art. 2 al. 2, 5)."""
    ended = action.ended_on
    end = ended.toordinal() if ended is not None and ended.toordinal() <= as_of else None
    filed = action.filed_on.toordinal()
    if end is None:
        later = [j for j in judgments if j >= filed]
        end = later[0] if later else None
    what = action.kind.value.replace("_", " ")
    return (f"The {what} filed on {_iso(filed)} (a recourse before a court)", end)


def _public_pause(event: Mediation | ForceMajeure, as_of: int) -> _Pause:
    start = event.start.toordinal()
    end = event.end.toordinal() if event.end is not None else None
    if isinstance(event, ForceMajeure):
        return _Pause("force_majeure", _L68_3, None if end is None or end > as_of else end, 0)
    # Art. 2-1: at most 6 months of suspension, and at least 6 months after its end.
    longest = _add_months(start, _limit_months("public_body_mediation_max", start))
    if end is None or end > longest:
        end = longest
    minimum = _limit_months("public_body_mediation_minimum", start)
    return _Pause("mediation", _L68_2_1, None if end > as_of else end, minimum)


class _PublicSweep:
    """The déchéance quadriennale's clock: ``anchor`` is 31 December of the year before the
    period (it runs from the next 1 January), moved by the marks in date order."""

    __slots__ = ("anchor", "as_of", "months", "paused_now", "pauses", "pending", "trace")

    def __init__(self, anchor: int, as_of: int, months: int, trace: _Trace | None) -> None:
        self.anchor = anchor
        self.as_of = as_of
        self.months = months
        self.trace = trace
        self.pauses: list[tuple[int, int, int]] = []
        self.pending = False
        self.paused_now = False

    def deadline(self) -> int:
        return _deadline(self.anchor, self.months, self.pauses, None)

    def apply(self, day: int, code: int, payload: Any) -> None:
        current = self.deadline()
        trace = self.trace
        if day > current:
            if trace is not None:
                what = (
                    payload.name
                    if code == _SUSPEND
                    else payload
                    if code == _INTERRUPT
                    else "recourse"
                )
                trace.add(
                    f"prescription.ignored.{what}",
                    f"The {str(what).replace('_', ' ')} of {_iso(day)} came after the déchéance "
                    f"({_iso(current)}): it cannot revive the claim",
                    _L68_1,
                    on=_date(day),
                )
            return
        if code == _SUSPEND:
            self.suspend(day, payload)
        elif code == _INTERRUPT:
            self.interrupt(day, payload)
        else:
            self.recourse(day, payload)

    def suspend(self, day: int, pause: _Pause) -> None:
        end = pause.end
        ongoing = end is None
        self.pauses.append((day, self.as_of if end is None else end, pause.minimum))
        if ongoing and not self.pending:
            self.paused_now = True
        if self.trace is not None:
            what = (
                "An administrative mediation (CJA, livre II, titre Ier, chapitre III: art. 2-1 "
                "covers no other)"
                if pause.name == "mediation"
                else "Force majeure"
            )
            span = f"from {_iso(day)} to {_iso(end)}" if end is not None else f"since {_iso(day)}"
            note = f"{what} {span} suspends the clock"
            if pause.minimum:
                note += f" (at most 6 months; at least {_label(pause.minimum)} remain after it)"
            self.trace.event(
                pause.name,
                "suspension",
                day,
                pause.end,
                ongoing,
                self.deadline(),
                pause.citation,
                note,
            )

    def interrupt(self, day: int, name: str) -> None:
        what, citation = _PUBLIC_ACTS[name]
        anchor = _year_end(day)
        if self.pending or anchor <= self.anchor:
            if self.trace is not None:
                why = (
                    "a recourse before a court already holds the clock"
                    if self.pending
                    else f"the period already runs from {_iso(self.anchor + 1)}"
                )
                self.trace.add(
                    f"prescription.no_effect.{name}",
                    f"{what} on {_iso(day)} interrupts, but changes nothing: {why}",
                    citation,
                    on=_date(day),
                )
            return
        self.anchor = anchor
        if self.trace is not None:
            note = (
                f"{what} on {_iso(day)} interrupts: a new {_adjective(self.months)} period runs "
                f"from 1 January of the following year, {_iso(anchor + 1)}"
            )
            self.trace.event(
                name, "interruption", day, None, False, self.deadline(), citation, note
            )

    def recourse(self, day: int, payload: tuple[str, int | None]) -> None:
        what, end = payload
        if end is None:
            self.pending = True
            self.paused_now = False
            anchor = _year_end(self.as_of)
            note = f"{what} interrupts until its decision is final; it is still pending"
        else:
            anchor = _year_end(end)
            note = (
                f"{what} interrupted until its decision of {_iso(end)}: a new period runs from "
                f"1 January of the following year, {_iso(anchor + 1)} (the decision's date is "
                "used: the law counts from the year it became final, which can only be later)"
            )
        if anchor > self.anchor:
            self.anchor = anchor
        if self.trace is not None:
            self.trace.event(
                "legal_action",
                "interruption",
                day,
                end,
                end is None,
                self.deadline(),
                _L68_2_COURT,
                note,
            )


def _run_public(
    claim: Claim,
    as_of: int,
    rule: PrescriptionRule,
    agreed_months: int | None,
    trace: _Trace | None,
) -> _Result:
    """The déchéance quadriennale (loi 68-1250): 4 years from 1 January of the year after
    the rights were acquired, with the interruptions of art. 2 and the suspensions of
    art. 2-1 and 3. The Civil Code's long stop and L111-4's 10 years do not apply."""
    if agreed_months is not None:
        raise InvalidValue(
            "agreed_period_months",
            agreed_months,
            "a claim on a public body follows the déchéance quadriennale (loi 68-1250 art. 1); "
            "an agreed period (C. civ. 2254) is not applied to it",
        )
    explicit = claim.prescription_starts_on
    start = (explicit if explicit is not None else claim.issued_on).toordinal()
    months = rule.months
    sweep = _PublicSweep(_year_end(start), as_of, months, trace)
    if trace is not None:
        _explain_public(trace, claim, rule, start)
    for day, code, _, payload in _public_marks(claim, as_of, trace):
        sweep.apply(day, code, payload)
    deadline = sweep.deadline()
    barred = as_of > deadline
    running = not barred and not sweep.pending and not sweep.paused_now
    if trace is not None:
        _explain_public_end(trace, deadline, as_of, barred, sweep.pending, sweep.paused_now)
    return _Result(
        deadline, start, sweep.anchor + 1, months, None, running, barred, rule.citation, start
    )


def _explain_public(trace: _Trace, claim: Claim, rule: PrescriptionRule, start: int) -> None:
    year = _dt.date.fromordinal(start).year
    trace.reasons.append(_period_reason(rule))
    how = (
        "by the date given for the claim"
        if claim.prescription_starts_on is not None
        else "by the issue date: the service was done and invoiced"
    )
    trace.add(
        "prescription.period.public_body",
        f"A claim on the State, a département, a commune or a public establishment lapses "
        f"(déchéance quadriennale) 4 years from 1 January of the year after the year the "
        f"rights were acquired: acquired in {year} ({how}), the period runs from "
        f"{year + 1}-01-01",
        _L68_1,
        starts_on=_date(start),
    )
    trace.add(
        "prescription.public_body.interruptions",
        "Interrupted by a written claim for payment to the administration, a recourse before a "
        "court, a written communication of the administration or a payment; a new 4-year "
        "period then runs from 1 January of the following year",
        _L68_2_NEW,
    )
    if claim.debtor.public_buyer is None:
        trace.add(
            "prescription.public_body.check",
            "No public-buyer category is recorded: a public establishment is covered only when "
            "it has a public accountant; check it",
            _L68_1,
        )


def _explain_public_end(
    trace: _Trace, deadline: int, as_of: int, barred: bool, pending: bool, paused: bool
) -> None:
    if pending:
        trace.add(
            "prescription.pending",
            "A recourse before a court holds the clock: the deadline shown is the earliest "
            "possible (if it were decided on as_of)",
            _L68_2_NEW,
        )
    elif paused:
        trace.add(
            "prescription.paused",
            "The clock is suspended on as_of: the deadline shown is the earliest possible",
            _L68_3,
        )
    if barred:
        trace.add(
            "prescription.time_barred",
            f"Lapsed (déchéance quadriennale): the last day was {_iso(deadline)}; the "
            "administration must invoke it, but the claim should not be chased",
            _L68_1,
            deadline=_date(deadline),
        )
        trace.add(
            "prescription.lapsed.public_body",
            "The administration must invoke the déchéance (before the first-instance court "
            "rules on the merits): once it is acquired, it will, so the claim is not chased",
            _L68_7,
        )
    else:
        trace.add(
            "prescription.open",
            f"Not lapsed: {deadline - as_of} day(s) left, last day {_iso(deadline)} "
            "(31 December of the fourth year)",
            _L68_1,
            deadline=_date(deadline),
            days_left=deadline - as_of,
        )


def _closure(
    day: int, proceedings: list[InsolvencyProceeding], as_of: int
) -> tuple[int | None, str]:
    opened = [p for p in proceedings if p.opened_on.toordinal() <= day]
    if not opened:
        return None, (
            f"The claim declared on {_iso(day)} interrupts until the insolvency proceeding "
            "closes (no proceeding recorded: its closure is unknown)"
        )
    proceeding = max(opened, key=lambda p: p.opened_on)
    closed = proceeding.closed_on
    if closed is None or closed.toordinal() > as_of:
        return None, (
            f"The claim declared on {_iso(day)} interrupts until the "
            f"{proceeding.kind.value} proceeding closes; it is still open"
        )
    end = closed.toordinal()
    return end, (
        f"The claim declared on {_iso(day)} interrupted until the {proceeding.kind.value} "
        f"proceeding closed on {_iso(end)}: a new period runs from then"
    )


@lru_cache(maxsize=16384)
def _interruption_note(name: str, day: int, months: int) -> str:
    what = {
        "acknowledgment": "The debtor acknowledged the debt",
        "payment": "A payment (a partial payment acknowledges the whole debt)",
        "payment_plan": "A payment plan signed by the debtor acknowledges the debt",
        "enforcement_act": "An enforcement act",
        "conservatory_measure": "A conservatory measure",
        "small_claims_agreement": "The agreement on the amount and the terms of payment in "
        "the small-claims procedure (an acknowledgment; its title, CPCE L111-3 5°, is not "
        "one of the judgments given 10 years by L111-4)",
    }[name]
    return f"{what} on {_iso(day)}: a new {_adjective(months)} period runs from it"


def _suspension_note(name: str, day: int, end: int | None, minimum: int) -> str:
    what = {
        "mediation": "A mediation or conciliation",
        "small_claims": "The debtor's agreement to take part in the small-claims procedure",
        "court_inquiry": "A court-ordered measure of inquiry",
        "force_majeure": "Force majeure",
    }[name]
    span = f"from {_iso(day)} to {_iso(end)}" if end is not None else f"since {_iso(day)}"
    text = f"{what} {span} suspends the clock"
    if end is None:
        text += " (still going on: counted as if it ended on as_of)"
    if minimum:
        text += f"; at least {_label(minimum)} remain from its end"
    return text


@lru_cache(maxsize=1)
def _counting_reasons() -> tuple[Reason, Reason]:
    return (
        Reason(
            "prescription.counting",
            "Counted in days; the period ends on its anniversary date at 24:00, never moved "
            "to the next working day",
            citation=_C2228,
        ),
        Reason(
            "prescription.counting.no_extension",
            "CPC 642 does not apply to prescription",
            citation=_CASS_COUNT,
        ),
    )


_PERIOD_REASONS: dict[int, Reason] = {}


def _period_reason(rule: PrescriptionRule) -> Reason:
    """The reason naming a period row, built once per row (rows live as long as the table)."""
    found = _PERIOD_REASONS.get(id(rule))
    if found is None:
        found = _PERIOD_REASONS[id(rule)] = _build_period_reason(rule)
    return found


def _build_period_reason(rule: PrescriptionRule) -> Reason:
    return Reason(
        "prescription.period",
        f"{rule.years_label} limitation period ({rule.id.replace('_', ' ')}, confidence "
        f"{rule.confidence})",
        citation=rule.citation,
        facts={"months": rule.months, "rule": rule.id},
    )


def _explain_rule(trace: _Trace, claim: Claim, rule: PrescriptionRule) -> None:
    """Why this period row applies, and the cases the table does not cover."""
    if rule.id == "common_law" and claim.nature is not ClaimNature.CIVIL:
        nature = claim.nature.value.replace("_", " ")
        detail = f"no special period for a {nature} claim in the table"
        if claim.nature is ClaimNature.CONSUMER:
            detail = (
                "C. consom. L218-2 needs a professional creditor and an individual (consumer) "
                "debtor"
            )
        trace.add(
            "prescription.period.default",
            f"{detail}: the 5-year common law applies",
            _C2224,
            nature=claim.nature,
        )
    elif rule.id == "consumer" and claim.nature is ClaimNature.COMMERCIAL:
        trace.add(
            "prescription.period.consumer",
            "A professional's claim against an individual acting outside any profession: "
            "the shorter consumer period prevails over C. com. L110-4",
            rule.citation,
        )
    trace.reasons.append(_period_reason(rule))
    if claim.debtor.kind is PartyKind.PUBLIC_BODY:
        # Only a public undertaking gets here: the others follow loi 68-1250 (`_run_public`).
        trace.add(
            "prescription.period.public_undertaking",
            "A public undertaking is not covered by the déchéance quadriennale unless it is a "
            "public establishment with a public accountant: the civil-law period applies; "
            "check it",
            _L68_1,
        )
    elif claim.nature is ClaimNature.PUBLIC_PROCUREMENT:
        trace.add(
            "prescription.period.public_procurement",
            "A public-procurement claim on a debtor not recorded as a public body: if the "
            "debtor is the State, a local authority or a public establishment, record it as "
            "public_body, the déchéance quadriennale applies",
            _L68_1,
        )
    if claim.creditor.kind is PartyKind.PUBLIC_BODY and claim.nature is ClaimNature.CONSUMER:
        trace.add(
            "prescription.period.public_creditor",
            "A public body is not treated as a professional for C. consom. L218-2 here: check "
            "whether the 2-year consumer period applies",
        )
    if claim.nature is ClaimNature.TAX and claim.debtor.country not in _EU:
        trace.add(
            "prescription.period.tax_abroad",
            f"The debtor is in {claim.debtor.country}, outside the EU: LPF L274 adds 2 years "
            "where there is no mutual recovery assistance (not applied: check it)",
            rule.citation,
        )


def _explain_period(
    trace: _Trace,
    claim: Claim,
    rule: PrescriptionRule,
    before_table: bool,
    start: int,
    agreed_months: int | None,
    periodic: bool,
) -> None:
    _explain_rule(trace, claim, rule)
    if before_table:
        trace.add(
            "prescription.period.before_table",
            f"The prescription started on {_iso(start)}, before this rule's effective date "
            f"({rule.effective_from.isoformat()}): older law and transitional rules are not in "
            "the table; the current period is applied",
            rule.citation,
        )
    if agreed_months is not None:
        trace.add(
            "prescription.period.agreed",
            f"The parties agreed a {_adjective(agreed_months)} period instead of "
            f"{rule.years_label} (between 1 and 10 years)",
            _C2254,
            months=agreed_months,
        )
        if claim.nature is ClaimNature.INSURANCE:
            trace.add(
                "prescription.period.agreed.insurance",
                "Insurance: the Insurance Code may forbid changing this period by contract "
                "(C. assur. L114-3, not in the legal reference used here): check it before "
                "relying on the agreed period",
                rule.citation,
            )
    if claim.nature is ClaimNature.ALIMONY:
        trace.add(
            "prescription.period.alimony",
            "Maintenance: 5 years for child-maintenance arrears (Cass. 1re civ., 22/06/2016, "
            "n° 15-21.783, confidence S); between adults the period is unconfirmed "
            "(confidence U): 5 years is the likely default, and the rule « aliments ne "
            "s'arréragent pas » may bar arrears that were not claimed. Check it",
            rule.citation,
            confidence=rule.confidence,
        )
    if periodic:
        trace.add(
            "prescription.periodic",
            "A sum payable at periodic terms: each instalment has its own start, and its "
            "period cannot be changed by contract",
            _C2254_3,
        )
    explicit = claim.prescription_starts_on
    if explicit is not None:
        trace.add(
            "prescription.start.given",
            f"The prescription starts on the date given for the claim, {explicit.isoformat()} "
            f"({rule.start or 'the day the creditor could act'})",
            rule.citation,
            starts_on=explicit,
        )
    else:
        trace.reasons.append(_due_date_start(start))
        if claim.nature is ClaimNature.TRANSPORT:
            trace.add(
                "prescription.start.transport",
                "C. com. L133-6 runs from the delivery of the goods: give "
                "prescription_starts_on; the due date may be later than the law's start",
                rule.citation,
            )
    trace.reasons.extend(_counting_reasons())


def _explain_end(
    trace: _Trace,
    claim: Claim,
    deadline: int,
    as_of: int,
    long_stop: int | None,
    escaped: bool,
    pending: bool,
    paused: bool,
    barred: bool,
    unserved: int | None,
    stop_from: int,
) -> None:
    if escaped:
        trace.add(
            "prescription.long_stop.escaped",
            "The 20-year long stop no longer applies: a legal action, an enforcement act or a "
            "judgment took the claim out of it",
            _C2232_2,
        )
    elif long_stop is not None:
        trace.reasons.append(_long_stop_reason(stop_from, long_stop, deadline == long_stop))
    if unserved is not None:
        trace.add(
            "prescription.judgment_unserved",
            f"The judgment of {_iso(unserved)} has not been served: the 10 years to enforce it "
            "(CPCE L111-4) run from the day it is enforceable, service included; serve it. The "
            "deadline shown is the earliest possible (if it were served on as_of)",
            _CASS_SERVICE,
            judgment=_date(unserved),
        )
    if pending:
        trace.add(
            "prescription.pending",
            "The clock is interrupted while the court or insolvency proceedings are pending: the "
            "deadline shown is the earliest possible (if they ended on as_of)",
            _C2241,
        )
    elif paused:
        trace.add(
            "prescription.paused",
            "The clock is suspended on as_of: the deadline shown is the earliest possible "
            "(if the suspension ended on as_of)",
            _C2230,
        )
    if barred:
        trace.add(
            "prescription.time_barred",
            f"Time-barred: the last day to act was {_iso(deadline)}",
            _C2228,
            deadline=_date(deadline),
        )
    else:
        trace.reasons.append(_open_reason(deadline, as_of))


# The three reasons nearly every claim gives, built once per set of dates: a portfolio's
# dates repeat. Pure functions of their integers, so the cache cannot change a result.


@lru_cache(maxsize=16384)
def _due_date_start(start: int) -> Reason:
    return _owned(
        "prescription.start.due_date",
        f"The prescription starts on the due date, {_iso(start)}: it does not run before "
        "the term arrives",
        _C2233,
        {"starts_on": _date(start)},
    )


@lru_cache(maxsize=16384)
def _long_stop_reason(stop_from: int, long_stop: int, capped: bool) -> Reason:
    return _owned(
        "prescription.long_stop.capped" if capped else "prescription.long_stop",
        f"Long stop: 20 years from the day the right arose ({_iso(stop_from)}, the later "
        "of the issue and due dates: a start postponed by a term is outside the cap, "
        f"2232 al. 2 and 2233): {_iso(long_stop)}"
        + (", which caps the deadline" if capped else ""),
        _C2232,
        {"long_stop": _date(long_stop)},
    )


@lru_cache(maxsize=16384)
def _open_reason(deadline: int, as_of: int) -> Reason:
    return _owned(
        "prescription.open",
        f"Not time-barred: {deadline - as_of} day(s) left, last day {_iso(deadline)}",
        _C2228,
        {"deadline": _date(deadline), "days_left": deadline - as_of},
    )


def _prescription(
    claim: Claim, as_of: int, *, periodic: bool | None, agreed_months: int | None
) -> Prescription:
    trace = _Trace()
    deadline, start, anchor, months, cap, running, barred, basis, _ = _run(
        claim, as_of, periodic, agreed_months, trace
    )
    return Prescription(
        claim_id=claim.id,
        as_of=_date(as_of),
        deadline=_date(deadline),
        starts_on=_date(start),
        runs_from=_date(anchor),
        period=_label(months),
        period_months=months,
        basis=basis,
        interruptions=tuple(trace.interruptions),
        suspensions=tuple(trace.suspensions),
        long_stop=None if cap is None else _date(cap),
        time_barred=barred,
        running=running,
        reasons=tuple(trace.reasons),
    )


def _declaration(
    proceeding: InsolvencyProceeding, *, outside: bool, notified_on: pendulum.Date | None
) -> DeclarationDeadline:
    published = proceeding.published_on
    if published is None:
        raise InvalidValue(
            "published_on",
            None,
            "the proceeding has no BODACC publication date: the deadlines run from it "
            "(C. com. R622-24)",
        )
    runs_from = notified_on if notified_on is not None else published
    day = runs_from.toordinal()
    months = _limit_months("claim_declaration", day)
    reasons = [
        Reason(
            "insolvency.declaration",
            f"Declare the claim within {_label(months)} of the opening judgment's publication at "
            f"the BODACC ({published.isoformat()})",
            citation=_R622_24,
            facts={"published_on": published},
        )
    ]
    if notified_on is not None:
        reasons.append(
            Reason(
                "insolvency.declaration.notice",
                f"A creditor holding a published security or contract: the deadlines run from "
                f"the personal notice received on {notified_on.isoformat()}",
                citation=_L622_26,
                facts={"notified_on": notified_on},
            )
        )
    if outside:
        extra = _limit_months("claim_declaration_outside_metropolitan_france", day)
        months += extra
        reasons.append(
            Reason(
                "insolvency.declaration.outside",
                f"+ {_label(extra)} for a creditor outside metropolitan France",
                citation=_R622_24_2,
                facts={"extra_months": extra},
            )
        )
    declaration = procedural_deadline(runs_from, months=months)
    relief_rule, before = _pick(prescription_table().limits["relief_from_foreclosure"], day)
    relief = procedural_deadline(runs_from, months=relief_rule.months)
    reasons.append(
        Reason(
            "insolvency.declaration.deadline",
            f"Last day to declare: {declaration.date.isoformat()}"
            + (
                f" (extended from {declaration.nominal.isoformat()})"
                if declaration.extended
                else ""
            ),
            citation=Citation("CPC", "641-642"),
            facts={"nominal": declaration.nominal, "date": declaration.date},
        )
    )
    reasons.append(
        Reason(
            "insolvency.relief_from_foreclosure",
            f"A creditor who failed to declare may ask for relief from foreclosure until "
            f"{relief.date.isoformat()} ({_label(relief_rule.months)}), if the failure was not "
            "its fault or the debtor left the claim off its list; a creditor who could not know "
            "of its claim in time has a later start (not modelled)",
            citation=_L622_26,
            facts={"nominal": relief.nominal, "date": relief.date},
        )
    )
    if before:
        reasons.append(
            Reason(
                "insolvency.before_table",
                f"Published before {relief_rule.effective_from.isoformat()}: the earlier text of "
                "L622-26 may give a different window (not in the table)",
                citation=_L622_26,
            )
        )
    return DeclarationDeadline(
        kind=proceeding.kind,
        published_on=published,
        runs_from=runs_from,
        outside_metropolitan_france=outside,
        declaration=declaration,
        relief_from_foreclosure=relief,
        reasons=tuple(reasons),
    )


def _upcoming(claim: Claim, as_of: int, last: int) -> list[Deadline]:
    found: list[Deadline] = []
    day = _date(as_of)
    for event in claim.events:
        if type(event) is Cancellation and event.on <= day:
            return found
    if claim.is_settled(as_of=day):
        return found
    deadline, _, _, months, _, running, barred, basis, _ = _run(claim, as_of, None, None, None)
    if running and not barred and deadline <= last:
        found.append(
            Deadline(
                claim_id=claim.id,
                kind="prescription",
                date=_date(deadline),
                days_left=deadline - as_of,
                citation=basis,
                message=f"time-barred after {_iso(deadline)} ({_adjective(months)} period): "
                "interrupt it or act before",
            )
        )
    proceedings = [
        e
        for e in claim.events
        if type(e) is InsolvencyProceeding
        and e.published_on is not None
        and e.published_on <= day
        and (e.closed_on is None or e.closed_on > day)
    ]
    if proceedings:
        proceeding = max(proceedings, key=lambda p: p.opened_on)
        declared = any(
            type(e) is ClaimDeclaration and proceeding.opened_on <= e.on <= day
            for e in claim.events
        )
        if not declared:
            result = _declaration(
                proceeding, outside=claim.creditor.country != "FR", notified_on=None
            )
            first = result.deadline.toordinal()
            relief = result.relief_deadline.toordinal()
            if as_of <= first <= last:
                found.append(
                    Deadline(
                        claim_id=claim.id,
                        kind="claim_declaration",
                        date=result.deadline,
                        days_left=first - as_of,
                        citation=_R622_24,
                        message=f"declare the claim in the {proceeding.kind.value} proceeding "
                        f"published on {result.published_on.isoformat()}",
                    )
                )
            elif first < as_of <= relief <= last:
                found.append(
                    Deadline(
                        claim_id=claim.id,
                        kind="relief_from_foreclosure",
                        date=result.relief_deadline,
                        days_left=relief - as_of,
                        citation=_L622_26,
                        message="the declaration deadline has passed: ask for relief from "
                        "foreclosure before this day",
                    )
                )
    return found


@lru_cache(maxsize=1)
def shortest_period_days() -> int:
    """The fewest days any limitation period of the table can last (derived from the data).

    A claim younger than this cannot be time-barred, whatever its nature: engines use it
    to skip the full computation. The shortest period in months, counted from every day
    of a four-year cycle (leap years included).

    Examples:
        >>> shortest_period_days()
        365
    """
    months = min(rule.months for rule in prescription_table().periods)
    anchors = range(_dt.date(2023, 1, 1).toordinal(), _dt.date(2027, 1, 1).toordinal())
    return min(_add_months(day, months) - day for day in anchors)


def earliest_deadline(claim: Claim) -> int | None:
    """A day (ordinal) on or before which the claim cannot be time-barred, whatever the day.

    Under the civil code the period runs from the claim's start (its explicit start, else
    its due date) and every event only moves the deadline later: an interruption starts a
    new period of the same row from a later day (C. civ. 2231, 2240, 2244), a proceeding
    holds the clock until it ends (2241, 2242, C. com. L622-25-1), a suspension adds its
    length (2230, 2234, 2238, 2239), a judgment brings 10 years (CPCE L111-4), and escaping
    the 20-year long stop (2232 al. 2) only lifts a cap. So the deadline is never before the
    earlier of the start plus the fewest months of any version of the claim's row (or of
    the judgment's period) and the long stop from the later of issue and due date.

    A claim on a public body (loi 68-1250 art. 1): its period runs from 1 January after
    the start (its explicit start, else its issue date), and its interruptions (art. 2) and
    suspensions (art. 2-1, 3) only move the deadline later: the bound is the fewest months
    of the row's versions from then. ``None`` if the row's versions mix the two regimes.

    Examples:
        >>> from recouvrement.claims import Claim
        >>> from recouvrement.parties import Creditor, Debtor
        >>> sale = Claim(id="F-1", creditor=Creditor(id="S", name="Seller", kind="professional"),
        ...              debtor=Debtor(id="B", name="Buyer", kind="professional"),
        ...              nature="commercial", amount="100", issued_on="2024-01-15",
        ...              due_on="2024-02-14")
        >>> _dt.date.fromordinal(earliest_deadline(sale))
        datetime.date(2029, 2, 14)
    """
    regime, months = _shortest_months(
        claim.nature._value_, claim.creditor.kind._value_, claim.debtor.kind._value_, _buyer(claim)
    )
    explicit = claim.prescription_starts_on
    if regime != "civil_code":
        if regime != "loi_68_1250":
            return None
        # From 1 January after the start; interruptions and suspensions only move it later.
        start = (explicit if explicit is not None else claim.issued_on).toordinal()
        return _add_months(_year_end(start), months)
    due = claim.due_on.toordinal()
    start = due if explicit is None else explicit.toordinal()
    issued = claim.issued_on.toordinal()
    period = _add_months(start, months)
    long_stop = _add_months(due if due > issued else issued, _shortest_limit("long_stop"))
    return period if period < long_stop else long_stop


@lru_cache(maxsize=64)
def _shortest_months(nature: str, creditor: str, debtor: str, buyer: str) -> tuple[str, int]:
    """The regime of every version of the matching row (``""`` when they differ) and their
    fewest months (under the civil code, or of a judgment's period)."""
    versions = _candidates(nature, creditor, debtor, buyer)
    regimes = {rule.regime for rule in versions}
    regime = regimes.pop() if len(regimes) == 1 else ""
    months = min(rule.months for rule in versions)
    if regime == "civil_code":
        months = min(months, _shortest_limit("judgment"))
    return regime, months


@lru_cache(maxsize=8)
def _shortest_limit(rule_id: str) -> int:
    """The fewest months of any version of the limit ``rule_id``."""
    return min(rule.months for rule in prescription_table().limits[rule_id])


class _FrenchEngine:
    """The French rules behind `recouvrement.prescription`."""

    __slots__ = ()

    @property
    def shortest_period_days(self) -> int:
        """See `shortest_period_days`."""
        return shortest_period_days()

    def prescription(
        self, claim: Claim, as_of: int, *, periodic: bool | None, agreed_months: int | None
    ) -> Prescription:
        return _prescription(claim, as_of, periodic=periodic, agreed_months=agreed_months)

    def upcoming(self, claim: Claim, as_of: int, last: int) -> list[Deadline]:
        return _upcoming(claim, as_of, last)

    def declaration(
        self,
        proceeding: InsolvencyProceeding,
        *,
        outside: bool,
        notified_on: pendulum.Date | None,
    ) -> DeclarationDeadline:
        return _declaration(proceeding, outside=outside, notified_on=notified_on)


ENGINE = _FrenchEngine()
"""The French engine `recouvrement.prescription` dispatches to."""
