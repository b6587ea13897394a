"""The credit report of a ledger: one row per customer and currency.

`credit_report` is what ``recouvrement credit`` prints: for each customer, its segment and
score, the recommended limit and its basis, the exposure against it, whether deliveries
are held (the rule shared with `next_action`) and when the limit is to be reviewed.

Examples:
    >>> from recouvrement.credit import credit_report
    >>> from recouvrement.sample import load_sample
    >>> sample = load_sample()
    >>> rows = credit_report(sample.claims, as_of=sample.as_of)
    >>> len(rows), rows[0].debtor_id, sorted(rows[0].to_dict())[:4]
    (40, 'D0001', ['available', 'basis', 'currency', 'debtor_id'])
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from .._convert import DateLike, to_date
from ..claims import Claim
from ..errors import InvalidType
from ..explain import Reason
from ..money import Money
from ..profiling import DebtorProfile, profile_debtor
from ._common import amounts, claims_list, html_card, mapping
from .exposure import ExposureLine, exposure
from .hold import deliveries_held
from .limits import CreditLimit, Financials, recommend_limit
from .orders import ladder_suspensions
from .policy import CreditPolicy
from .review import Review, review_of

__all__ = ["CreditReportRow", "credit_report"]


@attrs.frozen(slots=True, kw_only=True)
class CreditReportRow:
    """One customer (in one currency) of a credit report.

    Attributes:
        debtor_id: The customer.
        currency: The currency of its claims.
        profile: Its [`DebtorProfile`][recouvrement.profiling.DebtorProfile].
        limit: The recommended [`CreditLimit`][recouvrement.credit.CreditLimit].
        exposure: Its [`ExposureLine`][recouvrement.credit.ExposureLine] against the limit.
        held: Why deliveries are held (empty: they are not).
        review: Its [`Review`][recouvrement.credit.Review].
    """

    debtor_id: str
    currency: str
    profile: DebtorProfile
    limit: CreditLimit
    exposure: ExposureLine
    held: tuple[Reason, ...]
    review: Review

    def to_dict(self) -> dict[str, Any]:
        """A flat dict of strings, numbers and booleans (one CSV row), by column."""
        line, limit = self.exposure, self.limit
        return {
            "debtor_id": self.debtor_id,
            "currency": self.currency,
            "segment": self.profile.segment.value,
            "score": self.profile.score,
            "limit": str(limit.amount.amount),
            "basis": limit.basis.value,
            "unsecured": str(limit.unsecured.amount),
            "insured": str(limit.insured.amount),
            "guaranteed": str(limit.guaranteed.amount),
            "not_due": str(line.not_due.amount),
            "overdue": str(line.overdue.amount),
            "exposure": str(line.total.amount),
            "available": None if line.available is None else str(line.available.amount),
            "over_limit": line.over_limit,
            "oldest_days_past_due": line.oldest_days_past_due,
            "deliveries_held": bool(self.held),
            "review_due": self.review.due,
            "next_review": self.review.next_review.isoformat(),
            "review_triggers": " ".join(t.value for t in self.review.triggers),
            "why": "; ".join(r.message for r in limit.reasons[:3]),
        }

    def _repr_html_(self) -> str:
        data = self.to_dict()
        rows = [(k, "-" if v is None else v) for k, v in data.items() if k != "why"]
        return html_card(f"Credit of {self.debtor_id}", rows, self.limit.reasons)


def _amounts(value: Any) -> list[Money]:
    return amounts(value, "orders")


def _in(money: Money, currency: str) -> bool:
    return money.currency == currency


def _groups(claims: list[Claim]) -> dict[tuple[str, str], list[Claim]]:
    groups: dict[tuple[str, str], list[Claim]] = {}
    for claim in claims:
        groups.setdefault((claim.debtor.id, claim.currency), []).append(claim)
    return groups


def credit_report(
    claims: Any,
    *,
    as_of: DateLike,
    policy: CreditPolicy | None = None,
    escalation: Any = None,
    financials: Mapping[str, Financials] | None = None,
    last_reviews: Mapping[str, Any] | None = None,
    limits: Mapping[str, Any] | None = None,
    delivered_not_invoiced: Mapping[str, Any] | None = None,
    open_orders: Mapping[str, Any] | None = None,
) -> tuple[CreditReportRow, ...]:
    """Limits, exposure, delivery holds and reviews for every customer of a ledger.

    Args:
        claims: Every claim of the ledger (grouped by debtor id and currency).
        as_of: The day.
        policy: The credit policy (the default one when `None`).
        escalation: The `EscalationPolicy` whose ladder decides suspensions of deliveries.
        financials: [`Financials`][recouvrement.credit.Financials] by debtor id.
        last_reviews: The day of each customer's last review, by debtor id.
        limits: The limits granted now, by debtor id (for the review's limit-exceeded
            trigger; the row's exposure is set against the recommended limit).
        delivered_not_invoiced: Orders delivered not yet invoiced, by debtor id (an amount
            or a list of amounts, as in `exposure`).
        open_orders: Open orders, by debtor id, likewise.

    Returns:
        One [`CreditReportRow`][recouvrement.credit.CreditReportRow] per customer and
        currency, by debtor id then currency.

    Examples:
        >>> from recouvrement.sample import load_sample
        >>> sample = load_sample()
        >>> row = credit_report(sample.claims, as_of=sample.as_of)[5]
        >>> row.debtor_id, row.to_dict()["segment"], row.to_dict()["limit"]
        ('D0006', 'punctual', '1800')
    """
    day = to_date(as_of, "as_of")
    policy = CreditPolicy.default() if policy is None else policy
    if not isinstance(policy, CreditPolicy):
        raise InvalidType("policy", policy, "CreditPolicy or None")
    items = [c for c in claims_list(claims) if c.issued_on <= day]
    groups = _groups(items)
    profiles = {key: profile_debtor(group, as_of=day) for key, group in sorted(groups.items())}
    by_debtor: dict[str, DebtorProfile] = {}
    for (debtor, _), profile in profiles.items():
        by_debtor.setdefault(debtor, profile)
    suspend_due = ladder_suspensions(items, as_of=day, escalation=escalation, profiles=by_debtor)
    financials = mapping(financials, "financials")
    last_reviews = mapping(last_reviews, "last_reviews")
    limits = mapping(limits, "limits")
    dni = mapping(delivered_not_invoiced, "delivered_not_invoiced")
    orders = mapping(open_orders, "open_orders")
    rows = []
    for key in sorted(groups):
        debtor, currency = key
        group, profile = groups[key], profiles[key]
        limit = recommend_limit(
            group, as_of=day, policy=policy, profile=profile, financials=financials.get(debtor)
        )
        extra = {
            "delivered_not_invoiced": [m for m in _amounts(dni.get(debtor)) if _in(m, currency)],
            "open_orders": [m for m in _amounts(orders.get(debtor)) if _in(m, currency)],
        }
        line = exposure(group, as_of=day, limit=limit, **extra).line(currency)
        assert line is not None  # the limit's currency is the group's
        rows.append(
            CreditReportRow(
                debtor_id=debtor,
                currency=currency,
                profile=profile,
                limit=limit,
                exposure=line,
                held=deliveries_held(group, as_of=day, suspend_due=suspend_due),
                review=review_of(
                    group,
                    as_of=day,
                    policy=policy,
                    profile=profile,
                    last_review=last_reviews.get(debtor),
                    limit=limits.get(debtor),
                    **extra,
                ),
            )
        )
    return tuple(rows)
