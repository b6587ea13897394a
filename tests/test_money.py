"""Tests of `recouvrement.money`: exact amounts, currencies, arithmetic, rounding, formatting."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recouvrement.errors import (
    CurrencyMismatch,
    InvalidData,
    InvalidMoney,
    InvalidType,
    InvalidValue,
    RecouvrementError,
)
from recouvrement.money import Money, currency_precision, format_money, to_money
from tests.strategies import currencies, decimals, money

# -- construction -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1234.56", Decimal("1234.56")),
        (" 12.50 ", Decimal("12.50")),
        ("1_000", Decimal("1000")),
        (42, Decimal(42)),
        (-7, Decimal(-7)),
        (Decimal("0.1"), Decimal("0.1")),
    ],
)
def test_amount_from_str_int_decimal(value: Any, expected: Decimal) -> None:
    m = Money(value)
    assert m.amount == expected
    assert type(m.amount) is Decimal
    assert m.currency == "EUR"


def test_string_keeps_its_exponent() -> None:
    assert str(Money("12.50").amount) == "12.50"


@pytest.mark.parametrize("value", [0.1, 1.5, 100.0])
def test_float_amount_is_refused_naming_the_field(value: float) -> None:
    with pytest.raises(InvalidType) as info:
        Money(value)
    assert isinstance(info.value, TypeError)
    assert isinstance(info.value, RecouvrementError)
    assert info.value.field == "amount"
    assert info.value.value == value
    assert "amount" in str(info.value)


@pytest.mark.parametrize("value", [True, False])
def test_bool_amount_is_refused(value: bool) -> None:
    with pytest.raises(InvalidType) as info:
        Money(value)
    assert info.value.field == "amount"


@pytest.mark.parametrize("value", [None, [1], object()])
def test_other_types_are_refused(value: Any) -> None:
    with pytest.raises(InvalidType):
        Money(value)


@pytest.mark.parametrize(
    "value",
    ["nan", "NaN", "inf", "-Infinity", Decimal("NaN"), Decimal("Infinity"), Decimal("sNaN")],
)
def test_non_finite_amounts_are_refused(value: Any) -> None:
    with pytest.raises(InvalidValue) as info:
        Money(value)
    assert isinstance(info.value, ValueError)
    assert info.value.field == "amount"


@pytest.mark.parametrize("value", ["", "abc", "12,50", "1.2.3"])
def test_non_numeric_strings_are_refused(value: str) -> None:
    with pytest.raises(InvalidValue) as info:
        Money(value)
    assert info.value.field == "amount"


@pytest.mark.parametrize("code", ["XYZ", "EURO", "", "eur1"])
def test_unknown_currency_is_invalid_money(code: str) -> None:
    with pytest.raises(InvalidMoney) as info:
        Money("1", code)
    assert isinstance(info.value, ValueError)
    assert info.value.field == "currency"


@pytest.mark.parametrize("code", [None, 978, b"EUR"])
def test_non_string_currency_is_refused(code: Any) -> None:
    with pytest.raises(InvalidType) as info:
        Money("1", code)
    assert info.value.field == "currency"


def test_lower_case_currency_is_normalised() -> None:
    assert Money("1", "usd").currency == "USD"
    assert Money("1", "usd") == Money("1", "USD")


def test_zero_and_repr() -> None:
    assert Money.zero("JPY") == Money(0, "JPY")
    assert repr(Money("1.50", "USD")) == "Money('1.50', 'USD')"
    assert str(Money("1.50", "USD")) == "1.50 USD"


def test_money_is_frozen_and_hashable() -> None:
    m = Money("1")
    with pytest.raises(AttributeError):
        m.amount = Decimal(2)  # type: ignore[misc]
    assert hash(Money("1.0")) == hash(Money("1.00"))
    assert len({Money("1.0"), Money("1.00"), Money("1", "USD")}) == 2


# -- arithmetic -------------------------------------------------------------------------------


def test_add_and_subtract_same_currency() -> None:
    assert Money("0.10") + Money("0.20") == Money("0.30")
    assert Money("1.00") - Money("0.01") == Money("0.99")
    assert Money("1") - Money("3") == Money("-2")


def test_float_sum_that_would_be_inexact_is_exact() -> None:
    # 0.1 + 0.2 != 0.3 in binary floating point; Money must not suffer from it.
    total = Money("0.1") + Money("0.2")
    assert total.amount == Decimal("0.3")


def test_zero_is_neutral_for_add_and_sub() -> None:
    m = Money("5", "USD")
    assert m + 0 == m
    assert 0 + m == m
    assert m - 0 == m
    assert 0 - m == Money("-5", "USD")


def test_sum_works_with_zero_start() -> None:
    assert sum([Money("1000.10"), Money("234.46")]) == Money("1234.56")
    assert sum([Money("1", "JPY")]) == Money("1", "JPY")
    assert sum([], Money.zero("GBP")) == Money("0", "GBP")


def test_adding_a_non_zero_number_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        Money("1") + 5
    with pytest.raises(TypeError):
        Money("1") + "1"


@pytest.mark.parametrize("factor", [3, Decimal("0.1234"), -2, 0])
def test_multiply_by_int_or_decimal(factor: Any) -> None:
    m = Money("100")
    assert m * factor == Money(Decimal(100) * factor)
    assert factor * m == m * factor


def test_multiply_is_not_rounded() -> None:
    assert (Money("100") * Decimal("0.1234")).amount == Decimal("12.3400")


def test_float_factor_and_divisor_are_refused() -> None:
    with pytest.raises(InvalidType) as info:
        Money("1") * 1.5
    assert isinstance(info.value, TypeError)
    assert info.value.field == "factor"
    with pytest.raises(InvalidType) as info:
        1.5 * Money("1")
    assert info.value.field == "factor"
    with pytest.raises(InvalidType) as info:
        Money("1") / 2.0
    assert info.value.field == "divisor"


def test_multiply_by_bool_or_money_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        Money("1") * True
    with pytest.raises(TypeError):
        Money("1") * Money("2")


def test_divide_by_number_gives_money() -> None:
    assert Money("10") / 4 == Money("2.5")
    assert Money("10", "USD") / Decimal("0.5") == Money("20", "USD")


def test_divide_by_money_gives_a_ratio() -> None:
    ratio = Money("30") / Money("120")
    assert ratio == Decimal("0.25")
    assert type(ratio) is Decimal


def test_negation_abs_and_pos() -> None:
    assert -Money("5.5") == Money("-5.5")
    assert abs(Money("-5.5", "GBP")) == Money("5.5", "GBP")
    assert +Money("1") == Money("1")
    assert bool(Money("0")) is False
    assert bool(Money("0.01")) is True


def test_comparisons_same_currency() -> None:
    a, b = Money("1.00"), Money("2")
    assert a < b
    assert a <= b
    assert b > a
    assert b >= a
    assert a <= Money("1")
    assert a >= Money("1.0")
    assert Money("1.0") == Money("1.00")
    assert Money("1") != Money("2")


def test_comparison_with_zero() -> None:
    assert Money("0.01") > 0
    assert Money("-0.01") < 0
    assert Money("0") >= 0


def test_money_is_never_equal_to_a_bare_number() -> None:
    one: object = 1
    assert Money("1") != one
    assert Money("1") != Decimal("1")


def test_different_currencies_are_not_equal() -> None:
    assert Money("1", "EUR") != Money("1", "USD")


def _op(name: str) -> Any:
    return {
        "add": lambda a, b: a + b,
        "sub": lambda a, b: a - b,
        "lt": lambda a, b: a < b,
        "le": lambda a, b: a <= b,
        "gt": lambda a, b: a > b,
        "ge": lambda a, b: a >= b,
        "div": lambda a, b: a / b,
    }[name]


@pytest.mark.parametrize("operation", ["add", "sub", "lt", "le", "gt", "ge", "div"])
def test_mixing_currencies_raises_currency_mismatch(operation: str) -> None:
    with pytest.raises(CurrencyMismatch) as info:
        _op(operation)(Money("5", "USD"), Money("5", "EUR"))
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, RecouvrementError)
    assert info.value.currencies == ("USD", "EUR")
    assert info.value.field == "currency"
    assert "USD" in str(info.value)
    assert "EUR" in str(info.value)


def test_sum_of_mixed_currencies_raises() -> None:
    with pytest.raises(CurrencyMismatch):
        sum([Money("1"), Money("1", "USD")])


# -- rounding ---------------------------------------------------------------------------------


def test_currency_precisions_from_babel() -> None:
    assert currency_precision("EUR") == 2
    assert currency_precision("JPY") == 0
    assert currency_precision("KWD") == 3


def test_currency_precision_of_unknown_code() -> None:
    with pytest.raises(InvalidMoney):
        currency_precision("XYZ")


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        ("2.345", "EUR", "2.35"),
        ("-2.345", "EUR", "-2.35"),
        ("2.344", "EUR", "2.34"),
        ("2.5", "JPY", "3"),
        ("-2.5", "JPY", "-3"),
        ("1234.5", "JPY", "1235"),
        ("1.2345", "KWD", "1.235"),
        ("1.2344", "KWD", "1.234"),
        ("10.005", "EUR", "10.01"),
        ("7", "EUR", "7.00"),
    ],
)
def test_round_half_up_to_currency_precision(amount: str, currency: str, expected: str) -> None:
    rounded = Money(amount, currency).round()
    assert rounded == Money(expected, currency)
    assert str(rounded.amount) == expected


def test_round_other_modes_and_places() -> None:
    assert Money("2.345").round(rounding="ROUND_HALF_EVEN") == Money("2.34")
    assert Money("2.345").round(1) == Money("2.3")
    assert round(Money("1.005")) == Money("1.01")


def test_is_rounded() -> None:
    assert Money("1.23").is_rounded
    assert not Money("1.234").is_rounded
    assert Money("5", "JPY").is_rounded
    assert not Money("5.5", "JPY").is_rounded


# -- formatting -------------------------------------------------------------------------------


def test_format_money_fr_fr_exact_characters() -> None:
    # babel (CLDR) uses a narrow no-break space as group separator and a no-break space
    # before the symbol in fr_FR.
    assert format_money(Money("1234.56"), locale="fr_FR") == "1\u202f234,56\xa0€"


def test_format_money_en_gb() -> None:
    assert format_money(Money("1234.56"), locale="en_GB") == "€1,234.56"


def test_format_money_rounds_half_up_unless_exact() -> None:
    assert format_money(Money("1234.565"), locale="en_GB") == "€1,234.57"
    assert format_money(Money("1234.565"), locale="en_GB", exact=True) == "€1,234.565"
    assert format_money(Money("0.125"), locale="en_GB") == "€0.13"


def test_format_money_other_currencies() -> None:
    assert format_money(Money("1234", "JPY"), locale="en_GB") == "JP¥1,234"
    assert format_money(Money("-5", "USD"), locale="fr_FR") == "-5,00\xa0$US"


def test_format_money_refuses_non_money() -> None:
    with pytest.raises(InvalidType) as info:
        format_money(Decimal("1"))  # type: ignore[arg-type]
    assert info.value.field == "money"


# -- serialisation and to_money ---------------------------------------------------------------


def test_to_dict_and_back() -> None:
    m = Money("12.30", "USD")
    assert m.to_dict() == {"amount": "12.30", "currency": "USD"}
    assert Money.from_dict(m.to_dict()) == m
    assert Money.from_dict({"amount": "3"}) == Money("3", "EUR")


def test_from_dict_unknown_and_missing_fields() -> None:
    with pytest.raises(InvalidData) as info:
        Money.from_dict({"amount": "1", "cur": "EUR"})
    assert info.value.field == "Money.cur"
    with pytest.raises(InvalidData) as info:
        Money.from_dict({"currency": "EUR"})
    assert info.value.field == "Money.amount"
    with pytest.raises(InvalidData):
        Money.from_dict(["1", "EUR"])


def test_from_dict_refuses_a_float_amount() -> None:
    with pytest.raises(InvalidType):
        Money.from_dict({"amount": 1.5, "currency": "EUR"})


def test_to_money() -> None:
    m = Money("1")
    assert to_money(m) is m
    assert to_money("12.5", currency="USD") == Money("12.5", "USD")
    assert to_money({"amount": "3", "currency": "CHF"}) == Money("3", "CHF")
    with pytest.raises(InvalidType) as info:
        to_money(1.5, "fee")
    assert info.value.field == "fee"


# -- properties -------------------------------------------------------------------------------

eur = money("EUR")


@settings(max_examples=80)
@given(eur, eur)
def test_addition_is_exact_and_commutative(a: Money, b: Money) -> None:
    assert (a + b).amount == a.amount + b.amount
    assert a + b == b + a


@settings(max_examples=80)
@given(eur, eur, eur)
def test_addition_is_associative(a: Money, b: Money, c: Money) -> None:
    assert (a + b) + c == a + (b + c)


@settings(max_examples=80)
@given(eur, eur)
def test_subtraction_undoes_addition(a: Money, b: Money) -> None:
    assert a - b + b == a
    assert a + b - b == a


@settings(max_examples=60)
@given(money(), st.integers(0, 30))
def test_multiplication_is_repeated_addition(m: Money, n: int) -> None:
    assert m * n == sum([m] * n, Money.zero(m.currency))


@settings(max_examples=80)
@given(decimals("-1000000", "1000000", places=6), currencies)
def test_round_is_idempotent_and_within_half_a_unit(amount: Decimal, currency: str) -> None:
    m = Money(amount, currency)
    rounded = m.round()
    assert rounded.round() == rounded
    assert rounded.is_rounded
    unit = Decimal(1).scaleb(-currency_precision(currency))
    assert abs(rounded.amount - m.amount) <= unit / 2


@settings(max_examples=60)
@given(eur)
def test_negation_and_abs(m: Money) -> None:
    negated = -m
    assert -negated == m
    assert m + (-m) == Money.zero()
    assert abs(m) >= 0
    assert abs(m) == abs(-m)


@settings(max_examples=60)
@given(money())
def test_dict_round_trip(m: Money) -> None:
    assert Money.from_dict(m.to_dict()) == m
    assert str(Money.from_dict(m.to_dict()).amount) == str(m.amount)


def test_operator_misuse_raises_library_errors_naming_the_operand() -> None:
    from recouvrement import InvalidMoney, InvalidType

    with pytest.raises(InvalidType) as info:
        Money("1") + 5
    assert info.value.field == "other"
    with pytest.raises(InvalidType):
        assert Money("1") < 5
    with pytest.raises(InvalidType) as info:
        Money("1") * Money("2")
    assert info.value.field == "factor"
    with pytest.raises(InvalidType):
        Money("1") * True
    with pytest.raises(InvalidMoney) as zero:
        Money("1") / 0
    assert zero.value.field == "divisor"
    with pytest.raises(InvalidMoney):
        Money("1") / Money("0")
    assert Money("3") + 0 == Money("3")
    assert Money("-1") < 0
