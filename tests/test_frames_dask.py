"""The columnar path inside a real local engine: Dask ``map_partitions`` over Parquet.

The partition function of `recouvrement.kpi` must give, over any partitioning, the same
figures as the whole portfolio on one machine (docs/guides/large-portfolios.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from recouvrement import kpi
from recouvrement.sample import generate_claims, load_sample

dd = pytest.importorskip("dask.dataframe")

AS_OF = "2026-03-31"
START = "2026-01-01"


def _sums(partition: Any, schema: pa.Schema) -> Any:
    # The Parquet schema, not pandas' guess: a partition whose list columns are all empty
    # would otherwise come back as lists of nulls.
    batch = pa.Table.from_pandas(partition, schema=schema, preserve_index=False)
    out = kpi.partition_sums(batch.to_batches(), as_of=AS_OF, start=START)
    return pa.Table.from_batches(list(out)).to_pandas()


# Dask itself calls a pandas API that pandas 3.1 deprecates; not ours to fix.
@pytest.mark.filterwarnings("ignore:The inplace keyword in DataFrame.reset_index is deprecated")
@pytest.mark.parametrize("partitions", [1, 3, 8])
def test_dask_map_partitions_matches_the_whole_portfolio(tmp_path: Path, partitions: int) -> None:
    claims = (*load_sample().claims, *generate_claims(300, seed=5, as_of=AS_OF))
    table = kpi.claims_to_arrow(claims, records=False)
    rows = table.num_rows
    size = -(-rows // partitions)
    folder = tmp_path / "claims"
    folder.mkdir()
    for index, start in enumerate(range(0, rows, size)):
        pq.write_table(table.slice(start, size), folder / f"part-{index:03d}.parquet")

    frame = dd.read_parquet(str(folder))
    assert frame.npartitions == partitions
    meta = {"currency": "object", "measure": "object", "amount": "object"}
    schema = pq.read_schema(folder / "part-000.parquet")
    parts = frame.map_partitions(_sums, schema, meta=meta).compute(scheduler="synchronous")
    distributed = kpi.combine_partition_sums([pa.Table.from_pandas(parts, preserve_index=False)])

    whole = kpi.combine_partition_sums(
        kpi.partition_sums(table.to_batches(), as_of=AS_OF, start=START)
    )
    assert distributed == whole
    balance = kpi.aging(claims, as_of=AS_OF)
    assert isinstance(balance, kpi.AgingBalance)
    assert distributed["EUR"]["receivables"] == balance.total.amount
    assert distributed["EUR"]["not_due"] == balance.not_due.amount
