"""Tests of the notebook display: HTML renderers and Polars frames (recouvrement.display)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import attrs
import pendulum
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recouvrement.claims import Claim, Payment
from recouvrement.decisions import Decision, debtor_actions, next_action, next_actions
from recouvrement.display import (
    Html,
    aging_html,
    aging_to_frame,
    amounts_due_html,
    bar,
    card,
    contributions_to_frame,
    debtor_action_html,
    debtor_actions_to_frame,
    decision_html,
    decisions_html,
    decisions_to_frame,
    kpis_html,
    late_interest_html,
    prescription_html,
    profile_html,
    profiles_html,
    profiles_to_frame,
    reasons_html,
    table,
    to_frame,
    trend_html,
    trend_to_frame,
)
from recouvrement.errors import InvalidType, InvalidValue, MissingDependency
from recouvrement.events import Acknowledgment, Dispute, FormalNotice
from recouvrement.explain import Citation, Reason
from recouvrement.interest import amounts_due, late_interest
from recouvrement.kpi.aging import AgingBalance, aging
from recouvrement.kpi.portfolio import MonthlyKpis, Portfolio
from recouvrement.money import Money
from recouvrement.parties import Creditor, Debtor
from recouvrement.policy import Action
from recouvrement.prescription import prescription_deadline
from recouvrement.profiling import DebtorProfile, ProfileMetrics, profile_debtors
from recouvrement.sample import load_sample, sample_claim
from tests.strategies import claims, decimals

EVIL = "<script>alert('x')</script>"
ACME = Creditor(id="C1", name="Acme SAS", kind="professional")


class _Checker(HTMLParser):
    """Collects the text and checks that every tag is closed in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[str] = []
        self.text: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack.append(tag)
        self.tags.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.problems.append(f"self-closing <{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def check_html(page: str) -> str:
    """Assert ``page`` is balanced and self-contained; return its text content."""
    assert isinstance(page, Html)
    checker = _Checker()
    checker.feed(page)
    checker.close()
    assert checker.problems == []
    assert checker.stack == []
    assert not {"script", "style", "link", "iframe", "img"} & set(checker.tags)
    assert "http" not in page
    return "".join(checker.text)


@pytest.fixture(scope="module")
def sample() -> Any:
    return load_sample()


@pytest.fixture(scope="module")
def decisions(sample: Any) -> tuple[Decision, ...]:
    return tuple(next_actions(sample.claims, as_of=sample.as_of))


@pytest.fixture(scope="module")
def profiles(sample: Any) -> dict[str, DebtorProfile]:
    return profile_debtors(sample.claims, as_of=sample.as_of)


@pytest.fixture(scope="module")
def trend(sample: Any) -> tuple[MonthlyKpis, ...]:
    return Portfolio(sample.claims).trend(start="2025-10", end="2026-03")


def evil_claim(**extra: Any) -> Claim:
    debtor = Debtor(id=EVIL, name=EVIL, kind="professional")
    fields: dict[str, Any] = {
        "id": f"F-{EVIL}",
        "creditor": ACME,
        "debtor": debtor,
        "nature": "commercial",
        "amount": "1200.00",
        "issued_on": "2025-01-15",
        "due_on": "2025-02-14",
    }
    fields.update(extra)
    return Claim(**fields)


# -- HTML: structure, escaping, content ---------------------------------------------------


def test_decision_html_shows_action_date_amounts_and_cited_reasons() -> None:
    decision = next_action(sample_claim(), as_of="2025-06-30")
    assert decision.amounts is not None
    page = decision._repr_html_()
    assert page == decision_html(decision)
    text = check_html(decision_html(decision))
    assert "small claims procedure" in text
    assert "2025-06-30 (due now)" in text
    assert "legal" in text  # the step
    for line in ("Principal", "Interest", "Fixed indemnity", "Penalty clause", "Total"):
        assert line in text
    total = decision.amounts.total.round()
    assert f"{total.amount:,f} EUR" in text
    for reason in decision.reasons:
        assert reason.message in text
        if reason.citation is not None:
            assert f"[{reason.citation}]" in text


def test_html_escapes_a_debtor_named_script() -> None:
    claim = evil_claim(events=[Dispute(opened_on="2025-03-01")])
    decision = next_action(claim, as_of="2025-06-30")
    pages = [
        decision_html(decision),
        decisions_html([decision]),
        prescription_html(prescription_deadline(claim, as_of="2025-06-30")),
        amounts_due_html(amounts_due(claim, as_of="2025-06-30")),
        late_interest_html(late_interest(claim, as_of="2025-06-30")),
    ]
    grouped = debtor_actions([claim], as_of="2025-06-30")
    pages.append(debtor_action_html(grouped[0]))
    profile = profile_debtors([claim], as_of="2025-06-30")[EVIL]
    pages += [profile_html(profile), profiles_html([profile])]
    for page in pages:
        assert "<script" not in page.lower()
        assert "&lt;script&gt;" in page
        text = check_html(page)
        assert EVIL in text  # shown as text, whole


def test_reasons_and_attribute_like_text_are_escaped() -> None:
    reason = Reason(
        "x.evil",
        '<img src=x onerror="alert(1)"> & co',
        citation=Citation("C. civ.", '1344 "al. 1"'),
        facts={"a": 1},
    )
    page = reasons_html([reason])
    assert "<img" not in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; co" in page
    text = check_html(page)
    assert reason.message in text
    assert str(reason.citation) in text
    assert "x.evil" in text
    assert reasons_html([]) == ""


def test_table_card_and_bar_building_blocks() -> None:
    page = table(["<a>", "Amount"], [["x", Money("-1234.565")], [None, 3]], footer=["T", 1])
    text = check_html(page)
    assert "<a>" in text
    assert "-1,234.57 EUR" in text
    assert "\u2014" in text
    assert check_html(card(EVIL, [("k", EVIL)], kind="x")).count(EVIL) == 2
    assert 'class="recouvrement recouvrement-x"' in card("t", [], kind="x")
    assert "width:0.0%" in bar(Decimal("-2"))
    assert "width:100.0%" in bar(Decimal("7"))
    assert "width:0.0%" in bar(None)
    with pytest.raises(InvalidValue):
        bar(Decimal("0.5"), colour="red;background:url(x)")


def test_aging_html_buckets_shares_and_bars() -> None:
    balance = AgingBalance.from_amounts(
        as_of="2025-06-30",
        currency="EUR",
        not_due=Decimal("600.00"),
        past_due=[Decimal("300"), 0, 0, Decimal("100")],
    )
    page = balance._repr_html_()
    text = check_html(aging_html(balance))
    assert page == aging_html(balance)
    for label in ("not due", "1-30 days", "31-60 days", "61-90 days", ">90 days", "Total"):
        assert label in text
    assert "600.00 EUR" in text
    assert "1,000.00 EUR" in text
    assert "60.0 %" in text
    assert "30.0 %" in text
    assert "10.0 %" in text
    assert "400.00 EUR (40.0 %)" in text  # past due
    assert page.count("width:60.0%") == 1
    assert page.count("width:10.0%") == 1
    # an overpaid (negative) ledger: no share, empty bars, still balanced
    credit = AgingBalance.from_amounts(
        as_of="2025-06-30", currency="EUR", not_due=-50, past_due=[0, 0, 0, 0]
    )
    assert "-50.00 EUR" in check_html(aging_html(credit))


def test_aging_html_of_several_currencies() -> None:
    claims_ = [evil_claim(), evil_claim(id="U", amount=Money("10", "USD"))]
    result = aging(claims_, as_of="2025-06-30")
    assert isinstance(result, dict)
    text = check_html(aging_html(result))
    assert "(EUR)" in text
    assert "(USD)" in text


def test_profile_html_segment_score_contributions_metrics_reasons(
    profiles: dict[str, DebtorProfile],
) -> None:
    profile = profiles["D0007"]
    page = profile._repr_html_()
    text = check_html(page)
    assert profile.segment.value.replace("_", " ") in text
    assert f"{profile.score} / 100" in text
    assert profile.rule in text
    for contribution in profile.contributions:
        assert contribution.name in text
        assert contribution.metric in text
    for reason in profile.reasons:
        assert reason.message in text
    assert "Paid on time" in text
    assert "All metrics" in text
    assert "60.0 %" in text  # late share 0.6 / on-time share shown in percent
    for field in attrs.fields(ProfileMetrics):
        assert field.name in text
    table_text = check_html(profiles_html(profiles))
    assert all(debtor in table_text for debtor in profiles)


def test_kpi_and_trend_html(trend: tuple[MonthlyKpis, ...]) -> None:
    month = trend[-1]
    assert month._repr_html_() == kpis_html(month)
    text = check_html(kpis_html(month))
    assert f"KPIs of {month.month}" in text
    assert "Countback DSO (days)" in text
    assert f"{month.receivables.round().amount:,f} EUR" in text
    assert month.dso is not None
    assert f"{month.dso.quantize(Decimal('0.1')):,f}" in text
    page = trend_html(trend)
    text = check_html(page)
    assert all(m.month in text for m in trend)
    assert page.count("<tr>") == len(trend) + 1
    assert check_html(trend_html([])).count("Month") == 1


def test_prescription_html_deadline_basis_interruptions() -> None:
    claim = Claim(
        id="F-1",
        creditor=ACME,
        debtor=Debtor(id="D", name="Martin SARL", kind="professional"),
        nature="commercial",
        amount="1000",
        issued_on="2020-02-14",
        due_on="2020-03-15",
        events=[FormalNotice(on="2020-06-01"), Acknowledgment(on="2021-09-10")],
    )
    # worked example of recouvrement.prescription's docstring (C. com. L110-4, C. civ. 2240)
    p = prescription_deadline(claim, as_of="2024-01-01")
    text = check_html(p._repr_html_())
    assert "2026-09-10" in text
    assert f"{p.days_left} days left" in text
    assert "C. com. L110-4 I" in text
    assert "5 years" in text
    assert "Interruptions and suspensions" in text
    assert "acknowledgment" in text
    assert "C. civ. 2240" in text
    barred = check_html(prescription_html(prescription_deadline(claim, as_of="2027-01-01")))
    assert "time-barred since 2026-09-11" in barred


def test_debtor_action_html_lists_each_claim(sample: Any) -> None:
    grouped = debtor_actions(sample.claims, as_of=sample.as_of)
    acting = next(g for g in grouped if g.claim_ids)
    text = check_html(acting._repr_html_())
    assert acting.action.value.replace("_", " ") in text
    assert all(cid in text for cid in acting.claim_ids)
    assert all(d.claim_id in text for d in acting.decisions)


def test_html_is_deterministic(decisions: tuple[Decision, ...]) -> None:
    first = decisions_html(decisions)
    again = decisions_html(tuple(attrs.evolve(d) for d in decisions))
    assert first == again
    assert first.count("<tr>") == len(decisions) + 1
    check_html(first)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(claim=claims(max_events=3), day=st.integers(0, 1500))
def test_any_decision_renders_balanced_and_frames_exactly(claim: Claim, day: int) -> None:
    as_of = claim.issued_on.add(days=day)
    decision = next_action(claim, as_of=as_of)
    text = check_html(decision_html(decision))
    assert claim.id in text
    for reason in decision.reasons:
        assert reason.message in text
    frame = decision.to_frame()
    assert frame.height == 1
    row = frame.row(0, named=True)
    assert row["claim_id"] == claim.id
    assert row["action"] == decision.action.value
    if decision.amounts is None:
        assert row["total"] is None
    else:
        assert row["total"] == decision.amounts.total.amount
        assert row["interest"] == decision.amounts.interest.amount


@settings(max_examples=60, deadline=None)
@given(message=st.text(min_size=1).filter(lambda s: s.strip()))
def test_any_text_is_shown_as_is(message: str) -> None:
    text = check_html(reasons_html([Reason("code", message)]))
    assert message.replace("\r\n", "\n").replace("\r", "\n") in text.replace("\r", "\n")


# -- frames -------------------------------------------------------------------------------


def test_decisions_to_frame_equals_the_decisions(decisions: tuple[Decision, ...]) -> None:
    frame = decisions_to_frame(decisions)
    assert frame.height == len(decisions)
    assert frame.schema["total"] == pl.Decimal(38, 2)
    assert frame.schema["on"] == pl.Date
    assert frame.schema["reasons"] == pl.List(pl.String)
    for row, d in zip(frame.iter_rows(named=True), decisions, strict=True):
        assert row["claim_id"] == d.claim_id
        assert row["action"] == d.action.value
        assert row["on"] == d.on
        assert row["as_of"] == d.as_of
        assert row["due_now"] == d.due_now
        assert row["step"] == d.step
        assert row["channel"] == (None if d.channel is None else d.channel.value)
        assert row["deadline"] == d.deadline
        assert row["reasons"] == [str(r) for r in d.reasons]
        if d.amounts is None:
            assert row["total"] is None
            assert row["currency"] is None
        else:
            assert row["currency"] == d.amounts.total.currency
            for name in ("principal", "interest", "indemnity", "penalty", "total"):
                assert row[name] == getattr(d.amounts, name).amount
    empty = decisions_to_frame([])
    assert empty.height == 0
    assert empty.schema == decisions_to_frame(decisions[:1]).schema


def test_debtor_actions_to_frame(sample: Any) -> None:
    grouped = debtor_actions(sample.claims, as_of=sample.as_of)
    frame = debtor_actions_to_frame(grouped)
    assert frame.height == len(grouped)
    for row, g in zip(frame.iter_rows(named=True), grouped, strict=True):
        assert row["debtor_id"] == g.debtor_id
        assert row["action"] == g.action.value
        assert row["claim_ids"] == list(g.claim_ids)
        assert row["total"] == (None if g.total is None else g.total.amount)
    assert grouped[0].to_frame().height == len(grouped[0].decisions)


def test_aging_to_frame_equals_the_balance(sample: Any) -> None:
    balance = Portfolio(sample.claims).aging(as_of=sample.as_of, bounds=(15, 45))
    frame = balance.to_frame()
    assert frame.get_column("bucket").to_list() == ["not_due", "1-15", "16-45", ">45"]
    assert frame.get_column("days_from").to_list() == [None, 1, 16, 46]
    assert frame.get_column("days_to").to_list() == [None, 15, 45, None]
    amounts = frame.get_column("amount").to_list()
    assert amounts == [balance.not_due.amount, *(m.amount for _, m in balance.buckets)]
    assert sum(amounts) == balance.total.amount
    shares = frame.get_column("share").to_list()
    assert abs(sum(shares) - 1) <= Decimal("0.0005")
    assert frame.schema["amount"] == pl.Decimal(38, 2)


def test_aging_to_frame_of_several_currencies() -> None:
    result = aging(
        [evil_claim(), evil_claim(id="U", amount=Money("10", "JPY"))], as_of="2025-06-30"
    )
    assert isinstance(result, dict)
    frame = aging_to_frame(result)
    assert frame.height == 10
    assert frame.get_column("currency").unique(maintain_order=True).to_list() == ["EUR", "JPY"]


@settings(max_examples=50, deadline=None)
@given(
    not_due=decimals(places=6),
    past_due=st.lists(decimals(places=3), min_size=4, max_size=4),
)
def test_aging_frame_and_html_for_any_amounts(not_due: Decimal, past_due: list[Decimal]) -> None:
    balance = AgingBalance.from_amounts(
        as_of="2025-06-30", currency="EUR", not_due=not_due, past_due=past_due
    )
    frame = aging_to_frame(balance)
    assert frame.get_column("amount").to_list() == [not_due, *past_due]  # exact
    check_html(aging_html(balance))


def test_trend_to_frame_equals_the_trend(trend: tuple[MonthlyKpis, ...]) -> None:
    frame = trend_to_frame(trend)
    assert frame.height == len(trend)
    fields = [f.name for f in attrs.fields(MonthlyKpis)]
    assert frame.columns == ["month", "as_of", "currency", *fields[2:]]
    for row, month in zip(frame.iter_rows(named=True), trend, strict=True):
        for name in fields:
            value = getattr(month, name)
            expected = value.amount if isinstance(value, Money) else value
            assert row[name] == expected, name
        assert row["currency"] == month.sales.currency
    assert trend[0].to_frame().row(0) == frame.row(0)


def test_profiles_to_frame_equals_the_metrics(profiles: dict[str, DebtorProfile]) -> None:
    frame = profiles_to_frame(profiles)
    assert frame.height == len(profiles)
    assert frame.schema["claims_issued"] == pl.Int64
    assert frame.schema["insolvency_open"] == pl.Boolean
    assert frame.schema["window_start"] == pl.Date
    for row, profile in zip(frame.iter_rows(named=True), profiles.values(), strict=True):
        assert row["debtor_id"] == profile.debtor_id
        assert row["score"] == profile.score
        assert row["segment"] == profile.segment.value
        for field in attrs.fields(ProfileMetrics):
            value = getattr(profile.metrics, field.name)
            expected = value.amount if isinstance(value, Money) else value
            assert row[field.name] == expected, field.name
    one = profiles["D0007"]
    assert one.to_frame().row(0) == frame.filter(pl.col("debtor_id") == "D0007").row(0)


def test_contributions_to_frame(profiles: dict[str, DebtorProfile]) -> None:
    profile = profiles["D0008"]
    frame = contributions_to_frame(profile)
    assert frame.height == len(profile.contributions)
    for row, c in zip(frame.iter_rows(named=True), profile.contributions, strict=True):
        assert row["name"] == c.name
        assert row["points"] == c.points
        assert row["cap"] == c.cap
        assert row["value"] == (None if c.value is None else str(c.value))
    assert profile.to_frame("contributions").equals(frame)
    with pytest.raises(InvalidValue):
        profile.to_frame("everything")  # type: ignore[arg-type]


def test_never_floats_unless_asked(decisions: tuple[Decision, ...], trend: Any) -> None:
    frames = [decisions_to_frame(decisions), trend_to_frame(trend)]
    for frame in frames:
        assert not any(dtype.is_float() for dtype in frame.schema.values())
    floated = trend_to_frame(trend, floats=True)
    assert floated.schema["dso"] == pl.Float64
    assert floated.schema["receivables"] == pl.Float64


def test_to_frame_checks_its_input() -> None:
    with pytest.raises(InvalidValue):
        to_frame({"a": [1], "b": [1, 2]})
    with pytest.raises(InvalidValue):
        to_frame({"a": [1]}, kinds={"a": "complex"})
    with pytest.raises(InvalidType):
        to_frame({"a": [1.5]}, kinds={"a": "decimal"})
    with pytest.raises(InvalidType):
        to_frame({"a": [1]}, floats="yes")  # type: ignore[arg-type]
    with pytest.raises(InvalidType):
        decisions_to_frame(["not a decision"])  # type: ignore[list-item]
    with pytest.raises(InvalidType):
        decisions_to_frame("F-1")  # type: ignore[arg-type]
    with pytest.raises(InvalidType):
        profiles_to_frame([1])  # type: ignore[list-item]
    with pytest.raises(InvalidType):
        aging_to_frame([1])  # type: ignore[arg-type]
    with pytest.raises(InvalidType):
        trend_to_frame([1])  # type: ignore[list-item]


def test_a_value_too_long_for_38_digits_is_rounded_to_fit() -> None:
    big = Decimal("1234567890123.25")
    tiny = Decimal("0.0000000000000000000000000001234")
    frame = to_frame({"x": [big, tiny]})
    scale = frame.schema["x"].scale  # type: ignore[attr-defined]
    assert scale == 38 - 13
    assert frame.get_column("x").to_list()[0] == big


@pytest.fixture
def no_polars(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "polars", None)


@pytest.mark.usefixtures("no_polars")
def test_missing_polars_raises_missing_dependency(
    decisions: tuple[Decision, ...], trend: Any, profiles: dict[str, DebtorProfile]
) -> None:
    calls: list[Callable[[], object]] = [
        lambda: decisions_to_frame(decisions),
        lambda: decisions[0].to_frame(),
        lambda: trend_to_frame(trend),
        lambda: trend[0].to_frame(),
        lambda: profiles["D0007"].to_frame(),
        lambda: aging([sample_claim()], as_of="2025-06-30").to_frame(),  # type: ignore[union-attr]
        lambda: to_frame({"a": [1]}),
    ]
    for call in calls:
        with pytest.raises(MissingDependency) as caught:
            call()
        assert caught.value.extra == "frames"
        assert isinstance(caught.value, ImportError)
    # HTML needs no optional dependency
    check_html(decisions_html(decisions))


def test_payment_dates_and_pendulum_dates_become_plain_dates() -> None:
    claim = evil_claim(payments=[Payment(on="2025-02-14", amount="1200.00")])  # on time
    frame = next_action(claim, as_of="2025-06-30").to_frame()
    assert frame.item(0, "action") == Action.CLOSE.value
    assert frame.item(0, "as_of") == pendulum.Date(2025, 6, 30)
    assert type(frame.item(0, "as_of")).__name__ == "date"


def test_an_empty_trend_has_the_columns_of_any_trend(trend: tuple[MonthlyKpis, ...]) -> None:
    assert trend_to_frame([]).columns == trend_to_frame(trend).columns


def test_display_imports_no_domain_module() -> None:
    from pathlib import Path

    import recouvrement.display as display

    folder = Path(display.__file__).parent
    allowed = ("..errors", "..explain", "..money", "._frames", "._html")
    for source in folder.glob("*.py"):
        for line in source.read_text("utf-8").splitlines():
            text = line.strip()
            if text.startswith("from .") and not line.startswith("    "):
                assert text.split()[1] in allowed, (source.name, text)
