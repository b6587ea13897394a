"""``recouvrement next-actions`` on a ledger grouped by debtor goes through the batch path,
and prints exactly what the load-everything path prints."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any

import pytest

import recouvrement.cli.commands as commands
from recouvrement.cli import main
from recouvrement.io.csv_ledger import write_claims_csv
from recouvrement.sample import load_sample


def _run(args: list[str]) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
        main(args)
    return out.getvalue()


@pytest.mark.parametrize(
    "extra",
    [
        ["--format", "json"],
        ["--all", "--format", "csv"],
        ["--format", "csv"],
        ["--all", "--format", "json"],
        ["--due-now", "--format", "json"],
        ["--action", "reminder", "--format", "csv"],
        ["--action", "payment_order", "--format", "json"],  # no row: "rows": []
        [],
    ],
)
def test_next_actions_batch_path_prints_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: list[str]
) -> None:
    path = tmp_path / "sorted.csv"
    claims = sorted(load_sample().claims, key=lambda c: c.debtor.id)
    with path.open("w", encoding="utf-8", newline="") as handle:
        write_claims_csv(claims, handle)
    args = ["next-actions", str(path), "--as-of", "2026-03-31", "--quiet", "--workers", "2", *extra]
    used: list[bool] = []
    batched = commands._batched

    def spy(*a: Any) -> Any:
        result = batched(*a)
        used.append(result is not None)
        return result

    monkeypatch.setattr(commands, "_batched", spy)
    streamed = commands._streamed
    via: list[bool] = []

    def watch(*a: Any) -> Any:
        via.append(True)
        return streamed(*a)

    monkeypatch.setattr(commands, "_streamed", watch)
    new = _run(args)
    assert used == [True]
    # CSV and JSON stream (encoded in the workers, spooled on disk); the table does not.
    assert via == ([True] if {"csv", "json"} & set(extra) else [])
    monkeypatch.setattr(commands, "_batched", lambda *a: None)
    old = _run(args)
    # The batch path counts what it reads (rows, loaded, skipped, invalid); the validated
    # path adds the review counts (credits, duplicates...): everything else is the same.
    assert _without_counts(new) == _without_counts(old)
    assert '"loaded": 200' in new or "loaded=200" in new or "--format" not in " ".join(extra)
    assert new


def _without_counts(text: str) -> str:
    if text.lstrip().startswith("{"):
        document = json.loads(text)
        document.pop("counts", None)
        return json.dumps(document)
    return "\n".join(line for line in text.splitlines() if not line.startswith("# counts:"))


def test_streamed_output_falls_back_on_duplicate_ids(tmp_path: Path) -> None:
    """Two rows with one id: the validated path runs and reports them, as with one worker."""
    path = tmp_path / "dup.csv"
    claims = sorted(load_sample().claims, key=lambda c: c.debtor.id)
    with path.open("w", encoding="utf-8", newline="") as handle:
        write_claims_csv([*claims, claims[-1]], handle)
    outcomes = []
    for workers in ("2", "1"):
        target = tmp_path / f"out{workers}.csv"
        args = ["next-actions", str(path), "--as-of", "2026-03-31", "--quiet"]
        args += ["--workers", workers, "--format", "csv", "-o", str(target)]
        errors = io.StringIO()
        with contextlib.redirect_stderr(errors):
            code = main(args)
        text = target.read_text(encoding="utf-8") if target.exists() else ""
        outcomes.append((code, _without_counts(text), errors.getvalue()))
    # The batch readers see the second row as an invalid row of the batch (counted as
    # read); the validated path adds the review counts: the rest is the same.
    assert outcomes[0] == outcomes[1]
    assert "duplicate" in outcomes[0][2].lower()
