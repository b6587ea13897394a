"""Tests for recouvrement.calendar: public holidays, business days, CPC 641/642/643.

Sources: the legal reference of the project (/work/shared/reference/french-law.md §A.6):
CPC 641 al. 1-2 (day of the act not counted; same quantième or month end; months then
days), CPC 642 (expiry at 24:00, extension to the next working day), CPC 643 (+1 month
overseas, +2 months abroad), C. trav. L3133-1 (the eleven fêtes légales) and L3134-13
(Alsace-Moselle: Good Friday, 26 December).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recouvrement.calendar import (
    FIRST_YEAR,
    LAST_YEAR,
    Distance,
    HolidayRegion,
    ProceduralDeadline,
    _holiday_ordinals,
    add_business_days,
    add_months,
    business_days_between,
    is_business_day,
    is_public_holiday,
    next_business_day,
    procedural_deadline,
    public_holidays,
)
from recouvrement.errors import InvalidType, InvalidValue, RecouvrementError
from recouvrement.explain import Citation

D = pendulum.Date


def _bad(value: Any) -> Any:
    """Pass a deliberately ill-typed value past the type checker."""
    return value


# ---------------------------------------------------------------------------
# Public holidays (C. trav. L3133-1, L3134-13)
# ---------------------------------------------------------------------------

# The L3133-1 list in force (1 Jan, Easter Monday, 1 May, 8 May, Ascension, Whit Monday,
# 14 Jul, 15 Aug, 1 Nov, 11 Nov, 25 Dec), written out by hand for three years.
LEGAL_2024 = [
    "2024-01-01", "2024-04-01", "2024-05-01", "2024-05-08", "2024-05-09", "2024-05-20",
    "2024-07-14", "2024-08-15", "2024-11-01", "2024-11-11", "2024-12-25",
]  # fmt: skip
LEGAL_2025 = [
    "2025-01-01", "2025-04-21", "2025-05-01", "2025-05-08", "2025-05-29", "2025-06-09",
    "2025-07-14", "2025-08-15", "2025-11-01", "2025-11-11", "2025-12-25",
]  # fmt: skip
LEGAL_2026 = [
    "2026-01-01", "2026-04-06", "2026-05-01", "2026-05-08", "2026-05-14", "2026-05-25",
    "2026-07-14", "2026-08-15", "2026-11-01", "2026-11-11", "2026-12-25",
]  # fmt: skip
GOOD_FRIDAY = {2024: "2024-03-29", 2025: "2025-04-18", 2026: "2026-04-03"}


@pytest.mark.parametrize(
    ("year", "expected"), [(2024, LEGAL_2024), (2025, LEGAL_2025), (2026, LEGAL_2026)]
)
def test_metropolitan_holidays_are_the_l3133_1_list(year: int, expected: list[str]) -> None:
    days = public_holidays(year)
    assert [d.isoformat() for d in days] == expected
    assert all(type(d) is pendulum.Date for d in days)


@pytest.mark.parametrize(
    ("year", "expected"), [(2024, LEGAL_2024), (2025, LEGAL_2025), (2026, LEGAL_2026)]
)
def test_alsace_moselle_adds_good_friday_and_26_december(year: int, expected: list[str]) -> None:
    days = public_holidays(year, region=HolidayRegion.ALSACE_MOSELLE)
    assert [d.isoformat() for d in days] == sorted([*expected, GOOD_FRIDAY[year], f"{year}-12-26"])


def _easter(year: int) -> dt.date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm), independent of `holidays`."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _legal_list(year: int, region: HolidayRegion) -> set[dt.date]:
    easter = _easter(year)
    days = {dt.date(year, m, d) for m, d in ((1, 1), (5, 1), (5, 8), (7, 14), (8, 15))}
    days |= {dt.date(year, m, d) for m, d in ((11, 1), (11, 11), (12, 25))}
    days |= {easter + dt.timedelta(days=n) for n in (1, 39, 50)}  # Easter Mon, Ascension, Whit Mon
    if region is HolidayRegion.ALSACE_MOSELLE:
        days |= {easter - dt.timedelta(days=2), dt.date(year, 12, 26)}
    return days


@pytest.mark.parametrize("region", list(HolidayRegion))
def test_every_covered_year_is_exactly_the_legal_list(region: HolidayRegion) -> None:
    # Cross-checks the `holidays` package, normalised, against the rule itself for every
    # covered year, including 2005-2007 when the package leaves Whit Monday out.
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        assert set(public_holidays(year, region=region)) == _legal_list(year, region), year


def test_whit_monday_is_kept_in_the_solidarity_day_years() -> None:
    # Easter 2006 was 16 April: Whit Monday 5 June 2006 stayed in the L3133-1 list.
    assert is_public_holiday("2006-06-05")
    assert D(2006, 6, 5) in public_holidays(2006)


def test_a_holiday_falling_on_another_appears_once() -> None:
    # 2008: Ascension fell on 1 May.
    days = public_holidays(2008)
    assert len(days) == len(set(days)) == 10
    assert D(2008, 5, 1) in days


def test_holidays_are_cached_per_year_and_region() -> None:
    first = _holiday_ordinals(2025, HolidayRegion.METROPOLITAN)
    assert isinstance(first, frozenset)
    assert _holiday_ordinals(2025, HolidayRegion.METROPOLITAN) is first
    assert _holiday_ordinals.cache_info().hits >= 1


def test_is_public_holiday_by_region() -> None:
    assert is_public_holiday("2025-07-14")
    assert is_public_holiday(dt.date(2025, 4, 21))  # Easter Monday
    assert not is_public_holiday("2025-04-18")  # Good Friday: metropolitan working day
    assert is_public_holiday("2025-04-18", region="alsace_moselle")
    assert is_public_holiday("2025-12-26", region="ALSACE_MOSELLE")
    assert not is_public_holiday("2025-12-26")


# ---------------------------------------------------------------------------
# Business days
# ---------------------------------------------------------------------------


def test_business_days() -> None:
    assert is_business_day("2025-07-11")  # Friday
    assert not is_business_day("2025-07-12")  # Saturday
    assert not is_business_day("2025-07-13")  # Sunday
    assert not is_business_day("2025-07-14")  # Monday, 14 July
    assert is_business_day(D(2025, 7, 15))
    assert is_business_day("2025-12-26")
    assert not is_business_day("2025-12-26", region=HolidayRegion.ALSACE_MOSELLE)


def test_next_business_day() -> None:
    assert next_business_day("2025-07-12") == D(2025, 7, 15)
    assert next_business_day("2025-07-15") == D(2025, 7, 15)
    # Good Friday, weekend, Easter Monday in Alsace-Moselle.
    assert next_business_day("2025-04-18", region="alsace_moselle") == D(2025, 4, 22)
    assert next_business_day("2025-04-18") == D(2025, 4, 18)


def test_add_business_days_examples() -> None:
    assert add_business_days("2025-07-11", 1) == D(2025, 7, 15)
    assert add_business_days("2025-07-11", 5) == D(2025, 7, 21)
    assert add_business_days("2025-07-15", -1) == D(2025, 7, 11)
    assert add_business_days("2025-07-12", 0) == D(2025, 7, 15)
    assert add_business_days("2025-07-12", -1) == D(2025, 7, 11)
    assert add_business_days("2025-12-24", 1, region="alsace_moselle") == D(2025, 12, 29)


def test_business_days_between_examples() -> None:
    assert business_days_between("2025-07-11", "2025-07-18") == 4  # 14 July off
    assert business_days_between("2025-07-18", "2025-07-11") == -4
    assert business_days_between("2025-07-11", "2025-07-11") == 0
    assert (
        business_days_between("2024-12-31", "2025-12-31") == 251
    )  # 261 weekdays, 10 holidays on one
    assert business_days_between("2024-12-31", "2025-12-31", region="alsace_moselle") == 249


# ---------------------------------------------------------------------------
# add_months: same quantième or month end, always from the anchor (CPC 641 al. 2)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("anchor", "months", "expected"),
    [
        ("2025-01-31", 1, "2025-02-28"),
        ("2024-01-31", 1, "2024-02-29"),
        ("2025-01-31", 2, "2025-03-31"),  # from the anchor, not 28 March
        ("2025-01-31", 3, "2025-04-30"),
        ("2025-03-31", -1, "2025-02-28"),
        ("2025-05-15", 0, "2025-05-15"),
        ("2025-11-30", 3, "2026-02-28"),
        ("2024-02-29", 12, "2025-02-28"),
        ("2024-02-29", 48, "2028-02-29"),
    ],
)
def test_add_months(anchor: str, months: int, expected: str) -> None:
    assert add_months(anchor, months) == D.fromisoformat(expected)
    assert type(add_months(anchor, months)) is pendulum.Date


# ---------------------------------------------------------------------------
# procedural_deadline: worked examples of CPC 641, 642, 643
# ---------------------------------------------------------------------------


def test_one_month_from_31_january_ends_on_the_last_day_of_february() -> None:
    # CPC 641 al. 2: no 31 February, so the period ends on the last day of the month.
    d = procedural_deadline("2025-01-31", months=1)
    assert (d.nominal, d.date, d.extended) == (D(2025, 2, 28), D(2025, 2, 28), False)
    leap = procedural_deadline("2024-01-31", months=1)
    assert (leap.nominal, leap.date) == (D(2024, 2, 29), D(2024, 2, 29))


def test_same_quantieme() -> None:
    # CPC 641 al. 2: the day of the last month with the same quantième.
    d = procedural_deadline("2025-03-10", months=2)
    assert d.nominal == D(2025, 5, 10)  # Saturday
    assert d.date == D(2025, 5, 12)


def test_day_of_the_act_is_not_counted() -> None:
    # CPC 641 al. 1: 15 days from 1 March end on 16 March (a Sunday -> Monday 17).
    d = procedural_deadline("2025-03-01", days=15)
    assert d.nominal == D(2025, 3, 16)
    assert d.date == D(2025, 3, 17)


def test_a_deadline_on_a_saturday_moves_to_monday() -> None:
    # CPC 642: Saturday 20 September 2025 -> Monday 22 September 2025.
    d = procedural_deadline("2025-09-05", days=15)
    assert d.nominal == D(2025, 9, 20)
    assert (d.date, d.extended) == (D(2025, 9, 22), True)


def test_a_deadline_on_14_july_moves_to_the_next_business_day() -> None:
    # CPC 642: Monday 14 July 2025 is a public holiday (L3133-1).
    d = procedural_deadline("2025-06-14", months=1)
    assert (d.nominal, d.date, d.extended) == (D(2025, 7, 14), D(2025, 7, 15), True)


def test_a_deadline_on_easter_monday_moves_to_tuesday() -> None:
    d = procedural_deadline("2025-03-21", months=1)
    assert (d.nominal, d.date) == (D(2025, 4, 21), D(2025, 4, 22))


def test_a_deadline_on_a_saturday_before_a_holiday_monday() -> None:
    # 12 July 2025 (Saturday), 13 (Sunday), 14 (holiday) -> Tuesday 15 July.
    d = procedural_deadline("2025-06-27", days=15)
    assert (d.nominal, d.date) == (D(2025, 7, 12), D(2025, 7, 15))


def test_months_are_counted_first_then_days() -> None:
    # CPC 641 al. 2: 1 month and 2 days from 30 January 2025: 28 February, then 2 March
    # (days first would give 1 March). 2 March is a Sunday -> Monday 3 March.
    d = procedural_deadline("2025-01-30", months=1, days=2)
    assert d.nominal == D(2025, 3, 2)
    assert d.date == D(2025, 3, 3)


def test_alsace_moselle_extension_is_an_option() -> None:
    # Friday 26 December 2025: a working day in metropolitan France, a holiday in
    # Alsace-Moselle (L3134-13).
    metro = procedural_deadline("2025-11-26", months=1)
    assert (metro.date, metro.extended) == (D(2025, 12, 26), False)
    alsace = procedural_deadline("2025-11-26", months=1, region=HolidayRegion.ALSACE_MOSELLE)
    assert (alsace.date, alsace.extended) == (D(2025, 12, 29), True)


def test_distance_adds_months_cpc_643() -> None:
    base = procedural_deadline("2025-01-15", months=1)
    overseas = procedural_deadline("2025-01-15", months=1, distance=Distance.OVERSEAS)
    abroad = procedural_deadline("2025-01-15", months=1, distance="abroad")
    assert base.date == D(2025, 2, 17)  # 15 February 2025 is a Saturday
    assert overseas.date == D(2025, 3, 17)  # 15 March is a Saturday too
    assert abroad.date == D(2025, 4, 15)
    assert Citation("CPC", "643") in [r.citation for r in abroad.reasons]
    assert Citation("CPC", "643") not in [r.citation for r in base.reasons]
    # Months from the anchor: 31 January + 1 + 2 months is 30 April, not 28 April.
    assert procedural_deadline("2025-01-31", months=1, distance="abroad").nominal == D(2025, 4, 30)
    # Days-only period: the extra months come first, then the days.
    assert procedural_deadline("2025-01-15", days=15, distance="overseas").nominal == D(2025, 3, 2)


def test_reasons_cite_cpc_641_and_642() -> None:
    d = procedural_deadline("2025-06-14", months=1)
    assert [r.code for r in d.reasons] == [
        "calendar.months",
        "calendar.expiry",
        "calendar.extended",
    ]
    assert [r.citation for r in d.reasons] == [
        Citation("CPC", "641"),
        Citation("CPC", "642"),
        Citation("CPC", "642"),
    ]
    assert "public holiday" in d.reasons[-1].message
    plain = procedural_deadline("2025-01-31", months=1)
    assert [r.code for r in plain.reasons] == ["calendar.months", "calendar.expiry"]
    assert "last day" in plain.reasons[0].message
    days = procedural_deadline("2025-03-01", days=15)
    assert days.reasons[0].citation == Citation("CPC", "641")
    assert "Sunday" in days.reasons[-1].message


def test_accepts_every_date_form() -> None:
    expected = procedural_deadline("2025-01-31", months=1)
    assert procedural_deadline(dt.date(2025, 1, 31), months=1) == expected
    assert procedural_deadline(D(2025, 1, 31), months=1) == expected
    assert type(expected.date) is pendulum.Date


def test_procedural_deadline_to_dict() -> None:
    data = procedural_deadline("2025-06-14", months=1).to_dict()
    assert data["start"] == "2025-06-14"
    assert (data["nominal"], data["date"], data["extended"]) == ("2025-07-14", "2025-07-15", True)
    assert data["reasons"][0]["citation"] == {"code": "CPC", "article": "641"}


def test_procedural_deadline_record_is_validated() -> None:
    with pytest.raises(InvalidValue) as info:
        ProceduralDeadline(
            start="2025-01-01", nominal="2025-01-10", date="2025-01-09", extended=False
        )
    assert info.value.field == "date"
    with pytest.raises(InvalidType) as type_info:
        ProceduralDeadline(
            start="2025-01-01", nominal="2025-01-10", date="2025-01-10", extended=_bad("no")
        )
    assert type_info.value.field == "extended"
    with pytest.raises(InvalidValue) as date_info:
        ProceduralDeadline(
            start="01/01/2025", nominal="2025-01-10", date="2025-01-10", extended=False
        )
    assert date_info.value.field == "start"


# ---------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "error", "field"),
    [
        (lambda: procedural_deadline("31/01/2025", months=1), InvalidValue, "start"),
        (lambda: procedural_deadline(dt.datetime(2025, 1, 31), months=1), InvalidType, "start"),  # noqa: DTZ001
        (lambda: procedural_deadline("2025-01-31", months=-1), InvalidValue, "months"),
        (lambda: procedural_deadline("2025-01-31", days=-3), InvalidValue, "days"),
        (lambda: procedural_deadline("2025-01-31"), InvalidValue, "months"),
        (lambda: procedural_deadline("2025-01-31", days=_bad(1.5)), InvalidType, "days"),
        (lambda: procedural_deadline("2025-01-31", months=_bad("1")), InvalidType, "months"),
        (lambda: procedural_deadline("2025-01-31", days=True), InvalidType, "days"),
        (
            lambda: procedural_deadline("2025-01-31", days=1, region="corsica"),
            InvalidValue,
            "region",
        ),
        (
            lambda: procedural_deadline("2025-01-31", days=1, distance="moon"),
            InvalidValue,
            "distance",
        ),
        (lambda: procedural_deadline("1975-01-31", days=1), InvalidValue, "start"),
        (lambda: procedural_deadline("2100-12-15", months=1), InvalidValue, "start"),
        (lambda: public_holidays(1970), InvalidValue, "year"),
        (lambda: public_holidays(2101), InvalidValue, "year"),
        (lambda: public_holidays(_bad("2025")), InvalidType, "year"),
        (lambda: public_holidays(2025, region=_bad(1)), InvalidValue, "region"),
        (lambda: is_business_day("2025-02-30"), InvalidValue, "day"),
        (lambda: is_business_day(20250101), InvalidType, "day"),
        (lambda: is_business_day("1970-01-01"), InvalidValue, "day"),
        (lambda: is_public_holiday(None), InvalidType, "day"),
        (lambda: next_business_day("2101-01-01"), InvalidValue, "day"),
        (lambda: add_business_days("2025-01-02", _bad("1")), InvalidType, "n"),
        (lambda: add_business_days("2100-12-30", 5), InvalidValue, "n"),
        (lambda: add_business_days("1982-01-05", -5), InvalidValue, "n"),
        (lambda: business_days_between("2025-01-01", "x"), InvalidValue, "end"),
        (lambda: business_days_between("1960-01-01", "2025-01-01"), InvalidValue, "start"),
        (lambda: add_months("2025-13-01", 1), InvalidValue, "anchor"),
        (lambda: add_months("2025-01-31", _bad(1.0)), InvalidType, "months"),
        (lambda: add_months("9999-12-31", 1), InvalidValue, "months"),
    ],
)
def test_bad_input_names_the_field(call: Any, error: type[RecouvrementError], field: str) -> None:
    with pytest.raises(error) as info:
        call()
    assert isinstance(info.value, RecouvrementError)
    assert info.value.field == field
    assert field in str(info.value)


def test_zero_period_message() -> None:
    with pytest.raises(ValueError, match="both 0"):
        procedural_deadline("2025-01-31", months=0, days=0)


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------

REGIONS = st.sampled_from(list(HolidayRegion))
DATES = st.dates(min_value=dt.date(FIRST_YEAR, 1, 1), max_value=dt.date(LAST_YEAR - 1, 12, 31))
# Far enough inside the covered years for +/- 300 business days or 26 months + 400 days.
INNER_DATES = st.dates(
    min_value=dt.date(FIRST_YEAR + 2, 1, 1), max_value=dt.date(LAST_YEAR - 4, 12, 31)
)


def _days_in_month(year: int, month: int) -> int:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).day


@settings(max_examples=300, deadline=None)
@given(
    start=INNER_DATES,
    months=st.integers(min_value=0, max_value=24),
    days=st.integers(min_value=0, max_value=400),
    region=REGIONS,
    distance=st.sampled_from(list(Distance)),
)
def test_procedural_deadline_properties(
    start: dt.date, months: int, days: int, region: HolidayRegion, distance: Distance
) -> None:
    if months == 0 and days == 0:
        days = 1
    d = procedural_deadline(start, months=months, days=days, region=region, distance=distance)
    assert d.start == start
    expected_nominal = add_months(start, months + distance.extra_months).add(days=days)
    assert d.nominal == expected_nominal
    assert d.nominal > d.start
    assert d.date >= d.nominal
    assert is_business_day(d.date, region=region)
    assert d.extended == (not is_business_day(d.nominal, region=region))
    assert d.extended == (d.date != d.nominal)
    assert d.date == next_business_day(d.nominal, region=region)
    assert all(r.citation is not None for r in d.reasons)
    assert {r.citation for r in d.reasons} >= {Citation("CPC", "641"), Citation("CPC", "642")}


@settings(max_examples=300, deadline=None)
@given(anchor=st.dates(), months=st.integers(min_value=-2400, max_value=2400))
def test_add_months_properties(anchor: dt.date, months: int) -> None:
    index = anchor.year * 12 + anchor.month - 1 + months
    year, month0 = divmod(index, 12)
    if not 1 <= year <= 9999:
        with pytest.raises(InvalidValue):
            add_months(anchor, months)
        return
    result = add_months(anchor, months)
    assert (result.year, result.month) == (year, month0 + 1)
    assert result.day == min(anchor.day, _days_in_month(year, month0 + 1))


@settings(max_examples=300, deadline=None)
@given(anchor=st.dates(), months=st.integers(min_value=-2400, max_value=2400))
def test_procedure_months_are_add_months_on_ordinals(anchor: dt.date, months: int) -> None:
    # the French procedure deadlines add months on ordinals: the same day, the same error
    from recouvrement.jurisdictions.fr.procedure_data import _add_months_ordinal

    try:
        expected = add_months(anchor, months).toordinal()
    except InvalidValue:
        with pytest.raises(InvalidValue):
            _add_months_ordinal(anchor.toordinal(), months)
    else:
        assert _add_months_ordinal(anchor.toordinal(), months) == expected


@settings(max_examples=200, deadline=None)
@given(day=DATES, region=REGIONS)
def test_next_business_day_properties(day: dt.date, region: HolidayRegion) -> None:
    result = next_business_day(day, region=region)
    assert result >= day
    assert is_business_day(result, region=region)
    assert next_business_day(result, region=region) == result  # idempotent
    assert (result == day) == is_business_day(day, region=region)
    ordinal = day.toordinal()
    while ordinal < result.toordinal():  # nothing skipped
        assert not is_business_day(dt.date.fromordinal(ordinal), region=region)
        ordinal += 1


@settings(max_examples=200, deadline=None)
@given(day=INNER_DATES, n=st.integers(min_value=-300, max_value=300), region=REGIONS)
def test_add_business_days_round_trip(day: dt.date, n: int, region: HolidayRegion) -> None:
    moved = add_business_days(day, n, region=region)
    assert is_business_day(moved, region=region)
    start = next_business_day(day, region=region)
    if is_business_day(day, region=region):
        assert start == day
        assert add_business_days(moved, -n, region=region) == start
        assert business_days_between(day, moved, region=region) == n
    elif n == 0:
        assert moved == start  # 0 rolls forward
    if n >= 1:  # n-th business day strictly after `day`, whatever `day` is
        assert business_days_between(day, moved, region=region) == n
        assert moved > day
    if n <= -1:
        assert moved < day


@settings(max_examples=150, deadline=None)
@given(start=INNER_DATES, span=st.integers(min_value=-120, max_value=120), region=REGIONS)
def test_business_days_between_matches_a_day_by_day_count(
    start: dt.date, span: int, region: HolidayRegion
) -> None:
    end = start + dt.timedelta(days=span)
    low, high = sorted((start, end))
    counted = sum(
        is_business_day(low + dt.timedelta(days=k), region=region)
        for k in range(1, (high - low).days + 1)
    )
    expected = counted if end >= start else -counted
    assert business_days_between(start, end, region=region) == expected
    assert business_days_between(end, start, region=region) == -expected
