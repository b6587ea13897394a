"""The `recouvrement` command, through its real entry point."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys

import pytest

from recouvrement.cli import main


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("recouvrement")
    command = [exe, *args] if exe else [sys.executable, "-m", "recouvrement", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def test_demo_runs_through_the_installed_command() -> None:
    result = _run("demo")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Outstanding by debtor" in out
    assert "Aging" in out
    assert "As of 2026-03-31: 200 claims of 40 debtors" in out


def test_demo_json_is_valid_and_consistent() -> None:
    buffer = io.StringIO()
    assert main(["demo", "--format", "json"], out=buffer) == 0
    data = json.loads(buffer.getvalue())
    total = sum(float(entry["outstanding"]["amount"]) for entry in data["by_debtor"])
    assert total == pytest.approx(float(data["outstanding"]["amount"]))
    assert data["claims"] == 200


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


def test_bad_as_of_is_reported_with_exit_code_1() -> None:
    result = _run("demo", "--as-of", "31/03/2026")
    assert result.returncode == 1
    assert "--as-of='31/03/2026'" in result.stderr


def test_unknown_command_is_a_usage_error() -> None:
    result = _run("frobnicate")
    assert result.returncode == 2


def test_no_command_prints_help() -> None:
    buffer = io.StringIO()
    assert main([], out=buffer) == 2
    assert "demo" in buffer.getvalue()
