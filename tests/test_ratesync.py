"""Rates that stay current: check, update from recorded answers, user tables."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pendulum
import pytest

from recouvrement.errors import InvalidData, InvalidValue, RateNotPublished
from recouvrement.interest import late_interest
from recouvrement.rates import RateRow, RateTable
from recouvrement.ratesync import (
    ECB_MRO_URL,
    RatesFetchError,
    check,
    load_user_tables,
    merge_tables,
    parse_ecb_sdmx_csv,
    parse_legal_rate_arrete,
    rates_dir_from_env,
    table_to_text,
    update,
    urllib_fetch,
)
from recouvrement.sample import sample_claim

RECORDED = Path(__file__).parent / "fixtures" / "rates"
LEGAL_URL = "https://www.legifrance.gouv.fr/jorf/id/EXAMPLE"


def _recorded(ecb: str, legal: str = "arrete_2026_s1.html") -> dict[str, bytes]:
    return {
        ECB_MRO_URL: (RECORDED / ecb).read_bytes(),
        LEGAL_URL: (RECORDED / legal).read_bytes(),
    }


# -- check -----------------------------------------------------------------------------------


def test_check_is_ok_inside_the_packaged_tables() -> None:
    report = check(as_of="2026-01-15")
    assert report.ok
    assert report.to_dict()["ok"] is True


def test_check_names_what_is_missing_after_the_tables() -> None:
    report = check(as_of="2026-07-01")
    assert report.missing == (
        "ecb_mro on 2026-07-01 (2026 S2)",
        "fr_legal_interest for 2026 S2",
    )
    legal = report.tables[1]
    assert legal.days_behind == 1
    assert legal.published_to.isoformat() == "2026-06-30"


def test_check_with_user_tables_is_ok() -> None:
    result = update(
        as_of="2026-12-01",
        fetch=_recorded("ecb_mro_unchanged.csv", "arrete_synthetic_2026_s2.html").__getitem__,
        legal_url=LEGAL_URL,
    )
    assert check(as_of="2026-11-30", rates=result.tables).ok


# -- update ------------------------------------------------------------------------------------


def test_an_unchanged_ecb_rate_extends_the_table_to_the_date_of_the_update() -> None:
    result = update(as_of="2026-12-01", fetch=_recorded("ecb_mro_unchanged.csv").__getitem__)
    assert result.diffs == ()
    assert result.lines() == ["no new rate found (as of 2026-12-01)"]
    (ecb,) = result.tables
    assert ecb.rate_on("2026-11-30") == Decimal("2.15")
    assert ecb.published_to.isoformat() == "2026-12-01"
    assert any("ECB Data Portal" in s for s in ecb.sources)
    with pytest.raises(RateNotPublished):
        ecb.rate_on("2026-12-02")  # never beyond what the publisher said


def test_a_new_ecb_rate_is_a_diff_with_its_provenance() -> None:
    result = update(as_of="2026-12-01", fetch=_recorded("ecb_mro_synthetic_change.csv").__getitem__)
    (diff,) = result.diffs
    assert diff.row.effective_from.isoformat() == "2026-06-10"
    assert diff.row.rate == Decimal("1.90")
    assert diff.url == ECB_MRO_URL
    assert "1.90 %" in result.lines()[0]
    assert "data-api.ecb.europa.eu" in result.lines()[0]
    (ecb,) = result.tables
    assert ecb.rate_on("2026-06-09") == Decimal("2.15")
    assert ecb.rate_on("2026-07-01") == Decimal("1.90")


def test_a_publisher_disagreeing_with_the_table_is_refused() -> None:
    with pytest.raises(RatesFetchError, match=r"9\.99"):
        update(as_of="2026-12-01", fetch=_recorded("ecb_mro_conflict.csv").__getitem__)


def test_a_figure_inside_the_published_range_that_contradicts_it_is_refused() -> None:
    # The packaged table has 2.15 % from 2025-06-11, published to 2026-02-05: a change to
    # 3.00 % on 2026-01-20 contradicts a date it already covers.
    table = RateTable.ecb()
    assert table.published_to >= pendulum.Date(2026, 1, 20)
    assert table.rate_on("2026-01-20") == Decimal("2.15")
    sdmx = b"KEY,TIME_PERIOD,OBS_VALUE\nFM,2025-06-11,2.15\nFM,2026-01-20,3.00\n"
    with pytest.raises(RatesFetchError, match=r"3\.00 % from 2026-01-20 where the table has 2\.15"):
        update(as_of="2026-03-01", fetch={ECB_MRO_URL: sdmx}.__getitem__)


def test_a_newer_package_is_not_overridden_past_the_user_table(tmp_path: Path) -> None:
    # A user table written on 2026-12-01 (1.90 % from 2026-06-10), then a newer package
    # with a cut to 1.75 % on 2026-12-20: after the user table's date the package rules.
    recorded = {ECB_MRO_URL: b"KEY,TIME_PERIOD,OBS_VALUE\nFM,2025-06-11,2.15\nFM,2026-06-10,1.90\n"}
    update(as_of="2026-12-01", fetch=recorded.__getitem__).write(tmp_path)
    (user,) = load_user_tables(directory=tmp_path)
    assert user.published_to == pendulum.Date(2026, 12, 1)
    newer = (
        RateTable.ecb()
        .with_row("2026-06-10", "1.90", published_to="2026-12-19")
        .with_row("2026-12-20", "1.75", published_to="2027-03-01", confidence="P")
    )
    merged = merge_tables(newer, user)
    assert merged.published_to == pendulum.Date(2027, 3, 1)
    assert merged.rate_on("2026-11-30") == Decimal("1.90")
    assert merged.rate_on("2026-12-19") == Decimal("1.90")
    assert merged.rate_on("2027-01-01") == Decimal("1.75")
    # a user table newer than the package still extends it
    assert merge_tables(RateTable.ecb(), user).rate_on("2026-11-30") == Decimal("1.90")


def test_an_update_with_nothing_to_fetch_is_refused() -> None:
    # "no new rate found" would claim a check that was not made.
    with pytest.raises(InvalidValue, match="nothing to fetch"):
        update(as_of="2026-12-01", fetch=dict[str, bytes]().__getitem__, ecb_url=None)


def test_the_legal_rate_arrete_is_read() -> None:
    text = (RECORDED / "arrete_2026_s1.html").read_bytes()
    assert parse_legal_rate_arrete(text) == (2026, 1, Decimal("6.67"), Decimal("2.62"))
    # the figures of the packaged table (source [69]): nothing new
    result = update(
        as_of="2026-03-01",
        fetch=_recorded("ecb_mro_unchanged.csv").__getitem__,
        legal_url=LEGAL_URL,
        ecb_url=None,
    )
    assert result.diffs == ()


def test_a_new_legal_rate_half_year_is_added() -> None:
    result = update(
        as_of="2026-07-02",
        fetch=_recorded("ecb_mro_unchanged.csv", "arrete_synthetic_2026_s2.html").__getitem__,
        legal_url=LEGAL_URL,
    )
    legal = result.tables[1]
    assert legal.rate_on("2026-08-01", category="other") == Decimal("2.48")
    assert legal.rate_on("2026-08-01", category="individual") == Decimal("6.41")
    assert [d.row.category for d in result.diffs] == ["individual", "other"]


def test_unreadable_answers_are_library_errors() -> None:
    with pytest.raises(InvalidData):
        parse_ecb_sdmx_csv(b"<html>maintenance</html>")
    with pytest.raises(InvalidData, match="no the half-year"):
        parse_legal_rate_arrete("Pour tous les autres cas : à 2,62 %")
    with pytest.raises(RatesFetchError):
        urllib_fetch("http://insecure.example")
    with pytest.raises(RatesFetchError, match="no rate"):
        update(as_of="2000-01-01", fetch=_recorded("ecb_mro_unchanged.csv").__getitem__)


def test_a_network_failure_is_a_library_error() -> None:
    def offline(url: str) -> bytes:
        raise RatesFetchError(url, "cannot be reached (offline)")

    with pytest.raises(RatesFetchError):
        update(as_of="2026-12-01", fetch=offline)


# -- user tables ----------------------------------------------------------------------------------


def test_written_tables_read_back_equal(tmp_path: Path) -> None:
    for table in (RateTable.ecb(), RateTable.legal_interest()):
        path = tmp_path / f"{table.name}.csv"
        path.write_text(table_to_text(table), encoding="utf-8")
        loaded = RateTable.load(path)
        assert loaded.rows == table.rows
        assert loaded.published_to == table.published_to
        assert loaded.sources == table.sources


def test_rates_make_b2b_interest_work_after_the_packaged_tables(tmp_path: Path) -> None:
    claim = sample_claim()
    with pytest.raises(RateNotPublished):
        late_interest(claim, as_of="2026-11-30")
    result = update(
        as_of="2026-12-01",
        fetch=_recorded("ecb_mro_unchanged.csv", "arrete_synthetic_2026_s2.html").__getitem__,
        legal_url=LEGAL_URL,
    )
    written = result.write(tmp_path / "rates")
    assert sorted(p.name for p in written) == ["ecb_mro.csv", "fr_legal_interest.csv"]
    tables = load_user_tables(
        directory=rates_dir_from_env({"RECOUVREMENT_RATES_DIR": str(tmp_path / "rates")})
    )
    computed = late_interest(claim, as_of="2026-11-30", rates=tables)
    assert computed.interest.amount > 0


def test_a_partial_user_table_extends_the_packaged_one(tmp_path: Path) -> None:
    text = (
        "# table: fr_legal_interest\n# published_to: 2026-12-31\n"
        "effective_from,effective_to,category,rate,confidence,source,note\n"
        "2026-07-01,2026-12-31,individual,6.41,user,my arrêté,\n"
        "2026-07-01,2026-12-31,other,2.48,user,my arrêté,\n"
    )
    path = tmp_path / "legal.csv"
    path.write_text(text, encoding="utf-8")
    (legal,) = load_user_tables([path])
    assert legal.rate_on("2026-01-15", category="other") == Decimal("2.62")  # packaged
    assert legal.rate_on("2026-08-01", category="other") == Decimal("2.48")  # user


def test_user_table_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidData, match="not a directory"):
        load_user_tables(directory=tmp_path / "missing")
    with pytest.raises(InvalidData, match="cannot read"):
        load_user_tables([tmp_path / "absent.csv"])
    bad = tmp_path / "bad.csv"
    bad.write_bytes("# table: ecb_mro\n# published_to: é".encode("cp1252"))
    with pytest.raises(InvalidData):
        load_user_tables([bad])


def test_merge_refuses_other_names() -> None:
    other = RateTable.from_rows(
        "mine", [RateRow(effective_from="2026-01-01", effective_to="2026-12-31", rate="1")]
    )
    with pytest.raises(InvalidValue, match="cannot merge"):
        merge_tables(RateTable.ecb(), other)
