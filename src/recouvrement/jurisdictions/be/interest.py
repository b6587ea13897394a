"""Belgian late interest, the 40 EUR compensation and the Book XIX consumer caps (called
through `recouvrement.interest.late_interest` for a claim whose ``jurisdiction`` is ``"BE"``).

Which regime applies (Belgian reference §A-§C; confidence in brackets):

| Claim | Regime |
|---|---|
| between enterprises, or an enterprise and a public authority (commercial, transport, public procurement) | ``commercial``: loi du 2 août 2002 |
| an enterprise against a consumer, delay from 01/09/2023 | ``consumer``: CDE Book XIX |
| anything else (civil, an individual creditor, older consumer debts) | ``legal_rate``: loi du 5 mai 1865 |
| tax | ``none`` |

- **Commercial** (art. 5, 6 loi 2002, P): interest from the day after the due date,
  ipso jure and without notice, at the agreed rate or else the published rate of each
  half-year (``data/be_commercial_rate.csv``: ECB + 8 rounded up to the half point;
  a public-authority debtor always owes that rate, art. 5 al. 2). **40 EUR** per late
  invoice (art. 6, since 16/03/2013), plus ``extra_indemnity``, the reasonable costs
  beyond the 40 EUR.
- **Consumer** (Book XIX, S): nothing but the balance until a **free first reminder**
  and the **14-day waiting period** have passed. Then, and only if the contract provides
  them: interest at the agreed rate **capped at the commercial rate** of each half-year
  (XIX.4, C10), from the end of the waiting period (its start for an SME creditor with
  ``creditor_sme=True``: S, the exact day U); flat damages (the payment terms' penalty
  clause) **capped** by `consumer_damages_cap`, reported as ``penalty``. The engine
  never claims more than a cap: it claims the cap and says why (a court may also deem
  the whole clause unwritten, C13, S). Without an interest clause: the legal rate from
  the end of the waiting period (the reminder acts as the mise en demeure, S). No
  40 EUR compensation.
- **Legal rate** (loi 5 mai 1865, old C. civ. 1153, S): the yearly legal rate
  (``data/be_legal_rate.csv``) from the day after a formal notice (or a served
  court act) given after the due date.
- **Allocation** (old C. civ. 1254, S [droitbelge.be]: a partial payment goes to
  interest first unless the creditor agrees otherwise): ``allocation="interest_first"``
  follows it; the reasons always say which allocation was used.
- **Conventions (U)**: actual/365; the payment day counts (reference A.2 example).
- No rate is extrapolated (`RateNotPublished`).
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Any

import attrs
import pendulum

from ..._convert import from_ordinal, to_date
from ...claims import Claim, ClaimNature
from ...errors import InvalidType
from ...events import FormalNotice, LegalAction
from ...explain import Citation, Reason
from ...interest import LateInterest, RateTables
from ...money import Money
from ...parties import PartyKind
from ...rates import RateTable
from .._national.accrual import Segment, accrue
from .._national.rules import rate_table, rule_book
from .terms import (
    WaitingPeriod,
    consumer_damages_cap,
    first_reminder,
    is_electronic,
    waiting_period,
)

__all__ = [
    "COMMERCIAL",
    "CONSUMER",
    "LEGAL_RATE",
    "NONE",
    "FirstReminderTerms",
    "commercial_rate_table",
    "first_reminder_terms",
    "late_interest_be",
    "legal_rate_table",
    "regime_of",
    "regime_of_parties",
]

_PACKAGE = "recouvrement.jurisdictions.be"
COMMERCIAL = "commercial"
CONSUMER = "consumer"
LEGAL_RATE = "legal_rate"
NONE = "none"

LOI_2002_5 = Citation("loi 2 août 2002", "art. 5")
LOI_2002_6 = Citation("loi 2 août 2002", "art. 6")
LOI_1865 = Citation("loi 5 mai 1865", "art. 2", note="§1")
CIV_1153 = Citation("C. civ. (ancien)", "1153")
CIV_1254 = Citation("C. civ. (ancien)", "1254")
XIX_2 = Citation("CDE", "XIX.2")
XIX_4 = Citation("CDE", "XIX.4")
_XIX_FROM = _dt.date(2023, 9, 1).toordinal()
_NEW_SERIES_FROM = _dt.date(2013, 3, 16).toordinal()
_SERIES_MERGED_FROM = _dt.date(2015, 3, 16).toordinal()
_COMMERCIAL_NATURES = (
    ClaimNature.COMMERCIAL,
    ClaimNature.TRANSPORT,
    ClaimNature.PUBLIC_PROCUREMENT,
)
_ENTERPRISES = (PartyKind.PROFESSIONAL, PartyKind.PUBLIC_BODY)


def commercial_rate_table() -> RateTable:
    """The packaged art. 5 loi 2002 rate table.

    Examples:
        >>> commercial_rate_table().rate_on("2025-03-31")
        Decimal('11.5')
    """
    return rate_table(_PACKAGE, "be_commercial_rate.csv")


def legal_rate_table() -> RateTable:
    """The packaged yearly legal interest rate table.

    Examples:
        >>> legal_rate_table().rate_on("2024-05-01")
        Decimal('5.75')
    """
    return rate_table(_PACKAGE, "be_legal_rate.csv")


def regime_of(claim: Claim) -> str:
    """The Belgian interest regime of ``claim`` (see the module table).

    Examples:
        >>> from recouvrement.sample import sample_claim
        >>> regime_of(sample_claim())
        'commercial'
    """
    first = regime_of_parties(claim)
    if first == CONSUMER and claim.due_on.toordinal() + 1 < _XIX_FROM:
        return LEGAL_RATE  # Book XIX governs delays from 01/09/2023
    return first


def regime_of_parties(claim: Claim) -> str:
    """The regime from the nature and parties only (Book XIX dates not checked).

    Safe to call while a `Claim` is being built (it reads no date).
    """
    if claim.nature is ClaimNature.TAX:
        return NONE
    creditor, debtor = claim.creditor.kind, claim.debtor.kind
    if creditor in _ENTERPRISES and debtor in _ENTERPRISES and claim.nature in _COMMERCIAL_NATURES:
        return COMMERCIAL
    if creditor is PartyKind.PROFESSIONAL and debtor is PartyKind.INDIVIDUAL:
        return CONSUMER
    return LEGAL_RATE


def _table_segments(
    table: RateTable, lo: int, hi: int, citation: Citation, code: str, reasons: list[Reason]
) -> list[Segment]:
    out: list[Segment] = []
    for a, b, rate in table.spans(lo, hi):
        reasons.append(
            Reason._unchecked(
                code,
                f"{from_ordinal(a).isoformat()} to {from_ordinal(b).isoformat()}: {rate} %",
                citation=citation,
                facts={"rate": rate},
            )
        )
        out.append((a, b, rate, citation))
    return out


def _capped_segments(
    contractual: Decimal, lo: int, hi: int, cap_table: RateTable, reasons: list[Reason]
) -> list[Segment]:
    out: list[Segment] = []
    for a, b, cap in cap_table.spans(lo, hi):
        if contractual > cap:
            reasons.append(
                Reason._unchecked(
                    "interest.be.consumer.capped",
                    f"{from_ordinal(a).isoformat()} to {from_ordinal(b).isoformat()}: the agreed "
                    f"rate {contractual} % exceeds the cap, the rate of art. 5 loi 2002 "
                    f"({cap} %): only {cap} % is claimed (a court may deem the clause unwritten)",
                    citation=XIX_4,
                    facts={"contractual": contractual, "cap": cap},
                )
            )
            out.append((a, b, cap, XIX_4))
        else:
            out.append((a, b, contractual, XIX_4))
    return out


def _notice(claim: Claim, due: int, last: int) -> int | None:
    days = [e.on.toordinal() for e in claim.events if isinstance(e, FormalNotice)]
    days += [
        e.served_on.toordinal()
        for e in claim.events
        if isinstance(e, LegalAction) and e.served_on is not None
    ]
    days = [d for d in days if due < d <= last]
    return min(days) if days else None


def _commercial(claim: Claim, last: int, table: RateTable, reasons: list[Reason]) -> list[Segment]:
    start = claim.due_on.toordinal() + 1
    reasons.append(
        Reason(
            "interest.regime.commercial",
            "Interest runs from the day after the due date, ipso jure and without notice",
            citation=LOI_2002_5,
        )
    )
    if start > last:
        return []
    agreed = claim.terms.late_interest_rate if claim.terms is not None else None
    if agreed is not None and claim.debtor.kind is PartyKind.PUBLIC_BODY:
        reasons.append(
            Reason(
                "interest.be.public_debtor",
                f"A public authority owes the statutory rate whatever was agreed ({agreed} % "
                "ignored)",
                citation=LOI_2002_5,
            )
        )
        agreed = None
    if agreed is not None:
        reasons.append(
            Reason("interest.be.contractual", f"Agreed rate {agreed} %", citation=LOI_2002_5)
        )
        return [(start, last, agreed, LOI_2002_5)]
    if claim.issued_on.toordinal() < _NEW_SERIES_FROM and start < _SERIES_MERGED_FROM:
        reasons.append(
            Reason(
                "interest.be.old_contract",
                "Warning: a contract concluded before 16/03/2013 had its own rate until "
                "15/03/2015 (7.5 % from 2013 S2, art. 14); the table's rate is that of newer "
                "contracts: check the days before 16/03/2015",
                citation=Citation("loi 2 août 2002", "art. 14"),
            )
        )
    return _table_segments(table, start, last, LOI_2002_5, "interest.be.commercial_rate", reasons)


def _consumer(
    claim: Claim,
    last: int,
    tables: tuple[RateTable, RateTable],
    creditor_sme: bool,
    reasons: list[Reason],
) -> tuple[list[Segment], int | None]:
    """Book XIX: returns the segments and the day the waiting period ended (or None)."""
    reminder = first_reminder(claim, as_of=from_ordinal(last))
    if reminder is None:
        reasons.append(
            Reason(
                "consumer.be.no_reminder",
                "No free first reminder yet: nothing but the balance may be claimed from a "
                "consumer until one is sent and its 14-day waiting period has passed",
                citation=XIX_2,
            )
        )
        return [], None
    wait = waiting_period(reminder.on, electronic=is_electronic(reminder))
    reasons.extend(wait.reasons)
    end = wait.end.toordinal()
    if last <= end or claim.outstanding(as_of=wait.end).amount <= 0:
        return [], None
    agreed = claim.terms.late_interest_rate if claim.terms is not None else None
    if agreed is None:
        reasons.append(
            Reason(
                "consumer.be.legal_rate",
                "No interest clause: the legal rate runs from the end of the waiting period "
                "(the reminder acts as the formal notice)",
                citation=LOI_1865,
            )
        )
        return _table_segments(
            tables[1], end + 1, last, LOI_1865, "interest.be.legal_rate", reasons
        ), end
    start = wait.start.toordinal() if creditor_sme else end + 1
    reasons.append(
        Reason(
            "consumer.be.interest_start",
            f"Agreed interest from {from_ordinal(start).isoformat()}: "
            + (
                "the start of the waiting period (option creditor_sme: SME creditor, exact day "
                "unsettled)"
                if creditor_sme
                else "the end of the waiting period (a large enterprise; pass creditor_sme=True "
                "for an SME)"
            ),
            citation=XIX_2,
        )
    )
    return _capped_segments(agreed, start, last, tables[0], reasons), end


def _regime_segments(
    claim: Claim,
    regime: str,
    last: int,
    tables: tuple[RateTable, RateTable],
    creditor_sme: bool,
    reasons: list[Reason],
) -> tuple[list[Segment], int | None]:
    """The rate segments of the claim's regime, and the end of a Book XIX waiting period."""
    commercial, legal = tables
    due = claim.due_on.toordinal()
    segments: list[Segment] = []
    waited: int | None = None
    if regime == COMMERCIAL:
        segments = _commercial(claim, last, commercial, reasons)
    elif regime == CONSUMER:
        reasons.append(
            Reason(
                "interest.regime.consumer",
                "A consumer's debt: only capped interest and damages provided by the contract, "
                "after a free first reminder and a 14-day waiting period",
                citation=XIX_2,
            )
        )
        segments, waited = _consumer(claim, last, (commercial, legal), creditor_sme, reasons)
    elif regime == LEGAL_RATE:
        reasons.append(
            Reason(
                "interest.regime.legal_rate",
                "Interest at the legal rate runs from a formal notice",
                citation=CIV_1153,
            )
        )
        notice = _notice(claim, due, last)
        if notice is None:
            reasons.append(
                Reason(
                    "interest.no_formal_notice",
                    "No formal notice (mise en demeure / ingebrekestelling) yet: no interest",
                    citation=CIV_1153,
                )
            )
        else:
            reasons.append(
                Reason(
                    "interest.formal_notice",
                    f"Interest at the legal rate from the formal notice of "
                    f"{from_ordinal(notice).isoformat()}",
                    citation=CIV_1153,
                )
            )
            if notice + 1 <= last:
                segments = _table_segments(
                    legal, notice + 1, last, LOI_1865, "interest.be.legal_rate", reasons
                )
    else:
        reasons.append(Reason("interest.regime.none", "Interest on tax claims is not modelled"))
    return segments, waited


def late_interest_be(
    claim: Claim,
    as_of: pendulum.Date,
    *,
    interest_first: bool,
    actual_actual: bool,
    tables: RateTables | None = None,
    extra_indemnity: Money | None = None,
    commercial_rates: RateTable | None = None,
    legal_rates: RateTable | None = None,
    creditor_sme: bool = False,
    **_ignored: Any,
) -> LateInterest:
    """Compute Belgian late interest (see the module docstring for the rules).

    Examples:
        >>> from recouvrement.claims import Claim, Payment
        >>> from recouvrement.parties import Creditor, Debtor
        >>> claim = Claim(id="BE-1", creditor=Creditor(id="C", name="SA", kind="professional",
        ...     country="BE"), debtor=Debtor(id="D", name="SPRL", kind="professional",
        ...     country="BE"), nature="commercial", amount="10000", issued_on="2025-03-01",
        ...     due_on="2025-03-31", payments=[Payment(on="2025-09-30", amount="10000")],
        ...     jurisdiction="BE")
        >>> li = late_interest_be(claim, pendulum.Date(2025, 12, 31), interest_first=False,
        ...     actual_actual=False)
        >>> li.interest, li.indemnity   # belgian-law.md §A.2 worked example
        (Money('551.37', 'EUR'), Money('40.00', 'EUR'))
    """
    if not isinstance(claim, Claim):
        raise InvalidType("claim", claim, "Claim")
    for name, value in (("commercial_rates", commercial_rates), ("legal_rates", legal_rates)):
        if value is not None and not isinstance(value, RateTable):
            raise InvalidType(name, value, "RateTable or None")
    if not isinstance(creditor_sme, bool):
        raise InvalidType("creditor_sme", creditor_sme, "bool")
    commercial = commercial_rates or commercial_rate_table()
    legal = legal_rates or legal_rate_table()
    currency = claim.currency
    zero = Money._unchecked(Decimal(0), currency).round()
    regime = regime_of(claim)
    last = as_of.toordinal()
    due = claim.due_on.toordinal()
    reasons: list[Reason] = []
    segments, waited = _regime_segments(
        claim, regime, last, (commercial, legal), creditor_sme, reasons
    )
    accrual = accrue(
        claim,
        segments,
        last_day=last,
        interest_first=interest_first,
        actual_actual=actual_actual,
    )
    reasons.append(
        Reason(
            f"interest.allocation.{'interest_first' if interest_first else 'principal_first'}",
            "Partial payments applied to interest first, then principal (old C. civ. 1254)"
            if interest_first
            else "Partial payments applied to principal first: old C. civ. 1254 imputes them to "
            "interest first unless the creditor agrees otherwise (allocation='interest_first')",
            citation=CIV_1254,
        )
    )
    indemnity, penalty = zero, zero
    late = last > due and claim.outstanding(as_of=claim.due_on).amount > 0
    if regime == COMMERCIAL and late:
        indemnity = _compensation(claim, extra_indemnity, reasons) or zero
    if regime == CONSUMER and waited is not None:
        penalty = _consumer_damages(claim, waited, reasons) or zero
    accrued = Money._unchecked(accrual.accrued, currency)
    interest = accrued.round()
    return LateInterest(
        claim_id=claim.id,
        as_of=as_of,
        regime=regime,
        periods=accrual.periods,
        accrued=accrued,
        interest=interest,
        indemnity=indemnity,
        penalty=penalty,
        total=interest + indemnity,
        interest_paid=Money._unchecked(accrual.interest_paid, currency),
        reasons=tuple(reasons),
        allocation="interest_first" if interest_first else "principal_first",
        day_count="actual/actual" if actual_actual else "actual/365",
    )


def _compensation(claim: Claim, extra: Money | None, reasons: list[Reason]) -> Money | None:
    rule = rule_book(_PACKAGE, "be_payment_terms.toml").get("fixed_compensation")
    if rule.effective_from is not None and claim.issued_on < rule.effective_from:
        reasons.append(
            Reason(
                "indemnity.be.before_in_force",
                "No 40 EUR compensation: the transaction predates 16/03/2013",
                citation=LOI_2002_6,
            )
        )
        return None
    if claim.currency != "EUR":
        reasons.append(
            Reason(
                "indemnity.currency",
                f"The 40 EUR compensation is due but the claim is in {claim.currency}",
                citation=LOI_2002_6,
            )
        )
        return None
    total = rule.value
    reasons.append(
        Reason(
            "indemnity.be.fixed",
            "40 EUR fixed compensation per late invoice, ipso jure and without notice",
            citation=LOI_2002_6,
            facts={"amount": rule.value},
        )
    )
    if extra is not None and extra.amount > 0:
        total += extra.amount
        reasons.append(
            Reason(
                "indemnity.be.extra",
                f"Reasonable recovery costs beyond the 40 EUR: {extra}",
                citation=LOI_2002_6,
            )
        )
    return Money._unchecked(total, "EUR").round()


def _consumer_damages(claim: Claim, waited: int, reasons: list[Reason]) -> Money | None:
    return _damages_on(claim, claim.outstanding(as_of=from_ordinal(waited)), reasons)


def _damages_on(claim: Claim, balance: Money, reasons: list[Reason]) -> Money | None:
    """The flat damages the contract's clause gives on ``balance``, capped (XIX.4), or
    ``None`` without a clause (no damages may then be claimed)."""
    clause = claim.terms.penalty if claim.terms is not None else None
    if clause is None:
        reasons.append(
            Reason(
                "consumer.be.no_damages_clause",
                "No flat-damages clause in the contract: no damages may be claimed",
                citation=XIX_4,
            )
        )
        return None
    asked = clause.on(balance).round()
    cap, why = consumer_damages_cap(balance)
    reasons.append(why)
    if asked.amount > cap.amount:
        reasons.append(
            Reason(
                "consumer.be.damages_capped",
                f"The clause asks {asked}, above the cap: only {cap} is claimed (a court may "
                "deem a clause above the caps unwritten)",
                citation=XIX_4,
                facts={"clause": asked.amount, "cap": cap.amount},
            )
        )
        return cap
    return asked


@attrs.frozen(slots=True, kw_only=True)
class FirstReminderTerms:
    """What a Book XIX free first reminder must tell the consumer (XIX.2; belgian-law.md C6).

    Attributes:
        waiting: The 14-day waiting period the letter opens.
        damages: The flat damages the contract provides on the balance of the letter's day,
            capped (XIX.4), that will be claimed if it stays unpaid; ``None``: the contract
            provides none, so none will be.
        agreed_interest: Whether the contract has an interest clause (its rate, capped);
            else the legal rate runs after the period.
    """

    waiting: WaitingPeriod
    damages: Money | None
    agreed_interest: bool


def first_reminder_terms(claim: Claim, *, on: Any, electronic: bool) -> FirstReminderTerms | None:
    """The Book XIX terms a letter sent on ``on`` must state, when it is the consumer's free
    first reminder: a consumer debt under Book XIX with no earlier first reminder on a
    durable medium. ``None`` otherwise.

    Examples:
        >>> from recouvrement.claims import Claim
        >>> claim = Claim(id="B", creditor={"id": "C", "name": "SA", "kind": "professional",
        ...     "country": "BE"}, debtor={"id": "P", "name": "Jan", "kind": "individual",
        ...     "country": "BE"}, nature="consumer", amount="400", issued_on="2025-05-01",
        ...     due_on="2025-05-31", jurisdiction="BE")
        >>> terms = first_reminder_terms(claim, on="2025-06-05", electronic=False)
        >>> terms.waiting.end, terms.damages
        (Date(2025, 6, 24), None)
    """
    day = to_date(on, "on")
    if regime_of(claim) != CONSUMER:
        return None
    if first_reminder(claim, as_of=day.subtract(days=1)) is not None:
        return None
    wait = waiting_period(day, electronic=electronic)
    damages = _damages_on(claim, claim.outstanding(as_of=day), [])
    agreed = claim.terms is not None and claim.terms.late_interest_rate is not None
    return FirstReminderTerms(waiting=wait, damages=damages, agreed_interest=agreed)
