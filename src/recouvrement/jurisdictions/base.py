"""The interface every jurisdiction implements (`Jurisdiction`), and the types it uses.

A jurisdiction is one country's law, packaged as ``recouvrement.jurisdictions.<code>``
(lower case) exposing a ``JURISDICTION`` object that satisfies `Jurisdiction`. The
generic engines (`recouvrement.interest`, `recouvrement.prescription`,
`recouvrement.claims`, `recouvrement.notices`, `recouvrement.decisions`) reach it only
through the registry, [`recouvrement.jurisdictions.get`][recouvrement.jurisdictions.get],
by the claim's ``jurisdiction`` code; nothing outside ``jurisdictions/<code>/`` names a
national article or figure.

The members, in four groups:

- **Identity**: `code` (ISO 3166-1 alpha-2, upper case), `name`, `locales` (the letter
  locales it has templates for, the first one the default).
- **Terms and money owed**: `default_term_days` (the legal default payment term of a
  claim, or ``None``), `check_payment_terms`, `rate_tables` (its packaged dated rate
  tables, by name) and `late_interest`.
- **Time**: `prescription` (an engine with the three methods of
  `PrescriptionEngine`),
  `holiday_regions` and `public_holidays` (the business-day calendar's input).
- **Collection**: `guards` (the legal guards it contributes to ``next_action``),
  `escalation_policy` (its default ladder, a TOML resource), `templates` (a
  directory of ``<locale>/<kind>.toml`` letter templates) and `mandatory_mentions`
  (the TOML resource listing what each letter must say under this law).

Letters are law plus language: a French-law letter in English is France's ``en_GB``
template, not a British one.

Examples:
    >>> from recouvrement import jurisdictions
    >>> from recouvrement.jurisdictions.base import Jurisdiction
    >>> france = jurisdictions.get("FR")
    >>> isinstance(france, Jurisdiction), france.code, france.locales[0]
    (True, 'FR', 'fr_FR')
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import attrs

from ..explain import Citation
from ..money import Money

if TYPE_CHECKING:  # the registry must import nothing from the engines at run time
    from importlib.resources.abc import Traversable

    import pendulum

    from ..claims import Claim
    from ..events import InsolvencyProceeding
    from ..interest import LateInterest
    from ..prescription import Deadline, DeclarationDeadline, Prescription
    from ..rates import RateTable
    from ..terms import PaymentTerms

__all__ = [
    "Guard",
    "InterestOptions",
    "Jurisdiction",
    "PrescriptionEngine",
    "ProceduralRules",
    "SupportsProceduralDeadlines",
]

Guard = Callable[[Any], Any]
"""A ``next_action`` guard a jurisdiction contributes (typed loosely until the
decisions package defines its ``Facts`` view): it takes the per-claim facts and returns
a decision, new facts, or ``None`` to pass on."""


@attrs.frozen(slots=True, kw_only=True)
class InterestOptions:
    """The options of one `late_interest` computation, validated, as a jurisdiction gets them.

    The names and values are those of `late_interest`'s keyword arguments. ``allocation``,
    ``day_count`` and ``extra_indemnity`` apply under every law; the others are readings of
    one country's text (French law for the packaged ones) that another jurisdiction
    ignores.

    Examples:
        >>> from recouvrement.jurisdictions.base import InterestOptions
        >>> InterestOptions().interest_first, InterestOptions(day_count="actual/actual").actual_actual
        (False, True)
    """

    allocation: str = "principal_first"
    day_count: str = "actual/365"
    extra_indemnity: Money | None = None
    semester_rule: str = "each_half_year"
    floor_default_rate: bool = False
    below_floor: str = "floor"

    @property
    def interest_first(self) -> bool:
        """Whether partial payments go to interest first."""
        return self.allocation == "interest_first"

    @property
    def actual_actual(self) -> bool:
        """Whether each day is divided by the length of its own year."""
        return self.day_count == "actual/actual"


class PrescriptionEngine(Protocol):
    """What a jurisdiction's prescription engine provides (its ``prescription`` member).

    Dates are passed as proleptic ordinals (``date.toordinal()``), already validated:
    the public functions of this module convert and check their arguments, then call
    the engine of the claim's jurisdiction.
    """

    def prescription(
        self, claim: Claim, as_of: int, *, periodic: bool | None, agreed_months: int | None
    ) -> Prescription:
        """The prescription of ``claim`` on day ``as_of`` (see `recouvrement.prescription.prescription_deadline`)."""
        ...

    def upcoming(self, claim: Claim, as_of: int, last: int) -> list[Deadline]:
        """The deadlines of ``claim`` dated from ``as_of`` to ``last`` included."""
        ...

    def declaration(
        self,
        proceeding: InsolvencyProceeding,
        *,
        outside: bool,
        notified_on: pendulum.Date | None,
    ) -> DeclarationDeadline:
        """The claim-declaration deadlines of an insolvency proceeding."""
        ...


@runtime_checkable
class Jurisdiction(Protocol):
    """One country's collection law, as the generic engines see it.

    Implement it with a small class in ``recouvrement/jurisdictions/<code>/__init__.py``
    that delegates to that package's modules, expose an instance as ``JURISDICTION``, and
    add the code to [`REGISTRY`][recouvrement.jurisdictions.REGISTRY] (see the "new
    country" guide). ``tests/test_jurisdiction_contract.py`` checks every registered
    jurisdiction against this contract.

    Examples:
        >>> from recouvrement import jurisdictions
        >>> france = jurisdictions.get("FR")
        >>> france.name, "ecb_mro" in france.rate_tables
        ('France', True)
    """

    @property
    def code(self) -> str:
        """The ISO 3166-1 alpha-2 code, upper case (``"FR"``): the claim's ``jurisdiction``."""
        ...

    @property
    def name(self) -> str:
        """The country's English name (``"France"``)."""
        ...

    @property
    def locales(self) -> tuple[str, ...]:
        """The letter locales it has templates for (``"fr_FR"``...), the default first."""
        ...

    @property
    def rate_tables(self) -> Mapping[str, RateTable]:
        """Its packaged dated rate tables, by table name (read once, then cached).

        A caller's own table with the same name replaces the packaged one for a
        computation (``late_interest(..., rates=...)``); a table must raise
        `RateNotPublished` for a day after its last row.
        """
        ...

    @property
    def prescription(self) -> PrescriptionEngine:
        """The prescription engine (limitation periods, declarations, upcoming deadlines)."""
        ...

    @property
    def holiday_regions(self) -> tuple[str, ...]:
        """The public-holiday regions it knows, the default (national) one first."""
        ...

    @property
    def guards(self) -> Sequence[Guard]:
        """The legal guards it contributes to ``next_action`` (empty if none)."""
        ...

    @property
    def escalation_policy(self) -> Traversable:
        """The TOML resource of its default escalation policy."""
        ...

    @property
    def templates(self) -> Traversable:
        """The directory of its letter templates: ``<locale>/<kind>.toml`` and labels."""
        ...

    @property
    def mandatory_mentions(self) -> Traversable:
        """The TOML resource listing the mentions its letters must carry, by letter kind."""
        ...

    def default_term_days(self, claim: Claim) -> int | None:
        """The legal default payment term of ``claim`` in days from its issue date.

        ``None`` when the law sets none for this claim (it then needs ``due_on`` or
        ``terms``). Called while a `Claim` is built, so it must only read the claim's
        nature and its parties' kind, country and public-buyer category (not their ids,
        names or numbers, nor the dates): the vectorised CSV reader asks it once per such
        combination (a contract test checks it).
        """
        ...

    def check_payment_terms(self, terms: PaymentTerms, **facts: Any) -> Sequence[Any]:
        """The legal maximums that ``terms`` break (empty when they comply).

        ``facts`` are the keyword arguments of the country's own check (nature, debtor
        kind, sector...); each item found has ``rule``, ``message`` and ``citation``.
        """
        ...

    def late_interest(
        self,
        claim: Claim,
        *,
        as_of: pendulum.Date,
        tables: Mapping[str, RateTable],
        options: InterestOptions,
    ) -> LateInterest:
        """Late interest and fixed indemnity of ``claim`` on ``as_of`` under this law.

        Called by `recouvrement.interest.late_interest` inside its decimal context, with
        the options already validated and ``tables`` resolved by name.
        """
        ...

    def public_holidays(self, year: int, *, region: str | None = None) -> frozenset[_dt.date]:
        """The public holidays of ``year`` (``region=None``: the national list).

        Raises:
            InvalidValue: ``year`` outside the covered years, or an unknown region.
        """
        ...


@attrs.frozen(slots=True, kw_only=True)
class ProceduralRules:
    """How a jurisdiction counts procedural deadlines, as data for `procedural_deadline`.

    The common shape (French CPC 641-643, Belgian C. jud. 52-55, German ZPO 222 with
    BGB 187-188): the day of the act does not count, months end on the same day of the
    month (or the month's last day), a last day on a closed day moves to the next
    business day, and a party living far away may get extra months.

    Attributes:
        days: The rule for periods in days.
        months: The rule for periods in months.
        expiry: The rule that moves a last day off a weekend or holiday.
        distance: The rule for the extra time of a distant party.
        distance_months: The extra months per distance (``"none"``, ``"overseas"``,
            ``"abroad"``).
    """

    days: Citation
    months: Citation
    expiry: Citation
    distance: Citation
    distance_months: Mapping[str, int]


@runtime_checkable
class SupportsProceduralDeadlines(Protocol):
    """An optional capability: a jurisdiction whose procedural deadlines are modelled."""

    @property
    def procedural_rules(self) -> ProceduralRules:
        """Its rules for `recouvrement.calendar.procedural_deadline`."""
        ...
