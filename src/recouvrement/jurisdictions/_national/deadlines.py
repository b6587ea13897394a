"""The deadlines a national prescription engine lists ahead (shared by Germany and Belgium).

A claim's upcoming deadlines are the filing deadline of each open insolvency proceeding in
which no claim is filed yet, then its own limitation date when it falls in the window and
the period is running. The country supplies its engine (its periods and its filing
deadline) and its words; the sweep is written once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import pendulum

from ..._convert import from_ordinal
from ...calendar import ProceduralDeadline
from ...claims import Claim
from ...events import ClaimDeclaration, InsolvencyProceeding
from ...explain import Citation, Reason
from ...prescription import Deadline, DeclarationDeadline, Prescription

__all__ = [
    "NationalEngine",
    "declaration_deadline",
    "pending_declarations",
    "upcoming_deadlines",
]


class NationalEngine(Protocol):
    """What the sweep needs of a country's prescription engine."""

    def prescription(
        self, claim: Claim, as_of: int, *, periodic: bool | None, agreed_months: int | None
    ) -> Prescription: ...

    def declaration(
        self, proceeding: InsolvencyProceeding, *, outside: bool, notified_on: pendulum.Date | None
    ) -> DeclarationDeadline: ...


def pending_declarations(
    engine: NationalEngine,
    claim: Claim,
    as_of: int,
    last: int,
    *,
    book: Citation,
    where: str,
) -> list[Deadline]:
    """The claim-filing deadline of each open proceeding with no claim filed yet.

    ``where`` names the place the claim is filed ("in Regsol", "with the insolvency
    administrator"); ``book`` is the citation used when the deadline has none.
    """
    found: list[Deadline] = []
    for event in claim.events:
        if not isinstance(event, InsolvencyProceeding) or event.opened_on.toordinal() > as_of:
            continue
        if event.closed_on is not None and event.closed_on.toordinal() <= as_of:
            continue
        if any(
            isinstance(e, ClaimDeclaration)
            and event.opened_on <= e.on
            and e.on.toordinal() <= as_of
            for e in claim.events
        ):  # filed on or before the day: a filing dated later is not made yet
            continue
        d = engine.declaration(event, outside=False, notified_on=None)
        day = d.deadline.toordinal()
        if as_of <= day <= last:
            found.append(
                Deadline(
                    claim_id=claim.id,
                    kind="claim_declaration",
                    date=d.deadline,
                    days_left=day - as_of,
                    citation=d.reasons[0].citation or book,
                    message=f"File the claim {where} by {d.deadline.isoformat()} (usual "
                    "deadline; check the opening decision)",
                )
            )
    return found


def upcoming_deadlines(
    engine: NationalEngine,
    claim: Claim,
    as_of: int,
    last: int,
    *,
    book: Citation,
    where: str,
    barred: Callable[[Claim, pendulum.Date], str],
) -> list[Deadline]:
    """Filing deadlines, then the limitation date if running and within ``[as_of, last]``.

    ``barred(claim, date)`` words the limitation deadline in the country's terms.
    """
    if claim.is_settled(as_of=from_ordinal(as_of)):
        return []
    found = pending_declarations(engine, claim, as_of, last, book=book, where=where)
    p = engine.prescription(claim, as_of, periodic=None, agreed_months=None)
    day = p.deadline.toordinal()
    if not p.running or not as_of <= day <= last:
        return found
    return [
        *found,
        Deadline(
            claim_id=claim.id,
            kind="prescription",
            date=p.deadline,
            days_left=day - as_of,
            citation=p.basis,
            message=barred(claim, p.deadline),
        ),
    ]


def declaration_deadline(
    proceeding: InsolvencyProceeding, *, due: pendulum.Date, last: pendulum.Date, why: Reason
) -> DeclarationDeadline:
    """A filing deadline ``due`` and the last day ``last`` of a late filing, from the opening."""
    opened = proceeding.opened_on
    return DeclarationDeadline(
        kind=proceeding.kind,
        published_on=proceeding.published_on or opened,
        runs_from=opened,
        outside_metropolitan_france=False,
        declaration=ProceduralDeadline(
            start=opened, nominal=due, date=due, extended=False, reasons=(why,)
        ),
        relief_from_foreclosure=ProceduralDeadline(
            start=opened, nominal=last, date=last, extended=False, reasons=(why,)
        ),
        reasons=(why,),
    )
