"""Exchange rates the caller supplies: never a rate of our own.

Thresholds fixed in euros (a small-claims limit, a policy's minimum) are compared with a
claim in another currency only through these rates (``exchange_rates=`` on
`recouvrement.decisions.next_action`); without one the rules say they cannot decide.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any

import attrs

from ._convert import to_decimal
from .errors import InvalidMoney, InvalidType
from .money import Money, _check_currency

__all__ = ["ExchangeRates"]


def _to_rates(value: Any) -> Mapping[str, Decimal]:
    if not isinstance(value, Mapping):
        raise InvalidType("exchange_rates", value, "a mapping of ISO 4217 code -> Decimal")
    rates: dict[str, Decimal] = {}
    for code, rate in value.items():
        currency = _check_currency(code, "exchange_rates")
        if code != code.upper():
            raise InvalidMoney("exchange_rates", code, "currency codes are upper case")
        number = to_decimal(rate, f"exchange_rates.{code}")
        if not number.is_finite() or number <= 0:
            raise InvalidMoney(f"exchange_rates.{code}", rate, "must be a positive number")
        rates[currency] = number
    rates.setdefault("EUR", Decimal(1))
    if rates["EUR"] != 1:
        raise InvalidMoney("exchange_rates.EUR", rates["EUR"], "one euro is worth one euro")
    return MappingProxyType(rates)


@attrs.frozen(slots=True, kw_only=True)
class ExchangeRates:
    """Exchange rates you supply, to compare an amount with a threshold in another currency.

    The library never looks rates up: thresholds fixed in euros (a small-claims limit, a
    policy's minimum) are compared with a claim in another currency only through these
    rates, and said so in the reasons; without a rate the rule says it cannot decide.

    Attributes:
        to_eur: The value in euros of one unit of each currency (``{"JPY":
            Decimal("0.0060")}``: 1 JPY = 0.0060 EUR). Codes are ISO 4217, rates exact and
            positive (floats are refused); ``EUR`` is 1.

    Examples:
        >>> from recouvrement.money import Money
        >>> rates = ExchangeRates.of({"JPY": Decimal("0.0060")})
        >>> rates.convert(Money(100000, "JPY"), "EUR")
        Money('600.0000', 'EUR')
        >>> rates.convert(Money(600, "EUR"), "JPY").round()
        Money('100000', 'JPY')
        >>> rates.convert(Money(10, "USD"), "EUR") is None
        True
        >>> ExchangeRates.of({"JPY": 0.006})
        Traceback (most recent call last):
        ...
        recouvrement.errors.InvalidType: exchange_rates.JPY=0.006: expected Decimal, int or numeric str (floats are inexact), got float
    """

    to_eur: Mapping[str, Decimal] = attrs.field(converter=_to_rates)

    @classmethod
    def of(cls, value: Any) -> ExchangeRates | None:
        """``value`` as `ExchangeRates`: ``None``, an `ExchangeRates` or a mapping."""
        if value is None or isinstance(value, ExchangeRates):
            return value
        return cls(to_eur=value)

    def rate(self, source: str, target: str) -> Decimal | None:
        """How many ``target`` one ``source`` is worth, or ``None`` without the rates."""
        if source == target:
            return Decimal(1)
        left, right = self.to_eur.get(source), self.to_eur.get(target)
        if left is None or right is None:
            return None
        return left if right == 1 else left / right

    def convert(self, money: Money, currency: str) -> Money | None:
        """``money`` in ``currency`` (not rounded), or ``None`` when a rate is missing."""
        rate = self.rate(money.currency, currency)
        return None if rate is None else Money._unchecked(money.amount * rate, currency)
