"""read_claims / write_claims pick the format by extension, and all formats agree."""

from __future__ import annotations

from pathlib import Path

import pytest

from recouvrement.errors import InvalidValue
from recouvrement.io import ColumnMapping, format_of, read_claims, write_claims
from recouvrement.sample import load_sample


@pytest.mark.parametrize(
    "name", ["a.csv", "a.jsonl", "a.json", "a.parquet", "a.arrow", "a.feather"]
)
def test_every_format_round_trips_by_extension(tmp_path: Path, name: str) -> None:
    claims = load_sample().claims
    path = tmp_path / name
    assert write_claims(claims, path) == len(claims)
    result = read_claims(path)
    assert result.claims == claims
    assert result.counts()["loaded"] == len(claims)


def test_format_errors_are_library_errors(tmp_path: Path) -> None:
    with pytest.raises(InvalidValue, match="extension"):
        format_of(tmp_path / "ledger.xlsx")
    with pytest.raises(InvalidValue, match="one of"):
        format_of(tmp_path / "ledger.csv", "excel")
    with pytest.raises(InvalidValue, match="no column mapping"):
        read_claims(tmp_path / "a.json", mapping=ColumnMapping.shipped("odoo"))
    with pytest.raises(InvalidValue, match="no metadata"):
        write_claims([], tmp_path / "a.csv", as_of="2026-01-01")


def test_a_mapped_export_reads_through_the_entry_point() -> None:
    export = Path(__file__).parent / "fixtures" / "exports" / "sap_fbl5n_open_items.txt"
    result = read_claims(export, mapping=ColumnMapping.shipped("sap_fbl5n"))
    assert result.loaded == 2
    assert len(result.credits) == 1
