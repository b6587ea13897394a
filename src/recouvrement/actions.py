"""What can be done about a claim, and one table of facts about each action.

[`Action`][recouvrement.policy.Action] (also importable from `recouvrement.policy` and
`recouvrement.decisions`) lists what `next_action` may decide. `ACTIONS` holds one
[`ActionSpec`][recouvrement.actions.ActionSpec] per action: whether a ladder step may take
it, whether it is a legal route or a communication, its default channel, the event that
records it done, the event a simulation adds, the letter it sends, its rank among
communications and the key of its cost in a policy. Policies, decisions, simulations and
letters read this table instead of keeping their own lists.

Examples:
    >>> from recouvrement.actions import ACTIONS, Action, spec
    >>> spec(Action.FORMAL_NOTICE).done_by.__name__, spec(Action.FORMAL_NOTICE).notice
    ('FormalNotice', 'formal_notice')
    >>> sorted(a.value for a, s in ACTIONS.items() if s.legal)
    ['payment_order', 'small_claims_procedure', 'summons']
    >>> len(ACTIONS) == len(Action)
    True
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from types import MappingProxyType
from typing import Any

import attrs

from .events import (
    AgencyHandover,
    Channel,
    ClaimDeclaration,
    DeliverySuspension,
    EnforcementAct,
    FormalNotice,
    LegalAction,
    LegalActionKind,
    PaymentPlan,
    Reminder,
    WriteOff,
)

__all__ = [
    "ACTIONS",
    "Action",
    "ActionSpec",
    "spec",
]


class Action(str, Enum):
    """What to do about a claim.

    The ladder actions (reminders, formal notice, legal routes...) come from the policy;
    the others come from the guards checked before the ladder.
    """

    NONE = "none"
    """Nothing to do (not yet due, below the minimum, ladder exhausted)."""
    WAIT = "wait"
    """Wait until the decision's ``on`` date (promise, plan, next step, proceedings)."""
    CLOSE = "close"
    """Settled or cancelled: close the file."""
    REMINDER = "reminder"
    """Send a reminder (relance) on the step's channel."""
    FORMAL_NOTICE = "formal_notice"
    """Send a formal notice (mise en demeure, C. civ. 1344)."""
    PAYMENT_PLAN_OFFER = "payment_plan_offer"
    """Offer a payment plan (échéancier)."""
    SUSPEND_DELIVERIES = "suspend_deliveries"
    """Suspend deliveries to the debtor and tell them."""
    AGENCY_HANDOVER = "agency_handover"
    """Hand the claim to a collection agency."""
    SMALL_CLAIMS_PROCEDURE = "small_claims_procedure"
    """Start the small-claims procedure (CPCE L125-1)."""
    PAYMENT_ORDER = "payment_order"
    """Request a payment order (injonction de payer, CPC 1405)."""
    SUMMONS = "summons"
    """Summon the debtor before the court (assignation)."""
    ENFORCEMENT = "enforcement"
    """Enforce the title through a commissaire de justice."""
    DECLARE_CLAIM = "declare_claim"
    """Declare the claim in the insolvency proceeding (C. com. L622-24, R622-24)."""
    REQUEST_RELIEF_FROM_FORECLOSURE = "request_relief_from_foreclosure"
    """Ask for relief from foreclosure (relevé de forclusion, C. com. L622-26)."""
    RESOLVE_DISPUTE = "resolve_dispute"
    """Resolve the debtor's dispute before escalating."""
    INTERRUPT_PRESCRIPTION = "interrupt_prescription"
    """Obtain an acknowledgment or start a legal action before the claim is time-barred."""
    WRITE_OFF = "write_off"
    """Write the claim off."""


@attrs.frozen(slots=True, kw_only=True)
class ActionSpec:
    """The facts about one [`Action`][recouvrement.policy.Action].

    Attributes:
        action: The action.
        acting: Whether it is something to do (not `NONE`, `WAIT` or `CLOSE`): acting
            decisions carry the amounts due.
        ladder: Whether a policy step may take it (the others come from the guards).
        legal: Whether it is a legal route (it needs a formal notice first).
        communication: Whether it reaches the debtor (a ladder step needs a channel).
        default_channel: The channel used when the decision gives none.
        done_by: The event type that records it done, for the ladder's "steps done".
        simulated: The event type a simulation adds when it is carried out (``None``: its
            outcome depends on others, nothing is added).
        route: For a legal route, the [`LegalActionKind`][recouvrement.LegalActionKind] it
            starts.
        cost_key: Its key in a policy's ``route_costs``, if it has one.
        notice: The value of the `recouvrement.notices.NoticeKind` of the letter it sends.
        rank: Its rank among the communications grouped for one debtor (higher wins).
    """

    action: Action
    acting: bool = True
    ladder: bool = False
    legal: bool = False
    communication: bool = False
    default_channel: Channel | None = None
    done_by: type[Any] | None = None
    simulated: type[Any] | None = None
    route: LegalActionKind | None = None
    cost_key: str | None = None
    notice: str | None = None
    rank: int = 0


def _specs(*specs: ActionSpec) -> Mapping[Action, ActionSpec]:
    table = {s.action: s for s in specs}
    missing = [a.value for a in Action if a not in table]
    assert not missing, f"ActionSpec missing for {missing}"
    return MappingProxyType({a: table[a] for a in Action})


_A = Action
ACTIONS: Mapping[Action, ActionSpec] = _specs(
    ActionSpec(action=_A.NONE, acting=False),
    ActionSpec(action=_A.WAIT, acting=False),
    ActionSpec(action=_A.CLOSE, acting=False),
    ActionSpec(
        action=_A.REMINDER,
        ladder=True,
        communication=True,
        default_channel=Channel.LETTER,
        done_by=Reminder,
        simulated=Reminder,
        notice="reminder",
        rank=1,
    ),
    ActionSpec(
        action=_A.PAYMENT_PLAN_OFFER,
        ladder=True,
        communication=True,
        default_channel=Channel.LETTER,
        done_by=PaymentPlan,
        simulated=Reminder,
        notice="payment_plan_offer",
        rank=2,
    ),
    ActionSpec(
        action=_A.SUSPEND_DELIVERIES,
        ladder=True,
        communication=True,
        done_by=DeliverySuspension,
        simulated=DeliverySuspension,
        notice="suspension_notice",
        rank=3,
    ),
    ActionSpec(
        action=_A.FORMAL_NOTICE,
        ladder=True,
        communication=True,
        default_channel=Channel.REGISTERED_LETTER,
        done_by=FormalNotice,
        simulated=FormalNotice,
        notice="formal_notice",
        rank=4,
    ),
    ActionSpec(
        action=_A.AGENCY_HANDOVER,
        ladder=True,
        done_by=AgencyHandover,
        simulated=AgencyHandover,
        notice="agency_letter",
    ),
    ActionSpec(
        action=_A.SMALL_CLAIMS_PROCEDURE,
        ladder=True,
        legal=True,
        done_by=LegalAction,
        simulated=LegalAction,
        route=LegalActionKind.SMALL_CLAIMS,
        cost_key="small_claims",
        notice="small_claims_invitation",
    ),
    ActionSpec(
        action=_A.PAYMENT_ORDER,
        ladder=True,
        legal=True,
        done_by=LegalAction,
        simulated=LegalAction,
        route=LegalActionKind.PAYMENT_ORDER,
        cost_key="payment_order",
    ),
    ActionSpec(
        action=_A.SUMMONS,
        ladder=True,
        legal=True,
        done_by=LegalAction,
        simulated=LegalAction,
        route=LegalActionKind.SUMMONS,
        cost_key="summons",
    ),
    ActionSpec(
        action=_A.ENFORCEMENT,
        ladder=True,
        done_by=EnforcementAct,
        simulated=EnforcementAct,
        cost_key="enforcement",
    ),
    ActionSpec(action=_A.DECLARE_CLAIM, simulated=ClaimDeclaration),
    ActionSpec(action=_A.REQUEST_RELIEF_FROM_FORECLOSURE),
    ActionSpec(action=_A.RESOLVE_DISPUTE),
    ActionSpec(action=_A.INTERRUPT_PRESCRIPTION),
    ActionSpec(action=_A.WRITE_OFF, ladder=True, done_by=WriteOff, simulated=WriteOff),
)
"""One [`ActionSpec`][recouvrement.actions.ActionSpec] per action, in `Action` order."""

_BY_ROUTE: Mapping[LegalActionKind, Action] = MappingProxyType(
    {
        **{s.route: a for a, s in ACTIONS.items() if s.route is not None},
        # An interim (référé) action is followed up like a summons.
        LegalActionKind.INTERIM: Action.SUMMONS,
    }
)
COST_KEYS: tuple[str, ...] = tuple(s.cost_key for s in ACTIONS.values() if s.cost_key)
"""The keys a policy's ``route_costs`` may use."""


def spec(action: Action) -> ActionSpec:
    """The [`ActionSpec`][recouvrement.actions.ActionSpec] of ``action``."""
    return ACTIONS[action]


def for_route(kind: LegalActionKind) -> Action:
    """The action that starts a legal route of ``kind``.

    Examples:
        >>> for_route(LegalActionKind.PAYMENT_ORDER).value
        'payment_order'
    """
    return _BY_ROUTE[kind]
