"""Policy amounts in another currency than the claim's: converted, or said not applied.

A policy with a ``currency`` (the default French policy states its amounts in euros)
is compared with a claim in another currency only through the caller's
``exchange_rates`` (`recouvrement.fx.ExchangeRates`); without a rate the minimum, the
write-off limit and the costs are not applied to the claim, and the decision says so
rather than comparing 5.00 EUR with 5 yen.

Examples:
    >>> from decimal import Decimal
    >>> import attrs
    >>> from recouvrement.decisions import next_action
    >>> from recouvrement.money import Money
    >>> from recouvrement.sample import sample_claim
    >>> claim = attrs.evolve(sample_claim(), amount=Money(100000, "JPY"), events=())
    >>> d = next_action(claim, as_of="2025-03-20")
    >>> [r.code for r in d.reasons if r.code.startswith("policy.currency")]
    ['policy.currency.no_rate']
    >>> d = next_action(claim, as_of="2025-03-20", exchange_rates={"JPY": Decimal("0.0060")})
    >>> [r.code for r in d.reasons if r.code.startswith("policy.currency")]
    ['policy.currency.converted']
"""

from __future__ import annotations

from ..explain import Reason
from .engine import Facts

__all__ = ["policy_currency"]

# Every reason here has a literal code and a non-empty message: skip the validators.
_reason = Reason._unchecked


def policy_currency(facts: Facts) -> Facts | None:
    """5c. A policy in another currency: note the rate used, or that its amounts are not applied."""
    source, target = facts.policy.currency, facts.claim.amount.currency
    if source is None or source == target:
        return None
    rates = facts.exchange_rates
    rate = None if rates is None else rates.rate(target, source)
    if rate is None:
        note = _reason(
            "policy.currency.no_rate",
            f"The policy's amounts are in {source} and no exchange rate for {target} was "
            f"supplied: its minimum, write-off limit and costs are not applied to this "
            f"{target} claim (pass exchange_rates=...)",
            facts={"policy_currency": source, "claim_currency": target},
        )
    else:
        note = _reason(
            "policy.currency.converted",
            f"The policy's amounts in {source} are compared with this {target} claim at the "
            f"exchange rate supplied: 1 {target} = {rate.normalize():f} {source}",
            facts={"policy_currency": source, "claim_currency": target, "rate": rate},
        )
    return facts.noted(note)
