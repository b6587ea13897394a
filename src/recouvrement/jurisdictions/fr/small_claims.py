"""The small-claims procedure's two agreements, and where the procedure stands.

The procédure simplifiée de recouvrement des petites créances (CPCE L125-1, R125-1 s.)
has **two different agreements** (legal reference, additions of December 2026, S):

- the debtor's agreement **to take part** (``LegalAction.debtor_agreed_on``): it
  suspends prescription (C. civ. 2238) until the procedure ends, after which at least
  6 months remain; it is **not** a title;
- the agreement of creditor and debtor **on the amount and the terms of payment**,
  recorded by the commissaire de justice (``LegalAction.amount_agreed_on``): the
  commissaire issues an enforceable title (CPCE L125-1, L111-3 5°). That title is not
  one of the judgments of L111-4 (1° to 3°): the claim keeps its own prescription, which
  the agreement, an acknowledgment by the debtor, restarts (C. civ. 2240).

The debtor has one month to answer the invitation; silence is a refusal (R125-2). A
refusal, or a procedure that ends without an agreement on the amount (``ended_on``
without ``amount_agreed_on``), fails: the creditor goes to court (payment order or
summons), and trying the procedure in vain exempts the claim from the prior amicable
attempt (CPC 750-1).

Examples:
    >>> from recouvrement.events import LegalAction
    >>> action = LegalAction(kind="small_claims", filed_on="2025-03-03",
    ...                      debtor_agreed_on="2025-03-20")
    >>> small_claims_status(action, as_of="2025-04-15").outcome.value
    'participation_accepted'
    >>> small_claims_status(action, as_of="2025-04-15").title_on is None
    True
    >>> agreed = LegalAction(kind="small_claims", filed_on="2025-03-03",
    ...                      debtor_agreed_on="2025-03-20", amount_agreed_on="2025-04-10")
    >>> status = small_claims_status(agreed, as_of="2025-04-15")
    >>> status.outcome.value, status.title_on.isoformat()
    ('amount_agreed', '2025-04-10')
    >>> silent = LegalAction(kind="small_claims", filed_on="2025-03-03")
    >>> small_claims_status(silent, as_of="2025-04-15").outcome.value
    'refused'
"""

from __future__ import annotations

from enum import Enum
from typing import Any

import attrs
import pendulum

from ..._convert import from_ordinal, to_date
from ..._dates import iso as _iso
from ...errors import InvalidValue
from ...events import LegalAction, LegalActionKind
from ...explain import Citation, Reason
from .procedure_data import small_claims_answer_by

__all__ = ["SmallClaimsOutcome", "SmallClaimsStatus", "small_claims_status"]

_C_L125_1 = Citation("CPCE", "L125-1")
_C_TITLE = Citation("CPCE", "L111-3", note="5°")
_C_R125_2 = Citation("CPCE", "R125-2")
_C_2238 = Citation("C. civ.", "2238")


class SmallClaimsOutcome(str, Enum):
    """Where a small-claims procedure stands on a given day.

    Attributes:
        INVITED: The debtor was invited and has not answered; the month to answer runs
            (CPCE R125-2). No suspension, no title.
        PARTICIPATION_ACCEPTED: The debtor agreed to take part: prescription is suspended
            (C. civ. 2238), but there is no title yet.
        AMOUNT_AGREED: Creditor and debtor agreed on the amount and the terms of payment,
            recorded by the commissaire de justice: an enforceable title (CPCE L125-1,
            L111-3 5°).
        REFUSED: The debtor refused, or did not answer within the month (silence is a
            refusal, R125-2): the procedure failed.
        FAILED: The debtor took part, but the procedure ended without an agreement on the
            amount and the terms: no title, the creditor goes to court.
    """

    INVITED = "invited"
    PARTICIPATION_ACCEPTED = "participation_accepted"
    AMOUNT_AGREED = "amount_agreed"
    REFUSED = "refused"
    FAILED = "failed"

    @property
    def failed(self) -> bool:
        """Whether the procedure ended without a title (refused or failed)."""
        return self in (SmallClaimsOutcome.REFUSED, SmallClaimsOutcome.FAILED)


def outcome_on(action: LegalAction, day: int, answer_by: int) -> SmallClaimsOutcome:
    """The outcome of a small-claims ``action`` on ``day`` (ordinals), ``answer_by`` the
    last day to accept (the core of `small_claims_status`, on the hot path)."""
    agreed = action.amount_agreed_on
    if agreed is not None and agreed.toordinal() <= day:
        return SmallClaimsOutcome.AMOUNT_AGREED
    joined = action.debtor_agreed_on
    took_part = joined is not None and joined.toordinal() <= day
    ended = action.ended_on
    if ended is not None and ended.toordinal() <= day:
        return SmallClaimsOutcome.FAILED if took_part else SmallClaimsOutcome.REFUSED
    if took_part:
        return SmallClaimsOutcome.PARTICIPATION_ACCEPTED
    return SmallClaimsOutcome.REFUSED if day > answer_by else SmallClaimsOutcome.INVITED


@attrs.frozen(slots=True, kw_only=True)
class SmallClaimsStatus:
    """A small-claims procedure on a given day: its outcome, its dates, why.

    Attributes:
        outcome: The [`SmallClaimsOutcome`][recouvrement.jurisdictions.fr.small_claims.SmallClaimsOutcome].
        answer_by: The last day for the debtor to accept (one month, CPCE R125-2).
        participation_on: The day the debtor agreed to take part, if by then.
        title_on: The day the title was issued (agreement on the amount and terms), if any.
        ended_on: The day the procedure ended (agreement, refusal, silence, failure), if it
            has.
        suspends: Whether prescription is suspended on that day (C. civ. 2238).
        reasons: Why, with the articles.
    """

    outcome: SmallClaimsOutcome
    answer_by: pendulum.Date
    participation_on: pendulum.Date | None
    title_on: pendulum.Date | None
    ended_on: pendulum.Date | None
    suspends: bool
    reasons: tuple[Reason, ...]


def small_claims_status(action: LegalAction, *, as_of: Any) -> SmallClaimsStatus:
    """Where the small-claims procedure ``action`` stands on ``as_of``.

    Args:
        action: A `LegalAction` of kind ``small_claims``.
        as_of: The day (a date or ISO string).

    Raises:
        InvalidValue: ``action`` is not a small-claims procedure.

    Examples:
        >>> from recouvrement.events import LegalAction
        >>> failed = LegalAction(kind="small_claims", filed_on="2025-03-03",
        ...                      debtor_agreed_on="2025-03-20", ended_on="2025-05-02")
        >>> status = small_claims_status(failed, as_of="2025-06-01")
        >>> status.outcome.value, status.ended_on.isoformat(), status.suspends
        ('failed', '2025-05-02', False)
    """
    if not isinstance(action, LegalAction) or action.kind is not LegalActionKind.SMALL_CLAIMS:
        raise InvalidValue("action", action, "expected a LegalAction of kind small_claims")
    day = to_date(as_of, "as_of").toordinal()

    answer_by = small_claims_answer_by(action)
    outcome = outcome_on(action, day, answer_by)
    joined = action.debtor_agreed_on
    participation = joined if joined is not None and joined.toordinal() <= day else None
    title = action.amount_agreed_on if outcome is SmallClaimsOutcome.AMOUNT_AGREED else None
    ended: pendulum.Date | None = None
    if title is not None:
        ended = title
    elif action.ended_on is not None and action.ended_on.toordinal() <= day:
        ended = action.ended_on
    elif outcome is SmallClaimsOutcome.REFUSED:
        ended = from_ordinal(answer_by)
    return SmallClaimsStatus(
        outcome=outcome,
        answer_by=from_ordinal(answer_by),
        participation_on=participation,
        title_on=title,
        ended_on=ended,
        suspends=outcome is SmallClaimsOutcome.PARTICIPATION_ACCEPTED,
        reasons=_reasons(outcome, action, answer_by, ended),
    )


def _reasons(
    outcome: SmallClaimsOutcome, action: LegalAction, answer_by: int, ended: pendulum.Date | None
) -> tuple[Reason, ...]:
    filed = action.filed_on.isoformat()
    if outcome is SmallClaimsOutcome.INVITED:
        return (
            Reason(
                "small_claims.invited",
                f"Invitation of {filed}: the debtor has until {_iso(answer_by)} to accept; "
                "silence is a refusal. Nothing is suspended before the debtor agrees",
                citation=_C_R125_2,
            ),
        )
    if outcome is SmallClaimsOutcome.REFUSED:
        how = "refused" if action.ended_on is not None else "did not answer within one month"
        return (
            Reason(
                "small_claims.refused",
                f"The debtor {how} (invitation of {filed}): the procedure failed, go to court",
                citation=_C_R125_2,
                facts={"ended_on": ended},
            ),
        )
    joined = action.debtor_agreed_on
    assert joined is not None
    take_part = Reason(
        "small_claims.participation",
        f"The debtor agreed on {joined.isoformat()} to take part: prescription is suspended "
        "until the procedure ends (at least 6 months remain after it); this agreement is not "
        "a title",
        citation=_C_2238,
        facts={"debtor_agreed_on": joined},
    )
    if outcome is SmallClaimsOutcome.PARTICIPATION_ACCEPTED:
        needed = Reason(
            "small_claims.no_title_yet",
            "Only an agreement of both parties on the amount and the terms of payment, recorded "
            "by the commissaire de justice, gives an enforceable title",
            citation=_C_L125_1,
        )
        return (take_part, needed)
    if outcome is SmallClaimsOutcome.FAILED:
        failed = Reason(
            "small_claims.failed",
            f"The procedure ended on {ended.isoformat() if ended else '?'} without an agreement "
            "on the amount and the terms of payment: no title, go to court",
            citation=_C_L125_1,
            facts={"ended_on": ended},
        )
        return (take_part, failed)
    assert ended is not None
    title = Reason(
        "small_claims.title",
        f"Creditor and debtor agreed on the amount and the terms of payment on "
        f"{ended.isoformat()}, recorded by the commissaire de justice: an enforceable title",
        citation=_C_TITLE,
        facts={"amount_agreed_on": ended},
    )
    return (take_part, title)
