"""Checking agreed payment terms against a country's maximum terms (shared).

Each country keeps its maxima in its own rule book (``<cc>_payment_terms.toml``, a ``days``
and a citation per rule, with its dates in force) and says which rules apply to which
debtor; the comparison itself is written once here.
"""

from __future__ import annotations

from collections.abc import Callable

from ...terms import PaymentTerms, TermsViolation
from .rules import RuleBook

__all__ = ["term_checker"]


def term_checker(
    book: RuleBook, terms: PaymentTerms, day: int | None
) -> tuple[Callable[[str, str], None], list[TermsViolation]]:
    """A function ``over(rule_id, what)`` and the list it fills.

    ``over`` appends a `TermsViolation` when the longest delay ``terms`` allow exceeds the
    rule's ``days`` and the rule is in force on ``day`` (``None``: any day).
    """
    longest = terms.longest_delay()
    found: list[TermsViolation] = []

    def over(rule_id: str, what: str) -> None:
        rule = book.get(rule_id)
        if day is not None and not rule.in_force(day):
            return
        if longest > rule.days:
            found.append(
                TermsViolation(
                    rule=rule_id,
                    message=f"a term of {longest} days exceeds {what}",
                    citation=rule.citation,
                    limit_days=rule.days,
                    actual_days=longest,
                )
            )

    return over, found
