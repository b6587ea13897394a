"""Fuzz: random bytes and random structured rows fed to every reader give only
RecouvrementError (never a raw traceback), and every row read is accounted for."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recouvrement.errors import RecouvrementError
from recouvrement.io import (
    ColumnMapping,
    LoadResult,
    ReadPolicy,
    read_claims_arrow,
    read_claims_csv,
    read_claims_json,
    read_claims_jsonl,
    read_claims_parquet,
)
from recouvrement.io.mapping import CLAIM_FIELDS

AUTO = ColumnMapping.standard().with_format(
    encoding="auto",
    delimiter="auto",
    decimal_separator="auto",
    thousands_separator="auto",
    date_format="auto",
)
MAPPINGS = [
    ColumnMapping.standard(),
    AUTO,
    ColumnMapping.shipped("odoo"),
    ColumnMapping.shipped("erpnext"),
    ColumnMapping.shipped("sage"),
    ColumnMapping.shipped("sap_fbl5n"),
]


def _read(reader: Callable[..., LoadResult], data: bytes, **options: Any) -> LoadResult | None:
    try:
        result = reader(io.BytesIO(data), errors="collect", **options)
    except RecouvrementError:
        return None
    counted = result.loaded + len(result.errors) + len(result.credits)
    assert counted + result.filtered + result.duplicates == result.rows
    return result


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=600), st.sampled_from(MAPPINGS))
def test_random_bytes_give_only_library_errors(data: bytes, mapping: ColumnMapping) -> None:
    _read(read_claims_csv, data, mapping=mapping)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_to_json_and_columnar_readers(data: bytes) -> None:
    for reader in (read_claims_json, read_claims_jsonl, read_claims_parquet, read_claims_arrow):
        _read(reader, data)


_CELLS = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        [
            "9999-12-31",
            "0001-01-01",
            "31/12/9999",
            "9" * 30,
            "1e400",
            "NaN",
            "-0",
            "1\u202f234,56",
            "1.234,56-",
            "EUR",
            "JPY",
            "commercial",
            "professional",
            "individual",
            "True",
            "[" * 50,
            '[{"on": "9999-12-31", "amount": {"amount": "1", "currency": "EUR"}}]',
            "\x1b[2J",
            "\u202e",
        ]
    ),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.lists(_CELLS, min_size=len(CLAIM_FIELDS), max_size=len(CLAIM_FIELDS)), max_size=5),
    st.sampled_from([",", ";"]),
    st.sampled_from(["utf-8", "cp1252"]),
    st.sampled_from(["error", "keep_first", "keep_last"]),
)
def test_random_structured_rows_give_only_library_errors(
    rows: list[list[str]], delimiter: str, encoding: str, duplicates: str
) -> None:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(CLAIM_FIELDS)
    writer.writerows(rows)
    data = out.getvalue().encode(encoding, errors="replace")
    policy = ReadPolicy(duplicates=duplicates)  # type: ignore[arg-type]
    result = _read(read_claims_csv, data, mapping=AUTO, policy=policy)
    assert result is not None  # the header is right: rows are reported, not the file refused
    # a stray line break in a one-line cell splits a record: its lines are read again as rows
    assert result.rows >= len(rows)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.dictionaries(st.sampled_from(list(CLAIM_FIELDS)), _CELLS), max_size=4))
def test_random_json_claims_give_only_library_errors(items: list[dict[str, str]]) -> None:
    data = json.dumps({"claims": items}).encode()
    result = _read(read_claims_json, data)
    assert result is not None
    assert result.rows == len(items)
