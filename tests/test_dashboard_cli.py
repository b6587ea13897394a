"""`recouvrement dashboard` and `recouvrement demo --html`."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

from recouvrement.cli import main
from recouvrement.credit import CreditPolicy
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


def test_cli_dashboard_credit_policy_within_and_worklist_size(tmp_path: Path) -> None:
    claims = tmp_path / "claims.csv"
    assert main(["sample", "-q", "-o", str(claims)]) == 0
    policy = tmp_path / "credit.toml"
    with resources.as_file(resources.files("recouvrement") / "data" / "credit_policy.toml") as f:
        shutil.copyfile(f, policy)
    page = tmp_path / "board.html"
    base = ["dashboard", str(claims), "--as-of", AS_OF, "--months", "3", "-q", "-o", str(page)]
    options = ["--credit-policy", str(policy), "--within", "60", "--worklist-size", "3"]
    assert main([*base, *options]) == 0
    expected = dashboard(
        load_sample().claims,
        as_of=AS_OF,
        months=3,
        within=60,
        worklist_size=3,
        credit_policy=CreditPolicy.from_toml(policy),
    )
    assert page.read_text(encoding="utf-8") == expected.to_html()
    assert "limite de crédit dépassée" in expected.to_html()
    assert main([*base, "--credit-policy", str(tmp_path / "none.toml")]) == 1
    assert main([*base, "--worklist-size", "-1"]) == 2
