"""``recouvrement kpis`` on the columnar path (a claims frame, `FramePortfolio` books): the
same output, notes and exit status as the object path, byte for byte."""

from __future__ import annotations

import contextlib
import csv
import io
from pathlib import Path
from typing import Any

import pytest

import recouvrement.cli.commands as commands
from recouvrement.cli import main
from recouvrement.cli._context import _load_frame
from recouvrement.io.csv_ledger import write_claims_csv
from recouvrement.kpi.frames import FramePortfolio, claims_to_frame
from recouvrement.kpi.portfolio import Portfolio
from recouvrement.money import Money
from recouvrement.reports import amount_text, book_figures, kpi_figures
from recouvrement.sample import generate_claims, load_sample

pytest.importorskip("polars")

LOAD_FRAME = _load_frame  # the original (the tests replace the name in `commands`)


def _run(args: list[str]) -> tuple[str, str, int]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        status = main(args, out=out)
    return out.getvalue(), err.getvalue(), status


def _both(
    monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> tuple[tuple[str, str, int], tuple[str, str, int]]:
    """The command on the columnar path (checked to be taken), then on the object path."""
    taken: list[bool] = []

    def spy(run: Any) -> Any:
        loaded = LOAD_FRAME(run)
        taken.append(loaded is not None)
        return loaded

    monkeypatch.setattr(commands, "_load_frame", spy)
    columnar = _run(args)
    assert taken == [True]
    monkeypatch.setattr(commands, "_load_frame", lambda run: None)
    return columnar, _run(args)


def _ledger(path: Path, claims: Any) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        write_claims_csv(claims, handle)
    return path


@pytest.mark.parametrize("as_of", ["2026-03-31", "2025-01-31", "2019-06-30", "2031-12-31"])
@pytest.mark.parametrize("fmt", [[], ["--format", "csv"], ["--format", "json"], ["--locale", "en"]])
def test_the_columnar_path_prints_what_the_object_path_prints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, as_of: str, fmt: list[str]
) -> None:
    path = _ledger(tmp_path / "claims.csv", load_sample().claims)
    columnar, objects = _both(monkeypatch, ["kpis", str(path), "--as-of", as_of, *fmt])
    assert columnar == objects
    assert columnar[0]


def test_several_currencies_and_invalid_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    claims = list(generate_claims(120, seed=8, as_of="2026-03-31"))
    path = _ledger(tmp_path / "mixed.csv", claims)
    rows = list(csv.reader(io.StringIO(path.read_text("utf-8"), newline="")))
    header = rows[0]
    for row in rows[1:40]:  # some claims in US dollars, with no history
        row[header.index("currency")] = "USD"
        for column in ("payments", "credit_notes", "events", "terms_penalty_amount"):
            row[header.index(column)] = ""
    rows[50][header.index("amount")] = "12O.00"  # an invalid row
    rows[60][header.index("issued_on")] = "2027-05-01"  # issued after --as-of
    rows[60][header.index("due_on")] = "2027-06-01"
    rows[60][header.index("due_basis")] = "given"
    for column in ("payments", "credit_notes", "events"):
        rows[60][header.index(column)] = ""
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    for extra in ([], ["--format", "json"], ["--max-invalid", "5"]):
        columnar, objects = _both(monkeypatch, ["kpis", str(path), "--as-of", "2026-03-31", *extra])
        assert columnar == objects
        assert "invalid row" in columnar[1]
        assert "issued after" in columnar[1]


@pytest.mark.parametrize("kind", ["parquet", "arrow"])
def test_parquet_and_arrow_files_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    from recouvrement.io.columnar import write_claims_arrow, write_claims_parquet

    path = tmp_path / f"claims.{kind}"
    write = write_claims_parquet if kind == "parquet" else write_claims_arrow
    write(load_sample().claims, path)
    for extra in ([], ["--format", "csv"]):
        columnar, objects = _both(monkeypatch, ["kpis", str(path), "--as-of", "2026-03-31", *extra])
        assert columnar == objects


def test_book_figures_of_frames_equal_those_of_claims() -> None:
    claims = list(generate_claims(400, seed=11, as_of="2026-03-31"))
    for as_of in ("2026-03-31", "2024-06-30", "2018-01-01"):
        frame = claims_to_frame(claims, records=False)
        figures = book_figures({"EUR": FramePortfolio(frame)}, as_of=as_of, months=3)
        objects = kpi_figures(claims, as_of=as_of, months=3)
        assert [f.to_dict() for f in figures] == [f.to_dict() for f in objects]
        assert book_figures({"EUR": Portfolio(claims)}, as_of=as_of) == objects


@pytest.mark.parametrize(
    ("amount", "currency", "text"),
    [
        ("0", "EUR", "0.00"),
        ("0.000", "EUR", "0.00"),
        ("150", "EUR", "150.00"),
        ("150.000", "EUR", "150.00"),
        ("1.005", "EUR", "1.005"),
        ("-12.5", "EUR", "-12.50"),
        ("1E+3", "EUR", "1000.00"),
        ("12.00", "JPY", "12"),
        ("12.50", "JPY", "12.5"),
        ("1.5", "TND", "1.500"),
    ],
)
def test_amount_text_keeps_every_digit(amount: str, currency: str, text: str) -> None:
    assert amount_text(Money(amount, currency)) == text
