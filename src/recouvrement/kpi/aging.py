"""Aging balance (balance âgée) of a set of claims as of a date.

Every claim on the ledger on ``as_of`` contributes its remaining balance (amount less
credit notes and payments dated on or before ``as_of``; negative for an overpayment) to
"not due" or to the bucket of its days past due. Upper bounds are inclusive (30 days past
due is in "1-30") and due today is not overdue. The buckets and "not due" sum to the
total. A claim is on the ledger from its issue date until the day it is written off
(`WriteOff`) or cancelled (`Cancellation`), if ever.

Examples:
    >>> from recouvrement.kpi.aging import aging
    >>> from recouvrement.sample import sample_claim
    >>> balance = aging([sample_claim()], as_of="2025-06-30")
    >>> balance.total, balance.bucket(">90")
    (Money('1500.00', 'EUR'), Money('1500.00', 'EUR'))
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs
import pendulum

from .._convert import DateLike, to_date, to_int
from ..claims import Claim
from ..errors import InvalidType, InvalidValue
from ..events import Cancellation, Event, WriteOff
from ..money import Money

if TYPE_CHECKING:
    import polars as pl

__all__ = ["DEFAULT_BOUNDS", "AgingBalance", "aging", "aging_by_currency", "bucket_labels"]

DEFAULT_BOUNDS: tuple[int, ...] = (30, 60, 90)
"""The default upper bounds of the past-due buckets: 1-30, 31-60, 61-90, >90."""

_ZERO = Decimal(0)


def check_bounds(bounds: Any) -> tuple[int, ...]:
    """Return ``bounds`` as a tuple of strictly increasing positive ints, or raise."""
    if isinstance(bounds, str | bytes) or not isinstance(bounds, Iterable):
        raise InvalidType("bounds", bounds, "a sequence of increasing day counts")
    values = tuple(to_int(b, "bounds") for b in bounds)
    if not values:
        raise InvalidValue("bounds", bounds, "at least one bound is needed")
    previous = 0
    for value in values:
        if value <= previous:
            raise InvalidValue("bounds", bounds, "bounds must be positive and strictly increasing")
        previous = value
    return values


def bucket_labels(bounds: Iterable[int] = DEFAULT_BOUNDS) -> tuple[str, ...]:
    """The labels of the past-due buckets for ``bounds``.

    Examples:
        >>> bucket_labels()
        ('1-30', '31-60', '61-90', '>90')
        >>> bucket_labels((15, 45))
        ('1-15', '16-45', '>45')
    """
    values = check_bounds(bounds)
    labels = []
    low = 1
    for high in values:
        labels.append(f"{low}-{high}")
        low = high + 1
    labels.append(f">{values[-1]}")
    return tuple(labels)


def exit_ordinal(claim: Claim) -> int | None:
    """The ordinal of the day a claim left the ledger (write-off, cancellation), if any."""
    return first_exit(claim.events)


def first_exit(events: Iterable[Event]) -> int | None:
    """The ordinal of the first write-off or cancellation among ``events``, if any."""
    days = [e.date.toordinal() for e in events if isinstance(e, WriteOff | Cancellation)]
    return min(days) if days else None


@attrs.frozen(slots=True, kw_only=True)
class AgingBalance:
    """The aging of the receivables in one currency as of a date.

    Attributes:
        as_of: The date of the aging.
        currency: The ISO 4217 code of every amount.
        not_due: The balance not yet due (due today included).
        buckets: ``(label, balance)`` pairs in order of age: ``"1-30"``, ``"31-60"``,
            ``"61-90"``, ``">90"`` with the default bounds.
        total: The total outstanding: ``not_due`` plus the buckets.
        bounds: The inclusive upper bounds of the buckets, in days past due.

    Examples:
        >>> from recouvrement.money import Money
        >>> b = AgingBalance.from_amounts(as_of="2025-06-30", currency="EUR",
        ...                               not_due=100, past_due=[50, 0, 0, 25])
        >>> b.total, b.past_due, b.as_dict()["1-30"]
        (Money('175', 'EUR'), Money('75', 'EUR'), Money('50', 'EUR'))
    """

    as_of: pendulum.Date
    currency: str
    not_due: Money
    buckets: tuple[tuple[str, Money], ...]
    total: Money
    bounds: tuple[int, ...] = DEFAULT_BOUNDS

    @classmethod
    def from_amounts(
        cls,
        *,
        as_of: DateLike,
        currency: str,
        not_due: Decimal | int,
        past_due: Iterable[Decimal | int],
        bounds: Iterable[int] = DEFAULT_BOUNDS,
    ) -> AgingBalance:
        """Build an aging from plain amounts (one per bucket, youngest first)."""
        labels = bucket_labels(bounds)
        amounts = [Decimal(a) for a in past_due]
        if len(amounts) != len(labels):
            raise InvalidValue("past_due", amounts, f"expected {len(labels)} bucket amounts")
        first = Decimal(not_due)
        return cls(
            as_of=to_date(as_of, "as_of"),
            currency=currency,
            not_due=Money(first, currency),
            buckets=tuple(
                (label, Money(a, currency)) for label, a in zip(labels, amounts, strict=True)
            ),
            total=Money(first + sum(amounts, _ZERO), currency),
            bounds=check_bounds(bounds),
        )

    @property
    def past_due(self) -> Money:
        """The balance past due: the sum of the buckets."""
        return Money._unchecked(sum((m.amount for _, m in self.buckets), _ZERO), self.currency)

    def bucket(self, label: str) -> Money:
        """The balance of the bucket ``label`` (``"not_due"`` for the not-yet-due part)."""
        if label == "not_due":
            return self.not_due
        for name, money in self.buckets:
            if name == label:
                return money
        names = ", ".join(["not_due", *(name for name, _ in self.buckets)])
        raise InvalidValue("label", label, f"no such bucket (one of {names})")

    def as_dict(self) -> dict[str, Money]:
        """``{"not_due": ..., "1-30": ..., ...}``, ready for `provision_matrix`."""
        return {"not_due": self.not_due, **dict(self.buckets)}

    def _repr_html_(self) -> str:
        """HTML for notebooks: each bucket's amount and share, with a bar."""
        from ..display import aging_html

        return aging_html(self)

    def to_frame(self, *, floats: bool = False) -> pl.DataFrame:
        """One row per bucket, ``not_due`` first (see `display.aging_to_frame`).

        Examples:
            >>> b = AgingBalance.from_amounts(as_of="2025-06-30", currency="EUR",
            ...                               not_due=100, past_due=[50, 0, 0, 50])
            >>> b.to_frame().select("bucket", "share").rows()[:2]
            [('not_due', Decimal('0.5000')), ('1-30', Decimal('0.2500'))]
        """
        from ..display import aging_to_frame

        return aging_to_frame(self, floats=floats)


def aging_by_currency(
    claims: Iterable[Claim], *, as_of: DateLike, bounds: Iterable[int] = DEFAULT_BOUNDS
) -> dict[str, AgingBalance]:
    """The aging of ``claims`` as of ``as_of``, one `AgingBalance` per currency.

    Examples:
        >>> from recouvrement.sample import sample_claim
        >>> sorted(aging_by_currency([sample_claim()], as_of="2025-06-30"))
        ['EUR']
    """
    day = to_date(as_of, "as_of")
    limits = check_bounds(bounds)
    labels = bucket_labels(limits)
    ordinal = day.toordinal()
    width = len(labels) + 1
    sums: dict[str, list[Decimal]] = {}
    if isinstance(claims, str | bytes | Mapping) or not isinstance(claims, Iterable):
        raise InvalidType("claims", claims, "an iterable of Claim")
    for index, claim in enumerate(claims):
        if not isinstance(claim, Claim):
            raise InvalidType(f"claims[{index}]", claim, "Claim")
        if claim.issued_on.toordinal() > ordinal:
            continue
        if claim.events:
            gone = exit_ordinal(claim)
            if gone is not None and gone <= ordinal:
                continue
        balance = claim.outstanding(as_of=day).amount
        late = ordinal - claim.due_on.toordinal()
        slot = 0 if late <= 0 else 1 + bisect_left(limits, late)
        row = sums.get(claim.currency)
        if row is None:
            row = sums[claim.currency] = [_ZERO] * width
        row[slot] += balance
    return {
        currency: _balance(day, currency, row, labels, limits)
        for currency, row in sorted(sums.items())
    }


def _balance(
    day: pendulum.Date,
    currency: str,
    row: list[Decimal],
    labels: tuple[str, ...],
    limits: tuple[int, ...],
) -> AgingBalance:
    return AgingBalance(
        as_of=day,
        currency=currency,
        not_due=Money._unchecked(row[0], currency),
        buckets=tuple(
            (label, Money._unchecked(amount, currency))
            for label, amount in zip(labels, row[1:], strict=True)
        ),
        total=Money._unchecked(sum(row, _ZERO), currency),
        bounds=limits,
    )


def aging(
    claims: Iterable[Claim], *, as_of: DateLike, bounds: Iterable[int] = DEFAULT_BOUNDS
) -> AgingBalance | dict[str, AgingBalance]:
    """The aging balance (balance âgée) of ``claims`` as of ``as_of``.

    Args:
        claims: The claims (any iterable; read once).
        as_of: The date of the aging.
        bounds: The inclusive upper bounds of the past-due buckets, in days
            (``(30, 60, 90)``: 1-30, 31-60, 61-90, >90).

    Returns:
        One `AgingBalance` when the claims are in one currency (zero EUR when there are
        none), else a mapping currency -> `AgingBalance` (see `aging_by_currency`).

    Examples:
        >>> from recouvrement.sample import sample_claim
        >>> claim = sample_claim()
        >>> b = aging([claim], as_of="2025-03-01")
        >>> {label: str(m.amount) for label, m in b.buckets}
        {'1-30': '1500.00', '31-60': '0', '61-90': '0', '>90': '0'}
    """
    limits = check_bounds(bounds)
    result = aging_by_currency(claims, as_of=as_of, bounds=limits)
    if len(result) == 1:
        return next(iter(result.values()))
    if not result:
        day = to_date(as_of, "as_of")
        return _balance(day, "EUR", [_ZERO] * (len(limits) + 2), bucket_labels(limits), limits)
    return result
