"""Events on a claim's history: what happened, and when.

Every event is a frozen, dated record. Its ``date`` property is the day it happened
(or started); its ``dates()`` lists every date it carries, so a claim can check that
nothing happens before it exists. Each event reads and writes itself as a dict tagged
with its ``type``.

Examples:
    >>> from recouvrement import Reminder, Dispute, Channel, event_from_dict
    >>> r = Reminder(on="2025-03-01", channel="email", step="courteous")
    >>> r.to_dict()
    {'type': 'reminder', 'on': '2025-03-01', 'channel': 'email', 'step': 'courteous'}
    >>> event_from_dict(r.to_dict()) == r
    True
    >>> Dispute(opened_on="2025-03-10", closed_on="2025-03-01")
    Traceback (most recent call last):
    ...
    recouvrement.errors.InvalidEvent: closed_on=Date(2025, 3, 1): must not be before opened_on (2025-03-10)
"""

from __future__ import annotations

import functools
import itertools
import operator
from collections.abc import Callable, Mapping
from decimal import Decimal
from enum import Enum
from typing import Any, ClassVar, TypeAlias, cast

import attrs
import pendulum

from ._convert import (
    to_date,
    to_decimal,
    to_enum,
    to_optional_date,
)
from ._serde import DECODE, Record, read_records, record_from_dict, record_to_dict
from .errors import InvalidData, InvalidEvent, InvalidType
from .money import Money, to_money

__all__ = [
    "EVENT_TYPES",
    "Acknowledgment",
    "AgencyHandover",
    "Cancellation",
    "Channel",
    "ClaimDeclaration",
    "CourtInquiry",
    "DeliverySuspension",
    "Dispute",
    "DisputeOutcome",
    "EnforcementAct",
    "Event",
    "ForceMajeure",
    "FormalNotice",
    "InsolvencyKind",
    "InsolvencyProceeding",
    "Instalment",
    "Judgment",
    "LegalAction",
    "LegalActionKind",
    "Mediation",
    "OverIndebtedness",
    "PaymentPlan",
    "PaymentPromise",
    "RecoveryCost",
    "Reminder",
    "WriteOff",
    "event_from_dict",
]


class Channel(str, Enum):
    """How a message reaches the debtor."""

    EMAIL = "email"
    SMS = "sms"
    PHONE = "phone"
    LETTER = "letter"
    REGISTERED_LETTER = "registered_letter"
    """Lettre recommandée avec accusé de réception (LRAR)."""
    VISIT = "visit"


class DisputeOutcome(str, Enum):
    """How a dispute (litige) ended."""

    CREDIT_NOTE = "credit_note"
    """The creditor agreed, in whole or in part, and issued a credit note (avoir)."""
    REJECTED = "rejected"
    """The dispute was found unfounded."""
    WITHDRAWN = "withdrawn"
    """The debtor withdrew it."""


class LegalActionKind(str, Enum):
    """The court (or pre-court) route taken."""

    SMALL_CLAIMS = "small_claims"
    """Procédure simplifiée de recouvrement des petites créances (CPCE L125-1)."""
    PAYMENT_ORDER = "payment_order"
    """Injonction de payer (CPC 1405)."""
    SUMMONS = "summons"
    """Assignation au fond."""
    INTERIM = "interim"
    """Référé-provision."""


class InsolvencyKind(str, Enum):
    """The collective insolvency procedure (procédure collective, C. com. livre VI)."""

    SAFEGUARD = "safeguard"
    """Sauvegarde."""
    RECEIVERSHIP = "receivership"
    """Redressement judiciaire."""
    LIQUIDATION = "liquidation"
    """Liquidation judiciaire."""


def _not_before(start: str, end: str) -> Any:
    """Validator: the field ``end`` must not be before the field ``start``."""

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        first = getattr(instance, start)
        if value is not None and first is not None and value < first:
            raise InvalidEvent(end, value, f"must not be before {start} ({first.isoformat()})")

    return check


def _positive_money(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and value.amount <= 0:
        raise InvalidEvent(attribute.name, value, "must be a positive amount")


def _optional_percent(value: Any) -> Decimal | None:
    if value is None:
        return None
    rate = to_decimal(value, "fee_rate")
    if not 0 <= rate <= 100:
        raise InvalidEvent("fee_rate", value, "must be a percent between 0 and 100")
    return rate


def _optional_text(field: str) -> Any:
    def check(_: Any, __: attrs.Attribute[Any], value: Any) -> None:
        if value is not None and not isinstance(value, str):
            raise InvalidType(field, value, "str or None")

    return check


def _bool(field: str) -> Any:
    def check(_: Any, __: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, bool):
            raise InvalidType(field, value, "bool")

    return check


def _optional_bool(field: str) -> Any:
    """Validator: ``None`` or a real bool (not 0/1, not a string), naming the field."""
    check_bool = _bool(field)

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None:
            check_bool(instance, attribute, value)

    return check


@functools.cache
def _field_values(cls: type) -> Callable[[Any], tuple[Any, ...]]:
    """A reader of the attribute values of an event class (built once: attrs.fields is slow)."""
    names = [f.name for f in attrs.fields(cls)]
    if len(names) == 1:  # attrgetter of one name returns the value, not a tuple
        only = operator.attrgetter(names[0])
        return lambda record: (only(record),)
    return operator.attrgetter(*names)


class _EventBase:
    """Shared behaviour of events: a type tag, a main date, serialisation."""

    __slots__ = ()
    TYPE: ClassVar[str]
    _DATE_FIELD: ClassVar[str] = "on"

    @property
    def date(self) -> pendulum.Date:
        """The day the event happened (or started)."""
        value: pendulum.Date = getattr(self, self._DATE_FIELD)
        return value

    def dates(self) -> tuple[pendulum.Date, ...]:
        """Every date the event carries."""
        values = _field_values(cast(Any, type(self)))(self)
        return tuple([value for value in values if isinstance(value, pendulum.Date)])

    def to_dict(self) -> dict[str, Any]:
        """Return a lossless JSON-compatible dict tagged with the event ``type``."""
        return record_to_dict(self, type_tag=self.TYPE)

    @classmethod
    def from_dict(cls, data: Any) -> Any:
        """Read back what `to_dict` wrote; unknown or missing keys raise `InvalidData`."""
        return record_from_dict(cls, data, where=cls.__name__, type_tag=cls.TYPE)


def _to_admissible_on(value: Any) -> pendulum.Date:
    return to_date(value, "admissible_on")


def _to_agreed_on(value: Any) -> pendulum.Date:
    return to_date(value, "agreed_on")


def _to_amount_agreed_on(value: Any) -> pendulum.Date | None:
    return to_optional_date(value, "amount_agreed_on")


def _to_amount(value: Any) -> Money:
    return to_money(value, "amount")


def _to_channel(value: Any) -> Channel:
    return to_enum(Channel, value, "channel")


def _to_closed_on(value: Any) -> pendulum.Date | None:
    return to_optional_date(value, "closed_on")


def _to_debtor_agreed_on(value: Any) -> pendulum.Date | None:
    return to_optional_date(value, "debtor_agreed_on")


def _to_due_on(value: Any) -> pendulum.Date:
    return to_date(value, "due_on")


def _to_end(value: Any) -> pendulum.Date | None:
    return to_optional_date(value, "end")


def _to_ended_on(value: Any) -> pendulum.Date | None:
    return to_optional_date(value, "ended_on")


def _to_filed_on(value: Any) -> pendulum.Date:
    return to_date(value, "filed_on")


def _to_kind(value: Any) -> LegalActionKind:
    return to_enum(LegalActionKind, value, "kind")


def _to_kind_insolvencykind(value: Any) -> InsolvencyKind:
    return to_enum(InsolvencyKind, value, "kind")


def _to_lifted_on(value: Any) -> pendulum.Date | None:
    return to_optional_date(value, "lifted_on")


def _to_until(value: Any) -> pendulum.Date | None:
    return to_optional_date(value, "until")


def _to_returned_on(value: Any) -> pendulum.Date | None:
    return to_optional_date(value, "returned_on")


def _to_on(value: Any) -> pendulum.Date:
    return to_date(value, "on")


def _to_opened_on(value: Any) -> pendulum.Date:
    return to_date(value, "opened_on")


def _to_optional_amount(value: Any) -> Money | None:
    return None if value is None else to_money(value, "amount")


def _to_ordered_on(value: Any) -> pendulum.Date | None:
    return to_optional_date(value, "ordered_on")


def _to_outcome(value: Any) -> DisputeOutcome | None:
    return None if value is None else to_enum(DisputeOutcome, value, "outcome")


def _to_promised_for(value: Any) -> pendulum.Date:
    return to_date(value, "promised_for")


def _to_published_on(value: Any) -> pendulum.Date | None:
    return to_optional_date(value, "published_on")


def _to_served_on(value: Any) -> pendulum.Date | None:
    return to_optional_date(value, "served_on")


def _to_start(value: Any) -> pendulum.Date:
    return to_date(value, "start")


@attrs.frozen(slots=True, kw_only=True)
class Reminder(_EventBase):
    """A reminder (relance) was sent.

    Attributes:
        on: The day it was sent.
        channel: The [`Channel`][recouvrement.Channel] used.
        step: The id of the escalation-policy step it carried out, if any.
    """

    TYPE: ClassVar[str] = "reminder"
    on: pendulum.Date = attrs.field(converter=_to_on)
    channel: Channel = attrs.field(converter=_to_channel)
    step: str | None = attrs.field(default=None, validator=_optional_text("step"))


@attrs.frozen(slots=True, kw_only=True)
class FormalNotice(_EventBase):
    """A formal notice (mise en demeure, C. civ. 1344) was sent.

    It starts interest on civil and consumer claims (C. civ. 1231-6, 1344-1) and makes a
    penalty clause due (1231-5). It does **not** interrupt prescription.

    Attributes:
        on: The day it was sent.
        cure_days: The cure period it gave the debtor, in days, if any.
    """

    TYPE: ClassVar[str] = "formal_notice"
    on: pendulum.Date = attrs.field(converter=_to_on)
    cure_days: int | None = attrs.field(default=None)

    @cure_days.validator
    def _check_cure(self, _: attrs.Attribute[Any], value: Any) -> None:
        if value is None:
            return
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidType("cure_days", value, "int or None")
        if value < 0:
            raise InvalidEvent("cure_days", value, "must not be negative")


@attrs.frozen(slots=True, kw_only=True)
class Acknowledgment(_EventBase):
    """The debtor acknowledged the debt (reconnaissance de dette): interrupts prescription
    (C. civ. 2240)."""

    TYPE: ClassVar[str] = "acknowledgment"
    on: pendulum.Date = attrs.field(converter=_to_on)


@attrs.frozen(slots=True, kw_only=True)
class Dispute(_EventBase):
    """The debtor disputes the claim (litige), in whole or for ``amount``.

    Attributes:
        opened_on: The day the dispute was raised.
        closed_on: The day it was settled, if it was.
        amount: The disputed part; ``None`` means the whole claim.
        outcome: How it ended, a [`DisputeOutcome`][recouvrement.DisputeOutcome].
    """

    TYPE: ClassVar[str] = "dispute"
    _DATE_FIELD: ClassVar[str] = "opened_on"
    opened_on: pendulum.Date = attrs.field(converter=_to_opened_on)
    closed_on: pendulum.Date | None = attrs.field(
        default=None,
        converter=_to_closed_on,
        validator=_not_before("opened_on", "closed_on"),
    )
    amount: Money | None = attrs.field(
        default=None,
        converter=_to_optional_amount,
        validator=_positive_money,
    )
    outcome: DisputeOutcome | None = attrs.field(
        default=None,
        converter=_to_outcome,
    )

    def is_open(self, as_of: pendulum.Date) -> bool:
        """Whether the dispute is open on ``as_of``."""
        return self.opened_on <= as_of and (self.closed_on is None or self.closed_on > as_of)


@attrs.frozen(slots=True, kw_only=True)
class PaymentPromise(_EventBase):
    """The debtor promised to pay (promesse de paiement).

    Attributes:
        on: The day the promise was made.
        promised_for: The day the debtor promised to pay by.
        amount: The amount promised; ``None`` means the whole balance.
    """

    TYPE: ClassVar[str] = "payment_promise"
    on: pendulum.Date = attrs.field(converter=_to_on)
    promised_for: pendulum.Date = attrs.field(
        converter=_to_promised_for, validator=_not_before("on", "promised_for")
    )
    amount: Money | None = attrs.field(
        default=None,
        converter=_to_optional_amount,
        validator=_positive_money,
    )


@attrs.frozen(slots=True, kw_only=True)
class Instalment(Record):
    """One instalment (échéance) of a payment plan."""

    due_on: pendulum.Date = attrs.field(converter=_to_due_on)
    amount: Money = attrs.field(converter=_to_amount, validator=_positive_money)


def _instalments(value: Any) -> tuple[Instalment, ...]:
    return read_records(value, Instalment, Instalment.from_dict, "instalments")


def _check_instalments(
    instance: Any, _: attrs.Attribute[Any], value: tuple[Instalment, ...]
) -> None:
    if not value:
        raise InvalidEvent("instalments", value, "a payment plan needs at least one instalment")
    currencies = {i.amount.currency for i in value}
    if len(currencies) > 1:
        raise InvalidEvent("instalments", value, f"mixes currencies {sorted(currencies)}")
    for index, (before, after) in enumerate(itertools.pairwise(value)):
        if after.due_on <= before.due_on:
            raise InvalidEvent(
                f"instalments[{index + 1}].due_on",
                after.due_on,
                "instalments must be in date order",
            )
    if value[0].due_on < instance.agreed_on:
        raise InvalidEvent("instalments[0].due_on", value[0].due_on, "must not be before agreed_on")


@attrs.frozen(slots=True, kw_only=True)
class PaymentPlan(_EventBase):
    """A payment plan (échéancier) agreed with the debtor.

    Signed by the debtor, it is an acknowledgment of the debt and interrupts prescription
    (C. civ. 2240).

    Attributes:
        agreed_on: The day it was agreed.
        instalments: The [`Instalment`][recouvrement.Instalment]s, in date order.
        signed_by_debtor: Whether the debtor signed it.

    Examples:
        >>> plan = PaymentPlan(agreed_on="2025-01-10", instalments=[
        ...     Instalment(due_on="2025-02-01", amount="500"),
        ...     Instalment(due_on="2025-03-01", amount="500")])
        >>> plan.total
        Money('1000', 'EUR')
    """

    TYPE: ClassVar[str] = "payment_plan"
    _DATE_FIELD: ClassVar[str] = "agreed_on"
    agreed_on: pendulum.Date = attrs.field(converter=_to_agreed_on)
    instalments: tuple[Instalment, ...] = attrs.field(
        converter=_instalments,
        validator=_check_instalments,
        metadata={DECODE: _instalments},
    )
    signed_by_debtor: bool = attrs.field(default=True, validator=_bool("signed_by_debtor"))

    @property
    def total(self) -> Money:
        """The sum of the instalments."""
        return sum(
            (i.amount for i in self.instalments), Money.zero(self.instalments[0].amount.currency)
        )

    def dates(self) -> tuple[pendulum.Date, ...]:
        """Every date the plan carries (agreement and instalments)."""
        return (self.agreed_on, *(i.due_on for i in self.instalments))


@attrs.frozen(slots=True, kw_only=True)
class Mediation(_EventBase):
    """A mediation or conciliation: suspends prescription (C. civ. 2238)."""

    TYPE: ClassVar[str] = "mediation"
    _DATE_FIELD: ClassVar[str] = "start"
    start: pendulum.Date = attrs.field(converter=_to_start)
    end: pendulum.Date | None = attrs.field(
        default=None,
        converter=_to_end,
        validator=_not_before("start", "end"),
    )


@attrs.frozen(slots=True, kw_only=True)
class LegalAction(_EventBase):
    """A legal action (action en justice).

    Attributes:
        kind: The [`LegalActionKind`][recouvrement.LegalActionKind].
        filed_on: The day the request was filed (a payment-order request does not
            interrupt prescription; its service does).
        served_on: The day it was served on the debtor (signification).
        ended_on: The day the proceedings ended.
        debtor_agreed_on: For the small-claims procedure, the day the debtor agreed *to
            take part* in it (suspends prescription, C. civ. 2238; not a title).
        amount_agreed_on: For the small-claims procedure, the day creditor and debtor
            agreed on the amount and the terms of payment, recorded by the commissaire de
            justice: the day the enforceable title was issued (CPCE L125-1, L111-3 5°).
            Needs ``debtor_agreed_on`` (not after it) and ends the procedure.
        ordered_on: For a payment order, the day the judge made the order (optional). The
            service limit (CPC 1411: 6 months, 3 months for orders made from 2026-09-01)
            and the enforceability rule (CPC 1422) depend on it; when it is absent they
            are counted from ``filed_on`` with the stricter rule (see
            `recouvrement.decisions`). Not before ``filed_on``, not after ``served_on``.

    Examples:
        >>> order = LegalAction(kind="payment_order", filed_on="2026-08-20",
        ...                     ordered_on="2026-09-03")
        >>> order.ordered_on.isoformat()
        '2026-09-03'
        >>> LegalAction(kind="payment_order", filed_on="2026-08-20", ordered_on="2026-08-01")
        Traceback (most recent call last):
        ...
        recouvrement.errors.InvalidEvent: ordered_on=Date(2026, 8, 1): must not be before filed_on (2026-08-20)
    """

    TYPE: ClassVar[str] = "legal_action"
    _DATE_FIELD: ClassVar[str] = "filed_on"
    kind: LegalActionKind = attrs.field(converter=_to_kind)
    filed_on: pendulum.Date = attrs.field(converter=_to_filed_on)
    served_on: pendulum.Date | None = attrs.field(
        default=None,
        converter=_to_served_on,
        validator=_not_before("filed_on", "served_on"),
    )
    ended_on: pendulum.Date | None = attrs.field(
        default=None,
        converter=_to_ended_on,
        validator=_not_before("filed_on", "ended_on"),
    )
    debtor_agreed_on: pendulum.Date | None = attrs.field(
        default=None,
        converter=_to_debtor_agreed_on,
        validator=_not_before("filed_on", "debtor_agreed_on"),
    )
    ordered_on: pendulum.Date | None = attrs.field(
        default=None,
        converter=_to_ordered_on,
        validator=_not_before("filed_on", "ordered_on"),
    )
    amount_agreed_on: pendulum.Date | None = attrs.field(
        default=None,
        converter=_to_amount_agreed_on,
        validator=_not_before("debtor_agreed_on", "amount_agreed_on"),
    )

    def __attrs_post_init__(self) -> None:
        for name in ("debtor_agreed_on", "amount_agreed_on"):
            value = getattr(self, name)
            if value is not None and self.kind is not LegalActionKind.SMALL_CLAIMS:
                raise InvalidEvent(
                    name,
                    value,
                    f"only a small-claims procedure is agreed by the debtor, not {self.kind.value}",
                )
        agreed = self.amount_agreed_on
        if agreed is not None:
            if self.debtor_agreed_on is None:
                raise InvalidEvent(
                    "amount_agreed_on",
                    agreed,
                    "an agreement on the amount needs the debtor's agreement to take part "
                    "(debtor_agreed_on)",
                )
            if self.ended_on is not None and self.ended_on < agreed:
                raise InvalidEvent(
                    "ended_on",
                    self.ended_on,
                    f"must not be before amount_agreed_on ({agreed.isoformat()})",
                )
        ordered = self.ordered_on
        if ordered is not None:
            if self.kind is not LegalActionKind.PAYMENT_ORDER:
                raise InvalidEvent(
                    "ordered_on",
                    ordered,
                    f"only a payment order is made by a judge on request, not {self.kind.value}",
                )
            if self.served_on is not None and self.served_on < ordered:
                raise InvalidEvent(
                    "served_on",
                    self.served_on,
                    f"must not be before ordered_on ({ordered.isoformat()})",
                )


@attrs.frozen(slots=True, kw_only=True)
class CourtInquiry(_EventBase):
    """A measure of inquiry ordered by a court before any trial: suspends prescription
    (C. civ. 2239)."""

    TYPE: ClassVar[str] = "court_inquiry"
    _DATE_FIELD: ClassVar[str] = "start"
    start: pendulum.Date = attrs.field(converter=_to_start)
    end: pendulum.Date | None = attrs.field(
        default=None,
        converter=_to_end,
        validator=_not_before("start", "end"),
    )


@attrs.frozen(slots=True, kw_only=True)
class ForceMajeure(_EventBase):
    """An impossibility to act (force majeure): suspends prescription (C. civ. 2234)."""

    TYPE: ClassVar[str] = "force_majeure"
    _DATE_FIELD: ClassVar[str] = "start"
    start: pendulum.Date = attrs.field(converter=_to_start)
    end: pendulum.Date | None = attrs.field(
        default=None,
        converter=_to_end,
        validator=_not_before("start", "end"),
    )


@attrs.frozen(slots=True, kw_only=True)
class Judgment(_EventBase):
    """A judgment (jugement) for the creditor.

    Attributes:
        on: The day it was given.
        served_on: The day it was served on the debtor (signification); enforcement and
            its 10-year period (CPCE L111-4) run from it.
        by_default: Whether CPC 478 applies to it: ``True`` for a judgment by default
            (jugement par défaut) **and** for one deemed contradictory only because it may
            be appealed (jugement réputé contradictoire au seul motif qu'il est
            susceptible d'appel); both are non avenu unless served within 6 months of
            their date, and `next_action` then advises reiterating the summons. ``False``
            for an adversarial judgment; ``None`` when not recorded.
        covers_future_instalments: Whether the judgment also orders the instalments
            falling due after it (condamnation au paiement des loyers, charges or
            indemnité d'occupation à échoir, until the tenant leaves): it is then the
            title of those later instalments, and may be recorded on a claim (a rent
            instalment) issued after its date, the only event a claim accepts from before
            it was issued. Each such instalment keeps its own prescription from its due
            date, the judgment being enforceable for it (CPCE L111-4; Cass. 1re civ.,
            8 Jun 2016, n° 15-19.614).

    Examples:
        >>> march = Judgment(on="2025-03-12", served_on="2025-03-20",
        ...                  covers_future_instalments=True)
        >>> march.to_dict()["covers_future_instalments"]
        True
    """

    TYPE: ClassVar[str] = "judgment"
    on: pendulum.Date = attrs.field(converter=_to_on)
    served_on: pendulum.Date | None = attrs.field(
        default=None,
        converter=_to_served_on,
        validator=_not_before("on", "served_on"),
    )
    by_default: bool | None = attrs.field(default=None, validator=_optional_bool("by_default"))
    covers_future_instalments: bool = attrs.field(
        default=False, validator=_bool("covers_future_instalments")
    )


@attrs.frozen(slots=True, kw_only=True)
class EnforcementAct(_EventBase):
    """An enforcement act (acte d'exécution forcée) or, with ``conservatory=True``, a
    conservatory measure (mesure conservatoire): interrupts prescription (C. civ. 2244)."""

    TYPE: ClassVar[str] = "enforcement_act"
    on: pendulum.Date = attrs.field(converter=_to_on)
    conservatory: bool = attrs.field(default=False, validator=_bool("conservatory"))


@attrs.frozen(slots=True, kw_only=True)
class InsolvencyProceeding(_EventBase):
    """A collective insolvency proceeding opened against the debtor.

    Attributes:
        kind: The [`InsolvencyKind`][recouvrement.InsolvencyKind].
        opened_on: The day of the opening judgment.
        published_on: The day of its publication at the BODACC (starts the 2-month
            window to declare claims, C. com. R622-24).
        closed_on: The day the proceeding closed.
    """

    TYPE: ClassVar[str] = "insolvency_proceeding"
    _DATE_FIELD: ClassVar[str] = "opened_on"
    kind: InsolvencyKind = attrs.field(converter=_to_kind_insolvencykind)
    opened_on: pendulum.Date = attrs.field(converter=_to_opened_on)
    published_on: pendulum.Date | None = attrs.field(
        default=None,
        converter=_to_published_on,
        validator=_not_before("opened_on", "published_on"),
    )
    closed_on: pendulum.Date | None = attrs.field(
        default=None,
        converter=_to_closed_on,
        validator=_not_before("opened_on", "closed_on"),
    )

    def is_open(self, as_of: pendulum.Date) -> bool:
        """Whether the proceeding is open on ``as_of``."""
        return self.opened_on <= as_of and (self.closed_on is None or self.closed_on > as_of)


@attrs.frozen(slots=True, kw_only=True)
class ClaimDeclaration(_EventBase):
    """The claim was declared to the insolvency representative (déclaration de créance):
    interrupts prescription until the proceeding closes."""

    TYPE: ClassVar[str] = "claim_declaration"
    on: pendulum.Date = attrs.field(converter=_to_on)


@attrs.frozen(slots=True, kw_only=True)
class OverIndebtedness(_EventBase):
    """The individual debtor's over-indebtedness case (surendettement) was declared
    admissible: enforcement is suspended (C. consom. L722-2)."""

    TYPE: ClassVar[str] = "over_indebtedness"
    _DATE_FIELD: ClassVar[str] = "admissible_on"
    admissible_on: pendulum.Date = attrs.field(converter=_to_admissible_on)
    closed_on: pendulum.Date | None = attrs.field(
        default=None,
        converter=_to_closed_on,
        validator=_not_before("admissible_on", "closed_on"),
    )

    def is_open(self, as_of: pendulum.Date) -> bool:
        """Whether the case is pending on ``as_of``."""
        return self.admissible_on <= as_of and (self.closed_on is None or self.closed_on > as_of)


@attrs.frozen(slots=True, kw_only=True)
class AgencyHandover(_EventBase):
    """The claim was handed to a collection agency (cabinet de recouvrement).

    While the mandate runs (from ``on`` to ``until``, or for the policy's ``agency_days``
    when no end is agreed, unless the claim is returned earlier), the creditor's own
    chasing waits: `next_action` answers `WAIT` with the agency's fee.

    Attributes:
        on: The day it was handed over.
        agency: The agency's name.
        fee_rate: Its success fee, in percent of what it collects (paid by the creditor,
            CPCE L111-8); replaces the rate of the policy's ``agency_fee``.
        until: The last day of the mandate, if agreed.
        returned_on: The day the agency returned the claim (or the mandate was ended).
    """

    TYPE: ClassVar[str] = "agency_handover"
    on: pendulum.Date = attrs.field(converter=_to_on)
    agency: str | None = attrs.field(default=None, validator=_optional_text("agency"))
    fee_rate: Decimal | None = attrs.field(default=None, converter=_optional_percent)
    until: pendulum.Date | None = attrs.field(
        default=None, converter=_to_until, validator=_not_before("on", "until")
    )
    returned_on: pendulum.Date | None = attrs.field(
        default=None, converter=_to_returned_on, validator=_not_before("on", "returned_on")
    )


@attrs.frozen(slots=True, kw_only=True)
class RecoveryCost(_EventBase):
    """A cost the creditor bore to recover the claim (fees, commissaire de justice, court)."""

    TYPE: ClassVar[str] = "recovery_cost"
    on: pendulum.Date = attrs.field(converter=_to_on)
    amount: Money = attrs.field(converter=_to_amount, validator=_positive_money)
    description: str | None = attrs.field(default=None, validator=_optional_text("description"))


@attrs.frozen(slots=True, kw_only=True)
class DeliverySuspension(_EventBase):
    """Deliveries to the debtor were suspended (suspension des livraisons)."""

    TYPE: ClassVar[str] = "delivery_suspension"
    on: pendulum.Date = attrs.field(converter=_to_on)
    lifted_on: pendulum.Date | None = attrs.field(
        default=None,
        converter=_to_lifted_on,
        validator=_not_before("on", "lifted_on"),
    )


@attrs.frozen(slots=True, kw_only=True)
class WriteOff(_EventBase):
    """The claim was written off (passage en perte / créance irrécouvrable)."""

    TYPE: ClassVar[str] = "write_off"
    on: pendulum.Date = attrs.field(converter=_to_on)


@attrs.frozen(slots=True, kw_only=True)
class Cancellation(_EventBase):
    """The claim was cancelled (annulation); nothing is owed any more."""

    TYPE: ClassVar[str] = "cancellation"
    on: pendulum.Date = attrs.field(converter=_to_on)


Event: TypeAlias = (
    Reminder
    | FormalNotice
    | Acknowledgment
    | Dispute
    | PaymentPromise
    | PaymentPlan
    | Mediation
    | LegalAction
    | CourtInquiry
    | ForceMajeure
    | Judgment
    | EnforcementAct
    | InsolvencyProceeding
    | ClaimDeclaration
    | OverIndebtedness
    | AgencyHandover
    | RecoveryCost
    | DeliverySuspension
    | WriteOff
    | Cancellation
)
"""Any event of a claim's history."""

EVENT_TYPES: Mapping[str, type[Event]] = {
    cls.TYPE: cls
    for cls in (
        Reminder,
        FormalNotice,
        Acknowledgment,
        Dispute,
        PaymentPromise,
        PaymentPlan,
        Mediation,
        LegalAction,
        CourtInquiry,
        ForceMajeure,
        Judgment,
        EnforcementAct,
        InsolvencyProceeding,
        ClaimDeclaration,
        OverIndebtedness,
        AgencyHandover,
        RecoveryCost,
        DeliverySuspension,
        WriteOff,
        Cancellation,
    )
}
"""Every event class by its ``type`` tag."""


def event_from_dict(data: Any) -> Event:
    """Read any event back from its tagged dict.

    Examples:
        >>> event_from_dict({"type": "write_off", "on": "2025-06-30"})
        WriteOff(on=Date(2025, 6, 30))
        >>> event_from_dict({"type": "telegram", "on": "2025-06-30"})
        Traceback (most recent call last):
        ...
        recouvrement.errors.InvalidData: event.type='telegram': unknown event type
    """
    if type(data) is not dict and not isinstance(data, Mapping):
        raise InvalidData("event", data, "expected a mapping (dict)")
    tag = data.get("type")
    cls = EVENT_TYPES.get(tag) if isinstance(tag, str) else None
    if cls is None:
        raise InvalidData("event.type", tag, "unknown event type")
    event: Event = cls.from_dict(data)
    return event
