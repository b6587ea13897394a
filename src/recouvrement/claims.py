"""Claims (créances): what is owed, by whom, since when, and what happened since.

Examples:
    >>> from recouvrement import Claim, Creditor, Debtor, Payment, PaymentTerms
    >>> acme = Creditor(id="C1", name="Acme SAS", kind="professional")
    >>> client = Debtor(id="D1", name="Martin SARL", kind="professional")
    >>> claim = Claim(id="F-2025-001", creditor=acme, debtor=client, nature="commercial",
    ...               amount="1200.00", issued_on="2025-01-15", terms=PaymentTerms.net(30),
    ...               payments=[Payment(on="2025-03-01", amount="200.00")])
    >>> claim.due_on, claim.due_basis
    (Date(2025, 2, 14), 'terms')
    >>> claim.outstanding(as_of="2025-02-20"), claim.days_past_due(as_of="2025-02-20")
    (Money('1200.00', 'EUR'), 6)
    >>> claim.outstanding(as_of="2025-03-01")
    Money('1000.00', 'EUR')
"""

from __future__ import annotations

import datetime as _dt
import sys
from collections.abc import Iterable, Mapping
from decimal import Decimal
from enum import Enum
from itertools import pairwise
from typing import Any, TypeVar, cast

import attrs
import pendulum

from . import jurisdictions
from ._convert import (
    from_ordinal,
    to_date,
    to_enum,
    to_optional_date,
)
from ._serde import (
    DECODE,
    Record,
    read_list,
    read_records,
    record_from_dict,
    record_to_dict,
)
from .errors import InvalidClaim, InvalidType
from .events import EVENT_TYPES, Event, Judgment, PaymentPlan, event_from_dict
from .money import Money, to_money
from .parties import Creditor, Debtor
from .terms import PaymentTerms

__all__ = ["Claim", "ClaimNature", "CreditNote", "Payment"]

T = TypeVar("T")


class ClaimNature(str, Enum):
    """The nature of a claim, which drives the law that applies to it."""

    COMMERCIAL = "commercial"
    """Between professionals (B2B): C. com. L441-10, L110-4."""
    CONSUMER = "consumer"
    """A professional against a consumer: C. consom. L218-2."""
    CIVIL = "civil"
    """Between individuals, or any claim under the common law: C. civ. 2224."""
    RESIDENTIAL_RENT = "residential_rent"
    """Residential rent and charges: loi 89-462 art. 7-1."""
    COMMERCIAL_RENT = "commercial_rent"
    """Commercial lease rent."""
    WAGES = "wages"
    """Wages: C. trav. L3245-1."""
    TRANSPORT = "transport"
    """Carriage of goods: C. com. L133-6."""
    TAX = "tax"
    """Tax recovery: LPF L274."""
    ALIMONY = "alimony"
    """Maintenance (pension alimentaire)."""
    INSURANCE = "insurance"
    """Insurance contract: C. assur. L114-1."""
    PUBLIC_PROCUREMENT = "public_procurement"
    """A public buyer's payment under a public contract: CCP L2192-10 ff."""


def _positive_amount(instance: Any, attribute: attrs.Attribute[Any], value: Money) -> None:
    if value.amount <= 0:
        raise InvalidClaim(attribute.name, value, "must be a positive amount")


def _optional_text(field: str) -> Any:
    def check(_: Any, __: attrs.Attribute[Any], value: Any) -> None:
        if value is not None and not isinstance(value, str):
            raise InvalidType(field, value, "str or None")

    return check


def _to_amount(value: Any) -> Money:
    return to_money(value, "amount")


def _to_issued_on(value: Any) -> pendulum.Date:
    return to_date(value, "issued_on")


def _to_nature(value: Any) -> ClaimNature:
    return to_enum(ClaimNature, value, "nature")


def _to_on(value: Any) -> pendulum.Date:
    return to_date(value, "on")


def _to_prescription_starts_on(value: Any) -> pendulum.Date | None:
    return to_optional_date(value, "prescription_starts_on")


_FIRST_DAY = _dt.date(1900, 1, 1).toordinal()
_LAST_DAY = _dt.date(2199, 12, 31).toordinal()


@attrs.frozen(slots=True, kw_only=True)
class Payment(Record):
    """A payment received against a claim (règlement), possibly partial.

    Attributes:
        on: The day it was received.
        amount: A positive amount, in the claim's currency.
        reference: Your reference for it (bank transaction, cheque number...).
    """

    on: pendulum.Date = attrs.field(converter=_to_on)
    amount: Money = attrs.field(converter=_to_amount, validator=_positive_amount)
    reference: str | None = attrs.field(default=None, validator=_optional_text("reference"))


@attrs.frozen(slots=True, kw_only=True)
class CreditNote(Record):
    """A credit note (avoir) that reduces the claim from its date.

    A claim's own ``amount`` is always positive; credit notes are the explicit negative
    adjustments to it.

    Attributes:
        on: The day it was issued.
        amount: A positive amount, deducted from the claim.
        reference: Its number.
    """

    on: pendulum.Date = attrs.field(converter=_to_on)
    amount: Money = attrs.field(converter=_to_amount, validator=_positive_amount)
    reference: str | None = attrs.field(default=None, validator=_optional_text("reference"))


def _all_of(value: Any, kinds: frozenset[type]) -> bool:
    """Whether ``value`` is a tuple of records of exactly these classes (kept as it is)."""
    return type(value) is tuple and all(type(item) in kinds for item in value)


def _payments(value: Any) -> tuple[Payment, ...]:
    return read_records(value, Payment, Payment.from_dict, "payments")


def _credit_notes(value: Any) -> tuple[CreditNote, ...]:
    return read_records(value, CreditNote, CreditNote.from_dict, "credit_notes")


_EVENT_CLASSES = tuple(EVENT_TYPES.values())
_EVENT_SET = frozenset(_EVENT_CLASSES)


def _events(value: Any) -> tuple[Event, ...]:
    if _all_of(value, _EVENT_SET):
        return cast(tuple[Event, ...], value)
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise InvalidType("events", value, "a sequence of events")
    items: list[Event] = []
    for index, item in enumerate(value):
        if type(item) is dict or isinstance(item, Mapping):
            item = event_from_dict(item)
        if not isinstance(item, _EVENT_CLASSES):
            raise InvalidType(f"events[{index}]", item, "an event (Reminder, FormalNotice, ...)")
        items.append(item)
    return tuple(items)


def _creditor(value: Any) -> Creditor:
    if type(value) is Creditor:
        return value
    if isinstance(value, Mapping):
        return Creditor.from_dict(value)
    if not isinstance(value, Creditor):
        raise InvalidType("creditor", value, "Creditor")
    return value


def _debtor(value: Any) -> Debtor:
    if type(value) is Debtor:
        return value
    if isinstance(value, Mapping):
        return Debtor.from_dict(value)
    if not isinstance(value, Debtor):
        raise InvalidType("debtor", value, "Debtor")
    return value


def _terms(value: Any) -> PaymentTerms | None:
    if value is None or isinstance(value, PaymentTerms):
        return value
    if isinstance(value, Mapping):
        return PaymentTerms.from_dict(value)
    raise InvalidType("terms", value, "PaymentTerms or None")


def _due_on(value: Any) -> pendulum.Date:
    # None is replaced by the derived due date in Claim.__attrs_post_init__.
    return cast(pendulum.Date, to_optional_date(value, "due_on"))


def _jurisdiction(value: Any) -> str:
    if not isinstance(value, str) or len(value) != 2 or not (value.isascii() and value.isalpha()):
        raise InvalidClaim(
            "jurisdiction", value, "expected an ISO 3166-1 alpha-2 code such as 'FR'"
        )
    return sys.intern(value.upper())  # one shared string per code


def may_precede_issue(event: Event) -> bool:
    """Internal: whether an event may be dated before its claim's issue date. A judgment
    ordering the instalments to fall due (rents à échoir) is the title of instalments
    issued after it: the one such event (shared with the vectorised CSV reader)."""
    return isinstance(event, Judgment) and event.covers_future_instalments


def event_money(event: Event) -> tuple[Money | None, str]:
    """Internal: the amount of an event that must be in its claim's currency, and the
    field it is in (a plan's instalments share one currency, checked by the plan)."""
    if isinstance(event, PaymentPlan):
        return event.instalments[0].amount, "instalments"
    amount = getattr(event, "amount", None)
    return (amount if isinstance(amount, Money) else None), "amount"


@attrs.frozen(slots=True, kw_only=True)
class Claim:
    """A claim (créance): an amount owed by a debtor to a creditor, and its history.

    Attributes:
        id: Your identifier for the claim (invoice number...).
        creditor: The [`Creditor`][recouvrement.Creditor].
        debtor: The [`Debtor`][recouvrement.Debtor].
        nature: The [`ClaimNature`][recouvrement.ClaimNature] (or its value).
        amount: The amount owed, positive (`Money`, or a number read as EUR).
        issued_on: The invoice date (or the day the debt arose).
        due_on: The due date. When omitted it is derived from ``terms``, or, for a
            commercial claim with no terms, set to the legal default of 30 days
            (C. com. L441-10 I al. 1, counted here from the invoice date). Otherwise
            `InvalidClaim` is raised.
        terms: The [`PaymentTerms`][recouvrement.PaymentTerms], if any.
        payments: The [`Payment`][recouvrement.Payment]s received, in any order.
        credit_notes: The [`CreditNote`][recouvrement.CreditNote]s issued against it.
        events: Its history: reminders, formal notice, disputes, legal actions...
        reference: A free reference printed on letters (order number...).
        prescription_starts_on: An explicit start of the limitation period (delivery,
            completion of works), which wins over the due date.
        jurisdiction: Whose law applies (``"FR"``).

    Raises:
        InvalidClaim: On inconsistent data: a due date before the issue date, a payment,
            credit note or event dated before the claim exists (except a `Judgment` with
            ``covers_future_instalments``: a judgment ordering the rents to fall due is the
            title of the instalments issued after it), amounts in another currency.
        UnsupportedJurisdiction: ``due_on`` and ``terms`` are both omitted and no
            jurisdiction is registered under ``jurisdiction`` to give the default term.

    Attributes:
        due_basis: How ``due_on`` was set: ``"given"``, ``"terms"`` or ``"legal_default"``.
    """

    id: str = attrs.field()
    creditor: Creditor = attrs.field(converter=_creditor, metadata={DECODE: Creditor.from_dict})
    debtor: Debtor = attrs.field(converter=_debtor, metadata={DECODE: Debtor.from_dict})
    nature: ClaimNature = attrs.field(converter=_to_nature)
    amount: Money = attrs.field(converter=_to_amount, validator=_positive_amount)
    issued_on: pendulum.Date = attrs.field(converter=_to_issued_on)
    due_on: pendulum.Date = attrs.field(default=None, converter=_due_on)
    terms: PaymentTerms | None = attrs.field(default=None, converter=_terms)
    payments: tuple[Payment, ...] = attrs.field(default=(), converter=_payments)
    credit_notes: tuple[CreditNote, ...] = attrs.field(default=(), converter=_credit_notes)
    events: tuple[Event, ...] = attrs.field(default=(), converter=_events)
    reference: str | None = attrs.field(default=None, validator=_optional_text("reference"))
    prescription_starts_on: pendulum.Date | None = attrs.field(
        default=None, converter=_to_prescription_starts_on
    )
    jurisdiction: str = attrs.field(default="FR", converter=_jurisdiction)
    due_basis: str = attrs.field(init=False, default="given")
    _adjustments: tuple[tuple[int, Decimal], ...] = attrs.field(
        init=False, default=(), repr=False, eq=False
    )

    @id.validator
    def _check_id(self, _: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, str):
            raise InvalidType("id", value, "str")
        if not value.strip():
            raise InvalidClaim("id", value, "must not be empty")

    def _legal_default_due(self) -> pendulum.Date:
        """The due date the claim's law sets when nothing is agreed (found through the registry)."""
        law = jurisdictions.get(self.jurisdiction)
        days = law.default_term_days(self)
        if days is None:
            raise InvalidClaim(
                "due_on",
                None,
                f"give due_on or terms ({law.name} law sets no default payment term for a "
                f"{self.nature.value} claim)",
                claim_id=self.id,
            )
        return from_ordinal(self.issued_on.toordinal() + days)

    def __attrs_post_init__(self) -> None:
        claim_id = self.id
        for name in ("issued_on", "due_on", "prescription_starts_on"):
            day = getattr(self, name)
            if day is not None and not _FIRST_DAY <= day.toordinal() <= _LAST_DAY:
                raise InvalidClaim(
                    name,
                    day.isoformat(),
                    "out of the range of ledger dates (1900-01-01 to 2199-12-31): date "
                    "arithmetic on it would overflow",
                    claim_id=claim_id,
                )
        if self.due_on is None:
            if self.terms is not None:
                due, basis = self.terms.due_date(self.issued_on), "terms"
            else:
                due, basis = self._legal_default_due(), "legal_default"
            object.__setattr__(self, "due_on", due)
            object.__setattr__(self, "due_basis", basis)
        elif self.due_on < self.issued_on:
            raise InvalidClaim(
                "due_on",
                self.due_on,
                f"must not be before issued_on ({self.issued_on.isoformat()})",
                claim_id=claim_id,
            )
        currency = self.amount.currency
        issued = self.issued_on
        adjustments: list[tuple[int, Decimal]] = []
        groups: tuple[tuple[str, tuple[Payment | CreditNote, ...]], ...] = (
            ("payments", self.payments),
            ("credit_notes", self.credit_notes),
        )
        for name, items in groups:
            for index, item in enumerate(items):
                if item.amount.currency != currency:
                    raise InvalidClaim(
                        f"{name}[{index}].amount",
                        item.amount,
                        f"is not in the claim's currency {currency}",
                        claim_id=claim_id,
                    )
                if item.on < issued:
                    raise InvalidClaim(
                        f"{name}[{index}].on",
                        item.on,
                        f"is before the claim was issued ({issued.isoformat()})",
                        claim_id=claim_id,
                    )
                if item.on.toordinal() > _LAST_DAY:
                    raise InvalidClaim(
                        f"{name}[{index}].on",
                        item.on.isoformat(),
                        "is after 2199-12-31, the last ledger date",
                        claim_id=claim_id,
                    )
                adjustments.append((item.on.toordinal(), item.amount.amount))
        in_order = len(adjustments) < 2 or all(a[0] <= b[0] for a, b in pairwise(adjustments))
        if not (in_order and not self.credit_notes):
            # Otherwise (the common case: payments only, in date order) the payments are
            # read as they are (`_moves`): no second copy of them is kept.
            adjustments.sort(key=lambda pair: pair[0])
            object.__setattr__(self, "_adjustments", tuple(adjustments))
        for index, event in enumerate(self.events):
            for day in event.dates():
                if day < issued and not may_precede_issue(event):
                    raise InvalidClaim(
                        f"events[{index}]",
                        event,
                        f"{type(event).__name__} dated {day.isoformat()} is before the claim "
                        f"was issued ({issued.isoformat()}); only a Judgment with "
                        "covers_future_instalments=True may be",
                        claim_id=claim_id,
                    )
                if day.toordinal() > _LAST_DAY:
                    raise InvalidClaim(
                        f"events[{index}]",
                        day.isoformat(),
                        f"{type(event).__name__} dated after 2199-12-31, the last ledger date",
                        claim_id=claim_id,
                    )
            amount, where = event_money(event)
            if amount is not None and amount.currency != currency:
                raise InvalidClaim(
                    f"events[{index}].{where}",
                    amount,
                    f"is not in the claim's currency {currency}",
                    claim_id=claim_id,
                )

    # -- balances ---------------------------------------------------------------------------

    @property
    def currency(self) -> str:
        """The claim's ISO 4217 currency code."""
        return self.amount.currency

    def _moves(self) -> Iterable[tuple[int, Decimal]]:
        """Payments and credit notes as (ordinal, amount), in date order."""
        if self._adjustments or not self.payments:
            return self._adjustments
        return ((p.on.toordinal(), p.amount.amount) for p in self.payments)

    def _reduced(self, as_of: int) -> Decimal:
        total = Decimal(0)
        for day, amount in self._moves():
            if day > as_of:
                break
            total += amount
        return total

    def outstanding(self, *, as_of: Any) -> Money:
        """The balance on ``as_of``: amount less credit notes and payments dated on or before it.

        An overpayment is a negative balance, never dropped.

        Examples:
            >>> from recouvrement import sample_claim
            >>> sample_claim().outstanding(as_of="2025-06-30")
            Money('1500.00', 'EUR')
        """
        day = to_date(as_of, "as_of").toordinal()
        return Money._unchecked(self.amount.amount - self._reduced(day), self.amount.currency)

    def paid(self, *, as_of: Any) -> Money:
        """The sum of payments received on or before ``as_of`` (credit notes excluded)."""
        day = to_date(as_of, "as_of")
        total = sum((p.amount.amount for p in self.payments if p.on <= day), Decimal(0))
        return Money._unchecked(total, self.amount.currency)

    def credited(self, *, as_of: Any) -> Money:
        """The sum of credit notes issued on or before ``as_of``."""
        day = to_date(as_of, "as_of")
        total = sum((c.amount.amount for c in self.credit_notes if c.on <= day), Decimal(0))
        return Money._unchecked(total, self.amount.currency)

    def is_settled(self, *, as_of: Any) -> bool:
        """Whether nothing is left to pay on ``as_of`` (balance zero or negative)."""
        return self.outstanding(as_of=as_of).amount <= 0

    def settled_on(self) -> pendulum.Date | None:
        """The first day the balance reached zero or less, or ``None`` if it never did.

        Examples:
            >>> from recouvrement import sample_claim
            >>> sample_claim().settled_on() is None
            True
        """
        remaining = self.amount.amount
        for day, amount in self._moves():
            remaining -= amount
            if remaining <= 0:
                return from_ordinal(day)
        return None

    def is_due(self, *, as_of: Any) -> bool:
        """Whether the due date has passed on ``as_of`` (due today is not yet overdue)."""
        return to_date(as_of, "as_of") > self.due_on

    def days_past_due(self, *, as_of: Any) -> int:
        """Days since the due date on ``as_of``; 0 when not yet due (due today is 0).

        It counts calendar days whatever the balance: ask `is_settled` for that.
        """
        return max(0, to_date(as_of, "as_of").toordinal() - self.due_on.toordinal())

    def events_of(
        self, kinds: type[T] | tuple[type[T], ...], *, as_of: Any = None
    ) -> tuple[T, ...]:
        """The events of the given classes, dated on or before ``as_of`` if given, by date.

        Examples:
            >>> from recouvrement import FormalNotice, sample_claim
            >>> sample_claim().events_of(FormalNotice, as_of="2025-06-30")
            (FormalNotice(on=Date(2025, 4, 2), cure_days=8),)
        """
        limit = None if as_of is None else to_date(as_of, "as_of")
        found = [
            e for e in self.events if isinstance(e, kinds) and (limit is None or e.date <= limit)
        ]
        found.sort(key=lambda e: e.date)
        return tuple(found)

    # -- serialisation ----------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """Return a lossless JSON-compatible dict (a derived ``due_on`` is not written)."""
        data = record_to_dict(self)
        if self.due_basis != "given":
            data.pop("due_on", None)
        return data

    @classmethod
    def from_dict(cls, data: Any) -> Claim:
        """Read back what `to_dict` wrote; unknown or missing keys raise `InvalidData`.

        Examples:
            >>> from recouvrement import sample_claim
            >>> claim = sample_claim()
            >>> Claim.from_dict(claim.to_dict()) == claim
            True
        """
        if isinstance(data, Mapping):
            # Serialised data: a history that is not a JSON list is bad data (InvalidData),
            # not a caller passing the wrong type (the constructor's InvalidType).
            for key in ("payments", "credit_notes", "events"):
                if key in data:
                    read_list(data[key], key, lambda item: item)
        result: Claim = record_from_dict(cls, data, where="Claim")
        return result
