"""Portfolio reports in the library (`recouvrement.reports`): the figures the CLI prints."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import attrs
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recouvrement.decisions import next_actions
from recouvrement.errors import InvalidType
from recouvrement.events import Cancellation, WriteOff
from recouvrement.kpi.portfolio import Portfolio
from recouvrement.money import Money
from recouvrement.reports import (
    kpi_figures,
    portfolio_report,
    summarize,
    urgent_actions,
)
from recouvrement.sample import SAMPLE_AS_OF, load_sample, sample_claim

CLAIMS = load_sample().claims
FIRST = min(c.issued_on for c in CLAIMS)
DAYS = st.dates(min_value=dt.date(FIRST.year, 1, 1), max_value=dt.date(2026, 12, 31))


@settings(max_examples=25, deadline=None)
@given(day=DAYS)
def test_summary_counts_what_exists_on_the_day(day: dt.date) -> None:
    as_of = pendulum.Date(day.year, day.month, day.day)
    summary = summarize(CLAIMS, as_of=as_of)
    issued = [c for c in CLAIMS if c.issued_on <= as_of]
    assert summary.claims == len(issued)
    assert summary.claims + summary.not_yet_issued == len(CLAIMS)
    assert summary.debtors == len({c.debtor.id for c in issued})
    assert summary.open_claims <= summary.claims
    for total, overdue in zip(summary.outstanding, summary.overdue, strict=True):
        lines = [
            e.outstanding for e in summary.by_debtor if e.outstanding.currency == total.currency
        ]
        assert sum(lines, Money.zero(total.currency)) == total
        assert overdue.currency == total.currency
        assert overdue.amount <= total.amount


def test_a_claim_that_left_the_ledger_is_not_open_outstanding_nor_overdue() -> None:
    # F-5 was cancelled, F-6 written off: nothing is owed on them any more (as in the
    # aging); only F-3 is open, outstanding and overdue.
    base = sample_claim()
    cancelled = attrs.evolve(
        base, id="F-5", amount=Money("4000", "EUR"), events=(Cancellation(on="2025-04-15"),)
    )
    written_off = attrs.evolve(
        base, id="F-6", amount=Money("2000", "EUR"), events=(WriteOff(on="2025-05-15"),)
    )
    summary = summarize([base, cancelled, written_off], as_of="2025-06-30")
    assert (summary.claims, summary.open_claims) == (3, 1)
    assert summary.outstanding == summary.overdue == (Money("1500.00", "EUR"),)
    assert "3 claims of 1 debtor, 1 open, €1,500.00 outstanding, €1,500.00 of it overdue" in (
        summary.headline(locale="en_GB")
    )
    book = Portfolio([base, cancelled, written_off])
    assert book.receivables(as_of="2025-06-30").amount == 1500
    # before the cancellation, F-5 was still open
    assert summarize([base, cancelled], as_of="2025-04-14").open_claims == 2


def test_summary_is_json_ready_and_plural_agrees() -> None:
    one = summarize([sample_claim()], as_of="2025-06-30")
    assert json.loads(json.dumps(one.to_dict()))["outstanding"] == {
        "amount": "1500.00",
        "currency": "EUR",
    }
    assert "1 claim of 1 debtor," in one.headline(locale="en_GB")
    assert "1 créance de 1 débiteur," in one.headline(locale="fr_FR")
    many = summarize(CLAIMS, as_of=SAMPLE_AS_OF)
    assert "200 claims of 40 debtors" in many.headline(locale="en_GB")
    assert "200 créances de 40 débiteurs" in many.headline(locale="fr_FR")


def test_kpi_figures_are_the_portfolio_figures() -> None:
    book = Portfolio(CLAIMS)
    figures = {f.kpi: f for f in kpi_figures(CLAIMS, as_of=SAMPLE_AS_OF, months=3)}
    assert figures["dso"].value == book.dso(as_of=SAMPLE_AS_OF, months=3)
    assert figures["receivables"].value == book.receivables(as_of=SAMPLE_AS_OF)
    assert figures["receivables"].start is None  # a point-in-time figure
    assert figures["sales"].start == pendulum.Date(2026, 1, 1)
    row = figures["cei"].to_dict(locale="fr_FR")
    assert row["unit"] == "%"
    assert row["label"] == "Efficacité du recouvrement (CEI, N=1)"
    assert figures["dso"].value_text("fr_FR").endswith(" j")
    assert "," in figures["dso"].value_text("fr_FR")


def test_report_document_rows_and_text_agree() -> None:
    report = portfolio_report(CLAIMS, as_of=SAMPLE_AS_OF)
    document = json.loads(json.dumps(report.to_dict()))
    assert document["summary"]["claims"] == 200
    assert {row["section"] for row in report.to_rows()} >= {"summary", "aging", "kpis"}
    open_rows = report.action_rows()
    assert sum(c["claims"] for c in document["actions"]) == len(open_rows)
    assert all(row["action"] != "close" for row in open_rows)
    english = report.to_text(locale="en_GB")
    french = report.to_text(locale="fr_FR")
    assert "Past due receivables (ledger, overpayments netted)" in english
    assert "of it overdue" in english
    assert "Encours échu (comptable, trop-perçus déduits)" in french
    assert "small_claims_procedure" not in french


def test_report_uses_the_decisions_it_is_given() -> None:
    decisions = tuple(next_actions(CLAIMS, as_of=SAMPLE_AS_OF))
    given_ = portfolio_report(CLAIMS, as_of=SAMPLE_AS_OF, profiles=False, decisions=decisions)
    assert given_.decisions == decisions
    assert given_.segments == ()


def test_urgent_actions_put_what_is_due_now_first() -> None:
    decisions = list(next_actions(CLAIMS, as_of=SAMPLE_AS_OF))
    pairs = urgent_actions(decisions, CLAIMS, limit=5)
    assert len(pairs) == 5
    due = [d.due_now for d, _ in pairs]
    assert due == sorted(due, reverse=True)
    assert all(d.action.value not in ("close", "none") for d, _ in pairs)
    assert urgent_actions(decisions, CLAIMS, limit=0) == []


def test_brief_fits_one_screen() -> None:
    report = portfolio_report(CLAIMS, as_of=SAMPLE_AS_OF)
    for locale in ("fr_FR", "en_GB"):
        assert len(report.brief(locale=locale).splitlines()) <= 32


def test_reports_refuse_what_is_not_claims() -> None:
    with pytest.raises(InvalidType, match="claims"):
        summarize("claims.csv", as_of=SAMPLE_AS_OF)  # type: ignore[arg-type]
    with pytest.raises(InvalidType, match=r"claims\[0\]"):
        summarize([Decimal(1)], as_of=SAMPLE_AS_OF)  # type: ignore[list-item]
