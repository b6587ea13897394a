"""Benchmark: aging and DSO over 1,000,000 claims, pure path and columnar path.

Run: ``python benchmarks/bench_kpi.py [n]`` (default 1,000,000 claims). The claims are
generated deterministically in the script: as `Claim` objects for the pure path, directly
as Polars columns for the columnar path (same distribution, not the same claims).
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from typing import TypeVar

import pendulum
import polars as pl

from recouvrement.claims import Claim, Payment
from recouvrement.kpi.aging import AgingBalance, aging
from recouvrement.kpi.frames import CLAIM_COLUMNS, FramePortfolio
from recouvrement.kpi.portfolio import Portfolio
from recouvrement.money import Money
from recouvrement.parties import Creditor, Debtor

AS_OF = pendulum.Date(2026, 3, 31)
START = dt.date(2024, 4, 1).toordinal()
HISTORY = 730
T = TypeVar("T")


def _pseudo(i: int, mul: int, mod: int) -> int:
    return (i * mul + 12345) % mod


def pure_claims(n: int) -> list[Claim]:
    creditor = Creditor(id="C1", name="Acme SAS", kind="professional")
    debtors = [Debtor(id=f"D{i}", name=f"Client {i}", kind="professional") for i in range(1000)]
    claims = []
    for i in range(n):
        issued = START + _pseudo(i, 40503, HISTORY)
        due = issued + 30
        cents = 100 + _pseudo(i, 2654435761, 1_000_000)
        amount = Money(Decimal(cents).scaleb(-2))
        delay = _pseudo(i, 7919, 120)
        payments: tuple[Payment, ...] = ()
        if issued + delay <= AS_OF.toordinal() and i % 5:
            payments = (Payment(on=pendulum.Date.fromordinal(issued + delay), amount=amount),)
        claims.append(
            Claim(
                id=f"F{i}",
                creditor=creditor,
                debtor=debtors[i % 1000],
                nature="commercial",
                amount=amount,
                issued_on=pendulum.Date.fromordinal(issued),
                due_on=pendulum.Date.fromordinal(due),
                payments=payments,
            )
        )
    return claims


def columnar_frame(n: int) -> pl.DataFrame:
    idx = pl.int_range(n, dtype=pl.Int64).alias("i")
    base = pl.lit(dt.date.fromordinal(START))
    money = pl.Decimal(38, 2)
    frame = pl.select(idx).with_columns(
        issued_on=base + pl.duration(days=(pl.col("i") * 40503 + 12345) % HISTORY),
        amount=((pl.col("i") * 2654435761 + 12345) % 1_000_000 + 100)
        .cast(pl.Decimal(38, 0))
        .cast(money)
        * pl.lit(Decimal("0.01"), dtype=pl.Decimal(38, 2)),
        delay=(pl.col("i") * 7919 + 12345) % 120,
    )
    # The amount is built exactly: cents as an integer, scaled by 0.01 (scale 2 + 2 -> 4),
    # then cast back to scale 2 without loss.
    frame = frame.with_columns(pl.col("amount").cast(money))
    paid_on = pl.col("issued_on") + pl.duration(days=pl.col("delay"))
    pays = (paid_on <= pl.lit(dt.date(AS_OF.year, AS_OF.month, AS_OF.day))) & (pl.col("i") % 5 != 0)
    empty = pl.lit([], dtype=pl.List(pl.Struct({"on": pl.Date, "amount": money})))
    frame = frame.with_columns(
        id=pl.format("F{}", pl.col("i")),
        creditor_id=pl.lit("C1"),
        debtor_id=pl.format("D{}", pl.col("i") % 1000),
        nature=pl.lit("commercial"),
        currency=pl.lit("EUR"),
        due_on=pl.col("issued_on") + pl.duration(days=30),
        exit_on=pl.lit(None, dtype=pl.Date),
        recovery_on=pl.lit(None, dtype=pl.Date),
        handover_on=pl.lit(None, dtype=pl.Date),
        fee_rate=pl.lit(0, dtype=pl.Decimal(38, 0)),
        payments=pl.when(pays)
        .then(pl.concat_list(pl.struct(on=paid_on, amount=pl.col("amount"))))
        .otherwise(empty),
        credit_notes=empty,
        recovery_costs=empty,
    )
    return frame.select(CLAIM_COLUMNS)


def timed(label: str, n: int, function: Callable[[], T]) -> T:
    start = time.perf_counter()
    result = function()
    elapsed = time.perf_counter() - start
    print(f"{label:<44} {elapsed:8.3f} s  {n / elapsed:>12,.0f} claims/s")
    return result


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    print(f"recouvrement.kpi benchmark, {n:,} claims, as of {AS_OF}")
    print("-- columnar path (Polars)")
    frame = timed("generate columns", n, lambda: columnar_frame(n))
    book = timed("FramePortfolio(frame) (explode payments)", n, lambda: FramePortfolio(frame))
    balance = timed("aging(as_of)", n, lambda: book.aging(as_of=AS_OF))
    value = timed("dso(as_of, days=90)", n, lambda: book.dso(as_of=AS_OF, days=90))
    print(f"   total {balance.total}, DSO {value and round(value, 2)}")

    def fresh() -> object:
        again = FramePortfolio(frame)
        return again.aging(as_of=AS_OF), again.dso(as_of=AS_OF, days=90)

    timed("aging + DSO from a fresh frame", n, fresh)
    print("-- pure path (Claim objects)")
    claims = timed("build Claim objects", n, lambda: pure_claims(n))
    result = timed("kpi.aging(claims, as_of)", n, lambda: aging(claims, as_of=AS_OF))
    assert isinstance(result, AgingBalance)
    pure = timed("Portfolio(claims) (flatten once)", n, lambda: Portfolio(claims))
    value = timed("Portfolio.dso(as_of, days=90)", n, lambda: pure.dso(as_of=AS_OF, days=90))
    print(f"   total {result.total}, DSO {value and round(value, 2)}")


if __name__ == "__main__":
    main()
