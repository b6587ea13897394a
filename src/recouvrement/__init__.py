"""recouvrement: debt-collection rules, French law first."""

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
    RateNotPublished,
    RecouvrementError,
    UnsupportedJurisdiction,
)
from .explain import Citation, Reason
from .money import Money, currency_precision, format_money
