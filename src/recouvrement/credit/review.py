"""Limit reviews: when each customer's credit limit must be looked at again.

A limit is reviewed every ``review_months`` of its segment (a punctual payer once a year,
a payer in difficulty every quarter, under the default policy), and at once when a
trigger fires since the last review: a **broken promise**, an **insolvency event** (a
proceeding or an over-indebtedness case opened), the **limit exceeded** (exposure above
the limit). A customer never reviewed is due at once. All of it is practice, not law.

Examples:
    >>> from recouvrement.credit import reviews_due
    >>> from recouvrement.sample import load_sample
    >>> sample = load_sample()
    >>> reviewed = {"D0006": "2026-01-15", "D0038": "2026-01-15"}
    >>> due = reviews_due(sample.claims, as_of=sample.as_of, last_reviews=reviewed)
    >>> len(due), [r.debtor_id for r in due if r.last_review is not None]
    (39, ['D0038'])
    >>> print(next(r for r in due if r.debtor_id == "D0038").reasons[1])
    A promise broken on 2026-02-06 (claim S-00198): review now (practice, not law)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
import pendulum

from .._convert import DateLike, from_ordinal, to_date
from ..calendar import add_months
from ..claims import Claim
from ..errors import InvalidType, InvalidValue
from ..events import InsolvencyProceeding, OverIndebtedness
from ..explain import Reason
from ..money import Money, to_money
from ..profiling import DebtorProfile, profile_debtor
from ..segments import Segment
from ._common import (
    broken_promises,
    check_profile,
    claims_list,
    html_card,
    main_currency,
    mapping,
    one_debtor,
    practice,
)
from .exposure import Exposure, exposure
from .policy import CreditPolicy, ReviewTrigger

__all__ = ["Review", "review_of", "reviews_due"]


@attrs.frozen(slots=True, kw_only=True)
class Review:
    """When a customer's limit is to be reviewed, and why.

    Attributes:
        debtor_id: The customer.
        as_of: The day asked about.
        last_review: The last review (``None``: never reviewed).
        next_review: The day the period runs out (``as_of`` when never reviewed).
        period_months: The segment's review period.
        triggers: The triggers that fired since the last review.
        segment: The customer's segment.
        reasons: Why.
    """

    debtor_id: str
    as_of: pendulum.Date
    last_review: pendulum.Date | None
    next_review: pendulum.Date
    period_months: int
    triggers: tuple[ReviewTrigger, ...]
    segment: Segment | None
    reasons: tuple[Reason, ...]

    @property
    def due(self) -> bool:
        """Whether the review is due on ``as_of`` (period run out, or a trigger fired)."""
        return bool(self.triggers) or self.next_review <= self.as_of

    def to_dict(self) -> dict[str, Any]:
        """A flat JSON-compatible dict."""
        return {
            "debtor_id": self.debtor_id,
            "as_of": self.as_of.isoformat(),
            "due": self.due,
            "last_review": None if self.last_review is None else self.last_review.isoformat(),
            "next_review": self.next_review.isoformat(),
            "period_months": self.period_months,
            "triggers": [t.value for t in self.triggers],
            "segment": None if self.segment is None else self.segment.value,
            "reasons": [r.to_dict() for r in self.reasons],
        }

    def _repr_html_(self) -> str:
        rows = [
            ("due", "yes" if self.due else "no"),
            ("last review", self.last_review.isoformat() if self.last_review else "never"),
            ("next review", self.next_review.isoformat()),
            ("period", f"{self.period_months} months"),
            ("triggers", ", ".join(t.value for t in self.triggers) or "-"),
        ]
        return html_card(f"Limit review of {self.debtor_id}", rows, self.reasons)


def _insolvency_events(claims: list[Claim], since: int | None, day: int) -> list[int]:
    found = []
    for claim in claims:
        for event in claim.events_of((InsolvencyProceeding, OverIndebtedness)):
            when = event.date.toordinal()
            if when <= day and (since is None or when > since):
                found.append(when)
    return sorted(found)


def review_of(
    claims: Any,
    *,
    as_of: DateLike,
    policy: CreditPolicy | None = None,
    profile: DebtorProfile | None = None,
    last_review: Any = None,
    limit: Any = None,
    delivered_not_invoiced: Any = None,
    open_orders: Any = None,
) -> Review:
    """The review of one customer's limit on ``as_of``.

    Args:
        claims: The customer's claims (at least one: the customer is read from them).
        as_of: The day.
        policy: The credit policy (the default one when `None`).
        profile: The customer's profile, when already computed.
        last_review: The day of the last review (``None``: never reviewed).
        limit: The current limit (`Money` or a `CreditLimit`), for the limit-exceeded trigger.
        delivered_not_invoiced: Counted in the exposure, as in `exposure`.
        open_orders: Counted in the exposure, as in `exposure`.

    Examples:
        >>> from recouvrement.sample import load_sample
        >>> sample = load_sample()
        >>> claims = [c for c in sample.claims if c.debtor.id == "D0006"]
        >>> review = review_of(claims, as_of=sample.as_of, last_review="2025-12-01")
        >>> review.due, review.next_review, review.period_months
        (False, Date(2026, 12, 1), 12)
    """
    day = to_date(as_of, "as_of")
    policy = CreditPolicy.default() if policy is None else policy
    if not isinstance(policy, CreditPolicy):
        raise InvalidType("policy", policy, "CreditPolicy or None")
    items = [c for c in claims_list(claims) if c.issued_on <= day]
    one_debtor(items)
    profile = check_profile(profile)
    if profile is None:
        if not items:
            raise InvalidValue(
                "claims", [], "at least one claim is needed (the customer is read from it)"
            )
        profile = profile_debtor(main_currency(items), as_of=day)
    last = None if last_review is None else to_date(last_review, "last_review")
    segment = profile.segment
    months = policy.review_months_for(segment)
    next_review = day if last is None else add_months(last, months)
    reasons = [
        practice(
            "review.period",
            f"Segment {segment.value}: reviewed every {months} months; "
            + ("never reviewed: due now" if last is None else f"next on {next_review.isoformat()}"),
            months=months,
        )
    ]
    seen = exposure(
        items, as_of=day, delivered_not_invoiced=delivered_not_invoiced, open_orders=open_orders
    )
    triggers = _triggers(items, day, last, policy, (limit, seen), reasons)
    return Review(
        debtor_id=profile.debtor_id,
        as_of=day,
        last_review=last,
        next_review=next_review,
        period_months=months,
        triggers=tuple(triggers),
        segment=segment,
        reasons=tuple(reasons),
    )


def _triggers(
    items: list[Claim],
    day: pendulum.Date,
    last: pendulum.Date | None,
    policy: CreditPolicy,
    against: tuple[Any, Exposure],
    reasons: list[Reason],
) -> list[ReviewTrigger]:
    since = None if last is None else last.toordinal()
    ordinal = day.toordinal()
    fired: list[ReviewTrigger] = []
    wanted = policy.review_triggers
    if ReviewTrigger.BROKEN_PROMISE in wanted:
        broken = broken_promises(items, since=since, day=ordinal, tolerance_days=0)
        if broken:
            fired.append(ReviewTrigger.BROKEN_PROMISE)
            reasons.append(
                practice(
                    "review.broken_promise",
                    f"A promise broken on {from_ordinal(broken[0][0]).isoformat()} "
                    f"(claim {broken[0][1]}): review now",
                    claims=[c for _, c in broken],
                )
            )
    if ReviewTrigger.INSOLVENCY in wanted:
        events = _insolvency_events(items, since, ordinal)
        if events:
            fired.append(ReviewTrigger.INSOLVENCY)
            reasons.append(
                practice(
                    "review.insolvency",
                    f"An insolvency event on {from_ordinal(events[0]).isoformat()}: review now",
                )
            )
    limit, seen = against
    if ReviewTrigger.LIMIT_EXCEEDED in wanted and limit is not None:
        value = getattr(limit, "amount", limit)
        money: Money = to_money(value, "limit")
        line = seen.line(money.currency)
        if line is not None and line.total > money:
            fired.append(ReviewTrigger.LIMIT_EXCEEDED)
            reasons.append(
                practice(
                    "review.limit_exceeded",
                    f"Exposure {line.total} above the limit {money}: review now",
                    exposure=line.total,
                    limit=money,
                )
            )
    return fired


def reviews_due(
    claims: Any,
    *,
    as_of: DateLike,
    policy: CreditPolicy | None = None,
    last_reviews: Mapping[str, Any] | None = None,
    limits: Mapping[str, Any] | None = None,
    profiles: Mapping[str, DebtorProfile] | None = None,
    include_not_due: bool = False,
) -> tuple[Review, ...]:
    """The limit reviews due on ``as_of`` across a ledger, by customer id.

    Args:
        claims: Every claim of the ledger (grouped by debtor id).
        as_of: The day.
        policy: The credit policy (the default one when `None`).
        last_reviews: The day of each customer's last review, by debtor id (a customer
            absent was never reviewed: due now).
        limits: Each customer's current limit, by debtor id (for the limit-exceeded trigger).
        profiles: The profiles, when already computed (else profiled here).
        include_not_due: Return every customer's review, due or not.

    Examples:
        >>> from recouvrement.sample import load_sample
        >>> sample = load_sample()
        >>> every = reviews_due(sample.claims, as_of=sample.as_of, include_not_due=True)
        >>> len(every), all(r.due for r in every)  # never reviewed: all due
        (40, True)
    """
    day = to_date(as_of, "as_of")
    items = [c for c in claims_list(claims) if c.issued_on <= day]
    groups: dict[str, list[Claim]] = {}
    for claim in items:
        groups.setdefault(claim.debtor.id, []).append(claim)
    profiles = mapping(profiles, "profiles")
    last_reviews = mapping(last_reviews, "last_reviews")
    limits = mapping(limits, "limits")
    result = []
    for debtor in sorted(groups):
        review = review_of(
            groups[debtor],
            as_of=day,
            policy=policy,
            profile=profiles.get(debtor),
            last_review=last_reviews.get(debtor),
            limit=limits.get(debtor),
        )
        if include_not_due or review.due:
            result.append(review)
    return tuple(result)
