"""Debtor profiling: what kind of payer is this debtor, how risky, and why.

`profile_debtor` reads every claim of one debtor (paid and open, with their payments and
events) as of a date and returns a [`DebtorProfile`][recouvrement.profiling.DebtorProfile]:

- ``metrics``: what the history shows over a look-back window (claims issued and paid,
  share paid on time, days late, arrears, promises, disputes, plans, reminders, insolvency);
- ``segment``: a [`Segment`][recouvrement.Segment] decided by ordered rules, the first
  that matches wins (insolvent, bad faith, financial difficulty, new, habitually late,
  occasionally late, punctual);
- ``score``: 0 to 100, higher is riskier, the sum of explained
  [`ScoreContribution`][recouvrement.profiling.ScoreContribution]s;
- ``reasons``: why, each naming the metric, its value and the threshold that fired.

The rules are data ([`ProfilingRules`][recouvrement.profiling.ProfilingRules], shipped as
``data/profiling_rules.toml``): collections practice, not law, so every threshold is a
documented default you can replace.

Only facts dated on or before ``as_of`` count: a payment, an event or a claim dated later is
ignored, and so is the outcome of a dispute closed later.

Examples:
    >>> from recouvrement.sample import load_sample
    >>> sample = load_sample()
    >>> profiles = profile_debtors(sample.claims, as_of=sample.as_of)
    >>> profile = profiles["D0010"]
    >>> profile.segment, profile.score
    (<Segment.BAD_FAITH: 'bad_faith'>, 100)
    >>> print(profile.reasons[0])
    promises to pay broken repeatedly: promises_broken 4 >= 2
    >>> print(profile.contributions[3])
    broken_promises: promises_broken 4 x 8 = 24 points (capped at 24)
"""

from __future__ import annotations

import operator
import os
import tomllib
from collections.abc import Callable, Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

import attrs
import pendulum

from ._convert import DateLike, from_ordinal, to_date, to_int
from ._serde import to_jsonable
from .claims import Claim
from .errors import CurrencyMismatch, InvalidPolicy, InvalidType, InvalidValue
from .events import (
    Acknowledgment,
    Cancellation,
    Dispute,
    DisputeOutcome,
    FormalNotice,
    InsolvencyProceeding,
    OverIndebtedness,
    PaymentPlan,
    PaymentPromise,
    Reminder,
)
from .explain import Reason
from .history import ClaimHistory, PromiseState, plan_ever_broken, promise_check
from .money import Money
from .segments import Segment

if TYPE_CHECKING:
    import polars as pl

__all__ = [
    "DebtorProfile",
    "ProfileMetrics",
    "ProfilingRules",
    "ScoreContribution",
    "ScoreWeights",
    "SegmentCondition",
    "SegmentRule",
    "debtor_segment",
    "profile_debtor",
    "profile_debtors",
]

_RULES_FILE = "data/profiling_rules.toml"
_DAY = Decimal("0.1")
_SHARE = Decimal("0.0001")
_MONTHS = Decimal("0.01")
_DAYS_PER_MONTH = Decimal("30.4375")  # 365.25 / 12
_ZERO = Decimal(0)
_HUNDRED = Decimal(100)


def _q(value: Decimal, quantum: Decimal) -> Decimal:
    return value.quantize(quantum, ROUND_HALF_UP)


def _pts(value: Decimal) -> Decimal:
    """Points as displayed: two decimals (the exact value is kept in ``points``)."""
    return _q(value, Decimal("0.01"))


# -- metrics --------------------------------------------------------------------------------


@attrs.frozen(slots=True, kw_only=True)
class ProfileMetrics:
    """What a debtor's history shows, as of a date, over a look-back window.

    History metrics count the claims issued in the window (``window_start`` to ``as_of``);
    exposure metrics (``claims_overdue``, ``overdue_amount``, ``oldest_days_past_due``) and
    insolvency look at every claim issued on or before ``as_of``, however old; event metrics
    count the events dated in the window. A claim is *paid* once its balance reached zero
    (payments and credit notes) on or before ``as_of``; it is *late* when it was paid more
    than ``tolerance_days`` after its due date. Averages are `None` when there is nothing to
    average.

    Attributes:
        as_of: The date of the profile.
        window_start: The first day of the look-back window.
        tolerance_days: Days after the due date still counted as on time.
        currency: The currency of the amounts.
        history_days: Days from the debtor's first claim (any age) to ``as_of``.
        claims_issued: Claims issued in the window.
        amount_issued: Their total amount.
        monthly_volume: The debtor's usual billing per month (``amount_issued`` over the
            months from the first claim in the window, or the window start, to ``as_of``).
        claims_paid: Claims of the window paid by ``as_of``: settled by the debtor's
            payments, dated by the last of them (a credit note may clear the rest). A claim
            cleared by credit notes alone, or cancelled (`Cancellation`), tells nothing of
            how the debtor pays: it is neither paid nor overdue here, nor in the exposure.
        claims_paid_on_time: Of those, paid within the tolerance.
        on_time_share: ``claims_paid_on_time / claims_paid`` (0 to 1).
        late_share: ``1 - on_time_share``.
        average_days_late: Days late of the paid claims, weighted by their amounts (a claim
            paid early counts 0).
        worst_days_late: The longest delay of a paid claim (0 when none).
        assessed_claims: Claims of the window paid, or overdue on ``as_of``: the claims whose
            behaviour is known.
        assessed_late_share: The share of assessed claims late beyond the tolerance, an unpaid
            overdue claim counting as late by its days past due so far.
        average_delay: Amount-weighted delay of the assessed claims (paid: days late; unpaid:
            days past due so far). The score's delay level: not paying never looks better
            than paying late.
        recent_average_delay: The same over claims issued in the recent half of the window.
        older_average_delay: The same over claims issued in the older half.
        delay_trend: ``recent_average_delay - older_average_delay`` (positive: worsening).
        claims_overdue: Unpaid claims past their due date.
        overdue_amount: Their outstanding balance.
        oldest_days_past_due: Days past due of the oldest of them (0 when none).
        overdue_months: ``overdue_amount`` in months of usual billing.
        overdue_amount_before: The overdue amount ``arrears_lookback_days`` earlier.
        arrears_growth: ``overdue_amount - overdue_amount_before``.
        arrears_growth_months: That growth in months of usual billing.
        partial_payments: Payments in the window that left a balance to pay.
        claims_partially_paid: Claims of the window with at least one such payment.
        partial_payment_share: ``claims_partially_paid / claims_issued``.
        promises_made: Payment promises made in the window.
        promises_due: Of those, the promises whose date (plus tolerance) has passed.
        promises_broken: Of those, the ones not kept (the claim not paid, or less than the
            amount promised paid on the claim, by then; a payment made before the promise
            counts, so that a later payment never lowers the score).
        broken_promise_share: ``promises_broken / promises_due``.
        disputes_opened: Disputes opened in the window.
        disputes_open: Disputes still open on ``as_of``.
        disputes_credit_note: Disputes that ended in a credit note (the debtor was right).
        disputes_rejected: Disputes rejected as unfounded.
        disputes_withdrawn: Disputes the debtor withdrew.
        plans_agreed: Payment plans agreed in the window.
        plans_broken: Of those, plans with an instalment missed (beyond the tolerance);
            every payment on the claim counts, one made before the plan too (the score
            stays monotone).
        reminders: Reminders sent in the window.
        reminders_before_payment: Reminders sent per paid claim before it was paid.
        formal_notices: Formal notices sent in the window.
        ignored_formal_notices: Formal notices followed by silence (no payment, promise,
            plan, dispute or acknowledgment) for ``silence_days``, on a claim nothing had
            been paid on by then (a payment before the notice counts: the score stays
            monotone).
        insolvency_open: An insolvency proceeding is open on ``as_of``.
        over_indebtedness_open: An over-indebtedness case is admissible and pending.
    """

    as_of: pendulum.Date
    window_start: pendulum.Date
    tolerance_days: int
    currency: str
    history_days: int
    claims_issued: int
    amount_issued: Money
    monthly_volume: Money
    claims_paid: int
    claims_paid_on_time: int
    on_time_share: Decimal | None
    late_share: Decimal | None
    average_days_late: Decimal | None
    worst_days_late: int
    assessed_claims: int
    assessed_late_share: Decimal | None
    average_delay: Decimal | None
    recent_average_delay: Decimal | None
    older_average_delay: Decimal | None
    delay_trend: Decimal | None
    claims_overdue: int
    overdue_amount: Money
    oldest_days_past_due: int
    overdue_months: Decimal | None
    overdue_amount_before: Money
    arrears_growth: Money
    arrears_growth_months: Decimal | None
    partial_payments: int
    claims_partially_paid: int
    partial_payment_share: Decimal | None
    promises_made: int
    promises_due: int
    promises_broken: int
    broken_promise_share: Decimal | None
    disputes_opened: int
    disputes_open: int
    disputes_credit_note: int
    disputes_rejected: int
    disputes_withdrawn: int
    plans_agreed: int
    plans_broken: int
    reminders: int
    reminders_before_payment: Decimal | None
    formal_notices: int
    ignored_formal_notices: int
    insolvency_open: bool
    over_indebtedness_open: bool

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-compatible dict (dates ISO, decimals and money as strings)."""
        return {
            field.name: to_jsonable(getattr(self, field.name))
            for field in attrs.fields(ProfileMetrics)
        }


# The metrics a segment condition may test, and their kind. Money metrics are left out on
# purpose: a threshold in one currency means nothing in another; use the "_months" ratios.
_INT, _DEC, _BOOL = "int", "decimal", "bool"
METRIC_KINDS: Mapping[str, str] = {
    "history_days": _INT,
    "claims_issued": _INT,
    "claims_paid": _INT,
    "claims_paid_on_time": _INT,
    "on_time_share": _DEC,
    "late_share": _DEC,
    "average_days_late": _DEC,
    "worst_days_late": _INT,
    "assessed_claims": _INT,
    "assessed_late_share": _DEC,
    "average_delay": _DEC,
    "recent_average_delay": _DEC,
    "older_average_delay": _DEC,
    "delay_trend": _DEC,
    "claims_overdue": _INT,
    "oldest_days_past_due": _INT,
    "overdue_months": _DEC,
    "arrears_growth_months": _DEC,
    "partial_payments": _INT,
    "claims_partially_paid": _INT,
    "partial_payment_share": _DEC,
    "promises_made": _INT,
    "promises_due": _INT,
    "promises_broken": _INT,
    "broken_promise_share": _DEC,
    "disputes_opened": _INT,
    "disputes_open": _INT,
    "disputes_credit_note": _INT,
    "disputes_rejected": _INT,
    "disputes_withdrawn": _INT,
    "plans_agreed": _INT,
    "plans_broken": _INT,
    "reminders": _INT,
    "reminders_before_payment": _DEC,
    "formal_notices": _INT,
    "ignored_formal_notices": _INT,
    "insolvency_open": _BOOL,
    "over_indebtedness_open": _BOOL,
}

# -- rules ----------------------------------------------------------------------------------

_OPERATORS: Mapping[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}


def _threshold(value: Any, field: str, kind: str, step: str | None) -> Decimal | bool:
    if kind == _BOOL:
        if not isinstance(value, bool):
            raise InvalidPolicy(
                field, value, "expected true or false for a yes/no metric", step=step
            )
        return value
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise InvalidPolicy(
            field,
            value,
            "expected a number (int, Decimal or numeric string; floats are inexact)",
            step=step,
        )
    if isinstance(value, str):
        try:
            value = Decimal(value.strip())
        except ArithmeticError:
            raise InvalidPolicy(field, value, "not a number", step=step) from None
    number = Decimal(value)
    if not number.is_finite():
        raise InvalidPolicy(field, value, "must be a finite number", step=step)
    return number


def _to_value(value: Any) -> Decimal | bool:
    if isinstance(value, bool):
        return value
    return _threshold(value, "value", _DEC, None)


def _to_metric(value: Any) -> str:
    if not isinstance(value, str) or value not in METRIC_KINDS:
        choices = ", ".join(sorted(METRIC_KINDS))
        raise InvalidPolicy("metric", value, f"unknown metric (one of {choices})")
    return value


def _to_op(value: Any) -> str:
    if not isinstance(value, str) or value not in _OPERATORS:
        raise InvalidPolicy("op", value, f"unknown operator (one of {', '.join(_OPERATORS)})")
    return value


@attrs.frozen(slots=True, kw_only=True)
class SegmentCondition:
    """One test of a segment rule: ``metric op value``.

    Attributes:
        metric: A [`ProfileMetrics`][recouvrement.profiling.ProfileMetrics] field that is a
            count, a decimal or a yes/no (money amounts are not comparable across currencies).
        op: One of ``<``, ``<=``, ``>``, ``>=``, ``==``, ``!=``.
        value: The threshold: a `Decimal` (ints and numeric strings are converted; floats are
            refused) or a `bool` for a yes/no metric.

    Examples:
        >>> SegmentCondition(metric="late_share", op=">=", value="0.5")
        SegmentCondition(metric='late_share', op='>=', value=Decimal('0.5'))
        >>> SegmentCondition(metric="lateness", op=">=", value=1)
        Traceback (most recent call last):
        ...
        recouvrement.errors.InvalidPolicy: metric='lateness': unknown metric (one of ...)
    """

    metric: str = attrs.field(converter=_to_metric)
    op: str = attrs.field(converter=_to_op)
    value: Decimal | bool = attrs.field(converter=_to_value)

    def __attrs_post_init__(self) -> None:
        is_bool = METRIC_KINDS[self.metric] == _BOOL
        if is_bool != isinstance(self.value, bool):
            expected = "true or false" if is_bool else "a number"
            raise InvalidPolicy("value", self.value, f"{self.metric} needs {expected}")
        if is_bool and self.op not in ("==", "!="):
            raise InvalidPolicy("op", self.op, f"{self.metric} is yes/no: use == or !=")

    def holds(self, metrics: ProfileMetrics) -> bool:
        """Whether the condition holds for ``metrics`` (never when the metric is `None`)."""
        actual = getattr(metrics, self.metric)
        return actual is not None and _OPERATORS[self.op](actual, self.value)

    @property
    def threshold_text(self) -> str:
        """The threshold as written in rules (``true``/``false`` for yes/no)."""
        return str(self.value).lower() if isinstance(self.value, bool) else str(self.value)

    def __str__(self) -> str:
        return f"{self.metric} {self.op} {self.threshold_text}"

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-compatible dict."""
        return {"metric": self.metric, "op": self.op, "value": to_jsonable(self.value)}


_SEGMENT_VALUES = ", ".join(repr(s.value) for s in Segment)


def _to_segment(value: Any) -> Segment:
    if isinstance(value, Segment):
        return value
    try:
        return Segment(value)
    except ValueError:
        raise InvalidPolicy(
            "segment", value, f"unknown segment (one of {_SEGMENT_VALUES})"
        ) from None


def _to_when(value: Any) -> tuple[SegmentCondition, ...]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise InvalidPolicy("when", value, "expected a list of conditions")
    conditions = []
    for index, item in enumerate(value):
        if isinstance(item, Mapping):
            item = _condition_from_dict(item, f"when[{index}]")
        if not isinstance(item, SegmentCondition):
            raise InvalidPolicy(f"when[{index}]", item, "expected a condition")
        conditions.append(item)
    return tuple(conditions)


def _to_rule_id(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidPolicy("id", value, "a rule needs a non-empty id")
    return value


def _to_note(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidPolicy("note", value, "a rule needs a short note (why)")
    return value


@attrs.frozen(slots=True, kw_only=True)
class SegmentRule:
    """An ordered segment rule: when every condition holds, the debtor is in ``segment``.

    A rule with no condition always matches: it must come last, as the catch-all.

    Attributes:
        id: A stable identifier, named in the reasons.
        segment: The [`Segment`][recouvrement.Segment] it assigns (or its value).
        note: Why, in a few words, for the reasons' messages.
        when: The conditions (or their dicts), all of which must hold.

    Examples:
        >>> rule = SegmentRule(id="plan", segment="financial_difficulty", note="a plan",
        ...                    when=[{"metric": "plans_agreed", "op": ">=", "value": 1}])
        >>> rule.segment, str(rule.when[0])
        (<Segment.FINANCIAL_DIFFICULTY: 'financial_difficulty'>, 'plans_agreed >= 1')
    """

    id: str = attrs.field(converter=_to_rule_id)
    segment: Segment = attrs.field(converter=_to_segment)
    note: str = attrs.field(converter=_to_note)
    when: tuple[SegmentCondition, ...] = attrs.field(default=(), converter=_to_when)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-compatible dict."""
        return {
            "id": self.id,
            "segment": self.segment.value,
            "note": self.note,
            "when": [c.to_dict() for c in self.when],
        }


def _condition_from_dict(data: Mapping[str, Any], where: str) -> SegmentCondition:
    _check_keys(data, {"metric", "op", "value"}, {"metric", "op", "value"}, where)
    try:
        return SegmentCondition(metric=data["metric"], op=data["op"], value=data["value"])
    except InvalidPolicy as exc:
        raise InvalidPolicy(f"{where}.{exc.field}", exc.value, exc.problem) from None


def _check_keys(
    data: Any, required: set[str], allowed: set[str], where: str, step: str | None = None
) -> None:
    if not isinstance(data, Mapping):
        raise InvalidPolicy(where, data, "expected a table (mapping)", step=step)
    for key in data:
        if key not in allowed:
            raise InvalidPolicy(
                f"{where}.{key}" if where else str(key),
                data[key],
                f"unknown field (expected {sorted(allowed)})",
                step=step,
            )
    for key in sorted(required):
        if key not in data:
            raise InvalidPolicy(
                f"{where}.{key}" if where else key, None, "missing field", step=step
            )


_WEIGHT_FIELDS = (
    "delay_points_per_day",
    "delay_cap_days",
    "trend_points_per_day",
    "late_share_points",
    "arrears_points_per_month",
    "arrears_cap_months",
    "broken_promise_points",
    "broken_promise_cap",
    "broken_plan_points",
    "broken_plan_cap",
    "rejected_dispute_points",
    "rejected_dispute_cap",
    "ignored_notice_points",
    "ignored_notice_cap",
    "insolvency_points",
)


def _weight(value: Any, name: str) -> Decimal:
    number = _threshold(value, name, _DEC, None)
    assert isinstance(number, Decimal)
    if number < 0:
        raise InvalidPolicy(name, value, "must not be negative")
    return number


def _to_weight(value: Any) -> Decimal:
    return _weight(value, "weight")


@attrs.frozen(slots=True, kw_only=True)
class ScoreWeights:
    """The weights and caps of the score's contributions (all non-negative decimals).

    See ``data/profiling_rules.toml`` for the defaults and their rationale.

    Attributes:
        delay_points_per_day: Points per day of ``average_delay``.
        delay_cap_days: The average delay counted at most.
        trend_points_per_day: Points per day by which ``recent_average_delay`` exceeds
            ``average_delay`` (both capped). At most ``delay_points_per_day``, so that a
            later payment never lowers the score.
        late_share_points: Points for ``assessed_late_share`` of 1.
        arrears_points_per_month: Points per month of billing overdue (``overdue_months``).
        arrears_cap_months: The months counted at most.
        broken_promise_points: Points per broken promise; ``broken_promise_cap`` the most.
        broken_promise_cap: See above.
        broken_plan_points: Points per broken payment plan; ``broken_plan_cap`` the most.
        broken_plan_cap: See above.
        rejected_dispute_points: Points per rejected dispute; ``rejected_dispute_cap`` the
            most.
        rejected_dispute_cap: See above.
        ignored_notice_points: Points per ignored formal notice; ``ignored_notice_cap`` the
            most.
        ignored_notice_cap: See above.
        insolvency_points: Points for an open insolvency or over-indebtedness case.

    Examples:
        >>> ScoreWeights.default().delay_points_per_day
        Decimal('0.5')
    """

    delay_points_per_day: Decimal = attrs.field(converter=_to_weight)
    delay_cap_days: Decimal = attrs.field(converter=_to_weight)
    trend_points_per_day: Decimal = attrs.field(converter=_to_weight)
    late_share_points: Decimal = attrs.field(converter=_to_weight)
    arrears_points_per_month: Decimal = attrs.field(converter=_to_weight)
    arrears_cap_months: Decimal = attrs.field(converter=_to_weight)
    broken_promise_points: Decimal = attrs.field(converter=_to_weight)
    broken_promise_cap: Decimal = attrs.field(converter=_to_weight)
    broken_plan_points: Decimal = attrs.field(converter=_to_weight)
    broken_plan_cap: Decimal = attrs.field(converter=_to_weight)
    rejected_dispute_points: Decimal = attrs.field(converter=_to_weight)
    rejected_dispute_cap: Decimal = attrs.field(converter=_to_weight)
    ignored_notice_points: Decimal = attrs.field(converter=_to_weight)
    ignored_notice_cap: Decimal = attrs.field(converter=_to_weight)
    insolvency_points: Decimal = attrs.field(converter=_to_weight)

    def __attrs_post_init__(self) -> None:
        if self.trend_points_per_day > self.delay_points_per_day:
            raise InvalidPolicy(
                "trend_points_per_day",
                self.trend_points_per_day,
                f"must not exceed delay_points_per_day ({self.delay_points_per_day}), or a "
                "later payment of an older claim could lower the score",
            )

    @classmethod
    def default(cls) -> ScoreWeights:
        """The shipped weights."""
        return ProfilingRules.default().score

    @classmethod
    def from_dict(cls, data: Any) -> ScoreWeights:
        """Build from a dict with every weight; unknown or missing keys raise `InvalidPolicy`."""
        _check_keys(data, set(_WEIGHT_FIELDS), set(_WEIGHT_FIELDS), "score")
        try:
            return cls(**{name: _weight(data[name], name) for name in _WEIGHT_FIELDS})
        except InvalidPolicy as exc:
            raise InvalidPolicy(f"score.{exc.field}", exc.value, exc.problem) from None

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-compatible dict (decimals as strings)."""
        return {name: str(getattr(self, name)) for name in _WEIGHT_FIELDS}


def _positive_days(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidPolicy(name, value, "expected a whole number of days")
    if value < 1:
        raise InvalidPolicy(name, value, "must be at least 1 day")
    return value


def _to_silence_days(value: Any) -> int:
    return _positive_days(value, "silence_days")


def _to_lookback_days(value: Any) -> int:
    return _positive_days(value, "arrears_lookback_days")


def _rules_tuple(value: Any) -> tuple[SegmentRule, ...]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise InvalidPolicy("rules", value, "expected a list of segment rules")
    rules = []
    for index, item in enumerate(value):
        if isinstance(item, Mapping):
            step = item.get("id") if isinstance(item.get("id"), str) else None
            _check_keys(
                item,
                {"id", "segment", "note"},
                {"id", "segment", "note", "when"},
                f"rules[{index}]",
                step,
            )
            try:
                item = SegmentRule(
                    id=item["id"],
                    segment=item["segment"],
                    note=item["note"],
                    when=item.get("when", ()),
                )
            except InvalidPolicy as exc:
                raise InvalidPolicy(
                    f"rules[{index}].{exc.field}", exc.value, exc.problem, step=step
                ) from None
        if not isinstance(item, SegmentRule):
            raise InvalidPolicy(f"rules[{index}]", item, "expected a SegmentRule")
        rules.append(item)
    return tuple(rules)


def _score_weights(value: Any) -> ScoreWeights:
    if isinstance(value, ScoreWeights):
        return value
    return ScoreWeights.from_dict(value)


def _version(value: Any) -> str:
    if not isinstance(value, str):
        raise InvalidPolicy("version", value, "expected a string")
    return value


@attrs.frozen(slots=True, kw_only=True)
class ProfilingRules:
    """The rules of debtor profiling: ordered segment rules, score weights, two horizons.

    Rules are validated when built (unknown metric, operator or segment, a threshold of the
    wrong kind, a rule after the catch-all, no catch-all, duplicate ids, a trend weight above
    the delay weight): errors are `InvalidPolicy` naming the field and the rule.

    Attributes:
        rules: The [`SegmentRule`][recouvrement.profiling.SegmentRule]s, in order; the first
            that matches decides. The last one has no condition.
        score: The [`ScoreWeights`][recouvrement.profiling.ScoreWeights].
        silence_days: Days after a formal notice without any reaction that make it "ignored".
        arrears_lookback_days: How far back ``arrears_growth`` compares.
        version: A label for the rule set.

    Examples:
        >>> rules = ProfilingRules.default()
        >>> [r.id for r in rules.rules][:3]
        ['insolvency_open', 'over_indebtedness_open', 'broken_promises']
        >>> ProfilingRules.from_dict(rules.to_dict()) == rules
        True
        >>> data = rules.to_dict()
        >>> data["rules"][2]["when"][0]["metric"] = "promisses_broken"
        >>> ProfilingRules.from_dict(data)
        Traceback (most recent call last):
        ...
        recouvrement.errors.InvalidPolicy: rules[2].when[0].metric='promisses_broken': step 'broken_promises': unknown metric (one of ...)
    """

    rules: tuple[SegmentRule, ...] = attrs.field(converter=_rules_tuple)
    score: ScoreWeights = attrs.field(converter=_score_weights)
    silence_days: int = attrs.field(default=30, converter=_to_silence_days)
    arrears_lookback_days: int = attrs.field(default=90, converter=_to_lookback_days)
    version: str = attrs.field(default="custom", converter=_version)

    def __attrs_post_init__(self) -> None:
        self.validated()

    def validated(self) -> ProfilingRules:
        """Check the rule set as a whole and return it (building one already checks it).

        Raises:
            InvalidPolicy: No rule, no catch-all last, a rule after the catch-all, or two
                rules with the same id.

        Examples:
            >>> ProfilingRules.default().validated().version
            '2026-11-22'
        """
        if not self.rules:
            raise InvalidPolicy("rules", self.rules, "at least one segment rule is needed")
        seen: set[str] = set()
        for index, rule in enumerate(self.rules):
            if rule.id in seen:
                raise InvalidPolicy(
                    f"rules[{index}].id", rule.id, "duplicate rule id", step=rule.id
                )
            seen.add(rule.id)
            last = index == len(self.rules) - 1
            if not rule.when and not last:
                raise InvalidPolicy(
                    f"rules[{index}].when",
                    [],
                    "a rule without conditions matches every debtor: "
                    "only the last rule may be the catch-all",
                    step=rule.id,
                )
            if rule.when and last:
                raise InvalidPolicy(
                    f"rules[{index}].when",
                    [c.to_dict() for c in rule.when],
                    "the last rule must have no conditions (the catch-all), so every debtor "
                    "gets a segment",
                    step=rule.id,
                )
        return self

    @classmethod
    def default(cls) -> ProfilingRules:
        """The shipped rules (``data/profiling_rules.toml``, read once)."""
        return _default_rules()

    @classmethod
    def from_dict(cls, data: Any) -> ProfilingRules:
        """Build from a dict laid out like the TOML file.

        Keys: ``rules`` (a list of ``{id, segment, note, when}``), ``score`` (every weight),
        optional ``silence_days``, ``arrears_lookback_days``, ``version``.

        Raises:
            InvalidPolicy: On any unknown, missing or bad field, naming it.
        """
        allowed = {"rules", "score", "silence_days", "arrears_lookback_days", "version"}
        _check_keys(data, {"rules", "score"}, allowed, "")
        optional = {
            k: data[k] for k in ("silence_days", "arrears_lookback_days", "version") if k in data
        }
        return cls(rules=data["rules"], score=data["score"], **optional)

    @classmethod
    def from_toml(cls, source: str | os.PathLike[str]) -> ProfilingRules:
        """Build from TOML: a path (`pathlib.Path` or any path-like) is read as a file, a
        `str` is the TOML text itself. Numbers are read as exact decimals.

        Examples:
            >>> text = '''
            ... [score]
            ... delay_points_per_day = 1
            ... delay_cap_days = 30
            ... trend_points_per_day = 0
            ... late_share_points = 0
            ... arrears_points_per_month = 0
            ... arrears_cap_months = 0
            ... broken_promise_points = 0
            ... broken_promise_cap = 0
            ... broken_plan_points = 0
            ... broken_plan_cap = 0
            ... rejected_dispute_points = 0
            ... rejected_dispute_cap = 0
            ... ignored_notice_points = 0
            ... ignored_notice_cap = 0
            ... insolvency_points = 100
            ... [[rules]]
            ... id = "late"
            ... segment = "habitually_late"
            ... note = "late at all"
            ... when = [{ metric = "late_share", op = ">", value = 0.0 }]
            ... [[rules]]
            ... id = "other"
            ... segment = "punctual"
            ... note = "never late"
            ... '''
            >>> ProfilingRules.from_toml(text).rules[0].when[0].value
            Decimal('0.0')
        """
        if isinstance(source, os.PathLike):
            text = Path(source).read_text(encoding="utf-8")
        elif isinstance(source, str):
            text = source
        else:
            raise InvalidType("source", source, "TOML text (str) or a path")
        try:
            data = tomllib.loads(text, parse_float=Decimal)
        except tomllib.TOMLDecodeError as exc:
            raise InvalidPolicy("source", None, f"not valid TOML: {exc}") from None
        return cls.from_dict(data)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-compatible dict that `from_dict` reads back."""
        return {
            "version": self.version,
            "silence_days": self.silence_days,
            "arrears_lookback_days": self.arrears_lookback_days,
            "score": self.score.to_dict(),
            "rules": [r.to_dict() for r in self.rules],
        }


@lru_cache(maxsize=1)
def _default_rules() -> ProfilingRules:
    text = resources.files("recouvrement").joinpath(_RULES_FILE).read_text("utf-8")
    return ProfilingRules.from_toml(text)


# -- profile --------------------------------------------------------------------------------


@attrs.frozen(slots=True, kw_only=True)
class ScoreContribution:
    """One term of a debtor's score.

    Attributes:
        name: What it measures (``"delay"``, ``"trend"``, ``"late_share"``, ``"arrears"``,
            ``"broken_promises"``, ``"broken_plans"``, ``"rejected_disputes"``,
            ``"ignored_notices"``, ``"insolvency"``).
        metric: The metric it reads.
        value: The metric's value.
        weight: Points per unit of the metric.
        cap: The most it can give, if capped.
        points: The points it adds (exact; the score is their rounded, clamped sum).
        explanation: A readable sentence.

    Examples:
        >>> from recouvrement.sample import load_sample
        >>> sample = load_sample()
        >>> profile = profile_debtors(sample.claims, as_of=sample.as_of)["D0008"]
        >>> print(profile.contributions[0])
        delay: average_delay 53.0 days x 0.5 = 26.50 points
        >>> profile.contributions[0].points
        Decimal('26.50')
    """

    name: str
    metric: str
    value: Decimal | int | bool | None
    weight: Decimal
    cap: Decimal | None
    points: Decimal
    explanation: str

    def __str__(self) -> str:
        return f"{self.name}: {self.explanation}"

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-compatible dict."""
        return {
            "name": self.name,
            "metric": self.metric,
            "value": to_jsonable(self.value),
            "weight": str(self.weight),
            "cap": None if self.cap is None else str(self.cap),
            "points": str(self.points),
            "explanation": self.explanation,
        }


@attrs.frozen(slots=True, kw_only=True)
class DebtorProfile:
    """What kind of payer a debtor is, how risky, and why.

    Attributes:
        debtor_id: The debtor's id.
        as_of: The date of the profile.
        segment: The [`Segment`][recouvrement.Segment].
        rule: The id of the segment rule that matched.
        score: 0 to 100, higher is riskier: the sum of ``contributions``, clamped and
            rounded half up.
        metrics: The [`ProfileMetrics`][recouvrement.profiling.ProfileMetrics].
        contributions: The [`ScoreContribution`][recouvrement.profiling.ScoreContribution]s
            with points (those worth 0 are left out).
        reasons: Why the segment (one reason per condition of the matching rule: metric,
            value, threshold) and the score.

    Examples:
        >>> from recouvrement.sample import load_sample
        >>> sample = load_sample()
        >>> profile = profile_debtors(sample.claims, as_of=sample.as_of)["D0007"]
        >>> print(profile.explain())
        D0007: occasionally_late, score 11 (rule often_late_slightly)
          half the paid claims or more late, but by less than 10 days on average: late_share 0.6000 >= 0.5
          delay: average_delay 3.7 days x 0.5 = 1.85 points
          trend: recent_average_delay 4.4 days vs average_delay 3.7 x 0.4 = 0.28 points
          late_share: assessed_late_share 0.6000 x 15 = 9.00 points
    """

    debtor_id: str
    as_of: pendulum.Date
    segment: Segment
    rule: str
    score: int
    metrics: ProfileMetrics
    contributions: tuple[ScoreContribution, ...]
    reasons: tuple[Reason, ...]

    def explain(self) -> str:
        """A readable multi-line explanation: segment, rule, reasons, score contributions."""
        lines = [f"{self.debtor_id}: {self.segment.value}, score {self.score} (rule {self.rule})"]
        lines.extend(f"  {r.message}" for r in self.reasons if r.code.startswith("profile.segment"))
        lines.extend(f"  {c}" for c in self.contributions)
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-compatible dict, for exports."""
        return {
            "debtor_id": self.debtor_id,
            "as_of": self.as_of.isoformat(),
            "segment": self.segment.value,
            "rule": self.rule,
            "score": self.score,
            "metrics": self.metrics.to_dict(),
            "contributions": [c.to_dict() for c in self.contributions],
            "reasons": [r.to_dict() for r in self.reasons],
        }

    def _repr_html_(self) -> str:
        """HTML for notebooks: segment, score and its contributions, key metrics, reasons."""
        from .display import profile_html

        return profile_html(self)

    def to_frame(
        self, what: Literal["metrics", "contributions"] = "metrics", *, floats: bool = False
    ) -> pl.DataFrame:
        """A Polars frame: the typed metrics in one row (``"metrics"``, see
        `display.profiles_to_frame`) or one row per score term (``"contributions"``).

        Examples:
            >>> from recouvrement.sample import load_sample
            >>> sample = load_sample()
            >>> profile = profile_debtors(sample.claims, as_of=sample.as_of)["D0007"]
            >>> profile.to_frame().item(0, "late_share") == profile.metrics.late_share
            True
            >>> profile.to_frame("contributions").get_column("name").to_list()
            ['delay', 'trend', 'late_share']
        """
        from .display import contributions_to_frame, profiles_to_frame

        if what == "metrics":
            return profiles_to_frame([self], floats=floats)
        if what == "contributions":
            return contributions_to_frame(self, floats=floats)
        raise InvalidValue("what", what, "'metrics' or 'contributions'")


# -- computation ----------------------------------------------------------------------------

_RESPONSES = (Acknowledgment, PaymentPromise, PaymentPlan, Dispute)


def _avg(weighted: Decimal, total: Decimal) -> Decimal | None:
    return _q(weighted / total, _DAY) if total else None


def _share(part: int, whole: int) -> Decimal | None:
    return _q(Decimal(part) / whole, _SHARE) if whole else None


class _Window(NamedTuple):
    """The days one profile looks at (ordinals)."""

    today: int
    start: int
    middle: int
    before: int
    silence: int
    tolerance: int


class _ClaimFacts(NamedTuple):
    """One claim read once: its dates, its balances and what its payments show.

    Attributes:
        claim: The claim.
        issued_on: Issue day (ordinal).
        due: Due day (ordinal).
        amount: Its amount.
        in_window: Whether it was issued in the look-back window.
        balance: The balance on the profile's day.
        balance_before: The balance on the arrears lookback day.
        settled: The day the balance first reached zero or less, if it did by then (a
            cancellation before that: the day of the cancellation).
        partials: Partial payments in the window.
        paid_on: The day the debtor's payments settled it: the last payment on or before
            ``settled`` (a credit note may clear the rest), ``None`` when none did.
        excused: Settled without any payment of the debtor (credit notes only, or a
            cancellation): it tells nothing of how the debtor pays.
    """

    claim: Claim
    issued_on: int
    due: int
    amount: Decimal
    in_window: bool
    balance: Decimal
    balance_before: Decimal
    settled: int | None
    partials: int
    paid_on: int | None
    excused: bool


def _cancelled_on(claim: Claim, today: int) -> int | None:
    """The first cancellation of ``claim`` dated on or before ``today`` (nothing is owed
    from then on), if any."""
    days = [
        e.on.toordinal()
        for e in claim.events
        if type(e) is Cancellation and e.on.toordinal() <= today
    ]
    return min(days) if days else None


def _claim_facts(claim: Claim, window: _Window) -> _ClaimFacts:
    """Read ``claim``'s payments and credit notes once, by date.

    One pass gives the settlement day, the balance on the day and on the lookback day,
    and the partial payments (payments in the window that leave something to pay).
    """
    today, before, start = window.today, window.before, window.start
    amount = claim.amount.amount
    balance = balance_before = amount
    settled: int | None = None
    paid_on: int | None = None
    partials = 0
    payments = claim.payments
    if len(payments) == 1 and not claim.credit_notes:  # the common case, without a list
        only = payments[0]
        day = only.on.toordinal()
        if day <= today:
            balance -= only.amount.amount
            if day <= before:
                balance_before = balance
            if balance <= 0:
                settled = paid_on = day
            elif day >= start:
                partials = 1
    else:
        adjustments = [(p.on.toordinal(), p.amount.amount, True) for p in payments]
        adjustments.extend((c.on.toordinal(), c.amount.amount, False) for c in claim.credit_notes)
        adjustments.sort()  # by day, ties by amount: whatever the input order
        last_payment: int | None = None
        for day, value, is_payment in adjustments:
            if day > today:
                break
            balance -= value
            if is_payment and settled is None:
                last_payment = day
            if day <= before:
                balance_before = balance
            if balance <= 0:
                if settled is None:
                    settled = day
                    paid_on = last_payment
            elif is_payment and day >= start:
                partials += 1
    excused = settled is not None and paid_on is None
    if claim.events:
        cancelled = _cancelled_on(claim, today)
        if cancelled is not None and (settled is None or cancelled < settled):
            # nothing is owed from the cancellation on: closed then, not paid
            settled, paid_on, excused = cancelled, None, True
            balance = min(balance, _ZERO)
            if cancelled <= before:
                balance_before = min(balance_before, _ZERO)
    issued_on = claim.issued_on.toordinal()
    return _ClaimFacts(
        claim,
        issued_on,
        claim.due_on.toordinal(),
        amount,
        issued_on >= start,
        balance,
        balance_before,
        settled,
        partials,
        paid_on,
        excused,
    )


class _Totals:
    """The running totals of one debtor's profile; `add` takes one claim's facts."""

    __slots__ = (
        "amount_issued",
        "assessed",
        "assessed_late",
        "credit_note",
        "currency",
        "delay_amount",
        "delay_weighted",
        "disputes",
        "disputes_open",
        "first_in_window",
        "first_issued",
        "ignored",
        "insolvency",
        "issued",
        "late_weighted",
        "notices",
        "older_amount",
        "older_weighted",
        "oldest",
        "on_time",
        "over_indebted",
        "overdue",
        "overdue_amount",
        "overdue_before",
        "paid",
        "paid_amount",
        "partial_claims",
        "partials",
        "plans",
        "plans_broken",
        "promises",
        "promises_broken",
        "promises_due",
        "recent_amount",
        "recent_weighted",
        "rejected",
        "reminders",
        "reminders_paid",
        "window",
        "withdrawn",
        "worst",
    )

    def __init__(self, window: _Window) -> None:
        self.window = window
        self.currency: str | None = None
        self.first_issued: int | None = None
        self.first_in_window: int | None = None
        self.issued = self.paid = self.on_time = self.worst = 0
        self.amount_issued = self.late_weighted = self.paid_amount = _ZERO
        self.assessed = self.assessed_late = 0
        self.delay_weighted = self.delay_amount = _ZERO
        self.recent_weighted = self.recent_amount = _ZERO
        self.older_weighted = self.older_amount = _ZERO
        self.overdue = self.oldest = 0
        self.overdue_amount = self.overdue_before = _ZERO
        self.partials = self.partial_claims = self.reminders = self.reminders_paid = 0
        self.notices = self.ignored = 0
        self.promises = self.promises_due = self.promises_broken = 0
        self.plans = self.plans_broken = 0
        self.disputes = self.disputes_open = self.credit_note = 0
        self.rejected = self.withdrawn = 0
        self.insolvency = self.over_indebted = False

    def add(self, facts: _ClaimFacts) -> None:
        """Count one claim (issued on or before the day)."""
        claim, issued_on, due, _, in_window, balance, balance_before, _, partials, _, _ = facts
        currency = claim.amount.currency
        if self.currency is None:
            self.currency = currency
        elif currency != self.currency:
            raise CurrencyMismatch(self.currency, currency, operation="profile")
        if self.first_issued is None or issued_on < self.first_issued:
            self.first_issued = issued_on
        self.partials += partials
        today, _, _, before, _, _ = self.window
        # exposure: every claim however old
        if balance > 0 and due < today:
            self.overdue += 1
            self.overdue_amount += balance
            self.oldest = max(self.oldest, today - due)
        if issued_on <= before and balance_before > 0 and due < before:
            self.overdue_before += balance_before
        if in_window:
            self._payer(facts)
        if claim.events:
            self._events(facts)

    def _payer(self, f: _ClaimFacts) -> None:
        """How a claim of the window was paid: on time, late, how late."""
        _, issued_on, due, amount, _, _, _, _, partials, paid_on, excused = f
        today, _, middle, _, _, tolerance = self.window
        self.issued += 1
        self.amount_issued += amount
        if partials:
            self.partial_claims += 1
        if self.first_in_window is None or issued_on < self.first_in_window:
            self.first_in_window = issued_on
        if excused:
            return  # cleared by credit notes or cancelled: neither paid nor unpaid
        delay: int | None = None
        if paid_on is not None:
            days_late = max(0, paid_on - due)
            self.paid += 1
            self.paid_amount += amount
            self.late_weighted += amount * days_late
            self.worst = max(self.worst, days_late)
            if paid_on - due <= tolerance:
                self.on_time += 1
            delay = days_late
        elif due < today:
            delay = today - due
        if delay is None:
            return
        self.assessed += 1
        if delay > tolerance:
            self.assessed_late += 1
        weighted = amount * delay
        self.delay_weighted += weighted
        self.delay_amount += amount
        if issued_on >= middle:
            self.recent_weighted += weighted
            self.recent_amount += amount
        else:
            self.older_weighted += weighted
            self.older_amount += amount

    def _events(self, f: _ClaimFacts) -> None:
        """Open insolvency cases (any date); reminders, notices, promises, plans and
        disputes dated in the window."""
        w = self.window
        today, start = w.today, w.start
        history = ClaimHistory(f.claim, as_of=today)
        by_type, settled = history.by_type(), f.settled
        for proceeding in by_type.get(InsolvencyProceeding, ()):
            if proceeding.closed_on is None or proceeding.closed_on.toordinal() > today:
                self.insolvency = True
        for case in by_type.get(OverIndebtedness, ()):
            if case.closed_on is None or case.closed_on.toordinal() > today:
                self.over_indebted = True
        for event in by_type.get(Reminder, ()):
            day = event.on.toordinal()
            if day >= start:
                self.reminders += 1
                if f.in_window and f.paid_on is not None and day <= f.paid_on:
                    self.reminders_paid += 1
        for notice in by_type.get(FormalNotice, ()):
            day = notice.on.toordinal()
            if day >= start:
                self.notices += 1
                self.ignored += _ignored(f, history, day, w)
        for promise in by_type.get(PaymentPromise, ()):
            if promise.on.toordinal() >= start:
                self._promise(f, history, promise)
        for plan in by_type.get(PaymentPlan, ()):
            if plan.agreed_on.toordinal() >= start:
                self.plans += 1
                # every payment counts, one before the plan too: the score stays monotone
                broken = plan_ever_broken(plan, history.payments, today, w.tolerance, earlier=True)
                # a claim settled (by a credit note, say) before it broke never broke it
                if broken is not None and (settled is None or settled >= broken):
                    self.plans_broken += 1
        for dispute in by_type.get(Dispute, ()):
            if dispute.opened_on.toordinal() >= start:
                self._dispute(dispute)

    def _promise(self, f: _ClaimFacts, history: ClaimHistory, promise: PaymentPromise) -> None:
        """A promise counts as due once its grace has passed, broken if not kept by then."""
        w = self.window
        self.promises += 1
        limit = promise.promised_for.toordinal() + w.tolerance
        if limit >= w.today:
            return
        self.promises_due += 1
        if f.settled is not None and f.settled <= limit:
            return
        # a payment made before the promise counts too: the score stays monotone (a later
        # payment never lowers it), as for formal notices
        kept = promise_check(promise, history.payments, limit, w.tolerance, earlier=True)
        if kept.state is not PromiseState.KEPT:
            self.promises_broken += 1

    def _dispute(self, dispute: Dispute) -> None:
        self.disputes += 1
        closed = dispute.closed_on
        if closed is not None and closed.toordinal() > self.window.today:
            self.disputes_open += 1
            return
        outcome = dispute.outcome
        if outcome is DisputeOutcome.CREDIT_NOTE:
            self.credit_note += 1
        elif outcome is DisputeOutcome.REJECTED:
            self.rejected += 1
        elif outcome is DisputeOutcome.WITHDRAWN:
            self.withdrawn += 1
        elif closed is None:
            self.disputes_open += 1

    def metrics(self, as_of: pendulum.Date) -> ProfileMetrics:
        """The [`ProfileMetrics`][recouvrement.profiling.ProfileMetrics] of the totals."""
        w = self.window
        code = self.currency or "EUR"
        months = None
        if self.first_in_window is not None:
            span = Decimal(w.today - self.first_in_window + 1) / _DAYS_PER_MONTH
            months = max(Decimal(1), span)
        volume = self.amount_issued / months if months is not None else _ZERO
        growth = self.overdue_amount - self.overdue_before

        def in_months(value: Decimal) -> Decimal | None:
            return _q(value / volume, _MONTHS) if volume else None

        recent = _avg(self.recent_weighted, self.recent_amount)
        older = _avg(self.older_weighted, self.older_amount)
        money = Money._unchecked
        return ProfileMetrics(
            as_of=as_of,
            window_start=from_ordinal(w.start),
            tolerance_days=w.tolerance,
            currency=code,
            history_days=0 if self.first_issued is None else w.today - self.first_issued,
            claims_issued=self.issued,
            amount_issued=money(self.amount_issued, code),
            monthly_volume=money(volume, code).round(),
            claims_paid=self.paid,
            claims_paid_on_time=self.on_time,
            on_time_share=_share(self.on_time, self.paid),
            late_share=_share(self.paid - self.on_time, self.paid),
            average_days_late=_avg(self.late_weighted, self.paid_amount),
            worst_days_late=self.worst,
            assessed_claims=self.assessed,
            assessed_late_share=_share(self.assessed_late, self.assessed),
            average_delay=_avg(self.delay_weighted, self.delay_amount),
            recent_average_delay=recent,
            older_average_delay=older,
            delay_trend=None if recent is None or older is None else recent - older,
            claims_overdue=self.overdue,
            overdue_amount=money(self.overdue_amount, code),
            oldest_days_past_due=self.oldest,
            overdue_months=in_months(self.overdue_amount),
            overdue_amount_before=money(self.overdue_before, code),
            arrears_growth=money(growth, code),
            arrears_growth_months=in_months(growth),
            partial_payments=self.partials,
            claims_partially_paid=self.partial_claims,
            partial_payment_share=_share(self.partial_claims, self.issued),
            promises_made=self.promises,
            promises_due=self.promises_due,
            promises_broken=self.promises_broken,
            broken_promise_share=_share(self.promises_broken, self.promises_due),
            disputes_opened=self.disputes,
            disputes_open=self.disputes_open,
            disputes_credit_note=self.credit_note,
            disputes_rejected=self.rejected,
            disputes_withdrawn=self.withdrawn,
            plans_agreed=self.plans,
            plans_broken=self.plans_broken,
            reminders=self.reminders,
            reminders_before_payment=_avg(Decimal(self.reminders_paid), Decimal(self.paid)),
            formal_notices=self.notices,
            ignored_formal_notices=self.ignored,
            insolvency_open=self.insolvency,
            over_indebtedness_open=self.over_indebted,
        )


def _ignored(f: _ClaimFacts, history: ClaimHistory, day: int, w: _Window) -> int:
    """1 when the formal notice of ``day`` met silence (no payment, promise, plan, dispute or
    acknowledgment) for ``silence`` days while the claim stayed unpaid, else 0.

    Any payment on the claim by the end of that silence answers it, one made before the
    notice included: otherwise moving a payment from before the notice to just after it
    would lower the score, and the score is monotone (a later payment never lowers it).
    """
    end = day + w.silence
    if end > w.today or (f.settled is not None and f.settled <= end):
        return 0
    if any(paid <= end for paid, _ in history.payments):
        return 0
    answered = any(
        isinstance(other, _RESPONSES) and day <= other.date.toordinal() <= end
        for other in f.claim.events
    )
    return 0 if answered else 1


def _profile(
    debtor_id: str,
    claims: Iterable[Claim],
    *,
    as_of: pendulum.Date,
    start: int,
    rules: ProfilingRules,
    tolerance: int,
) -> DebtorProfile:
    metrics = _metrics(claims, as_of=as_of, start=start, rules=rules, tolerance=tolerance)
    return _decide(debtor_id, metrics, rules)


def _metrics(
    claims: Iterable[Claim],
    *,
    as_of: pendulum.Date,
    start: int,
    rules: ProfilingRules,
    tolerance: int,
) -> ProfileMetrics:
    today = as_of.toordinal()
    window = _Window(
        today=today,
        start=start,
        middle=start + (today - start + 1) // 2,
        before=today - rules.arrears_lookback_days,
        silence=rules.silence_days,
        tolerance=tolerance,
    )
    totals = _Totals(window)
    for claim in claims:
        if claim.issued_on.toordinal() <= today:
            totals.add(_claim_facts(claim, window))
    return totals.metrics(as_of)


def _rule_of(metrics: ProfileMetrics, rules: ProfilingRules) -> SegmentRule:
    """The first rule whose conditions all hold (the last rule otherwise)."""
    for rule in rules.rules:
        if all(condition.holds(metrics) for condition in rule.when):
            return rule
    return rules.rules[-1]


def _decide(debtor_id: str, metrics: ProfileMetrics, rules: ProfilingRules) -> DebtorProfile:
    chosen = _rule_of(metrics, rules)
    segment = chosen.segment
    code = f"profile.segment.{segment.value}"
    reasons: list[Reason] = []
    for condition in chosen.when:
        value = getattr(metrics, condition.metric)
        shown = str(value).lower() if isinstance(value, bool) else str(value)
        reasons.append(
            # A literal code and a non-empty message: the validators would pass.
            Reason._unchecked(
                code,
                f"{chosen.note}: {condition.metric} {shown} {condition.op} "
                f"{condition.threshold_text}",
                facts={
                    "rule": chosen.id,
                    "segment": segment.value,
                    "metric": condition.metric,
                    "value": value,
                    "operator": condition.op,
                    "threshold": condition.value,
                },
            )
        )
    if not chosen.when:
        reasons.append(
            Reason(code, chosen.note, facts={"rule": chosen.id, "segment": segment.value})
        )
    contributions = _contributions(metrics, rules.score)
    total = sum((c.points for c in contributions), _ZERO)
    score = int(_q(min(_HUNDRED, max(_ZERO, total)), Decimal(1)))
    parts = " + ".join(f"{c.name} {_pts(c.points)}" for c in contributions) or "nothing"
    clamp = " (clamped to 100)" if total > _HUNDRED else ""
    reasons.append(
        Reason._unchecked(
            "profile.score",
            f"score {score}: {parts}{clamp}",
            facts={"score": score, "total": total, **{c.name: c.points for c in contributions}},
        )
    )
    return DebtorProfile(
        debtor_id=debtor_id,
        as_of=metrics.as_of,
        segment=segment,
        rule=chosen.id,
        score=score,
        metrics=metrics,
        contributions=tuple(contributions),
        reasons=tuple(reasons),
    )


def _add(
    found: list[ScoreContribution],
    name: str,
    metric: str,
    value: Any,
    weight: Decimal,
    cap: Decimal | None,
    points: Decimal,
    explanation: str,
) -> None:
    if points > 0:
        found.append(
            ScoreContribution(
                name=name,
                metric=metric,
                value=value,
                weight=weight,
                cap=cap,
                points=points,
                explanation=explanation,
            )
        )


def _contributions(metrics: ProfileMetrics, weights: ScoreWeights) -> list[ScoreContribution]:
    found: list[ScoreContribution] = []
    for part in (_delay_points, _share_points, _arrears_points, _count_points, _insolvency_points):
        part(found, metrics, weights)
    return found


def _delay_points(
    found: list[ScoreContribution], metrics: ProfileMetrics, weights: ScoreWeights
) -> None:
    """The average delay (capped) and its recent trend."""
    cap_days = weights.delay_cap_days
    level = metrics.average_delay
    if level is not None:
        counted = min(level, cap_days)
        capped = f" (capped at {cap_days})" if level > cap_days else ""
        _add(
            found,
            "delay",
            "average_delay",
            level,
            weights.delay_points_per_day,
            cap_days,
            counted * weights.delay_points_per_day,
            f"average_delay {level} days{capped} x {weights.delay_points_per_day} = "
            f"{_pts(counted * weights.delay_points_per_day)} points",
        )
        recent = metrics.recent_average_delay
        if recent is not None:
            gap = min(recent, cap_days) - counted
            if gap > 0:
                points = gap * weights.trend_points_per_day
                _add(
                    found,
                    "trend",
                    "recent_average_delay",
                    recent,
                    weights.trend_points_per_day,
                    cap_days,
                    points,
                    f"recent_average_delay {recent} days vs average_delay {level} x "
                    f"{weights.trend_points_per_day} = {_pts(points)} points",
                )


def _share_points(
    found: list[ScoreContribution], metrics: ProfileMetrics, weights: ScoreWeights
) -> None:
    """The share of claims paid late."""
    share = metrics.assessed_late_share
    if share is not None:
        _add(
            found,
            "late_share",
            "assessed_late_share",
            share,
            weights.late_share_points,
            None,
            share * weights.late_share_points,
            f"assessed_late_share {share} x {weights.late_share_points} = "
            f"{_pts(share * weights.late_share_points)} points",
        )


def _arrears_points(
    found: list[ScoreContribution], metrics: ProfileMetrics, weights: ScoreWeights
) -> None:
    """The overdue balance, in months of billing."""
    if metrics.overdue_amount.amount > 0:
        months = metrics.overdue_months
        cap = weights.arrears_cap_months
        counted = cap if months is None else min(months, cap)
        points = counted * weights.arrears_points_per_month
        if months is None:
            text = (
                f"{metrics.overdue_amount} overdue with no billing in the window: counted "
                f"as {cap} months x {weights.arrears_points_per_month} = {_pts(points)} points"
            )
        else:
            capped = f" (capped at {cap})" if months > cap else ""
            text = (
                f"overdue_months {months} months of billing{capped} x "
                f"{weights.arrears_points_per_month} = {_pts(points)} points"
            )
        _add(
            found,
            "arrears",
            "overdue_months",
            months,
            weights.arrears_points_per_month,
            cap,
            points,
            text,
        )


def _count_points(
    found: list[ScoreContribution], metrics: ProfileMetrics, weights: ScoreWeights
) -> None:
    """Broken promises and plans, rejected disputes, ignored formal notices (capped)."""
    counts = (
        (
            "broken_promises",
            "promises_broken",
            metrics.promises_broken,
            weights.broken_promise_points,
            weights.broken_promise_cap,
        ),
        (
            "broken_plans",
            "plans_broken",
            metrics.plans_broken,
            weights.broken_plan_points,
            weights.broken_plan_cap,
        ),
        (
            "rejected_disputes",
            "disputes_rejected",
            metrics.disputes_rejected,
            weights.rejected_dispute_points,
            weights.rejected_dispute_cap,
        ),
        (
            "ignored_notices",
            "ignored_formal_notices",
            metrics.ignored_formal_notices,
            weights.ignored_notice_points,
            weights.ignored_notice_cap,
        ),
    )
    for name, metric, count, weight, cap in counts:
        raw = count * weight
        points = min(raw, cap)
        capped = f" (capped at {cap})" if raw > cap else ""
        _add(
            found,
            name,
            metric,
            count,
            weight,
            cap,
            points,
            f"{metric} {count} x {weight} = {points} points{capped}",
        )


def _insolvency_points(
    found: list[ScoreContribution], metrics: ProfileMetrics, weights: ScoreWeights
) -> None:
    """An open insolvency or over-indebtedness proceeding."""
    if metrics.insolvency_open or metrics.over_indebtedness_open:
        metric = "insolvency_open" if metrics.insolvency_open else "over_indebtedness_open"
        _add(
            found,
            "insolvency",
            metric,
            True,
            weights.insolvency_points,
            None,
            weights.insolvency_points,
            f"{metric} = {weights.insolvency_points} points",
        )


# -- public functions -----------------------------------------------------------------------


def _window_start(as_of: pendulum.Date, window_months: Any) -> int:
    months = to_int(window_months, "window_months")
    if months < 1:
        raise InvalidValue("window_months", months, "must be at least 1")
    return _months_before(as_of.toordinal(), months)


@lru_cache(maxsize=256)
def _months_before(day: int, months: int) -> int:
    """The day ``months`` calendar months before ``day`` (ordinals; once per pair: a batch
    profiles every debtor on the same day)."""
    return from_ordinal(day).subtract(months=months).toordinal()


def _tolerance(value: Any) -> int:
    days = to_int(value, "tolerance_days")
    if days < 0:
        raise InvalidValue("tolerance_days", days, "must not be negative")
    return days


def _rules(value: Any) -> ProfilingRules:
    if value is None:
        return ProfilingRules.default()
    if isinstance(value, ProfilingRules):
        return value
    if isinstance(value, Mapping):
        return ProfilingRules.from_dict(value)
    raise InvalidType("rules", value, "ProfilingRules, a dict or None")


def _claims(value: Any) -> list[Claim]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise InvalidType("claims", value, "an iterable of Claim")
    items = list(value)
    for index, item in enumerate(items):
        if not isinstance(item, Claim):
            raise InvalidType(f"claims[{index}]", item, "Claim")
    return items


def _one_debtor(items: list[Claim]) -> str:
    """The id of the one debtor of ``items``."""
    if not items:
        raise InvalidValue(
            "claims", [], "at least one claim is needed (the debtor is read from it)"
        )
    debtor_ids = sorted({c.debtor.id for c in items})
    if len(debtor_ids) > 1:
        raise InvalidValue(
            "claims", debtor_ids, "claims of several debtors: use profile_debtors to profile each"
        )
    return debtor_ids[0]


def profile_debtor(
    claims: Iterable[Claim],
    *,
    as_of: DateLike,
    rules: ProfilingRules | Mapping[str, Any] | None = None,
    window_months: int = 24,
    tolerance_days: int = 0,
) -> DebtorProfile:
    """Profile one debtor from all its claims (paid and open, with payments and events).

    Args:
        claims: Every claim of one debtor, in any order. Claims issued after ``as_of`` are
            ignored.
        as_of: The date of the profile; payments, events and dispute outcomes dated later
            are ignored.
        rules: The [`ProfilingRules`][recouvrement.profiling.ProfilingRules] (or their dict
            form); the shipped defaults when `None`.
        window_months: The look-back window, in months before ``as_of``.
        tolerance_days: Days after the due date still counted as on time (for the on-time
            share and for promises and plan instalments).

    Returns:
        A [`DebtorProfile`][recouvrement.profiling.DebtorProfile].

    Raises:
        InvalidValue: No claim, or claims of several debtors (use `profile_debtors`), or a
            bad window or tolerance.
        CurrencyMismatch: The debtor's claims are in several currencies.

    Examples:
        >>> from recouvrement.claims import Claim, Payment
        >>> from recouvrement.parties import Creditor, Debtor
        >>> acme = Creditor(id="ACME", name="Acme SAS", kind="professional")
        >>> martin = Debtor(id="MARTIN", name="Martin SARL", kind="professional")
        >>> def invoice(n, issued, paid):
        ...     return Claim(id=f"F{n}", creditor=acme, debtor=martin, nature="commercial",
        ...                  amount="1000.00", issued_on=issued,
        ...                  payments=[Payment(on=paid, amount="1000.00")])
        >>> history = [invoice(1, "2025-01-10", "2025-03-01"),   # due 2025-02-09, 20 days late
        ...            invoice(2, "2025-02-10", "2025-04-02"),   # due 2025-03-12, 21 days late
        ...            invoice(3, "2025-03-10", "2025-04-09"),   # due 2025-04-09, on time
        ...            invoice(4, "2025-04-10", "2025-06-01")]   # due 2025-05-10, 22 days late
        >>> profile = profile_debtor(history, as_of="2025-06-30")
        >>> profile.segment, profile.metrics.late_share, profile.metrics.average_days_late
        (<Segment.HABITUALLY_LATE: 'habitually_late'>, Decimal('0.7500'), Decimal('15.8'))
        >>> print(profile.reasons[0])
        most paid claims late, almost always: late_share 0.7500 >= 0.75
        >>> profile.score
        19
    """
    day = to_date(as_of, "as_of")
    items = _claims(claims)
    return _profile(
        _one_debtor(items),
        items,
        as_of=day,
        start=_window_start(day, window_months),
        rules=_rules(rules),
        tolerance=_tolerance(tolerance_days),
    )


def debtor_segment(
    claims: Iterable[Claim],
    *,
    as_of: DateLike,
    rules: ProfilingRules | Mapping[str, Any] | None = None,
    window_months: int = 24,
    tolerance_days: int = 0,
) -> Segment:
    """The segment `profile_debtor` gives the debtor, without its score and explanations.

    What `decisions.next_action` reads of a profile, at a fraction of its cost: for batches
    over many debtors. The arguments, checks and errors are `profile_debtor`'s.

    Examples:
        >>> from recouvrement.sample import load_sample
        >>> sample = load_sample()
        >>> mine = [c for c in sample.claims if c.debtor.id == "D0001"]
        >>> debtor_segment(mine, as_of=sample.as_of)
        <Segment.HABITUALLY_LATE: 'habitually_late'>
        >>> _ == profile_debtor(mine, as_of=sample.as_of).segment
        True
    """
    day = to_date(as_of, "as_of")
    items = _claims(claims)
    _one_debtor(items)
    chosen = _rules(rules)
    metrics = _metrics(
        items,
        as_of=day,
        start=_window_start(day, window_months),
        rules=chosen,
        tolerance=_tolerance(tolerance_days),
    )
    return _rule_of(metrics, chosen).segment


def profile_debtors(
    claims: Iterable[Claim],
    *,
    as_of: DateLike,
    rules: ProfilingRules | Mapping[str, Any] | None = None,
    window_months: int = 24,
    tolerance_days: int = 0,
) -> dict[str, DebtorProfile]:
    """Profile every debtor of a portfolio: claims are grouped by debtor id.

    Takes the same parameters as `profile_debtor`.

    Returns:
        A dict debtor id -> [`DebtorProfile`][recouvrement.profiling.DebtorProfile], in
        debtor-id order (deterministic whatever the order of ``claims``).

    Examples:
        >>> from recouvrement.sample import load_sample
        >>> sample = load_sample()
        >>> profiles = profile_debtors(sample.claims, as_of=sample.as_of)
        >>> len(profiles), list(profiles)[:3]
        (40, ['D0001', 'D0002', 'D0003'])
        >>> from collections import Counter
        >>> Counter(p.segment.value for p in profiles.values()).most_common(2)
        [('habitually_late', 14), ('punctual', 9)]
    """
    day = to_date(as_of, "as_of")
    start = _window_start(day, window_months)
    tolerance = _tolerance(tolerance_days)
    chosen = _rules(rules)
    groups: dict[str, list[Claim]] = {}
    for claim in _claims(claims):
        groups.setdefault(claim.debtor.id, []).append(claim)
    return {
        debtor_id: _profile(
            debtor_id, groups[debtor_id], as_of=day, start=start, rules=chosen, tolerance=tolerance
        )
        for debtor_id in sorted(groups)
    }
