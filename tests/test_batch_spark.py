"""The batch partition function inside Spark's ``mapInArrow``, on Spark in local mode.

Skipped when pyspark or a Java runtime is missing. One session for the module (its start
takes most of the time); the portfolio is small so that the test stays well under a minute.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from functools import partial
from typing import Any

import pyarrow as pa
import pytest

from recouvrement import kpi
from recouvrement.batch import BATCH_DDL, batch_schema, decide_arrow, decide_batches
from recouvrement.sample import generate_claims, load_sample

pyspark = pytest.importorskip("pyspark", reason="pyspark is not installed (pip install pyspark)")
if shutil.which("java") is None:
    pytest.skip("Spark needs a Java runtime: none on PATH", allow_module_level=True)

AS_OF = "2026-03-31"
KEYS = [("debtor_id", "ascending"), ("claim_id", "ascending")]
# Spark's own code warns (deprecations of pandas/pyarrow it calls); not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::FutureWarning")


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("recouvrement-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "3")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "50")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_spark_map_in_arrow_equals_one_process(spark: Any) -> None:
    claims = sorted(
        (*load_sample().claims, *generate_claims(150, seed=6, as_of=AS_OF)),
        key=lambda c: c.debtor.id,
    )
    table = kpi.claims_to_arrow(claims).select(["debtor_id", "record"])
    frame = spark.createDataFrame(table.to_pandas())
    # Whole debtors in each partition, contiguous: the contract of profiles="auto".
    frame = frame.repartition(3, "debtor_id").sortWithinPartitions("debtor_id")
    decided = frame.mapInArrow(partial(decide_arrow, as_of=AS_OF), schema=BATCH_DDL)
    got = decided.toArrow()
    assert got.num_rows == len(claims)

    whole = pa.Table.from_batches(list(decide_batches(claims, as_of=AS_OF)), schema=batch_schema())
    assert got.sort_by(KEYS).to_pylist() == whole.sort_by(KEYS).to_pylist()
