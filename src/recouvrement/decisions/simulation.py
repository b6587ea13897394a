"""What-if timelines: every decided action carried out on its date, nothing paid."""

from __future__ import annotations

from typing import Any

import attrs

from .._convert import to_date
from .._dates import iso as _iso
from ..actions import ACTIONS, Action
from ..claims import Claim
from ..errors import InvalidType, InvalidValue
from ..events import Channel, FormalNotice, Judgment, LegalAction, Reminder
from ..policy import EscalationPolicy
from .inputs import evaluate, policy_of, segment_of
from .plans import check_claim
from .records import Decision

__all__ = ["simulate"]

_SERVE_JUDGMENT = "serve_judgment"


_REPLAYS = ("none", "recorded")


def _cure_days(decision: Decision, policy: EscalationPolicy) -> int:
    """The cure period the decision itself announced (its deadline), as `next_action` does.

    Falls back on the policy's default: never on a step of the same id in another track.
    """
    if decision.deadline is not None and decision.deadline >= decision.on:
        return decision.deadline.toordinal() - decision.on.toordinal()
    return policy.default_cure_days


def _as_it_stood(claim: Claim, day: int) -> Claim:
    """The claim with nothing recorded after ``day``: the premise "if nothing is paid"."""
    return attrs.evolve(
        claim,
        payments=tuple(p for p in claim.payments if p.on.toordinal() <= day),
        credit_notes=tuple(c for c in claim.credit_notes if c.on.toordinal() <= day),
        events=tuple(e for e in claim.events if e.date.toordinal() <= day),
    )


def _event_for(decision: Decision, policy: EscalationPolicy) -> Any:
    """The event carrying ``decision`` out (the ``simulated`` of its `ActionSpec`)."""
    on = decision.on
    spec = ACTIONS[decision.action]
    kind = spec.simulated
    if kind is None:
        return None
    if kind is Reminder:
        channel = decision.channel or spec.default_channel or Channel.LETTER
        return Reminder(on=on, channel=channel, step=decision.step)
    if kind is FormalNotice:
        return FormalNotice(on=on, cure_days=_cure_days(decision, policy))
    if kind is LegalAction:
        return LegalAction(kind=spec.route, filed_on=on)
    if decision.action is Action.ENFORCEMENT and decision.step == _SERVE_JUDGMENT:
        return _SERVE_JUDGMENT
    return kind(on=on)


def simulate(
    claim: Claim,
    *,
    start: Any,
    end: Any,
    policy: EscalationPolicy | None = None,
    profile: Any = None,
    with_amounts: bool = True,
    rates: Any = None,
    replay: str = "none",
) -> tuple[Decision, ...]:
    """The timeline of decisions from ``start`` to ``end`` if every decided action is
    carried out on its date and nothing is paid (a what-if).

    Each acting decision is applied to the claim as an event on its date (a `Reminder`
    with the step id, a `FormalNotice` with the step's cure period, a `LegalAction`, a
    `ClaimDeclaration`, an `EnforcementAct`, a `WriteOff`...); waiting decisions jump to
    their ``on`` date. Decisions whose outcome depends on others (resolve a dispute, ask
    for relief from foreclosure, interrupt prescription) add no event: they are listed once
    and looked at again after the policy's ``review_days``. The timeline stops at `CLOSE`
    or `WRITE_OFF`. Courts and debtors do nothing: a small-claims invitation is refused by
    silence after a month, a payment order stays unserved. ``with_amounts`` and ``rates``
    are as in `next_action`.

    The premise is explicit: with ``replay="none"`` (the default) nothing recorded after
    ``start`` counts (no payment, credit note or event dated later), so the timeline is
    what happens *if nothing is paid from* ``start``; with ``replay="recorded"`` the
    payments and events recorded after ``start`` are replayed on their dates. The first
    acting decision on ``start`` is the one `next_action` gives on that day (same action,
    step and deadline: a formal notice's cure period is the deadline it announced).

    Returns:
        The acting decisions, in date order.

    Examples:
        >>> from recouvrement.sample import sample_claim
        >>> claim = sample_claim()
        >>> timeline = simulate(claim.__class__(id="X", creditor=claim.creditor,
        ...     debtor=claim.debtor, nature="commercial", amount="1500",
        ...     issued_on="2025-01-15", due_on="2025-02-14"),
        ...     start="2025-02-01", end="2025-12-31", with_amounts=False)
        >>> [(str(d.on), d.action.value, d.step) for d in timeline]  # doctest: +NORMALIZE_WHITESPACE
        [('2025-02-19', 'reminder', 'courteous'), ('2025-03-01', 'reminder', 'firm'),
         ('2025-03-11', 'reminder', 'written'), ('2025-03-21', 'formal_notice', 'formal_notice'),
         ('2025-03-30', 'small_claims_procedure', 'legal'), ('2025-05-01', 'payment_order', 'legal')]
    """
    if not isinstance(with_amounts, bool):
        raise InvalidType("with_amounts", with_amounts, "bool")
    if replay not in _REPLAYS:
        raise InvalidValue("replay", replay, f"one of {', '.join(_REPLAYS)}")
    claim = check_claim(claim)
    if replay == "none":
        claim = _as_it_stood(claim, to_date(start, "start").toordinal())
    return _simulate(
        claim,
        start=start,
        end=end,
        policy=policy,
        profile=profile,
        with_amounts=with_amounts,
        rates=rates,
    )


def _simulate(
    claim: Claim,
    *,
    start: Any,
    end: Any,
    policy: Any,
    profile: Any,
    with_amounts: bool = True,
    rates: Any = None,
) -> tuple[Decision, ...]:
    claim = check_claim(claim)
    first = to_date(start, "start").toordinal()
    last = to_date(end, "end").toordinal()
    if last < first:
        raise InvalidValue("end", end, f"must not be before start ({_iso(first)})")
    chosen = policy_of(policy)
    segment = segment_of(profile)
    current = claim
    timeline: list[Decision] = []
    last_key: tuple[Action, str | None] | None = None
    t = first
    while t <= last:
        decision = evaluate(current, t, chosen, segment, with_amounts=with_amounts, rates=rates)
        action = decision.action
        if action is Action.NONE or action is Action.WAIT:
            t = max(t + 1, decision.on.toordinal())
            continue
        key = (action, decision.step)
        if action is Action.CLOSE:
            if key != last_key:
                timeline.append(decision)
            break
        event = _event_for(decision, chosen)
        if event is None:
            if key != last_key:
                timeline.append(decision)
            last_key = key
            t += chosen.review_days
            continue
        timeline.append(decision)
        last_key = key
        if event == _SERVE_JUDGMENT:
            events = tuple(
                attrs.evolve(e, served_on=decision.on)
                if isinstance(e, Judgment) and (e.served_on is None or e.served_on > decision.on)
                else e
                for e in current.events
            )
        else:
            events = (*current.events, event)
        current = attrs.evolve(current, events=events)
        if action is Action.WRITE_OFF:
            break
        t += 1
    return tuple(timeline)
