"""Tests of the columnar path (recouvrement.kpi.frames): same results as the pure path."""

from __future__ import annotations

import sys
from decimal import Decimal

import pendulum
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recouvrement.claims import Claim, ClaimNature
from recouvrement.errors import CurrencyMismatch, InvalidValue, MissingDependency
from recouvrement.kpi.figures import dso
from recouvrement.kpi.frames import (
    CLAIM_COLUMNS,
    FramePortfolio,
    claims_from_arrow,
    claims_from_frame,
    claims_to_arrow,
    claims_to_frame,
    combine_partition_sums,
    days_past_due_expr,
    partition_sums,
    with_balances,
)
from recouvrement.kpi.portfolio import Portfolio
from recouvrement.money import Money
from recouvrement.sample import generate_claims, load_sample
from tests.test_portfolio import ledger, ledger_claims, ledgers

BASE = pendulum.Date(2024, 1, 1)


def test_round_trip_frame_and_arrow() -> None:
    claims = load_sample().claims
    frame = claims_to_frame(claims)
    assert frame.columns == [*CLAIM_COLUMNS, "record"]
    assert frame.height == len(claims)
    assert claims_from_frame(frame) == tuple(claims)
    assert claims_from_arrow(claims_to_arrow(claims)) == tuple(claims)
    with pytest.raises(InvalidValue):
        claims_from_frame(claims_to_frame(claims, records=False))


def test_expressions_match_the_claims() -> None:
    claims = generate_claims(300, seed=5, as_of="2026-03-31")
    as_of = pendulum.Date(2025, 9, 30)
    frame = with_balances(claims_to_frame(claims, records=False), as_of=as_of)
    assert frame.get_column("outstanding").to_list() == [
        c.outstanding(as_of=as_of).amount for c in claims
    ]
    assert frame.get_column("days_past_due").to_list() == [
        c.days_past_due(as_of=as_of) for c in claims
    ]
    assert frame.select(days_past_due_expr(as_of)).to_series().min() == 0


def test_hand_ledger_same_as_pure() -> None:
    pure, columnar = Portfolio(ledger()), FramePortfolio(claims_to_frame(ledger()))
    assert columnar.dso(as_of="2025-03-31", months=3) == 36
    assert columnar.dso_countback(as_of="2025-03-31") == 59
    assert columnar.recovery_rate(as_of="2025-04-30") == 50
    assert columnar.trend(start="2025-01", end="2025-06") == pure.trend(
        start="2025-01", end="2025-06"
    )
    groups = columnar.group_by("nature")
    assert set(groups) == {ClaimNature.COMMERCIAL, ClaimNature.CONSUMER}
    assert {k: len(v) for k, v in columnar.group_by({"D1": "punctual"}).items()} == {
        "punctual": 1,
        None: 2,
    }
    assert {k: len(v) for k, v in columnar.group_by("debtor").items()} == {"D1": 1, "D2": 2}


def test_accepts_an_arrow_table_and_checks_columns() -> None:
    table = claims_to_arrow(ledger(), records=False)
    assert FramePortfolio(table).receivables(as_of="2025-03-31") == Money(800)
    with pytest.raises(InvalidValue):
        FramePortfolio(pl.DataFrame({"id": ["x"]}))


def test_several_currencies() -> None:
    claims = [*ledger(), *[c for c in generate_claims(5, seed=1) if c.currency != "EUR"]]
    usd = Claim.from_dict(
        {
            **ledger()[0].to_dict(),
            "id": "U",
            "amount": {"amount": "5", "currency": "USD"},
            "payments": [],
        }
    )
    book = FramePortfolio(claims_to_frame([*claims, usd]))
    with pytest.raises(CurrencyMismatch):
        book.receivables(as_of="2025-03-31")
    assert book.group_by("currency")["USD"].receivables(as_of="2025-03-31") == Money(5, "USD")


def _kpis(book: Portfolio | FramePortfolio, as_of: pendulum.Date, days: int) -> list[object]:
    start = as_of.subtract(days=days)
    return [
        book.receivables(as_of=as_of),
        book.current_receivables(as_of=as_of),
        book.sales(start=start, end=as_of),
        book.dso(as_of=as_of, days=days),
        book.dso(as_of=as_of, months=3),
        book.best_possible_dso(as_of=as_of, days=days),
        book.average_days_delinquent(as_of=as_of, days=days),
        book.dso_countback(as_of=as_of),
        book.dso_countback(as_of=as_of, month_days=30),
        book.cei(start=start, end=as_of),
        book.cei(start=start, end=as_of, months=3),
        book.weighted_days_to_pay(start=start, end=as_of),
        book.weighted_days_late(start=start, end=as_of),
        book.average_days_past_due(as_of=as_of),
        book.recovery_rate(as_of=as_of),
        book.recovery_rate(as_of=as_of, since=start),
        book.cost_of_recovery(start=start, end=as_of),
        book.aging(as_of=as_of),
        book.aging(as_of=as_of, bounds=(10, 45)),
    ]


@settings(max_examples=40, deadline=None)
@given(ledgers(max_size=15), st.integers(0, 760), st.sampled_from([30, 91, 365]))
def test_columnar_results_equal_the_pure_path(claims: list[Claim], offset: int, days: int) -> None:
    as_of = BASE.add(days=offset)
    pure = Portfolio(claims)
    columnar = FramePortfolio(claims_to_frame(claims, records=False))
    assert _kpis(columnar, as_of, days) == _kpis(pure, as_of, days)


@settings(max_examples=20, deadline=None)
@given(
    st.lists(ledger_claims(), min_size=1, max_size=20),
    st.integers(1, 7),
    st.integers(0, 760),
)
def test_partition_sums_combine_to_the_whole(claims: list[Claim], chunk: int, offset: int) -> None:
    # The mapInArrow / map_partitions shape: partial sums per Arrow batch, then a reduce.
    as_of = BASE.add(days=offset)
    start = as_of.subtract(days=89)
    table = claims_to_arrow(claims, records=False)
    batches = table.to_batches(max_chunksize=chunk)
    totals = combine_partition_sums(partition_sums(batches, as_of=as_of, start=start))
    whole = Portfolio(claims)
    eur = totals["EUR"]
    assert eur["receivables"] == whole.receivables(as_of=as_of).amount
    assert eur["current_receivables"] == whole.current_receivables(as_of=as_of).amount
    assert eur["sales"] == whole.sales(start=start, end=as_of).amount
    assert dso(eur["receivables"], eur["sales"], days=90) == whole.dso(as_of=as_of, days=90)
    aging = whole.aging(as_of=as_of)
    assert eur["not_due"] == aging.not_due.amount
    assert [eur[label] for label, _ in aging.buckets] == [m.amount for _, m in aging.buckets]


def test_partition_sums_schema_is_fixed() -> None:
    empty = pa.table({c: [] for c in ["currency"]}).to_batches()
    batches = list(
        partition_sums(
            claims_to_arrow(ledger(), records=False).to_batches(max_chunksize=1) + empty,
            as_of="2025-03-31",
            start="2025-01-01",
        )
    )
    assert {tuple(b.schema.names) for b in batches} == {("currency", "measure", "amount")}


def test_missing_extra_names_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "polars", None)
    with pytest.raises(MissingDependency, match=r"pip install 'recouvrement\[frames\]'"):
        claims_to_frame([])
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(MissingDependency, match=r"pip install 'recouvrement\[frames\]'"):
        list(partition_sums([], as_of="2025-01-01", start="2025-01-01"))


def test_amount_scale_is_the_largest_written_scale() -> None:
    # Money("1.000") keeps three decimals: the column is Decimal(38, 3), values unchanged
    claim = load_sample().claims[0]
    odd = Claim.from_dict({**claim.to_dict(), "amount": "1500.000"})
    frame = claims_to_frame([odd, claim], records=False)
    assert frame.schema["amount"] == pl.Decimal(38, 3)
    assert frame.get_column("amount").to_list()[0] == Decimal("1500.000")
    assert frame.schema["payments"] == pl.List(
        pl.Struct({"on": pl.Date, "amount": pl.Decimal(38, 3)})
    )
    assert claims_to_frame([claim], records=False).schema["amount"] == pl.Decimal(38, 2)


_FINITE = st.one_of(
    *(
        st.decimals(
            allow_nan=False,
            allow_infinity=False,
            places=places,
            min_value=-(10**19),
            max_value=10**19,
        )
        for places in (0, 2, 3, 12, 18)
    )
)


@given(
    st.lists(
        st.one_of(
            _FINITE,
            st.sampled_from([Decimal("1.2300"), Decimal("1E+5"), Decimal("-0"), Decimal("0E-7")]),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_decimal_columns_match_arrow_inference(values: list[Decimal]) -> None:
    # _decimals reads the scale itself, then converts to that exact type: the same
    # values and the same scale as letting Arrow infer the type
    from recouvrement.kpi.frames import _decimals

    inferred = pa.array(values)
    array, scale = _decimals(pa, values)
    assert scale == max(0, inferred.type.scale)
    assert array.to_pylist() == values
    assert array.type in (pa.decimal128(38, scale), inferred.type)  # 38 digits, or Arrow's


def test_decimal_columns_fall_back_to_arrow_for_what_it_alone_can_say() -> None:
    from recouvrement.kpi.frames import _decimals

    assert _decimals(pa, []) == (None, 0)
    with pytest.raises(pa.ArrowInvalid):  # Arrow's own refusal, as before
        _decimals(pa, [Decimal("NaN")])
    huge = [Decimal("1" * 40)]  # more than 38 digits: Arrow infers a wider type
    array, scale = _decimals(pa, huge)
    assert (array.type, scale) == (pa.array(huge).type, 0)
    fine = [Decimal("1E-30")]  # beyond 18 decimals: Arrow's type, as before
    assert _decimals(pa, fine)[0].type == pa.array(fine).type


def test_empty_frame_has_every_column() -> None:
    frame = claims_to_frame([], records=False)
    assert frame.height == 0
    assert tuple(frame.columns) == CLAIM_COLUMNS
    assert frame.schema["amount"] == pl.Decimal(38, 2)
    assert claims_to_arrow([]).num_rows == 0
