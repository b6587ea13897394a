"""One legal procedure per debtor: the route and its cost weighed on what the debtor owes.

Claim by claim, four invoices of one debtor summing to 7,622 EUR would each be within
the small-claims threshold and get four procedures on the same day. A creditor sues a
debtor once for what it owes: `group_procedures` takes the claims of one debtor whose
decision is to start a legal route today (or not to, for its cost alone), groups those with the same creditor, currency,
jurisdiction and nature that have no legal action recorded yet, and asks the
jurisdiction (its ``group_route``) for one route chosen on their total principal and
interest, its cost weighed against their total. Each grouped claim's decision then
proposes that route, with a reason naming the group and its total.

Examples:
    >>> import attrs
    >>> from recouvrement.decisions import debtor_actions
    >>> from recouvrement.money import Money
    >>> from recouvrement.sample import sample_claim
    >>> base = sample_claim()
    >>> claims = [attrs.evolve(base, id=f"F-{i}", amount=Money(amount))
    ...           for i, amount in enumerate(["2000", "1900", "1822", "1900"], 1)]
    >>> grouped = debtor_actions(claims, as_of="2025-06-30")[0]
    >>> [p.action.value for p in grouped.procedures], str(grouped.procedures[0].principal)
    (['payment_order'], '7622.00 EUR')
    >>> {d.action.value for d in grouped.decisions}
    {'payment_order'}
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, NamedTuple

import attrs

from ..claims import Claim
from ..events import LegalAction
from ..explain import Reason
from ..fx import ExchangeRates
from ..money import Money
from ..policy import EscalationPolicy, PolicyStep
from ..segments import Segment
from .engine import Facts, decide
from .guards import guard_chain
from .records import Decision, GroupedProcedure

__all__ = ["group_procedures"]


class _AtRoute(NamedTuple):
    """A claim's evaluation when it reached its legal route."""

    claim: Claim
    facts: Facts
    step: PolicyStep | None
    reasons: list[Reason]


class Candidate(NamedTuple):
    """A claim whose decision starts a legal route (or was stopped by the route's cost),
    with how it was decided."""

    claim: Claim
    decision: Decision
    policy: EscalationPolicy
    segment: Segment | None


def _at_route(
    claim: Claim,
    decision: Decision,
    policy: EscalationPolicy,
    segment: Segment | None,
    *,
    with_amounts: bool,
    rates: Any,
    exchange_rates: ExchangeRates | None,
) -> _AtRoute | None:
    """Evaluate ``claim`` again, keeping the facts it had when it reached its legal route."""
    facts = Facts.of(
        claim,
        as_of=decision.as_of,
        policy=policy,
        segment=segment,
        with_amounts=with_amounts,
        rates=rates,
        exchange_rates=exchange_rates,
    )
    rules = facts.rules
    if rules.group_route is None:
        return None
    seen: list[_AtRoute] = []
    original = rules.legal_route

    def capture(at: Facts, step: PolicyStep | None, reasons: list[Reason]) -> Decision:
        seen.append(_AtRoute(claim, at, step, list(reasons)))
        return original(at, step, reasons)

    watched = facts._replace(rules=attrs.evolve(rules, legal_route=capture))
    decide(watched, guard_chain(rules))
    return seen[-1] if seen else None


def _owed(at: _AtRoute) -> tuple[Decimal, Decimal, Decimal]:
    """(principal, interest, total owed) of one claim at its route, as `legal_route` reads them."""
    facts = at.facts
    amounts = facts.amounts_due()[0] if facts.with_amounts else None
    amount = facts.amount
    if amounts is None:
        return amount, Decimal(0), amount
    principal = min(amounts.principal.amount, amount)
    undisputed_total = amounts.total.amount - (amounts.principal.amount - principal)
    return principal, amounts.interest.amount, undisputed_total


def group_procedures(
    candidates: Sequence[Candidate],
    *,
    with_amounts: bool = True,
    rates: Any = None,
    exchange_rates: ExchangeRates | None = None,
) -> tuple[tuple[GroupedProcedure, ...], dict[str, Decision]]:
    """Group one debtor's claims that start a legal route today into one procedure each.

    Args:
        candidates: One debtor's claims whose decision is a legal route (or what the
            cost guard decided instead), as decided; those that do not reach the
            jurisdiction's legal route when evaluated again are left alone.
        with_amounts: As in `next_action`.
        rates: As in `next_action`.
        exchange_rates: As in `next_action`.

    Returns:
        The grouped procedures (groups of two claims or more), and the new decision of
        each grouped claim by claim id.
    """
    groups: dict[tuple[str, str, str, str], list[_AtRoute]] = {}
    for candidate in candidates:
        claim, decision = candidate.claim, candidate.decision
        if claim.events_of(LegalAction, as_of=decision.as_of):
            continue
        at = _at_route(
            claim,
            decision,
            candidate.policy,
            candidate.segment,
            with_amounts=with_amounts,
            rates=rates,
            exchange_rates=exchange_rates,
        )
        if at is None:
            continue
        key = (claim.creditor.id, claim.amount.currency, claim.jurisdiction, claim.nature.value)
        groups.setdefault(key, []).append(at)
    procedures: list[GroupedProcedure] = []
    changed: dict[str, Decision] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        procedure, decisions = _one_procedure(members)
        procedures.append(procedure)
        changed.update(decisions)
    return tuple(procedures), changed


def _one_procedure(members: list[_AtRoute]) -> tuple[GroupedProcedure, dict[str, Decision]]:
    """The procedure of one group, and each member's decision pointing to it."""
    owed = [_owed(at) for at in members]
    principal = sum((o[0] for o in owed), Decimal(0))
    interest = sum((o[1] for o in owed), Decimal(0))
    total = sum((o[2] for o in owed), Decimal(0))
    first = members[0]
    currency = first.claim.amount.currency
    ids = tuple(at.claim.id for at in members)
    total_money = Money._unchecked(total, currency)
    grouped = Reason._unchecked(
        "grouped.procedure",
        f"Grouped with {len(members) - 1} other claim(s) of this debtor: one procedure for "
        f"{len(members)} claims ({', '.join(ids)}), total {total_money.round()} (principal "
        f"{Money._unchecked(principal, currency).round()}, interest "
        f"{Money._unchecked(interest, currency).round()}); its route and cost are weighed on "
        "the total, not claim by claim",
        facts={"claims": list(ids), "total": total_money.round()},
    )
    facts = first.facts._replace(
        amount=total,
        with_amounts=False,
        notes=(),
        disputed_rejected=any(at.facts.disputed_rejected for at in members),
    )
    rules = first.facts.rules
    assert rules.group_route is not None
    group = rules.group_route(facts, first.step, [grouped], principal, interest)
    procedure = GroupedProcedure(
        creditor_id=first.claim.creditor.id,
        action=group.action,
        claim_ids=ids,
        principal=Money._unchecked(principal, currency),
        interest=Money._unchecked(interest, currency),
        total=total_money,
        reasons=group.reasons,
    )
    decisions: dict[str, Decision] = {}
    for at in members:
        own = at.facts.decide(
            group.action,
            [*at.reasons, *group.reasons],
            on=group.on.toordinal(),
            step=group.step,
            channel=group.channel,
            tone=group.tone,
            deadline=group.deadline,
        )
        decisions[at.claim.id] = own
    return procedure, decisions
