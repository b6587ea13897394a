"""Polars frames with exact decimal columns (internal), shared by `recouvrement.display`
and `recouvrement.kpi.frames`.

Polars is optional (the ``frames`` extra) and imported only when a frame is built; without
it `MissingDependency` names the extra to install.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any

from ..errors import InvalidType, InvalidValue, MissingDependency
from ..money import Money, currency_precision

if TYPE_CHECKING:
    import polars as pl

__all__ = ["FRAME_KINDS", "optional_module", "polars_module", "to_frame"]

_ONE = Decimal(1)

# -- frames -------------------------------------------------------------------------------

FRAME_KINDS = ("str", "int", "bool", "date", "decimal", "list")
"""The column kinds `to_frame` knows: ``list`` is a list of strings."""


def optional_module(name: str, what: str) -> Any:
    """Import the optional module ``name`` (``polars``, ``pyarrow``) of the ``frames`` extra.

    Raises:
        MissingDependency: It is not installed; the message says what needs it (``what``)
            and which extra to install.
    """
    import importlib

    try:
        return importlib.import_module(name)
    except ImportError as exc:
        raise MissingDependency(what, extra="frames") from exc


def polars_module(what: str = "a Polars frame (to_frame)") -> Any:
    """The ``polars`` module, or `MissingDependency` naming the ``frames`` extra."""
    return optional_module("polars", what)


def _infer(values: Sequence[Any]) -> str:
    for value in values:
        if value is None:
            continue
        if isinstance(value, bool):
            return "bool"
        if isinstance(value, Decimal | Money):
            return "decimal"
        if isinstance(value, int):
            return "int"
        if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
            return "date"
        if isinstance(value, list | tuple):
            return "list"
        return "str"
    return "str"


def _decimal_column(
    values: Sequence[Any], name: str, minimum: int
) -> tuple[list[Decimal | None], int]:
    amounts: list[Decimal | None] = []
    scale = minimum
    digits = 1
    for value in values:
        if value is None:
            amounts.append(None)
            continue
        if isinstance(value, Money):
            value = value.amount
        if isinstance(value, bool) or not isinstance(value, Decimal | int):
            raise InvalidType(f"columns[{name!r}]", value, "Decimal, int, Money or None")
        number = Decimal(value)
        if not number.is_finite():
            raise InvalidValue(f"columns[{name!r}]", value, "must be a finite number")
        exponent = number.as_tuple().exponent
        if isinstance(exponent, int) and -exponent > scale:
            scale = -exponent
        if number:
            digits = max(digits, number.adjusted() + 1)
        amounts.append(number)
    if digits + scale > 38:
        scale = max(0, 38 - digits)
    quantum = _ONE.scaleb(-scale)
    exact: list[Decimal | None] = []
    for item in amounts:
        if item is not None:
            places = item.as_tuple().exponent
            if isinstance(places, int) and -places > scale:
                item = item.quantize(quantum, rounding=ROUND_HALF_UP)
        exact.append(item)
    return exact, scale


def _plain_date(value: Any, name: str) -> _dt.date | None:
    if value is None:
        return None
    if not isinstance(value, _dt.date) or isinstance(value, _dt.datetime):
        raise InvalidType(f"columns[{name!r}]", value, "a date or None")
    return _dt.date(value.year, value.month, value.day)


def to_frame(
    columns: Mapping[str, Sequence[Any]],
    *,
    kinds: Mapping[str, str] | None = None,
    floats: bool = False,
    scale: int | Mapping[str, int] = 0,
) -> pl.DataFrame:
    """Build a Polars frame from Python columns, decimals kept exact.

    Polars is imported only now; without it `MissingDependency` names the extra to
    install (``frames``).

    Args:
        columns: Column name -> values (all columns of the same length).
        kinds: The kind of some columns (one of `FRAME_KINDS`); the others are inferred
            from their first non-null value (``str`` when all are null).
        floats: Turn the ``decimal`` columns into ``Float64`` (inexact: only when asked).
        scale: The least scale of the ``decimal`` columns (the largest number of decimals
            found is used when larger): one for all, or column name -> scale (0 for the
            columns it does not list).

    Examples:
        >>> from decimal import Decimal
        >>> frame = to_frame({"bucket": ["1-30", ">30"], "amount": [Decimal("12.5"), Decimal("3")]})
        >>> frame.schema["amount"], frame.row(0)
        (Decimal(precision=38, scale=1), ('1-30', Decimal('12.5')))
        >>> to_frame({"amount": [Decimal("12.5")]}, floats=True).row(0)
        (12.5,)
    """
    plr = polars_module()
    if not isinstance(columns, Mapping):
        raise InvalidType("columns", columns, "a mapping of column name -> values")
    if not isinstance(floats, bool):
        raise InvalidType("floats", floats, "bool")
    given = dict(kinds or {})
    lengths = {len(values) for values in columns.values()}
    if len(lengths) > 1:
        raise InvalidValue("columns", sorted(lengths), "columns must all have the same length")
    series = []
    for name, raw in columns.items():
        values = list(raw)
        kind = given.get(name) or _infer(values)
        if kind not in FRAME_KINDS:
            raise InvalidValue(f"kinds[{name!r}]", kind, f"one of {', '.join(FRAME_KINDS)}")
        if kind == "decimal":
            least = scale.get(name, 0) if isinstance(scale, Mapping) else scale
            exact, found = _decimal_column(values, name, least)
            if floats:
                floated = [None if v is None else float(v) for v in exact]
                series.append(plr.Series(name, floated, dtype=plr.Float64))
            else:
                series.append(plr.Series(name, exact, dtype=plr.Decimal(38, found)))
        elif kind == "date":
            series.append(plr.Series(name, [_plain_date(v, name) for v in values], dtype=plr.Date))
        elif kind == "list":
            items = [None if v is None else [str(x) for x in v] for v in values]
            series.append(plr.Series(name, items, dtype=plr.List(plr.String)))
        elif kind == "int":
            series.append(plr.Series(name, values, dtype=plr.Int64))
        elif kind == "bool":
            series.append(plr.Series(name, values, dtype=plr.Boolean))
        else:
            text = [
                None if v is None else (v.value if isinstance(v, Enum) else str(v)) for v in values
            ]
            series.append(plr.Series(name, text, dtype=plr.String))
    frame: pl.DataFrame = plr.DataFrame(series)
    return frame


def _money_scale(currencies: Iterable[str | None]) -> int:
    return max((currency_precision(code) for code in set(currencies) if code), default=0)
