"""The next action on a claim: what to do now, on which channel, and why.

`next_action` answers "what do we do about this claim today?". It checks the **guards**
first, in this order, then climbs the policy's **ladder**:

1. settled, cancelled or written off -> `CLOSE`;
2. insolvency proceeding open -> individual actions are stayed (C. com. L622-21): declare
   the claim before its deadline (`DECLARE_CLAIM`, C. com. R622-24), wait once declared,
   ask for relief from foreclosure inside its window (L622-26), write off after;
3. over-indebtedness case admissible -> enforcement is suspended (C. consom. L722-2): wait,
   with the prescription deadline (the same for a debtor profiled insolvent with no
   proceeding recorded: a policy choice, not a legal stay). Guards 4-5 still apply: only
   enforcement is suspended, and an acknowledgment or an action for a title is not
   enforcement;
4. time-barred -> `WRITE_OFF`;
5. prescription within the policy's margin (90 days) and nothing holding the clock ->
   `INTERRUPT_PRESCRIPTION` (an acknowledgment, C. civ. 2240, or a legal action, 2241).
   Only a served action (2241) or a small-claims procedure agreed by the debtor (2238)
   holds it: a payment order or summons filed but not served does not;
6. open dispute -> `RESOLVE_DISPUTE` for the disputed part; the ladder goes on for the
   undisputed rest;
7. payment plan on track -> `WAIT` until the next instalment; a missed instalment breaks
   the plan and the next step of the ladder is taken at once;
8. payment promise pending -> `WAIT` until the promised date plus the tolerance; a broken
   promise resumes the ladder;
9. outstanding below the policy's minimum -> `NONE` (or `WRITE_OFF` of a small balance when
   the policy says so);
10. not yet due -> `NONE`, or a pre-due courtesy reminder when the debtor's track has one.

Then an enforceable title leads to `ENFORCEMENT`, an unserved judgment to having it served
(step ``serve_judgment``: the 10 years of CPCE L111-4 run from service, so it is never
time-barred meanwhile), a pending legal action to `WAIT` (its ``deadline`` the earlier of
the procedural limit and the prescription deadline while it does not hold the clock), a
failed one to the next route; otherwise the **ladder**: the first step above the highest
step done whose trigger has passed.

**Steps done** are read from the claim's history: a `Reminder` carrying the step id
(``Reminder(step="firm")``) marks that step done; otherwise the events of the step's kind
(`FormalNotice`, `DeliverySuspension`, `AgencyHandover`, `PaymentPlan`, `LegalAction`,
`EnforcementAct`, `WriteOff`, and reminders without a known step id) mark the steps of that
kind done in ladder order.

**Catch-up.** A claim moves at most one step per evaluation and never goes back down: the
next step is always the first one above the highest step done. A claim evaluated after a
long gap (or imported with no history) therefore starts with the first step not done, now,
and each later step keeps its nominal spacing from the step before it *as actually done*
(a ``days_after_due`` trigger fires no earlier than the previous step's date plus the
nominal gap between the two). Nothing is skipped silently: a step the claim does not
qualify for (below its minimum amount) is skipped with a reason.

**Legal route.** After a formal notice whose cure period has passed, the French rules choose
the route (`recouvrement.jurisdictions.fr.procedures`): the small-claims procedure up to
5,000 EUR in principal and interest (CPCE L125-1), a payment order for an undisputed claim of
a determined amount (CPC 1405), a summons when the claim is disputed; the reasons say when a
prior amicable attempt is required (CPC 750-1) and when an avocat is. A **cost guard** hands
the claim to an agency (or writes it off) when the expected recovery does not cover the
cost of the route (costs without an enforceable title stay with the creditor, CPCE L111-8).

Decisions are pure and deterministic: only what is dated on or before ``as_of`` counts.

Examples:
    >>> from recouvrement.decisions import next_action
    >>> from recouvrement.sample import sample_claim
    >>> decision = next_action(sample_claim(), as_of="2025-06-30")
    >>> decision.action.value, decision.step, str(decision.on)
    ('small_claims_procedure', 'legal', '2025-06-30')
    >>> print(decision.reasons[0])
    Step 'legal' of the 'fr-default' ladder (legal route): due since 2025-04-11
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Iterator, Mapping
from decimal import ROUND_DOWN, Decimal
from typing import TYPE_CHECKING, Any, Literal

import attrs
import pendulum

from ._convert import from_ordinal, to_date, to_enum, to_int
from .calendar import add_months
from .claims import Claim
from .errors import (
    InvalidType,
    InvalidValue,
    RateNotPublished,
    UnsupportedJurisdiction,
)
from .events import (
    AgencyHandover,
    Cancellation,
    Channel,
    ClaimDeclaration,
    DeliverySuspension,
    Dispute,
    DisputeOutcome,
    EnforcementAct,
    Event,
    FormalNotice,
    InsolvencyProceeding,
    Instalment,
    Judgment,
    LegalAction,
    LegalActionKind,
    Mediation,
    OverIndebtedness,
    PaymentPlan,
    PaymentPromise,
    Reminder,
    WriteOff,
)
from .explain import Citation, Reason
from .interest import AmountsDue, amounts_due
from .jurisdictions.fr import procedures as _fr
from .money import Money
from .policy import (
    Action,
    EscalationPolicy,
    PolicyStep,
    Tone,
    TriggerKind,
)
from .prescription import claim_declaration_deadline, prescription_deadline
from .segments import Segment

if TYPE_CHECKING:
    import polars as pl

__all__ = [
    "Action",
    "DebtorAction",
    "Decision",
    "PlanProposal",
    "PlanStatus",
    "debtor_actions",
    "next_action",
    "next_actions",
    "plan_status",
    "propose_payment_plan",
    "resolve_policy",
    "simulate",
]

# -- citations (module constants: built once) ---------------------------------------------

_C_STAY = Citation("C. com.", "L622-21")
_C_DECLARE = Citation("C. com.", "R622-24")
_C_DECLARED = Citation("C. com.", "L622-25-1")
_C_RELIEF = Citation("C. com.", "L622-26")
_C_RELIEF_LATE = Citation("C. com.", "L622-26", note="al. 2")
_C_OVERINDEBTED = Citation("C. consom.", "L722-2")
_C_OVERINDEBTED_PAY = Citation("C. consom.", "L722-5")
_C_ACK = Citation("C. civ.", "2240")
_C_LEGAL_INTERRUPTS = Citation("C. civ.", "2241")
_C_NOTICE = Citation("C. civ.", "1344")
_C_COSTS = Citation("CPCE", "L111-8")
_C_TITLE = Citation("CPCE", "L111-3")
_C_DEFAULT_JUDGMENT = Citation("CPC", "478")
_C_SMALL_AGREED = Citation("CPCE", "L125-1")
_C_SUSPENDS = Citation("C. civ.", "2238")
_C_ORDER_NOT_SERVED = Citation("Cass. 1re civ.", "9 Sep 2020, n° 19-12.006")
_C_SERVICE_STARTS = Citation("Cass. 2e civ.", "5 Oct 2023, n° 20-23.523")

_ROUTE_ACTION = {
    LegalActionKind.SMALL_CLAIMS: Action.SMALL_CLAIMS_PROCEDURE,
    LegalActionKind.PAYMENT_ORDER: Action.PAYMENT_ORDER,
    LegalActionKind.SUMMONS: Action.SUMMONS,
    LegalActionKind.INTERIM: Action.SUMMONS,
}
_ACTION_ROUTE = {
    Action.SMALL_CLAIMS_PROCEDURE: LegalActionKind.SMALL_CLAIMS,
    Action.PAYMENT_ORDER: LegalActionKind.PAYMENT_ORDER,
    Action.SUMMONS: LegalActionKind.SUMMONS,
}
_DONE_TYPE: dict[Action, type[Any]] = {
    Action.REMINDER: Reminder,
    Action.FORMAL_NOTICE: FormalNotice,
    Action.PAYMENT_PLAN_OFFER: PaymentPlan,
    Action.SUSPEND_DELIVERIES: DeliverySuspension,
    Action.AGENCY_HANDOVER: AgencyHandover,
    Action.SMALL_CLAIMS_PROCEDURE: LegalAction,
    Action.PAYMENT_ORDER: LegalAction,
    Action.SUMMONS: LegalAction,
    Action.ENFORCEMENT: EnforcementAct,
    Action.WRITE_OFF: WriteOff,
}
# No French prescription period is shorter than one year (transport, C. com. L133-6;
# an agreed period is at least one year, C. civ. 2254): a claim whose prescription started
# less than a year (less the margin) ago cannot be close to it. This shortcut saves the
# prescription computation for young claims.
_SHORTEST_PRESCRIPTION_DAYS = 360
_FAR = 10**7


# -- records -----------------------------------------------------------------------------


@attrs.frozen(slots=True, kw_only=True)
class Decision:
    """What to do about one claim, when, how, and why.

    Attributes:
        claim_id: The claim's id.
        as_of: The day of the decision.
        action: The [`Action`][recouvrement.policy.Action].
        on: The day to act: ``as_of`` when the action is due now; for `WAIT` and `NONE`,
            the first day the decision may change (the next step's date, the end of a
            promise's grace, the next instalment...).
        channel: The [`Channel`][recouvrement.Channel] of a communication.
        step: The id of the policy step carried out (record it on the event:
            ``Reminder(step=...)``), or of the next step when waiting for it.
        tone: The [`Tone`][recouvrement.policy.Tone] of a communication.
        amounts: What is owed (`recouvrement.interest.AmountsDue`) for the actions that ask
            for money, go to court or write off; ``None`` for `NONE`, `WAIT` and `CLOSE`, and
            when a needed rate is not published yet (a reason says so).
        deadline: The legal deadline that matters, if any (declaration, relief window,
            prescription, service of an order...).
        reasons: Why, each with its article where a rule applies.
        segment: The debtor segment whose track was used, if any.
        policy: The name of the policy applied.
    """

    claim_id: str
    as_of: pendulum.Date
    action: Action
    on: pendulum.Date
    channel: Channel | None = None
    step: str | None = None
    tone: Tone | None = None
    amounts: AmountsDue | None = None
    deadline: pendulum.Date | None = None
    reasons: tuple[Reason, ...] = ()
    segment: Segment | None = None
    policy: str = ""

    @property
    def due_now(self) -> bool:
        """Whether something is to be done on ``as_of`` (not `NONE`, `WAIT` or later)."""
        return self.on <= self.as_of and self.action not in (Action.NONE, Action.WAIT)

    def explain(self) -> str:
        """A readable, multi-line explanation.

        Examples:
            >>> from recouvrement.sample import sample_claim
            >>> print(next_action(sample_claim(), as_of="2025-02-20").explain())
            F-2025-0042 on 2025-02-20: reminder by email (courteous), step 'courteous'
              - Step 'courteous' of the 'fr-default' ladder (reminder by email, courteous): due since 2025-02-19
        """
        how = ""
        if self.channel is not None:
            how = f" by {self.channel.value}"
        if self.tone is not None and self.action not in (Action.WAIT, Action.NONE):
            how += f" ({self.tone.value})"
        head = f"{self.claim_id} on {self.as_of.isoformat()}: {self.action.value}{how}"
        if self.step:
            head += f", step {self.step!r}"
        if self.on != self.as_of:
            head += f", on {self.on.isoformat()}"
        if self.deadline is not None:
            head += f", deadline {self.deadline.isoformat()}"
        return "\n".join([head, *(f"  - {r}" for r in self.reasons)])

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-compatible dict."""
        return {
            "claim_id": self.claim_id,
            "as_of": self.as_of.isoformat(),
            "action": self.action.value,
            "on": self.on.isoformat(),
            "channel": None if self.channel is None else self.channel.value,
            "step": self.step,
            "tone": None if self.tone is None else self.tone.value,
            "amounts": None if self.amounts is None else self.amounts.to_dict(),
            "deadline": None if self.deadline is None else self.deadline.isoformat(),
            "reasons": [r.to_dict() for r in self.reasons],
            "segment": None if self.segment is None else self.segment.value,
            "policy": self.policy,
        }

    def _repr_html_(self) -> str:
        """HTML for notebooks: action, date, channel, step, tone, amounts, reasons."""
        from .display import decision_html

        return decision_html(self)

    def to_frame(self, *, floats: bool = False) -> pl.DataFrame:
        """This decision as a one-row Polars frame (see `display.decisions_to_frame`).

        Examples:
            >>> from recouvrement.sample import sample_claim
            >>> next_action(sample_claim(), as_of="2025-06-30").to_frame().item(0, "action")
            'small_claims_procedure'
        """
        from .display import decisions_to_frame

        return decisions_to_frame([self], floats=floats)


@attrs.frozen(slots=True, kw_only=True)
class PlanStatus:
    """Where a payment plan stands on a date.

    Attributes:
        plan: The [`PaymentPlan`][recouvrement.PaymentPlan] looked at (the latest agreed).
        on_track: Whether every instalment past its grace has been paid.
        broken_on: The due date of the first instalment missed, if the plan is broken.
        next_due: The due date of the next instalment not yet paid, if any.
        due: What the instalments past their grace add up to.
        paid: What was paid since the plan was agreed.
        completed: Whether every instalment has been paid.
    """

    plan: PaymentPlan
    on_track: bool
    broken_on: pendulum.Date | None
    next_due: pendulum.Date | None
    due: Money
    paid: Money
    completed: bool


@attrs.frozen(slots=True, kw_only=True)
class PlanProposal:
    """A proposed payment plan: instalments summing exactly to the amount due.

    Attributes:
        agreed_on: The day it is proposed (``as_of``).
        instalments: The [`Instalment`][recouvrement.Instalment]s.
        total: Their sum: the amount due.
        reasons: How the amount and the schedule were set.
    """

    agreed_on: pendulum.Date
    instalments: tuple[Instalment, ...]
    total: Money
    reasons: tuple[Reason, ...] = ()

    def to_plan(self, *, agreed_on: Any = None) -> PaymentPlan:
        """The [`PaymentPlan`][recouvrement.PaymentPlan] event to record once agreed."""
        day = self.agreed_on if agreed_on is None else to_date(agreed_on, "agreed_on")
        return PaymentPlan(agreed_on=day, instalments=self.instalments)


@attrs.frozen(slots=True, kw_only=True)
class DebtorAction:
    """One communication for all of a debtor's claims, at the highest step reached.

    Attributes:
        debtor_id: The debtor's id.
        as_of: The day of the decision.
        action: The grouped communication (`REMINDER`, `PAYMENT_PLAN_OFFER`,
            `SUSPEND_DELIVERIES`, `FORMAL_NOTICE`), or `NONE` when none is due.
        on: ``as_of``, or the first day one of the claims needs something.
        channel: Its channel (the highest step's).
        step: The highest step's id.
        tone: Its tone.
        claim_ids: The claims the communication covers (those with a communication due).
        also_overdue: Other overdue claims on the ladder, to mention in the communication.
        total: What the covered claims owe (the amounts due, or the outstanding balance when
            amounts are not available), when they share one currency.
        decisions: Every claim's own decision, in input order (legal routes, closures...
            stay claim by claim).
        reasons: Why this communication.
    """

    debtor_id: str
    as_of: pendulum.Date
    action: Action
    on: pendulum.Date
    channel: Channel | None
    step: str | None
    tone: Tone | None
    claim_ids: tuple[str, ...]
    also_overdue: tuple[str, ...]
    total: Money | None
    decisions: tuple[Decision, ...]
    reasons: tuple[Reason, ...] = ()

    def _repr_html_(self) -> str:
        """HTML for notebooks: the grouped communication, then each claim's decision."""
        from .display import debtor_action_html

        return debtor_action_html(self)

    def to_frame(self, *, floats: bool = False) -> pl.DataFrame:
        """Each claim's decision, one row per claim (see `display.decisions_to_frame`).

        Examples:
            >>> from recouvrement.sample import load_sample
            >>> sample = load_sample()
            >>> grouped = debtor_actions(sample.claims, as_of=sample.as_of)
            >>> grouped[0].to_frame().height == len(grouped[0].decisions)
            True
        """
        from .display import decisions_to_frame

        return decisions_to_frame(self.decisions, floats=floats)


# -- inputs ------------------------------------------------------------------------------


def _segment(profile: Any) -> Segment | None:
    if profile is None:
        return None
    if isinstance(profile, Segment):
        return profile
    if isinstance(profile, str):
        return to_enum(Segment, profile, "profile")
    segment = getattr(profile, "segment", None)
    if isinstance(segment, Segment):
        return segment
    raise InvalidType("profile", profile, "a DebtorProfile, a Segment or None")


def _policy(policy: Any) -> EscalationPolicy:
    if policy is None:
        return EscalationPolicy.default()
    if isinstance(policy, EscalationPolicy):
        return policy
    if isinstance(policy, Mapping):
        return EscalationPolicy.from_dict(policy)
    raise InvalidType("policy", policy, "an EscalationPolicy, a dict or None")


def resolve_policy(
    claim: Claim,
    *,
    policy: EscalationPolicy | None = None,
    policies: Mapping[str, EscalationPolicy] | None = None,
    debtor_policies: Mapping[str, EscalationPolicy] | None = None,
) -> EscalationPolicy:
    """The policy that applies to ``claim``: the claim's, else the debtor's, else the default.

    Args:
        claim: The claim.
        policy: The fallback policy (`EscalationPolicy.default()` when ``None``).
        policies: Policies by claim id.
        debtor_policies: Policies by debtor id.

    Examples:
        >>> from recouvrement.sample import sample_claim
        >>> strict = EscalationPolicy.default().ladder("bad_faith")
        >>> custom = EscalationPolicy(name="strict", steps=strict)
        >>> resolve_policy(sample_claim(), debtor_policies={"MARTIN": custom}).name
        'strict'
        >>> resolve_policy(sample_claim()).name
        'fr-default'
    """
    if policies is not None:
        found = policies.get(claim.id)
        if found is not None:
            return _policy(found)
    if debtor_policies is not None:
        found = debtor_policies.get(claim.debtor.id)
        if found is not None:
            return _policy(found)
    return _policy(policy)


# -- helpers -----------------------------------------------------------------------------


def _amounts(
    claim: Claim, as_of: pendulum.Date, rates: Any = None
) -> tuple[AmountsDue | None, Reason | None]:
    try:
        return amounts_due(claim, as_of=as_of, rates=rates), None
    except RateNotPublished as exc:
        return None, Reason(
            "amounts.unavailable",
            f"Amounts due not computed: {exc.message}; thresholds use the principal only",
            facts={"table": exc.table},
        )


def _end_of_month(day: int) -> int:
    d = _dt.date.fromordinal(day)
    following = _dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return following.toordinal() - 1


def _add_months(day: int, months: int) -> int:
    return add_months(from_ordinal(day), months).toordinal()


def _iso(day: int) -> str:
    return _dt.date.fromordinal(day).isoformat()


def _describe(step: PolicyStep) -> str:
    if step.is_legal_route:
        return "legal route"
    action = step.action
    assert isinstance(action, Action)
    text = action.value.replace("_", " ")
    if step.channel is not None:
        text += f" by {step.channel.value.replace('_', ' ')}"
    return f"{text}, {step.tone.value}"


class _History:
    """The claim's events dated on or before the evaluation day, by kind."""

    __slots__ = (
        "cancelled",
        "declarations",
        "disputes",
        "enforcements",
        "handovers",
        "judgments",
        "kinds",
        "legal",
        "mediation",
        "notices",
        "over_indebtedness",
        "plans",
        "proceedings",
        "promises",
        "reminders",
        "written_off",
    )

    def __init__(self, events: tuple[Event, ...], day: int) -> None:
        self.cancelled = self.written_off = _FAR
        self.reminders: list[tuple[int, str | None]] = []
        self.notices: list[tuple[int, int | None]] = []
        self.disputes: list[Dispute] = []
        self.promises: list[PaymentPromise] = []
        self.plans: list[PaymentPlan] = []
        self.legal: list[LegalAction] = []
        self.judgments: list[Judgment] = []
        self.enforcements: list[int] = []
        self.proceedings: list[InsolvencyProceeding] = []
        self.declarations: list[int] = []
        self.over_indebtedness: list[OverIndebtedness] = []
        self.handovers: list[int] = []
        self.mediation = False
        self.kinds: dict[type[Any], list[int]] = {}
        kinds = self.kinds
        for event in events:
            cls = type(event)
            if cls is Reminder:
                o = event.on.toordinal()  # type: ignore[union-attr]
                if o <= day:
                    self.reminders.append((o, event.step))  # type: ignore[union-attr]
            elif cls is Dispute:
                if event.opened_on.toordinal() <= day:  # type: ignore[union-attr]
                    self.disputes.append(event)  # type: ignore[arg-type]
            elif cls is PaymentPromise:
                if event.on.toordinal() <= day:  # type: ignore[union-attr]
                    self.promises.append(event)  # type: ignore[arg-type]
            elif cls is PaymentPlan:
                o = event.agreed_on.toordinal()  # type: ignore[union-attr]
                if o <= day:
                    self.plans.append(event)  # type: ignore[arg-type]
                    kinds.setdefault(PaymentPlan, []).append(o)
            elif cls is LegalAction:
                o = event.filed_on.toordinal()  # type: ignore[union-attr]
                if o <= day:
                    self.legal.append(event)  # type: ignore[arg-type]
                    kinds.setdefault(LegalAction, []).append(o)
            elif cls is FormalNotice:
                o = event.on.toordinal()  # type: ignore[union-attr]
                if o <= day:
                    self.notices.append((o, event.cure_days))  # type: ignore[union-attr]
                    kinds.setdefault(FormalNotice, []).append(o)
            elif cls is Judgment:
                if event.on.toordinal() <= day:  # type: ignore[union-attr]
                    self.judgments.append(event)  # type: ignore[arg-type]
            elif cls is EnforcementAct:
                o = event.on.toordinal()  # type: ignore[union-attr]
                if o <= day and not event.conservatory:  # type: ignore[union-attr]
                    self.enforcements.append(o)
                    kinds.setdefault(EnforcementAct, []).append(o)
            elif cls is InsolvencyProceeding:
                if event.opened_on.toordinal() <= day:  # type: ignore[union-attr]
                    self.proceedings.append(event)  # type: ignore[arg-type]
            elif cls is ClaimDeclaration:
                o = event.on.toordinal()  # type: ignore[union-attr]
                if o <= day:
                    self.declarations.append(o)
            elif cls is OverIndebtedness:
                if event.admissible_on.toordinal() <= day:  # type: ignore[union-attr]
                    self.over_indebtedness.append(event)  # type: ignore[arg-type]
            elif cls is AgencyHandover:
                o = event.on.toordinal()  # type: ignore[union-attr]
                if o <= day:
                    self.handovers.append(o)
                    kinds.setdefault(AgencyHandover, []).append(o)
            elif cls is DeliverySuspension:
                o = event.on.toordinal()  # type: ignore[union-attr]
                if o <= day:
                    kinds.setdefault(DeliverySuspension, []).append(o)
            elif cls is WriteOff:
                o = event.on.toordinal()  # type: ignore[union-attr]
                if o <= day:
                    self.written_off = min(self.written_off, o)
                    kinds.setdefault(WriteOff, []).append(o)
            elif cls is Cancellation:
                o = event.on.toordinal()  # type: ignore[union-attr]
                if o <= day:
                    self.cancelled = min(self.cancelled, o)
            elif cls is Mediation and event.start.toordinal() <= day:  # type: ignore[union-attr]
                self.mediation = True
        for values in kinds.values():
            values.sort()
        self.reminders.sort(key=lambda pair: pair[0])
        self.notices.sort(key=lambda pair: pair[0])


def _paid_between(claim: Claim, start: int, end: int) -> Decimal:
    total = Decimal(0)
    for payment in claim.payments:
        o = payment.on.toordinal()
        if start <= o <= end:
            total += payment.amount.amount
    return total


def _plan_status(claim: Claim, plan: PaymentPlan, day: int, tolerance: int) -> PlanStatus:
    agreed = plan.agreed_on.toordinal()
    paid = _paid_between(claim, agreed, day)
    due = Decimal(0)
    cumulative = Decimal(0)
    broken_on: int | None = None
    next_due: int | None = None
    for instalment in plan.instalments:
        o = instalment.due_on.toordinal()
        cumulative += instalment.amount.amount
        if o + tolerance < day:
            due = cumulative
            if broken_on is None and paid < cumulative:
                broken_on = o
        elif next_due is None and paid < cumulative:
            next_due = o
    completed = paid >= cumulative
    currency = claim.amount.currency
    return PlanStatus(
        plan=plan,
        on_track=broken_on is None and not completed,
        broken_on=None if broken_on is None else from_ordinal(broken_on),
        next_due=None if next_due is None else from_ordinal(next_due),
        due=Money._unchecked(due, currency),
        paid=Money._unchecked(paid, currency),
        completed=completed,
    )


def plan_status(claim: Claim, *, as_of: Any, tolerance_days: int = 0) -> PlanStatus | None:
    """Where the claim's latest payment plan stands on ``as_of`` (``None`` without a plan).

    A plan is **broken** when what was paid since it was agreed does not cover the
    instalments whose due date plus ``tolerance_days`` has passed.

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
    history = _History(claim.events, day)
    if not history.plans:
        return None
    plan = max(history.plans, key=lambda p: p.agreed_on)
    return _plan_status(claim, plan, day, tolerance)


# -- the engine --------------------------------------------------------------------------

_ACTING = frozenset(Action) - {Action.NONE, Action.WAIT, Action.CLOSE}


class _Ctx:
    """One evaluation: the claim, the day and the policy, and how to build decisions."""

    __slots__ = ("as_of", "claim", "day", "extra", "policy", "rates", "segment", "with_amounts")

    def __init__(
        self,
        claim: Claim,
        day: int,
        as_of: pendulum.Date,
        policy: EscalationPolicy,
        segment: Segment | None,
        with_amounts: bool,
        rates: Any = None,
    ) -> None:
        self.rates = rates
        self.claim = claim
        self.day = day
        self.as_of = as_of
        self.policy = policy
        self.segment = segment
        self.with_amounts = with_amounts
        self.extra: list[Reason] = []

    def decide(
        self,
        action: Action,
        reasons: list[Reason],
        *,
        on: int | None = None,
        step: PolicyStep | str | None = None,
        channel: Channel | None = None,
        tone: Tone | None = None,
        deadline: int | pendulum.Date | None = None,
        amounts: AmountsDue | None = None,
    ) -> Decision:
        all_reasons = reasons + self.extra
        if amounts is None and action in _ACTING and self.with_amounts:
            amounts, note = _amounts(self.claim, self.as_of, self.rates)
            if note is not None:
                all_reasons.append(note)
        step_id: str | None
        if isinstance(step, PolicyStep):
            step_id = step.id
            if channel is None:
                channel = step.channel
            if tone is None:
                tone = step.tone
        else:
            step_id = step
        when = self.as_of if on is None or on == self.day else from_ordinal(on)
        if isinstance(deadline, int):
            deadline = from_ordinal(deadline)
        return Decision(
            claim_id=self.claim.id,
            as_of=self.as_of,
            action=action,
            on=when,
            channel=channel,
            step=step_id,
            tone=tone,
            amounts=amounts,
            deadline=deadline,
            reasons=tuple(all_reasons),
            segment=self.segment,
            policy=self.policy.name,
        )


def _declaration(proceeding: InsolvencyProceeding, outside: bool) -> tuple[int, int, list[Reason]]:
    """(declaration deadline, relief deadline, reasons) of a published proceeding."""
    found = claim_declaration_deadline(proceeding, creditor_outside_metropolitan_france=outside)
    return (found.deadline.toordinal(), found.relief_deadline.toordinal(), list(found.reasons))


def _prescription(ctx: _Ctx, history: _History) -> Any:
    claim = ctx.claim
    start = min(claim.due_on.toordinal(), claim.issued_on.toordinal())
    if claim.prescription_starts_on is not None:
        start = min(start, claim.prescription_starts_on.toordinal())
    if ctx.day - start + ctx.policy.prescription_margin_days < _SHORTEST_PRESCRIPTION_DAYS:
        return None
    return prescription_deadline(claim, as_of=ctx.as_of)


def _holds_clock(action: LegalAction, day: int) -> bool:
    """Whether a legal action under way on ``day`` interrupts or suspends prescription.

    A served action interrupts until the proceedings end (C. civ. 2241, 2242); the debtor's
    agreement to the small-claims procedure suspends (2238). Filing alone does neither.
    """
    if action.kind is LegalActionKind.SMALL_CLAIMS:
        agreed = action.debtor_agreed_on
        return agreed is not None and agreed.toordinal() <= day
    served = action.served_on
    return served is not None and served.toordinal() <= day


def _not_holding_reasons(pending: list[LegalAction], deadline: int) -> list[Reason]:
    """Why the actions under way do not hold the clock (filed, not served or agreed)."""
    reasons: list[Reason] = []
    for action in pending:
        if action.kind is LegalActionKind.SMALL_CLAIMS:
            if action.debtor_agreed_on is None:
                reasons.append(
                    Reason(
                        "legal.not_interrupting.small_claims",
                        f"The small-claims procedure of {action.filed_on.isoformat()} suspends "
                        "prescription only from the debtor's agreement, not recorded yet",
                        citation=_C_SUSPENDS,
                    )
                )
        elif action.served_on is None:
            what = action.kind.value.replace("_", " ")
            reasons.append(
                Reason(
                    "legal.not_interrupting",
                    f"The {what} filed on {action.filed_on.isoformat()} is not served: only its "
                    f"service interrupts prescription; serve it by {_iso(deadline)}",
                    citation=_C_ORDER_NOT_SERVED
                    if action.kind is LegalActionKind.PAYMENT_ORDER
                    else _C_LEGAL_INTERRUPTS,
                )
            )
    return reasons


def _title(history: _History, day: int) -> tuple[int | None, list[Reason]]:
    """The day an enforceable title was obtained, if any."""
    best: int | None = None
    reasons: list[Reason] = []
    for judgment in history.judgments:
        served = judgment.served_on
        if served is not None and served.toordinal() <= day:
            o = served.toordinal()
            if best is None or o > best:
                best = o
                reasons = [
                    Reason(
                        "title.judgment",
                        f"Judgment of {judgment.on.isoformat()} served on {served.isoformat()}: "
                        "an enforceable title",
                        citation=_C_TITLE,
                        facts={"judgment": judgment.on, "served_on": served},
                    )
                ]
    for action in history.legal:
        if action.kind is LegalActionKind.SMALL_CLAIMS:
            agreed = action.debtor_agreed_on
            if agreed is not None and agreed.toordinal() <= day:
                o = agreed.toordinal()
                if best is None or o > best:
                    best = o
                    reasons = [
                        Reason(
                            "title.small_claims",
                            f"The debtor agreed to the small-claims procedure on {agreed.isoformat()}: "
                            "the commissaire de justice's title is enforceable",
                            citation=_C_SMALL_AGREED,
                            facts={"agreed_on": agreed},
                        )
                    ]
        elif action.kind is LegalActionKind.PAYMENT_ORDER and action.served_on is not None:
            served_day = action.served_on.toordinal()
            ended = action.ended_on is not None and action.ended_on.toordinal() <= day
            if ended or served_day > day:
                continue
            # CPC 1416 / 1422: keyed on the order date (ordered_on), else the longer wait.
            enforceable = _fr._order_enforceable(action)
            assert enforceable is not None
            ready, months, citation, note = enforceable
            if day > ready and (best is None or ready > best):
                best = ready
                reasons = [
                    Reason(
                        "title.payment_order",
                        f"Payment order served on {action.served_on.isoformat()} with no opposition "
                        f"within {months} month(s){note}: it can be made enforceable",
                        citation=citation,
                        facts={"served_on": action.served_on},
                    )
                ]
    return best, reasons


def _decide(ctx: _Ctx) -> Decision:
    claim, day, policy = ctx.claim, ctx.day, ctx.policy
    outstanding = claim.outstanding(as_of=ctx.as_of).amount
    currency = claim.amount.currency
    history = _History(claim.events, day)

    # 1. Settled, cancelled, written off.
    if outstanding <= 0:
        return ctx.decide(
            Action.CLOSE,
            [
                Reason(
                    "guard.settled",
                    f"Settled: nothing is left to pay ({outstanding} {currency})",
                    facts={"outstanding": outstanding},
                )
            ],
        )
    if history.cancelled <= day:
        return ctx.decide(
            Action.CLOSE,
            [Reason("guard.cancelled", f"The claim was cancelled on {_iso(history.cancelled)}")],
        )
    if history.written_off <= day:
        return ctx.decide(
            Action.CLOSE,
            [
                Reason(
                    "guard.written_off", f"The claim was written off on {_iso(history.written_off)}"
                )
            ],
        )

    # 2. Insolvency proceeding: individual actions stayed (C. com. L622-21).
    open_proceedings = [
        p for p in history.proceedings if p.closed_on is None or p.closed_on.toordinal() > day
    ]
    if open_proceedings:
        return _insolvency(ctx, history, max(open_proceedings, key=lambda p: p.opened_on))

    # 3. Over-indebtedness: enforcement suspended (C. consom. L722-2). Only enforcement is
    # suspended: obtaining an acknowledgment or a title is not enforcement, so guards 4-5
    # (prescription) still apply and the WAIT carries the prescription deadline.
    stayed: tuple[list[Reason], int] | None = None
    for case in history.over_indebtedness:
        if case.closed_on is None or case.closed_on.toordinal() > day:
            stayed = (
                [
                    Reason(
                        "guard.over_indebtedness",
                        f"Over-indebtedness case admissible since {case.admissible_on.isoformat()}: "
                        "enforcement against the debtor is suspended",
                        citation=_C_OVERINDEBTED,
                        facts={"admissible_on": case.admissible_on},
                    ),
                    Reason(
                        "guard.over_indebtedness.payments",
                        "While it is pending the debtor may not pay claims born before it: "
                        "wait for the commission's plan or measures",
                        citation=_C_OVERINDEBTED_PAY,
                    ),
                ],
                day + policy.review_days,
            )
            break
    if stayed is None and ctx.segment is Segment.INSOLVENT:
        stayed = (
            [
                Reason(
                    "guard.profile_insolvent",
                    "The debtor is profiled insolvent but this claim records no proceeding: "
                    "record the InsolvencyProceeding or OverIndebtedness event to get its "
                    "deadlines. Holding escalation meanwhile is a policy choice, not a legal "
                    "stay (no proceeding is recorded)",
                )
            ],
            day,
        )

    # 4-5. Prescription. Only an action that interrupts (served, C. civ. 2241) or suspends
    # (small-claims procedure agreed by the debtor, 2238) holds the clock; a payment order
    # or summons filed but not served, or a small-claims invitation not yet agreed, does
    # not (Cass. 1re civ., 09/09/2020, n° 19-12.006) and must not block guard 5.
    pending = [
        a
        for a in history.legal
        if not _fr._failed(a, day)
        and not (a.ended_on is not None and a.ended_on.toordinal() <= day)
    ]
    holding = [a for a in pending if _holds_clock(a, day)]
    if stayed is not None and claim.due_on.toordinal() <= day:
        prescription = prescription_deadline(claim, as_of=ctx.as_of)
    else:
        prescription = _prescription(ctx, history)
    if prescription is not None:
        deadline = prescription.deadline.toordinal()
        if prescription.time_barred:
            return ctx.decide(
                Action.WRITE_OFF,
                [
                    Reason(
                        "guard.time_barred",
                        f"Time-barred since {_iso(deadline + 1)} ({prescription.period} from "
                        f"{prescription.runs_from.isoformat()}): no legal action is possible",
                        citation=prescription.basis,
                        facts={"deadline": prescription.deadline},
                    )
                ],
                deadline=deadline,
            )
        if (
            prescription.running
            and deadline - day <= policy.prescription_margin_days
            and not holding
        ):
            close = [
                Reason(
                    "guard.prescription_close",
                    f"Time-barred after {_iso(deadline)}, {deadline - day} days away (margin "
                    f"{policy.prescription_margin_days} days)",
                    citation=prescription.basis,
                    facts={"deadline": prescription.deadline, "days_left": deadline - day},
                ),
                Reason(
                    "guard.prescription_close.how",
                    "Obtain a written acknowledgment of the debt (or a payment, a signed "
                    "plan), or start a legal action: a formal notice does not interrupt it",
                    citation=_C_ACK,
                ),
                Reason(
                    "guard.prescription_close.legal",
                    "A demand in court, even in summary proceedings, interrupts "
                    "prescription (a payment-order request only once the order is served)",
                    citation=_C_LEGAL_INTERRUPTS,
                ),
            ]
            close.extend(_not_holding_reasons(pending, deadline))
            if stayed is not None:
                close = stayed[0] + close
                if history.over_indebtedness:
                    close.append(
                        Reason(
                            "guard.over_indebtedness.prescription",
                            "The over-indebtedness case suspends enforcement only: an "
                            "acknowledgment or an action to obtain a title is not enforcement "
                            "and remains possible",
                            citation=_C_OVERINDEBTED,
                        )
                    )
            return ctx.decide(Action.INTERRUPT_PRESCRIPTION, close, deadline=deadline)
    if stayed is not None:
        reasons, on = stayed
        stay_deadline: int | None = None
        if prescription is not None and not prescription.time_barred:
            stay_deadline = prescription.deadline.toordinal()
            reasons = [
                *reasons,
                Reason(
                    "guard.stayed.prescription",
                    f"Prescription: time-barred after {_iso(stay_deadline)}"
                    + ("" if prescription.running else " at the earliest (the clock is held)")
                    + f"; act before {policy.prescription_margin_days} days remain",
                    citation=prescription.basis,
                    facts={"deadline": prescription.deadline},
                ),
            ]
        return ctx.decide(Action.WAIT, reasons, on=on, deadline=stay_deadline)

    # 6. Dispute.
    amount = outstanding
    disputed_rejected = any(
        d.outcome is DisputeOutcome.REJECTED
        for d in history.disputes
        if d.closed_on is not None and d.closed_on.toordinal() <= day
    )
    open_disputes = [
        d for d in history.disputes if d.closed_on is None or d.closed_on.toordinal() > day
    ]
    if open_disputes:
        whole = any(d.amount is None for d in open_disputes)
        disputed = (
            outstanding
            if whole
            else min(
                outstanding, sum((d.amount.amount for d in open_disputes if d.amount), Decimal(0))
            )
        )
        rest = outstanding - disputed
        dispute_reason = Reason(
            "guard.dispute",
            f"Dispute open since {min(d.opened_on for d in open_disputes).isoformat()} on "
            + ("the whole claim" if whole else f"{disputed} {currency}")
            + ": resolve it before escalating",
            facts={"disputed": disputed, "undisputed": rest},
        )
        if rest <= 0 or rest < policy.min_amount:
            return ctx.decide(Action.RESOLVE_DISPUTE, [dispute_reason])
        ctx.extra.append(
            Reason(
                "guard.dispute.partial",
                f"Escalation goes on for the undisputed {rest} {currency} only; the disputed "
                f"{disputed} {currency} is handled apart (resolve the dispute)",
                facts={"disputed": disputed, "undisputed": rest},
            )
        )
        amount = rest

    # 7. Payment plan.
    force_now: int | None = None
    if history.plans:
        plan = max(history.plans, key=lambda p: p.agreed_on)
        status = _plan_status(claim, plan, day, policy.plan_tolerance_days)
        if status.on_track:
            assert status.next_due is not None
            nxt = status.next_due.toordinal()
            return ctx.decide(
                Action.WAIT,
                [
                    Reason(
                        "guard.plan_on_track",
                        f"Payment plan of {plan.agreed_on.isoformat()} on track ({status.paid} paid): "
                        f"next instalment due {_iso(nxt)}",
                        citation=_C_ACK if plan.signed_by_debtor else None,
                        facts={"paid": status.paid, "next_due": status.next_due},
                    )
                ],
                on=nxt + policy.plan_tolerance_days + 1,
            )
        if status.broken_on is not None:
            broken = status.broken_on.toordinal()
            force_now = broken
            ctx.extra.append(
                Reason(
                    "guard.plan_broken",
                    f"Payment plan of {plan.agreed_on.isoformat()} broken: the instalment due "
                    f"{_iso(broken)} was not paid ({status.paid} paid of {status.due} due); "
                    "escalation resumes one step up, now",
                    facts={"broken_on": status.broken_on, "paid": status.paid, "due": status.due},
                )
            )

    # 8. Payment promise.
    if history.promises:
        promise = max(history.promises, key=lambda p: (p.on, p.promised_for))
        since = promise.on.toordinal()
        paid = _paid_between(claim, since, day)
        kept = promise.amount is not None and paid >= promise.amount.amount
        limit = promise.promised_for.toordinal() + policy.promise_tolerance_days
        if not kept and day <= limit:
            return ctx.decide(
                Action.WAIT,
                [
                    Reason(
                        "guard.promise_pending",
                        f"The debtor promised on {promise.on.isoformat()} to pay by "
                        f"{promise.promised_for.isoformat()} (+{policy.promise_tolerance_days} days of "
                        "grace)",
                        facts={"promised_for": promise.promised_for},
                    )
                ],
                on=limit + 1,
            )
        if not kept:
            ctx.extra.append(
                Reason(
                    "guard.promise_broken",
                    f"Promise to pay by {promise.promised_for.isoformat()} broken: escalation "
                    "resumes",
                    facts={"promised_for": promise.promised_for, "paid": paid},
                )
            )

    # 9. Below the minimum.
    due = claim.due_on.toordinal()
    write_off_below = policy.small_balance_write_off
    if write_off_below is not None and amount <= write_off_below and day > due:
        return ctx.decide(
            Action.WRITE_OFF,
            [
                Reason(
                    "guard.small_balance",
                    f"Balance {amount} {currency} at or below the policy's write-off limit "
                    f"{write_off_below}: cheaper to write off than to chase",
                    citation=_C_COSTS,
                    facts={"outstanding": amount, "limit": write_off_below},
                )
            ],
        )
    if amount < policy.min_amount:
        return ctx.decide(
            Action.NONE,
            [
                Reason(
                    "guard.below_minimum",
                    f"Balance {amount} {currency} below the policy's minimum {policy.min_amount}",
                    facts={"outstanding": amount, "minimum": policy.min_amount},
                )
            ],
        )

    # Titles and legal actions already under way.
    if day > due:
        found = _legal_phase(ctx, history, amount, disputed_rejected, pending, prescription)
        if found is not None:
            return found

    # 10 and the ladder.
    return _ladder(ctx, history, amount, disputed_rejected, force_now)


def _insolvency(ctx: _Ctx, history: _History, proceeding: InsolvencyProceeding) -> Decision:
    day = ctx.day
    opened = proceeding.opened_on.toordinal()
    stay = Reason(
        "guard.insolvency",
        f"{proceeding.kind.value.capitalize()} opened on {proceeding.opened_on.isoformat()}: "
        "individual actions and enforcement are stayed",
        citation=_C_STAY,
        facts={"kind": proceeding.kind, "opened_on": proceeding.opened_on},
    )
    declared = [o for o in history.declarations if o >= opened]
    if declared:
        return ctx.decide(
            Action.WAIT,
            [
                stay,
                Reason(
                    "guard.insolvency.declared",
                    f"Claim declared on {_iso(declared[0])}: wait for the proceeding (the declaration "
                    "interrupts prescription until it closes)",
                    citation=_C_DECLARED,
                    facts={"declared_on": from_ordinal(declared[0])},
                ),
            ],
            on=day + ctx.policy.review_days,
        )
    published = proceeding.published_on
    if published is None or published.toordinal() > day:
        return ctx.decide(
            Action.DECLARE_CLAIM,
            [
                stay,
                Reason(
                    "guard.insolvency.declare_unpublished",
                    "Declare the claim to the creditors' representative now; the 2-month deadline runs "
                    "from the BODACC publication of the opening judgment, not yet recorded",
                    citation=_C_DECLARE,
                ),
            ],
        )
    outside = ctx.claim.creditor.country != "FR"
    deadline, relief, reasons = _declaration(proceeding, outside)
    if day <= deadline:
        return ctx.decide(
            Action.DECLARE_CLAIM,
            [
                stay,
                Reason(
                    "guard.insolvency.declare",
                    f"Declare the claim by {_iso(deadline)} (2 months from publication on "
                    f"{published.isoformat()}"
                    + (", +2 months outside metropolitan France" if outside else "")
                    + ")",
                    citation=_C_DECLARE,
                    facts={"published_on": published, "deadline": from_ordinal(deadline)},
                ),
                *reasons,
            ],
            deadline=deadline,
        )
    if day <= relief:
        return ctx.decide(
            Action.REQUEST_RELIEF_FROM_FORECLOSURE,
            [
                stay,
                Reason(
                    "guard.insolvency.relief",
                    f"The declaration deadline passed on {_iso(deadline)}: ask the juge-commissaire for "
                    f"relief from foreclosure by {_iso(relief)} (6 months from publication), showing "
                    "the failure is not the creditor's fault or the debtor omitted the claim",
                    citation=_C_RELIEF,
                    facts={"deadline": from_ordinal(relief)},
                ),
            ],
            deadline=relief,
        )
    return ctx.decide(
        Action.WRITE_OFF,
        [
            stay,
            Reason(
                "guard.insolvency.foreclosed",
                f"Not declared and the relief window closed on {_iso(relief)}: the claim is not "
                "admitted to distributions and cannot be enforced against the debtor while a plan is "
                "performed",
                citation=_C_RELIEF_LATE,
                facts={"relief_deadline": from_ordinal(relief)},
            ),
        ],
    )


def _cost_guard(
    ctx: _Ctx,
    history: _History,
    cost: Decimal,
    what: str,
    amounts: AmountsDue | None,
    amount: Decimal,
    step: PolicyStep | None,
) -> Decision | None:
    policy = ctx.policy
    base = amounts.total.amount if amounts is not None else amount
    expected = base * policy.expected_recovery_percent / 100
    if cost <= expected:
        return None
    currency = ctx.claim.amount.currency
    reason = Reason(
        "guard.cost",
        f"The {what} would cost {cost} {currency}, more than the expected recovery "
        f"{expected.quantize(Decimal('0.01'))} {currency} ({policy.expected_recovery_percent}% "
        f"of {base}); costs without an enforceable title stay with the creditor",
        citation=_C_COSTS,
        facts={"cost": cost, "expected_recovery": expected},
    )
    if policy.agency_on_cost and not history.handovers:
        return ctx.decide(
            Action.AGENCY_HANDOVER,
            [
                reason,
                Reason(
                    "guard.cost.agency", "Hand the claim to a collection agency, paid on success"
                ),
            ],
            amounts=amounts,
            step=step.id if step is not None else None,
        )
    if history.handovers:
        since = history.handovers[-1]
        if ctx.day <= since + policy.agency_days:
            return ctx.decide(
                Action.WAIT,
                [
                    reason,
                    Reason(
                        "guard.cost.agency_working",
                        f"With the collection agency since {_iso(since)}: give it until "
                        f"{_iso(since + policy.agency_days)}",
                        facts={"handed_over": from_ordinal(since)},
                    ),
                ],
                on=since + policy.agency_days + 1,
            )
    return ctx.decide(Action.WRITE_OFF, [reason], amounts=amounts)


def _route(
    ctx: _Ctx,
    history: _History,
    amount: Decimal,
    disputed: bool,
    step: PolicyStep | None,
    reasons: list[Reason],
) -> Decision:
    """Choose and propose the legal route (with the cost guard)."""
    amounts, note = _amounts(ctx.claim, ctx.as_of, ctx.rates) if ctx.with_amounts else (None, None)
    if note is not None:
        reasons.append(note)
    principal = amounts.principal.amount if amounts is not None else amount
    principal = min(principal, amount)
    interest = amounts.interest.amount if amounts is not None else Decimal(0)
    route = _fr._choose(
        ctx.claim, ctx.day, principal, interest, disputed, tuple(history.legal), history.mediation
    )
    if route.kind is None:
        # No private legal route (a tax claim, LPF L274): nothing to start, and no "next
        # route" either.
        kept = [r for r in reasons if r.code != "legal.next_route"]
        return ctx.decide(Action.NONE, kept + list(route.reasons), step=step)
    action = _ROUTE_ACTION[route.kind]
    cost = ctx.policy.route_costs.get(_fr.route_cost_key(route.kind))
    if cost is None and step is not None:
        cost = step.cost
    if cost is not None:
        guarded = _cost_guard(
            ctx, history, cost, f"{route.kind.value.replace('_', ' ')}", amounts, amount, step
        )
        if guarded is not None:
            return guarded
    return ctx.decide(
        action, reasons + list(route.reasons), step=step, tone=Tone.LEGAL, amounts=amounts
    )


def _legal_phase(
    ctx: _Ctx,
    history: _History,
    amount: Decimal,
    disputed: bool,
    pending: list[LegalAction],
    prescription: Any = None,
) -> Decision | None:
    day, policy = ctx.day, ctx.policy
    title, reasons = _title(history, day)
    if title is not None:
        after = [o for o in history.enforcements if o >= title]
        if after:
            return ctx.decide(
                Action.WAIT,
                [
                    *reasons,
                    Reason(
                        "legal.enforcement_under_way",
                        f"Enforcement under way since {_iso(after[0])}: follow it with the commissaire "
                        "de justice",
                    ),
                ],
                on=day + policy.review_days,
            )
        cost = policy.route_costs.get("enforcement")
        if cost is not None:
            amounts, _ = (
                _amounts(ctx.claim, ctx.as_of, ctx.rates) if ctx.with_amounts else (None, None)
            )
            guarded = _cost_guard(ctx, history, cost, "enforcement", amounts, amount, None)
            if guarded is not None and guarded.action is Action.WRITE_OFF:
                return guarded
        return ctx.decide(
            Action.ENFORCEMENT,
            [
                *reasons,
                Reason(
                    "legal.enforce",
                    "Have a commissaire de justice enforce the title; the costs of forced execution "
                    "fall on the debtor",
                    citation=_C_COSTS,
                ),
            ],
            step=_enforcement_step(ctx),
            tone=Tone.LEGAL,
        )
    for judgment in history.judgments:
        if judgment.served_on is None or judgment.served_on.toordinal() > day:
            # CPCE L111-4: the 10 years run once the decision is enforceable, service
            # included. CPC 478: a judgment by default not served within 6 months is void;
            # applied as the deadline when the judgment is recorded as by default, stated
            # when that is not recorded, left out when it is recorded as adversarial.
            rule = _fr._rule_on("default_judgment_service", judgment.on.toordinal())
            months = rule.months if rule is not None and rule.months else 6
            limit = _add_months(judgment.on.toordinal(), months)
            serve_reasons = [
                Reason(
                    "legal.serve_judgment",
                    f"Judgment of {judgment.on.isoformat()} not served yet: have it served "
                    "(signification) to enforce it; the 10 years to enforce it run from "
                    "then",
                    citation=_C_SERVICE_STARTS,
                    facts={"judgment": judgment.on},
                )
            ]
            serve_deadline: int | None = None
            if judgment.by_default:
                serve_deadline = limit
                serve_reasons.append(
                    Reason(
                        "legal.serve_judgment.default",
                        f"A judgment by default is void unless served within {months} "
                        f"months: serve it by {_iso(limit)}",
                        citation=_C_DEFAULT_JUDGMENT,
                        facts={"limit": from_ordinal(limit)},
                    )
                )
            elif judgment.by_default is None:
                serve_reasons.append(
                    Reason(
                        "legal.serve_judgment.default",
                        f"If it is a judgment by default, it is void unless served within "
                        f"{months} months, by {_iso(limit)}; this limit applies to judgments "
                        "by default only (record `by_default` on the judgment to apply it)",
                        citation=_C_DEFAULT_JUDGMENT,
                        facts={"limit_if_default": from_ordinal(limit)},
                    )
                )
            return ctx.decide(
                Action.ENFORCEMENT,
                serve_reasons,
                deadline=serve_deadline,
                step="serve_judgment",
                tone=Tone.LEGAL,
            )
    if not history.legal:
        return None
    if pending:
        action = max(pending, key=lambda a: a.filed_on)
        deadline: int | None = None
        extra: list[Reason] = []
        look_again = day + policy.review_days
        if action.kind is LegalActionKind.SMALL_CLAIMS and action.debtor_agreed_on is None:
            rule = _fr._rule_on("small_claims_acceptance", action.filed_on.toordinal())
            months = rule.months if rule is not None and rule.months else 1
            limit = _add_months(action.filed_on.toordinal(), months)
            look_again = min(look_again, limit + 1)
            extra.append(
                Reason(
                    "legal.small_claims_waiting",
                    f"The debtor has until {_iso(limit)} to accept; silence is a refusal",
                    citation=rule.citation if rule is not None else None,
                )
            )
        if action.kind is LegalActionKind.PAYMENT_ORDER and action.served_on is None:
            # CPC 1411, keyed on ordered_on (else the stricter row, counted from the request).
            found = _fr._order_service_limit(action, day)
            if found is not None:
                deadline, why = found
                extra.extend(why)
        if prescription is not None and prescription.running and not _holds_clock(action, day):
            # The action under way does not hold the clock yet (C. civ. 2241, 2238):
            # the prescription deadline may come before the procedural limit.
            barred_after = prescription.deadline.toordinal()
            extra.append(
                Reason(
                    "legal.pending.prescription",
                    f"Until it is {'agreed by the debtor' if action.kind is LegalActionKind.SMALL_CLAIMS else 'served'}"
                    f", the {action.kind.value.replace('_', ' ')} does not stop prescription: "
                    f"time-barred after {_iso(barred_after)}",
                    citation=_C_SUSPENDS
                    if action.kind is LegalActionKind.SMALL_CLAIMS
                    else _C_LEGAL_INTERRUPTS,
                    facts={"deadline": prescription.deadline},
                )
            )
            if deadline is None or barred_after < deadline:
                deadline = barred_after
        return ctx.decide(
            Action.WAIT,
            [
                Reason(
                    "legal.pending",
                    f"{action.kind.value.replace('_', ' ').capitalize()} filed on "
                    f"{action.filed_on.isoformat()} under way",
                    facts={"kind": action.kind, "filed_on": action.filed_on},
                ),
                *extra,
            ],
            on=look_again,
            deadline=deadline,
        )
    kinds = {a.kind for a in history.legal}
    if LegalActionKind.SUMMONS in kinds or LegalActionKind.INTERIM in kinds:
        return ctx.decide(
            Action.WRITE_OFF,
            [
                Reason(
                    "legal.exhausted",
                    "The court proceedings ended without a title for the creditor: the legal route is "
                    "exhausted",
                )
            ],
        )
    return _route(
        ctx,
        history,
        amount,
        disputed,
        _legal_step(ctx),
        [Reason("legal.next_route", "The previous route ended without a title: take the next one")],
    )


def _ladder_steps(ctx: _Ctx) -> tuple[PolicyStep, ...]:
    return ctx.policy._ladders[ctx.segment]


def _legal_step(ctx: _Ctx) -> PolicyStep | None:
    for step in _ladder_steps(ctx):
        if step.is_legal_route or step.action in _ACTION_ROUTE:
            return step
    return None


def _enforcement_step(ctx: _Ctx) -> str | None:
    for step in _ladder_steps(ctx):
        if step.action is Action.ENFORCEMENT:
            return step.id
    return None


def _done(steps: tuple[PolicyStep, ...], history: _History) -> list[int | None]:
    """The day each step was done (``None``: not done)."""
    ids = {s.id for s in steps}
    by_id: dict[str, int] = {}
    anonymous: list[int] = []
    for when, sid in history.reminders:
        if sid is None:
            anonymous.append(when)
        elif sid in ids and sid not in by_id:
            by_id[sid] = when
        # A reminder carrying the id of a step this ladder does not have (another track's)
        # marks nothing here.
    pools: dict[type[Any], list[int]] = {Reminder: anonymous}
    used: dict[type[Any], int] = {}
    done: list[int | None] = []
    for step in steps:
        o: int | None = by_id.get(step.id)
        if o is None:
            action = step.action
            kind = LegalAction if not isinstance(action, Action) else _DONE_TYPE.get(action)
            if kind is not None:
                pool = pools.get(kind)
                if pool is None:
                    pool = history.kinds.get(kind, [])
                index = used.get(kind, 0)
                if index < len(pool):
                    o = pool[index]
                    used[kind] = index + 1
        done.append(o)
    return done


def _offsets(steps: tuple[PolicyStep, ...]) -> list[int]:
    offsets: list[int] = []
    previous = 0
    for step in steps:
        if step.trigger.kind is TriggerKind.DAYS_AFTER_DUE:
            previous = step.trigger.days
        else:
            previous += step.trigger.days
        offsets.append(previous)
    return offsets


def _ladder(
    ctx: _Ctx, history: _History, amount: Decimal, disputed: bool, force_now: int | None
) -> Decision:
    claim, day, policy = ctx.claim, ctx.day, ctx.policy
    steps = _ladder_steps(ctx)
    due = claim.due_on.toordinal()
    done = _done(steps, history)
    level = -1
    for index, o in enumerate(done):
        if o is not None:
            level = index
    ref = done[level] if level >= 0 else None
    offsets = _offsets(steps)
    if force_now is not None and ref is not None and ref > force_now:
        force_now = None  # a step was taken after the plan broke: back to the normal pace
    skipped: list[Reason] = []
    currency = claim.amount.currency
    segment = ctx.segment
    track = f", {segment.value} track" if segment is not None and segment in policy.tracks else ""
    for index in range(level + 1, len(steps)):
        step = steps[index]
        if amount < step.min_amount:
            skipped.append(
                Reason(
                    "ladder.skipped",
                    f"Step '{step.id}' skipped: balance {amount} {currency} below its minimum "
                    f"{step.min_amount}",
                    facts={"step": step.id, "minimum": step.min_amount},
                )
            )
            continue
        if offsets[index] < 0 and step.trigger.kind is TriggerKind.DAYS_AFTER_DUE and day > due:
            skipped.append(
                Reason(
                    "ladder.skipped",
                    f"Step '{step.id}' skipped: a pre-due reminder, and the claim is already due",
                    facts={"step": step.id},
                )
            )
            continue
        if step.action is Action.ENFORCEMENT:
            skipped.append(
                Reason(
                    "ladder.skipped",
                    f"Step '{step.id}' skipped: enforcement needs an enforceable title",
                    facts={"step": step.id},
                )
            )
            continue
        trigger = step.trigger
        base = ref if ref is not None else due
        if trigger.kind is TriggerKind.DAYS_AFTER_DUE:
            eff = due + trigger.days
            if ref is not None:
                eff = max(eff, ref + offsets[index] - offsets[level])
        elif trigger.kind is TriggerKind.DAYS_AFTER_PREVIOUS:
            eff = base + trigger.days
        else:
            eff = _end_of_month(base + trigger.days)
        if offsets[index] >= 0 or trigger.kind is not TriggerKind.DAYS_AFTER_DUE:
            eff = max(eff, due + 1)
        notice_needed = step.is_legal_route or step.action in _ACTION_ROUTE
        notice: tuple[int, int | None] | None = history.notices[-1] if history.notices else None
        if notice_needed and notice is not None:
            cure = notice[1] if notice[1] is not None else _cure_days(ctx, steps)
            eff = max(eff, notice[0] + cure + 1)
        if force_now is not None:
            eff = min(eff, day)
        if eff > day:
            action = Action.NONE if day <= due else Action.WAIT
            why = (
                f"Not yet due (due {_iso(due)})"
                if day <= due
                else f"Next step '{step.id}' ({_describe(step)}) on {_iso(eff)}"
            )
            return ctx.decide(
                action,
                [
                    Reason(
                        "ladder.wait" if day > due else "guard.not_yet_due",
                        why,
                        facts={"step": step.id, "on": from_ordinal(eff), "trigger": str(trigger)},
                    ),
                    *skipped,
                ],
                on=eff,
                step=step.id,
            )
        reasons = [
            Reason(
                "ladder.step",
                f"Step '{step.id}' of the '{policy.name}' ladder{track} ({_describe(step)}): due since "
                f"{_iso(eff)}",
                citation=_C_NOTICE if step.action is Action.FORMAL_NOTICE else None,
                facts={
                    "step": step.id,
                    "trigger": str(trigger),
                    "due_since": from_ordinal(eff),
                    "segment": ctx.segment,
                    "note": step.note,
                },
            )
        ]
        if day - eff > policy.review_days:
            reasons.append(
                Reason(
                    "ladder.catch_up",
                    f"Behind schedule since {_iso(eff)}: this step is taken now and later steps keep "
                    "their spacing from it; none is skipped",
                    facts={"late_by_days": day - eff},
                )
            )
        reasons.extend(skipped)
        if notice_needed:
            if notice is None:
                notice_step = next((s for s in steps if s.action is Action.FORMAL_NOTICE), None)
                return ctx.decide(
                    Action.FORMAL_NOTICE,
                    [
                        Reason(
                            "ladder.notice_first",
                            "The legal route needs a formal notice first, with a cure period",
                            citation=_C_NOTICE,
                        )
                    ],
                    step=notice_step,
                    channel=None if notice_step is not None else Channel.REGISTERED_LETTER,
                    tone=None if notice_step is not None else Tone.FORMAL,
                )
            reasons.append(
                Reason(
                    "ladder.cure_passed",
                    f"The formal notice of {_iso(notice[0])} and its cure period have passed",
                    citation=_C_NOTICE,
                )
            )
            if step.is_legal_route:
                return _route(ctx, history, amount, disputed, step, reasons)
            fixed = step.action
            assert isinstance(fixed, Action)
            return ctx.decide(fixed, reasons, step=step)
        ladder_action = step.action
        assert isinstance(ladder_action, Action)
        if step.cost is not None:
            amounts, _ = _amounts(claim, ctx.as_of, ctx.rates) if ctx.with_amounts else (None, None)
            guarded = _cost_guard(
                ctx, history, step.cost, f"step '{step.id}'", amounts, amount, step
            )
            if guarded is not None:
                return guarded
        return ctx.decide(ladder_action, reasons, step=step)
    if day <= due:
        return ctx.decide(
            Action.NONE,
            [Reason("guard.not_yet_due", f"Not yet due (due {_iso(due)})"), *skipped],
            on=due + 1,
        )
    return ctx.decide(
        Action.NONE,
        [
            Reason(
                "ladder.exhausted",
                f"Every step of the '{policy.name}' ladder has been taken or does not apply",
            ),
            *skipped,
        ],
    )


def _cure_days(ctx: _Ctx, steps: tuple[PolicyStep, ...]) -> int:
    for step in steps:
        if step.action is Action.FORMAL_NOTICE and step.cure_days is not None:
            return step.cure_days
    return ctx.policy.default_cure_days


# -- public functions --------------------------------------------------------------------


def _check_claim(claim: Any) -> Claim:
    if not isinstance(claim, Claim):
        raise InvalidType("claim", claim, "Claim")
    if claim.jurisdiction != "FR":
        raise UnsupportedJurisdiction(claim.jurisdiction)
    return claim


def next_action(
    claim: Claim,
    *,
    as_of: Any,
    policy: EscalationPolicy | None = None,
    profile: Any = None,
    with_amounts: bool = True,
    rates: Any = None,
) -> Decision:
    """Decide what to do about ``claim`` on ``as_of``, and why.

    Args:
        claim: The [`Claim`][recouvrement.Claim].
        as_of: The day of the decision; only what is dated on or before it counts.
        policy: The [`EscalationPolicy`][recouvrement.policy.EscalationPolicy] (the
            default French ladder when ``None``; see `resolve_policy` for per-claim and
            per-debtor policies).
        profile: The debtor's `DebtorProfile` or [`Segment`][recouvrement.Segment], whose
            track the ladder follows; ``None`` for the ladder without segment.
        with_amounts: Compute the amounts due for acting decisions (the costliest part).
            Without them, thresholds and the cost guard use the outstanding principal.
        rates: Your own rate tables for the amounts due (a
            [`RateTable`][recouvrement.RateTable] or several), as `amounts_due` takes
            them: for example a newly published half-year.

    Returns:
        The [`Decision`][recouvrement.decisions.Decision].

    Raises:
        InvalidType: ``claim``, ``policy`` or ``profile`` of the wrong type.
        InvalidValue: A bad ``as_of``.
        UnsupportedJurisdiction: The claim is not under French law.

    Examples:
        >>> from recouvrement.sample import sample_claim
        >>> claim = sample_claim()
        >>> d = next_action(claim, as_of="2025-02-10")
        >>> d.action.value, str(d.on)
        ('none', '2025-02-19')
        >>> d = next_action(claim, as_of="2025-03-20")
        >>> d.action.value, d.step, d.channel.value
        ('reminder', 'written', 'letter')
        >>> d = next_action(claim, as_of="2025-03-20", profile="habitually_late")
        >>> d.action.value, d.step, d.channel.value
        ('reminder', 'registered', 'registered_letter')
    """
    claim = _check_claim(claim)
    day = to_date(as_of, "as_of")
    if not isinstance(with_amounts, bool):
        raise InvalidType("with_amounts", with_amounts, "bool")
    ctx = _Ctx(claim, day.toordinal(), day, _policy(policy), _segment(profile), with_amounts, rates)
    return _decide(ctx)


def next_actions(
    claims: Iterable[Claim],
    *,
    as_of: Any,
    policy: EscalationPolicy | None = None,
    profiles: Mapping[str, Any] | Literal["auto"] | None = None,
    policies: Mapping[str, EscalationPolicy] | None = None,
    debtor_policies: Mapping[str, EscalationPolicy] | None = None,
    with_amounts: bool = True,
    rates: Any = None,
) -> Iterator[Decision]:
    """Decide for every claim of a portfolio, lazily, in input order.

    Args:
        claims: The claims.
        as_of: The day of the decisions.
        policy: The default policy.
        profiles: Profiles (or segments) by debtor id, or ``"auto"`` to profile every
            debtor from its claims with `recouvrement.profiling.profile_debtors` (this
            reads all the claims first).
        policies: Policies by claim id (win over ``debtor_policies``).
        debtor_policies: Policies by debtor id.
        with_amounts: As in `next_action`.
        rates: As in `next_action`.

    Examples:
        >>> from collections import Counter
        >>> from recouvrement.sample import load_sample
        >>> sample = load_sample()
        >>> counts = Counter(d.action.value for d in next_actions(sample.claims,
        ...                                                       as_of=sample.as_of))
        >>> counts["close"] > 100
        True
    """
    day = to_date(as_of, "as_of")
    default = _policy(policy)
    resolved: Mapping[str, Any] | None
    if profiles == "auto":
        from .profiling import profile_debtors

        claims = tuple(claims)
        resolved = profile_debtors(claims, as_of=day)
    elif profiles is None or isinstance(profiles, Mapping):
        resolved = profiles
    else:
        raise InvalidType("profiles", profiles, "a mapping of debtor id -> profile, 'auto' or None")
    segments: dict[str, Segment | None] = {}
    ordinal = day.toordinal()
    for claim in claims:
        claim = _check_claim(claim)
        chosen = default
        if policies is not None or debtor_policies is not None:
            chosen = resolve_policy(
                claim, policy=default, policies=policies, debtor_policies=debtor_policies
            )
        segment: Segment | None = None
        if resolved is not None:
            debtor = claim.debtor.id
            if debtor in segments:
                segment = segments[debtor]
            else:
                segment = segments[debtor] = _segment(resolved.get(debtor))
        yield _decide(_Ctx(claim, ordinal, day, chosen, segment, with_amounts, rates))


_COMMUNICATION_RANK = {
    Action.REMINDER: 1,
    Action.PAYMENT_PLAN_OFFER: 2,
    Action.SUSPEND_DELIVERIES: 3,
    Action.FORMAL_NOTICE: 4,
}
_TONE_RANK = {Tone.COURTEOUS: 1, Tone.FIRM: 2, Tone.FORMAL: 3, Tone.LEGAL: 4, None: 0}


def debtor_actions(
    claims: Iterable[Claim],
    *,
    as_of: Any,
    policy: EscalationPolicy | None = None,
    profiles: Mapping[str, Any] | Literal["auto"] | None = None,
    policies: Mapping[str, EscalationPolicy] | None = None,
    debtor_policies: Mapping[str, EscalationPolicy] | None = None,
    with_amounts: bool = True,
    rates: Any = None,
) -> tuple[DebtorAction, ...]:
    """Group each debtor's claims into one communication at the highest step reached.

    Every claim is decided with `next_actions`; the claims with a communication due now
    (reminder, payment-plan offer, suspension of deliveries, formal notice) are covered by
    one communication at the highest of their steps (by action, then tone, then ladder
    position); other overdue claims waiting for a ladder step are listed in
    ``also_overdue``. Legal routes, declarations, closures stay claim by claim in
    ``decisions``. When you send the grouped communication, record it on each covered
    claim (``Reminder(step=...)``, `FormalNotice`...). The other keywords are as in
    `next_actions`.

    Returns:
        One [`DebtorAction`][recouvrement.decisions.DebtorAction] per debtor, by debtor id.

    Examples:
        >>> from recouvrement.sample import load_sample
        >>> sample = load_sample()
        >>> grouped = debtor_actions(sample.claims, as_of=sample.as_of)
        >>> len(grouped), all(g.claim_ids or g.action.value == "none" for g in grouped)
        (40, True)
    """
    claims = tuple(claims)
    decisions = list(
        next_actions(
            claims,
            as_of=as_of,
            policy=policy,
            profiles=profiles,
            policies=policies,
            debtor_policies=debtor_policies,
            with_amounts=with_amounts,
            rates=rates,
        )
    )
    day = to_date(as_of, "as_of")
    by_debtor: dict[str, list[tuple[Claim, Decision]]] = {}
    for claim, decision in zip(claims, decisions, strict=True):
        by_debtor.setdefault(claim.debtor.id, []).append((claim, decision))
    result: list[DebtorAction] = []
    for debtor_id in sorted(by_debtor):
        pairs = by_debtor[debtor_id]
        due_now = [(c, d) for c, d in pairs if d.action in _COMMUNICATION_RANK and d.on <= day]
        waiting = tuple(
            c.id
            for c, d in pairs
            if d.action is Action.WAIT
            and d.step is not None
            and c.due_on < day
            and not any(c.id == x.id for x, _ in due_now)
            and any(r.code == "ladder.wait" for r in d.reasons)
        )
        earliest = min((d.on for _, d in pairs if d.on > day), default=day)
        if not due_now:
            result.append(
                DebtorAction(
                    debtor_id=debtor_id,
                    as_of=day,
                    action=Action.NONE,
                    on=earliest,
                    channel=None,
                    step=None,
                    tone=None,
                    claim_ids=(),
                    also_overdue=waiting,
                    total=None,
                    decisions=tuple(d for _, d in pairs),
                )
            )
            continue

        def rank(pair: tuple[Claim, Decision]) -> tuple[int, int]:
            d = pair[1]
            return (_COMMUNICATION_RANK[d.action], _TONE_RANK[d.tone])

        top_claim, top = max(due_now, key=rank)
        currencies = {c.amount.currency for c, _ in due_now}
        total: Money | None = None
        if len(currencies) == 1:
            total = sum(
                (
                    (d.amounts.total if d.amounts is not None else c.outstanding(as_of=day))
                    for c, d in due_now
                ),
                Money.zero(currencies.pop()),
            )
        result.append(
            DebtorAction(
                debtor_id=debtor_id,
                as_of=day,
                action=top.action,
                on=day,
                channel=top.channel,
                step=top.step,
                tone=top.tone,
                claim_ids=tuple(c.id for c, _ in due_now),
                also_overdue=waiting,
                total=total,
                decisions=tuple(d for _, d in pairs),
                reasons=(
                    Reason(
                        "grouped.highest_step",
                        f"One {top.action.value.replace('_', ' ')} for {len(due_now)} claim(s), at the "
                        f"highest step reached ('{top.step}' of claim {top_claim.id})",
                        facts={"claims": [c.id for c, _ in due_now]},
                    ),
                ),
            )
        )
    return tuple(result)


def _event_for(decision: Decision, claim: Claim, policy: EscalationPolicy) -> Any:
    on = decision.on
    action = decision.action
    if action is Action.REMINDER or action is Action.PAYMENT_PLAN_OFFER:
        return Reminder(on=on, channel=decision.channel or Channel.LETTER, step=decision.step)
    if action is Action.FORMAL_NOTICE:
        cure = policy.default_cure_days
        for ladder in (policy.steps, *policy.tracks.values()):
            for step in ladder:
                if step.id == decision.step and step.cure_days is not None:
                    cure = step.cure_days
        return FormalNotice(on=on, cure_days=cure)
    if action is Action.SUSPEND_DELIVERIES:
        return DeliverySuspension(on=on)
    if action is Action.AGENCY_HANDOVER:
        return AgencyHandover(on=on)
    if action in _ACTION_ROUTE:
        return LegalAction(kind=_ACTION_ROUTE[action], filed_on=on)
    if action is Action.ENFORCEMENT:
        if decision.step == "serve_judgment":
            return "serve_judgment"
        return EnforcementAct(on=on)
    if action is Action.DECLARE_CLAIM:
        return ClaimDeclaration(on=on)
    if action is Action.WRITE_OFF:
        return WriteOff(on=on)
    return None


def simulate(
    claim: Claim,
    *,
    start: Any,
    end: Any,
    policy: EscalationPolicy | None = None,
    profile: Any = None,
    with_amounts: bool = True,
    rates: Any = None,
) -> tuple[Decision, ...]:
    """The timeline of decisions from ``start`` to ``end`` if every decided action is
    carried out on its date and nothing is paid (a what-if).

    Each acting decision is applied to the claim as an event on its date (a `Reminder`
    with the step id, a `FormalNotice` with the step's cure period, a `LegalAction`, a
    `ClaimDeclaration`, an `EnforcementAct`, a `WriteOff`...); waiting decisions jump to
    their ``on`` date. Decisions whose outcome depends on others (resolve a dispute, ask
    for relief from foreclosure, interrupt prescription) add no event: they are listed once
    and looked at again after the policy's ``review_days``. The timeline stops at `CLOSE`
    or `WRITE_OFF`. Courts and debtors do nothing: a small-claims invitation is refused by
    silence after a month, a payment order stays unserved. ``with_amounts`` and ``rates``
    are as in `next_action`.

    Returns:
        The acting decisions, in date order.

    Examples:
        >>> from recouvrement.sample import sample_claim
        >>> claim = sample_claim()
        >>> timeline = simulate(claim.__class__(id="X", creditor=claim.creditor,
        ...     debtor=claim.debtor, nature="commercial", amount="1500",
        ...     issued_on="2025-01-15", due_on="2025-02-14"),
        ...     start="2025-02-01", end="2025-12-31", with_amounts=False)
        >>> [(str(d.on), d.action.value, d.step) for d in timeline]  # doctest: +NORMALIZE_WHITESPACE
        [('2025-02-19', 'reminder', 'courteous'), ('2025-03-01', 'reminder', 'firm'),
         ('2025-03-11', 'reminder', 'written'), ('2025-03-21', 'formal_notice', 'formal_notice'),
         ('2025-03-30', 'small_claims_procedure', 'legal'), ('2025-05-01', 'payment_order', 'legal')]
    """
    if not isinstance(with_amounts, bool):
        raise InvalidType("with_amounts", with_amounts, "bool")
    return _simulate(
        claim,
        start=start,
        end=end,
        policy=policy,
        profile=profile,
        with_amounts=with_amounts,
        rates=rates,
    )


def _simulate(
    claim: Claim,
    *,
    start: Any,
    end: Any,
    policy: Any,
    profile: Any,
    with_amounts: bool = True,
    rates: Any = None,
) -> tuple[Decision, ...]:
    claim = _check_claim(claim)
    first = to_date(start, "start").toordinal()
    last = to_date(end, "end").toordinal()
    if last < first:
        raise InvalidValue("end", end, f"must not be before start ({_iso(first)})")
    chosen = _policy(policy)
    segment = _segment(profile)
    current = claim
    timeline: list[Decision] = []
    last_key: tuple[Action, str | None] | None = None
    t = first
    while t <= last:
        decision = _decide(_Ctx(current, t, from_ordinal(t), chosen, segment, with_amounts, rates))
        action = decision.action
        if action is Action.NONE or action is Action.WAIT:
            t = max(t + 1, decision.on.toordinal())
            continue
        key = (action, decision.step)
        if action is Action.CLOSE:
            if key != last_key:
                timeline.append(decision)
            break
        event = _event_for(decision, current, chosen)
        if event is None:
            if key != last_key:
                timeline.append(decision)
            last_key = key
            t += chosen.review_days
            continue
        timeline.append(decision)
        last_key = key
        if event == "serve_judgment":
            events = tuple(
                attrs.evolve(e, served_on=decision.on)
                if isinstance(e, Judgment) and (e.served_on is None or e.served_on > decision.on)
                else e
                for e in current.events
            )
        else:
            events = (*current.events, event)
        current = attrs.evolve(current, events=events)
        if action is Action.WRITE_OFF:
            break
        t += 1
    return tuple(timeline)


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
    if first < day:
        raise InvalidValue("first_due", first, f"must not be before as_of ({day.isoformat()})")
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
            citation=_C_ACK,
        )
    )
    return PlanProposal(agreed_on=day, instalments=schedule, total=total, reasons=tuple(reasons))
