"""Belgian payment terms (loi du 2 août 2002) and consumer debts (CDE Book XIX).

Rules encoded (Belgian reference §A, §C; confidence in brackets; figures in
``data/be_payment_terms.toml``):

- **Term caps** (art. 4 loi 2002, P): between enterprises, an agreed term over **60
  days** is deemed unwritten from 01/02/2022 (verification periods included); a
  public-authority debtor: 30 days, longer only if objectively justified and never over
  60. No cap towards a consumer. `check_payment_terms`.
- **Book XIX** (S; in force 01/09/2023): before any cost, damages or interest, a **free
  first reminder** and a **waiting period of 14 calendar days** starting on the 3rd
  working day after posting, or the calendar day after an electronic sending
  (`waiting_period`). Whether the first day counts as day 1 and whether Saturday is a
  working day are **U**: day 1 is the start day, Saturdays are not working days.
- **Damages cap** (XIX.4, S): 20 EUR up to 150 EUR; 30 EUR + 10 % over 150 up to 500 EUR;
  65 EUR + 5 % over 500 EUR, at most 2,000 EUR (`consumer_damages_cap`).
"""

from __future__ import annotations

import datetime as _dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import attrs
import pendulum

from ..._convert import to_date, to_enum
from ...claims import Claim
from ...errors import InvalidType
from ...events import Channel, FormalNotice, Reminder
from ...explain import Citation, Reason
from ...money import Money, to_money
from ...parties import PartyKind
from ...terms import PaymentTerms, TermsViolation
from .._national.rules import rule_book
from .._national.terms import term_checker
from .calendar import add_working_days

__all__ = [
    "TermsViolation",
    "WaitingPeriod",
    "check_payment_terms",
    "consumer_damages_cap",
    "first_reminder",
    "is_electronic",
    "waiting_period",
]

_PACKAGE = "recouvrement.jurisdictions.be"


XIX_2 = Citation("CDE", "XIX.2")
XIX_4 = Citation("CDE", "XIX.4")
_ELECTRONIC = (Channel.EMAIL, Channel.SMS)
# The first reminder must be on a durable medium (CDE XIX.2; belgian-law.md C4, S): a letter,
# an e-mail or an SMS, not a phone call or a visit.
_NOT_DURABLE = (Channel.PHONE, Channel.VISIT)


def _book() -> Any:
    return rule_book(_PACKAGE, "be_payment_terms.toml")


def check_payment_terms(
    terms: PaymentTerms,
    *,
    debtor_kind: PartyKind | str,
    objectively_justified: bool = False,
    on: Any = None,
) -> tuple[TermsViolation, ...]:
    """Return the limits of art. 4 loi du 2 août 2002 that ``terms`` break.

    Args:
        terms: The agreed terms (their longest delay from the invoice date is used).
        debtor_kind: Consumers have no cap; a public body has its own (art. 4 §2).
        objectively_justified: For a public body, a term over 30 days is objectively
            justified by the contract (it may still not exceed 60).
        on: The contract date: the 60-day cap for all enterprises applies from
            01/02/2022 (before, only SME creditor against a large debtor, not encoded).

    Examples:
        >>> from recouvrement import PaymentTerms
        >>> [str(v) for v in check_payment_terms(PaymentTerms.net(90), debtor_kind="professional")]
        ['a term of 90 days exceeds the 60 days allowed between enterprises: the clause is deemed unwritten and the 30-day default term applies [loi 2 août 2002 art. 4 §1 al. 2-3 (loi 14/08/2021)]']
        >>> check_payment_terms(PaymentTerms.net(90), debtor_kind="professional", on="2021-06-01")
        ()
    """
    if not isinstance(terms, PaymentTerms):
        raise InvalidType("terms", terms, "PaymentTerms")
    kind = to_enum(PartyKind, debtor_kind, "debtor_kind")
    day = None if on is None else to_date(on, "on").toordinal()
    over, found = term_checker(_book(), terms, day)

    if kind is PartyKind.INDIVIDUAL:
        return ()
    if kind is PartyKind.PUBLIC_BODY:
        over("public_max_term", "the 60 days a public authority may never exceed")
        if not objectively_justified:
            over("public_default_term", "the 30 days of a public authority without justification")
        return tuple(found)
    over(
        "b2b_max_term",
        "the 60 days allowed between enterprises: the clause is deemed unwritten and the "
        "30-day default term applies",
    )
    return tuple(found)


@attrs.frozen(slots=True, kw_only=True)
class WaitingPeriod:
    """The Book XIX waiting period after the free first reminder.

    Attributes:
        reminder_on: The day the first reminder was sent.
        electronic: Whether it was sent by e-mail or SMS.
        start: The first day of the period.
        end: The last day: nothing but the balance may be claimed until then.
        reasons: Why.
    """

    reminder_on: pendulum.Date
    electronic: bool
    start: pendulum.Date
    end: pendulum.Date
    reasons: tuple[Reason, ...]


def waiting_period(reminder_on: Any, *, electronic: bool) -> WaitingPeriod:
    """The 14 calendar days after a Book XIX first reminder (XIX.2, S).

    Examples:
        >>> w = waiting_period("2025-06-02", electronic=True)   # reference §C.2 example
        >>> w.start, w.end
        (Date(2025, 6, 3), Date(2025, 6, 16))
        >>> w = waiting_period("2025-06-02", electronic=False)
        >>> w.start, w.end
        (Date(2025, 6, 5), Date(2025, 6, 18))
    """
    sent = to_date(reminder_on, "reminder_on")
    if not isinstance(electronic, bool):
        raise InvalidType("electronic", electronic, "bool")
    days = _book().get("b2c_waiting_days").days
    if electronic:
        first: _dt.date = sent.add(days=1)
        how = "the calendar day after it was sent electronically"
    else:
        first = add_working_days(sent, 3)
        how = "the 3rd working day after it was posted (Saturdays not counted, U)"
    start = pendulum.Date(first.year, first.month, first.day)
    end = start.add(days=days - 1)
    reason = Reason(
        "consumer.be.waiting_period",
        f"Free first reminder of {sent.isoformat()}: the {days}-day waiting period runs from "
        f"{how}, {start.isoformat()}, to {end.isoformat()}; no cost, damages or interest may "
        "be claimed in it",
        citation=XIX_2,
        facts={"start": start.isoformat(), "end": end.isoformat()},
    )
    return WaitingPeriod(
        reminder_on=sent, electronic=electronic, start=start, end=end, reasons=(reason,)
    )


def first_reminder(claim: Claim, *, as_of: Any) -> Reminder | FormalNotice | None:
    """The first reminder sent after the due date and on or before ``as_of``, if any.

    A formal notice counts as a (posted) reminder: it is a written demand on a durable
    medium. A phone call or a visit does not (XIX.2: a durable medium).

    Examples:
        >>> from recouvrement.claims import Claim
        >>> from recouvrement.events import Reminder
        >>> claim = Claim(id="B", creditor={"id": "C", "name": "SA", "kind": "professional"},
        ...     debtor={"id": "P", "name": "Jan", "kind": "individual"}, nature="consumer",
        ...     amount="100", issued_on="2025-05-01", due_on="2025-05-31", jurisdiction="BE",
        ...     events=[Reminder(on="2025-06-09", channel="sms"),
        ...             Reminder(on="2025-06-02", channel="letter")])
        >>> first_reminder(claim, as_of="2025-06-30").on
        Date(2025, 6, 2)
    """
    last = to_date(as_of, "as_of")
    found: list[Reminder | FormalNotice] = [
        e
        for e in claim.events
        if (
            isinstance(e, FormalNotice)
            or (isinstance(e, Reminder) and e.channel not in _NOT_DURABLE)
        )
        and claim.due_on < e.on <= last
    ]
    return min(found, key=lambda e: e.on) if found else None


def is_electronic(reminder: Reminder | FormalNotice) -> bool:
    """Whether a reminder was sent by e-mail or SMS (a formal notice is posted).

    Examples:
        >>> from recouvrement.events import FormalNotice, Reminder
        >>> is_electronic(Reminder(on="2025-06-02", channel="email"))
        True
        >>> is_electronic(FormalNotice(on="2025-06-02"))
        False
    """
    return isinstance(reminder, Reminder) and reminder.channel in _ELECTRONIC


def consumer_damages_cap(balance: Any) -> tuple[Money, Reason]:
    """The most a flat-damages clause may claim from a consumer on ``balance`` (XIX.4, S).

    Examples:
        >>> [str(consumer_damages_cap(x)[0]) for x in ("120", "400", "2000", "50000")]
        ['20.00 EUR', '55.00 EUR', '140.00 EUR', '2000.00 EUR']
    """
    money = to_money(balance, "balance")
    x = money.amount
    book = _book()
    v = {r.id: r.value for r in book.rules}
    if x <= v["b2c_damages_tier1_max"]:
        cap, how = v["b2c_damages_tier1_flat"], f"{v['b2c_damages_tier1_flat']} EUR up to 150 EUR"
    elif x <= v["b2c_damages_tier2_max"]:
        cap = (
            v["b2c_damages_tier2_flat"]
            + (x - v["b2c_damages_tier1_max"]) * v["b2c_damages_tier2_percent"] / 100
        )
        how = "30 EUR + 10 % of the balance over 150 EUR"
    else:
        cap = (
            v["b2c_damages_tier3_flat"]
            + (x - v["b2c_damages_tier2_max"]) * v["b2c_damages_tier3_percent"] / 100
        )
        how = "65 EUR + 5 % of the balance over 500 EUR"
        if cap > v["b2c_damages_max"]:
            cap, how = v["b2c_damages_max"], how + ", at most 2,000 EUR"
    amount = Money._unchecked(cap.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), money.currency)
    return amount, Reason(
        "consumer.be.damages_cap",
        f"Cap on flat damages for a balance of {money}: {how} = {amount}",
        citation=XIX_4,
        facts={"balance": x, "cap": amount.amount},
    )
