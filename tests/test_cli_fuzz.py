"""No input, however absurd, makes the command line print a traceback (issue #14)."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recouvrement.cli import main
from recouvrement.io.csv_ledger import write_claims_csv
from recouvrement.sample import load_sample

AS_OF = "2026-03-31"
CODES = {0, 1, 2, 3}


def _run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> int:
    code = main([str(a) for a in args], out=io.StringIO())
    err = capsys.readouterr().err
    assert "Traceback" not in err, err
    assert "internal error" not in err, err
    assert code in CODES, (code, err)
    return code


@pytest.fixture(scope="module")
def sample_rows(tmp_path_factory: pytest.TempPathFactory) -> list[list[str]]:
    buffer = io.StringIO()
    write_claims_csv(load_sample().claims[:5], buffer)
    return list(csv.reader(io.StringIO(buffer.getvalue())))


_SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@_SETTINGS
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".csv", ".jsonl", ".json"]))
def test_random_bytes_never_crash(
    data: bytes, suffix: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / f"ledger{suffix}"
    path.write_bytes(data)
    _run(capsys, "next-actions", path, "--as-of", AS_OF, "-q")


_CELL = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["9999-12-31", "0001-01-01", "1" * 30, "-0", "NaN", "1e400", "EUR", ""]),
)


@_SETTINGS
@given(cells=st.lists(st.tuples(st.integers(0, 31), _CELL), min_size=1, max_size=6))
def test_random_cells_in_real_rows_never_crash(
    cells: list[tuple[int, str]],
    sample_rows: list[list[str]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    rows = [list(r) for r in sample_rows]
    for index, (column, value) in enumerate(cells):
        row = rows[1 + index % (len(rows) - 1)]
        row[column % len(row)] = value
    path = tmp_path / "ledger.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    for command in ("report", "profiles", "deadlines"):
        _run(capsys, command, path, "--as-of", AS_OF, "-q")


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    path = tmp_path / "claims.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        write_claims_csv(load_sample().claims, handle)
    return path


def _edit(ledger: Path, column: str, value: str) -> Path:
    rows = list(csv.reader(io.StringIO(ledger.read_text("utf-8"))))
    rows[1][rows[0].index(column)] = value
    path = ledger.with_name(f"edited-{column}.csv")
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def test_the_cases_of_issue_14(
    ledger: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(capsys, "kpis", ledger, "--as-of", "9999-12-31", "-q") in CODES
    issued = _edit(ledger, "issued_on", "9999-12-31")
    assert _run(capsys, "report", issued, "--as-of", AS_OF, "-q") in (0, 1)
    huge = _edit(ledger, "amount", "1" * 30)
    assert _run(capsys, "next-actions", huge, "--as-of", AS_OF, "-q") == 1  # one invalid row
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, "utf-8")
    assert _run(capsys, "kpis", deep, "--as-of", AS_OF, "-q") == 1
    assert _run(capsys, "kpis", ledger, "--as-of", AS_OF, "--trend", "100000", "-q") in (1, 2)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_o_into_an_unwritable_folder(
    ledger: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        assert _run(capsys, "kpis", ledger, "--as-of", AS_OF, "-o", locked / "x.csv") == 2
    finally:
        locked.chmod(0o700)
