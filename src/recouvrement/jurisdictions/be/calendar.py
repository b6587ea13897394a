"""Belgian public holidays (``holidays`` package, national days) and working days.

Used for the CDE Book XIX waiting period (its start is the 3rd working day after a
letter is posted) and for deadlines (new Civil Code art. 1.7: a period ending on a
non-working day moves to the next working day). Saturdays are treated as non-working
days; whether Saturday is a "working day" in Book XIX is unsettled (**U**).

Examples:
    >>> import datetime
    >>> datetime.date(2025, 7, 21) in public_holidays(range(2025, 2026))   # national day
    True
    >>> add_working_days(datetime.date(2025, 6, 2), 3)   # Monday + 3 working days
    datetime.date(2025, 6, 5)
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from functools import cache

import holidays

__all__ = ["add_working_days", "is_working_day", "next_working_day", "public_holidays"]


@cache
def _year(year: int) -> frozenset[_dt.date]:
    return frozenset(holidays.country_holidays("BE", years=year).keys())


def public_holidays(years: Iterable[int]) -> frozenset[_dt.date]:
    """The national public holidays of Belgium in ``years``."""
    days: set[_dt.date] = set()
    for year in years:
        days |= _year(year)
    return frozenset(days)


def is_working_day(day: _dt.date) -> bool:
    """Monday to Friday, and not a national public holiday."""
    return day.isoweekday() < 6 and day not in _year(day.year)


def next_working_day(day: _dt.date) -> _dt.date:
    """``day`` itself, or the next working day."""
    while not is_working_day(day):
        day += _dt.timedelta(days=1)
    return day


def add_working_days(day: _dt.date, count: int) -> _dt.date:
    """The ``count``-th working day after ``day`` (``day`` itself not counted)."""
    while count > 0:
        day += _dt.timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day
