"""German court routes (Mahnverfahren, courts by value, EU procedures) and insolvency stays.

Plain functions returning their reasons, so ``next_action`` guards can wrap them.

Rules encoded (German reference §4, §6; confidence in brackets; figures in
``data/de_procedures.toml``):

- **Mahnverfahren** (§§ 688 ff. ZPO, P): for a specific sum in euro, **no amount limit**,
  no prior amicable attempt needed; exclusively at the central Mahngericht of the
  **creditor's** venue, **AG Wedding** for a creditor without a German venue (§ 689).
  Service abroad only in an EU member state (§ 688 Abs. 3). Lawyers and registered
  collection agencies file in machine-readable form (§ 702 Abs. 2).
- **Widerspruch** within **2 weeks** of service, still possible until the
  Vollstreckungsbescheid issues (§§ 692, 694); the **Vollstreckungsbescheid** is applied
  for after that period and **within 6 months** of service or the Mahnbescheid lapses
  (§§ 699, 701); **Einspruch** against it within 2 weeks (§§ 700, 339). A Widerspruch
  sends the case to the court named in the Mahnbescheid (§ 696).
- **Courts by value** (dated): Amtsgericht up to 5,000 EUR, **10,000 EUR from 01.01.2026**
  (§ 23 GVG, S); above, the Landgericht with a compulsory lawyer (§ 78 ZPO); the value
  ignores interest and costs (§ 4 ZPO); small-claims discretion (§ 495a ZPO) up to
  600 EUR, 1,000 EUR from 2026 (S).
- **EU** (S): European order for payment (Reg. 1896/2006, no limit, AG Wedding, 30 days to
  oppose) and European Small Claims up to 5,000 EUR (Reg. 861/2007) for a debtor in
  another member state (Denmark excluded from small claims).
- **Insolvency** (§§ 87, 89 InsO, P): once proceedings open, no individual collection or
  enforcement; file the claim with the administrator (§ 174) by the deadline of the
  opening decision (§ 28: 2 weeks to 3 months).

Not encoded: § 15a EGZPO conciliation (which Länder apply it is U), court fees (U).
"""

from __future__ import annotations

from typing import Any

import attrs
import pendulum

from ..._convert import to_date
from ...claims import Claim
from ...errors import InvalidType
from ...events import InsolvencyProceeding, Judgment, LegalAction, LegalActionKind
from ...explain import Citation, Reason
from .._national.routes import EU_MEMBER_STATES, Route
from .._national.rules import rule_book

__all__ = [
    "EU_MEMBER_STATES",
    "MahnverfahrenStep",
    "Route",
    "choose_route",
    "insolvency_stay",
    "mahnverfahren_step",
]

_PACKAGE = "recouvrement.jurisdictions.de"
ZPO_688 = Citation("ZPO", "§ 688")
ZPO_689 = Citation("ZPO", "§ 689")
ZPO_694 = Citation("ZPO", "§ 694")
ZPO_696 = Citation("ZPO", "§ 696")
ZPO_699 = Citation("ZPO", "§ 699")
ZPO_78 = Citation("ZPO", "§ 78", note="Abs. 1")
REG_1896 = Citation("Reg. (EC)", "1896/2006")
INSO_89 = Citation("InsO", "§ 89")
INSO_174 = Citation("InsO", "§ 174")


def _value(rule_id: str, on: pendulum.Date) -> Any:
    return rule_book(_PACKAGE, "de_procedures.toml").get(rule_id, on=on)


def choose_route(claim: Claim, *, as_of: Any, contested: bool = False) -> Route:
    """The court route for ``claim`` on ``as_of``.

    Uncontested money claims go to the Mahnverfahren (or, for a debtor in another EU state,
    the European order for payment or small claims); a contested one (``contested=True``,
    e.g. after a Widerspruch) to the Amtsgericht or Landgericht by value.

    Examples:
        >>> from recouvrement.claims import Claim
        >>> claim = Claim(id="M-1", creditor={"id": "C", "name": "GmbH",
        ...     "kind": "professional", "country": "DE"}, debtor={"id": "D", "name": "AG",
        ...     "kind": "professional", "country": "DE"}, nature="commercial", amount="8000",
        ...     issued_on="2025-01-02", due_on="2025-02-01", jurisdiction="DE")
        >>> choose_route(claim, as_of="2026-03-01").route
        'mahnverfahren'
        >>> choose_route(claim, as_of="2025-06-01", contested=True).court
        'Landgericht'
        >>> choose_route(claim, as_of="2026-03-01", contested=True).court   # 10,000 EUR from 2026
        'Amtsgericht'
    """
    on = to_date(as_of, "as_of")
    if not isinstance(contested, bool):
        raise InvalidType("contested", contested, "bool")
    principal = claim.outstanding(as_of=on)
    debtor_abroad = claim.debtor.country != "DE"
    if not contested:
        if debtor_abroad and claim.debtor.country in EU_MEMBER_STATES:
            return _eu_route(claim, on, principal.amount)
        if debtor_abroad:
            return _lawsuit(claim, on, principal.amount, outside_eu=True)
        venue = (
            "the central Mahngericht of the creditor's Land"
            if claim.creditor.country == "DE"
            else "Amtsgericht Wedding (creditor without a German venue)"
        )
        return Route(
            route="mahnverfahren",
            court=venue,
            lawyer_required=False,
            reasons=(
                Reason(
                    "route.de.mahnverfahren",
                    "Mahnverfahren: a specific sum in euro, no amount limit and no prior "
                    "amicable attempt needed; lawyers and registered agencies file online",
                    citation=ZPO_688,
                ),
                Reason("route.de.mahngericht", f"Competent: {venue}", citation=ZPO_689),
            ),
        )
    return _lawsuit(claim, on, principal.amount, outside_eu=False)


def _eu_route(claim: Claim, on: pendulum.Date, amount: Any) -> Route:
    limit = _value("eu_small_claims_limit", on)
    if amount <= limit.value and claim.debtor.country != "DK":
        return Route(
            route="european_small_claims",
            court="the court competent in the member state chosen (written procedure)",
            lawyer_required=False,
            reasons=(
                Reason(
                    "route.de.eu_small_claims",
                    f"Debtor in {claim.debtor.country}: European Small Claims Procedure up to "
                    f"{limit.value} EUR, no lawyer needed (the European order for payment is "
                    "also open)",
                    citation=limit.citation,
                ),
            ),
        )
    return Route(
        route="european_order_for_payment",
        court="Amtsgericht Wedding",
        lawyer_required=False,
        reasons=(
            Reason(
                "route.de.eu_order_for_payment",
                f"Debtor in {claim.debtor.country}: European order for payment, no amount limit; "
                "the debtor has 30 days to oppose; in Germany only AG Wedding (§ 1087 ZPO)",
                citation=REG_1896,
            ),
        ),
    )


def _lawsuit(claim: Claim, on: pendulum.Date, amount: Any, *, outside_eu: bool) -> Route:
    limit = _value("amtsgericht_limit", on)
    small = _value("small_claims_discretion", on)
    reasons = []
    if outside_eu:
        reasons.append(
            Reason(
                "route.de.outside_eu",
                f"Debtor in {claim.debtor.country}, outside the EU: no Mahnbescheid can be served "
                "there (§ 688 Abs. 3 ZPO); sue",
                citation=ZPO_688,
            )
        )
    if amount <= limit.value:
        reasons.append(
            Reason(
                "route.de.amtsgericht",
                f"Value {amount} EUR (interest and costs excluded, § 4 ZPO) up to {limit.value} "
                "EUR: Amtsgericht, no lawyer required",
                citation=limit.citation,
            )
        )
        if amount <= small.value:
            reasons.append(
                Reason(
                    "route.de.small_claims",
                    f"Up to {small.value} EUR the court may proceed at its discretion",
                    citation=small.citation,
                )
            )
        return Route(
            route="lawsuit", court="Amtsgericht", lawyer_required=False, reasons=tuple(reasons)
        )
    reasons.append(
        Reason(
            "route.de.landgericht",
            f"Value {amount} EUR above {limit.value} EUR: Landgericht, a lawyer is compulsory",
            citation=ZPO_78,
        )
    )
    return Route(route="lawsuit", court="Landgericht", lawyer_required=True, reasons=tuple(reasons))


@attrs.frozen(slots=True, kw_only=True)
class MahnverfahrenStep:
    """Where a Mahnverfahren stands and what to do next.

    Attributes:
        action: ``"await_service"``, ``"await_objection"``,
            ``"apply_vollstreckungsbescheid"``, ``"lapsed"``, ``"await_einspruch"`` or
            ``"enforce"``.
        by: The last day to act, or the day the waiting ends (``None`` if none).
        reasons: Why, each with its article.
    """

    action: str
    by: pendulum.Date | None
    reasons: tuple[Reason, ...]


def mahnverfahren_step(claim: Claim, *, as_of: Any) -> MahnverfahrenStep | None:
    """The next step of the claim's Mahnverfahren (a ``payment_order`` legal action), if any.

    Record the Mahnbescheid as ``LegalAction(kind="payment_order", filed_on=..., served_on=...)``
    and the Vollstreckungsbescheid as a ``Judgment(on=..., served_on=..., by_default=True)``.

    Examples:
        >>> from recouvrement.claims import Claim
        >>> from recouvrement.events import LegalAction
        >>> claim = Claim(id="M-2", creditor={"id": "C", "name": "GmbH",
        ...     "kind": "professional", "country": "DE"}, debtor={"id": "D", "name": "AG",
        ...     "kind": "professional", "country": "DE"}, nature="commercial", amount="800",
        ...     issued_on="2025-01-02", due_on="2025-02-01", jurisdiction="DE",
        ...     events=[LegalAction(kind="payment_order", filed_on="2025-04-01",
        ...                         served_on="2025-04-10")])
        >>> step = mahnverfahren_step(claim, as_of="2025-04-20")
        >>> step.action, step.by
        ('await_objection', Date(2025, 4, 24))
        >>> mahnverfahren_step(claim, as_of="2025-05-01").action
        'apply_vollstreckungsbescheid'
        >>> mahnverfahren_step(claim, as_of="2025-10-11").action
        'lapsed'
    """
    on = to_date(as_of, "as_of")
    # what is known on the day: an end or a service dated later has not happened yet
    orders = [
        e
        for e in claim.events_of(LegalAction, as_of=on)
        if e.kind is LegalActionKind.PAYMENT_ORDER and (e.ended_on is None or e.ended_on > on)
    ]
    if not orders:
        return None
    order = orders[-1]
    judgments = [j for j in claim.events_of(Judgment, as_of=on) if j.on >= order.filed_on]
    if judgments:
        return _after_vb(judgments[-1], on)
    served = order.served_on if order.served_on is not None and order.served_on <= on else None
    if served is None:
        return MahnverfahrenStep(
            action="await_service",
            by=None,
            reasons=(
                Reason(
                    "mahnverfahren.await_service",
                    "Mahnbescheid applied for: service by the court is awaited",
                    citation=ZPO_688,
                ),
            ),
        )
    objection = _value("mahnbescheid_objection_days", on)
    lapse = _value("vollstreckungsbescheid_deadline_months", on)
    objection_end = served.add(days=objection.days)
    lapse_day = served.add(months=lapse.days)
    if on <= objection_end:
        return MahnverfahrenStep(
            action="await_objection",
            by=objection_end,
            reasons=(
                Reason(
                    "mahnverfahren.objection_period",
                    f"The debtor may lodge a Widerspruch within 2 weeks of service, until "
                    f"{objection_end.isoformat()} (and until a Vollstreckungsbescheid issues)",
                    citation=objection.citation,
                ),
            ),
        )
    if on <= lapse_day:
        return MahnverfahrenStep(
            action="apply_vollstreckungsbescheid",
            by=lapse_day,
            reasons=(
                Reason(
                    "mahnverfahren.apply_vb",
                    f"No Widerspruch recorded: apply for the Vollstreckungsbescheid (stating any "
                    f"payments) by {lapse_day.isoformat()}, or the Mahnbescheid lapses; after a "
                    "Widerspruch, apply for the transfer to the court instead (§ 696 ZPO)",
                    citation=lapse.citation,
                ),
                Reason(
                    "mahnverfahren.widerspruch", "A late Widerspruch still counts", citation=ZPO_694
                ),
            ),
        )
    return MahnverfahrenStep(
        action="lapsed",
        by=None,
        reasons=(
            Reason(
                "mahnverfahren.lapsed",
                f"No Vollstreckungsbescheid applied for within 6 months of service "
                f"({lapse_day.isoformat()}): the Mahnbescheid has lapsed",
                citation=lapse.citation,
            ),
        ),
    )


def _after_vb(vb: Judgment, on: pendulum.Date) -> MahnverfahrenStep:
    rule = _value("einspruch_days", on)
    if vb.served_on is not None and vb.served_on <= on <= vb.served_on.add(days=rule.days):
        end = vb.served_on.add(days=rule.days)
        return MahnverfahrenStep(
            action="await_einspruch",
            by=end,
            reasons=(
                Reason(
                    "mahnverfahren.einspruch_period",
                    f"Vollstreckungsbescheid served: Einspruch possible until {end.isoformat()} "
                    "(1 month if served abroad); it is provisionally enforceable meanwhile",
                    citation=rule.citation,
                ),
            ),
        )
    return MahnverfahrenStep(
        action="enforce",
        by=None,
        reasons=(
            Reason(
                "mahnverfahren.enforce",
                "Vollstreckungsbescheid: an enforceable title (30-year limitation, § 197 BGB)",
                citation=ZPO_699,
            ),
        ),
    )


def insolvency_stay(claim: Claim, *, as_of: Any) -> tuple[Reason, ...]:
    """The reasons to stop individual collection, or ``()`` when no proceedings are open.

    Examples:
        >>> from recouvrement.claims import Claim
        >>> from recouvrement.events import InsolvencyProceeding
        >>> claim = Claim(id="I-1", creditor={"id": "C", "name": "GmbH",
        ...     "kind": "professional", "country": "DE"}, debtor={"id": "D", "name": "AG",
        ...     "kind": "professional", "country": "DE"}, nature="commercial", amount="800",
        ...     issued_on="2025-01-02", due_on="2025-02-01", jurisdiction="DE",
        ...     events=[InsolvencyProceeding(kind="liquidation", opened_on="2025-03-01")])
        >>> [r.code for r in insolvency_stay(claim, as_of="2025-04-01")]
        ['insolvency.de.stay', 'insolvency.de.file_claim']
    """
    on = to_date(as_of, "as_of")
    for event in claim.events_of(InsolvencyProceeding, as_of=on):
        if event.closed_on is None or event.closed_on > on:
            return (
                Reason(
                    "insolvency.de.stay",
                    f"Insolvency proceedings opened on {event.opened_on.isoformat()}: no "
                    "individual collection or enforcement (§§ 87, 89 InsO)",
                    citation=INSO_89,
                ),
                Reason(
                    "insolvency.de.file_claim",
                    "File the claim with the insolvency administrator, stating its ground and "
                    "amount, by the deadline of the opening decision (§ 28 InsO)",
                    citation=INSO_174,
                ),
            )
    return ()
