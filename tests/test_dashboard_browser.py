"""The dashboard in a real browser: headless Chromium loads the page of the sample and of the
real ledger; no console error, every chart drawn, the headline figures equal the library's.

Skipped when ``/usr/bin/chromium`` is absent (CI installs the distribution's package).
``RECOUVREMENT_SCREENSHOTS=1`` keeps the screenshots in ``docs/assets/``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from html import unescape
from pathlib import Path

import pytest

from recouvrement.claims import Claim
from recouvrement.dashboard import dashboard
from recouvrement.io import ColumnMapping, read_claims_csv
from recouvrement.sample import SAMPLE_AS_OF, load_sample

CHROMIUM = Path("/usr/bin/chromium")
REAL_LEDGER = (
    Path(__file__).resolve().parents[2] / "shared" / "realdata" / "ibm-accounts-receivable.csv"
)
ASSETS = Path(__file__).resolve().parents[1] / "docs" / "assets"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"no headless browser at {CHROMIUM} (CI installs chromium)"
)

_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
)


def _chromium(page: Path, profile: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CHROMIUM), *_FLAGS, f"--user-data-dir={profile}", *extra, page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _check(claims: Sequence[Claim], as_of: str, tmp_path: Path, name: str) -> None:
    board = dashboard(claims, as_of=as_of, months=24)
    page = board.save(tmp_path / f"{name}.html")
    dom = _chromium(page, tmp_path / "profile", "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    for marker in ("Uncaught", "console error", ":CONSOLE("):
        assert marker not in dom.stderr, dom.stderr[-2000:]
    charts = re.findall(r'<figure data-chart="(\w+)">.*?(<svg.*?</svg>)', dom.stdout, re.S)
    assert [key for key, _ in charts] == [key for key, _, _ in board.charts]
    for key, svg in charts:
        assert "<path" in svg or "<use" in svg, f"chart {key} is empty"
    shown = dict(re.findall(r'data-figure="(\w+)" data-value="([^"]*)"', dom.stdout))
    expected = {k: "" if v is None else str(v) for k, v in board.figures.items()}
    assert {k: unescape(v) for k, v in shown.items()} == expected
    shot = tmp_path / f"{name}.png"
    done = _chromium(page, tmp_path / "profile", f"--screenshot={shot}", "--window-size=1280,2300")
    assert done.returncode == 0, done.stderr[-2000:]
    assert shot.stat().st_size > 10_000
    if os.environ.get("RECOUVREMENT_SCREENSHOTS") == "1":
        shutil.copyfile(shot, ASSETS / f"dashboard-{name}.png")


def test_sample_dashboard_in_chromium(tmp_path: Path) -> None:
    _check(load_sample().claims, SAMPLE_AS_OF.isoformat(), tmp_path, "sample")


@pytest.mark.skipif(not REAL_LEDGER.exists(), reason=f"the real ledger is not here: {REAL_LEDGER}")
def test_real_ledger_dashboard_in_chromium(tmp_path: Path) -> None:
    claims = read_claims_csv(REAL_LEDGER, mapping=ColumnMapping.shipped("ibm_ar")).claims
    _check(claims, "2013-06-30", tmp_path, "real-ledger")
