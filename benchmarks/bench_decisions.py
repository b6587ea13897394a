"""Throughput of the decision engine: next_action over 100,000 synthetic claims.

Run: ``python benchmarks/bench_decisions.py``. The claims come from
``recouvrement.sample.generate_claims`` (realistic mix of payers, payments and events); the
default policy is built once; the first pass warms the caches (rate tables, holidays,
procedure thresholds) and is not timed.
"""

from __future__ import annotations

import collections
import time
from collections.abc import Callable

from recouvrement.decisions import next_action, next_actions, simulate
from recouvrement.policy import EscalationPolicy
from recouvrement.sample import SAMPLE_AS_OF, generate_claims

N = 100_000

t = time.perf_counter()
CLAIMS = generate_claims(N, seed=42, as_of=SAMPLE_AS_OF)
print(f"generated {N:,} claims in {time.perf_counter() - t:.1f} s")
POLICY = EscalationPolicy.default()

for claim in CLAIMS[:2000]:  # warm-up
    next_action(claim, as_of=SAMPLE_AS_OF, policy=POLICY)


def bench(name: str, run: Callable[[], int]) -> None:
    t = time.perf_counter()
    count = run()
    elapsed = time.perf_counter() - t
    print(f"{name:60s} {count / elapsed:12,.0f} decisions/s")


def plain(with_amounts: bool) -> int:
    n = 0
    for claim in CLAIMS:
        next_action(claim, as_of=SAMPLE_AS_OF, policy=POLICY, with_amounts=with_amounts)
        n += 1
    return n


def batch() -> int:
    return sum(1 for _ in next_actions(CLAIMS, as_of=SAMPLE_AS_OF, policy=POLICY))


bench("next_action x 100,000 (with amounts due)", lambda: plain(True))
bench("next_action x 100,000 (with_amounts=False)", lambda: plain(False))
bench("next_actions(100,000 claims) (with amounts due)", batch)

mix = collections.Counter(
    d.action.value for d in next_actions(CLAIMS, as_of=SAMPLE_AS_OF, policy=POLICY)
)
print("decision mix:", dict(mix.most_common()))

t = time.perf_counter()
sims = CLAIMS[:500]
steps = sum(
    len(simulate(c, start=SAMPLE_AS_OF, end=SAMPLE_AS_OF.add(years=1), policy=POLICY)) for c in sims
)
elapsed = time.perf_counter() - t
print(
    f"{'simulate one year x 500 claims':60s} {len(sims) / elapsed:12,.0f} claims/s"
    f" ({steps} acting decisions)"
)
