"""French rules (droit français): payment terms, late interest, prescription, procedures.

``JURISDICTION`` is the `France` object the registry returns for ``"FR"``; it
implements [`Jurisdiction`][recouvrement.jurisdictions.base.Jurisdiction] by delegating
to this package's modules.

Examples:
    >>> from recouvrement.jurisdictions.fr import JURISDICTION
    >>> JURISDICTION.code, JURISDICTION.locales
    ('FR', ('fr_FR', 'en_GB'))
"""

from __future__ import annotations

import datetime as _dt
import tomllib
from collections.abc import Mapping, Sequence
from functools import cached_property
from importlib import resources
from importlib.resources.abc import Traversable
from typing import TYPE_CHECKING, Any

from ...explain import Citation
from ...interest import RateTables
from ...rates import ECB_TABLE, LEGAL_TABLE, RateTable
from ..base import ProceduralRules
from . import calendar as _calendar
from . import interest as _interest
from . import prescription as _prescription
from . import terms as _terms

if TYPE_CHECKING:
    import pendulum

    from ...claims import Claim
    from ...interest import LateInterest
    from ...terms import PaymentTerms
    from ..base import Guard, InterestOptions, PrescriptionEngine

__all__ = ["JURISDICTION", "France"]


class France:
    """French law behind the [`Jurisdiction`][recouvrement.jurisdictions.base.Jurisdiction] interface.

    Examples:
        >>> from recouvrement.jurisdictions.fr import France
        >>> France().public_holidays(2025) >= {_dt.date(2025, 7, 14)}
        True
    """

    code = "FR"
    name = "France"
    locales: tuple[str, ...] = ("fr_FR", "en_GB")
    holiday_regions: tuple[str, ...] = tuple(_calendar.REGIONS)
    procedural_rules: ProceduralRules = _calendar.PROCEDURAL_RULES
    """CPC 641-643 (the optional capability `SupportsProceduralDeadlines`)."""

    def __repr__(self) -> str:
        return "France()"

    @cached_property
    def guards(self) -> Sequence[Guard]:
        """The collection rules ``next_action`` applies (a ``CollectionRules``), loaded on use."""
        from .collection import RULES

        return RULES

    @cached_property
    def rate_tables(self) -> Mapping[str, RateTable]:
        """The ECB main refinancing rate and the French legal interest rate tables."""
        return {ECB_TABLE: RateTable.ecb(), LEGAL_TABLE: RateTable.legal_interest()}

    @cached_property
    def _default_tables(self) -> RateTables:
        tables = self.rate_tables
        return RateTables(ecb=tables[ECB_TABLE], legal=tables[LEGAL_TABLE])

    @cached_property
    def citations(self) -> Mapping[str, Citation]:
        """The articles the generic modules ask for by key (``data/citations.toml``)."""
        path = resources.files("recouvrement.jurisdictions.fr").joinpath("data", "citations.toml")
        rows = tomllib.loads(path.read_text("utf-8"))["citation"]
        return {
            key: Citation(row["code"], row["article"], note=row.get("note"))
            for key, row in rows.items()
        }

    prescription: PrescriptionEngine = _prescription.ENGINE
    """The French prescription engine (C. civ. 2219 ff.)."""

    @property
    def escalation_policy(self) -> Traversable:
        """The default escalation policy (French collection practice)."""
        return resources.files("recouvrement.jurisdictions.fr").joinpath(
            "data", "default_policy.toml"
        )

    @property
    def templates(self) -> Traversable:
        """The French-law letter templates, in French and in English."""
        return resources.files("recouvrement.jurisdictions.fr").joinpath("templates")

    @property
    def mandatory_mentions(self) -> Traversable:
        """The mentions French law requires in each letter."""
        return resources.files("recouvrement.jurisdictions.fr").joinpath(
            "data", "notice_mentions.toml"
        )

    def default_term_days(self, claim: Claim) -> int | None:
        """30 days for a commercial claim (C. com. L441-10 I), none otherwise."""
        return _terms.default_term_days(claim)

    def check_payment_terms(self, terms: PaymentTerms, **facts: Any) -> Sequence[Any]:
        """See [`check_payment_terms`][recouvrement.jurisdictions.fr.terms.check_payment_terms]."""
        return _terms.check_payment_terms(terms, **facts)

    def late_interest(
        self,
        claim: Claim,
        *,
        as_of: pendulum.Date,
        tables: Mapping[str, RateTable],
        options: InterestOptions,
    ) -> LateInterest:
        """See [`recouvrement.jurisdictions.fr.interest`][recouvrement.jurisdictions.fr.interest]."""
        if tables is self.rate_tables:
            resolved = self._default_tables
        else:
            resolved = RateTables(ecb=tables[ECB_TABLE], legal=tables[LEGAL_TABLE])
        return _interest.late_interest(claim, as_of, tables=resolved, options=options)

    def public_holidays(self, year: int, *, region: str | None = None) -> frozenset[_dt.date]:
        """The *fêtes légales* of ``year`` (C. trav. L3133-1; L3134-13 in Alsace-Moselle)."""
        days = _calendar.holiday_ordinals(year, region or self.holiday_regions[0])
        return frozenset(_dt.date.fromordinal(day) for day in days)


JURISDICTION = France()
"""The French jurisdiction the registry returns for ``"FR"``."""
