"""`recouvrement dashboard` and `recouvrement demo --html`."""

from __future__ import annotations

from pathlib import Path

from recouvrement.cli import main
from recouvrement.dashboard import dashboard
from recouvrement.sample import SAMPLE_AS_OF, load_sample

AS_OF = SAMPLE_AS_OF.isoformat()


def test_cli_dashboard_and_demo_html(tmp_path: Path) -> None:
    demo = tmp_path / "demo.html"
    assert main(["demo", "--html", "--months", "6", "-q", "-o", str(demo)]) == 0
    assert (
        demo.read_text(encoding="utf-8")
        == dashboard(load_sample().claims, as_of=AS_OF, months=6).to_html()
    )
    claims = tmp_path / "claims.csv"
    assert main(["sample", "-q", "-o", str(claims)]) == 0
    page = tmp_path / "board.html"
    args = ["dashboard", str(claims), "--as-of", AS_OF, "--locale", "en_GB", "-q", "-o", str(page)]
    assert main(args) == 0
    assert "Collections dashboard" in page.read_text(encoding="utf-8")
    assert main(["dashboard", str(claims), "--as-of", AS_OF, "--months", "0"]) == 2
