"""Reading `next_action`'s inputs (policy, profile) and running one evaluation."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pendulum

from .._convert import from_ordinal, to_enum
from ..claims import Claim
from ..errors import InvalidType
from ..fx import ExchangeRates
from ..policy import EscalationPolicy
from ..segments import Segment
from .engine import Facts, collection_rules, decide
from .guards import guard_chain
from .records import Decision

__all__ = ["evaluate", "policy_of", "resolve_policy", "segment_of"]


def evaluate(
    claim: Claim,
    day: int,
    policy: EscalationPolicy,
    segment: Segment | None,
    *,
    with_amounts: bool = True,
    rates: Any = None,
    as_of: pendulum.Date | None = None,
    exchange_rates: Any = None,
) -> Decision:
    """Decide about ``claim`` on the ordinal ``day``: build the `Facts`, run the chain.

    ``as_of``, when given, is the `pendulum.Date` of ``day``.
    """
    rules = collection_rules(claim.jurisdiction)
    facts = Facts._start(
        claim,
        from_ordinal(day) if as_of is None else as_of,
        policy,
        segment,
        rules,
        with_amounts,
        rates,
        ExchangeRates.of(exchange_rates),
    )
    return decide(facts, guard_chain(rules))


def segment_of(profile: Any) -> Segment | None:
    if profile is None:
        return None
    if isinstance(profile, Segment):
        return profile
    if isinstance(profile, str):
        return to_enum(Segment, profile, "profile")
    segment = getattr(profile, "segment", None)
    if isinstance(segment, Segment):
        return segment
    raise InvalidType("profile", profile, "a DebtorProfile, a Segment or None")


def policy_of(policy: Any) -> EscalationPolicy:
    if policy is None:
        return EscalationPolicy.default()
    if isinstance(policy, EscalationPolicy):
        return policy
    if isinstance(policy, Mapping):
        return EscalationPolicy.from_dict(policy)
    raise InvalidType("policy", policy, "an EscalationPolicy, a dict or None")


def resolve_policy(
    claim: Claim,
    *,
    policy: EscalationPolicy | None = None,
    policies: Mapping[str, EscalationPolicy] | None = None,
    debtor_policies: Mapping[str, EscalationPolicy] | None = None,
) -> EscalationPolicy:
    """The policy that applies to ``claim``: the claim's, else the debtor's, else the default.

    Args:
        claim: The claim.
        policy: The fallback policy (`EscalationPolicy.default()` when ``None``).
        policies: Policies by claim id.
        debtor_policies: Policies by debtor id.

    Examples:
        >>> from recouvrement.sample import sample_claim
        >>> from recouvrement.policy import EscalationPolicy
        >>> strict = EscalationPolicy.default().ladder("bad_faith")
        >>> custom = EscalationPolicy(name="strict", steps=strict)
        >>> resolve_policy(sample_claim(), debtor_policies={"MARTIN": custom}).name
        'strict'
        >>> resolve_policy(sample_claim()).name
        'fr-default'
    """
    if policies is not None:
        found = policies.get(claim.id)
        if found is not None:
            return policy_of(found)
    if debtor_policies is not None:
        found = debtor_policies.get(claim.debtor.id)
        if found is not None:
            return policy_of(found)
    return policy_of(policy)
