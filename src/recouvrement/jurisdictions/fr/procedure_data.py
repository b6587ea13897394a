"""The thresholds and periods of French court procedures, read from ``fr_procedures.toml``.

Separate from `procedures` so that the small-claims module can read its one-month answer
period without importing the route chooser (which imports it).
"""

from __future__ import annotations

import tomllib
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Any

import attrs
import pendulum

from ..._convert import from_ordinal, to_date
from ..._dates import add_months
from ...errors import InvalidData
from ...events import LegalAction
from ...explain import Citation

__all__ = [
    "ProcedureRule",
    "procedure_rule",
    "procedure_rules",
    "small_claims_answer_by",
]

_DATA_FILE = "jurisdictions/fr/data/fr_procedures.toml"


@attrs.frozen(slots=True, kw_only=True)
class ProcedureRule:
    """One threshold or period of ``fr_procedures.toml``.

    Attributes:
        id: The rule id (``"small_claims_max"``, ``"payment_order_service"``...).
        amount: For a threshold, the amount (in ``currency``).
        currency: For a threshold, its currency.
        inclusive: For a threshold, whether the amount itself is within it.
        inclusive_confidence: The confidence of ``inclusive`` when it differs from the row's.
        months: For a period, its length in months.
        extra_months: For a period, the extension for creditors outside metropolitan France.
        citation: The article.
        source: Where it was read.
        confidence: ``"P"`` primary text, ``"S"`` secondary source.
        effective_from: First day the row applies.
        effective_to: Last day the row applies, if it ended.
    """

    id: str
    amount: Decimal | None = None
    currency: str | None = None
    inclusive: bool = True
    inclusive_confidence: str | None = None
    months: int | None = None
    extra_months: int = 0
    citation: Citation
    source: str
    confidence: str
    effective_from: pendulum.Date
    effective_to: pendulum.Date | None = None

    def within(self, amount: Decimal) -> bool:
        """Whether ``amount`` is within this threshold (``<=`` when inclusive, else ``<``)."""
        assert self.amount is not None
        return amount <= self.amount if self.inclusive else amount < self.amount


def _rule(row: Any, kind: str) -> ProcedureRule:
    try:
        return ProcedureRule(
            id=str(row["id"]),
            amount=Decimal(row["amount"]) if kind == "threshold" else None,
            currency=row.get("currency"),
            inclusive=bool(row.get("inclusive", True)),
            inclusive_confidence=row.get("inclusive_confidence"),
            months=int(row["months"]) if kind == "period" else None,
            extra_months=int(row.get("extra_months_outside_metropolitan_france", 0)),
            citation=Citation(row["code"], row["article"], note=row.get("note")),
            source=row["source"],
            confidence=row["confidence"],
            effective_from=to_date(row["effective_from"], "effective_from"),
            effective_to=(
                to_date(row["effective_to"], "effective_to") if "effective_to" in row else None
            ),
        )
    except (KeyError, ArithmeticError, ValueError) as exc:  # pragma: no cover - data is tested
        raise InvalidData(_DATA_FILE, row, f"bad {kind} row: {exc}") from None


@lru_cache(maxsize=1)
def procedure_rules() -> tuple[ProcedureRule, ...]:
    """Every threshold and period of the packaged data file (read once).

    Examples:
        >>> sorted({rule.id for rule in procedure_rules()})[:3]
        ['amicable_attempt_max', 'claim_declaration', 'default_judgment_service']
    """
    text = resources.files("recouvrement").joinpath(_DATA_FILE).read_text("utf-8")
    data = tomllib.loads(text)
    rows = [_rule(row, "threshold") for row in data.get("threshold", ())]
    rows += [_rule(row, "period") for row in data.get("period", ())]
    return tuple(rows)


@lru_cache(maxsize=1)
def _index() -> dict[str, tuple[tuple[int, int, ProcedureRule], ...]]:
    found: dict[str, list[tuple[int, int, ProcedureRule]]] = {}
    for rule in procedure_rules():
        end = rule.effective_to.toordinal() if rule.effective_to is not None else 10**7
        found.setdefault(rule.id, []).append((rule.effective_from.toordinal(), end, rule))
    return {key: tuple(sorted(rows, key=lambda r: r[0])) for key, rows in found.items()}


def _rule_on(rule_id: str, day: int) -> ProcedureRule | None:
    for start, end, rule in _index().get(rule_id, ()):
        if start <= day <= end:
            return rule
    return None


def procedure_rule(rule_id: str, *, on: Any) -> ProcedureRule | None:
    """The row of ``rule_id`` in force ``on``, or ``None`` when the data has none for that day.

    Raises:
        KeyError: ``rule_id`` is not in the data file.

    Examples:
        >>> procedure_rule("payment_order_service", on="2026-09-01").months
        3
        >>> procedure_rule("payment_order_service", on="2026-08-31").months
        6
    """
    if rule_id not in _index():
        raise KeyError(rule_id)
    return _rule_on(rule_id, to_date(on, "on").toordinal())


def _add_months_ordinal(day: int, months: int) -> int:
    """`recouvrement.calendar.add_months` on ordinals (the same CPC 641 rule), raising its
    error for a result outside the calendar."""
    try:
        return add_months(day, months)
    except ValueError:
        from ...calendar import add_months as checked

        return checked(from_ordinal(day), months).toordinal()


def small_claims_answer_by(action: LegalAction) -> int:
    """The last day (ordinal) for the debtor to accept a small-claims invitation.

    R125-2: one month from the invitation; silence is a refusal.
    """
    rule = _rule_on("small_claims_acceptance", action.filed_on.toordinal())
    months = rule.months if rule is not None and rule.months is not None else 1
    return _add_months_ordinal(action.filed_on.toordinal(), months)
