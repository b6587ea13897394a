"""German rules (deutsches Recht): default and terms, default interest, limitation, court routes.

Select them with ``Claim(..., jurisdiction="DE")``: the claim's ``jurisdiction`` names the
governing law chosen by the contract (Rome I art. 3-4); the engine never guesses it from
addresses. ``JURISDICTION`` is the `Germany` object the registry returns for ``"DE"``.

Examples:
    >>> from recouvrement.jurisdictions.de import JURISDICTION
    >>> JURISDICTION.code, JURISDICTION.locales
    ('DE', ('de_DE',))
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

__all__ = ["JURISDICTION", "Germany"]

_PACKAGE = "recouvrement.jurisdictions.de"
BASE_RATE_TABLE = "de_base_rate"


class Germany:
    """German law behind the [`Jurisdiction`][recouvrement.jurisdictions.base.Jurisdiction] interface.

    Examples:
        >>> Germany().public_holidays(2025) >= {_dt.date(2025, 10, 3)}
        True
    """

    code = "DE"
    name = "Germany"
    locales: tuple[str, ...] = ("de_DE",)
    holiday_regions: tuple[str, ...] = ("national",)

    def __repr__(self) -> str:
        return "Germany()"

    @cached_property
    def rate_tables(self) -> Mapping[str, RateTable]:
        """The Basiszinssatz table (§ 247 BGB), by name."""
        return {BASE_RATE_TABLE: _interest.base_rate_table()}

    @cached_property
    def guards(self) -> Sequence[Guard]:
        """The collection rules ``next_action`` applies (a ``CollectionRules``), loaded on use."""
        from .collection import RULES

        return RULES

    @property
    def prescription(self) -> PrescriptionEngine:
        """The German limitation engine (§§ 195 ff. BGB)."""
        return _prescription.ENGINE

    @property
    def escalation_policy(self) -> Traversable:
        """The default German escalation policy (Mahnung, Mahnbescheid)."""
        return resources.files(_PACKAGE).joinpath("data", "de_policy.toml")

    @property
    def templates(self) -> Traversable:
        """The German-law letter templates (``de_DE``)."""
        return resources.files(_PACKAGE).joinpath("templates")

    @property
    def mandatory_mentions(self) -> Traversable:
        """The mentions German law requires in letters (§ 286 Abs. 3 BGB, § 13a RDG)."""
        return resources.files(_PACKAGE).joinpath("data", "de_notice_mentions.toml")

    def default_term_days(self, claim: Claim) -> int | None:
        """30 days for a payment for goods or services, none otherwise.

        Without an agreed time a claim is due at once (§ 271 Abs. 1 BGB), and the debtor of
        an Entgeltforderung is in default at the latest 30 days after receiving the invoice
        (§ 286 Abs. 3 BGB): the claim's derived ``due_on`` is that day, and
        [`default_start`][recouvrement.jurisdictions.de.terms.default_start] still counts a
        Mahnung from the invoice date (``due_basis == "legal_default"``).
        """
        return 30 if _terms.is_entgeltforderung(claim) else None

    def check_payment_terms(self, terms: PaymentTerms, **facts: Any) -> Sequence[Any]:
        """See [`check_payment_terms`][recouvrement.jurisdictions.de.terms.check_payment_terms]."""
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
        """See [`recouvrement.jurisdictions.de.interest`][recouvrement.jurisdictions.de.interest]."""
        return _interest.late_interest_de(
            claim,
            as_of,
            interest_first=options.interest_first,
            actual_actual=options.actual_actual,
            extra_indemnity=options.extra_indemnity,
            base_rates=tables.get(BASE_RATE_TABLE),
        )

    def public_holidays(self, year: int, *, region: str | None = None) -> frozenset[_dt.date]:
        """The national public holidays of ``year`` (``holidays`` package; Länder days not included).

        Raises:
            InvalidValue: ``year`` before 1991 (the package has no German data before
                reunification), or a region other than ``"national"``.
        """
        if region not in (None, "national"):
            raise InvalidValue("region", region, "only 'national' is known for DE")
        if not isinstance(year, int) or year < _calendar.FIRST_YEAR:
            raise InvalidValue(
                "year", year, f"German national holidays are covered from {_calendar.FIRST_YEAR}"
            )
        return _calendar.public_holidays((year,))


JURISDICTION = Germany()
"""The German jurisdiction the registry returns for ``"DE"``."""
