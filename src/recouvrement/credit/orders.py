"""Order decisions and payment terms: release, release on conditions, or hold.

`check_order` decides whether a customer's new order may ship, with its reasons. The rules
are checked in this order:

1. **deliveries held** (`deliveries_held`, the one rule shared with `next_action`): a
   suspension of deliveries in force, or the escalation ladder reaching its suspension
   step today -> ``HOLD`` until the arrears are paid;
2. **insolvency proceeding open**: pre-opening claims may not be paid (C. com. L622-7 I),
   so new deliveries are released against prepayment only (practice built on that rule);
3. the **segment's conditions** from the policy (a deposit, a retention-of-title clause,
   shorter terms, prepayment for a bad-faith payer);
4. **arrears**: an invoice overdue beyond ``overdue_conditions_days`` -> settle the
   arrears first;
5. the **limit**: an order on prepayment adds no credit and passes; otherwise exposure +
   order within the limit passes, within the tolerance it passes against a deposit for
   the excess, beyond it the order is held unless prepaid or secured (bank guarantee,
   letter of credit).

`propose_terms` proposes payment terms per segment, cut to the legal maximum of the
claim's jurisdiction (`check_payment_terms`: C. com. L441-10 I, L441-11, CCP R2192-10).

Examples:
    >>> from recouvrement import Claim, Creditor, Debtor
    >>> acme = Creditor(id="ACME", name="Acme SAS", kind="professional")
    >>> client = Debtor(id="D1", name="Martin SARL", kind="professional")
    >>> claim = Claim(id="F1", creditor=acme, debtor=client, nature="commercial",
    ...               amount="1000.00", issued_on="2025-06-01", due_on="2025-07-01")
    >>> decision = check_order("1500", [claim], as_of="2025-06-15")
    >>> decision.outcome.value, [c.value for c in decision.conditions], str(decision.limit)
    ('release_with_conditions', ['retention_of_title'], '3000 EUR')
    >>> check_order("2500", [claim], as_of="2025-06-15").outcome.value
    'hold'
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_UP, Decimal
from enum import Enum
from typing import Any

import attrs
import pendulum

from .. import jurisdictions
from .._convert import DateLike, to_date, to_enum
from ..claims import Claim, ClaimNature
from ..errors import InvalidType, InvalidValue, UnsupportedJurisdiction
from ..events import Dispute, InsolvencyProceeding
from ..explain import Citation, Reason
from ..jurisdictions import citation
from ..money import Money, to_money
from ..parties import PartyKind
from ..profiling import DebtorProfile, profile_debtor
from ..segments import Segment
from ..terms import PaymentTerms
from ._common import (
    check_profile,
    claims_list,
    html_card,
    law,
    main_currency,
    one_debtor,
    practice,
    same_currency,
)
from .exposure import Exposure, exposure
from .hold import deliveries_held
from .limits import CreditLimit, Financials, recommend_limit
from .policy import Condition, CreditPolicy

__all__ = [
    "OrderDecision",
    "OrderOutcome",
    "TermsProposal",
    "check_order",
    "ladder_suspensions",
    "propose_terms",
]

_HUNDRED = Decimal(100)


class OrderOutcome(str, Enum):
    """What to do with an order."""

    RELEASE = "release"
    """Ship it."""
    RELEASE_WITH_CONDITIONS = "release_with_conditions"
    """Ship it once the conditions are met."""
    HOLD = "hold"
    """Do not ship it (``unlock`` says what would release it)."""


@attrs.frozen(slots=True, kw_only=True)
class TermsProposal:
    """Payment terms proposed to a customer, within the legal maximum.

    Attributes:
        terms: The proposed [`PaymentTerms`][recouvrement.PaymentTerms].
        segment: The customer's segment (``None`` without history).
        capped: Whether the policy's terms were cut to a legal maximum.
        reasons: Why these terms.
    """

    terms: PaymentTerms
    segment: Segment | None
    capped: bool
    reasons: tuple[Reason, ...]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-compatible dict."""
        return {
            "terms": self.terms.to_dict(),
            "segment": None if self.segment is None else self.segment.value,
            "capped": self.capped,
            "reasons": [r.to_dict() for r in self.reasons],
        }

    def _repr_html_(self) -> str:
        rows = [
            ("terms", f"{self.terms.kind.value} {self.terms.days} days"),
            ("segment", self.segment.value if self.segment else "-"),
            ("cut to the legal maximum", "yes" if self.capped else "no"),
        ]
        return html_card("Proposed payment terms", rows, self.reasons)


@attrs.frozen(slots=True, kw_only=True)
class OrderDecision:
    """The decision on an order, and why.

    Attributes:
        debtor_id: The customer.
        as_of: The day.
        order: The order's amount.
        outcome: An [`OrderOutcome`][recouvrement.credit.OrderOutcome].
        conditions: The conditions of release (empty for ``RELEASE`` and ``HOLD``).
        unlock: For a hold, what would release the order (any one of them).
        deposit: The deposit asked, when there is one.
        terms: The payment terms for this order, when shorter terms are a condition.
        exposure_before: The exposure before the order (in the order's currency).
        exposure_after: The exposure with the order.
        limit: The limit it was checked against.
        reasons: Each rule that fired.
    """

    debtor_id: str | None
    as_of: pendulum.Date
    order: Money
    outcome: OrderOutcome
    conditions: tuple[Condition, ...]
    unlock: tuple[Condition, ...]
    deposit: Money | None
    terms: PaymentTerms | None
    exposure_before: Money
    exposure_after: Money
    limit: Money
    reasons: tuple[Reason, ...]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-compatible dict."""
        return {
            "debtor_id": self.debtor_id,
            "as_of": self.as_of.isoformat(),
            "order": self.order.to_dict(),
            "outcome": self.outcome.value,
            "conditions": [c.value for c in self.conditions],
            "unlock": [c.value for c in self.unlock],
            "deposit": None if self.deposit is None else self.deposit.to_dict(),
            "terms": None if self.terms is None else self.terms.to_dict(),
            "exposure_before": self.exposure_before.to_dict(),
            "exposure_after": self.exposure_after.to_dict(),
            "limit": self.limit.to_dict(),
            "reasons": [r.to_dict() for r in self.reasons],
        }

    def _repr_html_(self) -> str:
        rows = [
            ("order", self.order),
            ("outcome", self.outcome.value.replace("_", " ")),
            ("conditions", ", ".join(c.value for c in self.conditions) or "-"),
            ("would unlock", ", ".join(c.value for c in self.unlock) or "-"),
            ("deposit", self.deposit if self.deposit is not None else "-"),
            ("exposure before / after", f"{self.exposure_before} / {self.exposure_after}"),
            ("limit", self.limit),
        ]
        title = f"Order of {self.debtor_id or 'prospect'} on {self.as_of.isoformat()}"
        return html_card(title, rows, self.reasons)


# -- payment terms ---------------------------------------------------------------------------


def _terms_of(days: int) -> PaymentTerms:
    return PaymentTerms.on_receipt() if days == 0 else PaymentTerms.net(days)


def propose_terms(
    claims: Any,
    *,
    as_of: DateLike,
    policy: CreditPolicy | None = None,
    profile: DebtorProfile | None = None,
    nature: ClaimNature | str | None = None,
    debtor_kind: PartyKind | str | None = None,
    sector: Any = "general",
    public_buyer: Any = None,
    periodic_invoice: bool = False,
) -> TermsProposal:
    """Propose payment terms for a customer: the policy's terms for its segment, cut to the
    legal maximum of its jurisdiction.

    Args:
        claims: The customer's claims (may be empty for a prospect).
        as_of: The day (the legal maximums in force that day apply).
        policy: The credit policy (the default one when `None`).
        profile: The customer's profile, when already computed.
        nature: The nature of the future claims (the latest claim's by default, else
            commercial).
        debtor_kind: Who pays (the latest claim's debtor by default, else a professional).
        sector: A `Sector` with its own maximum terms, as in `check_payment_terms`.
        public_buyer: The public buyer's category, as in `check_payment_terms`.
        periodic_invoice: Whether the invoices are periodic, as in `check_payment_terms`.

    Examples:
        >>> proposal = propose_terms([], as_of="2025-06-30", sector="transport",
        ...                          policy=CreditPolicy.from_dict({"terms": {"days": 45}}))
        >>> proposal.terms.days, proposal.capped
        (30, True)
        >>> print(proposal.reasons[-1])
        Cut to the legal maximum of 30 days: 45 days net exceed the 30 days from the invoice date allowed for transport [C. com. L441-11 ex-L441-6, loi 2006-10 art. 26]
    """
    day = to_date(as_of, "as_of")
    policy = _policy(policy)
    items = [c for c in claims_list(claims) if c.issued_on <= day]
    one_debtor(items)
    latest = max(items, key=lambda c: (c.issued_on, c.id)) if items else None
    if latest is not None and latest.jurisdiction != "FR":
        # The caps are checked through the claim's jurisdiction; the facts passed below
        # (nature, sector, public buyer, periodic invoice) are the French check's.
        raise UnsupportedJurisdiction(latest.jurisdiction)
    check_payment_terms = jurisdictions.get("FR").check_payment_terms
    profile = check_profile(profile)
    if profile is None and items:
        profile = profile_debtor(main_currency(items), as_of=day)
    segment = None if profile is None else profile.segment
    kind = (
        debtor_kind
        if debtor_kind is not None
        else (latest.debtor.kind if latest else "professional")
    )
    what = nature if nature is not None else (latest.nature if latest else "commercial")
    days = policy.terms_days_for(segment if segment is not None else Segment.NEW)
    reasons = [
        practice(
            "terms.segment",
            f"Terms for {segment.value if segment else 'a new customer'}: "
            f"{'payable on receipt' if days == 0 else f'{days} days net'}",
            days=days,
        )
    ]
    violations = check_payment_terms(
        _terms_of(days),
        nature=what,
        debtor_kind=kind,
        sector=sector,
        public_buyer=public_buyer,
        periodic_invoice=periodic_invoice,
        on=day,
    )
    if violations:
        strictest = min(violations, key=lambda v: v.limit_days)
        days = strictest.limit_days
        reasons.append(
            law(
                "terms.legal_maximum",
                f"Cut to the legal maximum of {days} days: {strictest.message}",
                strictest.citation,
                limit_days=days,
            )
        )
    elif to_enum(PartyKind, kind, "debtor_kind") is PartyKind.INDIVIDUAL:
        reasons.append(Reason("terms.consumer", "A consumer: no statutory maximum term applies"))
    return TermsProposal(
        terms=_terms_of(days), segment=segment, capped=bool(violations), reasons=tuple(reasons)
    )


# -- order checks ----------------------------------------------------------------------------


def _policy(policy: Any) -> CreditPolicy:
    if policy is None:
        return CreditPolicy.default()
    if not isinstance(policy, CreditPolicy):
        raise InvalidType("policy", policy, "CreditPolicy or None")
    return policy


def ladder_suspensions(
    claims: Iterable[Claim],
    *,
    as_of: DateLike,
    escalation: Any = None,
    profiles: Any = None,
) -> frozenset[str]:
    """The ids of the claims whose escalation ladder reaches its suspension of deliveries
    on ``as_of`` (`next_action` returns ``SUSPEND_DELIVERIES``): the ``suspend_due`` of
    `deliveries_held`.

    Only claims under French rules are decided (the ladder's jurisdiction); ``escalation``
    is the `EscalationPolicy` (the default one when `None`); ``profiles`` maps debtor ids to
    their profiles (the segment picks the track: the default policy suspends deliveries in
    the habitually-late track only).

    Examples:
        >>> from recouvrement.sample import load_sample
        >>> from recouvrement.profiling import profile_debtors
        >>> sample = load_sample()
        >>> profiles = profile_debtors(sample.claims, as_of=sample.as_of)
        >>> sorted(ladder_suspensions(sample.claims, as_of=sample.as_of, profiles=profiles))
        []
    """
    from ..actions import Action
    from ..decisions import next_actions

    day = to_date(as_of, "as_of")
    decided = [c for c in claims if c.jurisdiction == "FR" and c.issued_on <= day]
    if not decided:
        return frozenset()
    decisions = next_actions(
        decided, as_of=day, policy=escalation, profiles=profiles, with_amounts=False
    )
    return frozenset(
        claim.id
        for claim, decision in zip(decided, decisions, strict=True)
        if decision.action is Action.SUSPEND_DELIVERIES and decision.on <= day
    )


def _insolvency(
    items: list[Claim], day: pendulum.Date, profile: DebtorProfile | None
) -> Reason | None:
    open_ = any(p.is_open(day) for c in items for p in c.events_of(InsolvencyProceeding, as_of=day))
    if open_:
        message = (
            "An insolvency proceeding is open: pre-opening claims may not be paid, so new "
            "deliveries are released against prepayment only (the prepayment is practice)"
        )
        ban = _citation(items, "insolvency_payment_ban")
        if ban is None:
            return practice("order.insolvency", message)
        return law("order.insolvency", message, ban)
    if profile is not None and profile.segment is Segment.INSOLVENT:
        return practice(
            "order.insolvent_profile",
            "The customer is profiled insolvent: prepayment only",
        )
    return None


def _citation(items: list[Claim], key: str) -> Citation | None:
    """The article behind ``key`` under the claims' one jurisdiction (``None``: none, or mixed)."""
    codes = {c.jurisdiction for c in items}
    if len(codes) != 1:
        return None
    try:
        return citation(codes.pop(), key)
    except UnsupportedJurisdiction:
        return None


def _retention_of_title(label: str, items: list[Claim]) -> str:
    articles = [
        str(found)
        for key in ("retention_of_title", "retention_of_title_insolvency")
        if (found := _citation(items, key)) is not None
    ]
    cited = (
        f"its articles ({', '.join(articles)}) are not in the project's checked legal reference"
        if articles
        else "its articles under the claims' law are not modelled"
    )
    return (
        f"Segment {label}: sell under a retention-of-title clause (clause de réserve de "
        f"propriété) so the goods can be claimed back if unpaid; {cited}: have them confirmed"
    )


def _segment_conditions(
    segment: Segment | None, policy: CreditPolicy, order: Money, items: list[Claim]
) -> tuple[list[Condition], Money | None, list[Reason]]:
    wanted = list(policy.conditions_for(segment or Segment.NEW))  # no profile: a new customer
    reasons: list[Reason] = []
    deposit = None
    label = segment.value if segment is not None else "new"
    for condition in wanted:
        if condition is Condition.DEPOSIT:
            deposit = (order * policy.deposit_percent / _HUNDRED).round(rounding=ROUND_UP)
            reasons.append(
                practice(
                    "order.deposit",
                    f"Segment {label}: a deposit of {policy.deposit_percent} % ({deposit})",
                    deposit=deposit,
                )
            )
        elif condition is Condition.RETENTION_OF_TITLE:
            reasons.append(practice("order.retention_of_title", _retention_of_title(label, items)))
        else:
            reasons.append(
                practice(
                    f"order.segment_{condition.value}",
                    f"Segment {label}: {condition.value.replace('_', ' ')} asked by the policy",
                )
            )
    return wanted, deposit, reasons


def _over_limit(
    before: Money, order: Money, limit: Money, policy: CreditPolicy
) -> tuple[str, Money | None, Reason]:
    """``("ok" | "deposit" | "hold", deposit, reason)`` for an order on credit."""
    after = before + order
    if after <= limit:
        return (
            "ok",
            None,
            practice(
                "order.within_limit",
                f"Exposure with the order {after} within the limit {limit}",
                exposure=after,
                limit=limit,
            ),
        )
    excess = after - limit
    tolerance = limit * policy.over_limit_tolerance_percent / _HUNDRED
    if before <= limit and excess <= tolerance:
        return (
            "deposit",
            excess,
            practice(
                "order.tolerance",
                f"Exposure with the order {after} exceeds the limit {limit} by {excess}, within the "
                f"{policy.over_limit_tolerance_percent} % tolerance: a deposit of the excess",
                excess=excess,
            ),
        )
    return (
        "hold",
        excess,
        practice(
            "order.over_limit",
            f"Exposure with the order {after} exceeds the limit {limit} by {excess}: held unless "
            "prepaid, or the excess secured by a bank guarantee or a letter of credit",
            excess=excess,
        ),
    )


def _limit_money(limit: Any, currency: str) -> Money:
    value = limit.amount if isinstance(limit, CreditLimit) else limit
    money = same_currency(to_money(value, "limit", currency=currency), currency, "limit")
    if money.amount < 0:
        raise InvalidValue("limit", money, "must not be negative")
    return money


def check_order(
    order: Any,
    claims: Any,
    *,
    as_of: DateLike,
    limit: Any = None,
    policy: CreditPolicy | None = None,
    profile: DebtorProfile | None = None,
    financials: Financials | None = None,
    delivered_not_invoiced: Any = None,
    open_orders: Any = None,
    suspend_due: Iterable[str] | None = None,
    escalation: Any = None,
) -> OrderDecision:
    """Decide whether a customer's order may ship: release, release on conditions, or hold.

    Args:
        order: The order's amount (`Money`, or a number read as EUR); positive.
        claims: The customer's claims, paid and open.
        as_of: The day.
        limit: The limit (`Money` or a [`CreditLimit`][recouvrement.credit.CreditLimit]);
            `recommend_limit` is asked when `None`.
        policy: The credit policy (the default one when `None`).
        profile: The customer's profile, when already computed.
        financials: Passed to `recommend_limit` when no limit is given.
        delivered_not_invoiced: Orders delivered not yet invoiced, as in `exposure`.
        open_orders: Other open orders (not this one), as in `exposure`.
        suspend_due: The ids of the claims whose escalation ladder suspends deliveries
            today, when the caller has the decisions; computed with `ladder_suspensions`
            (and ``escalation``) when `None`.
        escalation: The `EscalationPolicy` for `ladder_suspensions`.

    Returns:
        An [`OrderDecision`][recouvrement.credit.OrderDecision].

    Examples:
        >>> from recouvrement.sample import load_sample
        >>> sample = load_sample()
        >>> claims = [c for c in sample.claims if c.debtor.id == "D0010"]  # bad faith
        >>> decision = check_order("400", claims, as_of=sample.as_of)
        >>> decision.outcome.value, [c.value for c in decision.conditions]
        ('release_with_conditions', ['prepayment'])
    """
    day = to_date(as_of, "as_of")
    policy = _policy(policy)
    amount = to_money(order, "order")
    if amount.amount <= 0:
        raise InvalidValue("order", amount, "must be positive")
    items = [c for c in claims_list(claims) if c.issued_on <= day]
    debtor = one_debtor(items)
    same = [c for c in items if c.currency == amount.currency]
    profile = check_profile(profile)
    if profile is None and same:
        profile = profile_debtor(same, as_of=day)
    if limit is None:
        limit = recommend_limit(
            same,
            as_of=day,
            policy=policy,
            profile=profile,
            financials=financials,
            currency=amount.currency,
        )
    ceiling = _limit_money(limit, amount.currency)
    seen: Exposure = exposure(
        items, as_of=day, delivered_not_invoiced=delivered_not_invoiced, open_orders=open_orders
    )
    line = seen.line(amount.currency)
    before = line.total if line is not None else Money.zero(amount.currency)
    if suspend_due is None:
        profiles = {debtor: profile} if debtor is not None and profile is not None else None
        suspend_due = ladder_suspensions(items, as_of=day, escalation=escalation, profiles=profiles)
    decide = _Decider(debtor, day, amount, before, ceiling)
    held = deliveries_held(items, as_of=day, suspend_due=suspend_due)
    if held:
        return decide.hold(list(held), (Condition.SETTLE_ARREARS,))
    return _conditions(decide, items, profile, policy)


class _Decider:
    """Builds the decision once the outcome is known (keeps the rules short)."""

    def __init__(
        self, debtor: str | None, day: pendulum.Date, order: Money, before: Money, limit: Money
    ) -> None:
        self.debtor, self.day, self.order, self.before, self.limit = (
            debtor,
            day,
            order,
            before,
            limit,
        )

    def make(
        self,
        outcome: OrderOutcome,
        reasons: list[Reason],
        *,
        conditions: Iterable[Condition] = (),
        unlock: Iterable[Condition] = (),
        deposit: Money | None = None,
        terms: PaymentTerms | None = None,
    ) -> OrderDecision:
        return OrderDecision(
            debtor_id=self.debtor,
            as_of=self.day,
            order=self.order,
            outcome=outcome,
            conditions=tuple(dict.fromkeys(conditions)),
            unlock=tuple(dict.fromkeys(unlock)),
            deposit=deposit,
            terms=terms,
            exposure_before=self.before,
            exposure_after=self.before + self.order,
            limit=self.limit,
            reasons=tuple(reasons),
        )

    def hold(self, reasons: list[Reason], unlock: Iterable[Condition]) -> OrderDecision:
        return self.make(OrderOutcome.HOLD, reasons, unlock=unlock)


def _arrears_days(items: list[Claim], day: pendulum.Date, currency: str) -> int:
    """Days past due of the oldest overdue claim not under a plan on track nor disputed."""
    from ..decisions import plan_status

    oldest = 0
    for claim in items:
        if claim.currency != currency or not claim.is_due(as_of=day):
            continue
        if claim.outstanding(as_of=day).amount <= 0:
            continue
        if any(d.is_open(day) and d.amount is None for d in claim.events_of(Dispute, as_of=day)):
            continue
        status = plan_status(claim, as_of=day)
        if status is not None and status.on_track and not status.completed:
            continue
        oldest = max(oldest, claim.days_past_due(as_of=day))
    return oldest


def _conditions(
    decide: _Decider,
    items: list[Claim],
    profile: DebtorProfile | None,
    policy: CreditPolicy,
) -> OrderDecision:
    segment = None if profile is None else profile.segment
    insolvency = _insolvency(items, decide.day, profile)
    if insolvency is not None:
        return decide.make(
            OrderOutcome.RELEASE_WITH_CONDITIONS, [insolvency], conditions=(Condition.PREPAYMENT,)
        )
    conditions, deposit, reasons = _segment_conditions(segment, policy, decide.order, items)
    oldest = _arrears_days(items, decide.day, decide.order.currency)
    if oldest > policy.overdue_conditions_days:
        conditions.append(Condition.SETTLE_ARREARS)
        reasons.append(
            practice(
                "order.arrears",
                f"An invoice is {oldest} days overdue (more than "
                f"{policy.overdue_conditions_days}), not under a payment plan on track nor "
                "disputed: settle the arrears first",
                oldest_days_past_due=oldest,
            )
        )
    terms = None
    if Condition.PREPAYMENT in conditions:
        reasons.append(
            practice(
                "order.prepaid", "An order on prepayment adds no credit: the limit does not apply"
            )
        )
        return decide.make(
            OrderOutcome.RELEASE_WITH_CONDITIONS, reasons, conditions=(Condition.PREPAYMENT,)
        )
    verdict, excess, why = _over_limit(decide.before, decide.order, decide.limit, policy)
    if verdict == "hold":
        unlock = (Condition.PREPAYMENT, Condition.BANK_GUARANTEE, Condition.LETTER_OF_CREDIT)
        return decide.make(OrderOutcome.HOLD, [why, *reasons], unlock=unlock)
    reasons.append(why)
    if verdict == "deposit" and excess is not None:
        conditions.append(Condition.DEPOSIT)
        deposit = excess if deposit is None else max(deposit, excess)
    if Condition.SHORTER_TERMS in conditions:
        same = [c for c in items if c.currency == decide.order.currency]
        try:
            terms = propose_terms(same, as_of=decide.day, policy=policy, profile=profile).terms
        except UnsupportedJurisdiction as exc:
            terms = _terms_of(policy.terms_days_for(segment))
            reasons.append(
                practice(
                    "order.terms_unchecked",
                    f"Shorter terms from the policy, not checked against a legal maximum: no "
                    f"rules for jurisdiction {exc.jurisdiction!r}",
                )
            )
    outcome = OrderOutcome.RELEASE_WITH_CONDITIONS if conditions else OrderOutcome.RELEASE
    return decide.make(outcome, reasons, conditions=conditions, deposit=deposit, terms=terms)
