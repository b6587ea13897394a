"""Payment plans: where a plan stands, and a proposal that sums exactly to what is due."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal
from typing import Any

from .._convert import from_ordinal, to_date, to_int
from ..calendar import add_months
from ..claims import Claim
from ..errors import InvalidType, InvalidValue
from ..events import Instalment, PaymentPlan
from ..explain import Reason
from ..history import ClaimHistory, latest_plan, plan_check
from ..interest import amounts_due
from ..money import Money
from .engine import collection_rules
from .records import PlanProposal, PlanStatus

__all__ = ["check_claim", "plan_status", "propose_payment_plan"]


def check_claim(claim: Any) -> Claim:
    """``claim`` if it is a `Claim` whose jurisdiction has collection rules.

    Raises:
        InvalidType: Not a `Claim`.
        UnsupportedJurisdiction: No collection rules for its jurisdiction.
    """
    if not isinstance(claim, Claim):
        raise InvalidType("claim", claim, "Claim")
    collection_rules(claim.jurisdiction)
    return claim


_check_claim = check_claim


def plan_status(claim: Claim, *, as_of: Any, tolerance_days: int = 0) -> PlanStatus | None:
    """Where the claim's latest payment plan stands on ``as_of`` (``None`` without a plan).

    A plan is **broken** when what was paid since it was agreed does not cover the
    instalments whose due date plus ``tolerance_days`` has passed (the one definition,
    `recouvrement.history.plan_check`, also used by profiling).

    Examples:
        >>> from recouvrement.claims import Claim, Payment
        >>> from recouvrement.events import Instalment, PaymentPlan
        >>> from recouvrement.parties import Creditor, Debtor
        >>> claim = Claim(id="F-9", creditor=Creditor(id="C", name="Acme", kind="professional"),
        ...     debtor=Debtor(id="D", name="Martin SARL", kind="professional"),
        ...     nature="commercial", amount="900", issued_on="2025-01-01", due_on="2025-01-31",
        ...     payments=[Payment(on="2025-03-01", amount="300")],
        ...     events=[PaymentPlan(agreed_on="2025-02-15", instalments=[
        ...         Instalment(due_on="2025-03-01", amount="300"),
        ...         Instalment(due_on="2025-04-01", amount="300"),
        ...         Instalment(due_on="2025-05-01", amount="300")])])
        >>> plan_status(claim, as_of="2025-03-15").on_track
        True
        >>> status = plan_status(claim, as_of="2025-04-10", tolerance_days=5)
        >>> status.on_track, status.broken_on
        (False, Date(2025, 4, 1))
    """
    day = to_date(as_of, "as_of").toordinal()
    tolerance = to_int(tolerance_days, "tolerance_days")
    if tolerance < 0:
        raise InvalidValue("tolerance_days", tolerance, "must not be negative")
    history = ClaimHistory(claim, as_of=day)
    plan = latest_plan(history.of(PaymentPlan))
    if plan is None:
        return None
    check = plan_check(plan, history.payments, day, tolerance)
    currency = claim.amount.currency
    return PlanStatus(
        plan=plan,
        on_track=check.on_track,
        broken_on=None if check.broken_on is None else from_ordinal(check.broken_on),
        next_due=None if check.next_due is None else from_ordinal(check.next_due),
        due=Money._unchecked(check.due, currency),
        paid=Money._unchecked(check.paid, currency),
        completed=check.completed,
    )


def propose_payment_plan(
    claim: Claim,
    *,
    as_of: Any,
    instalments: int,
    first_due: Any,
    months_between: int = 1,
    amount: Money | None = None,
) -> PlanProposal:
    """Propose a payment plan: ``instalments`` monthly payments summing exactly to what is due.

    Args:
        claim: The claim.
        as_of: The day of the proposal.
        instalments: How many instalments (at least 1).
        first_due: The first instalment's due date (on or after ``as_of``); the others
            follow every ``months_between`` months on the same day (the last day of a
            shorter month, CPC 641 style).
        months_between: Months between instalments.
        amount: The amount to spread; by default the total due (principal, interest,
            indemnity, penalty) from `recouvrement.interest.amounts_due`.

    Returns:
        A [`PlanProposal`][recouvrement.decisions.PlanProposal]: equal instalments rounded
        down to the cent, the rounding remainder on the last one. ``to_plan()`` gives the
        `PaymentPlan` event to record once agreed.

    Examples:
        >>> from recouvrement.money import Money
        >>> from recouvrement.sample import sample_claim
        >>> p = propose_payment_plan(sample_claim(), as_of="2025-06-30", instalments=3,
        ...                          first_due="2025-07-31", amount=Money("1000.00"))
        >>> [(str(i.due_on), str(i.amount)) for i in p.instalments]
        [('2025-07-31', '333.33 EUR'), ('2025-08-31', '333.33 EUR'), ('2025-09-30', '333.34 EUR')]
        >>> p.to_plan().total == p.total
        True
    """
    claim = _check_claim(claim)
    day = to_date(as_of, "as_of")
    count = to_int(instalments, "instalments")
    if count < 1:
        raise InvalidValue("instalments", count, "must be at least 1")
    step = to_int(months_between, "months_between")
    if step < 1:
        raise InvalidValue("months_between", step, "must be at least 1")
    first = to_date(first_due, "first_due")
    if first <= day:
        # the total is what is owed after the day's payments: an instalment of that day
        # could only be paid by a payment already deducted from it
        raise InvalidValue("first_due", first, f"must be after as_of ({day.isoformat()})")
    reasons: list[Reason] = []
    if amount is None:
        due = amounts_due(claim, as_of=day)
        total = due.total
        reasons.append(
            Reason(
                "plan.amount",
                f"Spreads the total due on {day.isoformat()}: principal {due.principal}, interest "
                f"{due.interest}, indemnity {due.indemnity}, penalty {due.penalty}",
                facts={"total": total},
            )
        )
    else:
        if not isinstance(amount, Money):
            raise InvalidType("amount", amount, "Money")
        if amount.currency != claim.amount.currency:
            raise InvalidValue(
                "amount", amount, f"is not in the claim's currency {claim.amount.currency}"
            )
        total = amount.round()
        reasons.append(Reason("plan.amount", f"Spreads {total} as asked", facts={"total": total}))
    quantum = Money.zero(total.currency).round().amount.as_tuple().exponent
    unit = Decimal(1).scaleb(int(quantum))
    if total.amount < unit * count:
        raise InvalidValue(
            "instalments", count, f"too many for {total}: each instalment must be positive"
        )
    regular = (total.amount / count).quantize(unit, rounding=ROUND_DOWN)
    last_amount = total.amount - regular * (count - 1)
    schedule = tuple(
        Instalment(
            due_on=add_months(first, i * step),
            amount=Money._unchecked(last_amount if i == count - 1 else regular, total.currency),
        )
        for i in range(count)
    )
    reasons.append(
        Reason(
            "plan.schedule",
            f"{count} instalment(s) every {step} month(s) from {first.isoformat()}; the rounding "
            "remainder is on the last one. Once signed by the debtor the plan acknowledges the "
            "debt and interrupts prescription",
            citation=collection_rules(claim.jurisdiction).citations.get("acknowledgment"),
        )
    )
    return PlanProposal(agreed_on=day, instalments=schedule, total=total, reasons=tuple(reasons))
