"""German payment terms and default (Verzug): when a debtor is late, and agreed-term caps.

Rules encoded (German reference §1, confidence in brackets):

- **Due date** (§ 271 Abs. 1 BGB, P): without an agreed time, the claim is due at once.
  A claim whose due date `Claim` derived from the jurisdiction's default term
  (``due_basis == "legal_default"``: 30 days, the latest start of default under
  § 286 Abs. 3) is read here as due on its invoice date.
- **Default without a Mahnung** (§ 286 Abs. 2 Nr. 1-2, P): an agreed calendar date, or
  a term counted from an event (``due_basis`` ``"given"`` or ``"terms"``). A date the
  creditor set alone in the invoice does not count (BGH III ZR 91/07, S): pass
  ``due_date_agreed=False`` for such claims.
- **Default by Mahnung** (§ 286 Abs. 1, P; receipt, S): the first reminder, formal notice
  or served court act (Mahnbescheid, suit) dated on or after the due date (it may go with
  the act making the claim due, S). Its date is read as the day of receipt (Zugang), which
  the creditor must be able to prove.
- **30-day rule** (§ 286 Abs. 3, P): an Entgeltforderung is in default at the latest
  30 days after the due date and receipt of the invoice (receipt is read here as the
  invoice date ``issued_on``); against a consumer only if the invoice pointed this out
  (``invoice_notice=True``). Whether § 193 BGB moves the 30th day off a weekend or
  holiday is unsettled (**U**): option ``shift_30_day_rule``.
- Interest runs from the **day after** default starts (§ 187 Abs. 1 BGB by analogy, S).
- **Term caps** (§ 271a, § 308 Nr. 1a BGB, P; since 29.07.2014, Art. 229 § 34 EGBGB):
  `check_payment_terms`.

Not encoded: § 286 Abs. 2 Nr. 3-4 (refusal, special reasons) and Abs. 4 (no fault):
facts the ledger does not hold; record a Reminder or pass the due date accordingly.
"""

from __future__ import annotations

from typing import Any

from ..._convert import from_ordinal, to_date, to_enum
from ..._dates import iso as _iso
from ...claims import Claim, ClaimNature
from ...errors import InvalidType
from ...events import FormalNotice, LegalAction, Reminder
from ...explain import Citation, Reason
from ...parties import PartyKind
from ...terms import PaymentTerms, TermsViolation
from .._national.rules import rule_book
from .._national.terms import term_checker

__all__ = [
    "ENTGELT_NATURES",
    "Default",
    "TermsViolation",
    "check_payment_terms",
    "default_start",
    "is_entgeltforderung",
]

_PACKAGE = "recouvrement.jurisdictions.de"


BGB_271 = Citation("BGB", "§ 271", note="Abs. 1")
BGB_286_1 = Citation("BGB", "§ 286", note="Abs. 1")
BGB_286_2 = Citation("BGB", "§ 286", note="Abs. 2 Nr. 1-2")
BGB_286_3 = Citation("BGB", "§ 286", note="Abs. 3")
BGB_193 = Citation("BGB", "§ 193")
BGB_187 = Citation("BGB", "§ 187", note="Abs. 1")

#: Natures read as an Entgeltforderung (payment for goods or services, § 286 Abs. 3,
#: § 288 Abs. 2 BGB).
ENTGELT_NATURES = frozenset(
    {
        ClaimNature.COMMERCIAL,
        ClaimNature.CONSUMER,
        ClaimNature.TRANSPORT,
        ClaimNature.PUBLIC_PROCUREMENT,
        ClaimNature.COMMERCIAL_RENT,
        ClaimNature.RESIDENTIAL_RENT,
        ClaimNature.WAGES,
    }
)


def is_entgeltforderung(claim: Claim) -> bool:
    """Whether the claim is a payment for goods or services (Entgeltforderung).

    Examples:
        >>> from recouvrement.sample import sample_claim
        >>> is_entgeltforderung(sample_claim())
        True
    """
    return claim.nature in ENTGELT_NATURES


class Default(tuple[int | None, tuple[Reason, ...]]):
    """``(anchor, reasons)``: the day default starts (interest runs from the next day), or
    ``None`` when the debtor is not (yet) in default on ``as_of``."""

    __slots__ = ()

    @property
    def anchor(self) -> int | None:
        """The ordinal of the day default starts, or ``None``."""
        return self[0]

    @property
    def reasons(self) -> tuple[Reason, ...]:
        """Why."""
        return self[1]


def _mahnung(claim: Claim, due: int, last: int) -> tuple[int, Reason] | None:
    best: tuple[int, Reason] | None = None
    for event in claim.events:
        if isinstance(event, Reminder | FormalNotice):
            day, what = event.on.toordinal(), "reminder (Mahnung)"
        elif isinstance(event, LegalAction) and event.served_on is not None:
            day, what = (
                event.served_on.toordinal(),
                f"served {event.kind.value} (counts as Mahnung)",
            )
        else:
            continue
        # On or after the due date: a Mahnung may go with the act making the claim due (S).
        if due <= day <= last and (best is None or day < best[0]):
            best = (
                day,
                Reason(
                    "default.mahnung",
                    f"Default from the {what} of {_iso(day)}, read as the day it was received",
                    citation=BGB_286_1,
                    facts={"on": _iso(day)},
                ),
            )
    return best


def _thirty_days(
    claim: Claim, due: int, *, invoice_notice: bool, shift: bool, holidays: Any
) -> tuple[int, Reason] | None:
    if not is_entgeltforderung(claim):
        return None
    consumer = claim.debtor.kind is PartyKind.INDIVIDUAL
    if consumer and not invoice_notice:
        return None
    days = rule_book(_PACKAGE, "de_payment_terms.toml").get("auto_default_days").days
    start = max(due, claim.issued_on.toordinal())
    last = start + days
    note = ""
    if shift:
        while from_ordinal(last).isoweekday() >= 6 or from_ordinal(last) in holidays:
            last += 1
        note = "; option shift_30_day_rule (unsettled, U): § 193 BGB moved the 30th day"
    who = "a consumer, whose invoice carried the notice," if consumer else "the debtor"
    return last, Reason(
        "default.thirty_days",
        f"30-day rule: {who} is in default after {_iso(last)}, 30 days after the due date "
        f"and receipt of the invoice (read as its date {_iso(claim.issued_on.toordinal())})" + note,
        citation=BGB_286_3,
        facts={"day_30": _iso(last), "consumer": consumer},
    )


def default_start(
    claim: Claim,
    *,
    as_of: Any,
    invoice_notice: bool = False,
    due_date_agreed: bool = True,
    shift_30_day_rule: bool = False,
) -> Default:
    """When the debtor of ``claim`` falls in default (§ 286 BGB), as seen on ``as_of``.

    Returns a `Default`: the day default starts (interest runs from the day after,
    § 187 Abs. 1 BGB) or ``None``, and the reasons.

    Examples:
        >>> from recouvrement.claims import Claim
        >>> from recouvrement.parties import Creditor, Debtor
        >>> sale = Claim(id="R-1", creditor=Creditor(id="C", name="Shop", kind="professional",
        ...              country="DE"), debtor=Debtor(id="D", name="Max", kind="individual",
        ...              country="DE"), nature="consumer", amount="100",
        ...              issued_on="2025-01-10", due_on="2025-01-10", jurisdiction="DE")
        >>> default_start(sale, as_of="2025-06-30", due_date_agreed=False).anchor is None
        True
        >>> d = default_start(sale, as_of="2025-06-30", due_date_agreed=False,
        ...                   invoice_notice=True)
        >>> from_ordinal(d.anchor)   # 30 days after receipt on 2025-01-10
        Date(2025, 2, 9)
    """
    last = to_date(as_of, "as_of").toordinal()
    for name, flag in (
        ("invoice_notice", invoice_notice),
        ("due_date_agreed", due_date_agreed),
        ("shift_30_day_rule", shift_30_day_rule),
    ):
        if not isinstance(flag, bool):
            raise InvalidType(name, flag, "bool")
    reasons: list[Reason] = []
    due = claim.due_on.toordinal()
    candidates: list[tuple[int, Reason]] = []
    if claim.due_basis == "legal_default":
        due = claim.issued_on.toordinal()
        reasons.append(
            Reason(
                "default.due_immediately",
                f"No agreed time for payment: the claim was due at once, on {_iso(due)}",
                citation=BGB_271,
            )
        )
    elif due_date_agreed:
        candidates.append(
            (
                due,
                Reason(
                    "default.calendar_date",
                    f"Agreed due date {_iso(due)}: default without a Mahnung from the next day "
                    "(a date set by the creditor alone in the invoice does not count: pass "
                    "due_date_agreed=False)",
                    citation=BGB_286_2,
                    facts={"due_on": _iso(due)},
                ),
            )
        )
    found = _mahnung(claim, due, last)
    if found is not None:
        candidates.append(found)
    from .calendar import public_holidays

    years = range(claim.issued_on.year, from_ordinal(max(last, due)).year + 2)
    thirty = _thirty_days(
        claim,
        due,
        invoice_notice=invoice_notice,
        shift=shift_30_day_rule,
        holidays=public_holidays(years),
    )
    if thirty is not None:
        candidates.append(thirty)
    elif is_entgeltforderung(claim) and claim.debtor.kind is PartyKind.INDIVIDUAL:
        reasons.append(
            Reason(
                "default.no_consumer_notice",
                "The 30-day rule applies against a consumer only if the invoice pointed it "
                "out (pass invoice_notice=True if it did)",
                citation=BGB_286_3,
            )
        )
    if not candidates:
        reasons.append(
            Reason(
                "default.none",
                "Not in default: no agreed date, no Mahnung since the due date and no "
                "30-day rule; send a Mahnung",
                citation=BGB_286_1,
            )
        )
        return Default((None, tuple(reasons)))
    anchor, why = min(candidates, key=lambda c: c[0])
    reasons.append(why)
    return Default((anchor, tuple(reasons)))


def check_payment_terms(
    terms: PaymentTerms,
    *,
    debtor_kind: PartyKind | str,
    expressly_agreed: bool = False,
    objectively_justified: bool = False,
    standard_terms: bool = False,
    on: Any = None,
) -> tuple[TermsViolation, ...]:
    """Return the § 271a / § 308 Nr. 1a BGB limits that ``terms`` break.

    Args:
        terms: The agreed terms (their longest delay from the invoice date is used; receipt
            of the goods is presumed to be that day, § 271a Abs. 1 S. 2).
        debtor_kind: A consumer debtor has no cap (§ 271a Abs. 5).
        expressly_agreed: The term was expressly agreed (and, for § 271a Abs. 1, is not
            grossly unfair to the creditor: that judgement is yours).
        objectively_justified: For a public body, the term is objectively justified by the
            nature of the contract (§ 271a Abs. 2 Nr. 2).
        standard_terms: The term is in the debtor's standard business terms (AGB): over
            30 days is presumed unreasonable (§ 308 Nr. 1a).
        on: The contract date: before 29.07.2014 no cap applies (Art. 229 § 34 EGBGB).

    Examples:
        >>> from recouvrement import PaymentTerms
        >>> [v.limit_days for v in check_payment_terms(PaymentTerms.net(75),
        ...     debtor_kind="professional")]
        [60]
        >>> check_payment_terms(PaymentTerms.net(75), debtor_kind="professional",
        ...                     expressly_agreed=True)
        ()
        >>> [v.rule for v in check_payment_terms(PaymentTerms.net(75), debtor_kind="public_body",
        ...     expressly_agreed=True, objectively_justified=True)]
        ['public_term_void']
    """
    if not isinstance(terms, PaymentTerms):
        raise InvalidType("terms", terms, "PaymentTerms")
    kind = to_enum(PartyKind, debtor_kind, "debtor_kind")
    day = None if on is None else to_date(on, "on").toordinal()
    book = rule_book(_PACKAGE, "de_payment_terms.toml")
    over, found = term_checker(book, terms, day)

    if kind is PartyKind.INDIVIDUAL:
        return ()
    if kind is PartyKind.PUBLIC_BODY:
        over("public_term_void", "the 60 days beyond which a public body's term is void")
        if not (expressly_agreed and objectively_justified):
            over("public_term_justified", "30 days without express, justified agreement")
        return tuple(found)
    if not expressly_agreed:
        over("b2b_term_cap", "60 days without express agreement (not grossly unfair)")
    if standard_terms:
        over("agb_term_presumption", "the 30 days presumed reasonable in standard terms")
    return tuple(found)
