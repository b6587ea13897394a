"""The dashboard in a real browser: headless Chromium loads the page of the sample and of the
real ledger; no console error, every chart drawn, the headline figures equal the library's;
at a laptop's width (1366 px) nothing overflows sideways; the page prints to PDF.

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


# A probe for the test only (the dashboard itself has no script): appended at the end of the
# body, it runs once the inline CSS and SVG are laid out and writes what it measured into the
# DOM that --dump-dom prints.
_PROBE = (
    "<script>(function(){var d=document.documentElement;document.body.setAttribute("
    "'data-fit',[d.scrollWidth,d.clientWidth,window.innerWidth].join(' '));})();</script>"
)
LAPTOP = 1366


def _fits_a_laptop(page: Path, tmp_path: Path) -> None:
    probed = tmp_path / f"probe-{page.name}"
    probed.write_text(page.read_text(encoding="utf-8").replace("</body>", _PROBE + "</body>"))
    dom = _chromium(probed, tmp_path / "profile", f"--window-size={LAPTOP},900", "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    found = re.search(r'data-fit="(\d+) (\d+) (\d+)"', dom.stdout)
    assert found is not None, dom.stdout[-2000:]
    scroll, client, window = (int(v) for v in found.groups())
    assert window == LAPTOP  # the window size applied: the check below means something
    assert scroll <= client <= window, f"{scroll} px wide in a {client} px window"


def _prints(page: Path, tmp_path: Path) -> None:
    pdf = tmp_path / f"{page.stem}.pdf"
    done = _chromium(page, tmp_path / "profile", f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    assert done.returncode == 0, done.stderr[-2000:]
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b", data)) >= 1


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
    _fits_a_laptop(page, tmp_path)
    _prints(page, tmp_path)
    shot = tmp_path / f"{name}.png"
    done = _chromium(
        page, tmp_path / "profile", f"--screenshot={shot}", f"--window-size={LAPTOP},2600"
    )
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
