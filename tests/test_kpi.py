"""Tests of the plain-number KPI figures (recouvrement.kpi.figures).

Worked cases come from the published sources named in each test; the conventions where
sources disagree are those of the project's KPI reference (kpi-conventions).
"""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recouvrement.errors import CurrencyMismatch, InsufficientHistory, InvalidType, InvalidValue
from recouvrement.kpi.figures import (
    PAID,
    WRITTEN_OFF,
    average_days_delinquent,
    average_days_past_due,
    best_possible_dso,
    cei,
    cohort_loss_rates,
    compensating_revenue,
    cost_of_recovery,
    cost_per_recovered_file,
    doubtful_debt_provision,
    dso,
    dso_countback,
    net_recovery,
    provision_matrix,
    recovery_rate,
    roll_rates,
    transition_matrix,
    unpaid_rate,
    weighted_average_days_late,
    weighted_average_days_to_pay,
)
from recouvrement.money import Money

amounts = st.integers(min_value=0, max_value=10**9).map(lambda c: Decimal(c) / 100)


def rnd(value: Decimal | None, places: int) -> Decimal:
    assert value is not None
    return round(value, places)


positive = st.integers(min_value=1, max_value=10**9).map(lambda c: Decimal(c) / 100)


# -- inputs ---------------------------------------------------------------------------------


def test_inputs_accept_decimal_int_str_and_money() -> None:
    assert dso(Decimal("20000"), "45000", days=90) == 40
    assert dso(Money("20000"), Money("45000"), days=90) == 40
    assert dso(Money("20000", "USD"), 45_000, days=90) == 40


def test_mixing_currencies_raises() -> None:
    with pytest.raises(CurrencyMismatch):
        dso(Money("20000", "EUR"), Money("45000", "USD"), days=90)
    with pytest.raises(CurrencyMismatch):
        weighted_average_days_to_pay([(Money(1), 3), (Money(2, "GBP"), 4)])


def test_floats_are_refused() -> None:
    with pytest.raises(InvalidType) as excinfo:
        dso(20000.0, 45000, days=90)  # type: ignore[arg-type]
    assert excinfo.value.field == "receivables"
    with pytest.raises(InvalidType):
        net_recovery(100, fee_rate=7.5)  # type: ignore[arg-type]


def test_days_must_be_a_positive_int() -> None:
    with pytest.raises(InvalidValue):
        dso(1, 2, days=0)
    with pytest.raises(InvalidType):
        dso(1, 2, days="30")  # type: ignore[arg-type]


# -- simple DSO, BPDSO, ADD -----------------------------------------------------------------


def test_dso_financefactory_quarter() -> None:
    # financefactory.fr, "Comprendre ce qu'est un DSO": 20 000 € of receivables on 45 000 €
    # TTC of sales over 90 days -> 40 days.
    assert dso(20_000, 45_000, days=90) == 40


def test_dso_finance_technique_annual_ttc() -> None:
    # finance-technique.com, "Que dissimule le DSO ?": receivables 472 K€, sales HT 2 400 K€
    # plus 470.4 K€ of VAT (TTC basis on both sides), 365 days -> 60 days.
    assert rnd(dso(472, Decimal("2400") + Decimal("470.4"), days=365), 0) == 60


def test_dso_mesha_annual() -> None:
    # trymesha.com, "The 2 DSO calculation formulas": 150,000 / 1,800,000 x 365 = 30.4.
    assert rnd(dso(150_000, 1_800_000, days=365), 1) == Decimal("30.4")


def test_dso_undefined_cases() -> None:
    assert dso(100, 0, days=30) is None
    assert dso(100, -5, days=30) is None
    assert dso(-1, 100, days=30) is None
    assert dso(0, 100, days=30) == 0


def test_bpdso_and_add_hackett() -> None:
    # The Hackett Group, "Using DSO to measure receivables, part 2": September DSO 160,
    # BPDSO 32, gap 128 days. Rebuilt on 30-day figures: sales 3,000, receivables 16,000,
    # current receivables 3,200.
    assert dso(16_000, 3_000, days=30) == 160
    assert best_possible_dso(3_200, 3_000, days=30) == 32
    assert average_days_delinquent(16_000, 3_200, 3_000, days=30) == 128


def test_add_calculatoratoz() -> None:
    # calculatoratoz.com, Average Days Delinquent: DSO 7 - BPDSO 3 = 4 days (monthly sales
    # 3,000 over 30 days: receivables 700, current 300).
    assert average_days_delinquent(700, 300, 3_000, days=30) == 4


def test_add_undefined_when_either_dso_is() -> None:
    assert average_days_delinquent(100, 50, 0, days=30) is None
    assert average_days_delinquent(100, -50, 1_000, days=30) is None


@settings(max_examples=200)
@given(amounts, amounts, positive, st.sampled_from([30, 90, 91, 365]))
def test_add_is_dso_minus_bpdso(
    total: Decimal, current: Decimal, sales: Decimal, days: int
) -> None:
    add = average_days_delinquent(total, current, sales, days=days)
    d = dso(total, sales, days=days)
    b = best_possible_dso(current, sales, days=days)
    assert d is not None
    assert b is not None
    assert add is not None
    assert add == d - b
    # ... and equals past-due receivables / sales x days, up to Decimal precision.
    assert abs(add - (total - current) * days / sales) <= Decimal("1e-18") * (1 + abs(add))


# -- countback ------------------------------------------------------------------------------


def test_countback_divalto_calendar_days() -> None:
    # Divalto documentation, "DSO par roll back": receivables 2,500 at 30 November;
    # November sales 1,200 (30 days), October sales 800 (31 days, leaving 500 at
    # 30 September), September sales 700 (30 days): 30 + 31 + 500/700 x 30 = 82.4 days.
    result = dso_countback(2_500, [("2024-11", 1_200), ("2024-10", 800), ("2024-09", 700)])
    assert round(result, 1) == Decimal("82.4")
    assert result == 61 + Decimal(500) * 30 / 700


def test_countback_benji_fixed_30_days() -> None:
    # Benji Pays support, "Mastering DSO calculation: the count-back method" (also
    # trymesha.com): receivables 212,000; month 3 sales 100,000, month 2 80,000, month 1
    # 70,000; 30-day months: 60 + 32/70 x 30 = 73.7 days.
    months = [("2024-03", 100_000), ("2024-02", 80_000), ("2024-01", 70_000)]
    result = dso_countback(212_000, months, month_days=30)
    assert round(result, 1) == Decimal("73.7")
    # With calendar days (the default) the same data gives 31 + 29 + 32/70 x 31.
    assert dso_countback(212_000, months) == 60 + Decimal(32_000) * 31 / 70_000


def test_countback_accepts_dates_in_the_month() -> None:
    months = [(dt.date(2024, 11, 30), 1_200), ("2024-10-01", 800), ("2024-09", 700)]
    assert round(dso_countback(Money("2500"), months), 1) == Decimal("82.4")


def test_countback_exact_whole_months() -> None:
    assert dso_countback(2_000, [("2024-11", 1_200), ("2024-10", 800)]) == 61


def test_countback_zero_or_negative_months_add_their_days() -> None:
    months = [("2024-11", 0), ("2024-10", -300), ("2024-09", 1_000)]
    assert dso_countback(500, months) == 30 + 31 + Decimal(500) * 30 / 1_000


def test_countback_nonpositive_receivables() -> None:
    assert dso_countback(0, []) == 0
    assert dso_countback(-10, [("2024-11", 5)]) == 0


def test_countback_insufficient_history_says_days_counted() -> None:
    with pytest.raises(InsufficientHistory) as excinfo:
        dso_countback(5_000, [("2024-11", 1_200), ("2024-10", 800)])
    assert excinfo.value.days_counted == 61
    assert "61" in str(excinfo.value)


def test_countback_months_must_be_consecutive_newest_first() -> None:
    with pytest.raises(InvalidValue):
        dso_countback(2_500, [("2024-10", 800), ("2024-11", 1_200)])
    with pytest.raises(InvalidValue):
        dso_countback(2_500, [("2024-11", 800), ("2024-09", 1_200)])
    with pytest.raises(InvalidValue):
        dso_countback(2_500, [("2024-13", 800)])
    with pytest.raises(InvalidValue):
        dso_countback(1, [("2024-11", 1)], month_days="fixed")  # type: ignore[arg-type]


def test_countback_across_new_year() -> None:
    assert dso_countback(150, [("2025-01", 100), ("2024-12", 100)]) == 31 + Decimal(31) / 2


@settings(max_examples=200)
@given(
    amounts,
    st.lists(st.integers(min_value=-1_000, max_value=100_000), min_size=1, max_size=14),
    st.sampled_from(["calendar", 30]),
)
def test_countback_never_exceeds_the_days_of_history(
    receivables: Decimal, sales: list[int], month_days: str | int
) -> None:
    months = []
    year, month = 2025, 6
    for amount in sales:
        months.append((f"{year:04d}-{month:02d}", amount))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    lengths = [
        30 if month_days == 30 else calendar.monthrange(int(m[:4]), int(m[5:]))[1]
        for m, _ in months
    ]
    if receivables > sum(max(s, 0) for s in sales):
        with pytest.raises(InsufficientHistory) as excinfo:
            dso_countback(receivables, months, month_days=month_days)  # type: ignore[arg-type]
        assert excinfo.value.days_counted == sum(lengths)
        return
    result = dso_countback(receivables, months, month_days=month_days)  # type: ignore[arg-type]
    assert 0 <= result <= sum(lengths)
    # It never exceeds the days of the months it actually used either.
    used, remainder = 0, receivables
    for length, amount in zip(lengths, sales, strict=True):
        if remainder <= 0:
            break
        used += length
        if amount > 0:
            remainder -= amount
    assert result <= used


# -- CEI ------------------------------------------------------------------------------------


def test_cei_creditguru_both_conventions() -> None:
    # CreditGuru, "Collection Effectiveness Index (CEI)": sample ATB January to March,
    # credit sales 10,890, beginning receivables 6,200, ending 6,340, ending current 3,590.
    # With N = 3 (monthly CRF form) CEI = 55.9 %; the same data with the whole period's
    # sales (N = 1) gives 10,750 / 13,500 = 79.63 % (worked in the same terms by wizedu.com).
    assert rnd(cei(6_200, 10_890, 6_340, 3_590, months=3), 1) == Decimal("55.9")
    assert rnd(cei(6_200, 10_890, 6_340, 3_590), 2) == Decimal("79.63")
    assert cei(6_200, 10_890, 6_340, 3_590) == Decimal(10_750) * 100 / 13_500


def test_cei_gaviti_annual() -> None:
    # Gaviti, "What is Collection Effectiveness Index": 100,000 beginning receivables,
    # 1 million credit sales over 12 months, 120,000 ending, 100,000 current -> 98 %.
    assert cei(100_000, 1_000_000, 120_000, 100_000) == 98


def test_cei_undefined_and_unclamped() -> None:
    assert cei(0, 0, 0, 0) is None
    assert cei(100, 0, 50, 200) is None
    assert cei(100, 100, -20, 0) == 110  # prepayments: above 100, not clamped
    with pytest.raises(InvalidValue):
        cei(1, 1, 1, 1, months=0)


# -- recovery, unpaid, cost -----------------------------------------------------------------


def test_recovery_rate_recovry() -> None:
    # recovry.fr, "Taux de recouvrement : comment le calculer ?": 85,000 recovered out of
    # 100,000 to recover -> 85 %.
    assert recovery_rate(85_000, 100_000) == 85


def test_recovery_net_back_ccaa() -> None:
    # Commercial Collection Agency Association example quoted by IRG ("net back"):
    # 200,000 placed with each agency; A collects 20,000 at 15 %, B 60,000 at 25 %.
    assert recovery_rate(20_000, 200_000) == 10
    assert recovery_rate(60_000, 200_000) == 30
    assert net_recovery(20_000, fee_rate=15) == 17_000
    assert net_recovery(60_000, fee_rate=25) == 45_000
    assert cost_of_recovery(3_000, 20_000) == 15
    assert cost_of_recovery(15_000, 60_000) == 25


def test_net_recovery_other_costs_and_fee_base() -> None:
    # Fee on principal only: 1,000 collected, of which 900 principal, 10 % fee, 50 of costs.
    assert net_recovery(1_000, fee_rate=10, other_costs=50, fee_base=900) == 860
    with pytest.raises(InvalidValue):
        net_recovery(1_000, fee_rate=101)


def test_rates_undefined() -> None:
    assert recovery_rate(10, 0) is None
    assert recovery_rate(-1, 10) is None
    assert unpaid_rate(1, 0) is None
    assert cost_of_recovery(5, 0) is None
    assert cost_per_recovered_file(100, 0) is None


def test_unpaid_rate_and_cost_per_file() -> None:
    assert unpaid_rate(3_000, 200_000) == Decimal("1.5")
    assert cost_per_recovered_file(Money("1500"), 12) == 125
    with pytest.raises(InvalidValue):
        cost_per_recovered_file(1, -1)


def test_compensating_revenue_cabinet_phenix() -> None:
    # Cabinet Phénix, "Qu'est le chiffre d'affaires compensatoire ?": 1,000 € unpaid at a
    # 5 % margin rate -> 20,000 € of compensating revenue.
    assert compensating_revenue(1_000, margin_rate=5) == 20_000


def test_compensating_revenue_table() -> None:
    # "De la criticité du risque crédit client" (studylibfr): 5,000 at 15 % -> 33,333;
    # 50,000 at 25 % -> 200,000.
    assert rnd(compensating_revenue(5_000, margin_rate=15), 0) == 33_333
    assert compensating_revenue(50_000, margin_rate=25) == 200_000
    assert compensating_revenue(1_000, margin_rate=0) is None


# -- days -----------------------------------------------------------------------------------


def test_weighted_days_to_pay_worked_examples() -> None:
    # snowdaycalculatornow.com, "How to calculate weighted average days to pay":
    # 1,000 x 15 + 3,000 x 30 + 2,000 x 45 = 195,000 / 6,000 = 32.5 days.
    assert weighted_average_days_to_pay([(1_000, 15), (3_000, 30), (2_000, 45)]) == Decimal("32.5")
    # Softrak forum (Steve): 100 paid in 10 days and 1,000 in 20 days -> 19.1 days.
    assert rnd(weighted_average_days_to_pay([(100, 10), (1_000, 20)]), 1) == Decimal("19.1")
    # Microsoft Dynamics ideas portal: 10 paid in 5 days, 100 in 10 days -> 9.55 days.
    assert rnd(weighted_average_days_to_pay([(10, 5), (100, 10)]), 2) == Decimal("9.55")


def test_weighted_days_late_and_errors() -> None:
    assert weighted_average_days_late([(100, 0), (300, 20)]) == 15
    assert weighted_average_days_late([]) is None
    with pytest.raises(InvalidValue):
        weighted_average_days_late([(-1, 3)])
    with pytest.raises(InvalidType):
        weighted_average_days_late([(1, 3, 4)])  # type: ignore[list-item]


@settings(max_examples=100)
@given(st.lists(st.tuples(amounts, st.integers(min_value=0, max_value=400)), max_size=20))
def test_weighted_days_do_not_depend_on_order(items: list[tuple[Decimal, int]]) -> None:
    forward = weighted_average_days_to_pay(items)
    backward = weighted_average_days_to_pay(list(reversed(items)))
    assert forward == backward
    if forward is not None:
        assert min(d for a, d in items if a > 0) <= forward <= max(d for a, d in items if a > 0)


def test_average_days_past_due() -> None:
    # 123loadboard help centre, "What is Days-to-Pay": 5, 10 and 15 days -> 10 days.
    assert average_days_past_due([5, 10, 15]) == 10
    assert average_days_past_due([0, 10, 20, 45]) == 25
    assert average_days_past_due([0, 0]) is None
    with pytest.raises(InvalidValue):
        average_days_past_due([-1])


# -- provisions -----------------------------------------------------------------------------


def test_provision_matrix_ifrs9_illustrative_example_12() -> None:
    # IFRS 9, Illustrative Example 12 (IE74-IE77): Company M, trade receivables of
    # CU30 million; lifetime ECL allowance CU580,000.
    balances = [15_000_000, 7_500_000, 4_000_000, 2_500_000, 1_000_000]
    rates = ["0.3", "1.6", "3.6", "6.6", "10.6"]
    assert provision_matrix(balances, rates) == 580_000


def test_provision_matrix_mappings_and_errors() -> None:
    assert provision_matrix({"current": 1_000, ">90": 200}, {">90": 50, "current": 1}) == 110
    with pytest.raises(InvalidValue):
        provision_matrix([1, 2], [1])
    with pytest.raises(InvalidValue):
        provision_matrix({"a": 1}, {"b": 1})
    with pytest.raises(InvalidValue):
        provision_matrix([1], [101])


def test_cohort_loss_rates_ifrscommunity() -> None:
    # IFRScommunity.com, "IFRS 9 example: lifetime ECL for trade receivables using a
    # provision matrix": January sales of 100,000, still unpaid 50,000 / 23,000 / 8,000 /
    # 2,000 in the next buckets; loss rates 2.0 / 4.0 / 8.7 / 25.0 / 100.0 % and an
    # allowance of 27,567 on the year-end aging.
    rates = cohort_loss_rates([100_000, 50_000, 23_000, 8_000, 2_000])
    assert [round(r, 1) for r in rates if r is not None] == [
        Decimal("2.0"),
        Decimal("4.0"),
        Decimal("8.7"),
        Decimal("25.0"),
        Decimal("100.0"),
    ]
    allowance = provision_matrix([300_000, 140_000, 60_000, 23_000, 5_000], list(rates))  # type: ignore[arg-type]
    assert round(allowance, 0) == 27_567
    assert cohort_loss_rates([0, 10], never_paid=5) == (None, Decimal(50))


def test_doubtful_debt_provision_comptapprend() -> None:
    # Compt@pprend, "Les provisions pour créances douteuses": 12,000 € TTC in account 411,
    # 20 % VAT -> 10,000 € HT; 70 % risk -> provision of 7,000 €.
    assert doubtful_debt_provision(12_000, vat_rate=20, loss_probability=70) == 7_000


def test_doubtful_debt_provision_ediplome() -> None:
    # eDiplôme (OFPPT course, "Travaux comptables de fin d'exercice"): 6,000 TTC at 20 %
    # VAT, loss estimated at 20 % -> provision (6,000 / 1.20) x 20 % = 1,000.
    assert doubtful_debt_provision(Money("6000"), vat_rate=20, loss_probability=20) == 1_000
    assert round(doubtful_debt_provision(1_055, vat_rate="5.5", loss_probability=100), 2) == 1_000


# -- roll rates, transition matrix ----------------------------------------------------------


def test_roll_rates_creditguru_atb() -> None:
    # CreditGuru sample ATB (January -> February, buckets one month apart): current
    # 3,345 -> 31-60 in February 1,550; 31-60 1,795 -> 61-90 825; 61-90 1,000 -> 90+ 65.
    # Roll rates by the bucket-total definition of kpi-conventions.
    rates = roll_rates([3_345, 1_795, 1_000, 60], [3_560, 1_550, 825, 65])
    assert rates[0] == Decimal(1_550) * 100 / 3_345
    assert round(rates[1], 2) == Decimal("45.96")  # type: ignore[arg-type]
    assert rates[2] == Decimal("6.5")


def test_roll_rates_mapping_and_undefined() -> None:
    rates = roll_rates({"a": 0, "b": 100, "c": 5}, {"a": 10, "b": 20, "c": 50})
    assert rates == {"a": None, "b": 50}
    with pytest.raises(InvalidValue):
        roll_rates([1], [1])


def test_transition_matrix_hand_case() -> None:
    before = {
        "i1": ("1-30", 600),
        "i2": ("1-30", 400),
        "i3": ("31-60", 1_000),
        "i4": ("31-60", 1_000),
    }
    after = {"i1": ("31-60", 300), "i3": ("61-90", 1_000), "i4": (WRITTEN_OFF, 0)}
    matrix = transition_matrix(before, after)
    assert list(matrix) == ["1-30", "31-60"]
    row = matrix["1-30"]
    assert row is not None
    assert row == {
        "1-30": 0,
        "31-60": Decimal("0.3"),
        "61-90": 0,
        PAID: Decimal("0.7"),
        WRITTEN_OFF: 0,
    }
    assert matrix["31-60"] == {
        "1-30": 0,
        "31-60": 0,
        "61-90": Decimal("0.5"),
        PAID: 0,
        WRITTEN_OFF: Decimal("0.5"),
    }
    with pytest.raises(InvalidValue):
        transition_matrix(before, after, missing=None)
    assert transition_matrix({"x": ("1-30", -5)}, {}) == {"1-30": None}


@settings(max_examples=100)
@given(
    st.dictionaries(
        st.integers(0, 50),
        st.tuples(st.sampled_from(["a", "b", "c"]), amounts),
        max_size=15,
    ),
    st.dictionaries(
        st.integers(0, 50),
        st.tuples(st.sampled_from(["a", "b", "c", PAID, WRITTEN_OFF]), amounts),
        max_size=15,
    ),
)
def test_transition_rows_sum_to_one(
    before: dict[int, tuple[str, Decimal]], after: dict[int, tuple[str, Decimal]]
) -> None:
    for row in transition_matrix(before, after).values():
        if row is not None:
            assert abs(sum(row.values(), Decimal(0)) - 1) <= Decimal("1e-25")
            assert all(Decimal(0) <= share <= Decimal(1) for share in row.values())


# -- the KPI spec table ----------------------------------------------------------------------


def test_monthly_kpis_carry_exactly_the_trend_specs() -> None:
    import attrs

    from recouvrement.kpi.portfolio import MonthlyKpis
    from recouvrement.kpi.specs import KPI_SPECS, trend_specs

    fields = [f.name for f in attrs.fields(MonthlyKpis)]
    assert fields == ["month", "as_of", *(s.name for s in trend_specs()), "complete"]
    assert len({s.name for s in KPI_SPECS}) == len(KPI_SPECS)
    for spec in KPI_SPECS:
        assert spec.label("fr_FR") != spec.label("en_GB"), spec.name
        assert spec.unit in ("money", "days", "percent")
        assert spec.convention


def test_every_spec_computes_what_the_portfolio_method_gives() -> None:
    from recouvrement.kpi.portfolio import Portfolio
    from recouvrement.kpi.specs import KPI_SPECS, KpiPeriod
    from recouvrement.sample import load_sample

    book = Portfolio(load_sample().claims)
    period = KpiPeriod.window(as_of="2026-03-31", months=3)
    assert KPI_SPECS[0].compute(book, period) == book.sales(start=period.start, end=period.end)
    by_name = {s.name: s.compute(book, period) for s in KPI_SPECS}
    assert by_name["dso"] == book.dso(as_of="2026-03-31", months=3)
    assert by_name["past_due_receivables"] == book.past_due_receivables(as_of="2026-03-31")


def test_trend_marks_months_without_enough_history() -> None:
    from recouvrement.kpi.portfolio import Portfolio
    from recouvrement.sample import sample_claim

    book = Portfolio([sample_claim()])  # one claim: the history starts with its month
    first = sample_claim().issued_on
    months = book.trend(start=first, end=first.add(months=3), window_months=3)
    assert [m.complete for m in months] == [False, False, True, True]


def test_a_trend_drawn_up_mid_month_counts_nothing_dated_later() -> None:
    from recouvrement.kpi.portfolio import Portfolio
    from recouvrement.sample import load_sample

    claims = load_sample().claims
    book = Portfolio(claims)
    (march,) = book.trend(start="2026-03", end="2026-03", as_of="2026-03-15")
    assert march.as_of.isoformat() == "2026-03-15"
    known = Portfolio([c for c in claims if c.issued_on.isoformat() <= "2026-03-15"])
    assert march.receivables == known.receivables(as_of="2026-03-15")
    assert march.sales == known.sales(start="2026-03-01", end="2026-03-15")
    # a full month before the day is on its last day, as without as_of
    (february,) = book.trend(start="2026-02", end="2026-02", as_of="2026-03-15")
    assert february == book.trend(start="2026-02", end="2026-02")[0]
    with pytest.raises(InvalidValue, match="after the month of as_of"):
        book.trend(start="2026-03", end="2026-04", as_of="2026-03-15")
