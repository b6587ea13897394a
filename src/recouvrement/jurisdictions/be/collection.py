"""Belgian law in `next_action`: insolvency stays, titles, proceedings under way, the legal route.

Built with the guard factories of ``_guards`` from the plain functions of
[`recouvrement.jurisdictions.be.procedures`][recouvrement.jurisdictions.be.procedures]:
bankruptcy or judicial reorganisation stays collection (CDE Book XX; file the claim in
Regsol, in principle within 30 days); a served writ interrupts prescription (old C. civ.
2244 §1); the route is the B2B uncontested procedure, the summary order, the EU
procedures or the court by value; the articles of the generic rules: a formal notice
(old C. civ. 1153), an acknowledgment (2248), collection costs (loi 2002 art. 6; CDE
XIX.4 for consumers).
"""

from __future__ import annotations

from ...decisions.engine import Facts, Stay, reads
from ...events import FormalNotice, LegalAction, Reminder
from ...explain import Citation, Reason
from .._national.guards import (
    make_insolvency_guard,
    make_next_route,
    make_pending_guard,
    make_route,
    make_rules,
    make_title_guard,
    working_day_cure_end,
)
from . import procedures as _be
from .calendar import next_working_day
from .interest import CONSUMER, regime_of
from .prescription import lawyer_notice_interrupts
from .terms import XIX_2, first_reminder, is_electronic, waiting_period

__all__ = ["RULES"]

_reason = Reason._unchecked


def _no_step(facts: Facts) -> tuple[int | None, list[Reason]]:
    return None, []


def _no_wait(facts: Facts) -> tuple[int, list[Reason]] | None:
    return None


def _interrupt(facts: Facts, deadline: int, pending: tuple[LegalAction, ...]) -> list[Reason]:
    """How to interrupt Belgian prescription (old C. civ. 2244, 2248).

    The lawyer's or bailiff's notice of art. 2244 §2 interrupts only when sent to a debtor
    domiciled, resident or seated in Belgium (belgian-law.md D14): proposed only then.
    """
    how = _reason(
        "guard.prescription_close.how",
        "Obtain an acknowledgment (a part payment, a signed plan): prescription restarts "
        "(art. 2248); a creditor's or agency's letter does not interrupt it",
        citation=Citation("C. civ. (ancien)", "2248"),
    )
    country = facts.claim.debtor.country
    if lawyer_notice_interrupts(facts.claim):
        lawyer = _reason(
            "guard.prescription_close.lawyer",
            "Or have a lawyer or bailiff send a registered formal notice with the content of "
            "art. 2244 §2: it interrupts once, for a new year; or serve a writ (art. 2244 §1)",
            citation=Citation("C. civ. (ancien)", "2244", note="§2"),
        )
    else:
        lawyer = _reason(
            "guard.prescription_close.lawyer",
            f"Or serve a writ (art. 2244 §1). A lawyer's or bailiff's formal notice (art. 2244 "
            f"§2) interrupts only for a debtor in Belgium; this debtor's country is {country}",
            citation=Citation("C. civ. (ancien)", "2244", note="§1"),
            facts={"country": country},
        )
    return [how, lawyer]


@reads(Reminder, FormalNotice)
def book_xix_waiting(facts: Facts) -> Facts | None:
    """A stay: a consumer's Book XIX waiting period after the free first reminder.

    No further collection step, cost or interest in it (CDE XIX.2; belgian-law.md C5, S):
    escalation waits for the day after it (a prescription close to its end can still be
    interrupted, as under any stay).
    """
    claim = facts.claim
    if facts.stay is not None or regime_of(claim) != CONSUMER:
        return None
    reminder = first_reminder(claim, as_of=facts.as_of)
    if reminder is None:
        return None
    wait = waiting_period(reminder.on, electronic=is_electronic(reminder))
    end = wait.end.toordinal()
    if facts.day > end:
        return None
    reason = _reason(
        "consumer.be.waiting",
        f"Book XIX waiting period after the free first reminder of "
        f"{reminder.on.isoformat()}: until {wait.end.isoformat()} no further collection "
        "step, cost or interest",
        citation=XIX_2,
        facts={"first_reminder": reminder.on, "end": wait.end},
    )
    return facts.noted(stay=Stay(reasons=(reason, *wait.reasons), on=end + 1))


_route = make_route(_be.choose_route)

RULES = make_rules(
    "BE",
    insolvency=make_insolvency_guard(_be.insolvency_stay, 30, Citation("CDE", "Livre XX")),
    stays=(book_xix_waiting,),
    legal_guards=(
        make_title_guard(_no_wait),
        make_pending_guard(_no_step),
        make_next_route(_route),
    ),
    interrupt=_interrupt,
    route=_route,
    # The shortest Belgian period encoded is 1 year (art. 2272 al. 2).
    shortest_days=360,
    citations={
        "formal_notice": Citation("C. civ. (ancien)", "1153"),
        "acknowledgment": Citation("C. civ. (ancien)", "2248"),
        "collection_costs": Citation("loi 2 août 2002", "art. 6"),
    },
    costs_note="; between enterprises 40 EUR and reasonable costs are recoverable (loi 2002 "
    "art. 6); from a consumer only the capped damages of the contract (CDE XIX.4)",
    # New C. civ. art. 1.7 (belgian-law.md, S): a period ending on a non-working day ends
    # on the next working day.
    cure_end=working_day_cure_end(next_working_day),
)
"""The Belgian collection rules `next_action` applies to claims with ``jurisdiction="BE"``."""
