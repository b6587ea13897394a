"""The retention schedule: data categories, phases, triggers and the caller's choices.

The schedule is data: ``jurisdictions/fr/data/retention.toml`` holds one row per phase of a
data category, with its duration, the event that starts it, its article or CNIL
publication, its confidence mark and its effective dates. Rows marked ``U`` (unconfirmed)
are never applied by default: each is an *option* the controller chooses through
[`RetentionChoices`][recouvrement.retention.schedule.RetentionChoices].

Examples:
    >>> from recouvrement.retention import retention_schedule
    >>> schedule = retention_schedule("FR")
    >>> rule = schedule.rule("accounting_records.archive")
    >>> rule.months, str(rule.citation), rule.confidence, rule.trigger.value
    (120, 'C. com. L123-22', 'P', 'financial_year_end')
    >>> [r.id for r in schedule.options("evidence_after_payment")][:2]
    ['reminders_letters.archive.debtor_claims', 'reminders_letters.archive.claim_prescription']
"""

from __future__ import annotations

import tomllib
from enum import Enum
from functools import lru_cache
from importlib import resources
from typing import Any

import attrs
import pendulum

from .._convert import to_date, to_enum
from ..calendar import add_months
from ..errors import InvalidType, InvalidValue, UnsupportedJurisdiction
from ..explain import Citation

__all__ = [
    "CONFIDENCE_ORDER",
    "EVIDENCE_OPTIONS",
    "LITIGATION_OPTIONS",
    "DataCategory",
    "FinancialYear",
    "RetentionChoices",
    "RetentionRule",
    "RetentionSchedule",
    "RetentionTrigger",
    "retention_schedule",
]

#: Confidence marks, weakest first (a result carries the weakest mark it rests on).
CONFIDENCE_ORDER = ("U", "S", "P")

#: The values of ``RetentionChoices.evidence_after_payment``.
EVIDENCE_OPTIONS = ("debtor_claims", "claim_prescription")

#: The values of ``RetentionChoices.litigation``.
LITIGATION_OPTIONS = ("enforcement_prescription", "extraordinary_remedies")


class DataCategory(str, Enum):
    """The categories of personal data a collections ledger holds."""

    DEBTOR_IDENTITY = "debtor_identity"
    """Debtor identity and contact data (name, id, address, phone, email)."""
    ACCOUNTING_RECORDS = "accounting_records"
    """Invoices, credit notes and other accounting documents."""
    PAYMENTS = "payments"
    """Payments received (receipts, payment history)."""
    REMINDERS_LETTERS = "reminders_letters"
    """Reminders (relances), R124-4 letters and formal notices (mises en demeure)."""
    CALL_NOTES = "call_notes"
    """Call notes and other free-text fields (zones bloc-notes)."""
    DISPUTES = "disputes"
    """Disputes (litiges) and the pre-litigation file (précontentieux)."""
    PAYMENT_PLANS = "payment_plans"
    """Payment plans (échéanciers) and payment promises."""
    LITIGATION_ENFORCEMENT = "litigation_enforcement"
    """Court files, judgments and enforcement acts (contentieux, exécution)."""
    BANK_DETAILS = "bank_details"
    """Bank details: payment-card number and expiry, IBAN or SEPA mandate."""


class RetentionTrigger(str, Enum):
    """The events that start (or end) a retention phase."""

    CLOSURE = "closure"
    """The file is closed: payment in full, write-off or cancellation of the claim."""
    RELATIONSHIP_END = "relationship_end"
    """The end of the commercial relationship."""
    FINANCIAL_YEAR_END = "financial_year_end"
    """The close of the financial year the record belongs to."""
    DOCUMENT_DATE = "document_date"
    """The date of the document."""
    PAYMENT_DATE = "payment_date"
    """The date of the payment (the debit)."""
    AMICABLE_SETTLEMENT = "amicable_settlement"
    """A dispute settled without a court action."""
    END_OF_LITIGATION = "end_of_litigation"
    """The judgment, or the end of the proceedings."""
    END_OF_LIMITATION = "end_of_limitation"
    """The claim becomes time-barred (the prescription engine)."""
    LAST_LINKED_RECORD = "last_linked_record"
    """The end of retention of the last archived record that needs the data."""


@attrs.frozen(slots=True, kw_only=True)
class RetentionRule:
    """One row of the retention schedule: one phase of one data category.

    Attributes:
        id: The rule id (``"accounting_records.archive"``).
        category: The [`DataCategory`][recouvrement.retention.schedule.DataCategory].
        phase: ``"active"`` (ends at ``trigger``; the data then move to the intermediate
            archive) or ``"archive"`` (ends ``months`` after ``trigger``; the data are then
            deleted or anonymised).
        trigger: The [`RetentionTrigger`][recouvrement.retention.schedule.RetentionTrigger]
            the phase is counted from.
        months: The duration after the trigger, or ``None`` when the trigger sets it.
        citation: The article or CNIL publication.
        publication: The CNIL publication, in words, when there is one.
        confidence: ``"P"``, ``"S"`` or ``"U"`` for the rule.
        trigger_confidence: The confidence mark of the trigger, when weaker.
        option: For a ``U`` rule, the `RetentionChoices` field that selects it.
        value: The value of that field that selects it.
        source: Where the reference read it.
        effective_from: The first day the row applies to.
        effective_to: The last day, or ``None``.
        effective_from_confidence: The confidence mark of ``effective_from``.
        description: What the rule says.
    """

    id: str
    category: DataCategory
    phase: str
    trigger: RetentionTrigger
    months: int | None
    citation: Citation
    publication: str = ""
    confidence: str
    trigger_confidence: str | None = None
    option: str | None = None
    value: str | None = None
    source: str
    effective_from: pendulum.Date
    effective_to: pendulum.Date | None = None
    effective_from_confidence: str = "P"
    description: str

    @property
    def duration(self) -> str:
        """The duration in words (``"10 years"``, ``"13 months"``, ``"at the trigger"``)."""
        if self.months is None:
            return "set by the trigger"
        if self.months == 0:
            return "at the trigger"
        if self.months % 12 == 0:
            years = self.months // 12
            return f"{years} year" if years == 1 else f"{years} years"
        return f"{self.months} months"

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-compatible dict (a row of ``recouvrement retention --schedule``)."""
        return {
            "id": self.id,
            "category": self.category.value,
            "phase": self.phase,
            "trigger": self.trigger.value,
            "months": self.months,
            "duration": self.duration,
            "citation": self.citation.to_dict(),
            "publication": self.publication,
            "confidence": self.confidence,
            "trigger_confidence": self.trigger_confidence,
            "option": self.option,
            "value": self.value,
            "source": self.source,
            "effective_from": self.effective_from.isoformat(),
            "effective_to": None if self.effective_to is None else self.effective_to.isoformat(),
            "effective_from_confidence": self.effective_from_confidence,
            "description": self.description,
        }


@attrs.frozen(slots=True, kw_only=True)
class RetentionSchedule:
    """A jurisdiction's retention schedule, read from its data file.

    Attributes:
        jurisdiction: The ISO code (``"FR"``).
        version: The date the schedule was checked against the reference.
        rules: The rows, in file order.
        messages: The sentences of this law the engine shows, by key (the file's
            ``[message]`` table), as ``(key, text)`` pairs.
    """

    jurisdiction: str
    version: str
    rules: tuple[RetentionRule, ...]
    messages: tuple[tuple[str, str], ...] = ()

    def message(self, key: str, default: str = "", **values: Any) -> str:
        """The sentence ``key`` of this schedule's law, its ``{name}`` fields filled in.

        ``default`` (filled in the same way) when the jurisdiction has no such sentence.

        Examples:
            >>> retention_schedule("FR").message("payment_plans.evidence", kind="payment plan")
            'A payment plan is evidence of an acknowledgment (C. civ. 2240)'
        """
        text = dict(self.messages).get(key, default)
        return text.format(**values) if values else text

    def rule(self, rule_id: str) -> RetentionRule:
        """The row ``rule_id``.

        Raises:
            InvalidValue: No row has that id.
        """
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise InvalidValue("rule_id", rule_id, "no such row in the retention schedule")

    def for_category(self, category: Any) -> tuple[RetentionRule, ...]:
        """The rows of one category, in file order."""
        wanted = to_enum(DataCategory, category, "category")
        return tuple(r for r in self.rules if r.category is wanted)

    def options(self, option: str) -> tuple[RetentionRule, ...]:
        """The ``U`` rows selected by the `RetentionChoices` field ``option``."""
        return tuple(r for r in self.rules if r.option == option)

    def rows(self) -> list[dict[str, Any]]:
        """Flat rows for a table or a CSV file (one per rule)."""
        return [
            {
                "category": r.category.value,
                "phase": r.phase,
                "rule": r.id,
                "trigger": r.trigger.value,
                "duration": r.duration,
                "citation": str(r.citation),
                "confidence": r.confidence,
                "option": "" if r.option is None else f"{r.option}={r.value or '<months>'}",
                "effective_from": r.effective_from.isoformat(),
            }
            for r in self.rules
        ]

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-compatible dict."""
        return {
            "jurisdiction": self.jurisdiction,
            "version": self.version,
            "rules": [r.to_dict() for r in self.rules],
        }


def _optional_date(value: Any) -> pendulum.Date | None:
    return None if value is None else pendulum.Date.fromisoformat(value)


def _rule(data: dict[str, Any]) -> RetentionRule:
    months = data.get("months")
    return RetentionRule(
        id=data["id"],
        category=DataCategory(data["category"]),
        phase=data["phase"],
        trigger=RetentionTrigger(data["trigger"]),
        months=None if months is None else int(months),
        citation=Citation(data["code"], data["article"], note=data.get("paragraph")),
        publication=data.get("publication", ""),
        confidence=data["confidence"],
        trigger_confidence=data.get("trigger_confidence"),
        option=data.get("option"),
        value=data.get("value"),
        source=data["source"],
        effective_from=pendulum.Date.fromisoformat(data["effective_from"]),
        effective_to=_optional_date(data.get("effective_to")),
        effective_from_confidence=data.get("effective_from_confidence", "P"),
        description=data["description"],
    )


@lru_cache(maxsize=1)
def _french_schedule() -> RetentionSchedule:
    path = resources.files("recouvrement.jurisdictions.fr").joinpath("data/retention.toml")
    data = tomllib.loads(path.read_text("utf-8"))
    return RetentionSchedule(
        jurisdiction=str(data["jurisdiction"]),
        version=str(data["version"]),
        rules=tuple(_rule(item) for item in data["rule"]),
        messages=tuple((str(k), str(v)) for k, v in data.get("message", {}).items()),
    )


_SCHEDULES = {"FR": _french_schedule}


def retention_schedule(jurisdiction: str = "FR") -> RetentionSchedule:
    """The retention schedule of ``jurisdiction`` (read once from its data file).

    Raises:
        UnsupportedJurisdiction: No schedule exists for the code.

    Examples:
        >>> schedule = retention_schedule()
        >>> sorted({r.category.value for r in schedule.rules})[:3]
        ['accounting_records', 'bank_details', 'call_notes']
        >>> retention_schedule("DE")
        Traceback (most recent call last):
        ...
        recouvrement.errors.UnsupportedJurisdiction: jurisdiction='DE': no rules available (supported: 'FR')
    """
    if not isinstance(jurisdiction, str):
        raise InvalidType("jurisdiction", jurisdiction, "str")
    loader = _SCHEDULES.get(jurisdiction.upper())
    if loader is None:
        raise UnsupportedJurisdiction(jurisdiction)
    return loader()


# -- the financial year -----------------------------------------------------------------------


def _to_year_end(value: Any) -> tuple[int, int]:
    if not isinstance(value, str):
        raise InvalidType("financial_year_end", value, "a 'MM-DD' string such as '12-31'")
    text = value.strip()
    parts = text.split("-")
    if len(parts) != 2 or not all(p.isdigit() and len(p) == 2 for p in parts):
        raise InvalidValue("financial_year_end", value, "expected 'MM-DD', such as '12-31'")
    month, day = int(parts[0]), int(parts[1])
    try:
        pendulum.Date(2023, month, day)  # a common year: 29 February is refused
    except ValueError:
        raise InvalidValue(
            "financial_year_end", value, "not a day of a common year ('02-29' is refused)"
        ) from None
    return month, day


@attrs.frozen(slots=True)
class FinancialYear:
    """The creditor's financial year (exercice comptable), by the day it closes.

    Attributes:
        end: The closing day as ``"MM-DD"``; ``"12-31"`` (the calendar year) by default,
            the reference's own assumption. ``"02-29"`` is refused.

    Examples:
        >>> FinancialYear("06-30").closing("2020-03-15")
        Date(2020, 6, 30)
        >>> FinancialYear().closing("2020-03-15")
        Date(2020, 12, 31)
        >>> FinancialYear("13-01")
        Traceback (most recent call last):
        ...
        recouvrement.errors.InvalidValue: financial_year_end='13-01': not a day of a common year ('02-29' is refused)
    """

    end: str = "12-31"
    _month_day: tuple[int, int] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_month_day", _to_year_end(self.end))

    def closing(self, day: Any) -> pendulum.Date:
        """The closing day of the financial year that contains ``day``."""
        date = to_date(day, "day")
        month, dom = self._month_day
        close = pendulum.Date(date.year, month, dom)
        return close if close >= date else pendulum.Date(date.year + 1, month, dom)

    def plus(self, day: Any, months: int) -> pendulum.Date:
        """``months`` after the closing of the financial year of ``day``."""
        return add_months(self.closing(day), months)


def _evidence_option(_: Any, __: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and value not in EVIDENCE_OPTIONS:
        raise InvalidValue(
            "evidence_after_payment", value, f"one of {', '.join(EVIDENCE_OPTIONS)} or None"
        )


def _litigation_option(_: Any, __: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and value not in LITIGATION_OPTIONS:
        raise InvalidValue("litigation", value, f"one of {', '.join(LITIGATION_OPTIONS)} or None")


def _iban_months(_: Any, __: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidType("iban_months", value, "int or None")
    if not 0 <= value <= 240:
        raise InvalidValue("iban_months", value, "must be between 0 and 240 months")


@attrs.frozen(slots=True, kw_only=True)
class RetentionChoices:
    """The controller's own choices where the law is not settled (the ``U`` rows).

    Each field left to ``None`` leaves the matching deletion date undetermined: the
    results say so, and the purge plan puts those records under *review*. Choosing a
    value is the controller's decision, to document in its register of processing.

    Attributes:
        evidence_after_payment: How long the evidence of a file paid in full (reminders,
            letters, call notes, disputes not settled amicably) is kept:
            ``"debtor_claims"`` (5 years from closure, for claims the debtor could bring,
            C. civ. 2224) or ``"claim_prescription"`` (until the claim's own prescription
            counted from the last payment, CNIL référentiel 2021-131 §7 as quoted).
        litigation: How long a court and enforcement file is kept once closed:
            ``"enforcement_prescription"`` (until enforcement of the decision is time-barred,
            CNIL AU for social landlords) or ``"extraordinary_remedies"`` (AU-046 read
            literally: 30 years from the judgment, CPC 586).
        iban_months: Months an IBAN or SEPA mandate is kept after closure (no CNIL figure;
            13 months by analogy with C. mon. fin. L133-24 is one reading).

    Examples:
        >>> RetentionChoices(evidence_after_payment="debtor_claims").litigation is None
        True
        >>> RetentionChoices(litigation="forever")
        Traceback (most recent call last):
        ...
        recouvrement.errors.InvalidValue: litigation='forever': one of enforcement_prescription, extraordinary_remedies or None
    """

    evidence_after_payment: str | None = attrs.field(default=None, validator=_evidence_option)
    litigation: str | None = attrs.field(default=None, validator=_litigation_option)
    iban_months: int | None = attrs.field(default=None, validator=_iban_months)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-compatible dict."""
        return {
            "evidence_after_payment": self.evidence_after_payment,
            "litigation": self.litigation,
            "iban_months": self.iban_months,
        }
