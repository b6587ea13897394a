"""Serialisation helpers (internal): JSON-compatible dicts, strict on the way back.

Dates become ISO strings, `Decimal` become strings (never floats), `Money` a
``{"amount", "currency"}`` dict, enums their value, tuples lists. Reading back
checks keys: an unknown or a missing field raises
[`InvalidData`][recouvrement.InvalidData] naming it.
"""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from enum import Enum
from typing import Any, Self, TypeVar, cast

import pendulum

from .errors import InvalidData, InvalidType

_T = TypeVar("_T")

__all__ = [
    "DECODE",
    "Record",
    "check_keys",
    "read_list",
    "read_records",
    "record_from_dict",
    "record_to_dict",
    "to_jsonable",
]


def to_jsonable(value: Any) -> Any:
    """Return ``value`` as JSON-compatible data, losslessly.

    Examples:
        >>> from decimal import Decimal
        >>> import pendulum
        >>> to_jsonable({"on": pendulum.Date(2025, 1, 31), "rate": Decimal("12.15")})
        {'on': '2025-01-31', 'rate': '12.15'}
    """
    kind = type(value)  # exact types first: the common cases, as the checks below give them
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if kind is Decimal:
        return str(value)
    if kind is pendulum.Date or kind is _dt.date:
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return value.isoformat()
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


DECODE = "recouvrement.decode"
"""Field-metadata key: a function turning the JSON form of a field back into its value."""


def record_to_dict(record: Any, *, type_tag: str | None = None) -> dict[str, Any]:
    """Serialise an attrs record field by field, leaving out fields still at their default.

    Only ``init`` fields are written; derived fields are recomputed on reading.
    """
    import attrs

    data: dict[str, Any] = {}
    if type_tag is not None:
        data["type"] = type_tag
    for field in attrs.fields(type(record)):
        if not field.init:
            continue
        value = getattr(record, field.name)
        default = field.default
        factory = getattr(default, "factory", None)
        if callable(factory):
            if value == factory():
                continue
        elif default is not attrs.NOTHING and value == default and type(value) is type(default):
            continue
        data[field.alias or field.name] = to_jsonable(value)
    return data


@functools.cache
def _layout(
    cls: Any, type_tag: str | None
) -> tuple[tuple[str, ...], frozenset[str], frozenset[str], tuple[tuple[str, Any], ...]]:
    """A record class's keys, once per class: required (in order, and as a set), allowed,
    and each with its decoder.

    Classes are immutable here, so the layout is too (a cache, not state: it never changes
    a result)."""
    import attrs

    fields = [f for f in attrs.fields(cls) if f.init]
    required = tuple(f.alias or f.name for f in fields if f.default is attrs.NOTHING)
    optional = [f.alias or f.name for f in fields if f.default is not attrs.NOTHING]
    if type_tag is not None:
        optional.append("type")
    decoders = tuple((f.alias or f.name, f.metadata.get(DECODE)) for f in fields)
    needed = frozenset(required)
    return required, needed, needed | frozenset(optional), decoders


def record_from_dict(cls: Any, data: Any, *, where: str, type_tag: str | None = None) -> Any:
    """Build ``cls`` from what `record_to_dict` wrote; unknown or missing keys raise."""
    required, needed, allowed, decoders = _layout(cls, type_tag)
    if not isinstance(data, Mapping):
        raise InvalidData(where, data, "expected a mapping (dict)")
    if type(data) is dict:  # the common case: set operations on its keys view
        keys = data.keys()
        known = keys <= allowed and keys >= needed
    else:
        known = allowed.issuperset(data) and all(k in data for k in required)
    if not known:
        check_keys(data, required=required, optional=allowed, where=where)  # raises
    if type_tag is not None and data.get("type", type_tag) != type_tag:
        raise InvalidData(f"{where}.type", data["type"], f"expected {type_tag!r}")
    kwargs: dict[str, Any] = {}
    for name, decode in decoders:
        if name not in data:
            continue
        value = data[name]
        if decode is not None and value is not None:
            value = decode(value)
        kwargs[name] = value
    return cls(**kwargs)


def read_records(
    value: Any, kind: type[Any], read: Callable[[Any], Any], field: str
) -> tuple[Any, ...]:
    """Convert a sequence of records or of their dicts to a tuple of ``kind``.

    Errors name the field and the index (``payments[2]``).
    """
    if type(value) is tuple:
        for item in value:
            if not isinstance(item, kind):
                break
        else:
            return value  # already what is wanted: kept as is, not copied
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise InvalidType(field, value, f"a sequence of {kind.__name__}")
    items = []
    for index, item in enumerate(value):
        if type(item) is dict or isinstance(item, Mapping):
            item = read(item)
        if not isinstance(item, kind):
            raise InvalidType(f"{field}[{index}]", item, kind.__name__)
        items.append(item)
    return tuple(items)


class Record:
    """Mixin: lossless ``to_dict`` / strict ``from_dict`` for an attrs record."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        """Return a lossless JSON-compatible dict (fields at their default are left out)."""
        return record_to_dict(self)

    @classmethod
    def from_dict(cls, data: Any) -> Self:
        """Read back what `to_dict` wrote; unknown or missing keys raise `InvalidData`."""
        result: Self = record_from_dict(cls, data, where=cls.__name__)
        return result


def slots_builder(cls: type[_T]) -> Callable[..., _T]:
    """Internal: a constructor of an attrs slots class taking every field positionally, in
    field order, for hot paths: the same object as ``cls(...)`` builds, without the keyword
    handling of the generated ``__init__``.

    Only for a class whose ``__init__`` does nothing else (no converter, validator or
    ``__attrs_post_init__``): any other is refused here, when the builder is made.

    Examples:
        >>> import attrs
        >>> @attrs.frozen
        ... class Pair:
        ...     a: int
        ...     b: int
        >>> slots_builder(Pair)(1, 2) == Pair(a=1, b=2)
        True
        >>> from recouvrement.explain import Citation
        >>> slots_builder(Citation)
        Traceback (most recent call last):
        TypeError: Citation's __init__ checks or converts: build it with it
    """
    import attrs

    fields = attrs.fields(cast(Any, cls))
    checked = [f for f in fields if f.converter is not None or f.validator is not None]
    if checked or hasattr(cls, "__attrs_post_init__"):
        raise TypeError(f"{cls.__name__}'s __init__ checks or converts: build it with it")
    # Written out like attrs writes ``__init__``: one setter call per field, no loop.
    names = [f"v{index}" for index in range(len(fields))]
    body = "".join(f"    s{index}(made, v{index})\n" for index in range(len(fields)))
    source = f"def build({', '.join(names)}):\n    made = new(cls)\n{body}    return made\n"
    scope: dict[str, Any] = {"new": object.__new__, "cls": cls}
    scope.update({f"s{i}": cls.__dict__[f.name].__set__ for i, f in enumerate(fields)})
    exec(compile(source, f"<{cls.__name__} from slots>", "exec"), scope)
    build: Callable[..., _T] = scope["build"]
    return build
