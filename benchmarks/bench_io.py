"""Throughput of ledger I/O: writing and streaming-reading claims as CSV (and JSON lines).

Usage: python benchmarks/bench_io.py [N]   (N claims, 1,000,000 by default)

The claims are a pool of 1,000 synthetic claims (`generate_claims`, 200 debtors, with
payments and events) written over and over, so that memory holds only the pool: the
writer and the reader both stream. The peak resident memory is printed to show that
reading does not grow with the file.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from recouvrement.claims import Claim
from recouvrement.io.csv_ledger import iter_claims_csv, write_claims_csv
from recouvrement.io.json_ledger import iter_claims_jsonl, write_claims_jsonl
from recouvrement.io.mapping import ColumnMapping
from recouvrement.sample import generate_claims

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
POOL = generate_claims(1000, seed=7, debtors=200)
REAL = Path(__file__).resolve().parents[2] / "shared" / "realdata" / "ibm-accounts-receivable.csv"


def claims(n: int) -> Iterator[Claim]:
    for i in range(n):
        yield POOL[i % len(POOL)]


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def report(name: str, n: int, elapsed: float, path: Path | None = None) -> None:
    size = f"  {path.stat().st_size / 1e6:8.1f} MB" if path is not None else ""
    print(f"{name:42s} {n:>10,} rows {elapsed:7.1f} s {n / elapsed:>10,.0f} rows/s{size}")


def main() -> None:
    print(f"recouvrement I/O benchmark: {N:,} claims (peak RSS at start {rss_mb():.0f} MB)")
    with tempfile.TemporaryDirectory() as folder:
        csv_path = Path(folder) / "claims.csv"
        t = time.perf_counter()
        written = write_claims_csv(claims(N), csv_path)
        report("write_claims_csv", written, time.perf_counter() - t, csv_path)

        t = time.perf_counter()
        stream = iter_claims_csv(csv_path)
        count = sum(1 for _ in stream)
        report("iter_claims_csv (standard layout)", count, time.perf_counter() - t)
        assert count == N
        assert not stream.errors
        print(f"{'':42s} peak RSS after reading: {rss_mb():.0f} MB")

        jsonl_path = Path(folder) / "claims.jsonl"
        n_json = min(N, 200_000)
        t = time.perf_counter()
        write_claims_jsonl(claims(n_json), jsonl_path)
        report("write_claims_jsonl", n_json, time.perf_counter() - t, jsonl_path)
        t = time.perf_counter()
        count = sum(1 for _ in iter_claims_jsonl(jsonl_path))
        report("iter_claims_jsonl", count, time.perf_counter() - t)

    if REAL.exists():
        mapping = ColumnMapping.shipped("ibm_ar")
        rounds = 20
        t = time.perf_counter()
        for _ in range(rounds):
            count = sum(1 for _ in iter_claims_csv(REAL, mapping=mapping))
        report("real ledger through ibm_ar mapping", count * rounds, time.perf_counter() - t)


if __name__ == "__main__":
    main()
