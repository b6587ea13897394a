"""Date arithmetic on proleptic ordinals, shared by the engines (internal).

The hot paths (interest, prescription, decisions) work on ``date.toordinal()`` integers;
these helpers add months by the *quantième* rule, find month ends and write ISO texts
(`recouvrement._convert.from_ordinal` turns an ordinal back into a shared date).

Examples:
    >>> import datetime as dt
    >>> jan31 = dt.date(2024, 1, 31).toordinal()
    >>> iso(add_months(jan31, 1)), iso(end_of_month(jan31 + 1))
    ('2024-02-29', '2024-02-29')
"""

from __future__ import annotations

import datetime as _dt
from functools import lru_cache

__all__ = ["add_months", "days_in_month", "end_of_month", "is_leap", "iso"]

_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_fromordinal = _dt.date.fromordinal


def is_leap(year: int) -> bool:
    """Whether ``year`` has 366 days (Gregorian rule)."""
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_in_month(year: int, month: int) -> int:
    """The number of days of ``month`` (1-12) in ``year``."""
    if month == 2 and is_leap(year):
        return 29
    return _MONTH_DAYS[month - 1]


def add_months(ordinal: int, months: int) -> int:
    """The day ``months`` months after ``ordinal`` (before it when negative).

    The same day of the month, or the last day of the target month when it has no such
    day; always counted from the anchor (31 January + 2 months is 31 March).

    Raises:
        ValueError: The result is outside the years 1 to 9999.
    """
    d = _fromordinal(ordinal)
    year, month0 = divmod(d.year * 12 + d.month - 1 + months, 12)
    day = d.day
    if day > 28:
        last = _MONTH_DAYS[month0]
        if month0 == 1 and is_leap(year):
            last = 29
        if day > last:
            day = last
    return _dt.date(year, month0 + 1, day).toordinal()


def end_of_month(ordinal: int) -> int:
    """The last day of the month of ``ordinal``."""
    d = _fromordinal(ordinal)
    return ordinal + days_in_month(d.year, d.month) - d.day


@lru_cache(maxsize=16384)
def iso(ordinal: int) -> str:
    """The ISO ``YYYY-MM-DD`` text of an ordinal, cached: reasons quote the same days over a
    portfolio (hot path)."""
    return _fromordinal(ordinal).isoformat()
