"""Fuzz-style: malformed CSV rows mixed with good ones are each reported, none is lost."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recouvrement.claims import Claim
from recouvrement.io.csv_ledger import claim_to_row, read_claims_csv
from recouvrement.io.errors import LedgerError
from recouvrement.io.mapping import CLAIM_FIELDS
from tests.strategies import claims

COLUMN = {name: index for index, name in enumerate(CLAIM_FIELDS)}

# (column, bad cell, expected column in the report). None: a structural error (no column).
BAD_CELLS: list[tuple[str, str]] = [
    ("issued_on", "2025-02-30"),
    ("issued_on", "15/03/2025"),
    ("issued_on", "2025-1-5"),
    ("issued_on", ""),
    ("due_on", "tomorrow"),
    ("amount", "12,50"),
    ("amount", "1e3"),
    ("amount", "NaN"),
    ("amount", "-5.00"),
    ("amount", "0"),
    ("amount", "0.30000000000000004"),  # a binary float written as text
    ("amount", "1.0000000000000002e+20"),
    ("amount", "12.5 EUR"),
    ("nature", "commerical"),
    ("creditor_kind", "company"),
    ("debtor_kind", "person"),
    ("currency", "EURO"),
    ("currency", "€"),
    ("currency", "XYZ"),
    ("currency", ""),
    ("id", ""),
    ("debtor_name", ""),
    ("jurisdiction", "France"),
    ("payments", "[{"),
    ("payments", '[{"on": "2020-01-01", "amount": 12.5}]'),
    ("events", '[{"type": "telegram", "on": "2030-01-01"}]'),
]


@st.composite
def _bad_row(draw: st.DrawFn, good: list[str]) -> tuple[str, str | None]:
    """A malformed line made from a good row, and the column its error should name."""
    kind = draw(st.sampled_from(["cell", "missing", "extra", "quote"]))
    cells = list(good)
    if kind == "cell":
        column, bad = draw(st.sampled_from(BAD_CELLS))
        cells[COLUMN[column]] = bad
        return _line(cells), column
    if kind == "missing":
        del cells[draw(st.integers(1, len(cells) - 1)) :]
        return _line(cells), None
    if kind == "extra":
        cells.extend(draw(st.lists(st.sampled_from(["x", "", "1"]), min_size=1, max_size=3)))
        return _line(cells), None
    # broken quoting: an unbalanced quote opening one of the cells
    index = draw(st.integers(0, len(cells) - 1))
    cells[index] = '"' + cells[index].replace('"', "")
    return ",".join(
        c if i == index else _line([c]).rstrip("\r\n") for i, c in enumerate(cells)
    ) + "\r\n", "?"


def _claim_id(claim: Claim) -> str:
    return claim.id


def _line(cells: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out).writerow(cells)
    return out.getvalue()


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_each_bad_row_is_reported_with_its_line_and_none_is_lost(data: Any) -> None:
    good_claims: list[Claim] = data.draw(
        st.lists(claims(max_events=2), min_size=1, max_size=6, unique_by=_claim_id)
    )
    layout = data.draw(
        st.lists(st.booleans(), min_size=len(good_claims), max_size=len(good_claims) + 6)
    )
    lines = [_line(list(CLAIM_FIELDS))]
    expected_good: list[Claim] = []
    expected_bad: dict[int, str | None] = {}
    pool = iter(good_claims)
    for is_good in layout:
        claim = next(pool, None)
        if claim is None:
            claim = good_claims[0]
            is_good = False
        row = claim_to_row(claim)
        line_number = len(lines) + 1
        if is_good:
            lines.append(_line(row))
            expected_good.append(claim)
        else:
            text, column = data.draw(_bad_row(row))
            lines.append(text)
            expected_bad[line_number] = column
    text = "".join(lines)
    total = len(lines) - 1

    result = read_claims_csv(io.StringIO(text), errors="collect")

    assert list(result.claims) == expected_good
    reported = {e.line: e for e in result.errors}
    assert len(reported) == len(result.errors), "one report per bad row"
    assert sorted(reported) == sorted(expected_bad)
    for line, column in expected_bad.items():
        if column == "?":  # broken quoting: reported, whatever the column
            continue
        assert reported[line].column == column, reported[line]
    assert len(result.claims) + len(result.errors) == total == result.rows
    if expected_bad:
        with pytest.raises(LedgerError) as refused:
            read_claims_csv(io.StringIO(text))
        assert refused.value.errors == result.errors


def test_an_unbalanced_quote_costs_one_row() -> None:
    """The quote opened on line 3 swallows lines 4-5 until a later quote: line 3 is
    reported, and lines 4 and 5 are read again as the good rows they are."""
    header = "id,nature,amount,currency,issued_on,creditor_id,creditor_name,creditor_kind,debtor_id,debtor_name,debtor_kind,reference"
    parties = "C1,Acme,professional,D1,Martin,professional"
    text = (
        f"{header}\n"
        f"F1,commercial,10,EUR,2025-01-15,{parties},\n"
        f'"F2,commercial,10,EUR,2025-01-15,{parties},\n'
        f"F3,commercial,10,EUR,2025-01-15,{parties},\n"
        f"F4,commercial,10,EUR,2025-01-15,{parties},\n"
        f'F5,commercial,10,EUR,2025-01-15,{parties},"a, b"\n'
    )
    result = read_claims_csv(io.StringIO(text), errors="collect")
    assert [c.id for c in result.claims] == ["F1", "F3", "F4", "F5"]
    assert [e.line for e in result.errors] == [3]
    assert "read again" in result.errors[0].message
