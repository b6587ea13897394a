"""The cost guard: stop a step that costs more than it is expected to recover."""

from __future__ import annotations

from decimal import Decimal

from .._convert import from_ordinal
from .._dates import iso as _iso
from ..actions import Action
from ..events import AgencyHandover
from ..explain import Reason
from ..interest import AmountsDue
from ..policy import PolicyStep
from .agency import mandate
from .engine import Facts
from .records import Decision

__all__ = ["cost_guard"]

# Every reason here has a literal code and a non-empty message: skip the validators.
_reason = Reason._unchecked


def cost_guard(
    facts: Facts,
    cost: Decimal,
    what: str,
    amounts: AmountsDue | None,
    step: PolicyStep | None,
) -> Decision | None:
    """When ``what`` costs more than its expected recovery: agency, wait for it, or write off.

    Used by the ladder and by the jurisdiction's legal guards before a costly step; the
    article on who bears the costs is the jurisdiction's ``collection_costs``.
    """
    policy = facts.policy
    converted = facts.policy_amount(cost)
    if converted is None:
        return None  # no exchange rate: the policy_currency note says the cost is not weighed
    cost = converted
    base = amounts.total.amount if amounts is not None else facts.amount
    expected = base * policy.expected_recovery_percent / 100
    if cost <= expected:
        return None
    currency = facts.claim.amount.currency
    reason = _reason(
        "guard.cost",
        f"The {what} would cost {cost} {currency}, more than the expected recovery "
        f"{expected.quantize(Decimal('0.01'))} {currency} ({policy.expected_recovery_percent}% "
        f"of {base}){facts.rules.costs_note}",
        citation=facts.rules.citations.get("collection_costs"),
        facts={"cost": cost, "expected_recovery": expected},
    )
    handed = facts.history.of(AgencyHandover)
    if policy.agency_on_cost and not handed:
        hand = _reason(
            "guard.cost.agency", "Hand the claim to a collection agency, paid on success"
        )
        return facts.decide(
            Action.AGENCY_HANDOVER,
            [reason, hand],
            amounts=amounts,
            step=step.id if step is not None else None,
        )
    running = mandate(facts)
    if running is not None:
        since, end = running[0].on.toordinal(), running[1]
        working = _reason(
            "guard.cost.agency_working",
            f"With the collection agency since {_iso(since)}: give it until {_iso(end)}",
            facts={"handed_over": from_ordinal(since)},
        )
        return facts.decide(Action.WAIT, [reason, working], on=end + 1)
    return facts.decide(Action.WRITE_OFF, [reason], amounts=amounts)
