"""Who to call today: debtor accounts ranked by a priority with named parts.

`worklist` ranks debtor *accounts* (not invoices) for one day. For each account it says
what to do (from `debtor_actions` and each claim's `next_action`), why now, and a priority
that is the sum of named parts, each with its points and a sentence:

- ``amount``: the amount at stake (overdue balance), ``10 × log10(1 + amount)`` points
  (100 → 20, 10,000 → 40, 1,000,000 → 60), in the account's main currency;
- ``chance_unpaid``: ``30 × (1 - p)``, where ``p`` is the predicted chance that the
  overdue balance is paid within ``window`` days without action (from the payment model of
  `recouvrement.forecast`);
- legal urgency: ``prescription`` (the limitation date close), ``claim_declaration`` and
  ``relief_from_foreclosure`` (insolvency), ``payment_order_service`` (a payment order to
  serve before it lapses, CPC 1411) and ``judgment_service`` (a judgment by default to
  serve within 6 months, CPC 478): 100 points within 7 days, 60 within 30, 30 within 90
  (a payment order with no known limit: 30);
- commitments: ``promise_due`` (a payment promised for today: check it came in, 40),
  ``broken_promise`` (the latest promise passed unpaid, 25), ``broken_plan`` (an
  instalment of the payment plan missed, 50).

The points are conventions of this library (documented, not law): pass your own
``weights`` to change them. Accounts with nothing to do today and no urgency are left
out. The order is stable: priority, then amount at stake, then debtor id.

Examples:
    >>> from recouvrement.sample import load_sample
    >>> sample = load_sample()
    >>> today = worklist(sample.claims, as_of=sample.as_of, capacity=5)
    >>> top = today.items[0]
    >>> top.rank, top.priority == sum(p.points for p in top.parts)
    (1, True)
    >>> sum(1 for i in today.items if not i.deferred)
    5
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from html import escape
from typing import Any, Literal

import attrs
import pendulum

from ._convert import DateLike, from_ordinal, to_date
from .claims import Claim
from .decisions import DebtorAction, Decision, debtor_actions, plan_status
from .decisions.engine import collection_rules
from .decisions.records import first_missing_rate
from .errors import InsufficientHistory, InvalidType, InvalidValue
from .events import LegalAction, LegalActionKind, PaymentPromise
from .explain import Citation, Reason
from .history import ClaimHistory, PromiseState, latest_promise, promise_check
from .jurisdictions import citation
from .money import Money
from .policy import Action, EscalationPolicy
from .prescription import upcoming_deadlines
from .profiling import profile_debtors

__all__ = [
    "DEFAULT_WEIGHTS",
    "PriorityPart",
    "Urgency",
    "Worklist",
    "WorklistItem",
    "worklist",
]

DEFAULT_WEIGHTS: Mapping[str, Decimal] = {
    "amount": Decimal(10),
    "chance_unpaid": Decimal(30),
    "deadline_7": Decimal(100),
    "deadline_30": Decimal(60),
    "deadline_90": Decimal(30),
    "promise_due": Decimal(40),
    "broken_promise": Decimal(25),
    "broken_plan": Decimal(50),
}
"""The points of each part (see the module docstring); override any with ``weights``."""

_TWO = Decimal("0.01")
_FADED = ' style="opacity:0.6"'

# Which claim action leads an account's line when several are due (higher first).
_ACTION_RANK = {
    Action.DECLARE_CLAIM: 12,
    Action.REQUEST_RELIEF_FROM_FORECLOSURE: 11,
    Action.INTERRUPT_PRESCRIPTION: 10,
    Action.ENFORCEMENT: 9,
    Action.PAYMENT_ORDER: 8,
    Action.SUMMONS: 8,
    Action.SMALL_CLAIMS_PROCEDURE: 8,
    Action.FORMAL_NOTICE: 7,
    Action.AGENCY_HANDOVER: 6,
    Action.SUSPEND_DELIVERIES: 5,
    Action.RESOLVE_DISPUTE: 4,
    Action.PAYMENT_PLAN_OFFER: 4,
    Action.REMINDER: 3,
    Action.WRITE_OFF: 2,
    Action.CLOSE: 1,
    Action.WAIT: 0,
    Action.NONE: 0,
}


@attrs.frozen(slots=True, kw_only=True)
class PriorityPart:
    """One named part of an account's priority.

    Attributes:
        name: ``"amount"``, ``"chance_unpaid"``, ``"prescription"``, ``"claim_declaration"``,
            ``"relief_from_foreclosure"``, ``"payment_order_service"``,
            ``"judgment_service"``, ``"promise_due"``, ``"broken_promise"`` or
            ``"broken_plan"``.
        points: Its points (the priority is their sum).
        detail: A readable sentence.
    """

    name: str
    points: Decimal
    detail: str

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-compatible dict."""
        return {"name": self.name, "points": str(self.points), "detail": self.detail}


@attrs.frozen(slots=True, kw_only=True)
class Urgency:
    """A legal deadline or a commitment that makes an account urgent.

    Attributes:
        kind: The part it feeds (``"prescription"``, ``"promise_due"``...).
        claim_id: The claim concerned.
        date: The deadline or the commitment's date, if known.
        days_left: Days from ``as_of`` to ``date`` (negative once passed).
        message: A readable sentence.
        citation: The article, for a legal deadline.
    """

    kind: str
    claim_id: str
    date: pendulum.Date | None
    days_left: int | None
    message: str
    citation: Citation | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-compatible dict."""
        return {
            "kind": self.kind,
            "claim_id": self.claim_id,
            "date": None if self.date is None else self.date.isoformat(),
            "days_left": self.days_left,
            "message": self.message,
            "citation": None if self.citation is None else self.citation.to_dict(),
        }


@attrs.frozen(slots=True, kw_only=True)
class WorklistItem:
    """One debtor account to work today.

    Attributes:
        rank: Its place in the list (1 first).
        debtor_id: The debtor's id.
        debtor_name: The debtor's name.
        action: The leading action (the most serious due now among its claims, or `WAIT`
            when only a commitment or a deadline brings the account up).
        task: What to do, in a sentence.
        claim_ids: The claims the task is about.
        at_stake: The overdue balance per currency (the open balance when nothing is
            overdue).
        chance_paid: The predicted chance that the overdue balance is paid within the
            window without action (balance-weighted), or ``None`` without a model.
        priority: The sum of ``parts``' points.
        parts: The named parts of the priority.
        urgencies: The legal deadlines and commitments found, soonest first.
        assigned_to: The collector it is assigned to, if any.
        deferred: Whether it is beyond today's capacity.
        reasons: Why: the grouped decision's and each leading claim's reasons.
        decision: The account's `DebtorAction` (every claim's decision inside).
    """

    rank: int
    debtor_id: str
    debtor_name: str
    action: Action
    task: str
    claim_ids: tuple[str, ...]
    at_stake: tuple[Money, ...]
    chance_paid: float | None
    priority: Decimal
    parts: tuple[PriorityPart, ...]
    urgencies: tuple[Urgency, ...]
    assigned_to: str | None = None
    deferred: bool = False
    reasons: tuple[Reason, ...] = ()
    decision: DebtorAction = attrs.field(repr=False, eq=False)

    def part(self, name: str) -> Decimal:
        """The points of the part ``name`` (0 when absent)."""
        return sum((p.points for p in self.parts if p.name == name), Decimal(0))

    def to_row(self) -> dict[str, Any]:
        """A flat dict for a table or a CSV line: one column per part."""
        row: dict[str, Any] = {
            "rank": self.rank,
            "debtor_id": self.debtor_id,
            "debtor_name": self.debtor_name,
            "action": self.action.value,
            "task": self.task,
            "claims": " ".join(self.claim_ids),
            "at_stake": " ".join(str(m) for m in self.at_stake),
            "chance_paid": None if self.chance_paid is None else round(self.chance_paid, 3),
            "priority": str(self.priority),
            "assigned_to": self.assigned_to,
            "deferred": self.deferred,
        }
        for part in self.parts:
            row[part.name] = str(part.points)
        return row

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-compatible dict."""
        return {
            "rank": self.rank,
            "debtor_id": self.debtor_id,
            "debtor_name": self.debtor_name,
            "action": self.action.value,
            "task": self.task,
            "claim_ids": list(self.claim_ids),
            "at_stake": [m.to_dict() for m in self.at_stake],
            "chance_paid": None if self.chance_paid is None else round(self.chance_paid, 4),
            "priority": str(self.priority),
            "parts": [p.to_dict() for p in self.parts],
            "urgencies": [u.to_dict() for u in self.urgencies],
            "assigned_to": self.assigned_to,
            "deferred": self.deferred,
            "reasons": [r.to_dict() for r in self.reasons],
        }


@attrs.frozen(slots=True, kw_only=True)
class Worklist:
    """The ranked accounts of one day.

    Attributes:
        as_of: The day.
        items: The accounts, by rank.
        reasons: How it was built (model fitted or not, capacity...).
    """

    as_of: pendulum.Date
    items: tuple[WorklistItem, ...]
    reasons: tuple[Reason, ...] = ()

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[WorklistItem]:
        return iter(self.items)

    def for_collector(self, name: str) -> tuple[WorklistItem, ...]:
        """The items assigned to ``name``, by rank."""
        return tuple(i for i in self.items if i.assigned_to == name)

    def rows(self) -> list[dict[str, Any]]:
        """One flat dict per account (see `WorklistItem.to_row`), for a table or a CSV."""
        return [i.to_row() for i in self.items]

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-compatible dict."""
        return {
            "as_of": self.as_of.isoformat(),
            "items": [i.to_dict() for i in self.items],
            "reasons": [r.to_dict() for r in self.reasons],
        }

    def _repr_html_(self) -> str:
        head = (
            "<tr><th>#</th><th>debtor</th><th>task</th><th>at stake</th>"
            "<th>priority</th><th>parts</th><th>assigned</th></tr>"
        )
        body = "".join(
            f"<tr{_FADED if i.deferred else ''}><td>{i.rank}</td>"
            f"<td>{escape(i.debtor_name)}</td><td>{escape(i.task)}</td>"
            f"<td>{escape(' '.join(str(m) for m in i.at_stake))}</td><td>{i.priority}</td>"
            f"<td>{escape(', '.join(f'{p.name} {p.points}' for p in i.parts))}</td>"
            f"<td>{escape(i.assigned_to or ('deferred' if i.deferred else ''))}</td></tr>"
            for i in self.items
        )
        return (
            f"<div><b>Worklist for {self.as_of.isoformat()}</b>: {len(self.items)} account(s)"
            f"<table>{head}{body}</table></div>"
        )


# -- the parts ------------------------------------------------------------------------------------


def _pts(value: Decimal) -> Decimal:
    return value.quantize(_TWO, rounding=ROUND_HALF_UP)


def _tier(days_left: int | None, weights: Mapping[str, Decimal]) -> Decimal:
    """Points of a legal deadline by the days left (none once passed or beyond 90 days)."""
    if days_left is None:
        return weights["deadline_90"]
    if days_left < 0 or days_left > 90:
        return Decimal(0)
    if days_left <= 7:
        return weights["deadline_7"]
    return weights["deadline_30"] if days_left <= 30 else weights["deadline_90"]


def _unserved_orders(claim: Claim, day: pendulum.Date) -> list[LegalAction]:
    return [
        a
        for a in claim.events_of(LegalAction, as_of=day)
        if a.kind is LegalActionKind.PAYMENT_ORDER
        and (a.served_on is None or a.served_on > day)
        and (a.ended_on is None or a.ended_on > day)
    ]


def _order_limit(claim: Claim, orders: list[LegalAction], day: int) -> int | None:
    """The earliest service limit of ``orders`` by the jurisdiction's rule (the decision's
    deadline may be another one, say the prescription's), or ``None`` without a rule."""
    rule = collection_rules(claim.jurisdiction).order_service_limit
    if rule is None:
        return None
    limits = [found[0] for order in orders if (found := rule(order, day)) is not None]
    return min(limits) if limits else None


def _service(claim: Claim, decision: Decision, day: pendulum.Date) -> list[Urgency]:
    """A payment order or a judgment by default to serve before it lapses."""
    found: list[Urgency] = []
    orders = _unserved_orders(claim, day)
    if orders:
        limit = _order_limit(claim, orders, day.toordinal())
        date = None if limit is None else from_ordinal(limit)
        when = "" if date is None else f" by {date.isoformat()}"
        found.append(
            Urgency(
                kind="payment_order_service",
                claim_id=claim.id,
                date=date,
                days_left=None if limit is None else limit - day.toordinal(),
                message=f"Have the payment order on {claim.id} served{when}: an order not "
                "served in time lapses",
                citation=citation(claim.jurisdiction, "payment_order_service"),
            )
        )
    elif decision.step == "serve_judgment" and decision.deadline is not None:
        left = decision.deadline.toordinal() - day.toordinal()
        found.append(
            Urgency(
                kind="judgment_service",
                claim_id=claim.id,
                date=decision.deadline,
                days_left=left,
                message=f"Have the judgment by default on {claim.id} served by "
                f"{decision.deadline.isoformat()}, or it is void",
                citation=citation(claim.jurisdiction, "default_judgment_service"),
            )
        )
    return found


def _commitments(claim: Claim, day: pendulum.Date) -> list[Urgency]:
    """A promise due today, the latest promise broken, a plan instalment missed."""
    if claim.is_settled(as_of=day):
        return []
    found: list[Urgency] = []
    promise = latest_promise(claim.events_of(PaymentPromise, as_of=day))
    if promise is not None:
        left = promise.promised_for.toordinal() - day.toordinal()
        # the one rule of a kept promise, as the decisions read it (tolerance apart)
        payments = ClaimHistory(claim, as_of=day.toordinal()).payments
        kept = promise_check(promise, payments, day.toordinal(), 0).state is PromiseState.KEPT
        if left == 0 and not kept:
            found.append(
                Urgency(
                    kind="promise_due",
                    claim_id=claim.id,
                    date=promise.promised_for,
                    days_left=0,
                    message=f"Payment promised for today on {claim.id}: check it came in, "
                    "call if not",
                )
            )
        elif -30 <= left < 0 and not kept:
            found.append(
                Urgency(
                    kind="broken_promise",
                    claim_id=claim.id,
                    date=promise.promised_for,
                    days_left=left,
                    message=f"Promise to pay {claim.id} by {promise.promised_for.isoformat()} "
                    "not kept",
                )
            )
    status = plan_status(claim, as_of=day)
    if status is not None and status.broken_on is not None and not status.completed:
        found.append(
            Urgency(
                kind="broken_plan",
                claim_id=claim.id,
                date=status.broken_on,
                days_left=status.broken_on.toordinal() - day.toordinal(),
                message=f"Instalment of {status.broken_on.isoformat()} of the payment plan on "
                f"{claim.id} missed",
            )
        )
    return found


def _urgency_parts(
    urgencies: Sequence[Urgency], weights: Mapping[str, Decimal]
) -> list[PriorityPart]:
    """One part per kind: the most urgent of its kind."""
    best: dict[str, tuple[Decimal, Urgency]] = {}
    for u in urgencies:
        if u.kind in ("promise_due", "broken_promise", "broken_plan"):
            points = weights[u.kind]
        else:
            points = _tier(u.days_left, weights)
        if points > 0 and (u.kind not in best or points > best[u.kind][0]):
            best[u.kind] = (points, u)
    return [
        PriorityPart(name=kind, points=_pts(points), detail=u.message)
        for kind, (points, u) in sorted(best.items(), key=lambda kv: (-kv[1][0], kv[0]))
    ]


def _at_stake(claims: Sequence[Claim], day: pendulum.Date) -> tuple[list[Claim], tuple[Money, ...]]:
    open_ = [c for c in claims if c.outstanding(as_of=day).amount > 0]
    overdue = [c for c in open_ if c.due_on < day]
    chosen = overdue or open_
    totals: dict[str, Decimal] = {}
    for c in chosen:
        totals[c.currency] = totals.get(c.currency, Decimal(0)) + c.outstanding(as_of=day).amount
    return overdue, tuple(Money._unchecked(v, k) for k, v in sorted(totals.items()))


def _amount_part(
    at_stake: Sequence[Money], overdue: bool, weights: Mapping[str, Decimal]
) -> PriorityPart | None:
    """The amount part: the overdue balance, or (``overdue`` false) the open balance of an
    account on the list for a deadline or a commitment while nothing is overdue."""
    if not at_stake:
        return None
    main = max(at_stake, key=lambda m: (m.amount, m.currency))
    points = weights["amount"] * Decimal(str(math.log10(1 + float(main.amount))))
    what = "overdue balance" if overdue else "open balance, not yet due"
    return PriorityPart(name="amount", points=_pts(points), detail=f"{main} at stake ({what})")


def _chance(model: Any, overdue: Sequence[Claim], day: pendulum.Date, window: int) -> float | None:
    if model is None or not overdue:
        return None
    by = day.add(days=window)
    weighted = total = 0.0
    for claim in overdue:
        balance = float(claim.outstanding(as_of=day).amount)
        weighted += balance * model.predict(claim).probability_paid_by(by)
        total += balance
    return weighted / total if total else None


# -- the account ----------------------------------------------------------------------------------


def _lead(
    group: DebtorAction, claims: Sequence[Claim], day: pendulum.Date
) -> tuple[Action, tuple[str, ...], str, list[Reason]]:
    """The leading action, its claims, a sentence, and its reasons."""
    acting = [
        (c, d)
        for c, d in zip(claims, group.decisions, strict=True)
        if d.on <= day and d.action not in (Action.NONE, Action.WAIT)
    ]
    best = max((_ACTION_RANK[d.action] for _, d in acting), default=0)
    if group.action is not Action.NONE and _ACTION_RANK[group.action] >= best:
        how = "" if group.channel is None else f" by {group.channel.value}"
        tone = "" if group.tone is None else f" ({group.tone.value})"
        task = f"{group.action.value.replace('_', ' ')}{how}{tone} for {', '.join(group.claim_ids)}"
        return group.action, group.claim_ids, task, list(group.reasons)
    if not acting:
        return Action.WAIT, (), "", []
    chosen = [(c, d) for c, d in acting if _ACTION_RANK[d.action] == best]
    action, step = chosen[0][1].action, chosen[0][1].step
    ids = tuple(c.id for c, _ in chosen)
    deadlines = [d.deadline for _, d in chosen if d.deadline is not None]
    if not deadlines:
        when = ""
    elif action is Action.FORMAL_NOTICE:
        # a formal notice's deadline is the debtor's: the last day of its cure period
        when = f" (its cure period to {max(deadlines).isoformat()})"
    else:
        when = f", by {min(deadlines).isoformat()}"
    what = action.value.replace("_", " ") + (f" (step {step!r})" if step else "")
    task = f"{what} for {', '.join(ids)}{when}"
    return action, ids, task, [r for _, d in chosen for r in d.reasons]


def _item(
    group: DebtorAction,
    claims: Sequence[Claim],
    urgencies: list[Urgency],
    model: Any,
    day: pendulum.Date,
    window: int,
    weights: Mapping[str, Decimal],
) -> WorklistItem | None:
    action, ids, task, reasons = _lead(group, claims, day)
    urgent = _urgency_parts(urgencies, weights)
    if _ACTION_RANK[action] < 2 and not urgent:
        return None
    urgencies.sort(key=lambda u: (u.days_left is None, u.days_left or 0, u.claim_id, u.kind))
    if not task:
        top = next(u for u in urgencies if u.kind == urgent[0].name)
        task, ids = top.message, (top.claim_id,)
    overdue, at_stake = _at_stake(claims, day)
    parts: list[PriorityPart] = []
    amount = _amount_part(at_stake, bool(overdue), weights)
    if amount is not None:
        parts.append(amount)
    chance = _chance(model, overdue, day, window)
    if chance is not None:
        parts.append(
            PriorityPart(
                name="chance_unpaid",
                points=_pts(weights["chance_unpaid"] * Decimal(f"{1 - chance:.6f}")),
                detail=f"{chance:.0%} chance the overdue balance is paid within {window} days "
                "without action",
            )
        )
    parts.extend(urgent)
    why = [
        *(Reason("worklist.urgency", u.message, citation=u.citation) for u in urgencies),
        *reasons,
    ]
    return WorklistItem(
        rank=0,
        debtor_id=group.debtor_id,
        debtor_name=claims[0].debtor.name,
        action=action,
        task=task,
        claim_ids=ids,
        at_stake=at_stake,
        chance_paid=chance,
        priority=sum((p.points for p in parts), Decimal(0)),
        parts=tuple(parts),
        urgencies=tuple(urgencies),
        reasons=tuple(why),
        decision=group,
    )


# -- assignment -----------------------------------------------------------------------------------


def _capacity(value: Any) -> int | dict[str, int] | None:
    if value is None:
        return None
    if isinstance(value, Mapping):
        room: dict[str, int] = {}
        for name, n in value.items():
            if not isinstance(name, str) or isinstance(n, bool) or not isinstance(n, int):
                raise InvalidType("capacity", value, "a mapping of collector -> int")
            if n < 0:
                raise InvalidValue("capacity", value, f"{name!r} has a negative capacity")
            room[name] = n
        return room
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidType("capacity", value, "an int, a mapping of collector -> int, or None")
    if value < 0:
        raise InvalidValue("capacity", value, "must not be negative")
    return value


def _assign(
    items: list[WorklistItem], capacity: int | dict[str, int] | None, owners: Mapping[str, str]
) -> list[WorklistItem]:
    """Give each item, by rank, to its owner or the least loaded collector, within capacity."""
    if capacity is None:
        return [attrs.evolve(i, assigned_to=owners.get(i.debtor_id)) for i in items]
    if isinstance(capacity, int):
        collectors = sorted(set(owners.values()))
        room = dict.fromkeys(collectors, capacity)
        team = None if collectors else capacity
    else:
        room, team = dict(capacity), None
        unknown = sorted({o for o in owners.values() if o not in room})
        if unknown:
            raise InvalidValue("owners", unknown, "collectors with no capacity given")
    result: list[WorklistItem] = []
    for item in items:
        owner = owners.get(item.debtor_id)
        if team is not None:
            deferred = team <= 0
            team -= 1
            result.append(attrs.evolve(item, deferred=deferred))
            continue
        chosen = owner
        if chosen is None and room:
            chosen = max(sorted(room), key=lambda n: room[n])  # most room; ties by name
        if chosen is not None and room.get(chosen, 0) > 0:
            room[chosen] -= 1
            result.append(attrs.evolve(item, assigned_to=chosen))
        else:  # an owned account waits for its owner; an unowned one for anyone
            result.append(attrs.evolve(item, assigned_to=owner, deferred=True))
    return result


# -- the list -------------------------------------------------------------------------------------


def _weights(value: Any) -> dict[str, Decimal]:
    merged = dict(DEFAULT_WEIGHTS)
    if value is None:
        return merged
    if not isinstance(value, Mapping):
        raise InvalidType("weights", value, "a mapping of part -> points")
    for key, points in value.items():
        if key not in merged:
            raise InvalidValue("weights", key, f"unknown part (known: {', '.join(merged)})")
        if isinstance(points, (bool, float)) or not isinstance(points, (int, Decimal, str)):
            raise InvalidType(f"weights[{key!r}]", points, "an int, a Decimal or a string")
        merged[key] = Decimal(points)
    return merged


def _model(
    claims: Sequence[Claim], day: pendulum.Date, model: Any, profiles: Any
) -> tuple[Any, Reason]:
    if model is None:
        return None, Reason("worklist.no_model", "No payment model: no chance-of-payment part")
    if model != "auto":
        from .forecast import PaymentModel

        if not isinstance(model, PaymentModel):
            raise InvalidType("model", model, "a PaymentModel, 'auto' or None")
        return model, Reason("worklist.model", f"Payment model of {model.as_of.isoformat()}")
    from .forecast import fit_payment_model

    segments = profiles if isinstance(profiles, Mapping) else None
    try:
        fitted = fit_payment_model(claims, as_of=day, segments=segments, calibrate=False)
    except InsufficientHistory:
        return None, Reason(
            "worklist.no_model", "No invoice settled yet: no chance-of-payment part"
        )
    return fitted, Reason(
        "worklist.model",
        f"Chance of payment from a payment model fitted on the {fitted.settled} settled and "
        f"{fitted.still_open} open invoice(s) known today",
    )


def worklist(
    claims: Iterable[Claim],
    *,
    as_of: DateLike,
    policy: EscalationPolicy | None = None,
    profiles: Mapping[str, Any] | Literal["auto"] | None = None,
    capacity: int | Mapping[str, int] | None = None,
    owners: Mapping[str, str] | None = None,
    model: Any = "auto",
    window: int = 14,
    weights: Mapping[str, Any] | None = None,
    rates: Any = None,
) -> Worklist:
    """Rank the debtor accounts to work on ``as_of``, with what to do and why.

    Args:
        claims: The portfolio.
        as_of: The day.
        policy: The escalation policy (the default French ladder when ``None``).
        profiles: Profiles or segments by debtor id, or ``"auto"``, as `debtor_actions`
            takes them (also the payment model's segments when a mapping).
        capacity: How many accounts can be worked today: an ``int`` for the team (or for
            each owner named in ``owners``), or a capacity per collector. Items beyond it
            are kept, marked ``deferred``.
        owners: The collector owning each account, by debtor id. An account without owner
            goes to the collector with the most room left.
        model: A fitted `PaymentModel`, ``"auto"`` to fit one on ``claims`` as known on
            ``as_of`` (uncalibrated: only the chance of payment is used), or ``None``.
        window: The days within which "paid without action" is counted.
        weights: Points overriding `DEFAULT_WEIGHTS`.
        rates: Rate tables, as `next_action` takes them.

    Returns:
        The [`Worklist`][recouvrement.worklists.Worklist], by priority then amount at stake
        then debtor id.

    Raises:
        InvalidType: A claim is not a `Claim`, or an option of the wrong type.
        InvalidValue: A bad ``as_of``, a negative capacity or window, an unknown weight,
            an owner with no capacity in a per-collector ``capacity``.

    Examples:
        >>> from recouvrement.sample import load_sample
        >>> sample = load_sample()
        >>> today = worklist(sample.claims, as_of=sample.as_of, model=None,
        ...                  capacity={"Ana": 2, "Bruno": 1})
        >>> [(i.rank, i.assigned_to) for i in today.items[:4]]
        [(1, 'Ana'), (2, 'Ana'), (3, 'Bruno'), (4, None)]
    """
    if isinstance(claims, (str, bytes)) or not isinstance(claims, Iterable):
        raise InvalidType("claims", claims, "an iterable of Claim")
    ledger = tuple(claims)
    for claim in ledger:
        if not isinstance(claim, Claim):
            raise InvalidType("claims", claim, "Claim")
    day = to_date(as_of, "as_of")
    if isinstance(window, bool) or not isinstance(window, int):
        raise InvalidType("window", window, "int")
    if window < 0:
        raise InvalidValue("window", window, "must not be negative")
    points = _weights(weights)
    room = _capacity(capacity)
    if owners is not None and not isinstance(owners, Mapping):
        raise InvalidType("owners", owners, "a mapping of debtor id -> collector")
    if profiles == "auto":  # once, for the decisions and the model's segments
        profiles = profile_debtors(ledger, as_of=day)
    groups = debtor_actions(ledger, as_of=day, policy=policy, profiles=profiles, rates=rates)
    fitted, why = _model(ledger, day, model, profiles)
    by_debtor: dict[str, list[Claim]] = {}
    for claim in ledger:
        by_debtor.setdefault(claim.debtor.id, []).append(claim)
    legal: dict[str, list[Urgency]] = {}
    for d in upcoming_deadlines(ledger, as_of=day, within=90):
        legal.setdefault(d.claim_id, []).append(
            Urgency(
                kind=d.kind,
                claim_id=d.claim_id,
                date=d.date,
                days_left=d.days_left,
                message=d.message,
                citation=d.citation,
            )
        )
    items: list[WorklistItem] = []
    for group in groups:
        members = by_debtor[group.debtor_id]
        urgencies: list[Urgency] = []
        for claim, decision in zip(members, group.decisions, strict=True):
            urgencies += legal.get(claim.id, [])
            urgencies += _service(claim, decision, day)
            urgencies += _commitments(claim, day)
        item = _item(group, members, urgencies, fitted, day, window, points)
        if item is not None:
            items.append(item)
    items.sort(key=lambda i: (-i.priority, -sum(m.amount for m in i.at_stake), i.debtor_id))
    ranked = [attrs.evolve(i, rank=n) for n, i in enumerate(items, start=1)]
    reasons: tuple[Reason, ...] = (why,)
    missing = first_missing_rate(d for group in groups for d in group.decisions)
    if missing is not None:
        reasons += (_rates_missing(missing),)
    return Worklist(
        as_of=day, items=tuple(_assign(ranked, room, dict(owners or {}))), reasons=reasons
    )


def _rates_missing(first: str) -> Reason:
    """The worklist is not complete: some decisions lack their amounts (a rate)."""
    return Reason(
        "worklist.rates_missing",
        f"A rate needed for the amounts is not published (first: claim {first}): those "
        "claims are decided without their late-payment accessories (thresholds on the principal; a claim paid late is not chased for them), so an "
        "account may be missing from the list; give your rate tables (rates=)",
        facts={"first": first},
    )
