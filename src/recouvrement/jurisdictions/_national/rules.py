"""Dated rule tables (TOML ``[[rule]]`` rows) and rate tables (CSV) of a jurisdiction's data folder.

Shared by the German and Belgian packages. Each row carries its value, unit, dates
(``effective_from``/``effective_to``, both optional and inclusive), article, confidence
mark (``P`` or ``S``; ``U`` rows are refused) and source.

Examples:
    >>> book = rule_book("recouvrement.jurisdictions.de", "de_payment_terms.toml")
    >>> rule = book.get("margin_b2b", on="2025-01-01")
    >>> rule.value, str(rule.citation)
    (Decimal('9'), 'BGB § 288 Abs. 2')
    >>> book.get("margin_b2b", on="2014-07-28").value
    Decimal('8')
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

import attrs
import pendulum

from ..._convert import to_date
from ..._tables import load_toml
from ...errors import InvalidData, InvalidValue
from ...explain import Citation
from ...rates import RateTable, _parse

__all__ = ["Rule", "RuleBook", "rate_table", "rule_book"]


@attrs.frozen(slots=True, kw_only=True)
class Rule:
    """One dated row of a rule table.

    Attributes:
        id: The rule's id (several rows may share it, with disjoint dates).
        value: The figure (days, years, months, EUR or points), exact.
        unit: ``"days"``, ``"months"``, ``"years"``, ``"EUR"``, ``"points"``, ``"percent"``.
        citation: The article.
        confidence: ``"P"`` or ``"S"``.
        source: The reference's source numbers.
        effective_from: First day in force (``None``: always).
        effective_to: Last day in force (``None``: still in force).
    """

    id: str
    value: Decimal
    unit: str
    citation: Citation
    confidence: str
    source: str
    effective_from: pendulum.Date | None = None
    effective_to: pendulum.Date | None = None

    @property
    def days(self) -> int:
        """The value as a whole number (days, months or years)."""
        return int(self.value)

    def in_force(self, ordinal: int) -> bool:
        """Whether the row applies on the day given as an ordinal."""
        if self.effective_from is not None and ordinal < self.effective_from.toordinal():
            return False
        return self.effective_to is None or ordinal <= self.effective_to.toordinal()


@attrs.frozen(slots=True, kw_only=True)
class RuleBook:
    """The rows of one packaged TOML rule file, by id."""

    name: str
    version: str
    rules: tuple[Rule, ...]

    def get(self, rule_id: str, *, on: Any = None) -> Rule:
        """The row of ``rule_id`` in force on ``on`` (``None``: the current row).

        Raises:
            InvalidValue: No row of that id is in force on that date.
        """
        rows = [r for r in self.rules if r.id == rule_id]
        if not rows:
            raise InvalidValue("rule", rule_id, f"unknown rule in {self.name}")
        if on is None:
            current = [r for r in rows if r.effective_to is None]
            if current:
                return current[-1]
            raise InvalidValue("rule", rule_id, f"no current row in {self.name}")
        ordinal = on if isinstance(on, int) else to_date(on, "on").toordinal()
        for row in rows:
            if row.in_force(ordinal):
                return row
        day = pendulum.Date.fromordinal(ordinal).isoformat()
        raise InvalidValue("on", day, f"no row of rule {rule_id!r} in force in {self.name}")


def _optional_date(row: dict[str, Any], key: str) -> pendulum.Date | None:
    value = row.get(key)
    return None if value is None else to_date(value, key)


@cache
def rule_book(package: str, file: str) -> RuleBook:
    """Read a packaged rule file once (``package``'s ``data/`` folder)."""
    # The shared loader refuses a file whose header names no source or check date.
    data = load_toml(resources.files(package).joinpath("data", file), origin=file)
    rules: list[Rule] = []
    for index, row in enumerate(data.get("rule", ())):
        confidence = str(row.get("confidence", "")).upper()
        if confidence not in ("P", "S"):
            raise InvalidData(f"{file} rule {index}", row, "confidence must be 'P' or 'S'")
        rules.append(
            Rule(
                id=row["id"],
                value=Decimal(str(row["value"])),
                unit=row["unit"],
                citation=Citation(row["code"], row["article"], note=row.get("note")),
                confidence=confidence,
                source=row.get("source", ""),
                effective_from=_optional_date(row, "effective_from"),
                effective_to=_optional_date(row, "effective_to"),
            )
        )
    return RuleBook(name=file, version=str(data.get("version", "")), rules=tuple(rules))


@cache
def rate_table(package: str, file: str) -> RateTable:
    """Read a packaged rate table once (same CSV format as ``recouvrement/data``)."""
    text = resources.files(package).joinpath("data", file).read_text(encoding="utf-8")
    return _parse(text, origin=file)
