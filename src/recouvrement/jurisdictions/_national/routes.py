"""What a national court-route chooser returns, and the EU member states (shared).

The EU procedures (European order for payment, Reg. (EC) 1896/2006; European small claims,
Reg. (EC) 861/2007) are open when the debtor lives in another member state: the list of
member states is written once here for every country that offers them.
"""

from __future__ import annotations

import attrs

from ...explain import Reason

__all__ = ["EU_MEMBER_STATES", "Route"]

#: EU member states (ISO 3166-1 alpha-2), for the cross-border EU procedures.
EU_MEMBER_STATES = frozenset(
    {
        "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
        "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
    }
)  # fmt: skip


@attrs.frozen(slots=True, kw_only=True)
class Route:
    """A court route for a claim, with why.

    Attributes:
        route: The route's name in the country's vocabulary (``"mahnverfahren"``,
            ``"b2b_uncontested"``, ``"european_order_for_payment"``, ``"lawsuit"``...; the
            country's ``choose_route`` lists its own).
        court: The competent court or officer (readable).
        lawyer_required: Whether a lawyer must act.
        alternatives: Other routes open, with their caveats.
        reasons: Why, each with its article.
    """

    route: str
    court: str
    lawyer_required: bool
    alternatives: tuple[str, ...] = ()
    reasons: tuple[Reason, ...]
