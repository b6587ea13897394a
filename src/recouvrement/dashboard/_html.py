"""The dashboard's HTML: inline CSS, inline SVG, no script, printable."""

from __future__ import annotations

from decimal import Decimal
from html import escape
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._build import Dashboard, Headline

__all__ = ["render"]

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2733;background:#f5f6f8}
header{background:#1f3a5f;color:#fff;padding:14px 28px}header h1{margin:0;font-size:1.4em}
main{max-width:1280px;margin:0 auto;padding:16px 28px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));gap:12px}
.card{background:#fff;border-radius:6px;padding:10px 14px;box-shadow:0 1px 2px #0002}
.card .label{font-size:.85em;color:#556}.card .value{font-size:1.6em;font-weight:600;margin:4px 0}
.card .change{font-size:.85em;color:#556}.card details{font-size:.8em;color:#445;margin-top:4px}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(560px,1fr));gap:12px;margin-top:16px}
figure{background:#fff;margin:0;padding:8px;border-radius:6px;box-shadow:0 1px 2px #0002}
figure svg{width:100%;height:auto}figcaption{font-weight:600;margin-bottom:4px}
table{border-collapse:collapse;background:#fff;margin-top:8px}td,th{padding:3px 10px;border-bottom:1px solid #e3e5e8;text-align:left}
td.num{text-align:right;font-variant-numeric:tabular-nums}
@media print{body{background:#fff}header{background:#fff;color:#000;border-bottom:2px solid #000}
.card,figure{box-shadow:none;border:1px solid #999;break-inside:avoid}details{display:block}
.charts{grid-template-columns:1fr 1fr}}
"""

_TEXT = {
    "fr": {
        "title": "Tableau de bord du recouvrement",
        "as_of": "au",
        "previous": "vs mois précédent",
        "undefined": "non défini",
        "how": "Comment c'est calculé",
        "debtors": "Principaux débiteurs en retard",
        "debtor": "Débiteur",
        "overdue": "Échu",
        "alerts": "Alertes",
        "worklist": "Liste de travail du jour",
        "none": "aucune",
        "deadlines": "Délais légaux proches (prescription, déclaration de créance)",
        "actions": "Actions par étape",
        "action": "Action",
        "claims": "Créances",
        "due_now": "À faire aujourd'hui",
    },
    "en": {
        "title": "Collections dashboard",
        "as_of": "as of",
        "previous": "vs previous month",
        "undefined": "undefined",
        "how": "How it is computed",
        "debtors": "Top debtors by overdue",
        "debtor": "Debtor",
        "overdue": "Overdue",
        "alerts": "Alerts",
        "worklist": "The day's worklist",
        "none": "none",
        "deadlines": "Legal deadlines close (prescription, claim declaration)",
        "actions": "Actions by step",
        "action": "Action",
        "claims": "Claims",
        "due_now": "Due today",
    },
}


def _number(value: Decimal, french: bool, places: int = 2) -> str:
    text = f"{value:,.{places}f}"
    if french:
        text = text.replace(",", "\u202f").replace(".", ",")
    return text


def _figure(
    value: Decimal | None, unit: str, currency: str, french: bool, words: dict[str, str]
) -> str:
    if value is None:
        return words["undefined"]
    if unit == "money":
        return f"{_number(value, french)} {currency}"
    if unit == "days":
        return f"{_number(value, french, 1)} {'j' if french else 'd'}"
    return f"{_number(value, french, 1)} %"


def _card(headline: Headline, board: Dashboard, french: bool, words: dict[str, str]) -> str:
    spec = headline.spec
    shown = _figure(headline.value, spec.unit, board.currency, french, words)
    change = headline.change
    delta = "—" if change is None else _figure(change, spec.unit, board.currency, french, words)
    if change is not None and change > 0:
        delta = "+" + delta
    exact = "" if headline.value is None else str(headline.value)
    return (
        f'<div class="card" data-figure="{escape(spec.name)}" data-value="{escape(exact)}">'
        f'<div class="label">{escape(spec.label("fr" if french else "en"))}</div>'
        f'<div class="value">{escape(shown)}</div>'
        f'<div class="change">{escape(delta)} {words["previous"]}</div>'
        f"<details><summary>{words['how']}</summary>{escape(spec.convention)}</details></div>"
    )


def _rows(items: tuple[dict[str, Any], ...], words: dict[str, str]) -> str:
    if not items:
        return f"<p>{words['none']}</p>"
    lines = "".join(
        "<li>" + escape(", ".join(f"{k}: {v}" for k, v in sorted(item.items()))) + "</li>"
        for item in items
    )
    return f"<ul>{lines}</ul>"


def _actions(board: Dashboard, words: dict[str, str]) -> str:
    rows = "".join(
        f"<tr><td>{escape(str(r['action']))}</td><td class='num'>{r['claims']}</td>"
        f"<td class='num'>{r['due_now']}</td></tr>"
        for r in board.actions
    )
    return (
        f"<section><h2>{words['actions']}</h2><table><tr><th>{words['action']}</th>"
        f"<th>{words['claims']}</th><th>{words['due_now']}</th></tr>{rows}</table></section>"
    )


def render(board: Dashboard) -> str:
    """The dashboard as one HTML page."""
    french = board.locale.lower().startswith("fr")
    words = _TEXT["fr" if french else "en"]
    cards = "".join(_card(h, board, french, words) for h in board.headlines)
    charts = "".join(
        f'<figure data-chart="{escape(key)}"><figcaption>{escape(title)}</figcaption>{svg}</figure>'
        for key, title, svg in board.charts
    )
    debtors = "".join(
        f"<tr><td>{escape(name)}</td><td class='num'>{escape(_number(amount, french))} {board.currency}</td></tr>"
        for name, amount in board.top_debtors
    )
    day = board.as_of.isoformat()
    return (
        f'<!DOCTYPE html>\n<html lang="{"fr" if french else "en"}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{words['title']} {day}</title><style>{_CSS}</style></head><body>"
        f"<header><h1>{words['title']} — {words['as_of']} {day}</h1></header><main>"
        f'<section class="cards">{cards}</section><section class="charts">{charts}</section>'
        f"<section><h2>{words['debtors']}</h2><table><tr><th>{words['debtor']}</th>"
        f"<th>{words['overdue']}</th></tr>{debtors}</table></section>"
        f"<section><h2>{words['deadlines']}</h2>{_rows(board.deadlines, words)}</section>"
        f"<section><h2>{words['alerts']}</h2>{_rows(board.alerts, words)}</section>"
        f"{_actions(board, words)}"
        f"<section><h2>{words['worklist']}</h2>{_rows(board.worklist, words)}</section>"
        "</main></body></html>\n"
    )
