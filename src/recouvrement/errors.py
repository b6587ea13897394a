"""The exceptions of `recouvrement`.

Every exception the library raises on purpose derives from
[`RecouvrementError`][recouvrement.RecouvrementError]. Each leaf also subclasses
the builtin a Python programmer would expect (`ValueError`, `TypeError`,
`LookupError`), so ``except ValueError`` keeps working, and carries structured
fields (``field``, ``value``, ...) so a program can react without parsing the
message. Messages always name the field and the bad value.

Examples:
    >>> from recouvrement import Money, InvalidType, RecouvrementError
    >>> try:
    ...     Money(1.5)
    ... except RecouvrementError as exc:
    ...     (type(exc).__name__, exc.field, isinstance(exc, TypeError))
    ('InvalidType', 'amount', True)
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "CurrencyMismatch",
    "InsufficientHistory",
    "InvalidClaim",
    "InvalidData",
    "InvalidEvent",
    "InvalidMoney",
    "InvalidParty",
    "InvalidPolicy",
    "InvalidTerms",
    "InvalidType",
    "InvalidValue",
    "MissingDependency",
    "RateNotPublished",
    "RecouvrementError",
    "UnsupportedJurisdiction",
]


class RecouvrementError(Exception):
    """Root of every error raised by `recouvrement`.

    Attributes:
        field: The name of the offending field or parameter, when there is one.
        value: The offending value, when there is one.
    """

    field: str | None
    value: Any

    def __init__(self, message: str, *, field: str | None = None, value: Any = None) -> None:
        super().__init__(message)
        self.field = field
        self.value = value

    @property
    def message(self) -> str:
        """The human-readable message."""
        return str(self.args[0]) if self.args else ""

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled as its class, its args and its fields (the leaves' __init__ take other
        # arguments than their args): errors cross process pools (`recouvrement.batch`).
        return (_rebuild, (type(self), self.args, dict(self.__dict__)))


def _rebuild(cls: type[RecouvrementError], args: tuple[Any, ...], state: dict[str, Any]) -> Any:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


def _describe(field: str | None, value: Any, problem: str) -> str:
    if field is None:
        return problem
    return f"{field}={value!r}: {problem}"


class InvalidValue(RecouvrementError, ValueError):
    """A value is of the right type but not acceptable (negative days, bad ISO date...)."""

    def __init__(self, field: str | None, value: Any, problem: str) -> None:
        super().__init__(_describe(field, value, problem), field=field, value=value)
        self.problem = problem


class InvalidType(RecouvrementError, TypeError):
    """A value is of a type the field refuses (a `float` for money, a string for a count...).

    Attributes:
        expected: A description of the accepted types.
    """

    def __init__(self, field: str | None, value: Any, expected: str) -> None:
        problem = f"expected {expected}, got {type(value).__name__}"
        super().__init__(_describe(field, value, problem), field=field, value=value)
        self.expected = expected


class InvalidMoney(InvalidValue):
    """An amount or a currency code is not acceptable (unknown ISO 4217 code, NaN...)."""


class CurrencyMismatch(RecouvrementError, ValueError):
    """Two amounts in different currencies were combined.

    Attributes:
        currencies: The two currency codes, in the order they met.
    """

    def __init__(self, left: str, right: str, *, operation: str = "combine") -> None:
        super().__init__(
            f"cannot {operation} amounts in {left} and {right}: convert them first",
            field="currency",
            value=(left, right),
        )
        self.currencies = (left, right)


class InvalidParty(InvalidValue):
    """A creditor or debtor is not acceptable (bad SIREN/SIRET, empty id...)."""


class InvalidTerms(InvalidValue):
    """Payment terms are not acceptable (negative days, unknown method...)."""


class InvalidEvent(InvalidValue):
    """An event is not acceptable on its own or against its claim (closed before opened...)."""


class InvalidClaim(InvalidValue):
    """A claim is not acceptable (no way to know its due date, negative amount...).

    Attributes:
        claim_id: The claim's id, when known.
    """

    def __init__(
        self, field: str | None, value: Any, problem: str, *, claim_id: str | None = None
    ) -> None:
        where = f"claim {claim_id!r}: " if claim_id is not None else ""
        super().__init__(field, value, where + problem)
        self.claim_id = claim_id


class InvalidData(InvalidValue):
    """Serialised data cannot be read back (unknown or missing field, wrong type tag...)."""


class InvalidPolicy(InvalidValue):
    """An escalation policy or rule set is not acceptable.

    Attributes:
        step: The id of the offending step, when there is one.
    """

    def __init__(
        self, field: str | None, value: Any, problem: str, *, step: str | None = None
    ) -> None:
        where = f"step {step!r}: " if step is not None else ""
        super().__init__(field, value, where + problem)
        self.step = step


class RateNotPublished(RecouvrementError, LookupError):
    """A rate is asked for a date its table does not cover.

    The library never extrapolates a rate: pass your own
    [`RateTable`][recouvrement.RateTable] with the newly published row instead.

    Attributes:
        table: The name of the rate table.
        on: The date asked for (ISO string).
        period: A readable name of the missing period (``"2026 S2"``).
    """

    def __init__(self, table: str, on: Any, *, period: str | None = None, hint: str = "") -> None:
        what = f" ({period})" if period else ""
        message = f"{table}: no published rate for {on}{what}"
        if hint:
            message += f"; {hint}"
        super().__init__(message, field="on", value=on)
        self.table = table
        self.on = on
        self.period = period


class InsufficientHistory(RecouvrementError, ValueError):
    """A computation ran out of history (countback DSO with too few months).

    Attributes:
        days_counted: The days counted before the history ran out.
    """

    def __init__(self, message: str, *, days_counted: Any, field: str | None = None) -> None:
        super().__init__(message, field=field, value=days_counted)
        self.days_counted = days_counted


class UnsupportedJurisdiction(RecouvrementError, LookupError):
    """No rules are available for the jurisdiction asked for.

    Attributes:
        jurisdiction: The code asked for.
        available: The codes that are registered
            ([`recouvrement.jurisdictions.available`][recouvrement.jurisdictions.available]).
    """

    def __init__(self, jurisdiction: str, *, available: tuple[str, ...] = ("FR",)) -> None:
        listed = ", ".join(repr(code) for code in available)
        super().__init__(
            f"jurisdiction={jurisdiction!r}: no rules available (supported: {listed})",
            field="jurisdiction",
            value=jurisdiction,
        )
        self.jurisdiction = jurisdiction
        self.available = tuple(available)


class MissingDependency(RecouvrementError, ImportError):
    """An optional dependency is not installed (Polars and PyArrow for the columnar path).

    Attributes:
        extra: The pip extra that installs it (``"frames"``).
    """

    def __init__(self, feature: str, *, extra: str) -> None:
        super().__init__(
            f"{feature} needs an optional dependency: pip install 'recouvrement[{extra}]'",
            field="extra",
            value=extra,
        )
        self.extra = extra
