"""Erasure and objection requests: what can be erased now, what must be kept, and why.

A debtor asks for erasure (GDPR art. 17) or objects to the processing (art. 21).
`erasure_request` reads the retention deadlines of the debtor's data on the day of the
request and sorts every record:

- **erase**: no longer necessary (17(1)(a)): its period is over, or it is a contact
  detail the archive does not need (minimisation, 5(1)(c));
- **keep**: needed for a legal obligation (17(3)(b): the accounting documents,
  C. com. L123-22) or for the establishment, exercise or defence of legal claims
  (17(3)(e): an open claim, the evidence of a claim that can still be litigated, card
  data for payment disputes), each until its date;
- **decide**: the law is not settled (a ``U`` rule): the controller decides and
  documents it.

An objection to direct marketing is absolute (21(2)-(3)): any marketing use stops.

Examples:
    >>> import recouvrement as rc
    >>> from recouvrement.retention import erasure_request
    >>> shop = rc.Creditor(id="C1", name="Shop SAS", kind="professional")
    >>> jeanne = rc.Debtor(id="D1", name="Jeanne Martin", kind="individual")
    >>> bill = rc.Claim(id="F-1", creditor=shop, debtor=jeanne, nature="consumer",
    ...                 amount="300", issued_on="2024-03-15", due_on="2024-04-14")
    >>> answer = erasure_request([bill], requested_on="2024-09-01")
    >>> answer.erase, [(i.category.value, str(i.citation)) for i in answer.keep][:2]
    ((), [('debtor_identity', 'GDPR 17(3)(e)'), ('accounting_records', 'GDPR 17(3)(b)')])
"""

from __future__ import annotations

from typing import Any

import attrs
import pendulum

from .._convert import to_date
from ..errors import InvalidValue
from ..explain import Citation, Reason
from .deadlines import RecordRetention, retention_deadlines
from .schedule import DataCategory, RetentionSchedule, retention_schedule

__all__ = ["ERASURE_DECISIONS", "REQUEST_KINDS", "ErasureAnswer", "ErasureItem", "erasure_request"]

#: The decisions on one record.
ERASURE_DECISIONS = ("erase", "keep", "decide")

#: The kinds of request.
REQUEST_KINDS = ("erasure", "objection")

_NOT_NECESSARY = Citation("GDPR", "17(1)(a)")
_OBLIGATION = Citation("GDPR", "17(3)(b)")
_LEGAL_CLAIMS = Citation("GDPR", "17(3)(e)")
_MINIMISATION = Citation("GDPR", "5(1)(c)")
_OBJECTION = Citation("GDPR", "21(1)")
_MARKETING = Citation("GDPR", "21(3)")
_ACCOUNTING = (DataCategory.ACCOUNTING_RECORDS, DataCategory.PAYMENTS)


def _iso(day: pendulum.Date | None) -> str | None:
    return None if day is None else day.isoformat()


@attrs.frozen(slots=True, kw_only=True)
class ErasureItem:
    """The answer for one record.

    Attributes:
        category: Its [`DataCategory`][recouvrement.retention.schedule.DataCategory].
        record: What it is, readable.
        claim_id: The claim it belongs to, if any.
        decision: ``"erase"``, ``"keep"`` or ``"decide"``.
        until: For ``"keep"``: the day it must be deleted, when known.
        citation: The ground of the decision (``GDPR 17(3)(b)``...).
        reasons: Why.
    """

    category: DataCategory
    record: str
    claim_id: str | None
    decision: str
    until: pendulum.Date | None
    citation: Citation
    reasons: tuple[Reason, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-compatible dict (dates as ISO strings)."""
        return {
            "category": self.category.value,
            "record": self.record,
            "claim_id": self.claim_id,
            "decision": self.decision,
            "until": _iso(self.until),
            "citation": self.citation.to_dict(),
            "reasons": [r.to_dict() for r in self.reasons],
        }


@attrs.frozen(slots=True, kw_only=True)
class ErasureAnswer:
    """The answer to an erasure or objection request.

    Attributes:
        debtor_id: The debtor's id.
        requested_on: The day of the request.
        kind: ``"erasure"`` (art. 17) or ``"objection"`` (art. 21).
        erase: What can (and must) be erased now.
        keep: What must be kept, each with its ground and end date.
        decide: What the controller must decide (unsettled rules).
        reasons: What applies to the request as a whole.
    """

    debtor_id: str
    requested_on: pendulum.Date
    kind: str
    erase: tuple[ErasureItem, ...] = ()
    keep: tuple[ErasureItem, ...] = ()
    decide: tuple[ErasureItem, ...] = ()
    reasons: tuple[Reason, ...] = ()

    def rows(self) -> list[dict[str, Any]]:
        """Flat rows for a table or a CSV file (one per item)."""
        return [
            {
                "decision": i.decision,
                "category": i.category.value,
                "record": i.record,
                "claim_id": i.claim_id or "",
                "until": _iso(i.until) or "",
                "ground": str(i.citation),
            }
            for i in (*self.erase, *self.keep, *self.decide)
        ]

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-compatible dict (dates as ISO strings)."""
        return {
            "debtor_id": self.debtor_id,
            "requested_on": self.requested_on.isoformat(),
            "kind": self.kind,
            "erase": [i.to_dict() for i in self.erase],
            "keep": [i.to_dict() for i in self.keep],
            "decide": [i.to_dict() for i in self.decide],
            "reasons": [r.to_dict() for r in self.reasons],
        }


def _item(record: RecordRetention, decision: str, citation: Citation, message: str) -> ErasureItem:
    until = record.delete_on if decision == "keep" else None
    return ErasureItem(
        category=record.category,
        record=record.record,
        claim_id=record.claim_id,
        decision=decision,
        until=until,
        citation=citation,
        reasons=(Reason(f"erasure.{decision}", message, citation=citation), *record.reasons),
    )


def _keep_ground(record: RecordRetention, schedule: RetentionSchedule) -> tuple[Citation, str]:
    end = "" if record.delete_on is None else f" until {record.delete_on.isoformat()}"
    if record.category in _ACCOUNTING:
        archive = schedule.rule(f"{record.category.value}.archive")
        message = schedule.message(
            "accounting.keep",
            "Accounting document kept under a legal obligation{end} ({citation})",
            end=end,
            citation=archive.citation,
        )
        return _OBLIGATION, message
    if record.phase == "active" and record.claim_id is None:
        return _LEGAL_CLAIMS, (
            "Needed while a file is open or the client relationship continues (defence of legal "
            "claims; an objection gives way to them, 21(1))"
        )
    if record.phase == "active":
        return _LEGAL_CLAIMS, (
            f"Needed to collect an open claim: kept{end} (defence of legal claims; an objection "
            "gives way to them, 21(1))"
        )
    return _LEGAL_CLAIMS, f"Evidence while a claim can still be litigated or disputed: kept{end}"


def _decide(records: tuple[RecordRetention, ...], schedule: RetentionSchedule) -> list[ErasureItem]:
    found = []
    for record in records:
        if record.phase == "delete":
            if not record.determined:
                found.append(
                    _item(
                        record,
                        "decide",
                        _NOT_NECESSARY,
                        "Its period ended but it may still be linked to records whose end is "
                        "undetermined: the controller decides",
                    )
                )
                continue
            found.append(
                _item(record, "erase", _NOT_NECESSARY, "Its retention period is over: erase it now")
            )
        elif record.category is DataCategory.DEBTOR_IDENTITY and record.phase == "archive":
            found.append(
                _item(
                    record,
                    "erase",
                    _MINIMISATION,
                    "Contact details (address, phone, email) are not needed in the archive: "
                    "erase them now",
                )
            )
            found.append(
                _item(
                    record,
                    "keep",
                    _LEGAL_CLAIMS,
                    "Name and id only, to link the archived records, until they go",
                )
            )
        elif not record.determined and record.phase == "archive":
            found.append(
                _item(
                    record,
                    "decide",
                    _LEGAL_CLAIMS,
                    "Whether the legal-claims exemption still covers it is not settled (U): the "
                    "controller decides and documents it",
                )
            )
        else:
            citation, message = _keep_ground(record, schedule)
            found.append(_item(record, "keep", citation, message))
    return found


def erasure_request(
    claims: Any,
    *,
    requested_on: Any,
    kind: str = "erasure",
    financial_year_end: Any = "12-31",
    relationship_ended_on: Any = None,
    ongoing_relationship: bool = False,
    bank_details: str | None = None,
    choices: Any = None,
) -> ErasureAnswer:
    """Answer an erasure (art. 17) or objection (art. 21) request by one debtor.

    Args:
        claims: The debtor's claims (one debtor only).
        requested_on: The day of the request (a date or an ISO string).
        kind: ``"erasure"`` or ``"objection"``.
        financial_year_end: The creditor's financial-year closing day (``"MM-DD"``).
        relationship_ended_on: The end of the commercial relationship, if it outlasted
            the files.
        ongoing_relationship: The debtor is still a client.
        bank_details: How the debtor paid (``"card"``, ``"card_deferred_debit"``,
            ``"iban"`` or ``None``).
        choices: The controller's `RetentionChoices`. All as for
            [`retention_deadlines`][recouvrement.retention.retention_deadlines].

    Raises:
        InvalidValue: A bad ``kind``, or what `retention_deadlines` refuses.
    """
    if kind not in REQUEST_KINDS:
        raise InvalidValue("kind", kind, f"one of {', '.join(REQUEST_KINDS)}")
    day = to_date(requested_on, "requested_on")
    result = retention_deadlines(
        claims,
        as_of=day,
        financial_year_end=financial_year_end,
        relationship_ended_on=relationship_ended_on,
        ongoing_relationship=ongoing_relationship,
        bank_details=bank_details,
        choices=choices,
    )
    items = _decide(result.records, retention_schedule(result.jurisdiction))
    reasons = [
        Reason(
            "erasure.exemptions",
            "Erasure does not apply to data needed for a legal obligation or for the "
            "establishment, exercise or defence of legal claims",
            citation=Citation("GDPR", "17(3)"),
        )
    ]
    if kind == "objection":
        reasons.append(
            Reason(
                "erasure.objection",
                "Objection: processing based on legitimate interests stops unless the controller "
                "shows compelling legitimate grounds or needs the data for legal claims",
                citation=_OBJECTION,
            )
        )
        reasons.append(
            Reason(
                "erasure.marketing",
                "Any direct-marketing use of the debtor's data stops: the objection to it is "
                "absolute",
                citation=_MARKETING,
            )
        )
    return ErasureAnswer(
        debtor_id=result.debtor_id,
        requested_on=day,
        kind=kind,
        erase=tuple(i for i in items if i.decision == "erase"),
        keep=tuple(i for i in items if i.decision == "keep"),
        decide=tuple(i for i in items if i.decision == "decide"),
        reasons=tuple(reasons),
    )
