"""`read_claims_frame`: the frame and the errors of the object reader, chunk by chunk."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recouvrement.errors import InvalidType, InvalidValue
from recouvrement.io import ColumnMapping, LedgerError, ReadPolicy, read_claims_csv
from recouvrement.io.csv_ledger import write_claims_csv
from recouvrement.io.frame_reader import FrameLoad, read_claims_frame
from recouvrement.kpi.frames import FramePortfolio, claims_to_frame
from recouvrement.sample import generate_claims

pl = pytest.importorskip("polars")

REAL = Path("/work/shared/realdata/ibm-accounts-receivable.csv")
AS_OF = "2026-03-31"


def _ledger(count: int, seed: int) -> list[list[str]]:
    buffer = io.StringIO()
    write_claims_csv(generate_claims(count, seed=seed, as_of=AS_OF), buffer)
    text = buffer.getvalue()
    import csv

    return [list(r) for r in csv.reader(io.StringIO(text, newline=""))]


def _text(rows: list[list[str]]) -> str:
    import csv

    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()


def _same(text: str, chunk_size: int, **options: object) -> FrameLoad:
    """Both readers agree on the frame, the errors, the warnings and the counts."""
    expected = read_claims_csv(io.StringIO(text), errors="collect", **options)  # type: ignore[arg-type]
    loaded = read_claims_frame(
        io.StringIO(text),
        errors="collect",
        chunk_size=chunk_size,
        records=True,
        **options,  # type: ignore[arg-type]
    )
    want = claims_to_frame(expected.claims, records=True)
    assert loaded.frame.schema == want.schema
    assert loaded.frame.equals(want)
    assert loaded.result.errors == expected.errors
    assert loaded.result.warnings == expected.warnings
    assert loaded.result.credits == expected.credits
    assert loaded.counts() == expected.counts()
    return loaded


CORRUPTIONS = st.sampled_from(
    [
        ("amount", "12O.00"),
        ("amount", "1.234"),
        ("amount", "-5.00"),
        ("currency", "EURO"),
        ("issued_on", "2025-02-30"),
        ("due_on", "1999-01-01"),
        ("nature", "gift"),
        ("creditor_kind", "alien"),
        ("debtor_name", ""),
        ("id", ""),
        ("payments", "[{"),
        ("events", '[{"type":"reminder"}]'),
        ("terms_days", "-3"),
        ("amount", "1e3"),
        ("payments", '[{"on":"2020-01-01","amount":{"amount":"1.001","currency":"EUR"}}]'),
    ]
)


@given(
    count=st.integers(min_value=0, max_value=25),
    seed=st.integers(min_value=0, max_value=10_000),
    chunk_size=st.integers(min_value=1, max_value=8),
    corruptions=st.lists(st.tuples(st.integers(min_value=0), CORRUPTIONS), max_size=5),
)
def test_frame_and_errors_equal_the_object_reader(
    count: int, seed: int, chunk_size: int, corruptions: list[tuple[int, tuple[str, str]]]
) -> None:
    rows = _ledger(count, seed)
    header = rows[0]
    for where, (column, value) in corruptions:
        if count:
            rows[1 + where % count][header.index(column)] = value
    _same(_text(rows), chunk_size)


@given(seed=st.integers(min_value=0, max_value=10_000), chunk_size=st.integers(1, 5))
def test_duplicate_policies_behave_the_same(seed: int, chunk_size: int) -> None:
    rows = _ledger(6, seed)
    rows += [rows[2], rows[4]]  # ids seen twice
    text = _text(rows)
    for duplicates in ("keep_first", "keep_last", "error"):
        _same(text, chunk_size, policy=ReadPolicy(duplicates=duplicates))


def test_mixed_scales_across_chunks_give_the_scale_of_the_whole() -> None:
    rows = _ledger(4, 1)
    amount = rows[0].index("amount")
    rows[4][amount] = "10.125"  # a third decimal place in the last chunk only
    rows[4][rows[0].index("currency")] = "TND"  # a currency of three places
    for column in ("payments", "credit_notes", "events", "terms_penalty_amount"):
        rows[4][rows[0].index(column)] = ""
    loaded = _same(_text(rows), 2)
    assert not loaded.result.errors
    assert loaded.frame.schema["amount"] == pl.Decimal(38, 3)


def test_errors_raise_like_the_object_reader() -> None:
    rows = _ledger(3, 2)
    rows[2][rows[0].index("amount")] = "abc"
    text = _text(rows)
    with pytest.raises(LedgerError) as frame_error:
        read_claims_frame(io.StringIO(text))
    with pytest.raises(LedgerError) as object_error:
        read_claims_csv(io.StringIO(text))
    assert frame_error.value.errors == object_error.value.errors


def test_a_bad_header_raises_like_the_object_reader() -> None:
    text = "id,nature,amont\nF1,commercial,1.00\n"
    with pytest.raises(LedgerError) as frame_error:
        read_claims_frame(io.StringIO(text), errors="collect")
    with pytest.raises(LedgerError) as object_error:
        read_claims_csv(io.StringIO(text), errors="collect")
    assert frame_error.value.errors == object_error.value.errors


def test_chunk_size_is_checked() -> None:
    with pytest.raises(InvalidValue):
        read_claims_frame(io.StringIO(""), chunk_size=0)
    with pytest.raises(InvalidType):
        read_claims_frame(io.StringIO(""), chunk_size=True)


def test_the_frame_feeds_a_frame_portfolio_with_the_object_figures() -> None:
    text = _text(_ledger(300, 7))
    loaded = read_claims_frame(io.StringIO(text), chunk_size=64)
    claims = read_claims_csv(io.StringIO(text)).claims
    book = FramePortfolio(loaded.frame)
    assert book.dso(as_of=AS_OF, days=90) == FramePortfolio(claims_to_frame(claims)).dso(
        as_of=AS_OF, days=90
    )
    assert book.receivables(as_of=AS_OF) == FramePortfolio(claims_to_frame(claims)).receivables(
        as_of=AS_OF
    )


@pytest.mark.skipif(not REAL.exists(), reason="the real ledger is not on this machine")
def test_the_real_ledger_through_its_shipped_mapping() -> None:
    mapping = ColumnMapping.shipped("ibm_ar")
    expected = read_claims_csv(REAL, mapping=mapping, errors="collect")
    loaded = read_claims_frame(REAL, mapping=mapping, errors="collect", chunk_size=997)
    assert loaded.frame.equals(claims_to_frame(expected.claims, records=False))
    assert loaded.result.errors == expected.errors
    assert loaded.result.warnings == expected.warnings
    assert loaded.counts() == expected.counts()
    assert loaded.loaded == len(expected.claims) > 1000
