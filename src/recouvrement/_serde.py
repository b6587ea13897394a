"""Serialisation helpers (internal): JSON-compatible dicts, strict on the way back.

Dates become ISO strings, `Decimal` become strings (never floats), `Money` a
``{"amount", "currency"}`` dict, enums their value, tuples lists. Reading back
checks keys: an unknown or a missing field raises
[`InvalidData`][recouvrement.InvalidData] naming it.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from enum import Enum
from typing import Any

from .errors import InvalidData, InvalidType

__all__ = ["check_keys", "read_list", "to_jsonable"]


def to_jsonable(value: Any) -> Any:
    """Return ``value`` as JSON-compatible data, losslessly.

    Example:
        >>> from decimal import Decimal
        >>> import pendulum
        >>> to_jsonable({"on": pendulum.Date(2025, 1, 31), "rate": Decimal("12.15")})
        {'on': '2025-01-31', 'rate': '12.15'}
    """
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return to_dict()
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | frozenset | set):
        return [to_jsonable(v) for v in value]
    if isinstance(value, float):
        raise InvalidType("value", value, "a JSON-exact value (floats are refused)")
    return str(value)


def check_keys(
    data: Any,
    *,
    required: Iterable[str],
    optional: Iterable[str] = (),
    where: str,
) -> None:
    """Check that ``data`` is a mapping with every required key and no unknown one."""
    if not isinstance(data, Mapping):
        raise InvalidData(where, data, "expected a mapping (dict)")
    required = tuple(required)
    allowed = set(required) | set(optional)
    for key in data:
        if key not in allowed:
            raise InvalidData(
                f"{where}.{key}", data[key], f"unknown field (expected {sorted(allowed)})"
            )
    for key in required:
        if key not in data:
            raise InvalidData(f"{where}.{key}", None, "missing field")


def read_list(data: Any, field: str, read: Callable[[Any], Any]) -> tuple[Any, ...]:
    """Read a JSON list with ``read`` applied to each item; errors name the index."""
    if not isinstance(data, list | tuple):
        raise InvalidData(field, data, "expected a list")
    return tuple(read(item) for item in data)
