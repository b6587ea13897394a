"""Business days, public holidays and procedural deadlines, over a jurisdiction's calendar.

The arithmetic here is generic: the public holidays come from the jurisdiction
([`Jurisdiction.public_holidays`][recouvrement.jurisdictions.base.Jurisdiction], found
through the registry) and the counting rules of procedural deadlines from its
``procedural_rules``. The functions follow French law, the default jurisdiction, whose
holidays and rules live in
[`recouvrement.jurisdictions.fr.calendar`][recouvrement.jurisdictions.fr.calendar].
For France, three things:

- **Public holidays** (*jours fériés*): the eleven *fêtes légales* of C. trav.
  L3133-1 (1 January, Easter Monday, 1 May, 8 May, Ascension, Whit Monday,
  14 July, 15 August, 1 November, 11 November, 25 December), read from the
  `holidays` package and normalised to exactly that list. Alsace-Moselle
  (C. trav. L3134-13) adds Good Friday and 26 December; it is an explicit option
  (`HolidayRegion.ALSACE_MOSELLE`), never the default.
- **Business days**: Monday to Friday, not a public holiday. Month arithmetic
  (`add_months`) always counts from the original anchor date.
- **Procedural deadlines** (*délais de procédure*, `procedural_deadline`): CPC 641
  (the day of the triggering act does not count; months end on the same
  *quantième*, or the last day of the month; months first, then days), CPC 642
  (expiry at 24:00 on the last day, extended to the next business day when that
  day is a Saturday, a Sunday or a public holiday) and CPC 643 (+1 month for
  parties living overseas, +2 months abroad).

**Prescription does not use this module.** Limitation periods (C. civ. 2228–2229)
are counted in days and are acquired when the last day is over, with no
extension to the next business day: CPC 641 and 642 do not apply to prescription
(Cass. 2e civ., 7 Apr 2016, n° 15-12.960, published).

Confidence (see the project's legal reference): the CPC 641/642 rules and the
use of the L3133-1 list for CPC 642 (Cass. 3e civ., 21 Jan 2021, n° 19-24.799)
come from secondary sources quoting the texts; the eleven-day list itself comes
from the `holidays` package and general knowledge; whether the Alsace-Moselle
days extend a CPC 642 deadline has not been judged. Days *chômés* other than
public holidays (a local closure of the court registry...) are not modelled.

The holiday calendar covers the years `FIRST_YEAR` (1982) to `LAST_YEAR` (2100):
the `holidays` package's data give today's eleven days from 1982 (8 May was not
a public holiday from 1960 to 1981) and stop after 2100. A date outside that
range raises [`InvalidValue`][recouvrement.InvalidValue] rather than give a
silently wrong answer.

Examples:
    >>> from recouvrement.calendar import procedural_deadline
    >>> deadline = procedural_deadline("2025-01-31", months=1)
    >>> deadline.nominal, deadline.date, deadline.extended
    (Date(2025, 2, 28), Date(2025, 2, 28), False)
    >>> procedural_deadline("2025-06-27", days=15).date   # Sat 12 July -> Tue 15 July
    Date(2025, 7, 15)
"""

from __future__ import annotations

import datetime as _dt
from bisect import bisect_right
from enum import Enum
from functools import cache
from typing import Any

import attrs
import pendulum

from . import jurisdictions
from ._convert import from_ordinal, to_date, to_enum, to_int
from .errors import InvalidType, InvalidValue, UnsupportedJurisdiction
from .explain import Reason
from .jurisdictions.base import ProceduralRules, SupportsProceduralDeadlines

__all__ = [
    "Distance",
    "HolidayRegion",
    "ProceduralDeadline",
    "add_business_days",
    "add_months",
    "business_days_between",
    "is_business_day",
    "is_public_holiday",
    "next_business_day",
    "procedural_deadline",
    "public_holidays",
]

FIRST_YEAR = 1982
"""The first year the holiday calendar covers."""

LAST_YEAR = 2100
"""The last year the holiday calendar covers."""

_MIN_ORDINAL = _dt.date(FIRST_YEAR, 1, 1).toordinal()
_MAX_ORDINAL = _dt.date(LAST_YEAR, 12, 31).toordinal()

_DEFAULT = "FR"  # the jurisdiction whose calendar applies when none is given


class HolidayRegion(str, Enum):
    """Which public holidays apply.

    Attributes:
        METROPOLITAN: The eleven *fêtes légales* of C. trav. L3133-1.
        ALSACE_MOSELLE: Those eleven plus Good Friday and 26 December
            (C. trav. L3134-13; Bas-Rhin, Haut-Rhin, Moselle). Their effect on
            CPC 642 has not been judged: an explicit option, not the default.

    Examples:
        >>> from recouvrement.calendar import HolidayRegion, public_holidays
        >>> len(public_holidays(2025)), len(public_holidays(2025, region="alsace_moselle"))
        (11, 13)
    """

    METROPOLITAN = "metropolitan"
    ALSACE_MOSELLE = "alsace_moselle"


class Distance(str, Enum):
    """Where a party lives, for the extra time of CPC 643.

    CPC 643 lengthens some deadlines (the caller decides whether the deadline at
    hand is one of them) when the case is before a court of metropolitan France
    and the party lives overseas (+1 month) or abroad (+2 months).

    Attributes:
        NONE: No extra time.
        OVERSEAS: The party lives overseas (*outre-mer*): +1 month.
        ABROAD: The party lives abroad (*à l'étranger*): +2 months.

    Examples:
        >>> from recouvrement.calendar import Distance
        >>> Distance.ABROAD.extra_months
        2
    """

    NONE = "none"
    OVERSEAS = "overseas"
    ABROAD = "abroad"

    @property
    def extra_months(self) -> int:
        """The months CPC 643 adds (0, 1 or 2): the French rules' figure for this distance."""
        return _rules(_DEFAULT).distance_months[self.value]


def _rules(jurisdiction: str) -> ProceduralRules:
    law = jurisdictions.get(jurisdiction)
    if not isinstance(law, SupportsProceduralDeadlines):
        raise UnsupportedJurisdiction(law.code, available=jurisdictions.available())
    return law.procedural_rules


@cache
def _holiday_ordinals(year: int, region: str, jurisdiction: str = _DEFAULT) -> frozenset[int]:
    """The public holidays of ``year`` as date ordinals, from the jurisdiction (cached)."""
    days = jurisdictions.get(jurisdiction).public_holidays(year, region=region)
    return frozenset(day.toordinal() for day in days)


@cache
def _all_holiday_ordinals(region: str, jurisdiction: str = _DEFAULT) -> frozenset[int]:
    """Every public holiday from FIRST_YEAR to LAST_YEAR, for ordinal-level loops."""
    return frozenset().union(
        *(
            _holiday_ordinals(year, region, jurisdiction)
            for year in range(FIRST_YEAR, LAST_YEAR + 1)
        )
    )


@cache
def _weekday_holidays(region: str, jurisdiction: str = _DEFAULT) -> tuple[int, ...]:
    """The sorted ordinals of the public holidays that fall Monday to Friday."""
    closed = _all_holiday_ordinals(region, jurisdiction)
    return tuple(sorted(o for o in closed if (o - 1) % 7 < 5))


def _region(value: Any) -> str:
    """The region's name (a `HolidayRegion` or its value; the jurisdiction checks it)."""
    if type(value) is HolidayRegion:
        return value.value
    return to_enum(HolidayRegion, value, "region").value


def _out_of_range(field: str, value: Any) -> InvalidValue:
    return InvalidValue(
        field, value, f"outside the years the holiday calendar covers ({FIRST_YEAR}-{LAST_YEAR})"
    )


def _check_year(year: int, field: str, value: Any) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise _out_of_range(field, value)


def _check_ordinal(ordinal: int, field: str, value: Any) -> None:
    if not _MIN_ORDINAL <= ordinal <= _MAX_ORDINAL:
        raise _out_of_range(field, value)


def _weekdays_through(ordinal: int) -> int:
    """How many Mondays to Fridays fall in ordinals 1..ordinal (ordinal 1 is a Monday)."""
    weeks, rest = divmod(ordinal, 7)
    return weeks * 5 + min(rest, 5)


def _next_business_ordinal(ordinal: int, region: str, field: str, value: Any) -> int:
    """The first business day on or after ``ordinal``."""
    closed = _all_holiday_ordinals(region)
    while (ordinal - 1) % 7 >= 5 or ordinal in closed:
        ordinal += 1
    _check_ordinal(ordinal, field, value)
    return ordinal


def public_holidays(
    year: int, *, region: HolidayRegion | str = HolidayRegion.METROPOLITAN
) -> tuple[pendulum.Date, ...]:
    """Return the public holidays (*jours fériés*) of ``year``, sorted.

    The eleven *fêtes légales* of C. trav. L3133-1; with
    ``region=HolidayRegion.ALSACE_MOSELLE``, also Good Friday and 26 December
    (C. trav. L3134-13). Two holidays may fall on the same day (Ascension on
    1 or 8 May): the date then appears once.

    Args:
        year: A year from `FIRST_YEAR` to `LAST_YEAR`.
        region: `HolidayRegion` member or its value.

    Raises:
        InvalidType: ``year`` is not an ``int``.
        InvalidValue: ``year`` is outside the covered years, or ``region`` is unknown.

    Examples:
        >>> from recouvrement.calendar import public_holidays
        >>> [d.isoformat() for d in public_holidays(2025)][:6]
        ['2025-01-01', '2025-04-21', '2025-05-01', '2025-05-08', '2025-05-29', '2025-06-09']
        >>> public_holidays(2025, region="alsace_moselle")[1]
        Date(2025, 4, 18)
    """
    year = to_int(year, "year")
    region = _region(region)
    _check_year(year, "year", year)
    return tuple(from_ordinal(o) for o in sorted(_holiday_ordinals(year, region)))


def is_public_holiday(
    day: Any, *, region: HolidayRegion | str = HolidayRegion.METROPOLITAN
) -> bool:
    """Return whether ``day`` is a public holiday (*jour férié*, C. trav. L3133-1).

    Args:
        day: A `pendulum.Date`, a `datetime.date` or an ISO ``YYYY-MM-DD`` string.
        region: `HolidayRegion` member or its value.

    Raises:
        InvalidValue: ``day`` is not a date in the covered years, or ``region`` is unknown.

    Examples:
        >>> from recouvrement.calendar import is_public_holiday
        >>> is_public_holiday("2025-07-14"), is_public_holiday("2025-12-26")
        (True, False)
        >>> is_public_holiday("2025-12-26", region="alsace_moselle")
        True
    """
    date = to_date(day, "day")
    region = _region(region)
    _check_year(date.year, "day", day)
    return date.toordinal() in _holiday_ordinals(date.year, region)


def is_business_day(day: Any, *, region: HolidayRegion | str = HolidayRegion.METROPOLITAN) -> bool:
    """Return whether ``day`` is a business day: Monday to Friday, not a public holiday.

    This is the *jour ouvré* of common practice, and the day a CPC 642 deadline
    may end on (that article excludes Saturdays as well as Sundays and holidays).
    The wider *jour ouvrable* of labour law (Monday to Saturday) is not what this
    function tests.

    Args:
        day: A `pendulum.Date`, a `datetime.date` or an ISO ``YYYY-MM-DD`` string.
        region: `HolidayRegion` member or its value.

    Raises:
        InvalidValue: ``day`` is not a date in the covered years, or ``region`` is unknown.

    Examples:
        >>> from recouvrement.calendar import is_business_day
        >>> [is_business_day(d) for d in ("2025-07-11", "2025-07-12", "2025-07-14")]
        [True, False, False]
    """
    date = to_date(day, "day")
    region = _region(region)
    _check_year(date.year, "day", day)
    ordinal = date.toordinal()
    return (ordinal - 1) % 7 < 5 and ordinal not in _holiday_ordinals(date.year, region)


def next_business_day(
    day: Any, *, region: HolidayRegion | str = HolidayRegion.METROPOLITAN
) -> pendulum.Date:
    """Return ``day`` if it is a business day, else the first business day after it.

    Args:
        day: A `pendulum.Date`, a `datetime.date` or an ISO ``YYYY-MM-DD`` string.
        region: `HolidayRegion` member or its value.

    Raises:
        InvalidValue: ``day`` (or the answer) is not in the covered years, or
            ``region`` is unknown.

    Examples:
        >>> from recouvrement.calendar import next_business_day
        >>> next_business_day("2025-07-12")   # Saturday; Monday 14 July is a holiday
        Date(2025, 7, 15)
        >>> next_business_day("2025-07-15")
        Date(2025, 7, 15)
    """
    date = to_date(day, "day")
    region = _region(region)
    ordinal = date.toordinal()
    _check_ordinal(ordinal, "day", day)
    return from_ordinal(_next_business_ordinal(ordinal, region, "day", day))


def add_business_days(
    day: Any, n: int, *, region: HolidayRegion | str = HolidayRegion.METROPOLITAN
) -> pendulum.Date:
    """Return the ``n``-th business day after ``day`` (before it when ``n`` is negative).

    ``day`` itself is never counted. With ``n == 0`` the answer is
    `next_business_day` of ``day``, so the result is always a business day. From a
    business day, going ``n`` then ``-n`` business days comes back to it.

    Args:
        day: A `pendulum.Date`, a `datetime.date` or an ISO ``YYYY-MM-DD`` string.
        n: Business days to add; negative goes back, 0 rolls forward.
        region: `HolidayRegion` member or its value.

    Raises:
        InvalidType: ``n`` is not an ``int``.
        InvalidValue: ``day`` (or the answer) is not in the covered years, or
            ``region`` is unknown.

    Examples:
        >>> from recouvrement.calendar import add_business_days
        >>> add_business_days("2025-07-11", 1)    # Friday -> Tuesday (14 July is a holiday)
        Date(2025, 7, 15)
        >>> add_business_days("2025-07-15", -1)
        Date(2025, 7, 11)
        >>> add_business_days("2025-07-12", 0)
        Date(2025, 7, 15)
    """
    date = to_date(day, "day")
    steps = to_int(n, "n")
    region = _region(region)
    ordinal = date.toordinal()
    _check_ordinal(ordinal, "day", day)
    if steps == 0:
        return from_ordinal(_next_business_ordinal(ordinal, region, "day", day))
    closed = _all_holiday_ordinals(region)
    step = 1 if steps > 0 else -1
    remaining = abs(steps)
    while remaining:
        ordinal += step
        if not _MIN_ORDINAL <= ordinal <= _MAX_ORDINAL:
            raise InvalidValue(
                "n", steps, f"the answer falls outside the covered years ({FIRST_YEAR}-{LAST_YEAR})"
            )
        if (ordinal - 1) % 7 < 5 and ordinal not in closed:
            remaining -= 1
    return from_ordinal(ordinal)


def business_days_between(
    start: Any, end: Any, *, region: HolidayRegion | str = HolidayRegion.METROPOLITAN
) -> int:
    """Count the business days after ``start`` up to and including ``end``.

    The day ``start`` is not counted, ``end`` is (like the day of the triggering
    act in CPC 641). So ``business_days_between(d, add_business_days(d, n)) == n``
    for any ``d`` and ``n >= 0``. When ``end`` is before ``start`` the count is
    negative: ``business_days_between(a, b) == -business_days_between(b, a)``.

    Args:
        start: First date (not counted).
        end: Last date (counted).
        region: `HolidayRegion` member or its value.

    Raises:
        InvalidValue: a date is not in the covered years, or ``region`` is unknown.

    Examples:
        >>> from recouvrement.calendar import business_days_between
        >>> business_days_between("2025-07-11", "2025-07-18")   # 14 July is a holiday
        4
        >>> business_days_between("2025-07-18", "2025-07-11")
        -4
    """
    first = to_date(start, "start")
    last = to_date(end, "end")
    region = _region(region)
    a, b = first.toordinal(), last.toordinal()
    _check_ordinal(a, "start", start)
    _check_ordinal(b, "end", end)
    sign = 1
    if b < a:
        a, b, sign = b, a, -1
    closed = _weekday_holidays(region)
    weekdays = _weekdays_through(b) - _weekdays_through(a)
    holidays_in = bisect_right(closed, b) - bisect_right(closed, a)
    return sign * (weekdays - holidays_in)


_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_in_month(year: int, month: int) -> int:
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _DAYS_IN_MONTH[month - 1]


def _add_months(date: _dt.date, months: int, field: str, value: Any) -> pendulum.Date:
    index = date.year * 12 + date.month - 1 + months
    year, month0 = divmod(index, 12)
    if not 1 <= year <= 9999:
        raise InvalidValue(field, value, "the result is outside the years 1 to 9999")
    month = month0 + 1
    return pendulum.Date(year, month, min(date.day, _days_in_month(year, month)))


def add_months(anchor: Any, months: int) -> pendulum.Date:
    """Return the date ``months`` months after ``anchor`` (before it when negative).

    The same day of the month (*quantième*), or the last day of the target month
    when it has no such day: the rule CPC 641 al. 2 sets for month periods. The
    answer is always computed from the anchor, never by chaining one-month
    steps: 31 January + 2 months is 31 March, not 28 March.

    Args:
        anchor: A `pendulum.Date`, a `datetime.date` or an ISO ``YYYY-MM-DD`` string.
        months: Months to add (may be negative or 0).

    Raises:
        InvalidType: ``months`` is not an ``int``.
        InvalidValue: ``anchor`` is not a date, or the result is outside years 1-9999.

    Examples:
        >>> from recouvrement.calendar import add_months
        >>> add_months("2025-01-31", 1), add_months("2024-01-31", 1), add_months("2025-01-31", 2)
        (Date(2025, 2, 28), Date(2024, 2, 29), Date(2025, 3, 31))
        >>> add_months("2025-03-31", -1)
        Date(2025, 2, 28)
    """
    date = to_date(anchor, "anchor")
    count = to_int(months, "months")
    return _add_months(date, count, "months", count)


# Named converters (mypy's attrs plugin only understands named functions).
def _start(value: Any) -> pendulum.Date:
    return to_date(value, "start")


def _nominal(value: Any) -> pendulum.Date:
    return to_date(value, "nominal")


def _date(value: Any) -> pendulum.Date:
    return to_date(value, "date")


def _reasons(value: Any) -> tuple[Reason, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, tuple | list):
        raise InvalidType("reasons", value, "a sequence of Reason")
    for index, item in enumerate(value):
        if not isinstance(item, Reason):
            raise InvalidType(f"reasons[{index}]", item, "Reason")
    return tuple(value)


def _check_deadline(instance: ProceduralDeadline, _: Any, value: pendulum.Date) -> None:
    if value < instance.nominal:
        raise InvalidValue("date", value, f"before the nominal last day {instance.nominal}")


def _check_bool(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, bool):
        raise InvalidType(attribute.name, value, "bool")


@attrs.frozen(slots=True, kw_only=True)
class ProceduralDeadline:
    """A procedural deadline (*délai de procédure*) counted under CPC 641, 642 and 643.

    The deadline expires at 24:00 on `date` (CPC 642): an act done on that day
    is in time.

    Attributes:
        start: The day of the act, event, decision or notification that starts
            the period (not counted, CPC 641).
        nominal: The last day of the period before any extension.
        date: The last day after the CPC 642 extension (``nominal`` when it is a
            business day).
        extended: Whether CPC 642 moved the last day (``date != nominal``).
        reasons: How the deadline was counted, each step with its article.

    Examples:
        >>> from recouvrement.calendar import procedural_deadline
        >>> d = procedural_deadline("2025-03-13", months=1)   # 13 April 2025 is a Sunday
        >>> d.nominal, d.date, d.extended
        (Date(2025, 4, 13), Date(2025, 4, 14), True)
        >>> [str(r.citation) for r in d.reasons]
        ['CPC 641', 'CPC 642', 'CPC 642']
    """

    start: pendulum.Date = attrs.field(converter=_start)
    nominal: pendulum.Date = attrs.field(converter=_nominal)
    date: pendulum.Date = attrs.field(converter=_date, validator=_check_deadline)
    extended: bool = attrs.field(validator=_check_bool)
    reasons: tuple[Reason, ...] = attrs.field(default=(), converter=_reasons)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-compatible dict (dates as ISO strings).

        Examples:
            >>> from recouvrement.calendar import procedural_deadline
            >>> data = procedural_deadline("2025-01-31", months=1).to_dict()
            >>> data["nominal"], data["date"], data["extended"]
            ('2025-02-28', '2025-02-28', False)
        """
        return {
            "start": self.start.isoformat(),
            "nominal": self.nominal.isoformat(),
            "date": self.date.isoformat(),
            "extended": self.extended,
            "reasons": [reason.to_dict() for reason in self.reasons],
        }


def _non_negative(value: Any, field: str) -> int:
    number = to_int(value, field)
    if number < 0:
        raise InvalidValue(field, number, "must be >= 0")
    return number


def _count_months(
    anchor: pendulum.Date,
    total_months: int,
    n_months: int,
    n_days: int,
    rules: ProceduralRules,
    reasons: list[Reason],
) -> _dt.date:
    """The end of the months of a procedural period (the anchor when there are none)."""
    after_months: _dt.date = anchor
    if total_months:
        after_months = _add_months(anchor, total_months, "months", n_months)
        if after_months.day == anchor.day:
            message = (
                f"{total_months} month(s) from {anchor.isoformat()} end on the same day of the "
                f"month (quantième): {after_months.isoformat()}"
            )
        else:
            message = (
                f"{total_months} month(s) from {anchor.isoformat()}: no day {anchor.day} in "
                f"that month, so the period ends on its last day, {after_months.isoformat()}"
            )
        if n_days:
            message += "; months are counted first, then days"
        reasons.append(
            Reason(
                "calendar.months",
                message,
                citation=rules.months,
                facts={"start": anchor, "months": total_months, "end_of_months": after_months},
            )
        )
    return after_months


def procedural_deadline(
    start: Any,
    *,
    months: int = 0,
    days: int = 0,
    region: HolidayRegion | str = HolidayRegion.METROPOLITAN,
    distance: Distance | str = Distance.NONE,
) -> ProceduralDeadline:
    """Count a procedural deadline (*délai de procédure*) under CPC 641, 642 and 643.

    - CPC 641 al. 1: for a period in days, the day of the act, event, decision or
      notification that starts it does not count (15 days from 1 March end on
      16 March).
    - CPC 641 al. 2: a period in months ends on the day of the last month with
      the same *quantième* as the start day, or on the last day of that month
      when there is none; months are counted first, then days. Months are always
      counted from ``start`` (`add_months`).
    - CPC 643: ``distance`` adds 1 month (overseas) or 2 months (abroad) to the
      period; the extra months are counted together with ``months`` from
      ``start``, before the days (the reading applied here). Pass it only for the
      deadlines CPC 643 lengthens, before a court of metropolitan France.
    - CPC 642: the deadline expires on its last day at 24:00; a last day that is
      a Saturday, a Sunday or a public holiday (*jour férié*) is extended to the
      next business day.

    Not for prescription: limitation periods are never extended this way
    (C. civ. 2228-2229; Cass. 2e civ., 7 Apr 2016, n° 15-12.960).

    Args:
        start: The day of the triggering act (`pendulum.Date`, `datetime.date` or
            ISO string).
        months: Months in the period (``>= 0``).
        days: Days in the period (``>= 0``); ``months`` and ``days`` are not both 0.
        region: Public holidays for the CPC 642 extension (`HolidayRegion`).
        distance: CPC 643 extra time (`Distance`).

    Returns:
        The `ProceduralDeadline` with its nominal and extended last day and reasons.

    Raises:
        InvalidType: ``months`` or ``days`` is not an ``int``.
        InvalidValue: a negative period, a zero period (``field == "months"``), a
            bad date, region or distance, or a last day outside the covered years.

    Examples:
        >>> from recouvrement.calendar import procedural_deadline
        >>> procedural_deadline("2025-01-31", months=1).date          # no 31 Feb: month end
        Date(2025, 2, 28)
        >>> procedural_deadline("2025-04-04", days=17).date           # Mon 21 Apr (Easter Monday)
        Date(2025, 4, 22)
        >>> procedural_deadline("2025-01-15", months=1, days=15).date  # 15 Feb, then +15 days
        Date(2025, 3, 3)
        >>> procedural_deadline("2025-01-15", months=1, distance="abroad").date
        Date(2025, 4, 15)
    """
    anchor = to_date(start, "start")
    n_months = _non_negative(months, "months")
    n_days = _non_negative(days, "days")
    if n_months == 0 and n_days == 0:
        raise InvalidValue(
            "months", n_months, "months and days are both 0: a deadline needs a period"
        )
    region = _region(region)
    distance = distance if type(distance) is Distance else to_enum(Distance, distance, "distance")

    rules = _rules(_DEFAULT)
    reasons: list[Reason] = []
    extra = rules.distance_months[distance.value]
    total_months = n_months + extra
    if extra:
        reasons.append(
            Reason(
                "calendar.distance",
                f"{extra} month(s) added for a party living "
                f"{'overseas' if distance is Distance.OVERSEAS else 'abroad'}",
                citation=rules.distance,
                facts={"distance": distance, "extra_months": extra},
            )
        )
    after_months = _count_months(anchor, total_months, n_months, n_days, rules, reasons)
    nominal_ordinal = after_months.toordinal() + n_days
    _check_ordinal(nominal_ordinal, "start", start)
    nominal = from_ordinal(nominal_ordinal)
    if n_days:
        origin = "the day of the triggering act" if not total_months else "the end of the months"
        reasons.append(
            Reason(
                "calendar.days",
                f"{n_days} day(s) counted from the day after {origin} "
                f"({after_months.isoformat()}, not counted): last day {nominal.isoformat()}",
                citation=rules.days,
                facts={"from": after_months, "days": n_days, "nominal": nominal},
            )
        )
    deadline_ordinal = _next_business_ordinal(nominal_ordinal, region, "start", start)
    reasons.append(
        Reason(
            "calendar.expiry",
            f"the deadline expires on its last day at 24:00 ({nominal.isoformat()})",
            citation=rules.expiry,
            facts={"nominal": nominal},
        )
    )
    if deadline_ordinal == nominal_ordinal:
        return ProceduralDeadline(
            start=anchor, nominal=nominal, date=nominal, extended=False, reasons=tuple(reasons)
        )
    deadline = from_ordinal(deadline_ordinal)
    kind = (
        "a Saturday"
        if nominal.isoweekday() == 6
        else "a Sunday"
        if nominal.isoweekday() == 7
        else "a public holiday"
    )
    reasons.append(
        Reason(
            "calendar.extended",
            f"{nominal.isoformat()} is {kind}: the deadline is extended to the next business "
            f"day, {deadline.isoformat()}",
            citation=rules.expiry,
            facts={"nominal": nominal, "date": deadline, "region": region},
        )
    )
    return ProceduralDeadline(
        start=anchor, nominal=nominal, date=deadline, extended=True, reasons=tuple(reasons)
    )
