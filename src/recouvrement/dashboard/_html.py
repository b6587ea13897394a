"""The dashboard's HTML: inline CSS, inline SVG, no script, printable, in French or English."""

from __future__ import annotations

from decimal import Decimal
from html import escape
from typing import TYPE_CHECKING, Any

from .._text import word
from ..kpi.specs import KpiPeriod

if TYPE_CHECKING:
    from ._build import Dashboard, Headline

__all__ = ["render"]

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2733;background:#f5f6f8}
header{background:#1f3a5f;color:#fff;padding:14px 28px}header h1{margin:0;font-size:1.4em}
main{max-width:1280px;margin:0 auto;padding:16px 28px;box-sizing:border-box}
h2{font-size:1.2em;margin:20px 0 6px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));gap:12px}
.card{background:#fff;border-radius:6px;padding:10px 14px;box-shadow:0 1px 2px #0002}
.card .label{font-size:.85em;color:#556}.card .value{font-size:1.6em;font-weight:600;margin:4px 0}
.card .change{font-size:.85em;color:#556}details{font-size:.8em;color:#445;margin-top:4px}
details p{margin:4px 0}summary{cursor:pointer}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(560px,100%),1fr));gap:12px;margin-top:16px}
figure{background:#fff;margin:0;padding:8px;border-radius:6px;box-shadow:0 1px 2px #0002;min-width:0}
figure svg{width:100%;height:auto}figcaption{font-weight:600;margin-bottom:4px}
.table{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;background:#fff;margin-top:8px;max-width:100%}
td,th{padding:3px 10px;border-bottom:1px solid #e3e5e8;text-align:left;vertical-align:top;overflow-wrap:break-word}
th{white-space:nowrap}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.keep{white-space:nowrap}
table.wide{width:100%}
@media print{@page{size:A4;margin:12mm}body{background:#fff;font-size:10pt}
header{background:#fff;color:#000;border-bottom:2px solid #000;padding:0 0 6px}main{max-width:none;padding:0}
.card,figure{box-shadow:none;border:1px solid #999;break-inside:avoid}
.charts{grid-template-columns:1fr 1fr}tr{break-inside:avoid}h2{break-after:avoid}}
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
        "alerts": "Alertes du jour",
        "worklist": "Liste de travail du jour",
        "none": "aucune",
        "actions": "Actions par étape",
        "action": "Action",
        "claims": "Créances",
        "claim": "Créance",
        "due_now": "À faire aujourd'hui",
        "kind": "Type",
        "date": "Date",
        "message": "Message",
        "citation": "Base légale",
        "at_stake": "En jeu",
        "priority": "Priorité",
        "parts": "Composantes",
        "period": "Période",
        "day": "Au",
        "previous_value": "Mois précédent",
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
        "alerts": "Alerts of the day",
        "worklist": "The day's worklist",
        "none": "none",
        "actions": "Actions by step",
        "action": "Action",
        "claims": "Claims",
        "claim": "Claim",
        "due_now": "Due today",
        "kind": "Kind",
        "date": "Date",
        "message": "Message",
        "citation": "Legal basis",
        "at_stake": "At stake",
        "priority": "Priority",
        "parts": "Parts",
        "period": "Period",
        "day": "On",
        "previous_value": "Previous month",
    },
}

# How each headline figure is computed, in French (the English is the KPI spec's convention).
_CONVENTION_FR = {
    "receivables": "somme des soldes des créances au jour (les trop-perçus comptent en négatif)",
    "past_due_receivables": "encours clients moins l'encours non échu (échéance au jour "
    "comprise) ; les trop-perçus comptent en négatif, il peut donc être inférieur au solde "
    "échu des créances ouvertes",
    "dso_countback": "nombre de jours de ventes nettes mensuelles, du mois le plus récent au "
    "plus ancien, qu'épuise l'encours du jour (méthode countback ; non défini quand "
    "l'historique s'épuise avant)",
    "cei": "(encours d'ouverture + ventes - encours de clôture) / (encours d'ouverture + "
    "ventes - encours non échu de clôture) × 100",
    "recovery_rate": "encaissé depuis la mise en recouvrement / montant confié × 100, cumulé "
    "jusqu'au jour",
    "cost_of_recovery": "frais de recouvrement et honoraires d'agence / encaissé en "
    "recouvrement × 100, sur la période",
}

# Why a headline figure can be undefined: (English, French).
_UNDEFINED = {
    "recovery_rate": (
        "Undefined: no amount was placed in recovery (handed to an agency) up to this day, "
        "so there is nothing to divide by.",
        "Non défini : aucun montant mis en recouvrement (confié à une agence) jusqu'à ce "
        "jour, donc rien par quoi diviser.",
    ),
    "cost_of_recovery": (
        "Undefined: nothing was collected in recovery in the period, so there is nothing to "
        "divide by.",
        "Non défini : rien n'a été encaissé en recouvrement sur la période, donc rien par quoi "
        "diviser.",
    ),
    "dso_countback": (
        "Undefined: the history of monthly sales runs out before the receivables are exhausted.",
        "Non défini : l'historique des ventes mensuelles s'épuise avant l'encours.",
    ),
    "cei": (
        "Undefined: opening receivables + sales - closing current receivables is zero or "
        "negative, so there is nothing to divide by.",
        "Non défini : encours d'ouverture + ventes - encours non échu de clôture est nul ou "
        "négatif, donc rien par quoi diviser.",
    ),
}

# How each chart is drawn: (English, French).
_CHART_HOW = {
    "aging": (
        "The balances of the open claims on the day, by days past the due date: 'not due' "
        "(due date on or after the day), then each bucket of days past due. Amounts exact, "
        "before late interest.",
        "Les soldes des créances ouvertes au jour, par jours de retard depuis l'échéance : "
        "« non échu » (échéance au jour ou après), puis chaque tranche de jours de retard. "
        "Montants exacts, hors intérêts de retard.",
    ),
    "trend": (
        "One point per month, on its last day: the countback DSO (days of monthly net sales, "
        "newest first, that the receivables exhaust) and the CEI of the month ((opening "
        "receivables + sales - closing receivables) / (opening receivables + sales - "
        "closing current receivables) × 100). Months without enough history are gaps.",
        "Un point par mois, à son dernier jour : le DSO countback (jours de ventes nettes "
        "mensuelles, du plus récent au plus ancien, qu'épuise l'encours) et le CEI du mois "
        "((encours d'ouverture + ventes - encours de clôture) / (encours d'ouverture + "
        "ventes - encours non échu de clôture) × 100). Les mois sans historique suffisant "
        "sont des trous.",
    ),
    "sales": (
        "Sales: the claims issued in the month less the credit notes dated in it. "
        "Receivables: the balances of the claims on the month's last day.",
        "Ventes : les créances émises dans le mois moins les avoirs datés du mois. "
        "Encours : les soldes des créances au dernier jour du mois.",
    ),
    "debtors": (
        "The balance of each debtor's claims past their due date on the day (outstanding "
        "balance above zero), summed by debtor; the largest first.",
        "Le solde des créances de chaque débiteur dont l'échéance est passée au jour (solde "
        "restant dû positif), additionné par débiteur ; les plus grands d'abord.",
    ),
    "segments": (
        "The debtors by payment-behaviour segment (recouvrement.profiling: payments, "
        "promises and plans over the 24 months up to the day).",
        "Les débiteurs par segment de comportement de paiement (recouvrement.profiling : "
        "paiements, promesses et échéanciers sur les 24 mois jusqu'au jour).",
    ),
}

_ALERTS_HOW = (
    "Legal deadlines within the window (prescription, claim declaration, relief from "
    "foreclosure; recouvrement.prescription), the latest payment promise due or broken and "
    "the payment plan in force broken (recouvrement.history, with the policy's grace days), "
    "credit limits exceeded (recouvrement.credit, when a credit policy is given) and rate "
    "tables that lack a rate needed on the day (recouvrement.ratesync.check).",
    "Délais légaux proches (prescription, déclaration de créance, relevé de forclusion ; "
    "recouvrement.prescription), dernière promesse de paiement échue ou non tenue et "
    "échéancier en cours rompu (recouvrement.history, avec les jours de tolérance de la "
    "politique), limites de crédit dépassées (recouvrement.credit, quand une politique de "
    "crédit est donnée) et tables de taux auxquelles manque un taux nécessaire au jour "
    "(recouvrement.ratesync.check).",
)

_WORKLIST_HOW = (
    "recouvrement.worklists.worklist: accounts ranked by a priority, the sum of named parts: "
    "amount at stake {amount} × log10(1 + the overdue balance, else the open balance when "
    "nothing is overdue), chance unpaid {chance_unpaid} × (1 - p) "
    "(payment model), legal deadlines {deadline_7} / {deadline_30} / {deadline_90} points "
    "within 7 / 30 / 90 days, promise due {promise_due}, broken promise {broken_promise}, "
    "broken plan {broken_plan} (conventions of the library, not law).",
    "recouvrement.worklists.worklist : comptes classés par une priorité, somme de "
    "composantes nommées : montant en jeu {amount} × log10(1 + solde échu, à défaut solde ouvert quand rien "
    "n'est échu), risque d'impayé "
    "{chance_unpaid} × (1 - p) (modèle de paiement), délais légaux {deadline_7} / "
    "{deadline_30} / {deadline_90} points à 7 / 30 / 90 jours, promesse échue {promise_due}, "
    "promesse non tenue {broken_promise}, échéancier rompu {broken_plan} (conventions de la "
    "bibliothèque, pas la loi).",
)
"""Filled with `recouvrement.worklists.DEFAULT_WEIGHTS` (the points the dashboard uses)."""

_ACTIONS_HOW = (
    "recouvrement.decisions.next_action on every claim, with the escalation policy and the "
    "debtors' profiles: how many claims need each action, and how many of them are due on "
    "the day (their date has come).",
    "recouvrement.decisions.next_action sur chaque créance, avec la politique de relance et "
    "les profils des débiteurs : combien de créances appellent chaque action, et combien "
    "sont à faire au jour (leur date est arrivée).",
)

# Labels of the alert kinds and worklist parts not in `recouvrement._text`: (English, French).
_KINDS = {
    "amount": ("amount at stake", "montant en jeu"),
    "chance_unpaid": ("chance unpaid", "risque d'impayé"),
    "payment_order_service": ("payment order to serve", "injonction à signifier"),
    "judgment_service": ("judgment to serve", "jugement à signifier"),
    "promise_due": ("promise due", "promesse échue"),
    "broken_promise": ("broken promise", "promesse non tenue"),
    "broken_plan": ("broken plan", "échéancier rompu"),
    "limit_exceeded": ("credit limit exceeded", "limite de crédit dépassée"),
    "rates_out_of_date": ("rate table out of date", "table de taux périmée"),
}


def _kind(name: Any, french: bool) -> str:
    key = str(name)
    if key in _KINDS:
        return _KINDS[key][1 if french else 0]
    return word("deadline", key, "fr_FR" if french else "en_GB")


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


def _how(headline: Headline, board: Dashboard, french: bool, words: dict[str, str]) -> str:
    """The card's details: formula and convention, period or day, previous value, why undefined."""
    spec = headline.spec
    formula = _CONVENTION_FR.get(spec.name, spec.convention) if french else spec.convention
    lines = [formula[:1].upper() + formula[1:] + "."]
    if spec.point_in_time:
        lines.append(f"{words['day']} {board.as_of.isoformat()}.")
    else:
        period = KpiPeriod.window(as_of=board.as_of, months=1)
        lines.append(
            f"{words['period']} : {period.start.isoformat()} – {period.end.isoformat()}."
            if french
            else f"{words['period']}: {period.start.isoformat()} – {period.end.isoformat()}."
        )
    previous = _figure(headline.previous, spec.unit, board.currency, french, words)
    lines.append(f"{words['previous_value']}{' :' if french else ':'} {previous}.")
    if headline.value is None:
        pair = _UNDEFINED.get(spec.name)
        if pair is not None:
            lines.append(pair[1 if french else 0])
    body = "".join(f"<p>{escape(line)}</p>" for line in lines)
    return f"<details><summary>{words['how']}</summary>{body}</details>"


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
        f"{_how(headline, board, french, words)}</div>"
    )


def _details(text: str, words: dict[str, str]) -> str:
    return f"<details><summary>{words['how']}</summary><p>{escape(text)}</p></details>"


def _section(title: str, body: str) -> str:
    return f"<section><h2>{title}</h2>{body}</section>"


def _table(headers: list[tuple[str, str]], rows: list[list[str]], wide: bool = False) -> str:
    """A table in a scrolling box; ``headers`` are ``(title, class)``; cells are HTML.

    The class is ``num`` (right-aligned figures), ``keep`` (not wrapped: dates, ids) or empty.
    """
    head = "".join(f"<th{f' class={c}' if c else ''}>{title}</th>" for title, c in headers)
    body = "".join(
        "<tr>"
        + "".join(
            f"<td{f' class={c}' if c else ''}>{cell}</td>"
            for (_, c), cell in zip(headers, row, strict=True)
        )
        + "</tr>"
        for row in rows
    )
    cls = ' class="wide"' if wide else ""
    return f'<div class="table"><table{cls}><tr>{head}</tr>{body}</table></div>'


def _text(value: Any) -> str:
    return "" if value is None else escape(str(value))


def _alerts(board: Dashboard, french: bool, words: dict[str, str]) -> str:
    how = _details(_ALERTS_HOW[1 if french else 0], words)
    if not board.alerts:
        return _section(words["alerts"], f"<p>{words['none']}</p>{how}")
    rows = []
    for alert in board.alerts:
        kind = alert.get("kind", alert.get("code", ""))
        message = alert.get("message_fr") if french else None
        rows.append(
            [
                escape(_kind(kind, french)),
                _text(alert.get("date")),
                _text(alert.get("debtor", alert.get("debtor_id"))),
                _text(alert.get("claim_id")),
                _text(message or alert.get("message", "")),
                _text(alert.get("citation")),
            ]
        )
    headers = [
        (words["kind"], ""),
        (words["date"], "keep"),
        (words["debtor"], ""),
        (words["claim"], "keep"),
        (words["message"], ""),
        (words["citation"], "keep"),
    ]
    return _section(words["alerts"], how + _table(headers, rows, wide=True))


def _money_list(amounts: Any, french: bool) -> str:
    return ", ".join(
        f"{_number(Decimal(str(m['amount'])), french)} {m['currency']}" for m in amounts or ()
    )


def _worklist(board: Dashboard, french: bool, words: dict[str, str]) -> str:
    from ..worklists import DEFAULT_WEIGHTS

    how = _details(_WORKLIST_HOW[1 if french else 0].format(**DEFAULT_WEIGHTS), words)
    if not board.worklist:
        return _section(words["worklist"], f"<p>{words['none']}</p>{how}")
    locale = "fr_FR" if french else "en_GB"
    rows = []
    for item in board.worklist:
        claims = list(item.get("claim_ids", ()))
        shown = ", ".join(claims[:4]) + (f" (+{len(claims) - 4})" if len(claims) > 4 else "")
        parts = "; ".join(
            f"{_kind(p['name'], french)} {_number(Decimal(str(p['points'])), french)}"
            for p in item.get("parts", ())
        )
        rows.append(
            [
                _text(item.get("rank")),
                _text(item.get("debtor_name", item.get("debtor_id"))),
                escape(word("action", item.get("action", ""), locale)),
                escape(shown),
                escape(_money_list(item.get("at_stake"), french)),
                escape(_number(Decimal(str(item.get("priority", "0"))), french)),
                escape(parts),
            ]
        )
    headers = [
        ("#", "num"),
        (words["debtor"], ""),
        (words["action"], ""),
        (words["claims"], ""),
        (words["at_stake"], "num"),
        (words["priority"], "num"),
        (words["parts"], ""),
    ]
    return _section(words["worklist"], how + _table(headers, rows, wide=True))


def _actions(board: Dashboard, french: bool, words: dict[str, str]) -> str:
    locale = "fr_FR" if french else "en_GB"
    rows = [
        [escape(word("action", r["action"], locale)), str(r["claims"]), str(r["due_now"])]
        for r in board.actions
    ]
    headers = [(words["action"], ""), (words["claims"], "num"), (words["due_now"], "num")]
    how = _details(_ACTIONS_HOW[1 if french else 0], words)
    return _section(words["actions"], how + _table(headers, rows))


def _charts(board: Dashboard, french: bool, words: dict[str, str]) -> str:
    out = []
    for key, title, svg in board.charts:
        pair = _CHART_HOW.get(key)
        how = "" if pair is None else _details(pair[1 if french else 0], words)
        out.append(
            f'<figure data-chart="{escape(key)}"><figcaption>{escape(title)}</figcaption>'
            f"{svg}{how}</figure>"
        )
    return "".join(out)


def render(board: Dashboard) -> str:
    """The dashboard as one HTML page."""
    french = board.locale.lower().startswith("fr")
    words = _TEXT["fr" if french else "en"]
    cards = "".join(_card(h, board, french, words) for h in board.headlines)
    debtors = _table(
        [(words["debtor"], ""), (f"{words['overdue']} ({board.currency})", "num")],
        [[escape(name), escape(_number(amount, french))] for name, amount in board.top_debtors],
    )
    day = board.as_of.isoformat()
    return (
        f'<!DOCTYPE html>\n<html lang="{"fr" if french else "en"}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{words['title']} {day}</title><style>{_CSS}</style></head><body>"
        f"<header><h1>{words['title']} — {words['as_of']} {day}</h1></header><main>"
        f'<section class="cards">{cards}</section>'
        f'<section class="charts">{_charts(board, french, words)}</section>'
        f"{_alerts(board, french, words)}"
        f"{_worklist(board, french, words)}"
        f"{_section(words['debtors'], debtors)}"
        f"{_actions(board, french, words)}"
        "</main></body></html>\n"
    )
