"""Throughput of the prescription layer (claims per second).

Run: ``python benchmarks/bench_prescription.py [n]`` (default 100,000 claims with events,
from `recouvrement.sample.generate_claims`).
"""

from __future__ import annotations

import gc
import sys
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from recouvrement.events import InsolvencyKind, InsolvencyProceeding
from recouvrement.prescription import (
    claim_declaration_deadline,
    prescription_deadline,
    upcoming_deadlines,
)
from recouvrement.sample import generate_claims

N = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
AS_OF = "2025-12-31"

t = time.perf_counter()
claims = generate_claims(N, seed=42, as_of=AS_OF)
print(f"generated {N:,} claims in {time.perf_counter() - t:.1f} s")
events = sum(len(c.events) + len(c.payments) for c in claims)
print(f"{events:,} events and payments ({events / N:.1f} per claim)")

# The input portfolio is long-lived data: keep the garbage collector from rescanning it on
# every full collection (what a service holding a portfolio in memory would do too).
gc.collect()
gc.freeze()


def bench(name: str, fn: Callable[[], Any], n: int = N) -> Any:
    """Run ``fn()``; print wall-clock and CPU throughput (the machine may be shared)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"{name:45s} {n / wall:12,.0f} claims/s wall {n / cpu:12,.0f} claims/s CPU")
    return result


prescription_deadline(claims[0], as_of=AS_OF)  # warm the caches
bench(
    "prescription_deadline, streamed",
    lambda: sum(prescription_deadline(c, as_of=AS_OF).time_barred for c in claims),
)
results = bench(
    "prescription_deadline, all results kept",
    lambda: [prescription_deadline(c, as_of=AS_OF) for c in claims],
)
states = Counter(
    "time-barred" if r.time_barred else "running" if r.running else "paused" for r in results
)
print(f"  {dict(states)}")

soon = bench(
    "upcoming_deadlines(within=90)", lambda: upcoming_deadlines(claims, as_of=AS_OF, within=90)
)
print(f"  {len(soon):,} deadlines found")

proceeding = InsolvencyProceeding(
    kind=InsolvencyKind.RECEIVERSHIP, opened_on="2025-03-04", published_on="2025-03-16"
)
M = 20_000
bench(
    "claim_declaration_deadline (calls)",
    lambda: [claim_declaration_deadline(proceeding) for _ in range(M)],
    M,
)
