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
from bisect import bisect_right
from decimal import ROUND_HALF_UP, Decimal
from functools import cache, lru_cache
from importlib import resources
from typing import Any, NamedTuple

import pendulum

from ..._convert import from_ordinal
from ..._dates import add_months
from ..._dates import iso as _iso
from ..._tables import DatedIndex, load_toml
from ...claims import Claim, ClaimNature
from ...errors import RateNotPublished
from ...events import FormalNotice, InsolvencyKind, InsolvencyProceeding, Judgment, LegalAction
from ...explain import Citation, Reason
from ...interest import (
    InterestPeriod,
    LateInterest,
    RateTables,
    _late_interest_record,
    _period_record,
)
from ...money import Money, currency_precision
from ...parties import PartyKind
from ...rates import INDIVIDUAL, OTHER, RateTable
from ..base import InterestOptions
from .terms import payment_terms_data

__all__ = [
    "COMMERCIAL",
    "LEGAL_RATE",
    "NONE",
    "PUBLIC_PROCUREMENT",
    "late_interest",
    "late_interest_fr",
    "no_accessories",
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

_ZERO = Decimal(0)
_DIVISOR = {365: Decimal(36500), 366: Decimal(36600)}
_BIG = 10**9

# Half-year boundaries as ordinals: _HY[2k] = 1 January, _HY[2k+1] = 1 July of 1900 + k.
_FIRST_YEAR = 1900
_HY: list[int] = []
for _year in range(_FIRST_YEAR, 2202):
    _HY.append(_dt.date(_year, 1, 1).toordinal())
    _HY.append(_dt.date(_year, 7, 1).toordinal())

# The same citation objects as the constants above, so that periods merge by identity.
_KNOWN = {c: c for c in (L441_10, L441_6_OLD, R2192_31, L313_2, L313_3)}


class _Rule(NamedTuple):
    """One dated row of ``data/fr_interest.toml``: points (or a factor) and its article."""

    effective_from: _dt.date
    effective_to: _dt.date | None
    value: Decimal
    citation: Citation
    each_day: bool = False  # commercial default rate: the ECB rate of each day (before 2013)
    months: int = 0  # judgment majoration: months from service


class _InterestData(NamedTuple):
    """The figures of French late interest, read once from ``data/fr_interest.toml``."""

    commercial_default: DatedIndex[_Rule]
    contractual_floor: DatedIndex[_Rule]
    public_procurement: DatedIndex[_Rule]
    judgment_majoration: DatedIndex[_Rule]
    legal_rate_categories: DatedIndex[_Rule]


def _rows(data: dict[str, Any], key: str, field: str) -> DatedIndex[_Rule]:
    rows = []
    for row in data[key]:
        citation = Citation(row["code"], row["article"], note=row.get("note"))
        end = row.get("effective_to")
        rows.append(
            _Rule(
                effective_from=_dt.date.fromisoformat(row["effective_from"]),
                effective_to=None if end is None else _dt.date.fromisoformat(end),
                value=Decimal(str(row[field])),
                citation=_KNOWN.get(citation, citation),
                each_day=row.get("reference") == "each_day",
                months=int(row.get("months", 0)),
            )
        )
    return DatedIndex(rows)


@cache
def _interest_data() -> _InterestData:
    """C. com. L441-10 II, CCP R2192-31, C. mon. fin. L313-2 and L313-3, as data."""
    resource = resources.files("recouvrement.jurisdictions.fr").joinpath("data", "fr_interest.toml")
    data = load_toml(resource, origin="fr_interest.toml")
    return _InterestData(
        commercial_default=_rows(data, "commercial_default", "points"),
        contractual_floor=_rows(data, "contractual_floor", "factor"),
        public_procurement=_rows(data, "public_procurement", "points"),
        judgment_majoration=_rows(data, "judgment_majoration", "points"),
        legal_rate_categories=_rows(data, "legal_rate_categories", "categories"),
    )


@lru_cache(maxsize=2048)
def _default_rule(first: int) -> _Rule:
    """The commercial default-rate row of the half-year starting on ``first`` (cached)."""
    return _rule(_interest_data().commercial_default, first, "fr_commercial_default")


@lru_cache(maxsize=2048)
def _floor_factor(first: int) -> Decimal:
    """The contractual-floor factor of the half-year starting on ``first`` (cached)."""
    return _rule(_interest_data().contractual_floor, first, "fr_contractual_floor").value


def _rule(rows: DatedIndex[_Rule], day: int, what: str) -> _Rule:
    """The row in force on ``day``; a day no row covers raises (the law is not guessed)."""
    found = rows.on(day)
    if found is None:
        raise RateNotPublished(what, _iso(day), hint="no row of fr_interest.toml covers this date")
    return found


class _LatePaymentData(NamedTuple):
    """Dates and amounts read once from ``data/fr_payment_terms.toml``."""

    indemnity: dict[str, tuple[Decimal, int, str]]  # regime -> (amount, from ordinal, ISO)
    moratorium_from: int  # CCP R2192-31 in force from this ordinal
    moratorium_from_iso: str


@cache
def _late_payment_data() -> _LatePaymentData:
    """C. com. D441-5 / CCP D2192-35 (from 2013-01-01) and CCP R2192-31 (from 2019-04-01)."""
    data = payment_terms_data()
    indemnity: dict[str, tuple[Decimal, int, str]] = {}
    for row in data["indemnity"]:
        start = _dt.date.fromisoformat(row["effective_from"])
        indemnity[row["id"]] = (Decimal(row["amount"]), start.toordinal(), start.isoformat())
    moratorium = next(r for r in data["moratorium"] if r["id"] == PUBLIC_PROCUREMENT)
    start = _dt.date.fromisoformat(moratorium["effective_from"])
    return _LatePaymentData(indemnity, start.toordinal(), start.isoformat())


def _half_year(ordinal: int) -> int:
    return bisect_right(_HY, ordinal) - 1


@lru_cache(maxsize=1024)
def _label(k: int) -> str:
    return f"{_FIRST_YEAR + k // 2} S{k % 2 + 1}"


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


def no_accessories(claim: Claim) -> bool:
    """Whether no late-payment accessory can be owed on ``claim``, whatever the day.

    Under the legal-rate regime (C. civ. 1231-6, 1344-1) interest runs only from a formal
    notice, a served court act or a judgment, and no fixed indemnity is due (CPCE L111-8);
    tax claims accrue none here; a penalty clause needs a formal notice or a served court
    act (C. civ. 1231-5). So a claim under these regimes without any such event owes no
    accessory: `late_interest` would find none (``next_action`` then closes it once paid
    without computing the amounts due).

    Examples:
        >>> from recouvrement.sample import sample_claim
        >>> no_accessories(sample_claim())  # commercial: interest runs from the due date
        False
        >>> from recouvrement.parties import Debtor
        >>> import attrs
        >>> loan = attrs.evolve(sample_claim(), debtor=Debtor(id="P", name="Paul",
        ...                                                   kind="individual"), events=())
        >>> regime_of(loan), no_accessories(loan)
        ('legal_rate', True)
    """
    regime = regime_of(claim)
    if regime != LEGAL_RATE and regime != NONE:
        return False
    return not any(isinstance(e, (FormalNotice, LegalAction, Judgment)) for e in claim.events)


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


_NO_NOTICE_REASON = Reason(
    "interest.no_formal_notice",
    "No formal notice (mise en demeure) yet: no interest runs until one is sent",
    citation=CIV_1231_6,
)
_NO_INDEMNITY_REASON = Reason(
    "indemnity.none",
    "No fixed recovery indemnity: collection costs without an enforcement title stay "
    "with the creditor",
    citation=L111_8,
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
    options: InterestOptions,
    reasons: list[Reason],
) -> list[_Segment]:
    """C. com. L441-10 II: one segment per half-year (per ECB change before 2013)."""
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
        if _default_rule(_HY[k]).each_day:
            reasons.append(
                _reason(
                    "interest.commercial.floor_before_2013",
                    "Before 2013 the contractual rate is checked against the floor of the "
                    "current text (3 x the legal rate); the earlier wording is not in the "
                    "sourced reference",
                    citation=L441_10,
                )
            )
    elif options.semester_rule != "each_half_year":
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
        if contractual is None or _contractual(
            k, s, e, contractual, tables, options, segments, reasons
        ):
            _default_segments(k, fixed_k, s, e, first, tables, options, segments, reasons)
        if last >= hi:
            return segments
        k += 1


def _contractual(
    k: int,
    s: int,
    e: int,
    contractual: Decimal,
    tables: RateTables,
    options: InterestOptions,
    segments: list[_Segment],
    reasons: list[Reason],
) -> bool:
    """The contractual rate of half-year ``k``, or its floor; ``True``: use the default rate."""
    first = _HY[k]
    legal_rate = tables.legal.rate_on_ordinal(first, OTHER)
    floor = (
        legal_rate * _rule(_interest_data().contractual_floor, first, "fr_contractual_floor").value
    )
    if contractual >= floor:
        segments.append((s, e, contractual, L441_10))
        return False
    below_floor_default = options.below_floor == "default"
    fallback = "default" if below_floor_default else "floor"
    if below_floor_default:
        # A U reading: the void clause falls back to the default rate.
        message = (
            f"{_label(k)}: the contractual rate {contractual} % is below 3 x the "
            f"legal rate ({floor} %), which is unlawful; option "
            "below_floor='default' (unsettled reading): the void clause falls "
            "back to the default rate, ECB + 10 points"
        )
    else:
        message = (
            f"{_label(k)}: the contractual rate {contractual} % is below 3 x the "
            f"legal rate ({floor} %), which is unlawful: the floor applies"
        )
    reasons.append(
        _reason(
            "interest.commercial.below_floor",
            message,
            citation=L441_10,
            facts={
                "half_year": _label(k),
                "contractual": contractual,
                "floor": floor,
                "below_floor": fallback,
            },
        )
    )
    if below_floor_default:
        return True
    segments.append((s, e, floor, L441_10))
    return False


def _each_day_segments(
    s: int, e: int, tables: RateTables, segments: list[_Segment], reasons: list[Reason]
) -> None:
    """Before 2013 the rate followed each ECB operation (S): ECB + the points of the day."""
    rows = _interest_data().commercial_default
    for a, b, ecb_rate in tables.ecb.spans(s, e):
        rule = _rule(rows, a, "fr_commercial_default")
        points = rule.value
        segments.append((a, b, ecb_rate + points, rule.citation))
        reasons.append(
            _reason(
                "interest.commercial.pre_2013_rate",
                f"From {_iso(a)}: ECB rate {ecb_rate} % + {points} points "
                f"(before 2013 the rate followed each ECB operation)",
                citation=rule.citation,
                facts={"from": _iso(a), "ecb_rate": ecb_rate, "points": points},
            )
        )


def _default_segments(
    k: int,
    fixed_k: int,
    s: int,
    e: int,
    first: int,
    tables: RateTables,
    options: InterestOptions,
    segments: list[_Segment],
    reasons: list[Reason],
) -> None:
    """The default rate of half-year ``k`` between ordinals ``s`` and ``e`` (L441-10 II)."""
    rule = _default_rule(first)
    if rule.each_day:
        # Half-years never straddle a change of rule, so one test per half-year suffices.
        _each_day_segments(s, e, tables, segments, reasons)
        return
    ref_k = fixed_k if options.semester_rule != "each_half_year" else k
    key = (k, ref_k, options.floor_default_rate)
    cached = _HALF_YEAR_RATES.get(key)
    if cached is None or cached[0] is not tables.ecb or cached[1] is not tables.legal:
        cached = (tables.ecb, tables.legal, *_default_rate(k, ref_k, rule, tables, options))
        if len(_HALF_YEAR_RATES) >= 4096:
            _HALF_YEAR_RATES.clear()
        _HALF_YEAR_RATES[key] = cached
    reasons.extend(cached[3])
    segments.append((s, e, cached[2], rule.citation))


# The default rate and its reasons per (half-year, reference half-year, floor option), for
# the tables they were computed with (checked by identity: other tables recompute). A cache
# of immutable values: the same figures and reasons as computing them again.
_HALF_YEAR_RATES: dict[
    tuple[int, int, bool], tuple[RateTable, RateTable, Decimal, tuple[Reason, ...]]
] = {}


def _default_rate(
    k: int, ref_k: int, rule: _Rule, tables: RateTables, options: InterestOptions
) -> tuple[Decimal, tuple[Reason, ...]]:
    """ECB rate of the reference half-year + points, with the floor option; and the reasons."""
    reasons: list[Reason] = []
    ecb_rate = tables.ecb.rate_on_ordinal(_HY[ref_k])
    points = rule.value
    rate = ecb_rate + points
    day = "1 January" if ref_k % 2 == 0 else "1 July"
    reasons.append(
        _reason(
            "interest.commercial.default_rate",
            f"{_label(k)}: ECB rate in force on {day} {_FIRST_YEAR + ref_k // 2} "
            f"({ecb_rate} %) + {points} points = {rate} %",
            citation=rule.citation,
            facts={"half_year": _label(k), "ecb_rate": ecb_rate, "rate": rate},
        )
    )
    first = _HY[k]
    floor = _floor_or_none(tables.legal, first)
    if (floor is not None and floor > rate) or (floor is None and options.floor_default_rate):
        rate = _floored_default(k, rate, floor, options, reasons)
    return rate, tuple(reasons)


def _floored_default(
    k: int,
    rate: Decimal,
    floor: Decimal | None,
    options: InterestOptions,
    reasons: list[Reason],
) -> Decimal:
    """The default rate, raised to the floor with option ``floor_default_rate`` (a U reading)."""
    if floor is None:
        if options.floor_default_rate:
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
        return rate
    if floor <= rate:
        return rate
    if options.floor_default_rate:
        reasons.append(
            _reason(
                "interest.commercial.default_floored",
                f"{_label(k)}: option floor_default_rate (unsettled reading): "
                f"3 x the legal rate ({floor} %) is above ECB + 10 and applies",
                citation=L441_10,
                facts={"half_year": _label(k), "floor": floor, "default": rate},
            )
        )
        return floor
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
    return rate


def _floor_or_none(legal: RateTable, first: int) -> Decimal | None:
    try:
        legal_rate = legal.rate_on_ordinal(first, OTHER)
    except LookupError:
        return None
    return legal_rate * _floor_factor(first)


def _public_procurement_segments(
    start: int, end_day: int, tables: RateTables, reasons: list[Reason]
) -> list[_Segment]:
    """CCP R2192-31: the ECB rate of the half-year interest started + points, fixed."""
    rows = _interest_data().public_procurement
    # Before the text came into force the same rule is applied, and a reason says so.
    rule = rows.on(start) or rows[0]
    k = _half_year(start)
    ecb_rate = tables.ecb.rate_on_ordinal(_HY[k])
    rate = ecb_rate + rule.value
    reasons.append(
        _reason(
            "interest.public_procurement.rate",
            f"ECB rate in force on the first day of {_label(k)}, when interest started "
            f"({ecb_rate} %) + {rule.value} points = {rate} %, fixed for the whole delay",
            citation=rule.citation,
            facts={"half_year": _label(k), "ecb_rate": ecb_rate, "rate": rate},
        )
    )
    data = _late_payment_data()
    if start < data.moratorium_from:
        reasons.append(
            _reason(
                "interest.public_procurement.before_sourced_text",
                f"Interest started on {_iso(start)}, before CCP R2192-31 came into "
                f"force ({data.moratorium_from_iso}); the text in force before is not "
                "in the sourced reference and the same rule is applied: check it",
                citation=rule.citation,
                facts={"start": _iso(start), "in_force_from": data.moratorium_from_iso},
            )
        )
    return [(start, end_day, rate, rule.citation)]


def _legal_segments(
    lo: int,
    hi: int,
    category: str,
    majoration: tuple[int, Decimal] | None,
    tables: RateTables,
    reasons: list[Reason],
) -> list[_Segment]:
    """C. civ. 1231-6 at the legal rate of each half-year (L313-2), + points (L313-3)."""
    segments: list[_Segment] = []
    who = (
        "a creditor who is a natural person not acting for professional needs"
        if category == INDIVIDUAL
        else "creditors other than private individuals"
    )
    categories = _interest_data().legal_rate_categories
    for a, b, rate in tables.legal.spans(lo, hi, category):
        first_k = _half_year(a)
        last_k = _half_year(b)
        when = _label(first_k) if first_k == last_k else f"{_label(first_k)}-{_label(last_k)}"
        if _rule(categories, a, "fr_legal_rate_categories").value > 1:
            whom = who
        else:
            whom = f"every creditor (one rate before {categories[-1].effective_from.year})"
        reasons.append(
            _reason(
                "interest.legal_rate.rate",
                f"{when}: legal interest rate for {whom}: {rate} %",
                citation=L313_2,
                facts={"from": _iso(a), "to": _iso(b), "rate": rate, "category": category},
            )
        )
        if majoration is not None and b >= majoration[0]:
            majoration_from, points = majoration
            if a < majoration_from:
                segments.append((a, majoration_from - 1, rate, CIV_1231_6))
                a = majoration_from
            segments.append((a, b, rate + points, L313_3))
        else:
            segments.append((a, b, rate, CIV_1231_6))
    return segments


@lru_cache(maxsize=64)
def _quantum(currency: str) -> Decimal:
    return Decimal(1).scaleb(-currency_precision(currency))


def _unpaid(numerators: dict[int, Decimal], paid: Decimal, quantum: Decimal) -> Decimal:
    """Interest accrued and not yet paid, rounded half up to the currency's precision.

    A payment settles interest in whole cents (C. civ. 1343-1 imputation), which also keeps
    the base exact.
    """
    accrued = numerators[365] / _DIVISOR[365] + numerators[366] / _DIVISOR[366]
    return (accrued - paid).quantize(quantum, ROUND_HALF_UP)


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


class _Triggers(NamedTuple):
    """What the claim's events say about accrual, read in one pass (see `_triggers`)."""

    notice: int | None  # the earliest formal notice or served court act after the due date
    notice_reason: Reason | None
    judgment: int | None  # the earliest judgment
    majoration: tuple[int, Decimal] | None  # (first day, points) of the L313-3 majoration
    end_day: int  # the last day of accrual: as_of, or the day before an insolvency opened
    stop_reason: Reason | None
    indemnity_blocked: InsolvencyProceeding | None  # opened on or before the due date
    notes: tuple[Reason, ...]  # premature formal notices
    late_notice: int | None = None  # the first notice sent after an insolvency stopped interest


def _triggers(claim: Claim, regime: str, due: int, end_day: int) -> _Triggers:
    """One pass over the events: formal notice, judgment, majoration, insolvency."""
    notice: int | None = None
    notice_reason: Reason | None = None
    judgment: int | None = None
    majoration: tuple[int, Decimal] | None = None
    stop_reason: Reason | None = None
    blocked: InsolvencyProceeding | None = None
    notes: list[Reason] = []
    late_notice: int | None = None
    issued = claim.issued_on.toordinal()
    as_of = end_day
    events = claim.events
    # First the insolvency that stops interest (the earliest opened), so that what the other
    # events say does not depend on the order they were recorded in.
    for event in events:
        if type(event) is InsolvencyProceeding:
            opened = event.opened_on.toordinal()
            if issued < opened <= end_day:
                liquidation = event.kind is InsolvencyKind.LIQUIDATION
                end_day = opened - 1
                stop_reason = _reason(
                    "interest.insolvency_stop",
                    f"The insolvency proceeding opened on {_iso(opened)} stops interest on "
                    "claims born before it",
                    citation=L641_3 if liquidation else L622_28,
                    facts={"opened_on": _iso(opened)},
                )
            closed = event.closed_on
            if issued < opened <= due and (closed is None or closed.toordinal() > due):
                blocked = event
    for event in events:
        kind = type(event)
        if kind is FormalNotice:
            day = event.on.toordinal()  # type: ignore[union-attr]
            if day > end_day and due < day <= as_of and (late_notice is None or day < late_notice):
                late_notice = day  # after the insolvency stopped interest: it starts none
            if day > end_day or (day <= due and regime != LEGAL_RATE):
                continue
            if day <= due:
                notes.append(
                    _reason(
                        "interest.formal_notice_premature",
                        f"The formal notice of {_iso(day)} was sent before the claim was "
                        "overdue and is not counted",
                        citation=CIV_1344,
                        facts={"on": _iso(day), "due_on": _iso(due)},
                    )
                )
            elif notice is None or day < notice:
                notice = day
                notice_reason = _reason(
                    "interest.formal_notice",
                    f"Formal notice (mise en demeure) of {_iso(day)}: interest at the legal "
                    "rate runs from it",
                    citation=CIV_1344_1,
                    facts={"on": _iso(day)},
                )
        elif kind is LegalAction:
            served = event.served_on  # type: ignore[union-attr]
            day = served.toordinal() if served is not None else _BIG
            if due < day <= end_day and (notice is None or day < notice):
                notice = day
                notice_reason = _reason(
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
            judgment = day if judgment is None or day < judgment else judgment
            served = event.served_on  # type: ignore[union-attr]
            if served is not None and served.toordinal() <= end_day:
                start = _majoration_start(served.toordinal())
                if majoration is None or start[0] < majoration[0]:
                    majoration = start
    # positional, in field order, without the generated ``__new__`` (the hot path)
    return _new_tuple(
        _Triggers,
        (
            notice,
            notice_reason,
            judgment,
            majoration,
            end_day,
            stop_reason,
            blocked,
            tuple(notes) if notes else (),
            late_notice,
        ),
    )


_new_tuple = tuple.__new__


def _majoration_start(served: int) -> tuple[int, Decimal]:
    """The first day of the L313-3 majoration: the day after its months have run from service."""
    rule = _rule(_interest_data().judgment_majoration, served, "fr_judgment_majoration")
    return add_months(served, rule.months) + 1, rule.value


def _accrual_start(claim: Claim, regime: str, due: int, t: _Triggers, reasons: list[Reason]) -> int:
    """Where accrual starts (``_BIG``: never), with the reasons for it."""
    start = due + 1
    if regime == LEGAL_RATE:
        notice, notice_reason = t.notice, t.notice_reason
        if notice is None and t.judgment is not None and t.judgment < due:
            # A judgment ordering instalments to fall due (rents à échoir) before this one.
            notice = due
            notice_reason = _reason(
                "interest.judgment_future",
                f"Judgment of {_iso(t.judgment)} ordering the instalments to fall due: "
                f"interest at the legal rate runs on this one from its due date "
                f"({_iso(due)}), not before (C. civ. 1231-7; check the judgment)",
                citation=CIV_1231_7,
                facts={"on": _iso(t.judgment), "due": _iso(due)},
            )
        elif notice is None and t.judgment is not None:
            notice = t.judgment
            reasons.append(
                _reason(
                    "interest.judgment_fallback",
                    "No formal notice and no served court act after the due date: the "
                    "judgment date is used as the start of interest (C. civ. 1231-7: from the "
                    "judgment unless the judge decides otherwise; check the judgment)",
                    citation=CIV_1231_7,
                    facts={"on": _iso(t.judgment)},
                )
            )
            notice_reason = _reason(
                "interest.judgment",
                f"Judgment of {_iso(t.judgment)}: interest at the legal rate runs from it",
                citation=CIV_1231_7,
                facts={"on": _iso(t.judgment)},
            )
        if notice is None and t.late_notice is not None:
            reasons.append(
                _reason(
                    "interest.formal_notice_after_stop",
                    f"The formal notice of {_iso(t.late_notice)} came after the insolvency "
                    f"proceeding opened on {_iso(t.end_day + 1)}, which stops interest on "
                    "claims born before it: no interest runs",
                    citation=CIV_1344_1,
                    facts={"on": _iso(t.late_notice), "opened_on": _iso(t.end_day + 1)},
                )
            )
            start = _BIG
        elif notice is None:
            reasons.append(_NO_NOTICE_REASON)
            start = _BIG
        else:
            assert notice_reason is not None
            reasons.append(notice_reason)
            start = max(start, notice + 1)
    elif regime == NONE:
        start = _BIG
    if t.judgment is not None and regime in (COMMERCIAL, PUBLIC_PROCUREMENT):
        reasons.append(
            _reason(
                "interest.judgment_no_majoration",
                "The + 5 points after a judgment raise the legal rate only; this claim's rate "
                "is unchanged",
                citation=L313_3,
            )
        )
    if t.stop_reason is not None:
        reasons.append(t.stop_reason)
    rate = claim.terms.late_interest_rate if claim.terms is not None else None
    if regime in (PUBLIC_PROCUREMENT, LEGAL_RATE) and rate is not None:
        procurement = regime == PUBLIC_PROCUREMENT
        reasons.append(
            _reason(
                "interest.contractual_rate_ignored",
                f"The contractual rate {rate} % is not used: "
                + (
                    "the regulatory rate applies"
                    if procurement
                    else "this library applies the legal rate outside commercial claims"
                ),
                citation=R2192_31 if procurement else CIV_1231_6,
            )
        )
    return start


def _base_changes(
    claim: Claim, as_of: int, due: int
) -> tuple[list[tuple[int, int, Decimal]], Decimal]:
    """The base changes (a payment from the day after it, a credit note from its day), sorted,
    and the base left after the due date."""
    changes: list[tuple[int, int, Decimal]] = []
    base_after_due = claim.amount.amount
    for payment in claim.payments:
        day = payment.on.toordinal()
        if day <= as_of:
            changes.append((day + 1, 1, payment.amount.amount))
            if day <= due:
                base_after_due -= payment.amount.amount
    for note in claim.credit_notes:
        day = note.on.toordinal()
        if day <= as_of:
            changes.append((day, 0, note.amount.amount))
            if day <= due + 1:
                base_after_due -= note.amount.amount
    changes.sort()
    return changes, base_after_due


def _legal_rate_segments(
    claim: Claim, start: int, end_day: int, t: _Triggers, tables: RateTables, reasons: list[Reason]
) -> list[_Segment]:
    """C. civ. 1231-6: the creditor's legal rate, with the L313-3 majoration after a judgment."""
    category = INDIVIDUAL if claim.creditor.kind is PartyKind.INDIVIDUAL else OTHER
    majoration = t.majoration
    if majoration is not None and majoration[0] <= end_day:
        reasons.append(
            _reason(
                "interest.judgment_majoration",
                f"Two months after the judgment was served, the legal rate is raised by "
                f"{majoration[1]} points from {_iso(majoration[0])}",
                citation=L313_3,
                facts={"from": _iso(majoration[0])},
            )
        )
    return _legal_segments(start, end_day, category, majoration, tables, reasons)


def _segments(
    claim: Claim,
    regime: str,
    start: int,
    t: _Triggers,
    tables: RateTables,
    options: InterestOptions,
    reasons: list[Reason],
) -> list[_Segment]:
    """The runs of constant rate from ``start`` to the end of accrual, by regime.

    Memoised per set of inputs (`_SEGMENTS`): claims of one portfolio share their due dates
    and evaluation day, and get the same segments and reasons.
    """
    end_day = t.end_day
    if start > end_day:
        return []
    key: tuple[Any, ...]
    contractual = None
    if regime == COMMERCIAL:
        contractual = claim.terms.late_interest_rate if claim.terms is not None else None
        # the rate's text, not its value: 8 and 8.00 are equal but read differently
        key = (
            regime,
            start,
            end_day,
            None if contractual is None else str(contractual),
            options.semester_rule,
            options.floor_default_rate,
            options.below_floor,
        )
    elif regime == PUBLIC_PROCUREMENT:
        key = (regime, start, end_day)
    else:
        category = INDIVIDUAL if claim.creditor.kind is PartyKind.INDIVIDUAL else OTHER
        key = (regime, start, end_day, category, t.majoration)
    ecb, legal = tables.ecb, tables.legal
    cached = _SEGMENTS.get(key)
    if cached is not None and cached[0] is ecb and cached[1] is legal:
        reasons.extend(cached[3])
        return list(cached[2])
    mark = len(reasons)
    if regime == COMMERCIAL:
        segments = _commercial_segments(start, end_day, contractual, tables, options, reasons)
    elif regime == PUBLIC_PROCUREMENT:
        segments = _public_procurement_segments(start, end_day, tables, reasons)
    else:
        segments = _legal_rate_segments(claim, start, end_day, t, tables, reasons)
    if len(_SEGMENTS) >= 8192:
        _SEGMENTS.clear()
    _SEGMENTS[key] = (ecb, legal, tuple(segments), tuple(reasons[mark:]))
    return segments


# The segments and reasons of `_segments` per set of inputs, for the tables they were
# computed with (checked by identity: other tables recompute). A cache of immutable values,
# like `_HALF_YEAR_RATES`: the same figures and reasons as computing them again.
_SEGMENTS: dict[
    tuple[Any, ...], tuple[RateTable, RateTable, tuple[_Segment, ...], tuple[Reason, ...]]
] = {}


class _Accrual(NamedTuple):
    """The result of walking the days: periods (raw), numerators, interest paid, settled day."""

    raw: list[list[Any]]  # [start, end, rate, base, citation, year_days, numerator]
    numerators: dict[int, Decimal]
    interest_paid: Decimal
    settled: int | None  # the last day of interest, once the principal is paid in full
    settled_on: int | None = None  # the day it was: later when a credit note did it


def _accrue(
    pieces: list[tuple[int, int, Decimal, Citation, int]],
    changes: list[tuple[int, int, Decimal]],
    amount: Decimal,
    interest_first: bool,
    quantum: Decimal,
) -> _Accrual:
    """Walk the days: accrue on the base, apply the base changes on their day."""
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
    if base <= 0:
        # Paid or credited in full before interest could start: no day accrues (a base only
        # goes down), and a later payment, an overpayment, is not the day the principal was
        # paid in full (no "interest stops" reason for it).
        return _new_tuple(_Accrual, (raw, numerators, interest_paid, None, None))
    settled: int | None = None
    settled_on: int | None = None
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
            credited = _ZERO
            while i < n and changes[i][0] == cur:
                _, is_payment, paid = changes[i]
                if not is_payment:
                    credited += paid
                if is_payment and interest_first:
                    unpaid = _unpaid(numerators, interest_paid, quantum)
                    to_interest = paid if paid < unpaid else (unpaid if unpaid > 0 else _ZERO)
                    interest_paid += to_interest
                    paid -= to_interest
                base -= paid
                i += 1
            if base <= 0:
                # The day the principal was paid in full: the day of the payments (they count
                # from the day after), unless they left a rest that a credit note of this day
                # (it counts from its own day) covered.
                settled, settled_on = cur - 1, (cur - 1 if base + credited <= 0 else cur)
                break
        if settled is not None:
            break
    # Payments after accrual ended still pay accrued interest first (C. civ. 1343-1).
    if interest_first:
        for _, is_payment, paid in changes[i:]:
            if is_payment:
                unpaid = _unpaid(numerators, interest_paid, quantum)
                interest_paid += paid if paid < unpaid else (unpaid if unpaid > 0 else _ZERO)
    return _new_tuple(_Accrual, (raw, numerators, interest_paid, settled, settled_on))


def _accrual_reasons(
    accrual: _Accrual, interest_first: bool, currency: str, reasons: list[Reason]
) -> None:
    if interest_first:
        reasons.append(
            _reason(
                "interest.allocation.interest_first",
                "Allocation 'interest_first': partial payments are applied to accrued "
                "interest before principal, the imputation C. civ. 1343-1 provides unless "
                f"agreed otherwise ({accrual.interest_paid} {currency} applied to interest)",
                citation=CIV_1343_1,
                facts={"allocation": "interest_first", "interest_paid": accrual.interest_paid},
            )
        )
    else:
        reasons.append(_PRINCIPAL_FIRST_REASON)
    if accrual.settled is not None:
        reasons.append(_stopped_paid(accrual.settled, accrual.settled_on))


@lru_cache(maxsize=8192)
def _stopped_paid(day: int, settled_on: int | None = None) -> Reason:
    """The reason for interest stopping on ``day``, the principal paid in full on
    ``settled_on`` (the same day unless a credit note did it; immutable, once per pair)."""
    if settled_on is None or settled_on == day:
        return _reason(
            "interest.stopped_paid",
            f"Interest stops on {_iso(day)}, the day the principal was paid in full",
            facts={"last_day": _iso(day)},
        )
    return _reason(
        "interest.stopped_paid",
        f"Interest stops on {_iso(day)}, the day before the principal was settled in full on "
        f"{_iso(settled_on)} (a credit note counts from its own day)",
        facts={"last_day": _iso(day), "settled_on": _iso(settled_on)},
    )


def _periods(raw: list[list[Any]], currency: str) -> tuple[InterestPeriod, ...]:
    money = Money._unchecked
    return tuple(
        [
            _period_record(
                from_ordinal(p_start),
                from_ordinal(p_end),
                p_end - p_start + 1,
                p_rate,
                money(p_base, currency),
                money(p_num / _DIVISOR[p_days], currency),
                p_citation,
                p_days,
            )
            for p_start, p_end, p_rate, p_base, p_citation, p_days, p_num in raw
        ]
    )


def _charges(
    claim: Claim,
    regime: str,
    as_of: pendulum.Date,
    late: bool,
    t: _Triggers,
    extra_indemnity: Money | None,
    reasons: list[Reason],
) -> tuple[Money, Money]:
    """The fixed indemnity and the penalty clause, with their reasons."""
    zero = _rounded_zero(claim.amount.currency)
    indemnity = zero
    due = claim.due_on.toordinal()
    if regime in (COMMERCIAL, PUBLIC_PROCUREMENT) and late:
        indemnity, indemnity_reasons = _indemnity(
            claim, regime, due, t.indemnity_blocked, extra_indemnity, zero
        )
        reasons.extend(indemnity_reasons)
    elif regime == LEGAL_RATE and late:
        reasons.append(_NO_INDEMNITY_REASON)
    penalty = zero
    if claim.terms is not None and claim.terms.penalty is not None and late:
        penalty, penalty_reasons = _penalty(claim, as_of, zero)
        reasons.extend(penalty_reasons)
    return indemnity, penalty


@lru_cache(maxsize=64)
def _rounded_zero(currency: str) -> Money:
    """Zero in ``currency``, rounded to its precision (one immutable object per currency)."""
    return Money._unchecked(_ZERO, currency).round()


def _commercial_party_reasons(claim: Claim, regime: str) -> tuple[Reason, ...]:
    """A commercial claim on an individual debtor, or by an individual creditor."""
    if regime == LEGAL_RATE:
        return (_INDIVIDUAL_DEBTOR_REASON,)
    if regime == COMMERCIAL and claim.creditor.kind is PartyKind.INDIVIDUAL:
        return (_INDIVIDUAL_CREDITOR_REASON,)
    return ()


def late_interest(
    claim: Claim, as_of: pendulum.Date, *, tables: RateTables, options: InterestOptions
) -> LateInterest:
    """Compute late interest under French law (see the module docstring for the rules).

    One pass over the events (`_Triggers`), then the regime's rate segments, then one walk
    over the days with the payments, then the indemnity and the penalty.

    Examples:
        >>> from recouvrement.sample import sample_claim
        >>> from recouvrement.interest import RateTables
        >>> from recouvrement.jurisdictions.base import InterestOptions
        >>> import pendulum
        >>> li = late_interest(sample_claim(), pendulum.Date(2025, 6, 30),
        ...     tables=RateTables.resolve(None), options=InterestOptions())
        >>> li.regime
        'commercial'
    """
    currency = claim.amount.currency
    due = claim.due_on.toordinal()
    day = as_of.toordinal()
    regime = regime_of(claim)
    reasons = [_REGIME_REASON[regime]]
    if claim.nature is ClaimNature.COMMERCIAL:
        reasons.extend(_commercial_party_reasons(claim, regime))
    t = _triggers(claim, regime, due, day)
    reasons.extend(t.notes)
    start = _accrual_start(claim, regime, due, t, reasons)
    changes, base_after_due = _base_changes(claim, day, due)
    segments = _segments(claim, regime, start, t, tables, options, reasons)
    if start > t.end_day and regime != NONE and day <= due:
        reasons.append(_not_late(day, due))
    actual_actual = options.day_count == "actual/actual"
    if actual_actual:
        pieces = _split_years(segments)
    elif segments:
        pieces = [(a, b, r, c, 365) for a, b, r, c in segments]
    else:
        pieces = []
    interest_first = options.allocation == "interest_first"
    accrual = _accrue(pieces, changes, claim.amount.amount, interest_first, _quantum(currency))
    _accrual_reasons(accrual, interest_first, currency, reasons)
    numerators = accrual.numerators
    accrued_total = _ZERO
    if numerators[365]:
        accrued_total += numerators[365] / _DIVISOR[365]
    if numerators[366]:
        accrued_total += numerators[366] / _DIVISOR[366]
    accrued = Money._unchecked(accrued_total, currency)
    interest = Money._unchecked(accrued_total.quantize(_quantum(currency), ROUND_HALF_UP), currency)
    late = day > due and base_after_due > 0
    indemnity, penalty = _charges(claim, regime, as_of, late, t, options.extra_indemnity, reasons)
    return _late_interest_record(
        claim.id,
        as_of,
        regime,
        _periods(accrual.raw, currency),
        accrued,
        interest,
        indemnity,
        penalty,
        Money._unchecked(interest.amount + indemnity.amount, currency),
        Money._unchecked(accrual.interest_paid, currency),
        tuple(reasons),
        "interest_first" if interest_first else "principal_first",
        "actual/actual" if actual_actual else "actual/365",
    )


@lru_cache(maxsize=8192)
def _not_late(day: int, due: int) -> Reason:
    """The reason of a claim not overdue on ``day`` (immutable, once per pair of days)."""
    return _reason(
        "interest.not_late",
        f"Not overdue on {_iso(day)} (due {_iso(due)})",
        facts={"due_on": _iso(due)},
    )


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
    """Compute late interest under French law, with the options as flags (kept for callers).

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
    options = InterestOptions(
        allocation="interest_first" if interest_first else "principal_first",
        day_count="actual/actual" if actual_actual else "actual/365",
        extra_indemnity=extra_indemnity,
        semester_rule="start_half_year" if start_half_year else "each_half_year",
        floor_default_rate=floor_default_rate,
        below_floor="default" if below_floor_default else "floor",
    )
    return late_interest(claim, as_of, tables=tables, options=options)


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
    if extra is None or extra.amount <= 0:
        fixed, fixed_reason = _fixed_indemnity(regime)
        return fixed, [fixed_reason]
    reasons = [_fixed_indemnity(regime)[1]]
    total = amount
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


@lru_cache(maxsize=8)
def _fixed_indemnity(regime: str) -> tuple[Money, Reason]:
    """The 40 EUR of ``regime`` and its reason (immutable, built once per regime)."""
    citation = D441_5 if regime == COMMERCIAL else D2192_35
    amount = _late_payment_data().indemnity[regime][0]
    reason = _reason(
        "indemnity.fixed",
        "40 EUR fixed indemnity for recovery costs, per invoice paid late",
        citation=citation,
        facts={"amount": amount},
    )
    return Money._unchecked(amount, "EUR").round(), reason


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
