"""Belgian court routes (B2B uncontested procedure, summary payment order, courts by value,
EU procedures) and insolvency stays, as plain functions returning their reasons.

Rules encoded (Belgian reference §E, §F; confidence in brackets; figures in
``data/be_procedures.toml``):

- **B2B uncontested money debts** (C. jud. 1394/20-1394/27, S; from 02/07/2016): both
  parties registered enterprises, a certain and due debt linked to their activity, **no
  amount limit**; started through a lawyer, served by a bailiff; the debtor has **1 month**
  to pay, contest or ask for terms; interest and penalty together capped at **10 % of the
  principal** (`uncontested_accessories_cap`); if silent, a procès-verbal de
  non-contestation made enforceable. A contest ends it: go to court.
- **Summary payment order** (C. jud. 1338-1344, S): a liquid money debt backed by a
  **writing of the debtor** (an invoice alone is not enough), a debtor living in Belgium,
  a prior sommation giving **15 days**, a request signed by a lawyer. Its **amount
  ceiling is unsettled** (1,860 EUR vs 5,000 EUR or unlimited, reference E3, **U**): the
  route is offered with that warning, never assumed.
- **Courts by value** (C. jud. 590, S): juge de paix up to **5,000 EUR** (2,500 EUR before
  01/09/2018); above, the tribunal de l'entreprise for an enterprise debtor, else the
  tribunal de première instance.
- **EU** (S): European order for payment (no limit, 30 days to oppose) and European Small
  Claims up to 5,000 EUR for a debtor in another member state.
- **Insolvency** (CDE Book XX, S): a bankruptcy (``liquidation``) stops individual
  enforcement; claims are filed in Regsol. A judicial reorganisation (``safeguard`` or
  ``receivership`` in the model's kinds) grants a sursis: no enforcement for claims born
  before the opening (S/U after the 2023 reform).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pendulum

from ..._convert import to_date
from ...claims import Claim
from ...errors import InvalidType
from ...events import InsolvencyKind, InsolvencyProceeding
from ...explain import Citation, Reason
from ...money import Money
from ...parties import PartyKind
from .._national.routes import EU_MEMBER_STATES, Route
from .._national.rules import rule_book

__all__ = [
    "EU_MEMBER_STATES",
    "Route",
    "choose_route",
    "insolvency_stay",
    "uncontested_accessories_cap",
]

_PACKAGE = "recouvrement.jurisdictions.be"
CJ_1338 = Citation("C. jud.", "1338")
CJ_1394_20 = Citation("C. jud.", "1394/20")
REG_1896 = Citation("Reg. (EC)", "1896/2006")
BOOK_XX = Citation("CDE", "Livre XX")
_ENTERPRISES = (PartyKind.PROFESSIONAL, PartyKind.PUBLIC_BODY)


def _rule(rule_id: str, on: pendulum.Date) -> Any:
    return rule_book(_PACKAGE, "be_procedures.toml").get(rule_id, on=on)


def uncontested_accessories_cap(principal: Any) -> Money:
    """Interest and penalty claimable in the B2B uncontested procedure: 10 % of the principal.

    Examples:
        >>> uncontested_accessories_cap(Money("12000"))
        Money('1200.00', 'EUR')
    """
    if not isinstance(principal, Money):
        raise InvalidType("principal", principal, "Money")
    rule = rule_book(_PACKAGE, "be_procedures.toml").get("b2b_uncontested_accessories_percent")
    return Money._unchecked(
        principal.amount * rule.value / Decimal(100), principal.currency
    ).round()


def choose_route(
    claim: Claim, *, as_of: Any, contested: bool = False, debtor_writing: bool = False
) -> Route:
    """The court route for ``claim`` on ``as_of``.

    Args:
        claim: The claim.
        as_of: The day.
        contested: The debtor disputes the claim: only a court can decide.
        debtor_writing: The claim rests on a writing of the debtor (order form, signed
            contract), which the summary payment order requires.

    Examples:
        >>> from recouvrement.claims import Claim
        >>> claim = Claim(id="R-1", creditor={"id": "C", "name": "SA", "kind": "professional",
        ...     "country": "BE"}, debtor={"id": "D", "name": "SRL", "kind": "professional",
        ...     "country": "BE"}, nature="commercial", amount="8000", issued_on="2025-01-02",
        ...     due_on="2025-02-01", jurisdiction="BE")
        >>> choose_route(claim, as_of="2025-06-01").route
        'b2b_uncontested'
        >>> choose_route(claim, as_of="2025-06-01", contested=True).court
        "tribunal de l'entreprise / ondernemingsrechtbank"
    """
    on = to_date(as_of, "as_of")
    for name, flag in (("contested", contested), ("debtor_writing", debtor_writing)):
        if not isinstance(flag, bool):
            raise InvalidType(name, flag, "bool")
    amount = claim.outstanding(as_of=on).amount
    country = claim.debtor.country
    if not contested and country != "BE" and country in EU_MEMBER_STATES:
        return _eu_route(claim, on, amount)
    b2b = claim.creditor.kind in _ENTERPRISES and claim.debtor.kind in _ENTERPRISES
    if not contested and b2b and country == "BE":
        cap = uncontested_accessories_cap(Money._unchecked(amount, claim.currency))
        return Route(
            route="b2b_uncontested",
            court="a bailiff (huissier / gerechtsdeurwaarder), instructed through a lawyer",
            lawyer_required=True,
            reasons=(
                Reason(
                    "route.be.b2b_uncontested",
                    "Uncontested debt between enterprises: the bailiff procedure, no court and no "
                    f"amount limit; the debtor has 1 month to react; interest and penalty are "
                    f"capped at 10 % of the principal ({cap})",
                    citation=CJ_1394_20,
                ),
            ),
        )
    if not contested and debtor_writing and country == "BE":
        return Route(
            route="summary_payment_order",
            court="the court competent for the amount, on request signed by a lawyer",
            lawyer_required=True,
            reasons=(
                Reason(
                    "route.be.summary_order",
                    "Summary payment order: a debt backed by the debtor's writing, after a "
                    "sommation giving 15 days. Its amount ceiling is unsettled (1,860 EUR or "
                    "more: check before filing)",
                    citation=CJ_1338,
                ),
            ),
        )
    return _lawsuit(claim, on, amount)


def _eu_route(claim: Claim, on: pendulum.Date, amount: Decimal) -> Route:
    limit = _rule("eu_small_claims_limit", on)
    if amount <= limit.value and claim.debtor.country != "DK":
        return Route(
            route="european_small_claims",
            court="the competent court (written procedure)",
            lawyer_required=False,
            alternatives=("european_order_for_payment",),
            reasons=(
                Reason(
                    "route.be.eu_small_claims",
                    f"Debtor in {claim.debtor.country}: European Small Claims up to "
                    f"{limit.value} EUR",
                    citation=limit.citation,
                ),
            ),
        )
    return Route(
        route="european_order_for_payment",
        court="juge de paix, tribunal de première instance or tribunal de l'entreprise",
        lawyer_required=False,
        reasons=(
            Reason(
                "route.be.eu_order_for_payment",
                f"Debtor in {claim.debtor.country}: European order for payment, no amount "
                "limit; the debtor has 30 days to oppose",
                citation=REG_1896,
            ),
        ),
    )


def _lawsuit(claim: Claim, on: pendulum.Date, amount: Decimal) -> Route:
    limit = _rule("justice_of_peace_limit", on)
    if amount <= limit.value:
        court = "juge de paix / vrederechter"
        why = f"Up to {limit.value} EUR: the justice of the peace"
    elif claim.debtor.kind in _ENTERPRISES:
        court = "tribunal de l'entreprise / ondernemingsrechtbank"
        why = f"Above {limit.value} EUR against an enterprise: the enterprise court"
    else:
        court = "tribunal de première instance / rechtbank van eerste aanleg"
        why = f"Above {limit.value} EUR: the court of first instance"
    return Route(
        route="lawsuit",
        court=court,
        lawyer_required=False,
        reasons=(Reason("route.be.court", why, citation=limit.citation),),
    )


def insolvency_stay(claim: Claim, *, as_of: Any) -> tuple[Reason, ...]:
    """The reasons to stop individual collection, or ``()`` when no proceedings are open.

    Examples:
        >>> from recouvrement.claims import Claim
        >>> from recouvrement.events import InsolvencyProceeding
        >>> claim = Claim(id="I-1", creditor={"id": "C", "name": "SA", "kind": "professional",
        ...     "country": "BE"}, debtor={"id": "D", "name": "SRL", "kind": "professional",
        ...     "country": "BE"}, nature="commercial", amount="800", issued_on="2025-01-02",
        ...     due_on="2025-02-01", jurisdiction="BE",
        ...     events=[InsolvencyProceeding(kind="liquidation", opened_on="2025-03-01")])
        >>> [r.code for r in insolvency_stay(claim, as_of="2025-04-01")]
        ['insolvency.be.bankruptcy']
    """
    on = to_date(as_of, "as_of")
    for event in claim.events_of(InsolvencyProceeding, as_of=on):
        if event.closed_on is not None and event.closed_on <= on:
            continue
        if event.kind is InsolvencyKind.LIQUIDATION:
            return (
                Reason(
                    "insolvency.be.bankruptcy",
                    f"Bankruptcy opened on {event.opened_on.isoformat()}: individual enforcement "
                    "stops; file the claim in Regsol by the judgment's deadline (in principle 30 "
                    "days; the right is lost 1 year after the judgment)",
                    citation=BOOK_XX,
                ),
            )
        return (
            Reason(
                "insolvency.be.reorganisation",
                f"Judicial reorganisation opened on {event.opened_on.isoformat()}: during the "
                "sursis (up to 12 months) no enforcement for claims born before the opening",
                citation=Citation("CDE", "XX.50"),
            ),
        )
    return ()
