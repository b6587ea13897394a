"""French late-interest regimes (called through `recouvrement.interest.late_interest`).

Which regime applies, from the claim's nature and parties:

| Nature | Regime |
|---|---|
| ``COMMERCIAL`` with a professional debtor | commercial, C. com. L441-10 II |
| ``COMMERCIAL`` with a public-body debtor, ``PUBLIC_PROCUREMENT`` | public procurement, CCP R2192-31 |
| ``COMMERCIAL`` with an individual debtor | legal rate from the formal notice (L441-10 is between professionals) |
| ``TRANSPORT`` between professionals | commercial (L441-10 II; L441-11 caps the term) |
| ``TRANSPORT`` from a professional to a public body | public procurement |
| ``CONSUMER``, ``CIVIL``, ``RESIDENTIAL_RENT``, ``COMMERCIAL_RENT``, ``WAGES``, ``ALIMONY``, ``INSURANCE``, other ``TRANSPORT`` | legal rate from the formal notice, C. civ. 1231-6, 1344-1 |
| ``TAX`` | none (tax interest follows tax law, not modelled) |

Rules encoded (legal reference §B, §C, §D.5, §E.1):

- **Commercial** (C. com. L441-10 II, P): penalties run from the day after the due
  date, without reminder, at the contractual rate of the payment terms, or else at
  the ECB main refinancing rate in force on 1 January (for January-June days) or
  1 July (for July-December days) + 10 points. A contractual rate below 3 x the
  legal rate ("other cases") is flagged as unlawful and the floor applies (option
  ``below_floor="default"``, a **U** reading: the void clause falls back to ECB + 10).
  Before 2013 (S): the ECB rate in force on each day + 10 points (+ 7 points before
  2009). 40 EUR per invoice paid late by a professional debtor (D441-5), none when
  an insolvency proceeding opened on or before the due date forbade paying it
  (L441-10 II last sentence, S), none on an invoice that fell due before 2013-01-01
  (D441-5 in force from then, décret 2012-1115; the date is read from
  ``data/fr_payment_terms.toml``, ``[[indemnity]]``). L441-10 governs payment
  between professionals: a commercial claim on an individual debtor goes to the
  legal-rate regime; a creditor recorded as an individual keeps the commercial
  computation with a warning reason.
- **Public procurement** (CCP R2192-31, P, in force since 2019-04-01): the ECB rate
  in force on the first day of the half-year in which interest started + 8 points,
  fixed for the whole delay; 40 EUR (CCP D2192-35, S; not before 2013-01-01). When
  interest started before 2019-04-01 the same rule is applied and a reason says the
  earlier text is not in the sourced reference (date in ``[[moratorium]]``).
- **Legal rate** (C. civ. 1231-6, 1344-1, P): the legal rate of the creditor's
  category (C. mon. fin. L313-2) for each half-year, from the day after the first
  formal notice (or served court act, C. civ. 1344) given after the due date, or
  failing one after the judgment date (C. civ. 1231-7, S; a reason says the fallback
  was used). No formal notice: no interest, and the reasons say so. The packaged
  legal-rate table starts in 2009 (one annual rate until 2014). No fixed indemnity: collection costs stay with
  the creditor (CPCE L111-8).
- **After a judgment** (C. mon. fin. L313-3, P; start at service, S): the legal
  rate is raised by 5 points from the day after two months have run from service.
  It raises the *legal* rate only: the commercial and public-procurement rates are
  unchanged (the reasons say so).
- **Insolvency** (C. com. L622-28, P; L641-3 in liquidation): the opening judgment
  stops interest on claims born before it; accrual ends the day before.
- **Penalty clause** (C. civ. 1231-5, P): due only after a formal notice, with the
  same trigger as interest: the earliest formal notice or served court act after the
  due date (a sufficient interpellation, C. civ. 1344), on the principal outstanding
  that day; reported separately, and a judge may moderate it.
- **Allocation** (C. civ. 1343-1, S): every computation says which allocation of
  partial payments was used; 1343-1 imputes them to interest first unless agreed
  otherwise.

Not modelled: anatocism (C. civ. 1343-2), court grace periods (1343-5), the loans of
one year or more whose interest continues after an opening judgment.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import tomllib
from bisect import bisect_right
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from importlib import resources
from typing import Any, NamedTuple

import pendulum

from ..._convert import from_ordinal
from ...claims import Claim, ClaimNature
from ...events import FormalNotice, InsolvencyKind, InsolvencyProceeding, Judgment, LegalAction
from ...explain import Citation, Reason
from ...interest import InterestPeriod, LateInterest, RateTables
from ...money import Money, currency_precision
from ...parties import PartyKind
from ...rates import INDIVIDUAL, OTHER, RateTable

__all__ = [
    "COMMERCIAL",
    "LEGAL_RATE",
    "NONE",
    "PUBLIC_PROCUREMENT",
    "late_interest_fr",
    "regime_of",
]

COMMERCIAL = "commercial"
PUBLIC_PROCUREMENT = "public_procurement"
LEGAL_RATE = "legal_rate"
NONE = "none"

L441_10 = Citation("C. com.", "L441-10", note="II")
L441_6_OLD = Citation("C. com.", "L441-6", note="version before 2013")
D441_5 = Citation("C. com.", "D441-5")
R2192_31 = Citation("CCP", "R2192-31")
D2192_35 = Citation("CCP", "D2192-35")
CIV_1231_6 = Citation("C. civ.", "1231-6")
CIV_1231_5 = Citation("C. civ.", "1231-5")
CIV_1231_7 = Citation("C. civ.", "1231-7")
CIV_1344 = Citation("C. civ.", "1344")
CIV_1344_1 = Citation("C. civ.", "1344-1")
CIV_1343_1 = Citation("C. civ.", "1343-1")
L313_2 = Citation("C. mon. fin.", "L313-2")
L313_3 = Citation("C. mon. fin.", "L313-3")
L111_8 = Citation("CPCE", "L111-8")
L622_28 = Citation("C. com.", "L622-28")
L641_3 = Citation("C. com.", "L641-3")

_TEN = Decimal(10)
_SEVEN = Decimal(7)
_EIGHT = Decimal(8)
_FIVE = Decimal(5)
_THREE = Decimal(3)
_ZERO = Decimal(0)
_DIVISOR = {365: Decimal(36500), 366: Decimal(36600)}
_BIG = 10**9

# Half-year boundaries as ordinals: _HY[2k] = 1 January, _HY[2k+1] = 1 July of 1900 + k.
_FIRST_YEAR = 1900
_HY: list[int] = []
for _year in range(_FIRST_YEAR, 2202):
    _HY.append(_dt.date(_year, 1, 1).toordinal())
    _HY.append(_dt.date(_year, 7, 1).toordinal())
_SEMESTER_RULE_FROM = _dt.date(2013, 1, 1).toordinal()  # loi 2012-387 (S)
_PLUS_TEN_FROM = _dt.date(2009, 1, 1).toordinal()  # + 10 points from 2009 (S)
_TWO_RATES_FROM = _dt.date(2015, 1, 1).toordinal()  # two legal-rate categories (L313-2)


class _LatePaymentData(NamedTuple):
    """Dates and amounts read once from ``data/fr_payment_terms.toml``."""

    indemnity: dict[str, tuple[Decimal, int, str]]  # regime -> (amount, from ordinal, ISO)
    moratorium_from: int  # CCP R2192-31 in force from this ordinal
    moratorium_from_iso: str


@cache
def _late_payment_data() -> _LatePaymentData:
    """C. com. D441-5 / CCP D2192-35 (from 2013-01-01) and CCP R2192-31 (from 2019-04-01)."""
    text = (
        resources.files("recouvrement.jurisdictions.fr")
        .joinpath("data", "fr_payment_terms.toml")
        .read_text("utf-8")
    )
    data = tomllib.loads(text)
    indemnity: dict[str, tuple[Decimal, int, str]] = {}
    for row in data["indemnity"]:
        start = _dt.date.fromisoformat(row["effective_from"])
        indemnity[row["id"]] = (Decimal(row["amount"]), start.toordinal(), start.isoformat())
    moratorium = next(r for r in data["moratorium"] if r["id"] == PUBLIC_PROCUREMENT)
    start = _dt.date.fromisoformat(moratorium["effective_from"])
    return _LatePaymentData(indemnity, start.toordinal(), start.isoformat())


def _half_year(ordinal: int) -> int:
    return bisect_right(_HY, ordinal) - 1


def _label(k: int) -> str:
    return f"{_FIRST_YEAR + k // 2} S{k % 2 + 1}"


def _iso(ordinal: int) -> str:
    return _dt.date.fromordinal(ordinal).isoformat()


def regime_of(claim: Claim) -> str:
    """Return the French interest regime of a claim (see the module table).

    Examples:
        >>> from recouvrement.sample import sample_claim
        >>> regime_of(sample_claim())
        'commercial'
        >>> from recouvrement.parties import Debtor
        >>> import attrs
        >>> regime_of(attrs.evolve(sample_claim(), debtor=Debtor(id="P", name="Paul",
        ...                                                       kind="individual")))
        'legal_rate'
    """
    nature = claim.nature
    debtor = claim.debtor.kind
    if nature is ClaimNature.PUBLIC_PROCUREMENT:
        return PUBLIC_PROCUREMENT
    if nature is ClaimNature.COMMERCIAL:
        if debtor is PartyKind.PUBLIC_BODY:
            return PUBLIC_PROCUREMENT
        # C. com. L441-10 governs payment between professionals: an individual debtor
        # owes interest at the legal rate from the formal notice (C. civ. 1231-6, 1344-1).
        return LEGAL_RATE if debtor is PartyKind.INDIVIDUAL else COMMERCIAL
    if nature is ClaimNature.TRANSPORT and claim.creditor.kind is PartyKind.PROFESSIONAL:
        if debtor is PartyKind.PROFESSIONAL:
            return COMMERCIAL
        if debtor is PartyKind.PUBLIC_BODY:
            return PUBLIC_PROCUREMENT
    if nature is ClaimNature.TAX:
        return NONE
    return LEGAL_RATE


_reason = Reason._unchecked

_INDIVIDUAL_DEBTOR_REASON = Reason(
    "interest.commercial_individual_debtor",
    "The debtor is an individual: C. com. L441-10 governs payment between professionals, so "
    "interest at the legal rate runs from the formal notice (C. civ. 1231-6, 1344-1) and no "
    "40 EUR fixed indemnity is due",
    citation=CIV_1231_6,
)
_INDIVIDUAL_CREDITOR_REASON = Reason(
    "interest.commercial.individual_creditor",
    "Warning: the creditor is recorded as an individual, while C. com. L441-10 names "
    "professionals; the commercial rules are applied because the claim's nature is "
    "commercial: check that the creditor acts as a professional",
    citation=L441_10,
)
_PRINCIPAL_FIRST_REASON = Reason(
    "interest.allocation.principal_first",
    "Allocation 'principal_first': partial payments are applied to principal first. "
    "C. civ. 1343-1 imputes them to interest first unless agreed otherwise "
    "(allocation='interest_first'); this models such an agreement or the common simplification",
    citation=CIV_1343_1,
    facts={"allocation": "principal_first"},
)


_REGIME_REASON = {
    COMMERCIAL: Reason(
        "interest.regime.commercial",
        "Late-payment penalties between professionals run from the day after the due date, "
        "without any reminder",
        citation=L441_10,
    ),
    PUBLIC_PROCUREMENT: Reason(
        "interest.regime.public_procurement",
        "Moratorium interest on a public contract runs automatically from the day after the "
        "payment term",
        citation=R2192_31,
    ),
    LEGAL_RATE: Reason(
        "interest.regime.legal_rate",
        "Interest at the legal rate runs from the formal notice (mise en demeure)",
        citation=CIV_1231_6,
    ),
    NONE: Reason(
        "interest.regime.none",
        "Interest on tax claims follows tax law, which this library does not model",
    ),
}


# -- rate segments ----------------------------------------------------------------------------

_Segment = tuple[int, int, Decimal, Citation]


def _commercial_segments(
    lo: int,
    hi: int,
    contractual: Decimal | None,
    tables: RateTables,
    start_half_year: bool,
    floor_default_rate: bool,
    below_floor_default: bool,
    reasons: list[Reason],
) -> list[_Segment]:
    """C. com. L441-10 II: one segment per half-year (per ECB change before 2013)."""
    legal = tables.legal
    segments: list[_Segment] = []
    k = _half_year(lo)
    fixed_k = k
    if contractual is not None:
        reasons.append(
            _reason(
                "interest.commercial.contractual_rate",
                f"Contractual late-payment rate of the payment terms: {contractual} %",
                citation=L441_10,
                facts={"rate": contractual},
            )
        )
        if _HY[k] < _SEMESTER_RULE_FROM:
            reasons.append(
                _reason(
                    "interest.commercial.floor_before_2013",
                    "Before 2013 the contractual rate is checked against the floor of the "
                    "current text (3 x the legal rate); the earlier wording is not in the "
                    "sourced reference",
                    citation=L441_10,
                )
            )
    elif start_half_year:
        reasons.append(
            _reason(
                "interest.commercial.start_half_year",
                f"Option semester_rule='start_half_year' (unsettled reading): the rate of "
                f"{_label(k)}, when interest started, is kept for the whole delay",
                citation=L441_10,
                facts={"half_year": _label(k)},
            )
        )
    while True:
        first = _HY[k]
        last = _HY[k + 1] - 1
        s = lo if lo > first else first
        e = hi if hi < last else last
        use_default = contractual is None
        if contractual is not None:
            floor = legal.rate_on_ordinal(first, OTHER) * _THREE
            if contractual >= floor:
                segments.append((s, e, contractual, L441_10))
            elif below_floor_default:
                # A U reading: the void clause falls back to the default rate.
                reasons.append(
                    _reason(
                        "interest.commercial.below_floor",
                        f"{_label(k)}: the contractual rate {contractual} % is below 3 x the "
                        f"legal rate ({floor} %), which is unlawful; option "
                        "below_floor='default' (unsettled reading): the void clause falls "
                        "back to the default rate, ECB + 10 points",
                        citation=L441_10,
                        facts={
                            "half_year": _label(k),
                            "contractual": contractual,
                            "floor": floor,
                            "below_floor": "default",
                        },
                    )
                )
                use_default = True
            else:
                reasons.append(
                    _reason(
                        "interest.commercial.below_floor",
                        f"{_label(k)}: the contractual rate {contractual} % is below 3 x the "
                        f"legal rate ({floor} %), which is unlawful: the floor applies",
                        citation=L441_10,
                        facts={
                            "half_year": _label(k),
                            "contractual": contractual,
                            "floor": floor,
                            "below_floor": "floor",
                        },
                    )
                )
                segments.append((s, e, floor, L441_10))
        if use_default:
            _default_segments(
                k,
                fixed_k,
                s,
                e,
                first,
                tables,
                start_half_year,
                floor_default_rate,
                segments,
                reasons,
            )
        if last >= hi:
            return segments
        k += 1


def _default_segments(
    k: int,
    fixed_k: int,
    s: int,
    e: int,
    first: int,
    tables: RateTables,
    start_half_year: bool,
    floor_default_rate: bool,
    segments: list[_Segment],
    reasons: list[Reason],
) -> None:
    """The default rate of half-year ``k`` between ordinals ``s`` and ``e`` (L441-10 II)."""
    if first < _SEMESTER_RULE_FROM:
        # Before 2013 the rate followed each ECB operation (S): ECB + 10 from 2009, + 7 before.
        # Half-years never straddle 1 January 2009, so one test per span suffices.
        for a, b, ecb_rate in tables.ecb.spans(s, e):
            points = _TEN if a >= _PLUS_TEN_FROM else _SEVEN
            segments.append((a, b, ecb_rate + points, L441_6_OLD))
            reasons.append(
                _reason(
                    "interest.commercial.pre_2013_rate",
                    f"From {_iso(a)}: ECB rate {ecb_rate} % + {points} points "
                    f"(before 2013 the rate followed each ECB operation)",
                    citation=L441_6_OLD,
                    facts={"from": _iso(a), "ecb_rate": ecb_rate, "points": points},
                )
            )
        return
    ref_k = fixed_k if start_half_year else k
    ecb_rate = tables.ecb.rate_on_ordinal(_HY[ref_k])
    rate = ecb_rate + _TEN
    day = "1 January" if ref_k % 2 == 0 else "1 July"
    reasons.append(
        _reason(
            "interest.commercial.default_rate",
            f"{_label(k)}: ECB rate in force on {day} {_FIRST_YEAR + ref_k // 2} "
            f"({ecb_rate} %) + 10 points = {rate} %",
            citation=L441_10,
            facts={"half_year": _label(k), "ecb_rate": ecb_rate, "rate": rate},
        )
    )
    floor = _floor_or_none(tables.legal, first)
    if floor is None:
        if floor_default_rate:
            reasons.append(
                _reason(
                    "interest.commercial.floor_unknown",
                    f"{_label(k)}: the legal rate is not published, so 3 x the legal rate is "
                    "unknown and the option floor_default_rate is not applied: ECB + 10 "
                    "applies (pass a legal-rate table with this half-year to apply it)",
                    citation=L441_10,
                    facts={"half_year": _label(k), "default": rate},
                )
            )
    elif floor > rate:
        if floor_default_rate:
            reasons.append(
                _reason(
                    "interest.commercial.default_floored",
                    f"{_label(k)}: option floor_default_rate (unsettled reading): "
                    f"3 x the legal rate ({floor} %) is above ECB + 10 and applies",
                    citation=L441_10,
                    facts={"half_year": _label(k), "floor": floor, "default": rate},
                )
            )
            rate = floor
        else:
            reasons.append(
                _reason(
                    "interest.commercial.floor_above_default",
                    f"{_label(k)}: 3 x the legal rate ({floor} %) is above ECB + 10 "
                    f"({rate} %); the floor bounds contractual rates, so the default "
                    "rate applies (unsettled point: see floor_default_rate)",
                    citation=L441_10,
                    facts={"half_year": _label(k), "floor": floor, "default": rate},
                )
            )
    segments.append((s, e, rate, L441_10))


def _floor_or_none(legal: RateTable, first: int) -> Decimal | None:
    try:
        return legal.rate_on_ordinal(first, OTHER) * _THREE
    except LookupError:
        return None


def _legal_segments(
    lo: int,
    hi: int,
    category: str,
    majoration_from: int | None,
    tables: RateTables,
    reasons: list[Reason],
) -> list[_Segment]:
    """C. civ. 1231-6 at the legal rate of each half-year (L313-2), + 5 points (L313-3)."""
    segments: list[_Segment] = []
    who = (
        "a creditor who is a natural person not acting for professional needs"
        if category == INDIVIDUAL
        else "creditors other than private individuals"
    )
    for a, b, rate in tables.legal.spans(lo, hi, category):
        first_k = _half_year(a)
        last_k = _half_year(b)
        when = _label(first_k) if first_k == last_k else f"{_label(first_k)}-{_label(last_k)}"
        whom = who if a >= _TWO_RATES_FROM else "every creditor (one rate before 2015)"
        reasons.append(
            _reason(
                "interest.legal_rate.rate",
                f"{when}: legal interest rate for {whom}: {rate} %",
                citation=L313_2,
                facts={"from": _iso(a), "to": _iso(b), "rate": rate, "category": category},
            )
        )
        if majoration_from is not None and b >= majoration_from:
            if a < majoration_from:
                segments.append((a, majoration_from - 1, rate, CIV_1231_6))
                a = majoration_from
            segments.append((a, b, rate + _FIVE, L313_3))
        else:
            segments.append((a, b, rate, CIV_1231_6))
    return segments


def _quantum(currency: str) -> Decimal:
    return Decimal(1).scaleb(-currency_precision(currency))


def _unpaid(numerators: dict[int, Decimal], paid: Decimal, quantum: Decimal) -> Decimal:
    """Interest accrued and not yet paid, rounded half up to the currency's precision.

    A payment settles interest in whole cents (C. civ. 1343-1 imputation), which also keeps
    the base exact.
    """
    accrued = numerators[365] / _DIVISOR[365] + numerators[366] / _DIVISOR[366]
    return (accrued - paid).quantize(quantum, rounding=ROUND_HALF_UP)


def _split_years(segments: list[_Segment]) -> list[tuple[int, int, Decimal, Citation, int]]:
    out: list[tuple[int, int, Decimal, Citation, int]] = []
    for a, b, rate, citation in segments:
        while True:
            year = _dt.date.fromordinal(a).year
            year_end = _HY[2 * (year + 1 - _FIRST_YEAR)] - 1
            days = 366 if calendar.isleap(year) else 365
            if b <= year_end:
                out.append((a, b, rate, citation, days))
                break
            out.append((a, year_end, rate, citation, days))
            a = year_end + 1
    return out


# -- the computation ----------------------------------------------------------------------------


def late_interest_fr(
    claim: Claim,
    as_of: pendulum.Date,
    *,
    interest_first: bool,
    actual_actual: bool,
    tables: RateTables,
    extra_indemnity: Money | None,
    start_half_year: bool,
    floor_default_rate: bool,
    below_floor_default: bool = False,
) -> LateInterest:
    """Compute late interest under French law (see the module docstring for the rules).

    Examples:
        >>> from recouvrement.sample import sample_claim
        >>> from recouvrement.interest import RateTables
        >>> import pendulum
        >>> li = late_interest_fr(sample_claim(), pendulum.Date(2025, 6, 30),
        ...     interest_first=False, actual_actual=False, tables=RateTables.resolve(None),
        ...     extra_indemnity=None, start_half_year=False, floor_default_rate=False)
        >>> li.regime
        'commercial'
    """
    currency = claim.amount.currency
    zero = Money._unchecked(_ZERO, currency).round()
    end_day = as_of.toordinal()
    due = claim.due_on.toordinal()
    regime = regime_of(claim)
    reasons: list[Reason] = [_REGIME_REASON[regime]]
    amount = claim.amount.amount
    if claim.nature is ClaimNature.COMMERCIAL:
        if regime == LEGAL_RATE:
            reasons.append(_INDIVIDUAL_DEBTOR_REASON)
        elif regime == COMMERCIAL and claim.creditor.kind is PartyKind.INDIVIDUAL:
            reasons.append(_INDIVIDUAL_CREDITOR_REASON)

    # One pass over the events.
    trigger: int | None = None
    trigger_reason: Reason | None = None
    judgment_day: int | None = None
    majoration_from: int | None = None
    stop_reason: Reason | None = None
    indemnity_blocked: InsolvencyProceeding | None = None
    has_judgment = False
    issued = claim.issued_on.toordinal()
    for event in claim.events:
        kind = type(event)
        if kind is FormalNotice:
            day = event.on.toordinal()  # type: ignore[union-attr]
            if day > end_day:
                continue
            if day <= due:
                if regime != LEGAL_RATE:
                    continue
                reasons.append(
                    _reason(
                        "interest.formal_notice_premature",
                        f"The formal notice of {_iso(day)} was sent before the claim was "
                        "overdue and is not counted",
                        citation=CIV_1344,
                        facts={"on": _iso(day), "due_on": _iso(due)},
                    )
                )
            elif trigger is None or day < trigger:
                trigger = day
                trigger_reason = _reason(
                    "interest.formal_notice",
                    f"Formal notice (mise en demeure) of {_iso(day)}: interest at the legal "
                    "rate runs from it",
                    citation=CIV_1344_1,
                    facts={"on": _iso(day)},
                )
        elif kind is LegalAction:
            served = event.served_on  # type: ignore[union-attr]
            if served is None:
                continue
            day = served.toordinal()
            if due < day <= end_day and (trigger is None or day < trigger):
                trigger = day
                trigger_reason = _reason(
                    "interest.served_act",
                    f"Court act served on {_iso(day)}: a sufficient interpellation, it counts "
                    "as a formal notice",
                    citation=CIV_1344,
                    facts={"on": _iso(day)},
                )
        elif kind is Judgment:
            day = event.on.toordinal()  # type: ignore[union-attr]
            if day > end_day:
                continue
            has_judgment = True
            if judgment_day is None or day < judgment_day:
                judgment_day = day
            served = event.served_on  # type: ignore[union-attr]
            if served is not None and served.toordinal() <= end_day:
                # + 5 points once two months have run from service (L313-3; CPC 503).
                start = served.add(months=2).toordinal() + 1
                if majoration_from is None or start < majoration_from:
                    majoration_from = start
        elif kind is InsolvencyProceeding:
            opened = event.opened_on.toordinal()  # type: ignore[union-attr]
            if issued < opened <= end_day:
                liquidation = event.kind is InsolvencyKind.LIQUIDATION  # type: ignore[union-attr]
                if stop_reason is None or opened - 1 < end_day:
                    end_day = opened - 1
                    stop_reason = _reason(
                        "interest.insolvency_stop",
                        f"The insolvency proceeding opened on {_iso(opened)} stops interest on "
                        "claims born before it",
                        citation=L641_3 if liquidation else L622_28,
                        facts={"opened_on": _iso(opened)},
                    )
            closed = event.closed_on  # type: ignore[union-attr]
            if issued < opened <= due and (closed is None or closed.toordinal() > due):
                indemnity_blocked = event  # type: ignore[assignment]

    # Where accrual starts.
    start = due + 1
    if regime == LEGAL_RATE:
        if trigger is None and judgment_day is not None:
            trigger = judgment_day
            reasons.append(
                _reason(
                    "interest.judgment_fallback",
                    "No formal notice and no served court act after the due date: the "
                    "judgment date is used as the start of interest (C. civ. 1231-7: from the "
                    "judgment unless the judge decides otherwise; check the judgment)",
                    citation=CIV_1231_7,
                    facts={"on": _iso(judgment_day)},
                )
            )
            trigger_reason = _reason(
                "interest.judgment",
                f"Judgment of {_iso(judgment_day)}: interest at the legal rate runs from it",
                citation=CIV_1231_7,
                facts={"on": _iso(judgment_day)},
            )
        if trigger is None:
            reasons.append(
                _reason(
                    "interest.no_formal_notice",
                    "No formal notice (mise en demeure) yet: no interest runs until one is sent",
                    citation=CIV_1231_6,
                )
            )
            start = _BIG
        else:
            assert trigger_reason is not None
            reasons.append(trigger_reason)
            if trigger + 1 > start:
                start = trigger + 1
    elif regime == NONE:
        start = _BIG
    if has_judgment and regime in (COMMERCIAL, PUBLIC_PROCUREMENT):
        reasons.append(
            _reason(
                "interest.judgment_no_majoration",
                "The + 5 points after a judgment raise the legal rate only; this claim's rate "
                "is unchanged",
                citation=L313_3,
            )
        )
    if stop_reason is not None:
        reasons.append(stop_reason)
    if (
        regime in (PUBLIC_PROCUREMENT, LEGAL_RATE)
        and claim.terms is not None
        and claim.terms.late_interest_rate is not None
    ):
        reasons.append(
            _reason(
                "interest.contractual_rate_ignored",
                f"The contractual rate {claim.terms.late_interest_rate} % is not used: "
                + (
                    "the regulatory rate applies"
                    if regime == PUBLIC_PROCUREMENT
                    else "this library applies the legal rate outside commercial claims"
                ),
                citation=R2192_31 if regime == PUBLIC_PROCUREMENT else CIV_1231_6,
            )
        )

    # Base changes: a payment counts from the day after it is received, a credit note
    # from its own date.
    changes: list[tuple[int, int, Decimal]] = []
    base_after_due = amount
    for payment in claim.payments:
        day = payment.on.toordinal()
        if day <= as_of.toordinal():
            changes.append((day + 1, 1, payment.amount.amount))
            if day <= due:
                base_after_due -= payment.amount.amount
    for note in claim.credit_notes:
        day = note.on.toordinal()
        if day <= as_of.toordinal():
            changes.append((day, 0, note.amount.amount))
            if day <= due + 1:
                base_after_due -= note.amount.amount
    changes.sort()

    # Segments of constant rate.
    segments: list[_Segment] = []
    if start <= end_day:
        if regime == COMMERCIAL:
            contractual = claim.terms.late_interest_rate if claim.terms is not None else None
            segments = _commercial_segments(
                start,
                end_day,
                contractual,
                tables,
                start_half_year,
                floor_default_rate,
                below_floor_default,
                reasons,
            )
        elif regime == PUBLIC_PROCUREMENT:
            k = _half_year(start)
            ecb_rate = tables.ecb.rate_on_ordinal(_HY[k])
            rate = ecb_rate + _EIGHT
            reasons.append(
                _reason(
                    "interest.public_procurement.rate",
                    f"ECB rate in force on the first day of {_label(k)}, when interest started "
                    f"({ecb_rate} %) + 8 points = {rate} %, fixed for the whole delay",
                    citation=R2192_31,
                    facts={"half_year": _label(k), "ecb_rate": ecb_rate, "rate": rate},
                )
            )
            segments = [(start, end_day, rate, R2192_31)]
            data = _late_payment_data()
            if start < data.moratorium_from:
                reasons.append(
                    _reason(
                        "interest.public_procurement.before_sourced_text",
                        f"Interest started on {_iso(start)}, before CCP R2192-31 came into "
                        f"force ({data.moratorium_from_iso}); the text in force before is not "
                        "in the sourced reference and the same rule is applied: check it",
                        citation=R2192_31,
                        facts={"start": _iso(start), "in_force_from": data.moratorium_from_iso},
                    )
                )
        else:
            category = INDIVIDUAL if claim.creditor.kind is PartyKind.INDIVIDUAL else OTHER
            if majoration_from is not None and majoration_from <= end_day:
                reasons.append(
                    _reason(
                        "interest.judgment_majoration",
                        f"Two months after the judgment was served, the legal rate is raised by "
                        f"5 points from {_iso(majoration_from)}",
                        citation=L313_3,
                        facts={"from": _iso(majoration_from)},
                    )
                )
            segments = _legal_segments(start, end_day, category, majoration_from, tables, reasons)
    elif regime != NONE and as_of.toordinal() <= due:
        reasons.append(
            _reason(
                "interest.not_late",
                f"Not overdue on {as_of.isoformat()} (due {_iso(due)})",
                facts={"due_on": _iso(due)},
            )
        )
    if actual_actual:
        pieces = _split_years(segments)
    else:
        pieces = [(a, b, r, c, 365) for a, b, r, c in segments]

    # Walk the days: accrue on the base, apply base changes on their day.
    quantum = _quantum(currency)
    base = amount
    interest_paid = _ZERO
    numerators = {365: _ZERO, 366: _ZERO}
    raw: list[list[Any]] = []
    i = 0
    n = len(changes)
    first_day = pieces[0][0] if pieces else _BIG
    while i < n and changes[i][0] <= first_day:
        base -= changes[i][2]
        i += 1
    settled: int | None = None
    for a, b, rate, citation, year_days in pieces:
        cur = a
        while True:
            nxt = changes[i][0] if i < n else _BIG
            last = b if b < nxt else nxt - 1
            if last >= cur and base > 0:
                numerator = base * rate * (last - cur + 1)
                numerators[year_days] += numerator
                previous = raw[-1] if raw else None
                if (
                    previous is not None
                    and previous[1] == cur - 1
                    and previous[2] == rate
                    and previous[3] == base
                    and previous[4] is citation
                    and previous[5] == year_days
                ):
                    previous[1] = last
                    previous[6] += numerator
                else:
                    raw.append([cur, last, rate, base, citation, year_days, numerator])
            if nxt > b:
                break
            cur = nxt
            while i < n and changes[i][0] == cur:
                _, is_payment, paid = changes[i]
                if is_payment and interest_first:
                    unpaid = _unpaid(numerators, interest_paid, quantum)
                    to_interest = paid if paid < unpaid else (unpaid if unpaid > 0 else _ZERO)
                    interest_paid += to_interest
                    paid -= to_interest
                base -= paid
                i += 1
            if base <= 0:
                settled = cur - 1
                break
        if settled is not None:
            break
    # Payments after accrual ended still pay accrued interest first (C. civ. 1343-1).
    if interest_first:
        while i < n:
            _, is_payment, paid = changes[i]
            if is_payment:
                unpaid = _unpaid(numerators, interest_paid, quantum)
                interest_paid += paid if paid < unpaid else (unpaid if unpaid > 0 else _ZERO)
            i += 1
        reasons.append(
            _reason(
                "interest.allocation.interest_first",
                "Allocation 'interest_first': partial payments are applied to accrued "
                "interest before principal, the imputation C. civ. 1343-1 provides unless "
                f"agreed otherwise ({interest_paid} {currency} applied to interest)",
                citation=CIV_1343_1,
                facts={"allocation": "interest_first", "interest_paid": interest_paid},
            )
        )
    else:
        reasons.append(_PRINCIPAL_FIRST_REASON)
    if settled is not None:
        reasons.append(
            _reason(
                "interest.stopped_paid",
                f"Interest stops on {_iso(settled)}, the day the principal was paid in full",
                facts={"last_day": _iso(settled)},
            )
        )

    periods = tuple(
        InterestPeriod(
            start=from_ordinal(p_start),
            end=from_ordinal(p_end),
            days=p_end - p_start + 1,
            rate=p_rate,
            base=Money._unchecked(p_base, currency),
            amount=Money._unchecked(p_num / _DIVISOR[p_days], currency),
            citation=p_citation,
            year_days=p_days,
        )
        for p_start, p_end, p_rate, p_base, p_citation, p_days, p_num in raw
    )
    accrued_total = _ZERO
    if numerators[365]:
        accrued_total += numerators[365] / _DIVISOR[365]
    if numerators[366]:
        accrued_total += numerators[366] / _DIVISOR[366]
    accrued_money = Money._unchecked(accrued_total, currency)
    interest = accrued_money.round()

    # Fixed indemnity.
    indemnity = zero
    late = as_of.toordinal() > due and base_after_due > 0
    if regime in (COMMERCIAL, PUBLIC_PROCUREMENT) and late:
        indemnity, indemnity_reasons = _indemnity(
            claim, regime, due, indemnity_blocked, extra_indemnity, zero
        )
        reasons.extend(indemnity_reasons)
    elif regime == LEGAL_RATE and late:
        reasons.append(
            _reason(
                "indemnity.none",
                "No fixed recovery indemnity: collection costs without an enforcement title stay "
                "with the creditor",
                citation=L111_8,
            )
        )

    penalty = zero
    if claim.terms is not None and claim.terms.penalty is not None and late:
        penalty, penalty_reasons = _penalty(claim, as_of, zero)
        reasons.extend(penalty_reasons)

    return LateInterest(
        claim_id=claim.id,
        as_of=as_of,
        regime=regime,
        periods=periods,
        accrued=accrued_money,
        interest=interest,
        indemnity=indemnity,
        penalty=penalty,
        total=interest + indemnity,
        interest_paid=Money._unchecked(interest_paid, currency),
        reasons=tuple(reasons),
        allocation="interest_first" if interest_first else "principal_first",
        day_count="actual/actual" if actual_actual else "actual/365",
    )


def _indemnity(
    claim: Claim,
    regime: str,
    due: int,
    blocked: InsolvencyProceeding | None,
    extra: Money | None,
    zero: Money,
) -> tuple[Money, list[Reason]]:
    """40 EUR per invoice paid late: C. com. L441-10 II and D441-5; CCP D2192-35.

    Not on an invoice that fell due before the date in ``data/fr_payment_terms.toml``
    (``[[indemnity]] effective_from``: 2013-01-01, décret 2012-1115).
    """
    citation = D441_5 if regime == COMMERCIAL else D2192_35
    amount, in_force_from, in_force_iso = _late_payment_data().indemnity[regime]
    if regime == COMMERCIAL and claim.debtor.kind is PartyKind.INDIVIDUAL:
        # Not reached through regime_of (an individual debtor is under the legal rate);
        # kept so that the rule holds if the routing changes.
        return zero, [
            _reason(
                "indemnity.individual_debtor",
                "No 40 EUR fixed indemnity: it is due only by a professional debtor",
                citation=D441_5,
            )
        ]
    if due < in_force_from:
        return zero, [
            _reason(
                "indemnity.before_in_force",
                f"No 40 EUR fixed indemnity: the invoice fell due on {_iso(due)}, before "
                f"{in_force_iso}, when the fixed indemnity came into force (décret 2012-1115)",
                citation=citation,
                facts={"due_on": _iso(due), "in_force_from": in_force_iso},
            )
        ]
    if blocked is not None:
        return zero, [
            _reason(
                "indemnity.insolvency",
                f"No 40 EUR fixed indemnity: the insolvency proceeding opened on "
                f"{blocked.opened_on.isoformat()} forbade payment at the due date",
                citation=L441_10,
                facts={"opened_on": blocked.opened_on.isoformat()},
            )
        ]
    if claim.amount.currency != "EUR":
        return zero, [
            _reason(
                "indemnity.currency",
                f"The 40 EUR fixed indemnity is due but the claim is in {claim.amount.currency}: "
                "convert it and add it yourself",
                citation=citation,
            )
        ]
    reasons = [
        _reason(
            "indemnity.fixed",
            "40 EUR fixed indemnity for recovery costs, per invoice paid late",
            citation=citation,
            facts={"amount": amount},
        )
    ]
    total = amount
    if extra is not None and extra.amount > 0:
        if regime == COMMERCIAL:
            total += extra.amount
            reasons.append(
                _reason(
                    "indemnity.extra",
                    f"Additional compensation on justification: {extra}",
                    citation=L441_10,
                    facts={"amount": extra.amount},
                )
            )
        else:
            reasons.append(
                _reason(
                    "indemnity.extra_ignored",
                    "The additional justified amount is applied to commercial claims only",
                    citation=citation,
                )
            )
    return Money._unchecked(total, "EUR").round(), reasons


def _penalty(claim: Claim, as_of: pendulum.Date, zero: Money) -> tuple[Money, list[Reason]]:
    """A penalty clause is due only after a formal notice (C. civ. 1231-5).

    The trigger is the same as for interest: the earliest formal notice or served court act
    after the due date and on or before ``as_of`` (a sufficient interpellation, C. civ. 1344).
    """
    assert claim.terms is not None
    assert claim.terms.penalty is not None
    clause = claim.terms.penalty
    due = claim.due_on.toordinal()
    last = as_of.toordinal()
    trigger: int | None = None
    served_act = False
    for event in claim.events:
        kind = type(event)
        if kind is FormalNotice:
            day = event.on.toordinal()  # type: ignore[union-attr]
            is_act = False
        elif kind is LegalAction:
            served = event.served_on  # type: ignore[union-attr]
            if served is None:
                continue
            day = served.toordinal()
            is_act = True
        else:
            continue
        if due < day <= last and (
            trigger is None or day < trigger or (day == trigger and not is_act)
        ):
            trigger = day
            served_act = is_act
    if trigger is None:
        return zero, [
            _reason(
                "penalty.no_formal_notice",
                "The penalty clause is not due yet: it needs a formal notice (mise en demeure) "
                "or a served court act after the due date",
                citation=CIV_1231_5,
            )
        ]
    on = from_ordinal(trigger)
    what = (
        f"the court act served on {on.isoformat()} (a sufficient interpellation, C. civ. 1344)"
        if served_act
        else f"the formal notice of {on.isoformat()}"
    )
    outstanding = claim.outstanding(as_of=on)
    if outstanding.amount <= 0:
        return zero, [
            _reason(
                "penalty.nothing_outstanding",
                f"Nothing was outstanding on {what}",
                citation=CIV_1231_5,
            )
        ]
    amount = clause.on(outstanding).round()
    basis = (
        f"{clause.percent} % of {outstanding} outstanding"
        if clause.percent is not None
        else "a fixed sum"
    )
    return amount, [
        _reason(
            "penalty.due",
            f"Penalty clause due after {what}: {amount} "
            f"({basis}); a judge may reduce or increase it if manifestly excessive or derisory",
            citation=CIV_1231_5,
            facts={"notice": on.isoformat(), "served_act": served_act, "amount": amount.amount},
        )
    ]
