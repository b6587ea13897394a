"""The dashboard: figures equal the KPI library's, deterministic HTML, both languages."""

from __future__ import annotations

import builtins
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

from recouvrement.claims import Claim
from recouvrement.credit import CreditPolicy, credit_report
from recouvrement.dashboard import (
    ALERT_KINDS,
    HEADLINE_KPIS,
    dashboard,
    day_alerts,
    plot_aging,
    plot_trend,
)
from recouvrement.errors import InvalidValue, MissingDependency
from recouvrement.events import AgencyHandover, InsolvencyProceeding, PaymentPromise, WriteOff
from recouvrement.kpi import Portfolio
from recouvrement.parties import Creditor, Debtor
from recouvrement.sample import SAMPLE_AS_OF, load_sample
from recouvrement.worklists import worklist

AS_OF = SAMPLE_AS_OF.isoformat()


class _Alert:
    def to_dict(self) -> dict[str, Any]:
        return {"code": "limit_exceeded", "debtor": "Laurent Transports SAS"}


def test_figures_equal_the_portfolio_and_change_is_month_over_month() -> None:
    claims = load_sample().claims
    board = dashboard(claims, as_of=AS_OF, months=12)
    book = Portfolio(claims)
    assert tuple(board.figures) == HEADLINE_KPIS
    assert board.figures["receivables"] == book.receivables(as_of=AS_OF).amount
    assert board.figures["past_due_receivables"] == book.past_due_receivables(as_of=AS_OF).amount
    assert board.figures["dso_countback"] == book.dso_countback(as_of=AS_OF)
    receivables = board.headlines[0]
    assert receivables.previous == book.receivables(as_of="2026-02-28").amount
    assert receivables.change == receivables.value - book.receivables(as_of="2026-02-28").amount  # type: ignore[operator]


def test_html_is_deterministic_self_contained_and_bilingual(tmp_path: Path) -> None:
    claims = load_sample().claims
    french = dashboard(claims, as_of=AS_OF, months=12, alerts=[_Alert()]).to_html()
    assert french == dashboard(claims, as_of=AS_OF, months=12, alerts=[_Alert()]).to_html()
    assert "<script" not in french
    assert re.search(r"(src|href)=\"(https?:)?//", french) is None  # nothing loaded from a network
    assert french.count("<svg") == 5
    # every headline figure and every chart expands to how it is computed, and so do the
    # alerts, the worklist and the actions by step
    assert french.count("<details>") == len(HEADLINE_KPIS) + 5 + 3
    assert "Tableau de bord" in french
    assert "limite de crédit dépassée" in french  # the extra alert, its kind in French
    assert "@media print" in french
    english = dashboard(claims, as_of=AS_OF, months=12, locale="en_GB")
    assert "Collections dashboard" in english.to_html()
    saved = english.save(tmp_path / "board.html")
    assert saved.read_text(encoding="utf-8") == english.to_html()


def test_short_history_and_empty_book_render() -> None:
    claims = load_sample().claims
    board = dashboard(claims, as_of="2024-04-15", months=24)
    assert "<svg" in board.to_html()
    empty = dashboard([], as_of=AS_OF, months=3)
    assert empty.figures["receivables"] == Decimal(0)
    assert empty.top_debtors == ()


@pytest.mark.parametrize("months", [0, 121, 1.5, True])
def test_bad_months_are_refused(months: Any) -> None:
    with pytest.raises(InvalidValue, match="months"):
        dashboard([], as_of=AS_OF, months=months)


def test_notebook_plots_are_figures() -> None:
    book = Portfolio(load_sample().claims)
    assert len(plot_aging(book.aging(as_of=AS_OF)).axes) == 1
    trend = book.trend(start="2025-04", end="2026-03")
    assert len(plot_trend(trend, fields=("dso_countback",)).axes) == 1


def test_missing_matplotlib_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def fake_import(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("matplotlib"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    with pytest.raises(MissingDependency, match=r"recouvrement\[charts\]"):
        dashboard(load_sample().claims, as_of=AS_OF, months=3)


_ENGLISH_IDENTIFIERS = (
    "not due",
    "occasionally late",
    "habitually late",
    "punctual",
    "resolve_dispute",
    "dso_countback",
    ">cei<",
    "sales",
    "receivables",
)


def test_french_page_has_no_english_identifiers_and_axes_have_units() -> None:
    claims = load_sample().claims
    french = dashboard(claims, as_of=AS_OF, months=12).to_html()
    shown = re.sub(r"<[^>]+>", " ", french)  # the text a reader sees, SVG labels included
    for identifier in _ENGLISH_IDENTIFIERS:
        assert identifier.strip("<>") not in shown.replace("recouvrement.", ""), identifier
    for label in ("DSO (jours)", "CEI (%)", "Ventes (EUR)", "Encours (EUR)", "Échu (EUR)"):
        assert label in french, label
    assert "Retard habituel" in french
    assert "non échu" in french
    assert "Relance" in french
    english = dashboard(claims, as_of=AS_OF, months=12, locale="en_GB").to_html()
    for label in ("DSO (days)", "CEI (%)", "Sales (EUR)", "Overdue (EUR)", "Habitually late"):
        assert label in english, label
    assert "Retard" not in english


def test_undefined_figures_say_why() -> None:
    board = dashboard(load_sample().claims, as_of=AS_OF, months=12)
    assert board.figures["cost_of_recovery"] is None
    card = re.search(r'data-figure="cost_of_recovery".*?</details>', board.to_html(), re.S)
    assert card is not None
    assert "rien n&#x27;a été encaissé en recouvrement sur la période" in card.group(0)
    assert "Période : 2026-03-01 – 2026-03-31" in card.group(0)


def _card(page: str, name: str) -> str:
    card = re.search(rf'data-figure="{name}".*?</details>', page, re.S)
    assert card is not None, name
    return card.group(0)


def test_undefined_figures_say_nothing_the_ledger_contradicts() -> None:
    # A claim handed to an agency (nothing collected since) and March sales equal to the
    # receivables: the cost of recovery and the CEI are undefined, but not because nothing
    # was placed, nor because there are no receivables or sales.
    shop = Creditor(id="C1", name="Shop SAS", kind="professional")
    placed = Claim(
        id="F-1",
        creditor=shop,
        debtor=Debtor(id="D1", name="Alpha SARL", kind="professional"),
        nature="commercial",
        amount="1000",
        issued_on="2025-10-01",
        due_on="2025-10-31",
        events=[AgencyHandover(on="2026-02-10", agency="Recouvr'Express", fee_rate="15")],
    )
    sold = Claim(
        id="F-2",
        creditor=shop,
        debtor=Debtor(id="D2", name="Beta SARL", kind="professional"),
        nature="commercial",
        amount="500",
        issued_on="2026-03-10",
        due_on="2026-04-09",
    )
    board = dashboard([placed], as_of="2026-03-31", locale="en", months=6)
    assert board.figures["cost_of_recovery"] is None
    assert board.figures["recovery_rate"] == 0
    cost = _card(board.to_html(), "cost_of_recovery")
    assert "nothing was collected in recovery in the period" in cost
    assert "no claim handed" not in cost
    board = dashboard([sold], as_of="2026-03-31", locale="en", months=6)
    assert board.figures["cei"] is None
    assert board.figures["receivables"] == 500
    cei = _card(board.to_html(), "cei")
    assert "zero or negative" in cei
    assert "no receivables" not in cei


def test_top_debtors_by_id_and_on_the_ledger() -> None:
    # Two debtors share a name; a third's claim was written off: it has left the ledger.
    shop = Creditor(id="C1", name="Shop SAS", kind="professional")

    def owed(claim_id: str, debtor: Debtor, amount: str, **more: Any) -> Claim:
        return Claim(
            id=claim_id,
            creditor=shop,
            debtor=debtor,
            nature="commercial",
            amount=amount,
            issued_on="2025-11-01",
            due_on="2025-12-01",
            **more,
        )

    first = Debtor(id="D1", name="Dupont SARL", kind="professional")
    second = Debtor(id="D2", name="Dupont SARL", kind="professional")
    leroy = Debtor(id="D3", name="Leroy SAS", kind="professional")
    claims = [
        owed("F-1", first, "600"),
        owed("F-2", second, "700"),
        owed("F-3", leroy, "5000", events=[WriteOff(on="2026-01-15")]),
        owed("F-4", leroy, "100"),
    ]
    board = dashboard(claims, as_of="2026-03-31", locale="en", months=6)
    assert board.top_debtors == (
        ("Dupont SARL (D2)", Decimal("700")),
        ("Dupont SARL (D1)", Decimal("600")),
        ("Leroy SAS", Decimal("100")),
    )
    assert sum(a for _, a in board.top_debtors) == board.figures["past_due_receivables"]


def test_alerts_and_worklist_are_computed_by_default() -> None:
    claims = load_sample().claims
    board = dashboard(claims, as_of=AS_OF, months=3, worklist_size=7)
    expected = day_alerts(claims, as_of=AS_OF)
    assert board.alerts == tuple(a.to_dict() for a in expected)
    assert {a["kind"] for a in board.alerts} == {"broken_plan"}
    today = worklist(claims, as_of=AS_OF, profiles="auto")
    assert board.worklist == tuple(i.to_dict() for i in today.items[:7])
    html = board.to_html()
    assert "Échéancier de S-00114 rompu" in html
    assert "Procédure simplifiée" in html
    given = dashboard(claims, as_of=AS_OF, months=3, worklist=today.items[:2])
    assert len(given.worklist) == 2


def test_limits_exceeded_with_a_credit_policy() -> None:
    claims = load_sample().claims
    policy = CreditPolicy.default()
    board = dashboard(claims, as_of=AS_OF, months=3, credit_policy=policy, locale="en_GB")
    over = [r for r in credit_report(claims, as_of=AS_OF, policy=policy) if r.exposure.over_limit]
    limits = [a for a in board.alerts if a["kind"] == "limit_exceeded"]
    assert len(limits) == len(over) > 0
    assert "credit limit exceeded" in board.to_html()
    assert not any(a.kind == "limit_exceeded" for a in day_alerts(claims, as_of=AS_OF))


def test_alerts_of_promises_plans_deadlines_and_rates() -> None:
    claims = load_sample().claims
    # rate tables stop before 2030: a computation then lacks the ECB and the legal rate
    later = day_alerts([], as_of="2030-01-15")
    assert [(a.kind, str(a.citation)) for a in later] == [
        ("rates_out_of_date", "C. com. L441-10 II"),
        ("rates_out_of_date", "C. mon. fin. L313-2"),
    ]
    promised = _with_promise(claims[0], promised_for="2026-03-30")
    due = day_alerts([promised], as_of=AS_OF)
    assert [a.kind for a in due] == ["promise_due"]  # within the 3 days of grace
    broken = day_alerts([promised], as_of="2026-04-05")
    assert [a.kind for a in broken][:1] == ["broken_promise"]
    deadlines = day_alerts(claims, as_of=AS_OF, within=3650)
    legal = [a for a in deadlines if a.kind == "prescription"]
    assert legal
    assert all(a.citation is not None for a in legal)
    assert [a.kind for a in deadlines] == sorted((a.kind for a in deadlines), key=ALERT_KINDS.index)


def _with_promise(claim: Claim, *, promised_for: str) -> Claim:
    promise = PaymentPromise(on="2026-03-20", promised_for=promised_for, amount="50")
    return attrs.evolve(
        claim, id="P-1", due_on="2026-03-01", issued_on="2026-02-01", events=(promise,), payments=()
    )


def test_claim_declaration_alert_gives_the_last_day_in_both_languages() -> None:
    # Published 2026-03-15: two months to declare, the last day 2026-05-15 (C. com.
    # R622-24). "avant le" would tell the creditor a day too early.
    proceeding = InsolvencyProceeding(
        kind="receivership", opened_on="2026-03-10", published_on="2026-03-15"
    )
    c = Claim(
        id="F-1",
        creditor=Creditor(id="C1", name="Shop SAS", kind="professional"),
        debtor=Debtor(id="D1", name="Martin SARL", kind="professional"),
        nature="commercial",
        amount="2000",
        issued_on="2026-03-01",
        due_on="2026-04-30",
        events=[proceeding],
    )
    (alert,) = [a for a in day_alerts([c], as_of="2026-04-20") if a.kind == "claim_declaration"]
    assert alert.date is not None
    assert alert.date.isoformat() == "2026-05-15"
    assert "by 2026-05-15" in alert.message
    assert "au plus tard le 2026-05-15" in alert.message_fr


def test_a_missing_rate_is_named_and_the_actions_use_the_user_tables() -> None:
    from recouvrement.rates import RateTable

    claims = load_sample().claims
    bare = dashboard(claims, as_of="2026-12-31", months=6)
    assert bare.missing_rate is not None
    assert ", table " in bare.missing_rate
    tables = [
        RateTable.ecb().with_row("2026-06-10", "1.90", published_to="2027-06-30"),
        RateTable.legal_interest().with_half_year(2026, 2, individual="6.5", other="2.5"),
    ]
    full = dashboard(claims, as_of="2026-12-31", months=6, rates=tables)
    assert full.missing_rate is None
    # the actions by step are those of the decisions with the user's tables
    assert full.actions != bare.actions
