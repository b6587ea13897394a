"""German public holidays (``holidays`` package, national days only) for deadline rules.

§ 193 BGB moves a performance day falling on a Saturday, Sunday or public holiday at the
place of performance to the next working day; Land holidays are not included (pass
your own set where they matter).

Examples:
    >>> import pendulum
    >>> pendulum.Date(2025, 10, 3) in public_holidays(range(2025, 2026))
    True
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from functools import cache

import holidays

__all__ = ["FIRST_YEAR", "next_working_day", "public_holidays"]

#: The first year the ``holidays`` package covers for Germany (after reunification).
FIRST_YEAR = 1991


@cache
def _year(year: int) -> frozenset[_dt.date]:
    return frozenset(holidays.country_holidays("DE", years=year).keys())


def public_holidays(years: Iterable[int]) -> frozenset[_dt.date]:
    """The national public holidays of Germany in ``years``."""
    days: set[_dt.date] = set()
    for year in years:
        days |= _year(year)
    return frozenset(days)


def next_working_day(day: _dt.date) -> _dt.date:
    """``day`` itself, or the next day that is no Saturday, Sunday or national holiday.

    Examples:
        >>> next_working_day(_dt.date(2025, 2, 9))   # a Sunday
        datetime.date(2025, 2, 10)
    """
    while day.isoweekday() >= 6 or day in _year(day.year):
        day += _dt.timedelta(days=1)
    return day
