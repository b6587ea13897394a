"""Results in notebooks: HTML cards and tables, and Polars frames.

Decisions, debtor profiles, aging balances, KPI trends, prescriptions and amounts due
display as readable HTML in Jupyter (their ``_repr_html_`` calls the renderers here), and
the results that are tables have a ``to_frame()`` giving a Polars ``DataFrame``.

**HTML.** Dependency-free, deterministic (same object, same bytes) and self-contained:
inline styles only, no script, no external stylesheet, no void element. Every value is
escaped with `html.escape`, so a debtor named ``<script>`` shows as text. Amounts are shown
rounded half up to the currency's precision, with thousands separators (``1,500.00 EUR``);
the objects keep the exact values. `Html` marks a fragment as trusted markup and displays
itself, so ``decisions_html(decisions)`` renders as a table in a notebook cell.

**Frames.** Polars is an optional extra (``pip install 'recouvrement[frames]'``), imported
only when a frame is asked for; without it `MissingDependency` says what to install.
Amounts are exact ``Decimal(38, s)`` columns (``s``: the largest number of decimals in the
column, at least the currency's precision) with the currency in its own ``currency``
column; never floats, unless asked with ``floats=True``. A value that would need more than
38 digits at the column's scale (a 28-digit KPI quotient beside a 13-digit integer part)
is rounded half up to fit. Dates are ``Date`` columns, enums their value, reasons lists of
strings.

Examples:
    >>> from recouvrement.display import decisions_to_frame, decision_html
    >>> from recouvrement.decisions import next_action
    >>> from recouvrement.sample import sample_claim
    >>> decision = next_action(sample_claim(), as_of="2025-06-30")
    >>> decision_html(decision).startswith('<div class="recouvrement')
    True
    >>> frame = decisions_to_frame([decision])
    >>> frame.select("claim_id", "action", "currency").row(0)
    ('F-2025-0042', 'small_claims_procedure', 'EUR')
    >>> frame.item(0, "total") == decision.amounts.total.amount
    True
"""

from __future__ import annotations

import datetime as _dt
import html
from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any

from .errors import InvalidType, InvalidValue, MissingDependency
from .explain import Reason
from .money import Money, currency_precision

if TYPE_CHECKING:
    import polars as pl

    from .decisions import DebtorAction, Decision
    from .interest import AmountsDue, LateInterest
    from .kpi.aging import AgingBalance
    from .kpi.portfolio import MonthlyKpis
    from .prescription import Prescription
    from .profiling import DebtorProfile

__all__ = [
    "FRAME_KINDS",
    "Html",
    "aging_html",
    "aging_to_frame",
    "amounts_due_html",
    "bar",
    "card",
    "contributions_to_frame",
    "debtor_action_html",
    "debtor_actions_to_frame",
    "decision_html",
    "decisions_html",
    "decisions_to_frame",
    "kpis_html",
    "late_interest_html",
    "prescription_html",
    "profile_html",
    "profiles_html",
    "profiles_to_frame",
    "reasons_html",
    "table",
    "to_frame",
    "trend_html",
    "trend_to_frame",
]

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


# -- decisions ----------------------------------------------------------------------------


def _amount_lines(amounts: AmountsDue) -> Html:
    rows: list[list[Any]] = [
        ["Principal", amounts.principal],
        ["Interest", amounts.interest],
        ["Fixed indemnity", amounts.indemnity],
        ["Penalty clause", amounts.penalty],
    ]
    if amounts.overpaid.amount:
        rows.append(["Overpaid", amounts.overpaid])
    return table(["Line", "Amount"], rows, numeric=(1,), footer=["Total", amounts.total])


def decision_html(decision: Decision) -> Html:
    """A decision as an HTML card: action, channel, date, step, tone, amounts, reasons.

    Examples:
        >>> from recouvrement.decisions import next_action
        >>> from recouvrement.sample import sample_claim
        >>> decision = next_action(sample_claim(), as_of="2025-06-30")
        >>> page = decision_html(decision)
        >>> "small claims procedure" in page and "Amounts due" in page
        True
        >>> f"{decision.amounts.total.amount:,f} EUR" in page
        True
    """
    d = decision
    when = d.on.isoformat() + (" (due now)" if d.due_now else "")
    fields: list[tuple[str, Any]] = [
        ("Action", _badge(d.action)),
        ("Do on", when),
        ("Channel", d.channel),
        ("Step", d.step),
        ("Tone", d.tone),
        ("Legal deadline", d.deadline),
        ("Segment", d.segment),
        ("Policy", d.policy or None),
        ("As of", d.as_of),
    ]
    sections: list[Html] = []
    if d.amounts is not None:
        sections.append(_section("Amounts due", _amount_lines(d.amounts)))
    sections.extend(_reasons_section(d.reasons))
    return card(f"Claim {d.claim_id}: next action", fields, *sections, kind="decision")


def _first_reason(reasons: Sequence[Reason]) -> str | None:
    return str(reasons[0]) if reasons else None


def decisions_html(decisions: Iterable[Decision]) -> Html:
    """Many decisions as one HTML table (claim, action, date, channel, step, total, reason).

    Examples:
        >>> from recouvrement.decisions import next_actions
        >>> from recouvrement.sample import load_sample
        >>> sample = load_sample()
        >>> page = decisions_html(next_actions(sample.claims[:3], as_of=sample.as_of))
        >>> page.count("<tr>")
        4
    """
    rows = [
        [
            d.claim_id,
            _badge(d.action),
            d.on,
            d.channel,
            d.step,
            d.tone,
            None if d.amounts is None else d.amounts.total,
            d.deadline,
            _first_reason(d.reasons),
        ]
        for d in _decisions(decisions)
    ]
    header = ["Claim", "Action", "On", "Channel", "Step", "Tone", "Total due", "Deadline", "Why"]
    return Html(
        f'<div class="recouvrement recouvrement-decisions" style="{_ROOT}">'
        f"{table(header, rows, numeric=(6,))}</div>"
    )


def debtor_action_html(action: DebtorAction) -> Html:
    """A debtor's grouped communication as an HTML card, with every claim's decision.

    Examples:
        >>> from recouvrement.decisions import debtor_actions
        >>> from recouvrement.sample import load_sample
        >>> sample = load_sample()
        >>> grouped = debtor_actions(sample.claims, as_of=sample.as_of)
        >>> "Claims covered" in debtor_action_html(grouped[0])
        True
    """
    a = action
    fields: list[tuple[str, Any]] = [
        ("Action", _badge(a.action)),
        ("Do on", a.on),
        ("Channel", a.channel),
        ("Step", a.step),
        ("Tone", a.tone),
        ("Claims covered", ", ".join(a.claim_ids) or None),
        ("Also overdue", ", ".join(a.also_overdue) or None),
        ("Total", a.total),
        ("As of", a.as_of),
    ]
    sections = [*_reasons_section(a.reasons)]
    if a.decisions:
        sections.append(_section("Each claim", decisions_html(a.decisions)))
    return card(f"Debtor {a.debtor_id}: next action", fields, *sections, kind="debtor-action")


# -- amounts and interest (for recouvrement.interest) -------------------------------------


def amounts_due_html(amounts: AmountsDue) -> Html:
    """What is owed on a claim, line by line, with the reasons of each line.

    Examples:
        >>> from recouvrement.interest import amounts_due
        >>> from recouvrement.sample import sample_claim
        >>> "Fixed indemnity" in amounts_due_html(amounts_due(sample_claim(), as_of="2025-06-30"))
        True
    """
    a = amounts
    sections = [_section("Lines", _amount_lines(a))]
    for title, reasons in (
        ("Principal", a.principal_reasons),
        ("Interest", a.interest_reasons),
        ("Fixed indemnity", a.indemnity_reasons),
        ("Penalty clause", a.penalty_reasons),
    ):
        sections.extend(_reasons_section(reasons, title))
    fields = [("Total due", a.total), ("Interest regime", a.detail.regime), ("As of", a.as_of)]
    return card(f"Claim {a.claim_id}: amounts due", fields, *sections, kind="amounts-due")


def late_interest_html(interest: LateInterest) -> Html:
    """Late interest as an HTML card: regime, periods (rate, base, days), totals, reasons.

    Examples:
        >>> from recouvrement.interest import late_interest
        >>> from recouvrement.sample import sample_claim
        >>> "Periods" in late_interest_html(late_interest(sample_claim(), as_of="2025-06-30"))
        True
    """
    li = interest
    fields: list[tuple[str, Any]] = [
        ("Regime", li.regime),
        ("Interest", li.interest),
        ("Fixed indemnity", li.indemnity),
        ("Penalty clause (not in total)", li.penalty),
        ("Total", li.total),
        ("Allocation", li.allocation),
        ("Day count", li.day_count),
        ("As of", li.as_of),
    ]
    rows = [
        [p.start, p.end, p.days, f"{p.rate} %", p.base, p.amount, p.citation] for p in li.periods
    ]
    sections: list[Html] = []
    if rows:
        header = ["From", "To", "Days", "Rate", "Base", "Interest", "Rule"]
        sections.append(_section("Periods", table(header, rows, numeric=(3,))))
    sections.extend(_reasons_section(li.reasons))
    return card(f"Claim {li.claim_id}: late interest", fields, *sections, kind="late-interest")


# -- profiles -----------------------------------------------------------------------------

_KEY_METRICS: tuple[tuple[str, str], ...] = (
    ("history_days", "History (days)"),
    ("claims_issued", "Claims issued in the window"),
    ("claims_paid", "Claims paid"),
    ("on_time_share", "Paid on time"),
    ("average_days_late", "Average days late (paid)"),
    ("average_delay", "Average delay (paid and overdue)"),
    ("delay_trend", "Delay trend (days)"),
    ("claims_overdue", "Claims overdue"),
    ("overdue_amount", "Overdue amount"),
    ("oldest_days_past_due", "Oldest days past due"),
    ("overdue_months", "Overdue, in months of billing"),
    ("promises_broken", "Promises broken"),
    ("disputes_open", "Disputes open"),
    ("ignored_formal_notices", "Formal notices ignored"),
)


def _metric_text(name: str, value: Any) -> Any:
    if name.endswith("_share") and isinstance(value, Decimal):
        return _percent(value, fraction=True)
    return value


def profile_html(profile: DebtorProfile) -> Html:
    """A debtor profile as an HTML card: segment, score, contributions, metrics, reasons.

    Examples:
        >>> from recouvrement.profiling import profile_debtors
        >>> from recouvrement.sample import load_sample
        >>> sample = load_sample()
        >>> page = profile_html(profile_debtors(sample.claims, as_of=sample.as_of)["D0007"])
        >>> "occasionally late" in page and "Score contributions" in page
        True
    """
    p = profile
    m = p.metrics
    score = Html(f"{_esc(p.score)} / 100 {bar(Decimal(p.score) / _HUNDRED)}")
    fields: list[tuple[str, Any]] = [
        ("Segment", _badge(p.segment)),
        ("Risk score", score),
        ("Rule", p.rule),
        ("Window", f"{m.window_start.isoformat()} to {m.as_of.isoformat()}"),
    ]
    sections: list[Html] = []
    if p.contributions:
        rows = [
            [
                c.name,
                c.metric,
                c.value,
                c.weight,
                c.cap,
                c.points,
                bar(c.points / _HUNDRED, width=80),
            ]
            for c in p.contributions
        ]
        total = sum((c.points for c in p.contributions), _ZERO)
        header = ["Term", "Metric", "Value", "Weight", "Cap", "Points", ""]
        footer = ["Sum", "", "", "", "", total, ""]
        sections.append(
            _section("Score contributions", table(header, rows, numeric=(2,), footer=footer))
        )
    key = [[label, _metric_text(name, getattr(m, name))] for name, label in _KEY_METRICS]
    sections.append(_section("Key metrics", table(["Metric", "Value"], key, numeric=(1,))))
    sections.extend(_reasons_section(p.reasons))
    every = [[name, _metric_text(name, value)] for name, value in _metric_items(p)]
    sections.append(
        Html(
            f'<details style="margin-top:6px"><summary>All metrics</summary>'
            f"{table(['Metric', 'Value'], every, numeric=(1,))}</details>"
        )
    )
    return card(f"Debtor {p.debtor_id}: profile", fields, *sections, kind="profile")


def _metric_items(profile: DebtorProfile) -> list[tuple[str, Any]]:
    import attrs

    metrics = profile.metrics
    return [(f.name, getattr(metrics, f.name)) for f in attrs.fields(type(metrics))]


def _profiles(profiles: Any) -> list[DebtorProfile]:
    from .profiling import DebtorProfile

    if isinstance(profiles, DebtorProfile):
        return [profiles]
    if isinstance(profiles, Mapping):
        items = list(profiles.values())
    elif isinstance(profiles, str | bytes) or not isinstance(profiles, Iterable):
        raise InvalidType("profiles", profiles, "DebtorProfiles (a mapping or an iterable)")
    else:
        items = list(profiles)
    for index, item in enumerate(items):
        if not isinstance(item, DebtorProfile):
            raise InvalidType(f"profiles[{index}]", item, "DebtorProfile")
    return items


def profiles_html(profiles: Mapping[str, DebtorProfile] | Iterable[DebtorProfile]) -> Html:
    """Many profiles as one HTML table: segment, score (with a bar), key figures.

    Examples:
        >>> from recouvrement.profiling import profile_debtors
        >>> from recouvrement.sample import load_sample
        >>> sample = load_sample()
        >>> profiles_html(profile_debtors(sample.claims, as_of=sample.as_of)).count("<tr>")
        41
    """
    rows = [
        [
            p.debtor_id,
            _badge(p.segment),
            p.score,
            bar(Decimal(p.score) / _HUNDRED, width=80),
            p.metrics.claims_issued,
            _percent(p.metrics.on_time_share, fraction=True),
            _number(p.metrics.average_delay),
            p.metrics.overdue_amount,
        ]
        for p in _profiles(profiles)
    ]
    header = ["Debtor", "Segment", "Score", "", "Claims", "On time", "Avg delay", "Overdue"]
    return Html(
        f'<div class="recouvrement recouvrement-profiles" style="{_ROOT}">'
        f"{table(header, rows, numeric=(5, 6))}</div>"
    )


# -- aging and KPIs -----------------------------------------------------------------------


def _aging_rows(balance: AgingBalance) -> list[tuple[str, Money, Decimal | None]]:
    total = balance.total.amount
    rows = [("not due", balance.not_due, _share(balance.not_due.amount, total))]
    rows.extend((label, money, _share(money.amount, total)) for label, money in balance.buckets)
    return rows


def aging_html(balance: AgingBalance | Mapping[str, AgingBalance]) -> Html:
    """An aging balance as an HTML table: each bucket's amount, share and a bar.

    A mapping currency -> balance (what `aging` returns for several currencies) gives one
    table per currency.

    Examples:
        >>> from recouvrement.kpi.aging import aging
        >>> from recouvrement.sample import sample_claim
        >>> page = aging_html(aging([sample_claim()], as_of="2025-06-30"))
        >>> ">90" in page, "100.0 %" in page
        (False, True)
        >>> "&gt;90" in page
        True
    """
    if isinstance(balance, Mapping):
        return Html("".join(aging_html(b) for _, b in sorted(balance.items())))
    b = balance
    rows = []
    for label, money, share in _aging_rows(b):
        name = label if label == "not due" else f"{label} days"
        rows.append([name, money, _percent(share, fraction=True), bar(share)])
    past = _share(b.past_due.amount, b.total.amount)
    body = table(
        ["Bucket", "Amount", "Share", ""],
        rows,
        numeric=(2,),
        footer=[
            "Total",
            b.total,
            _percent(_ONE if b.total.amount > 0 else None, fraction=True),
            "",
        ],
    )
    fields = [
        ("Past due", f"{_money_text(b.past_due)} ({_percent(past, fraction=True)})"),
        ("Buckets", "days past due, upper bounds included"),
    ]
    title = f"Aging balance on {b.as_of.isoformat()} ({b.currency})"
    return card(title, fields, body, kind="aging")


_KPI_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("dso", "DSO", "days"),
    ("best_possible_dso", "Best possible DSO", "days"),
    ("average_days_delinquent", "Average days delinquent", "days"),
    ("dso_countback", "Countback DSO", "days"),
    ("cei", "CEI", "percent"),
    ("weighted_days_to_pay", "Weighted days to pay", "days"),
    ("weighted_days_late", "Weighted days late", "days"),
    ("recovery_rate", "Recovery rate", "percent"),
    ("cost_of_recovery", "Cost of recovery", "percent"),
)


def _kpi_text(value: Decimal | None, unit: str) -> str:
    return _percent(value) if unit == "percent" else _number(value)


def kpis_html(kpis: MonthlyKpis) -> Html:
    """One month of a KPI trend as an HTML card.

    Examples:
        >>> from recouvrement.kpi.portfolio import Portfolio
        >>> from recouvrement.sample import load_sample
        >>> month = Portfolio(load_sample().claims).trend(start="2026-03", end="2026-03")[0]
        >>> "Countback DSO" in kpis_html(month)
        True
    """
    k = kpis
    fields: list[tuple[str, Any]] = [
        ("Sales", k.sales),
        ("Receivables", k.receivables),
        ("Current receivables", k.current_receivables),
    ]
    fields.extend(
        (f"{label} ({unit})", _kpi_text(getattr(k, name), unit))
        for name, label, unit in _KPI_FIELDS
    )
    return card(f"KPIs of {k.month} (as of {k.as_of.isoformat()})", fields, kind="kpis")


def trend_html(rows: Iterable[MonthlyKpis]) -> Html:
    """A KPI trend (`Portfolio.trend`) as one HTML table, with a bar of each month's DSO.

    Examples:
        >>> from recouvrement.kpi.portfolio import Portfolio
        >>> from recouvrement.sample import load_sample
        >>> months = Portfolio(load_sample().claims).trend(start="2026-01", end="2026-03")
        >>> trend_html(months).count("<tr>")
        4
    """
    items = _kpi_rows(rows)
    top = max((k.dso for k in items if k.dso is not None), default=None)
    header = ["Month", "Sales", "Receivables", "DSO", "", "Countback DSO", "BPDSO", "ADD"]
    header += ["CEI", "Days to pay", "Days late", "Recovery", "Cost"]
    body = []
    for k in items:
        fraction = None if k.dso is None or not top else k.dso / top
        body.append(
            [
                k.month,
                k.sales,
                k.receivables,
                _number(k.dso),
                bar(fraction, width=80),
                _number(k.dso_countback),
                _number(k.best_possible_dso),
                _number(k.average_days_delinquent),
                _percent(k.cei),
                _number(k.weighted_days_to_pay),
                _number(k.weighted_days_late),
                _percent(k.recovery_rate),
                _percent(k.cost_of_recovery),
            ]
        )
    numeric = (3, 5, 6, 7, 8, 9, 10, 11, 12)
    return Html(
        f'<div class="recouvrement recouvrement-trend" style="{_ROOT}">'
        f"{table(header, body, numeric=numeric)}</div>"
    )


# -- prescription -------------------------------------------------------------------------


def prescription_html(prescription: Prescription) -> Html:
    """A prescription as an HTML card: deadline, basis, interruptions, suspensions, reasons.

    Examples:
        >>> from recouvrement.prescription import prescription_deadline
        >>> from recouvrement.sample import sample_claim
        >>> page = prescription_html(prescription_deadline(sample_claim(), as_of="2025-06-30"))
        >>> "C. com. L110-4" in page and "days left" in page
        True
    """
    p = prescription
    if p.time_barred:
        status = f"time-barred since {p.deadline.add(days=1).isoformat()}"
    else:
        status = f"{p.days_left} days left"
    fields: list[tuple[str, Any]] = [
        ("Deadline", Html(f"<strong>{_esc(p.deadline)}</strong> ({_esc(status)})")),
        ("Period", p.period),
        ("Basis", p.basis),
        ("Starts on", p.starts_on),
        ("Period running from", p.runs_from),
        ("Clock running", p.running),
        ("Long stop (20 years)", p.long_stop),
        ("As of", p.as_of),
    ]
    events = [*p.interruptions, *p.suspensions]
    sections: list[Html] = []
    if events:
        rows = [
            [e.effect, e.kind, e.start, e.end, e.ongoing, e.deadline_after, e.citation, e.note]
            for e in events
        ]
        header = ["Effect", "Event", "From", "To", "Ongoing", "Deadline after", "Article", "Note"]
        sections.append(_section("Interruptions and suspensions", table(header, rows)))
    sections.extend(_reasons_section(p.reasons))
    return card(f"Claim {p.claim_id}: prescription", fields, *sections, kind="prescription")


# -- frames -------------------------------------------------------------------------------

FRAME_KINDS = ("str", "int", "bool", "date", "decimal", "list")
"""The column kinds `to_frame` knows: ``list`` is a list of strings."""


def _polars() -> Any:
    try:
        import polars
    except ImportError as exc:
        raise MissingDependency("a Polars frame (to_frame)", extra="frames") from exc
    return polars


def _infer(values: Sequence[Any]) -> str:
    for value in values:
        if value is None:
            continue
        if isinstance(value, bool):
            return "bool"
        if isinstance(value, Decimal | Money):
            return "decimal"
        if isinstance(value, int):
            return "int"
        if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
            return "date"
        if isinstance(value, list | tuple):
            return "list"
        return "str"
    return "str"


def _decimal_column(
    values: Sequence[Any], name: str, minimum: int
) -> tuple[list[Decimal | None], int]:
    amounts: list[Decimal | None] = []
    scale = minimum
    digits = 1
    for value in values:
        if value is None:
            amounts.append(None)
            continue
        if isinstance(value, Money):
            value = value.amount
        if isinstance(value, bool) or not isinstance(value, Decimal | int):
            raise InvalidType(f"columns[{name!r}]", value, "Decimal, int, Money or None")
        number = Decimal(value)
        if not number.is_finite():
            raise InvalidValue(f"columns[{name!r}]", value, "must be a finite number")
        exponent = number.as_tuple().exponent
        if isinstance(exponent, int) and -exponent > scale:
            scale = -exponent
        if number:
            digits = max(digits, number.adjusted() + 1)
        amounts.append(number)
    if digits + scale > 38:
        scale = max(0, 38 - digits)
    quantum = _ONE.scaleb(-scale)
    exact: list[Decimal | None] = []
    for item in amounts:
        if item is not None:
            places = item.as_tuple().exponent
            if isinstance(places, int) and -places > scale:
                item = item.quantize(quantum, rounding=ROUND_HALF_UP)
        exact.append(item)
    return exact, scale


def _plain_date(value: Any, name: str) -> _dt.date | None:
    if value is None:
        return None
    if not isinstance(value, _dt.date) or isinstance(value, _dt.datetime):
        raise InvalidType(f"columns[{name!r}]", value, "a date or None")
    return _dt.date(value.year, value.month, value.day)


def to_frame(
    columns: Mapping[str, Sequence[Any]],
    *,
    kinds: Mapping[str, str] | None = None,
    floats: bool = False,
    scale: int | Mapping[str, int] = 0,
) -> pl.DataFrame:
    """Build a Polars frame from Python columns, decimals kept exact.

    Polars is imported only now; without it `MissingDependency` names the extra to
    install (``frames``).

    Args:
        columns: Column name -> values (all columns of the same length).
        kinds: The kind of some columns (one of `FRAME_KINDS`); the others are inferred
            from their first non-null value (``str`` when all are null).
        floats: Turn the ``decimal`` columns into ``Float64`` (inexact: only when asked).
        scale: The least scale of the ``decimal`` columns (the largest number of decimals
            found is used when larger): one for all, or column name -> scale (0 for the
            columns it does not list).

    Examples:
        >>> from decimal import Decimal
        >>> frame = to_frame({"bucket": ["1-30", ">30"], "amount": [Decimal("12.5"), Decimal("3")]})
        >>> frame.schema["amount"], frame.row(0)
        (Decimal(precision=38, scale=1), ('1-30', Decimal('12.5')))
        >>> to_frame({"amount": [Decimal("12.5")]}, floats=True).row(0)
        (12.5,)
    """
    plr = _polars()
    if not isinstance(columns, Mapping):
        raise InvalidType("columns", columns, "a mapping of column name -> values")
    if not isinstance(floats, bool):
        raise InvalidType("floats", floats, "bool")
    given = dict(kinds or {})
    lengths = {len(values) for values in columns.values()}
    if len(lengths) > 1:
        raise InvalidValue("columns", sorted(lengths), "columns must all have the same length")
    series = []
    for name, raw in columns.items():
        values = list(raw)
        kind = given.get(name) or _infer(values)
        if kind not in FRAME_KINDS:
            raise InvalidValue(f"kinds[{name!r}]", kind, f"one of {', '.join(FRAME_KINDS)}")
        if kind == "decimal":
            least = scale.get(name, 0) if isinstance(scale, Mapping) else scale
            exact, found = _decimal_column(values, name, least)
            if floats:
                floated = [None if v is None else float(v) for v in exact]
                series.append(plr.Series(name, floated, dtype=plr.Float64))
            else:
                series.append(plr.Series(name, exact, dtype=plr.Decimal(38, found)))
        elif kind == "date":
            series.append(plr.Series(name, [_plain_date(v, name) for v in values], dtype=plr.Date))
        elif kind == "list":
            items = [None if v is None else [str(x) for x in v] for v in values]
            series.append(plr.Series(name, items, dtype=plr.List(plr.String)))
        elif kind == "int":
            series.append(plr.Series(name, values, dtype=plr.Int64))
        elif kind == "bool":
            series.append(plr.Series(name, values, dtype=plr.Boolean))
        else:
            text = [
                None if v is None else (v.value if isinstance(v, Enum) else str(v)) for v in values
            ]
            series.append(plr.Series(name, text, dtype=plr.String))
    frame: pl.DataFrame = plr.DataFrame(series)
    return frame


def _money_scale(currencies: Iterable[str | None]) -> int:
    return max((currency_precision(code) for code in set(currencies) if code), default=0)


def _decisions(decisions: Any) -> list[Decision]:
    from .decisions import Decision

    if isinstance(decisions, Decision):
        return [decisions]
    if isinstance(decisions, str | bytes | Mapping) or not isinstance(decisions, Iterable):
        raise InvalidType("decisions", decisions, "an iterable of Decision")
    items = list(decisions)
    for index, item in enumerate(items):
        if not isinstance(item, Decision):
            raise InvalidType(f"decisions[{index}]", item, "Decision")
    return items


_DECISION_KINDS = {
    "claim_id": "str",
    "as_of": "date",
    "action": "str",
    "on": "date",
    "due_now": "bool",
    "channel": "str",
    "step": "str",
    "tone": "str",
    "deadline": "date",
    "segment": "str",
    "policy": "str",
    "currency": "str",
    "principal": "decimal",
    "interest": "decimal",
    "indemnity": "decimal",
    "penalty": "decimal",
    "total": "decimal",
    "reasons": "list",
    "reason_codes": "list",
}


def decisions_to_frame(decisions: Iterable[Decision], *, floats: bool = False) -> pl.DataFrame:
    """One row per decision: what, when, how, the amounts due and the reasons.

    Columns: ``claim_id``, ``as_of``, ``action``, ``on``, ``due_now``, ``channel``,
    ``step``, ``tone``, ``deadline``, ``segment``, ``policy``, ``currency``, ``principal``,
    ``interest``, ``indemnity``, ``penalty``, ``total`` (exact decimals, null when the
    decision carries no amounts), ``reasons`` (each as ``message [citation]``) and
    ``reason_codes``.

    Examples:
        >>> from recouvrement.decisions import next_actions
        >>> from recouvrement.sample import load_sample
        >>> sample = load_sample()
        >>> frame = decisions_to_frame(next_actions(sample.claims, as_of=sample.as_of))
        >>> frame.shape
        (200, 19)
        >>> frame.filter(frame["action"] == "close").height > 0
        True
    """
    items = _decisions(decisions)
    columns: dict[str, list[Any]] = {name: [] for name in _DECISION_KINDS}
    for d in items:
        a = d.amounts
        row: dict[str, Any] = {
            "claim_id": d.claim_id,
            "as_of": d.as_of,
            "action": d.action,
            "on": d.on,
            "due_now": d.due_now,
            "channel": d.channel,
            "step": d.step,
            "tone": d.tone,
            "deadline": d.deadline,
            "segment": d.segment,
            "policy": d.policy,
            "currency": None if a is None else a.total.currency,
            "principal": None if a is None else a.principal.amount,
            "interest": None if a is None else a.interest.amount,
            "indemnity": None if a is None else a.indemnity.amount,
            "penalty": None if a is None else a.penalty.amount,
            "total": None if a is None else a.total.amount,
            "reasons": [str(r) for r in d.reasons],
            "reason_codes": [r.code for r in d.reasons],
        }
        for name, value in row.items():
            columns[name].append(value)
    scale = _money_scale(columns["currency"])
    return to_frame(columns, kinds=_DECISION_KINDS, floats=floats, scale=scale)


_DEBTOR_ACTION_KINDS = {
    "debtor_id": "str",
    "as_of": "date",
    "action": "str",
    "on": "date",
    "channel": "str",
    "step": "str",
    "tone": "str",
    "claim_ids": "list",
    "also_overdue": "list",
    "currency": "str",
    "total": "decimal",
    "reasons": "list",
}


def debtor_actions_to_frame(
    actions: Iterable[DebtorAction], *, floats: bool = False
) -> pl.DataFrame:
    """One row per debtor's grouped communication (`debtor_actions`).

    Columns: ``debtor_id``, ``as_of``, ``action``, ``on``, ``channel``, ``step``, ``tone``,
    ``claim_ids`` and ``also_overdue`` (lists), ``currency``, ``total`` (exact decimal) and
    ``reasons``. Each debtor's claim-by-claim decisions are in ``action.to_frame()``.

    Examples:
        >>> from recouvrement.decisions import debtor_actions
        >>> from recouvrement.sample import load_sample
        >>> sample = load_sample()
        >>> debtor_actions_to_frame(debtor_actions(sample.claims, as_of=sample.as_of)).height
        40
    """
    from .decisions import DebtorAction

    if isinstance(actions, str | bytes | Mapping) or not isinstance(actions, Iterable):
        raise InvalidType("actions", actions, "an iterable of DebtorAction")
    columns: dict[str, list[Any]] = {name: [] for name in _DEBTOR_ACTION_KINDS}
    for index, a in enumerate(actions):
        if not isinstance(a, DebtorAction):
            raise InvalidType(f"actions[{index}]", a, "DebtorAction")
        row: dict[str, Any] = {
            "debtor_id": a.debtor_id,
            "as_of": a.as_of,
            "action": a.action,
            "on": a.on,
            "channel": a.channel,
            "step": a.step,
            "tone": a.tone,
            "claim_ids": list(a.claim_ids),
            "also_overdue": list(a.also_overdue),
            "currency": None if a.total is None else a.total.currency,
            "total": None if a.total is None else a.total.amount,
            "reasons": [str(r) for r in a.reasons],
        }
        for name, value in row.items():
            columns[name].append(value)
    scale = _money_scale(columns["currency"])
    return to_frame(columns, kinds=_DEBTOR_ACTION_KINDS, floats=floats, scale=scale)


_AGING_KINDS = {
    "bucket": "str",
    "days_from": "int",
    "days_to": "int",
    "as_of": "date",
    "currency": "str",
    "amount": "decimal",
    "share": "decimal",
}


def aging_to_frame(
    balance: AgingBalance | Mapping[str, AgingBalance], *, floats: bool = False
) -> pl.DataFrame:
    """One row per bucket: ``not_due`` first, then the past-due buckets, youngest first.

    Columns: ``bucket`` (``"not_due"``, ``"1-30"``...), ``days_from`` and ``days_to``
    (days past due, inclusive; null for ``not_due`` and for the open-ended last bucket),
    ``as_of``, ``currency``, ``amount`` (exact) and ``share`` (of the total, 0 to 1, four
    decimals; null when the total is not positive). A mapping currency -> balance gives
    the rows of each currency in turn.

    Examples:
        >>> from recouvrement.kpi.aging import aging
        >>> from recouvrement.sample import sample_claim
        >>> frame = aging_to_frame(aging([sample_claim()], as_of="2025-06-30"))
        >>> frame.select("bucket", "days_from", "days_to", "amount").rows()[-2:]
        [('61-90', 61, 90, Decimal('0.00')), ('>90', 91, None, Decimal('1500.00'))]
    """
    from .kpi.aging import AgingBalance

    balances: list[AgingBalance]
    if isinstance(balance, AgingBalance):
        balances = [balance]
    elif isinstance(balance, Mapping):
        balances = [b for _, b in sorted(balance.items())]
        for b in balances:
            if not isinstance(b, AgingBalance):
                raise InvalidType("balance", b, "AgingBalance")
    else:
        raise InvalidType("balance", balance, "AgingBalance or a mapping currency -> AgingBalance")
    columns: dict[str, list[Any]] = {name: [] for name in _AGING_KINDS}
    for b in balances:
        lows = [None, 1, *(bound + 1 for bound in b.bounds)]
        highs = [None, *b.bounds, None]
        for (label, money, share), low, high in zip(_aging_rows(b), lows, highs, strict=True):
            columns["bucket"].append("not_due" if label == "not due" else label)
            columns["days_from"].append(low)
            columns["days_to"].append(high)
            columns["as_of"].append(b.as_of)
            columns["currency"].append(b.currency)
            columns["amount"].append(money.amount)
            columns["share"].append(share)
    scales = {"amount": _money_scale(columns["currency"]), "share": 4}
    return to_frame(columns, kinds=_AGING_KINDS, floats=floats, scale=scales)


_TREND_MONEY = ("sales", "receivables", "current_receivables")


def _kpi_rows(rows: Any) -> list[MonthlyKpis]:
    from .kpi.portfolio import MonthlyKpis

    if isinstance(rows, MonthlyKpis):
        return [rows]
    if isinstance(rows, str | bytes | Mapping) or not isinstance(rows, Iterable):
        raise InvalidType("rows", rows, "an iterable of MonthlyKpis")
    items = list(rows)
    for index, item in enumerate(items):
        if not isinstance(item, MonthlyKpis):
            raise InvalidType(f"rows[{index}]", item, "MonthlyKpis")
    return items


def trend_to_frame(rows: Iterable[MonthlyKpis], *, floats: bool = False) -> pl.DataFrame:
    """One row per month of a KPI trend (`Portfolio.trend`).

    Columns: ``month`` (``"YYYY-MM"``), ``as_of`` (the month's last day), ``currency``,
    ``sales``, ``receivables``, ``current_receivables`` (exact amounts), then the figures as
    exact decimals, null when undefined: ``dso``, ``best_possible_dso``,
    ``average_days_delinquent``, ``dso_countback`` (days), ``cei`` (percent),
    ``weighted_days_to_pay``, ``weighted_days_late`` (days), ``recovery_rate``,
    ``cost_of_recovery`` (percent).

    Examples:
        >>> from recouvrement.kpi.portfolio import Portfolio
        >>> from recouvrement.sample import load_sample
        >>> months = Portfolio(load_sample().claims).trend(start="2026-01", end="2026-03")
        >>> frame = trend_to_frame(months)
        >>> frame.shape, frame.get_column("receivables").to_list()[-1]
        ((3, 15), Decimal('121076.78'))
        >>> frame.get_column("dso").to_list()[-1] == months[-1].dso
        True
    """
    items = _kpi_rows(rows)
    kinds = {"month": "str", "as_of": "date", "currency": "str"}
    kinds.update(dict.fromkeys(_TREND_MONEY, "decimal"))
    kinds.update((name, "decimal") for name, _, _ in _KPI_FIELDS)
    currencies = [k.sales.currency for k in items]
    columns: dict[str, list[Any]] = {
        "month": [k.month for k in items],
        "as_of": [k.as_of for k in items],
        "currency": currencies,
    }
    columns.update((name, [getattr(k, name).amount for k in items]) for name in _TREND_MONEY)
    columns.update((name, [getattr(k, name) for k in items]) for name, _, _ in _KPI_FIELDS)
    scales = dict.fromkeys(_TREND_MONEY, _money_scale(currencies))
    return to_frame(columns, kinds=kinds, floats=floats, scale=scales)


# ProfileMetrics field annotations (strings under ``from __future__ import annotations``).
_METRIC_KINDS = {
    "int": "int",
    "bool": "bool",
    "str": "str",
    "pendulum.Date": "date",
    "Money": "decimal",
    "Decimal | None": "decimal",
}


def profiles_to_frame(
    profiles: Mapping[str, DebtorProfile] | Iterable[DebtorProfile], *, floats: bool = False
) -> pl.DataFrame:
    """One row per debtor: segment, rule, score and every `ProfileMetrics` field, typed.

    Columns: ``debtor_id``, ``as_of``, ``segment``, ``rule``, ``score``, then the metrics
    in their order (``window_start`` a date, ``currency`` a string, counts ``Int64``,
    flags ``Boolean``, shares, averages and the amounts exact decimals in ``currency``).

    Examples:
        >>> from recouvrement.profiling import profile_debtors
        >>> from recouvrement.sample import load_sample
        >>> sample = load_sample()
        >>> frame = profiles_to_frame(profile_debtors(sample.claims, as_of=sample.as_of))
        >>> frame.height, frame.columns[:5]
        (40, ['debtor_id', 'as_of', 'segment', 'rule', 'score'])
    """
    import attrs

    from .profiling import ProfileMetrics

    items = _profiles(profiles)
    kinds = {"debtor_id": "str", "as_of": "date", "segment": "str", "rule": "str", "score": "int"}
    columns: dict[str, list[Any]] = {
        "debtor_id": [p.debtor_id for p in items],
        "as_of": [p.as_of for p in items],
        "segment": [p.segment for p in items],
        "rule": [p.rule for p in items],
        "score": [p.score for p in items],
    }
    money: list[str] = []
    for field in attrs.fields(ProfileMetrics):
        if field.name == "as_of":
            continue
        kinds[field.name] = _METRIC_KINDS.get(str(field.type), "decimal")
        if str(field.type) == "Money":
            money.append(field.name)
            columns[field.name] = [getattr(p.metrics, field.name).amount for p in items]
        else:
            columns[field.name] = [getattr(p.metrics, field.name) for p in items]
    scales = dict.fromkeys(money, _money_scale(columns["currency"]))
    return to_frame(columns, kinds=kinds, floats=floats, scale=scales)


_CONTRIBUTION_KINDS = {
    "debtor_id": "str",
    "name": "str",
    "metric": "str",
    "value": "str",
    "weight": "decimal",
    "cap": "decimal",
    "points": "decimal",
    "explanation": "str",
}


def contributions_to_frame(profile: DebtorProfile, *, floats: bool = False) -> pl.DataFrame:
    """One row per term of a debtor's score (those worth points).

    Columns: ``debtor_id``, ``name``, ``metric``, ``value`` (the metric's value as exact
    text: it may be a decimal, a count or a flag), ``weight``, ``cap``, ``points`` (exact
    decimals) and ``explanation``.

    Examples:
        >>> from recouvrement.profiling import profile_debtors
        >>> from recouvrement.sample import load_sample
        >>> sample = load_sample()
        >>> profile = profile_debtors(sample.claims, as_of=sample.as_of)["D0008"]
        >>> contributions_to_frame(profile).select("name", "value", "points").row(0)
        ('delay', '53.0', Decimal('26.5000'))
    """
    (p,) = _profiles(profile)
    rows = p.contributions
    columns: dict[str, list[Any]] = {
        "debtor_id": [p.debtor_id] * len(rows),
        "name": [c.name for c in rows],
        "metric": [c.metric for c in rows],
        "value": [None if c.value is None else str(c.value) for c in rows],
        "weight": [c.weight for c in rows],
        "cap": [c.cap for c in rows],
        "points": [c.points for c in rows],
        "explanation": [c.explanation for c in rows],
    }
    return to_frame(columns, kinds=_CONTRIBUTION_KINDS, floats=floats)
