"""Backtest of the payment model and the cash forecast on the real IBM ledger.

At each cut-off date the model is fitted on the ledger *as known then* (nothing dated
after the cut-off is read), then it predicts the settlement date of every invoice open at
the cut-off or issued in the 60 days after it. The script reports, beside two baselines:

- MAE: the mean absolute error in days of the predicted settlement date (the median);
- coverage: the share of settlements inside the 80 % interval;
- weekly WAPE: the error of the weekly collections forecast over 13 weeks, on the invoices
  open at the cut-off: sum over weeks of |forecast - actual| / sum of actual.

Baselines: (1) the due date; (2) the invoice date plus the debtor's mean days to settle so
far (the ledger's mean for a debtor with no settled invoice yet). For an invoice still open
at the cut-off, a baseline date before the cut-off is moved to the day after it (the
baseline knows the invoice is unpaid); the model conditions on it.

Inputs read from the CSV beside the shipped mapping (the mapping leaves them unread): the
customer's country code as its segment, and the channel of each invoice, electronic when
the customer's PaperlessDate is on or before the invoice date (known at issue). The
ledger's Disputed flag is dated from the invoice date by the shipped mapping, an
assumption (the export does not say when a dispute was opened); the row "model, disputes
unknown" drops the disputes to show what the model does without that assumption.

    python benchmarks/backtest_payment_model.py [path/to/ibm-accounts-receivable.csv]

Prints the Markdown tables of docs/guides/worklist-and-forecast.md.
"""

from __future__ import annotations

import csv
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path

import attrs
import pendulum

from recouvrement import Claim
from recouvrement.forecast import PaymentModel, cash_forecast, fit_payment_model
from recouvrement.io import ColumnMapping, read_claims_csv

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "realdata" / "ibm-accounts-receivable.csv"
CUTOFFS = ("2012-07-01", "2012-10-01", "2013-01-01", "2013-04-01", "2013-07-01", "2013-10-01")
WINDOW = 60  # days after the cut-off whose new invoices are predicted too
WEEKS = 13


def _us(text: str) -> date:
    return datetime.strptime(text, "%m/%d/%Y").date()


def side_inputs(path: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Segments (country code) by customer and channels by invoice, from the raw CSV."""
    segments: dict[str, str] = {}
    channels: dict[str, str] = {}
    with path.open(newline="") as handle:
        for row in csv.DictReader(handle):
            segments[row["customerID"]] = row["countryCode"]
            paperless = _us(row["PaperlessDate"]) <= _us(row["InvoiceDate"])
            channels[row["invoiceNumber"]] = "electronic" if paperless else "paper"
    return segments, channels


def evaluation_set(claims: Sequence[Claim], cutoff: pendulum.Date) -> list[Claim]:
    last = cutoff.add(days=WINDOW)
    return [
        c
        for c in claims
        if (c.issued_on <= cutoff and not c.is_settled(as_of=cutoff))
        or cutoff < c.issued_on <= last
    ]


def baselines(
    claims: Sequence[Claim], cutoff: pendulum.Date
) -> tuple[Callable[[Claim], int], Callable[[Claim], int]]:
    """The two baselines, as functions from a claim to a settlement ordinal."""
    days: dict[str, list[int]] = {}
    for c in claims:
        when = c.settled_on()
        if c.issued_on <= cutoff and when is not None and when <= cutoff:
            days.setdefault(c.debtor.id, []).append(when.toordinal() - c.issued_on.toordinal())
    everyone = [d for v in days.values() for d in v]
    overall = sum(everyone) / len(everyone)
    floor_of = cutoff.toordinal() + 1

    def floor(c: Claim) -> int:
        return max(floor_of, c.issued_on.toordinal())

    def due(c: Claim) -> int:
        return max(floor(c), c.due_on.toordinal())

    def mean(c: Claim) -> int:
        own = days.get(c.debtor.id)
        m = sum(own) / len(own) if own else overall
        return max(floor(c), c.issued_on.toordinal() + round(m))

    return due, mean


def weekly(amounts: Mapping[int, float], cutoff: pendulum.Date) -> list[float]:
    """Amounts by ordinal day -> 13 weekly sums (ISO weeks, the first from the cut-off)."""
    start = cutoff.add(days=1)
    out = []
    for _ in range(WEEKS):
        end = start.add(days=6 - start.weekday())
        out.append(sum(v for d, v in amounts.items() if start.toordinal() <= d <= end.toordinal()))
        start = end.add(days=1)
    return out


def wape(forecast: Sequence[float], actual: Sequence[float]) -> float:
    total = sum(actual)
    return sum(abs(f - a) for f, a in zip(forecast, actual, strict=True)) / total if total else 0.0


def evaluate(
    claims: Sequence[Claim], cutoff: pendulum.Date, model: PaymentModel
) -> dict[str, tuple[float, float, int]]:
    """Sum of absolute errors and hits per method, and counts, on one cut-off."""
    due, mean = baselines(claims, cutoff)
    err = {"model": 0.0, "due": 0.0, "mean": 0.0}
    hits = 0
    tests = evaluation_set(claims, cutoff)
    for c in tests:
        when = c.settled_on()
        assert when is not None  # every invoice of this ledger is settled
        y = when.toordinal()
        p = model.predict(c)
        err["model"] += abs(p.median.toordinal() - y)
        err["due"] += abs(due(c) - y)
        err["mean"] += abs(mean(c) - y)
        hits += p.low.toordinal() <= y <= p.high.toordinal()
    return {k: (v, float(hits), len(tests)) for k, v in err.items()}


def cash(claims: Sequence[Claim], cutoff: pendulum.Date, model: PaymentModel) -> dict[str, float]:
    """Weekly WAPE of the model and the baselines, and the weekly interval's coverage."""
    due, mean = baselines(claims, cutoff)
    open_now = [c for c in claims if c.issued_on <= cutoff and not c.is_settled(as_of=cutoff)]
    actual: dict[int, float] = {}
    by_due: dict[int, float] = {}
    by_mean: dict[int, float] = {}
    for c in open_now:
        amount = float(c.outstanding(as_of=cutoff).amount)
        when = c.settled_on()
        assert when is not None
        actual[when.toordinal()] = actual.get(when.toordinal(), 0.0) + amount
        by_due[due(c)] = by_due.get(due(c), 0.0) + amount
        by_mean[mean(c)] = by_mean.get(mean(c), 0.0) + amount
    real = weekly(actual, cutoff)
    cf = cash_forecast(model, horizon=WEEKS)
    predicted = [float(p.expected.amount) for p in cf.periods]
    inside = sum(
        float(p.low.amount) <= a <= float(p.high.amount)
        for p, a in zip(cf.periods, real, strict=True)
    )
    return {
        "model": wape(predicted, real),
        "due": wape(weekly(by_due, cutoff), real),
        "mean": wape(weekly(by_mean, cutoff), real),
        "inside": inside / WEEKS,
    }


def run(
    claims: Sequence[Claim], segments: dict[str, str], channels: dict[str, str], label: str
) -> list[str]:
    rows = []
    totals = {"model": 0.0, "due": 0.0, "mean": 0.0}
    hits = n = 0
    cash_sums = {"model": 0.0, "due": 0.0, "mean": 0.0, "inside": 0.0}
    for text in CUTOFFS:
        cutoff = pendulum.parse(text).date()  # type: ignore[union-attr]
        cutoff = pendulum.Date(cutoff.year, cutoff.month, cutoff.day)
        model = fit_payment_model(claims, as_of=cutoff, segments=segments, channels=channels)
        scores = evaluate(claims, cutoff, model)
        weeks = cash(claims, cutoff, model)
        count = scores["model"][2]
        rows.append(
            f"| {text} | {count} | {scores['model'][0] / count:.1f} | {scores['due'][0] / count:.1f} "
            f"| {scores['mean'][0] / count:.1f} | {scores['model'][1] / count:.0%} "
            f"| x{model.interval_scale:.2f} | {weeks['model']:.0%} | {weeks['due']:.0%} "
            f"| {weeks['mean']:.0%} | {weeks['inside']:.0%} |"
        )
        for k in totals:
            totals[k] += scores[k][0]
        hits += int(scores["model"][1])
        n += count
        for k in cash_sums:
            cash_sums[k] += weeks[k] / len(CUTOFFS)
    rows.append(
        f"| **all ({label})** | {n} | **{totals['model'] / n:.1f}** | {totals['due'] / n:.1f} "
        f"| {totals['mean'] / n:.1f} | **{hits / n:.1%}** | | **{cash_sums['model']:.0%}** "
        f"| {cash_sums['due']:.0%} | {cash_sums['mean']:.0%} | {cash_sums['inside']:.0%} |"
    )
    return rows


HEADER = (
    "| cut-off | invoices | MAE model (days) | MAE due date | MAE debtor mean "
    "| 80 % interval coverage | interval scale | weekly WAPE model | WAPE due date "
    "| WAPE debtor mean | weeks inside interval |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|"
)


def main(argv: Sequence[str]) -> None:
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT
    started = time.perf_counter()
    claims = list(read_claims_csv(path, mapping=ColumnMapping.shipped("ibm_ar")).claims)
    segments, channels = side_inputs(path)
    print(
        f"Ledger: {len(claims)} invoices, {len(segments)} customers; cut-offs {', '.join(CUTOFFS)}"
    )
    print()
    print("With the Disputed flag (dated from the invoice date by the shipped mapping):")
    print()
    print(HEADER)
    print("\n".join(run(claims, segments, channels, "disputes known")))
    print()
    blind = [attrs.evolve(c, events=()) for c in claims]
    print("Disputes unknown (the flag dropped):")
    print()
    print(HEADER)
    print("\n".join(run(blind, segments, channels, "disputes unknown")))
    print()
    print(f"Ran in {time.perf_counter() - started:.0f} s.")


if __name__ == "__main__":
    main(sys.argv)
