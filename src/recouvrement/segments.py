"""Debtor segments: the kinds of payer collections practice distinguishes.

They live in their own module because both profiling (which assigns them) and escalation
policies (whose tracks adapt to them) need them.

Examples:
    >>> from recouvrement import Segment
    >>> Segment("habitually_late")
    <Segment.HABITUALLY_LATE: 'habitually_late'>
"""

from __future__ import annotations

from enum import Enum

__all__ = ["Segment"]


class Segment(str, Enum):
    """What kind of payer a debtor is.

    Field practice treats them differently: a punctual payer gets a courteous reminder; a
    habitually late payer a firmer tone, registered letters citing interest and the
    suspension of deliveries; a payer in financial difficulty a payment plan; a bad-faith
    payer every exchange formalised and an early move to litigation.
    """

    NEW = "new"
    """Too little history to judge."""
    PUNCTUAL = "punctual"
    """Pays on time."""
    OCCASIONALLY_LATE = "occasionally_late"
    """Late now and then."""
    HABITUALLY_LATE = "habitually_late"
    """Late as a habit."""
    FINANCIAL_DIFFICULTY = "financial_difficulty"
    """Partial payments, plan requests, growing arrears."""
    BAD_FAITH = "bad_faith"
    """Broken promises, disputes rejected as unfounded, silence after formal notice."""
    INSOLVENT = "insolvent"
    """An open insolvency proceeding or an admissible over-indebtedness case."""
