"""Guard factories shared by the German and Belgian collection rules (``next_action``).

Plain factories that turn a country's route and stay functions into the guards of a
``CollectionRules`` record; each country passes its own rules and citations.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from types import MappingProxyType
from typing import Any

from ..._convert import from_ordinal
from ..._dates import iso as _iso
from ...actions import Action
from ...decisions.costs import cost_guard
from ...decisions.engine import CollectionRules, Facts
from ...decisions.ladder import enforcement_step, legal_step
from ...decisions.records import Decision
from ...events import ClaimDeclaration, InsolvencyProceeding, Judgment, LegalAction
from ...explain import Citation, Reason
from ...policy import PolicyStep, Tone

__all__ = [
    "ROUTE_ACTIONS",
    "holds_clock",
    "make_insolvency_guard",
    "make_next_route",
    "make_pending_guard",
    "make_route",
    "make_rules",
    "make_title_guard",
    "under_way",
]

_reason = Reason._unchecked

#: Route name -> (action, the policy's ``route_costs`` key).
ROUTE_ACTIONS: dict[str, tuple[Action, str]] = {
    "mahnverfahren": (Action.PAYMENT_ORDER, "payment_order"),
    "european_order_for_payment": (Action.PAYMENT_ORDER, "payment_order"),
    "european_small_claims": (Action.SMALL_CLAIMS_PROCEDURE, "small_claims"),
    "b2b_uncontested": (Action.PAYMENT_ORDER, "payment_order"),
    "summary_payment_order": (Action.PAYMENT_ORDER, "payment_order"),
    "lawsuit": (Action.SUMMONS, "summons"),
}


def _overdue(facts: Facts) -> bool:
    return facts.day > facts.claim.due_on.toordinal()


def holds_clock(action: LegalAction, day: int) -> bool:
    """Whether ``action`` holds the limitation clock on ``day``: once served (German and
    Belgian law; German suspension relates back to filing, § 167 ZPO).

    Examples:
        >>> from recouvrement.events import LegalAction
        >>> holds_clock(LegalAction(kind="payment_order", filed_on="2025-01-10"), 800000)
        False
    """
    return action.served_on is not None and action.served_on.toordinal() <= day


def under_way(facts: Facts) -> tuple[LegalAction, ...]:
    """The legal actions filed and not ended on the day."""
    day = facts.day
    return tuple(
        a
        for a in facts.history.of(LegalAction)
        if not (a.ended_on is not None and a.ended_on.toordinal() <= day)
    )


def make_insolvency_guard(
    stay: Callable[..., tuple[Reason, ...]],
    declare_days: int,
    citation: Citation,
    *,
    shortest: bool = False,
) -> Callable[[Facts], Decision | None]:
    """A stay guard: open proceedings -> declare the claim, then wait.

    ``declare_days``: the usual filing deadline from the opening, or (``shortest``) the
    shortest one the opening decision can set (German law: 2 weeks to 3 months).
    """

    def insolvency(facts: Facts) -> Decision | None:
        """Open insolvency proceedings: stop collecting; file the claim, then wait."""
        reasons = list(stay(facts.claim, as_of=facts.as_of))
        if not reasons:
            return None
        day = facts.day
        opened = min(
            p.opened_on.toordinal()
            for p in facts.history.of(InsolvencyProceeding)
            if p.closed_on is None or p.closed_on.toordinal() > day
        )
        if [d for d in facts.history.days(ClaimDeclaration) if d >= opened]:
            waiting = _reason("guard.insolvency.declared", "Claim filed: wait for the proceedings")
            return facts.decide(Action.WAIT, [*reasons, waiting], on=day + facts.policy.review_days)
        target = opened + declare_days
        which = "the earliest deadline it can set is" if shortest else "the usual deadline is"
        declare = _reason(
            "guard.insolvency.declare",
            f"File the claim now; {which} {_iso(target)}: check the date the opening decision set",
            citation=citation,
            facts={"deadline": from_ordinal(target)},
        )
        return facts.decide(Action.DECLARE_CLAIM, [*reasons, declare], deadline=max(target, day))

    return insolvency


def make_title_guard(
    await_until: Callable[[Facts], tuple[int, list[Reason]] | None],
) -> Callable[[Facts], Decision | None]:
    """A legal guard: a judgment or enforcement order -> enforcement (or wait for a period)."""

    def title_enforcement(facts: Facts) -> Decision | None:
        """A title (judgment, Vollstreckungsbescheid): enforce it, after any objection period."""
        if not _overdue(facts) or not facts.history.has(Judgment):
            return None
        waiting = await_until(facts)
        if waiting is not None:
            on, why = waiting
            return facts.decide(Action.WAIT, why, on=on + 1)
        judgment = max(facts.history.of(Judgment), key=lambda j: j.on)
        title = _reason(
            "legal.title",
            f"Enforceable title of {judgment.on.isoformat()}: enforce it",
            facts={"on": judgment.on},
        )
        return facts.decide(
            Action.ENFORCEMENT, [title], step=enforcement_step(facts), tone=Tone.LEGAL
        )

    return title_enforcement


def make_pending_guard(
    step_of: Callable[[Facts], tuple[int | None, list[Reason]]],
) -> Callable[[Facts], Decision | None]:
    """A legal guard: an action under way -> wait, with its procedural deadline."""

    def legal_action_pending(facts: Facts) -> Decision | None:
        """A legal action under way: wait, with the procedural deadline."""
        if not _overdue(facts) or facts.history.has(Judgment):
            return None
        pending = under_way(facts)
        if not pending:
            return None
        action = max(pending, key=lambda a: a.filed_on)
        deadline, extra = step_of(facts)
        what = _reason(
            "legal.pending",
            f"{action.kind.value.replace('_', ' ').capitalize()} filed on "
            f"{action.filed_on.isoformat()} under way",
        )
        look_again = facts.day + facts.policy.review_days
        if deadline is not None:
            look_again = min(look_again, max(deadline, facts.day + 1))
        return facts.decide(Action.WAIT, [what, *extra], on=look_again, deadline=deadline)

    return legal_action_pending


def make_route(
    choose: Callable[..., Any],
) -> Callable[[Facts, PolicyStep | None, list[Reason]], Decision]:
    """The ``legal_route`` of a jurisdiction from its ``choose_route`` function."""

    def legal_route(facts: Facts, step: PolicyStep | None, reasons: list[Reason]) -> Decision:
        """Choose and propose the legal route, with the cost guard."""
        amounts, note = facts.amounts_due() if facts.with_amounts else (None, None)
        if note is not None:
            reasons.append(note)
        ended = [a for a in facts.history.of(LegalAction) if a.ended_on is not None]
        contested = facts.disputed_rejected or bool(ended)
        route = choose(facts.claim, as_of=facts.as_of, contested=contested)
        action, cost_key = ROUTE_ACTIONS[route.route]
        cost = facts.policy.route_costs.get(cost_key)
        if cost is None and step is not None:
            cost = step.cost
        if cost is not None:
            guarded = cost_guard(facts, cost, route.route.replace("_", " "), amounts, step)
            if guarded is not None:
                return guarded
        return facts.decide(
            action, reasons + list(route.reasons), step=step, tone=Tone.LEGAL, amounts=amounts
        )

    return legal_route


def make_next_route(
    route: Callable[[Facts, PolicyStep | None, list[Reason]], Decision],
) -> Callable[[Facts], Decision | None]:
    """A legal guard: a previous action ended without a title -> the next route."""

    def legal_next_route(facts: Facts) -> Decision | None:
        """A previous route ended without a title: take the next one (the lawsuit)."""
        if not _overdue(facts) or not facts.history.has(LegalAction) or under_way(facts):
            return None
        why = _reason(
            "legal.next_route", "The previous route ended without a title: take the next one"
        )
        return route(facts, legal_step(facts), [why])

    return legal_next_route


def make_rules(
    code: str,
    *,
    insolvency: Callable[[Facts], Decision | None],
    legal_guards: tuple[Callable[[Facts], Decision | None], ...],
    interrupt: Callable[[Facts, int, tuple[LegalAction, ...]], list[Reason]],
    route: Callable[[Facts, PolicyStep | None, list[Reason]], Decision],
    shortest_days: int,
    citations: dict[str, Citation],
    costs_note: str,
    cure_end: Callable[[int, int], int] | None = None,
    stays: tuple[Callable[[Facts], Decision | Facts | None], ...] = (),
) -> CollectionRules:
    """Assemble a jurisdiction's ``CollectionRules`` (``stays``: stay guards after the
    insolvency one)."""
    return CollectionRules(
        code=code,
        stay_guards=(insolvency, *stays),
        legal_guards=legal_guards,
        holds_clock=holds_clock,
        under_way=under_way,
        interrupt_reasons=interrupt,
        legal_route=route,
        shortest_prescription_days=shortest_days,
        citations=MappingProxyType(citations),
        costs_note=costs_note,
        cure_end=cure_end,
    )


def working_day_cure_end(
    next_working_day: Callable[[_dt.date], _dt.date],
) -> Callable[[int, int], int]:
    """A ``cure_end`` whose last day, on a non-working day, moves to ``next_working_day``."""

    def cure_end(sent: int, days: int) -> int:
        return next_working_day(_dt.date.fromordinal(sent + days)).toordinal()

    return cure_end
