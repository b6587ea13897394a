"""The purge plan of a ledger, and pseudonymising what must go.

`purge_plan` runs [`retention_deadlines`][recouvrement.retention.retention_deadlines] for
every debtor of a ledger and sorts the records as of a date: what must be in the
intermediate archive, what must be deleted or anonymised, and what the controller must
review (a ``U`` choice left open). `anonymise` replaces the personal data of the claims
(individual debtors' names, ids and contact fields, claim numbers, free-text fields) with
stable keyed pseudonyms, or removes them, and leaves every amount and date as it was, so
every KPI of the portfolio is unchanged.

Pseudonymised data are still personal data for whoever holds the key (GDPR art. 4(5),
recital 26); exact amounts and dates may still single a debtor out. What may be kept once
the period is over is an aggregate: KPIs computed over a population, stored without any
identifier (see the guide).

Examples:
    >>> import recouvrement as rc
    >>> from recouvrement.retention import anonymise, purge_plan
    >>> shop = rc.Creditor(id="C1", name="Shop SAS", kind="professional")
    >>> jeanne = rc.Debtor(id="D1", name="Jeanne Martin", kind="individual",
    ...                    address="3 rue Haute\\n75001 Paris")
    >>> bill = rc.Claim(id="F-1", creditor=shop, debtor=jeanne, nature="consumer",
    ...                 amount="300", issued_on="2020-03-15", due_on="2020-04-14",
    ...                 payments=[rc.Payment(on="2020-05-02", amount="300")])
    >>> choices = {"evidence_after_payment": "debtor_claims"}
    >>> plan = purge_plan([bill], as_of="2031-01-02", choices=choices)
    >>> [(i.category.value, i.action) for i in plan.delete]
    [('debtor_identity', 'delete'), ('accounting_records', 'delete'), ('payments', 'delete'), ('call_notes', 'delete')]
    >>> done = anonymise([bill], as_of="2031-01-02", key=b"secret kept apart", choices=choices)
    >>> done.claims[0].debtor.name.startswith("Debtor "), done.claims[0].debtor.address
    (True, None)
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping
from typing import Any

import attrs
import pendulum

from .._convert import DateLike, to_date
from ..claims import Claim
from ..errors import InvalidType, InvalidValue
from ..events import Event, RecoveryCost
from ..explain import Citation, Reason
from ..parties import Debtor, PartyKind
from .deadlines import DebtorRetention, RecordRetention, retention_deadlines
from .schedule import DataCategory

__all__ = [
    "ANONYMISE_SCOPES",
    "PURGE_ACTIONS",
    "Anonymised",
    "PurgeItem",
    "PurgePlan",
    "anonymise",
    "purge_plan",
]

#: The actions of a purge plan.
PURGE_ACTIONS = ("archive", "delete", "review")

#: The values of ``anonymise(scope=...)``.
ANONYMISE_SCOPES = ("due", "all")

_ART_4_5 = Citation("GDPR", "4(5)")
_RECITAL_26 = Citation("GDPR", "recital 26")


def _iso(day: pendulum.Date | None) -> str | None:
    return None if day is None else day.isoformat()


@attrs.frozen(slots=True, kw_only=True)
class PurgeItem:
    """One record of the purge plan and what to do with it.

    Attributes:
        debtor_id: The debtor's id.
        claim_id: The claim it belongs to (``None`` for identity or an IBAN).
        category: Its [`DataCategory`][recouvrement.retention.schedule.DataCategory].
        record: What it is, readable.
        action: ``"archive"`` (it must be in the intermediate archive), ``"delete"``
            (delete or anonymise it) or ``"review"`` (a ``U`` choice is left to the
            controller).
        since: The day the action fell due (``archive_on`` or ``delete_on``).
        delete_on: The day it must be deleted or anonymised, when known.
        confidence: The weakest confidence mark of the rules behind it.
        reasons: Why.
    """

    debtor_id: str
    claim_id: str | None
    category: DataCategory
    record: str
    action: str
    since: pendulum.Date | None
    delete_on: pendulum.Date | None
    confidence: str
    reasons: tuple[Reason, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-compatible dict (dates as ISO strings)."""
        return {
            "debtor_id": self.debtor_id,
            "claim_id": self.claim_id,
            "category": self.category.value,
            "record": self.record,
            "action": self.action,
            "since": _iso(self.since),
            "delete_on": _iso(self.delete_on),
            "confidence": self.confidence,
            "reasons": [r.to_dict() for r in self.reasons],
        }


@attrs.frozen(slots=True, kw_only=True)
class PurgePlan:
    """What to archive, delete or review in a ledger on one date.

    Attributes:
        as_of: The date.
        archive: Records that must be in the intermediate archive.
        delete: Records that must be deleted or anonymised.
        review: Records whose end is left to the controller (``U`` options not chosen).
        active: How many records stay in the active base.
        debtors_due: Debtors whose identity must be deleted or anonymised: pass them to
            `anonymise` (``scope="due"`` does it).
        deadlines: The per-debtor [`DebtorRetention`][recouvrement.retention.DebtorRetention]
            results it was built from.
        reasons: Why, for the plan as a whole.
    """

    as_of: pendulum.Date
    archive: tuple[PurgeItem, ...] = ()
    delete: tuple[PurgeItem, ...] = ()
    review: tuple[PurgeItem, ...] = ()
    active: int = 0
    debtors_due: tuple[str, ...] = ()
    deadlines: tuple[DebtorRetention, ...] = ()
    reasons: tuple[Reason, ...] = ()

    @property
    def items(self) -> tuple[PurgeItem, ...]:
        """Every item: delete, then review, then archive."""
        return (*self.delete, *self.review, *self.archive)

    def summary(self) -> dict[str, dict[str, int]]:
        """Counts by category and action (``{"payments": {"delete": 3}}``)."""
        counts: dict[str, dict[str, int]] = {}
        for item in self.items:
            row = counts.setdefault(item.category.value, {})
            row[item.action] = row.get(item.action, 0) + 1
        return counts

    def deadline_rows(self) -> list[dict[str, Any]]:
        """Every record of every debtor with its dates (`DebtorRetention.rows`), flat."""
        return [row for result in self.deadlines for row in result.rows()]

    def rows(self) -> list[dict[str, Any]]:
        """Flat rows for a table or a CSV file (one per item)."""
        return [
            {
                "action": i.action,
                "debtor_id": i.debtor_id,
                "claim_id": i.claim_id or "",
                "category": i.category.value,
                "record": i.record,
                "since": _iso(i.since) or "",
                "delete_on": _iso(i.delete_on) or "",
                "confidence": i.confidence,
            }
            for i in self.items
        ]

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-compatible dict (dates as ISO strings)."""
        return {
            "as_of": self.as_of.isoformat(),
            "archive": [i.to_dict() for i in self.archive],
            "delete": [i.to_dict() for i in self.delete],
            "review": [i.to_dict() for i in self.review],
            "active": self.active,
            "debtors_due": list(self.debtors_due),
            "summary": self.summary(),
            "reasons": [r.to_dict() for r in self.reasons],
        }


def _action(record: RecordRetention, as_of: pendulum.Date) -> tuple[str, Any] | None:
    """The purge action of one record on ``as_of``, and the day it fell due."""
    due = record.delete_on is not None and record.delete_on <= as_of
    archived = record.archive_on is not None and record.archive_on <= as_of
    if due and record.determined:
        return "delete", record.delete_on
    if not record.determined and (due or (archived and record.delete_on is None)):
        return "review", record.delete_on if due else record.archive_on
    if archived:
        return "archive", record.archive_on
    return None


def _items(claims: Any) -> list[Claim]:
    if isinstance(claims, str | bytes | Mapping) or not isinstance(claims, Iterable):
        raise InvalidType("claims", claims, "an iterable of Claim")
    items = list(claims)
    for index, claim in enumerate(items):
        if not isinstance(claim, Claim):
            raise InvalidType(f"claims[{index}]", claim, "Claim")
    return items


def _ledger(items: list[Claim]) -> dict[str, list[Claim]]:
    groups: dict[str, list[Claim]] = {}
    for claim in items:
        groups.setdefault(claim.debtor.id, []).append(claim)
    return groups


def _per_debtor(value: Any, debtor_id: str, field: str) -> Any:
    if isinstance(value, Mapping):
        return value.get(debtor_id)
    if value is not None and not isinstance(value, str):
        raise InvalidType(field, value, "str, a mapping debtor id -> value, or None")
    return value


def _deadlines_of(
    groups: dict[str, list[Claim]], as_of: pendulum.Date, options: dict[str, Any]
) -> list[DebtorRetention]:
    relationships = options.pop("relationships")
    if relationships is not None and not isinstance(relationships, Mapping):
        raise InvalidType(
            "relationships", relationships, "a mapping debtor id -> date or 'ongoing'"
        )
    bank = options.pop("bank_details")
    results = []
    for debtor_id, mine in groups.items():
        ended = None if relationships is None else relationships.get(debtor_id)
        ongoing = ended == "ongoing"
        results.append(
            retention_deadlines(
                mine,
                as_of=as_of,
                relationship_ended_on=None if ongoing else ended,
                ongoing_relationship=ongoing,
                bank_details=_per_debtor(bank, debtor_id, "bank_details"),
                **options,
            )
        )
    return results


def purge_plan(
    claims: Any,
    *,
    as_of: DateLike,
    financial_year_end: Any = "12-31",
    choices: Any = None,
    bank_details: Any = None,
    relationships: Any = None,
) -> PurgePlan:
    """Return what to archive, delete or anonymise, and review, in a ledger on ``as_of``.

    Args:
        claims: The ledger (any iterable of `Claim`, any number of debtors).
        as_of: The date (a date or an ISO string).
        financial_year_end: The creditor's financial-year closing day, ``"MM-DD"``
            (``"12-31"`` by default).
        choices: The controller's `RetentionChoices` (or a mapping of them).
        bank_details: How debtors paid: one of ``"card"``, ``"card_deferred_debit"``,
            ``"iban"`` for all, a mapping debtor id -> value, or ``None``.
        relationships: A mapping debtor id -> the end of the commercial relationship (a
            date) or ``"ongoing"``; a debtor not listed has no relationship beyond its files.

    Examples:
        >>> from recouvrement.sample import load_sample
        >>> choices = {"evidence_after_payment": "debtor_claims"}
        >>> plan = purge_plan(load_sample().claims, as_of="2025-06-30", choices=choices)
        >>> plan.summary()["payments"], len(plan.review)
        ({'archive': 93}, 0)
    """
    day = to_date(as_of, "as_of")
    options = {
        "financial_year_end": financial_year_end,
        "choices": choices,
        "bank_details": bank_details,
        "relationships": relationships,
    }
    results = _deadlines_of(_ledger(_items(claims)), day, options)
    sorted_items: dict[str, list[PurgeItem]] = {a: [] for a in PURGE_ACTIONS}
    active = 0
    due: list[str] = []
    for result in results:
        for record in result.records:
            found = _action(record, day)
            if found is None:
                active += 1
                continue
            action, since = found
            if record.category is DataCategory.DEBTOR_IDENTITY and action == "delete":
                due.append(result.debtor_id)
            sorted_items[action].append(
                PurgeItem(
                    debtor_id=result.debtor_id,
                    claim_id=record.claim_id,
                    category=record.category,
                    record=record.record,
                    action=action,
                    since=since,
                    delete_on=record.delete_on,
                    confidence=record.confidence,
                    reasons=record.reasons,
                )
            )
    return PurgePlan(
        as_of=day,
        archive=tuple(sorted_items["archive"]),
        delete=tuple(sorted_items["delete"]),
        review=tuple(sorted_items["review"]),
        active=active,
        debtors_due=tuple(due),
        deadlines=tuple(results),
        reasons=(
            Reason(
                "retention.delete_or_anonymise",
                "At the end of the last phase the data are deleted, or anonymised instead; keeping "
                "them longer is an offence (C. pén. 226-20)",
                citation=Citation("C. pén.", "226-20"),
            ),
        ),
    )


# -- anonymise ------------------------------------------------------------------------------


@attrs.frozen(slots=True, kw_only=True)
class Anonymised:
    """The claims with their personal data replaced, and what was done.

    Attributes:
        as_of: The date.
        mode: ``"pseudonymised"`` (keyed pseudonyms) or ``"removed"`` (no key).
        claims: The claims, in the order given: amounts and dates unchanged.
        debtors: How many debtors were replaced.
        reasons: What this is and is not, in law.
    """

    as_of: pendulum.Date
    mode: str
    claims: tuple[Claim, ...]
    debtors: int
    reasons: tuple[Reason, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-compatible dict (the claims as `Claim.to_dict` writes them)."""
        return {
            "as_of": self.as_of.isoformat(),
            "mode": self.mode,
            "debtors": self.debtors,
            "claims": [c.to_dict() for c in self.claims],
            "reasons": [r.to_dict() for r in self.reasons],
        }


def _key(value: Any) -> bytes | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = value.encode("utf-8")
    if not isinstance(value, bytes):
        raise InvalidType("key", value, "bytes, str or None")
    if len(value) < 8:
        raise InvalidValue("key", "<hidden>", "use a secret of at least 8 bytes")
    return value


def _pseudonym(key: bytes, kind: str, value: str) -> str:
    digest = hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()
    return digest[:16].upper()


def _in_scope(debtor: Debtor, professionals: bool) -> bool:
    if debtor.kind is PartyKind.INDIVIDUAL:
        return True
    return professionals and debtor.kind is PartyKind.PROFESSIONAL


def _scrub_event(event: Event) -> Event:
    if isinstance(event, RecoveryCost) and event.description is not None:
        return attrs.evolve(event, description=None)
    return event


def _replace(claim: Claim, key: bytes | None, index: int) -> Claim:
    debtor = claim.debtor
    if key is None:
        claim_id, debtor_id, name = f"claim-{index + 1}", "anonymous", "Anonymous"
    else:
        tag = _pseudonym(key, "debtor", debtor.id)
        claim_id = "C-" + _pseudonym(key, "claim", claim.id)
        debtor_id, name = "D-" + tag, "Debtor " + tag
    new_debtor = Debtor(
        id=debtor_id,
        name=name,
        kind=debtor.kind,
        country=debtor.country,
        public_buyer=debtor.public_buyer,
    )
    return attrs.evolve(
        claim,
        id=claim_id,
        debtor=new_debtor,
        reference=None,
        payments=[attrs.evolve(p, reference=None) for p in claim.payments],
        credit_notes=[attrs.evolve(c, reference=None) for c in claim.credit_notes],
        events=[_scrub_event(e) for e in claim.events],
    )


def _due_debtors(groups: dict[str, list[Claim]], as_of: pendulum.Date, options: Any) -> set[str]:
    plan = purge_plan([c for mine in groups.values() for c in mine], as_of=as_of, **options)
    return set(plan.debtors_due)


def anonymise(
    claims: Any,
    *,
    as_of: DateLike,
    key: Any,
    scope: str = "due",
    professionals: bool = False,
    financial_year_end: Any = "12-31",
    choices: Any = None,
    relationships: Any = None,
) -> Anonymised:
    """Replace the personal data of the claims; keep every amount and date.

    Replaced, for each debtor in scope: the debtor's id and name (a keyed pseudonym),
    SIREN and address (removed), the claim id (a keyed pseudonym), the claim's
    reference, payment and credit-note references and recovery-cost descriptions (free
    text, removed). Kept: the creditor, the nature, amounts, currencies, dates, terms,
    the event history (dates and amounts), the debtor's kind and country. So every
    [`Portfolio`][recouvrement.kpi.Portfolio] figure is unchanged, and grouping by
    debtor still works.

    Args:
        claims: The ledger (any iterable of `Claim`).
        as_of: The date (a date or an ISO string).
        key: The secret for the keyed pseudonyms (HMAC-SHA256; bytes or str, 8 bytes at
            least): the same key gives the same pseudonyms in every run. Keep it apart
            from the data, or destroy it. ``None`` removes instead: every debtor becomes
            ``"anonymous"`` and claims are numbered in the order given (grouping by
            debtor is lost; the KPIs are not).
        scope: ``"due"``: the debtors whose identity must be deleted or anonymised on
            ``as_of`` (`purge_plan`); ``"all"``: every debtor in scope.
        professionals: Also replace professional debtors (sole traders are natural
            persons); individuals are always replaced; public bodies never. A debtor id
            recorded as an individual on any claim is replaced on all of its claims.
        financial_year_end: For ``scope="due"``: the financial-year closing day.
        choices: For ``scope="due"``: the controller's `RetentionChoices`.
        relationships: For ``scope="due"``: as for `purge_plan` (a debtor still a client
            is never due).

    Raises:
        InvalidValue: A bad scope, a key shorter than 8 bytes, or two ids mapped to one
            pseudonym (never seen with a 64-bit digest).
    """
    day = to_date(as_of, "as_of")
    secret = _key(key)
    if scope not in ANONYMISE_SCOPES:
        raise InvalidValue("scope", scope, f"one of {', '.join(ANONYMISE_SCOPES)}")
    if not isinstance(professionals, bool):
        raise InvalidType("professionals", professionals, "bool")
    items = _items(claims)
    groups = _ledger(items)
    options = {
        "financial_year_end": financial_year_end,
        "choices": choices,
        "relationships": relationships,
    }
    due = _due_debtors(groups, day, options) if scope == "due" else None
    # by debtor id: a debtor recorded as a person on any claim is replaced on every claim of
    # that id (one pseudonym per debtor, and nothing of the person left in clear)
    scoped = {c.debtor.id for c in items if _in_scope(c.debtor, professionals)}
    chosen = [c.debtor.id in scoped and (due is None or c.debtor.id in due) for c in items]
    result = [
        _replace(c, secret, i) if pick else c
        for i, (c, pick) in enumerate(zip(items, chosen, strict=True))
    ]
    if secret is not None:
        _check_collisions(items, result, chosen)
    return Anonymised(
        as_of=day,
        mode="removed" if secret is None else "pseudonymised",
        claims=tuple(result),
        debtors=len({c.debtor.id for c, pick in zip(items, chosen, strict=True) if pick}),
        reasons=_anonymise_reasons(secret is not None),
    )


def _check_collisions(before: list[Claim], after: list[Claim], chosen: list[bool]) -> None:
    seen: dict[str, str] = {}
    for old, new, pick in zip(before, after, chosen, strict=True):
        if not pick:
            continue
        for kind, source, target in (
            ("debtor", old.debtor.id, new.debtor.id),
            ("claim", old.id, new.id),
        ):
            previous = seen.setdefault(f"{kind}:{target}", source)
            if previous != source:
                raise InvalidValue("key", "<hidden>", f"two {kind} ids share one pseudonym")


def _anonymise_reasons(keyed: bool) -> tuple[Reason, ...]:
    first = (
        Reason(
            "retention.pseudonymisation",
            "Keyed pseudonyms are pseudonymisation, not anonymisation: whoever holds the key can "
            "re-identify, so the data stay personal data and every retention limit still applies",
            citation=_ART_4_5,
        )
        if keyed
        else Reason(
            "retention.removal",
            "Names, ids, addresses and free text removed; the rows keep exact amounts and dates, "
            "which may still single a debtor out",
            citation=_RECITAL_26,
        )
    )
    return (
        first,
        Reason(
            "retention.aggregates",
            "Only aggregates with no identifier (DSO, CEI, recovery rate, ageing) may be kept "
            "after the retention period; do not keep row-level tables keyed by a stable pseudonym",
            citation=_RECITAL_26,
        ),
    )
