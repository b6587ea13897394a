"""Tests of Portfolio: KPIs derived from a ledger of claims (recouvrement.kpi.portfolio)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recouvrement.claims import Claim, ClaimNature, CreditNote, Payment
from recouvrement.errors import CurrencyMismatch, InvalidValue
from recouvrement.events import AgencyHandover, Cancellation, Event, RecoveryCost, WriteOff
from recouvrement.kpi import figures
from recouvrement.kpi.portfolio import Portfolio, kpi_window
from recouvrement.money import Money
from recouvrement.parties import Creditor, Debtor

ACME = Creditor(id="C1", name="Acme SAS", kind="professional")
OTHER = Creditor(id="C2", name="Beta SA", kind="professional")
BASE = pendulum.Date(2024, 1, 1)


def debtor(name: str) -> Debtor:
    return Debtor(id=name, name=name, kind="professional")


def ledger() -> list[Claim]:
    """Three claims of the first quarter of 2025, plus recovery and a write-off later."""
    return [
        Claim(
            id="C1",
            creditor=ACME,
            debtor=debtor("D1"),
            nature="commercial",
            amount="1200",
            issued_on="2025-01-10",
            due_on="2025-02-09",
            payments=[Payment(on="2025-02-20", amount="1200")],
        ),
        Claim(
            id="C2",
            creditor=ACME,
            debtor=debtor("D2"),
            nature="commercial",
            amount="600",
            issued_on="2025-02-15",
            due_on="2025-03-17",
            payments=[Payment(on="2025-04-30", amount="300")],
            events=[
                AgencyHandover(on="2025-04-10", fee_rate=20),
                RecoveryCost(on="2025-04-15", amount=Money("50")),
            ],
        ),
        Claim(
            id="C3",
            creditor=OTHER,
            debtor=debtor("D2"),
            nature="consumer",
            amount="300",
            issued_on="2025-03-05",
            due_on="2025-04-04",
            credit_notes=[CreditNote(on="2025-03-20", amount="100")],
            events=[WriteOff(on="2025-05-15")],
        ),
    ]


def test_balances_and_sales_by_hand() -> None:
    book = Portfolio(ledger())
    assert book.receivables(as_of="2025-03-31") == Money(800)
    assert book.current_receivables(as_of="2025-03-31") == Money(200)
    assert book.past_due_receivables(as_of="2025-03-31") == Money(600)
    assert book.sales(start="2025-01-01", end="2025-03-31") == Money(2000)
    assert book.monthly_sales(through="2025-03", months=3) == (
        ("2025-03", Money(200)),
        ("2025-02", Money(600)),
        ("2025-01", Money(1200)),
    )
    # The write-off takes C3 off the ledger from its date.
    assert book.receivables(as_of="2025-05-14") == Money(500)
    assert book.receivables(as_of="2025-05-15") == Money(300)


def test_dso_family_by_hand() -> None:
    book = Portfolio(ledger())
    # Q1 2025 (months=3 on 31 March: 90 days): 800 / 2,000 x 90.
    assert book.dso(as_of="2025-03-31", months=3) == 36
    assert book.dso(as_of="2025-03-31", days=90) == 36
    assert book.best_possible_dso(as_of="2025-03-31", months=3) == 9
    assert book.average_days_delinquent(as_of="2025-03-31", months=3) == 27
    # Countback: March sales 200 (31 days), February 600 exactly exhausts the rest (28 days).
    assert book.dso_countback(as_of="2025-03-31") == 59
    assert book.dso_countback(as_of="2025-03-31", month_days=30) == 60
    with pytest.raises(InvalidValue):
        book.dso(as_of="2025-03-31")
    with pytest.raises(InvalidValue):
        book.dso(as_of="2025-03-31", days=30, months=1)


def test_countback_mid_month_and_empty_months() -> None:
    book = Portfolio(ledger()[1:2])  # only C2: 600 issued on 15 February
    # 15 days of April (no sales), March (no sales, 31 days), then February's 600 exactly.
    assert book.dso_countback(as_of="2025-04-15") == 15 + 31 + 28
    # A ledger's receivables never exceed its cumulated net sales, so its history
    # cannot run out; an empty book has nothing to explain.
    assert Portfolio([]).dso_countback(as_of="2025-04-15") == 0


def test_month_window_at_month_end_and_mid_month() -> None:
    book = Portfolio(ledger())
    # 28 February, months=1: the whole of February (28 days), sales 600, receivables 600.
    assert book.dso(as_of="2025-02-28", months=1) == 28
    # 15 March, months=1: 16 February to 15 March (28 days), sales 300, receivables 900.
    assert book.dso(as_of="2025-03-15", months=1) == Decimal(900) * 28 / 300


def test_kpi_window_by_hand() -> None:
    # CRF convention (kpi-conventions.md): a DSO "over three months" on 31 March uses the
    # sales of January to March; mid-month windows run from the day after the same day.
    assert kpi_window(as_of="2025-03-31", months=3) == (
        pendulum.Date(2025, 1, 1),
        pendulum.Date(2025, 3, 31),
    )
    assert kpi_window(as_of="2025-02-28", months=1) == (
        pendulum.Date(2025, 2, 1),
        pendulum.Date(2025, 2, 28),
    )
    assert kpi_window(as_of="2025-03-15", months=1) == (
        pendulum.Date(2025, 2, 16),
        pendulum.Date(2025, 3, 15),
    )
    # 30 March 2024 is not a month end: one month back is 29 February (leap year), plus a day.
    assert kpi_window(as_of="2024-03-30", months=1)[0] == pendulum.Date(2024, 3, 1)
    assert kpi_window(as_of=dt.date(2025, 3, 15), days=90) == (
        pendulum.Date(2024, 12, 16),
        pendulum.Date(2025, 3, 15),
    )
    with pytest.raises(InvalidValue, match="exactly one"):
        kpi_window(as_of="2025-03-15")
    with pytest.raises(InvalidValue, match="exactly one"):
        kpi_window(as_of="2025-03-15", days=30, months=1)
    with pytest.raises(InvalidValue, match="positive"):
        kpi_window(as_of="2025-03-15", months=0)


def test_cei_by_hand() -> None:
    book = Portfolio(ledger())
    assert book.cei(start="2025-02-01", end="2025-02-28") == 100
    assert book.cei(start="2025-03-01", end="2025-03-31") == 0


def test_days_by_hand() -> None:
    book = Portfolio(ledger())
    # C1: 1,200 paid 41 days after the invoice, 11 days after the due date.
    assert book.weighted_days_to_pay(start="2025-01-01", end="2025-03-31") == 41
    assert book.weighted_days_late(start="2025-01-01", end="2025-03-31") == 11
    assert book.weighted_days_to_pay(start="2025-01-01", end="2025-01-31") is None
    assert book.average_days_past_due(as_of="2025-03-31") == 14


def test_recovery_from_events() -> None:
    book = Portfolio(ledger())
    # C2 placed with an agency on 10 April with 600 owed; 300 collected on 30 April.
    assert book.recovery_rate(as_of="2025-04-20") == 0
    assert book.recovery_rate(as_of="2025-04-30") == 50
    assert book.recovery_rate(as_of="2025-04-30", since="2025-05-01") is None
    # Costs in April: 50 of fees plus the agency's 20 % of 300 = 110, for 300 collected.
    assert book.cost_of_recovery(start="2025-04-01", end="2025-04-30") == Decimal(11_000) / 300
    assert book.cost_of_recovery(start="2025-01-01", end="2025-03-31") is None


def test_aging_and_trend() -> None:
    book = Portfolio(ledger())
    balance = book.aging(as_of="2025-03-31")
    assert balance.not_due == Money(200)
    assert balance.bucket("1-30") == Money(600)
    assert balance.total == book.receivables(as_of="2025-03-31")
    rows = book.trend(start="2025-01", end="2025-04")
    assert [r.month for r in rows] == ["2025-01", "2025-02", "2025-03", "2025-04"]
    march = rows[2]
    assert march.as_of == pendulum.Date(2025, 3, 31)
    assert march.receivables == Money(800)
    assert march.dso == Decimal(800) * 31 / 200
    assert march.dso_countback == 59
    assert march.cei == 0
    assert rows[0].dso_countback is None or rows[0].dso_countback >= 0
    assert rows[3].recovery_rate == 50


def test_group_by() -> None:
    book = Portfolio(ledger())
    assert {k: len(v) for k, v in book.group_by("debtor").items()} == {"D1": 1, "D2": 2}
    assert {k: len(v) for k, v in book.group_by("creditor").items()} == {"C1": 2, "C2": 1}
    by_nature = book.group_by("nature")
    assert set(by_nature) == {ClaimNature.COMMERCIAL, ClaimNature.CONSUMER}
    segments = book.group_by({"D1": "punctual"})
    assert {k: len(v) for k, v in segments.items()} == {"punctual": 1, None: 2}
    assert set(book.group_by(lambda c: c.amount.amount > 500)) == {True, False}
    with pytest.raises(InvalidValue):
        book.group_by("colour")


def test_several_currencies_need_grouping() -> None:
    usd = Claim(
        id="U1",
        creditor=ACME,
        debtor=debtor("D9"),
        nature="commercial",
        amount=Money("10", "USD"),
        issued_on="2025-01-01",
    )
    book = Portfolio([*ledger(), usd])
    with pytest.raises(CurrencyMismatch):
        book.receivables(as_of="2025-03-31")
    groups = book.group_by("currency")
    assert groups["USD"].receivables(as_of="2025-03-31") == Money("10", "USD")
    assert Portfolio([]).receivables(as_of="2025-01-01") == Money(0)


# -- generated ledgers (shared with test_frames) --------------------------------------------

DEBTORS = [debtor(f"D{i}") for i in range(4)]


@st.composite
def ledger_claims(draw: st.DrawFn, *, currency: str = "EUR", index: int = 0) -> Claim:
    """A claim issued in 2024-2025 with payments, credit notes and recovery events."""
    issued = BASE.add(days=draw(st.integers(0, 600)))
    cents = draw(st.integers(1, 5_000_000))
    amount = Money(Decimal(cents) / 100, currency)

    def later(span: int = 400) -> pendulum.Date:
        return issued.add(days=draw(st.integers(0, span)))

    def some(limit: int) -> Money:
        return Money(Decimal(draw(st.integers(1, limit))) / 100, currency)

    payments = [Payment(on=later(), amount=some(cents)) for _ in range(draw(st.integers(0, 3)))]
    credits = [CreditNote(on=later(), amount=some(cents)) for _ in range(draw(st.integers(0, 1)))]
    events: list[Event] = []
    if draw(st.booleans()):
        fee = draw(st.none() | st.integers(0, 40).map(Decimal))
        events.append(AgencyHandover(on=later(300), fee_rate=fee))
    if draw(st.booleans()):
        events.append(RecoveryCost(on=later(300), amount=some(50_000)))
    if draw(st.integers(0, 5)) == 0:
        day = later(500)
        events.append(WriteOff(on=day) if draw(st.booleans()) else Cancellation(on=day))
    return Claim(
        id=f"X{index}-{draw(st.integers(0, 10**6))}",
        creditor=ACME,
        debtor=draw(st.sampled_from(DEBTORS)),
        nature=draw(st.sampled_from([ClaimNature.COMMERCIAL, ClaimNature.CONSUMER])),
        amount=amount,
        issued_on=issued,
        due_on=later(90),
        payments=payments,
        credit_notes=credits,
        events=events,
    )


def ledgers(max_size: int = 12) -> st.SearchStrategy[list[Claim]]:
    return st.lists(ledger_claims(), max_size=max_size)


dates_2024_2025 = st.integers(0, 760).map(lambda n: BASE.add(days=n))


@settings(max_examples=60, deadline=None)
@given(ledgers(), dates_2024_2025, st.sampled_from([30, 90, 365]))
def test_kpis_do_not_depend_on_claim_order(
    claims: list[Claim], as_of: pendulum.Date, days: int
) -> None:
    forward, backward = Portfolio(claims), Portfolio(list(reversed(claims)))
    assert forward.receivables(as_of=as_of) == backward.receivables(as_of=as_of)
    assert forward.dso(as_of=as_of, days=days) == backward.dso(as_of=as_of, days=days)
    start = as_of.subtract(days=days)
    assert forward.cei(start=start, end=as_of) == backward.cei(start=start, end=as_of)
    assert forward.weighted_days_to_pay(start=start, end=as_of) == backward.weighted_days_to_pay(
        start=start, end=as_of
    )
    assert forward.recovery_rate(as_of=as_of) == backward.recovery_rate(as_of=as_of)
    assert forward.aging(as_of=as_of) == backward.aging(as_of=as_of)


@settings(max_examples=60, deadline=None)
@given(ledgers(), dates_2024_2025)
def test_ledger_identities(claims: list[Claim], as_of: pendulum.Date) -> None:
    book = Portfolio(claims)
    total = book.receivables(as_of=as_of)
    current = book.current_receivables(as_of=as_of)
    assert book.aging(as_of=as_of).total == total
    assert book.aging(as_of=as_of).not_due == current
    dso = book.dso(as_of=as_of, months=3)
    bpdso = book.best_possible_dso(as_of=as_of, months=3)
    add = book.average_days_delinquent(as_of=as_of, months=3)
    if dso is not None and bpdso is not None:
        assert add == dso - bpdso
    # The countback never exceeds the days of history back to the ledger's first month.
    countback = book.dso_countback(as_of=as_of)
    assert 0 <= countback <= as_of.toordinal() - dt.date(2024, 1, 1).toordinal() + 1
    if total.amount <= 0:
        assert countback == 0


@settings(max_examples=60, deadline=None)
@given(ledgers(), dates_2024_2025, st.integers(1, 24))
def test_kpi_window_is_the_dso_window(
    claims: list[Claim], as_of: pendulum.Date, months: int
) -> None:
    """The public window is the one the DSO uses: DSO = receivables / window sales x days."""
    start, end = kpi_window(as_of=as_of, months=months)
    assert end == as_of
    assert start <= end
    book = Portfolio(claims)
    sales = book.sales(start=start, end=end).amount
    receivables = book.receivables(as_of=as_of).amount
    expected = figures.dso(receivables, sales, days=(end - start).days + 1)
    assert book.dso(as_of=as_of, months=months) == expected
