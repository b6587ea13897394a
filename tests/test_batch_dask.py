"""The batch partition function inside Dask: delayed tasks over Parquet files, Arrow end to end.

Each file holds whole debtors; the records equal those of one process (and therefore those of
the per-claim functions, tests/test_batch.py).
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from recouvrement import kpi
from recouvrement.batch import batch_schema, decide_arrow, decide_batches
from recouvrement.sample import generate_claims, load_sample

dask = pytest.importorskip("dask")

AS_OF = "2026-03-31"
KEYS = [("debtor_id", "ascending"), ("claim_id", "ascending")]


def _decide_file(path: str) -> pa.Table:
    batches = pq.read_table(path, columns=["debtor_id", "record"]).to_batches()
    return pa.Table.from_batches(list(decide_arrow(batches, as_of=AS_OF)), schema=batch_schema())


@pytest.mark.parametrize(("files", "scheduler"), [(1, "sync"), (4, "threads")])
def test_dask_delayed_over_parquet_files_equals_one_process(
    tmp_path: Path, files: int, scheduler: str
) -> None:
    claims = sorted(
        (*load_sample().claims, *generate_claims(200, seed=4, as_of=AS_OF)),
        key=lambda c: c.debtor.id,
    )
    debtors = sorted({c.debtor.id for c in claims})
    paths = []
    for index in range(files):  # whole debtors in each file
        mine = set(debtors[index::files])
        part = [c for c in claims if c.debtor.id in mine]
        paths.append(str(tmp_path / f"part-{index:03d}.parquet"))
        pq.write_table(kpi.claims_to_arrow(part), paths[-1])

    tasks = [dask.delayed(_decide_file)(path) for path in paths]
    (tables,) = dask.compute(tasks, scheduler=scheduler)
    got = pa.concat_tables(tables).sort_by(KEYS).to_pylist()

    whole = pa.Table.from_batches(list(decide_batches(claims, as_of=AS_OF)))
    assert got == whole.sort_by(KEYS).to_pylist()
    assert len(got) == len(claims)
