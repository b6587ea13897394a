"""French public holidays and the rules of procedural deadlines (CPC 641, 642, 643).

The generic business-day arithmetic of [`recouvrement.calendar`][recouvrement.calendar]
runs over the holiday set this module supplies through the jurisdiction
(`France.public_holidays`), and counts procedural deadlines with `PROCEDURAL_RULES`.

- **Public holidays** (*jours fériés*): the eleven *fêtes légales* of C. trav. L3133-1,
  read from the `holidays` package and normalised to exactly that list; Alsace-Moselle
  (C. trav. L3134-13) adds Good Friday and 26 December, an explicit region
  (``"alsace_moselle"``), never the default.
- **Procedural deadlines**: CPC 641 (the day of the act does not count; months end on the
  same *quantième*), CPC 642 (a last day on a Saturday, Sunday or public holiday moves to
  the next business day) and CPC 643 (+1 month overseas, +2 months abroad).

Examples:
    >>> import datetime as dt
    >>> extra = holiday_ordinals(2025, "alsace_moselle") - holiday_ordinals(2025, "metropolitan")
    >>> sorted(dt.date.fromordinal(day).isoformat() for day in extra)
    ['2025-04-18', '2025-12-26']
    >>> PROCEDURAL_RULES.distance_months["abroad"]
    2
"""

from __future__ import annotations

from functools import cache

import holidays

from ...errors import InvalidValue, RecouvrementError
from ...explain import Citation
from ..base import ProceduralRules

__all__ = ["FIRST_YEAR", "LAST_YEAR", "PROCEDURAL_RULES", "REGIONS", "holiday_ordinals"]

FIRST_YEAR = 1982
"""The first year covered: the `holidays` data give today's eleven days from 1982."""
LAST_YEAR = 2100
"""The last year covered (the `holidays` package stops after 2100)."""

# The names the `holidays` package gives (language pinned to en_US) to the days
# of C. trav. L3133-1 and, for Alsace-Moselle, L3134-13. Anything else the
# package returns is dropped; a missing day is restored or reported.
_EASTER_MONDAY = "Easter Monday"
_WHIT_MONDAY = "Pentecost Monday"
_L3133_1_NAMES = frozenset(
    {
        "New Year's Day",
        _EASTER_MONDAY,
        "Labor Day",
        "Victory Day",
        "Ascension Day",
        _WHIT_MONDAY,
        "National Day",
        "Assumption Day",
        "All Saints' Day",
        "Armistice Day",
        "Christmas Day",
    }
)
_L3134_13_NAMES = frozenset({"Good Friday", "Saint Stephen's Day"})

#: The holiday regions: (the names kept, the `holidays` subdivision). "6AE" is the package's
#: code for Alsace (Bas-Rhin, Haut-Rhin); "57" (Moselle) gives the same days.
REGIONS: dict[str, tuple[frozenset[str], str | None]] = {
    "metropolitan": (_L3133_1_NAMES, None),
    "alsace_moselle": (_L3133_1_NAMES | _L3134_13_NAMES, "6AE"),
}

PROCEDURAL_RULES = ProceduralRules(
    days=Citation("CPC", "641"),
    months=Citation("CPC", "641"),
    expiry=Citation("CPC", "642"),
    distance=Citation("CPC", "643"),
    distance_months={"none": 0, "overseas": 1, "abroad": 2},
)
"""CPC 641-643, as the generic `procedural_deadline` counts them."""


@cache
def holiday_ordinals(year: int, region: str) -> frozenset[int]:
    """The public holidays of ``year`` as date ordinals (cached per year and region).

    C. trav. L3133-1 (and L3134-13 for Alsace-Moselle), read from the `holidays`
    package and normalised: days outside the legal list are dropped, and Whit
    Monday (Easter Monday + 49 days) is restored where the package leaves it out
    (2005 to 2007, when it was the default *journée de solidarité*; it stayed in
    the list of *fêtes légales*).

    Raises:
        InvalidValue: ``year`` outside `FIRST_YEAR`-`LAST_YEAR`, or an unknown region.
    """
    if region not in REGIONS:
        raise InvalidValue("region", region, f"unknown region (one of {', '.join(REGIONS)})")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidValue(
            "year",
            year,
            f"outside the years the holiday calendar covers ({FIRST_YEAR}-{LAST_YEAR})",
        )
    wanted, subdiv = REGIONS[region]
    calendar = holidays.country_holidays("FR", subdiv=subdiv, years=year, language="en_US")
    found: dict[str, int] = {}
    for day in calendar:
        for name in calendar.get_list(day):
            if name in wanted:
                found[name] = day.toordinal()
    if _WHIT_MONDAY not in found and _EASTER_MONDAY in found:
        found[_WHIT_MONDAY] = found[_EASTER_MONDAY] + 49
    missing = wanted - found.keys()
    if missing:  # pragma: no cover - only if a `holidays` release renames or drops a day
        raise RecouvrementError(
            f"the holidays package gave no date for {sorted(missing)} in {year}: "
            "check the installed holidays version",
            field="year",
            value=year,
        )
    return frozenset(found.values())
