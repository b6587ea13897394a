"""French legal routes for an unpaid claim: which procedure, which court, which pre-conditions.

The amounts and periods live in ``data/fr_procedures.toml`` with their article, source,
confidence and effective dates; they are read once. The rules:

- **Small-claims procedure** (procédure simplifiée de recouvrement des petites créances,
  CPCE L125-1, R125-1): a commissaire de justice invites the debtor to agree on the amount
  and the payment terms, for a claim of contractual or statutory cause up to 5,000 EUR in
  principal and interest (from 2020-01-01). The debtor has one month to accept; silence is
  a refusal (R125-2). The costs stay with the creditor. Whether exactly 5,000 EUR is
  included is not confirmed (read here as inclusive, and said so in the reasons).
- **Payment order** (injonction de payer, CPC 1405): for an undisputed claim of
  contractual or statutory cause and of a determined amount. The order must be served
  within 6 months (3 months for orders made from 2026-09-01, CPC 1411); the debtor has one
  month to oppose (CPC 1416).
- **Summons** (assignation au fond) when the claim is disputed (a payment order would meet
  an opposition), or when the other routes failed. Before the tribunal judiciaire or the
  commercial court an avocat is required above 10,000 EUR (CPC 760, 761, 853); never before
  the juge des contentieux de la protection (JCP). The JCP is assumed only for residential
  rent; it also hears consumer credit, but the claim model has no consumer-credit flag, so
  for another consumer claim ``lawyer_required`` is ``None`` ("check the court") with a
  reason rather than an assertion.
- **Prior amicable attempt** (CPC 750-1): from 2023-10-01 a claim for 5,000 EUR or less
  before the tribunal judiciaire must follow a conciliation, a mediation or a procédure
  participative, unless for instance the creditor vainly used the small-claims procedure.
  It does not apply to a payment-order request, at either phase (Cass. 2e civ., avis,
  25 September 2025, n° 25-70.013, FS-B; confidence S): ``amicable_attempt_required`` is
  ``False`` with that reason. Before the tribunal de commerce it is not confirmed:
  ``None`` there, with a reason.
- **Tax claims** have no private route: the public accountant recovers them by its own
  titles (LPF L252 A, L274); the route returned has ``kind=None`` and ``court=None``.
- The payment order's service limit and enforceability key on ``LegalAction.ordered_on``
  (the day the order was made); without it they are counted from the request with the
  stricter rule (`recouvrement.decisions` uses them).

Examples:
    >>> from recouvrement.jurisdictions.fr.procedures import procedure_rule
    >>> rule = procedure_rule("small_claims_max", on="2025-06-30")
    >>> rule.amount, str(rule.citation), rule.confidence
    (Decimal('5000'), 'CPCE L125-1 R125-1', 'S')
    >>> procedure_rule("small_claims_max", on="2019-06-30") is None
    True
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import attrs

from ..._convert import from_ordinal, to_date
from ...actions import ACTIONS, for_route
from ...claims import Claim, ClaimNature
from ...events import LegalAction, LegalActionKind
from ...explain import Citation, Reason
from ...fx import ExchangeRates
from ...money import Money
from ...parties import PartyKind
from .procedure_data import (
    ProcedureRule,
    _add_months_ordinal,
    _rule_on,
    procedure_rule,
    procedure_rules,
    small_claims_answer_by,
)
from .small_claims import outcome_on

__all__ = [
    "LegalRoute",
    "ProcedureRule",
    "choose_legal_route",
    "clock_held_from",
    "holds_clock",
    "procedure_rule",
    "procedure_rules",
]

_C_PAYMENT_ORDER = Citation("CPC", "1405")
_C_SMALL = Citation("CPCE", "L125-1")
_C_750 = Citation("CPC", "750-1")
_C_AVIS_25_70_013 = Citation("Cass. 2e civ., avis", "25 Sep 2025, n° 25-70.013", note="CPC 750-1")
_C_COMMERCIAL_COURT = Citation("C. com.", "L721-3")
_C_COSTS = Citation("CPCE", "L111-8")
_C_TAX = Citation("LPF", "L274")
# Claims with their own collection channel: tax is recovered by the public accountant's own
# titles and procedures (LPF L252 A, L274), not by these routes: `choose_legal_route` returns
# a route with ``kind=None``.
_NO_PRIVATE_ROUTE = frozenset({ClaimNature.TAX})
# Natures heard by the juge des contentieux de la protection, before whom an avocat is never
# required (CPC 761): residential leases. Consumer credit is its other main field, but the
# claim model has no consumer-credit flag, so other consumer claims get "check the court"
# (lawyer_required=None) instead of an assertion.
_PROTECTION_JUDGE = frozenset({ClaimNature.RESIDENTIAL_RENT})


@attrs.frozen(slots=True, kw_only=True)
class LegalRoute:
    """The legal route chosen for a claim, with its pre-conditions.

    Attributes:
        kind: The [`LegalActionKind`][recouvrement.LegalActionKind] to start, or ``None``
            when no private legal route applies (a tax claim).
        court: Where: ``"commissaire de justice"``, ``"tribunal de commerce"`` or
            ``"tribunal judiciaire"``; ``None`` with no route.
        lawyer_required: Whether an avocat is required, ``None`` when not known (for the
            date, or a consumer claim whose court depends on facts the claim does not
            record).
        amicable_attempt_required: Whether a prior amicable attempt (CPC 750-1) is required:
            ``True``, ``False``, or ``None`` when it is not settled (payment order) or not
            confirmed (before the tribunal de commerce).
        reasons: Why, each with its article.
    """

    kind: LegalActionKind | None
    court: str | None
    lawyer_required: bool | None
    amicable_attempt_required: bool | None
    reasons: tuple[Reason, ...]


def clock_held_from(action: LegalAction) -> int | None:
    """The day (ordinal) from which a legal action holds the prescription clock, if it does.

    The one definition of "which legal actions hold the clock": a served action interrupts
    prescription until the proceedings end (C. civ. 2241, 2242); a small-claims procedure
    suspends it from the debtor's agreement (2238). Filing alone does neither (Cass. 1re
    civ., 9 Sep 2020, n° 19-12.006 for a payment order).

    Examples:
        >>> from recouvrement.events import LegalAction
        >>> clock_held_from(LegalAction(kind="payment_order", filed_on="2025-03-01")) is None
        True
        >>> order = LegalAction(kind="payment_order", filed_on="2025-03-01", served_on="2025-04-01")
        >>> from_ordinal(clock_held_from(order)).isoformat()
        '2025-04-01'
    """
    if action.kind is LegalActionKind.SMALL_CLAIMS:
        agreed = action.debtor_agreed_on
        return None if agreed is None else agreed.toordinal()
    served = action.served_on
    return None if served is None else served.toordinal()


def holds_clock(action: LegalAction, day: int) -> bool:
    """Whether a legal action under way on ``day`` (an ordinal) holds the prescription clock.

    See `clock_held_from`.
    """
    held = clock_held_from(action)
    return held is not None and held <= day


def _failed(action: LegalAction, day: int) -> bool:
    """Whether a past legal action ended (or lapsed) without a title, on ``day``.

    A small-claims procedure fails when the debtor refuses (or stays silent for a month)
    or when it ends without an agreement on the amount and the terms (`small_claims`).
    """
    if action.kind is LegalActionKind.SMALL_CLAIMS:
        return outcome_on(action, day, small_claims_answer_by(action)).failed
    return action.ended_on is not None and action.ended_on.toordinal() <= day


def _over(action: LegalAction, day: int) -> bool:
    """Whether a legal action is over on ``day``: failed, ended, or (small claims) ended by
    the agreement on the amount, which gives the title (CPCE L125-1)."""
    if action.kind is LegalActionKind.SMALL_CLAIMS:
        agreed = action.amount_agreed_on
        if agreed is not None and agreed.toordinal() <= day:
            return True
    return _failed(action, day) or (
        action.ended_on is not None and action.ended_on.toordinal() <= day
    )


def _order_service_limit(action: LegalAction, day: int) -> tuple[int, list[Reason]] | None:
    """The last day to serve a payment order (CPC 1411), with why; ``None`` without a rule.

    The period depends on the day the order was made (6 months, 3 months for orders made
    from 2026-09-01). With ``ordered_on`` it runs from that day under the row in force
    then. Without it, the order was made between the request and ``day``: the limit is
    counted from the request (the earliest possible order date) with the stricter of the
    rows in force at filing and on ``day``.
    """
    ordered = action.ordered_on
    if ordered is not None:
        o = ordered.toordinal()
        rule = _rule_on("payment_order_service", o)
        if rule is None or not rule.months:
            return None
        limit = _add_months_ordinal(o, rule.months)
        return limit, [
            Reason(
                "legal.serve_order",
                f"Serve the payment order made on {ordered.isoformat()} within {rule.months} months, "
                f"by {from_ordinal(limit).isoformat()}, or it is void",
                citation=rule.citation,
                facts={"ordered_on": ordered, "months": rule.months},
            )
        ]
    filed = action.filed_on.toordinal()
    rows = [
        r
        for r in (_rule_on("payment_order_service", filed), _rule_on("payment_order_service", day))
        if r is not None and r.months
    ]
    if not rows:
        return None
    rule = min(rows, key=lambda r: r.months or 0)
    assert rule.months is not None
    limit = _add_months_ordinal(filed, rule.months)
    months = sorted({r.months for r in rows if r.months})
    note = (
        f"the order date is not recorded: counted from the request of "
        f"{action.filed_on.isoformat()} with the stricter of the rules in force at filing and "
        f"today ({' or '.join(str(m) for m in months)} months)"
    )
    return limit, [
        Reason(
            "legal.serve_order",
            f"Serve the payment order within {rule.months} months of the order, or it is void; "
            f"{note}: at the latest {from_ordinal(limit).isoformat()} (record ordered_on for the "
            "exact limit)",
            citation=rule.citation,
            facts={"filed_on": action.filed_on, "months": rule.months},
        )
    ]


def _order_enforceable(action: LegalAction) -> tuple[int, int, Citation | None, str] | None:
    """(first day it can be enforced from, months, citation, note) of a served payment order.

    From 2026-09-01 the creditor may enforce 2 months after service when no opposition
    was notified (CPC 1422, décret 2026-96, for orders made from that day); before, the
    1-month opposition period (CPC 1416) applies. The rule keys on ``ordered_on``; without
    it the order was made between the request and its service, and the longer wait of the
    rules in force on those two days is used.
    """
    served = action.served_on
    if served is None:
        return None
    served_day = served.toordinal()

    def rule_for(made: int) -> ProcedureRule | None:
        found = _rule_on("payment_order_enforceable_after", made)
        return found if found is not None else _rule_on("payment_order_opposition", served_day)

    if action.ordered_on is not None:
        rule = rule_for(action.ordered_on.toordinal())
        note = ""
    else:
        rows = [
            r
            for r in (rule_for(action.filed_on.toordinal()), rule_for(served_day))
            if r is not None
        ]
        rule = max(rows, key=lambda r: r.months or 0) if rows else None
        note = (
            " (order date not recorded: the longer wait of the rules in force at filing and "
            "at service)"
        )
    months = rule.months if rule is not None and rule.months else 1
    return (
        _add_months_ordinal(served_day, months),
        months,
        rule.citation if rule is not None else None,
        note,
    )


def choose_legal_route(
    claim: Claim,
    *,
    as_of: Any,
    principal: Decimal,
    interest: Decimal = Decimal(0),
    disputed: bool = False,
    legal_actions: Iterable[LegalAction] = (),
    amicable_attempt_made: bool = False,
    exchange_rates: Any = None,
) -> LegalRoute:
    """Choose the legal route for ``claim`` on ``as_of``.

    Args:
        claim: The claim.
        as_of: The day of the decision.
        principal: Principal outstanding (the undisputed part when a dispute is open).
        interest: Interest due, counted with the principal for the small-claims threshold.
        disputed: Whether the debtor contests the claim (then: summons).
        legal_actions: Legal actions already taken; a failed small-claims procedure leads to
            a payment order, a failed payment order to a summons.
        amicable_attempt_made: Whether a conciliation or mediation already took place.
        exchange_rates: Your exchange rates (`recouvrement.fx.ExchangeRates` or a
            mapping of ISO code -> value in euros of one unit): the thresholds are in euros;
            a claim in another currency is compared with them only through these, else the
            reasons say the threshold was not compared.

    Examples:
        >>> from decimal import Decimal
        >>> from recouvrement.sample import sample_claim
        >>> route = choose_legal_route(sample_claim(), as_of="2025-06-30",
        ...                            principal=Decimal("1500"), interest=Decimal("60"))
        >>> route.kind.value, route.court, route.lawyer_required
        ('small_claims', 'commissaire de justice', False)
        >>> route = choose_legal_route(sample_claim(), as_of="2025-06-30",
        ...                            principal=Decimal("12000"))
        >>> route.kind.value, route.amicable_attempt_required
        ('payment_order', False)
    """
    day = to_date(as_of, "as_of").toordinal()
    return _choose(
        claim,
        day,
        principal,
        interest,
        disputed,
        tuple(legal_actions),
        amicable_attempt_made,
        ExchangeRates.of(exchange_rates),
    )


def _choose(
    claim: Claim,
    day: int,
    principal: Decimal,
    interest: Decimal,
    disputed: bool,
    legal_actions: tuple[LegalAction, ...],
    amicable_attempt_made: bool,
    fx: ExchangeRates | None = None,
) -> LegalRoute:
    if claim.nature in _NO_PRIVATE_ROUTE:
        # LPF L274, L252 A: a public accountant recovers tax by its own titles and
        # procedures; none of the private creditor's routes applies, disputed or not.
        return LegalRoute(
            kind=None,
            court=None,
            lawyer_required=None,
            amicable_attempt_required=None,
            reasons=(
                Reason(
                    "route.none.tax",
                    "A tax claim is recovered by the public accountant's own titles and "
                    "procedures: no small-claims procedure, payment order or summons is proposed",
                    citation=_C_TAX,
                ),
            ),
        )
    total = principal + interest
    tried = {a.kind: _failed(a, day) for a in legal_actions if a.filed_on.toordinal() <= day}
    small_failed = tried.get(LegalActionKind.SMALL_CLAIMS, False)
    kind, route_reasons = _route_kind(claim, day, principal, interest, disputed, tried, fx)
    (court, lawyer), court_reasons = _court_and_lawyer(claim, day, kind, total, fx)
    amicable, amicable_reasons = _amicable_attempt(
        claim, day, kind, court, total, small_failed or amicable_attempt_made, fx
    )
    return LegalRoute(
        kind=kind,
        court=court,
        lawyer_required=lawyer,
        amicable_attempt_required=amicable,
        reasons=(*route_reasons, *court_reasons, *amicable_reasons),
    )


def _within(
    rule: ProcedureRule, total: Decimal, currency: str, fx: ExchangeRates | None
) -> tuple[bool | None, str]:
    """Whether ``total`` (in ``currency``) is within ``rule``'s threshold, and how it was
    compared: ``None`` when the threshold is in another currency and no rate was supplied.

    A threshold fixed in euros is compared with a claim in another currency only through
    the caller's exchange rate, never one of ours.
    """
    if rule.amount is None or rule.currency is None:
        return None, ""
    threshold = Money._unchecked(rule.amount, rule.currency)
    amount = Money._unchecked(total, currency)
    how = ""
    if currency != rule.currency:
        converted = None if fx is None else fx.convert(amount, rule.currency)
        if converted is None:
            return None, ""
        how = f" ({amount} = {converted.round()} at the exchange rate supplied)"
        amount = converted
    # Money refuses to compare two currencies (CurrencyMismatch): never a silent mix.
    return (amount <= threshold if rule.inclusive else amount < threshold), how


def _no_rate_reason(rule: ProcedureRule, currency: str, what: str) -> Reason:
    """The threshold cannot be compared: it is in another currency and no rate was given."""
    return Reason(
        "route.threshold.no_rate",
        f"The {what} threshold is {rule.amount} {rule.currency} and no exchange rate for "
        f"{currency} was supplied: it is not compared with this {currency} claim (pass "
        "exchange_rates=...)",
        citation=rule.citation,
        facts={"threshold": rule.amount, "threshold_currency": rule.currency},
    )


def _small_claims_reasons(
    small: ProcedureRule, principal: Decimal, interest: Decimal, currency: str, how: str = ""
) -> list[Reason]:
    """Why the small-claims procedure (CPCE L125-1, R125-2)."""
    total = principal + interest
    reasons: list[Reason] = []
    note = ""
    if small.amount is not None and total == small.amount:
        note = (
            " (exactly at the threshold: whether it is included is not confirmed, "
            "read here as inclusive)"
        )
    reasons.append(
        Reason(
            "route.small_claims",
            f"Principal and interest {total} {currency}{how} are within the small-claims "
            f"threshold of {small.amount} {small.currency}{note}: a commissaire de justice "
            "invites the debtor to take part; only an agreement on the amount and the terms "
            "of payment becomes an enforceable title",
            citation=small.citation,
            facts={"principal": principal, "interest": interest, "threshold": small.amount},
        )
    )
    reasons.append(_SMALL_CLAIMS_COSTS)
    return reasons


# Immutable and constant: built once.
_SMALL_CLAIMS_COSTS = Reason(
    "route.small_claims.costs",
    "The debtor has one month to accept (silence is a refusal); the costs of the "
    "procedure stay with the creditor, and trying it in vain exempts a later court "
    "claim from the prior amicable attempt",
    citation=Citation("CPCE", "R125-2"),
)


def _route_kind(
    claim: Claim,
    day: int,
    principal: Decimal,
    interest: Decimal,
    disputed: bool,
    tried: dict[LegalActionKind, bool],
    fx: ExchangeRates | None = None,
) -> tuple[LegalActionKind, list[Reason]]:
    """Which route: summons when disputed, else small claims, payment order, summons.

    ``tried`` maps each route already taken to whether it failed.
    """
    currency = claim.amount.currency
    total = principal + interest
    reasons: list[Reason] = []
    small_failed = tried.get(LegalActionKind.SMALL_CLAIMS, False)
    order_failed = tried.get(LegalActionKind.PAYMENT_ORDER, False)
    small = _rule_on("small_claims_max", day)
    within, how = (None, "") if small is None else _within(small, total, currency, fx)
    kind: LegalActionKind
    if disputed:
        kind = LegalActionKind.SUMMONS
        reasons.append(
            Reason(
                "route.summons.disputed",
                "The debtor disputes the claim: a payment order would meet an opposition, so the "
                "claim goes to a hearing on the merits (summons)",
                citation=Citation("CPC", "1416"),
            )
        )
    elif (
        small is not None
        and not small_failed
        and LegalActionKind.SMALL_CLAIMS not in tried
        and within
    ):
        kind = LegalActionKind.SMALL_CLAIMS
        reasons.extend(_small_claims_reasons(small, principal, interest, currency, how))
    elif not order_failed and LegalActionKind.PAYMENT_ORDER not in tried:
        kind = LegalActionKind.PAYMENT_ORDER
        if small is not None and not small_failed and within is None:
            reasons.append(_no_rate_reason(small, currency, "small-claims"))
        why = (
            f"principal and interest {total} {currency}{how} above the small-claims threshold "
            f"of {small.amount} {small.currency}"
            if small is not None and not small_failed and within is False
            else "not weighed against the small-claims threshold (see above)"
            if small is not None and not small_failed
            else (
                "after a small-claims procedure that gave no title"
                if small_failed
                else "with no small-claims threshold known for the date or currency"
            )
        )
        reasons.append(
            Reason(
                "route.payment_order",
                f"An undisputed claim of contractual cause and of a determined amount, {why}: "
                "request a payment order (injonction de payer) from the judge of the debtor's "
                "domicile",
                citation=_C_PAYMENT_ORDER,
                facts={"principal": principal, "interest": interest},
            )
        )
    else:
        kind = LegalActionKind.SUMMONS
        reasons.append(
            Reason(
                "route.summons.after_failure",
                "The simpler routes were tried without result: summons before the court",
            )
        )
    if small_failed:
        reasons.append(
            Reason(
                "route.small_claims.failed",
                "A small-claims procedure was tried without an agreement on the amount and the "
                "terms of payment (refused, no answer within one month, or no agreement): no "
                "title",
                citation=Citation("CPCE", "R125-2"),
            )
        )

    return kind, reasons


def _court_and_lawyer(
    claim: Claim, day: int, kind: LegalActionKind, total: Decimal, fx: ExchangeRates | None = None
) -> tuple[tuple[str, bool | None], list[Reason]]:
    """Which court hears the route, and whether an avocat is required (CPC 760, 761, 853)."""
    currency = claim.amount.currency
    reasons: list[Reason] = []
    professional = claim.debtor.kind is PartyKind.PROFESSIONAL and (
        claim.creditor.kind is PartyKind.PROFESSIONAL
    )
    lawyer: bool | None = False
    if kind is LegalActionKind.SMALL_CLAIMS:
        court = "commissaire de justice"
    else:
        court = "tribunal de commerce" if professional else "tribunal judiciaire"
        if professional:
            reasons.append(
                Reason(
                    "route.court.commercial",
                    "Between professionals: the commercial court has jurisdiction",
                    citation=_C_COMMERCIAL_COURT,
                )
            )
        if kind is LegalActionKind.PAYMENT_ORDER:
            reasons.append(
                Reason(
                    "route.lawyer.payment_order",
                    "The request may be filed by the creditor or any representative: no avocat is "
                    "needed to file it",
                    citation=Citation("CPC", "1407"),
                )
            )
        else:
            rule_id = (
                "lawyer_not_required_max_commercial"
                if professional
                else "lawyer_not_required_max_civil"
            )
            rule = _rule_on(rule_id, day)
            if claim.nature in _PROTECTION_JUDGE and not professional:
                lawyer = False
                reasons.append(
                    Reason(
                        "route.lawyer.protection_judge",
                        "A residential-lease claim goes to the juge des contentieux de la protection, "
                        "before whom an avocat is never required",
                        citation=Citation("CPC", "761"),
                    )
                )
            elif claim.nature is ClaimNature.CONSUMER and not professional:
                lawyer = None
                reasons.append(
                    Reason(
                        "route.lawyer.check_court",
                        "A consumer claim goes to the juge des contentieux de la protection (no "
                        "avocat ever required) only in its fields, such as consumer credit, which the "
                        "claim does not record; otherwise the tribunal judiciaire's rule applies (an "
                        "avocat above 10,000 EUR): check the court",
                        citation=Citation("CPC", "761"),
                    )
                )
            elif rule is None or _within(rule, total, currency, fx)[0] is None:
                lawyer = None
                reasons.append(
                    Reason(
                        "route.lawyer.unknown",
                        "Whether an avocat is required is not known for this date"
                        if rule is None
                        else f"Whether an avocat is required is not known: the threshold is "
                        f"{rule.amount} {rule.currency} and no exchange rate for {currency} "
                        "was supplied",
                    )
                )
            else:
                within, how = _within(rule, total, currency, fx)
                lawyer = not within
                reasons.append(
                    Reason(
                        "route.lawyer",
                        f"An avocat is {'required' if lawyer else 'not required'}: the claim"
                        f"{how} is {'above' if lawyer else 'within'} {rule.amount} {rule.currency}",
                        citation=rule.citation,
                        facts={"claim": total, "threshold": rule.amount},
                    )
                )

    return (court, lawyer), reasons


def _amicable_attempt(
    claim: Claim,
    day: int,
    kind: LegalActionKind,
    court: str,
    total: Decimal,
    exempt: bool,
    fx: ExchangeRates | None = None,
) -> tuple[bool | None, list[Reason]]:
    """Whether a prior amicable attempt is required (CPC 750-1).

    ``exempt``: a small-claims procedure was tried in vain, or a conciliation or
    mediation already took place.
    """
    currency = claim.amount.currency
    reasons: list[Reason] = []
    amicable: bool | None = False
    attempt = _rule_on("amicable_attempt_max", day)
    within, how = (None, "") if attempt is None else _within(attempt, total, currency, fx)
    if (
        attempt is not None
        and within is None
        and kind not in (LegalActionKind.SMALL_CLAIMS, LegalActionKind.PAYMENT_ORDER)
    ):
        reasons.append(_no_rate_reason(attempt, currency, "prior amicable attempt"))
        return None, reasons
    if attempt is not None and within is not False:
        if kind is LegalActionKind.SMALL_CLAIMS:
            amicable = False
            reasons.append(
                Reason(
                    "route.amicable.small_claims",
                    f"Below {attempt.amount} {attempt.currency} a court claim needs a prior amicable "
                    "attempt; using the small-claims procedure in vain is one of the exemptions",
                    citation=_C_750,
                )
            )
        elif kind is LegalActionKind.PAYMENT_ORDER:
            amicable = False
            reasons.append(
                Reason(
                    "route.amicable.payment_order",
                    "No prior amicable attempt is required to apply for a payment order, at "
                    "either phase (the request, or after the debtor's opposition): CPC 750-1 "
                    "does not apply to this special procedure (Cour de cassation, avis of "
                    "25 September 2025, n° 25-70.013; confidence S, the avis as quoted)",
                    citation=_C_AVIS_25_70_013,
                )
            )
        elif court != "tribunal judiciaire":
            amicable = None
            reasons.append(
                Reason(
                    "route.amicable.not_confirmed",
                    f"The prior amicable attempt required below {attempt.amount} {attempt.currency} "
                    "is a rule of the tribunal judiciaire's procedure; whether it applies before the "
                    f"{court} is not confirmed: check it",
                    citation=_C_750,
                )
            )
        elif exempt:
            amicable = False
            reasons.append(
                Reason(
                    "route.amicable.exempt",
                    "The prior amicable attempt required below "
                    f"{attempt.amount} {attempt.currency} is met or exempted (small-claims "
                    "procedure tried in vain, or conciliation/mediation held)",
                    citation=_C_750,
                )
            )
        else:
            amicable = True
            reasons.append(
                Reason(
                    "route.amicable.required",
                    f"The claim{how} is {attempt.amount} {attempt.currency} or less: attempt "
                    "conciliation, "
                    "mediation or a procédure participative first, on pain of inadmissibility",
                    citation=_C_750,
                    facts={"claim": total, "threshold": attempt.amount},
                )
            )
    return amicable, reasons


def route_cost_key(kind: LegalActionKind) -> str:
    """The key of a route in a policy's ``route_costs`` (``"small_claims"``...).

    Read from the action table (`recouvrement.actions.ACTIONS`): an interim action is
    followed up, and costed, as a summons.

    Examples:
        >>> route_cost_key(LegalActionKind.PAYMENT_ORDER)
        'payment_order'
    """
    key = ACTIONS[for_route(kind)].cost_key
    assert key is not None
    return key


COSTS_CITATION = _C_COSTS
"""CPCE L111-8: collection costs without an enforceable title stay with the creditor."""
