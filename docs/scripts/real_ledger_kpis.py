"""Portfolio KPIs on a real accounts-receivable ledger (the IBM sample data set).

Reads the CSV where it lies (never copied into the repository) and prints the Markdown
tables of ``docs/guides/real-ledger-kpis.md``:

    python docs/scripts/real_ledger_kpis.py [path/to/ibm-accounts-receivable.csv]

The ledger is read with `recouvrement.io` and the shipped mapping
(``ColumnMapping.shipped("ibm_ar")``), as the command line and the other scripts read it:
one claim per invoice, settled in full on ``SettledDate``. The file states no currency;
the mapping assumes US dollars. The mapping leaves ``countryCode`` unread (it is not an
ISO 3166 code), so this script reads it, with ``DaysToSettle`` and ``DaysLate`` (checked
against the loaded claims), from the file itself.
"""

from __future__ import annotations

import csv
import datetime as dt
import sys
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from recouvrement.claims import Claim
from recouvrement.errors import InsufficientHistory
from recouvrement.io import ColumnMapping, read_claims_csv
from recouvrement.kpi.frames import FramePortfolio, claims_to_frame
from recouvrement.kpi.portfolio import Portfolio

DEFAULT = Path("/work/shared/realdata/ibm-accounts-receivable.csv")


def read(path: Path) -> tuple[list[Claim], dict[str, str], int]:
    """The claims (shipped ``ibm_ar`` mapping), each customer's country code, and the
    number of rows whose ``DaysToSettle`` or ``DaysLate`` disagree with the claim's dates."""
    claims = list(read_claims_csv(path, mapping=ColumnMapping.shipped("ibm_ar")).claims)
    countries, mismatches = _unmapped_columns(path, claims)
    return claims, countries, mismatches


def _unmapped_columns(path: Path, claims: Sequence[Claim]) -> tuple[dict[str, str], int]:
    by_id = {claim.id: claim for claim in claims}
    countries: dict[str, str] = {}
    mismatches = 0
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            claim = by_id[row["invoiceNumber"]]
            countries[claim.debtor.id] = row["countryCode"]
            settled = claim.payments[-1].on
            if (settled - claim.issued_on).days != int(row["DaysToSettle"]) or max(
                0, (settled - claim.due_on).days
            ) != int(row["DaysLate"]):
                mismatches += 1
    return countries, mismatches


def fmt(value: Decimal | None, places: int = 1) -> str:
    return "n/a" if value is None else f"{value:.{places}f}"


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    claims, countries, mismatches = read(path)
    first = min(c.issued_on for c in claims)
    last = max(c.issued_on for c in claims)
    book = Portfolio(claims)
    print(f"{len(claims)} invoices of {len(countries)} customers, issued {first} to {last};")
    print(f"amounts in {book.currency} (the ibm_ar mapping's assumption);")
    print(f"DaysToSettle / DaysLate disagreeing with the dates: {mismatches}\n")
    columnar = FramePortfolio(claims_to_frame(claims, records=False))
    start, end = f"{first.year:04d}-{first.month:02d}", f"{last.year:04d}-{last.month:02d}"
    rows = book.trend(start=start, end=end)
    assert rows == columnar.trend(start=start, end=end), "columnar and pure paths disagree"
    quarter = book.trend(start=start, end=end, window_months=3)
    cur = book.currency
    print(
        f"| Month | Sales ({cur}) | Receivables ({cur}) | Current ({cur}) | DSO (1 month) "
        "| DSO (3 months) | Countback DSO | BPDSO | ADD | CEI | Days to pay | Days late |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row, q in zip(rows, quarter, strict=True):
        print(
            f"| {row.month} | {row.sales.amount:,.2f} | {row.receivables.amount:,.2f} "
            f"| {row.current_receivables.amount:,.2f} | {fmt(row.dso)} | {fmt(q.dso)} "
            f"| {fmt(row.dso_countback)} | {fmt(row.best_possible_dso)} "
            f"| {fmt(row.average_days_delinquent)} | {fmt(row.cei)} "
            f"| {fmt(row.weighted_days_to_pay)} | {fmt(row.weighted_days_late)} |"
        )
    as_of = dt.date(last.year, 12, 31) if last.month == 12 else rows[-1].as_of
    print(f"\nCEI, the whole of {first.year + 1}, both conventions:")
    year = first.year + 1
    whole = book.cei(start=f"{year}-01-01", end=f"{year}-12-31")
    monthly = book.cei(start=f"{year}-01-01", end=f"{year}-12-31", months=12)
    print(f"months=1: {fmt(whole)}; months=12: {fmt(monthly)}")
    print(f"\nBy country, {year}: weighted days to pay / days late")
    print("| Country code | Invoices | Days to pay | Days late |")
    print("|---|---:|---:|---:|")
    for country, part in sorted(book.group_by(countries).items()):
        print(
            f"| {country} | {len(part)} "
            f"| {fmt(part.weighted_days_to_pay(start=f'{year}-01-01', end=f'{year}-12-31'))} "
            f"| {fmt(part.weighted_days_late(start=f'{year}-01-01', end=f'{year}-12-31'))} |"
        )
    try:
        book.dso_countback(as_of=as_of)
    except InsufficientHistory as exc:  # pragma: no cover - cannot happen on a full ledger
        print(exc)


if __name__ == "__main__":
    main()
