"""The escalation ladder: steps done, the next step and its date, and the last two guards.

**Steps done** are read from the claim's history: a `Reminder` carrying the step id marks
that step done; otherwise the events of the step's kind (the ``done_by`` of its
[`ActionSpec`][recouvrement.actions.ActionSpec]) mark the steps of that kind done in
ladder order. The next step is the first one above the highest step done whose trigger
has passed; a step the claim does not qualify for is skipped with a reason.

Examples:
    >>> from recouvrement.decisions.engine import Facts
    >>> from recouvrement.sample import sample_claim
    >>> facts = Facts.of(sample_claim(), as_of="2025-02-10")
    >>> not_yet_due(facts).reasons[0].code
    'guard.not_yet_due'
"""

from __future__ import annotations

import datetime as _dt
from operator import itemgetter
from typing import Any, NamedTuple

from .._convert import from_ordinal
from .._dates import iso as _iso
from ..actions import ACTIONS, Action
from ..events import Channel, EnforcementAct, FormalNotice, LegalAction, Reminder
from ..explain import Reason
from ..history import ClaimHistory
from ..policy import PolicyStep, Tone, TriggerKind, _nominal_offsets
from .costs import cost_guard
from .engine import Facts
from .records import Decision

__all__ = [
    "enforcement_step",
    "ladder",
    "ladder_steps",
    "legal_step",
    "not_yet_due",
]

# Every reason here has a literal code and a non-empty message: skip the validators.
_reason = Reason._unchecked


_by_day = itemgetter(0)


def _end_of_month(day: int) -> int:
    d = _dt.date.fromordinal(day)
    following = _dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return following.toordinal() - 1


def _describe(step: PolicyStep) -> str:
    if step.is_legal_route:
        return "legal route"
    action = step.action
    assert isinstance(action, Action)
    text = action.value.replace("_", " ")
    if step.channel is not None:
        text += f" by {step.channel.value.replace('_', ' ')}"
    return f"{text}, {step.tone.value}"


def ladder_steps(facts: Facts) -> tuple[PolicyStep, ...]:
    """The ladder the debtor's segment follows under the policy."""
    return facts.policy._ladders[facts.segment]


def _is_legal(step: PolicyStep) -> bool:
    action = step.action
    return step.is_legal_route or (isinstance(action, Action) and ACTIONS[action].legal)


class _Ladder(NamedTuple):
    """What the engine needs to know about one ladder, read once per ladder."""

    steps: tuple[PolicyStep, ...]
    ids: frozenset[str]
    offsets: tuple[int, ...]
    legal: tuple[bool, ...]
    done_by: tuple[type[Any] | None, ...]
    marks: tuple[tuple[str, type[Any] | None], ...]  # (id, done_by) of each step
    cure_days: int | None
    notice_step: PolicyStep | None
    legal_step: PolicyStep | None
    enforcement_id: str | None


_LADDERS: dict[int, _Ladder] = {}


def _ladder_of(facts: Facts) -> _Ladder:
    steps = facts.policy._ladders[facts.segment]
    found = _LADDERS.get(id(steps))
    if found is None or found.steps is not steps:
        legal = tuple(_is_legal(s) for s in steps)
        done_by = tuple(
            LegalAction if not isinstance(s.action, Action) else ACTIONS[s.action].done_by
            for s in steps
        )
        found = _LADDERS[id(steps)] = _Ladder(
            steps=steps,
            ids=frozenset(s.id for s in steps),
            offsets=_nominal_offsets(steps),
            legal=legal,
            done_by=done_by,
            marks=tuple(zip((s.id for s in steps), done_by, strict=True)),
            cure_days=next(
                (
                    s.cure_days
                    for s in steps
                    if s.action is Action.FORMAL_NOTICE and s.cure_days is not None
                ),
                None,
            ),
            notice_step=next((s for s in steps if s.action is Action.FORMAL_NOTICE), None),
            legal_step=next(
                (s for s, is_legal in zip(steps, legal, strict=True) if is_legal), None
            ),
            enforcement_id=next((s.id for s in steps if s.action is Action.ENFORCEMENT), None),
        )
    return found


def legal_step(facts: Facts) -> PolicyStep | None:
    """The ladder's legal-route step, if any."""
    return _ladder_of(facts).legal_step


def enforcement_step(facts: Facts) -> str | None:
    """The id of the ladder's enforcement step, if any."""
    return _ladder_of(facts).enforcement_id


def _pool(history: ClaimHistory, kind: type[Any]) -> list[int]:
    if kind is EnforcementAct:  # a conservatory measure is not enforcement
        return sorted(e.on.toordinal() for e in history.of(EnforcementAct) if not e.conservatory)
    return history.days(kind)


def _done(ladder: _Ladder, history: ClaimHistory) -> list[int | None]:
    """The day each step was done (``None``: not done)."""
    ids = ladder.ids
    by_id: dict[str, int] = {}
    anonymous: list[int] = []
    reminders = [(r.on.toordinal(), r.step) for r in history.of(Reminder)]
    if len(reminders) > 1:
        reminders.sort(key=_by_day)
    for when, sid in reminders:
        if sid is None:
            anonymous.append(when)
        elif sid in ids and sid not in by_id:
            by_id[sid] = when
        # A reminder carrying the id of a step this ladder does not have (another track's)
        # marks nothing here.
    pools: dict[type[Any], list[int]] = {Reminder: anonymous}
    used: dict[type[Any], int] = {}
    done: list[int | None] = []
    present = history.kinds()
    for sid, kind in ladder.marks:
        o: int | None = by_id.get(sid)
        if o is None and kind is not None:
            pool = pools.get(kind)
            if pool is None:
                # a kind the claim has no event of marks nothing (the common case)
                pool = pools[kind] = _pool(history, kind) if kind in present else _NO_DAYS
            if pool:
                index = used.get(kind, 0)
                if index < len(pool):
                    o = pool[index]
                    used[kind] = index + 1
        done.append(o)
    return done


_NO_DAYS: list[int] = []  # shared empty pool of `_done` (never modified)


class _Next(NamedTuple):
    """The next step of the ladder: ``step`` is ``None`` when none is left."""

    step: PolicyStep | None
    eff: int
    skipped: list[Reason]
    notice: tuple[int, int | None] | None
    level: int


def _skip(step: PolicyStep, facts: Facts, offset: int) -> Reason | None:
    """Why ``step`` does not apply to the claim, or ``None`` when it does."""
    minimum = step.min_amount and facts.policy_amount(step.min_amount)
    if minimum is not None and facts.amount < minimum:
        return _reason(
            "ladder.skipped",
            f"Step '{step.id}' skipped: balance {facts.amount} {facts.claim.amount.currency} "
            f"below its minimum {step.min_amount}",
            facts={"step": step.id, "minimum": step.min_amount},
        )
    due = facts.claim.due_on.toordinal()
    if offset < 0 and step.trigger.kind is TriggerKind.DAYS_AFTER_DUE and facts.day > due:
        return _reason(
            "ladder.skipped",
            f"Step '{step.id}' skipped: a pre-due reminder, and the claim is already due",
            facts={"step": step.id},
        )
    if step.action is Action.ENFORCEMENT:
        return _reason(
            "ladder.skipped",
            f"Step '{step.id}' skipped: enforcement needs an enforceable title",
            facts={"step": step.id},
        )
    return None


def _next(facts: Facts) -> _Next:
    """The first step above the highest step done that applies, and its date (memoised)."""
    if facts.memo.next_step is not None:
        found: _Next = facts.memo.next_step
        return found
    ladder = _ladder_of(facts)
    steps, offsets = ladder.steps, ladder.offsets
    due = facts.claim.due_on.toordinal()
    done = _done(ladder, facts.history)
    level = -1
    for i, o in enumerate(done):
        if o is not None:
            level = i
    ref = done[level] if level >= 0 else None
    force_now = facts.force_now
    if force_now is not None and ref is not None and ref > force_now:
        force_now = None  # a step was taken after the plan broke: back to the normal pace
    notices = [(n.on.toordinal(), n.cure_days) for n in facts.history.of(FormalNotice)]
    if len(notices) > 1:
        notices.sort(key=_by_day)
    notice = notices[-1] if notices else None
    skipped: list[Reason] = []
    found = _Next(None, 0, skipped, notice, level)
    for index in range(level + 1, len(steps)):
        step = steps[index]
        why = _skip(step, facts, offsets[index])
        if why is not None:
            skipped.append(why)
            continue
        trigger = step.trigger
        if trigger.kind is TriggerKind.DAYS_AFTER_DUE:
            eff = due + trigger.days
            if ref is not None:
                eff = max(eff, ref + offsets[index] - offsets[level])
        elif trigger.kind is TriggerKind.DAYS_AFTER_PREVIOUS:
            eff = (ref if ref is not None else due) + trigger.days
        else:
            eff = _end_of_month((ref if ref is not None else due) + trigger.days)
        if offsets[index] >= 0 or trigger.kind is not TriggerKind.DAYS_AFTER_DUE:
            eff = max(eff, due + 1)
        eff = max(eff, facts.claim.issued_on.toordinal())  # nothing is sent before the claim
        if ladder.legal[index] and notice is not None:
            cure = notice[1]
            if cure is None:
                cure = _cure_days(ladder, facts, None)
            eff = max(eff, facts.rules.cure_deadline(notice[0], cure) + 1)
        if force_now is not None:
            eff = min(eff, facts.day)
        found = _Next(step, eff, skipped, notice, level)
        break
    facts.memo.next_step = found
    return found


def _cure_days(ladder: _Ladder, facts: Facts, step: PolicyStep | None) -> int:
    """The cure period of a formal notice of the ladder: its step's, else the ladder's first
    notice step's, else the policy's default (what a notice recorded without one gets)."""
    if step is not None and step.cure_days is not None:
        return step.cure_days
    if ladder.cure_days is not None:
        return ladder.cure_days
    return facts.policy.default_cure_days


def _notice_deadline(facts: Facts, step: PolicyStep | None) -> int:
    """The last day of the cure period a formal notice sent today gives, as the ladder then
    waits for it (the jurisdiction moves a last day on a non-working day)."""
    return facts.rules.cure_deadline(facts.day, _cure_days(_ladder_of(facts), facts, step))


def _not_yet_due(facts: Facts, found: _Next) -> Decision:
    due = facts.claim.due_on.toordinal()
    why = f"Not yet due (due {_iso(due)})"
    step = found.step
    if step is None:
        return facts.decide(
            Action.NONE, [_reason("guard.not_yet_due", why), *found.skipped], on=due + 1
        )
    reason = _reason(
        "guard.not_yet_due",
        why,
        facts={"step": step.id, "on": from_ordinal(found.eff), "trigger": str(step.trigger)},
    )
    return facts.decide(Action.NONE, [reason, *found.skipped], on=found.eff, step=step.id)


def not_yet_due(facts: Facts) -> Decision | None:
    """10. Not yet due: `NONE` until the due date, or the track's pre-due reminder.

    A pre-due courtesy reminder whose date has come is left to the ladder.
    """
    if facts.day > facts.claim.due_on.toordinal():
        return None
    found = _next(facts)
    if found.step is not None and found.eff <= facts.day:
        return None
    return _not_yet_due(facts, found)


def ladder(facts: Facts) -> Decision:
    """The ladder: the first step above the highest step done whose trigger has passed.

    `WAIT` for it when it is not due yet; `NONE` when every step has been taken.
    """
    found = _next(facts)
    step, day = found.step, facts.day
    if day <= facts.claim.due_on.toordinal() and (step is None or found.eff > day):
        return _not_yet_due(facts, found)
    if step is None:
        exhausted = _reason(
            "ladder.exhausted",
            f"Every step of the '{facts.policy.name}' ladder has been taken or does not apply",
        )
        return facts.decide(Action.NONE, [exhausted, *found.skipped])
    if found.eff > day:
        wait = _reason(
            "ladder.wait",
            f"Next step '{step.id}' ({_describe(step)}) on {_iso(found.eff)}",
            facts={"step": step.id, "on": from_ordinal(found.eff), "trigger": str(step.trigger)},
        )
        return facts.decide(Action.WAIT, [wait, *found.skipped], on=found.eff, step=step.id)
    return _take(facts, step, found)


def _take(facts: Facts, step: PolicyStep, found: _Next) -> Decision:
    """Take ``step`` now (the legal route needs a formal notice and its cure period first)."""
    policy, day, eff = facts.policy, facts.day, found.eff
    segment = facts.segment
    track = f", {segment.value} track" if segment is not None and segment in policy.tracks else ""
    notice_citation = facts.rules.citations.get("formal_notice")
    reasons = [
        _reason(
            "ladder.step",
            f"Step '{step.id}' of the '{policy.name}' ladder{track} ({_describe(step)}): due since "
            f"{_iso(eff)}",
            citation=notice_citation if step.action is Action.FORMAL_NOTICE else None,
            facts={
                "step": step.id,
                "trigger": str(step.trigger),
                "due_since": from_ordinal(eff),
                "segment": segment,
                "note": step.note,
            },
        )
    ]
    if day - eff > policy.review_days:
        reasons.append(
            _reason(
                "ladder.catch_up",
                f"Behind schedule since {_iso(eff)}: this step is taken now and later steps keep "
                "their spacing from it; none is skipped",
                facts={"late_by_days": day - eff},
            )
        )
    reasons.extend(found.skipped)
    if _is_legal(step):
        return _legal(facts, step, found, reasons)
    action = step.action
    assert isinstance(action, Action)
    if step.cost is not None:
        amounts = facts.optional_amounts()
        guarded = cost_guard(facts, step.cost, f"step '{step.id}'", amounts, step)
        if guarded is not None:
            return guarded
    if action is Action.FORMAL_NOTICE:
        return facts.decide(action, reasons, step=step, deadline=_notice_deadline(facts, step))
    return facts.decide(action, reasons, step=step)


def _legal(facts: Facts, step: PolicyStep, found: _Next, reasons: list[Reason]) -> Decision:
    """A legal step: a formal notice first, then the jurisdiction's route once it is cured."""
    notice_citation = facts.rules.citations.get("formal_notice")
    if found.notice is None:
        notice_step = _ladder_of(facts).notice_step
        first = _reason(
            "ladder.notice_first",
            "The legal route needs a formal notice first, with a cure period",
            citation=notice_citation,
        )
        return facts.decide(
            Action.FORMAL_NOTICE,
            [first],
            step=notice_step,
            channel=None if notice_step is not None else Channel.REGISTERED_LETTER,
            tone=None if notice_step is not None else Tone.FORMAL,
            deadline=_notice_deadline(facts, notice_step),
        )
    reasons.append(
        _reason(
            "ladder.cure_passed",
            f"The formal notice of {_iso(found.notice[0])} and its cure period have passed",
            citation=notice_citation,
        )
    )
    if step.is_legal_route:
        return facts.rules.legal_route(facts, step, reasons)
    fixed = step.action
    assert isinstance(fixed, Action)
    return facts.decide(fixed, reasons, step=step)
