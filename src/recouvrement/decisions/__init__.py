"""The next action on a claim: what to do now, on which channel, and why.

`next_action` answers "what do we do about this claim today?". It runs an ordered tuple of
small named **guards** over the claim's facts (`recouvrement.decisions.engine.Facts`), then
climbs the policy's **ladder**. A guard decides, passes on new facts (a note, a stay, the
amount still to chase), or passes. The jurisdiction contributes its own guards (marked
*jurisdiction*; the French ones, with their articles, are in
`recouvrement.jurisdictions.fr.collection`). The order, for a French claim:

1. `closed`: settled, cancelled or written off -> `CLOSE`; a principal paid late with
   accessories still owed -> a reminder, then a formal notice, for them alone, unless the
   policy waives them;
2. `insolvency` (*jurisdiction*): insolvency proceeding open -> individual actions are
   stayed (C. com. L622-21 in France): declare the claim before its deadline
   (`DECLARE_CLAIM`), wait once declared, ask for relief from foreclosure inside its
   window, write off after;
3. `over_indebtedness` (*jurisdiction*): over-indebtedness case admissible -> enforcement
   is suspended (C. consom. L722-2): a stay, the wait carrying the prescription deadline;
4. `profile_insolvent`: the same stay for a debtor profiled insolvent with no proceeding
   recorded (a policy choice, not a legal stay). Guards 6-7 still apply: only enforcement
   is suspended, and an acknowledgment or an action for a title is not enforcement;
5. `agency_mandate`: a collection agency's mandate running (`AgencyHandover` until its
   ``until``, or the policy's ``agency_days``, unless ``returned_on``) -> a stay: in-house
   reminders, calls, formal notice and legal route wait, the agency's fee stated from the
   policy's ``agency_fee``;
6. `time_barred`: time-barred -> `WRITE_OFF`;
7. `prescription_close`: prescription within the policy's margin (90 days) and nothing
   holding the clock -> `INTERRUPT_PRESCRIPTION` (an acknowledgment or a legal action).
   Which actions hold the clock is the jurisdiction's rule (in France only a served
   action or a small-claims procedure agreed by the debtor);
8. `stayed`: a stay found above -> `WAIT`, with the prescription deadline;
9. `policy_currency`: a policy whose amounts are in another currency than the claim's ->
   a note: the rate supplied (``exchange_rates``), or that its amounts are not applied;
10. `dispute`: open dispute -> `RESOLVE_DISPUTE` for the disputed part; the ladder goes on
    for the undisputed rest;
11. `payment_plan`: payment plan on track -> `WAIT` until the next instalment; a missed
    instalment breaks the plan and the next step of the ladder is taken at once;
12. `promise`: payment promise pending -> `WAIT` until the promised date plus the
    tolerance; a broken promise resumes the ladder;
13. `small_balance`: an overdue balance at or below the policy's write-off limit ->
    `WRITE_OFF`;
14. `below_minimum`: outstanding below the policy's minimum -> `NONE`;
15. `not_yet_due`: not yet due -> `NONE`, or a pre-due courtesy reminder when the
    debtor's track has one;
16. `title_enforcement` (*jurisdiction*): an enforceable title -> `ENFORCEMENT`;
17. `serve_judgment` (*jurisdiction*): an unserved judgment -> have it served (step
    ``serve_judgment``: in France the 10 years of CPCE L111-4 run from service, so it is
    never time-barred meanwhile);
18. `legal_action_pending` (*jurisdiction*): a pending legal action -> `WAIT` (its
    ``deadline`` the earlier of the procedural limit and the prescription deadline while
    it does not hold the clock);
19. `legal_exhausted` (*jurisdiction*): court proceedings ended without a title ->
    `WRITE_OFF`;
20. `legal_next_route` (*jurisdiction*): a failed route -> the next route;
21. `ladder`: the first step above the highest step done whose trigger has passed.

**Steps done** are read from the claim's history: a `Reminder` carrying the step id
(``Reminder(step="firm")``) marks that step done; otherwise the events of the step's kind
(`FormalNotice`, `DeliverySuspension`, `AgencyHandover`, `PaymentPlan`, `LegalAction`,
`EnforcementAct`, `WriteOff`, and reminders without a known step id) mark the steps of that
kind done in ladder order (the ``done_by`` column of `recouvrement.actions.ACTIONS`).

**Catch-up.** A claim moves at most one step per evaluation and never goes back down: the
next step is always the first one above the highest step done. A claim evaluated after a
long gap (or imported with no history) therefore starts with the first step not done, now,
and each later step keeps its nominal spacing from the step before it *as actually done*
(a ``days_after_due`` trigger fires no earlier than the previous step's date plus the
nominal gap between the two). Nothing is skipped silently: a step the claim does not
qualify for (below its minimum amount) is skipped with a reason.

**Legal route.** After a formal notice whose cure period has passed, the jurisdiction
chooses the route (in France `recouvrement.jurisdictions.fr.procedures`: the small-claims
procedure up to 5,000 EUR in principal and interest, a payment order for an undisputed
claim of a determined amount, a summons when the claim is disputed). A **cost guard**
hands the claim to an agency (or writes it off) when the expected recovery does not cover
the cost of the route.

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

from ..actions import Action

# Names `recouvrement.decisions` has always let users import (the domain types the
# engine reads), kept importable from here.
from ..claims import Claim as Claim
from ..errors import InvalidType as InvalidType
from ..errors import InvalidValue as InvalidValue
from ..errors import RateNotPublished as RateNotPublished
from ..errors import UnsupportedJurisdiction as UnsupportedJurisdiction
from ..events import AgencyHandover as AgencyHandover
from ..events import Cancellation as Cancellation
from ..events import Channel as Channel
from ..events import ClaimDeclaration as ClaimDeclaration
from ..events import DeliverySuspension as DeliverySuspension
from ..events import Dispute as Dispute
from ..events import DisputeOutcome as DisputeOutcome
from ..events import EnforcementAct as EnforcementAct
from ..events import Event as Event
from ..events import FormalNotice as FormalNotice
from ..events import InsolvencyProceeding as InsolvencyProceeding
from ..events import Instalment as Instalment
from ..events import Judgment as Judgment
from ..events import LegalAction as LegalAction
from ..events import LegalActionKind as LegalActionKind
from ..events import Mediation as Mediation
from ..events import OverIndebtedness as OverIndebtedness
from ..events import PaymentPlan as PaymentPlan
from ..events import PaymentPromise as PaymentPromise
from ..events import Reminder as Reminder
from ..events import WriteOff as WriteOff
from ..explain import Citation as Citation
from ..explain import Reason as Reason
from ..interest import AmountsDue as AmountsDue
from ..interest import amounts_due as amounts_due
from ..money import Money as Money
from ..policy import EscalationPolicy as EscalationPolicy
from ..policy import PolicyStep as PolicyStep
from ..policy import Tone as Tone
from ..policy import TriggerKind as TriggerKind
from ..prescription import claim_declaration_deadline as claim_declaration_deadline
from ..prescription import prescription_deadline as prescription_deadline
from ..segments import Segment as Segment
from .api import debtor_actions, next_action, next_actions
from .inputs import resolve_policy
from .plans import plan_status, propose_payment_plan
from .records import DebtorAction, Decision, GroupedProcedure, PlanProposal, PlanStatus
from .simulation import simulate

__all__ = [
    "Action",
    "DebtorAction",
    "Decision",
    "GroupedProcedure",
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
