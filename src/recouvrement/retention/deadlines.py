"""Retention deadlines of one debtor's data: when each record goes to the archive, and goes.

`retention_deadlines` reads the debtor's claims and, for every data category of the
schedule, gives each record's date of transfer to the intermediate archive
(*archivage intermédiaire*) and the date it must be deleted or anonymised, with the rule,
the article and the confidence mark behind each. Evidence follows the claim: it is kept
while the claim can still be litigated, which the prescription engine
([`prescription_deadline`][recouvrement.prescription_deadline]) decides.

Dates (the reference's conventions):

- ``archive_on``: the day the record leaves the active base (the closure of the file:
  payment in full, write-off or cancellation, or the day the claim became time-barred).
- ``delete_on``: the day deletion or anonymisation falls due. A fixed period ends on its
  anniversary date (FY 2020 closing + 10 years: 2030-12-31); a period bound to the
  prescription ends the day the claim becomes time-barred (the day after its deadline).
- ``None``: not yet known (the file is still open and its prescription not running) or
  left to the controller (a ``U`` rule whose option was not chosen: ``determined`` is
  false and the reasons say which option to set).

Examples:
    >>> import recouvrement as rc
    >>> from recouvrement.retention import retention_deadlines
    >>> shop = rc.Creditor(id="C1", name="Shop SAS", kind="professional")
    >>> jeanne = rc.Debtor(id="D1", name="Jeanne Martin", kind="individual")
    >>> bill = rc.Claim(id="F-1", creditor=shop, debtor=jeanne, nature="consumer",
    ...                 amount="300", issued_on="2020-03-15", due_on="2020-04-14",
    ...                 payments=[rc.Payment(on="2020-05-02", amount="300")])
    >>> result = retention_deadlines([bill], as_of="2026-12-04")
    >>> invoices = result.category("accounting_records")
    >>> invoices.archive_on, invoices.delete_on, invoices.phase
    (Date(2020, 5, 2), Date(2030, 12, 31), 'archive')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs
import pendulum

from .._convert import DateLike, from_ordinal, to_date, to_optional_date
from ..calendar import add_months
from ..claims import Claim
from ..errors import InvalidType, InvalidValue
from ..events import (
    Cancellation,
    Dispute,
    EnforcementAct,
    FormalNotice,
    Judgment,
    LegalAction,
    PaymentPlan,
    PaymentPromise,
    Reminder,
    WriteOff,
)
from ..explain import Citation, Reason
from ..parties import PartyKind
from ..prescription import prescription_deadline
from .schedule import (
    CONFIDENCE_ORDER,
    DataCategory,
    FinancialYear,
    RetentionChoices,
    RetentionRule,
    RetentionSchedule,
    retention_schedule,
)

__all__ = [
    "BANK_DETAILS",
    "PHASES",
    "CategoryRetention",
    "DebtorRetention",
    "RecordRetention",
    "retention_deadlines",
]

#: The phases a record can be in on ``as_of``, most active first.
PHASES = ("active", "archive", "delete")

#: The values of ``bank_details``: how the debtor paid (``None``: no bank details held).
BANK_DETAILS = ("card", "card_deferred_debit", "iban")

_GDPR_5 = Citation("GDPR", "5(1)(e)")
_GDPR_17 = Citation("GDPR", "17(3)(e)")
_RECITAL_14 = Citation("GDPR", "recital 14")
_CNIL_PHASES = Citation("CNIL", "Gérer la durée de conservation des données")


def _iso(day: pendulum.Date | None) -> str | None:
    return None if day is None else day.isoformat()


def _weakest(marks: Iterable[str]) -> str:
    found = [m for m in marks if m in CONFIDENCE_ORDER]
    return min(found, key=CONFIDENCE_ORDER.index) if found else "P"


def _rule_confidence(rule: RetentionRule) -> str:
    return _weakest([rule.confidence, rule.trigger_confidence or "P"])


@attrs.frozen(slots=True, kw_only=True)
class RecordRetention:
    """The retention of one record (an invoice, a payment, a file's letters...).

    Attributes:
        category: Its [`DataCategory`][recouvrement.retention.schedule.DataCategory].
        record: What it is, readable (``"invoice F-1"``, ``"payment 2023-01-20"``).
        claim_id: The claim it belongs to (``None`` for the debtor's identity).
        archive_on: The day it moves to the intermediate archive, or ``None``.
        delete_on: The day it must be deleted or anonymised, or ``None``.
        phase: ``"active"``, ``"archive"`` or ``"delete"`` on ``as_of``.
        determined: Whether ``delete_on`` rests on encoded rules (false while a ``U``
            option is left to the controller or the date cannot be known yet).
        rules: The ids of the schedule rows applied.
        confidence: The weakest confidence mark of those rows (``"P"``, ``"S"``, ``"U"``).
        reasons: Every step, with its article.
    """

    category: DataCategory
    record: str
    claim_id: str | None
    archive_on: pendulum.Date | None
    delete_on: pendulum.Date | None
    phase: str
    determined: bool
    rules: tuple[str, ...]
    confidence: str
    reasons: tuple[Reason, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-compatible dict (dates as ISO strings)."""
        return {
            "category": self.category.value,
            "record": self.record,
            "claim_id": self.claim_id,
            "archive_on": _iso(self.archive_on),
            "delete_on": _iso(self.delete_on),
            "phase": self.phase,
            "determined": self.determined,
            "rules": list(self.rules),
            "confidence": self.confidence,
            "reasons": [r.to_dict() for r in self.reasons],
        }


@attrs.frozen(slots=True, kw_only=True)
class CategoryRetention:
    """The retention of one data category for one debtor.

    Attributes:
        category: The [`DataCategory`][recouvrement.retention.schedule.DataCategory].
        archive_on: The day its last record moves to the archive, or ``None`` when a
            record is still active with no known end (or there is no record).
        delete_on: The day its last record must be deleted or anonymised, or ``None``
            when one of them is undetermined (or there is no record).
        phase: The most active phase of its records (``"none"`` without records).
        determined: Whether every record's ``delete_on`` is determined.
        confidence: The weakest confidence mark of its records.
        records: The records, in claim order.
        reasons: Why, for the category as a whole.
    """

    category: DataCategory
    archive_on: pendulum.Date | None
    delete_on: pendulum.Date | None
    phase: str
    determined: bool
    confidence: str
    records: tuple[RecordRetention, ...] = ()
    reasons: tuple[Reason, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-compatible dict (dates as ISO strings)."""
        return {
            "category": self.category.value,
            "archive_on": _iso(self.archive_on),
            "delete_on": _iso(self.delete_on),
            "phase": self.phase,
            "determined": self.determined,
            "confidence": self.confidence,
            "records": [r.to_dict() for r in self.records],
            "reasons": [r.to_dict() for r in self.reasons],
        }


@attrs.frozen(slots=True, kw_only=True)
class DebtorRetention:
    """The retention deadlines of one debtor's data, on one date.

    Attributes:
        debtor_id: The debtor's id.
        as_of: The date computed for.
        jurisdiction: Whose schedule was applied.
        schedule_version: The version of that schedule.
        financial_year_end: The creditor's financial-year closing day (``"MM-DD"``).
        choices: The [`RetentionChoices`][recouvrement.retention.schedule.RetentionChoices]
            applied.
        categories: One entry per data category, in schedule order.
        reasons: What applies to the debtor as a whole.
    """

    debtor_id: str
    as_of: pendulum.Date
    jurisdiction: str
    schedule_version: str
    financial_year_end: str
    choices: RetentionChoices
    categories: tuple[CategoryRetention, ...]
    reasons: tuple[Reason, ...] = ()

    def category(self, category: Any) -> CategoryRetention:
        """The entry of one category (a `DataCategory` or its value)."""
        for entry in self.categories:
            if entry.category == category or entry.category.value == category:
                return entry
        raise InvalidValue("category", category, "not a data category of the schedule")

    @property
    def records(self) -> tuple[RecordRetention, ...]:
        """Every record, category by category."""
        return tuple(r for c in self.categories for r in c.records)

    def rows(self) -> list[dict[str, Any]]:
        """Flat rows for a table or a CSV file (one per record)."""
        return [
            {
                "debtor_id": self.debtor_id,
                "category": r.category.value,
                "record": r.record,
                "claim_id": r.claim_id or "",
                "phase": r.phase,
                "archive_on": _iso(r.archive_on) or "",
                "delete_on": _iso(r.delete_on) or "",
                "determined": r.determined,
                "confidence": r.confidence,
                "basis": "; ".join(sorted({str(x.citation) for x in r.reasons if x.citation})),
            }
            for r in self.records
        ]

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-compatible dict (dates as ISO strings)."""
        return {
            "debtor_id": self.debtor_id,
            "as_of": self.as_of.isoformat(),
            "jurisdiction": self.jurisdiction,
            "schedule_version": self.schedule_version,
            "financial_year_end": self.financial_year_end,
            "choices": self.choices.to_dict(),
            "categories": [c.to_dict() for c in self.categories],
            "reasons": [r.to_dict() for r in self.reasons],
        }


# -- the state of one file -----------------------------------------------------------------


@attrs.frozen(slots=True, kw_only=True)
class _File:
    claim: Claim
    closed_on: pendulum.Date | None
    # "payment", "credit_note" (credit notes only), "payment_and_credit_note",
    # "write_off", "cancellation", "time_barred"
    closed_by: str | None
    barred_from: pendulum.Date | None  # the first day the claim is time-barred, if known
    basis: Citation
    litigated: bool
    judgment_on: pendulum.Date | None
    litigation_end: pendulum.Date | None

    @property
    def extinguished(self) -> bool:
        """Closed by payment in full or cancellation: nothing more can be claimed."""
        return self.closed_by in _EXTINGUISHED


_EXTINGUISHED = frozenset({"payment", "credit_note", "payment_and_credit_note", "cancellation"})


def _settled_by(claim: Claim, settled: pendulum.Date) -> str:
    """How the balance reached zero by ``settled``, as recorded: payments, credit notes, or
    both (a credit note is not a payment)."""
    paid = any(p.on <= settled for p in claim.payments)
    credited = any(c.on <= settled for c in claim.credit_notes)
    if credited:
        return "payment_and_credit_note" if paid else "credit_note"
    return "payment"


def _file(claim: Claim, as_of: pendulum.Date) -> _File:
    prescription = prescription_deadline(claim, as_of=as_of)
    known = prescription.running or prescription.time_barred
    barred = from_ordinal(prescription.deadline.toordinal() + 1) if known else None
    candidates: list[tuple[pendulum.Date, str]] = []
    settled = claim.settled_on()
    if settled is not None and settled <= as_of:
        candidates.append((settled, _settled_by(claim, settled)))
    for event in claim.events:
        if isinstance(event, WriteOff) and event.on <= as_of:
            candidates.append((event.on, "write_off"))
        elif isinstance(event, Cancellation) and event.on <= as_of:
            candidates.append((event.on, "cancellation"))
    if prescription.time_barred and barred is not None:
        candidates.append((barred, "time_barred"))
    closed = min(candidates, key=lambda c: c[0].toordinal()) if candidates else None
    actions = list(claim.events_of(LegalAction, as_of=as_of))
    judgments = claim.events_of(Judgment, as_of=as_of)
    ends = [a.ended_on for a in actions if a.ended_on is not None and a.ended_on <= as_of]
    ends += [j.on for j in judgments]
    pending = any(a.ended_on is None or a.ended_on > as_of for a in actions) and not judgments
    return _File(
        claim=claim,
        closed_on=None if closed is None else closed[0],
        closed_by=None if closed is None else closed[1],
        barred_from=barred,
        basis=prescription.basis,
        litigated=bool(actions or judgments or claim.events_of(EnforcementAct, as_of=as_of)),
        judgment_on=max(j.on for j in judgments) if judgments else None,
        litigation_end=None if pending or not ends else max(ends),
    )


# -- building records ----------------------------------------------------------------------


def _phase(as_of: pendulum.Date, archive_on: Any, delete_on: Any) -> str:
    if delete_on is not None and delete_on <= as_of:
        return "delete"
    if archive_on is not None and archive_on <= as_of:
        return "archive"
    return "active"


# How a file was closed, in the words of the reasons (what the history records).
_HOW_CLOSED = {
    "payment": "paid in full",
    "credit_note": "cancelled by credit note",
    "payment_and_credit_note": "settled in full by payments and credit notes",
    "write_off": "written off",
    "cancellation": "cancelled",
    "time_barred": "time-barred (the collection purpose ended)",
}


def _closure_reason(file: _File, rule: RetentionRule) -> Reason:
    if file.closed_on is None:
        return Reason(
            "retention.active",
            f"Claim {file.claim.id} is open: its data stay in the active base until the file "
            "is closed (payment in full, write-off or cancellation)",
            citation=rule.citation,
        )
    how = _HOW_CLOSED[file.closed_by or "payment"]
    return Reason(
        "retention.closed",
        f"Claim {file.claim.id} was {how} on {file.closed_on.isoformat()}: its data move to the "
        "intermediate archive, consulted only by authorised persons for a stated reason",
        citation=_CNIL_PHASES,
        facts={"closed_on": file.closed_on, "closed_by": file.closed_by},
    )


def _before_table(rules: list[RetentionRule], start: pendulum.Date) -> list[Reason]:
    """Rules applied to a phase that started before the row's ``effective_from``."""
    return [
        Reason(
            "retention.before_table",
            f"Rule {rule.id} is in the schedule from {rule.effective_from.isoformat()} "
            f"({rule.effective_from_confidence}); this phase started on {start.isoformat()}: "
            "the older law is not in the schedule, check it",
            citation=rule.citation,
            facts={"effective_from": rule.effective_from, "phase_start": start},
        )
        for rule in rules
        if start < rule.effective_from
        or (rule.effective_to is not None and start > rule.effective_to)
    ]


def _record(
    category: DataCategory,
    record: str,
    file: _File | None,
    as_of: pendulum.Date,
    archive_on: pendulum.Date | None,
    delete_on: pendulum.Date | None,
    rules: list[RetentionRule],
    reasons: list[Reason],
    *,
    determined: bool = True,
) -> RecordRetention:
    # A record of a claim that can still be litigated is never deleted (GDPR 17(3)(e)).
    if (
        file is not None
        and delete_on is not None
        and delete_on <= as_of
        and file.closed_on is None
        and (file.barred_from is None or file.barred_from > as_of)
    ):
        reasons.append(
            Reason(
                "retention.legal_claims",
                f"Its period ended on {delete_on.isoformat()}, but claim {file.claim.id} is "
                "still open and can be litigated: kept for the defence of legal claims",
                citation=_GDPR_17,
            )
        )
        delete_on, determined = None, False
    # Options listed but not chosen are not applied: they are not checked either.
    applied = [r for r in rules if determined or r.option is None]
    reasons.extend(_before_table(applied, archive_on or as_of))
    return RecordRetention(
        category=category,
        record=record,
        claim_id=None if file is None else file.claim.id,
        archive_on=archive_on,
        delete_on=delete_on,
        phase=_phase(as_of, archive_on, delete_on),
        determined=determined and delete_on is not None,
        rules=tuple(r.id for r in rules),
        confidence=_weakest(_rule_confidence(r) for r in rules),
        reasons=tuple(reasons),
    )


def _accounting(
    files: list[_File], schedule: RetentionSchedule, fy: FinancialYear, as_of: pendulum.Date
) -> list[RecordRetention]:
    active = schedule.rule("accounting_records.active")
    archive = schedule.rule("accounting_records.archive")
    floor = schedule.rule("accounting_records.tax_floor")
    found = []
    for file in files:
        claim = file.claim
        documents = [(f"invoice {claim.id}", claim.issued_on)]
        documents += [
            (f"credit note {c.reference or c.on.isoformat()} of {claim.id}", c.on)
            for c in claim.credit_notes
            if c.on <= as_of
        ]
        for label, day in documents:
            closing = fy.closing(day)
            delete_on = add_months(closing, archive.months or 0)
            tax = add_months(day, floor.months or 0)
            reasons = [
                _closure_reason(file, active),
                Reason(
                    "retention.accounting",
                    f"Accounting document: kept {archive.duration} from the close of its financial "
                    f"year ({closing.isoformat()}), until {delete_on.isoformat()}; the start is "
                    "not in the text (practice: the financial-year close, S)",
                    citation=archive.citation,
                    facts={"financial_year_close": closing, "delete_on": delete_on},
                ),
                Reason(
                    "retention.tax_floor",
                    f"Tax inspection: {floor.duration} from the document date, until "
                    f"{tax.isoformat()}: absorbed by the accounting period",
                    citation=floor.citation,
                    facts={"tax_floor": tax},
                ),
            ]
            delete_on = max(delete_on, tax)
            found.append(
                _record(
                    DataCategory.ACCOUNTING_RECORDS,
                    label,
                    file,
                    as_of,
                    file.closed_on,
                    delete_on,
                    [active, archive, floor],
                    reasons,
                )
            )
    return found


def _payments(
    files: list[_File], schedule: RetentionSchedule, fy: FinancialYear, as_of: pendulum.Date
) -> list[RecordRetention]:
    active = schedule.rule("payments.active")
    archive = schedule.rule("payments.archive")
    found = []
    for file in files:
        for payment in file.claim.payments:
            if payment.on > as_of:
                continue
            closing = fy.closing(payment.on)
            delete_on = add_months(closing, archive.months or 0)
            reasons = [
                _closure_reason(file, active),
                Reason(
                    "retention.payment",
                    f"Payment receipt (an accounting document): kept {archive.duration} from the "
                    f"close of its financial year ({closing.isoformat()}), until "
                    f"{delete_on.isoformat()}",
                    citation=archive.citation,
                    facts={"financial_year_close": closing, "delete_on": delete_on},
                ),
            ]
            found.append(
                _record(
                    DataCategory.PAYMENTS,
                    f"payment {payment.on.isoformat()} of {file.claim.id}",
                    file,
                    as_of,
                    file.closed_on,
                    delete_on,
                    [active, archive],
                    reasons,
                )
            )
    return found


def _until_barred(file: _File, rule: RetentionRule, what: str) -> tuple[Any, Reason]:
    if file.barred_from is None:
        return None, Reason(
            "retention.prescription_not_running",
            f"{what}: kept until claim {file.claim.id} is time-barred; its prescription is not "
            "running (proceedings pending or a suspension going on), so the day is not known yet",
            citation=rule.citation,
        )
    return file.barred_from, Reason(
        "retention.until_barred",
        f"{what}: kept while claim {file.claim.id} can be litigated, deleted when it is "
        f"time-barred on {file.barred_from.isoformat()} ({file.basis})",
        citation=rule.citation,
        facts={"barred_from": file.barred_from, "prescription_basis": str(file.basis)},
    )


def _evidence_record(
    category: DataCategory,
    label: str,
    file: _File,
    schedule: RetentionSchedule,
    choices: RetentionChoices,
    active: RetentionRule,
    as_of: pendulum.Date,
) -> RecordRetention:
    """An evidence record: active until the file closes, deleted on `_evidence_dates`."""
    day, rules, reasons, determined = _evidence_dates(file, schedule, category.value, choices)
    return _record(
        category,
        label,
        file,
        as_of,
        file.closed_on,
        day,
        [active, *rules],
        [_closure_reason(file, active), *reasons],
        determined=determined,
    )


def _evidence_dates(
    file: _File, schedule: RetentionSchedule, category: str, choices: RetentionChoices
) -> tuple[Any, list[RetentionRule], list[Reason], bool]:
    """The delete date of a file's evidence (letters, notes, disputes not settled amicably)."""
    if not file.extinguished:
        rule = schedule.rule(f"{category}.archive.unpaid")
        day, reason = _until_barred(file, rule, "Pre-litigation data of an unpaid claim")
        return day, [rule], [reason], True
    option = choices.evidence_after_payment
    if option is None:
        rules = [r for r in schedule.options("evidence_after_payment") if r.category == category]
        listed = "; ".join(f"{r.value!r}: {r.description}" for r in rules)
        reason = Reason(
            "retention.controller_choice",
            f"Claim {file.claim.id} was {_HOW_CLOSED[file.closed_by or 'payment']}: how long its "
            "evidence is kept is not settled "
            f"(U). Set RetentionChoices.evidence_after_payment: {listed}",
            citation=Citation("CNIL", "référentiel 2021-131 §7"),
        )
        return None, rules, [reason], False
    rule = schedule.rule(f"{category}.archive.{option}")
    assert file.closed_on is not None
    if option == "debtor_claims":
        day = add_months(file.closed_on, rule.months or 0)
        reason = Reason(
            "retention.option.debtor_claims",
            f"Option chosen by the controller (U): {rule.duration} from closure, until "
            f"{day.isoformat()}, for claims the debtor could bring after the file was closed",
            citation=rule.citation,
            facts={"delete_on": day},
        )
        return day, [rule], [reason], True
    day, reason = _until_barred(file, rule, "Option chosen by the controller (U)")
    return day, [rule], [reason], day is not None


def _evidence(
    files: list[_File],
    schedule: RetentionSchedule,
    category: DataCategory,
    choices: RetentionChoices,
    as_of: pendulum.Date,
) -> list[RecordRetention]:
    """Reminders and letters, or call notes: one record per file."""
    active = schedule.rule(f"{category.value}.active")
    found = []
    for file in files:
        if category is DataCategory.REMINDERS_LETTERS:
            letters = file.claim.events_of((Reminder, FormalNotice), as_of=as_of)
            if not letters:
                continue
            label = f"{len(letters)} reminder(s) and letter(s) of {file.claim.id}"
        else:
            label = f"call notes and free text of {file.claim.id}"
        found.append(_evidence_record(category, label, file, schedule, choices, active, as_of))
    return found


def _disputes(
    files: list[_File], schedule: RetentionSchedule, choices: RetentionChoices, as_of: pendulum.Date
) -> list[RecordRetention]:
    active = schedule.rule("disputes.active")
    amicable = schedule.rule("disputes.archive.amicable")
    found = []
    for file in files:
        for dispute in file.claim.events_of(Dispute, as_of=as_of):
            label = f"dispute of {file.claim.id} opened {dispute.opened_on.isoformat()}"
            closed = dispute.closed_on
            if (
                closed is not None
                and closed <= as_of
                and file.extinguished
                and file.closed_on is not None
                and not file.litigated
            ):
                settled = max(closed, file.closed_on)
                reason = Reason(
                    "retention.amicable_settlement",
                    f"Dispute closed on {closed.isoformat()} and file settled without a court "
                    f"action on {file.closed_on.isoformat()}: deleted on amicable settlement, "
                    f"{settled.isoformat()} (AU-046, not binding since 2018: CNIL doctrine)",
                    citation=amicable.citation,
                    facts={"dispute_closed_on": closed, "settled_on": settled},
                )
                found.append(
                    _record(
                        DataCategory.DISPUTES,
                        label,
                        file,
                        as_of,
                        settled,
                        settled,
                        [active, amicable],
                        [reason],
                    )
                )
                continue
            found.append(
                _evidence_record(
                    DataCategory.DISPUTES, label, file, schedule, choices, active, as_of
                )
            )
    return found


def _plans(
    files: list[_File], schedule: RetentionSchedule, as_of: pendulum.Date
) -> list[RecordRetention]:
    active = schedule.rule("payment_plans.active")
    archive = schedule.rule("payment_plans.archive")
    found = []
    for file in files:
        for event in file.claim.events_of((PaymentPlan, PaymentPromise), as_of=as_of):
            kind = "payment plan" if isinstance(event, PaymentPlan) else "payment promise"
            evidence = schedule.message(
                "payment_plans.evidence", "A {kind} is evidence of an acknowledgment", kind=kind
            )
            day, reason = _until_barred(file, archive, evidence)
            found.append(
                _record(
                    DataCategory.PAYMENT_PLANS,
                    f"{kind} of {file.claim.id} of {event.date.isoformat()}",
                    file,
                    as_of,
                    file.closed_on,
                    day,
                    [active, archive],
                    [_closure_reason(file, active), reason],
                )
            )
    return found


def _message_citation(schedule: RetentionSchedule, key: str) -> Citation | None:
    """The citation the schedule's ``[message]`` table gives sentence ``key``, if any."""
    code = schedule.message(f"{key}.code")
    return Citation(code, schedule.message(f"{key}.article")) if code else None


def _litigation_dates(
    file: _File, schedule: RetentionSchedule, choices: RetentionChoices
) -> tuple[Any, list[RetentionRule], Reason, bool]:
    option = choices.litigation
    if option is None:
        rules = list(schedule.options("litigation"))
        return (
            None,
            rules,
            Reason(
                "retention.controller_choice",
                schedule.message(
                    "litigation.choose",
                    "Court and enforcement file: not computable (U). Set "
                    "RetentionChoices.litigation to 'extraordinary_remedies' or "
                    "'enforcement_prescription'",
                ),
                citation=_message_citation(schedule, "litigation.choose"),
            ),
            False,
        )
    rule = schedule.rule(f"litigation_enforcement.archive.{option}")
    if option == "enforcement_prescription":
        day, reason = _until_barred(file, rule, "Option chosen by the controller (U)")
        return day, [rule], reason, day is not None
    start = file.judgment_on
    if start is None:
        # Tierce opposition (CPC 586) lies against a judgment: without one recorded, the
        # period has no start (proceedings that ended without a judgment included).
        ended = file.litigation_end
        why = (
            "no judgment or end of the proceedings is recorded yet"
            if ended is None
            else f"the proceedings ended on {ended.isoformat()} and no judgment is recorded"
        )
        return (
            None,
            [rule],
            Reason(
                "retention.litigation_pending" if ended is None else "retention.no_judgment",
                f"Option chosen (U): 30 years from the judgment (tierce opposition); {why}: no "
                "date is computed",
                citation=rule.citation,
                facts={} if ended is None else {"litigation_end": ended},
            ),
            False,
        )
    day = add_months(start, rule.months or 0)
    return (
        day,
        [rule],
        Reason(
            "retention.option.extraordinary_remedies",
            f"Option chosen by the controller (U): {rule.duration} from the judgment of "
            f"{start.isoformat()} (tierce opposition), until {day.isoformat()}",
            citation=rule.citation,
            facts={"judgment_on": start, "delete_on": day},
        ),
        True,
    )


def _litigation(
    files: list[_File], schedule: RetentionSchedule, choices: RetentionChoices, as_of: pendulum.Date
) -> list[RecordRetention]:
    active = schedule.rule("litigation_enforcement.active")
    found = []
    for file in files:
        if not file.litigated:
            continue
        archive_on = file.closed_on
        if archive_on is not None and file.litigation_end is not None:
            archive_on = max(archive_on, file.litigation_end)
        elif file.litigation_end is None:
            archive_on = None
        reasons = [
            Reason(
                "retention.litigation_active",
                "Court and enforcement file: active until the proceedings end and, after a "
                "judgment, until it is enforced (payment in full or write-off)"
                + ("" if archive_on is None else f"; archived on {archive_on.isoformat()}"),
                citation=active.citation,
                facts={"end_of_litigation": file.litigation_end, "closed_on": file.closed_on},
            )
        ]
        day, rules, reason, determined = _litigation_dates(file, schedule, choices)
        found.append(
            _record(
                DataCategory.LITIGATION_ENFORCEMENT,
                f"court and enforcement file of {file.claim.id}",
                file,
                as_of,
                archive_on,
                day,
                [active, *rules],
                [*reasons, reason],
                determined=determined,
            )
        )
    return found


def _bank(
    files: list[_File],
    schedule: RetentionSchedule,
    means: str | None,
    choices: RetentionChoices,
    as_of: pendulum.Date,
) -> list[RecordRetention]:
    if means is None:
        return []
    if means in ("card", "card_deferred_debit"):
        rule = schedule.rule(f"bank_details.{means}")
        found = []
        for file in files:
            for payment in file.claim.payments:
                if payment.on > as_of:
                    continue
                day = add_months(payment.on, rule.months or 0)
                reason = Reason(
                    "retention.card",
                    f"Card number and expiry only, for payment disputes: {rule.duration} from "
                    f"the debit, until {day.isoformat()}; the cryptogram is never kept after the "
                    "first transaction",
                    citation=rule.citation,
                    facts={"debit_on": payment.on, "delete_on": day},
                )
                found.append(
                    _record(
                        DataCategory.BANK_DETAILS,
                        f"card used {payment.on.isoformat()} for {file.claim.id}",
                        file,
                        as_of,
                        payment.on,
                        day,
                        [rule],
                        [reason],
                    )
                )
        return found
    return [_iban(files, schedule, choices, as_of)]


def _iban(
    files: list[_File], schedule: RetentionSchedule, choices: RetentionChoices, as_of: pendulum.Date
) -> RecordRetention:
    active = schedule.rule("bank_details.iban.active")
    archive = schedule.rule("bank_details.iban.archive")
    closures = [f.closed_on for f in files]
    archive_on = None if any(c is None for c in closures) else max(c for c in closures if c)
    months = choices.iban_months
    if months is None:
        day = None
        reason = Reason(
            "retention.controller_choice",
            schedule.message(
                "iban.choose",
                "IBAN or SEPA mandate: not computable (U). Set RetentionChoices.iban_months",
            ),
            citation=archive.citation,
        )
    else:
        day = None if archive_on is None else add_months(archive_on, months)
        reason = Reason(
            "retention.option.iban",
            f"Option chosen by the controller (U): {months} months after the last file closed",
            citation=archive.citation,
            facts={"iban_months": months},
        )
    return _record(
        DataCategory.BANK_DETAILS,
        "IBAN or SEPA mandate",
        None,
        as_of,
        archive_on,
        day,
        [active, archive],
        [reason],
        determined=months is not None,
    )


def _identity(
    files: list[_File],
    schedule: RetentionSchedule,
    others: list[RecordRetention],
    relationship: tuple[bool, pendulum.Date | None],
    as_of: pendulum.Date,
) -> RecordRetention:
    active = schedule.rule("debtor_identity.active")
    archive = schedule.rule("debtor_identity.archive")
    debtor = files[0].claim.debtor
    ongoing, ended_on = relationship
    closures = [f.closed_on for f in files]
    reasons: list[Reason] = []
    if debtor.kind is not PartyKind.INDIVIDUAL:
        reasons.append(
            Reason(
                "retention.legal_person",
                "The GDPR does not cover a legal person's name, form and contact details; a sole "
                "trader and named contact persons (name, direct email, phone) remain personal data",
                citation=_RECITAL_14,
            )
        )
    if ongoing or any(c is None for c in closures):
        why = "the client relationship continues" if ongoing else "a file is still open"
        reasons.append(
            Reason(
                "retention.identity_active",
                f"Identity and contacts: active, {why}",
                citation=active.citation,
            )
        )
        return _record(
            DataCategory.DEBTOR_IDENTITY,
            f"identity and contacts of {debtor.id}",
            None,
            as_of,
            None,
            None,
            [active, archive],
            reasons,
            determined=False,
        )
    archive_on = max(c for c in closures if c is not None)
    if ended_on is not None and ended_on > archive_on:
        archive_on = ended_on
    kept = [r for r in others if r.delete_on is not None]
    open_ended = sorted({r.category.value for r in others if r.delete_on is None})
    delete_on = max((r.delete_on for r in kept if r.delete_on is not None), default=archive_on)
    reasons.append(
        Reason(
            "retention.identity_reduced",
            f"Identity and contacts: archived on {archive_on.isoformat()} (last file closed, "
            "relationship over) and reduced to the fields that link the archived records; contact "
            f"details go. Deleted with the last record that needs them, on {delete_on.isoformat()}",
            citation=archive.citation,
            facts={"archive_on": archive_on, "delete_on": delete_on},
        )
    )
    if open_ended:
        reasons.append(
            Reason(
                "retention.identity_open_ended",
                f"Records with no determined end ({', '.join(open_ended)}) would keep the linking "
                "fields longer if you keep them: set the RetentionChoices",
                citation=archive.citation,
            )
        )
    return _record(
        DataCategory.DEBTOR_IDENTITY,
        f"identity and contacts of {debtor.id}",
        None,
        as_of,
        archive_on,
        delete_on,
        [active, archive],
        reasons,
        determined=not open_ended,
    )


def _category(category: DataCategory, records: list[RecordRetention]) -> CategoryRetention:
    if not records:
        return CategoryRetention(
            category=category,
            archive_on=None,
            delete_on=None,
            phase="none",
            determined=True,
            confidence="P",
            reasons=(
                Reason("retention.no_records", f"No {category.value} records in these claims"),
            ),
        )
    archives = [r.archive_on for r in records]
    deletes = [r.delete_on for r in records]
    return CategoryRetention(
        category=category,
        archive_on=None if None in archives else max(d for d in archives if d is not None),
        delete_on=None if None in deletes else max(d for d in deletes if d is not None),
        phase=min((r.phase for r in records), key=PHASES.index),
        determined=all(r.determined for r in records),
        confidence=_weakest(r.confidence for r in records),
        records=tuple(records),
    )


def _claims_of_one_debtor(claims: Any) -> list[Claim]:
    if isinstance(claims, Claim):
        claims = [claims]
    if isinstance(claims, str | bytes | Mapping) or not isinstance(claims, Iterable):
        raise InvalidType("claims", claims, "an iterable of Claim")
    items = list(claims)
    for index, claim in enumerate(items):
        if not isinstance(claim, Claim):
            raise InvalidType(f"claims[{index}]", claim, "Claim")
    if not items:
        raise InvalidValue("claims", items, "give at least one claim")
    debtors = sorted({c.debtor.id for c in items})
    if len(debtors) > 1:
        raise InvalidValue(
            "claims", debtors, "claims of one debtor only (use purge_plan for a ledger)"
        )
    return items


def _relationship(ongoing: Any, ended_on: Any) -> tuple[bool, pendulum.Date | None]:
    if not isinstance(ongoing, bool):
        raise InvalidType("ongoing_relationship", ongoing, "bool")
    day = to_optional_date(ended_on, "relationship_ended_on")
    if ongoing and day is not None:
        raise InvalidValue(
            "relationship_ended_on", day, "give an end date or ongoing_relationship=True, not both"
        )
    return ongoing, day


def _bank_means(value: Any) -> str | None:
    if value is not None and value not in BANK_DETAILS:
        raise InvalidValue("bank_details", value, f"one of {', '.join(BANK_DETAILS)} or None")
    return value  # type: ignore[no-any-return]


def _choices(value: Any) -> RetentionChoices:
    if value is None:
        return RetentionChoices()
    if isinstance(value, Mapping):
        return RetentionChoices(**value)
    if not isinstance(value, RetentionChoices):
        raise InvalidType("choices", value, "RetentionChoices, a mapping or None")
    return value


def _year(value: Any) -> FinancialYear:
    return value if isinstance(value, FinancialYear) else FinancialYear(value)


def _debtor_reasons(schedule: RetentionSchedule) -> tuple[Reason, ...]:
    return (
        Reason(
            "retention.storage_limitation",
            "Personal data are kept no longer than their purpose needs: active base, then "
            "intermediate archive (authorised persons only), then deletion or anonymisation",
            citation=_GDPR_5,
        ),
        Reason(
            "retention.schedule",
            f"Schedule {schedule.jurisdiction} {schedule.version}; CNIL référentiels are "
            "defaults the controller may depart from with a justification",
            citation=_CNIL_PHASES,
        ),
    )


def retention_deadlines(
    claims: Any,
    *,
    as_of: DateLike,
    financial_year_end: Any = "12-31",
    relationship_ended_on: Any = None,
    ongoing_relationship: bool = False,
    bank_details: str | None = None,
    choices: Any = None,
) -> DebtorRetention:
    """Return, for each data category, when one debtor's data go to the archive and go.

    Args:
        claims: The debtor's claims (one `Claim` or an iterable; one debtor only).
        as_of: The date (a date or an ISO string). Only what happened by then counts.
        financial_year_end: The creditor's financial-year closing day, ``"MM-DD"`` (or a
            [`FinancialYear`][recouvrement.retention.schedule.FinancialYear]); the calendar
            year (``"12-31"``) by default.
        relationship_ended_on: The end of the commercial relationship when it outlasted the
            files; ``None`` when it ended with them.
        ongoing_relationship: The debtor is still a client: identity and contacts stay active.
        bank_details: How the debtor paid, for the bank-details category: ``"card"``,
            ``"card_deferred_debit"``, ``"iban"``, or ``None`` when no bank details are held.
        choices: The controller's [`RetentionChoices`][recouvrement.retention.schedule.RetentionChoices]
            for the unsettled (``U``) rules, or a mapping of them.

    Raises:
        InvalidType: A claim is not a `Claim`, a parameter has the wrong type.
        InvalidValue: No claim, claims of several debtors, a bad option.
        UnsupportedJurisdiction: No retention schedule for the claims' jurisdiction.

    Examples:
        >>> import recouvrement as rc
        >>> shop = rc.Creditor(id="C1", name="Shop SAS", kind="professional")
        >>> paul = rc.Debtor(id="D2", name="Paul Petit", kind="individual")
        >>> unpaid = rc.Claim(id="F-9", creditor=shop, debtor=paul, nature="consumer",
        ...                   amount="80", issued_on="2021-01-05", due_on="2021-01-15",
        ...                   events=[rc.Reminder(on="2021-02-01", channel="letter")])
        >>> letters = retention_deadlines(unpaid, as_of="2024-01-01").category("reminders_letters")
        >>> letters.delete_on, letters.phase, letters.confidence
        (Date(2023, 1, 16), 'delete', 'P')
    """
    items = _claims_of_one_debtor(claims)
    day = to_date(as_of, "as_of")
    fy = _year(financial_year_end)
    relationship = _relationship(ongoing_relationship, relationship_ended_on)
    means = _bank_means(bank_details)
    chosen = _choices(choices)
    jurisdictions = sorted({c.jurisdiction for c in items})
    if len(jurisdictions) > 1:
        raise InvalidValue("claims", jurisdictions, "claims under one jurisdiction only")
    schedule = retention_schedule(jurisdictions[0])
    files = [_file(c, day) for c in items]
    by_category: dict[DataCategory, list[RecordRetention]] = {
        DataCategory.ACCOUNTING_RECORDS: _accounting(files, schedule, fy, day),
        DataCategory.PAYMENTS: _payments(files, schedule, fy, day),
        DataCategory.REMINDERS_LETTERS: _evidence(
            files, schedule, DataCategory.REMINDERS_LETTERS, chosen, day
        ),
        DataCategory.CALL_NOTES: _evidence(files, schedule, DataCategory.CALL_NOTES, chosen, day),
        DataCategory.DISPUTES: _disputes(files, schedule, chosen, day),
        DataCategory.PAYMENT_PLANS: _plans(files, schedule, day),
        DataCategory.LITIGATION_ENFORCEMENT: _litigation(files, schedule, chosen, day),
        DataCategory.BANK_DETAILS: _bank(files, schedule, means, chosen, day),
    }
    others = [
        r
        for records in by_category.values()
        for r in records
        if r.category is not DataCategory.BANK_DETAILS
    ]
    by_category[DataCategory.DEBTOR_IDENTITY] = [
        _identity(files, schedule, others, relationship, day)
    ]
    return DebtorRetention(
        debtor_id=items[0].debtor.id,
        as_of=day,
        jurisdiction=schedule.jurisdiction,
        schedule_version=schedule.version,
        financial_year_end=fy.end,
        choices=chosen,
        categories=tuple(_category(c, by_category[c]) for c in DataCategory),
        reasons=_debtor_reasons(schedule),
    )
