"""The `recouvrement` command, through its real entry point.

Most tests run the installed command (or ``python -m recouvrement``) in a subprocess, on
the embedded sample written to CSV / JSON lines / JSON with `recouvrement.io`, and on the
real IBM accounts-receivable ledger with ``--mapping ibm_ar``; their results are checked
against the library called directly. A few fast checks (help texts, usage errors) call
`recouvrement.cli.main` in-process.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest

from recouvrement.cli import Progress, main
from recouvrement.decisions import next_action, next_actions, simulate
from recouvrement.io.csv_ledger import read_claims_csv, write_claims_csv
from recouvrement.io.export import read_rows_csv, row_cells
from recouvrement.io.json_ledger import write_claims_json, write_claims_jsonl
from recouvrement.io.mapping import ColumnMapping
from recouvrement.kpi.aging import aging
from recouvrement.kpi.portfolio import Portfolio, kpi_window
from recouvrement.notices import render_notice
from recouvrement.policy import Action
from recouvrement.prescription import upcoming_deadlines
from recouvrement.profiling import profile_debtors
from recouvrement.sample import SAMPLE_AS_OF, load_sample

REAL_LEDGER = (
    Path(__file__).resolve().parents[2] / "shared" / "realdata" / "ibm-accounts-receivable.csv"
)
REAL_AS_OF = "2013-06-30"
AS_OF = SAMPLE_AS_OF.isoformat()
COMMANDS = ("report", "next-actions", "kpis", "profiles", "deadlines", "notice", "simulate")


def _command() -> list[str]:
    exe = shutil.which("recouvrement", path=str(Path(sys.executable).parent))
    exe = exe or shutil.which("recouvrement")
    return [exe] if exe else [sys.executable, "-m", "recouvrement"]


def _run(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*_command(), *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
        env=env,
    )


def _json(result: subprocess.CompletedProcess[str]) -> Any:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _q(value: Decimal | None) -> str | None:
    if value is None:
        return None
    return format(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), "f")


@pytest.fixture(scope="module")
def ledgers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample portfolio as CSV, JSON lines and JSON files."""
    folder = tmp_path_factory.mktemp("ledgers")
    claims = load_sample().claims
    paths = {kind: folder / f"sample.{kind}" for kind in ("csv", "jsonl", "json")}
    write_claims_csv(claims, paths["csv"])
    write_claims_jsonl(claims, paths["jsonl"])
    write_claims_json(claims, paths["json"], as_of=AS_OF)
    return paths


@pytest.fixture(scope="module")
def sample_notice_claim() -> str:
    """A sample claim whose next action sends a letter without extra creditor details."""
    sample = load_sample()
    profiles = profile_debtors(sample.claims, as_of=sample.as_of)
    for decision in next_actions(sample.claims, as_of=sample.as_of, profiles=profiles):
        if decision.action in (Action.REMINDER, Action.FORMAL_NOTICE):
            return decision.claim_id
    pytest.fail("the sample has no reminder or formal notice due")


def _args(command: str, claim_id: str) -> list[str]:
    extra = {
        "notice": ["--claim", claim_id],
        "simulate": ["--claim", claim_id, "--end", "2026-12-31"],
        "deadlines": ["--within", "400"],
    }
    return extra.get(command, [])


# -- the demo --------------------------------------------------------------------------------


def test_demo_fits_one_screen_in_french_by_default() -> None:
    result = _run("demo")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) <= 40
    out = result.stdout
    assert "Au 2026-03-31 : 200 créances de 40 débiteurs" in out
    assert "Balance âgée" in out
    assert "Les 5 actions les plus urgentes" in out
    assert "Procédure simplifiée" in out
    assert "small_claims_procedure" not in out
    assert "recouvrement sample -o claims.csv" in out
    assert "recouvrement demo --full" in out
    assert result.stderr == ""


def test_demo_in_english_fits_one_screen() -> None:
    out = _run("demo", "--locale", "en_GB").stdout
    assert len(out.splitlines()) <= 40
    assert "As of 2026-03-31: 200 claims of 40 debtors" in out
    assert "The 5 most urgent actions" in out
    assert "Small-claims procedure" in out


def test_demo_full_runs_through_the_installed_command() -> None:
    result = _run("demo", "--full", "--locale", "en_GB")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Outstanding by debtor" in out
    assert "Aging" in out
    assert "As of 2026-03-31: 200 claims of 40 debtors" in out
    for section in (
        "KPIs over the quarter 2026-01-01 to 2026-03-31",
        "Debtor segments",
        "Next action for each of the",
        "Why: the full reasons",
        "Legal deadlines within 90 days",
        "A formal notice (",
        "Formal notice to pay",
    ):
        assert section in out, section
    assert result.stderr == ""


def test_demo_lists_the_next_action_of_every_open_claim() -> None:
    sample = load_sample()
    profiles = profile_debtors(sample.claims, as_of=sample.as_of)
    expected = [
        (d.claim_id, d.action.value)
        for d, c in zip(
            next_actions(sample.claims, as_of=sample.as_of, profiles=profiles),
            sample.claims,
            strict=True,
        )
        if d.action is not Action.CLOSE and c.issued_on <= sample.as_of
    ]
    data = _json(_run("demo", "--format", "json"))
    assert [(r["claim_id"], r["action"]) for r in data["next_actions"]] == expected
    assert sum(c["claims"] for c in data["actions"]) == len(expected)
    # the notice is a formal notice, rendered in the chosen locale
    assert data["notice"]["kind"] == "formal_notice"
    english = _json(_run("demo", "--format", "json", "--locale", "en_GB"))
    assert english["notice"]["subject"].startswith("Formal notice to pay")


def test_demo_json_is_valid_and_consistent() -> None:
    buffer = io.StringIO()
    assert main(["demo", "--format", "json"], out=buffer) == 0
    data = json.loads(buffer.getvalue())
    total = sum(Decimal(entry["outstanding"]["amount"]) for entry in data["by_debtor"])
    assert total == Decimal(data["outstanding"]["amount"])
    assert data["claims"] == 200
    balance = aging(load_sample().claims, as_of=SAMPLE_AS_OF)
    assert not isinstance(balance, dict)
    totals = [r for r in data["aging"] if r["bucket"] == "total"]
    assert Decimal(totals[0]["balance"]) == balance.total.amount


def test_python_dash_m_works() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "recouvrement", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.startswith("recouvrement ")


# -- every command, every format, on the sample -------------------------------------------


@pytest.mark.parametrize("command", COMMANDS)
def test_json_and_csv_carry_the_same_records(
    command: str, ledgers: dict[str, Path], sample_notice_claim: str, tmp_path: Path
) -> None:
    args: list[str | Path] = [
        command,
        ledgers["csv"],
        "--as-of",
        AS_OF,
        *_args(command, sample_notice_claim),
    ]
    document = _json(_run(*args, "--format", "json"))
    assert document["rows"], command
    target = tmp_path / "out.csv"
    result = _run(*args, "--format", "csv", "--output", target)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert list(read_rows_csv(target)) == [row_cells(r) for r in document["rows"]]
    table = _run(*args, "--locale", "en_GB")
    assert table.returncode == 0, table.stderr
    assert table.stdout.strip()


@pytest.mark.parametrize("kind", ["jsonl", "json"])
def test_json_inputs_give_the_same_result_as_csv(kind: str, ledgers: dict[str, Path]) -> None:
    from_csv = _json(_run("next-actions", ledgers["csv"], "--as-of", AS_OF, "--format", "json"))
    other = _json(_run("next-actions", ledgers[kind], "--as-of", AS_OF, "--format", "json"))
    assert other["rows"] == from_csv["rows"]


def test_next_actions_match_the_library(ledgers: dict[str, Path]) -> None:
    claims = load_sample().claims
    profiles = profile_debtors(claims, as_of=AS_OF)
    decisions = {d.claim_id: d for d in next_actions(claims, as_of=AS_OF, profiles=profiles)}
    data = _json(
        _run("next-actions", ledgers["csv"], "--as-of", AS_OF, "--all", "--format", "json")
    )
    assert len(data["rows"]) == len(claims)
    for row in data["rows"]:
        decision = decisions[row["claim_id"]]
        assert row["action"] == decision.action.value
        assert row["on"] == decision.on.isoformat()
        assert row["reasons"] == [r.to_dict() for r in decision.reasons]
    due = _json(
        _run("next-actions", ledgers["csv"], "--as-of", AS_OF, "--due-now", "--format", "json")
    )
    assert {r["claim_id"] for r in due["rows"]} == {
        d.claim_id for d in decisions.values() if d.due_now and d.action is not Action.CLOSE
    }


def test_kpis_match_the_portfolio(ledgers: dict[str, Path]) -> None:
    book = Portfolio(load_sample().claims)
    data = _json(_run("kpis", ledgers["csv"], "--as-of", AS_OF, "--format", "json"))
    values = {r["kpi"]: r["value"] for r in data["rows"]}
    assert values["dso"] == _q(book.dso(as_of=AS_OF, months=3))
    assert values["best_possible_dso"] == _q(book.best_possible_dso(as_of=AS_OF, months=3))
    assert values["cei"] == _q(book.cei(start="2026-01-01", end=AS_OF))
    assert Decimal(values["receivables"]) == book.receivables(as_of=AS_OF).amount
    trend = _json(
        _run("kpis", ledgers["csv"], "--as-of", AS_OF, "--trend", "6", "--format", "json")
    )
    assert [r["month"] for r in trend["rows"]] == [
        "2025-10",
        "2025-11",
        "2025-12",
        "2026-01",
        "2026-02",
        "2026-03",
    ]


def test_profiles_deadlines_and_simulate_match_the_library(
    ledgers: dict[str, Path], sample_notice_claim: str
) -> None:
    claims = load_sample().claims
    profiles = profile_debtors(claims, as_of=AS_OF)
    data = _json(_run("profiles", ledgers["csv"], "--as-of", AS_OF, "--format", "json"))
    assert {r["debtor_id"]: r["segment"] for r in data["rows"]} == {
        k: p.segment.value for k, p in profiles.items()
    }
    data = _json(
        _run("deadlines", ledgers["csv"], "--as-of", AS_OF, "--within", "730", "--format", "json")
    )
    found = upcoming_deadlines(claims, as_of=AS_OF, within=730)
    assert [(r["claim_id"], r["date"]) for r in data["rows"]] == [
        (d.claim_id, d.date.isoformat()) for d in found
    ]
    claim = next(c for c in claims if c.id == sample_notice_claim)
    timeline = simulate(claim, start=AS_OF, end="2026-12-31", profile=profiles[claim.debtor.id])
    data = _json(
        _run(
            "simulate",
            ledgers["csv"],
            "--as-of",
            AS_OF,
            "--claim",
            claim.id,
            "--end",
            "2026-12-31",
            "--format",
            "json",
        )
    )
    assert [(r["on"], r["action"]) for r in data["rows"]] == [
        (d.on.isoformat(), d.action.value) for d in timeline
    ]


def test_notice_renders_the_next_letter(ledgers: dict[str, Path], sample_notice_claim: str) -> None:
    claims = load_sample().claims
    claim = next(c for c in claims if c.id == sample_notice_claim)
    mine = [c for c in claims if c.debtor.id == claim.debtor.id]
    profile = profile_debtors(mine, as_of=AS_OF)[claim.debtor.id]
    expected = render_notice(
        next_action(claim, as_of=AS_OF, profile=profile), claim, locale="en_GB"
    )
    args: list[str | Path] = [
        "notice",
        ledgers["csv"],
        "--as-of",
        AS_OF,
        "--claim",
        claim.id,
        "--locale",
        "en_GB",
    ]
    text = _run(*args)
    assert text.returncode == 0, text.stderr
    assert text.stdout == f"Subject: {expected.subject}\n\n{expected.text.rstrip()}\n"
    french = _run(*args[:-2])
    assert french.stdout.startswith("Objet : ")
    html = _run(*args, "--html")
    assert html.stdout.startswith("<!DOCTYPE html>")
    debtor = _json(
        _run(
            "notice",
            ledgers["csv"],
            "--as-of",
            AS_OF,
            "--debtor",
            claim.debtor.id,
            "--format",
            "json",
        )
    )
    assert claim.id in debtor["rows"][0]["claim_ids"]


def test_notice_when_the_action_sends_nothing_is_a_data_error(ledgers: dict[str, Path]) -> None:
    claims = load_sample().claims
    closed = next(d.claim_id for d in next_actions(claims, as_of=AS_OF) if d.action is Action.CLOSE)
    result = _run("notice", ledgers["csv"], "--as-of", AS_OF, "--claim", closed)
    assert result.returncode == 1
    assert f"--claim='{closed}'" in result.stderr
    assert "close" in result.stderr
    assert result.stdout == ""
    missing = _run("notice", ledgers["csv"], "--as-of", AS_OF, "--claim", "NO-SUCH-CLAIM")
    assert missing.returncode == 1
    assert "--claim='NO-SUCH-CLAIM'" in missing.stderr


def test_report_csv_is_long_format_and_consistent(ledgers: dict[str, Path], tmp_path: Path) -> None:
    data = _json(_run("report", ledgers["csv"], "--as-of", AS_OF, "--format", "json"))
    assert data["summary"]["claims"] == 200
    target = tmp_path / "report.csv"
    assert (
        _run("report", ledgers["csv"], "--as-of", AS_OF, "--format", "csv", "-o", target).returncode
        == 0
    )
    rows = list(read_rows_csv(target))
    assert set(rows[0]) == {"section", "key", "currency", "value"}
    lookup = {(r["section"], r["key"]): r["value"] for r in rows}
    assert lookup[("summary", "claims")] == "200"
    assert lookup[("kpis", "dso")] == next(r["value"] for r in data["kpis"] if r["kpi"] == "dso")


# -- the real ledger -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_ledger() -> Path:
    if not REAL_LEDGER.is_file():
        pytest.skip(f"the real ledger is not available at {REAL_LEDGER}")
    return REAL_LEDGER


@pytest.fixture(scope="module")
def real_claims(real_ledger: Path) -> Any:
    return read_claims_csv(real_ledger, mapping=ColumnMapping.shipped("ibm_ar")).claims


def test_every_command_runs_on_the_real_ledger(real_ledger: Path, real_claims: Any) -> None:
    profiles = profile_debtors(real_claims, as_of=REAL_AS_OF)
    decisions = list(next_actions(real_claims, as_of=REAL_AS_OF, profiles=profiles))
    letter = next(d for d in decisions if d.action is Action.REMINDER)
    open_ids = [
        d.claim_id
        for d, c in zip(decisions, real_claims, strict=True)
        if d.action is not Action.CLOSE and c.issued_on.isoformat() <= REAL_AS_OF
    ]
    base: list[str | Path] = [
        real_ledger,
        "--mapping",
        "ibm_ar",
        "--as-of",
        REAL_AS_OF,
        "--format",
        "json",
    ]
    extra = {
        "notice": ["--claim", letter.claim_id],
        "simulate": ["--claim", open_ids[0]],
        "deadlines": ["--within", "2000"],
    }
    results = {c: _json(_run(c, *base, *extra.get(c, []))) for c in COMMANDS}
    # 2,466 claims in the file, 536 of them issued after the day: not on the ledger yet
    assert results["report"]["summary"]["claims"] == 1930
    assert results["report"]["summary"]["not_yet_issued"] == 536
    assert results["report"]["summary"]["outstanding"]["currency"] == "USD"
    assert [r["claim_id"] for r in results["next-actions"]["rows"]] == open_ids
    assert len(results["profiles"]["rows"]) == 100
    book = Portfolio(real_claims)
    values = {r["kpi"]: r["value"] for r in results["kpis"]["rows"]}
    assert values["dso"] == _q(book.dso(as_of=REAL_AS_OF, months=3))
    assert results["notice"]["rows"][0]["kind"] == "reminder"
    for document in results.values():
        assert document["invalid_rows"] == []


def test_real_ledger_csv_round_trips(real_ledger: Path, tmp_path: Path) -> None:
    base: list[str | Path] = [
        "next-actions",
        real_ledger,
        "--mapping",
        "ibm_ar",
        "--as-of",
        REAL_AS_OF,
    ]
    document = _json(_run(*base, "--format", "json"))
    target = tmp_path / "actions.csv"
    assert _run(*base, "--format", "csv", "-o", target).returncode == 0
    assert list(read_rows_csv(target)) == [row_cells(r) for r in document["rows"]]
    table = _run(*base, "--locale", "en_US")
    assert "Resolve the dispute" in table.stdout
    assert "resolve_dispute" not in table.stdout
    assert "Traiter la contestation" in _run(*base, "--locale", "fr_FR").stdout


def test_a_ledger_in_two_currencies_gets_figures_per_currency(
    real_claims: Any, tmp_path: Path
) -> None:
    usd = list(real_claims)[:300]
    mixed = tmp_path / "mixed.jsonl"
    write_claims_jsonl([*load_sample().claims, *usd], mixed)
    data = _json(_run("kpis", mixed, "--as-of", REAL_AS_OF, "--format", "json"))
    dso = {r["currency"]: r["value"] for r in data["rows"] if r["kpi"] == "dso"}
    assert dso == {"EUR": None, "USD": _q(Portfolio(usd).dso(as_of=REAL_AS_OF, months=3))}
    # no EUR claim was issued yet in 2013: only the USD book has an aging
    assert {r["currency"] for r in data["aging"]} == {"USD"}


# -- errors and exit codes -------------------------------------------------------------------


def test_bad_as_of_is_a_usage_error() -> None:
    result = _run("demo", "--as-of", "31/03/2026")
    assert result.returncode == 2
    assert "--as-of='31/03/2026'" in result.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_as_of_is_required_outside_demo(
    command: str, ledgers: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    buffer = io.StringIO()
    assert main([command, str(ledgers["csv"]), *_args(command, "X")], out=buffer) == 2
    assert buffer.getvalue() == ""
    err = capsys.readouterr().err
    assert "--as-of DATE is required" in err
    assert f"recouvrement {command}: error" in err


def test_as_of_is_required_through_the_entry_point(ledgers: dict[str, Path]) -> None:
    result = _run("kpis", ledgers["csv"])
    assert result.returncode == 2
    assert "--as-of DATE is required" in result.stderr
    assert result.stdout == ""


def _bad_ledger(path: Path) -> dict[int, str]:
    """The sample with three broken rows; returns their first line -> the column at fault."""
    rows = list(csv.reader(io.StringIO(path.read_text("utf-8"), newline="")))
    header = rows[0]
    broken = {3: "amount", 5: "nature", 8: None}
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    lines: dict[int, str] = {}
    for index, row in enumerate(rows[1:], start=1):
        line = out.getvalue().count("\n") + 1
        if index in broken:
            column = broken[index]
            if column is None:
                row = row[:-1]  # a missing cell
            else:
                row[header.index(column)] = {"amount": "12O.00", "nature": "comercial"}[column]
            lines[line] = column or ""
        writer.writerow(row)
    path.with_name("bad.csv").write_text(out.getvalue(), "utf-8", newline="")
    return lines


def test_invalid_rows_are_each_reported_and_the_rest_is_read(
    ledgers: dict[str, Path], tmp_path: Path
) -> None:
    source = tmp_path / "sample.csv"
    shutil.copy(ledgers["csv"], source)
    lines = _bad_ledger(source)
    result = _run("profiles", tmp_path / "bad.csv", "--as-of", AS_OF, "--format", "json")
    assert result.returncode == 1, result.stderr  # invalid rows beyond --max-invalid 0
    for line, column in lines.items():
        expected = f"recouvrement: invalid row: bad.csv:{line}:"
        if column:
            expected += f" column '{column}'"
        assert expected in result.stderr, (expected, result.stderr)
    # a record broken in its structure is re-read line by line (see recouvrement.io), so
    # it may count as more than one invalid row; none is lost: valid + invalid = rows read
    document = json.loads(result.stdout)
    invalid = len(document["invalid_rows"])
    assert f"{invalid} invalid rows of {197 + invalid} skipped" in result.stderr
    assert document["counts"]["invalid"] == invalid
    assert set(lines) <= {e["line"] for e in document["invalid_rows"]}
    assert result.stderr.count("recouvrement: invalid row: ") == invalid
    listed = _json(
        _run(
            "next-actions",
            tmp_path / "bad.csv",
            "--as-of",
            AS_OF,
            "--all",
            "--max-invalid",
            "5%",
            "--format",
            "json",
            "--quiet",
        )
    )
    assert len(listed["rows"]) == 197


def test_strict_refuses_a_file_with_invalid_rows(ledgers: dict[str, Path], tmp_path: Path) -> None:
    source = tmp_path / "sample.csv"
    shutil.copy(ledgers["csv"], source)
    lines = _bad_ledger(source)
    result = _run("kpis", tmp_path / "bad.csv", "--as-of", AS_OF, "--strict", "--format", "json")
    assert result.returncode == 1
    assert result.stdout == ""
    for line in lines:
        assert f"recouvrement: invalid row: bad.csv:{line}:" in result.stderr
    assert "load refused (--strict): " in result.stderr
    good = _run("kpis", ledgers["csv"], "--as-of", AS_OF, "--strict")
    assert good.returncode == 0, good.stderr


def test_unreadable_files_are_data_errors(tmp_path: Path) -> None:
    missing = _run("kpis", tmp_path / "missing.csv", "--as-of", AS_OF)
    assert missing.returncode == 1
    assert "claims file" in missing.stderr
    assert "not found" in missing.stderr
    header = tmp_path / "header.csv"
    header.write_text("id,amount,colour\nF1,10.00,red\n", "utf-8")
    result = _run("kpis", header, "--as-of", AS_OF)
    assert result.returncode == 1
    assert "header.csv:1: required column 'nature' is missing" in result.stderr
    assert "unknown column 'colour'" in result.stderr
    binary = tmp_path / "binary.jsonl"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    result = _run("kpis", binary, "--as-of", AS_OF)
    assert result.returncode == 1
    assert "not UTF-8" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["kpis", "claims.xlsx", "--as-of", AS_OF], "cannot tell the format"),
        (["kpis", "claims.csv", "--as-of", AS_OF, "--mapping", "nope"], "--mapping 'nope'"),
        (["kpis", "claims.json", "--as-of", AS_OF, "--mapping", "ibm_ar"], "applies to CSV"),
        (["kpis", "claims.csv", "--as-of", AS_OF, "--window-months", "0"], "at least 1"),
        (["kpis", "claims.csv", "--as-of", AS_OF, "--format", "xml"], "invalid choice"),
        (["demo", "--locale", "xx_XX"], "unknown locale"),
        (["notice", "claims.csv", "--as-of", AS_OF], "--claim ID"),
        (["simulate", "claims.csv", "--as-of", AS_OF], "--claim"),
    ],
)
def test_usage_errors_exit_2(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    buffer = io.StringIO()
    assert main(args, out=buffer) == 2
    assert buffer.getvalue() == ""
    assert message in capsys.readouterr().err


def test_unknown_command_is_a_usage_error() -> None:
    result = _run("frobnicate")
    assert result.returncode == 2


def test_no_command_prints_help() -> None:
    buffer = io.StringIO()
    assert main([], out=buffer) == 2
    assert "demo" in buffer.getvalue()


def test_library_errors_name_the_field(ledgers: dict[str, Path], tmp_path: Path) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text('[[steps]]\nid = "a"\naction = "reminder"\nchannel = "fax"\n', "utf-8")
    result = _run("next-actions", ledgers["csv"], "--as-of", AS_OF, "--policy", policy)
    assert result.returncode == 1
    assert "channel='fax'" in result.stderr
    assert result.stdout == ""


def test_kpis_window_is_the_portfolio_window(ledgers: dict[str, Path]) -> None:
    """Mid-month, the window of the period KPIs is `kpi_window`, the DSO's own window."""
    as_of = "2026-03-15"
    buffer = io.StringIO()
    code = main(
        ["kpis", str(ledgers["csv"]), "--as-of", as_of, "--window-months", "2", "--format", "json"],
        out=buffer,
    )
    assert code == 0
    rows = {r["kpi"]: r for r in json.loads(buffer.getvalue())["rows"]}
    start, end = kpi_window(as_of=as_of, months=2)
    assert (rows["sales"]["start"], rows["sales"]["end"]) == ("2026-01-16", "2026-03-15")
    assert (rows["sales"]["start"], rows["sales"]["end"]) == (start.isoformat(), end.isoformat())
    book = Portfolio(load_sample().claims)
    assert Decimal(rows["sales"]["value"]) == book.sales(start=start, end=end).amount
    assert rows["dso"]["value"] == _q(book.dso(as_of=as_of, months=2))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('ibna = "FR7630006000011234567890189"\n', "creditor_details.ibna="),
        ('[agency]\nname = "Recouvra SAS"\n', "creditor_details.agency.address=None: missing"),
        ('agency = "Recouvra SAS"\n', "creditor_details.agency="),
        ("cure_days = 0\n", "cure_days=0"),
    ],
)
def test_details_file_is_read_strictly(
    text: str,
    message: str,
    ledgers: dict[str, Path],
    tmp_path: Path,
    sample_notice_claim: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    details = tmp_path / "details.toml"
    details.write_text(text, "utf-8")
    args = ["notice", str(ledgers["csv"]), "--as-of", AS_OF, "--claim", sample_notice_claim]
    buffer = io.StringIO()
    assert main([*args, "--details", str(details)], out=buffer) == 1
    assert buffer.getvalue() == ""
    err = capsys.readouterr().err
    assert "--details: details.toml: " in err
    assert message in err


# -- help, output, progress ------------------------------------------------------------------


@pytest.mark.parametrize("command", ["demo", *COMMANDS])
def test_help_teaches(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([command, "--help"]) == 0
    text = capsys.readouterr().out
    assert "examples:" in text
    assert f"recouvrement {command}" in text.split("examples:")[1]
    assert "exit codes:" in text
    assert "2  usage error" in text


def test_top_level_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    text = capsys.readouterr().out
    for command in ("demo", *COMMANDS):
        assert command in text
    assert "exit codes:" in text


def test_output_file_is_written_whole(tmp_path: Path) -> None:
    target = tmp_path / "demo.txt"
    result = _run("demo", "--full", "--output", target, "--locale", "en_GB")
    assert result.returncode == 0
    assert result.stdout == ""
    assert "Outstanding by debtor" in target.read_text("utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["demo.txt"]


def test_a_failed_run_leaves_the_output_file_alone(tmp_path: Path) -> None:
    target = tmp_path / "kpis.csv"
    target.write_text("previous\n", "utf-8")
    result = _run("kpis", tmp_path / "missing.csv", "--as-of", AS_OF, "-o", target)
    assert result.returncode == 1
    assert target.read_text("utf-8") == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kpis.csv"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_output_to_a_pipe_is_written_in_place(tmp_path: Path) -> None:
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text("utf-8")))
    reader.start()
    result = _run("demo", "--format", "json", "-o", fifo)
    reader.join(timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(received[0])["claims"] == 200
    assert fifo.is_fifo()  # not replaced by a regular file


def test_progress_draws_only_on_a_terminal() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    now = [0.0]
    pipe = io.StringIO()
    bar = Progress("x", 10, stream=pipe, started=0.0, clock=lambda: now[0], delay=0.0)
    bar.update(5)
    bar.close()
    assert pipe.getvalue() == ""  # not a terminal
    tty = Tty()
    quiet = Progress("x", 10, stream=tty, started=0.0, clock=lambda: now[0], enabled=False)
    now[0] = 5.0
    quiet.update(5)
    assert tty.getvalue() == ""  # --quiet
    bar = Progress(
        "reading", 4_000_000, stream=tty, started=0.0, clock=lambda: now[0], unit="bytes"
    )
    bar.update(1_000_000)
    assert "[#######-----------------------]  25% 1.0 MB/4.0 MB" in tty.getvalue()
    bar.close()
    assert tty.getvalue().endswith("\r")


def _read_pty(fd: int) -> Iterator[bytes]:
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:
            return
        if not data:
            return
        yield data


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.parametrize("quiet", [False, True])
def test_progress_bar_goes_to_stderr_never_stdout(ledgers: dict[str, Path], quiet: bool) -> None:
    import pty

    master, slave = pty.openpty()
    env = dict(os.environ, RECOUVREMENT_PROGRESS_DELAY="0")
    args = ["next-actions", str(ledgers["csv"]), "--as-of", AS_OF, "--format", "json"]
    if quiet:
        args.append("--quiet")
    try:
        result = subprocess.run(
            [*_command(), *args],
            stdout=subprocess.PIPE,
            stderr=slave,
            env=env,
            timeout=120,
            check=False,
        )
    finally:
        os.close(slave)
    err = b"".join(_read_pty(master)).decode("utf-8", "replace")
    os.close(master)
    assert result.returncode == 0
    assert json.loads(result.stdout)["rows"]
    if quiet:
        assert err == ""
    else:
        assert "deciding [" in err
        assert err.endswith("\r")  # the bar is erased


# -- the guide's examples run and their output is real --------------------------------------

GUIDE = Path(__file__).resolve().parents[1] / "docs" / "guides" / "cli.md"


def _guide_examples() -> list[tuple[str, int, list[str]]]:
    """Each ``$ recouvrement ...`` line of the guide: command, exit code, output shown."""
    import re
    import shlex

    examples: list[tuple[str, int, list[str]]] = []
    for block in re.findall(r"^```console\n(.*?)^```", GUIDE.read_text("utf-8"), re.S | re.M):
        for line in block.splitlines():
            if line.startswith("$ "):
                command, _, comment = line[2:].partition("  # exit ")
                shlex.split(command)  # must parse
                examples.append((command, int(comment or 0), []))
            elif examples and line.strip() and line.strip() != "...":
                examples[-1][2].append(line.rstrip())
    return examples


@pytest.fixture(scope="module")
def guide_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the files the guide's examples use."""
    import re

    folder = tmp_path_factory.mktemp("guide")
    written = subprocess.run(
        [*_command(), "sample", "-o", "claims.csv"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=folder,
    )
    assert written.returncode == 0, written.stderr
    rows = list(csv.reader(io.StringIO((folder / "claims.csv").read_text("utf-8"), newline="")))
    header = rows[0]
    rows[3][header.index("amount")] = "12O.00"
    rows[5][header.index("nature")] = "comercial"
    with open(folder / "broken.csv", "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    toml = re.findall(r"^```toml\n(.*?)^```", GUIDE.read_text("utf-8"), re.S | re.M)
    (folder / "details.toml").write_text(toml[0], "utf-8")
    if REAL_LEDGER.is_file():
        shutil.copy(REAL_LEDGER, folder / REAL_LEDGER.name)
    for export in (Path(__file__).parent / "fixtures" / "exports").iterdir():
        shutil.copy(export, folder / export.name)
    return folder


@pytest.mark.parametrize(
    ("command", "code", "shown"), _guide_examples(), ids=[e[0] for e in _guide_examples()]
)
def test_guide_examples_run_as_shown(
    command: str, code: int, shown: list[str], guide_folder: Path
) -> None:
    import shlex

    args = shlex.split(command)
    assert args[0] == "recouvrement"
    if any(a.endswith(REAL_LEDGER.name) for a in args) and not REAL_LEDGER.is_file():
        pytest.skip(f"the real ledger is not available at {REAL_LEDGER}")
    result = subprocess.run(
        [*_command(), *args[1:]],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
        cwd=guide_folder,
    )
    assert result.returncode == code, result.stderr
    printed = {line.rstrip() for line in (result.stdout + result.stderr).splitlines()}
    missing = [line for line in shown if line not in printed]
    assert not missing, f"lines of docs/guides/cli.md not printed by `{command}`: {missing}"


# -- every example of the help texts runs after `recouvrement sample` -------------------------


def _help_examples() -> list[str]:
    from recouvrement.cli._parser import command_examples

    return command_examples()


def test_every_help_example_runs_after_the_sample_command(tmp_path: Path) -> None:
    import shlex

    commands = _help_examples()
    assert "recouvrement sample -o claims.csv" in commands
    first = commands.index("recouvrement sample -o claims.csv")
    for command in [commands[first], *commands]:  # the sample first, then each in turn
        args = shlex.split(command)
        assert args[0] == "recouvrement"
        result = subprocess.run(
            [*_command(), *args[1:]],
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
            check=False,
            cwd=tmp_path,
        )
        assert result.returncode == 0, f"`{command}` failed: {result.stderr}"


def test_guide_runs_the_sample_command_first() -> None:
    commands = [command for command, _, _ in _guide_examples()]
    assert commands[0] == "recouvrement sample -o claims.csv"


def test_sample_writes_the_sample_ledger(tmp_path: Path) -> None:
    from recouvrement.io.json_ledger import read_claims_json

    for name in ("claims.csv", "claims.jsonl", "claims.json"):
        result = _run("sample", "-o", tmp_path / name)
        assert result.returncode == 0, result.stderr
        assert "--as-of 2026-03-31" in result.stderr
    assert read_claims_csv(tmp_path / "claims.csv").claims == tuple(load_sample().claims)
    assert read_claims_json(tmp_path / "claims.json").claims == tuple(load_sample().claims)
    assert _run("sample", "-o", tmp_path / "claims.xlsx").returncode == 2
    printed = _run("sample")
    assert printed.stdout.startswith("id,reference,nature,amount")


def test_usage_shows_as_of_as_required(capsys: pytest.CaptureFixture[str]) -> None:
    for command in COMMANDS:
        assert main([command, "--help"]) == 0
        usage = capsys.readouterr().out.split("\n\n")[0]
        assert "--as-of DATE" in usage, command
        assert "[--as-of" not in usage, command
    assert main(["demo", "--help"]) == 0
    assert "[--as-of DATE]" in capsys.readouterr().out


def test_plurals_agree(tmp_path: Path) -> None:
    one = tmp_path / "one.jsonl"
    write_claims_jsonl(load_sample().claims[:1], one)
    english = _run("report", one, "--as-of", AS_OF, "--locale", "en_GB").stdout
    assert "1 claim of 1 debtor," in english
    french = _run("report", one, "--as-of", AS_OF).stdout
    assert "1 créance de 1 débiteur," in french


def test_no_english_identifiers_under_the_french_locale(ledgers: dict[str, Path]) -> None:
    for command in ("report", "next-actions", "profiles", "simulate"):
        out = _run(command, ledgers["csv"], "--as-of", AS_OF, *_args(command, "S-00173")).stdout
        # the action and segment columns (the reasons' own words come from the engines)
        for identifier in ("small_claims_procedure", "agency_handover", "| habitually_late"):
            assert identifier not in out, (command, identifier)
    segments = _run("profiles", ledgers["csv"], "--as-of", AS_OF).stdout
    assert "Retard habituel" in segments
    assert "  habitually_late  " not in segments


def test_claims_issued_after_as_of_are_not_counted(ledgers: dict[str, Path]) -> None:
    claims = load_sample().claims
    first = min(c.issued_on for c in claims)
    day = first.add(days=30).isoformat()
    data = _json(_run("report", ledgers["csv"], "--as-of", day, "--format", "json"))
    issued = sum(1 for c in claims if c.issued_on.isoformat() <= day)
    assert data["summary"]["claims"] == issued
    assert data["summary"]["not_yet_issued"] == len(claims) - issued
    text = _run("report", ledgers["csv"], "--as-of", day, "--locale", "en_GB").stdout
    assert f"({len(claims) - issued} claims issued after that day not counted.)" in text


def test_overdue_and_past_due_are_named_apart() -> None:
    out = _run("demo", "--full", "--locale", "en_GB").stdout
    assert "of it overdue" in out
    assert "Past due receivables (ledger, overpayments netted)" in out
    assert "\nPast due  " not in out


def test_trend_marks_months_without_enough_history(ledgers: dict[str, Path]) -> None:
    claims = load_sample().claims
    first = min(c.issued_on for c in claims).end_of("month")
    out = _run(
        "kpis", ledgers["csv"], "--as-of", first.isoformat(), "--trend", "1", "--locale", "en_GB"
    ).stdout
    assert f"{first.format('YYYY-MM')} *" in out
    assert "too little history" in out
    data = _json(_run("kpis", ledgers["csv"], "--as-of", AS_OF, "--trend", "3", "--format", "json"))
    assert all(row["complete"] for row in data["rows"])
    # mid-month: the month of --as-of is computed on that day, not on its last day
    data = _json(
        _run("kpis", ledgers["csv"], "--as-of", "2026-03-15", "--trend", "1", "--format", "json")
    )
    (march,) = data["rows"]
    assert (march["receivables"], march["sales"]) == ("99479.84", "22050.04")
    assert march["complete"] is False


def test_import_of_the_cli_loads_no_command_module() -> None:
    code = (
        "import sys, recouvrement.cli; "
        "print(sorted(m for m in sys.modules if m.startswith('recouvrement.cli')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert "recouvrement.cli.commands" not in result.stdout
    assert "recouvrement.reports" not in result.stdout


def test_first_reasons_are_headlines_in_the_locale() -> None:
    from recouvrement._text import headline
    from recouvrement.explain import Reason

    french = _run("demo").stdout
    assert "Étape « legal », due depuis le" in french
    assert "Step 'legal' of the" not in french
    english = _run("demo", "--locale", "en_GB").stdout
    assert "Step 'legal' of the" in english
    unknown = Reason("some.new.code", "An engine's own sentence")
    assert headline(unknown, "fr_FR") == "An engine's own sentence"
    missing = Reason("ladder.wait", "Next step", facts={"step": "x"})  # no 'on' fact
    assert headline(missing, "fr_FR") == "Next step"


def test_simulate_rows_follow_the_premise_that_nothing_is_paid(tmp_path: Path) -> None:
    # Paid in full on 2025-03-20, after the simulation's start: the what-if ignores it, and
    # so does every column of its rows (not "outstanding 0.00" beside a formal notice).
    from recouvrement.claims import Claim, Payment
    from recouvrement.parties import Creditor, Debtor

    claim = Claim(
        id="F1",
        creditor=Creditor(id="C1", name="Acme SAS", kind="professional"),
        debtor=Debtor(id="D1", name="Martin SARL", kind="professional"),
        nature="commercial",
        amount="1500.00",
        issued_on="2025-01-15",
        due_on="2025-02-14",
        payments=[Payment(on="2025-03-20", amount="1500.00")],
    )
    path = tmp_path / "one.json"
    write_claims_json([claim], path)
    args: list[str | Path] = ["simulate", path, "--claim", "F1", "--as-of", "2025-03-01"]
    data = _json(_run(*args, "--end", "2025-06-30", "--format", "json", "-q"))
    later = [r for r in data["rows"] if r["on"] > "2025-03-20"]
    assert later
    assert all(r["outstanding"] == "1500.00" for r in later), later
