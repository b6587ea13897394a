"""Throughput of debtor profiling: 10,000 debtors with 20 claims each (debtors per second).

python benchmarks/bench_profiling.py
"""

from __future__ import annotations

import time

from recouvrement.profiling import ProfilingRules, profile_debtor, profile_debtors
from recouvrement.sample import SAMPLE_AS_OF, generate_claims

DEBTORS = 10_000
CLAIMS = 20 * DEBTORS

t = time.perf_counter()
claims = generate_claims(CLAIMS, seed=11, debtors=DEBTORS, as_of=SAMPLE_AS_OF)
print(f"generated {len(claims):,} claims in {time.perf_counter() - t:.1f} s")
ProfilingRules.default()  # load the rules once

best = float("inf")
for _ in range(3):
    t = time.perf_counter()
    profiles = profile_debtors(claims, as_of=SAMPLE_AS_OF)
    best = min(best, time.perf_counter() - t)
assert len(profiles) == DEBTORS
print(
    f"profile_debtors ({DEBTORS:,} debtors x 20 claims)   {DEBTORS / best:10,.0f} debtors/s"
    f"   {CLAIMS / best:12,.0f} claims/s   ({best:.2f} s, best of 3)"
)

groups: dict[str, list[object]] = {}
for claim in claims:
    groups.setdefault(claim.debtor.id, []).append(claim)
batches = list(groups.values())[:2_000]
t = time.perf_counter()
for batch in batches:
    profile_debtor(batch, as_of=SAMPLE_AS_OF)  # type: ignore[arg-type]
elapsed = time.perf_counter() - t
print(
    f"profile_debtor, one call per debtor ({len(batches):,} calls) {len(batches) / elapsed:10,.0f} debtors/s"
)
