"""Cell-level helpers (internal): strict parsing of CSV text, spreadsheet-safe writing.

Parsing is strict on purpose: a cell that is not exactly a date in the expected format or
a plain decimal number is an error, never a guess. Caches keep the per-row cost low on
large files (dates and parties repeat a lot); they are bounded, so memory stays constant.
"""

from __future__ import annotations

import datetime as _dt
import re
from decimal import Decimal
from typing import Any

import pendulum

from ..errors import InvalidValue

__all__ = [
    "DANGEROUS_PREFIXES",
    "MAX_DATE",
    "MIN_DATE",
    "BoundedCache",
    "format_decimal",
    "is_plain_number",
    "neutralise",
    "parse_date",
    "parse_decimal",
    "parse_int",
    "restore",
]

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula (OWASP CSV injection)."""

_ESCAPE = "'"
MIN_DATE = _dt.date(1900, 1, 1)
"""The earliest date a ledger cell may hold."""
MAX_DATE = _dt.date(2199, 12, 31)
"""The latest date a ledger cell may hold (date arithmetic decades later stays in range)."""
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?\Z")
_INTEGER = re.compile(r"[+-]?[0-9]+\Z")


class BoundedCache(dict[Any, Any]):
    """A dict that empties itself when it grows past ``limit`` entries (constant memory)."""

    __slots__ = ("limit",)

    def __init__(self, limit: int = 65536) -> None:
        super().__init__()
        self.limit = limit

    def put(self, key: Any, value: Any) -> Any:
        if len(self) >= self.limit:
            self.clear()
        self[key] = value
        return value


def is_plain_number(text: str) -> bool:
    """Whether ``text`` is a plain decimal number such as ``-12.50`` (no exponent, no spaces)."""
    return _PLAIN_NUMBER.match(text) is not None


def neutralise(text: str) -> str:
    """Make a text cell safe to open in a spreadsheet, reversibly.

    A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read as
    a formula by spreadsheets (OWASP, "CSV Injection"): it gets a leading apostrophe,
    which spreadsheets show as "text" and do not display. A cell already starting with an
    apostrophe gets one more, so that `restore` is an exact inverse. Plain numbers
    (``-12.50``) are left alone: they are numbers, not formulas.
    """
    if not text:
        return text
    first = text[0]
    if first == _ESCAPE or (first in DANGEROUS_PREFIXES and not is_plain_number(text)):
        return _ESCAPE + text
    return text


def restore(text: str) -> str:
    """The inverse of `neutralise`: drop the apostrophe it added."""
    if len(text) > 1 and text[0] == _ESCAPE:
        second = text[1]
        if second == _ESCAPE or second in DANGEROUS_PREFIXES:
            return text[1:]
    return text


def format_decimal(value: Decimal) -> str:
    """Write a `Decimal` in plain notation (never ``1E+2``), keeping its decimals."""
    text = format(value, "f")
    return text


def parse_decimal(
    text: str,
    field: str,
    *,
    decimal_separator: str = ".",
    thousands_separator: str | None = None,
    max_places: int | None = None,
    trailing_minus: bool = False,
) -> Decimal:
    """Read a plain decimal number; exponents, NaN, infinities and stray text are refused."""
    raw = text.strip()
    if trailing_minus and raw.endswith("-") and raw[:1] not in "+-":
        raw = "-" + raw[:-1].rstrip()
    if thousands_separator and any(mark in raw for mark in thousands_separator):
        raw = _ungroup(raw, text, field, thousands_separator, decimal_separator)
    if decimal_separator != ".":
        if "." in raw:
            raise InvalidValue(
                field, text, f"not a number (the decimal separator is {decimal_separator!r})"
            )
        raw = raw.replace(decimal_separator, ".")
    if _PLAIN_NUMBER.match(raw) is None:
        raise InvalidValue(field, text, "not a plain decimal number (such as 1234.56)")
    if max_places is not None:
        point = raw.find(".")
        if point >= 0 and len(raw) - point - 1 > max_places:
            raise InvalidValue(
                field,
                text,
                f"more than {max_places} decimal places (a binary float written as text?)",
            )
    value = Decimal(raw)
    if value and value.adjusted() >= 15:
        raise InvalidValue(field, text, "too large (at most 15 digits before the point)")
    return value


def _ungroup(raw: str, text: str, field: str, marks: str, decimal_separator: str) -> str:
    """Remove thousands separators (any character of ``marks``), checking the grouping.

    ``1 234 567,89`` is grouped by three; ``12 34`` is not a number but two, and is refused.
    """
    whole, point, decimals = raw.partition(decimal_separator)
    sign = whole[:1] if whole[:1] in "+-" else ""
    groups = re.split("[" + re.escape(marks) + "]", whole[len(sign) :])
    if (
        not groups[0].isdigit()
        or len(groups[0]) > 3
        or any(len(g) != 3 or not g.isdigit() for g in groups[1:])
        or any(mark in decimals for mark in marks)
    ):
        raise InvalidValue(field, text, "thousands separators not grouping digits by three")
    return sign + "".join(groups) + point + decimals


def parse_int(text: str, field: str) -> int:
    """Read a plain integer (``30``); ``30.0`` or ``3e1`` are refused."""
    raw = text.strip()
    if _INTEGER.match(raw) is None:
        raise InvalidValue(field, text, "not a whole number")
    return int(raw)


def parse_date(text: str, field: str, date_format: str, cache: BoundedCache) -> pendulum.Date:
    """Read a date in ``date_format`` (``"iso"`` or a `datetime.strptime` format)."""
    found = cache.get((text, date_format))
    if found is not None:
        return found  # type: ignore[no-any-return]
    raw = text.strip()
    try:
        if date_format == "iso":
            if len(raw) != 10 or raw[4] != "-" or raw[7] != "-":
                raise ValueError(raw)
            day = _dt.date.fromisoformat(raw)
        else:
            day = _dt.datetime.strptime(raw, date_format).date()  # noqa: DTZ007 (a date only)
    except ValueError:
        expected = "YYYY-MM-DD" if date_format == "iso" else date_format
        raise InvalidValue(field, text, f"not a date in the format {expected}") from None
    if not MIN_DATE <= day <= MAX_DATE:
        raise InvalidValue(
            field,
            text,
            f"out of the range of ledger dates ({MIN_DATE.isoformat()} to {MAX_DATE.isoformat()})",
        )
    value = pendulum.Date(day.year, day.month, day.day)
    cache.put((text, date_format), value)
    return value
