"""German limitation (Verjährung), called through `recouvrement.prescription` for ``"DE"``.

Rules encoded (German reference §3, confidence in brackets; figures in
``data/de_limitation.toml``):

- **Regular period** (§§ 195, 199 Abs. 1 BGB, P): 3 years from the end of the year in
  which the claim arose (its explicit ``prescription_starts_on``, else its due date,
  S [24]) and the creditor knew the debtor, which is assumed; it expires at the end of
  31 December three years later.
- **Cap** (§ 199 Abs. 4, P): 10 years from arising, whatever the creditor knew
  (``long_stop``, shown for information: with the creditor's knowledge assumed, the
  3-year period always ends first).
- **Title** (§ 197 Abs. 1 Nr. 3-5, § 201, P): 30 years from the judgment (read as the day
  it became final: record the Vollstreckungsbescheid or judgment with that date), not
  at year-end. Interest falling due later keeps 3 years (§ 197 Abs. 2): not modelled.
- **New start** (§ 212, P; from the day, not year-end, S): an acknowledgment, a partial
  payment, a payment plan agreed with the debtor, an enforcement act. Not after expiry.
- **Suspension** (§ 209, P: the suspended time is not counted):
  negotiations (§ 203, modelled by a `Mediation` event; the claim expires at the earliest
  3 months after they end); a served court action or Mahnbescheid (§ 204 Abs. 1 Nr. 1, 3;
  effective from filing when served, § 167 ZPO), ending 6 months after the proceedings
  end (§ 204 Abs. 2); a claim filed in insolvency (§ 204 Abs. 1 Nr. 10), ending 6 months
  after the proceedings close.
- A reminder, even registered, neither suspends nor restarts limitation (S).
- Limitation is a defence (Einrede, § 214): ``time_barred`` means the debtor may refuse.

Edge-of-day counting of suspensions is **U** (±1 day): both the first and last
suspended days are counted here.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import pendulum

from ..._convert import from_ordinal
from ...claims import Claim
from ...events import (
    Acknowledgment,
    ClaimDeclaration,
    EnforcementAct,
    InsolvencyProceeding,
    Judgment,
    LegalAction,
    Mediation,
    PaymentPlan,
)
from ...explain import Citation, Reason
from ...prescription import Deadline, DeclarationDeadline, Prescription, PrescriptionEvent
from .._national.deadlines import declaration_deadline, upcoming_deadlines
from .._national.rules import rule_book

__all__ = ["ENGINE"]

_PACKAGE = "recouvrement.jurisdictions.de"
BGB_212 = Citation("BGB", "§ 212")
BGB_203 = Citation("BGB", "§ 203")
BGB_204_1 = Citation("BGB", "§ 204", note="Abs. 1 Nr. 1, 3")
BGB_204_10 = Citation("BGB", "§ 204", note="Abs. 1 Nr. 10")
BGB_209 = Citation("BGB", "§ 209")
INSO_28 = Citation("InsO", "§ 28", note="Abs. 1")
BOOK = INSO_28


class _Pause(NamedTuple):
    start: int
    end: int  # last suspended day (tail included); as_of + tail when ongoing
    ongoing: bool
    kind: str
    citation: Citation
    floor_months: int  # § 203: expiry at the earliest this many months after the end
    raw_end: int


class _Restart(NamedTuple):
    day: int
    kind: str
    note: str


def _rule(rule_id: str) -> Any:
    return rule_book(_PACKAGE, "de_limitation.toml").get(rule_id)


def _add(day: int, *, years: int = 0, months: int = 0) -> int:
    return from_ordinal(day).add(years=years, months=months).toordinal()


def _pauses(claim: Claim, as_of: int) -> list[_Pause]:
    tail = _rule("proceedings_tail").days
    floor = _rule("negotiation_tail").days
    out: list[_Pause] = []
    for event in claim.events:
        if isinstance(event, Mediation) and event.start.toordinal() <= as_of:
            end = event.end.toordinal() if event.end is not None else None
            ongoing = end is None or end > as_of
            stop = as_of if ongoing or end is None else end
            out.append(
                _Pause(event.start.toordinal(), stop, ongoing, "negotiation", BGB_203, floor, stop)
            )
        elif isinstance(event, LegalAction) and event.served_on is not None:
            if event.served_on.toordinal() > as_of:
                continue
            ended = event.ended_on.toordinal() if event.ended_on is not None else None
            ongoing = ended is None or ended > as_of
            stop = as_of if ongoing or ended is None else ended
            out.append(
                _Pause(
                    event.filed_on.toordinal(),
                    _add(stop, months=tail),
                    ongoing,
                    "legal_action",
                    BGB_204_1,
                    0,
                    stop,
                )
            )
        elif isinstance(event, ClaimDeclaration) and event.on.toordinal() <= as_of:
            closed = _insolvency_closed(claim, event.on)
            ongoing = closed is None or closed > as_of
            stop = as_of if ongoing or closed is None else closed
            out.append(
                _Pause(
                    event.on.toordinal(),
                    _add(stop, months=tail),
                    ongoing,
                    "claim_declaration",
                    BGB_204_10,
                    0,
                    stop,
                )
            )
    out.sort()
    return out


def _insolvency_closed(claim: Claim, filed: pendulum.Date) -> int | None:
    """When the proceeding the claim was filed in closed (``None``: still open, or none
    known): the latest one opened on or before the filing, whatever the order recorded."""
    opened = [
        e for e in claim.events if isinstance(e, InsolvencyProceeding) and e.opened_on <= filed
    ]
    if not opened:
        return None
    closed = max(opened, key=lambda e: e.opened_on).closed_on
    return None if closed is None else closed.toordinal()


def _restarts(claim: Claim, as_of: int) -> list[_Restart]:
    out = [
        _Restart(p.on.toordinal(), "payment", "a partial payment acknowledges the claim")
        for p in claim.payments
        if p.on.toordinal() <= as_of
    ]
    for event in claim.events:
        if isinstance(event, Acknowledgment):
            out.append(_Restart(event.on.toordinal(), "acknowledgment", "the debtor acknowledged"))
        elif isinstance(event, PaymentPlan) and event.signed_by_debtor:
            out.append(_Restart(event.agreed_on.toordinal(), "payment_plan", "a payment plan"))
        elif isinstance(event, EnforcementAct):
            out.append(_Restart(event.on.toordinal(), "enforcement_act", "an enforcement act"))
    return sorted(r for r in out if r.day <= as_of)


def _title(claim: Claim, as_of: int) -> int | None:
    days = [
        e.on.toordinal()
        for e in claim.events
        if isinstance(e, Judgment) and e.on.toordinal() <= as_of
    ]
    return min(days) if days else None


def _barred(claim: Claim, day: pendulum.Date) -> str:
    return f"{claim.id} is time-barred (Einrede) after {day.isoformat()}"


class _GermanEngine:
    """The engine `recouvrement.prescription` dispatches to for ``"DE"``."""

    def prescription(
        self, claim: Claim, as_of: int, *, periodic: bool | None, agreed_months: int | None
    ) -> Prescription:
        start = (claim.prescription_starts_on or claim.due_on).toordinal()
        reasons: list[Reason] = []
        judged = _title(claim, as_of)
        if judged is not None:
            rule = _rule("title")
            years = rule.days
            runs_from = judged
            end = _add(judged, years=years)
            long_stop = None
            reasons.append(
                Reason(
                    "prescription.de.title",
                    f"Title of {from_ordinal(judged).isoformat()}: 30 years from the day it "
                    "became final (§ 201), not at year-end",
                    citation=rule.citation,
                )
            )
        else:
            rule = _rule("regular")
            years = rule.days
            year_end = pendulum.Date(from_ordinal(start).year, 12, 31).toordinal()
            runs_from = year_end
            end = pendulum.Date(from_ordinal(start).year + years, 12, 31).toordinal()
            cap = _rule("cap_non_damages")
            long_stop = _add(start, years=cap.days)
            reasons.append(
                Reason(
                    "prescription.de.regular",
                    f"3 years from the end of {from_ordinal(start).year}, the year the claim "
                    "arose (the creditor's knowledge of the debtor is assumed, § 199 Abs. 1)",
                    citation=Citation("BGB", "§ 199", note="Abs. 1"),
                )
            )
        pauses = _pauses(claim, as_of)
        interruptions: list[PrescriptionEvent] = []
        deadline, suspensions, running = _apply_pauses(pauses, runs_from, end)
        for restart in _restarts(claim, as_of):
            # Before the period began (the year-end, or the title) a new start changes
            # nothing; after expiry it cannot revive the claim.
            if restart.day <= runs_from or restart.day > deadline:
                continue
            runs_from = restart.day
            end = _add(restart.day, years=years)
            after, suspensions, running = _apply_pauses(pauses, runs_from, end)
            # A new start during a suspension runs only once the suspension ends (BGH); by
            # day counts it can then end a day before the old deadline around 29 February
            # (U): a new start never shortens the period.
            deadline = max(deadline, after)
            interruptions.append(
                PrescriptionEvent(
                    kind=restart.kind,
                    effect="interruption",
                    start=from_ordinal(restart.day),
                    deadline_after=from_ordinal(deadline),
                    citation=BGB_212,
                    note=f"New start (Neubeginn): {restart.note}; the full period runs "
                    "again from that day (after any suspension under way)",
                )
            )
        if long_stop is not None and interruptions:
            long_stop = None  # § 199 Abs. 4 caps the first period; a new start runs in full
        return Prescription(
            claim_id=claim.id,
            as_of=from_ordinal(as_of),
            deadline=from_ordinal(deadline),
            starts_on=from_ordinal(start),
            runs_from=from_ordinal(runs_from),
            period=f"{years} years",
            period_months=12 * years,
            basis=rule.citation,
            interruptions=tuple(interruptions),
            suspensions=tuple(suspensions),
            long_stop=None if long_stop is None else from_ordinal(long_stop),
            time_barred=as_of > deadline,
            running=running,
            reasons=(*reasons, *(s_reason(s) for s in suspensions)),
        )

    def upcoming(self, claim: Claim, as_of: int, last: int) -> list[Deadline]:
        return upcoming_deadlines(
            self,
            claim,
            as_of,
            last,
            book=BOOK,
            where="with the insolvency administrator",
            barred=_barred,
        )

    def declaration(
        self, proceeding: InsolvencyProceeding, *, outside: bool, notified_on: pendulum.Date | None
    ) -> DeclarationDeadline:
        opened = proceeding.opened_on
        earliest = opened.add(weeks=2)
        latest = opened.add(months=3)
        why = Reason(
            "insolvency.de.filing_window",
            "The opening decision sets the filing deadline between 2 weeks and 3 months "
            "(§ 28 InsO): the earliest possible date is shown; read the decision. Claims are "
            "filed with the insolvency administrator (§ 174 InsO)",
            citation=INSO_28,
        )
        return declaration_deadline(proceeding, due=earliest, last=latest, why=why)


def s_reason(event: PrescriptionEvent) -> Reason:
    """The reason of one applied suspension."""
    return Reason(
        f"prescription.de.suspension.{event.kind}",
        event.note,
        citation=event.citation,
        facts={
            "start": event.start.isoformat(),
            "deadline_after": event.deadline_after.isoformat(),
        },
    )


def _apply_pauses(
    pauses: list[_Pause], runs_from: int, end: int
) -> tuple[int, list[PrescriptionEvent], bool]:
    running = True
    applied: list[PrescriptionEvent] = []
    for pause in pauses:
        if pause.start > end:
            continue
        first = max(pause.start, runs_from + 1)  # the period runs from the next day
        if pause.end < first:
            continue
        end += pause.end - first + 1
        if pause.floor_months:
            end = max(end, _add(pause.raw_end, months=pause.floor_months))
        running = running and not pause.ongoing
        what = {
            "negotiation": "Negotiations suspend limitation; it ends at the earliest 3 months "
            "after they end",
            "legal_action": "A served court action or Mahnbescheid suspends limitation from "
            "filing (§ 167 ZPO) until 6 months after the proceedings end (§ 204 Abs. 2)",
            "claim_declaration": "Filing the claim in insolvency suspends limitation until 6 "
            "months after the proceedings end (§ 204 Abs. 2)",
        }[pause.kind]
        applied.append(
            PrescriptionEvent(
                kind=pause.kind,
                effect="suspension",
                start=from_ordinal(pause.start),
                end=None if pause.ongoing else from_ordinal(pause.raw_end),
                ongoing=pause.ongoing,
                deadline_after=from_ordinal(end),
                citation=pause.citation,
                note=f"{what}; the suspended time is not counted (§ 209)",
            )
        )
    return end, applied, running


ENGINE = _GermanEngine()
"""The German engine `recouvrement.prescription` dispatches to."""
