"""Personal-data retention: how long each record of a collections ledger may be kept.

The GDPR keeps personal data no longer than their purpose needs (art. 5(1)(e)); French law
keeps accounting documents ten years (C. com. L123-22) and evidence while a claim can be
litigated; the CNIL describes three phases: active base, intermediate archive, deletion or
anonymisation. This package encodes the French schedule as data and computes, from a
debtor's claims, when each record goes to the archive and when it must go.

- [`retention_schedule`][recouvrement.retention.retention_schedule]: the schedule (one row
  per phase of a data category, with its article and confidence mark).
- [`retention_deadlines`][recouvrement.retention.retention_deadlines]: one debtor's dates,
  by category and record, with reasons.
- [`purge_plan`][recouvrement.retention.purge_plan]: what to archive, delete or review in a
  ledger on a date; [`anonymise`][recouvrement.retention.anonymise]: keyed pseudonyms (or
  removal) that keep every KPI unchanged.
- [`erasure_request`][recouvrement.retention.erasure_request]: what an erasure or objection
  request can erase now, and what must be kept.

Unsettled rules (confidence ``U``) are never applied by default: they are options of
[`RetentionChoices`][recouvrement.retention.RetentionChoices], the controller's own choice.

Examples:
    >>> from recouvrement.retention import retention_schedule
    >>> len(retention_schedule().rules) > 20
    True
"""

from .deadlines import (
    BANK_DETAILS,
    PHASES,
    CategoryRetention,
    DebtorRetention,
    RecordRetention,
    retention_deadlines,
)
from .erasure import (
    ERASURE_DECISIONS,
    REQUEST_KINDS,
    ErasureAnswer,
    ErasureItem,
    erasure_request,
)
from .purge import (
    ANONYMISE_SCOPES,
    PURGE_ACTIONS,
    Anonymised,
    PurgeItem,
    PurgePlan,
    anonymise,
    purge_plan,
)
from .schedule import (
    CONFIDENCE_ORDER,
    EVIDENCE_OPTIONS,
    LITIGATION_OPTIONS,
    DataCategory,
    FinancialYear,
    RetentionChoices,
    RetentionRule,
    RetentionSchedule,
    RetentionTrigger,
    retention_schedule,
)

__all__ = [
    "ANONYMISE_SCOPES",
    "BANK_DETAILS",
    "CONFIDENCE_ORDER",
    "ERASURE_DECISIONS",
    "EVIDENCE_OPTIONS",
    "LITIGATION_OPTIONS",
    "PHASES",
    "PURGE_ACTIONS",
    "REQUEST_KINDS",
    "Anonymised",
    "CategoryRetention",
    "DataCategory",
    "DebtorRetention",
    "ErasureAnswer",
    "ErasureItem",
    "FinancialYear",
    "PurgeItem",
    "PurgePlan",
    "RecordRetention",
    "RetentionChoices",
    "RetentionRule",
    "RetentionSchedule",
    "RetentionTrigger",
    "anonymise",
    "erasure_request",
    "purge_plan",
    "retention_deadlines",
    "retention_schedule",
]
