"""Throughput of `late_interest` and `amounts_due` (claims per second, one core).

Run: ``python benchmarks/bench_interest.py [--claims 100000] [--seed 42]``

Two workloads: the embedded sample portfolio (repeated until about as many calls as the
synthetic run) and ``--claims`` claims from ``recouvrement.sample.generate_claims``
(deterministic for a given seed), all computed on the same ``as_of``. Claim
construction is not timed. Target: at least 20,000 claims per second.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from recouvrement.claims import Claim
from recouvrement.interest import amounts_due, late_interest
from recouvrement.sample import generate_claims, load_sample


def _run(
    label: str, claims: Sequence[Claim], as_of: Any, fn: Callable[..., Any], repeat: int = 3
) -> float:
    fn(claims[0], as_of=as_of)  # warm the rate caches
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        for claim in claims:
            fn(claim, as_of=as_of)
        best = min(best, time.perf_counter() - start)
    rate = len(claims) / best
    print(f"{label:<48} {len(claims):>8} claims  {best:8.3f} s  {rate:>10,.0f} claims/s")
    return rate


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--as-of", default="2025-12-31")
    args = parser.parse_args(argv)

    sample = load_sample()
    portfolio = list(sample.claims) * max(1, args.claims // len(sample.claims))
    start = time.perf_counter()
    generated = generate_claims(args.claims, seed=args.seed, as_of=args.as_of)
    print(
        f"generated {len(generated)} claims in {time.perf_counter() - start:.1f} s "
        f"(seed {args.seed}, as_of {args.as_of}); python {sys.version.split()[0]}"
    )
    regimes = Counter(late_interest(c, as_of=args.as_of).regime for c in generated)
    print("regimes:", dict(regimes))

    rates = [
        _run(
            f"late_interest, sample portfolio x{len(portfolio) // len(sample.claims)}",
            portfolio,
            sample.as_of,
            late_interest,
        ),
        _run("late_interest, generated", generated, args.as_of, late_interest),
        _run(
            "late_interest interest_first actual/actual, generated",
            generated,
            args.as_of,
            lambda c, as_of: late_interest(
                c, as_of=as_of, allocation="interest_first", day_count="actual/actual"
            ),
        ),
        _run("amounts_due, generated", generated, args.as_of, amounts_due),
    ]
    target = 20_000
    verdict = "OK" if min(rates[:2]) >= target else "BELOW TARGET"
    print(f"target >= {target:,} claims/s for late_interest: {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
