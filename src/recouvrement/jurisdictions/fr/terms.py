"""French maximum payment terms (délais de paiement) and the check of agreed terms.

The limits live in ``data/fr_payment_terms.toml`` with their articles and provenance:

- C. com. L441-10 I: 60 days from the invoice date, or 45 days end of month if expressly
  agreed; 45 days for a periodic invoice (CGI 289 I 3).
- C. com. L441-11: perishable food 30 days after delivery (II 1°); live cattle 20 days and
  alcoholic drinks 30 days after the end of the delivery month (ex-L443-1, S); transport
  and related services never more than 30 days from the invoice date (ex-L441-6, S).
- Public procurement: 30 days for the State and local authorities (CCP R2192-10), 50 days
  for public health establishments (R2192-11 1°), 60 days for public undertakings
  (R2192-11 2°).

The check works on the longest delay the terms can give (``PaymentTerms.longest_delay``):
"N days end of month" can reach N + 30 days from the invoice date. Limits counted from
delivery are compared with the delay from the invoice date, which is never earlier than
delivery; the message says so. The alcohol rule (30 days after the end of the delivery
month) is compared like an end-of-month term: with the longest delay from the end of the
invoice month (so "30 days end of month", counted end of month then + 30 days, complies),
assuming the invoice is issued in the delivery month. Public buyers' terms are counted
here from the invoice date, which is never later than the payment request.

Each rule has an ``effective_from`` date in the data file; ``check_payment_terms(...,
on=date)`` skips the rules not yet in force on that date (``on=None``: the rules in the
file, i.e. the current ones, all apply).

Not encoded: the periodic-invoice limit for perishable food (30 days after the end of
the delivery décade, L441-11 II 1°); sector agreements and décrets that shorten or extend
the terms (L441-11 I).
"""

from __future__ import annotations

import datetime as _dt
from enum import Enum
from functools import lru_cache
from importlib import resources
from typing import Any

import attrs
import pendulum

from ..._convert import to_date, to_enum
from ..._tables import load_toml
from ...claims import Claim, ClaimNature
from ...errors import InvalidType
from ...explain import Citation
from ...parties import PartyKind, PublicBuyer
from ...terms import PaymentTerms, TermsKind, TermsViolation

__all__ = [
    "Sector",
    "TermsRule",
    "TermsViolation",
    "check_payment_terms",
    "default_term_days",
    "terms_rules",
]


class Sector(str, Enum):
    """Sectors with their own maximum payment terms (C. com. L441-11)."""

    GENERAL = "general"
    PERISHABLE_FOOD = "perishable_food"
    """Perishable food, frozen meat and fish, ready meals from perishables (L441-11 II 1°)."""
    LIVE_CATTLE = "live_cattle"
    """Live cattle for consumption and derived fresh meat (L441-11 II, ex-L443-1 2°)."""
    ALCOHOL = "alcohol"
    """Alcoholic drinks subject to consumption duties (L441-11 II, ex-L443-1 3°)."""
    TRANSPORT = "transport"
    """Road haulage, vehicle rental, freight forwarding and related services (L441-11)."""


@attrs.frozen(slots=True, kw_only=True)
class TermsRule:
    """One maximum payment term from the data file.

    Attributes:
        effective_from: The first day the rule applies (``None``: always).
        effective_to: The last day it applies (``None``: still in force).
    """

    id: str
    max_days: int
    counted_from: str
    citation: Citation
    confidence: str
    effective_from: pendulum.Date | None = None
    effective_to: pendulum.Date | None = None

    def in_force(self, ordinal: int | None) -> bool:
        """Whether the rule applies on a date given as an ordinal (``None``: the current rules).

        Examples:
            >>> rule = terms_rules()["public_state"]
            >>> rule.in_force(None), rule.in_force(pendulum.Date(2019, 3, 31).toordinal())
            (True, False)
        """
        if ordinal is None:
            return self.effective_to is None
        if self.effective_from is not None and ordinal < self.effective_from.toordinal():
            return False
        return self.effective_to is None or ordinal <= self.effective_to.toordinal()


@lru_cache(maxsize=1)
def payment_terms_data() -> dict[str, Any]:
    """``data/fr_payment_terms.toml``, read once, its provenance header checked."""
    resource = resources.files("recouvrement.jurisdictions.fr").joinpath(
        "data", "fr_payment_terms.toml"
    )
    return load_toml(resource, origin="fr_payment_terms.toml")


@lru_cache(maxsize=1)
def terms_rules() -> dict[str, TermsRule]:
    """The maximum payment terms, by rule id, from the packaged data file (read once)."""
    data = payment_terms_data()
    rules: dict[str, TermsRule] = {}
    for row in data["rule"]:
        rules[row["id"]] = TermsRule(
            id=row["id"],
            max_days=int(row["max_days"]),
            counted_from=row["counted_from"],
            citation=Citation(row["code"], row["article"], note=row.get("note")),
            confidence=row["confidence"],
            effective_from=_optional_date(row.get("effective_from"), "effective_from"),
            effective_to=_optional_date(row.get("effective_to"), "effective_to"),
        )
    return rules


def default_term_days(claim: Claim) -> int | None:
    """The legal default payment term of ``claim``, in days, or ``None`` if the law sets none.

    C. com. L441-10 I al. 1: when nothing is agreed, a commercial claim is due 30 days
    after receipt of the goods or performance of the service (the ``b2b_default_term``
    row of the data file); without a delivery date the invoice date stands in. Other
    claims have no legal default term.

    Examples:
        >>> from recouvrement.sample import sample_claim
        >>> default_term_days(sample_claim())
        30
    """
    if claim.nature is not ClaimNature.COMMERCIAL:
        return None
    return terms_rules()["b2b_default_term"].max_days


def _optional_date(value: Any, field: str) -> pendulum.Date | None:
    return None if value is None else to_date(value, field)


def _longest_after_end_of_month(terms: PaymentTerms) -> int:
    """The longest delay the terms allow after the end of the invoice month, in days.

    The worst case is an invoice issued on the last day of a month, over 48 months
    (a leap year included): net N gives N, "N days end of month" counted end of month
    then + N gives N, counted + N then end of month up to N + 30.
    """
    return max(terms.due_ordinal(end) - end for end in _MONTH_ENDS)


_MONTH_ENDS = tuple(
    _dt.date(year + (month == 12), month % 12 + 1, 1).toordinal() - 1
    for year in range(2021, 2025)
    for month in range(1, 13)
)


_PUBLIC_RULE = {
    PublicBuyer.STATE: "public_state",
    PublicBuyer.HEALTH_ESTABLISHMENT: "public_health_establishment",
    PublicBuyer.PUBLIC_UNDERTAKING: "public_undertaking",
}
_SECTOR_RULE = {
    Sector.PERISHABLE_FOOD: "perishable_food",
    Sector.LIVE_CATTLE: "live_cattle",
    Sector.ALCOHOL: "alcohol",
    Sector.TRANSPORT: "transport",
}


def check_payment_terms(
    terms: PaymentTerms,
    *,
    nature: ClaimNature | str,
    debtor_kind: PartyKind | str,
    sector: Sector | str = Sector.GENERAL,
    public_buyer: PublicBuyer | str | None = None,
    periodic_invoice: bool = False,
    on: Any = None,
) -> tuple[TermsViolation, ...]:
    """Return the legal maximums that ``terms`` break (an empty tuple when they comply).

    Args:
        terms: The agreed [`PaymentTerms`][recouvrement.PaymentTerms].
        nature: The claim's nature.
        debtor_kind: Who pays. Consumers have no statutory maximum term.
        sector: A [`Sector`][recouvrement.Sector] with its own limits (L441-11).
        public_buyer: For public procurement, the buyer's category; the strictest
            (30 days, State) is assumed when not given.
        periodic_invoice: Whether the invoice is a periodic one (facture récapitulative).
            The perishable-food periodic rule (30 days after the end of the delivery
            décade, L441-11 II 1°) is not encoded.
        on: The contract or invoice date. Rules whose ``effective_from`` is after it are
            skipped (for example the CCP terms before 2019-04-01, or the perishable-food
            rule in its version since 2024-01-01: the earlier versions are not in the
            data). ``None`` (default): the current rules all apply.

    Public buyers' terms run, in this check, from the invoice date, which is never
    later than the payment request: a delay that complies from the invoice date
    complies from the request too. The alcohol rule (30 days after the end of the
    delivery month) is compared with the longest delay after the end of the invoice
    month, assuming the invoice is issued in the delivery month.

    Examples:
        >>> from recouvrement import PaymentTerms, check_payment_terms
        >>> check_payment_terms(PaymentTerms.net(60), nature="commercial",
        ...                     debtor_kind="professional")
        ()
        >>> [str(v) for v in check_payment_terms(PaymentTerms.end_of_month(60),
        ...     nature="commercial", debtor_kind="professional")]
        ['60 days end of month exceed the 45 days end of month allowed between professionals [C. com. L441-10 I al. 3]']
        >>> [v.limit_days for v in check_payment_terms(PaymentTerms.net(45),
        ...     nature="public_procurement", debtor_kind="public_body", public_buyer="state")]
        [30]
        >>> check_payment_terms(PaymentTerms.net(45), nature="public_procurement",
        ...     debtor_kind="public_body", on="2019-03-31")  # before CCP R2192-10
        ()
        >>> check_payment_terms(PaymentTerms.end_of_month(30, method="eom_then_add"),
        ...     nature="commercial", debtor_kind="professional", sector="alcohol")
        ()
    """
    if not isinstance(terms, PaymentTerms):
        raise InvalidType("terms", terms, "PaymentTerms")
    nature = to_enum(ClaimNature, nature, "nature")
    debtor_kind = to_enum(PartyKind, debtor_kind, "debtor_kind")
    sector = to_enum(Sector, sector, "sector")
    buyer = None if public_buyer is None else to_enum(PublicBuyer, public_buyer, "public_buyer")
    day = None if on is None else to_date(on, "on").toordinal()
    rules = terms_rules()
    violations: list[TermsViolation] = []
    longest = terms.longest_delay()
    describe = _describe(terms)

    def over(rule_id: str, actual: int, what: str) -> None:
        rule = rules[rule_id]
        if not rule.in_force(day):
            return
        if actual > rule.max_days:
            violations.append(
                TermsViolation(
                    rule=rule.id,
                    message=f"{describe} exceed {what}",
                    citation=rule.citation,
                    limit_days=rule.max_days,
                    actual_days=actual,
                )
            )

    if nature is ClaimNature.PUBLIC_PROCUREMENT or debtor_kind is PartyKind.PUBLIC_BODY:
        rule_id = _PUBLIC_RULE[buyer or PublicBuyer.STATE]
        limit = rules[rule_id].max_days
        over(
            rule_id,
            longest,
            f"the {limit} days a public buyer may take (counted here from the invoice date, "
            "never later than the payment request)",
        )
        return tuple(violations)
    if debtor_kind is PartyKind.INDIVIDUAL or nature is ClaimNature.CONSUMER:
        return ()  # no statutory maximum term towards a consumer
    if nature is ClaimNature.TRANSPORT and sector is Sector.GENERAL:
        sector = Sector.TRANSPORT
    # C. com. L441-10 I: 60 days net, or 45 days end of month when expressly agreed.
    if terms.kind is TermsKind.END_OF_MONTH:
        over(
            "b2b_max_end_of_month",
            terms.days,
            "the 45 days end of month allowed between professionals",
        )
    else:
        over(
            "b2b_max_net",
            longest,
            "the 60 days from the invoice date allowed between professionals",
        )
    if periodic_invoice:
        over("b2b_periodic_invoice", longest, "the 45 days allowed for a periodic invoice")
    if sector is not Sector.GENERAL:
        rule_id = _SECTOR_RULE[sector]
        rule = rules[rule_id]
        basis = {
            "delivery": "after delivery (counted here from the invoice date, never earlier)",
            "end_of_delivery_month": "after the end of the delivery month (counted here from "
            "the end of the invoice month)",
            "invoice_date": "from the invoice date",
        }[rule.counted_from]
        # An end-of-month limit compares like an end-of-month term: the delay after the end
        # of the invoice month (L441-11 II, ex-L443-1 3°).
        actual = (
            _longest_after_end_of_month(terms)
            if rule.counted_from == "end_of_delivery_month"
            else longest
        )
        over(
            rule_id,
            actual,
            f"the {rule.max_days} days {basis} allowed for {sector.value.replace('_', ' ')}",
        )
    return tuple(violations)


def _describe(terms: PaymentTerms) -> str:
    if terms.kind is TermsKind.END_OF_MONTH:
        return f"{terms.days} days end of month"
    if terms.kind is TermsKind.ON_RECEIPT:
        return "payment on receipt"
    return f"{terms.days} days net"
