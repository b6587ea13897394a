"""Converters and validators shared by the value objects (internal).

Each function takes the name of the field or parameter it converts, so every error
names it. Records use them through small named converter functions, one per field
(``def _to_on(value: Any) -> pendulum.Date: return to_date(value, "on")``): the attrs
plugin of mypy only understands named functions as converters.

Dates: `pendulum.Date` arithmetic is about fifty times slower than integer
arithmetic, so hot paths work on ordinals (``date.toordinal()``) and build a
`pendulum.Date` only for what they return (`from_ordinal`).
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal, InvalidOperation
from enum import Enum
from functools import lru_cache
from typing import Any, TypeAlias, TypeVar, cast

import pendulum

from .errors import InvalidType, InvalidValue

__all__ = [
    "DateLike",
    "from_ordinal",
    "to_date",
    "to_decimal",
    "to_enum",
    "to_int",
    "to_optional_date",
]

E = TypeVar("E", bound=Enum)

DateLike: TypeAlias = _dt.date | str
"""What a date parameter accepts: a `datetime.date` (a `pendulum.Date` is one) or an ISO
``YYYY-MM-DD`` string (`to_date` converts it; a `datetime.datetime` is refused)."""


_DATES: dict[pendulum.Date, pendulum.Date] = {}
_DATES_KEPT = 1 << 16


def _interned(day: pendulum.Date) -> pendulum.Date:
    """One shared instance per date (dates are immutable; a ledger repeats them): a claim
    holds six or more. Like the ISO cache below, the table is bounded and never changes a
    result, only which equal object is returned."""
    found = _DATES.get(day)
    if found is not None:
        return found
    if len(_DATES) < _DATES_KEPT:
        _DATES[day] = day
    return day


@lru_cache(maxsize=8192)
def _parse_iso(value: str) -> pendulum.Date | None:
    """An ISO ``YYYY-MM-DD`` string as a date, or ``None`` (cached: ledgers repeat dates)."""
    text = value.strip()
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:
            d = _dt.date.fromisoformat(text)
        except ValueError:
            return None
        return _interned(pendulum.Date(d.year, d.month, d.day))
    return None


def to_date(value: Any, field: str = "date") -> pendulum.Date:
    """Return ``value`` as a `pendulum.Date`.

    Accepts a `pendulum.Date`, a `datetime.date` (not a `datetime.datetime`: a
    timestamp is ambiguous about the day) or an ISO 8601 ``YYYY-MM-DD`` string.

    Examples:
        >>> to_date("2025-03-15")
        Date(2025, 3, 15)
        >>> to_date("15/03/2025", "issued_on")
        Traceback (most recent call last):
        ...
        recouvrement.errors.InvalidValue: issued_on='15/03/2025': not an ISO date (YYYY-MM-DD)
    """
    if type(value) is pendulum.Date:
        return _interned(value)
    if isinstance(value, str):  # text read from a file: checked before the date types
        found = _parse_iso(value)
        if found is None:
            raise InvalidValue(field, value, "not an ISO date (YYYY-MM-DD)")
        return found
    if isinstance(value, _dt.datetime):
        raise InvalidType(field, value, "a date (not a datetime), or an ISO YYYY-MM-DD string")
    if isinstance(value, _dt.date):
        return _interned(pendulum.Date(value.year, value.month, value.day))
    raise InvalidType(field, value, "a date or an ISO YYYY-MM-DD string")


def to_optional_date(value: Any, field: str = "date") -> pendulum.Date | None:
    """Like `to_date`, but ``None`` stays ``None``."""
    return None if value is None else to_date(value, field)


def from_ordinal(ordinal: int) -> pendulum.Date:
    """Return the `pendulum.Date` of a proleptic Gregorian ordinal.

    Examples:
        >>> from_ordinal(739325)
        Date(2025, 3, 15)
        >>> from_ordinal(739325) is from_ordinal(739325)  # one shared instance per day
        True
    """
    found = _ORDINALS.get(ordinal)
    if found is not None:
        return found
    d = _dt.date.fromordinal(ordinal)
    day = _interned(pendulum.Date(d.year, d.month, d.day))
    if len(_ORDINALS) < _DATES_KEPT:
        _ORDINALS[ordinal] = day
    return day


_ORDINALS: dict[int, pendulum.Date] = {}
"""The dates `from_ordinal` built, by ordinal: bounded like `_DATES`, and like it never
changes a result, only which equal (immutable) object is returned."""


_DECIMALS: dict[str, Decimal] = {}
_DECIMALS_KEPT = 1 << 13
"""Decimals parsed from text, bounded like `_DATES`: a shared instance, never another value."""


def to_decimal(value: Any, field: str = "amount") -> Decimal:
    """Return ``value`` as a finite `Decimal`; floats are refused.

    Accepts `Decimal`, `int` (not `bool`) and numeric strings (``"1234.56"``).

    Examples:
        >>> to_decimal("12.50")
        Decimal('12.50')
        >>> to_decimal(0.1, "rate")
        Traceback (most recent call last):
        ...
        recouvrement.errors.InvalidType: rate=0.1: expected Decimal, int or numeric str (floats are inexact), got float
    """
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, bool):
        raise InvalidType(field, value, "Decimal, int or numeric str")
    elif isinstance(value, int):
        return Decimal(value)
    elif isinstance(value, str):
        found = _DECIMALS.get(value)
        if found is not None:
            return found
        try:
            result = Decimal(value.strip().replace("_", ""))
        except InvalidOperation:
            raise InvalidValue(field, value, "not a number") from None
        if result.is_finite() and len(_DECIMALS) < _DECIMALS_KEPT:
            _DECIMALS[value] = result  # amounts repeat in a ledger: one Decimal each
    else:
        raise InvalidType(field, value, "Decimal, int or numeric str (floats are inexact)")
    if not result.is_finite():
        raise InvalidValue(field, value, "must be a finite number")
    return result


def to_int(value: Any, field: str) -> int:
    """Return ``value`` as an `int`; bools, floats and strings are refused."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidType(field, value, "int")
    return value


def to_enum(enum: type[E], value: Any, field: str) -> E:
    """Return the member of ``enum`` named or valued ``value`` (case-insensitive name).

    Examples:
        >>> from recouvrement import PartyKind
        >>> to_enum(PartyKind, "professional", "kind")
        <PartyKind.PROFESSIONAL: 'professional'>
    """
    if type(value) is enum:
        return value
    if isinstance(value, enum):
        return value
    if isinstance(value, str):
        found = enum._value2member_map_.get(value)  # (what ``enum(value)`` looks up first)
        if found is not None:
            return cast(E, found)
        try:
            return enum(value)
        except ValueError:
            member = enum.__members__.get(value.upper())
            if member is not None:
                return member
    choices = ", ".join(repr(m.value) for m in enum)
    raise InvalidValue(field, value, f"not a valid {enum.__name__} (one of {choices})")
