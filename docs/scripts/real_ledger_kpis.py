"""Portfolio KPIs on a real accounts-receivable ledger (the IBM sample data set).

Reads the CSV where it lies (never copied into the repository) and prints the Markdown
tables of ``docs/guides/real-ledger-kpis.md``:

    python docs/scripts/real_ledger_kpis.py [path/to/ibm-accounts-receivable.csv]

Each row is one invoice, settled in full on ``SettledDate``; the amounts carry no
currency, so they are read as ``XXX`` (the ISO 4217 code for "no currency").
"""

from __future__ import annotations

import csv
import datetime as dt
import sys
from decimal import Decimal
from pathlib import Path

from recouvrement.claims import Claim, Payment
from recouvrement.errors import InsufficientHistory
from recouvrement.kpi.frames import FramePortfolio, claims_to_frame
from recouvrement.kpi.portfolio import Portfolio
from recouvrement.money import Money
from recouvrement.parties import Creditor, Debtor

DEFAULT = Path("/work/shared/realdata/ibm-accounts-receivable.csv")
CURRENCY = "XXX"


def _date(text: str) -> dt.date:
    month, day, year = (int(part) for part in text.split("/"))
    return dt.date(year, month, day)


def read(path: Path) -> tuple[list[Claim], dict[str, str], int]:
    creditor = Creditor(id="IBM-SAMPLE", name="IBM sample ledger", kind="professional")
    debtors: dict[str, Debtor] = {}
    countries: dict[str, str] = {}
    claims = []
    mismatches = 0
    with path.open(newline="") as handle:
        for row in csv.DictReader(handle):
            customer = row["customerID"]
            debtor = debtors.setdefault(
                customer, Debtor(id=customer, name=customer, kind="professional")
            )
            countries[customer] = row["countryCode"]
            issued, due, settled = (
                _date(row[k]) for k in ("InvoiceDate", "DueDate", "SettledDate")
            )
            amount = Money(Decimal(row["InvoiceAmount"]), CURRENCY)
            if (settled - issued).days != int(row["DaysToSettle"]) or max(
                0, (settled - due).days
            ) != int(row["DaysLate"]):
                mismatches += 1
            claims.append(
                Claim(
                    id=row["invoiceNumber"],
                    creditor=creditor,
                    debtor=debtor,
                    nature="commercial",
                    amount=amount,
                    issued_on=issued,
                    due_on=due,
                    payments=[Payment(on=settled, amount=amount)],
                )
            )
    return claims, countries, mismatches


def fmt(value: Decimal | None, places: int = 1) -> str:
    return "n/a" if value is None else f"{value:.{places}f}"


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    claims, countries, mismatches = read(path)
    first = min(c.issued_on for c in claims)
    last = max(c.issued_on for c in claims)
    print(f"{len(claims)} invoices of {len(countries)} customers, issued {first} to {last};")
    print(f"DaysToSettle / DaysLate disagreeing with the dates: {mismatches}\n")
    book = Portfolio(claims)
    columnar = FramePortfolio(claims_to_frame(claims, records=False))
    start, end = f"{first.year:04d}-{first.month:02d}", f"{last.year:04d}-{last.month:02d}"
    rows = book.trend(start=start, end=end)
    assert rows == columnar.trend(start=start, end=end), "columnar and pure paths disagree"
    quarter = book.trend(start=start, end=end, window_months=3)
    print(
        "| Month | Sales | Receivables | Current | DSO (1 month) | DSO (3 months) "
        "| Countback DSO | BPDSO | ADD | CEI | Days to pay | Days late |"
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
