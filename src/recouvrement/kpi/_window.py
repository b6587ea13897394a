"""The KPI window: the days a DSO or a period KPI is computed over (internal module;
`kpi_window` is public through `recouvrement.kpi.portfolio` and `recouvrement.kpi`)."""

from __future__ import annotations

import calendar
from typing import Any

import pendulum

from .._convert import DateLike, from_ordinal, to_date, to_int
from ..errors import InvalidValue

__all__ = ["kpi_window"]


def previous_month(year: int, month: int) -> tuple[int, int]:
    """The month before ``(year, month)``."""
    return (year, month - 1) if month > 1 else (year - 1, 12)


def _window(as_of: DateLike, days: Any, months: Any) -> tuple[int, int, int]:
    """``(start, end, number of days)`` ordinals of a window ending on ``as_of``."""
    day = to_date(as_of, "as_of")
    end = day.toordinal()
    if (days is None) == (months is None):
        raise InvalidValue("days", days, "give exactly one of days= or months= (never inferred)")
    if days is not None:
        n = to_int(days, "days")
        if n <= 0:
            raise InvalidValue("days", days, "must be a positive number of days")
        return end - n + 1, end, n
    m = to_int(months, "months")
    if m <= 0:
        raise InvalidValue("months", months, "must be a positive number of months")
    if day.day == calendar.monthrange(day.year, day.month)[1]:
        year, month = day.year, day.month
        for _ in range(m - 1):
            year, month = previous_month(year, month)
        start = pendulum.Date(year, month, 1).toordinal()
    else:
        start = day.subtract(months=m).toordinal() + 1
    return start, end, end - start + 1


def kpi_window(
    *, as_of: DateLike, days: int | None = None, months: int | None = None
) -> tuple[pendulum.Date, pendulum.Date]:
    """The first and last days of the KPI window of ``days`` days or ``months`` months.

    This is the window `Portfolio.dso`, `Portfolio.best_possible_dso` and
    `Portfolio.average_days_delinquent` use; give it to the period KPIs (`Portfolio.sales`,
    `Portfolio.cei`, `Portfolio.weighted_days_to_pay`...) to report them over the same days.
    The window ends on ``as_of`` (included):

    - ``days=n``: the ``n`` days ending on ``as_of``;
    - ``months=m`` on the last day of a month: the ``m`` whole calendar months ending with
      it (``months=3`` on 31 March: 1 January to 31 March);
    - ``months=m`` on any other day: from the day after the same day ``m`` months earlier
      (``months=1`` on 15 March: 16 February to 15 March; pendulum clamps a missing day to
      the month's end).

    Args:
        as_of: The last day of the window.
        days: The window's length in days; give exactly one of ``days`` and ``months``.
        months: The window's length in months.

    Returns:
        ``(start, end)``, both included, ``end`` being ``as_of``.

    Raises:
        InvalidValue: Neither or both of ``days`` and ``months``, or a length below 1.

    Examples:
        >>> kpi_window(as_of="2026-03-31", months=3)
        (Date(2026, 1, 1), Date(2026, 3, 31))
        >>> kpi_window(as_of="2026-03-15", months=1)
        (Date(2026, 2, 16), Date(2026, 3, 15))
        >>> kpi_window(as_of="2026-03-15", days=30)
        (Date(2026, 2, 14), Date(2026, 3, 15))
    """
    start, end, _ = _window(as_of, days, months)
    return from_ordinal(start), from_ordinal(end)
