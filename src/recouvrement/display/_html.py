"""HTML primitives of `recouvrement.display` (internal): `Html`, `table`, `card`, `bar`,
`reasons_html`, and the text formatting they share.

Dependency-free and deterministic; imports no domain module (only money, explain and
errors), so any module can render through it without an import cycle.
"""

from __future__ import annotations

import datetime as _dt
import html
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from typing import Any

from ..errors import InvalidValue
from ..explain import Reason
from ..money import Money, currency_precision

__all__ = ["Html", "bar", "card", "reasons_html", "table"]

_ZERO = Decimal(0)
_ONE = Decimal(1)
_HUNDRED = Decimal(100)
_SHARE = Decimal("0.0001")
_DASH = "\u2014"

# -- styles (inline: a notebook output carries no stylesheet) -------------------------------

_ROOT = "font-size:13px;line-height:1.45;margin:4px 0;max-width:980px"
_TITLE = "font-weight:600;font-size:14px;margin:0 0 4px 0"
_SUBTITLE = "font-weight:600;margin:8px 0 2px 0"
_TABLE = "border-collapse:collapse;margin:2px 0"
_TH = "text-align:left;padding:2px 10px 2px 0;border-bottom:1px solid rgba(127,127,127,0.5)"
_TH_FIELD = "text-align:left;padding:1px 12px 1px 0;font-weight:normal;opacity:0.75"
_TD = "text-align:left;padding:2px 10px 2px 0;border-bottom:1px solid rgba(127,127,127,0.2)"
_TD_NUM = (
    "text-align:right;padding:2px 10px 2px 0;border-bottom:1px solid rgba(127,127,127,0.2);"
    "font-variant-numeric:tabular-nums;white-space:nowrap"
)
_TD_FOOT = "text-align:left;padding:2px 10px 2px 0;font-weight:600"
_TD_FOOT_NUM = (
    "text-align:right;padding:2px 10px 2px 0;font-weight:600;"
    "font-variant-numeric:tabular-nums;white-space:nowrap"
)
_BADGE = "padding:0 6px;border-radius:8px;background:#e8eaf6;color:#1a237e;white-space:nowrap"
_BAR_OUT = (
    "display:inline-block;vertical-align:middle;height:10px;"
    "background:rgba(127,127,127,0.18);border-radius:2px"
)
_BAR_IN = "display:block;height:10px;border-radius:2px;background:"
_BAR_COLOUR = "#3f51b5"
_LIST = "margin:2px 0 2px 0;padding-left:22px"
_CITE = "font-style:normal;opacity:0.75"
_CODE = "font-size:11px;opacity:0.6"


class Html(str):
    """A fragment of trusted HTML: not escaped again, and displayed as HTML by Jupyter.

    Examples:
        >>> fragment = Html("<b>due</b>")
        >>> fragment._repr_html_()
        '<b>due</b>'
        >>> table(["Name"], [[fragment], ["<b>"]]).count("&lt;b&gt;")
        1
    """

    __slots__ = ()

    def _repr_html_(self) -> str:
        """The markup itself."""
        return str(self)


# -- text ---------------------------------------------------------------------------------


def _grouped(amount: Decimal) -> str:
    return f"{amount:,f}"


def _money_text(money: Money) -> str:
    places = currency_precision(money.currency)  # Money only holds known ISO 4217 codes
    return f"{_grouped(money.round(places).amount)} {money.currency}"


def _number(value: Decimal | int | None, places: int = 1) -> str:
    if value is None:
        return _DASH
    quantum = _ONE.scaleb(-places)
    return _grouped(Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP))


def _percent(value: Decimal | None, *, fraction: bool = False, places: int = 1) -> str:
    """``value`` in percent (``fraction=True``: a 0-1 share, multiplied by 100)."""
    if value is None:
        return _DASH
    return f"{_number(value * _HUNDRED if fraction else value, places)} %"


def _text(value: Any) -> str:
    if value is None:
        return _DASH
    if isinstance(value, Enum):
        return str(value.value).replace("_", " ")
    if isinstance(value, Money):
        return _money_text(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, _dt.date):
        return value.isoformat()
    return str(value)


def _esc(value: Any) -> str:
    """``value`` as escaped text, or as is when it is trusted `Html`."""
    if isinstance(value, Html):
        return str(value)
    return html.escape(_text(value), quote=True)


def _is_numeric(value: Any) -> bool:
    return isinstance(value, Money | Decimal | int) and not isinstance(value, bool)


# -- building blocks ----------------------------------------------------------------------


def table(
    header: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    *,
    numeric: Iterable[int] = (),
    footer: Sequence[Any] | None = None,
) -> Html:
    """An HTML table; every cell escaped unless it is `Html`.

    Args:
        header: The column titles.
        rows: The rows, each a sequence of cells (any value: money and dates are
            formatted, ``None`` shows as a dash).
        numeric: The indexes of the columns to align right (money, decimals and ints are
            aligned right anyway).
        footer: An optional total row, in bold.

    Examples:
        >>> from recouvrement.money import Money
        >>> print(table(["Debtor", "Owes"], [["<Martin>", Money("1234.5")]]))
        <table style="border-collapse:collapse;margin:2px 0"><thead><tr><th style="text-align:left;padding:2px 10px 2px 0;border-bottom:1px solid rgba(127,127,127,0.5)">Debtor</th><th style="text-align:left;padding:2px 10px 2px 0;border-bottom:1px solid rgba(127,127,127,0.5)">Owes</th></tr></thead><tbody><tr><td style="text-align:left;padding:2px 10px 2px 0;border-bottom:1px solid rgba(127,127,127,0.2)">&lt;Martin&gt;</td><td style="text-align:right;padding:2px 10px 2px 0;border-bottom:1px solid rgba(127,127,127,0.2);font-variant-numeric:tabular-nums;white-space:nowrap">1,234.50 EUR</td></tr></tbody></table>
    """
    right = set(numeric)
    parts = [f'<table style="{_TABLE}"><thead><tr>']
    parts.extend(f'<th style="{_TH}">{_esc(h)}</th>' for h in header)
    parts.append("</tr></thead><tbody>")
    for row in rows:
        parts.append("<tr>")
        for index, cell in enumerate(row):
            style = _TD_NUM if index in right or _is_numeric(cell) else _TD
            parts.append(f'<td style="{style}">{_esc(cell)}</td>')
        parts.append("</tr>")
    parts.append("</tbody>")
    if footer is not None:
        parts.append("<tfoot><tr>")
        for index, cell in enumerate(footer):
            style = _TD_FOOT_NUM if index in right or _is_numeric(cell) else _TD_FOOT
            parts.append(f'<td style="{style}">{_esc(cell)}</td>')
        parts.append("</tr></tfoot>")
    parts.append("</table>")
    return Html("".join(parts))


def _fields(fields: Iterable[tuple[str, Any]]) -> str:
    rows = "".join(
        f'<tr><th style="{_TH_FIELD}">{_esc(name)}</th><td>{_esc(value)}</td></tr>'
        for name, value in fields
    )
    return f'<table style="{_TABLE}"><tbody>{rows}</tbody></table>'


def card(title: Any, fields: Iterable[tuple[str, Any]], *sections: Html, kind: str = "") -> Html:
    """A titled block: a two-column field list, then the ``sections`` (trusted HTML).

    Args:
        title: The heading (escaped).
        fields: ``(name, value)`` pairs, shown in order.
        sections: Further trusted fragments (tables, lists), shown in order.
        kind: A CSS class suffix (``"decision"`` gives ``recouvrement-decision``).

    Examples:
        >>> card("Claim <F-1>", [("Due on", "2025-02-14")]).count("&lt;F-1&gt;")
        1
    """
    css = f"recouvrement recouvrement-{kind}" if kind else "recouvrement"
    body = "".join(str(s) for s in sections)
    return Html(
        f'<div class="{html.escape(css, quote=True)}" style="{_ROOT}">'
        f'<div style="{_TITLE}">{_esc(title)}</div>{_fields(fields)}{body}</div>'
    )


def _section(title: str, body: Html | str) -> Html:
    return Html(f'<div style="{_SUBTITLE}">{_esc(title)}</div>{body}')


def _badge(value: Any) -> Html:
    return Html(f'<span style="{_BADGE}">{_esc(value)}</span>')


def bar(fraction: Decimal | int | None, *, width: int = 120, colour: str = _BAR_COLOUR) -> Html:
    """A horizontal bar in pure HTML/CSS, filled to ``fraction`` (0 to 1, clamped).

    Examples:
        >>> print(bar(Decimal("0.25"), width=80))
        <span style="display:inline-block;vertical-align:middle;height:10px;background:rgba(127,127,127,0.18);border-radius:2px;width:80px"><span style="display:block;height:10px;border-radius:2px;background:#3f51b5;width:25.0%"></span></span>
    """
    value = _ZERO if fraction is None else min(max(Decimal(fraction), _ZERO), _ONE)
    percent = (value * _HUNDRED).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if not colour.replace("#", "").isalnum():
        raise InvalidValue("colour", colour, "a colour name or #hex code")
    return Html(
        f'<span style="{_BAR_OUT};width:{int(width)}px">'
        f'<span style="{_BAR_IN}{colour};width:{percent}%"></span></span>'
    )


def reasons_html(reasons: Iterable[Reason]) -> Html:
    """The reasons as a numbered list: message, citation, code.

    Examples:
        >>> from recouvrement.explain import Citation, Reason
        >>> r = Reason("x.y", "Due <now>", citation=Citation("C. civ.", "1344"))
        >>> "Due &lt;now&gt;" in reasons_html([r]) and "C. civ. 1344" in reasons_html([r])
        True
    """
    items = []
    for reason in reasons:
        cite = ""
        if reason.citation is not None:
            cite = f' <cite style="{_CITE}">[{_esc(reason.citation)}]</cite>'
        items.append(
            f'<li>{_esc(reason.message)}{cite} <code style="{_CODE}">{_esc(reason.code)}</code></li>'
        )
    if not items:
        return Html("")
    return Html(f'<ol style="{_LIST}">{"".join(items)}</ol>')


def _reasons_section(reasons: Sequence[Reason], title: str = "Reasons") -> tuple[Html, ...]:
    return (_section(title, reasons_html(reasons)),) if reasons else ()


def _share(part: Decimal, whole: Decimal) -> Decimal | None:
    if whole <= 0:
        return None
    return (part / whole).quantize(_SHARE, rounding=ROUND_HALF_UP)
