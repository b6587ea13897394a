"""Belgian prescription, called through `recouvrement.prescription` for ``"BE"``.

Rules encoded (Belgian reference §D; confidence in brackets; figures in
``data/be_prescription.toml``):

- **Periods**: 10 years for personal actions, invoices included (old C. civ. 2262bis §1,
  S), from the due date (Cass. 03/10/2016, S); 5 years for sums payable yearly or at
  shorter terms, rents, maintenance (2277, P; ``periodic=True`` or the nature); 1 year for
  a merchant's claim for goods sold to a consumer (2272 al. 2, P: a presumption of
  payment, the debtor may be put to the oath, 2275; the reading of the loi du 1er mai
  1913 (end of the calendar year) is **U** and left out); 10 years from a judgment
  (actio iudicati, 2262bis, S).
- **Interruption** (a new period of the same length from the day, S): an acknowledgment
  or a partial payment or a payment plan (2248), a served writ, commandement or seizure
  (2244 §1, 2246, 2247).
- **Lawyer's or bailiff's formal notice** (2244 §2, S, from 11/07/2013): sent by registered
  post to a debtor in Belgium with the mandatory content, it interrupts once: a new
  1-year period (the original period if shorter), never ending before the original term.
  The claim's events do not say who sent a formal notice, so such notices are passed
  explicitly: `prescription_be` (``lawyer_notices=``). A collection agency's letter never
  interrupts (C.C. 181/2014).
- Suspension causes (2251 ff.) are **not encoded** (reference D19, U).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs
import pendulum

from ..._convert import from_ordinal, to_date
from ...claims import Claim, ClaimNature
from ...errors import InvalidType, InvalidValue
from ...events import (
    Acknowledgment,
    EnforcementAct,
    InsolvencyProceeding,
    Judgment,
    LegalAction,
    PaymentPlan,
)
from ...explain import Citation, Reason
from ...parties import PartyKind
from ...prescription import Deadline, DeclarationDeadline, Prescription, PrescriptionEvent
from .._national.deadlines import declaration_deadline, upcoming_deadlines
from .._national.rules import Rule, rule_book

__all__ = ["ENGINE", "lawyer_notice_interrupts", "prescription_be"]

_PACKAGE = "recouvrement.jurisdictions.be"
CIV_2248 = Citation("C. civ. (ancien)", "2248")
CIV_2244_1 = Citation("C. civ. (ancien)", "2244", note="§1")
BOOK_XX = Citation("CDE", "Livre XX")
BOOK = BOOK_XX
_PERIODIC = (ClaimNature.RESIDENTIAL_RENT, ClaimNature.COMMERCIAL_RENT, ClaimNature.ALIMONY)


def lawyer_notice_interrupts(claim: Claim) -> bool:
    """Whether a lawyer's or bailiff's formal notice (old C. civ. 2244 §2) can interrupt the
    claim's prescription: only when sent to a debtor domiciled, resident or seated in
    Belgium (belgian-law.md D14, S). The one definition the prescription, the collection
    advice and the letters read.

    Examples:
        >>> from recouvrement.sample import sample_claim
        >>> lawyer_notice_interrupts(sample_claim())  # a debtor in France
        False
    """
    return claim.debtor.country == "BE"


def _rule(rule_id: str) -> Rule:
    return rule_book(_PACKAGE, "be_prescription.toml").get(rule_id)


def _add_years(day: int, years: int) -> int:
    return from_ordinal(day).add(years=years).toordinal()


def _period(claim: Claim, periodic: bool | None) -> tuple[Rule, str]:
    if periodic or (periodic is None and claim.nature in _PERIODIC):
        return _rule("periodic"), "a sum payable yearly or at shorter periodic terms"
    if claim.nature is ClaimNature.CONSUMER and claim.creditor.kind is PartyKind.PROFESSIONAL:
        return _rule("merchant_to_consumer"), (
            "a merchant's claim for goods sold to a consumer: a presumption of payment (the "
            "debtor may be put to the oath, art. 2275); a consumer service falls under the "
            "10 years of art. 2262bis"
        )
    return _rule("personal"), "a personal action (contract, invoice), from the due date"


def _interruptions(claim: Claim, as_of: int) -> list[tuple[int, str, Citation, str]]:
    out = [
        (p.on.toordinal(), "payment", CIV_2248, "a partial payment acknowledges the debt")
        for p in claim.payments
    ]
    for event in claim.events:
        if isinstance(event, Acknowledgment):
            out.append((event.on.toordinal(), "acknowledgment", CIV_2248, "acknowledgment"))
        elif isinstance(event, PaymentPlan) and event.signed_by_debtor:
            out.append((event.agreed_on.toordinal(), "payment_plan", CIV_2248, "payment plan"))
        elif isinstance(event, LegalAction) and event.served_on is not None:
            out.append((event.served_on.toordinal(), "legal_action", CIV_2244_1, "served writ"))
        elif isinstance(event, EnforcementAct):
            out.append((event.on.toordinal(), "enforcement_act", CIV_2244_1, "enforcement act"))
    return sorted(item for item in out if item[0] <= as_of)


def _compute(
    claim: Claim, as_of: int, periodic: bool | None, lawyer_notices: tuple[int, ...]
) -> Prescription:
    start = (claim.prescription_starts_on or claim.due_on).toordinal()
    judgments = [
        e.on.toordinal()
        for e in claim.events
        if isinstance(e, Judgment) and e.on.toordinal() <= as_of
    ]
    if judgments:
        rule, why = _rule("judgment"), "a judgment: 10 years from its date (actio iudicati)"
        runs_from = min(judgments)
    else:
        rule, why = _period(claim, periodic)
        runs_from = start
    years = rule.days
    end = _add_years(runs_from, years)
    reasons = [
        Reason(
            "prescription.be.period",
            f"{years} year(s): {why}",
            citation=rule.citation,
            facts={"runs_from": from_ordinal(runs_from).isoformat()},
        ),
        Reason(
            "prescription.be.no_suspension",
            "Suspension causes (old C. civ. 2251 ff.) are not modelled",
        ),
    ]
    events: list[PrescriptionEvent] = []
    # In date order, the lawyer's notice among the other interruptions: each event's
    # deadline is the one it and those before it give (a later payment interrupts the
    # period the notice opened).
    notices = sorted(lawyer_notices)
    for day, kind, citation, note in _interruptions(claim, as_of):
        while notices and notices[0] < day:
            end = _lawyer_notice((notices.pop(0),), years, end, events, reasons)
        if runs_from < day <= end:
            runs_from, end = day, _add_years(day, years)
            events.append(
                PrescriptionEvent(
                    kind=kind,
                    effect="interruption",
                    start=from_ordinal(day),
                    deadline_after=from_ordinal(end),
                    citation=citation,
                    note=f"Interruption ({note}): a new period of {years} year(s)",
                )
            )
    end = _lawyer_notice(tuple(notices), years, end, events, reasons)
    events.sort(key=lambda e: e.start)
    return Prescription(
        claim_id=claim.id,
        as_of=from_ordinal(as_of),
        deadline=from_ordinal(end),
        starts_on=from_ordinal(start),
        runs_from=from_ordinal(runs_from),
        period=f"{years} year" + ("s" if years > 1 else ""),
        period_months=12 * years,
        basis=rule.citation,
        interruptions=tuple(events),
        time_barred=as_of > end,
        reasons=tuple(reasons),
    )


def _lawyer_notice(
    notices: tuple[int, ...],
    years: int,
    end: int,
    events: list[PrescriptionEvent],
    reasons: list[Reason],
) -> int:
    """The deadline after the first of ``notices`` that interrupts (art. 2244 §2): none
    once a lawyer's notice is among ``events``, those applied so far (only once)."""
    rule = _rule("lawyer_notice")
    assert rule.effective_from is not None
    if any(e.kind == "lawyer_notice" for e in events):
        return end
    for day in sorted(notices):
        if day < rule.effective_from.toordinal() or day > end:
            continue
        extension = min(rule.days, years)
        new_end = max(end, _add_years(day, extension))
        events.append(
            PrescriptionEvent(
                kind="lawyer_notice",
                effect="interruption",
                start=from_ordinal(day),
                deadline_after=from_ordinal(new_end),
                citation=rule.citation,
                note=f"Formal notice by a lawyer or bailiff: a new period of {extension} "
                "year(s), never ending before the original term; only once",
            )
        )
        reasons.append(
            Reason(
                "prescription.be.lawyer_notice",
                "A lawyer's or bailiff's registered formal notice with the content of art. 2244 "
                "§2 interrupts prescription once (a collection agency's letter does not)",
                citation=rule.citation,
            )
        )
        return new_end
    return end


def prescription_be(
    claim: Claim,
    *,
    as_of: Any,
    periodic: bool | None = None,
    lawyer_notices: Iterable[Any] = (),
) -> Prescription:
    """The Belgian prescription of ``claim``, with art. 2244 §2 notices given explicitly.

    Args:
        claim: A claim (normally ``jurisdiction="BE"``).
        as_of: The date to compute for.
        periodic: As in `recouvrement.prescription.prescription_deadline`.
        lawyer_notices: The sending dates of formal notices by a lawyer or bailiff that
            meet art. 2244 §2 (registered post, debtor in Belgium, mandatory content).
            Only the first one before expiry counts.

    Examples:
        >>> from recouvrement.claims import Claim
        >>> from recouvrement.parties import Creditor, Debtor
        >>> claim = Claim(id="B-1", creditor=Creditor(id="C", name="SA", kind="professional",
        ...     country="BE"), debtor=Debtor(id="D", name="SRL", kind="professional",
        ...     country="BE"), nature="commercial", amount="1000", issued_on="2015-12-01",
        ...     due_on="2016-01-01", jurisdiction="BE")
        >>> prescription_be(claim, as_of="2025-06-01").deadline
        Date(2026, 1, 1)
        >>> prescription_be(claim, as_of="2025-07-01", lawyer_notices=["2025-06-01"]).deadline
        Date(2026, 6, 1)
    """
    if not isinstance(claim, Claim):
        raise InvalidType("claim", claim, "Claim")
    day = to_date(as_of, "as_of").toordinal()
    if isinstance(lawyer_notices, str) or not isinstance(lawyer_notices, Iterable):
        raise InvalidType("lawyer_notices", lawyer_notices, "a sequence of dates")
    notices = tuple(
        d for d in (to_date(n, "lawyer_notices").toordinal() for n in lawyer_notices) if d <= day
    )
    if notices and not lawyer_notice_interrupts(claim):
        found = _compute(claim, day, periodic, ())
        ignored = Reason(
            "prescription.be.lawyer_notice_abroad",
            f"The lawyer's notices given do not interrupt: art. 2244 §2 applies to a debtor in "
            f"Belgium, this debtor's country is {claim.debtor.country}",
            citation=_rule("lawyer_notice").citation,
            facts={"country": claim.debtor.country},
        )
        return attrs.evolve(found, reasons=(*found.reasons, ignored))
    return _compute(claim, day, periodic, notices)


def _barred(claim: Claim, day: pendulum.Date) -> str:
    return f"{claim.id} is time-barred after {day.isoformat()}"


class _BelgianEngine:
    """The engine `recouvrement.prescription` dispatches to for ``"BE"``."""

    def prescription(
        self, claim: Claim, as_of: int, *, periodic: bool | None, agreed_months: int | None
    ) -> Prescription:
        if agreed_months is not None:
            raise InvalidValue(
                "agreed_period_months", agreed_months, "not modelled under Belgian law"
            )
        return _compute(claim, as_of, periodic, ())

    def upcoming(self, claim: Claim, as_of: int, last: int) -> list[Deadline]:
        return upcoming_deadlines(
            self, claim, as_of, last, book=BOOK, where="in Regsol", barred=_barred
        )

    def declaration(
        self, proceeding: InsolvencyProceeding, *, outside: bool, notified_on: pendulum.Date | None
    ) -> DeclarationDeadline:
        opened = proceeding.opened_on
        usual = opened.add(days=30)
        stop = opened.add(years=1)
        why = Reason(
            "insolvency.be.filing",
            "Claims are filed online in Regsol by the deadline the bankruptcy judgment sets "
            "(in principle 30 days, shown here: read the judgment); a late filing is possible "
            "until 1 year after the judgment",
            citation=BOOK_XX,
        )
        return declaration_deadline(proceeding, due=usual, last=stop, why=why)


ENGINE = _BelgianEngine()
"""The Belgian engine `recouvrement.prescription` dispatches to."""
