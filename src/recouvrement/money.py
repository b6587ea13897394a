"""Exact money: a `Decimal` amount and an ISO 4217 currency code.

`Money` never holds a float, never mixes currencies and never rounds on its own:
arithmetic is exact, and `Money.round` rounds once, explicitly, to the
currency's precision (from babel's CLDR data), half up by default.

Examples:
    >>> from recouvrement import Money, format_money
    >>> total = sum([Money("1000.10"), Money("234.46")])
    >>> total
    Money('1234.56', 'EUR')
    >>> format_money(total, locale="fr_FR") == "1\\u202f234,56\\xa0€"
    True
    >>> (Money("100") * Decimal("0.1234")).round()
    Money('12.34', 'EUR')
"""

from __future__ import annotations

import sys
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Any

import attrs
from babel.numbers import format_currency, get_currency_precision, list_currencies

from ._convert import to_decimal
from .errors import CurrencyMismatch, InvalidMoney, InvalidType

__all__ = [
    "Money",
    "currency_precision",
    "format_money",
    "to_money",
]

_CURRENCIES: frozenset[str] = frozenset(list_currencies())
_CODES: dict[str, str] = {sys.intern(code): sys.intern(code) for code in _CURRENCIES}
"""Each known code to one shared str (the fast path of the currency converter)."""
_ZERO = Decimal(0)


@cache
def currency_precision(currency: str) -> int:
    """Return the number of decimal places of ``currency`` (CLDR data, through babel).

    Examples:
        >>> currency_precision("EUR"), currency_precision("JPY"), currency_precision("KWD")
        (2, 0, 3)
    """
    return int(get_currency_precision(_check_currency(currency, "currency")))


@cache
def _quantum(currency: str) -> Decimal:
    return Decimal(1).scaleb(-currency_precision(currency))


def _check_currency(value: Any, field: str) -> str:
    if not isinstance(value, str):
        raise InvalidType(field, value, "an ISO 4217 currency code (str)")
    if value not in _CURRENCIES:
        raise InvalidMoney(field, value, "not a known ISO 4217 currency code")
    return value


MAX_INTEGER_DIGITS = 15
"""Amounts below 10**15 only: sums of such amounts in cents stay exact in 28-digit decimals."""


def _amount_converter(value: Any) -> Decimal:
    amount = to_decimal(value, "amount")
    if amount.is_finite() and amount and amount.adjusted() >= MAX_INTEGER_DIGITS:
        raise InvalidMoney(
            "amount",
            value,
            f"too large (at most {MAX_INTEGER_DIGITS} digits before the point): exact "
            "arithmetic cannot be guaranteed",
        )
    return amount


def _currency_converter(value: Any) -> str:
    found = _CODES.get(value) if type(value) is str else None
    if found is not None:
        return found
    # one shared str per code (sys.intern): a ledger holds millions of "EUR"
    return _check_currency(
        sys.intern(value.upper()) if isinstance(value, str) else value, "currency"
    )


def _is_number(value: Any) -> bool:
    return isinstance(value, Decimal | int) and not isinstance(value, bool)


@attrs.frozen(slots=True, eq=True, order=False, repr=False)
class Money:
    """An exact amount of money in one currency.

    Attributes:
        amount: A `Decimal`, an `int` or a numeric string. A `float` raises
            [`InvalidType`][recouvrement.InvalidType] (a `TypeError`): floats cannot
            hold cents exactly.
        currency: An ISO 4217 code known to babel (``"EUR"`` by default).

    Arithmetic: ``+`` and ``-`` between amounts of the same currency (the integer
    ``0`` is accepted as a neutral element, so `sum()` works), ``*`` and ``/`` by an
    `int` or a `Decimal`, unary ``-`` and `abs`, and comparisons. Mixing currencies
    raises [`CurrencyMismatch`][recouvrement.CurrencyMismatch]. Results are never
    rounded implicitly; call `round`.

    Examples:
        >>> Money("10.005").round()
        Money('10.01', 'EUR')
        >>> Money(5, "USD") + Money(5, "EUR")
        Traceback (most recent call last):
        ...
        recouvrement.errors.CurrencyMismatch: cannot add amounts in USD and EUR: convert them first
    """

    amount: Decimal = attrs.field(converter=_amount_converter)
    currency: str = attrs.field(default="EUR", converter=_currency_converter)

    @classmethod
    def zero(cls, currency: str = "EUR") -> Money:
        """Return zero in ``currency``."""
        return cls(_ZERO, currency)

    @classmethod
    def _unchecked(cls, amount: Decimal, currency: str) -> Money:
        # Internal fast path for values already known to be valid (hot loops): the slot
        # setters ``object.__setattr__`` would find, called directly.
        money: Money = _new_money(cls)
        _set_amount(money, amount)
        _set_currency(money, currency)
        return money

    def __repr__(self) -> str:
        return f"Money({str(self.amount)!r}, {self.currency!r})"

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"

    # -- arithmetic -------------------------------------------------------------------------

    def _other_amount(self, other: Any, operation: str) -> Decimal:
        if isinstance(other, Money):
            if other.currency != self.currency:
                raise CurrencyMismatch(self.currency, other.currency, operation=operation)
            return other.amount
        if _is_number(other) and other == 0:
            return _ZERO
        raise InvalidType(
            "other", other, f"Money in {self.currency} (or the number 0) to {operation} with Money"
        )

    def __add__(self, other: Any) -> Money:
        amount = self._other_amount(other, "add")
        return Money._unchecked(self.amount + amount, self.currency)

    __radd__ = __add__

    def __sub__(self, other: Any) -> Money:
        amount = self._other_amount(other, "subtract")
        return Money._unchecked(self.amount - amount, self.currency)

    def __rsub__(self, other: Any) -> Money:
        amount = self._other_amount(other, "subtract")
        return Money._unchecked(amount - self.amount, self.currency)

    def __mul__(self, factor: Any) -> Money:
        if not _is_number(factor):
            raise InvalidType("factor", factor, "int or Decimal (floats are inexact)")
        return Money._unchecked(self.amount * factor, self.currency)

    __rmul__ = __mul__

    def __truediv__(self, divisor: Any) -> Any:
        """Divide by a number (-> `Money`) or by `Money` of the same currency (-> `Decimal`)."""
        if isinstance(divisor, Money):
            if divisor.currency != self.currency:
                raise CurrencyMismatch(self.currency, divisor.currency, operation="divide")
            if not divisor.amount:
                raise InvalidMoney("divisor", divisor, "cannot divide an amount by zero")
            return self.amount / divisor.amount
        if not _is_number(divisor):
            raise InvalidType("divisor", divisor, "int, Decimal or Money (floats are inexact)")
        if divisor == 0:
            raise InvalidMoney("divisor", divisor, "cannot divide an amount by zero")
        return Money._unchecked(self.amount / divisor, self.currency)

    def __neg__(self) -> Money:
        return Money._unchecked(-self.amount, self.currency)

    def __pos__(self) -> Money:
        return self

    def __abs__(self) -> Money:
        return Money._unchecked(abs(self.amount), self.currency)

    def __bool__(self) -> bool:
        return bool(self.amount)

    # -- comparisons ------------------------------------------------------------------------

    def _compare(self, other: Any) -> Decimal:
        return self._other_amount(other, "compare")

    def __lt__(self, other: Any) -> bool:
        amount = self._compare(other)
        return self.amount < amount

    def __le__(self, other: Any) -> bool:
        amount = self._compare(other)
        return self.amount <= amount

    def __gt__(self, other: Any) -> bool:
        amount = self._compare(other)
        return self.amount > amount

    def __ge__(self, other: Any) -> bool:
        amount = self._compare(other)
        return self.amount >= amount

    # -- rounding ---------------------------------------------------------------------------

    def round(self, places: int | None = None, *, rounding: str = ROUND_HALF_UP) -> Money:
        """Round to the currency's precision (or ``places``), half up unless told otherwise.

        Examples:
            >>> Money("2.345").round(), Money("2.345").round(rounding="ROUND_HALF_EVEN")
            (Money('2.35', 'EUR'), Money('2.34', 'EUR'))
            >>> Money("1234.5", "JPY").round()
            Money('1235', 'JPY')
        """
        quantum = _quantum(self.currency) if places is None else Decimal(1).scaleb(-places)
        return Money._unchecked(self.amount.quantize(quantum, rounding), self.currency)

    def __round__(self, ndigits: int | None = None) -> Money:
        return self.round(ndigits)

    @property
    def is_rounded(self) -> bool:
        """Whether the amount has no more decimals than the currency allows."""
        return self.amount == self.amount.quantize(_quantum(self.currency))

    # -- serialisation ----------------------------------------------------------------------

    def to_dict(self) -> dict[str, str]:
        """Return ``{"amount": "12.30", "currency": "EUR"}`` (lossless)."""
        return {"amount": str(self.amount), "currency": self.currency}

    @classmethod
    def from_dict(cls, data: Any) -> Money:
        """Read back what `to_dict` wrote; unknown or missing keys raise `InvalidData`."""
        # what `to_dict` writes (the common case) needs no further check of its keys
        if not (
            type(data) is dict
            and "amount" in data
            and (len(data) == 1 or data.keys() == _MONEY_KEYS)
        ):
            from ._serde import check_keys

            check_keys(data, required=("amount",), optional=("currency",), where="Money")
        return cls(data["amount"], data.get("currency", "EUR"))


# The keys of `Money.to_dict`'s dict, for `Money.from_dict`'s fast check.
_MONEY_KEYS = frozenset({"amount", "currency"})
# The slot setters of the frozen class, looked up once for `Money._unchecked`.
_new_money = object.__new__
_set_amount = Money.__dict__["amount"].__set__
_set_currency = Money.__dict__["currency"].__set__


def format_money(
    money: Money,
    *,
    locale: str = "fr_FR",
    exact: bool = False,
    rounding: str = ROUND_HALF_UP,
) -> str:
    """Format ``money`` for ``locale`` with babel (CLDR patterns and symbols).

    The amount is rounded half up to the currency's precision first (babel alone would
    round half even); ``exact=True`` shows every decimal instead.

    Args:
        money: The amount.
        locale: A babel locale such as ``"fr_FR"`` or ``"en_GB"``.
        exact: Keep all decimals instead of rounding to the currency's precision.
        rounding: The `decimal` rounding mode used when not ``exact``.

    Examples:
        >>> format_money(Money("1234.565"), locale="en_GB")
        '€1,234.57'
        >>> format_money(Money("1234.565"), locale="en_GB", exact=True)
        '€1,234.565'
        >>> format_money(Money("-5", "USD"), locale="fr_FR") == "-5,00\\xa0$US"
        True
    """
    if not isinstance(money, Money):
        raise InvalidType("money", money, "Money")
    if exact:
        return str(
            format_currency(money.amount, money.currency, locale=locale, decimal_quantization=False)
        )
    rounded = money.round(rounding=rounding)
    return str(format_currency(rounded.amount, money.currency, locale=locale))


def to_money(value: Any, field: str = "amount", *, currency: str = "EUR") -> Money:
    """Return ``value`` as `Money`: a `Money` as is, a number in ``currency``.

    A JSON dict ``{"amount": ..., "currency": ...}`` (what `Money.to_dict` writes) is read
    back too. Floats are refused.

    Examples:
        >>> to_money("12.5"), to_money({"amount": "3", "currency": "USD"})
        (Money('12.5', 'EUR'), Money('3', 'USD'))
    """
    if isinstance(value, Money):
        return value
    if isinstance(value, dict):
        return Money.from_dict(value)
    return Money(to_decimal(value, field), currency)
