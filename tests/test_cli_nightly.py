"""The nightly run through the real entry point: real exports, counts, exit codes, rates (#14)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from recouvrement.cli import main
from recouvrement.io import read_rows_csv
from recouvrement.io.csv_ledger import write_claims_csv
from recouvrement.rates import RateTable
from recouvrement.ratesync import write_user_table
from recouvrement.retention import ERASURE_DECISIONS
from recouvrement.sample import load_sample

EXPORTS = Path(__file__).parent / "fixtures" / "exports"
RATES = Path(__file__).parent / "fixtures" / "rates"
AS_OF = "2026-03-31"
LATE = "2026-12-31"  # after the packaged rate tables


def _run(*args: str | Path) -> tuple[int, str]:
    buffer = io.StringIO()
    code = main([str(a) for a in args], out=buffer)
    return code, buffer.getvalue()


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("nightly") / "claims.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        write_claims_csv(load_sample().claims, handle)
    return path


@pytest.fixture(scope="module")
def user_rates(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """User tables covering 2026 S2: the ECB rate and the legal rates (made up for the test)."""
    folder = tmp_path_factory.mktemp("rates")
    ecb = RateTable.ecb().with_row("2026-06-10", "1.90", published_to="2027-06-30")
    legal = RateTable.legal_interest().with_half_year(2026, 2, individual="6.5", other="2.5")
    write_user_table(ecb, folder)
    write_user_table(legal, folder)
    return folder


def test_a_french_excel_export_reads_end_to_end_with_the_options() -> None:
    code, out = _run(
        "next-actions",
        EXPORTS / "excel_fr_cp1252.csv",
        "--as-of",
        "2025-06-30",
        "--delimiter",
        ";",
        "--encoding",
        "cp1252",
        "--decimal",
        ",",
        "--thousands",
        "space",
        "--date-format",
        "%d/%m/%Y",
        "--format",
        "json",
        "--quiet",
    )
    assert code == 0
    document = json.loads(out)
    assert document["counts"]["loaded"] == document["counts"]["rows"] > 0
    amounts = {r["claim_id"]: r["outstanding"] for r in document["rows"]}
    assert amounts["F-001"] == "1234.56"  # `1 234,56`


def test_detect_says_what_it_found(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _run("kpis", EXPORTS / "excel_fr_cp1252.csv", "--as-of", "2025-06-30", "--detect")
    assert code == 0
    err = capsys.readouterr().err
    assert "detected in excel_fr_cp1252.csv: encoding cp1252, delimiter ';'" in err
    assert out.rstrip().splitlines()[-1].startswith("# counts: rows=")


def test_an_odoo_export_reads_with_its_shipped_mapping() -> None:
    code, out = _run(
        "next-actions",
        EXPORTS / "odoo_account_move.csv",
        "--mapping",
        "odoo",
        "--as-of",
        "2025-06-30",
        "--format",
        "json",
        "--quiet",
    )
    assert code == 0
    counts = json.loads(out)["counts"]
    assert counts["loaded"] > 0
    assert counts["rows"] == counts["loaded"] + counts["skipped"]


def test_csv_output_ends_with_the_counts_and_reads_back(ledger: Path, tmp_path: Path) -> None:
    target = tmp_path / "todo.csv"
    code, _ = _run("next-actions", ledger, "--as-of", AS_OF, "--format", "csv", "-o", target, "-q")
    assert code == 0
    last = target.read_text("utf-8").rstrip().splitlines()[-1]
    assert last.startswith("# counts: rows=200 loaded=200 skipped=0 invalid=0")
    assert len(list(read_rows_csv(target))) > 0


def _broken(ledger: Path, tmp_path: Path) -> Path:
    lines = ledger.read_text("utf-8").splitlines(keepends=True)
    broken = tmp_path / "broken.csv"
    broken.write_text(lines[0] + "X-1,,commercial,abc\n" + "".join(lines[1:]), "utf-8")
    return broken


def test_invalid_rows_exit_1_unless_max_invalid_accepts_them(ledger: Path, tmp_path: Path) -> None:
    broken = _broken(ledger, tmp_path)
    code, out = _run("kpis", broken, "--as-of", AS_OF, "--format", "json", "-q")
    assert code == 1
    assert json.loads(out)["counts"]["invalid"] == 1  # the output is still printed
    assert _run("kpis", broken, "--as-of", AS_OF, "--max-invalid", "1", "-q")[0] == 0
    assert _run("kpis", broken, "--as-of", AS_OF, "--max-invalid", "1%", "-q")[0] == 0
    assert _run("kpis", broken, "--as-of", AS_OF, "--max-invalid", "lots", "-q")[0] == 2


def test_a_file_that_loads_nothing_never_exits_0(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("id,amount\n", "utf-8")
    assert _run("kpis", empty, "--as-of", AS_OF, "--max-invalid", "100%", "-q")[0] == 1


def test_o_on_an_input_or_an_unwritable_folder_is_a_usage_error(
    ledger: Path, tmp_path: Path
) -> None:
    assert _run("kpis", ledger, "--as-of", AS_OF, "-o", ledger)[0] == 2
    assert ledger.read_text("utf-8").startswith("id,")  # not destroyed
    assert _run("kpis", ledger, "--as-of", AS_OF, "-o", tmp_path / "no" / "such" / "x")[0] == 2


def test_a_missing_rate_exits_3_and_rates_fix_it(ledger: Path, user_rates: Path) -> None:
    code, out = _run("next-actions", ledger, "--as-of", LATE, "--format", "json", "-q")
    assert code == 3
    rows = json.loads(out)["rows"]
    assert rows  # everything else computed and printed
    files = sorted(str(p) for p in user_rates.iterdir())
    flags = [x for f in files for x in ("--rates", f)]
    code, out = _run("next-actions", ledger, "--as-of", LATE, *flags, "--format", "json", "-q")
    assert code == 0
    reasons = [x["code"] for r in json.loads(out)["rows"] for x in r["reasons"]]
    assert "amounts.unavailable" not in reasons
    assert _run("next-actions", ledger, "--as-of", LATE, "--rates-dir", user_rates, "-q")[0] == 0


def test_a_letter_needing_a_missing_rate_exits_3_and_rates_fix_it(
    ledger: Path, user_rates: Path
) -> None:
    args = ("notice", ledger, "--as-of", LATE, "--claim", "S-00070", "-q")
    assert _run(*args)[0] == 3
    code, out = _run(*args, "--rates-dir", user_rates)
    assert code == 0
    assert out.startswith("Objet : ")


def test_the_rates_dir_comes_from_the_environment(
    ledger: Path, user_rates: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RECOUVREMENT_RATES_DIR", str(user_rates))
    assert _run("next-actions", ledger, "--as-of", LATE, "-q")[0] == 0
    monkeypatch.setenv("RECOUVREMENT_RATES_DIR", str(user_rates / "missing"))
    assert _run("next-actions", ledger, "--as-of", LATE, "-q")[0] == 1


def test_rates_check_exits_3_when_a_rate_is_missing(user_rates: Path) -> None:
    code, out = _run("rates", "check", "--as-of", LATE, "--format", "json")
    assert code == 3
    assert json.loads(out)["ok"] is False
    code, out = _run("rates", "check", "--as-of", LATE, "--rates-dir", user_rates)
    assert code == 0, out
    assert "ecb_mro: published to 2027-06-30" in out


def test_rates_update_fetches_through_the_injected_fetch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from recouvrement import ratesync

    recorded = (RATES / "ecb_mro_synthetic_change.csv").read_bytes()
    monkeypatch.setattr(ratesync, "urllib_fetch", lambda url: recorded)
    code, out = _run("rates", "update", "--as-of", "2026-12-01", "--write", tmp_path)
    assert code == 0, out
    assert (tmp_path / "ecb_mro.csv").is_file()
    assert "wrote" in out

    def offline(url: str) -> bytes:
        raise ratesync.RatesFetchError(url, "offline")

    monkeypatch.setattr(ratesync, "urllib_fetch", offline)
    assert _run("rates", "update", "--as-of", "2026-12-01")[0] == 1
    # nothing to fetch: a usage error, not "no new rate found"
    assert _run("rates", "update", "--as-of", "2026-12-01", "--no-ecb")[0] == 2


def test_control_characters_in_names_are_shown_escaped(tmp_path: Path) -> None:
    claims = load_sample().claims
    evil = [c for c in claims if c.debtor.id == "D0001"]
    path = tmp_path / "evil.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        write_claims_csv(evil, handle)
    text = path.read_text("utf-8").replace("Martin Bâtiment SARL", "Evil\x1b[2J\u202eSARL")
    path.write_text(text, "utf-8")
    code, out = _run("profiles", path, "--as-of", AS_OF, "-q")
    assert code == 0
    assert "\x1b" not in out
    assert "\u202e" not in out
    assert "Evil\\x1b[2J\\u202eSARL" in out


def _document(*args: str | Path) -> dict[str, Any]:
    code, out = _run(*args, "--format", "json", "-q")
    assert code == 0, out
    data: dict[str, Any] = json.loads(out)
    return data


def test_credit_command(ledger: Path) -> None:
    data = _document("credit", ledger, "--as-of", AS_OF)
    assert {r["debtor_id"] for r in data["rows"]} >= {"D0001", "D0010"}
    order = _document("credit", ledger, "--as-of", AS_OF, "--order", "D0010", "400")
    assert order["rows"][0]["outcome"] in ("release", "release_with_conditions", "hold")
    assert "rows" in _document("credit", ledger, "--as-of", AS_OF, "--reviews")


def test_retention_command(ledger: Path) -> None:
    purge = _document("retention", ledger, "--as-of", AS_OF, "--purge")
    assert purge["rows"]
    assert "summary" in purge
    debtor = _document("retention", ledger, "--as-of", AS_OF, "--debtor", "D0001")
    assert {r["debtor_id"] for r in debtor["rows"]} == {"D0001"}
    answer = _document(
        "retention", ledger, "--as-of", AS_OF, "--erasure", "D0001", "--requested-on", AS_OF
    )
    assert {r["decision"] for r in answer["rows"]} <= set(ERASURE_DECISIONS)
    assert _run("retention", ledger, "--as-of", AS_OF, "--erasure", "D0001")[0] == 2


def test_worklist_command(ledger: Path) -> None:
    data = _document("worklist", ledger, "--as-of", AS_OF, "--capacity", "5")
    ranks = [r["rank"] for r in data["rows"]]
    assert ranks == sorted(ranks)
    assert sum(1 for r in data["rows"] if not r["deferred"]) <= 5
    assert _run("worklist", ledger, "--as-of", AS_OF, "--capacity", "x=y")[0] == 2


def test_forecast_command(ledger: Path, tmp_path: Path) -> None:
    data = _document("forecast", ledger, "--as-of", AS_OF, "--horizon", "4")
    assert len({r["start"] for r in data["rows"]}) == 4
    target = tmp_path / "predictions.csv"
    code, _ = _run(
        "forecast", ledger, "--as-of", AS_OF, "--predictions", "--format", "csv", "-o", target
    )
    assert code == 0
    assert list(read_rows_csv(target))


def test_two_currencies_of_one_debtor_do_not_abort(tmp_path: Path) -> None:
    import attrs

    from recouvrement.money import Money

    claims = [c for c in load_sample().claims if c.debtor.id == "D0001"]
    other = attrs.evolve(claims[0], id="USD-1", amount=Money("100.00", "USD"), payments=())
    path = tmp_path / "mixed.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        write_claims_csv([*claims, other], handle)
    for command in ("profiles", "next-actions", "report", "worklist"):
        code, _ = _run(command, path, "--as-of", AS_OF, "-q")
        assert code in (0, 3), command


def test_schema_command_prints_the_ledger_schema() -> None:
    code, out = _run("schema")
    assert code == 0
    assert json.loads(out)["$schema"].startswith("https://json-schema.org/")
