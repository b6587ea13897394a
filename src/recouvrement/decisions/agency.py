"""The agency mandate: while a collection agency holds the claim, in-house chasing waits.

A manual `AgencyHandover` gives the claim to an agency (cabinet de recouvrement) for a
mandate: from its ``on`` to its ``until`` (or for the policy's ``agency_days`` when no end
was agreed), unless the agency returns the claim first (``returned_on``). Meanwhile the
creditor's own reminders, calls, formal notice and legal route wait (a `Stay`): two
collectors chasing one debtor in parallel contradict each other. The prescription guards
still apply (an agency's letters do not interrupt prescription), and the decision states
the agency's fee from the policy's ``agency_fee`` schedule (the rate of the mandate when it
records one), which the creditor bears (the jurisdiction's ``collection_costs`` article).

Examples:
    >>> import attrs
    >>> from recouvrement.decisions import next_action
    >>> from recouvrement.events import AgencyHandover
    >>> from recouvrement.sample import sample_claim
    >>> claim = sample_claim()
    >>> handover = AgencyHandover(on="2025-04-01", until="2025-06-30")
    >>> claim = attrs.evolve(claim, events=(*claim.events, handover))
    >>> d = next_action(claim, as_of="2025-05-15")
    >>> d.action.value, str(d.on)
    ('wait', '2025-07-01')
"""

from __future__ import annotations

from decimal import Decimal

from .._convert import from_ordinal
from .._dates import iso as _iso
from ..events import AgencyHandover
from ..explain import Reason
from ..money import Money
from .engine import Facts, Stay, reads

__all__ = ["agency_fee_reason", "agency_mandate", "mandate"]

# Every reason here has a literal code and a non-empty message: skip the validators.
_reason = Reason._unchecked
_CENT = Decimal("0.01")


def mandate(facts: Facts) -> tuple[AgencyHandover, int] | None:
    """The agency mandate running on the day, with its last day (an ordinal), if any.

    The latest handover runs to its ``until``, else for the policy's ``agency_days``; a
    claim returned (``returned_on``) ends it the day before.
    """
    handed = facts.history.of(AgencyHandover)
    if not handed:
        return None
    last = max(handed, key=lambda h: h.on)
    start = last.on.toordinal()
    end = last.until.toordinal() if last.until is not None else start + facts.policy.agency_days
    returned = _return_day(last, facts.day)
    if returned is not None:
        end = min(end, returned - 1)
    return (last, end) if start <= facts.day <= end else None


def _return_day(handover: AgencyHandover, day: int) -> int | None:
    """The day the claim was returned, if on or before ``day`` (a later return is not
    known on ``day``)."""
    returned = handover.returned_on
    return None if returned is None or returned.toordinal() > day else returned.toordinal()


@reads(AgencyHandover)
def agency_mandate(facts: Facts) -> Facts | None:
    """3b. An agency mandate running: in-house actions wait until it ends (a `Stay`)."""
    running = mandate(facts)
    if running is None:
        return None
    handover, end = running
    who = f"the collection agency {handover.agency}" if handover.agency else "a collection agency"
    until = (
        f"until {_iso(end)}"
        if handover.until is not None or _return_day(handover, facts.day) is not None
        else f"until {_iso(end)} ({facts.policy.agency_days} days, the policy's agency_days: "
        "no end recorded)"
    )
    held = _reason(
        "guard.agency_mandate",
        f"The claim is with {who} since {handover.on.isoformat()}, mandate {until}: in-house "
        "reminders, calls, formal notice and legal action wait until the mandate ends or the "
        "claim is returned (record returned_on)",
        facts={"handed_over": handover.on, "mandate_ends": from_ordinal(end)},
    )
    reasons = (held, agency_fee_reason(facts, handover))
    stay = facts.stay
    if stay is None:
        return facts.noted(stay=Stay(reasons=reasons, on=end + 1))
    merged = Stay(
        reasons=stay.reasons + reasons, on=min(stay.on, end + 1), close_notes=stay.close_notes
    )
    return facts.noted(stay=merged)


def agency_fee_reason(facts: Facts, handover: AgencyHandover) -> Reason:
    """The agency's fee on what the claim owes: rate x amount, within the floor and cap."""
    schedule = facts.policy.agency_fee
    currency = facts.claim.amount.currency
    citation = facts.rules.citations.get("collection_costs")
    rate = handover.fee_rate if handover.fee_rate is not None else None
    if schedule is None and rate is None:
        return _reason(
            "guard.agency_mandate.fee",
            "No agency fee schedule in the policy (agency_fee) nor rate on the mandate: the "
            "fee, borne by the creditor, is not estimated",
            citation=citation,
        )
    amounts = facts.optional_amounts()
    # On what the claim owes: the amounts due (principal, interest, indemnity), else the
    # outstanding principal when amounts are not computed.
    base = amounts.total if amounts is not None else Money._unchecked(facts.amount, currency)
    if rate is None:
        assert schedule is not None
        rate = schedule.rate
    source = "the mandate's rate" if handover.fee_rate is not None else "the policy's agency_fee"
    fee = base.amount * rate / 100
    bounds: list[str] = []
    if schedule is not None:
        for name, value in (("minimum", schedule.minimum), ("maximum", schedule.maximum)):
            if value is None:
                continue
            converted = facts.policy_amount(value)
            shown = f"{value} {facts.policy.currency or currency}"
            if converted is None:
                bounds.append(f"{name} {shown} not applied: no exchange rate for {currency}")
                continue
            bounds.append(f"{name} {shown}")
            if (name == "minimum" and fee < converted) or (name == "maximum" and fee > converted):
                fee = converted
    amount = Money._unchecked(fee, currency).round()
    extra = f" ({'; '.join(bounds)})" if bounds else ""
    return _reason(
        "guard.agency_mandate.fee",
        f"Agency fee {amount}: {rate}% ({source}) of {base.round()} owed{extra}; the creditor "
        "bears it, the debtor does not",
        citation=citation,
        facts={"fee": amount, "rate": rate, "on": base},
    )
