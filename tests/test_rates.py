"""Rate tables: packaged figures, lookups, RateNotPublished, user tables.

The expected figures are transcribed from the project's legal reference
(/work/shared/reference/french-law.md §C.2 and §C.3), which cites the Direction générale
du Trésor [60], the JORF arrêté of 15/12/2025 [69], Banque de France [70] and
Banka Slovenije [71] among others.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import attrs
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recouvrement.errors import (
    InvalidData,
    InvalidType,
    InvalidValue,
    RateNotPublished,
    RecouvrementError,
)
from recouvrement.parties import PartyKind
from recouvrement.rates import (
    INDIVIDUAL,
    OTHER,
    RateRow,
    RateTable,
    data_version,
    ecb_refinancing_rate,
    half_year_label,
    legal_interest_category,
    legal_interest_rate,
)

# §C.3 "With effect from" -> MRO rate.
ECB_REFERENCE = [
    ("2007-06-13", "4.00"),
    ("2008-07-09", "4.25"),
    ("2008-10-15", "3.75"),
    ("2008-11-12", "3.25"),
    ("2008-12-10", "2.50"),
    ("2009-01-21", "2.00"),
    ("2009-03-11", "1.50"),
    ("2009-04-08", "1.25"),
    ("2009-05-13", "1.00"),
    ("2011-04-13", "1.25"),
    ("2011-07-13", "1.50"),
    ("2011-11-09", "1.25"),
    ("2011-12-14", "1.00"),
    ("2012-07-11", "0.75"),
    ("2013-05-08", "0.50"),
    ("2013-11-13", "0.25"),
    ("2014-06-11", "0.15"),
    ("2014-09-10", "0.05"),
    ("2016-03-16", "0.00"),
    ("2022-07-27", "0.50"),
    ("2022-09-14", "1.25"),
    ("2022-11-02", "2.00"),
    ("2022-12-21", "2.50"),
    ("2023-02-08", "3.00"),
    ("2023-03-22", "3.50"),
    ("2023-05-10", "3.75"),
    ("2023-06-21", "4.00"),
    ("2023-08-02", "4.25"),
    ("2023-09-20", "4.50"),
    ("2024-06-12", "4.25"),
    ("2024-09-18", "3.65"),
    ("2024-10-23", "3.40"),
    ("2024-12-18", "3.15"),
    ("2025-02-05", "2.90"),
    ("2025-03-12", "2.65"),
    ("2025-04-23", "2.40"),
    ("2025-06-11", "2.15"),
]

# §C.2 half-year -> (particuliers, autres cas).
LEGAL_REFERENCE = {
    (2015, 1): ("4.06", "0.93"),
    (2015, 2): ("4.29", "0.99"),
    (2016, 1): ("4.54", "1.01"),
    (2016, 2): ("4.35", "0.93"),
    (2017, 1): ("4.16", "0.90"),
    (2017, 2): ("3.94", "0.90"),
    (2018, 1): ("3.73", "0.89"),
    (2018, 2): ("3.60", "0.88"),
    (2019, 1): ("3.40", "0.86"),
    (2019, 2): ("3.26", "0.87"),
    (2020, 1): ("3.15", "0.87"),
    (2020, 2): ("3.11", "0.84"),
    (2021, 1): ("3.14", "0.79"),
    (2021, 2): ("3.12", "0.76"),
    (2022, 1): ("3.13", "0.76"),
    (2022, 2): ("3.15", "0.77"),
    (2023, 1): ("4.47", "2.06"),
    (2023, 2): ("6.82", "4.22"),
    (2024, 1): ("8.01", "5.07"),
    (2024, 2): ("8.16", "4.92"),
    (2025, 1): ("7.21", "3.71"),
    (2025, 2): ("6.65", "2.76"),
    (2026, 1): ("6.67", "2.62"),
}


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@pytest.mark.parametrize(("effective", "rate"), ECB_REFERENCE)
def test_ecb_rate_on_effective_date_matches_reference(effective: str, rate: str) -> None:
    assert ecb_refinancing_rate(effective) == Decimal(rate)
    assert str(ecb_refinancing_rate(effective)) == rate  # the exact figure, "4.50" not "4.5"


@pytest.mark.parametrize("index", range(1, len(ECB_REFERENCE)))
def test_ecb_rate_day_before_each_change_is_the_previous_rate(index: int) -> None:
    day_before = _day(ECB_REFERENCE[index][0]) - dt.timedelta(days=1)
    assert ecb_refinancing_rate(day_before) == Decimal(ECB_REFERENCE[index - 1][1])


def test_ecb_rate_in_force_on_1_january_2008_is_the_minimum_bid_rate() -> None:
    # §C.3: 4.00 % (13/06/2007) was in force on 01/01/2008.
    assert ecb_refinancing_rate("2008-01-01") == Decimal("4.00")


def test_ecb_last_confirmed_date_and_beyond() -> None:
    # Unchanged at 05/02/2026 [73]; nothing published after (U): never extrapolated.
    assert ecb_refinancing_rate("2026-02-05") == Decimal("2.15")
    with pytest.raises(RateNotPublished) as info:
        ecb_refinancing_rate("2026-07-01")
    error = info.value
    assert isinstance(error, LookupError)
    assert isinstance(error, RecouvrementError)
    assert error.table == "ecb_mro"
    assert error.period == "2026 S2"
    assert "2026-02-05" in str(error)


@pytest.mark.parametrize(("half_year", "rates"), sorted(LEGAL_REFERENCE.items()))
def test_legal_rate_matches_reference(half_year: tuple[int, int], rates: tuple[str, str]) -> None:
    year, half = half_year
    first = dt.date(year, 1 if half == 1 else 7, 1)
    last = dt.date(year, 6, 30) if half == 1 else dt.date(year, 12, 31)
    individual, other = (Decimal(r) for r in rates)
    for day in (first, last):
        assert legal_interest_rate(day, creditor_kind=PartyKind.INDIVIDUAL) == individual
        assert legal_interest_rate(day, creditor_kind=PartyKind.PROFESSIONAL) == other
        assert legal_interest_rate(day, creditor_kind=PartyKind.PUBLIC_BODY) == other


def test_legal_rate_2026_s2_not_published_names_the_half_year() -> None:
    with pytest.raises(RateNotPublished) as info:
        legal_interest_rate("2026-08-15", creditor_kind="individual")
    assert info.value.period == "2026 S2"
    assert info.value.table == "fr_legal_interest"


# §C.2, "Single annual rate before 2015, for history": [60] (Trésor, P) for 2011-2014,
# avocats-cohen-tokar.com (S) for 2009 and 2010.
LEGAL_BEFORE_2015 = {
    2009: ("3.79", "S"),
    2010: ("0.65", "S"),
    2011: ("0.38", "P"),
    2012: ("0.71", "P"),
    2013: ("0.04", "P"),
    2014: ("0.04", "P"),
}


@pytest.mark.parametrize(("year", "rate_mark"), sorted(LEGAL_BEFORE_2015.items()))
def test_c_mon_fin_l313_2_single_annual_rate_before_2015_in_both_categories(
    year: int, rate_mark: tuple[str, str]
) -> None:
    rate, mark = rate_mark
    for day in (
        dt.date(year, 1, 1),
        dt.date(year, 6, 30),
        dt.date(year, 7, 1),
        dt.date(year, 12, 31),
    ):
        for kind in PartyKind:
            assert legal_interest_rate(day, creditor_kind=kind) == Decimal(rate)
    rows = [
        r for r in RateTable.legal_interest().rows if r.effective_from == pendulum.Date(year, 1, 1)
    ]
    assert {r.category for r in rows} == {INDIVIDUAL, OTHER}
    assert {(r.effective_to, r.confidence) for r in rows} == {(pendulum.Date(year, 12, 31), mark)}
    assert all(r.source for r in rows)


def test_legal_rate_before_2009_is_not_in_the_table() -> None:
    with pytest.raises(RateNotPublished) as info:
        legal_interest_rate("2008-12-31", creditor_kind="professional")
    assert info.value.period == "2008 S2"
    assert "starts 2009-01-01" in str(info.value)


def test_creditor_kind_categories() -> None:
    assert legal_interest_category(PartyKind.INDIVIDUAL) == INDIVIDUAL
    assert legal_interest_category(PartyKind.PROFESSIONAL) == OTHER
    assert legal_interest_category(PartyKind.PUBLIC_BODY) == OTHER
    with pytest.raises(InvalidValue):
        legal_interest_category("company")


def test_packaged_files_have_provenance_headers() -> None:
    package = Path(__file__).resolve().parents[1] / "src" / "recouvrement"
    for name in ("data/ecb_mro_rate.csv", "jurisdictions/fr/data/fr_legal_interest_rate.csv"):
        header = [
            line
            for line in (package / name).read_text("utf-8").splitlines()
            if line.startswith("#")
        ]
        keys = {line[1:].split(":", 1)[0].strip() for line in header}
        assert {"table", "checked", "published_to", "confidence"} <= keys
        assert any("https://" in line for line in header if line.startswith("# source"))


def test_every_packaged_row_is_p_or_s() -> None:
    for table in (RateTable.ecb(), RateTable.legal_interest()):
        assert {row.confidence for row in table.rows} <= {"P", "S"}
        assert all(row.source for row in table.rows)


def test_packaged_tables_are_parsed_once() -> None:
    assert RateTable.ecb() is RateTable.ecb()
    assert RateTable.legal_interest() is RateTable.legal_interest()


def test_data_version() -> None:
    version = data_version()
    assert set(version) == {"ecb_mro", "fr_legal_interest"}
    ecb = version["ecb_mro"]
    assert ecb["published_to"] == "2026-02-05"
    assert ecb["first_date"] == "2007-06-13"
    assert ecb["checked"] == "2026-11-22"
    assert ecb["origin"] == "ecb_mro_rate.csv"
    assert any("banque-france.fr" in s for s in ecb["sources"])
    legal = version["fr_legal_interest"]
    assert legal["published_to"] == "2026-06-30"
    assert legal["rows"] == 2 * len(LEGAL_REFERENCE) + 2 * len(LEGAL_BEFORE_2015)
    assert legal["first_date"] == "2009-01-01"
    assert legal["confidence"] == ["P", "S"]


def test_half_year_label() -> None:
    assert half_year_label("2026-01-01") == "2026 S1"
    assert half_year_label(pendulum.Date(2026, 12, 31)) == "2026 S2"


# -- user tables ----------------------------------------------------------------------------


def test_with_row_closes_the_open_row_and_extends_publication() -> None:
    packaged = RateTable.ecb()
    mine = packaged.with_row("2026-04-15", "1.90", published_to="2026-12-31", source="ECB")
    assert mine.rate_on("2026-04-14") == Decimal("2.15")
    assert mine.rate_on("2026-04-15") == Decimal("1.90")
    assert mine.rate_on("2026-12-31") == Decimal("1.90")
    with pytest.raises(RateNotPublished):
        mine.rate_on("2027-01-01")
    # The packaged table is untouched.
    assert packaged.published_to == pendulum.Date(2026, 2, 5)
    with pytest.raises(RateNotPublished):
        ecb_refinancing_rate("2026-04-15")
    assert ecb_refinancing_rate("2026-04-15", table=mine) == Decimal("1.90")


def test_with_row_open_ended_without_published_to_only_covers_its_first_day() -> None:
    mine = RateTable.ecb().with_row("2026-04-15", "1.90")
    assert mine.published_to == pendulum.Date(2026, 4, 15)
    with pytest.raises(RateNotPublished):
        mine.rate_on("2026-04-16")


def test_gap_between_published_to_and_a_later_row_raises() -> None:
    # Known up to 2026-02-05, then a row from 2026-06-10: the days between are unknown.
    mine = RateTable.from_rows(
        "ecb_mro",
        [
            RateRow(effective_from="2025-06-11", effective_to="2026-02-05", rate="2.15"),
            RateRow(effective_from="2026-06-10", effective_to="2026-12-31", rate="2.00"),
        ],
    )
    assert mine.rate_on("2026-06-10") == Decimal("2.00")
    with pytest.raises(RateNotPublished) as info:
        mine.rate_on("2026-03-01")
    assert info.value.period == "2026 S1"


def test_with_half_year_adds_both_categories() -> None:
    mine = RateTable.legal_interest().with_half_year(
        2026, 2, individual="6.50", other="2.50", source="arrêté (test)"
    )
    assert legal_interest_rate("2026-07-01", creditor_kind="individual", table=mine) == Decimal(
        "6.50"
    )
    assert legal_interest_rate("2026-12-31", creditor_kind="professional", table=mine) == Decimal(
        "2.50"
    )
    with pytest.raises(InvalidValue):
        RateTable.legal_interest().with_half_year(2026, 3, individual="1", other="1")


def test_caller_rows_are_marked_user_unless_a_mark_is_given() -> None:
    mine = RateTable.ecb().with_row("2026-04-15", "1.90", published_to="2026-12-31")
    assert mine.rows[-1].confidence == "user"
    assert "user" in mine.describe()["confidence"]
    sourced = RateTable.ecb().with_row("2026-04-15", "1.90", confidence="S")
    assert sourced.rows[-1].confidence == "S"
    legal = RateTable.legal_interest().with_half_year(2026, 2, individual="6.5", other="2.5")
    added = [r for r in legal.rows if r.effective_from == pendulum.Date(2026, 7, 1)]
    assert {r.confidence for r in added} == {"user"}
    assert RateRow(effective_from="2026-01-01", rate="1", confidence="USER").confidence == "user"
    # The packaged rows keep their P / S marks.
    assert {r.confidence for r in RateTable.ecb().rows} <= {"P", "S"}


def test_with_published_to_confirms_an_unchanged_rate() -> None:
    mine = RateTable.ecb().with_published_to("2026-06-30")
    assert mine.rate_on("2026-06-30") == Decimal("2.15")


def test_only_one_category_added_leaves_the_other_unpublished() -> None:
    mine = RateTable.legal_interest().with_row(
        "2026-07-01", "6.5", effective_to="2026-12-31", category="individual"
    )
    assert mine.rate_on("2026-08-01", category="individual") == Decimal("6.5")
    with pytest.raises(RateNotPublished):
        mine.rate_on("2026-08-01", category="other")


def test_bad_tables_are_refused() -> None:
    with pytest.raises(InvalidValue, match="overlaps"):
        RateTable.from_rows(
            "t",
            [
                RateRow(effective_from="2025-01-01", effective_to="2025-12-31", rate="1"),
                RateRow(effective_from="2025-06-01", effective_to="2025-12-31", rate="2"),
            ],
        )
    with pytest.raises(InvalidValue, match="not the last"):
        RateTable.from_rows(
            "t",
            [
                RateRow(effective_from="2025-01-01", rate="1"),
                RateRow(effective_from="2025-06-01", effective_to="2025-12-31", rate="2"),
            ],
            published_to="2025-12-31",
        )
    with pytest.raises(InvalidValue, match="published_to"):
        RateTable.from_rows("t", [RateRow(effective_from="2025-01-01", rate="1")])
    with pytest.raises(InvalidValue, match="unconfirmed"):
        RateRow(effective_from="2026-07-01", rate="2", confidence="U")
    with pytest.raises(InvalidValue, match="before effective_from"):
        RateRow(effective_from="2026-07-01", effective_to="2026-06-30", rate="2")
    with pytest.raises(InvalidType):
        RateRow(effective_from="2026-07-01", rate=2.5)
    with pytest.raises(InvalidType):
        ecb_refinancing_rate("2025-01-01", table="ecb")  # type: ignore[arg-type]
    with pytest.raises(InvalidValue, match="categories"):
        RateTable.legal_interest().rate_on("2025-01-01")


def test_table_is_frozen_and_comparable() -> None:
    table = RateTable.ecb()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        table.name = "x"  # type: ignore[misc]
    assert table.with_published_to("2026-02-05") == attrs.evolve(table, origin="custom")
    assert hash(table) == hash(attrs.evolve(table))


def test_load_reads_the_packaged_format(tmp_path: Path) -> None:
    source = (
        Path(__file__).resolve().parents[1]
        / "src"
        / "recouvrement"
        / "jurisdictions"
        / "fr"
        / "data"
    )
    copy = tmp_path / "legal.csv"
    copy.write_text((source / "fr_legal_interest_rate.csv").read_text("utf-8"), "utf-8")
    loaded = RateTable.load(copy)
    assert loaded.rows == RateTable.legal_interest().rows
    bad = tmp_path / "bad.csv"
    bad.write_text("# table: t\n# published_to: 2025-01-01\na,b\n1,2\n", "utf-8")
    with pytest.raises(InvalidData):
        RateTable.load(bad)
    unconfirmed = tmp_path / "u.csv"
    unconfirmed.write_text(
        "# table: t\n# published_to: 2026-12-31\n"
        "effective_from,effective_to,category,rate,confidence,source,note\n"
        "2026-07-01,,,2.00,U,guess,\n",
        "utf-8",
    )
    with pytest.raises(InvalidData, match="unconfirmed"):
        RateTable.load(unconfirmed)


def _linear(table: RateTable, day: dt.date, category: str | None) -> Decimal | None:
    for row in table.rows:
        if row.category != category:
            continue
        end = row.effective_to or table.published_to
        if row.effective_from <= day <= end and day <= table.published_to:
            return row.rate
    return None


@settings(max_examples=300, deadline=None)
@given(
    day=st.dates(min_value=dt.date(2006, 1, 1), max_value=dt.date(2027, 12, 31)),
    category=st.sampled_from([None, INDIVIDUAL, OTHER]),
)
def test_lookup_agrees_with_a_linear_scan(day: dt.date, category: str | None) -> None:
    table = RateTable.ecb() if category is None else RateTable.legal_interest()
    expected = _linear(table, day, category)
    if expected is None:
        with pytest.raises(RateNotPublished):
            table.rate_on(day, category=category)
    else:
        assert table.rate_on(day, category=category) == expected
