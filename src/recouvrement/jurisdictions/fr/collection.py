"""French law in `next_action`: stays, titles, legal actions under way and the legal route.

The generic engine (`recouvrement.decisions`) knows no article; this module gives it the
French guards and rules as one [`CollectionRules`][recouvrement.decisions.engine.CollectionRules]
record, `RULES`:

- **stay guards**: an open insolvency proceeding stays individual actions (C. com.
  L622-21): declare the claim (R622-24), wait once declared (L622-25-1), ask for relief from
  foreclosure (L622-26), write off after; an admissible over-indebtedness case suspends
  enforcement (C. consom. L722-2, L722-5), but not an acknowledgment or an action for a
  title, so the prescription guards still apply;
- **which legal actions hold the prescription clock** (`holds_clock`, defined once in
  `recouvrement.jurisdictions.fr.procedures` and read by prescription too): a served
  action interrupts (C. civ. 2241, 2242), a small-claims procedure the debtor agreed to
  take part in suspends (2238); filing alone does neither (Cass. 1re civ., 9 Sep 2020,
  n° 19-12.006);
- **the small-claims procedure's two agreements**: taking part suspends prescription but is
  no title (a wait); only the agreement on the amount and the terms of payment, recorded
  by the commissaire de justice, is an enforceable title (CPCE L125-1, L111-3 5°); a
  refusal, a month of silence or an end without that agreement sends the claim to court;
- **legal guards** on an overdue claim: an enforceable title (CPCE L111-3) leads to
  enforcement, an unserved judgment to its service (CPCE L111-4, CPC 478), a pending
  action to a wait, a failed one to the next route (`choose_legal_route`);
- the articles of the generic rules: the formal notice (C. civ. 1344), an acknowledgment
  (2240) and collection costs (CPCE L111-8).

Examples:
    >>> from recouvrement.jurisdictions.fr.collection import RULES
    >>> RULES.code, [g.__name__ for g in RULES.stay_guards]
    ('FR', ['insolvency', 'over_indebtedness'])
    >>> str(RULES.citations["formal_notice"])
    'C. civ. 1344'
"""

from __future__ import annotations

from decimal import Decimal
from types import MappingProxyType

from ..._convert import from_ordinal
from ..._dates import iso as _iso
from ...actions import Action, for_route
from ...decisions.costs import cost_guard
from ...decisions.engine import CollectionRules, Facts, Stay, reads
from ...decisions.ladder import enforcement_step, legal_step
from ...decisions.records import Decision
from ...events import (
    ClaimDeclaration,
    EnforcementAct,
    InsolvencyProceeding,
    Judgment,
    LegalAction,
    LegalActionKind,
    Mediation,
    OverIndebtedness,
)
from ...explain import Citation, Reason
from ...interest import AmountsDue
from ...policy import PolicyStep, Tone
from ...prescription import claim_declaration_deadline
from . import procedure_data as _data
from . import procedures as _fr
from .interest import no_accessories
from .prescription import earliest_deadline
from .procedures import clock_held_from, holds_clock
from .small_claims import small_claims_status

__all__ = [
    "RULES",
    "clock_held_from",
    "group_route",
    "holds_clock",
    "insolvency",
    "legal_action_pending",
    "legal_exhausted",
    "legal_next_route",
    "over_indebtedness",
    "serve_judgment",
    "title_enforcement",
]

# Every reason here has a literal code and a non-empty message: skip the validators.
_reason = Reason._unchecked

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
_C_COSTS = _fr.COSTS_CITATION
_C_TITLE = Citation("CPCE", "L111-3")
_C_DEFAULT_JUDGMENT = Citation("CPC", "478")
_C_SMALL_AGREED = Citation("CPCE", "L111-3", note="5°, L125-1")
_C_SUSPENDS = Citation("C. civ.", "2238")
_C_SMALL_AMOUNT = Citation("CPCE", "L125-1")
_C_PUBLIC = Citation("loi 68-1250", "art. 2")
_C_ORDER_NOT_SERVED = Citation("Cass. 1re civ.", "9 Sep 2020, n° 19-12.006")
_C_SERVICE_STARTS = Citation("Cass. 2e civ.", "5 Oct 2023, n° 20-23.523")

# No French prescription period is shorter than one year (transport, C. com. L133-6;
# an agreed period is at least one year, C. civ. 2254): a claim whose prescription started
# less than a year (less the margin) ago cannot be close to it. This shortcut saves the
# prescription computation for young claims.
SHORTEST_PRESCRIPTION_DAYS = 360


def _overdue(facts: Facts) -> bool:
    return facts.day > facts.claim.due_on.toordinal()


# -- stay guards ---------------------------------------------------------------------------


@reads(InsolvencyProceeding)
def insolvency(facts: Facts) -> Decision | None:
    """2. Insolvency proceeding open: individual actions are stayed (C. com. L622-21).

    Declare the claim before its deadline (R622-24), wait once declared (L622-25-1), ask
    for relief from foreclosure inside its window (L622-26), write off after.
    """
    day = facts.day
    open_ = [
        p
        for p in facts.history.of(InsolvencyProceeding)
        if p.closed_on is None or p.closed_on.toordinal() > day
    ]
    if not open_:
        return None
    proceeding = max(open_, key=lambda p: p.opened_on)
    stay = _reason(
        "guard.insolvency",
        f"{proceeding.kind.value.capitalize()} opened on {proceeding.opened_on.isoformat()}: "
        "individual actions and enforcement are stayed",
        citation=_C_STAY,
        facts={"kind": proceeding.kind, "opened_on": proceeding.opened_on},
    )
    opened = proceeding.opened_on.toordinal()
    declared = [o for o in facts.history.days(ClaimDeclaration) if o >= opened]
    if declared:
        waiting = _reason(
            "guard.insolvency.declared",
            f"Claim declared on {_iso(declared[0])}: wait for the proceeding (the declaration "
            "interrupts prescription until it closes)",
            citation=_C_DECLARED,
            facts={"declared_on": from_ordinal(declared[0])},
        )
        return facts.decide(Action.WAIT, [stay, waiting], on=day + facts.policy.review_days)
    published = proceeding.published_on
    if published is None or published.toordinal() > day:
        declare = _reason(
            "guard.insolvency.declare_unpublished",
            "Declare the claim to the creditors' representative now; the 2-month deadline runs "
            "from the BODACC publication of the opening judgment, not yet recorded",
            citation=_C_DECLARE,
        )
        return facts.decide(Action.DECLARE_CLAIM, [stay, declare])
    return _declaration(facts, proceeding, stay)


def _declaration(facts: Facts, proceeding: InsolvencyProceeding, stay: Reason) -> Decision:
    """The declaration, the relief window, or the write-off of a published proceeding."""
    day = facts.day
    published = proceeding.published_on
    assert published is not None
    outside = facts.claim.creditor.country != "FR"
    found = claim_declaration_deadline(proceeding, creditor_outside_metropolitan_france=outside)
    deadline, relief = found.deadline.toordinal(), found.relief_deadline.toordinal()
    if day <= deadline:
        declare = _reason(
            "guard.insolvency.declare",
            f"Declare the claim by {_iso(deadline)} (2 months from publication on "
            f"{published.isoformat()}"
            + (", +2 months outside metropolitan France" if outside else "")
            + ")",
            citation=_C_DECLARE,
            facts={"published_on": published, "deadline": from_ordinal(deadline)},
        )
        return facts.decide(
            Action.DECLARE_CLAIM, [stay, declare, *found.reasons], deadline=deadline
        )
    if day <= relief:
        ask = _reason(
            "guard.insolvency.relief",
            f"The declaration deadline passed on {_iso(deadline)}: ask the juge-commissaire for "
            f"relief from foreclosure by {_iso(relief)} (6 months from publication), showing "
            "the failure is not the creditor's fault or the debtor omitted the claim",
            citation=_C_RELIEF,
            facts={"deadline": from_ordinal(relief)},
        )
        return facts.decide(Action.REQUEST_RELIEF_FROM_FORECLOSURE, [stay, ask], deadline=relief)
    foreclosed = _reason(
        "guard.insolvency.foreclosed",
        f"Not declared and the relief window closed on {_iso(relief)}: the claim is not "
        "admitted to distributions and cannot be enforced against the debtor while a plan is "
        "performed",
        citation=_C_RELIEF_LATE,
        facts={"relief_deadline": from_ordinal(relief)},
    )
    return facts.decide(Action.WRITE_OFF, [stay, foreclosed])


@reads(OverIndebtedness)
def over_indebtedness(facts: Facts) -> Facts | None:
    """3. Over-indebtedness case admissible: enforcement is suspended (C. consom. L722-2).

    Only enforcement is suspended: an acknowledgment or an action for a title is not
    enforcement, so the prescription guards still apply; the wait carries the deadline.
    """
    day = facts.day
    for case in facts.history.of(OverIndebtedness):
        if case.closed_on is None or case.closed_on.toordinal() > day:
            reasons = (
                _reason(
                    "guard.over_indebtedness",
                    f"Over-indebtedness case admissible since {case.admissible_on.isoformat()}: "
                    "enforcement against the debtor is suspended",
                    citation=_C_OVERINDEBTED,
                    facts={"admissible_on": case.admissible_on},
                ),
                _reason(
                    "guard.over_indebtedness.payments",
                    "While it is pending the debtor may not pay claims born before it: "
                    "wait for the commission's plan or measures",
                    citation=_C_OVERINDEBTED_PAY,
                ),
            )
            note = _reason(
                "guard.over_indebtedness.prescription",
                "The over-indebtedness case suspends enforcement only: an "
                "acknowledgment or an action to obtain a title is not enforcement "
                "and remains possible",
                citation=_C_OVERINDEBTED,
            )
            stay = Stay(reasons=reasons, on=day + facts.policy.review_days, close_notes=(note,))
            return facts.noted(stay=stay)
    return None


# -- prescription ------------------------------------------------------------------------------


def under_way(facts: Facts) -> tuple[LegalAction, ...]:
    """The legal actions filed and neither failed nor ended on the day."""
    day = facts.day
    return tuple(a for a in facts.history.of(LegalAction) if not _fr._over(a, day))


def interrupt_reasons(
    facts: Facts, deadline: int, pending: tuple[LegalAction, ...]
) -> list[Reason]:
    """How to interrupt prescription (C. civ. 2240, 2241), and why the actions under way do not.

    A claim on a public body follows loi 68-1250 art. 2 instead: any written claim for
    payment to the administration interrupts the déchéance quadriennale.
    """
    found = facts.near_prescription()
    if found is not None and found.basis.code == _C_PUBLIC.code:
        return [
            _reason(
                "guard.prescription_close.public_body",
                "Send the administration a written claim for payment (a registered letter), or "
                "bring the claim before a court: either interrupts the déchéance quadriennale, "
                "and a new 4-year period runs from 1 January of the following year",
                citation=_C_PUBLIC,
            )
        ]
    reasons = [
        _reason(
            "guard.prescription_close.how",
            "Obtain a written acknowledgment of the debt (or a payment, a signed "
            "plan), or start a legal action: a formal notice does not interrupt it",
            citation=_C_ACK,
        ),
        _reason(
            "guard.prescription_close.legal",
            "A demand in court, even in summary proceedings, interrupts "
            "prescription (a payment-order request only once the order is served)",
            citation=_C_LEGAL_INTERRUPTS,
        ),
    ]
    for action in pending:
        if action.kind is LegalActionKind.SMALL_CLAIMS:
            if action.debtor_agreed_on is None:
                reasons.append(
                    _reason(
                        "legal.not_interrupting.small_claims",
                        f"The small-claims procedure of {action.filed_on.isoformat()} suspends "
                        "prescription only from the debtor's agreement, not recorded yet",
                        citation=_C_SUSPENDS,
                    )
                )
        elif action.served_on is None:
            what = action.kind.value.replace("_", " ")
            reasons.append(
                _reason(
                    "legal.not_interrupting",
                    f"The {what} filed on {action.filed_on.isoformat()} is not served: only its "
                    f"service interrupts prescription; serve it by {_iso(deadline)}",
                    citation=_C_ORDER_NOT_SERVED
                    if action.kind is LegalActionKind.PAYMENT_ORDER
                    else _C_LEGAL_INTERRUPTS,
                )
            )
    return reasons


# -- legal guards --------------------------------------------------------------------------


def _title(facts: Facts) -> tuple[int | None, list[Reason]]:
    """The day an enforceable title was obtained (CPCE L111-3), if any, with why."""
    day = facts.day
    found: list[tuple[int, Reason]] = []
    for judgment in facts.history.of(Judgment):
        served = judgment.served_on
        if served is not None and served.toordinal() <= day and _non_avenu(judgment, day) is None:
            why = _reason(
                "title.judgment",
                f"Judgment of {judgment.on.isoformat()} served on {served.isoformat()}: "
                "an enforceable title",
                citation=_C_TITLE,
                facts={"judgment": judgment.on, "served_on": served},
            )
            found.append((served.toordinal(), why))
    for action in facts.history.of(LegalAction):
        titled = _action_title(action, day)
        if titled is not None:
            found.append(titled)
    best: int | None = None
    reasons: list[Reason] = []
    for o, why in found:  # the latest title wins; ties keep the first found
        if best is None or o > best:
            best, reasons = o, [why]
    return best, reasons


def _action_title(action: LegalAction, day: int) -> tuple[int, Reason] | None:
    """The title a legal action gave by ``day``: an agreed small-claims procedure, an
    unopposed payment order (CPC 1416 / 1422, keyed on ``ordered_on``)."""
    if action.kind is LegalActionKind.SMALL_CLAIMS:
        # Only the agreement on the amount and the terms is a title (L125-1, L111-3 5°);
        # the debtor's agreement to take part only suspends prescription (C. civ. 2238).
        agreed = action.amount_agreed_on
        if agreed is None or agreed.toordinal() > day:
            return None
        return agreed.toordinal(), _reason(
            "title.small_claims",
            f"Creditor and debtor agreed on the amount and the terms of payment on "
            f"{agreed.isoformat()} in the small-claims procedure: the commissaire de "
            "justice's title is enforceable (record the agreed terms as a signed PaymentPlan: "
            "while they are kept, the claim waits)",
            citation=_C_SMALL_AGREED,
            facts={"amount_agreed_on": agreed},
        )
    if action.kind is not LegalActionKind.PAYMENT_ORDER or action.served_on is None:
        return None
    ended = action.ended_on is not None and action.ended_on.toordinal() <= day
    if ended or action.served_on.toordinal() > day:
        return None
    enforceable = _fr._order_enforceable(action)
    assert enforceable is not None
    ready, months, citation, note = enforceable
    if day <= ready:
        return None
    return ready, _reason(
        "title.payment_order",
        f"Payment order served on {action.served_on.isoformat()} with no opposition "
        f"within {months} month(s){note}: it can be made enforceable",
        citation=citation,
        facts={"served_on": action.served_on},
    )


@reads(Judgment, LegalAction)
def title_enforcement(facts: Facts) -> Decision | None:
    """With an enforceable title: `ENFORCEMENT` (or `WAIT` while it is under way).

    The costs of forced execution fall on the debtor (CPCE L111-8); the cost guard may
    still write the claim off.
    """
    if not _overdue(facts):
        return None
    title, reasons = _title(facts)
    if title is None:
        return None
    acts = sorted(e.on.toordinal() for e in facts.history.of(EnforcementAct) if not e.conservatory)
    after = [o for o in acts if o >= title]
    if after:
        under_way_ = _reason(
            "legal.enforcement_under_way",
            f"Enforcement under way since {_iso(after[0])}: follow it with the commissaire "
            "de justice",
        )
        return facts.decide(
            Action.WAIT, [*reasons, under_way_], on=facts.day + facts.policy.review_days
        )
    cost = facts.policy.route_costs.get("enforcement")
    if cost is not None:
        guarded = cost_guard(facts, cost, "enforcement", facts.optional_amounts(), None)
        if guarded is not None and guarded.action is Action.WRITE_OFF:
            return guarded
    enforce = _reason(
        "legal.enforce",
        "Have a commissaire de justice enforce the title; the costs of forced execution "
        "fall on the debtor",
        citation=_C_COSTS,
    )
    return facts.decide(
        Action.ENFORCEMENT, [*reasons, enforce], step=enforcement_step(facts), tone=Tone.LEGAL
    )


def _service_limit(judgment: Judgment) -> tuple[int, int]:
    """CPC 478: the months a judgment by default has to be served, and the last day."""
    rule = _data._rule_on("default_judgment_service", judgment.on.toordinal())
    months = rule.months if rule is not None and rule.months else 6
    return months, _data._add_months_ordinal(judgment.on.toordinal(), months)


def _non_avenu(judgment: Judgment, day: int) -> int | None:
    """The last day to serve ``judgment`` when it is non avenu on ``day`` (CPC 478), else None.

    A judgment by default, or deemed contradictory only because it may be appealed
    (``by_default``), not served within six months of its date is non avenu: serving it
    later does not revive it.
    """
    if not judgment.by_default:
        return None
    limit = _service_limit(judgment)[1]
    served = judgment.served_on
    if day <= limit or (served is not None and served.toordinal() <= limit):
        return None
    return limit


def _judgment_non_avenu(facts: Facts, judgment: Judgment, limit: int) -> Decision | None:
    """CPC 478: a judgment by default not served within six months is non avenu.

    There is no title left to serve or enforce: the creditor must reiterate the summons
    (step ``reiterate_summons``). Once a legal action is filed after the limit, the later
    guards follow it (``None``).
    """
    if any(a.filed_on.toordinal() > limit for a in facts.history.of(LegalAction)):
        return None
    months = _service_limit(judgment)[0]
    served = judgment.served_on
    late = "" if served is None else f" (served late, on {served.isoformat()})"
    void = _reason(
        "legal.judgment_non_avenu",
        f"The judgment of {judgment.on.isoformat()}, by default or deemed contradictory only "
        f"because it may be appealed, was not served within {months} months (by "
        f"{_iso(limit)}){late}: it is non avenu, there is no title to serve or enforce; "
        "reiterate the summons",
        citation=_C_DEFAULT_JUDGMENT,
        facts={"judgment": judgment.on, "limit": from_ordinal(limit)},
    )
    return facts.decide(Action.SUMMONS, [void], step="reiterate_summons", tone=Tone.LEGAL)


@reads(Judgment)
def serve_judgment(facts: Facts) -> Decision | None:
    """An unserved judgment: have it served (step ``serve_judgment``).

    CPCE L111-4: the 10 years run once the decision is enforceable, service included.
    CPC 478: a judgment by default (or deemed contradictory only because it may be
    appealed) not served within 6 months is non avenu: applied as the deadline when the
    judgment is recorded as ``by_default``, and past it the advice is to reiterate the
    summons (no title is left); stated when that is not recorded, left out when it is
    recorded as adversarial.
    """
    if not _overdue(facts):
        return None
    day = facts.day
    for judgment in facts.history.of(Judgment):
        limit = _non_avenu(judgment, day)
        if limit is not None:
            void = _judgment_non_avenu(facts, judgment, limit)
            if void is not None:
                return void
        elif judgment.served_on is None or judgment.served_on.toordinal() > day:
            return _serve(facts, judgment)
    return None


def _serve(facts: Facts, judgment: Judgment) -> Decision:
    """Have ``judgment`` served, with the CPC 478 limit when it may apply."""
    months, limit = _service_limit(judgment)
    reasons = [
        _reason(
            "legal.serve_judgment",
            f"Judgment of {judgment.on.isoformat()} not served yet: have it served "
            "(signification) to enforce it; the 10 years to enforce it run from then",
            citation=_C_SERVICE_STARTS,
            facts={"judgment": judgment.on},
        )
    ]
    deadline: int | None = None
    if judgment.by_default:
        deadline = limit
        reasons.append(
            _reason(
                "legal.serve_judgment.default",
                f"A judgment by default is void unless served within {months} months: serve "
                f"it by {_iso(limit)}",
                citation=_C_DEFAULT_JUDGMENT,
                facts={"limit": from_ordinal(limit)},
            )
        )
    elif judgment.by_default is None:
        reasons.append(
            _reason(
                "legal.serve_judgment.default",
                f"If it is a judgment by default, it is void unless served within "
                f"{months} months, by {_iso(limit)}; this limit applies to judgments "
                "by default only (record `by_default` on the judgment to apply it)",
                citation=_C_DEFAULT_JUDGMENT,
                facts={"limit_if_default": from_ordinal(limit)},
            )
        )
    return facts.decide(
        Action.ENFORCEMENT, reasons, deadline=deadline, step="serve_judgment", tone=Tone.LEGAL
    )


@reads(LegalAction)
def _earliest_deadline(facts: Facts) -> int | None:
    """`earliest_deadline`, except while a legal action is under way: the prescription
    deadline is then reported however far, while the action does not hold the clock."""
    if facts.history.has(LegalAction) and under_way(facts):
        return None
    return earliest_deadline(facts.claim)


def legal_action_pending(facts: Facts) -> Decision | None:
    """A legal action under way: `WAIT`, with the procedural limit and, while it does not
    hold the clock (C. civ. 2241, 2238), the prescription deadline if earlier."""
    if not _overdue(facts):
        return None
    pending = under_way(facts)
    if not pending:
        return None
    day = facts.day
    action = max(pending, key=lambda a: a.filed_on)
    deadline: int | None = None
    extra: list[Reason] = []
    look_again = day + facts.policy.review_days
    if action.kind is LegalActionKind.SMALL_CLAIMS:
        extra.extend(_small_claims_waiting(action, day))
        if not holds_clock(action, day):
            look_again = min(look_again, _data.small_claims_answer_by(action) + 1)
    if action.kind is LegalActionKind.PAYMENT_ORDER and action.served_on is None:
        # CPC 1411, keyed on ordered_on (else the stricter row, counted from the request).
        found = _fr._order_service_limit(action, day)
        if found is not None:
            deadline, why = found
            extra.extend(why)
    barred = _not_holding(facts, action)
    if barred is not None:
        extra.append(barred[1])
        if deadline is None or barred[0] < deadline:
            deadline = barred[0]
    pending_reason = _reason(
        "legal.pending",
        f"{action.kind.value.replace('_', ' ').capitalize()} filed on "
        f"{action.filed_on.isoformat()} under way",
        facts={"kind": action.kind, "filed_on": action.filed_on},
    )
    return facts.decide(Action.WAIT, [pending_reason, *extra], on=look_again, deadline=deadline)


def _small_claims_waiting(action: LegalAction, day: int) -> list[Reason]:
    """Why a small-claims procedure under way is waited for: the month to answer (R125-2),
    or the participation agreed, which suspends prescription but is no title (2238, L125-1)."""
    joined = action.debtor_agreed_on
    if joined is None or joined.toordinal() > day:
        limit = _data.small_claims_answer_by(action)
        rule = _data._rule_on("small_claims_acceptance", action.filed_on.toordinal())
        return [
            _reason(
                "legal.small_claims_waiting",
                f"The debtor has until {_iso(limit)} to accept; silence is a refusal",
                citation=rule.citation if rule is not None else None,
            )
        ]
    return [
        _reason(
            "legal.small_claims.participation",
            f"The debtor agreed on {joined.isoformat()} to take part in the small-claims "
            "procedure: prescription is suspended until it ends, but this agreement is not a "
            "title; do not enforce",
            citation=_C_SUSPENDS,
            facts={"debtor_agreed_on": joined},
        ),
        _reason(
            "legal.small_claims.awaiting_amount",
            "Wait for the agreement on the amount and the terms of payment, recorded by the "
            "commissaire de justice (the title); if the procedure ends without it, go to court",
            citation=_C_SMALL_AMOUNT,
        ),
    ]


def _not_holding(facts: Facts, action: LegalAction) -> tuple[int, Reason] | None:
    """The prescription deadline while ``action`` does not hold the clock yet, with why."""
    prescription = facts.near_prescription()
    if prescription is None or not prescription.running or holds_clock(action, facts.day):
        return None
    barred_after = prescription.deadline.toordinal()
    small = action.kind is LegalActionKind.SMALL_CLAIMS
    return barred_after, _reason(
        "legal.pending.prescription",
        f"Until it is {'agreed by the debtor' if small else 'served'}"
        f", the {action.kind.value.replace('_', ' ')} does not stop prescription: "
        f"time-barred after {_iso(barred_after)}",
        citation=_C_SUSPENDS if small else _C_LEGAL_INTERRUPTS,
        facts={"deadline": prescription.deadline},
    )


@reads(LegalAction)
def legal_exhausted(facts: Facts) -> Decision | None:
    """Court proceedings ended without a title: the legal route is exhausted, `WRITE_OFF`."""
    if not _overdue(facts) or not facts.history.has(LegalAction) or under_way(facts):
        return None
    kinds = {a.kind for a in facts.history.of(LegalAction)}
    if LegalActionKind.SUMMONS not in kinds and LegalActionKind.INTERIM not in kinds:
        return None
    exhausted = _reason(
        "legal.exhausted",
        "The court proceedings ended without a title for the creditor: the legal route is "
        "exhausted",
    )
    return facts.decide(Action.WRITE_OFF, [exhausted])


@reads(LegalAction)
def legal_next_route(facts: Facts) -> Decision | None:
    """A previous route ended without a title: take the next one (`choose_legal_route`)."""
    if not _overdue(facts) or not facts.history.has(LegalAction) or under_way(facts):
        return None
    why = _reason("legal.next_route", "The previous route ended without a title: take the next one")
    how = [
        r
        for a in facts.history.of(LegalAction)
        if a.kind is LegalActionKind.SMALL_CLAIMS and a.filed_on.toordinal() <= facts.day
        for r in small_claims_status(a, as_of=from_ordinal(facts.day)).reasons
    ]
    return legal_route(facts, legal_step(facts), [why, *how])


def legal_route(facts: Facts, step: PolicyStep | None, reasons: list[Reason]) -> Decision:
    """Choose and propose the legal route (CPCE L125-1, CPC 1405...), with the cost guard."""
    amounts, note = facts.amounts_due() if facts.with_amounts else (None, None)
    if note is not None:
        reasons.append(note)
    amount = facts.amount
    principal = min(amounts.principal.amount if amounts is not None else amount, amount)
    interest = amounts.interest.amount if amounts is not None else type(amount)(0)
    return _route(facts, step, reasons, principal, interest, amounts)


def group_route(
    facts: Facts,
    step: PolicyStep | None,
    reasons: list[Reason],
    principal: Decimal,
    interest: Decimal,
) -> Decision:
    """The legal route of one procedure grouping a debtor's claims, chosen on their total.

    ``facts`` are those of one of the claims, with ``amount`` the total owed (the cost
    guard weighs the route's cost against it); ``principal`` and ``interest`` are the
    totals the thresholds read (small claims: principal and interest, CPCE L125-1).
    """
    return _route(facts, step, reasons, principal, interest, None)


def _route(
    facts: Facts,
    step: PolicyStep | None,
    reasons: list[Reason],
    principal: Decimal,
    interest: Decimal,
    amounts: AmountsDue | None,
) -> Decision:
    history = facts.history
    route = _fr._choose(
        facts.claim,
        facts.day,
        principal,
        interest,
        facts.disputed_rejected,
        tuple(history.of(LegalAction)),
        history.has(Mediation),
        facts.exchange_rates,
    )
    if route.kind is None:
        # No private legal route (a tax claim, LPF L274): nothing to start, and no "next
        # route" either.
        kept = [r for r in reasons if r.code != "legal.next_route"]
        return facts.decide(Action.NONE, kept + list(route.reasons), step=step)
    cost = facts.policy.route_costs.get(_fr.route_cost_key(route.kind))
    if cost is None and step is not None:
        cost = step.cost
    if cost is not None:
        what = route.kind.value.replace("_", " ")
        guarded = cost_guard(facts, cost, what, amounts, step)
        if guarded is not None:
            return guarded
    return facts.decide(
        for_route(route.kind),
        reasons + list(route.reasons),
        step=step,
        tone=Tone.LEGAL,
        amounts=amounts,
    )


RULES = CollectionRules(
    code="FR",
    stay_guards=(insolvency, over_indebtedness),
    legal_guards=(
        title_enforcement,
        serve_judgment,
        legal_action_pending,
        legal_exhausted,
        legal_next_route,
    ),
    holds_clock=holds_clock,
    under_way=under_way,
    interrupt_reasons=interrupt_reasons,
    legal_route=legal_route,
    group_route=group_route,
    shortest_prescription_days=SHORTEST_PRESCRIPTION_DAYS,
    citations=MappingProxyType(
        {"formal_notice": _C_NOTICE, "acknowledgment": _C_ACK, "collection_costs": _C_COSTS}
    ),
    costs_note="; costs without an enforceable title stay with the creditor",
    no_accessories=no_accessories,
    earliest_deadline=_earliest_deadline,
    order_service_limit=_fr._order_service_limit,
)
"""The French collection rules `next_action` applies to claims with ``jurisdiction="FR"``."""
