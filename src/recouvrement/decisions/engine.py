"""The guard engine: one immutable `Facts` per evaluation, an ordered tuple of guards, one loop.

A **guard** is a small function ``guard(facts) -> Decision | Facts | None``: a `Decision`
stops the evaluation; new `Facts` (with a note, a stay, the amount still to chase...) are
passed on to the next guards; ``None`` passes on unchanged. `decide` runs them in order.
The generic guards live in `recouvrement.decisions.guards` and
`recouvrement.decisions.ladder`; a jurisdiction contributes its own (stays, titles, legal
routes) through a [`CollectionRules`][recouvrement.decisions.engine.CollectionRules]
record, found by the claim's ``jurisdiction`` code.

Examples:
    >>> from recouvrement.decisions.engine import Facts, decide
    >>> from recouvrement.decisions.guards import guard_chain
    >>> from recouvrement.sample import sample_claim
    >>> facts = Facts.of(sample_claim(), as_of="2025-02-20")
    >>> decide(facts, guard_chain(facts.rules)).action.value
    'reminder'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple, TypeAlias, TypeVar, overload

import attrs
import pendulum

from .. import jurisdictions
from .._convert import from_ordinal, to_date
from ..actions import ACTIONS, Action
from ..claims import Claim
from ..errors import RateNotPublished
from ..events import Channel, LegalAction
from ..explain import Citation, Reason
from ..fx import ExchangeRates
from ..history import ClaimHistory
from ..interest import AmountsDue, _default_amounts_due, amounts_due
from ..money import Money
from ..policy import EscalationPolicy, PolicyStep, Tone
from ..prescription import prescription_deadline
from ..segments import Segment
from .records import Decision, _decision

if TYPE_CHECKING:
    from ..prescription import Prescription

__all__ = [
    "CollectionRules",
    "Facts",
    "Guard",
    "Stay",
    "collection_rules",
    "decide",
    "reads",
]

# Every reason here has a literal code and a non-empty message: skip the validators.
_reason = Reason._unchecked

Guard: TypeAlias = "Callable[[Facts], Decision | Facts | None]"
"""A guard: a `Decision` stops, new `Facts` carry on with them, ``None`` carries on."""
_G = TypeVar("_G", bound=Callable[..., Any])


@attrs.frozen(slots=True, kw_only=True)
class Stay:
    """A stay of escalation found by a guard (a legal suspension or a policy choice).

    Attributes:
        reasons: Why escalation is held.
        on: The day to look again.
        close_notes: Extra reasons for an `INTERRUPT_PRESCRIPTION` decision taken despite
            the stay.
    """

    reasons: tuple[Reason, ...]
    on: int
    close_notes: tuple[Reason, ...] = ()


@attrs.frozen(slots=True, kw_only=True)
class CollectionRules(Sequence["Guard"]):
    """What a jurisdiction contributes to `next_action` (its ``guards``).

    As a sequence it is the jurisdiction's guards (stay guards, then legal guards), so it
    can be a `recouvrement.jurisdictions.base.Jurisdiction`'s ``guards``;
    the other attributes give the generic guards the jurisdiction's rules and articles. A
    jurisdiction whose ``guards`` is a plain sequence gets `CollectionRules.of_guards`.

    Attributes:
        code: The jurisdiction's code (``"FR"``).
        stay_guards: Guards run right after the closing guard (insolvency, legal stays).
        legal_guards: Guards run before the ladder on an overdue claim (titles, legal
            actions under way, the next route).
        holds_clock: ``holds_clock(action, day)``: whether a legal action under way on
            ``day`` holds the prescription clock (interrupts or suspends it).
        under_way: The legal actions under way (neither failed nor ended) on the day.
        interrupt_reasons: ``interrupt_reasons(facts, deadline, under_way)``: how to
            interrupt prescription before ``deadline``, with the articles.
        legal_route: ``legal_route(facts, step, reasons)``: the decision for a ladder step
            that takes the legal route.
        shortest_prescription_days: No prescription period of the jurisdiction is shorter
            (less the margin, the full computation is skipped for younger claims).
        citations: The articles of the generic rules: ``"formal_notice"`` (a formal notice
            gives the debtor a cure period), ``"acknowledgment"`` (a signed plan
            acknowledges the debt), ``"collection_costs"`` (who bears collection costs).
        costs_note: What the cost guard says about who bears the costs.
        group_route: ``group_route(facts, step, reasons, principal, interest)``: the
            decision for one legal procedure grouping a debtor's claims, its route and cost
            weighed on their total (``facts.amount``); ``None`` when the jurisdiction does
            not group (`debtor_actions` then keeps the routes claim by claim).
        no_accessories: ``no_accessories(claim)``: whether no late-payment accessory
            (interest, fixed indemnity, penalty) can be owed on the claim whatever the day,
            by the jurisdiction's interest rules: a claim paid late is then closed without
            computing its amounts due (the answer `amounts_due` would give). ``None``:
            always compute them.
        earliest_deadline: ``earliest_deadline(facts)``: an ordinal day on or before which
            the claim cannot be time-barred, by the jurisdiction's prescription rules (a
            bound per claim, tighter than ``shortest_prescription_days``): a claim whose
            deadline cannot be within the policy's margin yet is then treated as young.
            ``None`` (the hook or its answer, say when the rules report the deadline
            however far): the shortest period only.
        order_service_limit: ``order_service_limit(action, day)``: the last day (an
            ordinal) to serve a payment order before it lapses, with the reasons and
            articles, or ``None`` when the jurisdiction has no such limit for it (what a
            worklist names as the order's service deadline). ``None``: no limit known.
        cure_end: ``cure_end(sent, days)``: the last day (an ordinal) of a formal notice's
            cure period of ``days`` from ``sent``, by the jurisdiction's rule for computing
            periods (a last day on a Saturday, Sunday or public holiday moves to the next
            working day: § 193 BGB, Belgian C. civ. art. 1.7). ``None``: ``sent + days``.
    """

    code: str
    stay_guards: tuple[Guard, ...]
    legal_guards: tuple[Guard, ...]
    holds_clock: Callable[[LegalAction, int], bool]
    under_way: Callable[[Facts], tuple[LegalAction, ...]]
    interrupt_reasons: Callable[[Facts, int, tuple[LegalAction, ...]], list[Reason]]
    legal_route: Callable[[Facts, PolicyStep | None, list[Reason]], Decision]
    shortest_prescription_days: int
    citations: Mapping[str, Citation]
    costs_note: str = ""
    group_route: (
        Callable[[Facts, PolicyStep | None, list[Reason], Decimal, Decimal], Decision] | None
    ) = None
    no_accessories: Callable[[Claim], bool] | None = None
    earliest_deadline: Callable[[Facts], int | None] | None = None
    order_service_limit: Callable[[LegalAction, int], tuple[int, list[Reason]] | None] | None = None
    cure_end: Callable[[int, int], int] | None = None

    def cure_deadline(self, sent: int, days: int) -> int:
        """The last day (ordinal) of a cure period of ``days`` from ``sent`` (`cure_end`)."""
        end = self.cure_end
        return sent + days if end is None else end(sent, days)

    def __len__(self) -> int:
        return len(self.stay_guards) + len(self.legal_guards)

    @overload
    def __getitem__(self, index: int) -> Guard: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Guard]: ...

    def __getitem__(self, index: int | slice) -> Guard | Sequence[Guard]:
        return (*self.stay_guards, *self.legal_guards)[index]

    @classmethod
    def of_guards(cls, code: str, guards: Sequence[Guard]) -> CollectionRules:
        """Rules for a jurisdiction that contributes only ``guards`` (run before the ladder):
        no legal action holds the clock, no legal route, no articles."""
        return cls(
            code=code,
            stay_guards=(),
            legal_guards=tuple(guards),
            holds_clock=_never_holds,
            under_way=_nothing_under_way,
            interrupt_reasons=_no_reasons,
            legal_route=_no_route,
            shortest_prescription_days=0,
            citations=MappingProxyType({}),
        )


def _never_holds(action: LegalAction, day: int) -> bool:
    return False


def _nothing_under_way(facts: Facts) -> tuple[LegalAction, ...]:
    return ()


def _no_reasons(facts: Facts, deadline: int, pending: tuple[LegalAction, ...]) -> list[Reason]:
    return []


def _no_route(facts: Facts, step: PolicyStep | None, reasons: list[Reason]) -> Decision:
    none = _reason("route.none", f"No legal route is known under {facts.rules.code} law")
    return facts.decide(Action.NONE, [*reasons, none], step=step)


_RULES: dict[str, CollectionRules] = {}


def collection_rules(code: str) -> CollectionRules:
    """The [`CollectionRules`][recouvrement.decisions.engine.CollectionRules] of a jurisdiction.

    They are the ``guards`` of `recouvrement.jurisdictions.get(code)`.

    Raises:
        UnsupportedJurisdiction: No jurisdiction is registered under ``code``.
    """
    found = _RULES.get(code)
    if found is None:
        guards = jurisdictions.get(code).guards
        if isinstance(guards, CollectionRules):
            found = guards
        else:
            found = CollectionRules.of_guards(code, guards)
        _RULES[code] = found
    return found


class _Memo:
    """What one evaluation computes at most once (shared by every `Facts` derived from it)."""

    __slots__ = ("amounts", "near", "next_step", "prescription", "undisputed")

    def __init__(self) -> None:
        self.amounts: tuple[AmountsDue | None, Reason | None] | None = None
        self.undisputed: tuple[AmountsDue | None, Reason | None] | None = None
        self.prescription: tuple[Prescription | None] | None = None
        self.next_step: Any = None
        self.near: tuple[Prescription | None, Stay | None] | None = None


_NO_MEMO = _Memo()
_NO_DISPUTE = Decimal(0)
_ACTING = frozenset(
    a for a, spec in ACTIONS.items() if spec.acting
)  # placeholder default: `Facts.of` gives each evaluation its own


class Facts(NamedTuple):
    """What one evaluation of a claim knows; guards read it and pass on updated copies.

    An immutable record (a named tuple: cheap to build on the hot path); `Facts.of` builds
    it, `noted` derives a copy. ``memo`` holds what the evaluation computes at most once
    (amounts due, prescription, the next ladder step), shared by every copy.

    Attributes:
        claim: The claim.
        day: The day of the decision, as an ordinal.
        as_of: The day of the decision.
        policy: The escalation policy.
        segment: The debtor's segment, if known.
        history: The claim's history on ``as_of``, indexed once.
        rules: The jurisdiction's collection rules.
        amount: What is still to chase (the undisputed part once a dispute is open).
        notes: Reasons carried into whatever decision is taken (a partial dispute, a broken
            plan or promise).
        stay: A stay of escalation found by a guard.
        force_now: The day a plan broke: the next step is taken at once.
        disputed_rejected: Whether a dispute was closed as rejected (the route is a summons).
        with_amounts: Whether acting decisions carry the amounts due.
        rates: Rate tables for the amounts due.
        exchange_rates: The caller's `ExchangeRates`, to compare amounts with thresholds and
            policy amounts in another currency.
        memo: The evaluation's cache (built by `Facts.of`).
        disputed: The disputed part of the principal under an open partial dispute: the
            amounts due then leave it out (`amounts_due`), so that the decision, its letter
            and its report show the one undisputed amount.
    """

    claim: Claim
    day: int
    as_of: pendulum.Date
    policy: EscalationPolicy
    segment: Segment | None
    history: ClaimHistory
    rules: CollectionRules
    amount: Decimal
    notes: tuple[Reason, ...] = ()
    stay: Stay | None = None
    force_now: int | None = None
    disputed_rejected: bool = False
    with_amounts: bool = True
    rates: Any = None
    exchange_rates: ExchangeRates | None = None
    memo: _Memo = _NO_MEMO
    disputed: Decimal = _NO_DISPUTE

    @classmethod
    def of(
        cls,
        claim: Claim,
        *,
        as_of: Any,
        policy: EscalationPolicy | None = None,
        segment: Segment | None = None,
        with_amounts: bool = True,
        rates: Any = None,
        exchange_rates: Any = None,
    ) -> Facts:
        """The facts of ``claim`` on ``as_of`` before any guard ran."""
        day = as_of if type(as_of) is pendulum.Date else to_date(as_of, "as_of")
        o = day.toordinal()
        history = ClaimHistory(claim, as_of=o)
        # positional, in field order: the hot path of every evaluation
        return cls(
            claim,
            o,
            day,
            EscalationPolicy.default() if policy is None else policy,
            segment,
            history,
            collection_rules(claim.jurisdiction),
            history.outstanding,
            (),
            None,
            None,
            False,
            with_amounts,
            rates,
            ExchangeRates.of(exchange_rates),
            _Memo(),
        )

    @classmethod
    def _start(
        cls,
        claim: Claim,
        day: pendulum.Date,
        policy: EscalationPolicy,
        segment: Segment | None,
        rules: CollectionRules,
        with_amounts: bool,
        rates: Any,
        exchange_rates: ExchangeRates | None,
    ) -> Facts:
        """`of` for arguments already checked: ``day`` a `pendulum.Date`, ``rules`` those of
        the claim's jurisdiction, ``exchange_rates`` converted (the hot path)."""
        o = day.toordinal()
        history = ClaimHistory(claim, as_of=o)
        return _new_facts(
            cls,
            (
                claim,
                o,
                day,
                policy,
                segment,
                history,
                rules,
                history.outstanding,
                (),
                None,
                None,
                False,
                with_amounts,
                rates,
                exchange_rates,
                _Memo(),
                _NO_DISPUTE,
            ),
        )

    def noted(self, *reasons: Reason, **changes: Any) -> Facts:
        """These facts with ``reasons`` added to the notes (and other fields changed).

        Raises:
            ValueError: A change names no field (as ``_replace``).
        """
        values = list(self)
        if reasons:
            values[_NOTES] = self.notes + reasons
        for name, value in changes.items():
            index = _FIELD_INDEX.get(name)
            if index is None:
                raise ValueError(f"Got unexpected field names: {[name]!r}")
            values[index] = value
        return _new_facts(Facts, values)

    def policy_amount(self, amount: Decimal) -> Decimal | None:
        """A policy amount in the claim's currency, or ``None`` when it cannot be converted.

        A policy without ``currency`` states its amounts in the claim's currency; otherwise
        they are converted with the caller's ``exchange_rates`` (never a rate of our own).
        """
        source = self.policy.currency
        target = self.claim.amount.currency
        if source is None or source == target:
            return amount
        rates = self.exchange_rates
        rate = None if rates is None else rates.rate(source, target)
        return None if rate is None else amount * rate

    def amounts_due(self) -> tuple[AmountsDue | None, Reason | None]:
        """The amounts due on the day (computed once), or why they are not available.

        Under an open partial dispute (``disputed``), the amounts of the undisputed part.
        """
        memo = self.memo
        if self.disputed:
            if memo.undisputed is None:
                memo.undisputed = self._amounts(self.disputed)
            return memo.undisputed
        if memo.amounts is None:
            memo.amounts = self._amounts(None)
        return memo.amounts

    def _amounts(self, disputed: Decimal | None) -> tuple[AmountsDue | None, Reason | None]:
        try:
            if disputed is None and self.rates is None:
                # the claim and the day are checked already: no second pass through them
                return _default_amounts_due(self.claim, self.as_of), None
            part = None if disputed is None else Money(disputed, self.claim.amount.currency)
            return (
                amounts_due(self.claim, as_of=self.as_of, rates=self.rates, disputed=part),
                None,
            )
        except RateNotPublished as exc:
            return (
                None,
                _reason(
                    "amounts.unavailable",
                    f"Amounts due not computed: {exc.message}; thresholds use the principal only",
                    facts={"table": exc.table},
                ),
            )

    def optional_amounts(self) -> AmountsDue | None:
        """The amounts due when ``with_amounts``, else ``None``."""
        return self.amounts_due()[0] if self.with_amounts else None

    def prescription(self) -> Prescription | None:
        """The prescription on the day (computed once; ``None`` before the due date)."""
        memo = self.memo
        if memo.prescription is None:
            memo.prescription = (prescription_deadline(self.claim, as_of=self.as_of),)
        return memo.prescription[0]

    def near_prescription(self) -> Prescription | None:
        """The prescription, or ``None`` for a claim too young to be near any period.

        The jurisdiction's ``shortest_prescription_days`` (less the policy's margin) saves
        the computation for young claims, and its ``earliest_deadline`` for a claim whose
        deadline cannot be within the margin yet; under a stay it is always computed once
        due.
        Memoised for the evaluation (per stay: a stay changes the answer).
        """
        near = self.memo.near
        if near is not None and near[1] is self.stay:
            return near[0]
        found = self._near_prescription()
        self.memo.near = (found, self.stay)
        return found

    def _near_prescription(self) -> Prescription | None:
        claim = self.claim
        if self.stay is not None and claim.due_on.toordinal() <= self.day:
            return self.prescription()
        start = min(claim.due_on.toordinal(), claim.issued_on.toordinal())
        if claim.prescription_starts_on is not None:
            start = min(start, claim.prescription_starts_on.toordinal())
        rules, reach = self.rules, self.day + self.policy.prescription_margin_days
        if reach - start < rules.shortest_prescription_days:
            return None
        # Not within the margin of a deadline that cannot come before this day: as young.
        earliest = rules.earliest_deadline
        if earliest is not None:
            floor = earliest(self)
            if floor is not None and reach < floor:
                return None
        return self.prescription()

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
        """Build the `Decision` (the notes are added to ``reasons``)."""
        notes = self.notes
        all_reasons = reasons + list(notes) if notes else reasons
        if amounts is None and action in _ACTING and self.with_amounts:
            amounts, note = self.amounts_due()
            if note is not None:
                all_reasons = [*all_reasons, note]
        step_id: str | None
        if isinstance(step, PolicyStep):
            step_id = step.id
            channel = step.channel if channel is None else channel
            tone = step.tone if tone is None else tone
        else:
            step_id = step
        return _decision(
            self.claim.id,
            self.as_of,
            action,
            self.as_of if on is None or on == self.day else from_ordinal(on),
            channel,
            step_id,
            tone,
            amounts,
            from_ordinal(deadline) if isinstance(deadline, int) else deadline,
            tuple(all_reasons),
            self.segment,
            self.policy.name,
        )


# Every field in order, without the generated ``__new__``'s keyword handling (`_start`).
_new_facts = tuple.__new__
_FIELD_INDEX = {name: index for index, name in enumerate(Facts._fields)}
_NOTES = _FIELD_INDEX["notes"]


def reads(*kinds: type[Any]) -> Callable[[_G], _G]:
    """Declare the event types a guard reads: `decide` skips it when the claim has none.

    Examples:
        >>> from recouvrement.events import Dispute
        >>> @reads(Dispute)
        ... def dispute_guard(facts):
        ...     return None
        >>> dispute_guard.reads == frozenset({Dispute})
        True
    """
    needed = frozenset(kinds)

    def mark(guard: _G) -> _G:
        guard.reads = needed  # type: ignore[attr-defined]
        return guard

    return mark


_Prepared: TypeAlias = "tuple[tuple[Guard, frozenset[type[Any]] | None], ...]"
_PREPARED: dict[int, tuple[tuple[Guard, ...], _Prepared]] = {}


def _prepared(guards: tuple[Guard, ...]) -> _Prepared:
    """Each guard with the event types it reads, once per chain (keyed by identity)."""
    found = _PREPARED.get(id(guards))
    if found is None or found[0] is not guards:
        found = _PREPARED[id(guards)] = (
            guards,
            tuple((g, getattr(g, "reads", None)) for g in guards),
        )
    return found[1]


def decide(facts: Facts, guards: tuple[Guard, ...]) -> Decision:
    """Run ``guards`` in order on ``facts``: the first `Decision` returned is the answer.

    A guard marked with `reads` is skipped when the claim has no event of those types.

    Raises:
        RuntimeError: No guard decided (the last guard, the ladder, always does).
    """
    present: Any = None
    for guard, needs in _prepared(guards):
        if needs is not None:
            if present is None:
                present = facts.history.kinds()
            if present.isdisjoint(needs):
                continue
        found = guard(facts)
        if found is None:
            continue
        if isinstance(found, Decision):
            return found
        facts = found
    raise RuntimeError("no guard decided: the chain must end with a guard that always does")
