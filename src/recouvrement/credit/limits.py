"""A recommended credit limit, with its reasons.

`recommend_limit` reads a customer's history through its profile (segment, 0-100 risk
score and what went into it: days late, broken promises, disputes, arrears), its volume of
business, and the financial data the caller has (equity, turnover, a third-party rating,
a credit insurer's cover, a bank guarantee), and applies a
[`CreditPolicy`][recouvrement.credit.CreditPolicy]:

1. **base**: a new customer without history gets the policy's starting limit; a known
   one, ``volume_months`` months of its usual billing;
2. **behaviour**: times the segment's factor, less ``score_discount_percent`` per point
   of risk score;
3. **financial data**: times the rating's factor; at most ``equity_percent`` of equity
   and ``turnover_percent`` of annual turnover; at most the segment's ``max_unsecured``;
4. **broken promise**: a promise broken since the last review keeps the recommendation at
   or below the current limit;
5. rounded down to ``significant_digits`` significant digits (1,103.99 -> 1,100; 45.26
   -> 45): that is the **unsecured** part, the seller's own risk;
6. **secured parts**: a credit insurer's cover raises the limit to the cover, a bank
   guarantee adds its amount; both are shown apart.

Every step is practice, not law, and its reason says so.

Examples:
    >>> from recouvrement.credit import recommend_limit
    >>> from recouvrement.sample import load_sample
    >>> sample = load_sample()
    >>> claims = [c for c in sample.claims if c.debtor.id == "D0007"]
    >>> limit = recommend_limit(claims, as_of=sample.as_of)
    >>> limit.amount, limit.basis.value, limit.segment.value
    (Money('1100', 'EUR'), 'history', 'occasionally_late')
"""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from typing import Any

import attrs
import pendulum

from .._convert import DateLike, to_date, to_optional_date
from ..errors import InvalidType, InvalidValue
from ..explain import Reason
from ..money import Money, to_money
from ..profiling import DebtorProfile, profile_debtor
from ..segments import Segment
from ._common import (
    broken_promises,
    claims_list,
    html_card,
    one_debtor,
    practice,
    round_down,
    same_currency,
)
from .policy import CreditPolicy

__all__ = ["CreditLimit", "Financials", "LimitBasis", "recommend_limit"]

_HUNDRED = Decimal(100)


class LimitBasis(str, Enum):
    """What a credit limit mainly rests on."""

    NONE = "none"
    """No credit: cash or prepayment only."""
    STARTING = "starting"
    """The policy's starting limit for a customer without history."""
    HISTORY = "history"
    """The customer's volume of business and payment behaviour."""
    FINANCIALS = "financials"
    """Capped by the customer's financial data (equity, turnover)."""
    INSURED = "insured"
    """Mostly covered by a credit insurer."""
    GUARANTEED = "guaranteed"
    """Mostly secured by a bank guarantee."""


def _optional_money(value: Any) -> Money | None:
    return None if value is None else to_money(value, "financials")


def _optional_grade(value: Any) -> str | None:
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise InvalidType("rating", value, "a non-empty grade (str) or None")
    return value


def _optional_source(value: Any) -> str | None:
    if value is not None and not isinstance(value, str):
        raise InvalidType("source", value, "str or None")
    return value


def _to_dated(value: Any) -> pendulum.Date | None:
    return to_optional_date(value, "dated")


@attrs.frozen(slots=True, kw_only=True)
class Financials:
    """What the caller knows of a customer's finances (each field optional).

    Attributes:
        equity: Equity (capitaux propres) from the last accounts; may be negative.
        turnover: Annual turnover (chiffre d'affaires).
        rating: A third-party rating grade, one of the policy's ``[ratings]``.
        insured_cover: The amount a credit insurer covers on this customer (agrément).
        bank_guarantee: A bank guarantee in the seller's favour (garantie bancaire).
        dated: The date of the figures.
        source: Where they come from (accounts filed, a bureau, the insurer...).

    Examples:
        >>> Financials(turnover="-1")
        Traceback (most recent call last):
        ...
        recouvrement.errors.InvalidValue: turnover=Money('-1', 'EUR'): must not be negative
    """

    equity: Money | None = attrs.field(default=None, converter=_optional_money)
    turnover: Money | None = attrs.field(default=None, converter=_optional_money)
    rating: str | None = attrs.field(default=None, converter=_optional_grade)
    insured_cover: Money | None = attrs.field(default=None, converter=_optional_money)
    bank_guarantee: Money | None = attrs.field(default=None, converter=_optional_money)
    dated: pendulum.Date | None = attrs.field(default=None, converter=_to_dated)
    source: str | None = attrs.field(default=None, converter=_optional_source)

    def __attrs_post_init__(self) -> None:
        for name in ("turnover", "insured_cover", "bank_guarantee"):
            money = getattr(self, name)
            if money is not None and money.amount < 0:
                raise InvalidValue(name, money, "must not be negative")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-compatible dict of the fields given."""
        data: dict[str, Any] = {}
        for field in attrs.fields(Financials):
            value = getattr(self, field.name)
            if value is None:
                continue
            if isinstance(value, Money):
                data[field.name] = value.to_dict()
            elif isinstance(value, pendulum.Date):
                data[field.name] = value.isoformat()
            else:
                data[field.name] = value
        return data


@attrs.frozen(slots=True, kw_only=True)
class CreditLimit:
    """A recommended credit limit and why.

    Attributes:
        debtor_id: The customer (``None`` for a prospect without claims).
        as_of: The day of the recommendation.
        amount: The limit: ``unsecured + insured + guaranteed``.
        basis: What it mainly rests on, a [`LimitBasis`][recouvrement.credit.LimitBasis].
        unsecured: The part at the seller's own risk.
        insured: The part a credit insurer covers.
        guaranteed: The part a bank guarantee secures.
        segment: The customer's segment (``None`` without a profile).
        score: Its 0-100 risk score (``None`` without a profile).
        review_months: How often the policy reviews this segment's limit.
        reasons: Each step of the computation.
    """

    debtor_id: str | None
    as_of: pendulum.Date
    amount: Money
    basis: LimitBasis
    unsecured: Money
    insured: Money
    guaranteed: Money
    segment: Segment | None
    score: int | None
    review_months: int
    reasons: tuple[Reason, ...]

    def explain(self) -> str:
        """The limit and its reasons, one per line."""
        head = f"{self.debtor_id or 'prospect'}: limit {self.amount} ({self.basis.value})"
        return "\n".join([head, *(f"  {r}" for r in self.reasons)])

    def to_dict(self) -> dict[str, Any]:
        """A JSON-compatible dict."""
        return {
            "debtor_id": self.debtor_id,
            "as_of": self.as_of.isoformat(),
            "amount": self.amount.to_dict(),
            "basis": self.basis.value,
            "unsecured": self.unsecured.to_dict(),
            "insured": self.insured.to_dict(),
            "guaranteed": self.guaranteed.to_dict(),
            "segment": None if self.segment is None else self.segment.value,
            "score": self.score,
            "review_months": self.review_months,
            "reasons": [r.to_dict() for r in self.reasons],
        }

    def _repr_html_(self) -> str:
        rows = [
            ("limit", self.amount),
            ("basis", self.basis.value),
            ("unsecured", self.unsecured),
            ("insured", self.insured),
            ("guaranteed", self.guaranteed),
            ("segment", self.segment.value if self.segment else "-"),
            ("score", self.score if self.score is not None else "-"),
            ("review every", f"{self.review_months} months"),
        ]
        title = f"Credit limit of {self.debtor_id or 'prospect'} on {self.as_of.isoformat()}"
        return html_card(title, rows, self.reasons)


# -- the steps -------------------------------------------------------------------------------


def _shown(value: Decimal) -> Decimal:
    """An intermediate amount as shown in a reason (two decimals; the exact value is kept)."""
    return value.quantize(Decimal("0.01"))


def _base(
    profile: DebtorProfile | None, policy: CreditPolicy, currency: str
) -> tuple[Decimal, LimitBasis, Reason]:
    if profile is None or profile.segment is Segment.NEW:
        why = "no history" if profile is None else f"too little history (rule {profile.rule})"
        return (
            policy.starting_limit,
            LimitBasis.STARTING,
            practice(
                "credit.new_customer",
                f"New customer, {why}: the policy's starting limit "
                f"{policy.starting_limit} {currency}",
                starting_limit=policy.starting_limit,
            ),
        )
    volume = profile.metrics.monthly_volume.amount
    if volume <= 0:
        return (
            policy.starting_limit,
            LimitBasis.STARTING,
            practice(
                "credit.no_recent_business",
                f"No business in the profile's window: the starting limit "
                f"{policy.starting_limit} {currency}",
                starting_limit=policy.starting_limit,
            ),
        )
    base = volume * policy.volume_months
    return (
        base,
        LimitBasis.HISTORY,
        practice(
            "credit.volume",
            f"Volume of business: {volume} {currency} a month x {policy.volume_months} months "
            f"= {_shown(base)} {currency}",
            monthly_volume=volume,
            months=policy.volume_months,
        ),
    )


def _history_reasons(profile: DebtorProfile) -> list[Reason]:
    """The payment history behind the score: days late, broken promises, disputes."""
    m = profile.metrics
    points = {c.name: c.points for c in profile.contributions}
    reasons = [
        Reason(
            "credit.days_late",
            f"Days late: {m.average_delay if m.average_delay is not None else 0} on average "
            f"(weighted by amount, unpaid claims counted to this day); worst paid claim "
            f"{m.worst_days_late} days late; {m.claims_overdue} claim(s) overdue now"
            + (f", the oldest {m.oldest_days_past_due} days past due" if m.claims_overdue else ""),
            facts={
                "average_delay": m.average_delay,
                "worst_days_late": m.worst_days_late,
                "oldest_days_past_due": m.oldest_days_past_due,
                "points": points.get("delay", Decimal(0)),
            },
        )
    ]
    if m.promises_made:
        reasons.append(
            Reason(
                "credit.broken_promises",
                f"Payment promises: {m.promises_broken} broken of {m.promises_due} due",
                facts={"promises_broken": m.promises_broken, "promises_due": m.promises_due},
            )
        )
    if m.disputes_opened:
        reasons.append(
            Reason(
                "credit.disputes",
                f"Disputes: {m.disputes_opened} opened, {m.disputes_open} open, "
                f"{m.disputes_rejected} rejected as unfounded, {m.disputes_credit_note} "
                "ended in a credit note",
                facts={"disputes_opened": m.disputes_opened, "rejected": m.disputes_rejected},
            )
        )
    return reasons


def _behaviour(
    base: Decimal, profile: DebtorProfile | None, policy: CreditPolicy, currency: str
) -> tuple[Decimal, list[Reason]]:
    if profile is None:
        return base, []
    factor = policy.factor(profile.segment)
    value = base * factor
    reasons = [
        practice(
            "credit.segment",
            f"Segment {profile.segment.value}: x {factor} = {_shown(value)} {currency}",
            segment=profile.segment,
            factor=factor,
        )
    ]
    discount = min(_HUNDRED, profile.score * policy.score_discount_percent)
    value = value * (_HUNDRED - discount) / _HUNDRED
    reasons.append(
        practice(
            "credit.score",
            f"Risk score {profile.score}/100: -{discount} % = {_shown(value)} {currency}",
            score=profile.score,
            discount_percent=discount,
        )
    )
    reasons.extend(_history_reasons(profile))
    return value, reasons


def _financial_caps(
    value: Decimal, financials: Financials | None, policy: CreditPolicy, currency: str
) -> tuple[Decimal, bool, list[Reason]]:
    if financials is None:
        return value, False, []
    reasons: list[Reason] = []
    capped = False
    if financials.rating is not None:
        factor = policy.rating_factor(financials.rating)
        value = value * factor
        reasons.append(
            practice(
                "credit.rating",
                f"Third-party rating {financials.rating}: x {factor}",
                rating=financials.rating,
                factor=factor,
            )
        )
    for name, percent in (("equity", policy.equity_percent), ("turnover", policy.turnover_percent)):
        money = getattr(financials, name)
        if money is None:
            continue
        cap = max(Decimal(0), same_currency(money, currency, name).amount * percent / _HUNDRED)
        if cap < value:
            value, capped = cap, True
            reasons.append(
                practice(
                    f"credit.{name}_cap",
                    f"Capped at {percent} % of {name} {money}: {_shown(cap)} {currency}",
                    cap=cap,
                )
            )
        else:
            reasons.append(
                practice(
                    f"credit.{name}_ok",
                    f"{percent} % of {name} {money} ({_shown(cap)} {currency}) does not cap it",
                    cap=cap,
                )
            )
    return value, capped, reasons


def _freeze(
    value: Decimal,
    claims: list[Any],
    current: Money | None,
    last_review: pendulum.Date | None,
    day: pendulum.Date,
    policy: CreditPolicy,
) -> tuple[Decimal, list[Reason]]:
    if not policy.freeze_on_broken_promise or current is None:
        return value, []
    since = None if last_review is None else last_review.toordinal()
    broken = broken_promises(claims, since=since, day=day.toordinal(), tolerance_days=0)
    if not broken or value <= current.amount:
        return value, []
    when = "since the last review" if last_review is not None else "on record"
    return current.amount, [
        practice(
            "credit.frozen_broken_promise",
            f"{len(broken)} promise(s) broken {when}: kept at the current limit {current}",
            broken=[claim for _, claim in broken],
        )
    ]


def _secured(
    unsecured: Decimal, financials: Financials | None, currency: str
) -> tuple[Decimal, Decimal, list[Reason]]:
    if financials is None:
        return Decimal(0), Decimal(0), []
    reasons: list[Reason] = []
    insured = Decimal(0)
    if financials.insured_cover is not None and financials.insured_cover.amount > 0:
        cover = same_currency(financials.insured_cover, currency, "insured_cover").amount
        insured = cover
        # The limit is the larger of the two: it rises to the cover only when the cover is
        # above the limit the history gives.
        effect = (
            "the limit rises to the cover"
            if cover >= unsecured
            else f"the limit stays at {unsecured} {currency}, {cover} {currency} of it insured"
        )
        reasons.append(
            practice(
                "credit.insured",
                f"Credit insurance covers {cover} {currency}: {effect}; "
                f"{max(Decimal(0), unsecured - cover)} {currency} stays at the seller's risk",
                cover=cover,
            )
        )
    guaranteed = Decimal(0)
    if financials.bank_guarantee is not None and financials.bank_guarantee.amount > 0:
        guaranteed = same_currency(financials.bank_guarantee, currency, "bank_guarantee").amount
        reasons.append(
            practice(
                "credit.guaranteed",
                f"A bank guarantee secures {guaranteed} {currency} more",
                guarantee=guaranteed,
            )
        )
    return insured, guaranteed, reasons


def _basis(
    unsecured: Decimal, insured: Decimal, guaranteed: Decimal, own: LimitBasis
) -> LimitBasis:
    if unsecured + insured + guaranteed <= 0:
        return LimitBasis.NONE
    top = max(unsecured, insured, guaranteed)
    if guaranteed == top:
        return LimitBasis.GUARANTEED
    if insured == top:
        return LimitBasis.INSURED
    return own


def _resolve(
    claims: Any, profile: Any, currency: str | None, as_of: pendulum.Date
) -> tuple[list[Any], str | None, DebtorProfile | None, str]:
    items = [c for c in claims_list(claims) if c.issued_on <= as_of]
    debtor = one_debtor(items)
    if currency is not None:
        items = [c for c in items if c.currency == currency]
    if profile is not None and not isinstance(profile, DebtorProfile):
        raise InvalidType("profile", profile, "DebtorProfile or None")
    if profile is None and items:
        profile = profile_debtor(items, as_of=as_of)
    found = profile.metrics.currency if profile is not None else None
    if currency is not None and found is not None and currency != found:
        from ..errors import CurrencyMismatch

        raise CurrencyMismatch(found, currency, operation="recommend a limit")
    chosen = currency or found or "EUR"
    to_money(0, "currency", currency=chosen)  # checks the code
    return (
        items,
        debtor if debtor is not None else (profile.debtor_id if profile else None),
        profile,
        chosen,
    )


def recommend_limit(
    claims: Any,
    *,
    as_of: DateLike,
    policy: CreditPolicy | None = None,
    profile: DebtorProfile | None = None,
    financials: Financials | None = None,
    current: Any = None,
    last_review: Any = None,
    currency: str | None = None,
) -> CreditLimit:
    """Recommend a credit limit for one customer, with its reasons.

    Args:
        claims: The customer's claims, paid and open (may be empty for a prospect: it gets
            the starting limit).
        as_of: The day of the recommendation.
        policy: The [`CreditPolicy`][recouvrement.credit.CreditPolicy] (the default one when
            `None`).
        profile: The customer's profile, when already computed (else profiled here).
        financials: The [`Financials`][recouvrement.credit.Financials] the caller has.
        current: The limit granted now, if any (for the broken-promise freeze).
        last_review: The day of the last review (promises broken since count).
        currency: The limit's currency: only the claims in it are read. By default the
            claims' currency (several raise `CurrencyMismatch`), else EUR.

    Returns:
        A [`CreditLimit`][recouvrement.credit.CreditLimit]; never negative.

    Raises:
        InvalidValue: Claims of several debtors.
        CurrencyMismatch: Claims, financial data or ``currency`` in different currencies.
        InvalidPolicy: A rating grade not in the policy.

    Examples:
        >>> limit = recommend_limit([], as_of="2025-06-30",
        ...                         financials=Financials(insured_cover="20000"))
        >>> limit.amount, limit.basis.value, limit.unsecured, limit.insured
        (Money('20000', 'EUR'), 'insured', Money('0', 'EUR'), Money('20000', 'EUR'))
    """
    day = to_date(as_of, "as_of")
    policy = CreditPolicy.default() if policy is None else policy
    if not isinstance(policy, CreditPolicy):
        raise InvalidType("policy", policy, "CreditPolicy or None")
    if financials is not None and not isinstance(financials, Financials):
        raise InvalidType("financials", financials, "Financials or None")
    items, debtor, profile, cur = _resolve(claims, profile, currency, day)
    now = (
        None
        if current is None
        else same_currency(to_money(current, "current", currency=cur), cur, "current")
    )
    if now is not None and now.amount < 0:
        raise InvalidValue("current", now, "must not be negative")
    segment = None if profile is None else profile.segment
    value, own, first = _base(profile, policy, cur)
    reasons = [first]
    value, more = _behaviour(value, profile, policy, cur)
    reasons += more
    value, capped, more = _financial_caps(value, financials, policy, cur)
    reasons += more
    if capped and own is LimitBasis.HISTORY:
        own = LimitBasis.FINANCIALS
    cap = policy.max_unsecured_for(segment)
    if value > cap:
        value = cap
        reasons.append(
            practice("credit.max_unsecured", f"Capped at {cap} {cur} unsecured", cap=cap)
        )
    value, more = _freeze(
        value, items, now, to_optional_date(last_review, "last_review"), day, policy
    )
    reasons += more
    return _finish(value, financials, policy, cur, reasons, own, day, debtor, profile)


def _finish(
    value: Decimal,
    financials: Financials | None,
    policy: CreditPolicy,
    cur: str,
    reasons: list[Reason],
    own: LimitBasis,
    day: pendulum.Date,
    debtor: str | None,
    profile: DebtorProfile | None,
) -> CreditLimit:
    """Round the unsecured part, add the secured parts and build the limit."""
    unsecured = round_down(value, policy.significant_digits, cur)
    reasons.append(
        practice(
            "credit.rounded",
            f"Rounded down to {policy.significant_digits} significant digits: {unsecured} {cur} "
            "unsecured",
            unsecured=unsecured,
        )
    )
    insured, guaranteed, more = _secured(unsecured, financials, cur)
    reasons += more
    own_risk = max(Decimal(0), unsecured - insured)
    total = own_risk + insured + guaranteed
    if total <= 0:
        reasons.append(practice("credit.none", "No credit: orders on prepayment only"))
    segment = None if profile is None else profile.segment
    return CreditLimit(
        debtor_id=debtor,
        as_of=day,
        amount=Money(total, cur),
        basis=_basis(own_risk, insured, guaranteed, own),
        unsecured=Money(own_risk, cur),
        insured=Money(insured, cur),
        guaranteed=Money(guaranteed, cur),
        segment=segment,
        score=None if profile is None else profile.score,
        review_months=policy.review_months_for(segment if profile is not None else Segment.NEW),
        reasons=tuple(reasons),
    )
