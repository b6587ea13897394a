"""The alerts of the day, computed from the claims by the library's own rules.

Each alert names its kind, the claim or debtor, a date, a short sentence (English and
French) and, when the alert rests on the law, its article. No rule is written here: the
deadlines come from `recouvrement.prescription.upcoming_deadlines`, the promises and plans
from `recouvrement.history` (`promise_check`, `plan_check`, the tolerances of the
escalation policy), the limits from `recouvrement.credit.credit_report` and the rate tables
from `recouvrement.ratesync.check`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import pendulum

from .._convert import DateLike, to_date
from .._text import french
from ..claims import Claim
from ..events import PaymentPlan, PaymentPromise
from ..explain import Citation
from ..history import (
    ClaimHistory,
    PromiseState,
    latest_plan,
    latest_promise,
    plan_check,
    promise_check,
)
from ..jurisdictions import citation
from ..money import Money, format_money
from ..rates import ECB_TABLE, LEGAL_TABLE

if TYPE_CHECKING:
    from ..credit import CreditPolicy
    from ..policy import EscalationPolicy
    from ..prescription import Deadline
    from ..rates import RateTable

__all__ = ["ALERT_KINDS", "Alert", "day_alerts"]

ALERT_KINDS = (
    "prescription",
    "claim_declaration",
    "relief_from_foreclosure",
    "promise_due",
    "broken_promise",
    "broken_plan",
    "limit_exceeded",
    "rates_out_of_date",
)
"""The kinds of alert `day_alerts` computes, in the order the dashboard lists them."""

_BROKEN_PROMISE_DAYS = 30
"""A broken promise stays an alert this many days after its grace ended (practice)."""

# The articles that make each packaged rate table necessary (see `recouvrement.ratesync.check`):
# the French late-interest rules, which read these tables.
# Asked of the registry by a generic key, like every engine.
_RATE_CITATIONS = {ECB_TABLE: "ecb_rate_table", LEGAL_TABLE: "legal_rate_table"}


def _rate_citation(table: str) -> Citation | None:
    key = _RATE_CITATIONS.get(table)
    return None if key is None else citation("FR", key)


@attrs.frozen(kw_only=True)
class Alert:
    """One alert of the day.

    Attributes:
        kind: One of `ALERT_KINDS` (or the caller's own kind for extra alerts).
        date: The day it is about (the deadline, the promised date, the missed instalment,
            the last day a rate table covers), if any.
        debtor: The debtor's name (empty for a rate table).
        claim_id: The claim concerned, if one.
        message: A short sentence, in English.
        message_fr: The same sentence in French.
        citation: The article behind the alert, when it is a legal one.

    Examples:
        >>> import pendulum
        >>> alert = Alert(kind="promise_due", date=pendulum.Date(2026, 3, 31),
        ...               debtor="Martin SARL", claim_id="F-1",
        ...               message="Payment promised for 2026-03-31", message_fr="Paiement promis")
        >>> alert.sentence("fr_FR"), alert.to_dict()["date"]
        ('Paiement promis', '2026-03-31')
    """

    kind: str
    date: pendulum.Date | None
    debtor: str
    claim_id: str | None
    message: str
    message_fr: str
    citation: Citation | None = None

    def sentence(self, locale: str = "en_GB") -> str:
        """The sentence in the language of ``locale``."""
        return self.message_fr if french(locale) else self.message

    def to_dict(self) -> dict[str, Any]:
        """A JSON-compatible dict (the citation as text)."""
        return {
            "kind": self.kind,
            "date": None if self.date is None else self.date.isoformat(),
            "debtor": self.debtor,
            "claim_id": self.claim_id,
            "message": self.message,
            "message_fr": self.message_fr,
            "citation": None if self.citation is None else str(self.citation),
        }


def _en(money: Money) -> str:
    return format_money(money, locale="en_GB")


def _fr(money: Money) -> str:
    return format_money(money, locale="fr_FR")


def _legal(deadline: Deadline, debtor: str) -> Alert:
    day, left = deadline.date.isoformat(), deadline.days_left
    if deadline.kind == "prescription":
        en = f"Time-barred after {day} ({left} days left): interrupt the prescription"
        fr = f"Prescrite après le {day} (reste {left} j) : interrompre la prescription"
    elif deadline.kind == "claim_declaration":
        en = f"Declare the claim to the insolvency representative by {day} ({left} days left)"
        fr = f"Déclarer la créance au mandataire judiciaire au plus tard le {day} (reste {left} j)"
    elif deadline.kind == "relief_from_foreclosure":
        en = f"Last day to request relief from foreclosure: {day} ({left} days left)"
        fr = f"Dernier jour pour demander un relevé de forclusion : {day} (reste {left} j)"
    else:
        en = fr = deadline.message
    return Alert(
        kind=deadline.kind,
        date=deadline.date,
        debtor=debtor,
        claim_id=deadline.claim_id,
        message=en,
        message_fr=fr,
        citation=deadline.citation,
    )


def _promise(
    claim: Claim, history: ClaimHistory, day: pendulum.Date, tolerance: int
) -> list[Alert]:
    """The latest promise due (pending, its date reached) or broken lately."""
    promise = latest_promise(history.of(PaymentPromise))
    if promise is None:
        return []
    check = promise_check(promise, history.payments, day.toordinal(), tolerance)
    when = promise.promised_for.isoformat()
    amount = "" if promise.amount is None else f" ({_en(promise.amount)})"
    amount_fr = "" if promise.amount is None else f" ({_fr(promise.amount)})"
    if check.state is PromiseState.PENDING and promise.promised_for <= day:
        en = f"Payment{amount} promised for {when} on {claim.id}: check it came in, call if not"
        fr = f"Paiement{amount_fr} promis pour le {when} sur {claim.id} : vérifier l'encaissement"
        kind = "promise_due"
    elif (
        check.state is PromiseState.BROKEN and day.toordinal() - check.limit <= _BROKEN_PROMISE_DAYS
    ):
        en = f"Promise to pay{amount} {claim.id} by {when} not kept (grace of {tolerance} days)"
        fr = (
            f"Promesse de payer{amount_fr} {claim.id} le {when} non tenue (tolérance {tolerance} j)"
        )
        kind = "broken_promise"
    else:
        return []
    return [
        Alert(
            kind=kind,
            date=promise.promised_for,
            debtor=claim.debtor.name,
            claim_id=claim.id,
            message=en,
            message_fr=fr,
        )
    ]


def _plan(claim: Claim, history: ClaimHistory, day: pendulum.Date, tolerance: int) -> list[Alert]:
    """The plan in force broken: an instalment missed beyond the tolerance."""
    plan = latest_plan(history.of(PaymentPlan))
    if plan is None:
        return []
    check = plan_check(plan, history.payments, day.toordinal(), tolerance)
    if check.broken_on is None or check.completed:
        return []
    missed = pendulum.Date.fromordinal(check.broken_on)
    currency = claim.currency
    paid, due = Money(check.paid, currency), Money(check.due, currency)
    return [
        Alert(
            kind="broken_plan",
            date=missed,
            debtor=claim.debtor.name,
            claim_id=claim.id,
            message=f"Payment plan on {claim.id} broken: instalment of {missed.isoformat()} "
            f"missed ({_en(paid)} paid of {_en(due)} due)",
            message_fr=f"Échéancier de {claim.id} rompu : échéance du {missed.isoformat()} "
            f"impayée ({_fr(paid)} payés sur {_fr(due)} dus)",
        )
    ]


def _commitments(
    claims: Sequence[Claim], day: pendulum.Date, policy: EscalationPolicy
) -> list[Alert]:
    found: list[Alert] = []
    for claim in claims:
        if claim.issued_on > day or claim.is_settled(as_of=day):
            continue
        history = ClaimHistory(claim, as_of=day)
        found += _promise(claim, history, day, policy.promise_tolerance_days)
        found += _plan(claim, history, day, policy.plan_tolerance_days)
    return found


def _limits(
    claims: Sequence[Claim],
    day: pendulum.Date,
    credit_policy: CreditPolicy,
    names: Mapping[str, str],
) -> list[Alert]:
    from ..credit import credit_report

    found = []
    for row in credit_report(claims, as_of=day, policy=credit_policy):
        line, limit = row.exposure, row.exposure.limit
        if not line.over_limit or limit is None:
            continue
        found.append(
            Alert(
                kind="limit_exceeded",
                date=day,
                debtor=names.get(row.debtor_id, row.debtor_id),
                claim_id=None,
                message=f"Exposure {_en(line.total)} above the credit limit {_en(limit)}: "
                "hold new orders, review the limit",
                message_fr=f"Encours {_fr(line.total)} au-dessus de la limite de crédit "
                f"{_fr(limit)} : bloquer les nouvelles commandes, revoir la limite",
            )
        )
    return found


def _rates(day: pendulum.Date, rates: Any) -> list[Alert]:
    from ..ratesync import check

    found = []
    for table in check(as_of=day, rates=rates).tables:
        if not table.missing:
            continue
        last = table.published_to.isoformat()
        missing = "; ".join(table.missing)
        found.append(
            Alert(
                kind="rates_out_of_date",
                date=table.published_to,
                debtor="",
                claim_id=None,
                message=f"Rate table {table.name} published to {last} only ({missing}): late "
                "interest cannot be computed; run `recouvrement rates update`",
                message_fr=f"Table de taux {table.name} publiée jusqu'au {last} seulement "
                f"({missing}) : intérêts de retard incalculables ; lancer "
                "`recouvrement rates update`",
                citation=_rate_citation(table.name),
            )
        )
    return found


def _order(alert: Alert) -> tuple[int, str, str, str]:
    rank = ALERT_KINDS.index(alert.kind) if alert.kind in ALERT_KINDS else len(ALERT_KINDS)
    date = "" if alert.date is None else alert.date.isoformat()
    return (rank, date, alert.debtor, alert.claim_id or "")


def day_alerts(
    claims: Iterable[Claim],
    *,
    as_of: DateLike,
    within: int = 30,
    policy: EscalationPolicy | None = None,
    credit_policy: CreditPolicy | None = None,
    rates: RateTable | Iterable[RateTable] | None = None,
    deadlines: Sequence[Deadline] | None = None,
) -> tuple[Alert, ...]:
    """The alerts of ``as_of``: deadlines close, promises, plans, limits, rate tables.

    Args:
        claims: The claims.
        as_of: The day.
        within: The legal deadlines (prescription, claim declaration, relief from
            foreclosure) from ``as_of`` to ``within`` days after it.
        policy: The escalation policy whose grace days (``promise_tolerance_days``,
            ``plan_tolerance_days``) say when a promise or a plan is broken (the default
            ladder when ``None``).
        credit_policy: A `recouvrement.credit.CreditPolicy`: the customers whose exposure
            is above the limit it recommends are alerts (no limit check without one).
        rates: User rate tables, as `recouvrement.ratesync.check` takes them.
        deadlines: The legal deadlines, when already computed by
            `recouvrement.prescription.upcoming_deadlines` for ``within``.

    Returns:
        The alerts, by kind (the order of `ALERT_KINDS`), then date, debtor and claim.

    Examples:
        >>> from recouvrement.sample import load_sample
        >>> sample = load_sample()
        >>> alerts = day_alerts(sample.claims, as_of=sample.as_of)
        >>> sorted({a.kind for a in alerts})
        ['broken_plan']
        >>> print(alerts[0].sentence("fr_FR"))
        Échéancier de S-00114 rompu : échéance du 2024-10-09 impayée (0,00\u00a0€ payés sur 181,81\u00a0€ dus)
        >>> [a.kind for a in day_alerts([], as_of="2030-01-15")]
        ['rates_out_of_date', 'rates_out_of_date']
    """
    from ..policy import EscalationPolicy
    from ..prescription import upcoming_deadlines

    day = to_date(as_of, "as_of")
    items = list(claims)
    names = {c.id: c.debtor.name for c in items}
    debtors = {c.debtor.id: c.debtor.name for c in items}
    if deadlines is None:
        deadlines = upcoming_deadlines(items, as_of=day, within=within)
    found = [_legal(d, names.get(d.claim_id, "")) for d in deadlines]
    found += _commitments(items, day, EscalationPolicy.default() if policy is None else policy)
    if credit_policy is not None:
        found += _limits(items, day, credit_policy, debtors)
    found += _rates(day, rates)
    return tuple(sorted(found, key=_order))
