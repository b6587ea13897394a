"""The one rule for holding deliveries: when a customer's deliveries stand suspended.

Both sides of the house ask the same question. The collections side (`next_action`) climbs
its escalation ladder and, at the ladder's ``suspend_deliveries`` step, decides to suspend
deliveries (`Action.SUSPEND_DELIVERIES`), which is then recorded on the claim as a
`DeliverySuspension`. The sales side (`check_order`) must not release an order to the same
customer meanwhile. `deliveries_held` is the single predicate both call: deliveries to a
customer are held on a day when one of its claims still open that day

1. carries a `DeliverySuspension` dated on or before that day and not lifted by then, or
2. has reached its ladder's suspension step: ``next_action`` returned
   ``SUSPEND_DELIVERIES`` for it (its id is in ``suspend_due``), not yet recorded.

A settled claim holds nothing (the arrears are paid, the suspension has served its purpose),
and a lifted suspension holds nothing. Suspending deliveries is a policy step, i.e.
collections practice: the reasons say so.

Examples:
    >>> from recouvrement import Claim, Creditor, Debtor, DeliverySuspension
    >>> acme = Creditor(id="ACME", name="Acme SAS", kind="professional")
    >>> client = Debtor(id="D1", name="Martin SARL", kind="professional")
    >>> claim = Claim(id="F1", creditor=acme, debtor=client, nature="commercial",
    ...               amount="1000.00", issued_on="2025-01-10",
    ...               events=[DeliverySuspension(on="2025-03-01")])
    >>> [r.code for r in deliveries_held([claim], as_of="2025-03-15")]
    ['hold.suspension_in_force']
    >>> deliveries_held([claim], as_of="2025-02-15")
    ()
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .._convert import DateLike, to_date
from ..claims import Claim
from ..errors import InvalidType
from ..events import DeliverySuspension
from ..explain import Reason

__all__ = ["deliveries_held"]


def _claims(value: Any) -> list[Claim]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise InvalidType("claims", value, "an iterable of Claim")
    items = list(value)
    for index, item in enumerate(items):
        if not isinstance(item, Claim):
            raise InvalidType(f"claims[{index}]", item, "Claim")
    return items


def _ids(value: Any) -> frozenset[str]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise InvalidType("suspend_due", value, "an iterable of claim ids")
    ids = frozenset(value)
    for item in ids:
        if not isinstance(item, str):
            raise InvalidType("suspend_due", item, "a claim id (str)")
    return ids


def deliveries_held(
    claims: Iterable[Claim], *, as_of: DateLike, suspend_due: Iterable[str] = ()
) -> tuple[Reason, ...]:
    """Whether deliveries to a customer are held on ``as_of``, and why (empty: not held).

    This is the one rule behind both `next_action`'s ``SUSPEND_DELIVERIES`` and
    `check_order`'s hold: see the module documentation.

    Args:
        claims: The customer's claims (any order; the claims of other customers are not
            filtered out, pass one customer's claims).
        as_of: The day asked about.
        suspend_due: The ids of the claims for which the escalation ladder has reached its
            suspension step today (``next_action(...).action is Action.SUSPEND_DELIVERIES``).

    Returns:
        One reason per claim that holds deliveries, by claim id; an empty tuple when
        deliveries may go on.

    Examples:
        >>> from recouvrement import Claim, Creditor, Debtor, Payment
        >>> acme = Creditor(id="ACME", name="Acme SAS", kind="professional")
        >>> client = Debtor(id="D1", name="Martin SARL", kind="professional")
        >>> claim = Claim(id="F1", creditor=acme, debtor=client, nature="commercial",
        ...               amount="1000.00", issued_on="2025-01-10",
        ...               payments=[Payment(on="2025-04-01", amount="1000.00")])
        >>> print(deliveries_held([claim], as_of="2025-03-15", suspend_due=["F1"])[0])
        Claim F1: the escalation ladder reached its suspension of deliveries today (practice, not law)
        >>> deliveries_held([claim], as_of="2025-04-01", suspend_due=["F1"])  # paid
        ()
    """
    day = to_date(as_of, "as_of")
    due = _ids(suspend_due)
    reasons: list[tuple[str, Reason]] = []
    for claim in _claims(claims):
        if claim.issued_on > day or claim.outstanding(as_of=day).amount <= 0:
            continue
        balance = claim.outstanding(as_of=day)
        in_force = [
            s
            for s in claim.events_of(DeliverySuspension, as_of=day)
            if s.lifted_on is None or s.lifted_on > day
        ]
        if in_force:
            since = in_force[0].on
            reasons.append(
                (
                    claim.id,
                    Reason(
                        "hold.suspension_in_force",
                        f"Claim {claim.id}: deliveries suspended since {since.isoformat()} and "
                        f"not lifted, {balance} still owed (practice, not law)",
                        facts={"claim": claim.id, "since": since, "balance": balance},
                    ),
                )
            )
        elif claim.id in due:
            reasons.append(
                (
                    claim.id,
                    Reason(
                        "hold.ladder_suspension",
                        f"Claim {claim.id}: the escalation ladder reached its suspension of "
                        "deliveries today (practice, not law)",
                        facts={"claim": claim.id, "balance": balance},
                    ),
                )
            )
    reasons.sort(key=lambda pair: pair[0])
    return tuple(reason for _, reason in reasons)
