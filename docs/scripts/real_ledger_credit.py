"""Credit limits for the real ledger's 100 customers (the IBM sample data set).

Reads the CSV where it lies (it is never copied into the repository) with the shipped
mapping, as the other scripts do, and prints what ``docs/guides/real-ledger-credit.md``
shows: the limits by segment, the customers most over their limit, two explained limits,
order checks and the reviews due.

    python docs/scripts/real_ledger_credit.py [path/to/ibm-accounts-receivable.csv] [as_of]

The ledger states no currency: the mapping assumes US dollars. Same ledger, same output.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from statistics import median

from recouvrement.claims import Claim
from recouvrement.credit import CreditReportRow, check_order, credit_report, reviews_due
from recouvrement.io import ColumnMapping, read_claims_csv
from recouvrement.money import Money
from recouvrement.segments import Segment

ROOT = Path(__file__).resolve().parents[2]
DEFAULT = ROOT.parent / "shared" / "realdata" / "ibm-accounts-receivable.csv"
AS_OF = "2013-11-30"  # the last complete month of the ledger, as in the walkthrough


def read(path: Path) -> list[Claim]:
    """Load the ledger with the shipped ``ibm_ar`` mapping."""
    return list(read_claims_csv(path, mapping=ColumnMapping.shipped("ibm_ar")).claims)


def by_segment(rows: Sequence[CreditReportRow]) -> str:
    """Limits and exposure per segment, as a Markdown table."""
    lines = [
        "| Segment | Customers | Median limit | Lowest | Highest | Total limits | Total exposure | Over limit |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for segment in Segment:
        members = [r for r in rows if r.profile.segment is segment]
        if not members:
            continue
        limits = [r.limit.amount.amount for r in members]
        exposure = sum((r.exposure.total.amount for r in members), Decimal(0))
        over = sum(1 for r in members if r.exposure.over_limit)
        lines.append(
            f"| {segment.value} | {len(members)} | {median(limits)} | {min(limits)} | "
            f"{max(limits)} | {sum(limits)} | {exposure} | {over} |"
        )
    total_limits = sum((r.limit.amount.amount for r in rows), Decimal(0))
    total_exposure = sum((r.exposure.total.amount for r in rows), Decimal(0))
    over = sum(1 for r in rows if r.exposure.over_limit)
    lines.append(
        f"| **all** | **{len(rows)}** | | | | **{total_limits}** | **{total_exposure}** | **{over}** |"
    )
    return "\n".join(lines)


def most_over(rows: Sequence[CreditReportRow], n: int = 5) -> str:
    """The customers furthest over their recommended limit, as a Markdown table."""
    over = sorted(
        (r for r in rows if r.exposure.over_limit),
        key=lambda r: (r.exposure.available.amount if r.exposure.available else 0, r.debtor_id),
    )
    lines = [
        "| Customer | Segment | Score | Limit | Not due | Overdue | Available |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for r in over[:n]:
        e = r.exposure
        lines.append(
            f"| {r.debtor_id} | {r.profile.segment.value} | {r.profile.score} | "
            f"{r.limit.amount.amount} | {e.not_due.amount} | {e.overdue.amount} | "
            f"{e.available.amount if e.available else ''} |"
        )
    return "\n".join(lines)


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    as_of = sys.argv[2] if len(sys.argv) > 2 else AS_OF
    claims = read(path)
    rows = credit_report(claims, as_of=as_of)
    assert len(rows) == len({c.debtor.id for c in claims})
    assert all(r.limit.reasons and r.limit.amount.amount >= 0 for r in rows)
    print(f"{len(claims)} invoices, {len(rows)} customers, as of {as_of}\n")
    print(by_segment(rows))
    print("\nFurthest over their limit:\n")
    print(most_over(rows))
    ranked = sorted(rows, key=lambda r: (-r.profile.score, r.debtor_id))
    punctual = [r for r in ranked if r.profile.segment is Segment.PUNCTUAL]
    for row in (ranked[0], punctual[-1]):
        print(f"\n```text\n{row.limit.explain()}\n```")
    print("\nOrder checks (an order of 100 USD each):\n")
    for row in (ranked[0], punctual[-1]):
        mine = [c for c in claims if c.debtor.id == row.debtor_id]
        order = check_order(
            Money("100", "USD"), mine, as_of=as_of, limit=row.limit, profile=row.profile
        )
        print(f"- {row.debtor_id}: {order.outcome.value}; {order.reasons[0]}")
    last = {r.debtor_id: "2013-05-31" for r in rows}
    due = reviews_due(claims, as_of=as_of, last_reviews=last)
    print(f"\nReviews due with every limit last reviewed on 2013-05-31: {len(due)}")
    segments = sorted({r.segment.value for r in due if r.segment is not None})
    print(
        f"segments due: {segments}; triggers: {sorted({t.value for r in due for t in r.triggers})}"
    )


if __name__ == "__main__":
    main()
