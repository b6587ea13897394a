"""Belgian rules (droit belge / Belgisch recht): terms, late interest, consumer debts (CDE
Book XIX), prescription, court routes.

Select them with ``Claim(..., jurisdiction="BE")``: the claim's ``jurisdiction`` names the
governing law chosen by the contract; the engine never guesses it from addresses.
``JURISDICTION`` is the `Belgium` object the registry returns for ``"BE"``.

Examples:
    >>> from recouvrement.jurisdictions.be import JURISDICTION
    >>> JURISDICTION.code, JURISDICTION.locales
    ('BE', ('fr_BE', 'nl_BE'))
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence
from functools import cached_property
from importlib import resources
from importlib.resources.abc import Traversable
from typing import TYPE_CHECKING, Any

from ...errors import InvalidValue
from . import calendar as _calendar
from . import interest as _interest
from . import prescription as _prescription
from . import terms as _terms

if TYPE_CHECKING:
    import pendulum

    from ...claims import Claim
    from ...interest import LateInterest
    from ...rates import RateTable
    from ...terms import PaymentTerms
    from ..base import Guard, InterestOptions, PrescriptionEngine

__all__ = ["JURISDICTION", "Belgium"]

_PACKAGE = "recouvrement.jurisdictions.be"
COMMERCIAL_RATE_TABLE = "be_commercial_rate"
LEGAL_RATE_TABLE = "be_legal_rate"


class Belgium:
    """Belgian law behind the [`Jurisdiction`][recouvrement.jurisdictions.base.Jurisdiction] interface.

    Examples:
        >>> Belgium().public_holidays(2025) >= {_dt.date(2025, 7, 21)}
        True
    """

    code = "BE"
    name = "Belgium"
    locales: tuple[str, ...] = ("fr_BE", "nl_BE")
    holiday_regions: tuple[str, ...] = ("national",)

    def __repr__(self) -> str:
        return "Belgium()"

    @cached_property
    def rate_tables(self) -> Mapping[str, RateTable]:
        """The commercial-transactions rate and the legal interest rate tables, by name."""
        return {
            COMMERCIAL_RATE_TABLE: _interest.commercial_rate_table(),
            LEGAL_RATE_TABLE: _interest.legal_rate_table(),
        }

    @cached_property
    def guards(self) -> Sequence[Guard]:
        """The collection rules ``next_action`` applies (a ``CollectionRules``), loaded on use."""
        from .collection import RULES

        return RULES

    @property
    def prescription(self) -> PrescriptionEngine:
        """The Belgian prescription engine (old C. civ. 2219 ff.)."""
        return _prescription.ENGINE

    @property
    def escalation_policy(self) -> Traversable:
        """The default Belgian escalation policy (Book XIX reminder, lawyer's notice)."""
        return resources.files(_PACKAGE).joinpath("data", "be_policy.toml")

    @property
    def templates(self) -> Traversable:
        """The Belgian-law letter templates (``fr_BE``, ``nl_BE``)."""
        return resources.files(_PACKAGE).joinpath("templates")

    @property
    def mandatory_mentions(self) -> Traversable:
        """The mentions Belgian law requires (CDE XIX.2 first reminder, art. 2244 §2 notice)."""
        return resources.files(_PACKAGE).joinpath("data", "be_notice_mentions.toml")

    def default_term_days(self, claim: Claim) -> int | None:
        """30 days for a commercial transaction (art. 4 §1 loi 2002), none otherwise."""
        if _interest.regime_of_parties(claim) == _interest.COMMERCIAL:
            return 30
        return None

    def check_payment_terms(self, terms: PaymentTerms, **facts: Any) -> Sequence[Any]:
        """See [`check_payment_terms`][recouvrement.jurisdictions.be.terms.check_payment_terms]."""
        facts.pop("nature", None)
        return _terms.check_payment_terms(terms, **facts)

    def late_interest(
        self,
        claim: Claim,
        *,
        as_of: pendulum.Date,
        tables: Mapping[str, RateTable],
        options: InterestOptions,
    ) -> LateInterest:
        """See [`recouvrement.jurisdictions.be.interest`][recouvrement.jurisdictions.be.interest]."""
        return _interest.late_interest_be(
            claim,
            as_of,
            interest_first=options.interest_first,
            actual_actual=options.actual_actual,
            extra_indemnity=options.extra_indemnity,
            commercial_rates=tables.get(COMMERCIAL_RATE_TABLE),
            legal_rates=tables.get(LEGAL_RATE_TABLE),
        )

    def first_reminder_terms(
        self, claim: Claim, *, on: pendulum.Date, electronic: bool
    ) -> _interest.FirstReminderTerms | None:
        """What a letter of ``on`` must state as a consumer's Book XIX free first reminder
        (`recouvrement.notices` reads it), or ``None`` when it is not one. See
        [`first_reminder_terms`][recouvrement.jurisdictions.be.interest.first_reminder_terms]."""
        return _interest.first_reminder_terms(claim, on=on, electronic=electronic)

    def lawyer_notice_interrupts(self, claim: Claim) -> bool:
        """See [`lawyer_notice_interrupts`][recouvrement.jurisdictions.be.prescription.lawyer_notice_interrupts]."""
        return _prescription.lawyer_notice_interrupts(claim)

    def public_holidays(self, year: int, *, region: str | None = None) -> frozenset[_dt.date]:
        """The national public holidays of ``year`` (``holidays`` package)."""
        if region not in (None, "national"):
            raise InvalidValue("region", region, "only 'national' is known for BE")
        return _calendar.public_holidays((year,))


JURISDICTION = Belgium()
"""The Belgian jurisdiction the registry returns for ``"BE"``."""
