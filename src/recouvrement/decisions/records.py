"""The records `next_action` and its helpers return: decisions, plan status and proposals."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs
import pendulum

from .._convert import to_date
from .._serde import slots_builder
from ..actions import Action
from ..events import Channel, Instalment, PaymentPlan
from ..explain import Reason
from ..interest import AmountsDue
from ..money import Money
from ..policy import Tone
from ..segments import Segment

if TYPE_CHECKING:
    import polars as pl

__all__ = [
    "DebtorAction",
    "Decision",
    "GroupedProcedure",
    "PlanProposal",
    "PlanStatus",
]


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
            prescription, service of an order...); for a formal notice, the last day of the
            cure period it gives (what the escalation then waits for).
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
            >>> from recouvrement.decisions import next_action
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
        from ..display import decision_html

        return decision_html(self)

    def to_frame(self, *, floats: bool = False) -> pl.DataFrame:
        """This decision as a one-row Polars frame (see `display.decisions_to_frame`).

        Examples:
            >>> from recouvrement.decisions import next_action
            >>> from recouvrement.sample import sample_claim
            >>> next_action(sample_claim(), as_of="2025-06-30").to_frame().item(0, "action")
            'small_claims_procedure'
        """
        from ..display import decisions_to_frame

        return decisions_to_frame([self], floats=floats)


# `Decision(...)` from every field, positionally in field order, without the keyword
# handling (no converter nor validator): the hot path of `next_action`.
_decision = slots_builder(Decision)


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
class GroupedProcedure:
    """One legal procedure for several claims of a debtor, its route chosen on their total.

    Attributes:
        creditor_id: The creditor of the grouped claims.
        action: The route (`SMALL_CLAIMS_PROCEDURE`, `PAYMENT_ORDER`, `SUMMONS`), or what
            the cost guard decided instead (`AGENCY_HANDOVER`, `WAIT`, `WRITE_OFF`).
        claim_ids: The claims it groups, in input order.
        principal: Their principal (the undisputed part of a partly disputed claim).
        interest: Their interest due.
        total: What they owe in all: the amount the route's cost is weighed against.
        reasons: Why this route, on the total, with the articles.
    """

    creditor_id: str
    action: Action
    claim_ids: tuple[str, ...]
    principal: Money
    interest: Money
    total: Money
    reasons: tuple[Reason, ...]


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
        decisions: Every claim's own decision, in input order (closures, waits... stay
            claim by claim; a claim in a grouped procedure has the procedure's route).
        reasons: Why this communication.
        procedures: The legal procedures grouping several claims (same creditor, currency
            and nature), each chosen on their total.
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
    procedures: tuple[GroupedProcedure, ...] = ()

    def _repr_html_(self) -> str:
        """HTML for notebooks: the grouped communication, then each claim's decision."""
        from ..display import debtor_action_html

        return debtor_action_html(self)

    def to_frame(self, *, floats: bool = False) -> pl.DataFrame:
        """Each claim's decision, one row per claim (see `display.decisions_to_frame`).

        Examples:
            >>> from recouvrement.sample import load_sample
            >>> sample = load_sample()
            >>> from recouvrement.decisions import debtor_actions
            >>> grouped = debtor_actions(sample.claims, as_of=sample.as_of)
            >>> grouped[0].to_frame().height == len(grouped[0].decisions)
            True
        """
        from ..display import decisions_to_frame

        return decisions_to_frame(self.decisions, floats=floats)


def first_missing_rate(decisions: Iterable[Decision]) -> str | None:
    """Internal: ``"<claim id>, table <name>"`` of the first decision whose amounts could not
    be computed for want of a published rate (its ``amounts.unavailable`` reason), or
    ``None``: what the CLI's exit code 3 and the worklist's and dashboard's notes name."""
    for decision in decisions:
        for reason in decision.reasons:
            if reason.code == "amounts.unavailable":
                return f"{decision.claim_id}, table {(reason.facts or {}).get('table', '?')}"
    return None
