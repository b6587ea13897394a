"""Parquet and Arrow IPC: lossless round trips, typed columns, no pyarrow."""

from __future__ import annotations

import builtins
import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recouvrement.claims import Claim
from recouvrement.errors import MissingDependency
from recouvrement.io import (
    ColumnMapping,
    LedgerError,
    read_claims_arrow,
    read_claims_parquet,
    write_claims_arrow,
    write_claims_parquet,
)
from tests.strategies import claims


def _claim_id(claim: Claim) -> str:
    return claim.id


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(claims(max_events=2), max_size=4, unique_by=_claim_id))
def test_parquet_and_arrow_round_trips_are_lossless(items: list[Claim]) -> None:
    for write, read in (
        (write_claims_parquet, read_claims_parquet),
        (write_claims_arrow, read_claims_arrow),
    ):
        buffer = io.BytesIO()
        assert write(items, buffer) == len(items)
        buffer.seek(0)
        result = read(buffer)
        assert result.claims == tuple(items)
        assert [c.due_basis for c in result.claims] == [c.due_basis for c in items]


def test_text_that_looks_like_a_formula_is_stored_as_is(tmp_path: Any) -> None:
    import attrs

    from recouvrement.sample import sample_claim

    claim = attrs.evolve(sample_claim(), id="=1+2")
    path = tmp_path / "claims.parquet"
    write_claims_parquet([claim], path)
    assert pq.read_table(path).column("id").to_pylist() == ["=1+2"]
    assert read_claims_parquet(path).claims == (claim,)


def _typed_table(amounts: Any) -> Any:
    return pa.table(
        {
            "Invoice": ["F1", "F2"],
            "Customer": ["D1", "D2"],
            "Company": [True, False],
            "Issued": pa.array([dt.date(2025, 1, 15), dt.date(2025, 2, 1)], pa.date32()),
            "Open": amounts,
        }
    )


MAPPING = ColumnMapping.from_dict(
    {
        "date_format": "%d/%m/%Y",
        "decimal_separator": ",",
        "columns": {
            "id": "Invoice",
            "debtor_id": "Customer",
            "debtor_name": "Customer",
            "debtor_kind": "Company",
            "issued_on": "Issued",
            "amount": "Open",
        },
        "constants": {
            "nature": "commercial",
            "currency": "EUR",
            "creditor_id": "ME",
            "creditor_name": "Me",
            "creditor_kind": "professional",
        },
        "values": {"debtor_kind": {"True": "professional", "False": "individual"}},
    }
)


def test_typed_columns_are_read_through_a_mapping() -> None:
    amounts = pa.array([Decimal("1234.56"), Decimal("10.00")], pa.decimal128(12, 2))
    buffer = io.BytesIO()
    pq.write_table(_typed_table(amounts), buffer)
    buffer.seek(0)
    result = read_claims_parquet(buffer, mapping=MAPPING)
    assert [str(c.amount.amount) for c in result.claims] == ["1234.56", "10.00"]
    assert [c.debtor.kind.value for c in result.claims] == ["professional", "individual"]
    assert str(result.claims[0].issued_on) == "2025-01-15"


def test_a_float_column_is_refused() -> None:
    buffer = io.BytesIO()
    pq.write_table(_typed_table(pa.array([1234.56, 10.0])), buffer)
    buffer.seek(0)
    with pytest.raises(LedgerError, match="floats are inexact"):
        read_claims_parquet(buffer, mapping=MAPPING)


def test_row_errors_name_the_row() -> None:
    amounts = pa.array([Decimal("1234.56"), Decimal("-1.00")], pa.decimal128(12, 2))
    buffer = io.BytesIO()
    pq.write_table(_typed_table(amounts), buffer)
    buffer.seek(0)
    result = read_claims_parquet(buffer, mapping=MAPPING, errors="collect")
    (error,) = result.errors
    assert (error.line, error.column) == (3, "Open")


def test_not_a_parquet_file_is_a_ledger_error() -> None:
    with pytest.raises(LedgerError, match="not a readable Parquet"):
        read_claims_parquet(io.BytesIO(b"id,amount\n"))
    with pytest.raises(LedgerError, match="not a readable Arrow"):
        read_claims_arrow(io.BytesIO(b"PAR1"))


def test_without_pyarrow_a_missing_dependency_error(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_pyarrow(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "pyarrow" or name.startswith("pyarrow."):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pyarrow)
    with pytest.raises(MissingDependency) as missing:
        write_claims_parquet([], io.BytesIO())
    assert missing.value.extra == "frames"
    with pytest.raises(MissingDependency):
        read_claims_arrow(io.BytesIO(b""))
