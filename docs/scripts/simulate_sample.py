"""Simulate the default escalation policy over a year on the sample portfolio.

Run: ``python docs/scripts/simulate_sample.py``. It prints the Markdown tables shown in
docs/guides/next-action.md: every claim of the shipped sample portfolio is profiled
(`profile_debtors`), then `simulate` carries out every decided action for a year from the
portfolio's date, with nothing paid.
"""

from __future__ import annotations

from collections import Counter

from recouvrement.decisions import simulate
from recouvrement.policy import EscalationPolicy
from recouvrement.profiling import profile_debtors
from recouvrement.sample import load_sample


def main() -> None:
    sample = load_sample()
    start = sample.as_of
    end = start.add(years=1)
    policy = EscalationPolicy.default()
    profiles = profile_debtors(sample.claims, as_of=start)
    actions: Counter[str] = Counter()
    by_quarter: Counter[tuple[int, str]] = Counter()
    last: Counter[str] = Counter()
    acting_claims = 0
    for claim in sample.claims:
        timeline = simulate(
            claim, start=start, end=end, policy=policy, profile=profiles[claim.debtor.id]
        )
        if timeline and timeline[0].action.value != "close":
            acting_claims += 1
        for decision in timeline:
            actions[decision.action.value] += 1
            quarter = (decision.on.toordinal() - start.toordinal()) // 92 + 1
            by_quarter[(min(quarter, 4), decision.action.value)] += 1
        last[timeline[-1].action.value if timeline else "(nothing)"] += 1

    print(
        f"Sample portfolio: {len(sample.claims)} claims, simulated from {start} to {end}, "
        f"default policy, debtors profiled on {start}; {acting_claims} claims need action.\n"
    )
    print("| Action | Decisions | Q1 | Q2 | Q3 | Q4 |")
    print("|---|---:|---:|---:|---:|---:|")
    for action, count in actions.most_common():
        cells = " | ".join(str(by_quarter[(q, action)]) for q in (1, 2, 3, 4))
        print(f"| `{action}` | {count} | {cells} |")
    print("\n| Last decision of the year | Claims |")
    print("|---|---:|")
    for action, count in last.most_common():
        print(f"| `{action}` | {count} |")


if __name__ == "__main__":
    main()
