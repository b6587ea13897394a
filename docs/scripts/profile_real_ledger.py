"""Debtor profiles on a real accounts-receivable ledger (the IBM sample data set).

Reads the CSV where it lies (it is never copied into the repository) and prints what
``docs/guides/profiling.md`` shows: the segment distribution of its 100 customers and the
explained profiles of two of them.

    python docs/scripts/profile_real_ledger.py [path/to/ibm-accounts-receivable.csv] [as_of]

The ledger is read with `recouvrement.io` and the shipped mapping
(``ColumnMapping.shipped("ibm_ar")``, ``src/recouvrement/data/mappings/ibm_ar.toml``), as
the command line and the other scripts read it. One claim per invoice:

- ``customerID`` -> the debtor (a professional; commercial claims); ``invoiceNumber`` ->
  the claim id;
- ``InvoiceDate`` -> ``issued_on``; ``DueDate`` -> ``due_on`` (30 days in every row);
- ``InvoiceAmount`` -> ``amount``, in US dollars: the file states no currency, USD is the
  mapping's assumption (profiling does not depend on it);
- ``SettledDate`` -> one payment of the whole amount on that day (every invoice of the file
  is settled in full; payments after ``as_of`` are ignored by the profile);
- ``Disputed = Yes`` -> a `Dispute` opened on the invoice date and closed on the settlement
  date, with no outcome (the file does not say how it ended, and the invoice was paid in
  full);
- ``countryCode``, ``PaperlessDate``, ``PaperlessBill``, ``DaysToSettle``, ``DaysLate`` are
  not read into the claims; this script checks the last two against the loaded claims.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from recouvrement.claims import Claim
from recouvrement.io import ColumnMapping, read_claims_csv
from recouvrement.profiling import DebtorProfile, profile_debtors
from recouvrement.segments import Segment

DEFAULT = Path("/work/shared/realdata/ibm-accounts-receivable.csv")
AS_OF = "2013-12-31"  # the last invoice is dated 2013-12-02; settlements run to 2014-01-09


def read(path: Path) -> list[Claim]:
    """Load the ledger with the shipped ``ibm_ar`` mapping and check its derived columns."""
    claims = list(read_claims_csv(path, mapping=ColumnMapping.shipped("ibm_ar")).claims)
    check_derived_columns(path, claims)
    return claims


def check_derived_columns(path: Path, claims: Sequence[Claim]) -> None:
    """Check the file's ``DaysToSettle`` and ``DaysLate`` against the loaded claims."""
    by_id = {claim.id: claim for claim in claims}
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            claim = by_id[row["invoiceNumber"]]
            settled = claim.payments[-1].on
            due = claim.due_on
            if (settled - claim.issued_on).days != int(row["DaysToSettle"]) or max(
                0, (settled - due).days
            ) != int(row["DaysLate"]):
                raise ValueError(f"invoice {claim.id}: DaysToSettle or DaysLate disagrees")


def distribution(profiles: dict[str, DebtorProfile]) -> str:
    """The segment distribution as a Markdown table."""
    counts = Counter(p.segment for p in profiles.values())
    lines = ["| Segment | Debtors | Median score | Rules that fired |", "|---|---:|---:|---|"]
    for segment in Segment:
        members = [p for p in profiles.values() if p.segment is segment]
        if not members:
            continue
        scores = sorted(p.score for p in members)
        median = scores[len(scores) // 2]
        rules = Counter(p.rule for p in members).most_common()
        fired = ", ".join(f"`{rule}` {n}" for rule, n in rules)
        lines.append(f"| {segment.value} | {counts[segment]} | {median} | {fired} |")
    lines.append(f"| **total** | **{len(profiles)}** | | |")
    return "\n".join(lines)


def metrics_table(profile: DebtorProfile) -> str:
    """The main metrics of one profile, as a Markdown table."""
    m = profile.metrics
    rows = [
        ("claims issued / paid", f"{m.claims_issued} / {m.claims_paid}"),
        ("on-time share", str(m.on_time_share)),
        ("average days late (paid, amount-weighted)", str(m.average_days_late)),
        ("worst days late", str(m.worst_days_late)),
        (
            "average delay / recent half / older half",
            f"{m.average_delay} / {m.recent_average_delay} / {m.older_average_delay}",
        ),
        (
            "overdue claims / amount / oldest days past due",
            f"{m.claims_overdue} / {m.overdue_amount.amount} {m.overdue_amount.currency} "
            f"/ {m.oldest_days_past_due}",
        ),
        ("overdue in months of billing", str(m.overdue_months)),
        ("disputes opened", str(m.disputes_opened)),
    ]
    lines = ["| Metric | Value |", "|---|---|"]
    lines.extend(f"| {name} | {value} |" for name, value in rows)
    return "\n".join(lines)


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    as_of = sys.argv[2] if len(sys.argv) > 2 else AS_OF
    claims = read(path)
    profiles = profile_debtors(claims, as_of=as_of)
    print(f"{len(claims)} invoices, {len(profiles)} debtors, as of {as_of}\n")
    print(distribution(profiles))
    ranked = sorted(profiles.values(), key=lambda p: (-p.score, p.debtor_id))
    print("\nTop scores:", ", ".join(f"{p.debtor_id} {p.score}" for p in ranked[:5]))
    # Two explained profiles: the riskiest debtor, and the first occasionally late one.
    chosen = [ranked[0]]
    chosen += [p for p in ranked if p.segment is Segment.OCCASIONALLY_LATE][:1]
    for profile in chosen:
        print(f"\n```text\n{profile.explain()}\n```\n")
        print(metrics_table(profile))


if __name__ == "__main__":
    main()
