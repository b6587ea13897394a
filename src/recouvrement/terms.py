"""Payment terms (conditions de paiement): when an invoice falls due.

Examples:
    >>> from recouvrement import PaymentTerms
    >>> PaymentTerms.net(30).due_date("2025-01-15")
    Date(2025, 2, 14)
    >>> eom = PaymentTerms.end_of_month(45, method="add_then_eom")  # "45 jours fin de mois"
    >>> eom.due_date("2025-01-15")
    Date(2025, 3, 31)
    >>> PaymentTerms.end_of_month(45, method="eom_then_add").due_date("2025-01-15")
    Date(2025, 3, 17)
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from enum import Enum
from typing import Any

import attrs
import pendulum

from ._convert import from_ordinal, to_date, to_decimal, to_enum
from ._serde import DECODE, Record
from .errors import InvalidTerms, InvalidType
from .explain import Citation
from .money import Money, to_money

__all__ = ["EndOfMonthMethod", "PaymentTerms", "PenaltyClause", "TermsKind", "TermsViolation"]


class TermsKind(str, Enum):
    """How the due date is counted."""

    NET = "net"
    """A number of days from the invoice date (``30 jours net``)."""
    END_OF_MONTH = "end_of_month"
    """Days and an end of month (``45 jours fin de mois``)."""
    ON_RECEIPT = "on_receipt"
    """Payable on receipt (``à réception``): due on the invoice date."""


class EndOfMonthMethod(str, Enum):
    """The two ways French practice counts "N days end of month" (DGCCRF guidance).

    The method must be agreed between the parties.
    """

    ADD_THEN_EOM = "add_then_eom"
    """Invoice date + N days, then the end of that month."""
    EOM_THEN_ADD = "eom_then_add"
    """End of the invoice month, then + N days."""


def _optional_rate(value: Any) -> Decimal | None:
    if value is None:
        return None
    rate = to_decimal(value, "late_interest_rate")
    if rate < 0:
        raise InvalidTerms("late_interest_rate", value, "must not be negative (percent per year)")
    return rate


def _optional_percent(value: Any) -> Decimal | None:
    if value is None:
        return None
    percent = to_decimal(value, "percent")
    if percent <= 0:
        raise InvalidTerms("percent", value, "must be a positive percent of the principal")
    return percent


def _to_kind(value: Any) -> TermsKind:
    return to_enum(TermsKind, value, "kind")


def _to_method(value: Any) -> EndOfMonthMethod | None:
    return None if value is None else to_enum(EndOfMonthMethod, value, "method")


def _to_optional_amount(value: Any) -> Money | None:
    return None if value is None else to_money(value, "amount")


@attrs.frozen(slots=True, kw_only=True)
class PenaltyClause(Record):
    """A penalty clause (clause pénale, C. civ. 1231-5): a fixed sum or a percent of the
    principal owed on late payment.

    It is due only after a formal notice (mise en demeure), and a judge may moderate it
    when it is manifestly excessive or derisory (C. civ. 1231-5).

    Attributes:
        amount: A fixed amount, or
        percent: A percent of the principal outstanding (exactly one of the two).

    Examples:
        >>> PenaltyClause(percent="10").percent
        Decimal('10')
        >>> PenaltyClause()
        Traceback (most recent call last):
        ...
        recouvrement.errors.InvalidTerms: penalty=None: give exactly one of amount or percent
    """

    amount: Money | None = attrs.field(default=None, converter=_to_optional_amount)
    percent: Decimal | None = attrs.field(default=None, converter=_optional_percent)

    def __attrs_post_init__(self) -> None:
        if (self.amount is None) == (self.percent is None):
            raise InvalidTerms("penalty", None, "give exactly one of amount or percent")
        if self.amount is not None and self.amount.amount <= 0:
            raise InvalidTerms("amount", self.amount, "must be a positive amount")

    def on(self, principal: Money) -> Money:
        """The penalty for ``principal`` (unrounded)."""
        if self.amount is not None:
            return self.amount
        assert self.percent is not None
        return Money._unchecked(principal.amount * self.percent / 100, principal.currency)


def _days(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidType("days", value, "int")
    if value < 0:
        raise InvalidTerms("days", value, "must not be negative")
    return value


def _penalty(value: Any) -> PenaltyClause | None:
    if value is None or isinstance(value, PenaltyClause):
        return value
    if isinstance(value, dict):
        return PenaltyClause.from_dict(value)
    raise InvalidType("penalty", value, "PenaltyClause or None")


@attrs.frozen(slots=True, kw_only=True)
class PaymentTerms(Record):
    """Payment terms: how to compute the due date, and the contractual late-payment terms.

    Build them with `net`, `end_of_month` or `on_receipt`.

    Attributes:
        kind: The [`TermsKind`][recouvrement.TermsKind].
        days: The number of days.
        method: For end-of-month terms, the
            [`EndOfMonthMethod`][recouvrement.EndOfMonthMethod].
        late_interest_rate: The contractual late-interest rate in percent per year, if the
            terms state one (between professionals it may not be below 3 times the legal
            interest rate, C. com. L441-10 II).
        penalty: A [`PenaltyClause`][recouvrement.PenaltyClause], if any.
    """

    kind: TermsKind = attrs.field(converter=_to_kind)
    days: int = attrs.field(default=0, converter=_days)
    method: EndOfMonthMethod | None = attrs.field(default=None, converter=_to_method)
    late_interest_rate: Decimal | None = attrs.field(default=None, converter=_optional_rate)
    penalty: PenaltyClause | None = attrs.field(
        default=None, converter=_penalty, metadata={DECODE: PenaltyClause.from_dict}
    )

    def __attrs_post_init__(self) -> None:
        if self.kind is TermsKind.END_OF_MONTH and self.method is None:
            raise InvalidTerms("method", None, "end-of-month terms need a method")
        if self.kind is not TermsKind.END_OF_MONTH and self.method is not None:
            raise InvalidTerms(
                "method",
                self.method.value,
                f"only end-of-month terms have a method, not {self.kind.value}",
            )
        if self.kind is TermsKind.ON_RECEIPT and self.days:
            raise InvalidTerms("days", self.days, "terms payable on receipt have no days")

    @classmethod
    def net(
        cls,
        days: int,
        *,
        late_interest_rate: Any = None,
        penalty: PenaltyClause | None = None,
    ) -> PaymentTerms:
        """``days`` days from the invoice date (``30 jours net``).

        Examples:
            >>> PaymentTerms.net(60).due_date("2025-01-31")
            Date(2025, 4, 1)
        """
        return cls(
            kind=TermsKind.NET, days=days, late_interest_rate=late_interest_rate, penalty=penalty
        )

    @classmethod
    def end_of_month(
        cls,
        days: int,
        *,
        method: EndOfMonthMethod | str = EndOfMonthMethod.ADD_THEN_EOM,
        late_interest_rate: Any = None,
        penalty: PenaltyClause | None = None,
    ) -> PaymentTerms:
        """``days`` days end of month (``45 jours fin de mois``), by either accepted method.

        Examples:
            >>> PaymentTerms.end_of_month(30, method="eom_then_add").due_date("2025-02-10")
            Date(2025, 3, 30)
        """
        return cls(
            kind=TermsKind.END_OF_MONTH,
            days=days,
            method=method,
            late_interest_rate=late_interest_rate,
            penalty=penalty,
        )

    @classmethod
    def on_receipt(
        cls, *, late_interest_rate: Any = None, penalty: PenaltyClause | None = None
    ) -> PaymentTerms:
        """Payable on receipt of the invoice: due on the invoice date.

        Examples:
            >>> PaymentTerms.on_receipt().due_date("2025-02-10")
            Date(2025, 2, 10)
        """
        return cls(
            kind=TermsKind.ON_RECEIPT, late_interest_rate=late_interest_rate, penalty=penalty
        )

    def due_date(self, issued_on: Any) -> pendulum.Date:
        """The due date of an invoice issued on ``issued_on``."""
        issued = to_date(issued_on, "issued_on")
        return from_ordinal(self.due_ordinal(issued.toordinal()))

    def due_ordinal(self, issued: int) -> int:
        """`due_date` on proleptic ordinals (fast path for portfolios)."""
        if self.kind is TermsKind.NET:
            return issued + self.days
        if self.kind is TermsKind.ON_RECEIPT:
            return issued
        if self.method is EndOfMonthMethod.ADD_THEN_EOM:
            return _end_of_month(issued + self.days)
        return _end_of_month(issued) + self.days

    def longest_delay(self) -> int:
        """The longest possible delay from the invoice date, in days, over any invoice date."""
        if self.kind is TermsKind.END_OF_MONTH:
            return self.days + 30  # a 31-day month, invoiced or landing on its first day
        return self.days


@attrs.frozen(slots=True, kw_only=True)
class TermsViolation:
    """Agreed payment terms that break a legal maximum (every jurisdiction's checker returns these).

    Attributes:
        rule: The id of the rule broken (``"b2b_max_net"``...; each jurisdiction names its own).
        message: A readable explanation.
        citation: The article.
        limit_days: The legal maximum.
        actual_days: The longest delay the terms allow, from the invoice date.
    """

    rule: str
    message: str
    citation: Citation
    limit_days: int
    actual_days: int

    def __str__(self) -> str:
        return f"{self.message} [{self.citation}]"


def _end_of_month(ordinal: int) -> int:
    day = _dt.date.fromordinal(ordinal)
    if day.month == 12:
        return _dt.date(day.year, 12, 31).toordinal()
    return _dt.date(day.year, day.month + 1, 1).toordinal() - 1
