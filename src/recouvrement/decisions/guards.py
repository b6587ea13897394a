"""The generic guards of `next_action`, and the order they run in.

`guard_chain` assembles the chain: the closing guard, the jurisdiction's stay guards, the
generic guards below, the jurisdiction's legal guards, and the ladder. Each guard is a
short function with its rule in its docstring; the articles come from the jurisdiction's
[`CollectionRules`][recouvrement.decisions.engine.CollectionRules].

Examples:
    >>> from recouvrement.decisions.engine import collection_rules
    >>> [g.__name__ for g in guard_chain(collection_rules("FR"))][:4]
    ['closed', 'insolvency', 'over_indebtedness', 'profile_insolvent']
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING

from .._convert import from_ordinal
from .._dates import iso as _iso
from .._text import word
from ..actions import Action
from ..events import (
    Cancellation,
    Channel,
    Dispute,
    DisputeOutcome,
    FormalNotice,
    PaymentPlan,
    PaymentPromise,
    Reminder,
    WriteOff,
)
from ..explain import Citation, Reason, _owned
from ..history import PromiseState, latest_plan, latest_promise, plan_check, promise_check
from ..money import Money
from ..policy import Tone
from ..segments import Segment
from .agency import agency_mandate
from .costs import cost_guard
from .currency import policy_currency
from .engine import CollectionRules, Facts, Guard, Stay, reads
from .ladder import ladder, not_yet_due
from .records import Decision

if TYPE_CHECKING:
    from ..interest import AmountsDue

__all__ = [
    "ACCESSORIES_STEP",
    "below_minimum",
    "closed",
    "cost_guard",
    "dispute",
    "guard_chain",
    "payment_plan",
    "prescription_close",
    "profile_insolvent",
    "promise",
    "small_balance",
    "stayed",
    "time_barred",
]

# Every reason here has a literal code and a non-empty message: skip the validators.
_reason = Reason._unchecked


ACCESSORIES_STEP = "accessories"
"""The step id of a reminder asking for the accessories only (late-payment interest,
fixed indemnity, penalty) once the principal is paid: ``Reminder(step="accessories")``."""


def _accessory_citation(amounts: AmountsDue) -> Citation | None:
    """The article the jurisdiction gives for the accessories owed (the interest's, else the
    indemnity's)."""
    periods = amounts.detail.periods
    if amounts.interest and periods:
        return periods[-1].citation
    cited = [r.citation for r in amounts.indemnity_reasons if r.citation is not None]
    return cited[0] if cited else None


def _settled(facts: Facts, outstanding: Decimal) -> Decision:
    """1a. The principal is paid: `CLOSE`, unless accessories are still legally owed.

    Late-payment interest, the fixed indemnity and a penalty owed on a principal paid late
    (`amounts_due`) keep the claim open: a reminder asks for exactly them (step
    ``"accessories"``), then, ``review_days`` later, a formal notice; then nothing more
    automatic (`NONE`, the creditor weighs going to court for them). The policy's
    ``waive_accessories`` closes the claim instead, saying what is waived; so do
    accessories below the policy's ``min_amount`` and a time-barred claim (its accessories
    cannot be claimed in court).
    """
    claim = facts.claim
    currency = claim.amount.currency
    paid_off = facts.history.settled_day()
    due = claim.due_on.toordinal()
    if paid_off is not None and paid_off <= due:
        # Paid in full by the due date: no late-payment accessory can be owed, nothing to
        # compute (the common case over a portfolio).
        return _nothing_left(facts, outstanding, None)
    no_accessories = facts.rules.no_accessories
    if no_accessories is not None and facts.rates is None and no_accessories(claim):
        # Paid late, but the jurisdiction's interest rules owe no accessory on this claim
        # (say, the legal rate without any formal notice): `amounts_due` would find none.
        return _nothing_left(facts, outstanding, None)
    amounts, note = facts.amounts_due()
    owed = amounts.total.amount if amounts is not None else Decimal(0)
    # what the history shows: paid, or (with a credit note) settled
    how = "settled" if facts.history.credit_notes else "paid"
    # Paid late, but the accessories cannot be computed (a rate not published): not settled.
    if amounts is None and note is not None and paid_off is not None and paid_off > due:
        settled_on = from_ordinal(paid_off)
        if facts.policy.waive_accessories:
            waived = _reason(
                "guard.accessories_waived",
                f"Principal {how} late; the policy waives the late-payment accessories (not "
                "computable on this day) still owed (setting waive_accessories): closed",
                facts={"settled_on": settled_on},
            )
            return facts.decide(Action.CLOSE, [waived, note])
        unknown = _reason(
            "guard.accessories_unknown",
            f"Principal {how} late (settled on {settled_on.isoformat()}, due "
            f"{claim.due_on.isoformat()}): late-payment accessories may still be owed but "
            "cannot be computed on this day",
            facts={"settled_on": settled_on},
        )
        return facts.decide(Action.NONE, [unknown, note])
    if owed <= 0:
        return _nothing_left(facts, outstanding, note)
    assert amounts is not None
    # ``!s``: a Decimal's str, what format() gives it, at a quarter of the cost
    lines = (
        f"{owed!s} {currency} (interest {amounts.interest.amount!s}, indemnity "
        f"{amounts.indemnity.amount!s}, penalty {amounts.penalty.amount!s})"
    )
    citation = _accessory_citation(amounts)
    if facts.policy.waive_accessories:
        waived = _reason(
            "guard.accessories_waived",
            f"Principal {how}; the policy waives the {lines} of late-payment accessories "
            "still legally owed (setting waive_accessories): closed",
            citation=citation,
            facts={"waived": amounts.total},
        )
        return facts.decide(Action.CLOSE, [waived])
    minimum = facts.policy.min_amount
    if owed < minimum:
        small = _reason(
            "guard.accessories_below_minimum",
            f"Principal {how}; the {lines} of late-payment accessories still owed are below "
            f"the policy's minimum {minimum}: not chased, closed",
            citation=citation,
            facts={"owed": amounts.total, "minimum": minimum},
        )
        return facts.decide(Action.CLOSE, [small])
    prescription = facts.near_prescription()
    if prescription is not None and prescription.time_barred:
        barred = _reason(
            "guard.accessories_time_barred",
            f"Principal {how}; the {lines} of accessories still owed are time-barred since "
            f"{_iso(prescription.deadline.toordinal() + 1)}: closed",
            citation=prescription.basis,
            facts={"owed": amounts.total, "deadline": prescription.deadline},
        )
        return facts.decide(Action.CLOSE, [barred])
    still = _owned(
        "guard.accessories_owed",
        f"Principal {how} late, but {lines} of late-payment accessories are still legally "
        "owed: the claim stays open for them (the policy's waive_accessories would close it)",
        citation,
        {"owed": owed, "currency": currency},
    )
    return _chase_accessories(facts, still, amounts)


def _nothing_left(facts: Facts, outstanding: Decimal, note: Reason | None) -> Decision:
    """`CLOSE`: nothing is left to pay (with why the amounts could not be computed)."""
    settled = _settled_reason(str(outstanding), facts.claim.amount.currency)
    return facts.decide(Action.CLOSE, [settled] if note is None else [settled, note])


@lru_cache(maxsize=4096)
def _settled_reason(outstanding: str, currency: str) -> Reason:
    """The reason of a settled claim, once per balance text and currency: most closed claims
    of a portfolio share it (immutable, like the interest module's per-day reasons). Keyed
    by the text, not the value: 0 and 0.00 are equal but read differently."""
    return _owned(
        "guard.settled",
        f"Settled: nothing is left to pay ({outstanding} {currency})",
        None,
        {"outstanding": Decimal(outstanding)},
    )


def _chase_accessories(facts: Facts, still: Reason, amounts: AmountsDue) -> Decision:
    """1b. Ask for the accessories once by letter, then once by formal notice; after that
    nothing automatic: going to court for them alone is the creditor's call."""
    day, policy = facts.day, facts.policy
    reminders = [r for r in facts.history.of(Reminder) if r.step == ACCESSORIES_STEP]
    asked = [r.on.toordinal() for r in reminders]
    if not asked:
        return facts.decide(
            Action.REMINDER,
            [still],
            step=ACCESSORIES_STEP,
            channel=Channel.LETTER,
            tone=Tone.FIRM,
            amounts=amounts,
        )
    look_again = max(asked) + policy.review_days
    if day < look_again:
        return facts.decide(Action.WAIT, [still], on=look_again, step=ACCESSORIES_STEP)
    notices = [
        (n.on.toordinal(), n.cure_days)
        for n in facts.history.of(FormalNotice)
        if n.on.toordinal() >= max(asked)
    ]
    if not notices:
        return facts.decide(
            Action.FORMAL_NOTICE,
            [still],
            step=ACCESSORIES_STEP,
            tone=Tone.LEGAL,
            deadline=facts.rules.cure_deadline(day, policy.default_cure_days),
            amounts=amounts,
        )
    sent, cure = max(notices)
    cured = facts.rules.cure_deadline(sent, policy.default_cure_days if cure is None else cure)
    if day <= cured:
        return facts.decide(Action.WAIT, [still], on=cured + 1, step=ACCESSORIES_STEP)
    unpaid = _reason(
        "guard.accessories_unpaid",
        f"The accessories were asked for by {_channels(reminders)} and by formal notice (of "
        f"{_iso(sent)}) and "
        "are still unpaid: going to court for them alone is the creditor's call (weigh its "
        "cost); the policy's waive_accessories closes the claim",
        citation=facts.rules.citations.get("formal_notice"),
        facts={"notice": from_ordinal(sent)},
    )
    return facts.decide(Action.NONE, [still, unpaid])


def _channels(reminders: list[Reminder]) -> str:
    """How the reminders were sent, as recorded (``"letter"``, ``"e-mail and letter"``), in
    the channels' words of `recouvrement._text` (an acronym keeps its capitals)."""
    names = (word("channel", r.channel, "en") for r in reminders)
    words = sorted({w if w.isupper() else w.lower() for w in names})
    return " and ".join(words) if words else "reminder"


def closed(facts: Facts) -> Decision | None:
    """1. Settled, cancelled or written off: `CLOSE`."""
    history = facts.history
    outstanding = history.outstanding
    if outstanding <= 0:
        return _settled(facts, outstanding)
    if history.has(Cancellation):
        on = _iso(history.days(Cancellation)[0])
        return facts.decide(
            Action.CLOSE, [_reason("guard.cancelled", f"The claim was cancelled on {on}")]
        )
    if history.has(WriteOff):
        on = _iso(history.days(WriteOff)[0])
        return facts.decide(
            Action.CLOSE, [_reason("guard.written_off", f"The claim was written off on {on}")]
        )
    return None


def profile_insolvent(facts: Facts) -> Facts | None:
    """3. A debtor profiled insolvent with no stay recorded: hold escalation (a policy choice).

    The wait carries the prescription deadline: guards 4 and 5 still apply.
    """
    if facts.stay is not None or facts.segment is not Segment.INSOLVENT:
        return None
    reason = _reason(
        "guard.profile_insolvent",
        "The debtor is profiled insolvent but this claim records no proceeding: "
        "record the InsolvencyProceeding or OverIndebtedness event to get its "
        "deadlines. Holding escalation meanwhile is a policy choice, not a legal "
        "stay (no proceeding is recorded)",
    )
    return facts.noted(stay=Stay(reasons=(reason,), on=facts.day))


def time_barred(facts: Facts) -> Decision | None:
    """4. Time-barred: `WRITE_OFF` (the period's article comes from the prescription)."""
    prescription = facts.near_prescription()
    if prescription is None or not prescription.time_barred:
        return None
    deadline = prescription.deadline.toordinal()
    # A special regime's own words on the lapse (the jurisdiction's "prescription.lapsed.*").
    lapsed = [r for r in prescription.reasons if r.code.startswith("prescription.lapsed.")]
    return facts.decide(
        Action.WRITE_OFF,
        [
            _reason(
                "guard.time_barred",
                f"Time-barred since {_iso(deadline + 1)} ({prescription.period} from "
                f"{prescription.runs_from.isoformat()}): no legal action is possible",
                citation=prescription.basis,
                facts={"deadline": prescription.deadline},
            ),
            *lapsed,
        ],
        deadline=deadline,
    )


def prescription_close(facts: Facts) -> Decision | None:
    """5. Prescription within the policy's margin and nothing holding the clock.

    `INTERRUPT_PRESCRIPTION` with the deadline; which legal actions hold the clock and how
    to interrupt it are the jurisdiction's (``holds_clock``, ``interrupt_reasons``).
    """
    prescription = facts.near_prescription()
    if prescription is None or not prescription.running:
        return None
    deadline, day = prescription.deadline.toordinal(), facts.day
    margin = facts.policy.prescription_margin_days
    if deadline - day > margin:
        return None
    rules = facts.rules
    under_way = rules.under_way(facts)
    if any(rules.holds_clock(a, day) for a in under_way):
        return None
    close = [
        _reason(
            "guard.prescription_close",
            f"Time-barred after {_iso(deadline)}, {deadline - day} days away (margin "
            f"{margin} days)",
            citation=prescription.basis,
            facts={"deadline": prescription.deadline, "days_left": deadline - day},
        ),
        *rules.interrupt_reasons(facts, deadline, under_way),
    ]
    if facts.stay is not None:
        close = [*facts.stay.reasons, *close, *facts.stay.close_notes]
    return facts.decide(Action.INTERRUPT_PRESCRIPTION, close, deadline=deadline)


def stayed(facts: Facts) -> Decision | None:
    """5b. A stay found by the guards above: `WAIT`, with the prescription deadline."""
    stay = facts.stay
    if stay is None:
        return None
    reasons = list(stay.reasons)
    deadline: int | None = None
    prescription = facts.near_prescription()
    if prescription is not None and not prescription.time_barred:
        deadline = prescription.deadline.toordinal()
        reasons.append(
            _reason(
                "guard.stayed.prescription",
                f"Prescription: time-barred after {_iso(deadline)}"
                + ("" if prescription.running else " at the earliest (the clock is held)")
                + f"; act before {facts.policy.prescription_margin_days} days remain",
                citation=prescription.basis,
                facts={"deadline": prescription.deadline},
            )
        )
    return facts.decide(Action.WAIT, reasons, on=stay.on, deadline=deadline)


@reads(Dispute)
def dispute(facts: Facts) -> Decision | Facts | None:
    """6. Open dispute: `RESOLVE_DISPUTE`; a partial one leaves the undisputed rest to chase."""
    day, outstanding = facts.day, facts.amount
    disputes = facts.history.of(Dispute)
    if not disputes:
        return None
    rejected = any(
        d.outcome is DisputeOutcome.REJECTED
        for d in disputes
        if d.closed_on is not None and d.closed_on.toordinal() <= day
    )
    open_ = [d for d in disputes if d.closed_on is None or d.closed_on.toordinal() > day]
    if not open_:
        return facts.noted(disputed_rejected=rejected) if rejected else None
    currency = facts.claim.amount.currency
    whole = any(d.amount is None for d in open_)
    disputed = (
        outstanding
        if whole
        else min(outstanding, sum((d.amount.amount for d in open_ if d.amount), Decimal(0)))
    )
    rest = outstanding - disputed
    minimum = facts.policy_amount(facts.policy.min_amount)
    if rest <= 0 or (minimum is not None and rest < minimum):
        # since when what is said is disputed: the whole claim, or the parts still open
        since = min(d.opened_on for d in open_ if d.amount is None or not whole)
        return facts.decide(
            Action.RESOLVE_DISPUTE,
            [
                _reason(
                    "guard.dispute",
                    f"Dispute open since {since.isoformat()} on "
                    + ("the whole claim" if whole else f"{disputed} {currency}")
                    + ": resolve it before escalating",
                    facts={"disputed": disputed, "undisputed": rest},
                )
            ],
        )
    partial = _reason(
        "guard.dispute.partial",
        f"Escalation goes on for the undisputed {rest} {currency} only; the disputed "
        f"{disputed} {currency} is handled apart (resolve the dispute)",
        facts={"disputed": disputed, "undisputed": rest},
    )
    return facts.noted(partial, amount=rest, disputed=disputed, disputed_rejected=rejected)


@reads(PaymentPlan)
def payment_plan(facts: Facts) -> Decision | Facts | None:
    """7. Payment plan on track: `WAIT` for the next instalment; broken: escalate now.

    The definition of a broken plan is `recouvrement.history.plan_check`.
    """
    plan = latest_plan(facts.history.of(PaymentPlan))
    if plan is None:
        return None
    tolerance = facts.policy.plan_tolerance_days
    check = plan_check(plan, facts.history.payments, facts.day, tolerance)
    currency = facts.claim.amount.currency
    paid = Money._unchecked(check.paid, currency)
    if check.on_track:
        assert check.next_due is not None
        return facts.decide(
            Action.WAIT,
            [
                _reason(
                    "guard.plan_on_track",
                    f"Payment plan of {plan.agreed_on.isoformat()} on track ({paid} paid): "
                    f"next instalment due {_iso(check.next_due)}",
                    citation=facts.rules.citations.get("acknowledgment")
                    if plan.signed_by_debtor
                    else None,
                    facts={"paid": paid, "next_due": from_ordinal(check.next_due)},
                )
            ],
            on=check.next_due + tolerance + 1,
        )
    if check.broken_on is None:
        return None
    due = Money._unchecked(check.due, currency)
    broken = _reason(
        "guard.plan_broken",
        f"Payment plan of {plan.agreed_on.isoformat()} broken: the instalments due up to "
        f"{_iso(check.broken_on)} are not covered ({paid} paid of {due} due); "
        "escalation resumes one step up",
        facts={"broken_on": from_ordinal(check.broken_on), "paid": paid, "due": due},
    )
    return facts.noted(broken, force_now=check.broken_on)


@reads(PaymentPromise)
def promise(facts: Facts) -> Decision | Facts | None:
    """8. Payment promise pending: `WAIT` to its date plus the tolerance; broken: go on.

    The definition of a kept, pending or broken promise is `recouvrement.history.promise_check`.
    """
    found = latest_promise(facts.history.of(PaymentPromise))
    if found is None:
        return None
    tolerance = facts.policy.promise_tolerance_days
    check = promise_check(found, facts.history.payments, facts.day, tolerance)
    if check.state is PromiseState.PENDING:
        return facts.decide(
            Action.WAIT,
            [
                _reason(
                    "guard.promise_pending",
                    f"The debtor promised on {found.on.isoformat()} to pay by "
                    f"{found.promised_for.isoformat()} (+{tolerance} days of grace)",
                    facts={"promised_for": found.promised_for},
                )
            ],
            on=check.limit + 1,
        )
    if check.state is PromiseState.KEPT:
        return None
    broken = _reason(
        "guard.promise_broken",
        f"Promise to pay by {found.promised_for.isoformat()} broken: escalation resumes",
        facts={"promised_for": found.promised_for, "paid": check.paid},
    )
    return facts.noted(broken)


def small_balance(facts: Facts) -> Decision | None:
    """9. An overdue balance at or below the policy's write-off limit: `WRITE_OFF`."""
    limit = facts.policy.small_balance_write_off
    limit = None if limit is None else facts.policy_amount(limit)
    amount = facts.amount
    if limit is None or amount > limit or facts.day <= facts.claim.due_on.toordinal():
        return None
    return facts.decide(
        Action.WRITE_OFF,
        [
            _reason(
                "guard.small_balance",
                f"Balance {amount} {facts.claim.amount.currency} at or below the policy's "
                f"write-off limit {_policy_money(facts, facts.policy.small_balance_write_off)}: "
                "cheaper to write off than to chase",
                citation=facts.rules.citations.get("collection_costs"),
                facts={"outstanding": amount, "limit": limit},
            )
        ],
    )


def below_minimum(facts: Facts) -> Decision | None:
    """9b. Balance below the policy's minimum: `NONE`."""
    amount, minimum = facts.amount, facts.policy_amount(facts.policy.min_amount)
    if minimum is None or amount >= minimum:
        return None
    return facts.decide(
        Action.NONE,
        [
            _reason(
                "guard.below_minimum",
                f"Balance {amount} {facts.claim.amount.currency} below the policy's minimum "
                f"{_policy_money(facts, facts.policy.min_amount)}",
                facts={"outstanding": amount, "minimum": minimum},
            )
        ],
    )


def _policy_money(facts: Facts, amount: Decimal | None) -> str:
    """A policy amount with its currency, and in the claim's currency when converted."""
    currency = facts.claim.amount.currency
    source = facts.policy.currency or currency
    shown = f"{amount} {source}"
    if source != currency and amount is not None:
        converted = facts.policy_amount(amount)
        if converted is not None:
            shown += f" ({Money._unchecked(converted, currency).round()} at the rate supplied)"
    return shown


def guard_chain(rules: CollectionRules) -> tuple[Guard, ...]:
    """The guards of `next_action` in the order they run, for a jurisdiction's ``rules``.

    Examples:
        >>> from recouvrement.decisions.engine import collection_rules
        >>> [g.__name__ for g in guard_chain(collection_rules("FR"))][-3:]
        ['legal_exhausted', 'legal_next_route', 'ladder']
    """
    return _chain(rules)


def _chain(rules: CollectionRules) -> tuple[Guard, ...]:
    found = _CHAINS.get(rules.code)
    if found is None or found[0] is not rules:
        chain: tuple[Guard, ...] = (
            closed,
            *rules.stay_guards,
            profile_insolvent,
            agency_mandate,
            time_barred,
            prescription_close,
            stayed,
            policy_currency,
            dispute,
            payment_plan,
            promise,
            small_balance,
            below_minimum,
            not_yet_due,
            *rules.legal_guards,
            ladder,
        )
        found = _CHAINS[rules.code] = (rules, chain)
    return found[1]


_CHAINS: dict[str, tuple[CollectionRules, tuple[Guard, ...]]] = {}
