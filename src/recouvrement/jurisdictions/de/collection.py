"""German law in `next_action`: insolvency stay, titles, proceedings under way, the legal route.

The generic engine (`recouvrement.decisions`) knows no article; this module gives it the
German guards and rules as one ``CollectionRules`` record, `RULES`, built from the plain
functions of [`recouvrement.jurisdictions.de.procedures`][recouvrement.jurisdictions.de.procedures]:

- **stay guard**: open insolvency proceedings stop individual collection (§§ 87, 89 InsO):
  file the claim with the administrator (§ 174; the opening decision sets the deadline,
  2 weeks to 3 months, § 28), then wait;
- **which legal actions hold the limitation clock** (`holds_clock`): a served suit or
  Mahnbescheid suspends it from filing (§ 204 Abs. 1 Nr. 1, 3 BGB; § 167 ZPO);
- **legal guards** on an overdue claim: a title (judgment, Vollstreckungsbescheid) leads to
  enforcement once the Einspruch period has run; a Mahnverfahren under way to a wait with
  its procedural deadline (Widerspruch, Vollstreckungsbescheid within 6 months); an action
  that ended without a title to the next route;
- **the legal route** (`legal_route`): the Mahnverfahren (a payment order), the EU
  procedures for a debtor abroad, the lawsuit after a Widerspruch or a rejected dispute;
- the articles of the generic rules: a Mahnung (§ 286 Abs. 1 BGB), an acknowledgment
  (§ 212 BGB), collection costs as default damages (§§ 280, 286 BGB).
"""

from __future__ import annotations

from ..._dates import iso as _iso
from ...decisions.engine import Facts
from ...events import LegalAction
from ...explain import Citation, Reason
from .._national.guards import (
    holds_clock,
    make_insolvency_guard,
    make_next_route,
    make_pending_guard,
    make_route,
    make_rules,
    make_title_guard,
    working_day_cure_end,
)
from . import procedures as _de
from .calendar import next_working_day

__all__ = ["RULES", "holds_clock"]

_reason = Reason._unchecked


# -- German pieces ------------------------------------------------------------------------------


def _mahn_step(facts: Facts) -> tuple[int | None, list[Reason]]:
    step = _de.mahnverfahren_step(facts.claim, as_of=facts.as_of)
    if step is None:
        return None, []
    return (None if step.by is None else step.by.toordinal()), list(step.reasons)


def _vb_wait(facts: Facts) -> tuple[int, list[Reason]] | None:
    step = _de.mahnverfahren_step(facts.claim, as_of=facts.as_of)
    if step is not None and step.action == "await_einspruch" and step.by is not None:
        return step.by.toordinal(), list(step.reasons)
    return None


def _interrupt(facts: Facts, deadline: int, pending: tuple[LegalAction, ...]) -> list[Reason]:
    """How to stop the German limitation clock (§§ 203, 204, 212 BGB)."""
    reasons = [
        _reason(
            "guard.prescription_close.how",
            "Obtain an acknowledgment (a part payment, an interest payment, a signed plan): the "
            "period starts again (§ 212 BGB); a Mahnung, even registered, does not stop it",
            citation=Citation("BGB", "§ 212"),
        ),
        _reason(
            "guard.prescription_close.legal",
            f"Or file a Mahnbescheid or a suit by {_iso(deadline)}: once served (soon after "
            "filing) it suspends limitation from the filing day (§ 204 BGB, § 167 ZPO)",
            citation=Citation("BGB", "§ 204", note="Abs. 1 Nr. 1, 3"),
        ),
    ]
    reasons += [
        _reason(
            "legal.not_interrupting",
            f"The {a.kind.value.replace('_', ' ')} filed on {a.filed_on.isoformat()} is not "
            "served yet: it suspends limitation only once served",
            citation=Citation("ZPO", "§ 167"),
        )
        for a in pending
        if a.served_on is None
    ]
    return reasons


_route = make_route(_de.choose_route)

RULES = make_rules(
    "DE",
    # § 28 Abs. 1 InsO (german-law.md N4, P): the opening decision sets 2 weeks to 3 months.
    insolvency=make_insolvency_guard(
        _de.insolvency_stay, 14, Citation("InsO", "§ 28"), shortest=True
    ),
    legal_guards=(
        make_title_guard(_vb_wait),
        make_pending_guard(_mahn_step),
        make_next_route(_route),
    ),
    interrupt=_interrupt,
    route=_route,
    # The regular period is 3 years from the end of the year (§§ 195, 199 BGB), a new
    # start gives 3 years from the day (§ 212): none is shorter than 3 years.
    shortest_days=3 * 365,
    citations={
        "formal_notice": Citation("BGB", "§ 286", note="Abs. 1"),
        "acknowledgment": Citation("BGB", "§ 212"),
        "collection_costs": Citation("BGB", "§ 280", note="Abs. 2 with § 286"),
    },
    costs_note="; costs of legal pursuit after default are recoverable as damages (an agency's "
    "up to a lawyer's RVG fee, § 13e RDG)",
    # § 193 BGB (german-law.md D18, P): a period for performance ending on a Saturday,
    # Sunday or public holiday ends on the next working day.
    cure_end=working_day_cure_end(next_working_day),
)
"""The German collection rules `next_action` applies to claims with ``jurisdiction="DE"``."""
