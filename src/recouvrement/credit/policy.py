"""Credit policies as data: how much credit, on what terms, reviewed how often.

A [`CreditPolicy`][recouvrement.credit.CreditPolicy] holds the rules a credit manager
applies: the starting limit of a new customer, how many months of business a limit may
cover, how the debtor's segment and risk score scale it, the caps drawn from the
customer's financial data, the tolerance above the limit before an order is held, the
payment terms offered per segment and how often each segment's limit is reviewed. They are
**collections practice, not law**: every figure is a documented default to tune.

`CreditPolicy.default()` is ``data/credit_policy.toml`` (documented line by line there and
in the guide). Policies read from and write to plain dicts and TOML; they are validated when
built, and errors name the key (``limits.starting_limit``, ``segments.new.factor``...).

Examples:
    >>> from recouvrement.credit import CreditPolicy
    >>> policy = CreditPolicy.default()
    >>> policy.name, policy.starting_limit
    ('fr-default-credit', Decimal('3000'))
    >>> policy.factor("punctual"), policy.factor("bad_faith")
    (Decimal('1.25'), Decimal('0'))
    >>> CreditPolicy.from_dict({"limits": {"starting_limit": "-5"}})
    Traceback (most recent call last):
    ...
    recouvrement.errors.InvalidPolicy: limits.starting_limit='-5': must not be negative
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from decimal import Decimal
from enum import Enum
from functools import lru_cache
from importlib import resources
from typing import Any

import attrs

from .._convert import to_decimal, to_enum
from ..errors import InvalidPolicy, InvalidType, RecouvrementError
from ..policy import _read_policy_toml
from ..segments import Segment

__all__ = ["Condition", "CreditPolicy", "ReviewTrigger", "SegmentCredit"]


class Condition(str, Enum):
    """A condition an order may be released on (practice: what the seller asks for)."""

    PREPAYMENT = "prepayment"
    """Payment before delivery (paiement d'avance)."""
    DEPOSIT = "deposit"
    """A deposit (acompte) paid with the order."""
    SHORTER_TERMS = "shorter_terms"
    """Shorter payment terms than usual for this order."""
    BANK_GUARANTEE = "bank_guarantee"
    """A bank guarantee (garantie bancaire, caution bancaire) covering the excess."""
    LETTER_OF_CREDIT = "letter_of_credit"
    """A documentary letter of credit (crédit documentaire)."""
    RETENTION_OF_TITLE = "retention_of_title"
    """A retention-of-title clause (clause de réserve de propriété) in the terms of sale."""
    SETTLE_ARREARS = "settle_arrears"
    """The overdue invoices paid before the order ships."""


class ReviewTrigger(str, Enum):
    """An event that calls for a review of a customer's limit before its period ends."""

    BROKEN_PROMISE = "broken_promise"
    """A payment promise was broken since the last review."""
    INSOLVENCY = "insolvency"
    """An insolvency proceeding or an over-indebtedness case opened since the last review."""
    LIMIT_EXCEEDED = "limit_exceeded"
    """The customer's exposure is above its limit."""


# -- field checks: each names the key it reads -----------------------------------------------


def _decimal(
    value: Any, key: str, *, low: Decimal = Decimal(0), high: Decimal | None = None
) -> Decimal:
    try:
        number = to_decimal(value, key)
    except RecouvrementError as exc:
        raise InvalidPolicy(key, value, _problem(exc)) from None
    if number < low:
        problem = "must not be negative" if low == 0 else f"must be at least {low}"
        raise InvalidPolicy(key, value, problem)
    if high is not None and number > high:
        raise InvalidPolicy(key, value, f"must be at most {high}")
    return number


def _positive(value: Any, key: str) -> Decimal:
    number = _decimal(value, key)
    if number == 0:
        raise InvalidPolicy(key, value, "must be greater than zero")
    return number


def _int(value: Any, key: str, *, low: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidPolicy(key, value, f"expected a whole number, got {type(value).__name__}")
    if value < low:
        raise InvalidPolicy(key, value, f"must be at least {low}")
    return value


def _bool(value: Any, key: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidPolicy(key, value, "expected true or false")
    return value


def _text(value: Any, key: str) -> str:
    if not isinstance(value, str):
        raise InvalidPolicy(key, value, f"expected a string, got {type(value).__name__}")
    return value


def _problem(exc: RecouvrementError) -> str:
    problem = getattr(exc, "problem", None)
    if problem is None:
        expected = getattr(exc, "expected", None)
        problem = (
            f"expected {expected}, got {type(exc.value).__name__}" if expected else exc.message
        )
    return str(problem)


def _enum_list(value: Any, key: str, enum: type[Any]) -> tuple[Any, ...]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise InvalidPolicy(key, value, "expected a list")
    result: list[Any] = []
    for item in value:
        try:
            member = to_enum(enum, item, key)
        except RecouvrementError as exc:
            raise InvalidPolicy(key, item, _problem(exc)) from None
        if member not in result:
            result.append(member)
    return tuple(result)


def _table(value: Any, key: str, allowed: Iterable[str]) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise InvalidPolicy(key, value, "expected a table")
    unknown = sorted(set(value) - set(allowed))
    if unknown:
        raise InvalidPolicy(f"{key}.{unknown[0]}", value[unknown[0]], "unknown key")
    return value


# -- per-segment settings --------------------------------------------------------------------

_SEGMENT_KEYS = ("factor", "max_unsecured", "review_months", "terms_days", "conditions")


@attrs.frozen(slots=True, kw_only=True)
class SegmentCredit:
    """What a credit policy does for the debtors of one segment (each field optional).

    Attributes:
        factor: Multiplies the limit (1 keeps it; 0 grants no unsecured credit).
        max_unsecured: A cap on the unsecured limit for this segment.
        review_months: How often the limit is reviewed.
        terms_days: The payment terms offered, in days net (0: payable on receipt).
        conditions: The conditions every order of this segment is released on.
    """

    factor: Decimal | None = None
    max_unsecured: Decimal | None = None
    review_months: int | None = None
    terms_days: int | None = None
    conditions: tuple[Condition, ...] = ()

    @classmethod
    def from_dict(cls, data: Any, *, key: str) -> SegmentCredit:
        """Read the table ``[segments.<segment>]``; errors name ``key`` and the field."""
        table = _table(data, key, _SEGMENT_KEYS)
        get = table.get
        return cls(
            factor=None if get("factor") is None else _decimal(get("factor"), f"{key}.factor"),
            max_unsecured=None
            if get("max_unsecured") is None
            else _decimal(get("max_unsecured"), f"{key}.max_unsecured"),
            review_months=None
            if get("review_months") is None
            else _int(get("review_months"), f"{key}.review_months", low=1),
            terms_days=None
            if get("terms_days") is None
            else _int(get("terms_days"), f"{key}.terms_days"),
            conditions=_enum_list(get("conditions", []), f"{key}.conditions", Condition),
        )

    def to_dict(self) -> dict[str, Any]:
        """The TOML/JSON-compatible table `from_dict` reads back."""
        data: dict[str, Any] = {}
        if self.factor is not None:
            data["factor"] = str(self.factor)
        if self.max_unsecured is not None:
            data["max_unsecured"] = str(self.max_unsecured)
        if self.review_months is not None:
            data["review_months"] = self.review_months
        if self.terms_days is not None:
            data["terms_days"] = self.terms_days
        data["conditions"] = [c.value for c in self.conditions]
        return data


# -- the policy ------------------------------------------------------------------------------

_LIMIT_KEYS = (
    "starting_limit",
    "volume_months",
    "max_unsecured",
    "significant_digits",
    "score_discount_percent",
    "equity_percent",
    "turnover_percent",
    "freeze_on_broken_promise",
)
_ORDER_KEYS = ("over_limit_tolerance_percent", "deposit_percent", "overdue_conditions_days")
_TOP_KEYS = ("name", "description", "limits", "orders", "terms", "review", "ratings", "segments")
_HUNDRED = Decimal(100)


@attrs.frozen(slots=True, kw_only=True)
class CreditPolicy:
    """A credit policy: limits, order tolerance, terms and reviews, per segment.

    Build one with `from_dict` or `from_toml` (the values are validated there and errors
    name the key), or start from `default`.

    Attributes:
        name: A short name.
        description: What it is for.
        starting_limit: The limit of a new customer without history (in its currency).
        volume_months: A customer with history may owe up to this many months of its usual
            billing (``monthly_volume`` of its profile).
        max_unsecured: No unsecured limit above this amount.
        significant_digits: Limits are rounded down to this many significant digits (a
            limit is a decision, not a computation): 2 makes 1,103.99 into 1,100.
        score_discount_percent: Each point of the risk score (0 to 100) takes this percentage
            off the limit.
        equity_percent: The unsecured limit is at most this share of the customer's equity,
            when given.
        turnover_percent: The unsecured limit is at most this share of the customer's
            annual turnover, when given.
        freeze_on_broken_promise: A promise broken since the last review keeps the
            recommendation at or below the current limit.
        over_limit_tolerance_percent: An order taking the exposure above the limit by at
            most this share of the limit is released against a deposit for the excess.
        deposit_percent: The deposit asked with an order when a segment's conditions ask
            for one.
        overdue_conditions_days: An invoice overdue by more than this many days puts every
            new order on conditions (settle the arrears, or prepay).
        terms_days: The payment terms offered by default, in days net.
        review_months: How often a limit is reviewed by default.
        review_triggers: The events that call for an early review.
        ratings: Third-party rating grade -> factor on the limit (your agency's grades).
        segments: Per-segment settings, see [`SegmentCredit`][recouvrement.credit.SegmentCredit].
    """

    name: str = "custom"
    description: str = ""
    starting_limit: Decimal = Decimal(3000)
    volume_months: Decimal = Decimal(2)
    max_unsecured: Decimal = Decimal(150000)
    significant_digits: int = 2
    score_discount_percent: Decimal = Decimal("0.8")
    equity_percent: Decimal = Decimal(10)
    turnover_percent: Decimal = Decimal(5)
    freeze_on_broken_promise: bool = True
    over_limit_tolerance_percent: Decimal = Decimal(10)
    deposit_percent: Decimal = Decimal(30)
    overdue_conditions_days: int = 30
    terms_days: int = 45
    review_months: int = 12
    review_triggers: frozenset[ReviewTrigger] = frozenset(ReviewTrigger)
    ratings: Mapping[str, Decimal] = attrs.field(factory=dict)
    segments: Mapping[Segment, SegmentCredit] = attrs.field(factory=dict)

    # -- lookups ------------------------------------------------------------------------------

    def for_segment(self, segment: Segment | str | None) -> SegmentCredit:
        """The settings of ``segment`` (empty settings when the policy has none for it)."""
        if segment is None:
            return SegmentCredit()
        return self.segments.get(to_enum(Segment, segment, "segment"), SegmentCredit())

    def factor(self, segment: Segment | str | None) -> Decimal:
        """The factor on the limit for ``segment`` (1 when the policy sets none)."""
        factor = self.for_segment(segment).factor
        return Decimal(1) if factor is None else factor

    def max_unsecured_for(self, segment: Segment | str | None) -> Decimal:
        """The cap on the unsecured limit for ``segment``."""
        cap = self.for_segment(segment).max_unsecured
        return self.max_unsecured if cap is None else min(cap, self.max_unsecured)

    def review_months_for(self, segment: Segment | str | None) -> int:
        """How many months between two reviews of a limit, for ``segment``."""
        months = self.for_segment(segment).review_months
        return self.review_months if months is None else months

    def terms_days_for(self, segment: Segment | str | None) -> int:
        """The payment terms offered to ``segment``, in days net."""
        days = self.for_segment(segment).terms_days
        return self.terms_days if days is None else days

    def conditions_for(self, segment: Segment | str | None) -> tuple[Condition, ...]:
        """The conditions every order of ``segment`` is released on."""
        return self.for_segment(segment).conditions

    def rating_factor(self, grade: str) -> Decimal:
        """The factor of a third-party rating grade.

        Raises:
            InvalidPolicy: The grade is not in the policy's ``[ratings]`` table.

        Examples:
            >>> CreditPolicy.default().rating_factor("5")
            Decimal('0')
            >>> CreditPolicy.default().rating_factor("AAA")
            Traceback (most recent call last):
            ...
            recouvrement.errors.InvalidPolicy: ratings.AAA='AAA': not a grade of the policy's [ratings] table (one of '1', '2', '3', '4', '5')
        """
        if not isinstance(grade, str):
            raise InvalidType("rating", grade, "str")
        if grade not in self.ratings:
            grades = ", ".join(repr(g) for g in self.ratings)
            raise InvalidPolicy(
                f"ratings.{grade}",
                grade,
                f"not a grade of the policy's [ratings] table (one of {grades})",
            )
        return self.ratings[grade]

    # -- serialisation ------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """Return the TOML/JSON-compatible dict `from_dict` reads back.

        Examples:
            >>> policy = CreditPolicy.default()
            >>> CreditPolicy.from_dict(policy.to_dict()) == policy
            True
        """
        return {
            "name": self.name,
            "description": self.description,
            "limits": {
                "starting_limit": str(self.starting_limit),
                "volume_months": str(self.volume_months),
                "max_unsecured": str(self.max_unsecured),
                "significant_digits": self.significant_digits,
                "score_discount_percent": str(self.score_discount_percent),
                "equity_percent": str(self.equity_percent),
                "turnover_percent": str(self.turnover_percent),
                "freeze_on_broken_promise": self.freeze_on_broken_promise,
            },
            "orders": {
                "over_limit_tolerance_percent": str(self.over_limit_tolerance_percent),
                "deposit_percent": str(self.deposit_percent),
                "overdue_conditions_days": self.overdue_conditions_days,
            },
            "terms": {"days": self.terms_days},
            "review": {
                "months": self.review_months,
                "triggers": [t.value for t in ReviewTrigger if t in self.review_triggers],
            },
            "ratings": {grade: str(factor) for grade, factor in self.ratings.items()},
            "segments": {seg.value: s.to_dict() for seg, s in self.segments.items()},
        }

    @classmethod
    def from_dict(cls, data: Any) -> CreditPolicy:
        """Build a policy from a dict (the layout of the TOML file), validated.

        Keys: ``name``, ``description``, ``[limits]``, ``[orders]``, ``[terms]`` (``days``),
        ``[review]`` (``months``, ``triggers``), ``[ratings]`` (grade = factor) and
        ``[segments.<segment>]``. A key left out keeps the default of the class.

        Raises:
            InvalidPolicy: An unknown key or segment, a value of the wrong type or out of
                range; the error names the key.

        Examples:
            >>> CreditPolicy.from_dict({"segments": {"vip": {"factor": "2"}}})
            Traceback (most recent call last):
            ...
            recouvrement.errors.InvalidPolicy: segments.vip='vip': not a valid Segment (one of 'new', 'punctual', 'occasionally_late', 'habitually_late', 'financial_difficulty', 'bad_faith', 'insolvent')
        """
        table = _table(data, "policy", _TOP_KEYS)
        kwargs: dict[str, Any] = {
            "name": _text(table.get("name", "custom"), "name"),
            "description": _text(table.get("description", ""), "description"),
        }
        kwargs.update(_limits(table.get("limits", {})))
        kwargs.update(_orders(table.get("orders", {})))
        terms = _table(table.get("terms", {}), "terms", ("days",))
        if "days" in terms:
            kwargs["terms_days"] = _int(terms["days"], "terms.days")
        review = _table(table.get("review", {}), "review", ("months", "triggers"))
        if "months" in review:
            kwargs["review_months"] = _int(review["months"], "review.months", low=1)
        if "triggers" in review:
            kwargs["review_triggers"] = frozenset(
                _enum_list(review["triggers"], "review.triggers", ReviewTrigger)
            )
        ratings = table.get("ratings", {})
        if not isinstance(ratings, Mapping):
            raise InvalidPolicy("ratings", ratings, "expected a table")
        kwargs["ratings"] = {
            _text(grade, "ratings"): _decimal(factor, f"ratings.{grade}")
            for grade, factor in ratings.items()
        }
        kwargs["segments"] = _segments(table.get("segments", {}))
        return cls(**kwargs)

    @classmethod
    def from_toml(cls, source: str | bytes | os.PathLike[str]) -> CreditPolicy:
        """Read a policy from TOML text, or from a file when given a path (`os.PathLike`).

        Examples:
            >>> policy = CreditPolicy.from_toml('''
            ... name = "cautious"
            ... [limits]
            ... starting_limit = "1000"
            ... [segments.punctual]
            ... factor = "1"
            ... ''')
            >>> policy.starting_limit, policy.factor("punctual")
            (Decimal('1000'), Decimal('1'))
        """
        return cls.from_dict(_read_policy_toml(source))

    @classmethod
    def default(cls) -> CreditPolicy:
        """The default credit policy shipped as ``data/credit_policy.toml`` (read once)."""
        return _default_policy()


def _limits(value: Any) -> dict[str, Any]:
    table = _table(value, "limits", _LIMIT_KEYS)
    out: dict[str, Any] = {}
    for key in ("starting_limit", "max_unsecured"):
        if key in table:
            out[key] = _decimal(table[key], f"limits.{key}")
    if "volume_months" in table:
        out["volume_months"] = _positive(table["volume_months"], "limits.volume_months")
    if "significant_digits" in table:
        out["significant_digits"] = _int(
            table["significant_digits"], "limits.significant_digits", low=1
        )
    if "score_discount_percent" in table:
        out["score_discount_percent"] = _decimal(
            table["score_discount_percent"], "limits.score_discount_percent", high=Decimal(1)
        )
    for key in ("equity_percent", "turnover_percent"):
        if key in table:
            out[key] = _decimal(table[key], f"limits.{key}", high=_HUNDRED)
    if "freeze_on_broken_promise" in table:
        out["freeze_on_broken_promise"] = _bool(
            table["freeze_on_broken_promise"], "limits.freeze_on_broken_promise"
        )
    return out


def _orders(value: Any) -> dict[str, Any]:
    table = _table(value, "orders", _ORDER_KEYS)
    out: dict[str, Any] = {}
    if "over_limit_tolerance_percent" in table:
        out["over_limit_tolerance_percent"] = _decimal(
            table["over_limit_tolerance_percent"], "orders.over_limit_tolerance_percent"
        )
    if "deposit_percent" in table:
        out["deposit_percent"] = _decimal(
            table["deposit_percent"], "orders.deposit_percent", high=_HUNDRED
        )
    if "overdue_conditions_days" in table:
        out["overdue_conditions_days"] = _int(
            table["overdue_conditions_days"], "orders.overdue_conditions_days"
        )
    return out


def _segments(value: Any) -> dict[Segment, SegmentCredit]:
    if not isinstance(value, Mapping):
        raise InvalidPolicy("segments", value, "expected a table of segment -> settings")
    out: dict[Segment, SegmentCredit] = {}
    for key, table in value.items():
        try:
            segment = to_enum(Segment, key, f"segments.{key}")
        except RecouvrementError as exc:
            raise InvalidPolicy(f"segments.{key}", key, _problem(exc)) from None
        out[segment] = SegmentCredit.from_dict(table, key=f"segments.{segment.value}")
    return out


@lru_cache(maxsize=1)
def _default_policy() -> CreditPolicy:
    text = resources.files("recouvrement").joinpath("data/credit_policy.toml").read_text("utf-8")
    return CreditPolicy.from_toml(text)
