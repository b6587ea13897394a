"""A claim's history on a day, indexed once, and the rules that read it.

`ClaimHistory` reads a claim's payments, credit notes and events once, cut at an
evaluation day (only what is dated on or before it counts), and keeps them as ordinals,
sorted, with the events grouped by type. Every engine that needs "the claim as it stood on
``as_of``" reads it from here instead of scanning the claim again: `next_action` builds one
per evaluation, profiling one per claim; interest and prescription can do the same.

The module also holds the **one definition** of two rules that decisions and profiling
both apply:

- a **payment plan** is *broken* on a day when what was paid since the plan was agreed,
  up to that day, does not cover the instalments whose due date plus the tolerance has
  passed before that day (`plan_check`); it is *on track* when it is neither broken nor
  completed. A late payment that catches up the arrears puts it back on track;
- a **payment promise** is *kept* on a day when what was paid since the promise, up to that
  day, covers the amount promised (a promise without an amount is never kept by a
  payment: only settlement ends it), *pending* while it is not kept and its date plus the
  tolerance has not passed, and *broken* after that (`promise_check`).

Profiling asks whether a plan or promise *was* broken: it applies the same rule on the day
after each instalment's (or the promise's) grace ended.

Examples:
    >>> from recouvrement.history import ClaimHistory
    >>> from recouvrement.events import Reminder
    >>> from recouvrement.sample import sample_claim
    >>> history = ClaimHistory(sample_claim(), as_of="2025-03-01")  # the 2nd reminder is later
    >>> [r.step for r in history.of(Reminder)]
    ['courteous']
    >>> history.outstanding
    Decimal('1500.00')
"""

from __future__ import annotations

from collections.abc import Iterable, KeysView, Mapping
from decimal import Decimal
from enum import Enum
from typing import Any, NamedTuple, TypeVar

from ._convert import to_date
from .claims import Claim
from .events import Event, PaymentPlan, PaymentPromise

__all__ = [
    "ClaimHistory",
    "PlanCheck",
    "PromiseCheck",
    "PromiseState",
    "plan_check",
    "promise_check",
]

_E = TypeVar("_E")
_ZERO = Decimal(0)
_NONE: list[Any] = []  # shared empty answer of `ClaimHistory.of` (never modified)


class ClaimHistory:
    """A claim's payments, credit notes and events dated on or before ``as_of``, indexed once.

    Args:
        claim: The claim.
        as_of: The evaluation day (a date or ISO string), or its ordinal (an ``int``, for
            hot paths).

    Each index is built on first use, once.

    Attributes:
        claim: The claim.
        day: The evaluation day, as an ordinal.
        outstanding: The balance on ``day`` (amount less credit notes and payments).

    Examples:
        >>> from recouvrement.sample import sample_claim
        >>> h = ClaimHistory(sample_claim(), as_of="2025-06-30")
        >>> h.paid_between(0, h.day), len(h.payments)
        (Decimal('0'), 0)
    """

    __slots__ = (
        "_by_type",
        "_credit_notes",
        "_days",
        "_outstanding",
        "_payments",
        "claim",
        "day",
    )

    def __init__(self, claim: Claim, *, as_of: Any) -> None:
        day = as_of if isinstance(as_of, int) else to_date(as_of, "as_of").toordinal()
        self.claim = claim
        self.day = day
        self._outstanding: Decimal | None = None
        self._payments: tuple[tuple[int, Decimal], ...] | None = None
        self._credit_notes: tuple[tuple[int, Decimal], ...] | None = None
        self._by_type: dict[type[Any], list[Any]] | None = None
        self._days: dict[type[Any], list[int]] = {}

    @property
    def outstanding(self) -> Decimal:
        """The balance on the day: amount less credit notes and payments dated until then."""
        found = self._outstanding
        if found is None:
            claim = self.claim
            if claim.credit_notes:
                reduced = claim._reduced(self.day)
            else:
                # The same sum, in the same (date) order, as `Claim.outstanding`.
                reduced = _ZERO
                for _, amount in self.payments:
                    reduced += amount
            found = self._outstanding = claim.amount.amount - reduced
        return found

    def settled_day(self) -> int | None:
        """The first day (an ordinal), on or before the day, on which the balance reached zero
        or less (as `Claim.settled_on`), or ``None``."""
        claim = self.claim
        if claim.credit_notes:
            found = claim.settled_on()
            day = None if found is None else found.toordinal()
            return day if day is not None and day <= self.day else None
        remaining = claim.amount.amount
        for day, amount in self.payments:
            remaining -= amount
            if remaining <= 0:
                return day
        return None

    @property
    def payments(self) -> tuple[tuple[int, Decimal], ...]:
        """``(ordinal, amount)`` of each payment dated on or before the day, by date."""
        if self._payments is None:
            day = self.day
            payments = self.claim.payments
            if len(payments) == 1:  # the common case, without sorting
                o = payments[0].on.toordinal()
                self._payments = ((o, payments[0].amount.amount),) if o <= day else ()
            else:
                self._payments = tuple(
                    sorted(
                        ((o, p.amount.amount) for p in payments if (o := p.on.toordinal()) <= day),
                        key=_first,
                    )
                )
        return self._payments

    @property
    def credit_notes(self) -> tuple[tuple[int, Decimal], ...]:
        """``(ordinal, amount)`` of each credit note dated on or before the day, by date."""
        if self._credit_notes is None:
            day = self.day
            self._credit_notes = tuple(
                sorted(
                    (
                        (o, c.amount.amount)
                        for c in self.claim.credit_notes
                        if (o := c.on.toordinal()) <= day
                    ),
                    key=_first,
                )
            )
        return self._credit_notes

    def kinds(self) -> KeysView[type[Any]]:
        """The event types dated on or before the day."""
        by_type = self._by_type
        if by_type is None:
            by_type = self._index()
        return by_type.keys()

    def by_type(self) -> Mapping[type[Any], list[Any]]:
        """Every event dated on or before the day, by type (read it, do not modify it)."""
        return self._index()

    def _index(self) -> dict[type[Any], list[Any]]:
        by_type = self._by_type
        if by_type is None:
            day = self.day
            by_type = self._by_type = {}
            for event in self.claim.events:
                kind = type(event)
                # the event's main date (`Event.date`), read without the property call
                if getattr(event, kind._DATE_FIELD).toordinal() <= day:
                    found = by_type.get(kind)
                    if found is None:
                        by_type[kind] = [event]
                    else:
                        found.append(event)
        return by_type

    def of(self, kind: type[_E]) -> list[_E]:
        """The events of type ``kind`` dated on or before the day, in the claim's order.

        Read the list, do not modify it (it is the index itself)."""
        by_type = self._by_type
        if by_type is None:
            by_type = self._index()
        return by_type.get(kind, _NONE)

    def days(self, kind: type[Event]) -> list[int]:
        """The main dates (ordinals) of the events of type ``kind``, sorted (do not modify)."""
        found = self._days.get(kind)
        if found is None:
            events = self._index().get(kind)
            found = self._days[kind] = (
                sorted(event.date.toordinal() for event in events) if events else []
            )
        return found

    def has(self, kind: type[Event]) -> bool:
        """Whether an event of type ``kind`` is dated on or before the day."""
        by_type = self._by_type
        if by_type is None:
            by_type = self._index()
        return kind in by_type

    def paid_between(self, start: int, end: int) -> Decimal:
        """The payments dated from ``start`` to ``end`` (ordinals, both included)."""
        return paid_between(self.payments, start, end)

    def first_day(self, kinds: Iterable[type[Event]]) -> int | None:
        """The earliest main date (ordinal) of the events of these types, if any."""
        index = self._index()
        found = [e.date.toordinal() for kind in kinds for e in index.get(kind, ())]
        return min(found) if found else None


def _first(pair: tuple[int, Any]) -> int:
    return pair[0]


def paid_between(payments: Iterable[tuple[int, Decimal]], start: int, end: int) -> Decimal:
    """The sum of ``(ordinal, amount)`` payments dated from ``start`` to ``end`` inclusive."""
    total = _ZERO
    for day, amount in payments:
        if start <= day <= end:
            total += amount
    return total


class PlanCheck(NamedTuple):
    """Where a payment plan stands on a day (ordinals and plain decimals).

    Attributes:
        broken_on: The due date (ordinal) of the first instalment missed, if broken.
        next_due: The due date (ordinal) of the next instalment not yet covered, if any.
        due: What the instalments whose grace has passed add up to.
        paid: What was paid from the day the plan was agreed to the day looked at.
        completed: Whether every instalment is covered.
    """

    broken_on: int | None
    next_due: int | None
    due: Decimal
    paid: Decimal
    completed: bool

    @property
    def on_track(self) -> bool:
        """Neither broken nor completed."""
        return self.broken_on is None and not self.completed


_EARLIEST = 1  # the first ordinal: every payment


def plan_check(
    plan: PaymentPlan,
    payments: Iterable[tuple[int, Decimal]],
    day: int,
    tolerance: int,
    *,
    earlier: bool = False,
) -> PlanCheck:
    """The one definition of a broken payment plan, on ``day``.

    The plan is broken when the payments from the day after it was agreed to ``day`` do
    not cover the instalments whose due date plus ``tolerance`` is before ``day``; the first
    instalment not covered is ``broken_on``. A payment of the agreement's day is before the
    plan (its total is what was owed after it), except towards an instalment due that day.
    With ``earlier``, every payment up to ``day`` counts, those before the plan too (what a
    payment history weighs: profiling's score then never drops when a payment comes later).

    Examples:
        >>> import datetime as _dt
        >>> from recouvrement.events import Instalment, PaymentPlan
        >>> plan = PaymentPlan(agreed_on="2025-02-15", instalments=[
        ...     Instalment(due_on="2025-03-01", amount="300"),
        ...     Instalment(due_on="2025-04-01", amount="300")])
        >>> paid = [(_dt.date(2025, 3, 1).toordinal(), Decimal(300))]
        >>> plan_check(plan, paid, _dt.date(2025, 3, 15).toordinal(), 0).on_track
        True
        >>> check = plan_check(plan, paid, _dt.date(2025, 4, 10).toordinal(), 5)
        >>> check.broken_on == _dt.date(2025, 4, 1).toordinal()
        True
    """
    # A plan spreads what is owed after its day (`propose_payment_plan` deducts a payment
    # of that day from the total): a payment of the agreement's day counts only towards an
    # instalment due that same day, never twice.
    agreed = plan.agreed_on.toordinal()
    if earlier:
        paid = paid_between(payments, _EARLIEST, day)
    else:
        paid = paid_between(payments, agreed + 1, day)
        same_day = sum(
            (i.amount.amount for i in plan.instalments if i.due_on.toordinal() == agreed), _ZERO
        )
        if same_day and day >= agreed:
            paid += min(paid_between(payments, agreed, agreed), same_day)
    due = cumulative = _ZERO
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
    return PlanCheck(broken_on, next_due, due, paid, paid >= cumulative)


def plan_ever_broken(
    plan: PaymentPlan,
    payments: Iterable[tuple[int, Decimal]],
    today: int,
    tolerance: int,
    *,
    earlier: bool = False,
) -> int | None:
    """The first day before ``today`` on which ``plan_check`` found the plan broken, if any.

    The rule is applied on the day after each instalment's grace ends: the plan *was*
    broken if it was broken on one of those days (``earlier``: as `plan_check`).
    """
    payments = tuple(payments)
    for instalment in plan.instalments:
        check_day = instalment.due_on.toordinal() + tolerance + 1
        if check_day > today:
            break
        found = plan_check(plan, payments, check_day, tolerance, earlier=earlier)
        if found.broken_on is not None:
            return check_day
    return None


class PromiseState(str, Enum):
    """Where a payment promise stands."""

    KEPT = "kept"
    PENDING = "pending"
    BROKEN = "broken"


class PromiseCheck(NamedTuple):
    """Where a payment promise stands on a day.

    Attributes:
        state: The [`PromiseState`][recouvrement.history.PromiseState].
        paid: What was paid from the day of the promise to the day looked at.
        limit: The last day of grace (promised date plus tolerance), an ordinal.
    """

    state: PromiseState
    paid: Decimal
    limit: int


def promise_check(
    promise: PaymentPromise,
    payments: Iterable[tuple[int, Decimal]],
    day: int,
    tolerance: int,
    *,
    earlier: bool = False,
) -> PromiseCheck:
    """The one definition of a kept, pending or broken payment promise, on ``day``.

    The payments from the promise's day count towards it; with ``earlier``, those made
    before it too (what a payment history weighs: profiling's score then never drops
    when a payment comes later, `recouvrement.profiling`).

    Examples:
        >>> import datetime as _dt
        >>> from recouvrement.events import PaymentPromise
        >>> promise = PaymentPromise(on="2025-03-01", promised_for="2025-03-10", amount="500")
        >>> start = _dt.date(2025, 3, 1).toordinal()
        >>> promise_check(promise, [], start + 12, 3).state.value
        'pending'
        >>> promise_check(promise, [(start + 5, Decimal(500))], start + 20, 3).state.value
        'kept'
        >>> promise_check(promise, [], start + 13, 3).state.value
        'broken'
    """
    first = _EARLIEST if earlier else promise.on.toordinal()
    paid = paid_between(payments, first, day)
    limit = promise.promised_for.toordinal() + tolerance
    if promise.amount is not None and paid >= promise.amount.amount:
        state = PromiseState.KEPT
    elif day <= limit:
        state = PromiseState.PENDING
    else:
        state = PromiseState.BROKEN
    return PromiseCheck(state, paid, limit)


def latest_plan(plans: Iterable[PaymentPlan]) -> PaymentPlan | None:
    """The plan agreed last (the one in force), if any.

    Two plans agreed on the same day are told apart by their content (a fixed rule), so
    the order the events were recorded in never changes which one is in force.
    """
    if isinstance(plans, list | tuple) and len(plans) == 1:
        return plans[0]  # one plan: no tie to break (the common case)
    return max(plans, key=_agreed, default=None)


def latest_promise(promises: Iterable[PaymentPromise]) -> PaymentPromise | None:
    """The promise made last (the one the debtor is held to), if any; same-day ties are
    broken by content, as for `latest_plan`."""
    if isinstance(promises, list | tuple) and len(promises) == 1:
        return promises[0]  # one promise: no tie to break (the common case)
    return max(promises, key=_promised, default=None)


def _agreed(plan: PaymentPlan) -> Any:
    return (plan.agreed_on, repr(plan))


def _promised(promise: PaymentPromise) -> Any:
    return (promise.on, promise.promised_for, repr(promise))
