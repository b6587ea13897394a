"""recouvrement: debt-collection rules (recouvrement de créances), French law first.

Models creditors, debtors, claims, payment terms and events; computes what is owed and
when a claim is time-barred; profiles debtors; decides the next action with its reasons
and legal basis; measures a portfolio; writes the letters.

Examples:
    >>> import recouvrement as rc
    >>> claim = rc.sample_claim()
    >>> claim.outstanding(as_of="2025-06-30")
    Money('1500.00', 'EUR')
"""

import ast as _ast
import importlib as _importlib
from pathlib import Path as _Path
from typing import TYPE_CHECKING, Any

# The public names are imported on first use (PEP 562), so that `import recouvrement`
# and the command line start fast; type checkers and IDEs read the imports below.
if TYPE_CHECKING:
    from . import credit, display, jurisdictions, kpi, reports, retention
    from .calendar import (
        Distance,
        HolidayRegion,
        ProceduralDeadline,
        add_business_days,
        add_months,
        business_days_between,
        is_business_day,
        is_public_holiday,
        next_business_day,
        procedural_deadline,
        public_holidays,
    )
    from .claims import Claim, ClaimNature, CreditNote, Payment
    from .credit import (
        CreditLimit,
        CreditPolicy,
        Financials,
        OrderDecision,
        check_order,
        credit_report,
        deliveries_held,
        recommend_limit,
        reviews_due,
    )
    from .decisions import (
        DebtorAction,
        Decision,
        GroupedProcedure,
        PlanProposal,
        PlanStatus,
        debtor_actions,
        next_action,
        next_actions,
        plan_status,
        propose_payment_plan,
        resolve_policy,
        simulate,
    )
    from .errors import (
        CurrencyMismatch,
        InsufficientHistory,
        InvalidClaim,
        InvalidData,
        InvalidEvent,
        InvalidMoney,
        InvalidParty,
        InvalidPolicy,
        InvalidTerms,
        InvalidType,
        InvalidValue,
        MissingDependency,
        RateNotPublished,
        RecouvrementError,
        UnsupportedJurisdiction,
    )
    from .events import (
        EVENT_TYPES,
        Acknowledgment,
        AgencyHandover,
        Cancellation,
        Channel,
        ClaimDeclaration,
        CourtInquiry,
        DeliverySuspension,
        Dispute,
        DisputeOutcome,
        EnforcementAct,
        Event,
        ForceMajeure,
        FormalNotice,
        InsolvencyKind,
        InsolvencyProceeding,
        Instalment,
        Judgment,
        LegalAction,
        LegalActionKind,
        Mediation,
        OverIndebtedness,
        PaymentPlan,
        PaymentPromise,
        RecoveryCost,
        Reminder,
        WriteOff,
        event_from_dict,
    )
    from .explain import Citation, Reason
    from .forecast import (
        CashForecast,
        PaymentModel,
        PaymentPrediction,
        cash_forecast,
        fit_payment_model,
    )
    from .fx import ExchangeRates
    from .interest import (
        ALLOCATIONS,
        BELOW_FLOOR,
        DAY_COUNTS,
        SEMESTER_RULES,
        AmountsDue,
        InterestPeriod,
        LateInterest,
        RateTables,
        amounts_due,
        late_interest,
    )
    from .jurisdictions.fr.terms import Sector, check_payment_terms
    from .money import Money, currency_precision, format_money, to_money
    from .notices import (
        KNOWN_PLACEHOLDERS,
        STATUTE_KEYS,
        TONES,
        CreditorDetails,
        DecisionLike,
        InvalidTemplate,
        Mention,
        MissingMention,
        Notice,
        NoticeKind,
        NoticeNotAvailable,
        NoticeTemplate,
        Organisation,
        load_template,
        mandatory_mentions,
        notice_for_claim,
        notice_kind,
        render_debtor_notice,
        render_notice,
        statute_status,
        statute_text,
    )
    from .parties import Creditor, Debtor, PartyKind, PublicBuyer
    from .policy import (
        LEGAL_ROUTE,
        Action,
        AgencyFee,
        EscalationPolicy,
        PolicyStep,
        StepAction,
        Tone,
        Trigger,
        TriggerKind,
    )
    from .prescription import (
        DEADLINE_KINDS,
        Deadline,
        DeclarationDeadline,
        Prescription,
        PrescriptionEvent,
        claim_declaration_deadline,
        prescription_deadline,
        upcoming_deadlines,
    )
    from .profiling import (
        DebtorProfile,
        ProfileMetrics,
        ProfilingRules,
        ScoreContribution,
        ScoreWeights,
        SegmentCondition,
        SegmentRule,
        debtor_segment,
        profile_debtor,
        profile_debtors,
    )
    from .rates import (
        RateRow,
        RateTable,
        data_version,
        ecb_refinancing_rate,
        half_year_label,
        legal_interest_category,
        legal_interest_rate,
    )
    from .reports import PortfolioReport, PortfolioSummary, portfolio_report, summarize
    from .retention import (
        DataCategory,
        RetentionChoices,
        anonymise,
        erasure_request,
        purge_plan,
        retention_deadlines,
        retention_schedule,
    )
    from .sample import SAMPLE_AS_OF, SamplePortfolio, generate_claims, load_sample, sample_claim
    from .segments import Segment
    from .terms import EndOfMonthMethod, PaymentTerms, PenaltyClause, TermsKind, TermsViolation
    from .worklists import Worklist, WorklistItem, worklist


def _origins() -> dict[str, str]:
    """Where each public name comes from: read once from the ``TYPE_CHECKING`` imports above."""
    tree = _ast.parse(_Path(__file__).read_text(encoding="utf-8"))
    block = next(
        n for n in tree.body if isinstance(n, _ast.If) and "TYPE_CHECKING" in _ast.dump(n.test)
    )
    found: dict[str, str] = {}
    for node in block.body:
        if isinstance(node, _ast.ImportFrom):
            for alias in node.names:
                found[alias.asname or alias.name] = "" if node.module is None else node.module
    return found


_ORIGINS = _origins()


def __getattr__(name: str) -> Any:
    """Import a public name on first use (PEP 562)."""
    origin = _ORIGINS.get(name)
    if origin is None:
        raise AttributeError(f"module 'recouvrement' has no attribute {name!r}")
    if origin == "":
        value = _importlib.import_module(f".{name}", __name__)
    else:
        value = getattr(_importlib.import_module(f".{origin}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__version__ = "0.1.0.dev0"

__all__ = [
    "ALLOCATIONS",
    "BELOW_FLOOR",
    "DAY_COUNTS",
    "DEADLINE_KINDS",
    "EVENT_TYPES",
    "KNOWN_PLACEHOLDERS",
    "LEGAL_ROUTE",
    "SAMPLE_AS_OF",
    "SEMESTER_RULES",
    "STATUTE_KEYS",
    "TONES",
    "Acknowledgment",
    "Action",
    "AgencyFee",
    "AgencyHandover",
    "AmountsDue",
    "Cancellation",
    "CashForecast",
    "Channel",
    "Citation",
    "Claim",
    "ClaimDeclaration",
    "ClaimNature",
    "CourtInquiry",
    "CreditLimit",
    "CreditNote",
    "CreditPolicy",
    "Creditor",
    "CreditorDetails",
    "CurrencyMismatch",
    "DataCategory",
    "Deadline",
    "Debtor",
    "DebtorAction",
    "DebtorProfile",
    "Decision",
    "DecisionLike",
    "DeclarationDeadline",
    "DeliverySuspension",
    "Dispute",
    "DisputeOutcome",
    "Distance",
    "EndOfMonthMethod",
    "EnforcementAct",
    "EscalationPolicy",
    "Event",
    "ExchangeRates",
    "Financials",
    "ForceMajeure",
    "FormalNotice",
    "GroupedProcedure",
    "HolidayRegion",
    "InsolvencyKind",
    "InsolvencyProceeding",
    "Instalment",
    "InsufficientHistory",
    "InterestPeriod",
    "InvalidClaim",
    "InvalidData",
    "InvalidEvent",
    "InvalidMoney",
    "InvalidParty",
    "InvalidPolicy",
    "InvalidTemplate",
    "InvalidTerms",
    "InvalidType",
    "InvalidValue",
    "Judgment",
    "LateInterest",
    "LegalAction",
    "LegalActionKind",
    "Mediation",
    "Mention",
    "MissingDependency",
    "MissingMention",
    "Money",
    "Notice",
    "NoticeKind",
    "NoticeNotAvailable",
    "NoticeTemplate",
    "OrderDecision",
    "Organisation",
    "OverIndebtedness",
    "PartyKind",
    "Payment",
    "PaymentModel",
    "PaymentPlan",
    "PaymentPrediction",
    "PaymentPromise",
    "PaymentTerms",
    "PenaltyClause",
    "PlanProposal",
    "PlanStatus",
    "PolicyStep",
    "PortfolioReport",
    "PortfolioSummary",
    "Prescription",
    "PrescriptionEvent",
    "ProceduralDeadline",
    "ProfileMetrics",
    "ProfilingRules",
    "PublicBuyer",
    "RateNotPublished",
    "RateRow",
    "RateTable",
    "RateTables",
    "Reason",
    "RecouvrementError",
    "RecoveryCost",
    "Reminder",
    "RetentionChoices",
    "SamplePortfolio",
    "ScoreContribution",
    "ScoreWeights",
    "Sector",
    "Segment",
    "SegmentCondition",
    "SegmentRule",
    "StepAction",
    "TermsKind",
    "TermsViolation",
    "Tone",
    "Trigger",
    "TriggerKind",
    "UnsupportedJurisdiction",
    "Worklist",
    "WorklistItem",
    "WriteOff",
    "__version__",
    "add_business_days",
    "add_months",
    "amounts_due",
    "anonymise",
    "business_days_between",
    "cash_forecast",
    "check_order",
    "check_payment_terms",
    "claim_declaration_deadline",
    "credit",
    "credit_report",
    "currency_precision",
    "data_version",
    "debtor_actions",
    "debtor_segment",
    "deliveries_held",
    "display",
    "ecb_refinancing_rate",
    "erasure_request",
    "event_from_dict",
    "fit_payment_model",
    "format_money",
    "generate_claims",
    "half_year_label",
    "is_business_day",
    "is_public_holiday",
    "jurisdictions",
    "kpi",
    "late_interest",
    "legal_interest_category",
    "legal_interest_rate",
    "load_sample",
    "load_template",
    "mandatory_mentions",
    "next_action",
    "next_actions",
    "next_business_day",
    "notice_for_claim",
    "notice_kind",
    "plan_status",
    "portfolio_report",
    "prescription_deadline",
    "procedural_deadline",
    "profile_debtor",
    "profile_debtors",
    "propose_payment_plan",
    "public_holidays",
    "purge_plan",
    "recommend_limit",
    "render_debtor_notice",
    "render_notice",
    "reports",
    "resolve_policy",
    "retention",
    "retention_deadlines",
    "retention_schedule",
    "reviews_due",
    "sample_claim",
    "simulate",
    "statute_status",
    "statute_text",
    "summarize",
    "to_money",
    "upcoming_deadlines",
    "worklist",
]
