"""The dashboard: figures equal the KPI library's, deterministic HTML, both languages."""

from __future__ import annotations

import builtins
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from recouvrement.dashboard import HEADLINE_KPIS, dashboard, plot_aging, plot_trend
from recouvrement.errors import InvalidValue, MissingDependency
from recouvrement.kpi import Portfolio
from recouvrement.sample import SAMPLE_AS_OF, load_sample

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
    assert french.count("<details>") == len(HEADLINE_KPIS)
    assert "Tableau de bord" in french
    assert "limit_exceeded" in french
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
