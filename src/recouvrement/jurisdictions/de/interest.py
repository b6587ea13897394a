"""German default interest (Verzugszinsen) and the 40 EUR lump sum (called through
`recouvrement.interest.late_interest` for a claim whose ``jurisdiction`` is ``"DE"``).

Rules encoded (German reference §2, confidence in brackets):

- **Start**: from the day after default starts (§ 286 BGB; see
  [`recouvrement.jurisdictions.de.terms`][recouvrement.jurisdictions.de.terms]).
- **Rate** (§ 288 Abs. 1-2, P): base rate (§ 247 BGB, per half-year, table
  ``data/de_base_rate.csv``) + 9 points for an Entgeltforderung when **no consumer is on
  either side**, + 5 points otherwise (a consumer creditor or debtor, or a money debt
  that is not payment for goods or services). Obligations arising up to 28.07.2014
  (read from ``issued_on``) keep + 8 points in B2B (Art. 229 § 34 EGBGB, S).
- **Contractual rate** (§ 288 Abs. 3, P): a higher agreed rate applies; a lower one is
  applied with a warning (between businesses, § 288 Abs. 6 voids a grossly unfair limit).
- **No rate is extrapolated**: a half-year missing from the base-rate table raises
  `RateNotPublished`; pass ``base_rates=`` with the Bundesbank's new row.
- **40 EUR lump sum** (§ 288 Abs. 5, P): per late Entgeltforderung (invoice, EuGH
  C-585/20) of a debtor who is **not a consumer**, for obligations after 28.07.2014;
  none on wage claims (BAG 8 AZR 26/18, S). It is **credited against** justified costs
  of legal pursuit: ``extra_indemnity`` is the part of those costs beyond the 40 EUR
  (as in French law's API), so the total is the costs, never costs + 40.
- **Insolvency** (§ 39 Abs. 1 Nr. 1 InsO, P): interest after the opening is a
  subordinated claim; accrual shown here stops the day before the opening.
- **Allocation** (§ 367 BGB, P): costs, then interest, then principal.
  ``allocation="interest_first"`` follows it for interest and principal (costs are
  reported separately and paid by what exceeds both, see `amounts_due`);
  ``"principal_first"`` models an agreement otherwise, and the reasons say so.
  `allocate_payment` splits one payment exactly in the statutory order (also § 497
  Abs. 3 for consumer loans).
- **Conventions (U)**: actual/365 by default; the payment day counts (a payment reduces
  the base from the next day) unless ``payment_day_counts=False``.

Not encoded: § 289 (no interest on interest: none is computed), § 291 (interest from
court pendency without default), §§ 352, 353 HGB (4-5 % from the due date between
merchants), § 497 consumer-loan margins.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs
import pendulum

from ..._convert import from_ordinal
from ...claims import Claim, ClaimNature
from ...errors import InvalidType, InvalidValue
from ...events import InsolvencyProceeding
from ...explain import Citation, Reason
from ...interest import LateInterest, RateTables
from ...money import Money, to_money
from ...parties import PartyKind
from ...rates import RateTable
from .._national.accrual import Segment, accrue
from .._national.rules import rate_table, rule_book
from .terms import default_start, is_entgeltforderung

__all__ = [
    "B2B",
    "NONE",
    "OTHER",
    "Allocation",
    "allocate_payment",
    "base_rate_table",
    "late_interest_de",
    "regime_of",
]

_PACKAGE = "recouvrement.jurisdictions.de"
B2B = "commercial"
OTHER = "base_plus_5"
NONE = "none"

BGB_247 = Citation("BGB", "§ 247")
BGB_288_3 = Citation("BGB", "§ 288", note="Abs. 3")
BGB_288_5 = Citation("BGB", "§ 288", note="Abs. 5")
BGB_367 = Citation("BGB", "§ 367")
BGB_497 = Citation("BGB", "§ 497", note="Abs. 3")
INSO_39 = Citation("InsO", "§ 39", note="Abs. 1 Nr. 1")
_BIG = 10**9


_REGIME_REASON = {
    B2B: Reason(
        "interest.regime.commercial",
        "Payment for goods or services with no consumer on either side: default interest at "
        "the base rate + 9 points",
        citation=Citation("BGB", "§ 288", note="Abs. 2"),
    ),
    OTHER: Reason(
        "interest.regime.base_plus_5",
        "Default interest at the base rate + 5 points (a consumer is a party, or the debt is "
        "not payment for goods or services)",
        citation=Citation("BGB", "§ 288", note="Abs. 1"),
    ),
}


def base_rate_table() -> RateTable:
    """The packaged Basiszinssatz table (§ 247 BGB), 2014 H1 onward.

    Examples:
        >>> base_rate_table().rate_on("2025-07-01")
        Decimal('1.27')
    """
    return rate_table(_PACKAGE, "de_base_rate.csv")


def regime_of(claim: Claim) -> str:
    """``"commercial"`` (base + 9), ``"base_plus_5"`` (§ 288 Abs. 1) or ``"none"`` (tax).

    Examples:
        >>> from recouvrement.sample import sample_claim
        >>> regime_of(sample_claim())
        'commercial'
    """
    if claim.nature is ClaimNature.TAX:
        return NONE
    consumer = PartyKind.INDIVIDUAL in (claim.creditor.kind, claim.debtor.kind)
    if is_entgeltforderung(claim) and not consumer and claim.nature is not ClaimNature.WAGES:
        return B2B
    return OTHER


def _segments(
    claim: Claim, regime: str, lo: int, hi: int, base: RateTable, reasons: list[Reason]
) -> list[Segment]:
    book = rule_book(_PACKAGE, "de_payment_terms.toml")
    issued = claim.issued_on.toordinal()
    rule = book.get("margin_b2b" if regime == B2B else "margin_other", on=issued)
    margin = rule.value
    contractual = claim.terms.late_interest_rate if claim.terms is not None else None
    segments: list[Segment] = []
    for a, b, rate in base.spans(lo, hi):
        statutory = rate + margin
        reasons.append(
            Reason._unchecked(
                "interest.de.rate",
                f"{from_ordinal(a).isoformat()} to {from_ordinal(b).isoformat()}: base rate "
                f"{rate} % + {margin} points = {statutory} %",
                citation=rule.citation,
                facts={"base_rate": rate, "margin": margin, "rate": statutory},
            )
        )
        if contractual is not None and contractual != statutory:
            higher = contractual > statutory
            reasons.append(
                Reason._unchecked(
                    "interest.de.contractual_rate",
                    f"Agreed rate {contractual} % applied instead of {statutory} %"
                    + (
                        ""
                        if higher
                        else ": check it, a limit on default interest between businesses is "
                        "void if grossly unfair (§ 288 Abs. 6)"
                    ),
                    citation=BGB_288_3,
                    facts={"contractual": contractual, "statutory": statutory},
                )
            )
            segments.append((a, b, contractual, BGB_288_3))
        else:
            segments.append((a, b, statutory, rule.citation))
    return segments


def _insolvency_stop(claim: Claim, last: int) -> tuple[int, Reason | None]:
    """The last day of interest shown: the day before the earliest proceedings opened after
    the claim arose (§ 39 InsO), whatever the order the events were recorded in."""
    issued = claim.issued_on.toordinal()
    opened = [
        day
        for event in claim.events
        if isinstance(event, InsolvencyProceeding)
        and issued < (day := event.opened_on.toordinal()) <= last
    ]
    if not opened:
        return last, None
    first = min(opened)
    return first - 1, Reason(
        "interest.de.insolvency",
        f"Insolvency proceedings opened on {from_ordinal(first).isoformat()}: "
        "interest after the opening is a subordinated claim and is not shown",
        citation=INSO_39,
    )


def _lump_sum(
    claim: Claim, regime: str, anchor: int | None, last: int, extra: Money | None
) -> tuple[Money, list[Reason]]:
    zero = Money._unchecked(Decimal(0), claim.currency).round()
    if anchor is None or anchor >= last or claim.nature is ClaimNature.TAX:
        return zero, []
    rule = rule_book(_PACKAGE, "de_payment_terms.toml").get("lump_sum")
    if not is_entgeltforderung(claim) or claim.debtor.kind is PartyKind.INDIVIDUAL:
        return zero, [
            Reason(
                "indemnity.de.none",
                "No 40 EUR lump sum: it is due on payment for goods or services by a debtor "
                "who is not a consumer",
                citation=rule.citation,
            )
        ]
    if claim.nature is ClaimNature.WAGES:
        return zero, [
            Reason(
                "indemnity.de.wages",
                "No 40 EUR lump sum on wage claims (§ 12a ArbGG, BAG 8 AZR 26/18)",
                citation=rule.citation,
            )
        ]
    if rule.effective_from and claim.issued_on < rule.effective_from:
        return zero, [
            Reason(
                "indemnity.de.before_in_force",
                "No 40 EUR lump sum: the obligation arose before 29.07.2014 (Art. 229 § 34 EGBGB)",
                citation=rule.citation,
            )
        ]
    if claim.currency != "EUR":
        return zero, [
            Reason(
                "indemnity.currency",
                f"The 40 EUR lump sum is due but the claim is in {claim.currency}: convert it",
                citation=rule.citation,
            )
        ]
    reasons = [
        Reason(
            "indemnity.de.lump_sum",
            "40 EUR lump sum for a debtor in default who is not a consumer, per invoice",
            citation=rule.citation,
            facts={"amount": rule.value},
        )
    ]
    amount = rule.value
    if extra is not None and extra.amount > 0:
        amount += extra.amount
        reasons.append(
            Reason(
                "indemnity.de.credited",
                f"Justified costs of legal pursuit beyond the 40 EUR ({extra}) are added: the "
                "40 EUR is credited against those costs, so it is never paid twice",
                citation=BGB_288_5,
                facts={"costs_beyond_lump_sum": extra.amount},
            )
        )
    return Money._unchecked(amount, "EUR").round(), reasons


def late_interest_de(
    claim: Claim,
    as_of: pendulum.Date,
    *,
    interest_first: bool,
    actual_actual: bool,
    tables: RateTables | None = None,
    extra_indemnity: Money | None = None,
    base_rates: RateTable | None = None,
    invoice_notice: bool = False,
    due_date_agreed: bool = True,
    shift_30_day_rule: bool = False,
    payment_day_counts: bool = True,
    **_ignored: Any,
) -> LateInterest:
    """Compute German default interest (see the module docstring for the rules).

    French-only options passed by the dispatcher (``start_half_year``...) are ignored.

    Examples:
        >>> from recouvrement.claims import Claim, Payment
        >>> from recouvrement.parties import Creditor, Debtor
        >>> claim = Claim(id="DE-1", creditor=Creditor(id="C", name="GmbH", kind="professional",
        ...     country="DE"), debtor=Debtor(id="D", name="AG", kind="professional",
        ...     country="DE"), nature="commercial", amount="10000", issued_on="2025-01-02",
        ...     due_on="2025-02-01", payments=[Payment(on="2025-09-30", amount="10000")],
        ...     jurisdiction="DE")
        >>> li = late_interest_de(claim, pendulum.Date(2025, 12, 31), interest_first=False,
        ...     actual_actual=False, payment_day_counts=False)
        >>> li.interest, li.indemnity   # german-law.md §2.2 worked example
        (Money('716.11', 'EUR'), Money('40.00', 'EUR'))
    """
    if not isinstance(claim, Claim):
        raise InvalidType("claim", claim, "Claim")
    for name, flag in (("payment_day_counts", payment_day_counts),):
        if not isinstance(flag, bool):
            raise InvalidType(name, flag, "bool")
    if base_rates is not None and not isinstance(base_rates, RateTable):
        raise InvalidType("base_rates", base_rates, "RateTable or None")
    base = base_rates if base_rates is not None else base_rate_table()
    currency = claim.currency
    zero = Money._unchecked(Decimal(0), currency).round()
    regime = regime_of(claim)
    reasons: list[Reason] = []
    if regime in _REGIME_REASON:
        reasons.append(_REGIME_REASON[regime])
    default = default_start(
        claim,
        as_of=as_of,
        invoice_notice=invoice_notice,
        due_date_agreed=due_date_agreed,
        shift_30_day_rule=shift_30_day_rule,
    )
    reasons.extend(default.reasons)
    last, stop = _insolvency_stop(claim, as_of.toordinal())
    if stop is not None:
        reasons.append(stop)
    segments: list[Segment] = []
    anchor = default.anchor
    if regime == NONE:
        reasons.append(Reason("interest.regime.none", "Interest on tax claims is not modelled"))
    elif anchor is not None and anchor + 1 <= last:
        segments = _segments(claim, regime, anchor + 1, last, base, reasons)
    accrual = accrue(
        claim,
        segments,
        last_day=as_of.toordinal(),
        interest_first=interest_first,
        actual_actual=actual_actual,
        payment_day_counts=payment_day_counts,
    )
    reasons.append(_allocation_reason(interest_first, accrual.interest_paid, currency))
    if accrual.settled is not None:
        stops = from_ordinal(accrual.settled).isoformat()
        on = accrual.settled_on
        if on is None or on == accrual.settled:
            said = f"Interest stops on {stops}, the day the principal was paid in full"
        else:
            said = (
                f"Interest stops on {stops}, the day before the principal was paid or credited "
                f"in full on {from_ordinal(on).isoformat()}"
            )
        reasons.append(Reason("interest.stopped_paid", said))
    paid_by_due = claim.outstanding(as_of=from_ordinal(anchor)) if anchor is not None else None
    late = paid_by_due is not None and paid_by_due.amount > 0
    indemnity, extra_reasons = _lump_sum(
        claim, regime, anchor if late else None, as_of.toordinal(), extra_indemnity
    )
    reasons.extend(extra_reasons)
    accrued = Money._unchecked(accrual.accrued, currency)
    interest = accrued.round()
    return LateInterest(
        claim_id=claim.id,
        as_of=as_of,
        regime=regime,
        periods=accrual.periods,
        accrued=accrued,
        interest=interest,
        indemnity=indemnity if indemnity.amount else zero,
        penalty=zero,
        total=interest + (indemnity if indemnity.amount else zero),
        interest_paid=Money._unchecked(accrual.interest_paid, currency),
        reasons=tuple(reasons),
        allocation="interest_first" if interest_first else "principal_first",
        day_count="actual/actual" if actual_actual else "actual/365",
    )


def _allocation_reason(interest_first: bool, paid: Decimal, currency: str) -> Reason:
    if interest_first:
        return Reason(
            "interest.allocation.interest_first",
            "Allocation § 367 BGB: partial payments go to costs, then interest, then "
            f"principal ({paid} {currency} applied to interest; costs are shown apart)",
            citation=BGB_367,
            facts={"allocation": "interest_first", "interest_paid": paid},
        )
    return Reason(
        "interest.allocation.principal_first",
        "Allocation 'principal_first': payments go to principal first. § 367 BGB puts costs, "
        "then interest, before principal (allocation='interest_first'); this models an "
        "agreement otherwise",
        citation=BGB_367,
        facts={"allocation": "principal_first"},
    )


@attrs.frozen(slots=True, kw_only=True)
class Allocation:
    """How one payment is split (§ 367 BGB, or § 497 Abs. 3 for consumer loans)."""

    costs: Money
    interest: Money
    principal: Money
    unapplied: Money
    reasons: tuple[Reason, ...]


def allocate_payment(
    payment: Any,
    *,
    costs: Any,
    interest: Any,
    principal: Any,
    consumer_loan: bool = False,
) -> Allocation:
    """Split ``payment`` over what is owed in the statutory order.

    § 367 BGB: costs, then interest, then principal. Consumer loans (§ 497 Abs. 3 BGB):
    costs, then principal, then interest.

    Examples:
        >>> a = allocate_payment("500", costs="30", interest="50", principal="1000")
        >>> a.costs, a.interest, a.principal   # german-law.md §2.2 example: 580 EUR left
        (Money('30.00', 'EUR'), Money('50.00', 'EUR'), Money('420.00', 'EUR'))
        >>> allocate_payment("500", costs="30", interest="50", principal="1000",
        ...                  consumer_loan=True).interest
        Money('0.00', 'EUR')
    """
    pay = to_money(payment, "payment")
    owed = {
        "costs": to_money(costs, "costs"),
        "interest": to_money(interest, "interest"),
        "principal": to_money(principal, "principal"),
    }
    for name, value in (("payment", pay), *owed.items()):
        if value.amount < 0:
            raise InvalidValue(name, value, "must not be negative")
        if value.currency != pay.currency:
            raise InvalidValue(name, value, f"must be in {pay.currency}")
    order = (
        ("costs", "principal", "interest") if consumer_loan else ("costs", "interest", "principal")
    )
    left = pay.amount
    taken: dict[str, Money] = {}
    for name in order:
        take = min(left, owed[name].amount)
        taken[name] = Money._unchecked(take, pay.currency).round()
        left -= take
    citation = BGB_497 if consumer_loan else BGB_367
    reason = Reason(
        "allocation.de",
        f"Payment applied to {', then '.join(order)}",
        citation=citation,
        facts={k: v.amount for k, v in taken.items()},
    )
    return Allocation(
        costs=taken["costs"],
        interest=taken["interest"],
        principal=taken["principal"],
        unapplied=Money._unchecked(left, pay.currency).round(),
        reasons=(reason,),
    )
