"""A claim id joined from several columns (`ColumnMapping.id_columns`): SAP's open items,
keyed by company code, fiscal year, document number and line item, where the items of an
invoice in instalments share its number."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recouvrement.cli import main
from recouvrement.io import ColumnMapping, LedgerError, read_claims_csv
from recouvrement.io.columnar import read_claims_parquet
from recouvrement.io.errors import InvalidMapping
from recouvrement.io.frame_reader import read_claims_frame

HEADER = [
    "Account",
    "Name 1",
    "Company Code",
    "Fiscal Year",
    "Document Number",
    "Line item",
    "Reference",
    "Document Date",
    "Net due date",
    "Amount",
    "Currency",
]
COLUMNS = {
    "debtor_id": "Account",
    "debtor_name": "Name 1",
    "creditor_id": "Company Code",
    "creditor_name": "Company Code",
    "reference": "Reference",
    "issued_on": "Document Date",
    "due_on": "Net due date",
    "amount": "Amount",
    "currency": "Currency",
}
CONSTANTS = {"nature": "commercial", "creditor_kind": "professional", "debtor_kind": "professional"}
MAPPING: dict[str, Any] = {
    "name": "sap_items",
    "id_columns": ["Company Code", "Fiscal Year", "Document Number", "Line item"],
    "columns": COLUMNS,
    "constants": CONSTANTS,
}
# An invoice in two instalments (one number, two line items, two due dates), a document
# of another fiscal year with the same number, and another invoice.
ROWS = [
    ["100017", "Becker GmbH", "1010", "2025", "1800000012", "001", "INV-41", "2025-01-15",
     "2025-02-14", "6000.00", "EUR"],
    ["100017", "Becker GmbH", "1010", "2025", "1800000012", "002", "INV-41", "2025-01-15",
     "2025-03-16", "6345.67", "EUR"],
    ["100023", "Nord AG", "1010", "2024", "1800000012", "001", "INV-07", "2024-11-04",
     "2024-12-04", "980.00", "EUR"],
    ["100023", "Nord AG", "2020", "2025", "1800000019", "001", "INV-48", "2025-01-28",
     "2025-02-27", "120.00", "EUR"],
]  # fmt: skip


def _text(rows: list[list[str]], header: list[str] = HEADER) -> str:
    return "\r\n".join(",".join(row) for row in [header, *rows]) + "\r\n"


def _mapping(**changes: Any) -> ColumnMapping:
    return ColumnMapping.from_dict({**MAPPING, **changes})


def test_the_items_of_an_invoice_in_instalments_are_claims_of_their_own() -> None:
    result = read_claims_csv(io.StringIO(_text(ROWS), newline=""), mapping=_mapping())
    assert [c.id for c in result.claims] == [
        "1010/2025/1800000012/001",
        "1010/2025/1800000012/002",
        "1010/2024/1800000012/001",
        "2020/2025/1800000019/001",
    ]
    first, second = result.claims[:2]
    assert (first.due_on.isoformat(), second.due_on.isoformat()) == ("2025-02-14", "2025-03-16")
    assert first.reference == second.reference == "INV-41"
    assert result.counts()["invalid"] == 0


def test_a_vectorised_read_and_a_parquet_read_give_the_same_ids(tmp_path: Path) -> None:
    """`read_claims_frame` reads such a mapping on the row path (the vectorised checks know
    one id column); a Parquet file of the same cells reads the same claims."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    mapping = _mapping()
    claims = read_claims_csv(io.StringIO(_text(ROWS), newline=""), mapping=mapping).claims
    path = tmp_path / "items.csv"
    path.write_text(_text(ROWS), encoding="utf-8", newline="")
    frame = read_claims_frame(path, mapping=mapping).frame
    assert frame["id"].to_list() == [c.id for c in claims]
    table = pa.table({name: [row[i] for row in ROWS] for i, name in enumerate(HEADER)})
    pq.write_table(table, tmp_path / "items.parquet")
    assert read_claims_parquet(tmp_path / "items.parquet", mapping=mapping).claims == claims


def test_an_empty_part_leaves_the_row_without_an_id() -> None:
    rows = [list(ROWS[0]), list(ROWS[1])]
    rows[1][5] = ""  # no line item
    result = read_claims_csv(
        io.StringIO(_text(rows), newline=""), mapping=_mapping(), errors="collect"
    )
    assert [c.id for c in result.claims] == ["1010/2025/1800000012/001"]
    (error,) = result.errors
    assert (error.line, error.column) == (
        3,
        "Company Code + Fiscal Year + Document Number + Line item",
    )
    assert "missing value" in error.message
    assert error.claim_id is None


def test_a_joined_id_seen_twice_is_a_duplicate_named_by_it() -> None:
    result = read_claims_csv(
        io.StringIO(_text([ROWS[0], ROWS[0]]), newline=""), mapping=_mapping(), errors="collect"
    )
    (error,) = result.errors
    assert error.claim_id == "1010/2025/1800000012/001"
    assert "duplicate claim id" in error.message


def test_a_row_error_names_the_joined_id() -> None:
    rows = [list(ROWS[0])]
    rows[0][9] = "12x"
    result = read_claims_csv(
        io.StringIO(_text(rows), newline=""), mapping=_mapping(), errors="collect"
    )
    (error,) = result.errors
    assert (error.column, error.claim_id) == ("Amount", "1010/2025/1800000012/001")


def test_a_line_break_in_a_part_is_a_broken_record() -> None:
    text = _text([ROWS[0]]).replace(",001,", ',"0\n01",')
    result = read_claims_csv(io.StringIO(text, newline=""), mapping=_mapping(), errors="collect")
    error = result.errors[0]  # (then the rest of the record, read again as a row)
    assert error.column == "Line item"
    assert "line break in a one-line column" in error.message


def test_a_part_missing_from_the_header_is_named() -> None:
    header = [name for name in HEADER if name != "Fiscal Year"]
    rows = [[c for i, c in enumerate(row) if HEADER[i] != "Fiscal Year"] for row in ROWS]
    with pytest.raises(LedgerError) as caught:
        read_claims_csv(io.StringIO(_text(rows, header), newline=""), mapping=_mapping())
    messages = [e.message for e in caught.value.errors]
    assert messages == ["column 'Fiscal Year' (for id, in id_columns) is missing"]


@pytest.mark.parametrize(
    ("changes", "why"),
    [
        ({"id_columns": ["Document Number"]}, "two or more"),
        ({"id_columns": ["Document Number", "Document Number"]}, "distinct"),
        ({"id_columns": ["Document Number", ""]}, "non-empty"),
        ({"id_columns": "Document Number"}, "a list of strings"),
        ({"columns": {**COLUMNS, "id": "Document Number"}}, "not both"),
        ({"constants": {**CONSTANTS, "id": "X"}}, "not both"),
        ({"unescape": True}, "unescape"),
        (
            {
                "open_balance": True,
                "payment_when": {"Reference": ["DZ"]},
                "columns": {**COLUMNS, "applies_to": "Reference"},
            },
            "payment_when",
        ),
    ],
)
def test_id_columns_is_checked(changes: dict[str, Any], why: str) -> None:
    with pytest.raises(InvalidMapping) as caught:
        _mapping(**changes)
    assert why in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_a_mapping_with_id_columns_round_trips_through_a_dict_and_toml() -> None:
    mapping = _mapping()
    assert ColumnMapping.from_dict(mapping.to_dict()) == mapping
    toml = 'id_columns = ["Company Code", "Document Number"]\n'
    assert ColumnMapping.from_toml(toml).id_columns == ("Company Code", "Document Number")
    assert mapping.source_of("id") == "Company Code + Fiscal Year + Document Number + Line item"
    assert "id_columns" not in ColumnMapping.shipped("sap_fbl5n").to_dict()


@settings(max_examples=40, deadline=None)
@given(
    parts=st.lists(
        st.tuples(
            st.text("ABZ019-", min_size=1, max_size=4),
            st.text("0123456789", min_size=1, max_size=3),
        ),
        min_size=1,
        max_size=6,
        unique=True,
    )
)
def test_the_id_is_the_parts_joined_with_a_slash(parts: list[tuple[str, str]]) -> None:
    """Whatever the parts, each row's id is its parts joined with "/", in the mapping's
    order: distinct keys, distinct claims, none lost (the parts hold no "/", so distinct
    keys join to distinct ids)."""
    mapping = _mapping(id_columns=["Document Number", "Line item"], ignore=["Fiscal Year"])
    rows = []
    for number, item in parts:
        row = list(ROWS[0])
        row[4], row[5] = number, item
        rows.append(row)
    result = read_claims_csv(io.StringIO(_text(rows), newline=""), mapping=mapping)
    assert [c.id for c in result.claims] == [f"{number}/{item}" for number, item in parts]


@pytest.mark.parametrize("order", ["debtor", "date"])
def test_the_nightly_command_reads_joined_ids_alike_on_every_core(
    tmp_path: Path, order: str, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = sorted(ROWS, key=(lambda r: r[0]) if order == "debtor" else (lambda r: r[7]))
    path = tmp_path / "items.csv"
    path.write_text(_text(rows), encoding="utf-8", newline="")
    toml = tmp_path / "items.toml"
    toml.write_text(
        'id_columns = ["Company Code", "Fiscal Year", "Document Number", "Line item"]\n'
        "[columns]\n"
        + "".join(f'{field} = "{name}"\n' for field, name in COLUMNS.items())
        + "[constants]\n"
        + "".join(f'{field} = "{value}"\n' for field, value in CONSTANTS.items()),
        encoding="utf-8",
    )
    args = ["next-actions", str(path), "--mapping", str(toml), "--as-of", "2025-06-30"]
    outputs = []
    for workers in ("1", "2"):
        out = io.StringIO()
        assert main([*args, "--all", "--format", "csv", "--workers", workers], out=out) == 0
        outputs.append(out.getvalue())
    capsys.readouterr()
    assert outputs[0] == outputs[1]
    assert "1010/2025/1800000012/002" in outputs[0]


def test_the_vectorised_reader_leaves_a_joined_id_to_the_row_path(tmp_path: Path) -> None:
    """A layout the vectorised checks would read (the standard columns, renamed), but with
    the id in two columns: `read_claims_frame` gives the row path's claims, ids joined."""
    import csv

    from recouvrement.io import write_claims_csv
    from recouvrement.sample import load_sample

    claims = load_sample().claims
    standard = tmp_path / "standard.csv"
    write_claims_csv(claims, standard)
    with standard.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    at = rows[0].index("id")
    split = [[*row[:at], *row[at].split("-", 1), *row[at + 1 :]] for row in rows[1:]]
    path = tmp_path / "split.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([[*rows[0][:at], "Prefix", "Number", *rows[0][at + 1 :]]])
        csv.writer(handle).writerows(split)
    mapping = ColumnMapping(name="split", id_columns=("Prefix", "Number"))
    read = read_claims_csv(path, mapping=mapping).claims
    assert [c.to_dict() for c in read] == [
        {**c.to_dict(), "id": c.id.replace("-", "/", 1)} for c in claims
    ]
    frame = read_claims_frame(path, mapping=mapping).frame
    assert frame["id"].to_list() == [c.id for c in read]
