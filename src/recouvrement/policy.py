"""Escalation policies as data: the ladder of steps a collections team follows.

An [`EscalationPolicy`][recouvrement.policy.EscalationPolicy] is an ordered ladder of
[`PolicyStep`][recouvrement.policy.PolicyStep]s: each with an id, an
[`Action`][recouvrement.policy.Action], a [`Channel`][recouvrement.Channel], a
[`Tone`][recouvrement.policy.Tone], a [`Trigger`][recouvrement.policy.Trigger] (days after
the due date, days after the previous step, or end of month), a minimum outstanding amount,
the segments it applies to and an optional cost. Per-segment *tracks* replace the ladder
for debtors of one [`Segment`][recouvrement.Segment] (a punctual payer gets a softer and
later ladder, a bad-faith payer an early formal notice). Policies read from and write to
plain dicts and TOML; they are validated when built, and errors name the offending step.

`EscalationPolicy.default()` is the French practice ladder shipped as
``data/default_policy.toml``: courteous e-mail, firmer phone call, written reminder,
formal notice by registered letter with a cure period, the legal route, enforcement.

Examples:
    >>> from recouvrement.policy import EscalationPolicy
    >>> policy = EscalationPolicy.default()
    >>> [step.id for step in policy.steps]
    ['courteous', 'firm', 'written', 'formal_notice', 'legal', 'enforcement']
    >>> [step.id for step in policy.ladder("habitually_late")][:3]
    ['firm', 'registered', 'suspend_deliveries']
    >>> EscalationPolicy.from_dict({"steps": [
    ...     {"id": "mail", "action": "reminder", "channel": "pigeon", "days": 5}]})
    Traceback (most recent call last):
    ...
    recouvrement.errors.InvalidPolicy: channel='pigeon': step 'mail': not a valid Channel (one of 'email', 'sms', 'phone', 'letter', 'registered_letter', 'visit')
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping, Sequence
from decimal import Decimal
from enum import Enum
from functools import lru_cache
from importlib import resources
from typing import Any, Literal, TypeAlias

import attrs

from ._convert import to_decimal, to_enum, to_int
from .actions import ACTIONS, COST_KEYS, Action
from .errors import InvalidPolicy, InvalidType, RecouvrementError
from .events import Channel
from .segments import Segment

__all__ = [
    "LEGAL_ROUTE",
    "Action",
    "AgencyFee",
    "EscalationPolicy",
    "PolicyStep",
    "StepAction",
    "Tone",
    "Trigger",
    "TriggerKind",
]


class Tone(str, Enum):
    """The tone of a communication, from the softest to the hardest."""

    COURTEOUS = "courteous"
    FIRM = "firm"
    FORMAL = "formal"
    LEGAL = "legal"


class TriggerKind(str, Enum):
    """When a step fires."""

    DAYS_AFTER_DUE = "days_after_due"
    """``days`` after the due date (negative: before it, a pre-due courtesy reminder)."""
    DAYS_AFTER_PREVIOUS = "days_after_previous"
    """``days`` after the previous step was done (after the due date for the first step)."""
    END_OF_MONTH = "end_of_month"
    """On the last day of the month in which ``days`` after the previous step falls."""


LEGAL_ROUTE: Literal["legal_route"] = "legal_route"
"""The pseudo-action of a ladder step that takes the legal route chosen by the
jurisdiction's rules (small-claims procedure, payment order or summons)."""

StepAction: TypeAlias = Action | Literal["legal_route"]
"""What a ladder step does: an `Action`, or `LEGAL_ROUTE`."""

# Derived from the one action table (`recouvrement.actions.ACTIONS`); kept for importers.
LADDER_ACTIONS = frozenset(a for a, s in ACTIONS.items() if s.ladder)
LEGAL_ACTIONS = frozenset(a for a, s in ACTIONS.items() if s.legal)
# Steps that reach the debtor and so need a channel.
COMMUNICATIONS = frozenset(a for a, s in ACTIONS.items() if s.communication)

_ROUTE_COST_KEYS = COST_KEYS


def _read_policy_toml(source: Any) -> dict[str, Any]:
    """The table of a policy file: TOML text, UTF-8 bytes or a path (shared by every policy).

    Raises:
        InvalidType: ``source`` is none of those.
        InvalidPolicy: The bytes are not UTF-8 or the text is not valid TOML.
    """
    try:
        if isinstance(source, os.PathLike):
            with open(source, "rb") as handle:
                text = handle.read().decode("utf-8")
        elif isinstance(source, bytes):
            text = source.decode("utf-8")
        elif isinstance(source, str):
            text = source
        else:
            raise InvalidType("source", source, "TOML text or a path")
        return tomllib.loads(text)
    except UnicodeDecodeError as exc:
        raise InvalidPolicy("toml", None, f"not UTF-8: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise InvalidPolicy("toml", None, f"not valid TOML: {exc}") from None


@attrs.frozen(slots=True)
class Trigger:
    """When a step fires.

    Examples:
        >>> Trigger.days_after_due(7)
        Trigger(kind=<TriggerKind.DAYS_AFTER_DUE: 'days_after_due'>, days=7)
        >>> str(Trigger.days_after_previous(10)), str(Trigger.end_of_month())
        ('10 days after the previous step', 'end of month, 0 days after the previous step')
    """

    kind: TriggerKind
    days: int = 0

    @classmethod
    def days_after_due(cls, days: int) -> Trigger:
        """Fire ``days`` after the due date (before it when negative)."""
        return cls(TriggerKind.DAYS_AFTER_DUE, days)

    @classmethod
    def days_after_previous(cls, days: int) -> Trigger:
        """Fire ``days`` after the previous step."""
        return cls(TriggerKind.DAYS_AFTER_PREVIOUS, days)

    @classmethod
    def end_of_month(cls, days: int = 0) -> Trigger:
        """Fire at the end of the month ``days`` after the previous step falls in."""
        return cls(TriggerKind.END_OF_MONTH, days)

    def __str__(self) -> str:
        if self.kind is TriggerKind.DAYS_AFTER_DUE:
            if self.days < 0:
                return f"{-self.days} days before the due date"
            return f"{self.days} days after the due date"
        if self.kind is TriggerKind.DAYS_AFTER_PREVIOUS:
            return f"{self.days} days after the previous step"
        return f"end of month, {self.days} days after the previous step"


def _step_error(step: str | None, exc: RecouvrementError) -> InvalidPolicy:
    problem = getattr(exc, "problem", None)
    if problem is None:
        expected = getattr(exc, "expected", None)
        problem = (
            f"expected {expected}, got {type(exc.value).__name__}" if expected else exc.message
        )
    return InvalidPolicy(exc.field, exc.value, str(problem), step=step)


@attrs.frozen(slots=True, kw_only=True)
class PolicyStep:
    """One rung of an escalation ladder.

    Attributes:
        id: A stable id, recorded on the events that carry the step out
            (``Reminder(step=...)``) so a later evaluation knows it was done.
        action: The [`Action`][recouvrement.policy.Action], or ``"legal_route"`` to let
            the jurisdiction choose the court route.
        channel: The [`Channel`][recouvrement.Channel] (required for communications).
        tone: The [`Tone`][recouvrement.policy.Tone].
        trigger: When it fires.
        min_amount: The minimum outstanding amount (in the claim's currency) for the step
            to apply; below it the step is skipped (and the reasons say so).
        segments: The segments it applies to; ``None`` for every debtor.
        cost: What carrying it out costs (in the claim's currency), for the cost guard.
        cure_days: For a formal notice, the cure period it gives the debtor.
        note: Why the step is there (shown in the reasons).

    Examples:
        >>> step = PolicyStep(id="courteous", action="reminder", channel="email",
        ...                   trigger=Trigger.days_after_due(7))
        >>> step.action, step.tone
        (<Action.REMINDER: 'reminder'>, <Tone.COURTEOUS: 'courteous'>)
        >>> PolicyStep(id="x", action="close", trigger=Trigger.days_after_due(7))
        Traceback (most recent call last):
        ...
        recouvrement.errors.InvalidPolicy: action=<Action.CLOSE: 'close'>: step 'x': is decided by the guards, not a ladder step
    """

    id: str
    action: StepAction
    channel: Channel | None = None
    tone: Tone = Tone.COURTEOUS
    trigger: Trigger
    min_amount: Decimal = Decimal(0)
    segments: frozenset[Segment] | None = None
    cost: Decimal | None = None
    cure_days: int | None = None
    note: str = ""

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id.strip():
            raise InvalidPolicy("id", self.id, "a step needs a non-empty string id")
        sid = self.id
        try:
            action: StepAction = (
                LEGAL_ROUTE
                if self.action == LEGAL_ROUTE
                else to_enum(Action, self.action, "action")
            )
            channel = None if self.channel is None else to_enum(Channel, self.channel, "channel")
            tone = to_enum(Tone, self.tone, "tone")
            if not isinstance(self.trigger, Trigger):
                raise InvalidType("trigger", self.trigger, "Trigger")
            to_enum(TriggerKind, self.trigger.kind, "trigger")
            to_int(self.trigger.days, "days")
            min_amount = to_decimal(self.min_amount, "min_amount")
            cost = None if self.cost is None else to_decimal(self.cost, "cost")
            cure = None if self.cure_days is None else to_int(self.cure_days, "cure_days")
            segments = self.segments
            if segments is not None:
                if isinstance(segments, str) or not isinstance(
                    segments, Sequence | frozenset | set
                ):
                    raise InvalidType("segments", segments, "a list of segments or None")
                segments = frozenset(to_enum(Segment, s, "segments") for s in segments)
            if not isinstance(self.note, str):
                raise InvalidType("note", self.note, "str")
        except InvalidPolicy:
            raise
        except RecouvrementError as exc:
            raise _step_error(sid, exc) from None
        if action != LEGAL_ROUTE and action not in LADDER_ACTIONS:
            raise InvalidPolicy(
                "action", action, "is decided by the guards, not a ladder step", step=sid
            )
        if isinstance(action, Action) and action in COMMUNICATIONS and channel is None:
            raise InvalidPolicy("channel", None, f"a {action.value} step needs a channel", step=sid)
        if self.trigger.kind is not TriggerKind.DAYS_AFTER_DUE and self.trigger.days < 0:
            raise InvalidPolicy(
                "days", self.trigger.days, "must not be negative after the previous step", step=sid
            )
        if self.trigger.days < 0 and action is not Action.REMINDER:
            raise InvalidPolicy(
                "days", self.trigger.days, "only a reminder may fire before the due date", step=sid
            )
        if min_amount < 0:
            raise InvalidPolicy("min_amount", min_amount, "must not be negative", step=sid)
        if cost is not None and cost < 0:
            raise InvalidPolicy("cost", cost, "must not be negative", step=sid)
        if cure is not None and cure < 0:
            raise InvalidPolicy("cure_days", cure, "must not be negative", step=sid)
        if segments is not None and not segments:
            raise InvalidPolicy(
                "segments", [], "an empty list of segments: the step can never fire", step=sid
            )
        object.__setattr__(self, "action", action)
        object.__setattr__(self, "channel", channel)
        object.__setattr__(self, "tone", tone)
        object.__setattr__(self, "min_amount", min_amount)
        object.__setattr__(self, "cost", cost)
        object.__setattr__(self, "cure_days", cure)
        object.__setattr__(self, "segments", segments)

    @property
    def is_legal_route(self) -> bool:
        """Whether the step takes the legal route."""
        return self.action == LEGAL_ROUTE

    def to_dict(self) -> dict[str, Any]:
        """Return the TOML/JSON-compatible dict `from_dict` reads back.

        Examples:
            >>> PolicyStep(id="s", action="reminder", channel="sms",
            ...            trigger=Trigger.days_after_due(3)).to_dict()
            {'id': 's', 'action': 'reminder', 'channel': 'sms', 'tone': 'courteous', 'trigger': 'days_after_due', 'days': 3}
        """
        action = self.action
        data: dict[str, Any] = {
            "id": self.id,
            "action": action.value if isinstance(action, Action) else action,
        }
        if self.channel is not None:
            data["channel"] = self.channel.value
        data["tone"] = self.tone.value
        data["trigger"] = self.trigger.kind.value
        data["days"] = self.trigger.days
        if self.min_amount:
            data["min_amount"] = str(self.min_amount)
        if self.segments is not None:
            data["segments"] = sorted(s.value for s in self.segments)
        if self.cost is not None:
            data["cost"] = str(self.cost)
        if self.cure_days is not None:
            data["cure_days"] = self.cure_days
        if self.note:
            data["note"] = self.note
        return data

    @classmethod
    def from_dict(cls, data: Any, *, where: str = "step") -> PolicyStep:
        """Read a step from a dict (as in the TOML file); errors name the step.

        Keys: ``id``, ``action``, ``channel``, ``tone``, ``trigger`` (default
        ``"days_after_previous"``), ``days``, ``min_amount``, ``segments``, ``cost``,
        ``cure_days``, ``note``.
        """
        if not isinstance(data, Mapping):
            raise InvalidPolicy(where, data, "a step must be a table (dict)")
        sid = data.get("id")
        if not isinstance(sid, str) or not sid.strip():
            raise InvalidPolicy(f"{where}.id", sid, "a step needs a non-empty string id")
        known = {
            "id",
            "action",
            "channel",
            "tone",
            "trigger",
            "days",
            "min_amount",
            "segments",
            "cost",
            "cure_days",
            "note",
        }
        unknown = sorted(set(data) - known)
        if unknown:
            raise InvalidPolicy(unknown[0], data[unknown[0]], "unknown key", step=sid)
        if "action" not in data:
            raise InvalidPolicy("action", None, "missing", step=sid)
        try:
            kind = to_enum(TriggerKind, data.get("trigger", "days_after_previous"), "trigger")
            days = to_int(data.get("days", 0), "days")
        except RecouvrementError as exc:
            raise _step_error(sid, exc) from None
        return cls(
            id=sid,
            action=data["action"],
            channel=data.get("channel"),
            tone=data.get("tone", Tone.COURTEOUS),
            trigger=Trigger(kind, days),
            min_amount=data.get("min_amount", Decimal(0)),
            segments=data.get("segments"),
            cost=data.get("cost"),
            cure_days=data.get("cure_days"),
            note=data.get("note", ""),
        )


def _nominal_offsets(steps: Sequence[PolicyStep]) -> tuple[int, ...]:
    """Each step's nominal day after the due date when every step is done on time.

    A ``days_after_due`` trigger sets it; the other triggers add their days to the
    previous step's (the end-of-month rounding is left to the day the step is taken).
    """
    offsets: list[int] = []
    previous = 0
    for step in steps:
        if step.trigger.kind is TriggerKind.DAYS_AFTER_DUE:
            day = step.trigger.days
        else:
            day = previous + step.trigger.days
        offsets.append(day)
        previous = day
    return tuple(offsets)


def _check_ladder(steps: tuple[PolicyStep, ...], where: str) -> None:
    if not steps:
        raise InvalidPolicy(where, [], "a ladder needs at least one step")
    seen: set[str] = set()
    previous = None
    notice_seen = legal_seen = False
    for step, nominal in zip(steps, _nominal_offsets(steps), strict=True):
        if step.id in seen:
            raise InvalidPolicy("id", step.id, f"appears twice in {where}", step=step.id)
        seen.add(step.id)
        if (
            previous is not None
            and step.trigger.kind is TriggerKind.DAYS_AFTER_DUE
            and nominal < previous
        ):
            raise InvalidPolicy(
                "days",
                step.trigger.days,
                f"triggers out of order in {where}: fires {nominal} days after the due date, "
                f"before the previous step ({previous} days)",
                step=step.id,
            )
        previous = nominal
        if step.action is Action.FORMAL_NOTICE:
            notice_seen = True
        if step.is_legal_route or step.action in LEGAL_ACTIONS:
            if not notice_seen:
                raise InvalidPolicy(
                    "action",
                    step.action if isinstance(step.action, str) else None,
                    f"the legal route in {where} needs a formal_notice step before it",
                    step=step.id,
                )
            legal_seen = True
        if step.action is Action.ENFORCEMENT and not legal_seen:
            raise InvalidPolicy(
                "action",
                "enforcement",
                f"enforcement in {where} needs a legal route before it "
                "(an enforceable title): it can never fire",
                step=step.id,
            )


def _settings_decimal(value: Any, field: str) -> Decimal:
    try:
        result = to_decimal(value, field)
    except RecouvrementError as exc:
        raise _step_error(None, exc) from None
    if result < 0:
        raise InvalidPolicy(field, value, "must not be negative")
    return result


def _settings_days(value: Any, field: str) -> int:
    try:
        result = to_int(value, field)
    except RecouvrementError as exc:
        raise _step_error(None, exc) from None
    if result < 0:
        raise InvalidPolicy(field, value, "must not be negative")
    return result


def _to_steps(value: Any) -> tuple[PolicyStep, ...]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Sequence):
        raise InvalidPolicy("steps", value, "expected a list of steps")
    return tuple(
        s if isinstance(s, PolicyStep) else PolicyStep.from_dict(s, where=f"steps[{i}]")
        for i, s in enumerate(value)
    )


def _to_tracks(value: Any) -> dict[Segment, tuple[PolicyStep, ...]]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InvalidPolicy("tracks", value, "expected a table of segment -> list of steps")
    tracks: dict[Segment, tuple[PolicyStep, ...]] = {}
    for key, steps in value.items():
        try:
            segment = to_enum(Segment, key, "tracks")
        except RecouvrementError as exc:
            raise _step_error(None, exc) from None
        tracks[segment] = _to_steps(steps)
    return tracks


def _to_route_costs(value: Any) -> dict[str, Decimal]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InvalidPolicy("route_costs", value, "expected a table of route -> cost")
    costs: dict[str, Decimal] = {}
    for key, cost in value.items():
        if key not in _ROUTE_COST_KEYS:
            raise InvalidPolicy(
                "route_costs", key, f"unknown route (one of {', '.join(_ROUTE_COST_KEYS)})"
            )
        costs[key] = _settings_decimal(cost, f"route_costs.{key}")
    return costs


def _to_optional_decimal(value: Any) -> Decimal | None:
    return None if value is None else _settings_decimal(value, "small_balance_write_off")


def _to_policy_currency(value: Any) -> str | None:
    if value is None:
        return None
    from .money import currency_precision

    try:
        if not isinstance(value, str) or value != value.upper():
            raise InvalidPolicy("currency", value, "expected an upper-case ISO 4217 code")
        currency_precision(value)
    except RecouvrementError as exc:
        raise InvalidPolicy("currency", value, "not a known ISO 4217 currency code") from exc
    return value


def _fee_minimum(value: Any) -> Decimal | None:
    return None if value is None else _settings_decimal(value, "agency_fee.minimum")


def _fee_maximum(value: Any) -> Decimal | None:
    return None if value is None else _settings_decimal(value, "agency_fee.maximum")


def _fee_rate(value: Any) -> Decimal:
    rate = _settings_decimal(value, "agency_fee.rate")
    if rate > 100:
        raise InvalidPolicy("agency_fee.rate", value, "must be a percent of at most 100")
    return rate


@attrs.frozen(slots=True, kw_only=True)
class AgencyFee:
    """A collection agency's fee schedule: a success fee in percent, with a floor and a cap.

    Attributes:
        rate: The percent of what the agency collects (``12`` for 12 %).
        minimum: The lowest fee, if any (in the policy's ``currency``).
        maximum: The highest fee, if any (in the policy's ``currency``).

    Examples:
        >>> fee = AgencyFee(rate=Decimal(12), minimum=Decimal(50))
        >>> fee.on(Decimal(300)), fee.on(Decimal(1000))
        (Decimal('50'), Decimal('120'))
    """

    rate: Decimal = attrs.field(converter=_fee_rate)
    minimum: Decimal | None = attrs.field(default=None, converter=_fee_minimum)
    maximum: Decimal | None = attrs.field(default=None, converter=_fee_maximum)

    def __attrs_post_init__(self) -> None:
        if self.minimum is not None and self.maximum is not None and self.maximum < self.minimum:
            raise InvalidPolicy("agency_fee.maximum", self.maximum, "must not be below minimum")

    def on(self, amount: Decimal) -> Decimal:
        """The fee on ``amount`` (in the policy's currency): rate x amount, within the floor
        and cap (not rounded)."""
        low, high = self.minimum, self.maximum
        fee = amount * self.rate / 100
        if low is not None and fee < low:
            fee = low
        if high is not None and fee > high:
            fee = high
        return fee

    def to_dict(self) -> dict[str, str]:
        """The TOML/JSON table `EscalationPolicy.from_dict` reads back."""
        data = {"rate": str(self.rate)}
        if self.minimum is not None:
            data["minimum"] = str(self.minimum)
        if self.maximum is not None:
            data["maximum"] = str(self.maximum)
        return data


def _to_agency_fee(value: Any) -> AgencyFee | None:
    if value is None or isinstance(value, AgencyFee):
        return value
    if not isinstance(value, Mapping):
        raise InvalidPolicy("agency_fee", value, "expected a table with rate, minimum, maximum")
    unknown = sorted(set(value) - {"rate", "minimum", "maximum"})
    if unknown:
        raise InvalidPolicy(f"agency_fee.{unknown[0]}", value[unknown[0]], "unknown key")
    if "rate" not in value:
        raise InvalidPolicy("agency_fee.rate", None, "missing")
    return AgencyFee(**dict(value))


def _to_min_amount(value: Any) -> Decimal:
    return _settings_decimal(value, "min_amount")


def _to_recovery(value: Any) -> Decimal:
    rate = _settings_decimal(value, "expected_recovery_percent")
    if rate > 100:
        raise InvalidPolicy("expected_recovery_percent", value, "must be at most 100")
    return rate


def _to_prescription_margin_days(value: Any) -> int:
    return _settings_days(value, "prescription_margin_days")


def _to_promise_tolerance_days(value: Any) -> int:
    return _settings_days(value, "promise_tolerance_days")


def _to_plan_tolerance_days(value: Any) -> int:
    return _settings_days(value, "plan_tolerance_days")


def _to_review_days(value: Any) -> int:
    days = _settings_days(value, "review_days")
    if days < 1:
        raise InvalidPolicy("review_days", value, "must be at least 1")
    return days


def _to_agency_days(value: Any) -> int:
    return _settings_days(value, "agency_days")


def _to_default_cure_days(value: Any) -> int:
    return _settings_days(value, "default_cure_days")


def _to_bool(field: str) -> Any:
    def check(_: Any, __: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, bool):
            raise InvalidPolicy(field, value, "expected true or false")

    return check


_SETTINGS = (
    "min_amount",
    "small_balance_write_off",
    "prescription_margin_days",
    "promise_tolerance_days",
    "plan_tolerance_days",
    "review_days",
    "default_cure_days",
    "expected_recovery_percent",
    "route_costs",
    "agency_on_cost",
    "agency_days",
    "agency_fee",
    "currency",
    "waive_accessories",
)


@attrs.frozen(slots=True, kw_only=True)
class EscalationPolicy:
    """An escalation policy: a ladder of steps, per-segment tracks and the guards' settings.

    Attributes:
        name: A short name.
        description: What it is for.
        steps: The ladder for debtors without a track of their own (steps restricted to some
            segments apply only to those).
        tracks: Per-segment ladders that replace ``steps`` for debtors of that segment.
        min_amount: Below this outstanding amount nothing is done (guard 9).
        small_balance_write_off: When set, an overdue balance at or below it is written off
            instead of chased.
        prescription_margin_days: How close to the prescription deadline the claim must be
            interrupted (guard 5; 90 days by default).
        promise_tolerance_days: Days of grace after a promised date before the promise is
            broken.
        plan_tolerance_days: Days of grace after an instalment's due date before the plan is
            broken.
        review_days: When waiting on something with no date (a proceeding), look again after
            this many days.
        default_cure_days: The cure period of a formal notice that gives none.
        expected_recovery_percent: The share of the amount due a legal route is expected to
            recover, for the cost guard.
        route_costs: The expected cost of each route (``small_claims``, ``payment_order``,
            ``summons``, ``enforcement``), in the claim's currency.
        agency_on_cost: When the cost guard stops a route, hand over to an agency (paid on
            success) rather than write off, if not done yet.
        agency_days: How long an agency handed a claim by the cost guard is given before the
            claim is written off; the length of an agency mandate that records no end.
        agency_fee: The agency's fee schedule (`AgencyFee`), explained while a mandate runs.
        currency: The currency of the policy's amounts (``min_amount``, ``route_costs``,
            steps' ``cost`` and ``min_amount``, the agency fee's floor and cap). ``None``:
            they are read in each claim's currency. With a currency, a claim in another
            currency is compared only through the caller's ``exchange_rates``; without a
            rate the amounts are not applied, and the reasons say so.
        waive_accessories: Close a claim whose principal is paid even though late-payment
            interest and the fixed indemnity are still legally owed (a commercial choice,
            explained in the reasons). By default (``False``) the claim stays open for them.

    Examples:
        >>> policy = EscalationPolicy(name="short", steps=[
        ...     PolicyStep(id="mail", action="reminder", channel="email",
        ...                trigger=Trigger.days_after_due(5)),
        ...     PolicyStep(id="notice", action="formal_notice", channel="registered_letter",
        ...                trigger=Trigger.days_after_previous(10), cure_days=8),
        ... ])
        >>> EscalationPolicy.from_dict(policy.to_dict()) == policy
        True
    """

    name: str = "custom"
    description: str = ""
    steps: tuple[PolicyStep, ...] = attrs.field(converter=_to_steps)
    tracks: Mapping[Segment, tuple[PolicyStep, ...]] = attrs.field(
        factory=dict, converter=_to_tracks
    )
    min_amount: Decimal = attrs.field(default=Decimal(0), converter=_to_min_amount)
    small_balance_write_off: Decimal | None = attrs.field(
        default=None, converter=_to_optional_decimal
    )
    prescription_margin_days: int = attrs.field(default=90, converter=_to_prescription_margin_days)
    promise_tolerance_days: int = attrs.field(default=3, converter=_to_promise_tolerance_days)
    plan_tolerance_days: int = attrs.field(default=5, converter=_to_plan_tolerance_days)
    review_days: int = attrs.field(default=30, converter=_to_review_days)
    default_cure_days: int = attrs.field(default=8, converter=_to_default_cure_days)
    expected_recovery_percent: Decimal = attrs.field(default=Decimal(50), converter=_to_recovery)
    route_costs: Mapping[str, Decimal] = attrs.field(factory=dict, converter=_to_route_costs)
    agency_on_cost: bool = attrs.field(default=True, validator=_to_bool("agency_on_cost"))
    agency_days: int = attrs.field(default=90, converter=_to_agency_days)
    agency_fee: AgencyFee | None = attrs.field(default=None, converter=_to_agency_fee)
    currency: str | None = attrs.field(default=None, converter=_to_policy_currency)
    waive_accessories: bool = attrs.field(default=False, validator=_to_bool("waive_accessories"))
    _ladders: dict[Segment | None, tuple[PolicyStep, ...]] = attrs.field(
        init=False, factory=dict, eq=False, repr=False
    )

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.name, str) or not isinstance(self.description, str):
            raise InvalidPolicy("name", self.name, "name and description must be strings")
        _check_ladder(self.steps, "steps")
        for segment, steps in self.tracks.items():
            _check_ladder(steps, f"tracks.{segment.value}")
            for step in steps:
                if step.segments is not None and segment not in step.segments:
                    raise InvalidPolicy(
                        "segments",
                        sorted(s.value for s in step.segments),
                        f"in the {segment.value} track but not for {segment.value}: "
                        "it can never fire",
                        step=step.id,
                    )
        tracked = set(self.tracks)
        for step in self.steps:
            if step.segments is not None and step.segments <= tracked:
                raise InvalidPolicy(
                    "segments",
                    sorted(s.value for s in step.segments),
                    "every segment it applies to has its own track: it can never fire",
                    step=step.id,
                )
        ladders: dict[Segment | None, tuple[PolicyStep, ...]] = {
            None: tuple(s for s in self.steps if s.segments is None)
        }
        for segment in Segment:
            if segment in self.tracks:
                ladders[segment] = self.tracks[segment]
            else:
                ladders[segment] = tuple(
                    s for s in self.steps if s.segments is None or segment in s.segments
                )
        object.__setattr__(self, "_ladders", ladders)

    def ladder(self, segment: Segment | str | None = None) -> tuple[PolicyStep, ...]:
        """The ladder a debtor of ``segment`` follows (``None``: no segment known).

        Examples:
            >>> policy = EscalationPolicy.default()
            >>> [s.id for s in policy.ladder("bad_faith")]
            ['registered', 'formal_notice', 'legal', 'enforcement']
        """
        key = None if segment is None else to_enum(Segment, segment, "segment")
        return self._ladders[key]

    # -- serialisation --------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """Return the TOML/JSON-compatible dict `from_dict` reads back."""
        settings: dict[str, Any] = {
            "min_amount": str(self.min_amount),
            "prescription_margin_days": self.prescription_margin_days,
            "promise_tolerance_days": self.promise_tolerance_days,
            "plan_tolerance_days": self.plan_tolerance_days,
            "review_days": self.review_days,
            "default_cure_days": self.default_cure_days,
            "expected_recovery_percent": str(self.expected_recovery_percent),
            "agency_on_cost": self.agency_on_cost,
            "agency_days": self.agency_days,
        }
        if self.waive_accessories:
            settings["waive_accessories"] = True
        if self.small_balance_write_off is not None:
            settings["small_balance_write_off"] = str(self.small_balance_write_off)
        if self.route_costs:
            settings["route_costs"] = {k: str(v) for k, v in self.route_costs.items()}
        if self.agency_fee is not None:
            settings["agency_fee"] = self.agency_fee.to_dict()
        if self.currency is not None:
            settings["currency"] = self.currency
        data: dict[str, Any] = {"name": self.name}
        if self.description:
            data["description"] = self.description
        data["settings"] = settings
        data["steps"] = [s.to_dict() for s in self.steps]
        if self.tracks:
            data["tracks"] = {
                seg.value: [s.to_dict() for s in steps] for seg, steps in self.tracks.items()
            }
        return data

    @classmethod
    def from_dict(cls, data: Any) -> EscalationPolicy:
        """Build a policy from a dict (the layout of the TOML file); it is validated.

        Keys: ``name``, ``description``, ``settings`` (a table of the settings attributes),
        ``steps`` (a list of step tables) and ``tracks`` (segment -> list of step tables).

        Raises:
            InvalidPolicy: Unknown key, action, channel or segment, a step that can never
                fire, triggers out of order; the message names the step.

        Examples:
            >>> EscalationPolicy.from_dict({"steps": [
            ...     {"id": "a", "action": "reminder", "channel": "email",
            ...      "trigger": "days_after_due", "days": 20},
            ...     {"id": "b", "action": "reminder", "channel": "phone",
            ...      "trigger": "days_after_due", "days": 10}]})
            Traceback (most recent call last):
            ...
            recouvrement.errors.InvalidPolicy: days=10: step 'b': triggers out of order in steps: fires 10 days after the due date, before the previous step (20 days)
        """
        if not isinstance(data, Mapping):
            raise InvalidPolicy("policy", data, "expected a table (dict)")
        unknown = sorted(set(data) - {"name", "description", "settings", "steps", "tracks"})
        if unknown:
            raise InvalidPolicy(unknown[0], data[unknown[0]], "unknown key")
        settings = data.get("settings", {})
        if not isinstance(settings, Mapping):
            raise InvalidPolicy("settings", settings, "expected a table")
        unknown = sorted(set(settings) - set(_SETTINGS))
        if unknown:
            raise InvalidPolicy(f"settings.{unknown[0]}", settings[unknown[0]], "unknown setting")
        if "steps" not in data:
            raise InvalidPolicy("steps", None, "missing: a policy needs a ladder of steps")
        return cls(
            name=data.get("name", "custom"),
            description=data.get("description", ""),
            steps=data["steps"],
            tracks=data.get("tracks"),
            **dict(settings),
        )

    @classmethod
    def from_toml(cls, source: str | bytes | os.PathLike[str]) -> EscalationPolicy:
        """Read a policy from TOML text, or from a file when given a path (`os.PathLike`).

        Examples:
            >>> policy = EscalationPolicy.from_toml('''
            ... name = "two steps"
            ... [[steps]]
            ... id = "mail"
            ... action = "reminder"
            ... channel = "email"
            ... trigger = "days_after_due"
            ... days = 5
            ... ''')
            >>> policy.steps[0].trigger
            Trigger(kind=<TriggerKind.DAYS_AFTER_DUE: 'days_after_due'>, days=5)
        """
        return cls.from_dict(_read_policy_toml(source))

    @classmethod
    def default(cls) -> EscalationPolicy:
        """The French practice ladder shipped with the package (read once).

        Examples:
            >>> policy = EscalationPolicy.default()
            >>> policy.name, policy.prescription_margin_days
            ('fr-default', 90)
        """
        return _default_policy()


@lru_cache(maxsize=1)
def _default_policy() -> EscalationPolicy:
    text = (
        resources.files("recouvrement")
        .joinpath("jurisdictions/fr/data/default_policy.toml")
        .read_text("utf-8")
    )
    return EscalationPolicy.from_toml(text)
