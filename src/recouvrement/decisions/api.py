"""`next_action`, `next_actions` and `debtor_actions`: the public entry points."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Literal

import attrs
import pendulum

from .._convert import to_date
from ..actions import ACTIONS, Action
from ..claims import Claim
from ..errors import InvalidType
from ..explain import Reason
from ..fx import ExchangeRates
from ..money import Money
from ..policy import EscalationPolicy, Tone
from ..segments import Segment
from .engine import Facts, collection_rules, decide
from .grouping import Candidate, group_procedures
from .guards import guard_chain
from .inputs import evaluate, policy_of, resolve_policy, segment_of
from .plans import check_claim
from .records import DebtorAction, Decision, GroupedProcedure

__all__ = ["debtor_actions", "next_action", "next_actions"]


def next_action(
    claim: Claim,
    *,
    as_of: Any,
    policy: EscalationPolicy | None = None,
    profile: Any = None,
    with_amounts: bool = True,
    rates: Any = None,
    exchange_rates: Any = None,
) -> Decision:
    """Decide what to do about ``claim`` on ``as_of``, and why.

    Args:
        claim: The [`Claim`][recouvrement.Claim].
        as_of: The day of the decision; only what is dated on or before it counts.
        policy: The [`EscalationPolicy`][recouvrement.policy.EscalationPolicy] (the
            default French ladder when ``None``; see `resolve_policy` for per-claim and
            per-debtor policies).
        profile: The debtor's `DebtorProfile` or [`Segment`][recouvrement.Segment], whose
            track the ladder follows; ``None`` for the ladder without segment.
        with_amounts: Compute the amounts due for acting decisions (the costliest part).
            Without them, thresholds and the cost guard use the outstanding principal.
        rates: Your own rate tables for the amounts due (a
            [`RateTable`][recouvrement.RateTable] or several), as `amounts_due` takes
            them: for example a newly published half-year.
        exchange_rates: Your exchange rates (an
            [`ExchangeRates`][recouvrement.fx.ExchangeRates] or a mapping of ISO code
            -> the value in euros of one unit, ``{"JPY": Decimal("0.0060")}``), to compare
            a claim in another currency with thresholds and policy amounts in euros.
            Without one, those rules say they cannot decide rather than compare yen with
            euros.

    Returns:
        The [`Decision`][recouvrement.decisions.Decision].

    Raises:
        InvalidType: ``claim``, ``policy`` or ``profile`` of the wrong type.
        InvalidValue: A bad ``as_of``.
        UnsupportedJurisdiction: The claim is not under French law.

    Examples:
        >>> from recouvrement.sample import sample_claim
        >>> claim = sample_claim()
        >>> d = next_action(claim, as_of="2025-02-10")
        >>> d.action.value, str(d.on)
        ('none', '2025-02-19')
        >>> d = next_action(claim, as_of="2025-03-20")
        >>> d.action.value, d.step, d.channel.value
        ('reminder', 'written', 'letter')
        >>> d = next_action(claim, as_of="2025-03-20", profile="habitually_late")
        >>> d.action.value, d.step, d.channel.value
        ('reminder', 'registered', 'registered_letter')
    """
    claim = check_claim(claim)
    day = to_date(as_of, "as_of")
    if not isinstance(with_amounts, bool):
        raise InvalidType("with_amounts", with_amounts, "bool")
    return _decide_checked(
        claim,
        day,
        policy_of(policy),
        None if profile is None else segment_of(profile),
        with_amounts,
        rates,
        None if exchange_rates is None else ExchangeRates.of(exchange_rates),
    )


def _decide_checked(
    claim: Claim,
    day: pendulum.Date,
    policy: EscalationPolicy,
    segment: Segment | None,
    with_amounts: bool = True,
    rates: Any = None,
    exchange_rates: ExchangeRates | None = None,
) -> Decision:
    """Internal: `next_action` for arguments already checked and converted (``claim`` a
    `Claim`, ``day`` a `pendulum.Date`, ``policy`` and ``segment`` resolved): what
    `batch` calls once a claim, with the day and the policy of the whole batch.

    Raises:
        UnsupportedJurisdiction: No collection rules for the claim's jurisdiction.
    """
    rules = collection_rules(claim.jurisdiction)
    facts = Facts._start(claim, day, policy, segment, rules, with_amounts, rates, exchange_rates)
    return decide(facts, guard_chain(rules))


def next_actions(
    claims: Iterable[Claim],
    *,
    as_of: Any,
    policy: EscalationPolicy | None = None,
    profiles: Mapping[str, Any] | Literal["auto"] | None = None,
    policies: Mapping[str, EscalationPolicy] | None = None,
    debtor_policies: Mapping[str, EscalationPolicy] | None = None,
    with_amounts: bool = True,
    rates: Any = None,
    exchange_rates: Any = None,
) -> Iterator[Decision]:
    """Decide for every claim of a portfolio, lazily, in input order.

    Args:
        claims: The claims.
        as_of: The day of the decisions.
        policy: The default policy.
        profiles: Profiles (or segments) by debtor id, or ``"auto"`` to profile every
            debtor from its claims with `recouvrement.profiling.profile_debtors` (this
            reads all the claims first).
        policies: Policies by claim id (win over ``debtor_policies``).
        debtor_policies: Policies by debtor id.
        with_amounts: As in `next_action`.
        rates: As in `next_action`.
        exchange_rates: As in `next_action`.

    Examples:
        >>> from collections import Counter
        >>> from recouvrement.sample import load_sample
        >>> sample = load_sample()
        >>> counts = Counter(d.action.value for d in next_actions(sample.claims,
        ...                                                       as_of=sample.as_of))
        >>> counts["close"] > 100
        True
    """
    day = to_date(as_of, "as_of")
    default = policy_of(policy)
    fx = ExchangeRates.of(exchange_rates)
    resolved: Mapping[str, Any] | None
    if profiles == "auto":
        from ..profiling import profile_debtors

        claims = tuple(claims)
        resolved = profile_debtors(claims, as_of=day)
    elif profiles is None or isinstance(profiles, Mapping):
        resolved = profiles
    else:
        raise InvalidType("profiles", profiles, "a mapping of debtor id -> profile, 'auto' or None")
    segments: dict[str, Segment | None] = {}
    ordinal = day.toordinal()
    for claim in claims:
        claim = check_claim(claim)
        chosen = default
        if policies is not None or debtor_policies is not None:
            chosen = resolve_policy(
                claim, policy=default, policies=policies, debtor_policies=debtor_policies
            )
        segment: Segment | None = None
        if resolved is not None:
            debtor = claim.debtor.id
            if debtor in segments:
                segment = segments[debtor]
            else:
                segment = segments[debtor] = segment_of(resolved.get(debtor))
        yield evaluate(
            claim,
            ordinal,
            chosen,
            segment,
            with_amounts=with_amounts,
            rates=rates,
            as_of=day,
            exchange_rates=fx,
        )


# The communications grouped for one debtor, by rank (from the action table).
_COMMUNICATION_RANK = {a: s.rank for a, s in ACTIONS.items() if s.communication}
_ROUTE_ACTIONS = frozenset(a for a, s in ACTIONS.items() if s.route is not None)
# What the cost guard decides instead of a route too dear for one claim.
_COST_ACTIONS = frozenset({Action.AGENCY_HANDOVER, Action.WAIT, Action.WRITE_OFF})
_TONE_RANK = {Tone.COURTEOUS: 1, Tone.FIRM: 2, Tone.FORMAL: 3, Tone.LEGAL: 4, None: 0}


def debtor_actions(
    claims: Iterable[Claim],
    *,
    as_of: Any,
    policy: EscalationPolicy | None = None,
    profiles: Mapping[str, Any] | Literal["auto"] | None = None,
    policies: Mapping[str, EscalationPolicy] | None = None,
    debtor_policies: Mapping[str, EscalationPolicy] | None = None,
    with_amounts: bool = True,
    rates: Any = None,
    exchange_rates: Any = None,
) -> tuple[DebtorAction, ...]:
    """Group each debtor's claims into one communication at the highest step reached.

    Every claim is decided with `next_actions`; the claims with a communication due now
    (reminder, payment-plan offer, suspension of deliveries, formal notice) are covered by
    one communication at the highest of their steps (by action, then tone, then ladder
    position); other overdue claims waiting for a ladder step are listed in
    ``also_overdue``. Claims that start a legal route today, with the same creditor,
    currency and nature and no legal action recorded yet, are grouped into one procedure
    (``procedures``) whose route and cost are weighed on their total: each one's decision
    then proposes that route and says so. Declarations, closures, waits stay claim by
    claim in ``decisions``. When you send the grouped communication, record it on each covered
    claim (``Reminder(step=...)``, `FormalNotice`...). The other keywords are as in
    `next_actions`.

    Returns:
        One [`DebtorAction`][recouvrement.decisions.DebtorAction] per debtor, by debtor id.

    Examples:
        >>> from recouvrement.sample import load_sample
        >>> sample = load_sample()
        >>> grouped = debtor_actions(sample.claims, as_of=sample.as_of)
        >>> len(grouped), all(g.claim_ids or g.action.value == "none" for g in grouped)
        (40, True)
    """
    claims = tuple(claims)
    fx = ExchangeRates.of(exchange_rates)
    decisions = list(
        next_actions(
            claims,
            as_of=as_of,
            policy=policy,
            profiles=profiles,
            policies=policies,
            debtor_policies=debtor_policies,
            with_amounts=with_amounts,
            rates=rates,
            exchange_rates=fx,
        )
    )
    day = to_date(as_of, "as_of")
    by_debtor: dict[str, list[tuple[Claim, Decision]]] = {}
    for claim, decision in zip(claims, decisions, strict=True):
        by_debtor.setdefault(claim.debtor.id, []).append((claim, decision))
    default = policy_of(policy)
    found: list[DebtorAction] = []
    for debtor_id in sorted(by_debtor):
        pairs = by_debtor[debtor_id]
        candidates = [
            Candidate(
                c,
                d,
                resolve_policy(
                    c, policy=default, policies=policies, debtor_policies=debtor_policies
                ),
                d.segment,
            )
            for c, d in pairs
            if d.on <= day
            and (
                d.action in _ROUTE_ACTIONS
                or (d.action in _COST_ACTIONS and any(r.code == "guard.cost" for r in d.reasons))
            )
        ]
        procedures: tuple[GroupedProcedure, ...] = ()
        if len(candidates) > 1:
            procedures, changed = group_procedures(
                candidates, with_amounts=with_amounts, rates=rates, exchange_rates=fx
            )
            pairs = [(c, changed.get(c.id, d)) for c, d in pairs]
        grouped = _grouped(debtor_id, pairs, day)
        found.append(attrs.evolve(grouped, procedures=procedures) if procedures else grouped)
    return tuple(found)


def _grouped(
    debtor_id: str, pairs: list[tuple[Claim, Decision]], day: pendulum.Date
) -> DebtorAction:
    """One debtor's grouped communication, from its claims' decisions."""
    due_now = [(c, d) for c, d in pairs if d.action in _COMMUNICATION_RANK and d.on <= day]
    waiting = tuple(
        c.id
        for c, d in pairs
        if d.action is Action.WAIT
        and d.step is not None
        and c.due_on < day
        and not any(c.id == x.id for x, _ in due_now)
        and any(r.code == "ladder.wait" for r in d.reasons)
    )
    earliest = min((d.on for _, d in pairs if d.on > day), default=day)
    if not due_now:
        return DebtorAction(
            debtor_id=debtor_id,
            as_of=day,
            action=Action.NONE,
            on=earliest,
            channel=None,
            step=None,
            tone=None,
            claim_ids=(),
            also_overdue=waiting,
            total=None,
            decisions=tuple(d for _, d in pairs),
        )

    def rank(pair: tuple[Claim, Decision]) -> tuple[int, int]:
        d = pair[1]
        return (_COMMUNICATION_RANK[d.action], _TONE_RANK[d.tone])

    top_claim, top = max(due_now, key=rank)
    currencies = {c.amount.currency for c, _ in due_now}
    total: Money | None = None
    if len(currencies) == 1:
        total = sum(
            (
                (d.amounts.total if d.amounts is not None else c.outstanding(as_of=day))
                for c, d in due_now
            ),
            Money.zero(currencies.pop()),
        )
    return DebtorAction(
        debtor_id=debtor_id,
        as_of=day,
        action=top.action,
        on=day,
        channel=top.channel,
        step=top.step,
        tone=top.tone,
        claim_ids=tuple(c.id for c, _ in due_now),
        also_overdue=waiting,
        total=total,
        decisions=tuple(d for _, d in pairs),
        reasons=(
            Reason(
                "grouped.highest_step",
                f"One {top.action.value.replace('_', ' ')} for {len(due_now)} claim(s), at the "
                f"highest step reached ('{top.step}' of claim {top_claim.id})",
                facts={"claims": [c.id for c, _ in due_now]},
            ),
        ),
    )
